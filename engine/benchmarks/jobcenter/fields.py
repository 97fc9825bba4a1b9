"""Form fields and choices shared by the three jobcenter templates (staff list, FTE allocation, konto 5)."""

from __future__ import annotations

from engine.benchmarks.jobcenter.codes import Code
from engine.identity import identity
from engine.reference import municipality_choices
from engine.spec import Choice, Field
from engine.text import Text

# One FTE is a full-time week of 37 hours for 12 months (the collective agreements' norm). The
# cross-workbook check and the computation both count FTE this way.
FULL_TIME_HOURS = 37.0
MONTHS = 12.0
SHARE_TOTAL = 100.0  # an employee's shares of working time, in percent, add up to this


def choices(codes: tuple[Code, ...]) -> tuple[Choice, ...]:
    return tuple(Choice(code.code, code.label) for code in codes)


def municipality_field(help_: Text) -> Field:
    return Field("municipality", Text("Kommune", "Municipality"), "choice", choices=municipality_choices(),
                 width=34, help=help_)


def year_field() -> Field:
    return Field("year", Text("Opgørelsesår", "Year"), "integer", minimum=2015, maximum=2040, number_format="0",
                 help=Text("Det regnskabsår, tallene gælder for.", "The financial year the figures refer to."))


def contact_fields() -> tuple[Field, Field]:
    return (
        Field("contact_name", Text("Kontaktperson", "Contact person"), "text", max_length=100,
              help=Text("Den, vi kan spørge om besvarelsen.", "The person we can ask about the answers.")),
        Field("contact_email", Text("Kontaktpersonens e-mail", "Contact e-mail"), "email", max_length=200,
              help=Text("Fx navn@kommune.dk.", "E.g. name@kommune.dk.")),
    )


def employee_id_field(help_: Text) -> Field:
    return Field("employee_id", Text("Medarbejder-id", "Employee id"), "text", max_length=20, width=15, help=help_,
                 identity="code")


def fte(weekly_hours: float, months: float) -> float:
    """An employee's FTE in the year from the staff list.

    >>> fte(37, 12), fte(29.6, 6)
    (1.0, 0.4)
    """
    return round(weekly_hours / FULL_TIME_HOURS * months / MONTHS, 10)


def normalised(text: str) -> str:
    """Ids and department names match by the one identity rule (:func:`engine.identity.identity`).

    >>> normalised(" Job og  Virksomhed"), normalised("m0001")
    ('job og virksomhed', 'm0001')
    """
    return identity(text)
