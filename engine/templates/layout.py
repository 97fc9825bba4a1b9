"""Where declared fields sit in a template.

The template writer and the workbook reader both ask this module, so a cell the
generator places at D7 is the cell the validator reads from D7. Rows and columns
are zero-based here; :mod:`engine.workbook.cells` turns them into A1 references.
"""

from __future__ import annotations

import math

from engine.spec import FormSheet, RecordSheet, TableSheet
from engine.templates.text_width import column_width_for, wrapped_lines

# Form sheets: heading, intro, a header row, then one field a row.
FORM_HEADING_ROW = 0
FORM_INTRO_ROW = 1
FORM_HEADER_ROW = 3
FORM_FIRST_FIELD_ROW = 4
FORM_LABEL_COL = 0
FORM_VALUE_COL = 1
FORM_UNIT_COL = 2
FORM_HELP_COL = 3

# Table sheets: heading, intro, live checks and totals above the header, then rows.
TABLE_HEADING_ROW = 0
TABLE_INTRO_ROW = 1
TABLE_CHECK_ROW = 2
TABLE_TOTAL_ROW = 3
TABLE_HEADER_ROW = 4
TABLE_FIRST_DATA_ROW = 5
TABLE_KEY_COL = 0
TABLE_GROUP_COL = 1
TABLE_LABEL_COL = 2
TABLE_FIRST_FIELD_COL = 3
TABLE_CHECK_LABEL_COL = TABLE_LABEL_COL
TABLE_CHECK_VALUE_COL = TABLE_FIRST_FIELD_COL

# Record sheets: the same rows as a table sheet, but inputs start in column A (no fixed
# key/label columns), the sum columns follow the inputs, and the block holds max_rows rows.
RECORD_HEADING_ROW = TABLE_HEADING_ROW
RECORD_INTRO_ROW = TABLE_INTRO_ROW
RECORD_CHECK_ROW = TABLE_CHECK_ROW  # number of filled rows
RECORD_TOTAL_ROW = TABLE_TOTAL_ROW  # column totals
RECORD_HEADER_ROW = TABLE_HEADER_ROW
RECORD_FIRST_DATA_ROW = TABLE_FIRST_DATA_ROW
RECORD_CHECK_LABEL_COLS = (0, 1)  # the labels of the live checks span the first two columns
RECORD_CHECK_VALUE_COL = 2

# The hidden sheet that tells the engine which template and version a workbook is.
META_SHEET = "_kommunebench"


def form_field_row(sheet: FormSheet, field_id: str) -> int:
    for index, field in enumerate(sheet.fields):
        if field.id == field_id:
            return FORM_FIRST_FIELD_ROW + index
    raise KeyError(f"form sheet {sheet.id!r} has no field {field_id!r}")


def table_field_col(sheet: TableSheet, field_id: str) -> int:
    for index, field in enumerate(sheet.columns):
        if field.id == field_id:
            return TABLE_FIRST_FIELD_COL + index
    raise KeyError(f"table sheet {sheet.id!r} has no column {field_id!r}")


def table_last_data_row(sheet: TableSheet) -> int:
    return TABLE_FIRST_DATA_ROW + len(sheet.rows) - 1


def table_last_col(sheet: TableSheet) -> int:
    return TABLE_FIRST_FIELD_COL + len(sheet.columns) - 1


def record_col(sheet: RecordSheet, column_id: str) -> int:
    """Column of an input or a sum column of a record sheet."""
    ids = [f.id for f in sheet.columns] + [total.id for total in sheet.sums] + [g.id for g in sheet.group_sums]
    try:
        return ids.index(column_id)
    except ValueError:
        raise KeyError(f"record sheet {sheet.id!r} has no column {column_id!r}") from None


def record_last_data_row(sheet: RecordSheet) -> int:
    return RECORD_FIRST_DATA_ROW + sheet.max_rows - 1


def record_last_col(sheet: RecordSheet) -> int:
    return len(sheet.columns) + len(sheet.sums) + len(sheet.group_sums) - 1


def table_split_col(sheet: TableSheet) -> int:
    """The live difference column right of a table whose given rows are split into parts."""
    return table_last_col(sheet) + 1


def row_height(text: str, chars_per_line: int) -> float:
    """Estimated height of wrapped text; Excel does not autofit rows written by a library."""
    lines = sum(max(1, math.ceil(len(line) / chars_per_line)) for line in text.split("\n"))
    return 15 * lines + 3


def fitted_header_row(ws, row: int, headers: dict[int, str], widths: dict[int, float], size: float = 11.0,
                      minimum: float = 32.0) -> None:
    """Widen a header's column where a word would break mid-word and make ``row`` tall enough for the
    longest wrapped header, so the printed header is whole (Excel does not grow library-written rows)."""
    lines = 1
    for col, text in headers.items():
        width = widths.get(col, 8.43)
        fitted = column_width_for(text, width, size)
        if fitted > width:
            ws.set_column(col, col, fitted)
        lines = max(lines, wrapped_lines(text, fitted, size))
    ws.set_row(row, max(minimum, lines * size * 1.22 + 4))
