"""A small synthetic jobcenter round written as real workbooks, shared by the jobcenter tests."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from engine.benchmarks.jobcenter import workbook_values as values_of
from engine.benchmarks.jobcenter.synthetic import draw_round
from engine.benchmarks import get_domain
from engine.templates.writer import slug, write_template

YEAR = 2026
STAFF, FTE, KONTO5 = (get_domain(d) for d in ("jobcenter_staff", "jobcenter_fte", "jobcenter_konto5"))


@cache
def truth():
    """Two municipalities (450 Nyborg, 665 Lemvig) with three departments each, and the 98-row register."""
    return draw_round(seed=5, participants=2, year=YEAR)


def departments(code: str) -> list[str]:
    allocation = truth().allocation
    return list(dict.fromkeys(allocation.loc[allocation.municipality == code, "department"]))


def write_staff(folder: Path, code: str, values: dict | None = None) -> Path:
    return write_template(STAFF, folder / f"{code}_staff.xlsx", "da",
                          values or values_of.staff_values(truth().staff, code, YEAR))


def department_values(code: str, department: str) -> dict:
    return values_of.allocation_values(truth().allocation, code, department, YEAR)


def write_department(folder: Path, code: str, department: str, values: dict | None = None) -> Path:
    return write_template(FTE, folder / f"{code}_fte_{slug(department)}.xlsx", "da",
                          values or department_values(code, department))


def konto5_values(code: str) -> dict:
    return values_of.konto5_values(truth().konto5, code, YEAR)


def write_konto5(folder: Path, code: str, values: dict | None = None) -> Path:
    return write_template(KONTO5, folder / f"{code}_konto5.xlsx", "da", values or konto5_values(code))


def write_municipality(folder: Path, code: str) -> list[Path]:
    return [write_staff(folder, code), *(write_department(folder, code, d) for d in departments(code)),
            write_konto5(folder, code)]


def rows_of(values: dict, employee_id: str) -> list[int]:
    return sorted(k[1] for k, v in values.items() if k[0] == "allocation" and k[2] == "employee_id" and v == employee_id)
