"""A reader that closes the pipe early (``kommunebench status | head -1``) ends the command quietly.

The pipe is closed before the command writes anything, so every write fails: in the middle of the
output, in a command that turns OSError into a usage error (status), and at the final flush after
the command returned (what made it happen only "sometimes" with ``head``).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import write_filled
from engine.cli import main

ROOT = Path(__file__).resolve().parent.parent
CLOSED_PIPE = 128 + 13  # what a shell reports for a tool stopped by SIGPIPE (yes | head)


def _run_with_closed_stdout(*args: str) -> tuple[int, str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen([sys.executable, "-m", "engine.cli", *args], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, env=env, cwd=ROOT)
    process.stdout.close()  # the reader is gone before the first line
    stderr = process.stderr.read().decode()
    return process.wait(timeout=120), stderr


@pytest.fixture(scope="module")
def round_db(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pipe")
    path = write_filled(folder / "aarhus.xlsx")
    db = folder / "bench.sqlite"
    assert main(["ingest", str(path), "--round", "2026", "--db", str(db), "--workers", "1"]) == 0
    return path, db


@pytest.mark.parametrize("command", ["validate", "status", "status-json"])
def test_a_closed_pipe_is_quiet(round_db, command):
    path, db = round_db
    args = {"validate": ["validate", str(path)],
            "status": ["status", "--round", "2026", "--db", str(db)],
            "status-json": ["status", "--round", "2026", "--db", str(db), "--json"]}[command]
    code, stderr = _run_with_closed_stdout(*args)
    assert (code, stderr) == (CLOSED_PIPE, "")
