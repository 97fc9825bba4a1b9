"""Read a record sheet: free rows identified by a composite key, blank rows skipped.

A record sheet (e.g. the staff time registration) has no fixed rows to match, so a
row is identified by the typed values of its key fields, joined with ``|``
(``S07|2026-03-04``). The position of a row never matters: rows can be sorted,
spread out or interleaved with blank rows and read the same. A key seen twice is
``row-duplicated`` (the first is kept); a row whose key cannot be read keeps the
finding on its key cell and is left out of the table. The sum columns are the
template's formulas; the validator never trusts their cached results but
recomputes them, and reports a formula replaced by a different typed number.
"""

from __future__ import annotations

import datetime as dt

from engine.identity import identity, normal_text
from engine.spec import RecordSheet
from engine.templates.layout import RECORD_FIRST_DATA_ROW, RECORD_HEADER_ROW, record_col
from engine.text import Text, Ungrouped
from engine.validation.checks import is_blank
from engine.validation.issues import Issue
from engine.validation.located import SheetCells, check_row, checked_columns, row_is_empty
from engine.validation.submission import Submission, Value
from engine.workbook.archive import Archive
from engine.workbook.cells import cell_ref
from engine.workbook.read import SheetGrid

KEY_SEPARATOR = "|"


def record_headers(sheet: RecordSheet) -> list[Text]:
    """Column headers in sheet order: the inputs, then the sum columns."""
    return ([field.label for field in sheet.columns] + [total.label for total in sheet.sums]
            + [total.label for total in sheet.group_sums])


def record_key(sheet: RecordSheet, values: dict[str, Value]) -> str | None:
    """The row's key, e.g. ``S07|2026-03-04``; ``None`` when a key field has no valid value.

    >>> from engine.spec import Field, RecordSheet
    >>> from engine.text import Text
    >>> t = Text("x", "x")
    >>> sheet = RecordSheet("r", t, t, (Field("staff", t, "text"), Field("date", t, "date"),
    ...                     Field("minutes", t, "integer")), key=("staff", "date"), max_rows=5)
    >>> record_key(sheet, {"staff": Value("R", 5, 0, "S07", "S07"),
    ...                    "date": Value("R", 5, 1, None, dt.date(2026, 3, 4))})
    'S07|2026-03-04'
    """
    parts = []
    for field_id in sheet.key:
        value = values[field_id].value
        if value is None:
            return None
        parts.append(value.isoformat() if isinstance(value, dt.date) else str(value))
    return KEY_SEPARATOR.join(parts)


def read_record_sheet(sheet: RecordSheet, grid: SheetGrid, archive: Archive, submission: Submission,
                      issues: list[Issue]) -> None:
    """Fill ``submission.tables[sheet.id]`` (key -> field id -> :class:`Value`) and append the findings."""
    file, lang = submission.path, submission.language
    for col, header in enumerate(record_headers(sheet)):
        found = str(grid.value(RECORD_HEADER_ROW, col)).strip()
        if found != header(lang):
            issues.append(Issue("header-changed", file, grid.name, cell_ref(RECORD_HEADER_ROW, col),
                                params={"expected": header(lang), "found": found}))
    columns = checked_columns((field, record_col(sheet, field.id)) for field in sheet.input_columns)
    cells = SheetCells(grid, archive)
    # A row with nothing but the prefilled guide columns (an employee's id) is an unused row.
    content = [column for column in columns if column[0].id not in sheet.guide_fields]
    key_col = record_col(sheet, sheet.key[0])
    rows: dict[str, dict[str, Value]] = {}
    first_seen: dict[str, int] = {}
    spellings = _Spellings([field for field, _, _ in columns if field.identity is not None], lang)
    filled = 0
    for row in range(RECORD_FIRST_DATA_ROW, grid.height):
        if row_is_empty(content, cells, row):
            continue
        filled += 1
        values = check_row(columns, cells, row, lang, file, issues)
        _check_sums(sheet, grid, archive, row, values, lang, file, issues)
        key = record_key(sheet, values)
        if key is not None and key in first_seen:
            other = spellings.differing(rows[key], values, sheet.key)
            if other is None:
                issues.append(Issue("row-duplicated", file, grid.name, cell_ref(row, key_col), sheet.key[0],
                                    {"key": key, "first_row": Ungrouped(first_seen[key] + 1)}))
            else:  # the same key typed another way: name both spellings, or nobody sees why
                field, first, found = other
                issues.append(Issue("row-duplicated-spelling", file, grid.name, found.ref, field.id,
                                    {"key": key, "first_row": Ungrouped(first_seen[key] + 1), "field": field.label(lang),
                                     "first": _spelling(first), "found": _spelling(found), "first_cell": first.ref}))
            continue
        issues.extend(spellings.check(values, file, grid.name))
        if key is None:
            continue
        first_seen[key] = row
        rows[key] = values
    if filled < sheet.min_rows:
        issues.append(Issue("no-records", file, grid.name, cell_ref(RECORD_FIRST_DATA_ROW, 0),
                            params={"sheet": grid.name, "minimum": sheet.min_rows, "found": filled}))
    submission.tables[sheet.id] = rows


