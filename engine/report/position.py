"""Where a participant stands among its comparison group (a quartile band, or a half, with n), and when that is a flag.

The band is read off the statistics the disclosure policy lets the report show, and nothing else
(docs/method.md, "Position among the peers"): with at least 2 × ``min_group`` others the quartiles are
shown and the band is the quarter the own figure falls in; with at least ``min_group`` others only
the median is shown and the band is the half; below that, nothing. No rank ("3rd of 9") is ever
shown: with a small group a rank is a bound on another participant's figure (first of 9 says every
other is above), which is exactly what the policy keeps out of a report. Because the band is a
function of the own figure and the statistics beside it, a live formula recomputes it in the sheet
(:func:`band_formula`) and it reveals nothing the sheet does not already show.

A **flag** (every benchmark) needs both the spread and a distance: the own figure in the worse band
(:func:`in_worse_band`: beyond the worse quartile; with only the median shown, beyond it; with neither,
the distance alone decides) and worse than the comparison median by more than a share of it and/or a
distance in the figure's own unit (:func:`far_from`). Each has a twin that writes the same expression
as a spreadsheet condition, so a report's live flag is the engine's rule.

>>> from engine.report.disclosure import DisclosurePolicy
>>> band_codes([1.0, 5.0, 9.0], [2.0] * 3, [4.0] * 3, [6.0] * 3, [12, 7, 3], DisclosurePolicy(5)).tolist()
[1, 6, 0]
>>> band_text(1, 12, "en"), band_text(6, 7, "da")
('lowest quarter (n = 12)', 'øverste halvdel (n = 7)')
>>> band_formula("B2", "C2", "D2", "E2", "F2", "en", quartiles=False)
'=IF(B2<=D2+1E-09*MAX(1,ABS(D2)),"lower half","upper half")&" (n = "&F2&")"'
"""

from __future__ import annotations

import numpy as np

from engine.peers.comparison import AT_MEDIAN_TOLERANCE, tolerance_formula
from engine.report.disclosure import DisclosurePolicy
from engine.text import Text

HIDDEN, LOWER_HALF, UPPER_HALF = 0, 5, 6  # 1–4: the quarter, lowest first
BANDS = {
    1: Text("nederste kvartil", "lowest quarter"),
    2: Text("2. kvartil", "second quarter"),
    3: Text("3. kvartil", "third quarter"),
    4: Text("øverste kvartil", "highest quarter"),
    LOWER_HALF: Text("nederste halvdel", "lower half"),
    UPPER_HALF: Text("øverste halvdel", "upper half"),
}
HEADER = Text("Placering blandt de øvrige", "Position among the others")


def band_codes(value, q1, median, q3, n, policy: DisclosurePolicy) -> np.ndarray:
    """The band of each own ``value`` (0 where the policy shows no median, or the value is missing).

    A value at a boundary belongs to the lower band; "at" allows the one tolerance of
    :mod:`engine.peers.comparison` (an average in the sheet and the engine's mean of the same scores may
    differ in their last digits, and scores of 0, ½ and 1 tie with a quartile often).
    """
    value, q1, median, q3 = (np.asarray(x, dtype=float) for x in (value, q1, median, q3))
    n = np.asarray(n)
    quartiles = policy.allows("q1", n) & np.isfinite(q1) & np.isfinite(q3)
    halves = policy.allows("median", n) & np.isfinite(median)

    def at_most(bound):
        return value <= bound + AT_MEDIAN_TOLERANCE * np.maximum(1.0, np.abs(bound))

    with np.errstate(invalid="ignore"):
        quarter = np.where(at_most(q1), 1, np.where(at_most(median), 2, np.where(at_most(q3), 3, 4)))
        half = np.where(at_most(median), LOWER_HALF, UPPER_HALF)
    codes = np.where(quartiles, quarter, np.where(halves, half, HIDDEN))
    return np.where(np.isfinite(value), codes, HIDDEN).astype(int)


def beyond(value, bound, side: str):
    """Strictly beyond ``bound`` on ``side`` ("below"/"above"), by more than the tolerance (arrays or numbers)."""
    margin = AT_MEDIAN_TOLERANCE * np.maximum(1.0, np.abs(bound))
    return (value < bound - margin) if side == "below" else (value > bound + margin)


def beyond_formula(own: str, bound: str, side: str) -> str:
    """:func:`beyond` as a spreadsheet condition over the cells (or expressions) ``own`` and ``bound``."""
    return (f"{own}<{bound}-{tolerance_formula(bound)}" if side == "below"
            else f"{own}>{bound}+{tolerance_formula(bound)}")


