"""Where an upload's bytes go: straight to its file, with the MD5 computed on the way.

Nothing else per chunk (tornado hands over ~1 MiB at a time), so memory stays flat whatever the
size. Hashing in a worker thread was tried and was slower on a 2-CPU machine, where the client,
the event loop and the worker compete for the same cores.
"""

from __future__ import annotations

import hashlib
from pathlib import Path


class ContentSink:
    def __init__(self, path: Path):
        self.path = path
        self.size = 0
        self._file = path.open("wb")
        self._md5 = hashlib.md5(usedforsecurity=False)

    def add(self, chunk: bytes) -> None:
        self._file.write(chunk)
        self._md5.update(chunk)
        self.size += len(chunk)

    def finish(self) -> str:
        """Close the file; the MD5 (hex) of everything added."""
        self._file.close()
        return self._md5.hexdigest()

    def discard(self) -> None:
        self._file.close()
        self.path.unlink(missing_ok=True)
