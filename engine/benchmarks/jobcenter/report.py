"""Jobcenter benchmark workbooks: one per participating municipality (and the consultant's overview).

The municipality's workbook (Danish by default, English with ``lang="en"``):

1. **Hovedbudskaber / Key messages** – the figures that matter most, in sentences, with the sheet
   to read more and a chart of the unit cost per target group against the others' median;
2. **Enhedsomkostninger / Unit costs** – konto 6, konto 5 and total per full-year person and FTE
   per 100 full-year persons, per target group, against the other participants (quartiles,
   median, n, the live flag) and the most similar municipalities; Table 3 sets each group's unit
   cost beside its result (realised against expected full-year persons per 1,000 aged 16-66);
3. **Årsværk / FTE** – the allocated FTE over target groups × tasks, the share against the others'
   median and the difference as a heat map;
4. **Konto 5 / Account 5** – konto 5 per target group × tool and the tool mix against the others;
5. **Effekt / Effect** – expected against realised support rate (leave-one-out fit), with its
   uncertainty, and the chart of all municipalities with the line of "as expected";
6. **Omkostning og effekt / Cost and effect** – unit cost against effect: the municipality, the others as a
   distribution (median and middle half) and consenting municipalities by name;
7. **Lignende kommuner / Similar municipalities** – the most similar in framework conditions;
8. **Eksempler / Examples** – KL catalogue cases where the municipality stands out;
9. **Metode / Method**, 10. **Grundlag / Basis** (staff list, allocation lines, konto 5, register
   row, each with its source cell) and 11. **Register** (all municipalities' register data).

**Auditable.** FTE, costs, the spreading of the shared line, unit costs, the expected rate (the
leave-one-out coefficients × the municipality's framework conditions) and the effect are live
formulas over the Basis sheet and the named parameters on the Method sheet, with the engine's
values cached; so are page one's sentences (``report_key_messages``) and the own results on the
similar-municipalities sheet. The others' quartiles and medians are the engine's values.

**Confidential** (``engine.report.disclosure``, docs/method.md "Disclosure control"). No other
participant is named unless the round's configuration records its consent; the register sheet
lists public register data for all municipalities without marking which take part, so nothing
shown for an unnamed other may carry a figure derived from it (an effect, a distance).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from xlsxwriter.utility import quote_sheetname, xl_rowcol_to_cell

from engine import __version__
from engine.workbook.atomic import atomic_path
from engine.benchmarks.jobcenter import report_effect, report_sheets
from engine.benchmarks.jobcenter.compute import JobcenterResults
from engine.benchmarks.jobcenter.report_key_messages import HELPER_COL, key_messages
from engine.benchmarks.jobcenter.report_labels import (
    CASES_LIMIT, DKK, FTE2, PARAMETERS, PP, SHEETS, TITLE,
)
from engine.benchmarks.jobcenter.report_method import write_method
from engine.benchmarks.jobcenter.report_overview import Overview
from engine.benchmarks.jobcenter.report_unit import write_unit_costs
from engine.report.trend_sheet import write_trend_sheet
from engine.report.action_plan import write_action_plan
from engine.benchmarks.jobcenter.report_action_plan import plan_items
from engine.report import formats as fm
from engine.report.collector import collector_paused
from engine.report.formats import DASH, Formats, finite, write_cached_formula
from engine.report.headers import fit_written_header
from engine.report.key_messages import Sentence
from engine.report.position import item_band_text
from engine.text import Text, format_number

CasesFunction = Callable[[list[str]], Sequence[Any]]


def write_municipality_report(results: JobcenterResults, municipality: str, path: str | Path, lang: str = "da",
                              cases: CasesFunction | None = None) -> Path:
    """Write one participant's comparison workbook to ``path`` (atomically) and return the path.

    ``cases(indicators)`` returns improvement cases for catalogue indicator ids, most relevant first;
    by default the KL catalogue's jobcenter links (:mod:`engine.catalogue`).
    """
    TITLE(lang)  # an unknown language fails here, before anything is written
    municipality = str(municipality)
    results.check(municipality)
    path = Path(path)
    if cases is None:
        from engine.catalogue import load_catalogue
        catalogue = load_catalogue()
        cases = lambda indicators: catalogue.cases_for("jobcenter", indicators, CASES_LIMIT)  # noqa: E731
    with collector_paused():  # engine.report.collector: the round's objects are not garbage
        report = MunicipalityReport(results, municipality, lang, cases)
        with atomic_path(path) as tmp:
            report.write(tmp)
    return path


def write_jobcenter_overview(results: JobcenterResults, path: str | Path, lang: str = "da") -> Path:
    """Write the consultant's workbook: every participant side by side, named (never send it out)."""
    TITLE(lang)
    path = Path(path)
    with atomic_path(path) as tmp:
        Overview(results, lang).write(tmp)
    return path


