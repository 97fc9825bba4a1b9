"""The jobcenter report's own-data sheets: Basis, FTE (heat map), Unit costs and Account 5.

Every own figure is a live formula: FTE and cost per employee on the Basis sheet, SUMIFS over the
allocation lines and konto 5 lines, the key that spreads the shared line, and the unit costs.
"""

from __future__ import annotations

import numpy as np
from xlsxwriter.utility import xl_range_abs, xl_rowcol_to_cell

from engine.benchmarks.jobcenter.codes import (
    FRAMEWORK_CONDITIONS, SHARED, STAFF_GROUPS, TARGET_GROUP_CODES, TASK_CODES, TOOL_CODES,
)
from engine.benchmarks.jobcenter.compute import ALLOCATION_GROUPS, OVERHEAD_TASKS, overhead_key
from engine.benchmarks.jobcenter.report_labels import DKK, FTE2, LABELS, SHARE1, TOOL_LABELS
from engine.report import formats as fm
from engine.report.chart_data import write_chart_cell
from engine.report.formats import finite
from engine.report.position import band_formula, far_from_formula, item_band_text, worse_band_formula
from engine.text import Text

STAFF_GROUP_LABELS = {group.code: group.label for group in STAFF_GROUPS}
FRAMEWORK_LABELS = {condition.code: condition.label for condition in FRAMEWORK_CONDITIONS}


POSITION_HEADER = Text("Placering blandt øvrige", "Position among the others")


def _band(r, ws, row: int, col: int, item, own_col: int, flagged: bool | None) -> None:
    """The share's band among the others with n (engine.report.position) as a live formula over the own
    share (``own_col``) and the others' quartiles, median and n (the four columns before ``col``); with
    ``flagged`` not None (tasks), " – markeret" where the flag rule (flag_distance) holds."""
    values = {f"share{suffix}": getattr(item, f"share{suffix}") for suffix in ("", "_q1", "_median", "_q3", "_n")}
    text = item_band_text(values, "share", r.params.disclosure, r.lang)
    suffix = r.t(" – markeret", " – flagged")
    if flagged:
        text += suffix
    fmt = r.f["flag"] if flagged else r.f["label"]
    if not (finite(item.share_median) and text):
        ws.write_string(row, col, text, fmt)
        return
    own, q1, median, q3, n = (xl_rowcol_to_cell(row, c) for c in (own_col, col - 4, col - 3, col - 2, col - 1))
    quartiles = finite(item.share_q1) and finite(item.share_q3)
    band = band_formula(own, q1, median, q3, n, r.lang, quartiles)[1:]
    if flagged is not None:  # compute.flagged, the rule of every benchmark
        shown = "quartiles" if quartiles else "median"
        rule = (f"AND({worse_band_formula(own, q1, median, q3, 'above', shown)},"
                f"{far_from_formula(own, median, 'above', 'flag_distance')})")
        band += f'&IF({rule},"{suffix}","")'
    cells = [own, median, *((q1, q3) if quartiles else ())]
    r.formula(ws, row, col, f'=IF(COUNT({",".join(cells)})<{len(cells)},"",{band})', fmt, text)


def _sheet_range(r, key: str, first: int, last: int, col: int) -> str:
    return f"{r.q[key]}!{xl_range_abs(first, col, last, col)}"


# -- Grundlag / Basis --------------------------------------------------------------------------------
# The codes the SUMIFS on the other sheets match (staff group, target group, task, tool) stand in two
# hidden columns to the right; the reader sees the labels of the text tables.
CODE_COLS = (9, 10)


