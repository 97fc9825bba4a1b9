"""Drive LibreOffice headless from tests: open a workbook, recalculate everything, save or render it."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

# Recalculate every formula on load (0 = always) instead of trusting cached results.
_PROFILE_SETTINGS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


def soffice() -> str:
    path = shutil.which("soffice") or shutil.which("libreoffice")
    if path is None:
        pytest.fail("LibreOffice is not installed: run .ci/setup (apt-get install libreoffice-calc-nogui)")
    return path


def convert(source: Path, fmt: str, out_dir: Path, timeout: int = 180) -> Path:
    """Open ``source`` in LibreOffice with full recalculation and save it as ``fmt`` (xlsx, pdf, ...)."""
    profile = out_dir / "lo-profile"
    (profile / "user").mkdir(parents=True, exist_ok=True)
    (profile / "user" / "registrymodifications.xcu").write_text(_PROFILE_SETTINGS, encoding="utf-8")
    out_dir.mkdir(parents=True, exist_ok=True)
    target_format = "xlsx:Calc MS Excel 2007 XML" if fmt == "xlsx" else fmt
    completed = subprocess.run(
        [soffice(), f"-env:UserInstallation={profile.resolve().as_uri()}", "--headless", "--norestore",
         "--convert-to", target_format, "--outdir", str(out_dir), str(source)],
        capture_output=True, text=True, timeout=timeout)
    target = out_dir / (source.stem + "." + fmt)
    if completed.returncode != 0 or not target.exists():
        raise AssertionError(f"LibreOffice failed on {source} (exit {completed.returncode}): "
                             f"{completed.stdout}\n{completed.stderr}")
    return target


def formula_cells(path: Path) -> dict[str, dict[str, str]]:
    """Every formula of a workbook: sheet -> {A1 ref: formula}."""
    import openpyxl

    book = openpyxl.load_workbook(path)
    return {ws.title: {cell.coordinate: cell.value for row in ws.iter_rows() for cell in row if cell.data_type == "f"}
            for ws in book.worksheets}


def recalculation_mismatches(path: Path, out_dir: Path) -> tuple[int, list, list]:
    """Recalculate ``path`` in LibreOffice and compare every formula cell with its cached value.

    Returns (formula cells compared, cells whose recalculated value differs beyond a relative
    1e-9, cells anywhere showing an error value such as #DIV/0! or Err:502).
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
    """Set named parameter cells (e.g. ``fte_tolerance``) in a copy of ``path`` as a person would in
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
