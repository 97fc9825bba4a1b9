"""The building blocks a benchmark domain is declared with.

A domain (administration, botilbud, jobcenter) is declared once, as data made of
these classes. The template generator, the validator and (later) the reports are
all derived from that declaration, so the three cannot drift apart.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal, Union

from engine.identity import Kind
from engine.text import EMPTY, Text

if TYPE_CHECKING:
    from engine.validation.issues import Issue
    from engine.validation.submission import Submission

FieldType = Literal["text", "integer", "number", "choice", "email", "date"]


@dataclass(frozen=True)
class Choice:
    """One allowed value of a choice field: a stable id and its labels."""

    id: str
    label: Text


@dataclass(frozen=True)
class Field:
    """One input: a cell on a form sheet or a column of a table sheet.

    ``minimum``/``maximum`` bound what is allowed (an error outside);
    ``plausible_minimum``/``plausible_maximum`` bound what is believable
    (a warning outside). A ``date`` field takes ``datetime.date`` bounds, so a
    mistyped year (2206) is caught in the cell, before any domain rule runs.
    """

    id: str
    label: Text
    type: FieldType
    unit: Text = EMPTY
    help: Text = EMPTY
    required: bool = True
    minimum: float | dt.date | None = None
    maximum: float | dt.date | None = None
    plausible_minimum: float | None = None
    plausible_maximum: float | None = None
    choices: tuple[Choice, ...] = ()
    max_length: int | None = None
    width: float = 14
    number_format: str | None = None  # Excel format of the input cell; None: by type
    # A key people type (engine.identity): "code" is read in its normal form (BO-9100 for bo-9100),
    # "name" trimmed and NFC with its case kept, and matched case-insensitively wherever it is joined.
    identity: Kind | None = None

    def __post_init__(self) -> None:
        if self.type == "choice" and not self.choices:
            raise ValueError(f"choice field {self.id!r} declares no choices")
        if self.type != "choice" and self.choices:
            raise ValueError(f"field {self.id!r} of type {self.type!r} cannot declare choices")
        bounds = (self.minimum, self.maximum, self.plausible_minimum, self.plausible_maximum)
        if self.type == "date" and not all(b is None or isinstance(b, dt.date) for b in bounds):
            raise ValueError(f"date field {self.id!r} needs datetime.date bounds")
        if self.type != "date" and any(isinstance(b, dt.date) for b in bounds):
            raise ValueError(f"field {self.id!r} of type {self.type!r} cannot have date bounds")
        if self.identity is not None and self.type != "text":
            raise ValueError(f"field {self.id!r}: only a text field can be a typed key (identity)")

    @property
    def is_numeric(self) -> bool:
        return self.type in ("integer", "number")


@dataclass(frozen=True)
class FormSheet:
    """A sheet of single values: one field a row, label left, input right."""

    id: str
    name: Text
    heading: Text
    fields: tuple[Field, ...]
    intro: Text = EMPTY


@dataclass(frozen=True)
class RowItem:
    """A fixed row of a table sheet, e.g. one process of the catalogue."""

    key: str
    group_id: str
    group: Text
    label: Text
    # A given row holds values the consultant prefills (e.g. an accounts total): locked and blue in the
    # template, read and checked like inputs. A row ``part_of`` a given row splits its amounts: per
    # numeric column the parts must add up to the given row (a live check and a validation rule).
    given: bool = False
    part_of: str | None = None


@dataclass(frozen=True)
class TableSheet:
    """A sheet of fixed rows identified by a key column, with the same inputs on every row.

    Rows are matched by key, never by position, so a reordered sheet still reads right.
    ``total_fields`` get a live sum above the table; ``answer_fields`` are the inputs
    that make a row count as answered.
    """

    id: str
    name: Text
    heading: Text
    key_header: Text
    group_header: Text
    label_header: Text
    rows: tuple[RowItem, ...]
    columns: tuple[Field, ...]
    intro: Text = EMPTY
    total_fields: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        keys = {item.key: item for item in self.rows}
        for item in self.rows:
            if item.part_of is not None and (item.part_of not in keys or not keys[item.part_of].given):
                raise ValueError(f"table sheet {self.id!r}: row {item.key!r} is part of {item.part_of!r}, "
                                 "which is not a given row of the sheet")

    @property
    def answer_fields(self) -> tuple[Field, ...]:
        return tuple(f for f in self.columns if f.required)

    def parts(self, key: str) -> tuple[RowItem, ...]:
        """The rows that split the given row ``key``."""
        return tuple(item for item in self.rows if item.part_of == key)

    @property
    def split_rows(self) -> tuple[RowItem, ...]:
        """Given rows that are split into parts."""
        return tuple(item for item in self.rows if item.given and self.parts(item.key))


@dataclass(frozen=True)
class SumColumn:
    """A live formula column of a record sheet: the sum of some input columns of the same row.

    It is not an input: the template computes it, so a total can never disagree with its parts.
    The validator recomputes it from the inputs and reports a formula replaced by a typed value.
    ``maximum`` and the plausible band are shown live (conditional formats) and are for the
    domain's rules to check, which can say more than a generic range message.
    """

    id: str
    label: Text
    fields: tuple[str, ...]
    help: Text = EMPTY
    maximum: float | None = None
    plausible_minimum: float | None = None
    plausible_maximum: float | None = None
    width: float = 12


@dataclass(frozen=True)
class GroupSum:
    """A live formula column of a record sheet: the sum of ``field`` over all rows with this row's ``group``.

    E.g. an employee's shares of working time over all their rows, which must be ``target`` (100 %).
    Shown red while it differs; the front sheet counts the groups (employees) under ``count_label``
    and those whose total differs under ``check_label``; the domain's rules check it, located at the
    group's rows. ``field`` is added up per group only: the sheet shows no total of it across groups
    (percentages of different employees add up to nothing).
    """

    id: str
    label: Text
    group: str
    field: str
    target: float
    check_label: Text = EMPTY
    width: float = 14
    count_label: Text = EMPTY


@dataclass(frozen=True)
class RecordSheet:
    """A sheet of free rows: one row per record (e.g. a staff member on one day), up to ``max_rows``.

    Rows have no fixed keys: a row is identified by the typed values of its ``key`` fields
    (joined with ``|``, e.g. ``S07|2026-03-04``), so order and blank rows do not matter and a
    key that occurs twice is reported. ``sums`` are formula columns right of the inputs.
    """

    id: str
    name: Text
    heading: Text
    columns: tuple[Field, ...]
    key: tuple[str, ...]
    max_rows: int
    intro: Text = EMPTY
    sums: tuple[SumColumn, ...] = ()
    min_rows: int = 1
    group_sums: tuple[GroupSum, ...] = ()
    # Columns a prefilled template writes on rows to guide the filling (an employee's id on a few
    # rows): a row with nothing but these is an unused row, not a half-filled one.
    guide_fields: tuple[str, ...] = ()
    # Columns that only help to recognise a prefilled row (an employee's staff group and hours from
    # the staff list): written locked, never validated or read back, never part of a total.
    info_fields: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        ids = [f.id for f in self.columns]
        if len(ids) < 3:
            raise ValueError(f"record sheet {self.id!r} needs at least 3 columns (the live checks sit above them)")
        for key in self.key:
            if key not in ids or not self.column(key).required:
                raise ValueError(f"record sheet {self.id!r}: key {key!r} must be a required column")
        for total in self.sums:
            unknown = [f for f in total.fields if f not in ids or not self.column(f).is_numeric]
            if unknown:
                raise ValueError(f"record sheet {self.id!r}: sum {total.id!r} adds non-numeric or unknown {unknown}")
        for total in self.group_sums:
            if total.group not in ids or total.field not in ids or not self.column(total.field).is_numeric:
                raise ValueError(f"record sheet {self.id!r}: group sum {total.id!r} needs a column to group by "
                                 "and a numeric column to add")
        if any(f not in ids for f in self.guide_fields):
            raise ValueError(f"record sheet {self.id!r}: unknown guide fields {self.guide_fields}")
        if any(f not in ids or f in self.key or self.column(f).required for f in self.info_fields):
            raise ValueError(f"record sheet {self.id!r}: info fields {self.info_fields} must be optional "
                             "columns outside the key")

    @property
    def input_columns(self) -> tuple[Field, ...]:
        """The columns the filler types in and the validator reads (all but the info fields)."""
        return tuple(f for f in self.columns if f.id not in self.info_fields)

    @property
    def totalled_columns(self) -> tuple[Field, ...]:
        """Numeric inputs whose total across all rows means something (not those added up per group)."""
        per_group = {total.field for total in self.group_sums}
        return tuple(f for f in self.input_columns if f.is_numeric and f.id not in per_group)

    def column(self, field_id: str) -> Field:
        for f in self.columns:
            if f.id == field_id:
                return f
        raise KeyError(f"record sheet {self.id!r} has no column {field_id!r}")

    def sum_column(self, sum_id: str) -> SumColumn:
        for total in self.sums:
            if total.id == sum_id:
                return total
        raise KeyError(f"record sheet {self.id!r} has no sum column {sum_id!r}")


Sheet = Union[FormSheet, TableSheet, RecordSheet]
Rule = Callable[["Submission"], Iterable["Issue"]]


@dataclass(frozen=True)
class InstructionSection:
    heading: Text
    body: Text


@dataclass(frozen=True)
class Domain:
    """A benchmark: its template sheets, instructions and cross-field rules.

    ``participant_field`` names the form field that identifies a participant in a
    round (the same participant twice in one batch is an issue); ``year_field``
    the form field that must match the round a submission is ingested into: an
    integer year, or a date field whose year counts (a time registration's period
    start), so nobody types the same year twice.
    """

    id: str
    title: Text
    template_version: str
    sheets: tuple[Sheet, ...]
    participant_field: str
    year_field: str | None = None
    # A second form field that, with the participant field, identifies one submission: a department
    # of a municipality. The participant key is then ``<participant>|<detail>`` (``101|Ungeenheden``).
    participant_detail: str | None = None
    instructions: tuple[InstructionSection, ...] = ()
    rules: tuple[Rule, ...] = ()
    supported_versions: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        if not self.supported_versions:
            object.__setattr__(self, "supported_versions", (self.template_version,))
        seen: set[str] = set()
        for sheet in self.sheets:
            for f in _sheet_fields(sheet):
                if isinstance(sheet, FormSheet):
                    if f.id in seen:
                        raise ValueError(f"{self.id}: form field id {f.id!r} declared twice")
                    seen.add(f.id)
        if self.participant_field not in seen:
            raise ValueError(f"{self.id}: participant field {self.participant_field!r} is not a form field")
        if self.participant_detail is not None and self.participant_detail not in seen:
            raise ValueError(f"{self.id}: participant detail {self.participant_detail!r} is not a form field")

    def sheet(self, sheet_id: str) -> Sheet:
        for sheet in self.sheets:
            if sheet.id == sheet_id:
                return sheet
        raise KeyError(f"{self.id} has no sheet {sheet_id!r}")

    def form_field(self, field_id: str) -> tuple[FormSheet, Field]:
        for sheet in self.sheets:
            if isinstance(sheet, FormSheet):
                for f in sheet.fields:
                    if f.id == field_id:
                        return sheet, f
        raise KeyError(f"{self.id} has no form field {field_id!r}")


def _sheet_fields(sheet: Sheet) -> tuple[Field, ...]:
    return sheet.fields if isinstance(sheet, FormSheet) else sheet.columns
