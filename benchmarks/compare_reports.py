"""Are two sets of report workbooks the same in content? Prints every difference; exit 1 if any.

Compares each ``.xlsx`` under BEFORE with the file of the same relative path under AFTER, part by
part (every XML part of the zip: sheets, shared strings, styles, charts, drawings, names,
properties). Identical parts are the same content, down to cached results, formats and charts.
For a sheet part that differs, the cells are compared one by one — value (shared strings
resolved), formula, cached result and the cell's style (the ``<xf>`` with its font, fill, border
and number format resolved, so a mere renumbering of styles is no difference) — and the first
differences are listed; any other differing part is listed with its first differing position.

    python3 benchmarks/report_speed.py --out /tmp/before     # with the old writers
    python3 benchmarks/report_speed.py --out /tmp/after      # with the new ones
    python3 benchmarks/compare_reports.py /tmp/before /tmp/after
"""

from __future__ import annotations

import argparse
import re
import sys
import zipfile
from pathlib import Path
from xml.etree import ElementTree

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
SHOWN = 10  # differences listed per part


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    args = parser.parse_args()
    before = {p.relative_to(args.before) for p in args.before.rglob("*.xlsx")}
    after = {p.relative_to(args.after) for p in args.after.rglob("*.xlsx")}
    problems = [f"{name}: only in {args.before}" for name in sorted(before - after)]
    problems += [f"{name}: only in {args.after}" for name in sorted(after - before)]
    for name in sorted(before & after):
        problems += [f"{name}: {text}" for text in workbook_differences(args.before / name, args.after / name)]
    for line in problems:
        print(line)
    print(f"compared {len(before & after)} workbooks: {'no differences' if not problems else f'{len(problems)} differences'}")
    sys.exit(1 if problems else 0)


def workbook_differences(before: Path, after: Path) -> list[str]:
    """What differs between two workbooks, part by part; empty when they have the same content."""
    with zipfile.ZipFile(before) as a, zipfile.ZipFile(after) as b:
        parts_a, parts_b = set(a.namelist()), set(b.namelist())
        out = [f"part {name} only before" for name in sorted(parts_a - parts_b)]
        out += [f"part {name} only after" for name in sorted(parts_b - parts_a)]
        for name in sorted(parts_a & parts_b):
            xml_a, xml_b = a.read(name), b.read(name)
            if xml_a == xml_b:
                continue
            if re.fullmatch(r"xl/worksheets/sheet\d+\.xml", name):
                cells = _cell_differences(_cells(a, xml_a), _cells(b, xml_b))
                out += [f"{name} {text}" for text in cells[:SHOWN]]
                rest = _strip_cells(xml_a) != _strip_cells(xml_b)
                if rest:
                    out.append(f"{name}: the sheet's other elements differ (columns, merges, conditional formats, ...)")
                if not cells and not rest:
                    continue  # only the numbering of shared strings or styles differs
            else:
                at = next(i for i, (x, y) in enumerate(zip(xml_a + b" ", xml_b + b"  ")) if x != y)
                out.append(f"part {name} differs at byte {at}: {xml_a[max(0, at - 60):at + 60]!r} vs "
                           f"{xml_b[max(0, at - 60):at + 60]!r}")
        return out


def _cells(archive: zipfile.ZipFile, xml: bytes) -> dict[str, tuple]:
    """ref -> (type, value, formula, style) with shared strings and styles resolved."""
    strings = _shared_strings(archive)
    styles = _styles(archive)
    cells = {}
    for cell in ElementTree.fromstring(xml).iterfind(".//m:sheetData/m:row/m:c", NS):
        kind = cell.get("t", "n")
        value = cell.findtext("m:v", None, NS)
        if kind == "s" and value is not None:
            value = strings[int(value)]
        formula = cell.find("m:f", NS)
        formula_text = None if formula is None else (formula.text, tuple(sorted(formula.attrib.items())))
        cells[cell.get("r")] = (kind, value, formula_text, styles[int(cell.get("s", "0"))])
    return cells


def _cell_differences(a: dict[str, tuple], b: dict[str, tuple]) -> list[str]:
    out = []
    for ref in sorted(set(a) | set(b), key=_ref_order):
        if a.get(ref) != b.get(ref):
            out.append(f"{ref}: {a.get(ref)!r} vs {b.get(ref)!r}")
    return out


def _ref_order(ref: str) -> tuple[int, int, str]:
    letters, digits = re.fullmatch(r"([A-Z]+)(\d+)", ref).groups()
    return int(digits), len(letters), letters


def _strip_cells(xml: bytes) -> bytes:
    """The sheet without its cell data: what remains must be identical."""
    return re.sub(rb"<sheetData>.*</sheetData>", b"", xml, flags=re.S)


def _shared_strings(archive: zipfile.ZipFile) -> list[str]:
    if "xl/sharedStrings.xml" not in archive.namelist():
        return []
    root = ElementTree.fromstring(archive.read("xl/sharedStrings.xml"))
    return ["".join(t.text or "" for t in si.iterfind(".//m:t", NS)) for si in root.iterfind("m:si", NS)]


def _styles(archive: zipfile.ZipFile) -> list[str]:
    """Each cell style (<xf> of cellXfs) as canonical text with its font, fill, border and number format."""
    root = ElementTree.fromstring(archive.read("xl/styles.xml"))
    fonts = [_canonical(e) for e in root.iterfind("m:fonts/m:font", NS)]
    fills = [_canonical(e) for e in root.iterfind("m:fills/m:fill", NS)]
    borders = [_canonical(e) for e in root.iterfind("m:borders/m:border", NS)]
    formats = {e.get("numFmtId"): e.get("formatCode") for e in root.iterfind("m:numFmts/m:numFmt", NS)}
    out = []
    for xf in root.iterfind("m:cellXfs/m:xf", NS):
        rest = {k: v for k, v in xf.attrib.items() if k not in ("fontId", "fillId", "borderId", "numFmtId")}
        number = xf.get("numFmtId", "0")
        out.append(f"font={fonts[int(xf.get('fontId', 0))]} fill={fills[int(xf.get('fillId', 0))]} "
                   f"border={borders[int(xf.get('borderId', 0))]} number={formats.get(number, number)} "
                   f"{sorted(rest.items())} {''.join(_canonical(child) for child in xf)}")
    return out


def _canonical(element) -> str:
    return ElementTree.tostring(element, encoding="unicode")


if __name__ == "__main__":
    main()
