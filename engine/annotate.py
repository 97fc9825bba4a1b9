"""Annotated copies of validated workbooks: every finding put back where it was found.

A department head who receives a list of ``'Økonomi'!D6``-style locations has to
look each one up. The annotated copy does that for them: every located cell is
filled red (error) or yellow (warning) and explains itself in a cell comment, and
a first sheet lists every finding with a link to its cell. It is their own
workbook, so they fix it in place and send it again.

openpyxl is used, not xlsxwriter (which cannot edit), because the copy must keep
what the template carries: drop-down lists, input messages, unlocked input cells,
sheet protection, print setup. One loss is known: openpyxl drops the cached
results of formulas (the live checks and totals). It marks the workbook for a
full recalculation on load, so Excel and LibreOffice show them again on opening;
a viewer that does not calculate shows them empty. The validator reads no formula
results, so the copy validates exactly like the original.
"""

from __future__ import annotations

import math
from collections import defaultdict
from copy import copy
from pathlib import Path

import openpyxl
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, MergedCell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Color, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.hyperlink import Hyperlink

from engine.atomic import atomic_path
from engine.cells import location
from engine.issues import Issue
from engine.text import Text
from engine.validate import FileResult

AUTHOR = "kommunebench"
SUFFIX = ".annotated.xlsx"
ISSUE_SHEET = Text("Fejl", "Issues")
SEVERITY = {"error": Text("Fejl", "Error"), "warning": Text("Advarsel", "Warning")}
FILL = {"error": "FFFFC7CE", "warning": "FFFFEB9C"}
# Excel's own "Bad"/"Neutral" text colours: used only where the cell's font is white
# (header cells), which would be unreadable on the light fill.
TEXT_ON_FILL = {"error": "FF9C0006", "warning": "FF9C5700"}
COLUMNS = (  # header, width
    (Text("Alvor", "Severity"), 11),
    (Text("Kode", "Code"), 24),
    (Text("Placering", "Location"), 30),
    (Text("Besked", "Message"), 70),
    (Text("Sådan retter du", "How to fix"), 55),
)
HINT = Text("Ret de markerede celler (rød = fejl, gul = advarsel; kommentaren i cellen siger hvad der er galt), "
            "og send projektmappen igen. Klik på en placering for at gå til cellen.",
            "Fix the marked cells (red = error, yellow = warning; the cell's comment says what is wrong) "
            "and send the workbook again. Click a location to go to the cell.")
COUNTS = {"error": (Text("fejl", "error"), Text("fejl", "errors")),
          "warning": (Text("advarsel", "warning"), Text("advarsler", "warnings"))}
HEADER_ROW = 4  # 1-based: title, hint, blank line, header
MAX_CELL_TEXT = 32_767  # Excel's limit for one cell
COMMENT_WIDTH = 300  # pixels: about 48 characters a line in the default comment font


def annotated_path(source: str | Path, out_dir: str | Path) -> Path:
    """Where the annotated copy of ``source`` goes.

    >>> annotated_path("indsendt/aarhus.xlsx", "rettelser").as_posix()
    'rettelser/aarhus.annotated.xlsx'
    """
    return Path(out_dir) / (Path(source).stem + SUFFIX)


def write_annotated(result: FileResult, out_dir: str | Path, lang: str) -> Path | None:
    """Write an annotated copy of ``result``'s workbook into ``out_dir``; return its path.

    Returns ``None`` when there is no workbook to annotate: the container checks
    rejected the file (never hand such a file to openpyxl), or openpyxl cannot
    parse it. An .xlsx that is not our template still gets the issues sheet.
    The input file is only read; the copy is written atomically.
    """
    ISSUE_SHEET(lang)  # fail fast on an unknown language, before any work
    if result.submission is None and any(issue.type.group == "file" for issue in result.issues):
        return None
    try:
        book = openpyxl.load_workbook(result.path, keep_vba=False, keep_links=False)
    except Exception:  # openpyxl raises many unrelated types on odd input; bad data must not stop a batch
        return None
    by_cell: dict[tuple[str, str], list[Issue]] = defaultdict(list)
    for issue in result.issues:
        if issue.cell and issue.sheet in book.sheetnames:
            by_cell[(issue.sheet, issue.cell)].append(issue)
    for (sheet, ref), issues in by_cell.items():
        _mark_cell(book[sheet], ref, issues, lang)
    _write_issue_sheet(book, result, lang)
    target = annotated_path(result.path, out_dir)
    with atomic_path(target) as tmp:
        book.save(tmp)
    return target


