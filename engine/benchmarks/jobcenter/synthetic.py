"""A plausible synthetic jobcenter round: the "truth" the demo workbooks are written from.

The register covers all 98 municipalities. Each has a latent social burden that drives its
framework conditions together (less education, more non-Western immigrants, fewer local jobs);
the realised support rate follows the conditions through a fixed linear relation plus each
municipality's own performance and noise, so a regression can recover the relation and the
residuals mean something. Full-year persons per target group scale with the 16-66 population and
the support rate, times a group mix with each municipality's own deviation per group (its
performance in that group); ``group_effects`` plants a known one (a hidden truth for tests).

Participants have 2-5 departments (cut from five target-group clusters), staff in proportion to
their caseload (about 30 full-year persons per employee), allocation lines in 5 % steps that sum to
exactly 1 per employee (managers and administrative staff partly on the shared line), and konto 5
amounts per target group × tool from a per-person activation spend and a group-typical tool mix.
Everything comes from one ``numpy.random.Generator`` seeded by ``seed``: a seed reproduces a round.

>>> inputs = draw_round(seed=3, participants=4)
>>> sorted(inputs.staff.municipality.unique()) == sorted(inputs.konto5.municipality.unique())
True
>>> len(inputs.register)
98
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from engine.benchmarks.jobcenter.codes import FRAMEWORK_CODES, TARGET_GROUP_CODES, TOOL_CODES
from engine.benchmarks.jobcenter.inputs import JobcenterInputs
from engine.reference import municipalities

WORKING_AGE_SHARE = (0.60, 0.66)  # 16-66-year-olds of all inhabitants
# Share of the support rate's full-year persons who are in the 12 target groups (the rest are on
# early retirement pension, SU and the like, which the jobcenter benchmark does not cover).
TARGET_GROUP_SHARE_OF_SUPPORT = 0.55
# Typical split of the target groups' full-year persons (sums to 1).
GROUP_MIX = dict(zip(TARGET_GROUP_CODES, (0.17, 0.06, 0.16, 0.03, 0.05, 0.02, 0.17, 0.03, 0.01, 0.05, 0.03, 0.22)))
# Konto 5 activation spend per full-year person (DKK per year) and the tool mix's Dirichlet weights.
ACTIVATION_PER_PERSON = dict(zip(TARGET_GROUP_CODES, (
    8_000, 12_000, 20_000, 22_000, 28_000, 15_000, 4_000, 15_000, 60_000, 30_000, 10_000, 1_000)))
TOOL_WEIGHTS = {  # vejledning, jobformidling, øvrig vejledning, anden aktør, ordinær uddannelse, mentor
    "dagpenge": (3, 3, 2, 2, 2, 0.5), "kth_jobparat": (3, 3, 2, 1, 1, 1),
    "kth_aktivitetsparat": (2, 2, 3, 2, 0.5, 3), "udh_uddannelsesparat": (2, 1, 2, 1, 4, 2),
    "udh_aktivitetsparat": (2, 1, 2, 1, 2, 4), "selvforsoergelse": (3, 2, 3, 1, 1, 2),
    "sygedagpenge": (2, 2, 2, 3, 0.5, 1), "jobafklaring": (2, 1, 3, 2, 0.5, 2),
    "revalidering": (1, 0.5, 1, 1, 6, 0.5), "ressourceforloeb": (2, 1, 3, 2, 0.5, 4),
    "ledighedsydelse": (3, 4, 2, 1, 0.5, 1), "fleksjob": (2, 4, 1, 1, 0.5, 1),
}
# Staff per full-year person differs by group: activity-ready citizens need more casework.
CASEWORK_INTENSITY = dict(zip(TARGET_GROUP_CODES, (0.6, 0.8, 1.4, 1.0, 1.5, 1.3, 1.1, 1.4, 1.2, 1.6, 0.7, 0.4)))
PERSONS_PER_EMPLOYEE = (25.0, 35.0)

# Department clusters and how they merge when a jobcenter has fewer than five departments.
CLUSTERS = {
    "job": ("dagpenge", "kth_jobparat"),
    "youth": ("udh_uddannelsesparat", "udh_aktivitetsparat"),
    "activity": ("kth_aktivitetsparat", "selvforsoergelse"),
    "health": ("sygedagpenge", "jobafklaring"),
    "flex": ("revalidering", "ressourceforloeb", "ledighedsydelse", "fleksjob"),
}
DEPARTMENT_LAYOUTS = {
    2: (("Job og Uddannelse", ("job", "youth", "activity")), ("Sundhed og Rehabilitering", ("health", "flex"))),
    3: (("Job og Uddannelse", ("job", "youth")), ("Job og Integration", ("activity",)),
        ("Sundhed og Rehabilitering", ("health", "flex"))),
    4: (("Job og Virksomhed", ("job",)), ("Unge og Integration", ("youth", "activity")),
        ("Sygedagpenge og Jobafklaring", ("health",)), ("Fleksjob og Rehabilitering", ("flex",))),
    5: (("Job og Virksomhed", ("job",)), ("Ungeenheden", ("youth",)), ("Job og Integration", ("activity",)),
        ("Sygedagpenge og Jobafklaring", ("health",)), ("Fleksjob og Rehabilitering", ("flex",))),
}
# Full-time annual salary cost incl. pension by staff group (DKK), and the mix of non-managers.
SALARY = {"socialraadgiver": 540_000, "ac": 600_000, "hk": 450_000, "konsulent": 500_000, "leder": 760_000}
STAFF_MIX = (("socialraadgiver", 0.5), ("konsulent", 0.2), ("hk", 0.18), ("ac", 0.12))
MISSING_SALARY_SHARE = 0.1
SHARE_STEP = 0.05


def draw_round(seed: int = 2026, participants: int | list[str] = 30, year: int = 2026,
               group_effects: dict[tuple[str, str], float] | None = None) -> JobcenterInputs:
    """The register for all municipalities plus staff, allocation and konto 5 for the participants.

    ``participants`` is a count (drawn from the 98) or explicit municipality codes.
    ``group_effects`` maps (municipality, target group) to a factor on that group's full-year
    persons (0.6: 40 % fewer on the benefit than the municipality would otherwise have).
    """
    rng = np.random.default_rng(seed)
    register = draw_register(rng, group_effects)
    if isinstance(participants, int):
        codes = sorted(rng.choice(register.municipality.to_numpy(), size=participants, replace=False))
    else:
        codes = list(participants)
    staff, allocation, konto5 = [], [], []
    by_code = register.set_index("municipality")
    for code in codes:
        persons = by_code.loc[code, [f"persons_{g}" for g in TARGET_GROUP_CODES]].to_numpy(float)
        persons = dict(zip(TARGET_GROUP_CODES, persons))
        municipality_staff, municipality_allocation = draw_jobcenter(rng, code, persons)
        staff.append(municipality_staff)
        allocation.append(municipality_allocation)
        konto5.append(draw_konto5(rng, code, persons))
    return JobcenterInputs(year, _concat(staff, STAFF_COLUMNS), _concat(allocation, ALLOCATION_COLUMNS),
                           _concat(konto5, KONTO5_COLUMNS), register, FRAMEWORK_CODES)


STAFF_COLUMNS = ("municipality", "employee_id", "department", "weekly_hours", "staff_group", "months_employed",
                 "salary_cost", "source")
ALLOCATION_COLUMNS = ("municipality", "department", "employee_id", "target_group", "task", "share", "source")
KONTO5_COLUMNS = ("municipality", "target_group", "tool", "amount", "source")


def _concat(frames: list[pd.DataFrame], columns: tuple[str, ...]) -> pd.DataFrame:
    """The participants' frames as one (an empty frame with the contract's columns when there are none)."""
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=list(columns))


GROUP_PERFORMANCE_SD = 0.08  # each municipality's own deviation per target group (log scale)


def draw_register(rng: np.random.Generator,
                  group_effects: dict[tuple[str, str], float] | None = None) -> pd.DataFrame:
    """Framework conditions, realised support rate and full-year persons for all 98 municipalities."""
    known = municipalities()
    codes = sorted(known)
    n = len(codes)
    inhabitants = np.array([known[c].inhabitants_approx for c in codes], float) * rng.uniform(0.97, 1.03, n)
    capital = np.array([known[c].region == "Region Hovedstaden" for c in codes])
    size = (np.log(inhabitants) - np.log(50_000)) / 1.0  # about -1.5 (islands) .. +2.6 (Copenhagen)
    burden = rng.normal(0, 1, n)  # latent social burden shared by the conditions
    frame = pd.DataFrame({"municipality": codes})
    frame["basic_education_share"] = np.clip(0.22 + 0.03 * burden - 0.01 * size + rng.normal(0, 0.015, n), 0.10, 0.35)
    frame["non_western_share"] = np.clip(0.06 + 0.025 * burden + 0.02 * size + 0.02 * capital
                                         + rng.normal(0, 0.012, n), 0.02, 0.30)
    frame["jobs_per_100"] = np.clip(76 - 4 * burden + 3 * size + rng.normal(0, 6, n), 50, 105)
    frame["age_50_64_share"] = np.clip(0.31 - 0.015 * size + rng.normal(0, 0.012, n), 0.22, 0.40)
    performance = rng.normal(0, 0.008, n)  # the municipality's own effect, which the model cannot see
    frame["realised_rate"] = np.round(
        0.165 + 0.40 * (frame.basic_education_share - 0.22) + 0.30 * (frame.non_western_share - 0.07)
        - 0.0016 * (frame.jobs_per_100 - 76) + 0.35 * (frame.age_50_64_share - 0.31)
        - performance + rng.normal(0, 0.004, n), 4)
    frame = frame.round({"basic_education_share": 4, "non_western_share": 4, "jobs_per_100": 1,
                         "age_50_64_share": 4})
    working_age = np.round(inhabitants * rng.uniform(*WORKING_AGE_SHARE, n))
    frame.insert(1, "population_16_66", working_age)
    in_groups = working_age * frame.realised_rate.to_numpy() * TARGET_GROUP_SHARE_OF_SUPPORT
    # Not renormalised: a municipality better in one group has fewer persons there, not more elsewhere.
    mix = (np.array([GROUP_MIX[g] for g in TARGET_GROUP_CODES])
           * rng.lognormal(0, GROUP_PERFORMANCE_SD, (n, len(TARGET_GROUP_CODES))))
    for (code, group), factor in (group_effects or {}).items():
        mix[codes.index(code), TARGET_GROUP_CODES.index(group)] *= factor
    for index, group in enumerate(TARGET_GROUP_CODES):
        frame[f"persons_{group}"] = np.round(in_groups * mix[:, index], 1)
    return frame


def draw_jobcenter(rng: np.random.Generator, code: str, persons: dict[str, float]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A staff list and its allocation lines for one jobcenter."""
    workload = {g: persons[g] * CASEWORK_INTENSITY[g] for g in TARGET_GROUP_CODES}
    employees = max(8, int(round(sum(persons.values()) / rng.uniform(*PERSONS_PER_EMPLOYEE))))
    departments = int(np.clip(round(2 + np.log2(max(employees, 1) / 20)), 2, 5))
    staff_rows, allocation_rows = [], []
    layout = DEPARTMENT_LAYOUTS[departments]
    loads = [sum(workload[g] for cluster in clusters for g in CLUSTERS[cluster]) for _, clusters in layout]
    counts = np.maximum(2, np.round(employees * np.array(loads) / sum(loads)).astype(int))
    number = 0
    for (department, clusters), count in zip(layout, counts):
        groups = [g for cluster in clusters for g in CLUSTERS[cluster]]
        weights = np.array([workload[g] for g in groups]) + 1e-9
        for position in range(count):
            number += 1
            staff_group = "leder" if position == 0 else _pick(rng, STAFF_MIX)
            employee_id = f"M{number:04d}"
            hours = 37.0 if rng.random() < 0.8 else float(rng.choice((25.0, 30.0, 32.0, 34.0)))
            months = 12.0 if rng.random() < 0.85 else float(rng.integers(3, 12))
            salary = SALARY[staff_group] * rng.uniform(0.92, 1.08) * hours / 37 * months / 12
            staff_rows.append({"municipality": code, "employee_id": employee_id, "department": department,
                               "weekly_hours": hours, "staff_group": staff_group, "months_employed": months,
                               "salary_cost": np.nan if rng.random() < MISSING_SALARY_SHARE else round(salary, -2),
                               "source": ""})
            for group, task, share in _employee_lines(rng, staff_group, groups, weights):
                allocation_rows.append({"municipality": code, "department": department, "employee_id": employee_id,
                                        "target_group": group, "task": task, "share": share, "source": ""})
    return pd.DataFrame(staff_rows), pd.DataFrame(allocation_rows)


