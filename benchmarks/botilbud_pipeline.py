"""End-to-end speed of a botilbud round, against the I/O floor. Prints figures; asserts nothing.

N synthetic facilities, each with a questionnaire and a time registration
(2 workbooks), go through validate, ingest, compute (indicators, peer matching,
clusters) and report (one workbook per facility + the overview). The I/O floor
is measured as in benchmarks/pipeline.py: python-calamine reading the same
inputs plus XlsxWriter writing the same output cells without formatting.

    python benchmarks/botilbud_pipeline.py --n 120
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pipeline import _read_inputs, _report_cells, _write_plain  # noqa: E402  (the same floor)

from engine.benchmarks import get_domain  # noqa: E402
from engine.benchmarks.botilbud.compute import load_botilbud_round  # noqa: E402
from engine.benchmarks.botilbud.synthetic import draw_round  # noqa: E402
from engine.run import default_workers, run_round  # noqa: E402
from engine.store.database import Store  # noqa: E402
from engine.templates.writer import write_template  # noqa: E402
from engine.validation.validate import validate_files  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=120, help="number of facilities (default 120)")
    parser.add_argument("--workers", type=int, default=default_workers(), help="worker processes (default: cores)")
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="kommunebench-botilbud-"))
    inputs = root / "inputs"
    inputs.mkdir()
    started = time.perf_counter()
    paths = []
    for facility in draw_round(7, args.n, 2026):
        code = facility.facility.facility_id
        paths.append(write_template(get_domain("botilbud"), inputs / f"{code}_q.xlsx", "da", facility.questionnaire))
        paths.append(write_template(get_domain("botilbud_tid"), inputs / f"{code}_t.xlsx", "da",
                                    facility.time_registration))
    print(f"prepared {len(paths)} workbooks in {time.perf_counter() - started:.1f} s (not part of the figures)\n")

    stages: dict[str, float] = {}
    db = root / "bench.sqlite"
    started = time.perf_counter()
    results = validate_files(paths, workers=args.workers)
    stages["validate (read + checks)"] = time.perf_counter() - started
    started = time.perf_counter()
    with Store(db) as store:
        stored = sum(store.ingest(result, 2026).stored for result in results)
    stages["ingest (SQLite)"] = time.perf_counter() - started
    started = time.perf_counter()
    with Store(db) as store:
        computed = load_botilbud_round(store, 2026)
    stages["compute (indicators, matching)"] = time.perf_counter() - started
    started = time.perf_counter()
    summary = run_round(db, 2026, root / "reports", workers=args.workers, results=computed, benchmark="botilbud")
    stages["report (XlsxWriter)"] = time.perf_counter() - started
    total = sum(stages.values())

    started = time.perf_counter()
    with ProcessPoolExecutor(args.workers) as pool:
        list(pool.map(_read_inputs, paths, chunksize=16))
    read_floor = time.perf_counter() - started
    cells = [_report_cells(path) for path in (*summary.written, summary.overview)]
    (root / "floor").mkdir()
    started = time.perf_counter()
    with ProcessPoolExecutor(args.workers) as pool:
        list(pool.map(_write_plain, [(root / "floor" / f"{i}.xlsx", c) for i, c in enumerate(cells)], chunksize=4))
    write_floor = time.perf_counter() - started
    floor = read_floor + write_floor

    print(f"facilities: {args.n} ({len(paths)} workbooks, {stored} stored), workers: {args.workers}")
    for name, seconds in stages.items():
        print(f"  {name:<34} {seconds:8.2f} s  ({seconds / args.n * 1000:6.2f} ms per facility)")
    print(f"  {'total':<34} {total:8.2f} s")
    print(f"I/O floor: calamine read {read_floor:.2f} s + XlsxWriter plain write {write_floor:.2f} s = {floor:.2f} s")
    print(f"total / floor: {total / floor:.2f}x; reports: {len(summary.written)} + overview; "
          f"failed: {len(summary.failed)}")
    shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