def _mark_cell(ws, ref: str, issues: list[Issue], lang: str) -> None:
    """Fill the cell by its worst issue and explain all its issues in one comment.

    Only the fill changes (and a white font, see ``TEXT_ON_FILL``): number format,
    border and the cell's locked/unlocked state stay, so the copy works like the template.
    """
    cell = _anchor(ws, ref)
    severity = "error" if any(issue.severity == "error" for issue in issues) else "warning"
    cell.fill = PatternFill("solid", start_color=FILL[severity], end_color=FILL[severity])
    color = cell.font.color
    if color is not None and color.type == "rgb" and color.rgb in ("FFFFFFFF", "00FFFFFF"):
        font = copy(cell.font)
        font.color = Color(TEXT_ON_FILL[severity])
        cell.font = font
    text = "\n\n".join(f"{SEVERITY[issue.severity](lang)} ({issue.code}): {issue.message(lang)}\n{issue.fix(lang)}"
                       for issue in issues)
    if cell.comment is not None:  # keep what people wrote there themselves
        text = f"{cell.comment.text}\n\n{text}"
    text = _clean(text)
    height = min(max(150, 15 * _lines(text, COMMENT_WIDTH / 6.25) + 10), 450)
    cell.comment = Comment(text, AUTHOR, height=height, width=COMMENT_WIDTH)


def _anchor(ws, ref: str):
    """The cell itself, or the top-left cell of the merged range it lies in (the only writable one)."""
    cell = ws[ref]
    if isinstance(cell, MergedCell):
        for merged in ws.merged_cells.ranges:
            if ref in merged:
                return ws.cell(merged.min_row, merged.min_col)
    return cell


def _write_issue_sheet(book, result: FileResult, lang: str) -> None:
    """The first, active sheet: a title with counts, then one filterable row per issue."""
    ws = book.create_sheet(_free_name(book, ISSUE_SHEET(lang)), 0)
    counts = ", ".join(_count(n, kind, lang) for n, kind in ((result.error_count, "error"),
                                                              (result.warning_count, "warning")))
    _put(ws, 1, 1, f"{Path(result.path).name}: {counts}").font = Font(name="Calibri", bold=True, size=14)
    _put(ws, 2, 1, HINT(lang))
    for col, (header, width) in enumerate(COLUMNS, start=1):
        _put(ws, HEADER_ROW, col, header(lang)).font = Font(name="Calibri", bold=True)
        ws.column_dimensions[get_column_letter(col)].width = width
    wrap = Alignment(wrap_text=True, vertical="top")
    row = HEADER_ROW
    for row, issue in enumerate(result.issues, start=HEADER_ROW + 1):
        values = (SEVERITY[issue.severity](lang), issue.code, issue.location, issue.message(lang), issue.fix(lang))
        for col, value in enumerate(values, start=1):
            cell = _put(ws, row, col, value)
            if col == 3 and issue.sheet in book.sheetnames:
                # An in-workbook link (location=), as Excel writes it, not an external "#..." target.
                cell.hyperlink = Hyperlink(ref=cell.coordinate, location=location(issue.sheet, issue.cell or "A1"))
                cell.style = "Hyperlink"
            cell.alignment = wrap
        # Spreadsheet programs do not grow rows of a file they open, so wrapped text needs a height.
        lines = max(_lines(str(text), width) for text, (_, width) in zip(values, COLUMNS))
        ws.row_dimensions[row].height = 15 * lines + 2
    ws.freeze_panes = ws.cell(HEADER_ROW + 1, 1)
    ws.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(len(COLUMNS))}{row}"
    ws.page_setup.orientation, ws.page_setup.paperSize = "landscape", ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    book.active = 0
    for sheet in book.worksheets:  # one selected tab, or Excel opens with the sheets grouped
        sheet.sheet_view.tabSelected = sheet is ws


def _free_name(book, base: str) -> str:
    """``base``, or ``base (2)``, ``base (3)``... if taken (sheet names are case-insensitive)."""
    taken = {name.casefold() for name in book.sheetnames}
    name, number = base, 2
    while name.casefold() in taken:
        name, number = f"{base} ({number})", number + 1
    return name


def _count(n: int, kind: str, lang: str) -> str:
    singular, plural = COUNTS[kind]
    return f"{n} {(singular if n == 1 else plural)(lang)}"


def _lines(text: str, chars_per_line: float) -> int:
    """Estimated number of lines ``text`` wraps to."""
    return sum(max(1, math.ceil(len(line) / chars_per_line)) for line in text.split("\n"))


def _put(ws, row: int, col: int, value: str):
    """Write text that stays text: openpyxl would store a string starting with '=' as a formula."""
    cell = ws.cell(row, col)
    cell.value = _clean(value)
    cell.data_type = "s"
    return cell


def _clean(text: str) -> str:
    """Text Excel accepts: no control characters (openpyxl refuses them), at most one cell's worth."""
    return ILLEGAL_CHARACTERS_RE.sub("", text)[:MAX_CELL_TEXT]
