"""Groups of facilities proposed for a network day: similar facilities, some strong where others are flagged.

KL offers the facilities "en netværksdag sammen med andre botilbud, der har gennemført benchmarkingen"
(seed 000). The consultant's overview proposes the groups for that day; the consultant adjusts them.
The rule (docs/method.md, "Network day"), recomputable by hand from the overview:

- **Flagged** on an indicator: the report's flag (:func:`~engine.benchmarks.botilbud.flags.weak_flags`).
  **Strong**: the same rule mirrored, better than the peer median by more than the flag's margin and
  beyond the better quartile of the round (:func:`strong_flags`). Only flaggable indicators.
- **Similar**: members of a group belong to the same broader cluster (Ward, ``engine.peers.matching``);
  within it, nearer in the matching's distance comes first.
- **Greedy, one group at a time**: among (cluster, indicator) pairs with an ungrouped strong and an
  ungrouped flagged facility, take the one with most ungrouped flagged facilities (ties: the indicator's
  declaration order, then the cluster). Its anchor is the strong facility with the smallest sum of
  distances to those flagged (ties: id); the flagged ones join, nearest the anchor first, up to
  ``max_size``; below ``min_size`` the nearest other ungrouped facilities of the cluster fill up. A
  pair that cannot reach ``min_size`` is dropped. Repeat until no pair is left.
- A group's **topics**: the indicator it was formed around, then every other indicator on which one
  member is strong and another flagged, in declaration order.

Every facility is in at most one group; ties fall to the facility id, so the proposal is deterministic.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from itertools import combinations

import numpy as np
import pandas as pd

from engine.benchmarks.botilbud.flags import weak_flags
from engine.benchmarks.botilbud.indicators import INDICATORS

FLAGGABLE = tuple(i.id for i in INDICATORS if i.flaggable)


@dataclass(frozen=True)
class Member:
    """One facility of a proposed group; ``strong_on``/``flagged_on`` are among the group's topics."""

    facility: str
    name: str
    municipality: str  # as submitted (the municipality code); the sheet shows its name
    cluster: int
    strong_on: tuple[str, ...]
    flagged_on: tuple[str, ...]
    distance: float  # to the group's anchor (0 for the anchor itself)
    closeness: str  # the label id "Lignende tilbud" would give a peer this far away (engine.peers.matching)


@dataclass(frozen=True)
class NetworkGroup:
    number: int  # 1, 2, … in the order the groups were formed
    cluster: int  # as in results.facilities["cluster"] (0-based)
    topics: tuple[str, ...]  # indicator ids, the one the group was formed around first
    anchor: str
    members: tuple[Member, ...]  # the anchor, then the others nearest the anchor first
    mean_distance: float  # over all pairs of members
    max_distance: float

    def strong(self, topic: str) -> list[str]:
        return [m.facility for m in self.members if topic in m.strong_on]

    def flagged(self, topic: str) -> list[str]:
        return [m.facility for m in self.members if topic in m.flagged_on]


@dataclass(frozen=True)
class NetworkDay:
    groups: tuple[NetworkGroup, ...]
    ungrouped: tuple[str, ...]  # facility ids in no group, in id order
    min_size: int
    max_size: int
    strong_on: Mapping[str, tuple[str, ...]]  # every facility's strong indicators, in declaration order
    flagged_on: Mapping[str, tuple[str, ...]]  # and its flagged ones


def strong_flags(value: pd.Series, median: pd.Series, indicator_ids: pd.Series, params,
                 q1: pd.Series | None = None, q3: pd.Series | None = None) -> pd.Series:
    """Notably *better*: the flag rule of :func:`weak_flags` mirrored around the peer median.

    Reflecting the own value and the round's quartiles around the median (x → 2·median − x) turns
    "better by more than the margin" into "worse by more than the margin" and the better quartile into
    the worse one, so the flag's own function decides, with whatever threshold it uses.
    """
    mirror = 2 * median
    return weak_flags(mirror - value, median, indicator_ids, params,
                      None if q3 is None else mirror - q3, None if q1 is None else mirror - q1)


