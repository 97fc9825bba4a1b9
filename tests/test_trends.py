"""Key figures over the years against a fixed panel: the rules, and every figure of a report's
development sheet recomputed independently from the stored rounds."""

from __future__ import annotations

import random

import numpy as np
import pandas as pd
import pytest
from python_calamine import CalamineWorkbook

from conftest import write_filled
from engine.benchmarks import get_benchmark
from engine.benchmarks.administration.synthetic import administration_values, draw_profile
from engine.reference import municipalities
from engine.report.trends import Trend, TrendFigure, figure_trend
from engine.run import run_round
from engine.store.database import Store
from engine.text import Text
from engine.validation.validate import validate_file

FIGURE = TrendFigure("x", Text("x", "x"))


def _trend(rows: dict[int, dict[str, float]], min_group: int = 5) -> Trend:
    return Trend((FIGURE,), {year: pd.DataFrame({"x": values}) for year, values in rows.items()}, min_group)


def test_the_panel_is_the_others_present_in_every_year_shown():
    others = {f"p{i}": float(i) for i in range(12)}
    rows = {2024: {**others, "me": 1.0}, 2025: {**others, "me": 2.0}, 2026: {**others, "late": 99.0, "me": 3.0}}
    # 'late' is in 2026 only: the panel would differ from this year's others by one member, so the
    # trend shortens to this year alone (panel = all 13 others)
    one = figure_trend(_trend(rows), FIGURE, "me")
    assert one.years == (2026,) and one.panel_n == 13 and one.shortened
    rows[2026].update({f"new{i}": 50.0 for i in range(4)})   # five newcomers: the difference is large enough
    trend = figure_trend(_trend(rows), FIGURE, "me")
    assert trend.years == (2024, 2025, 2026) and trend.panel_n == 12 and not trend.shortened
    assert trend.own == (1.0, 2.0, 3.0) and trend.panel_median == (5.5, 5.5, 5.5)


def test_a_panel_under_min_group_is_a_gap_never_a_value():
    rows = {2025: {"a": 1.0, "b": 2.0, "me": 0.0}, 2026: {"a": 1.0, "b": 2.0, "c": 3.0, "me": 0.0}}
    trend = figure_trend(_trend(rows), FIGURE, "me")
    assert trend.years == (2026,) and trend.panel_n == 3 and np.isnan(trend.panel_median[0])


def test_at_most_five_years_and_only_consecutive_years_of_the_participant():
    rows = {year: {**{f"p{i}": float(i) for i in range(6)}, "me": float(year)} for year in range(2018, 2027)}
    del rows[2020]["me"]
    assert figure_trend(_trend(rows), FIGURE, "me").years == (2022, 2023, 2024, 2025, 2026)
    del rows[2024]["me"]
    assert figure_trend(_trend(rows), FIGURE, "me").years == (2025, 2026)


CODES = sorted(municipalities())[:12]


def _filled_for_round(folder, code: str, year: int, index: int):
    rng = random.Random(year * 100 + index)
    return write_filled(folder / f"{code}_{year}.xlsx", administration_values(rng, draw_profile(rng, code), year))


@pytest.fixture(scope="module")
def three_rounds(tmp_path_factory):
    """Three yearly administration rounds from real workbooks; one municipality joins in 2025."""
    folder = tmp_path_factory.mktemp("rounds")
    db = folder / "bench.sqlite"
    with Store(db) as store:
        for year in (2024, 2025, 2026):
            for i, code in enumerate(CODES):
                if year == 2024 and code == CODES[-1]:
                    continue
                path = _filled_for_round(folder, code, year, i)
                assert store.ingest(validate_file(path), year).stored
    summary = run_round(db, 2026, folder / "out", participants=[CODES[0], CODES[-1]])
    assert not summary.failed
    return db, summary


def _sheet(path, name="Udvikling"):
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name(name).to_python()


