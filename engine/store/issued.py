"""What the consultant issued: the given values prefilled into a round's templates, kept to check returns.

A given row (:attr:`engine.spec.RowItem.given`, e.g. konto 5 amounts from the accounts) is locked in
the template, but a sheet protection without a password is no guarantee: anyone can lift it and type
another amount whose split adds up. So ``templates build --accounts ... --db`` records every given
value it writes, and ingest compares the given rows of a returned workbook with them, whatever the
protection says. A given value that differs is ``given-value-changed`` at its cell; a workbook with
given rows for a participant the round issued none to is ``given-not-issued``. A round the consultant
built without ``--db`` has nothing recorded, and nothing is compared.
"""

from __future__ import annotations

import datetime as dt
import math
import sqlite3
from collections.abc import Iterable, Mapping

from engine.identity import identity
from engine.spec import TableSheet
from engine.text import Ungrouped
from engine.validation.issues import Issue

MIGRATION = """
    CREATE TABLE issued_values (
        domain TEXT NOT NULL,
        year INTEGER NOT NULL,
        participant TEXT NOT NULL,  -- the identity of the participant's key (engine.identity)
        sheet_id TEXT NOT NULL,
        row_key TEXT NOT NULL,
        field_id TEXT NOT NULL,
        number REAL,
        text TEXT,
        file_name TEXT NOT NULL,
        issued_at TEXT NOT NULL,
        PRIMARY KEY (domain, year, participant, sheet_id, row_key, field_id)
    ) WITHOUT ROWID
"""

TOLERANCE = 0.005  # DKK: a given amount read back differs from the one written by rounding at most


def given_values(domain, values: Mapping[tuple, object]) -> list[tuple[str, str, str, object]]:
    """(sheet id, row key, field id, value) of the given rows among template ``values``."""
    given = {(sheet.id, item.key) for sheet in domain.sheets if isinstance(sheet, TableSheet)
             for item in sheet.rows if item.given}
    return [(key[0], key[1], key[2], value) for key, value in values.items()
            if len(key) == 3 and (key[0], key[1]) in given]


def record_issued(db: sqlite3.Connection, domain, year: int, participant: str, values: Mapping[tuple, object],
                  file_name: str) -> int:
    """Keep the given values of one participant's template; a template issued again replaces the earlier."""
    now = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    who = identity(participant)
    db.execute("DELETE FROM issued_values WHERE domain = ? AND year = ? AND participant = ?", (domain.id, year, who))
    rows = [(domain.id, year, who, sheet_id, row_key, field_id, *_number_or_text(value), file_name, now)
            for sheet_id, row_key, field_id, value in given_values(domain, values)]
    db.executemany("INSERT INTO issued_values VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    return len(rows)


def given_issues(db: sqlite3.Connection, submission, year: int, path: str) -> list[Issue]:
    """Findings where the given rows of ``submission`` differ from what was issued for its participant."""
    domain = submission.domain
    if not db.execute("SELECT 1 FROM issued_values WHERE domain = ? AND year = ? LIMIT 1", (domain.id, year)).fetchone():
        return []  # the round's templates were built without --db: nothing to compare with
    issued = {(sheet_id, row_key, field_id): (number, text, file_name) for sheet_id, row_key, field_id, number, text,
              file_name in db.execute("SELECT sheet_id, row_key, field_id, number, text, file_name FROM issued_values "
                                      "WHERE domain = ? AND year = ? AND participant = ?",
                                      (domain.id, year, identity(submission.participant)))}
    found = list(_given_cells(submission))
    if not issued:
        if not found:
            return []
        cell = submission.form[domain.participant_field]
        return [Issue("given-not-issued", path, cell.sheet, cell.ref, domain.participant_field,
                      {"participant": str(submission.participant), "year": Ungrouped(year)})]
    issues = []
    for key, value in found:
        number, text, file_name = issued.get(key, (None, None, None))
        expected = number if number is not None else text
        if not _same(value.value, expected):
            issues.append(Issue("given-value-changed", path, value.sheet, value.ref, key[2],
                                {"key": key[1], "found": _shown(value.value), "issued": _shown(expected),
                                 "issued_file": file_name or "-"}))
    return issues


def _given_cells(submission) -> Iterable[tuple[tuple[str, str, str], object]]:
    for sheet in submission.domain.sheets:
        if not isinstance(sheet, TableSheet):
            continue
        table = submission.tables.get(sheet.id, {})
        for item in sheet.rows:
            if item.given and item.key in table:
                for field_id, value in table[item.key].items():
                    yield (sheet.id, item.key, field_id), value


def _same(found: object, issued: object) -> bool:
    if isinstance(found, (int, float)) and isinstance(issued, (int, float)):
        return math.isclose(found, issued, rel_tol=0, abs_tol=TOLERANCE)
    return found == issued or (found is None and issued is None)


def _shown(value: object) -> object:
    return "–" if value is None else value


def _number_or_text(value: object) -> tuple[float | None, str | None]:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value), None
    return None, None if value is None else str(value)
