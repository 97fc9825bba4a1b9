"""Disclosure control by attack: no participant's workbook lets its reader link an anonymous other to a name.

One small round per benchmark (8–12 participants, one of whom consents to be named) is computed
and every participant's report is written. The scan (``disclosure_scan``) collects every value
shown for an unnamed other, in cells and in chart caches, and tries it against every value that
carries a name or code in the same workbook and every public input (the jobcenter register file;
the municipalities' inhabitants), at the displayed precision and at full precision. Zero hits.
(Before the policy of issue 16: 280 of 583 anonymous values linked in the 12 jobcenter reports.)

The same rounds check the rest of the policy (docs/method.md, "Disclosure control"): every chart of
every report and overview draws a point only where its cell holds a number (cells and cached data);
a formula that reads a suppressed cell is empty after extreme thresholds are set on the method sheet
and LibreOffice recalculates; the group sizes for medians and quartiles; no two medians one member
apart.
"""

from __future__ import annotations

import openpyxl
import pytest

from disclosure_scan import chart_gap_problems, displayed_decimals, formulas_reading_suppressed, scan_workbook
from libreoffice import recalculated_with_parameters
from synthetic_rounds import administration_store, botilbud_store
from engine.benchmarks.botilbud.compute import MIN_DISTANCES
from engine.store.database import Store

YEAR = 2026


def _no_cases(indicators):
    return []


def _report_on(scan, label: str) -> str:
    hits = [*scan.hits_full, *scan.hits_displayed][:5]
    return f"{label}: {scan.linked} of {len(scan.anonymous)} anonymous values linked, e.g. " + \
        "; ".join(f"{shown.where} = {shown.value} ~ {who}" for shown, who in hits)


# -- jobcenter ---------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def jobcenter(tmp_path_factory):
    from engine.benchmarks.jobcenter.compute import compute_jobcenter
    from engine.benchmarks.jobcenter.parameters import JobcenterParameters
    from engine.benchmarks.jobcenter.report import write_jobcenter_overview, write_municipality_report
    from engine.benchmarks.jobcenter.synthetic import draw_round

    inputs = draw_round(seed=11, participants=12, year=YEAR)
    consenting = sorted(inputs.staff["municipality"].unique())[3]
    results = compute_jobcenter(inputs, JobcenterParameters(consented=(consenting,)))
    folder = tmp_path_factory.mktemp("disclosure_jobcenter")
    reports = {code: write_municipality_report(results, code, folder / f"{code}.xlsx", cases=_no_cases)
               for code in results.municipalities.index}
    return results, reports, write_jobcenter_overview(results, folder / "overview.xlsx")


def _linkage(reports: dict, names_of, public_of=lambda code: ()) -> tuple[list[str], list]:
    """Scan every report; ``names_of(code)``: label -> who for everyone but the reader itself."""
    failures, scans = [], []
    for code, path in reports.items():
        scan = scan_workbook(path, names_of(code), public_of(code))
        scans.append(scan)
        if scan.linked:
            failures.append(_report_on(scan, path.name))
    return failures, scans


def _names(frame, column: str, code: str) -> dict[str, str]:
    others = frame.drop(index=code, errors="ignore")
    return {**{str(n): str(c) for c, n in others[column].items() if isinstance(n, str) and n},
            **{str(c): str(c) for c in others.index}}


def test_jobcenter_reports_link_no_anonymous_municipality(jobcenter):
    results, reports, _ = jobcenter
    register = results.register
    numeric = register.select_dtypes("number")

    def public(code):  # the register file, and everything the documented method derives from it
        return [(str(c), float(v)) for c, row in numeric.drop(index=code, errors="ignore").iterrows()
                for v in row.to_numpy() if v == v]

    failures, scans = _linkage(reports, lambda code: _names(register, "name", code), public)
    assert all(len(scan.named) > len(register) * 10 for scan in scans), "the Register sheet's names were not found"
    assert not failures, "\n".join(failures)


# -- administration ----------------------------------------------------------------------------------
ADMINISTRATION = ("101", "147", "151", "153", "155", "157", "159", "161")


@pytest.fixture(scope="module")
def administration(tmp_path_factory):
    from engine.benchmarks.administration.compute import AdministrationParameters, load_round
    from engine.benchmarks.administration.overview import write_overview
    from engine.benchmarks.administration.report import write_participant_report

    folder = tmp_path_factory.mktemp("disclosure_administration")
    with Store(administration_store(folder, ADMINISTRATION, seed=16, year=YEAR), create=False) as store:
        results = load_round(store, YEAR, AdministrationParameters(consented=(ADMINISTRATION[2],)))
    reports = {code: write_participant_report(results, code, folder / f"report_{code}.xlsx", cases=_no_cases)
               for code in ADMINISTRATION}
    return results, reports, write_overview(results, folder / "overview.xlsx")


