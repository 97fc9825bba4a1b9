"""Every process of every municipality beside the other municipalities' answers for the same process.

docs/method.md, "Administration at process level", is the contract. Per process (area, process id),
leave-one-out over the municipalities that answered it:

- ``share_<k>``: the share of the others at centralisation level k (0–3) — the mean of a 0/1
  indicator, so the policy's rule for a mean applies (at least ``min_group`` others); shown only
  where no level holds all the others (a unanimous group would state every other municipality's
  level);
- ``peer_digital_process``, ``peer_digital_solution``, ``peer_fte_norm``: the others' medians
  (FTE per basis as in the categories: finance per ``finance_per_inhabitants`` inhabitants, payroll
  and HR per ``hr_per_employees`` employees);
- ``fte_above`` = MAX(0; own FTE per basis − the others' median) × own basis: the FTE the process
  would free at the median's level, in FTE;
- ``digital_gap`` = the smaller of own − median for the two digital scores (negative: less digital),
  ``centralisation_gap`` = own − the others' median centralisation.

The split of a category's potential into organisation and digitalisation is :func:`split_potential`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from engine.benchmarks.administration.compute import TOTAL, AdministrationResults
from engine.peers.groups import loo_mean, loo_median
from engine.report.rounds import per_round

LEVELS = (0, 1, 2, 3)
CENTRALISATION_SCALE = 3.0  # the centralisation score runs 0–3, the digital scores 0–1


def compare_processes(results: AdministrationResults) -> pd.DataFrame:
    """One row per municipality and process, with the others' statistics (NaN where the policy hides them)."""
    p = results.processes[["participant", "area", "category_id", "process_id", "position", "centralisation",
                           "digital_process", "digital_solution", "fte"]].copy()
    totals = results.categories[results.categories["category_id"] == TOTAL].set_index(["participant", "area"])["basis"]
    p["basis"] = pd.MultiIndex.from_frame(p[["participant", "area"]]).map(totals.to_dict()).to_numpy(dtype=float)
    p["fte_norm"] = p["fte"] / p["basis"]
    group = [p["area"], p["process_id"]]
    policy = results.params.disclosure
    _, n = loo_mean(p["centralisation"], group)
    p["peers_n"] = n.astype(int)
    shown = policy.allows("median", p["peers_n"].to_numpy())
    for score in ("centralisation", "digital_process", "digital_solution", "fte_norm"):
        p[f"peer_{score}"] = np.where(shown, loo_median(p[score], group), np.nan)
    shares = []
    for level in LEVELS:
        indicator = (p["centralisation"] == level).astype(float).where(p["centralisation"].notna())
        share, _ = loo_mean(indicator, group)
        shares.append(share.to_numpy())
    shares = np.column_stack(shares)
    unanimous = np.nanmax(np.where(np.isnan(shares), 0, shares), axis=1) >= 1 - 1e-12
    p["shares_shown"] = shown & ~unanimous
    for level, column in zip(LEVELS, shares.T):
        p[f"share_{level}"] = np.where(p["shares_shown"], column, np.nan)
    p["fte_above"] = ((p["fte_norm"] - p["peer_fte_norm"]).clip(lower=0) * p["basis"]).where(shown)
    p["centralisation_gap"] = p["centralisation"] - p["peer_centralisation"]
    p["digital_gap"] = np.fmin(p["digital_process"] - p["peer_digital_process"],
                               p["digital_solution"] - p["peer_digital_solution"])
    return p


def process_rows(results: AdministrationResults, participant: str) -> dict[tuple[str, str], list[dict]]:
    """One municipality's processes with the comparison, as records per (area, category) in catalogue order
    (the round's frame computed and split once per round: per report, pandas would cost more than the sheet)."""
    return per_round(results, _by_participant).get(participant, {})


def _by_participant(results: AdministrationResults) -> dict[str, dict[tuple[str, str], list[dict]]]:
    frame = compare_processes(results).sort_values(["participant", "area", "position"], kind="stable")
    split: dict[str, dict[tuple[str, str], list[dict]]] = {}
    for record in frame.to_dict("records"):
        split.setdefault(record["participant"], {}).setdefault((record["area"], record["category_id"]), []).append(record)
    return split


def split_potential(potential, dev_centralisation, digital_gap):
    """A category's FTE potential in (organisation, digitalisation, neither), by the rule of docs/method.md.

    The two gaps are made comparable as shares of their scales: organisation weighs
    MAX(0; −deviation in centralisation) / 3, digitalisation MAX(0; −the smaller digital deviation) / 1,
    and the potential is divided in proportion; with neither gap, all of it is "neither" (the
    difference lies elsewhere: volume, quality, local tasks).

    >>> [round(x, 3) for x in split_potential(3.0, -0.6, -0.1)]
    [2.0, 1.0, 0.0]
    >>> split_potential(2.0, 0.4, 0.2)
    (0.0, 0.0, 2.0)
    """
    organisation = max(0.0, -float(dev_centralisation)) / CENTRALISATION_SCALE if np.isfinite(dev_centralisation) else 0.0
    digital = max(0.0, -float(digital_gap)) if np.isfinite(digital_gap) else 0.0
    potential = float(potential) if np.isfinite(potential) else 0.0
    if organisation + digital <= 0:
        return 0.0, 0.0, potential
    return (potential * organisation / (organisation + digital), potential * digital / (organisation + digital), 0.0)
