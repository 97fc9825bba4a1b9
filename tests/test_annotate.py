"""Annotated copies: every located issue marked at its cell, all issues listed on a first sheet.

Assertions are on codes, locations and workbook structure, never on message prose.
"""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

import openpyxl
import pytest
import python_calamine

from engine.annotate import write_annotated
from engine.cells import location
from engine.domains import get_domain
from engine.issues import Issue
from engine.layout import META_SHEET
from engine.spec import FormSheet
from engine.templates import write_template
from engine.validate import FileResult, validate_files

RED, YELLOW = "FFC7CE", "FFEB9C"
HEADER_ROW = 4  # title, hint, blank line, header

FRONT = {"municipality": "751", "year": 2026, "inhabitants": 360_000, "employees": 30_000,
         "finance_system": "kmd_opus", "payroll_system": "sd_loen", "contact_name": "Anne Jensen",
         "contact_email": "a@aarhus.dk"}

# One error of each common kind and a warning, in the Danish template.
MISTAKES = {("Økonomi", "D6"): 7, ("Løn og personale", "G10"): "mange", ("Forside", "B6"): None,
            ("Forside", "B12"): "anne-at-aarhus"}
EXPECTED = {("out-of-range", "Økonomi", "D6"), ("not-a-number", "Løn og personale", "G10"),
            ("required-missing", "Forside", "B6"), ("invalid-email", "Forside", "B12")}


def filled_values() -> dict:
    """A complete, valid answer for Aarhus: every process answered, totals plausible."""
    domain = get_domain("administration")
    values: dict = {("front", field_id): value for field_id, value in FRONT.items()}
    for sheet in domain.sheets:
        if isinstance(sheet, FormSheet):
            continue
        for index, item in enumerate(sheet.rows):
            values[(sheet.id, item.key, "centralisation")] = index % 4
            values[(sheet.id, item.key, "digital_process")] = (0, 0.5, 1)[index % 3]
            values[(sheet.id, item.key, "digital_solution")] = (1, 0, 0.5)[index % 3]
            values[(sheet.id, item.key, "fte")] = 0.6 if sheet.id == "finance" else 0.3
    return values


def make_workbook(path: Path, edits: dict | None = None, lang: str = "da") -> Path:
    """A filled template at ``path``, then edited with openpyxl as a person would."""
    path.parent.mkdir(parents=True, exist_ok=True)
    write_template(get_domain("administration"), path, lang, filled_values())
    if edits:
        book = openpyxl.load_workbook(path)
        for (sheet, ref), value in edits.items():
            book[sheet][ref].value = value
        book.save(path)
    return path


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def located(result: FileResult) -> set[tuple[str, str | None, str | None]]:
    return {(issue.code, issue.sheet, issue.cell) for issue in result.issues}


def issue_rows(sheet) -> list[tuple]:
    return list(sheet.iter_rows(min_row=HEADER_ROW + 1, max_col=5))


@pytest.fixture
def mistaken(tmp_path: Path) -> Path:
    return make_workbook(tmp_path / "in" / "aarhus.xlsx", MISTAKES)


def test_filled_values_are_valid(tmp_path):
    [result] = validate_files([make_workbook(tmp_path / "clean.xlsx")])
    assert result.issues == []


def test_copy_marks_every_located_issue_and_leaves_input_alone(mistaken, tmp_path):
    [result] = validate_files([mistaken])
    assert located(result) == EXPECTED
    before, mtime = sha256(mistaken), mistaken.stat().st_mtime_ns

    target = write_annotated(result, tmp_path / "out", "da")

    assert target == tmp_path / "out" / "aarhus.annotated.xlsx" and target.is_file()
    assert sha256(mistaken) == before and mistaken.stat().st_mtime_ns == mtime
    assert sorted(p.name for p in target.parent.iterdir()) == ["aarhus.annotated.xlsx"]  # no temp file left
    original, book = openpyxl.load_workbook(mistaken), openpyxl.load_workbook(target)
    assert book.sheetnames[0] == "Fejl" and book.active.title == "Fejl"
    assert book.sheetnames[1:] == original.sheetnames
    assert [ws.title for ws in book.worksheets if ws.sheet_view.tabSelected] == ["Fejl"]
    for issue in result.issues:
        cell, before_cell = book[issue.sheet][issue.cell], original[issue.sheet][issue.cell]
        assert cell.comment is not None and cell.comment.author == "kommunebench"
        assert issue.code in cell.comment.text and issue.message("da") in cell.comment.text
        assert cell.fill.fill_type == "solid"
        assert cell.fill.fgColor.rgb[-6:] == (RED if issue.severity == "error" else YELLOW)
        # Only the fill changed: an input cell stays unlocked, formatted and bordered as in the template.
        assert cell.number_format == before_cell.number_format
        assert cell.protection.locked == before_cell.protection.locked
        assert repr(cell.border) == repr(before_cell.border)  # StyleProxy has no value equality
        assert repr(cell.font) == repr(before_cell.font)
    assert book["Økonomi"]["D7"].comment is None  # untouched neighbours stay untouched
    assert repr(book["Økonomi"]["D7"].fill) == repr(original["Økonomi"]["D7"].fill)


