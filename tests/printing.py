"""Print checks for workbooks: LibreOffice renders them to PDF, poppler reports what came out.

- :func:`pdf_pages`: every page's size (points) and text, from ``pdfinfo`` and ``pdftotext``;
- :func:`print_problems`: pages that are not the declared paper and orientation, blank pages, and
  sheets whose columns spill onto a second page across (the first page of a sheet must carry the
  text of its rightmost printed column);
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
    """Per sheet as written: paper (9 = A4, 8 = A3), landscape, and the text of its rightmost printed column."""
    import openpyxl

    book = openpyxl.load_workbook(path)
    setup = {}
    for ws in book.worksheets:
        hidden = {letter for letter, dim in ws.column_dimensions.items() if dim.hidden}
        last_text = None
        for row in ws.iter_rows():
            for cell in reversed(row):
                letter = getattr(cell, "column_letter", None)
                if letter in hidden or not isinstance(cell.value, str) or cell.value.startswith("="):
                    continue
                if last_text is None or cell.column > last_text[0]:
                    last_text = (cell.column, cell.value)
                break
        setup[ws.title] = {"paper": int(ws.page_setup.paperSize or 9), "landscape": ws.page_setup.orientation == "landscape",
                           "last_column_text": last_text[1] if last_text else None,
                           "fit_width": ws.sheet_properties.pageSetUpPr is not None
                           and bool(ws.sheet_properties.pageSetUpPr.fitToPage) and ws.page_setup.fitToWidth in (1, None)}
    return setup


def print_problems(xlsx: Path, pdf: Path) -> list[str]:
    """What is wrong with the printed ``pdf`` of ``xlsx``; an empty list when it prints cleanly."""
    setup = _sheet_setup(xlsx)
    problems = []
    pages = pdf_pages(pdf)
    first_page: dict[str, str] = {}
    for number, (width, height, text) in enumerate(pages, start=1):
        lines = [line for line in text.splitlines() if line.strip()]
        header = lines[0] if lines else ""
        sheet = next((name for name in sorted(setup, key=len, reverse=True) if header.rstrip().endswith(name)), None)
        if sheet is None:
            problems.append(f"page {number}: no sheet name in its header ({header.strip()[:60]!r})")
            continue
        first_page.setdefault(sheet, text)
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
        last = want["last_column_text"]
        text = first_page.get(sheet)
        if text is None:
            problems.append(f"{sheet}: not printed")
        elif last and max(last.split(), key=len) not in text:
            problems.append(f"{sheet}: its rightmost column ({last[:30]!r}) is not on its first page")
    return problems


# -- clipped text ---------------------------------------------------------------------------------

def clipped_cells(path: Path, headers_only: bool = True) -> list[str]:
    """Wrapped cells (bold ones: headers) whose text cannot fit their row height or column width.

    The estimate is calibrated on LibreOffice's rendering of Calibri: a bold 10 pt
    "Centraliseringsgrad" fits a column 16 wide and breaks mid-word in one 15 wide.
    """
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
                # Characters of this font that fit a column of ``columns`` default-font characters.
                capacity = columns * (11 / size) * (1.06 if cell.font.b else 1.15)
                lines = 0
                for paragraph in cell.value.split("\n"):
                    words = paragraph.split()
                    if any(len(word) > capacity for word in words):
                        problems.append(f"'{ws.title}'!{cell.coordinate}: a word of {cell.value[:40]!r} is wider "
                                        "than its column")
                        break
                    used, lines = capacity + 1, lines
                    for word in words or [""]:
                        if used + 1 + len(word) > capacity:
                            lines, used = lines + 1, len(word)
                        else:
                            used += 1 + len(word)
                dim = ws.row_dimensions.get(cell.row)
                height = dim.height if dim is not None and dim.height else 15
                needed = lines * size * 1.22 + 2
                if needed > height + 1 and lines > 1:
                    problems.append(f"'{ws.title}'!{cell.coordinate}: {lines} lines need {needed:.0f} pt, the row is "
                                    f"{height:.0f} pt ({cell.value[:40]!r})")
    return problems


