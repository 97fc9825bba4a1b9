"""The overview's "Handleplaner" sheet: who returned an action plan for the round, and what was chosen;
before it, the follow-up of last round's plans."""

from __future__ import annotations

from engine.report import formats as fm
from engine.report.follow_up_sheet import add_follow_up_overview_sheet
from engine.text import Text

SHEET = Text("Handleplaner", "Action plans")
INTRO = Text("Returnerede handleplaner (kommunebench plan ingest): ét tiltag pr. række; deltagere uden plan står "
             "med 'ingen plan returneret'.",
             "Returned action plans (kommunebench plan ingest): one action a row; participants without a plan are "
             "listed as 'no plan returned'.")
HEADERS = (Text("Deltager", "Participant"), Text("Punkt", "Item"), Text("Valgt tiltag", "Chosen action"),
           Text("Ansvarlig", "Owner"), Text("Frist", "Deadline"), Text("Forventet effekt", "Expected effect"),
           Text("Status", "Status"))
NONE = Text("ingen plan returneret", "no plan returned")
EMPTY = Text("plan returneret uden valgte tiltag", "plan returned with no action chosen")


def add_plan_overview_sheet(wb, f, results, names: dict[str, str], title: str, lang: str) -> None:
    """Add the follow-up of last round's plans (:mod:`engine.report.follow_up_sheet`) and this round's
    returned plans (nothing when the round's plans were not read: ``results.plans`` as
    :func:`engine.store.plans.current_plans` gives them); ``names``: participant key -> name."""
    add_follow_up_overview_sheet(wb, f, getattr(results, "follow_up", None), names, title, lang)
    plans = getattr(results, "plans", None)
    if plans is None:
        return
    ws = wb.add_worksheet(SHEET(lang))
    fm.write_consultant_header(ws, f, title, INTRO(lang),
                               Text(f"{len(plans)} af {len(names)} har returneret en plan.",
                                    f"{len(plans)} of {len(names)} returned a plan.")(lang))
    for col, width in enumerate((30, 22, 40, 18, 12, 30, 14)):
        ws.set_column(col, col, width)
    for col, header in enumerate(HEADERS):
        ws.write_string(4, col, header(lang), f["header"])
    row = 5
    for key in sorted(names, key=lambda k: names[k]):
        actions = plans.get(key)
        if not actions:
            ws.write_string(row, 0, names[key], f["text"])
            ws.write_string(row, 1, (EMPTY if key in plans else NONE)(lang), f["text"])
            row += 1
            continue
        for action in actions:
            ws.write_string(row, 0, names[key], f["text"])
            for col, value in enumerate(action, start=1):
                ws.write_string(row, col, "" if value is None else str(value), f["text"])
            row += 1
    ws.freeze_panes(5, 1)
    fm.print_setup(ws, title, lang, repeat_row=4)
