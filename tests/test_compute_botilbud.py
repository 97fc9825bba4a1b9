"""The botilbud indicators, peers and flags: hand calculations on tiny rounds, structure on a synthetic one."""

from __future__ import annotations

import dataclasses
import doctest
import math

import numpy as np
import pandas as pd
import pytest

from engine.benchmarks.botilbud.compute import (
    MIN_DISTANCES, BotilbudParameters, compute_botilbud, suggested_cases, weak_flags,
)
from engine.benchmarks.botilbud.indicators import (
    INDICATOR_IDS, INDICATORS, dkk_per_user_hour, gap_fte, indicator, productivity,
)
from engine.benchmarks.botilbud.questionnaire_text import NEED_KEYS
from engine.benchmarks.botilbud.synthetic import draw_round
from engine.benchmarks.botilbud.time_registration_text import CATEGORIES, DOCUMENTATION
from engine.catalogue import load_catalogue
import engine.benchmarks.botilbud.compute as botilbud_module
import engine.benchmarks.botilbud.indicators as indicators_module
from engine.report.position import LOWER_HALF, UPPER_HALF

MINUTES = tuple(field_id for field_id, *_ in CATEGORIES)
NO_DISTANCES = BotilbudParameters(**{name: 0.0 for name in MIN_DISTANCES})


# -- building rounds ------------------------------------------------------------------------------------
def frames_from_synthetic(round_) -> tuple[pd.DataFrame, ...]:
    """The frames compute_botilbud takes, straight from synthetic template values (no files)."""
    facilities, citizens, staffing, registrations = [], {}, [], []
    for item in round_:
        q, t = item.questionnaire, item.time_registration
        fid = q[("front", "facility_id")]
        facilities.append({"facility": fid, **{k[1]: v for k, v in q.items() if k[0] == "front"}})
        citizens[fid] = {key: q[("citizens", key, "citizens")] for key in NEED_KEYS}
        for hour in range(24):
            key = f"{hour:02d}-{hour + 1:02d}"
            for day in ("weekday", "weekend"):
                staffing.append({"facility": fid, "day": day, "hour": hour, "staff": q[("staffing", key, f"staff_{day}")],
                                 "citizens": q[("staffing", key, f"citizens_{day}")]})
        rows = sorted({k[1] for k in t if k[0] == "registrations"})
        for row in rows:
            registrations.append({"facility": fid, "staff": t[("registrations", row, "staff")],
                                  "date": t[("registrations", row, "date")],
                                  **{m: t.get(("registrations", row, m)) for m in MINUTES}})
    return (pd.DataFrame(facilities).set_index("facility"), pd.DataFrame.from_dict(citizens, orient="index"),
            pd.DataFrame(staffing), pd.DataFrame(registrations))


def tiny_round(n: int = 6, **changes) -> tuple[pd.DataFrame, ...]:
    """``n`` identical facilities F1..Fn (same needs, same group): each one's peers are all the others.

    ``changes`` maps a facility id to {field: value} for the questionnaire, or to
    {"staff": {(day, hour): staff}} / {"time": {category: minutes}} for the hourly staff and the
    single registration row.
    """
    ids = [f"F{i}" for i in range(1, n + 1)]
    base = dict(facility_name="x", municipality="751", offer_type="sel108", operator="municipal",
                target_group="intellectual", night_watch="awake", places=18, occupancy=97.0, tariff=2800.0,
                fte_total=26.0, fte_frontline=24.0, headcount=30, managers=2, overtime_hours=240.0,
                temp_hours=2000.0, leavers=4, competence_days=60.0, shift_overlap=15)
    facilities = pd.DataFrame([{**base, **{k: v for k, v in changes.get(i, {}).items() if k not in ("staff", "time")}}
                               for i in ids], index=pd.Index(ids, name="facility"))
    citizens = pd.DataFrame({key: [0, 2, 6, 8, 2, 0][k] for k, key in enumerate(NEED_KEYS)}, index=ids)
    staffing = []
    for i in ids:
        override = changes.get(i, {}).get("staff", {})
        for day in ("weekday", "weekend"):
            for hour in range(24):
                staffing.append({"facility": i, "day": day, "hour": hour, "citizens": 4.0,
                                 "staff": override.get((day, hour), 1.0)})
    registrations = []
    for i in ids:
        minutes = {m: 0 for m in MINUTES}
        minutes.update(direct=400, indirect=150, other=450)  # share of user-oriented time 0.55
        minutes.update(changes.get(i, {}).get("time", {}))
        registrations.append({"facility": i, "staff": "S01", "date": "2026-03-02", **minutes})
    return facilities, citizens, pd.DataFrame(staffing), pd.DataFrame(registrations)


