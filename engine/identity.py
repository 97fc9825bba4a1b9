"""The one identity rule for every key a person types: municipality, facility, department, employee, staff code.

A key is typed by many people in many workbooks, and ``BO-9100``, ``bo-9100`` and `` BO-9100 `` mean
one facility. So every key has a *normal form*, applied where a value is read (validation), kept in
the store, used in every join and in every output file name:

1. Unicode NFC (a decomposed ``å`` typed on one keyboard equals the composed one of another),
2. leading and trailing white space removed, and every inner run of white space (spaces, tabs,
   line breaks, non-breaking spaces) made one space,
3. for a case-insensitive key, the case folded.

Two kinds of typed key are declared on a field (:attr:`engine.spec.Field.identity`):

- ``"code"`` (facility id, employee id, staff code): case-insensitive, and its value *is* its normal
  form, written in capitals (``bo-9100`` is read as ``BO-9100``), so every join on it is exact;
- ``"name"`` (a department): case-insensitive, but read as typed apart from steps 1-2 so a report
  can show the spelling people chose; everything that matches names compares :func:`identity`.

Municipalities are choices, matched by :func:`identity` against their ids and labels.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import Literal

Kind = Literal["code", "name"]


def normal_text(text: object) -> str:
    """Steps 1-2 of the normal form: NFC, trimmed, inner white space one space; the case is kept.

    >>> normal_text("  Job og\\u00a0 Virksomhed\\n")
    'Job og Virksomhed'
    >>> normal_text("a\\u030a") == "\\u00e5"
    True
    """
    return " ".join(unicodedata.normalize("NFC", str(text)).split())


@lru_cache(maxsize=1 << 14)  # a workbook repeats its keys (an employee on several lines, a code on every day)
def identity(text: object) -> str:
    """The comparison key of a case-insensitive key: :func:`normal_text`, case-folded.

    Two spellings are one key exactly when their identities are equal.

    >>> identity(" Afdeling  A") == identity("afdeling a")
    True
    """
    return unicodedata.normalize("NFC", normal_text(text).casefold())


@lru_cache(maxsize=1 << 14)
def code_form(text: object) -> str:
    """The value of a ``"code"`` key: its identity in capitals, so one code has one spelling.

    >>> code_form(" e5610001  "), code_form("bo-9100"), code_form("BO-9100")
    ('E5610001', 'BO-9100', 'BO-9100')
    """
    return unicodedata.normalize("NFC", identity(text).upper())


def key_value(kind: Kind | None, text: object) -> str:
    """What a key field of ``kind`` reads as: the code form, the normal text, or (no kind) the text itself."""
    if kind == "code":
        return code_form(text)
    if kind == "name":
        return normal_text(text)
    return str(text)  # a choice or free text: as it is
