"""Print checks for workbooks: LibreOffice renders them to PDF, poppler reports what came out.

- :func:`pdf_pages`: every page's size (points) and text, from ``pdfinfo`` and ``pdftotext``;
- :func:`print_problems`: pages that are not the declared paper and orientation, blank pages,
  sheets whose columns spill onto a second page across (the row reaching furthest right must print
  its first and last text on one page; a sheet printed pages across by design repeats its label
  columns, so its last page across holds both), and words printed past a page's right edge;
- :func:`clipped_cells`: wrapped text that needs more lines than its row is high, or a word longer
  than its column is wide (a header breaking mid-word), estimated from widths and font sizes;
- :func:`layout_problems`: a chart crossing a page break, a page break LibreOffice added beside the
  planned ones on a sheet with charts, a heading at the foot of a page, a chart's helper cell that
  prints, and text printed smaller than :data:`engine.report.print_layout.MIN_TYPE_PT`.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

A4 = (595.3, 841.9)
A3 = (841.9, 1190.6)


def pdf_pages(pdf: Path) -> list[tuple[float, float, str]]:
    """(width, height, text) of every page."""
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "100000", str(pdf)], capture_output=True, text=True,
                          check=True, timeout=120).stdout
    sizes = [(float(w), float(h)) for w, h in re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", info)]
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True,
                          timeout=120).stdout
    pages = text.split("\f")
    return [(w, h, pages[i] if i < len(pages) else "") for i, (w, h) in enumerate(sizes)]


def _sheet_setup(path: Path) -> dict[str, dict]:
    """Per visible sheet as written: paper (9 = A4, 8 = A3), landscape, fit to width, and the first and
    last text of the row that reaches furthest right."""
    import openpyxl

    book = openpyxl.load_workbook(path)
    setup = {}
    for ws in book.worksheets:
        if ws.sheet_state != "visible":  # a hidden sheet does not print
            continue
        hidden_columns = _hidden_columns(ws)
        areas = _print_areas(ws)
        if areas:  # columns outside the print area do not print
            hidden_columns |= {col for col in range(1, ws.max_column + 1)
                               if not any((first or 1) <= col <= (last or 20000) for first, _, last, _ in areas)}
        fit = ws.sheet_properties.pageSetUpPr is not None and bool(ws.sheet_properties.pageSetUpPr.fitToPage)
        # Fit to several pages across by design (engine.report.print_layout.print_pages_across): only
        # with label columns repeated, so the widest row's label (its text in those columns) and its last
        # text still print together, on its last page across.
        across = fit and (ws.page_setup.fitToWidth or 1) > 1 and bool(ws.print_title_cols)
        labels = _repeated_columns(ws.print_title_cols) if across else None
        widest = None  # (column, rightmost text, leftmost text) of the row reaching furthest right
        for row in ws.iter_rows():
            texts = [cell for cell in row if isinstance(cell.value, str) and cell.value.strip()
                     and not cell.value.startswith("=") and getattr(cell, "column", None) not in hidden_columns]
            if labels is not None:
                lefts = [cell for cell in texts if labels[0] <= cell.column <= labels[1]]
                texts = lefts[:1] + [cell for cell in texts if cell.column > labels[1]][-1:] if lefts else []
            if texts and (widest is None or texts[-1].column > widest[0]) and len(texts) > 1:
                widest = (texts[-1].column, texts[-1].value, texts[0].value)
        last_text = widest
        setup[ws.title] = {"paper": int(ws.page_setup.paperSize or 9), "landscape": ws.page_setup.orientation == "landscape",
                           "widest_row": last_text[1:] if last_text else None,
                           "fit_width": fit and (across or ws.page_setup.fitToWidth in (1, None))}
    return setup


def _repeated_columns(titles: str) -> tuple[int, int]:
    """First and last (1-based) of a sheet's repeated columns, from openpyxl's "$C:$D"."""
    from openpyxl.utils.cell import column_index_from_string

    first, _, last = titles.replace("$", "").partition(":")
    return column_index_from_string(first), column_index_from_string(last or first)


def sheet_of_page(text: str, sheets) -> str | None:
    """The sheet a printed page belongs to, read from its page header ("title … sheet name")."""
    lines = [line for line in text.splitlines() if line.strip()]
    # The page header is the first line, unless a chart's text lies above it.
    header = next((line for line in lines[:4] if any(line.rstrip().endswith(name) for name in sheets)), "")
    return next((name for name in sorted(sheets, key=len, reverse=True) if header.rstrip().endswith(name)), None)


def print_problems(xlsx: Path, pdf: Path) -> list[str]:
    """What is wrong with the printed ``pdf`` of ``xlsx``; an empty list when it prints cleanly."""
    setup = _sheet_setup(xlsx)
    problems = []
    pages = pdf_pages(pdf)
    sheet_pages: dict[str, list[str]] = {}
    for number, (width, height, text) in enumerate(pages, start=1):
        lines = [line for line in text.splitlines() if line.strip()]
        sheet = sheet_of_page(text, setup)
        if sheet is None:
            header = next((line for line in lines[:4]), "")
            problems.append(f"page {number}: no sheet name in its header ({header.strip()[:60]!r})")
            continue
        sheet_pages.setdefault(sheet, []).append(text)
        want = setup[sheet]
        paper = A3 if want["paper"] == 8 else A4
        expected = (paper[1], paper[0]) if want["landscape"] else paper
        if abs(width - expected[0]) > 2 or abs(height - expected[1]) > 2:
            problems.append(f"page {number} ({sheet}): {width:.0f} x {height:.0f} pt, expected {expected[0]:.0f} x "
                            f"{expected[1]:.0f}")
        if len(lines) <= 2:  # only the page header and footer
            problems.append(f"page {number} ({sheet}): blank")
    for sheet, want in setup.items():
        if not want["fit_width"]:
            problems.append(f"{sheet}: not set to fit the page width")
        texts = sheet_pages.get(sheet)
        if texts is None:
            problems.append(f"{sheet}: not printed")
        elif want["widest_row"]:
            # The row reaching furthest right prints whole on one page: its first and last text together.
            right, left = (max(text.split(), key=len) for text in want["widest_row"])
            if not any(right in text and left in text for text in texts):
                problems.append(f"{sheet}: {right!r} and {left!r} (one row) are not on one page")
    return problems + words_past_the_edge(pdf)


# -- clipped text ---------------------------------------------------------------------------------

def words_past_the_edge(pdf: Path) -> list[str]:
    """Words printed (partly) beyond the right edge of their page: text the printout cuts off."""
    layout = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    problems = []
    for number, (width, body) in enumerate(re.findall(r'<page width="([\d.]+)"[^>]*>(.*?)</page>', layout, re.S),
                                           start=1):
        for x_max, word in re.findall(r'<word [^>]*xMax="([\d.]+)"[^>]*>([^<]*)</word>', body):
            if float(x_max) > float(width):
                problems.append(f"page {number}: {word!r} runs past the right edge")
    return problems


def clipped_cells(path: Path, headers_only: bool = True) -> list[str]:
    """Wrapped cells (bold ones: headers) whose text cannot fit their row height or column width.

    Widths are the per-letter estimate of :mod:`engine.report.headers`, calibrated on LibreOffice.
    """
    from engine.report.headers import FILL, text_width, wrapped_lines
    import openpyxl

    book = openpyxl.load_workbook(path)
    problems = []
    for ws in book.worksheets:
        merged = {}
        for rng in ws.merged_cells.ranges:
            merged[(rng.min_row, rng.min_col)] = (rng.max_row, rng.max_col)
        widths = {}
        for dim in ws.column_dimensions.values():  # one entry may stand for a range of columns
            for col in range(dim.min or 0, (dim.max or 0) + 1):
                widths[col] = 0.0 if dim.hidden else (dim.width or 8.43)

        def width(col: int) -> float:
            return widths.get(col, 8.43)

        for row in ws.iter_rows():
            for cell in row:
                if not isinstance(cell.value, str) or cell.value.startswith("=") or not cell.alignment.wrap_text:
                    continue
                if headers_only and not cell.font.b:
                    continue
                last_row, last_col = merged.get((cell.row, cell.column), (cell.row, cell.column))
                if last_row != cell.row:
                    continue
                columns = sum(width(c) for c in range(cell.column, last_col + 1))
                if columns == 0:  # a hidden column does not print
                    continue
                size = float(cell.font.sz or 11)
                if any(text_width(word, size) > columns * FILL for word in cell.value.split()):
                    problems.append(f"'{ws.title}'!{cell.coordinate}: a word of {cell.value[:40]!r} is wider "
                                    "than its column")
                    continue
                lines = wrapped_lines(cell.value, columns, size)
                dim = ws.row_dimensions.get(cell.row)
                height = dim.height if dim is not None and dim.height else 15
                needed = lines * size * 1.22 + 2
                if needed > height + 1 and lines > 1:
                    problems.append(f"'{ws.title}'!{cell.coordinate}: {lines} lines need {needed:.0f} pt, the row is "
                                    f"{height:.0f} pt ({cell.value[:40]!r})")
    return problems




# -- page layout: charts, headings, helper cells, type size ------------------------------------------

WORD_HEIGHT_PER_PT = 0.98  # pdftotext's word box height per point of printed type (Carlito)
HELPER_FONT = ("FF8C8C8C", 8.0)  # the grey 8-pt cells a chart reads (engine.report.formats "helper")


def layout_problems(xlsx: Path, pdf: Path, small_type_known=frozenset()) -> list[str]:
    """Charts cut by a page break, page breaks LibreOffice added on a sheet with charts, headings at
    the foot of a page, helper cells that print, and pages whose text prints below the minimum size.

    The breaks are the workbook's manual ones, checked against the PDF: a sheet with charts may print
    no more pages than planned (fewer: LibreOffice leaves out a page with nothing on it), and when it
    prints exactly those, each page starts with the text of its first planned row.
    ``small_type_known``: sheets known to print below the minimum type size (left out of that check,
    and reported when they no longer do, so the list only shrinks).
    """
    import warnings

    import openpyxl

    from engine.report.print_layout import MIN_TYPE_PT

    with warnings.catch_warnings():  # openpyxl drops conditional-format extensions it does not read
        warnings.simplefilter("ignore")
        book = openpyxl.load_workbook(xlsx)
    visible = [ws for ws in book.worksheets if ws.sheet_state == "visible"]
    pages = pdf_pages(pdf)
    by_sheet: dict[str, list[tuple[int, str]]] = {}
    for number, (_, _, text) in enumerate(pages, start=1):
        sheet = sheet_of_page(text, [ws.title for ws in visible])
        if sheet is not None:
            by_sheet.setdefault(sheet, []).append((number, text))
    problems = []
    for ws in visible:
        printed = by_sheet.get(ws.title, [])
        problems += _chart_breaks(ws, printed) + _lone_headings(ws, printed) + _printed_helpers(ws)
    sheet_of = {number: sheet for sheet, printed in by_sheet.items() for number, _ in printed}
    small: dict[str, float] = {}
    for number, size in printed_type_sizes(pdf):
        if size < MIN_TYPE_PT - 0.25:
            sheet = sheet_of.get(number, "?")
            small[sheet] = min(size, small.get(sheet, size))
    problems += [f"{sheet}: text prints at {size:.1f} pt, below the minimum {MIN_TYPE_PT} pt"
                 for sheet, size in small.items() if sheet not in small_type_known]
    problems += [f"{sheet}: listed as printing below {MIN_TYPE_PT} pt but no longer does: take it off the list"
                 for sheet in small_type_known if sheet in by_sheet and sheet not in small]
    return problems


def _breaks(ws) -> list[int]:
    """First rows (0-based) of the pages after the first, from the sheet's manual row breaks."""
    return sorted(brk.id for brk in ws.row_breaks.brk)


