"""Prefilled jobcenter templates: one per department from a filled staff list, one per municipality
from the consultant's konto 5 accounts CSV.

Both read everything first and write nothing when the input has an error, so a bad staff list or
CSV never leaves half a round of templates behind. Errors name the file and the cell or line.
"""

from __future__ import annotations

import math
from collections import defaultdict
from pathlib import Path

from engine.benchmarks.jobcenter.konto5 import ACCOUNTING_GROUP_CODES
from engine.benchmarks.jobcenter.codes import TOOL_CODES
from engine.benchmarks.jobcenter.workbook_values import ACCOUNTS_COLUMNS, front_values, guide_rows
from engine.benchmarks import get_domain
from engine.identity import identity
from engine.reference import municipalities
from engine.templates.prefill import PrefillError, read_csv_records
from engine.templates.writer import write_template
from engine.text import Text, format_number
from engine.workbook.output_paths import key_slug, slug

ROWS_PER_EMPLOYEE = 4  # most employees work with one to four combinations of target group and task
_CONTACT_FIELDS = ("contact_name", "contact_email")
_SHOWN_FIELDS = ("staff_group", "weekly_hours")  # the allocation's info fields, from the staff list


def write_department_templates(staff_list: Path, out_dir: Path, lang: str = "da",
                               rows_per_employee: int = ROWS_PER_EMPLOYEE) -> list[Path]:
    """``jobcenter_fte_<municipality>_<department>.xlsx`` for every department of a valid staff list."""
    from engine.validation.validate import validate_file

    result = validate_file(staff_list)
    if not result.valid or result.submission is None:
        errors = [issue for issue in result.issues if issue.severity == "error"]
        lines = {lang: "; ".join(f"{issue.location or '-'}: {issue.message(lang)}" for issue in errors[:5])
                 for lang in ("da", "en")}
        more = Text(f" (og {len(errors) - 5} til)", f" (and {len(errors) - 5} more)") if len(errors) > 5 \
            else Text("", "")
        raise PrefillError(Text(f"{staff_list}: medarbejderlisten har fejl; ret dem først: {lines['da']}{more.da}",
                                f"{staff_list}: the staff list has errors; correct it first: {lines['en']}{more.en}"))
    submission = result.submission
    if submission.domain.id != "jobcenter_staff":
        raise PrefillError(Text(f"{staff_list}: ikke en medarbejderliste til jobcenterbenchmarken, men en "
                                f"{submission.domain.id}-projektmappe",
                                f"{staff_list}: not a jobcenter staff list but a {submission.domain.id} workbook"))
    code, year = submission.participant, submission.form_value("year")
    # One department however its name is typed ("Ydelse", "ydelse"): the first spelling names it.
    spelled: dict[str, str] = {}
    departments: dict[str, list[str]] = defaultdict(list)
    shown: dict[str, dict[str, object]] = {}  # what the head recognises an employee by, beside the id
    rows = sorted(submission.tables["employees"].values(), key=lambda values: values["employee_id"].row)
    for values in rows:
        typed = values["department"].value
        departments[spelled.setdefault(identity(typed), typed)].append(values["employee_id"].value)
        shown[values["employee_id"].value] = {field: values[field].value for field in _SHOWN_FIELDS}
    capacity = get_domain("jobcenter_fte").sheet("allocation").max_rows
    too_large = {department: len(employees) for department, employees in departments.items() if len(employees) > capacity}
    if too_large:  # each employee needs a row of their own: a cut template would lose employees silently
        listed = {lang: "; ".join(f"{department!r} " + Text("har", "has")(lang) + f" {format_number(count, lang)} "
                                  + Text("medarbejdere", "employees")(lang) for department, count in too_large.items())
                  for lang in ("da", "en")}
        raise PrefillError(Text(
            f"{staff_list}: {listed['da']}; en afdelings fordelingsskabelon har {format_number(capacity, 'da')} rækker. "
            "Del afdelingen i medarbejderlisten (fx efter team), og byg skabelonerne igen",
            f"{staff_list}: {listed['en']}; a department's allocation template holds {format_number(capacity, 'en')} "
            "rows. Split the department in the staff list (e.g. by team) and build the templates again"))
    planned = []
    for department, employees in departments.items():
        per_employee = max(1, min(rows_per_employee, capacity // max(1, len(employees))))
        values = front_values(code, year, department=department)
        values.update({("front", field): None for field in _CONTACT_FIELDS})  # the head's own details
        guide = guide_rows(employees, per_employee)
        values.update(guide)
        for (sheet_id, index, _), employee in guide.items():
            values.update({(sheet_id, index, field): value for field, value in shown[employee].items()})
        name = slug(department)
        if sum(slug(other) == name for other in departments) > 1:  # "A/B" and "A B": both keep their own file
            name = key_slug(department)
        planned.append((out_dir / f"jobcenter_fte_{code}_{name}.xlsx", values))
    domain = get_domain("jobcenter_fte")
    return [write_template(domain, path, lang, values) for path, values in planned]


def read_accounts_csv(path: Path) -> dict[str, dict[tuple[str, str], float]]:
    """The consultant's konto 5 allocation: municipality -> (accounting group, tool) -> DKK.

    Columns (header row, comma or semicolon): municipality, accounting_group, tool, amount. A
    combination that is not in the file is 0: the accounts show no expense there.
    """
    columns, rows = read_csv_records(path)
    missing = [c for c in ACCOUNTS_COLUMNS if c not in columns]
    if missing:
        raise PrefillError(Text(f"{path}: kolonne(r) mangler: {', '.join(missing)}; forventet er "
                                f"{', '.join(ACCOUNTS_COLUMNS)}",
                                f"{path}: missing column(s) {', '.join(missing)}; expected {', '.join(ACCOUNTS_COLUMNS)}"))
    known = municipalities()
    accounts: dict[str, dict[tuple[str, str], float]] = defaultdict(dict)
    largest = get_domain("jobcenter_konto5").sheet("konto5").columns[0].maximum
    for row in rows:
        line = row.line
        code, group, tool, raw = (row.get(c, "").strip() for c in ACCOUNTS_COLUMNS)
        code = code.zfill(3) if code.isdigit() else code
        where = Text(f"{path}, linje {line}", f"{path}, line {line}")
        if code not in known:
            raise PrefillError(Text(f"{where.da}: {code!r} er ikke en kommunekode",
                                    f"{where.en}: {code!r} is not a municipality code"))
        if group not in ACCOUNTING_GROUP_CODES:
            raise PrefillError(Text(f"{where.da}: accounting_group {group!r} er ukendt; forventet er en af "
                                    f"{', '.join(ACCOUNTING_GROUP_CODES)}",
                                    f"{where.en}: accounting_group {group!r} is unknown; expected one of "
                                    f"{', '.join(ACCOUNTING_GROUP_CODES)}"))
        if tool not in TOOL_CODES:
            raise PrefillError(Text(f"{where.da}: tool {tool!r} er ukendt; forventet er en af {', '.join(TOOL_CODES)}",
                                    f"{where.en}: tool {tool!r} is unknown; expected one of {', '.join(TOOL_CODES)}"))
        amount = _amount(raw)
        if amount is None:
            raise PrefillError(Text(f"{where.da}: amount {raw!r} er ikke et tal",
                                    f"{where.en}: amount {raw!r} is not a number"))
        if amount < 0:
            raise PrefillError(Text(f"{where.da}: amount {raw} er negativ; udgifter på konto 5 er mindst 0",
                                    f"{where.en}: amount {raw} is negative; konto 5 expenses are at least 0"))
        if amount > largest:  # the template would be sent out with a given amount its validator refuses
            raise PrefillError(Text(f"{where.da}: amount {raw} er mere end {largest:,.0f} kr., det største konto 5-beløb",
                                    f"{where.en}: amount {raw} is more than {largest:,.0f} DKK, the largest konto 5 amount"))
        if (group, tool) in accounts[code]:
            raise PrefillError(Text(f"{where.da}: {code} {group} {tool} står to gange",
                                    f"{where.en}: {code} {group} {tool} occurs twice"))
        accounts[code][(group, tool)] = amount
    if not accounts:
        raise PrefillError(Text(f"{path}: ingen rækker", f"{path}: no rows"))
    return dict(accounts)


def konto5_templates(accounts_csv: Path, out_dir: Path, year: int | None = None) -> list[tuple[str, Path, dict]]:
    """(municipality, path, template values) of ``jobcenter_konto5_<municipality>_<name>.xlsx`` per
    municipality in the accounts CSV; nothing is written."""
    accounts = read_accounts_csv(accounts_csv)
    known = municipalities()
    planned = []
    for code, amounts in sorted(accounts.items()):
        values = front_values(code, year, contact_name=None, contact_email=None)
        for group in ACCOUNTING_GROUP_CODES:
            for tool in TOOL_CODES:
                values[("konto5", group, tool)] = amounts.get((group, tool), 0.0)
        planned.append((code, out_dir / f"jobcenter_konto5_{code}_{slug(known[code].name)}.xlsx", values))
    return planned


def write_konto5_templates(accounts_csv: Path, out_dir: Path, lang: str = "da", year: int | None = None,
                           store=None) -> list[Path]:
    """``jobcenter_konto5_<municipality>_<name>.xlsx`` per municipality in the accounts CSV.

    With a ``store`` (and a ``year``), the given amounts of each template are recorded as issued, so
    ingest can check the returned workbooks against them (:mod:`engine.store.issued`).
    """
    domain = get_domain("jobcenter_konto5")
    written = []
    for code, path, values in konto5_templates(accounts_csv, out_dir, year):
        written.append(write_template(domain, path, lang, values))
        if store is not None:
            store.record_issued(domain, year, code, values, path.name)
    return written


def _amount(text: str) -> float | None:
    """A plain, finite number, with a decimal point or (Danish CSV) a decimal comma; no thousands separators."""
    for candidate in (text, text.replace(",", ".")):
        try:
            number = float(candidate)
        except ValueError:
            continue
        return number if math.isfinite(number) else None  # nan and inf are no amounts
    return None
