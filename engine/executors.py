"""Where per-file and per-report work runs: this process, a local process pool, or a Dask cluster.

``validate``, ``ingest`` and ``run`` hand their independent pieces of work (one file, one report)
to an :class:`Executor` and collect the results; they do not care which back end runs them.

- :class:`LocalExecutor` (the default): with one worker everything runs in this process; with more,
  in a :class:`~concurrent.futures.ProcessPoolExecutor` started per batch. Validation does not use
  its pool: locally, workbooks are always read in the bounded reader processes of
  :mod:`engine.workbook.isolation` (``workers`` of them), where a reader that dies costs one file.
- :class:`DaskExecutor` (the optional ``kommunebench[dask]`` extra): the work goes to a running
  Dask distributed scheduler given by address. Its workers may sit on other machines, so
  ``remote`` is True and callers ship inputs as bytes and take outputs back as bytes
  (:func:`on_private_copy`, :func:`written_in_private_folder`); no shared disk is needed, only
  kommunebench on every worker.

Work is sent in chunks (one task per chunk, fewer round trips) with a bounded number of chunks in
flight, so neither the inputs nor the results of a large batch pile up in memory at once. A batch
may carry ``shared`` data (a computed round) that every task needs: it travels once per worker
(pool initialiser; Dask ``scatter`` with broadcast), never once per task.
"""

from __future__ import annotations

import gc
import os
import tempfile
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from contextlib import contextmanager
from itertools import islice
from pathlib import Path
from typing import Any

_NO_SHARED = object()
_SHARED: Any = _NO_SHARED  # a pool worker's copy of the batch's shared data


def default_workers() -> int:
    return max(1, os.cpu_count() or 1)


class ExecutorError(Exception):
    """The back end cannot be used (extra not installed, scheduler unreachable)."""


class Executor:
    """Runs ``fn(item)`` — or ``fn(shared, item)`` when a batch has shared data — for every item."""

    workers: int = 1
    remote: bool = False  # True: tasks cannot see this machine's files

    def map(self, fn: Callable, items: Iterable, *, shared: Any = _NO_SHARED, chunksize: int = 1,
            ordered: bool = True, on_error: Callable[[Any, BaseException], Any] | None = None) -> Iterator:
        """Results of ``fn`` over ``items``: in input order, or as they complete when not ``ordered``.

        A chunk whose task fails as a whole (its worker died, the cluster gave up on it) yields
        ``on_error(item, error)`` for each of its items when ``on_error`` is given, else raises.
        """
        raise NotImplementedError

    def close(self) -> None:
        pass

    def __enter__(self) -> "Executor":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class LocalExecutor(Executor):
    """This machine: in-process for one worker, otherwise a process pool per batch."""

    def __init__(self, workers: int = 1) -> None:
        self.workers = max(1, workers)

    def map(self, fn, items, *, shared=_NO_SHARED, chunksize=1, ordered=True, on_error=None):
        items = list(items)
        if self.workers == 1 or len(items) <= 1:
            for item in items:
                yield fn(item) if shared is _NO_SHARED else fn(shared, item)
            return
        with ProcessPoolExecutor(min(self.workers, len(items)), initializer=_set_shared, initargs=(shared,)) as pool:
            submit = lambda chunk: pool.submit(_run_chunk, fn, chunk)  # noqa: E731
            yield from _windowed(submit, _chunks(items, chunksize), 2 * self.workers, ordered, _local_wait, on_error)

    def __repr__(self) -> str:
        return f"LocalExecutor(workers={self.workers})"


