"""Applying the engine's mark plan to an open workbook, and taking it off again, program-neutrally.

The desktop route (:mod:`addin.desktop`) marks the workbook open in Excel through xlwings; the
logic of what to record, what to change and what to give back lives here, behind the small
:class:`CellLooks` interface, so it is tested on Linux against real workbooks (openpyxl, see
:class:`OpenpyxlLooks`) while the xlwings side stays a thin adapter. The task pane does the same
in JavaScript, from the same plan.

Colours are ``#RRGGBB`` strings; ``None`` means no fill.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import astuple, dataclass
from typing import Protocol

from engine.validation.mark_plan import AUTHOR, CellMark

NOTE_HEAD = f"{AUTHOR}:\n"
WHITE = "#FFFFFF"
RECORD_HEADER = ("sheet", "cell", "fill", "font", "note", "ours")


class CellLooks(Protocol):
    """What marking needs from a spreadsheet program: one cell's fill, font colour and note."""

    def has_sheet(self, sheet: str) -> bool: ...
    def fill(self, sheet: str, cell: str) -> str | None: ...
    def set_fill(self, sheet: str, cell: str, colour: str | None) -> None: ...
    def font_colour(self, sheet: str, cell: str) -> str | None: ...
    def set_font_colour(self, sheet: str, cell: str, colour: str) -> None: ...
    def note(self, sheet: str, cell: str) -> str | None: ...
    def set_note(self, sheet: str, cell: str, text: str | None) -> None: ...


@dataclass(frozen=True)
class MarkRecord:
    """How a cell looked before we marked it, and the fill we gave it."""

    sheet: str
    cell: str
    fill: str | None
    font: str | None  # the font colour we replaced, or None if we left the font alone
    note: str | None
    ours: str


def apply_marks(looks: CellLooks, marks: Sequence[CellMark]) -> list[MarkRecord]:
    """Fill and annotate each planned cell; the user's own note stays first. Returns what undoes it."""
    records = []
    for mark in marks:
        if not looks.has_sheet(mark.sheet):
            continue
        sheet, cell, ours = mark.sheet, mark.cell, "#" + mark.fill[2:]
        font = looks.font_colour(sheet, cell)
        before = MarkRecord(sheet, cell, looks.fill(sheet, cell), font if _same(font, WHITE) else None,
                            looks.note(sheet, cell), ours)
        looks.set_fill(sheet, cell, ours)
        if before.font:  # white header text would vanish on the light fill
            looks.set_font_colour(sheet, cell, "#" + mark.text_on_fill[2:])
        looks.set_note(sheet, cell, mark.note if before.note is None else f"{before.note}\n\n{mark.note}")
        records.append(before)
    return records


def remove_marks(looks: CellLooks, records: Iterable[MarkRecord]) -> int:
    """Undo :func:`apply_marks`: a cell still carrying our fill gets its look back; our note part goes.

    A cell someone has refilled since keeps their fill. Returns the number of records handled.
    """
    count = 0
    for record in records:
        count += 1
        if not looks.has_sheet(record.sheet):
            continue
        sheet, cell = record.sheet, record.cell
        if _same(looks.fill(sheet, cell), record.ours):
            looks.set_fill(sheet, cell, record.fill)
            if record.font:
                looks.set_font_colour(sheet, cell, record.font)
        note = looks.note(sheet, cell)
        if note is not None and NOTE_HEAD in note:
            looks.set_note(sheet, cell, without_our_note(note))
    return count


def without_our_note(text: str) -> str | None:
    """A note without the part we added (from our heading on); ``None`` if nothing else was in it."""
    at = text.find(NOTE_HEAD)
    if at < 0:
        return text
    kept = text[:at].rstrip()
    return kept or None


def record_rows(records: Iterable[MarkRecord]) -> list[list[str]]:
    """The record as rows of text, for a hidden sheet of the marked workbook."""
    return [list(RECORD_HEADER)] + [["" if value is None else value for value in astuple(r)] for r in records]


def records_from_rows(rows: Iterable[Sequence[object]]) -> list[MarkRecord]:
    """Read :func:`record_rows` back; blank cells are ``None``. Rows before the header are ignored."""
    records, started = [], False
    for row in rows:
        values = [None if value in (None, "") else str(value) for value in list(row)[:len(RECORD_HEADER)]]
        values += [None] * (len(RECORD_HEADER) - len(values))
        if not started:
            started = tuple(values) == RECORD_HEADER
            continue
        if values[0] is None:
            break
        records.append(MarkRecord(*values))
    return records


def _same(a: str | None, b: str | None) -> bool:
    return a is not None and b is not None and a.upper() == b.upper()


class OpenpyxlLooks:
    """:class:`CellLooks` over an openpyxl workbook: how the marking logic is tested on real files."""

    def __init__(self, book) -> None:
        self.book = book

    def has_sheet(self, sheet: str) -> bool:
        return sheet in self.book.sheetnames

    def fill(self, sheet: str, cell: str) -> str | None:
        fill = self.book[sheet][cell].fill
        if fill.fill_type != "solid" or fill.fgColor.type != "rgb":
            return None
        return "#" + str(fill.fgColor.rgb)[-6:].upper()

    def set_fill(self, sheet: str, cell: str, colour: str | None) -> None:
        from openpyxl.styles import PatternFill

        self.book[sheet][cell].fill = PatternFill() if colour is None else PatternFill("solid", fgColor="FF" + colour[1:])

    def font_colour(self, sheet: str, cell: str) -> str | None:
        colour = self.book[sheet][cell].font.color
        return "#" + str(colour.rgb)[-6:].upper() if colour is not None and colour.type == "rgb" else None

    def set_font_colour(self, sheet: str, cell: str, colour: str) -> None:
        from copy import copy

        from openpyxl.styles import Color

        target = self.book[sheet][cell]
        font = copy(target.font)
        font.color = Color("FF" + colour[1:])
        target.font = font

    def note(self, sheet: str, cell: str) -> str | None:
        comment = self.book[sheet][cell].comment
        return None if comment is None else comment.text

    def set_note(self, sheet: str, cell: str, text: str | None) -> None:
        from openpyxl.comments import Comment

        target = self.book[sheet][cell]
        author = target.comment.author if target.comment is not None else AUTHOR  # a user's note stays theirs
        target.comment = None if text is None else Comment(text, author)
