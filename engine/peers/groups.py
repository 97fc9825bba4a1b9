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

    Missing values neither count nor contribute; a row whose group key is missing has no group.

    >>> loo_median(pd.Series([1.0, 2.0, 3.0, 10.0]), pd.Series(["a"] * 4)).tolist()
    [3.0, 3.0, 2.0, 2.0]
    """
    data = values.to_numpy(dtype=float)
    codes = values.groupby(groups, sort=False).ngroup().to_numpy(dtype=float)  # NaN: no group
    out = np.full(data.shape, np.nan)
    rows = np.flatnonzero(~np.isnan(data) & ~np.isnan(codes))
    if rows.size:
        out[rows] = _loo_medians(data[rows], codes[rows].astype(np.int64))
    return pd.Series(out, index=values.index)


def loo_quantile(values: pd.Series, groups: list[pd.Series] | pd.Series, p: float) -> pd.Series:
    """The ``p`` quantile of the other members of each row's group, as Excel's QUARTILE.INC/PERCENTILE.INC.

    Over the m others sorted, position h = p·(m − 1) counted from 0; between two values it
    interpolates linearly (numpy's default "linear" method). NaN where there are no others.

    >>> loo_quantile(pd.Series([1.0, 2.0, 3.0, 4.0, 10.0]), pd.Series(["a"] * 5), 0.25).tolist()
    [2.75, 2.5, 1.75, 1.75, 1.75]
    """
    data = values.to_numpy(dtype=float)
    codes = values.groupby(groups, sort=False).ngroup().to_numpy(dtype=float)
    out = np.full(data.shape, np.nan)
    rows = np.flatnonzero(~np.isnan(data) & ~np.isnan(codes))
    if rows.size:
        out[rows] = _loo_medians(data[rows], codes[rows].astype(np.int64), p)
    return pd.Series(out, index=values.index)


def _loo_medians(data: np.ndarray, codes: np.ndarray, p: float | None = None) -> np.ndarray:
    """Leave-one-out medians of every group at once (no missing values in ``data``).

    Sorted by group, then value, each group is a contiguous run; a member's median is read from
    its group's run with the member's own position skipped. Tied values are interchangeable, so
    which of two equal members counts as "itself" does not change any median.
    """
    order = np.lexsort((data, codes))
    ordered = data[order]
    counts = np.bincount(codes)
    starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
    start, n = starts[codes], counts[codes]
    rank = np.empty(data.size, dtype=np.int64)
    rank[order] = np.arange(data.size) - starts[codes[order]]  # position within its group's run
    m = n - 1  # size of the remaining set

    def remaining(j: np.ndarray) -> np.ndarray:
        # j-th smallest of the others: skip the member's own position in the sorted run.
        return ordered[np.clip(start + np.where(j < rank, j, j + 1), 0, data.size - 1)]  # clipped: unused lanes

    if p is not None:  # the p quantile of the others, interpolated as QUARTILE.INC
        position = p * np.maximum(m - 1, 0)
        low = np.floor(position).astype(np.int64)
        fraction = position - low
        high = np.minimum(low + 1, np.maximum(m - 1, 0))
        quantiles = remaining(low) + fraction * (remaining(high) - remaining(low))
        return np.where(n >= 2, quantiles, np.nan)
    half = m // 2
    medians = np.where(m % 2 == 1, remaining(half), (remaining(half - 1) + remaining(half)) / 2)
    return np.where(n >= 2, medians, np.nan)