def test_administration_reports_link_no_anonymous_municipality(administration):
    results, reports, _ = administration
    participants = results.participants

    def public(code):  # inhabitants and employees are published by Danmarks Statistik
        others = participants.drop(index=code)
        return [(str(c), float(v)) for c, row in others[["inhabitants", "employees"]].iterrows() for v in row]

    failures, _ = _linkage(reports, lambda code: _names(participants, "name", code), public)
    assert not failures, "\n".join(failures)


def test_administration_scatter_points_cannot_be_named_through_the_public_basis(administration):
    """An other's FTE per basis at full precision, times its public basis (inhabitants / 10,000 or employees /
    1,000), is a whole number of hundredths of an FTE (FTE are reported so) for that municipality alone: the
    point would be named. The charts' points are rounded as shown (docs/method.md, "Organisation against
    resource use"), so the attack finds the owner of no point."""
    from engine.benchmarks.administration.compute import TOTAL
    from engine.benchmarks.administration.report_scatter import table_col

    results, reports, _ = administration
    people, c = results.participants, results.categories
    basis = {"finance": people["inhabitants"] / 10_000, "hr": people["employees"] / 1_000}
    named, checked = [], 0
    for code, path in reports.items():
        sheet = openpyxl.load_workbook(path, data_only=True)["Diagrammer"]
        n = len(people) - 1
        for area in ("finance", "hr"):
            table = [row for row in sheet.iter_rows(min_col=table_col(area) + 1, max_col=table_col(area) + 5,
                                                    values_only=True) if row[0] == "Øvrig kommune"]
            assert len(table) == n
            totals = c[(c.category_id == TOTAL) & (c.area == area) & (c.participant != code)].set_index("participant")
            def fits(value, other):
                hundredths = value * basis[area][other] * 100
                return abs(hundredths - round(hundredths)) < 1e-6

            for row in table:
                owner = (totals.fte_norm - row[4]).abs().idxmin()  # the point's municipality, as the engine knows
                candidates = [other for other in totals.index if fits(row[4], other)]
                checked += 1
                # Evidence only where the owner's basis fits this point alone (a basis of a round number of
                # employees fits every rounded point and names none).
                if candidates == [owner] and sum(fits(other_row[4], owner) for other_row in table) == 1:
                    named.append(f"{path.name} {area}: {row[4]!r} is {owner}")
    assert checked == len(reports) * 2 * (len(people) - 1)
    assert not named, named[:5]


# -- botilbud ----------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def botilbud(tmp_path_factory):
    from engine.benchmarks.botilbud.compute import BotilbudParameters, load_botilbud_round
    from engine.benchmarks.botilbud.report import write_botilbud_overview, write_facility_report

    folder = tmp_path_factory.mktemp("disclosure_botilbud")
    with Store(botilbud_store(folder, seed=16, size=9, year=YEAR), create=False) as store:
        results = load_botilbud_round(store, YEAR)
        consenting = str(results.facilities.index[2])
        results = load_botilbud_round(store, YEAR, BotilbudParameters(consented=(consenting,)))
    reports = {fid: write_facility_report(results, fid, folder / f"report_{fid}.xlsx", cases=_no_cases)
               for fid in results.facilities.index}
    return results, reports, write_botilbud_overview(results, folder / "overview.xlsx")


def test_botilbud_reports_link_no_anonymous_facility(botilbud):
    results, reports, _ = botilbud
    failures, scans = _linkage(reports, lambda fid: _names(results.facilities, "facility_name", fid))
    assert any(scan.anonymous for scan in scans), "the scan found no anonymous peer rows: it cannot see them"
    assert not failures, "\n".join(failures)


# -- which statistics, from which group size ---------------------------------------------------------------
def test_every_benchmark_uses_one_minimum_group_of_five_by_default():
    from engine.benchmarks.administration.compute import AdministrationParameters
    from engine.benchmarks.botilbud.compute import BotilbudParameters
    from engine.benchmarks.jobcenter.parameters import JobcenterParameters
    from engine.report.disclosure import DEFAULT_MIN_GROUP, DisclosurePolicy

    assert DEFAULT_MIN_GROUP == 5
    for params in (AdministrationParameters(), BotilbudParameters(), JobcenterParameters()):
        assert params.min_group == 5 and params.disclosure == DisclosurePolicy(5)
    with pytest.raises(ValueError, match="at least 3"):
        JobcenterParameters(min_group=2)
    policy = DisclosurePolicy(5)
    assert [policy.minimum(s) for s in ("n", "median", "q1", "q3", "min", "max")] == [5, 5, 10, 10, None, None]


