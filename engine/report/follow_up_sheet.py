"""The "Opfølgning" sheets: last round's planned actions, their status, and how the targeted figures
moved against the fixed panel (:mod:`engine.report.follow_up`).

One row per planned action and targeted figure: the participant's value in the plan's round and in
this round, its change (a live formula), the panel's medians and their change (live), and the
change against the panel (live: own change minus the panel's), with the panel's n; a gap where a
value is missing or the panel does not reach back, and the row says why. The participant report
shows its own actions; the consultant's overview shows every participant's, the same columns.
"""

from __future__ import annotations

from xlsxwriter.utility import xl_rowcol_to_cell

from engine.report import formats as fm
from engine.report.follow_up import FollowedAction, FollowUp
from engine.report.headers import fit_written_header, wrapped_row_height
from engine.report.trend_sheet import signed_format
from engine.text import Text

SHEET = Text("Opfølgning", "Follow-up")


def title(follow_up: FollowUp) -> Text:
    return Text(f"Opfølgning på handleplanen for {follow_up.plan_year}",
                f"Follow-up of the {follow_up.plan_year} action plan")


def intro(follow_up: FollowUp) -> Text:
    y0, y1 = follow_up.plan_year, follow_up.year
    return Text(
        f"Hvert tiltag fra handleplanen for {y0} med den status, der blev angivet, og hvordan de nøgletal, "
        f"tiltaget sigter på, har bevæget sig fra {y0} til {y1}: jeres ændring, ændringen i panelets median (det "
        "samme faste panel som på arket Udvikling, n i kolonnen Panel) og forskellen. Et tal viser ikke, at "
        "tiltaget var årsagen.",
        f"Each action of the {y0} action plan with the status given, and how the key figures it aims at moved from "
        f"{y0} to {y1}: your change, the change of the panel's median (the same fixed panel as on the Development "
        "sheet, n in the Panel column) and the difference. A figure does not show that the action was the cause.")


def headers(follow_up: FollowUp) -> tuple[Text, ...]:
    y0, y1 = follow_up.plan_year, follow_up.year
    return (Text("Id", "Id"), Text("Valgt tiltag", "Chosen action"), Text("Ansvarlig", "Owner"),
            Text("Frist", "Deadline"), Text("Status", "Status"), Text("Nøgletal", "Key figure"),
            Text(f"Jeres tal {y0}", f"Your figure {y0}"), Text(f"Jeres tal {y1}", f"Your figure {y1}"),
            Text("Jeres ændring", "Your change"), Text(f"Panelets median {y0}", f"Panel median {y0}"),
            Text(f"Panelets median {y1}", f"Panel median {y1}"), Text("Panelets ændring", "Panel's change"),
            Text("Ændring mod panelet", "Change against the panel"), Text("Panel, n", "Panel, n"),
            Text("Bemærkning", "Note"))


REASONS = {
    "no-own-value": Text("Tallet mangler i et af årene.", "The figure is missing in one of the years."),
    "panel-not-back": Text("Det faste panel når ikke tilbage til planens år (for få har tallet i alle år).",
                           "The fixed panel does not reach back to the plan's year (too few have the figure in "
                           "every year)."),
    "panel-too-small": Text("For få i panelet til at vise dets median.", "Too few in the panel to show its median."),
}
NO_FIGURE = Text("Punktet følges ikke af et nøgletal over årene.", "No key figure over the years follows this item.")
# The first column, the item's id (how the plan names it), is hidden: a code, not a word for the reader. The
# rest fit A4 landscape at 7 pt or larger, their text wrapping.
WIDTHS = (16, 26, 13, 10, 10, 24, 9, 9, 9, 9, 9, 9, 10, 7, 24)


def write_follow_up_sheet(wb, f, follow_up: FollowUp | None, participant: str, lang: str) -> None:
    """The participant's follow-up sheet (nothing without a returned plan for the previous round)."""
    if follow_up is None or not follow_up.of(participant):
        return
    ws = wb.add_worksheet(SHEET(lang))
    heading, text = title(follow_up)(lang), intro(follow_up)(lang)
    ws.write_string(0, 1, heading, f["title"])  # column A holds the hidden ids
    ws.set_row(0, 26)
    ws.merge_range(1, 1, 1, len(WIDTHS) - 1, text, f["note"])
    ws.set_row(1, fm.row_height(text, sum(WIDTHS[1:])))
    _table(ws, f, [(None, action) for action in follow_up.of(participant)], follow_up, lang, 0)
    fm.print_setup(ws, heading, lang, repeat_row=4)


