"""A jobcenter round's tidy frames -> the values of its workbooks, and the consultant's CSV files.

Used by the demo and the tests to write filled workbooks from the synthetic truth
(:mod:`engine.benchmarks.jobcenter.synthetic`), and by the prefill to lay out a department's rows.
Values are keyed as :func:`engine.templates.write_template` takes them; shares become percent.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Iterable
from pathlib import Path

from engine.workbook.atomic import atomic_path
from engine.benchmarks.jobcenter.codes import FRAMEWORK_CODES, TARGET_GROUP_CODES
from engine.benchmarks.jobcenter.konto5 import ACCOUNTING_GROUPS

ACCOUNTS_COLUMNS = ("municipality", "accounting_group", "tool", "amount")
CONTACT = ("Jobcenterchef", "jobcenter@kommune.dk")


def front_values(code: str, year: int, **extra) -> dict[tuple, object]:
    values = {("front", "municipality"): code, ("front", "year"): year,
              ("front", "contact_name"): CONTACT[0], ("front", "contact_email"): CONTACT[1]}
    values.update({("front", key): value for key, value in extra.items()})
    return values


def staff_values(staff, code: str, year: int) -> dict[tuple, object]:
    """The staff list of municipality ``code`` (rows of the contract's ``staff`` frame)."""
    values = front_values(code, year)
    rows = staff[staff["municipality"] == code]
    for index, row in enumerate(rows.itertuples(index=False)):
        for field in ("employee_id", "department", "weekly_hours", "staff_group", "months_employed"):
            values[("employees", index, field)] = _plain(getattr(row, field))
        if not _missing(row.salary_cost):
            values[("employees", index, "salary_cost")] = float(row.salary_cost)
    return values


def allocation_values(allocation, code: str, department: str, year: int) -> dict[tuple, object]:
    """One department's FTE allocation; shares as percent."""
    values = front_values(code, year, department=department)
    rows = allocation[(allocation["municipality"] == code) & (allocation["department"] == department)]
    for index, row in enumerate(rows.itertuples(index=False)):
        values[("allocation", index, "employee_id")] = row.employee_id
        values[("allocation", index, "target_group")] = row.target_group
        values[("allocation", index, "task")] = row.task
        values[("allocation", index, "share")] = round(float(row.share) * 100, 6)
    return values


def guide_rows(employee_ids: Iterable[str], rows_per_employee: int) -> dict[tuple, object]:
    """A prefilled department template's rows: each employee's id on a few rows, the rest for the head."""
    values, index = {}, 0
    for employee in employee_ids:
        for _ in range(rows_per_employee):
            values[("allocation", index, "employee_id")] = employee
            index += 1
    return values


def accounts_rows(konto5, codes: Iterable[str] | None = None) -> list[tuple[str, str, str, float]]:
    """The consultant's first allocation: konto 5 per accounting group and tool (split groups merged)."""
    wanted = set(codes) if codes is not None else None
    owner = {group: accounting.code for accounting in ACCOUNTING_GROUPS for group in accounting.target_groups}
    totals: dict[tuple[str, str, str], float] = {}
    for row in konto5.itertuples(index=False):
        if wanted is not None and row.municipality not in wanted:
            continue
        key = (row.municipality, owner[row.target_group], row.tool)
        totals[key] = totals.get(key, 0.0) + float(row.amount)
    return [(*key, amount) for key, amount in sorted(totals.items())]


def konto5_values(konto5, code: str, year: int) -> dict[tuple, object]:
    """A filled konto 5 template: the consultant's given totals and the municipality's split."""
    values = front_values(code, year)
    for _, group, tool, amount in accounts_rows(konto5, [code]):
        values[("konto5", group, tool)] = amount
    rows = konto5[konto5["municipality"] == code]
    split = {group for accounting in ACCOUNTING_GROUPS if len(accounting.target_groups) > 1
             for group in accounting.target_groups}
    for row in rows.itertuples(index=False):
        if row.target_group in split:
            values[("konto5", row.target_group, row.tool)] = float(row.amount)
    return values


def write_accounts_csv(konto5, path: Path, codes: Iterable[str] | None = None) -> Path:
    with atomic_path(path) as tmp, open(tmp, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(ACCOUNTS_COLUMNS)
        writer.writerows((code, group, tool, _number_text(amount))
                         for code, group, tool, amount in accounts_rows(konto5, codes))
    return path


def register_columns() -> tuple[str, ...]:
    return ("municipality", "population_16_66", "realised_rate", *FRAMEWORK_CODES, *(f"persons_{g}" for g in TARGET_GROUP_CODES))


def write_register_csv(register, path: Path) -> Path:
    columns = register_columns()
    with atomic_path(path) as tmp, open(tmp, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        for row in register[list(columns)].itertuples(index=False):
            writer.writerow([row[0], *(_number_text(value) for value in row[1:])])
    return path


def _number_text(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _plain(value):
    """numpy scalars -> Python numbers, so the template writer sees ints and floats."""
    return value.item() if hasattr(value, "item") else value

