"""The jobcenter report's Table 3 (Unit costs sheet): cost and result per target group, side by side.

A unit cost per full-year person rises when a jobcentre moves people off the benefit faster (fewer
full-year persons to divide by), so a high unit cost is never shown alone: beside it stand the
group's full-year persons per 1,000 16-66-year-olds, realised against what the framework
conditions lead to expect (engine.benchmarks.jobcenter.register_rates.group_rates), the deviation with its
family-wise uncertainty, the verdict, the deviation in full-year persons and the rank among all
municipalities of the register. The realised rate, the deviation, the uncertainty, the verdict and
the persons are live formulas over the Basis sheet, the Method sheet's ``confidence_z`` and the
engine's standard error; the expected rate is a live formula too: the constant and coefficients of the
group's fit without the municipality (beside the table) times its framework conditions (Basis sheet).
Everything here derives from the public register, so it names no other participant.
"""

from __future__ import annotations

from xlsxwriter.utility import xl_rowcol_to_cell

from engine.benchmarks.jobcenter.codes import TARGET_GROUP_CODES
from engine.benchmarks.jobcenter.report_labels import DKK, LABELS, VERDICT, colour_verdicts
from engine.benchmarks.jobcenter.report_sheets import FRAMEWORK_LABELS
from engine.report.formats import finite
from engine.text import Text

# Table 3 columns
(G_UNIT, G_BAND, G_REALISED, G_EXPECTED, G_DEVIATION, G_SE, G_UNCERTAINTY, G_VERDICT, G_PERSONS,
 G_RANK, G_RANK_N) = range(1, 12)
G_CONSTANT = 12  # then one coefficient per framework condition: the fit the expected level's formula reads
RATE1 = "0.00"
SIGNED = "+0.00;-0.00;0.00"


def verdict_formula(deviation: str, uncertainty: str, lang: str) -> str:
    better, worse, noise, unknown = (VERDICT[k](lang) for k in ("better", "worse", "within_noise", "unknown"))
    return (f'=IF(COUNT({deviation},{uncertainty})<2,"{unknown}",IF({deviation}>{uncertainty},"{better}",'
            f'IF({deviation}<-{uncertainty},"{worse}","{noise}")))')


