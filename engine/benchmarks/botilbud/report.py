"""Botilbud benchmark workbooks: one per facility, and the consultant's overview.

The facility's workbook (Danish by default, English with ``lang="en"``) has these sheets:

0. **Hovedbudskaber / Key messages** – the weaker indicators, productivity, time use and staffing
   against the median, in live sentences, and one chart;
1. **Overblik / Summary** – every indicator against the median of the 5 most similar facilities
   and of the broader cluster, with the "notably weaker" flags;
2. **Status** – the benchmark: how many facilities, their places and primary target groups;
3. **Produktivitet / Productivity** – user-oriented hours per 1,000 DKK of tariff, step by step;
4. **Normering / Staffing** – staff per citizen present, hour by hour, against the 5 most similar
   and the cluster (native charts), and the gap in FTE;
5. **Tidsforbrug / Time use** – what the time is used for, what is documented, and how the direct
   user-oriented time varies between staff and days;
6. **Lignende tilbud / Similar facilities** – the 5 most similar facilities as "Tilbud A–E" (named
   only with their consent), their distance, closeness and why they are similar;
7. **Eksempler / Examples** – cases from KL's catalogue for the indicators flagged as weaker;
8. **Metode / Method** – every number explained, and the named parameters the formulas use;
9. **Grundlag / Basis** – the facility's questionnaire answers, with their cells in the submitted file;
10. **Tidsregistrering / Time registration** – the staff's registrations as submitted.

**Auditable.** Every number derived from the facility's own data is a live formula over the
Basis and Time registration sheets and the named parameter cells on the Method sheet (e.g.
``=C7*annual_norm_hours*C9``), written with the engine's value as its cached result. The peers'
and the cluster's medians are the engine's values (the other facilities' data are not in the
workbook). A test recalculates every report in LibreOffice and compares every formula cell.

**Confidential.** No other facility is named or identified unless the round's configuration
records its consent; peers are "Tilbud A–E" and appear only through medians. A comparison over
fewer than ``params.min_group`` facilities shows "–" and a note.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path
from typing import Any

from xlsxwriter.utility import quote_sheetname, xl_rowcol_to_cell

from engine import __version__
from engine.benchmarks.botilbud import report_context as context
from engine.benchmarks.botilbud import report_position as position
from engine.benchmarks.botilbud import report_sheets as sheets
from engine.benchmarks.botilbud import report_staffing as staffing
from engine.benchmarks.botilbud import report_time as time_use
from engine.benchmarks.botilbud.compute import BotilbudResults
from engine.benchmarks.botilbud.indicators import INDICATORS, Indicator, indicator
from engine.benchmarks.botilbud.report_common import (
    CASES_LIMIT, CLUSTER, FTE_BASIS, OWN, WEAK, choice_label, most_similar, peer_letters, peers_label,
    text_stays_text)
from engine.benchmarks.botilbud.report_key_messages import write_key_messages_sheet
from engine.benchmarks.botilbud.report_method import MIN_DISTANCE_PARAMETERS, method_sections
from engine.report.trend_sheet import write_trend_sheet
from engine.report.action_plan import write_action_plan
from engine.benchmarks.botilbud.report_action_plan import plan_items
from engine.report import formats as fm
from engine.report.collector import collector_paused
from engine.report.formats import DASH, Formats, finite, write_cached_formula
from engine.report.headers import fit_written_header, wrapped_row_height
from engine.report.key_messages import Sentence, write_note
from engine.report.position import far_from_formula
from engine.report.rounds import rows_of
from engine.text import Text, format_number

SHEETS = {
    "key": Text("Hovedbudskaber", "Key messages"),
    "summary": Text("Overblik", "Summary"),
    "status": Text("Status", "Status"),
    "productivity": Text("Produktivitet", "Productivity"),
    "staffing": Text("Normering", "Staffing"),
    "time": Text("Tidsforbrug", "Time use"),
    "peers": Text("Lignende tilbud", "Similar facilities"),
    "examples": Text("Eksempler", "Examples"),
    "method": Text("Metode", "Method"),
    "data": Text("Grundlag", "Basis"),
    "registrations": Text("Tidsregistrering", "Time registration"),
}
TITLE = Text("Benchmarking af botilbud", "Residential care benchmark")

# Sections of the summary table: (title, catalogue codes in the section).
SECTIONS = (
    (Text("Produktivitet", "Productivity"), ("PROD",)),
    (Text("Anvendelse af arbejdstiden", "Use of working time"), ("TID",)),
    (Text("Dokumentation", "Documentation"), ("DOK",)),
    (Text("Normering hen over døgnet", "Staffing across the day"), ("NORM", "NORM-NAT")),
    (Text("Øvrige indikatorer", "Other indicators"), ("OVER", "VIK", "OMS", "LED", "KOMP")),
    (Text("Arbejdstilrettelæggelse", "Work organisation"), ("ARB",)),
)
from engine.workbook.atomic import atomic_path
# The summary's columns, narrow enough (the names and units wrapping) for landscape A4 at 7 pt or larger.
SUMMARY_WIDTHS = (44, 18, 8, 11, 11, 11, 11, 18, 9, *position.WIDTHS)
DIRECTION = {"higher": Text("højere", "higher"), "lower": Text("lavere", "lower"), None: Text("–", "–")}

# Named parameter cells on the method sheet: (name, attribute of params, label, unit, number format).
PARAMETERS = (
    ("annual_norm_hours", "annual_norm_hours", Text("Årsnorm pr. årsværk (ekskl. ferie mv.)",
                                                    "Annual norm per FTE (excl. holidays etc.)"),
     Text("timer", "hours"), "#,##0"),
    ("days_per_year", "days_per_year", Text("Dage pr. år (takstindtægt)", "Days a year (tariff income)"),
     Text("dage", "days"), "0"),
    ("weekdays_per_year", "weekdays_per_year", Text("Hverdage pr. år (gab)", "Weekdays a year (gap)"),
     Text("dage", "days"), "0"),
    ("weekend_days_per_year", "weekend_days_per_year", Text("Weekenddage pr. år (gab)", "Weekend days a year (gap)"),
     Text("dage", "days"), "0"),
    ("fte_basis", "fte_basis", Text("Årsværk i produktiviteten", "FTE in productivity"),
     Text("basispersonale eller alle årsværk", "front-line staff or all FTE"), FTE_BASIS),
    ("weakness_threshold", "weakness_threshold", Text("Tærskel: markant svagere end medianen med mere end",
                                                      "Threshold: notably weaker than the median by more than"),
     Text("andel af medianen", "share of the median"), "0%"),
    *MIN_DISTANCE_PARAMETERS,
    ("min_group", "min_group", Text("Mindste sammenligningsgruppe", "Smallest comparison group"),
     Text("tilbud", "facilities"), "0"),
    ("n_peers", "n_peers", Text("Antal mest lignende tilbud", "Number of most similar facilities"),
     Text("tilbud", "facilities"), "0"),
)

CasesFunction = Callable[[list[str]], Sequence[Any]]




def _resolve_cases(cases: CasesFunction | None) -> CasesFunction:
    if cases is not None:
        return cases
    return lambda codes: list(_catalogue_cases(tuple(codes)))


@cache  # the same few code lists come up in every report of a round
def _catalogue_cases(codes: tuple[str, ...]) -> tuple:
    from engine.catalogue import load_catalogue
    return tuple(load_catalogue().cases_for("botilbud", codes, CASES_LIMIT))


# The round's frames each report takes its own rows from (engine.report.rounds.rows_of).
PER_FACILITY_FRAMES = ("indicators", "peers", "provenance", "registrations", "needs", "time_use", "documentation",
                       "staff_shares", "day_shares", "hourly")


def prepare_round(results: BotilbudResults) -> None:
    """Split the round's frames by facility and load the case catalogue, once for every report
    (:meth:`engine.benchmarks.base.Benchmark.prepare_round_reports`)."""
    for frame in PER_FACILITY_FRAMES:
        if "facility" in getattr(results, frame).columns:
            rows_of(results, frame, None)
    from engine.catalogue import load_catalogue
    load_catalogue()


# ------------------------------------------------------------------------------------------------
# The facility's workbook
# ------------------------------------------------------------------------------------------------

def write_facility_report(results: BotilbudResults, facility: str, path: str | Path, lang: str = "da",
                          cases: CasesFunction | None = None) -> Path:
    """Write one facility's comparison workbook to ``path`` (atomically) and return the path.

    ``cases(codes)`` returns improvement cases for a list of catalogue codes (``PROD``, ``NORM`` …),
    most relevant first; by default KL's case catalogue for botilbud (:mod:`engine.catalogue`).
    """
    TITLE(lang)  # an unknown language fails here, before anything is written
    facility = str(facility)
    results._check(facility)
    path = Path(path)
    with collector_paused():  # engine.report.collector: a fifth of the CPU otherwise
        report = FacilityReport(results, facility, lang, _resolve_cases(cases))
        with atomic_path(path) as tmp:
            report.write(tmp)
    return path


class FacilityReport:
    """Lays out and writes one facility's workbook. Sheets are written in dependency order (a
    formula's inputs first) and register the cells other sheets refer to in ``cells``."""

    def __init__(self, results: BotilbudResults, facility: str, lang: str, cases: CasesFunction) -> None:
        self.results = results
        self.params = results.params
        self.facility = facility
        self.lang = lang
        self.cases = cases
        self.info = results.facilities.loc[facility]
        name = self.info.get("facility_name")
        self.name = name if isinstance(name, str) and name else facility
        # Split from the round's frames once per round (engine.report.rounds), not filtered per report.
        self.rows = rows_of(results, "indicators", facility).set_index("indicator")
        self.peers = rows_of(results, "peers", facility).reset_index(drop=True)
        self.has_time = bool(self.info["has_time_registration"])
        # Without a time registration: was it refused (sent, with errors) or never received?
        self.time_absent = (self.t("afvist", "refused") if bool(self.info.get("time_registration_refused", False))
                            else self.t("ikke modtaget", "not received"))
        self.matched = results.matcher is not None
        self.names = {key: SHEETS[key](lang) for key in SHEETS}
        self.q = {key: quote_sheetname(name) for key, name in self.names.items()}
        self.cells: dict[str, str] = {}  # key -> absolute reference with sheet, e.g. Grundlag!$B$12
        self.formula_count = 0
        self.title = f"{self.name} – {TITLE(lang).lower()} {results.year}"
        self.param_rows = fm.parameter_rows(PARAMETERS)
        self.summary_cells: dict[str, tuple[int, bool, bool]] = {}  # indicator -> (row, own shown, compared)

    # -- helpers -------------------------------------------------------------------------------
    def t(self, da: str, en: str) -> str:
        return Text(da, en)(self.lang)

    def n(self, value: object) -> str:
        return format_number(value, self.lang)

    def ref(self, sheet_key: str, row: int, col: int) -> str:
        return f"{self.q[sheet_key]}!{xl_rowcol_to_cell(row, col, True, True)}"

    def formula(self, ws, row: int, col: int, formula: str, fmt, value: object) -> None:
        """A live formula with the engine's number (or text) as its cached result."""
        write_cached_formula(ws, row, col, formula, fmt, value)
        self.formula_count += 1

    def number(self, ws, row: int, col: int, value: object, fmt, blank: bool = False) -> None:
        """A plain number, or "–" (blank where a chart reads the cell) when there is none."""
        if finite(value):
            ws.write_number(row, col, float(value), fmt)
        elif blank:
            ws.write_blank(row, col, None, fmt)
        else:
            ws.write_string(row, col, DASH, self.f["dash"])

    def peer_label(self, letter: str, peer: str) -> str:
        """'Tilbud A' – or the peer's name when the round's configuration records its consent."""
        facilities = self.results.facilities
        if peer in facilities.index and bool(facilities.loc[peer, "consent"]):
            name = facilities.loc[peer, "facility_name"]
            return str(name) if isinstance(name, str) and name else peer
        return self.t(f"Tilbud {letter}", f"Facility {letter}")

    def suppressed_note(self) -> str:
        n = self.params.min_group
        return self.t(f"– : sammenligningen bygger på færre end {n} tilbud og vises ikke.",
                      f"– : the comparison rests on fewer than {n} facilities and is not shown.")

    def heading(self, ws, title: str, subtitle: str, width: int) -> None:
        fm.write_heading(ws, self.f, title, subtitle, width)

    def section(self, ws, row: int, title: str, last_col: int) -> int:
        return fm.write_section(ws, self.f, row, title, last_col)

    # -- workbook ------------------------------------------------------------------------------
    def write(self, path: Path) -> None:
        wb = fm.new_workbook(path, self.title, f"kommunebench {__version__}: botilbud {self.results.year}")
        text_stays_text(wb)
        self.wb, self.f = wb, Formats(wb)
        self.ws = {key: wb.add_worksheet(self.names[key]) for key in SHEETS}
        fm.define_parameter_names(wb, self.q["method"], PARAMETERS)
        # Inputs before the formulas that read them.
        sheets.write_data(self)
        sheets.write_registrations(self)
        time_use.write_time_use(self)
        staffing.write_productivity(self)
        staffing.write_staffing(self)
        self._write_summary()
        context.write_status(self)
        context.write_peers(self)
        context.write_examples(self)
        self._write_method()
        write_action_plan(wb, self.f, plan_items(self), self.lang,
                          f"botilbud|{self.results.year}|{self.facility}",
                          getattr(self.results, "follow_up", None))
        self.trend_sentence = write_trend_sheet(wb, self.f, getattr(self.results, "trend", None), self.facility,
                                                self.lang)
        write_key_messages_sheet(self)
        self.ws["key"].activate()
        wb.close()

    # -- 1. summary ----------------------------------------------------------------------------
    # Columns of the indicator table.
    C_NAME, C_UNIT, C_BETTER, C_OWN, C_PEERS, C_DIFF, C_CLUSTER, C_FLAG, C_CODE = range(9)

    def own_formula(self, item: Indicator) -> str | None:
        """The live formula of the facility's own value of an indicator (None: not computable)."""
        if item.id in self.cells:
            return "=" + self.cells[item.id]
        c = {key: self.cells.get(f"input:{key}") for key in (
            "overtime_hours", "fte_total", "fte_frontline", "temp_hours", "leavers", "headcount", "managers",
            "competence_days", "shift_overlap")}
        formulas = {
            "overtime_per_fte": f"={c['overtime_hours']}/{c['fte_total']}",
            "temp_share": f"={c['temp_hours']}/({c['fte_frontline']}*annual_norm_hours+{c['temp_hours']})",
            "turnover": f"={c['leavers']}/{c['headcount']}",
            "managers_per_employee": f"={c['managers']}/{c['headcount']}",
            "employees_per_manager": f"={c['headcount']}/{c['managers']}",
            "competence_days_per_employee": f"={c['competence_days']}/{c['headcount']}",
            "shift_overlap": f"={c['shift_overlap']}",
        }
        return formulas.get(item.id)

    def _write_summary(self) -> None:
        ws, f, lang, info = self.ws["summary"], self.f, self.lang, self.info
        for col, width in enumerate(SUMMARY_WIDTHS):
            ws.set_column(col, col, width)
        last = position.C_POSITION
        self.heading(ws, self.title, self.t(
            "Tilbuddets indikatorer sammenlignet med medianen for de 5 botilbud, der ligner det mest (målgruppe, "
            "borgernes støttebehov og størrelse), og med medianen for en bredere klynge af lignende botilbud.",
            "The facility's indicators compared with the median of the 5 facilities most similar to it (target "
            "group, the citizens' support needs and size) and with the median of a broader cluster of similar "
            "facilities."), last)
        cluster = int(info["cluster"])
        cluster_n = int((self.results.facilities["cluster"] == cluster).sum()) - 1
        period = f"{sheets.date_text(info.get('period_start'))} – {sheets.date_text(info.get('period_end'))}"
        registrations = (self.t(f"{int(info['n_staff'])} medarbejdere, {int(info['n_registrations'])} "
                                f"registreringer ({period})",
                                f"{int(info['n_staff'])} staff, {int(info['n_registrations'])} registrations ({period})")
                         if self.has_time else self.time_absent + self.t(": tidsbaserede indikatorer vises ikke",
                                                                         ": time-based indicators are not shown"))
        n, letters = self.params.n_peers, peer_letters(self.params.n_peers)
        peers = (self.t(f"de {n} mest lignende tilbud ({letters}, se arket {self.names['peers']})",
                        f"the {n} most similar facilities ({letters}, see the sheet {self.names['peers']})")
                 if self.matched else self.t(f"for få tilbud i runden til at finde de {n} mest lignende",
                                             f"too few facilities in the round to find the {n} most similar"))
        key_rows = [
            (self.t("Tilbud", "Facility"), f"{self.name} ({self.facility})"),
            (self.t("Kommune", "Municipality"), choice_label("municipality", info.get("municipality"), lang)),
            (self.t("Opgørelsesår", "Year"), str(self.results.year)),
            (self.t("Primær målgruppe", "Primary target group"), choice_label("target_group", info["target_group"], lang)),
            (self.t("Pladser / belægning", "Places / occupancy"),
             f"{self.n(info['places'])} / {self.n(info['occupancy'])} %"),
            (self.t("Sammenlignet med", "Compared with"), peers),
            (self.t("Klynge", "Cluster"), self.t(f"klynge {cluster + 1} med {cluster_n} andre tilbud",
                                                 f"cluster {cluster + 1} with {cluster_n} other facilities")),
            (self.t("Tidsregistrering", "Time registration"), registrations),
        ]
        row = 3
        for label, value in key_rows:
            ws.write_string(row, 0, label, f["key"])
            ws.merge_range(row, 1, row, last, value, f["label"])
            row += 1
        row += 1
        headers = (Text("Indikator", "Indicator"), Text("Enhed", "Unit"), Text("Bedst er", "Better is"), OWN,
                   Text(f"{peers_label(self.params.n_peers).da} (n = {self.params.n_peers})",
                        f"{peers_label(self.params.n_peers).en} (n = {self.params.n_peers})"),
                   Text("Forskel til medianen", "Difference from the median"),
                   Text(f"{CLUSTER.da} (n = {cluster_n})", f"{CLUSTER.en} (n = {cluster_n})"),
                   Text("Markering", "Flag"), Text("Kode", "Code"), *position.HEADERS)
        for col, header in enumerate(headers):
            ws.write_string(row, col, header(lang), f["header_left" if col in (0, 1, 7, position.C_POSITION)
                                                      else "header"])
        fit_written_header(ws, row, {col: header(lang) for col, header in enumerate(headers)}, minimum_height=44)
        header_row = row
        row += 1
        first = row
        any_suppressed = False
        for title, codes in SECTIONS:
            items = [i for i in INDICATORS if i.code in codes]
            ws.merge_range(row, 0, row, last, title(lang), f["group"])
            row += 1
            for item in items:
                any_suppressed |= self._summary_row(ws, row, item)
                row += 1
        flag_col = xl_rowcol_to_cell(first, self.C_FLAG, row_abs=False, col_abs=True)
        ws.conditional_format(first, self.C_OWN, row - 1, self.C_OWN, {
            "type": "formula", "criteria": f'={flag_col}="{WEAK(lang)}"',
            "format": self.wb.add_format({"bg_color": "#FCE4D6", "font_color": "#9C0006"})})
        row += 1
        # The thresholds in the legend are formulas over the method sheet's parameters, like the flags.
        legend = Sentence().text(self.t(
            f"Forskel til medianen = eget tilbud − medianen for {most_similar(self.params.n_peers).da}, i indikatorens "
            "enhed; andele i "
            "procentpoint (%-point). Markeret som markant svagere: mere end ",
            f"Difference from the median = this facility − the median of {most_similar(self.params.n_peers).en}, in the "
            "indicator's "
            "unit; shares in percentage points (pp). Flagged as notably weaker: more than "))
        legend.number("weakness_threshold*100", self.params.weakness_threshold * 100, 0, lang)
        legend.text(self.t(f" % dårligere end medianen for {most_similar(self.params.n_peers).da} i den retning, der er "
                           "dårligst (Bedst er), og mere end den mindste afstand, der betyder noget, i indikatorens egen "
                           f"enhed (arket {self.names['method']}; fx ",
                           f" % worse than the median of {most_similar(self.params.n_peers).en} in the direction that is "
                           "worse (Better is), and by more than the smallest distance that matters, in the indicator's "
                           f"own unit (the sheet {self.names['method']}; e.g. "))
        legend.number("min_distance_overtime", self.params.min_distance_overtime, 1, lang)
        legend.text(self.t(" timers overarbejde pr. årsværk, ", " hours of overtime per FTE, "))
        legend.number("gap_min_fte", self.params.gap_min_fte, 2, lang)
        few = f"{self.params.min_group}-{self.params.disclosure.min_quartiles - 1}"  # median, no quartiles
        legend.text(self.t(" årsværk på gabet) – og kun, når tilbuddet også ligger ud over kvartilen på den dårlige side "
                           f"blandt alle øvrige tilbud (den dårligste fjerdedel; med {few} øvrige tilbud: ud over medianen, "
                           "den dårligste halvdel). Placering: den fjerdedel (halvdel) af de øvrige tilbud, tallet ligger "
                           "i. Hvor medianen er 0, markeres intet. Variation og overlap har ingen bedste retning og "
                           f"markeres ikke. Koden henviser til KL's casekatalog (arket {self.names['examples']}).",
                           " FTE on the gap) – and only where the facility is also beyond the quartile on the bad side "
                           f"among all other facilities (the worst quarter; with {few} other facilities: beyond the median, "
                           "the worse half). Position: the quarter (half) of the other facilities the figure falls in. "
                           "Where the median is 0, nothing is flagged. Variation and overlap have no better "
                           f"direction and are not flagged. The code refers to KL's case catalogue (the sheet "
                           f"{self.names['examples']})."))
        notes: list = [legend, self.t(
            "Eget tilbud er beregnet med formler ud fra arkene Grundlag, Tidsregistrering, Produktivitet, Normering "
            "og Tidsforbrug; medianerne er beregnet af kommunebench ud fra de øvrige tilbuds svar.",
            "This facility's values are computed with formulas from the sheets Basis, Time registration, "
            "Productivity, Staffing and Time use; the medians are computed by kommunebench from the other "
            "facilities' answers.")]
        if any_suppressed:
            notes.append(self.suppressed_note())
        for note in notes:
            self.formula_count += write_note(ws, row, 0, last, note, f["note"])
            ws.set_row(row, fm.row_height(note if isinstance(note, str) else note.cached, 150))
            row += 1
        ws.freeze_panes(header_row + 1, 1)
        fm.print_setup(ws, self.title, lang, repeat_row=header_row)

    def _summary_row(self, ws, row: int, item: Indicator) -> bool:
        """One indicator's row; True when a comparison on it is suppressed."""
        f, lang = self.f, self.lang
        data = self.rows.loc[item.id]
        ws.write_string(row, self.C_NAME, item.name(lang), f["text"])  # wraps: the column is narrow
        ws.write_string(row, self.C_UNIT, item.unit(lang), f["text"])
        height = wrapped_row_height(((item.name(lang), SUMMARY_WIDTHS[self.C_NAME]),
                                     (item.unit(lang), SUMMARY_WIDTHS[self.C_UNIT])))
        if height:
            ws.set_row(row, height)
        ws.write_string(row, self.C_BETTER, DIRECTION[item.better](lang), f["key"])
        ws.write_string(row, self.C_CODE, item.code, f["key"])
        fmt = f.num(item.number_format)
        formula = self.own_formula(item)
        own_ok = finite(data["value"]) and formula is not None
        if own_ok:
            self.formula(ws, row, self.C_OWN, formula, fmt, data["value"])
        else:
            ws.write_string(row, self.C_OWN, DASH, f["dash"])
        self.number(ws, row, self.C_PEERS, data["peer_median"], fmt)
        self.number(ws, row, self.C_CLUSTER, data["cluster_median"], fmt)
        own, median = (xl_rowcol_to_cell(row, col) for col in (self.C_OWN, self.C_PEERS))
        compared = own_ok and finite(data["peer_median"])
        self.summary_cells[item.id] = (row, own_ok, compared)  # for page one's sentences
        if compared:
            # One comparator, in the indicator's own unit: never a relative change of a share, nor one
            # over a median of 0 (a facility at 0 against 3.35 is "−3.35", not "−100 %").
            if item.number_format.endswith("%"):
                point = self.t("%-point", "pp")
                self.formula(ws, row, self.C_DIFF, f"=({own}-{median})*100",
                             f.num(f'+0.0" {point}";-0.0" {point}";0.0" {point}"'),
                             (data["value"] - data["peer_median"]) * 100)
            else:
                number = item.number_format
                self.formula(ws, row, self.C_DIFF, f"={own}-{median}", f.num(f"+{number};-{number};{number}"),
                             data["value"] - data["peer_median"])
        else:
            ws.write_string(row, self.C_DIFF, DASH, f["dash"])
        beyond = position.write_position(self, ws, row, item, data, own_ok)
        if item.flaggable and compared:
            # As flags.weak_flags: a median of 0 flags nothing; at the median (within the tolerance) is not worse.
            conditions = [far_from_formula(own, median, "above" if item.better == "lower" else "below",
                                           "weakness_threshold", item.min_difference)]
            if beyond:  # and beyond the worse quartile of all other facilities (report_position)
                conditions.append(beyond)
            condition = f"AND({','.join(conditions)})"
            label = WEAK(lang)
            self.formula(ws, row, self.C_FLAG, f'=IF({condition},"{label}","")', f["flag"],
                         label if bool(data["weak"]) else "")
        elif item.inverse_of in self.summary_cells:  # the same fact as its partner, flagged there
            partner = indicator(item.inverse_of)
            flag, label = xl_rowcol_to_cell(self.summary_cells[partner.id][0], self.C_FLAG), WEAK(lang)
            mirrored = self.t(f"(markeret under «{partner.name.da}»)", f"(flagged under «{partner.name.en}»)")
            self.formula(ws, row, self.C_FLAG, f'=IF({flag}="{label}","{mirrored}","")', f["flag"],
                         mirrored if bool(self.rows.loc[partner.id, "weak"]) else "")
        elif item.flaggable and own_ok:
            ws.write_string(row, self.C_FLAG, DASH, f["dash"])
        else:
            ws.write_blank(row, self.C_FLAG, None, f["label"])
        return (own_ok and not finite(data["peer_median"])) or (own_ok and not finite(data["cluster_median"]))

    # -- 8. method -----------------------------------------------------------------------------
    def _write_method(self) -> None:
        ws, f, lang, params = self.ws["method"], self.f, self.lang, self.params
        for col, width in enumerate((54, 14, 46, 24)):
            ws.set_column(col, col, width)
        ws.write_string(0, 0, self.t("Metode – sådan er tallene beregnet", "Method – how the numbers are computed"),
                 f["title"])
        ws.set_row(0, 26)
        ws.write_string(1, 0, self.t("Parametrene herunder bruges af formlerne i arbejdsbogen (navnene i kolonne D). "
                                     "Ændres en parameter, regnes tilbuddets egne tal om.",
                                     "The parameters below are used by the formulas in the workbook (names in column "
                                     "D). Change a parameter and the facility's own figures recalculate."),
                        f["subtitle"])
        row = fm.write_parameter_table(ws, self.f, PARAMETERS, params, lang)
        for heading, body in method_sections(self):
            ws.write_string(row, 0, heading, f["body_bold"])
            row += 1
            ws.merge_range(row, 0, row, 3, body, f["body"])
            ws.set_row(row, fm.row_height(body, 150))
            row += 2
        fm.print_setup(ws, self.title, lang, landscape=False)


def write_botilbud_overview(results: BotilbudResults, path: str | Path, lang: str = "da") -> Path:
    """Write the consultant's workbook: every facility side by side, named (never send it to the facilities)."""
    from engine.benchmarks.botilbud.overview import Overview

    TITLE(lang)
    path = Path(path)
    with atomic_path(path) as tmp:
        Overview(results, lang).write(tmp)
    return path
