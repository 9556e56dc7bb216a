"""Paging over streamed listings: every row exactly once and read from Rucio about once at any
depth, bounded memory and disk, no stream left open, and a cursor that any server continues."""

import json
import threading
import time

import pytest

from vre_lab.core.errors import BadRequest
from vre_lab.rucio.paging import Pager


class Listing:
    """A streamed listing like Rucio's: rows as JSON lines, honours a server-side limit (unless
    `honours_limit` is off, as Rucio's file listing), counts what it produced, how often it was
    opened and whether every stream was closed; `fail_at` breaks it after that many rows."""

    def __init__(self, size: int, honours_limit: bool = True, fail_at: int | None = None):
        self.size = size
        self.honours_limit = honours_limit
        self.fail_at = fail_at
        self.pulled = 0
        self.limits: list[int] = []
        self.open_streams = 0
        self.gate: threading.Event | None = None  # when set: rows beyond `gate_after` wait
        self.gate_after = 0

    def __call__(self, limit: int):
        self.limits.append(limit)
        self.open_streams += 1
        end = min(self.size, limit) if self.honours_limit else self.size

        def rows():
            try:
                for index in range(end):
                    if self.fail_at is not None and index == self.fail_at:
                        raise ConnectionError("Rucio went away")
                    if self.gate is not None and index >= self.gate_after:
                        self.gate.wait(10)
                    self.pulled += 1
                    yield json.dumps(index).encode()
            finally:
                self.open_streams -= 1

        return rows()


def settle(pager: Pager, timeout: float = 10) -> None:
    """Wait until every reader stopped."""
    deadline = time.monotonic() + timeout
    while any(not spool.done for spool in pager._spools.values()):
        assert time.monotonic() < deadline, "a reader never stopped"
        time.sleep(0.005)


def assert_reader_stopped(listing: Listing, timeout: float = 10) -> None:
    """Open the gated listing's gate: its stream closes before Rucio produced all of it."""
    listing.gate.set()
    deadline = time.monotonic() + timeout
    while listing.open_streams:
        assert time.monotonic() < deadline, "a reader never stopped"
        time.sleep(0.005)
    assert listing.pulled < listing.size


def read_all(pager: Pager, listing: Listing, size: int, key: str = "k") -> list[list[int]]:
    pages, cursor = [], None
    while True:
        rows, cursor = pager.page(key, listing, size, cursor)
        pages.append(rows)
        if cursor is None:
            return pages


def test_scrolling_100000_rows_gives_each_once_and_rucio_produces_each_about_once():
    listing = Listing(100_000)
    pager = Pager(window=10_000)
    pages = read_all(pager, listing, 100)
    assert [row for page in pages for row in page] == list(range(100_000))
    assert len(pages) == 1000
    settle(pager)
    assert listing.pulled <= 2.4 * 100_000
    assert len(listing.limits) <= 8  # two per spool: the page beyond it, then the next spool
    assert listing.open_streams == 0


def test_a_listing_within_the_window_is_opened_three_times_in_all_and_produced_about_once():
    listing = Listing(50_000)
    read_all(Pager(window=100_000), listing, 100)
    assert listing.limits == [101, 201, 200 + 100_000]
    assert listing.pulled == 101 + 201 + 50_000


def test_the_first_page_asks_rucio_for_one_row_more_than_the_page_and_closes_the_stream():
    listing = Listing(100_000)
    rows, cursor = Pager().page("k", listing, 100)
    assert rows == list(range(100))
    assert cursor is not None
    assert listing.limits == [101]
    assert listing.pulled == 101
    assert listing.open_streams == 0


def test_a_page_comes_as_soon_as_its_rows_arrived_while_the_reader_goes_on():
    listing = Listing(10_000)
    listing.gate, listing.gate_after = threading.Event(), 1_000  # Rucio stalls at row 1,000
    pager = Pager()
    _, cursor = pager.page("k", listing, 100)
    _, cursor = pager.page("k", listing, 100, cursor)  # read directly; a spool starts after it
    started = time.monotonic()
    rows, cursor = pager.page("k", listing, 100, cursor)  # from the spool, still reading
    assert rows == list(range(200, 300))
    assert time.monotonic() - started < 5  # not the 10 s the stalled rows take
    assert listing.open_streams == 1
    listing.gate.set()
    rows, _ = pager.page("k", listing, 100, cursor)
    assert rows == list(range(300, 400))
    settle(pager)
    assert listing.open_streams == 0


def test_a_spool_never_holds_more_than_its_row_and_byte_bounds():
    listing = Listing(50_000, honours_limit=False)
    pager = Pager(window=1_000, max_rows=2_000, max_bytes=4_000)
    pages = read_all(pager, listing, 100)
    assert [row for page in pages for row in page] == list(range(50_000))
    for spool in pager._spools.values():
        assert spool.rows <= 2_000
        assert spool._size <= 4_000
    settle(pager)
    assert listing.open_streams == 0


def test_a_listing_without_a_server_side_limit_is_read_only_up_to_the_window():
    listing = Listing(1_000_000, honours_limit=False)
    pager = Pager(window=5_000)
    _, cursor = pager.page("k", listing, 100)
    pager.page("k", listing, 100, cursor)
    settle(pager)
    assert listing.pulled <= 101 + 201 + 200 + 5_000
    assert listing.open_streams == 0


