"""The stored jobcenter round -> :class:`~engine.benchmarks.jobcenter.inputs.JobcenterInputs`.

A municipality enters the computation when its round is complete: a staff list, a konto 5 budget and
an allocation from every department of the staff list are stored, and the checks across those
workbooks find no error. The others are left out with their reasons (the round status shows them),
so one missing department never distorts the comparison. The register file must read without
errors and cover every municipality that enters.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from engine.benchmarks.jobcenter.codes import FRAMEWORK_CODES, TOOL_CODES
from engine.benchmarks.jobcenter.crosscheck import FTE, KONTO5, STAFF, store_cross_issues
from engine.benchmarks.jobcenter.inputs import JobcenterInputs
from engine.benchmarks.jobcenter.konto5 import ACCOUNTING_GROUPS
from engine.benchmarks.jobcenter.register import read_register
from engine.identity import code_form
from engine.workbook.cells import parse_ref
from engine.validation.issues import Issue
from engine.validation.submission import PARTICIPANT_SEPARATOR

STAFF_COLUMNS = ("municipality", "employee_id", "department", "weekly_hours", "staff_group", "months_employed",
                 "salary_cost", "source")
ALLOCATION_COLUMNS = ("municipality", "department", "employee_id", "target_group", "task", "share", "source")
KONTO5_COLUMNS = ("municipality", "target_group", "tool", "amount", "source")


class RoundNotReady(Exception):
    """The round cannot be computed: the register file has errors or misses a participant."""

    def __init__(self, issues: list[Issue]) -> None:
        self.issues = issues
        super().__init__(f"{len(issues)} issue(s) in the register file, first: "
                         f"{issues[0].location or issues[0].file}: {issues[0].message('en')}")


@dataclass
class LoadedRound:
    inputs: JobcenterInputs
    excluded: dict[str, list[str]] = field(default_factory=dict)  # municipality -> reasons (issue codes)
    register_warnings: list[Issue] = field(default_factory=list)


def load_round(store, year: int, register_path: str | Path) -> LoadedRound:
    import pandas as pd

    cross = store_cross_issues(store, year)
    has = {domain: {row["participant"]: row for row in store.current_submissions(domain, year)}
           for domain in (STAFF, FTE, KONTO5)}
    municipalities = sorted({key.split(PARTICIPANT_SEPARATOR, 1)[0] for rows in has.values() for key in rows})
    excluded: dict[str, list[str]] = {}
    for code in municipalities:
        reasons = []
        if code not in has[STAFF]:
            reasons.append("staff-list-missing")
        if code not in has[KONTO5]:
            reasons.append("konto5-missing")
        reasons += sorted({issue.code for issue in cross.get(code, []) if issue.severity == "error"})
        if reasons:
            excluded[code] = reasons
    included = [code for code in municipalities if code not in excluded]

    register = read_register(register_path)
    problems = [i for i in register.issues if i.severity == "error"] + register.participant_issues(included)
    if problems:
        raise RoundNotReady(problems)
    staff = _staff(store, year, has[STAFF], included)
    allocation = _allocation(store, year, has[FTE], included)
    konto5 = _konto5(store, year, has[KONTO5], included)
    frame = register.frame.copy()
    inputs = JobcenterInputs(year, pd.DataFrame(staff, columns=STAFF_COLUMNS),
                             pd.DataFrame(allocation, columns=ALLOCATION_COLUMNS),
                             pd.DataFrame(konto5, columns=KONTO5_COLUMNS), frame, FRAMEWORK_CODES)
    return LoadedRound(inputs, excluded, [i for i in register.issues if i.severity == "warning"])


def inputs_from_store(store, year: int, register_path: str | Path) -> JobcenterInputs:
    """The contract's frames for every complete municipality of the round ``year``."""
    return load_round(store, year, register_path).inputs


def _rows(store, domain: str, year: int, sheet_id: str, wanted) -> dict[tuple[str, str], dict[str, tuple]]:
    """(participant, row key) -> field id -> (value, location), for the participants in ``wanted``."""
    rows: dict[tuple[str, str], dict[str, tuple]] = defaultdict(dict)
    for participant, sheet, row_key, field_id, number, text, where in store.round_values(domain, year):
        if sheet == sheet_id and participant.split(PARTICIPANT_SEPARATOR, 1)[0] in wanted:
            rows[(participant, row_key)][field_id] = (number if number is not None else text, where)
    return rows


def _order(item) -> tuple:
    """Rows in the order of the workbook: municipality, file, then sheet row."""
    (participant, _), row = item
    where = next(iter(row.values()))[1]
    return participant, parse_ref(where.rpartition("!")[2])[0]


def _staff(store, year: int, files: dict, included: list[str]) -> list[tuple]:
    out = []
    for (code, _), row in sorted(_rows(store, STAFF, year, "employees", set(included)).items(), key=_order):
        employee_id, where = row["employee_id"]
        out.append((code, code_form(employee_id), row["department"][0], row["weekly_hours"][0], row["staff_group"][0],
                    row["months_employed"][0], row.get("salary_cost", (float("nan"),))[0],
                    files[code]["file_name"] + where))
    return out


def _allocation(store, year: int, files: dict, included: list[str]) -> list[tuple]:
    out = []
    for (participant, _), row in sorted(_rows(store, FTE, year, "allocation", set(included)).items(), key=_order):
        code, department = participant.split(PARTICIPANT_SEPARATOR, 1)
        share, where = row["share"]
        out.append((code, department, code_form(row["employee_id"][0]), row["target_group"][0], row["task"][0], share / 100,
                    files[participant]["file_name"] + where))
    return out


def _konto5(store, year: int, files: dict, included: list[str]) -> list[tuple]:
    """Amounts per target group: the given rows of unsplit groups and the parts of split ones."""
    rows = _rows(store, KONTO5, year, "konto5", set(included))
    out = []
    for code in included:
        for group in ACCOUNTING_GROUPS:
            for target_group in group.target_groups:
                values = rows.get((code, target_group), {})
                for tool in TOOL_CODES:
                    amount, where = values.get(tool, (float("nan"), ""))
                    out.append((code, target_group, tool, amount, files[code]["file_name"] + where))
    return out
