"""PeerMatcher: peers and clusters against plain re-computations and hand-built toy rounds."""

from __future__ import annotations

import doctest
import warnings

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError

from engine.peers import matching
from engine.peers.matching import CLOSENESS_LABELS, PeerMatcher, closeness_label

NEEDS = [f"need_{i}" for i in range(5)]
GROUP_SIZES = {"udviklingshandicap": 50, "sindslidelse": 40, "misbrug": 25, "hjerneskade": 3, "autisme": 2}


def _round(seed: int = 3) -> pd.DataFrame:
    """About 120 facilities: support-need shares per level, places, and target groups of uneven size."""
    rng = np.random.default_rng(seed)
    groups = [g for g, size in GROUP_SIZES.items() for _ in range(size)]
    alphas = {g: rng.uniform(0.5, 4, size=5) for g in GROUP_SIZES}
    needs = np.vstack([rng.dirichlet(alphas[g]) for g in groups])
    frame = pd.DataFrame(needs, columns=NEEDS)
    frame["places"] = rng.integers(4, 40, size=len(groups)).astype(float)
    frame["target_group"] = groups
    frame.index = pd.Index([f"B{i:03d}" for i in rng.permutation(len(groups))], name="facility")
    return frame.sample(frac=1, random_state=seed)  # rows deliberately not in id order


@pytest.fixture(scope="module")
def X() -> pd.DataFrame:
    return _round()


@pytest.fixture(scope="module")
def fitted(X) -> PeerMatcher:
    return PeerMatcher().fit(X)


def _expected_peers(m: PeerMatcher, facility: str, same_group_first: bool = True) -> list[str]:
    """Obviously-correct re-computation of one facility's peers from the fitted distance matrix."""
    groups = m.groups_
    candidates = [f for f in m.facilities_ if f != facility]
    key = lambda f: (same_group_first and groups[f] != groups[facility], round(m.distances_.loc[facility, f], 10), f)
    return sorted(candidates, key=key)[: m.n_peers]


def _peer_lists(m: PeerMatcher) -> dict[str, list[str]]:
    return m.peers_.groupby("facility")["peer"].apply(list).to_dict()


# -- determinism ---------------------------------------------------------------------------------


def test_two_fits_give_identical_results(X):
    a, b = PeerMatcher().fit(X), PeerMatcher().fit(X)
    pd.testing.assert_frame_equal(a.peers_, b.peers_)
    pd.testing.assert_series_equal(a.cluster_labels_, b.cluster_labels_)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_row_order_does_not_matter(X, fitted, seed):
    shuffled = PeerMatcher().fit(X.sample(frac=1, random_state=seed))
    pd.testing.assert_frame_equal(shuffled.peers_, fitted.peers_)
    pd.testing.assert_series_equal(shuffled.cluster_labels_, fitted.cluster_labels_)
    pd.testing.assert_frame_equal(shuffled.distances_, fitted.distances_)


def test_fit_does_not_change_the_input(X):
    before = X.copy()
    PeerMatcher().fit(X)
    pd.testing.assert_frame_equal(X, before)


# -- peers ---------------------------------------------------------------------------------------


def test_exactly_n_peers_never_itself(X, fitted):
    peers = fitted.peers_
    assert list(peers.columns) == ["facility", "rank", "peer", "distance", "same_group", "closeness"]
    assert (peers.groupby("facility").size() == 5).all()
    assert set(peers.facility) == set(X.index)
    assert not (peers.facility == peers.peer).any()
    assert not peers.duplicated(["facility", "peer"]).any()
    assert (peers.groupby("facility")["rank"].apply(list) == [[1, 2, 3, 4, 5]] * len(X)).all()


@pytest.mark.parametrize("n_peers", [1, 3, 5, 8])
def test_peers_match_a_plain_recomputation(X, n_peers):
    m = PeerMatcher(n_peers=n_peers).fit(X)
    assert _peer_lists(m) == {f: _expected_peers(m, f) for f in X.index}
    assert (m.peers_.groupby("facility").size() == n_peers).all()


