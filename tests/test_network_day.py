"""Network-day groups: the rule on rounds whose right grouping is known by construction, and the sheet.

The constructed round: twelve facilities in two target groups (two clusters, each facility's five
peers are the other five of its group). In the first, F01 pays no overtime while F02 and F03 pay
two and a half times the others'; in the second, F07 has no leavers while F08 and F09 lose four
times as many. So F01 is strong where F02 and F03 are flagged, F07 where F08 and F09 are, and
nobody else is strong or flagged on anything: the two groups are (F01, F02, F03) around overtime
and (F07, F08, F09) around turnover, the six others in none.
"""

from __future__ import annotations

import openpyxl
import pandas as pd
import pytest
import python_calamine

from engine.benchmarks.botilbud.compute import BotilbudParameters, compute_botilbud
from engine.benchmarks.botilbud.network_day import form_groups, network_day, strong_flags
from engine.benchmarks.botilbud.report import write_botilbud_overview
from engine.benchmarks.botilbud.synthetic import draw_round
from libreoffice import convert, recalculation_mismatches
from printing import print_problems
from test_compute_botilbud import frames_from_synthetic, tiny_round

FIRST, SECOND = [f"F{i:02d}" for i in range(1, 7)], [f"F{i:02d}" for i in range(7, 13)]


def constructed_round(params: BotilbudParameters = BotilbudParameters()):
    changes = {fid: {"target_group": "psychiatric"} for fid in SECOND}
    changes["F01"] = {"overtime_hours": 0.0}
    changes["F02"] = changes["F03"] = {"overtime_hours": 600.0}
    changes["F07"] = {"target_group": "psychiatric", "leavers": 0}
    changes["F08"] = changes["F09"] = {"target_group": "psychiatric", "leavers": 16}
    facilities, citizens, staffing, registrations = tiny_round(12)
    renamed = {f"F{i}": f"F{i:02d}" for i in range(1, 13)}
    facilities = facilities.rename(index=renamed)
    for fid, fields in changes.items():
        for field, value in fields.items():
            facilities.loc[fid, field] = value
    facilities["facility_name"] = ["Egebo", "Lindely"] * 6  # names repeat, as in the demo
    # Needs differ a little within a group, more between the groups: distances that order the members.
    citizens = citizens.rename(index=renamed)
    for k, fid in enumerate(FIRST + SECOND):
        citizens.loc[fid, "VUM-1"] = 2 + k % 6 + (10 if fid in SECOND else 0)
    return compute_botilbud(facilities, citizens, staffing.replace({"facility": renamed}),
                            registrations.replace({"facility": renamed}), 2026, params)


@pytest.fixture(scope="module")
def constructed():
    return constructed_round()


# -- the rule -----------------------------------------------------------------------------------------

def test_the_constructed_round_gets_the_grouping_known_by_construction(constructed):
    clusters = constructed.facilities["cluster"]
    assert clusters[FIRST].nunique() == 1 and clusters[SECOND].nunique() == 1 and clusters["F01"] != clusters["F07"]
    day = network_day(constructed)
    assert [(g.topics, g.anchor, sorted(m.facility for m in g.members)) for g in day.groups] == [
        (("overtime_per_fte",), "F01", ["F01", "F02", "F03"]),
        (("turnover",), "F07", ["F07", "F08", "F09"]),
    ]
    assert day.ungrouped == ("F04", "F05", "F06", "F10", "F11", "F12")
    first, second = day.groups
    assert first.strong("overtime_per_fte") == ["F01"] and first.flagged("overtime_per_fte") == ["F02", "F03"]
    assert second.strong("turnover") == ["F07"] and second.flagged("turnover") == ["F08", "F09"]
    member = first.members[0]
    assert (member.facility, member.name, member.municipality, member.distance) == ("F01", "Egebo", "751", 0.0)
    distances = constructed.matcher.distances_
    assert first.members[1].distance == pytest.approx(distances.loc["F01", first.members[1].facility])
    assert first.max_distance == pytest.approx(distances.loc[["F01", "F02", "F03"], ["F01", "F02", "F03"]].max().max())
    assert day.strong_on["F01"] == ("overtime_per_fte",) and day.flagged_on["F08"] == ("turnover",)
    assert all(not day.strong_on[f] and not day.flagged_on[f] for f in day.ungrouped)


def test_strong_is_the_flag_mirrored():
    """Better than the median by more than the flag's margin, and beyond the better quartile."""
    ids = pd.Series(["overtime_per_fte"] * 4 + ["competence_days_per_employee"] * 2)
    value = pd.Series([4.0, 9.5, 15.0, 4.5, 3.5, 1.0])  # beyond the minimum distances (5 hours, 1 day)
    median = pd.Series([10.0, 10.0, 10.0, 10.0, 2.0, 2.0])
    q1, q3 = pd.Series([8.0, 8.0, 8.0, 4.0, 1.5, 1.5]), pd.Series([12.0, 12.0, 12.0, 12.0, 2.5, 2.5])
    params = BotilbudParameters()
    assert strong_flags(value, median, ids, params, q1, q3).tolist() == [True, False, False, False, True, False]
    # Lower is better for overtime: 15 is the flag's case, 4.5 above a quartile of 4 is not beyond it.
    assert strong_flags(value, median, ids, params).tolist() == [True, False, False, True, True, False]


