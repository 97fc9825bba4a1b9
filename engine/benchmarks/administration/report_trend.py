"""Administration's key figures over the years: per area the three scores and FTE per norm unit."""

from __future__ import annotations

from engine.benchmarks.administration.compute import AREAS, SCORES, TOTAL
from engine.benchmarks.administration.report_labels import AREA_NAMES, SCORE_NAMES
from engine.report.formats import FTE_NORM, SCORE
from engine.report.trends import TrendFigure
from engine.text import Text

_CHARTED = ("centralisation", "fte_norm")  # per area; the digital scores are in the table
_FTE_NORM = Text("Årsværk pr. normenhed", "FTE per norm unit")
FIGURES = tuple(
    TrendFigure(f"{area}:{measure}", Text(f"{AREA_NAMES[area].da}: {label.da.lower()}",
                                          f"{AREA_NAMES[area].en}: {label.en.lower()}"), fmt,
                chart=measure in _CHARTED)
    for area in AREAS
    for measure, label, fmt in [*((score, SCORE_NAMES[score], SCORE) for score in SCORES),
                                ("fte_norm", _FTE_NORM, FTE_NORM)])


def key_figures(results):
    """index participant, one column per figure: the area totals (category ``total``)."""
    totals = results.categories[results.categories["category_id"] == TOTAL]
    table = totals.pivot(index="participant", columns="area", values=[*SCORES, "fte_norm"])
    table.columns = [f"{area}:{measure}" for measure, area in table.columns]
    return table.reindex(columns=[f.id for f in FIGURES]).astype(float)
