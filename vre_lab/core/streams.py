"""Moving file content without holding it in memory: uploads that report progress, backend
responses as chunks (written to disk by `core.files.write_atomic`)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import IO

import requests

from .http import backend_errors

CHUNK = 1024 * 1024


class CountingReader:
    """A file wrapper that reports bytes read, so requests streams it and progress is known."""

    def __init__(self, file: IO[bytes], size: int, report: Callable[[int], None]):
        self._file = file
        self._size = size
        self._report = report

    def __len__(self) -> int:
        return self._size

    def read(self, amount: int = -1) -> bytes:
        data = self._file.read(CHUNK if amount is None or amount < 0 else max(amount, CHUNK))
        if data:
            self._report(len(data))
        return data


def response_chunks(response: requests.Response, service: str) -> Iterator[bytes]:
    with response, backend_errors(service):
        yield from response.iter_content(CHUNK)
