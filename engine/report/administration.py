"""Administration benchmark workbooks: one per municipality, and the consultant's overview.

The participant's workbook (Danish by default, English with ``lang="en"``) has these sheets:

1. **Overblik / Summary** – per area the source's two tables: "samlet overblik" (own scores, FTE,
   normalised FTE, last year's figures when the store has them) and "Sammenligning med andre
   kommuner" (own − peer mean, same-system digitalisation, flags);
2. **Processer / Processes** – every process as submitted, with its location in the submitted file;
3. **Diagrammer / Charts** – native Excel charts, own against the comparison group;
4. **Potentiale / Potential** – FTE above the peer median, in FTE and DKK;
5. **Eksempler / Examples** – improvement examples for the flagged categories;
6. **Metode / Method** – every number explained, and the parameters the formulas use;
7. **Grundlag / Basis** – the peer statistics and normalisation bases, as plain values.

**Auditable.** Every derived number on the summary and potential sheets is a live formula over the
process sheet, the basis sheet and the named parameter cells on the method sheet
(``AVERAGEIFS``/``SUMIFS`` over the process rows, ``own − peer``, ``MAX(0; own − median) × basis``),
written with the engine's number as its cached result. A viewer that does not recalculate shows
the engine's numbers; a spreadsheet that does recalculates the same numbers (the tests check this
in LibreOffice for every formula cell).

**Confidential.** A participant's workbook shows other participants only as aggregates (mean,
median, count) and names none of them unless the round's configuration records their consent.
A comparison group smaller than ``params.min_group`` shows "–" and a note instead of numbers.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pandas as pd
from xlsxwriter.utility import quote_sheetname, xl_range_abs, xl_rowcol_to_cell

from engine import __version__
from engine.atomic import atomic_path
from engine.compute.administration import AREAS, DIGITAL, SCORES, TOTAL, AdministrationResults, category_table
from engine.domains import get_domain
from engine.report import formats as fm
from engine.report.formats import DASH, Formats, finite, write_cached_formula
from engine.spec import TableSheet
from engine.text import Text, format_number

CASES_PER_CATEGORY = 3

SHEETS = {
    "summary": Text("Overblik", "Summary"),
    "processes": Text("Processer", "Processes"),
    "charts": Text("Diagrammer", "Charts"),
    "potential": Text("Potentiale", "Potential"),
    "examples": Text("Eksempler", "Examples"),
    "method": Text("Metode", "Method"),
    "basis": Text("Grundlag", "Basis"),
}
AREA_NAMES = {
    "finance": Text("Regnskab og økonomistyring", "Accounting and financial management"),
    "hr": Text("Løn- og personaleadministration", "Payroll and HR administration"),
}
SCORE_NAMES = {
    "centralisation": Text("Centraliseringsgrad", "Centralisation"),
    "digital_process": Text("Digital proces", "Digital process"),
    "digital_solution": Text("Digital løsning", "Digital solution"),
}
SCORE_SCALES = {"centralisation": "(0–3)", "digital_process": "(0–1)", "digital_solution": "(0–1)"}
FLAG_NAMES = {
    "flag_less_centralised": Text("mindre centraliseret", "less centralised"),
    "flag_less_digital": Text("mindre digitaliseret", "less digital"),
    "flag_more_fte": Text("flere årsværk", "more FTE"),
}
TITLE = Text("Benchmark af administrationen", "Administration benchmark")
TOTAL_LABEL = Text("Samlet", "Total")
OVERALL_TEXT = {  # how "Samlet" is computed, by the parameter overall_weighting
    "categories": Text("Samlet er gennemsnittet af kategorierne: hver kategori tæller lige meget, uanset hvor mange "
                       "processer den har.",
                       "Total is the mean of the categories: every category counts the same, however many "
                       "processes it has."),
    "processes": Text("Samlet er gennemsnittet over alle områdets processer, dvs. vægtet med antal processer – "
                      "ikke gennemsnittet af kategorierne.",
                      "Total is the mean over all processes of the area, i.e. weighted by the number of processes "
                      "– not the mean of the categories."),
}
CATEGORY = Text("Kategori", "Category")
FTE_LABEL = Text("Årsværk", "FTE")
SYSTEM_FIELDS = {"finance": "finance_system", "hr": "payroll_system"}
SYSTEM_KIND = {"finance": Text("økonomisystem", "finance system"), "hr": Text("lønsystem", "payroll system")}

# Parameter cells on the method sheet: (name in formulas, attribute of params, label, unit, format).
PARAMETERS = (
    ("cost_per_fte", "cost_per_fte", Text("Omkostning pr. årsværk", "Cost per FTE"), Text("kr.", "DKK"), fm.DKK),
    ("finance_per_inhabitants", "finance_per_inhabitants",
     Text("Grundlag for økonomi: årsværk pr. antal indbyggere", "Finance basis: FTE per number of inhabitants"),
     Text("indbyggere", "inhabitants"), fm.COUNT),
    ("hr_per_employees", "hr_per_employees",
     Text("Grundlag for løn og personale: årsværk pr. antal ansatte",
          "Payroll and HR basis: FTE per number of employees"), Text("ansatte", "employees"), fm.COUNT),
    ("min_group", "min_group", Text("Mindste sammenligningsgruppe", "Smallest comparison group"),
     Text("øvrige kommuner", "other municipalities"), "0"),
    ("centralisation_threshold", "centralisation_threshold",
     Text("Tærskel: mindre centraliseret (afvigelse under minus)", "Threshold: less centralised (deviation below minus)"),
     Text("point på skalaen 0–3", "points on the 0–3 scale"), "0.00"),
    ("digital_threshold", "digital_threshold",
     Text("Tærskel: mindre digitaliseret (afvigelse under minus)", "Threshold: less digital (deviation below minus)"),
     Text("point på skalaen 0–1", "points on the 0–1 scale"), "0.00"),
    ("fte_tolerance", "fte_tolerance",
     Text("Tolerance: flere årsværk end medianen med mere end", "Tolerance: more FTE than the median by more than"),
     Text("andel", "share"), fm.SHARE),
)


def suppressed_note(params, lang: str) -> str:
    n = params.min_group
    return Text(f"Sammenligningsgruppen har færre end {n} kommuner",
                f"The comparison group has fewer than {n} municipalities")(lang)


def basis_unit(area: str, params, lang: str) -> str:
    """'pr. 10.000 indbyggere' / 'per 1,000 employees' from the parameters."""
    if area == "finance":
        n = format_number(params.finance_per_inhabitants, lang)
        return Text(f"pr. {n} indbyggere", f"per {n} inhabitants")(lang)
    n = format_number(params.hr_per_employees, lang)
    return Text(f"pr. {n} ansatte", f"per {n} employees")(lang)


def basis_label(area: str, params, lang: str) -> str:
    if area == "finance":
        n = format_number(params.finance_per_inhabitants, lang)
        return Text(f"Indbyggere / {n}", f"Inhabitants / {n}")(lang)
    n = format_number(params.hr_per_employees, lang)
    return Text(f"Ansatte / {n}", f"Employees / {n}")(lang)


def other_municipalities(n: int, lang: str) -> str:
    """The comparison group in words, right for none, one and many ("de 0 øvrige" reads wrong)."""
    if n == 0:
        return Text("ingen: kommunen er den eneste deltager", "none: the municipality is the only participant")(lang)
    if n == 1:
        return Text("den 1 øvrige deltagende kommune (aldrig kommunen selv)",
                    "the 1 other participating municipality (never the municipality itself)")(lang)
    return Text(f"de {n} øvrige deltagende kommuner (aldrig kommunen selv)",
                f"the {n} other participating municipalities (never the municipality itself)")(lang)


def system_label(area: str, system_id: object, lang: str) -> str:
    """The finance or payroll system's name as the template shows it."""
    if not isinstance(system_id, str):
        return DASH
    _, field = get_domain("administration").form_field(SYSTEM_FIELDS[area])
    for choice in field.choices:
        if choice.id == system_id:
            return choice.label(lang)
    return system_id




def _category_names() -> dict[tuple[str, str], Text]:
    table = category_table()
    return {(row.area, row.category_id): Text(row.name_da, row.name_en) for row in table.itertuples(index=False)}


def _process_names() -> dict[str, Text]:
    names = {}
    for sheet in get_domain("administration").sheets:
        if isinstance(sheet, TableSheet):
            names.update({item.key: item.label for item in sheet.rows})
    return names


CasesFunction = Callable[[list[str]], Sequence[Any]]


def _resolve_cases(cases: CasesFunction | None) -> CasesFunction | None:
    """The caller's case lookup, else the improvement catalogue's, else none (not installed yet)."""
    if cases is not None:
        return cases
    try:
        from engine.catalogue import load_catalogue
    except ModuleNotFoundError as error:
        if error.name == "engine.catalogue":
            return None
        raise
    catalogue = load_catalogue()
    return lambda indicators: catalogue.cases_for("administration", indicators, CASES_PER_CATEGORY)


# ------------------------------------------------------------------------------------------------
# The participant's workbook
# ------------------------------------------------------------------------------------------------

def write_participant_report(results: AdministrationResults, participant: str, path: Path, lang: str = "da",
                             cases: CasesFunction | None = None) -> Path:
    """Write one municipality's comparison workbook to ``path`` (atomically) and return the path.

    ``cases(indicators)`` returns improvement examples for a list of indicator ids (category ids
    and ``centralisation``, ``digital_process``, ``digital_solution``), most relevant first;
    without it the improvement catalogue is used if it is installed.
    """
    TITLE(lang)  # an unknown language fails here, before anything is written
    participant = str(participant)
    if participant not in results.participants.index:
        known = ", ".join(map(str, results.participants.index[:10]))
        raise KeyError(f"participant {participant!r} is not in the {results.year} round; known: {known}")
    path = Path(path)
    report = _ParticipantReport(results, participant, lang, _resolve_cases(cases))
    with atomic_path(path) as tmp:
        report.write(tmp)
    return path


