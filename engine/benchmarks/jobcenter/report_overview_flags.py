"""The consultant's overview: how the flags fall over the participants, and each target group's result.

Flags (engine.report.position.flag, parameter ``flag_distance``): a unit cost flagged high
or low, a task's FTE share flagged high, and a target group better or worse than expected beyond its
family-wise uncertainty. The sheet is every benchmark's "flags per participant" sheet
(engine.report.flag_spread): the flags per municipality with live totals, how many municipalities get
each kind and 0, 1, 2, … flags (live COUNTIF) and the median — the figure the method promises to keep
at a handful. A second sheet lists every participant's deviation
from the expected level per target group (per 1,000 16-66-year-olds).
"""

from __future__ import annotations

from engine.benchmarks.jobcenter.codes import TARGET_GROUP_CODES
from engine.benchmarks.jobcenter.report_labels import LABELS
from engine.report import formats as fm
from engine.report.flag_spread import write_flag_spread
from engine.report.formats import DASH, finite
from engine.report.headers import fit_written_header
from engine.text import Text

HEADER = 4
KINDS = ("high", "low", "task", "better", "worse")
FLAG_NAMES = {"high": Text("Høj enhedsomkostning", "High unit cost"),
              "low": Text("Lav enhedsomkostning", "Low unit cost"),
              "task": Text("Tung opgave", "Heavy task"),
              "better": Text("Målgruppe bedre end forventet", "Group better than expected"),
              "worse": Text("Målgruppe dårligere end forventet", "Group worse than expected")}


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


def write_flags(o, wb) -> None:
    """The flags-per-participant sheet every benchmark's overview has (engine.report.flag_spread), with the
    jobcenter's kinds; ``o`` is the Overview (t, f, n, params, results, title, lang, formula_count)."""
    counts = flag_counts(o.results)
    names = o.results.municipalities["name"]
    d = o.n(o.params.flag_distance * 100)
    rule = Text(
        f"Enhedsomkostning over øvre (under nedre) kvartil og mere end {d} % fra medianen (parameteren «Markering: mindste afstand til medianen»); "
        "opgaveandel over øvre kvartil og lige så langt fra medianen; målgrupper bedre/dårligere end forventet ud "
        "over usikkerheden.",
        f"Unit cost above the upper (below the lower) quartile and more than {d} % from the median "
        "(the parameter «Flag: smallest distance from the median»); task share above the upper quartile and as far from the median; target groups "
        "better/worse than expected beyond the uncertainty.")
    o.formula_count += write_flag_spread(
        wb, o.f, o.title, o.lang, [(str(code), str(names[code])) for code in counts.index], FLAG_NAMES,
        {kind: counts[kind].to_dict() for kind in KINDS}, Text("kommuner", "municipalities"), rule)


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

