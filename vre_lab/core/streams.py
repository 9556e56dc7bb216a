"""Moving file content without holding it in memory: uploads that report progress, downloads that
never leave a partial file looking complete."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO

import requests

from .http import backend_errors
from .job_runner import JobCancelled

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


def file_chunks(path: Path) -> Iterator[bytes]:
    with path.open("rb") as f:
        while chunk := f.read(CHUNK):
            yield chunk


def write_partial(
    target: Path, chunks: Iterable[bytes], cancelled: Callable[[], bool] = lambda: False
) -> int:
    """Write into a hidden `.part` next to `target`, renamed only when complete; returns bytes."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.part")
    written = 0
    try:
        with partial.open("wb") as f:
            for chunk in chunks:
                if cancelled():
                    raise JobCancelled()
                f.write(chunk)
                written += len(chunk)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return written
