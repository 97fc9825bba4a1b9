"""One kind of finding: its stable code, severity, group and the texts people read (the catalogue's building block)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from engine.text import Text

# An info finding is a note: what could not be checked (a department's allocation without its staff
# list). It never makes a file invalid, is never marked in a cell, and counts for no exit code.
Severity = Literal["error", "warning", "info"]


@dataclass(frozen=True)
class IssueType:
    code: str
    severity: Severity
    group: str
    title: Text
    message: Text
    fix: Text


def _t(da: str, en: str) -> Text:
    return Text(da, en)
