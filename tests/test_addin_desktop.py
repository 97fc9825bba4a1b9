"""The desktop route below xlwings, on real workbooks: marking from the plan, unmarking, the tables.

xlwings drives a running Excel and cannot be exercised on Linux; what it would call is tested here
through openpyxl (:class:`addin.marking.OpenpyxlLooks`), saved and reopened like a real file.
"""

from __future__ import annotations

import random
from pathlib import Path

import openpyxl
import pytest

from addin.marking import (
    OpenpyxlLooks, apply_marks, record_rows, records_from_rows, remove_marks, without_our_note,
)
from addin.tables import findings_rows, round_rows
from engine.benchmarks import get_domain
from engine.benchmarks.administration.synthetic import administration_values, draw_profile
from engine.cli import main
from engine.templates.writer import write_template
from engine.validation.annotate import write_annotated
from engine.validation.mark_plan import plan_marks
from engine.validation.validate import validate_file
from test_annotate import MISTAKES, data_cells, make_workbook, marked


@pytest.fixture
def mistakes(tmp_path: Path) -> Path:
    return make_workbook(tmp_path / "odense.xlsx", MISTAKES)


def colours_and_notes(book) -> dict:
    """Every cell's look as a spreadsheet program reports it: fill and font colour, note and its author."""
    cells = OpenpyxlLooks(book)
    return {(c.parent.title, c.coordinate): (cells.fill(c.parent.title, c.coordinate),
                                             cells.font_colour(c.parent.title, c.coordinate),
                                             c.comment and (c.comment.author, c.comment.text))
            for c in data_cells(book)}


def marks_for(path: Path, lang: str = "da"):
    result = validate_file(path)
    return result, plan_marks(result.issues, lang, result.sheet_order)


def test_marking_applies_the_plan_like_the_annotated_copy(mistakes: Path, tmp_path: Path) -> None:
    result, marks = marks_for(mistakes)
    book = openpyxl.load_workbook(mistakes)
    apply_marks(OpenpyxlLooks(book), marks)
    book.save(tmp_path / "marked.xlsx")
    ours = openpyxl.load_workbook(tmp_path / "marked.xlsx")
    annotated = openpyxl.load_workbook(write_annotated(result, tmp_path / "out", "da"))
    assert marked(ours) == marked(annotated) == {(m.sheet, m.cell): m.fill[2:] for m in marks}
    for mark in marks:
        assert ours[mark.sheet][mark.cell].comment.text == annotated[mark.sheet][mark.cell].comment.text == mark.note


def test_unmarking_after_save_and_reopen_restores_every_cell(mistakes: Path, tmp_path: Path) -> None:
    _, marks = marks_for(mistakes)
    book = openpyxl.load_workbook(mistakes)
    first = marks[0]
    book[first.sheet][first.cell].comment = openpyxl.comments.Comment("Spørg Anne", "Anne")
    book.save(mistakes)
    original = colours_and_notes(openpyxl.load_workbook(mistakes))

    book = openpyxl.load_workbook(mistakes)
    records = apply_marks(OpenpyxlLooks(book), marks)
    store = book.create_sheet("_kommunebench_marks")
    for row in record_rows(records):
        store.append(row)
    book.save(tmp_path / "marked.xlsx")

    reopened = openpyxl.load_workbook(tmp_path / "marked.xlsx")
    assert reopened[first.sheet][first.cell].comment.text == f"Spørg Anne\n\n{first.note}"
    back = records_from_rows(reopened["_kommunebench_marks"].iter_rows(values_only=True))
    assert back == records
    assert remove_marks(OpenpyxlLooks(reopened), back) == len(marks)
    reopened.remove(reopened["_kommunebench_marks"])
    reopened.save(tmp_path / "cleared.xlsx")
    assert colours_and_notes(openpyxl.load_workbook(tmp_path / "cleared.xlsx")) == original


def test_unmarking_keeps_a_colour_the_user_chose_and_restores_white_header_text(mistakes: Path) -> None:
    _, marks = marks_for(mistakes)
    book = openpyxl.load_workbook(mistakes)
    cells = OpenpyxlLooks(book)
    first, second = marks[:2]
    cells.set_font_colour(first.sheet, first.cell, "#FFFFFF")
    cells.set_fill(first.sheet, first.cell, "#1F4E78")
    records = apply_marks(cells, marks)
    assert cells.font_colour(first.sheet, first.cell) == "#" + first.text_on_fill[2:]
    cells.set_fill(second.sheet, second.cell, "#00B050")  # the user's own colour after marking
    remove_marks(cells, records)
    assert (cells.fill(first.sheet, first.cell), cells.font_colour(first.sheet, first.cell)) == ("#1F4E78", "#FFFFFF")
    assert cells.fill(second.sheet, second.cell) == "#00B050"
    assert cells.note(second.sheet, second.cell) is None


def test_marks_on_a_sheet_the_workbook_no_longer_has_are_skipped(mistakes: Path) -> None:
    _, marks = marks_for(mistakes)
    book = openpyxl.load_workbook(mistakes)
    book.remove(book["Økonomi"])
    records = apply_marks(OpenpyxlLooks(book), marks)
    assert {r.sheet for r in records} == {m.sheet for m in marks} - {"Økonomi"}


def test_without_our_note() -> None:
    assert without_our_note("kommunebench:\nFejl") is None
    assert without_our_note("Husk\n\nkommunebench:\nFejl") == "Husk"
    assert without_our_note("Husk") == "Husk"


def test_findings_table_lists_every_finding_with_its_location(mistakes: Path) -> None:
    result = validate_file(mistakes)
    rows = findings_rows(result, "odense.xlsx", "en")
    assert str(rows[0][0]).startswith("kommunebench: odense.xlsx")
    assert rows[1] == ["Severity", "Code", "Location", "Message", "How to fix"]
    assert [(row[1], row[2]) for row in rows[2:]] == [(i.code, i.location) for i in result.issues]


def test_round_table_has_one_row_per_participant(tmp_path: Path) -> None:
    rng = random.Random(5)
    domain = get_domain("administration")
    codes = ("101", "147", "461", "751", "851")
    paths = [write_template(domain, tmp_path / f"{code}.xlsx", "da",
                            administration_values(rng, draw_profile(rng, code), 2026)) for code in codes]
    db = tmp_path / "bench.sqlite"
    assert main(["ingest", *map(str, paths), "--round", "2026", "--db", str(db), "--workers", "1"]) == 0
    rows = round_rows(db, 2026)
    assert rows[1][0] == "participant" and "name" in rows[1]
    assert sorted(row[0] for row in rows[2:]) == sorted(codes)
    assert all(not isinstance(value, float) or value == value for row in rows[2:] for value in row)  # no NaN


def test_desktop_module_maps_every_ribbon_button_to_a_function() -> None:
    pytest.importorskip("xlwings")
    from addin import desktop

    assert set(desktop.RIBBON) == {"Kommunebench.Check", "Kommunebench.Clear"}
    assert all(callable(function) for function in desktop.RIBBON.values())
    assert desktop._hex((255, 199, 206)) == "#FFC7CE" and desktop._hex(0xCEC7FF) == "#FFC7CE"
