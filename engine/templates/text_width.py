"""How wide and how tall a piece of text prints, estimated per letter.

Excel and LibreOffice do not grow a row written by a library, and they break a word that is wider
than its column in the middle ("Tidsregistreri / ng"). Widths are estimated per letter for bold
Calibri and calibrated on LibreOffice's rendering: "Centraliseringsgrad" (many narrow letters) fits
a column 16 wide, "Personaleomsætning" (m, æ) does not. Templates and reports both size their
header rows and columns with it.

>>> round(text_width("Centraliseringsgrad"), 1), round(text_width("Personaleomsætning"), 1)
(16.4, 17.6)
>>> wrapped_lines("Median digital proces, samme system", 15), column_width_for("Personaleomsætning")
(3, 19.0)
"""

from __future__ import annotations

import math

NARROW, WIDE = set("fijlrtI.,:;!'()-/ 1"), set("mwMWæÆøØåÅ%@")
LINE_HEIGHT = 13.0     # points per line of 10 pt text
FILL = 0.985           # share of a column's width that text may use (cell padding)


def text_width(text: str, size: float = 10.0) -> float:
    """Estimated width of bold ``text`` in units of Excel column width."""
    units = sum(0.6 if ch in NARROW else 1.5 if ch in WIDE else 1.2 if ch.isupper() else 1.0 for ch in text)
    return units * size / 10.0


def wrapped_lines(text: str, width: float, size: float = 10.0) -> int:
    """Lines ``text`` takes in a column ``width`` wide, wrapped at spaces as a spreadsheet does."""
    capacity = max(width * FILL, 1.0)
    lines = 0
    for paragraph in text.split("\n"):
        used = None
        for word in paragraph.split() or [""]:
            length = text_width(word, size)
            pieces = max(1, math.ceil(length / capacity))  # a too-long word breaks anyway
            if used is None or used + text_width(" ", size) + length > capacity:
                lines += pieces
                used = length - (pieces - 1) * capacity
            else:
                used += text_width(" ", size) + length
    return lines


def column_width_for(text: str, minimum: float = 0.0, size: float = 10.0) -> float:
    """The narrowest whole column width in which no word of ``text`` breaks (at least ``minimum``)."""
    longest = max((text_width(word, size) for word in text.split()), default=0.0)
    return max(minimum, float(math.ceil(longest / FILL + 0.5)))
