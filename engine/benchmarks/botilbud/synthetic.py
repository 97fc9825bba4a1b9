"""Plausible synthetic botilbud rounds: questionnaires and time registrations that hang together.

A facility is drawn from a few latent traits (target group, size, how much support its
citizens need, how far it staffs above or below the norm) and every answer follows
from them: the citizens' VUM levels centre on the target group's typical need; the
citizens present over the day depend on how many go to work or day services; staff on
duty follow the citizens present; FTE follow the staffed hours (1503 hours per FTE);
the tariff follows the cost of the FTE; and the time registration has 8-15 staff
members × 5 days with 55-65 % user-oriented time. Values are keyed as
:func:`engine.templates.writer.write_template` takes them. Everything is driven by an explicit
``random.Random``, so a seed reproduces a round.

>>> round_ = draw_round(seed=7, size=3, year=2026)
>>> [f.facility.facility_id for f in round_]
['BO-0101', 'BO-0102', 'BO-0103']
"""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass

from engine.benchmarks.botilbud.questionnaire_text import NEED_KEYS
from engine.benchmarks.botilbud.time_registration_text import CATEGORIES, DOCUMENTATION
from engine.reference import municipalities
from engine.templates.writer import slug

NORM_HOURS_PER_FTE = 1503  # "årsværk ex ferie mv.", the seed's norm
WEEKDAYS_PER_YEAR, WEEKEND_DAYS_PER_YEAR = 261, 104

# target group: (weight in a round, mean VUM level, share of citizens away on weekday daytime)
TARGET_GROUPS = {
    "intellectual": (0.34, 2.8, 0.60), "autism": (0.12, 2.6, 0.50), "psychiatric": (0.24, 2.0, 0.30),
    "physical": (0.05, 3.0, 0.40), "brain_injury": (0.07, 2.9, 0.35), "substance": (0.07, 1.8, 0.30),
    "homeless": (0.07, 1.5, 0.35), "other": (0.04, 2.2, 0.40),
}
OPERATORS = (("municipal", 0.7), ("regional", 0.12), ("private", 0.18))
_NAMES = ("Egebo", "Lærkehøj", "Solsikken", "Bøgely", "Fjordhuset", "Engbo", "Skovbrynet", "Kastanjehuset",
          "Birkely", "Havbakken", "Lindegården", "Åbrinken", "Møllehuset", "Nørrevang", "Toften", "Rosenly")
_KINDS = ("Botilbuddet", "Bofællesskabet", "Boenheden", "Bostedet")
_CONTACTS = ("Mette Hansen", "Lars Nielsen", "Anne Jensen", "Søren Pedersen", "Hanne Christensen", "Jens Larsen")


@dataclass(frozen=True)
class Facility:
    """The latent traits of one synthetic facility."""

    facility_id: str
    name: str
    municipality: str
    offer_type: str
    operator: str
    target_group: str
    places: int
    occupancy: float  # percent
    need_mean: float  # mean VUM level of its citizens, 0-4
    away_share: float  # share of citizens away on weekday daytime
    staffing: float  # staff per present citizen, relative to the norm for its need (about 0.8-1.25)
    night_watch: str
    user_share: float  # share of user-oriented time (direct + indirect) in the time registration


@dataclass(frozen=True)
class FacilityRound:
    facility: Facility
    questionnaire: dict
    time_registration: dict


def draw_round(seed: int = 2026, size: int = 120, year: int = 2026) -> list[FacilityRound]:
    """``size`` facilities with their questionnaire and time registration values."""
    rng = random.Random(seed)
    facilities = [draw_facility(rng, 101 + index) for index in range(size)]
    return [FacilityRound(f, questionnaire_values(rng, f, year), time_registration_values(rng, f, year))
            for f in facilities]


