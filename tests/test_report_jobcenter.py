"""The jobcenter report workbooks: structure, key messages, anonymity, suppression and live formulas.

The round is the synthetic one (30 participants, the 98-municipality register) computed by the
engine; one department is named like a formula. The LibreOffice tests recalculate the Danish and the
English report and the overview and compare every formula cell with its cached value.
"""

from __future__ import annotations

import re
import subprocess
import zipfile
from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest
import python_calamine

from engine.report.action_plan import SHEET as PLAN_SHEET
from engine.benchmarks.jobcenter.codes import TARGET_GROUP_CODES
from engine.benchmarks.jobcenter.compute import CATALOGUE_INDICATOR, compute_jobcenter
from engine.benchmarks.jobcenter.parameters import JobcenterParameters
from engine.benchmarks.jobcenter.report import SHEETS, write_jobcenter_overview, write_municipality_report
from engine.benchmarks.jobcenter.report_labels import VERDICT
from engine.benchmarks.jobcenter.synthetic import draw_round
from engine.catalogue import known_indicators, load_catalogue
from libreoffice import convert, recalculation_mismatches
from printing import layout_problems, print_problems, words_past_the_edge

FORMULA_DEPARTMENT = "=Jobcenter+1"
DASH = "–"


@pytest.fixture(scope="module")
def round_():
    inputs = draw_round(seed=5, participants=30)
    main = inputs.staff["municipality"].iloc[0]
    staff = inputs.staff.copy()
    allocation = inputs.allocation.copy()
    first_department = staff.loc[staff.municipality == main, "department"].iloc[0]
    staff.loc[(staff.municipality == main) & (staff.department == first_department), "department"] = FORMULA_DEPARTMENT
    allocation.loc[(allocation.municipality == main) & (allocation.department == first_department),
                   "department"] = FORMULA_DEPARTMENT
    inputs = replace(inputs, staff=staff, allocation=allocation)
    results = compute_jobcenter(inputs)
    consenting = results.rows("peers", main)["peer"].iloc[1]  # peer B agrees to be named
    results = compute_jobcenter(inputs, JobcenterParameters(consented=(consenting,)))
    return results, main, consenting


@pytest.fixture(scope="module")
def reports(round_, tmp_path_factory):
    results, main, _ = round_
    folder = tmp_path_factory.mktemp("jobcenter_reports")
    return {
        "da": write_municipality_report(results, main, folder / "da.xlsx"),
        "en": write_municipality_report(results, main, folder / "en.xlsx", lang="en"),
        "overview": write_jobcenter_overview(results, folder / "overview.xlsx"),
        "folder": folder,
    }


def _sheet(path: Path, name: str) -> list[list]:
    return python_calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_name(name).to_python()


def test_sheets_in_order_and_the_key_messages_first_with_a_chart(reports):
    book = openpyxl.load_workbook(reports["da"])
    assert book.sheetnames == [name.da for name in SHEETS.values()] + [PLAN_SHEET.da]
    assert book.active.title == SHEETS["key"].da
    english = openpyxl.load_workbook(reports["en"])
    assert english.sheetnames == [name.en for name in SHEETS.values()] + [PLAN_SHEET.en]
    with zipfile.ZipFile(reports["da"]) as archive:
        charts = [n for n in archive.namelist() if n.startswith("xl/charts/chart")]
        first_sheet_rels = archive.read("xl/worksheets/_rels/sheet1.xml.rels").decode()
    assert len(charts) >= 4 and "drawing" in first_sheet_rels
    text = " ".join(str(v) for row in _sheet(reports["da"], SHEETS["key"].da) for v in row)
    assert "kr. pr. helårsperson" in text and "procentpoint" in text and "Enhedsomkostninger" in text


def test_key_messages_carry_the_engines_figures(round_, reports):
    results, main, _ = round_
    info = results.municipalities.loc[main]
    rows = _sheet(reports["en"], SHEETS["key"].en)
    table = {row[0]: row for row in rows if row and isinstance(row[0], str)}
    cost = table["Cost per full-year person, all target groups (DKK)"]
    assert cost[1] == pytest.approx(info["unit_total"]) and cost[2] == pytest.approx(info["unit_total_median"])
    effect = table["Deviation from the expected level: expected − realised support rate (percentage points)"]
    assert effect[1] == pytest.approx(info["effect_pp"])
    assert cost[6].endswith(f"(n = {int(info['unit_total_n'])})")  # the position among the others
    sentences = " ".join(str(row[0]) for row in rows if row and str(row[0]).startswith("•"))
    assert f"{info['unit_total']:,.0f}" in sentences


