"""What the jobcenter round status needs beyond the stored files: the departments and the checks across.

The round status itself is the one of every benchmark (:mod:`engine.status.model`, registered for
jobcenter there): per municipality the staff list, the konto 5 budget and one allocation per
department, each received, replaced, refused (the store's record of refusals) or missing. This
module gives it the two things only jobcenter knows: which departments are expected (those of the
stored staff list) and the findings across a municipality's stored workbooks (an employee nobody
allocated, a department's FTE off the staff list's), and reads the register file for
``kommunebench status --register``.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from engine.benchmarks.jobcenter.crosscheck import FTE, cross_issues, rounds_from_store
from engine.validation.issues import Issue

# Already a document's state in the status: a department that sent nothing is missing, and so is a
# staff list that was not stored.
_SHOWN_AS_STATE = {"department-not-returned", "staff-list-missing"}


def status_checks(store, year: int) -> dict[str, tuple[dict[str, list[str]], list[Issue]]]:
    """Municipality -> ({allocation domain: the departments of its staff list}, findings across its workbooks)."""
    checks = {}
    for code, municipality in rounds_from_store(store, year).items():
        departments = list(dict.fromkeys(e.department for e in municipality.employees.values()))
        findings = [issue for issue in cross_issues(municipality) if issue.code not in _SHOWN_AS_STATE]
        checks[code] = ({FTE: departments}, findings)
    return checks


def register_findings(path: Path, participants: Iterable[str]) -> list[Issue]:
    """The register file's findings, and every participant it has no row for."""
    from engine.benchmarks.jobcenter.register import read_register

    register = read_register(path)
    return register.issues + register.participant_issues(list(participants))
