"""Header rows that print whole: columns wide enough for their longest word, rows high enough for
their wrapped lines.

Excel and LibreOffice do not grow a row written by a library, and they break a word that is wider
than its column in the middle ("Tidsregistreri / ng"). The estimate is calibrated on LibreOffice's
rendering of bold 10 pt Calibri: "Centraliseringsgrad" (19 characters) fits a column 16 wide and
breaks in one 15 wide.

>>> wrapped_lines("Median digital proces, samme system", 12)
3
>>> column_width_for("Tidsregistrering")
15.0
"""

from __future__ import annotations

import math

CHARS_PER_WIDTH = 1.2  # bold 10 pt characters per unit of Excel column width
LINE_HEIGHT = 13.0     # points per line of 10 pt text


def wrapped_lines(text: str, width: float) -> int:
    """Lines ``text`` takes in a column ``width`` wide, wrapped at spaces as a spreadsheet does."""
    capacity = max(width * CHARS_PER_WIDTH, 1.0)
    lines = 0
    for paragraph in text.split("\n"):
        used = None
        for word in paragraph.split() or [""]:
            pieces = max(1, math.ceil(len(word) / capacity))  # a too-long word breaks anyway
            if used is None or used + 1 + len(word) > capacity:
                lines += pieces
                used = len(word) % capacity if pieces > 1 else len(word)
            else:
                used += 1 + len(word)
    return lines


def column_width_for(text: str, minimum: float = 0.0) -> float:
    """The narrowest column width in which no word of ``text`` breaks."""
    longest = max((len(word) for word in text.split()), default=0)
    return max(minimum, float(math.ceil(longest / CHARS_PER_WIDTH) + 1))


def fit_header(ws, row: int, headers: dict[int, str], widths: dict[int, float]) -> dict[int, float]:
    """Set the columns of ``headers`` (col -> text) to ``widths`` (col -> width), widened where a word
    would break, and make ``row`` high enough for the longest header; returns the widths used."""
    used = {col: column_width_for(text, widths.get(col, 8.43)) for col, text in headers.items()}
    for col, width in used.items():
        ws.set_column(col, col, width)
    lines = max((wrapped_lines(text, used[col]) for col, text in headers.items()), default=1)
    ws.set_row(row, max(LINE_HEIGHT * lines + 6, 20))
    return used
