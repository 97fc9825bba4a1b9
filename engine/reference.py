"""Reference lists shared by the benchmarks: Denmark's 98 municipalities."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources

from engine.spec import Choice
from engine.text import Text


def read_data_csv(name: str, package: str = "engine") -> list[dict[str, str]]:
    """Rows of a CSV file shipped in ``data/`` of ``package``: ``engine/data`` (shared by the
    benchmarks) by default, a benchmark's own folder with e.g. ``"engine.benchmarks.administration"``."""
    with resources.files(package).joinpath("data", name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@dataclass(frozen=True)
class Municipality:
    code: str
    name: str
    region: str
    inhabitants_approx: int  # rounded; only for plausible synthetic data, never for results


@cache
def municipalities() -> dict[str, Municipality]:
    return {row["code"]: Municipality(row["code"], row["name_da"], row["region"], int(row["inhabitants_approx"]))
            for row in read_data_csv("municipalities.csv")}


@cache
def municipality_choices() -> tuple[Choice, ...]:
    """The municipalities as choices: id is the official three-digit code, label the name."""
    rows = read_data_csv("municipalities.csv")
    return tuple(
        Choice(row["code"], Text(row["name_da"], row["name_da"]))
        for row in sorted(rows, key=lambda row: danish_sort_key(row["name_da"]))
    )


def danish_sort_key(text: str) -> str:
    """Sort key for Danish alphabetical order: ... z, æ, ø, å (and "aa" as "å").

    >>> sorted(["Aarhus", "Ærø", "Odense", "Åbenrå"], key=danish_sort_key)
    ['Odense', 'Ærø', 'Aarhus', 'Åbenrå']
    """
    lowered = text.lower().replace("aa", "å")
    return lowered.translate(str.maketrans({"æ": "{", "ø": "|", "å": "}"}))
