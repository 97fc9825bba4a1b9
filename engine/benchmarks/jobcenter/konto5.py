"""The konto 5 budget: one per municipality, prefilled by the consultant, split by finance staff.

The consultant allocates the municipality's konto 5 (activation) expenses from the accounts over
accounting groups and the six tools; that first allocation is prefilled and locked (given rows).
Where the accounts do not separate target groups (cash benefit, education benefit), the finance
staff split the given amounts into the sub-target groups; per tool the parts must add up to the
total. Corrections of the given amounts go through the consultant, who prefills a new template, so
every municipality's basis is the same accounts extract.
"""

from __future__ import annotations

from dataclasses import dataclass

from engine.benchmarks.jobcenter.codes import TARGET_GROUPS, TOOLS
from engine.benchmarks.jobcenter.fields import contact_fields, municipality_field, year_field
from engine.benchmarks.jobcenter.texts import KONTO5_INSTRUCTIONS
from engine.spec import Domain, Field, FormSheet, RowItem, TableSheet
from engine.text import Text

TEMPLATE_VERSION = "1.0"
MAX_AMOUNT = 10_000_000_000  # DKK: ten times the largest konto 5 budget of any municipality; more is a typing error


@dataclass(frozen=True)
class AccountingGroup:
    """A line of the accounts the consultant allocates; split into target groups where it holds several."""

    code: str
    label: Text
    target_groups: tuple[str, ...]


def _accounting_groups() -> tuple[AccountingGroup, ...]:
    merged = {
        "kontanthjaelp": (Text("Kontanthjælp", "Cash benefit"), ("kth_jobparat", "kth_aktivitetsparat")),
        "uddannelseshjaelp": (Text("Uddannelseshjælp", "Education benefit"),
                              ("udh_uddannelsesparat", "udh_aktivitetsparat")),
    }
    groups, seen = [], set()
    for group in TARGET_GROUPS:
        owner = next((code for code, (_, parts) in merged.items() if group.code in parts), None)
        if owner is None:
            groups.append(AccountingGroup(group.code, group.label, (group.code,)))
        elif owner not in seen:
            seen.add(owner)
            groups.append(AccountingGroup(owner, *merged[owner]))
    return tuple(groups)


ACCOUNTING_GROUPS = _accounting_groups()
ACCOUNTING_GROUP_CODES = tuple(group.code for group in ACCOUNTING_GROUPS)
TOTAL_LABEL = Text("I alt ifølge regnskabet", "Total from the accounts")


def konto5_rows() -> tuple[RowItem, ...]:
    labels = {group.code: group.label for group in TARGET_GROUPS}
    rows = []
    for group in ACCOUNTING_GROUPS:
        if len(group.target_groups) == 1:
            rows.append(RowItem(group.code, group.code, group.label, labels[group.code], given=True))
            continue
        rows.append(RowItem(group.code, group.code, group.label, TOTAL_LABEL, given=True))
        rows += [RowItem(code, group.code, group.label, labels[code], part_of=group.code)
                 for code in group.target_groups]
    return tuple(rows)


def _front() -> FormSheet:
    return FormSheet(
        id="front",
        name=Text("Forside", "Front"),
        heading=Text("Jobcenterbenchmark – konto 5", "Jobcentre benchmark – account 5"),
        intro=Text("Udfyldes af kommunens økonomimedarbejder. Konsulenten har fordelt kommunens udgifter på konto 5 "
                   "ud fra regnskabet (de blå felter). Fordel de beløb, regnskabet ikke deler på delmålgrupper, på "
                   "arket Konto 5. Læs arket Vejledning først. Felter med * skal udfyldes.",
                   "Filled in by the municipality's finance staff. The consultant has allocated the "
                   "municipality's account 5 expenses from the accounts (the blue cells). Split the amounts the "
                   "accounts do not separate into sub-target groups on the Account 5 sheet. Read the Instructions "
                   "sheet first. Fields marked * are required."),
        fields=(
            municipality_field(Text("Normalt udfyldt på forhånd.", "Normally prefilled.")),
            year_field(),
            *contact_fields(),
        ),
    )


def _budget() -> TableSheet:
    return TableSheet(
        id="konto5",
        name=Text("Konto 5", "Account 5"),
        heading=Text("Udgifter på konto 5 fordelt på målgrupper og redskaber (kr.)",
                     "Account 5 expenses by target group and tool (DKK)"),
        intro=Text("Blå felter er konsulentens fordeling fra regnskabet og kan ikke ændres. Gule felter: fordel "
                   "totalen på delmålgrupperne, kolonne for kolonne, i hele kroner. Kolonnen 'Afvigelse' skal være "
                   "0 (grøn). Skriv 0, hvor der ikke er udgifter.",
                   "Blue cells are the consultant's allocation from the accounts and cannot be changed. Yellow "
                   "cells: split the total over the sub-target groups, column by column, in whole kroner. The "
                   "'Difference' column must be 0 (green). Enter 0 where there are no expenses."),
        key_header=Text("Nøgle", "Key"),
        group_header=Text("Regnskabsgruppe", "Accounting group"),
        label_header=Text("Målgruppe", "Target group"),
        rows=konto5_rows(),
        # At least 16, and wide enough that no word of the bold header wraps mid-word ("Jobformidlingsforløb").
        columns=tuple(Field(tool.code, tool.label, "number", unit=Text("kr.", "DKK"), minimum=0, maximum=MAX_AMOUNT,
                            width=max(16, 1 + max(len(word) for word in f"{tool.label.da} {tool.label.en}".split())),
                            number_format="#,##0",
                            help=Text(f"Udgift i kr. til '{tool.label.da}' for målgruppen i opgørelsesåret.",
                                      f"Expenses in DKK on '{tool.label.en}' for the target group in the year."))
                      for tool in TOOLS),
    )


DOMAIN = Domain(
    id="jobcenter_konto5",
    title=Text("Jobcenterbenchmark – konto 5", "Jobcentre benchmark – account 5"),
    template_version=TEMPLATE_VERSION,
    sheets=(_front(), _budget()),
    participant_field="municipality",
    year_field="year",
    instructions=KONTO5_INSTRUCTIONS,
)
