"""A bounded pool of engine worker processes for the add-in server.

Validation runs in separate processes so that whatever an upload does to a spreadsheet
library (a crash inside native code, a hang, a memory blow-up) costs that one request, never
the server: the server only waits for an answer. The pool is bounded twice: ``workers``
processes run at a time, and at most ``max_pending`` requests wait or run; beyond that the
server answers "busy" at once instead of queueing without limit. Each worker's address space
is capped, and a worker is replaced after a number of tasks so memory cannot creep.

Each worker is a process of its own with a pipe to the server, not a ``ProcessPoolExecutor``:
an executor cannot say when a task starts (so a time limit would count time spent queued) and
cannot stop one task (so a timeout would have to kill every worker and fail every request in
it). Here the clock starts when a worker takes the request, and a timeout or crash kills and
replaces that worker alone; the requests waiting for a worker only wait a little longer.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import resource
import tempfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from multiprocessing.connection import Connection
from typing import Any, TypeVar

T = TypeVar("T")
TASKS_PER_WORKER = 500
_SPAWN = multiprocessing.get_context("spawn")  # not fork: the server runs threads and an event loop mid-flight
_log = logging.getLogger("kommunebench.serve")


class PoolBusy(Exception):
    """Too many requests are waiting already."""


class EngineCrashed(Exception):
    """The process running this request died or ran out of memory: the request itself is the cause."""


class EngineTimeout(Exception):
    """The request worked longer than the server allows; its worker was stopped."""


def _worker_main(conn: Connection, memory_limit: int) -> None:
    """A worker's life: answer one task at a time until told to stop (``None``) or the pipe closes."""
    if memory_limit:
        resource.setrlimit(resource.RLIMIT_AS, (memory_limit, memory_limit))
    import engine.validation.validate  # noqa: F401  (imported once per worker, not on its first request)

    conn.send(("ready", None))
    while True:
        try:
            task = conn.recv()
        except EOFError:
            return
        if task is None:
            return
        function, args, workdir = task
        # Whatever the engine puts in temporary files lands in the request's folder, which the server
        # owns and removes even when this process is killed half-way.
        tempfile.tempdir = workdir
        try:
            conn.send(("ok", function(*args)))
        except MemoryError:
            conn.send(("crashed", None))
            return  # a process that ran out of memory is not trusted with the next request
        except Exception as error:  # the caller's own error (e.g. a refused prefill), raised again there
            try:
                conn.send(("error", error))
            except Exception:  # an exception that cannot be pickled
                conn.send(("error", RuntimeError(f"{type(error).__name__}: {error}")))
        finally:
            tempfile.tempdir = None


class _Worker:
    def __init__(self, process: multiprocessing.process.BaseProcess, conn: Connection) -> None:
        self.process, self.conn, self.tasks = process, conn, 0

    def kill(self) -> None:
        self.process.kill()
        self.process.join(5)
        self.conn.close()

    def stop(self) -> None:
        try:
            self.conn.send(None)
        except OSError:
            pass
        self.process.join(5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join(5)
        self.conn.close()


class EnginePool:
    def __init__(self, workers: int, max_pending: int, timeout: float, memory_limit: int,
                 tasks_per_worker: int = TASKS_PER_WORKER) -> None:
        self.workers, self.max_pending, self.timeout, self.memory_limit = workers, max_pending, timeout, memory_limit
        self.tasks_per_worker = tasks_per_worker
        self.pending = 0
        self._idle: asyncio.Queue[_Worker] | None = None
        self._all: set[_Worker] = set()
        # Threads wait on the pipes, so a large answer never blocks the event loop: one per working worker and
        # one per worker starting in its place, so no answer waits for a thread while its clock runs.
        self._threads = ThreadPoolExecutor(2 * workers + 2, thread_name_prefix="kommunebench-pool")
        self._closed = False
        self._starting: set[asyncio.Task] = set()

    async def warm(self) -> None:
        """Start every worker now, so the first users do not wait for Python and the engine to load."""
        if self._idle is None:
            self._idle = asyncio.Queue()
            await asyncio.gather(*(self._start_worker() for _ in range(self.workers)))

    def _queue(self) -> asyncio.Queue[_Worker]:
        if self._idle is None:  # not warmed: the workers start in the background and take requests when ready
            self._idle = asyncio.Queue()
            for _ in range(self.workers):
                self._in_background(self._restart())
        return self._idle

    def _in_background(self, coroutine) -> None:
        task = asyncio.get_running_loop().create_task(coroutine)
        self._starting.add(task)
        task.add_done_callback(self._starting.discard)

    async def _start_worker(self) -> None:
        parent, child = _SPAWN.Pipe()
        process = _SPAWN.Process(target=_worker_main, args=(child, self.memory_limit), daemon=True,
                                 name="kommunebench-worker")
        process.start()
        child.close()  # the worker holds the only other end: its death reads as end-of-file here
        worker = _Worker(process, parent)
        try:
            await asyncio.get_running_loop().run_in_executor(self._threads, parent.recv)
        except BaseException:
            worker.kill()
            raise
        if self._closed:
            worker.stop()
            return
        self._all.add(worker)
        self._queue().put_nowait(worker)

    def _replace(self, worker: _Worker, *, kill: bool) -> None:
        """Put a fresh worker in ``worker``'s place (in the background: requests keep flowing meanwhile)."""
        self._all.discard(worker)
        worker.kill() if kill else worker.stop()
        if not self._closed:
            self._in_background(self._restart())

    async def _restart(self) -> None:
        while not self._closed:
            try:
                return await self._start_worker()
            except Exception as error:  # e.g. out of processes for a moment: try again, never give up a slot
                _log.warning("could not start an engine worker (%s); retrying", error)
                await asyncio.sleep(1)

    async def run(self, function: Callable[..., T], *args: Any, workdir: str | None = None) -> T:
        """``function(*args)`` in a worker; its time limit starts when a worker takes it."""
        if self.pending >= self.max_pending:
            raise PoolBusy()
        self.pending += 1
        try:
            while True:
                worker = await self._queue().get()
                try:
                    worker.conn.send((function, args, workdir))
                    break
                except OSError:  # the worker died while idle (killed from outside): not this request's doing
                    self._replace(worker, kill=True)
            return await self._answer(worker)
        finally:
            self.pending -= 1

    async def _answer(self, worker: _Worker) -> Any:
        loop = asyncio.get_running_loop()
        try:
            answer = loop.run_in_executor(self._threads, worker.conn.recv)
            kind, value = await asyncio.wait_for(answer, self.timeout)
        except asyncio.TimeoutError:
            self._replace(worker, kill=True)
            raise EngineTimeout() from None
        except (EOFError, OSError):
            self._replace(worker, kill=True)
            raise EngineCrashed() from None
        except BaseException:  # cancelled: the worker may still be busy with the task; it is not reused
            self._replace(worker, kill=True)
            raise
        worker.tasks += 1
        if kind == "crashed":
            self._replace(worker, kill=True)
            raise EngineCrashed()
        if worker.tasks >= self.tasks_per_worker:
            self._replace(worker, kill=False)
        else:
            self._queue().put_nowait(worker)
        if kind == "error":
            raise value
        return value

    def close(self) -> None:
        self._closed = True
        for task in list(self._starting):
            task.cancel()
        for worker in list(self._all):
            worker.kill()
        self._all.clear()
        self._threads.shutdown(wait=False, cancel_futures=True)
