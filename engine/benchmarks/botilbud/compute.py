"""The botilbud benchmark's numbers, for every facility of a round at once.

Method (docs/method.md, section "Botilbud: indicators", explains each choice):

- the indicators are declared once in :mod:`engine.benchmarks.botilbud.indicators` (id, names, unit,
  formula, direction, case-catalogue code) and computed here, vectorised over facilities;
- productivity = (FTE × 1503 × share of user-oriented time) / (places × occupancy × daily tariff ×
  365 / 1000); the FTE count is a parameter (front-line by default), occupancy is applied as a
  fraction; the share of user-oriented time comes from the time registration (minutes-weighted);
- peers: :class:`~engine.peers.matching.PeerMatcher` fitted on all facilities of the round
  (shares of citizens at VUM levels 0–4, places, primary target group); per facility the 5 most
  similar (never itself) and a broader cluster;
- comparison: the median of the peers (and of the other cluster members) per indicator, per hour of
  the staffing profile and per time-use category; a comparison of fewer than ``min_group`` values is
  suppressed (NaN);
- staffing gap = Σ_hours MAX(0; staff − peer-median staff per citizen × citizens present) × days a
  year (weekday 261 / weekend 104) / 1503;
- a facility is "notably weaker" on an indicator when it is worse than the peer median by more than
  ``weakness_threshold`` of the median and by more than the indicator's minimum distance (in its own
  unit), in the indicator's bad direction (never where the median is 0), and in the worse quarter (or,
  with 5–9 others, the worse half) of the round (:mod:`engine.benchmarks.botilbud.flags`); a weak
  indicator points to catalogue cases through its catalogue code.

>>> BotilbudParameters().annual_norm_hours, BotilbudParameters().fte_basis
(1503.0, 'frontline')
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from engine.benchmarks.botilbud.flags import weak_flags, with_round_spread
from engine.benchmarks.botilbud.frames import (
    MINUTE_FIELDS, TIME_GROUPS, frames_from_values, hourly_arrays, registrations_frame, time_registration_figures,
)
from engine.benchmarks.botilbud.indicators import (
    DAY_TYPES, INDICATOR_IDS, INDICATORS, NIGHT_HOURS, dkk_per_user_hour, excess_staff, indicator, productivity,
)
from engine.benchmarks.botilbud.questionnaire_text import NEED_KEYS
from engine.benchmarks.botilbud.time_registration_text import DOCUMENTATION
from engine.peers.matching import PeerMatcher
from engine.peers.parameters import parameters_from_toml
from engine.report.disclosure import DEFAULT_MIN_GROUP, DisclosurePolicy

NEED_FEATURES = tuple(f"need_{level}" for level in range(5))  # shares of assessed citizens at VUM 0..4
HOURS = tuple(range(24))
FRONT_NUMBERS = ("places", "occupancy", "tariff", "fte_total", "fte_frontline", "headcount", "managers",
                 "overtime_hours", "temp_hours", "leavers", "competence_days", "shift_overlap")
FRONT_TEXTS = ("facility_name", "municipality", "offer_type", "operator", "target_group", "night_watch")


MIN_DISTANCES = ("min_distance_productivity", "min_distance_time_share", "min_distance_documentation",
                 "min_distance_staff_per_citizen", "gap_min_fte", "min_distance_overtime", "min_distance_temp_share",
                 "min_distance_turnover", "min_distance_managers", "min_distance_competence_days")


@dataclass(frozen=True)
class BotilbudParameters:
    """Every constant of the botilbud method; a round's configuration file may override any of them.

    ``fte_basis`` is the FTE count in productivity: ``"frontline"`` (default; the share of
    user-oriented time is measured on front-line staff) or ``"total"``. Matching weighs each of the
    five VUM shares with ``need_weight`` and the number of places with ``places_weight`` (0 leaves
    size out); ``group_weight`` is the target group's weight in the clustering; ``n_clusters`` 0
    means automatic (about √(n/2)).
    """

    annual_norm_hours: float = 1503.0
    days_per_year: int = 365
    weekdays_per_year: int = 261
    weekend_days_per_year: int = 104
    fte_basis: str = "frontline"
    n_peers: int = 5
    need_weight: float = 1.0
    places_weight: float = 0.5
    group_weight: float = 2.0
    same_group_first: bool = True
    n_clusters: int = 0
    min_group: int = DEFAULT_MIN_GROUP  # engine.report.disclosure: the smallest group for a median
    weakness_threshold: float = 0.10
    # The distance from the peer median that matters, per indicator, in its own unit (docs/method.md,
    # "Comparison, suppression, flags", says why each is worth a conversation). Shares as fractions.
    min_distance_productivity: float = 0.10      # user-oriented hours per 1,000 DKK of tariff
    min_distance_time_share: float = 0.03        # user-oriented and direct time: 3 percentage points
    min_distance_documentation: float = 0.02     # documentation time: 2 percentage points
    min_distance_staff_per_citizen: float = 0.02  # staff per citizen present over the day
    gap_min_fte: float = 0.5                     # the gaps, in FTE
    min_distance_overtime: float = 5.0           # paid overtime hours per FTE a year
    min_distance_temp_share: float = 0.02        # temps: 2 percentage points of the front-line hours
    min_distance_turnover: float = 0.05          # leavers: 5 percentage points of the employees
    min_distance_managers: float = 0.015         # managers per employee
    min_distance_competence_days: float = 1.0    # competence development days per employee
    network_day_min_size: int = 3  # network_day.py: the sizes of the groups proposed for a network day
    network_day_max_size: int = 6
    consented: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        if self.fte_basis not in ("frontline", "total"):
            raise ValueError(f"fte_basis must be 'frontline' or 'total'; got {self.fte_basis!r}.")
        DisclosurePolicy(self.min_group)  # checks it
        if self.n_peers < self.min_group:
            raise ValueError(f"n_peers ({self.n_peers}) is smaller than min_group ({self.min_group}): every peer "
                             "comparison would be suppressed. Raise n_peers or lower min_group.")
        if self.annual_norm_hours <= 0 or self.days_per_year <= 0:
            raise ValueError("annual_norm_hours and days_per_year must be positive.")
        negative = [name for name in ("weakness_threshold", *MIN_DISTANCES) if getattr(self, name) < 0]
        if negative:
            raise ValueError(f"{', '.join(negative)} must be >= 0.")
        sizes = (self.network_day_min_size, self.network_day_max_size)
        if not all(isinstance(s, int) and not isinstance(s, bool) for s in sizes) or not 2 <= sizes[0] <= sizes[1]:
            raise ValueError(f"network_day_min_size and network_day_max_size must be whole numbers with "
                             f"2 <= min <= max; got {sizes[0]!r} and {sizes[1]!r}.")

    @classmethod
    def from_toml(cls, path: str | Path) -> "BotilbudParameters":
        """Read ``[botilbud]`` from a round configuration file; unknown keys are an error."""
        return parameters_from_toml(cls(), path, "botilbud")

    @property
    def disclosure(self) -> DisclosurePolicy:
        return DisclosurePolicy(self.min_group)

    @property
    def days_by_type(self) -> dict[str, int]:
        return {"weekday": self.weekdays_per_year, "weekend": self.weekend_days_per_year}


@dataclass
class BotilbudResults:
    """All numbers of one botilbud round. Frames are keyed by facility id.

    ``facilities``: index facility; the questionnaire's answers (facility_name, municipality,
      offer_type, operator, target_group, night_watch, places, occupancy (%), tariff, fte_total,
      fte_frontline, headcount, managers, overtime_hours, temp_hours, leavers, competence_days,
      shift_overlap), citizens_VUM-0 … citizens_VUM-X (the submitted counts), citizens (total),
      need_0..need_4 (shares of assessed citizens), need_imputed, citizens_not_assessed, fte_used (the FTE in productivity), user_hours, tariff_income, cluster,
      consent, has_time_registration, n_staff, n_registrations, period_start, period_end, file_name,
      sha256, time_file_name, time_sha256.
    ``indicators``: long, one row per (facility, indicator) in declaration order: value,
      peer_median, peer_n, cluster_median, cluster_n, peer_suppressed, cluster_suppressed,
      difference (value − peer median), relative_difference (÷ |peer median|), weak, code, better.
    ``hourly``: one row per (facility, day, hour): staff, citizens, ratio (staff per citizen, NaN
      without citizens), peer_ratio, peer_n, cluster_ratio, cluster_n, reference_staff
      (peer_ratio × citizens), excess_staff, days_per_year, night.
    ``time_use``: (facility, category in TIME_GROUPS): minutes, share (of all registered minutes),
      peer_median, peer_n, cluster_median, cluster_n.
    ``documentation``: (facility, category in DOCUMENTATION): minutes, share (of documentation
      minutes), peer_median, peer_n, cluster_median, cluster_n.
    ``staff_shares``: (facility, staff): days, minutes, direct_minutes, direct_share.
    ``day_shares``: (facility, date): staff, minutes, direct_minutes, direct_share.
    ``registrations``: the time registration rows (facility, staff, date, minutes per category).
    ``needs``: (facility, level 0–4): share of assessed citizens, peer_median, peer_n, cluster_median,
      cluster_n — the support-need profile the matching compares.
    ``peers``: (facility, rank): peer, distance, same_group, closeness, letter (A–E).
    ``clusters``: index cluster: n, target_group (most common), places_median, need_mean (mean VUM level).
    ``matcher``: the fitted :class:`PeerMatcher` (None when the round is too small to match).
    ``unmatched_time_registrations``: facility ids with a time registration but no questionnaire.
    """

    year: int
    params: BotilbudParameters
    facilities: pd.DataFrame
    indicators: pd.DataFrame
    hourly: pd.DataFrame
    time_use: pd.DataFrame
    documentation: pd.DataFrame
    staff_shares: pd.DataFrame
    day_shares: pd.DataFrame
    registrations: pd.DataFrame
    peers: pd.DataFrame
    clusters: pd.DataFrame
    needs: pd.DataFrame
    matcher: PeerMatcher | None = None
    unmatched_time_registrations: tuple[str, ...] = ()
    provenance: pd.DataFrame | None = None
    round_status: object | None = None  # set by run: who was received, replaced, refused or is missing

    @property
    def values(self) -> pd.DataFrame:
        """Facility × indicator values (wide), columns in declaration order."""
        return self.indicators.pivot(index="facility", columns="indicator", values="value")[list(INDICATOR_IDS)]

    def facility_indicators(self, facility: str) -> pd.DataFrame:
        """The indicator rows of one facility, in declaration order."""
        self._check(facility)
        return self.indicators[self.indicators["facility"] == facility].reset_index(drop=True)

    def weak_codes(self, facility: str) -> list[str]:
        """Catalogue codes of the indicators where the facility is notably weaker, in declaration order."""
        rows = self.facility_indicators(facility)
        return list(dict.fromkeys(rows.loc[rows["weak"], "code"]))

    def peers_of(self, facility: str) -> pd.DataFrame:
        self._check(facility)
        return self.peers[self.peers["facility"] == facility].reset_index(drop=True)

    def _check(self, facility: str) -> None:
        if facility not in self.facilities.index:
            known = ", ".join(map(str, self.facilities.index[:10]))
            raise KeyError(f"facility {facility!r} is not in the {self.year} botilbud round; known: {known} …")


def suggested_cases(results: BotilbudResults, facility: str, limit: int | None = 10, catalogue=None) -> list:
    """Catalogue cases for the indicators where ``facility`` is notably weaker, most relevant first.

    Cases addressing several of the weak indicators come first (see ``Catalogue.cases_for``).
    """
    codes = results.weak_codes(facility)
    if not codes:
        return []
    if catalogue is None:
        from engine.catalogue import load_catalogue
        catalogue = load_catalogue()
    return catalogue.cases_for("botilbud", codes, limit)


# -- from the store ----------------------------------------------------------------------------------
def load_botilbud_round(store, year: int, params: BotilbudParameters = BotilbudParameters()) -> BotilbudResults:
    """Read a round's questionnaires and time registrations from the store and compute it.

    Facilities with a questionnaire but no time registration get every indicator that does not need
    it (``has_time_registration`` False); time registrations without a questionnaire are listed in
    ``unmatched_time_registrations`` and otherwise ignored (there is nothing to match them on).
    """
    submissions = store.current_submissions("botilbud", year)
    if not submissions:
        raise LookupError(f"the store has no botilbud questionnaires for {year}")
    frames = frames_from_values(store.round_values("botilbud", year), submissions,
                                store.round_values("botilbud_tid", year), store.current_submissions("botilbud_tid", year))
    facilities, citizens, staffing, registrations, provenance = frames
    unmatched = tuple(sorted(set(registrations["facility"]) - set(facilities.index)))
    registrations = registrations[registrations["facility"].isin(facilities.index)]
    results = compute_botilbud(facilities, citizens, staffing, registrations, year, params)
    results.unmatched_time_registrations = unmatched
    results.provenance = provenance
    # A time registration that was sent but refused is not the same as one never sent: the reports
    # say "refused" (the facility is waiting for feedback) rather than "not received".
    from engine.store.refusals import refusals

    refused = {r.participant for r in refusals(store.db, year) if r.domain == "botilbud_tid" and r.participant}
    results.facilities["time_registration_refused"] = (results.facilities.index.isin(sorted(refused))
                                                       & ~results.facilities["has_time_registration"])
    return results


# -- computation -------------------------------------------------------------------------------------
def compute_botilbud(facilities: pd.DataFrame, citizens: pd.DataFrame, staffing: pd.DataFrame,
                     registrations: pd.DataFrame, year: int,
                     params: BotilbudParameters = BotilbudParameters()) -> BotilbudResults:
    """Indicators, peers, clusters and comparisons for every facility of a round (vectorised).

    ``facilities``: index facility id; the questionnaire's front fields (see ``FRONT_NUMBERS`` and
    ``FRONT_TEXTS``). ``citizens``: index facility id, columns ``VUM-0`` … ``VUM-4``, ``VUM-X``
    (counts). ``staffing``: long, columns facility, day (weekday/weekend), hour (0–23), staff,
    citizens. ``registrations``: long, columns facility, staff, date and the minutes of each time
    registration category (missing = 0); a facility without rows has no time registration.
    """
    facilities = _facility_frame(facilities, citizens, registrations, params)
    ids = facilities.index
    matcher, peer_positions, peers = _match(facilities, params)
    facilities["cluster"] = (matcher.cluster_labels_.reindex(ids).to_numpy() if matcher is not None
                             else np.zeros(len(ids), dtype=int))
    clusters = facilities["cluster"].to_numpy()

    time_use, documentation, staff_shares, day_shares, time_figures = time_registration_figures(ids, registrations)
    facilities = facilities.join(time_figures)
    facilities["has_time_registration"] = facilities["n_registrations"].fillna(0) > 0
    hours = hourly_arrays(ids, staffing)

    # Hourly comparison: staff per citizen in each of the 48 slots (weekday 0-23, weekend 0-23).
    staff, present = hours
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(present > 0, staff / present, np.nan)
    peer_ratio, peer_ratio_n = _peer_median(ratio, peer_positions, params.disclosure)
    cluster_ratio, cluster_ratio_n = _cluster_median(ratio, clusters, params.disclosure, peer_positions)
    days = np.repeat([params.weekdays_per_year, params.weekend_days_per_year], 24).astype(float)
    night = np.tile(np.isin(HOURS, NIGHT_HOURS), 2)
    excess = excess_staff(staff, present, peer_ratio)
    matched = peer_positions is not None
    gap_all = (excess * days).sum(axis=1) / params.annual_norm_hours if matched else np.full(len(ids), np.nan)
    gap_night = ((excess * days)[:, night].sum(axis=1) / params.annual_norm_hours if matched
                 else np.full(len(ids), np.nan))
    hourly = _hourly_frame(ids, staff, present, ratio, peer_ratio, peer_ratio_n, cluster_ratio, cluster_ratio_n,
                           excess, days, night, matched)

    values = _indicator_values(facilities, staff, present, gap_all, gap_night, params)
    indicators = _compare_indicators(values, peer_positions, clusters, params)

    time_use = _compare_shares(time_use, TIME_GROUPS, ids, peer_positions, clusters, params)
    documentation = _compare_shares(documentation, DOCUMENTATION, ids, peer_positions, clusters, params)
    needs = pd.DataFrame({"facility": np.repeat(ids.to_numpy(), 5), "level": np.tile(np.arange(5), len(ids)),
                          "share": facilities[list(NEED_FEATURES)].to_numpy().ravel()})
    needs = _compare_shares(needs, NEED_FEATURES, ids, peer_positions, clusters, params)
    facilities["consent"] = facilities.index.isin(params.consented)
    return BotilbudResults(year, params, facilities, indicators, hourly, time_use, documentation, staff_shares,
                           day_shares, registrations_frame(registrations), peers, _cluster_table(facilities), needs,
                           matcher)


def _facility_frame(facilities: pd.DataFrame, citizens: pd.DataFrame, registrations: pd.DataFrame,
                    params: BotilbudParameters) -> pd.DataFrame:
    frame = facilities.copy()
    frame.index = frame.index.astype(str)
    frame = frame.sort_index()
    for column in FRONT_NUMBERS:
        frame[column] = pd.to_numeric(frame[column], errors="coerce") if column in frame else np.nan
    for column in FRONT_TEXTS:
        if column not in frame:
            frame[column] = None
    counts = citizens.copy()
    counts.index = counts.index.astype(str)
    counts = counts.reindex(index=frame.index, columns=list(NEED_KEYS)).astype(float).fillna(0.0)
    assessed = counts[list(NEED_KEYS[:5])].to_numpy()
    total_assessed = assessed.sum(axis=1, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        shares = np.where(total_assessed > 0, assessed / total_assessed, np.nan)
    imputed = np.isnan(shares).any(axis=1)
    if imputed.any():  # no assessed citizens: the round's mean profile, so matching can still place it
        mean = np.nanmean(shares, axis=0) if (~imputed).any() else np.full(5, 0.2)
        shares[imputed] = mean
    for level, feature in enumerate(NEED_FEATURES):
        frame[feature] = shares[:, level]
    frame["need_imputed"] = imputed
    for key in NEED_KEYS:
        frame[f"citizens_{key}"] = counts[key]
    frame["citizens"] = counts.sum(axis=1)
    frame["citizens_not_assessed"] = counts[NEED_KEYS[5]]
    frame["fte_used"] = frame["fte_frontline"] if params.fte_basis == "frontline" else frame["fte_total"]
    return frame


def _match(facilities: pd.DataFrame, params: BotilbudParameters):
    """Fit the matcher; (matcher, peer positions (n × n_peers) in facility order, peers frame)."""
    features = list(NEED_FEATURES) + (["places"] if params.places_weight > 0 else [])
    columns = ["facility", "rank", "peer", "distance", "same_group", "closeness", "letter"]
    if len(facilities) < params.n_peers + 1:
        return None, None, pd.DataFrame(columns=columns)
    X = facilities[features + ["target_group"]].copy()
    X["target_group"] = X["target_group"].fillna("other")
    weights = {f: params.need_weight for f in NEED_FEATURES}
    if params.places_weight > 0:
        weights["places"] = params.places_weight
    matcher = PeerMatcher(n_peers=params.n_peers, weights=weights, same_group_first=params.same_group_first,
                          n_clusters=params.n_clusters or None, group_weight=params.group_weight).fit(X)
    peers = matcher.peers_.copy()
    peers["letter"] = [chr(ord("A") + rank - 1) for rank in peers["rank"]]
    positions = facilities.index.get_indexer(peers["peer"]).reshape(len(facilities), params.n_peers)
    return matcher, positions, peers[columns]


def _peer_median(values: np.ndarray, positions: np.ndarray | None, policy: DisclosurePolicy) -> tuple[np.ndarray, np.ndarray]:
    """Median over each row's peers (rows of ``values`` gathered by ``positions``), and how many had a value.

    NaN (suppressed) where the disclosure policy allows no median over that many values.
    """
    if positions is None:
        return np.full(values.shape, np.nan), np.zeros(values.shape, dtype=int)
    gathered = values[positions]  # (n, n_peers, k)
    n = (~np.isnan(gathered)).sum(axis=1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        median = np.nanmedian(gathered, axis=1)
    return policy.shown("median", median, n), n


def _cluster_median(values: np.ndarray, clusters: np.ndarray, policy: DisclosurePolicy,
                    positions: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Median over the *other* members of each row's cluster (leave-one-out), and how many had a value.

    Suppressed (NaN) where the policy allows no median over that many values, and where the
    cluster's others and the row's peers (``positions``) differ by one facility: two medians over
    groups one member apart can give that member's value away.
    """
    median = np.full(values.shape, np.nan)
    count = np.zeros(values.shape, dtype=int)
    for cluster in np.unique(clusters):
        rows = np.flatnonzero(clusters == cluster)
        m = len(rows)
        block = np.broadcast_to(values[rows], (m, m, values.shape[1])).copy()  # [member, other, column]
        block[np.arange(m), np.arange(m), :] = np.nan  # never the facility itself
        count[rows] = (~np.isnan(block)).sum(axis=1)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            median[rows] = np.nanmedian(block, axis=1)
    if positions is not None:
        for row in range(len(values)):
            others = set(np.flatnonzero(clusters == clusters[row]).tolist()) - {row}
            if len(others ^ set(positions[row].tolist())) == 1:
                median[row] = np.nan
    return policy.shown("median", median, count), count


