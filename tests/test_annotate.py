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
from openpyxl.comments import Comment
from openpyxl.styles import PatternFill

from engine.benchmarks import get_domain
from engine.spec import FormSheet
from engine.templates.layout import META_SHEET
from engine.templates.writer import INPUT_FILL, write_template
from engine.validation.annotate import RECORD_HEADER, write_annotated
from engine.validation.issues import Issue
from engine.validation.validate import FileResult, validate_files
from engine.workbook.cells import location

RED, YELLOW = "FFC7CE", "F4B084"  # YELLOW: the warning fill (orange since it must differ from input cells)
INPUT_RGB = INPUT_FILL.lstrip("#").upper()
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


def headers(sheet) -> list:
    """The visible table's header row (hidden columns to its right hold the record for the next run)."""
    return [cell.value for cell in sheet[HEADER_ROW][:5]]


def data_cells(book):
    """Every cell of the workbook's sheets except the issues sheet."""
    for ws in book.worksheets:
        if ws.title not in ("Fejl", "Issues"):
            for row in ws.iter_rows():
                yield from row


def marked(book) -> dict[tuple[str, str], str]:
    """(sheet, ref) -> RED or YELLOW for every cell carrying one of the marker fills."""
    return {(cell.parent.title, cell.coordinate): cell.fill.fgColor.rgb[-6:] for cell in data_cells(book)
            if cell.fill.fill_type == "solid" and cell.fill.fgColor.type == "rgb"
            and cell.fill.fgColor.rgb[-6:] in (RED, YELLOW)}


def comments(book) -> dict[tuple[str, str], tuple[str, str]]:
    return {(cell.parent.title, cell.coordinate): (cell.comment.author, cell.comment.text)
            for cell in data_cells(book) if cell.comment is not None}


def looks(book) -> dict:
    """What annotating may change on a cell: fill, font and comment (StyleProxy has no value equality)."""
    return {(cell.parent.title, cell.coordinate): (repr(cell.fill), repr(cell.font),
                                                   cell.comment and (cell.comment.author, cell.comment.text))
            for cell in data_cells(book)}


def sheet_values(ws) -> list[tuple]:
    return list(ws.iter_rows(values_only=True))


def has_input_fill(cell) -> bool:
    return cell.fill.fill_type == "solid" and cell.fill.fgColor.rgb[-6:] == INPUT_RGB


def add_comments(path: Path, notes: dict) -> Path:
    """Notes people wrote themselves, keyed by (sheet, ref) -> (author, text)."""
    book = openpyxl.load_workbook(path)
    for (sheet, ref), (author, text) in notes.items():
        book[sheet][ref].comment = Comment(text, author)
    book.save(path)
    return path


def returned(annotated: Path, path: Path, edits: dict | None = None, remove: tuple[str, ...] = ()) -> Path:
    """The annotated copy as it comes back: cells fixed in place (and sheets deleted), saved as ``path``."""
    book = openpyxl.load_workbook(annotated)
    for (sheet, ref), value in (edits or {}).items():
        book[sheet][ref].value = value
    for name in remove:
        del book[name]
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


def annotate(path: Path, out_dir: Path, lang: str = "da") -> tuple[FileResult, Path]:
    [result] = validate_files([path])
    return result, write_annotated(result, out_dir, lang)


def clean_values(tmp_path: Path, cells) -> dict:
    """The valid values of ``cells``, i.e. what fixing them means."""
    book = openpyxl.load_workbook(make_workbook(tmp_path / "clean" / "aarhus.xlsx"))
    return {(sheet, ref): book[sheet][ref].value for sheet, ref in cells}


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

    assert headers(sheet) == ["Alvor", "Kode", "Placering", "Besked", "Sådan retter du"]
    assert sheet.column_dimensions["G"].hidden and sheet["G4"].value == RECORD_HEADER[0]
    assert all(c.font.b for c in sheet[HEADER_ROW][:5])
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
    assert headers(book["Issues"]) == ["Severity", "Code", "Location", "Message", "How to fix"]
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
    first = write_annotated(result, tmp_path / "out", "da")
    annotated = openpyxl.load_workbook(first)
    assert annotated.sheetnames[0] == "Fejl (3)" and "Fejl" in annotated.sheetnames

    # Annotated again, only our sheet is replaced: the sheets named like it by someone else stay.
    _, second = annotate(returned(first, tmp_path / "returned" / "aarhus.xlsx"), tmp_path / "round2")
    assert openpyxl.load_workbook(second).sheetnames == annotated.sheetnames


def test_annotated_copy_validates_like_the_original(mistaken, tmp_path):
    [result] = validate_files([mistaken])
    [again] = validate_files([write_annotated(result, tmp_path / "out", "da")])
    assert located(again) == located(result)


