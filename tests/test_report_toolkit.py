"""The report toolkit's speed-ups change no byte: ReportWorksheet against XlsxWriter's own Worksheet,
the per-round split against per-report filtering, and the comparison script that checks both.

The speed itself is measured by ``benchmarks/report_speed.py``, never here.
"""

from __future__ import annotations

import datetime as dt
import random
import sys
import zipfile
from pathlib import Path

import pandas as pd
import pytest
import xlsxwriter
from xlsxwriter.worksheet import Worksheet

from engine.benchmarks import get_benchmark, get_domain
from engine.benchmarks.administration.synthetic import administration_values, draw_profile
from engine.benchmarks.botilbud.synthetic import draw_round
from engine.report import formats as fm
from engine.report.frames import named_rows
from engine.report.rounds import per_round, rows_of
from engine.report.worksheet import ReportWorkbook
from engine.store.database import Store
from engine.templates.writer import write_template
from engine.validation.validate import validate_files

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from compare_reports import workbook_differences  # noqa: E402


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _every_kind_of_cell(workbook) -> None:
    workbook.set_properties({"created": fm.FIXED_CREATED})
    ws = workbook.add_worksheet("Ark & <data>")
    plain = workbook.add_format({"bold": True})
    number = workbook.add_format({"num_format": "0.00", "bottom": 1})
    date = workbook.add_format({"num_format": "dd-mm-yyyy"})
    ws.write_string(0, 0, 'tekst med & < > " og \x07 kontroltegn _x0041_', plain)
    ws.write_string(0, 1, "uden format")
    ws.write_number(1, 0, 1234.5678901234567, number)
    ws.write_number(1, 1, -0.0)
    ws.write_number(1, 2, 1e-300, number)
    ws.write_blank(2, 0, None, number)
    ws.write_datetime(2, 1, dt.datetime(2026, 3, 4), date)
    ws.write_boolean(2, 2, True, plain)
    ws.write_formula(3, 0, '=AVERAGEIFS(B1:B9,C1:C9,"a&b")', number, 2.5)
    ws.write_formula(3, 1, '=IF(A1<>"",", mindre","")', plain, ", mindre & <mere>")
    ws.write_formula(3, 2, "=1/0", plain, "#DIV/0!")
    ws.write_formula(3, 3, "=A2>0", plain, True)
    ws.write_formula(3, 4, "=A2", plain, "")
    ws.write_formula(3, 5, "=A2")  # no format: XlsxWriter's own path
    ws.write_formula(4, 0, "=XLOOKUP(A1,B1:B3,C1:C3)", plain, 1.0)  # rewritten to _xlfn.
    ws.write_formula(4, 1, "=SORT(A1:A3)", plain, 1.0)  # dynamic array
    ws.write_formula(4, 2, "=STDEV.S(A1:A3)", number, 1.0)
    ws.write_formula(4, 3, "=_xlfn.CONCAT(A1,B1)", plain, "x")
    ws.write_array_formula(5, 0, 5, 0, "{=SUM(A1:A3*B1:B3)}", number, 3.0)
    ws.write_rich_string(6, 0, "a ", plain, "fed", " tekst")
    ws.conditional_format(0, 0, 9, 0, {"type": "formula", "criteria": "=XLOOKUP(A1,B1:B3,C1:C3)>0",
                                        "format": plain})
    ws.conditional_format(0, 1, 9, 1, {"type": "3_color_scale"})
    ws.set_row(7, None, plain)
    ws.write_number(7, 0, 7.0)  # formatted by its row
    ws.data_validation(8, 0, 8, 0, {"validate": "custom", "value": "=LEN(A9)<5"})
    # Charts over numbers (their caches are written by ReportWorkbook's own writer, to the same bytes).
    for offset, (x, y) in enumerate(((0.5, 12.25), (1.0, 7.0), (2.75, 1e-7), (3, 123456.789012345), (0, -4.5))):
        ws.write_number(10 + offset, 0, x)
        ws.write_number(10 + offset, 1, y, number)
    for kind in ("scatter", "bar"):
        chart = workbook.add_chart({"type": kind})
        chart.add_series({"name": "Øvrige & <andre>", "categories": [ws.name, 10, 0, 14, 0],
                          "values": [ws.name, 10, 1, 14, 1]})
        # Axes with their own thousands format and hidden data shown, as every report chart gets them
        # (ReportWorkbook adds both where missing; tests/chart_formats.py checks every report chart).
        chart.set_x_axis({"num_format": "#,##0.00"})
        chart.set_y_axis({"num_format": "#,##0.00"})
        chart.show_hidden_data()
        ws.insert_chart(16, 0 if kind == "scatter" else 8, chart)


def test_report_worksheet_writes_the_same_bytes_as_xlsxwriter(tmp_path):
    fast, slow = tmp_path / "fast.xlsx", tmp_path / "slow.xlsx"
    for path, workbook_class in ((fast, ReportWorkbook), (slow, xlsxwriter.Workbook)):
        workbook = workbook_class(str(path), {"in_memory": True})
        _every_kind_of_cell(workbook)
        workbook.close()
    assert _parts(fast) == _parts(slow)