def test_distances_are_weighted_euclidean_on_z_scores(X, fitted):
    z = (X[NEEDS + ["places"]] - X[NEEDS + ["places"]].mean()) / X[NEEDS + ["places"]].std(ddof=0)
    row = fitted.peers_.iloc[17]
    expected = np.sqrt(((z.loc[row.facility] - z.loc[row.peer]) ** 2).sum())
    assert row.distance == pytest.approx(expected, rel=1e-12)


def test_large_groups_keep_peers_in_their_own_group(fitted):
    sizes = fitted.groups_.map(fitted.groups_.value_counts())
    large = sizes[sizes >= 6].index
    rows = fitted.peers_[fitted.peers_.facility.isin(large)]
    assert rows.same_group.all()
    assert (fitted.groups_[rows.peer].to_numpy() == fitted.groups_[rows.facility].to_numpy()).all()
    assert fitted.restricted_[large].all()
    # Within the group the order is by distance.
    assert (rows.groupby("facility")["distance"].apply(lambda d: d.is_monotonic_increasing)).all()


def test_small_group_falls_back_to_group_mates_first_then_nearest_others(fitted):
    for group, size in [("autisme", 2), ("hjerneskade", 3)]:
        members = fitted.groups_[fitted.groups_ == group].index
        for facility in members:
            peers = fitted.peers_of(facility)
            assert not fitted.restricted_[facility]
            assert peers.same_group.tolist() == [True] * (size - 1) + [False] * (6 - size)
            assert set(peers.peer[: size - 1]) == set(members) - {facility}
            others = fitted.distances_.loc[facility, fitted.groups_[fitted.groups_ != group].index]
            nearest = others.sort_values(kind="stable").index[: 6 - size].tolist()
            assert peers.peer[size - 1:].tolist() == nearest


def test_without_same_group_first_peers_are_nearest_overall(X):
    m = PeerMatcher(same_group_first=False).fit(X)
    assert _peer_lists(m) == {f: _expected_peers(m, f, same_group_first=False) for f in X.index}
    assert not m.restricted_.any()
    assert not m.peers_.same_group.all()  # some nearest facilities are in other groups in this round


def test_min_group_size_sets_the_restriction_flag_but_never_fewer_than_n_peers_plus_one(X):
    m = PeerMatcher(min_group_size=30).fit(X)
    sizes = m.groups_.map(m.groups_.value_counts())
    assert m.restricted_.equals(sizes >= 30)
    assert m.min_group_size_ == 30
    assert PeerMatcher(n_peers=10).fit(X).min_group_size_ == 11


def test_scale_of_a_feature_is_irrelevant(X, fitted):
    scaled = X.assign(places=X.places * 1000, need_2=X.need_2 / 1000)
    m = PeerMatcher().fit(scaled)
    pd.testing.assert_frame_equal(m.peers_[["facility", "rank", "peer", "same_group", "closeness"]],
                                  fitted.peers_[["facility", "rank", "peer", "same_group", "closeness"]])
    np.testing.assert_allclose(m.peers_.distance, fitted.peers_.distance, rtol=1e-9)


# -- weights, on a toy round where the answer is obvious --------------------------------------------


def _toy(ids=("F0", "F1", "F2", "F3", "F4")) -> pd.DataFrame:
    # F1 differs from F0 only in y, F2 only in x, by the same amount; x and y have the same spread.
    return pd.DataFrame({"x": [0.0, 0.0, 3.0, 6.0, -6.0], "y": [0.0, 3.0, 0.0, 6.0, -6.0],
                         "target_group": "a"}, index=list(ids))


@pytest.mark.parametrize("weights, expected", [
    (None, "F1"),          # tie: broken by the smaller id
    ({"x": 4.0}, "F1"),    # x matters more: the facility differing only in y is nearer
    ({"y": 4.0}, "F2"),    # y matters more: the facility differing only in x is nearer
    ({"x": 0.0}, "F2"),    # x switched off: F2 is identical on what is left
])
def test_weights_move_peers_in_the_expected_direction(weights, expected):
    m = PeerMatcher(n_peers=1, weights=weights, n_clusters=2).fit(_toy())
    assert m.peers_of("F0").peer.tolist() == [expected]


