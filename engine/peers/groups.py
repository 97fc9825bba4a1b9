"""Leave-one-out statistics: each participant is compared with the others, never with itself."""

from __future__ import annotations

import numpy as np
import pandas as pd


def loo_mean(values: pd.Series, groups: list[pd.Series] | pd.Series) -> tuple[pd.Series, pd.Series]:
    """Mean of the *other* members of each row's group, and how many others there are.

    Missing values neither count nor contribute.

    >>> s = pd.Series([1.0, 2.0, 3.0, 6.0])
    >>> mean, n = loo_mean(s, pd.Series(["a", "a", "a", "b"]))
    >>> mean.tolist(), n.tolist()
    ([2.5, 2.0, 1.5, nan], [2, 2, 2, 0])
    """
    present = values.notna()
    grouped = values.where(present, 0.0).groupby(groups)
    total = grouped.transform("sum")
    count = present.astype(int).groupby(groups).transform("sum")
    others = count - present.astype(int)
    mean = (total - values.where(present, 0.0)) / others.where(others > 0)
    return mean, others


def loo_median(values: pd.Series, groups: list[pd.Series] | pd.Series) -> pd.Series:
    """Median of the other members of each row's group (NaN when there are none).

    >>> loo_median(pd.Series([1.0, 2.0, 3.0, 10.0]), pd.Series(["a"] * 4)).tolist()
    [3.0, 3.0, 2.0, 2.0]
    """
    result = pd.Series(np.nan, index=values.index)
    for _, index in values.groupby(groups).groups.items():
        result.loc[index] = _loo_median_block(values.loc[index].to_numpy(dtype=float))
    return result


def _loo_median_block(block: np.ndarray) -> np.ndarray:
    """Leave-one-out medians of one group, vectorised over its members."""
    out = np.full(block.shape, np.nan)
    valid = ~np.isnan(block)
    data = block[valid]
    n = data.size
    if n < 2:
        return out
    order = np.argsort(data, kind="stable")
    ranks = np.empty(n, dtype=int)
    ranks[order] = np.arange(n)
    ordered = data[order]
    m = n - 1  # size of the remaining set

    def remaining(j: np.ndarray) -> np.ndarray:
        # j-th smallest of the others: skip the member's own position in the sorted order.
        return ordered[np.where(j < ranks, j, j + 1)]

    if m % 2:
        medians = remaining(np.full(n, m // 2))
    else:
        medians = (remaining(np.full(n, m // 2 - 1)) + remaining(np.full(n, m // 2))) / 2
    out[valid] = medians
    return out