def test_unit_costs_in_the_workbook_equal_the_engine_and_small_groups_show_a_dash(round_, reports):
    results, main, _ = round_
    rows = _sheet(reports["da"], SHEETS["unit"].da)
    groups = results.rows("groups", main).set_index("target_group")
    start = rows.index(next(r for r in rows if r[0] == "Tabel 2. Pr. helårsperson mod de øvrige kommuner"))
    end = rows.index(next(r for r in rows if r[0] == "Tabel 3. Omkostning og resultat pr. målgruppe"))
    labels = {row[0]: row for row in rows[start:end] if row and isinstance(row[0], str)}
    from engine.benchmarks.jobcenter.report_labels import LABELS
    checked = suppressed = 0
    for group in TARGET_GROUP_CODES:
        row = labels[LABELS[group].da]
        if groups.loc[group, "suppressed"]:
            assert row[5] == DASH
            suppressed += 1
        else:
            assert row[5] == pytest.approx(groups.loc[group, "unit_total"])
            assert row[7] == pytest.approx(groups.loc[group, "unit_total_median"])
            checked += 1
    assert checked >= 8
    assert (results.groups["suppressed"]).any()


def test_each_groups_expected_level_is_a_live_formula_over_its_conditions_and_the_fit_without_it(round_, reports):
    """Table 3's expected level = the constant + each coefficient × the framework condition on the Basis
    sheet, all cells of the workbook; evaluated by hand here, recalculated by LibreOffice (en-US and
    da-DK) in test_every_formula_recalculates_in_libreoffice_to_its_cached_value."""
    import re

    results, main, _ = round_
    groups = results.rows("groups", main).set_index("target_group")
    book = openpyxl.load_workbook(reports["da"])
    ws, basis = book[SHEETS["unit"].da], book[SHEETS["data"].da]
    from engine.benchmarks.jobcenter.report_group_result import G_EXPECTED
    from engine.benchmarks.jobcenter.report_labels import LABELS
    start = next(cell.row for cell in ws["A"] if cell.value == "Tabel 3. Omkostning og resultat pr. målgruppe")
    rows = {ws.cell(row, 1).value: row for row in range(start, start + 20)}
    checked = 0
    for group in TARGET_GROUP_CODES:
        formula = ws.cell(rows[LABELS[group].da], G_EXPECTED + 1).value
        assert isinstance(formula, str) and formula.startswith("="), (group, formula)
        terms = re.findall(r"\+([A-Z]+\d+)\*'?[^'!]+'?!\$?([A-Z]+)\$?(\d+)", formula)
        assert len(terms) == len(results.framework_columns)
        constant = ws[re.match(r"=([A-Z]+\d+)", formula).group(1)].value
        value = constant + sum(ws[coefficient].value * basis[f"{col}{row}"].value for coefficient, col, row in terms)
        assert value == pytest.approx(groups.loc[group, "rate_expected"], rel=1e-9)
        checked += 1
    assert checked == len(TARGET_GROUP_CODES)


def test_other_participants_are_anonymous_unless_they_consent(round_, reports):
    results, main, consenting = round_
    names = results.municipalities["name"]
    peers = results.rows("peers", main)
    book = python_calamine.CalamineWorkbook.from_path(str(reports["da"]))
    for sheet in book.sheet_names:
        if sheet in (SHEETS["register"].da, SHEETS["examples"].da):
            continue  # public register data for all 98 (participants not marked); catalogue cases name their own
        text = " ".join(str(v) for row in book.get_sheet_by_name(sheet).to_python() for v in row)
        for code in peers["peer"]:
            if code != consenting:
                assert names[code] not in text, (sheet, names[code])
    peer_sheet = [row[0] for row in _sheet(reports["da"], SHEETS["peers"].da)]
    assert names[consenting] in peer_sheet and "Kommune A" in peer_sheet
    register = _sheet(reports["da"], SHEETS["register"].da)
    assert len([row for row in register if row and row[-1] and str(row[-1]).isdigit()]) == 98


