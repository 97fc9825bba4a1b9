"""Which submission is current: the latest by the workbook's own saved time, never by the order of ingest;
an identical or older file says so and changes nothing."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from conftest import edit
from engine.cli import main
from engine.run import ingest_files
from engine.status.model import round_status
from engine.store.database import Store
from engine.validation.validate import validate_file


def saved_at(path: Path, when: str, target: Path | None = None) -> Path:
    """A copy of ``path`` whose docProps/core.xml says it was saved at ``when`` (as Excel writes it)."""
    target = target or path
    with zipfile.ZipFile(path) as source:
        parts = {info: source.read(info.filename) for info in source.infolist()}
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info, data in parts.items():
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                              rb"\g<1>" + when.encode() + rb"\g<2>", data)
            out.writestr(info, data)
    return target


@pytest.fixture
def versions(filled, tmp_path):
    """v1 saved at 10:00 and the corrected v2 saved at 11:00 on the same day."""
    (tmp_path / "v1").mkdir()
    (tmp_path / "v2").mkdir()
    v1 = saved_at(filled, "2026-03-02T10:00:00Z", tmp_path / "v1" / "aarhus.xlsx")
    v2 = saved_at(edit(filled, {("Økonomi", "G6"): 7.5}, tmp_path / "rettet.xlsx"), "2026-03-02T11:00:00Z",
                  tmp_path / "v2" / "aarhus.xlsx")
    return v1, v2


def _current(db: Path) -> list[str]:
    with Store(db) as store:
        return [row["sha256"] for row in store.current_submissions("administration", 2026)]


def _sha(path: Path) -> str:
    from engine.store.database import file_sha256

    return file_sha256(path)


def test_the_same_file_twice_changes_nothing_and_says_so(filled, tmp_path):
    db = tmp_path / "b.sqlite"
    [first] = ingest_files([filled], db, 2026)
    [again] = ingest_files([filled], db, 2026)
    assert first.stored and not again.stored and again.unchanged == "identical" and not again.issues
    with Store(db) as store:
        assert store.db.execute("SELECT count(*) FROM submissions").fetchone()[0] == 1
        [status] = round_status(store, "administration", 2026).participants
    assert status.state == "received" and status.documents[0].describe("da") != "erstattet (2 filer)"


def test_v1_v2_then_v1_again_keeps_v2(versions, tmp_path):
    v1, v2 = versions
    db = tmp_path / "b.sqlite"
    ingest_files([v1], db, 2026)
    [corrected] = ingest_files([v2], db, 2026)
    assert corrected.stored and corrected.replaced
    [old] = ingest_files([v1], db, 2026)  # an old folder ingested again
    assert not old.stored and old.unchanged == "identical"
    assert _current(db) == [_sha(v2)]


def test_an_older_file_never_becomes_current_whatever_the_order(versions, tmp_path):
    v1, v2 = versions
    for order, db in (((v1, v2), tmp_path / "a.sqlite"), ((v2, v1), tmp_path / "b.sqlite")):
        outcomes = [outcome for path in order for outcome in ingest_files([path], db, 2026)]
        assert _current(db) == [_sha(v2)]
    assert outcomes[1].unchanged == "older" and not outcomes[1].stored and not outcomes[1].replaced


def test_a_saved_time_in_the_future_counts_as_the_time_of_ingest(versions, tmp_path):
    v1, v2 = versions
    future = saved_at(v1, "2099-01-01T00:00:00Z", tmp_path / "future.xlsx")
    db = tmp_path / "b.sqlite"
    ingest_files([future], db, 2026)
    later = saved_at(v2, "2099-01-01T00:00:00Z", tmp_path / "later.xlsx")  # saved "later" still: ingest order
    assert ingest_files([later], db, 2026)[0].replaced
    assert _current(db) == [_sha(later)]


def test_the_saved_time_is_read_from_the_workbook(versions):
    v1, _ = versions
    assert validate_file(v1).saved_at == "2026-03-02T10:00:00+00:00"


def test_ingest_prints_unchanged_files_and_exits_0(versions, tmp_path, capsys):
    v1, v2 = versions
    db = str(tmp_path / "b.sqlite")
    assert main(["ingest", str(v2), "--round", "2026", "--db", db]) == 0
    capsys.readouterr()
    assert main(["ingest", str(v2), str(tmp_path / "v1"), "--round", "2026", "--db", db]) in (0, 1)
    out = capsys.readouterr().out
    assert "uændret" in out and "erstattet" not in out


def test_archive_saved_time_doctests():
    import doctest

    import engine.workbook.archive

    assert doctest.testmod(engine.workbook.archive).failed == 0


def test_make_current_goes_back_to_an_earlier_version_on_purpose(versions, tmp_path, capsys):
    v1, v2 = versions
    db = tmp_path / "b.sqlite"
    ingest_files([v1], db, 2026)
    ingest_files([v2], db, 2026)
    assert ingest_files([v1], db, 2026)[0].unchanged == "identical"
    [back] = ingest_files([v1], db, 2026, make_current=True)
    assert back.stored and back.replaced and _current(db) == [_sha(v1)]
    [again] = ingest_files([v1], db, 2026, make_current=True)  # already current: nothing to do
    assert again.unchanged == "identical" and _current(db) == [_sha(v1)]
    assert main(["ingest", str(v2), "--round", "2026", "--db", str(db), "--make-current"]) == 0
    assert _current(db) == [_sha(v2)]
