"""Logs followed by cursor: `GET .../logs` answers a `cursor`, and `?since=<cursor>` answers only
what each log gained since (docs: vre_lab/openapi.yaml, getWorkflowLogs).

A cursor is opaque to the browser: base64url of a version byte, then per log a 4-byte key (a hash
of the step's id), the offset already sent (a varint: bytes of a local file, characters of a
REANA log) and a 4-byte hash of the 32 bytes before it. A log whose offset lies past its end, or
whose bytes before it changed (truncated, rotated, another run's cursor), starts again from its
tail. Reading a local file from a cursor costs a stat and 32 bytes when nothing is new, whatever
the file's size."""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..core.errors import BadRequest

MAX_SINCE = 8192  # characters: a query parameter that proxies (16 KiB headers) let through
MAX_LOGS = 500  # logs a cursor follows (the engine log and the latest steps): about 8,000 chars
TAIL = 2 * 1024 * 1024  # the most a log's first answer (or one burst) sends
_VERSION = 1
_BEFORE = 32  # bytes before an offset that its fingerprint covers
_WORKFLOW_KEY = "\0workflow"


@dataclass(frozen=True)
class Mark:
    offset: int
    fingerprint: bytes


@dataclass(frozen=True)
class Piece:
    text: str
    continued: bool  # True: `text` follows what the cursor's answer gave; False: it replaces it
    mark: Mark


Reader = Callable[[Mark | None], Piece]


def _key(log_id: str) -> bytes:
    return hashlib.blake2b(log_id.encode("utf-8", "surrogatepass"), digest_size=4).digest()


def _fingerprint(before: bytes) -> bytes:
    return hashlib.blake2b(before[-_BEFORE:], digest_size=4).digest()


def _bad(why: str) -> BadRequest:
    return BadRequest(f"since is not a cursor of these logs ({why}); leave it out to start over")


def parse(since: str | None) -> dict[bytes, Mark]:
    """The marks of a cursor; a clear 400 for anything this module did not write."""
    if not since:
        return {}
    if len(since) > MAX_SINCE:
        raise _bad(f"longer than {MAX_SINCE} characters")
    try:
        raw = base64.urlsafe_b64decode(since + "=" * (-len(since) % 4))
    except (binascii.Error, ValueError):
        raise _bad("not base64url") from None
    if base64.urlsafe_b64encode(raw).decode().rstrip("=") != since.rstrip("="):
        raise _bad("not base64url")
    if not raw or raw[0] != _VERSION:
        raise _bad("unknown version")
    marks: dict[bytes, Mark] = {}
    at = 1
    while at < len(raw):
        key = raw[at : at + 4]
        offset, shift, at = 0, 0, at + 4
        while True:
            if at >= len(raw) or shift > 56:
                raise _bad("cut short")
            byte = raw[at]
            offset |= (byte & 0x7F) << shift
            at, shift = at + 1, shift + 7
            if not byte & 0x80:
                break
        fingerprint = raw[at : at + 4]
        at += 4
        if len(key) < 4 or len(fingerprint) < 4:
            raise _bad("cut short")
        if key in marks:
            raise _bad("a log twice")
        marks[key] = Mark(offset, fingerprint)
    return marks


def dump(marks: dict[bytes, Mark]) -> str:
    raw = bytearray([_VERSION])
    for key, mark in marks.items():
        raw += key
        offset = mark.offset
        while offset >= 0x80:
            raw.append(offset & 0x7F | 0x80)
            offset >>= 7
        raw.append(offset)
        raw += mark.fingerprint
    return base64.urlsafe_b64encode(bytes(raw)).decode().rstrip("=")