def test_municipal_text_stays_text(reports):
    book = openpyxl.load_workbook(reports["da"])
    basis = book[SHEETS["data"].da]
    cells = [cell for row in basis.iter_rows() for cell in row if cell.value == FORMULA_DEPARTMENT]
    assert cells and all(cell.data_type == "s" for cell in cells)


def test_examples_follow_where_the_municipality_stands_out(round_, tmp_path):
    results, main, _ = round_
    asked = []
    write_municipality_report(results, main, tmp_path / "x.xlsx",
                              cases=lambda indicators: asked.extend(indicators) or [])
    expected = list(dict.fromkeys(results.rows("stands_out", main)["indicator"]))
    assert asked[:len(expected)] == expected  # the Examples sheet; then the action plan asks item by item
    assert asked[len(expected):] == list(results.rows("stands_out", main)["indicator"])
    assert set(CATALOGUE_INDICATOR.values()) <= known_indicators("jobcenter")
    links = load_catalogue().links("jobcenter")
    # The catalogue has no example about self-support, job clarification or rehabilitation: none is shown.
    assert {group for group in TARGET_GROUP_CODES if CATALOGUE_INDICATOR[group] not in links} == {
        "selvforsoergelse", "jobafklaring", "revalidering"}


def test_unknown_language_writes_nothing(round_, tmp_path):
    results, main, _ = round_
    with pytest.raises(ValueError, match="unknown language"):
        write_municipality_report(results, main, tmp_path / "x.xlsx", lang="de")
    assert not (tmp_path / "x.xlsx").exists()


@pytest.mark.libreoffice
@pytest.mark.parametrize("which", ["da", "en", "overview"])
def test_every_formula_recalculates_in_libreoffice_to_its_cached_value(reports, which):
    compared, mismatches, errors = recalculation_mismatches(reports[which], reports["folder"] / f"lo_{which}")
    assert compared > (5 if which == "overview" else 500)
    assert mismatches == [] and errors == []


@pytest.mark.libreoffice
def test_report_renders_to_pdf(reports):
    pdf = convert(reports["da"], "pdf", reports["folder"] / "pdf")
    assert pdf.read_bytes()[:4] == b"%PDF"
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True, timeout=60).stdout
    pages = int(next(line.split()[1] for line in info.splitlines() if line.startswith("Pages:")))
    assert pages >= len(SHEETS)  # every sheet prints, at least one page each
    assert words_past_the_edge(pdf) == []
    assert layout_problems(reports["da"], pdf) == []


@pytest.mark.libreoffice
def test_overview_prints_without_cut_charts_or_helper_cells(reports):
    """The consultant's overview: every sheet on its paper, no chart across a page break, no heading at a
    page's foot, no chart helper cell printed (sheets below the minimum type size listed)."""
    pdf = convert(reports["overview"], "pdf", reports["folder"] / "pdf_overview")
    assert print_problems(reports["overview"], pdf) == []
    assert layout_problems(reports["overview"], pdf, set()) == []


def test_the_method_words_follow_the_parameters_their_figures_use(round_, tmp_path):
    """Every sentence that names a threshold or a group size is built from the parameter the engine used."""
    _, main, _ = round_
    params = JobcenterParameters(min_group=4, n_peers=6, min_persons=25, confidence_z=2.5)
    results = compute_jobcenter(draw_round(seed=5, participants=30), params)
    report = write_municipality_report(results, main, tmp_path / "da.xlsx")
    method = " ".join(str(value) for row in _sheet(report, SHEETS["method"]("da")) for value in row)
    # The disclosure policy's sentence (engine/report/disclosure.py) states the rule from min_group.
    assert "En median vises kun over mindst 4 kommuner, kvartiler kun over mindst 8" in method
    assert "mindst 5 kommuner" not in method and "færre end 3 kommuner" not in method
    assert "medianen for de 6 deltagende kommuner" in method
    assert "færre end 25 helårspersoner (min_persons)" in method
    overview = write_jobcenter_overview(results, tmp_path / "overview.xlsx")
    text = " ".join(str(v) for name in python_calamine.CalamineWorkbook.from_path(str(overview)).sheet_names
                    for row in _sheet(overview, name) for v in row)
    assert "færre end 25 helårspersoner" in text and "færre end 20 " not in text


