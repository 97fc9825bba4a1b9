"""The Productivity and Staffing sheets of the botilbud facility report.

Productivity is KL's formula step by step, each step a live formula over the Basis sheet, the Time use
sheet and the named parameters. Staffing has the two hourly tables (staff per citizen, the peers'
and the cluster's medians, the staff at the peers' staffing and the excess, all live except the
medians), four native charts and the gap in FTE as a formula over the tables.
"""

from __future__ import annotations

import math

from xlsxwriter.utility import xl_range_abs, xl_rowcol_to_cell

from engine.benchmarks.botilbud.report_common import FTE_BASIS
from engine.benchmarks.botilbud.report_sheets import CLUSTER_COLOUR, PCT, PEERS_COLOUR, RATIO, SHIFT, axis, chart, shift_of
from engine.report import formats as fm
from engine.report.formats import DASH
from engine.report.frames import named_rows
from engine.report.rounds import rows_of
from engine.text import Text

# -- Produktivitet --------------------------------------------------------------------------------------------
def write_productivity(r) -> None:
    from engine.benchmarks.botilbud.report_common import CLUSTER, OWN, finite, peers_label
    ws, f, lang, info, p = r.ws["productivity"], r.f, r.lang, r.info, r.params
    for col, width in enumerate((46, 16, 22, 62)):
        ws.set_column(col, col, width)
    r.heading(ws, r.t(f"Produktivitet – {r.name}", f"Productivity – {r.name}"), r.t(
        "Brugerrettede timer pr. 1.000 takstkroner, trin for trin som i KL's beregning: de timer, personalet bruger på "
        "borgerne, sat i forhold til tilbuddets takstindtægt. Flere timer pr. 1.000 kr. er bedre.",
        "User-oriented hours per 1,000 DKK of tariff, step by step as in KL's calculation: the hours the staff spend "
        "on the citizens relative to the facility's tariff income. More hours per 1,000 DKK is better."), 3)
    row = r.section(ws, 3, r.t("Beregning", "Calculation"), 3)
    for col, header in enumerate((Text("Trin", "Step"), Text("Værdi", "Value"), Text("Enhed", "Unit"),
                                  Text("Sådan", "How"))):
        ws.write_string(row, col, header(lang), f["header_left" if col != 1 else "header"])
    row += 1
    cell = {}
    c = lambda key: xl_rowcol_to_cell(cell[key], 1)  # noqa: E731
    share_ok = r.has_time and "user_share" in r.cells
    fte_label = (Text("Årsværk, basispersonale", "FTE, front-line staff") if p.fte_basis == "frontline"
                 else Text("Årsværk i alt", "FTE in total"))
    steps = [
        ("fte", fte_label, Text("årsværk", "FTE"), Text("fra arket Grundlag (parameteren fte_basis)",
                                                        "from the Basis sheet (the parameter fte_basis)"),
         lambda: f'=IF(fte_basis="{FTE_BASIS.word("total", r.lang)}",{r.cells["input:fte_total"]},'
                 f'{r.cells["input:fte_frontline"]})',
         info["fte_used"], "#,##0.0"),
        ("norm", Text("Årsnorm pr. årsværk (ekskl. ferie mv.)", "Annual norm per FTE (excl. holidays etc.)"),
         Text("timer", "hours"), Text("parameter på arket Metode", "parameter on the Method sheet"),
         lambda: "=annual_norm_hours", p.annual_norm_hours, "#,##0"),
        ("share", Text("Andel brugerrettet tid", "Share of user-oriented time"), Text("andel", "share"),
         Text("direkte + indirekte, fra arket Tidsforbrug", "direct + indirect, from the Time use sheet"),
         (lambda: "=" + r.cells["user_share"]) if share_ok else None, info.get("user_share"), PCT),
        ("hours", Text("Brugerrettede timer i alt", "User-oriented hours in total"), Text("timer", "hours"),
         Text("årsværk × årsnorm × andel", "FTE × annual norm × share"),
         (lambda: f"={c('fte')}*{c('norm')}*{c('share')}") if share_ok else None, info.get("user_hours"), "#,##0"),
        ("places", Text("Pladser", "Places"), Text("pladser", "places"), Text("fra arket Grundlag", "from the Basis sheet"),
         lambda: "=" + r.cells["input:places"], info["places"], "#,##0"),
        ("occupancy", Text("Belægning", "Occupancy"), Text("andel", "share"),
         Text("procent fra arket Grundlag / 100", "percentage from the Basis sheet / 100"),
         lambda: f"={r.cells['input:occupancy']}/100", info["occupancy"] / 100, PCT),
        ("tariff", Text("Takst pr. plads pr. døgn", "Tariff per place per day"), Text("kr.", "DKK"),
         Text("fra arket Grundlag", "from the Basis sheet"), lambda: "=" + r.cells["input:tariff"], info["tariff"],
         "#,##0"),
        ("days", Text("Dage pr. år", "Days a year"), Text("dage", "days"),
         Text("parameter på arket Metode", "parameter on the Method sheet"), lambda: "=days_per_year",
         p.days_per_year, "0"),
        ("income", Text("Takstindtægt i alt", "Tariff income in total"), Text("kr.", "DKK"),
         Text("pladser × belægning × takst × dage", "places × occupancy × tariff × days"),
         lambda: f"={c('places')}*{c('occupancy')}*{c('tariff')}*{c('days')}", info["tariff_income"], "#,##0"),
        ("result", Text("Brugerrettede timer pr. 1.000 takstkroner", "User-oriented hours per 1,000 DKK of tariff"),
         Text("timer pr. 1.000 kr.", "hours per 1,000 DKK"),
         Text("brugerrettede timer / (takstindtægt / 1.000)", "user-oriented hours / (tariff income / 1,000)"),
         (lambda: f"={c('hours')}/({c('income')}/1000)") if share_ok else None,
         r.rows.loc["user_hours_per_1000_dkk", "value"], "0.000"),
        ("inverse", Text("Takstkroner pr. brugerrettet time", "Tariff DKK per user-oriented hour"),
         Text("kr. pr. time", "DKK per hour"), Text("takstindtægt / brugerrettede timer",
                                                    "tariff income / user-oriented hours"),
         (lambda: f"={c('income')}/{c('hours')}") if share_ok else None, r.rows.loc["dkk_per_user_hour", "value"],
         "#,##0"),
    ]
    for key, label, unit, how, make, value, num_format in steps:
        cell[key] = row
        bold = key in ("result", "inverse")
        ws.write_string(row, 0, label(lang), f["label_bold" if bold else "label"])
        if make is not None and finite(value):
            r.formula(ws, row, 1, make(), f.num(num_format, bold=bold), value)
        else:
            ws.write_string(row, 1, DASH, f["dash_bold" if bold else "dash"])
        ws.write_string(row, 2, unit(lang), f["label_bold" if bold else "key"])
        ws.write_string(row, 3, how(lang), f["label_bold" if bold else "key"])
        row += 1
    if share_ok and finite(r.rows.loc["user_hours_per_1000_dkk", "value"]):
        r.cells["user_hours_per_1000_dkk"] = r.ref("productivity", cell["result"], 1)
        r.cells["dkk_per_user_hour"] = r.ref("productivity", cell["inverse"], 1)
    row += 1
    row = r.section(ws, row, r.t("Sammenligning", "Comparison"), 3)
    for col, header in enumerate((Text("", ""), Text("Timer pr. 1.000 kr.", "Hours per 1,000 DKK"),
                                  Text("Kr. pr. brugerrettet time", "DKK per user-oriented hour"))):
        ws.write_string(row, col, header(lang), f["header_left" if col == 0 else "header"])
    ws.set_row(row, 32)
    row += 1
    first = row
    prod, cost = r.rows.loc["user_hours_per_1000_dkk"], r.rows.loc["dkk_per_user_hour"]
    for label, key in ((OWN, "value"), (peers_label(r.params.n_peers), "peer_median"), (CLUSTER, "cluster_median")):
        ws.write_string(row, 0, label(lang), f["label"])
        if key == "value" and "user_hours_per_1000_dkk" in r.cells:
            r.formula(ws, row, 1, "=" + r.cells["user_hours_per_1000_dkk"], f.num("0.000"), prod[key])
            r.formula(ws, row, 2, "=" + r.cells["dkk_per_user_hour"], f.num("#,##0"), cost[key])
        else:
            r.number(ws, row, 1, prod[key], f.num("0.000"), blank=True)
            r.number(ws, row, 2, cost[key], f.num("#,##0"), blank=True)
        row += 1
    note = r.t("Tom celle: tallet kan ikke beregnes (ingen tidsregistrering) eller bygger på færre end "
               f"{p.min_group} tilbud.", "Empty cell: the figure cannot be computed (no time registration) or rests "
               f"on fewer than {p.min_group} facilities.")
    ws.merge_range(row, 0, row, 3, note, f["note"])
    name = r.names["productivity"]
    ch = chart(r, "column", r.t("Brugerrettede timer pr. 1.000 takstkroner", "User-oriented hours per 1,000 DKK"))
    ch.add_series({"name": r.t("Timer pr. 1.000 kr.", "Hours per 1,000 DKK"), "categories": [name, first, 0, first + 2, 0],
                   "values": [name, first, 1, first + 2, 1], "gap": 80,
                   "points": [{"fill": {"color": colour}} for colour in (fm.OWN_COLOUR, PEERS_COLOUR, CLUSTER_COLOUR)],
                   "data_labels": {"value": True, "num_format": "0.000", "font": {"size": 9}}})
    ch.set_y_axis(axis(num_format="0.0", min=0))
    ch.set_legend({"none": True})
    ch.set_size({"width": 520, "height": 300})
    ws.insert_chart(row + 2, 0, ch, {"x_offset": 4, "y_offset": 4, "object_position": 3})
    fm.print_setup(ws, r.title, lang)


