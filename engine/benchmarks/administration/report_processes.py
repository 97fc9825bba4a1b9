"""The process and chart sheets of the administration workbook: every process as submitted, and native charts."""

from __future__ import annotations

import math
from typing import Any

from engine.benchmarks.administration.compute import AREAS, DIGITAL, TOTAL
from engine.benchmarks.administration.report_labels import (
    AREA_NAMES, SCORE_NAMES, SCORE_SCALES, CATEGORY, FTE_LABEL, SYSTEM_KIND, basis_unit,
)
from engine.report import formats as fm
from engine.report.formats import finite
from engine.report.headers import wrapped_row_height
from engine.text import Text


class ProcessSheets:
    """Sheets 2 and 3 of the participant's workbook (:mod:`engine.benchmarks.administration.report`)."""

    # -- 2. processes --------------------------------------------------------------------------
    def _write_processes(self) -> None:
        ws, f, lang = self.ws["processes"], self.f, self.lang
        # Narrow enough for landscape A4 at 7 pt or larger: the texts wrap, the rows grow.
        widths = {self.P_ID: 9, self.P_AREA: 18, self.P_CATEGORY: 26, self.P_NAME: 48, self.P_C: 16,
                  self.P_DP: 13, self.P_DS: 13, self.P_FTE: 9, self.P_COMMENT: 26, self.P_SOURCE: 14,
                  self.P_AREA_ID: 8, self.P_CATEGORY_ID: 24}
        for col, width in widths.items():
            # The id columns are keys for the formulas, not for readers: hidden, so they never print.
            hidden = {"hidden": True} if col in (self.P_AREA_ID, self.P_CATEGORY_ID) else None
            ws.set_column(col, col, width, None, hidden)
        ws.write(0, 0, self.t(f"Processer – {self.name}", f"Processes – {self.name}"), f["title"])
        ws.set_row(0, 26)
        file_name = self.info.get("file_name")
        source = self.t(f"Kommunens svar pr. proces, som de blev indsendt (fil: {file_name}). Arkene "
                        f"{self.names['summary']} og {self.names['potential']} beregner deres tal ud fra dette ark; "
                        "to skjulte kolonner til sidst er nøgler til formlerne.",
                        f"The municipality's answers per process, as submitted (file: {file_name}). The sheets "
                        f"{self.names['summary']} and {self.names['potential']} compute their numbers from this "
                        "sheet; two hidden columns at the end are keys for the formulas.")
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
        fmt_c, fmt_d, fmt_fte = f.num("0", wrap_top=True), f.num("0.00", wrap_top=True), f.num("0.00", wrap_top=True)
        for offset, item in enumerate(self.process_rows):  # PROCESS_COLUMNS of report_data
            row = self.p_first + offset
            (process_id, area, category_id, centralisation, digital_process, digital_solution, fte, comment,
             location) = item
            ws.write_string(row, self.P_ID, str(process_id), f["key_top"])
            ws.write_string(row, self.P_AREA, AREA_NAMES[area](lang), f["text"])
            ws.write_string(row, self.P_CATEGORY, self.category_label(area, category_id), f["text"])
            name = self.process_names.get(process_id)
            ws.write_string(row, self.P_NAME, name(lang) if name else "", f["text"])
            for col, value, fmt in ((self.P_C, centralisation, fmt_c), (self.P_DP, digital_process, fmt_d),
                                    (self.P_DS, digital_solution, fmt_d), (self.P_FTE, fte, fmt_fte)):
                if finite(value):
                    ws.write_number(row, col, float(value), fmt)
                else:
                    ws.write_blank(row, col, None, fmt)
            # Municipal text is data, never a formula: "=Samme som sidste år" stays a string.
            if isinstance(comment, str) and comment:
                ws.write_string(row, self.P_COMMENT, comment, f["text"])
            else:
                ws.write_blank(row, self.P_COMMENT, None, f["text"])
            ws.write_string(row, self.P_SOURCE, location if isinstance(location, str) else "", f["key_top"])
            height = wrapped_row_height(((AREA_NAMES[area](lang), widths[self.P_AREA]),
                                         (self.category_label(area, category_id), widths[self.P_CATEGORY]),
                                         (name(lang) if name else "", widths[self.P_NAME]),
                                         (comment if isinstance(comment, str) else "", widths[self.P_COMMENT])))
            if height:
                ws.set_row(row, height)
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
        # Per area two pairs of charts side by side under the area's name, sized so that an area's four
        # charts share one printed page (the page breaks are engine.report.print_layout's).
        row = 3
        for area in AREAS:
            categories = [item for item in self.rows[area] if item["category_id"] != TOTAL]
            height = 100 + 18 * len(categories)
            pairs = (("centralisation", "fte_norm"), ("digital_process", "digital_solution"))
            for pair in pairs:
                ws.write_string(row, 0, AREA_NAMES[area](lang), f["block"])
                row += 1
                for index, measure in enumerate(pair):
                    chart = self._chart(area, measure)
                    chart.set_size({"width": 640, "height": height})
                    ws.insert_chart(row, 0 if index == 0 else 10, chart,
                                    {"x_offset": 4, "y_offset": 4, "object_position": 3})
                row += math.ceil(height / 20) + 2
        self._write_scatter(ws, row)  # organisation against resource use, per area (report_scatter)
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
        total = self.rows[area][-1]
        peers_n, system_n = int(total["peers_n"]), int(total["system_peers_n"])
        if measure == "fte_norm":
            own_col, series = self.S_NORM, [] if suppressed else [
                (self.t(f"Median, øvrige kommuner (n = {peers_n})", f"Median, other municipalities (n = {peers_n})"),
                 self.B_PEER_MEDIAN, fm.PEER_COLOUR)]
            title = self.t(f"Årsværk {unit}", f"FTE {unit}")
            axis = title
        else:
            own_col = self.S_SCORE[measure]
            series = [] if suppressed else [
                (self.t(f"Median, øvrige kommuner (n = {peers_n})", f"Median, other municipalities (n = {peers_n})"),
                 self.B_PEER[measure], fm.PEER_COLOUR)]
            if measure in DIGITAL and not system_suppressed:
                series.append((self.t(f"Median, samme {SYSTEM_KIND[area].da} (n = {system_n})",
                                      f"Median, same {SYSTEM_KIND[area].en} (n = {system_n})"), self.B_SYSTEM_PEER[measure],
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
        value_axis: dict[str, Any] = {"name": axis, "name_font": {"size": 10, "bold": False},
                                      "num_font": {"size": 10}, "major_gridlines": {"visible": True,
                                                                                   "line": {"color": "#D9D9D9"}}}
        if measure == "centralisation":
            value_axis.update(min=0, max=3, major_unit=0.5, num_format="0.0")
        elif measure in DIGITAL:
            value_axis.update(min=0, max=1, major_unit=0.2, num_format="0.0")
        else:
            value_axis.update(min=0, num_format="0.0")
        chart.set_x_axis(value_axis)
        chart.set_y_axis({"name": CATEGORY(lang), "name_font": {"size": 10, "bold": False}, "num_font": {"size": 10},
                          "reverse": True, "crossing": "max", "interval_unit": 1})
        chart.set_legend({"position": "bottom", "font": {"size": 10}})
        chart.set_chartarea({"border": {"color": "#BFBFBF"}})
        return chart