class _ParticipantReport:
    """Lays out and writes one participant's workbook; positions are fixed before anything is written."""

    # Process sheet columns.
    P_ID, P_AREA, P_CATEGORY, P_NAME, P_C, P_DP, P_DS, P_FTE, P_COMMENT, P_SOURCE, P_AREA_ID, P_CATEGORY_ID = range(12)
    P_HEADER = 3
    # Basis sheet: key figures (label in C, value in D), then one row per area and category.
    B_KEY_COL = 3
    B_HEADER = 17
    (B_AREA_ID, B_CATEGORY_ID, B_AREA, B_CATEGORY, B_N_PROCESSES, B_PEERS_N, B_PEER_C, B_PEER_DP, B_PEER_DS,
     B_PEER_MEAN, B_PEER_MEDIAN, B_SYSTEM, B_SYSTEM_N, B_SYSTEM_DP, B_SYSTEM_DS, B_NOTE,
     B_PREV_C, B_PREV_DP, B_PREV_DS, B_PREV_NORM) = range(20)
    B_PEER = {"centralisation": B_PEER_C, "digital_process": B_PEER_DP, "digital_solution": B_PEER_DS}
    B_SYSTEM_PEER = {"digital_process": B_SYSTEM_DP, "digital_solution": B_SYSTEM_DS}
    B_PREV = {"centralisation": B_PREV_C, "digital_process": B_PREV_DP, "digital_solution": B_PREV_DS,
              "fte_norm": B_PREV_NORM}
    # Summary columns: block (a) and block (b).
    S_SCORE = {"centralisation": 1, "digital_process": 2, "digital_solution": 3}
    S_FTE, S_NORM = 4, 5
    S_PREV = {"centralisation": 6, "digital_process": 7, "digital_solution": 8, "fte_norm": 9}
    S_DEV = {"centralisation": 1, "digital_process": 2, "digital_solution": 3, "fte_norm": 4}
    S_SYSTEM_DEV = {"digital_process": 5, "digital_solution": 6}
    S_FLAGS = 7

    def __init__(self, results: AdministrationResults, participant: str, lang: str,
                 cases: CasesFunction | None) -> None:
        self.results = results
        self.params = results.params
        self.code = participant
        self.lang = lang
        self.cases = cases
        self.info = results.participants.loc[participant]
        self.name = str(self.info["name"])
        c = results.categories
        own = c[c["participant"] == participant].sort_values(["area", "position"])
        # Records as dicts: thousands of cell lookups per report are far cheaper than on Series.
        self.rows = {area: own[own["area"] == area].to_dict("records") for area in AREAS}
        self.processes = results.processes[results.processes["participant"] == participant]
        self.category_names = _category_names()
        self.process_names = _process_names()
        prev_columns = [f"prev_{s}" for s in (*SCORES, "fte_norm")]
        self.show_prev = (results.previous_year is not None and all(col in own for col in prev_columns)
                          and own[prev_columns].notna().any().any())
        self.formula_count = 0
        self.names = {key: SHEETS[key](lang) for key in SHEETS}
        self.q = {key: quote_sheetname(name) for key, name in self.names.items()}
        self._layout()

    # -- helpers -------------------------------------------------------------------------------
    def t(self, da: str, en: str) -> str:
        return Text(da, en)(self.lang)

    def category_label(self, area: str, category_id: str) -> str:
        if category_id == TOTAL:
            return TOTAL_LABEL(self.lang)
        return self.category_names[(area, category_id)](self.lang)

    def formula(self, ws, row: int, col: int, formula: str, fmt, value: object) -> None:
        """A live formula with the engine's number (or text) as its cached result."""
        write_cached_formula(ws, row, col, formula, fmt, value)
        self.formula_count += 1

    def basis_ref(self, area: str, category_id: str, col: int) -> str:
        return f"{self.q['basis']}!{xl_rowcol_to_cell(self.basis_rows[(area, category_id)], col, True, True)}"

    def basis_cell(self, area: str) -> str:
        row = self.B_BASIS_ROW[area]
        return f"{self.q['basis']}!{xl_rowcol_to_cell(row, self.B_KEY_COL, True, True)}"

    def process_range(self, col: int) -> str:
        return f"{self.q['processes']}!{xl_range_abs(self.p_first, col, self.p_last, col)}"

    def criteria(self, area: str, category_id: str) -> str:
        text = f'{self.process_range(self.P_AREA_ID)},"{area}"'
        if category_id != TOTAL:
            text += f',{self.process_range(self.P_CATEGORY_ID)},"{category_id}"'
        return text

    # -- layout --------------------------------------------------------------------------------
    def _layout(self) -> None:
        self.p_first = self.P_HEADER + 1
        self.p_last = self.P_HEADER + len(self.processes)
        self.B_BASIS_ROW = {"finance": 7, "hr": 8}
        self.basis_rows: dict[tuple[str, str], int] = {}
        row = self.B_HEADER + 1
        for area in AREAS:
            for item in self.rows[area]:
                self.basis_rows[(area, item["category_id"])] = row
                row += 1
        self.param_rows = fm.parameter_rows(PARAMETERS)

    # -- workbook ------------------------------------------------------------------------------
    def write(self, path: Path) -> None:
        title = f"{self.name} – {TITLE(self.lang).lower()} {self.results.year}"
        self.title = title
        wb = fm.new_workbook(path, title, f"kommunebench {__version__}: administration {self.results.year}")
        self.wb = wb
        self.f = Formats(wb)
        self.ws = {key: wb.add_worksheet(self.names[key]) for key in SHEETS}
        fm.define_parameter_names(wb, self.q["method"], PARAMETERS)
        self._write_processes()
        self._write_basis()
        self._write_method()
        self._write_summary()
        self._write_potential()
        self._write_charts()
        self._write_examples()
        self.ws["summary"].activate()
        wb.close()

    # -- 1. summary ----------------------------------------------------------------------------
    def _write_summary(self) -> None:
        ws, f, lang = self.ws["summary"], self.f, self.lang
        ws.set_column(0, 0, 48)
        ws.set_column(1, 10, 16)
        if not self.show_prev:
            ws.set_column(self.S_FLAGS, self.S_FLAGS, 58)
        ws.write(0, 0, self.title, f["title"])
        ws.set_row(0, 26)
        ws.write(1, 0, self.t("Administrativ organisering, digitalisering og ressourceforbrug sammenlignet med "
                              "de øvrige deltagende kommuner",
                              "Administrative organisation, digitalisation and resource use compared with the "
                              "other participating municipalities"), f["subtitle"])
        participants = len(self.results.participants)
        total = self.rows["finance"][-1]
        key_rows = [
            (self.t("Kommune", "Municipality"), self.name),
            (self.t("Opgørelsesår", "Year"), self.results.year),
            (self.t("Deltagende kommuner", "Participating municipalities"), participants),
            (self.t("Sammenligningsgruppe", "Comparison group"),
             other_municipalities(int(total["peers_n"]), lang)),
            (self.t("Økonomisystem", "Finance system"), system_label("finance", self.info.get("finance_system"), lang)),
            (self.t("Lønsystem", "Payroll system"), system_label("hr", self.info.get("payroll_system"), lang)),
        ]
        if self.show_prev:
            key_rows.append((self.t("Sidste år", "Last year"),
                             self.t(f"tal fra {self.results.previous_year} vises til sammenligning",
                                    f"figures from {self.results.previous_year} are shown for comparison")))
        row = 3
        for label, value in key_rows:
            ws.write_string(row, 0, label, f["key"])
            if isinstance(value, str):
                ws.write_string(row, 1, value, f["label"])
            else:
                ws.write_number(row, 1, value, f.num("0", align_left=True))
            row += 1
        row += 1
        self.summary_rows: dict[tuple[str, str], int] = {}
        self.summary_span: dict[str, tuple[int, int]] = {}
        breaks = []
        for area in AREAS:
            if area != AREAS[0]:
                breaks.append(row)  # each area starts on a new printed page
            row = self._summary_area(ws, area, row) + 2
        ws.set_h_pagebreaks(breaks)
        fm.print_setup(ws, self.title, lang)

    def _summary_area(self, ws, area: str, row: int) -> int:
        f, lang, params = self.f, self.lang, self.params
        rows = self.rows[area]
        last_col = 10 if self.show_prev else self.S_FLAGS
        unit = basis_unit(area, params, lang)
        for col in range(last_col + 1):
            ws.write_blank(row, col, None, f["section"])
        ws.write_string(row, 0, AREA_NAMES[area](lang), f["section"])
        ws.set_row(row, 20)
        row += 2

        # (a) samlet overblik
        ws.write_string(row, 0, self.t(f"{self.name} – samlet overblik", f"{self.name} – overall picture"), f["block"])
        row += 1
        if self.show_prev:
            ws.merge_range(row, 1, row, self.S_NORM, self.t(f"Opgørelsesår {self.results.year}",
                                                            f"Year {self.results.year}"), f["group"])
            ws.merge_range(row, self.S_PREV["centralisation"], row, self.S_PREV["fte_norm"],
                           self.t(f"Sidste år ({self.results.previous_year})",
                                  f"Last year ({self.results.previous_year})"), f["group"])
            row += 1
        scores = [f"{SCORE_NAMES[s](lang)}\n{SCORE_SCALES[s]}" for s in SCORES]
        headers = [CATEGORY(lang), *scores, FTE_LABEL(lang), f"{FTE_LABEL(lang)} {unit}"]
        if self.show_prev:
            headers += [*scores, f"{FTE_LABEL(lang)} {unit}"]
        for col, header in enumerate(headers):
            ws.write_string(row, col, header, f["header_left" if col == 0 else "header"])
        ws.set_row(row, 42)
        row += 1
        first = row
        for item in rows:
            category_id = item["category_id"]
            bold = category_id == TOTAL
            self.summary_rows[(area, category_id)] = row
            ws.write_string(row, 0, self.category_label(area, category_id), f["label_bold" if bold else "label"])
            crit = self.criteria(area, category_id)
            for score in SCORES:
                col = self.S_SCORE[score]
                if category_id == TOTAL and self.results.params.overall_weighting == "categories":
                    # The plain mean of the category rows above: each category counts the same.
                    formula = f"=AVERAGE({xl_rowcol_to_cell(first, col)}:{xl_rowcol_to_cell(row - 1, col)})"
                else:
                    formula = f"=AVERAGEIFS({self.process_range(self._score_col(score))},{crit})"
                self.formula(ws, row, col, formula, f.num(fm.SCORE, bold), item[score])
            fte_cell = xl_rowcol_to_cell(row, self.S_FTE)
            self.formula(ws, row, self.S_FTE, f"=SUMIFS({self.process_range(self.P_FTE)},{crit})",
                         f.num(fm.FTE, bold), item["fte"])
            self.formula(ws, row, self.S_NORM, f"={fte_cell}/{self.basis_cell(area)}",
                         f.num(fm.FTE_NORM, bold), item["fte_norm"])
            if self.show_prev:
                for key, col in self.S_PREV.items():
                    value = item.get(f"prev_{key}")
                    fmt = f.num(fm.FTE_NORM if key == "fte_norm" else fm.SCORE, bold)
                    if finite(value):
                        self.formula(ws, row, col, "=" + self.basis_ref(area, category_id, self.B_PREV[key]),
                                     fmt, value)
                    else:
                        ws.write_string(row, col, DASH, f["dash_bold" if bold else "dash"])
            row += 1
        self.summary_span[area] = (first, row - 2)  # categories only, without the total row
        note = self.t("Centraliseringsgrad: skala 0–3, hvor 3 angiver at opgaven er samlet centralt i kommunen. "
                      "Digitaliseringsgrad: skala 0–1, hvor 1 angiver at opgaven er fuldt ud digitalt understøttet. "
                      f"Samlet = gennemsnit over alle områdets processer. Årsværk {unit}: se arket "
                      f"{self.names['basis']}.",
                      "Centralisation: scale 0–3, where 3 means the task is gathered centrally in the municipality. "
                      "Digitalisation: scale 0–1, where 1 means the task is fully digitally supported. "
                      f"Total = mean over all processes of the area. FTE {unit}: see the sheet "
                      f"{self.names['basis']}.")
        ws.merge_range(row, 0, row, last_col, note, f["note"])
        ws.set_row(row, 28)
        row += 2
        return self._summary_comparison(ws, area, row, last_col)

    def _summary_comparison(self, ws, area: str, row: int, last_col: int) -> int:
        f, lang, params = self.f, self.lang, self.params
        rows = self.rows[area]
        total = rows[-1]
        unit = basis_unit(area, params, lang)
        ws.write_string(row, 0, self.t("Sammenligning med andre kommuner – alle (et positivt tal betyder større "
                                       "centralisering og digitalisering)",
                                       "Comparison with other municipalities – all (a positive number means more "
                                       "centralisation and digitalisation)"), f["block"])
        row += 1
        system = system_label(area, total.get("system"), lang)
        ws.merge_range(row, 1, row, self.S_DEV["fte_norm"],
                       self.t(f"Alle øvrige kommuner (n = {int(total['peers_n'])})",
                              f"All other municipalities (n = {int(total['peers_n'])})"), f["group"])
        ws.merge_range(row, self.S_SYSTEM_DEV["digital_process"], row, self.S_SYSTEM_DEV["digital_solution"],
                       self.t(f"Samme {SYSTEM_KIND[area].da}: {system} (n = {int(total['system_peers_n'])})",
                              f"Same {SYSTEM_KIND[area].en}: {system} (n = {int(total['system_peers_n'])})"),
                       f["group"])
        flags_last = 10 if self.show_prev else self.S_FLAGS
        if flags_last > self.S_FLAGS:
            ws.merge_range(row, self.S_FLAGS, row, flags_last, self.t("Markering", "Flag"), f["group"])
        else:
            ws.write_string(row, self.S_FLAGS, self.t("Markering", "Flag"), f["group"])
        ws.set_row(row, 30)
        row += 1
        headers = [CATEGORY(lang)] + [SCORE_NAMES[s](lang) for s in SCORES] + [f"{FTE_LABEL(lang)} {unit}"] + [
            SCORE_NAMES[s](lang) for s in DIGITAL] + [
            self.t("mindre centraliseret / mindre digitaliseret / flere årsværk",
                   "less centralised / less digital / more FTE")]
        for col, header in enumerate(headers):
            fmt = f["header_left" if col in (0, self.S_FLAGS) else "header"]
            if col == self.S_FLAGS and flags_last > self.S_FLAGS:
                ws.merge_range(row, col, row, flags_last, header, fmt)
            else:
                ws.write_string(row, col, header, fmt)
        ws.set_row(row, 42)
        row += 1
        first = row
        any_suppressed = any_system_suppressed = False
        for item in rows:
            category_id = item["category_id"]
            bold = category_id == TOTAL
            own_row = self.summary_rows[(area, category_id)]
            ws.write_string(row, 0, self.category_label(area, category_id), f["label_bold" if bold else "label"])
            dash = f["dash_bold" if bold else "dash"]
            flag_fmt = f["flag_bold" if bold else "flag"]
            if flags_last > self.S_FLAGS:
                ws.merge_range(row, self.S_FLAGS, row, flags_last, "", flag_fmt)
            if bool(item["suppressed"]):
                any_suppressed = True
                for col in (*self.S_DEV.values(), *self.S_SYSTEM_DEV.values(), self.S_FLAGS):
                    ws.write_string(row, col, DASH, dash)
                row += 1
                continue
            dev_cells = {}
            for score in (*SCORES, "fte_norm"):
                own_col = self.S_NORM if score == "fte_norm" else self.S_SCORE[score]
                peer_col = self.B_PEER_MEAN if score == "fte_norm" else self.B_PEER[score]
                own = xl_rowcol_to_cell(own_row, own_col)
                fmt = f.num(fm.FTE_NORM_DEVIATION if score == "fte_norm" else fm.DEVIATION, bold)
                self.formula(ws, row, self.S_DEV[score], f"={own}-{self.basis_ref(area, category_id, peer_col)}",
                             fmt, item[f"dev_{score}"])
                dev_cells[score] = xl_rowcol_to_cell(row, self.S_DEV[score])
            system_ok = not bool(item["system_suppressed"])
            any_system_suppressed |= not system_ok
            digital_cells = []
            for score in DIGITAL:
                col = self.S_SYSTEM_DEV[score]
                if system_ok:
                    own = xl_rowcol_to_cell(own_row, self.S_SCORE[score])
                    self.formula(ws, row, col, f"={own}-{self.basis_ref(area, category_id, self.B_SYSTEM_PEER[score])}",
                                 f.num(fm.DEVIATION, bold), item[f"system_dev_{score}"])
                    digital_cells.append(xl_rowcol_to_cell(row, col))
                else:
                    ws.write_string(row, col, DASH, dash)
                    digital_cells.append(dev_cells[score])
            own_norm = xl_rowcol_to_cell(own_row, self.S_NORM)
            median = self.basis_ref(area, category_id, self.B_PEER_MEDIAN)
            conditions = {
                "flag_less_centralised": f"{dev_cells['centralisation']}<-centralisation_threshold",
                "flag_less_digital": f"MIN({digital_cells[0]},{digital_cells[1]})<-digital_threshold",
                "flag_more_fte": f"{own_norm}>{median}*(1+fte_tolerance)",
            }
            parts = "&".join(f'IF({condition},", {FLAG_NAMES[flag](lang)}","")' for flag, condition in conditions.items())
            cached = ", ".join(FLAG_NAMES[flag](lang) for flag in conditions if bool(item[flag]))
            self.formula(ws, row, self.S_FLAGS, f"=MID({parts},3,200)", flag_fmt, cached)
            row += 1
        last = row - 1
        for score, col in self.S_DEV.items():
            values = [item[f"dev_{score}"] for item in rows if not item["suppressed"]]
            fm.diverging_scale(ws, first, col, last, values, reverse=score == "fte_norm")
        for score, col in self.S_SYSTEM_DEV.items():
            values = [item[f"system_dev_{score}"] for item in rows if not item["system_suppressed"]]
            fm.diverging_scale(ws, first, col, last, values)
        notes = [self.t(f"Afvigelse = egen værdi − gennemsnittet for de øvrige kommuner. Grøn: mere centraliseret/"
                        f"digitaliseret; for årsværk {unit} er flere årsværk rødt. Markering: centraliseringsgrad mere "
                        f"end {format_number(params.centralisation_threshold, lang)} under, digitalisering mere end "
                        f"{format_number(params.digital_threshold, lang)} under (samme system), årsværk mere end "
                        f"{format_number(round(params.fte_tolerance * 100, 6), lang)} % over medianen.",
                        f"Deviation = own value − the mean of the other municipalities. Green: more centralised/"
                        f"digital; for FTE {unit} more FTE is red. Flag: centralisation more than "
                        f"{format_number(params.centralisation_threshold, lang)} below, digitalisation more than "
                        f"{format_number(params.digital_threshold, lang)} below (same system), FTE more than "
                        f"{format_number(round(params.fte_tolerance * 100, 6), lang)} % above the median.")]
        if any_suppressed:
            notes.append(suppressed_note(params, lang) + self.t(": sammenligningen vises ikke (–).",
                                                                ": the comparison is not shown (–)."))
        if any_system_suppressed:
            notes.append(self.t(f"Færre end {params.min_group} øvrige kommuner bruger samme {SYSTEM_KIND[area].da} (–); "
                                "digitaliseringen sammenlignes derfor med alle øvrige kommuner.",
                                f"Fewer than {params.min_group} other municipalities use the same "
                                f"{SYSTEM_KIND[area].en} (–); digitalisation is therefore compared with all other "
                                "municipalities."))
        for note in notes:
            ws.merge_range(row, 0, row, last_col, note, f["note"])
            ws.set_row(row, fm.row_height(note, 150))
            row += 1
        return row

    def _score_col(self, score: str) -> int:
        return {"centralisation": self.P_C, "digital_process": self.P_DP, "digital_solution": self.P_DS}[score]

    # -- 2. processes --------------------------------------------------------------------------
    def _write_processes(self) -> None:
        ws, f, lang = self.ws["processes"], self.f, self.lang
        widths = {self.P_ID: 10, self.P_AREA: 27, self.P_CATEGORY: 40, self.P_NAME: 70, self.P_C: 15,
                  self.P_DP: 11, self.P_DS: 11, self.P_FTE: 10, self.P_COMMENT: 34, self.P_SOURCE: 14,
                  self.P_AREA_ID: 8, self.P_CATEGORY_ID: 24}
        for col, width in widths.items():
            ws.set_column(col, col, width)
        ws.write(0, 0, self.t(f"Processer – {self.name}", f"Processes – {self.name}"), f["title"])
        ws.set_row(0, 26)
        file_name = self.info.get("file_name")
        source = self.t(f"Kommunens svar pr. proces, som de blev indsendt (fil: {file_name}). Arkene "
                        f"{self.names['summary']} og {self.names['potential']} beregner deres tal ud fra dette ark; "
                        "de to sidste kolonner er nøgler til formlerne.",
                        f"The municipality's answers per process, as submitted (file: {file_name}). The sheets "
                        f"{self.names['summary']} and {self.names['potential']} compute their numbers from this "
                        "sheet; the last two columns are keys for the formulas.")
        ws.write_string(1, 0, source, f["subtitle"])
        headers = {
            self.P_ID: Text("Proces-id", "Process id"), self.P_AREA: Text("Område", "Area"),
            self.P_CATEGORY: CATEGORY, self.P_NAME: Text("Proces", "Process"),
            self.P_C: Text("Centraliseringsgrad\n(0–3)", "Centralisation\n(0–3)"),
            self.P_DP: Text("Digital proces\n(0–1)", "Digital process\n(0–1)"),
            self.P_DS: Text("Digital løsning\n(0–1)", "Digital solution\n(0–1)"), self.P_FTE: FTE_LABEL,
            self.P_COMMENT: Text("Bemærkning", "Comment"),
            self.P_SOURCE: Text("Celle i indsendt fil", "Cell in submitted file"),
            self.P_AREA_ID: Text("område-id", "area id"), self.P_CATEGORY_ID: Text("kategori-id", "category id"),
        }
        for col, header in headers.items():
            ws.write_string(self.P_HEADER, col, header(lang), f["header_left" if col in (
                self.P_ID, self.P_AREA, self.P_CATEGORY, self.P_NAME, self.P_COMMENT, self.P_SOURCE) else "header"])
        ws.set_row(self.P_HEADER, 30)
        fmt_c, fmt_d, fmt_fte = f.num("0"), f.num("0.00"), f.num("0.00")
        columns = ("process_id", "area", "category_id", "centralisation", "digital_process", "digital_solution",
                   "fte", "comment", "location_centralisation")
        frame = self.processes.reindex(columns=columns)
        for offset, item in enumerate(frame.itertuples(index=False)):
            row = self.p_first + offset
            (process_id, area, category_id, centralisation, digital_process, digital_solution, fte, comment,
             location) = item
            ws.write_string(row, self.P_ID, str(process_id), f["key"])
            ws.write_string(row, self.P_AREA, AREA_NAMES[area](lang), f["label"])
            ws.write_string(row, self.P_CATEGORY, self.category_label(area, category_id), f["label"])
            name = self.process_names.get(process_id)
            ws.write_string(row, self.P_NAME, name(lang) if name else "", f["label"])
            for col, value, fmt in ((self.P_C, centralisation, fmt_c), (self.P_DP, digital_process, fmt_d),
                                    (self.P_DS, digital_solution, fmt_d), (self.P_FTE, fte, fmt_fte)):
                if finite(value):
                    ws.write_number(row, col, float(value), fmt)
                else:
                    ws.write_blank(row, col, None, fmt)
            # Municipal text is data, never a formula: "=Samme som sidste år" stays a string.
            if isinstance(comment, str) and comment:
                ws.write_string(row, self.P_COMMENT, comment, f["label"])
            else:
                ws.write_blank(row, self.P_COMMENT, None, f["label"])
            ws.write_string(row, self.P_SOURCE, location if isinstance(location, str) else "", f["key"])
            ws.write_string(row, self.P_AREA_ID, str(area), f["helper"])
            ws.write_string(row, self.P_CATEGORY_ID, str(category_id), f["helper"])
        ws.autofilter(self.P_HEADER, 0, self.p_last, self.P_CATEGORY_ID)
        ws.freeze_panes(self.P_HEADER + 1, 1)
        fm.print_setup(ws, self.title, lang, repeat_row=self.P_HEADER)

    # -- 3. charts -----------------------------------------------------------------------------
    def _write_charts(self) -> None:
        ws, f, lang = self.ws["charts"], self.f, self.lang
        ws.write(0, 0, self.t(f"Diagrammer – {self.name}", f"Charts – {self.name}"), f["title"])
        ws.set_row(0, 26)
        ws.write_string(1, 0, self.t("Egen kommune sammenlignet med de øvrige deltagende kommuner. Tallene står på "
                                     f"arkene {self.names['summary']} og {self.names['basis']}.",
                                     "The municipality compared with the other participating municipalities. The "
                                     f"numbers are on the sheets {self.names['summary']} and {self.names['basis']}."),
                        f["subtitle"])
        # Per area two printed pages, each with a pair of charts side by side under the area's name.
        row, breaks = 3, []
        for area in AREAS:
            categories = [item for item in self.rows[area] if item["category_id"] != TOTAL]
            height = 170 + 26 * len(categories)
            pairs = (("centralisation", "fte_norm"), ("digital_process", "digital_solution"))
            for pair in pairs:
                if row > 3:
                    breaks.append(row)
                ws.write_string(row, 0, AREA_NAMES[area](lang), f["block"])
                row += 1
                for index, measure in enumerate(pair):
                    chart = self._chart(area, measure)
                    chart.set_size({"width": 640, "height": height})
                    ws.insert_chart(row, 0 if index == 0 else 10, chart,
                                    {"x_offset": 4, "y_offset": 4, "object_position": 3})
                row += math.ceil(height / 20) + 2
        ws.set_h_pagebreaks(breaks)
        fm.print_setup(ws, self.title, lang)

    def _chart(self, area: str, measure: str):
        lang, params = self.lang, self.params
        rows = [item for item in self.rows[area] if item["category_id"] != TOTAL]
        first, last = self.summary_span[area]
        first_b = self.basis_rows[(area, rows[0]["category_id"])]
        last_b = self.basis_rows[(area, rows[-1]["category_id"])]
        summary, basis = self.names["summary"], self.names["basis"]
        chart = self.wb.add_chart({"type": "bar"})
        categories = [summary, first, 0, last, 0]
        suppressed = any(bool(item["suppressed"]) for item in rows)
        system_suppressed = any(bool(item["system_suppressed"]) for item in rows)
        unit = basis_unit(area, params, lang)
        if measure == "fte_norm":
            own_col, series = self.S_NORM, [] if suppressed else [
                (self.t("Median, øvrige kommuner", "Median, other municipalities"), self.B_PEER_MEDIAN, fm.PEER_COLOUR)]
            title = self.t(f"Årsværk {unit}", f"FTE {unit}")
            axis = title
        else:
            own_col = self.S_SCORE[measure]
            series = [] if suppressed else [
                (self.t("Gennemsnit, øvrige kommuner", "Mean, other municipalities"), self.B_PEER[measure], fm.PEER_COLOUR)]
            if measure in DIGITAL and not system_suppressed:
                series.append((self.t(f"Gennemsnit, samme {SYSTEM_KIND[area].da}",
                                      f"Mean, same {SYSTEM_KIND[area].en}"), self.B_SYSTEM_PEER[measure],
                               fm.SYSTEM_COLOUR))
            title = SCORE_NAMES[measure](lang)
            axis = f"{title} {SCORE_SCALES[measure]}"
        chart.add_series({"name": self.name, "categories": categories, "values": [summary, first, own_col, last, own_col],
                          "fill": {"color": fm.OWN_COLOUR}, "gap": 60})
        for name, col, colour in series:
            chart.add_series({"name": name, "categories": categories, "values": [basis, first_b, col, last_b, col],
                              "fill": {"color": colour}})
        chart.set_title({"name": f"{title} – {AREA_NAMES[area](lang).lower()}",
                         "name_font": {"size": 11, "bold": True, "color": fm.HEADER_FILL}})
        value_axis: dict[str, Any] = {"name": axis, "name_font": {"size": 9, "bold": False},
                                      "num_font": {"size": 8}, "major_gridlines": {"visible": True,
                                                                                   "line": {"color": "#D9D9D9"}}}
        if measure == "centralisation":
            value_axis.update(min=0, max=3, major_unit=0.5, num_format="0.0")
        elif measure in DIGITAL:
            value_axis.update(min=0, max=1, major_unit=0.2, num_format="0.0")
        else:
            value_axis.update(min=0, num_format="0.0")
        chart.set_x_axis(value_axis)
        chart.set_y_axis({"name": CATEGORY(lang), "name_font": {"size": 9, "bold": False}, "num_font": {"size": 8},
                          "reverse": True, "crossing": "max", "interval_unit": 1})
        chart.set_legend({"position": "bottom", "font": {"size": 9}})
        chart.set_chartarea({"border": {"color": "#BFBFBF"}})
        return chart

    # -- 4. potential --------------------------------------------------------------------------
    def _write_potential(self) -> None:
        ws, f, lang, params = self.ws["potential"], self.f, self.lang, self.params
        widths = (46, 12, 13, 14, 14, 12, 14, 16, 40)
        for col, width in enumerate(widths):
            ws.set_column(col, col, width)
        ws.write(0, 0, self.t(f"Potentiale – {self.name}", f"Potential – {self.name}"), f["title"])
        ws.set_row(0, 26)
        intro = self.t("Potentiale pr. kategori = MAX(0; egne årsværk pr. grundlag − medianen for de øvrige kommuner) "
                       "× kommunens grundlag, dvs. de årsværk kommunen ville bruge mindre på medianens niveau. Kroner = "
                       "potentiale × omkostning pr. årsværk. Områdets potentiale er summen af kategoriernes. Et "
                       "potentiale er et udgangspunkt for en drøftelse, ikke et mål.",
                       "Potential per category = MAX(0; own FTE per basis − the median of the other municipalities) "
                       "× the municipality's basis, i.e. the FTE the municipality would save at the median's level. "
                       "DKK = potential × cost per FTE. The area's potential is the sum of its categories'. A "
                       "potential is a starting point for a discussion, not a target.")
        ws.merge_range(1, 0, 1, 8, intro, f["note"])
        ws.set_row(1, fm.row_height(intro, 180))
        ws.write_string(2, 0, self.t("Omkostning pr. årsværk (kr., fra arket Metode)",
                                     "Cost per FTE (DKK, from the Method sheet)"), f["key"])
        self.formula(ws, 2, 1, "=cost_per_fte", f.num(fm.DKK), params.cost_per_fte)
        row = 4
        totals: dict[str, tuple[int, bool]] = {}
        for area in AREAS:
            row, totals[area] = self._potential_area(ws, area, row)
            row += 2
        # Both areas together.
        ws.write_string(row, 0, self.t("Potentiale i alt (begge områder)", "Potential in total (both areas)"),
                        f["label_bold"])
        for col in range(1, 9):
            ws.write_blank(row, col, None, f["label_bold"])
        if all(ok for _, ok in totals.values()):
            fin, hr = (self.rows[a][-1] for a in AREAS)
            for col, key, fmt in ((6, "potential_fte", fm.FTE), (7, "potential_dkk", fm.DKK)):
                cells = "+".join(xl_rowcol_to_cell(totals[a][0], col) for a in AREAS)
                self.formula(ws, row, col, f"={cells}", f.num(fmt, True), float(fin[key]) + float(hr[key]))
        else:
            ws.write_string(row, 6, DASH, f["dash_bold"])
            ws.write_string(row, 7, DASH, f["dash_bold"])
        fm.print_setup(ws, self.title, lang)

    def _potential_area(self, ws, area: str, row: int) -> tuple[int, tuple[int, bool]]:
        f, lang, params = self.f, self.lang, self.params
        unit = basis_unit(area, params, lang)
        for col in range(9):
            ws.write_blank(row, col, None, f["section"])
        ws.write_string(row, 0, AREA_NAMES[area](lang), f["section"])
        ws.set_row(row, 20)
        row += 1
        headers = [CATEGORY(lang), FTE_LABEL(lang), basis_label(area, params, lang), f"{FTE_LABEL(lang)} {unit}",
                   self.t("Median, øvrige kommuner", "Median, other municipalities"),
                   self.t("Forskel", "Difference"), self.t("Potentiale, årsværk", "Potential, FTE"),
                   self.t("Potentiale, kr.", "Potential, DKK"), self.t("Bemærkning", "Note")]
        for col, header in enumerate(headers):
            ws.write_string(row, col, header, f["header_left" if col in (0, 8) else "header"])
        ws.set_row(row, 42)
        row += 1
        first = row
        rows = self.rows[area]
        compared = True
        for item in rows:
            category_id = item["category_id"]
            bold = category_id == TOTAL
            dash = f["dash_bold" if bold else "dash"]
            ws.write_string(row, 0, self.category_label(area, category_id), f["label_bold" if bold else "label"])
            crit = self.criteria(area, category_id)
            fte, basis, norm, median, diff, pot = (xl_rowcol_to_cell(row, col) for col in range(1, 7))
            self.formula(ws, row, 1, f"=SUMIFS({self.process_range(self.P_FTE)},{crit})", f.num(fm.FTE, bold),
                         item["fte"])
            self.formula(ws, row, 2, f"={self.basis_cell(area)}", f.num("#,##0.00", bold), item["basis"])
            self.formula(ws, row, 3, f"={fte}/{basis}", f.num(fm.FTE_NORM, bold), item["fte_norm"])
            if bool(item["suppressed"]):
                compared = False
                for col in range(4, 8):
                    ws.write_string(row, col, DASH, dash)
                ws.write_string(row, 8, suppressed_note(self.params, lang), f["note_inline"])
                row += 1
                continue
            self.formula(ws, row, 4, "=" + self.basis_ref(area, category_id, self.B_PEER_MEDIAN),
                         f.num(fm.FTE_NORM, bold), item["peer_fte_norm_median"])
            self.formula(ws, row, 5, f"={norm}-{median}", f.num(fm.FTE_NORM_DEVIATION, bold),
                         item["fte_norm"] - item["peer_fte_norm_median"])
            if bold:
                total_fte = f"=SUM({xl_rowcol_to_cell(first, 6)}:{xl_rowcol_to_cell(row - 1, 6)})"
                self.formula(ws, row, 6, total_fte, f.num(fm.FTE, True), item["potential_fte"])
                ws.write_string(row, 8, self.t("Summen af kategoriernes potentialer", "Sum of the categories' potentials"),
                                f["note_inline"])
            else:
                self.formula(ws, row, 6, f"=MAX(0,{diff})*{basis}", f.num(fm.FTE, bold), item["potential_fte"])
                if bool(item["flag_more_fte"]):
                    ws.write_string(row, 8, self.t("Flere årsværk end medianen", "More FTE than the median"),
                                    f["flag"])
            self.formula(ws, row, 7, f"={pot}*cost_per_fte", f.num(fm.DKK, bold), item["potential_dkk"])
            row += 1
        if compared:
            ws.conditional_format(first, 6, row - 2, 6, {"type": "data_bar", "bar_color": "#F4B183",
                                                          "bar_solid": True})
        return row, (row - 1, compared)

    # -- 5. examples ---------------------------------------------------------------------------
    def _write_examples(self) -> None:
        ws, f, lang = self.ws["examples"], self.f, self.lang
        widths = (40, 18, 24, 70, 16, 34)
        for col, width in enumerate(widths):
            ws.set_column(col, col, width)
        ws.write(0, 0, self.t(f"Eksempler på indsatser – {self.name}", f"Examples of improvements – {self.name}"),
                 f["title"])
        ws.set_row(0, 26)
        intro = self.t(f"Eksempler for de kategorier, hvor kommunen er markeret på arket {self.names['summary']} "
                       "(mindre centraliseret, mindre digitaliseret eller flere årsværk end de øvrige kommuner), "
                       f"højst {CASES_PER_CATEGORY} pr. kategori, de mest relevante først. Beskrivelserne er vores "
                       "egne sammendrag; gevinster og kilder er katalogets.",
                       f"Examples for the categories where the municipality is flagged on the sheet "
                       f"{self.names['summary']} (less centralised, less digital or more FTE than the other "
                       f"municipalities), at most {CASES_PER_CATEGORY} per category, most relevant first. The "
                       "descriptions are our own summaries; gains and sources are the catalogue's.")
        ws.merge_range(1, 0, 1, 5, intro, f["note"])
        ws.set_row(1, fm.row_height(intro, 190))
        row = 3
        flagged = [(area, item) for area in AREAS for item in self.rows[area]
                   if item["category_id"] != TOTAL and any(bool(item[flag]) for flag in FLAG_NAMES)]
        if self.cases is None:
            ws.write_string(row, 0, self.t("Der er ingen eksempler til rådighed: kataloget over forbedringseksempler "
                                           "er ikke installeret.",
                                           "No examples are available: the catalogue of improvement examples is "
                                           "not installed."), f["note_inline"])
            fm.print_setup(ws, self.title, lang)
            return
        if not flagged:
            text = (suppressed_note(self.params, lang) + self.t("; der er derfor ingen markeringer.",
                                                                "; there are therefore no flags.")
                    if any(bool(item["suppressed"]) for area in AREAS for item in self.rows[area])
                    else self.t("Ingen kategorier er markeret.", "No category is flagged."))
            ws.write_string(row, 0, text, f["note_inline"])
            fm.print_setup(ws, self.title, lang)
            return
        headers = (Text("Eksempel", "Example"), Text("Kommune", "Municipality"), Text("Gevinst", "Gains"),
                   Text("Beskrivelse", "Description"), Text("Realiserbarhed", "Realisability"),
                   Text("Kilde", "Source"))
        for area, item in flagged:
            category_id = item["category_id"]
            flags = ", ".join(FLAG_NAMES[flag](lang) for flag in FLAG_NAMES if bool(item[flag]))
            ws.merge_range(row, 0, row, 5, f"{AREA_NAMES[area](lang)} · {self.category_label(area, category_id)} – "
                                           f"{flags}", f["block"])
            row += 1
            indicators = [category_id]
            if bool(item["flag_less_centralised"]):
                indicators.append("centralisation")
            if bool(item["flag_less_digital"]):
                indicators += list(DIGITAL)
            found = list(self.cases(indicators) or [])[:CASES_PER_CATEGORY]
            if not found:
                ws.write_string(row, 0, self.t("Kataloget har ingen eksempler for denne kategori.",
                                               "The catalogue has no examples for this category."), f["note_inline"])
                row += 2
                continue
            for col, header in enumerate(headers):
                ws.write_string(row, col, header(lang), f["header_left"])
            row += 1
            for case in found:
                values = [fm.text_of(getattr(case, attr, None), lang)
                          for attr in ("title", "municipality", "gains", "summary", "realizability", "source")]
                for col, value in enumerate(values):
                    ws.write_string(row, col, value, f["text"])
                ws.set_row(row, max(fm.row_height(values[3], 92), fm.row_height(values[0], 46),
                                    fm.row_height(values[2], 28), fm.row_height(values[5], 38)))
                row += 1
            row += 1
        fm.print_setup(ws, self.title, lang)

    # -- 6. method -----------------------------------------------------------------------------
    def _write_method(self) -> None:
        ws, f, lang, params = self.ws["method"], self.f, self.lang, self.params
        ws.set_column(0, 0, 62)
        ws.set_column(1, 1, 14)
        ws.set_column(2, 2, 24)
        ws.set_column(3, 3, 44)
        ws.write(0, 0, self.t("Metode – sådan er tallene beregnet", "Method – how the numbers are computed"),
                 f["title"])
        ws.set_row(0, 26)
        ws.write_string(1, 0, self.t("Parametrene herunder bruges af formlerne i arbejdsbogen (navnene i kolonne D).",
                                     "The parameters below are used by the formulas in the workbook (names in "
                                     "column D)."), f["subtitle"])
        row = fm.write_parameter_table(ws, f, PARAMETERS, params, lang)
        for heading, body in self._method_sections():
            ws.write_string(row, 0, heading, f["body_bold"])
            row += 1
            ws.merge_range(row, 0, row, 3, body, f["body"])
            ws.set_row(row, fm.row_height(body, 150))
            row += 2
        fm.print_setup(ws, self.title, lang)

    def _method_sections(self) -> list[tuple[str, str]]:
        lang, params = self.lang, self.params
        n = lambda value: format_number(value, lang)  # noqa: E731
        fin, hr = basis_unit("finance", params, lang), basis_unit("hr", params, lang)
        consented = self.results.participants
        named = sorted(str(consented.loc[code, "name"]) for code in consented.index
                       if code != self.code and bool(consented.loc[code, "consent"]))
        if named:
            named_text = self.t("Disse deltagere har givet samtykke til at blive nævnt: " + ", ".join(named) + ".",
                                "These participants have consented to being named: " + ", ".join(named) + ".")
        else:
            named_text = self.t("Ingen andre deltagere har givet samtykke til at blive nævnt.",
                                "No other participant has consented to being named.")
        T = Text
        sections = [
            (T("Hvad rapporten viser", "What the report shows"),
             T("Kommunens svar på de 140 processer i økonomiadministrationen og de 160 processer i løn- og "
               "personaleadministrationen, samlet i kategorier og sammenlignet med de øvrige kommuner i "
               f"benchmarkrunden {self.results.year}: hvordan opgaverne er organiseret (centraliseringsgrad), hvor "
               "digitalt de er understøttet (digital proces og digital løsning), og hvor mange årsværk de bruger.",
               "The municipality's answers on the 140 finance processes and the 160 payroll and HR processes, "
               "grouped in categories and compared with the other municipalities of the benchmark round "
               f"{self.results.year}: how the tasks are organised (centralisation), how digitally they are supported "
               "(digital process and digital solution), and how many FTE they use.")),
            (T("Kategorier og Samlet", "Categories and Total"),
             T("En kategoris centraliseringsgrad, digitale proces og digitale løsning er gennemsnittet af "
               f"kategoriens processer (AVERAGEIFS over arket Processer). {OVERALL_TEXT[params.overall_weighting].da} "
               "Årsværk er summen over processerne (SUMIFS).",
               "A category's centralisation, digital process and digital solution are the mean of the category's "
               f"processes (AVERAGEIFS over the Processes sheet). {OVERALL_TEXT[params.overall_weighting].en} "
               "FTE are the sum over the processes (SUMIFS).")),
            (T("Normering af årsværk", "Normalising FTE"),
             T(f"Årsværk i økonomiadministrationen vises {fin} og i løn- og personaleadministrationen {hr}, så "
               "kommuner af forskellig størrelse kan sammenlignes. Grundlaget (indbyggere/"
               f"{n(params.finance_per_inhabitants)} og ansatte/{n(params.hr_per_employees)}) står øverst på arket "
               "Grundlag og beregnes med parametrene ovenfor.",
               f"FTE in finance administration are shown {fin} and in payroll and HR administration {hr}, so that "
               "municipalities of different size can be compared. The basis (inhabitants/"
               f"{n(params.finance_per_inhabitants)} and employees/{n(params.hr_per_employees)}) is at the top of "
               "the Basis sheet and computed with the parameters above.")),
            (T("Sammenligningsgruppe", "Comparison group"),
             T("Kommunen sammenlignes med alle øvrige deltagende kommuner i runden – aldrig med sig selv. "
               "Digitaliseringen sammenlignes desuden med de kommuner, der bruger samme økonomisystem (økonomi) "
               "henholdsvis samme lønsystem (løn og personale). De øvrige kommuner indgår kun som gennemsnit, median "
               "og antal; tallene står på arket Grundlag som faste værdier beregnet af kommunebench.",
               "The municipality is compared with all other participating municipalities of the round – never "
               "with itself. Digitalisation is also compared with the municipalities on the same finance system "
               "(finance) resp. the same payroll system (payroll and HR). The other municipalities appear only as "
               "mean, median and count; these figures are on the Basis sheet as fixed values computed by "
               "kommunebench.")),
            (T("Afvigelse", "Deviation"),
             T("Afvigelse = egen værdi − gennemsnittet for sammenligningsgruppen. Et positivt tal betyder større "
               "centralisering og digitalisering – og for årsværk flere årsværk end de øvrige. Farverne går fra "
               "rød over hvid (0) til grøn; for årsværk er farverne vendt, så flere årsværk er rødt.",
               "Deviation = own value − the mean of the comparison group. A positive number means more "
               "centralisation and digitalisation – and for FTE more FTE than the others. The colours run from red "
               "through white (0) to green; for FTE they are reversed, so more FTE is red.")),
            (T("Markeringer", "Flags"),
             T(f"Mindre centraliseret: afvigelsen i centraliseringsgrad er under −{n(params.centralisation_threshold)}. "
               "Mindre digitaliseret: den mindste af afvigelserne i digital proces og digital løsning over for "
               f"kommuner på samme system er under −{n(params.digital_threshold)} (over for alle øvrige, hvis "
               "gruppen på samme system er for lille). Flere årsværk: årsværk pr. grundlag er mere end "
               f"{n(round(params.fte_tolerance * 100, 6))} % over medianen for de øvrige kommuner. Tærsklerne er "
               "parametre ovenfor.",
               f"Less centralised: the deviation in centralisation is below −{n(params.centralisation_threshold)}. "
               "Less digital: the smaller of the deviations in digital process and digital solution against "
               f"municipalities on the same system is below −{n(params.digital_threshold)} (against all others if the "
               "same-system group is too small). More FTE: FTE per basis is more than "
               f"{n(round(params.fte_tolerance * 100, 6))} % above the median of the other municipalities. The "
               "thresholds are parameters above.")),
            (T("Potentiale", "Potential"),
             T("Potentiale (årsværk) = MAX(0; egne årsværk pr. grundlag − medianen for de øvrige kommuner) × "
               "kommunens grundlag. Potentiale (kr.) = potentiale i årsværk × omkostning pr. årsværk "
               f"({n(params.cost_per_fte)} kr.). Områdets potentiale er summen af kategoriernes: en kommune kan være "
               "effektiv i én kategori og ikke i en anden. Potentialet forudsætter, at medianens niveau kan nås, og "
               "er et udgangspunkt for en drøftelse, ikke et mål.",
               "Potential (FTE) = MAX(0; own FTE per basis − the median of the other municipalities) × the "
               "municipality's basis. Potential (DKK) = potential in FTE × cost per FTE "
               f"({n(params.cost_per_fte)} DKK). The area's potential is the sum of its categories': a municipality "
               "can be efficient in one category and not in another. The potential assumes the median's level can "
               "be reached and is a starting point for a discussion, not a target.")),
            (T("Små grupper", "Small groups"),
             T(f"Har en sammenligningsgruppe færre end {params.min_group} kommuner, vises ingen tal for gruppen "
               "(–): hverken gennemsnit, afvigelse, markering eller potentiale. Det beskytter de enkelte kommuners "
               "tal og undgår sammenligninger med for lille grundlag.",
               f"When a comparison group has fewer than {params.min_group} municipalities, no figures are shown for "
               "it (–): no mean, deviation, flag or potential. This protects the individual municipalities' figures "
               "and avoids comparisons on too small a basis.")),
            (T("Anonymitet", "Anonymity"),
             T("Rapporten nævner ikke andre deltagende kommuner ved navn, medmindre de har givet samtykke. ",
               "The report does not name other participating municipalities unless they have consented. ")),
            (T("Formler og kontrol", "Formulas and checking"),
             T("Alle afledte tal på arkene Overblik og Potentiale er formler over arkene Processer og Grundlag og "
               "parametrene ovenfor; markér en celle for at se, hvordan den er beregnet. Ændres en tærskel eller "
               "omkostningen pr. årsværk, regnes arbejdsbogen om. Sammenligningstallene på arket Grundlag er faste "
               "værdier: ændres grundlaget for normering, skal de beregnes igen af kommunebench.",
               "All derived numbers on the Summary and Potential sheets are formulas over the Processes and Basis "
               "sheets and the parameters above; select a cell to see how it is computed. Change a threshold or the "
               "cost per FTE and the workbook recalculates. The comparison figures on the Basis sheet are fixed "
               "values: if the normalisation basis is changed, kommunebench must compute them again.")),
            (T("Kilde", "Source"),
             T(f"Indsendt fil: {self.info.get('file_name')} (SHA-256 {self.info.get('sha256')}). Dannet af "
               f"kommunebench {__version__} efter KLK's model for benchmark af administrationen.",
               f"Submitted file: {self.info.get('file_name')} (SHA-256 {self.info.get('sha256')}). Produced by "
               f"kommunebench {__version__} following KLK's model for benchmarking the administration.")),
        ]
        out = [(heading(lang), body(lang)) for heading, body in sections]
        anonymity = next(i for i, (heading, _) in enumerate(sections) if heading.da == "Anonymitet")
        out[anonymity] = (out[anonymity][0], out[anonymity][1] + named_text)
        return out

    # -- 7. basis ------------------------------------------------------------------------------
    def _write_basis(self) -> None:
        ws, f, lang, params = self.ws["basis"], self.f, self.lang, self.params
        widths = {self.B_AREA_ID: 8, self.B_CATEGORY_ID: 22, self.B_AREA: 34, self.B_CATEGORY: 44,
                  self.B_N_PROCESSES: 10, self.B_PEERS_N: 12, self.B_SYSTEM: 20, self.B_NOTE: 30}
        ws.set_column(0, self.B_PREV_NORM, 12)
        for col, width in widths.items():
            ws.set_column(col, col, width)
        ws.write(0, 0, self.t(f"Grundlag – {self.name}", f"Basis – {self.name}"), f["title"])
        ws.set_row(0, 26)
        ws.write_string(1, 0, self.t("Sammenligningstal for de øvrige kommuner (faste værdier beregnet af kommunebench) "
                                     "og kommunens grundlag for normering. Formlerne på de andre ark henviser hertil.",
                                     "Comparison figures of the other municipalities (fixed values computed by "
                                     "kommunebench) and the municipality's normalisation basis. The formulas on the "
                                     "other sheets refer to this sheet."), f["subtitle"])
        label_col, value_col = self.B_AREA, self.B_KEY_COL
        info = self.info
        inhabitants, employees = float(info["inhabitants"]), float(info["employees"])
        key = [
            (3, self.t("Kommune", "Municipality"), self.name),
            (4, self.t("Opgørelsesår", "Year"), self.results.year),
            (5, self.t("Indbyggere", "Inhabitants"), inhabitants),
            (6, self.t("Ansatte", "Employees"), employees),
        ]
        for row, label, value in key:
            ws.write_string(row, label_col, label, f["key"])
            if isinstance(value, str):
                ws.write_string(row, value_col, value, f["label"])
            else:
                ws.write_number(row, value_col, value, f.num("#,##0" if row != 4 else "0"))
        finance_basis = self.rows["finance"][-1]["basis"]
        hr_basis = self.rows["hr"][-1]["basis"]
        ws.write_string(7, label_col, self.t("Grundlag, økonomi: ", "Basis, finance: ") + basis_label("finance", params, lang),
                        f["key"])
        self.formula(ws, 7, value_col, f"={xl_rowcol_to_cell(5, value_col)}/finance_per_inhabitants",
                     f.num("#,##0.0000"), finance_basis)
        ws.write_string(8, label_col, self.t("Grundlag, løn og personale: ", "Basis, payroll and HR: ")
                        + basis_label("hr", params, lang), f["key"])
        self.formula(ws, 8, value_col, f"={xl_rowcol_to_cell(6, value_col)}/hr_per_employees",
                     f.num("#,##0.0000"), hr_basis)
        more = [
            (9, self.t("Økonomisystem", "Finance system"), system_label("finance", info.get("finance_system"), lang)),
            (10, self.t("Lønsystem", "Payroll system"), system_label("hr", info.get("payroll_system"), lang)),
            (11, self.t("Deltagende kommuner", "Participating municipalities"), len(self.results.participants)),
            (12, self.t("Indsendt fil", "Submitted file"), str(info.get("file_name"))),
            (13, "SHA-256", str(info.get("sha256"))),
        ]
        if self.show_prev:
            more.append((14, self.t("Sidste år", "Last year"), self.results.previous_year))
        for row, label, value in more:
            ws.write_string(row, label_col, label, f["key"])
            if isinstance(value, str):
                ws.write_string(row, value_col, value, f["label"])
            else:
                ws.write_number(row, value_col, value, f.num("0"))

        headers = {
            self.B_AREA_ID: Text("område-id", "area id"), self.B_CATEGORY_ID: Text("kategori-id", "category id"),
            self.B_AREA: Text("Område", "Area"), self.B_CATEGORY: CATEGORY,
            self.B_N_PROCESSES: Text("Processer", "Processes"),
            self.B_PEERS_N: Text("Kommuner i sammenligning", "Municipalities compared"),
            self.B_PEER_C: Text("Gns. centraliseringsgrad, øvrige", "Mean centralisation, others"),
            self.B_PEER_DP: Text("Gns. digital proces, øvrige", "Mean digital process, others"),
            self.B_PEER_DS: Text("Gns. digital løsning, øvrige", "Mean digital solution, others"),
            self.B_PEER_MEAN: Text("Gns. årsværk pr. grundlag, øvrige", "Mean FTE per basis, others"),
            self.B_PEER_MEDIAN: Text("Median årsværk pr. grundlag, øvrige", "Median FTE per basis, others"),
            self.B_SYSTEM: Text("System", "System"),
            self.B_SYSTEM_N: Text("Kommuner på samme system", "Municipalities on the same system"),
            self.B_SYSTEM_DP: Text("Gns. digital proces, samme system", "Mean digital process, same system"),
            self.B_SYSTEM_DS: Text("Gns. digital løsning, samme system", "Mean digital solution, same system"),
            self.B_NOTE: Text("Bemærkning", "Note"),
        }
        if self.show_prev:
            year = self.results.previous_year
            headers.update({
                self.B_PREV_C: Text(f"Centraliseringsgrad {year}", f"Centralisation {year}"),
                self.B_PREV_DP: Text(f"Digital proces {year}", f"Digital process {year}"),
                self.B_PREV_DS: Text(f"Digital løsning {year}", f"Digital solution {year}"),
                self.B_PREV_NORM: Text(f"Årsværk pr. grundlag {year}", f"FTE per basis {year}"),
            })
        for col, header in headers.items():
            ws.write_string(self.B_HEADER, col, header(lang), f["header_left" if col in (
                self.B_AREA_ID, self.B_CATEGORY_ID, self.B_AREA, self.B_CATEGORY, self.B_SYSTEM, self.B_NOTE)
                else "header"])
        ws.set_row(self.B_HEADER, 44)
        score_fmt, norm_fmt = f.num("0.0000"), f.num("0.0000")
        for area in AREAS:
            for item in self.rows[area]:
                category_id = item["category_id"]
                row = self.basis_rows[(area, category_id)]
                ws.write_string(row, self.B_AREA_ID, area, f["helper"])
                ws.write_string(row, self.B_CATEGORY_ID, category_id, f["helper"])
                ws.write_string(row, self.B_AREA, AREA_NAMES[area](lang), f["label"])
                ws.write_string(row, self.B_CATEGORY, self.category_label(area, category_id), f["label"])
                ws.write_number(row, self.B_N_PROCESSES, int(item["n_processes"]), f.num("0"))
                ws.write_number(row, self.B_PEERS_N, int(item["peers_n"]), f.num("0"))
                ws.write_string(row, self.B_SYSTEM, system_label(area, item.get("system"), lang), f["label"])
                ws.write_number(row, self.B_SYSTEM_N, int(item["system_peers_n"]), f.num("0"))
                notes = []
                peer_values = {self.B_PEER_C: item["peer_centralisation"],
                               self.B_PEER_DP: item["peer_digital_process"],
                               self.B_PEER_DS: item["peer_digital_solution"],
                               self.B_PEER_MEAN: item["peer_fte_norm_mean"],
                               self.B_PEER_MEDIAN: item["peer_fte_norm_median"]}
                system_values = {self.B_SYSTEM_DP: item["system_peer_digital_process"],
                                 self.B_SYSTEM_DS: item["system_peer_digital_solution"]}
                suppressed = bool(item["suppressed"])
                system_suppressed = suppressed or bool(item["system_suppressed"])
                if suppressed:
                    notes.append(suppressed_note(self.params, lang))
                elif system_suppressed:
                    notes.append(self.t(f"Færre end {self.params.min_group} på samme system",
                                        f"Fewer than {self.params.min_group} on the same system"))
                for values, hidden in ((peer_values, suppressed), (system_values, system_suppressed)):
                    for col, value in values.items():
                        if hidden or not finite(value):
                            ws.write_string(row, col, DASH, f["dash"])
                        else:
                            ws.write_number(row, col, float(value),
                                            norm_fmt if col in (self.B_PEER_MEAN, self.B_PEER_MEDIAN) else score_fmt)
                ws.write_string(row, self.B_NOTE, "; ".join(notes), f["note_inline"])
                if self.show_prev:
                    for key, col in self.B_PREV.items():
                        value = item.get(f"prev_{key}")
                        if finite(value):
                            ws.write_number(row, col, float(value), score_fmt)
                        else:
                            ws.write_string(row, col, DASH, f["dash"])
        last_row = max(self.basis_rows.values())
        ws.autofilter(self.B_HEADER, 0, last_row, self.B_PREV_NORM if self.show_prev else self.B_NOTE)
        ws.freeze_panes(self.B_HEADER + 1, 4)
        fm.print_setup(ws, self.title, lang, repeat_row=self.B_HEADER)


