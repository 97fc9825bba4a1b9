"""Rows of a pandas frame for cell writing, without pandas' per-call costs.

``frame.itertuples()`` builds a new namedtuple class on every call (about 1 ms each, a dozen times
per report); :func:`named_rows` reuses one class per set of column names and gives the same rows.
"""

from __future__ import annotations

from collections import namedtuple
from functools import cache


def named_rows(frame) -> list:
    """``list(frame.itertuples(index=False))``: the same values and attribute names, one class per columns."""
    make = _row_class(tuple(map(str, frame.columns)))._make
    return [make(values) for values in frame.itertuples(index=False, name=None)]


@cache
def _row_class(columns: tuple[str, ...]):
    return namedtuple("Row", columns, rename=True)  # rename=True: as itertuples names odd columns