def write_group_results(r, ws, row: int, unit_col: int, unit_rows: dict[str, int],
                        band: dict[str, tuple[str | None, str]]) -> int:
    """Table 3 from ``row``; ``unit_rows[group]`` is the group's row in Table 2 (its unit cost in
    ``unit_col``), ``band[group]`` its position (a live formula or None, and the engine's text).
    Returns the first row after the table."""
    f, lang, groups = r.f, r.lang, r.groups
    conditions = list(r.results.framework_columns)
    last_col = G_CONSTANT + len(conditions)
    row = r.section(ws, row, r.t("Tabel 3. Omkostning og resultat pr. målgruppe",
                                 "Table 3. Cost and result per target group"), last_col)
    model_headers = (Text("Model uden kommunen: konstant", "Model without the municipality: constant"),
                     *(Text(f"Koefficient: {FRAMEWORK_LABELS[c].da if c in FRAMEWORK_LABELS else c}",
                            f"Coefficient: {FRAMEWORK_LABELS[c].en if c in FRAMEWORK_LABELS else c}")
                       for c in conditions))
    row = r.headers(ws, row, (
        Text("Målgruppe", "Target group"), Text("I alt pr. helårsperson (kr.)", "Total per person (DKK)"),
        Text("Placering blandt øvrige", "Position among the others"),
        Text("Helårspersoner pr. 1.000 16-66-årige, realiseret", "Full-year persons per 1,000 aged 16-66, realised"),
        Text("Forventet ud fra rammevilkår", "Expected from framework conditions"),
        Text("Afvigelse fra forventet (forventet − realiseret)", "Deviation from expected (expected − realised)"),
        Text("Standardfejl", "Standard error"), Text("Usikkerhed (±)", "Uncertainty (±)"),
        Text("Vurdering", "Verdict"), Text("Afvigelse i helårspersoner", "Deviation in full-year persons"),
        Text("Rang blandt alle kommuner (1 = bedst)", "Rank among all municipalities (1 = best)"),
        Text("Kommuner", "Municipalities"), *model_headers), height=70)
    population = r.cells["reg:population_16_66"]
    r.cells["group_rows"] = {}
    for group in TARGET_GROUP_CODES:
        item = groups.loc[group]
        cell = {col: xl_rowcol_to_cell(row, col) for col in range(1, 12)}
        ws.write_string(row, 0, LABELS[group](lang), f["label"])
        unit = xl_rowcol_to_cell(unit_rows[group], unit_col)
        r.formula(ws, row, G_UNIT, f"={unit}", f.num(DKK), "–" if item["suppressed"] else item["unit_total"])
        formula, text = band.get(group, (None, ""))
        if formula:
            r.formula(ws, row, G_BAND, formula, f["label"], text)
        else:
            ws.write_string(row, G_BAND, text, f["label"])
        r.formula(ws, row, G_REALISED, f"={r.cells[f'reg:persons_{group}']}/{population}*1000", f.num(RATE1),
                  item["rate_realised"])
        _expected(r, ws, row, item, conditions)
        r.formula(ws, row, G_DEVIATION, f"={cell[G_EXPECTED]}-{cell[G_REALISED]}", f.num(SIGNED, bold=True),
                  item["deviation"])
        r.number(ws, row, G_SE, item["rate_se"], f.num("0.000"))
        r.formula(ws, row, G_UNCERTAINTY, f"=group_confidence_z*{cell[G_SE]}", f.num(RATE1), item["uncertainty"])
        r.formula(ws, row, G_VERDICT, verdict_formula(cell[G_DEVIATION], cell[G_UNCERTAINTY], lang), f["label"],
                  VERDICT[str(item["verdict"])](lang))
        r.formula(ws, row, G_PERSONS, f"={cell[G_DEVIATION]}*{population}/1000", f.num("+#,##0;-#,##0;0"),
                  item["persons_deviation"])
        r.number(ws, row, G_RANK, item["rank"], f.num("0"))
        r.number(ws, row, G_RANK_N, float(item["rank_n"]) if finite(item["rate_expected"]) else None, f.num("0"))
        r.cells["group_rows"][group] = row
        row += 1
    colour_verdicts(r.wb, ws, min(r.cells["group_rows"].values()), G_VERDICT, row - 1, G_VERDICT, lang)
    z = r.n(r.results.group_confidence_z, 2)
    return r.note(ws, row + 1, r.t(
        "En høj enhedsomkostning kan være prisen for et godt resultat: flytter jobcentret borgere hurtigere ud af "
        "ydelsen, er der færre helårspersoner at dele omkostningen med. Derfor står resultatet ved siden af. "
        "Forventet = hvad kommunens rammevilkår lader forvente (vægtet model over alle kommuner i registerfilen, "
        "estimeret uden kommunen): konstanten plus hver koefficient (til højre) gange kommunens rammevilkår (arket "
        f"{r.names['data']}). Afvigelsen er ikke en målt effekt af indsatsen: den rummer alt, modellen ikke ser "
        "(også lokale forhold). Den kaldes kun bedre eller dårligere end forventet, når den er større end "
        f"usikkerheden = group_confidence_z ({z}) × standardfejlen, hvor z er sat, så risikoen for mindst én "
        "fejlagtig vurdering blandt de 12 målgrupper er family_alpha (arket Metode). Positiv afvigelse = færre på "
        "ydelsen end forventet.",
        "A high unit cost can be the price of a good result: a jobcentre that moves citizens off the benefit "
        "faster has fewer full-year persons to divide its cost by. So the result stands beside it. Expected = what the "
        "municipality's framework conditions lead to expect (a weighted model over every municipality in the "
        "register file, estimated without the municipality): the constant plus each coefficient (right) times the "
        f"municipality's framework condition (the sheet {r.names['data']}). The deviation is not a measured effect of the "
        "jobcentre's work: it holds everything the model does not see (local conditions too). It is called better "
        f"or worse than expected only when larger than the uncertainty = group_confidence_z ({z}) × the standard error, "
        "with z set so that the risk of at least one false verdict among the 12 groups is family_alpha (the sheet "
        "Method). Positive deviation = fewer "
        "on the benefit than expected."), last_col)


def _expected(r, ws, row: int, item, conditions: list[str]) -> None:
    """The group's expected level as a live formula: the constant and coefficients of the fit without the
    municipality (engine values, written beside the table) times its framework conditions on the Basis
    sheet, with the engine's leave-one-out prediction cached (docs/method.md, "Cost and result per target group")."""
    coefficients = [item["coef_intercept"], *(item[f"coef_{c}"] for c in conditions)]
    known = all(finite(c) for c in coefficients) and all(f"reg:{c}" in r.cells for c in conditions)
    for col, value in enumerate(coefficients, start=G_CONSTANT):
        r.number(ws, row, col, value if known else None, r.f.num("0.000000"))
    if not known or not finite(item["rate_expected"]):
        r.number(ws, row, G_EXPECTED, item["rate_expected"], r.f.num(RATE1))
        return
    terms = "".join(f"+{xl_rowcol_to_cell(row, G_CONSTANT + 1 + j)}*{r.cells[f'reg:{c}']}"
                    for j, c in enumerate(conditions))
    r.formula(ws, row, G_EXPECTED, f"={xl_rowcol_to_cell(row, G_CONSTANT)}{terms}", r.f.num(RATE1),
              item["rate_expected"])
