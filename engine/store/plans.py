"""Returned action plans: who returned one for which round, and what they chose.

A plan is a declaration like the others: stored with its file name and sha256, each action with the
cell it was read from; a plan returned again replaces the earlier one (kept, marked replaced), in one
transaction. The tables are schema step 5 (:mod:`engine.store.migrations`).
"""

from __future__ import annotations

import datetime as dt
import sqlite3

MIGRATION = """
    CREATE TABLE plan_returns (
        id INTEGER PRIMARY KEY,
        benchmark TEXT NOT NULL,
        year INTEGER NOT NULL,
        participant TEXT NOT NULL,
        file_name TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        returned_at TEXT NOT NULL,
        replaced_at TEXT
    );
    CREATE UNIQUE INDEX plan_returns_current ON plan_returns (benchmark, year, participant)
        WHERE replaced_at IS NULL;
    CREATE TABLE plan_actions (
        return_id INTEGER NOT NULL REFERENCES plan_returns (id),
        item TEXT NOT NULL,
        action TEXT NOT NULL,
        owner TEXT NOT NULL,
        deadline TEXT,
        effect TEXT NOT NULL,
        status TEXT NOT NULL,
        location TEXT NOT NULL
    );
"""


def store_plan(store, benchmark: str, year: int, participant: str, file_name: str, sha256: str,
               actions) -> bool:
    """Store a validated plan (``actions``: :class:`engine.report.action_plan.PlannedAction`); True when it
    replaced an earlier one."""
    now = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    with store.transaction() as db:
        replaced = db.execute("UPDATE plan_returns SET replaced_at = ? WHERE benchmark = ? AND year = ? AND "
                              "participant = ? AND replaced_at IS NULL", (now, benchmark, year, participant)).rowcount
        return_id = db.execute("INSERT INTO plan_returns (benchmark, year, participant, file_name, sha256, "
                               "returned_at) VALUES (?, ?, ?, ?, ?, ?)",
                               (benchmark, year, participant, file_name, sha256, now)).lastrowid
        db.executemany("INSERT INTO plan_actions VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                       [(return_id, a.item, a.action, a.owner, a.deadline.isoformat() if a.deadline else None,
                         a.effect, a.status, a.location) for a in actions])
    return replaced > 0


def current_plans(db: sqlite3.Connection, benchmark: str, year: int) -> dict[str, list[tuple]]:
    """participant -> (item, action, owner, deadline, effect, status) of its current plan for the round."""
    plans: dict[str, list[tuple]] = {}
    for participant, *action in db.execute(
            "SELECT r.participant, a.item, a.action, a.owner, a.deadline, a.effect, a.status FROM plan_returns r "
            "LEFT JOIN plan_actions a ON a.return_id = r.id WHERE r.benchmark = ? AND r.year = ? "
            "AND r.replaced_at IS NULL ORDER BY r.participant, a.rowid", (benchmark, year)):
        plans.setdefault(participant, [])
        if action[0] is not None:
            plans[participant].append(tuple(action))
    return plans
