"""Bilingual text and Danish/English number formatting for people-facing output."""

from __future__ import annotations

from dataclasses import dataclass

LANGUAGES = ("da", "en")
DEFAULT_LANGUAGE = "da"


@dataclass(frozen=True)
class Text:
    """A piece of text shown to people, in Danish and English.

    >>> Text("Årsværk", "FTE")("en")
    'FTE'
    """

    da: str
    en: str

    def __call__(self, lang: str) -> str:
        if lang not in LANGUAGES:
            raise ValueError(f"unknown language {lang!r}: expected one of {', '.join(LANGUAGES)}")
        return self.da if lang == "da" else self.en


EMPTY = Text("", "")


def format_number(value: object, lang: str) -> str:
    """Format a number the way a reader of ``lang`` expects (Danish: 1.234,5).

    >>> format_number(1234.5, "da"), format_number(1234.5, "en"), format_number(3.0, "da")
    ('1.234,5', '1,234.5', '3')
    """
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    if float(value).is_integer():
        text = f"{int(value):,}"
    else:
        text = f"{value:,.6f}".rstrip("0").rstrip(".")
    if lang == "da":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text
