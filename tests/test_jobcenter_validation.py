"""Jobcenter validation: each rule within a workbook and across a municipality's workbooks, located."""

from __future__ import annotations

from pathlib import Path

from conftest import edit, findings
from engine.workbook.cells import cell_ref
from engine.cli import main
from engine.templates.layout import RECORD_FIRST_DATA_ROW, record_col
from engine.validation.validate import validate_file, validate_files
from jobcenter_helpers import (
    FTE, STAFF, department_values, departments, konto5_values, rows_of, truth, write_department, write_konto5,
    write_municipality, write_staff,
)

CODE = "450"


def staff_ref(index: int, field_id: str) -> str:
    return cell_ref(RECORD_FIRST_DATA_ROW + index, record_col(STAFF.sheet("employees"), field_id))


def allocation_ref(index: int, field_id: str) -> str:
    return cell_ref(RECORD_FIRST_DATA_ROW + index, record_col(FTE.sheet("allocation"), field_id))


def by_file(results) -> dict[str, list]:
    return {Path(r.path).name: findings(r) for r in results}


# -- within one workbook ----------------------------------------------------------------------------------
def test_shares_not_adding_up_are_found_at_the_employees_first_row(tmp_path):
    values = department_values(CODE, departments(CODE)[0])
    employee = values[("allocation", 0, "employee_id")]
    last = rows_of(values, employee)[-1]
    values[("allocation", last, "share")] -= 5
    result = validate_file(write_department(tmp_path, CODE, departments(CODE)[0], values))
    assert findings(result) == [("employee-shares-not-100", "Fordeling", allocation_ref(0, "employee_total"))]
    assert "95" in result.issues[0].message("da") and employee in result.issues[0].message("en")


def test_a_share_above_100_and_an_unknown_task(tmp_path):
    path = write_department(tmp_path, CODE, departments(CODE)[0])
    edit(path, {("Fordeling", allocation_ref(1, "share")): 150, ("Fordeling", allocation_ref(2, "task")): "Kaffe"})
    codes = [(c, ref) for c, _, ref in findings(validate_file(path))]
    assert ("out-of-range", allocation_ref(1, "share")) in codes
    assert ("not-in-list", allocation_ref(2, "task")) in codes


def test_prefilled_rows_with_only_an_employee_id_are_unused_rows(tmp_path):
    values = department_values(CODE, departments(CODE)[0])
    spare = 1 + max(k[1] for k in values if k[0] == "allocation")
    values[("allocation", spare, "employee_id")] = values[("allocation", 0, "employee_id")]
    assert validate_file(write_department(tmp_path, CODE, departments(CODE)[0], values)).issues == []


def test_staff_list_rules(tmp_path):
    path = write_staff(tmp_path, CODE)
    edit(path, {("Medarbejdere", staff_ref(1, "employee_id")): "M0001",
                ("Medarbejdere", staff_ref(2, "weekly_hours")): -37,
                ("Medarbejdere", staff_ref(3, "salary_cost")): "ca. 500.000"})
    assert findings(validate_file(path)) == [
        ("row-duplicated", "Medarbejdere", staff_ref(1, "employee_id")),
        ("out-of-range", "Medarbejdere", staff_ref(2, "weekly_hours")),
        ("not-a-number", "Medarbejdere", staff_ref(3, "salary_cost"))]


def test_konto5_negative_amount_and_split_not_adding_up(tmp_path):
    values = konto5_values(CODE)
    values[("konto5", "kth_aktivitetsparat", "mentor")] = -1_000.0
    values[("konto5", "udh_uddannelsesparat", "ordinaer_uddannelse")] += 25_000
    result = validate_file(write_konto5(tmp_path, CODE, values))
    assert findings(result) == [("out-of-range", "Konto 5", "I9"), ("split-mismatch", "Konto 5", "H11")]  # 0 to MAX_AMOUNT
    split = result.issues[1]
    assert split.params["total_cell"] == "H10" and split.params["difference"] == -25_000
    assert "Uddannelseshjælp" in split.message("da")


def test_konto5_without_the_consultants_prefill_is_refused(tmp_path):
    values = {k: v for k, v in konto5_values(CODE).items() if k[0] == "front"}
    result = validate_file(write_konto5(tmp_path, CODE, values))
    given = [issue for issue in result.issues if issue.code == "given-missing"]
    assert len(given) == 10 and given[0].cell == "D6"  # one per accounting group


# -- across a municipality's workbooks --------------------------------------------------------------------------
def test_a_complete_municipality_has_no_findings(tmp_path):
    results = validate_files(write_municipality(tmp_path, CODE))
    assert all(r.issues == [] for r in results), by_file(results)


