"""The Time use sheet of the botilbud facility report: what the time is used for, what is documented,
and how the direct user-oriented time varies between staff and days.

Every own figure is a live formula over the Time registration sheet (SUM, COUNTIFS, SUMIFS, STDEV,
QUARTILE); the peers' and the cluster's medians are the engine's values. Registers the cells of
``user_share``, ``direct_share``, ``documentation_share`` and the three variation measures.
"""

from __future__ import annotations

import datetime as dt
import math

from xlsxwriter.utility import xl_range_abs, xl_rowcol_to_cell

from engine.benchmarks.botilbud.compute import TIME_GROUPS
from engine.benchmarks.botilbud.report_sheets import (
    CLUSTER_COLOUR, DOC_LABELS, GROUP_LABELS, PCT, PEERS_COLOUR, R_DATE, R_MINUTES, R_SHARE, R_STAFF, R_TOTAL, as_date,
    axis, chart, reg_range,
)
from engine.benchmarks.botilbud.time_registration_text import DOCUMENTATION
from engine.report import formats as fm
from engine.report.formats import DASH
from engine.report.frames import named_rows
from engine.report.rounds import rows_of
from engine.templates.writer import DATE_FORMAT
from engine.text import Text

# -- Tidsforbrug: what the time is used for ------------------------------------------------------------------
T_NAME, T_MINUTES, T_SHARE, T_PEERS, T_CLUSTER = range(5)
T_CHART_COL = 6


