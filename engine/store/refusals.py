"""The store's record of refused submissions: which file, when, and what was wrong with it.

A refused file changes nothing in the round, but the consultant needs to know it came: a
municipality whose workbook was refused has answered and is waiting for feedback, which is
different from one that never answered. So every refusal is recorded with the file's name,
its sha256 and its findings (code, severity, location and the message parameters), never the
values the file holds. ``domain`` and ``participant`` are NULL when the file could not be
recognised as a template resp. did not identify its participant.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from engine.validation.issues import Issue
from engine.text import Text

# Schema step appended to engine.store.MIGRATIONS (schema version 2). No semicolon inside its
# comments: the store splits a migration into statements at every semicolon.
MIGRATION = """
    CREATE TABLE refusals (
        id INTEGER PRIMARY KEY,
        year INTEGER NOT NULL,
        domain TEXT,                -- NULL: not recognised as a kommunebench template
        participant TEXT,           -- NULL: the file does not identify its participant
        file_name TEXT NOT NULL,
        sha256 TEXT,                -- NULL: the file could not be read at all
        refused_at TEXT NOT NULL,
        -- the highest submission id when it was refused: orders it against stored submissions
        -- (timestamps have one-second resolution, and a refusal and a correction can share one)
        after_submission INTEGER NOT NULL,
        errors INTEGER NOT NULL,
        warnings INTEGER NOT NULL
    );
    CREATE INDEX refusals_round ON refusals (year, domain, participant);
    CREATE TABLE refusal_issues (
        refusal_id INTEGER NOT NULL REFERENCES refusals (id),
        code TEXT NOT NULL,
        severity TEXT NOT NULL,
        sheet TEXT,
        cell TEXT,
        field TEXT,
        params TEXT NOT NULL
    );
"""


@dataclass(frozen=True)
class Refusal:
    """One refused file of a round."""

    year: int
    domain: str | None
    participant: str | None
    file_name: str
    sha256: str | None
    refused_at: str
    after_submission: int
    errors: int
    warnings: int


def record_refusal(db: sqlite3.Connection, year: int, domain: str | None, participant: str | None,
                   path: str, sha256: str | None, issues: list[Issue]) -> None:
    """Insert one refusal and its findings; ``db`` is inside the caller's transaction."""
    now = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    errors = sum(1 for issue in issues if issue.severity == "error")
    after = db.execute("SELECT coalesce(max(id), 0) FROM submissions").fetchone()[0]
    refusal_id = db.execute(
        "INSERT INTO refusals (year, domain, participant, file_name, sha256, refused_at, after_submission, errors, "
        "warnings) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (year, domain, participant, Path(path).name, sha256, now, after, errors, len(issues) - errors)).lastrowid
    db.executemany("INSERT INTO refusal_issues VALUES (?, ?, ?, ?, ?, ?, ?)",
                   [(refusal_id, *row) for row in issue_rows(issues)])


def refusals(db: sqlite3.Connection, year: int) -> list[Refusal]:
    """Every refusal of the round ``year`` (all domains, and unrecognised files), oldest first."""
    rows = db.execute("SELECT year, domain, participant, file_name, sha256, refused_at, after_submission, errors, "
                      "warnings FROM refusals WHERE year = ? ORDER BY id", (year,)).fetchall()
    return [Refusal(*row) for row in rows]


def issue_rows(issues: list[Issue]) -> list[tuple]:
    """(code, severity, sheet, cell, field, params as JSON) of each finding, as the store keeps them."""
    return [(i.code, i.severity, i.sheet, i.cell, i.field, json.dumps(_plain(i.params), ensure_ascii=False))
            for i in issues]


def _plain(params) -> dict[str, Any]:
    """Issue parameters as JSON-friendly values (bilingual texts in Danish)."""
    return {k: (v.da if isinstance(v, Text) else v) for k, v in params.items()}
