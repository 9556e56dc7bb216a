"""Runs blocking client code (rucio-clients, requests, file I/O) off the tornado event loop."""

import asyncio
import functools
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from .errors import BackendTimeout

T = TypeVar("T")


class BlockingRunner:
    def __init__(self, max_workers: int, default_timeout: float):
        self._executor = ThreadPoolExecutor(max_workers, thread_name_prefix="vre-lab")
        self.default_timeout = default_timeout

    async def run(
        self, fn: Callable[..., T], *args, timeout: float | None = None, what: str = "", **kwargs
    ) -> T:
        """Await `fn(*args, **kwargs)` in a worker thread, giving up after `timeout` seconds.

        The outbound call inside `fn` has its own timeout, so an abandoned thread ends too.
        """
        loop = asyncio.get_running_loop()
        future = loop.run_in_executor(self._executor, functools.partial(fn, *args, **kwargs))
        limit = timeout or self.default_timeout
        try:
            return await asyncio.wait_for(future, limit)
        except asyncio.TimeoutError as e:
            who = what or "The backend"
            raise BackendTimeout(f"{who} did not answer within {limit:g} s") from e

    def submit(self, fn: Callable[..., T], *args, **kwargs):
        """Start `fn` in a worker thread without waiting (for jobs)."""
        return self._executor.submit(fn, *args, **kwargs)

    def shutdown(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)
