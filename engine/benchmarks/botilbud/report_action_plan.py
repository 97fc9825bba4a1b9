"""Botilbud's action plan: one item per indicator where the facility is notably weaker than its peers."""

from __future__ import annotations

from engine.benchmarks.botilbud.indicators import indicator
from engine.benchmarks.botilbud.report_trend import FIGURES
from engine.report.action_plan import PlanItem

EXAMPLES_PER_ITEM = 3


def plan_items(report) -> list[PlanItem]:
    """The flagged ('weak') indicators of ``report`` (a ``FacilityReport``), each with the catalogue's cases
    for its code, most relevant first."""
    items = []
    for indicator_id, _ in report.rows[report.rows["weak"]].iterrows():
        declaration = indicator(indicator_id)
        cases = list(report.cases([declaration.code]) or [])[:EXAMPLES_PER_ITEM]
        items.append(PlanItem(indicator_id, declaration.name(report.lang),
                              tuple((case.title, case.gains) for case in cases)))
    return items


# Indicators not among the key figures over the years, followed through the key figure they are part of.
_FOLLOWED_THROUGH = {"dkk_per_user_hour": "user_hours_per_1000_dkk", "direct_share_sd_staff": "direct_share",
                     "direct_share_sd_days": "direct_share", "direct_share_iqr": "direct_share"}


def targeted_figures(item: str) -> tuple[str, ...]:
    """The key figure over the years (``report_trend``) an item (a weak indicator) aims to move: the
    indicator itself, or the key figure it is part of; none for the others."""
    key = {figure.id for figure in FIGURES}
    figure = item if item in key else _FOLLOWED_THROUGH.get(item)
    return (figure,) if figure in key else ()
