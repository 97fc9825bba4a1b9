"""The jobcenter report's Method sheet: the named parameters, the model and how every number is computed."""

from __future__ import annotations

from dataclasses import replace
from statistics import NormalDist

from xlsxwriter.utility import xl_rowcol_to_cell

from engine.benchmarks.jobcenter.report_labels import ABOUT, PARAMETERS
from engine.benchmarks.jobcenter.report_sheets import FRAMEWORK_LABELS
from engine.catalogue import link_rule
from engine.report import formats as fm
from engine.report.formats import write_cached_formula
from engine.text import Text


def method_sections(r) -> list[tuple[str, str]]:
    p, n = r.params, r.n
    fitted = len(r.results.model.fitted_)
    chance = n(fitted * 2 * (1 - NormalDist().cdf(1.96)), 1)  # outside ±1.96 SE by chance alone
    rule = p.disclosure.sentence(Text("kommuner", "municipalities"))
    return [(r.t(*heading), r.t(*body)) for heading, body in (
        (("Årsværk og omkostning pr. medarbejder", "FTE and cost per employee"), (
            "Årsværk = timer pr. uge / full_time_hours × måneder ansat / 12. Omkostningen er personalelistens "
            "lønomkostning for året; hvor den mangler, bruges standardomkostningen pr. årsværk for personalegruppen "
            "(cost_…) × årsværk. Arket Grundlag viser begge dele med formler.",
            "FTE = weekly hours / full_time_hours × months employed / 12. The cost is the staff list's salary cost "
            "for the year; where it is missing, the staff group's standard cost per FTE (cost_…) × FTE is used. The "
            "sheet Basis shows both as formulas.")),
        (("Konto 6 pr. målgruppe og opgave", "Account 6 per target group and task"), (
            "Hver linje i afdelingsledernes fordeling bærer andel × medarbejderens årsværk og andel × medarbejderens "
            "omkostning. Fælles tid (ikke målgruppeopdelt) fordeles på de 12 målgrupper efter nøglen (overhead_key): "
            "som standard i forhold til målgruppens årsværk på de direkte opgaver (alle undtagen administration og "
            "teamledelse), fordi ledelse og fælles administration følger den borgerrettede tid. Administration og "
            "teamledelse, som lederen har ført direkte på en målgruppe, bliver hos den.",
            "Each line of the department heads' allocation carries share × the employee's FTE and share × the "
            "employee's cost. Shared time (not tied to a target group) is spread over the 12 target groups by the key "
            "(overhead_key): by default in proportion to each group's FTE on the direct tasks (all but administration "
            "and team management), because management and shared administration follow the citizen-facing time. "
            "Administration and team management booked directly on a target group stay with it.")),
        (("Enhedsomkostninger", "Unit costs"), (
            "Enhedsomkostning = (konto 6 + konto 5) / helårspersoner i målgruppen, samt konto 6 og konto 5 hver for "
            f"sig. Årsværk pr. 100 helårspersoner = årsværk / helårspersoner × 100. Målgrupper med færre end "
            f"{n(p.min_persons)} helårspersoner (min_persons) får ingen enhedsomkostning. Konto 5-linjerne tælles "
            "flade: ingen linje behandles som summen af andre, så intet tælles to gange.",
            "Unit cost = (account 6 + account 5) / full-year persons in the target group, and accounts 6 and 5 "
            f"separately. FTE per 100 full-year persons = FTE / full-year persons × 100. Target groups with fewer "
            f"than {n(p.min_persons)} full-year persons (min_persons) get no unit cost. The account 5 lines are "
            "counted flat: no line is treated as the sum of others, so nothing is counted twice.")),
        (("Sammenligning", "Comparison"), (
            "Kommunen sammenlignes med de øvrige deltagende kommuner (nedre kvartil, median, øvre kvartil og antal – "
            f"aldrig med sig selv) og med medianen for de {p.n_peers} deltagende kommuner med mest lignende "
            "rammevilkår (standardiseret euklidisk afstand, lige vægte). Andre kommuner navngives kun med samtykke. "
            + rule.da,
            "The municipality is compared with the other participating municipalities (lower quartile, median, "
            f"upper quartile and count – never with itself) and with the median of the {p.n_peers} participating "
            "municipalities with the most similar framework conditions (standardised Euclidean distance, equal "
            "weights). Other municipalities are named only with their consent. " + rule.en)),
        (("Forventet forsørgelsesgrad og afvigelsen fra den", "Expected support rate and the deviation from it"), (
            "Den realiserede offentlige forsørgelsesgrad modelleres med vægtet mindste kvadraters metode på "
            "rammevilkårene over alle kommuner i registerfilen; vægten er antallet af 16-66-årige, så modellen "
            "beskriver landets borgere og ikke én kommune, én stemme. Kommunens forventede værdi kommer fra modellen "
            "estimeret uden kommunen. Forventet − realiseret (procentpoint, positiv = færre på forsørgelse end "
            "forventet) er en afvigelse fra forventet niveau, ikke en målt effekt af jobcentrets indsats: den rummer "
            "alt, de fire rammevilkår ikke fanger. Usikkerheden er confidence_z × standardfejlen; z er sat ud fra "
            "family_alpha og antallet af kommuner i modellen (Bonferroni), så risikoen for, at blot én kommune "
            f"fejlagtigt kaldes bedre eller dårligere, højst er family_alpha. Med 1,96 ville ca. {chance} af {fitted} "
            "kommuner ligge uden for ved rent tilfælde. Rangen ved siden af ordner alle kommuner, også hvor vurderingen ikke kan.",
            "The realised public support rate is modelled by weighted least squares on the framework conditions "
            "over every municipality in the register file; the weight is the number of 16-66-year-olds, so the "
            "model describes the country's people, not one municipality, one vote. The municipality's expected value "
            "comes from the model estimated without it. Expected − realised (percentage points, positive = fewer on "
            "public support than expected) is a deviation from the expected level, not a measured effect of the "
            "jobcentre's work: it holds everything the four conditions miss. The uncertainty is confidence_z × the "
            "standard error; z is set from family_alpha and the number of municipalities in the model (Bonferroni), "
            "so the risk that even one municipality is wrongly called better or worse is at most family_alpha. With "
            f"1.96 about {chance} of {fitted} municipalities would lie outside by chance alone. The rank beside it "
            "orders every "
            "municipality, also where the verdict cannot.")),
        (("Resultat pr. målgruppe", "Result per target group"), (
            "For hver målgruppe: helårspersoner pr. 1.000 16-66-årige, realiseret mod forventet ud fra samme vægtede "
            "model, med usikkerheden group_confidence_z × standardfejlen (z sat, så risikoen for mindst én fejlagtig "
            "vurdering blandt rapportens 12 målgrupper er family_alpha), afvigelsen i helårspersoner og rangen. "
            "Resultatet står ved enhedsomkostningen, fordi en høj enhedsomkostning kan skyldes, at borgerne hurtigere "
            "kommer ud af ydelsen.",
            "For each target group: full-year persons per 1,000 aged 16-66, realised against expected from the same "
            "weighted model, with the uncertainty group_confidence_z × the standard error (z set so that the risk of "
            "at least one false verdict among the report's 12 groups is family_alpha), the deviation in full-year "
            "persons and the rank. The result stands beside the unit cost because a high unit cost can come from "
            "citizens leaving the benefit faster.")),
    )] + [(r.t("Eksempler: sådan er de valgt", "Examples: how they are chosen"), link_rule(ABOUT)(r.lang))]


