"""The number format a reader sees on each chart's value axes and data labels.

An axis or a data label shows either its own format (``c:numFmt`` with ``sourceLinked="0"``) or, by
default, the format of the first cell its series reads (source-linked). Excel follows the link;
LibreOffice does not (it shows General: 10000), so a linked format is reported as linked.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree

import openpyxl

C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
REF = re.compile(r"^'?(?P<sheet>.+?)'?!\$?(?P<col>[A-Z]+)\$?(?P<row>\d+)")


def _first_cell(series, tags: tuple[str, ...]) -> tuple[str, str] | None:
    for tag in tags:
        f = series.find(f"{C}{tag}/{C}numRef/{C}f")
        if f is not None and f.text:
            match = REF.match(f.text.lstrip("("))
            if match:
                return match["sheet"].replace("''", "'"), f"{match['col']}{match['row']}"
    return None


def shown_formats(path: Path) -> Iterator[tuple[str, str]]:
    """(where, number format) for every value axis and every shown data label of every chart; a
    source-linked one as "linked to <the cell's format>"."""
    book = None  # loaded only when an axis or a label takes its format from a cell
    with zipfile.ZipFile(path) as archive:
        charts = {m: archive.read(m) for m in archive.namelist() if re.match(r"xl/charts/chart\d+\.xml$", m)}

    def cell_format(ref) -> str:
        nonlocal book
        book = book or openpyxl.load_workbook(path)
        return book[ref[0]][ref[1]].number_format if ref and ref[0] in book.sheetnames else "General"

    for member, xml in sorted(charts.items()):
        root = ElementTree.fromstring(xml)
        name = posixpath.basename(member)
        for plot in root.iter(f"{C}plotArea"):
            groups = [g for g in plot if g.tag.endswith("Chart")]
            for axis in plot.findall(f"{C}valAx"):
                axis_id = axis.find(f"{C}axId").get("val")
                scatter_x = axis.find(f"{C}axPos").get("val") in ("b", "t")
                fmt = axis.find(f"{C}numFmt")
                if fmt is not None and fmt.get("sourceLinked") == "0":
                    yield f"{name} axis {axis_id}", fmt.get("formatCode")
                    continue
                for group in groups:  # the series drawn on this axis give its format
                    if axis_id not in [a.get("val") for a in group.findall(f"{C}axId")]:
                        continue
                    series = group.find(f"{C}ser")
                    if series is not None:
                        tags = ("xVal",) if group.tag == f"{C}scatterChart" and scatter_x else ("val", "yVal")
                        yield f"{name} axis {axis_id}", "linked to " + cell_format(_first_cell(series, tags))
                        break
            for group in groups:
                for series in group.findall(f"{C}ser"):
                    labels = series.find(f"{C}dLbls")
                    if labels is None or labels.find(f"{C}showVal") is None or \
                            labels.find(f"{C}showVal").get("val") not in ("1", "true"):
                        continue
                    fmt = labels.find(f"{C}numFmt")
                    if fmt is not None and fmt.get("sourceLinked") == "0":
                        yield f"{name} data labels", fmt.get("formatCode")
                    else:
                        yield f"{name} data labels", "linked to " + cell_format(_first_cell(series, ("val", "yVal")))


def without_thousands_separator(number_format: str) -> bool:
    """A number format that would write 1234 as "1234" somewhere: neither "#,##" nor a percentage or
    text, or linked to a cell (LibreOffice then shows General)."""
    if number_format.startswith("linked to "):
        return True
    first = number_format.split(";")[0]
    return "#,##" not in first and "%" not in first and first != "@"