def write_data(r) -> None:
    ws, f, lang = r.ws["data"], r.f, r.lang
    for col, width in enumerate((14, 28, 30, 26, 12, 10, 14, 14, 30)):
        ws.set_column(col, col, width)
    r.heading(ws, r.t(f"Grundlag – {r.name}", f"Basis – {r.name}"), r.t(
        "Kommunens egne indberetninger som de er modtaget: personalelisten, afdelingsledernes fordeling af årsværk og "
        "konto 5-budgettet, samt kommunens række i registerfilen. Årsværk og omkostninger er formler; kolonnen Kilde "
        "viser cellen i den indsendte fil.",
        "The municipality's own submissions as received: the staff list, the department heads' allocation of FTE "
        "and the account 5 budget, and the municipality's row of the register file. FTE and costs are formulas; the "
        "column Source shows the cell in the submitted file."), 8)
    row = r.section(ws, 3, r.t("Personaleliste", "Staff list"), 8)
    row = r.headers(ws, row, (Text("Medarbejder-id", "Employee id"), Text("Afdeling", "Department"),
                              Text("Personalegruppe", "Staff group"), Text("Timer pr. uge", "Hours a week"),
                              Text("Måneder ansat", "Months employed"), Text("Årsværk", "FTE"),
                              Text("Lønomkostning (kr.)", "Salary cost (DKK)"), Text("Omkostning (kr.)", "Cost (DKK)"),
                              Text("Kilde", "Source"), Text("Personalegruppe (kode)", "Staff group (code)")),
                    left=(0, 1, 2, 8, 9))
    staff = r.results.employees[r.results.employees["municipality"] == r.code]
    first = row
    staff_rows: dict[str, int] = {}  # employee id -> its row, which the allocation lines refer to
    for item in staff.itertuples():
        staff_rows.setdefault(str(item.employee_id), row)
        ws.write_string(row, 0, str(item.employee_id), f["label"])
        ws.write_string(row, 1, str(item.department), f["label"])
        ws.write_string(row, 2, STAFF_GROUP_LABELS[item.staff_group](lang) if item.staff_group in STAFF_GROUP_LABELS
                        else str(item.staff_group), f["label"])
        ws.write_number(row, 3, float(item.weekly_hours), f.num("0.0"))
        ws.write_number(row, 4, float(item.months_employed), f.num("0.0"))
        hours, months, salary = (xl_rowcol_to_cell(row, c) for c in (3, 4, 6))
        r.formula(ws, row, 5, f"={hours}/full_time_hours*{months}/12", f.num("0.000"), item.fte)
        if finite(item.salary_cost):
            ws.write_number(row, 6, float(item.salary_cost), f.num(DKK))
            r.formula(ws, row, 7, f"={salary}", f.num(DKK), item.cost)
        else:
            ws.write_blank(row, 6, None, f.num(DKK))
            r.formula(ws, row, 7, f"=cost_{item.staff_group}*{xl_rowcol_to_cell(row, 5)}", f.num(DKK), item.cost)
        ws.write_string(row, 8, str(item.source or ""), f["key"])
        ws.write_string(row, CODE_COLS[0], str(item.staff_group), f["code"])
        row += 1
    last = max(row - 1, first)
    staff_fte, staff_cost = (xl_range_abs(first, c, last, c) for c in (5, 7))
    r.cells["staff_fte"], r.cells["staff_cost"] = f"{r.q['data']}!{staff_fte}", f"{r.q['data']}!{staff_cost}"
    r.cells["fte:all"] = f"SUM({r.cells['staff_fte']})"

    row = r.section(ws, row + 1, r.t("Fordeling af årsværk (afdelingslederne)", "Allocation of FTE (department heads)"), 8)
    row = r.headers(ws, row, (Text("Medarbejder-id", "Employee id"), Text("Afdeling", "Department"),
                              Text("Målgruppe", "Target group"), Text("Opgave", "Task"), Text("Andel", "Share"),
                              Text("Årsværk", "FTE"), Text("", ""), Text("Omkostning (kr.)", "Cost (DKK)"),
                              Text("Kilde", "Source"), Text("Målgruppe (kode)", "Target group (code)"),
                              Text("Opgave (kode)", "Task (code)")), left=(0, 1, 2, 3, 8, 9, 10))
    lines = r.results.allocation[r.results.allocation["municipality"] == r.code]
    a_first = row
    for item in lines.itertuples():
        ws.write_string(row, 0, str(item.employee_id), f["label"])
        ws.write_string(row, 1, str(item.department), f["label"])
        ws.write_string(row, 2, LABELS[item.target_group](lang), f["label"])
        ws.write_string(row, 3, LABELS[item.task](lang), f["label"])
        ws.write_number(row, 4, float(item.share), f.num("0%"))
        ws.write_string(row, CODE_COLS[0], str(item.target_group), f["code"])
        ws.write_string(row, CODE_COLS[1], str(item.task), f["code"])
        # The employee's row on the staff list by position, never by a look-up: an id such as A* or C~1
        # would be a pattern to MATCH and find another employee.
        share, staff_row = xl_rowcol_to_cell(row, 4), staff_rows.get(str(item.employee_id))
        if staff_row is None:
            r.number(ws, row, 5, None, f.num("0.000"))
            r.number(ws, row, 7, None, f.num(DKK))
        else:
            r.formula(ws, row, 5, f"={share}*{xl_rowcol_to_cell(staff_row, 5, True, True)}", f.num("0.000"),
                      item.fte)
            r.formula(ws, row, 7, f"={share}*{xl_rowcol_to_cell(staff_row, 7, True, True)}", f.num(DKK),
                      item.cost)
        ws.write_string(row, 8, str(item.source or ""), f["key"])
        row += 1
    a_last = max(row - 1, a_first)
    for key, col in (("a_group", CODE_COLS[0]), ("a_task", CODE_COLS[1]), ("a_fte", 5), ("a_cost", 7)):
        r.cells[key] = _sheet_range(r, "data", a_first, a_last, col)

    row = r.section(ws, row + 1, r.t("Konto 5-budget (økonomimedarbejderen)", "Account 5 budget (finance staff)"), 8)
    row = r.headers(ws, row, (Text("Målgruppe", "Target group"), Text("Redskab", "Tool"), Text("", ""), Text("", ""),
                              Text("", ""), Text("", ""), Text("", ""), Text("Beløb (kr.)", "Amount (DKK)"),
                              Text("Kilde", "Source"), Text("Målgruppe (kode)", "Target group (code)"),
                              Text("Redskab (kode)", "Tool (code)")), left=(0, 1, 8, 9, 10))
    budget = r.results.konto5[r.results.konto5["municipality"] == r.code]
    k_first = row
    for item in budget.itertuples():
        ws.write_string(row, 0, LABELS[item.target_group](lang), f["label"])
        ws.write_string(row, 1, TOOL_LABELS[item.tool](lang), f["label"])
        ws.write_number(row, 7, float(item.amount), f.num(DKK))
        ws.write_string(row, 8, str(item.source or ""), f["key"])
        ws.write_string(row, CODE_COLS[0], str(item.target_group), f["code"])
        ws.write_string(row, CODE_COLS[1], str(item.tool), f["code"])
        row += 1
    if budget.empty:
        ws.write_string(row, 0, r.t("Intet konto 5-budget modtaget.", "No account 5 budget received."), f["flag"])
        row += 1
    k_last = max(row - 1, k_first)
    for key, col in (("k_group", CODE_COLS[0]), ("k_tool", CODE_COLS[1]), ("k_amount", 7)):
        r.cells[key] = _sheet_range(r, "data", k_first, k_last, col)
    r.has_budget = not budget.empty

    row = r.section(ws, row + 1, r.t("Registerdata for kommunen", "Register data for the municipality"), 8)
    row = r.headers(ws, row, (Text("Variabel", "Variable"), Text("Værdi", "Value")), left=(0,))
    own = r.results.register.loc[r.code] if r.code in r.results.register.index else None
    entries = [(LABELS[g](lang) + r.t(" – helårspersoner", " – full-year persons"), f"persons_{g}", "#,##0.0")
               for g in TARGET_GROUP_CODES]
    entries.append((r.t("Realiseret offentlig forsørgelsesgrad", "Realised public support rate"), "realised_rate", "0.00%"))
    entries.append((r.t("Indbyggere 16-66 år", "Inhabitants aged 16-66"), "population_16_66", "#,##0"))
    entries += [(FRAMEWORK_LABELS[c](lang) if c in FRAMEWORK_LABELS else c, c, "0.0000") for c in r.results.framework_columns]
    for label, column, fmt in entries:
        ws.write_string(row, 0, label, f["label"])
        r.number(ws, row, 1, None if own is None else own.get(column), f.num(fmt))
        r.cells[f"reg:{column}"] = r.ref("data", row, 1)
        row += 1
    ws.set_column(CODE_COLS[0], CODE_COLS[-1], None, None, {"hidden": True})  # after the headers widened them
    ws.freeze_panes(3, 0)
    fm.print_setup(ws, r.title, lang)


