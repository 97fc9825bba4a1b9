"""``kommunebench demo``: whole benchmark rounds on synthetic data, no network, no configuration.

template → prefill → fill (30 municipalities, a few with the mistakes people
typically make) → validate with annotated copies → ingest (mistakes refused) →
corrected resubmissions → run: comparison workbooks and the consultant's overview.
Two earlier rounds (2024, 2025) run first, each reported and followed by returned action plans
(:mod:`engine.demo_cycle`), so this year's reports show the development over three years and
follow up last year's plans.
Then a residential care (botilbud) round of about 120 facilities, each with a
questionnaire and a staff time registration, a few with typical errors, and a
jobcenter round of 30 municipalities (:mod:`engine.benchmarks.jobcenter.demo`).
"""

from __future__ import annotations

import csv
import datetime as dt
import random
import shutil
import time
from pathlib import Path

from engine.benchmarks import DOMAIN_IDS, get_domain
from engine.benchmarks.administration.synthetic import administration_values, draw_profile
from engine.demo_cycle import earlier_rounds, worked_on
from engine.reference import municipalities
from engine.run import default_workers, ingest_files, run_round
from engine.status.model import round_status
from engine.store.database import Store
from engine.templates.layout import TABLE_FIRST_DATA_ROW, form_field_row, table_field_col
from engine.templates.prefill import write_prefilled
from engine.templates.writer import template_filename, write_template
from engine.text import LANGUAGES, Text, counted, format_number
from engine.validation.annotate import write_annotated
from engine.validation.validate import validate_files
from engine.workbook.output_paths import slug

DEMO_SIZE = 30
DEMO_YEAR = 2026
BOTILBUD_SIZE = 120


