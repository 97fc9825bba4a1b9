"""The botilbud report workbooks: structure, anonymity, suppression, cases and live formulas.

A round is built the way a real one is: 30 synthetic facilities fill both templates (questionnaire
and time registration), the files are validated and ingested into a store, and the round is
computed from the store. One facility sends no time registration; one has a name that looks like a
formula. The LibreOffice tests recalculate every report and compare every formula with its cached value.
"""

from __future__ import annotations

import re

import subprocess
import zipfile
from dataclasses import dataclass, replace
from pathlib import Path

import openpyxl
import pytest
import python_calamine

from engine.report.action_plan import SHEET as PLAN_SHEET
from engine.benchmarks import get_domain
from engine.benchmarks.botilbud.compute import BotilbudParameters, load_botilbud_round
from engine.benchmarks.botilbud.indicators import INDICATORS
from engine.benchmarks.botilbud.report import SHEETS, write_botilbud_overview, write_facility_report
from engine.benchmarks.botilbud.synthetic import draw_round
from engine.catalogue import load_catalogue
from engine.store.database import Store
from engine.templates.writer import write_template
from engine.text import Text
from engine.validation.validate import validate_files
from libreoffice import (
    convert, formula_cells, recalculated_with_parameters, recalculation_mismatches, sheet_strings,
)
from printing import clipped_cells, layout_problems, pdf_pages, print_problems, sheet_of_page

MAIN, NO_TIME, SMALL = "BO-0101", "BO-0110", "BO-0201"
REFUSED_TIME = "BO-0111"  # its time registration was sent, with an error, and refused
ORPHAN = "BO-0999"  # a time registration without a questionnaire"
FORMULA_NAME = "=Egebo+1"  # municipal text that must stay text
DASH = "–"


def _ingest(store: Store, folder: Path, seed: int, size: int, first: int = 101,
            without_time: tuple[str, ...] = (), orphan: bool = False, refused_time: tuple[str, ...] = ()) -> None:
    questionnaire, time = get_domain("botilbud"), get_domain("botilbud_tid")
    paths = []
    for item in draw_round(seed=seed, size=size, year=2026):
        q, t = dict(item.questionnaire), dict(item.time_registration)
        fid = f"BO-{first + int(item.facility.facility_id[3:]) - 101:04d}"
        q[("front", "facility_id")] = t[("front", "facility_id")] = fid
        if fid == MAIN:
            q[("front", "facility_name")] = FORMULA_NAME
        paths.append(write_template(questionnaire, folder / f"{fid}_q.xlsx", "da", q))
        if fid in refused_time:
            t[("registrations", 0, "direct")] = 1_500  # longer than a day: an error
        if fid not in without_time:
            paths.append(write_template(time, folder / f"{fid}_t.xlsx", "da", t))
        if orphan and fid == MAIN:
            t[("front", "facility_id")] = ORPHAN
            paths.append(write_template(time, folder / f"{ORPHAN}_t.xlsx", "da", t))
    for result in validate_files(paths):
        if Path(result.path).name.startswith(refused_time) and result.path.endswith("_t.xlsx"):
            assert not store.ingest(result, 2026).stored
            continue
        assert not any(issue.severity == "error" for issue in result.issues), [i.code for i in result.issues]
        assert store.ingest(result, 2026).stored


@dataclass
class Rounds:
    results: object
    small: object
    folder: Path | None = None  # the round's store is bench.sqlite in it


@pytest.fixture(scope="module")
def rounds(tmp_path_factory) -> Rounds:
    folder = tmp_path_factory.mktemp("botilbud_round")
    with Store(folder / "bench.sqlite") as store:
        _ingest(store, folder, seed=5, size=30, without_time=(NO_TIME,), orphan=True, refused_time=(REFUSED_TIME,))
        results = load_botilbud_round(store, 2026)
    with Store(folder / "small.sqlite") as store:
        _ingest(store, folder, seed=8, size=4, first=201)
        small = load_botilbud_round(store, 2026)
    return Rounds(results, small, folder)


