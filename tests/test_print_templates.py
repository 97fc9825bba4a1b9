"""The committed templates print cleanly: A4 in the declared orientation, fit to the width, no blank
page, no row split across pages, no header broken mid-word or cut by its row height, no heading at a
page's foot, type at the minimum size or larger."""

from __future__ import annotations

from pathlib import Path

import pytest

from libreoffice import convert
from printing import clipped_cells, layout_problems, print_problems

TEMPLATES = sorted((Path(__file__).parent.parent / "workbook_templates").glob("*.xlsx"))
# Sheets still printing below engine.report.print_layout.MIN_TYPE_PT (the list may only shrink).
SMALL_TYPE = {"jobcenter_konto5.xlsx": {"Konto 5"}, "jobcenter_konto5_en.xlsx": {"Account 5"}}


def test_there_are_templates():
    assert len(TEMPLATES) >= 6


@pytest.mark.libreoffice
@pytest.mark.parametrize("template", TEMPLATES, ids=lambda path: path.name)
def test_template_prints_on_a4_without_blank_pages(template, tmp_path):
    pdf = convert(template, "pdf", tmp_path)
    assert print_problems(template, pdf) == []
    assert layout_problems(template, pdf, SMALL_TYPE.get(template.name, set())) == []


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda path: path.name)
def test_template_headers_fit(template):
    assert clipped_cells(template) == []
