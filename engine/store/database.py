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
import os
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from itertools import chain
import functools
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from engine.identity import identity
from engine.spec import Choice
from engine.store import issued, migration_3, migrations, refusals, round_runs, round_state
from engine.store.faults import BUSY_SECONDS, StoreError, check_database_file, describe
from engine.text import Ungrouped
from engine.validation.submission import PARTICIPANT_SEPARATOR
from engine.validation.issues import Issue
from engine.validation.validate import FileResult

MIGRATIONS: tuple[str | Callable[[sqlite3.Connection], None], ...] = (
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
    # 3: one participant however its key is typed (engine.identity), and each submission's own saved
    # time (which one is current); a step in Python, as SQLite knows neither Unicode normalisation
    # nor case folding
    migration_3.migrate,
    # 4: rounds closed and re-opened for a late submission; early version-2 refusals repaired
    migrations.step_4,
    # 5: returned action plans (engine.store.plans)
    migrations.step_5,
    # 6: what each run used: method version, parameters, input files such as jobcenter's register
    round_runs.MIGRATION,
)
SCHEMA_VERSION = len(MIGRATIONS)


class IngestInterrupted(StoreError):
    """A fault stopped an ingest; ``outcomes`` are the files handled (and stored) before it."""

    def __init__(self, message: str, outcomes: list["IngestOutcome"]) -> None:
        super().__init__(message)
        self.outcomes = outcomes


@dataclass(frozen=True)
class IngestOutcome:
    """What happened to one file: stored (possibly replacing an earlier submission), refused, or left
    ``unchanged`` because the round already holds it (``"identical"``) or a later version (``"older"``)."""

    path: str
    stored: bool
    participant: str | None = None
    replaced: bool = False
    issues: tuple[Issue, ...] = ()
    unchanged: str | None = None
    current_file: str | None = None  # with ``unchanged``: the participant's current file