def write_time_use(r) -> None:
    ws, f, lang = r.ws["time"], r.f, r.lang
    for col, width in enumerate((52, 13, 12, 14, 14)):
        ws.set_column(col, col, width)
    ws.set_column(5, 5, 3)
    r.heading(ws, r.t(f"Tidsforbrug – {r.name}", f"Time use – {r.name}"), r.t(
        "Hvad basispersonalets arbejdstid bruges på, hvad der dokumenteres, og hvor meget den direkte brugerrettede "
        "tid varierer – beregnet med formler fra arket Tidsregistrering og sammenlignet med medianen for de "
        f"{r.params.n_peers} mest lignende tilbud og klyngen.",
        "What the front-line staff's working time is used for, what is documented, and how much the direct "
        "user-oriented time varies – computed with formulas from the Time registration sheet and compared with the "
        f"median of the {r.params.n_peers} most similar facilities and the cluster."), 4 + 8)
    row = 3
    if not r.has_time:
        ws.merge_range(row, 0, row, 4, r.t("Tilbuddet har ikke indsendt tidsregistrering; egne tal vises ikke.",
                                           "The facility has not sent a time registration; its own figures are not "
                                           "shown."), f["flag"])
        row += 2
    own = rows_of(r.results, "time_use", r.facility).set_index("category")
    # (a) what the time is used for
    row = r.section(ws, row, r.t("Hvad anvendes tiden på?", "What is the time used for?"), 4)
    header = row
    _share_headers(r, ws, row, Text("Minutter", "Minutes"), Text("Andel af tiden", "Share of the time"))
    row += 1
    first = row
    total_row = first + len(TIME_GROUPS)
    total_cell = xl_rowcol_to_cell(total_row, T_MINUTES, True, True)
    for group in TIME_GROUPS:
        item = own.loc[group]
        ws.write_string(row, T_NAME, GROUP_LABELS[group](lang), f["label"])
        if r.has_time:
            if group == "documentation":
                cols = [R_MINUTES[d] for d in DOCUMENTATION]
                source = f"=SUM({r.q['registrations']}!{xl_range_abs(r.reg_rows[0], cols[0], r.reg_rows[1], cols[-1])})"
            else:
                source = f"=SUM({reg_range(r, R_MINUTES[group])})"
            r.formula(ws, row, T_MINUTES, source, f.num("#,##0"), item["minutes"])
            r.formula(ws, row, T_SHARE, f"={xl_rowcol_to_cell(row, T_MINUTES)}/{total_cell}", f.num(PCT),
                      item["share"])
        else:
            ws.write_string(row, T_MINUTES, DASH, f["dash"])
            ws.write_blank(row, T_SHARE, None, f.num(PCT))
        _medians(r, ws, row, item, PCT, chart_source=True)
        if group in ("direct", "documentation") and r.has_time:
            r.cells[f"{group}_share"] = r.ref("time", row, T_SHARE)
        row += 1
    ws.write_string(row, T_NAME, r.t("I alt", "Total"), f["label_bold"])
    if r.has_time:
        r.formula(ws, row, T_MINUTES, f"=SUM({reg_range(r, R_TOTAL)})", f.num("#,##0", bold=True),
                  float(r.info["registered_minutes"]))
        r.formula(ws, row, T_SHARE, f"=SUM({xl_rowcol_to_cell(first, T_SHARE)}:{xl_rowcol_to_cell(row - 1, T_SHARE)})",
                  f.num(PCT, bold=True), float(own["share"].sum()))
    else:
        for col in (T_MINUTES, T_SHARE):
            ws.write_string(row, col, DASH, f["dash_bold"])
    for col in (T_PEERS, T_CLUSTER):
        ws.write_blank(row, col, None, f["label_bold"])
    row += 1
    # the user-oriented share (direct + indirect): the productivity's input
    data = r.rows.loc["user_share"]
    ws.write_string(row, T_NAME, r.t("Brugerrettet tid (direkte + indirekte)", "User-oriented time (direct + indirect)"),
                    f["label_bold"])
    if r.has_time and math.isfinite(data["value"]):
        d, i = (xl_rowcol_to_cell(first + TIME_GROUPS.index(g), T_MINUTES) for g in ("direct", "indirect"))
        r.formula(ws, row, T_MINUTES, f"={d}+{i}", f.num("#,##0", bold=True),
                  float(own.loc["direct", "minutes"] + own.loc["indirect", "minutes"]))
        r.formula(ws, row, T_SHARE, f"={xl_rowcol_to_cell(row, T_MINUTES)}/{total_cell}", f.num(PCT, bold=True),
                  data["value"])
        r.cells["user_share"] = r.ref("time", row, T_SHARE)
    else:
        for col in (T_MINUTES, T_SHARE):
            ws.write_string(row, col, DASH, f["dash_bold"])
    _medians(r, ws, row, data, PCT, bold=True)
    row += 2
    _share_chart(r, ws, header, first, first + len(TIME_GROUPS) - 1,
                 r.t("Hvad anvendes tiden på? (andel af tiden)", "What is the time used for? (share of the time)"),
                 len(TIME_GROUPS))

    # (b) what is documented
    row = max(row, header + 18)
    row = r.section(ws, row, r.t("Hvad dokumenteres?", "What is documented?"), 4)
    own_docs = rows_of(r.results, "documentation", r.facility).set_index("category")
    header = row
    _share_headers(r, ws, row, Text("Minutter", "Minutes"), Text("Andel af dokumentation", "Share of documentation"))
    row += 1
    first = row
    doc_total = xl_rowcol_to_cell(first + len(DOCUMENTATION), T_MINUTES, True, True)
    for doc in DOCUMENTATION:
        item = own_docs.loc[doc]
        ws.write_string(row, T_NAME, DOC_LABELS[doc](lang), f["label"])
        if r.has_time and math.isfinite(item["share"]):
            r.formula(ws, row, T_MINUTES, f"=SUM({reg_range(r, R_MINUTES[doc])})", f.num("#,##0"), item["minutes"])
            r.formula(ws, row, T_SHARE, f"={xl_rowcol_to_cell(row, T_MINUTES)}/{doc_total}", f.num(PCT), item["share"])
        else:
            ws.write_string(row, T_MINUTES, DASH, f["dash"])
            ws.write_blank(row, T_SHARE, None, f.num(PCT))
        _medians(r, ws, row, item, PCT, chart_source=True)
        row += 1
    ws.write_string(row, T_NAME, r.t("Dokumentation i alt", "Documentation in total"), f["label_bold"])
    if r.has_time and math.isfinite(own_docs["share"].sum()) and own_docs["minutes"].sum() > 0:
        r.formula(ws, row, T_MINUTES, f"=SUM({xl_rowcol_to_cell(first, T_MINUTES)}:{xl_rowcol_to_cell(row - 1, T_MINUTES)})",
                  f.num("#,##0", bold=True), float(own_docs["minutes"].sum()))
    else:
        ws.write_string(row, T_MINUTES, DASH, f["dash_bold"])
    for col in (T_SHARE, T_PEERS, T_CLUSTER):
        ws.write_blank(row, col, None, f["label_bold"])
    row += 2
    _share_chart(r, ws, header, first, first + len(DOCUMENTATION) - 1,
                 r.t("Hvad dokumenteres? (andel af dokumentationstiden)",
                     "What is documented? (share of the documentation time)"), len(DOCUMENTATION))
    row = max(row, header + 16)
    ws.set_h_pagebreaks([row])  # the variation starts a page
    _variation(r, ws, row)
    fm.print_setup(ws, r.title, lang)


