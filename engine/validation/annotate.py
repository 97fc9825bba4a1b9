"""Annotated copies of validated workbooks: every finding put back where it was found.

A department head who receives a list of ``'Økonomi'!D6``-style locations has to
look each one up. The annotated copy does that for them: every located cell is
filled red (error) or orange (warning) and explains itself in a cell comment, and
a first sheet lists every finding with a link to its cell. It is their own
workbook, so they fix it in place and send it again.

openpyxl is used, not xlsxwriter (which cannot edit), because the copy must keep
what the template carries: drop-down lists, input messages, unlocked input cells,
sheet protection, print setup. One loss is known: openpyxl drops the cached
results of formulas (the live checks and totals). It marks the workbook for a
full recalculation on load, so Excel and LibreOffice show them again on opening;
a viewer that does not calculate shows them empty. The validator reads no formula
results, so the copy validates exactly like the original.

The annotated copy is what comes back once it is fixed, so annotating is
idempotent: what an earlier run added is removed first (its issues sheet, its
comments, its fills on cells fixed since), and the new copy looks as if the
returned workbook were annotated for the first time. To make that exact, the
issues sheet carries a hidden record of every cell it marked and the look that
cell had before (see ``_write_undo_record``).
"""

from __future__ import annotations

import math
import re
from copy import copy
from pathlib import Path

import openpyxl
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, MergedCell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Color, Font, PatternFill
from openpyxl.styles.fills import Fill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.xml.functions import fromstring, tostring

from engine.templates.layout import META_SHEET
from engine.templates.writer import INPUT_FILL
from engine.text import Text
from engine.validation.mark_plan import (
    AUTHOR, FILL, LEGACY_FILLS, SEVERITY, TEXT_ON_FILL, CellMark, colour_name, plan_marks,
)
from engine.validation.submission import Submission
from engine.validation.validate import FileResult
from engine.workbook.atomic import atomic_path
from engine.workbook.cells import location

SUFFIX = ".annotated.xlsx"
ISSUE_SHEET = Text("Fejl", "Issues")
COLUMNS = (  # header, width
    (Text("Alvor", "Severity"), 11),
    (Text("Kode", "Code"), 24),
    (Text("Placering", "Location"), 30),
    (Text("Besked", "Message"), 70),
    (Text("Sådan retter du", "How to fix"), 55),
)
# The colour words are the names of the fills themselves (mark_plan.FILL), never written twice.
_RED, _ORANGE = colour_name(FILL["error"]), colour_name(FILL["warning"])
HINT = Text(f"Ret de markerede celler ({_RED.da} = fejl, {_ORANGE.da} = advarsel; kommentaren i cellen siger hvad der "
            "er galt), og send projektmappen igen. Klik på en placering for at gå til cellen.",
            f"Fix the marked cells ({_RED.en} = error, {_ORANGE.en} = warning; the cell's comment says what is "
            "wrong) and send the workbook again. Click a location to go to the cell.")
COUNTS = {"error": (Text("fejl", "error"), Text("fejl", "errors")),
          "warning": (Text("advarsel", "warning"), Text("advarsler", "warnings"))}
HEADER_ROW = 4  # 1-based: title, hint, blank line, header
MAX_CELL_TEXT = 32_767  # Excel's limit for one cell
COMMENT_WIDTH = 300  # pixels: about 48 characters a line in the default comment font
# Hidden columns of the issues sheet, right of the visible table: its first header cell is the
# marker that tells a later run the sheet is ours. A cell value is what every spreadsheet program
# keeps when it saves, where defined names and sheet properties depend on the program's support;
# and the marker is found wherever inserted rows or columns have moved it.
RECORD_HEADER = ("kommunebench:marked-cells", "cell", "fill", "font-color")
RECORD_COL = len(COLUMNS) + 2  # 1-based: one empty column after the visible table
# Our text in a note starts with our name on its own line, the way Excel heads every note with its
# author's name; anything before it (a note someone wrote there first) is theirs. The text, not
# the note's author, is what marks it: LibreOffice saves notes without their authors.
OUR_PART = re.compile(r"(?:^|\r?\n\r?\n)" + AUTHOR + r":\r?\n")
MARKER_RGB = {argb[-6:] for argb in (*FILL.values(), *LEGACY_FILLS)}
WHITE = ("FFFFFFFF", "00FFFFFF")