@dataclass
class FakeCase:
    case_id: str
    title: str
    municipality: str
    theme: str
    gains: str
    summary: Text
    source: str


class FakeCatalogue:
    """Stands in for engine.catalogue; records what it was asked."""

    def __init__(self) -> None:
        self.asked: list[list[str]] = []

    def __call__(self, codes: list[str]) -> list[FakeCase]:
        self.asked.append(list(codes))
        return [FakeCase(f"X{i}", f"Eksempel {i}", "Aarhus Kommune", "Tema", "1 årsværk",
                         Text("Vores sammendrag.", "Our summary."), "KL") for i in range(3)]


@pytest.fixture(scope="module")
def reports(rounds, tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("botilbud_reports")
    return {
        "main": write_facility_report(rounds.results, MAIN, out / "main.xlsx"),
        "en": write_facility_report(rounds.results, "BO-0105", out / "en.xlsx", "en"),
        "no_time": write_facility_report(rounds.results, NO_TIME, out / "no_time.xlsx"),
        "refused_time": write_facility_report(rounds.results, REFUSED_TIME, out / "refused_time.xlsx"),
        "small": write_facility_report(rounds.small, SMALL, out / "small.xlsx"),
        "overview": write_botilbud_overview(rounds.results, out / "overview.xlsx"),
    }


def _strings(path: Path) -> str:
    """Every text a reader can see: all XML parts of the file (cells, charts, properties, headers)."""
    with zipfile.ZipFile(path) as archive:
        return "\n".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist())


def _cells(path: Path, sheet: str) -> list[list]:
    return python_calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python(
        skip_empty_area=False)


def _row(grid, first_cell: str) -> list:
    return next(row for row in grid if row and row[0] == first_cell)


# -- structure ------------------------------------------------------------------------------------

@pytest.mark.parametrize("key, lang", [("main", "da"), ("en", "en")])
def test_sheets_in_order(reports, key, lang):
    book = openpyxl.load_workbook(reports[key])
    assert book.sheetnames == [SHEETS[k](lang) for k in SHEETS] + [PLAN_SHEET(lang)]
    assert list(SHEETS)[0] == "key" and book.active.title == SHEETS["key"](lang)
    assert {"annual_norm_hours", "weakness_threshold", "fte_basis"} <= set(book.defined_names)


def test_summary_shows_the_engines_numbers_as_liveformula_cells(rounds, reports):
    grid = _cells(reports["main"], "Overblik")
    formulas = formula_cells(reports["main"])["Overblik"]
    rows = rounds.results.facility_indicators(MAIN).set_index("indicator")
    for item in INDICATORS:
        r = next(i for i, row in enumerate(grid) if row[0] == item.name("da"))
        own, peers, cluster = grid[r][3], grid[r][4], grid[r][6]
        assert own == pytest.approx(rows.loc[item.id, "value"], rel=1e-12)
        assert f"D{r + 1}" in formulas  # the own value is a formula
        assert peers == pytest.approx(rows.loc[item.id, "peer_median"], rel=1e-12)
        assert cluster == pytest.approx(rows.loc[item.id, "cluster_median"], rel=1e-12) or cluster == DASH
        assert (grid[r][7] == "markant svagere") == bool(rows.loc[item.id, "weak"])
    assert sum(len(cells) for cells in formula_cells(reports["main"]).values()) > 400


def test_productivity_is_computed_by_formula_from_the_inputs(rounds, reports):
    formulas = formula_cells(reports["main"])["Produktivitet"]
    grid = _cells(reports["main"], "Produktivitet")
    result = next(i for i, row in enumerate(grid) if row[0] == "Brugerrettede timer pr. 1.000 takstkroner")
    assert formulas[f"B{result + 1}"].startswith("=B") and "/1000)" in formulas[f"B{result + 1}"]
    assert grid[result][1] == pytest.approx(
        rounds.results.facility_indicators(MAIN).set_index("indicator").loc["user_hours_per_1000_dkk", "value"])
    steps = " ".join(formulas.values())
    for name in ("annual_norm_hours", "days_per_year", "fte_basis", "Grundlag!", "Tidsforbrug!"):
        assert name in steps
    info = rounds.results.facilities.loc[MAIN]
    hand = info.fte_frontline * 1503 * info.user_share / (info.places * info.occupancy / 100 * info.tariff * 365 / 1000)
    assert grid[result][1] == pytest.approx(hand, rel=1e-12)


