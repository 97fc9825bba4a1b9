"""The "Udvikling" sheet: a participant's key figures over the years against a fixed panel.

One block per key figure (:mod:`engine.report.trends`): the participant's values and the panel's
median per year, the change since last round as a live formula, the panel's n, and a line chart
for each figure marked ``chart`` that reads live copies of the table (#N/A where a value is missing
or suppressed, so a gap, never a zero).
"""

from __future__ import annotations

from xlsxwriter.utility import xl_rowcol_to_cell

from engine.report import formats as fm
from engine.report.chart_data import write_chart_cell
from engine.report.key_messages import Sentence
from engine.report.trend_rounds import figure_notes, round_notes
from engine.report.trends import MAX_YEARS, FigureTrend, Trend
from engine.text import Text

SHEET = Text("Udvikling", "Development")
TITLE = Text("Udvikling over årene", "Development over the years")
INTRO = Text(
    "Hvert år sammenlignes med det samme panel: de andre, der har nøgletallet i alle viste år (n i kolonnen "
    "Panel). Alle år er beregnet igen med årets metode og parametre ud fra de gemte indtastninger.",
    "Each year is compared with the same panel: the others that have the key figure in every year shown (n in "
    "the Panel column). Every year is computed again with this year's method and parameters from the stored inputs.")
SINCE = Text("Siden", "Since")
OWN = Text("Jeres tal", "Your figure")
MEDIAN = Text("Panelets median", "Panel median")
HEADERS = (Text("Nøgletal", "Key figure"), Text("Serie", "Series"))
CHANGE = Text("Ændring siden sidste runde", "Change since last round")
PANEL = Text("Panel, n", "Panel, n")
NOTE = Text("Bemærkning", "Note")
FIRST_ROW = 4
CHART_COL = 16  # the charts' live copies, right of the table


def shortened_note(trend: FigureTrend, min_group: int) -> Text:
    left = trend.available - len(trend.years)
    if len(trend.years) == 1:
        return Text(f"For få har tallet i flere år (mindst {min_group} kræves): kun i år vises.",
                    f"Too few have the figure over several years ({min_group} required): this year only.")
    return Text(f"{left} tidligere år udeladt: ellers for få i panelet (mindst {min_group}).",
                f"{left} earlier years left out: the panel would be too small otherwise ({min_group} required).")


def template_note(years: tuple[int, ...], changed: dict[int, tuple[str, ...]]) -> Text | None:
    marked = [year for year in years if year in changed]
    if not marked:
        return None
    listed = ", ".join(str(year) for year in marked)
    return Text(f"Andet skema i {listed} (genberegnet).", f"Other template in {listed} (recomputed).")


def trend_notes(trend: Trend, years: tuple[int, ...], lang: str) -> str:
    """The sheet's notes on the years shown: rounds left out, run with other settings, files not kept."""
    notes = []
    if trend.left_out:
        listed = ", ".join(map(str, sorted(trend.left_out)))
        notes.append(Text(f"Kunne ikke beregnes igen med årets metode og er udeladt: {listed}.",
                          f"Could not be computed again with this year's method and are left out: {listed}.")(lang))
    notes += [note(lang) for note in round_notes(trend.earlier, years, trend.input_names, years[-1])]
    return " ".join(notes)


def write_trend_sheet(wb, f, trend: Trend | None, participant: str, lang: str) -> Sentence | None:
    """Add the sheet to ``wb`` (nothing without a trend, or without the participant in this round);
    returns page one's live sentence on the change since last round (None without a change to state)."""
    if trend is None:
        return None
    rows = trend.for_participant(participant)
    if not rows:
        return None
    changes: list[tuple[FigureTrend, int]] = []
    charted = 0
    ws = wb.add_worksheet(SHEET(lang))
    years = trend.years[-MAX_YEARS:]
    fm.write_heading(ws, f, TITLE(lang), INTRO(lang), 8 + len(years))
    notes = trend_notes(trend, years, lang)
    if notes:  # across the heading's width, as tall as the text needs
        ws.merge_range(2, 0, 2, 8 + len(years), notes, f["note"])
        ws.set_row(2, fm.row_height(notes, 14 * (9 + len(years))))
    ws.set_column(0, 0, 44)
    ws.set_column(1, 1, 16)
    ws.set_column(2, 1 + len(years), 11)
    ws.set_column(2 + len(years), 4 + len(years), 14)
    ws.set_column(5 + len(years), 5 + len(years), 48)
    header = [h(lang) for h in HEADERS] + [str(y) for y in years] + [CHANGE(lang), PANEL(lang), NOTE(lang)]
    for col, text in enumerate(header):
        ws.write_string(FIRST_ROW - 1, col, text, f["header"])
    row = FIRST_ROW
    for index, item in enumerate(rows):
        fmt = f.num(item.figure.number_format)
        ws.write_string(row, 0, item.figure.label(lang), f["text"])
        ws.write_string(row, 1, OWN(lang), f["text"])
        ws.write_string(row + 1, 0, "", f["text"])
        ws.write_string(row + 1, 1, MEDIAN(lang), f["text"])
        for col, year in enumerate(years, start=2):
            for offset, values in ((0, item.own), (1, item.panel_median)):
                value = values[item.years.index(year)] if year in item.years else float("nan")
                if fm.finite(value):
                    ws.write_number(row + offset, col, value, fmt)
                else:
                    ws.write_string(row + offset, col, fm.DASH, f["dash"])
                write_chart_cell(ws, row + offset, CHART_COL + col - 2, xl_rowcol_to_cell(row + offset, col), value)
        last, before = 1 + len(years), len(years)
        change_col = 2 + len(years)
        if len(item.years) >= 2 and item.years[-2] == years[-2]:
            now, then = xl_rowcol_to_cell(row, last), xl_rowcol_to_cell(row, before)
            fm.write_cached_formula(ws, row, change_col, f"={now}-{then}",
                                    f.num(signed_format(item.figure.number_format)), item.own[-1] - item.own[-2])
            changes.append((item, row))
        else:
            ws.write_string(row, change_col, fm.DASH, f["dash"])
        ws.write_number(row, change_col + 1, item.panel_n, f.num(fm.COUNT))
        notes = [shortened_note(item, trend.min_group)(lang)] if item.shortened or len(item.years) == 1 else []
        marked = template_note(item.years, trend.changed_templates)
        notes += [marked(lang)] if marked else []
        notes += [note(lang) for note in figure_notes(item.figure, item.years, trend.earlier, trend.input_names)]
        ws.write_string(row, change_col + 2, " ".join(notes), f["text"])
        if item.figure.chart:
            charted += 1
            _chart(wb, ws, item, row, len(years), charted - 1, FIRST_ROW + 2 * len(rows) + 2, lang)
        row += 2
    ws.set_column(CHART_COL, CHART_COL + len(years), None, None, {"hidden": True})
    fm.print_setup(ws, TITLE(lang), lang)
    return _change_message(ws.get_name(), changes, len(years), lang)


