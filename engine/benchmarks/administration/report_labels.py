"""Names, labels and method parameters shared by the administration workbook's sheets and the overview."""

from __future__ import annotations

from functools import cache

from engine.benchmarks import get_domain
from engine.benchmarks.administration.compute import category_table
from engine.report import formats as fm
from engine.report.formats import DASH
from engine.spec import TableSheet
from engine.text import Text, format_number


CASES_PER_CATEGORY = 3

SHEETS = {
    "key": Text("Hovedbudskaber", "Key messages"),
    "summary": Text("Overblik", "Summary"),
    "processes": Text("Processer", "Processes"),
    "charts": Text("Diagrammer", "Charts"),
    "potential": Text("Potentiale", "Potential"),
    "drilldown": Text("Processer sammenlignet", "Processes compared"),
    "examples": Text("Eksempler", "Examples"),
    "method": Text("Metode", "Method"),
    "basis": Text("Grundlag", "Basis"),
}
AREA_NAMES = {
    "finance": Text("Regnskab og økonomistyring", "Accounting and financial management"),
    "hr": Text("Løn- og personaleadministration", "Payroll and HR administration"),
}
SCORE_NAMES = {
    "centralisation": Text("Centraliseringsgrad", "Centralisation"),
    "digital_process": Text("Digital proces", "Digital process"),
    "digital_solution": Text("Digital løsning", "Digital solution"),
}
SCORE_SCALES = {"centralisation": "(0–3)", "digital_process": "(0–1)", "digital_solution": "(0–1)"}
FLAG_NAMES = {
    "flag_less_centralised": Text("mindre centraliseret", "less centralised"),
    "flag_less_digital": Text("mindre digitaliseret", "less digital"),
    "flag_more_fte": Text("flere årsværk", "more FTE"),
}
TITLE = Text("Benchmark af administrationen", "Administration benchmark")
TOTAL_LABEL = Text("Samlet", "Total")
OVERALL_TEXT = {  # how "Samlet" is computed, by the parameter overall_weighting
    "categories": Text("Samlet er gennemsnittet af kategorierne: hver kategori tæller lige meget, uanset hvor mange "
                       "processer den har.",
                       "Total is the mean of the categories: every category counts the same, however many "
                       "processes it has."),
    "processes": Text("Samlet er gennemsnittet over alle områdets processer, dvs. vægtet med antal processer – "
                      "ikke gennemsnittet af kategorierne.",
                      "Total is the mean over all processes of the area, i.e. weighted by the number of processes "
                      "– not the mean of the categories."),
}
CATEGORY = Text("Kategori", "Category")
FTE_LABEL = Text("Årsværk", "FTE")
SYSTEM_FIELDS = {"finance": "finance_system", "hr": "payroll_system"}
SYSTEM_KIND = {"finance": Text("økonomisystem", "finance system"), "hr": Text("lønsystem", "payroll system")}

