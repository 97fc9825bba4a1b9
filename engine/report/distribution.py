"""The consultant's picture of a round: each key indicator's distribution, every participant a point.

One block per indicator: a small table (participants sorted by value, named – the overview is for the
consultant only) and beside it a scatter chart of the same numbers. The median is a live formula
over the table and a dashed line in the chart; points at it (within ``engine.peers.comparison``'s
tolerance) or on its good side are green, points on the bad side red, and the value axis says which
way is better. An indicator without a better direction is drawn in grey.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass

from xlsxwriter.utility import xl_range_abs, xl_rowcol_to_cell

from engine.peers.comparison import at_or_better
from engine.report import formats as fm
from engine.report.formats import write_cached_formula
from engine.text import Text

BETTER = {"higher": Text("højere er bedre ↑", "higher is better ↑"),
          "lower": Text("lavere er bedre ↓", "lower is better ↓"), None: Text("ingen bedre retning",
                                                                                "no better direction")}
GOOD, BAD, NEUTRAL = "#63BE7B", "#F8696B", "#7F7F7F"
BLOCK_ROWS = 22  # a chart's height in rows; a block is at least this tall
CHART_COL = 5    # charts start in column F, right of the table
HELPER_COL = 4   # the hidden column of the cells only the charts read


@dataclass(frozen=True)
class Distribution:
    """One indicator of the round: its name, unit, better direction, number format and the
    participants' (label, value) pairs (values that are not finite are left out)."""

    name: str
    unit: str
    better: str | None
    num_format: str
    points: list[tuple[str, float]]


def write_distributions(wb, ws, f, lang: str, first_row: int, distributions: list[Distribution], title: str) -> int:
    """Write the blocks from ``first_row`` on ``ws``; returns the formulas written."""
    t = lambda da, en: Text(da, en)(lang)  # noqa: E731
    # The label column as wide as the longest label ("Bostedet Solsikken (BO-0102, Odsherred)"), within reason.
    longest = max((len(label) for item in distributions for label, _ in item.points), default=0)
    for col, width in enumerate((min(48, max(28, round(longest * 0.95))), 12, 12, 12)):
        ws.set_column(col, col, width)
    ws.set_column(HELPER_COL, HELPER_COL, 3, None, {"hidden": True})
    row, formulas = first_row, 0
    for item in distributions:
        points = sorted(((label, float(value)) for label, value in item.points if fm.finite(value)),
                        key=lambda point: point[1])
        if not points:
            continue
        block = max(len(points) + 6, BLOCK_ROWS + 2)
        ws.merge_range(row, 0, row, CHART_COL + 8, f"{item.name} ({item.unit}) – {BETTER[item.better](lang)}",
                       f["section"])
        ws.set_row(row, 20)
        header = row + 1
        headers = (t("Deltager", "Participant"), t("Værdi", "Value"), t("Medianen eller bedre", "The median or better"),
                   t("Dårligere end medianen", "Worse than the median"))
        for col, text in enumerate(headers):
            ws.write_string(header, col, text, f["header_left" if col == 0 else "header"])
        ws.set_row(header, 30)
        first = header + 1
        last = first + len(points) - 1
        median = statistics.median(value for _, value in points)
        fmt = f.num(item.num_format)
        for offset, (label, value) in enumerate(points):
            at = first + offset
            ws.write_string(at, 0, label, f["label"])
            ws.write_number(at, 1, value, fmt)
            # The participant at the median counts as good: it is not worse than the median.
            good = item.better is not None and at_or_better(value, median, item.better)
            bad = item.better is not None and not good
            # Plain copies in the good or the bad column: a chart skips blank cells, so each point
            # appears once, in its colour.
            for col, member in ((2, good), (3, bad)):
                if member:
                    ws.write_number(at, col, value, fmt)
                else:
                    ws.write_blank(at, col, None, fmt)
        median_row = last + 1
        ws.write_string(median_row, 0, "Median", f["label_bold"])
        write_cached_formula(ws, median_row, 1, f"=MEDIAN({xl_range_abs(first, 1, last, 1)})",
                             f.num(item.num_format, bold=True), median)
        formulas += 1
        # Chart-only cells in column E, hidden (the chart shows hidden data): the participants'
        # positions 1..n on the horizontal axis, then the median line's two x values and two y values.
        for offset in range(len(points)):
            ws.write_number(first + offset, HELPER_COL, offset + 1, f["helper"])
        ws.write_number(median_row, HELPER_COL, 0.5, f["helper"])
        ws.write_number(median_row + 1, HELPER_COL, len(points) + 0.5, f["helper"])
        for offset in (2, 3):
            ws.write_formula(median_row + offset, HELPER_COL, f"={xl_rowcol_to_cell(median_row, 1)}", f["helper"],
                             median)
        formulas += 2
        chart = distribution_chart(wb, item, lang, SeriesCells(
            ws.get_name(), [first, HELPER_COL, last, HELPER_COL], [first, 1, last, 1], [first, 2, last, 2],
            [first, 3, last, 3], [median_row, HELPER_COL, median_row + 1, HELPER_COL],
            [median_row + 2, HELPER_COL, median_row + 3, HELPER_COL]), last - first + 1)
        chart.set_size({"width": 620, "height": 20 * BLOCK_ROWS - 10})
        ws.insert_chart(row + 1, CHART_COL, chart, {"x_offset": 4, "y_offset": 0, "object_position": 3})
        row += block
    fm.print_setup(ws, title, lang)  # the page breaks (a chart with its heading) are print_layout's
    return formulas


