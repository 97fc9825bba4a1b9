"""Botilbud's action plan: one item per indicator where the facility is notably weaker than its peers."""

from __future__ import annotations

from engine.benchmarks.botilbud.indicators import indicator
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
