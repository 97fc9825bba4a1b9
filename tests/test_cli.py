"""The command line: exit codes, JSON, prefill, generated docs and a light start-up."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import edit, write_filled
from engine.cli import build_parser, main
from engine.docs import cli_markdown, issue_codes_markdown
from engine.validation.issue_catalogue import ISSUE_TYPES

ROOT = Path(__file__).resolve().parent.parent


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_validate_exit_codes(capsys, tmp_path, filled):
    assert run(capsys, "validate", str(filled))[0] == 0
    broken = edit(filled, {("Økonomi", "D6"): 7}, tmp_path / "broken.xlsx")
    code, out, _ = run(capsys, "validate", str(filled), str(broken))
    assert code == 1
    assert "'Økonomi'!D6" in out and "out-of-range" in out


def test_warnings_fail_only_in_strict_mode(capsys, filled):
    edit(filled, {("Forside", "B12"): "ikke en mail"})
    assert run(capsys, "validate", str(filled))[0] == 0
    assert run(capsys, "validate", "--strict", str(filled))[0] == 1


def test_usage_errors_exit_2(capsys, tmp_path):
    assert run(capsys, "validate", str(tmp_path))[0] == 2  # a directory without workbooks
    with pytest.raises(SystemExit) as exit_info:
        main(["validate"])
    assert exit_info.value.code == 2


def test_json_output_lists_issues_with_locations(capsys, tmp_path, filled):
    edit(filled, {("Økonomi", "G6"): "mange", ("Forside", "B6"): None})
    missing = tmp_path / "findes-ikke.xlsx"
    code, out, _ = run(capsys, "validate", "--json", "--lang", "en", str(filled), str(missing))
    document = json.loads(out)
    assert code == 1
    assert document["summary"] == {"files": 2, "valid": 0, "errors": 3, "warnings": 0}
    first, second = document["files"]
    assert [(i["code"], i["location"]) for i in first["issues"]] == [
        ("required-missing", "'Forside'!B6"), ("not-a-number", "'Økonomi'!G6")]
    assert first["participant"] == "751"
    assert [i["code"] for i in second["issues"]] == ["file-not-found"]


def test_directories_are_searched_for_workbooks(capsys, tmp_path):
    write_filled(tmp_path / "a" / "one.xlsx")
    (tmp_path / "a" / "notes.txt").write_text("not a workbook")
    code, out, _ = run(capsys, "validate", "--json", str(tmp_path / "a"))
    assert code == 0 and len(json.loads(out)["files"]) == 1


def test_prefill_writes_one_template_per_participant(capsys, tmp_path):
    csv_path = tmp_path / "deltagere.csv"
    csv_path.write_text("municipality,year,inhabitants\n101,2026,660000\nAarhus,2026,\n", encoding="utf-8")
    code, out, _ = run(capsys, "templates", "build", "--prefill", str(csv_path), "--out", str(tmp_path / "out"))
    assert code == 0
    written = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert written == ["administration_101_koebenhavn.xlsx", "administration_751_aarhus.xlsx"]
    from engine.validation.validate import validate_file

    result = validate_file(tmp_path / "out" / "administration_101_koebenhavn.xlsx")
    assert result.submission.form_value("municipality") == "101"
    assert result.submission.form_value("year") == 2026
    assert result.submission.form_value("inhabitants") == 660000


def test_prefill_rejects_a_bad_csv_and_writes_nothing(capsys, tmp_path):
    csv_path = tmp_path / "deltagere.csv"
    csv_path.write_text("municipality,year\n101,2026\nGotham,2026\n", encoding="utf-8")
    code, _, err = run(capsys, "templates", "build", "--prefill", str(csv_path), "--out", str(tmp_path / "out"))
    assert code == 2 and "linje 3" in err and "municipality" in err
    assert not (tmp_path / "out").exists()


def test_generated_docs_are_up_to_date():
    assert (ROOT / "docs" / "issue-codes.md").read_text(encoding="utf-8") == issue_codes_markdown(), \
        "run: kommunebench docs"
    assert (ROOT / "docs" / "cli.md").read_text(encoding="utf-8") == cli_markdown(build_parser()), "run: kommunebench docs"


def test_every_issue_code_used_in_the_engine_is_declared_and_documented():
    used = set()
    for source in (ROOT / "engine").rglob("*.py"):
        used |= set(re.findall(r'(?:Issue|Finding)\(\s*"([a-z][a-z0-9-]+)"', source.read_text(encoding="utf-8")))
    assert used, "the scan found no issue codes; has the way issues are raised changed?"
    assert used <= set(ISSUE_TYPES), f"undeclared codes: {used - set(ISSUE_TYPES)}"
    documented = set(re.findall(r"^### `([a-z0-9-]+)`", issue_codes_markdown(), re.M))
    assert documented == set(ISSUE_TYPES)


def test_every_command_has_help_with_an_example():
    text = cli_markdown(build_parser())
    for command in ("kommunebench templates build", "kommunebench validate", "kommunebench docs",
                    "kommunebench demo"):
        section = text.split(f"## `{command}`", 1)[1].split("\n## ", 1)[0]
        assert "example" in section, f"{command} has no example in its help"


def test_start_up_does_not_import_heavy_libraries():
    probe = ("import sys, engine.cli\n"
             "engine.cli.build_parser()\n"
             "print(sorted(m for m in ('pandas', 'sklearn', 'numpy', 'openpyxl', 'xlsxwriter') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_console_script_help():
    completed = subprocess.run([sys.executable, "-m", "engine.cli", "--help"], capture_output=True, text=True)
    assert completed.returncode == 0 and "validate" in completed.stdout


def test_the_command_line_speaks_danish_by_default_and_english_on_request(capsys, tmp_path, filled):
    db = tmp_path / "bench.sqlite"
    code, out, err = run(capsys, "ingest", str(filled), "--round", "2026", "--db", str(db), "--workers", "1")
    assert code == 0 and "1 af 1 fil gemt" in out and "runde 2026" in out and "validerer: 1/1" in err
    code, out, _ = run(capsys, "validate", str(filled))
    assert "1 fil: 1 gyldig, 0 med fejl (0 fejl, 0 advarsler i alt)" in out
    code, out, _ = run(capsys, "validate", str(filled), "--lang", "en")
    assert "1 file: 1 valid, 0 invalid (0 errors, 0 warnings in total)" in out
    code, _, err = run(capsys, "run", "--round", "2026", "--db", str(tmp_path / "none.sqlite"), "--out", str(tmp_path))
    assert code == 2 and "kommunebench: fejl: ingen database i" in err
    code, _, err = run(capsys, "run", "--round", "2026", "--db", str(tmp_path / "none.sqlite"), "--out",
                       str(tmp_path), "--lang", "en")
    assert "kommunebench: error: no database at" in err


def test_years_in_messages_have_no_thousands_separator(capsys, tmp_path, filled):
    wrong_year = edit(filled, {("Forside", "B6"): 2050}, tmp_path / "year.xlsx")
    _, out, _ = run(capsys, "validate", str(wrong_year))
    assert "mellem 2015 og 2040, men er 2050" in out
    _, out, _ = run(capsys, "ingest", str(filled), "--round", "2025", "--db", str(tmp_path / "b.sqlite"))
    assert "Projektmappen gælder 2026, men indlæses i runden 2025" in out and "2.02" not in out


def test_a_text_file_is_described_in_the_readers_language(capsys, tmp_path):
    text_file = tmp_path / "data.xlsx"
    text_file.write_text("kommune;år\n101;2026\n", encoding="utf-8")
    _, out, _ = run(capsys, "validate", str(text_file))
    assert "men en tekstfil (CSV?)" in out
    _, out, _ = run(capsys, "validate", str(text_file), "--lang", "en")
    assert "but a text file (CSV?)" in out