def test_jobcenter_quartiles_need_twice_the_group_of_the_median(jobcenter):
    results, _, _ = jobcenter
    frame = results.groups
    few = frame["unit_total_n"] < 10
    assert frame.loc[few, ["unit_total_q1", "unit_total_q3"]].isna().all().all()
    assert frame.loc[frame["unit_total_n"] < 5, "unit_total_median"].isna().all()
    enough = ~few & frame["unit_total"].notna()
    assert enough.any() and frame.loc[enough, "unit_total_q3"].notna().all()


def test_botilbud_cluster_median_is_suppressed_where_it_and_the_peers_differ_by_one_facility():
    import numpy as np

    from engine.benchmarks.botilbud.compute import _cluster_median
    from engine.report.disclosure import DisclosurePolicy

    values = np.arange(14, dtype=float)[:, None]
    clusters = np.array([0] * 7 + [1] * 7)
    # cluster 0: the peers are 5 of the 6 other members; cluster 1: the peers lie in cluster 0
    positions = np.array([[j for j in range(7) if j != i][:5] if i < 7 else [0, 1, 2, 3, 4] for i in range(14)])
    median, n = _cluster_median(values, clusters, DisclosurePolicy(5), positions)
    assert n[:, 0].tolist() == [6] * 14
    assert np.isnan(median[:7, 0]).all() and not np.isnan(median[7:, 0]).any()
    free = _cluster_median(values, clusters, DisclosurePolicy(5))[0]
    assert not np.isnan(free).any()


# -- suppressed means absent ----------------------------------------------------------------------------
@pytest.mark.parametrize("round_name", ["jobcenter", "administration", "botilbud"])
def test_no_chart_draws_a_suppressed_or_missing_value(round_name, request):
    """Every chart of every report and overview: a point only where its cell holds a number."""
    _, reports, overview = request.getfixturevalue(round_name)
    problems = [f"{path.name}: {problem}" for path in (*reports.values(), overview)
                for problem in chart_gap_problems(path)]
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems[:25])


# -- formulas over suppressed cells -----------------------------------------------------------------------
# Thresholds set as a person would on the method sheet: every group suppressed, every flag raised.
EXTREME = {"jobcenter": {"min_persons": 1e9},
           "administration": {"centralisation_threshold": -9, "digital_threshold": -9, "fte_min_difference": -9},
           "botilbud": {"weakness_threshold": -9, **{name: -9 for name in MIN_DISTANCES}}}


@pytest.mark.libreoffice
@pytest.mark.parametrize("round_name", ["jobcenter", "administration", "botilbud"])
def test_a_formula_over_a_suppressed_cell_is_empty_after_a_parameter_change(round_name, request, tmp_path):
    _, reports, _ = request.getfixturevalue(round_name)
    path = next(iter(reports.values()))
    after = recalculated_with_parameters(path, EXTREME[round_name], tmp_path)
    problems = formulas_reading_suppressed(path, after)
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems[:20])


# -- the scan itself ----------------------------------------------------------------------------------
def test_the_scan_links_an_anonymous_row_and_chart_point_to_a_named_one(tmp_path):
    """The attack finds what it should: a value beside 'Øvrig kommune' that the Register names."""
    import xlsxwriter

    path = tmp_path / "leak.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet, register = book.add_worksheet("Omkostning"), book.add_worksheet("Register")
    pp = book.add_format({"num_format": "0.00"})
    sheet.write_row(0, 0, ["Øvrig kommune", 1.2345, 80_000.0], pp)
    sheet.write_row(1, 0, ["Kommune A", 9.99], pp)
    register.write_row(0, 0, ["Lemvig", 1.2345, 3.14159])
    register.write_row(1, 0, ["665", 9.991])
    chart = book.add_chart({"type": "scatter"})
    chart.add_series({"name": "Øvrige kommuner", "categories": ["Omkostning", 0, 2, 0, 2],
                      "values": ["Omkostning", 0, 1, 0, 1]})
    sheet.insert_chart("E2", chart)
    book.close()
    scan = scan_workbook(path, {"Lemvig": "665", "665": "665"}, [("665", 80_000.0)])
    assert {s.where for s in scan.anonymous} >= {"'Omkostning'!B1", "'Omkostning'!C1", "'Omkostning'!B2"}
    full = {s.where for s, _ in scan.hits_full}
    displayed = {s.where for s, _ in scan.hits_displayed}
    assert "'Omkostning'!B1" in full and "'Omkostning'!C1" in full  # the effect and the public value
    assert "'Omkostning'!B2" in displayed and "'Omkostning'!B2" not in full  # 9.99 shown, 9.991 named
    assert any(s.where.startswith("chart") for s, _ in scan.hits_full)  # the chart cache too
    assert scan.linked == 5


def test_displayed_precision_follows_the_number_format():
    assert [displayed_decimals(f) for f in ("0.00", "#,##0", "0.0%", "+0.00;-0.00;0.00", "General", None)] == \
        [2, 0, 3, 2, None, None]
