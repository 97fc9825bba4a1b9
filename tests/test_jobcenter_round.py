"""A jobcenter round: prefill per department, register file, ingest -> inputs_from_store (status: test_jobcenter_status)."""

from __future__ import annotations

import csv
import math

import openpyxl
import pandas as pd
import pytest

from conftest import edit
from engine.benchmarks.jobcenter import workbook_values as values_of
from engine.benchmarks.jobcenter.codes import FRAMEWORK_CODES
from engine.benchmarks.jobcenter.register import read_register
from engine.benchmarks.jobcenter.store_inputs import RoundNotReady, inputs_from_store, load_round
from engine.cli import main
from engine.run import ingest_files
from engine.store.database import Store
from engine.validation.validate import validate_file
from engine.workbook.output_paths import slug
from jobcenter_helpers import YEAR, truth, write_municipality, write_staff

CODES = ("450", "665")


# -- prefill ----------------------------------------------------------------------------------------------
def test_staff_list_prefills_one_template_per_department(tmp_path, capsys):
    staff = write_staff(tmp_path, "450")
    out = tmp_path / "udsendelse"
    assert main(["templates", "build", "--staff-list", str(staff), "--out", str(out), "--rows-per-employee", "3"]) == 0
    assert capsys.readouterr().out.strip() == f"3 forudfyldte skabeloner (da) skrevet til {out}/"
    written = sorted(out.glob("*.xlsx"))
    # A department name is free text: the file name is its slug (a digest is added only where two
    # departments' slugs would collide).
    assert [p.name for p in written] == sorted(f"jobcenter_fte_450_{slug(name)}.xlsx" for name in (
        "Job og Integration", "Job og Uddannelse", "Sundhed og Rehabilitering"))
    assert written[0].name == "jobcenter_fte_450_job-og-integration.xlsx"
    listed = truth().staff[truth().staff.municipality == "450"]
    for path in written:
        book = openpyxl.load_workbook(path)
        front = book["Forside"]
        department = front["B7"].value
        assert (front["B5"].value, front["B6"].value) == ("Nyborg", YEAR)
        ids = [row[0].value for row in book["Fordeling"].iter_rows(min_row=6, max_col=1) if row[0].value]
        expected = list(listed.loc[listed.department == department, "employee_id"])
        assert ids == [employee for employee in expected for _ in range(3)]
        # Untouched, the template is not yet a valid answer; the head's contact and the shares are missing.
        codes = {issue.code for issue in validate_file(path).issues}
        assert codes == {"no-records", "required-missing"}


def test_a_staff_list_with_errors_prefills_nothing(tmp_path, capsys):
    staff = edit(write_staff(tmp_path, "450"), {("Medarbejdere", "C6"): "fuld tid"})
    out = tmp_path / "udsendelse"
    assert main(["templates", "build", "--staff-list", str(staff), "--out", str(out)]) == 2
    assert "'Medarbejdere'!C6" in capsys.readouterr().err
    assert not out.exists() or not list(out.iterdir())


def test_accounts_csv_prefills_konto5_given_rows(tmp_path, capsys):
    accounts = values_of.write_accounts_csv(truth().konto5, tmp_path / "konto5.csv")
    out = tmp_path / "udsendelse"
    assert main(["templates", "build", "--accounts", str(accounts), "--year", "2026", "--out", str(out)]) == 0
    path = out / "jobcenter_konto5_450_nyborg.xlsx"
    ws = openpyxl.load_workbook(path)["Konto 5"]
    expected = {(g, t): a for c, g, t, a in values_of.accounts_rows(truth().konto5) if c == "450"}
    assert ws["I7"].value == expected[("kontanthjaelp", "mentor")]  # locked total, Mentor column
    assert ws["I8"].value is None and ws["I6"].value == expected[("dagpenge", "mentor")]
    bad = tmp_path / "bad.csv"
    bad.write_text("municipality,accounting_group,tool,amount\n450,kontanthjaelp,kaffe,10\n", encoding="utf-8")
    assert main(["templates", "build", "--accounts", str(bad), "--out", str(tmp_path / "x")]) == 2
    assert "linje 2" in capsys.readouterr().err  # Danish by default, as every command


