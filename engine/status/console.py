"""``kommunebench status``: the round status as text (for the consultant) or JSON (for scripts)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TextIO

from engine.status.model import STATES, RoundStatus, errors_text
from engine.text import Text
from engine.validation.issues import first_issues


def print_status(status: RoundStatus, lang: str, out: TextIO | None = None) -> None:
    out = out or sys.stdout
    for line in status_lines(status, lang):
        print(line, file=out)


def status_lines(status: RoundStatus, lang: str) -> list[str]:
    """The summary, a table of one line per participant (its findings across documents below it)."""
    spec = status.spec
    lines = [status.summary(lang)]
    if not status.expected_given:
        lines.append(Text("(ingen liste over forventede deltagere: brug --expected deltagere.csv eller [expected] i "
                          "--config for at se, hvem der mangler)",
                          "(no list of expected participants: use --expected participants.csv or [expected] in "
                          "--config to see who is missing)")(lang))
    if status.participants:
        names = [p.name for p in status.participants]
        key_width = max(len(spec.participant_label(lang)), *(len(p.participant) for p in status.participants))
        name_width = min(34, max(4, *(len(name) for name in names)))
        document_widths = [max(len(d.label(lang)), *(len(p.documents[i].describe(lang)) for p in status.participants))
                           for i, d in enumerate(spec.documents)]
        header = [spec.participant_label(lang).ljust(key_width), Text("Navn", "Name")(lang).ljust(name_width)]
        header += [d.label(lang).ljust(width) for d, width in zip(spec.documents, document_widths)]
        lines.append("  " + "  ".join(header).rstrip())
        for participant in status.participants:
            cells = [participant.participant.ljust(key_width), _clip(participant.name, name_width).ljust(name_width)]
            cells += [d.describe(lang).ljust(width) for d, width in zip(participant.documents, document_widths)]
            if participant.expected is False:
                cells.append(Text("(ikke på listen over forventede)", "(not on the expected list)")(lang))
            lines.append("  " + "  ".join(cells).rstrip())
            lines += ["    " + _finding_line(issue, lang) for issue in participant.findings]
    if status.unidentified:
        lines.append(Text("Afviste filer, der ikke kunne knyttes til en deltager:",
                          "Refused files that could not be tied to a participant:")(lang))
        lines += [f"  {refusal.file_name}  ({errors_text(refusal.errors, lang)})" for refusal in status.unidentified]
    # A 200,000-row register file must not print 200,000 lines: the rest are counted by code.
    shown, rest = first_issues(status.round_findings, ROUND_FINDING_LINES,
                               Text("kommunebench status --json eller --xlsx", "kommunebench status --json or --xlsx"))
    lines += [_finding_line(issue, lang) for issue in shown]
    if rest is not None:
        lines.append(rest(lang))
    return lines


ROUND_FINDING_LINES = 50  # findings about the round as a whole (the register file) printed one a line
_SEVERITY = {"error": Text("fejl", "error"), "warning": Text("advarsel", "warning"), "info": Text("bemærkning", "note")}


def _finding_line(issue, lang: str) -> str:
    """Severity, file, location and message of a finding that may sit in any of a participant's files."""
    severity = _SEVERITY[issue.severity]
    return f"{severity(lang)}: {issue.place}: {issue.message(lang)}"


def print_status_json(status: RoundStatus, lang: str, out: TextIO | None = None) -> None:
    out = out or sys.stdout
    json.dump(status_document(status, lang), out, ensure_ascii=False, indent=2)
    out.write("\n")


def status_document(status: RoundStatus, lang: str) -> dict:
    """The status as plain data (the ``--json`` output)."""
    def document(d) -> dict:
        plain = {"state": d.state, "file": d.file_name, "submissions": d.submissions, "refusals": d.refusals,
                 "errors": d.errors, "refused_later": d.refused_later, "text": d.describe(lang)}
        if d.parts is not None:
            plain["parts"] = {name: document(part) for name, part in d.parts}
        return plain

    return {
        "benchmark": status.benchmark,
        "round": status.year,
        "expected_given": status.expected_given,
        "complete": status.complete,
        "counts": {state: status.count(state) for state in STATES},
        "participants": [{
            "participant": p.participant,
            "name": p.name,
            "expected": p.expected,
            "state": p.state,
            "documents": {spec.domain: document(d) for spec, d in zip(status.spec.documents, p.documents)},
            "findings": [_finding(issue, lang) for issue in p.findings],
        } for p in status.participants],
        "unidentified_refusals": [{"file": r.file_name, "sha256": r.sha256, "template": r.domain,
                                   "errors": r.errors, "refused_at": r.refused_at} for r in status.unidentified],
        "round_findings": [_finding(issue, lang) for issue in status.round_findings],
    }


def _finding(issue, lang: str) -> dict:
    return {"code": issue.code, "severity": issue.severity, "place": issue.place, "message": issue.message(lang)}


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def status_command(db: Path, benchmark: str, year: int, expected_csv: Path | None, config: Path | None,
                   xlsx: Path | None, lang: str, as_json: bool, register: Path | None = None) -> int:
    """``kommunebench status``: print the status (text or JSON), optionally write it as a workbook.

    ``register`` (jobcenter) is checked too: its findings, and every participant it has no row for.
    Exit code 0 when everyone expected is received, 1 while anyone is refused, missing or inconsistent.
    """
    from engine.status.expected import expected_participants
    from engine.status.model import round_status
    from engine.store.database import Store

    expected, names = expected_participants(benchmark, expected_csv, config)
    with Store(db) as store:
        status = round_status(store, benchmark, year, expected, names)
    if register is not None:
        from engine.benchmarks.jobcenter.status import register_findings

        status.round_findings = register_findings(register, [p.participant for p in status.participants])
    (print_status_json if as_json else print_status)(status, lang)
    if xlsx is not None:
        written = write_status_workbook(status, xlsx, lang)
        print(Text(f"skrev {written}", f"wrote {written}")(lang), file=sys.stderr if as_json else sys.stdout)
    return 0 if status.complete else 1


def write_status_workbook(status: RoundStatus, path: Path, lang: str) -> Path:
    """The status on a sheet of its own, written atomically."""
    import xlsxwriter

    from engine.report.print_layout import lay_out_workbook
    from engine.report.status_sheet import add_status_sheet
    from engine.workbook.atomic import atomic_path

    with atomic_path(path) as tmp:
        workbook = xlsxwriter.Workbook(str(tmp))
        add_status_sheet(workbook, status, status.summary(lang), lang)
        lay_out_workbook(workbook)
        workbook.close()
    return path