def test_charts_are_native(reports):
    book = openpyxl.load_workbook(reports["main"])
    counts = {name: len(book[name]._charts) for name in ("Normering", "Tidsforbrug", "Status", "Produktivitet",
                                                         "Lignende tilbud")}
    assert counts == {"Normering": 4, "Tidsforbrug": 3, "Status": 2, "Produktivitet": 1, "Lignende tilbud": 1}
    lines = book["Normering"]._charts[0]
    assert len(lines.series) == 3  # own, the 5 most similar, the cluster


def test_staffing_gap_is_a_formula_over_the_hourly_table(rounds, reports):
    formulas = formula_cells(reports["main"])["Normering"]
    gap = [f for f in formulas.values() if "weekdays_per_year" in f and "annual_norm_hours" in f]
    assert len(gap) == 2 and any('"night"' in f for f in gap)
    assert sum(f.startswith("=MAX(0,") for f in formulas.values()) == 48 - _hours_without_reference(rounds)


def _hours_without_reference(rounds) -> int:
    hourly = rounds.results.hourly
    return int(hourly[(hourly.facility == MAIN)].peer_ratio.isna().sum())


def test_municipal_text_stays_text(reports):
    book = openpyxl.load_workbook(reports["main"])
    cell = book["Grundlag"]["B6"]
    assert cell.value == FORMULA_NAME and cell.data_type == "s"
    assert book["Overblik"]["A1"].data_type == "s"


def test_peers_are_anonymous_letters_with_distance_and_reasons(rounds, reports):
    grid = _cells(reports["main"], "Lignende tilbud")
    rows = [row for row in grid if str(row[0]).startswith("Tilbud ")]
    assert [row[0] for row in rows] == [f"Tilbud {letter}" for letter in "ABCDE"]
    peers = rounds.results.peers_of(MAIN)
    assert [row[2] for row in rows] == pytest.approx(list(peers.distance), rel=1e-12)
    assert all(row[3] in ("meget tæt", "tæt", "mindre tæt") for row in rows)
    assert all(row[4] for row in rows)  # a reason for every peer
    # Reasons in bands: never a number of places or a share that would tell the anonymous peer's size.
    assert not any(any(ch.isdigit() for ch in str(row[4]).replace("VUM 0", "").replace("VUM 1", "")
                       .replace("VUM 2", "").replace("VUM 3", "").replace("VUM 4", "")) for row in rows)


def test_deterministic_output(rounds, tmp_path):
    first = write_facility_report(rounds.results, "BO-0104", tmp_path / "a.xlsx")
    second = write_facility_report(rounds.results, "BO-0104", tmp_path / "b.xlsx")
    assert first.read_bytes() == second.read_bytes()


def test_unknown_facility_and_language_write_nothing(rounds, tmp_path):
    with pytest.raises(KeyError, match="BO-9999"):
        write_facility_report(rounds.results, "BO-9999", tmp_path / "x.xlsx")
    with pytest.raises(ValueError, match="language"):
        write_facility_report(rounds.results, MAIN, tmp_path / "x.xlsx", lang="de")

    def broken(codes):
        raise RuntimeError("catalogue unavailable")

    with pytest.raises(RuntimeError):
        write_facility_report(rounds.results, MAIN, tmp_path / "x.xlsx", cases=broken)
    assert list(tmp_path.iterdir()) == []


# -- anonymity ------------------------------------------------------------------------------------