def _compare_shares(frame: pd.DataFrame, categories, ids: pd.Index, positions, clusters,
                    params: BotilbudParameters) -> pd.DataFrame:
    shares = frame["share"].to_numpy().reshape(len(ids), len(categories))
    peer, peer_n = _peer_median(shares, positions, params.disclosure)
    cluster, cluster_n = _cluster_median(shares, clusters, params.disclosure, positions)
    return frame.assign(peer_median=peer.ravel(), peer_n=peer_n.ravel(), cluster_median=cluster.ravel(),
                        cluster_n=cluster_n.ravel())


def _hourly_frame(ids, staff, present, ratio, peer_ratio, peer_n, cluster_ratio, cluster_n, excess, days, night,
                  matched: bool) -> pd.DataFrame:
    n = len(ids)
    reference = peer_ratio * present
    return pd.DataFrame({
        "facility": np.repeat(ids.to_numpy(), 48),
        "day": np.tile(np.repeat(DAY_TYPES, 24), n),
        "hour": np.tile(np.tile(HOURS, 2), n),
        "staff": staff.ravel(), "citizens": present.ravel(), "ratio": ratio.ravel(),
        "peer_ratio": peer_ratio.ravel(), "peer_n": peer_n.ravel(),
        "cluster_ratio": cluster_ratio.ravel(), "cluster_n": cluster_n.ravel(),
        "reference_staff": reference.ravel(),
        "excess_staff": np.where(np.isnan(peer_ratio), np.nan, excess).ravel() if matched else np.nan,
        "days_per_year": np.tile(days, n), "night": np.tile(night, n),
    })


