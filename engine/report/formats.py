"""House style of the report workbooks: formats, colour scales, print set-up, deterministic files.

The colours and fonts are those of the templates (:mod:`engine.templates.writer`), so a municipality
sees one visual language from the template it fills to the report it gets back.
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.utility import xl_rowcol_to_cell

from engine import __version__
from engine.report.worksheet import ReportWorkbook
from engine.templates.writer import BAND_FILL, HEADER_FILL
from engine.text import Text

# No timestamps in a report: the same round gives the same bytes.
FIXED_CREATED = dt.datetime(2026, 1, 1)

RED = "#F8696B"
WHITE = "#FFFFFF"
GREEN = "#63BE7B"
LIGHT_BLUE = "#DDEBF7"
GREY_TEXT = "#595959"
RULE = "#BFBFBF"
OWN_COLOUR = HEADER_FILL      # the municipality's own series in charts
PEER_COLOUR = "#A6A6A6"       # all other participants
SYSTEM_COLOUR = "#9DC3E6"     # participants on the same system

DASH = "–"
A4, A3 = 9, 8  # Excel paper sizes  # shown instead of a suppressed or missing number

# Excel number formats; they are locale-independent in the file, Danish Excel shows 1.234,5.
SCORE = "0.00"
DEVIATION = "+0.00;-0.00;0.00"
FTE = "#,##0.0"
FTE_NORM = "0.00"
FTE_NORM_DEVIATION = "+0.00;-0.00;0.00"
DKK = "#,##0"
COUNT = "#,##0"
SHARE = "0%"


def finite(value: object) -> bool:
    """A real, finite number (not NaN, not a bool)."""
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(float(value))


def write_cached_formula(ws, row: int, col: int, formula: str, fmt, value: object) -> None:
    """A live formula with the engine's number (or text) as its cached result.

    A formula without a finite engine value is a bug in the caller: the workbook would show a
    number the engine never computed, so it is refused rather than written.
    """
    if isinstance(value, str):
        cached: object = value
    else:
        if not finite(value):
            raise ValueError(f"no finite engine value for {formula} at {xl_rowcol_to_cell(row, col)}: {value!r}")
        cached = float(value)
    ws.write_formula(row, col, formula, fmt, cached)


PARAMETER_FIRST_ROW = 4  # on the method sheet: title, subtitle, blank, header, then one parameter a row
PARAMETER_HEADERS = (Text("Parameter", "Parameter"), Text("Værdi", "Value"), Text("Enhed", "Unit"),
                     Text("Navn i formler", "Name in formulas"))


def parameter_rows(parameters) -> dict[str, int]:
    """Row of each named parameter cell; ``parameters`` are (name, attribute, label, unit, format)."""
    return {name: PARAMETER_FIRST_ROW + index for index, (name, *_) in enumerate(parameters)}


class Choices:
    """A parameter whose value is one of a few codes (``frontline``/``total``): its cell holds the code's
    word in the reader's language, offered in a list, and a formula compares the name with that word
    (:meth:`word`), so no code of the engine is shown."""

    def __init__(self, words: dict[str, Text]) -> None:
        self.words = dict(words)

    def word(self, code: str, lang: str) -> str:
        return self.words[code](lang)


def define_parameter_names(wb, method_sheet: str, parameters) -> None:
    """Workbook names (e.g. ``cost_per_fte``) for the value cells, so formulas read like the method."""
    for name, row in parameter_rows(parameters).items():
        wb.define_name(name, f"={method_sheet}!{xl_rowcol_to_cell(row, 1, True, True)}")


def write_parameter_table(ws, f, parameters, params, lang: str) -> int:
    """The method sheet's parameter table (values from ``params``); returns the first row after it."""
    for col, header in enumerate(PARAMETER_HEADERS):
        ws.write_string(PARAMETER_FIRST_ROW - 1, col, header(lang), f["header_left" if col != 1 else "header"])
    rows = parameter_rows(parameters)
    for name, attribute, label, unit, num_format in parameters:
        row = rows[name]
        ws.write_string(row, 0, label(lang), f["label"])
        value = getattr(params, attribute)
        if isinstance(num_format, Choices):
            ws.write_string(row, 1, num_format.word(value, lang), f["param"])
            ws.data_validation(row, 1, row, 1, {"validate": "list",
                                                "source": [text(lang) for text in num_format.words.values()]})
        elif isinstance(value, str):
            ws.write_string(row, 1, value, f["param"])
        else:
            ws.write_number(row, 1, float(value), f.num(num_format, param=True))
        ws.write_string(row, 2, unit(lang), f["label"])
        ws.write_string(row, 3, name, f["key"])
    return rows[parameters[-1][0]] + 2


