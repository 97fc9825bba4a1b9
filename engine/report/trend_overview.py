"""The overview's "Udvikling" sheet: every participant's key figures over the stored rounds.

The consultant's overview names everyone, so it lists each participant's own values per year (a
dash where it has none) and the change since last round as a live formula; per figure it also
gives the median of the participants present in every year shown (the round's fixed panel, n).
"""

from __future__ import annotations

import numpy as np
from xlsxwriter.utility import xl_rowcol_to_cell

from engine.report import formats as fm
from engine.report.trend_sheet import CHANGE, SHEET, signed_format, template_note, trend_notes
from engine.report.trends import MAX_YEARS, Trend
from engine.text import Text

PARTICIPANT = Text("Deltager", "Participant")
FIGURE = Text("Nøgletal", "Key figure")
PANEL_MEDIAN = Text("Median, til stede alle år", "Median, present every year")
INTRO = Text("Alle år er beregnet igen med årets metode og parametre ud fra de gemte indtastninger. Medianen "
             "er over dem, der har tallet i alle viste år (n).",
             "Every year is computed again with this year's method and parameters from the stored inputs. The "
             "median is over those that have the figure in every year shown (n).")


def add_trend_overview_sheet(wb, f, trend: Trend | None, names: dict[str, str], title: str, lang: str) -> None:
    """Add the sheet (nothing without a trend); ``names``: participant key -> name."""
    if trend is None:
        return
    ws = wb.add_worksheet(SHEET(lang))
    years = trend.years[-MAX_YEARS:]
    templates = template_note(years, trend.changed_templates)
    notes = " ".join(filter(None, [templates(lang) if templates else "", trend_notes(trend, years, lang)]))
    fm.write_consultant_header(ws, f, title, INTRO(lang), notes)
    ws.set_column(0, 0, 34)
    ws.set_column(1, 1, 44)
    ws.set_column(2, 3 + len(years), 13)
    header = [PARTICIPANT(lang), FIGURE(lang), *map(str, years), CHANGE(lang), "n"]
    for col, text in enumerate(header):
        ws.write_string(4, col, text, f["header"])
    row = 5
    current = years[-1]
    for figure in trend.figures:
        fmt = f.num(figure.number_format)
        columns = {year: trend.values[year][figure.id] if figure.id in trend.values[year] else None for year in years}
        present = [set(c.dropna().index.astype(str)) if c is not None else set() for c in columns.values()]
        panel = set.intersection(*present)
        medians = [float(np.median([columns[year][key] for key in panel])) if panel else np.nan for year in years]
        ws.write_string(row, 0, PANEL_MEDIAN(lang), f["band"])
        ws.write_string(row, 1, figure.label(lang), f["band"])
        for col, value in enumerate(medians, start=2):
            _value(ws, f, row, col, value, fmt)
        ws.write_number(row, 3 + len(years), len(panel), f.num(fm.COUNT))
        row += 1
        for key in sorted(present[-1], key=lambda k: names.get(k, k)):
            ws.write_string(row, 0, names.get(key, key), f["text"])
            ws.write_string(row, 1, figure.label(lang), f["text"])
            values = [float(columns[year].get(key, np.nan)) if columns[year] is not None else np.nan for year in years]
            for col, value in enumerate(values, start=2):
                _value(ws, f, row, col, value, fmt)
            if len(years) >= 2 and fm.finite(values[-1]) and fm.finite(values[-2]):
                now, then = xl_rowcol_to_cell(row, 1 + len(years)), xl_rowcol_to_cell(row, len(years))
                fm.write_cached_formula(ws, row, 2 + len(years), f"={now}-{then}",
                                        f.num(signed_format(figure.number_format)), values[-1] - values[-2])
            row += 1
    ws.freeze_panes(5, 2)
    ws.autofilter(4, 0, row - 1, 3 + len(years))
    fm.print_setup(ws, f"{SHEET(lang)} {current}", lang, repeat_row=4)


def _value(ws, f, row: int, col: int, value: float, fmt) -> None:
    if fm.finite(value):
        ws.write_number(row, col, value, fmt)
    else:
        ws.write_string(row, col, fm.DASH, f["dash"])
