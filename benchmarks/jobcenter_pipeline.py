"""Speed of a jobcenter round's compute and report stages, against the I/O floor. Prints figures; asserts nothing.

A synthetic round (N participants, default 30, with the register for all 98 municipalities) is
computed (cost per FTE, the allocation cube, spreading, unit costs, the leave-one-out model,
comparisons, peers) and reported (one workbook per participant + the overview, through one worker
process as `run --workers 1` does). CPU time counts this process and its workers (``getrusage``), so
the figures hold on a busy machine. The floor is XlsxWriter writing the same cells (every report's
values, read back with python-calamine) without formatting, formulas or charts, in this process, as
in benchmarks/pipeline.py.

    python benchmarks/jobcenter_pipeline.py --n 30
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from cpu import measured  # noqa: E402
from pipeline import _report_cells, _write_plain  # noqa: E402  (the same floor)

from engine.benchmarks.jobcenter.compute import compute_jobcenter  # noqa: E402
from engine.benchmarks.jobcenter.synthetic import draw_round  # noqa: E402
from engine.run import run_round  # noqa: E402


def _timed(function):
    cpu, wall = time.process_time(), time.perf_counter()
    result = function()
    return result, time.process_time() - cpu, time.perf_counter() - wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=30, help="participating municipalities (default 30)")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="kommunebench-jobcenter-"))
    inputs, draw_cpu, _ = _timed(lambda: draw_round(args.seed, args.n, 2026))
    print(f"synthetic round: {args.n} participants, {len(inputs.staff)} employees, {len(inputs.allocation)} allocation "
          f"lines, {len(inputs.konto5)} konto 5 lines, register {len(inputs.register)} municipalities "
          f"(drawn in {draw_cpu:.2f} s CPU, not part of the figures)\n")

    results, compute_cpu, compute_wall = _timed(lambda: compute_jobcenter(inputs))
    with measured() as report:
        summary = run_round(Path("unused.sqlite"), 2026, root / "reports", workers=1, results=results,
                            benchmark="jobcenter")
    report_cpu, report_wall = report.cpu, report.wall
    outputs = [*summary.written, summary.overview]
    cells = [_report_cells(path) for path in outputs]
    (root / "floor").mkdir()
    floors = [_write_plain((source, root / "floor" / f"{index}.xlsx")) for index, source in enumerate(outputs)]
    floor_wall, floor_cpu = sum(f[0] for f in floors), sum(f[1] for f in floors)
    n_cells = sum(len(c) for sheets in cells for c in sheets.values())

    print(f"{'stage':<40} {'CPU s':>8} {'wall s':>8} {'ms CPU per participant':>24}")
    for name, cpu, wall in (("compute (pandas/numpy/scikit-learn)", compute_cpu, compute_wall),
                            ("report (XlsxWriter, formulas, charts)", report_cpu, report_wall),
                            ("floor: plain XlsxWriter, same cells", floor_cpu, floor_wall)):
        print(f"  {name:<38} {cpu:8.2f} {wall:8.2f} {cpu / args.n * 1000:24.1f}")
    print(f"\n{len(summary.written)} reports + overview, {n_cells:,} cells; failed: {len(summary.failed)}")
    print(f"report / floor (CPU): {report_cpu / floor_cpu:.2f}x; compute + report / floor (CPU): "
          f"{(compute_cpu + report_cpu) / floor_cpu:.2f}x; compute / report (CPU): {compute_cpu / report_cpu:.2f}x")
    shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
