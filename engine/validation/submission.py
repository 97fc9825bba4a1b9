"""A filled workbook as the engine sees it: typed values that remember their cells."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from engine.spec import Domain
from engine.workbook.cells import cell_ref, location

PARTICIPANT_SEPARATOR = "|"


@dataclass
class Value:
    """One input cell: where it is, what was read, and its typed value.

    ``value`` is ``None`` when the cell is empty or failed validation, so rules
    only ever see values that passed their field's checks.
    """

    sheet: str
    row: int
    col: int
    raw: Any
    value: Any = None

    @property
    def ref(self) -> str:
        return cell_ref(self.row, self.col)

    @property
    def location(self) -> str:
        return location(self.sheet, self.ref)


@dataclass
class Submission:
    """What one workbook says, keyed by declared ids (never by row position)."""

    path: str
    domain: Domain
    language: str
    version: str
    sheet_names: dict[str, str] = field(default_factory=dict)
    form: dict[str, Value] = field(default_factory=dict)
    # Table sheets by row key (FIN-001); record sheets by their composite key (S07|2026-03-04).
    tables: dict[str, dict[str, dict[str, Value]]] = field(default_factory=dict)

    @property
    def participant(self) -> Any:
        """The participant's key: its participant field, joined with the detail field where declared."""
        value = self.form.get(self.domain.participant_field)
        key = value.value if value else None
        if key is None or self.domain.participant_detail is None:
            return key
        detail = self.form_value(self.domain.participant_detail)
        return None if detail is None else f"{key}{PARTICIPANT_SEPARATOR}{detail}"

    def form_value(self, field_id: str) -> Any:
        value = self.form.get(field_id)
        return value.value if value else None

    @property
    def round_year(self) -> int | None:
        """The year of the domain's ``year_field``: the value itself, or a date's year."""
        year_field = self.domain.year_field
        value = self.form_value(year_field) if year_field else None
        return value.year if isinstance(value, dt.date) else value