def test_annotating_a_returned_copy_again_changes_nothing(mistaken, tmp_path):
    """Idempotent: an unchanged annotated copy, annotated again, is the same copy."""
    result, first = annotate(mistaken, tmp_path / "round1")
    again, second = annotate(returned(first, tmp_path / "returned" / "aarhus.xlsx"), tmp_path / "round2")

    assert located(again) == located(result)
    assert all(issue.sheet not in ("Fejl", "Issues") for issue in again.issues)  # our sheet is not data
    book1, book2 = openpyxl.load_workbook(first), openpyxl.load_workbook(second)
    assert book2.sheetnames == book1.sheetnames
    assert looks(book2) == looks(book1)
    assert sheet_values(book2["Fejl"]) == sheet_values(book1["Fejl"])
    [(_, text)] = [comments(book2)[("Økonomi", "D6")]]
    assert text.count("(out-of-range)") == 1


def test_reannotating_a_fixed_copy_marks_only_what_is_left(tmp_path):
    """A department head fixes two of three cells in the annotated copy and sends it back."""
    mistakes = {("Økonomi", "D6"): 7, ("Løn og personale", "G10"): "mange", ("Forside", "B6"): None}
    fixed = [("Økonomi", "D6"), ("Forside", "B6")]
    notes = {("Forside", "B7"): ("Anne Jensen", "Tallet er fra budgettet"),  # an unrelated cell
             ("Økonomi", "D6"): ("Anne Jensen", "Skøn fra lønkontoret")}  # a cell that will be marked
    source = add_comments(make_workbook(tmp_path / "in" / "aarhus.xlsx", mistakes), notes)
    result, first = annotate(source, tmp_path / "round1")
    assert {(sheet, ref) for _, sheet, ref in located(result)} == set(mistakes)
    book1 = openpyxl.load_workbook(first)
    author, text = comments(book1)[("Økonomi", "D6")]
    assert author == "Anne Jensen" and text.startswith("Skøn fra lønkontoret\n\n") and "(out-of-range)" in text
    assert comments(book1)[("Forside", "B7")] == notes[("Forside", "B7")]

    back = returned(first, tmp_path / "returned" / "aarhus.xlsx", clean_values(tmp_path, fixed))
    again, second = annotate(back, tmp_path / "round2")

    assert located(again) == {("not-a-number", "Løn og personale", "G10")}
    book = openpyxl.load_workbook(second)
    assert book.sheetnames == ["Fejl"] + openpyxl.load_workbook(source).sheetnames
    assert len(issue_rows(book["Fejl"])) == 1
    assert marked(book) == {("Løn og personale", "G10"): RED}
    found = comments(book)
    author, text = found[("Løn og personale", "G10")]
    assert author == "kommunebench" and "(not-a-number)" in text
    assert found == {**notes, ("Løn og personale", "G10"): (author, text)}  # people's notes as they wrote them
    assert all(has_input_fill(book[sheet][ref]) for sheet, ref in fixed)

    # Exactly what a first annotation of the corrected workbook gives.
    corrected = add_comments(make_workbook(tmp_path / "fresh" / "aarhus.xlsx", {("Løn og personale", "G10"): "mange"}),
                             notes)
    _, fresh = annotate(corrected, tmp_path / "fresh_out")
    fresh_book = openpyxl.load_workbook(fresh)
    assert book.sheetnames == fresh_book.sheetnames
    assert looks(book) == looks(fresh_book)
    assert sheet_values(book["Fejl"]) == sheet_values(fresh_book["Fejl"])


def test_fixed_header_gets_the_template_look_back(tmp_path):
    """A header cell is not an input: its dark fill and white text come back from the record."""
    path = make_workbook(tmp_path / "in" / "aarhus.xlsx", {("Økonomi", "D5"): "Centralisering"})
    template = openpyxl.load_workbook(make_workbook(tmp_path / "clean" / "aarhus.xlsx"))["Økonomi"]["D5"]
    result, first = annotate(path, tmp_path / "round1")
    assert ("header-changed", "Økonomi", "D5") in located(result)
    cell = openpyxl.load_workbook(first)["Økonomi"]["D5"]
    assert cell.fill.fgColor.rgb[-6:] == RED and repr(cell.font) != repr(template.font)

    back = returned(first, tmp_path / "returned" / "aarhus.xlsx", {("Økonomi", "D5"): template.value})
    again, second = annotate(back, tmp_path / "round2")
    assert again.issues == []
    cell = openpyxl.load_workbook(second)["Økonomi"]["D5"]
    assert (repr(cell.fill), repr(cell.font), cell.comment) == (repr(template.fill), repr(template.font), None)


def test_without_the_issue_sheet_fixed_inputs_get_the_input_fill(mistaken, tmp_path):
    """The record went with the deleted issues sheet; our comments still tell which cells were marked."""
    fixed = [("Økonomi", "D6"), ("Forside", "B6")]
    _, first = annotate(mistaken, tmp_path / "round1")
    back = returned(first, tmp_path / "returned" / "aarhus.xlsx", clean_values(tmp_path, fixed), remove=("Fejl",))
    again, second = annotate(back, tmp_path / "round2")

    book = openpyxl.load_workbook(second)
    assert [name for name in book.sheetnames if name.startswith("Fejl")] == ["Fejl"]
    assert set(marked(book)) == {(sheet, ref) for _, sheet, ref in located(again)}
    assert set(comments(book)) == set(marked(book))
    assert all(has_input_fill(book[sheet][ref]) for sheet, ref in fixed)


