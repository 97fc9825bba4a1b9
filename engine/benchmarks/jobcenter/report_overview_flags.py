"""The consultant's overview: how the flags fall over the participants, and each target group's result.

Flags (engine.report.position.flag, parameter ``flag_distance``): a unit cost flagged high
or low, a task's FTE share flagged high, and a target group better or worse than expected beyond its
family-wise uncertainty. The sheet counts them per municipality with live COUNTIF totals, shows
how many municipalities get 0, 1, 2, … flags (live COUNTIF over the totals) and the median — the
figure the method promises to keep at a handful. A second sheet lists every participant's deviation
from the expected level per target group (per 1,000 16-66-year-olds).
"""

from __future__ import annotations

from xlsxwriter.utility import xl_range_abs, xl_rowcol_to_cell

from engine.benchmarks.jobcenter.codes import TARGET_GROUP_CODES
from engine.benchmarks.jobcenter.report_labels import LABELS
from engine.report import formats as fm
from engine.report.formats import DASH, finite, write_cached_formula
from engine.report.headers import fit_written_header

HEADER = 4
KINDS = ("high", "low", "task", "better", "worse")


def flag_counts(results):
    """Per participant: flags of each kind and their total (a DataFrame indexed by municipality)."""
    import pandas as pd  # off the CLI start-up path

    groups, tasks = results.groups, results.tasks
    frame = pd.DataFrame({
        "high": groups.groupby("municipality")["high"].sum(),
        "low": groups.groupby("municipality")["low"].sum(),
        "task": tasks.groupby("municipality")["high"].sum(),
        "better": (groups["verdict"] == "better").groupby(groups["municipality"]).sum(),
        "worse": (groups["verdict"] == "worse").groupby(groups["municipality"]).sum(),
    }).reindex(results.municipalities.index).fillna(0).astype(int)
    frame["total"] = frame[list(KINDS)].sum(axis=1)
    return frame


def write_flags(o, ws) -> None:
    """``o`` is the Overview (t, f, params, results, _header)."""
    f, results = o.f, o.results
    counts = flag_counts(results)
    d = o.n(o.params.flag_distance * 100)
    o._header(ws, o.t(
        f"Markeringer pr. kommune: enhedsomkostning over øvre (under nedre) kvartil og mindst {d} % fra medianen "
        "(flag_distance), opgaveandel over øvre kvartil og mindst lige så langt fra medianen, og målgrupper bedre/"
        "dårligere end forventet ud over usikkerheden. Til højre: hvor mange kommuner der får 0, 1, 2, … markeringer.",
        f"Flags per municipality: unit cost above the upper (below the lower) quartile and at least {d} % from the "
        "median (flag_distance), task share above the upper quartile and at least as far from the median, and target "
        "groups better/worse than expected beyond the uncertainty. Right: how many municipalities get 0, 1, 2, … "
        "flags."))
    ws.set_column(0, 0, 26)
    ws.set_column(1, 10, 14)
    headers = (o.t("Kommune", "Municipality"), o.t("Høj enhedsomkostning", "High unit cost"),
               o.t("Lav enhedsomkostning", "Low unit cost"), o.t("Tung opgave", "Heavy task"),
               o.t("Målgruppe bedre end forventet", "Group better than expected"),
               o.t("Målgruppe dårligere end forventet", "Group worse than expected"), o.t("I alt", "Total"))
    for col, header in enumerate(headers):
        ws.write_string(HEADER, col, header, f["header_left" if col == 0 else "header"])
    fit_written_header(ws, HEADER, dict(enumerate(headers)), minimum_height=44)
    row = HEADER + 1
    names = results.municipalities["name"]
    for code, item in counts.iterrows():
        ws.write_string(row, 0, f"{names[code]} ({code})", f["label"])
        for col, kind in enumerate(KINDS, start=1):
            ws.write_number(row, col, int(item[kind]), f.num("0"))
        write_cached_formula(ws, row, 6, f"=SUM({xl_rowcol_to_cell(row, 1)}:{xl_rowcol_to_cell(row, 5)})",
                             f.num("0", bold=True), int(item["total"]))
        o.formula_count += 1
        row += 1
    totals = xl_range_abs(HEADER + 1, 6, row - 1, 6)
    ws.write_string(row, 0, o.t("Median", "Median"), f["label_bold"])
    write_cached_formula(ws, row, 6, f"=MEDIAN({totals})", f.num("0.0", bold=True), float(counts["total"].median()))
    o.formula_count += 1
    ws.write_string(HEADER, 8, o.t("Markeringer", "Flags"), f["header_left"])
    ws.write_string(HEADER, 9, o.t("Kommuner", "Municipalities"), f["header"])
    for index, n in enumerate(range(int(counts["total"].max()) + 1 if len(counts) else 1)):
        ws.write_number(HEADER + 1 + index, 8, n, f.num("0"))
        write_cached_formula(ws, HEADER + 1 + index, 9, f"=COUNTIF({totals},{xl_rowcol_to_cell(HEADER + 1 + index, 8)})",
                             f.num("0"), int((counts["total"] == n).sum()))
        o.formula_count += 1
    ws.freeze_panes(HEADER + 1, 1)
    fm.print_setup(ws, o.title, o.lang, repeat_row=HEADER)


def write_group_deviations(o, ws) -> None:
    f, groups = o.f, o.results.groups
    o._header(ws, o.t("Afvigelse fra forventet niveau pr. målgruppe (forventet − realiseret helårspersoner pr. 1.000 "
                      "16-66-årige; positiv = færre end forventet). Fed: ud over usikkerheden.",
                      "Deviation from the expected level per target group (expected − realised full-year persons per "
                      "1,000 aged 16-66; positive = fewer than expected). Bold: beyond the uncertainty."))
    ws.set_column(0, 0, 26)
    ws.set_column(1, len(TARGET_GROUP_CODES), 13)
    ws.write_string(HEADER, 0, o.t("Kommune", "Municipality"), f["header_left"])
    for col, group in enumerate(TARGET_GROUP_CODES, start=1):
        ws.write_string(HEADER, col, LABELS[group](o.lang), f["header"])
    fit_written_header(ws, HEADER, {col: LABELS[group](o.lang) for col, group in enumerate(TARGET_GROUP_CODES, start=1)},
                       minimum_height=44)
    names = o.results.municipalities["name"]
    wide = groups.pivot(index="municipality", columns="target_group", values="deviation")
    verdicts = groups.pivot(index="municipality", columns="target_group", values="verdict")
    row = HEADER + 1
    for code in o.results.municipalities.index:
        ws.write_string(row, 0, f"{names[code]} ({code})", f["label"])
        for col, group in enumerate(TARGET_GROUP_CODES, start=1):
            value = wide.loc[code, group]
            outside = verdicts.loc[code, group] in ("better", "worse")
            if finite(value):
                ws.write_number(row, col, float(value), f.num("+0.00;-0.00;0.00", bold=outside))
            else:
                ws.write_string(row, col, DASH, f["dash"])
        row += 1
    ws.freeze_panes(HEADER + 1, 1)
    fm.print_setup(ws, o.title, o.lang, repeat_row=HEADER, paper=fm.A3)

