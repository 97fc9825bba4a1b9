"""The administration numbers against a plain, obviously-correct re-computation."""

from __future__ import annotations

import random
import statistics

import numpy as np
import pandas as pd
import pytest

from engine.benchmarks.administration.compute import (
    SCORES, TOTAL, AdministrationParameters, compute_administration, _process_catalogue,
)
from engine.peers.groups import loo_mean, loo_median


def _round(n: int, seed: int = 7):
    rng = random.Random(seed)
    catalogue = _process_catalogue()
    participants = pd.DataFrame({
        "participant": [str(100 + i) for i in range(n)],
        "name": [f"Kommune {i}" for i in range(n)],
        "inhabitants": [rng.randint(20_000, 200_000) for _ in range(n)],
        "employees": [rng.randint(1_500, 15_000) for _ in range(n)],
        "finance_system": [rng.choice(["kmd_opus", "prisme"]) for _ in range(n)],
        "payroll_system": [rng.choice(["kmd_opus_loen", "sd_loen"]) for _ in range(n)],
    }).set_index("participant")
    rows = []
    for code in participants.index:
        for area, process_id, category_id, position in catalogue.itertuples(index=False):
            rows.append({"participant": code, "area": area, "process_id": process_id, "category_id": category_id,
                         "position": position, "centralisation": float(rng.randint(0, 3)),
                         "digital_process": rng.choice([0.0, 0.5, 1.0]), "digital_solution": rng.choice([0.0, 0.5, 1.0]),
                         "fte": round(rng.uniform(0, 3), 2)})
    return participants, pd.DataFrame(rows)


@pytest.fixture(scope="module")
def computed():
    participants, processes = _round(9)
    return participants, processes, compute_administration(participants, processes, 2026)


def _row(results, participant, area, category):
    c = results.categories
    return c[(c.participant == participant) & (c.area == area) & (c.category_id == category)].iloc[0]


def test_overall_score_is_the_plain_mean_of_categories_or_process_weighted(computed):
    participants, processes, results = computed
    own = processes[(processes.participant == "103") & (processes.area == "hr")]
    total = _row(results, "103", "hr", TOTAL)
    for score in SCORES:
        # Default: every category counts the same (the source's example table, SYSTEMS.md §3.8).
        assert total[score] == pytest.approx(own.groupby("category_id")[score].mean().mean(), rel=1e-12)
    weighted = compute_administration(participants, processes, 2026,
                                      AdministrationParameters(overall_weighting="processes"))
    weighted_total = _row(weighted, "103", "hr", TOTAL)
    for score in SCORES:
        assert weighted_total[score] == pytest.approx(own[score].mean(), rel=1e-12)
    assert weighted_total["fte"] == pytest.approx(total["fte"], rel=1e-12)  # FTE are summed either way
    category = own[own.category_id == "recruitment"]
    assert _row(results, "103", "hr", "recruitment")["centralisation"] == pytest.approx(
        category["centralisation"].mean(), rel=1e-12)


def test_comparison_group_never_includes_the_municipality(computed):
    participants, processes, results = computed
    by = {code: _row(results, code, "finance", "budget_monitoring") for code in participants.index}
    for code, row in by.items():
        others = [r for c, r in by.items() if c != code]
        assert row["peers_n"] == len(others)
        assert row["peer_centralisation"] == pytest.approx(statistics.median(r["centralisation"] for r in others))
        assert row["dev_centralisation"] == pytest.approx(row["centralisation"] - row["peer_centralisation"])
        assert row["peer_fte_norm_median"] == pytest.approx(statistics.median(r["fte_norm"] for r in others))


def test_one_comparator_deviation_flag_and_potential_agree(computed):
    """The FTE deviation, the "more FTE" flag and the potential all measure against the median."""
    _, _, results = computed
    c = results.categories[~results.categories.suppressed]
    assert (c.dev_fte_norm == c.fte_norm - c.peer_fte_norm_median).all()
    flagged = c[c.flag_more_fte]
    assert (flagged.dev_fte_norm > 0).all()
    categories = c[c.category_id != TOTAL]
    assert ((categories.potential_fte > 0) == (categories.dev_fte_norm > 0)).all()


