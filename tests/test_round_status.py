"""The round status: refusals kept in the store, per-participant states, the command and the sheet rows."""

from __future__ import annotations

import json
import sqlite3

import pytest
from python_calamine import CalamineWorkbook

from conftest import edit, valid_values, write_filled
from engine.cli import main
from engine.benchmarks import get_domain
from engine.status.expected import ExpectedListError, expected_from_config, expected_from_csv
from engine.status.model import Document, StatusSpec, derived_status_spec, register_status, round_status
from engine.report.status_sheet import write_status_rows
from engine.store.database import MIGRATIONS, SCHEMA_VERSION, Store, file_sha256
from engine.benchmarks.botilbud.synthetic import draw_round
from engine.templates.writer import write_template
from engine.text import Text
from engine.validation.validate import validate_file


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "bench.sqlite") as store:
        yield store


def _broken(path, target, cells=("D6",)):
    return edit(path, {("Økonomi", cell): 9 for cell in cells}, target)


def test_a_refusal_is_kept_with_file_sha_and_findings_but_no_values(store, filled, tmp_path):
    broken = _broken(filled, tmp_path / "aarhus_fejl.xlsx", ("D6", "D7"))
    outcome = store.ingest(validate_file(broken), 2026)
    assert not outcome.stored and outcome.participant == "751"
    rows = store.db.execute("SELECT year, domain, participant, file_name, sha256, errors FROM refusals").fetchall()
    assert rows == [(2026, "administration", "751", "aarhus_fejl.xlsx", file_sha256(broken), 2)]
    findings = store.db.execute("SELECT code, sheet, cell FROM refusal_issues ORDER BY cell").fetchall()
    assert findings == [("out-of-range", "Økonomi", "D6"), ("out-of-range", "Økonomi", "D7")]
    assert store.db.execute("SELECT count(*) FROM submission_values").fetchone()[0] == 0
    assert store.db.execute("SELECT count(*) FROM submissions").fetchone()[0] == 0


def test_a_version_1_store_is_migrated_and_keeps_its_submissions(tmp_path, filled):
    path = tmp_path / "old.sqlite"
    db = sqlite3.connect(path)
    db.executescript(MIGRATIONS[0] + "; PRAGMA user_version = 1;")
    db.close()
    with Store(path) as store:
        store.ingest(validate_file(filled), 2026)
    db = sqlite3.connect(path)
    with Store(path) as store:  # reopening an up-to-date store changes nothing
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert db.execute("SELECT count(*) FROM refusals").fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM submissions").fetchone()[0] == 1


def test_states_received_replaced_refused_missing_and_unidentified(store, filled, tmp_path):
    store.ingest(validate_file(filled), 2026)                                  # 751 received ...
    store.ingest(validate_file(edit(filled, {("Økonomi", "G6"): 7.5}, tmp_path / "rettet.xlsx")), 2026)  # ... replaced
    copenhagen = write_filled(tmp_path / "kbh.xlsx", valid_values(2, "101"))
    store.ingest(validate_file(_broken(copenhagen, tmp_path / "kbh_fejl.xlsx", ("D6", "D7", "D8"))), 2026)
    junk = tmp_path / "junk.xlsx"
    junk.write_text("a;b\n1;2\n")
    store.ingest(validate_file(junk), 2026)
    status = round_status(store, "administration", 2026, expected=["101", "751", "461"])
    by_id = {p.participant: p for p in status.participants}
    assert [p.participant for p in status.participants] == ["101", "461", "751"]
    assert (by_id["751"].state, by_id["751"].documents[0].submissions) == ("replaced", 2)
    assert (by_id["101"].state, by_id["101"].errors, by_id["101"].name) == ("refused", 3, "København")
    assert (by_id["461"].state, by_id["461"].name) == ("missing", "Odense")
    assert [r.file_name for r in status.unidentified] == ["junk.xlsx"]
    assert by_id["101"].documents[0].describe("da") == "afvist (3 fejl)"
    assert by_id["751"].documents[0].describe("da") == "erstattet (2 filer)"
    assert by_id["101"].documents[0].describe("en") == "refused (3 errors)"