def _identities(results) -> dict[str, str]:
    return {fid: str(name) for fid, name in results.facilities["facility_name"].items()}


@pytest.mark.parametrize("key, facility", [("main", MAIN), ("en", "BO-0105"), ("no_time", NO_TIME)])
def test_no_other_facility_is_named_or_identified(rounds, reports, key, facility):
    text = _strings(reports[key])
    names = _identities(rounds.results)
    own = names[facility]
    assert facility in text
    assert [fid for fid in names if fid != facility and fid in text] == []
    assert [name for fid, name in names.items() if name != own and name in text] == []


def test_consented_peer_may_be_named(rounds, tmp_path):
    peer = rounds.results.peers_of(MAIN).peer.iloc[0]
    params = replace(rounds.results.params, consented=(peer,))
    results = replace(rounds.results, params=params,
                      facilities=rounds.results.facilities.assign(consent=rounds.results.facilities.index == peer))
    path = write_facility_report(results, MAIN, tmp_path / "consent.xlsx")
    text = _strings(path)
    names = _identities(results)
    assert names[peer] in text
    grid = _cells(path, "Lignende tilbud")
    assert any(row[0] == names[peer] for row in grid)
    others = [fid for fid in names if fid not in (MAIN, peer)]
    assert [fid for fid in others if fid in text] == []


# -- missing data and small groups ------------------------------------------------------------------

def test_facility_without_time_registration(rounds, reports):
    grid = _cells(reports["no_time"], "Overblik")
    for item in INDICATORS:
        row = _row(grid, item.name("da"))
        assert (row[3] == DASH) == item.needs_time
    registrations = _cells(reports["no_time"], "Tidsregistrering")
    assert any("ikke indsendt" in str(value) for row in registrations for value in row)
    productivity = _cells(reports["no_time"], "Produktivitet")
    assert _row(productivity, "Brugerrettede timer pr. 1.000 takstkroner")[1] == DASH


def test_small_round_is_suppressed(rounds, reports):
    assert rounds.small.matcher is None
    grid = _cells(reports["small"], "Overblik")
    for item in INDICATORS:
        row = _row(grid, item.name("da"))
        assert row[4] == DASH and row[6] == DASH and row[7] in ("", DASH)
    text = _strings(reports["small"])
    assert "færre end 5 tilbud" in text
    peers = _cells(reports["small"], "Lignende tilbud")
    assert not any(str(row[0]).startswith("Tilbud ") for row in peers)
    charts = openpyxl.load_workbook(reports["small"])["Normering"]._charts
    assert all(len(chart.series) == 1 for chart in charts[:2])  # only the facility's own line


# -- cases ----------------------------------------------------------------------------------------

def test_cases_are_asked_for_the_weak_indicators(rounds, tmp_path):
    catalogue = FakeCatalogue()
    path = write_facility_report(rounds.results, MAIN, tmp_path / "cases.xlsx", cases=catalogue)
    weak = rounds.results.weak_codes(MAIN)
    # the Examples sheet asks for all of them at once, then the action plan for each in turn
    assert weak and catalogue.asked[0] == weak and set(sum(catalogue.asked[1:], [])) == set(weak)
    grid = _cells(path, "Eksempler")
    assert [row[0] for row in grid if str(row[0]).startswith("Eksempel ")] == ["Eksempel 0", "Eksempel 1", "Eksempel 2"]


def test_suggested_cases_fit_the_weak_indicators(rounds, reports):
    weak = set(rounds.results.weak_codes(MAIN))
    links = load_catalogue().links("botilbud")
    titles = {load_catalogue().case(case_id).title: case_id for ids in links.values() for case_id in ids}
    grid = _cells(reports["main"], "Eksempler")
    listed = [titles[row[0]] for row in grid if row[0] in titles]
    assert listed
    for case_id in listed:
        assert {code for code, ids in links.items() if case_id in ids} & weak


def test_no_weak_indicators_no_cases(rounds, reports):
    grid = _cells(reports["small"], "Eksempler")
    texts = [value for row in grid[3:] for value in row if value not in ("", None)]
    assert len(texts) == 1  # one note, no table