def _chart_breaks(ws, printed: list[tuple[int, str]]) -> list[str]:
    charts = []
    for chart in ws._charts:
        anchor = chart.anchor
        last = anchor.to.row if anchor.to.rowOff else anchor.to.row - 1
        charts.append((anchor._from.row, last))
    if not charts:
        return []
    breaks = _breaks(ws)
    problems = [f"{ws.title}: the chart at rows {top + 1}-{last + 1} is cut by the page break before row "
                f"{cut + 1}" for top, last in charts for cut in breaks if top < cut <= last]
    content_end = max([ws.max_row - 1] + [last for _, last in charts])
    planned = [cut for cut in breaks if cut <= content_end]
    across = len(ws.col_breaks.brk) + 1
    # Fewer pages than planned is fine: LibreOffice leaves out a page with nothing on it.
    if len(printed) > (len(planned) + 1) * across:
        problems.append(f"{ws.title}: {len(printed)} pages printed, {(len(planned) + 1) * across} planned: "
                        "LibreOffice broke pages where no break was set, so a chart may be cut")
    if len(printed) != len(planned) + 1:
        return problems
    starts = [0] + planned
    for index, (number, text) in enumerate(printed):
        end = starts[index + 1] if index + 1 < len(starts) else ws.max_row
        word = _first_word(ws, starts[index], end)
        if word is not None and word not in text:
            problems.append(f"page {number} ({ws.title}): should begin at row {starts[index] + 1} ({word!r}), "
                            "which it does not print")
    return problems