def test_protection_kept_on_template_sheets_not_on_issue_sheet(mistaken, tmp_path):
    [result] = validate_files([mistaken])
    book = openpyxl.load_workbook(write_annotated(result, tmp_path / "out", "da"))
    assert not book["Fejl"].protection.sheet
    assert all(book[name].protection.sheet for name in book.sheetnames[1:])
    assert book[META_SHEET].sheet_state == "hidden"


def test_issue_sheet_lists_every_issue_with_a_link(mistaken, tmp_path):
    [result] = validate_files([mistaken])
    sheet = openpyxl.load_workbook(write_annotated(result, tmp_path / "out", "da"))["Fejl"]

    assert [c.value for c in sheet[HEADER_ROW]] == ["Alvor", "Kode", "Placering", "Besked", "Sådan retter du"]
    assert all(c.font.b for c in sheet[HEADER_ROW])
    assert sheet.freeze_panes == f"A{HEADER_ROW + 1}"
    assert sheet.auto_filter.ref == f"A{HEADER_ROW}:E{HEADER_ROW + len(result.issues)}"
    rows = issue_rows(sheet)
    assert len(rows) == len(result.issues)
    for (severity, code, place, message, fix), issue in zip(rows, result.issues):
        assert severity.value == {"error": "Fejl", "warning": "Advarsel"}[issue.severity]
        assert (code.value, place.value) == (issue.code, issue.location)
        assert place.hyperlink.location == location(issue.sheet, issue.cell)
        assert place.style == "Hyperlink"
        assert message.value == issue.message("da") and fix.value == issue.fix("da")
    assert sheet["A1"].value.startswith("aarhus.xlsx")


def test_english_issue_sheet(tmp_path):
    path = make_workbook(tmp_path / "in" / "aarhus_en.xlsx", {("Finance", "D6"): 7}, lang="en")
    [result] = validate_files([path])
    assert located(result) == {("out-of-range", "Finance", "D6")}
    book = openpyxl.load_workbook(write_annotated(result, tmp_path / "out", "en"))
    assert book.sheetnames[0] == "Issues" and book.active.title == "Issues"
    assert [c.value for c in book["Issues"][HEADER_ROW]] == ["Severity", "Code", "Location", "Message", "How to fix"]
    assert book["Issues"].cell(HEADER_ROW + 1, 1).value == "Error"
    assert "(out-of-range)" in book["Finance"]["D6"].comment.text


def test_issues_without_a_cell_are_listed(tmp_path):
    """A deleted row is located on its sheet only; a deleted sheet nowhere. Both are listed, neither marked."""
    path = make_workbook(tmp_path / "in" / "aarhus.xlsx")
    book = openpyxl.load_workbook(path)
    book["Løn og personale"].delete_rows(8)
    del book["Vejledning"]  # not a declared sheet: no finding
    book.save(path)
    [result] = validate_files([path])
    row_missing = [issue for issue in result.issues if issue.code == "row-missing"]
    assert len(row_missing) == 1 and row_missing[0].sheet == "Løn og personale" and row_missing[0].cell is None

    sheet = openpyxl.load_workbook(write_annotated(result, tmp_path / "out", "da"))["Fejl"]
    [(_, _, place, _, _)] = [row for row in issue_rows(sheet) if row[1].value == "row-missing"]
    assert place.value == "'Løn og personale'"
    assert place.hyperlink.location == "'Løn og personale'!A1"


