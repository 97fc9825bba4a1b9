"""What the command line says to people, in Danish (default) and English.

``--help`` stays English (it documents options whose names are English); everything a command
prints while it works (progress, summaries, errors) comes from here, so a Danish user sees
Danish from the command line on. Counts use :func:`engine.text.counted` ("1 fil", "2 filer").
"""

from __future__ import annotations

from pathlib import Path

from engine.text import Text, counted, format_number

ERROR = Text("fejl", "error")
FAILED = Text("FEJLEDE", "FAILED")
VALIDATING = Text("validerer", "validating")
WRITING_REPORTS = Text("skriver rapporter", "writing reports")
STORED = Text("gemt", "stored")
REPLACED = Text("erstattet", "replaced")
REFUSED = Text("afvist", "refused")
UNCHANGED = Text("uændret", "unchanged")
WHY_UNCHANGED = {
    "identical": Text("runden har allerede præcis denne fil; gældende er {current}",
                      "the round already holds exactly this file; current is {current}"),
    "older": Text("gemt før den gældende {current}; den nyeste efter arbejdsbogens gemt-tidspunkt gælder",
                  "saved before the current {current}; the latest by the workbook's saved time is current"),
}

FILE = (Text("fil", "file"), Text("filer", "files"))
REPORT = (Text("rapport", "report"), Text("rapporter", "reports"))
ERRORS = (Text("fejl", "error"), Text("fejl", "errors"))
WARNINGS = (Text("advarsel", "warning"), Text("advarsler", "warnings"))
PREFILLED = (Text("forudfyldt skabelon", "prefilled template"), Text("forudfyldte skabeloner", "prefilled templates"))


def message_language(lang: str | None) -> str:
    """The language of messages for a ``--lang`` choice ('all' and none speak Danish)."""
    return "en" if lang == "en" else "da"


def wrote(path: Path) -> Text:
    return Text(f"skrev {path}", f"wrote {path}")


def prefilled_written(n: int, template_lang: str, out: Path) -> Text:
    what = counted(n, *PREFILLED)
    return Text(f"{what.da} ({template_lang}) skrevet til {out}/", f"{what.en} ({template_lang}) written to {out}/")


def stored_summary(stored: int, total: int, db: Path, year: int) -> Text:
    """'1 af 1 fil gemt i bench.sqlite (runde 2026)': the noun agrees with the total."""
    files = FILE[0] if total == 1 else FILE[1]
    return Text(f"{format_number(stored, 'da')} af {format_number(total, 'da')} {files.da} gemt i {db} (runde {year})",
                f"{format_number(stored, 'en')} of {format_number(total, 'en')} {files.en} stored in {db} "
                f"(round {year})")


def reports_written(n: int, out: Path, overview: Path | None) -> Text:
    what = counted(n, *REPORT)
    return Text(f"{what.da} skrevet til {out}/; oversigt: {overview}",
                f"{what.en} written to {out}/; overview: {overview}")


def unknown_domain(domain: str, known: str) -> Text:
    return Text(f"ukendt domæne {domain!r}; kendte: {known}", f"unknown domain {domain!r}; known: {known}")


def skipped_folder(directory: Path) -> Text:
    return Text(f"{directory}: ingen .xlsx-filer i mappen; springes over",
                f"{directory}: no .xlsx files in this folder; skipped")


def no_database(db: Path) -> Text:
    return Text(f"ingen database i {db}; opret den med kommunebench ingest",
                f"no database at {db}; create it with kommunebench ingest")


def empty_round(year: int, benchmark: str, db: Path) -> Text:
    return Text(f"runde {year} har ingen {benchmark}-besvarelser i {db}",
                f"round {year} has no {benchmark} submissions in {db}")


def seconds(value: float, lang: str) -> str:
    """'1,2 s' / '1.2 s'."""
    return f"{format_number(round(value, 1), lang)} s"


def run_time(iso: str) -> str:
    """'2026-12-07 16:22 UTC' from a recorded run's time (the store keeps UTC)."""
    return f"{iso[:16].replace('T', ' ')} UTC"


def using_kept_file(label: Text, stored_at: str, sha256: str) -> Text:
    return Text(f"bruger {label.da} gemt ved kørslen {run_time(stored_at)} (sha256 {sha256[:12]})",
                f"using {label.en} stored by the run of {run_time(stored_at)} (sha256 {sha256[:12]})")


def input_file_changed(label: Text, before: str, now: str) -> Text:
    return Text(f"{label.da.capitalize()} er ændret siden sidste kørsel (sha256 {before[:12]} → {now[:12]}); "
                f"den angivne fil bruges og gemmes",
                f"{label.en.capitalize()} changed since the last run (sha256 {before[:12]} → {now[:12]}); "
                f"the new one is stored and used")


def no_input_file(benchmark: str, parameter: str, label: Text, year: int) -> Text:
    option = "--" + parameter.removesuffix("_file").replace("_", "-")
    return Text(f"{benchmark}-benchmarket skal bruge {label.da} for runden: angiv {option} FIL eller "
                f"{parameter} i [{benchmark}]-afsnittet af rundens konfiguration; databasen har heller ikke "
                f"gemt {label.da} for runde {year}",
                f"the {benchmark} benchmark needs {label.en} of the round: give {option} FILE or set {parameter} "
                f"in the [{benchmark}] section of the round configuration; the database has not kept {label.en} "
                f"for round {year} either")
