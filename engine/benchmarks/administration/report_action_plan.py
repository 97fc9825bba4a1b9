"""Administration's action plan: one item per flagged category, with the examples the report shows."""

from __future__ import annotations

from engine.benchmarks.administration.compute import DIGITAL, SCORES, TOTAL
from engine.benchmarks.administration.report_labels import AREA_NAMES, CASES_PER_CATEGORY, FLAG_NAMES
from engine.report.action_plan import PlanItem


def plan_items(report) -> list[PlanItem]:
    """The flagged categories of ``report`` (a ``_ParticipantReport``) in the order of its sheets."""
    items = []
    for area in AREA_NAMES:
        for item in report.rows[area]:
            if item["category_id"] == TOTAL or not any(bool(item[flag]) for flag in FLAG_NAMES):
                continue
            indicators = [item["category_id"]]
            if bool(item["flag_less_centralised"]):
                indicators.append("centralisation")
            if bool(item["flag_less_digital"]):
                indicators += list(DIGITAL)
            cases = list(report.cases(indicators) or [])[:CASES_PER_CATEGORY] if report.cases else []
            flags = ", ".join(FLAG_NAMES[flag](report.lang) for flag in FLAG_NAMES if bool(item[flag]))
            label = f"{AREA_NAMES[area](report.lang)} · {report.category_label(area, item['category_id'])} – {flags}"
            items.append(PlanItem(f"{area}:{item['category_id']}", label,
                                  tuple((case.title, case.gains) for case in cases)))
    return items


def targeted_figures(item: str) -> tuple[str, ...]:
    """The key figures over the years (``report_trend``) an item's action aims to move: its area's
    FTE per norm unit and scores (the trend follows areas, not categories)."""
    area = item.split(":", 1)[0]
    if area not in AREA_NAMES:
        return ()
    return (f"{area}:fte_norm", *(f"{area}:{score}" for score in SCORES))
