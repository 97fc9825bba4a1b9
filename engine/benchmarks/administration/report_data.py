"""The administration round split by municipality once, for all its reports (:mod:`engine.report.rounds`).

Each report used to filter the whole round's category and process frames and convert its slice to
records; for a round of 98 municipalities that was about a tenth of a report's CPU.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from engine.benchmarks.administration.compute import AREAS, SCORES, AdministrationResults
from engine.report.rounds import per_round

PREVIOUS_COLUMNS = tuple(f"prev_{score}" for score in (*SCORES, "fte_norm"))
# The columns of the process sheet, in the order the sheet writes them.
PROCESS_COLUMNS = ("process_id", "area", "category_id", "centralisation", "digital_process", "digital_solution",
                   "fte", "comment", "location_centralisation")


@dataclass(frozen=True)
class Municipality:
    """One municipality's part of the round, as its report reads it."""

    rows: dict[str, list[dict]]     # area -> category records in catalogue order, the total last
    process_rows: list[tuple]       # its process rows in submission order, as plain tuples of PROCESS_COLUMNS
    has_previous: bool              # some figure of last year's round exists for it


@dataclass(frozen=True)
class RoundData:
    municipalities: dict[str, Municipality]
    consenting: tuple[tuple[str, str], ...]  # (code, name) of the participants who consented to be named


def round_data(results: AdministrationResults) -> RoundData:
    """The round's per-municipality data, built on the first report of the round."""
    return per_round(results, _build)


def _build(results: AdministrationResults) -> RoundData:
    categories = results.categories.sort_values(["participant", "area", "position"])
    with_previous = all(column in categories for column in PREVIOUS_COLUMNS)
    records = {code: [] for code in results.participants.index}
    for record in categories.to_dict("records"):
        records.setdefault(record["participant"], []).append(record)
    processes = results.processes
    # Column by column as Python lists: iterating the rows of a frame with string columns costs a
    # pandas scalar lookup per cell.
    plain = processes.reindex(columns=PROCESS_COLUMNS)
    columns = [plain[column].astype(object).tolist() for column in PROCESS_COLUMNS]
    process_rows: dict[str, list[tuple]] = {code: [] for code in records}
    for participant, row in zip(processes["participant"].tolist(), zip(*columns)):
        process_rows.setdefault(participant, []).append(row)
    municipalities = {}
    for code, own in records.items():
        has_previous = with_previous and any(
            not pd.isna(record[column]) for record in own for column in PREVIOUS_COLUMNS)
        municipalities[code] = Municipality(
            rows={area: [record for record in own if record["area"] == area] for area in AREAS},
            process_rows=process_rows.get(code, []),
            has_previous=has_previous)
    people = results.participants
    consenting = tuple((str(code), str(name)) for code, name, consent in
                       zip(people.index, people["name"], people["consent"]) if bool(consent))
    return RoundData(municipalities, consenting)
