"""Pages over Rucio's streamed listings: each row read from Rucio about once, whatever the depth.

Rucio's listings have no offset and no key to continue from (`name` filters take only `=`/`!=`,
rows come in no set order), so a listing can only be continued by reading it. Hence:

- A page no spool holds (the first page of a search; a cursor no spool covers, as after a
  restart) is read as a direct call would: the listing opened with a server-side limit of one
  row more than the page, the rows before the offset skipped as raw lines (no JSON parsing),
  the response closed at once, so Rucio produces no more than that.
- After a continuation, a spool: a reader thread opens the listing once with a limit of
  `offset + window` rows, skips to the offset and writes the rest, as Rucio sends them, to an
  unlinked temporary file, reading as fast as Rucio produces, so no Rucio worker ever waits on
  an unread socket. The following pages are read from that file while the reader goes on. A
  page beyond the spool starts the next one, with a window of at least three times its offset.
  Scrolling through N rows makes Rucio produce each row about once while N is within the first
  window (100,000 by default) and never more than about 2.3 N rows beyond (each new spool
  re-reads the rows before it). A new search never starts a spool: only scrolling does.
- Bounds: at most `capacity` spools (least recently used first out, idle ones dropped after
  `ttl` seconds, their reader stopped and file closed), each of at most `max_rows` rows and
  `max_bytes` bytes on disk; in memory a spool holds one byte offset per STRIDE rows and the
  reader one batch of rows.
- The cursor carries only a digest of the listing's key and the offset: any server, at any later
  time (after a restart too), continues it exactly, at the cost of a direct call returning the
  rows up to there (and of a spool re-reading them for the pages after). A listing is never cut
  silently: `next_cursor` is None only when it is exhausted.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import tempfile
import threading
import time
from array import array
from collections import OrderedDict
from collections.abc import Callable, Iterator
from itertools import islice

from ..core.errors import BackendTimeout, BadRequest

# open_rows(limit) -> the listing's first `limit` rows at most, each a JSON document as bytes,
# closed when the iteration stops
OpenRows = Callable[[int], Iterator[bytes]]
# how a row (JSON bytes) becomes what the page holds
ParseRow = Callable[[bytes], object]

STRIDE = 64  # rows per entry of a spool's index of byte offsets
BATCH = 256  # rows the reader writes at once
READ_BYTES = 1 << 16
WAIT_SECONDS = 300.0  # a page waits that long for its rows, then a 504


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


def _read_rows(rows_iter: Iterator[bytes], skip: int, count: int) -> list[bytes]:
    """Rows [skip, skip+count) of a listing (the first ones skipped unparsed); closes it."""
    try:
        return list(islice(rows_iter, skip, skip + count))
    finally:
        close = getattr(rows_iter, "close", None)
        if close is not None:
            close()


class Spool:
    """Rows `[start, end_bound)` of one listing in an unlinked file, filled by a reader thread."""

    def __init__(self, start: int, end_bound: int, max_bytes: int, directory: str | None):
        self.start = start
        self.end_bound = end_bound  # the reader stops there at the latest
        self.max_bytes = max_bytes
        self.rows = 0  # rows written (after `start`)
        self.exhausted = False  # the listing ends with these rows
        self.done = False
        self.error: BaseException | None = None
        self.used = time.monotonic()
        self._file = tempfile.TemporaryFile(dir=directory)  # noqa: SIM115 - closed by close()
        self._size = 0
        self._index = array("Q")
        self._closed = False
        self._changed = threading.Condition()

    def fill(self, open_rows: OpenRows) -> None:
        """The reader: open the listing, skip to `start`, write every row until `end_bound`."""
        rows_iter = None
        try:
            rows_iter = open_rows(self.end_bound)
            skipped = 0
            if self.start:
                for _ in rows_iter:
                    skipped += 1
                    if skipped == self.start or self._closed:
                        break
            if skipped < self.start:
                self._finish(exhausted=True)
                return
            wanted = self.end_bound - self.start
            batch: list[bytes] = []
            for line in islice(rows_iter, wanted):  # a listing without a server-side limit too
                batch.append(line)
                if len(batch) >= BATCH:
                    if not self._write(batch):
                        return self._finish(exhausted=False)
                    batch = []
                    if self._closed:
                        return self._finish(exhausted=False)
            if batch and not self._write(batch):
                return self._finish(exhausted=False)
            self._finish(exhausted=self.rows < wanted)
        except BaseException as e:  # handed to the page that waits for the rows
            with self._changed:
                self.error = e
            self._finish(exhausted=False)
        finally:
            if rows_iter is not None and hasattr(rows_iter, "close"):
                rows_iter.close()

    def _write(self, batch: list[bytes]) -> bool:
        """Append rows; False (nothing written) once the spool would pass `max_bytes`."""
        data = b"".join(line + b"\n" for line in batch)
        with self._changed:
            if self._closed or self._size + len(data) > self.max_bytes:
                return False
            position = self._size
            for line in batch:
                if self.rows % STRIDE == 0:
                    self._index.append(position)
                position += len(line) + 1
                self.rows += 1
            os.pwrite(self._file.fileno(), data, self._size)
            self._size = position
            self._changed.notify_all()
        return True

    def _finish(self, exhausted: bool) -> None:
        with self._changed:
            self.exhausted = exhausted and self.error is None
            if not self.exhausted:
                self.end_bound = self.start + self.rows
            self.done = True
            if self._closed:
                self._file.close()
            self._changed.notify_all()

    def serves(self, offset: int, size: int) -> bool:
        """Will hold the page at `offset` (and the row after it, telling if more exist)."""
        if self.error is not None or offset < self.start:
            return False
        return offset + size + 1 <= self.end_bound or (self.done and self.exhausted)

    def page(self, offset: int, size: int, timeout: float) -> tuple[list[bytes], bool] | None:
        """Rows [offset, offset+size) and whether more follow; None when this spool cannot
        tell (it stopped short, or failed: the error is raised)."""
        first = offset - self.start
        with self._changed:
            ready = self._changed.wait_for(
                lambda: self.done or self.rows >= first + size + 1, timeout
            )
            if self.error is not None:
                raise self.error
            if not ready:
                raise BackendTimeout("Rucio did not send the rows of this page in time")
            if self.rows < first + size + 1 and not self.exhausted:
                return None
            self.used = time.monotonic()
            rows = self._read(first, min(size, max(self.rows - first, 0)))
            return rows, first + size < self.rows or not self.exhausted

    def _read(self, first: int, count: int) -> list[bytes]:
        if count <= 0:
            return []
        block = first // STRIDE
        position, skip = self._index[block], first - block * STRIDE
        lines: list[bytes] = []
        pending = b""
        while len(lines) < skip + count and position < self._size:
            chunk = os.pread(self._file.fileno(), min(READ_BYTES, self._size - position), position)
            position += len(chunk)
            parts = (pending + chunk).split(b"\n")
            pending = parts.pop()
            lines.extend(parts)
        return lines[skip : skip + count]

    def close(self) -> None:
        with self._changed:
            self._closed = True
            if self.done:
                self._file.close()
            self._changed.notify_all()


class Pager:
    """Spools of recently continued listings; see the module for the bounds."""

    def __init__(
        self,
        capacity: int = 8,
        ttl: float = 600.0,
        window: int = 100_000,
        max_rows: int = 1_000_000,
        max_bytes: int = 256 << 20,
        directory: str | None = None,
        wait: float = WAIT_SECONDS,
    ):
        self.capacity = capacity
        self.ttl = ttl
        self.window = window
        self.max_rows = max_rows
        self.max_bytes = max_bytes
        self.directory = directory
        self.wait = wait
        self._spools: OrderedDict[str, Spool] = OrderedDict()
        self._lock = threading.Lock()

    def page(
        self,
        key: str,
        open_rows: OpenRows,
        size: int,
        cursor: str | None = None,
        parse: ParseRow = json.loads,
    ) -> tuple[list, str | None]:
        """Rows `[offset, offset+size)` of the listing `key` and the cursor of the next page
        (None when the listing is exhausted). Blocking: run it off the event loop."""
        offset = 0
        if cursor:
            cursor_key, offset = _decode(cursor)
            if cursor_key != _digest(key):
                raise BadRequest("The cursor belongs to another listing", code="bad_cursor")
        found = self._from_spool(key, offset, size) if cursor else None
        if found is None:  # read as a direct call would, then spool the rest for what follows
            lines = _read_rows(open_rows(offset + size + 1), offset, size + 1)
            found = lines[:size], len(lines) > size
            if cursor and found[1]:
                self._start_spool(key, open_rows, offset + size)
        lines, more = found
        rows = [parse(line) for line in lines]
        return rows, _encode(key, offset + len(rows)) if more and rows else None

    def discard(self, cursor: str) -> None:
        """Forget the spool of a listing the caller will not continue."""
        digest, _ = _decode(cursor)
        with self._lock:
            for key in [k for k in self._spools if _digest(k) == digest]:
                self._spools.pop(key).close()

    def close(self) -> None:
        """Stop every reader and close every spool."""
        with self._lock:
            while self._spools:
                self._spools.popitem()[1].close()

    def _from_spool(self, key: str, offset: int, size: int) -> tuple[list[bytes], bool] | None:
        with self._lock:
            limit = time.monotonic() - self.ttl
            for stale in [k for k, s in self._spools.items() if s.used < limit]:
                self._spools.pop(stale).close()
            spool = self._spools.get(key)
            if spool is None or not spool.serves(offset, size):
                return None
            spool.used = time.monotonic()
            self._spools.move_to_end(key)
        return spool.page(offset, size, self.wait)

    def _start_spool(self, key: str, open_rows: OpenRows, offset: int) -> None:
        """A reader of the listing from `offset` (replacing the listing's previous spool)."""
        if self.capacity <= 0:
            return
        window = min(max(self.window, 3 * offset), self.max_rows)
        spool = Spool(offset, offset + window, self.max_bytes, self.directory)
        with self._lock:
            previous = self._spools.pop(key, None)
            if previous is not None:
                previous.close()
            self._spools[key] = spool
            while len(self._spools) > self.capacity:
                self._spools.popitem(last=False)[1].close()
        reader = threading.Thread(
            target=spool.fill, args=(open_rows,), name="vre-lab-listing", daemon=True
        )
        reader.start()
