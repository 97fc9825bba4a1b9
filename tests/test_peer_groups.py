"""The leave-one-out median of every group at once agrees with a plain loop over the members."""

from __future__ import annotations

import math
import statistics

import numpy as np
import pandas as pd
from hypothesis import given, settings, strategies as st

from engine.peers.groups import loo_median

# Few distinct values, so ties are common; NaN is a missing value (a suppressed or unanswered figure).
VALUES = st.sampled_from([math.nan, 0.0, 0.5, 1.0, 1.0, 2.0, -3.25, 1e-9, 1e9]) | st.floats(-1e6, 1e6)
KEYS = st.sampled_from(["finance", "hr", None])  # None: a row without a group


def reference(values: list[float], keys: list[tuple]) -> list[float]:
    """Per row: the median of the other non-missing values with the same key (NaN without any)."""
    medians = []
    for i, (value, key) in enumerate(zip(values, keys)):
        others = [v for j, (v, k) in enumerate(zip(values, keys))
                  if j != i and k == key and not math.isnan(v)]
        missing = math.isnan(value) or any(part is None for part in key) or not others
        medians.append(math.nan if missing else statistics.median(others))
    return medians


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(VALUES, KEYS, st.sampled_from(["a", "b", ""])), max_size=40))
def test_loo_median_equals_a_plain_loop(rows):
    values = [value for value, _, _ in rows]
    first = pd.Series([key for _, key, _ in rows], dtype=object)
    second = pd.Series([key for _, _, key in rows], dtype=object)
    got = loo_median(pd.Series(values, dtype=float), [first, second]).tolist()
    expected = reference(values, list(zip(first, second)))
    # Exactly equal: the same values are picked and an even count averages two the same way.
    assert [None if math.isnan(x) else x for x in got] == [None if math.isnan(x) else x for x in expected]


def test_loo_median_of_groups_too_small_or_all_missing():
    values = pd.Series([5.0, np.nan, np.nan, 1.0, 2.0, 4.0, 7.0])
    groups = pd.Series(["alone", "missing", "missing", "four", "four", "four", "four"])
    result = loo_median(values, groups)
    assert result[:3].isna().all()  # one member: no others; missing members: no value
    assert result[3:].tolist() == [4.0, 4.0, 2.0, 2.0]
    assert loo_median(pd.Series([], dtype=float), pd.Series([], dtype=object)).empty
