"""Store upgrades from every schema kommunebench has shipped, and re-opening one round for a late file.

Old stores are built from the SQL their releases created (tests/shipped_schemas.py, from the git
history), filled with rows as those releases wrote them, and opened with today's Store.
"""

from __future__ import annotations

import random
import sqlite3

import pytest

from conftest import edit, write_filled
from engine.benchmarks.administration.synthetic import administration_values, draw_profile
from engine.cli import main
from engine.report.action_plan import PlannedAction
from engine.status.model import round_status
from engine.store import round_state
from engine.store.database import SCHEMA_VERSION, Store
from engine.store.migrations import backup_path, schema_of
from engine.store.plans import current_plans, store_plan
from engine.validation.validate import validate_file
from shipped_schemas import SHIPPED


def _old_store(path, scripts, version) -> None:
    """A store as an earlier release left it: its schema, and one round with a submission (and a refusal)."""
    db = sqlite3.connect(path)
    for script in scripts:
        db.executescript(script)
    _insert(db, "rounds", {"id": 1, "domain": "administration", "year": 2024,
                           "created_at": "2024-03-01T10:00:00+00:00", "closed_at": "2024-04-01T10:00:00+00:00"})
    _insert(db, "participants", {"id": 1, "domain": "administration", "key": "101", "name": "København",
                                 "identity": "101"})
    _insert(db, "submissions", {"id": 1, "round_id": 1, "participant_id": 1, "file_name": "kbh.xlsx", "sha256": "ab",
                                "template_version": "1", "language": "da", "ingested_at": "2024-03-01T10:00:00+00:00",
                                "replaced_at": None, "saved_at": "2024-02-28T09:00:00+00:00"})
    db.execute("INSERT INTO submission_values VALUES (1, 'finance', 'FIN-001', 'fte', 7.5, NULL, '''Økonomi''!G6')")
    db.execute("INSERT INTO submission_issues VALUES (1, 'zero-fte', 'warning', 'Økonomi', 'G7', 'fte', '{}')")
    if version >= 2:
        _insert(db, "refusals", {"id": 1, "year": 2024, "domain": "administration", "participant": "101",
                                 "file_name": "kbh0.xlsx", "sha256": "cd", "refused_at": "2024-03-01T11:00:00+00:00",
                                 "after_submission": 1, "errors": 1, "warnings": 0})
    if version >= 4:
        _insert(db, "round_events", {"id": 1, "round_id": 1, "action": "close", "at": "2024-04-01T10:00:00+00:00",
                                     "reason": "rapporter sendt"})
    db.execute(f"PRAGMA user_version = {version}")
    db.commit()
    db.close()


def _insert(db, table: str, row: dict) -> None:
    """``row``'s values for the columns ``table`` has in this schema (a later step's columns left out)."""
    columns = [c[1] for c in db.execute(f"PRAGMA table_info('{table}')")]
    db.execute(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
               [row[c] for c in columns])


def _rows(db, table: str) -> list[tuple]:
    return db.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall()


@pytest.mark.parametrize("shipped", sorted(SHIPPED))
def test_every_shipped_schema_upgrades_to_todays_and_keeps_everything(shipped, tmp_path, filled):
    version, scripts = SHIPPED[shipped]
    path = tmp_path / "old.sqlite"
    _old_store(path, scripts, version)
    with sqlite3.connect(path) as before:
        kept = {t: _rows(before, t) for t in ("rounds", "participants", "submissions", "submission_values",
                                             "submission_issues") + (("round_events",) if version >= 4 else ())}
    with Store(tmp_path / "fresh.sqlite") as fresh:
        expected = schema_of(fresh.db)
    with Store(path) as store:
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        schema = schema_of(store.db)
        extra = {key for key in schema if key not in expected}
        # the first version-1 stores keep their (never written) consent table; nothing else differs
        assert extra == ({("table", "round_consents")} if "a5d1198" in shipped else set())
        assert {key: schema[key] for key in expected} == expected
        for table, rows in kept.items():
            assert [row[:len(rows[0])] for row in _rows(store.db, table)] == rows, table
        if version >= 2:
            assert store.db.execute("SELECT after_submission FROM refusals").fetchall() == [(1,)]
        # today's ingest works in it: a refusal (needs every refusal column) and a submission
        assert not store.ingest(validate_file(edit(filled, {("Økonomi", "D6"): 9}, tmp_path / "bad.xlsx")),
                                2026).stored
        assert store.ingest(validate_file(filled), 2026).stored
        assert round_status(store, "administration", 2026).participants[0].state == "received"
        # and a returned action plan is kept (schema step 5)
        action = PlannedAction("finance:FIN-001", "Eget tiltag", "Økonomichefen", None, "", "Planlagt",
                               "'Handleplan'!D5")
        assert not store_plan(store, "administration", 2026, "101", "plan.xlsx", "ef", [action])
        assert current_plans(store.db, "administration", 2026) == {
            "101": [("finance:FIN-001", "Eget tiltag", "Økonomichefen", None, "", "Planlagt")]}
    # the file as the earlier release left it, beside the upgraded one
    with sqlite3.connect(backup_path(path, version)) as backup:
        assert backup.execute("PRAGMA user_version").fetchone()[0] == version
        assert _rows(backup, "submission_values") == kept["submission_values"]


