"""The FTE allocation: one per department, filled by the department head.

Each employee's effective working time is distributed over (target group, task) lines, in percent of
the employee's time; the lines of one employee add up to 100 %. Time that serves every target group
(management, shared administration) goes on the "shared" target group. The matrix shape is a gap in
the source (SYSTEMS.md §2.10.3); lines per employee keep the sheet narrow and let a head write only the
combinations that occur. ``templates build --staff-list`` prefills one template per department with
its employees' ids (:mod:`engine.benchmarks.jobcenter.prefill`).
"""

from __future__ import annotations

from collections.abc import Iterator

from engine.benchmarks.jobcenter.codes import SHARED, STAFF_GROUPS, TARGET_GROUPS, TASKS
from engine.benchmarks.jobcenter.fields import (
    SHARE_TOTAL, choices, contact_fields, employee_id_field, municipality_field, normalised, year_field,
)
from engine.benchmarks.jobcenter.texts import ALLOCATION_INSTRUCTIONS
from engine.workbook.cells import cell_ref
from engine.validation.issues import Issue
from engine.templates.layout import record_col
from engine.spec import Domain, Field, FormSheet, GroupSum, RecordSheet
from engine.validation.submission import Submission
from engine.text import Text

# 1.1: the employee's staff group and weekly hours beside the id (read-only), counts in employees
TEMPLATE_VERSION = "1.1"
MAX_LINES = 1000
SHARE_TOLERANCE = 0.01  # percentage points: 33,33 + 33,33 + 33,34 is 100


def _front() -> FormSheet:
    return FormSheet(
        id="front",
        name=Text("Forside", "Front"),
        heading=Text("Jobcenterbenchmark – fordeling af årsværk", "Jobcentre benchmark – FTE allocation"),
        intro=Text("Udfyldes af afdelingslederen: fordel hver medarbejders effektive arbejdstid på målgrupper og "
                   "opgaver på arket Fordeling. Kommune, år og afdeling er normalt udfyldt på forhånd. Læs arket "
                   "Vejledning først. Felter med * skal udfyldes.",
                   "Filled in by the department head: distribute each employee's effective working time over "
                   "target groups and tasks on the Allocation sheet. Municipality, year and department are "
                   "normally prefilled. Read the Instructions sheet first. Fields marked * are required."),
        fields=(
            municipality_field(Text("Normalt udfyldt på forhånd.", "Normally prefilled.")),
            year_field(),
            Field("department", Text("Afdeling", "Department"), "text", max_length=60, width=34, identity="name",
                  help=Text("Afdelingens navn præcis som i medarbejderlisten (normalt udfyldt på forhånd).",
                            "The department's name exactly as in the staff list (normally prefilled).")),
            *contact_fields(),
        ),
    )


