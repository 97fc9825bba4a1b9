"""``kommunebench status``: the round status as text (for the consultant) or JSON (for scripts)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TextIO

from engine.status.model import STATES, RoundStatus, errors_text
from engine.text import Text


def print_status(status: RoundStatus, lang: str, out: TextIO | None = None) -> None:
    out = out or sys.stdout
    spec = status.spec
    print(status.summary(lang), file=out)
    if not status.expected_given:
        print(Text("(ingen liste over forventede deltagere: brug --expected deltagere.csv eller [expected] i "
                   "--config for at se, hvem der mangler)",
                   "(no list of expected participants: use --expected participants.csv or [expected] in --config "
                   "to see who is missing)")(lang), file=out)
    if not status.participants:
        return
    names = [p.name for p in status.participants]
    key_width = max(len(spec.participant_label(lang)), *(len(p.participant) for p in status.participants))
    name_width = min(34, max(4, *(len(name) for name in names)))
    document_widths = [max(len(d.label(lang)), *(len(p.documents[i].describe(lang)) for p in status.participants))
                       for i, d in enumerate(spec.documents)]
    header = [spec.participant_label(lang).ljust(key_width), Text("Navn", "Name")(lang).ljust(name_width)]
    header += [d.label(lang).ljust(width) for d, width in zip(spec.documents, document_widths)]
    print("  " + "  ".join(header).rstrip(), file=out)
    for participant in status.participants:
        cells = [participant.participant.ljust(key_width), _clip(participant.name, name_width).ljust(name_width)]
        cells += [d.describe(lang).ljust(width) for d, width in zip(participant.documents, document_widths)]
        if participant.expected is False:
            cells.append(Text("(ikke på listen over forventede)", "(not on the expected list)")(lang))
        print("  " + "  ".join(cells).rstrip(), file=out)
    if status.unidentified:
        print(Text("Afviste filer, der ikke kunne knyttes til en deltager:",
                   "Refused files that could not be tied to a participant:")(lang), file=out)
        for refusal in status.unidentified:
            print(f"  {refusal.file_name}  ({errors_text(refusal.errors, lang)})", file=out)


def print_status_json(status: RoundStatus, lang: str, out: TextIO | None = None) -> None:
    out = out or sys.stdout
    document = {
        "benchmark": status.benchmark,
        "round": status.year,
        "expected_given": status.expected_given,
        "counts": {state: status.count(state) for state in STATES},
        "participants": [{
            "participant": p.participant,
            "name": p.name,
            "expected": p.expected,
            "state": p.state,
            "documents": {spec.domain: {"state": d.state, "file": d.file_name, "submissions": d.submissions,
                                        "refusals": d.refusals, "errors": d.errors,
                                        "refused_later": d.refused_later, "text": d.describe(lang)}
                          for spec, d in zip(status.spec.documents, p.documents)},
        } for p in status.participants],
        "unidentified_refusals": [{"file": r.file_name, "sha256": r.sha256, "template": r.domain,
                                   "errors": r.errors, "refused_at": r.refused_at} for r in status.unidentified],
    }
    json.dump(document, out, ensure_ascii=False, indent=2)
    out.write("\n")


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"



def status_command(db: Path, benchmark: str, year: int, expected_csv: Path | None, config: Path | None,
                   xlsx: Path | None, lang: str, as_json: bool) -> int:
    """``kommunebench status``: print the status (text or JSON), optionally write it as a workbook.

    Exit code 0 when everyone expected is received, 1 while anyone is refused or missing.
    """
    from engine.status.model import expected_participants, round_status
    from engine.store.database import Store

    expected, names = expected_participants(benchmark, expected_csv, config)
    with Store(db) as store:
        status = round_status(store, benchmark, year, expected, names)
    (print_status_json if as_json else print_status)(status, lang)
    if xlsx is not None:
        written = write_status_workbook(status, xlsx, lang)
        print(Text(f"skrev {written}", f"wrote {written}")(lang))
    complete = not any(p.state in ("refused", "missing") for p in status.participants) and not status.unidentified
    return 0 if complete else 1


def write_status_workbook(status: RoundStatus, path: Path, lang: str) -> Path:
    """The status on a sheet of its own, written atomically."""
    import xlsxwriter

    from engine.report.status_sheet import add_status_sheet
    from engine.workbook.atomic import atomic_path

    with atomic_path(path) as tmp:
        workbook = xlsxwriter.Workbook(str(tmp))
        add_status_sheet(workbook, status, status.summary(lang), lang)
        workbook.close()
    return path
