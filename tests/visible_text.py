"""Every text a reader of a workbook sees: cell strings, chart titles, axis titles and series names.

Used to check that no internal identifier (``direct_fte``, ``frontline``, ``persons_dagpenge``) reaches
a report: those belong to the code; a reader needs the label the text tables give. Cells in hidden
sheets, rows and columns (the keys a SUMIFS matches) are not seen and not returned. The workbook's
defined names (``min_group``) are what its formulas read, listed on the method sheet as "Navn i
formler"; they are labels of the workbook itself and allowed.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree

from python_calamine import CalamineWorkbook

A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
S = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PR = "{http://schemas.openxmlformats.org/package/2006/relationships}"

# snake_case (two or more lower-case parts joined by "_"), the shape of every internal id
SNAKE = re.compile(r"(?<![\w./\\@-])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![\w-]|\.\w)")
# English codes the engine keeps as values in its frames and parameters, as a whole cell
ENGLISH_CODES = frozenset({"frontline", "shared", "direct", "leverage", "persons", "total", "better", "worse",
                           "within", "weak", "higher", "lower", "equal", "unknown", "none", "nan"})


def _hidden(archive: zipfile.ZipFile) -> tuple[set[str], dict[str, tuple[set[int], set[int]]]]:
    """Hidden sheet names, and per sheet name its hidden (1-based) rows and columns."""
    book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {rel.get("Id"): rel.get("Target") for rel in rels.iter(f"{PR}Relationship")}
    hidden_sheets, hidden = set(), {}
    for sheet in book.iter(f"{S}sheet"):
        name = sheet.get("name")
        if sheet.get("state") in ("hidden", "veryHidden"):
            hidden_sheets.add(name)
        target = targets[sheet.get(f"{R}id")]
        member = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
        rows, cols = set(), set()
        for event, element in ElementTree.iterparse(archive.open(member)):
            if element.tag == f"{S}col" and element.get("hidden") in ("1", "true"):
                cols.update(range(int(element.get("min")), int(element.get("max")) + 1))
            elif element.tag == f"{S}row":
                if element.get("hidden") in ("1", "true"):
                    rows.add(int(element.get("r")))
                element.clear()
        hidden[name] = (rows, cols)
    return hidden_sheets, hidden


def defined_names(path: Path) -> set[str]:
    with zipfile.ZipFile(path) as archive:
        book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    return {element.get("name") for element in book.iter(f"{S}definedName")}


def visible_texts(path: Path) -> Iterator[tuple[str, str]]:
    """(where, text) for every string in a visible cell and every text of every chart."""
    with zipfile.ZipFile(path) as archive:
        hidden_sheets, hidden = _hidden(archive)
        charts = {member: archive.read(member) for member in archive.namelist()
                  if member.startswith("xl/charts/chart")}
    book = CalamineWorkbook.from_path(str(path))
    for name in book.sheet_names:
        if name in hidden_sheets:
            continue
        rows, cols = hidden.get(name, (set(), set()))
        for r, row in enumerate(book.get_sheet_by_name(name).to_python(skip_empty_area=False)):
            if r + 1 in rows:
                continue
            for c, value in enumerate(row):
                if isinstance(value, str) and value and c + 1 not in cols:
                    yield f"'{name}'!R{r + 1}C{c + 1}", value
    for member, xml in sorted(charts.items()):
        root = ElementTree.fromstring(xml)
        for run in root.iter(f"{A}t"):  # titles and axis titles (rich text)
            if run.text:
                yield f"{member} title", run.text
        for series in root.iter(f"{C}ser"):
            tx = series.find(f"{C}tx")
            for value in (() if tx is None else tx.iter(f"{C}v")):
                if value.text:
                    yield f"{member} series name", value.text


def identifiers_in(text: str, allowed: set[str] = frozenset()) -> list[str]:
    """The identifier-like tokens of one visible text: snake_case words that are not ``allowed``
    (the workbook's defined names), and a whole cell that is one of the engine's English codes."""
    found = [token for token in SNAKE.findall(text) if token not in allowed]
    if text.strip() in ENGLISH_CODES or text.strip().casefold() == "leverage":
        found.append(text.strip())
    return found


