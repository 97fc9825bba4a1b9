"""Schema step 3 of the store (:data:`engine.store.database.MIGRATIONS`), a step in Python: SQLite
knows neither Unicode normalisation nor case folding, which the identity rule (:mod:`engine.identity`)
needs to find the participants stored twice under two spellings of one key.
"""

from __future__ import annotations

import datetime as dt
import sqlite3

from engine.identity import identity, key_value, normal_text
from engine.store import issued
from engine.validation.submission import PARTICIPANT_SEPARATOR


def migrate(db: sqlite3.Connection) -> None:
    """Schema step 3: the given values issued with a round's templates (:mod:`engine.store.issued`);
    submissions get a saved time (NULL for those stored before: they count as saved when ingested);
    participants get their identity, and keys typed two ways before it become one participant.

    Of two current submissions that become one participant's, the later ingested stays current and
    the other is marked replaced, as a resubmission would have done.
    """
    db.execute(issued.MIGRATION)
    db.execute("ALTER TABLE submissions ADD COLUMN saved_at TEXT")
    db.execute("ALTER TABLE participants ADD COLUMN identity TEXT")
    now = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    kept: dict[tuple[str, str], int] = {}
    for participant_id, domain, key in db.execute("SELECT id, domain, key FROM participants ORDER BY id").fetchall():
        survivor = kept.setdefault((domain, identity(key)), participant_id)
        if survivor == participant_id:
            db.execute("UPDATE participants SET identity = ? WHERE id = ?", (identity(key), participant_id))
            continue
        db.execute("UPDATE submissions SET replaced_at = ? WHERE replaced_at IS NULL AND participant_id IN (?, ?) "
                   "AND id NOT IN (SELECT max(id) FROM submissions WHERE replaced_at IS NULL "
                   "AND participant_id IN (?, ?) GROUP BY round_id)",
                   (now, survivor, participant_id, survivor, participant_id))
        db.execute("UPDATE submissions SET participant_id = ? WHERE participant_id = ?", (survivor, participant_id))
        db.execute("DELETE FROM participants WHERE id = ?", (participant_id,))
    # Keys as a submission gives them now (bo-9100 as BO-9100), so a facility's questionnaire and time
    # registration, stored under two spellings, meet again; after the merge, when no key is taken twice.
    for participant_id, domain, key in db.execute("SELECT id, domain, key FROM participants").fetchall():
        normal = key_in_normal_form(domain, key)
        if normal != key:
            db.execute("UPDATE participants SET key = ?, identity = ? WHERE id = ?",
                       (normal, identity(normal), participant_id))
    db.execute("CREATE UNIQUE INDEX participants_identity ON participants (domain, identity)")


def key_in_normal_form(domain_id: str, key: str) -> str:
    """A stored participant key as its domain's fields read it today (:mod:`engine.identity`)."""
    from engine.benchmarks import DOMAIN_IDS, get_domain

    if domain_id not in DOMAIN_IDS:
        return key
    domain = get_domain(domain_id)
    _, field = domain.form_field(domain.participant_field)
    main, separator, detail = key.partition(PARTICIPANT_SEPARATOR) if domain.participant_detail else (key, "", "")
    return key_value(field.identity, main) + separator + (normal_text(detail) if separator else "")
