"""The jobcenter report's Unit costs sheet: from allocated FTE to cost per full-year person, step by step.

Table 1 follows the method: persons (register), FTE on direct tasks, the key that spreads the
shared line, FTE, konto 6 on the group's own lines plus its part of the shared line, konto 5 and
the total. Table 2 divides by the full-year persons (suppressed under ``min_persons``) and sets
the result against the other participants' quartiles and the most similar municipalities' median.
"""

from __future__ import annotations

from xlsxwriter.utility import xl_range_abs, xl_rowcol_to_cell

from engine.benchmarks.jobcenter.codes import TARGET_GROUP_CODES
from engine.benchmarks.jobcenter.report_group_result import write_group_results
from engine.benchmarks.jobcenter.report_labels import DKK, FTE2, LABELS, OVERHEAD_KEY
from engine.benchmarks.jobcenter.report_sheets import direct_fte_and_key
from engine.report import formats as fm
from engine.report.chart_data import write_chart_cell
from engine.report.formats import DASH, finite
from engine.report.position import (
    far_from_formula, flag, guarded_band_formula, item_band_text, worse_band_formula,
)
from engine.text import Text

POSITION = {"high": Text("høj (markeret)", "high (flagged)"),
            "low": Text("lav (markeret)", "low (flagged)")}
# Table 1 columns
P, DIRECT, KEY, FTE, OWN6, SHARED6, K6, K5, TOTAL = range(1, 10)
# Table 2 columns
(U6, U6_MED, U5, U5_MED, UT, UT_Q1, UT_MED, UT_Q3, UT_N, UT_PEER, POS, F100, F100_MED) = range(1, 14)
CHART_UT, CHART_UT_MED = 18, 19  # the key messages chart reads these (unit cost and median, or #N/A), right of Table 3


def position(value: float, q1: float, median: float, q3: float, distance: float) -> str:
    """The engine's twin of the flag formula (compute.flagged: engine.report.position.flag, same text)."""
    for kind, side in (("high", "above"), ("low", "below")):
        if bool(flag(value, q1, median, q3, side, distance)):
            return kind
    return ""