def run_demo(out: Path, seed: int = 2026, lang: str = "da") -> int:
    started = time.perf_counter()
    say = _Say(lang)
    domain = get_domain("administration")
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    folder = {name: out / name for name in ("templates", "prefilled", "submissions",
                                           "annotated", "corrections", "reports")}
    for path in folder.values():
        path.mkdir(parents=True)
    db = out / "bench.sqlite"
    workers = default_workers()

    say("1. Skabeloner", "1. Templates")
    for domain_id in DOMAIN_IDS:
        for template_lang in LANGUAGES:
            template = get_domain(domain_id)
            write_template(template, folder["templates"] / template_filename(template, template_lang), template_lang)
    codes = sorted(rng.sample(sorted(municipalities()), DEMO_SIZE))
    participants = folder["templates"] / "participants.csv"
    with participants.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([["municipality", "year"], *([code, DEMO_YEAR] for code in codes)])
    write_prefilled(domain, participants, folder["prefilled"])
    say(f"   tomme skabeloner for alle {len(DOMAIN_IDS)} skemaer (dansk og engelsk) og {DEMO_SIZE} forudfyldte "
        "skabeloner skrevet",
        f"   blank templates of all {len(DOMAIN_IDS)} forms (Danish and English) and {DEMO_SIZE} prefilled "
        "templates written")

    say(f"2. De to foregående runder ({DEMO_YEAR - 2}, {DEMO_YEAR - 1}) med handleplaner",
        f"2. The two previous rounds ({DEMO_YEAR - 2}, {DEMO_YEAR - 1}) with action plans")
    profiles = {code: draw_profile(rng, code) for code in codes}
    # Last year's answers come from the demo's own draws, in the order they always had, so this year's
    # answers (and README's session on them) stay as they were; the year before and the plans have theirs.
    cycle_rng = random.Random(seed + 1)

    def drawn(year: int, code: str) -> dict:
        return administration_values(rng if year == DEMO_YEAR - 1 else cycle_rng, profiles[code], year)
    planned = earlier_rounds(domain, codes, drawn, [DEMO_YEAR - 2, DEMO_YEAR - 1], db, out / "cycle", cycle_rng,
                             workers, lang, lambda da, en: say("   " + da, "   " + en))

    say(f"3. Årets besvarelser ({DEMO_YEAR})", f"3. This year's submissions ({DEMO_YEAR})")
    answers = {code: worked_on(administration_values(rng, profiles[code], DEMO_YEAR), planned.get(code, ()))
               for code in codes}
    submissions = [write_template(domain, folder["submissions"] / _name(profiles[code]), "da", answers[code])
                   for code in codes]
    mistaken = submissions[:3]
    for path, mistakes in zip(mistaken, (_typical_mistakes, _typed_wrong_units, _deleted_row_and_formula)):
        mistakes(domain, path)
    results = validate_files(submissions, workers=workers)
    for result in results:
        if result.to_correct:
            write_annotated(result, folder["annotated"], lang)
            counts = _counts(result.error_count, result.warning_count)
            say(f"   {Path(result.path).name}: {counts.da} → kommenteret kopi i {folder['annotated'].name}/",
                f"   {Path(result.path).name}: {counts.en} → annotated copy in {folder['annotated'].name}/")

    say("4. Indlæsning", "4. Ingest")
    outcomes = ingest_files(submissions, db, DEMO_YEAR, workers)
    refused = [o for o in outcomes if not o.stored]
    names = ", ".join(Path(o.path).name for o in refused)
    say(f"   {len(outcomes) - len(refused)} gemt, {len(refused)} afvist med deres fejl ({names})",
        f"   {len(outcomes) - len(refused)} stored, {len(refused)} refused with their issues ({names})")
    say("   to kommuner retter de markerede celler og sender igen; den tredje har ikke svaret endnu",
        "   two municipalities correct the marked cells and send again; the third has not answered yet")
    by_path = {result.path: result for result in results}
    corrections = []
    for path in mistaken[:2]:
        corrected, changed = correct_marked_cells(by_path[str(path)], answers[path.name.split("_")[0]],
                                                  folder["corrections"] / path.name)
        corrections.append(corrected)
        say(f"   {path.name}: {changed} {'celle' if changed == 1 else 'celler'} rettet, resten uændret",
            f"   {path.name}: {changed} {'cell' if changed == 1 else 'cells'} corrected, the rest unchanged")
    for outcome in ingest_files(corrections, db, DEMO_YEAR, workers):
        verdict = Text("gemt", "stored") if outcome.stored else Text("afvist", "refused")
        say(f"   {Path(outcome.path).name}: {verdict.da}", f"   {Path(outcome.path).name}: {verdict.en}")
    with Store(db) as store:
        status = round_status(store, "administration", DEMO_YEAR, expected=codes)
    say("   " + status.summary("da"), "   " + status.summary("en"))

    say("5. Rapporter", "5. Reports")
    summary = run_round(db, DEMO_YEAR, folder["reports"], lang, workers=workers)
    say(f"   {len(summary.written)} sammenligningsrapporter og oversigten {summary.overview.name}",
        f"   {len(summary.written)} comparison workbooks and the overview {summary.overview.name}")
    for participant, error in summary.failed.items():
        say(f"   FEJLEDE {participant}: {error.splitlines()[-1]}", f"   FAILED {participant}: {error.splitlines()[-1]}")

    botilbud = _botilbud_round(out, db, seed, workers, lang, say)
    from engine.benchmarks.jobcenter.demo import run_jobcenter_demo

    jobcenter = run_jobcenter_demo(out / "jobcenter", db, seed, workers, DEMO_YEAR, lang=lang, say=say)

    elapsed = format_number(round(time.perf_counter() - started, 1), lang)
    example = summary.written[0].name if summary.written else "-"
    print()
    say(f"Demoen er færdig på {elapsed} s. Se:", f"Demo finished in {elapsed} s. Look at:")
    say(f"  {folder['reports']}/        én sammenligningsrapport pr. kommune, fx {example}",
        f"  {folder['reports']}/        one comparison workbook per municipality, e.g. {example}")
    say(f"  {summary.overview}   alle kommuner side om side (til konsulenten)",
        f"  {summary.overview}   all municipalities side by side (for the consultant)")
    say(f"  {out / 'cycle'}/           de to foregående runder: rapporter og returnerede handleplaner; årets "
        "rapporter viser udviklingen over tre år (Udvikling) og opfølgningen på sidste års plan (Opfølgning)",
        f"  {out / 'cycle'}/           the two previous rounds: reports and returned action plans; this year's "
        "reports show the development over three years (Development) and the follow-up of last year's plan "
        "(Follow-up)")
    say(f"  {folder['annotated']}/      de afviste projektmapper med hver fejl markeret i sin celle",
        f"  {folder['annotated']}/      the refused workbooks with every issue marked at its cell")
    say(f"  {folder['templates']}/      tomme skabeloner (dansk og engelsk); {folder['prefilled'].name}/ klar til "
        "udsendelse",
        f"  {folder['templates']}/      blank templates (Danish and English); {folder['prefilled'].name}/ ready to "
        "send")
    say(f"  {db}         rundens database (SQLite): værdier med fil, sha256 og celle; "
        f"kommunebench status --round {DEMO_YEAR} --db {db} viser, hvem der mangler",
        f"  {db}         the round's database (SQLite): values with file, sha256 and cell of origin; "
        f"kommunebench status --round {DEMO_YEAR} --db {db} shows who is missing")
    say(f"  {botilbud.out_dir}/   botilbud: én rapport pr. tilbud (5 mest lignende, klynge, eksempler) og "
        f"{botilbud.overview.name}",
        f"  {botilbud.out_dir}/   residential care: one workbook per facility (5 most similar peers, cluster, "
        f"cases) and {botilbud.overview.name}")
    say(f"  {jobcenter.out_dir}/  jobcentre: skabeloner, prefilled/, submissions/, annotated/, rundens status "
        f"{jobcenter.status_workbook.name} ({jobcenter.complete} af {jobcenter.participants} komplette) og reports/",
        f"  {jobcenter.out_dir}/  jobcentres: templates, prefilled/, submissions/, annotated/, the round status "
        f"{jobcenter.status_workbook.name} ({jobcenter.complete} of {jobcenter.participants} complete) and reports/")
    return 0 if not (summary.failed or botilbud.failed or jobcenter.failed) else 1


