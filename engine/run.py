"""``kommunebench ingest`` and ``kommunebench run``: from filled workbooks to comparison reports.

Computation happens once, in the parent process; writing the per-participant
workbooks and the overview is spread over an executor (:mod:`engine.executors`:
local worker processes, or a Dask cluster), which gets the computed round once per
worker. Each file is written atomically, and one participant whose report fails is
reported without stopping the others.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from engine.atomic import atomic_path
from engine.executors import Executor, LocalExecutor, default_workers  # noqa: F401  (callers import it from here)
from engine.store import IngestOutcome, Store
from engine.templates import slug
from engine.validate import validate_files

OVERVIEW_NAME = {"da": "oversigt", "en": "overview"}


@dataclass
class RunSummary:
    year: int
    out_dir: Path
    written: list[Path] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)  # participant -> error
    overview: Path | None = None


def ingest_files(paths: Sequence[Path], db: Path, year: int, workers: int = 1,
                 progress: Callable[[], None] | None = None, executor: Executor | None = None) -> list[IngestOutcome]:
    """Validate every file (in parallel) and store the valid ones; files with errors change nothing."""
    results = validate_files(paths, workers=workers, progress=progress, executor=executor)
    with Store(db) as store:
        return [store.ingest(result, year) for result in results]


def report_path(out_dir: Path, participant: str, name: str) -> Path:
    return out_dir / f"{participant}_{slug(name)}.xlsx"


@dataclass(frozen=True)
class BenchmarkRun:
    """How one benchmark is computed and reported; modules are imported only when it runs."""

    id: str
    domain: str  # the store domain whose submissions define the round's participants
    compute: str  # "module:function(store, year, params)"
    parameters: str  # "module:Class" with from_toml
    report: str  # "module:function(results, participant, path, lang)"
    overview: str  # "module:function(results, path, lang)"
    participants: str  # results attribute: frame indexed by participant
    name_column: str


BENCHMARKS = {
    "administration": BenchmarkRun(
        "administration", "administration",
        "engine.compute.administration:load_round", "engine.compute.administration:AdministrationParameters",
        "engine.report.administration:write_participant_report", "engine.report.administration:write_overview",
        "participants", "name"),
    "botilbud": BenchmarkRun(
        "botilbud", "botilbud",
        "engine.compute.botilbud:load_botilbud_round", "engine.compute.botilbud:BotilbudParameters",
        "engine.report.botilbud:write_facility_report", "engine.report.botilbud:write_botilbud_overview",
        "facilities", "facility_name"),
}


def _load(reference: str):
    import importlib

    module, name = reference.split(":")
    return getattr(importlib.import_module(module), name)


def load_parameters(benchmark: str, config: Path | None):
    parameters = _load(BENCHMARKS[benchmark].parameters)
    return parameters.from_toml(config) if config else parameters()


def write_report_job(shared, job: tuple[str | None, Path, str]):
    """Write one participant's report, or the overview when ``participant`` is None.

    Returns (participant, path or None, error or None, None); the last place is the bytes of a
    report written on another machine (:func:`engine.remote_tasks.write_report_shipped`).
    """
    results, benchmark = shared
    participant, path, lang = job
    spec = BENCHMARKS[benchmark]
    try:
        if participant is None:
            return None, _load(spec.overview)(results, path, lang), None, None
        return participant, _load(spec.report)(results, participant, path, lang), None, None
    except Exception:  # one participant's failure must not stop the round
        return participant, None, traceback.format_exc(limit=6), None


def run_round(db: Path, year: int, out_dir: Path, lang: str = "da", params=None, workers: int = 1,
              progress: Callable[[], None] | None = None, participants: Sequence[str] | None = None,
              results=None, benchmark: str = "administration", executor: Executor | None = None) -> RunSummary:
    """Compute the round ``year`` of ``benchmark`` and write every report plus the overview.

    ``results`` skips the computation when the caller has already computed the round. The reports
    and the overview are written side by side by ``executor`` (default: ``workers`` local processes).
    """
    spec = BENCHMARKS[benchmark]
    if results is None:
        with Store(db) as store:
            results = _load(spec.compute)(store, year, params or load_parameters(benchmark, None))
    summary = RunSummary(year, out_dir)
    frame = getattr(results, spec.participants)
    names = frame[spec.name_column] if spec.name_column in frame else frame.index.to_series()
    chosen = list(participants) if participants is not None else list(frame.index)
    overview = out_dir / f"{OVERVIEW_NAME[lang]}_{year}.xlsx"
    # The overview is the largest single job: first in, so it does not finish last.
    jobs = [(None, overview, lang)] + [(code, report_path(out_dir, code, str(names.get(code, code))), lang)
                                       for code in chosen]
    executor = executor or LocalExecutor(workers)
    task = write_report_job
    if executor.remote:
        from engine.remote_tasks import write_report_shipped as task
    for participant, path, error, data in executor.map(task, jobs, shared=(results, benchmark), ordered=False):
        if data is not None:
            with atomic_path(path) as tmp:
                tmp.write_bytes(data)
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
