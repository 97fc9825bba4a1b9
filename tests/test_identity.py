"""One identity rule for every typed key: one participant, department or employee however it is typed."""

from __future__ import annotations

import random

import pytest

from engine.benchmarks import get_domain
from engine.benchmarks.botilbud.synthetic import draw_facility, questionnaire_values, time_registration_values
from engine.benchmarks.jobcenter import workbook_values as values_of
from engine.benchmarks.jobcenter.store_inputs import load_round
from engine.cli import main
from engine.identity import code_form, identity, normal_text
from engine.run import ingest_files
from engine.store.database import Store
from engine.templates.writer import write_template
from engine.validation.validate import validate_file, validate_files
from jobcenter_helpers import (
    YEAR, department_values, departments, truth, write_department, write_municipality, write_staff,
)


def test_the_normal_form():
    assert normal_text(" Job og\u00a0\u00a0Virksomhed\t") == "Job og Virksomhed"
    assert normal_text("a\u030a") == "\u00e5"  # decomposed å is the composed one
    assert identity("Afdeling  A") == identity(" afdeling a ") == "afdeling a"
    assert code_form(" e5610001  ") == code_form("E5610001") == "E5610001"
    assert code_form(code_form("straße")) == code_form("STRASSE")  # idempotent, and ß folds to ss


# -- botilbud: one facility however its id is typed --------------------------------------------------------
def _facility(folder, facility_id: str, seed: int = 1, name: str = "q"):
    rng = random.Random(seed)
    facility = draw_facility(rng, 1)
    values = questionnaire_values(rng, facility, 2026)
    values[("front", "facility_id")] = facility_id
    return write_template(get_domain("botilbud"), folder / f"{name}.xlsx", "da", values)


def test_a_facility_id_typed_in_another_case_is_the_same_facility(tmp_path):
    first = _facility(tmp_path, "BO-9100", name="first")
    again = _facility(tmp_path, "bo-9100 ", seed=2, name="again")
    assert validate_file(again).submission.participant == "BO-9100"
    # One batch holding both spellings: the second is the same participant twice.
    [_, second] = validate_files([first, again])
    assert "duplicate-participant" in {i.code for i in second.issues}
    outcomes = ingest_files([first], tmp_path / "b.sqlite", 2026) + ingest_files([again], tmp_path / "b.sqlite", 2026)
    assert [o.participant for o in outcomes] == ["BO-9100", "BO-9100"] and outcomes[1].replaced
    with Store(tmp_path / "b.sqlite") as store:
        assert [row["file_name"] for row in store.current_submissions("botilbud", 2026)] == ["again.xlsx"]


def test_staff_codes_in_two_cases_on_one_day_are_one_row_twice(tmp_path):
    rng = random.Random(3)
    facility = draw_facility(rng, 1)
    values = time_registration_values(rng, facility, 2026)
    rows = sorted({key[1] for key in values if key[0] == "registrations"})
    first, second = rows[0], rows[1]
    values[("registrations", second, "staff")] = values[("registrations", first, "staff")].lower()
    values[("registrations", second, "date")] = values[("registrations", first, "date")]
    path = write_template(get_domain("botilbud_tid"), tmp_path / "tid.xlsx", "da", values)
    issues = [i for i in validate_file(path).issues if i.code.startswith("row-duplicated")]
    assert len(issues) == 1 and issues[0].params["first_row"] == first + 6


# -- jobcenter: employees and departments -----------------------------------------------------------------
def test_an_employee_id_typed_differently_in_the_department_keeps_its_fte(tmp_path):
    paths = write_municipality(tmp_path, "450")
    department = departments("450")[0]
    values = department_values("450", department)
    typed = next(k for k, v in values.items() if k[0] == "allocation" and k[2] == "employee_id")
    original = values[typed]
    for key in [k for k, v in values.items() if k[0] == "allocation" and k[2] == "employee_id" and v == original]:
        values[key] = f" {original.lower()}  "
    write_department(tmp_path, "450", department, values)
    assert all(o.stored for o in ingest_files(paths, tmp_path / "b.sqlite", YEAR))
    register = values_of.write_register_csv(truth().register, tmp_path / "register.csv")
    with Store(tmp_path / "b.sqlite") as store:
        loaded = load_round(store, YEAR, register)
    assert loaded.excluded == {}
    allocation = loaded.inputs.allocation
    assert original in set(allocation.employee_id) and set(allocation.employee_id) <= set(loaded.inputs.staff.employee_id)


def _staff_with(tmp_path, edits: dict):
    values = values_of.staff_values(truth().staff, "450", YEAR)
    values.update(edits)
    return write_staff(tmp_path, "450", values)