def value(results, facility: str, indicator_id: str, column: str = "value") -> float:
    rows = results.indicators
    return rows[(rows.facility == facility) & (rows.indicator == indicator_id)][column].iloc[0]


@pytest.fixture(scope="module")
def synthetic():
    return compute_botilbud(*frames_from_synthetic(draw_round(seed=11, size=40, year=2026)), 2026)


# -- productivity: SYSTEMS.md §1.5.1 worked example -------------------------------------------------------
def test_productivity_matches_the_worked_example():
    hours, income = 24 * 1503 * 0.55, 18 * 0.97 * 2800 * 365
    assert hours == pytest.approx(19_839.6) and income == pytest.approx(17_844_120)
    assert productivity(24, 0.55, 18, 97, 2800) == pytest.approx(hours / (income / 1000), rel=1e-12)
    assert round(float(productivity(24, 0.55, 18, 97, 2800)), 3) == 1.112
    assert round(float(dkk_per_user_hour(24, 0.55, 18, 97, 2800))) == 899


def test_productivity_through_the_engine():
    results = compute_botilbud(*tiny_round(), 2026)
    expected = 24 * 1503 * 0.55 / (18 * 0.97 * 2800 * 365 / 1000)
    assert value(results, "F1", "user_share") == pytest.approx(0.55, rel=1e-12)
    assert value(results, "F1", "user_hours_per_1000_dkk") == pytest.approx(expected, rel=1e-12)
    assert value(results, "F1", "dkk_per_user_hour") == pytest.approx(1000 / expected, rel=1e-12)
    total = compute_botilbud(*tiny_round(), 2026, BotilbudParameters(fte_basis="total"))
    assert value(total, "F1", "user_hours_per_1000_dkk") == pytest.approx(expected * 26 / 24, rel=1e-12)


def test_other_indicators_by_hand():
    results = compute_botilbud(*tiny_round(), 2026)
    assert value(results, "F1", "overtime_per_fte") == pytest.approx(240 / 26)
    assert value(results, "F1", "temp_share") == pytest.approx(2000 / (24 * 1503 + 2000))
    assert value(results, "F1", "turnover") == pytest.approx(4 / 30)
    assert value(results, "F1", "managers_per_employee") == pytest.approx(2 / 30)
    assert value(results, "F1", "employees_per_manager") == pytest.approx(15)
    assert value(results, "F1", "competence_days_per_employee") == pytest.approx(2)
    assert value(results, "F1", "staff_per_citizen_weekday") == pytest.approx(0.25)
    assert value(results, "F1", "documentation_share") == 0


# -- staffing gap -------------------------------------------------------------------------------------------
def test_gap_function_by_hand():
    # 4 citizens all day, reference ratio 0.25 → 1 staff; 2 on duty in 8 weekday hours = 8 excess hours a day.
    staff = np.ones(48)
    staff[7:15] = 2
    days = np.repeat([261, 104], 24)
    assert gap_fte(staff, np.full(48, 4), np.full(48, 0.25), days, 1503) == pytest.approx(8 * 261 / 1503)
    # Below the reference never offsets an hour above it; an hour without a reference adds nothing.
    staff[30] = 0
    ratio = np.full(48, 0.25)
    ratio[7] = np.nan
    assert gap_fte(staff, np.full(48, 4), ratio, days, 1503) == pytest.approx(7 * 261 / 1503)


def test_gap_through_the_engine():
    staff = {("weekday", h): 2.0 for h in range(7, 15)} | {("weekend", 23): 2.0}
    results = compute_botilbud(*tiny_round(F3={"staff": staff}), 2026)
    assert value(results, "F3", "gap_fte") == pytest.approx((8 * 261 + 104) / 1503, rel=1e-12)
    assert value(results, "F3", "gap_fte_night") == pytest.approx(104 / 1503, rel=1e-12)
    assert value(results, "F1", "gap_fte") == 0  # its peers' median is still 1 staff per 4 citizens
    hourly = results.hourly[(results.hourly.facility == "F3") & (results.hourly.day == "weekday")]
    assert hourly.peer_ratio.tolist() == [0.25] * 24
    assert hourly.excess_staff.sum() == 8
    assert value(results, "F3", "staff_per_citizen_weekday") == pytest.approx((24 + 8) / 96)


