"""One kind of finding: its stable code, severity, group and the texts people read (the catalogue's building block)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from engine.text import Text

Severity = Literal["error", "warning"]


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