def test_one_employee_id_in_two_cases_in_a_staff_list_is_a_finding_naming_both_cells(tmp_path):
    first = values_of.staff_values(truth().staff, "450", YEAR)[("employees", 0, "employee_id")]
    path = _staff_with(tmp_path, {("employees", 5, "employee_id"): first.lower()})
    [issue] = [i for i in validate_file(path).issues if i.code.startswith("row-duplicated")]
    assert issue.cell == "A11" and issue.severity == "error"
    assert issue.params["first_row"] == 6 and first.lower() in issue.message("en") and first in issue.message("en")


def test_a_department_spelled_two_ways_in_a_staff_list_is_one_department_and_a_finding(tmp_path, capsys):
    staff = values_of.staff_values(truth().staff, "450", YEAR)
    rows = [k[1] for k, v in staff.items() if k[0] == "employees" and k[2] == "department" and v == "Job og Integration"]
    path = _staff_with(tmp_path, {("employees", rows[-1], "department"): "job og  integration"})
    [issue] = [i for i in validate_file(path).issues if i.code == "key-spelled-twice"]
    assert issue.cell == f"B{rows[-1] + 6}" and issue.params["first_cell"] == f"B{rows[0] + 6}"
    out = tmp_path / "out"
    assert main(["templates", "build", "--staff-list", str(path), "--out", str(out)]) == 0
    assert len(list(out.glob("*.xlsx"))) == 3  # one template for the department, holding all its employees
    [template] = out.glob("*integration*.xlsx")
    assert len(_prefilled_ids(template)) == len(rows)


def _prefilled_ids(path):
    import python_calamine

    with python_calamine.CalamineWorkbook.from_path(str(path)) as book:
        rows = book.get_sheet_by_name("Fordeling").to_python()
    return {row[0] for row in rows[5:] if row and row[0]}


def test_a_department_resubmitted_in_another_spelling_replaces_the_first(tmp_path):
    db = tmp_path / "b.sqlite"
    ingest_files(write_municipality(tmp_path, "450"), db, YEAR)
    department = departments("450")[0]
    values = department_values("450", department)
    values[("front", "department")] = f"  {department.lower()}  "
    (tmp_path / "rettet").mkdir()
    again = write_department(tmp_path / "rettet", "450", department, values)
    [outcome] = ingest_files([again], db, YEAR)
    assert outcome.stored and outcome.replaced
    [issue] = outcome.issues  # said, with both spellings and the earlier file
    assert issue.code == "participant-spelled-differently" and issue.location == "'Forside'!B7"
    assert issue.params["first"] == department and issue.params["found"] == department.lower()
    with Store(db) as store:
        current = store.current_submissions("jobcenter_fte", YEAR)
        assert len(current) == len(departments("450"))
        register = values_of.write_register_csv(truth().register, tmp_path / "register.csv")
        assert load_round(store, YEAR, register).excluded == {}


@pytest.mark.parametrize("kind", ["code", "name"])
def test_only_text_fields_are_typed_keys(kind):
    from engine.spec import Field
    from engine.text import Text

    with pytest.raises(ValueError):
        Field("x", Text("x", "x"), "number", identity=kind)


def test_a_store_holding_one_key_typed_two_ways_is_merged_on_open(tmp_path):
    """A store written before the identity rule: BO-9100 and bo-9100 were two participants, both current."""
    import sqlite3

    from engine.store.database import MIGRATIONS

    db = sqlite3.connect(tmp_path / "old.sqlite", isolation_level=None)
    for step in MIGRATIONS[:2]:
        db.executescript(step)
    db.execute("PRAGMA user_version = 2")
    db.execute("INSERT INTO rounds VALUES (1, 'botilbud', 2026, 'x')")
    db.executemany("INSERT INTO participants VALUES (?, ?, ?, ?)", [(1, "botilbud", "BO-9100", "A"),
                   (2, "botilbud", "bo-9100", "B"), (3, "botilbud_tid", "bo-9100 ", "B")])
    db.executemany("INSERT INTO submissions VALUES (?, 1, ?, ?, 'sha', '1.0', 'da', ?, NULL)",
                   [(1, 1, "first.xlsx", "2026-01-01"), (2, 2, "second.xlsx", "2026-01-02")])
    db.close()
    with Store(tmp_path / "old.sqlite") as store:
        [current] = store.current_submissions("botilbud", 2026)
        assert current["file_name"] == "second.xlsx" and current["participant"] == "BO-9100"
        # one facility per template, and its two templates under one key again
        assert store.db.execute("SELECT domain, key FROM participants ORDER BY id").fetchall() == [
            ("botilbud", "BO-9100"), ("botilbud_tid", "BO-9100")]
        assert store.db.execute("SELECT count(*) FROM submissions WHERE replaced_at IS NOT NULL").fetchone()[0] == 1


