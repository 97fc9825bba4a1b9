"""Where a jobcenter participant stands among the other participants, and when that is a flag.

The position is a band between the others' quartiles (or, with too few others for quartiles, the
median), with the number of others: never more than the disclosure policy already shows
(engine.report.disclosure). A **flag** is raised on a cost or FTE figure only when it is beyond the
worse quartile (above the upper quartile: more cost is worse) *and* at least ``flag_distance``
(a fraction, default 25 %) from the others' median: beyond the quartile alone a quarter of all
participants would be flagged on every figure, and a cost 2 % over the quartile is not worth a
conversation. The rule is computed by ``compute.flagged`` (engine) and written as a live formula
by ``report_unit`` (its engine twin ``report_unit.position``); the parameter is on the Method
sheet and the sentences quote it.

>>> item = {"unit_total": 130.0, "unit_total_q1": 90.0, "unit_total_median": 100.0, "unit_total_q3": 110.0,
...         "unit_total_n": 29}
>>> band("unit_total", item), band_text(item, "unit_total", "en")
('above_q3', 'above upper quartile (n = 29)')
"""

from __future__ import annotations

from engine.report.formats import finite
from engine.text import Text

BANDS = {
    "below_q1": Text("under nedre kvartil", "below lower quartile"),
    "q1_median": Text("nedre kvartil – median", "lower quartile – median"),
    "median_q3": Text("median – øvre kvartil", "median – upper quartile"),
    "above_q3": Text("over øvre kvartil", "above upper quartile"),
    "below_median": Text("under medianen", "below the median"),
    "above_median": Text("over medianen", "above the median"),
}


def band(measure: str, item) -> str:
    """The band code of ``item[measure]`` among the others (``measure_{q1,median,q3}``); "" if unknown."""
    value, q1, median, q3 = (item[f"{measure}{suffix}"] for suffix in ("", "_q1", "_median", "_q3"))
    if not (finite(value) and finite(median)):
        return ""
    if finite(q1) and finite(q3):
        if value > q3:
            return "above_q3"
        if value < q1:
            return "below_q1"
        return "median_q3" if value > median else "q1_median"
    return "above_median" if value > median else "below_median"


def band_text(item, measure: str, lang: str) -> str:
    code = band(measure, item)
    if not code:
        return ""
    return f"{BANDS[code](lang)} (n = {int(item[f'{measure}_n'])})"

