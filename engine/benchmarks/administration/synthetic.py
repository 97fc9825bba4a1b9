"""Plausible synthetic submissions, for the demo, the tests and the benchmarks.

Values are correlated the way real answers are: a municipality that centralises
tends to do so across categories, digital maturity lifts both digital scores,
and FTE scale with inhabitants (finance) and employees (HR). Everything is
driven by an explicit ``random.Random`` so a seed reproduces a round.
"""

from __future__ import annotations

import random
import zlib
from dataclasses import dataclass

from engine.benchmarks import get_domain
from engine.reference import municipalities
from engine.spec import TableSheet

# FTE per 10,000 inhabitants (finance) and per 1,000 employees (HR/payroll): typical spread.
FINANCE_FTE_RATE = (7.0, 16.0)
HR_FTE_RATE = (4.0, 10.0)
FINANCE_SYSTEMS = (("kmd_opus", 0.55), ("prisme", 0.35), ("unit4", 0.07), ("other", 0.03))
PAYROLL_SYSTEMS = (("kmd_opus_loen", 0.6), ("sd_loen", 0.37), ("other", 0.03))


@dataclass(frozen=True)
class Profile:
    """The latent traits one synthetic municipality is drawn from."""

    code: str
    name: str
    inhabitants: int
    employees: int
    centralisation: float  # shift of every category's level, about -1 .. +1
    digital: float  # shift of digital maturity, about -0.3 .. +0.3


def draw_profile(rng: random.Random, code: str | None = None) -> Profile:
    """A municipality with its approximate real size and random traits."""
    known = municipalities()
    municipality = known[code] if code else known[rng.choice(sorted(known))]
    inhabitants = int(municipality.inhabitants_approx * rng.uniform(0.97, 1.03))
    employees = int(inhabitants * rng.uniform(0.07, 0.10))
    return Profile(municipality.code, municipality.name, inhabitants, employees,
                   centralisation=rng.gauss(0, 0.5), digital=rng.gauss(0, 0.15))


def administration_values(rng: random.Random, profile: Profile, year: int) -> dict[tuple[str, ...], object]:
    """A complete, valid administration submission for ``profile``."""
    domain = get_domain("administration")
    slug = profile.name.lower().replace(" ", "").replace("-", "")
    values: dict[tuple[str, ...], object] = {
        ("front", "municipality"): profile.code,
        ("front", "year"): year,
        ("front", "inhabitants"): profile.inhabitants,
        ("front", "employees"): profile.employees,
        ("front", "finance_system"): _weighted(rng, FINANCE_SYSTEMS),
        ("front", "payroll_system"): _weighted(rng, PAYROLL_SYSTEMS),
        ("front", "contact_name"): rng.choice(("Mette Hansen", "Lars Nielsen", "Anne Jensen", "Søren Pedersen",
                                               "Hanne Christensen", "Jens Larsen", "Maria Sørensen")),
        ("front", "contact_email"): f"benchmark@{slug}.dk".replace("æ", "ae").replace("ø", "oe").replace("å", "aa"),
        ("front", "contact_phone"): f"{rng.randint(20, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)} "
                                    f"{rng.randint(10, 99)}",
    }
    rates = {"finance": (profile.inhabitants / 10_000) * rng.uniform(*FINANCE_FTE_RATE),
             "hr": (profile.employees / 1_000) * rng.uniform(*HR_FTE_RATE)}
    for sheet in domain.sheets:
        if isinstance(sheet, TableSheet):
            _fill_processes(rng, sheet, profile, rates[sheet.id], values)
    return values


def _fill_processes(rng: random.Random, sheet: TableSheet, profile: Profile, total_fte: float,
                    values: dict[tuple[str, ...], object]) -> None:
    # A common national pattern of how much work each process takes, varied modestly per municipality.
    weights = [_process_weight(item.key) * rng.lognormvariate(0, 0.3) for item in sheet.rows]
    scale = total_fte / sum(weights)
    for item, weight in zip(sheet.rows, weights):
        base = _category_level(item.group_id)
        level = base + profile.centralisation + rng.gauss(0, 0.6)
        values[(sheet.id, item.key, "centralisation")] = min(3, max(0, round(level)))
        maturity = 0.55 + profile.digital + (_category_level(item.group_id + "#d") - 1.5) / 6
        values[(sheet.id, item.key, "digital_process")] = _digital(rng, maturity - 0.05)
        values[(sheet.id, item.key, "digital_solution")] = _digital(rng, maturity + 0.1)
        values[(sheet.id, item.key, "fte")] = round(weight * scale, 2)
        if rng.random() < 0.03:
            values[(sheet.id, item.key, "comment")] = rng.choice((
                "Løses delvist af eksternt firma", "Skøn – ingen tidsregistrering",
                "Opgaven flyttes centralt næste år", "=Samme som sidste år"))


def _process_weight(key: str) -> float:
    """A stable relative workload per process, 0.2 .. 3."""
    return 0.2 + (zlib.crc32(("w" + key).encode()) % 1000) / 1000 * 2.8


def _category_level(key: str) -> float:
    """A stable 'national' centralisation level per category, 0.5 .. 2.8."""
    return 0.5 + (zlib.crc32(key.encode()) % 1000) / 1000 * 2.3


def _digital(rng: random.Random, maturity: float) -> float:
    draw = rng.random()
    if draw < maturity - 0.2:
        return 1.0
    if draw < maturity + 0.2:
        return rng.choice((0.5, 0.5, 0.5, 0.25, 0.75))
    return 0.0


def _weighted(rng: random.Random, options: tuple[tuple[str, float], ...]) -> str:
    return rng.choices([o for o, _ in options], weights=[w for _, w in options])[0]