def _frames(flags: dict[str, list[str]], strong: dict[str, list[str]], ids: list[str]):
    return tuple(pd.DataFrame({c: [c in marks.get(i, []) for i in ids] for c in ("a", "b")}, index=ids)
                 for marks in (flags, strong))


def test_anchor_is_the_strong_one_nearest_those_flagged_and_max_size_splits_a_topic():
    ids = ["S1", "S2", "W1", "W2", "W3", "W4", "X1"]
    position = {"S1": 0.0, "S2": 10.0, "W1": 9.0, "W2": 11.0, "W3": 12.0, "W4": 1.0, "X1": 50.0}
    distances = pd.DataFrame([[abs(position[a] - position[b]) for b in ids] for a in ids], index=ids, columns=ids)
    flagged, strong = _frames({w: ["a"] for w in ("W1", "W2", "W3", "W4")}, {"S1": ["a"], "S2": ["a"]}, ids)
    clusters = pd.Series(0, index=ids)
    # S2 is nearer the four flagged (1+1+2+9) than S1 (9+11+12+1); three seats: the two nearest join it.
    assert form_groups(flagged, strong, clusters, distances, 2, 3) == [(0, "a", ["S2", "W1", "W2"]),
                                                                      (0, "a", ["S1", "W4", "W3"])]
    # Shuffled rows give the same groups: ties and order fall to the ids, not to the input.
    order = ["X1", "W3", "S1", "W1", "S2", "W4", "W2"]
    assert form_groups(flagged.loc[order], strong.loc[order], clusters.loc[order], distances.loc[order, order],
                       2, 3) == form_groups(flagged, strong, clusters, distances, 2, 3)


def test_a_small_group_fills_up_with_the_nearest_of_its_cluster_and_never_crosses_clusters():
    ids = ["S1", "W1", "N1", "N2", "O1"]
    distances = pd.DataFrame(1.0, index=ids, columns=ids)
    distances.loc["S1", "N2"] = distances.loc["N2", "S1"] = 0.5
    flagged, strong = _frames({"W1": ["a"], "O1": ["b"]}, {"S1": ["a", "b"]}, ids)
    clusters = pd.Series([0, 0, 0, 0, 1], index=ids)
    assert form_groups(flagged, strong, clusters, distances, 3, 6) == [(0, "a", ["S1", "W1", "N2"])]
    # Four seats are more than the cluster's four facilities minus none: still one group of four;
    # five seats cannot be filled, and O1 (flagged on b, in another cluster) never joins S1.
    assert form_groups(flagged, strong, clusters, distances, 4, 6) == [(0, "a", ["S1", "W1", "N2", "N1"])]
    assert form_groups(flagged, strong, clusters, distances, 5, 6) == []
    with pytest.raises(ValueError, match="2 <= min_size <= max_size"):
        form_groups(flagged, strong, clusters, distances, 4, 3)


def test_on_a_synthetic_round_every_group_keeps_the_rule():
    results = compute_botilbud(*frames_from_synthetic(draw_round(seed=11, size=60, year=2026)), 2026)
    day = network_day(results)
    assert day.groups, "a round of 60 should have some network-day groups"
    seen = [m.facility for g in day.groups for m in g.members]
    assert len(seen) == len(set(seen)) and not set(seen) & set(day.ungrouped)
    assert sorted(seen + list(day.ungrouped)) == sorted(results.facilities.index)
    for group in day.groups:
        assert day.min_size <= len(group.members) <= day.max_size
        assert len({m.cluster for m in group.members}) == 1
        for topic in group.topics:
            assert group.strong(topic) and group.flagged(topic)
    assert network_day(results) == day  # deterministic


def test_the_sizes_come_from_the_round_configuration(tmp_path):
    config = tmp_path / "runde.toml"
    config.write_text("[botilbud]\nnetwork_day_min_size = 2\nnetwork_day_max_size = 2\n", encoding="utf-8")
    params = BotilbudParameters.from_toml(config)
    results = constructed_round(params)
    day = network_day(results)
    # Two seats a table: each strong facility with the nearer of its two flagged; the other has no table.
    distances = results.matcher.distances_
    nearer = [min(pair, key=lambda f: (distances.loc[anchor, f], f)) for anchor, pair in
              (("F01", ("F02", "F03")), ("F07", ("F08", "F09")))]
    assert [[m.facility for m in g.members] for g in day.groups] == [["F01", nearer[0]], ["F07", nearer[1]]]
    config.write_text("[botilbud]\nnetwork_day_min_size = 1\n", encoding="utf-8")
    with pytest.raises(ValueError, match="network_day_min_size"):
        BotilbudParameters.from_toml(config)


# -- the sheet ----------------------------------------------------------------------------------------

def _sheet(path, name):
    book = python_calamine.CalamineWorkbook.from_path(str(path))
    return book.get_sheet_by_name(name).to_python()


