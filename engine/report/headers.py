"""Header rows that print whole: columns wide enough for their longest word, rows high enough for
their wrapped lines (the estimate itself is :mod:`engine.templates.text_width`)."""

from __future__ import annotations

import functools

from engine.templates.text_width import FILL, LINE_HEIGHT, column_width_for, text_width, wrapped_lines

__all__ = ["FILL", "LINE_HEIGHT", "column_width_for", "fit_header", "fit_written_header", "text_width",
           "wrapped_lines", "wrapped_row_height"]


def wrapped_row_height(cells) -> float | None:
    """Height of a body row whose wrapping cells, ``(text, column width)`` pairs, need more than one
    line (each of a text's own lines wrapped on its own); None when one line is enough. LibreOffice
    does not grow such a row when it opens the file: without a height its lines print over the next row."""
    lines = max((sum(_lines(line, width) for line in text.split("\n")) for text, width in cells), default=1)
    return LINE_HEIGHT * lines + 3 if lines > 1 else None


@functools.lru_cache(maxsize=8192)  # the same names and units in every report of a round
def _lines(text: str, width: float) -> int:
    return wrapped_lines(text, width)


def fit_written_header(ws, row: int, headers: dict[int, str], minimum_height: float = 20) -> dict[int, float]:
    """:func:`fit_header` for a sheet whose columns are already set: their widths are read back from
    the worksheet (XlsxWriter keeps them in pixels), so a caller need not repeat them."""
    widths = {}
    for col in headers:
        info = ws.col_info.get(col)
        pixels = getattr(info, "width", None) if info is not None else None
        widths[col] = (pixels - 5) / 7 if pixels and pixels > 12 else 8.43  # Excel's pixels -> characters
    used = fit_header(ws, row, headers, widths)
    lines = max((wrapped_lines(text, used[col]) for col, text in headers.items()), default=1)
    ws.set_row(row, max(LINE_HEIGHT * lines + 6, minimum_height))
    return used


def fit_header(ws, row: int, headers: dict[int, str], widths: dict[int, float]) -> dict[int, float]:
    """Set the columns of ``headers`` (col -> text) to ``widths`` (col -> width), widened where a word
    would break, and make ``row`` high enough for the longest header; returns the widths used."""
    used = {col: column_width_for(text, widths.get(col, 8.43)) for col, text in headers.items()}
    for col, width in used.items():
        ws.set_column(col, col, width)
    lines = max((wrapped_lines(text, used[col]) for col, text in headers.items()), default=1)
    ws.set_row(row, max(LINE_HEIGHT * lines + 6, 20))
    return used