def test_the_last_page_has_no_cursor_and_an_exact_multiple_is_not_followed_by_an_empty_page():
    pages = read_all(Pager(), Listing(300), 100)
    assert [len(page) for page in pages] == [100, 100, 100]


def test_an_empty_listing_is_one_empty_page():
    assert Pager().page("k", Listing(0), 100) == ([], None)


def test_another_server_continues_a_cursor_exactly_by_reading_up_to_it_once():
    listing = Listing(250)
    _, cursor = Pager().page("k", listing, 100)
    rows, cursor = Pager().page("k", listing, 100, cursor)
    assert rows == list(range(100, 200))
    restarted = Pager()
    rows, cursor = restarted.page("k", listing, 100, cursor)
    assert rows == list(range(200, 250))
    assert cursor is None
    assert listing.limits[-1] >= 250


def test_a_cursor_past_the_end_is_an_empty_last_page():
    listing = Listing(10)
    _, cursor = Pager().page("k", Listing(1000), 100)
    assert Pager().page("k", listing, 100, cursor) == ([], None)


def test_a_discarded_listing_is_read_again_when_its_cursor_comes_back():
    listing = Listing(1000)
    pager = Pager()
    _, first = pager.page("k", listing, 100)
    _, second = pager.page("k", listing, 100, first)
    opened = len(listing.limits)
    pager.discard(second)
    assert not pager._spools
    rows, _ = pager.page("k", listing, 100, second)
    assert rows == list(range(200, 300))
    assert listing.limits[opened:] == [301, 300 + 100_000]  # the page, then a spool after it


def test_beyond_capacity_the_least_recently_used_spool_is_closed_and_its_reader_stopped():
    gated = Listing(100_000)
    gated.gate, gated.gate_after = threading.Event(), 500
    pager = Pager(capacity=2)
    for key in ("a", "b", "c"):
        listing = gated if key == "a" else Listing(1_000)
        _, cursor = pager.page(key, listing, 100)
        pager.page(key, listing, 100, cursor)
    assert list(pager._spools) == ["b", "c"]
    assert_reader_stopped(gated)


def test_an_idle_spool_is_dropped_after_its_time_to_live():
    pager = Pager(ttl=0.05)
    _, cursor = pager.page("a", Listing(1_000), 100)
    pager.page("a", Listing(1_000), 100, cursor)
    time.sleep(0.1)
    _, cursor = pager.page("b", Listing(1_000), 100)
    pager.page("b", Listing(1_000), 100, cursor)
    assert list(pager._spools) == ["b"]


def test_a_listing_that_breaks_is_an_error_for_its_page_and_a_retry_reads_it_again():
    broken = Listing(10_000, fail_at=150)
    pager = Pager()
    _, cursor = pager.page("k", Listing(10_000), 100)
    with pytest.raises(ConnectionError):
        pager.page("k", broken, 100, cursor)
    rows, _ = pager.page("k", Listing(10_000), 100, cursor)
    assert rows == list(range(100, 200))


def test_rows_too_large_for_the_spool_are_read_straight_from_rucio():
    listing = Listing(1_000)
    pager = Pager(max_bytes=10)
    pages = read_all(pager, listing, 100)
    assert [row for page in pages for row in page] == list(range(1_000))


def test_a_continuation_no_spool_holds_costs_rucio_no_more_than_the_direct_call():
    listing = Listing(100_000)
    _, cursor = Pager().page("k", Listing(100_000), 100)
    restarted = Pager()
    deep = restarted.page("k", Listing(100_000), 100, cursor)[1]
    settle(restarted)
    rows, _ = Pager().page("k", listing, 100, deep)
    assert rows == list(range(200, 300))
    assert listing.limits[0] == 301
    assert listing.pulled >= 301


@pytest.mark.parametrize(
    "cursor",
    ["garbage", "eyJ4IjogMX0", "e30", "eyJrIjogImsiLCAibyI6IC0xfQ", "eyJrIjogMSwgIm8iOiAxfQ"],
)
def test_a_forged_cursor_is_a_400(cursor):
    with pytest.raises(BadRequest, match="cursor"):
        Pager().page("k", Listing(10), 5, cursor)


def test_a_cursor_only_continues_its_own_listing():
    pager = Pager()
    _, cursor = pager.page("search-a", Listing(10), 5)
    with pytest.raises(BadRequest, match="another listing"):
        pager.page("search-b", Listing(10), 5, cursor)


def test_a_new_search_always_asks_rucio_again():
    listing = Listing(1000)
    pager = Pager()
    pager.page("k", listing, 100)
    pager.page("k", listing, 100)
    assert listing.limits == [101, 101]


def test_close_stops_every_reader():
    listing = Listing(100_000)
    listing.gate, listing.gate_after = threading.Event(), 300
    pager = Pager()
    _, cursor = pager.page("k", listing, 100)
    pager.page("k", listing, 100, cursor)
    pager.close()
    assert_reader_stopped(listing)


def test_without_spools_every_page_is_read_straight_from_rucio():
    listing = Listing(1_000)
    pager = Pager(capacity=0)
    pages = read_all(pager, listing, 100)
    assert [row for page in pages for row in page] == list(range(1_000))
    assert listing.limits == [101 + 100 * n for n in range(10)]
    assert not pager._spools
