"""Where the printed pages of a report sheet break: every break planned, none inside a chart, no
heading left at the bottom of a page, and the type size the fit-to-width scale leaves stated.

A sheet printed "fit to the page width" (:func:`engine.report.formats.print_setup`) is scaled by
printable width / width of its columns; its pages then hold a known height of rows. Left to
itself, the spreadsheet breaks a page wherever the rows run out, cutting charts in two and leaving a
section's heading alone at the foot of a page. Here the rows are laid out as the printer will (row
heights, chart sizes, margins, repeated rows, the scale) and a manual break is set at every page
boundary, so the spreadsheet adds none of its own:

- a chart never crosses a break: the page breaks before the chart when it does not fit;
- a heading (bold, 11 pt or larger) or a table header (bold on a fill) starts a new page when it
  and the first :data:`KEEP_WITH_HEADING` rows after it (or the chart that follows it) do not fit;
- pages are filled to :data:`SAFETY` of their height only, so a row printed a little taller than
  estimated never pushes the page past a planned break.

A sheet too wide for one page at the minimum type size prints fit to several pages across instead
(:func:`print_pages_across`), its label columns repeated on each.

:data:`MIN_TYPE_PT` is the smallest type a printed page may show: 10-point body text at the fit
scale must print at least this large (:func:`effective_scale` is that scale). ``tests/printing.py``
checks the breaks and the type size on the PDF LibreOffice prints.
"""

from __future__ import annotations

import functools
import operator

from engine.templates.text_width import wrapped_lines

MIN_TYPE_PT = 7.0          # smallest printed size of (10-pt) body text after the fit-to-width scale
SAFETY = 0.95              # share of a page's height the planned rows may fill
KEEP_WITH_HEADING = 3      # rows that must follow a heading on its page
PAPER_PT = {9: (595.3, 841.9), 8: (841.9, 1190.6), 0: (595.3, 841.9)}  # A4 (also XlsxWriter's default), A3
POINTS_PER_PIXEL = 0.75
LINE_PER_PT = 1.3          # height of a line of text per point of type, as LibreOffice sizes a row
BODY_PT = 10.0             # size of the reports' body text, which MIN_TYPE_PT applies to
ACROSS_MARGIN = 1.05       # printed pages across are planned at this much above the minimum type size


def lay_out_workbook(workbook) -> None:
    """Plan the page breaks of every sheet printed fit to its width (call before ``close``)."""
    for chart in workbook.charts:  # the cells a chart reads may sit in hidden rows or columns
        chart.show_hidden_data()
    for ws in workbook.worksheets():
        unprinted = getattr(ws, "unprinted_from_row", None)
        if unprinted is not None:
            _print_rows_above(ws, unprinted)
        unprinted_col = getattr(ws, "unprinted_from_col", None)
        if unprinted_col is not None:
            _print_columns_left_of(ws, unprinted_col)
        across = getattr(ws, "pages_across", None)
        if across is not None and across[1] is None:
            ws.fit_width = _pages_across_needed(ws, across[0])
        if ws.fit_page and ws.fit_width >= 1 and ws.fit_height == 0:
            plan_page_breaks(ws)


def print_pages_across(ws, pages: int | None = None, labels: tuple[int, int] = (0, 0)) -> None:
    """Print a sheet too wide for one page at :data:`MIN_TYPE_PT` fit to ``pages`` pages across (None:
    as many as its columns need at that size), the columns ``labels`` (first, last) repeated on every
    page, pages numbered across then down.

    The spreadsheet chooses where a page across ends (the most even split; a manual column break is
    ignored under a fit), so a caller sizes its column blocks alike to make that the boundary between
    them, and keeps merged titles and notes within the first block: a merge over the boundary is cut.
    """
    ws.fit_to_pages(pages or 1, 0)
    ws.repeat_columns(*labels)
    ws.print_across()
    ws.pages_across = (labels, pages)


