"""Pages over Rucio's streamed listings, without ever holding a whole result set.

A listing (a search, the files of a dataset) is one streamed response from Rucio. The first page
opens it and keeps the open stream under a random cursor; the next page continues the same
stream. If the stream is gone (expired, evicted, another server), the listing is opened again and
the rows already shown are skipped, so a cursor never silently loses or repeats results.
"""

from __future__ import annotations

import base64
import json
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import islice

from ..core.errors import BadRequest

_END = object()


@dataclass
class _Stream:
    key: str
    rows: Iterator
    offset: int = 0
    lookahead: object = _END
    used: float = field(default_factory=time.monotonic)
    lock: threading.Lock = field(default_factory=threading.Lock)


def _encode(stream_id: str, key: str, offset: int) -> str:
    raw = json.dumps({"s": stream_id, "k": key, "o": offset}).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode(cursor: str) -> tuple[str, str, int]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        data = json.loads(raw)
        stream_id, key, offset = data["s"], data["k"], data["o"]
        if not (isinstance(stream_id, str) and isinstance(key, str) and isinstance(offset, int)):
            raise TypeError
        if offset < 0:
            raise ValueError
    except (ValueError, TypeError, KeyError) as e:
        raise BadRequest(
            "The cursor is not valid; start the listing again", code="bad_cursor"
        ) from e
    return stream_id, key, offset


def _close(stream: _Stream) -> None:
    close = getattr(stream.rows, "close", None)
    if close is not None and stream.lock.acquire(blocking=False):  # not while a page reads it
        try:
            close()
        finally:
            stream.lock.release()


class Pager:
    """Open listings by cursor; at most `capacity` kept, each for `ttl` seconds after last use."""

    def __init__(self, capacity: int = 64, ttl: float = 600.0):
        self.capacity = capacity
        self.ttl = ttl
        self._streams: OrderedDict[str, _Stream] = OrderedDict()
        self._lock = threading.Lock()

    def page(
        self, key: str, open_rows: Callable[[], Iterator], size: int, cursor: str | None = None
    ) -> tuple[list, str | None]:
        """Rows `[offset, offset+size)` of the listing `key` and the cursor of the next page
        (None when the listing is exhausted). Blocking: run it off the event loop."""
        if cursor:
            stream_id, cursor_key, offset = _decode(cursor)
            if cursor_key != key:
                raise BadRequest("The cursor belongs to another listing", code="bad_cursor")
        else:
            stream_id, offset = secrets.token_urlsafe(12), 0
        stream = self._take(stream_id, key, offset)
        if stream is None:
            stream = _Stream(key, iter(open_rows()))
            self._skip(stream, offset)
        with stream.lock:
            rows = self._read(stream, size)
            more = self._peek(stream)
        if not more:
            return rows, None
        self._keep(stream_id, stream)
        return rows, _encode(stream_id, key, stream.offset)

    def discard(self, cursor: str) -> None:
        """Close a listing the caller will not continue (its open response to Rucio too)."""
        stream_id, _, _ = _decode(cursor)
        with self._lock:
            stream = self._streams.pop(stream_id, None)
        if stream is not None:
            _close(stream)

    def _take(self, stream_id: str, key: str, offset: int) -> _Stream | None:
        with self._lock:
            self._expire()
            stream = self._streams.pop(stream_id, None)
        if stream is not None and stream.key == key and stream.offset == offset:
            return stream
        return None

    def _keep(self, stream_id: str, stream: _Stream) -> None:
        stream.used = time.monotonic()
        with self._lock:
            self._streams[stream_id] = stream
            while len(self._streams) > self.capacity:
                _close(self._streams.popitem(last=False)[1])

    def _expire(self) -> None:
        limit = time.monotonic() - self.ttl
        for stream_id in [s for s, stream in self._streams.items() if stream.used < limit]:
            _close(self._streams.pop(stream_id))

    @staticmethod
    def _skip(stream: _Stream, count: int) -> None:
        skipped = sum(1 for _ in islice(stream.rows, count))
        stream.offset = skipped

    @staticmethod
    def _read(stream: _Stream, size: int) -> list:
        rows = []
        if stream.lookahead is not _END:
            rows.append(stream.lookahead)
            stream.lookahead = _END
        rows.extend(islice(stream.rows, size - len(rows)))
        stream.offset += len(rows)
        return rows

    @staticmethod
    def _peek(stream: _Stream) -> bool:
        stream.lookahead = next(stream.rows, _END)
        return stream.lookahead is not _END
