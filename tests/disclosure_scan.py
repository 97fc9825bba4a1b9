"""An attack on a participant's workbook: link every value shown for an anonymous other to a named one.

The scan reads the file as a curious participant would: every cell (with its number format) and
every chart's cached data. A value is *anonymous* when its row is labelled as an unnamed other
("Øvrig kommune", "Kommune A", "Tilbud B", ...) or its chart series is named so; group statistics
("Øvrige, median") are not individual values and are left out. A value is *named* when its row
carries the name or code of another participant or municipality (the Register sheet, a consenting
peer), or when it is a public input (the register file). Each anonymous value is tried against
every named one at the precision the file displays it with and at full precision; a hit is a
re-identification.
"""

from __future__ import annotations

import math
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

import openpyxl
from openpyxl.utils.cell import column_index_from_string

C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
# Labels of one unnamed other (a row or a chart series of individual points), in both languages.
ANONYMOUS = re.compile(r"^(Øvrig kommune|Other municipality|Øvrige kommuner|Other municipalities|"
                       r"(Kommune|Municipality|Tilbud|Facility) [A-Z]{1,2})$")


@dataclass(frozen=True)
class Shown:
    where: str  # 'Sheet'!B7 or chart3.xml series 'Øvrige kommuner' point 4
    value: float
    decimals: int | None  # as displayed; None: the file gives no format (full precision only)


@dataclass
class Scan:
    anonymous: list[Shown] = field(default_factory=list)
    named: list[tuple[str, float]] = field(default_factory=list)  # (who, value)
    hits_displayed: list[tuple[Shown, str]] = field(default_factory=list)
    hits_full: list[tuple[Shown, str]] = field(default_factory=list)

    @property
    def linked(self) -> int:
        """Anonymous values matched at either precision."""
        return len({id(s) for s, _ in self.hits_displayed} | {id(s) for s, _ in self.hits_full})


def displayed_decimals(number_format: str | None) -> int | None:
    """Decimals a number format shows (a percentage shows two more of the stored fraction)."""
    if not number_format or number_format.lower() == "general":
        return None
    first = re.sub(r'"[^"]*"|\\.|\[[^\]]*\]', "", number_format.split(";")[0])
    decimals = len(re.search(r"\.([0#?]*)", first).group(1)) if "." in first else 0
    return decimals + 2 if "%" in first else decimals


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def scan_workbook(path: Path, names: dict[str, str], public: Iterable[tuple[str, float]] = ()) -> Scan:
    """``names``: label (name or code) -> who, for everyone the reader must not link to; ``public``:
    (who, value) pairs anyone can look up or recompute."""
    book = openpyxl.load_workbook(path, data_only=True)
    scan = Scan(named=list(public))
    formats: dict[tuple[str, int, int], str] = {}
    for ws in book.worksheets:
        for row in ws.iter_rows():
            labels = [c.value.strip() for c in row if isinstance(c.value, str) and c.value.strip()]
            numbers = [c for c in row if _is_number(c.value)]
            for c in numbers:
                formats[(ws.title, c.row, c.column)] = c.number_format
            if not labels or not numbers:
                continue
            who = next((names[label] for label in labels if label in names), None)
            if who is not None:
                scan.named.extend((who, float(c.value)) for c in numbers)
            elif ANONYMOUS.match(labels[0]):
                scan.anonymous.extend(Shown(f"'{ws.title}'!{c.coordinate}", float(c.value),
                                            displayed_decimals(c.number_format)) for c in numbers)
    for where, value, ref in _chart_points(path, names):
        decimals = None
        if ref is not None:
            sheet, row, col = ref
            decimals = displayed_decimals(formats.get((sheet, row, col)))
        scan.anonymous.append(Shown(where, value, decimals))
    _match(scan)
    return scan


def _chart_points(path: Path, names: dict[str, str]):
    """(where, value, (sheet, row, col) of the source cell) for each cached point of an anonymous series."""
    with zipfile.ZipFile(path) as archive:
        for part in sorted(n for n in archive.namelist() if n.startswith("xl/charts/chart")):
            root = ElementTree.fromstring(archive.read(part))
            for ser in root.iter(f"{C}ser"):
                title = " ".join(v.text or "" for v in ser.iter(f"{C}v") if _in_tx(ser, v)).strip()
                if not ANONYMOUS.match(title):
                    continue
                for ref in ser.iter(f"{C}numRef"):
                    cells = _cells_of(ref.findtext(f"{C}f") or "")
                    for pt in ref.iter(f"{C}pt"):
                        index = int(pt.get("idx"))
                        text = pt.findtext(f"{C}v")
                        try:
                            value = float(text)
                        except (TypeError, ValueError):
                            continue
                        if math.isfinite(value):
                            source = cells[index] if index < len(cells) else None
                            yield f"{part.rsplit('/', 1)[-1]} series {title!r} point {index}", value, source


def _in_tx(ser, v) -> bool:
    tx = ser.find(f"{C}tx")
    return tx is not None and any(v is node for node in tx.iter())


