"""One test per check: a workbook with one kind of mistake, asserting codes and locations."""

from __future__ import annotations

import shutil

import openpyxl
import pytest

from conftest import edit, findings, input_ref, valid_values, write_filled
from engine.templates.layout import META_SHEET
from engine.validation.validate import validate_file, validate_files

FIN = "Økonomi"
HR = "Løn og personale"
FRONT = "Forside"


def test_valid_workbook_has_no_findings(filled):
    result = validate_file(filled)
    assert findings(result) == []
    assert result.valid and result.submission.participant == "751"


def test_english_template_validates_the_same(tmp_path):
    result = validate_file(write_filled(tmp_path / "en.xlsx", lang="en"))
    assert findings(result) == []
    assert result.submission.language == "en"
    assert result.submission.form_value("finance_system") in ("kmd_opus", "prisme", "unit4", "other")


@pytest.mark.parametrize(("edits", "expected"), [
    pytest.param({(FRONT, "B6"): None}, [("required-missing", FRONT, "B6")], id="required-missing"),
    pytest.param({(FIN, "G6"): "mange"}, [("not-a-number", FIN, "G6")], id="text-in-number-cell"),
    pytest.param({(FIN, "G6"): "2,5"}, [("not-a-number", FIN, "G6")], id="number-stored-as-text"),
    pytest.param({(FIN, "D6"): 1.5}, [("not-an-integer", FIN, "D6")], id="not-an-integer"),
    pytest.param({(FIN, "D6"): 4}, [("out-of-range", FIN, "D6")], id="centralisation-above-3"),
    pytest.param({(HR, "E6"): 1.5}, [("out-of-range", HR, "E6")], id="digital-above-1"),
    pytest.param({(FIN, "G7"): -0.5}, [("below-minimum", FIN, "G7")], id="fte-negative"),
    pytest.param({(FRONT, "B9"): "SAP"}, [("not-in-list", FRONT, "B9")], id="not-in-list"),
    pytest.param({(FIN, "H6"): "x" * 501}, [("text-too-long", FIN, "H6")], id="text-too-long"),
    pytest.param({(FIN, "E6"): "=0.5+0.5"}, [("formula-in-input", FIN, "E6")], id="formula-in-input"),
    pytest.param({(FRONT, "B12"): "kontakt på kommunen"}, [("invalid-email", FRONT, "B12")], id="invalid-email"),
    pytest.param({(FIN, "G5"): "Timer"}, [("header-changed", FIN, "G5")], id="header-changed"),
    pytest.param({(FRONT, "A7"): "Borgere"}, [("header-changed", FRONT, "A7")], id="form-label-changed"),
    pytest.param({(FIN, "D6"): None, (FIN, "E6"): None, (FIN, "F6"): None, (FIN, "G6"): None},
                 [("row-unanswered", FIN, "D6")], id="row-unanswered"),
    pytest.param({(FIN, "A146"): "FIN-999", (FIN, "G146"): 1}, [("row-unknown", FIN, "A146")], id="row-unknown"),
    pytest.param({(FIN, "A146"): "FIN-001", (FIN, "D146"): 2, (FIN, "E146"): 1, (FIN, "F146"): 1, (FIN, "G146"): 1},
                 [("row-duplicated", FIN, "A146")], id="row-duplicated"),
    pytest.param({(META_SHEET, "B2"): "0.9"}, [("template-version-unknown", META_SHEET, "B2")],
                 id="template-version-unknown"),
    pytest.param({(META_SHEET, "B1"): "budget"}, [("template-unknown", META_SHEET, "B1")], id="template-unknown"),
])
def test_single_mistake_is_found_at_its_cell(filled, edits, expected):
    assert findings(validate_file(edit(filled, edits))) == expected


def test_input_file_is_never_modified(filled):
    before = filled.read_bytes()
    validate_files([filled, filled])
    assert filled.read_bytes() == before


def test_implausible_front_values_are_warnings(filled):
    result = validate_file(edit(filled, {(FRONT, "B8"): 75_000}))
    assert ("implausible-value", FRONT, "B8") in findings(result)
    assert result.valid  # warnings only


