"""XlsxWriter's workbook and worksheet with their innermost loops made cheaper; the bytes stay XlsxWriter's
(but for charts: their caches hold gaps where XlsxWriter writes 0, and their value axes and value
labels show a thousands separator).

A report holds thousands of cells and hundreds of live formulas; XlsxWriter spends most of a report's
CPU on per-cell generality the reports do not need. :class:`ReportWorkbook` (used by
:func:`engine.report.formats.new_workbook`) gives its sheets the class below; any other XlsxWriter
workbook in the process is untouched. ``tests/test_report_toolkit.py`` writes every kind of cell
with both classes and compares the files byte for byte.
"""

from __future__ import annotations

import re
from types import MethodType

import xlsxwriter
from xlsxwriter.utility import xl_cell_to_rowcol, xl_rowcol_to_cell_fast
from xlsxwriter.worksheet import CellBlankTuple, CellFormulaTuple, CellNumberTuple, CellStringTuple, Worksheet

from engine.report.print_layout import lay_out_workbook

# Every function name XlsxWriter's formula preparation rewrites to an ``_xlfn.`` form (dynamic-array
# functions always; "future" functions only with ``use_future_functions``, which reports never set).
# Matched loosely on purpose (no word boundary; "INGLE(" for its ``\SINGLE\(`` pattern): a formula
# that might need rewriting takes XlsxWriter's own path, so the stored formula is always the same.
_REWRITTEN_FUNCTION = re.compile(
    r"(?:ANCHORARRAY|BYCOL|BYROW|CHOOSECOLS|CHOOSEROWS|DROP|EXPAND|FILTER|HSTACK|LAMBDA|MAKEARRAY|MAP|"
    r"RANDARRAY|REDUCE|SCAN|INGLE|SEQUENCE|SORT|SORTBY|SWITCH|TAKE|TEXTSPLIT|TOCOL|TOROW|UNIQUE|VSTACK|"
    r"WRAPCOLS|WRAPROWS|XLOOKUP)\(")


_ERROR_VALUES = frozenset(("#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!"))
_XML_ESCAPED = re.compile(r"[&<>]")


