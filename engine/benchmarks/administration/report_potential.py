"""The potential and examples sheets of the administration workbook: FTE above the peer median, and cases."""

from __future__ import annotations

from xlsxwriter.utility import xl_rowcol_to_cell

from engine.benchmarks.administration.compute import AREAS, DIGITAL, TOTAL
from engine.benchmarks.administration.report_labels import (
    CASES_PER_CATEGORY, AREA_NAMES, FLAG_NAMES, CATEGORY, FTE_LABEL, suppressed_note, basis_unit, basis_label,
)
from engine.report import formats as fm
from engine.report.formats import DASH, finite
from engine.report.position import beyond_formula
from engine.text import Text


class PotentialSheets:
    """Sheets 4 and 5 of the participant's workbook (:mod:`engine.benchmarks.administration.report`)."""

    # -- 4. potential --------------------------------------------------------------------------
    def _write_potential(self) -> None:
        ws, f, lang, params = self.ws["potential"], self.f, self.lang, self.params
        widths = (46, 12, 13, 14, 14, 12, 14, 16, 40, 16)
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
        self._potential_firsts: dict[str, tuple[int, int]] = {}
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
        self.potential_total_row = row
        self.potential_span = {area: (first, total_row) for area, (first, total_row) in self._potential_firsts.items()}
        fm.print_setup(ws, self.title, lang)

    def _potential_area(self, ws, area: str, row: int) -> tuple[int, tuple[int, bool]]:
        f, lang, params = self.f, self.lang, self.params
        unit = basis_unit(area, params, lang)
        for col in range(10):
            ws.write_blank(row, col, None, f["section"])
        ws.write_string(row, 0, AREA_NAMES[area](lang), f["section"])
        ws.set_row(row, 20)
        row += 1
        headers = [CATEGORY(lang), FTE_LABEL(lang), basis_label(area, params, lang), f"{FTE_LABEL(lang)} {unit}",
                   self.t("Median, øvrige kommuner", "Median, other municipalities"),
                   self.t("Forskel", "Difference"), self.t("Potentiale, årsværk", "Potential, FTE"),
                   self.t("Potentiale, kr.", "Potential, DKK"), self.t("Bemærkning", "Note"),
                   self.t("Median, samme størrelse", "Median, same size")]
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
            self.potential_rows[(area, category_id)] = row
            crit = self.criteria(area, category_id)
            fte, basis, norm, median, diff, pot = (xl_rowcol_to_cell(row, col) for col in range(1, 7))
            self.formula(ws, row, 1, f"=SUMIFS({self.process_range(self.P_FTE)},{crit})", f.num(fm.FTE, bold),
                         item["fte"])
            self.formula(ws, row, 2, f"={self.basis_cell(area)}", f.num("#,##0.00", bold), item["basis"])
            self.formula(ws, row, 3, f"={fte}/{basis}", f.num(fm.FTE_NORM, bold), item["fte_norm"])
            if bool(item["suppressed"]):
                compared = False
                for col in (4, 5, 6, 7, 9):
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
                # Live like the summary's flag: a new tolerance on the method sheet changes it.
                label = self.t("Flere årsværk end medianen", "More FTE than the median")
                condition = beyond_formula(f"({norm}-{median})*{basis}", "fte_min_difference", "above")
                if bool(item["quartiles_shown"]):  # as the summary: beyond the others' upper fence too
                    bound = self.fence_ref(area, category_id, "fte_norm", "above")
                    condition = f"AND({condition},{beyond_formula(norm, bound, 'above')})"
                self.formula(ws, row, 8, f'=IF({condition},"{label}","")', f["flag"],
                             label if bool(item["flag_more_fte"]) else "")
            self.formula(ws, row, 7, f"={pot}*cost_per_fte", f.num(fm.DKK, bold), item["potential_dkk"])
            if finite(item["size_peer_fte_norm_median"]):  # beside "all": the same-size group (the Method sheet)
                self.formula(ws, row, 9, "=" + self.basis_ref(area, category_id, self.B_SIZE_MEDIAN),
                             f.num(fm.FTE_NORM, bold), float(item["size_peer_fte_norm_median"]))
            else:
                ws.write_string(row, 9, DASH, dash)
            row += 1
        if compared:
            ws.conditional_format(first, 6, row - 2, 6, {"type": "data_bar", "bar_color": "#F4B183",
                                                          "bar_solid": True})
        self._potential_firsts[area] = (first, row - 1)
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