# ------------------------------------------------------------------------------------------------
# The consultant's overview
# ------------------------------------------------------------------------------------------------

# (column of results.categories, sheet name, number format, kind); kind decides colours and the footer row.
OVERVIEW_MEASURES = (
    ("centralisation", Text("Centralisering", "Centralisation"), fm.SCORE, "level"),
    ("digital_process", Text("Digital proces", "Digital process"), fm.SCORE, "level"),
    ("digital_solution", Text("Digital løsning", "Digital solution"), fm.SCORE, "level"),
    ("fte_norm", Text("Årsværk pr. grundlag", "FTE per basis"), fm.FTE_NORM, "norm"),
    ("dev_centralisation", Text("Afv. centralisering", "Dev. centralisation"), fm.DEVIATION, "deviation"),
    ("dev_digital_process", Text("Afv. digital proces", "Dev. digital process"), fm.DEVIATION, "deviation"),
    ("dev_digital_solution", Text("Afv. digital løsning", "Dev. digital solution"), fm.DEVIATION, "deviation"),
    ("dev_fte_norm", Text("Afv. årsværk", "Dev. FTE"), fm.FTE_NORM_DEVIATION, "deviation_fte"),
    ("potential_fte", Text("Potentiale årsværk", "Potential FTE"), fm.FTE, "potential"),
    ("potential_dkk", Text("Potentiale kr.", "Potential DKK"), fm.DKK, "potential"),
)
# Values that come from a comparison are blank where the group is suppressed, as in the reports.
_COMPARED = {"dev_centralisation", "dev_digital_process", "dev_digital_solution", "dev_fte_norm", "potential_fte",
             "potential_dkk"}


