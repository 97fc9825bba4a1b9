"""Peer matching: each facility's most similar other facilities, and a broader cluster.

``PeerMatcher`` is a scikit-learn style estimator fitted on all facilities of one benchmark round.

Distance
    Every numeric feature (e.g. the shares of citizens at each support-need level ``need_0`` ..
    ``need_4``, optionally ``places``) is standardised over the facilities of the fit (z-score,
    population standard deviation), multiplied by ``sqrt(weight)`` and compared with the Euclidean
    distance, so the squared distance is ``sum_f weight_f * (z_f(a) - z_f(b)) ** 2``. A feature that
    is the same for every facility tells nothing apart and gets weight 0 (no division by zero).
    The units of a feature therefore never matter; only its weight does.

Peers (the ``n_peers`` most similar facilities, default 5)
    A facility is never its own peer. With ``same_group_first`` (default) candidates are ordered by
    (other target group?, distance, facility id) and the first ``n_peers`` taken:

    * when the facility's target group has at least ``min_group_size`` members (the facility
      itself + ``n_peers`` others by default), every peer shares its target group
      (``restricted_`` is True);
    * otherwise all its group mates come first, nearest first, and the remaining places go to the
      nearest facilities of other groups (``same_group`` is False on those rows).

    Without ``same_group_first`` the nearest facilities overall are taken. Ties are broken by the
    facility id (distances are compared rounded to 10 decimals, so floating-point noise does not
    decide a tie), and the data are put in facility-id order before anything is computed: the
    result does not depend on the row order of the input.

Closeness
    Each peer gets a label from its distance relative to all peer distances of the round
    (``peers_.distance``): ``very_close`` up to the 25th percentile, ``close`` up to the 75th,
    ``less_close`` beyond. People-facing labels are in ``CLOSENESS_LABELS``.

Broader cluster
    Ward agglomerative clustering on the same weighted standardised features plus a one-hot of the
    target group scaled by ``sqrt(group_weight)`` (two facilities in different groups are
    ``2 * group_weight`` apart in squared distance on that part alone). Ward rather than k-means:
    it has no random start, so the clusters depend on the data only — not on a seed, ``n_init`` or
    a library version's initialisation — and its hierarchy nests (the clusters for k+1 split one of
    those for k), which is easy to explain. It minimises the same within-cluster sum of squares as
    k-means, and at a round's size (hundreds of facilities) its O(n²) cost is negligible. Cluster
    numbers are canonical: cluster 0 holds the facility with the smallest id, cluster 1 the
    smallest id not in cluster 0, and so on.

>>> X = pd.DataFrame({"need_low": [0.9, 0.8, 0.7, 0.2, 0.1, 0.0], "target_group": ["a"] * 6},
...                  index=["F1", "F2", "F3", "F4", "F5", "F6"])
>>> m = PeerMatcher(n_peers=2, n_clusters=2).fit(X)
>>> m.peers_of("F1").peer.tolist()
['F2', 'F3']
>>> m.cluster_members("F1")
['F2', 'F3']
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator
from sklearn.cluster import AgglomerativeClustering
from sklearn.utils.validation import check_is_fitted

from engine.text import Text

CLOSENESS_LABELS: dict[str, Text] = {
    "very_close": Text("meget tæt", "very close"),
    "close": Text("tæt", "close"),
    "less_close": Text("mindre tæt", "less close"),
}
"""Label id -> people-facing text, for ``peers_.closeness``."""

CLOSENESS_QUANTILES = (0.25, 0.75)
"""Upper bounds (as quantiles of all peer distances of the round) of "very_close" and "close"."""

_TIE_DECIMALS = 10
_MAX_LISTED = 10  # problem locations listed in one error message


def closeness_label(label_id: str, lang: str) -> str:
    """The people-facing text of a closeness label id.

    >>> closeness_label("very_close", "da"), closeness_label("less_close", "en")
    ('meget tæt', 'less close')
    """
    return CLOSENESS_LABELS[label_id](lang)


def default_n_clusters(n_facilities: int) -> int:
    """About sqrt(n / 2) clusters, at least 2 and at most 10 (and never more than n).

    >>> [default_n_clusters(n) for n in (6, 50, 120, 1000)]
    [2, 5, 8, 10]
    """
    return max(1, min(n_facilities, max(2, min(10, round(math.sqrt(n_facilities / 2))))))


class PeerMatcher(BaseEstimator):
    """Find each facility's ``n_peers`` most similar facilities and a broader cluster.

    Parameters (keyword-only)
        n_peers: peers per facility (default 5).
        weights: feature name -> weight >= 0; features not named weigh 1. ``None``: all weigh 1.
        group_column: the column holding the (primary) target group.
        same_group_first: prefer facilities of the same target group (see the module docstring).
        min_group_size: a target group with at least this many facilities (the facility itself
            included) is large enough to draw all peers from; never below ``n_peers + 1``.
        n_clusters: number of broader clusters; ``None``: ``default_n_clusters(n)``.
        group_weight: weight of the target group in the clustering.

    Fitted attributes
        facilities_: facility ids in id order. groups_: target group by facility.
        features_: numeric feature columns used. means_, scales_: the z-score parameters.
        weights_: effective weight by feature (0 for a constant feature).
        feature_values_: the features as fitted (float, id order). weighted_features_: the same,
            standardised and multiplied by sqrt(weight) — the space the distances are measured in.
        distances_: facility x facility distance matrix (DataFrame).
        restricted_: by facility, whether all its peers come from its own target group by rule.
        min_group_size_: the group size threshold applied (``max(min_group_size, n_peers + 1)``).
        peers_: one row per (facility, rank) with columns facility, rank (1..n_peers), peer,
            distance, same_group, closeness (label id).
        closeness_thresholds_: {"very_close": 25th percentile, "close": 75th percentile} of
            ``peers_.distance``.
        n_clusters_, cluster_labels_: the broader clusters (Series of ints by facility).
        feature_names_in_, n_features_in_: the input columns, as in scikit-learn.
    """

    def __init__(
        self,
        *,
        n_peers: int = 5,
        weights: Mapping[str, float] | None = None,
        group_column: str = "target_group",
        same_group_first: bool = True,
        min_group_size: int = 6,
        n_clusters: int | None = None,
        group_weight: float = 2.0,
    ) -> None:
        self.n_peers = n_peers
        self.weights = weights
        self.group_column = group_column
        self.same_group_first = same_group_first
        self.min_group_size = min_group_size
        self.n_clusters = n_clusters
        self.group_weight = group_weight

    # -- fitting ---------------------------------------------------------------------------------

    def fit(self, X: pd.DataFrame, y: object = None) -> PeerMatcher:
        """Learn peers and clusters of all facilities in ``X`` (one row per facility)."""
        self._check_parameters()
        X = self._check_frame(X)
        features = [c for c in X.columns if c != self.group_column]
        values = self._check_features(X, features)
        groups = X[self.group_column]
        n = len(X)

        weights = self._check_weights(features)
        means = values.mean(axis=0)
        scales = values.std(axis=0, ddof=0)
        constant = ~(scales > 0)
        weights = weights.where(~constant, 0.0)
        z = (values - means) / scales.where(~constant, 1.0)
        weighted = z.to_numpy() * np.sqrt(weights.to_numpy())

        # Differences rather than the |a|² + |b|² - 2ab shortcut: exact zeros and exact symmetry.
        diff = weighted[:, None, :] - weighted[None, :, :]
        distances = np.sqrt((diff**2).sum(axis=2))

        codes = pd.factorize(groups, sort=False)[0]
        same = codes[:, None] == codes[None, :]
        group_size = np.bincount(codes)[codes]
        threshold = max(int(self.min_group_size), self.n_peers + 1)

        # Sort key per row: self last, then (when preferred) other groups after own group, then
        # rounded distance, then facility id (rows are in id order, so the column number is the id).
        tier = np.where(same, 0, 1) if self.same_group_first else np.zeros((n, n), dtype=int)
        np.fill_diagonal(tier, 2)
        ids = np.broadcast_to(np.arange(n), (n, n))
        order = np.lexsort((ids, np.round(distances, _TIE_DECIMALS), tier), axis=-1)[:, : self.n_peers]

        rows = np.repeat(np.arange(n), self.n_peers)
        cols = order.ravel()
        index = X.index
        peers = pd.DataFrame({
            "facility": index[rows],
            "rank": np.tile(np.arange(1, self.n_peers + 1), n),
            "peer": index[cols],
            "distance": distances[rows, cols],
            "same_group": same[rows, cols],
        })
        low, high = np.quantile(peers["distance"].to_numpy(), CLOSENESS_QUANTILES)
        rounded = peers["distance"].round(_TIE_DECIMALS)
        peers["closeness"] = np.select(
            [rounded <= round(low, _TIE_DECIMALS), rounded <= round(high, _TIE_DECIMALS)],
            ["very_close", "close"], "less_close")

        self.feature_names_in_ = np.asarray(X.columns, dtype=object)
        self.n_features_in_ = len(X.columns)
        self.facilities_ = index
        self.groups_ = groups
        self.features_ = features
        self.means_ = means
        self.scales_ = scales
        self.weights_ = weights
        self.distances_ = pd.DataFrame(distances, index=index, columns=index)
        self.min_group_size_ = threshold
        self.restricted_ = pd.Series(bool(self.same_group_first) & (group_size >= threshold), index=index)
        self.peers_ = peers
        self.closeness_thresholds_ = {"very_close": float(low), "close": float(high)}
        self.feature_values_ = values
        self.weighted_features_ = pd.DataFrame(weighted, index=index, columns=features)
        self._fit_clusters(weighted, codes, n)
        return self

    def _fit_clusters(self, weighted: np.ndarray, codes: np.ndarray, n: int) -> None:
        k = default_n_clusters(n) if self.n_clusters is None else int(self.n_clusters)
        one_hot = np.eye(codes.max() + 1)[codes] * math.sqrt(self.group_weight)
        data = np.hstack([weighted, one_hot])
        raw = AgglomerativeClustering(n_clusters=k, linkage="ward").fit_predict(data) if k > 1 else np.zeros(n, int)
        # Canonical numbering: by the first facility (in id order) of each cluster.
        first_seen = pd.unique(raw)
        canonical = pd.Series(np.arange(len(first_seen)), index=first_seen)[raw].to_numpy()
        self.n_clusters_ = k
        self.cluster_labels_ = pd.Series(canonical, index=self.facilities_, name="cluster")

    # -- results ---------------------------------------------------------------------------------

    def peers_of(self, facility: object) -> pd.DataFrame:
        """The peer rows of one facility, rank 1 first."""
        self._check_facility(facility)
        return self.peers_[self.peers_["facility"] == facility].reset_index(drop=True)

    def cluster_members(self, facility: object) -> list:
        """The other facilities in ``facility``'s broader cluster, in id order."""
        self._check_facility(facility)
        labels = self.cluster_labels_
        members = labels.index[labels == labels[facility]]
        return [m for m in members if m != facility]

    def explain(self, facility: object) -> pd.DataFrame:
        """Why each peer is close: per feature, its contribution to the squared distance.

        One row per (peer, feature), peers by rank, features in input order. Columns: facility,
        rank, peer, feature, value (the facility's), peer_value, weight (effective),
        contribution = weight * ((value - peer_value) / scale) ** 2, and share of the squared
        distance. Per peer the contributions sum to ``distance ** 2``.
        """
        peers = self.peers_of(facility)
        position = self.facilities_.get_indexer(pd.Index([facility]).append(pd.Index(peers["peer"])))
        weighted = self.weighted_features_.to_numpy()[position]
        contributions = (weighted[1:] - weighted[0]) ** 2  # (n_peers, n_features)
        squared = contributions.sum(axis=1, keepdims=True)
        share = np.divide(contributions, squared, out=np.zeros_like(contributions), where=squared > 0)
        n_peers, n_features = contributions.shape
        raw = self.feature_values_.to_numpy()[position]
        return pd.DataFrame({
            "facility": facility,
            "rank": np.repeat(peers["rank"].to_numpy(), n_features),
            "peer": np.repeat(peers["peer"].to_numpy(), n_features),
            "feature": np.tile(self.features_, n_peers),
            "value": np.tile(raw[0], n_peers),
            "peer_value": raw[1:].ravel(),
            "weight": np.tile(self.weights_.to_numpy(), n_peers),
            "contribution": contributions.ravel(),
            "share": share.ravel(),
        })

    # -- input checking --------------------------------------------------------------------------

    def _check_parameters(self) -> None:
        if isinstance(self.n_peers, bool) or not isinstance(self.n_peers, (int, np.integer)) or self.n_peers < 1:
            raise ValueError(f"n_peers must be a whole number >= 1; got {self.n_peers!r}.")
        if isinstance(self.min_group_size, bool) or not isinstance(self.min_group_size, (int, np.integer)):
            raise ValueError(f"min_group_size must be a whole number; got {self.min_group_size!r}.")
        if self.n_clusters is not None and (
                isinstance(self.n_clusters, bool) or not isinstance(self.n_clusters, (int, np.integer))
                or self.n_clusters < 1):
            raise ValueError(f"n_clusters must be None or a whole number >= 1; got {self.n_clusters!r}.")
        if not (isinstance(self.group_weight, (int, float)) and math.isfinite(self.group_weight)
                and self.group_weight >= 0):
            raise ValueError(f"group_weight must be a finite number >= 0; got {self.group_weight!r}.")

    def _check_frame(self, X: object) -> pd.DataFrame:
        if not isinstance(X, pd.DataFrame):
            raise TypeError(
                f"PeerMatcher.fit expects a pandas DataFrame indexed by facility id; got {type(X).__name__}. "
                "Build one with pd.DataFrame(rows).set_index('facility').")
        if self.group_column not in X.columns:
            raise ValueError(
                f"X has no target group column {self.group_column!r}; its columns are {list(X.columns)}. "
                "Add the column or pass group_column=<name of the column that holds the target group>.")
        if X.index.has_duplicates:
            dupes = list(dict.fromkeys(X.index[X.index.duplicated()]))[:_MAX_LISTED]
            raise ValueError(f"facility ids must be unique; repeated: {dupes}. Keep one row per facility.")
        if X.index.hasnans:
            raise ValueError("a facility id is missing (NaN in the index); give every row a facility id.")
        needed = self.n_peers + 1
        if len(X) < needed:
            raise ValueError(
                f"matching {self.n_peers} peers needs at least {needed} facilities (each one plus "
                f"{self.n_peers} others); got {len(X)}. Fit on the whole round or lower n_peers.")
        if self.n_clusters is not None and self.n_clusters > len(X):
            raise ValueError(
                f"n_clusters={self.n_clusters} is more than the {len(X)} facilities; "
                "lower n_clusters or leave it None for the default.")
        missing_group = X.index[X[self.group_column].isna()]
        if len(missing_group):
            raise ValueError(
                f"target group ({self.group_column!r}) is missing for facilities "
                f"{list(missing_group[:_MAX_LISTED])}; fill it in before matching.")
        try:
            X = X.sort_index()
        except TypeError as error:
            raise ValueError(
                "facility ids must be comparable with each other (all text or all numbers) so that ties "
                f"can be broken by id; got a mix ({error}). Convert the index with X.index.astype(str).") from None
        return X

    def _check_features(self, X: pd.DataFrame, features: list[str]) -> pd.DataFrame:
        if not features:
            raise ValueError(
                f"X has no feature columns besides {self.group_column!r}; add numeric columns such as the "
                "shares of citizens at each support-need level (need_0 .. need_4).")
        for column in features:
            if not pd.api.types.is_numeric_dtype(X[column]):
                bad = X[column][pd.to_numeric(X[column], errors="coerce").isna() & X[column].notna()]
                example = f" (e.g. {bad.iloc[0]!r} for facility {bad.index[0]!r})" if len(bad) else ""
                raise ValueError(
                    f"feature column {column!r} must be numeric; it has dtype {X[column].dtype}{example}. "
                    "Convert it with pd.to_numeric, or drop it from X if it is not a matching feature.")
        values = X[features].astype(float)
        bad = ~np.isfinite(values.to_numpy())
        if bad.any():
            rows, cols = np.nonzero(bad)
            where = [f"{values.index[r]!r}/{features[c]!r}" for r, c in zip(rows, cols)]
            more = f" and {len(where) - _MAX_LISTED} more" if len(where) > _MAX_LISTED else ""
            raise ValueError(
                f"features must be finite numbers; missing or infinite at (facility/column) "
                f"{', '.join(where[:_MAX_LISTED])}{more}. Fill in the values or leave those facilities out.")
        return values

    def _check_weights(self, features: list[str]) -> pd.Series:
        weights = dict(self.weights or {})
        unknown = [k for k in weights if k not in features]
        if unknown:
            raise ValueError(f"weights name columns that are not features: {unknown}; the features are {features}.")
        bad = {k: w for k, w in weights.items()
               if isinstance(w, bool) or not isinstance(w, (int, float, np.number)) or not (np.isfinite(w) and w >= 0)}
        if bad:
            raise ValueError(f"weights must be finite numbers >= 0 (0 switches a feature off); got {bad}.")
        return pd.Series([float(weights.get(f, 1.0)) for f in features], index=features)

    def _check_facility(self, facility: object) -> None:
        check_is_fitted(self, "peers_")
        if facility not in self.facilities_:
            raise KeyError(f"facility {facility!r} was not part of the fit ({len(self.facilities_)} facilities).")


