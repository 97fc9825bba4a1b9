"""Page one of every participant report: the few things that matter, in sentences, and one chart.

Each benchmark decides *what* matters (its ``report_key_messages.py``); this module decides how it
looks and keeps it live. A message is a sentence whose figures are formulas over the sheets that
hold them (``="Potentiale: "&...&" årsværk"``), with the engine's sentence as cached result, and a
link to the sheet where the reader finds more. Changing a parameter on the method sheet and
recalculating therefore rewrites the sentences too.

Numbers inside a sentence are turned into text by :func:`number_text`, which builds the digits,
the thousands separators and the decimal sign from arithmetic: ``TEXT(x; "#,##0")`` would read its
format code in the locale of the spreadsheet that opens the file, so a Danish Excel and an English
LibreOffice would print different (and partly wrong) sentences from the same cell.

>>> number_text_value(1234567.891, 1, "da"), number_text_value(0.456, 2, "en"), number_text_value(-3.0, 0, "da")
('1.234.567,9', '0.46', '−3')
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from engine.report import formats as fm
from engine.report.formats import write_cached_formula
from engine.text import Text

TITLE = Text("Hovedbudskaber", "Key messages")
READ_MORE = Text("Læs mere", "Read more")
MINUS = "−"
LITERAL_LIMIT = 200  # characters of one text constant in a sentence formula (Excel's limit is 255)
_BASE = {"font_name": "Calibri", "font_size": 10, "valign": "vcenter"}  # as engine.report.formats.Formats


def _separators(lang: str) -> tuple[str, str]:
    """(thousands, decimal) as the reader of ``lang`` writes them."""
    return (".", ",") if lang == "da" else (",", ".")


def number_text_value(value: float, decimals: int, lang: str) -> str:
    """The engine's side of :func:`number_text`: the same digits, rounded half away from zero as Excel does."""
    thousands, point = _separators(lang)
    quantum = Decimal(1).scaleb(-decimals)
    rounded = Decimal(repr(float(value))).quantize(quantum, rounding=ROUND_HALF_UP)
    sign = MINUS if rounded < 0 else ""
    whole, _, fraction = f"{abs(rounded):f}".partition(".")
    grouped = f"{int(whole):,}".replace(",", thousands)
    return sign + grouped + (point + fraction if decimals else "")


def number_text(expression: str, decimals: int, lang: str) -> str:
    """An Excel expression giving ``expression`` as text with ``decimals`` decimals and separators.

    ``expression`` should be a cell reference or a short term: it is repeated in the result.
    Magnitudes up to 999,999,999 get their separators; the sign is a typographic minus.
    """
    thousands, point = _separators(lang)
    r = f"ROUND(ABS({expression}),{decimals})"
    whole = f"INT({r})"
    group = lambda n: f'RIGHT("00"&MOD(INT({whole}/{n}),1000),3)'  # noqa: E731  three digits, zero-padded
    integer = (f'IF({whole}>=1000000,INT({whole}/1000000)&"{thousands}"&{group(1000)}&"{thousands}"&{group(1)},'
               f'IF({whole}>=1000,INT({whole}/1000)&"{thousands}"&{group(1)},{whole}&""))')
    text = f'IF(ROUND({expression},{decimals})<0,"{MINUS}","")&{integer}'
    if decimals:
        scale = 10 ** decimals
        fraction = f'RIGHT("{"0" * decimals}"&ROUND(({r}-{whole})*{scale},0),{decimals})'
        text += f'&"{point}"&{fraction}'
    return f"({text})"