def _first_word(ws, first: int, end: int) -> str | None:
    """The first word of the first text cell in rows first..end-1 (0-based)."""
    for row in ws.iter_rows(min_row=first + 1, max_row=max(first + 1, end)):
        for cell in row:
            if isinstance(cell.value, str) and not cell.value.startswith("=") and len(cell.value.strip()) > 3:
                if not ws.row_dimensions[cell.row].hidden and cell.column not in _hidden_columns(ws):
                    return cell.value.split()[0]  # the first word: a long text may be cut at its right
    return None


def _headings(ws) -> set[str]:
    texts = set()
    for row in ws.iter_rows():
        for cell in row:
            if (isinstance(cell.value, str) and cell.value.strip() and not cell.value.startswith("=")
                    and cell.font.b and (cell.font.sz or 11) >= 11):
                texts.add(" ".join(cell.value.split()))
    return texts


def _lone_headings(ws, printed: list[tuple[int, str]]) -> list[str]:
    """A heading as the last line of a page that has pages of its sheet after it."""
    headings = _headings(ws)
    problems = []
    for number, text in printed[:-1]:
        lines = [" ".join(line.split()) for line in text.splitlines() if line.strip()][1:-1]  # no header, footer
        for line in lines[-1:]:
            if any(line.startswith(heading) for heading in headings if len(heading) > 3):
                problems.append(f"page {number} ({ws.title}): the heading {line[:50]!r} stands at the foot of the page")
    return problems


