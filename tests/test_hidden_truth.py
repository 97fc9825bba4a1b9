"""Hidden truth: constructed rounds where the right answer is known by construction, and the engine and
the report must single out exactly that — no more, no less (docs/method.md, "Flags that discriminate").

- Administration: 14 municipalities answer every process almost alike (±2 % noise); one spends 4 FTE
  more on one process, another runs one process decentralised (level 0 where the others are at 3).
  Exactly that category is flagged for each of them, nobody else gets a flag, and the report's
  drill-down names exactly that process as the driver and puts the category first in "where to start";
  page one (key messages) counts the one flag in that area and names that category and process.
- Botilbud: 14 facilities alike (±3 %); one has three times the overtime. Exactly that facility is
  flagged, on exactly that indicator.
"""

from __future__ import annotations

import random

import pandas as pd
import python_calamine
import pytest

from engine.benchmarks.administration.compute import TOTAL, compute_administration, _process_catalogue
from engine.benchmarks.administration.process_peers import compare_processes
from engine.benchmarks.administration.report import write_participant_report
from engine.benchmarks.administration.report_labels import category_names, process_names
from engine.benchmarks.botilbud.compute import compute_botilbud
from test_compute_botilbud import tiny_round

N = 14
FLAGS = ("flag_less_centralised", "flag_less_digital", "flag_more_fte")


def _administration_round():
    rng = random.Random(20)
    catalogue = _process_catalogue()
    finance, hr = (catalogue[catalogue.area == area] for area in ("finance", "hr"))
    small = finance.groupby("category_id").size().idxmin()
    fte_process = finance[finance.category_id == small].process_id.iloc[0]
    # Centralisation is a mean over the category's processes: one process from 3 to 0 moves a category of
    # k processes by 3/k, beyond the 0.5 threshold only where k < 6 (docs/method.md) — the smallest HR one.
    small_hr = hr.groupby("category_id").size().idxmin()
    decentral_process = hr[hr.category_id == small_hr].process_id.iloc[-1]
    codes = [str(101 + i) for i in range(N)]
    participants = pd.DataFrame({
        "participant": codes, "name": [f"Kommune {c}" for c in codes],
        "inhabitants": [50_000 * rng.uniform(0.98, 1.02) for _ in codes],
        "employees": [4_000 * rng.uniform(0.98, 1.02) for _ in codes],
        "finance_system": ["kmd_opus"] * N, "payroll_system": ["sd_loen"] * N,
        "file_name": [f"{c}.xlsx" for c in codes], "sha256": ["0" * 64] * N,
    }).set_index("participant")
    rows = []
    for code in codes:
        for area, process_id, category_id, position in catalogue.itertuples(index=False):
            fte = 0.5 * rng.uniform(0.98, 1.02)
            centralisation = 3.0
            if code == "103" and process_id == fte_process:
                fte += 4.0
            if code == "107" and process_id == decentral_process:
                centralisation = 0.0
            rows.append({"participant": code, "area": area, "process_id": process_id, "category_id": category_id,
                         "position": position, "centralisation": centralisation, "digital_process": 0.75,
                         "digital_solution": 0.5, "fte": fte, "comment": None, "location_centralisation": "C5"})
    return participants, pd.DataFrame(rows), (small, small_hr), fte_process, decentral_process


@pytest.fixture(scope="module")
def administration():
    participants, processes, category, fte_process, decentral_process = _administration_round()
    return compute_administration(participants, processes, 2026), category, fte_process, decentral_process


def test_exactly_the_one_category_is_flagged_and_nobody_else(administration):
    results, (category, hr_category), _, _ = administration
    c = results.categories[results.categories.category_id != TOTAL]
    assert c.quartiles_shown.all()  # 13 others: the spread rule is in force
    flagged = {(row.participant, row.area, row.category_id, flag)
               for row in c.itertuples() for flag in FLAGS if getattr(row, flag)}
    assert flagged == {("103", "finance", category, "flag_more_fte"), ("107", "hr", hr_category, "flag_less_centralised")}


def test_the_process_comparison_finds_the_one_process(administration):
    results, category, fte_process, decentral_process = administration
    p = compare_processes(results)
    own = p[p.participant == "103"]
    assert own.loc[own.fte_above.idxmax(), "process_id"] == fte_process
    assert (own.fte_above > 0.5).sum() == 1
    other = p[p.participant == "107"]
    assert other.loc[other.centralisation_gap.idxmin(), "process_id"] == decentral_process
    assert (other.centralisation_gap < 0).sum() == 1
    # A unanimous group (every other municipality at level 3) would state each one's level: hidden.
    assert p.loc[(p.participant == "101") & (p.process_id != decentral_process), "share_3"].isna().all()


