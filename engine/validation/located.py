"""Check the input cells of a workbook against their declared fields, keeping each finding's location.

Shared by the readers of form, table and record sheets (:mod:`engine.validation.validate`,
:mod:`engine.validation.records`), so every sheet kind reports a cell the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from engine.spec import Field
from engine.validation.checks import NEEDS_CHECK, check_value, is_blank, quick_check
from engine.validation.issues import Issue
from engine.validation.submission import Value
from engine.workbook.archive import Archive
from engine.workbook.cells import cell_ref
from engine.workbook.read import SheetGrid

# A column to check: its field, its index, and the field's quick check.
Column = tuple[Field, int, Callable[[Any], Any]]

_quick: dict[int, tuple[Field, Callable[[Any], Any]]] = {}  # id(field) -> (field, its quick check)


def checked_columns(fields: Iterable[tuple[Field, int]]) -> list[Column]:
    """``(field, col)`` pairs with each field's quick check, set up once per field declaration."""
    columns = []
    for field, col in fields:
        known = _quick.get(id(field))
        if known is None or known[0] is not field:  # the field itself is kept, so its id is never reused
            known = _quick[id(field)] = (field, quick_check(field))
        columns.append((field, col, known[1]))
    return columns


def check_cell(field: Field, grid: SheetGrid, archive: Archive, row: int, col: int, lang: str, file: str,
               issues: list[Issue], row_key: str | None = None) -> Value:
    """The cell's :class:`Value`; its findings are appended to ``issues`` (with ``key`` for table rows)."""
    return _checked(field, grid.name, row, col, grid.value(row, col), archive.formula_at(grid.name, row, col),
                    lang, file, issues, row_key)


class SheetCells:
    """A sheet's values and the formulas typed into it, as the row checks read them."""

    def __init__(self, grid: SheetGrid, archive: Archive) -> None:
        self.name, self.rows = grid.name, grid.rows
        self.formulas = archive.formulas.get(grid.name, {})
        self.formula_rows = {row for row, _ in self.formulas}  # few: most rows need no formula look-up

    def row(self, row: int) -> list[Any]:
        return self.rows[row] if 0 <= row < len(self.rows) else []


def check_row(columns: list[Column], sheet: SheetCells, row: int, lang: str, file: str, issues: list[Issue],
              row_key: str | None = None) -> dict[str, Value]:
    """Field id -> :class:`Value` of ``columns`` in ``row``, as :func:`check_cell` gives them one by one.

    A cell the quick check accepts needs nothing more; every other cell takes the full check.
    """
    cells, name = sheet.row(row), sheet.name
    width = len(cells)
    values: dict[str, Value] = {}
    formulas = sheet.formulas if row in sheet.formula_rows else None
    for field, col, quick in columns:
        raw = cells[col] if col < width else ""
        formula = formulas.get((row, col)) if formulas else None
        typed = quick(raw) if formula is None else NEEDS_CHECK
        values[field.id] = Value(name, row, col, raw, typed) if typed is not NEEDS_CHECK else \
            _checked(field, name, row, col, raw, formula, lang, file, issues, row_key)
    return values


def row_is_empty(columns: list[Column], sheet: SheetCells, row: int) -> bool:
    """Whether every cell of ``columns`` in ``row`` is blank and holds no formula."""
    cells = sheet.row(row)
    width = len(cells)
    formulas = sheet.formulas if row in sheet.formula_rows else ()
    for _, col, _ in columns:
        raw = cells[col] if col < width else ""
        if not is_blank(raw) or (row, col) in formulas:
            return False
    return True


def _checked(field: Field, sheet: str, row: int, col: int, raw: Any, formula: str | None, lang: str, file: str,
             issues: list[Issue], row_key: str | None) -> Value:
    checked = check_value(field, raw, lang, formula)
    for finding in checked.findings:
        params = dict(finding.params)
        if row_key is not None:
            params["key"] = row_key
        issues.append(Issue(finding.code, file, sheet, cell_ref(row, col), field.id, params))
    return Value(sheet, row, col, raw, checked.value)
