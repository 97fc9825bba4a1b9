"""How fast is validation? Prints figures; it asserts nothing.

Writes N synthetic filled administration workbooks, then times
  - the I/O floor: python-calamine reading every sheet of each file,
  - the container inspection alone (zip, XML and formula scan),
  - full validation (inspection + reading + every check + rules),
and prints per-workbook means and the validate/floor ratio.

    python benchmarks/validate_speed.py --n 200
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path

import python_calamine

from engine.benchmarks import get_domain
from engine.benchmarks.administration.synthetic import administration_values, draw_profile
from engine.templates.writer import write_template
from engine.validation.validate import validate_files
from engine.workbook.archive import inspect_workbook


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=200, help="number of workbooks (default 200)")
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
        results = []
        validate = _timed(lambda: results.extend(validate_files(paths)))
        per_file = [r.seconds for r in results]

    n = args.n
    print(f"workbooks: {n} (administration, 300 processes each)")
    print(f"write filled workbooks (XlsxWriter): {write_seconds / n * 1000:7.2f} ms per workbook")
    print(f"I/O floor (calamine, all sheets):     {floor / n * 1000:7.2f} ms per workbook")
    print(f"container inspection:                 {inspect / n * 1000:7.2f} ms per workbook")
    print(f"validate (end to end):                {validate / n * 1000:7.2f} ms per workbook "
          f"(median {statistics.median(per_file) * 1000:.2f} ms, max {max(per_file) * 1000:.2f} ms)")
    print(f"validate / floor:                     {validate / floor:7.2f}x")
    print(f"throughput:                           {n / validate:7.1f} workbooks per second (1 core)")


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