def test_fte_is_normalised_per_inhabitants_and_employees(computed):
    participants, processes, results = computed
    finance = _row(results, "101", "finance", TOTAL)
    hr = _row(results, "101", "hr", TOTAL)
    own = processes[processes.participant == "101"]
    assert finance["fte_norm"] == pytest.approx(
        own[own.area == "finance"].fte.sum() / (participants.loc["101", "inhabitants"] / 10_000))
    assert hr["fte_norm"] == pytest.approx(own[own.area == "hr"].fte.sum() / (participants.loc["101", "employees"] / 1_000))


def test_same_system_peers_for_digitalisation(computed):
    participants, processes, results = computed
    rows = {code: _row(results, code, "hr", "payroll_system") for code in participants.index}
    for code, row in rows.items():
        same = [r for c, r in rows.items() if c != code and
                participants.loc[c, "payroll_system"] == participants.loc[code, "payroll_system"]]
        assert row["system_peers_n"] == len(same)
        if len(same) >= results.params.min_group:
            assert row["system_peer_digital_process"] == pytest.approx(
                statistics.median(r["digital_process"] for r in same))
        else:  # a small group's figures are never passed on
            assert np.isnan(row["system_peer_digital_process"]) and row["system_suppressed"]


def test_potential_is_excess_over_peer_median_and_sums_per_area(computed):
    participants, processes, results = computed
    params = results.params
    c = results.categories
    own = c[(c.participant == "105") & (c.area == "finance")]
    categories = own[own.category_id != TOTAL]
    expected = ((categories.fte_norm - categories.peer_fte_norm_median).clip(lower=0) * categories.basis)
    assert categories.potential_fte.to_numpy() == pytest.approx(expected.to_numpy())
    total = own[own.category_id == TOTAL].iloc[0]
    assert total.potential_fte == pytest.approx(expected.sum())
    assert total.potential_dkk == pytest.approx(expected.sum() * params.cost_per_fte)


def test_small_comparison_groups_are_suppressed():
    participants, processes = _round(4)
    results = compute_administration(participants, processes, 2026)
    assert results.categories["suppressed"].all()
    assert not results.categories["flag_more_fte"].any()
    assert results.categories["potential_fte"].isna().all()
    assert results.categories[["peer_centralisation", "dev_centralisation", "peer_fte_norm_median"]].isna().all().all()


def test_flags_follow_thresholds(computed):
    _, _, results = computed
    c = results.categories
    params = results.params
    assert ((c.dev_centralisation < -params.centralisation_threshold) & ~c.suppressed).equals(c.flag_less_centralised)


def test_loo_helpers_match_a_naive_loop():
    rng = np.random.default_rng(3)
    values = pd.Series(rng.normal(size=40))
    values[5] = np.nan
    groups = pd.Series(rng.integers(0, 3, size=40))
    mean, count = loo_mean(values, groups)
    median = loo_median(values, groups)
    for i in range(40):
        others = [values[j] for j in range(40) if j != i and groups[j] == groups[i] and not np.isnan(values[j])]
        assert count[i] == len(others)
        if np.isnan(values[i]):
            assert np.isnan(median[i])
            continue
        assert mean[i] == pytest.approx(np.mean(others))
        assert median[i] == pytest.approx(np.median(others))


def test_parameters_from_a_round_configuration(tmp_path):
    config = tmp_path / "runde.toml"
    config.write_text('[administration]\ncost_per_fte = 600000\nconsented = [751, "461"]\n', encoding="utf-8")
    params = AdministrationParameters.from_toml(config)
    assert params.cost_per_fte == 600000 and params.consented == ("751", "461")
    config.write_text('[administration]\ncost_per_FTE = 1\n', encoding="utf-8")
    with pytest.raises(ValueError, match="cost_per_FTE"):
        AdministrationParameters.from_toml(config)


def test_a_previous_round_handed_on_equals_the_one_read_again(tmp_path):
    # Rounds run one after another hand the computed round on instead of reading it again.
    from engine.benchmarks import get_domain
    from engine.benchmarks.administration.compute import load_round
    from engine.benchmarks.administration.synthetic import administration_values, draw_profile
    from engine.run import ingest_files
    from engine.store.database import Store
    from engine.templates.writer import write_template

    rng = random.Random(3)
    db = tmp_path / "two.sqlite"
    for year in (2025, 2026):
        paths = [write_template(get_domain("administration"), tmp_path / f"{year}_{code}.xlsx", "da",
                                administration_values(rng, draw_profile(rng, code), year))
                 for code in ("101", "147", "461", "751", "851", "330")]
        assert all(o.stored for o in ingest_files(paths, db, year))
    with Store(db) as store:
        first = load_round(store, 2025)
        handed_on = load_round(store, 2026, previous=first)
        read_again = load_round(store, 2026)
    assert handed_on.previous_year == read_again.previous_year == 2025
    assert handed_on.categories["prev_centralisation"].notna().any()
    pd.testing.assert_frame_equal(handed_on.categories, read_again.categories)
    pd.testing.assert_frame_equal(handed_on.processes, read_again.processes)


