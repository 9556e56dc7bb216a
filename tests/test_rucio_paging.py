"""Paging over streamed listings: every row exactly once, never more than a page read ahead, and
a cursor that survives the loss of its open stream."""

import pytest

from vre_lab.core.errors import BadRequest
from vre_lab.rucio.paging import Pager


class Listing:
    """A streamed listing that counts how many rows were pulled and how often it was opened."""

    def __init__(self, size: int):
        self.size = size
        self.pulled = 0
        self.opened = 0

    def __call__(self):
        self.opened += 1

        def rows():
            for index in range(self.size):
                self.pulled += 1
                yield index

        return rows()


def read_all(pager: Pager, listing: Listing, size: int, key: str = "k") -> list[list[int]]:
    pages, cursor = [], None
    while True:
        rows, cursor = pager.page(key, listing, size, cursor)
        pages.append(rows)
        if cursor is None:
            return pages


def test_pages_cover_100000_rows_exactly_once_with_one_open_stream():
    listing = Listing(100_000)
    pages = read_all(Pager(), listing, 100)
    assert [row for page in pages for row in page] == list(range(100_000))
    assert len(pages) == 1000
    assert listing.opened == 1


def test_a_page_reads_at_most_one_row_ahead():
    listing = Listing(100_000)
    rows, cursor = Pager().page("k", listing, 100)
    assert len(rows) == 100
    assert cursor is not None
    assert listing.pulled == 101


def test_the_last_page_has_no_cursor_and_an_exact_multiple_is_not_followed_by_an_empty_page():
    pages = read_all(Pager(), Listing(300), 100)
    assert [len(page) for page in pages] == [100, 100, 100]


def test_an_empty_listing_is_one_empty_page():
    assert Pager().page("k", Listing(0), 100) == ([], None)


def test_a_lost_stream_is_reopened_and_the_shown_rows_are_skipped():
    listing = Listing(250)
    first = Pager()
    _, cursor = first.page("k", listing, 100)
    second = Pager()  # another server, or the stream expired
    rows2, cursor2 = second.page("k", listing, 100, cursor)
    assert rows2 == list(range(100, 200))
    assert listing.opened == 2
    rows3, cursor3 = second.page("k", listing, 100, cursor2)
    assert rows3 == list(range(200, 250))
    assert cursor3 is None


def test_the_oldest_streams_are_dropped_beyond_capacity_but_their_cursors_still_work():
    pager = Pager(capacity=2)
    listings = [Listing(20) for _ in range(3)]
    cursors = [pager.page(f"k{i}", listing, 5)[1] for i, listing in enumerate(listings)]
    rows, _ = pager.page("k0", listings[0], 5, cursors[0])
    assert rows == list(range(5, 10))
    assert listings[0].opened == 2


@pytest.mark.parametrize(
    "cursor", ["garbage", "eyJ4IjogMX0", "e30", "eyJzIjogMSwgImsiOiAiayIsICJvIjogLTF9"]
)
def test_a_forged_cursor_is_a_400(cursor):
    with pytest.raises(BadRequest, match="cursor"):
        Pager().page("k", Listing(10), 5, cursor)


def test_a_cursor_only_continues_its_own_listing():
    pager = Pager()
    _, cursor = pager.page("search-a", Listing(10), 5)
    with pytest.raises(BadRequest, match="another listing"):
        pager.page("search-b", Listing(10), 5, cursor)


def test_a_discarded_listing_is_closed_and_its_cursor_starts_over():
    closed = []

    def rows():
        try:
            yield from range(10)
        finally:
            closed.append(True)

    pager = Pager()
    _, cursor = pager.page("k", rows, 3)
    pager.discard(cursor)
    assert closed == [True]
    page, _ = pager.page("k", rows, 3, cursor)
    assert page == [3, 4, 5]


def test_an_evicted_listing_is_closed():
    closed = []

    def rows():
        try:
            yield from range(10)
        finally:
            closed.append(True)

    pager = Pager(capacity=1)
    pager.page("a", rows, 3)
    pager.page("b", rows, 3)
    assert closed == [True]
