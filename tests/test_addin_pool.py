"""The server's worker pool: a crashing or hanging request costs that request, never the others or the pool.

Real worker processes; the crash is a real abort and the hang a real sleep.
"""

from __future__ import annotations

import asyncio
import os
import time

from addin.pool import EngineCrashed, EnginePool, EngineTimeout, PoolBusy


def square(n: int) -> int:
    time.sleep(0.2)
    return n * n


def crash() -> None:
    os.abort()


def hang() -> None:
    time.sleep(60)


def run(coroutine):
    return asyncio.run(coroutine)


def test_a_crash_costs_one_request_and_the_pool_recovers() -> None:
    async def scenario():
        pool = EnginePool(workers=2, max_pending=10, timeout=30, memory_limit=0)
        try:
            outcomes = await asyncio.gather(pool.run(crash), *(pool.run(square, n) for n in range(4)),
                                            return_exceptions=True)
            after = await pool.run(square, 5)
        finally:
            pool.close()
        return outcomes, after

    outcomes, after = run(scenario())
    assert isinstance(outcomes[0], EngineCrashed)
    assert outcomes[1:] == [0, 1, 4, 9]
    assert after == 25


def test_a_hang_is_stopped_at_the_timeout_and_the_others_finish() -> None:
    async def scenario():
        pool = EnginePool(workers=2, max_pending=10, timeout=3, memory_limit=0)
        try:
            return await asyncio.gather(pool.run(hang), pool.run(square, 3), return_exceptions=True), \
                await pool.run(square, 4)
        finally:
            pool.close()

    (hung, other), after = run(scenario())
    assert isinstance(hung, EngineTimeout)
    assert other == 9 and after == 16


def test_requests_beyond_the_bound_are_refused_at_once() -> None:
    async def scenario():
        pool = EnginePool(workers=1, max_pending=2, timeout=30, memory_limit=0)
        try:
            return await asyncio.gather(*(pool.run(square, n) for n in range(3)), return_exceptions=True)
        finally:
            pool.close()

    first, second, third = run(scenario())
    assert (first, second) == (0, 1)
    assert isinstance(third, PoolBusy)


def sleep_for(seconds: float) -> float:
    time.sleep(seconds)
    return seconds


def test_the_time_limit_counts_work_not_waiting_in_the_queue() -> None:
    async def scenario():
        pool = EnginePool(workers=1, max_pending=10, timeout=2, memory_limit=0)
        try:  # each task works 0.8 s, well within 2 s; the last waits 2.4 s before it starts
            return await asyncio.gather(*(pool.run(sleep_for, 0.8) for _ in range(4)), return_exceptions=True)
        finally:
            pool.close()

    assert run(scenario()) == [0.8] * 4


def test_one_timeout_costs_one_request_however_many_wait_and_twice_over() -> None:
    async def scenario():
        pool = EnginePool(workers=1, max_pending=20, timeout=1.5, memory_limit=0)
        try:
            first = await asyncio.gather(pool.run(hang), *(pool.run(square, n) for n in range(3)),
                                         return_exceptions=True)
            second = await asyncio.gather(pool.run(square, 6), pool.run(hang), pool.run(square, 7),
                                          return_exceptions=True)
            return first, second, await pool.run(square, 8)
        finally:
            pool.close()

    first, second, after = run(scenario())
    assert isinstance(first[0], EngineTimeout) and first[1:] == [0, 1, 4]
    assert second[0] == 36 and isinstance(second[1], EngineTimeout) and second[2] == 49
    assert after == 64


def test_an_error_inside_a_task_reaches_the_caller_as_itself() -> None:
    async def scenario():
        pool = EnginePool(workers=1, max_pending=5, timeout=10, memory_limit=0)
        try:
            return await asyncio.gather(pool.run(int, "x"), pool.run(square, 2), return_exceptions=True)
        finally:
            pool.close()

    error, after = run(scenario())
    assert isinstance(error, ValueError) and after == 4


def allocate(megabytes: int) -> int:
    return len(bytearray(megabytes * 2**20))


def test_a_worker_out_of_memory_costs_its_request_and_is_replaced() -> None:
    async def scenario():
        pool = EnginePool(workers=1, max_pending=5, timeout=30, memory_limit=768 * 2**20)
        try:
            return await asyncio.gather(pool.run(allocate, 2048), pool.run(allocate, 16), return_exceptions=True)
        finally:
            pool.close()

    blown, after = run(scenario())
    assert isinstance(blown, EngineCrashed) and after == 16 * 2**20


def test_a_worker_killed_while_idle_is_replaced_without_failing_the_next_request() -> None:
    async def scenario():
        pool = EnginePool(workers=1, max_pending=5, timeout=30, memory_limit=0)
        try:
            await pool.warm()
            for worker in list(pool._all):  # as the kernel's out-of-memory killer would
                worker.process.kill()
                worker.process.join()
            return await pool.run(square, 3)
        finally:
            pool.close()

    assert run(scenario()) == 9
