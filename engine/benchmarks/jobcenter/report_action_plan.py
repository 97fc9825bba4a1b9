"""Jobcenter's action plan: one item per target group or task where the municipality stands out."""

from __future__ import annotations

from engine.benchmarks.jobcenter.report_labels import LABELS
from engine.report.action_plan import PlanItem

EXAMPLES_PER_ITEM = 3


def plan_items(report) -> list[PlanItem]:
    """What ``report`` (a ``MunicipalityReport``) singles out (``stands_out``: above the others' upper
    quartile), each with the catalogue's cases for its indicator."""
    items = []
    for item in report.results.rows("stands_out", report.code).itertuples():
        cases = list(report.cases([item.indicator]) or [])[:EXAMPLES_PER_ITEM]
        items.append(PlanItem(f"{item.kind}:{item.code}", LABELS[item.code](report.lang),
                              tuple((case.title, case.gains) for case in cases)))
    return items


def targeted_figures(item: str) -> tuple[str, ...]:
    """The key figures over the years (``report_trend``: the municipality's totals, the register is not
    stored) an item aims to move: a target group's costs and FTE, a task's FTE."""
    kind = item.split(":", 1)[0]
    return {"group": ("cost_total", "fte"), "task": ("fte",)}.get(kind, ())
