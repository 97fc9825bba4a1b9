"""The consultant's register file: one row per municipality, all that have data, not only participants.

Declared format (CSV in UTF-8 with a header row, comma or semicolon separated, decimal point; or an
.xlsx whose first sheet has the same header in row 1):

- ``municipality``: Statistics Denmark's three-digit code (``101``; ``98`` is read as ``098``);
- ``population_16_66``: inhabitants aged 16-66 (the weight of the models and the denominator of the
  target groups' rates);
- ``realised_rate``: the realised public support rate, a fraction of the 16-66-year-olds (0.165);
- the framework conditions of :data:`~engine.benchmarks.jobcenter.codes.FRAMEWORK_CONDITIONS`;
- ``persons_<target group>`` for each of the 12 target groups: full-year persons (DREAM/jobindsats).

Every value is checked against its declared :class:`~engine.spec.Field`, so a finding reads like one
in a template and is located like one: ``'register_2026'!C14`` (for a CSV, the sheet is named after
the file, as a spreadsheet program shows it).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from engine.benchmarks.jobcenter.codes import FRAMEWORK_CONDITIONS, TARGET_GROUPS
from engine.workbook.cells import cell_ref
from engine.validation.checks import check_value, is_blank
from engine.reference import municipalities
from engine.validation.issues import Issue, has_errors
from engine.templates.prefill import read_csv_rows
from engine.spec import Field
from engine.text import Text

if TYPE_CHECKING:
    import pandas as pd

MAX_ROWS = 1000  # rows read from a register file: Denmark has 98 municipalities
_SHARE = dict(minimum=0, maximum=1)
_BOUNDS = {  # allowed and plausible ranges of the framework conditions
    "basic_education_share": dict(**_SHARE, plausible_minimum=0.05, plausible_maximum=0.45),
    "non_western_share": dict(**_SHARE, plausible_maximum=0.40),
    "jobs_per_100": dict(minimum=0, maximum=500, plausible_minimum=30, plausible_maximum=150),
    "age_50_64_share": dict(**_SHARE, plausible_minimum=0.15, plausible_maximum=0.45),
}


def register_fields() -> tuple[Field, ...]:
    return (
        Field("municipality", Text("Kommunekode", "Municipality code"), "text", max_length=3),
        Field("population_16_66", Text("Indbyggere 16-66 år", "Inhabitants aged 16-66"), "number", minimum=1,
              plausible_minimum=1_000, plausible_maximum=500_000),
        Field("realised_rate", Text("Realiseret offentlig forsørgelsesgrad", "Realised public support rate"),
              "number", minimum=0, maximum=1, plausible_minimum=0.05, plausible_maximum=0.35),
        *(Field(c.code, c.label, "number", **_BOUNDS[c.code]) for c in FRAMEWORK_CONDITIONS),
        *(Field(f"persons_{g.code}", Text(f"Helårspersoner: {g.label.da}", f"Full-year persons: {g.label.en}"),
                "number", minimum=0) for g in TARGET_GROUPS),
    )


@dataclass
class Register:
    path: str
    sheet: str
    frame: "pd.DataFrame"  # one row per valid municipality code, columns as declared
    issues: list[Issue] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return not has_errors(self.issues)

    def participant_issues(self, participants) -> list[Issue]:
        """The register must cover every participant of the round."""
        known = set(self.frame["municipality"])
        names = municipalities()
        return [Issue("register-participant-missing", self.path, self.sheet,
                      params={"municipality": f"{code} {names[code].name}" if code in names else code})
                for code in sorted(participants) if code not in known]


def read_register(path: str | Path) -> Register:
    import pandas as pd

    path = Path(path)
    fields = register_fields()
    try:
        sheet, rows = _read_rows(path)
    except (OSError, UnicodeDecodeError, csv.Error, ValueError) as error:
        return Register(str(path), path.stem, pd.DataFrame(columns=[f.id for f in fields]),
                        [Issue("register-unreadable", str(path), params={"detail": str(error)})])
    issues: list[Issue] = []
    header = [str(value).strip() for value in (rows[0] if rows else [])]
    declared = {f.id: f for f in fields}
    columns = {name: col for col, name in enumerate(header) if name in declared}
    for col, name in enumerate(header):
        if name and name not in declared:
            issues.append(Issue("register-column-unknown", str(path), sheet, cell_ref(0, col), params={"column": name}))
    for f in fields:
        if f.id not in columns:
            issues.append(Issue("register-column-missing", str(path), sheet, params={"column": f.id}))
    known = municipalities()
    records, first_row = [], {}
    text_file = path.suffix.lower() not in (".xlsx", ".xlsm")
    for row_index, row in enumerate(rows[1:], start=1):
        if all(is_blank(value) for value in row):
            continue
        if row_index > MAX_ROWS:  # one row per municipality: the rest of so long a file is not read
            issues.append(Issue("register-too-many-rows", str(path), sheet, cell_ref(row_index, 0),
                                params={"rows": len(rows) - 1, "maximum": MAX_ROWS}))
            break
        if text_file and len(row) != len(header):  # a decimal comma in a comma-separated file shifts fields
            issues.append(Issue("register-row-malformed", str(path), sheet, cell_ref(row_index, 0),
                                params={"fields": len(row), "columns": len(header), "line": row_index + 1}))
            continue
        record: dict[str, Any] = {}
        for f in fields:
            if f.id not in columns:
                continue
            col = columns[f.id]
            raw = row[col] if col < len(row) else ""
            where = (str(path), sheet, cell_ref(row_index, col), f.id)
            if f.id == "municipality":
                code = _code(raw)
                if code not in known:
                    issues.append(Issue("register-municipality-unknown", *where, {"found": str(raw)}))
                    code = None
                elif code in first_row:
                    issues.append(Issue("register-municipality-duplicated", *where,
                                        {"municipality": code, "first_row": first_row[code] + 1}))
                    code = None
                else:
                    first_row[code] = row_index
                record["municipality"] = code
                continue
            checked = check_value(f, _number(raw), "da")
            for finding in checked.findings:
                issues.append(Issue(finding.code, *where, finding.params))
            record[f.id] = checked.value
        if record.get("municipality") is not None:
            records.append(record)
    frame = pd.DataFrame(records, columns=[f.id for f in fields if f.id in columns])
    numeric = [f.id for f in fields if f.id != "municipality" and f.id in frame]
    frame[numeric] = frame[numeric].apply(pd.to_numeric, errors="coerce")
    return Register(str(path), sheet, frame.reset_index(drop=True), issues)


def _read_rows(path: Path) -> tuple[str, list[list[Any]]]:
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        from engine.workbook.archive import inspect_workbook
        from engine.workbook.read import UnreadableWorkbook, WorkbookReader

        archive, problems = inspect_workbook(path)
        if archive is None:
            raise ValueError("; ".join(issue.message("en") for issue in problems) or "not a workbook")
        try:
            with WorkbookReader(path) as reader:
                sheet = next(name for name in reader.sheet_names if not name.startswith("_"))
                return sheet, reader.sheet(sheet).rows
        except (UnreadableWorkbook, StopIteration) as error:
            raise ValueError(str(error) or "no sheet") from None
    return path.stem, read_csv_rows(path)


def _code(raw: Any) -> str:
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    text = str(raw).strip()
    return text.zfill(3) if text.isdigit() else text


def _number(raw: Any) -> Any:
    """CSV text -> a number where it is one (decimal point, or a decimal comma); otherwise unchanged."""
    if not isinstance(raw, str) or is_blank(raw):
        return raw
    for candidate in (raw.strip(), raw.strip().replace(",", ".")):
        try:
            return float(candidate)
        except ValueError:
            continue
    return raw
