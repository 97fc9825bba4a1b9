"""The desktop route: kommunebench inside Excel through xlwings, for people who run Python beside Excel.

Call these from Excel (Windows or Mac) with xlwings' ``RunPython``, e.g.::

    RunPython "import addin.desktop as kb; kb.check_workbook()"

or from Python with a :class:`xlwings.Book` passed in. Everything here is thin on purpose: the
engine validates, :func:`engine.validation.mark_plan.plan_marks` decides the marks, :mod:`addin.marking`
applies and removes them and :mod:`addin.tables` makes the tables; this module only moves
values between those and Excel. It cannot be run on Linux (xlwings drives a running Excel).
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from addin.marking import apply_marks, record_rows, records_from_rows, remove_marks
from addin.tables import findings_rows, round_rows
from engine.validation.annotate import ISSUE_SHEET
from engine.validation.mark_plan import AUTHOR, plan_marks

RECORD_SHEET = "_kommunebench_marks"  # hidden: how each marked cell looked before
ROUND_SHEET = "kommunebench runde"


class XlwingsLooks:
    """:class:`addin.marking.CellLooks` over an open workbook, through xlwings."""

    def __init__(self, book) -> None:
        self.book = book
        self.names = {sheet.name for sheet in book.sheets}

    def _range(self, sheet: str, cell: str):
        return self.book.sheets[sheet].range(cell)

    def has_sheet(self, sheet: str) -> bool:
        return sheet in self.names

    def fill(self, sheet: str, cell: str) -> str | None:
        return _hex(self._range(sheet, cell).color)

    def set_fill(self, sheet: str, cell: str, colour: str | None) -> None:
        self._range(sheet, cell).color = colour

    def font_colour(self, sheet: str, cell: str) -> str | None:
        return _hex(self._range(sheet, cell).font.color)

    def set_font_colour(self, sheet: str, cell: str, colour: str) -> None:
        self._range(sheet, cell).font.color = colour

    def note(self, sheet: str, cell: str) -> str | None:
        note = self._range(sheet, cell).note
        return None if note is None else note.text

    def set_note(self, sheet: str, cell: str, text: str | None) -> None:
        target = self._range(sheet, cell)
        note = target.note
        if text is None:
            if note is not None:
                note.delete()
        elif note is None:
            target.add_note(text)
        else:
            note.text = text


def check_workbook(book=None, lang: str = "da") -> str:
    """Validate the open workbook, mark its cells, list the findings on a first sheet; returns the summary."""
    from engine.validation.validate import validate_file

    book = book or _caller()
    clear_marks(book)
    with _snapshot(book) as path:
        result = validate_file(path)
    looks = XlwingsLooks(book)
    records = apply_marks(looks, plan_marks(result.issues, lang, looks.names))
    _write_sheet(book, RECORD_SHEET, record_rows(records), hidden=True)
    _write_sheet(book, ISSUE_SHEET(lang), findings_rows(result, book.name, lang))
    summary = findings_rows(result, book.name, lang)[0][0]
    _alert(book, summary)
    return summary


def clear_marks(book=None) -> int:
    """Remove what :func:`check_workbook` added: marks, notes, the findings and record sheets."""
    book = book or _caller()
    names = [sheet.name for sheet in book.sheets]
    count = 0
    if RECORD_SHEET in names:
        rows = book.sheets[RECORD_SHEET].used_range.value
        count = remove_marks(XlwingsLooks(book), records_from_rows(rows if isinstance(rows[0], list) else [rows]))
    findings = {ISSUE_SHEET("da"), ISSUE_SHEET("en")}
    for sheet in list(book.sheets):
        if sheet.name == RECORD_SHEET or (sheet.name in findings and _ours(sheet)):
            sheet.delete()
    return count


def show_round(db: str, year: int, benchmark: str = "administration", book=None, lang: str = "da") -> int:
    """Write a computed round (one row per participant) into a sheet of the workbook; returns the row count."""
    book = book or _caller()
    rows = round_rows(db, year, benchmark, lang)
    _write_sheet(book, ROUND_SHEET, rows)
    return len(rows) - 2


RIBBON = {"Kommunebench.Check": check_workbook, "Kommunebench.Clear": clear_marks}


def ribbon(control_id: str) -> None:
    """One entry for every ribbon button: the VBA callback passes the button's id (see the README)."""
    RIBBON[control_id]()


def _caller():
    import xlwings as xw

    return xw.Book.caller()


@contextmanager
def _snapshot(book) -> Iterator[Path]:
    """The open workbook as an .xlsx file, unsaved edits included where Excel allows."""
    folder = Path(tempfile.mkdtemp(prefix="kommunebench-"))
    target = folder / (Path(book.name).stem + ".xlsx")
    try:
        try:
            book.api.SaveCopyAs(str(target))  # Windows: a copy of the current state; the book stays as it is
        except Exception:  # Mac and others have no SaveCopyAs: save, then read the saved file
            book.save()
            shutil.copyfile(book.fullname, target)
        yield target
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _write_sheet(book, name: str, rows: list[list[object]], hidden: bool = False) -> None:
    for sheet in list(book.sheets):
        if sheet.name == name and _ours(sheet):
            sheet.delete()
    sheet = book.sheets.add(name, before=book.sheets[0])
    sheet.range("A1").value = rows
    if hidden:
        sheet.visible = False


def _ours(sheet) -> bool:
    """A sheet we wrote: the record sheet, or one whose A1 starts with our name."""
    return sheet.name == RECORD_SHEET or str(sheet.range("A1").value or "").startswith(f"{AUTHOR}:")


def _alert(book, text: str) -> None:
    try:
        book.app.alert(text, title="kommunebench")
    except Exception:  # not every platform or xlwings version has alerts; the findings sheet says it all
        pass


def _hex(colour) -> str | None:
    if colour is None:
        return None
    if isinstance(colour, int):  # Excel's BGR integer
        colour = (colour & 0xFF, (colour >> 8) & 0xFF, (colour >> 16) & 0xFF)
    return "#%02X%02X%02X" % tuple(colour)
