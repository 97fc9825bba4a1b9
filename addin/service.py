"""What the add-in server does with an upload, as plain functions over files in a request's folder.

These run in the server's worker processes (:mod:`addin.server`), so each takes and returns
picklable values and imports the engine only when called. No web framework here: the same
functions are tested directly, and the engine stays free of HTTP.

An upload arrives as a file in a folder the server owns (:mod:`addin.uploads`), under the name
it came with (so findings name the user's file, not ours); it is inspected and validated exactly
as ``kommunebench validate`` does, and whatever is written (an annotated copy, a template) goes
into the same folder, which the server removes once the answer is sent.
"""

from __future__ import annotations

import json
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


def keep_copy(path: Path, keep_dir: str | Path) -> None:
    """A copy of an upload in ``keep_dir`` (``--keep-uploads``), under a time stamp and its name."""
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
    Path(keep_dir).mkdir(parents=True, exist_ok=True)
    shutil.copyfile(path, Path(keep_dir) / f"{stamp}_{path.name}")


def validate_upload(upload: str, lang: str) -> dict[str, Any]:
    """Findings, their sheet groups and the mark plan for one uploaded workbook, as JSON-ready data."""
    from engine.validation.mark_plan import plan_marks, sheet_counts
    from engine.validation.validate import check_across_workbooks, validate_file

    path = Path(upload)
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


def validate_upload_json(upload: str, lang: str) -> str:
    """:func:`validate_upload` written as JSON beside the upload; its path.

    A workbook can have hundreds of thousands of findings: written here, the answer is streamed
    from the file by the server and never held whole in the server's memory.
    """
    target = Path(upload).parent / "result.json"
    # dumps, not dump: dump to a file runs the pure-Python encoder, several times slower.
    target.write_text(json.dumps(validate_upload(upload, lang), ensure_ascii=False, separators=(",", ":")),
                      encoding="utf-8")
    return str(target)


def annotate_upload(upload: str, lang: str) -> str | None:
    """The annotated copy of an uploaded workbook, written beside it; ``None`` if it cannot have one."""
    from engine.validation.annotate import write_annotated
    from engine.validation.validate import validate_file

    path = Path(upload)
    target = write_annotated(validate_file(path), path.parent / "annotated", lang)
    return None if target is None else str(target)


def check_in_memory(data: bytes, name: str, lang: str) -> dict[str, Any]:
    """:func:`validate_upload` for a workbook held in memory (the in-browser engine): a private folder, then gone."""
    with _private_copy(data, name) as path:
        return validate_upload(str(path), lang)


def annotate_in_memory(data: bytes, name: str, lang: str) -> tuple[str, bytes] | None:
    """:func:`annotate_upload` for a workbook held in memory: the copy's file name and bytes, or ``None``."""
    with _private_copy(data, name) as path:
        made = annotate_upload(str(path), lang)
        return None if made is None else (Path(made).name, Path(made).read_bytes())


@contextmanager
def _private_copy(data: bytes, name: str) -> Iterator[Path]:
    folder = Path(tempfile.mkdtemp(prefix="kommunebench-"))
    try:
        path = folder / safe_name(name)
        path.write_bytes(data)
        yield path
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def template_file(domain_id: str, lang: str, answers: Mapping[str, object] | None, folder: str) -> str:
    """A blank template, or one prefilled with front-sheet answers (field id -> value), written in ``folder``."""
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
    return str(write_template(domain, Path(folder) / filename, lang, values))


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