def test_employee_missing_from_the_allocation_is_found_in_the_staff_list(tmp_path):
    paths = write_municipality(tmp_path, CODE)
    first = departments(CODE)[0]
    values = department_values(CODE, first)
    employee = values[("allocation", 0, "employee_id")]
    kept = [i for i in range(1 + max(k[1] for k in values if k[0] == "allocation")) if i not in rows_of(values, employee)]
    moved = {("allocation", new, f): values[("allocation", old, f)] for new, old in enumerate(kept)
             for f in ("employee_id", "target_group", "task", "share")}
    write_department(tmp_path, CODE, first, {**{k: v for k, v in values.items() if k[0] == "front"}, **moved})
    results = by_file(validate_files(paths))
    staff_index = list(truth().staff.loc[truth().staff.municipality == CODE, "employee_id"]).index(employee)
    assert results[f"{CODE}_staff.xlsx"] == [("employee-not-allocated", "Medarbejdere", staff_ref(staff_index, "employee_id"))]
    assert results[paths[1].name] == [("department-fte-mismatch", "Forside", "B7")]


def test_employee_allocated_twice_names_the_other_workbook(tmp_path):
    paths = write_municipality(tmp_path, CODE)
    first, second = departments(CODE)[:2]
    values = department_values(CODE, first)
    borrowed = department_values(CODE, second)
    employee = borrowed[("allocation", 0, "employee_id")]
    start = 1 + max(k[1] for k in values if k[0] == "allocation")
    for offset, row in enumerate(rows_of(borrowed, employee)):
        for f in ("employee_id", "target_group", "task", "share"):
            values[("allocation", start + offset, f)] = borrowed[("allocation", row, f)]
    write_department(tmp_path, CODE, first, values)
    results = validate_files(paths)
    twice = next(i for r in results for i in r.issues if i.code == "employee-allocated-twice")
    assert (Path(twice.file).name, twice.sheet, twice.cell) == (paths[1].name, "Fordeling", allocation_ref(start, "employee_id"))
    assert twice.params["other_file"] == paths[2].name
    assert by_file(results)[paths[1].name] == [("department-fte-mismatch", "Forside", "B7"),
                                                ("employee-allocated-twice", "Fordeling", allocation_ref(start, "employee_id"))]


def test_unknown_employee_and_unknown_department(tmp_path):
    paths = write_municipality(tmp_path, CODE)
    edit(paths[1], {("Fordeling", allocation_ref(0, "employee_id")): "X999", ("Forside", "B7"): "Ydelsesteamet"})
    found = by_file(validate_files(paths))[paths[1].name]
    assert ("department-not-in-staff-list", "Forside", "B7") in found
    assert ("employee-not-in-staff-list", "Fordeling", allocation_ref(0, "employee_id")) in found


def test_a_department_that_did_not_return_its_template(tmp_path):
    paths = write_municipality(tmp_path, CODE)
    results = validate_files([p for p in paths if p != paths[3]])
    staff = truth().staff[truth().staff.municipality == CODE].reset_index(drop=True)
    index = staff.index[staff.department == departments(CODE)[2]][0]
    [issue] = next(r for r in results if r.path.endswith("_staff.xlsx")).issues
    assert (issue.code, issue.cell) == ("department-not-returned", staff_ref(index, "employee_id"))
    assert issue.params["employees"] == int((staff.department == departments(CODE)[2]).sum())


def test_allocations_without_a_staff_list(tmp_path):
    paths = write_municipality(tmp_path, CODE)
    results = validate_files(paths[1:])
    assert {i.code for r in results[:-1] for i in r.issues} == {"staff-list-missing"}
    # What could not be checked is a note, not an error: each department file is valid on its own.
    assert all(r.valid and r.warning_count == 0 for r in results)
    assert {i.severity for r in results for i in r.issues} == {"info"}


def test_a_lone_department_file_is_judged_alike_by_the_command_line_and_the_pane(tmp_path, capsys):
    from addin.service import check_in_memory

    department = write_municipality(tmp_path, CODE)[1]
    assert main(["validate", str(department), "--annotate", str(tmp_path / "annotated")]) == 0
    printed = capsys.readouterr().out
    assert printed.startswith("OK") and "staff-list-missing" in printed and "bemærkning" in printed
    assert not (tmp_path / "annotated").exists() or not list((tmp_path / "annotated").iterdir())
    pane = check_in_memory(department.read_bytes(), department.name, "da")
    assert pane["status"] == "valid" and pane["errors"] == 0
    assert [(i["code"], i["severity"]) for i in pane["issues"]] == [("staff-list-missing", "info")]


def test_validate_command_names_the_workbook_and_cell(tmp_path, capsys):
    paths = write_municipality(tmp_path, CODE)
    edit(paths[1], {("Fordeling", allocation_ref(0, "employee_id")): "X999"})
    assert main(["validate", *map(str, paths), "--lang", "en", "--annotate", str(tmp_path / "annotated")]) == 1
    printed = capsys.readouterr().out
    assert paths[1].name in printed and f"'Fordeling'!{allocation_ref(0, 'employee_id')}" in printed
    assert "X999 is allocated here but is not in the staff list" in printed
    assert (tmp_path / "annotated" / (paths[1].stem + ".annotated.xlsx")).exists()