def _stored_round(path, seed: int):
    """A store with one administration round written straight into its tables: participants whose ids
    do not follow their keys, rows with any subset of the fields, a few rows the catalogue lacks."""
    from engine.store.database import Store

    rng = random.Random(seed)
    catalogue = _process_catalogue()
    store = Store(path)
    codes = rng.sample(["101", "147", "151", "461", "751", "851", "330", "99x"], 6)
    with store.transaction() as db:
        db.execute("INSERT INTO rounds (id, domain, year, created_at) VALUES (1, 'administration', 2026, 'now')")
        for pid, code in enumerate(codes, start=1):
            db.execute("INSERT INTO participants VALUES (?, 'administration', ?, ?, ?)", (pid, code, f"K{code}", code))
            db.execute("INSERT INTO submissions VALUES (?, 1, ?, ?, 's', '1', 'da', 'now', NULL, NULL)",
                       (pid, pid, f"{code}.xlsx"))
            front = [("municipality", None, code), ("year", 2026.0, None), ("inhabitants", 50000.0, None),
                     ("employees", 4000.0, None), ("finance_system", None, "prisme"),
                     ("payroll_system", None, "sd_loen")]
            for field, number, text in front:
                db.execute("INSERT INTO submission_values VALUES (?, 'front', '', ?, ?, ?, ?)",
                           (pid, field, number, text, f"'Forside'!{field}"))
            keys = [tuple(row) for row in catalogue[["area", "process_id"]].itertuples(index=False)]
            keys += [("finance", "FIN-999"), ("finance", "FIN-998"), ("hr", "HR-000")]
            for area, process_id in rng.sample(keys, 40):
                fields = [f for f in ("centralisation", "digital_process", "digital_solution", "fte", "comment")
                          if rng.random() < 0.7]
                for field in fields:
                    number = None if field == "comment" else rng.choice([0.0, 1.0, 0.5, rng.random()])
                    text = rng.choice(["en kommentar", "Ø", "=x"]) if field == "comment" else None
                    db.execute("INSERT INTO submission_values VALUES (?, ?, ?, ?, ?, ?, ?)",
                               (pid, area, process_id, field, number, text, f"'{area}'!{process_id}{field[:2]}"))
    return store


@pytest.mark.parametrize("seed", range(6))
def test_frames_read_as_compact_cells_equal_the_pivot_of_the_long_rows(tmp_path, seed):
    from engine.benchmarks.administration.compute import (
        _table_declaration, _wide_from_cells, frames_from_store, frames_from_values,
    )

    with _stored_round(tmp_path / "round.sqlite", seed) as store:
        submissions = store.current_submissions("administration", 2026)
        rows = store.round_values("administration", 2026)
        expected = frames_from_values(rows, submissions)
        got = frames_from_store(store, 2026, submissions)
        wide = _wide_from_cells(*store.round_table_cells("administration", 2026, *_table_declaration()),
                                *_table_declaration())
    for left, right in zip(got, expected):
        assert list(left.columns) == list(right.columns)
        pd.testing.assert_frame_equal(left, right, check_exact=True)
    # The wide frame itself is the pivot of the long rows, row for row.
    long = pd.DataFrame([row for row in rows if row[2]],
                        columns=["participant", "area", "process_id", "field", "number", "text", "location"])
    long["value"] = long["number"].where(long["number"].notna(), long["text"]).astype(object)
    pivot = long.pivot(index=["participant", "area", "process_id"], columns="field", values=["value", "location"])
    pivot.columns = [field if kind == "value" else f"location_{field}" for kind, field in pivot.columns]
    pd.testing.assert_frame_equal(wide, pivot.reset_index(), check_exact=True)


