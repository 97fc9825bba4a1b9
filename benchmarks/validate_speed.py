"""How fast is validation, and does it scale with workers? Prints figures; it asserts nothing.

Writes N synthetic filled administration workbooks, then times
  - the I/O floor: python-calamine reading every sheet of each file,
  - the container inspection alone (zip, XML and formula scan),
  - full validation (inspection + reading + every check + rules) in this process,
  - ``validate_files`` with each worker count of ``--workers`` (files per second, CPU including
    the worker processes, and the parent's own CPU: the part that does not scale),
and prints per-workbook means and the validate/floor ratio.

    python benchmarks/validate_speed.py --n 200 --workers 1,2
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import python_calamine

sys.path.insert(0, str(Path(__file__).resolve().parent))

from cpu import measured  # noqa: E402

from engine.benchmarks import get_domain  # noqa: E402
from engine.benchmarks.administration.synthetic import administration_values, draw_profile  # noqa: E402
from engine.templates.writer import write_template  # noqa: E402
from engine.validation.validate import validate_file, validate_files  # noqa: E402
from engine.workbook.archive import inspect_workbook  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=200, help="number of workbooks (default 200)")
    parser.add_argument("--workers", default="1,2", help="worker counts to compare, comma-separated (default 1,2)")
    args = parser.parse_args()
    domain = get_domain("administration")
    rng = random.Random(1)
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        started = time.perf_counter()
        for index in range(args.n):
            profile = draw_profile(rng)
            paths.append(write_template(domain, Path(tmp) / f"{index:04d}.xlsx", "da",
                                        administration_values(rng, profile, 2026)))
        write_seconds = time.perf_counter() - started

        floor = _timed(lambda: [_read_all(p) for p in paths])
        inspect = _timed(lambda: [inspect_workbook(p) for p in paths])
        per_file = []
        validate = _timed(lambda: per_file.extend(validate_file(p).seconds for p in paths))
        scaling = []
        for workers in (int(w) for w in args.workers.split(",")):
            with measured() as usage:
                validate_files(paths, workers=workers)
            scaling.append((workers, usage))

    n = args.n
    print(f"workbooks: {n} (administration, 300 processes each)")
    print(f"write filled workbooks (XlsxWriter): {write_seconds / n * 1000:7.2f} ms per workbook")
    print(f"I/O floor (calamine, all sheets):     {floor / n * 1000:7.2f} ms per workbook")
    print(f"container inspection:                 {inspect / n * 1000:7.2f} ms per workbook")
    print(f"validate (end to end, in process):    {validate / n * 1000:7.2f} ms per workbook "
          f"(median {statistics.median(per_file) * 1000:.2f} ms, max {max(per_file) * 1000:.2f} ms)")
    print(f"validate / floor:                     {validate / floor:7.2f}x")
    # On a shared machine wall time says more about the neighbours than about us. "CPU-bound files/s"
    # is what the measured CPU allows on that many free cores: all work spread over them, but never
    # faster than the parent alone can collect.
    print("validate_files:  workers   files/s   wall s   CPU s (parent + workers)   parent ms/file   CPU-bound files/s")
    for workers, usage in scaling:
        bound = n / max(usage.cpu / workers, usage.parent_cpu)
        print(f"                 {workers:7d} {n / usage.wall:9.1f} {usage.wall:8.2f}   {usage.cpu:6.2f} "
              f"({usage.parent_cpu:6.2f} + {usage.children_cpu:6.2f})     {usage.parent_cpu / n * 1000:8.2f}"
              f"   {bound:17.1f}")


def _read_all(path: Path) -> None:
    book = python_calamine.CalamineWorkbook.from_path(str(path))
    for name in book.sheet_names:
        book.get_sheet_by_name(name).to_python(skip_empty_area=False)


def _timed(work) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


if __name__ == "__main__":
    main()