def test_ties_are_broken_by_facility_id_not_row_order():
    m = PeerMatcher(n_peers=1, n_clusters=2).fit(_toy(ids=("F0", "F9", "F5", "F3", "F4")))
    assert m.peers_of("F0").peer.tolist() == ["F5"]
    m = PeerMatcher(n_peers=1, n_clusters=2).fit(_toy(ids=("F0", "F9", "F5", "F3", "F4")).iloc[::-1])
    assert m.peers_of("F0").peer.tolist() == ["F5"]


def test_a_constant_feature_gets_weight_zero_without_warnings():
    toy = _toy().assign(constant=7.0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        m = PeerMatcher(n_peers=2, n_clusters=2).fit(toy)
    assert m.weights_["constant"] == 0.0
    assert np.isfinite(m.distances_.to_numpy()).all()
    pd.testing.assert_frame_equal(m.peers_, PeerMatcher(n_peers=2, n_clusters=2).fit(_toy()).peers_)


# -- closeness -----------------------------------------------------------------------------------


def test_closeness_labels_follow_the_quartiles_of_peer_distances(fitted):
    d = fitted.peers_.distance
    low, high = np.quantile(d, [0.25, 0.75])
    assert fitted.closeness_thresholds_ == pytest.approx({"very_close": low, "close": high})
    expected = np.where(d <= low, "very_close", np.where(d <= high, "close", "less_close"))
    assert fitted.peers_.closeness.tolist() == expected.tolist()
    shares = fitted.peers_.closeness.value_counts(normalize=True)
    assert shares["very_close"] == pytest.approx(0.25, abs=0.02)
    assert shares["less_close"] == pytest.approx(0.25, abs=0.02)


def test_closeness_labels_in_danish_and_english():
    assert set(CLOSENESS_LABELS) == {"very_close", "close", "less_close"}
    assert [closeness_label(k, "da") for k in CLOSENESS_LABELS] == ["meget tæt", "tæt", "mindre tæt"]
    assert [closeness_label(k, "en") for k in CLOSENESS_LABELS] == ["very close", "close", "less close"]


# -- broader clusters ----------------------------------------------------------------------------


def test_every_facility_is_in_exactly_one_cluster(X, fitted):
    labels = fitted.cluster_labels_
    assert labels.index.equals(fitted.facilities_) and not labels.index.has_duplicates
    assert set(labels.index) == set(X.index)
    assert fitted.n_clusters_ == 8  # round(sqrt(120 / 2))
    assert sorted(labels.unique()) == list(range(8))
    # Canonical numbering: clusters are numbered in order of their first facility id.
    assert labels.drop_duplicates().tolist() == list(range(8))


def test_cluster_members_are_the_others_in_the_same_cluster(fitted):
    for facility in ["B000", "B050", "B119"]:
        members = fitted.cluster_members(facility)
        assert facility not in members
        label = fitted.cluster_labels_[facility]
        assert set(members) | {facility} == set(fitted.cluster_labels_[fitted.cluster_labels_ == label].index)
        assert all(facility in fitted.cluster_members(m) for m in members)


def test_clusters_find_obvious_blobs():
    blob = pd.DataFrame({"x": [0.0, 0.1, 0.2, 10.0, 10.1, 10.2], "target_group": "a"},
                        index=["A", "B", "C", "D", "E", "F"])
    m = PeerMatcher(n_peers=2).fit(blob)
    assert m.cluster_labels_.tolist() == [0, 0, 0, 1, 1, 1]
    assert m.cluster_members("E") == ["D", "F"]


def test_group_weight_pulls_target_groups_into_their_own_clusters():
    toy = pd.DataFrame({"x": [0.0, 0.1, 0.2, 5.0, 5.1, 5.2], "target_group": list("ababab")},
                       index=list("ABCDEF"))
    assert PeerMatcher(n_peers=2, n_clusters=2, group_weight=50.0).fit(toy).cluster_labels_.tolist() \
        == [0, 1, 0, 1, 0, 1]
    assert PeerMatcher(n_peers=2, n_clusters=2, group_weight=0.0).fit(toy).cluster_labels_.tolist() \
        == [0, 0, 0, 1, 1, 1]


# -- explain -------------------------------------------------------------------------------------


def test_explain_contributions_sum_to_the_squared_distance(fitted):
    for facility in ["B000", "B042", fitted.groups_[fitted.groups_ == "autisme"].index[0]]:
        parts = fitted.explain(facility)
        assert list(parts.columns) == ["facility", "rank", "peer", "feature", "value", "peer_value", "weight",
                                       "contribution", "share"]
        assert len(parts) == 5 * len(fitted.features_)
        totals = parts.groupby("peer", sort=False)["contribution"].sum()
        distances = fitted.peers_of(facility).set_index("peer")["distance"]
        np.testing.assert_allclose(totals[distances.index], distances**2, rtol=1e-10)
        np.testing.assert_allclose(parts.groupby("peer")["share"].sum(), 1.0)


def test_explain_contribution_is_weighted_squared_difference_in_standard_deviations(X):
    m = PeerMatcher(weights={"places": 3.0}).fit(X)
    row = m.explain("B010").query("feature == 'places'").iloc[0]
    assert row.value == X.places["B010"] and row.peer_value == X.places[row.peer]
    expected = 3.0 * ((row.value - row.peer_value) / X.places.std(ddof=0)) ** 2
    assert row.contribution == pytest.approx(expected, rel=1e-10)


# -- input checking ------------------------------------------------------------------------------


def test_too_few_facilities(X):
    with pytest.raises(ValueError, match=r"at least 6 facilities.*got 5"):
        PeerMatcher().fit(X.iloc[:5])


def test_missing_group_column(X):
    with pytest.raises(ValueError, match="'malgruppe'"):
        PeerMatcher(group_column="malgruppe").fit(X)


def test_non_numeric_feature_names_the_column_and_facility(X):
    bad = X.copy()
    bad["places"] = bad["places"].astype(object)
    bad.loc["B007", "places"] = "tolv"
    with pytest.raises(ValueError, match=r"'places'.*'tolv'.*'B007'"):
        PeerMatcher().fit(bad)


def test_missing_feature_value_names_the_facility_and_column(X):
    bad = X.copy()
    bad.loc["B031", "need_3"] = np.nan
    bad.loc["B012", "places"] = np.inf
    with pytest.raises(ValueError, match=r"'B012'/'places'.*'B031'/'need_3'"):
        PeerMatcher().fit(bad)


def test_missing_target_group_names_the_facility(X):
    bad = X.copy()
    bad.loc["B020", "target_group"] = None
    with pytest.raises(ValueError, match="B020"):
        PeerMatcher().fit(bad)


def test_duplicate_facility_ids(X):
    with pytest.raises(ValueError, match="B003"):
        PeerMatcher().fit(pd.concat([X, X.loc[["B003"]]]))


@pytest.mark.parametrize("weights, name", [({"need_9": 1.0}, "need_9"), ({"places": -1.0}, "places")])
def test_bad_weights(X, weights, name):
    with pytest.raises(ValueError, match=name):
        PeerMatcher(weights=weights).fit(X)


def test_not_a_dataframe(X):
    with pytest.raises(TypeError, match="DataFrame"):
        PeerMatcher().fit(X.to_numpy())


def test_unknown_facility_and_not_fitted(fitted):
    with pytest.raises(KeyError, match="B999"):
        fitted.explain("B999")
    with pytest.raises(NotFittedError):
        PeerMatcher().cluster_members("B000")


# -- scikit-learn conventions --------------------------------------------------------------------


def test_estimator_conventions(X):
    m = PeerMatcher(n_peers=3, weights={"places": 0.5})
    assert m.get_params()["weights"] == {"places": 0.5}
    assert clone(m).get_params() == m.get_params()
    assert m.fit(X) is m
    assert m.n_features_in_ == 7 and list(m.feature_names_in_) == list(X.columns)
    with pytest.raises(TypeError):
        PeerMatcher(3)  # keyword-only


def test_module_doctests():
    assert doctest.testmod(matching).failed == 0
