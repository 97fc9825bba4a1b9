"""A botilbud round of 8 facilities: 7 others are too few for quartiles, so the summary shows the others'
median and the half (docs/method.md, "Comparison, suppression, flags"), and the flag reads the half."""

from __future__ import annotations

import python_calamine
import pytest

from engine.benchmarks.botilbud.compute import load_botilbud_round
from engine.benchmarks.botilbud.indicators import INDICATORS
from engine.benchmarks.botilbud.report import write_facility_report
from engine.benchmarks.botilbud.report_position import C_MEDIAN, C_POSITION, C_Q1, C_Q3
from engine.report.position import LOWER_HALF, UPPER_HALF, band_text
from engine.store.database import Store
from libreoffice import recalculation_mismatches
from test_report_botilbud import _ingest

FACILITY = "BO-0302"


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    folder = tmp_path_factory.mktemp("botilbud_half_band")
    with Store(folder / "bench.sqlite") as store:
        _ingest(store, folder, seed=9, size=8, first=301)
        results = load_botilbud_round(store, 2026)
    return results, write_facility_report(results, FACILITY, folder / "report.xlsx"), folder


def test_seven_others_show_the_median_and_the_half_never_the_quartiles(report):
    results, path, _ = report
    rows = results.facility_indicators(FACILITY).set_index("indicator")
    grid = python_calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Overblik").to_python()
    by_name = {row[0]: row for row in grid if row and isinstance(row[0], str)}
    halves = 0
    for item in INDICATORS:
        data, row = rows.loc[item.id], by_name[item.name("da")]
        assert row[C_Q1] == "–" and row[C_Q3] == "–"  # 7 others: no quartiles under the disclosure policy
        if data["band"] in (LOWER_HALF, UPPER_HALF):
            assert row[C_MEDIAN] == pytest.approx(data["round_median"])
            assert row[C_POSITION] == band_text(int(data["band"]), int(data["round_n"]), "da")
            assert "halvdel (n = 7)" in row[C_POSITION]
            halves += 1
    assert halves >= 8


@pytest.mark.libreoffice
def test_the_half_and_the_flags_recalculate_to_the_engines_values(report):
    _, path, folder = report
    compared, mismatches, errors = recalculation_mismatches(path, folder / "lo")
    assert compared > 100 and mismatches == [] and errors == []
