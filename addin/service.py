"""What the add-in server does with an upload, as plain functions over bytes.

These run in the server's worker processes (:mod:`addin.server`), so each takes and returns
picklable values and imports the engine only when called. No web framework here: the same
functions are tested directly, and the engine stays free of HTTP.

An upload is written to a private temporary folder under the name it came with (so findings
name the user's file, not ours), inspected and validated exactly as ``kommunebench validate``
does, and deleted with its folder when the call returns: nothing is kept unless the server was
started with a folder to keep uploads in.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

DEFAULT_NAME = "projektmappe.xlsx"
# What a user can see in a file name; anything else (path separators, control characters) goes.
_UNSAFE = re.compile(r"[^\w .,()+\-æøåÆØÅ]")
TEMPLATE_CODES = {"not-a-template", "template-unknown", "template-version-unknown"}


class PrefillRefused(ValueError):
    """The prefill answers are not valid; the message names the field."""


def safe_name(name: str | None) -> str:
    """A plain .xlsx file name from what the client sent.

    >>> safe_name("../../etc/passwd"), safe_name("Odense 2026.xlsx"), safe_name(None)
    ('passwd.xlsx', 'Odense 2026.xlsx', 'projektmappe.xlsx')
    """
    base = Path((name or "").replace("\\", "/")).name
    base = _UNSAFE.sub("", base).strip(" .")[:120]
    if not base:
        return DEFAULT_NAME
    return base if base.lower().endswith((".xlsx", ".xlsm")) else base + ".xlsx"


@contextmanager
def uploaded(data: bytes, name: str, keep_dir: str | None = None) -> Iterator[Path]:
    """The upload as a file in a private temporary folder, removed afterwards (copied to ``keep_dir`` if set)."""
    folder = Path(tempfile.mkdtemp(prefix="kommunebench-upload-"))
    try:
        path = folder / safe_name(name)
        path.write_bytes(data)
        if keep_dir:
            stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
            Path(keep_dir).mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, Path(keep_dir) / f"{stamp}_{path.name}")
        yield path
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def validate_upload(data: bytes, name: str, lang: str, keep_dir: str | None = None) -> dict[str, Any]:
    """Findings, their sheet groups and the mark plan for one uploaded workbook, as JSON-ready data."""
    from engine.validation.mark_plan import plan_marks, sheet_counts
    from engine.validation.validate import check_across_workbooks, validate_file

    with uploaded(data, name, keep_dir) as path:
        result = validate_file(path)
        check_across_workbooks([result])  # the same notes as `kommunebench validate` of this one file
        folder = str(path.parent) + "/"
        issues = [_public(issue.as_dict(lang), path.name, folder) for issue in result.issues]
    codes = {issue.code for issue in result.issues}
    groups = {issue.type.group for issue in result.issues}
    if "file" in groups:
        status = "rejected"
    elif codes & TEMPLATE_CODES:
        status = "not-a-template"
    else:
        status = "valid" if result.valid else "invalid"
    submission = result.submission
    return {
        "file": path.name,
        "status": status,
        "valid": result.valid,
        "template": submission.domain.id if submission else None,
        "participant": submission.participant if submission else None,
        "errors": result.error_count,
        "warnings": result.warning_count,
        "issues": issues,
        "groups": sheet_counts(result.issues),
        "marks": [mark.as_dict() for mark in plan_marks(result.issues, lang, result.sheet_order)],
    }


def annotate_upload(data: bytes, name: str, lang: str, keep_dir: str | None = None) -> tuple[str, bytes] | None:
    """The annotated copy of an uploaded workbook (its file name and bytes), or ``None`` if it cannot have one."""
    from engine.validation.annotate import write_annotated
    from engine.validation.validate import validate_file

    with uploaded(data, name, keep_dir) as path:
        result = validate_file(path)
        target = write_annotated(result, path.parent / "annotated", lang)
        if target is None:
            return None
        return target.name, target.read_bytes()


def template_bytes(domain_id: str, lang: str, answers: Mapping[str, object] | None = None) -> tuple[str, bytes]:
    """A blank template, or one prefilled with front-sheet answers (field id -> value); file name and bytes."""
    from engine.benchmarks import get_domain
    from engine.templates.prefill import PrefillError, front_fields, prefilled_values
    from engine.templates.writer import template_filename, write_template
    from engine.workbook.output_paths import slug

    domain = get_domain(domain_id)
    values: dict = {}
    filename = template_filename(domain, lang)
    if answers:
        known = front_fields(domain)
        unknown = sorted(set(answers) - set(known))
        if unknown:
            raise PrefillRefused(f"unknown field(s) {', '.join(unknown)}; known: {', '.join(sorted(known))}")
        try:
            values, key = prefilled_values(domain, answers, "prefill")
        except PrefillError as error:
            raise PrefillRefused(str(error)) from None
        filename = f"{domain.id}_{slug(str(key))}.xlsx"
    with tempfile.TemporaryDirectory(prefix="kommunebench-template-") as folder:
        path = write_template(domain, Path(folder) / filename, lang, values)
        return filename, path.read_bytes()


def template_catalogue(lang: str) -> list[dict[str, str]]:
    """The templates the server hands out: id and title."""
    from engine.benchmarks import DOMAIN_IDS, get_domain

    return [{"id": domain_id, "title": get_domain(domain_id).title(lang)} for domain_id in DOMAIN_IDS]


def _public(issue: dict[str, Any], name: str, folder: str) -> dict[str, Any]:
    """A finding as the client may see it: its file is the uploaded name, never our temporary path."""
    issue = dict(issue, file=name)
    for key in ("message", "fix"):
        issue[key] = str(issue[key]).replace(folder, "")
    issue["params"] = {k: v.replace(folder, "") if isinstance(v, str) else v for k, v in issue["params"].items()}
    return issue
