"""Findings in municipal data: plain data with a code, a location and parameters.

An :class:`Issue` never holds prose; its message is rendered from the catalogue
in the reader's language, so tests can assert codes and locations and the same
finding reads well in Danish and English.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field as dataclass_field
from typing import Any

from engine.text import Text, format_number, visible
from engine.validation.issue_catalogue import ISSUE_TYPES, IssueType, Severity
from engine.workbook.cells import location, parse_ref


@dataclass(frozen=True)
class Issue:
    """One finding. ``sheet``/``cell`` locate it; ``field`` names the declared field."""

    code: str
    file: str
    sheet: str | None = None
    cell: str | None = None
    field: str | None = None
    params: Mapping[str, Any] = dataclass_field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.code not in ISSUE_TYPES:
            raise KeyError(f"undeclared issue code {self.code!r}: add it to engine/validation/issue_catalogue.py")
        # A private copy: issues are shared between stages and pickled to worker processes.
        object.__setattr__(self, "params", dict(self.params))

    @property
    def type(self) -> IssueType:
        return ISSUE_TYPES[self.code]

    @property
    def severity(self) -> Severity:
        return self.type.severity

    @property
    def location(self) -> str:
        return location(self.sheet, self.cell)

    @property
    def place(self) -> str:
        """The file's name and the location, for a finding shown away from its file (the round status)."""
        name = self.file.replace("\\", "/").rsplit("/", 1)[-1] if self.file else ""
        return " ".join(part for part in (name, self.location) if part)

    def message(self, lang: str) -> str:
        return self.type.message(lang).format_map(_rendered(self.params, lang))

    def fix(self, lang: str) -> str:
        return self.type.fix(lang).format_map(_rendered(self.params, lang))

    def as_dict(self, lang: str) -> dict[str, Any]:
        return {
            "code": self.code,
            "severity": self.severity,
            "file": self.file,
            "sheet": self.sheet,
            "cell": self.cell,
            "location": self.location,
            "field": self.field,
            "params": {k: v(lang) if isinstance(v, Text) else v for k, v in self.params.items()},
            "message": self.message(lang),
            "fix": self.fix(lang),
        }


class _Missing(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _rendered(params: Mapping[str, Any], lang: str) -> dict[str, str]:
    # A parameter may be text from a file (a cell, a CSV field): a NUL byte or an escape sequence in
    # it is shown, never sent to the terminal or log as it is.
    return _Missing({k: visible(v(lang) if isinstance(v, Text) else format_number(v, lang)) for k, v in params.items()})


def first_issues(issues: Sequence[Issue], limit: int, where_all: Text) -> tuple[Sequence[Issue], Text | None]:
    """At most ``limit`` findings to print one a line, and a line counting the rest by code (``None``: none left).

    A file with a hundred thousand findings must not bury the terminal for half a minute; the rest is
    counted, never dropped without a word, and ``where_all`` says where every finding can be read.
    """
    if len(issues) <= limit:
        return issues, None
    counts = Counter(issue.code for issue in issues[limit:])
    more = ", ..." if len(counts) > 5 else ""
    codes = {lang: ", ".join(f"{code} {format_number(n, lang)}" for code, n in counts.most_common(5)) + more
             for lang in ("da", "en")}
    rest = len(issues) - limit
    return issues[:limit], Text(
        f"  ... og {format_number(rest, 'da')} fund mere ({codes['da']}); alle: {where_all.da}",
        f"  ... and {format_number(rest, 'en')} more findings ({codes['en']}); all of them: {where_all.en}")


def has_errors(issues: Iterable[Issue]) -> bool:
    return any(issue.severity == "error" for issue in issues)


def sorted_issues(issues: Iterable[Issue], sheet_order: Sequence[str] = ()) -> list[Issue]:
    """File-level issues first, then by sheet in workbook order, row, column and code."""
    position = {name: index for index, name in enumerate(sheet_order)}

    def key(issue: Issue) -> tuple:
        row, col = parse_ref(issue.cell) if issue.cell else (-1, -1)
        sheet_index = -1 if issue.sheet is None else position.get(issue.sheet, len(position))
        return (issue.file, sheet_index, issue.sheet or "", row, col, issue.code)

    return sorted(issues, key=key)
