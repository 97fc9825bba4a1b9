"""What each run of a round used (schema step 6): method version, parameters, input files by sha256;
and every shipped store gets it on upgrade."""

from __future__ import annotations

import sqlite3

import pytest

from engine.benchmarks.jobcenter.parameters import JobcenterParameters
from engine.store.database import SCHEMA_VERSION, Store, file_sha256
from engine.store.round_runs import (changed_parameters, last_run, method_version, parameter_values, record_run,
                                     stored_file)
from shipped_schemas import SHIPPED

DOMAIN = "jobcenter_staff"


def _round(store, year: int) -> None:
    with store.transaction() as db:
        db.execute("INSERT INTO rounds (domain, year, created_at) VALUES (?, ?, '2026-01-01T00:00:00+00:00')",
                   (DOMAIN, year))


def test_a_register_is_kept_once_per_round_and_the_latest_run_says_which(tmp_path):
    first, second = tmp_path / "register_a.csv", tmp_path / "register_b.csv"
    first.write_text("municipality;x\n101;1\n", encoding="utf-8")
    second.write_text("municipality;x\n101;2\n", encoding="utf-8")
    with Store(tmp_path / "bench.sqlite") as store:
        assert record_run(store, DOMAIN, 2026, JobcenterParameters(register_file=str(first))) is None  # no round
        _round(store, 2026)
        _round(store, 2025)
        for path in (first, first, second):
            record_run(store, DOMAIN, 2026, JobcenterParameters(register_file=str(path), min_group=6))
        assert store.db.execute("SELECT count(*) FROM round_runs").fetchone()[0] == 3
        assert store.db.execute("SELECT count(*) FROM round_files").fetchone()[0] == 2  # by sha256, once each
        kept = stored_file(store.db, DOMAIN, 2026, "register_file")
        assert (kept.file_name, kept.sha256, kept.content) == (second.name, file_sha256(second), second.read_bytes())
        run = last_run(store.db, DOMAIN, 2026)
        assert run.method_version == method_version() and run.parameters["min_group"] == 6
        assert run.files == {"register_file": file_sha256(second)}
        assert last_run(store.db, DOMAIN, 2025) is None and stored_file(store.db, DOMAIN, 2025, "register_file") is None
        second.write_text("changed after the run", encoding="utf-8")  # the kept copy is the file as it was run
        assert stored_file(store.db, DOMAIN, 2026, "register_file").content != second.read_bytes()


def test_only_method_parameters_are_compared():
    then = parameter_values(JobcenterParameters(register_file="a.csv", consented=("101",), flag_distance=0.3))
    now = parameter_values(JobcenterParameters(register_file="b.csv", consented=("147",)))
    assert changed_parameters(then, now) == (("flag_distance", 0.3, 0.25),)
    assert changed_parameters({**now, "retired": 1}, now) == (("retired", 1, None),)


@pytest.mark.parametrize("shipped", sorted(SHIPPED))
def test_every_shipped_schema_upgrades_to_keep_runs_and_registers(shipped, tmp_path):
    version, scripts = SHIPPED[shipped]
    path = tmp_path / "old.sqlite"
    with sqlite3.connect(path) as old:
        for script in scripts:
            old.executescript(script)
        old.execute("INSERT INTO rounds (id, domain, year, created_at) VALUES (1, ?, 2025, '2025-03-01T10:00:00')",
                    (DOMAIN,))
        old.execute(f"PRAGMA user_version = {version}")
    register = tmp_path / "register_2026.csv"
    register.write_text("municipality;x\n101;1\n", encoding="utf-8")
    with Store(path) as store:
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        # the earlier round was never run with runs recorded: the trend keeps the old behaviour for it
        assert last_run(store.db, DOMAIN, 2025) is None
        _round(store, 2026)
        record_run(store, DOMAIN, 2026, JobcenterParameters(register_file=str(register)))
        assert stored_file(store.db, DOMAIN, 2026, "register_file").sha256 == file_sha256(register)
        assert store.db.execute("SELECT year FROM rounds ORDER BY id").fetchall() == [(2025,), (2026,)]