class Sentence:
    """Builds a live sentence and its cached text side by side, so the two cannot drift apart.

    >>> s = Sentence().text("Potentiale: ").number("B2", 12.34, 1, "da").text(" årsværk")
    >>> s.cached, s.formula.startswith('="Potentiale: "&(')
    ('Potentiale: 12,3 årsværk', True)
    """

    def __init__(self) -> None:
        self._formula: list[str] = []
        self._cached: list[str] = []

    def text(self, text: str) -> "Sentence":
        # Excel refuses a text constant over 255 characters in a formula: longer text is joined from pieces.
        for start in range(0, len(text), LITERAL_LIMIT):
            self._formula.append('"' + text[start:start + LITERAL_LIMIT].replace('"', '""') + '"')
        if text:
            self._cached.append(text)
        return self

    def number(self, expression: str, value: float, decimals: int, lang: str) -> "Sentence":
        self._formula.append(number_text(expression, decimals, lang))
        self._cached.append(number_text_value(value, decimals, lang))
        return self

    def expression(self, expression: str, cached: str) -> "Sentence":
        """Any text-valued Excel expression (e.g. a count or an INDEX), with the engine's text for it."""
        self._formula.append(f"({expression})")
        self._cached.append(cached)
        return self

    @property
    def formula(self) -> str:
        return "=" + "&".join(self._formula)

    @property
    def cached(self) -> str:
        return "".join(self._cached)

    def message(self, sheet: str | None) -> "Message":
        return Message(self.cached, self.formula, sheet)


def write_note(ws, row: int, first_col: int, last_col: int, note: "str | Sentence", fmt) -> int:
    """A note across ``first_col``–``last_col``: fixed text, or a live :class:`Sentence` (returns 1 then)."""
    if isinstance(note, str):
        ws.merge_range(row, first_col, row, last_col, note, fmt)
        return 0
    ws.merge_range(row, first_col, row, last_col, "", fmt)
    write_cached_formula(ws, row, first_col, note.formula, fmt, note.cached)
    return 1


@dataclass(frozen=True)
class Message:
    """One key message: the engine's sentence, its live formula (None: a fixed sentence) and the
    sheet where the reader finds more (its name as shown, None: nowhere else)."""

    text: str
    formula: str | None = None
    sheet: str | None = None


@dataclass
class KeyChart:
    """The page's one chart and the small table it plots (values live where ``formulas`` are given).

    ``rows`` are (label, [(formula or None, cached value) per series]); ``better`` says in which
    direction the values are better (``"higher"``, ``"lower"`` or None), shown under the chart.
    """

    title: str
    series: list[str]
    rows: list[tuple[str, list[tuple[str | None, float]]]]
    num_format: str
    axis_title: str
    colours: list[str] = field(default_factory=lambda: [fm.OWN_COLOUR, fm.PEER_COLOUR, fm.SYSTEM_COLOUR])
    better: str | None = None
    note: str = ""


WIDTHS = (46, 14, 14, 14, 14, 18)  # six columns: the sentences span A:E, the link sits in F
PAGE_LAST_COL = len(WIDTHS) - 1


def write_key_messages(report, ws, heading: str, intro: str, messages: list[Message], chart: KeyChart | None,
                       closing: str) -> int:
    """Write the key-messages sheet on ``ws``; returns the number of live formulas written.

    ``report`` supplies ``wb``, ``f`` (the workbook's :class:`~engine.report.formats.Formats`),
    ``lang`` and ``title``. The sheet prints on one portrait A4 page.
    """
    f, lang = report.f, report.lang
    formulas = 0
    for col, width in enumerate(WIDTHS):
        ws.set_column(col, col, width)
    ws.write_string(0, 0, heading, f["title"])
    ws.set_row(0, 26)
    ws.merge_range(1, 0, 1, PAGE_LAST_COL, intro, f["note"])
    ws.set_row(1, fm.row_height(intro, 118))
    row = 3
    ws.merge_range(row, 0, row, PAGE_LAST_COL - 1, TITLE(lang), f["header_left"])
    ws.write_string(row, PAGE_LAST_COL, READ_MORE(lang), f["header_left"])
    ws.set_row(row, 20)
    row += 1
    sentence = report.wb.add_format({**_BASE, "text_wrap": True, "valign": "top", "font_size": 11,
                                     "bottom": 1, "bottom_color": fm.RULE})
    link = report.wb.add_format({**_BASE, "valign": "top", "font_color": fm.HEADER_FILL, "underline": 1,
                                 "bottom": 1, "bottom_color": fm.RULE})
    for number, message in enumerate(messages, start=1):
        ws.merge_range(row, 0, row, PAGE_LAST_COL - 1, "", sentence)
        if message.formula:
            write_cached_formula(ws, row, 0, message.formula, sentence, message.text)
            formulas += 1
        else:
            ws.write_string(row, 0, message.text, sentence)
        # The text of a live sentence may grow after recalculation: leave room for a little more.
        ws.set_row(row, fm.row_height(message.text + " " * 12, 96, line_height=15))
        if message.sheet:
            fm.write_sheet_link(ws, row, PAGE_LAST_COL, message.sheet, link)
        else:
            ws.write_blank(row, PAGE_LAST_COL, None, link)
        row += 1
    row += 1
    if chart is not None:
        formulas += _write_chart(report, ws, chart, row)
        row += 26 + len(chart.rows)
    ws.merge_range(row, 0, row, PAGE_LAST_COL, closing, f["note"])
    ws.set_row(row, fm.row_height(closing, 118))
    fm.print_setup(ws, report.title, lang, landscape=False)
    ws.fit_to_pages(1, 1)
    return formulas