def _cells_of(formula: str) -> list[tuple[str, int, int]]:
    """Cells of a chart range such as 'Omkostning og effekt'!$B$6:$B$14, in order."""
    match = re.fullmatch(r"'?(.*?)'?!\$?([A-Z]+)\$?(\d+)(?::\$?([A-Z]+)\$?(\d+))?", formula.strip())
    if not match:
        return []
    sheet = match.group(1).replace("''", "'")
    c1, r1 = column_index_from_string(match.group(2)), int(match.group(3))
    c2 = column_index_from_string(match.group(4)) if match.group(4) else c1
    r2 = int(match.group(5)) if match.group(5) else r1
    return [(sheet, r, c) for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)]


def _match(scan: Scan) -> None:
    for shown in scan.anonymous:
        full = next((who for who, w in scan.named if math.isclose(shown.value, w, rel_tol=1e-9, abs_tol=1e-12)), None)
        if full is not None:
            scan.hits_full.append((shown, full))
        if shown.decimals is not None:
            d = shown.decimals
            mine = round(shown.value, d)
            displayed = next((who for who, w in scan.named if abs(round(w, d) - mine) < 0.5 * 10 ** -d), None)
            if displayed is not None:
                scan.hits_displayed.append((shown, displayed))



def chart_gap_problems(path: Path) -> list[str]:
    """Every chart point that draws a value the cells do not hold as a number.

    In a chart's number range (values; x values of a scatter chart) each cell must be a number, empty
    or #N/A (what Excel and LibreOffice both leave out), never text such as "–", which Excel draws
    as 0; and the cache must hold a point exactly where the cell holds a number.
    """
    book = openpyxl.load_workbook(path, data_only=True)
    problems = []
    with zipfile.ZipFile(path) as archive:
        for part in sorted(n for n in archive.namelist() if n.startswith("xl/charts/chart")):
            root = ElementTree.fromstring(archive.read(part))
            scatter = root.find(f".//{C}scatterChart") is not None
            for ser in root.iter(f"{C}ser"):
                ranges = [ser.find(f"{C}{tag}") for tag in ("val", "yVal", *(("xVal",) if scatter else ()))]
                for node in (r for r in ranges if r is not None):
                    ref = node.find(f"{C}numRef")
                    if ref is None:
                        continue
                    cached = {int(pt.get("idx")): pt.findtext(f"{C}v") for pt in ref.iter(f"{C}pt")}
                    for index, (sheet, row, col) in enumerate(_cells_of(ref.findtext(f"{C}f") or "")):
                        value = book[sheet].cell(row, col).value
                        where = f"{part.rsplit('/', 1)[-1]}: '{sheet}'!{openpyxl.utils.get_column_letter(col)}{row}"
                        if isinstance(value, str) and value.strip() and not value.startswith("#"):
                            problems.append(f"{where} holds text {value!r} in a number range (drawn as 0)")
                        if not _is_number(value) and index in cached:
                            problems.append(f"{where} is {value!r} but the chart caches {cached[index]}")
                        if _is_number(value) and (index not in cached or
                                                  not math.isclose(float(cached[index]), value, rel_tol=1e-9)):
                            problems.append(f"{where} is {value} but the chart caches {cached.get(index)}")
    return problems


_REF = re.compile(r"(?<![A-Za-z_:$\d])(?:'((?:[^']|'')+)'!|([A-Za-zÆØÅæøå_][\wÆØÅæøå]*)!)?\$?([A-Z]{1,3})\$?(\d+)(?![\d:(])")
SUPPRESSED = ("–",)


def formulas_reading_suppressed(original: Path, recalculated) -> list[str]:
    """Formula cells that read a suppressed cell ("–") directly yet show something other than empty.

    ``recalculated``: the calamine workbook after LibreOffice recalculated ``original`` (perhaps with
    other parameters). A number, a flag or a position computed from "–" is the bug this catches
    (text compared with a number is TRUE in Excel and LibreOffice alike).
    """
    book = openpyxl.load_workbook(original)
    grids = {name: recalculated.get_sheet_by_name(name).to_python(skip_empty_area=False) for name in book.sheetnames}

    def value(sheet: str, row: int, col: int):
        grid = grids.get(sheet)
        return grid[row - 1][col - 1] if grid and row - 1 < len(grid) and col - 1 < len(grid[row - 1]) else None

    problems = []
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type != "f" or not isinstance(cell.value, str) or "ISNUMBER(" in cell.value:
                    continue  # a chart's gap copy turns "–" into #N/A on purpose
                for quoted, bare, letters, number in _REF.findall(cell.value[1:]):
                    sheet = quoted.replace("''", "'") if quoted else (bare or ws.title)
                    if value(sheet, int(number), column_index_from_string(letters)) in SUPPRESSED:
                        shown = value(ws.title, cell.row, cell.column)
                        if shown not in ("", None, *SUPPRESSED):
                            problems.append(f"'{ws.title}'!{cell.coordinate} {cell.value} shows {shown!r} "
                                            f"though {sheet}!{letters}{number} is suppressed")
                        break
    return problems
