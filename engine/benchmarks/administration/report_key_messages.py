"""Page one of the administration workbook: the potential, each area against the median, and one chart.

The sentences are live formulas over the summary and potential sheets (built with
:class:`engine.report.key_messages.Sentence`), so they follow a changed parameter like every other
figure. Written last, after the sheets they read; placed first.
"""

from __future__ import annotations

from xlsxwriter.utility import xl_range_abs, xl_rowcol_to_cell

from engine.benchmarks.administration.compute import AREAS, TOTAL
from engine.benchmarks.administration.report_labels import AREA_NAMES, FLAG_NAMES, basis_unit
from engine.report.trend_sheet import SHEET as TREND_SHEET
from engine.report import formats as fm
from engine.report.key_messages import (
    KeyChart, Message, Sentence, number_text, number_text_value, write_key_messages,
)

AREA_SHORT = {"finance": ("økonomi", "finance"), "hr": ("løn og personale", "payroll and HR")}
CHART_CATEGORIES = 8  # the largest potentials plotted on page one


class KeyMessagesSheet:
    """Sheet 1 of the participant's workbook (:mod:`engine.benchmarks.administration.report`)."""

    def _write_key_messages(self) -> None:
        totals = {area: self.rows[area][-1] for area in AREAS}
        compared = all(not bool(totals[area]["suppressed"]) for area in AREAS)
        peers_n = int(totals["finance"]["peers_n"])
        intro = self.t(
            f"Det vigtigste fra benchmarkingen {self.results.year} for {self.name}. Kommunen sammenlignes med "
            f"medianen for de {peers_n} øvrige deltagende kommuner (n = {peers_n}); tallene og forklaringerne står "
            "på de ark, der henvises til.",
            f"The main points of the {self.results.year} benchmark for {self.name}. The municipality is compared "
            f"with the median of the {peers_n} other participating municipalities (n = {peers_n}); the figures and "
            "their explanation are on the sheets referred to.")
        messages: list[Message] = []
        if compared:
            messages.append(self._potential_message(peers_n))
            messages += [self._area_message(area) for area in AREAS]
            messages.append(self._largest_message())
            if self.start_items:
                messages.append(self._start_message())
        else:
            messages.append(Message(self.t(
                f"Sammenligningsgruppen har færre end {self.params.min_group} kommuner: rapporten viser kommunens "
                "egne tal, men ingen sammenligning, markering eller potentiale.",
                f"The comparison group has fewer than {self.params.min_group} municipalities: the report shows the "
                "municipality's own figures, but no comparison, flag or potential."), None, self.names["summary"]))
        messages.append(Message(self.t(
            "Eksempler på, hvad andre kommuner har gjort i de markerede kategorier.",
            "Examples of what other municipalities have done in the flagged categories."), None,
            self.names["examples"]))
        closing = self.t(
            f"Sætningerne er formler over arkene {self.names['summary']} og {self.names['potential']} og "
            f"parametrene på arket {self.names['method']}: ændres en parameter, følger de med, når arbejdsbogen "
            "regnes om. Et potentiale er et udgangspunkt for en drøftelse, ikke et mål.",
            f"The sentences are formulas over the sheets {self.names['summary']} and {self.names['potential']} and "
            f"the parameters on the sheet {self.names['method']}: change a parameter and they follow when the "
            "workbook recalculates. A potential is a starting point for a discussion, not a target.")
        if self.trend_sentence is not None:  # engine.report.trend_sheet: the change since last round
            messages.append(self.trend_sentence.message(TREND_SHEET(self.lang)))
        self.formula_count += write_key_messages(self, self.ws["key"], self.title, intro, messages,
                                                 self._potential_chart() if compared else None, closing)

    # -- the sentences ---------------------------------------------------------------------------
    def _start_message(self) -> Message:
        """Where to start (issue 20): the first three of the drill-down's ranked list, read from its cells."""
        lang, sheet = self.lang, self.q["drilldown"]
        s = Sentence().text(self.t("Hvor begynde: ", "Where to start: "))
        for index, item in enumerate(self.start_items[:3]):
            row = 5 + index  # report_drilldown: the ranked list starts on row 6
            if index:
                s.text("; ")
            s.expression(f"{sheet}!{xl_rowcol_to_cell(row, 1, True, True)}",
                         self.category_label(item["area"], item["category_id"]))
            flags = ", ".join(FLAG_NAMES[flag](lang) for flag in FLAG_NAMES if bool(item[flag]))
            s.text(" (")
            s.expression(f'IF({sheet}!{xl_rowcol_to_cell(row, 2, True, True)}="","{self.t("potentiale", "potential")}",'
                         f'{sheet}!{xl_rowcol_to_cell(row, 2, True, True)})',
                         flags or self.t("potentiale", "potential"))
            drivers = self.main_drivers(item)  # the processes behind the flags, as the drill-down marks them
            if drivers:
                s.text(self.t("; især ", "; mainly ") + self.t(" og ", " and ").join(drivers))
            s.text(")")
        s.text(self.t(" – de markerede kategorier først, så de største potentialer; processerne bag står på arket.",
                      " – the flagged categories first, then the largest potentials; the processes behind them are "
                      "on the sheet."))
        return s.message(self.names["drilldown"])

    def _potential_ref(self, row: int, col: int) -> str:
        return f"{self.q['potential']}!{xl_rowcol_to_cell(row, col, True, True)}"

    def _potential_message(self, peers_n: int) -> Message:
        lang = self.lang
        fte = sum(float(self.rows[area][-1]["potential_fte"]) for area in AREAS)
        dkk = sum(float(self.rows[area][-1]["potential_dkk"]) for area in AREAS)
        total = self.potential_total_row
        s = Sentence().text(self.t("Samlet potentiale: ", "Total potential: "))
        s.number(self._potential_ref(total, 6), fte, 0, lang)
        s.text(self.t(" årsværk, svarende til ", " FTE, equivalent to "))
        s.number(f"{self._potential_ref(total, 7)}/1000000", dkk / 1e6, 1, lang)
        s.text(self.t(f" mio. kr. om året, hvis kommunen i hver kategori højst brugte medianens årsværk for de "
                      f"{peers_n} øvrige kommuner.",
                      f" million DKK a year, if the municipality used at most the median FTE of the {peers_n} other "
                      "municipalities in every category."))
        return s.message(self.names["potential"])

    def _area_message(self, area: str) -> Message:
        lang = self.lang
        total = self.rows[area][-1]
        own = f"{self.q['summary']}!{xl_rowcol_to_cell(self.summary_rows[(area, TOTAL)], self.S_NORM, True, True)}"
        median = self.basis_ref(area, TOTAL, self.B_PEER_MEDIAN)
        first, last = self.flag_span[area]
        flags = f"{self.q['summary']}!{xl_range_abs(first, self.S_FLAGS, last, self.S_FLAGS)}"
        categories = [item for item in self.rows[area] if item["category_id"] != TOTAL]

        def count(*names: str) -> tuple[str, str]:
            found = "+".join(f'ISNUMBER(SEARCH("{FLAG_NAMES[name](lang)}",{flags}))' for name in names)
            cached = sum(any(bool(item[name]) for name in names) for item in categories)
            return f"SUMPRODUCT(--(({found})>0))", str(cached)

        s = Sentence().text(f"{AREA_NAMES[area](lang)}: ")
        s.number(own, float(total["fte_norm"]), 2, lang)
        s.text(self.t(f" årsværk {basis_unit(area, self.params, lang)} mod medianen ",
                      f" FTE {basis_unit(area, self.params, lang)} against the median of "))
        s.number(median, float(total["peer_fte_norm_median"]), 2, lang)
        s.text(f" (n = {int(total['peers_n'])}). ")
        s.expression(*count(*FLAG_NAMES))
        s.text(self.t(f" af {len(categories)} kategorier er markeret: ", f" of {len(categories)} categories are "
                                                                         "flagged: "))
        s.expression(*count("flag_more_fte"))
        s.text(self.t(" med flere årsværk, ", " with more FTE, "))
        s.expression(*count("flag_less_centralised"))
        s.text(self.t(" mindre centraliseret og ", " less centralised and "))
        s.expression(*count("flag_less_digital"))
        s.text(self.t(" mindre digitaliseret end medianen.", " less digital than the median."))
        return s.message(self.names["summary"])

    def _largest_message(self) -> Message:
        lang = self.lang
        s = Sentence().text(self.t("Størst potentiale: ", "Largest potential: "))
        for index, area in enumerate(AREAS):
            first, total_row = self.potential_span[area]
            names = f"{self.q['potential']}!{xl_range_abs(first, 0, total_row - 1, 0)}"
            values = f"{self.q['potential']}!{xl_range_abs(first, 6, total_row - 1, 6)}"
            categories = [item for item in self.rows[area] if item["category_id"] != TOTAL]
            best = max(categories, key=lambda item: float(item["potential_fte"]))
            short = self.t(*AREA_SHORT[area])
            top = float(best["potential_fte"])
            none = self.t(f"ingen kategori over medianen i {short}", f"no category above the median in {short}")
            found = (f'INDEX({names},MATCH(MAX({values}),{values},0))&" ({short}, "&'
                     f'{number_text(f"MAX({values})", 1, lang)}&" {self.t("årsværk", "FTE")})"')
            cached = (f"{self.category_label(area, best['category_id'])} ({short}, "
                      f"{number_text_value(top, 1, lang)} {self.t('årsværk', 'FTE')})" if top > 0 else none)
            s.expression(f'IF(MAX({values})>0,{found},"{none}")', cached)
            if index == 0:
                s.text(self.t(" og ", " and "))
        s.text(".")
        return s.message(self.names["potential"])

    # -- the chart -------------------------------------------------------------------------------
    def _potential_chart(self) -> KeyChart:
        candidates = []
        for area in AREAS:
            first, _ = self.potential_span[area]
            for offset, item in enumerate(item for item in self.rows[area] if item["category_id"] != TOTAL):
                candidates.append((float(item["potential_fte"]), area, item, first + offset))
        candidates.sort(key=lambda entry: -entry[0])
        rows = [(f"{self.category_label(area, item['category_id'])} ({self.t(*AREA_SHORT[area])})",
                 [("=" + self._potential_ref(row, 6), value)])
                for value, area, item, row in candidates[:CHART_CATEGORIES] if value > 0]
        title = self.t("Potentiale i årsværk – de største kategorier", "Potential in FTE – the largest categories")
        note = self.t(f"Højst {CHART_CATEGORIES} kategorier med et potentiale over 0; alle står på arket "
                      f"{self.names['potential']}.",
                      f"At most {CHART_CATEGORIES} categories with a potential above 0; all are on the sheet "
                      f"{self.names['potential']}.")
        if not rows:
            rows = [(self.t("Ingen kategori over medianen", "No category above the median"), [(None, 0.0)])]
        return KeyChart(title, [self.t("Potentiale, årsværk", "Potential, FTE")], rows, fm.FTE,
                        self.t("årsværk", "FTE"), note=note)

