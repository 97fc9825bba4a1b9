"""Follow-up of last round's action plan: a constructed two-round store where the planned action's
target figure moved by a known amount, read back from the next round's report and overview."""

from __future__ import annotations

import math
import random

import pandas as pd
import pytest
from python_calamine import CalamineWorkbook

from conftest import write_filled
from engine.benchmarks.administration.synthetic import administration_values, draw_profile
from engine.reference import municipalities
from engine.report.action_plan import PlannedAction
from engine.report.follow_up import build_follow_up, figure_move
from engine.report.trends import Trend, TrendFigure
from engine.run import run_round
from engine.store.database import Store
from engine.store.plans import store_plan
from engine.text import Text
from engine.validation.validate import validate_file

CODES = sorted(municipalities())[:12]
FACTOR = 1.2  # the planning municipality's finance FTE in 2026 against 2025; everyone else unchanged
FIGURE = TrendFigure("x", Text("x", "x"))


def _trend(rows: dict[int, dict[str, float]], min_group: int = 5) -> Trend:
    return Trend((FIGURE,), {year: pd.DataFrame({"x": values}) for year, values in rows.items()}, min_group)


def test_a_move_against_the_fixed_panel_and_its_gaps():
    others = {f"p{i}": float(i) for i in range(10)}
    trend = _trend({2025: {**others, "me": 2.0}, 2026: {**{k: v + 1 for k, v in others.items()}, "me": 5.0}})
    move = figure_move(trend, FIGURE, "me", 2025)
    assert (move.own, move.panel_median, move.panel_n, move.reason) == ((2.0, 5.0), (4.5, 5.5), 10, "")
    assert (move.own_change, move.panel_change, move.against_panel) == (3.0, 1.0, 2.0)
    # a newcomer in 2026 (one member: the fixed panel cannot reach back without telling on it)
    trend = _trend({2025: {**others, "me": 2.0}, 2026: {**others, "new": 1.0, "me": 5.0}})
    move = figure_move(trend, FIGURE, "me", 2025)
    assert move.reason == "panel-not-back" and move.own_change == 3.0 and math.isnan(move.against_panel)
    trend = _trend({2025: others, 2026: {**others, "me": 5.0}})
    assert figure_move(trend, FIGURE, "me", 2025).reason == "no-own-value"


def test_an_item_without_a_followed_figure_is_kept_without_moves():
    trend = _trend({2025: {"me": 1.0}, 2026: {"me": 2.0}})
    follow_up = build_follow_up(trend, 2025, {"me": [("a", "Eget tiltag", "Jens", None, "", "I gang"),
                                                     ("b", "Eget tiltag", "Jens", None, "", "Planlagt")]},
                                lambda item: ("x",) if item == "a" else ())
    assert [(a.item, len(a.moves)) for a in follow_up.of("me")] == [("a", 1), ("b", 0)]
    assert build_follow_up(trend, None, {}, lambda item: ()) is None


@pytest.fixture(scope="module")
def two_rounds(tmp_path_factory):
    """2025 and 2026 from the same inputs, but the first municipality's finance FTE are FACTOR times
    larger in 2026; it returned a plan for 2025 on a finance category."""
    folder = tmp_path_factory.mktemp("follow_up")
    db = folder / "bench.sqlite"
    with Store(db) as store:
        for i, code in enumerate(CODES):
            rng = random.Random(500 + i)
            values = administration_values(rng, draw_profile(rng, code), 2025)
            later = {**values, ("front", "year"): 2026}
            if i == 0:
                later.update({key: value * FACTOR for key, value in values.items()
                              if len(key) == 3 and key[0] == "finance" and key[2] == "fte" and value})
            for year, answers in ((2025, values), (2026, later)):
                path = write_filled(folder / f"{code}_{year}.xlsx", answers)
                assert store.ingest(validate_file(path), year).stored
        store_plan(store, "administration", 2025, CODES[0], "plan.xlsx", "ab", [
            PlannedAction("finance:invoices", "Eget tiltag", "Økonomichefen", None, "Færre bilag", "Gennemført",
                          "'Handleplan'!D5")])
    summary = run_round(db, 2026, folder / "out", participants=[CODES[0], CODES[1]])
    assert not summary.failed
    return summary


def _sheet(path, name):
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name(name).to_python()


def test_the_next_report_follows_the_action_and_its_figure_moved_by_the_known_amount(two_rounds):
    mine = next(p for p in two_rounds.written if p.name.startswith(CODES[0]))
    rows = _sheet(mine, "Opfølgning")
    assert rows[4][:8] == ["Id", "Valgt tiltag", "Ansvarlig", "Frist", "Status", "Nøgletal", "Jeres tal 2025",
                           "Jeres tal 2026"]
    followed = [row for row in rows[5:] if row[0] == "finance:invoices"]
    assert len(followed) == 4  # the area's FTE per norm unit and its three scores
    fte = next(row for row in followed if "årsværk" in str(row[5]).lower())
    assert fte[1:5] == ["Eget tiltag", "Økonomichefen", "", "Gennemført"]
    before, after, change, panel_before, panel_after, panel_change, against, n = fte[6:14]
    assert after == pytest.approx(FACTOR * before, rel=1e-9)
    assert change == pytest.approx((FACTOR - 1) * before, rel=1e-9)
    assert panel_before == pytest.approx(panel_after) and panel_change == pytest.approx(0, abs=1e-12)
    assert against == pytest.approx(change, rel=1e-9) and n == len(CODES) - 1
    for score in (row for row in followed if row is not fte):  # the scores did not move
        assert score[8] == pytest.approx(0, abs=1e-12)
    sheets = CalamineWorkbook.from_path(str(mine)).sheet_names
    assert sheets.index("Opfølgning") == sheets.index("Handleplan") - 1
    # a municipality without a plan for 2025 gets no follow-up sheet
    other = next(p for p in two_rounds.written if p.name.startswith(CODES[1]))
    assert "Opfølgning" not in CalamineWorkbook.from_path(str(other)).sheet_names


def test_the_overview_shows_each_participants_follow_up(two_rounds):
    rows = _sheet(two_rounds.overview, "Opfølgning")
    named = [row for row in rows[5:] if row[1] == "finance:invoices"]
    assert len(named) == 4 and len({row[0] for row in named}) == 1
    assert named[0][0] != CODES[0]  # the municipality's name, not its code


@pytest.mark.libreoffice
def test_the_follow_up_recalculates_to_the_engines_values(two_rounds, tmp_path):
    from libreoffice import recalculation_mismatches

    mine = next(p for p in two_rounds.written if p.name.startswith(CODES[0]))
    compared, mismatches, errors = recalculation_mismatches(mine, tmp_path)
    assert compared > 0 and mismatches == [] and errors == []


@pytest.mark.parametrize("benchmark_id, items", [
    ("administration", {"finance:invoices": 4, "hr:payroll": 4, "nowhere:x": 0}),
    ("botilbud", {"turnover": 1, "dkk_per_user_hour": 1, "direct_share_iqr": 1, "shift_overlap": 0}),
    ("jobcenter", {"group:1.1": 2, "task:10": 1, "other:x": 0}),
])
def test_every_targeted_figure_is_a_key_figure_over_the_years(benchmark_id, items):
    import importlib

    package = f"engine.benchmarks.{benchmark_id}"
    targeted = importlib.import_module(f"{package}.report_action_plan").targeted_figures
    known = {figure.id for figure in importlib.import_module(f"{package}.report_trend").FIGURES}
    for item, count in items.items():
        assert len(targeted(item)) == count and set(targeted(item)) <= known, item
