"""What a worksheet part holds, found by a real XML parse rather than by byte patterns.

A reader such as python-calamine accepts every valid way to write a cell: a
namespace prefix (``<x:c>``), single quotes, whitespace around ``=``, an encoding
other than UTF-8. A byte pattern that knows one of those spellings is fooled by
the others, and the reader then allocates a far cell's whole range. So the sheet
is parsed here with expat, names compared by their namespace-free local name,
streaming, with no DTD allowed (no entity tricks) and a stop as soon as the sheet
reaches beyond the cell limit (time and memory stay bounded by that limit).

Parsing every element in Python costs several times what a byte pattern does, so the
spelling Excel and XlsxWriter write is read by patterns first, but only after the part
is proven to contain no other: expat (in C, without a Python call per element) checks
it is well-formed, and permissive counts of every c and f tag, however written, must
equal the counts the patterns found. Anything else takes the full parse.

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
from html import unescape
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
    match = _REF.fullmatch(ref) or _REF.fullmatch(ref.strip())
    if not match:
        return None
    letters, digits = match.groups()
    return int(digits) - 1, _column(letters)


def _column(letters: str) -> int:
    col = 0
    for ch in letters.upper():
        col = col * 26 + (ord(ch) - 64)
    return col - 1


def _local(name: str) -> str:
    # With namespace processing expat reports "uri local" (a prefix never survives it).
    return name.rpartition(" ")[2]


def _attr(attrs: dict[str, str], name: str) -> str | None:
    value = attrs.get(name)
    if value is None and attrs:
        for key, found in attrs.items():  # a prefixed attribute: "uri name"
            if _local(key) == name:
                return found
    return value


def _refuse_dtd(*_args: object) -> None:
    raise DoctypeForbidden()


def scan_sheet(xml: bytes, max_cells: int, plain_first: bool = True) -> SheetScan:
    """Extent, formulas and malformed number cells of one worksheet part.

    ``plain_first`` tries the fast scan of the plain spelling first (``False``: always the full parse;
    tests compare the two).

    Raises :class:`DoctypeForbidden`, :class:`MalformedXml` or :class:`SheetTooLarge`.
    """
    scan = _scan_plain_spelling(xml, max_cells) if plain_first else None
    return scan if scan is not None else _scan_any_spelling(xml, max_cells)


# -- the plain spelling: what Excel and XlsxWriter write, proven before it is trusted -----------------
# One pass finds every start tag whose local name is c or f, however prefixed: a cell or formula in the
# one spelling the fast scan reads matches one of the first two alternatives, any other c or f tag the
# last one. When none matches the last one, every cell and formula tag is in the plain spelling, so
# nothing can hide from the fast scan (the plain alternatives consume no "<" but the formula's own end
# tag, and in well-formed XML every other "<" opens markup); any other spelling, a comment or CDATA
# section (which could shift what "the enclosing cell" means), an explicit t="n", or another encoding
# than UTF-8 sends the part to the full parse instead. The possessive quantifiers only spare the
# engine backtracking that could never succeed (":" is outside the prefix's characters).
_TAGS = re.compile(rb'''<(?:c r="([A-Z]{1,3})([0-9]{1,7})"[\s/>]|f(?=[\s/>])[^>]*?(?:/>|>([^<]*)</f>)'''
                   rb'''|(?:[^\s<>/!?:="']++:)?+([cf])[\s/>])''')
_EXPLICIT_NUMBER = re.compile(rb"""t\s*=\s*["']\s*n\s*["']""")
_DECLARED_ENCODING = re.compile(rb"""encoding\s*=\s*["']([^"']*)["']""")


def _safe_parser() -> expat.XMLParserType:
    """A namespace-aware expat parser that refuses any DTD or entity declaration."""
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartDoctypeDeclHandler = _refuse_dtd
    parser.EntityDeclHandler = _refuse_dtd
    return parser


def _parse(parser: expat.XMLParserType, xml: bytes) -> None:
    try:
        parser.Parse(xml, True)
    except expat.ExpatError as error:
        raise MalformedXml(str(error)) from None


def _check_well_formed(xml: bytes) -> None:
    """expat's verdict without a Python call per element: well-formed, namespaces bound, no DTD."""
    _parse(_safe_parser(), xml)


def _scan_plain_spelling(xml: bytes, max_cells: int) -> SheetScan | None:
    head = xml[:200]
    encoding = _DECLARED_ENCODING.search(head[:head.find(b"?>")]) if head.startswith(b"<?xml") else None
    if xml.startswith((b"\xfe\xff", b"\xff\xfe")) or (encoding and encoding.group(1).lower() not in
                                                      (b"utf-8", b"utf8")):
        return None
    if (b"!" in xml and (b"<!--" in xml or b"<![CDATA[" in xml)) or \
            xml.count(b"<?") > xml.startswith(b"<?xml ") or _EXPLICIT_NUMBER.search(xml):
        return None
    _check_well_formed(xml)  # from here on, every "<" the patterns see opens a real tag
    # (letters, digits, "", "") for a plain cell, ("", "", text, "") for a plain formula, and
    # ("", "", "", "c" or "f") for a tag in any other spelling.
    tokens = _TAGS.findall(xml)
    # Column-wise (a transposition in C): a sheet has thousands of cells but only a few distinct
    # rows and columns, and seldom a formula, so nothing below runs Python code per cell.
    letters, digits, texts, others = zip(*tokens) if tokens else ((), (), (), ())
    if others.count(b"") != len(others):
        return None
    formula_count = digits.count(b"")
    scan = SheetScan()
    rows = set(digits)
    rows.discard(b"")
    scan.max_row = max(map(int, rows), default=0) - 1
    columns = set(letters)
    columns.discard(b"")
    scan.max_col = max((_column(column.decode()) for column in columns), default=-1)
    if (scan.max_row + 1) * (scan.max_col + 1) > max_cells:
        raise SheetTooLarge(scan.max_row, scan.max_col, (scan.max_row + 1) * (scan.max_col + 1))
    position = -1
    for _ in range(formula_count):
        position = digits.index(b"", position + 1)
        cell = position - 1  # the formula belongs to the last cell before it (tags never nest otherwise)
        while cell >= 0 and not digits[cell]:
            cell -= 1
        if cell >= 0:
            scan.formulas[(int(digits[cell]) - 1, _column(letters[cell].decode()))] = \
                unescape(texts[position].decode("utf-8"))
    return scan


def _scan_any_spelling(xml: bytes, max_cells: int) -> SheetScan:
    scan = SheetScan()
    formulas, malformed = scan.formulas, scan.malformed_numbers
    parser = _safe_parser()
    # The handlers run for every element, so they are closures over plain locals (the fastest
    # Python lookups), with the common spellings tried first and every other one still handled.
    locals_: dict[str, str] = {}  # expat's "uri local" name -> local name
    columns: dict[str, int] = {}
    depth = 0  # > 0 inside sheetData
    row = col = max_row = max_col = -1
    cell: tuple[int, int] | None = None
    number_cell = False
    text: list[str] | None = None

    def start(name: str, attrs: dict[str, str]) -> None:
        nonlocal depth, row, col, max_row, max_col, cell, number_cell, text
        local = locals_.get(name)
        if local is None:
            local = locals_[name] = _local(name)
        if not depth:
            if local == _SHEET_DATA:
                depth = 1
            return
        depth += 1
        if local == _CELL:
            ref = attrs.get("r")
            if ref is None and attrs:
                ref = _attr(attrs, "r")
            match = _REF.fullmatch(ref) if ref is not None else None
            if match is None and ref is not None:
                match = _REF.fullmatch(ref.strip())
            if match is not None:
                letters, digits = match.groups()
                found = columns.get(letters)
                if found is None:
                    found = columns[letters] = _column(letters)
                row, col = int(digits) - 1, found
            else:  # no usable reference: the reader places the cell after the previous one
                col += 1
            cell = (row, col)
            kind = attrs.get("t") if "t" in attrs or not attrs else _attr(attrs, "t")
            # Only a cell that declares t="n" makes the reader parse its text as a number (and fail).
            number_cell = kind is not None and kind.strip() == "n"
            if row > max_row or col > max_col:
                max_row, max_col = max(max_row, row), max(max_col, col)
                if (max_row + 1) * (max_col + 1) > max_cells:
                    raise SheetTooLarge(max_row, max_col, (max_row + 1) * (max_col + 1))
        elif local == _ROW:
            found_row = _attr(attrs, "r")
            row = int(found_row) - 1 if found_row and found_row.strip().isdigit() else row + 1
            col = -1
        elif cell is not None and (local == _FORMULA or (local == _VALUE and number_cell)):
            text = []
            parser.CharacterDataHandler = text.append

    def end(name: str) -> None:
        nonlocal depth, cell, text
        if not depth:
            return
        depth -= 1
        if text is None:
            if cell is not None and locals_[name] == _CELL:
                cell = None
            return
        local = locals_[name]
        if local in (_FORMULA, _VALUE):
            value = "".join(text)
            text = None
            parser.CharacterDataHandler = None
            if local == _FORMULA:
                formulas[cell] = value
            elif not _NUMBER.fullmatch(value):
                malformed[cell] = value

    parser.buffer_text = True
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    _parse(parser, xml)
    scan.max_row, scan.max_col = max_row, max_col
    return scan