def write_method(r) -> None:
    ws, f, lang = r.ws["method"], r.f, r.lang
    for col, width in enumerate((54, 16, 46, 24)):
        ws.set_column(col, col, width)
    ws.write_string(0, 0, r.t("Metode – sådan er tallene beregnet", "Method – how the numbers are computed"), f["title"])
    ws.set_row(0, 26)
    ws.write_string(1, 0, r.t("Parametrene herunder bruges af formlerne i arbejdsbogen (navnene i kolonne D). Ændres en "
                              "parameter, regnes kommunens egne tal om; de øvrige kommuners tal er beregnet af "
                              "kommunebench.",
                              "The parameters below are used by the formulas in the workbook (names in column D). "
                              "Change a parameter and the municipality's own figures recalculate; the other "
                              "municipalities' figures are computed by kommunebench."), f["subtitle"])
    # confidence_z = 0 means "from family_alpha": the cell holds the z the engine used.
    shown = replace(r.params, confidence_z=r.results.confidence_z, group_confidence_z=r.results.group_confidence_z)
    row = fm.write_parameter_table(ws, f, PARAMETERS, shown, lang)
    for heading, body in method_sections(r):
        ws.write_string(row, 0, heading, f["body_bold"])
        row += 1
        ws.merge_range(row, 0, row, 3, body, f["body"])
        ws.set_row(row, fm.row_height(body, 150))
        row += 2
    row = write_model_table(r, ws, row)
    fm.print_setup(ws, r.title, lang, landscape=False)