class DaskExecutor(Executor):
    """A Dask distributed cluster, reached through its scheduler's address (``tcp://host:8786``)."""

    remote = True

    def __init__(self, address: str, timeout: float = 10.0) -> None:
        try:
            from distributed import Client
        except ImportError:
            raise ExecutorError("a Dask scheduler needs the optional extra: pip install 'kommunebench[dask]'") from None
        try:
            self.client = Client(address, timeout=timeout, set_as_default=False)
        except (OSError, TimeoutError) as error:
            raise ExecutorError(f"cannot reach the Dask scheduler at {address}: {error}") from None
        self.address = address
        self.workers = max(1, sum(self.client.nthreads().values()))

    def map(self, fn, items, *, shared=_NO_SHARED, chunksize=1, ordered=True, on_error=None):
        from distributed import as_completed

        # Scattered once and broadcast: every task on a worker then uses that worker's copy.
        data = None if shared is _NO_SHARED else self.client.scatter([shared], broadcast=True, hash=False)[0]
        completed = as_completed(loop=self.client.loop)  # not distributed.wait: that wants a default client

        def submit(chunk):
            if data is None:
                future = self.client.submit(_run_chunk, fn, chunk, pure=False)
            else:
                future = self.client.submit(_run_chunk_with, fn, data, chunk, pure=False)
            if not ordered:
                completed.add(future)
            return future

        try:
            yield from _windowed(submit, _chunks(items, chunksize), 2 * self.workers, ordered,
                                 lambda pending: {next(completed)}, on_error)
        finally:
            if data is not None:
                data.release()

    def close(self) -> None:
        self.client.close()

    def __repr__(self) -> str:
        return f"DaskExecutor({self.address!r}, workers={self.workers})"


def on_private_copy(fn: Callable[[Path], Any], name: str, data: bytes) -> tuple[Any, str]:
    """On a remote worker: ``fn(path)`` on a private copy of shipped ``data`` named ``name``; (result, that path)."""
    with tempfile.TemporaryDirectory(prefix="kommunebench-") as folder:
        copy = Path(folder) / Path(name).name
        copy.write_bytes(data)
        return fn(copy), str(copy)


def written_in_private_folder(fn: Callable[[Path], Any], name: str) -> tuple[Any, bytes | None]:
    """On a remote worker: ``fn(path)`` writes a file ``name`` in a private folder; (result, the file's bytes)."""
    with tempfile.TemporaryDirectory(prefix="kommunebench-") as folder:
        path = Path(folder) / name
        result = fn(path)
        return result, (path.read_bytes() if path.is_file() else None)


def make_executor(workers: int = 0, scheduler: str | None = None) -> Executor:
    """The executor the command line asked for: a Dask scheduler address, else ``workers`` local processes."""
    if scheduler:
        return DaskExecutor(scheduler)
    return LocalExecutor(workers or default_workers())


# -- internals ------------------------------------------------------------------------------------------
def _set_shared(shared: Any) -> None:
    global _SHARED
    _SHARED = shared


def _run_chunk(fn: Callable, chunk: Sequence) -> list:
    if _SHARED is _NO_SHARED:
        return [fn(item) for item in chunk]
    return [fn(_SHARED, item) for item in chunk]


def _run_chunk_with(fn: Callable, shared: Any, chunk: Sequence) -> list:
    return [fn(shared, item) for item in chunk]


def _chunks(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while chunk := list(islice(iterator, max(1, size))):
        yield chunk


def _local_wait(pending):
    return wait(pending, return_when=FIRST_COMPLETED).done


def _windowed(submit: Callable, chunks: Iterator[list], window: int, ordered: bool,
              first_completed: Callable, on_error: Callable | None = None) -> Iterator:
    """Keep at most ``window`` chunks in flight; yield each chunk's results in order or as done."""
    with parent_gc_paused():
        # range first: zip must not draw a chunk it then drops
        in_flight: deque = deque((submit(chunk), chunk) for _, chunk in zip(range(window), chunks))
        while in_flight:
            if ordered:
                done = [in_flight.popleft()]
            else:
                finished = first_completed([future for future, _ in in_flight])
                done = [entry for entry in in_flight if entry[0] in finished]
                for entry in done:
                    in_flight.remove(entry)
            for future, chunk in done:
                next_chunk = next(chunks, None)
                if next_chunk is not None:
                    in_flight.append((submit(next_chunk), next_chunk))
                try:
                    results = future.result()
                except Exception as error:  # the task as a whole failed: its worker died or was lost
                    if on_error is None:
                        raise
                    results = [on_error(item, error) for item in chunk]
                yield from results


@contextmanager
def parent_gc_paused() -> Iterator[None]:
    """While results stream in, keep the cyclic garbage collector from rescanning them.

    Collecting results allocates many objects that all stay alive, which makes the collector run
    over and over on a growing heap for nothing; it runs again once the batch is in.
    """
    if not gc.isenabled():  # paused already (nested batches) or by the caller: theirs to resume
        yield
        return
    gc.freeze()  # what exists now is long-lived: out of every later collection
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
        gc.unfreeze()
