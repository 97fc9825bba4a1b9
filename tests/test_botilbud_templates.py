"""The botilbud templates: the questionnaire and the staff time registration (a record sheet).

Per check: a synthetic, valid workbook with one kind of mistake, asserting codes and locations.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import openpyxl
import pytest
import python_calamine
from hypothesis import given, strategies as st

from conftest import edit, findings
from engine.benchmarks import get_domain
from engine.benchmarks.botilbud.synthetic import draw_round
from engine.spec import FormSheet, TableSheet
from engine.templates.layout import (
    FORM_VALUE_COL, META_SHEET, RECORD_FIRST_DATA_ROW, TABLE_FIRST_DATA_ROW, form_field_row, record_col,
    table_field_col,
)
from engine.templates.writer import write_template
from engine.validation.validate import validate_file, validate_files
from engine.workbook.cells import cell_ref
from engine.workbook.output_paths import PARTICIPANT_ID
from libreoffice import convert
from engine.identity import key_value
from test_properties import _SETTINGS, corruptions, valid_value

QUESTIONNAIRE = get_domain("botilbud")
TIME = get_domain("botilbud_tid")
TEMPLATES = Path(__file__).resolve().parent.parent / "workbook_templates"
ROUND = {f.facility.facility_id: f for f in draw_round(seed=3, size=20, year=2026)}
MAIN = ROUND["BO-0102"]  # 27 places, 25 citizens, sleeping night staff
NO_NIGHT_STAFF = ROUND["BO-0108"]
FACILITY, CITIZENS, STAFFING = "Tilbud", "Borgere", "Normering"
FRONT, REGISTRATIONS = "Forside", "Registreringer"
STAFF, DATE, DIRECT, OTHER, TOTAL = "A", "B", "C", "M", "O"  # columns of the registrations sheet


def ref(domain, sheet_id: str, field_id: str, key: str | int | None = None) -> tuple[str, str]:
    """(Danish sheet name, A1 ref) of an input (or, on a record sheet, a sum) cell."""
    sheet = domain.sheet(sheet_id)
    if isinstance(sheet, FormSheet):
        return sheet.name("da"), cell_ref(form_field_row(sheet, field_id), FORM_VALUE_COL)
    if isinstance(sheet, TableSheet):
        row = TABLE_FIRST_DATA_ROW + [item.key for item in sheet.rows].index(key)
        return sheet.name("da"), cell_ref(row, table_field_col(sheet, field_id))
    return sheet.name("da"), cell_ref(RECORD_FIRST_DATA_ROW + key, record_col(sheet, field_id))


def write(domain, path: Path, values: dict, lang: str = "da") -> Path:
    return write_template(domain, path, lang, values)


def rows_of(values: dict, staff: str) -> list[int]:
    return sorted(k[1] for k, v in values.items() if k[0] == "registrations" and k[2] == "staff" and v == staff)


# -- the templates ----------------------------------------------------------------------------------
def test_sheets_and_marker():
    book = openpyxl.load_workbook(TEMPLATES / "botilbud.xlsx")
    assert book.sheetnames == [FACILITY, "Vejledning", CITIZENS, STAFFING, META_SHEET]
    assert openpyxl.load_workbook(TEMPLATES / "botilbud_tid_en.xlsx").sheetnames == [
        "Front", "Instructions", "Registrations", META_SHEET]
    meta = {row[0].value: row[1].value for row in book[META_SHEET].iter_rows(max_col=2)}
    assert (meta["template_id"], meta["language"]) == ("botilbud", "da")


@pytest.mark.parametrize("domain", [QUESTIONNAIRE, TIME], ids=lambda d: d.id)
def test_every_input_cell_is_unlocked_and_validated(domain):
    book = openpyxl.load_workbook(TEMPLATES / f"{domain.id}.xlsx")
    for sheet in domain.sheets:
        ws = book[sheet.name("da")]
        assert ws.protection.sheet and not ws.protection.password
        fields = sheet.fields if isinstance(sheet, FormSheet) else sheet.columns
        keys = ([None] if isinstance(sheet, FormSheet) else [sheet.rows[0].key, sheet.rows[-1].key]
                if isinstance(sheet, TableSheet) else [0, sheet.max_rows - 1])
        for field in fields:
            for key in keys:
                _, cell = ref(domain, sheet.id, field.id, key)
                assert ws[cell].protection.locked is False, f"{ws.title}!{cell} ({field.id}) is locked"
                validations = [dv for dv in ws.data_validations.dataValidation if cell in dv.sqref]
                assert len(validations) == 1 and validations[0].prompt and validations[0].error, f"{ws.title}!{cell}"


def test_record_sheet_dates_are_validated_and_sums_are_locked_formulas():
    ws = openpyxl.load_workbook(TEMPLATES / "botilbud_tid.xlsx")[REGISTRATIONS]
    dv = next(dv for dv in ws.data_validations.dataValidation if "B6" in dv.sqref)
    assert dv.type == "date" and str(dv.sqref) == "B6:B405"
    assert ws["O6"].value.startswith("=IF(COUNTA($A6:$M6)=0") and ws["O6"].protection.locked is True
    assert ws["N405"].value == '=IF(COUNTA($A405:$M405)=0,"",SUM(E405:I405))'
    assert ws["A406"].value is None  # the block ends at max_rows
    assert ws.freeze_panes == "C6" and ws.auto_filter.ref == "A5:O405"


# -- valid synthetic submissions ------------------------------------------------------------------------
@pytest.mark.parametrize("lang", ["da", "en"])
def test_synthetic_questionnaire_has_no_findings(tmp_path, lang):
    result = validate_file(write(QUESTIONNAIRE, tmp_path / "q.xlsx", MAIN.questionnaire, lang))
    assert findings(result) == []
    submission = result.submission
    assert submission.participant == "BO-0102" and submission.form_value("target_group") == MAIN.facility.target_group
    assert set(submission.tables["citizens"]) == {"VUM-0", "VUM-1", "VUM-2", "VUM-3", "VUM-4", "VUM-X"}
    assert len(submission.tables["staffing"]) == 24


@pytest.mark.parametrize("lang", ["da", "en"])
def test_synthetic_time_registration_has_no_findings(tmp_path, lang):
    values = MAIN.time_registration
    result = validate_file(write(TIME, tmp_path / "t.xlsx", values, lang))
    assert findings(result) == []
    rows = result.submission.tables["registrations"]
    assert len(rows) == len({k[1] for k in values if k[0] == "registrations"})
    first = f"{values[('registrations', 0, 'staff')]}|{values[('registrations', 0, 'date')].isoformat()}"
    assert rows[first]["direct"].value == values[("registrations", 0, "direct")]
    assert rows[first]["date"].ref == "B6" and isinstance(rows[first]["date"].value, dt.date)
    assert result.submission.round_year == 2026


def test_whole_synthetic_round_is_clean(tmp_path):
    results = validate_files([write(domain, tmp_path / f"{facility_id}_{domain.id}.xlsx", values)
                              for facility_id, f in list(ROUND.items())[:8]
                              for domain, values in ((QUESTIONNAIRE, f.questionnaire), (TIME, f.time_registration))])
    assert [findings(r) for r in results] == [[]] * len(results)


# -- questionnaire rules ------------------------------------------------------------------------------
def _questionnaire(tmp_path, changes: dict, facility=MAIN) -> list:
    values = {**facility.questionnaire, **changes}
    return findings(validate_file(write(QUESTIONNAIRE, tmp_path / "q.xlsx", values)))


def test_frontline_fte_above_total(tmp_path):
    total = MAIN.questionnaire[("front", "fte_total")]
    assert _questionnaire(tmp_path, {("front", "fte_frontline"): total + 1}) == [
        ("frontline-exceeds-total-fte", *ref(QUESTIONNAIRE, "front", "fte_frontline"))]


def test_no_citizens(tmp_path):
    zero = {("citizens", item.key, "citizens"): 0 for item in QUESTIONNAIRE.sheet("citizens").rows}
    assert _questionnaire(tmp_path, zero) == [("citizens-none", CITIZENS, "D4")]


def test_more_citizens_than_places(tmp_path):
    places = MAIN.questionnaire[("front", "places")]
    changes = {("front", "occupancy"): 100, ("citizens", "VUM-X", "citizens"): 0}
    others = sum(MAIN.questionnaire[("citizens", k, "citizens")] for k in ("VUM-0", "VUM-1", "VUM-2", "VUM-3"))
    changes[("citizens", "VUM-4", "citizens")] = places + 1 - others
    assert _questionnaire(tmp_path, changes) == [("citizens-exceed-places", CITIZENS, "D4")]


def test_occupancy_far_from_citizens(tmp_path):
    assert _questionnaire(tmp_path, {("front", "occupancy"): 60}) == [
        ("occupancy-citizens-mismatch", *ref(QUESTIONNAIRE, "front", "occupancy"))]


def test_more_citizens_present_than_places(tmp_path):
    places = MAIN.questionnaire[("front", "places")]
    assert _questionnaire(tmp_path, {("staffing", "12-13", "citizens_weekend"): places + 1}) == [
        ("citizens-present-exceed-places", *ref(QUESTIONNAIRE, "staffing", "citizens_weekend", "12-13"))]


def test_no_staff_while_citizens_are_present(tmp_path):
    assert _questionnaire(tmp_path, {("staffing", "20-21", "staff_weekday"): 0}) == [
        ("no-staff-on-duty", *ref(QUESTIONNAIRE, "staffing", "staff_weekday", "20-21"))]


def test_no_night_staff_is_fine_when_the_facility_has_no_night_watch(tmp_path):
    assert NO_NIGHT_STAFF.questionnaire[("staffing", "02-03", "staff_weekday")] == 0
    assert _questionnaire(tmp_path, {}, NO_NIGHT_STAFF) == []
    assert _questionnaire(tmp_path, {("front", "night_watch"): "sleeping"}, NO_NIGHT_STAFF)[0] == (
        "no-staff-on-duty", *ref(QUESTIONNAIRE, "staffing", "staff_weekday", "00-01"))


# -- time registration: record sheet and rules ---------------------------------------------------------------
START = MAIN.time_registration[("front", "period_start")]


def _registration(tmp_path, changes: dict, blank_rows: tuple[int, ...] = ()) -> list:
    values = {**MAIN.time_registration, **changes}
    values = {k: v for k, v in values.items() if not (k[0] == "registrations" and k[1] in blank_rows)}
    return findings(validate_file(write(TIME, tmp_path / "t.xlsx", values)))


def _minutes(index: int, **minutes) -> dict:
    categories = [f.id for f in TIME.sheet("registrations").columns[2:]]
    return {("registrations", index, c): minutes.get(c) for c in categories}


@pytest.mark.parametrize(("changes", "expected"), [
    pytest.param({("front", "period_end"): START - dt.timedelta(days=1)},
                 [("period-end-before-start", FRONT, "B8")], id="period-end-before-start"),
    pytest.param({("registrations", 0, "date"): START - dt.timedelta(days=1)},
                 [("date-outside-period", REGISTRATIONS, "B6")], id="date-outside-period"),
    pytest.param(_minutes(0), [("minutes-none", REGISTRATIONS, "O6")], id="minutes-none"),
    pytest.param(_minutes(0, direct=900, other=100), [("minutes-exceed-day", REGISTRATIONS, "O6")],
                 id="minutes-exceed-day"),
    pytest.param(_minutes(0, direct=45), [("minutes-implausible", REGISTRATIONS, "O6")], id="shift-under-1-hour"),
    pytest.param(_minutes(0, direct=500, meetings=120), [("minutes-implausible", REGISTRATIONS, "O6")],
                 id="shift-over-10-hours"),
    pytest.param({("registrations", 0, "doc_daily"): -5}, [("out-of-range", REGISTRATIONS, "E6")], id="negative"),
    pytest.param({("registrations", 0, "meetings"): "en halv time"}, [("not-a-number", REGISTRATIONS, "J6")],
                 id="text-minutes"),
    pytest.param({("registrations", 0, "date"): "04-03-2026"}, [("not-a-date", REGISTRATIONS, "B6")],
                 id="date-as-text"),
    pytest.param({("registrations", 0, "date"): dt.date(2206, 3, 4)}, [("out-of-range", REGISTRATIONS, "B6")],
                 id="date-typo"),
    pytest.param({("registrations", 0, "staff"): None}, [("required-missing", REGISTRATIONS, "A6")],
                 id="staff-code-missing"),
])
def test_single_registration_mistake(tmp_path, changes, expected):
    assert _registration(tmp_path, changes) == expected


def test_duplicate_staff_and_date(tmp_path):
    copy = {("registrations", 300, key[2]): value for key, value in MAIN.time_registration.items()
            if key[:2] == ("registrations", 1)}
    assert _registration(tmp_path, copy) == [("row-duplicated", REGISTRATIONS, "A306")]


def test_too_few_days_for_one_staff_member(tmp_path):
    first, *_, before_last, last = rows_of(MAIN.time_registration, "S03")
    assert _registration(tmp_path, {}, blank_rows=(before_last, last)) == [
        ("too-few-registration-days", REGISTRATIONS, f"A{RECORD_FIRST_DATA_ROW + first + 1}")]


def test_no_rows_at_all(tmp_path):
    front = {k: v for k, v in MAIN.time_registration.items() if k[0] == "front"}
    assert findings(validate_file(write(TIME, tmp_path / "t.xlsx", front))) == [("no-records", REGISTRATIONS, "A6")]


def test_total_typed_over_its_formula(tmp_path):
    path = write(TIME, tmp_path / "t.xlsx", MAIN.time_registration)
    assert findings(validate_file(edit(path, {(REGISTRATIONS, "O7"): 999}))) == [
        ("formula-overwritten", REGISTRATIONS, "O7")]


def test_reordered_and_spread_out_rows_read_the_same(tmp_path):
    values = dict(MAIN.time_registration)
    rows = sorted({k[1] for k in values if k[0] == "registrations"})
    moved = {}
    # Reverse the order and leave two blank rows after every row.
    for new, old in enumerate(reversed(rows)):
        for key, value in values.items():
            if key[:2] == ("registrations", old):
                moved[("registrations", new * 3, key[2])] = value
    spread = {**{k: v for k, v in values.items() if k[0] == "front"}, **moved}
    plain = validate_file(write(TIME, tmp_path / "plain.xlsx", values)).submission.tables["registrations"]
    result = validate_file(write(TIME, tmp_path / "spread.xlsx", spread))
    assert findings(result) == []
    read = result.submission.tables["registrations"]
    assert set(read) == set(plain)
    assert {k: {f: v.value for f, v in r.items()} for k, r in read.items()} == {
        k: {f: v.value for f, v in r.items()} for k, r in plain.items()}
    last = max(plain, key=lambda k: plain[k]["staff"].row)
    assert read[last]["staff"].ref == "A6"  # the last row moved to the top


def test_same_facility_twice_and_round_year_from_the_period(tmp_path):
    from engine.store.database import Store

    path = write(TIME, tmp_path / "a.xlsx", MAIN.time_registration)
    again = write(TIME, tmp_path / "b.xlsx", MAIN.time_registration)
    assert [findings(r) for r in validate_files([path, again])][1] == [("duplicate-participant", FRONT, "B5")]
    with Store(tmp_path / "bench.sqlite") as store:
        assert store.ingest(validate_file(path), 2026).stored
        refused = store.ingest(validate_file(path), 2025)
        assert [(i.code, i.cell) for i in refused.issues] == [("round-year-mismatch", "B7")]


# -- property tests (questionnaire) -------------------------------------------------------------------------
def _valid(field) -> st.SearchStrategy:
    strategy = valid_value(field)
    if field.type == "text" and field.max_length:
        strategy = strategy.map(lambda s: s[: field.max_length]).filter(lambda s: s.strip())
    return strategy if field.required else st.none() | strategy


@st.composite
def questionnaire_fills(draw):
    """Any values the declaration allows, kept consistent where a cross-field rule would give an error."""
    values = {}
    for sheet in QUESTIONNAIRE.sheets:
        if isinstance(sheet, FormSheet):
            values.update({("front", f.id): draw(_valid(f)) for f in sheet.fields})
        else:
            values.update({(sheet.id, item.key, f.id): draw(_valid(f)) for item in sheet.rows for f in sheet.columns})
    # A participant id is letters, digits and '-' (it becomes part of output names).
    values[("front", "facility_id")] = draw(st.from_regex(PARTICIPANT_ID, fullmatch=True).filter(lambda s: len(s) <= 20))
    values[("front", "fte_frontline")] = min(values[("front", "fte_frontline")], values[("front", "fte_total")])
    if not any(values[("citizens", item.key, "citizens")] for item in QUESTIONNAIRE.sheet("citizens").rows):
        values[("citizens", "VUM-2", "citizens")] = 1
    places = values[("front", "places")]
    for key in [k for k in values if k[0] == "staffing" and k[2].startswith("citizens")]:
        values[key] = min(values[key], places)
    return {k: v for k, v in values.items() if v is not None}


@_SETTINGS
@given(values=questionnaire_fills())
def test_any_valid_questionnaire_has_no_errors(values):
    with tempfile.TemporaryDirectory() as tmp:
        result = validate_file(write(QUESTIONNAIRE, Path(tmp) / "q.xlsx", values))
    assert [i.code for i in result.issues if i.severity == "error"] == []
    for (sheet_id, *rest), value in values.items():
        tables = result.submission.tables
        read = result.submission.form[rest[0]] if len(rest) == 1 else tables[sheet_id][rest[0]][rest[1]]
        kind = QUESTIONNAIRE.form_field(rest[0])[1].identity if len(rest) == 1 else None
        assert read.value == (key_value(kind, value) if kind else value)  # a typed key reads in its normal form


QUESTIONNAIRE_CELLS = (
    [(s.id, None, f) for s in QUESTIONNAIRE.sheets if isinstance(s, FormSheet) for f in s.fields]
    + [(s.id, item.key, f) for s in QUESTIONNAIRE.sheets if isinstance(s, TableSheet) for item in s.rows
       for f in s.columns])


@_SETTINGS
@given(cell=st.sampled_from(QUESTIONNAIRE_CELLS), choice=st.integers(0, 10))
def test_one_corrupted_questionnaire_cell_gives_one_issue_there(cell, choice):
    sheet_id, key, field = cell
    options = corruptions(field)
    code, typed = options[choice % len(options)]
    sheet = QUESTIONNAIRE.sheet(sheet_id)
    if code == "required-missing" and isinstance(sheet, TableSheet) and len(sheet.answer_fields) == 1:
        code = "row-unanswered"  # a row whose only input is emptied is an unanswered row
    with tempfile.TemporaryDirectory() as tmp:
        path = write(QUESTIONNAIRE, Path(tmp) / "q.xlsx", MAIN.questionnaire)
        name, cell_ref_ = ref(QUESTIONNAIRE, sheet_id, field.id, key)
        result = validate_file(edit(path, {(name, cell_ref_): typed}))
    assert findings(result) == [(code, name, cell_ref_)]


# -- LibreOffice ----------------------------------------------------------------------------------------
@pytest.mark.libreoffice
@pytest.mark.parametrize("name", ["botilbud.xlsx", "botilbud_tid_en.xlsx"])
def test_template_opens_in_libreoffice(tmp_path, name):
    pdf = convert(TEMPLATES / name, "pdf", tmp_path)
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 10_000


def _grid(path: Path, sheet: str) -> list[list]:
    book = python_calamine.CalamineWorkbook.from_path(str(path))
    return book.get_sheet_by_name(sheet).to_python(skip_empty_area=False)


@pytest.mark.libreoffice
def test_record_sheet_checks_recalculate_in_libreoffice(tmp_path):
    values = dict(MAIN.time_registration)
    path = write(TIME, tmp_path / "t.xlsx", values)
    # openpyxl drops every cached result, so what LibreOffice shows is its own calculation.
    edited = edit(path, {(REGISTRATIONS, "C6"): 100, (REGISTRATIONS, "E6"): None, (REGISTRATIONS, "A390"): "S99",
                         (REGISTRATIONS, "B390"): START, (REGISTRATIONS, "J390"): 240})
    values.update({("registrations", 0, "direct"): 100, ("registrations", 0, "doc_daily"): None,
                   ("registrations", 384, "staff"): "S99", ("registrations", 384, "date"): START,
                   ("registrations", 384, "meetings"): 240})
    grid = _grid(convert(edited, "xlsx", tmp_path / "lo"), REGISTRATIONS)
    sheet = TIME.sheet("registrations")
    indices = sorted({k[1] for k in values if k[0] == "registrations"})
    row_total = {i: sum(values.get(("registrations", i, f)) or 0 for f in sheet.sum_column("total").fields)
                 for i in indices}
    assert grid[2][2] == len(indices)  # filled rows, C3
    assert grid[3][record_col(sheet, "total")] == sum(row_total.values())  # total minutes, O4
    assert grid[3][record_col(sheet, "meetings")] == sum(values.get(("registrations", i, "meetings")) or 0
                                                         for i in indices)
    for index in (0, 1, 384):
        assert grid[RECORD_FIRST_DATA_ROW + index][record_col(sheet, "total")] == row_total[index]
    assert grid[RECORD_FIRST_DATA_ROW + 0][record_col(sheet, "documentation")] == sum(
        values.get(("registrations", 0, f)) or 0 for f in sheet.sum_column("documentation").fields)
    assert grid[RECORD_FIRST_DATA_ROW + 383][record_col(sheet, "total")] == ""  # an empty row
    front = {row[0]: row[1] for row in _grid(convert(edited, "xlsx", tmp_path / "lo"), FRONT)
             if row and isinstance(row[0], str) and ": " in row[0]}
    assert front["Registreringer: udfyldte rækker"] == len(indices)
    assert front["Registreringer: minutter i alt"] == sum(row_total.values())


@pytest.mark.libreoffice
def test_questionnaire_checks_recalculate_in_libreoffice(tmp_path):
    path = write(QUESTIONNAIRE, tmp_path / "q.xlsx", MAIN.questionnaire)
    edited = edit(path, {(CITIZENS, "D6"): None, (CITIZENS, "D7"): None, (STAFFING, "D6"): 9})
    recalculated = convert(edited, "xlsx", tmp_path / "lo")
    citizens = _grid(recalculated, CITIZENS)
    expected = sum(MAIN.questionnaire[("citizens", k, "citizens")] for k in ("VUM-2", "VUM-3", "VUM-4", "VUM-X"))
    assert (citizens[2][3], citizens[3][3]) == (2, expected)
    staff = sum(MAIN.questionnaire[("staffing", item.key, "staff_weekday")]
                for item in QUESTIONNAIRE.sheet("staffing").rows[1:]) + 9
    assert _grid(recalculated, STAFFING)[3][3] == pytest.approx(staff)


@pytest.mark.libreoffice
def test_time_registration_saved_by_libreoffice_validates_the_same(tmp_path):
    source = write(TIME, tmp_path / "t.xlsx", {**MAIN.time_registration, ("registrations", 2, "direct"): 2000})
    saved = convert(source, "xlsx", tmp_path / "lo")
    assert findings(validate_file(saved)) == findings(validate_file(source)) == [
        ("out-of-range", REGISTRATIONS, "C8")]
