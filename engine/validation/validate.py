"""Validate filled workbooks: every finding, located, never stopping at the first.

A file goes through three gates: the container (:mod:`engine.workbook.archive`), the
template marker (which domain, which version, which language), then the
declared sheets, rows and fields of its domain, and the domain's cross-field
rules. Across a batch, the same participant twice is reported too. Nothing
here raises on bad municipal data: problems become :class:`Issue` objects.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from engine.benchmarks import DOMAIN_IDS, get_domain
from engine.spec import Domain, FormSheet, RecordSheet, Sheet, TableSheet
from engine.templates.layout import (
    FORM_LABEL_COL, FORM_VALUE_COL, META_SHEET, RECORD_HEADER_ROW, TABLE_FIRST_DATA_ROW, TABLE_HEADER_ROW,
    TABLE_KEY_COL, form_field_row, table_field_col,
)
from engine.splits import split_issues
from engine.text import DEFAULT_LANGUAGE, LANGUAGES, Ungrouped
from engine.validation.checks import is_blank
from engine.validation.issues import Issue, has_errors, sorted_issues
from engine.validation.located import check_cell
from engine.validation.records import read_record_sheet, record_headers
from engine.validation.submission import Submission, Value
from engine.workbook.archive import Archive, Limits, DEFAULT_LIMITS, inspect_workbook
from engine.workbook.cells import cell_ref
from engine.workbook.read import SheetGrid, UnreadableWorkbook, WorkbookReader


@dataclass
class FileResult:
    """The outcome for one file: its issues and, if it could be read, its submission."""

    path: str
    issues: list[Issue] = field(default_factory=list)
    submission: Submission | None = None
    seconds: float = 0.0
    sheet_order: list[str] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return not has_errors(self.issues)

    @property
    def error_count(self) -> int:
        return sum(1 for issue in self.issues if issue.severity == "error")

    @property
    def warning_count(self) -> int:
        return sum(1 for issue in self.issues if issue.severity == "warning")


def validate_files(paths: Iterable[str | Path], limits: Limits = DEFAULT_LIMITS, workers: int = 1,
                   progress: Callable[[], None] | None = None, across: bool = True) -> list[FileResult]:
    """Validate each file, then the batch as a whole (the same participant twice).

    With ``workers`` > 1 files are validated in that many processes; results keep the input order.
    ``across`` adds the checks between a participant's workbooks (a jobcenter's staff list against
    its departments' allocations) to the files they are located in; ingest leaves them to the
    round status, because one department's missing template must not refuse the staff list.
    """
    paths = list(paths)
    if workers > 1 and len(paths) > 1:
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(workers) as pool:
            results = []
            for result in pool.map(validate_file, paths, [limits] * len(paths), chunksize=8):
                results.append(result)
                if progress:
                    progress()
    else:
        results = []
        for path in paths:
            results.append(validate_file(path, limits))
            if progress:
                progress()
    _check_duplicate_participants(results)
    if across and any(r.submission is not None and r.submission.domain.id.startswith("jobcenter_") for r in results):
        from engine.benchmarks.jobcenter.crosscheck import check_results

        check_results(results)
    for result in results:
        result.issues = sorted_issues(result.issues, result.sheet_order)
    return results


def validate_file(path: str | Path, limits: Limits = DEFAULT_LIMITS) -> FileResult:
    started = time.perf_counter()
    result = FileResult(str(path))
    archive, issues = inspect_workbook(path, limits)
    result.issues.extend(issues)
    if archive is not None:
        try:
            with WorkbookReader(path) as reader:
                result.sheet_order = reader.sheet_names
                result.submission = _read_submission(archive, reader, result.issues)
        except UnreadableWorkbook as error:
            result.issues.append(Issue("file-corrupt", str(path), params={"detail": str(error)}))
            result.submission = None
    result.issues = sorted_issues(result.issues, result.sheet_order)
    result.seconds = time.perf_counter() - started
    return result


def _read_submission(archive: Archive, reader: WorkbookReader, issues: list[Issue]) -> Submission | None:
    file = str(archive.path)
    if META_SHEET not in reader.sheet_names:
        issues.append(Issue("not-a-template", file, params={"meta_sheet": META_SHEET}))
        return None
    meta_grid = reader.sheet(META_SHEET)
    meta = {str(meta_grid.value(row, 0)): str(meta_grid.value(row, 1)) for row in range(meta_grid.height)}
    template_id = meta.get("template_id", "")
    if template_id not in DOMAIN_IDS:
        issues.append(Issue("template-unknown", file, META_SHEET, "B1",
                            params={"template_id": template_id, "known": ", ".join(DOMAIN_IDS)}))
        return None
    domain = get_domain(template_id)
    version = meta.get("template_version", "")
    if version not in domain.supported_versions:
        issues.append(Issue("template-version-unknown", file, META_SHEET, "B2",
                            params={"version": version, "supported": ", ".join(domain.supported_versions)}))
        return None
    language = meta.get("language", DEFAULT_LANGUAGE)
    if language not in LANGUAGES:
        language = DEFAULT_LANGUAGE
    submission = Submission(file, domain, language, version)
    found = _resolve_sheets(domain, language, reader, file, issues)
    for sheet in domain.sheets:
        name = found.get(sheet.id)
        if name is None:
            continue
        submission.sheet_names[sheet.id] = name
        grid = reader.sheet(name)
        if isinstance(sheet, FormSheet):
            _read_form(sheet, grid, archive, submission, issues)
        elif isinstance(sheet, TableSheet):
            _read_table(sheet, grid, archive, submission, issues)
        else:
            read_record_sheet(sheet, grid, archive, submission, issues)
    if len(submission.sheet_names) == len(domain.sheets):
        for rule in domain.rules:
            issues.extend(rule(submission))
    return submission


def _resolve_sheets(domain: Domain, lang: str, reader: WorkbookReader, file: str,
                    issues: list[Issue]) -> dict[str, str]:
    """Declared sheet id -> the workbook's sheet name, finding renamed sheets by their content."""
    found: dict[str, str] = {}
    expected = {sheet.id: sheet.name(lang) for sheet in domain.sheets}
    declared_names = set(expected.values()) | {META_SHEET}
    unclaimed = [name for name in reader.sheet_names if name not in declared_names]
    for sheet in domain.sheets:
        if expected[sheet.id] in reader.sheet_names:
            found[sheet.id] = expected[sheet.id]
            continue
        renamed = next((name for name in unclaimed if _looks_like(sheet, reader.sheet(name), lang)), None)
        if renamed is not None:
            unclaimed.remove(renamed)
            found[sheet.id] = renamed
            issues.append(Issue("sheet-renamed", file, renamed,
                                params={"expected": expected[sheet.id], "found": renamed}))
        else:
            issues.append(Issue("sheet-missing", file, params={"expected": expected[sheet.id]}))
    return found


