"""What a worksheet part holds, found by a real XML parse rather than by byte patterns.

A reader such as python-calamine accepts every valid way to write a cell: a
namespace prefix (``<x:c>``), single quotes, whitespace around ``=``, an encoding
other than UTF-8. A byte pattern that knows one of those spellings is fooled by
the others, and the reader then allocates a far cell's whole range. So the sheet
is parsed here with expat, names compared by their namespace-free local name,
streaming, with no DTD allowed (no entity tricks) and a stop as soon as the sheet
reaches beyond the cell limit (time and memory stay bounded by that limit).

The scan yields the sheet's extent (every cell's reach; a claimed ``dimension`` alone
is not counted: the reader sizes its grid from the cells, and genuine writers claim
whole-sheet dimensions),
the formula of every cell that has one, and the number cells whose stored text
is no number (a decimal comma, spaces): the reader refuses the whole sheet for
one of those, so they are reported at their cell instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from xml.parsers import expat

# A reference as a reader may accept it: letters then digits, $ anchors, any case, any length
# (an absurd length is what a far cell looks like, so it must parse, not be skipped).
_REF = re.compile(r"\$?([A-Za-z]+)\$?([0-9]+)")
# What a stored number may look like to the reader (Rust's float syntax: no spaces, no commas).
_NUMBER = re.compile(r"[+-]?(?:inf|infinity|nan|(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)", re.I)
_SHEET_DATA, _ROW, _CELL, _FORMULA, _VALUE = "sheetData", "row", "c", "f", "v"


class DoctypeForbidden(Exception):
    """The part declares a DTD or an entity."""


class MalformedXml(Exception):
    """expat cannot parse the part; the message says where."""


class SheetTooLarge(Exception):
    def __init__(self, row: int, col: int, cells: int) -> None:
        super().__init__(f"sheet reaches row {row + 1}, column {col + 1}")
        self.row, self.col, self.cells = row, col, cells


@dataclass
class SheetScan:
    max_row: int = -1
    max_col: int = -1
    formulas: dict[tuple[int, int], str] = field(default_factory=dict)
    malformed_numbers: dict[tuple[int, int], str] = field(default_factory=dict)


def parse_ref(ref: str) -> tuple[int, int] | None:
    """Zero-based (row, col) of a reference, however far; ``None`` if it is no reference.

    >>> parse_ref(" xfd1048576 "), parse_ref("AAAA1"), parse_ref("1A")
    ((1048575, 16383), (0, 475254), None)
    """
    match = _REF.fullmatch(ref.strip())
    if not match:
        return None
    col = 0
    for ch in match.group(1).upper():
        col = col * 26 + (ord(ch) - 64)
    return int(match.group(2)) - 1, col - 1


def _local(name: str) -> str:
    # With namespace processing expat reports "uri local"; an unbound name stays as written.
    return name.rpartition(" ")[2].rpartition(":")[2]


class _Scanner:
    """expat callbacks; one instance per sheet part."""

    def __init__(self, max_cells: int) -> None:
        self.max_cells = max_cells
        self.scan = SheetScan()
        self.depth_in_data = 0  # > 0 inside sheetData
        self.row, self.col = -1, -1
        self.cell: tuple[int, int] | None = None
        self.cell_is_number = False
        self.text: list[str] | None = None
        self.parser: expat.XMLParserType | None = None

    def start(self, name: str, attrs: dict[str, str]) -> None:
        local = _local(name)
        if self.depth_in_data:
            self.depth_in_data += 1
            if local == _CELL:
                self._start_cell(attrs)
            elif local == _ROW:
                found = _attr(attrs, "r")
                self.row = int(found) - 1 if found and found.strip().isdigit() else self.row + 1
                self.col = -1
            elif self.cell is not None and local in (_FORMULA, _VALUE):
                self.text = []
                self.parser.CharacterDataHandler = self.text.append
        elif local == _SHEET_DATA:
            self.depth_in_data = 1

    def _start_cell(self, attrs: dict[str, str]) -> None:
        found = _attr(attrs, "r")
        position = parse_ref(found) if found is not None else None
        self.row, self.col = position if position is not None else (self.row, self.col + 1)
        self.cell = (self.row, self.col)
        # Only a cell that declares t="n" makes the reader parse its text as a number (and fail).
        kind = _attr(attrs, "t")
        self.cell_is_number = kind is not None and kind.strip() == "n"
        self._reach(self.row, self.col)

    def end(self, name: str) -> None:
        if not self.depth_in_data:
            return
        self.depth_in_data -= 1
        local = _local(name)
        if local == _CELL:
            self.cell = None
        elif self.text is not None and local in (_FORMULA, _VALUE):
            text = "".join(self.text)
            self.text = None
            self.parser.CharacterDataHandler = None
            if local == _FORMULA:
                self.scan.formulas[self.cell] = text
            elif self.cell_is_number and not _NUMBER.fullmatch(text):
                self.scan.malformed_numbers[self.cell] = text

    def _reach(self, row: int, col: int) -> None:
        scan = self.scan
        if row > scan.max_row or col > scan.max_col:
            scan.max_row, scan.max_col = max(scan.max_row, row), max(scan.max_col, col)
            cells = (scan.max_row + 1) * (scan.max_col + 1)
            if cells > self.max_cells:
                raise SheetTooLarge(scan.max_row, scan.max_col, cells)


def _attr(attrs: dict[str, str], name: str) -> str | None:
    value = attrs.get(name)
    if value is None:
        for key, found in attrs.items():  # a prefixed attribute: "uri name"
            if _local(key) == name:
                return found
    return value


def _refuse_dtd(*_args: object) -> None:
    raise DoctypeForbidden()


def scan_sheet(xml: bytes, max_cells: int) -> SheetScan:
    """Extent, formulas and malformed number cells of one worksheet part.

    Raises :class:`DoctypeForbidden`, :class:`MalformedXml` or :class:`SheetTooLarge`.
    """
    scanner = _Scanner(max_cells)
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.buffer_text = True
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartDoctypeDeclHandler = _refuse_dtd
    parser.EntityDeclHandler = _refuse_dtd
    parser.StartElementHandler = scanner.start
    parser.EndElementHandler = scanner.end
    scanner.parser = parser
    try:
        parser.Parse(xml, True)
    except expat.ExpatError as error:
        raise MalformedXml(str(error)) from None
    return scanner.scan
