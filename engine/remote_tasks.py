"""Work for machines that do not share this one's disk: inputs travel as bytes, outputs come back as bytes.

A Dask worker (:class:`~engine.executors.DaskExecutor`) may run anywhere, so it is never handed a
path. For validation the parent reads each file and the worker checks a private copy under the same
file name, then puts the original path back on the result and its findings, so a finding reads
exactly as a local run would print it. A report is written into the worker's own temporary folder
and returned as bytes; the parent moves it into place atomically.
"""

from __future__ import annotations

import dataclasses
import os
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path

from engine.archive import Limits
from engine.executors import Executor
from engine.validate import FileResult, validate_file


def validate_remotely(executor: Executor, paths: Sequence[str | Path], limits: Limits) -> Iterator[FileResult]:
    """Validate ``paths`` on a remote executor; results in input order.

    A file that cannot be shipped (missing, unreadable, larger than the limit) is validated here:
    the container check refuses it from its size or absence alone, without reading it.
    """
    shippable = [_fits(path, limits) for path in paths]
    # A generator: each file is read only when its chunk is sent, so a large batch is never all in memory.
    jobs = ((str(path), limits, Path(path).read_bytes()) for path, ok in zip(paths, shippable) if ok)
    remote = executor.map(validate_shipped, jobs, chunksize=4)
    for path, ok in zip(paths, shippable):
        yield next(remote) if ok else validate_file(path, limits)


def validate_shipped(job: tuple[str, Limits, bytes]) -> FileResult:
    """Runs on the worker: validate the shipped bytes as if they were the file at the original path."""
    original, limits, data = job
    with tempfile.TemporaryDirectory(prefix="kommunebench-") as folder:
        copy = Path(folder) / Path(original).name
        copy.write_bytes(data)
        return _relabelled(validate_file(copy, limits), str(copy), original)


def _fits(path: str | Path, limits: Limits) -> bool:
    try:
        return Path(path).stat().st_size <= limits.max_file_bytes and os.access(path, os.R_OK)
    except OSError:
        return False


def _relabelled(result: FileResult, copy: str, original: str) -> FileResult:
    result.path = original
    result.issues = [dataclasses.replace(issue, file=original) if issue.file == copy else issue
                     for issue in result.issues]
    if result.submission is not None:
        result.submission.path = original
    return result


def write_report_shipped(shared, job: tuple[str | None, Path, str]):
    """Runs on the worker: write one report (or the overview) in a private folder and return its bytes."""
    from engine.run import write_report_job

    participant, path, lang = job
    with tempfile.TemporaryDirectory(prefix="kommunebench-") as folder:
        local = Path(folder) / Path(path).name
        participant, written, error, _ = write_report_job(shared, (participant, local, lang))
        data = written.read_bytes() if written is not None else None
    return participant, Path(path) if data is not None else None, error, data