# -- peers ----------------------------------------------------------------------------------------------------
def test_a_facility_is_never_its_own_peer(synthetic):
    peers = synthetic.peers
    assert len(peers) == 5 * len(synthetic.facilities)
    assert not (peers.facility == peers.peer).any()
    assert peers.groupby("facility").peer.nunique().eq(5).all()
    assert peers.groupby("facility").letter.apply(list).map("".join).eq("ABCDE").all()


def test_peer_median_is_the_median_of_the_five_peers(synthetic):
    values = synthetic.values
    for facility in synthetic.facilities.index[:5]:
        peers = synthetic.peers_of(facility).peer
        for indicator_id in ("user_hours_per_1000_dkk", "overtime_per_fte", "gap_fte"):
            expected = float(np.median(values.loc[peers, indicator_id]))
            assert value(synthetic, facility, indicator_id, "peer_median") == pytest.approx(expected, rel=1e-12)


def test_cluster_median_leaves_the_facility_out(synthetic):
    f = synthetic.facilities
    facility = f.index[0]
    others = f.index[(f.cluster == f.cluster.iloc[0]) & (f.index != facility)]
    row = synthetic.indicators[(synthetic.indicators.facility == facility)
                               & (synthetic.indicators.indicator == "turnover")].iloc[0]
    assert row.cluster_n == len(others)
    if len(others) >= 5:
        assert row.cluster_median == pytest.approx(float(np.median(synthetic.values.loc[others, "turnover"])))
    else:
        assert math.isnan(row.cluster_median)


def test_peers_do_not_depend_on_row_order():
    frames = frames_from_synthetic(draw_round(seed=4, size=25, year=2026))
    shuffled = (frames[0].sample(frac=1, random_state=1), frames[1].sample(frac=1, random_state=2),
                frames[2].sample(frac=1, random_state=3), frames[3].sample(frac=1, random_state=4))
    a, b = compute_botilbud(*frames, 2026), compute_botilbud(*shuffled, 2026)
    pd.testing.assert_frame_equal(a.peers, b.peers)
    pd.testing.assert_frame_equal(a.indicators, b.indicators)


def test_a_small_round_is_suppressed():
    results = compute_botilbud(*tiny_round(4), 2026)
    assert results.matcher is None and results.peers.empty
    assert results.indicators.peer_suppressed.all() and results.indicators.cluster_suppressed.all()
    assert not results.indicators.weak.any()
    assert results.values["user_hours_per_1000_dkk"].notna().all()  # own figures are still computed


# -- flags -----------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("field, own, weak", [
    ("overtime_hours", 240 * 1.15, True),    # lower is better: 15 % more overtime than the peers' median
    ("overtime_hours", 240 * 1.05, False),   # within the 10 % threshold
    ("overtime_hours", 100, False),          # better
    ("competence_days", 60 * 0.85, True),    # higher is better: 15 % fewer days
    ("competence_days", 60 * 0.95, False),
    ("competence_days", 90, False),
    ("shift_overlap", 120, False),           # neutral: shown, never flagged
])
def test_flags_follow_threshold_and_direction(field, own, weak):
    # The relative threshold alone: every minimum distance 0 (the next test checks the distances).
    results = compute_botilbud(*tiny_round(F2={field: own}), 2026, NO_DISTANCES)
    indicator_id = {"overtime_hours": "overtime_per_fte", "competence_days": "competence_days_per_employee",
                    "shift_overlap": "shift_overlap"}[field]
    assert bool(value(results, "F2", indicator_id, "weak")) is weak
    assert results.weak_codes("F2") == ([indicator(indicator_id).code] if weak else [])
    strict = compute_botilbud(*tiny_round(F2={field: own}), 2026,
                              dataclasses.replace(NO_DISTANCES, weakness_threshold=0.2))
    assert not bool(value(strict, "F2", indicator_id, "weak"))


@pytest.mark.parametrize("overtime_hours, min_distance, weak", [
    (240 * 1.15, None, False),   # 15 % over the median is 1.4 hours per FTE: less than the 5 that matter
    (240 * 1.60, None, True),    # 5.5 hours per FTE over the median
    (240 * 1.60, 6.0, False),    # ... but not over a distance of 6
])
def test_a_flag_needs_the_indicators_minimum_distance_in_its_own_unit(overtime_hours, min_distance, weak):
    params = BotilbudParameters() if min_distance is None else BotilbudParameters(min_distance_overtime=min_distance)
    results = compute_botilbud(*tiny_round(F2={"overtime_hours": overtime_hours}), 2026, params)
    assert bool(value(results, "F2", "overtime_per_fte", "weak")) is weak
    worse = value(results, "F2", "overtime_per_fte", "difference")
    assert bool(worse > params.min_distance_overtime) is weak