def _write_chart(report, ws, chart: KeyChart, row: int) -> int:
    """The chart (20 rows high) and, under it, the table it plots."""
    f, lang = report.f, report.lang
    formulas = 0
    table = row + 21
    ws.write_string(table, 0, chart.title, f["block"])
    header = table + 1
    ws.write_string(header, 0, "", f["header_left"])
    for index, name in enumerate(chart.series):
        ws.write_string(header, 1 + index, name, f["header"])
    ws.set_row(header, fm.row_height(max(chart.series, key=len), 14))
    fmt = f.num(chart.num_format)
    for offset, (label, values) in enumerate(chart.rows):
        at = header + 1 + offset
        ws.write_string(at, 0, label, f["text"])
        if len(label) > WIDTHS[0]:  # a long category name wraps rather than being cut by the next column
            ws.set_row(at, fm.row_height(label, WIDTHS[0]))
        for index, (formula, value) in enumerate(values):
            if formula and fm.finite(value):
                write_cached_formula(ws, at, 1 + index, formula, fmt, value)
                formulas += 1
            elif fm.finite(value):
                ws.write_number(at, 1 + index, float(value), fmt)
            else:
                ws.write_string(at, 1 + index, fm.DASH, f["dash"])
    first, last = header + 1, header + len(chart.rows)
    sheet = ws.get_name()
    plot = report.wb.add_chart({"type": "bar"})
    for index, name in enumerate(chart.series):
        plot.add_series({"name": [sheet, header, 1 + index], "categories": [sheet, first, 0, last, 0],
                         "values": [sheet, first, 1 + index, last, 1 + index],
                         "fill": {"color": chart.colours[index % len(chart.colours)]}, "gap": 60})
    plot.set_title({"name": chart.title, "name_font": {"size": 11, "bold": True, "color": fm.HEADER_FILL}})
    axis = chart.axis_title
    if chart.better:
        axis += "  " + (Text("(højere er bedre →)", "(higher is better →)") if chart.better == "higher"
                        else Text("(← lavere er bedre)", "(← lower is better)"))(lang)
    plot.set_x_axis({"name": axis, "name_font": {"size": 9, "bold": False}, "num_font": {"size": 8},
                     "num_format": chart.num_format, "min": 0,
                     "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}}})
    plot.set_y_axis({"num_font": {"size": 8}, "reverse": True, "crossing": "max"})
    plot.set_legend({"position": "bottom", "font": {"size": 9}})
    plot.set_chartarea({"border": {"color": "#BFBFBF"}})
    plot.set_size({"width": 700, "height": 400})
    ws.insert_chart(row, 0, plot, {"x_offset": 4, "y_offset": 4, "object_position": 3})
    if chart.note:
        ws.merge_range(last + 1, 0, last + 1, PAGE_LAST_COL, chart.note, f["note"])
        ws.set_row(last + 1, fm.row_height(chart.note, 118))
    return formulas
