"""The action plan sheet: written locked with lists, filled as a person would, saved by LibreOffice,
read back with every cell kept and bad answers found at their cells."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from engine.benchmarks import get_benchmark
from engine.report.action_plan import read_action_plan
from engine.run import run_round
from engine.store.database import Store
from engine.validation.validate import validate_file
from test_trends import CODES, _filled_for_round  # noqa: F401


@pytest.fixture(scope="module")
def report_with_plan(tmp_path_factory):
    folder = tmp_path_factory.mktemp("plan")
    db = folder / "bench.sqlite"
    with Store(db) as store:
        for i, code in enumerate(CODES):
            assert store.ingest(validate_file(_filled_for_round(folder, code, 2026, i)), 2026).stored
    for code in CODES:
        summary = run_round(db, 2026, folder / "out", participants=[code])
        rows = _plan_rows(summary.written[0])
        if len(rows) > 5:  # a municipality with at least one flagged item
            return summary.written[0], folder
    pytest.fail("no municipality with a flagged category")


def _plan_rows(path):
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Handleplan").to_python()


def _choices(path):
    book = openpyxl.load_workbook(path)
    ws = book["Handleplan"]
    choices = {}
    for r in range(5, ws.max_row + 1):
        item = ws.cell(r, 1).value
        if item:
            col = 13 + (r - 5)
            choices[item] = [ws.cell(i, col).value for i in range(1, 20) if ws.cell(i, col).value][:-1]
    return choices


def test_the_plan_is_locked_but_its_answer_cells(report_with_plan):
    path, _ = report_with_plan
    ws = openpyxl.load_workbook(path)["Handleplan"]
    assert ws.protection.sheet
    assert ws["D5"].protection.locked is False and ws["H5"].protection.locked is False
    assert ws["A5"].protection.locked is not False and ws["C5"].protection.locked is not False
    kinds = sorted({v.type for v in ws.data_validations.dataValidation})
    assert kinds == ["date", "list"]
    assert ws["H5"].value == "Planlagt"


@pytest.mark.libreoffice
def test_a_filled_plan_round_trips_through_libreoffice_and_is_read_back(report_with_plan, tmp_path):
    from libreoffice import convert

    path, _ = report_with_plan
    choices = _choices(path)
    first = next(iter(choices))
    book = openpyxl.load_workbook(path)
    ws = book["Handleplan"]
    ws["D5"] = (choices[first] or ["Eget tiltag"])[0]
    ws["E5"] = "Økonomichefen"
    ws["F5"] = dt.datetime(2027, 3, 31)
    ws["G5"] = "Færre manuelle bilag"
    ws["H5"] = "I gang"
    filled = tmp_path / "filled.xlsx"
    book.save(filled)
    saved = convert(filled, "xlsx", tmp_path / "lo")
    before, after = _plan_rows(filled), _plan_rows(saved)
    assert after == before  # no cell lost or changed by LibreOffice
    actions, issues = read_action_plan(saved, after, choices, "da")
    assert issues == []
    assert [(a.item, a.owner, a.deadline, a.status, a.location) for a in actions] == [
        (first, "Økonomichefen", dt.date(2027, 3, 31), "I gang", "'Handleplan'!D5")]


def test_bad_answers_are_found_at_their_cells(report_with_plan, tmp_path):
    path, _ = report_with_plan
    choices = _choices(path)
    rows = _plan_rows(path)
    rows[4] = list(rows[4])
    rows[4][3:8] = ["Noget helt andet", "", "snart", "", "Måske"]
    _, issues = read_action_plan(path, rows, choices, "da")
    assert sorted((i.code, i.cell) for i in issues) == [
        ("plan-deadline-not-a-date", "F5"), ("plan-owner-missing", "E5"), ("plan-unknown-action", "D5"),
        ("plan-unknown-status", "H5")]


def test_a_returned_plan_is_stored_and_a_bad_one_refused_at_its_cell(report_with_plan, tmp_path, capsys):
    from engine.cli import main
    from engine.store.plans import current_plans

    path, folder = report_with_plan
    choices = _choices(path)
    first = next(iter(choices))
    book = openpyxl.load_workbook(path)
    ws = book["Handleplan"]
    ws["D5"], ws["E5"], ws["F5"], ws["H5"] = "Eget tiltag", "HR-chefen", dt.datetime(2027, 6, 30), "Planlagt"
    good = tmp_path / "retur.xlsx"
    book.save(good)
    ws["H5"] = "Måske"
    bad = tmp_path / "retur_fejl.xlsx"
    book.save(bad)
    db = folder / "bench.sqlite"
    assert main(["plan", "ingest", str(bad), str(good), "--db", str(db)]) == 1
    out = capsys.readouterr().out
    assert "retur_fejl.xlsx" in out and "H5" in out
    with Store(db) as store:
        plans = current_plans(store.db, "administration", 2026)
    [(participant, actions)] = plans.items()
    assert path.name.startswith(participant) or participant in path.name
    assert actions == [(first, "Eget tiltag", "HR-chefen", "2027-06-30", "", "Planlagt")]


def test_the_overview_shows_who_returned_a_plan_and_what_was_chosen(report_with_plan, tmp_path):
    from engine.cli import main

    path, folder = report_with_plan
    book = openpyxl.load_workbook(path)
    ws = book["Handleplan"]
    ws["D5"], ws["E5"], ws["H5"] = "Eget tiltag", "Direktøren", "I gang"
    returned = tmp_path / "retur2.xlsx"
    book.save(returned)
    db = folder / "bench.sqlite"
    assert main(["plan", "ingest", str(returned), "--db", str(db)]) == 0
    summary = run_round(db, 2026, tmp_path / "out", participants=[])
    rows = CalamineWorkbook.from_path(str(summary.overview)).get_sheet_by_name("Handleplaner").to_python()
    assert rows[2][0] == f"1 af {len(CODES)} har returneret en plan."
    chosen = [row for row in rows[5:] if row[2] == "Eget tiltag"]
    assert len(chosen) == 1 and chosen[0][3] == "Direktøren" and chosen[0][6] == "I gang"
    assert sum(1 for row in rows[5:] if row[1] == "ingen plan returneret") == len(CODES) - 1


def test_a_file_that_is_no_workbook_is_refused_and_the_batch_goes_on(report_with_plan, tmp_path, capsys):
    from engine.cli import main

    _, folder = report_with_plan
    junk = tmp_path / "plan.xlsx"
    junk.write_text("not a workbook")
    assert main(["plan", "ingest", str(junk), "--db", str(folder / "bench.sqlite")]) == 1
    assert "plan.xlsx" in capsys.readouterr().out
