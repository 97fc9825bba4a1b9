"""The jobcenter computation against hand calculations and an independent least-squares fit."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from engine.benchmarks.jobcenter.codes import TARGET_GROUP_CODES
from engine.benchmarks.jobcenter.compute import compute_jobcenter
from engine.benchmarks.jobcenter.inputs import JobcenterInputs
from engine.benchmarks.jobcenter.parameters import JobcenterParameters
from engine.benchmarks.jobcenter.synthetic import draw_round


@pytest.fixture(scope="module")
def synthetic():
    inputs = draw_round(seed=11, participants=30)
    return inputs, compute_jobcenter(inputs)


def _tiny_inputs(overhead_persons: dict[str, float] | None = None) -> JobcenterInputs:
    """One municipality (101), two employees, hand-checkable; the register is a synthetic one."""
    register = draw_round(seed=2, participants=0).register.copy()
    persons = {g: 10.0 for g in TARGET_GROUP_CODES} | {"dagpenge": 100.0, "sygedagpenge": 50.0}
    persons |= overhead_persons or {}
    for group, value in persons.items():
        register.loc[register.municipality == "101", f"persons_{group}"] = value
    staff = pd.DataFrame([
        {"municipality": "101", "employee_id": "E1", "department": "A", "weekly_hours": 37.0, "staff_group": "socialraadgiver",
         "months_employed": 12.0, "salary_cost": 500_000.0, "source": ""},
        {"municipality": "101", "employee_id": "E2", "department": "B", "weekly_hours": 18.5, "staff_group": "hk",
         "months_employed": 6.0, "salary_cost": np.nan, "source": ""},
    ])
    allocation = pd.DataFrame([
        ("101", "A", "E1", "dagpenge", "sagsbehandling", 0.6), ("101", "A", "E1", "sygedagpenge", "sagsbehandling", 0.2),
        ("101", "A", "E1", "shared", "administration", 0.2), ("101", "B", "E2", "sygedagpenge", "administration", 0.5),
        ("101", "B", "E2", "shared", "teamledelse", 0.5),
    ], columns=["municipality", "department", "employee_id", "target_group", "task", "share"]).assign(source="")
    konto5 = pd.DataFrame([("101", "dagpenge", "mentor", 150_000.0), ("101", "dagpenge", "anden_aktoer", 50_000.0),
                           ("101", "sygedagpenge", "mentor", 40_000.0)],
                          columns=["municipality", "target_group", "tool", "amount"]).assign(source="")
    return JobcenterInputs(2026, staff, allocation, konto5, register,
                           ("basic_education_share", "non_western_share", "jobs_per_100", "age_50_64_share"))


def test_unit_costs_equal_a_hand_calculation():
    results = compute_jobcenter(_tiny_inputs())
    employees = results.employees.set_index("employee_id")
    assert employees.loc["E2", "fte"] == pytest.approx(0.25)  # 18.5/37 × 6/12
    assert employees.loc["E2", "cost"] == pytest.approx(112_500)  # standard cost 450,000 × 0.25
    assert employees.loc["E2", "cost_source"] == "standard"
    groups = results.groups.set_index("target_group")
    # Shared cost 0.2 × 500,000 + 0.5 × 112,500 = 156,250, spread 3:1 by direct FTE (0.6 : 0.2).
    assert groups.loc["dagpenge", "konto6"] == pytest.approx(300_000 + 117_187.5)
    assert groups.loc["sygedagpenge", "konto6"] == pytest.approx(100_000 + 56_250 + 39_062.5)
    assert groups.loc["dagpenge", "konto5"] == pytest.approx(200_000)
    assert groups.loc["dagpenge", "unit_total"] == pytest.approx((417_187.5 + 200_000) / 100)
    assert groups.loc["sygedagpenge", "unit_konto6"] == pytest.approx(195_312.5 / 50)
    assert groups.loc["sygedagpenge", "unit_konto5"] == pytest.approx(40_000 / 50)
    # FTE: dagpenge 0.6 + 3/4 of the shared 0.2 + 0.125.
    assert groups.loc["dagpenge", "fte_per_100"] == pytest.approx((0.6 + 0.75 * 0.325) / 100 * 100)
    assert groups["fte"].sum() == pytest.approx(1.25)  # nothing lost in the spreading
    assert groups["konto6"].sum() == pytest.approx(500_000 + 112_500)
    # Groups with 10 full-year persons are under min_persons (20): no unit cost.
    assert groups.loc["fleksjob", "suppressed"] and np.isnan(groups.loc["fleksjob", "unit_total"])
    summary = results.municipalities.loc["101"]
    assert summary["unit_total"] == pytest.approx((612_500 + 240_000) / (150 + 10 * 10))


def test_overhead_key_by_persons():
    results = compute_jobcenter(_tiny_inputs(), JobcenterParameters(overhead_key="persons"))
    groups = results.groups.set_index("target_group")
    persons_total = 100 + 50 + 10 * 10
    assert groups.loc["dagpenge", "konto6"] == pytest.approx(300_000 + 156_250 * 100 / persons_total)
    assert groups["konto6"].sum() == pytest.approx(612_500)


def _independent_loo_wls(X: np.ndarray, y: np.ndarray, w: np.ndarray, z: float):
    """Leave-one-out weighted least squares written out from the definitions (numpy only): the fit
    without i on √w-scaled rows; the prediction error's SE from the unweighted residuals without i
    and the variance of the prediction, Var(Xᵢβ̂) = σ² Xᵢ (X'WX)⁻¹ X'W²X (X'WX)⁻¹ Xᵢ'."""
    X = np.column_stack([np.ones(len(y)), X])
    expected, half_width = [], []
    for i in range(len(y)):
        keep = np.arange(len(y)) != i
        root = np.sqrt(w[keep])
        beta, *_ = np.linalg.lstsq(X[keep] * root[:, None], y[keep] * root, rcond=None)
        expected.append(X[i] @ beta)
        residual = y[keep] - X[keep] @ beta
        variance = residual @ residual / (keep.sum() - X.shape[1])
        bread = np.linalg.inv(X[keep].T @ np.diag(w[keep]) @ X[keep])
        meat = X[keep].T @ np.diag(w[keep] ** 2) @ X[keep]
        half_width.append(z * np.sqrt(variance * (1 + X[i] @ bread @ meat @ bread @ X[i])))
    return np.array(expected), np.array(half_width)


def _bonferroni_z(n: int, alpha: float = 0.05) -> float:
    from statistics import NormalDist
    return NormalDist().inv_cdf(1 - alpha / 2 / n)


def test_expected_rates_equal_an_independent_leave_one_out_weighted_least_squares_fit(synthetic):
    inputs, results = synthetic
    register = inputs.register.set_index("municipality").sort_index()
    columns = list(inputs.framework_columns)
    y = register["realised_rate"].to_numpy(float)
    z = _bonferroni_z(len(y))
    assert results.confidence_z == pytest.approx(3.475, abs=1e-3) and results.confidence_z == pytest.approx(z)
    expected, half_width = _independent_loo_wls(register[columns].to_numpy(float), y,
                                                register["population_16_66"].to_numpy(float), z)
    computed = results.register.loc[register.index]
    np.testing.assert_allclose(computed["expected_rate"], expected, rtol=1e-10)
    np.testing.assert_allclose(computed["effect_pp"], (expected - y) * 100, rtol=1e-8, atol=1e-10)
    np.testing.assert_allclose(computed["uncertainty_pp"], half_width * 100, rtol=1e-8)
    # The leave-one-out coefficients reproduce the expected rate as the report's formula computes it.
    coefficients = results.loo_coefficients.loc[register.index]
    by_formula = coefficients["intercept"] + (coefficients[columns].to_numpy()
                                              * register[columns].to_numpy()).sum(axis=1)
    np.testing.assert_allclose(by_formula, expected, rtol=1e-10)
    # Weighting matters: København's own weight is hundreds of times Læsø's.
    assert computed.loc["101", "weight"] > 100 * computed.loc["825", "weight"]


def test_target_group_rates_equal_an_independent_fit_per_group(synthetic):
    inputs, results = synthetic
    register = inputs.register.set_index("municipality").sort_index()
    columns = list(inputs.framework_columns)
    population = register["population_16_66"].to_numpy(float)
    z = _bonferroni_z(len(TARGET_GROUP_CODES))  # the family: one report's 12 groups
    assert results.group_confidence_z == pytest.approx(2.865, abs=1e-3)
    for group in ("sygedagpenge", "revalidering"):
        rate = register[f"persons_{group}"].to_numpy(float) / population * 1000
        expected, half_width = _independent_loo_wls(register[columns].to_numpy(float), rate, population, z)
        computed = results.group_register[results.group_register.target_group == group].set_index("municipality")
        computed = computed.loc[register.index]
        np.testing.assert_allclose(computed["rate_realised"], rate, rtol=1e-12)
        np.testing.assert_allclose(computed["rate_expected"], expected, rtol=1e-9)
        np.testing.assert_allclose(computed["uncertainty"], half_width, rtol=1e-8)
        np.testing.assert_allclose(computed["persons_deviation"], (expected - rate) * population / 1000, rtol=1e-8)
        outside = np.abs(expected - rate) > half_width
        assert (computed["verdict"] != "within_noise").to_numpy().tolist() == outside.tolist()
        best = computed["deviation"].idxmax()
        assert computed.loc[best, "rank"] == 1 and computed["rank_n"].iloc[0] == len(register)
    # The participants' unit-cost rows carry their group's result beside them.
    rows = results.groups.set_index(["municipality", "target_group"])
    code = results.municipalities.index[0]
    own = results.group_register.set_index(["municipality", "target_group"]).loc[(code, "dagpenge")]
    assert rows.loc[(code, "dagpenge"), "deviation"] == pytest.approx(own["deviation"])


def test_verdict_follows_the_uncertainty(synthetic):
    _, results = synthetic
    m = results.municipalities
    outside = m["effect_pp"].abs() > m["uncertainty_pp"]
    assert (m.loc[outside & (m.effect_pp > 0), "verdict"] == "better").all()
    assert (m.loc[outside & (m.effect_pp < 0), "verdict"] == "worse").all()
    assert (m.loc[~outside, "verdict"] == "within_noise").all()
    assert np.allclose(m["ratio"], m["realised_rate"] / m["expected_rate"])


def test_comparisons_leave_the_municipality_out_and_suppress_small_groups(synthetic):
    _, results = synthetic
    groups = results.groups
    code = results.municipalities.index[0]
    for group in ("dagpenge", "revalidering"):
        rows = groups[groups.target_group == group]
        others = rows.loc[rows.municipality != code, "unit_total"].dropna().to_numpy()
        own = rows[rows.municipality == code].iloc[0]
        assert own["unit_total_n"] == len(others)
        if len(others) >= results.params.min_group:
            assert own["unit_total_median"] == pytest.approx(np.median(others))
            assert own["unit_total_q3"] == pytest.approx(np.quantile(others, 0.75))
    small = groups[groups.persons < results.params.min_persons]
    assert len(small) and small["unit_total"].isna().all() and small["suppressed"].all()
    few = compute_jobcenter(draw_round(seed=11, participants=3))
    assert few.groups["unit_total_median"].isna().all()  # 2 others < min_group 3


def test_peers_are_the_nearest_other_participants_in_framework_conditions(synthetic):
    inputs, results = synthetic
    columns = list(inputs.framework_columns)
    frame = results.register.loc[results.municipalities.index, columns]
    z = (frame - frame.mean()) / frame.std(ddof=0)
    code = frame.index[3]
    distances = np.sqrt(((z - z.loc[code]) ** 2).sum(axis=1)).drop(code).sort_values()
    peers = results.rows("peers", code)
    assert peers["peer"].tolist() == distances.index[: results.params.n_peers].tolist()
    assert code not in peers["peer"].tolist()
    own = results.rows("groups", code).set_index("target_group")
    peer_values = results.groups[results.groups.municipality.isin(peers["peer"])
                                 & (results.groups.target_group == "dagpenge")]["unit_total"].dropna()
    assert own.loc["dagpenge", "unit_total_peer_median"] == pytest.approx(np.median(peer_values))


def test_fte_and_cost_are_kept_when_the_shared_line_is_spread(synthetic):
    inputs, results = synthetic
    matrix = results.fte_matrix.groupby("municipality")[["fte", "fte_spread", "cost", "cost_spread"]].sum()
    np.testing.assert_allclose(matrix["fte"], matrix["fte_spread"])
    np.testing.assert_allclose(matrix["cost"], matrix["cost_spread"])
    np.testing.assert_allclose(matrix["fte"], results.municipalities["fte"])
    staff_cost = results.employees.groupby("municipality")["cost"].sum()
    np.testing.assert_allclose(results.municipalities["konto6"], staff_cost.loc[results.municipalities.index])


def test_parameters_from_toml(tmp_path):
    config = tmp_path / "runde.toml"
    config.write_text("[jobcenter]\noverhead_key = 'persons'\ncost_hk = 470000\nconsented = [101]\n", encoding="utf-8")
    params = JobcenterParameters.from_toml(config)
    assert (params.overhead_key, params.cost_hk, params.consented) == ("persons", 470_000.0, ("101",))
    config.write_text("[jobcenter]\noverhead = 'persons'\n", encoding="utf-8")
    with pytest.raises(ValueError, match="unknown setting"):
        JobcenterParameters.from_toml(config)
    with pytest.raises(ValueError, match="overhead_key"):
        JobcenterParameters(overhead_key="equal")


def test_flags_need_the_worse_quartile_and_the_distance_from_the_median(synthetic):
    """Recomputed from the others' values with numpy: above Q3 (QUARTILE.INC) and > 25 % above the median."""
    _, results = synthetic
    groups = results.groups
    distance = results.params.flag_distance
    checked = 0
    for code in results.municipalities.index[:6]:
        for group in ("dagpenge", "kth_aktivitetsparat", "sygedagpenge"):
            rows = groups[groups.target_group == group]
            others = rows.loc[rows.municipality != code, "unit_total"].dropna().to_numpy()
            own = rows[rows.municipality == code].iloc[0]
            median, q1, q3 = np.median(others), np.quantile(others, 0.25), np.quantile(others, 0.75)
            value = own["unit_total"]
            assert own["high"] == bool(value > q3 and value - median > distance * median)
            assert own["low"] == bool(value < q1 and median - value > distance * median)
            checked += 1
    assert checked == 18
    loose = compute_jobcenter(draw_round(seed=11, participants=30), JobcenterParameters(flag_distance=0.0)).groups
    assert loose["high"].sum() > groups["high"].sum()  # the distance is what thins the flags
    assert (groups["high"] <= loose["high"]).all()
