"""Organisation against resource use, one picture per area: the others as anonymous points, the municipality
highlighted (docs/method.md, "Organisation against resource use").

Per area, three scatter charts on the charts sheet: centralisation, digital process and digital solution
(the area's "Samlet") against FTE per basis, each other municipality one point. The points are drawn from
a table beside the third chart:

- the others' rows are labelled "Øvrig kommune" (never a name or code), plain values **rounded as
  shown** (scores to 0.01, FTE per basis to 0.1: at full precision, FTE per basis × a participant's
  public basis is a whole number of hundredths only for the right participant), and **sorted by FTE
  per basis** within the area, never by code: the order of the participants' codes is known, so an
  order by code would name every point; each area is sorted on its own, so finance and payroll points
  cannot be paired by position either;
- the others are shown only where the area's comparison group has at least ``min_group`` municipalities
  (the disclosure policy's threshold for anything about the others); below it the charts draw only the
  municipality and say why;
- a figure a municipality lacks is an empty cell (a gap), never a zero;
- the municipality's own row reads the summary sheet (live), so it moves with its answers.
"""

from __future__ import annotations

import math

import numpy as np
from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell

from engine.benchmarks.administration.compute import AREAS, SCORES, TOTAL, AdministrationResults
from engine.benchmarks.administration.report_labels import AREA_NAMES, SCORE_NAMES, SCORE_SCALES, FTE_LABEL, basis_unit
from engine.report import formats as fm
from engine.report.chart_data import write_chart_cell, write_chart_number
from engine.report.print_layout import print_columns_left_of
from engine.report.rounds import per_round
from engine.text import Text

OTHERS = Text("Øvrige kommuner", "Other municipalities")  # the series; one row is OTHER
OTHER = Text("Øvrig kommune", "Other municipality")
FIGURES = (*SCORES, "fte_norm")
# The precision of the others' points, as stored and shown (a score to 0.01, FTE per basis to 0.1).
DECIMALS = {"centralisation": 2, "digital_process": 2, "digital_solution": 2, "fte_norm": 1}
CHART_WIDTH, CHART_HEIGHT, ROW_HEIGHT = 560, 300, 20  # an area's three charts on one printed page
RIGHT_CHART_COL = 10  # the column the right-hand charts start in
# The points a chart reads stand in hidden columns far right, one block per area, so they never print (a
# reader sees the points in the chart; the values are there for whoever unhides the columns).
TABLE_COL, TABLE_WIDTH = 40, 6


def table_col(area: str) -> int:
    """The first (hidden) column of ``area``'s point table."""
    return TABLE_COL + TABLE_WIDTH * AREAS.index(area)


def _columns(area: str) -> str:
    """``area``'s point table as column letters, e.g. "AO:AS"."""
    first = table_col(area)
    return f"{xl_col_to_name(first)}:{xl_col_to_name(first + len(FIGURES))}"


def area_points(results: AdministrationResults) -> dict[tuple[str, str], np.ndarray]:
    """(participant, area) -> the others' area totals, rows of FIGURES, sorted by FTE per basis (NaN last).

    Built once per round: each participant's others are all participants but itself.
    """
    return per_round(results, _build_points)


def _build_points(results: AdministrationResults) -> dict[tuple[str, str], np.ndarray]:
    totals = results.categories[results.categories["category_id"] == TOTAL]
    points = {}
    for area in AREAS:
        rows = totals[totals["area"] == area]
        # Rounded as shown: at full precision an FTE per basis times a participant's public basis is a whole
        # number of hundredths (FTE are reported so) for the right participant only, which would name the point.
        values = np.column_stack([np.round(rows[figure].to_numpy(dtype=float), DECIMALS[figure]) for figure in FIGURES])
        # Sorted once by FTE per basis (missing last, then by the scores): leaving one row out keeps the order.
        order = np.lexsort((values[:, 2], values[:, 1], values[:, 0], np.nan_to_num(values[:, 3], nan=np.inf)))
        values, codes = values[order], rows["participant"].to_numpy()[order]
        for index, code in enumerate(codes):
            points[(str(code), area)] = np.delete(values, index, axis=0)
    return points


