"""The administration report workbooks: structure, confidentiality, suppression and live formulas.

A realistic round is built the way a real one is: synthetic municipalities fill the template,
the files are validated and ingested into a store, and the round is computed from the store.
The LibreOffice tests recalculate every report and compare every formula with its cached value.
"""

from __future__ import annotations

import random
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest
import python_calamine

from engine.report.action_plan import SHEET as PLAN_SHEET
from engine.benchmarks import get_domain
from engine.benchmarks.administration.compute import TOTAL, AdministrationParameters, load_round
from engine.benchmarks.administration.overview import write_overview
from engine.benchmarks.administration.report import SHEETS, write_participant_report
from engine.benchmarks.administration.synthetic import administration_values, draw_profile
from engine.store.database import Store
from engine.templates.writer import write_template
from engine.text import Text
from engine.validation.validate import validate_files
from libreoffice import (
    convert, formula_cells, recalculated_with_parameters, recalculation_mismatches, sheet_strings,
)
from printing import A3, A4, clipped_cells, layout_problems, pdf_pages, print_problems

# Capital-region municipalities: names that cannot occur by accident in report text.
ROUND = ("101", "147", "151", "153", "155", "157", "159", "161", "163", "165", "167", "169")
PREVIOUS = ("101", "147", "151", "153")  # also in the 2025 round
SMALL = ("173", "175", "183", "185")  # a round too small to compare
EQUALS_COMMENT = "=Samme som sidste år"
DASH = "–"


def _ingest(store: Store, folder: Path, codes, year: int, seed: int) -> None:
    domain = get_domain("administration")
    rng = random.Random(seed)
    paths = []
    for code in codes:
        values = administration_values(rng, draw_profile(rng, code), year)
        if code == codes[0]:
            values[("finance", "FIN-001", "comment")] = EQUALS_COMMENT
        path = folder / f"{year}_{code}.xlsx"
        write_template(domain, path, "da", values)
        paths.append(path)
    for result in validate_files(paths):
        assert result.valid, [issue.code for issue in result.issues]
        assert store.ingest(result, year).stored


@dataclass
class Rounds:
    folder: Path
    results: object  # 2026, with 2025 as previous year
    consented: object  # the same round, "147" consents to being named
    small: object  # 4 municipalities: every comparison suppressed


@pytest.fixture(scope="module")
def rounds(tmp_path_factory) -> Rounds:
    folder = tmp_path_factory.mktemp("administration_round")
    with Store(folder / "bench.sqlite") as store:
        _ingest(store, folder, PREVIOUS, 2025, seed=2025)
        _ingest(store, folder, ROUND, 2026, seed=2026)
        results = load_round(store, 2026)
        consented = load_round(store, 2026, AdministrationParameters(consented=("147",)))
    with Store(folder / "small.sqlite") as store:
        _ingest(store, folder, SMALL, 2026, seed=7)
        small = load_round(store, 2026)
    return Rounds(folder, results, consented, small)


@dataclass
class FakeCase:
    case_id: str
    title: str
    municipality: str
    gains: str
    summary: Text
    realizability: str
    source: str


class FakeCatalogue:
    """Stands in for engine.catalogue; records what it was asked."""

    def __init__(self) -> None:
        self.asked: list[list[str]] = []

    def __call__(self, indicators: list[str]) -> list[FakeCase]:
        self.asked.append(list(indicators))
        return [FakeCase(f"case-{indicators[0]}-{i}", f"Eksempel {i} for {indicators[0]}", "Aarhus Kommune",
                         "1,5 årsværk", Text("Vores sammendrag.", "Our summary."), "let", "KL 2016")
                for i in range(5)]


@pytest.fixture(scope="module")
def reports(rounds, tmp_path_factory) -> dict[str, Path]:
    """Reports written once for the module: with and without last year, English, suppressed, overview."""
    out = tmp_path_factory.mktemp("reports")
    catalogue = FakeCatalogue()
    return {
        "101": write_participant_report(rounds.results, "101", out / "101.xlsx", cases=catalogue),
        "163": write_participant_report(rounds.results, "163", out / "163.xlsx", cases=catalogue),
        "147_en": write_participant_report(rounds.results, "147", out / "147_en.xlsx", "en", cases=catalogue),
        "small": write_participant_report(rounds.small, "173", out / "173_small.xlsx", cases=catalogue),
        "overview": write_overview(rounds.results, out / "overview.xlsx"),
    }