# -- Årsværk / FTE -----------------------------------------------------------------------------------
def write_fte(r) -> None:
    ws, f, lang = r.ws["fte"], r.f, r.lang
    matrix = r.results.rows("fte_matrix", r.code)
    ws.set_column(0, 0, 38)
    ws.set_column(1, len(TASK_CODES) + 1, 15)
    last_col = len(TASK_CODES) + 1
    r.heading(ws, r.t("Årsværk fordelt på målgrupper og opgaver", "FTE by target group and task"), r.t(
        "Afdelingsledernes fordeling af medarbejdernes effektive arbejdstid, lagt sammen over afdelingerne. Fælles tid "
        "(ikke målgruppeopdelt) står på sin egen linje; den fordeles på målgrupperne på arket Enhedsomkostninger. "
        "Varmekortet nederst viser forskellen mellem kommunens andel og medianen for de øvrige kommuner i "
        "procentpoint: rød = kommunen bruger en større andel af tiden her, blå = en mindre.",
        "The department heads' allocation of the staff's effective working time, added up over the departments. "
        "Shared time (not tied to a target group) has its own row; the sheet Unit costs spreads it over the target "
        "groups. The heat map at the bottom shows the municipality's share minus the other municipalities' median in "
        "percentage points: red = the municipality spends a larger share of its time here, blue = a smaller one."),
        last_col)
    tasks = [LABELS[t](lang) for t in TASK_CODES]
    fte = matrix["fte"].to_numpy().reshape(len(ALLOCATION_GROUPS), len(TASK_CODES))
    share = matrix["share"].to_numpy().reshape(fte.shape)
    median = matrix["share_median"].to_numpy().reshape(fte.shape)
    total_fte = float(fte.sum())

    def block(row: int, title: str, total: bool = False) -> int:
        row = r.section(ws, row, title, last_col)
        total_header = (Text("I alt", "Total"),) if total else ()
        return r.headers(ws, row, (Text("Målgruppe", "Target group"), *tasks, *total_header), height=56)

    row = block(3, r.t("Årsværk", "FTE"), total=True)
    own_first = row
    for g, group in enumerate(ALLOCATION_GROUPS):
        ws.write_string(row, 0, LABELS[group](lang), f["label_bold"] if group == SHARED.code else f["label"])
        for t, task in enumerate(TASK_CODES):
            r.formula(ws, row, t + 1, f'=SUMIFS({r.cells["a_fte"]},{r.cells["a_group"]},"{group}",'
                                      f'{r.cells["a_task"]},"{task}")', f.num(FTE2), fte[g, t])
        r.formula(ws, row, last_col, f"=SUM({xl_rowcol_to_cell(row, 1)}:{xl_rowcol_to_cell(row, len(TASK_CODES))})",
                  f.num(FTE2, bold=True), fte[g].sum())
        if group == SHARED.code:
            r.cells["fte:shared"] = r.ref("fte", row, last_col)  # page one's share of shared time
        row += 1
    ws.write_string(row, 0, r.t("I alt", "Total"), f["label_bold"])
    for col in range(1, last_col + 1):
        value = fte[:, col - 1].sum() if col <= len(TASK_CODES) else total_fte
        r.formula(ws, row, col, f"=SUM({xl_rowcol_to_cell(own_first, col)}:{xl_rowcol_to_cell(row - 1, col)})",
                  f.num(FTE2, bold=True), value)
    total_cell = xl_rowcol_to_cell(row, last_col, True, True)
    task_total_row = row
    r.cells["fte:all"] = r.ref("fte", row, last_col)

    row = block(row + 2, r.t("Andel af kommunens årsværk", "Share of the municipality's FTE"))
    share_first = row
    for g, group in enumerate(ALLOCATION_GROUPS):
        ws.write_string(row, 0, LABELS[group](lang), f["label"])
        for t in range(len(TASK_CODES)):
            r.formula(ws, row, t + 1, f"={xl_rowcol_to_cell(own_first + g, t + 1)}/{total_cell}", f.num(SHARE1),
                      share[g, t])
        row += 1

    row = block(row + 1, r.t("De øvrige kommuners median (andel)", "The other municipalities' median (share)"))
    median_first = row
    for g, group in enumerate(ALLOCATION_GROUPS):
        ws.write_string(row, 0, LABELS[group](lang), f["label"])
        for t in range(len(TASK_CODES)):
            r.number(ws, row, t + 1, median[g, t], f.num(SHARE1))
        row += 1

    row = block(row + 1, r.t("Varmekort: kommunens andel − medianen (procentpoint)",
                             "Heat map: the municipality's share − the median (percentage points)"))
    heat_first = row
    for g, group in enumerate(ALLOCATION_GROUPS):
        ws.write_string(row, 0, LABELS[group](lang), f["label"])
        for t in range(len(TASK_CODES)):
            own, other = (xl_rowcol_to_cell(first + g, t + 1) for first in (share_first, median_first))
            r.formula(ws, row, t + 1, f"=({own}-{other})*100", f.num("+0.0;-0.0;0.0"),
                      (share[g, t] - median[g, t]) * 100 if finite(median[g, t]) else None)
        row += 1
    extent = np.nanmax(np.abs((share - median) * 100)) if np.isfinite(median).any() else 1.0
    ws.conditional_format(heat_first, 1, row - 1, len(TASK_CODES), {
        "type": "3_color_scale", "min_type": "num", "min_value": -float(extent or 1), "min_color": "#5B9BD5",
        "mid_type": "num", "mid_value": 0, "mid_color": fm.WHITE,
        "max_type": "num", "max_value": float(extent or 1), "max_color": fm.RED})

    tasks_frame = r.results.rows("tasks", r.code)
    row = r.section(ws, row + 1, r.t("Opgaverne samlet mod de øvrige kommuner", "The tasks overall against the others"),
                    last_col)
    row = r.headers(ws, row, (Text("Opgave", "Task"), Text("Årsværk", "FTE"), Text("Andel", "Share"),
                              Text("Øvrige, nedre kvartil", "Others, lower quartile"), Text("Øvrige, median", "Others, median"),
                              Text("Øvrige, øvre kvartil", "Others, upper quartile"), Text("Øvrige, n", "Others, n"),
                              POSITION_HEADER), height=42)
    for t, item in enumerate(tasks_frame.itertuples()):
        ws.write_string(row, 0, LABELS[item.task](lang), f["label"])
        r.formula(ws, row, 1, f"={xl_rowcol_to_cell(task_total_row, t + 1)}", f.num(FTE2), item.fte)
        r.formula(ws, row, 2, f"={xl_rowcol_to_cell(row, 1)}/{total_cell}", f.num(SHARE1), item.share)
        for col, value in ((3, item.share_q1), (4, item.share_median), (5, item.share_q3)):
            r.number(ws, row, col, value, f.num(SHARE1))
        ws.write_number(row, 6, int(item.share_n), f.num("0"))
        _band(r, ws, row, 7, item, own_col=2, flagged=bool(item.high))
        row += 1
    r.note(ws, row + 1, r.t("Andelene er af kommunens samlede årsværk før fordelingen af fælles tid. Medianen og "
                            "kvartilerne er beregnet over de øvrige deltagende kommuner (ikke kommunen selv).",
                            "Shares are of the municipality's total FTE before the shared time is spread. The median "
                            "and quartiles are over the other participating municipalities (not the municipality "
                            "itself)."), last_col)
    fm.print_setup(ws, r.title, lang)