def draw_facility(rng: random.Random, number: int) -> Facility:
    group = _weighted(rng, [(g, weight) for g, (weight, _, _) in TARGET_GROUPS.items()])
    _, need, away = TARGET_GROUPS[group]
    need_mean = min(3.6, max(0.6, rng.gauss(need, 0.35)))
    temporary = group in ("psychiatric", "substance", "homeless")
    offer = _weighted(rng, [("sel107", 0.5 if temporary else 0.1), ("sel108", 0.3 if temporary else 0.55),
                            ("abl105", 0.15 if temporary else 0.3), ("other", 0.05)])
    places = int(min(80, max(4, round(rng.lognormvariate(math.log(16), 0.45)))))
    known = municipalities()
    codes = sorted(known)
    municipality = rng.choices(codes, weights=[known[c].inhabitants_approx for c in codes])[0]
    night = ("awake" if need_mean > 2.6 else "sleeping") if rng.random() < 0.8 else "shared"
    if offer == "abl105" and need_mean < 2.0 and rng.random() < 0.6:
        night = "none"
    return Facility(
        facility_id=f"BO-{number:04d}", name=f"{rng.choice(_KINDS)} {rng.choice(_NAMES)}",
        municipality=municipality, offer_type=offer, operator=_weighted(rng, list(OPERATORS)),
        target_group=group, places=places, occupancy=round(max(80.0, 100 - abs(rng.gauss(0, 4))), 1),
        need_mean=need_mean, away_share=min(0.8, max(0.0, rng.gauss(away, 0.1))),
        staffing=rng.lognormvariate(0, 0.12), night_watch=night, user_share=rng.uniform(0.55, 0.65))


# -- questionnaire ------------------------------------------------------------------------------------
def citizens_present(f: Facility, hour: int, weekend: bool) -> int:
    """Citizens at the facility in an hour: everyone at night, fewer while some are at work or day services."""
    citizens = _citizens(f)
    away = f.away_share * (0.3 if weekend else 1.0)
    if 9 <= hour < 15:
        share = 1 - away
    elif hour in (7, 8, 15, 16):
        share = 1 - away / 2
    else:
        share = 1.0
    return round(citizens * share)


def staff_on_duty(f: Facility, hour: int, weekend: bool) -> float:
    """Staff follow the citizens present (in half persons); the night depends on the night watch."""
    present = citizens_present(f, hour, weekend)
    if hour >= 23 or hour < 7:
        awake = max(1.0, round(_citizens(f) / 8 * f.need_mean / 3))
        return {"awake": awake, "sleeping": 1.0, "shared": 0.5, "none": 0.0}[f.night_watch]
    ratio = (0.12 + 0.1 * f.need_mean) * f.staffing * (1.15 if hour in (7, 8, 9) else 1.0)
    return max(0.5, round(present * ratio * 2) / 2) if present else 0.5


def staffing_hours_per_year(f: Facility) -> float:
    weekday = sum(staff_on_duty(f, hour, False) for hour in range(24))
    weekend = sum(staff_on_duty(f, hour, True) for hour in range(24))
    return weekday * WEEKDAYS_PER_YEAR + weekend * WEEKEND_DAYS_PER_YEAR


def questionnaire_values(rng: random.Random, f: Facility, year: int) -> dict[tuple, object]:
    """A complete, valid questionnaire (no errors, no warnings) for ``f``."""
    frontline = staffing_hours_per_year(f) / NORM_HOURS_PER_FTE * rng.uniform(1.0, 1.08)
    managers = 1 + f.places // 25 + (rng.random() < 0.3)
    total = frontline + managers * 0.9 + frontline * rng.uniform(0.04, 0.12)
    headcount = max(managers + 1, round(total / rng.uniform(0.78, 0.92)))
    income_days = f.places * f.occupancy / 100 * 365
    tariff = min(9_800, max(1_100, total * 560_000 * rng.uniform(1.15, 1.4) / income_days))
    contact = rng.choice(_CONTACTS)
    values: dict[tuple, object] = {
        ("front", "facility_id"): f.facility_id, ("front", "facility_name"): f.name,
        ("front", "municipality"): f.municipality, ("front", "year"): year,
        ("front", "offer_type"): f.offer_type, ("front", "operator"): f.operator,
        ("front", "target_group"): f.target_group, ("front", "places"): f.places,
        ("front", "occupancy"): f.occupancy, ("front", "tariff"): round(tariff),
        ("front", "fte_total"): round(total, 1), ("front", "fte_frontline"): round(frontline, 1),
        ("front", "headcount"): headcount, ("front", "managers"): managers,
        ("front", "overtime_hours"): round(frontline * rng.uniform(2, 25)),
        ("front", "temp_hours"): round(staffing_hours_per_year(f) * rng.uniform(0.02, 0.12)),
        ("front", "leavers"): sum(rng.random() < rng.uniform(0.08, 0.25) for _ in range(headcount)),
        ("front", "competence_days"): round(headcount * rng.uniform(0.5, 4.0), 1),
        ("front", "shift_overlap"): rng.choice((0, 10, 15, 15, 20, 30, 30, 45)),
        ("front", "night_watch"): f.night_watch, ("front", "contact_name"): contact,
        ("front", "contact_email"): f"{slug(contact).replace('-', '.')}@{slug(f.name)}.dk",
    }
    for key, count in zip(NEED_KEYS, _need_counts(rng, f)):
        values[("citizens", key, "citizens")] = count
    for hour in range(24):
        key = f"{hour:02d}-{hour + 1:02d}"
        for weekend, suffix in ((False, "weekday"), (True, "weekend")):
            values[("staffing", key, f"staff_{suffix}")] = staff_on_duty(f, hour, weekend)
            values[("staffing", key, f"citizens_{suffix}")] = citizens_present(f, hour, weekend)
    return values


