"""``kommunebench demo``: the whole flow on synthetic data, no network, no configuration.

Builds the templates, prefills one per participant, fills them the way
municipalities would (a few with the typical mistakes people make), validates
the batch and writes annotated copies for the files that need correcting.
"""

from __future__ import annotations

import csv
import random
import shutil
import time
from pathlib import Path

from engine.annotate import write_annotated
from engine.domains import get_domain
from engine.layout import TABLE_FIRST_DATA_ROW, form_field_row, table_field_col
from engine.prefill import write_prefilled
from engine.report_console import print_text
from engine.synthetic import administration_values, draw_profile
from engine.templates import template_filename, write_template
from engine.validate import validate_files

DEMO_MUNICIPALITIES = ("751", "461", "147", "851", "621", "330")
DEMO_YEAR = 2026


def run_demo(out: Path, seed: int = 2026) -> int:
    started = time.perf_counter()
    domain = get_domain("administration")
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    folders = {name: out / name for name in ("templates", "prefilled", "submissions", "annotated")}
    for folder in folders.values():
        folder.mkdir(parents=True)

    for lang in ("da", "en"):
        write_template(domain, folders["templates"] / template_filename(domain, lang), lang)
    participants = folders["templates"] / "participants.csv"
    with participants.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["municipality", "year"])
        writer.writerows([code, DEMO_YEAR] for code in DEMO_MUNICIPALITIES)
    write_prefilled(domain, participants, folders["prefilled"])

    submissions = []
    for code in DEMO_MUNICIPALITIES:
        profile = draw_profile(rng, code)
        path = folders["submissions"] / f"{code}_{profile.name.lower()}.xlsx"
        write_template(domain, path, "da", administration_values(rng, profile, DEMO_YEAR))
        submissions.append(path)
    # Typical mistakes, made with a different library the way a person editing in Excel would.
    _make_typical_mistakes(domain, submissions[1])
    resent = submissions[2].with_name(submissions[2].stem + "_rettet.xlsx")
    shutil.copyfile(submissions[2], resent)
    submissions.append(resent)

    results = validate_files(submissions)
    annotated = {}
    for result in results:
        if result.issues:
            target = write_annotated(result, folders["annotated"], "da")
            if target is not None:
                annotated[result.path] = target
    print_text(results, "da", annotated)
    elapsed = time.perf_counter() - started
    print()
    print(f"Demo finished in {elapsed:.1f} s. Look at:")
    print(f"  {folders['templates']}/    blank templates (Danish and English) and participants.csv")
    print(f"  {folders['prefilled']}/    one prefilled template per municipality, ready to send")
    print(f"  {folders['submissions']}/  filled workbooks as they came back")
    print(f"  {folders['annotated']}/    copies with every issue highlighted, commented and listed")
    return 0


def _make_typical_mistakes(domain, path: Path) -> None:
    import openpyxl

    finance, hr = domain.sheet("finance"), domain.sheet("hr")
    front = domain.sheet("front")
    book = openpyxl.load_workbook(path)
    ws_finance = book[finance.name("da")]
    ws_hr = book[hr.name("da")]

    def cell(sheet, key, field_id):
        row = TABLE_FIRST_DATA_ROW + next(i for i, item in enumerate(sheet.rows) if item.key == key)
        return row + 1, table_field_col(sheet, field_id) + 1

    ws_finance.cell(*cell(finance, "FIN-005", "centralisation")).value = 4
    ws_finance.cell(*cell(finance, "FIN-012", "fte")).value = "ca. 2"
    ws_finance.cell(*cell(finance, "FIN-031", "digital_solution")).value = 1.5
    ws_hr.cell(*cell(hr, "HR-020", "digital_process")).value = "=0.5*2"
    ws_hr.cell(*cell(hr, "HR-041", "fte")).value = -0.3
    ws_hr.delete_rows(cell(hr, "HR-100", "fte")[0])
    ws_front = book[front.name("da")]
    ws_front.cell(form_field_row(front, "contact_email") + 1, 2).value = "kontakt på kommunen"
    ws_front.cell(form_field_row(front, "employees") + 1, 2).value = None
    book.save(path)
