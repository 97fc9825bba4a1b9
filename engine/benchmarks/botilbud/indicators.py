"""The botilbud indicators, declared once as data, and the pure formulas behind them.

Each :class:`Indicator` carries its id, Danish/English name and unit, the formula as people
read it, the direction in which it is better, the case-catalogue code it maps to (SYSTEMS.md
§1.7) and its number format. The compute module (:mod:`engine.benchmarks.botilbud.compute`) evaluates
them for every facility at once; the report shows the same names, units and formula texts.

The two formulas that need a hand calculation to trust are plain functions on arrays:

>>> round(float(productivity(24, 0.55, 18, 97, 2800)), 3)      # SYSTEMS.md §1.5.1
1.112
>>> round(float(dkk_per_user_hour(24, 0.55, 18, 97, 2800)))
899
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

from engine.text import Text

ANNUAL_NORM_HOURS = 1503  # "Årsnorm ex ferie mv." (seed 000)
DAYS_PER_YEAR = 365
WEEKDAYS_PER_YEAR, WEEKEND_DAYS_PER_YEAR = 261, 104
NIGHT_HOURS = (23, 0, 1, 2, 3, 4, 5, 6)  # the night shift 23-07, as on the questionnaire's Staffing sheet
DAY_TYPES = ("weekday", "weekend")

Direction = Literal["higher", "lower"]


@dataclass(frozen=True)
class Indicator:
    """One indicator of the botilbud benchmark.

    ``better`` is the direction in which the indicator is better (``None``: neither, it is shown
    but never flagged); ``flagged`` is False for an indicator that only restates another one
    (an inverse), so one weakness is not counted twice; ``inverse_of`` then names the indicator it
    inverts, whose flag the report shows on the inverse's row too (never counted again), so the
    pair never disagrees. ``min_difference`` names a parameter
    (of :class:`~engine.benchmarks.botilbud.compute.BotilbudParameters`) holding the distance from the peer
    median, in the indicator's own unit, the facility must exceed before it is flagged (every flaggable
    indicator has one: docs/method.md, "Comparison, suppression, flags"); ``needs_time`` marks
    indicators that need the time registration.
    """

    id: str
    name: Text
    unit: Text
    formula: Text
    better: Direction | None
    code: str
    number_format: str
    flagged: bool = True
    inverse_of: str | None = None
    min_difference: str | None = None
    needs_time: bool = False

    @property
    def flaggable(self) -> bool:
        return self.flagged and self.better is not None


_PP = Text("procentpoint", "percentage points")
INDICATORS: tuple[Indicator, ...] = (
    Indicator("user_hours_per_1000_dkk",
              Text("Brugerrettede timer pr. 1.000 takstkroner", "User-oriented hours per 1,000 DKK of tariff"),
              Text("timer pr. 1.000 kr.", "hours per 1,000 DKK"),
              Text("(årsværk × 1.503 × andel brugerrettet tid) / (pladser × belægning × takst × 365 / 1.000)",
                   "(FTE × 1,503 × share of user-oriented time) / (places × occupancy × tariff × 365 / 1,000)"),
              "higher", "PROD", "0.000", min_difference="min_distance_productivity", needs_time=True),
    Indicator("dkk_per_user_hour",
              Text("Takstkroner pr. brugerrettet time", "Tariff DKK per user-oriented hour"),
              Text("kr. pr. time", "DKK per hour"),
              Text("takstindtægt / brugerrettede timer = 1.000 / brugerrettede timer pr. 1.000 kr.",
                   "tariff income / user-oriented hours = 1,000 / user-oriented hours per 1,000 DKK"),
              "lower", "PROD", "#,##0", flagged=False, inverse_of="user_hours_per_1000_dkk", needs_time=True),
    Indicator("user_share",
              Text("Andel brugerrettet tid (direkte + indirekte)", "Share of user-oriented time (direct + indirect)"),
              Text("andel af registreret tid", "share of registered time"),
              Text("(minutter direkte + indirekte brugerrettet) / alle registrerede minutter",
                   "(minutes direct + indirect user-oriented) / all registered minutes"),
              "higher", "TID", "0.0%", min_difference="min_distance_time_share", needs_time=True),
    Indicator("direct_share",
              Text("Andel direkte brugerrettet tid", "Share of direct user-oriented time"),
              Text("andel af registreret tid", "share of registered time"),
              Text("minutter direkte brugerrettet / alle registrerede minutter",
                   "minutes direct user-oriented / all registered minutes"),
              "higher", "TID", "0.0%", min_difference="min_distance_time_share", needs_time=True),
    Indicator("direct_share_sd_staff",
              Text("Variation i direkte tid mellem medarbejdere (standardafvigelse)",
                   "Variation in direct time between staff (standard deviation)"),
              _PP,
              Text("standardafvigelse (stikprøve) af hver medarbejders andel direkte tid over sine dage",
                   "standard deviation (sample) of each staff member's share of direct time over their days"),
              None, "TID", "0.0%", needs_time=True),
    Indicator("direct_share_sd_days",
              Text("Variation i direkte tid mellem dage (standardafvigelse)",
                   "Variation in direct time between days (standard deviation)"),
              _PP,
              Text("standardafvigelse (stikprøve) af hver registreringsdags andel direkte tid (alle medarbejdere)",
                   "standard deviation (sample) of each registration day's share of direct time (all staff)"),
              None, "TID", "0.0%", needs_time=True),
    Indicator("direct_share_iqr",
              Text("Spredning i direkte tid pr. vagt (interkvartilbredde)",
                   "Spread of direct time per shift (interquartile range)"),
              _PP,
              Text("3. kvartil − 1. kvartil af andelen direkte tid i hver registrering (medarbejder og dag)",
                   "3rd quartile − 1st quartile of the share of direct time in each registration (staff and day)"),
              None, "TID", "0.0%", needs_time=True),
    Indicator("documentation_share",
              Text("Andel tid til dokumentation", "Share of time spent on documentation"),
              Text("andel af registreret tid", "share of registered time"),
              Text("minutter dokumentation (alle fem slags) / alle registrerede minutter",
                   "minutes of documentation (all five kinds) / all registered minutes"),
              "lower", "DOK", "0.0%", min_difference="min_distance_documentation", needs_time=True),
    Indicator("staff_per_citizen_weekday",
              Text("Personale pr. borger til stede, hverdag", "Staff per citizen present, weekday"),
              Text("medarbejdere pr. borger", "staff per citizen"),
              Text("personaletimer i døgnet / borgertimer i døgnet (hverdag)",
                   "staff hours over the day / citizen hours over the day (weekday)"),
              "lower", "NORM", "0.00", min_difference="min_distance_staff_per_citizen"),
    Indicator("staff_per_citizen_weekend",
              Text("Personale pr. borger til stede, weekend", "Staff per citizen present, weekend"),
              Text("medarbejdere pr. borger", "staff per citizen"),
              Text("personaletimer i døgnet / borgertimer i døgnet (weekend)",
                   "staff hours over the day / citizen hours over the day (weekend)"),
              "lower", "NORM", "0.00", min_difference="min_distance_staff_per_citizen"),
    Indicator("gap_fte",
              Text("Gab: årsværk ud over de mest lignendes normering",
                   "Gap: FTE beyond the staffing of the most similar"),
              Text("årsværk", "FTE"),
              Text("Σ timer MAX(0; personale − medianen for de 5 mest lignende (personale pr. borger) × borgere) × "
                   "dage pr. år (hverdag 261, weekend 104) / 1.503",
                   "Σ hours MAX(0; staff − the 5 most similar's median (staff per citizen) × citizens) × days a "
                   "year (weekday 261, weekend 104) / 1,503"),
              "lower", "NORM", "0.00", min_difference="gap_min_fte"),
    Indicator("gap_fte_night",
              Text("Gab om natten (kl. 23-07)", "Gap at night (23:00-07:00)"),
              Text("årsværk", "FTE"),
              Text("gabet, kun nattetimerne kl. 23-07", "the gap, night hours 23-07 only"),
              "lower", "NORM-NAT", "0.00", min_difference="gap_min_fte"),
    Indicator("overtime_per_fte",
              Text("Udbetalt overarbejde pr. årsværk", "Paid overtime per FTE"),
              Text("timer pr. årsværk", "hours per FTE"),
              Text("udbetalte overarbejdstimer / årsværk i alt", "paid overtime hours / FTE in total"),
              "lower", "OVER", "0.0", min_difference="min_distance_overtime"),
    Indicator("temp_share",
              Text("Vikarandel af basistimerne", "Temp share of front-line hours"),
              Text("andel af timer", "share of hours"),
              Text("vikartimer / (årsværk basispersonale × 1.503 + vikartimer)",
                   "temp hours / (front-line FTE × 1,503 + temp hours)"),
              "lower", "VIK", "0.0%", min_difference="min_distance_temp_share"),
    Indicator("turnover",
              Text("Personaleomsætning", "Staff turnover"),
              Text("andel af ansatte", "share of employees"),
              Text("fratrådte fastansatte / antal ansatte", "permanent leavers / employees"),
              "lower", "OMS", "0.0%", min_difference="min_distance_turnover"),
    Indicator("managers_per_employee",
              Text("Ledere pr. medarbejder", "Managers per employee"),
              Text("ledere pr. ansat", "managers per employee"),
              Text("ledere / antal ansatte", "managers / employees"),
              "lower", "LED", "0.000", min_difference="min_distance_managers"),
    Indicator("employees_per_manager",
              Text("Medarbejdere pr. leder", "Employees per manager"),
              Text("ansatte pr. leder", "employees per manager"),
              Text("antal ansatte / ledere", "employees / managers"),
              "higher", "LED", "0.0", flagged=False, inverse_of="managers_per_employee"),
    Indicator("competence_days_per_employee",
              Text("Kompetenceudviklingsdage pr. medarbejder", "Competence development days per employee"),
              Text("dage pr. ansat", "days per employee"),
              Text("kompetenceudviklingsdage / antal ansatte", "competence development days / employees"),
              "higher", "KOMP", "0.0", min_difference="min_distance_competence_days"),
    Indicator("shift_overlap",
              Text("Overlap ved vagtskifte", "Shift overlap"),
              Text("minutter", "minutes"),
              Text("som oplyst i spørgeskemaet", "as stated in the questionnaire"),
              None, "ARB", "0"),
)
INDICATOR_IDS = tuple(indicator.id for indicator in INDICATORS)
_BY_ID = {indicator.id: indicator for indicator in INDICATORS}


def indicator(indicator_id: str) -> Indicator:
    """The declaration of one indicator.

    >>> indicator("turnover").code
    'OMS'
    """
    try:
        return _BY_ID[indicator_id]
    except KeyError:
        raise KeyError(f"unknown botilbud indicator {indicator_id!r}; known: {', '.join(INDICATOR_IDS)}") from None


# -- formulas ------------------------------------------------------------------------------------------
def user_hours(fte, user_share, annual_norm_hours: float = ANNUAL_NORM_HOURS):
    """Total user-oriented hours a year = FTE × annual norm × share of user-oriented time."""
    return np.asarray(fte, dtype=float) * annual_norm_hours * np.asarray(user_share, dtype=float)


def tariff_income(places, occupancy_pct, tariff, days_per_year: float = DAYS_PER_YEAR):
    """Total tariff income a year = places × occupancy (as a fraction) × daily tariff × days."""
    return (np.asarray(places, dtype=float) * (np.asarray(occupancy_pct, dtype=float) / 100)
            * np.asarray(tariff, dtype=float) * days_per_year)


def productivity(fte, user_share, places, occupancy_pct, tariff, annual_norm_hours: float = ANNUAL_NORM_HOURS,
                 days_per_year: float = DAYS_PER_YEAR):
    """User-oriented hours per 1,000 DKK of tariff: user hours / (tariff income / 1,000).

    ``occupancy_pct`` is a percentage (97, not 0.97), as the questionnaire asks it.
    """
    income = tariff_income(places, occupancy_pct, tariff, days_per_year)
    with np.errstate(divide="ignore", invalid="ignore"):
        return user_hours(fte, user_share, annual_norm_hours) / (income / 1000)


def dkk_per_user_hour(fte, user_share, places, occupancy_pct, tariff, annual_norm_hours: float = ANNUAL_NORM_HOURS,
                      days_per_year: float = DAYS_PER_YEAR):
    """The inverse: tariff income per user-oriented hour (DKK)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return tariff_income(places, occupancy_pct, tariff, days_per_year) / user_hours(fte, user_share,
                                                                                        annual_norm_hours)