def _citizens(f: Facility) -> int:
    return min(f.places, max(1, round(f.places * f.occupancy / 100)))


def _need_counts(rng: random.Random, f: Facility) -> list[int]:
    """Citizens over VUM 0-4 around the facility's mean need, a few not assessed; they sum to the citizens."""
    counts = [0] * len(NEED_KEYS)
    for _ in range(_citizens(f)):
        if rng.random() < 0.04:
            counts[-1] += 1
        else:
            counts[min(4, max(0, round(rng.gauss(f.need_mean, 0.8))))] += 1
    return counts


# -- time registration --------------------------------------------------------------------------------
def time_registration_values(rng: random.Random, f: Facility, year: int) -> dict[tuple, object]:
    """8-15 staff × 5 registration days (about every third day of 14), whole shifts split over the categories."""
    start = _first_monday_of_march(year) + dt.timedelta(weeks=rng.randint(0, 8))
    values: dict[tuple, object] = {
        ("front", "facility_id"): f.facility_id, ("front", "facility_name"): f.name,
        ("front", "period_start"): start, ("front", "period_end"): start + dt.timedelta(days=13),
    }
    rows = []
    for number in range(1, min(15, max(8, round(_citizens(f) * 0.6 + rng.uniform(2, 6)))) + 1):
        offset = rng.choice((0, 1))
        night = f.night_watch == "awake" and number % 5 == 0
        for day in (0, 3, 6, 9, 12):
            rows.append((start + dt.timedelta(days=day + offset), f"S{number:02d}", night))
    rows.sort()
    for index, (date, staff, night) in enumerate(rows):
        values[("registrations", index, "staff")] = staff
        values[("registrations", index, "date")] = date
        for field_id, minutes in _split_shift(rng, f, night).items():
            values[("registrations", index, field_id)] = minutes if minutes or rng.random() < 0.5 else None
    return values


def _split_shift(rng: random.Random, f: Facility, night: bool) -> dict[str, int]:
    """A shift of 6.5-9.5 hours split over the categories; integer minutes that add up exactly."""
    total = round(rng.gauss(540 if night else 460, 25))
    total = min(570, max(390, total))
    user = min(0.7, max(0.4, rng.gauss(f.user_share - (0.1 if night else 0), 0.04)))
    direct = user * rng.uniform(0.72, 0.85)
    documentation = rng.uniform(0.08, 0.14)
    doc_split = [w * rng.uniform(0.6, 1.4) for w in (0.45, 0.2, 0.15, 0.08, 0.12)]
    shares = {"direct": direct, "indirect": user - direct}
    shares.update({field_id: documentation * w / sum(doc_split) for field_id, w in zip(DOCUMENTATION, doc_split)})
    shares.update(meetings=rng.uniform(0.05, 0.10), transport=rng.choice((0, 0, 0.01, 0.02, 0.03)),
                  administration=rng.uniform(0.03, 0.06))
    minutes = {field_id: round(total * share) for field_id, share in shares.items()}
    minutes["other"] = max(0, total - sum(minutes.values()))
    return {field_id: minutes[field_id] for field_id, *_ in CATEGORIES}


def _first_monday_of_march(year: int) -> dt.date:
    first = dt.date(year, 3, 1)
    return first + dt.timedelta(days=(7 - first.weekday()) % 7)


def _weighted(rng: random.Random, options: list[tuple[str, float]]) -> str:
    return rng.choices([o for o, _ in options], weights=[w for _, w in options])[0]
