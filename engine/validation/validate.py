"""Validate filled workbooks: every finding, located, never stopping at the first.

A file goes through three gates: the container (:mod:`engine.workbook.archive`), the
template marker (which domain, which version, which language), then the
declared sheets, rows and fields of its domain, and the domain's cross-field
rules. Across a batch, the same participant twice is reported too. Nothing
here raises on bad municipal data: problems become :class:`Issue` objects.
"""

from __future__ import annotations

import dataclasses
import os
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from engine.benchmarks import BENCHMARK_IDS, DOMAIN_IDS, get_benchmark, get_domain
from engine.executors import Executor, on_private_copy, parent_gc_paused
from engine.spec import Domain, FormSheet, RecordSheet, Sheet, TableSheet
from engine.templates.layout import (
    FORM_LABEL_COL, FORM_VALUE_COL, META_SHEET, RECORD_HEADER_ROW, TABLE_FIRST_DATA_ROW, TABLE_HEADER_ROW,
    TABLE_KEY_COL, form_field_row, table_field_col,
)
from engine.text import DEFAULT_LANGUAGE, LANGUAGES, Text, Ungrouped
from engine.validation.checks import is_blank
from engine.validation.issues import Issue, has_errors, sorted_issues
from engine.validation.located import Column, SheetCells, check_cell, check_row, checked_columns, row_is_empty
from engine.validation.records import read_record_sheet, record_headers
from engine.validation.splits import split_issues
from engine.validation.submission import Submission, Value
from engine.workbook.archive import Archive, Limits, DEFAULT_LIMITS, inspect_workbook
from engine.workbook.cells import cell_ref
from engine.workbook.isolation import Bounds, run_isolated
from engine.workbook.output_paths import PARTICIPANT_ID, PARTICIPANT_ID_TEXT
from engine.workbook.read import SheetGrid, UnreadableWorkbook, WorkbookReader


@dataclass
class FileResult:
    """The outcome for one file: its issues and, if it could be read, its submission."""

    path: str
    issues: list[Issue] = field(default_factory=list)
    submission: Submission | None = None
    seconds: float = 0.0
    sheet_order: list[str] = field(default_factory=list)
    saved_at: str | None = None  # the workbook's own saved time (UTC, ISO 8601): which version is current

    @property
    def valid(self) -> bool:
        return not has_errors(self.issues)

    @property
    def error_count(self) -> int:
        return sum(1 for issue in self.issues if issue.severity == "error")

    @property
    def warning_count(self) -> int:
        return sum(1 for issue in self.issues if issue.severity == "warning")

    @property
    def to_correct(self) -> bool:
        """Errors or warnings, which an annotated copy marks; notes alone (what was not checked) are not."""
        return any(issue.severity in ("error", "warning") for issue in self.issues)


def validate_files(paths: Iterable[str | Path], limits: Limits = DEFAULT_LIMITS, workers: int = 1,
                   progress: Callable[[], None] | None = None, across: bool = True,
                   executor: Executor | None = None) -> list[FileResult]:
    """Validate each file, then the batch as a whole (the same participant twice).

    Files are validated in ``workers`` bounded reader processes (:mod:`engine.workbook.isolation`),
    or on ``executor`` when it is a remote one (a Dask cluster); results keep the input order. Either
    way a reader that aborts, blows up or overruns costs that one file an ``engine-crash`` finding.
    ``across`` adds the checks between a participant's workbooks (a jobcenter's staff list against
    its departments' allocations) to the files they are located in; ingest leaves them to the
    round status, because one department's missing template must not refuse the staff list.
    """
    paths = list(paths)
    # The results stream in as compact submissions (packed values, the domain by id); the collector
    # would only rescan them over and over while they arrive.
    with parent_gc_paused():
        if executor is not None and executor.remote:  # the workers cannot see this disk: files travel as bytes
            results = list(_validate_remotely(executor, paths, limits, progress))
        else:
            bounds = Bounds(limits.reader_memory_bytes, limits.reader_seconds)
            workers = executor.workers if executor is not None else workers
            results = run_isolated(validate_file, [(path, limits) for path in paths], _engine_crash, workers,
                                   bounds, progress)
    _check_duplicate_participants(results)
    if across:
        check_across_workbooks(results)
    for result in results:
        result.issues = sorted_issues(result.issues, result.sheet_order)
    return results