# -- overview -------------------------------------------------------------------------------------

def test_overview_names_everyone(rounds, reports):
    book = openpyxl.load_workbook(reports["overview"])
    assert book.sheetnames == ["Nøgletal", "Fordeling", "Markeringer", "Markeringer pr. deltager", "Placering",
                               "Lignende tilbud", "Klynger", "Netværksdag", "Mangler"]
    assert len(book["Fordeling"]._charts) == len(INDICATORS)  # every facility a point in each
    text = _strings(reports["overview"])
    assert all(fid in text for fid in rounds.results.facilities.index)
    missing = _cells(reports["overview"], "Mangler")
    assert any(row[0] == NO_TIME for row in missing)
    assert rounds.results.unmatched_time_registrations == (ORPHAN,)
    assert any(row[0] == REFUSED_TIME and "(afvist)" in row[2] for row in missing)
    assert any(row[0] == ORPHAN for row in missing)
    assert sum(len(cells) for cells in formula_cells(reports["overview"]).values()) > 20


# -- LibreOffice: recalculation and rendering --------------------------------------------------------

@pytest.mark.libreoffice
@pytest.mark.parametrize("key, minimum", [("main", 400), ("en", 400), ("no_time", 60), ("small", 150),
                                          ("overview", 20)])
def test_every_formula_recalculates_to_its_cached_value(reports, tmp_path, key, minimum):
    compared, mismatches, errors = recalculation_mismatches(reports[key], tmp_path)
    assert compared > minimum
    assert mismatches == []
    assert errors == []


@pytest.mark.libreoffice
def test_report_renders_to_pdf(reports, tmp_path):
    pdf = convert(reports["main"], "pdf", tmp_path)
    assert pdf.read_bytes()[:4] == b"%PDF"
    subprocess.run(["pdftoppm", "-r", "50", "-png", "-f", "1", "-l", "4", str(pdf), str(tmp_path / "page")],
                   check=True, capture_output=True, timeout=120)
    pages = sorted(tmp_path.glob("page*.png"))
    assert len(pages) == 4 and all(page.stat().st_size > 5_000 for page in pages)


@pytest.mark.libreoffice
def test_a_changed_parameter_changes_every_dependent_flag_and_sentence(reports, tmp_path):
    """Live all the way: new thresholds and annual norm on the method sheet reach the summary's flags
    and the key-message sentences after recalculation."""
    before = python_calamine.CalamineWorkbook.from_path(str(reports["main"]))
    assert "markant svagere" in sheet_strings(before, "Overblik")
    after = recalculated_with_parameters(reports["main"], {"weakness_threshold": 100, "gap_min_fte": 1000,
                                                                "annual_norm_hours": 3000},
                                         tmp_path)
    assert "markant svagere" not in sheet_strings(after, "Overblik")
    assert any("mere end 10.000 % dårligere" in text for text in sheet_strings(after, "Overblik"))
    key_before, key_after = sheet_strings(before, "Hovedbudskaber"), sheet_strings(after, "Hovedbudskaber")
    assert any(text.startswith("Tilbuddet er markant svagere end medianen for de 5 mest lignende på 0 af")
               for text in key_after)
    productivity = [text for text in key_after if text.startswith("Brugerrettede timer pr. 1.000 takstkroner")]
    assert len(productivity) == 1 and productivity[0] not in key_before


# Sheets still printing below engine.report.print_layout.MIN_TYPE_PT (see test_report_administration).
SMALL_TYPE = {"main": set(), "en": set(), "no_time": set(), "overview": {"Nøgletal"}}


