"""One prefilled template per participant, from a CSV file, ready to send out."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Mapping
from pathlib import Path

from engine.spec import Domain, Field, FormSheet
from engine.templates.writer import write_template
from engine.validation.checks import check_value, is_blank
from engine.text import Text, visible
from engine.workbook.output_paths import slug


class PrefillError(Exception):
    """The participants CSV cannot be used; the message (``text``, bilingual) names the line and column."""

    def __init__(self, text: Text | str) -> None:
        text = text if isinstance(text, Text) else Text(text, text)
        super().__init__(text.en)
        self.text = text


def write_prefilled(domain: Domain, csv_path: Path, out_dir: Path, lang: str = "da") -> list[Path]:
    """Write ``<domain>_<participant>_<name>.xlsx`` for each CSV row; columns are front-sheet field ids.

    Every row is checked before anything is written, so a bad CSV writes no files.
    """
    fields = front_fields(domain)
    columns, rows = read_csv_records(csv_path)
    unknown = [c for c in columns if c not in fields]
    if unknown:
        raise PrefillError(Text(f"{csv_path}: ukendt kolonne {', '.join(unknown)}; forventet er felter fra forsiden: "
                                f"{', '.join(fields)}",
                                f"{csv_path}: unknown column(s) {', '.join(unknown)}; "
                                f"expected front-sheet fields: {', '.join(fields)}"))
    if domain.participant_field not in columns:
        raise PrefillError(Text(f"{csv_path}: kolonnen {domain.participant_field!r} skal være der",
                                f"{csv_path}: the column {domain.participant_field!r} is required"))

    planned: list[tuple[Path, dict]] = []
    for row in rows:
        line = row.line
        values, key = prefilled_values(domain, row, Text(f"{csv_path}, linje {line}", f"{csv_path}, line {line}"))
        participant = fields[domain.participant_field][1]
        label = next((c.label(lang) for c in participant.choices if c.id == key), str(key))
        planned.append((out_dir / f"{domain.id}_{slug(str(key))}_{slug(label)}.xlsx", values))
    return [write_template(domain, path, lang, values) for path, values in planned]


def prefilled_values(domain: Domain, row: Mapping[str, object], where: Text | str) -> tuple[dict, object]:
    """Template values from one participant's front-sheet answers (field id -> text), and the participant key.

    Raises :class:`PrefillError` naming ``where`` (e.g. the CSV file and line) and the column when an
    answer is not valid.
    """
    where = where if isinstance(where, Text) else Text(where, where)
    fields = front_fields(domain)
    values = {}
    for column, raw in row.items():
        column = (column or "").strip()
        if is_blank(raw) or column not in fields:
            continue
        sheet, field = fields[column]
        text = str(raw).strip()
        checked = check_value(field, _typed(text, field), "en")
        errors = [f for f in checked.findings if f.code != "implausible-value"]
        if errors:
            raise PrefillError(Text(f"{where.da}, kolonne {column}: {text!r} er ikke gyldig ({errors[0].code})",
                                    f"{where.en}, column {column}: {text!r} is not valid ({errors[0].code})"))
        values[(sheet.id, field.id)] = checked.value
    participant_sheet, _ = fields[domain.participant_field]
    key = values.get((participant_sheet.id, domain.participant_field))
    if key is None:
        raise PrefillError(Text(f"{where.da}: {domain.participant_field} er tom",
                                f"{where.en}: {domain.participant_field} is empty"))
    return values, key


def front_fields(domain: Domain) -> dict[str, tuple[FormSheet, Field]]:
    """Field id -> (sheet, field) of every front-sheet field: what a participant can be prefilled with."""
    return {f.id: (sheet, f) for sheet in domain.sheets if isinstance(sheet, FormSheet) for f in sheet.fields}


def read_csv_rows(path: Path, lines: list[int] | None = None) -> list[list[str]]:
    """A CSV file's rows, header included: UTF-8 (with or without BOM), comma, semicolon or tab separated.

    ``lines``, when given, receives the line of the file each row starts on (a quoted field may span lines).
    Raises ``OSError``, ``UnicodeDecodeError`` or ``csv.Error`` when the file cannot be read.
    """
    with open(path, encoding="utf-8-sig", newline="") as handle:
        sample = handle.read(4096)
        handle.seek(0)
        try:
            dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
        except csv.Error:  # one column, or nothing to tell the delimiter by
            dialect = csv.excel
        reader = csv.reader(handle, dialect)
        if lines is None:
            return list(reader)
        rows, end = [], 0
        for row in reader:
            rows.append(row)
            lines.append(end + 1)
            end = reader.line_num
        return rows


class CsvRow(dict):
    """One record of a CSV file by column name, with the ``line`` of the file it starts on."""

    line: int = 0


def read_csv_records(path: Path) -> tuple[list[str], list[CsvRow]]:
    """(header, rows by column) of a CSV file the consultant supplies; a :class:`PrefillError` when unreadable.

    A row with more or fewer fields than the header is an error at its line, never cut to fit: a
    decimal comma in a comma-separated file (``1250000,75``) would otherwise lose a field silently.
    """
    lines: list[int] = []
    try:
        header, *rows = read_csv_rows(path, lines) or [[]]
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise PrefillError(Text(f"{path}: CSV-filen kan ikke læses: {error}",
                                f"{path}: cannot read the CSV file: {error}")) from None
    columns = [c.strip() for c in header]
    records = []
    for line, row in zip(lines[1:], rows):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(columns):
            fields = visible(", ".join(row))
            raise PrefillError(Text(
                f"{path}, linje {line}: {len(row)} felter, men overskriften har {len(columns)} "
                f"({fields}); et decimalkomma i en kommasepareret fil? Skriv 1250000.75, "
                "eller sæt tallet i anførselstegn",
                f"{path}, line {line}: {len(row)} fields, but the header has {len(columns)} "
                f"({fields}); a decimal comma in a comma-separated file? Write 1250000.75, "
                "or put the number in quotes"))
        record = CsvRow(zip(columns, row))
        record.line = line
        records.append(record)
    return columns, records


def _typed(text: str, field: Field) -> object:
    if field.type == "date":
        # A CSV has no date type: ISO (2026-03-02) or Danish (02-03-2026) text becomes a date.
        for pattern in ("%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"):
            try:
                return dt.datetime.strptime(text, pattern).date()
            except ValueError:
                continue
        return text
    if not field.is_numeric:
        return text
    try:
        number = float(text.replace(",", "."))
    except ValueError:
        return text
    return int(number) if number.is_integer() else number
