"""Formulas read the same in a Danish and an American spreadsheet.

A number inside a formula's text (a criteria string, a TEXT format, a number parsed from text) is read
with the reader's decimal sign. ``tests/libreoffice.py`` recalculates every workbook with both system
locales; these tests show that the Danish locale really reaches LibreOffice, and scan every committed
template for such text without opening LibreOffice.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
import xlsxwriter

from libreoffice import LOCALES, convert, locale_dependent_parts, recalculation_mismatches

TEMPLATES = Path(__file__).resolve().parent.parent / "workbook_templates"
VALUES = [100, 100, 99.5, 100.5, 100]


def _counting_workbook(path: Path, formula: str) -> Path:
    book = xlsxwriter.Workbook(path)
    ws = book.add_worksheet("Data")
    for row, value in enumerate(VALUES):
        ws.write_number(row, 0, value)
    ws.write_formula(0, 1, formula, None, 2)  # two rows are not 100 (± 0.001)
    book.close()
    return path


@pytest.mark.libreoffice
def test_a_number_in_a_criteria_text_is_read_differently_under_danish_locale(tmp_path):
    """``"<99.999"`` is 99,999 to a Danish reader: every row counts. This is what the harness catches."""
    assert LOCALES == ("en-US", "da-DK")
    source = _counting_workbook(tmp_path / "text.xlsx", '=COUNTIF(A1:A5,"<99.999")+COUNTIF(A1:A5,">100.001")')
    with pytest.raises(AssertionError, match=r"da-DK.*\('Data', 'B1', 2(\.0)?, 5(\.0)?\)"):
        convert(source, "xlsx", tmp_path / "lo")


def test_a_number_in_formula_text_is_found_without_data_that_shows_it():
    assert locale_dependent_parts('=COUNTIF(A1:A5,">=1.0")') == ['">=1.0"']
    assert locale_dependent_parts('=IF(A1>1.5,"1,5 %","")') == []  # a text shown, not read as a number
    assert locale_dependent_parts('=VALUE("2,5")+TEXT(A1,"0.0")') == ['"2,5"', '"0.0"', "VALUE(", "TEXT("]


@pytest.mark.libreoffice
def test_a_criterion_joined_from_a_number_reads_the_same_in_both_locales(tmp_path):
    source = _counting_workbook(tmp_path / "joined.xlsx", '=COUNTIF(A1:A5,"<"&99.999)+COUNTIF(A1:A5,">"&100.001)')
    assert recalculation_mismatches(source, tmp_path / "lo") == (1, [], [])


@pytest.mark.parametrize("template", sorted(TEMPLATES.glob("*.xlsx")), ids=lambda path: path.name)
def test_no_template_formula_holds_a_number_in_text(template):
    book = openpyxl.load_workbook(template)
    found = []
    for ws in book.worksheets:
        formulas = [(cell.coordinate, cell.value) for row in ws.iter_rows() for cell in row if cell.data_type == "f"]
        formulas += [(str(rules.sqref), formula) for rules in ws.conditional_formatting
                     for rule in rules.rules for formula in (rule.formula or [])]
        formulas += [(str(rule.sqref), formula) for rule in ws.data_validations.dataValidation
                     for formula in (rule.formula1, rule.formula2) if formula]
        found += [(ws.title, ref, formula) for ref, formula in formulas if locale_dependent_parts(str(formula))]
    assert found == []


@pytest.mark.libreoffice
@pytest.mark.parametrize(("lang", "printed"), [("da", "575.000,50"), ("en", "575,000.50")])
def test_pdf_prints_numbers_with_the_separators_of_the_report_language(tmp_path, lang, printed):
    import subprocess

    from engine.report.pdf import export_pdfs

    book = xlsxwriter.Workbook(tmp_path / "report.xlsx")
    ws = book.add_worksheet("Tal")
    ws.set_column(0, 0, 20)
    ws.write_number(0, 0, 575000.5, book.add_format({"num_format": "#,##0.00"}))
    book.close()
    [pdf] = export_pdfs([tmp_path / "report.xlsx"], lang)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert text.split() == [printed]