def file_sha256(path: str | Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _guarded(method):
    """Any SQLite or disk fault inside ``method`` becomes a :class:`StoreError` naming the file."""

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except (sqlite3.Error, OSError) as error:
            raise StoreError(describe(self.path, error)) from None
    return wrapper


class Store:
    """A kommunebench database file, migrated to the current schema on open.

    ``create=False`` refuses a missing file instead of creating one; an empty or non-SQLite file
    is always refused, never migrated. Writers wait up to ``BUSY_SECONDS`` for each other.
    """

    @_guarded
    def __init__(self, path: str | Path, create: bool = True) -> None:
        self.path = Path(path)
        self.db = None
        check_database_file(self.path, create)
        if not self.path.exists():
            _create_atomically(self.path)
        self._open(self.path)

    def _open(self, path: Path) -> None:
        self.db = sqlite3.connect(path, isolation_level=None, timeout=BUSY_SECONDS)
        try:
            self.db.execute("PRAGMA foreign_keys = ON")
            self.db.execute("PRAGMA journal_mode = WAL")
            self.db.execute("PRAGMA synchronous = NORMAL")
            self._migrate()
        except BaseException:
            self.db.close()
            raise

    def close(self) -> None:
        if self.db is not None:
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
            self.db.execute("COMMIT")
        except BaseException:
            if self.db.in_transaction:  # a failed COMMIT (disk full) may have rolled back already
                self.db.execute("ROLLBACK")
            raise

    def _migrate(self) -> None:
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StoreError(f"{self.path} has schema version {version}; this kommunebench knows up to "
                             f"{SCHEMA_VERSION}. Upgrade kommunebench.")
        if version == SCHEMA_VERSION:
            return
        migrations.backup_before_upgrade(self.db, self.path, version)
        with self.transaction() as db:
            # Read again under the write lock: another process may have migrated while we waited.
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if version == 0 and db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
                raise StoreError(f"{self.path} is an SQLite database but not a kommunebench store")
            for number in range(version, SCHEMA_VERSION):
                step = MIGRATIONS[number]
                if callable(step):
                    step(db)
                else:
                    for statement in _statements(step):
                        db.execute(statement)
                db.execute(f"PRAGMA user_version = {number + 1}")

    # -- writing ------------------------------------------------------------------------------
    @_guarded
    def ingest(self, result: FileResult, year: int, make_current: bool = False) -> IngestOutcome:
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
        if submission is not None and submission.participant is not None:  # given values as issued, or not
            issues += issued.given_issues(self.db, submission, year, result.path)
        if submission is not None and round_state.is_closed(self.db, submission.domain.id, year):
            issues.append(Issue("round-closed", result.path, params={"round": Ungrouped(year)}))
        if submission is None or any(issue.severity == "error" for issue in issues):
            self._record_refusal(result, year, issues)
            return IngestOutcome(result.path, stored=False, issues=tuple(issues),
                                 participant=_text_or_none(submission.participant if submission else None))
        domain = submission.domain
        key = str(submission.participant)
        name = _participant_name(domain, key)
        values = list(submission.value_rows())
        sha = file_sha256(result.path)
        now = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
        with self.transaction() as db:
            round_id = self._round_id(db, domain.id, year, now)
            participant_id = self._participant_id(db, domain.id, key)
            unchanged = _unchanged(db, round_id, participant_id, sha, _effective(result.saved_at, now))
            # make_current: going back to an earlier version on purpose; only the current file itself stays unchanged
            if unchanged is not None and (not make_current or _is_current(db, round_id, participant_id, sha)):
                why, current_file = unchanged
                return IngestOutcome(result.path, stored=False, participant=key, unchanged=why,
                                     current_file=current_file)
            issues += _spelled_otherwise(db, round_id, participant_id, submission, result.path)
            replaced = db.execute(
                "UPDATE submissions SET replaced_at = ? WHERE round_id = ? AND participant_id = ? "
                "AND replaced_at IS NULL", (now, round_id, participant_id)).rowcount > 0
            submission_id = db.execute(
                "INSERT INTO submissions (round_id, participant_id, file_name, sha256, template_version, language, "
                "ingested_at, saved_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (round_id, participant_id, Path(result.path).name, sha, submission.version, submission.language,
                 now, _effective(result.saved_at, now))).lastrowid
            _insert_values(db, submission_id, values)
            # The key's spelling and the name follow the current submission.
            db.execute("UPDATE participants SET key = ?, name = ? WHERE id = ?", (key, name, participant_id))
            db.executemany("INSERT INTO submission_issues VALUES (?, ?, ?, ?, ?, ?, ?)",
                           [(submission_id, *row) for row in refusals.issue_rows(issues)])
        return IngestOutcome(result.path, stored=True, participant=key, replaced=replaced, issues=tuple(issues))

    @_guarded
    def record_issued(self, domain, year: int, participant: str, values: dict, file_name: str) -> int:
        """Keep the given values of a template the consultant sends out; returns how many."""
        with self.transaction() as db:
            return issued.record_issued(db, domain, year, participant, values, file_name)

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
    def _participant_id(db: sqlite3.Connection, domain: str, key: str) -> int:
        """The participant whose key is ``key`` however it is typed (:func:`engine.identity.identity`)."""
        known = db.execute("SELECT id FROM participants WHERE domain = ? AND identity = ?",
                           (domain, identity(key))).fetchone()
        if known is not None:
            return known[0]
        return db.execute("INSERT INTO participants (domain, key, name, identity) VALUES (?, ?, ?, ?)",
                          (domain, key, key, identity(key))).lastrowid

    # -- reading ------------------------------------------------------------------------------
    @_guarded
    def years(self, domain: str) -> list[int]:
        return [row[0] for row in self.db.execute("SELECT year FROM rounds WHERE domain = ? ORDER BY year", (domain,))]

    @_guarded
    def current_submissions(self, domain: str, year: int) -> list[dict[str, Any]]:
        """The current submission of every participant in a round, with provenance."""
        cursor = self.db.execute(
            "SELECT s.id, p.key, p.name, s.file_name, s.sha256, s.ingested_at "
            "FROM submissions s JOIN rounds r ON r.id = s.round_id JOIN participants p ON p.id = s.participant_id "
            "WHERE r.domain = ? AND r.year = ? AND s.replaced_at IS NULL ORDER BY p.key", (domain, year))
        columns = ("submission_id", "participant", "name", "file_name", "sha256", "ingested_at")
        return [dict(zip(columns, row)) for row in cursor]

    @_guarded
    def round_values(self, domain: str, year: int) -> list[tuple]:
        """(participant, sheet_id, row_key, field_id, number, text, location) of every current value."""
        return self.db.execute(_ROUND_VALUES, (domain, year)).fetchall()

    @_guarded
    def round_form_values(self, domain: str, year: int) -> list[tuple]:
        """:meth:`round_values` of the form sheets only (the rows with an empty row key)."""
        return self.db.execute(_ROUND_VALUES + " AND v.row_key = ''", (domain, year)).fetchall()

    @_guarded
    def round_table_cells(self, domain: str, year: int, sheets: Sequence[str],
                          fields: Sequence[str]) -> tuple[dict[int, str], list[tuple]]:
        """Every current value on a table row (a non-empty row key), compactly: participant keys by
        id, and rows (participant id, sheet, row_key, field, value, location).

        ``sheet`` and ``field`` are positions in ``sheets`` and ``fields`` (-1 for any other), ``value``
        the number, else the text. Rows come ordered by participant id, sheet id, row key and field
        id, which is the order the indexes keep them in (nothing is sorted), so a round's hundred
        thousand values are read with small integers instead of repeated strings.
        """
        keys = dict(self.db.execute("SELECT id, key FROM participants WHERE domain = ?", (domain,)))
        sheet = "CASE v.sheet_id " + "".join(f"WHEN ? THEN {i} " for i in range(len(sheets))) + "ELSE -1 END"
        field = "CASE v.field_id " + "".join(f"WHEN ? THEN {i} " for i in range(len(fields))) + "ELSE -1 END"
        rows = self.db.execute(
            f"SELECT s.participant_id, {sheet}, v.row_key, {field}, coalesce(v.number, v.text), v.location "
            "FROM submission_values v JOIN submissions s ON s.id = v.submission_id "
            "JOIN rounds r ON r.id = s.round_id "
            "WHERE r.domain = ? AND r.year = ? AND s.replaced_at IS NULL AND v.row_key != '' "
            "ORDER BY s.participant_id, v.sheet_id, v.row_key, v.field_id",
            (*sheets, *fields, domain, year)).fetchall()
        return keys, rows

    @_guarded
    def submission_issues(self, submission_id: int) -> list[tuple]:
        return self.db.execute("SELECT code, severity, sheet, cell, field, params FROM submission_issues "
                               "WHERE submission_id = ?", (submission_id,)).fetchall()