def test_a_later_refused_file_does_not_undo_the_stored_one(store, filled, tmp_path):
    store.ingest(validate_file(filled), 2026)
    store.ingest(validate_file(_broken(filled, tmp_path / "ny.xlsx")), 2026)
    [participant] = round_status(store, "administration", 2026).participants
    document = participant.documents[0]
    assert (participant.state, document.refused_later, document.errors) == ("received", True, 1)
    assert document.describe("da") == "modtaget; senere fil afvist (1 fejl)"


def test_a_refused_time_registration_shows_refused_not_missing(store, tmp_path):
    facility = draw_round(seed=3, size=1, year=2026)[0]
    code = facility.facility.facility_id
    questionnaire = write_template(get_domain("botilbud"), tmp_path / "q.xlsx", "da", facility.questionnaire)
    registrations = dict(facility.time_registration)
    registrations[("registrations", 0, "direct")] = 1_500  # longer than any day
    time = write_template(get_domain("botilbud_tid"), tmp_path / "t.xlsx", "da", registrations)
    assert store.ingest(validate_file(questionnaire), 2026).stored
    assert not store.ingest(validate_file(time), 2026).stored
    [participant] = round_status(store, "botilbud", 2026).participants
    assert participant.participant == code
    assert [d.state for d in participant.documents] == ["received", "refused"]
    assert participant.state == "refused" and participant.name == facility.facility.name


def test_a_benchmark_plugs_in_through_its_declarations(store, filled):
    """Unregistered, a benchmark's status follows its declared templates (jobcenter will have several)."""
    botilbud = derived_status_spec("botilbud")
    assert [d.domain for d in botilbud.documents] == ["botilbud", "botilbud_tid"]
    assert botilbud.name_field == "facility_name"
    administration = derived_status_spec("administration")
    assert [d.domain for d in administration.documents] == ["administration"]
    assert administration.name_field == "municipality" and administration.participant_label.da == "Kommune"
    with pytest.raises(KeyError, match="unknown benchmark"):
        derived_status_spec("hospital")
    register_status(StatusSpec("two_documents", (Document("administration", Text("A", "A")),
                                                 Document("botilbud_tid", Text("B", "B"))), Text("K", "P")))
    store.ingest(validate_file(filled), 2026)
    [participant] = round_status(store, "two_documents", 2026).participants
    assert [d.state for d in participant.documents] == ["received", "missing"] and participant.state == "missing"


def test_expected_list_from_prefill_csv_and_config(tmp_path):
    csv_path = tmp_path / "deltagere.csv"
    csv_path.write_text("municipality;year\n101;2026\nAarhus;2026\n;2026\n", encoding="utf-8")
    assert expected_from_csv(csv_path, "administration") == (["101", "751"], {})
    csv_path.write_text("municipality,year\nAtlantis,2026\n", encoding="utf-8")
    with pytest.raises(ExpectedListError, match="line 2.*Atlantis"):
        expected_from_csv(csv_path, "administration")
    config = tmp_path / "runde.toml"
    config.write_text('[administration]\ncost_per_fte = 600000\n[expected]\nadministration = [101, "751"]\n')
    assert expected_from_config(config, "administration") == ["101", "751"]
    assert expected_from_config(config, "botilbud") is None


def test_status_command_in_danish_and_english_with_exit_codes(capsys, tmp_path, filled):
    db = tmp_path / "bench.sqlite"
    broken = _broken(write_filled(tmp_path / "kbh.xlsx", valid_values(2, "101")), tmp_path / "kbh_fejl.xlsx")
    main(["ingest", str(filled), str(broken), "--round", "2026", "--db", str(db), "--workers", "1"])
    capsys.readouterr()
    expected = tmp_path / "deltagere.csv"
    expected.write_text("municipality,year\n101,2026\n751,2026\n461,2026\n")
    code = main(["status", "--round", "2026", "--db", str(db), "--expected", str(expected)])
    out = capsys.readouterr().out
    assert code == 1
    assert "Runde 2026, administration: 3 forventede; 1 modtaget, 1 afvist, 1 mangler" in out
    assert "afvist (1 fejl)" in out and "mangler" in out and "Odense" in out
    main(["status", "--round", "2026", "--db", str(db), "--lang", "en", "--json"])
    document = json.loads(capsys.readouterr().out)
    assert document["counts"] == {"received": 1, "replaced": 0, "refused": 1, "missing": 0, "inconsistent": 0}
    assert document["participants"][0]["documents"]["administration"]["text"] == "refused (1 error)"
    only_good = tmp_path / "only.csv"
    only_good.write_text("municipality\n751\n")
    good_db = tmp_path / "good.sqlite"
    main(["ingest", str(filled), "--round", "2026", "--db", str(good_db), "--workers", "1"])
    assert main(["status", "--round", "2026", "--db", str(good_db), "--expected", str(only_good)]) == 0
    assert main(["status", "--round", "2026", "--db", str(tmp_path / "none.sqlite")]) == 2


