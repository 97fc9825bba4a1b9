"""``kommunebench ingest`` and ``kommunebench run``: from filled workbooks to comparison reports.

Computation happens once, in the parent process; writing the per-participant
workbooks and the overview is spread over an executor (:mod:`engine.executors`:
local worker processes, or a Dask cluster), which gets the computed round once per
worker. Each file is written atomically, and one participant whose report fails is
reported without stopping the others.
"""

from __future__ import annotations

import errno
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from engine.benchmarks import get_benchmark
from engine.executors import Executor, LocalExecutor, default_workers, written_in_private_folder  # noqa: F401
from engine.store.database import IngestInterrupted, IngestOutcome, Store, StoreError
from engine.store.faults import describe_os
from engine.validation.validate import validate_files
from engine.workbook.atomic import atomic_path
from engine.workbook.output_paths import report_paths

OVERVIEW_NAME = {"da": "oversigt", "en": "overview"}


@dataclass
class RunSummary:
    year: int
    out_dir: Path
    written: list[Path] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)  # participant -> error
    overview: Path | None = None
    status: object | None = None  # the round's status (engine.status.model.RoundStatus), shown in the overview
    disk_full: str | None = None  # why reports could not be written: no room on the disk


def ingest_files(paths: Sequence[Path], db: Path, year: int, workers: int = 1,
                 progress: Callable[[], None] | None = None, executor: Executor | None = None,
                 make_current: bool = False) -> list[IngestOutcome]:
    """Validate every file (in parallel) and store the valid ones; files with errors change nothing.

    ``make_current`` makes each valid file current whatever its saved time (going back to a version).
    """
    results = validate_files(paths, workers=workers, progress=progress, across=False, executor=executor)
    outcomes: list[IngestOutcome] = []
    with Store(db) as store:
        for result in results:
            try:
                outcomes.append(store.ingest(result, year, make_current))
            except StoreError as fault:  # each file is its own transaction: the earlier ones are stored
                raise IngestInterrupted(str(fault), outcomes) from None
    return outcomes


def load_parameters(benchmark: str, config: Path | None):
    return get_benchmark(benchmark).load_parameters(config)


def write_report_job(shared, job: tuple[str | None, Path, str]):
    """Write one participant's report, or the overview when ``participant`` is None.

    Returns (participant, path or None, error or None, None); the last place is the bytes of a
    report written on another machine (:func:`_write_report_shipped`).
    """
    results, benchmark = shared
    participant, path, lang = job
    spec = get_benchmark(benchmark)
    try:
        if participant is None:
            return None, spec.write_overview(results, path, lang), None, None
        return participant, spec.write_report(results, participant, path, lang), None, None
    except Exception as error:  # one participant's failure must not stop the round
        full = _disk_full(error)
        if full is not None:  # the same for every report after it: the run says so once
            return participant, None, DiskFull(describe_os(Path(path), full)), None
        frame = traceback.extract_tb(error.__traceback__)[-1]
        return participant, None, f"{type(error).__name__}: {error} ({Path(frame.filename).name}:{frame.lineno})", None


class DiskFull(str):
    """The message of a report that could not be written because the disk (or a quota) is full."""


def _disk_full(error: BaseException) -> OSError | None:
    """The out-of-space error behind ``error`` (XlsxWriter wraps it in its own FileCreateError), if any."""
    seen = 0
    while error is not None and seen < 10:
        if isinstance(error, OSError) and error.errno in (errno.ENOSPC, errno.EFBIG, errno.EDQUOT):
            return error
        error, seen = error.__cause__ or error.__context__, seen + 1
    return None


def run_round(db: Path, year: int, out_dir: Path, lang: str = "da", params=None, workers: int = 1,
              progress: Callable[[], None] | None = None, participants: Sequence[str] | None = None,
              results=None, benchmark: str = "administration", executor: Executor | None = None,
              expected: Sequence[str] | None = None) -> RunSummary:
    """Compute the round ``year`` of ``benchmark`` and write every report plus the overview.

    ``results`` skips the computation when the caller has already computed the round. The reports
    and the overview are written side by side by ``executor`` (default: ``workers`` local processes).
    The overview also shows the round's status (received, replaced, refused, missing against ``expected``).
    """
    spec = get_benchmark(benchmark)
    if results is None:
        with Store(db, create=False) as store:
            results = spec.compute_round(store, year, params or spec.load_parameters(None))
    if Path(db).exists():
        from engine.store.round_runs import record_run

        with Store(db, create=False) as store:  # what this run used: later rounds compare and recompute
            record_run(store, spec.domain, year, results.params)
    if Path(db).exists():
        from engine.status.model import round_status

        with Store(db, create=False) as store:
            results.round_status = round_status(store, benchmark, year, expected)
    if Path(db).exists():
        from engine.report.trends import attach_trend
        from engine.report.follow_up import attach_follow_up
        from engine.store.plans import current_plans

        with Store(db, create=False) as store:
            if getattr(results, "trend", None) is None:  # the key figures of the stored rounds, this method
                attach_trend(spec, store, results)
            results.plans = current_plans(store.db, benchmark, year)  # the overview shows who returned one
            attach_follow_up(spec, store, results)  # last round's plans against this round's figures
    summary = RunSummary(year, out_dir, status=getattr(results, "round_status", None))
    frame = getattr(results, spec.participants)
    names = frame[spec.name_column] if spec.name_column in frame else frame.index.to_series()
    chosen = list(participants) if participants is not None else list(frame.index)
    overview = out_dir / f"{OVERVIEW_NAME[lang]}_{year}.xlsx"
    # The overview is the largest single job: first in, so it does not finish last.
    paths = report_paths(out_dir, {code: str(names.get(code, code)) for code in chosen})
    jobs = [(None, overview, lang)] + [(code, paths[code], lang) for code in chosen]
    executor = executor or LocalExecutor(workers)
    if not executor.remote:
        # Built once here, before the pool forks: every worker inherits it instead of building it again.
        spec.prepare_round_reports(results)
    task = _write_report_shipped if executor.remote else write_report_job
    for participant, path, error, data in executor.map(task, jobs, shared=(results, benchmark), ordered=False):
        if data is not None:
            with atomic_path(path) as tmp:
                tmp.write_bytes(data)
        if isinstance(error, DiskFull):
            summary.disk_full = summary.disk_full or error
        if participant is None:
            summary.overview = path
            if error:
                summary.failed[overview.stem] = error
            continue
        if path is not None:
            summary.written.append(path)
        else:
            summary.failed[participant] = error or "unknown error"
        if progress:
            progress()
    summary.written.sort()
    return summary


def _write_report_shipped(shared, job: tuple[str | None, Path, str]):
    """On a worker of another machine: write the report in a private folder and return its bytes."""
    participant, path, lang = job
    outcome, data = written_in_private_folder(lambda local: write_report_job(shared, (participant, local, lang)),
                                              Path(path).name)
    participant, written, error, _ = outcome
    return participant, (Path(path) if written is not None else None), error, data if written is not None else None
