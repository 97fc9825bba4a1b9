"""End-to-end speed of an administration round, against the I/O floor. Prints figures; asserts nothing.

N synthetic filled workbooks — the 98 municipalities over as many yearly rounds as
N needs (1,000 = ten full rounds and part of an eleventh) — go through validate
(read + checks), ingest (SQLite), compute (pandas) and report (XlsxWriter, one
workbook per submission + an overview per round), each stage measured in CPU seconds
(this process plus its worker processes) and wall seconds. In the same run the I/O
floor is measured: python-calamine reading the same inputs, plus XlsxWriter writing
the same output cells (the values of every report, read back) without formatting,
formulas or charts, with the same number of worker processes.

The pipeline runs once per worker count of ``--workers``; the scaling table compares
them and derives the serial fraction two ways: from the wall-clock speedup (Amdahl;
meaningful only on an otherwise idle machine) and from CPU accounting (the share of
the CPU spent in the parent process, which no worker count spreads; robust on a
busy machine). Peak memory is ru_maxrss: the parent's own, and the largest worker's.

    python benchmarks/pipeline.py --n 1000 --workers 1,2
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import shutil
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import python_calamine
import xlsxwriter

sys.path.insert(0, str(Path(__file__).resolve().parent))

from cpu import Usage, amdahl, measured, predicted_speedup  # noqa: E402

from engine.benchmarks import get_domain  # noqa: E402
from engine.benchmarks.administration.compute import load_round  # noqa: E402
from engine.benchmarks.administration.synthetic import administration_values, draw_profile  # noqa: E402
from engine.reference import municipalities  # noqa: E402
from engine.run import run_round  # noqa: E402
from engine.store.database import Store  # noqa: E402
from engine.templates.writer import write_template  # noqa: E402
from engine.validation.validate import validate_files  # noqa: E402

STAGES = ("validate (read + checks)", "ingest (SQLite)", "compute (load + pandas)", "report (XlsxWriter)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=1000, help="number of submissions (default 1000)")
    parser.add_argument("--workers", default="1,2", help="worker counts, comma-separated (default 1,2)")
    parser.add_argument("--keep", type=Path, help="keep the generated files in this directory")
    args = parser.parse_args()
    counts = sorted({int(w) for w in args.workers.split(",")})
    root = args.keep or Path(tempfile.mkdtemp(prefix="kommunebench-bench-"))
    inputs = root / "inputs"
    inputs.mkdir(parents=True, exist_ok=True)

    paths = [_submission_path(index, inputs) for index in range(args.n)]
    if all(path.exists() for path in paths):  # a --keep folder from an earlier run
        print(f"reusing {args.n} synthetic submissions in {inputs}\n")
    else:
        print(f"preparing {args.n} synthetic submissions in {inputs} ...", flush=True)
        with measured() as prepared, ProcessPoolExecutor(max(counts)) as pool:
            list(pool.map(_write_submission, [(index, inputs) for index in range(args.n)], chunksize=16))
        print(f"  prepared in {prepared.wall:.1f} s (not part of the figures)\n", flush=True)

    runs: dict[int, dict[str, Usage]] = {}
    for workers in counts:
        runs[workers], written = _pipeline(paths, root / f"run{workers}", workers)
        _print_run(args.n, workers, runs[workers])

    workers = max(counts)
    with measured() as read_floor, ProcessPoolExecutor(workers) as pool:
        list(pool.map(_read_inputs, paths, chunksize=16))
    floor_dir = root / "floor"
    floor_dir.mkdir(exist_ok=True)
    with ProcessPoolExecutor(workers) as pool:
        timed = list(pool.map(_write_plain, [(path, floor_dir / f"{i}.xlsx") for i, path in enumerate(written)],
                              chunksize=4))
    # Each worker reads a report's cells back (not counted) and times only the plain write.
    write_floor = Usage(sum(wall for wall, _, _ in timed) / workers, 0.0, sum(cpu for _, cpu, _ in timed))
    n_cells = sum(cells for _, _, cells in timed)

    stages = runs[workers]
    total = _sum(stages.values())
    floor = _sum((read_floor, write_floor))
    print(f"\nI/O floor ({workers} workers), CPU s (wall s):")
    print(f"  calamine read of the inputs          {read_floor.cpu:8.2f}  ({read_floor.wall:.2f})")
    print(f"  XlsxWriter plain write of the same   {write_floor.cpu:8.2f}  (≈{write_floor.wall:.2f})  "
          f"{n_cells:,} output cells")
    print(f"  floor                                {floor.cpu:8.2f}  ({floor.wall:.2f})")
    print("ratios (CPU, same run):")
    print(f"  validate / read floor                {stages[STAGES[0]].cpu / read_floor.cpu:8.2f}x")
    print(f"  report / write floor                 {stages[STAGES[3]].cpu / write_floor.cpu:8.2f}x")
    print(f"  total / floor                        {total.cpu / floor.cpu:8.2f}x   (wall: {total.wall / floor.wall:.2f}x)")
    print(f"peak memory (ru_maxrss): parent {stages[STAGES[3]].parent_peak_mb:.0f} MB, "
          f"largest worker {stages[STAGES[3]].child_peak_mb:.0f} MB (over every run above)")
    if len(counts) > 1:
        _print_scaling(runs)
    if not args.keep:
        shutil.rmtree(root, ignore_errors=True)


def _pipeline(paths: list[Path], folder: Path, workers: int) -> tuple[dict[str, Usage], list[Path]]:
    folder.mkdir(parents=True, exist_ok=True)
    db, reports = folder / "bench.sqlite", folder / "reports"
    db.unlink(missing_ok=True)
    stages: dict[str, Usage] = {}
    with measured() as stages[STAGES[0]]:
        results = validate_files(paths, workers=workers)
    with measured() as stages[STAGES[1]], Store(db) as store:
        outcomes = [store.ingest(result, result.submission.form_value("year")) for result in results]
    assert all(o.stored for o in outcomes), "synthetic submissions must all be valid"
    years = sorted({result.submission.form_value("year") for result in results})
    del results, outcomes
    gc.collect()
    if reports.exists():
        shutil.rmtree(reports)
    # Round after round, as rounds are run: each computed once (its predecessor is handed on, not
    # read again), reported, then dropped, so memory holds one round and not eleven.
    computing, reporting, summaries, previous = [], [], [], None
    for year in years:
        with measured() as usage, Store(db) as store:
            computed = load_round(store, year, previous=previous)
        computing.append(usage)
        with measured() as usage:
            summaries.append(run_round(db, year, reports / str(year), workers=workers, results=computed))
        reporting.append(usage)
        previous = computed
    stages[STAGES[2]], stages[STAGES[3]] = _sum(computing), _sum(reporting)
    assert not any(summary.failed for summary in summaries), "every report must be written"
    written = [path for summary in summaries for path in (*summary.written, summary.overview)]
    print(f"rounds: {len(years)} ({years[0]}–{years[-1]}); reports: {len(written) - len(summaries)} "
          f"+ {len(summaries)} overviews")
    return stages, written


def _sum(usages) -> Usage:
    usages = list(usages)
    return Usage(sum(u.wall for u in usages), sum(u.parent_cpu for u in usages), sum(u.children_cpu for u in usages),
                 max(u.parent_peak_mb for u in usages), max(u.child_peak_mb for u in usages))


def _print_run(n: int, workers: int, stages: dict[str, Usage]) -> None:
    print(f"submissions: {n} (300 processes each), workers: {workers}, cores: {os.cpu_count()}")
    print(f"  {'stage':<28} {'CPU s':>8} {'(parent':>8} {'+ workers)':>10} {'wall s':>8} "
          f"{'CPU ms/sub':>11} {'peak MB parent':>15} {'worker':>7}")
    for name, u in stages.items():
        print(f"  {name:<28} {u.cpu:8.2f} {u.parent_cpu:8.2f} {u.children_cpu:10.2f} {u.wall:8.2f} "
              f"{u.cpu / n * 1000:11.2f} {u.parent_peak_mb:15.0f} {u.child_peak_mb:7.0f}")
    total = _sum(stages.values())
    print(f"  {'total':<28} {total.cpu:8.2f} {total.parent_cpu:8.2f} {total.children_cpu:10.2f} {total.wall:8.2f} "
          f"{total.cpu / n * 1000:11.2f}\n", flush=True)


def _print_scaling(runs: dict[int, dict[str, Usage]]) -> None:
    base, top = min(runs), max(runs)
    print(f"\nscaling ({base} -> {top} workers): wall speedup, serial fraction and the speedup it predicts on 16 cores")
    print(f"  {'stage':<28} {'wall ' + str(base):>8} {'wall ' + str(top):>8} {'speedup':>8} "
          f"{'s (Amdahl)':>11} {'-> 16':>6} {'s (CPU)':>8} {'-> 16':>6}")
    names = list(runs[base]) + ["total"]
    for name in names:
        one = runs[base][name] if name != "total" else _sum(runs[base].values())
        many = runs[top][name] if name != "total" else _sum(runs[top].values())
        speedup = one.wall / many.wall
        serial = amdahl(speedup, top / base)
        # CPU accounting: what the parent spent with workers, against all the work done with one worker.
        serial_cpu = min(1.0, many.parent_cpu / one.cpu) if one.cpu else float("nan")
        print(f"  {name:<28} {one.wall:8.2f} {many.wall:8.2f} {speedup:8.2f} {serial:11.2f} "
              f"{predicted_speedup(serial, 16):6.1f} {serial_cpu:8.2f} {predicted_speedup(serial_cpu, 16):6.1f}")


def _submission_path(index: int, folder: Path) -> Path:
    codes = sorted(municipalities())
    return folder / f"{2026 - index // len(codes)}_{codes[index % len(codes)]}.xlsx"


def _write_submission(job: tuple[int, Path]) -> Path:
    index, folder = job
    rng = random.Random(index)
    codes = sorted(municipalities())
    year = 2026 - index // len(codes)
    profile = draw_profile(rng, codes[index % len(codes)])
    path = folder / f"{year}_{profile.code}.xlsx"
    assert path == _submission_path(index, folder)
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


def _write_plain(job: tuple[Path, Path]) -> tuple[float, float, int]:
    """Write the cells of the report ``source`` as plain values; (wall, CPU) of the write alone and the cell count."""
    source, path = job
    sheets = _report_cells(source)
    wall, cpu = time.perf_counter(), time.process_time()
    write_cells(sheets, path)
    return time.perf_counter() - wall, time.process_time() - cpu, sum(len(cells) for cells in sheets.values())


def write_cells(sheets: dict[str, list[tuple[int, int, object]]], path: Path) -> None:
    """The floor's writer: the cells as plain values, one sheet per name, in XlsxWriter's default workbook."""
    workbook = xlsxwriter.Workbook(str(path), {"in_memory": True})  # as the reports are written
    for name, cells in sheets.items():
        worksheet = workbook.add_worksheet(name)
        for row, col, value in cells:
            worksheet.write(row, col, value)
    workbook.close()


if __name__ == "__main__":
    main()
