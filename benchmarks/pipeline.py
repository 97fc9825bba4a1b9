"""End-to-end speed of an administration round, against the I/O floor. Prints figures; asserts nothing.

N synthetic filled workbooks — the 98 municipalities over as many yearly rounds as
N needs (1,000 = ten full rounds and part of an eleventh) — go through validate
(read + checks), ingest (SQLite), compute (pandas) and report (XlsxWriter, one
workbook per submission + an overview per round), each stage timed. In the same run the I/O floor is measured: python-calamine
reading the same inputs, plus XlsxWriter writing the same output cells (the
values of every report, read back) without formatting, formulas or charts.
Both the pipeline and the floor use the same number of worker processes.

    python benchmarks/pipeline.py --n 1000
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import python_calamine
import xlsxwriter

from engine.benchmarks import get_domain
from engine.benchmarks.administration.compute import load_round
from engine.benchmarks.administration.synthetic import administration_values, draw_profile
from engine.reference import municipalities
from engine.run import default_workers, run_round
from engine.store.database import Store
from engine.templates.writer import write_template
from engine.validation.validate import validate_files


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=1000, help="number of submissions (default 1000)")
    parser.add_argument("--workers", type=int, default=default_workers(), help="worker processes (default: cores)")
    parser.add_argument("--keep", type=Path, help="keep the generated files in this directory")
    args = parser.parse_args()
    workers = args.workers
    root = args.keep or Path(tempfile.mkdtemp(prefix="kommunebench-bench-"))
    inputs, reports = root / "inputs", root / "reports"
    inputs.mkdir(parents=True, exist_ok=True)

    print(f"preparing {args.n} synthetic submissions in {inputs} ...", flush=True)
    prepared = time.perf_counter()
    with ProcessPoolExecutor(workers) as pool:
        paths = list(pool.map(_write_submission, [(index, inputs) for index in range(args.n)], chunksize=16))
    print(f"  prepared in {time.perf_counter() - prepared:.1f} s (not part of the figures)\n")

    stages: dict[str, float] = {}
    db = root / "bench.sqlite"
    db.unlink(missing_ok=True)
    started = time.perf_counter()
    results = validate_files(paths, workers=workers)
    stages["validate (read + checks)"] = time.perf_counter() - started

    started = time.perf_counter()
    with Store(db) as store:
        outcomes = [store.ingest(result, result.submission.form_value("year")) for result in results]
    stages["ingest (SQLite)"] = time.perf_counter() - started
    assert all(o.stored for o in outcomes), "synthetic submissions must all be valid"
    years = sorted({result.submission.form_value("year") for result in results})

    started = time.perf_counter()
    with Store(db) as store:
        computed = {year: load_round(store, year) for year in years}
    stages["compute (load + pandas)"] = time.perf_counter() - started

    if reports.exists():
        shutil.rmtree(reports)
    started = time.perf_counter()
    summaries = [run_round(db, year, reports / str(year), workers=workers, results=computed[year]) for year in years]
    stages["report (XlsxWriter)"] = time.perf_counter() - started
    total = sum(stages.values())

    written = [path for summary in summaries for path in (*summary.written, summary.overview)]
    started = time.perf_counter()
    with ProcessPoolExecutor(workers) as pool:
        list(pool.map(_read_inputs, paths, chunksize=16))
    read_floor = time.perf_counter() - started
    cells = [_report_cells(path) for path in written]  # prepared outside the timing
    floor_dir = root / "floor"
    floor_dir.mkdir(exist_ok=True)
    started = time.perf_counter()
    with ProcessPoolExecutor(workers) as pool:
        list(pool.map(_write_plain, [(floor_dir / f"{i}.xlsx", c) for i, c in enumerate(cells)], chunksize=4))
    write_floor = time.perf_counter() - started
    floor = read_floor + write_floor

    n_cells = sum(len(rows) for sheets in cells for rows in sheets.values())
    print(f"submissions: {args.n} (300 processes each), workers: {workers}, cores: {os.cpu_count()}")
    for name, seconds in stages.items():
        print(f"  {name:<34} {seconds:8.2f} s  ({seconds / args.n * 1000:6.2f} ms per submission)")
    print(f"  {'total':<34} {total:8.2f} s")
    print(f"I/O floor: calamine read {read_floor:.2f} s + XlsxWriter plain write of the same "
          f"{n_cells:,} output cells {write_floor:.2f} s = {floor:.2f} s")
    print(f"total / floor: {total / floor:.2f}x")
    print(f"rounds: {len(years)} ({years[0]}–{years[-1]}); reports: {sum(len(s.written) for s in summaries)} "
          f"+ {len(summaries)} overviews; failed: {sum(len(s.failed) for s in summaries)}")
    if not args.keep:
        shutil.rmtree(root, ignore_errors=True)


def _write_submission(job: tuple[int, Path]) -> Path:
    index, folder = job
    rng = random.Random(index)
    codes = sorted(municipalities())
    year = 2026 - index // len(codes)
    profile = draw_profile(rng, codes[index % len(codes)])
    path = folder / f"{year}_{profile.code}.xlsx"
    write_template(get_domain("administration"), path, "da", administration_values(rng, profile, year))
    return path


def _read_inputs(path: Path) -> None:
    book = python_calamine.CalamineWorkbook.from_path(str(path))
    for name in book.sheet_names:
        book.get_sheet_by_name(name).to_python(skip_empty_area=False)


def _report_cells(path: Path) -> dict[str, list[tuple[int, int, object]]]:
    book = python_calamine.CalamineWorkbook.from_path(str(path))
    sheets = {}
    for name in book.sheet_names:
        rows = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
        sheets[name] = [(r, c, v) for r, row in enumerate(rows) for c, v in enumerate(row) if v != ""]
    return sheets


def _write_plain(job) -> None:
    path, sheets = job
    workbook = xlsxwriter.Workbook(str(path), {"in_memory": True})  # as the reports are written
    for name, cells in sheets.items():
        worksheet = workbook.add_worksheet(name)
        for row, col, value in cells:
            worksheet.write(row, col, value)
    workbook.close()


if __name__ == "__main__":
    main()
