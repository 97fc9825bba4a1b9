"""What a template's input message and error alert say about a field: the rule it must meet, in words."""

from __future__ import annotations

import datetime as dt

from engine.spec import Field
from engine.text import Text, Ungrouped, format_number
from engine.validation.checks import ungrouped

# The dates a date cell accepts when its field declares no bounds of its own.
DATE_WINDOW = (dt.date(2000, 1, 1), dt.date(2099, 12, 31))


def allowed_description(field: Field, lang: str) -> str:
    def n(value):
        # A year reads 2026 in the alert, as in its cell, not 2.026.
        return format_number(Ungrouped(value) if ungrouped(field) else value, lang)

    if field.type in ("integer", "number"):
        kind = Text("et helt tal", "a whole number")(lang) if field.type == "integer" else Text("et tal", "a number")(lang)
        if field.minimum is not None and field.maximum is not None:
            rng = Text(f" mellem {n(field.minimum)} og {n(field.maximum)}", f" between {n(field.minimum)} and {n(field.maximum)}")
        elif field.minimum is not None:
            rng = Text(f" på mindst {n(field.minimum)}", f" of at least {n(field.minimum)}")
        else:
            rng = Text("", "")
        return Text(f"Skriv {kind}{rng.da}.", f"Enter {kind}{rng.en}.")(lang)
    if field.type == "choice":
        return Text("Vælg en værdi fra listen.", "Pick a value from the list.")(lang)
    if field.type == "date":
        low = field.minimum if field.minimum is not None else DATE_WINDOW[0]
        high = field.maximum if field.maximum is not None else DATE_WINDOW[1]
        return Text(f"Skriv en dato som dd-mm-åååå (fx 04-03-2026) mellem {low:%d-%m-%Y} og {high:%d-%m-%Y}.",
                    f"Enter a date as dd-mm-yyyy (e.g. 04-03-2026) between {low:%d-%m-%Y} and {high:%d-%m-%Y}.")(lang)
    if field.type == "email":
        return Text("Det ligner ikke en e-mailadresse.", "This does not look like an e-mail address.")(lang)
    if field.max_length:
        return Text(f"Højst {field.max_length} tegn.", f"At most {field.max_length} characters.")(lang)
    return ""


def clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
