"""Nothing silently dropped: every limit, malformed CSV row and absurd magnitude is a located finding or a
one-line error (exit 2), never a truncation or an engine fault."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from engine.benchmarks.jobcenter import workbook_values as values_of
from engine.cli import main
from engine.validation.validate import validate_file
from jobcenter_helpers import YEAR, truth, write_staff


def _accounts(tmp_path: Path, amount: str) -> Path:
    """The consultant's accounts CSV with the first amount replaced by ``amount`` as typed."""
    path = values_of.write_accounts_csv(truth().konto5, tmp_path / "accounts.csv")
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].rsplit(",", 1)[0] + "," + amount
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("amount, expected", [
    ("1250000,75", "linje 2"),  # a decimal comma in a comma-separated file: five fields, not four
    ("nan", "linje 2"), ("inf", "linje 2"), ("-inf", "linje 2"),
    ("1e308", "linje 2"),
])
def test_a_malformed_accounts_row_is_an_error_at_its_line_and_nothing_is_written(tmp_path, capsys, amount, expected):
    out = tmp_path / "out"
    code = main(["templates", "build", "--accounts", str(_accounts(tmp_path, amount)), "--out", str(out),
                 "--year", str(YEAR)])
    err = capsys.readouterr().err
    assert code == 2 and expected in err and "intern" not in err and "internal" not in err
    assert len(err.strip().splitlines()) == 1
    assert not list(out.glob("*.xlsx")) if out.exists() else True


