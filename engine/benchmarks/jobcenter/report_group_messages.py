"""Page one's sentences on the target groups whose result differs from the expected level.

One live sentence per direction (better / worse than expected beyond the uncertainty), listing the
groups whose verdict in Table 3 (report_group_result) says so, each with its deviation per 1,000
16-66-year-olds, the deviation in full-year persons and — so a cost is never read without its
result — the group's unit cost against the others' median. Like the quartile sentences
(report_key_messages), each group's part is a formula in a hidden helper cell on page one, empty
when the verdict does not match; the sentence joins them.
"""

from __future__ import annotations

from xlsxwriter.utility import quote_sheetname, xl_rowcol_to_cell

from engine.benchmarks.jobcenter.codes import TARGET_GROUP_CODES
from engine.benchmarks.jobcenter.report_group_result import G_DEVIATION, G_PERSONS, G_VERDICT
from engine.benchmarks.jobcenter.report_labels import LABELS, VERDICT
from engine.benchmarks.jobcenter.report_unit import UT, UT_MED
from engine.report.formats import finite, write_cached_formula
from engine.report.key_messages import Sentence, number_text, number_text_value

GROUP_HELPER_COL = 10  # hidden columns K (better) and L (worse) of page one


def group_result_sentences(r) -> list[Sentence]:
    return [_sentence(r, kind) for kind in ("better", "worse")]


def _sentence(r, kind: str) -> Sentence:
    ws, lang, groups = r.ws["key"], r.lang, r.groups
    col = GROUP_HELPER_COL + (kind == "worse")
    unit = quote_sheetname(r.names["unit"])
    first_unit = r.cells["unit_rows"][0]
    label = VERDICT[kind](lang)
    parts = []
    for index, group in enumerate(TARGET_GROUP_CODES):
        row = r.cells["group_rows"][group]
        verdict, deviation, persons = (f"{unit}!{xl_rowcol_to_cell(row, c, True, True)}"
                                       for c in (G_VERDICT, G_DEVIATION, G_PERSONS))
        cost, median = (f"{unit}!{xl_rowcol_to_cell(first_unit + index, c, True, True)}" for c in (UT, UT_MED))
        item = groups.loc[group]
        head = r.t(f", {LABELS[group].da} (", f", {LABELS[group].en} (")
        per = r.t(" pr. 1.000 16-66-årige, ca. ", " per 1,000 aged 16-66, about ")
        persons_word = r.t(" helårspersoner", " full-year persons")
        cost_lead, cost_mid, cost_end = (r.t("; enhedsomkostning ", "; unit cost DKK "),
                                         r.t(" kr. mod medianen ", " against the median DKK "), r.t(" kr.", ""))
        formula = (f'=IF({verdict}="{label}","{head}"&{number_text(f"ABS({deviation})", 2, lang)}&"{per}"&'
                   f'{number_text(f"ABS({persons})", 0, lang)}&"{persons_word}"&IF(COUNT({cost},{median})=2,'
                   f'"{cost_lead}"&{number_text(cost, 0, lang)}&"{cost_mid}"&{number_text(median, 0, lang)}&'
                   f'"{cost_end}","")&")","")')
        cached = ""
        if str(item["verdict"]) == kind:
            cached = (head + number_text_value(abs(item["deviation"]), 2, lang) + per
                      + number_text_value(abs(item["persons_deviation"]), 0, lang) + persons_word)
            if not item["suppressed"] and finite(item["unit_total"]) and finite(item["unit_total_median"]):
                cached += (cost_lead + number_text_value(item["unit_total"], 0, lang) + cost_mid
                           + number_text_value(item["unit_total_median"], 0, lang) + cost_end)
            cached += ")"
        write_cached_formula(ws, index, col, formula, None, cached)
        r.formula_count += 1
        parts.append(cached)
    joined = "&".join(xl_rowcol_to_cell(index, col, True, True) for index in range(len(TARGET_GROUP_CODES)))
    fewer = r.t("færre", "fewer") if kind == "better" else r.t("flere", "more")
    lead = r.t(f"Målgrupper med {fewer} helårspersoner end rammevilkårene lader forvente, ud over usikkerheden: ",
               f"Target groups with {fewer} full-year persons than the framework conditions lead to expect, beyond "
               "the uncertainty: ")
    tail = r.t(f" (Tabel 3 på arket {r.names['unit']}).", f" (Table 3 on the sheet {r.names['unit']}).")
    none = r.t(f"Ingen målgruppe har {fewer} helårspersoner end forventet ud over usikkerheden (Tabel 3 på arket "
               f"{r.names['unit']}).", f"No target group has {fewer} full-year persons than expected beyond the "
               f"uncertainty (Table 3 on the sheet {r.names['unit']}).")
    listed = "".join(parts)
    cached = lead + listed[2:] + tail if listed else none
    return Sentence().expression(f'IF(({joined})="","{none}","{lead}"&MID({joined},3,32767)&"{tail}")', cached)