def write_model_table(r, ws, row: int) -> int:
    """The expected-rate model fitted on all municipalities: coefficients, R², residual SD, n."""
    f, model = r.f, r.results.model
    ws.write_string(row, 0, r.t("Modellen for den forventede forsørgelsesgrad (alle kommuner)",
                                "The model of the expected support rate (all municipalities)") + r.t(
        ", vægtet med antallet af 16-66-årige", ", weighted by the number of 16-66-year-olds"), f["body_bold"])
    row += 1
    for col, label in enumerate((Text("Rammevilkår", "Framework condition"),
                                 Text("Koefficient pr. standardafvigelse (procentpoint)",
                                      "Coefficient per standard deviation (percentage points)"),
                                 Text("Koefficient i variablens enhed", "Coefficient in the variable's unit"))):
        ws.write_string(row, col, label(r.lang), f["header_left" if col == 0 else "header"])
    ws.set_row(row, 30)
    row += 1
    for column, standardised, own in zip(model.feature_names_in_, model.standardised_coef_, model.coef_):
        label = FRAMEWORK_LABELS[column](r.lang) if column in FRAMEWORK_LABELS else str(column)
        ws.write_string(row, 0, label, f["label"])
        ws.write_number(row, 1, float(standardised) * 100, f.num("+0.00;-0.00"))
        ws.write_number(row, 2, float(own), f.num("0.000000"))
        row += 1
    for label, value, fmt in ((r.t("Konstant", "Constant"), model.intercept_, "0.000000"),
                              (r.t("Forklaringsgrad (R²)", "Explained variance (R²)"), model.r2_, "0.000"),
                              (r.t("Residualernes standardafvigelse (procentpoint)", "Residual standard deviation "
                                   "(percentage points)"), model.residual_sd_ * 100, "0.00"),
                              (r.t("Kommuner i modellen", "Municipalities in the model"), len(model.fitted_), "0")):
        ws.write_string(row, 0, label, f["label"])
        ws.write_number(row, 2 if label == r.t("Konstant", "Constant") else 1, float(value), f.num(fmt))
        row += 1
    # How many municipalities lie outside by chance alone, at 1.96 and at the z used: live from the count above.
    n_cell = xl_rowcol_to_cell(row - 1, 1)
    for label, z, value in (
            (r.t("Forventet antal uden for ±1,96 standardfejl ved rent tilfælde", "Expected number outside ±1.96 "
                 "standard errors by chance alone"), "1.96", len(model.fitted_) * 2 * (1 - NormalDist().cdf(1.96))),
            (r.t("Forventet antal uden for ± z (brugt) ved rent tilfælde", "Expected number outside ± z (used) by "
                 "chance alone"), f"{r.results.confidence_z!r}",
             len(model.fitted_) * 2 * (1 - NormalDist().cdf(r.results.confidence_z)))):
        ws.write_string(row, 0, label, f["label"])
        write_cached_formula(ws, row, 1, f"={n_cell}*2*(1-NORMSDIST({z}))", f.num("0.00"), value)
        r.formula_count += 1
        row += 1
    return row + 1
