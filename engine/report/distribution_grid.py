"""The compact picture of a round with many participants: one chart per indicator, then one table.

:mod:`engine.report.distribution` lists every participant under every indicator's chart, which for a
round of 119 botilbud fills some 57 pages. Here the charts stand two abreast at the top of the sheet
(print_layout keeps each whole on its page), and below them a single table holds one row per
participant (its identifying columns, e.g. id, name and municipality) and one column per indicator:
the value, filled green on the good side of the median (or at it, within
``engine.peers.comparison``'s tolerance) and red on the bad side, as the chart's points are coloured.
The median row is a live formula per column, and the charts' median lines read it. A value that is
missing or suppressed is a dash, never a zero, and is left out of the chart.

The charts' series are sorted copies in hidden columns right of the table, so they never print.
"""

from __future__ import annotations

import statistics

from xlsxwriter.utility import xl_range_abs, xl_rowcol_to_cell

from engine.peers.comparison import at_or_better
from engine.report import formats as fm
from engine.report.distribution import BETTER, Distribution, SeriesCells, distribution_chart
from engine.report.formats import write_cached_formula
from engine.report.headers import fit_header
from engine.report.print_layout import POINTS_PER_PIXEL, printable_size
from engine.text import Text

GOOD_FILL, BAD_FILL = "#C6EFCE", "#FFC7CE"  # light versions of the charts' green and red
ACROSS = 3          # charts side by side, as wide together as the table
CHART_HEIGHT = 340  # pixels: three rows of charts fit a landscape A3 page
ROW_PIXELS = 20     # XlsxWriter's default row height
VALUE_WIDTH = 9     # an indicator column's width (characters), widened where a header word needs it
CHART_TYPE_PT = 7.5  # the smallest type a chart prints at (its axis numbers)


