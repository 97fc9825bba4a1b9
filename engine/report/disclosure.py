"""The disclosure policy every benchmark applies: which statistics of a group of others a report may show.

docs/method.md, "Disclosure control", is the contract; each benchmark's parameters carry
``min_group`` (default :data:`DEFAULT_MIN_GROUP`) and hand it to :class:`DisclosurePolicy`.

- A participant's report names only participants who consented; the consultant's overview names
  everyone.
- A median (and a count) of the others needs at least ``min_group`` values.
- Quartiles need at least ``QUARTILE_FACTOR × min_group``: over few values the quartiles and the
  median together are the individual values (over 3 values Q1, median and Q3 give all three; over
  5 they *are* the 2nd, 3rd and 4th).
- Minimum and maximum are individual values: never shown.
- No two statistics over groups that differ by one member (all and all-but-one), and no anonymous
  point with a coordinate that is public or named elsewhere in the workbook: others are shown as a
  distribution (quartiles, median), named only with consent.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from engine.text import Text

DEFAULT_MIN_GROUP = 5
QUARTILE_FACTOR = 2
STATISTICS = ("n", "median", "mean", "q1", "q3")  # "min" and "max" are never allowed


@dataclass(frozen=True)
class DisclosurePolicy:
    """The group sizes from which each statistic may be shown.

    >>> policy = DisclosurePolicy(5)
    >>> [policy.allows("median", 5), policy.allows("q1", 9), policy.allows("q3", 10), policy.allows("max", 99)]
    [True, False, True, False]
    """

    min_group: int = DEFAULT_MIN_GROUP

    def __post_init__(self) -> None:
        if isinstance(self.min_group, bool) or not isinstance(self.min_group, (int, np.integer)) or self.min_group < 3:
            raise ValueError(f"min_group must be a whole number of at least 3 (with fewer, a median is an individual "
                             f"value or the mean of two); got {self.min_group!r}.")

    @property
    def min_quartiles(self) -> int:
        return QUARTILE_FACTOR * int(self.min_group)

    def minimum(self, statistic: str) -> int | None:
        """The smallest group for ``statistic``; None: never shown."""
        if statistic in ("q1", "q3"):
            return self.min_quartiles
        if statistic in STATISTICS:
            return int(self.min_group)
        return None

    def allows(self, statistic: str, n) -> bool | np.ndarray:
        """Whether ``statistic`` over ``n`` values may be shown (``n`` a number or an array)."""
        least = self.minimum(statistic)
        if least is None:
            return np.zeros(np.shape(n), dtype=bool) if np.ndim(n) else False
        return np.asarray(n) >= least if np.ndim(n) else bool(n >= least)

    def shown(self, statistic: str, values, n):
        """``values`` where the group is large enough for ``statistic``, NaN elsewhere."""
        return np.where(self.allows(statistic, n), values, np.nan)

    def sentence(self, unit: Text) -> Text:
        """The rule in the report's own words, e.g. unit = Text("kommuner", "municipalities")."""
        n, q = int(self.min_group), self.min_quartiles
        return Text(f"En median vises kun over mindst {n} {unit.da}, kvartiler kun over mindst {q}; mindste og største "
                    "værdi vises aldrig, og en anden deltager vises aldrig som et enkelt tal ved siden af noget, der er "
                    "offentligt eller står med navn i arbejdsbogen.",
                    f"A median is shown only over at least {n} {unit.en}, quartiles only over at least {q}; the smallest "
                    "and largest values are never shown, and another participant is never shown as a single figure "
                    "beside anything that is public or named in the workbook.")