@pytest.mark.parametrize("extra_minutes, weak", [(30, True), (15, False)])
def test_documentation_is_flagged_three_points_above_its_peers_not_one_and_a_half(extra_minutes, weak):
    """Every facility documents 110 of its 1,000 minutes (11 %); F2 3 pp or 1.5 pp more (distance 2 pp)."""
    doc = DOCUMENTATION[0]
    base = {f"F{i}": {"time": {doc: 110, "other": 340}} for i in range(1, 7)}
    base["F2"] = {"time": {doc: 110 + extra_minutes, "other": 340 - extra_minutes}}
    results = compute_botilbud(*tiny_round(**base), 2026)
    assert value(results, "F2", "documentation_share") == pytest.approx((110 + extra_minutes) / 1000)
    assert value(results, "F2", "documentation_share", "peer_median") == pytest.approx(0.11)
    assert bool(value(results, "F2", "documentation_share", "weak")) is weak


def test_every_flaggable_indicator_has_a_minimum_distance_parameter():
    params = BotilbudParameters()
    for item in INDICATORS:
        if item.flaggable:
            assert item.min_difference in MIN_DISTANCES and getattr(params, item.min_difference) > 0, item.id
    with pytest.raises(ValueError, match="min_distance_turnover"):
        BotilbudParameters(min_distance_turnover=-1)


def test_with_five_to_nine_others_the_flag_needs_the_worse_half():
    """7 others: too few for quartiles, so only the round's median is shown and the flag needs the own
    figure beyond it. F2's five peers (F1, F3-F6 by id) have a median at the base; F5-F8 have three times
    the base, so the median of F2's 7 others is above F2's double: worse than its peers, not the worse half."""
    high = {f"F{i}": {"overtime_hours": 720.0} for i in (5, 6, 7, 8)}
    results = compute_botilbud(*tiny_round(8, F2={"overtime_hours": 480.0}, **high), 2026)
    row = results.indicators.set_index(["facility", "indicator"]).loc[("F2", "overtime_per_fte")]
    assert row.round_n == 7 and np.isnan(row.round_q1) and np.isnan(row.round_q3)
    assert row.round_median == pytest.approx(720 / 26)
    assert row.difference > BotilbudParameters().min_distance_overtime  # far enough from its peers ...
    assert row.band == LOWER_HALF and not row.weak                          # ... but in the better half
    alone = compute_botilbud(*tiny_round(8, F2={"overtime_hours": 480.0}), 2026)  # the others at the base
    row = alone.indicators.set_index(["facility", "indicator"]).loc[("F2", "overtime_per_fte")]
    assert row.band == UPPER_HALF and row.weak


def test_inverse_indicators_are_not_flagged_twice():
    results = compute_botilbud(*tiny_round(F2={"managers": 4}), 2026)
    assert bool(value(results, "F2", "managers_per_employee", "weak"))
    assert not bool(value(results, "F2", "employees_per_manager", "weak"))
    assert results.weak_codes("F2") == ["LED"]


def test_gap_needs_a_minimum_difference():
    # F3-F5 have an extra half staff member at 3 a.m., so their own gaps (0.087 FTE) give F2's peers a
    # median gap above 0: against a median of 0 nothing is flagged (test below).
    night = {f"F{i}": {"staff": {("weekday", 3): 1.5}} for i in (3, 4, 5)}
    small = {("weekday", 10): 1.5}  # 0.5 excess staff in one hour = 0.087 FTE
    results = compute_botilbud(*tiny_round(F2={"staff": small}, **night), 2026)
    assert 0 < value(results, "F2", "gap_fte") < 0.25 and not bool(value(results, "F2", "gap_fte", "weak"))
    large = {("weekday", h): 1.5 for h in range(7, 23)}
    results = compute_botilbud(*tiny_round(F2={"staff": large}, **night), 2026)
    assert value(results, "F2", "gap_fte", "peer_median") > 0
    assert bool(value(results, "F2", "gap_fte", "weak"))
    alone = compute_botilbud(*tiny_round(F2={"staff": large}), 2026)  # every peer at its median: gaps of 0
    assert value(alone, "F2", "gap_fte") > 1 and value(alone, "F2", "gap_fte", "peer_median") == 0
    assert not bool(value(alone, "F2", "gap_fte", "weak"))


