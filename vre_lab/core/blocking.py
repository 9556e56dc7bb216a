"""Runs blocking client code (rucio-clients, requests, file I/O) off the tornado event loop.

Each backend gets a bounded pool of its own (a bulkhead): a hung Rucio fills only Rucio's
threads, so REANA and the repositories keep answering at their normal speed."""

import asyncio
import functools
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from .errors import BackendTimeout

T = TypeVar("T")


class BlockingRunner:
    def __init__(self, max_workers: int, default_timeout: float):
        self.max_workers = max_workers
        self.default_timeout = default_timeout
        self._pools: dict[str, ThreadPoolExecutor] = {}
        self._lock = threading.Lock()

    def pool(self, name: str) -> ThreadPoolExecutor:
        with self._lock:
            if name not in self._pools:
                prefix = f"vre-lab-{name or 'jobs'}".replace(" ", "-")
                self._pools[name] = ThreadPoolExecutor(self.max_workers, thread_name_prefix=prefix)
            return self._pools[name]

    async def run(
        self, fn: Callable[..., T], *args, timeout: float | None = None, what: str = "", **kwargs
    ) -> T:
        """Await `fn(*args, **kwargs)` in a thread of the pool of `what` (the backend, named as
        in the timeout's message), giving up after `timeout` seconds.

        The outbound call inside `fn` has its own timeout, so an abandoned thread ends too.
        """
        loop = asyncio.get_running_loop()
        call = functools.partial(fn, *args, **kwargs)
        future = loop.run_in_executor(self.pool(what), call)
        limit = timeout or self.default_timeout
        try:
            return await asyncio.wait_for(future, limit)
        except asyncio.TimeoutError as e:
            who = what or "The backend"
            raise BackendTimeout(f"{who} did not answer within {limit:g} s") from e

    def submit(self, fn: Callable[..., T], *args, **kwargs):
        """Start `fn` in a worker thread without waiting (for jobs)."""
        return self.pool("").submit(fn, *args, **kwargs)

    def shutdown(self) -> None:
        with self._lock:
            pools, self._pools = list(self._pools.values()), {}
        for pool in pools:
            pool.shutdown(wait=False, cancel_futures=True)
