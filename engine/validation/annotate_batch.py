"""Annotated copies for a whole batch, each bounded in time and memory like validation.

openpyxl builds every cell, shared string and style as Python objects: a small
file with a million junk rows or a huge styles part takes tens of seconds and
hundreds of MB where validating it takes a moment. So a file whose parts are too
large is not handed to openpyxl at all, and every annotation runs in a worker of
:mod:`engine.workbook.isolation` with a memory cap and a deadline. Either way the file gets
an ``annotation-too-large`` finding instead of a copy, and the batch goes on.
An output folder that cannot be written is reported once; the findings are
still printed by the caller.
"""

from __future__ import annotations

import zipfile
from collections.abc import Sequence
from pathlib import Path

from engine.workbook.isolation import Bounds, run_isolated
from engine.validation.issues import Issue
from engine.text import Text
from engine.validation.validate import FileResult

# openpyxl needs roughly 50-100 times a part's XML size in memory; genuine filled templates
# unpack to well under 1 MB of sheets, strings and styles.
MAX_ANNOTATED_XML_BYTES = 8 * 2**20
BOUNDS = Bounds(memory_bytes=768 << 20, seconds=60.0)
_HEAVY_PARTS = ("xl/worksheets/", "xl/sharedStrings.xml", "xl/styles.xml")


def write_annotations(results: Sequence[FileResult], out_dirs: Sequence[Path], lang: str,
                      workers: int = 1) -> tuple[dict[str, Path], str | None]:
    """Annotate every result into its folder; return the copies written and, if any, why a folder was unwritable.

    A file too large to annotate gets an ``annotation-too-large`` warning in its issues.
    """
    tasks = []
    for result, out_dir in zip(results, out_dirs):
        too_large = _too_large(result.path)
        if too_large is not None:
            result.issues.append(Issue("annotation-too-large", result.path, params={"detail": too_large}))
        else:
            tasks.append((result, out_dir, lang))
    outcomes = run_isolated(_annotate, tasks, _failed, workers, BOUNDS)
    annotated: dict[str, Path] = {}
    unwritable = None
    for (result, _, _), (kind, value) in zip(tasks, outcomes):
        if kind == "written" and value is not None:
            annotated[result.path] = value
        elif kind == "unwritable":
            unwritable = unwritable or value
        elif kind == "failed":
            result.issues.append(Issue("annotation-too-large", result.path, params={"detail": value}))
    return annotated, unwritable


def _annotate(result: FileResult, out_dir: Path, lang: str) -> tuple[str, object]:
    from engine.validation.annotate import write_annotated
    from engine.store.faults import describe_os

    try:
        return "written", write_annotated(result, out_dir, lang)
    except OSError as error:
        return "unwritable", describe_os(out_dir, error)


def _failed(task: tuple, why: Text) -> tuple[str, Text]:
    return "failed", why


def _too_large(path: str) -> Text | None:
    """Why the workbook is too large for openpyxl, from its zip directory alone (no part is unpacked)."""
    try:
        with zipfile.ZipFile(path) as zf:
            size = sum(info.file_size for info in zf.infolist() if info.filename.startswith(_HEAVY_PARTS))
    except (OSError, zipfile.BadZipFile):
        return None  # the validator has reported it; write_annotated skips such files
    if size <= MAX_ANNOTATED_XML_BYTES:
        return None
    mib, limit = size / 2**20, MAX_ANNOTATED_XML_BYTES / 2**20
    return Text(f"arkene, tekster og formater fylder {mib:.0f} MB udpakket (grænse {limit:.0f} MB)",
                f"its sheets, strings and styles unpack to {mib:.0f} MB (limit {limit:.0f} MB)")