def test_every_trend_figure_recomputed_from_the_stored_rounds(three_rounds):
    db, summary = three_rounds
    spec = get_benchmark("administration")
    with Store(db) as store:
        params = spec.load_parameters(None)
        totals = {year: spec.compute_round(store, year, params).categories.query("category_id == 'total'")
                  .set_index(["participant", "area"]) for year in (2024, 2025, 2026)}
    checked = 0
    for path in summary.written:
        me = next(code for code in (CODES[0], CODES[-1]) if path.name.startswith(code) or code in path.name)
        rows = _sheet(path)
        header = rows[3]
        years = [int(y) for y in header[2:5]]
        assert years == [2024, 2025, 2026]
        for r in range(4, len(rows), 2):
            if not rows[r][0]:
                break
            area, measure = _FIGURE_OF[rows[r][0]]
            shown, panel = _window(totals, years, me, area)
            assert rows[r][2 + len(years) + 1] == len(panel)
            for col, year in enumerate(years, start=2):
                own, median = rows[r][col], rows[r + 1][col]
                if year not in shown:
                    assert own == median == "–"
                    continue
                assert own == pytest.approx(totals[year].loc[(me, area), measure])
                expected = np.median([totals[year].loc[(p, area), measure] for p in panel])
                assert median == pytest.approx(expected)
                checked += 1
            if len(shown) >= 2:
                assert rows[r][2 + len(years)] == pytest.approx(totals[2026].loc[(me, area), measure]
                                                                - totals[2025].loc[(me, area), measure])
    assert checked >= 2 * 8 * 2  # both reports, eight figures, at least two years each


def _window(totals, years, me, area, min_group=5):
    """The years and panel the method states (docs/method.md), worked out here on their own."""
    return _window_of({y: {p for p, a in totals[y].index if a == area} for y in years}, years, me, min_group)


def _window_of(present: dict[int, set], years, me, min_group=5):
    """_window from who has the figure in each year."""
    others_now = present[years[-1]] - {me}
    for first in range(len(years)):
        shown = [y for y in years[first:] if me in present[y]]
        panel = set.intersection(*(present[y] for y in shown)) - {me}
        if len(shown) == 1 or (len(panel) >= min_group and len(others_now - panel) in (0, *range(min_group, 999))):
            return shown, panel
    raise AssertionError("unreachable")


def _figure_labels():
    from engine.benchmarks.administration.report_trend import FIGURES

    return {figure.label("da"): tuple(figure.id.split(":")) for figure in FIGURES}


_FIGURE_OF = _figure_labels()


def test_rounds_never_run_are_said_to_have_no_recorded_settings(three_rounds):
    _, summary = three_rounds
    note = _sheet(summary.written[0])[2][0]
    assert note == "Ingen kørsel af 2024, 2025 er registreret: indstillingerne dengang kendes ikke."
    assert _sheet(summary.overview)[2][0] == note


def test_page_one_states_the_change_since_last_round(three_rounds):
    _, summary = three_rounds
    first = _sheet(summary.written[0], "Hovedbudskaber")
    sentences = [cell for row in first for cell in row if isinstance(cell, str) and cell.startswith("Siden 2025: ")]
    assert len(sentences) == 1 and "→" in sentences[0] and "n = " in sentences[0]


@pytest.mark.libreoffice
def test_the_development_sheet_recalculates_to_the_engines_values(three_rounds, tmp_path):
    from libreoffice import recalculation_mismatches

    _, summary = three_rounds
    compared, mismatches, errors = recalculation_mismatches(summary.written[0], tmp_path)
    assert compared > 0 and mismatches == [] and errors == []


def test_botilbud_reports_show_the_trend_of_their_indicators(tmp_path):
    from engine.benchmarks import get_domain
    from engine.benchmarks.botilbud.report_trend import FIGURES
    from engine.benchmarks.botilbud.synthetic import draw_round
    from engine.templates.writer import write_template

    db = tmp_path / "bench.sqlite"
    questionnaire, time_registration = get_domain("botilbud"), get_domain("botilbud_tid")
    with Store(db) as store:
        for year in (2025, 2026):
            for facility in draw_round(year, 14, year):
                code = facility.facility.facility_id
                for domain, values in ((questionnaire, facility.questionnaire),
                                       (time_registration, facility.time_registration)):
                    path = write_template(domain, tmp_path / f"{code}_{domain.id}_{year}.xlsx", "da", values)
                    assert store.ingest(validate_file(path), year).stored
    first = draw_round(2026, 14, 2026)[0].facility.facility_id
    summary = run_round(db, 2026, tmp_path / "out", benchmark="botilbud", participants=[first])
    assert not summary.failed
    rows = _sheet(summary.written[0])
    assert [int(y) for y in rows[3][2:4]] == [2025, 2026]
    assert "Handleplan" in CalamineWorkbook.from_path(str(summary.written[0])).sheet_names
    spec = get_benchmark("botilbud")
    with Store(db) as store:
        params = spec.load_parameters(None)
        indicators = {year: spec.compute_round(store, year, params).indicators for year in (2025, 2026)}
    own = {year: frame[frame["facility"] == first].set_index("indicator")["value"]
           for year, frame in indicators.items()}
    labels = {figure.label("da"): figure.id for figure in FIGURES}
    shown = [r for r in range(4, len(rows), 2) if rows[r][0] in labels]
    assert len(shown) >= 5
    for r in shown:
        for col, year in ((2, 2025), (3, 2026)):
            assert rows[r][col] == pytest.approx(own[year][labels[rows[r][0]]])


