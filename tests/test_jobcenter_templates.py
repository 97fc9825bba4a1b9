"""The jobcenter templates: staff list, FTE allocation and konto 5, built and reopened, live checks in LibreOffice."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
import python_calamine

from conftest import edit, findings
from engine.benchmarks.jobcenter.codes import TOOLS
from engine.benchmarks.jobcenter.konto5 import konto5_rows
from engine.workbook.cells import cell_ref
from engine.templates.layout import (
    META_SHEET, RECORD_FIRST_DATA_ROW, TABLE_FIRST_DATA_ROW, record_col, table_field_col, table_split_col,
)
from engine.validation.validate import validate_file
from jobcenter_helpers import (
    FTE, KONTO5, STAFF, department_values, departments, konto5_values, rows_of, write_department, write_konto5,
    write_staff,
)
from libreoffice import convert, recalculation_mismatches

TEMPLATES = Path(__file__).resolve().parent.parent / "workbook_templates"
CODE = "450"


def _row(key: str) -> int:
    return TABLE_FIRST_DATA_ROW + [item.key for item in konto5_rows()].index(key)


def konto5_ref(key: str, tool: str) -> str:
    return cell_ref(_row(key), table_field_col(KONTO5.sheet("konto5"), tool))


def allocation_ref(index: int, field_id: str) -> str:
    return cell_ref(RECORD_FIRST_DATA_ROW + index, record_col(FTE.sheet("allocation"), field_id))


@pytest.mark.parametrize("domain", [STAFF, FTE, KONTO5], ids=lambda d: d.id)
def test_sheets_marker_and_protection(domain):
    for lang in ("da", "en"):
        name = f"{domain.id}.xlsx" if lang == "da" else f"{domain.id}_{lang}.xlsx"
        book = openpyxl.load_workbook(TEMPLATES / name)
        assert book.sheetnames == [domain.sheets[0].name(lang), "Vejledning" if lang == "da" else "Instructions",
                                   *(s.name(lang) for s in domain.sheets[1:]), META_SHEET]
        meta = {row[0].value: row[1].value for row in book[META_SHEET].iter_rows(max_col=2)}
        assert (meta["template_id"], meta["template_version"], meta["language"]) == (domain.id, domain.template_version, lang)
        for sheet in domain.sheets:
            ws = book[sheet.name(lang)]
            assert ws.protection.sheet and not ws.protection.password
            assert ws.oddFooter.left.text == f"{domain.id} {domain.template_version}"
            assert ws.page_setup.paperSize == 9


@pytest.mark.parametrize("domain,sheet_id,rows", [(STAFF, "employees", (0, 1499)), (FTE, "allocation", (0, 999))],
                         ids=["staff", "fte"])
def test_every_record_input_is_unlocked_with_an_input_message(domain, sheet_id, rows):
    sheet = domain.sheet(sheet_id)
    ws = openpyxl.load_workbook(TEMPLATES / f"{domain.id}.xlsx")[sheet.name("da")]
    for field in sheet.input_columns:  # info columns (an employee's staff group) are read-only
        for index in rows:
            ref = cell_ref(RECORD_FIRST_DATA_ROW + index, record_col(sheet, field.id))
            assert ws[ref].protection.locked is False, ref
            [dv] = [dv for dv in ws.data_validations.dataValidation if ref in dv.sqref]
            assert dv.showInputMessage and dv.prompt and dv.showErrorMessage and dv.error, ref
    staff_group = ws[cell_ref(RECORD_FIRST_DATA_ROW, 0)]
    assert staff_group.protection.locked is False


def test_staff_group_and_target_group_are_drop_downs():
    ws = openpyxl.load_workbook(TEMPLATES / "jobcenter_fte.xlsx")["Fordeling"]
    ref = allocation_ref(0, "target_group")
    [dv] = [dv for dv in ws.data_validations.dataValidation if ref in dv.sqref]
    assert dv.type == "list" and META_SHEET in dv.formula1  # 13 long labels live on the hidden sheet
    share = allocation_ref(0, "share")
    [dv] = [dv for dv in ws.data_validations.dataValidation if share in dv.sqref]
    assert (dv.type, dv.formula1, dv.formula2) == ("decimal", "0", "100")


def test_konto5_given_rows_are_locked_and_parts_are_inputs():
    ws = openpyxl.load_workbook(TEMPLATES / "jobcenter_konto5.xlsx")["Konto 5"]
    for tool in TOOLS:
        assert ws[konto5_ref("kontanthjaelp", tool.code)].protection.locked is True
        assert ws[konto5_ref("dagpenge", tool.code)].protection.locked is True
        assert ws[konto5_ref("kth_jobparat", tool.code)].protection.locked is False
        assert ws[konto5_ref("udh_aktivitetsparat", tool.code)].protection.locked is False
    difference = cell_ref(_row("kontanthjaelp"), table_split_col(KONTO5.sheet("konto5")))
    assert ws[difference].value.startswith("=SUMPRODUCT(ABS(")
    assert ws[cell_ref(_row("dagpenge"), table_split_col(KONTO5.sheet("konto5")))].value is None


def test_filled_workbooks_from_the_truth_are_valid(tmp_path):
    for path in (write_staff(tmp_path, CODE), write_department(tmp_path, CODE, departments(CODE)[0]),
                 write_konto5(tmp_path, CODE)):
        result = validate_file(path)
        assert result.issues == [], (path.name, findings(result))


@pytest.mark.libreoffice
def test_allocation_live_checks_recalculate_in_libreoffice(tmp_path):
    values = department_values(CODE, departments(CODE)[0])
    first = values[("allocation", 0, "employee_id")]
    values[("allocation", rows_of(values, first)[0], "share")] += 10
    source = write_department(tmp_path, CODE, departments(CODE)[0], values)
    compared, mismatches, errors = recalculation_mismatches(source, tmp_path / "lo")
    assert compared > 1000 and mismatches == [] and errors == []
    recalculated = python_calamine.CalamineWorkbook.from_path(str(convert(source, "xlsx", tmp_path / "lo2")))
    grid = recalculated.get_sheet_by_name("Fordeling").to_python(skip_empty_area=False)
    total_col = record_col(FTE.sheet("allocation"), "employee_total")
    for row in rows_of(values, first):
        assert grid[RECORD_FIRST_DATA_ROW + row][total_col] == pytest.approx(110)
    second = rows_of(values, values[("allocation", len(rows_of(values, first)), "employee_id")])
    assert grid[RECORD_FIRST_DATA_ROW + second[0]][total_col] == pytest.approx(100)
    front = recalculated.get_sheet_by_name("Forside").to_python(skip_empty_area=False)
    status = {row[0]: row[1] for row in front if row and isinstance(row[0], str) and ": " in row[0]}
    assert status["Fordeling: medarbejdere, hvis andele ikke giver 100 %"] == 1


@pytest.mark.libreoffice
def test_konto5_split_checks_recalculate_in_libreoffice(tmp_path):
    values = konto5_values(CODE)
    values[("konto5", "kth_jobparat", "mentor")] += 5_000
    source = write_konto5(tmp_path, CODE, values)
    compared, mismatches, errors = recalculation_mismatches(source, tmp_path / "lo")
    assert compared >= 3 and mismatches == [] and errors == []
    recalculated = python_calamine.CalamineWorkbook.from_path(str(convert(source, "xlsx", tmp_path / "lo2")))
    grid = recalculated.get_sheet_by_name("Konto 5").to_python(skip_empty_area=False)
    col = table_split_col(KONTO5.sheet("konto5"))
    assert grid[_row("kontanthjaelp")][col] == pytest.approx(5_000)
    assert grid[_row("uddannelseshjaelp")][col] == 0
    assert grid[3][3] == 1  # 'Opdelinger, der ikke stemmer' D4
    front = recalculated.get_sheet_by_name("Forside").to_python(skip_empty_area=False)
    status = {row[0]: row[1] for row in front if row and isinstance(row[0], str) and ": " in row[0]}
    assert status["Konto 5: opdelinger, der ikke stemmer"] == 1


@pytest.mark.libreoffice
def test_staff_list_saved_by_libreoffice_validates_the_same(tmp_path):
    source = edit(write_staff(tmp_path, CODE), {("Medarbejdere", "E6"): 13, ("Medarbejdere", "D7"): "Pedel"})
    saved = convert(source, "xlsx", tmp_path / "lo")
    assert findings(validate_file(saved)) == findings(validate_file(source)) == [
        ("out-of-range", "Medarbejdere", "E6"), ("not-in-list", "Medarbejdere", "D7")]


@pytest.mark.libreoffice
def test_templates_open_in_libreoffice(tmp_path):
    for name in ("jobcenter_fte.xlsx", "jobcenter_konto5_en.xlsx"):
        pdf = convert(TEMPLATES / name, "pdf", tmp_path)
        assert pdf.read_bytes().startswith(b"%PDF")
