"""The jobcenter benchmark's numbers, for every participant of a round at once (vectorised).

Method (docs/method.md, chapter "Jobcenter", gives the reason for each choice):

- FTE per employee = weekly hours / ``full_time_hours`` × months employed / 12; cost = the staff
  list's annual salary cost, or the staff group's standard cost per FTE × FTE where it is empty;
- each allocation line carries share × FTE and share × cost: konto 6 FTE and cost per
  (target group, task), plus a shared line per task;
- the shared line is spread over the 12 target groups by the overhead key (default: each group's
  FTE on the direct tasks, i.e. all but administration and team management), task by task;
  administration and team management booked on a target group stay with it;
- konto 5 per target group = the sum over the six tools; unit costs = konto 6, konto 5 and their
  total per full-year person; FTE per 100 full-year persons; a group with fewer than
  ``min_persons`` full-year persons gets no unit cost;
- each participant is compared with the *other* participants (quartiles and median) and with the
  ``n_peers`` participants most similar in framework conditions (median); each statistic only over
  as many values as the disclosure policy allows (``engine.report.disclosure``: a median from
  ``min_group``, quartiles from twice that);
- effect (the deviation from the expected level, not a causal effect) = expected − realised support
  rate in percentage points from the leave-one-out fit of :class:`ExpectedRateModel` on every
  municipality of the register, weighted by the 16-66 population; ratio = realised / expected; it
  is a difference only beyond ``z`` standard errors, z from ``family_alpha`` over all the register's
  municipalities at once (``JobcenterParameters.z_for``); the same per target group, on full-year
  persons per 1,000 16-66-year-olds (``group_rates``), with z over one report's 12 groups.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from engine.identity import identity
from engine.benchmarks.jobcenter.codes import SHARED, TARGET_GROUP_CODES, TASK_CODES, TOOL_CODES
from engine.benchmarks.jobcenter.inputs import JobcenterInputs
from engine.benchmarks.jobcenter.parameters import JobcenterParameters
from engine.benchmarks.jobcenter.expected import ExpectedRateModel
from engine.benchmarks.jobcenter.register_rates import _register_frame, expected_rates, group_rates, verdict
from engine.peers.matching import PeerMatcher
from engine.reference import municipalities
from engine.report.disclosure import DisclosurePolicy
from engine.report.position import flag

OVERHEAD_TASKS = ("administration", "teamledelse")
GROUP_RESULT_COLUMNS = ("rate_realised", "rate_expected", "rate_se", "deviation", "uncertainty", "verdict", "rank",
                        "rank_n", "persons_deviation")
ALLOCATION_GROUPS = (*TARGET_GROUP_CODES, SHARED.code)
MEASURES = ("unit_konto6", "unit_konto5", "unit_total", "fte_per_100")
# Target groups and tasks → the indicator ids the KL catalogue links use (engine/catalogue.py).
CATALOGUE_INDICATOR = {
    "dagpenge": "unemployment_insurance_benefit", "kth_jobparat": "cash_benefit_job_ready",
    "kth_aktivitetsparat": "cash_benefit_activity_ready", "udh_uddannelsesparat": "education_benefit_education_ready",
    "udh_aktivitetsparat": "education_benefit_activity_ready", "selvforsoergelse": "self_support_benefit",
    "sygedagpenge": "sickness_benefit", "jobafklaring": "job_clarification", "revalidering": "rehabilitation",
    "ressourceforloeb": "resource_course", "ledighedsydelse": "flex_job_unemployment_benefit",
    "fleksjob": "flex_job",
    "sagsbehandling": "casework", "virksomhedsservice": "business_recruitment_service",
    "virksomhedsplacering": "company_placements", "faglig_udvikling": "professional_development",
    "administration": "administration", "teamledelse": "team_management", "anden_aktoer": "other_actor",
}


@dataclass
class JobcenterResults:
    """All numbers of one jobcenter round. Participants are the municipalities with a staff list.

    ``municipalities``: index municipality (participants): name, departments, employees, fte,
      standard_cost_employees, shared_fte, konto6, konto5, cost_total, persons, unit_total,
      unit_total_{q1,median,q3,n,peer_median,peer_n}, realised_rate, expected_rate, effect_pp,
      ratio, uncertainty_pp, verdict (better / worse / within_noise),
      effect_{q1,median,q3,n,peer_median,peer_n}, rank and rank_n (of the effect among all register
      municipalities, 1 = best), consent.
    ``groups``: long (municipality, target_group): persons, fte_direct (on the group's own lines),
      fte_shared (its part of the shared line), fte, konto6, konto5, cost_total, unit_konto6,
      unit_konto5, unit_total, fte_per_100, suppressed (too few persons), and per measure in
      ``MEASURES`` <measure>_{q1,median,q3,n,peer_median,peer_n}; high (unit_total above the
      others' upper quartile and more than flag_distance × the median above it), low (the same
      below); the group's result from the register: rate_realised, rate_expected
      (per 1,000 16-66-year-olds), rate_se, deviation (expected − realised), uncertainty, verdict,
      rank, rank_n, persons_deviation (the deviation in full-year persons), coef_intercept and
      coef_<framework column> (the group's fit without the municipality, the conditions' own units).
    ``fte_matrix``: long (municipality, target_group incl. shared, task): fte and cost as allocated,
      share (of the municipality's FTE), share_median and share_n over the others, fte_spread and
      cost_spread (after spreading the shared line; 0 on the shared row).
    ``tasks``: long (municipality, task): fte (allocated, all groups), share (of the municipality's
      FTE), share_{q1,median,q3,n} over the others, high (share above the others' upper quartile).
    ``tools``: long (municipality, tool): amount, share (of konto 5), share_{q1,median,q3,n}.
    ``employees``: the staff list plus fte, cost, cost_source ("salary" / "standard"), cost_per_fte.
    ``allocation``: the allocation lines plus fte and cost. ``konto5``: the budget lines as given.
    ``register``: index municipality (all in the register): name, the framework columns,
      population_16_66, realised_rate, fitted, weight (WLS, mean 1), expected_rate (leave-one-out),
      effect_pp, uncertainty_pp, verdict, rank, rank_n, participant.
    ``loo_coefficients``: index municipality (register): intercept and one coefficient per
      framework column of the fit without that municipality (the conditions' own units).
    ``peers``: (municipality, rank): peer, distance, closeness, letter (A, B, …).
    ``stands_out``: (municipality, kind "group"/"task", code, indicator): where the case catalogue applies.
    """

    year: int
    params: JobcenterParameters
    framework_columns: tuple[str, ...]
    municipalities: pd.DataFrame
    groups: pd.DataFrame
    fte_matrix: pd.DataFrame
    tasks: pd.DataFrame
    tools: pd.DataFrame
    employees: pd.DataFrame
    allocation: pd.DataFrame
    konto5: pd.DataFrame
    register: pd.DataFrame
    loo_coefficients: pd.DataFrame
    peers: pd.DataFrame
    stands_out: pd.DataFrame
    model: ExpectedRateModel
    group_register: pd.DataFrame  # long (municipality, target_group) over the register: see register_rates.group_rates
    confidence_z: float  # standard errors of the family-wise interval (JobcenterParameters.z_for)
    group_confidence_z: float  # the same for the target groups' verdicts (family: one report's 12 groups)
    excluded: dict[str, list[str]] = field(default_factory=dict)  # municipality -> why it is not in the round
    round_status: object | None = None  # set by run: every municipality's templates, shown on "Indsendelser"

    def check(self, municipality: str) -> None:
        if municipality not in self.municipalities.index:
            known = ", ".join(self.municipalities.index[:10])
            raise KeyError(f"municipality {municipality!r} is not a participant of the {self.year} jobcenter round; "
                           f"known: {known} …")

    def rows(self, frame: str, municipality: str) -> pd.DataFrame:
        """The rows of one long frame (groups, fte_matrix, tools, peers …) for one participant."""
        self.check(municipality)
        data = getattr(self, frame)
        return data[data["municipality"] == municipality].reset_index(drop=True)


def load_jobcenter_round(store, year: int, params: JobcenterParameters = JobcenterParameters()) -> JobcenterResults:
    """Read a round's complete municipalities from the store with the register file and compute it.

    Municipalities whose round is incomplete (a missing workbook, an error across workbooks) are
    left out and listed in ``excluded``; the round status shows why.
    """
    from engine.benchmarks.jobcenter.store_inputs import RoundNotReady, load_round

    if not params.register_file:
        raise ValueError("the jobcenter benchmark needs the round's register file: give --register FILE or set "
                         "register_file in the [jobcenter] section of the round configuration")
    try:
        loaded = load_round(store, year, params.register_file)
    except RoundNotReady as error:
        raise ValueError(f"{params.register_file}: {error}") from None
    if loaded.inputs.staff.empty:
        raise LookupError(f"no municipality has a complete jobcenter round {year} in the store "
                          f"({len(loaded.excluded)} incomplete; see kommunebench status)")
    results = compute_jobcenter(loaded.inputs, params)
    results.excluded = loaded.excluded
    return results


def compute_jobcenter(inputs: JobcenterInputs, params: JobcenterParameters = JobcenterParameters()) -> JobcenterResults:
    """Every number of a round from its validated inputs."""
    participants = pd.Index(sorted(inputs.staff["municipality"].astype(str).unique()), name="municipality")
    m = len(participants)
    employees = employee_costs(inputs.staff, params)
    allocation = allocation_lines(inputs.allocation, employees)
    fte, cost = _cube(allocation, participants, ("fte", "cost"))  # (m, 13, 7)

    register = _register_frame(inputs)
    persons = (register.reindex(participants)[[f"persons_{g}" for g in TARGET_GROUP_CODES]]
               .to_numpy(dtype=float))  # (m, 12); NaN where the register lacks the participant
    key = overhead_key(fte, persons, params.overhead_key)
    shared = len(TARGET_GROUP_CODES)
    fte_spread = fte[:, :shared, :] + key[:, :, None] * fte[:, shared, None, :]
    cost_spread = cost[:, :shared, :] + key[:, :, None] * cost[:, shared, None, :]

    konto5 = inputs.konto5.copy()
    konto5["municipality"] = konto5["municipality"].astype(str)
    budget = _konto5_cube(konto5, participants)  # (m, 12, 6); NaN for a participant without a budget
    group_fte, group_konto6, group_konto5 = fte_spread.sum(axis=2), cost_spread.sum(axis=2), budget.sum(axis=2)
    suppressed = ~(persons >= params.min_persons)
    with np.errstate(divide="ignore", invalid="ignore"):
        per_person = {
            "unit_konto6": group_konto6 / persons, "unit_konto5": group_konto5 / persons,
            "unit_total": (group_konto6 + group_konto5) / persons, "fte_per_100": group_fte / persons * 100,
        }
    per_person = {name: np.where(suppressed, np.nan, value) for name, value in per_person.items()}

    peers, peer_mask = _peers(register, participants, inputs.framework_columns, params)
    others = ~np.eye(m, dtype=bool)
    groups = pd.DataFrame({
        "municipality": np.repeat(participants.to_numpy(), shared),
        "target_group": np.tile(TARGET_GROUP_CODES, m),
        "persons": persons.ravel(), "fte_direct": fte[:, :shared, :].sum(axis=2).ravel(),
        "fte_shared": (key * fte[:, shared, :].sum(axis=1)[:, None]).ravel(), "fte": group_fte.ravel(),
        "konto6": group_konto6.ravel(), "konto5": group_konto5.ravel(),
        "cost_total": (group_konto6 + group_konto5).ravel(), "suppressed": suppressed.ravel(),
    })
    for name, values in per_person.items():
        groups[name] = values.ravel()
        for statistic, result in _compare(values, others, params.disclosure, peer_mask).items():
            groups[f"{name}_{statistic}"] = result.ravel()
    groups["high"] = flagged(groups, "unit_total", params.flag_distance, "high")
    groups["low"] = flagged(groups, "unit_total", params.flag_distance, "low")

    fte_matrix = _fte_matrix(participants, fte, cost, fte_spread, cost_spread, others, params.disclosure)
    tasks = _tasks(participants, fte, others, params.disclosure, params.flag_distance)
    tools = _tools(participants, budget, others, params.disclosure)
    register, coefficients, model, z = expected_rates(register, inputs.framework_columns, params, participants)
    group_z = params.z_for(len(TARGET_GROUP_CODES), params.group_confidence_z)
    group_register = group_rates(register, inputs.framework_columns, group_z)
    groups = _with_group_results(groups, group_register)
    summary = _municipality_frame(participants, employees, allocation, fte, group_konto6, group_konto5, persons,
                                  register, others, peer_mask, params, inputs)
    stands_out = _stands_out(groups, tasks)
    return JobcenterResults(inputs.year, params, tuple(inputs.framework_columns), summary, groups, fte_matrix, tasks,
                            tools, employees, allocation, konto5, register, coefficients, peers, stands_out, model,
                            group_register, z, group_z)


# -- cost per FTE and the allocation ------------------------------------------------------------------
def employee_costs(staff: pd.DataFrame, params: JobcenterParameters) -> pd.DataFrame:
    """The staff list with each employee's FTE, annual cost and its source."""
    frame = staff.copy()
    frame["municipality"] = frame["municipality"].astype(str)
    frame["fte"] = frame["weekly_hours"].astype(float) / params.full_time_hours * frame["months_employed"].astype(float) / 12
    standard = frame["staff_group"].map({g: params.standard_cost(g) for g in frame["staff_group"].unique()})
    given = frame["salary_cost"].astype(float)
    frame["cost_source"] = np.where(given.notna(), "salary", "standard")
    frame["cost"] = given.fillna(standard * frame["fte"])
    with np.errstate(divide="ignore", invalid="ignore"):
        frame["cost_per_fte"] = frame["cost"] / frame["fte"].where(frame["fte"] > 0)
    return frame


def allocation_lines(allocation: pd.DataFrame, employees: pd.DataFrame) -> pd.DataFrame:
    """The allocation lines with share × the employee's FTE and cost."""
    lines = allocation.copy()
    lines["municipality"] = lines["municipality"].astype(str)
    per_employee = employees.set_index(["municipality", "employee_id"])[["fte", "cost"]]
    joined = per_employee.reindex(pd.MultiIndex.from_frame(lines[["municipality", "employee_id"]]))
    lines["fte"] = lines["share"].to_numpy(float) * joined["fte"].to_numpy()
    lines["cost"] = lines["share"].to_numpy(float) * joined["cost"].to_numpy()
    return lines


def _cube(lines: pd.DataFrame, participants: pd.Index, columns: tuple[str, ...]) -> tuple[np.ndarray, ...]:
    """Sums of ``columns`` as (participant, target group incl. shared, task) arrays; absent = 0."""
    full = pd.MultiIndex.from_product([participants, ALLOCATION_GROUPS, TASK_CODES])
    sums = lines.groupby(["municipality", "target_group", "task"])[list(columns)].sum().reindex(full, fill_value=0.0)
    shape = (len(participants), len(ALLOCATION_GROUPS), len(TASK_CODES))
    return tuple(sums[c].to_numpy(float).reshape(shape) for c in columns)


def _konto5_cube(konto5: pd.DataFrame, participants: pd.Index) -> np.ndarray:
    full = pd.MultiIndex.from_product([participants, TARGET_GROUP_CODES, TOOL_CODES])
    sums = konto5.groupby(["municipality", "target_group", "tool"])["amount"].sum().reindex(full, fill_value=0.0)
    cube = sums.to_numpy(float, copy=True).reshape(len(participants), len(TARGET_GROUP_CODES), len(TOOL_CODES))
    cube[~participants.isin(konto5["municipality"])] = np.nan  # no budget submitted: unknown, not zero
    return cube


def overhead_key(fte: np.ndarray, persons: np.ndarray, key: str) -> np.ndarray:
    """Each target group's share of the shared line, per participant (rows sum to 1).

    ``direct_fte``: the group's FTE on tasks other than administration and team management;
    ``persons``: its full-year persons. A participant with no direct FTE falls back on persons.

    >>> f = np.zeros((1, 13, 7)); f[0, 0, 0], f[0, 1, 0], f[0, 1, 4] = 3.0, 1.0, 5.0
    >>> overhead_key(f, np.ones((1, 12)), "direct_fte")[0, :3].tolist()
    [0.75, 0.25, 0.0]
    """
    direct_tasks = [i for i, task in enumerate(TASK_CODES) if task not in OVERHEAD_TASKS]
    by_persons = np.nan_to_num(persons)
    weights = fte[:, : len(TARGET_GROUP_CODES), direct_tasks].sum(axis=2) if key == "direct_fte" else by_persons
    totals = weights.sum(axis=1, keepdims=True)
    weights = np.where(totals > 0, weights, by_persons)
    totals = weights.sum(axis=1, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(totals > 0, weights / totals, 0.0)


# -- comparisons -----------------------------------------------------------------------------------
def masked_quartiles(values: np.ndarray, mask: np.ndarray, policy: DisclosurePolicy) -> dict[str, np.ndarray]:
    """Per row i, quartiles of ``values[j]`` over the rows j with ``mask[i, j]`` (values: (m, k)).

    Returns q1, median, q3 and n; each statistic NaN where the disclosure policy does not allow it
    over n values (quartiles need more values than the median).

    >>> v = np.array([[1.0], [2.0], [3.0], [4.0], [np.nan], [5.0], [6.0]])
    >>> out = masked_quartiles(v, ~np.eye(7, dtype=bool), DisclosurePolicy(3))
    >>> out["median"].ravel().tolist(), out["q1"].ravel()[:2].tolist(), out["n"].ravel().tolist()
    ([4.0, 4.0, 4.0, 3.0, 3.5, 3.0, 3.0], [nan, nan], [5, 5, 5, 5, 6, 5, 5])
    """
    block = np.where(mask[:, :, None], values[None, :, :], np.nan)  # [row, other, column]
    n = (~np.isnan(block)).sum(axis=1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        q1, median, q3 = np.nanquantile(block, (0.25, 0.5, 0.75), axis=1)
    return {"q1": policy.shown("q1", q1, n), "median": policy.shown("median", median, n),
            "q3": policy.shown("q3", q3, n), "n": n}


def _compare(values: np.ndarray, others: np.ndarray, policy: DisclosurePolicy, peer_mask: np.ndarray | None) -> dict:
    result = masked_quartiles(values, others, policy)
    if peer_mask is None:
        result["peer_median"], result["peer_n"] = np.full(values.shape, np.nan), np.zeros(values.shape, int)
    else:
        peer = masked_quartiles(values, peer_mask, policy)
        result["peer_median"], result["peer_n"] = peer["median"], peer["n"]
    return result


def _peers(register: pd.DataFrame, participants: pd.Index, columns, params: JobcenterParameters):
    """The participants most similar in framework conditions (PeerMatcher); (peers frame, (m, m) mask)."""
    frame_columns = ["municipality", "rank", "peer", "distance", "closeness", "letter"]
    X = register.reindex(participants)[list(columns)].astype(float)
    usable = X.notna().all(axis=1)
    if usable.sum() < params.n_peers + 1:
        return pd.DataFrame(columns=frame_columns), None
    X = X[usable].assign(group="jobcenter")
    matcher = PeerMatcher(n_peers=params.n_peers, group_column="group", same_group_first=False, n_clusters=1).fit(X)
    peers = matcher.peers_.rename(columns={"facility": "municipality"})
    peers["letter"] = [chr(ord("A") + rank - 1) for rank in peers["rank"]]
    mask = np.zeros((len(participants), len(participants)), dtype=bool)
    mask[participants.get_indexer(peers["municipality"]), participants.get_indexer(peers["peer"])] = True
    return peers[frame_columns].reset_index(drop=True), mask


def _fte_matrix(participants, fte, cost, fte_spread, cost_spread, others, policy) -> pd.DataFrame:
    m, g, t = fte.shape
    totals = fte.sum(axis=(1, 2))
    with np.errstate(divide="ignore", invalid="ignore"):
        share = fte / totals[:, None, None]
    compared = masked_quartiles(share.reshape(m, g * t), others, policy)
    pad = np.zeros((m, 1, t))
    return pd.DataFrame({
        "municipality": np.repeat(participants.to_numpy(), g * t),
        "target_group": np.tile(np.repeat(ALLOCATION_GROUPS, t), m), "task": np.tile(TASK_CODES, m * g),
        "fte": fte.ravel(), "cost": cost.ravel(), "share": share.ravel(),
        "share_median": compared["median"].ravel(), "share_n": compared["n"].ravel(),
        "fte_spread": np.concatenate([fte_spread, pad], axis=1).ravel(),
        "cost_spread": np.concatenate([cost_spread, pad], axis=1).ravel(),
    })


def _tasks(participants, fte, others, policy, distance: float) -> pd.DataFrame:
    frame = _shares(participants, "task", TASK_CODES, fte.sum(axis=1), others, policy, "fte")
    frame["high"] = flagged(frame, "share", distance, "high")
    return frame


def flagged(frame: pd.DataFrame, measure: str, distance: float, side: str) -> pd.Series:
    """The flag rule of every benchmark (engine.report.position.flag): in the others' worse band — beyond
    the upper (``high``) or lower (``low``) quartile, or with 5–9 others beyond the median — and more than
    ``distance`` × |median| from the median; unknown = no flag."""
    columns = [frame[f"{measure}{suffix}"] for suffix in ("", "_q1", "_median", "_q3")]
    return pd.Series(flag(*columns, "above" if side == "high" else "below", distance), index=frame.index)


def _tools(participants, budget, others, policy) -> pd.DataFrame:
    return _shares(participants, "tool", TOOL_CODES, budget.sum(axis=1), others, policy, "amount")


def _shares(participants, column: str, codes, totals: np.ndarray, others, policy, name: str) -> pd.DataFrame:
    """Long frame of each participant's ``totals`` (m, k), their shares and the others' quartiles of the shares."""
    with np.errstate(divide="ignore", invalid="ignore"):
        share = totals / totals.sum(axis=1, keepdims=True)
    compared = masked_quartiles(share, others, policy)
    frame = pd.DataFrame({"municipality": np.repeat(participants.to_numpy(), len(codes)),
                          column: np.tile(codes, len(participants)), name: totals.ravel(), "share": share.ravel()})
    for statistic in ("q1", "median", "q3", "n"):
        frame[f"share_{statistic}"] = compared[statistic].ravel()
    return frame


def _municipality_frame(participants, employees, allocation, fte, konto6, konto5, persons, register, others,
                        peer_mask, params, inputs) -> pd.DataFrame:
    names = municipalities()
    frame = pd.DataFrame(index=participants)
    frame["name"] = [names[c].name if c in names else c for c in participants]
    by_municipality = employees.groupby("municipality")
    # "Ydelse" and "ydelse" are one department (engine.identity)
    frame["departments"] = employees["department"].map(identity).groupby(
        employees["municipality"]).nunique().reindex(participants)
    frame["employees"] = by_municipality.size().reindex(participants)
    frame["fte"] = by_municipality["fte"].sum().reindex(participants)
    frame["standard_cost_employees"] = (employees["cost_source"] == "standard").groupby(
        employees["municipality"]).sum().reindex(participants)
    frame["shared_fte"] = fte[:, len(TARGET_GROUP_CODES), :].sum(axis=1)
    frame["konto6"] = konto6.sum(axis=1)
    frame["konto5"] = konto5.sum(axis=1)
    frame["cost_total"] = frame["konto6"] + frame["konto5"]
    frame["persons"] = persons.sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        unit_total = (frame["cost_total"] / frame["persons"]).to_numpy()
    frame["unit_total"] = unit_total
    for statistic, values in _compare(unit_total[:, None], others, params.disclosure, peer_mask).items():
        frame[f"unit_total_{statistic}"] = values[:, 0]
    own = register.reindex(participants)
    for column in ("realised_rate", "expected_rate", "effect_pp", "uncertainty_pp", "rank", "rank_n"):
        frame[column] = own[column].to_numpy()
    frame["ratio"] = frame["realised_rate"] / frame["expected_rate"]
    frame["verdict"] = verdict(frame["effect_pp"], frame["uncertainty_pp"])
    effect = frame["effect_pp"].to_numpy()[:, None]
    for statistic, values in _compare(effect, others, params.disclosure, peer_mask).items():
        frame[f"effect_{statistic}"] = values[:, 0]
    frame["consent"] = frame.index.isin(params.consented)
    return frame


def _with_group_results(groups: pd.DataFrame, group_register: pd.DataFrame) -> pd.DataFrame:
    """The participants' unit-cost rows with each group's result beside them (from the register)."""
    columns = [*GROUP_RESULT_COLUMNS, *(c for c in group_register.columns if c.startswith("coef_"))]
    result = group_register.set_index(["municipality", "target_group"])[columns]
    joined = result.reindex(pd.MultiIndex.from_frame(groups[["municipality", "target_group"]]))
    for column in columns:
        groups[column] = joined[column].to_numpy()
    groups["verdict"] = groups["verdict"].fillna("unknown")
    return groups


def _stands_out(groups: pd.DataFrame, tasks: pd.DataFrame) -> pd.DataFrame:
    """Target groups whose unit cost and tasks whose FTE share are above the others' upper quartile
    (both point to catalogue cases)."""
    high = groups.loc[groups["high"], ["municipality", "target_group"]].rename(columns={"target_group": "code"})
    high["kind"] = "group"
    heavy = tasks.loc[tasks["high"], ["municipality", "task"]].rename(columns={"task": "code"}).assign(kind="task")
    frame = pd.concat([high, heavy], ignore_index=True)
    frame["indicator"] = frame["code"].map(CATALOGUE_INDICATOR)
    return frame[["municipality", "kind", "code", "indicator"]]
