"""Pages over Rucio's streamed listings, never holding a whole result set nor an open stream.

A page at `offset` is served from a bounded buffer of rows. To fill it, the listing is opened
with a server-side limit, the rows before `offset` are skipped, a chunk is read and the response
is closed at once, so Rucio stops producing and no worker of it waits on an unread socket. The
chunk grows with the offset (up to `max_chunk` rows), so scrolling through n results costs about
log(n) listings while they are few and one per `max_chunk` rows beyond. The cursor carries only
a digest of the listing's key and the offset: any server, at any later time, continues it
exactly, and a listing is never silently cut: `next_cursor` is None only when it is exhausted.
"""

from __future__ import annotations

import base64
import hashlib
import json
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import islice

from ..core.errors import BadRequest

# open_rows(limit) -> the listing's first `limit` rows (at most), closed when the iteration stops
OpenRows = Callable[[int], Iterator]


@dataclass
class _Buffer:
    start: int
    rows: list
    exhausted: bool  # the listing ends with these rows
    used: float = field(default_factory=time.monotonic)

    def covers(self, offset: int, size: int) -> bool:
        """Holds rows [offset, offset+size] (one past the page tells if more exist)."""
        end = self.start + len(self.rows)
        return self.start <= offset and (self.exhausted or offset + size + 1 <= end)


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()[:24]


def _encode(key: str, offset: int) -> str:
    raw = json.dumps({"k": _digest(key), "o": offset}).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode(cursor: str) -> tuple[str, int]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        data = json.loads(raw)
        key, offset = data["k"], data["o"]
        if not isinstance(key, str) or not isinstance(offset, int) or isinstance(offset, bool):
            raise TypeError
        if offset < 0:
            raise ValueError
    except (ValueError, TypeError, KeyError) as e:
        raise BadRequest(
            "The cursor is not valid; start the listing again", code="bad_cursor"
        ) from e
    return key, offset


class Pager:
    """Buffers of recently paged listings: at most `capacity`, each of at most `max_chunk` rows,
    each forgotten `ttl` seconds after its last use."""

    def __init__(self, capacity: int = 32, ttl: float = 600.0, max_chunk: int = 5000):
        self.capacity = capacity
        self.ttl = ttl
        self.max_chunk = max_chunk
        self._buffers: OrderedDict[str, _Buffer] = OrderedDict()
        self._lock = threading.Lock()

    def page(
        self, key: str, open_rows: OpenRows, size: int, cursor: str | None = None
    ) -> tuple[list, str | None]:
        """Rows `[offset, offset+size)` of the listing `key` and the cursor of the next page
        (None when the listing is exhausted). Blocking: run it off the event loop."""
        offset = 0
        if cursor:
            cursor_key, offset = _decode(cursor)
            if cursor_key != _digest(key):
                raise BadRequest("The cursor belongs to another listing", code="bad_cursor")
        # a new search always asks Rucio: only a continuation may be served from the buffer
        buffer = self._cached(key, offset, size) if cursor else None
        if buffer is None:
            buffer = self._read(open_rows, offset, max(size + 1, min(offset, self.max_chunk)))
            self._keep(key, buffer)
        first = offset - buffer.start
        rows = buffer.rows[first : first + size]
        more = first + size < len(buffer.rows) or not buffer.exhausted
        return rows, _encode(key, offset + len(rows)) if more and rows else None

    def discard(self, cursor: str) -> None:
        """Forget the buffer of a listing the caller will not continue."""
        digest, _ = _decode(cursor)
        with self._lock:
            for key in [k for k in self._buffers if _digest(k) == digest]:
                del self._buffers[key]

    def _cached(self, key: str, offset: int, size: int) -> _Buffer | None:
        with self._lock:
            limit = time.monotonic() - self.ttl
            for stale in [k for k, b in self._buffers.items() if b.used < limit]:
                del self._buffers[stale]
            buffer = self._buffers.get(key)
            if buffer is None or not buffer.covers(offset, size):
                return None
            buffer.used = time.monotonic()
            self._buffers.move_to_end(key)
            return buffer

    def _keep(self, key: str, buffer: _Buffer) -> None:
        with self._lock:
            self._buffers[key] = buffer
            self._buffers.move_to_end(key)
            while len(self._buffers) > self.capacity:
                self._buffers.popitem(last=False)

    @staticmethod
    def _read(open_rows: OpenRows, offset: int, chunk: int) -> _Buffer:
        rows_iter = open_rows(offset + chunk)
        try:
            skipped = sum(1 for _ in islice(rows_iter, offset))
            rows = list(islice(rows_iter, chunk)) if skipped == offset else []
        finally:
            close = getattr(rows_iter, "close", None)
            if close is not None:
                close()
        return _Buffer(offset, rows, exhausted=len(rows) < chunk)