def check_across_workbooks(results: Sequence[FileResult]) -> None:
    """Each benchmark with checks across a participant's workbooks runs them on its files in the batch.

    A batch of one file gets them too: a department's allocation alone is told, as a note, what could
    not be checked without its staff list (the command line and the add-in's single upload alike).
    """
    domains = {r.submission.domain.id for r in results if r.submission is not None}
    for benchmark_id in BENCHMARK_IDS:
        spec = get_benchmark(benchmark_id)
        if spec.across and domains & set(spec.declarations):
            spec.load(spec.across)(results)


def _engine_crash(task: tuple, why) -> FileResult:
    path = str(task[0])
    return FileResult(path, [Issue("engine-crash", path, params={"detail": why})])


def _validate_remotely(executor: Executor, paths: Sequence[str | Path], limits: Limits,
                       progress: Callable[[], None] | None) -> Iterator[FileResult]:
    """Validate ``paths`` on workers that cannot see this disk; results in input order.

    A file that cannot be shipped (missing, unreadable, larger than the limit) is validated here:
    the container check refuses it from its size or absence alone, without reading it. One file per
    task, so a worker that dies on a file (the cluster gives up on its task) costs that file only.
    """
    shippable = [_shippable(path, limits) for path in paths]
    # A generator: each file is read only when its task is sent, so a large batch is never all in memory.
    jobs = ((str(path), limits, Path(path).read_bytes()) for path, ok in zip(paths, shippable) if ok)
    remote = executor.map(_validate_shipped, jobs, on_error=_lost_on_cluster)
    for path, ok in zip(paths, shippable):
        yield next(remote) if ok else validate_file(path, limits)
        if progress:
            progress()


def _lost_on_cluster(job: tuple[str, Limits, bytes], error: BaseException) -> FileResult:
    why = Text(f"arbejderen på klyngen stoppede under læsningen ({type(error).__name__})",
               f"the cluster worker stopped while reading it ({type(error).__name__})")
    return _engine_crash(job, why)


def _shippable(path: str | Path, limits: Limits) -> bool:
    try:
        return Path(path).stat().st_size <= limits.max_file_bytes and os.access(path, os.R_OK)
    except OSError:
        return False


def _validate_shipped(job: tuple[str, Limits, bytes]) -> FileResult:
    """On a remote worker: validate a private copy, then put the original path back on the result and
    its findings, so they read exactly as a local run prints them."""
    original, limits, data = job
    try:
        result, copy = on_private_copy(lambda path: validate_file(path, limits), original, data)
    except MemoryError:
        return _engine_crash(job, Text("filen kræver mere hukommelse end grænsen tillader",
                                       "the file needs more memory than the limit allows"))
    except Exception as error:  # a bug in one file's handling must not stop the batch
        return _engine_crash(job, Text(f"intern fejl: {type(error).__name__}: {error}",
                                       f"internal error: {type(error).__name__}: {error}"))
    result.path = original
    result.issues = [dataclasses.replace(issue, file=original) if issue.file == copy else issue
                     for issue in result.issues]
    if result.submission is not None:
        result.submission.path = original
    return result


def validate_file(path: str | Path, limits: Limits = DEFAULT_LIMITS) -> FileResult:
    started = time.perf_counter()
    result = FileResult(str(path))
    archive, issues = inspect_workbook(path, limits)
    result.issues.extend(issues)
    if archive is not None:
        result.saved_at = archive.saved_at
        try:
            with WorkbookReader(path) as reader:
                result.sheet_order = reader.sheet_names
                result.submission = _read_submission(archive, reader, result.issues)
        except UnreadableWorkbook as error:
            result.issues.extend(_malformed_numbers(archive) or
                                 [Issue("file-corrupt", str(path), params={"detail": str(error)})])
            result.submission = None
    result.issues = sorted_issues(result.issues, result.sheet_order)
    result.seconds = time.perf_counter() - started
    return result


