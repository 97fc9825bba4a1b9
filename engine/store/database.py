"""The embedded database of a benchmark: rounds, participants, submissions and every value.

One SQLite file (stdlib ``sqlite3``). Each value keeps its provenance: the file
name and sha256 of the submission it came from and its ``'Sheet'!A1`` location.
A corrected resubmission replaces the participant's current submission for that
round in one transaction; earlier submissions stay, marked as replaced, so the
history is auditable, and earlier rounds stay for year-over-year comparison.

The schema is versioned with ``PRAGMA user_version``; :data:`MIGRATIONS` lists
the steps from an empty file to the current version.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from engine.spec import Choice, FormSheet
from engine.store import refusals
from engine.text import Ungrouped
from engine.validation.submission import PARTICIPANT_SEPARATOR
from engine.validation.issues import Issue
from engine.validation.validate import FileResult

MIGRATIONS: tuple[str, ...] = (
    # 1: rounds, participants, submissions, values with provenance, issues
    """
    CREATE TABLE rounds (
        id INTEGER PRIMARY KEY,
        domain TEXT NOT NULL,
        year INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        UNIQUE (domain, year)
    );
    CREATE TABLE participants (
        id INTEGER PRIMARY KEY,
        domain TEXT NOT NULL,
        key TEXT NOT NULL,
        name TEXT NOT NULL,
        UNIQUE (domain, key)
    );
    CREATE TABLE submissions (
        id INTEGER PRIMARY KEY,
        round_id INTEGER NOT NULL REFERENCES rounds (id),
        participant_id INTEGER NOT NULL REFERENCES participants (id),
        file_name TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        template_version TEXT NOT NULL,
        language TEXT NOT NULL,
        ingested_at TEXT NOT NULL,
        replaced_at TEXT
    );
    CREATE UNIQUE INDEX submissions_current ON submissions (round_id, participant_id) WHERE replaced_at IS NULL;
    CREATE TABLE submission_values (
        submission_id INTEGER NOT NULL REFERENCES submissions (id),
        sheet_id TEXT NOT NULL,
        row_key TEXT NOT NULL,      -- '' on form sheets
        field_id TEXT NOT NULL,
        number REAL,
        text TEXT,
        location TEXT NOT NULL,     -- 'Sheet'!A1 in the submitted file
        PRIMARY KEY (submission_id, sheet_id, row_key, field_id)
    ) WITHOUT ROWID;
    CREATE TABLE submission_issues (
        submission_id INTEGER NOT NULL REFERENCES submissions (id),
        code TEXT NOT NULL,
        severity TEXT NOT NULL,
        sheet TEXT,
        cell TEXT,
        field TEXT,
        params TEXT NOT NULL
    );
    """,
    # 2: refused submissions (file, sha256, findings; never their values)
    refusals.MIGRATION,
)
SCHEMA_VERSION = len(MIGRATIONS)


class StoreError(Exception):
    """The database cannot be used (newer schema, not a kommunebench store, ...)."""


@dataclass(frozen=True)
class IngestOutcome:
    """What happened to one file: stored (possibly replacing an earlier submission) or refused."""

    path: str
    stored: bool
    participant: str | None = None
    replaced: bool = False
    issues: tuple[Issue, ...] = ()


def file_sha256(path: str | Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


class Store:
    """A kommunebench database file, migrated to the current schema on open."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.db = sqlite3.connect(self.path, isolation_level=None)
        self.db.execute("PRAGMA foreign_keys = ON")
        self.db.execute("PRAGMA journal_mode = WAL")
        self.db.execute("PRAGMA synchronous = NORMAL")
        self._migrate()

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def _migrate(self) -> None:
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StoreError(f"{self.path} has schema version {version}; this kommunebench knows up to "
                             f"{SCHEMA_VERSION}. Upgrade kommunebench.")
        if version == 0 and self.db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
            raise StoreError(f"{self.path} is an SQLite database but not a kommunebench store")
        for number in range(version, SCHEMA_VERSION):
            with self.transaction() as db:
                for statement in _statements(MIGRATIONS[number]):
                    db.execute(statement)
                db.execute(f"PRAGMA user_version = {number + 1}")

    # -- writing ------------------------------------------------------------------------------
    def ingest(self, result: FileResult, year: int) -> IngestOutcome:
        """Store a validated file into the round ``year`` of its domain, or refuse it.

        A file with errors (or for another year) changes nothing. Warnings are stored
        with the submission.
        """
        submission = result.submission
        issues = list(result.issues)
        year_field = submission.domain.year_field if submission is not None else None
        if year_field and submission.round_year not in (None, year):
            cell = submission.form[year_field]
            issues.append(Issue("round-year-mismatch", result.path, cell.sheet, cell.ref, year_field,
                                {"found": Ungrouped(submission.round_year), "round": Ungrouped(year)}))
        if submission is None or any(issue.severity == "error" for issue in issues):
            self._record_refusal(result, year, issues)
            return IngestOutcome(result.path, stored=False, issues=tuple(issues),
                                 participant=_text_or_none(submission.participant if submission else None))
        domain = submission.domain
        key = str(submission.participant)
        name = _participant_name(domain, key)
        values = list(_value_rows(submission))
        sha = file_sha256(result.path)
        now = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
        with self.transaction() as db:
            round_id = self._round_id(db, domain.id, year, now)
            participant_id = self._participant_id(db, domain.id, key, name)
            replaced = db.execute(
                "UPDATE submissions SET replaced_at = ? WHERE round_id = ? AND participant_id = ? "
                "AND replaced_at IS NULL", (now, round_id, participant_id)).rowcount > 0
            submission_id = db.execute(
                "INSERT INTO submissions (round_id, participant_id, file_name, sha256, template_version, language, "
                "ingested_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (round_id, participant_id, Path(result.path).name, sha, submission.version, submission.language,
                 now)).lastrowid
            db.executemany("INSERT INTO submission_values VALUES (?, ?, ?, ?, ?, ?, ?)",
                           [(submission_id, *row) for row in values])
            db.executemany("INSERT INTO submission_issues VALUES (?, ?, ?, ?, ?, ?, ?)",
                           [(submission_id, *row) for row in refusals.issue_rows(issues)])
        return IngestOutcome(result.path, stored=True, participant=key, replaced=replaced, issues=tuple(issues))

    def _record_refusal(self, result: FileResult, year: int, issues: list[Issue]) -> None:
        """Keep the refusal (file, sha256, findings) so the round's status can show who was refused."""
        submission = result.submission
        try:
            sha = file_sha256(result.path)
        except OSError:
            sha = None
        with self.transaction() as db:
            refusals.record_refusal(db, year, submission.domain.id if submission else None,
                                    _text_or_none(submission.participant if submission else None),
                                    result.path, sha, issues)

    @staticmethod
    def _round_id(db: sqlite3.Connection, domain: str, year: int, now: str) -> int:
        db.execute("INSERT OR IGNORE INTO rounds (domain, year, created_at) VALUES (?, ?, ?)", (domain, year, now))
        return db.execute("SELECT id FROM rounds WHERE domain = ? AND year = ?", (domain, year)).fetchone()[0]

    @staticmethod
    def _participant_id(db: sqlite3.Connection, domain: str, key: str, name: str) -> int:
        db.execute("INSERT INTO participants (domain, key, name) VALUES (?, ?, ?) "
                   "ON CONFLICT (domain, key) DO UPDATE SET name = excluded.name", (domain, key, name))
        return db.execute("SELECT id FROM participants WHERE domain = ? AND key = ?", (domain, key)).fetchone()[0]

    # -- reading ------------------------------------------------------------------------------
    def years(self, domain: str) -> list[int]:
        return [row[0] for row in self.db.execute("SELECT year FROM rounds WHERE domain = ? ORDER BY year", (domain,))]

    def current_submissions(self, domain: str, year: int) -> list[dict[str, Any]]:
        """The current submission of every participant in a round, with provenance."""
        cursor = self.db.execute(
            "SELECT s.id, p.key, p.name, s.file_name, s.sha256, s.ingested_at "
            "FROM submissions s JOIN rounds r ON r.id = s.round_id JOIN participants p ON p.id = s.participant_id "
            "WHERE r.domain = ? AND r.year = ? AND s.replaced_at IS NULL ORDER BY p.key", (domain, year))
        columns = ("submission_id", "participant", "name", "file_name", "sha256", "ingested_at")
        return [dict(zip(columns, row)) for row in cursor]

    def round_values(self, domain: str, year: int) -> list[tuple]:
        """(participant, sheet_id, row_key, field_id, number, text, location) of every current value."""
        return self.db.execute(
            "SELECT p.key, v.sheet_id, v.row_key, v.field_id, v.number, v.text, v.location "
            "FROM submission_values v JOIN submissions s ON s.id = v.submission_id "
            "JOIN rounds r ON r.id = s.round_id JOIN participants p ON p.id = s.participant_id "
            "WHERE r.domain = ? AND r.year = ? AND s.replaced_at IS NULL", (domain, year)).fetchall()

    def submission_issues(self, submission_id: int) -> list[tuple]:
        return self.db.execute("SELECT code, severity, sheet, cell, field, params FROM submission_issues "
                               "WHERE submission_id = ?", (submission_id,)).fetchall()


