"""The department (FTE allocation) template a head of department fills without a manual.

Each prefilled employee is recognisable (staff group and weekly hours beside the id, read-only); the
front page counts employees, not rows, with whole labels; no total adds up percentages; the print
area is what is filled, not a thousand empty rows.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
import python_calamine

from engine.benchmarks.jobcenter.prefill import write_department_templates
from engine.templates.layout import RECORD_FIRST_DATA_ROW, RECORD_HEADER_ROW, RECORD_TOTAL_ROW, record_col
from engine.validation.validate import validate_file
from jobcenter_helpers import FTE, truth, write_department, departments, write_staff
from libreoffice import convert, recalculation_mismatches

CODE = "450"
TEMPLATES = Path(__file__).resolve().parent.parent / "workbook_templates"
SHEET = FTE.sheet("allocation")


@pytest.fixture(scope="module")
def prefilled(tmp_path_factory):
    folder = tmp_path_factory.mktemp("department")
    written = write_department_templates(write_staff(folder, CODE), folder / "out", rows_per_employee=3)
    return written[0]


def _front_status(path: Path) -> dict[str, object]:
    front = python_calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Forside").to_python()
    return {row[0]: row[1] for row in front if row and isinstance(row[0], str) and row[0].startswith("Fordeling:")}


def test_each_prefilled_employee_shows_staff_group_and_hours_read_only(prefilled):
    ws = openpyxl.load_workbook(prefilled)["Fordeling"]
    headers = [cell.value for cell in ws[RECORD_HEADER_ROW + 1]]
    assert headers[:3] == ["Medarbejder-id", "Personalegruppe", "Timer pr. uge"]
    department = openpyxl.load_workbook(prefilled)["Forside"]["B7"].value
    staff = truth().staff
    listed = staff[(staff.municipality == CODE) & (staff.department == department)]
    group_label = {c.id: c.label.da for c in FTE.sheet("allocation").column("staff_group").choices}
    for index, employee in enumerate(listed.itertuples()):
        row = RECORD_FIRST_DATA_ROW + 1 + 3 * index
        assert ws.cell(row, 1).value == employee.employee_id
        assert ws.cell(row, 2).value == group_label[employee.staff_group]
        assert ws.cell(row, 3).value == employee.weekly_hours
        assert ws.cell(row, 2).protection.locked and ws.cell(row, 3).protection.locked
        assert not ws.cell(row, 4).protection.locked  # the target group is the head's to choose


def test_the_front_page_counts_employees_and_its_labels_fit(prefilled):
    employees = len({row[0] for row in _rows(prefilled)})
    status = _front_status(prefilled)
    assert status == {"Fordeling: medarbejdere": employees,
                      "Fordeling: medarbejdere, hvis andele ikke giver 100 %": employees}
    from printing import clipped_cells

    ws = openpyxl.load_workbook(prefilled)["Forside"]
    labels = [row[0] for row in ws.iter_rows() if isinstance(row[0].value, str) and row[0].value.startswith("Fordeling:")]
    assert labels and all(label.alignment.wrap_text for label in labels)  # wrapped, not cut at the next cell
    assert [problem for problem in clipped_cells(prefilled, headers_only=False) if "'Forside'!A" in problem] == []


def test_no_total_adds_up_percentages():
    ws = openpyxl.load_workbook(TEMPLATES / "jobcenter_fte.xlsx")["Fordeling"]
    share = ws.cell(RECORD_TOTAL_ROW + 1, record_col(SHEET, "share") + 1)
    assert share.value is None
    assert all(cell.value != "I alt" for cell in ws[RECORD_TOTAL_ROW + 1])


def test_the_print_area_is_what_is_filled(prefilled):
    employees = len({row[0] for row in _rows(prefilled)})
    last = openpyxl.load_workbook(prefilled)["Fordeling"].print_area
    last_row = int(last.split("$")[-1])
    assert RECORD_FIRST_DATA_ROW + 3 * employees <= last_row <= RECORD_FIRST_DATA_ROW + 3 * employees + 30
    blank = openpyxl.load_workbook(TEMPLATES / "jobcenter_fte.xlsx")["Fordeling"].print_area
    assert int(blank.split("$")[-1]) <= RECORD_FIRST_DATA_ROW + 40


@pytest.mark.libreoffice
def test_the_blank_template_prints_on_a_few_pages(tmp_path):
    from printing import pdf_pages

    # Front page, two of guidance (a heading never left at a page's foot), the allocation's first rows on two
    # landscape pages: not the 34 pages of empty rows it once printed.
    assert len(pdf_pages(convert(TEMPLATES / "jobcenter_fte.xlsx", "pdf", tmp_path))) <= 5


@pytest.mark.libreoffice
def test_the_employee_counts_recalculate_in_libreoffice(tmp_path):
    from jobcenter_helpers import department_values, rows_of

    values = department_values(CODE, departments(CODE)[0])
    first = values[("allocation", 0, "employee_id")]
    values[("allocation", rows_of(values, first)[0], "share")] += 10
    source = write_department(tmp_path, CODE, departments(CODE)[0], values)
    compared, mismatches, errors = recalculation_mismatches(source, tmp_path / "lo")
    assert mismatches == [] and errors == []
    recalculated = convert(source, "xlsx", tmp_path / "lo2")
    status = _front_status(recalculated)
    employees = len({v for k, v in values.items() if k[0] == "allocation" and k[2] == "employee_id"})
    assert status == {"Fordeling: medarbejdere": employees,
                      "Fordeling: medarbejdere, hvis andele ikke giver 100 %": 1}
    assert validate_file(source).valid is False  # the shares of one employee are 110 %


def _rows(path: Path) -> list[list]:
    grid = python_calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Fordeling").to_python()
    return [row for row in grid[RECORD_FIRST_DATA_ROW:] if row and row[0]]
