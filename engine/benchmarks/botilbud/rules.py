"""Cross-field rules of the botilbud questionnaire: checks no single cell can make.

Each rule reads only values that passed their own field's checks (``Value.value`` is
``None`` otherwise) and stays silent when what it needs is missing, so one mistake
gives one finding, at the cell where it is best fixed.
"""

from __future__ import annotations

from collections.abc import Iterator

from engine.templates.layout import TABLE_TOTAL_ROW, table_field_col
from engine.text import Text
from engine.validation.issues import Issue
from engine.validation.submission import Submission
from engine.workbook.cells import cell_ref

# Citizens counted on the Citizens sheet against places × occupancy: a warning beyond this many
# citizens (or this share of the places, whichever is larger). The count is at year end, the
# occupancy a yearly average, so a small difference is normal.
OCCUPANCY_TOLERANCE = (2, 0.15)
NIGHT_HOURS = frozenset(range(0, 7)) | {23}  # the night shift, 23-07
DAYS = (("weekday", Text("hverdag", "weekday"), "staff_weekday", "citizens_weekday"),
        ("weekend", Text("weekend", "weekend"), "staff_weekend", "citizens_weekend"))


def rule_frontline_fte(submission: Submission) -> Iterator[Issue]:
    """Front-line staff are part of all staff."""
    total, frontline = submission.form_value("fte_total"), submission.form_value("fte_frontline")
    if total is not None and frontline is not None and frontline > total:
        cell = submission.form["fte_frontline"]
        yield Issue("frontline-exceeds-total-fte", submission.path, cell.sheet, cell.ref, "fte_frontline",
                    {"frontline": frontline, "total": total})


def citizens_total(submission: Submission) -> int | None:
    """Citizens over all support-need levels; ``None`` unless every level was answered validly."""
    sheet = submission.domain.sheet("citizens")
    rows = submission.tables.get("citizens", {})
    counts = [rows[item.key]["citizens"].value for item in sheet.rows if item.key in rows]
    if len(counts) < len(sheet.rows) or any(count is None for count in counts):
        return None
    return sum(counts)


def rule_citizens(submission: Submission) -> Iterator[Issue]:
    """Some citizens, normally no more than places, and roughly places × occupancy."""
    total = citizens_total(submission)
    if total is None:
        return
    sheet = submission.domain.sheet("citizens")
    where = (submission.path, submission.sheet_names["citizens"],
             cell_ref(TABLE_TOTAL_ROW, table_field_col(sheet, "citizens")), "citizens")
    places = submission.form_value("places")
    if total == 0:
        yield Issue("citizens-none", *where)
        return
    if places is not None and total > places:
        yield Issue("citizens-exceed-places", *where, {"citizens": total, "places": places})
    occupancy = submission.form_value("occupancy")
    if places is not None and occupancy is not None:
        expected = places * occupancy / 100
        absolute, share = OCCUPANCY_TOLERANCE
        if abs(total - expected) > max(absolute, share * places):
            cell = submission.form["occupancy"]
            yield Issue("occupancy-citizens-mismatch", submission.path, cell.sheet, cell.ref, "occupancy",
                        {"occupancy": occupancy, "places": places, "expected": round(expected, 1),
                         "citizens": total})


def rule_staffing(submission: Submission) -> Iterator[Issue]:
    """Per hour: citizens present fit the places, and someone is on duty when citizens are there."""
    places = submission.form_value("places")
    no_night_staff = submission.form_value("night_watch") == "none"
    for key, values in submission.tables.get("staffing", {}).items():
        hour = int(key[:2])
        for _, day, staff_id, present_id in DAYS:
            present, staff = values[present_id], values[staff_id]
            if places is not None and present.value is not None and present.value > places:
                yield Issue("citizens-present-exceed-places", submission.path, present.sheet, present.ref,
                            present_id, {"hour": key, "day": day, "present": present.value, "places": places})
            if (staff.value == 0 and present.value and not (no_night_staff and hour in NIGHT_HOURS)):
                yield Issue("no-staff-on-duty", submission.path, staff.sheet, staff.ref, staff_id,
                            {"hour": key, "day": day, "present": present.value})


RULES = (rule_frontline_fte, rule_citizens, rule_staffing)