def _pages_across_needed(ws, labels: tuple[int, int]) -> int:
    """Pages across the sheet's columns fill at :data:`MIN_TYPE_PT` (with :data:`ACROSS_MARGIN`), the
    label columns on each, packed in order as the spreadsheet packs them."""
    printable, _ = printable_size(ws)
    capacity = printable / (MIN_TYPE_PT / BODY_PT * ACROSS_MARGIN)
    label_width = sum(_column_points(ws, col) for col in range(labels[0], labels[1] + 1))
    pages, used = 1, label_width
    for col in _printed_columns(ws):
        if labels[0] <= col <= labels[1]:
            continue
        width = _column_points(ws, col)
        if used + width > capacity and used > label_width:
            pages, used = pages + 1, label_width
        used += width
    return pages


def print_rows_above(ws, row: int) -> None:
    """Leave the rows from ``row`` down (cells only a chart reads) off the printout; they stay on screen."""
    ws.unprinted_from_row = row


def print_columns_left_of(ws, col: int) -> None:
    """Leave the columns from ``col`` right (hidden cells only a chart reads) out of the print area, so the
    empty columns between them and the printed part do not widen the page."""
    ws.unprinted_from_col = col


def _print_rows_above(ws, row: int) -> None:
    last_row = max([row - 1] + [_chart_extent(ws, chart)[1] for chart in ws.charts])
    last_col = max([ws.dim_colmax or 0] + [_chart_extent(ws, chart)[3] for chart in ws.charts])
    ws.print_area(0, 0, last_row, last_col)


def _print_columns_left_of(ws, col: int) -> None:
    printed = [(row, c) for row, cells in ws.table.items() for c in cells if c < col]
    extents = [_chart_extent(ws, chart) for chart in ws.charts]
    extents = [extent for extent in extents if extent[2] < col]
    last_row = max([row for row, _ in printed] + [extent[1] for extent in extents] + [0])
    last_col = max([c for _, c in printed] + [extent[3] for extent in extents] + [0])
    ws.print_area(0, 0, last_row, last_col)


def printable_size(ws) -> tuple[float, float]:
    """Width and height (points) inside the margins of the sheet's paper and orientation."""
    width, height = PAPER_PT.get(ws.paper_size, PAPER_PT[9])
    if ws.orientation == 0:  # landscape
        width, height = height, width
    return (width - 72 * (float(ws.margin_left) + float(ws.margin_right)),
            height - 72 * (float(ws.margin_top) + float(ws.margin_bottom)))


def _column_points(ws, col: int) -> float:
    info = ws.col_info.get(col)
    if info is None:
        return ws.default_col_width * POINTS_PER_PIXEL
    if info.hidden:
        return 0.0
    return (info.width if info.width is not None else ws.default_col_width) * POINTS_PER_PIXEL


def _printed_columns(ws) -> range:
    if ws.print_area_range:
        first, last = _area_columns(ws.print_area_range)
        return range(first, last + 1)
    last = ws.dim_colmax if ws.dim_colmax is not None else 0
    for chart in ws.charts:  # a chart reaching past the last cell widens the printed area
        last = max(last, _chart_extent(ws, chart)[3])
    return range(0, last + 1)


def _area_columns(area: str) -> tuple[int, int]:
    from xlsxwriter.utility import xl_cell_to_rowcol

    cells = area.split("!")[-1].replace("$", "").split(":")
    if cells[0].isdigit():  # whole rows: "$1:$20"
        return 0, 16383
    first = xl_cell_to_rowcol(cells[0])[1]
    last = xl_cell_to_rowcol(cells[-1])[1]
    return first, last