def _employee_lines(rng: np.random.Generator, staff_group: str, groups: list[str],
                    weights: np.ndarray) -> list[tuple[str, str, float]]:
    """One employee's (target group, task, share) lines: shares in 5 % steps summing to exactly 1."""
    probabilities = weights / weights.sum()
    main = str(rng.choice(groups, p=probabilities))
    other = str(rng.choice(groups, p=probabilities))
    if staff_group == "leder":
        parts = [("shared", "teamledelse", 0.65), ("shared", "administration", 0.2),
                 ("shared", "faglig_udvikling", 0.05), (main, "sagsbehandling", 0.1)]
    elif staff_group == "hk":
        parts = [("shared", "administration", rng.uniform(0.2, 0.6)), (main, "administration", rng.uniform(0.2, 0.5)),
                 (other, "sagsbehandling", rng.uniform(0.0, 0.3))]
    elif staff_group == "konsulent":
        parts = [(main, "virksomhedsservice", rng.uniform(0.3, 0.6)), (main, "virksomhedsplacering", rng.uniform(0.2, 0.5)),
                 (other, "virksomhedsplacering", rng.uniform(0.0, 0.2)), ("shared", "faglig_udvikling", 0.05)]
    else:
        parts = [(main, "sagsbehandling", rng.uniform(0.5, 0.85)), (other, "sagsbehandling", rng.uniform(0.0, 0.3)),
                 (main, "anden_aktoer", rng.uniform(0.0, 0.1) if rng.random() < 0.3 else 0.0),
                 ("shared", "faglig_udvikling", rng.uniform(0.03, 0.1)), ("shared", "administration", rng.uniform(0.0, 0.08))]
    combined: dict[tuple[str, str], float] = {}
    for group, task, weight in parts:
        combined[(group, task)] = combined.get((group, task), 0.0) + weight
    keys = list(combined)
    steps = _round_to_steps(np.array([combined[k] for k in keys]), int(round(1 / SHARE_STEP)))
    return [(group, task, round(step * SHARE_STEP, 2)) for (group, task), step in zip(keys, steps) if step > 0]


