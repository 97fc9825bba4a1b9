"""Check one input cell of a workbook against its declared field, keeping the finding's location.

Shared by the readers of form, table and record sheets (:mod:`engine.validation.validate`,
:mod:`engine.validation.records`), so every sheet kind reports a cell the same way.
"""

from __future__ import annotations

from engine.spec import Field
from engine.validation.checks import check_value
from engine.validation.issues import Issue
from engine.validation.submission import Value
from engine.workbook.archive import Archive
from engine.workbook.cells import cell_ref
from engine.workbook.read import SheetGrid


def check_cell(field: Field, grid: SheetGrid, archive: Archive, row: int, col: int, lang: str, file: str,
               issues: list[Issue], row_key: str | None = None) -> Value:
    """The cell's :class:`Value`; its findings are appended to ``issues`` (with ``key`` for table rows)."""
    raw = grid.value(row, col)
    checked = check_value(field, raw, lang, archive.formula_at(grid.name, row, col))
    for finding in checked.findings:
        params = dict(finding.params)
        if row_key is not None:
            params["key"] = row_key
        issues.append(Issue(finding.code, file, grid.name, cell_ref(row, col), field.id, params))
    return Value(grid.name, row, col, raw, checked.value)
