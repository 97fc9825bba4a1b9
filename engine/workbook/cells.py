"""A1-style cell addresses: the locations every value and issue carries."""

from __future__ import annotations

import re

_REF = re.compile(r"^\$?([A-Z]{1,3})\$?([0-9]{1,7})$")


def column_letters(col: int) -> str:
    """Zero-based column index to letters.

    >>> column_letters(0), column_letters(25), column_letters(26), column_letters(16383)
    ('A', 'Z', 'AA', 'XFD')
    """
    if col < 0:
        raise ValueError(f"column index must be >= 0, got {col}")
    letters = ""
    col += 1
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def cell_ref(row: int, col: int) -> str:
    """Zero-based (row, col) to an A1 reference.

    >>> cell_ref(13, 2)
    'C14'
    """
    return f"{column_letters(col)}{row + 1}"


def parse_ref(ref: str) -> tuple[int, int]:
    """An A1 reference to zero-based (row, col).

    >>> parse_ref("C14"), parse_ref("$XFD$1048576")
    ((13, 2), (1048575, 16383))
    """
    match = _REF.match(ref.upper())
    if not match:
        raise ValueError(f"not an A1 cell reference: {ref!r}")
    letters, digits = match.groups()
    col = 0
    for ch in letters:
        col = col * 26 + (ord(ch) - 64)
    return int(digits) - 1, col - 1


def quote_sheet(name: str) -> str:
    """Quote a sheet name for use in a reference, doubling embedded quotes.

    >>> quote_sheet("Løn og personale"), quote_sheet("Bob's")
    ("'Løn og personale'", "'Bob''s'")
    """
    return "'" + name.replace("'", "''") + "'"


def location(sheet: str | None, ref: str | None = None) -> str:
    """A human-readable location: ``'Sheet'!C14``, ``'Sheet'`` or empty.

    >>> location("Forside", "B5")
    "'Forside'!B5"
    """
    if sheet is None:
        return ""
    return f"{quote_sheet(sheet)}!{ref}" if ref else quote_sheet(sheet)