def write_consultant_header(ws, f, title: str, subtitle: str, warning: str,
                            wrap_over: tuple[int, float] | None = None) -> None:
    """Title lines of an overview sheet, with the warning that it names every participant.

    ``wrap_over`` (last column, width in characters): the subtitle wraps over the table's columns
    instead of running on in one line, which would widen the printout to tiny type."""
    ws.write_string(0, 0, title, f["title"])
    ws.set_row(0, 26)
    if wrap_over is None:
        ws.write_string(1, 0, subtitle, f["subtitle"])
    else:
        last_col, chars = wrap_over
        ws.merge_range(1, 0, 1, last_col, subtitle, f["note"])
        ws.set_row(1, row_height(subtitle, chars))
    ws.write_string(2, 0, warning, f["flag"])


def new_workbook(path: str | Path, title: str, comments: str) -> xlsxwriter.Workbook:
    """A workbook with fixed document properties (no creation time of the run)."""
    # In memory: XlsxWriter otherwise writes and deletes a temporary file per XML part, which costs
    # about a quarter of a report's writing time.
    workbook = ReportWorkbook(str(path), {"in_memory": True})
    workbook.set_properties({"title": title, "author": "kommunebench", "company": "kommunebench",
                             "comments": comments, "created": FIXED_CREATED})
    workbook.set_size(1600, 1000)
    return workbook


class Formats:
    """Named cell formats of one workbook, created on first use and shared afterwards.

    >>> # f = Formats(workbook); ws.write(0, 0, "Titel", f["title"]); f.num(SCORE, bold=True)
    """

    _BASE = {"font_name": "Calibri", "font_size": 10, "valign": "vcenter"}
    _BORDER = {"bottom": 1, "bottom_color": RULE}

    def __init__(self, workbook: xlsxwriter.Workbook) -> None:
        self.wb = workbook
        self._cache: dict[Any, Any] = {}
        base, border = self._BASE, self._BORDER
        self._named = {
            "title": {**base, "bold": True, "font_size": 16, "font_color": HEADER_FILL},
            "subtitle": {**base, "italic": True, "font_color": GREY_TEXT},
            "section": {**base, "bold": True, "font_size": 13, "font_color": HEADER_FILL, "bottom": 2,
                        "bottom_color": HEADER_FILL},
            "block": {**base, "bold": True, "font_size": 11, "font_color": HEADER_FILL},
            "header": {**base, "bold": True, "font_color": "white", "bg_color": HEADER_FILL, "text_wrap": True,
                       "align": "center", "valign": "vcenter", "border": 1, "border_color": "white"},
            "header_left": {**base, "bold": True, "font_color": "white", "bg_color": HEADER_FILL,
                            "text_wrap": True, "valign": "vcenter", "border": 1, "border_color": "white"},
            "group": {**base, "bold": True, "font_color": HEADER_FILL, "bg_color": LIGHT_BLUE, "align": "center",
                      "text_wrap": True, "border": 1, "border_color": "white"},
            "label": {**base, **border},
            "label_bold": {**base, "bold": True, "top": 1, "bottom": 2, "top_color": HEADER_FILL,
                           "bottom_color": HEADER_FILL},
            "key": {**base, **border, "font_color": GREY_TEXT},
            # A code formulas match on, in a hidden column: shown as nothing too, since LibreOffice has been
            # seen printing such a column on a long sheet (jobcenter Grundlag).
            "code": {**base, "num_format": ";;;"},
            "key_top": {**base, **border, "font_color": GREY_TEXT, "valign": "top"},
            "helper": {**base, **border, "font_color": "#8C8C8C", "font_size": 8},
            "text": {**base, **border, "text_wrap": True, "valign": "top"},
            "text_top": {**base, **border, "valign": "top"},
            "note": {**base, "italic": True, "font_color": GREY_TEXT, "text_wrap": True, "valign": "top"},
            "note_inline": {**base, "italic": True, "font_color": GREY_TEXT, "indent": 1},
            "body": {**base, "text_wrap": True, "valign": "top"},
            "body_bold": {**base, "bold": True, "font_size": 11, "font_color": HEADER_FILL, "valign": "top"},
            "flag": {**base, **border, "font_color": "#9C0006", "bold": True, "indent": 1},
            "flag_bold": {**base, "font_color": "#9C0006", "bold": True, "indent": 1, "top": 1, "bottom": 2,
                          "top_color": HEADER_FILL, "bottom_color": HEADER_FILL},
            "dash": {**base, **border, "align": "center", "font_color": GREY_TEXT},
            "dash_bold": {**base, "align": "center", "font_color": GREY_TEXT, "top": 1, "bottom": 2,
                          "top_color": HEADER_FILL, "bottom_color": HEADER_FILL},
            "param": {**base, "border": 1, "border_color": RULE, "bg_color": "#FFF2CC", "bold": True},
            "band": {**base, **border, "bg_color": BAND_FILL},
            "link": {**base, **border, "font_color": HEADER_FILL, "underline": 1},
        }

    def __getitem__(self, name: str):
        if name not in self._cache:
            self._cache[name] = self.wb.add_format(self._named[name])
        return self._cache[name]

    def num(self, num_format: str, bold: bool = False, param: bool = False, wrap_top: bool = False,
            align_left: bool = False):
        """A number cell: ruled below, bold with the total row's rules, or a yellow parameter cell."""
        key = (num_format, bold, param, wrap_top, align_left)
        if key not in self._cache:
            if param:
                props = dict(self._named["param"])
            elif bold:
                props = {**self._BASE, "bold": True, "top": 1, "bottom": 2, "top_color": HEADER_FILL,
                         "bottom_color": HEADER_FILL}
            else:
                props = {**self._BASE, **self._BORDER}
            if wrap_top:
                props["valign"] = "top"
            if align_left:
                props["align"] = "left"
            props["num_format"] = num_format
            self._cache[key] = self.wb.add_format(props)
        return self._cache[key]


