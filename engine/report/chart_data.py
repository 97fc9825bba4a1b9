"""The cells a chart reads: a number or #N/A, never text, so a suppressed value is a gap.

Excel draws a text cell in a chart's number range ("–" for a suppressed figure) as 0, and so does a
viewer that reads XlsxWriter's cache; #N/A and empty cells are left out by Excel and LibreOffice
alike. A table keeps its "–" for the reader; the chart reads a live copy beside it that turns
anything but a number into #N/A (``ReportWorkbook`` leaves such points out of the cache too).
"""

from __future__ import annotations

from engine.report.formats import finite

GAP = "#N/A"


def gap_formula(source: str) -> str:
    return f"=IF(ISNUMBER({source}),{source},NA())"


def write_chart_cell(ws, row: int, col: int, source: str, value: object, fmt=None) -> None:
    """A chart's live copy of the cell ``source``, cached as the engine's number or #N/A."""
    ws.write_formula(row, col, gap_formula(source), fmt, float(value) if finite(value) else GAP)


def write_chart_number(ws, row: int, col: int, value: object, fmt=None) -> None:
    """An engine value that only a chart reads: the number, or an empty cell (a gap)."""
    if finite(value):
        ws.write_number(row, col, float(value), fmt)
    else:
        ws.write_blank(row, col, None, fmt)
