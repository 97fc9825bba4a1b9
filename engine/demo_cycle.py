"""The demo's yearly cycle before this year's round: earlier rounds reported, action plans returned.

For each earlier year the municipalities' submissions are written and ingested, the round's reports
are written, and some municipalities fill in the "Handleplan" sheet of their report (as a person
would, in a spreadsheet program: here openpyxl) and return it; the plans are validated and stored
with ``kommunebench plan ingest``'s own code (:func:`engine.plan_returns.ingest_plan`). A municipality
that chose an action in an area works on it: its FTE in that area are drawn a little lower the next
year, so the next report's follow-up (sheet Opfølgning) has something to show.
"""

from __future__ import annotations

import datetime as dt
import random
import warnings
from collections.abc import Callable
from pathlib import Path

from engine.run import ingest_files, run_round
from engine.store.database import Store
from engine.templates.writer import write_template

PLANNERS = 12  # municipalities (the first by code) whose reports are written and who return a plan
ACTIONS_PER_PLAN = 2
EFFECT = 0.9  # FTE of an area with a chosen action, next year against what would have been drawn
OWNERS = ("Økonomichefen", "HR-chefen", "Direktøren", "Digitaliseringskonsulenten")
EFFECTS = ("Færre manuelle bilag", "Kortere sagsbehandlingstid", "Flere selvbetjeningsløsninger",
           "Samling af opgaven i en central enhed")


def earlier_rounds(domain, codes: list[str], drawn: Callable[[int, str], dict], years: list[int], db: Path,
                   out: Path, rng: random.Random, workers: int, lang: str, say: Callable[[str, str], None]
                   ) -> dict[str, set[str]]:
    """Run ``years`` (oldest first) with plans returned after each (``drawn(year, code)``: a municipality's
    answers, drawn in the order of ``codes``; ``rng``: the plans' answers); returns the areas each
    municipality chose actions in after the last of them (the next round's values take :func:`worked_on`)."""
    from engine.plan_returns import ingest_plan

    planned: dict[str, set[str]] = {}
    for year in years:
        say(f"{year}: besvarelser, rapporter og handleplaner", f"{year}: submissions, reports and action plans")
        submissions = out / f"submissions_{year}"
        submissions.mkdir(parents=True, exist_ok=True)
        paths = [write_template(domain, submissions / f"{code}.xlsx", "da",
                                worked_on(drawn(year, code), planned.get(code, ())))
                 for code in codes]
        stored = sum(o.stored for o in ingest_files(paths, db, year, workers))
        # the reports of the municipalities that return a plan (and the overview): the rest adds only time
        summary = run_round(db, year, out / f"reports_{year}", lang, workers=workers,
                            participants=sorted(codes)[:PLANNERS])
        plans = out / f"plans_{year}"
        plans.mkdir(exist_ok=True)
        planned = {}
        returned = []
        for report in sorted(summary.written):
            filled = fill_action_plan(report, plans / report.name, rng, year)
            if filled is not None:
                returned.append(plans / report.name)
                planned[filled[0]] = filled[1]
        # half of them report progress during the year: the plan returned again with a later status
        updated = [update_status(path, path.with_name(f"{path.stem}_opdateret.xlsx"), rng)
                   for path in returned[::2]]
        with Store(db) as store:
            kept = sum(ingest_plan(store, path, lang)[0] for path in returned)
            again = sum(ingest_plan(store, path, lang)[0] for path in updated)
        say(f"   {stored} besvarelser gemt, {len(summary.written)} rapporter, {kept} handleplaner returneret "
            f"(i {plans.name}/), {again} returneret igen med ny status",
            f"   {stored} submissions stored, {len(summary.written)} reports, {kept} action plans returned "
            f"(in {plans.name}/), {again} returned again with a new status")
    return planned


def worked_on(values: dict, areas) -> dict:
    """``values`` with the FTE of every area in ``areas`` times :data:`EFFECT` (an action that worked)."""
    if not areas:
        return values
    return {key: value * EFFECT if len(key) == 3 and key[0] in areas and key[2] == "fte" and value else value
            for key, value in values.items()}


def fill_action_plan(report: Path, target: Path, rng: random.Random, year: int) -> tuple[str, set[str]] | None:
    """Fill the first items of ``report``'s plan sheet (status Planlagt) and save it as ``target``; the
    participant and the areas chosen (None when the report flags nothing: no plan to return)."""
    import openpyxl

    from engine.report import action_plan as plan

    with warnings.catch_warnings():  # openpyxl does not read the report's chart and colour-scale extensions
        warnings.simplefilter("ignore", UserWarning)
        book = openpyxl.load_workbook(report)
    ws = book[plan.SHEET("da")]
    areas = set()
    for offset in range(ACTIONS_PER_PLAN):
        row = plan.FIRST_ROW + offset + 1  # openpyxl counts from 1
        item = ws.cell(row, 1).value
        if not item:
            break
        offered = [ws.cell(r, plan.LIST_COL + offset + 1).value for r in range(1, 30)]
        ws.cell(row, plan.CHOICE_COL + 1).value = rng.choice([text for text in offered if text])
        owner = rng.choice(OWNERS)  # drawn either way, so the rest of the demo draws the same
        area = str(ws.cell(row, 1).value or "").split(":")[0]  # the item's id: "finance:…", "hr:…"
        ws.cell(row, plan.OWNER_COL + 1).value = {"finance": OWNERS[0], "hr": OWNERS[1]}.get(area, owner)
        ws.cell(row, plan.DEADLINE_COL + 1).value = dt.datetime(year + 1, rng.choice((3, 6, 9, 12)), 1)
        ws.cell(row, plan.EFFECT_COL + 1).value = rng.choice(EFFECTS)
        ws.cell(row, plan.STATUS_COL + 1).value = plan.STATUSES[0].da
        areas.add(str(item).split(":", 1)[0])
    if not areas:
        return None
    book.save(target)
    participant = str(ws.cell(plan.IDENTITY_ROW + 1, plan.IDENTITY_COL + 1).value).split("|")[2]
    return participant, areas


def update_status(returned: Path, target: Path, rng: random.Random) -> Path:
    """``returned`` with every chosen action's status moved on (I gang or Gennemført), saved as ``target``."""
    import openpyxl

    from engine.report import action_plan as plan

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        book = openpyxl.load_workbook(returned)
    ws = book[plan.SHEET("da")]
    for row in range(plan.FIRST_ROW + 1, ws.max_row + 1):
        if ws.cell(row, plan.CHOICE_COL + 1).value:
            ws.cell(row, plan.STATUS_COL + 1).value = rng.choice([s.da for s in plan.STATUSES[1:3]])
    book.save(target)
    return target
