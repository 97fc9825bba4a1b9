"""The split rule of table sheets: a given row's amounts (an accounts total) against the rows that split it.

Per numeric column the parts must add up to the given total, within :data:`SPLIT_TOLERANCE`; the
template shows the same check live (:mod:`engine.templates.splits`).
"""

from __future__ import annotations

from engine.spec import TableSheet
from engine.text import Text
from engine.validation.issues import Issue

SPLIT_TOLERANCE = 1.0  # rounding below one krone is not a difference


def split_issues(sheet: TableSheet, rows: dict, file: str, sheet_name: str, lang: str) -> list[Issue]:
    """Per split row and numeric column: the parts must add up to the given total.

    Silent where the total or a part is missing or invalid: that cell has its own finding.
    """
    issues = []
    for item in sheet.split_rows:
        parts = sheet.parts(item.key)
        if item.key not in rows or any(part.key not in rows for part in parts):
            continue
        for field in sheet.columns:
            if not field.is_numeric:
                continue
            total = rows[item.key][field.id].value
            amounts = [rows[part.key][field.id].value for part in parts]
            if total is None or any(amount is None for amount in amounts):
                continue
            if abs(total - sum(amounts)) >= SPLIT_TOLERANCE:
                first = rows[parts[0].key][field.id]
                issues.append(Issue("split-mismatch", file, sheet_name, first.ref, field.id, {
                    "field": field.label, "group": item.label, "total": total, "sum": sum(amounts),
                    "difference": round(total - sum(amounts), 2),
                    "parts": Text(", ".join(p.label.da for p in parts), ", ".join(p.label.en for p in parts)),
                    "total_cell": rows[item.key][field.id].ref}))
    return issues
