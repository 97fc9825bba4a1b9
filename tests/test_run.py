"""From filled workbooks to reports: ingest, run (parallel, atomic, failure-tolerant) and the demo."""

from __future__ import annotations

import random
import shutil

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
    assert book.sheetnames[:2] == ["Hovedbudskaber", "Overblik"]
    printed = capsys.readouterr().out
    assert f"{len(CODES)} rapporter skrevet til" in printed
    assert f"Runde 2026, administration: {len(CODES)} modtaget, 0 afvist, 0 mangler" in printed


@pytest.mark.libreoffice
def test_run_pdf_writes_a_pdf_beside_every_workbook(round_db, tmp_path, capsys):
    out = tmp_path / "reports"
    assert main(["run", "--round", "2026", "--db", str(round_db), "--out", str(out), "--workers", "2",
                 "--pdf", "--lang", "en"]) == 0
    workbooks = sorted(out.glob("*.xlsx"))
    pdfs = sorted(out.glob("*.pdf"))
    assert [p.stem for p in pdfs] == [p.stem for p in workbooks] and len(pdfs) == len(CODES) + 1
    assert all(p.read_bytes()[:4] == b"%PDF" for p in pdfs)
    assert sorted(p.name for p in out.iterdir()) == sorted([*(p.name for p in workbooks), *(p.name for p in pdfs)])
    assert f"{len(pdfs)} PDF files written" in capsys.readouterr().out


def test_run_pdf_without_libreoffice_says_so_and_keeps_the_workbooks(round_db, tmp_path, capsys, monkeypatch):
    import engine.report.pdf

    monkeypatch.setattr(engine.report.pdf, "find_libreoffice", lambda: None)
    out = tmp_path / "reports"
    assert main(["run", "--round", "2026", "--db", str(round_db), "--out", str(out), "--workers", "1",
                 "--pdf"]) == 1
    err = capsys.readouterr().err
    assert "Ingen PDF: LibreOffice er ikke installeret" in err and "Traceback" not in err
    assert len(list(out.glob("*.xlsx"))) == len(CODES) + 1 and not list(out.glob("*.pdf"))


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


def test_the_round_is_prepared_once_in_the_parent_and_the_workers_inherit_it(round_db, tmp_path, monkeypatch):
    import os

    import engine.benchmarks.administration.report_data as report_data

    builders = tmp_path / "builders.txt"
    real = report_data._build

    def recorded(results):
        with builders.open("a") as log:
            log.write(f"{os.getpid()}\n")
        return real(results)

    monkeypatch.setattr(report_data, "_build", recorded)
    summary = run_round(round_db, 2026, tmp_path / "out", workers=2)
    assert len(summary.written) == len(CODES) and not summary.failed
    assert builders.read_text().split() == [str(os.getpid())]  # built here, never again in a worker


def test_run_usage_errors(tmp_path, round_db, capsys):
    assert main(["run", "--round", "2026", "--db", str(tmp_path / "none.sqlite"), "--out", str(tmp_path)]) == 2
    assert main(["run", "--round", "2030", "--db", str(round_db), "--out", str(tmp_path)]) == 2  # an empty round
    config = tmp_path / "runde.toml"
    config.write_text("[administration]\nunknown_knob = 1\n", encoding="utf-8")
    assert main(["run", "--round", "2026", "--db", str(round_db), "--out", str(tmp_path), "--config", str(config)]) == 2
    assert "unknown_knob" in capsys.readouterr().err


