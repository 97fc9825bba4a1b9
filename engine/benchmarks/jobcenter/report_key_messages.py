"""Page one of the jobcenter report: the key messages as live sentences.

Each sentence is a formula over the cells that hold its figures (the unit-cost table, the FTE table,
the effect steps), with the engine's sentence as cached result, as on the administration and botilbud
page one (``engine.report.key_messages``). Change a parameter on the method sheet (a standard cost,
``min_persons``, ``confidence_z``) and recalculate: the figures, "higher"/"lower", the verdict and the
list of target groups above the upper quartile follow.

The two lists of target groups (above the upper, below the lower quartile) are joined in hidden helper
cells on the page: one per target group, ``", <group> (<own> kr. mod <median> kr.)"`` where the unit
cost sheet's live position column says so, else empty.
"""

from __future__ import annotations

from xlsxwriter.utility import quote_sheetname, xl_rowcol_to_cell

from engine.benchmarks.jobcenter.codes import TARGET_GROUP_CODES
from engine.benchmarks.jobcenter.report_group_messages import group_result_sentences
from engine.benchmarks.jobcenter.report_group_result import G_VERDICT
from engine.benchmarks.jobcenter.report_labels import LABELS, VERDICT
from engine.benchmarks.jobcenter.report_unit import POS, POSITION, UT, UT_MED, UT_PEER, position
from engine.peers.comparison import tolerance, tolerance_formula
from engine.report.formats import finite, write_cached_formula
from engine.report.key_messages import Sentence, number_text, number_text_value

HELPER_COL = 8  # hidden columns I (above the upper quartile) and J (below the lower) hold the lists
RELATION = {"higher": ("højere end", "higher than"), "lower": ("lavere end", "lower than"),
            "equal": ("lig med", "equal to")}


def relation(own: float, median: float) -> str:
    """higher / lower / equal, with the tolerance of ``engine.peers.comparison`` for "equal"."""
    if own - median > tolerance(median):
        return "higher"
    return "lower" if median - own > tolerance(median) else "equal"


def relation_formula(own: str, median: str, lang: str) -> str:
    pick = 0 if lang == "da" else 1
    higher, lower, equal = (f'"{RELATION[k][pick]}"' for k in ("higher", "lower", "equal"))
    tol = tolerance_formula(median)
    return f"IF({own}-{median}>{tol},{higher},IF({median}-{own}>{tol},{lower},{equal}))"


def key_messages(r) -> list[Sentence | str]:
    """The sentences of page one, in order; ``str`` for a sentence without figures."""
    info, sheet = r.info, r.names
    out: list[Sentence | str] = []
    first, last = r.cells["unit_rows"]
    all_row = last + 1  # "All target groups" under the target groups on the unit-cost sheet
    if finite(info["unit_total"]) and finite(info["unit_total_median"]):
        out.append(_unit_cost(r, r.cells["unit_total:all"], r.ref("unit", all_row, UT_MED)))
    if finite(info["effect_pp"]):
        out.append(_effect(r))
    if "group_rows" in r.cells:
        out.extend(group_result_sentences(r))
    for kind in ("high", "low"):
        out.append(_groups_against_quartile(r, kind, first))
    if finite(info["fte"]) and info["fte"] > 0:
        out.append(_fte(r))
    if finite(info["unit_total_peer_median"]):
        s = Sentence().text(r.t(f"Blandt de {r.params.n_peers} deltagende kommuner med mest lignende rammevilkår er "
                                "medianen ",
                                f"Among the {r.params.n_peers} participating municipalities with the most similar "
                                "framework conditions the median is DKK "))
        s.number(r.ref("unit", all_row, UT_PEER), info["unit_total_peer_median"], 0, r.lang)
        out.append(s.text(r.t(f" kr. pr. helårsperson (arket {sheet['peers']}).",
                              f" per full-year person (the sheet {sheet['peers']}).")))
    if r.results.rows("stands_out", r.code).shape[0]:
        out.append(r.t(f"Arket {sheet['examples']} viser eksempler fra KL's katalog for de målgrupper og opgaver, hvor "
                       "kommunen skiller sig ud.",
                       f"The sheet {sheet['examples']} shows examples from KL's catalogue for the target groups and "
                       "tasks where the municipality stands out."))
    return out


def _unit_cost(r, own: str, median: str) -> Sentence:
    info, lang = r.info, r.lang
    groups = len(TARGET_GROUP_CODES)
    s = Sentence().text(r.t("Jobcentret brugte ", "The jobcentre spent DKK "))
    s.number(own, info["unit_total"], 0, lang)
    s.text(r.t(f" kr. pr. helårsperson i de {groups} målgrupper (konto 6 og konto 5). Det er ",
               f" per full-year person in the {groups} target groups (accounts 6 and 5). That is "))
    kind = relation(float(info["unit_total"]), float(info["unit_total_median"]))
    s.expression(relation_formula(own, median, lang), RELATION[kind][0 if lang == "da" else 1])
    s.text(r.t(f" medianen for de {int(info['unit_total_n'])} øvrige kommuner, ",
               f" the median of the {int(info['unit_total_n'])} other municipalities, DKK "))
    s.number(median, info["unit_total_median"], 0, lang)
    return s.text(r.t(f" kr. (arket {r.names['unit']}).", f" (the sheet {r.names['unit']})."))