def test_a_field_the_declaration_lacks_is_read_as_long_rows(tmp_path):
    from engine.benchmarks.administration.compute import _table_declaration, _wide_from_cells

    with _stored_round(tmp_path / "round.sqlite", 1) as store:
        sheets, fields = _table_declaration()
        known = [field for field in fields if field != "comment"]
        keys, cells = store.round_table_cells("administration", 2026, sheets, known)
        assert _wide_from_cells(keys, cells, sheets, known) is None
        keys, cells = store.round_table_cells("administration", 2026, sheets, fields)
        assert _wide_from_cells(keys, cells, sheets, fields) is not None


def test_flags_need_the_spread_and_a_distance_and_the_band_is_the_quarter():
    """docs/method.md, "Flags that discriminate": recomputed plainly (numpy quantiles over the others)."""
    participants, processes = _round(14, seed=3)
    params = AdministrationParameters()
    margin = params.spread_margin
    assert margin > 0  # the fence lies beyond the quartile: below, some figures fall between the two
    c = compute_administration(participants, processes, 2026, params).categories
    checked = flagged = between = 0
    for row in c.itertuples():
        others = c[(c.area == row.area) & (c.category_id == row.category_id) & (c.participant != row.participant)]
        q1c, q3c = np.quantile(others.centralisation, 0.25), np.quantile(others.centralisation, 0.75)
        q1n, q3n = np.quantile(others.fte_norm, 0.25), np.quantile(others.fte_norm, 0.75)
        median_c, median_n = np.median(others.centralisation), np.median(others.fte_norm)
        assert row.peer_q1_centralisation == pytest.approx(q1c) and row.peer_q3_fte_norm == pytest.approx(q3n)
        # Beyond the worse quartile by spread_margin interquartile ranges (the fence), and far enough from the median.
        lower_fence, upper_fence = q1c - margin * (q3c - q1c), q3n + margin * (q3n - q1n)
        less_centralised = row.centralisation - median_c < -params.centralisation_threshold - 1e-9 and \
            row.centralisation < lower_fence - 1e-9 * max(1, abs(lower_fence))
        more_fte = row.fte_norm > upper_fence + 1e-9 * max(1, upper_fence) and \
            (row.fte_norm - median_n) * row.basis > params.fte_min_difference + 1e-9
        assert (bool(row.flag_less_centralised), bool(row.flag_more_fte)) == (less_centralised, more_fte)
        flagged += less_centralised + more_fte
        between += (row.fte_norm > q3n + 1e-9 and not row.fte_norm > upper_fence + 1e-9
                    and (row.fte_norm - median_n) * row.basis > params.fte_min_difference + 1e-9)
        quarter = 1 if row.fte_norm <= q1n else 2 if row.fte_norm <= median_n else 3 if row.fte_norm <= q3n else 4
        assert row.band_fte_norm == quarter
        checked += 1
    assert checked == len(c) and c.flag_more_fte.any() and flagged
    assert between  # beyond the quartile, not beyond the fence: the margin decides somewhere


def test_the_same_size_median_is_shown_only_over_enough_and_never_all_but_one():
    participants, processes = _round(12, seed=5)
    participants["inhabitants"] = [50_000.0] * 9 + [500_000.0] * 3
    c = compute_administration(participants, processes, 2026).categories
    small, large = c[c.participant == "100"], c[c.participant == "111"]
    assert (small.size_peers_n == 8).all() and (large.size_peers_n == 2).all()
    assert large.size_peer_fte_norm_median.isna().all()  # 2 of its size: fewer than min_group
    for row in small.itertuples():
        others = c[(c.area == row.area) & (c.category_id == row.category_id) & c.participant.isin(
            [str(100 + i) for i in range(1, 9)])]
        assert row.size_peer_fte_norm_median == pytest.approx(statistics.median(others.fte_norm))
        for score in ("centralisation", "digital_process", "digital_solution"):  # the scores beside FTE
            assert getattr(row, f"size_peer_{score}") == pytest.approx(statistics.median(others[score]))
    scores = [f"size_peer_{s}" for s in ("centralisation", "digital_process", "digital_solution")]
    assert large[scores].isna().all().all()
    # One municipality outside the range: "same size" would be all others but one, which the policy forbids.
    participants["inhabitants"] = [50_000.0] * 11 + [500_000.0]
    c = compute_administration(participants, processes, 2026).categories
    assert c[c.participant == "100"].size_peer_fte_norm_median.isna().all()
    assert c[c.participant == "100"].size_peer_centralisation.isna().all()
