"""Drive LibreOffice headless from tests: open a workbook, recalculate everything, save or render it.

Every recalculation (``convert`` to xlsx) runs twice, once with the system locale en-US and once with
da-DK, and fails where the two results differ: a number inside a formula's text (a criteria string
such as ``"<99.999"``, a ``TEXT`` format, ``VALUE("1.5")``) is read with the reader's decimal sign,
so a workbook can be right in an American spreadsheet and wrong in a Danish one. The two
LibreOffice processes run side by side, each with a profile of its own.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

LOCALES = ("en-US", "da-DK")  # every recalculation runs in both; the first one's file is returned

# Recalculate every formula on load (0 = always) instead of trusting cached results, and read and
# write numbers in text as a reader with ``locale`` does (LibreOffice's "Locale setting" under
# Tools > Options > Language Settings, which follows the system's by default).
_PROFILE_SETTINGS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooSetupSystemLocale" oor:op="fuse"><value>{locale}</value></prop></item>
</oor:items>
"""


def soffice() -> str:
    path = shutil.which("soffice") or shutil.which("libreoffice")
    if path is None:
        pytest.fail("LibreOffice is not installed: run .ci/setup (apt-get install libreoffice-calc-nogui)")
    return path


def convert(source: Path, fmt: str, out_dir: Path, timeout: int = 180, locale: str = "en-US") -> Path:
    """Open ``source`` in LibreOffice with full recalculation and save it as ``fmt`` (xlsx, pdf, ...).

    An xlsx is recalculated in every one of :data:`LOCALES` and the call fails (AssertionError naming
    the cells) where their values differ; the file of the first locale is returned. Any other format
    (pdf) is rendered once, with ``locale`` (it decides the separators a printed number shows).
    """
    if fmt != "xlsx":
        return _wait(_start(source, fmt, out_dir, locale), timeout)
    started = [_start(source, fmt, out_dir if index == 0 else out_dir / f"locale-{locale_}", locale_)
               for index, locale_ in enumerate(LOCALES)]
    try:
        first, *others = [_wait(job, timeout) for job in started]
    finally:  # one LibreOffice failed: stop the other rather than leave it running
        for process, _, _ in started:
            if process.poll() is None:
                process.kill()
                process.communicate()
    for other, locale_ in zip(others, LOCALES[1:]):
        differences = locale_differences(first, other)
        if differences:
            raise AssertionError(f"{source.name} recalculates differently with the system locale {LOCALES[0]} "
                                 f"and {locale_} (sheet, cell, {LOCALES[0]}, {locale_}): {differences[:20]}"
                                 + (f" and {len(differences) - 20} more" if len(differences) > 20 else ""))
    return first