# -- Normering: staffing across the day ----------------------------------------------------------------------
S_HOUR, S_SHIFT, S_STAFF, S_CITIZENS, S_RATIO, S_PEERS, S_CLUSTER, S_REFERENCE, S_EXCESS, S_KEY = range(10)


def write_staffing(r) -> None:
    from engine.benchmarks.botilbud.report_common import CLUSTER, OWN, finite, peers_label
    ws, f, lang, p = r.ws["staffing"], r.f, r.lang, r.params
    widths = {S_HOUR: 13, S_SHIFT: 9, S_STAFF: 11, S_CITIZENS: 11, S_RATIO: 12, S_PEERS: 13, S_CLUSTER: 13,
              S_REFERENCE: 15, S_EXCESS: 13, S_KEY: 7}
    for col, width in widths.items():
        # The shift key ("night", "day", "evening") is for the formulas, not for readers: hidden, never printed.
        ws.set_column(col, col, width, None, {"hidden": True} if col == S_KEY else None)
    r.heading(ws, r.t(f"Normering hen over døgnet – {r.name}", f"Staffing across the day – {r.name}"), r.t(
        f"Personale på vagt pr. borger til stede, time for time, sammenlignet med medianen for de {p.n_peers} mest "
        "lignende tilbud og klyngen. Gabet er det personale ud over de lignende tilbuds normering, omregnet til "
        "årsværk.",
        f"Staff on duty per citizen present, hour by hour, compared with the median of the {p.n_peers} most similar "
        "facilities and the cluster. The gap is the staff beyond the similar facilities' staffing, converted to FTE."),
        S_KEY)
    own = rows_of(r.results, "hourly", r.facility)
    tables = {day: own[own["day"] == day].sort_values("hour").reset_index(drop=True) for day in ("weekday", "weekend")}
    # Layout: key figures, 4 charts in a 2 × 2 grid, then the two hourly tables.
    key_row = 3
    chart_row = key_row + 7
    table_row = chart_row + 2 * 12 + 1
    table_rows = {"weekday": table_row, "weekend": table_row + 24 + 5}
    matched = r.matched
    sums = {}
    for day, start in table_rows.items():
        sums[day] = _hour_table(r, ws, day, tables[day], start, matched)
    # key figures
    row = key_row
    ws.merge_range(row, 0, row, 3, Text("Nøgletal", "Key figure")(lang), f["header_left"])
    for col, header in ((4, OWN), (5, peers_label(p.n_peers)), (6, CLUSTER)):
        ws.write_string(row, col, header(lang), f["header"])
    ws.set_row(row, 32)
    row += 1
    wd, we = sums["weekday"], sums["weekend"]
    gap = (f"=({wd['excess']}*weekdays_per_year+{we['excess']}*weekend_days_per_year)/annual_norm_hours")
    night = (f"=(SUMIFS({wd['excess_range']},{wd['key_range']},\"night\")*weekdays_per_year+"
             f"SUMIFS({we['excess_range']},{we['key_range']},\"night\")*weekend_days_per_year)/annual_norm_hours")
    figures = (("staff_per_citizen_weekday", f"={wd['ratio']}"), ("staff_per_citizen_weekend", f"={we['ratio']}"),
               ("gap_fte", gap), ("gap_fte_night", night))
    from engine.benchmarks.botilbud.indicators import indicator
    for indicator_id, formula in figures:
        item = indicator(indicator_id)
        data = r.rows.loc[indicator_id]
        ws.merge_range(row, 0, row, 3, f"{item.name(lang)} ({item.unit(lang)})", f["label"])
        fmt = f.num(item.number_format)
        ok = finite(data["value"]) and (matched or not indicator_id.startswith("gap"))
        if ok:
            r.formula(ws, row, 4, formula, fmt, data["value"])
            r.cells[indicator_id] = r.ref("staffing", row, 4)
        else:
            ws.write_string(row, 4, DASH, f["dash"])
        r.number(ws, row, 5, data["peer_median"], fmt)
        r.number(ws, row, 6, data["cluster_median"], fmt)
        row += 1
    note = r.t(f"Gab = (Σ timer ud over normeringen, hverdag × {p.weekdays_per_year} + weekend × "
               f"{p.weekend_days_per_year}) / {r.n(p.annual_norm_hours)} timer pr. årsværk. Nattens gab: kl. 23-07. "
               "Tom celle i tabellerne: ingen borgere til stede eller for få lignende tilbud med borgere i timen.",
               f"Gap = (Σ hours beyond the staffing, weekday × {p.weekdays_per_year} + weekend × "
               f"{p.weekend_days_per_year}) / {r.n(p.annual_norm_hours)} hours per FTE. Night gap: 23-07. Empty cell "
               "in the tables: no citizens present or too few similar facilities with citizens in the hour.")
    ws.merge_range(row, 0, row, S_KEY, note, f["note"])
    ws.set_row(row, fm.row_height(note, 130))
    # charts: staff per citizen (lines), staff on duty against the similar facilities' staffing (columns + line)
    name = r.names["staffing"]
    day_names = {"weekday": Text("hverdag", "weekday"), "weekend": Text("weekend", "weekend")}
    for index, day in enumerate(("weekday", "weekend")):
        start = table_rows[day] + 2
        first, last = start, start + 23
        cats = [name, first, S_HOUR, last, S_HOUR]
        lines = chart(r, "line", r.t(f"Personale pr. borger til stede – {day_names[day].da}",
                                     f"Staff per citizen present – {day_names[day].en}"))
        for label, col, colour, width, dash in ((OWN(lang), S_RATIO, fm.OWN_COLOUR, 2.75, None),
                                               (peers_label(r.params.n_peers)(lang), S_PEERS, PEERS_COLOUR, 2.0, "dash"),
                                               (CLUSTER(lang), S_CLUSTER, CLUSTER_COLOUR, 2.0, "round_dot")):
            if col != S_RATIO and not _any_finite(tables[day], "peer_ratio" if col == S_PEERS else "cluster_ratio"):
                continue
            line = {"color": colour, "width": width, **({"dash_type": dash} if dash else {})}
            lines.add_series({"name": label, "categories": cats, "values": [name, first, col, last, col],
                              "line": line, "marker": {"type": "none"}})
        lines.set_y_axis(axis(r.t("medarbejdere pr. borger", "staff per citizen"), num_format="0.00", min=0))
        lines.set_x_axis({"num_font": {"size": 8, "rotation": -45}, "interval_unit": 2})
        lines.show_blanks_as("gap")
        lines.set_size({"width": 432, "height": 232})
        ws.insert_chart(chart_row, 0, lines, {"x_offset": 4 + 442 * index, "object_position": 3})

        bars = chart(r, "column", r.t(f"Personale på vagt – {day_names[day].da}",
                                      f"Staff on duty – {day_names[day].en}"))
        bars.add_series({"name": r.t("Personale på vagt", "Staff on duty"), "categories": cats,
                         "values": [name, first, S_STAFF, last, S_STAFF], "fill": {"color": fm.OWN_COLOUR}, "gap": 40})
        if matched and _any_finite(tables[day], "peer_ratio"):
            reference = r.wb.add_chart({"type": "line"})
            reference.add_series({"name": r.t(f"Normering som de {r.params.n_peers} mest lignende", f"Staffing as the {r.params.n_peers} most similar"),
                                  "categories": cats, "values": [name, first, S_REFERENCE, last, S_REFERENCE],
                                  "line": {"color": "#ED7D31", "width": 2.25}, "marker": {"type": "none"}})
            bars.combine(reference)
        bars.set_y_axis(axis(r.t("medarbejdere", "staff"), num_format="0.0", min=0))
        bars.set_x_axis({"num_font": {"size": 8, "rotation": -45}, "interval_unit": 2})
        bars.show_blanks_as("gap")
        bars.set_size({"width": 432, "height": 232})
        ws.insert_chart(chart_row + 12, 0, bars, {"x_offset": 4 + 442 * index, "object_position": 3})
    ws.set_h_pagebreaks([table_row, table_rows["weekend"]])
    fm.print_setup(ws, r.title, lang)