# -- why a peer is similar, in bands ----------------------------------------------------------------
# A peer is anonymous, so the reasons say how alike the two are in bands, never the peer's own figure
# or the exact difference ("2 places from yours" would let a reader work out the peer's size).
SIZE_BANDS = ((0.15, "similar"), (0.35, "roughly"))  # relative difference in places, at most
SHARE_BANDS = ((0.05, "similar"), (0.15, "roughly"))  # difference in a VUM level's share, at most


def similarity_band(feature: str, value: float, peer_value: float) -> str | None:
    """How alike two facilities are in one feature: "similar", "roughly" or None (not alike).

    Size (``places``) compares the relative difference in places; a VUM level compares the
    difference between the shares of citizens at that level, in percentage points.

    >>> similarity_band("places", 20, 22), similarity_band("places", 20, 27), similarity_band("places", 10, 30)
    ('similar', 'roughly', None)
    >>> similarity_band("need_2", 0.40, 0.43), similarity_band("need_2", 0.40, 0.52)
    ('similar', 'roughly')
    """
    if feature == "places":
        largest = max(abs(value), abs(peer_value))
        difference = abs(value - peer_value) / largest if largest else 0.0
        bands = SIZE_BANDS
    else:
        difference, bands = abs(value - peer_value), SHARE_BANDS
    return next((band for limit, band in bands if difference <= limit + 1e-12), None)
