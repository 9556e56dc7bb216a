"""The one way a file is replaced: written under a unique temporary name in its folder, renamed
over the target only when complete, so readers see the old file or the whole new one, never a
part. The temporary comes from `tempfile` (`O_EXCL`, unpredictable), so a planted file or link
there is never opened. Paths a user names go through the confined API in `files.py`, which
checks them and then writes through here."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO


@contextmanager
def replacing(target: Path, mode: int = 0o644, durable: bool = False) -> Iterator[IO[bytes]]:
    """A new binary file for `target` with permissions `mode`; renamed into place when the block
    ends without an error (after an fsync when `durable`), removed otherwise."""
    fd, temporary = tempfile.mkstemp(
        dir=target.parent, prefix=f".{target.name[:50]}.", suffix=".part"
    )
    try:
        with os.fdopen(fd, "w+b") as f:
            yield f
            os.fchmod(f.fileno(), mode)
            if durable:
                f.flush()
                os.fsync(f.fileno())
        os.replace(temporary, target)
    finally:
        if os.path.lexists(temporary):
            os.unlink(temporary)


def replace_file(target: Path, data: bytes | str, mode: int = 0o644, durable: bool = False) -> None:
    """`target` now holds `data` (text is written as UTF-8), all at once."""
    with replacing(target, mode, durable) as f:
        f.write(data.encode() if isinstance(data, str) else data)
