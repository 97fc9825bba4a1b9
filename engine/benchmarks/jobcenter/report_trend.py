"""Jobcenter's key figures over the years: unit cost, the realised support rate and its effect."""

from __future__ import annotations

from engine.report.trends import TrendFigure
from engine.text import Text

FIGURES = (
    TrendFigure("unit_total", Text("Omkostning pr. person i målgrupperne (kr.)",
                                   "Cost per person in the target groups (DKK)"), "#,##0"),
    TrendFigure("realised_rate", Text("Realiseret selvforsørgelsesgrad", "Realised self-support rate"), "0.0%"),
    TrendFigure("effect_pp", Text("Effekt (procentpoint over forventet)", "Effect (points above expected)"),
                "+0.0;-0.0;0.0"),
    TrendFigure("fte", Text("Årsværk i alt", "FTE in total"), "#,##0.0"),
)


def key_figures(results):
    """index municipality, one column per figure."""
    return results.municipalities.reindex(columns=[f.id for f in FIGURES]).astype(float)
