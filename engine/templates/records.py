"""Record sheets in a template: a block of free rows with live totals.

Kept apart from :mod:`engine.templates.writer` (which calls it) so that module stays about
one sheet kind at a time; like it, this is one of the few places that know
xlsxwriter. A record sheet is written as an unlocked, validated block of
``max_rows`` empty rows; the sum columns to the right of the inputs are formulas
(locked), so a row total can never disagree with its parts. Above the header, two
live checks: how many rows are filled, and the total of every numeric column whose
total means something (not a column added up per group, such as an employee's shares).
Info columns (an employee's staff group beside the id) are written locked from the
prefill and never read. On a sheet prefilled row by row (``guide_fields``) the print area
ends a few rows below the last prefilled row, not at ``max_rows``. Every formula carries its cached result, so any viewer shows the
right numbers before anything recalculates.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from xlsxwriter.utility import xl_col_to_name, xl_range_abs, xl_rowcol_to_cell

from engine.spec import RecordSheet, SumColumn
from engine.templates.layout import (
    RECORD_CHECK_LABEL_COLS, RECORD_CHECK_ROW, RECORD_CHECK_VALUE_COL, RECORD_FIRST_DATA_ROW, RECORD_HEADER_ROW,
    RECORD_HEADING_ROW, RECORD_INTRO_ROW, RECORD_TOTAL_ROW, fitted_header_row, record_col, record_last_col,
    record_last_data_row, row_height,
)
from engine.text import Text

if TYPE_CHECKING:
    from engine.templates.writer import _TemplateWriter

FILLED_ROWS = Text("Udfyldte rækker", "Filled rows")
GROUP_TOLERANCE = 0.001  # a group total this close to its target counts as on target (33.33 + 66.67)
_TOTAL = Text("I alt", "Total")
# Empty rows printed below the last prefilled row (a blank template: below the header), so a head can
# write by hand on the printout; the thousand empty rows of the block are not printed.
PRINTED_EMPTY_ROWS = 10
PRINTED_ROWS_BLANK = 25


def write_record_sheet(writer: "_TemplateWriter", sheet: RecordSheet) -> None:
    lang, f = writer.lang, writer.f
    ws = writer.wb.add_worksheet(sheet.name(lang))
    first, last_row, last_col = RECORD_FIRST_DATA_ROW, record_last_data_row(sheet), record_last_col(sheet)
    for field in sheet.columns:
        col = record_col(sheet, field.id)
        ws.set_column(col, col, field.width)
    for total in (*sheet.sums, *sheet.group_sums):
        col = record_col(sheet, total.id)
        ws.set_column(col, col, total.width)
    ws.write(RECORD_HEADING_ROW, 0, sheet.heading(lang), f["title"])
    ws.set_row(RECORD_HEADING_ROW, 24)
    ws.merge_range(RECORD_INTRO_ROW, 0, RECORD_INTRO_ROW, last_col, sheet.intro(lang), f["intro"])
    ws.set_row(RECORD_INTRO_ROW, _intro_height(sheet.intro(lang), last_col))

    # Live checks: filled rows, and the total of every numeric input and sum column.
    label_first, label_last = RECORD_CHECK_LABEL_COLS
    ws.merge_range(RECORD_CHECK_ROW, label_first, RECORD_CHECK_ROW, label_last, FILLED_ROWS(lang), f["check_label"])
    filled = "+".join(f'({_col_range(sheet, field.id)}<>"")' for field in sheet.input_columns
                      if field.id not in sheet.guide_fields)
    ws.write_formula(RECORD_CHECK_ROW, RECORD_CHECK_VALUE_COL, f"=SUMPRODUCT(--(({filled})>0))", f["check_count"],
                     filled_row_count(sheet, writer.values))
    totals = [(f.id, (f.id,)) for f in sheet.totalled_columns] + [(t.id, t.fields) for t in sheet.sums]
    if totals:
        ws.merge_range(RECORD_TOTAL_ROW, label_first, RECORD_TOTAL_ROW, label_last, _TOTAL(lang), f["check_label"])
    for column_id, parts in totals:
        ws.write_formula(RECORD_TOTAL_ROW, record_col(sheet, column_id), f"=SUM({_col_range(sheet, column_id)})",
                         f["check_whole" if _whole(sheet, parts) else "check_value"],
                         sum_total(sheet, column_id, writer.values))

    headers = ([field.label for field in sheet.columns] + [total.label for total in sheet.sums]
               + [total.label for total in sheet.group_sums])
    for col, header in enumerate(headers):
        ws.write(RECORD_HEADER_ROW, col, header(lang), f["header"])
    widths = {record_col(sheet, field.id): field.width for field in sheet.columns}
    widths.update({record_col(sheet, total.id): total.width for total in (*sheet.sums, *sheet.group_sums)})
    fitted_header_row(ws, RECORD_HEADER_ROW, {col: header(lang) for col, header in enumerate(headers)}, widths,
                      minimum=62)

    sum_formats = {total.id: f["sum" if _whole(sheet, total.fields) else "sum_number"] for total in sheet.sums}
    group_totals = {total.id: _group_totals(sheet, total, writer.values) for total in sheet.group_sums}
    inputs = f"${xl_col_to_name(0)}{{row}}:${xl_col_to_name(len(sheet.columns) - 1)}{{row}}"
    info_formats = {field.id: f["given_decimal" if field.is_numeric else "given_text"] for field in sheet.columns
                    if field.id in sheet.info_fields}
    for index in range(sheet.max_rows):
        row = first + index
        row_values = _row_values(sheet, writer.values, index)
        for field in sheet.columns:
            if field.id in info_formats:
                _write_info(ws, row, record_col(sheet, field.id), field, row_values.get(field.id),
                            info_formats[field.id], lang)
                continue
            writer._write_input(ws, row, record_col(sheet, field.id), field, row_values.get(field.id))
        anything = "COUNTA(" + inputs.format(row=row + 1) + ")=0"
        for total in sheet.sums:
            cached = _row_sum(total, row_values) if row_values else ""
            ws.write_formula(row, record_col(sheet, total.id),
                             f'=IF({anything},"",SUM({_cells(sheet, total.fields, row)}))', sum_formats[total.id],
                             cached)
        for total in sheet.group_sums:
            group_cell = xl_rowcol_to_cell(row, record_col(sheet, total.group))
            group = row_values.get(total.group)
            cached = group_totals[total.id].get(group, 0.0) if group is not None else ""
            ws.write_formula(row, record_col(sheet, total.id),
                             # = compares as text (an id such as A* or C~1 is a pattern to SUMIF); SUMPRODUCT
                             # counts a text typed into a share as 0, as SUMIF did
                             f'=IF({group_cell}="","",SUMPRODUCT(--({_col_range(sheet, total.group)}={group_cell}),'
                             f'{_col_range(sheet, total.field)}))', f["sum_number"], cached)
    for field in sheet.input_columns:
        col = record_col(sheet, field.id)
        writer._add_validation(ws, first, col, last_row, col, field)
    for total in sheet.sums:
        _flag_outside_bands(writer, ws, sheet, total)
    for total in sheet.group_sums:
        _flag_off_target(writer, ws, sheet, total)

    ws.autofilter(RECORD_HEADER_ROW, 0, last_row, last_col)
    ws.freeze_panes(first, len(sheet.key))
    writer._print_setup(ws, RECORD_HEADER_ROW, portrait=False)
    if sheet.guide_fields:
        # A sheet the consultant prefills row by row (a department's employees) prints those rows and a
        # few empty ones, not the whole block: the empty rows' live formulas count as content to a
        # printer, and a print area cannot follow the filling (LibreOffice ignores an OFFSET one). A
        # sheet its filler writes from scratch (a staff list) keeps printing everything.
        ws.print_area(0, 0, printed_last_row(sheet, writer.values), last_col)
    writer._protect(ws)


def printed_last_row(sheet: RecordSheet, values) -> int:
    """The last row the print area holds: a few empty rows below the last prefilled one."""
    prefilled = [key[1] for key in values if len(key) == 3 and key[0] == sheet.id and values[key] not in (None, "")]
    if prefilled:
        return min(record_last_data_row(sheet), RECORD_FIRST_DATA_ROW + max(prefilled) + PRINTED_EMPTY_ROWS)
    return min(record_last_data_row(sheet), RECORD_FIRST_DATA_ROW + PRINTED_ROWS_BLANK - 1)


def _write_info(ws, row: int, col: int, field, value, fmt, lang: str) -> None:
    """An info cell: the label of a choice, a number or text, locked; never a formula."""
    if value is None or value == "":
        ws.write_blank(row, col, None, fmt)
    elif field.type == "choice":
        ws.write_string(row, col, next((c.label(lang) for c in field.choices if c.id == value), str(value)), fmt)
    elif field.is_numeric and isinstance(value, (int, float)) and not isinstance(value, bool):
        ws.write_number(row, col, value, fmt)
    else:
        ws.write_string(row, col, str(value), fmt)


def _flag_outside_bands(writer: "_TemplateWriter", ws, sheet: RecordSheet, total: SumColumn) -> None:
    """Colour a row total red above its maximum and yellow outside its plausible band, while typing."""
    col = record_col(sheet, total.id)
    first, last = RECORD_FIRST_DATA_ROW, record_last_data_row(sheet)
    cell = xl_rowcol_to_cell(first, col, col_abs=True)
    # ISNUMBER first: an empty row's total is "" and text compares above every number.
    if total.maximum is not None:
        ws.conditional_format(first, col, last, col, {
            "type": "formula", "criteria": f"=AND(ISNUMBER({cell}),{cell}>{total.maximum})",
            "format": writer.f["bad"], "stop_if_true": True})
    outside = []
    if total.plausible_minimum is not None:
        outside.append(f"{cell}<{total.plausible_minimum}")
    if total.plausible_maximum is not None:
        outside.append(f"{cell}>{total.plausible_maximum}")
    if outside:
        ws.conditional_format(first, col, last, col, {
            "type": "formula", "criteria": f"=AND(ISNUMBER({cell}),OR({','.join(outside)}))",
            "format": writer.f["warn"]})


def _flag_off_target(writer: "_TemplateWriter", ws, sheet: RecordSheet, total) -> None:
    """Colour a group's total red while it differs from its target (an employee's shares not 100 %)."""
    col = record_col(sheet, total.id)
    first, last = RECORD_FIRST_DATA_ROW, record_last_data_row(sheet)
    cell = xl_rowcol_to_cell(first, col, col_abs=True)
    ws.conditional_format(first, col, last, col, {
        "type": "formula", "criteria": f"=AND(ISNUMBER({cell}),ABS({cell}-{total.target})>{GROUP_TOLERANCE})",
        "format": writer.f["bad"], "stop_if_true": True})
    ws.conditional_format(first, col, last, col, {
        "type": "formula", "criteria": f"=ISNUMBER({cell})", "format": writer.f["ok"]})


# -- cached results -------------------------------------------------------------------------------------
def _row_values(sheet: RecordSheet, values, index: int) -> dict[str, Any]:
    found = {}
    for field in sheet.columns:
        value = values.get((sheet.id, index, field.id))
        if value is not None and value != "":
            found[field.id] = value
    return found


def _whole(sheet: RecordSheet, field_ids: Iterable[str]) -> bool:
    """Whole numbers only (minutes): totals are shown without decimals."""
    return all(sheet.column(field_id).type == "integer" for field_id in field_ids)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _row_sum(total: SumColumn, row_values: dict[str, Any]) -> float:
    return sum(row_values[f] for f in total.fields if _is_number(row_values.get(f)))


def _group_totals(sheet: RecordSheet, total, values) -> dict[Any, float]:
    """Cached results of a group sum column: the total of ``total.field`` per group value."""
    totals: dict[Any, float] = {}
    for index in range(sheet.max_rows):
        group = values.get((sheet.id, index, total.group))
        if group is not None and group != "":
            value = values.get((sheet.id, index, total.field))
            totals[group] = totals.get(group, 0.0) + (value if _is_number(value) else 0.0)
    return totals


def off_target_formula(sheet: RecordSheet, total, link: str) -> str:
    """Groups (employees) whose total differs from the target: each of their rows counts 1/(its group's
    rows). An empty row's total is "" text, which compares above every number: (total<>"") drops it.
    Numbers stay numbers, never a criteria text, which a Danish spreadsheet reads with its decimal comma.
    """
    groups, cells = link + _col_range(sheet, total.group), link + _col_range(sheet, total.id)
    low, high = total.target - GROUP_TOLERANCE, total.target + GROUP_TOLERANCE
    return (f'=SUMPRODUCT(({groups}<>"")*({cells}<>"")*(({cells}<{low:g})+({cells}>{high:g}))'
            f'/{_rows_of_own_group(groups)})')


def off_target_count(sheet: RecordSheet, total, values) -> int:
    return sum(1 for group_total in _group_totals(sheet, total, values).values()
               if abs(group_total - total.target) > GROUP_TOLERANCE)


def filled_row_count(sheet: RecordSheet, values) -> int:
    skipped = {*sheet.guide_fields, *sheet.info_fields}
    return sum(1 for index in range(sheet.max_rows)
               if any(field_id not in skipped for field_id in _row_values(sheet, values, index)))


def group_count_formula(sheet: RecordSheet, total, link: str) -> str:
    """The number of groups (employees) on the sheet: each filled group cell counts 1/(its group's rows)."""
    groups = link + _col_range(sheet, total.group)
    return f'=SUMPRODUCT(({groups}<>"")/{_rows_of_own_group(groups)})'


def _rows_of_own_group(groups: str) -> str:
    """Per row, how many rows hold its group's key. The key is escaped before COUNTIF reads it as a
    pattern, so an id such as ``A*`` or ``C~1`` counts its own rows only."""
    literal = f'SUBSTITUTE(SUBSTITUTE(SUBSTITUTE({groups},"~","~~"),"*","~*"),"?","~?")'
    return f'COUNTIF({groups},{literal}&"")'


def group_count(sheet: RecordSheet, total, values) -> int:
    return len(_group_totals(sheet, total, values))


def sum_total(sheet: RecordSheet, column_id: str, values) -> float:
    """Cached result of a column total: an input column's sum, or the sum of a sum column."""
    fields = sheet.sum_column(column_id).fields if column_id in {t.id for t in sheet.sums} else (column_id,)
    total = 0.0
    for index in range(sheet.max_rows):
        for field_id in fields:
            value = values.get((sheet.id, index, field_id))
            if _is_number(value):
                total += value
    return total


# -- addresses --------------------------------------------------------------------------------------------
def _col_range(sheet: RecordSheet, column_id: str) -> str:
    col = record_col(sheet, column_id)
    return xl_range_abs(RECORD_FIRST_DATA_ROW, col, record_last_data_row(sheet), col)


def _cells(sheet: RecordSheet, field_ids: Iterable[str], row: int) -> str:
    """The cells of ``field_ids`` on one row, adjacent columns joined into ranges: ``C6:D6,F6``."""
    cols = sorted(record_col(sheet, field_id) for field_id in field_ids)
    runs: list[list[int]] = []
    for col in cols:
        if runs and col == runs[-1][-1] + 1:
            runs[-1].append(col)
        else:
            runs.append([col])
    return ",".join(xl_rowcol_to_cell(row, run[0]) + (":" + xl_rowcol_to_cell(row, run[-1]) if len(run) > 1 else "")
                    for run in runs)


def _intro_height(text: str, last_col: int) -> float:
    return row_height(text, 18 * (last_col + 1))
