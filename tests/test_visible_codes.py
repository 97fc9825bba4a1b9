"""What a reader sees in every participant report and overview of all three benchmarks, from a
synthetic round: no internal code, and numbers on charts with a thousands separator.

No code: a Danish workbook shows no snake_case identifier (``direct_fte``, ``persons_dagpenge``,
``faglig_udvikling``) and no English code of the engine as a cell (``shared``, ``frontline``) in any
visible cell, chart title or series name; an English one shows no snake_case identifier. The
workbook's own defined names (the parameters' "Navn i formler") are allowed: formulas read them. Keys
a SUMIFS matches stand in hidden columns.

Thousands: every value axis and every value data label shows a format with "#,##0" (1.234 in
Danish), a percentage or text (engine.report.worksheet adds the separator to what a chart would show).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from chart_formats import shown_formats, without_thousands_separator
from synthetic_rounds import administration_store, botilbud_store
from visible_text import defined_names, identifiers_in, visible_texts
from engine.store.database import Store

YEAR = 2026


def _jobcenter(folder: Path, lang: str) -> list[Path]:
    from engine.benchmarks.jobcenter.compute import compute_jobcenter
    from engine.benchmarks.jobcenter.parameters import JobcenterParameters
    from engine.benchmarks.jobcenter.report import write_jobcenter_overview, write_municipality_report
    from engine.benchmarks.jobcenter.synthetic import draw_round

    results = compute_jobcenter(draw_round(seed=11, participants=12, year=YEAR), JobcenterParameters())
    codes = list(results.municipalities.index) if lang == "da" else list(results.municipalities.index)[:2]
    return [*(write_municipality_report(results, code, folder / f"jobcenter_{code}.xlsx", lang) for code in codes),
            write_jobcenter_overview(results, folder / "jobcenter_overview.xlsx", lang)]


def _administration(folder: Path, lang: str) -> list[Path]:
    from engine.benchmarks.administration.compute import AdministrationParameters, load_round
    from engine.benchmarks.administration.overview import write_overview
    from engine.benchmarks.administration.report import write_participant_report

    codes = ("101", "147", "151", "153", "155", "157", "159", "161")
    with Store(administration_store(folder, codes, seed=16, year=YEAR), create=False) as store:
        results = load_round(store, YEAR, AdministrationParameters())
    shown = codes if lang == "da" else codes[:2]
    return [*(write_participant_report(results, code, folder / f"administration_{code}.xlsx", lang) for code in shown),
            write_overview(results, folder / "administration_overview.xlsx", lang)]


def _botilbud(folder: Path, lang: str) -> list[Path]:
    from engine.benchmarks.botilbud.compute import load_botilbud_round
    from engine.benchmarks.botilbud.report import write_botilbud_overview, write_facility_report

    with Store(botilbud_store(folder, seed=16, size=9, year=YEAR), create=False) as store:
        results = load_botilbud_round(store, YEAR)
    facilities = list(results.facilities.index) if lang == "da" else list(results.facilities.index)[:2]
    return [*(write_facility_report(results, fid, folder / f"botilbud_{fid}.xlsx", lang) for fid in facilities),
            write_botilbud_overview(results, folder / "botilbud_overview.xlsx", lang)]


ROUNDS = {"jobcenter": _jobcenter, "administration": _administration, "botilbud": _botilbud}


def _codes_shown(paths: list[Path], lang: str) -> list[str]:
    found = []
    for path in paths:
        allowed = defined_names(path)
        for where, text in visible_texts(path):
            tokens = identifiers_in(text, allowed)
            if lang == "en":  # English words are labels there; an identifier is still snake_case
                tokens = [token for token in tokens if "_" in token]
            found += [f"{path.name} {where}: {token!r} in {text[:90]!r}" for token in tokens]
    return found


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    """(benchmark, lang) -> the round's reports and overview, written once for the tests below."""
    cache: dict[tuple[str, str], list[Path]] = {}

    def write(benchmark_id: str, lang: str) -> list[Path]:
        if (benchmark_id, lang) not in cache:
            cache[benchmark_id, lang] = ROUNDS[benchmark_id](tmp_path_factory.mktemp(f"{benchmark_id}_{lang}"), lang)
        return cache[benchmark_id, lang]
    return write


@pytest.mark.parametrize("lang", ["da", "en"])
@pytest.mark.parametrize("benchmark_id", sorted(ROUNDS))
def test_no_internal_code_is_visible(benchmark_id, lang, written):
    found = _codes_shown(written(benchmark_id, lang), lang)
    assert not found, f"{len(found)} internal codes visible:\n" + "\n".join(found[:30])


@pytest.mark.parametrize("benchmark_id", sorted(ROUNDS))
def test_chart_numbers_have_a_thousands_separator(benchmark_id, written):
    paths = written(benchmark_id, "da")
    shown = [(path.name, where, fmt) for path in paths for where, fmt in shown_formats(path)]
    assert len(shown) > len(paths), "the scan found (almost) no value axes: it cannot see them"
    bare = [f"{name} {where}: {fmt!r}" for name, where, fmt in shown if without_thousands_separator(fmt)]
    assert not bare, f"{len(bare)} axes or labels without a thousands separator:\n" + "\n".join(bare[:30])


def test_the_scan_sees_cells_and_chart_names_and_skips_hidden_columns(tmp_path):
    import xlsxwriter

    path = tmp_path / "codes.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Ark")
    sheet.write_row(0, 0, ["Dagpenge", "shared", "persons_dagpenge", "kth_jobparat"])
    sheet.write_string(1, 0, "fil: in_101.xlsx. Parameteren min_group.")
    sheet.set_column(3, 3, None, None, {"hidden": True})
    book.define_name("min_group", "=Ark!$B$2")
    chart = book.add_chart({"type": "column"})
    chart.add_series({"name": "direct_fte", "values": "=Ark!$A$3:$A$4"})
    chart.set_title({"name": "Årsværk pr. frontline_group"})
    sheet.insert_chart("F2", chart)
    book.close()
    found = sorted(token for _, text in visible_texts(path) for token in identifiers_in(text, defined_names(path)))
    assert found == ["direct_fte", "frontline_group", "persons_dagpenge", "shared"]
