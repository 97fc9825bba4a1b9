"""Check one entered value against its declared field.

:func:`check_value` turns what a cell holds into the field's typed value, or
into the code and parameters of the single issue that explains why it cannot.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from engine.identity import identity, key_value
from engine.spec import Field
from engine.text import Ungrouped

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")

# The allowed range of a number field that declares no bound of its own: no figure in any template
# reaches a billion (amounts that may, such as konto 5 budgets, declare their own maximum), so a
# value beyond it (1e308, a pasted account number) is an error at its cell, never stored.
MAGNITUDE_LIMIT = 1e9


@dataclass(frozen=True)
class Finding:
    code: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Checked:
    """The typed value (``None`` if missing or invalid) and the findings about it."""

    value: Any
    findings: tuple[Finding, ...] = ()


def is_blank(raw: Any) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


def check_value(field: Field, raw: Any, lang: str, formula: str | None = None) -> Checked:
    """Validate ``raw`` (as read from the cell) for ``field``.

    >>> from engine.spec import Field
    >>> from engine.text import Text
    >>> level = Field("c", Text("Grad", "Level"), "integer", minimum=0, maximum=3)
    >>> check_value(level, 2.0, "da").value
    2
    >>> check_value(level, 4.0, "da").findings[0].code
    'out-of-range'
    """
    label = field.label(lang)
    if formula is not None:
        return Checked(None, (Finding("formula-in-input", {"field": label, "formula": formula}),))
    if is_blank(raw):
        return Checked(None, (Finding("required-missing", {"field": label}),) if field.required else ())
    if field.is_numeric:
        return _check_number(field, raw, label)
    if field.type == "choice":
        return _check_choice(field, raw, label)
    if field.type == "date":
        return _check_date(field, raw, label)
    text = _as_text(raw) if field.identity is None else key_value(field.identity, _as_text(raw))
    if field.max_length is not None and len(text) > field.max_length:
        return Checked(None, (Finding("text-too-long", {"field": label, "maximum": field.max_length,
                                                        "length": len(text)}),))
    if field.type == "email" and not _EMAIL.match(text):
        return Checked(text, (Finding("invalid-email", {"field": label, "found": text}),))
    return Checked(text)


NEEDS_CHECK = object()  # what a quick check gives for a cell that only check_value can judge


def quick_check(field: Field) -> Callable[[Any], Any]:
    """A function of a raw cell (no formula in it): its typed value when :func:`check_value` would
    accept it without any finding, else :data:`NEEDS_CHECK`.

    Nearly every cell of a filled workbook is a plain valid value; this answers those with a few
    comparisons set up once per field, and leaves everything else (wrong types, bounds, blanks that
    are required, dates) to ``check_value``, so the findings come from one place.

    >>> from engine.spec import Field
    >>> from engine.text import Text
    >>> level = quick_check(Field("c", Text("Grad", "Level"), "integer", minimum=0, maximum=3))
    >>> level(2.0), level(4.0) is NEEDS_CHECK, level("2") is NEEDS_CHECK
    (2, True, True)
    """
    blank = NEEDS_CHECK if field.required else None
    if field.is_numeric:
        # Allowed and plausible bounds together: a value inside both has no finding at all.
        allowed_low, allowed_high = allowed_range(field)
        low = max(b for b in (allowed_low, field.plausible_minimum) if b is not None)
        high = min(b for b in (allowed_high, field.plausible_maximum) if b is not None)
        integer = field.type == "integer"

        def number(raw: Any) -> Any:
            # Exactly float: what the reader gives for a number cell (bool and int take the full check).
            if type(raw) is float and -math.inf < raw < math.inf:
                if integer:
                    if not raw.is_integer():
                        return NEEDS_CHECK
                    raw = int(raw)
                return raw if low <= raw <= high else NEEDS_CHECK
            return blank if raw == "" else NEEDS_CHECK
        return number
    if field.type == "choice":
        choices: dict[str, str] = {}
        for choice in field.choices:  # the first choice any of whose spellings matches, as _check_choice
            for spelling in (choice.id, choice.label.da, choice.label.en):
                choices.setdefault(identity(spelling), choice.id)

        def choice_id(raw: Any) -> Any:
            if type(raw) is str and raw.strip():
                return choices.get(identity(raw), NEEDS_CHECK)
            return blank if raw == "" else NEEDS_CHECK
        return choice_id
    if field.type in ("text", "email"):
        longest, email, kind = field.max_length, field.type == "email", field.identity

        def text(raw: Any) -> Any:
            if type(raw) is str and raw.strip():
                if kind is not None:  # a typed key: its normal form, the same however it was typed
                    raw = key_value(kind, raw)
                if (longest is not None and len(raw) > longest) or (email and not _EMAIL.match(raw)):
                    return NEEDS_CHECK
                return raw
            return blank if raw == "" else NEEDS_CHECK
        return text
    return lambda raw: blank if raw == "" else NEEDS_CHECK


def _check_number(field: Field, raw: Any, label: str) -> Checked:
    if isinstance(raw, bool) or not isinstance(raw, (int, float)):
        return Checked(None, (Finding("not-a-number", {"field": label, "found": _as_text(raw)}),))
    if not math.isfinite(raw):  # NaN or infinity, stored in the file as text a reader parses
        return Checked(None, (Finding("number-not-finite", {"field": label, "found": _as_text(raw)}),))
    if field.type == "integer":
        if not float(raw).is_integer():
            return Checked(None, (Finding("not-an-integer", {"field": label, "found": raw}),))
        raw = int(raw)
    return _check_bounds(field, raw, label)


def _check_date(field: Field, raw: Any, label: str) -> Checked:
    # Only a real date cell counts: text such as "4/3/2026" is ambiguous (April or March?)
    # and a bare number is a serial that nobody meant to type.
    if isinstance(raw, dt.datetime):
        raw = raw.date()
    if not isinstance(raw, dt.date):
        return Checked(None, (Finding("not-a-date", {"field": label, "found": _as_text(raw)}),))
    return _check_bounds(field, raw, label)


def allowed_range(field: Field) -> tuple[Any, Any]:
    """The declared minimum and maximum of a number field, :data:`MAGNITUDE_LIMIT` where none is declared
    (a date field's bounds as declared, ``None`` where there is none)."""
    if not field.is_numeric:
        return field.minimum, field.maximum
    return (field.minimum if field.minimum is not None else -MAGNITUDE_LIMIT,
            field.maximum if field.maximum is not None else MAGNITUDE_LIMIT)


def _check_bounds(field: Field, raw: Any, label: str) -> Checked:
    """Allowed range (an error outside) and plausible band (a warning outside) of a number or date."""
    minimum, maximum = allowed_range(field)
    too_low = minimum is not None and raw < minimum
    too_high = maximum is not None and raw > maximum
    found = _param(raw, field)
    if too_low and field.maximum is None and not too_high:
        return Checked(None, (Finding("below-minimum", {"field": label, "found": found,
                                                        "minimum": _param(minimum, field)}),))
    if too_low or too_high:
        return Checked(None, (Finding("out-of-range", {
            "field": label, "found": found,
            "minimum": _param(minimum, field) if minimum is not None else "-∞",
            "maximum": _param(maximum, field) if maximum is not None else "∞"}),))
    low, high = field.plausible_minimum, field.plausible_maximum
    if (low is not None and raw < low) or (high is not None and raw > high):
        return Checked(raw, (Finding("implausible-value", {
            "field": label, "found": found,
            "minimum": _param(low, field) if low is not None else "-∞",
            "maximum": _param(high, field) if high is not None else "∞"}),))
    return Checked(raw)


def _param(value: Any, field: Field) -> Any:
    """Issue parameters stay JSON-friendly: a date becomes its ISO text (2026-03-04).

    A whole number of a field shown without thousands separators (a year: 2026) is marked so
    the message shows it the same way, not as 2.026.
    """
    if isinstance(value, dt.date):
        return value.isoformat()
    if ungrouped(field) and isinstance(value, (int, float)) and float(value).is_integer():
        return Ungrouped(int(value))
    return value


def ungrouped(field: Field) -> bool:
    """Whether the field's numbers are shown without thousands separators (number format "0")."""
    return field.number_format == "0"


def _check_choice(field: Field, raw: Any, label: str) -> Checked:
    text = identity(_as_text(raw))
    for choice in field.choices:
        if text in (identity(choice.id), identity(choice.label.da), identity(choice.label.en)):
            return Checked(choice.id)
    return Checked(None, (Finding("not-in-list", {"field": label, "found": _as_text(raw)}),))


def _as_text(raw: Any) -> str:
    if isinstance(raw, float) and not math.isfinite(raw):
        return "NaN" if math.isnan(raw) else ("Infinity" if raw > 0 else "-Infinity")
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    if isinstance(raw, (dt.date, dt.time, dt.datetime)):
        return raw.isoformat()
    return str(raw)