def _whole_chars(data: bytes, *, at_start: bool) -> tuple[int, int]:
    """(bytes to skip at the start, bytes to hold back at the end) so that `data` is whole UTF-8
    characters: a tail may start inside one, a file being written may end inside one."""
    skip = 0
    if at_start:
        while skip < min(3, len(data)) and 0x80 <= data[skip] < 0xC0:
            skip += 1
    for back in range(1, min(4, len(data) - skip) + 1):
        byte = data[-back]
        if byte < 0x80:
            return skip, 0
        if byte >= 0xC0:
            needed = 2 if byte < 0xE0 else 3 if byte < 0xF0 else 4
            return skip, back if needed > back else 0
    return skip, 0


def _left_out(count: int, unit: str, first: bool) -> str:
    which = "first" if first else "next"
    return f"[… the {which} {count} {unit} of this log are left out …]\n"


def read_file(path: Path, mark: Mark | None, tail: int = TAIL) -> Piece:
    """What a log file gained after `mark` (at most its last `tail` bytes), or its tail."""
    try:
        with open(path, "rb") as f:
            size = os.fstat(f.fileno()).st_size
            continued = False
            if mark is not None and mark.offset <= size:
                f.seek(max(0, mark.offset - _BEFORE))
                before = f.read(min(_BEFORE, mark.offset))
                continued = _fingerprint(before) == mark.fingerprint
            origin = mark.offset if continued else 0
            start = max(origin, size - tail)
            f.seek(start)
            data = f.read(size - start)
    except FileNotFoundError:
        return Piece("", mark is not None and mark.offset == 0, Mark(0, _fingerprint(b"")))
    skip, back = _whole_chars(data, at_start=start > origin)
    end = start + len(data) - back
    text = data[skip : len(data) - back].decode("utf-8", errors="replace")
    if start + skip > origin:
        text = _left_out(start + skip - origin, "bytes", not continued) + text
    if len(data) - back >= _BEFORE:
        before = data[: len(data) - back][-_BEFORE:]
    else:  # little new: the bytes before the end lie partly before what was read
        with open(path, "rb") as again:
            again.seek(max(0, end - _BEFORE))
            before = again.read(min(_BEFORE, end))
    return Piece(text, continued, Mark(end, _fingerprint(before)))


def _encoded(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")


def read_text(text: str, mark: Mark | None, tail: int = TAIL) -> Piece:
    """The same for a log held whole in memory (REANA answers whole logs): offsets count
    characters, so nothing before the cursor is encoded or sent again."""
    size = len(text)
    continued = (
        mark is not None
        and mark.offset <= size
        and _fingerprint(_encoded(text[max(0, mark.offset - _BEFORE) : mark.offset]))
        == mark.fingerprint
    )
    origin = mark.offset if continued else 0
    start = max(origin, size - tail)
    part = text[start:]
    if start > origin:
        part = _left_out(start - origin, "characters", not continued) + part
    end = _fingerprint(_encoded(text[max(0, size - _BEFORE) :]))
    return Piece(part, continued, Mark(size, end))


def answer(since: str | None, workflow_log: Reader, steps: list[tuple[dict, Reader]]) -> dict:
    """The logs route's answer: each log from `since` on, with the cursor of this answer.

    `steps` are (the step's fields with its `id`, its log's reader). The cursor follows the
    engine log and the last MAX_LOGS - 1 steps; earlier steps of a larger workflow come whole
    (their tails) every time."""
    marks = parse(since)
    kept: dict[bytes, Mark] = {}
    first = len(steps) - (MAX_LOGS - 1)

    def follow(log_id: str, reader: Reader, keep: bool) -> Piece:
        key = _key(log_id)
        piece = reader(marks.get(key) if keep else None)
        if keep:
            kept[key] = piece.mark
        return piece

    engine = follow(_WORKFLOW_KEY, workflow_log, True)
    answered = []
    for index, (fields, reader) in enumerate(steps):
        piece = follow(str(fields["id"]), reader, index >= first)
        answered.append({**fields, "log": piece.text, "log_continued": piece.continued})
    return {
        "workflow_log": engine.text,
        "workflow_log_continued": engine.continued,
        "steps": answered,
        "cursor": dump(kept),
    }
