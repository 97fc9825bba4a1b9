"""The jobcenter staff list: one per municipality, filled by finance or HR staff.

One row per jobcenter employee: a pseudonymous id, the department, the weekly contracted hours, the
staff group (employment terms), the months employed in the year and, optionally, the annual salary
cost. Department heads receive FTE allocation templates prefilled from this list
(:mod:`engine.benchmarks.jobcenter.prefill`), so the department names here are the ones they see.
"""

from __future__ import annotations

from engine.benchmarks.jobcenter.codes import STAFF_GROUPS
from engine.benchmarks.jobcenter.fields import choices, contact_fields, employee_id_field, municipality_field, year_field
from engine.benchmarks.jobcenter.texts import STAFF_INSTRUCTIONS
from engine.spec import Domain, Field, FormSheet, RecordSheet
from engine.text import Text

TEMPLATE_VERSION = "1.0"
MAX_EMPLOYEES = 1500  # the largest jobcentres have about 1,000 employees
MAX_SALARY_COST = 10_000_000  # DKK a year incl. pension: seven times a director's; more is a typing error


def _front() -> FormSheet:
    return FormSheet(
        id="front",
        name=Text("Forside", "Front"),
        heading=Text("Jobcenterbenchmark – medarbejderliste", "Jobcentre benchmark – staff list"),
        intro=Text("Udfyldes af kommunens økonomi- eller personalemedarbejder: alle jobcentrets medarbejdere i "
                   "opgørelsesåret, én række pr. medarbejder på arket Medarbejdere. Læs arket Vejledning først. "
                   "Felter med * skal udfyldes.",
                   "Filled in by the municipality's finance or HR staff: all of the jobcentre's employees in the "
                   "year, one row per employee on the Employees sheet. Read the Instructions sheet first. Fields "
                   "marked * are required."),
        fields=(
            municipality_field(Text("Vælg kommunen fra listen.", "Pick the municipality from the list.")),
            year_field(),
            *contact_fields(),
        ),
    )


def _employees() -> RecordSheet:
    return RecordSheet(
        id="employees",
        name=Text("Medarbejdere", "Employees"),
        heading=Text("Jobcentrets medarbejdere: én række pr. medarbejder", "The jobcentre's employees: one row each"),
        intro=Text("Alle, der har været ansat i jobcentret i opgørelsesåret, også ledere, administrative "
                   "medarbejdere og fratrådte. Skriv aldrig navne eller CPR-numre: brug et medarbejder-id, fx "
                   "lønnummeret eller M0001. Afdelingen skrives ens for alle i afdelingen; afdelingslederne får "
                   "en skabelon pr. afdeling med deres medarbejdere.",
                   "Everyone employed at the jobcentre in the year, including managers, administrative staff and "
                   "leavers. Never write names or CPR numbers: use an employee id, e.g. the payroll number or "
                   "M0001. Write the department the same way for everyone in it; the department heads get one "
                   "template per department with their employees."),
        columns=(
            employee_id_field(Text("Pseudonymt id, fx lønnummer eller M0001. Ét id pr. medarbejder; aldrig navn "
                                   "eller CPR-nummer.",
                                   "Pseudonymous id, e.g. payroll number or M0001. One id per employee; never a "
                                   "name or CPR number.")),
            Field("department", Text("Afdeling", "Department"), "text", max_length=60, width=28, identity="name",
                  help=Text("Afdelingen eller teamet med egen leder, stavet ens for alle i afdelingen.",
                            "The department or team with its own head, spelled the same for everyone in it.")),
            Field("weekly_hours", Text("Ugentlig arbejdstid", "Weekly hours"), "number",
                  unit=Text("timer", "hours"), minimum=1, maximum=60, plausible_minimum=8, plausible_maximum=40,
                  width=12,
                  help=Text("Kontraktlig ugentlig arbejdstid, fx 37 eller 32. Fuld tid = 37 timer.",
                            "Contracted weekly hours, e.g. 37 or 32. Full time = 37 hours.")),
            Field("staff_group", Text("Personalegruppe / overenskomst", "Staff group / agreement"), "choice",
                  choices=choices(STAFF_GROUPS), width=30,
                  help=Text("Ansættelsesvilkår. Bruges til standardlønnen, hvor lønudgiften mangler.",
                            "Employment terms. Used for the standard salary where the salary cost is missing.")),
            Field("months_employed", Text("Måneder ansat i året", "Months employed in the year"), "number",
                  unit=Text("måneder", "months"), minimum=0.5, maximum=12, plausible_minimum=1, width=12,
                  help=Text("Antal måneder ansat i opgørelsesåret, 0,5-12. Hele året = 12.",
                            "Months employed in the year, 0.5-12. The whole year = 12.")),
            Field("salary_cost", Text("Årlig lønudgift (valgfri)", "Annual salary cost (optional)"), "number",
                  unit=Text("kr.", "DKK"), required=False, minimum=0, maximum=MAX_SALARY_COST, plausible_minimum=20_000,
                  plausible_maximum=1_500_000, width=16, number_format="#,##0",
                  help=Text("Lønudgift i året inkl. pension, kr. Tom: standardløn for personalegruppen bruges.",
                            "Salary cost in the year incl. pension, DKK. Empty: the staff group's standard "
                            "salary is used.")),
        ),
        key=("employee_id",),
        max_rows=MAX_EMPLOYEES,
    )


DOMAIN = Domain(
    id="jobcenter_staff",
    title=Text("Jobcenterbenchmark – medarbejderliste", "Jobcentre benchmark – staff list"),
    template_version=TEMPLATE_VERSION,
    sheets=(_front(), _employees()),
    participant_field="municipality",
    year_field="year",
    instructions=STAFF_INSTRUCTIONS,
)
