"""Split checks in a table sheet: given rows (an accounts total) and the rows that split them.

A given row holds the consultant's prefilled amounts (locked); its parts are the participant's
inputs (e.g. cash benefit split into job-ready and activity-ready). Right of the table a live
column shows, on each split row, how far the parts are from the total over all numeric columns;
above it a count of splits that do not add up. The validator enforces the same rule
with the same tolerance (:mod:`engine.validation.splits`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from xlsxwriter.utility import xl_range, xl_range_abs, xl_rowcol_to_cell

from engine.templates.layout import (
    TABLE_CHECK_VALUE_COL, TABLE_FIRST_DATA_ROW, TABLE_HEADER_ROW, TABLE_TOTAL_ROW, table_field_col, table_split_col,
    table_last_data_row,
)
from engine.spec import TableSheet
from engine.text import Text
from engine.validation.splits import SPLIT_TOLERANCE

if TYPE_CHECKING:
    from engine.templates.writer import _TemplateWriter

SPLITS_OFF = Text("Opdelinger, der ikke stemmer", "Splits that do not add up")
DIFFERENCE = Text("Afvigelse fra totalen (skal være 0)", "Difference from the total (must be 0)")


def split_check_cell() -> str:
    return xl_rowcol_to_cell(TABLE_TOTAL_ROW, TABLE_CHECK_VALUE_COL)


def _row_of(sheet: TableSheet, key: str) -> int:
    return TABLE_FIRST_DATA_ROW + [item.key for item in sheet.rows].index(key)


def _numeric_cols(sheet: TableSheet) -> tuple[int, int]:
    cols = [table_field_col(sheet, f.id) for f in sheet.columns if f.is_numeric]
    return min(cols), max(cols)


def split_difference(sheet: TableSheet, key: str, values) -> float:
    """Cached result of a split row's difference: Σ over numeric columns of |total − Σ parts|."""
    difference = 0.0
    for field in sheet.columns:
        if not field.is_numeric:
            continue
        total = _number(values.get((sheet.id, key, field.id)))
        parts = sum(_number(values.get((sheet.id, part.key, field.id))) for part in sheet.parts(key))
        difference += abs(total - parts)
    return difference


def split_mismatch_count(sheet: TableSheet, values) -> int:
    return sum(1 for item in sheet.split_rows if split_difference(sheet, item.key, values) >= SPLIT_TOLERANCE)


def write_split_checks(writer: "_TemplateWriter", ws, sheet: TableSheet) -> None:
    lang, f = writer.lang, writer.f
    col = table_split_col(sheet)
    first, last = _numeric_cols(sheet)
    ws.set_column(col, col, 22)
    ws.write(TABLE_HEADER_ROW, col, DIFFERENCE(lang), f["header"])
    for item in sheet.split_rows:
        row = _row_of(sheet, item.key)
        parts = "".join("-" + xl_range(_row_of(sheet, part.key), first, _row_of(sheet, part.key), last)
                        for part in sheet.parts(item.key))
        ws.write_formula(row, col, f"=SUMPRODUCT(ABS({xl_range(row, first, row, last)}{parts}))", f["sum"],
                         split_difference(sheet, item.key, writer.values))
        for criteria, fmt in ((">=", "bad"), ("<", "ok")):
            ws.conditional_format(row, col, row, col, {"type": "cell", "criteria": criteria,
                                                       "value": SPLIT_TOLERANCE, "format": f[fmt]})
    ws.write(TABLE_TOTAL_ROW, TABLE_CHECK_VALUE_COL - 1, SPLITS_OFF(lang) + Text(" (skal være 0)", " (must be 0)")(lang),
             f["check_label"])
    column = xl_range_abs(TABLE_FIRST_DATA_ROW, col, table_last_data_row(sheet), col)
    ws.write_formula(TABLE_TOTAL_ROW, TABLE_CHECK_VALUE_COL, f'=COUNTIF({column},">="&{SPLIT_TOLERANCE})',
                     f["check_count"], split_mismatch_count(sheet, writer.values))
    writer._ok_when_zero(ws, TABLE_TOTAL_ROW, TABLE_CHECK_VALUE_COL)


def _number(value: Any) -> float:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else 0.0