def _statements(script: str) -> list[str]:
    return [part.strip() for part in script.split(";") if part.strip()]


def _value_rows(submission) -> Iterator[tuple]:
    """Typed values only: an empty optional cell is not stored."""
    for sheet in submission.domain.sheets:
        if isinstance(sheet, FormSheet):
            for field in sheet.fields:
                value = submission.form.get(field.id)
                if value is not None and value.value is not None:
                    yield (sheet.id, "", field.id, *_number_or_text(value.value), value.location)
            continue
        for row_key, fields in submission.tables.get(sheet.id, {}).items():
            for field_id, value in fields.items():
                if value.value is not None:
                    yield (sheet.id, row_key, field_id, *_number_or_text(value.value), value.location)


def _number_or_text(value: Any) -> tuple[float | None, str | None]:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value), None
    return None, str(value)


def _participant_name(domain, key: str) -> str:
    """The participant's name: a municipality's name, with the department where the key has one."""
    _, field = domain.form_field(domain.participant_field)
    main, _, detail = key.partition(PARTICIPANT_SEPARATOR) if domain.participant_detail else (key, "", "")
    choice: Choice | None = next((c for c in field.choices if c.id == main), None)
    name = choice.label.da if choice else main
    return f"{name} – {detail}" if detail else name


def _text_or_none(value: Any) -> str | None:
    return None if value is None else str(value)
