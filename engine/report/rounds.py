"""What every report of a round shares, prepared once per round instead of once per report.

A round's reports are written one after another from the same results object (in one process, or
in each worker of the pool, which receives the results once). Splitting the round's long frames by
participant, converting them to records and reading label tables are the same work for each
report; :func:`per_round` does it on the first report and hands the result to the others.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import TypeVar

T = TypeVar("T")

# (results object, builder) -> what the builder made of it. Only the latest round is kept: a
# process writes one round's reports at a time, and an older round must not stay in memory.
_CACHE: dict[Callable, tuple[object, object]] = {}


def per_round(results: object, build: Callable[[object], T]) -> T:
    """``build(results)``, computed once for this results object (by identity) and then reused.

    The results of a round are treated as read-only once computed; a new round (or the same
    round computed again, e.g. with other parameters) is a new object and is built afresh.
    """
    cached = _CACHE.get(build)
    if cached is None or cached[0] is not results:
        cached = (results, build(results))
        _CACHE[build] = cached
    return cached[1]  # type: ignore[return-value]


def rows_of(results: object, frame: str, participant: object, column: str = "facility"):
    """The rows of ``results.<frame>`` whose ``column`` is ``participant``, as a boolean filter gives them.

    The frame is split by ``column`` once per round (same rows, order, index and dtypes as
    ``frame[frame[column] == participant]``), instead of comparing the whole column per report.
    """
    groups, empty = per_round(results, _splitter(frame, column))
    return groups.get(participant, empty)


@cache
def _splitter(frame: str, column: str) -> Callable[[object], tuple[dict, object]]:
    def split(results: object) -> tuple[dict, object]:
        table = getattr(results, frame)
        return dict(iter(table.groupby(column, sort=False))), table.iloc[0:0]
    return split