@pytest.mark.parametrize("code, process", [("103", "fte"), ("107", "decentral")])
def test_the_report_names_exactly_that_process_and_starts_there(administration, tmp_path, code, process):
    results, categories, fte_process, decentral_process = administration
    expected = fte_process if process == "fte" else decentral_process
    area, category = ("finance", categories[0]) if process == "fte" else ("hr", categories[1])
    path = write_participant_report(results, code, tmp_path / f"{code}.xlsx", "en")
    book = python_calamine.CalamineWorkbook.from_path(str(path))
    grid = book.get_sheet_by_name("Processes compared").to_python()
    drivers = [row[0] for row in grid if len(row) > 14 and isinstance(row[14], str) and row[14]
               and row[0] != "Process id"]
    assert drivers == [expected]
    start = next(i for i, row in enumerate(grid) if row and row[0] == "No.")
    assert grid[start + 1][1] == category_names()[(area, category)]("en")  # where to start: that category first
    assert grid[start + 1][2] == ("more FTE" if process == "fte" else "less centralised")
    assert not any(row[0] == 2 for row in grid[start + 1:start + 9])  # the one flagged category comes alone
    # Page one says the same: the flagged area has 1 flagged category, the other 0, and "where to start"
    # names exactly that category and that process.
    page_one = [str(row[0]) for row in book.get_sheet_by_name("Key messages").to_python() if row and row[0]]
    flagged_area = "Accounting" if area == "finance" else "Payroll"
    counts = {line.split(":")[0]: line for line in page_one if " categories are flagged" in line}
    assert len(counts) == 2 and all((" 1 of " in line) == key.startswith(flagged_area) and
                                    (" 0 of " in line) != key.startswith(flagged_area) for key, line in counts.items())
    start_line = next(line for line in page_one if line.startswith("Where to start:"))
    process_name = process_names()[expected]("en")
    assert start_line.startswith(f"Where to start: {category_names()[(area, category)]('en')} (")
    named = start_line.split(" – ")[0]  # the list, before the sentence's explanation
    assert named.endswith(f"mainly {process_name})") and named.count(";") == 1  # that one, and no other


def test_a_facility_worse_on_one_indicator_is_flagged_on_that_one_only():
    rng = random.Random(21)
    fields = ("places", "fte_total", "fte_frontline", "headcount", "overtime_hours", "temp_hours", "leavers",
              "competence_days", "tariff")
    base = dict(places=18, fte_total=26.0, fte_frontline=24.0, headcount=30, overtime_hours=240.0, temp_hours=2000.0,
                leavers=4, competence_days=60.0, tariff=2800.0)
    changes = {f"F{i}": {field: base[field] * rng.uniform(0.985, 1.015) for field in fields} for i in range(1, N + 1)}
    changes["F5"]["overtime_hours"] = 3 * base["overtime_hours"]
    results = compute_botilbud(*tiny_round(N, **changes), 2026)
    flagged = results.indicators[results.indicators.weak]
    assert list(zip(flagged.facility, flagged.indicator)) == [("F5", "overtime_per_fte")]
    row = flagged.iloc[0]
    assert row.band == 4 and row.round_n == N - 1  # the highest quarter of the 13 others


def test_the_rounds_spread_is_hidden_where_the_cluster_is_all_others_but_one():
    """Disclosure: the round's median and quartiles sit beside the cluster's median on the summary; over
    groups one member apart (a cluster of all facilities but one) they would bound that one's value."""
    from engine.benchmarks.botilbud.flags import with_round_spread
    from engine.report.disclosure import DisclosurePolicy

    values = [float(v) for v in range(12)]
    frame = pd.DataFrame({"indicator": ["x"] * 12, "value": values,
                          "cluster_median": [5.0] * 11 + [float("nan")],  # the last facility is alone in its cluster
                          "cluster_n": [10] * 11 + [0]})
    spread = with_round_spread(frame, DisclosurePolicy(5))
    assert spread.loc[:10, ["round_median", "round_q1", "round_q3"]].isna().all().all()  # 11 others vs 10
    assert spread.loc[11, ["round_median", "round_q1", "round_q3"]].notna().all()  # no cluster median beside it
