"""A job's frequent progress (a report per uploaded chunk) is recorded at most every half second,
in one place for every slice; a cancel is noticed at once all the same."""

import threading

import pytest

from vre_lab.core.job_runner import JobCancelled, JobContext
from vre_lab.core.jobs import JobStore


@pytest.fixture
def context(tmp_path):
    store = JobStore(tmp_path / "jobs.sqlite3")
    job = store.create("upload")
    writes = []
    update = store.update

    def counted(job_id, **changes):
        writes.append(changes)
        return update(job_id, **changes)

    store.update = counted
    cancel = threading.Event()
    yield JobContext(store, job.id, cancel), writes, cancel
    store.close()


def test_a_thousand_frequent_reports_are_a_few_records(context):
    ctx, writes, _ = context
    for number in range(1000):
        ctx.progress(number / 1000, f"chunk {number}", often=True)
    assert 1 <= len(writes) <= 3


def test_every_ordinary_report_is_recorded(context):
    ctx, writes, _ = context
    for number in range(5):
        ctx.progress(number / 5, f"file {number}")
    assert len(writes) == 5


def test_a_cancel_is_noticed_by_a_frequent_report_that_records_nothing(context):
    ctx, _, cancel = context
    ctx.progress(0.1, "first", often=True)
    cancel.set()
    with pytest.raises(JobCancelled):
        ctx.progress(0.2, "second", often=True)


def test_a_stage_reports_its_share_of_the_whole_and_is_throttled_too(context):
    ctx, writes, _ = context
    stage = ctx.part(0.5, 1.0)
    for number in range(100):
        stage.progress(number / 100, often=True)
    assert len(writes) == 1
    assert writes[0]["progress"] == 0.5