def test_the_overview_lists_everyones_trend_with_the_fixed_panels_median(three_rounds):
    _, summary = three_rounds
    rows = _sheet(summary.overview)
    assert [int(y) for y in rows[4][2:5]] == [2024, 2025, 2026]
    first_block = rows[5:5 + 1 + len(CODES)]
    assert first_block[0][0] == "Median, til stede alle år" and first_block[0][6] == len(CODES) - 1
    late = [row for row in first_block[1:] if row[2] == "–"]
    assert len(late) == 1  # the municipality that joined in 2025: a dash, never a zero


# -- jobcenter: the register each round was run with is kept, and its figures are recomputed -----------

JOBCENTER_CODES = sorted(municipalities())[20:27]


def _jobcenter_round(truth, folder):
    """Every workbook of a round without mistakes: a staff list, one allocation per department, konto 5."""
    from engine.benchmarks import get_domain
    from engine.benchmarks.jobcenter import workbook_values as values_of
    from engine.templates.writer import write_template

    staff, fte, konto5 = (get_domain(d) for d in ("jobcenter_staff", "jobcenter_fte", "jobcenter_konto5"))
    paths = []
    for code in JOBCENTER_CODES:
        paths.append(write_template(staff, folder / f"{code}_staff.xlsx", "da",
                                    values_of.staff_values(truth.staff, code, truth.year)))
        departments = dict.fromkeys(truth.allocation.loc[truth.allocation.municipality == code, "department"])
        for index, department in enumerate(departments):
            paths.append(write_template(fte, folder / f"{code}_fte_{index}.xlsx", "da",
                                        values_of.allocation_values(truth.allocation, code, department, truth.year)))
        paths.append(write_template(konto5, folder / f"{code}_konto5.xlsx", "da",
                                    values_of.konto5_values(truth.konto5, code, truth.year)))
    return paths


@pytest.fixture(scope="module")
def jobcenter_rounds(tmp_path_factory):
    """Three jobcenter rounds, each with its own register: 2024 never run (as in a store from before
    registers were kept), 2025 run with another flag_distance, 2026 run with the defaults."""
    from engine.benchmarks.jobcenter import workbook_values as values_of
    from engine.benchmarks.jobcenter.parameters import JobcenterParameters
    from engine.benchmarks.jobcenter.synthetic import draw_round
    from engine.run import ingest_files

    folder = tmp_path_factory.mktemp("jobcenter_rounds")
    db = folder / "bench.sqlite"
    registers = {}
    for year in (2024, 2025, 2026):
        truth = draw_round(seed=year, participants=JOBCENTER_CODES, year=year)
        (folder / str(year)).mkdir()
        assert all(o.stored for o in ingest_files(_jobcenter_round(truth, folder / str(year)), db, year))
        registers[year] = values_of.write_register_csv(truth.register, folder / f"register_{year}.csv")
    run_round(db, 2025, folder / "out2025", participants=[JOBCENTER_CODES[0]], benchmark="jobcenter",
              params=JobcenterParameters(register_file=str(registers[2025]), flag_distance=0.3))
    summary = run_round(db, 2026, folder / "out2026", participants=JOBCENTER_CODES[:2], benchmark="jobcenter",
                        params=JobcenterParameters(register_file=str(registers[2026])))
    assert not summary.failed
    return db, registers, summary