def test_report_worksheet_only_in_report_workbooks():
    assert xlsxwriter.Workbook.worksheet_class is Worksheet  # nothing global was changed
    assert issubclass(ReportWorkbook.worksheet_class, Worksheet)


@pytest.fixture(scope="module")
def rounds(tmp_path_factory):
    """Small real rounds of both benchmarks: filled templates, validated, stored, computed."""
    folder = tmp_path_factory.mktemp("toolkit_rounds")
    rng = random.Random(3)
    paths = []
    for code in ("101", "147", "151", "153", "155", "157"):
        path = folder / f"2026_{code}.xlsx"
        write_template(get_domain("administration"), path, "da", administration_values(rng, draw_profile(rng, code), 2026))
        paths.append(path)
    for facility in draw_round(4, 8, 2026):
        code = facility.facility.facility_id
        paths.append(write_template(get_domain("botilbud"), folder / f"{code}_q.xlsx", "da", facility.questionnaire))
        paths.append(write_template(get_domain("botilbud_tid"), folder / f"{code}_t.xlsx", "da",
                                    facility.time_registration))
    with Store(folder / "round.sqlite") as store:
        for result in validate_files(paths):
            assert store.ingest(result, 2026).stored, result.path
        return {name: get_benchmark(name).compute_round(store, 2026, get_benchmark(name).load_parameters(None))
                for name in ("administration", "botilbud")}


@pytest.mark.parametrize("benchmark_id", ["administration", "botilbud"])
def test_reports_are_the_same_with_xlsxwriters_own_worksheet(rounds, benchmark_id, tmp_path, monkeypatch):
    spec, results = get_benchmark(benchmark_id), rounds[benchmark_id]
    participants = [str(code) for code in getattr(results, spec.participants).index][:3]
    write = spec.load(spec.report)
    for code in participants:
        write(results, code, tmp_path / f"fast_{code}.xlsx", "da")
    monkeypatch.setattr(ReportWorkbook, "worksheet_class", Worksheet)
    for code in participants:
        write(results, code, tmp_path / f"slow_{code}.xlsx", "da")
        fast, slow = tmp_path / f"fast_{code}.xlsx", tmp_path / f"slow_{code}.xlsx"
        assert workbook_differences(slow, fast) == []
        assert _parts(fast) == _parts(slow)


@pytest.mark.parametrize("frame", ["indicators", "peers", "needs", "registrations", "hourly", "time_use",
                                   "documentation", "staff_shares", "day_shares", "provenance"])
def test_rows_of_gives_what_a_boolean_filter_gives(rounds, frame):
    results = rounds["botilbud"]
    table = getattr(results, frame)
    for facility in [*results.facilities.index, "BO-9999"]:
        pd.testing.assert_frame_equal(rows_of(results, frame, facility), table[table["facility"] == facility])


def test_per_round_builds_once_per_results_object():
    built = []

    def build(results):
        built.append(results)
        return len(built)

    first, second = object(), object()
    assert per_round(first, build) == per_round(first, build) == 1
    assert per_round(second, build) == 2
    assert built == [first, second]


def test_named_rows_are_itertuples(rounds):
    frame = rounds["botilbud"].registrations

    def shown(rows):  # NaN != NaN, so compare what each value is and how it prints
        return [[(name, type(value), repr(value)) for name, value in row._asdict().items()] for row in rows]

    assert frame["transport"].isna().any()
    assert shown(named_rows(frame)) == shown(frame.itertuples(index=False))


def test_compare_reports_finds_a_changed_cached_value(rounds, tmp_path):
    spec = get_benchmark("administration")
    results = rounds["administration"]
    code = str(results.participants.index[0])
    original = spec.write_report(results, code, tmp_path / "a.xlsx", "da")
    parts = _parts(original)
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    at = sheet.index("</f><v>") + len("</f><v>")
    parts["xl/worksheets/sheet1.xml"] = (sheet[:at] + "9" + sheet[at + 1:]).encode()
    changed = tmp_path / "b.xlsx"
    with zipfile.ZipFile(changed, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    assert workbook_differences(original, original) == []
    found = workbook_differences(original, changed)
    assert len(found) == 1 and found[0].startswith("xl/worksheets/sheet1.xml ")  # the first cached formula value


def test_a_point_at_the_median_is_green_even_a_last_digit_apart(tmp_path):
    """The median of 0.3 and 0.1 + 0.2 is 0.30000000000000004: the participant at 0.3 is at the median,
    which the method counts as good (engine.peers.comparison), not a hair worse."""
    import python_calamine

    from engine.report.distribution import Distribution, write_distributions

    path = tmp_path / "d.xlsx"
    wb = xlsxwriter.Workbook(path)
    ws = wb.add_worksheet("Fordeling")
    item = Distribution("Andel", "andel", "higher", "0.00", [("A", 0.1), ("B", 0.3), ("C", 0.1 + 0.2), ("D", 0.5)])
    write_distributions(wb, ws, fm.Formats(wb), "da", 0, [item], "t")
    wb.close()
    grid = python_calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Fordeling").to_python()
    rows = {row[0]: row for row in grid if row and row[0] in ("A", "B", "C", "D")}
    assert [name for name, row in rows.items() if row[2] != ""] == ["B", "C", "D"]  # green: at or above
    assert [name for name, row in rows.items() if row[3] != ""] == ["A"]
