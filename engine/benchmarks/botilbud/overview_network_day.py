"""The overview's "Netværksdag" sheet: the proposed network-day groups, one row per facility, to adjust.

The groups come from :func:`engine.benchmarks.botilbud.network_day.network_day`; the sheet states the
rule with the round's parameters, and for every facility its group, what it is strong and flagged on
among the group's topics and how near it is to the group's anchor. The group numbers are the only
unlocked cells (the sheet is protected without a password): the consultant moves a facility by typing
another number, and "Tilbud i gruppen" counts the members again as a live formula.
"""

from __future__ import annotations

from xlsxwriter.utility import xl_range_abs, xl_rowcol_to_cell

from engine.benchmarks.botilbud.indicators import INDICATORS
from engine.benchmarks.botilbud.network_day import NetworkDay, network_day
from engine.peers.matching import closeness_label
from engine.report import formats as fm
from engine.report.headers import fit_header, wrapped_lines
from engine.text import Text

SHEET = Text("Netværksdag", "Network day")
HEADER = 5  # row of the column headers; the rule is in the row above
NAMES = {i.id: i.name for i in INDICATORS}
GROUP_FILL = "#FFF2CC"  # the editable cells, as the parameter cells of the reports
COLUMNS = (  # header, width, number format (None: text), wrapped
    (Text("Gruppe", "Group"), 8, "0", False),
    (Text("Id", "Id"), 9, None, False),
    (Text("Tilbud", "Facility"), 22, None, True),
    (Text("Kommune", "Municipality"), 13, None, False),
    (Text("Klynge", "Cluster"), 7, "0", False),
    (Text("Gruppens emner", "The group's topics"), 30, None, True),
    (Text("Stærk på", "Strong on"), 28, None, True),
    (Text("Markeret på", "Flagged on"), 28, None, True),
    (Text("Afstand til ankeret", "Distance to the anchor"), 10, "0.00", False),
    (Text("Nærhed", "Closeness"), 10, None, False),
    (Text("Gns. afstand i gruppen", "Mean distance in the group"), 10, "0.00", False),
    (Text("Øvrige styrker", "Other strengths"), 26, None, True),
    (Text("Øvrige markeringer", "Other flags"), 26, None, True),
    (Text("Tilbud i gruppen", "Facilities in the group"), 10, "0", False),
)
COUNT_COL = len(COLUMNS) - 1
ANCHOR = Text("anker", "anchor")


def rule_text(results, day: NetworkDay, lang: str) -> str:
    """The rule in words, with the round's parameters: enough to recompute the groups by hand."""
    n = results.params.n_peers
    return Text(
        "Forslag til grupper på netværksdagen, som konsulenten retter til. Markeret: markant svagere end de "
        f"{n} mest lignende (som i rapporterne). Stærk: den samme regel spejlet, markant bedre end de "
        f"{n} mest lignende. En gruppe har {day.min_size}–{day.max_size} tilbud fra samme klynge og dannes om den "
        "indikator, hvor flest tilbud uden gruppe i en klynge er markeret, og hvor et tilbud uden gruppe er stærkt. "
        "Ankeret er det stærke tilbud med mindst samlet afstand til de markerede; de markerede kommer med, nærmest "
        f"ankeret først; under {day.min_size} fyldes op med klyngens nærmeste. Lige stemmer afgøres af "
        "indikatorens rækkefølge, klyngen og id. Gruppens emner: indikatoren, så alle andre, hvor et medlem er "
        "stærkt og et andet markeret. Afstand: matchningens (VUM-profil og pladser); nærhed som på 'Lignende "
        "tilbud'. Flyt et tilbud ved at rette det gule gruppenummer.",
        f"Proposed groups for the network day, for the consultant to adjust. Flagged: notably weaker than the {n} "
        f"most similar (as in the reports). Strong: the same rule mirrored, notably better than the {n} most "
        f"similar. A group has {day.min_size}–{day.max_size} facilities of one cluster and is formed around the "
        "indicator on which most ungrouped facilities of a cluster are flagged and an ungrouped one is strong. The "
        "anchor is the strong facility with the smallest total distance to those flagged; the flagged join, "
        f"nearest the anchor first; below {day.min_size} the cluster's nearest fill up. Ties go to the indicator's "
        "order, the cluster, then the id. The group's topics: that indicator, then every other on which one member "
        "is strong and another flagged. Distance: the matching's (VUM profile and places); closeness as on "
        "'Similar facilities'. Move a facility by changing its yellow group number.")(lang)