def write_unit_costs(r) -> None:
    ws, f, lang = r.ws["unit"], r.f, r.lang
    ws.set_column(0, 0, 38)
    ws.set_column(1, 13, 13)
    ws.set_column(POS, POS, 20)
    ws.set_column(CHART_UT, CHART_UT_MED, 13)
    last_col = 13
    r.heading(ws, r.t("Enhedsomkostninger pr. målgruppe", "Unit costs per target group"), r.t(
        "Tabel 1 viser vejen fra årsværk til omkostning: medarbejdernes omkostning følger deres fordelte tid, og den "
        "fælles tid fordeles på målgrupperne efter nøglen. Tabel 2 deler med antallet af helårspersoner og sammenligner "
        "med de øvrige deltagende kommuner og med de kommuner, der har mest lignende rammevilkår.",
        "Table 1 shows the way from FTE to cost: each employee's cost follows their allocated time, and the shared "
        "time is spread over the target groups by the key. Table 2 divides by the full-year persons and compares "
        "with the other participating municipalities and with the municipalities with the most similar framework "
        "conditions."), last_col)
    groups, info = r.groups, r.info
    direct, key = direct_fte_and_key(r)
    matrix = r.results.rows("fte_matrix", r.code)
    own_cost = matrix[matrix["target_group"].isin(TARGET_GROUP_CODES)].groupby("target_group", sort=False)["cost"].sum()
    c = r.cells
    row = r.section(ws, 3, r.t("Tabel 1. Fra årsværk til omkostning", "Table 1. From FTE to cost"), last_col)
    row = r.headers(ws, row, (Text("Målgruppe", "Target group"), Text("Helårspersoner", "Full-year persons"),
                              Text("Årsværk, direkte opgaver", "FTE, direct tasks"), Text("Nøgle, fælles tid", "Key, shared time"),
                              Text("Årsværk i alt", "FTE in total"), Text("Konto 6, egne linjer (kr.)", "Account 6, own lines (DKK)"),
                              Text("Konto 6, andel af fælles (kr.)", "Account 6, part of shared (DKK)"),
                              Text("Konto 6 i alt (kr.)", "Account 6 total (DKK)"), Text("Konto 5 (kr.)", "Account 5 (DKK)"),
                              Text("Omkostning i alt (kr.)", "Cost in total (DKK)")), height=44)
    first = row
    last = first + len(TARGET_GROUP_CODES) - 1
    persons_range, direct_range = xl_range_abs(first, P, last, P), xl_range_abs(first, DIRECT, last, DIRECT)
    shared_fte = f'SUMIFS({c["a_fte"]},{c["a_group"]},"shared")'
    shared_cost = f'SUMIFS({c["a_cost"]},{c["a_group"]},"shared")'
    for index, group in enumerate(TARGET_GROUP_CODES):
        item = groups.loc[group]
        cell = {col: xl_rowcol_to_cell(row, col) for col in range(1, 10)}
        ws.write_string(row, 0, LABELS[group](lang), f["label"])
        r.formula(ws, row, P, "=" + c[f"reg:persons_{group}"], f.num("#,##0.0"), item["persons"])
        overhead = "".join(f'-SUMIFS({c["a_fte"]},{c["a_group"]},"{group}",{c["a_task"]},"{task}")'
                           for task in ("administration", "teamledelse"))
        r.formula(ws, row, DIRECT, f'=SUMIFS({c["a_fte"]},{c["a_group"]},"{group}"){overhead}', f.num(FTE2), direct[index])
        by_persons = OVERHEAD_KEY.word("persons", r.lang)
        r.formula(ws, row, KEY, f'=IF(OR(overhead_key="{by_persons}",SUM({direct_range})=0),'
                                f'{cell[P]}/SUM({persons_range}),{cell[DIRECT]}/SUM({direct_range}))',
                  f.num("0.0%"), key[index])
        r.formula(ws, row, FTE, f'=SUMIFS({c["a_fte"]},{c["a_group"]},"{group}")+{cell[KEY]}*{shared_fte}',
                  f.num(FTE2), item["fte"])
        r.formula(ws, row, OWN6, f'=SUMIFS({c["a_cost"]},{c["a_group"]},"{group}")', f.num(DKK), own_cost[group])
        r.formula(ws, row, SHARED6, f"={cell[KEY]}*{shared_cost}", f.num(DKK), item["konto6"] - own_cost[group])
        r.formula(ws, row, K6, f"={cell[OWN6]}+{cell[SHARED6]}", f.num(DKK), item["konto6"])
        r.formula(ws, row, K5, f'=SUMIFS({c["k_amount"]},{c["k_group"]},"{group}")', f.num(DKK), item["konto5"])
        r.formula(ws, row, TOTAL, f"={cell[K6]}+{cell[K5]}", f.num(DKK), item["cost_total"])
        c[f"t1:{group}"] = row
        row += 1
    ws.write_string(row, 0, r.t("I alt", "Total"), f["label_bold"])
    sums = {P: groups["persons"].sum(), DIRECT: direct.sum(), KEY: key.sum(), FTE: groups["fte"].sum(),
            OWN6: own_cost.sum(), SHARED6: groups["konto6"].sum() - own_cost.sum(), K6: groups["konto6"].sum(),
            K5: groups["konto5"].sum(), TOTAL: groups["cost_total"].sum()}
    formats = {P: "#,##0.0", DIRECT: FTE2, KEY: "0.0%", FTE: FTE2}
    for col, value in sums.items():
        r.formula(ws, row, col, f"=SUM({xl_rowcol_to_cell(first, col)}:{xl_rowcol_to_cell(last, col)})",
                  f.num(formats.get(col, DKK), bold=True), value)
    total_row = row
    row = r.note(ws, row + 1, r.t(
        "Direkte opgaver er alle opgaver undtagen administration og teamledelse. Nøglen fordeler den fælles tid i "
        "forhold til målgruppernes årsværk på direkte opgaver (parameteren overhead_key på arket Metode; "
        "«helårspersoner» fordeler efter helårspersoner).",
        "Direct tasks are all tasks except administration and team management. The key spreads the shared time in "
        "proportion to the target groups' FTE on direct tasks (the parameter overhead_key on the sheet Method; "
        "«full-year persons» spreads by full-year persons)."), last_col) + 1

    row = r.section(ws, row, r.t("Tabel 2. Pr. helårsperson mod de øvrige kommuner",
                                 "Table 2. Per full-year person against the other municipalities"), last_col)
    row = r.headers(ws, row, (Text("Målgruppe", "Target group"), Text("Konto 6 pr. helårsperson", "Account 6 per person"),
                              Text("Øvrige, median", "Others, median"), Text("Konto 5 pr. helårsperson", "Account 5 per person"),
                              Text("Øvrige, median", "Others, median"), Text("I alt pr. helårsperson", "Total per person"),
                              Text("Øvrige, nedre kvartil", "Others, lower quartile"), Text("Øvrige, median", "Others, median"),
                              Text("Øvrige, øvre kvartil", "Others, upper quartile"), Text("Øvrige, n", "Others, n"),
                              Text("Lignende, median", "Similar, median"), Text("Markering", "Flag"),
                              Text("Årsværk pr. 100 helårspersoner", "FTE per 100 full-year persons"),
                              Text("Øvrige, median", "Others, median"), Text("Diagram: i alt pr. helårsperson",
                                                                             "Chart: total per person"),
                              Text("Diagram: øvrige, median", "Chart: others, median")), height=56)
    t2_first = row
    for group in TARGET_GROUP_CODES:
        item = groups.loc[group]
        source = c[f"t1:{group}"]
        persons = xl_rowcol_to_cell(source, P)
        ws.write_string(row, 0, LABELS[group](lang), f["label"])
        for col, numerator, value in ((U6, K6, item["unit_konto6"]), (U5, K5, item["unit_konto5"]),
                                      (UT, TOTAL, item["unit_total"]), (F100, FTE, item["fte_per_100"])):
            scale = "*100" if col == F100 else ""
            shown = DASH if item["suppressed"] else value
            r.formula(ws, row, col, f'=IF({persons}>=min_persons,{xl_rowcol_to_cell(source, numerator)}/{persons}'
                                    f'{scale},"{DASH}")', f.num(FTE2 if col == F100 else DKK), shown)
        for col, value, fmt in ((U6_MED, item["unit_konto6_median"], DKK), (U5_MED, item["unit_konto5_median"], DKK),
                                (UT_Q1, item["unit_total_q1"], DKK), (UT_MED, item["unit_total_median"], DKK),
                                (UT_Q3, item["unit_total_q3"], DKK), (UT_PEER, item["unit_total_peer_median"], DKK),
                                (F100_MED, item["fte_per_100_median"], FTE2)):
            r.number(ws, row, col, value, f.num(fmt))
        ws.write_number(row, UT_N, int(item["unit_total_n"]), f.num("0"))
        _position(r, ws, row, item["unit_total"], item["unit_total_q1"], item["unit_total_median"],
                  item["unit_total_q3"])
        for col, source, value in ((CHART_UT, UT, None if item["suppressed"] else item["unit_total"]),
                                   (CHART_UT_MED, UT_MED, item["unit_total_median"])):
            write_chart_cell(ws, row, col, xl_rowcol_to_cell(row, source), value, f.num(DKK))
        row += 1
    ws.write_string(row, 0, r.t("Alle målgrupper", "All target groups"), f["label_bold"])
    total = {col: xl_rowcol_to_cell(total_row, col) for col in (P, FTE, K6, K5, TOTAL)}
    all_values = {U6: (K6, groups["konto6"].sum()), U5: (K5, groups["konto5"].sum()),
                  UT: (TOTAL, info["unit_total"] * info["persons"]), F100: (FTE, groups["fte"].sum() * 100)}
    for col, (numerator, amount) in all_values.items():
        r.formula(ws, row, col, f"={total[numerator]}/{total[P]}" + ("*100" if col == F100 else ""),
                  f.num(FTE2 if col == F100 else DKK, bold=True), amount / info["persons"])
    for col, value in ((UT_Q1, info["unit_total_q1"]), (UT_MED, info["unit_total_median"]),
                       (UT_Q3, info["unit_total_q3"]), (UT_PEER, info["unit_total_peer_median"])):
        r.number(ws, row, col, value, f.num(DKK, bold=True))
    ws.write_number(row, UT_N, int(info["unit_total_n"]), f.num("0", bold=True))
    _position(r, ws, row, info["unit_total"], info["unit_total_q1"], info["unit_total_median"], info["unit_total_q3"])
    c["unit_total:all"] = r.ref("unit", row, UT)
    r.cells["unit_rows"] = (t2_first, row - 1)
    r.cells["unit_total_col"], r.cells["unit_median_col"] = CHART_UT, CHART_UT_MED
    ws.set_column(CHART_UT, CHART_UT_MED, 13, None, {"hidden": True})  # read by a chart, not printed
    ws.conditional_format(t2_first, POS, row, POS, {
        "type": "cell", "criteria": "==", "value": f'"{POSITION["high"](lang)}"',
        "format": r.wb.add_format({"bg_color": "#FCE4D6", "font_color": "#9C0006"})})
    row += 2
    rule = r.params.disclosure.sentence(Text("kommuner", "municipalities"))
    notes = [r.t(
        f"Enhedsomkostning = omkostning / helårspersoner i målgruppen. En målgruppe med færre end "
        f"{r.n(r.params.min_persons)} helårspersoner får ingen enhedsomkostning (–). Kvartiler og median er over de "
        f"øvrige deltagende kommuner (ikke kommunen selv); Lignende er medianen for de {r.params.n_peers} kommuner med "
        f"mest lignende rammevilkår (arket {r.names['peers']}). " + rule.da,
        f"Unit cost = cost / full-year persons in the target group. A target group with fewer than "
        f"{r.n(r.params.min_persons)} full-year persons gets no unit cost (–). Quartiles and median are over the "
        f"other participating municipalities (not the municipality itself); Similar is the median of the "
        f"{r.params.n_peers} municipalities with the most similar framework conditions (the sheet {r.names['peers']}). "
        + rule.en)]
    notes.append(flag_rule(r)(lang))
    for text in notes:
        row = r.note(ws, row, text, last_col)
    unit_rows = {group: t2_first + index for index, group in enumerate(TARGET_GROUP_CODES)}
    bands = {group: _band(r, unit_rows[group], groups.loc[group]) for group in TARGET_GROUP_CODES}
    write_group_results(r, ws, row + 1, UT, unit_rows, bands)
    ws.freeze_panes(5, 1)
    fm.print_setup(ws, r.title, lang, paper=fm.A3)