def test_every_overview_sheet_names_each_municipality_with_its_code(round_, reports):
    results, _, _ = round_
    names = results.municipalities["name"]
    book = python_calamine.CalamineWorkbook.from_path(str(reports["overview"]))
    for sheet in (s for s in book.sheet_names if s not in ("Model", "Status")):
        rows = [row for row in _sheet(reports["overview"], sheet) if row and isinstance(row[0], str)]
        # "Name (code)" in column A, or (every benchmark's flags-per-participant sheet) the code in A, the name in B
        labels = {row[0] for row in rows} | {f"{row[1]} ({row[0]})" for row in rows if len(row) > 1}
        listed = [code for code in names.index if any(label.endswith(f"({code})") for label in labels)]
        assert listed, sheet
        assert all(f"{names[code]} ({code})" in labels for code in listed), sheet


@pytest.mark.libreoffice
def test_page_one_sentences_are_live_and_follow_a_parameter_change(round_, reports, tmp_path):
    from libreoffice import formula_cells, recalculated_with_parameters, sheet_strings

    results, main, _ = round_
    info = results.municipalities.loc[main]
    key = SHEETS["key"].da
    live = [f for f in formula_cells(reports["da"])[key].values() if f.startswith('="• "&')]
    assert len(live) >= 5  # unit cost, effect, above / below the quartiles, FTE, similar
    after = recalculated_with_parameters(reports["da"], {"confidence_z": 1000}, tmp_path)
    [effect] = [s for s in sheet_strings(after, key) if s.startswith("• Den realiserede")]
    assert effect.endswith(f"resultatet er {VERDICT['within_noise'].da} (arket {SHEETS['effect'].da}).")
    expected = info["uncertainty_pp"] / results.confidence_z * 1000
    assert f"± {expected:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".") in effect


def test_own_results_on_the_similar_municipalities_sheet_are_formulas(reports):
    from libreoffice import formula_cells

    peers = formula_cells(reports["da"])[SHEETS["peers"].da]
    assert any(SHEETS["unit"].da in f for f in peers.values())
    assert any(SHEETS["effect"].da in f for f in peers.values())


def test_read_more_is_a_link_to_its_sheet(reports):
    ws = openpyxl.load_workbook(reports["da"])[SHEETS["key"].da]
    header = next(cell for row in ws.iter_rows() for cell in row if cell.value == "Læs mere")
    below = [ws.cell(row, header.column) for row in range(header.row + 1, header.row + 5)]
    assert all(cell.hyperlink is not None and cell.hyperlink.location for cell in below)
    assert all(cell.hyperlink.location.endswith("!A1") and cell.value.startswith("→ ") for cell in below)


@pytest.mark.parametrize("which", ["da", "overview"])
def test_headers_keep_their_words_whole(reports, which):
    """No header breaks inside a word ("rekrutteringsservi|ce") or is cut by its row height."""
    from printing import clipped_cells

    headers = [p for p in clipped_cells(reports[which]) if "a word of" in p]
    assert headers == []


def test_the_flags_follow_flag_distance_when_libreoffice_recalculates(round_, reports, tmp_path):
    """The live flag column on the unit-cost sheet reads flag_distance: at 0 every unit cost above the
    others' upper quartile is flagged, as the engine computes with flag_distance = 0."""
    from libreoffice import recalculated_with_parameters

    results, main, _ = round_
    unit = SHEETS["unit"].da
    high = "høj (markeret)"

    def flagged(rows):
        start = rows.index(next(r for r in rows if r and r[0] == "Tabel 2. Pr. helårsperson mod de øvrige kommuner"))
        return {row[0] for row in rows[start + 2: start + 2 + len(TARGET_GROUP_CODES)] if high in row}

    before = flagged(_sheet(reports["da"], unit))
    after = flagged(recalculated_with_parameters(reports["da"], {"flag_distance": 0}, tmp_path)
                    .get_sheet_by_name(unit).to_python())
    from engine.benchmarks.jobcenter.report_labels import LABELS
    groups = results.rows("groups", main).set_index("target_group")
    expected = {LABELS[g].da for g in TARGET_GROUP_CODES
                if groups.loc[g, "unit_total"] > groups.loc[g, "unit_total_q3"]}
    assert before == {LABELS[g].da for g in TARGET_GROUP_CODES if groups.loc[g, "high"]}
    assert after == expected and before <= after