def test_a_department_larger_than_its_template_is_refused_not_truncated(tmp_path, capsys):
    values = values_of.front_values("450", YEAR)
    for index in range(1200):
        values.update({("employees", index, "employee_id"): f"M{index:04d}",
                       ("employees", index, "department"): "Ydelse", ("employees", index, "weekly_hours"): 37,
                       ("employees", index, "staff_group"): "hk", ("employees", index, "months_employed"): 12})
    staff = write_staff(tmp_path, "450", values)
    assert validate_file(staff).valid
    out = tmp_path / "out"
    code = main(["templates", "build", "--staff-list", str(staff), "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 2 and "Ydelse" in err and "1.200" in err and "1.000" in err  # Danish by default
    assert not out.exists() or not list(out.glob("*.xlsx"))


def test_a_template_never_drops_values_beyond_its_rows(tmp_path):
    from engine.benchmarks import get_domain
    from engine.templates.writer import write_template

    domain = get_domain("jobcenter_fte")
    values = {("allocation", 1000, "employee_id"): "M0001"}  # the 1,001st row of a 1,000-row sheet
    with pytest.raises(ValueError, match="1,000"):
        write_template(domain, tmp_path / "x.xlsx", "da", values)
    assert not (tmp_path / "x.xlsx").exists()


@pytest.mark.parametrize("salary", [1e308, 1e12, 10_000_001])
def test_an_absurd_salary_is_an_error_at_its_cell(tmp_path, salary):
    values = values_of.staff_values(truth().staff, "450", YEAR)
    values[("employees", 3, "salary_cost")] = salary
    result = validate_file(write_staff(tmp_path, "450", values))
    [issue] = [i for i in result.issues if i.field == "salary_cost"]
    assert issue.severity == "error" and issue.code == "out-of-range" and issue.cell == "F9"


def test_every_number_field_has_an_upper_bound():
    """No numeric field is unbounded: the documented bound applies where a field declares none."""
    from engine.benchmarks import DOMAIN_IDS, get_domain
    from engine.spec import FormSheet
    from engine.validation.checks import check_value

    for domain_id in DOMAIN_IDS:
        for sheet in get_domain(domain_id).sheets:
            for field in sheet.fields if isinstance(sheet, FormSheet) else sheet.columns:
                if field.is_numeric:
                    checked = check_value(field, 1e300, "da")
                    assert checked.value is None and checked.findings[0].code == "out-of-range", field.id


# -- the command line ------------------------------------------------------------------------------------
@pytest.mark.parametrize("year", ["-5", "0", "99999999999999999999999", "20266"])
@pytest.mark.parametrize("command", ["ingest", "status", "run"])
def test_a_round_that_is_no_year_is_refused_in_one_line(tmp_path, capsys, command, year):
    db = tmp_path / "b.sqlite"
    from engine.store.database import Store

    Store(db).close()
    argv = {"ingest": ["ingest", str(tmp_path)], "status": ["status"], "run": ["run", "--out", str(tmp_path / "o")]}
    with pytest.raises(SystemExit) as stopped:
        main([*argv[command], f"--round={year}", "--db", str(db)])
    err = capsys.readouterr().err
    assert stopped.value.code == 2 and "--round" in err and "Traceback" not in err


def test_a_nul_byte_is_never_echoed_raw(tmp_path, capsys):
    register = values_of.write_register_csv(truth().register, tmp_path / "register.csv")
    text = register.read_text(encoding="utf-8").splitlines()
    text[1] = text[1].replace(",", ",x\x00y", 1).split(",", 2)
    text[1] = ",".join(text[1][:2]) + "," + text[1][2]
    register.write_text("\n".join(text) + "\n", encoding="utf-8")
    from engine.store.database import Store

    Store(tmp_path / "b.sqlite").close()
    main(["status", "--benchmark", "jobcenter", "--round", str(YEAR), "--db", str(tmp_path / "b.sqlite"),
          "--register", str(register)])
    captured = capsys.readouterr()
    assert "\x00" not in captured.out + captured.err and "x\\x00y" in captured.out


def test_a_huge_register_prints_a_bounded_number_of_lines(tmp_path, capsys):
    path = tmp_path / "register.csv"
    columns = values_of.register_columns()
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        for number in range(200_000):
            writer.writerow([f"{number:05d}", *["x"] * (len(columns) - 1)])
    from engine.store.database import Store

    Store(tmp_path / "b.sqlite").close()
    main(["status", "--benchmark", "jobcenter", "--round", str(YEAR), "--db", str(tmp_path / "b.sqlite"),
          "--register", str(path)])
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) < 120 and any("fund mere" in line for line in lines)


@pytest.mark.parametrize("workers", ["1", "2"])
def test_run_into_a_full_disk_prints_one_line(tmp_path, workers):
    """A file-size limit stands in for a full disk: writes past it fail with EFBIG, as they would with ENOSPC."""
    import os
    import resource
    import subprocess
    import sys

    from conftest import valid_values, write_filled
    from engine.run import ingest_files

    paths = [write_filled(tmp_path / f"{code}.xlsx", valid_values(seed, code))
             for seed, code in enumerate(("751", "101", "461", "561", "147"), 1)]
    assert all(o.stored for o in ingest_files(paths, tmp_path / "b.sqlite", 2026))

    def small_disk():
        resource.setrlimit(resource.RLIMIT_FSIZE, (60_000, 60_000))

    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    done = subprocess.run([sys.executable, "-m", "engine.cli", "run", "--round", "2026", "--db", str(tmp_path / "b.sqlite"),
                           "--out", str(tmp_path / "out"), "--workers", workers], preexec_fn=small_disk, env=env,
                          capture_output=True, text=True, timeout=300)
    problems = [line for line in done.stderr.splitlines() if not line.startswith("skriver rapporter")]
    assert done.returncode == 2 and len(problems) == 1 and "no room to write" in problems[0], done.stderr
    assert "Traceback" not in done.stderr + done.stdout, done.stderr
    import zipfile

    left = list((tmp_path / "out").iterdir())  # what fitted is whole; nothing half-written is left
    assert all(path.suffix == ".xlsx" and zipfile.is_zipfile(path) for path in left) and len(left) < len(paths)


def test_a_register_row_with_a_decimal_comma_is_an_error_at_its_line(tmp_path):
    from engine.benchmarks.jobcenter.register import read_register

    register = values_of.write_register_csv(truth().register, tmp_path / "register.csv")
    lines = register.read_text(encoding="utf-8").splitlines()
    fields = lines[3].split(",")
    rate = lines[0].split(",").index("realised_rate")
    fields[rate] = fields[rate].replace(".", ",")  # realised_rate 0.165 typed as 0,165: one field more
    lines[3] = ",".join(fields)
    register.write_text("\n".join(lines) + "\n", encoding="utf-8")
    read = read_register(register)
    [issue] = [i for i in read.issues if i.severity == "error"]
    assert issue.code == "register-row-malformed" and issue.location == "'register'!A4" and "Line 4" in issue.message("en")
    assert fields[0] not in set(read.frame["municipality"])  # the row is not read with its fields shifted