def _share_headers(r, ws, row: int, minutes: Text, share: Text) -> None:
    from engine.benchmarks.botilbud.report_common import CLUSTER, peers_label
    headers = (Text("Kategori", "Category"), minutes, share, peers_label(r.params.n_peers), CLUSTER)
    for col, header in enumerate(headers):
        ws.write_string(row, col, header(r.lang), r.f["header_left" if col == 0 else "header"])
    ws.set_row(row, 32)


def _medians(r, ws, row: int, item, num_format: str, bold: bool = False, chart_source: bool = False) -> None:
    """The peers' and the cluster's medians as engine values; blank (charts) or – where suppressed."""
    fmt = r.f.num(num_format, bold=bold)
    for col, key in ((T_PEERS, "peer_median"), (T_CLUSTER, "cluster_median")):
        value = item[key]
        if isinstance(value, float) and math.isfinite(value):
            ws.write_number(row, col, value, fmt)
        elif chart_source:
            ws.write_blank(row, col, None, fmt)
        else:
            ws.write_string(row, col, DASH, r.f["dash_bold" if bold else "dash"])


def _share_chart(r, ws, header: int, first: int, last: int, title: str, n_categories: int) -> None:
    from engine.benchmarks.botilbud.report_common import CLUSTER, OWN, peers_label
    name = r.names["time"]
    c = chart(r, "bar", title)
    series = [(OWN(r.lang), T_SHARE, fm.OWN_COLOUR, r.has_time), (peers_label(r.params.n_peers)(r.lang), T_PEERS, PEERS_COLOUR, True),
              (CLUSTER(r.lang), T_CLUSTER, CLUSTER_COLOUR, True)]
    for label, col, colour, show in series:
        if show:
            c.add_series({"name": label, "categories": [name, first, T_NAME, last, T_NAME],
                          "values": [name, first, col, last, col], "fill": {"color": colour}, "gap": 80})
    c.set_x_axis(axis(num_format="0%", min=0))
    c.set_y_axis({"reverse": True, "num_font": {"size": 9}})
    c.set_size({"width": 620, "height": 150 + 34 * n_categories})
    ws.insert_chart(header, T_CHART_COL, c, {"x_offset": 4, "y_offset": 0, "object_position": 3})


