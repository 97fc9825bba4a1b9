"""The "Handleplan" sheet of a participant report, and reading it back when the plan is returned.

Each flagged item gets one row: what is flagged, the catalogue's matched improvement examples with
their stated gains, and five cells for the participant: the chosen action (a list of the matched
examples and "Eget tiltag"), owner, deadline (a date), expected effect and status (a list). Only
those cells are unlocked; the sheet is protected without a password, so the layout stays as written
and a returned plan can be read by position. Reading checks what a list or date validation would
have refused (a pasted value passes Excel's validation) and says where: ``'Handleplan'!F7``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from xlsxwriter.utility import xl_rowcol_to_cell

from engine.report import formats as fm
from engine.report.follow_up_sheet import write_follow_up_sheet
from engine.report.headers import wrapped_row_height
from engine.text import Text
from engine.validation.issues import Issue

SHEET = Text("Handleplan", "Action plan")
TITLE = Text("Handleplan", "Action plan")
INTRO = Text(
    "Vælg for hvert markeret punkt et tiltag (et af eksemplerne eller Eget tiltag), og skriv ansvarlig, frist, "
    "forventet effekt og status. Kun de gule celler kan ændres. Send projektmappen tilbage til konsulenten; "
    "næste runde viser, hvordan det gik.",
    "For each flagged item choose an action (one of the examples or Own action), and give owner, deadline, "
    "expected effect and status. Only the yellow cells can be changed. Return the workbook to the consultant; "
    "the next round shows how it went.")
HEADERS = (Text("Id", "Id"), Text("Markeret", "Flagged"), Text("Eksempler fra kataloget (gevinst)",
                                                                 "Examples from the catalogue (gains)"),
           Text("Valgt tiltag", "Chosen action"), Text("Ansvarlig", "Owner"), Text("Frist", "Deadline"),
           Text("Forventet effekt", "Expected effect"), Text("Status", "Status"))
OWN_ACTION = Text("Eget tiltag", "Own action")
STATUSES = (Text("Planlagt", "Planned"), Text("I gang", "In progress"), Text("Gennemført", "Done"),
            Text("Opgivet", "Dropped"))
WIDTHS = (10, 32, 60, 28, 16, 11, 26, 11)  # landscape A4 at 7 pt or larger
FIRST_ROW = 4
CHOICE_COL, OWNER_COL, DEADLINE_COL, EFFECT_COL, STATUS_COL = 3, 4, 5, 6, 7
LIST_COL = 12  # the hidden lists the choice cells offer, one column per item
IDENTITY_ROW, IDENTITY_COL = 2, 11  # hidden too: "benchmark|year|participant"


@dataclass(frozen=True)
class PlanItem:
    """One flagged item: a stable id (the next round finds it by this), its text and its examples."""

    id: str
    flagged: str
    examples: tuple[tuple[str, str], ...]  # (title, gains)


@dataclass(frozen=True)
class PlannedAction:
    item: str
    action: str
    owner: str
    deadline: dt.date | None
    effect: str
    status: str
    location: str  # 'Handleplan'!D5, the row's choice cell


def write_action_plan(wb, f, items: list[PlanItem], lang: str, identity: str, follow_up=None) -> None:
    """``identity``: "benchmark|year|participant", kept in a locked cell so a returned plan says whose it is.
    ``follow_up`` (:class:`engine.report.follow_up.FollowUp`): last round's plan followed up on its own
    sheet before this one (looking back, then ahead)."""
    write_follow_up_sheet(wb, f, follow_up, identity.rsplit("|", 1)[-1], lang)
    ws = wb.add_worksheet(SHEET(lang))
    ws.write_string(0, 1, TITLE(lang), f["title"])
    # Wrapped, so the hidden cells' text never runs into a printed column (LibreOffice draws the overflow).
    hidden_text = wb.add_format({"text_wrap": True})
    ws.write_string(IDENTITY_ROW, IDENTITY_COL, identity, hidden_text)
    ws.set_row(0, 26)
    ws.merge_range(1, 1, 1, STATUS_COL, INTRO(lang), f["note"])
    ws.set_row(1, 42)
    # The item's id (how a returned plan and the next round find the item) stays in the file but off the
    # page: it is a code, not a word for the reader.
    ws.set_column(0, 0, WIDTHS[0], None, {"hidden": True})
    for col, width in enumerate(WIDTHS[1:], start=1):
        ws.set_column(col, col, width)
    for col, header in enumerate(HEADERS):
        ws.write_string(FIRST_ROW - 1, col, header(lang), f["header"])
    unlocked = wb.add_format({"locked": False, "bg_color": "#FFF2CC", "border": 1, "border_color": "#BFBFBF",
                              "text_wrap": True, "valign": "top", "font_name": "Calibri", "font_size": 10})
    date = wb.add_format({"locked": False, "bg_color": "#FFF2CC", "border": 1, "border_color": "#BFBFBF",
                          "num_format": "yyyy-mm-dd", "valign": "top", "font_name": "Calibri", "font_size": 10})
    statuses = [s(lang) for s in STATUSES]
    for offset, item in enumerate(items):
        row = FIRST_ROW + offset
        ws.write_string(row, 0, item.id, f["text"])
        ws.write_string(row, 1, item.flagged, f["text"])
        examples = "\n".join(f"{title} ({gains})" if gains else title for title, gains in item.examples) or "–"
        ws.write_string(row, 2, examples, f["text"])
        choices = [title for title, _ in item.examples] + [OWN_ACTION(lang)]
        for index, choice in enumerate(choices):
            ws.write_string(index, LIST_COL + offset, choice, hidden_text)
        source = "=" + xl_rowcol_to_cell(0, LIST_COL + offset, True, True) + ":" + \
            xl_rowcol_to_cell(len(choices) - 1, LIST_COL + offset, True, True)
        ws.write_blank(row, CHOICE_COL, None, unlocked)
        ws.data_validation(row, CHOICE_COL, row, CHOICE_COL, {"validate": "list", "source": source})
        ws.write_blank(row, OWNER_COL, None, unlocked)
        ws.write_blank(row, DEADLINE_COL, None, date)
        ws.write_blank(row, EFFECT_COL, None, unlocked)
        ws.write_string(row, STATUS_COL, statuses[0], unlocked)
        ws.set_row(row, max(30, 14 * (len(item.examples) + 1),
                            wrapped_row_height(((item.flagged, WIDTHS[1]), (examples, WIDTHS[2]))) or 0))
    if items:  # one validation over the column, not one a row: each costs as much to write as a row
        last = FIRST_ROW + len(items) - 1
        ws.data_validation(FIRST_ROW, DEADLINE_COL, last, DEADLINE_COL,
                           {"validate": "date", "criteria": ">", "value": dt.date(2000, 1, 1)})
        ws.data_validation(FIRST_ROW, STATUS_COL, last, STATUS_COL, {"validate": "list", "source": statuses})
    ws.set_column(IDENTITY_COL, LIST_COL + max(len(items), 1) - 1, None, None, {"hidden": True})
    # The print area ends at the plan: the empty columns right of it would shrink the printed page.
    ws.print_area(0, 0, FIRST_ROW + max(len(items), 1) - 1, STATUS_COL)
    fm.print_setup(ws, TITLE(lang), lang, repeat_row=FIRST_ROW - 1)
    ws.protect("", {"format_columns": True, "format_rows": True})


def read_action_plan(path, rows: list[list], choices: dict[str, list[str]], lang: str
                     ) -> tuple[list[PlannedAction], list[Issue]]:
    """The planned actions of a returned plan (``rows``: the sheet's cells as calamine gives them) and
    the findings, each at its cell. ``choices``: item id -> the examples offered for it."""
    actions, issues = [], []
    sheet = SHEET(lang)
    statuses = {s(lang) for s in STATUSES}
    for r in range(FIRST_ROW, len(rows)):
        cells = list(rows[r]) + [""] * (STATUS_COL + 1 - len(rows[r]))
        item = str(cells[0]).strip()
        if not item:
            continue
        action, owner, deadline, effect, status = (cells[c] for c in (CHOICE_COL, OWNER_COL, DEADLINE_COL,
                                                                      EFFECT_COL, STATUS_COL))

        def cell(col: int) -> str:
            return xl_rowcol_to_cell(r, col)
        if item not in choices:
            issues.append(Issue("plan-unknown-item", str(path), sheet, cell(0), None, {"found": item}))
            continue
        if action in ("", None):
            continue  # nothing chosen for this item
        offered = [*choices[item], OWN_ACTION(lang)]
        if str(action) not in offered:
            issues.append(Issue("plan-unknown-action", str(path), sheet, cell(CHOICE_COL), None,
                                {"found": str(action)}))
        if str(status) not in statuses:
            issues.append(Issue("plan-unknown-status", str(path), sheet, cell(STATUS_COL), None,
                                {"found": str(status), "allowed": ", ".join(s(lang) for s in STATUSES)}))
        when = deadline if isinstance(deadline, dt.date) else None
        if isinstance(deadline, dt.datetime):
            when = deadline.date()
        if deadline not in ("", None) and when is None:
            issues.append(Issue("plan-deadline-not-a-date", str(path), sheet, cell(DEADLINE_COL), None,
                                {"found": str(deadline)}))
        if not str(owner or "").strip():
            issues.append(Issue("plan-owner-missing", str(path), sheet, cell(OWNER_COL), None, {}))
        actions.append(PlannedAction(item, str(action), str(owner or ""), when, str(effect or ""), str(status),
                                     f"'{sheet}'!{cell(CHOICE_COL)}"))
    return actions, issues
