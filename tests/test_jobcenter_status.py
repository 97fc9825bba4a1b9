"""The jobcenter round status: the same status as the other benchmarks, from the store's refusals.

A municipality sends a staff list, a konto 5 budget and one allocation per department of its staff
list; refused files are the store's record (no folder to search), the checks across a municipality's
workbooks make it incomplete, and the overview's "Indsendelser" sheet lists everyone.
"""

from __future__ import annotations

import json

import python_calamine
import pytest

from conftest import edit
from engine.benchmarks.jobcenter import workbook_values as values_of
from engine.cli import main
from engine.run import ingest_files
from engine.status.model import round_status
from engine.store.database import Store
from jobcenter_helpers import YEAR, departments, truth, write_municipality

CODES = ("450", "665")


@pytest.fixture(scope="module")
def round_with_gaps(tmp_path_factory):
    """450: one department refused; 665: one department never sent."""
    folder = tmp_path_factory.mktemp("jobcenter_status")
    paths = [p for code in CODES for p in write_municipality(folder, code)]
    dropped = next(p for p in paths if p.name.startswith("665_fte"))
    paths.remove(dropped)
    dropped.unlink()
    broken = next(p for p in paths if p.name.startswith("450_fte"))
    edit(broken, {("Fordeling", "D6"): 150})
    db = folder / "bench.sqlite"
    ingest_files(paths, db, YEAR)
    return db, broken, dropped


def _department_of(path, code):
    return next(d for d in departments(code) if path.name.endswith(d.lower().replace(" ", "-") + ".xlsx"))


def test_refused_and_missing_departments_come_from_the_store(round_with_gaps):
    db, broken, dropped = round_with_gaps
    with Store(db) as store:
        status = round_status(store, "jobcenter", YEAR)
    by_id = {p.participant: p for p in status.participants}
    assert list(by_id) == ["450", "665"] and by_id["450"].name == "Nyborg"
    assert [d.domain for d in status.spec.documents] == ["jobcenter_staff", "jobcenter_konto5", "jobcenter_fte"]
    staff, konto5, allocations = by_id["450"].documents
    assert (staff.state, konto5.state, allocations.state) == ("received", "received", "refused")
    parts = dict(allocations.parts)
    assert parts[_department_of(broken, "450")].state == "refused" and parts[_department_of(broken, "450")].errors == 2
    assert len(parts) == len(departments("450"))
    missing = dict(by_id["665"].documents[2].parts)
    assert [name for name, part in missing.items() if part.state == "missing"] == [_department_of(dropped, "665")]
    assert (by_id["450"].state, by_id["665"].state) == ("refused", "missing")
    text = by_id["665"].documents[2].describe("da")
    assert text.startswith(f"{len(departments('665')) - 1} af {len(departments('665'))} modtaget")
    assert _department_of(dropped, "665") in text


def test_status_command_prints_the_same_status_as_text_and_json(round_with_gaps, capsys):
    db, broken, _ = round_with_gaps
    assert main(["status", "--benchmark", "jobcenter", "--round", "2026", "--db", str(db)]) == 1
    printed = capsys.readouterr().out
    assert f"afvist: {_department_of(broken, '450')} (2 fejl)" in printed and "1 afvist, 1 mangler" in printed
    assert main(["status", "--benchmark", "jobcenter", "--round", "2026", "--db", str(db), "--json"]) == 1
    document = json.loads(capsys.readouterr().out)
    assert document["benchmark"] == "jobcenter" and document["counts"]["refused"] == 1
    departments_450 = document["participants"][0]["documents"]["jobcenter_fte"]
    assert departments_450["state"] == "refused"
    assert {part["state"] for part in departments_450["parts"].values()} == {"received", "refused"}