def _round_to_steps(weights: np.ndarray, total: int) -> np.ndarray:
    """Whole steps in proportion to ``weights`` that add up to ``total`` (largest remainder)."""
    exact = weights / weights.sum() * total
    steps = np.floor(exact).astype(int)
    for index in np.argsort(steps - exact)[: total - steps.sum()]:
        steps[index] += 1
    return steps


def draw_konto5(rng: np.random.Generator, code: str, persons: dict[str, float]) -> pd.DataFrame:
    """Konto 5 amounts per target group × tool, rounded to 1,000 DKK."""
    level = rng.lognormal(0, 0.25)  # how much this municipality activates, all groups together
    rows = []
    for group in TARGET_GROUP_CODES:
        total = persons[group] * ACTIVATION_PER_PERSON[group] * level * rng.lognormal(0, 0.2)
        mix = rng.dirichlet(np.array(TOOL_WEIGHTS[group]) * 3)
        for tool, share in zip(TOOL_CODES, mix):
            rows.append({"municipality": code, "target_group": group, "tool": tool,
                         "amount": float(round(total * share, -3)), "source": ""})
    return pd.DataFrame(rows)


def _pick(rng: np.random.Generator, weighted: tuple[tuple[str, float], ...]) -> str:
    names, weights = zip(*weighted)
    return str(rng.choice(names, p=np.array(weights) / sum(weights)))
