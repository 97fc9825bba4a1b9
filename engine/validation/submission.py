"""A filled workbook as the engine sees it: typed values that remember their cells.

A :class:`Submission` travels from a worker process (or a Dask worker) back to the parent in a
compact form: the domain by its id rather than its whole declaration, and the table values as one
packed byte string that the parent unpacks only when something reads ``tables``. Storing a
submission reads the packed values straight into store rows (:meth:`Submission.value_rows`), so a
batch of a thousand workbooks never holds a million value objects in the parent.
"""

from __future__ import annotations

import copyreg
import dataclasses
import datetime as dt
import pickle
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from engine.identity import identity
from engine.spec import Domain
from engine.workbook.cells import cell_ref, location

PARTICIPANT_SEPARATOR = "|"


@dataclass(slots=True)
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


class Submission:
    """What one workbook says, keyed by declared ids (never by row position)."""

    def __init__(self, path: str, domain: Domain, language: str, version: str,
                 sheet_names: dict[str, str] | None = None, form: dict[str, Value] | None = None,
                 tables: dict[str, dict[str, dict[str, Value]]] | None = None) -> None:
        self.path = path
        self.domain = domain
        self.language = language
        self.version = version
        self.sheet_names: dict[str, str] = sheet_names if sheet_names is not None else {}
        self.form: dict[str, Value] = form if form is not None else {}
        self._tables = tables if tables is not None else {}
        self._packed: bytes | None = None  # the table values as they came from a worker, not yet unpacked

    @property
    def tables(self) -> dict[str, dict[str, dict[str, Value]]]:
        """Table sheets by row key (FIN-001); record sheets by their composite key (S07|2026-03-04)."""
        if self._packed is not None:
            self._tables = _unpack_tables(self._packed)
            self._packed = None
        return self._tables

    @property
    def participant(self) -> Any:
        """The participant's key: its participant field, joined with the detail field where declared."""
        value = self.form.get(self.domain.participant_field)
        key = value.value if value else None
        if key is None or self.domain.participant_detail is None:
            return key
        detail = self.form_value(self.domain.participant_detail)
        return None if detail is None else f"{key}{PARTICIPANT_SEPARATOR}{detail}"

    @property
    def participant_identity(self) -> str | None:
        """The participant's key compared the way people mean it (:func:`engine.identity.identity`):
        ``101|Afdeling A`` and ``101|afdeling  a`` are one participant."""
        key = self.participant
        return None if key is None else identity(key)

    def form_value(self, field_id: str) -> Any:
        value = self.form.get(field_id)
        return value.value if value else None

    @property
    def round_year(self) -> int | None:
        """The year of the domain's ``year_field``: the value itself, or a date's year."""
        year_field = self.domain.year_field
        value = self.form_value(year_field) if year_field else None
        return value.year if isinstance(value, dt.date) else value

    def value_rows(self) -> list[tuple]:
        """(sheet_id, row_key, field_id, number, text, location) of every typed value, as the store keeps them.

        An empty optional cell is not a value. Packed table values are read without unpacking them
        into :class:`Value` objects.
        """
        rows = [(self._form_sheet_id(value_id), "", value_id, *_number_or_text(value.value), value.location)
                for value_id, value in self.form.items() if value.value is not None]
        if self._packed is not None:
            entries = pickle.loads(self._packed)
        else:
            entries = [(sheet_id, row_key, field_id, value.sheet, value.row, value.col, value.raw, value.value)
                       for sheet_id, table in self._tables.items() for row_key, fields in table.items()
                       for field_id, value in fields.items()]
        # A thousand values a workbook: the common types are split inline, the location comes from a cache.
        rows += [(sheet_id, row_key, field_id, float(typed), None, _location(sheet, row, col))
                 if type(typed) is float or type(typed) is int else
                 (sheet_id, row_key, field_id, *_number_or_text(typed), _location(sheet, row, col))
                 for sheet_id, row_key, field_id, sheet, row, col, _, typed in entries if typed is not None]
        return rows

    def pack(self) -> None:
        """Keep the table values as one byte string until something reads ``tables`` (a batch's parent holds many)."""
        if self._packed is None:
            self._packed, self._tables = _pack_tables(self._tables), {}

    def _form_sheet_id(self, field_id: str) -> str:
        sheet, _ = self.domain.form_field(field_id)
        return sheet.id

    def __reduce__(self):
        packed = self._packed if self._packed is not None else _pack_tables(self._tables)
        return _rebuild, (self.path, self.domain, self.language, self.version, self.sheet_names, self.form, packed)

    def __repr__(self) -> str:
        return f"Submission({self.path!r}, {self.domain.id!r}, {self.language!r}, {self.version!r})"


def _pack_tables(tables: dict[str, dict[str, dict[str, Value]]]) -> bytes:
    # Flat tuples in one pickle: repeated strings (sheet, field ids) are memoised, numbers take 9 bytes.
    return pickle.dumps([(sheet_id, row_key, field_id, v.sheet, v.row, v.col, v.raw, v.value)
                         for sheet_id, rows in tables.items() for row_key, fields in rows.items()
                         for field_id, v in fields.items()], protocol=pickle.HIGHEST_PROTOCOL)


def _unpack_tables(packed: bytes) -> dict[str, dict[str, dict[str, Value]]]:
    tables: dict[str, dict[str, dict[str, Value]]] = {}
    for sheet_id, row_key, field_id, sheet, row, col, raw, typed in pickle.loads(packed):
        tables.setdefault(sheet_id, {}).setdefault(row_key, {})[field_id] = Value(sheet, row, col, raw, typed)
    return tables


def _rebuild(path: str, domain: Domain, language: str, version: str, sheet_names: dict[str, str],
             form: dict[str, Value], packed: bytes) -> Submission:
    submission = Submission(path, domain, language, version, sheet_names, form)
    submission._packed = packed
    return submission


@lru_cache(maxsize=1 << 16)
def _location(sheet: str, row: int, col: int) -> str:
    # Every submission of a template has its values at the same cells: the cache nearly always hits.
    return location(sheet, cell_ref(row, col))


def _number_or_text(value: Any) -> tuple[float | None, str | None]:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value), None
    return None, str(value)


def _pickle_domain(domain: Domain):
    # A registered domain travels to and from worker processes by its id, not as its whole
    # declaration (which would otherwise be most of a pickled result); an ad-hoc one as itself.
    from engine.benchmarks import DOMAIN_IDS, get_domain

    if domain.id in DOMAIN_IDS and get_domain(domain.id) is domain:
        return get_domain, (domain.id,)
    return Domain, tuple(getattr(domain, f.name) for f in dataclasses.fields(domain))


copyreg.pickle(Domain, _pickle_domain)
