"""One administration round on the local process pool and on a Dask cluster on this same machine.

Prints CPU (this process plus every worker process) and wall for validate and report with each back
end, to show what a Dask cluster costs where it cannot pay off: on one machine it runs the same work
in the same number of processes, plus a scheduler, plus shipping every file and report through
sockets. Needs ``kommunebench[dask]``. Prints figures; asserts nothing.

    python benchmarks/dask_round.py --n 98 --workers 2
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))

from cpu import measured  # noqa: E402
from pipeline import _write_submission  # noqa: E402  (the same synthetic submissions)

from engine.benchmarks.administration.compute import load_round  # noqa: E402
from engine.executors import DaskExecutor, LocalExecutor  # noqa: E402
from engine.run import run_round  # noqa: E402
from engine.store.database import Store  # noqa: E402
from engine.validation.validate import validate_files  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=98, help="municipalities in the round (default 98, at most 98)")
    parser.add_argument("--workers", type=int, default=2, help="worker processes of each back end (default 2)")
    args = parser.parse_args()
    from distributed import LocalCluster

    root = Path(tempfile.mkdtemp(prefix="kommunebench-dask-"))
    (root / "inputs").mkdir()
    with ProcessPoolExecutor(args.workers) as pool:
        paths = list(pool.map(_write_submission, [(i, root / "inputs") for i in range(min(args.n, 98))]))
    with Store(root / "bench.sqlite") as store:
        for result in validate_files(paths):
            store.ingest(result, 2026)
        results = load_round(store, 2026)

    rows = []
    with measured() as local_validate:
        validate_files(paths, executor=LocalExecutor(args.workers))
    with measured() as local_report:
        run_round(root / "bench.sqlite", 2026, root / "local", results=results, executor=LocalExecutor(args.workers))
    rows += [("local pool", "validate", local_validate.wall, local_validate.cpu),
             ("local pool", "report", local_report.wall, local_report.cpu)]

    with LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster, DaskExecutor(cluster.scheduler_address) as executor:
        for stage, work in (("validate", lambda: validate_files(paths, executor=executor)),
                            ("report", lambda: run_round(root / "bench.sqlite", 2026, root / "dask", results=results,
                                                         executor=executor))):
            before, started = _tree_cpu(), time.perf_counter()
            work()
            rows.append(("Dask LocalCluster", stage, time.perf_counter() - started, _tree_cpu() - before))

    print(f"one round of {len(paths)} municipalities, {args.workers} workers per back end")
    print(f"  {'back end':<18} {'stage':<9} {'wall s':>7} {'CPU s':>7}   (CPU: this process + its workers)")
    for backend, stage, wall, cpu in rows:
        print(f"  {backend:<18} {stage:<9} {wall:7.2f} {cpu:7.2f}")
    shutil.rmtree(root, ignore_errors=True)


def _tree_cpu() -> float:
    """CPU seconds of this process and every living descendant (the cluster's scheduler thread, nannies, workers)."""
    total = 0.0
    for process in [psutil.Process(), *psutil.Process().children(recursive=True)]:
        try:
            times = process.cpu_times()
            total += times.user + times.system
        except psutil.NoSuchProcess:
            pass
    return total


if __name__ == "__main__":
    main()
