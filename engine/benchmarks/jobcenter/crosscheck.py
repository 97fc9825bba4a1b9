"""Checks across a municipality's jobcenter workbooks: the staff list against the departments' allocations.

Every listed employee must be allocated exactly once across the department templates, every allocated
employee must be in the staff list, every department must return its template, and each department's
allocated FTE must equal the staff list's. Findings are located in the workbook where they are best
fixed (an allocated employee unknown to the staff list: at the department template's row; a listed
employee nobody allocated: at the staff list's row) and name the other workbook involved.

The checks run on a neutral view of the workbooks (:class:`MunicipalityRound`), built either from
freshly validated files (``kommunebench validate``) or from a round's store (the round status), so
both report the same findings.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from engine.benchmarks.jobcenter.fields import fte, normalised
from engine.validation.issues import Issue
from engine.validation.submission import PARTICIPANT_SEPARATOR

STAFF, FTE, KONTO5 = "jobcenter_staff", "jobcenter_fte", "jobcenter_konto5"
FTE_TOLERANCE = 0.005  # FTE are compared to two decimals


@dataclass(frozen=True)
class Place:
    """A cell in a workbook."""

    file: str
    sheet: str | None = None
    cell: str | None = None


@dataclass(frozen=True)
class Employee:
    employee_id: str
    department: str
    fte: float
    place: Place  # the employee's id cell in the staff list


@dataclass
class Department:
    """One department template: where each employee (by normalised id) first occurs, and the id as typed."""

    name: str
    file: str
    place: Place  # the department cell on the front sheet
    places: dict[str, Place] = field(default_factory=dict)
    typed: dict[str, str] = field(default_factory=dict)


@dataclass
class MunicipalityRound:
    code: str
    staff_file: str | None = None
    employees: dict[str, Employee] = field(default_factory=dict)  # by normalised id
    departments: list[Department] = field(default_factory=list)
    konto5_file: str | None = None


def cross_issues(municipality: MunicipalityRound) -> list[Issue]:
    issues: list[Issue] = []
    departments = sorted(municipality.departments, key=lambda d: Path(d.file).name)
    if municipality.staff_file is None:
        for department in departments:
            issues.append(Issue("staff-list-missing", department.file, params={"municipality": municipality.code}))
        return issues
    staff_name = Path(municipality.staff_file).name
    listed: dict[str, list[Employee]] = defaultdict(list)
    for employee in municipality.employees.values():
        listed[normalised(employee.department)].append(employee)
    returned = {normalised(d.name) for d in departments}
    department_names = ", ".join(sorted({e.department for e in municipality.employees.values()}))
    claims: dict[str, list[Department]] = defaultdict(list)
    for department in departments:
        key = normalised(department.name)
        if key not in listed:
            issues.append(_at("department-not-in-staff-list", department.place, "department",
                              department=department.name, departments=department_names))
        for employee_key, place in department.places.items():
            employee = municipality.employees.get(employee_key)
            if employee is None:
                issues.append(_at("employee-not-in-staff-list", place, "employee_id", employee=department.typed[employee_key],
                                  staff_file=staff_name))
            else:
                claims[employee_key].append(department)
    allocated_by: dict[str, Department] = {}
    for employee_key, claimants in claims.items():
        employee = municipality.employees[employee_key]
        # The department the staff list names keeps the employee; any other claim is the extra one.
        owner = next((d for d in claimants if normalised(d.name) == normalised(employee.department)), claimants[0])
        allocated_by[employee_key] = owner
        for department in claimants:
            place = department.places[employee_key]
            if department is not owner:
                issues.append(_at("employee-allocated-twice", place, "employee_id", employee=employee.employee_id,
                                  other_file=Path(owner.file).name, other_department=owner.name))
            elif normalised(owner.name) != normalised(employee.department) and normalised(owner.name) in listed:
                issues.append(_at("employee-other-department", place, "employee_id", employee=employee.employee_id,
                                  department=owner.name, staff_department=employee.department))
    for department in departments:
        key = normalised(department.name)
        if key in listed:
            # Each employee counts with the FTE of the staff list, whatever their shares add up to:
            # shares that miss 100 % are their own finding, so only missing or extra employees show here.
            wanted = sum(e.fte for e in listed[key])
            got = sum(municipality.employees[k].fte for k in department.places if k in municipality.employees)
            if abs(wanted - got) > FTE_TOLERANCE:
                issues.append(_at("department-fte-mismatch", department.place, "department",
                                  department=department.name, allocated=round(got, 2), listed=round(wanted, 2)))
    for key, employees in listed.items():
        if key not in returned:
            first = min(employees, key=lambda e: _row(e.place))
            issues.append(_at("department-not-returned", first.place, "department", department=first.department,
                              employees=len(employees), fte=round(sum(e.fte for e in employees), 2)))
            continue
        for employee in employees:
            if normalised(employee.employee_id) not in allocated_by:
                issues.append(_at("employee-not-allocated", employee.place, "employee_id",
                                  employee=employee.employee_id, department=employee.department))
    return issues


def _at(code: str, place: Place, field_id: str, **params) -> Issue:
    return Issue(code, place.file, place.sheet, place.cell, field_id, params)


def _row(place: Place) -> int:
    from engine.workbook.cells import parse_ref

    return parse_ref(place.cell)[0] if place.cell else -1


# -- from validated files -----------------------------------------------------------------------------
def rounds_from_results(results: Sequence) -> dict[tuple[str, object], MunicipalityRound]:
    """(municipality, year) -> its workbooks, from :class:`engine.validate.FileResult` objects."""
    rounds: dict[tuple[str, object], MunicipalityRound] = {}
    for result in results:
        submission = result.submission
        if submission is None or not submission.domain.id.startswith("jobcenter_"):
            continue
        code = submission.form_value("municipality")
        if code is None:
            continue
        municipality = rounds.setdefault((code, submission.round_year), MunicipalityRound(code))
        if submission.domain.id == STAFF:
            if municipality.staff_file is not None:
                continue  # the same municipality twice is the batch's duplicate-participant finding
            municipality.staff_file = result.path
            for values in submission.tables.get("employees", {}).values():
                _add_employee(municipality, result.path, values)
        elif submission.domain.id == FTE:
            department = submission.form.get("department")
            if department is None or department.value is None:
                continue
            entry = Department(department.value, result.path, Place(result.path, department.sheet, department.ref))
            for values in sorted(submission.tables.get("allocation", {}).values(),
                                 key=lambda v: v["employee_id"].row):
                employee = values["employee_id"]
                _add_line(entry, employee.value, Place(result.path, employee.sheet, employee.ref))
            municipality.departments.append(entry)
        elif submission.domain.id == KONTO5:
            municipality.konto5_file = result.path
    return rounds


def _add_employee(municipality: MunicipalityRound, file: str, values: dict) -> None:
    hours, months, department = (values[f].value for f in ("weekly_hours", "months_employed", "department"))
    employee = values["employee_id"]
    if None in (hours, months, department, employee.value):
        return  # that row has its own finding
    municipality.employees[normalised(employee.value)] = Employee(
        employee.value, department, fte(hours, months), Place(file, employee.sheet, employee.ref))


def _add_line(department: Department, employee_id: str, place: Place) -> None:
    key = normalised(employee_id)
    department.places.setdefault(key, place)
    department.typed.setdefault(key, employee_id)


def check_results(results: Sequence) -> None:
    """Add the cross-workbook findings to the validated files they are located in."""
    by_path = {result.path: result for result in results}
    for municipality in rounds_from_results(results).values():
        for issue in cross_issues(municipality):
            by_path[issue.file].issues.append(issue)


# -- from the store -------------------------------------------------------------------------------------
def rounds_from_store(store, year: int) -> dict[str, MunicipalityRound]:
    """Municipality -> its current workbooks in the round ``year`` of the store."""
    rounds: dict[str, MunicipalityRound] = {}
    files = {domain: {row["participant"]: row["file_name"] for row in store.current_submissions(domain, year)}
             for domain in (STAFF, FTE, KONTO5)}
    for code, file_name in files[STAFF].items():
        rounds.setdefault(code, MunicipalityRound(code)).staff_file = file_name
    for code, file_name in files[KONTO5].items():
        rounds.setdefault(code, MunicipalityRound(code)).konto5_file = file_name
    staff_rows: dict[tuple[str, str], dict[str, tuple]] = defaultdict(dict)
    for participant, sheet_id, row_key, field_id, number, text, where in store.round_values(STAFF, year):
        if sheet_id == "employees":
            staff_rows[(participant, row_key)][field_id] = (number if number is not None else text, where)
    for (code, _), row in staff_rows.items():
        department, hours, months = (row.get(f, (None,))[0] for f in ("department", "weekly_hours", "months_employed"))
        employee_id, where = row["employee_id"]
        if None in (department, hours, months):
            continue
        rounds[code].employees[normalised(employee_id)] = Employee(
            employee_id, department, fte(hours, months), _place(files[STAFF][code], where))
    departments: dict[str, Department] = {}
    lines: dict[tuple[str, str], dict[str, tuple]] = defaultdict(dict)
    for participant, sheet_id, row_key, field_id, number, text, where in store.round_values(FTE, year):
        if sheet_id == "front" and field_id == "department":
            departments[participant] = Department(text, files[FTE][participant], _place(files[FTE][participant], where))
        elif sheet_id == "allocation":
            lines[(participant, row_key)][field_id] = (number if number is not None else text, where)
    for (participant, _), row in sorted(lines.items(), key=lambda item: _row_of(item[1]["employee_id"][1])):
        employee_id, where = row["employee_id"]
        _add_line(departments[participant], employee_id, _place(files[FTE][participant], where))
    for participant, department in departments.items():
        code = participant.split(PARTICIPANT_SEPARATOR, 1)[0]
        rounds.setdefault(code, MunicipalityRound(code)).departments.append(department)
    return rounds


def _place(file: str, where: str) -> Place:
    sheet, _, cell = where.rpartition("!")
    return Place(file, sheet[1:-1].replace("''", "'") if sheet.startswith("'") else sheet, cell)


def _row_of(where: str) -> int:
    from engine.workbook.cells import parse_ref

    return parse_ref(where.rpartition("!")[2])[0]


def store_cross_issues(store, year: int, codes: Iterable[str] | None = None) -> dict[str, list[Issue]]:
    """Municipality -> its cross-workbook findings in the stored round."""
    rounds = rounds_from_store(store, year)
    wanted = set(codes) if codes is not None else set(rounds)
    return {code: cross_issues(rounds[code]) for code in sorted(wanted) if code in rounds}