def effective_scale(ws) -> float:
    """The scale fit-to-width prints the sheet at (1 when its columns fit as they are), or its set scale.

    Fit to several pages across (:func:`print_pages_across`), the scale of columns packed without a
    gap, the label columns on every page: no smaller than the real one, so no page holds fewer rows
    than planned."""
    if not ws.fit_page:
        return ws.print_scale / 100
    width = sum(_column_points(ws, col) for col in _printed_columns(ws))
    pages = max(ws.fit_width, 1)
    if pages > 1:
        first, last = getattr(ws, "pages_across", ((0, -1), None))[0]  # the columns repeated on each page
        width += (pages - 1) * sum(_column_points(ws, col) for col in range(first, last + 1))
    printable, _ = printable_size(ws)
    return min(1.0, printable * pages / width) if width else 1.0


def _row_points(ws, row: int) -> float:
    size = ws.row_sizes.get(row)
    if size is not None:
        return 0.0 if size[1] else size[0] * POINTS_PER_PIXEL
    return _optimal_height(ws, row)


def _optimal_height(ws, row: int) -> float:
    """A row without a height of its own is as tall as its tallest cell when the spreadsheet opens it
    (LibreOffice: :data:`LINE_PER_PT` per point of type and line); an empty row has the default height."""
    cells = ws.table.get(row)
    if not cells:
        return ws.default_row_height * POINTS_PER_PIXEL
    tallest = 0.0
    for fmt in set(map(_FORMAT_OF, cells.values())):  # a row holds few distinct formats
        line, wraps = _line_height(fmt)
        if wraps:
            line *= max(_wrapped_cell_lines(ws, row, col, cell, line / LINE_PER_PT)
                        for col, cell in cells.items() if cell.format is fmt)
        if line > tallest:
            tallest = line
    return tallest


_FORMAT_OF = operator.attrgetter("format")  # every XlsxWriter cell tuple has one


def _line_height(fmt) -> tuple[float, bool]:
    """Points per line of a cell format's text, and whether it wraps (cached: reports share few formats)."""
    if fmt is None:
        return 11.0 * LINE_PER_PT, False
    known = _LINE_HEIGHTS.get(id(fmt))
    if known is None or known[0] is not fmt:
        known = _LINE_HEIGHTS[id(fmt)] = (fmt, float(fmt.font_size or 11) * LINE_PER_PT, bool(fmt.text_wrap))
    return known[1], known[2]


_LINE_HEIGHTS: dict[int, tuple] = {}


def _wrapped_cell_lines(ws, row: int, col: int, cell, size: float) -> int:
    text = getattr(cell, "string", None)
    if isinstance(text, int):  # a shared-string index
        text = _shared_string(ws, text)
    if not isinstance(text, str) or (row, col) in _merged_starts(ws):  # a merged cell does not grow its row
        return 1
    width = _column_points(ws, col) / POINTS_PER_PIXEL / 7
    if width == 0:  # a hidden column's text grows no row
        return 1
    return _lines(text, max(width, 1), size)


@functools.lru_cache(maxsize=4096)
def _lines(text: str, width: float, size: float) -> int:
    return wrapped_lines(text, width, size)


def _merged_starts(ws) -> set[tuple[int, int]]:
    starts = getattr(ws, "_merged_starts", None)
    if starts is None:
        starts = ws._merged_starts = {(first_row, first_col) for first_row, first_col, *_ in ws.merge}
    return starts


def _shared_string(ws, index: int) -> str | None:
    # One reverse table per workbook (its strings are all written when the layout runs, at close).
    strings = ws.str_table
    table = getattr(strings, "by_index", None)
    if table is None or len(table) != len(strings.string_table):
        table = strings.by_index = {i: s for s, i in strings.string_table.items()}
    return table.get(index)


def _chart_extent(ws, chart) -> tuple[int, int, int, int]:
    """First row, last row, first column and last column a chart covers."""
    cache = ws.__dict__.setdefault("_chart_extents", {})
    if id(chart) not in cache:
        cache[id(chart)] = _measure_chart(ws, chart)
    return cache[id(chart)]