def form_groups(flagged: pd.DataFrame, strong: pd.DataFrame, clusters: pd.Series, distances: pd.DataFrame,
                min_size: int, max_size: int) -> list[tuple[int, str, list[str]]]:
    """The greedy rule of the module docstring on plain data: [(cluster, indicator, members)], anchor first.

    ``flagged``/``strong``: facility × indicator booleans (columns in the order ties are broken by);
    ``clusters``: facility -> cluster; ``distances``: facility × facility.
    """
    if not 2 <= min_size <= max_size:
        raise ValueError(f"network day group sizes need 2 <= min_size <= max_size; got {min_size}, {max_size}")
    ids = sorted(map(str, flagged.index))
    columns = list(flagged.columns)
    weak = flagged.rename(index=str).reindex(ids).fillna(False).to_numpy(dtype=bool)
    good = strong.rename(index=str).reindex(index=ids, columns=columns).fillna(False).to_numpy(dtype=bool)
    cluster_of = clusters.rename(index=str).reindex(ids).to_numpy()
    # Distances compared rounded, as the matching does: floating-point noise never decides a tie.
    far = np.round(distances.rename(index=str, columns=str).loc[ids, ids].to_numpy(dtype=float), 10)
    free = np.ones(len(ids), dtype=bool)
    dropped: set[tuple[int, int]] = set()
    groups = []
    while True:
        best = None  # (−flagged count, indicator position, cluster)
        for cluster in np.unique(cluster_of[free]):
            here = free & (cluster_of == cluster)
            counts, available = weak[here].sum(axis=0), good[here].any(axis=0)
            for k in np.flatnonzero((counts > 0) & available):
                key = (-int(counts[k]), int(k), cluster)
                if (cluster, int(k)) not in dropped and (best is None or key < best):
                    best = key
        if best is None:
            return groups
        _, k, cluster = best
        in_cluster = np.flatnonzero(free & (cluster_of == cluster))  # positions, in id order
        needing = in_cluster[weak[in_cluster, k]]
        candidates = in_cluster[good[in_cluster, k]]
        anchor = int(candidates[np.argmin(np.round(far[np.ix_(candidates, needing)].sum(axis=1), 10))])
        others = in_cluster[in_cluster != anchor]
        others = others[np.argsort(far[anchor, others], kind="stable")]  # nearest first, ties by id
        members = [anchor] + [int(f) for f in others if weak[f, k]][:max_size - 1]
        members += [int(f) for f in others if f not in members][:max(0, min_size - len(members))]
        if len(members) < min_size:
            dropped.add((cluster, k))
            continue
        free[members] = False
        groups.append((_plain(cluster), columns[k], [ids[f] for f in members]))


def _plain(value):
    """A cluster label as Python, not numpy (the groups are compared and printed)."""
    return value.item() if isinstance(value, np.generic) else value


def network_day(results, min_size: int | None = None, max_size: int | None = None) -> NetworkDay:
    """The proposal for a computed botilbud round (``BotilbudResults``); sizes default to its parameters."""
    params = results.params
    min_size = params.network_day_min_size if min_size is None else min_size
    max_size = params.network_day_max_size if max_size is None else max_size
    facilities = results.facilities
    frame = results.indicators
    frame = frame[frame["indicator"].isin(FLAGGABLE)]
    strong = strong_flags(frame["value"], frame["peer_median"], frame["indicator"], params,
                          frame["round_q1"], frame["round_q3"])
    flagged, strong = (frame.assign(flag=flag).pivot(index="facility", columns="indicator", values="flag")
                       .reindex(columns=list(FLAGGABLE)).fillna(False).astype(bool).rename(index=str)
                       for flag in (frame["weak"], strong))
    matcher = results.matcher
    if matcher is None:  # too few facilities to match: nobody is similar to anybody
        return describe_groups([], flagged, strong, None, {}, {}, min_size, max_size)
    distances = matcher.distances_.rename(index=str, columns=str)
    clusters = facilities["cluster"].rename(index=str).astype(int)
    formed = form_groups(flagged, strong, clusters, distances, min_size, max_size)
    return describe_groups(formed, flagged, strong, distances, facilities["facility_name"].to_dict(),
                           facilities["municipality"].to_dict(), min_size, max_size, matcher.closeness_thresholds_)


def describe_groups(formed, flagged: pd.DataFrame, strong: pd.DataFrame, distances: pd.DataFrame | None,
                    names: Mapping, municipalities: Mapping, min_size: int, max_size: int,
                    thresholds: Mapping[str, float] | None = None) -> NetworkDay:
    """Number the groups of :func:`form_groups`, find their topics and state who is strong and flagged.

    ``thresholds``: ``PeerMatcher.closeness_thresholds_``, for each member's closeness to the anchor.
    """
    ids = sorted(map(str, flagged.index))
    strong_on, flagged_on = ({f: tuple(c for c, mark in zip(frame.columns, row) if mark)
                              for f, row in zip(map(str, frame.index), frame.to_numpy(dtype=bool))}
                             for frame in (strong, flagged))
    groups = []
    for number, (cluster, indicator, members) in enumerate(formed, start=1):
        anchor = members[0]
        good = {i for f in members for i in strong_on[f]}
        weak = {i for f in members for i in flagged_on[f]}
        topics = (indicator, *(i for i in flagged.columns if i != indicator and i in good and i in weak))
        pairs = [float(distances.at[a, b]) for a, b in combinations(members, 2)]
        groups.append(NetworkGroup(number, int(cluster), topics, anchor, tuple(
            Member(f, _text(names.get(f)), _text(municipalities.get(f)), int(cluster),
                   tuple(t for t in topics if t in strong_on[f]), tuple(t for t in topics if t in flagged_on[f]),
                   float(distances.at[anchor, f]), closeness(float(distances.at[anchor, f]), thresholds))
            for f in members), float(np.mean(pairs)), float(max(pairs))))
    grouped = {m.facility for g in groups for m in g.members}
    return NetworkDay(tuple(groups), tuple(f for f in ids if f not in grouped), min_size, max_size,
                      {f: strong_on[f] for f in ids}, {f: flagged_on[f] for f in ids})


def closeness(distance: float, thresholds: Mapping[str, float] | None) -> str:
    """The closeness label id of a distance, as ``PeerMatcher`` labels its peers ("" without thresholds)."""
    if thresholds is None:
        return ""
    distance = round(distance, 10)
    return ("very_close" if distance <= round(thresholds["very_close"], 10)
            else "close" if distance <= round(thresholds["close"], 10) else "less_close")


def _text(value) -> str:
    return value if isinstance(value, str) else ""
