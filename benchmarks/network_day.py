"""What the overview's network-day sheet costs on the demo's botilbud round. Prints figures; asserts nothing.

The round is computed once from the demo's store (about 119 facilities); then, best of ``REPEAT``
runs each, the CPU seconds of the grouping rule alone, of the sheet alone (rule included, written to
a workbook of its own) and of the whole overview, with the sheet's share of the overview.

    python -m engine.cli demo --out /tmp/demo && python benchmarks/network_day.py /tmp/demo/bench.sqlite
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from cpu import measured  # noqa: E402
from engine.benchmarks.botilbud.compute import BotilbudParameters, load_botilbud_round  # noqa: E402
from engine.benchmarks.botilbud.network_day import network_day  # noqa: E402
from engine.benchmarks.botilbud.overview_network_day import add_network_day_sheet  # noqa: E402
from engine.benchmarks.botilbud.report import write_botilbud_overview  # noqa: E402
from engine.report import formats as fm  # noqa: E402
from engine.store.database import Store  # noqa: E402

REPEAT = 5


def _best(stage) -> float:
    times = []
    for _ in range(REPEAT):
        with measured() as usage:
            stage()
        times.append(usage.cpu)
    return min(times)


def main(database: str, year: int = 2026) -> None:
    with Store(database) as store:
        results = load_botilbud_round(store, year, BotilbudParameters())
    day = network_day(results)
    print(f"{len(results.facilities)} facilities in {results.facilities['cluster'].nunique()} clusters: "
          f"{len(day.groups)} groups of {sum(len(g.members) for g in day.groups)} facilities, "
          f"{len(day.ungrouped)} in no group; sizes {sorted(len(g.members) for g in day.groups)}")
    with tempfile.TemporaryDirectory() as folder:
        def sheet() -> None:
            wb = fm.new_workbook(Path(folder) / "sheet.xlsx", "Netværksdag", "benchmark")
            add_network_day_sheet(wb, fm.Formats(wb), results, "Netværksdag", "da")
            wb.close()

        rule = _best(lambda: network_day(results))
        alone = _best(sheet)
        overview = _best(lambda: write_botilbud_overview(results, Path(folder) / "overview.xlsx"))
    print(f"CPU seconds, best of {REPEAT}: rule {rule:.3f}; sheet (rule included) {alone:.3f}; "
          f"whole overview {overview:.3f}; the sheet is {alone / overview:.0%} of the overview")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "kommunebench-demo/bench.sqlite")
