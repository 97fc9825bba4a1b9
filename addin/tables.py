"""The tables the desktop route writes into the open workbook, as plain rows of values.

Rows, not sheets: the xlwings side writes them with one assignment, and the tests read them on
Linux. The findings table has the same columns as the annotated copy's issues sheet.
"""

from __future__ import annotations

import math
from pathlib import Path

from engine.text import Text
from engine.validation.annotate import COLUMNS
from engine.validation.mark_plan import AUTHOR, SEVERITY
from engine.validation.validate import FileResult

TITLE = Text("fejl og advarsler", "errors and warnings")
ROUND_TITLE = Text("runde", "round")


def findings_rows(result: FileResult, name: str, lang: str) -> list[list[object]]:
    """A title row (starting with our name, which marks the sheet as ours), the header, one row per finding."""
    title = f"{AUTHOR}: {name}: {result.error_count} / {result.warning_count} {TITLE(lang)}"
    rows: list[list[object]] = [[title], [header(lang) for header, _ in COLUMNS]]
    for issue in result.issues:
        rows.append([SEVERITY[issue.severity](lang), issue.code, issue.location, issue.message(lang), issue.fix(lang)])
    return rows


def round_rows(db: str | Path, year: int, benchmark: str = "administration", lang: str = "da") -> list[list[object]]:
    """The computed round, one row per participant: what the comparison workbooks are made from."""
    from engine.benchmarks import get_benchmark
    from engine.store.database import Store

    spec = get_benchmark(benchmark)
    with Store(db) as store:
        results = spec.compute_round(store, year, spec.load_parameters())
    frame = getattr(results, spec.participants).reset_index()
    rows: list[list[object]] = [[f"{AUTHOR}: {benchmark} {ROUND_TITLE(lang)} {year}"], [str(c) for c in frame.columns]]
    rows += [[_plain(value) for value in record] for record in frame.itertuples(index=False)]
    return rows


def _plain(value: object) -> object:
    """A value Excel takes: numpy scalars as Python numbers, missing as empty."""
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value