def annotated_path(source: str | Path, out_dir: str | Path) -> Path:
    """Where the annotated copy of ``source`` goes.

    A returned annotated copy keeps its name rather than growing ``.annotated.annotated``.

    >>> annotated_path("indsendt/aarhus.xlsx", "rettelser").as_posix()
    'rettelser/aarhus.annotated.xlsx'
    >>> annotated_path("indsendt/aarhus.annotated.xlsx", "rettelser").as_posix()
    'rettelser/aarhus.annotated.xlsx'
    """
    name = Path(source).name
    stem = name[: -len(SUFFIX)] if name.lower().endswith(SUFFIX) else Path(source).stem
    target = Path(out_dir) / (stem + SUFFIX)
    if target.resolve() == Path(source).resolve():
        # Annotating a copy inside the output folder must never overwrite the input itself.
        target = Path(out_dir) / (stem + ".annotated-2.xlsx")
    return target


def write_annotated(result: FileResult, out_dir: str | Path, lang: str) -> Path | None:
    """Write an annotated copy of ``result``'s workbook into ``out_dir``; return its path.

    Returns ``None`` when there is no workbook to annotate: the container checks
    rejected the file (never hand such a file to openpyxl), or openpyxl cannot
    parse it. An .xlsx that is not our template still gets the issues sheet.
    The input file is only read; the copy is written atomically. A returned annotated
    copy loses the earlier annotation first, so only its current issues are marked.
    """
    ISSUE_SHEET(lang)  # fail fast on an unknown language, before any work
    if result.submission is None and any(issue.type.group == "file" for issue in result.issues):
        return None
    try:
        book = openpyxl.load_workbook(result.path, keep_vba=False, keep_links=False)
    except Exception:  # openpyxl raises many unrelated types on odd input; bad data must not stop a batch
        return None
    _remove_annotation(book, result.submission)
    marks = plan_marks(result.issues, lang, book.sheetnames,
                       anchor=lambda sheet, ref: _anchor(book[sheet], ref).coordinate)
    undo = {(mark.sheet, mark.cell): _mark_cell(book[mark.sheet][mark.cell], mark) for mark in marks}
    _write_issue_sheet(book, result, lang, undo)
    target = annotated_path(result.path, out_dir)
    with atomic_path(target) as tmp:
        book.save(tmp)
    return target


def _mark_cell(cell, mark: CellMark) -> tuple[str, str]:
    """Fill the cell as the mark plan says and put the plan's note in its comment.

    Only the fill changes (and a white font, see ``TEXT_ON_FILL``): number format,
    border and the cell's locked/unlocked state stay, so the copy works like the template.
    Returns what undoes the marking: the cell's fill before (as XML) and its font colour
    if that changed (else ``""``).
    """
    undo = (tostring(copy(cell.fill).to_tree()).decode(), "")
    cell.fill = PatternFill("solid", start_color=mark.fill, end_color=mark.fill)
    color = cell.font.color
    if color is not None and color.type == "rgb" and color.rgb in WHITE:
        undo = (undo[0], color.rgb)
        font = copy(cell.font)
        font.color = Color(mark.text_on_fill)
        cell.font = font
    text, author = mark.note, AUTHOR
    if cell.comment is not None:  # someone's own note: it stays theirs, ours follows it
        text, author = f"{cell.comment.text}\n\n{text}", cell.comment.author
    text = _clean(text)
    height = min(max(150, 15 * _lines(text, COMMENT_WIDTH / 6.25) + 10), 450)
    cell.comment = Comment(text, author, height=height, width=COMMENT_WIDTH)
    return undo


def _anchor(ws, ref: str):
    """The cell itself, or the top-left cell of the merged range it lies in (the only writable one)."""
    cell = ws[ref]
    if isinstance(cell, MergedCell):
        for merged in ws.merged_cells.ranges:
            if ref in merged:
                return ws.cell(merged.min_row, merged.min_col)
    return cell


def _write_issue_sheet(book, result: FileResult, lang: str, undo: dict[tuple[str, str], tuple[str, str]]) -> None:
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
    _write_undo_record(ws, undo)
    book.active = 0
    for sheet in book.worksheets:  # one selected tab, or Excel opens with the sheets grouped
        sheet.sheet_view.tabSelected = sheet is ws


def _write_undo_record(ws, undo: dict[tuple[str, str], tuple[str, str]]) -> None:
    """Hidden columns: the marker header, then sheet, cell, fill and font colour of every marked cell.

    The next run restores exactly the look a cell had (the template's header fill and white
    text, a band, a colour someone chose), which the declaration alone cannot tell for every cell.
    The columns lie outside the table's filter range, so sorting the list leaves them alone.
    """
    for offset, header in enumerate(RECORD_HEADER):
        _put(ws, HEADER_ROW, RECORD_COL + offset, header)
        ws.column_dimensions[get_column_letter(RECORD_COL + offset)].hidden = True
    for row, (key, look) in enumerate(undo.items(), start=HEADER_ROW + 1):
        for offset, value in enumerate(key + look):
            if value:
                _put(ws, row, RECORD_COL + offset, value)


