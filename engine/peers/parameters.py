"""Method parameters from a round's configuration file (TOML), shared by every benchmark."""

from __future__ import annotations

import tomllib
from dataclasses import fields, replace
from pathlib import Path
from typing import TypeVar

from engine.text import Text

P = TypeVar("P")


class ConfigError(ValueError):
    """A round configuration that cannot be used; ``text`` says why in Danish and English."""

    def __init__(self, text: Text) -> None:
        super().__init__(text.en)
        self.text = text


def parameters_from_toml(defaults: P, path: str | Path, section_name: str) -> P:
    """``defaults`` with the settings of ``[section_name]`` in ``path`` applied.

    Unknown keys are an error (a misspelt setting must not be silently ignored); ``consented``
    becomes a tuple of participant ids as strings; settings whose default is a float are read
    as floats so ``cost_per_fte = 600000`` keeps its type.
    """
    with open(path, "rb") as handle:
        section = dict(tomllib.load(handle).get(section_name, {}))
    known = {f.name: f for f in fields(defaults)}
    unknown = set(section) - set(known)
    if unknown:
        names, all_known = ", ".join(sorted(unknown)), ", ".join(sorted(known))
        raise ConfigError(Text(f"{path}: ukendt indstilling {names} i [{section_name}]; kendte: {all_known}",
                               f"{path}: unknown setting(s) {names} in [{section_name}]; known: {all_known}"))
    if "consented" in section:
        section["consented"] = tuple(str(code) for code in section["consented"])
    for name, value in section.items():
        if isinstance(getattr(defaults, name), float) and isinstance(value, int):
            section[name] = float(value)
    return replace(defaults, **section)
