"""``kommunebench ingest`` and ``kommunebench run``: from filled workbooks to comparison reports.

Computation happens once, in the parent process; writing the per-participant
workbooks is spread over worker processes (each gets the computed round once,
through the pool initialiser). Each file is written atomically, and one
participant whose report fails is reported without stopping the others.
"""

from __future__ import annotations

import os
import traceback
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from engine.benchmarks import get_benchmark
from engine.store.database import IngestOutcome, Store
from engine.templates.writer import slug
from engine.validation.validate import validate_files

OVERVIEW_NAME = {"da": "oversigt", "en": "overview"}


@dataclass
class RunSummary:
    year: int
    out_dir: Path
    written: list[Path] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)  # participant -> error
    overview: Path | None = None
    status: object | None = None  # the round's status (engine.status.model.RoundStatus), shown in the overview


def default_workers() -> int:
    return max(1, os.cpu_count() or 1)


def ingest_files(paths: Sequence[Path], db: Path, year: int, workers: int = 1,
                 progress: Callable[[], None] | None = None) -> list[IngestOutcome]:
    """Validate every file (in parallel) and store the valid ones; files with errors change nothing."""
    results = validate_files(paths, workers=workers, progress=progress, across=False)
    with Store(db) as store:
        return [store.ingest(result, year) for result in results]


def report_path(out_dir: Path, participant: str, name: str) -> Path:
    return out_dir / f"{participant}_{slug(name)}.xlsx"


def load_parameters(benchmark: str, config: Path | None):
    return get_benchmark(benchmark).load_parameters(config)


# Worker-process state: the computed round, sent once per worker rather than once per report.
_ROUND = None
_WRITE = None


def _init_worker(results, benchmark: str) -> None:
    global _ROUND, _WRITE
    spec = get_benchmark(benchmark)
    _ROUND, _WRITE = results, spec.load(spec.report)


def _write_one(participant: str, path: Path, lang: str) -> tuple[str, Path | None, str | None]:
    try:
        return participant, _WRITE(_ROUND, participant, path, lang), None
    except Exception:  # one participant's failure must not stop the round
        return participant, None, traceback.format_exc(limit=6)


def run_round(db: Path, year: int, out_dir: Path, lang: str = "da", params=None, workers: int = 1,
              progress: Callable[[], None] | None = None, participants: Sequence[str] | None = None,
              results=None, benchmark: str = "administration",
              expected: Sequence[str] | None = None) -> RunSummary:
    """Compute the round ``year`` of ``benchmark`` and write every report plus the overview.

    ``results`` skips the computation when the caller has already computed the round. The overview
    also shows the round's status (received, replaced, refused, missing against ``expected``).
    """
    spec = get_benchmark(benchmark)
    if results is None:
        with Store(db) as store:
            results = spec.compute_round(store, year, params or spec.load_parameters(None))
    if Path(db).exists():
        from engine.status.model import round_status

        with Store(db) as store:
            results.round_status = round_status(store, benchmark, year, expected)
    summary = RunSummary(year, out_dir, status=getattr(results, "round_status", None))
    frame = getattr(results, spec.participants)
    names = frame[spec.name_column] if spec.name_column in frame else frame.index.to_series()
    chosen = list(participants) if participants is not None else list(frame.index)
    jobs = [(code, report_path(out_dir, code, str(names.get(code, code)))) for code in chosen]
    if workers > 1 and len(jobs) > 1:
        with ProcessPoolExecutor(workers, initializer=_init_worker, initargs=(results, benchmark)) as pool:
            futures = [pool.submit(_write_one, code, path, lang) for code, path in jobs]
            for future in as_completed(futures):
                _collect(summary, future.result(), progress)
    else:
        _init_worker(results, benchmark)
        for code, path in jobs:
            _collect(summary, _write_one(code, path, lang), progress)
    summary.written.sort()
    summary.overview = spec.write_overview(results, out_dir / f"{OVERVIEW_NAME[lang]}_{year}.xlsx", lang)
    return summary


def _collect(summary: RunSummary, outcome: tuple[str, Path | None, str | None], progress) -> None:
    participant, path, error = outcome
    if path is not None:
        summary.written.append(path)
    else:
        summary.failed[participant] = error or "unknown error"
    if progress:
        progress()