def _malformed_numbers(archive: Archive) -> list[Issue]:
    """The number cells whose stored text made the reader give up, each at its cell."""
    return [Issue("number-malformed", str(archive.path), sheet, cell_ref(row, col), params={"found": text})
            for sheet, cells in archive.malformed_numbers.items() for (row, col), text in cells.items()]


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
    _check_participant_id(submission, issues)
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
    columns = checked_columns((field_, table_field_col(sheet, field_.id)) for field_ in sheet.columns)
    answer_columns = [column for column in columns if column[0].required]
    cells = SheetCells(grid, archive)
    first_seen: dict[str, int] = {}
    rows: dict[str, dict[str, Value]] = {}
    last_position, reorder_reported = -1, False
    for row in range(TABLE_FIRST_DATA_ROW, grid.height):
        raw_key = grid.value(row, TABLE_KEY_COL)
        key = str(raw_key).strip()
        if is_blank(raw_key):
            if not all(is_blank(grid.value(row, col)) for _, col, _ in columns):
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
        rows[key] = _read_row(columns, answer_columns, item, cells, row, lang, file, issues)
    for item in sheet.rows:
        if item.key not in rows:
            issues.append(Issue("row-missing", file, grid.name,
                                params={"key": item.key, "label": item.label(lang)}))
    issues.extend(split_issues(sheet, rows, file, grid.name, lang))
    submission.tables[sheet.id] = rows


def _read_row(columns: list[Column], answer_columns: list[Column], item, cells: SheetCells, row: int, lang: str,
              file: str, issues: list[Issue]) -> dict[str, Value]:
    unanswered = row_is_empty(answer_columns, cells, row)
    row_issues: list[Issue] = []
    values = check_row(columns, cells, row, lang, file, row_issues, row_key=item.key)
    if unanswered:
        # One finding for an untouched row instead of one per empty cell; a given row is the
        # consultant's to prefill, so its absence means the template was sent out unprefilled.
        row_issues = [issue for issue in row_issues if issue.code != "required-missing"]
        row_issues.append(Issue("given-missing" if item.given else "row-unanswered", file, cells.name,
                                cell_ref(row, answer_columns[0][1]),
                                params={"key": item.key, "label": item.label(lang)}))
    issues.extend(row_issues)
    return values


def _check_participant_id(submission: Submission, issues: list[Issue]) -> None:
    """A participant id becomes part of output names and database keys: letters, digits and '-' only."""
    cell = submission.form.get(submission.domain.participant_field)
    if cell is None or cell.value is None or PARTICIPANT_ID.fullmatch(str(cell.value)):
        return
    _, field_ = submission.domain.form_field(submission.domain.participant_field)
    issues.append(Issue("participant-id-invalid", submission.path, cell.sheet, cell.ref, field_.id,
                        {"field": field_.label(submission.language), "found": str(cell.value),
                         "allowed": PARTICIPANT_ID_TEXT}))
    cell.value = None  # nothing downstream may use it


def _check_duplicate_participants(results: Sequence[FileResult]) -> None:
    """The same participant twice in a batch: the finding goes to the older file by its saved time (the
    outdated one), or, saved at the same moment, to the later one in the batch."""
    # The same participant for two different years is two rounds, not a duplicate.
    seen: dict[tuple[str, object, object], FileResult] = {}
    for result in results:
        submission = result.submission
        if submission is None or submission.participant is None:
            continue
        key = (submission.domain.id, submission.participant_identity, submission.round_year)
        if key not in seen:
            seen[key] = result
            continue
        kept, outdated = seen[key], result
        if (outdated.saved_at or "") > (kept.saved_at or ""):
            kept, outdated = outdated, kept
            seen[key] = kept
        cell = outdated.submission.form[outdated.submission.domain.participant_field]
        outdated.issues.append(Issue("duplicate-participant", outdated.path, cell.sheet, cell.ref,
                                     outdated.submission.domain.participant_field,
                                     {"participant": str(cell.raw), "other_file": Path(kept.path).name}))