def _strings(path: Path) -> list[str]:
    """Every text a reader can see: all XML parts of the file (cells, charts, properties, headers)."""
    with zipfile.ZipFile(path) as archive:
        return [archive.read(name).decode("utf-8", "replace") for name in archive.namelist()]


def _cells(path: Path, sheet: str) -> list[list]:
    return python_calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python(
        skip_empty_area=False)


def _engine_row(results, participant: str, area: str, category_id: str):
    c = results.categories
    return c[(c.participant == participant) & (c.area == area) & (c.category_id == category_id)].iloc[0]


# -- structure ------------------------------------------------------------------------------------

@pytest.mark.parametrize("key, lang", [("101", "da"), ("147_en", "en")])
def test_sheets_in_order(reports, key, lang):
    book = openpyxl.load_workbook(reports[key])
    assert book.sheetnames == [SHEETS[k](lang) for k in
                               ("key", "summary", "processes", "charts", "potential", "drilldown", "examples",
                                "method", "basis")] + [PLAN_SHEET(lang)]  # engine.report.action_plan
    assert book.active.title == SHEETS["key"](lang)


def test_summary_and_potential_are_liveformula_cells(reports):
    formulas = formula_cells(reports["101"])
    summary, potential = formulas["Overblik"], formulas["Potentiale"]
    averages = [f for f in summary.values() if f.startswith("=AVERAGEIFS(Processer!")]
    sums = [f for f in summary.values() if f.startswith("=SUMIFS(Processer!")]
    assert len(averages) == 3 * (11 + 18)  # three scores per category, both areas
    # "Samlet": the plain mean of the category rows above it (overall_weighting = "categories").
    totals = [f for f in summary.values() if f.startswith("=AVERAGE(") and not f.startswith("=AVERAGEIFS")]
    assert len(totals) == 3 * 2
    assert len(sums) == 11 + 1 + 18 + 1
    assert sum("Grundlag!" in f for f in summary.values()) > 100  # deviations, last year
    assert sum(f.startswith("=MAX(0,") for f in potential.values()) == 11 + 18
    assert sum("cost_per_fte" in f for f in potential.values()) >= 11 + 18 + 2
    assert sum(len(cells) for cells in formulas.values()) > 500


def test_cached_values_are_the_engines_numbers(rounds, reports):
    """Any viewer shows the right numbers before recalculating: the cached result is the engine's."""
    grid = _cells(reports["101"], "Overblik")
    formulas = formula_cells(reports["101"])["Overblik"]
    total = _engine_row(rounds.results, "101", "finance", TOTAL)
    row = next(r for r, values in enumerate(grid) if values[0] == "Samlet")  # first: finance, samlet overblik
    assert grid[row][1] == pytest.approx(total["centralisation"], rel=1e-12)
    assert grid[row][4] == pytest.approx(total["fte"], rel=1e-12)
    assert grid[row][5] == pytest.approx(total["fte_norm"], rel=1e-12)
    assert formulas[f"B{row + 1}"] == f"=AVERAGE(B{row - 10}:B{row})"  # the 11 finance categories above


def test_charts_are_native(reports):
    book = openpyxl.load_workbook(reports["101"])
    assert len(book["Diagrammer"]._charts) == 8 + 6  # four bar charts and three scatter charts per area


@pytest.mark.parametrize("key, code, label", [("101", "101", "Over for medianen, samme størrelse"),
                                               ("163", "163", "Over for medianen, samme størrelse"),
                                               ("147_en", "147", "Against the median, same size")])
