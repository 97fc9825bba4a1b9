"""From filled workbooks to reports: ingest, run (parallel, atomic, failure-tolerant) and the demo."""

from __future__ import annotations

import random

import openpyxl
import pytest

from engine.benchmarks import get_domain
from engine.benchmarks.administration.synthetic import administration_values, draw_profile
from engine.cli import main
from engine.run import run_round
from engine.templates.writer import write_template

CODES = ("101", "147", "461", "621", "751", "851", "330")


@pytest.fixture(scope="module")
def round_db(tmp_path_factory):
    folder = tmp_path_factory.mktemp("round")
    rng = random.Random(11)
    domain = get_domain("administration")
    paths = [write_template(domain, folder / f"{code}.xlsx", "da",
                            administration_values(rng, draw_profile(rng, code), 2026)) for code in CODES]
    db = folder / "bench.sqlite"
    assert main(["ingest", *map(str, paths), "--round", "2026", "--db", str(db), "--workers", "2"]) == 0
    return db


def test_run_writes_every_report_and_the_overview(round_db, tmp_path, capsys):
    out = tmp_path / "reports"
    assert main(["run", "--round", "2026", "--db", str(round_db), "--out", str(out), "--workers", "2"]) == 0
    names = sorted(p.name for p in out.iterdir())
    assert len(names) == len(CODES) + 1 and "oversigt_2026.xlsx" in names
    assert not [n for n in names if n.startswith(".")], "temporary files left behind"
    book = openpyxl.load_workbook(out / "751_aarhus.xlsx")
    assert book.sheetnames[0] == "Overblik"


def test_one_failing_participant_does_not_stop_the_rest(round_db, tmp_path, monkeypatch):
    import engine.benchmarks.administration.report as report

    real = report.write_participant_report

    def flaky(results, participant, path, lang="da", cases=None):
        if participant == "461":
            raise RuntimeError("simulated failure")
        return real(results, participant, path, lang, cases)

    monkeypatch.setattr(report, "write_participant_report", flaky)
    summary = run_round(round_db, 2026, tmp_path / "out", workers=1)
    assert list(summary.failed) == ["461"] and "simulated failure" in summary.failed["461"]
    assert len(summary.written) == len(CODES) - 1 and summary.overview.exists()
    assert not (tmp_path / "out" / "461_odense.xlsx").exists()


def test_run_usage_errors(tmp_path, round_db, capsys):
    assert main(["run", "--round", "2026", "--db", str(tmp_path / "none.sqlite"), "--out", str(tmp_path)]) == 2
    assert main(["run", "--round", "1999", "--db", str(round_db), "--out", str(tmp_path)]) == 2
    config = tmp_path / "runde.toml"
    config.write_text("[administration]\nunknown_knob = 1\n", encoding="utf-8")
    assert main(["run", "--round", "2026", "--db", str(round_db), "--out", str(tmp_path), "--config", str(config)]) == 2
    assert "unknown_knob" in capsys.readouterr().err


def test_demo_runs_end_to_end(tmp_path, capsys):
    out = tmp_path / "demo"
    assert main(["demo", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "Look at" in printed
    reports = sorted((out / "reports").glob("*.xlsx"))
    assert len(reports) == 30  # 29 municipalities (one never corrected its file) + the overview
    assert len(list((out / "annotated").glob("*.xlsx"))) == 3
    # botilbud: 120 facilities, one whose questionnaire was refused; the overview besides
    assert len(list((out / "botilbud" / "reports").glob("*.xlsx"))) == 119 + 1