def _indicator_values(f: pd.DataFrame, staff: np.ndarray, present: np.ndarray, gap_all, gap_night,
                      params: BotilbudParameters) -> pd.DataFrame:
    """Facility × indicator (wide), in declaration order. A zero denominator gives NaN, never inf."""
    def ratio(numerator, denominator):
        numerator, denominator = np.asarray(numerator, dtype=float), np.asarray(denominator, dtype=float)
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(denominator > 0, numerator / denominator, np.nan)

    norm, days = params.annual_norm_hours, params.days_per_year
    prod = productivity(f["fte_used"], f["user_share"], f["places"], f["occupancy"], f["tariff"], norm, days)
    cost = dkk_per_user_hour(f["fte_used"], f["user_share"], f["places"], f["occupancy"], f["tariff"], norm, days)
    f["user_hours"] = f["fte_used"] * norm * f["user_share"]
    f["tariff_income"] = f["places"] * (f["occupancy"] / 100) * f["tariff"] * days
    weekday, weekend = staff[:, :24], staff[:, 24:]
    values = {
        "user_hours_per_1000_dkk": np.where(np.isfinite(prod), prod, np.nan),
        "dkk_per_user_hour": np.where(np.isfinite(cost), cost, np.nan),
        "user_share": f["user_share"], "direct_share": f["direct_share"],
        "direct_share_sd_staff": f["direct_share_sd_staff"], "direct_share_sd_days": f["direct_share_sd_days"],
        "direct_share_iqr": f["direct_share_iqr"], "documentation_share": f["documentation_share"],
        "staff_per_citizen_weekday": ratio(weekday.sum(axis=1), present[:, :24].sum(axis=1)),
        "staff_per_citizen_weekend": ratio(weekend.sum(axis=1), present[:, 24:].sum(axis=1)),
        "gap_fte": gap_all, "gap_fte_night": gap_night,
        "overtime_per_fte": ratio(f["overtime_hours"], f["fte_total"]),
        "temp_share": ratio(f["temp_hours"], f["fte_frontline"] * norm + f["temp_hours"]),
        "turnover": ratio(f["leavers"], f["headcount"]),
        "managers_per_employee": ratio(f["managers"], f["headcount"]),
        "employees_per_manager": ratio(f["headcount"], f["managers"]),
        "competence_days_per_employee": ratio(f["competence_days"], f["headcount"]),
        "shift_overlap": f["shift_overlap"],
    }
    frame = pd.DataFrame({key: np.asarray(value, dtype=float) for key, value in values.items()}, index=f.index)
    return frame[list(INDICATOR_IDS)]