def test_the_summary_compares_every_figure_with_the_same_size_group_where_it_is_shown(rounds, reports, key, code,
                                                                                      label):
    """docs/method.md, "A same-size comparison": own − the same-size median beside "all", for the three scores
    and FTE per basis, a live formula over the basis sheet; "–" where the policy hides the group's median."""
    grid = _cells(reports[key], "Overblik" if key != "147_en" else "Summary")
    c = rounds.results.categories
    own = c[c.participant == code]
    figures = {"centralisation": "size_peer_centralisation", "digital_process": "size_peer_digital_process",
               "digital_solution": "size_peer_digital_solution", "fte_norm": "size_peer_fte_norm_median"}
    headers = [(r, col) for r, values in enumerate(grid) for col, value in enumerate(values)
               if isinstance(value, str) and value.startswith(label)]
    assert len(headers) == 2  # one per area
    for (row, col), area in zip(headers, ("finance", "hr")):
        rows = own[own.area == area]
        shown = grid[row + 2:row + 2 + len(rows)]
        for offset, (figure, median) in enumerate(figures.items()):
            cells = [values[col + offset] for values in shown]
            expected = (rows[figure] - rows[median]).tolist()
            assert [DASH if value != value else pytest.approx(value) for value in expected] == cells
    formulas = formula_cells(reports[key])["Overblik" if key != "147_en" else "Summary"]
    assert any("Grundlag!$AD$" in f or "Basis!$AD$" in f for f in formulas.values()) == \
        bool(own.size_peer_centralisation.notna().any())


def test_organisation_against_resource_use_shows_the_others_as_anonymous_rounded_points(rounds, reports):
    """docs/method.md, "Organisation against resource use": per area the others' totals as unnamed points,
    rounded as shown, in order of FTE per basis (never by code), the municipality highlighted and live."""
    from engine.benchmarks.administration.report_scatter import DECIMALS, table_col

    book = openpyxl.load_workbook(reports["101"])
    scatters = [chart for chart in book["Diagrammer"]._charts if chart.tagname == "scatterChart"]
    assert len(scatters) == 6 and all(len(chart.series) == 2 for chart in scatters)
    hidden = {col for dim in book["Diagrammer"].column_dimensions.values() if dim.hidden
              for col in range(dim.min, dim.max + 1)}
    assert all(table_col(area) + 1 + offset in hidden for area in ("finance", "hr")
               for offset in range(5))  # the points' cells never print
    grid = _cells(reports["101"], "Diagrammer")
    c = rounds.results.categories
    totals = c[(c.category_id == TOTAL) & (c.participant != "101")]
    figures = list(DECIMALS)
    name = rounds.results.participants.loc["101", "name"]
    for area in ("finance", "hr"):
        col = table_col(area)
        own_rows = [r for r, values in enumerate(grid) if len(values) > col and values[col] == name]
        assert len(own_rows) == 1
        own_row = own_rows[0]
        others = [values[col + 1:col + 5] for values in grid[own_row + 1:]
                  if len(values) > col and values[col] == "Øvrig kommune"]
        expected = totals[totals.area == area]
        assert len(others) == len(expected) == len(ROUND) - 1
        fte = [row[3] for row in others]
        assert fte == sorted(fte)  # by FTE per basis, so the order of the codes names no point
        want = sorted(tuple(round(float(row[f]), DECIMALS[f]) for f in figures) for _, row in expected.iterrows())
        assert sorted(tuple(row) for row in others) == want  # rounded as shown, nothing more precise
        assert grid[own_row][col + 4] == pytest.approx(c[(c.participant == "101") & (c.area == area)
                                                         & (c.category_id == TOTAL)].fte_norm.iloc[0])
    formulas = formula_cells(reports["101"])["Diagrammer"]
    assert sum("Overblik" in formula for formula in formulas.values()) == 8  # the own points read the summary


def test_processes_keep_municipal_text_and_provenance(rounds, reports):
    book = openpyxl.load_workbook(reports["101"])
    ws = book["Processer"]
    rows = {ws.cell(row, 1).value: row for row in range(5, ws.max_row + 1)}
    assert len(rows) == 300
    comment = ws.cell(rows["FIN-001"], 9)
    assert comment.value == EQUALS_COMMENT and comment.data_type == "s"
    assert ws.cell(rows["FIN-001"], 10).value == "'Økonomi'!D6"
    assert ws.auto_filter.ref and ws.freeze_panes == "B5"


def test_previous_year_beside_this_year(rounds, reports):
    with_prev = formula_cells(reports["101"])["Overblik"]
    without = formula_cells(reports["163"])["Overblik"]
    assert rounds.results.previous_year == 2025
    assert any("$Q$" in f for f in with_prev.values())  # last year's centralisation on the basis sheet
    assert not any("$Q$" in f for f in without.values())  # 163 did not take part in 2025


def test_deterministic_output(rounds, tmp_path):
    first = write_participant_report(rounds.results, "151", tmp_path / "a.xlsx", cases=lambda indicators: [])
    second = write_participant_report(rounds.results, "151", tmp_path / "b.xlsx", cases=lambda indicators: [])
    assert first.read_bytes() == second.read_bytes()


