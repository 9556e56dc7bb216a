"""Deterministic output files for simulated runs: a valid tiny PNG, a valid one-page PDF, text."""

from __future__ import annotations

import struct
import zlib


def png_bytes(width: int = 16, height: int = 16) -> bytes:
    """An RGB PNG with a fixed gradient (every decoder accepts it)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    rows = b"".join(
        b"\x00" + b"".join(bytes((x * 16 % 256, y * 16 % 256, 128)) for x in range(width))
        for y in range(height)
    )
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows, 9))
        + chunk(b"IEND", b"")
    )


def pdf_bytes(text: str) -> bytes:
    """A one-page PDF 1.4 showing ``text`` (ASCII), with a correct cross-reference table."""
    safe = "".join(c for c in text if 32 <= ord(c) < 127)
    safe = safe.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    content = f"BT /F1 12 Tf 20 50 Td ({safe}) Tj ET".encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 100] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def output_bytes(path: str, workflow_name: str) -> bytes:
    """The content the double gives the output file ``path`` of ``workflow_name``."""
    lower = path.lower()
    if lower.endswith(".png"):
        return png_bytes()
    if lower.endswith(".pdf"):
        return pdf_bytes(f"{path} of {workflow_name} (REANA test double)")
    return f"{path} of {workflow_name}, simulated by the REANA test double\n".encode()
