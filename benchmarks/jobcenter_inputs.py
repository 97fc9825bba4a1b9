"""Speed of the jobcenter input side, against the I/O floor. Prints figures; asserts nothing.

N synthetic municipalities (a staff list, 2-5 department allocations and a konto 5 budget each) go
through validate (per workbook and across each municipality's workbooks), ingest, the round status
and inputs_from_store. The floor is python-calamine reading every sheet of the same workbooks.

    python benchmarks/jobcenter_inputs.py --n 30
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pipeline import _read_inputs  # noqa: E402  (the same floor)

from engine.benchmarks.jobcenter import workbook_values as values_of  # noqa: E402
from engine.benchmarks.jobcenter.demo import write_round  # noqa: E402
from engine.status.model import round_status  # noqa: E402
from engine.benchmarks.jobcenter.store_inputs import load_round  # noqa: E402
from engine.benchmarks.jobcenter.synthetic import draw_round  # noqa: E402
from engine.store.database import Store  # noqa: E402
from engine.validation.validate import validate_file, validate_files  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=30, help="number of municipalities (default 30)")
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="kommunebench-jobcenter-"))
    try:
        truth = draw_round(11, args.n, 2026)
        started = time.perf_counter()
        paths, _ = write_round(truth, root)
        register = values_of.write_register_csv(truth.register, root / "register.csv")
        print(f"prepared {len(paths)} workbooks in {time.perf_counter() - started:.1f} s (not part of the figures)\n")

        kinds = defaultdict(list)
        for path in paths:
            kind = "staff list" if "medarbejderliste" in path.name else "konto 5" if "konto5" in path.name \
                else "department allocation"
            kinds[kind].append(path)
        print(f"{'workbook':<24}{'count':>6}{'floor ms':>10}{'validate ms':>13}{'ratio':>7}")
        for kind, files in sorted(kinds.items()):
            floor = _timed(lambda: [_read_inputs(p) for p in files]) / len(files)
            validate = _timed(lambda: [validate_file(p) for p in files]) / len(files)
            print(f"{kind:<24}{len(files):>6}{floor * 1000:>10.1f}{validate * 1000:>13.1f}{validate / floor:>7.1f}")

        stages = {}
        results = []
        stages["validate batch (workbooks + across)"] = _timed(lambda: results.extend(validate_files(paths)))
        db = root / "bench.sqlite"
        with Store(db) as store:
            stages["ingest (SQLite)"] = _timed(lambda: [store.ingest(r, 2026) for r in results])
            stages["round status"] = _timed(lambda: round_status(store, "jobcenter", 2026))
            stages["inputs_from_store (+ register)"] = _timed(lambda: load_round(store, 2026, register))
        floor = _timed(lambda: [_read_inputs(p) for p in paths])
        print()
        for stage, seconds in stages.items():
            print(f"{stage:<40}{seconds:>8.2f} s")
        print(f"{'I/O floor: calamine reading all inputs':<40}{floor:>8.2f} s")
        print(f"{'validate batch / floor':<40}{stages['validate batch (workbooks + across)'] / floor:>8.1f}×")
    finally:
        shutil.rmtree(root, ignore_errors=True)


def _timed(work) -> float:
    started = time.process_time()
    work()
    return time.process_time() - started


if __name__ == "__main__":
    main()