def test_demo_runs_end_to_end(tmp_path, capsys):
    out = tmp_path / "demo"
    assert main(["demo", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "Se:" in printed and "celler rettet, resten uændret" in printed
    reports = sorted((out / "reports").glob("*.xlsx"))
    assert len(reports) == 30  # 29 municipalities (one never corrected its file) + the overview
    assert len(list((out / "annotated").glob("*.xlsx"))) == 3
    # botilbud: 120 facilities, one whose questionnaire was refused; the overview besides
    assert len(list((out / "botilbud" / "reports").glob("*.xlsx"))) == 119 + 1
    # jobcenter: 30 municipalities, 6 with a typical mistake (annotated in 7 workbooks) and left incomplete
    jobcenter = out / "jobcenter"
    assert len(list((jobcenter / "annotated").glob("*.xlsx"))) == 7
    assert "rundens status: 24 komplette, 6 ufuldstændige" in printed
    assert (jobcenter / "status_2026.xlsx").exists() and (jobcenter / "register_2026.csv").exists()
    assert len(list((jobcenter / "reports").glob("*.xlsx"))) == 24 + 1  # the complete municipalities + overview

    # the yearly cycle: 2024 and 2025 reported with plans returned (some twice); this year's reports
    # show three years and follow up last year's plan, and so does the overview
    from python_calamine import CalamineWorkbook

    cycle = out / "cycle"
    assert len(list((cycle / "reports_2024").glob("*.xlsx"))) == 12 + 1  # those returning a plan, the overview
    assert list((cycle / "plans_2025").glob("*_opdateret.xlsx"))
    followed = [p for p in reports if not p.name.startswith("oversigt")
                and "Opfølgning" in CalamineWorkbook.from_path(str(p)).sheet_names]
    assert followed and "handleplaner returneret" in printed
    development = CalamineWorkbook.from_path(str(followed[0])).get_sheet_by_name("Udvikling").to_python()
    assert [int(y) for y in development[3][2:5]] == [2024, 2025, 2026]

    # every template in both languages, and an annotated copy of every refused botilbud file
    from engine.benchmarks import DOMAIN_IDS

    assert len(list((out / "templates").glob("*.xlsx"))) == 2 * len(DOMAIN_IDS)
    assert len(list((out / "botilbud" / "annotated").glob("*.xlsx"))) == 3

    # README's short session, replayed as written on the demo's files (a copy: the session writes files)
    from readme_session import differences, matches, session_steps

    assert len(session_steps()) >= 6
    assert matches(("a", "…", "z"), ["a", "b", "c", "z"]) and not matches(("a", "z"), ["a", "b"])
    replayed = tmp_path / "replayed"
    shutil.copytree(out, replayed)
    assert differences(replayed) == []


def test_demo_correction_changes_only_the_marked_cells(tmp_path):
    """The corrected resubmission is the submitted file with the marked cells set right, nothing else."""
    import random

    from python_calamine import CalamineWorkbook

    from engine.demo import _typed_wrong_units, _typical_mistakes, correct_marked_cells
    from engine.benchmarks import get_domain
    from engine.benchmarks.administration.synthetic import administration_values, draw_profile
    from engine.templates.writer import write_template
    from engine.validation.validate import validate_file

    domain = get_domain("administration")
    rng = random.Random(4)
    answers = administration_values(rng, draw_profile(rng, "101"), 2026)
    for number, mistakes in enumerate((_typical_mistakes, _typed_wrong_units)):
        submitted = write_template(domain, tmp_path / f"submitted{number}.xlsx", "da", answers)
        mistakes(domain, submitted)
        result = validate_file(submitted)
        assert not result.valid
        corrected, changed = correct_marked_cells(result, answers, tmp_path / f"corrected{number}.xlsx")
        assert validate_file(corrected).valid

        def cells(path):
            book = CalamineWorkbook.from_path(str(path))
            return {(name, row, col): value for name in book.sheet_names
                    for row, values in enumerate(book.get_sheet_by_name(name).to_python(skip_empty_area=False))
                    for col, value in enumerate(values)}

        before, after = cells(submitted), cells(corrected)
        differing = {key for key in before.keys() | after.keys() if before.get(key, "") != after.get(key, "")}
        # Exactly the input cells the validator marked, nothing else (the finance system stays).
        assert len(differing) == changed and 2 <= changed <= 4, sorted(differing)
        assert ("Forside", 8, 1) not in differing and before[("Forside", 8, 1)]  # the finance system


def test_the_overview_shows_who_is_refused_or_missing(round_db, tmp_path):
    """A refused municipality has no figures, but the overview's last sheet names it, and the missing ones."""
    import shutil

    from python_calamine import CalamineWorkbook

    from engine.store.database import Store
    from engine.validation.validate import validate_file

    db = tmp_path / "bench.sqlite"
    shutil.copy(round_db, db)
    rng = random.Random(5)
    broken = write_template(get_domain("administration"), tmp_path / "265.xlsx", "da",
                            {**administration_values(rng, draw_profile(rng, "265"), 2026), ("front", "year"): 2025})
    with Store(db) as store:
        assert not store.ingest(validate_file(broken), 2026).stored
    summary = run_round(db, 2026, tmp_path / "out", participants=["101"], expected=[*CODES, "265", "269"])
    assert summary.status.count("refused") == 1 and summary.status.count("missing") == 1
    book = CalamineWorkbook.from_path(str(summary.overview))
    assert book.sheet_names[-1] == "Indsendelser"
    rows = book.get_sheet_by_name("Indsendelser").to_python(skip_empty_area=False)
    assert rows[0][0].startswith(f"Runde 2026, administration: {len(CODES) + 2} forventede; {len(CODES)} modtaget")
    by_code = {row[0]: row for row in rows[2:]}
    assert by_code["265"][2:4] == ["afvist", "afvist (1 fejl)"] and by_code["265"][4] == 1
    assert by_code["269"][2] == "mangler" and by_code["751"][2] == "modtaget"
