"""Botilbud's key figures over the years: the productivity, time-use and staffing indicators."""

from __future__ import annotations

from engine.benchmarks.botilbud.indicators import INDICATORS
from engine.report.trends import TrendFigure

# The headline indicators (one per area of the method); the rest stay in this year's sheets.
_KEY = ("user_hours_per_1000_dkk", "user_share", "direct_share", "documentation_share",
        "staff_per_citizen_weekday", "temp_share", "turnover")
_CHARTED = ("user_hours_per_1000_dkk", "direct_share", "staff_per_citizen_weekday", "turnover")
FIGURES = tuple(TrendFigure(i.id, i.name, i.number_format, chart=i.id in _CHARTED) for i in INDICATORS if i.id in _KEY)


def key_figures(results):
    """index facility, one column per figure: the facility's own value (NaN where it has none)."""
    table = results.indicators.pivot(index="facility", columns="indicator", values="value")
    return table.reindex(columns=[f.id for f in FIGURES])
