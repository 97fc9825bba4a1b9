"""The summary sheet of the administration workbook: own scores and FTE, and the comparison with the peers."""

from __future__ import annotations

from xlsxwriter.utility import xl_rowcol_to_cell

from engine.benchmarks.administration.compute import AREAS, DIGITAL, SCORES, TOTAL
from engine.benchmarks.administration.report_labels import (
    AREA_NAMES, SCORE_NAMES, SCORE_SCALES, FLAG_NAMES, CATEGORY, FTE_LABEL, OVERALL_TEXT, SYSTEM_KIND, suppressed_note,
    basis_unit, other_municipalities, system_label,
)
from engine.report import formats as fm
from engine.report.formats import DASH, finite
from engine.report.key_messages import Sentence, write_note
from engine.report.print_layout import print_pages_across
from engine.report.position import HEADER as POSITION_HEADER, band_formula, band_text, beyond_formula
from engine.text import format_number

# The same-size group's median of each compared figure (compute._size_comparison).
SIZE_MEDIAN = {"centralisation": "size_peer_centralisation", "digital_process": "size_peer_digital_process",
               "digital_solution": "size_peer_digital_solution", "fte_norm": "size_peer_fte_norm_median"}


class SummarySheet:
    """Sheet 1 of the participant's workbook (:mod:`engine.benchmarks.administration.report`)."""

    # -- 1. summary ----------------------------------------------------------------------------
    def _write_summary(self) -> None:
        ws, f, lang = self.ws["summary"], self.f, self.lang
        # Two pages across (the categories repeated): own figures and flags, then position and same size;
        # blocks about as wide (so the page ends between them) and narrow enough for A4 at 7 pt or larger.
        ws.set_column(0, 0, 44)
        for col, width in enumerate((16, 14, 14, 13, 14, 16, 14, 14, 14, 14), start=1):  # 16: "Centraliseringsgrad"
            ws.set_column(col, col, width)
        if not self.show_prev:
            ws.set_column(self.S_FLAGS, self.S_FLAGS, 50)
        ws.set_column(min(self.S_POSITION.values()), max(self.S_POSITION.values()), 19)
        ws.set_column(min(self.S_SIZE_DEV.values()), max(self.S_SIZE_DEV.values()), 16)
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
        self.flag_span: dict[str, tuple[int, int]] = {}
        breaks = []
        for area in AREAS:
            if area != AREAS[0]:
                breaks.append(row)  # each area starts on a new printed page
            row = self._summary_area(ws, area, row) + 2
        ws.set_h_pagebreaks(breaks)
        fm.print_setup(ws, self.title, lang)
        print_pages_across(ws, 2)  # the categories (column A) on both

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
        overall = OVERALL_TEXT[self.results.params.overall_weighting]  # the rule the total row's formula follows
        note = self.t("Centraliseringsgrad: skala 0–3, hvor 3 angiver at opgaven er samlet centralt i kommunen. "
                      "Digitaliseringsgrad: skala 0–1, hvor 1 angiver at opgaven er fuldt ud digitalt understøttet. "
                      f"{overall.da} Årsværk {unit}: se arket "
                      f"{self.names['basis']}.",
                      "Centralisation: scale 0–3, where 3 means the task is gathered centrally in the municipality. "
                      "Digitalisation: scale 0–1, where 1 means the task is fully digitally supported. "
                      f"{overall.en} FTE {unit}: see the sheet "
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
                       self.t(f"Over for medianen, alle øvrige kommuner (n = {int(total['peers_n'])})",
                              f"Against the median, all other municipalities (n = {int(total['peers_n'])})"),
                       f["group"])
        ws.merge_range(row, self.S_SYSTEM_DEV["digital_process"], row, self.S_SYSTEM_DEV["digital_solution"],
                       self.t(f"Median, samme {SYSTEM_KIND[area].da}: {system} (n = {int(total['system_peers_n'])})",
                              f"Median, same {SYSTEM_KIND[area].en}: {system} (n = {int(total['system_peers_n'])})"),
                       f["group"])
        flags_last = 10 if self.show_prev else self.S_FLAGS
        if flags_last > self.S_FLAGS:
            ws.merge_range(row, self.S_FLAGS, row, flags_last, self.t("Markering", "Flag"), f["group"])
        else:
            ws.write_string(row, self.S_FLAGS, self.t("Markering", "Flag"), f["group"])
        position = list(self.S_POSITION.values())
        ws.merge_range(row, position[0], row, position[-1],
                       f"{POSITION_HEADER(lang)} (" + self.t("kvartil, alle øvrige", "quarter, all others") + ")",
                       f["group"])
        size = list(self.S_SIZE_DEV.values())
        size_n = int(total["size_peers_n"])
        ws.merge_range(row, size[0], row, size[-1],
                       self.t(f"Over for medianen, samme størrelse (n = {size_n})",
                              f"Against the median, same size (n = {size_n})"), f["group"])
        ws.set_row(row, 30)
        row += 1
        for figure in self.FIGURES:
            label = SCORE_NAMES[figure](lang) if figure in SCORE_NAMES else f"{FTE_LABEL(lang)} {unit}"
            ws.write_string(row, self.S_POSITION[figure], label, f["header"])
            ws.write_string(row, self.S_SIZE_DEV[figure], label, f["header"])
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
            self.compare_rows[(area, category_id)] = row
            link = self.drill_link(area, category_id)  # to its processes on the drill-down sheet, and back
            if link:
                ws.write_url(row, 0, link, f["label_bold" if bold else "label"],
                             string=self.category_label(area, category_id))
            else:
                ws.write_string(row, 0, self.category_label(area, category_id), f["label_bold" if bold else "label"])
            dash = f["dash_bold" if bold else "dash"]
            flag_fmt = f["flag_bold" if bold else "flag"]
            if flags_last > self.S_FLAGS:
                ws.merge_range(row, self.S_FLAGS, row, flags_last, "", flag_fmt)
            if bool(item["suppressed"]):
                any_suppressed = True
                for col in (*self.S_DEV.values(), *self.S_SYSTEM_DEV.values(), self.S_FLAGS,
                            *self.S_POSITION.values(), *self.S_SIZE_DEV.values()):
                    ws.write_string(row, col, DASH, dash)
                row += 1
                continue
            dev_cells = {}
            for score in (*SCORES, "fte_norm"):
                own_col = self.S_NORM if score == "fte_norm" else self.S_SCORE[score]
                peer_col = self.B_PEER_MEDIAN if score == "fte_norm" else self.B_PEER[score]
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
            quartiles = bool(item["quartiles_shown"])
            own_cells = {score: xl_rowcol_to_cell(own_row, self.S_SCORE[score]) for score in SCORES}
            own_cells["fte_norm"] = own_norm

            def beyond(figure: str, condition: str, which: int) -> str:
                # Beyond the worse quartile's fence where the policy shows quartiles; else the difference alone.
                if not quartiles:
                    return condition
                side = "below" if which == 0 else "above"
                bound = self.fence_ref(area, category_id, figure, side)
                return f"AND({condition},{beyond_formula(own_cells[figure], bound, side)})"

            # Thresholds with the tolerance of engine.peers.comparison, as compute.py.
            digital = [beyond(score, beyond_formula(cell, "-digital_threshold", "below"), 0)
                       for score, cell in zip(DIGITAL, digital_cells)]
            extra = beyond_formula(f"({own_norm}-{median})*{self.basis_cell(area)}", "fte_min_difference", "above")
            conditions = {
                "flag_less_centralised": beyond("centralisation", beyond_formula(
                    dev_cells["centralisation"], "-centralisation_threshold", "below"), 0),
                "flag_less_digital": f"OR({digital[0]},{digital[1]})",
                "flag_more_fte": beyond("fte_norm", extra, 1),
            }
            parts = "&".join(f'IF({condition},", {FLAG_NAMES[flag](lang)}","")' for flag, condition in conditions.items())
            cached = ", ".join(FLAG_NAMES[flag](lang) for flag in conditions if bool(item[flag]))
            self.formula(ws, row, self.S_FLAGS, f"=MID({parts},3,200)", flag_fmt, cached)
            self._position_cells(ws, row, area, item, own_cells, quartiles, dash)
            self._size_cells(ws, row, area, item, own_cells, bold, dash)
            row += 1
        last = row - 1
        self.flag_span[area] = (first, last - 1)  # the categories' flag cells, without the total row
        for score, col in self.S_DEV.items():
            values = [item[f"dev_{score}"] for item in rows if not item["suppressed"]]
            fm.diverging_scale(ws, first, col, last, values, reverse=score == "fte_norm")
        for score, col in self.S_SYSTEM_DEV.items():
            values = [item[f"system_dev_{score}"] for item in rows if not item["system_suppressed"]]
            fm.diverging_scale(ws, first, col, last, values)
        for figure, col in self.S_SIZE_DEV.items():
            values = [item[figure] - item[SIZE_MEDIAN[figure]] for item in rows if finite(item[SIZE_MEDIAN[figure]])]
            fm.diverging_scale(ws, first, col, last, values, reverse=figure == "fte_norm")
        # The thresholds in the note are formulas over the method sheet's parameters, like the flags.
        legend = Sentence().text(self.t(
            f"Afvigelse = egen værdi − medianen for de øvrige kommuner. Grøn: mere centraliseret/digitaliseret; for "
            f"årsværk {unit} er flere årsværk rødt. Markering: centraliseringsgrad mere end ",
            f"Deviation = own value − the median of the other municipalities. Green: more centralised/digital; for "
            f"FTE {unit} more FTE is red. Flag: centralisation more than "))
        legend.number("centralisation_threshold", params.centralisation_threshold, 2, lang)
        legend.text(self.t(" under, digitalisering mere end ", " below, digitalisation more than "))
        legend.number("digital_threshold", params.digital_threshold, 2, lang)
        legend.text(self.t(" under (samme system), årsværk mere end ", " below (same system), FTE more than "))
        legend.number("fte_min_difference", params.fte_min_difference, 2, lang)
        legend.text(self.t(" årsværk over medianen – og i alle tre tilfælde mere end ",
                           " FTE above the median – and in all three cases more than "))
        legend.number("spread_margin", params.spread_margin, 2, lang)
        legend.text(self.t(" gange de øvriges kvartilafstand ud over deres kvartil på den dårlige side (arket Metode). "
                           "Placering: den fjerdedel af de øvrige, tallet ligger i.",
                           " times the others' interquartile range beyond their quartile on the bad side (the Method "
                           "sheet). Position: the quarter of the others the figure falls in."))
        factor = format_number(params.size_factor, lang)
        legend.text(self.t(f" Samme størrelse: de øvrige med mellem 1/{factor} og {factor} gange kommunens "
                           "indbyggertal (– hvor gruppen er for lille); til sammenligning, ikke til markeringer.",
                           f" Same size: the others with between 1/{factor} and {factor} times the municipality's "
                           "inhabitants (– where the group is too small); for comparison, not for flags."))
        notes: list = [legend]
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
            self.formula_count += write_note(ws, row, 0, last_col, note, f["note"])
            ws.set_row(row, fm.row_height(note if isinstance(note, str) else note.cached, 150))
            row += 1
        return row

    def _position_cells(self, ws, row: int, area: str, item, own_cells: dict, quartiles: bool, dash) -> None:
        """The quarter (or half) of the others each own figure falls in, as a live formula over the basis sheet."""
        category_id = item["category_id"]
        n = self.basis_ref(area, category_id, self.B_PEERS_N)
        medians = {**self.B_PEER, "fte_norm": self.B_PEER_MEDIAN}
        for figure, col in self.S_POSITION.items():
            code = int(item[f"band_{figure}"])
            if code == 0:
                ws.write_string(row, col, DASH, dash)
                continue
            formula = band_formula(own_cells[figure], self.quartile_ref(area, category_id, figure, 0),
                                   self.basis_ref(area, category_id, medians[figure]),
                                   self.quartile_ref(area, category_id, figure, 1), n, self.lang, quartiles)
            self.formula(ws, row, col, formula, self.f["label"], band_text(code, int(item["peers_n"]), self.lang))

    def _size_cells(self, ws, row: int, area: str, item, own_cells: dict, bold: bool, dash) -> None:
        """Own − the same-size group's median, a live formula over the basis sheet; "–" where it is hidden."""
        category_id = item["category_id"]
        for figure, col in self.S_SIZE_DEV.items():
            median = item[SIZE_MEDIAN[figure]]
            if not finite(median):
                ws.write_string(row, col, DASH, dash)
                continue
            source = self.B_SIZE_MEDIAN if figure == "fte_norm" else self.B_SIZE_SCORES[figure]
            fmt = self.f.num(fm.FTE_NORM_DEVIATION if figure == "fte_norm" else fm.DEVIATION, bold)
            self.formula(ws, row, col, f"={own_cells[figure]}-{self.basis_ref(area, category_id, source)}", fmt,
                         float(item[figure]) - float(median))

    def _score_col(self, score: str) -> int:
        return {"centralisation": self.P_C, "digital_process": self.P_DP, "digital_solution": self.P_DS}[score]
