"""The participants a round expects: from the prefill CSV (``--expected``) or the round configuration.

``kommunebench status`` and ``run`` match the stored round against this list, so the consultant sees
who has not answered.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from engine.status.model import status_spec
from engine.text import Text


class ExpectedListError(Exception):
    """The expected-participant list cannot be read; ``text`` (bilingual) names the file and the problem."""

    def __init__(self, text: Text) -> None:
        super().__init__(text.en)
        self.text = text


def expected_participants(benchmark: str, csv_path: Path | None, config: Path | None
                          ) -> tuple[list[str] | None, dict[str, str]]:
    """The expected participants (and names) from the prefill CSV, else the configuration; (None, {}) if neither."""
    if csv_path:
        return expected_from_csv(csv_path, benchmark)
    return (expected_from_config(config, benchmark) if config else None), {}


def expected_from_csv(path: Path, benchmark: str) -> tuple[list[str], dict[str, str]]:
    """Participant ids (and names, where a name column has them) from a prefill CSV.

    The column is the first document's participant field (``municipality``, ``facility_id``); a
    municipality may be given by code or name, as in the prefill CSV.
    """
    from engine.benchmarks import get_domain
    from engine.templates.prefill import PrefillError, read_csv_records
    from engine.validation.checks import check_value

    spec = status_spec(benchmark)
    domain = get_domain(spec.documents[0].domain)
    _, participant = domain.form_field(domain.participant_field)
    try:
        _, rows = read_csv_records(path)
    except PrefillError as error:
        raise ExpectedListError(error.text) from None
    ids: list[str] = []
    names: dict[str, str] = {}
    for line, row in enumerate(rows, start=2):
        row = {(k or "").strip(): (v or "").strip() for k, v in row.items()}
        if domain.participant_field not in row:
            raise ExpectedListError(Text(f"{path}: kolonnen {domain.participant_field!r} skal være der",
                                         f"{path}: the column {domain.participant_field!r} is required"))
        raw = row[domain.participant_field]
        if not raw:
            continue
        checked = check_value(participant, raw, "en")
        if checked.value is None:
            raise ExpectedListError(Text(f"{path}, linje {line}, kolonne {domain.participant_field}: {raw!r} er ikke "
                                         f"en kendt {participant.label.da.lower()}",
                                         f"{path}, line {line}, column {domain.participant_field}: {raw!r} is not "
                                         f"a known {participant.label.en.lower()}"))
        key = str(checked.value)
        ids.append(key)
        if spec.name_field and row.get(spec.name_field) and not participant.choices:
            names[key] = row[spec.name_field]
    return ids, names


def expected_from_config(path: Path, benchmark: str) -> list[str] | None:
    """``[expected] <benchmark> = [...]`` from a round configuration file; None if it has none."""
    try:
        with open(path, "rb") as handle:
            section = tomllib.load(handle).get("expected", {})
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise ExpectedListError(Text(f"{path}: konfigurationen kan ikke læses: {error}",
                                     f"{path}: cannot read the configuration: {error}")) from None
    example = 'administration = ["101", "751"]'
    if not isinstance(section, dict):
        raise ExpectedListError(Text(f"{path}: [expected] skal være en tabel, fx {example}",
                                     f"{path}: [expected] must be a table, e.g. {example}"))
    if benchmark not in section:
        return None
    values = section[benchmark]
    if not isinstance(values, list):
        raise ExpectedListError(Text(f"{path}: expected.{benchmark} skal være en liste af deltager-id'er",
                                     f"{path}: expected.{benchmark} must be a list of participant ids"))
    return [str(value) for value in values]
