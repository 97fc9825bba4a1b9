"""The generated template: up to date, Excel-native help present, and accepted by LibreOffice."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pytest
import python_calamine

from conftest import input_ref, valid_values, write_filled
from engine.benchmarks import DOMAIN_IDS, get_domain
from engine.spec import FormSheet
from engine.templates.layout import META_SHEET
from engine.templates.writer import template_filename, write_template
from libreoffice import convert

TEMPLATES = Path(__file__).resolve().parent.parent / "workbook_templates"


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


@pytest.mark.parametrize("lang", ["da", "en"])
@pytest.mark.parametrize("domain_id", DOMAIN_IDS)
def test_committed_template_is_up_to_date(domain_id, tmp_path, lang):
    domain = get_domain(domain_id)
    committed = TEMPLATES / template_filename(domain, lang)
    fresh = write_template(domain, tmp_path / committed.name, lang)
    build = f"kommunebench templates build --domain {domain_id} --lang all"
    assert committed.exists(), f"run: {build}"
    assert _parts(committed) == _parts(fresh), f"{committed} is stale: run {build}"


def test_sheets_order_and_hidden_marker(domain):
    book = openpyxl.load_workbook(TEMPLATES / "administration.xlsx")
    assert book.sheetnames == ["Forside", "Vejledning", "Økonomi", "Løn og personale", META_SHEET]
    assert book[META_SHEET].sheet_state == "hidden"
    meta = {row[0].value: row[1].value for row in book[META_SHEET].iter_rows(max_col=2)}
    assert meta["template_id"] == "administration"
    assert meta["template_version"] == domain.template_version
    assert meta["language"] == "da"
    english = openpyxl.load_workbook(TEMPLATES / "administration_en.xlsx")
    assert english.sheetnames == ["Front", "Instructions", "Finance", "HR and payroll", META_SHEET]


def test_every_input_cell_is_unlocked_and_validated(domain):
    book = openpyxl.load_workbook(TEMPLATES / "administration.xlsx")
    for sheet in domain.sheets:
        ws = book[sheet.name("da")]
        assert ws.protection.sheet, f"{ws.title} is not protected"
        assert not ws.protection.password, "the template documents that it has no password"
        fields = sheet.fields if isinstance(sheet, FormSheet) else sheet.columns
        keys = [None] if isinstance(sheet, FormSheet) else [sheet.rows[0].key, sheet.rows[-1].key]
        for field in fields:
            for key in keys:
                name, ref = input_ref(domain, sheet.id, field.id, key)
                cell = ws[ref]
                assert cell.protection.locked is False, f"{name}!{ref} ({field.id}) is locked"
                validations = [dv for dv in ws.data_validations.dataValidation if ref in dv.sqref]
                assert len(validations) == 1, f"{name}!{ref} ({field.id}) has {len(validations)} validations"
                dv = validations[0]
                assert dv.showInputMessage and dv.prompt, f"{name}!{ref} has no input message"
                assert dv.showErrorMessage and dv.error, f"{name}!{ref} has no error alert"
        # Labels and keys are locked (openpyxl reports the default protection as locked).
        assert ws["A1"].protection.locked is True


def test_scales_are_enforced_by_excel_validation(domain):
    book = openpyxl.load_workbook(TEMPLATES / "administration.xlsx")
    ws = book["Økonomi"]
    _, ref = input_ref(domain, "finance", "centralisation", "FIN-001")
    dv = next(dv for dv in ws.data_validations.dataValidation if ref in dv.sqref)
    assert (dv.type, dv.formula1, dv.formula2) == ("whole", "0", "3")
    assert dv.operator in (None, "between")  # "between" is the default and may be omitted
    _, ref = input_ref(domain, "finance", "digital_process", "FIN-001")
    dv = next(dv for dv in ws.data_validations.dataValidation if ref in dv.sqref)
    assert (dv.type, dv.formula1, dv.formula2) == ("decimal", "0", "1")
    front = book["Forside"]
    _, ref = input_ref(domain, "front", "municipality")
    dv = next(dv for dv in front.data_validations.dataValidation if ref in dv.sqref)
    assert dv.type == "list" and META_SHEET in dv.formula1  # 98 names do not fit an inline list


def test_frozen_panes_filter_and_print_setup():
    book = openpyxl.load_workbook(TEMPLATES / "administration.xlsx")
    ws = book["Økonomi"]
    assert ws.freeze_panes == "D6"
    assert ws.auto_filter.ref == "A5:H145"
    assert ws.print_title_rows == "$5:$5"
    assert ws.page_setup.orientation == "landscape" and ws.sheet_properties.pageSetUpPr.fitToPage
    assert book["Løn og personale"].auto_filter.ref == "A5:H165"


@pytest.mark.libreoffice
def test_template_opens_in_libreoffice(tmp_path):
    pdf = convert(TEMPLATES / "administration.xlsx", "pdf", tmp_path)
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 10_000


@pytest.mark.libreoffice
def test_live_check_cells_recalculate_in_libreoffice(domain, tmp_path):
    values = valid_values(seed=3)
    blank_fte = [("finance", "FIN-002"), ("finance", "FIN-140"), ("hr", "HR-007")]
    for sheet_id, key in blank_fte:
        del values[(sheet_id, key, "fte")]
    source = write_filled(tmp_path / "filled.xlsx", values)
    recalculated = convert(source, "xlsx", tmp_path / "lo")
    book = python_calamine.CalamineWorkbook.from_path(str(recalculated))
    for sheet_id, unanswered in (("finance", 2), ("hr", 1)):
        sheet = domain.sheet(sheet_id)
        grid = book.get_sheet_by_name(sheet.name("da")).to_python(skip_empty_area=False)
        expected_total = sum(values.get((sheet_id, item.key, "fte"), 0) for item in sheet.rows)
        assert grid[2][3] == unanswered  # 'Ubesvarede rækker' check cell D3
        assert grid[3][6] == pytest.approx(expected_total, rel=1e-9)  # FTE total G4
    front = book.get_sheet_by_name("Forside").to_python(skip_empty_area=False)
    status = {row[0]: row[1] for row in front if row and isinstance(row[0], str) and ": " in row[0]}
    assert status["Økonomi: ubesvarede rækker"] == 2
    assert status["Løn og personale: ubesvarede rækker"] == 1


@pytest.mark.libreoffice
def test_workbook_saved_by_libreoffice_validates_the_same(tmp_path):
    """A municipality that fills the template in LibreOffice and saves it must get the same findings."""
    from conftest import edit, findings
    from engine.validation.validate import validate_file

    source = edit(write_filled(tmp_path / "filled.xlsx"), {("Økonomi", "D6"): 5, ("Forside", "B6"): None})
    saved = convert(source, "xlsx", tmp_path / "lo")
    assert findings(validate_file(saved)) == findings(validate_file(source)) == [
        ("required-missing", "Forside", "B6"), ("out-of-range", "Økonomi", "D6")]


@pytest.mark.parametrize("domain_id", DOMAIN_IDS)
def test_no_column_header_wraps_in_the_middle_of_a_word(domain_id):
    """A bold header character is about one width unit; a word needs its length plus the cell padding."""
    from engine.spec import RecordSheet, TableSheet

    for sheet in get_domain(domain_id).sheets:
        if isinstance(sheet, TableSheet):
            columns = [(c.label, c.width) for c in sheet.columns]
        elif isinstance(sheet, RecordSheet):
            columns = [(c.label, c.width) for c in (*sheet.columns, *sheet.sums)]
        else:
            continue
        for label, width in columns:
            for lang in ("da", "en"):
                longest = max(label(lang).split(), key=len)
                assert len(longest) + 1 <= width, f"{sheet.id}: '{longest}' wraps in a column {width} wide"


def test_digital_process_and_solution_have_their_own_scales():
    book = openpyxl.load_workbook(TEMPLATES / "administration.xlsx")
    text = "\n".join(str(c.value) for row in book["Vejledning"].iter_rows() for c in row if c.value)
    process = text.split("Digital proces (0-1)")[1].split("Digital løsning (0-1)")[0]
    solution = text.split("Digital løsning (0-1)")[1].split("Årsværk")[0]
    scale_lines = [[line for line in part.splitlines() if line[:1].isdigit()] for part in (process, solution)]
    assert len(scale_lines[0]) == len(scale_lines[1]) == 3
    assert not set(scale_lines[0]) & set(scale_lines[1]), "the two digital scales read the same"


def test_instructions_name_the_check_cells_as_the_sheets_do():
    for domain_id in DOMAIN_IDS:
        book = openpyxl.load_workbook(TEMPLATES / template_filename(get_domain(domain_id), "da"))
        instructions = "\n".join(str(c.value) for row in book["Vejledning"].iter_rows() for c in row if c.value)
        for quoted in ("Ubesvarede processer",):
            assert quoted not in instructions
        sheets_text = {str(c.value) for ws in book.worksheets if ws.title != "Vejledning"
                       for row in ws.iter_rows(max_row=5) for c in row if isinstance(c.value, str)}
        if "'Ubesvarede rækker'" in instructions:
            assert any(value.startswith("Ubesvarede rækker") for value in sheets_text)


def test_year_alerts_and_messages_have_no_thousands_separator():
    book = openpyxl.load_workbook(TEMPLATES / "administration.xlsx")
    front = book["Forside"]
    _, ref = input_ref(get_domain("administration"), "front", "year")
    dv = next(dv for dv in front.data_validations.dataValidation if ref in dv.sqref)
    assert "2015" in dv.error and "2040" in dv.error and "2.015" not in dv.error