# -- the register file ----------------------------------------------------------------------------------------
def test_register_csv_and_xlsx_read_back_the_truth(tmp_path):
    csv_path = values_of.write_register_csv(truth().register, tmp_path / "register_2026.csv")
    register = read_register(csv_path)
    assert register.valid and register.issues == []
    columns = list(values_of.register_columns())
    pd.testing.assert_frame_equal(register.frame[columns], truth().register[columns].reset_index(drop=True),
                                  check_dtype=False)
    with open(csv_path, encoding="utf-8") as handle:
        header, *rows = list(csv.reader(handle))
    book = openpyxl.Workbook()
    book.active.append(header)
    for row in rows:
        book.active.append([int(row[0]), *map(float, row[1:])])  # a code typed as a number: 101
    book.save(tmp_path / "register.xlsx")
    from_xlsx = read_register(tmp_path / "register.xlsx")
    assert from_xlsx.valid
    pd.testing.assert_frame_equal(from_xlsx.frame, register.frame)


def test_register_findings_are_located(tmp_path):
    path = values_of.write_register_csv(truth().register, tmp_path / "register_2026.csv")
    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    row = lines[3].split(",")
    row[header.index("realised_rate")] = "høj"
    lines[3] = ",".join(row)
    lines[5] = "999" + lines[5][3:]
    lines[7] = lines[6]
    path.write_text("\n".join(lines).replace("jobs_per_100", "jobs_per_1000") + "\n", encoding="utf-8")
    register = read_register(path)
    located = {(i.code, i.sheet, i.cell) for i in register.issues}
    rate_col = chr(ord("A") + header.index("realised_rate"))  # C since population_16_66 (issue 20)
    assert ("not-a-number", "register_2026", f"{rate_col}4") in located
    assert ("register-municipality-unknown", "register_2026", "A6") in located
    assert ("register-municipality-duplicated", "register_2026", "A8") in located
    assert ("register-column-missing", "register_2026", None) in located
    assert any(i.code == "register-column-unknown" and i.params["column"] == "jobs_per_1000" for i in register.issues)
    missing = register.participant_issues(["999", "101"])
    assert [i.code for i in missing] == ["register-participant-missing"]


# -- ingest -> the contract's frames ------------------------------------------------------------------------------
@pytest.fixture
def stored_round(tmp_path):
    folder = tmp_path / "indsendt"
    folder.mkdir()
    paths = [p for code in CODES for p in write_municipality(folder, code)]
    outcomes = ingest_files(paths, tmp_path / "bench.sqlite", YEAR)
    assert all(o.stored for o in outcomes)
    register = values_of.write_register_csv(truth().register, tmp_path / "register.csv")
    return tmp_path / "bench.sqlite", register, folder


def test_inputs_from_store_equal_the_truth(stored_round):
    db, register, _ = stored_round
    with Store(db) as store:
        inputs = inputs_from_store(store, YEAR, register)
    expected = truth()
    assert inputs.year == YEAR and inputs.framework_columns == FRAMEWORK_CODES
    keys = {"staff": ["municipality", "employee_id"], "allocation": ["municipality", "employee_id", "target_group", "task"],
            "konto5": ["municipality", "target_group", "tool"]}
    for name, key in keys.items():
        got = getattr(inputs, name)
        want = getattr(expected, name)
        assert list(got.columns) == list(want.columns)
        got, want = (frame.drop(columns="source").sort_values(key).reset_index(drop=True) for frame in (got, want))
        pd.testing.assert_frame_equal(got, want, check_dtype=False, atol=1e-12)
    assert inputs.allocation.groupby(["municipality", "employee_id"])["share"].sum().round(12).eq(1).all()
    assert inputs.staff["source"].iloc[0] == "450_staff.xlsx'Medarbejdere'!A6"
    assert math.isnan(inputs.staff.loc[inputs.staff.salary_cost.isna(), "salary_cost"].iloc[0])
    pd.testing.assert_frame_equal(inputs.register[list(values_of.register_columns())],
                                  expected.register[list(values_of.register_columns())], check_dtype=False)


def test_an_incomplete_municipality_is_left_out_with_its_reasons(tmp_path):
    paths = [p for code in CODES for p in write_municipality(tmp_path, code) if p.name != "665_konto5.xlsx"]
    ingest_files(paths, tmp_path / "bench.sqlite", YEAR)
    register = values_of.write_register_csv(truth().register, tmp_path / "register.csv")
    with Store(tmp_path / "bench.sqlite") as store:
        loaded = load_round(store, YEAR, register)
    assert loaded.excluded == {"665": ["konto5-missing"]}
    assert set(loaded.inputs.staff.municipality) == {"450"}


def test_a_register_without_a_participant_stops_the_round(stored_round, tmp_path):
    db, _, _ = stored_round
    partial = values_of.write_register_csv(truth().register[truth().register.municipality != "665"],
                                           tmp_path / "partial.csv")
    with Store(db) as store, pytest.raises(RoundNotReady) as raised:
        inputs_from_store(store, YEAR, partial)
    assert [i.code for i in raised.value.issues] == ["register-participant-missing"]
