"""Domain declaration -> Excel template (blank, prefilled or completely filled).

Everything a person filling the template relies on comes from the declaration:
sheet and column names, drop-down lists, input messages, error alerts, which
cells are unlocked, the live check cells and the print setup. The hidden sheet
``_kommunebench`` records template id, version and language so the validator
recognises the workbook.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.utility import quote_sheetname, xl_range_abs, xl_rowcol_to_cell

from engine import __version__
from engine.templates.layout import (
    FORM_FIRST_FIELD_ROW, FORM_HEADER_ROW, FORM_HEADING_ROW, FORM_HELP_COL, FORM_INTRO_ROW, FORM_LABEL_COL,
    FORM_UNIT_COL, FORM_VALUE_COL, META_SHEET, TABLE_CHECK_LABEL_COL, TABLE_CHECK_ROW, TABLE_CHECK_VALUE_COL,
    TABLE_FIRST_DATA_ROW, TABLE_FIRST_FIELD_COL, TABLE_GROUP_COL, TABLE_HEADER_ROW, TABLE_HEADING_ROW,
    TABLE_INTRO_ROW, TABLE_KEY_COL, TABLE_LABEL_COL, TABLE_TOTAL_ROW, RECORD_CHECK_ROW, RECORD_CHECK_VALUE_COL,
    RECORD_TOTAL_ROW, fitted_header_row, form_field_row, record_col, row_height, table_field_col, table_last_col,
    table_last_data_row,
)
from engine.spec import Domain, Field, FormSheet, RecordSheet, TableSheet
from engine.templates.field_messages import DATE_WINDOW, allowed_description, clip
from engine.templates.records import (
    FILLED_ROWS, filled_row_count, group_count, group_count_formula, off_target_count, off_target_formula, sum_total,
    write_record_sheet,
)
from engine.report.print_layout import lay_out_workbook
from engine.templates.text_width import wrapped_lines
from engine.templates.splits import SPLITS_OFF, split_check_cell, split_mismatch_count, write_split_checks
from engine.text import Text
from engine.workbook.atomic import atomic_path

# Keeps the file byte-stable between builds, so a stale committed template is detectable.
_FIXED_CREATED = dt.datetime(2026, 1, 1)

INSTRUCTIONS_SHEET = Text("Vejledning", "Instructions")
_MAX_INLINE_LIST = 250  # Excel limits an inline drop-down list to 255 characters.
_META_FIRST_LIST_COL = 3  # longer drop-down lists live on the hidden sheet from column D

DATE_FORMAT = "dd-mm-yyyy"  # unambiguous in Danish and English: 04-03-2026 is 4 March
# A date field without declared bounds still gets a sane window in Excel's validation.

INPUT_FILL = "#FFF2CC"
FORM_LABEL_WIDTH = 30
GIVEN_FILL = "#DDEBF7"  # values the consultant prefilled: locked, visibly not for the participant to type
HEADER_FILL = "#1F4E78"
BAND_FILL = "#F2F2F2"

# Values keyed by (sheet id, field id) for form sheets, (sheet id, row key, field id) for tables and
# (sheet id, row index from 0, field id) for record sheets, whose rows have no fixed keys.
Values = Mapping[tuple[str, ...], Any]


def template_filename(domain: Domain, lang: str) -> str:
    return f"{domain.id}.xlsx" if lang == "da" else f"{domain.id}_{lang}.xlsx"


def write_template(domain: Domain, path: str | Path, lang: str = "da", values: Values | None = None) -> Path:
    """Write ``domain``'s template to ``path`` (atomically), optionally with values filled in.

    Choice fields take the choice id as value; the label in ``lang`` is written.
    """
    values = values or {}
    _check_rows_fit(domain, values)
    path = Path(path)
    with atomic_path(path) as tmp:
        workbook = xlsxwriter.Workbook(str(tmp), {"in_memory": True})
        workbook.set_properties({
            "title": domain.title(lang), "author": "kommunebench", "company": "kommunebench",
            "comments": f"{domain.id} template {domain.template_version}", "created": _FIXED_CREATED,
        })
        writer = _TemplateWriter(workbook, domain, lang, values)
        writer.write()
        lay_out_workbook(workbook)  # planned page breaks: no heading alone at a page's foot
        workbook.close()
    return path


def _check_rows_fit(domain: Domain, values: Values) -> None:
    """A value for a record sheet's row beyond its ``max_rows`` would be left out: refuse it instead."""
    limits = {sheet.id: sheet.max_rows for sheet in domain.sheets if isinstance(sheet, RecordSheet)}
    beyond = [key for key in values if len(key) == 3 and key[0] in limits and key[1] >= limits[key[0]]]
    if beyond:
        sheet_id = beyond[0][0]
        raise ValueError(f"{domain.id}: sheet {sheet_id!r} holds {limits[sheet_id]:,} rows; values were given for "
                         f"{max(key[1] for key in beyond if key[0] == sheet_id) + 1:,}")


