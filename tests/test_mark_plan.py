"""The mark plan is the one source of what is marked: the annotated copy applies exactly it."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from engine.validation.annotate import write_annotated
from engine.validation.issues import Issue
from engine.validation.mark_plan import AUTHOR, FILL, plan_marks, sheet_counts
from engine.validation.validate import validate_files
from test_annotate import MISTAKES, make_workbook, marked


def test_one_mark_per_cell_worst_severity_wins_and_note_lists_every_finding() -> None:
    issues = [Issue("invalid-email", "f.xlsx", "Forside", "B12", params={"value": "x"}),
              Issue("required-missing", "f.xlsx", "Forside", "B12", params={"label": "E-mail"}),
              Issue("out-of-range", "f.xlsx", "Økonomi", "D6", params={"value": 7, "min": 0, "max": 3}),
              Issue("sheet-missing", "f.xlsx", params={"expected": "Løn"}),  # not located: no mark
              Issue("row-missing", "f.xlsx", "Løn og personale", params={"key": "HR-1", "label": "x"})]
    marks = plan_marks(issues, "en")
    assert [(m.sheet, m.cell, m.severity, m.codes) for m in marks] == [
        ("Forside", "B12", "error", ("invalid-email", "required-missing")),
        ("Økonomi", "D6", "error", ("out-of-range",))]
    note = marks[0].note
    assert note.startswith(f"{AUTHOR}:\n")
    assert "(invalid-email)" in note and "(required-missing)" in note
    assert marks[0].as_dict()["fill"] == "#" + FILL["error"][2:]


def test_findings_on_sheets_the_workbook_lacks_are_not_marked_and_anchors_merge_marks() -> None:
    issues = [Issue("out-of-range", "f.xlsx", "Gone", "A1", params={"value": 1, "min": 0, "max": 0}),
              Issue("not-a-number", "f.xlsx", "S", "B2", params={"value": "x"}),
              Issue("invalid-email", "f.xlsx", "S", "C2", params={"value": "x"})]
    marks = plan_marks(issues, "da", sheets=["S"], anchor=lambda sheet, ref: "B2")
    assert [(m.sheet, m.cell, m.codes, m.severity) for m in marks] == [("S", "B2", ("not-a-number", "invalid-email"),
                                                                        "error")]


def test_unknown_language_fails_fast() -> None:
    with pytest.raises(ValueError):
        plan_marks([], "de")


def test_sheet_counts_group_findings_in_order() -> None:
    issues = [Issue("sheet-missing", "f", params={"expected": "x"}),
              Issue("not-a-number", "f", "A", "B2", params={"value": "x"}),
              Issue("invalid-email", "f", "A", "C2", params={"value": "x"}),
              Issue("not-a-number", "f", "B", "B2", params={"value": "x"})]
    assert sheet_counts(issues) == [{"sheet": None, "errors": 1, "warnings": 0, "notes": 0, "count": 1},
                                    {"sheet": "A", "errors": 1, "warnings": 1, "notes": 0, "count": 2},
                                    {"sheet": "B", "errors": 1, "warnings": 0, "notes": 0, "count": 1}]


def test_annotated_copy_marks_exactly_the_planned_cells_with_the_planned_fill_and_note(tmp_path: Path) -> None:
    source = make_workbook(tmp_path / "in" / "odense.xlsx", MISTAKES)
    [result] = validate_files([source])
    marks = plan_marks(result.issues, "da", openpyxl.load_workbook(source).sheetnames)
    assert marks, "the workbook has located mistakes"
    copy = openpyxl.load_workbook(write_annotated(result, tmp_path / "out", "da"))
    assert marked(copy) == {(m.sheet, m.cell): m.fill[2:] for m in marks}
    for mark in marks:
        assert copy[mark.sheet][mark.cell].comment.text.endswith(mark.note)


def test_the_legend_names_the_colour_each_severity_is_filled_with(tmp_path) -> None:
    """The words come from the fill itself: change a fill and the legend follows."""
    import colorsys

    import openpyxl

    from engine.validation.mark_plan import FILL, colour_name

    def hue(argb: str) -> float:
        r, g, b = (int(argb[i:i + 2], 16) / 255 for i in (2, 4, 6))
        return colorsys.rgb_to_hsv(r, g, b)[0] * 360

    assert hue(FILL["warning"]) < 40 and colour_name(FILL["warning"]).da == "orange"  # F4B084 is orange
    assert colour_name("FFFFEB9C").da == "gul" and colour_name(FILL["error"]).da == "rød"
    path = make_workbook(tmp_path / "marked.xlsx", MISTAKES)
    [result] = validate_files([path])
    copy = write_annotated(result, tmp_path / "out", "da")
    hint = openpyxl.load_workbook(copy)["Fejl"]["A2"].value
    assert f"{colour_name(FILL['error']).da} = fejl" in hint and f"{colour_name(FILL['warning']).da} = advarsel" in hint