def _escape_data(text: str) -> str:
    """XlsxWriter's escaping of element text (quotes stay, as Excel writes them)."""
    if not _XML_ESCAPED.search(text):
        return text
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class ReportWorksheet(Worksheet):
    """XlsxWriter's worksheet with its inner loops made cheaper; the XML it writes is the same.

    - Formulas skip XlsxWriter's rewriting when they contain nothing to rewrite. XlsxWriter runs
      some 30 regular-expression substitutions over every formula (for dynamic-array functions the
      reports do not use); with thousands of cached formulas per report that was a fifth of the
      report's CPU. One search decides instead; any formula it matches, and the future-function
      expansion XlsxWriter asks for itself, go through XlsxWriter's own preparation.
    - The ``<c>`` element of a formatted number, shared string, formula or blank cell — nearly
      every cell of a report — is written in one string instead of through XlsxWriter's generic
      attribute escaping (the reference and the style index never need it). Any other cell (no
      format of its own, booleans, rich strings, arrays, errors) goes through XlsxWriter.
    - ``write_string``/``write_number``/``write_blank``/``write_formula`` with row and column
      numbers go straight to XlsxWriter's undecorated methods; "A1" arguments take the usual path. A
      plain formula is stored directly, after the one search above (XlsxWriter's ``_write_formula``
      searches it a second time, for dynamic-array functions the first search covers).

    Set per worksheet class, so other workbooks in the process are untouched;
    ``tests/test_report_toolkit.py`` checks that the bytes equal XlsxWriter's own.
    """

    # Row and column numbers skip XlsxWriter's check for "A1" notation (a try/int() per cell).
    def write_string(self, row, col, string, cell_format=None, *args):
        if row.__class__ is int and not args:
            return self._write_string(row, col, string, cell_format)
        return super().write_string(row, col, string, cell_format, *args)

    def write_number(self, row, col, number, cell_format=None, *args):
        if row.__class__ is int and not args:
            return self._write_number(row, col, number, cell_format)
        return super().write_number(row, col, number, cell_format, *args)

    def write_blank(self, row, col, blank, cell_format=None, *args):
        if row.__class__ is int and not args:
            return self._write_blank(row, col, blank, cell_format)
        return super().write_blank(row, col, blank, cell_format, *args)

    def write_formula(self, row, col, formula, cell_format=None, value=0, *args):
        if row.__class__ is int and not args:
            # A plain formula (no braces, nothing to rewrite: _REWRITTEN_FUNCTION covers every dynamic-array
            # function XlsxWriter looks for) is stored as XlsxWriter's _write_formula would store it, without
            # its second search for dynamic-array functions.
            if (formula and formula[0] == "=" and formula[-1] != "}" and not self.constant_memory
                    and not self.use_future_functions and not _REWRITTEN_FUNCTION.search(formula)):
                if self._check_dimensions(row, col):
                    return -1
                self.table[row][col] = CellFormulaTuple(formula[1:], cell_format, value)
                return 0
            return self._write_formula(row, col, formula, cell_format, value)
        return super().write_formula(row, col, formula, cell_format, value, *args)

    def _write_cell(self, row: int, col: int, cell) -> None:
        kind = cell.__class__
        cell_format = cell.format
        if cell_format is None or self.constant_memory:
            return super()._write_cell(row, col, cell)
        head = f'<c r="{xl_rowcol_to_cell_fast(row, col)}" s="{cell_format._get_xf_index()}"'
        if kind is CellStringTuple:
            self.fh.write(f'{head} t="s"><v>{cell.string}</v></c>')
        elif kind is CellNumberTuple:
            self.fh.write(f"{head}><v>{cell.number:.16G}</v></c>")
        elif kind is CellBlankTuple:
            self.fh.write(f"{head}/>")
        elif kind is CellFormulaTuple and not isinstance(cell.value, bool):
            value = cell.value
            if isinstance(value, str):
                if value in _ERROR_VALUES:
                    head += ' t="e"'
                elif value:
                    head += ' t="str"'
                value = _escape_data(value)
            self.fh.write(f"{head}><f>{_escape_data(cell.formula)}</f><v>{value}</v></c>")
        else:
            super()._write_cell(row, col, cell)

    def _prepare_formula(self, formula, expand_future_functions=False):
        if expand_future_functions or self.use_future_functions or _REWRITTEN_FUNCTION.search(formula):
            return super()._prepare_formula(formula, expand_future_functions)
        # What the parent does when nothing matches: drop array braces and the leading "=".
        if formula.startswith("{"):
            formula = formula[1:]
        if formula.startswith("="):
            formula = formula[1:]
        if formula.endswith("}"):
            formula = formula[:-1]
        return formula


class ReportWorkbook(xlsxwriter.Workbook):
    """An XlsxWriter workbook whose sheets are :class:`ReportWorksheet` and whose charts cache gaps.

    XlsxWriter caches a text or empty cell in a chart's number range as 0, so a viewer that draws
    from the cache (or a reader of the file) sees a suppressed value as a point or bar at zero. Here
    a number range caches numbers only: anything else leaves its point out, a gap as in the cells
    (which hold a number, nothing, or #N/A wherever a chart reads them).
    """

    worksheet_class = ReportWorksheet

    def close(self) -> None:
        lay_out_workbook(self)  # every page break planned: no chart cut, no heading alone at a page foot
        super().close()

    def _add_chart_data(self) -> None:
        super()._add_chart_data()
        sheets = {sheet.name: sheet for sheet in self.worksheets()}
        for chart in self.charts:
            for each in (chart, chart.combined):
                if each is not None:
                    _numbers_only(each)
                    _thousands_on_values(each, sheets)
                    # The cache written in one string: XlsxWriter's element-by-element writer was a tenth
                    # of a report's CPU once the scatter charts cached a hundred points each.
                    each._write_num_cache = MethodType(_write_num_cache, each)


_RANGE = re.compile(r"^=?\(?'?(?P<sheet>.+?)'?!\$?(?P<col>[A-Z]{1,3})\$?(?P<row>\d+)")
_INTEGER_PART = re.compile(r"(?<![#0.,])0+(?=[^0-9]|$)")


