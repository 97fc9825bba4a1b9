"""The mark plan: which cell of a validated workbook gets which fill and which note.

Three places mark a workbook: the annotated copy (:mod:`engine.validation.annotate`, openpyxl), the
Office task pane (JavaScript through ``Excel.run``, fed this plan as JSON by the server) and
the xlwings desktop route (:mod:`addin.desktop`). All three take their marks from
:func:`plan_marks`, so they cannot disagree on which cells are marked, in which colour, or
what the note says. Only how a program applies a mark differs.

A mark's note is our part of the cell's note: it starts with our name on its own line, the
way Excel heads a note with its author, so a note someone wrote there first stays theirs and
ours can be found and removed again.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from engine.text import Text
from engine.validation.issues import Issue
from engine.workbook.cells import location

AUTHOR = "kommunebench"
# Excel's own "Bad" fill for errors (ARGB); orange, not Excel's yellow "Neutral", for warnings: the
# template's input cells are already pale yellow, and a warning must stand out from them as clearly
# as an error does.
FILL = {"error": "FFFFC7CE", "warning": "FFF4B084"}
# Fills of earlier versions, still recognised (and removed) when a returned copy is annotated again.
LEGACY_FILLS = ("FFFFEB9C",)
# Excel's "Bad"/"Neutral" text colours: used only where the cell's font is white (header cells),
# which would be unreadable on the light fill.
TEXT_ON_FILL = {"error": "FF9C0006", "warning": "FF9C5700"}
SEVERITY = {"error": Text("Fejl", "Error"), "warning": Text("Advarsel", "Warning"),
            "info": Text("Bemærkning", "Note")}
# Hue bands (degrees) of the colour words a legend may use; the legend names the fill it explains.
_HUE_NAMES = ((15, Text("rød", "red")), (40, Text("orange", "orange")), (70, Text("gul", "yellow")),
              (170, Text("grøn", "green")), (260, Text("blå", "blue")), (330, Text("lilla", "purple")),
              (360, Text("rød", "red")))


def colour_name(argb: str) -> Text:
    """The everyday name of a fill colour (``FFF4B084`` is orange), so a legend is computed from the fill.

    >>> colour_name("FFFFC7CE").en, colour_name("FFF4B084").en, colour_name("FFFFEB9C").en
    ('red', 'orange', 'yellow')
    """
    import colorsys

    rgb = argb[-6:]
    r, g, b = (int(rgb[i:i + 2], 16) / 255 for i in (0, 2, 4))
    hue = colorsys.rgb_to_hsv(r, g, b)[0] * 360
    return next(name for limit, name in _HUE_NAMES if hue < limit)


@dataclass(frozen=True)
class CellMark:
    """One cell to mark: its worst severity decides the fill; the note explains all its findings."""

    sheet: str
    cell: str
    severity: str
    codes: tuple[str, ...]
    note: str

    @property
    def fill(self) -> str:
        """ARGB of the fill, e.g. ``FFFFC7CE``."""
        return FILL[self.severity]

    @property
    def text_on_fill(self) -> str:
        """ARGB of the font colour to use instead of white on this fill."""
        return TEXT_ON_FILL[self.severity]

    @property
    def location(self) -> str:
        return location(self.sheet, self.cell)

    def as_dict(self) -> dict[str, object]:
        """The JSON form the task pane applies: colours as ``#RRGGBB`` as Office.js expects them."""
        return {"sheet": self.sheet, "cell": self.cell, "location": self.location, "severity": self.severity,
                "codes": list(self.codes), "fill": "#" + self.fill[2:], "font_on_fill": "#" + self.text_on_fill[2:],
                "note": self.note}


def plan_marks(issues: Iterable[Issue], lang: str, sheets: Iterable[str] | None = None,
               anchor: Callable[[str, str], str] | None = None) -> list[CellMark]:
    """One :class:`CellMark` per located cell, in sheet-then-row-then-column order of first finding.

    ``sheets``: the workbook's sheet names, when known; findings on other sheets are not marked.
    ``anchor`` maps (sheet, cell) to the cell that can carry the mark (the top-left cell of a
    merged range); findings that land on the same anchor share one mark.
    """
    SEVERITY["error"](lang)  # fail fast on an unknown language
    known = set(sheets) if sheets is not None else None
    by_cell: dict[tuple[str, str], list[Issue]] = defaultdict(list)
    for issue in issues:
        if not issue.cell or issue.sheet is None or (known is not None and issue.sheet not in known) \
                or issue.severity == "info":  # a note has nothing to correct in a cell
            continue
        ref = anchor(issue.sheet, issue.cell) if anchor else issue.cell
        by_cell[(issue.sheet, ref)].append(issue)
    marks = []
    for (sheet, ref), cell_issues in by_cell.items():
        severity = "error" if any(issue.severity == "error" for issue in cell_issues) else "warning"
        marks.append(CellMark(sheet, ref, severity, tuple(issue.code for issue in cell_issues),
                              note_text(cell_issues, lang)))
    return marks


def note_text(issues: Iterable[Issue], lang: str) -> str:
    """Our note for a cell: our name heading, then each finding with how to fix it."""
    body = "\n\n".join(f"{SEVERITY[issue.severity](lang)} ({issue.code}): {issue.message(lang)}\n{issue.fix(lang)}"
                       for issue in issues)
    return f"{AUTHOR}:\n{body}"


def sheet_counts(issues: Iterable[Issue]) -> list[dict[str, object]]:
    """Findings per sheet in first-seen order (``None`` for file-level ones): for grouped lists."""
    counts: dict[str | None, dict[str, int]] = {}
    for issue in issues:
        entry = counts.setdefault(issue.sheet, {"error": 0, "warning": 0, "info": 0})
        entry[issue.severity] += 1
    return [{"sheet": sheet, "errors": entry["error"], "warnings": entry["warning"], "notes": entry["info"],
             "count": entry["error"] + entry["warning"] + entry["info"]} for sheet, entry in counts.items()]