def write_distribution_grid(wb, ws, f, lang: str, first_row: int, key_columns: list[tuple[str, float]],
                            participants: dict[str, tuple[str, ...]], distributions: list[Distribution],
                            title: str) -> int:
    """Charts from ``first_row`` on ``ws``, then the table; ``key_columns`` are the (header, width) of
    the identifying columns, ``participants`` maps each point's label to those columns' texts.
    Returns the formulas written."""
    t = lambda da, en: Text(da, en)(lang)  # noqa: E731
    keys = len(key_columns)
    items = [item for item in distributions if any(fm.finite(value) for _, value in item.points)]
    headers = {col: header for col, (header, _) in enumerate(key_columns)}
    headers.update({keys + index: item.name for index, item in enumerate(items)})  # units: the charts' axes
    widths = {col: width for col, (_, width) in enumerate(key_columns)}
    widths.update({keys + index: VALUE_WIDTH for index in range(len(items))})
    last_col = keys + len(items) - 1

    # The table's header row is written first: fit_header settles the column widths the charts span.
    chart_rows = -(-len(items) // ACROSS)
    block = -(-(CHART_HEIGHT + 30) // ROW_PIXELS)  # a chart, its heading row and a gap
    table_heading = first_row + 1 + chart_rows * block
    header = table_heading + 1
    for col, text in headers.items():
        ws.write_string(header, col, text, f["header_left" if col < keys else "header"])
    used = fit_header(ws, header, headers, widths)

    ws.merge_range(first_row, 0, first_row, last_col,
                   t("Fordelingen af hver indikator", "The distribution of every indicator"), f["section"])
    ws.set_row(first_row, 20)
    ws.merge_range(table_heading, 0, table_heading, last_col,
                   t("Alle værdier: grøn = medianen eller bedre, rød = dårligere end medianen, – = ingen værdi",
                     "All values: green = the median or better, red = worse than the median, – = no value"),
                   f["section"])
    ws.set_row(table_heading, 20)

    rows = list(participants)
    first = header + 1
    last = first + len(rows) - 1
    median_row = last + 1
    helper = last_col + 1  # the hidden chart cells (a blank visible column between would print)
    ws.write_string(median_row, 0, "Median", f["label_bold"])
    for col in range(1, keys):
        ws.write_blank(median_row, col, None, f["label_bold"])
    wrapped = f.wb.add_format({**fm.Formats._BASE, **fm.Formats._BORDER, "text_wrap": True})  # a long name wraps
    for offset, key in enumerate(rows):
        for col, text in enumerate(participants[key]):
            ws.write_string(first + offset, col, text, wrapped)
    longest = max((sum(fm.finite(value) for _, value in item.points) for item in items), default=0)
    for offset in range(longest):  # the points' positions 1..n on the charts' horizontal axes
        ws.write_number(first + offset, helper, offset + 1, f["helper"])

    fm.print_setup(ws, title, lang, repeat_row=header, paper=fm.A3)  # page breaks (charts whole): print_layout's
    ws.set_margins(left=0.25, right=0.25, top=0.75, bottom=0.75)  # a wide table: its type prints larger
    pixels = _column_pixels(used, last_col)
    spans = _chart_spans(pixels)
    # The sheet prints scaled to the page width; the charts' type is enlarged to stay readable.
    scale = min(1.0, printable_size(ws)[0] / (sum(pixels) * POINTS_PER_PIXEL))
    text_scale = max(1.0, CHART_TYPE_PT / (8 * scale))
    formulas = 0
    for index, item in enumerate(items):
        col = keys + index
        value_of = {label: float(value) for label, value in item.points if fm.finite(value)}
        median = statistics.median(value_of.values())
        good = {label: item.better is None or at_or_better(value, median, item.better)
                for label, value in value_of.items()}
        formats = {side: _value_format(f, item.num_format, fill) for side, fill in
                   ((True, GOOD_FILL if item.better else None), (False, BAD_FILL))}
        for offset, key in enumerate(rows):
            if key in value_of:
                ws.write_number(first + offset, col, value_of[key], formats[good[key]])
            else:
                ws.write_string(first + offset, col, fm.DASH, f["dash"])
        write_cached_formula(ws, median_row, col, f"=MEDIAN({xl_range_abs(first, col, last, col)})",
                             f.num(item.num_format, bold=True), median)
        formulas += 1
        # Sorted plain copies for the chart, good and bad side in their own columns (a chart skips
        # blank cells, so each point appears once, in its colour), then the median line's ends.
        good_col, bad_col, line_col = helper + 1 + 3 * index, helper + 2 + 3 * index, helper + 3 + 3 * index
        ranked = sorted(value_of.items(), key=lambda point: point[1])
        for offset, (label, value) in enumerate(ranked):
            ws.write_number(first + offset, good_col if good[label] else bad_col, value, f["helper"])
        count = len(ranked)
        ws.write_number(first, line_col, 0.5, f["helper"])
        ws.write_number(first + 1, line_col, count + 0.5, f["helper"])
        for offset in (2, 3):
            ws.write_formula(first + offset, line_col, f"={xl_rowcol_to_cell(median_row, col)}", f["helper"], median)
        formulas += 2
        end = first + count - 1
        chart = distribution_chart(wb, item, lang, SeriesCells(
            ws.get_name(), [first, helper, end, helper], [first, good_col, end, good_col],
            [first, good_col, end, good_col], [first, bad_col, end, bad_col],
            [first, line_col, first + 1, line_col], [first + 2, line_col, first + 3, line_col]), count, text_scale)
        start_col, width = spans[index % ACROSS]
        chart.set_size({"width": width, "height": CHART_HEIGHT})
        ws.insert_chart(first_row + 1 + (index // ACROSS) * block, start_col, chart,
                        {"x_offset": 0, "y_offset": 10, "object_position": 3})
    ws.set_column(helper, helper + 3 * len(items), 3, None, {"hidden": True})
    if rows:
        ws.autofilter(header, 0, last, last_col)
    return formulas


def _value_format(f, num_format: str, fill: str | None):
    if fill is None:
        return f.num(num_format)
    cache = f.__dict__.setdefault("_filled", {})
    if (num_format, fill) not in cache:
        cache[num_format, fill] = f.wb.add_format({**fm.Formats._BASE, **fm.Formats._BORDER,
                                                   "num_format": num_format, "bg_color": fill})
    return cache[num_format, fill]


def _chart_spans(pixels: list[int]) -> list[tuple[int, int]]:
    """(first column, width in pixels) of each of the :data:`ACROSS` charts in a row: each starts at
    the column nearest its share of the table's width and ends a little before the next one."""
    total = sum(pixels)
    starts = [0] + [min(range(len(pixels)), key=lambda col: abs(sum(pixels[:col]) - total * part / ACROSS))
                    for part in range(1, ACROSS)]
    edges = [sum(pixels[:start]) for start in starts] + [total]
    # LibreOffice draws the columns about 2 % narrower than these pixels, the charts at their size: a
    # chart as wide as its columns would overlap the next, or stick out right of the table and widen
    # the printed area (smaller type on every page).
    return [(start, int((right - left) * 0.98) - 8) for start, left, right in zip(starts, edges, edges[1:])]


def _column_pixels(widths: dict[int, float], last_col: int) -> list[int]:
    """Each column's width in pixels, as XlsxWriter converts a character width."""
    return [int(widths.get(col, 8.43) * 7 + 5) for col in range(last_col + 1)]