def _signature(sheet: Sheet, lang: str) -> list[tuple[int, int, str]]:
    if isinstance(sheet, FormSheet):
        return [(form_field_row(sheet, f.id), FORM_LABEL_COL, _form_label(f, lang)) for f in sheet.fields]
    if isinstance(sheet, RecordSheet):
        return [(RECORD_HEADER_ROW, col, header(lang)) for col, header in enumerate(record_headers(sheet))]
    headers = [sheet.key_header, sheet.group_header, sheet.label_header] + [c.label for c in sheet.columns]
    return [(TABLE_HEADER_ROW, col, header(lang)) for col, header in enumerate(headers)]


def _looks_like(sheet: Sheet, grid: SheetGrid, lang: str) -> bool:
    signature = _signature(sheet, lang)
    matches = sum(1 for row, col, text in signature if str(grid.value(row, col)).strip() == text)
    return matches >= max(2, (len(signature) + 1) // 2)


def _form_label(field, lang: str) -> str:
    return field.label(lang) + (" *" if field.required else "")


def _read_form(sheet: FormSheet, grid: SheetGrid, archive: Archive, submission: Submission,
               issues: list[Issue]) -> None:
    file, lang = submission.path, submission.language
    for field_ in sheet.fields:
        row = form_field_row(sheet, field_.id)
        label = str(grid.value(row, FORM_LABEL_COL)).strip()
        if label != _form_label(field_, lang):
            issues.append(Issue("header-changed", file, grid.name, cell_ref(row, FORM_LABEL_COL), field_.id,
                                {"expected": _form_label(field_, lang), "found": label}))
        submission.form[field_.id] = check_cell(field_, grid, archive, row, FORM_VALUE_COL, lang, file, issues)


def _read_table(sheet: TableSheet, grid: SheetGrid, archive: Archive, submission: Submission,
                issues: list[Issue]) -> None:
    file, lang = submission.path, submission.language
    for col, (row, _, expected) in enumerate(_signature(sheet, lang)):
        found = str(grid.value(row, col)).strip()
        if found != expected:
            issues.append(Issue("header-changed", file, grid.name, cell_ref(row, col),
                                params={"expected": expected, "found": found}))
    declared = {item.key: (position, item) for position, item in enumerate(sheet.rows)}
    columns = [(field_, table_field_col(sheet, field_.id)) for field_ in sheet.columns]
    first_seen: dict[str, int] = {}
    rows: dict[str, dict[str, Value]] = {}
    last_position, reorder_reported = -1, False
    for row in range(TABLE_FIRST_DATA_ROW, grid.height):
        raw_key = grid.value(row, TABLE_KEY_COL)
        key = str(raw_key).strip()
        if is_blank(raw_key):
            if not all(is_blank(grid.value(row, col)) for _, col in columns):
                issues.append(Issue("row-unknown", file, grid.name, cell_ref(row, TABLE_KEY_COL),
                                    params={"found": ""}))
            continue
        if key not in declared:
            issues.append(Issue("row-unknown", file, grid.name, cell_ref(row, TABLE_KEY_COL), params={"found": key}))
            continue
        if key in first_seen:
            issues.append(Issue("row-duplicated", file, grid.name, cell_ref(row, TABLE_KEY_COL),
                                params={"key": key, "first_row": Ungrouped(first_seen[key] + 1)}))
            continue
        first_seen[key] = row
        position, item = declared[key]
        if position < last_position and not reorder_reported:
            issues.append(Issue("rows-reordered", file, grid.name, cell_ref(row, TABLE_KEY_COL), params={"key": key}))
            reorder_reported = True
        last_position = max(last_position, position)
        rows[key] = _read_row(columns, item, grid, archive, row, lang, file, issues)
    for item in sheet.rows:
        if item.key not in rows:
            issues.append(Issue("row-missing", file, grid.name,
                                params={"key": item.key, "label": item.label(lang)}))
    issues.extend(split_issues(sheet, rows, file, grid.name, lang))
    submission.tables[sheet.id] = rows


def _read_row(columns: list, item, grid: SheetGrid, archive: Archive, row: int, lang: str, file: str,
              issues: list[Issue]) -> dict[str, Value]:
    answer_cols = [col for field_, col in columns if field_.required]
    unanswered = all(is_blank(grid.value(row, col)) and archive.formula_at(grid.name, row, col) is None
                     for col in answer_cols)
    values: dict[str, Value] = {}
    row_issues: list[Issue] = []
    for field_, col in columns:
        values[field_.id] = check_cell(field_, grid, archive, row, col, lang, file, row_issues, row_key=item.key)
    if unanswered:
        # One finding for an untouched row instead of one per empty cell; a given row is the
        # consultant's to prefill, so its absence means the template was sent out unprefilled.
        row_issues = [issue for issue in row_issues if issue.code != "required-missing"]
        row_issues.append(Issue("given-missing" if item.given else "row-unanswered", file, grid.name,
                                cell_ref(row, answer_cols[0]), params={"key": item.key, "label": item.label(lang)}))
    issues.extend(row_issues)
    return values


def _check_duplicate_participants(results: Sequence[FileResult]) -> None:
    # The same participant for two different years is two rounds, not a duplicate.
    seen: dict[tuple[str, object, object], FileResult] = {}
    for result in results:
        submission = result.submission
        if submission is None or submission.participant is None:
            continue
        key = (submission.domain.id, submission.participant, submission.round_year)
        if key in seen:
            cell = submission.form[submission.domain.participant_field]
            result.issues.append(Issue("duplicate-participant", result.path, cell.sheet, cell.ref,
                                       submission.domain.participant_field,
                                       {"participant": str(cell.raw), "other_file": Path(seen[key].path).name}))
        else:
            seen[key] = result
