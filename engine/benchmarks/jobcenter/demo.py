"""The jobcenter part of ``kommunebench demo``: a synthetic round of about 30 municipalities.

From the synthetic truth (:mod:`engine.benchmarks.jobcenter.synthetic`): the consultant's register
file for all 98 municipalities and konto 5 accounts CSV; per participant a staff list, the
department templates prefilled from it, the departments' filled allocations (2-5 each) and the
konto 5 budget. A few municipalities make the typical mistakes: shares not adding up, an employee
missing or allocated twice, a negative amount, a split that does not add up, a department that does
not return its template. Then: validate across workbooks with annotated copies, ingest (workbooks with
errors refused), the round status, the contract's frames loaded back from the store, and the
comparison workbooks of the complete municipalities (``run --benchmark jobcenter``).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from engine.benchmarks.jobcenter import workbook_values as values_of
from engine.benchmarks import get_domain
from engine.templates.writer import template_filename, write_template
from engine.workbook.output_paths import slug

DEMO_PARTICIPANTS = 30
PREFILLED_STAFF_LISTS = 3  # department templates are prefilled for a few municipalities, to show the step
DOMAINS = ("jobcenter_staff", "jobcenter_fte", "jobcenter_konto5")


@dataclass
class JobcenterDemo:
    out_dir: Path
    register: Path
    status_workbook: Path
    mistakes: dict[str, str] = field(default_factory=dict)  # municipality -> what went wrong
    complete: int = 0
    participants: int = 0
    summary: object = None  # the run's RunSummary: reports per complete municipality and the overview

    @property
    def failed(self) -> dict[str, str]:
        return getattr(self.summary, "failed", {})


def write_round(truth, folder: Path) -> tuple[list[Path], dict[str, str]]:
    """The participants' filled workbooks, a few with typical mistakes; returns (files, mistakes)."""
    year = truth.year
    codes = sorted(truth.staff["municipality"].unique())
    mistakes = dict(zip(codes, ("shares-not-100", "employee-missing", "employee-twice", "negative-amount",
                                "department-not-returned", "split-off")))
    staff_domain, fte_domain, konto5_domain = (get_domain(d) for d in DOMAINS)
    paths = []
    for code in codes:
        mistake = mistakes.get(code)
        paths.append(write_template(staff_domain, folder / f"{code}_medarbejderliste.xlsx", "da",
                                    values_of.staff_values(truth.staff, code, year)))
        departments = list(dict.fromkeys(truth.allocation.loc[truth.allocation.municipality == code, "department"]))
        for index, department in enumerate(departments):
            values = values_of.allocation_values(truth.allocation, code, department, year)
            if index == 0:
                _make_mistake(mistake, values, truth.allocation, code, departments)
            if mistake == "department-not-returned" and index == len(departments) - 1:
                continue
            paths.append(write_template(fte_domain, folder / f"{code}_fordeling_{slug(department)}.xlsx", "da", values))
        konto5 = values_of.konto5_values(truth.konto5, code, year)
        if mistake == "negative-amount":
            konto5[("konto5", "kth_aktivitetsparat", "mentor")] = -konto5[("konto5", "kth_aktivitetsparat", "mentor")]
        if mistake == "split-off":
            konto5[("konto5", "udh_uddannelsesparat", "ordinaer_uddannelse")] += 25_000
        paths.append(write_template(konto5_domain, folder / f"{code}_konto5.xlsx", "da", konto5))
    return paths, mistakes


def _rows(values: dict) -> int:
    return 1 + max((key[1] for key in values if key[0] == "allocation"), default=-1)


def _make_mistake(mistake: str | None, values: dict, allocation, code: str, departments: list[str]) -> None:
    """Change the first department's allocation the way a busy head might."""
    if mistake == "shares-not-100":
        values[("allocation", 0, "share")] = values[("allocation", 0, "share")] + 10
    elif mistake == "employee-missing":
        first = values[("allocation", 0, "employee_id")]
        rows = [i for i in range(_rows(values)) if values[("allocation", i, "employee_id")] != first]
        kept = {f: [values.get(("allocation", i, f)) for i in rows] for f in ("employee_id", "target_group", "task",
                                                                               "share")}
        for key in [k for k in values if k[0] == "allocation"]:
            del values[key]
        for index in range(len(rows)):
            for f, column in kept.items():
                values[("allocation", index, f)] = column[index]
    elif mistake == "employee-twice" and len(departments) > 1:
        other = allocation[(allocation.municipality == code) & (allocation.department == departments[1])]
        borrowed = other[other.employee_id == other.employee_id.iloc[0]]
        start = _rows(values)
        for offset, row in enumerate(borrowed.itertuples(index=False)):
            values[("allocation", start + offset, "employee_id")] = row.employee_id
            values[("allocation", start + offset, "target_group")] = row.target_group
            values[("allocation", start + offset, "task")] = row.task
            values[("allocation", start + offset, "share")] = round(row.share * 100, 6)