@dataclass(frozen=True)
class SeriesCells:
    """Where a distribution chart reads its series: the sheet, then [first row, first col, last row,
    last col] of the points' positions 1..n, all values (drawn when there is no better direction),
    the good-side and bad-side copies, and the median line's two x and two y values."""

    sheet: str
    positions: list[int]
    values: list[int]
    good: list[int]
    bad: list[int]
    median_x: list[int]
    median_y: list[int]


def distribution_chart(wb, item: Distribution, lang: str, cells: SeriesCells, count: int, text_scale: float = 1.0):
    """A scatter chart of one indicator's ``count`` sorted points, coloured by side of the median; its
    type sizes times ``text_scale`` (larger on a sheet printed smaller than its size)."""
    name = cells.sheet
    size = lambda points: round(points * text_scale, 1)  # noqa: E731
    chart = wb.add_chart({"type": "scatter"})
    positions = [name, *cells.positions]
    marker = {"type": "circle", "size": 7}
    if item.better is None:
        chart.add_series({"name": Text("Deltagere", "Participants")(lang), "categories": positions,
                          "values": [name, *cells.values],
                          "marker": {**marker, "fill": {"color": NEUTRAL}, "border": {"color": NEUTRAL}}})
    else:
        for where, colour, label in ((cells.good, GOOD, Text("Medianen eller bedre", "The median or better")),
                                     (cells.bad, BAD, Text("Dårligere end medianen", "Worse than the median"))):
            chart.add_series({"name": label(lang), "categories": positions, "values": [name, *where],
                              "marker": {**marker, "fill": {"color": colour}, "border": {"color": colour}}})
    chart.add_series({"name": "Median", "categories": [name, *cells.median_x], "values": [name, *cells.median_y],
                      "line": {"color": fm.HEADER_FILL, "dash_type": "dash", "width": 1.25}, "marker": {"type": "none"}})
    chart.set_title({"name": item.name, "name_font": {"size": size(11), "bold": True, "color": fm.HEADER_FILL}})
    chart.set_x_axis({"name": Text("Deltagerne i rækkefølge efter værdi", "Participants in order of value")(lang),
                      "name_font": {"size": size(9), "bold": False}, "min": 0, "max": count + 1,
                      "major_unit": 5 if count <= 60 else 10, "num_font": {"size": size(8)}})
    chart.set_y_axis({"name": f"{item.unit} – {BETTER[item.better](lang)}", "name_font": {"size": size(9), "bold": False},
                      "num_format": item.num_format, "num_font": {"size": size(8)},
                      "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}}})
    chart.set_legend({"position": "bottom", "font": {"size": size(9)}})
    chart.set_chartarea({"border": {"color": "#BFBFBF"}})
    chart.show_hidden_data()
    return chart