def test_unknown_participant_and_language(rounds, tmp_path):
    with pytest.raises(KeyError, match="999"):
        write_participant_report(rounds.results, "999", tmp_path / "x.xlsx")
    with pytest.raises(ValueError, match="language"):
        write_participant_report(rounds.results, "101", tmp_path / "x.xlsx", lang="de")
    assert list(tmp_path.iterdir()) == []


def test_failed_report_leaves_nothing_behind(rounds, tmp_path):
    def broken(indicators):
        raise RuntimeError("catalogue unavailable")

    c = rounds.results.categories
    flags = c[["flag_less_centralised", "flag_less_digital", "flag_more_fte"]].any(axis=1)
    flagged = str(c.loc[flags, "participant"].iloc[0])  # the catalogue is asked only for a flagged category
    target = tmp_path / "r.xlsx"
    with pytest.raises(RuntimeError):
        write_participant_report(rounds.results, flagged, target, cases=broken)
    assert list(tmp_path.iterdir()) == []


# -- confidentiality ------------------------------------------------------------------------------

def _names(results) -> dict[str, str]:
    return {code: str(name) for code, name in results.participants["name"].items()}


@pytest.mark.parametrize("key, code", [("101", "101"), ("163", "163"), ("147_en", "147"), ("small", "173")])
def test_no_other_municipality_is_named(rounds, reports, key, code):
    results = rounds.small if key == "small" else rounds.results
    names = _names(results)
    text = "\n".join(_strings(reports[key]))
    assert names[code] in text
    assert [name for other, name in names.items() if other != code and name in text] == []


def test_consented_municipality_may_be_named(rounds, tmp_path):
    path = write_participant_report(rounds.consented, "101", tmp_path / "101.xlsx", cases=lambda indicators: [])
    names = _names(rounds.consented)
    text = "\n".join(_strings(path))
    assert names["147"] in text
    assert [name for other, name in names.items() if other not in ("101", "147") and name in text] == []


def test_small_round_is_suppressed(rounds, reports):
    assert rounds.small.categories["suppressed"].all()
    formulas = formula_cells(reports["small"])
    grid = _cells(reports["small"], "Overblik")
    start = next(r for r, values in enumerate(grid) if str(values[0]).startswith("Sammenligning med andre"))
    comparison = grid[start + 3]  # first category of the comparison table
    assert comparison[1:8] == [DASH] * 7
    assert not any("Grundlag!$G$" in f or "Grundlag!$J$" in f for cells in formulas.values() for f in cells.values())
    basis = _cells(reports["small"], "Grundlag")
    header = next(r for r, values in enumerate(basis) if values[0] == "område-id")
    assert all(row[6:10] == [DASH] * 4 for row in basis[header + 1:] if row[0])
    potential = _cells(reports["small"], "Potentiale")
    assert any(row[6] == DASH and row[7] == DASH for row in potential)
    text = "\n".join(_strings(reports["small"]))
    assert "færre end 5 kommuner" in text
    # No chart plots a peer series: each shows only the municipality itself.
    charts = openpyxl.load_workbook(reports["small"])["Diagrammer"]._charts
    assert len(charts) == 8 + 6 and all(len(chart.series) == 1 for chart in charts)
    assert "de øvrige vises ikke" in text  # the scatter charts say why they show the municipality alone
    # "Where to start" lists every category it cannot judge, unnumbered, with the reason and no potential.
    drill = _cells(reports["small"], "Processer sammenlignet")
    header = next(r for r, values in enumerate(drill) if values and values[0] == "Nr.")
    why = "ingen sammenligning: færre end 5 øvrige kommuner har svaret"
    listed = [values for values in drill[header + 1:header + 40] if len(values) > 2 and values[2] == why]
    assert len(listed) == 29 and all(values[0] in ("", None) and values[7] == DASH for values in listed)
    assert why not in "\n".join(_strings(reports["101"]))  # a round large enough leaves nothing out


# -- examples ------------------------------------------------------------------------------------

