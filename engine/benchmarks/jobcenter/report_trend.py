"""Jobcenter's key figures over the years: those computed from the stored workbooks alone.

An earlier round is computed again from its stored staff lists, allocations and konto 5 budgets.
Its register (persons per target group, the realised support rate) is a file the consultant hands
to ``run``, not kept in the store, so the figures that need it (unit cost per person, the realised
rate and its effect) cannot be recomputed for earlier years and are not in the trend.
"""

from __future__ import annotations

from engine.report.trends import TrendFigure
from engine.text import Text

FIGURES = (
    TrendFigure("fte", Text("Årsværk i alt", "FTE in total"), "#,##0.0"),
    TrendFigure("shared_fte", Text("Årsværk på fælles opgaver", "FTE on shared tasks"), "#,##0.0"),
    TrendFigure("cost_total", Text("Omkostninger i alt, konto 6 og 5 (kr.)", "Costs in total, accounts 6 and 5 (DKK)"),
                "#,##0"),
    TrendFigure("konto5", Text("Konto 5 (kr.)", "Account 5 (DKK)"), "#,##0"),
)


def key_figures(results):
    """index municipality, one column per figure."""
    return results.municipalities.reindex(columns=[f.id for f in FIGURES]).astype(float)