def test_weak_flags_formula():
    ids = pd.Series(["turnover", "competence_days_per_employee", "turnover", "shift_overlap"])
    flags = weak_flags(pd.Series([0.23, 1.7, np.nan, 99.0]), pd.Series([0.2, 2.0, 0.2, 10.0]), ids, NO_DISTANCES)
    assert flags.tolist() == [True, True, False, False]
    # The default distances: 3 pp more turnover and 0.3 fewer competence days are not worth a flag; 6 pp is.
    flags = weak_flags(pd.Series([0.23, 1.7, 0.26]), pd.Series([0.2, 2.0, 0.2]),
                       pd.Series(["turnover", "competence_days_per_employee", "turnover"]), BotilbudParameters())
    assert flags.tolist() == [False, False, True]


def test_every_flaggable_indicator_has_topic_words():
    # An indicator no example is about (staff turnover) shows none; it still has the words that decide it.
    catalogue = load_catalogue()
    assert all(catalogue.topics("botilbud", i.code) for i in INDICATORS)
    assert set(catalogue.links("botilbud")) <= {i.code for i in INDICATORS}
    assert len(INDICATOR_IDS) == len(set(INDICATOR_IDS))


# -- cases ----------------------------------------------------------------------------------------------------
def test_suggested_cases_fit_the_weak_indicators(synthetic):
    links = load_catalogue().links("botilbud")
    checked = 0
    for facility in synthetic.facilities.index:
        codes = synthetic.weak_codes(facility)
        cases = suggested_cases(synthetic, facility, limit=None)
        if not codes:
            assert cases == []
            continue
        checked += 1
        linked = {case_id for code in codes for case_id in links.get(code, [])}
        assert {case.case_id for case in cases} == linked
    assert checked > 10


# -- missing time registration -----------------------------------------------------------------------------
def test_facility_without_time_registration():
    facilities, citizens, staffing, registrations = tiny_round(7)
    results = compute_botilbud(facilities, citizens, staffing, registrations[registrations.facility != "F1"], 2026)
    f1 = results.facility_indicators("F1").set_index("indicator")
    assert not results.facilities.loc["F1", "has_time_registration"]
    needs_time = [i.id for i in INDICATORS if i.needs_time]
    assert f1.loc[needs_time, "value"].isna().all()
    assert f1.drop(index=needs_time)["value"].notna().all()
    # Its peers compare over 4 time registrations for these indicators: fewer than 5, so suppressed.
    f2 = results.facility_indicators("F2").set_index("indicator")
    assert f2.loc["user_share", "peer_n"] in (4, 5)
    if f2.loc["user_share", "peer_n"] == 4:
        assert f2.loc["user_share", "peer_suppressed"]


# -- parameters ------------------------------------------------------------------------------------------------
def test_parameters_from_toml(tmp_path):
    path = tmp_path / "runde.toml"
    path.write_text('[botilbud]\nfte_basis = "total"\nweakness_threshold = 0.2\nconsented = ["BO-0101"]\n'
                    "annual_norm_hours = 1500\n", encoding="utf-8")
    params = BotilbudParameters.from_toml(path)
    assert (params.fte_basis, params.weakness_threshold, params.consented, params.annual_norm_hours) == (
        "total", 0.2, ("BO-0101",), 1500.0)
    path.write_text("[botilbud]\nnorm = 1500\n", encoding="utf-8")
    with pytest.raises(ValueError, match="unknown setting"):
        BotilbudParameters.from_toml(path)
    with pytest.raises(ValueError, match="fte_basis"):
        BotilbudParameters(fte_basis="all")
    with pytest.raises(ValueError, match="min_group"):
        BotilbudParameters(n_peers=3)


def test_module_doctests():
    assert doctest.testmod(indicators_module).failed == 0
    assert doctest.testmod(botilbud_module).failed == 0


def test_a_median_of_zero_flags_nothing_not_even_a_gap():
    """docs/method.md: a relative flag is skipped where the median is 0 — the night gap included."""
    ids = pd.Series(["turnover", "gap_fte_night", "gap_fte", "turnover"])
    flags = weak_flags(pd.Series([0.05, 2.0, 2.0, 0.05]), pd.Series([0.0, 0.0, 0.5, 0.04]), ids, NO_DISTANCES)
    assert flags.tolist() == [False, False, True, True]


def test_at_the_median_is_not_worse_even_a_last_digit_apart():
    ids = pd.Series(["turnover", "turnover", "competence_days_per_employee"])
    median = pd.Series([0.3, 0.3, 2.0])
    params = dataclasses.replace(NO_DISTANCES, weakness_threshold=0.0)
    flags = weak_flags(pd.Series([0.1 + 0.2, 0.3 + 1e-6, 2.0 - 1e-15]), median, ids, params)
    assert 0.1 + 0.2 > 0.3 and flags.tolist() == [False, True, False]
