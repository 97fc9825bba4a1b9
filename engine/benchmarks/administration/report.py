"""Administration benchmark workbooks: one per municipality, and the consultant's overview.

The participant's workbook (Danish by default, English with ``lang="en"``) has these sheets:

0. **Hovedbudskaber / Key messages** – the potential, each area against the median and the largest
   potentials, in live sentences, and one chart;
1. **Overblik / Summary** – per area the source's two tables: "samlet overblik" (own scores, FTE,
   normalised FTE, last year's figures when the store has them) and "Sammenligning med andre
   kommuner" (own − peer mean, same-system digitalisation, flags);
2. **Processer / Processes** – every process as submitted, with its location in the submitted file;
3. **Diagrammer / Charts** – native Excel charts, own against the comparison group, and per area organisation
   against resource use (the others as anonymous points, ``report_scatter``);
4. **Potentiale / Potential** – FTE above the peer median, in FTE and DKK;
5. **Processer sammenlignet / Processes compared** – where to start (the potential split into
   organisation and digitalisation), and every process beside the others' answers (``report_drilldown``);
6. **Eksempler / Examples** – improvement examples for the flagged categories;
7. **Metode / Method** – every number explained, and the parameters the formulas use;
8. **Grundlag / Basis** – the peer statistics (medians, quartiles) and normalisation bases, as plain values.

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

from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path
from typing import Any

from xlsxwriter.utility import quote_sheetname, xl_range_abs, xl_rowcol_to_cell

from engine import __version__
from engine.benchmarks.administration.compute import AREAS, TOTAL, AdministrationResults, flag_fence_formula
from engine.benchmarks.administration.report_data import round_data
from engine.benchmarks.administration.report_labels import (
    CASES_PER_CATEGORY, SHEETS, TITLE, TOTAL_LABEL, PARAMETERS, category_names, process_names,
)
from engine.benchmarks.administration.report_drilldown import DrillDownSheet
from engine.benchmarks.administration.report_key_messages import KeyMessagesSheet
from engine.benchmarks.administration.report_method import MethodSheets
from engine.benchmarks.administration.report_potential import PotentialSheets
from engine.benchmarks.administration.report_processes import ProcessSheets
from engine.benchmarks.administration.report_scatter import ScatterCharts
from engine.benchmarks.administration.report_summary import SummarySheet
from engine.report.trend_sheet import write_trend_sheet
from engine.report.action_plan import write_action_plan
from engine.benchmarks.administration.report_action_plan import plan_items
from engine.report import formats as fm
from engine.report.collector import collector_paused
from engine.report.formats import Formats, write_cached_formula
from engine.text import Text
from engine.workbook.atomic import atomic_path

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
    load_catalogue()
    return lambda indicators: list(_catalogue_cases(tuple(indicators)))


@cache  # the same few indicator lists come up in every report of a round
def _catalogue_cases(indicators: tuple[str, ...]) -> tuple:
    from engine.catalogue import load_catalogue
    # The category first, then the dimensions it is flagged on: only cases about the category are shown.
    return tuple(load_catalogue().examples_for("administration", indicators[0], indicators[1:], CASES_PER_CATEGORY))


def prepare_round(results: AdministrationResults) -> None:
    """Build what every report of the round reads: the round split by municipality, the label tables
    and the improvement catalogue (:meth:`engine.benchmarks.base.Benchmark.prepare_round_reports`)."""
    round_data(results)
    category_names()
    process_names()
    _resolve_cases(None)


# ------------------------------------------------------------------------------------------------
# The participant's workbook
# ------------------------------------------------------------------------------------------------

def write_participant_report(results: AdministrationResults, participant: str, path: Path, lang: str = "da",
                             cases: CasesFunction | None = None) -> Path:
    """Write one municipality's comparison workbook to ``path`` (atomically) and return the path.

    ``cases(indicators)`` returns improvement examples for a flagged category: ``indicators`` is the
    category id, then the dimensions it is flagged on (``centralisation``, ``digital_process``,
    ``digital_solution``); every example must be about the category, most relevant first. Without it
    the improvement catalogue is used if it is installed.
    """
    TITLE(lang)  # an unknown language fails here, before anything is written
    participant = str(participant)
    if participant not in results.participants.index:
        known = ", ".join(map(str, results.participants.index[:10]))
        raise KeyError(f"participant {participant!r} is not in the {results.year} round; known: {known}")
    path = Path(path)
    with collector_paused():  # engine.report.collector: a fifth of the CPU otherwise
        report = _ParticipantReport(results, participant, lang, _resolve_cases(cases))
        with atomic_path(path) as tmp:
            report.write(tmp)
    return path


class _ParticipantReport(KeyMessagesSheet, SummarySheet, ProcessSheets, ScatterCharts, PotentialSheets, DrillDownSheet,
                         MethodSheets):
    """Lays out and writes one participant's workbook; positions are fixed before anything is written."""

    # Process sheet columns.
    P_ID, P_AREA, P_CATEGORY, P_NAME, P_C, P_DP, P_DS, P_FTE, P_COMMENT, P_SOURCE, P_AREA_ID, P_CATEGORY_ID = range(12)
    P_HEADER = 3
    # Basis sheet: key figures (label in C, value in D), then one row per area and category.
    B_KEY_COL = 3
    B_HEADER = 17
    # The peer figures are all medians: one comparator (docs/method.md).
    (B_AREA_ID, B_CATEGORY_ID, B_AREA, B_CATEGORY, B_N_PROCESSES, B_PEERS_N, B_PEER_C, B_PEER_DP, B_PEER_DS,
     B_PEER_MEDIAN, B_SYSTEM, B_SYSTEM_N, B_SYSTEM_DP, B_SYSTEM_DS, B_NOTE,
     B_PREV_C, B_PREV_DP, B_PREV_DS, B_PREV_NORM) = range(19)
    # The others' quartiles (all other municipalities), lower then upper, per figure; after the rest so
    # no earlier column moves.
    B_QUARTILES = {figure: (19 + 2 * i, 20 + 2 * i)
                   for i, figure in enumerate(("centralisation", "digital_process", "digital_solution", "fte_norm"))}
    B_SIZE_N, B_SIZE_MEDIAN = 27, 28  # the same-size group (docs/method.md, "A same-size comparison")
    B_SIZE_SCORES = {"centralisation": 29, "digital_process": 30, "digital_solution": 31}  # its score medians
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
    FIGURES = ("centralisation", "digital_process", "digital_solution", "fte_norm")

    def __init__(self, results: AdministrationResults, participant: str, lang: str,
                 cases: CasesFunction | None) -> None:
        self.results = results
        self.params = results.params
        self.code = participant
        self.lang = lang
        self.cases = cases
        self.info = results.participants.loc[participant]
        self.name = str(self.info["name"])
        # The round split by participant once for all its reports; records as dicts, because
        # thousands of cell lookups per report are far cheaper than on Series.
        self.round = round_data(results)
        own = self.round.municipalities[participant]
        self.rows = own.rows
        self.process_rows = own.process_rows
        self.category_names = category_names()
        self.process_names = process_names()
        self.show_prev = results.previous_year is not None and own.has_previous
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

    def quartile_ref(self, area: str, category_id: str, figure: str, which: int) -> str:
        """The basis sheet's cell of the others' lower (``which`` 0) or upper (1) quartile of ``figure``."""
        return self.basis_ref(area, category_id, self.B_QUARTILES[figure][which])

    def fence_ref(self, area: str, category_id: str, figure: str, side: str) -> str:
        """The bound a flagged ``figure`` lies beyond (:func:`~engine.benchmarks.administration.compute.flag_fence`),
        as an expression over the basis sheet's quartiles and the named parameter ``spread_margin``."""
        return flag_fence_formula(self.quartile_ref(area, category_id, figure, 0),
                                  self.quartile_ref(area, category_id, figure, 1), side)

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
        self.p_last = self.P_HEADER + len(self.process_rows)
        self.B_BASIS_ROW = {"finance": 7, "hr": 8}
        self.basis_rows: dict[tuple[str, str], int] = {}
        row = self.B_HEADER + 1
        for area in AREAS:
            for item in self.rows[area]:
                self.basis_rows[(area, item["category_id"])] = row
                row += 1
        self.param_rows = fm.parameter_rows(PARAMETERS)
        self.process_sheet_rows = {item[0]: self.p_first + offset for offset, item in enumerate(self.process_rows)}
        # Rows the drill-down's formulas read, recorded as the summary and potential sheets are written.
        self.compare_rows: dict[tuple[str, str], int] = {}
        self.potential_rows: dict[tuple[str, str], int] = {}
        self._layout_drilldown()
        # Position columns right of the flags (which span to column 10 when last year is shown).
        first_position = 11 if self.show_prev else self.S_FLAGS + 1
        self.S_POSITION = {figure: first_position + i for i, figure in enumerate(self.FIGURES)}
        # Against the same-size group's medians (docs/method.md, "A same-size comparison"), right of the position.
        self.S_SIZE_DEV = {figure: first_position + len(self.FIGURES) + i for i, figure in enumerate(self.FIGURES)}

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
        self._write_drilldown()
        self._write_charts()
        self._write_examples()
        write_action_plan(wb, self.f, plan_items(self), self.lang, f"administration|{self.results.year}|{self.code}",
                          getattr(self.results, "follow_up", None))
        self.trend_sentence = write_trend_sheet(wb, self.f, getattr(self.results, "trend", None), self.code, self.lang)
        self._write_key_messages()
        self.ws["key"].activate()
        wb.close()