# -- report formulas never look up by a key that reads as a pattern ------------------------------------------
@pytest.mark.libreoffice
def test_employee_ids_that_read_as_patterns_recalculate_to_the_engines_values(tmp_path):
    from dataclasses import replace

    from engine.benchmarks.jobcenter.compute import compute_jobcenter
    from engine.benchmarks.jobcenter.report import write_municipality_report
    from engine.benchmarks.jobcenter.synthetic import draw_round
    from libreoffice import recalculation_mismatches

    inputs = draw_round(seed=5, participants=12)
    main = inputs.staff["municipality"].iloc[0]
    ids = list(dict.fromkeys(inputs.staff.loc[inputs.staff.municipality == main, "employee_id"]))
    # A* matches every id starting with A, C~1 is an escaped C1 to MATCH(…,0): both are valid ids.
    renamed = dict(zip(ids, ["A1", "A*", "C1", "C~1", "A?", "B1"]))
    staff, allocation = inputs.staff.copy(), inputs.allocation.copy()
    for frame in (staff, allocation):
        mine = frame.municipality == main
        frame.loc[mine, "employee_id"] = frame.loc[mine, "employee_id"].map(lambda e: renamed.get(e, e))
    results = compute_jobcenter(replace(inputs, staff=staff, allocation=allocation))
    report = write_municipality_report(results, main, tmp_path / "report.xlsx")
    compared, mismatches, errors = recalculation_mismatches(report, tmp_path / "lo")
    assert compared > 300 and mismatches == [] and errors == []


@pytest.mark.libreoffice
def test_staff_codes_that_read_as_patterns_recalculate_to_the_engines_values(tmp_path):
    from engine.benchmarks.botilbud.compute import load_botilbud_round
    from engine.benchmarks.botilbud.report import write_facility_report
    from engine.benchmarks.botilbud.synthetic import draw_round
    from libreoffice import recalculation_mismatches

    paths = []
    for number, item in enumerate(draw_round(seed=5, size=8, year=2026)):
        times = dict(item.time_registration)
        if number == 0:  # S* counts every code starting with S to COUNTIFS; S~01 is S01 escaped
            renamed = {"S01": "S*", "S02": "S~01", "S03": "S?3"}
            for key, value in list(times.items()):
                if key[0] == "registrations" and key[2] == "staff":
                    times[key] = renamed.get(value, value)
        fid = item.questionnaire[("front", "facility_id")]
        paths.append(write_template(get_domain("botilbud"), tmp_path / f"{fid}_q.xlsx", "da", item.questionnaire))
        paths.append(write_template(get_domain("botilbud_tid"), tmp_path / f"{fid}_t.xlsx", "da", times))
    assert all(o.stored for o in ingest_files(paths, tmp_path / "b.sqlite", 2026))
    with Store(tmp_path / "b.sqlite") as store:
        results = load_botilbud_round(store, 2026)
    main = draw_round(seed=5, size=8, year=2026)[0].questionnaire[("front", "facility_id")]
    report = write_facility_report(results, main, tmp_path / "report.xlsx")
    compared, mismatches, errors = recalculation_mismatches(report, tmp_path / "lo")
    assert compared > 100 and mismatches == [] and errors == []


def test_two_participants_never_share_a_report_file():
    from engine.workbook.output_paths import report_path, report_paths

    # Keys that differ only in case (a store written before the identity rule) slug alike.
    assert report_path("out", "BO-9100", "Egebo") == report_path("out", "bo-9100", "Egebo")
    paths = report_paths("out", {"BO-9100": "Egebo", "bo-9100": "Egebo", "BO-9200": "Egebo"})
    assert len(set(paths.values())) == 3 and paths["BO-9200"].name == "bo-9200_egebo.xlsx"


def test_module_doctests():
    import doctest

    import engine.identity
    import engine.workbook.output_paths

    for module in (engine.identity, engine.workbook.output_paths):
        assert doctest.testmod(module).failed == 0


@pytest.mark.libreoffice
def test_the_allocation_templates_employee_totals_treat_ids_as_text(tmp_path):
    """The live 'employee's total' column sums the rows of the same id; A* must not sum A1's rows too."""
    from libreoffice import recalculation_mismatches

    values = values_of.front_values("450", YEAR, department="Ydelse")
    rows = [("A*", "dagpenge", 40.0), ("A1", "dagpenge", 100.0), ("A*", "shared", 60.0), ("C~1", "dagpenge", 100.0),
            ("C1", "dagpenge", 100.0)]
    for index, (employee, group, share) in enumerate(rows):
        values.update({("allocation", index, "employee_id"): employee, ("allocation", index, "target_group"): group,
                       ("allocation", index, "task"): "administration", ("allocation", index, "share"): share})
    path = write_template(get_domain("jobcenter_fte"), tmp_path / "fte.xlsx", "da", values)
    compared, mismatches, errors = recalculation_mismatches(path, tmp_path / "lo")
    assert compared > 1000 and mismatches == [] and errors == []