def diverging_scale(ws, first_row: int, col: int, last_row: int, values, reverse: bool = False) -> None:
    """Red–white–green colour scale centred on 0 (reversed: more is red), symmetric around 0."""
    finite = [abs(float(v)) for v in values if v is not None and math.isfinite(float(v))]
    extent = max(finite, default=0.0) or 1.0
    low, high = (GREEN, RED) if reverse else (RED, GREEN)
    ws.conditional_format(first_row, col, last_row, col, {
        "type": "3_color_scale",
        "min_type": "num", "min_value": -extent, "min_color": low,
        "mid_type": "num", "mid_value": 0, "mid_color": WHITE,
        "max_type": "num", "max_value": extent, "max_color": high,
    })


def sequential_scale(ws, first_row: int, first_col: int, last_row: int, last_col: int) -> None:
    """White to blue: higher is darker (used for levels, where neither end is 'good')."""
    ws.conditional_format(first_row, first_col, last_row, last_col, {
        "type": "2_color_scale", "min_color": WHITE, "max_color": "#5B9BD5"})


def write_sheet_link(ws, row: int, col: int, sheet: str, fmt) -> None:
    """A real link to another sheet of the workbook ("→ Effekt"), which a click follows, not just its name."""
    ws.write_url(row, col, "internal:'" + sheet.replace("'", "''") + "'!A1", fmt, f"→ {sheet}")


def print_setup(ws, title: str, lang: str, landscape: bool = True, repeat_row: int | None = None,
                gridlines: bool = False, paper: int = A4) -> None:
    """A4 (or ``paper``), fit to the page width, the title in the header and page numbers in the footer."""
    ws.set_paper(paper)
    ws.set_landscape() if landscape else ws.set_portrait()
    ws.fit_to_pages(1, 0)
    ws.set_margins(left=0.5, right=0.5, top=0.75, bottom=0.75)
    if repeat_row is not None:
        ws.repeat_rows(repeat_row)
    if not gridlines:
        ws.hide_gridlines(2)
    ws.set_header(f"&L&\"Calibri,Bold\"{title.replace('&', '&&')}&R&A")
    page = Text("Side &P af &N", "Page &P of &N")(lang)
    ws.set_footer(f"&Lkommunebench {__version__}&R{page}")


def row_height(text: str, chars_per_line: float, line_height: float = 13.5) -> float:
    """Estimated height of wrapped text; Excel does not autofit rows written by a library."""
    lines = sum(max(1, math.ceil(len(line) / max(chars_per_line, 1))) for line in text.split("\n"))
    return line_height * lines + 4


def text_of(value: object, lang: str) -> str:
    """A people-facing string from a Text, a plain value or nothing."""
    if value is None:
        return ""
    if isinstance(value, Text):
        return value(lang)
    if isinstance(value, float) and math.isnan(value):
        return ""
    return str(value)


def write_heading(ws, f: "Formats", title: str, subtitle: str, width: int) -> None:
    """A sheet's title in row 1 and its explanation, merged over ``width`` + 1 columns, in row 2."""
    ws.write_string(0, 0, title, f["title"])
    ws.set_row(0, 26)
    ws.merge_range(1, 0, 1, width, subtitle, f["note"])
    ws.set_row(1, row_height(subtitle, 14 * (width + 1)))


def write_section(ws, f: "Formats", row: int, title: str, last_col: int) -> int:
    """A section band across the columns up to ``last_col``; returns the row below it."""
    for col in range(last_col + 1):
        ws.write_blank(row, col, None, f["section"])
    ws.write_string(row, 0, title, f["section"])
    ws.set_row(row, 20)
    return row + 1