def _measure_chart(ws, chart) -> tuple[int, int, int, int]:
    row, col, obj, x_offset, y_offset, x_scale, y_scale, anchor = chart[:8]
    width = obj.width * x_scale
    height = obj.height * y_scale
    vertices = ws._position_object_pixels(col, row, x_offset, y_offset, width, height, anchor)
    col_start, row_start, _, _, col_end, row_end = vertices[:6]
    return row_start, row_end, col_start, col_end


def _row_kind(ws, row: int) -> str | None:
    """"heading" for a title or section row, "header" for a table header, else None."""
    cells = ws.table.get(row)
    if not cells:
        return None
    first = cells[min(cells)]
    fmt = getattr(first, "format", None)
    if fmt is None or not fmt.bold or getattr(first, "string", None) is None:
        return None
    if (fmt.font_size or 11) >= 11:
        return "heading"
    return "header" if fmt.bg_color else None


def _heading_size(ws, row: int) -> float:
    cells = ws.table[row]
    return float(cells[min(cells)].format.font_size or 11)


def _last_row(ws) -> int:
    if ws.print_area_range and getattr(ws, "unprinted_from_row", None) is not None:
        return max([ws.unprinted_from_row - 1] + [_chart_extent(ws, chart)[1] for chart in ws.charts])
    last = ws.dim_rowmax if ws.dim_rowmax is not None else 0
    for chart in ws.charts:
        last = max(last, _chart_extent(ws, chart)[1])
    return last


def _repeated_points(ws) -> float:
    if not ws.repeat_row_range:
        return 0.0
    first, last = (int(part) - 1 for part in ws.repeat_row_range.split("!")[-1].replace("$", "").split(":"))
    return sum(_row_points(ws, row) for row in range(first, last + 1))


def keep_together(ws, last_row: int) -> list[tuple[int, int]]:
    """Row spans a break may not fall inside: each chart, and each heading with what follows it."""
    charts = [_chart_extent(ws, chart)[:2] for chart in ws.charts]
    spans = list(charts)
    for row in range(last_row + 1):
        kind = _row_kind(ws, row)
        if kind is None:
            continue
        end, content = row, 0
        wanted = KEEP_WITH_HEADING if kind == "heading" else 1
        while end < last_row and content < wanted:
            if kind == "heading" and _row_kind(ws, end + 1) == "heading" and \
                    _heading_size(ws, end + 1) >= _heading_size(ws, row):
                break  # the next heading of the same level may start the next page
            end += 1
            if ws.table.get(end):
                content += 1
            for top, bottom in charts:
                if top <= end <= bottom:  # a heading over a chart stays with the whole chart
                    end, content = bottom, wanted
        spans.append((row, end))
    return spans


def plan_page_breaks(ws) -> list[int]:
    """Set a manual break at every page boundary of the sheet and return the breaks (first rows)."""
    scale = effective_scale(ws)
    _, height = printable_size(ws)
    capacity = height * SAFETY / scale
    repeated = _repeated_points(ws)
    last_row = _last_row(ws)
    spans = keep_together(ws, last_row)
    heights = [_row_points(ws, row) for row in range(last_row + 1)]
    forced = set(ws.hbreaks)
    breaks: list[int] = []
    start, used = 0, 0.0
    row = 0
    while row <= last_row:
        if row in forced and row != start:
            breaks.append(row)
            start, used = row, repeated
        if used + heights[row] > capacity and row > start:
            cut = _break_before(row, start, spans)
            breaks.append(cut)
            start, used = cut, repeated
            row = cut
            continue
        used += heights[row]
        row += 1
    ws.set_h_pagebreaks(sorted(set(breaks)))
    return breaks


def _break_before(row: int, start: int, spans: list[tuple[int, int]]) -> int:
    """The row to start the next page at: ``row``, moved up before any span it would cut (unless the
    span began on this page's first row, i.e. it is taller than a page)."""
    cut = row
    moved = True
    while moved:
        moved = False
        for top, bottom in spans:
            if top < cut <= bottom and top > start:
                cut, moved = top, True
    return cut

