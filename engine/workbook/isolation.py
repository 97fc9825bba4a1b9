"""Run risky per-file work in worker processes that may die without taking the batch along.

The container inspection keeps hostile workbooks away from the spreadsheet
libraries, but a native library can still abort the whole process (a failed
allocation in Rust aborts; a C extension can crash). So the reading happens in
a small pool of persistent workers, each with a cap on its address space
(``RLIMIT_AS``) and a deadline per task. A worker that dies, runs out of memory or
overruns its deadline costs only the task it was running: the caller turns that
into a finding for that one file, a fresh worker takes its place, and the batch
carries on. Workers are reused between files, so the isolation costs one pipe
round trip per file, not a process start.
"""

from __future__ import annotations

import faulthandler
import gc
import multiprocessing
import os
import signal
import threading
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any, TypeVar

from engine.text import Text

R = TypeVar("R")
_OUT_OF_MEMORY = 3  # the worker's exit code after a MemoryError


@dataclass(frozen=True)
class Bounds:
    """What one task may use: address space above the worker's start-up size, and wall time."""

    memory_bytes: int = 1 << 30
    seconds: float = 120.0


class _Worker:
    def __init__(self, context, bounds: Bounds) -> None:
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_serve, args=(child, bounds.memory_bytes), daemon=True)
        self.process.start()
        child.close()
        self.task: int | None = None
        self.deadline = 0.0

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        self.conn.close()

    def death(self) -> Text:
        self.process.join(timeout=5)
        code = self.process.exitcode
        if code is not None and code < 0:
            try:
                name = signal.Signals(-code).name
            except ValueError:
                name = str(-code)
            if -code in (signal.SIGKILL, signal.SIGABRT, signal.SIGSEGV, signal.SIGBUS):
                # A failed allocation aborts native code; the kernel's OOM killer sends SIGKILL.
                return Text(f"læseren stoppede brat ({name}), typisk fordi filen kræver mere hukommelse end "
                            "grænsen tillader",
                            f"the reader stopped abruptly ({name}), typically because the file needs more memory "
                            "than the limit allows")
            return Text(f"læseren blev stoppet af signalet {name}", f"the reader was stopped by signal {name}")
        if code == _OUT_OF_MEMORY:
            return Text("filen kræver mere hukommelse end grænsen tillader",
                        "the file needs more memory than the limit allows")
        return Text(f"læseren stoppede uventet (kode {code})", f"the reader stopped unexpectedly (exit code {code})")


def run_isolated(func: Callable[..., R], tasks: Sequence[tuple], on_failure: Callable[[tuple, Text], R],
                 workers: int = 1, bounds: Bounds = Bounds(),
                 progress: Callable[[], None] | None = None) -> list[R]:
    """``[func(*task) for task in tasks]``, each call in a bounded worker; results keep the task order.

    A call whose worker dies, exceeds its memory or time, or raises, yields ``on_failure(task, why)``.
    """
    results: list[Any] = [None] * len(tasks)
    if not tasks:
        return results
    context = _context()
    pool = [_Worker(context, bounds) for _ in range(max(1, min(workers, len(tasks))))]
    pending = iter(range(len(tasks)))
    done = 0

    def give(worker: _Worker) -> None:
        index = next(pending, None)
        worker.task = index
        if index is not None:
            worker.deadline = time.monotonic() + bounds.seconds
            try:
                worker.conn.send((func, tasks[index]))
            except (OSError, ValueError):
                pass  # the worker is gone: the wait below sees its death and charges this task

    def finish(worker: _Worker, value: Any) -> None:
        nonlocal done
        results[worker.task] = value
        done += 1
        if progress:
            progress()

    try:
        for worker in pool:
            give(worker)
        while done < len(tasks):
            busy = [w for w in pool if w.task is not None]
            timeout = max(0.0, min(w.deadline for w in busy) - time.monotonic())
            ready = wait([w.conn for w in busy] + [w.process.sentinel for w in busy], timeout)
            for position, worker in enumerate(pool):
                outcome = _outcome(worker, ready, bounds) if worker.task is not None else None
                if outcome is None:
                    continue
                kind, value = outcome
                finish(worker, value if kind == "ok" else on_failure(tasks[worker.task], value))
                if kind == "died":
                    worker.stop()
                    worker = pool[position] = _Worker(context, bounds)
                give(worker)
    finally:
        for worker in pool:
            if worker.process.is_alive():
                try:
                    worker.conn.send(None)
                except OSError:
                    pass
            worker.process.join(timeout=1)
            worker.stop()
    return results


def _outcome(worker: _Worker, ready: list, bounds: Bounds) -> tuple[str, Any] | None:
    """("ok", result), ("error", why) after a Python exception, ("died", why), or None while it works."""
    if worker.conn in ready:
        try:
            status, value = worker.conn.recv()
        except (EOFError, OSError):
            return "died", worker.death()
        if status == "ok":
            return "ok", value
        return "error", Text(f"intern fejl: {value}", f"internal error: {value}")
    if worker.process.sentinel in ready:
        return "died", worker.death()
    if time.monotonic() >= worker.deadline:
        return "died", Text(f"læsningen tog mere end {bounds.seconds:g} sekunder",
                            f"reading took more than {bounds.seconds:g} seconds")
    return None


def _context():
    # fork is cheapest and inherits what the parent imported; with threads running, forking is
    # unsafe, so a threaded caller (a server) gets fresh interpreters instead.
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def _serve(conn: Connection, memory_bytes: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and stops us
    # A task allocates thousands of objects that mostly live until its result is sent, and the cyclic
    # collector would walk them dozens of times per task; it runs once after each task instead, over
    # what the worker created since it started (what it inherited is frozen), so whatever cycles a
    # task leaves are freed before the next one.
    gc.disable()
    gc.freeze()
    # A native abort prints its own last words ("memory allocation of N bytes failed"); the parent
    # reports the death as a finding, so the worker's stderr is silenced to keep the output clean.
    faulthandler.disable()
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
    os.close(devnull)
    _limit_memory(memory_bytes)
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError, KeyboardInterrupt):
            return
        if job is None:
            return
        func, task = job
        try:
            reply = ("ok", func(*task))
        except MemoryError:
            os._exit(_OUT_OF_MEMORY)  # leave rather than risk a half-working worker
        except Exception as error:  # a bug in one file's handling must not stop the batch
            frame = traceback.extract_tb(error.__traceback__)[-1]
            reply = ("error", f"{type(error).__name__}: {error} ({os.path.basename(frame.filename)}:{frame.lineno})")
        try:
            conn.send(reply)
        except (OSError, ValueError):
            return
        del job, func, task, reply
        gc.collect()


def _limit_memory(extra_bytes: int) -> None:
    try:
        import resource
    except ImportError:  # pragma: no cover - not on POSIX: no limit, the deadline still holds
        return
    limit = _address_space() + extra_bytes
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _address_space() -> int:
    """The worker's current virtual size: the cap is counted from here, so imports do not eat the budget."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 512 << 20