def test_status_rows_in_a_worksheet(store, filled, tmp_path):
    import xlsxwriter

    store.ingest(validate_file(filled), 2026)
    store.ingest(validate_file(_broken(write_filled(tmp_path / "kbh.xlsx", valid_values(2, "101")),
                                       tmp_path / "kbh_fejl.xlsx")), 2026)
    status = round_status(store, "administration", 2026, expected=["101", "751", "461"])
    path = tmp_path / "status.xlsx"
    workbook = xlsxwriter.Workbook(str(path))
    ws = workbook.add_worksheet("Status")
    assert write_status_rows(workbook, ws, status, first_row=2, lang="da") == 7
    workbook.close()
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Status").to_python(skip_empty_area=False)
    assert rows[2][0].startswith("Runde 2026")
    assert rows[3][:5] == ["Kommune", "Navn", "Status", "Besvarelse", "Fejl i afvist fil"]
    assert rows[4][:6] == ["101", "København", "afvist", "afvist (1 fejl)", 1, "ja"]
    assert rows[5][:4] == ["461", "Odense", "mangler", "mangler"]
    assert rows[6][:4] == ["751", "Aarhus", "modtaget", "modtaget"] and rows[6][6] == filled.name


def test_a_correction_stored_in_the_same_second_as_the_refusal_clears_it(store, filled, tmp_path):
    """Order comes from the store's sequence, not from timestamps of one-second resolution."""
    assert not store.ingest(validate_file(_broken(filled, tmp_path / "fejl.xlsx")), 2026).stored
    assert store.ingest(validate_file(filled), 2026).stored
    [participant] = round_status(store, "administration", 2026).participants
    document = participant.documents[0]
    assert (participant.state, document.refused_later, document.refusals) == ("received", False, 1)
    assert document.describe("da") == "modtaget"


def test_status_command_writes_a_workbook_and_keeps_jobcenter_options_to_jobcenter(capsys, tmp_path, filled):
    db = tmp_path / "bench.sqlite"
    main(["ingest", str(filled), "--round", "2026", "--db", str(db), "--workers", "1"])
    xlsx = tmp_path / "status.xlsx"
    assert main(["status", "--round", "2026", "--db", str(db), "--xlsx", str(xlsx)]) == 0
    assert f"skrev {xlsx}" in capsys.readouterr().out
    rows = CalamineWorkbook.from_path(str(xlsx)).get_sheet_by_name("Indsendelser").to_python()
    assert rows[2][:3] == ["751", "Aarhus", "modtaget"]
    code = main(["status", "--benchmark", "administration", "--round", "2026", "--db", str(db),
                 "--register", str(tmp_path / "register.csv")])
    assert code == 2 and "jobcenter" in capsys.readouterr().err


@pytest.mark.libreoffice
def test_the_status_workbook_prints_names_and_states_on_one_page_across(tmp_path, filled):
    """The status workbook's print set-up: A4, fit to the width (names and states on the same page), no
    heading alone at a page's foot, readable type."""
    from libreoffice import convert
    from printing import layout_problems, print_problems

    db = tmp_path / "bench.sqlite"
    main(["ingest", str(filled), "--round", "2026", "--db", str(db), "--workers", "1"])
    xlsx = tmp_path / "status.xlsx"
    assert main(["status", "--round", "2026", "--db", str(db), "--xlsx", str(xlsx)]) == 0
    pdf = convert(xlsx, "pdf", tmp_path / "pdf")
    assert print_problems(xlsx, pdf) == []
    assert layout_problems(xlsx, pdf) == []
