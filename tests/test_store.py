"""The embedded store: provenance, refusal, atomic resubmission, rounds and schema versions."""

from __future__ import annotations

import sqlite3

import pytest

from conftest import edit, valid_values, write_filled
from engine.cli import main
from engine.store.database import SCHEMA_VERSION, Store, StoreError, file_sha256
from engine.validation.validate import validate_file


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "bench.sqlite") as store:
        yield store


def test_valid_file_is_stored_with_provenance(store, filled):
    outcome = store.ingest(validate_file(filled), 2026)
    assert outcome.stored and outcome.participant == "751" and not outcome.replaced
    [current] = store.current_submissions("administration", 2026)
    assert current["file_name"] == filled.name and current["sha256"] == file_sha256(filled)
    values = {(sheet, key, field): (number, text, where)
              for _, sheet, key, field, number, text, where in store.round_values("administration", 2026)}
    assert values[("finance", "FIN-001", "fte")] == (valid_values()[("finance", "FIN-001", "fte")], None, "'Økonomi'!G6")
    assert values[("front", "", "municipality")] == (None, "751", "'Forside'!B5")


def test_file_with_errors_is_refused_and_changes_nothing(store, filled):
    broken = edit(filled, {("Økonomi", "D6"): 9})
    outcome = store.ingest(validate_file(broken), 2026)
    assert not outcome.stored and [i.code for i in outcome.issues] == ["out-of-range"]
    assert store.current_submissions("administration", 2026) == []
    assert store.db.execute("SELECT count(*) FROM submission_values").fetchone()[0] == 0


def test_wrong_year_is_refused(store, filled):
    outcome = store.ingest(validate_file(filled), 2025)
    assert not outcome.stored and [i.code for i in outcome.issues] == ["round-year-mismatch"]


def test_resubmission_replaces_the_earlier_one(store, filled, tmp_path):
    store.ingest(validate_file(filled), 2026)
    corrected = edit(filled, {("Økonomi", "G6"): 7.5}, tmp_path / "aarhus_rettet.xlsx")
    outcome = store.ingest(validate_file(corrected), 2026)
    assert outcome.stored and outcome.replaced
    [current] = store.current_submissions("administration", 2026)
    assert current["file_name"] == "aarhus_rettet.xlsx"
    fte = [n for p, s, k, f, n, *_ in store.round_values("administration", 2026) if (k, f) == ("FIN-001", "fte")]
    assert fte == [7.5]
    history = store.db.execute("SELECT file_name, replaced_at IS NOT NULL FROM submissions ORDER BY id").fetchall()
    assert history == [("aarhus.xlsx", 1), ("aarhus_rettet.xlsx", 0)]


def test_failed_resubmission_leaves_the_earlier_one(store, filled, monkeypatch, tmp_path):
    store.ingest(validate_file(filled), 2026)
    result = validate_file(edit(filled, {("Økonomi", "G6"): 7.5}, tmp_path / "rettet.xlsx"))
    real_execute = store.db.executemany

    def failing_executemany(sql, rows):
        if "submission_issues" in sql:
            raise sqlite3.OperationalError("disk full")
        return real_execute(sql, rows)

    wrapper = _ConnectionProxy(store.db, failing_executemany)
    monkeypatch.setattr(store, "db", wrapper)
    with pytest.raises(StoreError, match="bench.sqlite"):
        store.ingest(result, 2026)
    monkeypatch.undo()
    [current] = store.current_submissions("administration", 2026)
    assert current["submission_id"] == 1
    assert store.db.execute("SELECT count(*) FROM submissions").fetchone()[0] == 1


class _ConnectionProxy:
    def __init__(self, db, executemany):
        self._db, self.executemany = db, executemany

    def __getattr__(self, name):
        return getattr(self._db, name)


def test_earlier_rounds_are_kept(store, tmp_path):
    values = valid_values()
    values[("front", "year")] = 2025
    store.ingest(validate_file(write_filled(tmp_path / "2025.xlsx", values)), 2025)
    store.ingest(validate_file(write_filled(tmp_path / "2026.xlsx")), 2026)
    assert store.years("administration") == [2025, 2026]
    assert len(store.current_submissions("administration", 2025)) == 1


def test_schema_version_and_foreign_databases(tmp_path):
    path = tmp_path / "bench.sqlite"
    Store(path).close()
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.commit()
    db.close()
    with pytest.raises(StoreError, match="schema version"):
        Store(path)
    other = tmp_path / "other.sqlite"
    sqlite3.connect(other).execute("CREATE TABLE x (y)").connection.commit()
    with pytest.raises(StoreError, match="not a kommunebench store"):
        Store(other)


def test_ingest_command(capsys, tmp_path, filled):
    # Another municipality: two files of one in a batch would be a duplicate (on the one saved earlier).
    broken = edit(write_filled(tmp_path / "kbh.xlsx", valid_values(2, "101")), {("Økonomi", "D6"): 9},
                  tmp_path / "broken.xlsx")
    db = tmp_path / "bench.sqlite"
    code = main(["ingest", str(filled), str(broken), "--round", "2026", "--db", str(db), "--workers", "1"])
    out = capsys.readouterr().out
    assert code == 1 and "'Økonomi'!D6" in out
    with Store(db) as store:
        assert [s["participant"] for s in store.current_submissions("administration", 2026)] == ["751"]


@pytest.mark.parametrize("count", [0, 1, 199, 200, 201, 400, 457])
def test_values_are_stored_exactly_however_many_a_statement_takes(store, count):
    # Values go in by statements of many rows; every count, around the statement size too, stores
    # each row once and unchanged (floats bit for bit, texts, NULLs).
    from engine.store.database import _insert_values

    rows = [("sheet", f"K{i:04d}", "field" if i % 3 else "other", None if i % 5 == 0 else i / 7,
             f"t{i}" if i % 5 == 0 else None, f"'Ark'!A{i + 1}") for i in range(count)]
    with store.transaction() as db:
        db.execute("INSERT INTO rounds (id, domain, year, created_at) VALUES (1, 'x', 2026, 'now')")
        db.execute("INSERT INTO participants VALUES (1, 'x', 'p', 'P', 'p')")
        db.execute("INSERT INTO submissions VALUES (1, 1, 1, 'f', 's', '1', 'da', 'now', NULL, NULL)")
        _insert_values(db, 1, rows)
    stored = store.db.execute("SELECT * FROM submission_values ORDER BY row_key").fetchall()
    assert stored == [(1, *row) for row in rows]