def test_cells_marked_by_someone_else_are_left_alone(mistaken, tmp_path):
    """Our colour on a cell we never marked, or someone's colour on a cell we did: neither is ours to undo."""
    book = openpyxl.load_workbook(mistaken)
    book["Forside"]["B7"].fill = PatternFill("solid", fgColor="FF" + RED)
    book.save(mistaken)
    _, first = annotate(mistaken, tmp_path / "round1")
    green = PatternFill("solid", fgColor="FFC6EFCE")
    annotated = openpyxl.load_workbook(first)
    annotated["Økonomi"]["D6"].fill = green
    annotated["Økonomi"]["D6"].value = clean_values(tmp_path, [("Økonomi", "D6")])[("Økonomi", "D6")]
    annotated.save(tmp_path / "returned.xlsx")

    _, second = annotate(tmp_path / "returned.xlsx", tmp_path / "round2")
    book = openpyxl.load_workbook(second)
    assert book["Forside"]["B7"].fill.fgColor.rgb[-6:] == RED and book["Forside"]["B7"].comment is None
    assert book["Økonomi"]["D6"].fill.fgColor.rgb == "FFC6EFCE" and book["Økonomi"]["D6"].comment is None


def test_marker_text_typed_into_a_data_sheet_does_not_remove_it(mistaken, tmp_path):
    book = openpyxl.load_workbook(mistaken)
    book["Økonomi"]["Z1"] = RECORD_HEADER[0]
    book.save(mistaken)
    _, target = annotate(mistaken, tmp_path / "out")
    assert openpyxl.load_workbook(target).sheetnames[1:] == openpyxl.load_workbook(mistaken).sheetnames


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


@pytest.mark.libreoffice
def test_copy_saved_by_libreoffice_is_annotated_afresh(mistaken, tmp_path):
    """LibreOffice keeps the hidden record and our notes' text, but saves notes without their authors."""
    from libreoffice import convert

    add_comments(mistaken, {("Økonomi", "D6"): ("Anne Jensen", "Skøn fra lønkontoret")})
    _, first = annotate(mistaken, tmp_path / "round1")
    saved = convert(first, "xlsx", tmp_path / "lo", timeout=120)
    fixed = clean_values(tmp_path, [("Økonomi", "D6")])
    again, second = annotate(returned(saved, tmp_path / "returned" / "aarhus.xlsx", fixed), tmp_path / "round2")

    book = openpyxl.load_workbook(second)
    assert [name for name in book.sheetnames if name.startswith("Fejl")] == ["Fejl"]
    assert set(marked(book)) == {(sheet, ref) for _, sheet, ref in located(again)}
    assert ("Økonomi", "D6") not in marked(book) and has_input_fill(book["Økonomi"]["D6"])
    assert book["Økonomi"]["D6"].comment.text == "Skøn fra lønkontoret"
    assert all(text.count("kommunebench:") == 1 for _, text in comments(book).values() if "kommunebench" in text)


def test_annotating_a_copy_in_the_output_folder_never_overwrites_it(tmp_path):
    from engine.validation.annotate import annotated_path

    source = tmp_path / "rettelser" / "aarhus.annotated.xlsx"
    assert annotated_path(source, tmp_path / "rettelser") != source


def test_warning_fill_is_clearly_distinct_from_input_cells_and_errors():
    from engine.validation.annotate import FILL
    from engine.templates.writer import INPUT_FILL

    def rgb(colour: str) -> tuple[int, ...]:
        colour = colour.lstrip("#")[-6:]
        return tuple(int(colour[i:i + 2], 16) for i in (0, 2, 4))

    def distance(a: str, b: str) -> float:
        return sum((x - y) ** 2 for x, y in zip(rgb(a), rgb(b))) ** 0.5

    # The old warning yellow (FFEB9C) was 49 from the input yellow: nearly the same to the eye.
    assert distance(FILL["warning"], INPUT_FILL) > 90
    assert distance(FILL["warning"], FILL["error"]) > 70


def test_validate_annotates_only_the_files_with_something_to_correct(filled, tmp_path, capsys):
    from conftest import edit
    from engine.cli import main

    # Another municipality: two files of one participant in a batch would give the earlier one a finding too.
    broken = edit(filled, {("Økonomi", "D6"): 9, ("Forside", "B5"): "Odense"}, tmp_path / "odense_fejl.xlsx")
    out = tmp_path / "rettelser"
    assert main(["validate", str(filled), str(broken), "--annotate", str(out)]) == 1
    assert sorted(p.name for p in out.iterdir()) == ["odense_fejl.annotated.xlsx"]
    printed = capsys.readouterr().out
    assert printed.count("Kommenteret kopi:") == 1
