"""Database, disk and process faults: one line naming the file, exit 2, nothing valid lost.

Faults are real: two ingest processes racing for one new database, a database file made
read-only, one held locked by another connection, a disk that fills up (a file-size limit,
RLIMIT_FSIZE, on the child process), truncated, empty and foreign files, a closed pipe.
"""

from __future__ import annotations

import os
import random
import resource
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from engine.benchmarks import get_domain
from engine.store.database import Store
from engine.benchmarks.administration.synthetic import administration_values, draw_profile
from engine.templates.writer import write_template

ROOT = Path(__file__).resolve().parents[1]
CODES = ("101", "147", "461", "621", "751", "851", "330", "615")
TIMEOUT = 120  # a guard against hangs, not a timing assertion


@pytest.fixture(scope="module")
def workbooks(tmp_path_factory) -> list[Path]:
    folder = tmp_path_factory.mktemp("submissions")
    rng = random.Random(5)
    domain = get_domain("administration")
    return [write_template(domain, folder / f"{code}.xlsx", "da",
                           administration_values(rng, draw_profile(rng, code), 2026)) for code in CODES]


def cli(*args: str, limit=None, **popen) -> subprocess.CompletedProcess:
    """The real command in a child process (optionally under resource limits)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "engine.cli", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=TIMEOUT, preexec_fn=limit, **popen)


def ingest(db: Path, files, *extra: str, limit=None) -> subprocess.CompletedProcess:
    return cli("ingest", *map(str, files), "--round", "2026", "--db", str(db), "--workers", "1", *extra, limit=limit)


def stored(db: Path) -> list[str]:
    with Store(db, create=False) as store:
        return [s["participant"] for s in store.current_submissions("administration", 2026)]


def one_line_error(done: subprocess.CompletedProcess, *words: str) -> str:
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr + done.stdout
    [line] = [line for line in done.stderr.splitlines() if line.startswith(("kommunebench: fejl:", "kommunebench: error:"))]
    for word in words:
        assert word in line, line
    return line


def test_two_ingests_into_one_new_database(tmp_path, workbooks):
    db = tmp_path / "bench.sqlite"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    halves = (workbooks[:4], workbooks[4:])
    children = [subprocess.Popen([sys.executable, "-m", "engine.cli", "ingest", *map(str, half), "--round", "2026",
                                  "--db", str(db), "--workers", "1"], cwd=ROOT, env=env,
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for half in halves]
    for child in children:
        out, err = child.communicate(timeout=TIMEOUT)
        assert child.returncode == 0 and "Traceback" not in err, err
    assert sorted(stored(db)) == sorted(CODES)


def test_a_database_locked_by_another_writer(tmp_path, workbooks):
    db = tmp_path / "bench.sqlite"
    Store(db).close()
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        done = _ingest_with_short_wait(db, workbooks[:2])
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    one_line_error(done, str(db), "in use")
    assert stored(db) == []


def _ingest_with_short_wait(db: Path, files) -> subprocess.CompletedProcess:
    """ingest with the busy wait shortened, so the test does not sit out the real 30 s."""
    code = ("import sys, engine.store.faults as f, engine.store.database as s; f.BUSY_SECONDS = s.BUSY_SECONDS = 1; "
            "from engine.cli import main; sys.exit(main(sys.argv[1:]))")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-c", code, "ingest", *map(str, files), "--round", "2026", "--db", str(db),
                           "--workers", "1"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=TIMEOUT)


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores file permissions")
def test_a_read_only_database(tmp_path, workbooks):
    _read_only_case(tmp_path, workbooks)


def test_a_read_only_database_as_any_user(tmp_path, workbooks):
    # As root, permissions do not bind; SQLite's own read-only open does, whoever runs it.
    db = tmp_path / "bench.sqlite"
    assert ingest(db, workbooks[:1]).returncode == 0
    code = ("import sys, sqlite3, engine.store.database as s\n"
            "real = sqlite3.connect\n"
            "s.sqlite3.connect = lambda path, **kw: real(f'file:{path}?mode=ro', uri=True, **kw)\n"
            "from engine.cli import main; sys.exit(main(sys.argv[1:]))")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", code, "ingest", *map(str, workbooks[1:3]), "--round", "2026",
                           "--db", str(db), "--workers", "1"], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=TIMEOUT)
    one_line_error(done, str(db), "read-only")
    assert stored(db) == ["101"]


def _read_only_case(tmp_path, workbooks):
    db = tmp_path / "bench.sqlite"
    assert ingest(db, workbooks[:1]).returncode == 0
    db.chmod(0o444)
    try:
        one_line_error(ingest(db, workbooks[1:3]), str(db), "read-only")
    finally:
        db.chmod(0o644)
    assert stored(db) == ["101"]


def test_a_full_disk_during_ingest_reports_what_was_stored(tmp_path, workbooks):
    db = tmp_path / "bench.sqlite"
    assert ingest(db, workbooks[:1]).returncode == 0
    with Store(db) as store:  # fold the write-ahead log in, so the limit below counts from the file's size
        store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    room = db.stat().st_size + 3 * 2**16  # room for a few more submissions, not all of them

    def small_disk():
        resource.setrlimit(resource.RLIMIT_FSIZE, (room, room))

    done = ingest(db, workbooks[1:], limit=small_disk)
    line = one_line_error(done, str(db))
    assert "free" in line and "space" in line  # SQLite calls a refused write a disk I/O error
    saved = stored(db)
    assert 1 < len(saved) < len(CODES), "the limit should stop the ingest part-way"
    reported = [line.split("(")[-1].rstrip(")") for line in done.stdout.splitlines()
                if line.startswith(("gemt", "erstattet"))]
    assert sorted(["101", *reported]) == sorted(saved)
    assert f"{len(reported)} af {len(CODES) - 1} filer gemt" in done.stdout


@pytest.mark.parametrize("content, words", [
    (b"", ("empty", "0 bytes")),
    (b"PK\x03\x04 this is a zip, not a database", ("not an SQLite database",)),
    (b"SQLite format 3\x00" + b"\x00" * 50, ("damaged",)),
])
def test_empty_foreign_and_truncated_databases_are_refused_untouched(tmp_path, workbooks, content, words):
    db = tmp_path / "bench.sqlite"
    db.write_bytes(content)
    one_line_error(ingest(db, workbooks[:1]), str(db), *words)
    one_line_error(cli("run", "--round", "2026", "--db", str(db), "--out", str(tmp_path / "out")), str(db))
    assert db.read_bytes() == content, "a refused database file must not be changed"


def test_a_truncated_real_database(tmp_path, workbooks):
    db = tmp_path / "bench.sqlite"
    assert ingest(db, workbooks[:3]).returncode == 0
    with Store(db) as store:
        store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = db.read_bytes()
    db.write_bytes(data[: len(data) // 2])
    done = cli("run", "--round", "2026", "--db", str(db), "--out", str(tmp_path / "out"))
    one_line_error(done, str(db))


def test_run_on_a_missing_database_names_it(tmp_path):
    one_line_error(cli("run", "--round", "2026", "--db", str(tmp_path / "none.sqlite"), "--out", str(tmp_path)),
                   "none.sqlite", "kommunebench ingest")
    assert not (tmp_path / "none.sqlite").exists()


def test_a_closed_pipe_is_quiet(workbooks):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    script = (f"{sys.executable} -m engine.cli validate {' '.join(map(str, workbooks * 40))} | head -1")
    done = subprocess.run(["bash", "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=TIMEOUT)
    assert done.stdout.startswith("OK") and done.stderr == ""


def test_a_file_name_that_is_not_utf8_is_read_and_printed(tmp_path, workbooks):
    odd = os.fsdecode(bytes(tmp_path) + b"/\xe6rhus-\xff.xlsx")
    Path(odd).write_bytes(workbooks[0].read_bytes())
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable.encode(), b"-m", b"engine.cli", b"validate", os.fsencode(odd)], cwd=ROOT,
                          env=env, capture_output=True, timeout=TIMEOUT)
    assert done.returncode == 0, done.stderr
    assert os.fsencode(odd) in done.stdout and b"OK" in done.stdout
    done = subprocess.run([sys.executable.encode(), b"-m", b"engine.cli", b"validate", b"--json", os.fsencode(odd)],
                          cwd=ROOT, env=env, capture_output=True, timeout=TIMEOUT)
    import json

    assert json.loads(done.stdout.decode("utf-8"))["files"][0]["valid"] is True


def test_an_unwritable_annotate_folder_still_prints_the_findings(tmp_path, workbooks):
    from conftest import edit

    broken = edit(workbooks[0], {("Økonomi", "D6"): 9}, tmp_path / "broken.xlsx")
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the folder should be")
    done = cli("validate", str(broken), "--annotate", str(blocked / "rettelser"))
    assert "'Økonomi'!D6" in done.stdout and "out-of-range" in done.stdout
    one_line_error(done, "rettelser")


def test_an_unwritable_out_folder_for_run_is_one_line(tmp_path, workbooks):
    db = tmp_path / "bench.sqlite"
    assert ingest(db, workbooks[:2]).returncode == 0
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("x")
    one_line_error(cli("run", "--round", "2026", "--db", str(db), "--out", str(blocked / "out")), "not-a-folder")


def test_an_empty_folder_among_the_arguments_is_skipped_with_a_message(tmp_path, workbooks):
    empty = tmp_path / "empty"
    empty.mkdir()
    done = cli("validate", str(empty), str(workbooks[0]))
    assert done.returncode == 0 and "OK" in done.stdout
    assert "ingen .xlsx-filer" in done.stderr and str(empty) in done.stderr
    one_line_error(cli("validate", str(empty)), "no workbooks")


def test_a_killed_run_leaves_nothing_behind_once_run_again(tmp_path, workbooks):
    import signal
    import time

    db = tmp_path / "bench.sqlite"
    assert ingest(db, workbooks).returncode == 0
    out = tmp_path / "reports"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    argv = [sys.executable, "-m", "engine.cli", "run", "--round", "2026", "--db", str(db), "--out", str(out),
            "--workers", "2"]
    child = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                             start_new_session=True)
    try:
        deadline = time.monotonic() + TIMEOUT
        while not (out.is_dir() and any(p.name.endswith(".kbtmp") for p in out.iterdir())):
            assert child.poll() is None, "the run finished before a report was caught mid-write"
            assert time.monotonic() < deadline
            time.sleep(0.002)
    finally:
        os.killpg(child.pid, signal.SIGKILL)  # the whole run, workers too, as a crash or power cut would
        child.wait()
    time.sleep(0.2)  # let the killed workers disappear
    assert [p for p in out.iterdir() if p.name.startswith(".")], "the kill should have left a temp file"
    assert cli("run", "--round", "2026", "--db", str(db), "--out", str(out), "--workers", "1").returncode == 0
    assert not [p.name for p in out.iterdir() if p.name.startswith(".")]
    assert len([p for p in out.iterdir() if p.suffix == ".xlsx"]) == len(CODES) + 1


def test_sigterm_removes_the_file_being_written(tmp_path, workbooks):
    import signal
    import time

    db = tmp_path / "bench.sqlite"
    # every workbook, not a few: with a short round the run could finish between seeing a temp file
    # and the signal, and there would be nothing left to interrupt
    assert ingest(db, workbooks).returncode == 0
    out = tmp_path / "reports"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen([sys.executable, "-m", "engine.cli", "run", "--round", "2026", "--db", str(db),
                              "--out", str(out), "--workers", "1"], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + TIMEOUT
    while not (out.is_dir() and any(p.name.endswith(".kbtmp") for p in out.iterdir())):
        assert child.poll() is None and time.monotonic() < deadline
        time.sleep(0.002)
    child.send_signal(signal.SIGTERM)
    _, err = child.communicate(timeout=TIMEOUT)
    assert child.returncode == 2 and "Traceback" not in err and "stoppet" in err
    assert not [p.name for p in out.iterdir() if p.name.startswith(".")]


def test_a_file_too_large_to_annotate_gets_a_finding_not_a_copy(tmp_path, workbooks):
    import secrets
    import zipfile

    from engine.validation.annotate_batch import MAX_ANNOTATED_XML_BYTES

    junk = "".join(f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>{secrets.token_hex(32)}</t></is></c></row>'
                   for n in range(1, MAX_ANNOTATED_XML_BYTES // 100))
    from conftest import edit

    # Both have an error, so both would get a copy (files with nothing to correct get none).
    source = edit(workbooks[0], {("Økonomi", "D6"): 9}, tmp_path / "source.xlsx")
    other = edit(workbooks[1], {("Økonomi", "D6"): 9}, tmp_path / workbooks[1].name)
    heavy = tmp_path / "junk.xlsx"
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(heavy, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "xl/worksheets/sheet2.xml":  # the instructions sheet, which is not validated
                data = data.replace(b"<sheetData/>", b"<sheetData></sheetData>").replace(
                    b"</sheetData>", junk.encode() + b"</sheetData>") if b"<sheetData" in data else data
            zout.writestr(info, data)
    out = tmp_path / "rettelser"
    done = cli("validate", "--lang", "en", str(heavy), str(other), "--annotate", str(out))
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    assert "annotation-too-large" in done.stdout and "limit 8 MB" in done.stdout
    assert sorted(p.name for p in out.iterdir()) == ["147.annotated.xlsx"]