def run_jobcenter_demo(out: Path, db: Path, seed: int, workers: int, year: int = 2026,
                       participants: int = DEMO_PARTICIPANTS, lang: str = "da",
                       say: Callable[[str, str], None] | None = None) -> JobcenterDemo:
    """The demo's jobcenter round; ``say(danish, english)`` prints a line in the demo's language."""
    say = say or (lambda da, en: print(da if lang == "da" else en))
    from engine.validation.annotate import write_annotated
    from engine.benchmarks.jobcenter.prefill import write_department_templates, write_konto5_templates
    from engine.status.console import status_lines, write_status_workbook
    from engine.status.model import round_status
    from engine.benchmarks.jobcenter.store_inputs import load_round
    from engine.benchmarks.jobcenter.synthetic import draw_round
    from engine.benchmarks.jobcenter.parameters import JobcenterParameters
    from engine.run import ingest_files, run_round
    from engine.store.database import Store
    from engine.validation.validate import validate_files

    folder = {name: out / name for name in ("templates", "prefilled", "submissions", "annotated", "reports")}
    if out.exists():
        shutil.rmtree(out)
    for path in folder.values():
        path.mkdir(parents=True)
    truth = draw_round(seed, participants, year)
    say(f"7. Jobcenter {year}: {participants} kommuner, registerdata for alle 98",
        f"7. Jobcenter {year}: {participants} municipalities, register for all 98")
    for domain_id in DOMAINS:
        for template_lang in ("da", "en"):  # both languages of the blank templates, whatever the demo speaks
            domain = get_domain(domain_id)
            write_template(domain, folder["templates"] / template_filename(domain, template_lang), template_lang)
    register = values_of.write_register_csv(truth.register, out / f"register_{year}.csv")
    accounts = values_of.write_accounts_csv(truth.konto5, folder["templates"] / f"konto5_fordeling_{year}.csv")
    konto5_templates = write_konto5_templates(accounts, folder["prefilled"], "da", year)

    paths, mistakes = write_round(truth, folder["submissions"])
    staff_lists = [p for p in paths if p.name.endswith("_medarbejderliste.xlsx")]
    department_templates = sum(len(write_department_templates(p, folder["prefilled"]))
                               for p in staff_lists[:PREFILLED_STAFF_LISTS])
    say(f"   tomme skabeloner; {department_templates} afdelingsskabeloner udfyldt på forhånd fra "
        f"{PREFILLED_STAFF_LISTS} medarbejderlister og {len(konto5_templates)} konto 5-skabeloner fra regnskabs-CSV'en",
        f"   blank templates; {department_templates} department templates prefilled from "
        f"{PREFILLED_STAFF_LISTS} staff lists and {len(konto5_templates)} konto 5 templates from the accounts CSV")

    results = validate_files(paths, workers=workers)
    flagged = [r for r in results if r.to_correct]
    for result in flagged:
        write_annotated(result, folder["annotated"], lang)
    say(f"   {len(results)} projektmapper kontrolleret, også på tværs af hver kommunes medarbejderliste, afdelinger "
        f"og konto 5: {len(flagged)} med fund, kommenterede kopier i {folder['annotated'].name}/",
        f"   validated {len(results)} workbooks across each municipality's staff list, departments and konto 5: "
        f"{len(flagged)} with findings, annotated copies in {folder['annotated'].name}/")
    for result in flagged:
        codes = sorted({issue.code for issue in result.issues})
        line = f"     {Path(result.path).name}: {', '.join(codes)}"
        say(line, line)
    outcomes = ingest_files(paths, db, year, workers)
    refused = [o for o in outcomes if not o.stored]
    say(f"   {len(outcomes) - len(refused)} projektmapper gemt, {len(refused)} afvist",
        f"   {len(outcomes) - len(refused)} workbooks stored, {len(refused)} refused")
    codes = sorted(truth.staff["municipality"].unique())
    with Store(db) as store:
        status = round_status(store, "jobcenter", year, expected=codes)
        loaded = load_round(store, year, register)
    status_workbook = write_status_workbook(status, out / f"status_{year}.xlsx", lang)
    incomplete = [p for p in status.participants if p.state not in ("received", "replaced")]
    complete = len(status.participants) - len(incomplete)
    say(f"   rundens status: {complete} komplette, {len(incomplete)} ufuldstændige → {status_workbook.name}",
        f"   round status: {complete} complete, {len(incomplete)} incomplete → {status_workbook.name}")
    for line in status_lines(replace(status, participants=incomplete), lang)[1:]:
        say(f"   {line}", f"   {line}")
    inputs = loaded.inputs
    say(f"   til beregningen: {inputs.staff.municipality.nunique()} kommuner, {len(inputs.staff)} medarbejdere, "
        f"{len(inputs.allocation)} fordelingslinjer, registerdata for {len(inputs.register)} kommuner",
        f"   computation input: {inputs.staff.municipality.nunique()} municipalities, {len(inputs.staff)} employees, "
        f"{len(inputs.allocation)} allocation lines, register {len(inputs.register)} municipalities")
    summary = run_round(db, year, folder["reports"], lang, JobcenterParameters(register_file=str(register)),
                        workers, benchmark="jobcenter", expected=codes)
    say(f"   {len(summary.written)} sammenligningsrapporter og oversigten {summary.overview.name}",
        f"   {len(summary.written)} comparison workbooks and the overview {summary.overview.name}")
    for participant, error in summary.failed.items():
        say(f"   FEJLEDE {participant}: {error.splitlines()[-1]}", f"   FAILED {participant}: {error.splitlines()[-1]}")
    return JobcenterDemo(out, register, status_workbook, mistakes, complete, len(status.participants), summary)