def in_worse_band(value, q1, median, q3, side: str):
    """The spread condition of a flag, ``side`` being the worse one ("above": more is worse; "below").

    With quartiles shown: strictly beyond the worse quartile (the worst quarter of the others). With
    only the median shown (``min_group`` to 2 × ``min_group`` − 1 others): strictly beyond the median
    (the worse half) — the distance the flag also needs carries more of the weight there. With neither:
    True (nothing about the spread is shown, so the distance alone decides). "Strictly beyond" allows
    the tolerance of :mod:`engine.peers.comparison`. Arrays or numbers; a missing ``value`` is False.

    >>> in_worse_band([7.0, 7.0, 7.0], [2.0, np.nan, np.nan], [4.0, 6.0, np.nan], [8.0, np.nan, np.nan], "above").tolist()
    [False, True, True]
    """
    value, q1, median, q3 = (np.asarray(x, dtype=float) for x in (value, q1, median, q3))
    quartiles = np.isfinite(q1) & np.isfinite(q3)
    worse_quartile = q3 if side == "above" else q1
    with np.errstate(invalid="ignore"):
        condition = np.where(quartiles, beyond(value, worse_quartile, side),
                             np.where(np.isfinite(median), beyond(value, median, side), True))
    return condition & np.isfinite(value)


def worse_band_formula(own: str, q1: str, median: str, q3: str, side: str, shown: str) -> str | None:
    """:func:`in_worse_band` as a spreadsheet condition; ``shown`` is "quartiles", "median" or "" (None: no condition)."""
    if shown == "quartiles":
        return beyond_formula(own, q3 if side == "above" else q1, side)
    return beyond_formula(own, median, side) if shown == "median" else None


def far_from(value, median, side: str, relative=0.0, absolute=0.0):
    """Worse than ``median`` on ``side`` ("above": more is worse) by more than ``relative`` × |median| and
    by more than ``absolute`` (the figure's own unit), beyond the tolerance; a median of 0 is no yardstick
    (docs/method.md, "One comparator"): False. Arrays or numbers; anything missing is False.

    >>> far_from([1.2, 1.3, 0.5], [1.0, 1.0, 0.0], "above", relative=0.25).tolist()
    [False, True, False]
    """
    value, median = np.asarray(value, dtype=float), np.asarray(median, dtype=float)
    worse = (value - median) if side == "above" else (median - value)
    margin = np.asarray(relative, dtype=float) * np.abs(median) + AT_MEDIAN_TOLERANCE * np.maximum(1.0, np.abs(median))
    with np.errstate(invalid="ignore"):
        return (median != 0) & (worse > margin) & (worse > np.asarray(absolute, dtype=float))


def far_from_formula(own: str, median: str, side: str, relative: str = "0", absolute: str | None = None) -> str:
    """:func:`far_from` as a spreadsheet condition; ``relative`` and ``absolute`` are cells, names or numbers."""
    worse = f"({own}-{median})" if side == "above" else f"({median}-{own})"
    conditions = [f"{median}<>0", f"{worse}>{relative}*ABS({median})+{tolerance_formula(median)}"]
    if absolute is not None:
        conditions.append(f"{worse}>{absolute}")
    return ",".join(conditions)


def flag(value, q1, median, q3, side: str, relative=0.0, absolute=0.0):
    """The flag rule of every benchmark when the spread and the distance are over the same others: in the
    worse band (:func:`in_worse_band`) and far from the median (:func:`far_from`)."""
    return in_worse_band(value, q1, median, q3, side) & far_from(value, median, side, relative, absolute)


def band_text(code: int, n: int, lang: str) -> str:
    """"lowest quarter (n = 12)"; "" for a hidden band."""
    if int(code) == HIDDEN:
        return ""
    return f"{BANDS[int(code)](lang)} (n = {int(n)})"


def item_band_text(item, measure: str, policy: DisclosurePolicy, lang: str) -> str:
    """The band text of ``item[measure]`` among the others, read from ``item[measure + "_q1"/"_median"/"_q3"/"_n"]``
    (a row or a dict); "" where the policy shows no median."""
    keys = [f"{measure}{suffix}" for suffix in ("", "_q1", "_median", "_q3", "_n")]
    value, q1, median, q3, n = (item[key] for key in keys)
    n = int(n) if np.isfinite(float(n)) else 0
    return band_text(int(band_codes([value], [q1], [median], [q3], [n], policy)[0]), n, lang)


def guarded_band_formula(own: str, q1: str, median: str, q3: str, n: str, lang: str, quartiles: bool) -> str:
    """:func:`band_formula`, empty while the own figure or a statistic it reads is not a number (a "–"
    that a changed parameter on the method sheet may put there)."""
    cells = [own, median, *((q1, q3) if quartiles else ())]
    band = band_formula(own, q1, median, q3, n, lang, quartiles)[1:]
    return f'=IF(COUNT({",".join(cells)})<{len(cells)},"",{band})'


def band_formula(own: str, q1: str, median: str, q3: str, n: str, lang: str, quartiles: bool) -> str:
    """The band as a live formula over the cells (or expressions) of the own figure and the shown statistics."""
    words = {code: f'"{text(lang)}"' for code, text in BANDS.items()}

    def at_most(bound: str) -> str:
        return f"{own}<={bound}+{tolerance_formula(bound)}"

    if quartiles:
        band = (f"IF({at_most(q1)},{words[1]},IF({at_most(median)},{words[2]},"
                f"IF({at_most(q3)},{words[3]},{words[4]})))")
    else:
        band = f"IF({at_most(median)},{words[LOWER_HALF]},{words[UPPER_HALF]})"
    return f'={band}&" (n = "&{n}&")"'