def excess_staff(staff, citizens, reference_ratio):
    """Staff on duty beyond ``reference_ratio × citizens`` in each hour: MAX(0; staff − ratio × citizens).

    An hour without a reference ratio (NaN) has no excess: there is nothing to compare with.

    >>> excess_staff([3, 2, 1], [4, 4, 0], [0.5, 0.5, np.nan]).tolist()
    [1.0, 0.0, 0.0]
    """
    staff, citizens, ratio = (np.asarray(a, dtype=float) for a in (staff, citizens, reference_ratio))
    excess = np.maximum(0.0, staff - ratio * citizens)
    return np.where(np.isnan(ratio), 0.0, excess)


def gap_fte(staff, citizens, reference_ratio, days_per_year, annual_norm_hours: float = ANNUAL_NORM_HOURS):
    """The staffing gap in FTE: Σ over hourly slots of excess staff × the slot's days a year / annual norm.

    Arrays broadcast; the last axis is summed (e.g. shape (facilities, slots)). Each slot is one hour,
    so excess staff in a slot is excess staff hours per day.

    >>> gap_fte([[3, 2]], [[4, 4]], [[0.5, 0.5]], [[261, 104]], 1503).round(4).tolist()  # 1 hour × 261 days
    [0.1737]
    """
    excess = excess_staff(staff, citizens, reference_ratio)
    return (excess * np.asarray(days_per_year, dtype=float)).sum(axis=-1) / annual_norm_hours