def _remove_annotation(book, submission: Submission | None) -> None:
    """Undo an earlier run on this workbook (a returned annotated copy), so it is marked afresh.

    Its issues sheets go; of its comments only our text goes; a cell gets its earlier look back
    only if it still has one of our fills and was ours (recorded, or carrying our comment), so a
    cell never marked, or refilled by someone since, is left as it is.
    """
    # A sheet the validator read is data, whatever someone typed into it: never removed.
    read = {META_SHEET, *(submission.sheet_names.values() if submission else ())}
    inputs = _input_cells(submission)
    undo: dict[tuple[str, str], tuple[str, str]] = {}
    for ws in list(book.worksheets):
        head = None if ws.title in read else _record_head(ws)
        if head is not None:
            undo.update(_read_undo_record(ws, head))
            book.remove(ws)
    for ws in book.worksheets:
        for cell in _existing_cells(ws):
            key = (ws.title, cell.coordinate)
            if _has_marker_fill(cell) and (key in undo or _has_our_text(cell.comment)):
                _unmark_cell(cell, undo.get(key), key in inputs)
            if _has_our_text(cell.comment):
                cell.comment = _without_our_text(cell.comment)


def _input_cells(submission: Submission | None) -> set[tuple[str, str]]:
    """(sheet, ref) of every declared input the validator read, wherever its row now is.

    The template fills all of them with ``INPUT_FILL``; the look to give back when the
    record of an earlier run is gone (its issues sheet deleted).
    """
    if submission is None:
        return set()
    values = list(submission.form.values())
    values += [value for rows in submission.tables.values() for row in rows.values() for value in row.values()]
    return {(value.sheet, value.ref) for value in values}


def _existing_cells(ws) -> list:
    """Cells the sheet holds (no merged-over ones): ``iter_rows`` would create every empty cell in range."""
    return [cell for cell in ws._cells.values() if not isinstance(cell, MergedCell)]


def _record_head(ws):
    """The marker cell of an issues sheet an earlier run wrote, or ``None`` on any other sheet."""
    return next((cell for cell in _existing_cells(ws) if cell.value == RECORD_HEADER[0]), None)


def _read_undo_record(ws, head) -> dict[tuple[str, str], tuple[str, str]]:
    """(sheet, ref) -> (fill XML, font colour) from the rows below the marker, up to the first empty one."""
    record = {}
    row, col = head.row + 1, head.column
    while ws.cell(row, col).value is not None:
        sheet, ref, fill, font = (ws.cell(row, col + offset).value for offset in range(len(RECORD_HEADER)))
        record[(str(sheet), str(ref))] = (str(fill or ""), str(font or ""))
        row += 1
    return record


def _has_marker_fill(cell) -> bool:
    fill = cell.fill
    return (getattr(fill, "fill_type", None) == "solid" and fill.fgColor.type == "rgb"
            and str(fill.fgColor.rgb)[-6:] in MARKER_RGB)


def _has_our_text(comment) -> bool:
    return comment is not None and (OUR_PART.search(comment.text or "") is not None or comment.author == AUTHOR)


def _without_our_text(comment) -> Comment | None:
    """Someone else's note without the part we appended; ``None`` if nothing of theirs is left.

    A note by our author without our heading (its heading edited away) is taken as ours entirely.
    """
    match = OUR_PART.search(comment.text or "")
    if match is None or match.start() == 0:
        return None
    return Comment(comment.text[:match.start()], comment.author)


def _unmark_cell(cell, recorded: tuple[str, str] | None, is_input: bool) -> None:
    """Give a marked cell its look back: as recorded, else the template's input fill or none."""
    fill = _parse_fill(recorded[0]) if recorded else None
    if fill is None:
        fill = PatternFill("solid", fgColor="FF" + INPUT_FILL.lstrip("#").upper()) if is_input else PatternFill()
    cell.fill = fill
    color = cell.font.color
    if recorded and recorded[1] and color is not None and color.type == "rgb" and color.rgb in TEXT_ON_FILL.values():
        font = copy(cell.font)
        font.color = Color(recorded[1])
        cell.font = font


def _parse_fill(xml: str) -> Fill | None:
    """A fill from the record, or ``None`` if the text is not one (openpyxl parses with defusedxml)."""
    try:
        return Fill.from_tree(fromstring(xml))
    except Exception:  # the record is workbook data someone could have edited; it must not stop a batch
        return None


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