def flag_rule(r) -> Text:
    """The flag rule in words, from the same parameter the flag formula reads (flag_distance)."""
    d = r.n(r.params.flag_distance * 100)
    policy = r.params.disclosure
    few = f"{policy.min_group}-{policy.min_quartiles - 1}"
    return Text(f"Markering: en enhedsomkostning markeres som høj, når den ligger over de øvrige kommuners øvre kvartil "
                f"og mere end {d} % (flag_distance) over deres median, og som lav, når den ligger under nedre kvartil og "
                f"mere end {d} % under medianen. Kvartilen alene ville markere hver fjerde kommune på hvert tal. Med "
                f"{few} øvrige kommuner vises kun medianen, og afstanden til den afgør.",
                f"Flag: a unit cost is flagged high when it is above the other municipalities' upper quartile and more "
                f"than {d} % (flag_distance) above their median, and low when below the lower quartile and more than "
                f"{d} % below the median. The quartile alone would flag one municipality in four on every figure. With "
                f"{few} other municipalities only the median is shown, and the distance from it decides.")


def _band(r, row: int, item) -> tuple[str | None, str]:
    """A group's position among the others as a live formula over its Table 2 row (``row``), and the engine's
    text; no formula where the others' median is not shown (the text is then empty too)."""
    text = item_band_text(item, "unit_total", r.params.disclosure, r.lang)
    if not finite(item["unit_total_median"]):
        return None, text
    quartiles = finite(item["unit_total_q1"]) and finite(item["unit_total_q3"])
    own, q1, median, q3, n = (xl_rowcol_to_cell(row, col) for col in (UT, UT_Q1, UT_MED, UT_Q3, UT_N))
    return guarded_band_formula(own, q1, median, q3, n, r.lang, quartiles), text