def test_examples_for_flagged_categories(rounds, tmp_path):
    catalogue = FakeCatalogue()
    path = write_participant_report(rounds.results, "163", tmp_path / "163.xlsx", cases=catalogue)
    c = rounds.results.categories
    own = c[(c.participant == "163") & (c.category_id != TOTAL)]
    flagged = own[own.flag_less_centralised | own.flag_less_digital | own.flag_more_fte]
    assert len(flagged) > 0
    # the Examples sheet asks first; the action plan (engine.report.action_plan) asks the same again
    examples, plan = catalogue.asked[:len(flagged)], catalogue.asked[len(flagged):]
    assert plan == examples
    assert [asked[0] for asked in examples] == list(flagged.category_id)
    for asked, (_, row) in zip(examples, flagged.iterrows()):
        assert ("centralisation" in asked) == bool(row.flag_less_centralised)
        assert ("digital_process" in asked) == bool(row.flag_less_digital)
    grid = _cells(path, "Eksempler")
    titles = [row[0] for row in grid if str(row[0]).startswith("Eksempel ")]
    assert len(titles) == 3 * len(flagged)  # at most three per category, in the catalogue's order
    assert titles[:3] == [f"Eksempel {i} for {flagged.category_id.iloc[0]}" for i in range(3)]


def test_without_catalogue_the_examples_sheet_says_so(rounds, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "engine.catalogue", None)  # as if not installed yet
    path = write_participant_report(rounds.results, "163", tmp_path / "163.xlsx")
    grid = _cells(path, "Eksempler")
    texts = [value for row in grid[3:] for value in row if value not in ("", None)]
    assert len(texts) == 1  # one note, no table


# -- overview ------------------------------------------------------------------------------------

def test_overview_names_everyone_side_by_side(rounds, reports):
    book = openpyxl.load_workbook(reports["overview"])
    assert book.sheetnames[:3] == ["Nøgletal", "Fordeling", "Markeringer pr. deltager"] and len(book.sheetnames) == 14
    text = "\n".join(_strings(reports["overview"]))
    assert all(name in text for name in _names(rounds.results).values())
    ws = book["Centralisering"]
    assert ws.freeze_panes == "C7" and ws.auto_filter.ref
    assert ws.conditional_formatting
    grid = _cells(reports["overview"], "Centralisering")
    row = next(r for r, values in enumerate(grid) if values[0] == "101")
    col = grid[5].index("Samlet")
    assert grid[row][col] == pytest.approx(_engine_row(rounds.results, "101", "finance", TOTAL)["centralisation"])
    assert sum(len(cells) for cells in formula_cells(reports["overview"]).values()) > 100


def test_overview_draws_each_key_indicator_with_every_municipality_as_a_point(rounds, reports):
    book = openpyxl.load_workbook(reports["overview"])
    charts = book["Fordeling"]._charts
    assert len(charts) == 8  # FTE per basis and the three scores, per area
    grid = _cells(reports["overview"], "Fordeling")
    headings = [r for r, values in enumerate(grid) if str(values[0]).startswith("Årsværk, regnskab")]
    first = headings[0] + 2
    rows = grid[first:first + len(ROUND)]
    assert sorted(row[0] for row in rows) == sorted(_names(rounds.results).values())
    assert [row[1] for row in rows] == sorted(row[1] for row in rows)  # in order of value
    # Lower is better for FTE: every point is either on the good or the bad side, never both.
    assert all((row[2] == "") != (row[3] == "") for row in rows)
    assert "lavere er bedre" in grid[headings[0]][0]


# -- LibreOffice: recalculation and rendering ------------------------------------------------------

@pytest.mark.libreoffice
@pytest.mark.parametrize("key, minimum", [("101", 500), ("163", 400), ("147_en", 500), ("small", 100),
                                          ("overview", 100)])
def test_every_formula_recalculates_to_its_cached_value(reports, tmp_path, key, minimum):
    compared, mismatches, errors = recalculation_mismatches(reports[key], tmp_path)
    assert compared > minimum
    assert mismatches == []
    assert errors == []


@pytest.mark.libreoffice
def test_report_renders_to_pdf(reports, tmp_path):
    pdf = convert(reports["101"], "pdf", tmp_path)
    assert pdf.read_bytes()[:4] == b"%PDF"
    subprocess.run(["pdftoppm", "-r", "50", "-png", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "page")],
                   check=True, capture_output=True, timeout=120)
    [png] = tmp_path.glob("page*.png")
    assert png.stat().st_size > 5_000