def test_workbook_that_is_not_a_template_gets_only_the_issue_sheet(tmp_path):
    path = tmp_path / "in" / "own.xlsx"
    path.parent.mkdir()
    book = openpyxl.Workbook()
    book.active.title = "Mine tal"
    book.active["A1"] = 42
    book.save(path)
    [result] = validate_files([path])
    assert located(result) == {("not-a-template", None, None)}

    annotated = openpyxl.load_workbook(write_annotated(result, tmp_path / "out", "da"))
    assert annotated.sheetnames == ["Fejl", "Mine tal"]
    [(_, code, place, _, _)] = issue_rows(annotated["Fejl"])
    assert (code.value, place.value, place.hyperlink) == ("not-a-template", None, None)
    assert annotated["Mine tal"]["A1"].value == 42


def test_existing_issue_sheet_name_is_not_reused(tmp_path):
    path = make_workbook(tmp_path / "in" / "aarhus.xlsx", {("Økonomi", "D6"): 7})
    book = openpyxl.load_workbook(path)
    book.create_sheet("Fejl")
    book.create_sheet("fejl (2)")
    book.save(path)
    [result] = validate_files([path])
    annotated = openpyxl.load_workbook(write_annotated(result, tmp_path / "out", "da"))
    assert annotated.sheetnames[0] == "Fejl (3)" and "Fejl" in annotated.sheetnames


def test_annotated_copy_validates_like_the_original(mistaken, tmp_path):
    [result] = validate_files([mistaken])
    [again] = validate_files([write_annotated(result, tmp_path / "out", "da")])
    assert located(again) == located(result)


def test_annotated_copy_of_annotated_copy_validates_like_the_original(mistaken, tmp_path):
    [result] = validate_files([mistaken])
    first = write_annotated(result, tmp_path / "round1", "da")
    [again] = validate_files([first])
    second = write_annotated(again, tmp_path / "round2", "da")
    [third] = validate_files([second])
    assert located(third) == located(result)
    assert openpyxl.load_workbook(second).sheetnames[:2] == ["Fejl (2)", "Fejl"]


def test_text_starting_with_equals_is_never_a_formula(tmp_path):
    """Engine text comes from municipal data and file names; '=' must not turn it into a formula."""
    path = make_workbook(tmp_path / "in" / "=1+1.xlsx", {("Økonomi", "D6"): 7})
    [result] = validate_files([path])
    crafted = Issue("row-unanswered", result.path, "Forside", "B2",  # B2 lies in the merged intro A2:D2
                    params={"key": "=HYPERLINK(\"http://example.invalid\")\x07", "label": "x"})
    result.issues.append(crafted)
    assert crafted.message("da").startswith("=")

    target = write_annotated(result, tmp_path / "out", "da")
    sheet = openpyxl.load_workbook(target)["Fejl"]
    texts = [sheet["A1"]] + [row[3] for row in issue_rows(sheet)]
    starting_with_equals = [cell for cell in texts if cell.value.startswith("=")]
    assert len(starting_with_equals) == 2
    assert all(cell.data_type == "s" for cell in starting_with_equals)
    assert all("\x07" not in cell.value for cell in texts)
    with zipfile.ZipFile(target) as zf:
        assert b"<f>" not in zf.read("xl/worksheets/sheet1.xml")
    calamine = python_calamine.CalamineWorkbook.from_path(str(target))
    assert calamine.get_sheet_by_name("Fejl").to_python()[0][0].startswith("=1+1.xlsx")
    assert openpyxl.load_workbook(target)["Forside"]["A2"].comment is not None


def test_not_an_xlsx_gives_none_and_writes_nothing(tmp_path):
    path = tmp_path / "in" / "svar.xlsx"
    path.parent.mkdir()
    path.write_text("kommune;årsværk\nAarhus;12\n", encoding="utf-8")
    [result] = validate_files([path])
    assert [issue.code for issue in result.issues] == ["not-xlsx"]
    assert write_annotated(result, tmp_path / "out", "da") is None
    assert not (tmp_path / "out").exists()


def test_missing_file_gives_none(tmp_path):
    [result] = validate_files([tmp_path / "findes-ikke.xlsx"])
    assert write_annotated(result, tmp_path / "out", "da") is None
    assert not (tmp_path / "out").exists()


@pytest.mark.libreoffice
def test_libreoffice_opens_annotated_copy(mistaken, tmp_path):
    from libreoffice import convert  # tests/libreoffice.py: private profile, full recalculation

    [result] = validate_files([mistaken])
    target = write_annotated(result, tmp_path / "out", "da")
    pdf = convert(target, "pdf", tmp_path / "pdf", timeout=120)
    assert pdf.is_file() and pdf.stat().st_size > 0