def with_thousands(number_format: str) -> str:
    """The format with a thousands separator in its integer part, so 1234 reads 1.234 in Danish
    (1,234 in English); percentages and text are left as they are.

    >>> [with_thousands(f) for f in ("0", "0.0", "+0.00;-0.00;0.00", "#,##0", "0%", "@")]
    ['#,##0', '#,##0.0', '+#,##0.00;-#,##0.00;#,##0.00', '#,##0', '0%', '@']
    """
    sections = number_format.split(";")
    return ";".join(section if "#,##" in section or "%" in section or "@" in section
                    else _INTEGER_PART.sub("#,##0", section, count=1) for section in sections)


def _thousands_on_values(chart, sheets: dict) -> None:
    """Give every value axis and every value data label of ``chart`` its own format with a thousands
    separator: the format it has, else that of the first cell its series reads (which Excel links to;
    LibreOffice ignores the link and shows General, 10000), so both show 10.000. A cell in the General
    format shows its cached numbers: whole numbers, or two decimals."""
    kind = chart.__class__.__name__
    axes = {"ChartBar": (("x_axis", "values"),), "ChartScatter": (("x_axis", "categories"), ("y_axis", "values"))}
    if chart.series:
        for axis_name, data in axes.get(kind, (("y_axis", "values"),)):
            axis = getattr(chart, axis_name)
            own = axis.get("num_format")
            linked = own is None or own == axis["defaults"].get("num_format") or axis.get("num_format_linked")
            shown = _source_format(chart, chart.series[0], data, sheets) if linked else own
            if shown and (linked or with_thousands(shown) != shown):
                axis["num_format"], axis["num_format_linked"] = with_thousands(shown), False
                axis["defaults"] = {**axis["defaults"], "num_format": None}  # so XlsxWriter writes it as our own
    for series in chart.series:
        labels = series.get("labels")
        if labels and labels.get("value"):
            shown = labels.get("num_format") or _source_format(chart, series, "values", sheets)
            if shown:
                labels["num_format"] = with_thousands(shown)


def _source_format(chart, series: dict, data: str, sheets: dict) -> str | None:
    match = _RANGE.match(series.get(data) or "")
    sheet = sheets.get(match["sheet"].replace("''", "'")) if match else None
    if sheet is None:
        return None
    row, col = xl_cell_to_rowcol(f"{match['col']}{match['row']}")
    cell = sheet.table.get(row, {}).get(col)
    number_format = getattr(getattr(cell, "format", None), "num_format", 0)
    if number_format not in (0, "General", ""):
        return number_format
    data_id = series.get("cat_data_id" if data == "categories" else "val_data_id")
    cached = (chart.formula_data[data_id] or []) if data_id is not None else []
    whole = all(float(v).is_integer() for v in cached if _is_number(v))
    return "0" if whole else "0.00"


def _write_num_cache(chart, data) -> None:
    """XlsxWriter's ``Chart._write_num_cache``, the same bytes: a ``<c:pt>`` per token that is not None,
    a token that is not a number written as 0 (after :func:`_numbers_only` every token is a number or None)."""
    parts = [f'<c:numCache><c:formatCode>General</c:formatCode><c:ptCount val="{len(data) if data else 0}"/>']
    for index, token in enumerate(data or ()):
        if token is None:
            continue
        try:
            float(token)
        except ValueError:
            token = 0
        if token.__class__ is str:  # text that parses as a number: escaped as XlsxWriter escapes element text
            token = chart._escape_control_characters(_escape_data(token))
        parts.append(f'<c:pt idx="{index}"><c:v>{token}</c:v></c:pt>')
    parts.append("</c:numCache>")
    chart.fh.write("".join(parts))


def _numbers_only(chart) -> None:
    """Drop every non-numeric token from the cached data of the chart's number ranges."""
    ids = [series["val_data_id"] for series in chart.series]
    if chart.__class__.__name__ == "ChartScatter":  # its categories are the x values
        ids += [series["cat_data_id"] for series in chart.series]
    for data_id in ids:
        data = chart.formula_data[data_id] if data_id is not None else None
        if data:  # a new list: XlsxWriter shares one list between charts reading the same range
            chart.formula_data[data_id] = [token if _is_number(token) else None for token in data]


def _is_number(token) -> bool:
    if token is None or isinstance(token, bool):
        return False
    try:
        return float(token) == float(token)  # NaN is not a number a chart can draw
    except (TypeError, ValueError):
        return False