def _variation(r, ws, row: int) -> None:
    from engine.benchmarks.botilbud.report_common import CLUSTER, peers_label
    f, lang = r.f, r.lang
    row = r.section(ws, row, r.t("Variation i direkte brugerrettet tid", "Variation in direct user-oriented time"), 4)
    for col, header in enumerate((Text("Mål", "Measure"), Text("Eget tilbud", "This facility"),
                                  Text("", ""), peers_label(r.params.n_peers), CLUSTER)):
        ws.write_string(row, col, header(lang), f["header_left" if col == 0 else "header"])
    ws.set_row(row, 32)
    row += 1
    summary_rows = {}
    for indicator_id in ("direct_share_sd_staff", "direct_share_sd_days", "direct_share_iqr"):
        from engine.benchmarks.botilbud.indicators import indicator
        ws.write_string(row, T_NAME, indicator(indicator_id).name(lang), f["label"])
        ws.write_blank(row, T_SHARE, None, f["label"])
        summary_rows[indicator_id] = row
        _medians(r, ws, row, r.rows.loc[indicator_id], PCT)
        row += 1
    row += 1
    staff = rows_of(r.results, "staff_shares", r.facility).reset_index(drop=True)
    days = rows_of(r.results, "day_shares", r.facility).sort_values("date").reset_index(drop=True)
    if not r.has_time:
        for indicator_id, summary_row in summary_rows.items():
            ws.write_string(summary_row, T_MINUTES, DASH, f["dash"])
        return
    # per staff member, then per day: COUNTIFS / SUMIFS over the registrations
    blocks = (("staff", staff, Text("Medarbejder", "Staff member"), Text("Dage", "Days"), R_STAFF, "days"),
              ("date", days, Text("Dato", "Date"), Text("Medarbejdere", "Staff"), R_DATE, "staff"))
    first_staff = row
    for key, frame, label, count_label, key_col, count_column in blocks:
        headers = (label, count_label, Text("Minutter", "Minutes"), Text("Direkte minutter", "Direct minutes"),
                   Text("Andel direkte", "Share direct"))
        for col, header in enumerate(headers):
            ws.write_string(row, col, header(lang), f["header_left" if col == 0 else "header"])
        row += 1
        first = row
        date_fmt = r.wb.add_format({**fm.Formats._BASE, **fm.Formats._BORDER, "num_format": DATE_FORMAT,
                                    "align": "left"})
        for item in named_rows(frame):
            value = getattr(item, key)
            if key == "date" and as_date(value):
                ws.write_datetime(row, 0, dt.datetime.combine(as_date(value), dt.time()), date_fmt)
            else:
                ws.write_string(row, 0, str(value), f["label"])
            if key == "staff":  # a staff code is typed text: S* would be a pattern to COUNTIFS, so compare exactly
                match = f"EXACT({reg_range(r, key_col)},{xl_rowcol_to_cell(row, 0)})"
                count, total = f"=SUMPRODUCT(--{match})", f"=SUMPRODUCT({match}*{{}})"
            else:
                criterion = f"{reg_range(r, key_col)},{xl_rowcol_to_cell(row, 0)}"
                count, total = f"=COUNTIFS({criterion})", f"=SUMIFS({{}},{criterion})"
            r.formula(ws, row, 1, count, f.num("0"), float(getattr(item, count_column)))
            r.formula(ws, row, 2, total.format(reg_range(r, R_TOTAL)), f.num("#,##0"), item.minutes)
            r.formula(ws, row, 3, total.format(reg_range(r, R_MINUTES['direct'])), f.num("#,##0"), item.direct_minutes)
            if item.minutes > 0:
                r.formula(ws, row, 4, f"={xl_rowcol_to_cell(row, 3)}/{xl_rowcol_to_cell(row, 2)}", f.num(PCT),
                          item.direct_share)
            else:
                ws.write_blank(row, 4, None, f.num(PCT))
            row += 1
        last = row - 1
        indicator_id = "direct_share_sd_staff" if key == "staff" else "direct_share_sd_days"
        value = r.rows.loc[indicator_id, "value"]
        summary_row = summary_rows[indicator_id]
        if math.isfinite(value):
            r.formula(ws, summary_row, T_MINUTES, f"=STDEV({xl_rowcol_to_cell(first, 4)}:{xl_rowcol_to_cell(last, 4)})",
                      f.num(PCT), value)
            r.cells[indicator_id] = r.ref("time", summary_row, T_MINUTES)
        else:
            ws.write_string(summary_row, T_MINUTES, DASH, f["dash"])
        if key == "staff":
            staff_span = (first, last)
        row += 1
    value = r.rows.loc["direct_share_iqr", "value"]
    if math.isfinite(value):
        shares = reg_range(r, R_SHARE)
        r.formula(ws, summary_rows["direct_share_iqr"], T_MINUTES, f"=QUARTILE({shares},3)-QUARTILE({shares},1)",
                  f.num(PCT), value)
        r.cells["direct_share_iqr"] = r.ref("time", summary_rows["direct_share_iqr"], T_MINUTES)
    else:
        ws.write_string(summary_rows["direct_share_iqr"], T_MINUTES, DASH, f["dash"])
    name = r.names["time"]
    c = chart(r, "column", r.t("Andel direkte brugerrettet tid pr. medarbejder",
                               "Share of direct user-oriented time per staff member"))
    c.add_series({"name": r.t("Andel direkte", "Share direct"), "categories": [name, staff_span[0], 0, staff_span[1], 0],
                  "values": [name, staff_span[0], 4, staff_span[1], 4], "fill": {"color": fm.OWN_COLOUR}, "gap": 60})
    c.set_y_axis(axis(num_format="0%", min=0))
    c.set_x_axis({"num_font": {"size": 8}})
    c.set_legend({"none": True})
    c.set_size({"width": 620, "height": 300})
    ws.insert_chart(first_staff - 1, T_CHART_COL, c, {"x_offset": 4, "y_offset": 0, "object_position": 3})
