"""Validation results for people (text) and machines (JSON) on standard output."""

from __future__ import annotations

import json
import math
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TextIO

from engine.cli_text import ERRORS, FILE, WARNINGS
from engine.text import Text, counted
from engine.validation.issues import Issue, first_issues
from engine.validation.validate import FileResult

LINES_PER_FILE = 500  # findings printed one a line for one file; the rest are counted by code
_SEVERITY = {"error": Text("fejl", "error"), "warning": Text("advarsel", "warning"),
             "info": Text("bemærkning", "note")}


def issue_line(issue: Issue, lang: str) -> str:
    """One finding on one indented line: severity, location, code, message."""
    return f"  {_SEVERITY[issue.severity](lang):<9} {issue.location or '-':<28} {issue.code:<24} {issue.message(lang)}"


def print_text(results: Sequence[FileResult], lang: str, annotated: Mapping[str, Path],
               out: TextIO | None = None) -> None:
    out = out or sys.stdout
    for result in results:
        status = Text("OK", "OK") if result.valid else Text("FEJL", "INVALID")
        counts = _counts(result.error_count, result.warning_count)
        print(f"{status(lang)}  {result.path}  ({counts(lang)})", file=out)
        shown, rest = first_issues(result.issues, LINES_PER_FILE, Text("--json eller --annotate", "--json or --annotate"))
        for issue in shown:
            print(issue_line(issue, lang), file=out)
        if rest is not None:
            print(rest(lang), file=out)
        if result.path in annotated:
            print("  " + Text("Kommenteret kopi: ", "Annotated copy: ")(lang) + str(annotated[result.path]), file=out)
    valid = sum(1 for r in results if r.valid)
    errors = sum(r.error_count for r in results)
    warnings = sum(r.warning_count for r in results)
    totals = _counts(errors, warnings)
    files = counted(len(results), *FILE)
    summary = Text(f"{files.da}: {valid} {'gyldig' if valid == 1 else 'gyldige'}, {len(results) - valid} med fejl "
                   f"({totals.da} i alt)",
                   f"{files.en}: {valid} valid, {len(results) - valid} invalid ({totals.en} in total)")
    print(summary(lang), file=out)


def _counts(errors: int, warnings: int) -> Text:
    error_text, warning_text = counted(errors, *ERRORS), counted(warnings, *WARNINGS)
    return Text(f"{error_text.da}, {warning_text.da}", f"{error_text.en}, {warning_text.en}")


def print_json(results: Sequence[FileResult], lang: str, annotated: Mapping[str, Path],
               out: TextIO | None = None) -> None:
    out = out or sys.stdout
    document = {
        "files": [
            {
                "file": result.path,
                "valid": result.valid,
                "template": result.submission.domain.id if result.submission else None,
                "participant": result.submission.participant if result.submission else None,
                "errors": result.error_count,
                "warnings": result.warning_count,
                "seconds": round(result.seconds, 4),
                "annotated": str(annotated[result.path]) if result.path in annotated else None,
                "issues": [issue.as_dict(lang) for issue in result.issues],
            }
            for result in results
        ],
        "summary": {
            "files": len(results),
            "valid": sum(1 for r in results if r.valid),
            "errors": sum(r.error_count for r in results),
            "warnings": sum(r.warning_count for r in results),
        },
    }
    # Strict JSON: a non-finite number is written as text, never as the NaN/Infinity JSON lacks;
    # a file name that is not valid UTF-8 is written with replacement characters.
    json.dump(_json_safe(document), out, ensure_ascii=False, indent=2, allow_nan=False)
    out.write("\n")


def _json_safe(value):
    if isinstance(value, float) and not math.isfinite(value):
        return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
    if isinstance(value, str):
        return value.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    if isinstance(value, dict):
        return {_json_safe(k): _json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json_safe(v) for v in value]
    return value
