"""``kommunebench run --benchmark jobcenter``: from the stored round through the run registry to reports.

The round is written from the synthetic truth as filled workbooks (a few with the typical mistakes),
validated, ingested and run through the CLI; the complete municipalities' unit costs must equal the
engine's computation straight from the truth, so nothing is lost or changed on the way through the
workbooks and the store.
"""

from __future__ import annotations

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
    return truth, mistakes, register, db


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


def test_run_without_a_register_file_is_a_one_line_error(stored, tmp_path, capsys):
    _, _, _, db = stored
    assert main(["run", "--benchmark", "jobcenter", "--round", "2026", "--db", str(db), "--out", str(tmp_path)]) == 2
    error = capsys.readouterr().err
    assert "register" in error and "Traceback" not in error and len(error.strip().splitlines()) == 1
    assert main(["run", "--round", "2026", "--db", str(db), "--out", str(tmp_path), "--register", "x.csv"]) == 2


def test_the_registry_reports_a_round_computed_straight_from_the_synthetic_truth(tmp_path):
    results = compute_jobcenter(draw_round(seed=9, participants=12))
    chosen = list(results.municipalities.index[:2])
    summary = run_round(Path("unused.sqlite"), 2026, tmp_path, "en", workers=1, participants=chosen,
                        results=results, benchmark="jobcenter")
    assert not summary.failed and len(summary.written) == 2 and summary.overview.name == "overview_2026.xlsx"