@pytest.fixture(scope="module")
def overview(constructed, tmp_path_factory):
    return write_botilbud_overview(constructed, tmp_path_factory.mktemp("network_day") / "overview.xlsx")


def test_the_sheet_lists_every_facility_with_its_group_in_an_unlocked_cell(constructed, overview):
    book = openpyxl.load_workbook(overview)
    assert "Netværksdag" in book.sheetnames
    ws = book["Netværksdag"]
    assert ws.protection.sheet
    header = next(row for row in range(1, 12) if ws.cell(row, 1).value == "Gruppe")
    assert [ws.cell(header, col).value for col in (2, 3, 4, 6, 7, 8)] == [
        "Id", "Tilbud", "Kommune", "Gruppens emner", "Stærk på", "Markeret på"]
    rows = [[ws.cell(row, col).value for col in range(1, 15)] for row in range(header + 1, header + 13)]
    assert [(r[0], r[1]) for r in rows] == [(1, "F01"), (1, "F02"), (1, "F03"), (2, "F07"), (2, "F08"), (2, "F09"),
                                           *((None, f) for f in ("F04", "F05", "F06", "F10", "F11", "F12"))]
    assert rows[0][5] == "Udbetalt overarbejde pr. årsværk" and rows[0][6] == "Udbetalt overarbejde pr. årsværk"
    assert rows[1][7] == "Udbetalt overarbejde pr. årsværk" and rows[3][6] == "Personaleomsætning"
    assert rows[0][3] == "Aarhus" and rows[0][9] == "anker"
    group_cell = ws.cell(header + 1, 1)
    assert not group_cell.protection.locked and ws.cell(header + 1, 2).protection.locked
    assert any(f"A{header + 1}" in str(dv.sqref) for dv in ws.data_validations.dataValidation)
    assert ws.print_title_rows == f"${header}:${header}" and ws.page_setup.paperSize == 8  # A3, as the overview's other wide sheets
    rule = ws.cell(header - 1, 1).value
    assert "3–6 tilbud fra samme klynge" in rule and "markant svagere end de 5 mest lignende" in rule


@pytest.mark.libreoffice
def test_libreoffice_reads_the_sheet_back_and_recounts_a_moved_facility(overview, tmp_path):
    compared, mismatches, errors = recalculation_mismatches(overview, tmp_path)
    assert compared >= 12 and mismatches == [] and errors == []
    read = _sheet(convert(overview, "xlsx", tmp_path / "lo"), "Netværksdag")
    header = next(k for k, row in enumerate(read) if row and row[0] == "Gruppe")
    counts = {row[1]: row[13] for row in read[header + 1:header + 13]}
    assert counts["F01"] == 3 and counts["F08"] == 3 and counts["F04"] == ""
    # The consultant moves F04 into group 1: LibreOffice counts four.
    book = openpyxl.load_workbook(overview)
    ws = book["Netværksdag"]
    row = next(r for r in range(1, 30) if ws.cell(r, 2).value == "F04")
    ws.cell(row, 1).value = 1
    moved = tmp_path / "moved.xlsx"
    book.save(moved)
    read = _sheet(convert(moved, "xlsx", tmp_path / "lo2"), "Netværksdag")
    counts = {row[1]: row[13] for row in read[header + 1:header + 13]}
    assert counts["F01"] == 4 and counts["F04"] == 4 and counts["F07"] == 3


@pytest.mark.libreoffice
def test_the_sheet_prints_on_a4_across_one_page(constructed, tmp_path):
    from engine.report import formats as fm
    from engine.benchmarks.botilbud.overview_network_day import add_network_day_sheet

    path = tmp_path / "network_day.xlsx"
    wb = fm.new_workbook(path, "Netværksdag", "test")
    add_network_day_sheet(wb, fm.Formats(wb), constructed, "Benchmarking af botilbud 2026", "da")
    wb.close()
    assert print_problems(path, convert(path, "pdf", tmp_path)) == []


def test_the_sheet_speaks_english_when_asked(constructed, tmp_path):
    path = write_botilbud_overview(constructed, tmp_path / "overview_en.xlsx", "en")
    book = openpyxl.load_workbook(path)
    ws = book["Network day"]
    texts = {str(c.value) for row in ws.iter_rows() for c in row if c.value is not None}
    assert {"Group", "Strong on", "Flagged on", "Paid overtime per FTE", "anchor"} <= texts


def test_a_round_too_small_to_match_lists_everyone_in_no_group_and_says_why(tmp_path):
    results = compute_botilbud(*tiny_round(4), 2026)
    assert results.matcher is None and network_day(results).groups == ()
    rows = _sheet(write_botilbud_overview(results, tmp_path / "small.xlsx"), "Netværksdag")
    assert rows[1][0].startswith("Ingen grupper: intet tilbud er stærkt")
    header = next(k for k, row in enumerate(rows) if row and row[0] == "Gruppe")
    assert [(row[0], row[1]) for row in rows[header + 1:]] == [("", f"F{i}") for i in range(1, 5)]