class ScatterCharts:
    """Mixed into ``_ParticipantReport`` (:mod:`engine.benchmarks.administration.report`); written on the
    charts sheet below its bar charts."""

    def _write_scatter(self, ws, row: int) -> int:
        """Per area the three charts and, beside the third, their point table; returns the next free row."""
        f, lang = self.f, self.lang
        for area in AREAS:
            total = self.rows[area][-1]
            others = area_points(self.results).get((self.code, area), np.empty((0, len(FIGURES))))
            shown = not bool(total["suppressed"]) and len(others) >= self.params.min_group
            ws.write_string(row, 0, self.t(f"{AREA_NAMES[area].da}: organisering og ressourceforbrug",
                                           f"{AREA_NAMES[area].en}: organisation and resource use"), f["block"])
            n = int(total["peers_n"])
            intro = self.t(
                f"Hvert punkt er en kommunes samlede tal for området: centraliseringsgrad og digitalisering "
                f"(vandret) over for årsværk {basis_unit(area, self.params, 'da')} (lodret). {self.name} er "
                f"fremhævet; de øvrige {n} kommuner er grå punkter uden navn (deres tal, sorteret efter årsværk, "
                f"står i de skjulte kolonner {_columns(area)}).",
                f"Each point is one municipality's total for the area: centralisation and digitalisation "
                f"(horizontal) against FTE {basis_unit(area, self.params, 'en')} (vertical). {self.name} is "
                f"highlighted; the other {n} municipalities are grey points without names (their values, sorted by "
                f"FTE, are in the hidden columns {_columns(area)}).")
            if not shown:
                intro = self.t(f"Færre end {self.params.min_group} øvrige kommuner har svaret for området: de "
                               f"øvrige vises ikke, kun {self.name}.",
                               f"Fewer than {self.params.min_group} other municipalities answered for the area: "
                               f"the others are not shown, only {self.name}.")
            ws.merge_range(row + 1, 0, row + 1, 19, intro, f["note"])
            ws.set_row(row + 1, fm.row_height(intro, 230))
            chart_row = row + 3
            chart_rows = math.ceil(CHART_HEIGHT / ROW_HEIGHT) + 1
            # Two charts side by side, the third under the first and the point table beside it.
            table_row = chart_row + chart_rows
            own_row, first, last = self._point_table(ws, area, table_row, others if shown else others[:0])
            for index, score in enumerate(SCORES):
                chart = self._scatter(area, score, own_row, first, last)
                ws.insert_chart(chart_row + (index // 2) * chart_rows, 0 if index % 2 == 0 else RIGHT_CHART_COL, chart,
                                {"x_offset": 4, "y_offset": 4, "object_position": 3})
            row = table_row + chart_rows + 2
        ws.set_column(TABLE_COL, TABLE_COL + TABLE_WIDTH * len(AREAS) - 1, None, None, {"hidden": True})
        print_columns_left_of(ws, TABLE_COL)
        return row

    def _point_table(self, ws, area: str, row: int, others: np.ndarray) -> tuple[int, int | None, int | None]:
        """The chart's cells: a header, the municipality's own row (live), then one row per other municipality."""
        f, lang = self.f, self.lang
        unit = basis_unit(area, self.params, lang)
        headers = [self.t("Punkt", "Point"), *(f"{SCORE_NAMES[s](lang)} {SCORE_SCALES[s]}" for s in SCORES),
                   f"{FTE_LABEL(lang)} {unit}"]
        start = table_col(area)
        for col, header in enumerate(headers, start=start):
            ws.write_string(row, col, header, f["header_left" if col == start else "header"])
        own_row = row + 1
        ws.write_string(own_row, start, self.name, f["label_bold"])
        summary_row = self.summary_rows[(area, TOTAL)]
        own = self.rows[area][-1]
        fmt = {figure: f.num("0." + "0" * DECIMALS[figure]) for figure in FIGURES}
        for col, figure in enumerate(FIGURES, start=start + 1):
            source_col = self.S_NORM if figure == "fte_norm" else self.S_SCORE[figure]
            source = f"{self.q['summary']}!{xl_rowcol_to_cell(summary_row, source_col, True, True)}"
            write_chart_cell(ws, own_row, col, source, own[figure], fmt[figure])
            self.formula_count += 1
        if not len(others):
            return own_row, None, None
        first = own_row + 1
        label = OTHER(lang)
        for offset, values in enumerate(others):
            ws.write_string(first + offset, start, label, f["label"])
            for col, (figure, value) in enumerate(zip(FIGURES, values), start=start + 1):
                write_chart_number(ws, first + offset, col, value, fmt[figure])
        return own_row, first, first + len(others) - 1

    def _scatter(self, area: str, score: str, own_row: int, first: int | None, last: int | None):
        lang, sheet = self.lang, self.names["charts"]
        x_col, y_col = table_col(area) + 1 + FIGURES.index(score), table_col(area) + 1 + FIGURES.index("fte_norm")
        chart = self.wb.add_chart({"type": "scatter"})
        if first is not None:
            chart.add_series({"name": OTHERS(lang),
                              "categories": [sheet, first, x_col, last, x_col],
                              "values": [sheet, first, y_col, last, y_col],
                              "marker": {"type": "circle", "size": 6, "fill": {"color": fm.PEER_COLOUR},
                                         "border": {"color": "#7F7F7F"}}})
        chart.add_series({"name": self.name,
                          "categories": [sheet, own_row, x_col, own_row, x_col],
                          "values": [sheet, own_row, y_col, own_row, y_col],
                          "marker": {"type": "diamond", "size": 11, "fill": {"color": fm.OWN_COLOUR},
                                     "border": {"color": fm.OWN_COLOUR}}})
        unit = basis_unit(area, self.params, lang)
        scale = (0, 3, 0.5) if score == "centralisation" else (0, 1, 0.2)
        chart.set_title({"name": f"{SCORE_NAMES[score](lang)} – {FTE_LABEL(lang).lower()} {unit}",
                         "name_font": {"size": 10, "bold": True, "color": fm.HEADER_FILL}})
        chart.set_x_axis({"name": f"{SCORE_NAMES[score](lang)} {SCORE_SCALES[score]}", "min": scale[0],
                          "max": scale[1], "major_unit": scale[2], "num_format": "0.0",
                          "name_font": {"size": 10, "bold": False}, "num_font": {"size": 10}})
        chart.set_y_axis({"name": f"{FTE_LABEL(lang)} {unit}", "min": 0, "num_format": "0",
                          "name_font": {"size": 10, "bold": False}, "num_font": {"size": 10},
                          "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}}})
        chart.set_legend({"position": "bottom", "font": {"size": 10}})
        chart.set_chartarea({"border": {"color": "#BFBFBF"}})
        chart.set_size({"width": CHART_WIDTH, "height": CHART_HEIGHT})
        return chart
