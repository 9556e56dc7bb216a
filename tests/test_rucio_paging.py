"""Paging over streamed listings: every row exactly once, never a whole listing in memory nor an
open stream left behind, and a cursor that any server can continue."""

import pytest

from vre_lab.core.errors import BadRequest
from vre_lab.rucio.paging import Pager


class Listing:
    """A streamed listing like Rucio's: honours a server-side limit, counts what it produced,
    how often it was opened and whether every stream was closed."""

    def __init__(self, size: int):
        self.size = size
        self.pulled = 0
        self.limits: list[int] = []
        self.open_streams = 0

    def __call__(self, limit: int):
        self.limits.append(limit)
        self.open_streams += 1

        def rows():
            try:
                for index in range(min(self.size, limit)):
                    self.pulled += 1
                    yield index
            finally:
                self.open_streams -= 1

        return rows()


def read_all(pager: Pager, listing: Listing, size: int, key: str = "k") -> list[list[int]]:
    pages, cursor = [], None
    while True:
        rows, cursor = pager.page(key, listing, size, cursor)
        pages.append(rows)
        if cursor is None:
            return pages


def test_pages_cover_100000_rows_exactly_once_with_few_bounded_listings():
    listing = Listing(100_000)
    pages = read_all(Pager(max_chunk=5000), listing, 100)
    assert [row for page in pages for row in page] == list(range(100_000))
    assert len(pages) == 1000
    assert len(listing.limits) <= 30
    assert listing.open_streams == 0


def test_the_first_page_asks_rucio_for_one_row_more_than_the_page_and_closes_the_stream():
    listing = Listing(100_000)
    rows, cursor = Pager().page("k", listing, 100)
    assert len(rows) == 100
    assert cursor is not None
    assert listing.limits == [101]
    assert listing.pulled == 101
    assert listing.open_streams == 0


def test_no_buffer_ever_holds_more_than_the_chunk_limit():
    pager = Pager(max_chunk=500)
    read_all(pager, Listing(20_000), 100)
    assert all(len(buffer.rows) <= 500 for buffer in pager._buffers.values())


def test_the_last_page_has_no_cursor_and_an_exact_multiple_is_not_followed_by_an_empty_page():
    pages = read_all(Pager(), Listing(300), 100)
    assert [len(page) for page in pages] == [100, 100, 100]


def test_an_empty_listing_is_one_empty_page():
    assert Pager().page("k", Listing(0), 100) == ([], None)


def test_another_server_continues_a_cursor_exactly():
    listing = Listing(250)
    _, cursor = Pager().page("k", listing, 100)
    rows, cursor = Pager().page("k", listing, 100, cursor)
    assert rows == list(range(100, 200))
    rows, cursor = Pager().page("k", listing, 100, cursor)
    assert rows == list(range(200, 250))
    assert cursor is None


def test_a_discarded_listing_is_read_again_when_its_cursor_comes_back():
    listing = Listing(1000)
    pager = Pager()
    _, first = pager.page("k", listing, 100)
    _, second = pager.page("k", listing, 100, first)
    opened = len(listing.limits)
    pager.discard(second)
    rows, _ = pager.page("k", listing, 100, second)
    assert rows == list(range(200, 300))
    assert len(listing.limits) == opened + 1


def test_the_oldest_buffers_are_dropped_beyond_capacity():
    pager = Pager(capacity=2)
    for key in ("a", "b", "c"):
        pager.page(key, Listing(10), 5)
    assert list(pager._buffers) == ["b", "c"]


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
