"""Which botilbud indicators are flagged as notably weaker, and the round's spread the flag reads.

docs/method.md, "Comparison, suppression, flags": a flag needs a distance from the matched peers' median
that matters (``weakness_threshold`` × |median|, and the indicator's minimum distance in its own unit)
*and* a place in the worst quarter of all other facilities of the round (the worse half where the round
has only 5–9 others, too few for quartiles). The five matched peers are too few for quartiles under the
disclosure policy, so the spread is the round's (leave-one-out).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from engine.benchmarks.botilbud.indicators import INDICATORS
from engine.peers.groups import loo_median, loo_quantile
from engine.report.disclosure import DisclosurePolicy
from engine.report.position import band_codes, far_from, in_worse_band


def with_round_spread(frame: pd.DataFrame, policy: DisclosurePolicy) -> pd.DataFrame:
    """``frame`` (facility × indicator, long) with round_n, round_median, round_q1, round_q3 and band."""
    # The spread: quartiles of all *other* facilities of the round with a value (the five matched peers
    # are too few for quartiles under the disclosure policy), and the facility's quarter among them.
    others = frame.groupby("indicator", sort=False)["value"].transform("count") - frame["value"].notna()
    frame["round_n"] = others.astype(int)
    frame["round_median"] = policy.shown("median", loo_median(frame["value"], frame["indicator"]).to_numpy(), others)
    for name, p in (("q1", 0.25), ("q3", 0.75)):
        quartile = loo_quantile(frame["value"], frame["indicator"], p).to_numpy()
        frame[f"round_{name}"] = policy.shown(name, quartile, others.to_numpy())
    # Two statistics over groups one member apart can give that member away: where the cluster's others
    # (shown beside) are all the round's others but one, the round's statistics are hidden.
    one_apart = frame["cluster_median"].notna() & (others - frame["cluster_n"] == 1)
    frame.loc[one_apart, ["round_median", "round_q1", "round_q3"]] = np.nan
    frame["band"] = band_codes(frame["value"], frame["round_q1"], frame["round_median"], frame["round_q3"],
                               frame["round_n"], policy)
    return frame


def weak_flags(value: pd.Series, median: pd.Series, indicator_ids: pd.Series, params,
               q1: pd.Series | None = None, q3: pd.Series | None = None,
               round_median: pd.Series | None = None) -> pd.Series:
    """Notably weaker: worse than the peer median by more than ``weakness_threshold`` × |median| *and* by
    more than the indicator's minimum distance (its ``min_difference`` parameter, in the indicator's own
    unit), *and* in the worse band of all other facilities (:func:`engine.report.position.in_worse_band`:
    beyond the worse quartile ``q1``/``q3`` where the disclosure policy shows them, beyond the round's
    median where only that is shown; without either, the distances alone decide).

    Worse = own − median where lower is better, median − own where higher is better. A median of 0
    flags nothing: a share of 0 is no yardstick (docs/method.md, "One comparator"). Worse by no more
    than the tolerance of ``engine.peers.comparison`` counts as at the median. Neutral indicators,
    inverses and suppressed comparisons are never flagged. The report's flag formula is the same
    expression.
    """
    flaggable = indicator_ids.map({i.id: i.flaggable for i in INDICATORS}).fillna(False).astype(bool).to_numpy()
    floor = indicator_ids.map({i.id: (getattr(params, i.min_difference) if i.min_difference else 0.0)
                               for i in INDICATORS}).astype(float).to_numpy()
    above = indicator_ids.map({i.id: i.better == "lower" for i in INDICATORS}).fillna(False).astype(bool).to_numpy()
    nothing = pd.Series(np.nan, index=value.index)
    q1, q3, round_median = (nothing if s is None else s for s in (q1, q3, round_median))
    weak = np.zeros(len(value), dtype=bool)
    for side, rows in (("above", above), ("below", ~above)):
        # Distance from the five matched peers' median; spread among all other facilities of the round.
        distance = far_from(value, median, side, params.weakness_threshold, floor)
        spread = in_worse_band(value, q1, round_median, q3, side)
        weak |= rows & distance & spread
    return pd.Series(weak & flaggable, index=value.index)