# The current values of a round (domain, year), for round_values and its narrower variants.
_ROUND_VALUES = (
    "SELECT p.key, v.sheet_id, v.row_key, v.field_id, v.number, v.text, v.location "
    "FROM submission_values v JOIN submissions s ON s.id = v.submission_id "
    "JOIN rounds r ON r.id = s.round_id JOIN participants p ON p.id = s.participant_id "
    "WHERE r.domain = ? AND r.year = ? AND s.replaced_at IS NULL")

# Values go in by statements of many rows: one statement step per row (executemany) cost more than
# SQLite's own work of storing the row. The submission id is bound once per statement (?1).
_VALUES_PER_STATEMENT = 200
_INSERT_VALUES = "INSERT INTO submission_values VALUES " + ", ".join(["(?1, ?, ?, ?, ?, ?, ?)"] * _VALUES_PER_STATEMENT)


def _insert_values(db: sqlite3.Connection, submission_id: int, values: list[tuple]) -> None:
    """Insert (sheet_id, row_key, field_id, number, text, location) rows of one submission."""
    whole = len(values) - len(values) % _VALUES_PER_STATEMENT
    for start in range(0, whole, _VALUES_PER_STATEMENT):
        params = [submission_id]
        params.extend(chain.from_iterable(values[start:start + _VALUES_PER_STATEMENT]))
        db.execute(_INSERT_VALUES, params)
    db.executemany("INSERT INTO submission_values VALUES (?, ?, ?, ?, ?, ?, ?)",
                   [(submission_id, *row) for row in values[whole:]])