def test_a_new_store_leaves_no_backup(tmp_path):
    Store(tmp_path / "new.sqlite").close()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["new.sqlite"]


def _filled_for(tmp_path, code: str, year: int, seed: int):
    rng = random.Random(seed)
    return write_filled(tmp_path / f"{code}_{year}.xlsx", administration_values(rng, draw_profile(rng, code), year))


def test_a_round_reopened_for_a_late_submission_leaves_the_other_rounds_untouched(tmp_path):
    db = tmp_path / "bench.sqlite"
    with Store(db) as store:
        for year in (2024, 2025, 2026):
            assert store.ingest(validate_file(_filled_for(tmp_path, "101", year, year)), year).stored
            round_state.close_round(store, "administration", year, "rapporter sendt")
        others = {t: store.db.execute(f"SELECT * FROM {t} WHERE {where} ORDER BY 1").fetchall()
                  for t, where in _OTHER_ROUNDS.items()}
        late = _filled_for(tmp_path, "751", 2025, 7)
        refused = store.ingest(validate_file(late), 2025)
        assert not refused.stored and [i.code for i in refused.issues] == ["round-closed"]
        assert store.current_submissions("administration", 2025)[0]["participant"] == "101"

    assert main(["round", "reopen", "--round", "2025", "--db", str(db)]) == 2  # a reason is required
    assert main(["round", "reopen", "--round", "2025", "--db", str(db), "--reason", "Aarhus sendte sent"]) == 0
    with Store(db) as store:
        assert store.ingest(validate_file(late), 2025).stored
    assert main(["round", "close", "--round", "2025", "--db", str(db)]) == 0
    assert main(["round", "close", "--round", "2025", "--db", str(db)]) == 2  # already closed
    with Store(db) as store:
        assert [s["participant"] for s in store.current_submissions("administration", 2025)] == ["101", "751"]
        assert {t: store.db.execute(f"SELECT * FROM {t} WHERE {where} ORDER BY 1").fetchall()
                for t, where in _OTHER_ROUNDS.items()} == others
        history = [(e.year, e.action, e.reason) for e in round_state.events(store.db, "administration")]
        assert history[-2:] == [(2025, "reopen", "Aarhus sendte sent"), (2025, "close", "")]
        assert all(round_state.is_closed(store.db, "administration", y) for y in (2024, 2025, 2026))


# Every row of the rounds other than 2025, table by table.
_ROUND_OF = "(SELECT id FROM rounds WHERE year != 2025)"
_OTHER_ROUNDS = {
    "rounds": "year != 2025",
    "round_events": f"round_id IN {_ROUND_OF}",
    "submissions": f"round_id IN {_ROUND_OF}",
    "submission_values": f"submission_id IN (SELECT id FROM submissions WHERE round_id IN {_ROUND_OF})",
    "submission_issues": f"submission_id IN (SELECT id FROM submissions WHERE round_id IN {_ROUND_OF})",
}


def test_round_command_names_a_missing_round(tmp_path, filled, capsys):
    db = tmp_path / "bench.sqlite"
    with Store(db) as store:
        store.ingest(validate_file(filled), 2026)
    assert main(["round", "close", "--round", "2019", "--db", str(db), "--lang", "en"]) == 2
    assert "no 2019 round of administration" in capsys.readouterr().err
    assert main(["round", "history", "--round", "2026", "--db", str(db), "--lang", "en"]) == 0
    assert "the round is open" in capsys.readouterr().out
