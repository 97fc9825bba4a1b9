"""Which side of the median a figure is on, with one tolerance for "at the median".

A participant's own figure and its comparison group's median are computed along different paths (the
engine and a spreadsheet, a formula over the inputs and a median of stored values), so two figures that
are the same may differ in their last digits. Every rule that asks "at or on the good side of the
median?" (chart colours, flags) therefore counts a difference of at most :data:`AT_MEDIAN_TOLERANCE`
× max(1, |median|) as equal: at the median is good, never worse. Live formulas state the same
expression (:func:`tolerance_formula`).

>>> worse_by(0.30000000000000004, 0.3, "lower") > 0, at_or_better(0.30000000000000004, 0.3, "lower")
(True, True)
>>> TOLERANCE_TEXT.en, tolerance_formula("C5")
('10⁻⁹ × the larger of 1 and |median|', '1E-09*MAX(1,ABS(C5))')
>>> at_or_better(0.31, 0.3, "lower"), at_or_better(0.31, 0.3, "higher"), at_or_better(5.0, 7.0, None)
(False, True, True)
"""

from __future__ import annotations

import math

from engine.text import Text

AT_MEDIAN_TOLERANCE = 1e-9


def _power_of_ten(value: float) -> str:
    """``1e-9`` -> "10⁻⁹" (the tolerance as a method text states it)."""
    exponent = round(math.log10(value))
    return "10" + str(exponent).translate(str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹"))


TOLERANCE_TEXT = Text(f"{_power_of_ten(AT_MEDIAN_TOLERANCE)} × den største af 1 og |medianen|",
                      f"{_power_of_ten(AT_MEDIAN_TOLERANCE)} × the larger of 1 and |median|")


def tolerance(median: float) -> float:
    """The largest difference from ``median`` that still counts as at the median."""
    return AT_MEDIAN_TOLERANCE * max(1.0, abs(median))


def tolerance_formula(median: str) -> str:
    """:func:`tolerance` as a spreadsheet expression over the cell or expression ``median``."""
    return f"{AT_MEDIAN_TOLERANCE:G}*MAX(1,ABS({median}))"


def worse_by(value: float, median: float, better: str | None) -> float:
    """How much worse than ``median`` the value is in its bad direction (negative: better; 0 without one)."""
    if better is None:
        return 0.0
    return (value - median) if better == "lower" else (median - value)


def at_or_better(value: float, median: float, better: str | None) -> bool:
    """At the median (within the tolerance) or on its good side; always True without a better direction."""
    return worse_by(value, median, better) <= tolerance(median)