def _create_atomically(path: Path) -> None:
    """A new database appears complete or not at all, even with two processes creating it at once.

    SQLite would create an empty file first and write the schema later; another process seeing
    that empty file in between could not tell it from a broken one. So the schema is written to
    a private file which is then linked into place only if nothing is there yet.
    """
    tmp = path.with_name(f".{path.name}.{os.getpid()}.new")
    store = Store.__new__(Store)
    store.path, store.db = path, None
    try:
        store._open(tmp)
        store.db.execute("PRAGMA journal_mode = DELETE")  # fold the log in: the file alone is the database
        store.close()
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass  # another process was first: use its database
        except OSError:  # no hard links on this file system: rename, unless someone was first
            if not path.exists():
                os.replace(tmp, path)
    finally:
        store.close()
        tmp.unlink(missing_ok=True)


def _spelled_otherwise(db: sqlite3.Connection, round_id: int, participant_id: int, submission,
                       path: str) -> list[Issue]:
    """A warning where the participant's key is typed otherwise than the stored one ("afdeling a" for
    "Afdeling A"): the same participant, whose submission this one replaces, naming the earlier file."""
    stored = db.execute("SELECT key FROM participants WHERE id = ?", (participant_id,)).fetchone()[0]
    key = str(submission.participant)
    if stored == key:
        return []
    domain = submission.domain
    field_id = domain.participant_detail if domain.participant_detail and \
        stored.partition(PARTICIPANT_SEPARATOR)[2] != key.partition(PARTICIPANT_SEPARATOR)[2] else domain.participant_field
    cell = submission.form[field_id]
    earlier = db.execute("SELECT file_name FROM submissions WHERE participant_id = ? ORDER BY round_id = ? DESC, "
                         "id DESC LIMIT 1", (participant_id, round_id)).fetchone()
    first = stored.partition(PARTICIPANT_SEPARATOR)[2] if field_id == domain.participant_detail else stored
    return [Issue("participant-spelled-differently", path, cell.sheet, cell.ref, field_id,
                  {"found": str(cell.value), "first": first, "first_file": earlier[0] if earlier else "-"})]


def _is_current(db: sqlite3.Connection, round_id: int, participant_id: int, sha: str) -> bool:
    return db.execute("SELECT 1 FROM submissions WHERE round_id = ? AND participant_id = ? AND sha256 = ? "
                      "AND replaced_at IS NULL", (round_id, participant_id, sha)).fetchone() is not None


def _effective(saved_at: str | None, now: str) -> str:
    """The moment a submission counts as saved: its own saved time, but never later than its ingest
    (a clock set wrong must not make a file current for ever), and its ingest where it has none."""
    return min(saved_at, now) if saved_at else now


def _unchanged(db: sqlite3.Connection, round_id: int, participant_id: int, sha: str,
               saved: str) -> tuple[str, str] | None:
    """Why a valid file changes nothing: ``"identical"`` to a submission the round already holds, or
    ``"older"`` than the current one by saved time; with the current file's name. None: it becomes current.

    Equal saved times (to the second) go to the later ingest, so a correction saved in the same second
    still replaces; a submission stored before saved times were kept counts as saved when ingested.
    """
    current = db.execute("SELECT file_name, coalesce(saved_at, ingested_at) FROM submissions WHERE round_id = ? "
                         "AND participant_id = ? AND replaced_at IS NULL", (round_id, participant_id)).fetchone()
    if current is None:
        return None
    if db.execute("SELECT 1 FROM submissions WHERE round_id = ? AND participant_id = ? AND sha256 = ?",
                  (round_id, participant_id, sha)).fetchone():
        return "identical", current[0]
    if saved < current[1]:
        return "older", current[0]
    return None


def _statements(script: str) -> list[str]:
    return [part.strip() for part in script.split(";") if part.strip()]


def _participant_name(domain, key: str) -> str:
    """The participant's name: a municipality's name, with the department where the key has one."""
    _, field = domain.form_field(domain.participant_field)
    main, _, detail = key.partition(PARTICIPANT_SEPARATOR) if domain.participant_detail else (key, "", "")
    choice: Choice | None = next((c for c in field.choices if c.id == main), None)
    name = choice.label.da if choice else main
    return f"{name} – {detail}" if detail else name


def _text_or_none(value: Any) -> str | None:
    return None if value is None else str(value)
