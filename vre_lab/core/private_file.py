"""A small JSON object kept in a file only its owner can read (credentials users type in).

Every write replaces the file atomically; reads parse it again only when it changed, so other
readers (a kernel, another server) see every change without paying for a parse on every call.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path

from .atomic import replace_file


class PrivateJSONFile:
    def __init__(self, path: str | Path):
        self.path = Path(path).expanduser()
        self._lock = threading.Lock()
        self._cached: tuple[tuple | None, dict] = (None, {})

    def get(self, key: str):
        return self.read().get(key)

    def put(self, key: str, value) -> None:
        with self._lock:
            data = self.read()
            data[key] = value
            self._write(data)

    def forget(self, key: str) -> bool:
        with self._lock:
            data = self.read()
            if data.pop(key, None) is None:
                return False
            self._write(data)
            return True

    def replace(self, data: dict) -> None:
        with self._lock:
            self._write(data)

    def read(self) -> dict:
        try:
            stat = self.path.stat()
        except OSError:
            return {}
        signature = (stat.st_mtime_ns, stat.st_size, stat.st_ino)
        if signature != self._cached[0]:
            try:
                data = json.loads(self.path.read_text())
            except (OSError, ValueError):
                data = {}
            self._cached = (signature, data if isinstance(data, dict) else {})
        return dict(self._cached[1])

    def _write(self, data: dict) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        replace_file(self.path, json.dumps(data), mode=0o600)