# LibreOffice prints the instructions at 100 % whatever the fit-to-width setting, so the one text
# column must itself fit A4 portrait (about 80 units of width); rows allow one character per unit.
INSTRUCTIONS_WIDTH = 78


class _TemplateWriter:
    def __init__(self, workbook: xlsxwriter.Workbook, domain: Domain, lang: str, values: Values) -> None:
        self.wb = workbook
        self.domain = domain
        self.lang = lang
        self.values = values
        self.meta_lists: list[tuple[str, list[str]]] = []
        self.f = self._formats()

    # -- formats -------------------------------------------------------------------------
    def _formats(self) -> dict[str, Any]:
        wb = self.wb
        base = {"font_name": "Calibri", "font_size": 11, "valign": "top"}
        border = {"border": 1, "border_color": "#BFBFBF"}
        inp = {**base, **border, "bg_color": INPUT_FILL, "locked": False}
        self.f_props = {"in_text": {**inp, "num_format": "@", "text_wrap": True},
                        "in_integer": {**inp, "num_format": "#,##0"},
                        "in_number": {**inp, "num_format": "#,##0.0#"},
                        "in_date": {**inp, "num_format": DATE_FORMAT},
                        "in_choice": inp}
        given = {**base, **border, "bg_color": GIVEN_FILL, "locked": True}
        return {
            "title": wb.add_format({**base, "bold": True, "font_size": 16, "font_color": HEADER_FILL}),
            "intro": wb.add_format({**base, "italic": True, "text_wrap": True, "font_color": "#404040"}),
            "header": wb.add_format({**base, "bold": True, "font_color": "white", "bg_color": HEADER_FILL,
                                     "text_wrap": True, "border": 1, "border_color": "white"}),
            "label": wb.add_format({**base, **border}),
            "status_label": wb.add_format({**base, **border, "text_wrap": True}),
            "label_band": wb.add_format({**base, **border, "bg_color": BAND_FILL}),
            "key": wb.add_format({**base, **border, "font_color": "#595959"}),
            "key_band": wb.add_format({**base, **border, "font_color": "#595959", "bg_color": BAND_FILL}),
            "help": wb.add_format({**base, **border, "text_wrap": True, "font_color": "#595959", "font_size": 10}),
            **{name: wb.add_format(props) for name, props in self.f_props.items()},
            "given_number": wb.add_format({**given, "num_format": "#,##0"}),
            "given_text": wb.add_format({**given, "num_format": "@"}),
            "given_decimal": wb.add_format({**given, "num_format": "#,##0.0#"}),
            "check_label": wb.add_format({**base, "bold": True, "align": "right"}),
            "check_value": wb.add_format({**base, "bold": True, "num_format": "#,##0.0#", "border": 2,
                                          "border_color": HEADER_FILL, "align": "center"}),
            "check_count": wb.add_format({**base, "bold": True, "num_format": "0", "border": 2,
                                          "border_color": HEADER_FILL, "align": "center"}),
            "check_whole": wb.add_format({**base, "bold": True, "num_format": "#,##0", "border": 2,
                                          "border_color": HEADER_FILL, "align": "center"}),
            "section": wb.add_format({**base, "bold": True, "font_size": 12, "font_color": HEADER_FILL}),
            "body": wb.add_format({**base, "text_wrap": True}),
            "sum": wb.add_format({**base, **border, "bg_color": BAND_FILL, "bold": True, "num_format": "#,##0"}),
            "sum_number": wb.add_format({**base, **border, "bg_color": BAND_FILL, "bold": True,
                                         "num_format": "#,##0.0#"}),
            "ok": wb.add_format({"bg_color": "#C6EFCE", "font_color": "#006100"}),
            "warn": wb.add_format({"bg_color": "#FFEB9C", "font_color": "#9C5700"}),
            "bad": wb.add_format({"bg_color": "#FFC7CE", "font_color": "#9C0006"}),
        }

    def _input_format(self, field: Field):
        name = "in_" + {"integer": "integer", "number": "number", "choice": "choice",
                        "date": "date"}.get(field.type, "text")
        if field.number_format is None:
            return self.f[name]
        key = f"{name}:{field.number_format}"
        if key not in self.f:
            self.f[key] = self.wb.add_format({**self.f_props[name], "num_format": field.number_format})
        return self.f[key]

    # -- sheets ----------------------------------------------------------------------------
    def write(self) -> None:
        # Front form first, then the instructions, then the remaining sheets in declared order.
        sheets = list(self.domain.sheets)
        for index, sheet in enumerate(sheets):
            if index == 1:
                self._write_instructions()
            if isinstance(sheet, FormSheet):
                self._write_form(sheet)
            elif isinstance(sheet, TableSheet):
                self._write_table(sheet)
            else:
                write_record_sheet(self, sheet)
        if len(sheets) == 1:
            self._write_instructions()
        self._write_meta()
        self.wb.worksheets()[0].activate()

    def _write_form(self, sheet: FormSheet):
        lang, f = self.lang, self.f
        ws = self.wb.add_worksheet(sheet.name(lang))
        ws.hide_gridlines(2)
        ws.set_column(FORM_LABEL_COL, FORM_LABEL_COL, FORM_LABEL_WIDTH)
        ws.set_column(FORM_VALUE_COL, FORM_VALUE_COL, max(field.width for field in sheet.fields))
        ws.set_column(FORM_UNIT_COL, FORM_UNIT_COL, 12)
        ws.set_column(FORM_HELP_COL, FORM_HELP_COL, 60)
        ws.write(FORM_HEADING_ROW, FORM_LABEL_COL, sheet.heading(lang), f["title"])
        ws.set_row(FORM_HEADING_ROW, 24)
        ws.merge_range(FORM_INTRO_ROW, FORM_LABEL_COL, FORM_INTRO_ROW, FORM_HELP_COL, sheet.intro(lang), f["intro"])
        ws.set_row(FORM_INTRO_ROW, row_height(sheet.intro(lang), 140))
        headers = (Text("Oplysning", "Item"), Text("Værdi", "Value"), Text("Enhed", "Unit"),
                   Text("Vejledning", "Guidance"))
        for col, header in zip((FORM_LABEL_COL, FORM_VALUE_COL, FORM_UNIT_COL, FORM_HELP_COL), headers):
            ws.write(FORM_HEADER_ROW, col, header(lang), f["header"])
        for field in sheet.fields:
            row = form_field_row(sheet, field.id)
            ws.write(row, FORM_LABEL_COL, field.label(lang) + (" *" if field.required else ""), f["label"])
            self._write_input(ws, row, FORM_VALUE_COL, field, self.values.get((sheet.id, field.id)))
            self._add_validation(ws, row, FORM_VALUE_COL, row, FORM_VALUE_COL, field)
            ws.write(row, FORM_UNIT_COL, field.unit(lang), f["label"])
            ws.write(row, FORM_HELP_COL, field.help(lang), f["help"])
            ws.set_row(row, max(20, row_height(field.help(lang), 70)))
        self._write_status(ws, sheet, form_field_row(sheet, sheet.fields[-1].id) + 2)
        ws.freeze_panes(FORM_FIRST_FIELD_ROW, 0)
        self._print_setup(ws, FORM_HEADER_ROW, portrait=True)
        self._protect(ws)
        return ws

    def _write_status(self, ws, form: FormSheet, row: int) -> None:
        """Live summary of every table and record sheet on the front form (what is left to fill, totals)."""
        lang, f = self.lang, self.f
        sheets = [s for s in self.domain.sheets if isinstance(s, (TableSheet, RecordSheet))]
        if not sheets:
            return
        ws.write(row, FORM_LABEL_COL, Text("Status", "Status")(lang), f["section"])
        for sheet in sheets:
            row += 1
            link = quote_sheetname(sheet.name(lang)) + "!"
            if isinstance(sheet, RecordSheet):
                if not sheet.group_sums:
                    check = xl_rowcol_to_cell(RECORD_CHECK_ROW, RECORD_CHECK_VALUE_COL)
                    self._status_label(ws, row, f"{sheet.name(lang)}: " + FILLED_ROWS(lang).lower())
                    ws.write_formula(row, FORM_VALUE_COL, f"={link}{check}", f["check_count"],
                                     filled_row_count(sheet, self.values))
                for index, total in enumerate(sheet.group_sums):
                    # Counted in groups (employees), the unit a head thinks in, not in rows.
                    row += index > 0
                    self._status_label(ws, row, f"{sheet.name(lang)}: {total.count_label(lang)}")
                    ws.write_formula(row, FORM_VALUE_COL, group_count_formula(sheet, total, link), f["check_count"],
                                     group_count(sheet, total, self.values))
                    row += 1
                    self._status_label(ws, row, f"{sheet.name(lang)}: {total.check_label(lang)}")
                    ws.write_formula(row, FORM_VALUE_COL, off_target_formula(sheet, total, link), f["check_count"],
                                     off_target_count(sheet, total, self.values))
                    self._ok_when_zero(ws, row, FORM_VALUE_COL)
                # A sum column's label already says it is a total ("Minutter i alt").
                totals = [(total.label(lang).lower(), record_col(sheet, total.id),
                           sum_total(sheet, total.id, self.values)) for total in sheet.sums]
                total_row = RECORD_TOTAL_ROW
            else:
                check = xl_rowcol_to_cell(TABLE_CHECK_ROW, TABLE_CHECK_VALUE_COL)
                self._status_label(ws, row, f"{sheet.name(lang)}: " + _UNANSWERED(lang).lower())
                ws.write_formula(row, FORM_VALUE_COL, f"={link}{check}", f["check_count"],
                                 self._unanswered_count(sheet))
                self._ok_when_zero(ws, row, FORM_VALUE_COL)
                if sheet.split_rows:
                    row += 1
                    self._status_label(ws, row, f"{sheet.name(lang)}: " + SPLITS_OFF(lang).lower())
                    ws.write_formula(row, FORM_VALUE_COL, f"={link}{split_check_cell()}", f["check_count"],
                                     split_mismatch_count(sheet, self.values))
                    self._ok_when_zero(ws, row, FORM_VALUE_COL)
                in_total = Text("i alt", "in total")(lang)
                totals = [(next(c for c in sheet.columns if c.id == field_id).label(lang).lower() + " " + in_total,
                           table_field_col(sheet, field_id), self._column_total(sheet, field_id))
                          for field_id in sheet.total_fields]
                total_row = TABLE_TOTAL_ROW
            for label, col, cached in totals:
                row += 1
                self._status_label(ws, row, f"{sheet.name(lang)}: {label}")
                ws.write_formula(row, FORM_VALUE_COL, f"={link}{xl_rowcol_to_cell(total_row, col)}",
                                 f["check_value"], cached)

    def _status_label(self, ws, row: int, text: str) -> None:
        """A status line's label, wrapped in its column and its row as tall as the lines need."""
        ws.write(row, FORM_LABEL_COL, text, self.f["status_label"])
        ws.set_row(row, max(20, wrapped_lines(text, FORM_LABEL_WIDTH, 11) * 11 * 1.22 + 4))

    def _write_table(self, sheet: TableSheet):
        lang, f = self.lang, self.f
        ws = self.wb.add_worksheet(sheet.name(lang))
        last_row, last_col = table_last_data_row(sheet), table_last_col(sheet)
        ws.set_column(TABLE_KEY_COL, TABLE_KEY_COL, 10)
        ws.set_column(TABLE_GROUP_COL, TABLE_GROUP_COL, 34)
        ws.set_column(TABLE_LABEL_COL, TABLE_LABEL_COL, 62)
        for field in sheet.columns:
            col = table_field_col(sheet, field.id)
            ws.set_column(col, col, field.width)
        ws.write(TABLE_HEADING_ROW, TABLE_KEY_COL, sheet.heading(lang), f["title"])
        ws.set_row(TABLE_HEADING_ROW, 24)
        ws.merge_range(TABLE_INTRO_ROW, TABLE_KEY_COL, TABLE_INTRO_ROW, last_col, sheet.intro(lang), f["intro"])

        # Live checks: unanswered rows and column totals, visible above the frozen header.
        ws.write(TABLE_CHECK_ROW, TABLE_CHECK_LABEL_COL, _UNANSWERED(lang) + Text(" (skal være 0)", " (must be 0)")(lang),
                 f["check_label"])
        answered = "*".join(
            f'({_col_range(table_field_col(sheet, c.id), sheet)}<>"")' for c in sheet.answer_fields)
        first_col_range = _col_range(TABLE_FIRST_FIELD_COL, sheet)
        ws.write_formula(TABLE_CHECK_ROW, TABLE_CHECK_VALUE_COL, f"=ROWS({first_col_range})-SUMPRODUCT({answered})",
                         f["check_count"], self._unanswered_count(sheet))
        self._ok_when_zero(ws, TABLE_CHECK_ROW, TABLE_CHECK_VALUE_COL)
        ws.write(TABLE_TOTAL_ROW, TABLE_CHECK_LABEL_COL, Text("I alt", "Total")(lang), f["check_label"])
        for field_id in sheet.total_fields:
            col = table_field_col(sheet, field_id)
            ws.write_formula(TABLE_TOTAL_ROW, col, f"=SUM({_col_range(col, sheet)})", f["check_value"],
                             self._column_total(sheet, field_id))

        headers = [sheet.key_header, sheet.group_header, sheet.label_header] + [c.label for c in sheet.columns]
        for col, header in enumerate(headers):
            ws.write(TABLE_HEADER_ROW, col, header(lang), f["header"])
        widths = {TABLE_KEY_COL: 10, TABLE_GROUP_COL: 34, TABLE_LABEL_COL: 62,
                  **{table_field_col(sheet, field.id): field.width for field in sheet.columns}}
        fitted_header_row(ws, TABLE_HEADER_ROW, {col: header(lang) for col, header in enumerate(headers)}, widths)

        group_index, previous_group = -1, None
        for index, item in enumerate(sheet.rows):
            row = TABLE_FIRST_DATA_ROW + index
            if item.group_id != previous_group:
                group_index, previous_group = group_index + 1, item.group_id
            band = "_band" if group_index % 2 else ""
            ws.write_string(row, TABLE_KEY_COL, item.key, f["key" + band])
            ws.write_string(row, TABLE_GROUP_COL, item.group(lang), f["label" + band])
            ws.write_string(row, TABLE_LABEL_COL, item.label(lang), f["label" + band])
            for field in sheet.columns:
                self._write_input(ws, row, table_field_col(sheet, field.id), field,
                                  self.values.get((sheet.id, item.key, field.id)), given=item.given)
        for field in sheet.columns:
            col = table_field_col(sheet, field.id)
            self._add_validation(ws, TABLE_FIRST_DATA_ROW, col, last_row, col, field)

        if sheet.split_rows:
            write_split_checks(self, ws, sheet)
        ws.autofilter(TABLE_HEADER_ROW, TABLE_KEY_COL, last_row, last_col)
        ws.freeze_panes(TABLE_FIRST_DATA_ROW, TABLE_FIRST_FIELD_COL)
        self._print_setup(ws, TABLE_HEADER_ROW, portrait=False)
        self._protect(ws)
        return ws

    def _write_instructions(self) -> None:
        lang, f = self.lang, self.f
        ws = self.wb.add_worksheet(INSTRUCTIONS_SHEET(lang))
        ws.hide_gridlines(2)
        ws.set_column(0, 0, INSTRUCTIONS_WIDTH)
        ws.write(0, 0, self.domain.title(lang) + " – " + INSTRUCTIONS_SHEET(lang).lower(), f["title"])
        ws.set_row(0, 24)
        row = 2
        for section in self.domain.instructions:
            ws.write(row, 0, section.heading(lang), f["section"])
            ws.write(row + 1, 0, section.body(lang), f["body"])
            ws.set_row(row + 1, row_height(section.body(lang), INSTRUCTIONS_WIDTH))
            row += 3
        version = Text("Skabelon", "Template")(lang)
        ws.write(row, 0, f"{version}: {self.domain.id} {self.domain.template_version} · kommunebench {__version__}",
                 f["intro"])
        self._print_setup(ws, None, portrait=True)
        self._protect(ws)

    def _write_meta(self) -> None:
        ws = self.wb.add_worksheet(META_SHEET)
        rows = (("template_id", self.domain.id), ("template_version", self.domain.template_version),
                ("language", self.lang), ("generator", f"kommunebench {__version__}"))
        for row, (key, value) in enumerate(rows):
            ws.write_string(row, 0, key)
            ws.write_string(row, 1, value)
        for offset, (field_id, labels) in enumerate(self.meta_lists):
            col = _META_FIRST_LIST_COL + offset
            ws.write_string(0, col, field_id)
            for index, label in enumerate(labels, start=1):
                ws.write_string(index, col, label)
        ws.hide()
        ws.protect()

    # -- cells -------------------------------------------------------------------------
    def _write_input(self, ws, row: int, col: int, field: Field, value: Any, given: bool = False) -> None:
        fmt = (self.f["given_number"] if field.is_numeric else self.f["given_text"]) if given \
            else self._input_format(field)
        if value is None or value == "":
            ws.write_blank(row, col, None, fmt)
        elif field.type == "choice":
            ws.write_string(row, col, _choice_label(field, value, self.lang), fmt)
        elif field.is_numeric and isinstance(value, (int, float)) and not isinstance(value, bool):
            ws.write_number(row, col, value, fmt)
        elif field.type == "date" and isinstance(value, dt.date):
            ws.write_datetime(row, col, value, fmt)
        else:
            # Municipal text is data, never a formula: a comment starting with '=' stays a string.
            ws.write_string(row, col, str(value), fmt)

    def _add_validation(self, ws, first_row: int, first_col: int, last_row: int, last_col: int, field: Field) -> None:
        lang = self.lang
        options: dict[str, Any] = {
            "input_title": field.label(lang)[:32],
            "input_message": clip(field.help(lang), 255),
            "error_title": Text("Ugyldig værdi", "Invalid value")(lang),
            "ignore_blank": True,
            "error_type": "stop",
        }
        if field.type in ("integer", "number"):
            options["validate"] = "integer" if field.type == "integer" else "decimal"
            low = field.minimum if field.minimum is not None else -1e15
            if field.maximum is not None:
                options.update(criteria="between", minimum=low, maximum=field.maximum)
            else:
                options.update(criteria=">=", value=low)
        elif field.type == "choice":
            labels = [c.label(lang) for c in field.choices]
            options.update(validate="list", source=self._list_source(field, labels))
        elif field.type == "date":
            low = field.minimum if field.minimum is not None else DATE_WINDOW[0]
            high = field.maximum if field.maximum is not None else DATE_WINDOW[1]
            options.update(validate="date", criteria="between", minimum=low, maximum=high)
        elif field.type == "email":
            cell = xl_rowcol_to_cell(first_row, first_col)
            options.update(validate="custom", value=f'=ISNUMBER(FIND("@",{cell}))', error_type="warning")
        elif field.max_length:
            options.update(validate="length", criteria="<=", value=field.max_length)
        else:
            options.update(validate="any")
        options["error_message"] = clip(allowed_description(field, lang), 255)
        ws.data_validation(first_row, first_col, last_row, last_col, options)

    def _list_source(self, field: Field, labels: list[str]) -> list[str] | str:
        if sum(len(label) + 1 for label in labels) <= _MAX_INLINE_LIST:
            return labels
        col = _META_FIRST_LIST_COL + len(self.meta_lists)
        self.meta_lists.append((field.id, labels))
        return f"={quote_sheetname(META_SHEET)}!{xl_range_abs(1, col, len(labels), col)}"

    def _ok_when_zero(self, ws, row: int, col: int) -> None:
        ws.conditional_format(row, col, row, col, {"type": "cell", "criteria": "==", "value": 0, "format": self.f["ok"]})
        ws.conditional_format(row, col, row, col, {"type": "cell", "criteria": ">", "value": 0, "format": self.f["bad"]})

    def _print_setup(self, ws, header_row: int | None, portrait: bool) -> None:
        ws.set_paper(9)  # A4
        ws.set_portrait() if portrait else ws.set_landscape()
        ws.fit_to_pages(1, 0)
        ws.set_margins(left=0.5, right=0.5, top=0.75, bottom=0.75)
        if header_row is not None:
            ws.repeat_rows(header_row)
        ws.set_header(f"&L&\"Calibri,Bold\"{_escape_hf(self.domain.title(self.lang))}&R&A")
        page = Text("Side &P af &N", "Page &P of &N")(self.lang)
        ws.set_footer(f"&L{self.domain.id} {self.domain.template_version}&R{page}")

    def _protect(self, ws) -> None:
        ws.protect("", {"autofilter": True, "format_columns": True, "format_rows": True,
                        "select_locked_cells": True, "select_unlocked_cells": True})

    # -- cached results of the live checks ------------------------------------------------
    def _unanswered_count(self, sheet: TableSheet) -> int:
        return sum(1 for item in sheet.rows
                   if any(self.values.get((sheet.id, item.key, c.id)) in (None, "") for c in sheet.answer_fields))

    def _column_total(self, sheet: TableSheet, field_id: str) -> float:
        total = 0.0
        for item in sheet.rows:
            value = self.values.get((sheet.id, item.key, field_id))
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                total += value
        return total


def _UNANSWERED(lang: str) -> str:
    return Text("Ubesvarede rækker", "Unanswered rows")(lang)


def _col_range(col: int, sheet: TableSheet) -> str:
    return xl_range_abs(TABLE_FIRST_DATA_ROW, col, table_last_data_row(sheet), col)


def _choice_label(field: Field, value: Any, lang: str) -> str:
    for choice in field.choices:
        if value in (choice.id, choice.label.da, choice.label.en):
            return choice.label(lang)
    raise ValueError(f"{value!r} is not a choice of {field.id!r}")


def _escape_hf(text: str) -> str:
    return text.replace("&", "&&")