def correct_marked_cells(result, answers: dict, target: Path) -> tuple[Path, int]:
    """The municipality's corrected workbook: its submitted file with only the marked input cells set right.

    Every issue located at an input cell gets that cell's intended answer back (from ``answers``,
    the values the municipality meant to enter); every other cell, the finance system included,
    stays exactly as submitted. Returns the new file and the number of cells changed.
    """
    import openpyxl

    submission = result.submission
    domain = submission.domain
    keys: dict[tuple[str, str], tuple[str, ...]] = {}
    for field_id, value in submission.form.items():
        sheet, _ = domain.form_field(field_id)
        keys[(value.sheet, value.ref)] = (sheet.id, field_id)
    for sheet_id, rows in submission.tables.items():
        for row_key, fields in rows.items():
            for field_id, value in fields.items():
                keys[(value.sheet, value.ref)] = (sheet_id, row_key, field_id)
    book = openpyxl.load_workbook(result.path)
    changed = set()
    for issue in result.issues:
        key = keys.get((issue.sheet, issue.cell))
        if key is None:
            continue
        answer = answers.get(key)
        field = _field(domain, key)
        if field.type == "choice" and answer is not None:
            answer = next(c.label.da for c in field.choices if c.id == answer)
        cell = book[issue.sheet][issue.cell]
        if cell.value != answer:  # a warning on a value that was right all along stays as it is
            cell.value = answer
            changed.add((issue.sheet, issue.cell))
    book.save(target)
    return target, len(changed)


def _field(domain, key: tuple[str, ...]):
    if len(key) == 2:
        return domain.form_field(key[1])[1]
    return next(c for c in domain.sheet(key[0]).columns if c.id == key[-1])


def _botilbud_round(out: Path, db: Path, seed: int, workers: int, lang: str, say: "_Say"):
    """About 120 residential care facilities: questionnaire + time registration, a few typical errors."""
    from engine.benchmarks.botilbud.synthetic import draw_round

    say(f"6. Botilbud {DEMO_YEAR}: {BOTILBUD_SIZE} tilbud", f"6. Residential care (botilbud) {DEMO_YEAR}: "
        f"{BOTILBUD_SIZE} facilities")
    folder = out / "botilbud"
    submissions, reports, annotated = folder / "submissions", folder / "reports", folder / "annotated"
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
    listed = ", ".join(f"{Path(o.path).name} ({', '.join(sorted({i.code for i in o.issues if i.severity == 'error'}))})"
                       for o in refused)
    say(f"   {len(outcomes) - len(refused)} projektmapper gemt, {len(refused)} afvist: {listed}",
        f"   {len(outcomes) - len(refused)} workbooks stored, {len(refused)} refused: {listed}")
    # Every refused file gets its annotated copy, as in the administration round.
    for result in validate_files([o.path for o in refused]):
        write_annotated(result, annotated, lang)
    say(f"   kommenterede kopier af de afviste filer i {annotated.relative_to(out)}/",
        f"   annotated copies of the refused files in {annotated.relative_to(out)}/")
    with Store(db) as store:
        status = round_status(store, "botilbud", DEMO_YEAR)
    say("   " + status.summary("da"), "   " + status.summary("en"))
    summary = run_round(db, DEMO_YEAR, reports, lang, workers=workers, benchmark="botilbud")
    say(f"   {len(summary.written)} rapporter pr. tilbud og oversigten {summary.overview.name}",
        f"   {len(summary.written)} facility workbooks and the overview {summary.overview.name}")
    for participant, error in summary.failed.items():
        say(f"   FEJLEDE {participant}: {error.splitlines()[-1]}", f"   FAILED {participant}: {error.splitlines()[-1]}")
    return summary


class _Say:
    """Prints the demo's narration in the chosen language."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def __call__(self, da: str, en: str) -> None:
        print(Text(da, en)(self.lang))


def _counts(errors: int, warnings: int) -> Text:
    error_text = counted(errors, Text("fejl", "error"), Text("fejl", "errors"))
    warning_text = counted(warnings, Text("advarsel", "warning"), Text("advarsler", "warnings"))
    return Text(f"{error_text.da}, {warning_text.da}", f"{error_text.en}, {warning_text.en}")


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
