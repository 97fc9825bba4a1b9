"""A bounded pool of engine worker processes for the add-in server.

Validation runs in separate processes so that whatever an upload does to a spreadsheet
library (a crash inside native code, a hang, a memory blow-up) costs that one request, never
the server: the server only waits for an answer. The pool is bounded twice: ``workers``
processes run at a time, and at most ``max_pending`` requests wait or run; beyond that the
server answers "busy" at once instead of queueing without limit. Each worker's address space
is capped, and a worker is replaced after a number of tasks so memory cannot creep.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import resource
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

T = TypeVar("T")
TASKS_PER_WORKER = 500


class PoolBusy(Exception):
    """Too many requests are waiting already."""


class EngineCrashed(Exception):
    """The process running this request alone died: the request itself is the cause."""


class EngineTimeout(Exception):
    """The request ran longer than the server allows; its worker was stopped."""


def _init_worker(memory_limit: int) -> None:
    if memory_limit:
        resource.setrlimit(resource.RLIMIT_AS, (memory_limit, memory_limit))
    import engine.validation.validate  # noqa: F401  (imported once per worker, not on its first request)


def _ready() -> bool:
    return True


class EnginePool:
    def __init__(self, workers: int, max_pending: int, timeout: float, memory_limit: int) -> None:
        self.workers, self.max_pending, self.timeout, self.memory_limit = workers, max_pending, timeout, memory_limit
        self.pending = 0
        self._pool = self._new_pool()
        self._alone: asyncio.Semaphore | None = None

    def _new_pool(self) -> ProcessPoolExecutor:
        # spawn, not fork: the server process runs threads and an event loop that a fork would copy mid-flight.
        return ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("spawn"),
                                   initializer=_init_worker, initargs=(self.memory_limit,),
                                   max_tasks_per_child=TASKS_PER_WORKER)

    async def warm(self) -> None:
        """Start every worker now, so the first users do not wait for Python and the engine to load."""
        loop = asyncio.get_running_loop()
        await asyncio.gather(*(loop.run_in_executor(self._pool, _ready) for _ in range(self.workers)))

    async def run(self, function: Callable[..., T], *args: Any) -> T:
        if self.pending >= self.max_pending:
            raise PoolBusy()
        self.pending += 1
        try:
            pool = self._pool
            try:
                return await self._await(pool, function, args)
            except BrokenProcessPool:
                # A dying worker breaks the whole executor and fails every request in it. Each of them
                # is run again alone in a process of its own, so only the request that kills its own
                # process fails, and the shared pool is replaced for the requests to come.
                self._replace(pool)
                return await self._run_alone(function, args)
        finally:
            self.pending -= 1

    async def _await(self, pool: ProcessPoolExecutor, function: Callable[..., T], args: tuple) -> T:
        future = asyncio.get_running_loop().run_in_executor(pool, function, *args)
        try:
            return await asyncio.wait_for(future, self.timeout)
        except asyncio.TimeoutError:
            self._stop(pool)
            raise EngineTimeout() from None

    async def _run_alone(self, function: Callable[..., T], args: tuple) -> T:
        if self._alone is None:
            self._alone = asyncio.Semaphore(self.workers)  # no more lone processes than pool workers
        async with self._alone:
            solo = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"),
                                       initializer=_init_worker, initargs=(self.memory_limit,))
            try:
                return await self._await(solo, function, args)
            except BrokenProcessPool:
                raise EngineCrashed() from None
            finally:
                solo.shutdown(wait=False, cancel_futures=True)

    def _replace(self, broken: ProcessPoolExecutor) -> None:
        if self._pool is broken:  # the first request to see the break replaces it
            self._pool = self._new_pool()
            broken.shutdown(wait=False, cancel_futures=True)

    def _stop(self, pool: ProcessPoolExecutor) -> None:
        """Kill the pool's workers (a hung one cannot be cancelled) and start a fresh pool.

        The other requests in that pool see it break and retry on the new one.
        """
        processes = list(getattr(pool, "_processes", {}).values())  # no public API kills a running task
        self._replace(pool)
        for process in processes:
            process.kill()

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
