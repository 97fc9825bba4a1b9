"""Names, labels, number formats and the named parameters shared by the jobcenter report's sheets."""

from __future__ import annotations

from engine.benchmarks.jobcenter.codes import SHARED, TARGET_GROUPS, TASKS, TOOLS
from engine.report.formats import DKK as DKK_FORMAT, Choices
from engine.text import Text

CASES_LIMIT = 10
SHEETS = {
    "key": Text("Hovedbudskaber", "Key messages"),
    "unit": Text("Enhedsomkostninger", "Unit costs"),
    "fte": Text("Årsværk", "FTE"),
    "konto5": Text("Konto 5", "Account 5"),
    "effect": Text("Effekt", "Effect"),
    "cost_effect": Text("Omkostning og effekt", "Cost and effect"),
    "peers": Text("Lignende kommuner", "Similar municipalities"),
    "examples": Text("Eksempler", "Examples"),
    "method": Text("Metode", "Method"),
    "data": Text("Grundlag", "Basis"),
    "register": Text("Register", "Register"),
}
TITLE = Text("Jobcenterbenchmark", "Jobcentre benchmark")
LABELS = {code.code: code.label for code in (*TARGET_GROUPS, SHARED, *TASKS)}
TOOL_LABELS = {tool.code: tool.label for tool in TOOLS}
DKK, FTE2, SHARE1, RATE, PP = DKK_FORMAT, "#,##0.00", "0.0%", "0.0%", "+0.00;-0.00;0.00"
VERDICT = {"better": Text("bedre end forventet", "better than expected"),
           "worse": Text("dårligere end forventet", "worse than expected"),
           "within_noise": Text("inden for usikkerheden", "within the uncertainty"),
           "unknown": Text("kan ikke beregnes", "cannot be computed")}
ABOUT = Text("Handler om", "About")  # the examples sheet's column: the items an example is shown for, with its word
# (fill, font) of a verdict; "within the uncertainty" and "cannot be computed" keep the cell's neutral format
VERDICT_COLOURS = {"better": ("#E2EFDA", "#375623"), "worse": ("#FCE4D6", "#9C0006")}


def colour_verdicts(wb, ws, first_row: int, first_col: int, last_row: int, last_col: int, lang: str) -> None:
    """Colour verdict cells by the word in them: a conditional format per coloured verdict, keyed on the
    very words :data:`VERDICT` gives the formula that writes the cell, so word and colour change together
    when a parameter changes and LibreOffice or Excel recalculates. The cell's own format stays neutral."""
    for kind, (fill, font) in VERDICT_COLOURS.items():
        ws.conditional_format(first_row, first_col, last_row, last_col, {
            "type": "cell", "criteria": "==", "value": f'"{VERDICT[kind](lang)}"',
            "format": wb.add_format({"bg_color": fill, "font_color": font})})


# The overhead key's values as the reader sees and types them (the formulas compare with these words).
OVERHEAD_KEY = Choices({"direct_fte": Text("direkte årsværk", "direct FTE"),
                        "persons": Text("helårspersoner", "full-year persons")})

# Named parameter cells on the method sheet: (name, attribute of params, label, unit, number format).
PARAMETERS = (
    ("full_time_hours", "full_time_hours", Text("Ugentlige timer pr. årsværk", "Weekly hours per FTE"),
     Text("timer", "hours"), "0.0"),
    *((f"cost_{g}", f"cost_{g}", Text(f"Standardomkostning pr. årsværk: {label.da}",
                                      f"Standard cost per FTE: {label.en}"), Text("kr. pr. år", "DKK a year"), DKK)
      for g, label in (("socialraadgiver", Text("socialrådgiver", "social worker")), ("ac", Text("AC", "AC")),
                       ("hk", Text("HK", "HK")), ("konsulent", Text("konsulent", "consultant")),
                       ("leder", Text("leder", "manager")))),
    ("overhead_key", "overhead_key", Text("Fordelingsnøgle for fælles tid", "Key for spreading shared time"),
     Text("direkte årsværk eller helårspersoner", "direct FTE or full-year persons"), OVERHEAD_KEY),
    ("min_persons", "min_persons", Text("Mindste målgruppe (helårspersoner) for en enhedsomkostning",
                                        "Smallest target group (full-year persons) for a unit cost"),
     Text("helårspersoner", "full-year persons"), "0"),
    ("min_group", "min_group", Text("Mindste sammenligningsgruppe", "Smallest comparison group"),
     Text("kommuner", "municipalities"), "0"),
    ("n_peers", "n_peers", Text("Antal mest lignende kommuner", "Number of most similar municipalities"),
     Text("kommuner", "municipalities"), "0"),
    ("flag_distance", "flag_distance", Text("Markering: mindste afstand til medianen ud over kvartilen",
                                            "Flag: smallest distance from the median beyond the quartile"),
     Text("andel af medianen", "fraction of the median"), "0%"),
    ("family_alpha", "family_alpha", Text("Risiko for mindst én fejlagtig vurdering blandt alle kommuner",
                                          "Risk of at least one false verdict among all municipalities"),
     Text("sandsynlighed (Bonferroni)", "probability (Bonferroni)"), "0.00"),
    ("confidence_z", "confidence_z", Text("Usikkerhed: antal standardfejl", "Uncertainty: number of standard errors"),
     Text("z = NORMSINV(1 − family_alpha / (2 × kommuner i modellen)); 1,96 ville være 95 % for én kommune alene",
          "z = NORMSINV(1 − family_alpha / (2 × municipalities in the model)); 1.96 would be 95 % for one "
          "municipality alone"), "0.00"),
    ("group_confidence_z", "group_confidence_z", Text("Usikkerhed pr. målgruppe: antal standardfejl",
                                                      "Uncertainty per target group: number of standard errors"),
     Text("z = NORMSINV(1 − family_alpha / (2 × 12 målgrupper))", "z = NORMSINV(1 − family_alpha / (2 × 12 target "
          "groups))"), "0.00"),
)
