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