def _position(r, ws, row: int, value, q1, median, q3) -> None:
    """Live flag (engine.report.position's formulas): a new min_persons or flag_distance on the method
    sheet may change it; with a unit cost of "–" it is empty, never a comparison of the text "–" with a
    quartile. With only the median shown (5–9 others) the band is the half beyond it."""
    unit, low, mid, high = (xl_rowcol_to_cell(row, col) for col in (UT, UT_Q1, UT_MED, UT_Q3))
    shown = "quartiles" if finite(q1) and finite(q3) and finite(median) else "median" if finite(median) else ""
    if not shown:
        ws.write_blank(row, POS, None, r.f["flag"])
        return
    cells = [unit, low, mid, high] if shown == "quartiles" else [unit, mid]
    branches = {kind: (f"AND({worse_band_formula(unit, low, mid, high, side, shown)},"
                       f"{far_from_formula(unit, mid, side, 'flag_distance')})")
                for kind, side in (("high", "above"), ("low", "below"))}
    kind = position(value, q1, median, q3, r.params.flag_distance)
    r.formula(ws, row, POS, f'=IF(COUNT({",".join(cells)})<{len(cells)},"",IF({branches["high"]},'
                            f'"{POSITION["high"](r.lang)}",IF({branches["low"]},"{POSITION["low"](r.lang)}","")))',
              r.f["flag"], POSITION[kind](r.lang) if kind else "")
