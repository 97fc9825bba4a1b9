"""The round status of a jobcenter round: per municipality, which templates are in, missing or refused.

A municipality sends a staff list, a konto 5 budget and one FTE allocation per department of its
staff list. "In" is a workbook stored in the round; "refused" is a workbook in the submissions folder
that is not stored because it has errors (its first error is shown); "missing" is everything else
the staff list says should come. The store keeps no record of refusals, so refused workbooks are
found by validating the folder's files that the store does not hold (by sha256). The findings across
a municipality's stored workbooks (an employee nobody allocated, ...) are listed too.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from engine.benchmarks.jobcenter.crosscheck import FTE, KONTO5, STAFF, cross_issues, rounds_from_store
from engine.benchmarks.jobcenter.fields import normalised
from engine.reference import municipalities
from engine.validation.issues import Issue, first_issues
from engine.validation.submission import PARTICIPANT_SEPARATOR
from engine.text import Text

REGISTER_LINES = 50  # register findings printed one a line; the rest are counted

STATES = {"in": Text("modtaget", "in"), "missing": Text("mangler", "missing"), "refused": Text("afvist", "refused")}
SEVERITIES = {"error": Text("fejl", "error"), "warning": Text("advarsel", "warning")}
KINDS = {STAFF: Text("Medarbejderliste", "Staff list"), FTE: Text("Fordeling af årsværk", "FTE allocation"),
         KONTO5: Text("Konto 5", "Account 5")}


@dataclass(frozen=True)
class TemplateStatus:
    kind: str  # the template's domain id
    department: str  # '' for the staff list and konto 5
    state: str  # in / missing / refused
    file: str = ""
    issue: Issue | None = None  # a refused workbook's first error


@dataclass
class MunicipalityStatus:
    code: str
    name: str
    templates: list[TemplateStatus] = field(default_factory=list)
    cross: list[Issue] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return all(t.state == "in" for t in self.templates) and not any(i.severity == "error" for i in self.cross)

    def count(self, state: str) -> int:
        return sum(1 for t in self.templates if t.state == state)


@dataclass
class RoundStatus:
    year: int
    municipalities: list[MunicipalityStatus]
    unidentified: list[tuple[str, Issue | None]] = field(default_factory=list)  # refused, participant unknown
    register: list[Issue] = field(default_factory=list)


def round_status(store, year: int, submissions: Iterable[Path] = (), register_path: Path | None = None) -> RoundStatus:
    """The status of every municipality with a stored or refused jobcenter workbook in round ``year``."""
    stored = {domain: {row["participant"]: row for row in store.current_submissions(domain, year)}
              for domain in (STAFF, FTE, KONTO5)}
    refused, unidentified = _refused(store, submissions, year)
    rounds = rounds_from_store(store, year)
    codes = sorted({key.split(PARTICIPANT_SEPARATOR, 1)[0] for rows in stored.values() for key in rows}
                   | {code for code, _, _ in refused})
    names = municipalities()
    statuses = []
    for code in codes:
        status = MunicipalityStatus(code, names[code].name if code in names else code)
        for domain in (STAFF, KONTO5):
            status.templates.append(_state(domain, "", stored[domain].get(code), refused.get((code, domain, ""))))
        departments = {}
        for participant, row in stored[FTE].items():
            main, _, department = participant.partition(PARTICIPANT_SEPARATOR)
            if main == code:
                departments[normalised(department)] = (department, row)
        if code in rounds:
            for employee in rounds[code].employees.values():
                departments.setdefault(normalised(employee.department), (employee.department, None))
        for (c, domain, department), item in refused.items():
            if c == code and domain == FTE:
                departments.setdefault(department, (item[0], None))
        for key, (department, row) in sorted(departments.items()):
            status.templates.append(_state(FTE, department, row, refused.get((code, FTE, key))))
        if code in rounds:
            # A department that has not returned its template is already a 'missing' (or 'refused') row.
            status.cross = [i for i in cross_issues(rounds[code]) if i.code != "department-not-returned"]
        statuses.append(status)
    register_issues = []
    if register_path is not None:
        from engine.benchmarks.jobcenter.register import read_register

        register = read_register(register_path)
        register_issues = register.issues + register.participant_issues(codes)
    return RoundStatus(year, statuses, unidentified, register_issues)


def _state(domain: str, department: str, stored_row, refused_item) -> TemplateStatus:
    if stored_row is not None:
        return TemplateStatus(domain, department, "in", stored_row["file_name"])
    if refused_item is not None:
        _, file, issue = refused_item
        return TemplateStatus(domain, department, "refused", file, issue)
    return TemplateStatus(domain, department, "missing")


def _refused(store, submissions: Iterable[Path], year: int):
    """Workbooks in the folder the store does not hold and that have errors, by (municipality, kind, department)."""
    from engine.store.database import file_sha256
    from engine.validation.validate import validate_files

    known = {row[0] for row in store.db.execute("SELECT sha256 FROM submissions")}
    candidates = [path for path in submissions if file_sha256(path) not in known]
    refused: dict[tuple[str, str, str], tuple[str, str, Issue | None]] = {}
    unidentified: list[tuple[str, Issue | None]] = []
    for result in validate_files(candidates, across=False):
        first = next((issue for issue in result.issues if issue.severity == "error"), None)
        if first is None:
            continue  # valid but not ingested: neither in nor refused
        submission = result.submission
        code = submission.form_value("municipality") if submission is not None else None
        if submission is None or code is None or not submission.domain.id.startswith("jobcenter_") \
                or submission.round_year not in (None, year):
            unidentified.append((Path(result.path).name, first))
            continue
        department = (submission.form_value("department") or "") if submission.domain.id == FTE else ""
        refused[(code, submission.domain.id, normalised(department))] = (department, Path(result.path).name, first)
    return refused, unidentified


def status_lines(status: RoundStatus, lang: str) -> list[str]:
    """The status as text, one block per municipality; incomplete municipalities first."""
    lines = []
    ordered = sorted(status.municipalities, key=lambda m: (m.complete, m.code))
    for municipality in ordered:
        mark = Text("komplet", "complete") if municipality.complete else Text("ufuldstændig", "incomplete")
        lines.append(f"{municipality.code} {municipality.name}: {mark(lang)}")
        for template in municipality.templates:
            label = KINDS[template.kind](lang) + (f" – {template.department}" if template.department else "")
            detail = f"  {template.file}" if template.file else ""
            if template.issue is not None:
                detail += f"  ({template.issue.location or '-'}: {template.issue.message(lang)})"
            lines.append(f"    {STATES[template.state](lang):<9} {label}{detail}")
        for issue in municipality.cross:
            lines.append(f"    {SEVERITIES[issue.severity](lang):<9} {Path(issue.file).name} {issue.location}: "
                         f"{issue.message(lang)}")
    for name, issue in status.unidentified:
        lines.append(f"{STATES['refused'](lang)} {name}: {issue.message(lang) if issue else ''}")
    shown, rest = first_issues(status.register, REGISTER_LINES,
                               Text("statusarbejdsbogen (--xlsx)", "the status workbook (--xlsx)"))
    for issue in shown:
        lines.append(f"{SEVERITIES[issue.severity](lang)} {Path(issue.file).name} {issue.location}: "
                     f"{issue.message(lang)}")
    if rest is not None:
        lines.append(rest(lang))
    complete = sum(m.complete for m in status.municipalities)
    lines.append(Text(f"{complete} af {len(status.municipalities)} kommuner komplette i runde {status.year}",
                      f"{complete} of {len(status.municipalities)} municipalities complete in round {status.year}")(lang))
    return lines


def write_status_sheet(worksheet, status: RoundStatus, lang: str, formats: dict | None = None, first_row: int = 0) -> int:
    """Rows of the status into an XlsxWriter worksheet: one row per expected template. Returns the next row.

    ``formats`` may give XlsxWriter formats named header, in, missing, refused; without them the
    rows are written plain, so any overview can include the sheet.
    """
    formats = formats or {}
    headers = (Text("Kommune", "Municipality"), Text("Navn", "Name"), Text("Skabelon", "Template"),
               Text("Afdeling", "Department"), Text("Status", "Status"), Text("Fil", "File"),
               Text("Første fejl", "First error"))
    for col, header in enumerate(headers):
        worksheet.write_string(first_row, col, header(lang), formats.get("header"))
    row = first_row + 1
    for municipality in sorted(status.municipalities, key=lambda m: m.code):
        for template in municipality.templates:
            issue = template.issue
            cells = (municipality.code, municipality.name, KINDS[template.kind](lang), template.department,
                     STATES[template.state](lang), template.file,
                     f"{issue.location}: {issue.message(lang)}" if issue else "")
            for col, value in enumerate(cells):
                worksheet.write_string(row, col, value, formats.get(template.state) if col == 4 else None)
            row += 1
        for issue in municipality.cross:
            cells = (municipality.code, municipality.name, Text("På tværs", "Across")(lang), "",
                     SEVERITIES[issue.severity](lang),
                     Path(issue.file).name, f"{issue.location}: {issue.message(lang)}")
            for col, value in enumerate(cells):
                worksheet.write_string(row, col, value, formats.get("refused") if col == 4 else None)
            row += 1
    worksheet.autofilter(first_row, 0, max(first_row, row - 1), len(headers) - 1)
    return row


def write_status_workbook(status: RoundStatus, path: Path, lang: str) -> Path:
    """A one-sheet workbook of the status (atomically), for the consultant to filter and send on."""
    import xlsxwriter

    from engine.workbook.atomic import atomic_path

    with atomic_path(path) as tmp:
        workbook = xlsxwriter.Workbook(str(tmp))
        worksheet = workbook.add_worksheet(Text("Status", "Status")(lang))
        formats = {"header": workbook.add_format({"bold": True, "font_color": "white", "bg_color": "#1F4E78"}),
                   "in": workbook.add_format({"bg_color": "#C6EFCE", "font_color": "#006100"}),
                   "missing": workbook.add_format({"bg_color": "#FFEB9C", "font_color": "#9C5700"}),
                   "refused": workbook.add_format({"bg_color": "#FFC7CE", "font_color": "#9C0006"})}
        worksheet.set_column(0, 0, 10)
        worksheet.set_column(1, 3, 28)
        worksheet.set_column(4, 4, 12)
        worksheet.set_column(5, 6, 50)
        worksheet.freeze_panes(1, 0)
        write_status_sheet(worksheet, status, lang, formats)
        workbook.close()
    return path


def files_in(folders: Iterable[Path]) -> list[Path]:
    """The workbooks of the given folders or files (lock files skipped)."""
    found = []
    for path in folders:
        if path.is_dir():
            found += sorted(p for p in path.rglob("*.xlsx") if not p.name.startswith(("~$", ".")))
        else:
            found.append(path)
    return found




def run_status_command(db: Path, year: int, submissions: list[Path], register: Path | None, xlsx: Path | None,
                       lang: str) -> int:
    """``kommunebench status --benchmark jobcenter``: print the status; exit 0 when every municipality is complete."""
    from engine.store.database import Store

    with Store(db) as store:
        status = round_status(store, year, files_in(submissions), register)
    for line in status_lines(status, lang):
        print(line)
    if xlsx is not None:
        print(f"wrote {write_status_workbook(status, xlsx, lang)}")
    register_errors = any(issue.severity == "error" for issue in status.register)
    return 0 if all(m.complete for m in status.municipalities) and not register_errors else 1