def _effect(r) -> Sentence:
    info, lang = r.info, r.lang
    cell = {key: r.ref("effect", r.cells[f"effect_cell:{key}"], 1) for key in ("expected", "realised", "effect")}
    cell["uncertainty"], cell["verdict"] = r.cells["uncertainty"], r.cells["verdict"]
    s = Sentence().text(r.t("Den realiserede offentlige forsørgelsesgrad var ",
                            "The realised public support rate was "))
    s.number(f"{cell['realised']}*100", info["realised_rate"] * 100, 1, lang)
    s.text(r.t(" %, mens rammevilkårene lod forvente ", " %, where the framework conditions led to expect "))
    s.number(f"{cell['expected']}*100", info["expected_rate"] * 100, 1, lang)
    s.text(" %: ")
    s.number(f"ABS({cell['effect']})", abs(info["effect_pp"]), 2, lang)
    better, worse = r.t("bedre", "better"), r.t("dårligere", "worse")
    s.expression(f'IF({cell["effect"]}>0," {r.t("procentpoint", "percentage points")} {better}",'
                 f'" {r.t("procentpoint", "percentage points")} {worse}")',
                 f" {r.t('procentpoint', 'percentage points')} {better if info['effect_pp'] > 0 else worse}")
    s.text(r.t(" end forventet. Usikkerheden er ± ", " than expected. The uncertainty is ± "))
    s.number(cell["uncertainty"], info["uncertainty_pp"], 2, lang)
    s.text(r.t(" procentpoint, så resultatet er ", " percentage points, so the result is "))
    s.expression(cell["verdict"], VERDICT[str(info["verdict"])](lang))
    return s.text(r.t(f" (arket {r.names['effect']}).", f" (the sheet {r.names['effect']})."))


def _groups_against_quartile(r, kind: str, first: int) -> Sentence:
    """'The unit cost lies above the others' upper quartile for: A (x against y), B (...)' – or 'for none'."""
    ws, lang, groups = r.ws["key"], r.lang, r.groups
    col = HELPER_COL + (kind == "low")
    unit = quote_sheetname(r.names["unit"])
    label = POSITION[kind](lang)
    parts = []
    for index, group in enumerate(TARGET_GROUP_CODES):
        row = first + index
        own, median, pos = (f"{unit}!{xl_rowcol_to_cell(row, c, True, True)}" for c in (UT, UT_MED, POS))
        item = groups.loc[group]
        shown = position(item["unit_total"], item["unit_total_q1"], item["unit_total_median"], item["unit_total_q3"],
                         r.params.flag_distance) == kind
        text = r.t(f", {LABELS[group].da} (", f", {LABELS[group].en} (DKK ")
        middle, result, end = r.t(" kr. mod ", " against DKK "), r.t(" kr.; resultat: ", "; result: "), ")"
        # The group's result from Table 3 beside its cost: a high cost may be the price of a good result.
        verdict = f"{unit}!{xl_rowcol_to_cell(r.cells['group_rows'][group], G_VERDICT, True, True)}"
        formula = (f'=IF({pos}="{label}","{text}"&{number_text(own, 0, lang)}&"{middle}"&'
                   f'{number_text(median, 0, lang)}&"{result}"&{verdict}&"{end}","")')
        cached = (text + number_text_value(item["unit_total"], 0, lang) + middle
                  + number_text_value(item["unit_total_median"], 0, lang) + result
                  + VERDICT[str(item["verdict"])](lang) + end) if shown else ""
        write_cached_formula(ws, index, col, formula, None, cached)
        r.formula_count += 1
        parts.append(cached)
    joined = "&".join(xl_rowcol_to_cell(index, col, True, True) for index in range(len(TARGET_GROUP_CODES)))
    d = r.n(r.params.flag_distance * 100)
    where = r.t(f"over de øvrige kommuners øvre kvartil og mere end {d} % over medianen",
                f"above the other municipalities' upper quartile and more than {d} % above the median") \
        if kind == "high" else r.t(f"under de øvrige kommuners nedre kvartil og mere end {d} % under medianen",
                                   f"below the other municipalities' lower quartile and more than {d} % below the "
                                   "median")
    lead = r.t(f"Enhedsomkostningen ligger {where} for: ", f"The unit cost lies {where} for: ")
    tail = r.t(f" (egen mod medianen, og målgruppens resultat mod det forventede; arket {r.names['unit']}).",
               f" (own against the median, and the group's result against the expected; the sheet "
               f"{r.names['unit']}).")
    none = r.t(f"Ingen målgruppe har en enhedsomkostning {where} (arket {r.names['unit']}).",
               f"No target group has a unit cost {where} (the sheet {r.names['unit']}).")
    listed = "".join(parts)
    cached = lead + listed[2:] + tail if listed else none
    return Sentence().expression(f'IF(({joined})="","{none}","{lead}"&MID({joined},3,32767)&"{tail}")', cached)


def _fte(r) -> Sentence:
    info, lang = r.info, r.lang
    s = Sentence().text(r.t("Afdelingslederne har fordelt ", "The department heads allocated "))
    s.number(r.cells["fte:all"], info["fte"], 1, lang)
    s.text(r.t(" årsværk; ", " FTE; "))
    s.number(f"{r.cells['fte:shared']}/{r.cells['fte:all']}*100", info["shared_fte"] / info["fte"] * 100, 0, lang)
    return s.text(r.t(f" % er ført på fælles tid og fordelt på målgrupperne efter nøglen (arket {r.names['fte']}).",
                      f" % is on shared time, spread over the target groups by the key (the sheet {r.names['fte']})."))
