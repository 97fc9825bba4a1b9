"""Shared fixtures: the administration domain, filled workbooks, and edits made like a person would."""

from __future__ import annotations

import random
from collections.abc import Mapping
from pathlib import Path

import openpyxl
import pytest

from engine.benchmarks import get_domain
from engine.benchmarks.administration.synthetic import administration_values, draw_profile
from engine.spec import FormSheet
from engine.templates.layout import TABLE_FIRST_DATA_ROW, form_field_row, table_field_col, FORM_VALUE_COL
from engine.templates.writer import write_template
from engine.workbook.cells import cell_ref


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "libreoffice: opens files in LibreOffice headless (slower)")


@pytest.fixture(scope="session")
def domain():
    return get_domain("administration")


def valid_values(seed: int = 1, code: str = "751") -> dict:
    rng = random.Random(seed)
    return administration_values(rng, draw_profile(rng, code), 2026)


def input_ref(domain, sheet_id: str, field_id: str, key: str | None = None) -> tuple[str, str]:
    """(sheet name, A1 ref) of an input cell in the Danish template."""
    sheet = domain.sheet(sheet_id)
    if isinstance(sheet, FormSheet):
        return sheet.name("da"), cell_ref(form_field_row(sheet, field_id), FORM_VALUE_COL)
    row = TABLE_FIRST_DATA_ROW + next(i for i, item in enumerate(sheet.rows) if item.key == key)
    return sheet.name("da"), cell_ref(row, table_field_col(sheet, field_id))


def write_filled(path: Path, values: Mapping | None = None, lang: str = "da") -> Path:
    domain = get_domain("administration")
    return write_template(domain, path, lang, valid_values() if values is None else values)


def edit(path: Path, edits: Mapping[tuple[str, str], object], target: Path | None = None) -> Path:
    """Change cells with openpyxl, as a person editing in a spreadsheet program would."""
    book = openpyxl.load_workbook(path)
    for (sheet, ref), value in edits.items():
        book[sheet][ref].value = value
    target = target or path
    book.save(target)
    return target


@pytest.fixture
def filled(tmp_path: Path) -> Path:
    return write_filled(tmp_path / "aarhus.xlsx")


def findings(result) -> list[tuple[str, str | None, str | None]]:
    return [(issue.code, issue.sheet, issue.cell) for issue in result.issues]
