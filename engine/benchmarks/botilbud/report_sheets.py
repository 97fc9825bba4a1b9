"""Shared pieces of the botilbud facility report, and its two data sheets.

Helpers and constants every sheet uses (colours, number formats, category labels, dates, charts),
the Basis sheet (the questionnaire's answers with their cells in the submitted file) and the Time
registration sheet (the registrations as submitted, with a live total and direct share per row).
Each ``write_*`` function takes the :class:`~engine.benchmarks.botilbud.report.FacilityReport` being written and
registers in ``report.cells`` the cells later sheets' formulas read (``input:<field>``,
``citizens:<level>``, ``citizens_assessed``). The other sheets: :mod:`~engine.benchmarks.botilbud.report_time`,
:mod:`~engine.benchmarks.botilbud.report_staffing`, :mod:`~engine.benchmarks.botilbud.report_context`.
"""

from __future__ import annotations

import datetime as dt
import math

from xlsxwriter.utility import xl_range_abs, xl_rowcol_to_cell

from engine.benchmarks import get_domain
from engine.benchmarks.botilbud.compute import MINUTE_FIELDS
from engine.benchmarks.botilbud.indicators import NIGHT_HOURS
from engine.benchmarks.botilbud.questionnaire_text import NEED_LEVELS
from engine.benchmarks.botilbud.time_registration_text import CATEGORIES, DOCUMENTATION
from engine.report import formats as fm
from engine.report.formats import DASH
from engine.report.headers import fit_header
from engine.report.frames import named_rows
from engine.report.rounds import rows_of
from engine.templates.writer import DATE_FORMAT
from engine.text import Text

PEERS_COLOUR = "#5B9BD5"        # the 5 most similar (median)
CLUSTER_COLOUR = fm.PEER_COLOUR  # the broader cluster (median)
PCT = "0.0%"
RATIO = "0.00"
_CATEGORY_LABELS = {field_id: Text(da, en) for field_id, da, en, *_ in CATEGORIES}
GROUP_LABELS = {**_CATEGORY_LABELS, "documentation": Text("Dokumentation i alt", "Documentation in total")}
DOC_LABELS = {field_id: Text(_CATEGORY_LABELS[field_id].da.split(": ", 1)[1].capitalize(),
                             _CATEGORY_LABELS[field_id].en.split(": ", 1)[1].capitalize()) for field_id in DOCUMENTATION}
SHIFT = {"day": Text("Dag", "Day"), "evening": Text("Aften", "Evening"), "night": Text("Nat", "Night")}
FRONT_ROWS = ("facility_id", "facility_name", "municipality", "year", "offer_type", "operator", "target_group",
              "night_watch", "places", "occupancy", "tariff", "fte_total", "fte_frontline", "headcount", "managers",
              "overtime_hours", "temp_hours", "leavers", "competence_days", "shift_overlap")


def date_text(value: object) -> str:
    """'2026-03-16' (or a date) as 16-03-2026; anything else as it is."""
    date = as_date(value)
    return date.strftime("%d-%m-%Y") if date else ("" if value is None else str(value))


