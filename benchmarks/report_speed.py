"""CPU of the report writers against their floor: plain XlsxWriter writing the same cells. Prints figures; asserts nothing.

For an administration round of N municipalities (with last year's round for a third of them, so the
"last year" columns are written) and a botilbud round of N facilities, in one process:

- **report**: CPU time (``time.process_time``) of writing every participant's workbook with the real
  writer (``write_participant_report`` / ``write_facility_report``), the round's first report
  included, so anything prepared once per round is counted;
- **floor**: CPU time of writing the same cells as plain values (formulas as their cached results)
  with XlsxWriter, no formats, formulas, conditional formats or charts — the cells are read back
  from the written reports with python-calamine before the timing, as in ``benchmarks/pipeline.py``;
- their ratio (the goal of issue 12 is ≤ 1.5×);
- the floor again with Python's cyclic garbage collector paused, as the report writers pause it
  (:mod:`engine.report.collector`), and the ratio against that stricter floor.

The reports are written once (to have the cells), then report and floor are timed alternately, one
workbook each in turn, ``--repeat`` times, and the least CPU of each counts: on a machine shared
with other work, CPU time per workbook still varies by a fifth from one minute to the next.

The rounds are prepared (templates filled, validated, ingested, computed) outside the timing;
``--workdir`` keeps the stores so a second run skips that. ``--out`` keeps the reports, e.g. to
compare two versions of the writers with ``benchmarks/compare_reports.py``.

    python3 benchmarks/report_speed.py --n 30
    python3 benchmarks/report_speed.py --n 30 --only administration --repeat 3 --out /tmp/after
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipeline import _report_cells, write_cells  # noqa: E402  (the same floor as the pipeline benchmark)

from engine.benchmarks import get_benchmark, get_domain  # noqa: E402
from engine.report.collector import collector_paused  # noqa: E402
from engine.reference import municipalities  # noqa: E402
from engine.store.database import Store  # noqa: E402
from engine.templates.writer import write_template  # noqa: E402
from engine.validation.validate import validate_files  # noqa: E402

YEAR = 2026


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=30, help="participants per benchmark (default 30)")
    parser.add_argument("--only", choices=("administration", "botilbud"), help="one benchmark only")
    parser.add_argument("--repeat", type=int, default=3,
                        help="time report and floor this often (alternating); the least CPU of each counts")
    parser.add_argument("--workdir", type=Path, help="keep the prepared stores here and reuse them")
    parser.add_argument("--out", type=Path, help="keep the reports here (<out>/<benchmark>/)")
    args = parser.parse_args()
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="kommunebench-report-speed-"))
    workdir.mkdir(parents=True, exist_ok=True)
    out = args.out or workdir / "reports"
    print(f"{'benchmark':<15} {'reports':>7} {'report CPU':>11} {'per report':>11} {'floor CPU':>10} "
          f"{'per report':>11} {'ratio':>6} {'floor, GC paused':>16} {'ratio':>6}")
    for benchmark in ("administration", "botilbud"):
        if args.only in (None, benchmark):
            _measure(benchmark, args.n, args.repeat, workdir, out / benchmark)
    if not args.workdir:
        shutil.rmtree(workdir, ignore_errors=True)


def _measure(benchmark: str, n: int, repeat: int, workdir: Path, out: Path) -> None:
    spec = get_benchmark(benchmark)
    db = workdir / f"{benchmark}_{n}.sqlite"
    if not db.exists():
        started = time.perf_counter()
        _prepare(benchmark, n, workdir / f"{benchmark}_{n}_inputs", db)
        print(f"  (prepared the {benchmark} round in {time.perf_counter() - started:.1f} s, not counted)")
    with Store(db) as store:
        results = spec.compute_round(store, YEAR, spec.load_parameters(None))
    frame = getattr(results, spec.participants)
    participants = [str(code) for code in frame.index]
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    write = spec.load(spec.report)
    paths = [write(results, code, out / f"{code}.xlsx", "da") for code in participants]  # also warms up imports
    cells = [_report_cells(path) for path in paths]  # the floor's input, prepared outside the timing
    floor_dir = workdir / "floor"
    floor_dir.mkdir(exist_ok=True)
    # Report and floor alternate, one workbook each in turn, so that both see the same load of a
    # shared machine; each attempt starts from a freshly computed round, so what a writer prepares
    # once per round is counted in every attempt.
    report_cpu = floor_cpu = paused_cpu = float("inf")
    for _ in range(max(1, repeat)):
        fresh = _fresh(spec, db)
        report_sum = floor_sum = paused_sum = 0.0
        for index, code in enumerate(participants):
            started = time.process_time()
            write(fresh, code, floor_dir / f"report_{index}.xlsx", "da")
            report_sum += time.process_time() - started
            started = time.process_time()
            write_cells(cells[index], floor_dir / f"{index}.xlsx")
            floor_sum += time.process_time() - started
            started = time.process_time()
            with collector_paused():
                write_cells(cells[index], floor_dir / f"{index}.xlsx")
            paused_sum += time.process_time() - started
        report_cpu, floor_cpu = min(report_cpu, report_sum), min(floor_cpu, floor_sum)
        paused_cpu = min(paused_cpu, paused_sum)
    count = len(paths)
    print(f"{benchmark:<15} {count:>7} {report_cpu:>9.2f} s {report_cpu / count * 1000:>8.1f} ms "
          f"{floor_cpu:>8.2f} s {floor_cpu / count * 1000:>8.1f} ms {report_cpu / floor_cpu:>5.2f}x "
          f"{paused_cpu / count * 1000:>8.1f} ms {report_cpu / paused_cpu:>5.2f}x", flush=True)


def _fresh(spec, db: Path):
    with Store(db) as store:
        return spec.compute_round(store, YEAR, spec.load_parameters(None))


def _prepare(benchmark: str, n: int, inputs: Path, db: Path) -> None:
    inputs.mkdir(parents=True, exist_ok=True)
    paths: list[tuple[Path, int]] = []
    if benchmark == "administration":
        from engine.benchmarks.administration.synthetic import administration_values, draw_profile

        codes = sorted(municipalities())[:n]
        rng = random.Random(12)
        for year, chosen in ((YEAR - 1, codes[: max(1, n // 3)]), (YEAR, codes)):
            for code in chosen:
                path = inputs / f"{year}_{code}.xlsx"
                write_template(get_domain("administration"), path, "da",
                               administration_values(rng, draw_profile(rng, code), year))
                paths.append((path, year))
    else:
        from engine.benchmarks.botilbud.synthetic import draw_round

        for facility in draw_round(7, n, YEAR):
            code = facility.facility.facility_id
            paths.append((write_template(get_domain("botilbud"), inputs / f"{code}_q.xlsx", "da",
                                         facility.questionnaire), YEAR))
            paths.append((write_template(get_domain("botilbud_tid"), inputs / f"{code}_t.xlsx", "da",
                                         facility.time_registration), YEAR))
    years = {str(path): year for path, year in paths}
    with Store(db) as store:
        for result in validate_files([path for path, _ in paths]):
            assert store.ingest(result, years[result.path]).stored, f"{result.path} did not validate"


if __name__ == "__main__":
    main()
