"""Benchmarking af botilbud: the time registration filled by front-line staff.

Every front-line staff member registers a whole working day about every third day of a
14-day period (about 5 days each): one row per staff member and day, minutes per
activity. The rows are free (a :class:`~engine.spec.RecordSheet` keyed by staff code and
date); the documentation total and the row total are live formulas, never inputs. The
categories are defined in :mod:`engine.benchmarks.botilbud.time_registration_text`; the share of
user-oriented time (direct + indirect) feeds the productivity indicator.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator

from engine.benchmarks.botilbud.time_registration_text import CATEGORIES, DOCUMENTATION, INSTRUCTIONS
from engine.spec import Domain, Field, FormSheet, RecordSheet, SumColumn
from engine.templates.layout import record_col
from engine.text import Text
from engine.validation.issues import Issue
from engine.validation.submission import Submission
from engine.workbook.cells import cell_ref

TEMPLATE_VERSION = "1.0"
PERIOD_DAYS = 14
MIN_DAYS_PER_STAFF = 4  # "about every third day" of 14 days is 5; one missed day is tolerated
DAY_LIMIT_MINUTES = 16 * 60  # more in one day is an error: no shift is that long
USUAL_SHIFT_MINUTES = (60, 10 * 60)  # outside: a warning
MAX_ROWS = 400  # 40 staff × 5 days with room to spare
DATES = (dt.date(2015, 1, 1), dt.date(2040, 12, 31))


def _front_sheet() -> FormSheet:
    def date(field_id, da, en, help_da, help_en) -> Field:
        return Field(field_id, Text(da, en), "date", minimum=DATES[0], maximum=DATES[1], width=16,
                     help=Text(help_da, help_en))

    return FormSheet(
        id="front",
        name=Text("Forside", "Front"),
        heading=Text("Benchmarking af botilbud – tidsregistrering",
                     "Residential care benchmark – time registration"),
        intro=Text("Lederen eller en koordinator udfylder forsiden; basispersonalet registrerer deres tid på arket "
                   "Registreringer. Læs arket Vejledning først. Felter med * skal udfyldes.",
                   "The leader or a coordinator fills in the front sheet; front-line staff register their time on "
                   "the Registrations sheet. Read the Instructions sheet first. Fields marked * are required."),
        fields=(
            Field("facility_id", Text("Tilbuds-id", "Facility id"), "text", max_length=20, identity="code",
                  help=Text("Samme id som i spørgeskemaet, fx BO-0451.", "The same id as in the questionnaire, "
                            "e.g. BO-0451.")),
            Field("facility_name", Text("Tilbuddets navn", "Facility name"), "text", required=False, max_length=120,
                  help=Text("Frivilligt.", "Optional.")),
            date("period_start", "Periodens første dag", "First day of the period",
                 "Første dag i registreringsperioden på 14 dage.", "First day of the 14-day registration period."),
            date("period_end", "Periodens sidste dag", "Last day of the period",
                 "Sidste dag i perioden, normalt 13 dage efter den første.",
                 "Last day of the period, normally 13 days after the first."),
        ),
    )


def _header_width(field_id: str, da: str, en: str) -> int:
    """Wide enough that no word of the bold header wraps in the middle ("Administration")."""
    return max(16 if field_id.startswith("doc_") else 14, 1 + max(len(word) for word in f"{da} {en}".split()))


def _registrations_sheet() -> RecordSheet:
    minutes = tuple(Field(field_id, Text(da, en), "integer", unit=Text("minutter", "minutes"), required=False,
                          minimum=0, maximum=DAY_LIMIT_MINUTES, width=_header_width(field_id, da, en),
                          help=Text(help_da, help_en))
                    for field_id, da, en, help_da, help_en in CATEGORIES)
    return RecordSheet(
        id="registrations",
        name=Text("Registreringer", "Registrations"),
        heading=Text("Tidsregistrering: én række pr. medarbejder pr. registreringsdag",
                     "Time registration: one row per staff member per registration day"),
        intro=Text("Skriv din medarbejderkode (aldrig dit navn), datoen og minutterne for hele vagten fordelt på "
                   "kategorierne. Tomme felter tæller som 0. Summerne til højre regner selv. Se definitionerne på "
                   "arket Vejledning eller i feltets hjælpetekst.",
                   "Enter your staff code (never your name), the date and the minutes of the whole shift split "
                   "over the categories. Empty cells count as 0. The totals on the right calculate themselves. "
                   "See the definitions on the Instructions sheet or in each cell's help text."),
        columns=(
            Field("staff", Text("Medarbejderkode", "Staff code"), "text", max_length=12, width=17, identity="code",
                  help=Text("Den kode, lederen har givet dig, fx S07. Skriv aldrig navne.",
                            "The code the leader gave you, e.g. S07. Never write names.")),
            Field("date", Text("Dato", "Date"), "date", minimum=DATES[0], maximum=DATES[1], width=12,
                  help=Text("Registreringsdagen, dd-mm-åååå. Vagt over midnat: den dag, vagten begyndte.",
                            "The registration day, dd-mm-yyyy. Shift past midnight: the day it started.")),
            *minutes,
        ),
        key=("staff", "date"),
        max_rows=MAX_ROWS,
        sums=(
            SumColumn("documentation", Text("Dokumentation i alt", "Documentation in total"), DOCUMENTATION, width=16),
            SumColumn("total", Text("Minutter i alt", "Minutes in total"),
                      tuple(field_id for field_id, *_ in CATEGORIES), maximum=DAY_LIMIT_MINUTES,
                      plausible_minimum=USUAL_SHIFT_MINUTES[0], plausible_maximum=USUAL_SHIFT_MINUTES[1], width=14),
        ),
    )


# -- rules ------------------------------------------------------------------------------------------------
def _period(submission: Submission) -> tuple[dt.date, dt.date] | None:
    start, end = submission.form_value("period_start"), submission.form_value("period_end")
    return (start, end) if start is not None and end is not None and start <= end else None


def rule_period(submission: Submission) -> Iterator[Issue]:
    start, end = submission.form_value("period_start"), submission.form_value("period_end")
    if start is not None and end is not None and end < start:
        cell = submission.form["period_end"]
        yield Issue("period-end-before-start", submission.path, cell.sheet, cell.ref, "period_end",
                    {"start": start.isoformat(), "end": end.isoformat()})


def rule_dates_in_period(submission: Submission) -> Iterator[Issue]:
    period = _period(submission)
    if period is None:
        return
    start, end = period
    for values in submission.tables.get("registrations", {}).values():
        date = values["date"]
        if not start <= date.value <= end:
            yield Issue("date-outside-period", submission.path, date.sheet, date.ref, "date",
                        {"staff": values["staff"].value, "date": date.value.isoformat(),
                         "start": start.isoformat(), "end": end.isoformat()})


def rule_minutes_per_day(submission: Submission) -> Iterator[Issue]:
    """A row is one working day: more than nothing, at most a very long shift, usually 1-10 hours."""
    sheet = submission.domain.sheet("registrations")
    total = sheet.sum_column("total")
    col = record_col(sheet, total.id)
    for values in submission.tables.get("registrations", {}).values():
        minutes = sum(values[f].value or 0 for f in total.fields)  # blank counts as 0, like the formula
        staff = values["staff"]
        where = (submission.path, staff.sheet, cell_ref(staff.row, col), total.id)
        params = {"staff": staff.value, "date": values["date"].value.isoformat(), "minutes": minutes,
                  "hours": round(minutes / 60, 1)}
        if minutes == 0:
            yield Issue("minutes-none", *where, params)
        elif minutes > total.maximum:
            yield Issue("minutes-exceed-day", *where, {**params, "limit": total.maximum // 60})
        elif not total.plausible_minimum <= minutes <= total.plausible_maximum:
            yield Issue("minutes-implausible", *where, {**params, "low": total.plausible_minimum // 60,
                                                        "high": total.plausible_maximum // 60})


def rule_days_per_staff(submission: Submission) -> Iterator[Issue]:
    """About every third day of 14: each staff code should have at least MIN_DAYS_PER_STAFF days."""
    days: dict[str, set[dt.date]] = defaultdict(set)
    first_cell = {}
    for values in submission.tables.get("registrations", {}).values():
        staff = values["staff"]
        days[staff.value].add(values["date"].value)
        if staff.value not in first_cell or staff.row < first_cell[staff.value].row:
            first_cell[staff.value] = staff
    for code, dates in days.items():
        if len(dates) < MIN_DAYS_PER_STAFF:
            cell = first_cell[code]
            yield Issue("too-few-registration-days", submission.path, cell.sheet, cell.ref, "staff",
                        {"staff": code, "days": len(dates), "expected": MIN_DAYS_PER_STAFF})


DOMAIN = Domain(
    id="botilbud_tid",
    title=Text("Benchmarking af botilbud – tidsregistrering", "Residential care benchmark – time registration"),
    template_version=TEMPLATE_VERSION,
    sheets=(_front_sheet(), _registrations_sheet()),
    participant_field="facility_id",
    year_field="period_start",
    instructions=INSTRUCTIONS,
    rules=(rule_period, rule_dates_in_period, rule_minutes_per_day, rule_days_per_staff),
)