def test_each_jobcenter_round_keeps_the_register_it_was_run_with(jobcenter_rounds):
    from engine.store.database import file_sha256
    from engine.store.round_runs import last_run, stored_file

    db, registers, _ = jobcenter_rounds
    with Store(db) as store:
        for year in (2025, 2026):
            kept = stored_file(store.db, "jobcenter_staff", year, "register_file")
            assert kept.sha256 == file_sha256(registers[year]) and kept.content == registers[year].read_bytes()
            assert kept.file_name == registers[year].name
        assert stored_file(store.db, "jobcenter_staff", 2024, "register_file") is None
        assert last_run(store.db, "jobcenter_staff", 2024) is None
        assert last_run(store.db, "jobcenter_staff", 2025).parameters["flag_distance"] == 0.3


def test_every_jobcenter_trend_figure_recomputed_with_each_rounds_own_register(jobcenter_rounds):
    from engine.benchmarks.jobcenter.parameters import JobcenterParameters
    from engine.benchmarks.jobcenter.report_trend import FIGURES

    db, registers, summary = jobcenter_rounds
    spec = get_benchmark("jobcenter")
    with Store(db) as store:  # each round with its own register file, independently of the trend's code
        own = {year: spec.compute_round(store, year, JobcenterParameters(register_file=str(registers[year])))
               .municipalities for year in (2024, 2025, 2026)}
    register_figures = {f.id for f in FIGURES if f.needs}
    assert register_figures == {"persons", "unit_total", "realised_rate", "expected_rate"}
    # a register of another year gives other figures: the test can tell which register was used
    assert not np.allclose(own[2025]["realised_rate"], own[2026]["realised_rate"])
    labels = {figure.label("da"): figure.id for figure in FIGURES}
    checked = 0
    for path in summary.written:
        me = next(code for code in JOBCENTER_CODES[:2] if path.name.startswith(code))
        rows = _sheet(path)
        years = [int(y) for y in rows[3][2:5]]
        assert years == [2024, 2025, 2026]
        for r in range(4, 4 + 2 * len(FIGURES), 2):
            figure = labels[rows[r][0]]
            # 2024's register was never kept: its register figures are gaps, never this year's
            present = {y: set(own[y].index) if not (y == 2024 and figure in register_figures) else set()
                       for y in years}
            shown, panel = _window_of(present, years, me)
            assert rows[r][2 + len(years) + 1] == len(panel)
            for col, year in enumerate(years, start=2):
                if year not in shown:
                    assert rows[r][col] == rows[r + 1][col] == "–"
                    continue
                assert rows[r][col] == pytest.approx(own[year].loc[me, figure], rel=1e-9)
                assert rows[r + 1][col] == pytest.approx(np.median([own[year].loc[p, figure] for p in panel]),
                                                         rel=1e-9)
                checked += 1
            note = rows[r][2 + len(years) + 2]
            assert "Andre indstillinger i 2025 (genberegnet)." in note
            assert ("Ikke for 2024: registret er ikke gemt." in note) == (figure in register_figures)
    assert checked == 2 * (3 * 4 + 2 * 4)  # two reports: workbook figures over 3 years, register figures over 2


def test_the_jobcenter_sheets_say_which_round_ran_otherwise_and_which_register_is_missing(jobcenter_rounds):
    _, _, summary = jobcenter_rounds
    for rows, line in ((_sheet(summary.written[0]), 2), (_sheet(summary.overview), 2)):
        note = rows[line][0]
        assert "2025 blev kørt med andre indstillinger: flag_distance = 0.3 (2026: 0.25)." in note
        assert "Registret for 2024 er ikke gemt" in note
        assert "Ingen kørsel af 2024" not in note  # said once: its register is missing
    overview = _sheet(summary.overview)
    persons = [row for row in overview if row[1] == "Helårspersoner i alt (registret)"]
    assert len(persons) == 1 + len(JOBCENTER_CODES) and all(row[2] == "–" for row in persons)


@pytest.mark.libreoffice
def test_the_jobcenter_development_sheet_recalculates_to_the_engines_values(jobcenter_rounds, tmp_path):
    from libreoffice import recalculation_mismatches

    _, _, summary = jobcenter_rounds
    compared, mismatches, errors = recalculation_mismatches(summary.written[0], tmp_path)
    assert compared > 0 and mismatches == [] and errors == []