def test_process_fte_above_all_employees(filled):
    result = validate_file(edit(filled, {(FRONT, "B8"): 150, (FIN, "G10"): 400}))
    assert ("fte-exceeds-employees", FIN, "G10") in findings(result)
    assert not result.valid


def test_total_fte_per_inhabitant_far_outside_band(filled):
    result = validate_file(edit(filled, {(FRONT, "B7"): 1_900_000}))
    assert ("fte-ratio-implausible", FIN, "G4") in findings(result)
    issue = next(i for i in result.issues if i.code == "fte-ratio-implausible")
    assert issue.severity == "warning" and issue.params["ratio"] < 2


def test_sheet_missing(filled):
    book = openpyxl.load_workbook(filled)
    del book[HR]
    book.save(filled)
    assert findings(validate_file(filled)) == [("sheet-missing", None, None)]


def test_renamed_sheet_is_found_by_its_content(filled):
    book = openpyxl.load_workbook(filled)
    book[FIN].title = "Ark1"
    book.save(filled)
    result = validate_file(filled)
    assert findings(result) == [("sheet-renamed", "Ark1", None)]
    assert len(result.submission.tables["finance"]) == 140


def test_deleted_row_is_missing(filled):
    book = openpyxl.load_workbook(filled)
    book[FIN].delete_rows(15)  # FIN-010
    book.save(filled)
    result = validate_file(filled)
    assert findings(result) == [("row-missing", FIN, None)]
    assert result.issues[0].params["key"] == "FIN-010"


def test_reordered_rows_are_read_by_id(domain, filled):
    values = valid_values()
    book = openpyxl.load_workbook(filled)
    ws = book[FIN]
    first = [cell.value for cell in ws[6]]
    second = [cell.value for cell in ws[7]]
    for col, (a, b) in enumerate(zip(first, second), start=1):
        ws.cell(6, col).value, ws.cell(7, col).value = b, a
    book.save(filled)
    result = validate_file(filled)
    assert findings(result) == [("rows-reordered", FIN, "A7")]
    assert result.submission.tables["finance"]["FIN-001"]["fte"].value == values[("finance", "FIN-001", "fte")]
    assert result.submission.tables["finance"]["FIN-001"]["fte"].ref == "G7"


def test_not_a_template(tmp_path):
    path = tmp_path / "own.xlsx"
    book = openpyxl.Workbook()
    book.active["A1"] = "Vores egen opgørelse"
    book.save(path)
    assert findings(validate_file(path)) == [("not-a-template", None, None)]


def test_same_municipality_twice_in_a_batch(filled, tmp_path):
    again = tmp_path / "aarhus_igen.xlsx"
    shutil.copyfile(filled, again)
    first, second = validate_files([filled, again])
    assert findings(first) == []
    assert findings(second) == [("duplicate-participant", FRONT, "B5")]
    assert second.issues[0].params["other_file"] == filled.name


def test_every_mistake_is_reported_not_only_the_first(filled):
    edits = {(FIN, "D6"): 9, (FIN, "G8"): "?", (HR, "E20"): "=1", (FRONT, "B6"): None}
    result = validate_file(edit(filled, edits))
    assert sorted(findings(result)) == sorted([
        ("out-of-range", FIN, "D6"), ("not-a-number", FIN, "G8"), ("formula-in-input", HR, "E20"),
        ("required-missing", FRONT, "B6")])


def test_messages_render_in_both_languages(filled):
    result = validate_file(edit(filled, {(FIN, "D6"): 4}))
    issue = result.issues[0]
    assert issue.message("da") != issue.message("en")
    assert "{" not in issue.message("da") + issue.message("en") + issue.fix("da") + issue.fix("en")
    assert issue.location == "'Økonomi'!D6"


def test_input_ref_matches_layout(domain):
    assert input_ref(domain, "finance", "fte", "FIN-001") == (FIN, "G6")
    assert input_ref(domain, "hr", "centralisation", "HR-160") == (HR, "D165")
    assert input_ref(domain, "front", "municipality") == (FRONT, "B5")


def test_same_municipality_for_two_years_is_not_a_duplicate(filled, tmp_path):
    values = valid_values()
    values[("front", "year")] = 2025
    last_year = write_filled(tmp_path / "aarhus_2025.xlsx", values)
    assert [findings(r) for r in validate_files([filled, last_year])] == [[], []]
