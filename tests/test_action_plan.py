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
def test_a_filled_plan_round_trips_through_libreoffice_without_losing_a_cell(report_with_plan, tmp_path):
    """Every answer cell of every item filled (openpyxl writes the file as Excel's format does), saved by
    LibreOffice headless, edited and saved once more in Excel's format, then ingested: every cell of the
    sheet is the same at each step, the stored plan is what was filled, the lists, date rule and locks
    are still there."""
    from libreoffice import convert

    from engine.cli import main
    from engine.store.plans import current_plans

    path, folder = report_with_plan
    choices = _choices(path)
    book = openpyxl.load_workbook(path)
    ws = book["Handleplan"]
    filled_in = []
    for offset, item in enumerate(choices):
        row = 5 + offset
        answer = ((choices[item] + ["Eget tiltag"])[offset % (len(choices[item]) + 1)], f"Ejer {offset} æøå",
                  dt.datetime(2027, 1 + offset % 12, 28), f"Effekt; linje 1\nlinje 2 ({offset})",
                  ["Planlagt", "I gang", "Gennemført", "Opgivet"][offset % 4])
        for col, value in zip("DEFGH", answer):
            ws[f"{col}{row}"] = value
        filled_in.append((item, answer[0], answer[1], answer[2].date().isoformat(), answer[3], answer[4]))
    filled = tmp_path / "filled.xlsx"
    book.save(filled)
    saved = convert(filled, "xlsx", tmp_path / "lo")
    again = tmp_path / "again.xlsx"
    openpyxl.load_workbook(saved).save(again)  # opened and saved once more in Excel's format
    before = _plan_rows(filled)
    assert _plan_rows(saved) == before and _plan_rows(again) == before  # no cell lost or changed
    for version in (saved, again):
        sheet = openpyxl.load_workbook(version)["Handleplan"]
        assert sheet.protection.sheet
        assert all(sheet[f"{col}{5 + offset}"].protection.locked is False
                   for col in "DEFGH" for offset in range(len(choices)))
        assert sheet["A5"].protection.locked is not False and sheet["C5"].protection.locked is not False
        ranges = {(v.type, str(v.sqref)) for v in sheet.data_validations.dataValidation}
        last = 4 + len(choices)
        assert {("date", f"F5:F{last}" if last > 5 else "F5"), ("list", f"H5:H{last}" if last > 5 else "H5")} <= ranges
        assert sum(kind == "list" and ref.startswith("D") for kind, ref in ranges) == len(choices)
    db = folder / "bench.sqlite"
    assert main(["plan", "ingest", str(again), "--db", str(db)]) == 0
    with Store(db) as store:
        [(_, stored)] = current_plans(store.db, "administration", 2026).items()
    assert stored == filled_in
    actions, issues = read_action_plan(again, _plan_rows(again), choices, "da")
    assert issues == [] and [a.location for a in actions] == [f"'Handleplan'!D{5 + i}" for i in range(len(choices))]


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
    ws["H5"], ws["L3"] = "Planlagt", "administration|2026|999"  # the hidden identity cell changed
    stranger = tmp_path / "retur_fremmed.xlsx"
    book.save(stranger)
    db = folder / "bench.sqlite"
    assert main(["plan", "ingest", str(bad), str(stranger), str(good), "--db", str(db)]) == 1
    out = capsys.readouterr().out
    assert "retur_fejl.xlsx" in out and "H5" in out
    assert "retur_fremmed.xlsx: 999 has no submission in the 2026 round" in out
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
