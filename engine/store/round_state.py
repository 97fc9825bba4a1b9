"""Closing a round, and re-opening it for a late submission.

A round is open until the consultant closes it (the reports are sent); a closed round refuses
every file (``round-closed``) so that the figures the reports stated stay the figures in the store.
A late submission is taken by re-opening that one round, ingesting, and closing it again: the
other rounds are not touched (no row of theirs is written), and every close and re-open is kept
with its time and reason, so a report can say which figures changed after it was sent.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass

# Schema step appended to engine.store.database.MIGRATIONS. No semicolon inside comments: the
# store splits a migration into statements at every semicolon.
MIGRATION = """
    ALTER TABLE rounds ADD COLUMN closed_at TEXT;   -- NULL: open for submissions
    CREATE TABLE round_events (
        id INTEGER PRIMARY KEY,
        round_id INTEGER NOT NULL REFERENCES rounds (id),
        action TEXT NOT NULL CHECK (action IN ('close', 'reopen')),
        at TEXT NOT NULL,
        reason TEXT NOT NULL
    );
    CREATE INDEX round_events_round ON round_events (round_id, id);
"""


class RoundStateError(ValueError):
    """A close or re-open that cannot be done (no such round, already in that state)."""


@dataclass(frozen=True)
class RoundEvent:
    year: int
    action: str
    at: str
    reason: str


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def is_closed(db: sqlite3.Connection, domain: str, year: int) -> bool:
    row = db.execute("SELECT closed_at FROM rounds WHERE domain = ? AND year = ?", (domain, year)).fetchone()
    return row is not None and row[0] is not None


def set_closed(db: sqlite3.Connection, domain: str, year: int, closed: bool, reason: str = "") -> RoundEvent:
    """Close or re-open the round ``year`` of ``domain``; writes that round's row and one event only."""
    row = db.execute("SELECT id, closed_at FROM rounds WHERE domain = ? AND year = ?", (domain, year)).fetchone()
    if row is None:
        raise RoundStateError(f"no round {year} of {domain} in the store")
    round_id, closed_at = row
    if closed == (closed_at is not None):
        raise RoundStateError(f"the round {year} of {domain} is already {'closed' if closed else 'open'}")
    now = _now()
    db.execute("UPDATE rounds SET closed_at = ? WHERE id = ?", (now if closed else None, round_id))
    action = "close" if closed else "reopen"
    db.execute("INSERT INTO round_events (round_id, action, at, reason) VALUES (?, ?, ?, ?)",
               (round_id, action, now, reason))
    return RoundEvent(year, action, now, reason)


def events(db: sqlite3.Connection, domain: str) -> list[RoundEvent]:
    """Every close and re-open of ``domain``'s rounds, oldest first."""
    return [RoundEvent(*row) for row in db.execute(
        "SELECT r.year, e.action, e.at, e.reason FROM round_events e JOIN rounds r ON r.id = e.round_id "
        "WHERE r.domain = ? ORDER BY e.id", (domain,))]


def close_round(store, domain: str, year: int, reason: str = "") -> RoundEvent:
    """Close a round of ``store`` (an open :class:`engine.store.database.Store`) in one transaction."""
    with store.transaction() as db:
        return set_closed(db, domain, year, True, reason)


def reopen_round(store, domain: str, year: int, reason: str) -> RoundEvent:
    """Re-open one closed round for a late submission; ``reason`` is kept with the event."""
    with store.transaction() as db:
        return set_closed(db, domain, year, False, reason)