def as_date(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def shift_of(hour: int) -> str:
    return "night" if hour in NIGHT_HOURS else ("day" if hour < 15 else "evening")


def chart(report, kind: str, title: str, subtype: str | None = None):
    spec = {"type": kind, **({"subtype": subtype} if subtype else {})}
    c = report.wb.add_chart(spec)
    c.set_title({"name": title, "name_font": {"size": 11, "bold": True, "color": fm.HEADER_FILL}})
    c.set_legend({"position": "bottom", "font": {"size": 9}})
    c.set_chartarea({"border": {"color": "#BFBFBF"}})
    return c


def axis(name: str | None = None, **more) -> dict:
    spec = {"num_font": {"size": 8}, "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}}, **more}
    if name:
        spec.update(name=name, name_font={"size": 9, "bold": False})
    return spec


# -- Grundlag: the questionnaire's answers ---------------------------------------------------------------
def write_data(r) -> None:
    ws, f, lang, info = r.ws["data"], r.f, r.lang, r.info
    for col, width in enumerate((44, 22, 16, 22)):
        ws.set_column(col, col, width)
    r.heading(ws, r.t(f"Grundlag – {r.name}", f"Basis – {r.name}"), r.t(
        f"Tilbuddets svar i spørgeskemaet, som de blev indsendt (fil: {info.get('file_name')}). Formlerne på de andre "
        "ark regner med cellerne i kolonne B.",
        f"The facility's answers in the questionnaire, as submitted (file: {info.get('file_name')}). The formulas on "
        "the other sheets compute with the cells in column B."), 3)
    domain = get_domain("botilbud")
    where = _locations(r)
    row = 3
    for col, header in enumerate((Text("Felt", "Field"), Text("Værdi", "Value"), Text("Enhed", "Unit"),
                                  Text("Celle i indsendt fil", "Cell in submitted file"))):
        ws.write_string(row, col, header(lang), f["header_left"])
    row += 1
    from engine.benchmarks.botilbud.report_common import choice_label, finite

    for field_id in FRONT_ROWS:
        _, field = domain.form_field(field_id)
        ws.write_string(row, 0, field.label(lang), f["label"])
        value = info.get(field_id)
        if field.type == "choice":
            ws.write_string(row, 1, choice_label(field_id, value, lang), f["label"])
        elif field.is_numeric:
            if finite(value):
                num_format = "0" if field_id == "year" else ("#,##0" if field.type == "integer" else "#,##0.0")
                ws.write_number(row, 1, float(value), f.num(num_format, align_left=True))
                r.cells[f"input:{field_id}"] = r.ref("data", row, 1)
            else:
                ws.write_string(row, 1, DASH, f["dash"])
        else:  # municipal text: always a string, never a formula
            ws.write_string(row, 1, "" if value is None or value != value else str(value), f["label"])
        ws.write_string(row, 2, field.unit(lang), f["key"])
        ws.write_string(row, 3, where.get(("front", "", field_id), ""), f["key"])
        row += 1
    row += 1
    ws.write_string(row, 0, r.t("Borgere fordelt på støttebehov (VUM)", "Citizens by support need (VUM)"), f["block"])
    row += 1
    first = row
    for key, _group, _scale, label in NEED_LEVELS:
        short = label[0 if lang == "da" else 1].split(":")[0]
        ws.write_string(row, 0, short, f["label"])
        value = _citizen_count(r, key)
        ws.write_number(row, 1, value, f.num("0", align_left=True))
        ws.write_string(row, 2, r.t("borgere", "citizens"), f["key"])
        ws.write_string(row, 3, where.get(("citizens", key, "citizens"), ""), f["key"])
        r.cells[f"citizens:{key}"] = r.ref("data", row, 1)
        row += 1
    assessed = sum(_citizen_count(r, key) for key, *_ in NEED_LEVELS[:5])
    ws.write_string(row, 0, r.t("Udredte borgere (VUM 0-4)", "Assessed citizens (VUM 0-4)"), f["label_bold"])
    r.formula(ws, row, 1, f"=SUM({xl_rowcol_to_cell(first, 1)}:{xl_rowcol_to_cell(first + 4, 1)})",
              f.num("0", bold=True, align_left=True), assessed)
    ws.write_blank(row, 2, None, f["label_bold"])
    ws.write_blank(row, 3, None, f["label_bold"])
    r.cells["citizens_assessed"] = r.ref("data", row, 1)
    row += 2
    ws.write_string(row, 0, r.t("Tidsregistrering", "Time registration"), f["block"])
    row += 1
    facts = [(r.t("Periode", "Period"), f"{date_text(info.get('period_start'))} – {date_text(info.get('period_end'))}"
              if r.has_time else r.time_absent),
             (r.t("Medarbejdere", "Staff"), str(int(info["n_staff"]))),
             (r.t("Registreringer (medarbejder og dag)", "Registrations (staff and day)"), str(int(info["n_registrations"]))),
             (r.t("Fil", "File"), str(info.get("time_file_name")) if r.has_time else DASH)]
    for label, value in facts:
        ws.write_string(row, 0, label, f["label"])
        ws.merge_range(row, 1, row, 3, value, f["label"])
        row += 1
    fm.print_setup(ws, r.title, lang, landscape=False)


def _locations(r) -> dict[tuple[str, str, str], str]:
    provenance = r.results.provenance
    if provenance is None:
        return {}
    own = rows_of(r.results, "provenance", r.facility)
    own = own[own["domain"] == "botilbud"]
    return {(s, k, fi): loc for s, k, fi, loc in own[["sheet_id", "row_key", "field_id", "location"]].itertuples(
        index=False)}


def _citizen_count(r, key: str) -> float:
    """The submitted number of citizens at a VUM level (``citizens_<key>`` of the facilities frame)."""
    return float(r.info[f"citizens_{key}"])


# -- Tidsregistrering: the staff's registrations as submitted ----------------------------------------------
R_STAFF, R_DATE = 0, 1
R_MINUTES = {field_id: 2 + i for i, field_id in enumerate(MINUTE_FIELDS)}
R_TOTAL = 2 + len(MINUTE_FIELDS)
R_SHARE = R_TOTAL + 1
R_HEADER = 3


def write_registrations(r) -> None:
    ws, f, lang = r.ws["registrations"], r.f, r.lang
    rows = rows_of(r.results, "registrations", r.facility).reset_index(drop=True)
    r.heading(ws, r.t(f"Tidsregistrering – {r.name}", f"Time registration – {r.name}"), r.t(
        "Basispersonalets registreringer, som de blev indsendt: én række pr. medarbejder og dag, minutter pr. "
        "kategori. Minutter i alt og andelen direkte tid regnes med formler; arket Tidsforbrug bygger på dette ark.",
        "The front-line staff's registrations, as submitted: one row per staff member and day, minutes per category. "
        "Minutes in total and the share of direct time are formulas; the Time use sheet builds on this sheet."), R_SHARE)
    headers = {R_STAFF: Text("Medarbejder", "Staff"), R_DATE: Text("Dato", "Date"),
               **{col: _CATEGORY_LABELS[field_id] for field_id, col in R_MINUTES.items()},
               R_TOTAL: Text("Minutter i alt", "Minutes in total"), R_SHARE: Text("Andel direkte", "Share direct")}
    for col, header in headers.items():
        ws.write_string(R_HEADER, col, header(lang), f["header" if col > R_DATE else "header_left"])
    fit_header(ws, R_HEADER, {col: header(lang) for col, header in headers.items()},
               {col: {R_STAFF: 14, R_DATE: 11}.get(col, 12) for col in headers})
    r.reg_rows = None
    if rows.empty:
        ws.merge_range(R_HEADER + 1, 0, R_HEADER + 1, R_SHARE, r.t(
            "Tilbuddet har ikke indsendt en tidsregistrering for runden.",
            "The facility has not sent a time registration for the round."), f["note_inline"])
        fm.print_setup(ws, r.title, lang)
        return
    date_fmt = r.wb.add_format({**fm.Formats._BASE, **fm.Formats._BORDER, "num_format": DATE_FORMAT, "align": "left"})
    minutes_fmt, total_fmt, share_fmt = f.num("0"), f.num("#,##0"), f.num(PCT)
    first = R_HEADER + 1
    for offset, item in enumerate(named_rows(rows)):
        row = first + offset
        record = item._asdict()
        ws.write_string(row, R_STAFF, str(record["staff"]), f["label"])
        date = as_date(record["date"])
        if date:
            ws.write_datetime(row, R_DATE, dt.datetime.combine(date, dt.time()), date_fmt)
        else:
            ws.write_string(row, R_DATE, str(record["date"]), f["label"])
        total = 0.0
        for field_id, col in R_MINUTES.items():
            value = record[field_id]
            if value is not None and not (isinstance(value, float) and math.isnan(value)):
                ws.write_number(row, col, float(value), minutes_fmt)
                total += float(value)
            else:
                ws.write_blank(row, col, None, minutes_fmt)
        cells = f"{xl_rowcol_to_cell(row, R_MINUTES[MINUTE_FIELDS[0]])}:{xl_rowcol_to_cell(row, R_MINUTES[MINUTE_FIELDS[-1]])}"
        r.formula(ws, row, R_TOTAL, f"=SUM({cells})", total_fmt, total)
        if total > 0:
            direct = record["direct"] if record["direct"] == record["direct"] and record["direct"] is not None else 0.0
            r.formula(ws, row, R_SHARE, f"={xl_rowcol_to_cell(row, R_MINUTES['direct'])}/"
                                        f"{xl_rowcol_to_cell(row, R_TOTAL)}", share_fmt, float(direct) / total)
        else:
            ws.write_blank(row, R_SHARE, None, share_fmt)
    r.reg_rows = (first, first + len(rows) - 1)
    ws.autofilter(R_HEADER, 0, first + len(rows) - 1, R_SHARE)
    ws.freeze_panes(R_HEADER + 1, 2)
    fm.print_setup(ws, r.title, lang, repeat_row=R_HEADER)


def reg_range(r, col: int) -> str:
    first, last = r.reg_rows
    return f"{r.q['registrations']}!{xl_range_abs(first, col, last, col)}"