@pytest.mark.libreoffice
@pytest.mark.parametrize("key", ["main", "en", "no_time", "overview"])
def test_every_sheet_prints_on_its_paper_without_clipping_or_blank_pages(reports, tmp_path, key):
    """A4 (the overview A3) in the declared orientation, fit to the page width, no blank page, every
    row whole across one page, no header broken mid-word or cut by its row height."""
    assert clipped_cells(reports[key]) == []
    pdf = convert(reports[key], "pdf", tmp_path)
    assert print_problems(reports[key], pdf) == []
    assert layout_problems(reports[key], pdf, SMALL_TYPE[key]) == []
    pages = pdf_pages(pdf)
    assert len(pages) < (25 if key != "overview" else 40)
    if key == "overview":  # the charts three abreast, then one table: not a list of facilities per indicator
        distribution = [text for _, _, text in pages if sheet_of_page(text, ["Fordeling"]) == "Fordeling"]
        assert 1 < len(distribution) <= 5


def test_a_refused_time_registration_reads_refused_not_missing(rounds, reports):
    assert bool(rounds.results.facilities.loc[REFUSED_TIME, "time_registration_refused"])
    assert not bool(rounds.results.facilities.loc[NO_TIME, "time_registration_refused"])
    refused, absent = _strings(reports["refused_time"]), _strings(reports["no_time"])
    assert "afvist: tidsbaserede indikatorer vises ikke" in refused and "ikke modtaget" not in refused
    assert "ikke modtaget: tidsbaserede indikatorer vises ikke" in absent


def test_every_sentence_naming_the_peer_group_follows_n_peers(rounds, tmp_path):
    """n_peers = 6: no text may still speak of "the 5 most similar" or "A–E"."""
    with Store(rounds.folder / "bench.sqlite", create=False) as store:
        results = load_botilbud_round(store, 2026, BotilbudParameters(n_peers=6))
    report = write_facility_report(results, MAIN, tmp_path / "main.xlsx", cases=lambda codes: [])
    overview = write_botilbud_overview(results, tmp_path / "overview.xlsx")
    for path in (report, overview):
        text = _strings(path)
        assert "5 mest lignende" not in text and "A–E" not in text, path.name
        assert "6 mest lignende" in text, path.name
    assert "A–F" in _strings(report)


def test_page_one_names_the_flagged_indicators(reports):
    """"3 af 13 indikatorer" alone sends the reader looking: the sentence names them, live from the flags."""
    grid = _cells(reports["main"], "Hovedbudskaber")
    sentence = next(row[0] for row in grid if row and str(row[0]).startswith("Tilbuddet er markant svagere"))
    weak = [row[0] for row in _cells(reports["main"], "Overblik") if len(row) > 7 and row[7] == "markant svagere"]
    assert weak, "the test facility should be weaker on some indicators"
    # "af de m": the flaggable indicators with a peer median other than 0 (a median of 0 flags nothing).
    counted = re.search(r"på (\d+) af de (\d+) indikatorer, der kan markeres: (.*)\.$", sentence)
    assert counted is not None, sentence
    assert int(counted[1]) == len(weak) and len(weak) <= int(counted[2]) <= 13
    assert counted[3] == "; ".join(weak)


def test_overview_distribution_names_each_facility_with_id_and_municipality(rounds, reports):
    """Names repeat across municipalities: each row of "Fordeling"'s table says which facility it is."""
    from engine.benchmarks.botilbud.report_common import choice_label

    grid = _cells(reports["overview"], "Fordeling")
    facilities = rounds.results.facilities
    rows = [row for row in grid if row and row[0] in facilities.index]
    assert sorted(row[0] for row in rows) == sorted(facilities.index)  # one row per facility
    for row in rows:
        fid = row[0]
        assert row[1:3] == [facilities.loc[fid, "facility_name"],
                            choice_label("municipality", facilities.loc[fid, "municipality"], "da")]