class MunicipalityReport:
    """Lays out and writes one municipality's workbook. Sheets are written in dependency order and
    register the cells and ranges other sheets' formulas refer to in ``cells``."""

    def __init__(self, results: JobcenterResults, municipality: str, lang: str, cases: CasesFunction) -> None:
        self.results, self.params, self.lang, self.cases = results, results.params, lang, cases
        self.code = municipality
        self.info = results.municipalities.loc[municipality]
        self.name = str(self.info["name"])
        self.groups = results.rows("groups", municipality).set_index("target_group")
        self.names = {key: SHEETS[key](lang) for key in SHEETS}
        self.q = {key: quote_sheetname(name) for key, name in self.names.items()}
        self.cells: dict[str, str] = {}
        self.formula_count = 0
        self.title = f"{self.name} – {TITLE(lang).lower()} {results.year}"

    # -- helpers -------------------------------------------------------------------------------
    def t(self, da: str, en: str) -> str:
        return Text(da, en)(self.lang)

    def n(self, value: object, decimals: int | None = None) -> str:
        if decimals is not None and finite(value):
            value = round(float(value), decimals)
            value = int(value) if decimals == 0 else value
        return format_number(value, self.lang)

    def ref(self, sheet_key: str, row: int, col: int) -> str:
        return f"{self.q[sheet_key]}!{xl_rowcol_to_cell(row, col, True, True)}"

    def formula(self, ws, row: int, col: int, formula: str, fmt, value: object) -> None:
        """A live formula with the engine's value cached; "–" when the engine has no number."""
        if isinstance(value, str) or finite(value):
            write_cached_formula(ws, row, col, formula, fmt, value)
            self.formula_count += 1
        else:
            ws.write_string(row, col, DASH, self.f["dash"])

    def number(self, ws, row: int, col: int, value: object, fmt) -> None:
        if finite(value):
            ws.write_number(row, col, float(value), fmt)
        else:
            ws.write_string(row, col, DASH, self.f["dash"])

    def heading(self, ws, title: str, subtitle: str, width: int) -> None:
        fm.write_heading(ws, self.f, title, subtitle, width)

    def section(self, ws, row: int, title: str, last_col: int) -> int:
        return fm.write_section(ws, self.f, row, title, last_col)

    def headers(self, ws, row: int, labels, left: tuple[int, ...] = (0,), height: float = 30) -> int:
        texts = {col: label(self.lang) if isinstance(label, Text) else str(label) for col, label in enumerate(labels)}
        for col, text in texts.items():
            ws.write_string(row, col, text, self.f["header_left" if col in left else "header"])
        # A column as wide as its longest word and the row as high as the wrapped header: no word
        # breaks inside ("rekrutteringsservi|ce") and no line is cut.
        fit_written_header(ws, row, texts, minimum_height=height)
        return row + 1

    def note(self, ws, row: int, text: str, last_col: int, chars: float = 120) -> int:
        ws.merge_range(row, 0, row, last_col, text, self.f["note"])
        ws.set_row(row, fm.row_height(text, chars))
        return row + 1

    def peer_label(self, letter: str, peer: str) -> str:
        """'Kommune A' – or the peer's name when the round's configuration records its consent."""
        participants = self.results.municipalities
        if peer in participants.index and bool(participants.loc[peer, "consent"]):
            return str(participants.loc[peer, "name"])
        return self.t(f"Kommune {letter}", f"Municipality {letter}")

    def chart(self, kind: str, title: str, subtype: str | None = None):
        c = self.wb.add_chart({"type": kind, **({"subtype": subtype} if subtype else {})})
        c.set_title({"name": title, "name_font": {"size": 11, "bold": True, "color": fm.HEADER_FILL}})
        c.set_legend({"position": "bottom", "font": {"size": 9}})
        c.set_chartarea({"border": {"color": "#BFBFBF"}})
        return c

    # -- workbook ------------------------------------------------------------------------------
    def write(self, path: Path) -> None:
        wb = fm.new_workbook(path, self.title, f"kommunebench {__version__}: jobcenter {self.results.year}")
        wb.strings_to_formulas = False  # a name such as "=X" stays text; formulas go through write_formula
        wb.strings_to_urls = False
        self.wb, self.f = wb, Formats(wb)
        self.ws = {key: wb.add_worksheet(self.names[key]) for key in SHEETS}
        fm.define_parameter_names(wb, self.q["method"], PARAMETERS)
        report_sheets.write_data(self)
        report_effect.write_register(self)
        report_sheets.write_fte(self)
        write_unit_costs(self)
        report_sheets.write_konto5(self)
        report_effect.write_effect(self)
        report_effect.write_cost_effect(self)
        report_effect.write_peers(self)
        report_effect.write_examples(self)
        write_action_plan(wb, self.f, plan_items(self), self.lang, f"jobcenter|{self.results.year}|{self.code}",
                          getattr(self.results, "follow_up", None))
        self.trend_sentence = write_trend_sheet(wb, self.f, getattr(self.results, "trend", None), self.code, self.lang)
        self._write_key_messages()
        write_method(self)
        self.ws["key"].activate()
        wb.close()

    # -- 1. key messages -----------------------------------------------------------------------
    def _write_key_messages(self) -> None:
        ws, f, info = self.ws["key"], self.f, self.info
        ws.set_column(0, 0, 62)
        ws.set_column(1, 4, 15)
        ws.set_column(5, 5, 24)
        ws.set_column(6, 6, 30)
        self.heading(ws, self.title, self.t(
            "De vigtigste resultater for jobcentret i korte sætninger. Tallene i tabellen er formler, der henter "
            "tallene fra arkene til højre; kolonnen Læs mere peger på arket med detaljerne.",
            "The jobcentre's main results in short sentences. The figures in the table are formulas that fetch the "
            "numbers from the sheets named in the column Read more."), 5)
        row = self.section(ws, 3, self.t("Budskaber", "Messages"), 5)
        ws.set_column(HELPER_COL, HELPER_COL + 3, None, None, {"hidden": True})  # the sentences' lists of groups
        for message in [*key_messages(self), *filter(None, [self.trend_sentence])]:
            ws.merge_range(row, 0, row, 5, "", f["body"])
            if isinstance(message, Sentence):
                write_cached_formula(ws, row, 0, '="• "&' + message.formula[1:], f["body"], "• " + message.cached)
                self.formula_count += 1
            else:
                ws.write_string(row, 0, "• " + message, f["body"])
            # A live sentence may grow after recalculation: leave room for a little more.
            ws.set_row(row, fm.row_height((message if isinstance(message, str) else message.cached) + " " * 12, 130))
            row += 1
        row = self.section(ws, row + 1, self.t("Nøgletal", "Key figures"), 5)
        row = self.headers(ws, row, (Text("Nøgletal", "Key figure"), Text("Kommunen", "This municipality"),
                                     Text("Øvrige, median", "Others, median"), Text("Lignende, median", "Similar, median"),
                                     Text("Øvrige, n", "Others, n"), Text("Læs mere", "Read more"),
                                     Text("Placering blandt øvrige", "Position among the others")), left=(0, 5, 6))
        key_rows = (
            (self.t("Omkostning pr. helårsperson, alle målgrupper (kr.)", "Cost per full-year person, all target "
                    "groups (DKK)"), "unit_total:all", info["unit_total"], info["unit_total_median"],
             info["unit_total_peer_median"], info["unit_total_n"], DKK, "unit"),
            (self.t("Årsværk i jobcentret", "FTE in the jobcentre"), "fte:all", info["fte"], None, None, None, FTE2,
             "fte"),
            (self.t("Afvigelse fra forventet niveau: forventet − realiseret forsørgelsesgrad (procentpoint)",
                    "Deviation from the expected level: expected − realised support rate (percentage points)"),
             "effect", info["effect_pp"],
             info["effect_median"], info["effect_peer_median"], info["effect_n"], PP, "effect"),
            (self.t("Usikkerhed på effekten (±, procentpoint)", "Uncertainty of the effect (±, percentage points)"),
             "uncertainty", info["uncertainty_pp"], None, None, None, "0.00", "effect"),
        )
        for label, key, own, median, peer, count, fmt, sheet in key_rows:
            ws.write_string(row, 0, label, f["label"])
            if key in self.cells:
                self.formula(ws, row, 1, "=" + self.cells[key], f.num(fmt), own)
            else:
                self.number(ws, row, 1, own, f.num(fmt))
            for col, value in ((2, median), (3, peer)):
                self.number(ws, row, col, value, f.num(fmt)) if value is not None else ws.write_blank(row, col, None, f["label"])
            self.number(ws, row, 4, float(count), f.num("0")) if count is not None else ws.write_blank(row, 4, None, f["label"])
            fm.write_sheet_link(ws, row, 5, self.names[sheet], f["link"])
            measure = {"unit_total:all": "unit_total", "effect": "effect"}.get(key)
            if measure:
                item = info.rename({"effect_pp": "effect"})
                ws.write_string(row, 6, item_band_text(item, measure, self.params.disclosure, self.lang), f["label"])
            row += 1
        self._key_chart(ws, row + 1)
        fm.print_setup(ws, self.title, self.lang)  # landscape: the seven columns print at 7 pt or larger

    def _key_chart(self, ws, row: int) -> None:
        first, last = self.cells["unit_rows"]
        label_col, own_col, median_col = 0, self.cells["unit_total_col"], self.cells["unit_median_col"]
        c = self.chart("bar", self.t("Omkostning pr. helårsperson (kr.) – kommunen og de øvrige kommuners median",
                                     "Cost per full-year person (DKK) – this municipality and the others' median"))
        unit = self.names["unit"]
        for col, name, colour in ((own_col, self.name, fm.OWN_COLOUR),
                                  (median_col, self.t("Øvrige, median", "Others, median"), fm.PEER_COLOUR)):
            c.add_series({"name": name, "categories": [unit, first, label_col, last, label_col],
                          "values": [unit, first, col, last, col], "fill": {"color": colour}, "gap": 60})
        # 10-pt axis labels: the chart prints on its own page at the sheet's scale, 7 pt or larger.
        c.set_x_axis({"num_font": {"size": 10}, "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}}})
        c.set_y_axis({"reverse": True, "num_font": {"size": 10}})
        c.set_size({"width": 860, "height": 460})
        ws.insert_chart(row, 0, c)