def _allocation() -> RecordSheet:
    return RecordSheet(
        id="allocation",
        name=Text("Fordeling", "Allocation"),
        heading=Text("Medarbejdernes arbejdstid fordelt på målgrupper og opgaver",
                     "The employees' working time by target group and task"),
        intro=Text("Én række pr. kombination af medarbejder, målgruppe og opgave; skriv andelen af medarbejderens "
                   "arbejdstid i procent. Hver medarbejders andele skal give 100 % (kolonnen til højre bliver grøn). "
                   "Tid, der ikke kan henføres til én målgruppe (ledelse, fælles administration), skrives på "
                   "'Fælles'. Er der ikke rækker nok til en medarbejder, brug en tom række længere nede og skriv "
                   "medarbejder-id'et igen. Udskriften viser de forudfyldte rækker og 10 tomme; skriver du længere "
                   "nede, så ryd udskriftsområdet (Sidelayout > Udskriftsområde) før du udskriver.",
                   "One row per combination of employee, target group and task; enter the share of the employee's "
                   "working time in percent. Each employee's shares must add up to 100 % (the column on the right "
                   "turns green). Time that cannot be tied to one target group (management, shared "
                   "administration) goes on 'Shared'. If an employee needs more rows, use an empty row further "
                   "down and write the employee id again. The printout shows the prefilled rows and 10 empty ones; "
                   "if you write further down, clear the print area (Page Layout > Print Area) before printing."),
        columns=(
            employee_id_field(Text("Id'et fra medarbejderlisten (normalt udfyldt på forhånd).",
                                   "The id from the staff list (normally prefilled).")),
            # Beside the id, so the head recognises the employee: prefilled from the staff list, read-only.
            Field("staff_group", Text("Personalegruppe", "Staff group"), "choice", choices=choices(STAFF_GROUPS),
                  required=False, width=32,
                  help=Text("Fra medarbejderlisten; kan ikke ændres her.", "From the staff list; read-only here.")),
            Field("weekly_hours", Text("Timer pr. uge", "Weekly hours"), "number", required=False, width=9,
                  help=Text("Fra medarbejderlisten; kan ikke ændres her.", "From the staff list; read-only here.")),
            Field("target_group", Text("Målgruppe", "Target group"), "choice",
                  choices=choices((*TARGET_GROUPS, SHARED)), width=36,
                  help=Text("Den målgruppe, tiden bruges på. 'Fælles' = ledelse og administration for alle.",
                            "The target group the time is spent on. 'Shared' = management and administration "
                            "for all.")),
            Field("task", Text("Opgave (konto 6)", "Task (account 6)"), "choice", choices=choices(TASKS), width=34,
                  help=Text("Den opgave, tiden bruges på. Se definitionerne på arket Vejledning.",
                            "The task the time is spent on. See the definitions on the Instructions sheet.")),
            Field("share", Text("Andel af arbejdstiden (%)", "Share of working time (%)"), "number",
                  unit=Text("%", "%"), minimum=0, maximum=100, width=14,
                  help=Text("Procent af medarbejderens effektive arbejdstid, fx 40. Alle rækker for samme "
                            "medarbejder skal give 100.",
                            "Percent of the employee's effective working time, e.g. 40. All rows of the same "
                            "employee must add up to 100.")),
        ),
        key=("employee_id", "target_group", "task"),
        max_rows=MAX_LINES,
        group_sums=(GroupSum("employee_total", Text("Medarbejderens i alt (%)", "Employee's total (%)"),
                             group="employee_id", field="share", target=SHARE_TOTAL,
                             check_label=Text("medarbejdere, hvis andele ikke giver 100 %",
                                              "employees whose shares are not 100 %"),
                             count_label=Text("medarbejdere", "employees")),),
        guide_fields=("employee_id",),
        info_fields=("staff_group", "weekly_hours"),
    )


def employee_shares(submission: Submission) -> dict[str, tuple[str, float, int]]:
    """Employee (normalised id) -> (id as first typed, sum of valid shares, zero-based row of the first line)."""
    totals: dict[str, tuple[str, float, int]] = {}
    rows = sorted(submission.tables.get("allocation", {}).values(), key=lambda values: values["employee_id"].row)
    for values in rows:
        employee, share = values["employee_id"], values["share"].value
        typed, total, first = totals.get(normalised(employee.value), (employee.value, 0.0, employee.row))
        totals[normalised(employee.value)] = (typed, total + (share or 0.0), first)
    return totals


def rule_shares_add_up(submission: Submission) -> Iterator[Issue]:
    """Each employee's shares of working time add up to 100 %."""
    sheet = submission.domain.sheet("allocation")
    name = submission.sheet_names["allocation"]
    col = record_col(sheet, "employee_total")
    for employee, total, row in employee_shares(submission).values():
        if abs(total - SHARE_TOTAL) > SHARE_TOLERANCE:
            yield Issue("employee-shares-not-100", submission.path, name, cell_ref(row, col), "share",
                        {"employee": employee, "total": round(total, 2)})


DOMAIN = Domain(
    id="jobcenter_fte",
    title=Text("Jobcenterbenchmark – fordeling af årsværk", "Jobcentre benchmark – FTE allocation"),
    template_version=TEMPLATE_VERSION,
    sheets=(_front(), _allocation()),
    participant_field="municipality",
    participant_detail="department",
    year_field="year",
    instructions=ALLOCATION_INSTRUCTIONS,
    rules=(rule_shares_add_up,),
)
