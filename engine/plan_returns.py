"""Returned action plans read and stored: the work of ``kommunebench plan ingest`` (and of the demo).

A returned plan is the participant's report with its "Handleplan" sheet filled in. The sheet says
whose it is (a locked, hidden cell: benchmark, year, participant) and which examples each item
offered (hidden lists beside it), so a plan is read without computing the round again. Findings
are located (``'Handleplan'!F7``); a plan with errors changes nothing, one bad file never stops
the others.
"""

from __future__ import annotations

from pathlib import Path


def read_plan_file(path: Path):
    """(benchmark, year, participant, actions, issues) of a returned plan; raises ValueError when the
    file holds no plan sheet that says whose it is."""
    from python_calamine import CalamineWorkbook

    from engine.report import action_plan as plan

    book = CalamineWorkbook.from_path(str(path))
    for lang in ("da", "en"):
        if plan.SHEET(lang) in book.sheet_names:
            break
    else:
        raise ValueError(f"{path.name}: no sheet '{plan.SHEET('da')}' (is it a kommunebench report?)")
    rows = book.get_sheet_by_name(plan.SHEET(lang)).to_python(skip_empty_area=False)

    def cell(r: int, c: int) -> object:
        return rows[r][c] if r < len(rows) and c < len(rows[r]) else ""
    identity = str(cell(plan.IDENTITY_ROW, plan.IDENTITY_COL)).split("|")
    if len(identity) != 3 or not identity[1].isdigit():
        raise ValueError(f"{path.name}: the plan does not say whose it is (the hidden identity cell is changed)")
    benchmark, year, participant = identity[0], int(identity[1]), identity[2]
    choices: dict[str, list[str]] = {}
    for offset, r in enumerate(range(plan.FIRST_ROW, len(rows))):
        item = str(cell(r, 0)).strip()
        if item:
            offered = [str(cell(i, plan.LIST_COL + offset)) for i in range(len(rows))]
            offered = [text for text in offered if text]
            choices[item] = offered[:-1]  # the last is "Eget tiltag", which the reader adds itself
    actions, issues = plan.read_action_plan(path, rows, choices, lang)
    return benchmark, year, participant, actions, issues


def ingest_plan(store, path: Path, lang: str = "da") -> tuple[bool, list[str]]:
    """Validate one returned plan and store it when it has no error: (stored, the lines to print).
    Never raises for a bad file: one bad file must not stop the others."""
    from engine.benchmarks import BENCHMARK_IDS, get_benchmark
    from engine.store.database import file_sha256
    from engine.store.plans import store_plan
    from engine.validation.console import issue_line
    from engine.workbook.archive import inspect_workbook

    _, problems = inspect_workbook(path)  # the container first: size, zip bombs, encryption
    if any(problem.severity == "error" for problem in problems):
        return False, [f"{path.name}: {issue_line(problem, lang)}" for problem in problems]
    try:
        benchmark, year, participant, actions, issues = read_plan_file(path)
        if benchmark not in BENCHMARK_IDS:
            raise ValueError(f"{path.name}: unknown benchmark {benchmark!r}")
        domain = get_benchmark(benchmark).domain
        if participant not in {str(s["participant"]) for s in store.current_submissions(domain, year)}:
            raise ValueError(f"{path.name}: {participant} has no submission in the {year} round of {benchmark} "
                             "(the hidden identity cell is changed, or the plan belongs to another store)")
    except Exception as error:  # noqa: BLE001 - one bad file must not stop the batch
        return False, [f"{path.name}: {error}"]
    lines = [f"{path.name}: {issue_line(issue, lang)}" for issue in issues]
    if any(issue.severity == "error" for issue in issues):
        return False, lines
    replaced = store_plan(store, benchmark, year, participant, path.name, file_sha256(path), actions)
    note = ("erstatter den tidligere" if lang == "da" else "replaces the earlier one") if replaced else ""
    lines.append(f"{path.name}: {benchmark} {year} {participant}: {len(actions)} "
                 f"{'tiltag' if lang == 'da' else 'actions'}" + (f" ({note})" if note else ""))
    return True, lines
