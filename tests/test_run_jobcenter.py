"""``kommunebench run --benchmark jobcenter``: from the stored round through the run registry to reports.

The round is written from the synthetic truth as filled workbooks (a few with the typical mistakes),
validated, ingested and run through the CLI; the complete municipalities' unit costs must equal the
engine's computation straight from the truth, so nothing is lost or changed on the way through the
workbooks and the store.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import openpyxl
import pytest

from engine.benchmarks.jobcenter import workbook_values as values_of
from engine.benchmarks.jobcenter.compute import compute_jobcenter
from engine.benchmarks.jobcenter.demo import write_round
from engine.benchmarks.jobcenter.inputs import JobcenterInputs
from engine.benchmarks.jobcenter.report import SHEETS
from engine.benchmarks.jobcenter.synthetic import draw_round
from engine.cli import main
from engine.run import run_round


@pytest.fixture(scope="module")
def stored(tmp_path_factory):
    folder = tmp_path_factory.mktemp("jobcenter_run")
    truth = draw_round(seed=4, participants=9, year=2026)
    paths, mistakes = write_round(truth, folder)
    register = values_of.write_register_csv(truth.register, folder / "register_2026.csv")
    db = folder / "bench.sqlite"
    main(["ingest", *map(str, paths), "--round", "2026", "--db", str(db), "--workers", "1"])
    shutil.copy(db, folder / "never_run.sqlite")  # the round as ingested, before any test runs it
    return truth, mistakes, register, db


@pytest.fixture
def never_run(stored, tmp_path):
    """A copy of the ingested round that no run has touched: no run recorded, no register kept."""
    return Path(shutil.copy(stored[3].parent / "never_run.sqlite", tmp_path / "bench.sqlite"))


def test_run_writes_a_report_per_complete_municipality_and_the_overview(stored, tmp_path, capsys):
    truth, mistakes, register, db = stored
    out = tmp_path / "reports"
    assert main(["run", "--benchmark", "jobcenter", "--round", "2026", "--db", str(db), "--out", str(out),
                 "--register", str(register), "--workers", "2"]) == 0
    names = sorted(p.name for p in out.iterdir())
    complete = sorted(set(truth.staff["municipality"]) - set(mistakes))
    assert "oversigt_2026.xlsx" in names
    assert sorted(name.split("_")[0] for name in names if name[0].isdigit()) == complete
    book = openpyxl.load_workbook(out / next(n for n in names if n.startswith(complete[0])))
    assert book.sheetnames[0] == SHEETS["key"].da
    printed = capsys.readouterr().out
    # The round's line is the one `kommunebench status` prints: the complete municipalities received.
    line = next(line for line in printed.splitlines() if line.startswith("Runde 2026, jobcenter:"))
    assert line.startswith(f"Runde 2026, jobcenter: {len(complete)} modtaget"), line
    main(["status", "--benchmark", "jobcenter", "--round", "2026", "--db", str(db)])
    assert line in capsys.readouterr().out
    assert "0 modtaget" not in printed


def test_unit_costs_from_the_workbooks_equal_the_computation_from_the_truth(stored, tmp_path):
    from engine.benchmarks.jobcenter.compute import load_jobcenter_round
    from engine.benchmarks.jobcenter.parameters import JobcenterParameters
    from engine.store.database import Store

    truth, mistakes, register, db = stored
    with Store(db) as store:
        results = load_jobcenter_round(store, 2026, JobcenterParameters(register_file=str(register)))
    complete = sorted(set(truth.staff["municipality"]) - set(mistakes))
    assert list(results.municipalities.index) == complete
    assert set(results.excluded) == set(mistakes)
    keep = lambda frame: frame[frame["municipality"].isin(complete)]  # noqa: E731
    direct = compute_jobcenter(JobcenterInputs(2026, keep(truth.staff), keep(truth.allocation), keep(truth.konto5),
                                               truth.register, truth.framework_columns))
    columns = ["fte", "konto6", "konto5", "unit_konto6", "unit_konto5", "unit_total", "fte_per_100"]
    np.testing.assert_allclose(results.groups[columns].to_numpy(float), direct.groups[columns].to_numpy(float),
                               rtol=1e-9, equal_nan=True)
    np.testing.assert_allclose(results.municipalities["expected_rate"], direct.municipalities["expected_rate"], rtol=1e-9)


def test_run_without_a_register_file_is_a_one_line_error(never_run, tmp_path, capsys):
    args = ["run", "--benchmark", "jobcenter", "--round", "2026", "--db", str(never_run),
            "--out", str(tmp_path / "r")]
    assert main(args) == 2
    error = capsys.readouterr().err
    assert "--register" in error and "Traceback" not in error and len(error.strip().splitlines()) == 1
    assert "databasen har heller ikke gemt registret for runde 2026" in error, error
    assert main([*args, "--lang", "en"]) == 2
    assert "the database has not kept the register for round 2026 either" in (error := capsys.readouterr().err), error
    assert main(["round", "history", "--benchmark", "jobcenter", "--round", "2026", "--db", str(never_run)]) == 0
    assert "ingen kørsel af runden er registreret" in capsys.readouterr().out.splitlines()
    db = never_run
    assert main(["run", "--round", "2026", "--db", str(db), "--out", str(tmp_path), "--register", "x.csv"]) == 2


def test_the_registry_reports_a_round_computed_straight_from_the_synthetic_truth(tmp_path):
    results = compute_jobcenter(draw_round(seed=9, participants=12))
    chosen = list(results.municipalities.index[:2])
    summary = run_round(Path("unused.sqlite"), 2026, tmp_path, "en", workers=1, participants=chosen,
                        results=results, benchmark="jobcenter")
    assert not summary.failed and len(summary.written) == 2 and summary.overview.name == "overview_2026.xlsx"


def test_a_later_run_uses_the_kept_register_and_says_when_a_new_one_replaces_it(stored, never_run, tmp_path, capsys):
    from engine.store.database import Store, file_sha256
    from engine.store.round_runs import last_run, recorded_runs

    truth, _, register, _ = stored
    db = never_run
    run = ["run", "--benchmark", "jobcenter", "--round", "2026", "--db", str(db), "--workers", "1"]
    assert main([*run, "--out", str(tmp_path / "1"), "--register", str(register)]) == 0
    first = capsys.readouterr().out
    assert "gemt ved kørslen" not in first and "ændret" not in first
    with Store(db) as store:
        stored_at = last_run(store.db, "jobcenter_staff", 2026).run_at

    assert main([*run, "--out", str(tmp_path / "2")]) == 0  # no --register: the kept one
    said = capsys.readouterr().out.splitlines()
    sha = file_sha256(register)
    assert said[0] == f"bruger registret gemt ved kørslen {stored_at[:10]} {stored_at[11:16]} UTC (sha256 {sha[:12]})"

    newer = truth.register.copy()
    newer.loc[0, "realised_rate"] = float(newer.loc[0, "realised_rate"]) + 0.01
    changed = values_of.write_register_csv(newer, tmp_path / "register_2026_rettet.csv")
    config = tmp_path / "runde.toml"
    config.write_text("[jobcenter]\nflag_distance = 0.3\n", encoding="utf-8")
    assert main([*run, "--out", str(tmp_path / "3"), "--register", str(changed), "--config", str(config),
                 "--lang", "en"]) == 0
    said = capsys.readouterr().out.splitlines()
    assert said[0] == f"The register changed since the last run (sha256 {sha[:12]} → {file_sha256(changed)[:12]}); " \
                      "the new one is stored and used"
    with Store(db) as store:
        runs = recorded_runs(store.db, "jobcenter_staff", 2026)
    assert [run.files["register_file"] for run in runs] == [sha, sha, file_sha256(changed)]

    assert main(["round", "history", "--benchmark", "jobcenter", "--round", "2026", "--db", str(db)]) == 0
    lines = [line for line in capsys.readouterr().out.splitlines() if line.startswith("kørsel ")]
    assert len(lines) == 3
    assert f"register_2026.csv (sha256 {sha[:12]})" in lines[0] and lines[0].endswith("første registrerede kørsel")
    assert lines[1].endswith("samme indstillinger som kørslen før")
    assert f"register_2026_rettet.csv (sha256 {file_sha256(changed)[:12]})" in lines[2]
    assert lines[2].endswith("andre indstillinger end kørslen før: flag_distance 0.25 → 0.3"), lines[2]
    history = ["round", "history", "--benchmark", "jobcenter", "--round", "2026", "--db", str(db)]
    assert main([*history, "--lang", "en"]) == 0
    assert "other settings than the run before: flag_distance 0.25 → 0.3" in capsys.readouterr().out