def _change_message(sheet: str, changes: list[tuple[FigureTrend, int]], n_years: int,
                    lang: str) -> Sentence | None:
    """"Siden 2025: <figure> 0,41 → 0,45 (panelets median 0,40 → 0,41)." for the figure that moved most
    against the panel's median (the change over the median's size); every number live from the sheet."""
    if not changes:
        return None

    def moved(change):
        item = change[0]
        scale = abs(item.panel_median[-1]) if fm.finite(item.panel_median[-1]) and item.panel_median[-1] else 1.0
        return abs(item.own[-1] - item.own[-2]) / scale
    item, row = max(changes, key=moved)
    quoted = "'" + sheet.replace("'", "''") + "'!"
    decimals, factor, unit = _number_style(item.figure.number_format)
    s = Sentence().text(f"{SINCE(lang)} {item.years[-2]}: {item.figure.label(lang)} ")

    def number(r: int, c: int, value: float) -> None:
        cell = quoted + xl_rowcol_to_cell(r, c)
        s.number(f"{cell}*{factor}" if factor != 1 else cell, value * factor, decimals, lang).text(unit)
    number(row, 1 + n_years - 1, item.own[-2])
    s.text(" → ")
    number(row, 1 + n_years, item.own[-1])
    if all(fm.finite(v) for v in item.panel_median[-2:]):
        s.text(f" ({MEDIAN(lang).lower()} ")
        number(row + 1, 1 + n_years - 1, item.panel_median[-2])
        s.text(" → ")
        number(row + 1, 1 + n_years, item.panel_median[-1])
        s.text(f", n = {item.panel_n})")
    return s.text(".")


def _number_style(number_format: str) -> tuple[int, int, str]:
    """(decimals, factor, unit) of a figure's number format: 0.0% is ×100 with one decimal and " %"."""
    first = number_format.split(";")[0]
    decimals = len(first.partition(".")[2].rstrip("%"))
    return (decimals, 100, " %") if first.endswith("%") else (decimals, 1, "")


def _chart(wb, ws, item: FigureTrend, row: int, n_years: int, index: int, top: int, lang: str) -> None:
    sheet = ws.get_name()  # XlsxWriter quotes it in the chart's references
    chart = wb.add_chart({"type": "line"})
    categories = [sheet, FIRST_ROW - 1, 2, FIRST_ROW - 1, 1 + n_years]
    for offset, name, colour in ((0, OWN(lang), fm.OWN_COLOUR),
                                 (1, f"{MEDIAN(lang)} (n = {item.panel_n})", fm.PEER_COLOUR)):
        chart.add_series({"name": name, "categories": categories,
                          "values": [sheet, row + offset, CHART_COL, row + offset, CHART_COL + n_years - 1],
                          "line": {"color": colour, "width": 2.25}, "marker": {"type": "circle"}})
    chart.show_na_as_empty_cell()
    chart.show_blanks_as("gap")
    chart.set_title({"name": item.figure.label(lang), "name_font": {"size": 10}})
    chart.set_legend({"position": "bottom"})
    chart.set_size({"width": 420, "height": 220})
    ws.insert_chart(top + (index // 2) * 12, (index % 2) * 4, chart)


def signed_format(number_format: str) -> str:
    """A change shows its sign: +1.5 and -1.5 (a format with sections already says how)."""
    return number_format if ";" in number_format else f"+{number_format};-{number_format};{number_format}"
