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


class Ungrouped(int):
    """A whole number read without thousands separators: a year, a code.

    >>> format_number(Ungrouped(2026), "da"), format_number(2026, "da")
    ('2026', '2.026')
    """

    __slots__ = ()

    def __reduce__(self):  # pickles (to worker processes) as itself, JSON as a plain int
        return (Ungrouped, (int(self),))


def visible(text: str) -> str:
    """``text`` with every control character (a NUL byte, an escape sequence) written as ``\\xNN``, so
    nothing a file holds can act on the terminal or a log that shows it; line breaks and tabs too.

    >>> visible("a\\x00b\\x1b[2J"), visible("Ærø")
    ('a\\\\x00b\\\\x1b[2J', 'Ærø')
    """
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else f"\\x{ord(c):02x}" if ord(c) < 256 else f"\\u{ord(c):04x}"
                   for c in text)


def counted(n: int, one: Text, many: Text) -> Text:
    """The count and the noun in the right number, in both languages.

    >>> files = (Text("fil", "file"), Text("filer", "files"))
    >>> counted(1, *files).da, counted(1200, *files).en
    ('1 fil', '1,200 files')
    """
    noun = one if n == 1 else many
    return Text(f"{format_number(n, 'da')} {noun.da}", f"{format_number(n, 'en')} {noun.en}")


def plural(n: int, one: Text, many: Text, lang: str) -> str:
    """:func:`counted` in one language: '1 fil', '2 filer'."""
    return counted(n, one, many)(lang)


def format_number(value: object, lang: str) -> str:
    """Format a number the way a reader of ``lang`` expects (Danish: 1.234,5).

    >>> format_number(1234.5, "da"), format_number(1234.5, "en"), format_number(3.0, "da")
    ('1.234,5', '1,234.5', '3')
    """
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, Ungrouped):
        return str(int(value))
    if float(value).is_integer():
        text = f"{int(value):,}"
    else:
        text = f"{value:,.6f}".rstrip("0").rstrip(".")
    if lang == "da":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text
