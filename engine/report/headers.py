"""Header rows that print whole: columns wide enough for their longest word, rows high enough for
their wrapped lines (the estimate itself is :mod:`engine.templates.text_width`)."""

from __future__ import annotations

from engine.templates.text_width import FILL, LINE_HEIGHT, column_width_for, text_width, wrapped_lines

__all__ = ["FILL", "LINE_HEIGHT", "column_width_for", "fit_header", "text_width", "wrapped_lines"]


def fit_header(ws, row: int, headers: dict[int, str], widths: dict[int, float]) -> dict[int, float]:
    """Set the columns of ``headers`` (col -> text) to ``widths`` (col -> width), widened where a word
    would break, and make ``row`` high enough for the longest header; returns the widths used."""
    used = {col: column_width_for(text, widths.get(col, 8.43)) for col, text in headers.items()}
    for col, width in used.items():
        ws.set_column(col, col, width)
    lines = max((wrapped_lines(text, used[col]) for col, text in headers.items()), default=1)
    ws.set_row(row, max(LINE_HEIGHT * lines + 6, 20))
    return used