def add_network_day_sheet(wb, f, results, title: str, lang: str) -> int:
    """Add the sheet to the overview ``wb``; returns the number of formulas written."""
    from engine.benchmarks.botilbud.report_common import choice_label

    t = lambda da, en: Text(da, en)(lang)  # noqa: E731
    day = network_day(results)
    ws = wb.add_worksheet(SHEET(lang))
    grouped = sum(len(g.members) for g in day.groups)
    summary = (t(f"{len(day.groups)} grupper med {grouped} tilbud; {len(day.ungrouped)} tilbud uden gruppe.",
                 f"{len(day.groups)} groups of {grouped} facilities; {len(day.ungrouped)} facilities in no group.")
               if day.groups else
               t("Ingen grupper: intet tilbud er stærkt på det, et andet i samme klynge er markeret på.",
                 "No groups: no facility is strong on what another of its cluster is flagged on."))
    fm.write_consultant_header(
        ws, f, title, summary,
        t("Navngiver alle tilbud – må ikke sendes til tilbuddene.",
          "Names every facility – do not send to the facilities."))
    headers = {col: header(lang) for col, (header, *_) in enumerate(COLUMNS)}
    widths = fit_header(ws, HEADER, headers, {col: width for col, (_, width, *_) in enumerate(COLUMNS)})
    for col, text in headers.items():
        ws.write_string(HEADER, col, text, f["header_left" if COLUMNS[col][2] is None else "header"])
    rule = rule_text(results, day, lang)
    ws.merge_range(HEADER - 1, 0, HEADER - 1, COUNT_COL, rule, f["note"])
    ws.set_row(HEADER - 1, wrapped_lines(rule, sum(widths.values())) * 13.0 + 6)

    facilities = results.facilities
    strong, flagged = day.strong_on, day.flagged_on
    rows = []  # (group, id, topics, strong on, flagged on, distance, closeness, mean distance, other
    #            strengths, other flags, members)
    for group in day.groups:
        topics = "; ".join(NAMES[topic](lang) for topic in group.topics)
        for m in group.members:
            anchor = m.facility == group.anchor  # the group's own figures once, on its anchor's row
            closeness = ANCHOR(lang) if anchor else closeness_label(m.closeness, lang) if m.closeness else ""
            rows.append((group.number, m.facility, topics if anchor else "", _names(m.strong_on, lang),
                         _names(m.flagged_on, lang), m.distance, closeness, group.mean_distance if anchor else None,
                         _names([i for i in strong[m.facility] if i not in group.topics], lang),
                         _names([i for i in flagged[m.facility] if i not in group.topics], lang), len(group.members)))
    for fid in day.ungrouped:
        rows.append((None, fid, "", "", "", None, "", None, _names(strong[fid], lang), _names(flagged[fid], lang),
                     None))

    editable = wb.add_format({"font_name": "Calibri", "font_size": 10, "valign": "top", "num_format": "0",
                              "bg_color": GROUP_FILL, "border": 1, "border_color": fm.RULE, "locked": False,
                              "bold": True, "align": "center"})
    text, wrapped = f["text_top"], f["text"]
    number = {fmt: f.num(fmt, wrap_top=True) for fmt in ("0", "0.00")}
    first, last = HEADER + 1, HEADER + len(rows)
    group_range = xl_range_abs(first, 0, last, 0)
    formulas = 0
    for row, (group, fid, *described, size) in enumerate(rows, start=first):
        info = facilities.loc[fid]
        cells = (group, fid, str(info.get("facility_name") or ""),
                 choice_label("municipality", info.get("municipality"), lang), int(info["cluster"]) + 1, *described)
        for col, value in enumerate(cells):
            fmt = COLUMNS[col][2]
            if col == 0:
                ws.write_blank(row, 0, None, editable) if value is None else ws.write_number(row, 0, value, editable)
            elif fmt is None:
                ws.write_string(row, col, value, wrapped if COLUMNS[col][3] else text)
            elif value is None:
                ws.write_blank(row, col, None, number[fmt])
            else:
                ws.write_number(row, col, float(value), number[fmt])
        own = xl_rowcol_to_cell(row, 0)
        ws.write_formula(row, COUNT_COL, f'=IF({own}="","",COUNTIF({group_range},{own}))', number["0"],
                         "" if size is None else size)
        formulas += 1
        lines = max(wrapped_lines(str(cells[col]), widths[col]) for col in range(len(cells)) if COLUMNS[col][3])
        if lines > 1:
            ws.set_row(row, lines * 13.0 + 4)
    if rows:
        ws.data_validation(first, 0, last, 0, {
            "validate": "integer", "criteria": "between", "minimum": 1, "maximum": len(rows),
            "error_title": t("Gruppenummer", "Group number"),
            "error_message": t(f"Skriv et helt tal fra 1 til {len(rows)}, eller lad cellen stå tom (ingen gruppe).",
                               f"Type a whole number from 1 to {len(rows)}, or leave the cell empty (no group)."),
        })
        ws.autofilter(HEADER, 0, last, COUNT_COL)
    ws.freeze_panes(first, 3)
    ws.protect("", {"autofilter": True, "sort": True, "format_columns": True, "format_rows": True,
                    "select_locked_cells": True, "select_unlocked_cells": True})
    # A3, as the overview's other wide sheets: on A4 its 14 columns printed at 5.8 pt.
    fm.print_setup(ws, title, lang, repeat_row=HEADER, paper=fm.A3)
    return formulas


def _names(indicators, lang: str) -> str:
    return "; ".join(NAMES[i](lang) for i in indicators)