# Parameter cells on the method sheet: (name in formulas, attribute of params, label, unit, format).
PARAMETERS = (
    ("cost_per_fte", "cost_per_fte", Text("Omkostning pr. årsværk", "Cost per FTE"), Text("kr.", "DKK"), fm.DKK),
    ("finance_per_inhabitants", "finance_per_inhabitants",
     Text("Grundlag for økonomi: årsværk pr. antal indbyggere", "Finance basis: FTE per number of inhabitants"),
     Text("indbyggere", "inhabitants"), fm.COUNT),
    ("hr_per_employees", "hr_per_employees",
     Text("Grundlag for løn og personale: årsværk pr. antal ansatte",
          "Payroll and HR basis: FTE per number of employees"), Text("ansatte", "employees"), fm.COUNT),
    ("min_group", "min_group", Text("Mindste sammenligningsgruppe", "Smallest comparison group"),
     Text("øvrige kommuner", "other municipalities"), "0"),
    ("centralisation_threshold", "centralisation_threshold",
     Text("Tærskel: mindre centraliseret (afvigelse under minus)", "Threshold: less centralised (deviation below minus)"),
     Text("point på skalaen 0–3", "points on the 0–3 scale"), "0.00"),
    ("digital_threshold", "digital_threshold",
     Text("Tærskel: mindre digitaliseret (afvigelse under minus)", "Threshold: less digital (deviation below minus)"),
     Text("point på skalaen 0–1", "points on the 0–1 scale"), "0.00"),
    ("fte_min_difference", "fte_min_difference",
     Text("Mindste forskel: flere årsværk end medianen med mere end (og over øvre kvartil)",
          "Smallest difference: more FTE than the median by more than (and above the upper quartile)"),
     Text("årsværk", "FTE"), "0.00"),
    ("spread_margin", "spread_margin",
     Text("Markering: så langt ud over de øvriges kvartil på den dårlige side",
          "Flag: this far beyond the others' quartile on the bad side"),
     Text("gange kvartilafstanden (Q3 − Q1)", "times the interquartile range (Q3 − Q1)"), "0.00"),
)
# The figures whose quartiles the basis sheet shows, as its headers name them.
QUARTILE_FIGURES = {
    "centralisation": Text("centraliseringsgrad", "centralisation"),
    "digital_process": Text("digital proces", "digital process"),
    "digital_solution": Text("digital løsning", "digital solution"),
    "fte_norm": Text("årsværk pr. grundlag", "FTE per basis"),
}


def suppressed_note(params, lang: str) -> str:
    n = params.min_group
    return Text(f"Sammenligningsgruppen har færre end {n} kommuner",
                f"The comparison group has fewer than {n} municipalities")(lang)


def basis_unit(area: str, params, lang: str) -> str:
    """'pr. 10.000 indbyggere' / 'per 1,000 employees' from the parameters."""
    if area == "finance":
        n = format_number(params.finance_per_inhabitants, lang)
        return Text(f"pr. {n} indbyggere", f"per {n} inhabitants")(lang)
    n = format_number(params.hr_per_employees, lang)
    return Text(f"pr. {n} ansatte", f"per {n} employees")(lang)


def basis_label(area: str, params, lang: str) -> str:
    if area == "finance":
        n = format_number(params.finance_per_inhabitants, lang)
        return Text(f"Indbyggere / {n}", f"Inhabitants / {n}")(lang)
    n = format_number(params.hr_per_employees, lang)
    return Text(f"Ansatte / {n}", f"Employees / {n}")(lang)


def other_municipalities(n: int, lang: str) -> str:
    """The comparison group in words, right for none, one and many ("de 0 øvrige" reads wrong)."""
    if n == 0:
        return Text("ingen: kommunen er den eneste deltager", "none: the municipality is the only participant")(lang)
    if n == 1:
        return Text("den 1 øvrige deltagende kommune (aldrig kommunen selv)",
                    "the 1 other participating municipality (never the municipality itself)")(lang)
    return Text(f"de {n} øvrige deltagende kommuner (aldrig kommunen selv)",
                f"the {n} other participating municipalities (never the municipality itself)")(lang)


def system_label(area: str, system_id: object, lang: str) -> str:
    """The finance or payroll system's name as the template shows it."""
    if not isinstance(system_id, str):
        return DASH
    _, field = get_domain("administration").form_field(SYSTEM_FIELDS[area])
    for choice in field.choices:
        if choice.id == system_id:
            return choice.label(lang)
    return system_id


@cache  # package data: read once per process, not once per report
def category_names() -> dict[tuple[str, str], Text]:
    table = category_table()
    return {(row.area, row.category_id): Text(row.name_da, row.name_en) for row in table.itertuples(index=False)}


@cache
def process_names() -> dict[str, Text]:
    names = {}
    for sheet in get_domain("administration").sheets:
        if isinstance(sheet, TableSheet):
            names.update({item.key: item.label for item in sheet.rows})
    return names