def test_overview_distribution_table_shows_every_value_coloured_by_its_side_of_the_median(rounds, reports):
    """One column per indicator: the value (a dash where there is none, never 0), filled green at or
    on the good side of the median and red on the bad side, as the chart's points; the median a formula."""
    from engine.peers.comparison import at_or_better
    from engine.report.distribution_grid import BAD_FILL, GOOD_FILL

    ws = openpyxl.load_workbook(reports["overview"])["Fordeling"]
    header = next(row for row in ws.iter_rows() if row[0].value == "Id")
    columns = {cell.value: cell.column for cell in header if cell.value}
    values = rounds.results.values
    rows = {row[0].value: row[0].row for row in ws.iter_rows() if row[0].value in values.index}
    median_row = next(row[0].row for row in ws.iter_rows() if row[0].value == "Median")
    checked = 0
    for item in INDICATORS:
        col = columns[item.name("da")]
        present = values[item.id].dropna()
        assert ws.cell(median_row, col).value.startswith("=MEDIAN(")
        for fid, row in rows.items():
            cell = ws.cell(row, col)
            value = values.loc[fid, item.id]
            if value != value:  # missing (no time registration): a dash, not 0
                assert cell.value == "–", (fid, item.id)
                continue
            assert cell.value == pytest.approx(float(value))
            fill = cell.fill.fgColor.rgb if cell.fill.fill_type else None
            if item.better is None:
                assert fill is None
            else:
                good = at_or_better(float(value), float(present.median()), item.better)
                assert fill == "FF" + (GOOD_FILL if good else BAD_FILL)[1:], (fid, item.id)
                checked += 1
    assert checked > 100
    assert any(ws.cell(rows[NO_TIME], columns[item.name("da")]).value == "–" for item in INDICATORS)


def test_an_inverse_shows_the_flag_of_the_indicator_it_inverts(rounds, tmp_path):
    """"Ledere pr. medarbejder" flagged and "Medarbejdere pr. leder" blank read as two verdicts on one
    fact; the inverse's row shows its partner's flag (a formula over the partner's flag cell), which
    page one does not count again."""
    rows = rounds.results.indicators
    weak = rows[(rows["indicator"] == "managers_per_employee") & rows["weak"].astype(bool)]
    path = write_facility_report(rounds.results, str(weak["facility"].iloc[0]), tmp_path / "x.xlsx",
                                 cases=lambda codes: [])
    flags = {row[0]: row[7] for row in _cells(path, "Overblik") if len(row) > 7}
    assert flags["Ledere pr. medarbejder"] == "markant svagere"
    assert flags["Medarbejdere pr. leder"] == "(markeret under «Ledere pr. medarbejder»)"
    unflagged = rows[(rows["indicator"] == "managers_per_employee") & ~rows["weak"].astype(bool)
                     & rows["peer_median"].notna()]
    other = write_facility_report(rounds.results, str(unflagged["facility"].iloc[0]), tmp_path / "y.xlsx",
                                  cases=lambda codes: [])
    flags = {row[0]: row[7] for row in _cells(other, "Overblik") if len(row) > 7}
    assert flags["Ledere pr. medarbejder"] in ("", "–") and flags["Medarbejdere pr. leder"] == ""


def test_every_example_shown_is_about_the_indicator_it_is_shown_for(reports):
    """Each case on the Examples sheet names in "Adresserer" the flagged indicators it is shown for, each
    with a topic word of that indicator, and the word stands in the case's title or description."""
    from engine.benchmarks.botilbud.report_context import CODE_NAMES
    from engine.catalogue import load_catalogue

    catalogue, codes = load_catalogue(), {name.da.lower(): code for code, name in CODE_NAMES.items()}
    grid = _cells(reports["main"], "Eksempler")
    header = next(i for i, row in enumerate(grid) if row and row[0] == "Case" and "Adresserer" in row)
    shown = [row for row in grid[header + 1:] if len(row) > 5 and row[0] and row[5]]
    assert shown, "the test facility should be shown examples"
    for row in shown:
        parts = re.findall(r"(?:^|, )(.+?) \(«([^»]+)»\)", str(row[5]))
        assert parts, row
        for name, word in parts:
            assert word in catalogue.topics("botilbud", codes[name]), (row[0], name, word)
            assert word.casefold() in f"{row[0]} {row[4]}".casefold(), (row[0], name, word)
