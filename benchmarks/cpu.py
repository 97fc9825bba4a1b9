"""CPU, wall and peak memory of a stage, counting worker processes too. Shared by the benchmark scripts.

The machine the figures come from is shared and noisy, so CPU seconds (this process plus every
worker process it waited for, from ``getrusage``) are the figures to compare; wall time is shown
beside them. Peak resident memory comes from ``ru_maxrss``: this process's own peak, and the
largest peak of any finished child process.
"""

from __future__ import annotations

import resource
import time
from dataclasses import dataclass


@dataclass
class Usage:
    wall: float = 0.0
    parent_cpu: float = 0.0
    children_cpu: float = 0.0
    parent_peak_mb: float = 0.0  # peak RSS of this process so far
    child_peak_mb: float = 0.0  # largest peak RSS of any finished child so far

    @property
    def cpu(self) -> float:
        return self.parent_cpu + self.children_cpu


def _cpu(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def _peak_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # kilobytes on Linux


class measured:
    """``with measured() as usage: ...`` fills ``usage`` when the block ends (pools must be shut down inside)."""

    def __enter__(self) -> Usage:
        self.usage = Usage()
        self._start = (time.perf_counter(), _cpu(resource.RUSAGE_SELF), _cpu(resource.RUSAGE_CHILDREN))
        return self.usage

    def __exit__(self, *exc: object) -> None:
        wall, parent, children = self._start
        self.usage.wall = time.perf_counter() - wall
        self.usage.parent_cpu = _cpu(resource.RUSAGE_SELF) - parent
        self.usage.children_cpu = _cpu(resource.RUSAGE_CHILDREN) - children
        self.usage.parent_peak_mb = _peak_mb(resource.RUSAGE_SELF)
        self.usage.child_peak_mb = _peak_mb(resource.RUSAGE_CHILDREN)


def amdahl(speedup: float, workers: int) -> float:
    """The serial fraction s that a measured ``speedup`` on ``workers`` implies: S = 1 / (s + (1 - s) / n)."""
    if workers <= 1 or speedup <= 0:
        return float("nan")
    return min(1.0, max(0.0, (workers / speedup - 1) / (workers - 1)))


def predicted_speedup(serial: float, workers: int) -> float:
    return 1 / (serial + (1 - serial) / workers)