def _compare_indicators(values: pd.DataFrame, positions, clusters, params: BotilbudParameters) -> pd.DataFrame:
    matrix = values.to_numpy()
    peer, peer_n = _peer_median(matrix, positions, params.disclosure)
    cluster, cluster_n = _cluster_median(matrix, clusters, params.disclosure, positions)
    n, k = matrix.shape
    frame = pd.DataFrame({
        "facility": np.repeat(values.index.to_numpy(), k),
        "indicator": np.tile(list(INDICATOR_IDS), n),
        "value": matrix.ravel(), "peer_median": peer.ravel(), "peer_n": peer_n.ravel(),
        "cluster_median": cluster.ravel(), "cluster_n": cluster_n.ravel(),
    })
    frame["code"] = frame["indicator"].map({i.id: i.code for i in INDICATORS})
    frame["better"] = frame["indicator"].map({i.id: i.better for i in INDICATORS})
    frame["peer_suppressed"] = frame["peer_median"].isna()
    frame["cluster_suppressed"] = frame["cluster_median"].isna()
    frame["difference"] = frame["value"] - frame["peer_median"]
    with np.errstate(divide="ignore", invalid="ignore"):
        frame["relative_difference"] = frame["difference"] / frame["peer_median"].abs().where(
            frame["peer_median"] != 0)
    frame = with_round_spread(frame, params.disclosure)
    frame["weak"] = weak_flags(frame["value"], frame["peer_median"], frame["indicator"], params,
                               frame["round_q1"], frame["round_q3"], frame["round_median"])
    return frame


def _cluster_table(facilities: pd.DataFrame) -> pd.DataFrame:
    levels = np.arange(5)
    need_mean = facilities[list(NEED_FEATURES)].to_numpy() @ levels
    frame = facilities.assign(need_mean=need_mean)
    grouped = frame.groupby("cluster")
    table = grouped.agg(n=("places", "size"), places_median=("places", "median"), need_mean=("need_mean", "mean"))
    table["target_group"] = grouped["target_group"].agg(
        lambda s: s.value_counts().sort_index().sort_values(ascending=False, kind="stable").index[0])
    return table


__all__ = ["BotilbudParameters", "BotilbudResults", "INDICATORS", "MINUTE_FIELDS", "TIME_GROUPS", "compute_botilbud",
           "frames_from_values",
           "indicator", "load_botilbud_round", "suggested_cases", "weak_flags"]
