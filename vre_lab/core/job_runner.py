"""Runs a job's work in a worker thread, recording its progress and outcome in the JobStore."""

import logging
import threading
import time
from collections.abc import Callable

from .blocking import BlockingRunner
from .errors import VRELabError
from .jobs import Job, JobStore

PROGRESS_EVERY = 0.5  # seconds between records of frequent progress (see JobContext.progress)


class JobCancelled(Exception):
    pass


class JobContext:
    """What a job's work function gets: a way to report progress and to notice a cancel."""

    def __init__(self, store: JobStore, job_id: str, cancel: threading.Event):
        self._store = store
        self.job_id = job_id
        self._cancel = cancel
        self._last_often = 0.0

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def record(self, **result) -> None:
        """Keep what the job has done so far (say, an id it created), for resume and clean-up."""
        job = self._store.get(self.job_id)
        self._store.update(self.job_id, result={**(job.result if job else {}), **result})

    def progress(
        self, fraction: float | None = None, message: str | None = None, *, often: bool = False
    ) -> None:
        """Record progress; a cancel is noticed here. `often`: a report from a tight loop (each
        chunk of an upload) is recorded at most every PROGRESS_EVERY seconds, since each record
        is a job-store write (with 1,000 small files they had cost 30 % of an upload's time)."""
        if self.cancelled:
            raise JobCancelled()
        if often:
            now = time.monotonic()
            if now - self._last_often < PROGRESS_EVERY:
                return
            self._last_often = now
        self._store.update(self.job_id, progress=fraction, message=message)

    def part(self, start: float, end: float) -> "JobContext":
        """This job seen by one stage of its work: the stage's progress 0..1 is start..end."""
        return _Stage(self, start, end)


class _Stage(JobContext):
    def __init__(self, whole: JobContext, start: float, end: float):
        super().__init__(whole._store, whole.job_id, whole._cancel)
        self._start, self._span = start, end - start

    def progress(
        self, fraction: float | None = None, message: str | None = None, *, often: bool = False
    ) -> None:
        scaled = None if fraction is None else self._start + self._span * fraction
        super().progress(scaled, message, often=often)


Work = Callable[[JobContext], dict | None]


class JobRunner:
    def __init__(self, store: JobStore, blocking: BlockingRunner, log: logging.Logger):
        self.store = store
        self._blocking = blocking
        self._log = log
        self._cancels: dict[str, threading.Event] = {}

    def start(self, kind: str, params: dict, work: Work, owner: str = "") -> Job:
        job = self.store.create(kind, params, owner=owner)
        cancel = self._cancels[job.id] = threading.Event()
        self._blocking.submit(self._run, job.id, work, cancel)
        return job

    def shutdown(self) -> None:
        """Ask every running job to stop at its next progress report."""
        for cancel in list(self._cancels.values()):
            cancel.set()

    def cancel(self, job_id: str) -> bool:
        """Ask a job running in this server to stop; False if none such is running here."""
        cancel = self._cancels.get(job_id)
        if cancel is None:
            return False
        cancel.set()
        return True

    def _run(self, job_id: str, work: Work, cancel: threading.Event) -> None:
        update = self.store.update
        try:
            update(job_id, state="running", progress=0.0)
            result = work(JobContext(self.store, job_id, cancel))
            if cancel.is_set():
                raise JobCancelled()
            kept = (self.store.get(job_id) or Job(id=job_id, kind="", state="")).result
            update(
                job_id,
                state="succeeded",
                progress=1.0,
                message="Done",
                result={**kept, **(result or {})},
            )
        except JobCancelled:
            update(job_id, state="cancelled", message="Cancelled")
        except VRELabError as e:
            update(job_id, state="failed", message=e.message)
        except Exception:
            self._log.exception("vre-lab job %s failed", job_id)
            update(job_id, state="failed", message="Unexpected error; the server log has details")
        finally:
            self._cancels.pop(job_id, None)