def _any_finite(frame, column: str) -> bool:
    return bool(frame[column].notna().any())


def _hour_table(r, ws, day: str, rows, start: int, matched: bool) -> dict[str, str]:
    """One day's 24 hourly rows with live ratio, reference and excess; returns references to its totals."""
    from engine.benchmarks.botilbud.report_common import CLUSTER, peers_label
    f, lang = r.f, r.lang
    title = Text("Hverdag (mandag-fredag)", "Weekday (Monday-Friday)") if day == "weekday" else Text(
        "Weekenddag", "Weekend day")
    for col in range(S_KEY + 1):
        ws.write_blank(start, col, None, f["section"])
    ws.write_string(start, 0, title(lang), f["section"])
    header = start + 1
    headers = {S_HOUR: Text("Time", "Hour"), S_SHIFT: Text("Vagt", "Shift"), S_STAFF: Text("Personale", "Staff"),
               S_CITIZENS: Text("Borgere til stede", "Citizens present"),
               S_RATIO: Text("Personale pr. borger", "Staff per citizen"), S_PEERS: peers_label(r.params.n_peers), S_CLUSTER: CLUSTER,
               S_REFERENCE: Text(f"Personale ved normering som de {r.params.n_peers}", f"Staff at the {r.params.n_peers}'s staffing"),
               S_EXCESS: Text("Ud over normeringen", "Beyond the staffing"), S_KEY: Text("vagt-id", "shift id")}
    for col, text in headers.items():
        ws.write_string(header, col, text(lang), f["header_left" if col in (S_HOUR, S_SHIFT) else "header"])
    ws.set_row(header, 44)
    first = header + 1
    peers_any, cluster_any = _any_finite(rows, "peer_ratio"), _any_finite(rows, "cluster_ratio")
    ratio_fmt, staff_fmt = f.num(RATIO), f.num("0.0")
    for item in named_rows(rows):
        row = first + int(item.hour)
        hour = int(item.hour)
        ws.write_string(row, S_HOUR, f"{hour:02d}-{hour + 1:02d}", f["label"])
        ws.write_string(row, S_SHIFT, SHIFT[shift_of(hour)](lang), f["key"])
        ws.write_number(row, S_STAFF, float(item.staff), staff_fmt)
        ws.write_number(row, S_CITIZENS, float(item.citizens), f.num("0"))
        staff, citizens = xl_rowcol_to_cell(row, S_STAFF), xl_rowcol_to_cell(row, S_CITIZENS)
        if item.citizens > 0:
            r.formula(ws, row, S_RATIO, f"={staff}/{citizens}", ratio_fmt, item.ratio)
        else:
            ws.write_blank(row, S_RATIO, None, ratio_fmt)
        for col, value, present in ((S_PEERS, item.peer_ratio, peers_any), (S_CLUSTER, item.cluster_ratio, cluster_any)):
            if math.isfinite(value):
                ws.write_number(row, col, float(value), ratio_fmt)
            elif present:
                ws.write_blank(row, col, None, ratio_fmt)
            else:
                ws.write_string(row, col, DASH, f["dash"])
        if matched and math.isfinite(item.peer_ratio):
            reference = xl_rowcol_to_cell(row, S_REFERENCE)
            r.formula(ws, row, S_REFERENCE, f"={xl_rowcol_to_cell(row, S_PEERS)}*{citizens}", staff_fmt,
                      item.reference_staff)
            r.formula(ws, row, S_EXCESS, f"=MAX(0,{staff}-{reference})", staff_fmt, item.excess_staff)
        elif matched:
            ws.write_blank(row, S_REFERENCE, None, staff_fmt)
            ws.write_blank(row, S_EXCESS, None, staff_fmt)
        else:
            ws.write_string(row, S_REFERENCE, DASH, f["dash"])
            ws.write_string(row, S_EXCESS, DASH, f["dash"])
        ws.write_string(row, S_KEY, shift_of(hour), f["helper"])
    last = first + 23
    total = last + 1
    bold = f["label_bold"]
    ws.write_string(total, S_HOUR, r.t("Døgnet", "The day"), bold)
    ws.write_blank(total, S_SHIFT, None, bold)
    column = lambda col: f"{xl_rowcol_to_cell(first, col)}:{xl_rowcol_to_cell(last, col)}"  # noqa: E731
    r.formula(ws, total, S_STAFF, f"=SUM({column(S_STAFF)})", f.num("0.0", bold=True), float(rows["staff"].sum()))
    r.formula(ws, total, S_CITIZENS, f"=SUM({column(S_CITIZENS)})", f.num("0", bold=True), float(rows["citizens"].sum()))
    citizens_total = float(rows["citizens"].sum())
    if citizens_total > 0:
        r.formula(ws, total, S_RATIO, f"={xl_rowcol_to_cell(total, S_STAFF)}/{xl_rowcol_to_cell(total, S_CITIZENS)}",
                  f.num(RATIO, bold=True), float(rows["staff"].sum()) / citizens_total)
    else:
        ws.write_string(total, S_RATIO, DASH, f["dash_bold"])
    for col in (S_PEERS, S_CLUSTER, S_REFERENCE, S_KEY):
        ws.write_blank(total, col, None, bold)
    if matched:
        r.formula(ws, total, S_EXCESS, f"=SUM({column(S_EXCESS)})", f.num("0.0", bold=True),
                  float(rows["excess_staff"].fillna(0).sum()))
    else:
        ws.write_string(total, S_EXCESS, DASH, f["dash_bold"])
    sheet = r.q["staffing"]
    return {"ratio": r.ref("staffing", total, S_RATIO), "excess": r.ref("staffing", total, S_EXCESS),
            "excess_range": f"{sheet}!{xl_range_abs(first, S_EXCESS, last, S_EXCESS)}",
            "key_range": f"{sheet}!{xl_range_abs(first, S_KEY, last, S_KEY)}"}