def write_overview(results: AdministrationResults, path: Path, lang: str = "da") -> Path:
    """Write the consultant's workbook: every municipality side by side, named (never send it to them)."""
    TITLE(lang)
    path = Path(path)
    with atomic_path(path) as tmp:
        _Overview(results, lang).write(tmp)
    return path


class _Overview:
    HEADER = 5  # row of the column headers; the area group row is above it
    FIRST_COL = 2

    def __init__(self, results: AdministrationResults, lang: str) -> None:
        self.results = results
        self.params = results.params
        self.lang = lang
        self.codes = sorted(results.participants.index, key=lambda code: (len(str(code)), str(code)))
        self.category_names = _category_names()
        c = results.categories
        self.columns = [(area, cid) for area in AREAS
                        for cid in c[c["area"] == area].sort_values("position")["category_id"].drop_duplicates()]
        # Plain dicts: the overview looks up tens of thousands of cells, and a MultiIndex .loc per
        # cell made it take seconds.
        self.frame = c.set_index(["participant", "area", "category_id"]).to_dict("index")
        self.formula_count = 0

    def t(self, da: str, en: str) -> str:
        return Text(da, en)(self.lang)

    def write(self, path: Path) -> None:
        year = self.results.year
        self.title = self.t(f"Benchmark af administrationen {year} – oversigt (kun til konsulenten)",
                            f"Administration benchmark {year} – overview (consultant only)")
        wb = fm.new_workbook(path, self.title, f"kommunebench {__version__}: administration {year} overview")
        self.wb, self.f = wb, Formats(wb)
        self._key_figures(wb.add_worksheet(self.t("Nøgletal", "Key figures")))
        for column, name, num_format, kind in OVERVIEW_MEASURES:
            self._measure(wb.add_worksheet(name(self.lang)), column, name(self.lang), num_format, kind)
        wb.worksheets()[0].activate()
        wb.close()

    def value(self, code: str, area: str, category_id: str, column: str) -> float:
        row = self.frame.get((code, area, category_id))
        if row is None:
            return math.nan
        if column in _COMPARED and bool(row["suppressed"]):
            return math.nan
        value = row[column]
        return float(value) if finite(value) else math.nan

    def _header(self, ws, subtitle: str) -> None:
        fm.write_consultant_header(ws, self.f, self.title, subtitle,
                                   self.t("Navngiver alle deltagere – må ikke sendes til kommunerne.",
                                          "Names every participant – do not send to the municipalities."))

    def _footer(self, ws, row: int, col: int, values: list[float], kind: str, fmt) -> None:
        present = [v for v in values if math.isfinite(v)]
        if not present:
            ws.write_string(row, col, DASH, self.f["dash_bold"])
            return
        first, last = self.HEADER + 1, self.HEADER + len(self.codes)
        cells = xl_range_abs(first, col, last, col)
        if kind == "sum":
            formula, cached = f"=SUM({cells})", math.fsum(present)
        elif kind == "median":
            formula, cached = f"=MEDIAN({cells})", float(pd.Series(present).median())
        else:
            formula, cached = f"=AVERAGE({cells})", math.fsum(present) / len(present)
        ws.write_formula(row, col, formula, fmt, cached)
        self.formula_count += 1

    def _measure(self, ws, column: str, name: str, num_format: str, kind: str) -> None:
        f, lang = self.f, self.lang
        notes = {
            "level": self.t("Niveau pr. kategori; Samlet = gennemsnit over alle områdets processer.",
                            "Level per category; Total = mean over all processes of the area."),
            "norm": self.t(f"Årsværk {basis_unit('finance', self.params, lang)} (økonomi) og "
                           f"{basis_unit('hr', self.params, lang)} (løn og personale).",
                           f"FTE {basis_unit('finance', self.params, lang)} (finance) and "
                           f"{basis_unit('hr', self.params, lang)} (payroll and HR)."),
            "deviation": self.t("Egen værdi − gennemsnittet for de øvrige kommuner (positiv = mere centraliseret/"
                                "digitaliseret). Tom: sammenligningsgruppen er for lille.",
                                "Own value − the mean of the other municipalities (positive = more centralised/"
                                "digital). Empty: the comparison group is too small."),
            "deviation_fte": self.t("Egne årsværk pr. grundlag − gennemsnittet for de øvrige (positiv = flere årsværk).",
                                    "Own FTE per basis − the mean of the others (positive = more FTE)."),
            "potential": self.t("MAX(0; egne årsværk pr. grundlag − medianen for de øvrige) × grundlag; Samlet = "
                                "summen af kategorierne. Tom: sammenligningsgruppen er for lille.",
                                "MAX(0; own FTE per basis − the median of the others) × basis; Total = the sum of "
                                "the categories. Empty: the comparison group is too small."),
        }
        self._header(ws, f"{name}: {notes[kind]}")
        ws.set_column(0, 0, 7)
        ws.set_column(1, 1, 18)
        ws.set_column(self.FIRST_COL, self.FIRST_COL + len(self.columns) - 1, 11)
        group_row, header = self.HEADER - 1, self.HEADER
        ws.write_string(header, 0, self.t("Kode", "Code"), f["header_left"])
        ws.write_string(header, 1, self.t("Kommune", "Municipality"), f["header_left"])
        ws.write_blank(group_row, 0, None, f["group"])
        ws.write_blank(group_row, 1, None, f["group"])
        for area in AREAS:
            cols = [self.FIRST_COL + i for i, (a, _) in enumerate(self.columns) if a == area]
            ws.merge_range(group_row, cols[0], group_row, cols[-1], AREA_NAMES[area](lang), f["group"])
        for index, (area, category_id) in enumerate(self.columns):
            label = TOTAL_LABEL(lang) if category_id == TOTAL else self.category_names[(area, category_id)](lang)
            ws.write_string(header, self.FIRST_COL + index, label, f["header"])
        ws.set_row(header, 92)
        first = header + 1
        grid: list[list[float]] = []
        for offset, code in enumerate(self.codes):
            row = first + offset
            ws.write_string(row, 0, str(code), f["key"])
            ws.write_string(row, 1, str(self.results.participants.loc[code, "name"]), f["label"])
            values = [self.value(code, area, category_id, column) for area, category_id in self.columns]
            grid.append(values)
            for index, value in enumerate(values):
                fmt = f.num(num_format, bold=False)
                if math.isfinite(value):
                    ws.write_number(row, self.FIRST_COL + index, value, fmt)
                else:
                    ws.write_blank(row, self.FIRST_COL + index, None, fmt)
        last = first + len(self.codes) - 1
        footer = {"level": ("average", self.t("Gennemsnit", "Mean")), "norm": ("median", "Median"),
                  "potential": ("sum", self.t("I alt", "Total"))}.get(kind)
        if footer:
            row = last + 1
            ws.write_string(row, 0, "", f["label_bold"])
            ws.write_string(row, 1, footer[1], f["label_bold"])
            for index in range(len(self.columns)):
                self._footer(ws, row, self.FIRST_COL + index, [values[index] for values in grid], footer[0],
                             f.num(num_format, bold=True))
        for index in range(len(self.columns)):
            col = self.FIRST_COL + index
            column_values = [values[index] for values in grid]
            if kind in ("deviation", "deviation_fte"):
                fm.diverging_scale(ws, first, col, last, column_values, reverse=kind == "deviation_fte")
            elif kind == "potential":
                ws.conditional_format(first, col, last, col, {"type": "data_bar", "bar_color": "#F4B183",
                                                              "bar_solid": True})
            else:
                fm.sequential_scale(ws, first, col, last, col)
        ws.autofilter(header, 0, last, self.FIRST_COL + len(self.columns) - 1)
        ws.freeze_panes(first, self.FIRST_COL)
        fm.print_setup(ws, self.title, lang, repeat_row=header, paper=fm.A3)

    def _key_figures(self, ws) -> None:
        f, lang, params = self.f, self.lang, self.params
        results = self.results
        n = len(self.codes)
        subtitle = self.t(f"{n} deltagende kommuner", f"{n} participating municipalities")
        if results.previous_year is not None:
            subtitle += self.t(f"; sidste år: {results.previous_year}", f"; last year: {results.previous_year}")
        subtitle += self.t(f". Omkostning pr. årsværk {format_number(params.cost_per_fte, lang)} kr.; mindste "
                           f"sammenligningsgruppe {params.min_group}.",
                           f". Cost per FTE {format_number(params.cost_per_fte, lang)} DKK; smallest comparison "
                           f"group {params.min_group}.")
        self._header(ws, subtitle)
        fin, hr = basis_unit("finance", params, lang), basis_unit("hr", params, lang)
        # (header, getter, number format, footer kind)
        columns: list[tuple[str, Callable[[str], object], str | None, str | None]] = [
            (self.t("Kode", "Code"), lambda c: str(c), None, None),
            (self.t("Kommune", "Municipality"), lambda c: str(results.participants.loc[c, "name"]), None, None),
            (self.t("Indbyggere", "Inhabitants"), lambda c: float(results.participants.loc[c, "inhabitants"]),
             fm.COUNT, "sum"),
            (self.t("Ansatte", "Employees"), lambda c: float(results.participants.loc[c, "employees"]), fm.COUNT, "sum"),
            (self.t("Økonomisystem", "Finance system"),
             lambda c: system_label("finance", results.participants.loc[c, "finance_system"], lang), None, None),
            (self.t("Lønsystem", "Payroll system"),
             lambda c: system_label("hr", results.participants.loc[c, "payroll_system"], lang), None, None),
            (self.t("Må nævnes", "May be named"),
             lambda c: self.t("ja", "yes") if bool(results.participants.loc[c, "consent"]) else self.t("nej", "no"),
             None, None),
            (self.t("Årsværk, økonomi", "FTE, finance"), lambda c: self.value(c, "finance", TOTAL, "fte"), fm.FTE, "sum"),
            (self.t("Årsværk, løn og personale", "FTE, payroll and HR"), lambda c: self.value(c, "hr", TOTAL, "fte"),
             fm.FTE, "sum"),
            (self.t(f"Årsværk økonomi {fin}", f"FTE finance {fin}"), lambda c: self.value(c, "finance", TOTAL, "fte_norm"),
             fm.FTE_NORM, "average"),
            (self.t(f"Årsværk løn {hr}", f"FTE payroll {hr}"), lambda c: self.value(c, "hr", TOTAL, "fte_norm"),
             fm.FTE_NORM, "average"),
        ]
        for score in SCORES:
            for area, short in (("finance", Text("økonomi", "finance")), ("hr", Text("løn", "payroll"))):
                columns.append((f"{SCORE_NAMES[score](lang)}, {short(lang)}",
                                lambda c, a=area, s=score: self.value(c, a, TOTAL, s), fm.SCORE, "average"))
        for flag, label in FLAG_NAMES.items():
            columns.append((self.t(f"Kategorier: {label.da}", f"Categories: {label.en}"),
                            lambda c, fl=flag: float(self._flag_count(c, fl)), "0", "sum"))
        columns += [
            (self.t("Potentiale årsværk, økonomi", "Potential FTE, finance"),
             lambda c: self.value(c, "finance", TOTAL, "potential_fte"), fm.FTE, "sum"),
            (self.t("Potentiale årsværk, løn", "Potential FTE, payroll"),
             lambda c: self.value(c, "hr", TOTAL, "potential_fte"), fm.FTE, "sum"),
            (self.t("Potentiale kr., økonomi", "Potential DKK, finance"),
             lambda c: self.value(c, "finance", TOTAL, "potential_dkk"), fm.DKK, "sum"),
            (self.t("Potentiale kr., løn", "Potential DKK, payroll"),
             lambda c: self.value(c, "hr", TOTAL, "potential_dkk"), fm.DKK, "sum"),
        ]
        header = self.HEADER
        ws.set_column(0, 0, 7)
        ws.set_column(1, 1, 18)
        ws.set_column(2, len(columns) + 1, 12)
        ws.set_column(4, 5, 20)  # the systems' names
        for col, (label, *_rest) in enumerate(columns):
            ws.write_string(header, col, label, f["header_left" if col < 2 else "header"])
        ws.set_row(header, 64)
        first = header + 1
        grid: dict[int, list[float]] = {}
        for offset, code in enumerate(self.codes):
            row = first + offset
            for col, (_, getter, num_format, _kind) in enumerate(columns):
                value = getter(code)
                if isinstance(value, str):
                    ws.write_string(row, col, value, f["key" if col == 0 else "label"])
                    continue
                grid.setdefault(col, []).append(value)
                if math.isfinite(value):
                    ws.write_number(row, col, value, f.num(num_format))
                else:
                    ws.write_blank(row, col, None, f.num(num_format))
        last = first + len(self.codes) - 1
        for label_row, kinds, label in ((last + 1, ("sum",), self.t("I alt", "Total")),
                                        (last + 2, ("average",), self.t("Gennemsnit", "Mean"))):
            ws.write_string(label_row, 0, "", f["label_bold"])
            ws.write_string(label_row, 1, label, f["label_bold"])
            for col, (_, _getter, num_format, kind) in enumerate(columns):
                if kind in kinds:
                    self._footer(ws, label_row, col, grid[col], kind, f.num(num_format, bold=True))
                elif col >= 2:
                    ws.write_blank(label_row, col, None, f["label_bold"])
        for col, (_, _getter, num_format, kind) in enumerate(columns):
            if kind == "average":
                fm.sequential_scale(ws, first, col, last, col)
            elif num_format in (fm.FTE, fm.DKK) and col >= len(columns) - 4:  # the potentials
                ws.conditional_format(first, col, last, col, {"type": "data_bar", "bar_color": "#F4B183",
                                                              "bar_solid": True})
        ws.autofilter(header, 0, last, len(columns) - 1)
        ws.freeze_panes(first, 2)
        fm.print_setup(ws, self.title, lang, repeat_row=header, paper=fm.A3)

    def _flag_count(self, code: str, flag: str) -> int:
        c = self.results.categories
        own = c[(c["participant"] == code) & (c["category_id"] != TOTAL)]
        return int(own[flag].astype(bool).sum())