def _printed_helpers(ws) -> list[str]:
    """Cells that only feed a chart (the grey 8-pt helper format, or a chart's live gap copy) and print."""
    areas = _print_areas(ws)
    hidden_columns = _hidden_columns(ws)
    printing = []
    for row in ws.iter_rows():
        for cell in row:
            if cell.value is None:
                continue
            colour = cell.font.color.rgb if cell.font.color is not None else None
            helper = (colour, float(cell.font.sz or 11)) == HELPER_FONT or (
                isinstance(cell.value, str) and cell.value.startswith("=IF(ISNUMBER("))
            if not helper or ws.row_dimensions[cell.row].hidden or cell.column in hidden_columns:
                continue
            if areas and not any((first_row or 1) <= cell.row <= (last_row or 10 ** 7)
                                             and (first_col or 1) <= cell.column <= (last_col or 20000)
                                             for first_col, first_row, last_col, last_row in areas):
                continue
            printing.append(cell.coordinate)
    if not printing:
        return []
    return [f"'{ws.title}'!{printing[0]} and {len(printing) - 1} more: cells only a chart reads print"]


def _print_areas(ws) -> list[tuple]:
    """(first column, first row, last column, last row) of each print area, 1-based; [] for none."""
    from openpyxl.utils.cell import range_boundaries

    if not ws.print_area:
        return []
    parts = ws.print_area if isinstance(ws.print_area, list) else ws.print_area.split(",")
    return [range_boundaries(part.split("!")[-1].replace("$", "")) for part in parts]


def _hidden_columns(ws) -> set[int]:
    """1-based numbers of the hidden columns (openpyxl keeps a run of columns under its first letter)."""
    return {col for dim in ws.column_dimensions.values() if dim.hidden
            for col in range(dim.min or 0, (dim.max or 0) + 1)}


def printed_type_sizes(pdf: Path) -> list[tuple[int, float]]:
    """(page, size in points of the page's typical printed word): the median word height in the PDF."""
    import statistics

    layout = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    sizes = []
    for number, body in enumerate(re.findall(r"<page [^>]*>(.*?)</page>", layout, re.S), start=1):
        heights = [float(y_max) - float(y_min)
                   for y_min, y_max in re.findall(r'<word [^>]*yMin="([\d.]+)"[^>]*yMax="([\d.]+)"', body)]
        if len(heights) > 3:  # more than the page's header and footer
            sizes.append((number, statistics.median(heights) / WORD_HEIGHT_PER_PT))
    return sizes