def add_follow_up_overview_sheet(wb, f, follow_up: FollowUp | None, names: dict[str, str], title_: str,
                                 lang: str) -> None:
    """The overview's follow-up sheet: every participant's actions, a name column first."""
    if follow_up is None or not follow_up.actions:
        return
    ws = wb.add_worksheet(SHEET(lang))
    fm.write_consultant_header(ws, f, title_, intro(follow_up)(lang),
                               Text(f"{len(follow_up.actions)} af {len(names)} returnerede en plan for "
                                    f"{follow_up.plan_year}.",
                                    f"{len(follow_up.actions)} of {len(names)} returned a plan for "
                                    f"{follow_up.plan_year}.")(lang))
    rows = [(names.get(key, key), action) for key in sorted(follow_up.actions, key=lambda k: names.get(k, k))
            for action in follow_up.actions[key]]
    ws.write_string(4, 0, Text("Deltager", "Participant")(lang), f["header"])
    ws.set_column(0, 0, 28)
    _table(ws, f, rows, follow_up, lang, 1)
    ws.freeze_panes(5, 1)
    fm.print_setup(ws, title_, lang, repeat_row=4)


def _table(ws, f, rows: list[tuple[str | None, FollowedAction]], follow_up: FollowUp, lang: str,
           first_col: int) -> None:
    header_row = 4
    for col, (header, width) in enumerate(zip(headers(follow_up), WIDTHS), start=first_col):
        ws.write_string(header_row, col, header(lang), f["header"])
        ws.set_column(col, col, width, None, {"hidden": col == first_col})
    fit_written_header(ws, header_row, {col: header(lang) for col, header in
                                        enumerate(headers(follow_up), start=first_col) if col > first_col})
    row = header_row + 1
    for name, action in rows:
        for move in action.moves or (None,):
            if name is not None:
                ws.write_string(row, 0, name, f["text"])
            for col, text in enumerate((action.item, action.action, action.owner, action.deadline or "",
                                        action.status), start=first_col):
                ws.write_string(row, col, text, f["text"])
            figure_col = first_col + 5
            height = wrapped_row_height([(text, WIDTHS[index]) for index, text in
                                         ((1, action.action), (2, action.owner),
                                          (5, move.figure.label(lang) if move else ""),
                                          (14, NO_FIGURE(lang) if move is None
                                           else REASONS[move.reason](lang) if move.reason else ""))])
            if height:
                ws.set_row(row, height)
            if move is None:
                ws.write_string(row, figure_col, fm.DASH, f["dash"])
                ws.write_string(row, figure_col + 9, NO_FIGURE(lang), f["text"])
                row += 1
                continue
            fmt = f.num(move.figure.number_format)
            signed = f.num(signed_format(move.figure.number_format))
            ws.write_string(row, figure_col, move.figure.label(lang), f["text"])
            own0, own1, own_change, panel0, panel1, panel_change, against, n_col, note_col = range(
                figure_col + 1, figure_col + 10)
            _number_or_gap(ws, f, row, own0, move.own[0], fmt)
            _number_or_gap(ws, f, row, own1, move.own[1], fmt)
            _difference(ws, f, row, own_change, own1, own0, move.own_change, signed)
            _number_or_gap(ws, f, row, panel0, move.panel_median[0], fmt)
            _number_or_gap(ws, f, row, panel1, move.panel_median[1], fmt)
            _difference(ws, f, row, panel_change, panel1, panel0, move.panel_change, signed)
            _difference(ws, f, row, against, own_change, panel_change, move.against_panel, signed)
            if move.panel_n:
                ws.write_number(row, n_col, move.panel_n, f.num(fm.COUNT))
            else:
                ws.write_string(row, n_col, fm.DASH, f["dash"])
            ws.write_string(row, note_col, REASONS[move.reason](lang) if move.reason else "", f["text"])
            row += 1


def _number_or_gap(ws, f, row: int, col: int, value: float, fmt) -> None:
    if fm.finite(value):
        ws.write_number(row, col, value, fmt)
    else:
        ws.write_string(row, col, fm.DASH, f["dash"])


def _difference(ws, f, row: int, col: int, later: int, earlier: int, value: float, fmt) -> None:
    """``=later-earlier`` live, with the engine's value cached; a gap where the engine has none."""
    if fm.finite(value):
        fm.write_cached_formula(ws, row, col, f"={xl_rowcol_to_cell(row, later)}-{xl_rowcol_to_cell(row, earlier)}",
                                fmt, value)
    else:
        ws.write_string(row, col, fm.DASH, f["dash"])