def test_an_employee_nobody_allocated_makes_the_municipality_inconsistent(tmp_path, capsys):
    from jobcenter_helpers import department_values, write_department

    paths = write_municipality(tmp_path, "450")
    first = departments("450")[0]
    values = department_values("450", first)
    employee = values[("allocation", 0, "employee_id")]
    kept = {k: v for k, v in values.items()
            if k[0] != "allocation" or values[("allocation", k[1], "employee_id")] != employee}
    rows = sorted({k[1] for k in kept if k[0] == "allocation"})
    renumbered = {(k if k[0] != "allocation" else (k[0], rows.index(k[1]), k[2])): v for k, v in kept.items()}
    path = next(p for p in paths if p.name.startswith("450_fte_") and p.name.endswith(f"{first.lower().replace(' ', '-')}.xlsx"))
    write_department(tmp_path, "450", first, renumbered)
    assert path.exists()
    db = tmp_path / "bench.sqlite"
    assert all(o.stored for o in ingest_files(paths, db, YEAR))
    with Store(db) as store:
        status = round_status(store, "jobcenter", YEAR)
    (participant,) = status.participants
    assert participant.state == "inconsistent"
    assert {issue.code for issue in participant.findings} == {"department-fte-mismatch", "employee-not-allocated"}
    assert main(["status", "--benchmark", "jobcenter", "--round", "2026", "--db", str(db)]) == 1
    assert "employee" not in capsys.readouterr().out.split("\n")[0]


def test_a_complete_round_exits_0_and_a_register_is_checked(tmp_path, capsys):
    paths = [p for code in CODES for p in write_municipality(tmp_path, code)]
    db = tmp_path / "bench.sqlite"
    ingest_files(paths, db, YEAR)
    register = values_of.write_register_csv(truth().register, tmp_path / "register.csv")
    assert main(["status", "--benchmark", "jobcenter", "--round", "2026", "--db", str(db),
                 "--register", str(register)]) == 0
    assert "2 modtaget" in capsys.readouterr().out
    partial = values_of.write_register_csv(truth().register[truth().register.municipality != "665"],
                                           tmp_path / "partial.csv")
    assert main(["status", "--round", "2026", "--db", str(db), "--register", str(partial)]) == 1
    assert "665" in capsys.readouterr().out


def test_the_overview_lists_every_municipality_on_its_submissions_sheet(round_with_gaps, tmp_path):
    db, _, _ = round_with_gaps
    complete = tmp_path / "complete"
    complete.mkdir()
    register = values_of.write_register_csv(truth().register, tmp_path / "register.csv")
    out = tmp_path / "reports"
    # One complete municipality beside the two incomplete ones, so the round can be computed.
    extra = [p for p in write_municipality(complete, "450")]
    other_db = tmp_path / "round.sqlite"
    ingest_files([*extra], other_db, YEAR)
    for path in sorted(db.parent.glob("665_*.xlsx")):
        ingest_files([path], other_db, YEAR)
    assert main(["run", "--benchmark", "jobcenter", "--round", "2026", "--db", str(other_db), "--out", str(out),
                 "--register", str(register), "--workers", "1"]) == 0
    book = python_calamine.CalamineWorkbook.from_path(str(out / "oversigt_2026.xlsx"))
    assert "Indsendelser" in book.sheet_names
    rows = book.get_sheet_by_name("Indsendelser").to_python()
    ids = [str(row[0]).removesuffix(".0") for row in rows[2:]]
    assert ids[:2] == ["450", "665"]
    assert rows[3][2] == "mangler"


def test_the_jobcenter_demo_speaks_the_chosen_language_throughout(tmp_path):
    import openpyxl

    from engine.benchmarks.jobcenter.demo import run_jobcenter_demo

    said = []
    demo = run_jobcenter_demo(tmp_path / "jobcenter", tmp_path / "bench.sqlite", seed=3, workers=1, participants=8,
                              say=lambda da, en: said.append(da))
    assert demo.complete == 2 and demo.participants == 8  # six typical mistakes
    assert any("rundens status: 2 komplette, 6 ufuldstændige" in line for line in said)
    assert python_calamine.CalamineWorkbook.from_path(str(demo.status_workbook)).sheet_names == ["Indsendelser"]
    assert demo.summary.overview.name == "oversigt_2026.xlsx"
    overview = python_calamine.CalamineWorkbook.from_path(str(demo.summary.overview))
    assert overview.sheet_names[0] == "Nøgletal" and "Indsendelser" in overview.sheet_names
    annotated = sorted((demo.out_dir / "annotated").glob("*.xlsx"))
    assert annotated and all("Fejl" in openpyxl.load_workbook(p, read_only=True).sheetnames for p in annotated)