# -- Konto 5 / Account 5 --------------------------------------------------------------------------------
def write_konto5(r) -> None:
    ws, f, lang = r.ws["konto5"], r.f, r.lang
    n_tools = len(TOOL_CODES)
    last_col = n_tools + 1
    ws.set_column(0, 0, 38)
    ws.set_column(1, last_col, 15)
    r.heading(ws, r.t("Konto 5: redskaber pr. målgruppe", "Account 5: tools per target group"), r.t(
        "Kommunens udgifter på konto 5 (aktivering) fordelt på målgrupper og redskaber, som økonomimedarbejderen har "
        "indberettet dem, og redskabsmikset sammenlignet med de øvrige kommuner.",
        "The municipality's account 5 expenses (activation) by target group and tool as the finance staff reported "
        "them, and the tool mix compared with the other municipalities."), last_col)
    tools = r.results.rows("tools", r.code)
    row = r.section(ws, 3, r.t("Udgifter (kr.)", "Expenses (DKK)"), last_col)
    row = r.headers(ws, row, (Text("Målgruppe", "Target group"), *(TOOL_LABELS[t] for t in TOOL_CODES),
                              Text("I alt", "Total")), height=56)
    budget = r.results.konto5[r.results.konto5["municipality"] == r.code]
    amounts = budget.groupby(["target_group", "tool"])["amount"].sum()
    group_totals = budget.groupby("target_group")["amount"].sum()
    first = row
    for group in TARGET_GROUP_CODES:
        ws.write_string(row, 0, LABELS[group](lang), f["label"])
        for t, tool in enumerate(TOOL_CODES):
            value = float(amounts.get((group, tool), 0.0)) if r.has_budget else None
            r.formula(ws, row, t + 1, f'=SUMIFS({r.cells["k_amount"]},{r.cells["k_group"]},"{group}",'
                                      f'{r.cells["k_tool"]},"{tool}")', f.num(DKK), value)
        total = float(group_totals.get(group, 0.0)) if r.has_budget else None
        r.formula(ws, row, last_col, f"=SUM({xl_rowcol_to_cell(row, 1)}:{xl_rowcol_to_cell(row, n_tools)})",
                  f.num(DKK, bold=True), total)
        row += 1
    ws.write_string(row, 0, r.t("I alt", "Total"), f["label_bold"])
    totals = tools["amount"].to_numpy()
    for col in range(1, last_col + 1):
        value = (totals[col - 1] if col <= n_tools else totals.sum()) if r.has_budget else None
        r.formula(ws, row, col, f"=SUM({xl_rowcol_to_cell(first, col)}:{xl_rowcol_to_cell(row - 1, col)})",
                  f.num(DKK, bold=True), value)
    total_row = row
    grand = xl_rowcol_to_cell(total_row, last_col, True, True)

    row = r.section(ws, row + 2, r.t("Redskabsmiks mod de øvrige kommuner", "Tool mix against the other municipalities"),
                    last_col)
    row = r.headers(ws, row, (Text("Redskab", "Tool"), Text("Kommunen", "This municipality"),
                              Text("Øvrige, nedre kvartil", "Others, lower quartile"), Text("Øvrige, median", "Others, median"),
                              Text("Øvrige, øvre kvartil", "Others, upper quartile"), Text("Øvrige, n", "Others, n"),
                              POSITION_HEADER), height=42)
    mix_first = row
    for t, item in enumerate(tools.itertuples()):
        ws.write_string(row, 0, TOOL_LABELS[item.tool](lang), f["label"])
        r.formula(ws, row, 1, f"={xl_rowcol_to_cell(total_row, t + 1)}/{grand}", f.num(SHARE1), item.share)
        for col, value in ((2, item.share_q1), (3, item.share_median), (4, item.share_q3)):
            r.number(ws, row, col, value, f.num(SHARE1))
        ws.write_number(row, 5, int(item.share_n), f.num("0"))
        _band(r, ws, row, 6, item, own_col=1, flagged=None)
        row += 1
    # What the chart reads: the own share (col 1) and the median (col 3), or #N/A where there is none, in
    # hidden columns right of every table (the chart shows hidden data; the printout leaves them out).
    own_col, median_col = last_col + 2, last_col + 3
    ws.set_column(own_col, median_col, 13, None, {"hidden": True})
    for chart_col, source_col, column, header in (
            (own_col, 1, "share", Text("Diagram: kommunen", "Chart: this municipality")),
            (median_col, 3, "share_median", Text("Diagram: øvrige, median", "Chart: others, median"))):
        ws.write_string(mix_first - 1, chart_col, header(lang), f["header"])
        for offset, share in enumerate(tools[column].to_numpy()):
            write_chart_cell(ws, mix_first + offset, chart_col, xl_rowcol_to_cell(mix_first + offset, source_col),
                             share if column == "share_median" or r.has_budget else None, f.num(SHARE1))
    c = r.chart("column", r.t("Redskabsmiks: andel af konto 5", "Tool mix: share of account 5"))
    name = r.names["konto5"]
    for col, label, colour in ((own_col, r.name, fm.OWN_COLOUR),
                               (median_col, r.t("Øvrige, median", "Others, median"), fm.PEER_COLOUR)):
        c.add_series({"name": label, "categories": [name, mix_first, 0, row - 1, 0],
                      "values": [name, mix_first, col, row - 1, col], "fill": {"color": colour}, "gap": 80})
    c.set_y_axis({"num_format": "0%", "num_font": {"size": 8}, "min": 0,
                  "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}}})
    c.set_x_axis({"num_font": {"size": 8}})
    c.set_size({"width": 900, "height": 360})
    ws.insert_chart(row + 1, 0, c)
    fm.print_setup(ws, r.title, lang)


def direct_fte_and_key(r) -> tuple[np.ndarray, np.ndarray]:
    """The municipality's FTE on direct tasks per target group and the key that spreads the shared line."""
    matrix = r.results.rows("fte_matrix", r.code)
    fte = matrix["fte"].to_numpy().reshape(1, len(ALLOCATION_GROUPS), len(TASK_CODES))
    direct_tasks = [i for i, task in enumerate(TASK_CODES) if task not in OVERHEAD_TASKS]
    persons = r.groups.loc[list(TARGET_GROUP_CODES), "persons"].to_numpy(float)[None, :]
    key = overhead_key(fte, persons, r.params.overhead_key)[0]
    return fte[0, : len(TARGET_GROUP_CODES)][:, direct_tasks].sum(axis=1), key

