"""``kommunebench demo``: whole benchmark rounds on synthetic data, no network, no configuration.

template → prefill → fill (30 municipalities, a few with the mistakes people
typically make) → validate with annotated copies → ingest (mistakes refused) →
corrected resubmissions → run: comparison workbooks and the consultant's overview.
A 2025 round is ingested first so the reports can show last year's values.
Then a residential care (botilbud) round of about 120 facilities, each with a
questionnaire and a staff time registration, a few with typical errors.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
import shutil
import time
from pathlib import Path

from engine.benchmarks import get_domain
from engine.benchmarks.administration.synthetic import administration_values, draw_profile
from engine.reference import municipalities
from engine.run import default_workers, ingest_files, run_round
from engine.templates.layout import TABLE_FIRST_DATA_ROW, form_field_row, table_field_col
from engine.templates.prefill import write_prefilled
from engine.templates.writer import slug, write_template
from engine.validation.validate import validate_files

DEMO_SIZE = 30
DEMO_YEAR = 2026
BOTILBUD_SIZE = 120


def run_demo(out: Path, seed: int = 2026) -> int:
    started = time.perf_counter()
    domain = get_domain("administration")
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    folder = {name: out / name for name in ("templates", "prefilled", "submissions_2025", "submissions",
                                           "annotated", "corrections", "reports")}
    for path in folder.values():
        path.mkdir(parents=True)
    db = out / "bench.sqlite"
    workers = default_workers()

    print("1. Templates")
    for lang, name in (("da", "administration.xlsx"), ("en", "administration_en.xlsx")):
        write_template(domain, folder["templates"] / name, lang)
    codes = sorted(rng.sample(sorted(municipalities()), DEMO_SIZE))
    participants = folder["templates"] / "participants.csv"
    with participants.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([["municipality", "year"], *([code, DEMO_YEAR] for code in codes)])
    write_prefilled(domain, participants, folder["prefilled"])
    print(f"   blank templates and {DEMO_SIZE} prefilled templates written")

    print("2. Last year's round (2025)")
    profiles = {code: draw_profile(rng, code) for code in codes}
    last_year = []
    for code in codes:
        values = administration_values(rng, profiles[code], DEMO_YEAR - 1)
        last_year.append(write_template(domain, folder["submissions_2025"] / _name(profiles[code]), "da", values))
    stored = sum(o.stored for o in ingest_files(last_year, db, DEMO_YEAR - 1, workers))
    print(f"   {stored} submissions stored for 2025")

    print(f"3. This year's submissions ({DEMO_YEAR})")
    submissions = [write_template(domain, folder["submissions"] / _name(profiles[code]), "da",
                                  administration_values(rng, profiles[code], DEMO_YEAR)) for code in codes]
    mistaken = submissions[:3]
    for path, mistakes in zip(mistaken, (_typical_mistakes, _typed_wrong_units, _deleted_row_and_formula)):
        mistakes(domain, path)
    results = validate_files(submissions, workers=workers)
    from engine.validation.annotate import write_annotated

    for result in results:
        if result.issues:
            write_annotated(result, folder["annotated"], "da")
            print(f"   {Path(result.path).name}: {_count(result.error_count, 'error')}, "
                  f"{_count(result.warning_count, 'warning')} → annotated copy in {folder['annotated'].name}/")

    print("4. Ingest")
    outcomes = ingest_files(submissions, db, DEMO_YEAR, workers)
    refused = [o for o in outcomes if not o.stored]
    print(f"   {len(outcomes) - len(refused)} stored, {len(refused)} refused with their issues "
          f"({', '.join(Path(o.path).name for o in refused)})")
    print("   two municipalities send corrected workbooks; the third has not answered yet")
    corrections = []
    for path in mistaken[:2]:
        code = path.name.split("_")[0]
        corrected = folder["corrections"] / path.name
        write_template(domain, corrected, "da", administration_values(rng, profiles[code], DEMO_YEAR))
        corrections.append(corrected)
    for outcome in ingest_files(corrections, db, DEMO_YEAR, workers):
        print(f"   {Path(outcome.path).name}: {'stored' if outcome.stored else 'refused'}")

    print("5. Reports")
    summary = run_round(db, DEMO_YEAR, folder["reports"], "da", workers=workers)
    print(f"   {len(summary.written)} comparison workbooks and the overview {summary.overview.name}")
    for participant, error in summary.failed.items():
        print(f"   FAILED {participant}: {error.splitlines()[-1]}")

    botilbud = _botilbud_round(out, db, seed, workers)

    elapsed = time.perf_counter() - started
    example = summary.written[0] if summary.written else None
    print()
    print(f"Demo finished in {elapsed:.1f} s. Look at:")
    print(f"  {folder['reports']}/        one comparison workbook per municipality, e.g. {example.name if example else '-'}")
    print(f"  {summary.overview}   all municipalities side by side (for the consultant)")
    print(f"  {folder['annotated']}/      the refused workbooks with every issue marked at its cell")
    print(f"  {folder['templates']}/      blank templates (Danish and English); {folder['prefilled'].name}/ ready to send")
    print(f"  {db}         the round's database (SQLite): values with file, sha256 and cell of origin")
    print(f"  {botilbud.out_dir}/   residential care: one workbook per facility (5 most similar peers, cluster, "
          f"cases) and {botilbud.overview.name}")
    return 0 if not (summary.failed or botilbud.failed) else 1


def _botilbud_round(out: Path, db: Path, seed: int, workers: int):
    """About 120 residential care facilities: questionnaire + time registration, a few typical errors."""
    from engine.benchmarks.botilbud.synthetic import draw_round

    print(f"6. Residential care (botilbud) {DEMO_YEAR}: {BOTILBUD_SIZE} facilities")
    folder = out / "botilbud"
    submissions, reports = folder / "submissions", folder / "reports"
    submissions.mkdir(parents=True)
    questionnaire, time_registration = get_domain("botilbud"), get_domain("botilbud_tid")
    paths = []
    for index, facility in enumerate(draw_round(seed, BOTILBUD_SIZE, DEMO_YEAR)):
        values, registrations = dict(facility.questionnaire), dict(facility.time_registration)
        if index == 0:  # typical errors: front-line FTE above total, a day registered twice as long as a shift
            values[("front", "fte_frontline")] = values[("front", "fte_total")] + 4
            registrations[("registrations", 0, "direct")] = 1_500
        if index == 1:  # a registration dated after the period
            registrations[("registrations", 3, "date")] = registrations[("front", "period_end")] + dt.timedelta(days=9)
        code = facility.facility.facility_id
        paths.append(write_template(questionnaire, submissions / f"{code}_spørgeskema.xlsx", "da", values))
        paths.append(write_template(time_registration, submissions / f"{code}_tidsregistrering.xlsx", "da",
                                    registrations))
    outcomes = ingest_files(paths, db, DEMO_YEAR, workers)
    refused = [o for o in outcomes if not o.stored]
    print(f"   {len(outcomes) - len(refused)} workbooks stored, {len(refused)} refused: "
          + ", ".join(f"{Path(o.path).name} ({', '.join(sorted({i.code for i in o.issues if i.severity == 'error'}))})"
                      for o in refused))
    summary = run_round(db, DEMO_YEAR, reports, "da", workers=workers, benchmark="botilbud")
    print(f"   {len(summary.written)} facility workbooks and the overview {summary.overview.name}")
    for participant, error in summary.failed.items():
        print(f"   FAILED {participant}: {error.splitlines()[-1]}")
    return summary


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _name(profile) -> str:
    return f"{profile.code}_{slug(profile.name)}.xlsx"


def _cell(sheet, key: str, field_id: str) -> tuple[int, int]:
    row = TABLE_FIRST_DATA_ROW + next(i for i, item in enumerate(sheet.rows) if item.key == key)
    return row + 1, table_field_col(sheet, field_id) + 1


def _edit(domain, path: Path, change) -> None:
    # Made with openpyxl, as a person editing in a spreadsheet program would.
    import openpyxl

    book = openpyxl.load_workbook(path)
    change(book)
    book.save(path)


def _typical_mistakes(domain, path: Path) -> None:
    finance, front = domain.sheet("finance"), domain.sheet("front")

    def change(book):
        ws = book[finance.name("da")]
        ws.cell(*_cell(finance, "FIN-005", "centralisation")).value = 4
        ws.cell(*_cell(finance, "FIN-012", "fte")).value = "ca. 2"
        ws.cell(*_cell(finance, "FIN-031", "digital_solution")).value = 1.5
        book[front.name("da")].cell(form_field_row(front, "contact_email") + 1, 2).value = "kontakt på kommunen"

    _edit(domain, path, change)


def _typed_wrong_units(domain, path: Path) -> None:
    hr, front = domain.sheet("hr"), domain.sheet("front")

    def change(book):
        # Hours typed where FTE belong: more than the municipality has employees.
        book[hr.name("da")].cell(*_cell(hr, "HR-041", "fte")).value = 120_000
        book[front.name("da")].cell(form_field_row(front, "year") + 1, 2).value = None

    _edit(domain, path, change)


def _deleted_row_and_formula(domain, path: Path) -> None:
    hr = domain.sheet("hr")

    def change(book):
        ws = book[hr.name("da")]
        ws.cell(*_cell(hr, "HR-020", "digital_process")).value = "=0.5*2"
        ws.delete_rows(_cell(hr, "HR-100", "fte")[0])

    _edit(domain, path, change)
