"""Print checks for workbooks: LibreOffice renders them to PDF, poppler reports what came out.

- :func:`pdf_pages`: every page's size (points) and text, from ``pdfinfo`` and ``pdftotext``;
- :func:`print_problems`: pages that are not the declared paper and orientation, blank pages,
  sheets whose columns spill onto a second page across (the row reaching furthest right must print
  its first and last text on one page), and words printed past a page's right edge;
- :func:`clipped_cells`: wrapped text that needs more lines than its row is high, or a word longer
  than its column is wide (a header breaking mid-word), estimated from widths and font sizes.
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
        hidden = {letter for letter, dim in ws.column_dimensions.items() if dim.hidden}
        widest = None  # (column, rightmost text, leftmost text) of the row reaching furthest right
        for row in ws.iter_rows():
            texts = [cell for cell in row if isinstance(cell.value, str) and cell.value.strip()
                     and not cell.value.startswith("=") and getattr(cell, "column_letter", None) not in hidden]
            if texts and (widest is None or texts[-1].column > widest[0]) and len(texts) > 1:
                widest = (texts[-1].column, texts[-1].value, texts[0].value)
        last_text = widest
        setup[ws.title] = {"paper": int(ws.page_setup.paperSize or 9), "landscape": ws.page_setup.orientation == "landscape",
                           "widest_row": last_text[1:] if last_text else None,
                           "fit_width": ws.sheet_properties.pageSetUpPr is not None
                           and bool(ws.sheet_properties.pageSetUpPr.fitToPage) and ws.page_setup.fitToWidth in (1, None)}
    return setup


def print_problems(xlsx: Path, pdf: Path) -> list[str]:
    """What is wrong with the printed ``pdf`` of ``xlsx``; an empty list when it prints cleanly."""
    setup = _sheet_setup(xlsx)
    problems = []
    pages = pdf_pages(pdf)
    sheet_pages: dict[str, list[str]] = {}
    for number, (width, height, text) in enumerate(pages, start=1):
        lines = [line for line in text.splitlines() if line.strip()]
        # The page header ("title … sheet name") is the first line, unless a chart's text lies above it.
        header = next((line for line in lines[:4] if any(line.rstrip().endswith(name) for name in setup)), "")
        sheet = next((name for name in sorted(setup, key=len, reverse=True) if header.rstrip().endswith(name)), None)
        if sheet is None:
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