def _start(source: Path, fmt: str, out_dir: Path, locale: str):
    profile = out_dir / f"lo-profile-{locale}"
    (profile / "user").mkdir(parents=True, exist_ok=True)
    (profile / "user" / "registrymodifications.xcu").write_text(_PROFILE_SETTINGS.format(locale=locale),
                                                                encoding="utf-8")
    out_dir.mkdir(parents=True, exist_ok=True)
    target_format = "xlsx:Calc MS Excel 2007 XML" if fmt == "xlsx" else fmt
    process = subprocess.Popen(
        [soffice(), f"-env:UserInstallation={profile.resolve().as_uri()}", "--headless", "--norestore",
         "--convert-to", target_format, "--outdir", str(out_dir), str(source)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    return process, source, out_dir / (source.stem + "." + fmt)


def _wait(job, timeout: int) -> Path:
    process, source, target = job
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        raise AssertionError(f"LibreOffice did not finish {source} in {timeout} s") from None
    if process.returncode != 0 or not target.exists():
        raise AssertionError(f"LibreOffice failed on {source} (exit {process.returncode}): {stdout}\n{stderr}")
    return target


def locale_differences(first: Path, other: Path) -> list[tuple]:
    """Cells whose values differ between two recalculated copies of one workbook."""
    import math

    import python_calamine

    books = [python_calamine.CalamineWorkbook.from_path(str(path)) for path in (first, other)]
    differences = []
    for sheet in books[0].sheet_names:
        grids = [book.get_sheet_by_name(sheet).to_python(skip_empty_area=False) for book in books]
        rows = max(len(grid) for grid in grids)
        for r in range(rows):
            one, two = (grid[r] if r < len(grid) else [] for grid in grids)
            for c in range(max(len(one), len(two))):
                a, b = (one[c] if c < len(one) else "", two[c] if c < len(two) else "")
                same = (math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-12)
                        if isinstance(a, (int, float)) and isinstance(b, (int, float)) else a == b)
                if not same:
                    differences.append((sheet, _ref(r, c), a, b))
    return differences


def _ref(row: int, col: int) -> str:
    letters = ""
    col += 1
    while col:
        col, remainder = divmod(col - 1, 26)
        letters = chr(65 + remainder) + letters
    return f"{letters}{row + 1}"


def formula_cells(path: Path) -> dict[str, dict[str, str]]:
    """Every formula of a workbook: sheet -> {A1 ref: formula}."""
    import openpyxl

    book = openpyxl.load_workbook(path)
    return {ws.title: {cell.coordinate: cell.value for row in ws.iter_rows() for cell in row if cell.data_type == "f"}
            for ws in book.worksheets}


_TEXT_LITERAL = re.compile(r'"((?:[^"]|"")*)"')
# a text that a spreadsheet reads as a number, alone or after a comparison ("1.5", "<99.999", ">=1,0")
_NUMBER_IN_TEXT = re.compile(r"^\s*(?:<>|<=|>=|<|>|=)?\s*[-+]?\d*[.,]\d+\s*$")
# functions whose text arguments (a format code, a number to parse) are read in the reader's locale
_LOCALE_FUNCTIONS = re.compile(r"(?<![A-Z._])(?:TEXT|VALUE|DATEVALUE|TIMEVALUE|FIXED|DOLLAR)\(", re.IGNORECASE)


def locale_dependent_parts(formula: str) -> list[str]:
    """The parts of a formula that a Danish and an American spreadsheet read differently.

    >>> locale_dependent_parts('=COUNTIF(A1:A9,"<99.999")+COUNTIF(A1:A9,">"&100.001)')
    ['"<99.999"']
    >>> locale_dependent_parts('=TEXT(A1,"#,##0")&" kr."')
    ['TEXT(']
    """
    texts = [match.group(0) for match in _TEXT_LITERAL.finditer(formula) if _NUMBER_IN_TEXT.match(match.group(1))]
    outside = _TEXT_LITERAL.sub('""', formula)
    return texts + [match.group(0).upper() for match in _LOCALE_FUNCTIONS.finditer(outside)]


def recalculation_mismatches(path: Path, out_dir: Path) -> tuple[int, list, list]:
    """Recalculate ``path`` in LibreOffice (en-US and da-DK) and compare every formula cell with its cached value.

    Returns (formula cells compared, cells whose recalculated value differs beyond a relative
    1e-9 or whose formula holds a number in text (:func:`locale_dependent_parts`), cells anywhere
    showing an error value such as #DIV/0! or Err:502).
    """
    import math

    import openpyxl
    import python_calamine

    formulas = formula_cells(path)
    original = python_calamine.CalamineWorkbook.from_path(str(path))
    recalculated = python_calamine.CalamineWorkbook.from_path(str(convert(path, "xlsx", out_dir)))

    def at(grid, ref):
        letters, number = openpyxl.utils.cell.coordinate_from_string(ref)
        row, col = number - 1, openpyxl.utils.cell.column_index_from_string(letters) - 1
        return grid[row][col] if row < len(grid) and col < len(grid[row]) else None

    compared, mismatches, errors = 0, [], []
    for sheet, cells in formulas.items():
        before = original.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
        after = recalculated.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
        for ref, formula in cells.items():
            compared += 1
            if parts := locale_dependent_parts(formula):
                mismatches.append((sheet, ref, formula, "read in the reader's locale", parts))
            cached, value = at(before, ref), at(after, ref)
            if isinstance(cached, (int, float)) and isinstance(value, (int, float)):
                if not math.isclose(cached, value, rel_tol=1e-9, abs_tol=1e-12):
                    mismatches.append((sheet, ref, formula, cached, value))
            elif (cached or "") != (value or ""):
                mismatches.append((sheet, ref, formula, cached, value))
        errors += [(sheet, r + 1, c + 1, v) for r, row in enumerate(after) for c, v in enumerate(row)
                   if isinstance(v, str) and v.startswith(("#", "Err:"))]
    return compared, mismatches, errors


def recalculated_with_parameters(path: Path, values: dict[str, object], out_dir: Path):
    """Set named parameter cells (e.g. ``fte_min_difference``) in a copy of ``path`` as a person would in
    a spreadsheet, recalculate the copy in LibreOffice and return it as a calamine workbook."""
    import openpyxl
    import python_calamine

    book = openpyxl.load_workbook(path)
    for name, value in values.items():
        [(sheet, ref)] = list(book.defined_names[name].destinations)
        book[sheet][ref.replace("$", "")] = value
    out_dir.mkdir(parents=True, exist_ok=True)
    edited = out_dir / f"{path.stem}_edited.xlsx"
    book.save(edited)
    return python_calamine.CalamineWorkbook.from_path(str(convert(edited, "xlsx", out_dir / "recalculated")))


def sheet_strings(book, sheet: str) -> list[str]:
    """Every text cell of one sheet of a calamine workbook."""
    return [value for row in book.get_sheet_by_name(sheet).to_python() for value in row if isinstance(value, str)]
