"""Upgrading a store written by an earlier kommunebench: what each schema step did, and a copy first.

The steps themselves are ``engine.store.database.MIGRATIONS`` (version ``n`` is the file after the
first ``n`` steps, kept in ``PRAGMA user_version``). A file of an earlier version is upgraded in
place, in one transaction, when it is opened; before that the file is copied beside itself as
``<name>.schema-<n>.bak``, so a consultant who must go back to the earlier kommunebench (which
refuses the newer schema) still has the rounds as that version wrote them.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from engine.store import plans, round_state

# What each step adds, by the version it produces: the shipped history, for docs and messages.
STEPS: dict[int, str] = {
    1: "rounds, participants, submissions, values with provenance, findings",
    2: "refused submissions (file, sha256, findings; never their values)",
    3: "one participant however its key is typed (engine.identity); each submission's own saved time",
    4: "rounds closed and re-opened (closed_at, round_events); refusals of early version-2 files ordered",
    5: "returned action plans (plan_returns, plan_actions)",
    6: "what each run used (round_runs: method version, parameters as JSON) and its input files "
       "(round_files: jobcenter's register, by sha256)",
}


def step_4(db: sqlite3.Connection) -> None:
    """Schema step 4: rounds can be closed and re-opened (:mod:`engine.store.round_state`).

    It also repairs what version 2 left different between releases: the first version-2 stores
    (before refusals were ordered by the store's sequence) have no ``refusals.after_submission``,
    and today's ingest could not record a refusal in them. The column is added and filled with the
    highest submission id ingested at or before each refusal's time, the order those stores knew.
    The first version-1 stores' ``round_consents`` table (never written) is kept as it is.
    """
    columns = {row[1] for row in db.execute("PRAGMA table_info('refusals')")}
    if "after_submission" not in columns:
        db.execute("ALTER TABLE refusals ADD COLUMN after_submission INTEGER NOT NULL DEFAULT 0")
        db.execute("UPDATE refusals SET after_submission = coalesce((SELECT max(s.id) FROM submissions s "
                   "WHERE s.ingested_at <= refusals.refused_at), 0)")
    for statement in round_state.MIGRATION.split(";"):
        if statement.strip():
            db.execute(statement)


def step_5(db: sqlite3.Connection) -> None:
    """Schema step 5: returned action plans are kept (:mod:`engine.store.plans`); no earlier row changes."""
    for statement in plans.MIGRATION.split(";"):
        if statement.strip():
            db.execute(statement)


def backup_path(path: Path, version: int) -> Path:
    return path.with_name(f"{path.name}.schema-{version}.bak")


def backup_before_upgrade(db: sqlite3.Connection, path: Path, version: int) -> Path | None:
    """Copy the store (a consistent snapshot, through SQLite's backup) before upgrading from ``version``.

    Taken before the upgrade's write lock (SQLite's backup cannot read a database its own connection
    is writing). Nothing to keep for a new file (version 0) or when a copy exists already (the first
    copy is the one certainly of that version); a copy that is not of ``version`` (another process
    upgraded the file in between, and made the copy itself) is discarded.
    """
    if version == 0:
        return None
    target = backup_path(path, version)
    if target.exists():
        return target
    tmp = target.with_name(f".{target.name}.{os.getpid()}.new")
    copy = sqlite3.connect(tmp)
    try:
        db.backup(copy)
        copied = copy.execute("PRAGMA user_version").fetchone()[0]
    finally:
        copy.close()
    if copied != version:
        tmp.unlink()
        return None
    os.replace(tmp, target)
    return target


def schema_of(db: sqlite3.Connection) -> dict[tuple[str, str], str]:
    """The schema as SQLite keeps it, normalised for comparison: (type, name) -> columns or SQL.

    Tables are compared by their columns (name, type, not null, primary key), since a column added
    by ALTER TABLE is written differently in ``sqlite_master`` than one created with the table (and
    must have a default where the created one has none) in name order (an added column comes last,
    and the store names the columns of every table a step has added to); indexes by their SQL,
    whitespace collapsed.
    """
    schema: dict[tuple[str, str], str] = {}
    for kind, name, sql in db.execute("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"):
        if kind == "table":
            columns = db.execute(f"PRAGMA table_info('{name}')").fetchall()
            schema[(kind, name)] = repr(sorted((c[1], c[2], c[3], c[5]) for c in columns))
        else:
            schema[(kind, name)] = " ".join((sql or "").split())
    return schema