class _Spellings:
    """The first spelling of every typed key (:attr:`engine.spec.Field.identity`) on a sheet, to name a second.

    ``M0001`` and ``m0001`` are one employee; read as one, a person would still want to know that
    two spellings were typed, so each new spelling of a key is one finding naming the first's cell.
    """

    def __init__(self, fields: list, lang: str) -> None:
        self.fields, self.lang = fields, lang
        self.first: dict[tuple[str, str], Value] = {}  # (field id, identity) -> the first cell typed
        self.reported: set[tuple[str, str]] = set()

    def differing(self, earlier: dict[str, Value], values: dict[str, Value], key_fields: tuple[str, ...]):
        """(field, earlier cell, this cell) of the first key field typed otherwise than on the earlier row."""
        for field in self.fields:
            if field.id in key_fields and _spelling(earlier[field.id]) != _spelling(values[field.id]):
                return field, earlier[field.id], values[field.id]
        return None

    def check(self, values: dict[str, Value], file: str, sheet: str) -> list[Issue]:
        found = []
        for field in self.fields:
            value = values[field.id]
            if value.value is None:
                continue
            first = self.first.setdefault((field.id, identity(value.value)), value)
            spelling = _spelling(value)
            if spelling != _spelling(first) and (field.id, spelling) not in self.reported:
                self.reported.add((field.id, spelling))
                found.append(Issue("key-spelled-twice", file, sheet, value.ref, field.id,
                                   {"field": field.label(self.lang), "found": spelling, "first": _spelling(first),
                                    "first_cell": first.ref, "key": str(value.value)}))
        return found


def _spelling(value: Value) -> str:
    """How a key was typed, apart from what nobody can see (white space around it, Unicode composition)."""
    raw = value.raw
    return normal_text(int(raw) if isinstance(raw, float) and raw.is_integer() else raw)


def row_sum(values: dict[str, Value], field_ids: tuple[str, ...]) -> float:
    """A sum column recomputed from a row's valid values (blank and invalid cells count as 0)."""
    return sum(values[f].value for f in field_ids if values[f].value is not None)


def _check_sums(sheet: RecordSheet, grid: SheetGrid, archive: Archive, row: int, values: dict[str, Value],
                lang: str, file: str, issues: list[Issue]) -> None:
    """A sum cell must still be the template's formula, or at least agree with it."""
    for total in sheet.sums:
        col = record_col(sheet, total.id)
        if archive.formula_at(grid.name, row, col) is not None:
            continue
        raw = grid.value(row, col)
        expected = row_sum(values, total.fields)
        if is_blank(raw) or (isinstance(raw, (int, float)) and not isinstance(raw, bool)
                             and abs(raw - expected) < 1e-9):
            continue
        found = int(raw) if isinstance(raw, float) and raw.is_integer() else raw
        issues.append(Issue("formula-overwritten", file, grid.name, cell_ref(row, col), total.id,
                            {"field": total.label(lang), "found": found,
                             "expected": int(expected) if float(expected).is_integer() else expected}))
