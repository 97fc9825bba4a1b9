"""Given values are verified, not trusted: konto 5 amounts are checked against what the consultant issued."""

from __future__ import annotations

import pytest

from engine.benchmarks.jobcenter import workbook_values as values_of
from engine.cli import main
from engine.run import ingest_files
from engine.validation.validate import validate_file
from jobcenter_helpers import YEAR, konto5_values, truth, write_konto5

CODE = "450"


@pytest.fixture
def issued(tmp_path, capsys):
    """The konto 5 templates built for the round with --db: their given amounts recorded in the store."""
    accounts = values_of.write_accounts_csv(truth().konto5, tmp_path / "konto5.csv", codes=[CODE])
    db = tmp_path / "bench.sqlite"
    assert main(["templates", "build", "--accounts", str(accounts), "--year", str(YEAR), "--db", str(db),
                 "--out", str(tmp_path / "udsendelse")]) == 0
    assert "givne beløb gemt" in capsys.readouterr().out  # Danish by default
    return db


def _changed_given_amount(tmp_path):
    """A returned konto 5 whose given total was raised by 25,000 with a split that still adds up: the
    protection was lifted (it has no password) and both cells were typed over."""
    values = konto5_values(CODE)
    values[("konto5", "uddannelseshjaelp", "ordinaer_uddannelse")] += 25_000
    values[("konto5", "udh_uddannelsesparat", "ordinaer_uddannelse")] += 25_000
    return write_konto5(tmp_path, CODE, values)


def test_a_changed_given_amount_with_a_matching_split_is_refused(issued, tmp_path):
    path = _changed_given_amount(tmp_path)
    assert validate_file(path).valid  # the workbook alone cannot tell
    [outcome] = ingest_files([path], issued, YEAR)
    assert not outcome.stored
    [issue] = [i for i in outcome.issues if i.code == "given-value-changed"]
    assert issue.location == "'Konto 5'!H10" and issue.severity == "error"
    issued_amount = konto5_values(CODE)[("konto5", "uddannelseshjaelp", "ordinaer_uddannelse")]
    assert f"{issued_amount + 25_000:,.0f}" in issue.message("en") and f"{issued_amount:,.0f}" in issue.message("en")
    assert "jobcenter_konto5_450" in issue.message("en")


def test_the_amounts_as_issued_are_stored(issued, tmp_path):
    [outcome] = ingest_files([write_konto5(tmp_path, CODE)], issued, YEAR)
    assert outcome.stored and not outcome.issues


def test_given_amounts_for_a_municipality_never_issued_are_refused(issued, tmp_path):
    [outcome] = ingest_files([write_konto5(tmp_path, "665")], issued, YEAR)
    assert not outcome.stored and [i.code for i in outcome.issues] == ["given-not-issued"]


def test_a_round_built_without_db_has_nothing_to_compare(tmp_path):
    [outcome] = ingest_files([_changed_given_amount(tmp_path)], tmp_path / "b.sqlite", YEAR)
    assert outcome.stored


def test_db_needs_the_accounts_and_the_year(tmp_path, capsys):
    accounts = values_of.write_accounts_csv(truth().konto5, tmp_path / "konto5.csv", codes=[CODE])
    assert main(["templates", "build", "--accounts", str(accounts), "--db", str(tmp_path / "b.sqlite"),
                 "--out", str(tmp_path / "o")]) == 2
    assert "--year" in capsys.readouterr().err