def _shown_colours(path: Path) -> list[tuple[str, str, str | None, str | None]]:
    """(where, verdict word, fill, font colour) of every cell holding a verdict, as a reader sees it:
    the conditional format whose word equals the cell's (cached) value, else the cell's own format."""
    words = {text.da: kind for kind, text in VERDICT.items()} | {text.en: kind for kind, text in VERDICT.items()}

    def rgb(color) -> str | None:  # a theme or indexed colour has no rgb string: not one of ours
        return color.rgb if color is not None and isinstance(color.rgb, str) else None

    book, values = openpyxl.load_workbook(path), openpyxl.load_workbook(path, data_only=True)
    shown = []
    for ws in book.worksheets:
        rules = [(cf.sqref, rule) for cf in ws.conditional_formatting for rule in cf.rules]
        for row in values[ws.title].iter_rows():
            for cell in row:
                if cell.value not in words:
                    continue
                own = ws[cell.coordinate]
                fill = rgb(own.fill.fgColor) if own.fill.fill_type == "solid" else None
                font = rgb(own.font.color)
                for sqref, rule in rules:
                    if cell.coordinate in sqref and rule.operator == "equal" and rule.formula == [f'"{cell.value}"']:
                        fill = rgb(rule.dxf.fill.bgColor) if rule.dxf.fill is not None else fill
                        font = rgb(rule.dxf.font.color) if rule.dxf.font is not None else font
                shown.append((f"{ws.title}!{cell.coordinate}", words[cell.value], fill, font))
    return shown


def test_a_verdict_is_coloured_by_the_rule_that_writes_its_word(tmp_path):
    """Better green, worse red, "within the uncertainty" and "cannot be computed" neutral – the colour a
    conditional format keyed on the same VERDICT words as the formula, so both follow a recalculation.
    The round gives one municipality far fewer persons on one benefit and far more on another."""
    codes = ["101", "147", "151", "153", "155", "157", "159", "161", "163", "165", "167", "169"]
    inputs = draw_round(seed=3, participants=codes, group_effects={("101", "sygedagpenge"): 0.4,
                                                                   ("101", "dagpenge"): 1.8})
    results = compute_jobcenter(inputs)
    green, red = "E2EFDA", "FCE4D6"
    shown = (_shown_colours(write_municipality_report(results, "101", tmp_path / "da.xlsx", cases=lambda i: []))
             + _shown_colours(write_jobcenter_overview(results, tmp_path / "overview.xlsx")))
    kinds = {kind for _, kind, _, _ in shown}
    assert {"within_noise", "better", "worse"} <= kinds, kinds
    for where, kind, fill, font in shown:
        fill, font = (fill or "")[-6:], (font or "")[-6:]
        if kind == "better":
            assert fill == green, (where, kind, fill)
        elif kind == "worse":
            assert fill == red, (where, kind, fill)
        else:
            assert fill in ("", "000000") and font not in ("9C0006", "FF0000", "375623"), (where, kind, fill, font)


def test_every_example_shown_is_about_the_item_it_is_shown_for(round_, tmp_path):
    """"Handler om" names the stand-out target groups or tasks each example is shown for, each with a
    topic word of that item found in the example's title or description; an example about none is not
    shown."""
    from engine.benchmarks.jobcenter.report_labels import LABELS

    results, main, _ = round_
    catalogue, checked = load_catalogue(), 0
    codes = {label.da: code for code, label in LABELS.items()}
    for code in list(results.municipalities.index)[:8]:
        stands_out = results.rows("stands_out", code)
        if stands_out.empty:
            continue
        grid = _sheet(write_municipality_report(results, code, tmp_path / f"{code}.xlsx"), SHEETS["examples"].da)
        header = next((i for i, row in enumerate(grid) if row and row[0] == "Eksempel"), None)
        for row in ([] if header is None else grid[header + 1:]):
            if len(row) < 7 or not row[0] or not row[6]:
                continue
            parts = re.findall(r"(?:^|, )(.+?) \(«([^»]+)»\)", str(row[6]))
            assert parts, row
            for name, word in parts:
                indicator = CATALOGUE_INDICATOR[codes[name]]
                assert word in catalogue.topics("jobcenter", indicator), (row[0], name, word)
                assert word.casefold() in f"{row[0]} {row[4]}".casefold(), (row[0], name, word)
                checked += 1
    assert checked, "no example was shown in the first eight reports: the test sees nothing"