@pytest.mark.libreoffice
def test_a_changed_parameter_changes_every_dependent_flag_and_sentence(rounds, reports, tmp_path):
    """Live all the way: tolerances and the cost per FTE changed on the method sheet reach the summary's
    flags, the potential sheet's flag text and the key-message sentences after recalculation."""
    names = {"flere årsværk", "mindre centraliseret", "mindre digitaliseret"}

    def flags(book) -> list[str]:  # the summary's flag cells: flag names joined by commas
        return [text for text in sheet_strings(book, "Overblik") if set(text.split(", ")) <= names]

    before = python_calamine.CalamineWorkbook.from_path(str(reports["101"]))
    assert len(flags(before)) > 10
    assert "Flere årsværk end medianen" in sheet_strings(before, "Potentiale")
    after = recalculated_with_parameters(reports["101"], {"fte_min_difference": 1e9, "centralisation_threshold": 3,
                                                          "digital_threshold": 1, "cost_per_fte": 1_000_000},
                                         tmp_path)
    assert flags(after) == []
    assert any("centraliseringsgrad mere end 3,00 under" in text for text in sheet_strings(after, "Overblik"))
    assert "Flere årsværk end medianen" not in sheet_strings(after, "Potentiale")
    key_before, key_after = sheet_strings(before, "Hovedbudskaber"), sheet_strings(after, "Hovedbudskaber")
    area = next(text for text in key_after if text.startswith("Regnskab og økonomistyring:"))
    assert "0 af 11 kategorier er markeret: 0 med flere årsværk, 0 mindre centraliseret og 0 mindre" in area
    potential = rounds.results.categories
    own = potential[(potential.participant == "101") & (potential.category_id == TOTAL)]
    million = own.potential_fte.sum() * 1_000_000 / 1e6
    [headline] = [text for text in key_after if text.startswith("Samlet potentiale:")]
    assert f"{million:.1f}".replace(".", ",") + " mio. kr." in headline
    assert headline not in key_before


@pytest.mark.libreoffice
@pytest.mark.parametrize("key", ["101", "147_en", "small", "overview"])
def test_every_sheet_prints_on_its_paper_without_clipping_or_blank_pages(reports, tmp_path, key):
    """A4 (the overview A3) in the declared orientation, fit to the page width (the widest sheets to pages
    across, labels repeated), no blank page, every row whole across one page, no header broken mid-word
    or cut by its row height, no text below engine.report.print_layout.MIN_TYPE_PT."""
    assert clipped_cells(reports[key]) == []
    pdf = convert(reports[key], "pdf", tmp_path)
    assert print_problems(reports[key], pdf) == []
    assert layout_problems(reports[key], pdf) == []
    pages = pdf_pages(pdf)
    assert pages[0][:2] == pytest.approx(A4 if key != "overview" else (A3[1], A3[0]), abs=2)
    # Planned breaks end a page early rather than cut a chart or strand a heading (about a third more
    # pages), and 7-pt type on A4 takes about twice the pages of the 3-6 pt it replaced (75 and 32 now),
    # with the areas' scatter charts and the action plan.
    assert len(pages) < (85 if key != "overview" else 40)


@pytest.mark.parametrize("weighting", ["categories", "processes"])
def test_the_words_for_samlet_follow_the_weighting_its_formula_uses(rounds, tmp_path, weighting):
    """Every sentence that says how "Samlet" is computed says what the total row's formula does."""
    from engine.benchmarks.administration.report_labels import OVERALL_TEXT

    with Store(rounds.folder / "bench.sqlite") as store:
        results = load_round(store, 2026, AdministrationParameters(overall_weighting=weighting))
    report = write_participant_report(results, "101", tmp_path / "101.xlsx", cases=FakeCatalogue())
    overview = write_overview(results, tmp_path / "overview.xlsx")
    said, other = OVERALL_TEXT[weighting], OVERALL_TEXT[({"categories", "processes"} - {weighting}).pop()]
    for path in (report, overview):
        text = "\n".join(_strings(path))
        assert said.da in text and other.da not in text
        assert "gennemsnit over alle områdets processer" not in text.replace(said.da, "")
    book = openpyxl.load_workbook(report)
    total_rows = [row for row in book["Overblik"].iter_rows() if row[0].value == "Samlet"]
    formula = total_rows[0][1].value
    assert formula.startswith("=AVERAGE(" if weighting == "categories" else "=AVERAGEIFS(")
