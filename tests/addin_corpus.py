"""Valid, spoiled and hostile workbooks of every template, for comparing the pane with the command line."""

from __future__ import annotations

from pathlib import Path

import xlsxwriter

from engine.benchmarks import DOMAIN_IDS, get_domain
from engine.benchmarks.botilbud.synthetic import draw_round as draw_botilbud
from engine.templates.writer import write_template
from jobcenter_helpers import department_values, departments, konto5_values, write_department, write_konto5, write_staff
from test_annotate import MISTAKES, make_workbook
from test_hostile_files import CASES, FAR_ROW, FIN_PART, edited, padded, rewrite


def corpus(folder: Path) -> dict[str, Path]:
    """name -> workbook; the name starts with the template's id, or 'hostile'. File names are unique."""
    folder.mkdir(parents=True, exist_ok=True)
    files: dict[str, Path] = {}
    for domain_id in DOMAIN_IDS:
        domain = get_domain(domain_id)
        files[f"{domain_id}-blank"] = write_template(domain, folder / f"{domain_id}_blank.xlsx", "da")
        files[f"{domain_id}-blank-en"] = write_template(domain, folder / f"{domain_id}_blank_en.xlsx", "en")

    files["administration-valid"] = make_workbook(folder / "administration_aarhus.xlsx")
    files["administration-mistakes"] = make_workbook(folder / "administration_odense.xlsx", MISTAKES)

    facility = draw_botilbud(seed=3, size=1)[0]
    for domain_id, values in (("botilbud", facility.questionnaire), ("botilbud_tid", facility.time_registration)):
        domain = get_domain(domain_id)
        files[f"{domain_id}-valid"] = write_template(domain, folder / f"{domain_id}_valid.xlsx", "da", values)
        spoiled = dict(values)
        numbers = [key for key, value in spoiled.items() if isinstance(value, (int, float))]
        for key in numbers[:3]:  # the first figures typed as words, as a hurried person might
            spoiled[key] = "ved ikke"
        files[f"{domain_id}-spoiled"] = write_template(domain, folder / f"{domain_id}_spoiled.xlsx", "da", spoiled)

    jobcenter = folder / "jobcenter"
    jobcenter.mkdir()
    code = "450"
    department = departments(code)[0]
    files["jobcenter_staff-valid"] = _renamed(write_staff(jobcenter, code), folder / "jobcenter_staff_valid.xlsx")
    files["jobcenter_fte-valid"] = _renamed(write_department(jobcenter, code, department),
                                            folder / "jobcenter_fte_valid.xlsx")
    spoiled = department_values(code, department)
    for key in [k for k in spoiled if k[0] == "allocation" and k[2] == "employee_id"][:2]:
        spoiled[key] = None  # an allocation row without its employee
    files["jobcenter_fte-spoiled"] = _renamed(write_department(jobcenter, code, department, spoiled),
                                              folder / "jobcenter_fte_spoiled.xlsx")
    files["jobcenter_konto5-valid"] = _renamed(write_konto5(jobcenter, code), folder / "jobcenter_konto5_valid.xlsx")
    budget = konto5_values(code)
    budget[next(iter(k for k in budget if isinstance(budget[k], (int, float))))] = -5
    files["jobcenter_konto5-spoiled"] = _renamed(write_konto5(jobcenter, code, budget),
                                                 folder / "jobcenter_konto5_spoiled.xlsx")

    template = files["administration-blank"]
    for case, (build, _) in CASES.items():
        files[f"hostile-{case}"] = build(template, folder / f"hostile_{case}.xlsx")
    files["hostile-sheet-bomb"] = rewrite(template, folder / "hostile_sheet_bomb.xlsx", replace={FIN_PART: padded(500)})
    files["hostile-far-cell"] = rewrite(template, folder / "hostile_far_cell.xlsx", replace={
        FIN_PART: edited(lambda xml: xml.replace(b"</sheetData>", FAR_ROW + b"</sheetData>"))})
    foreign = folder / "hostile_foreign_budget.xlsx"
    book = xlsxwriter.Workbook(str(foreign))
    book.add_worksheet("Budget").write_row(0, 0, ["Post", "Beløb"])
    book.close()
    files["hostile-foreign-workbook"] = foreign
    return files


def _renamed(path: Path, target: Path) -> Path:
    return path.rename(target)
