"""What each run of a round used: the method's version, its parameters, and its input files.

``kommunebench run`` records, per run, the engine's version (the method's version: the method is
the engine's code) and the benchmark's whole parameter set as JSON. A parameter that names an
input file (its name ends in ``_file``: jobcenter's ``register_file``) is a part of the round's
inputs the workbooks do not hold, so the file itself is kept too, by its sha256, once per round
however often it is run with it. A later round can then compute this one again with its own
method from everything it was computed from, and say where the parameters were different.

Method parameters are compared; the round's own inputs are not (their files, and ``consented``:
who may be named differs from round to round by design).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3
from dataclasses import asdict, dataclass
from pathlib import Path

# Schema step appended to engine.store.database.MIGRATIONS. No semicolon inside comments: the
# store splits a migration into statements at every semicolon.
MIGRATION = """
    CREATE TABLE round_runs (
        id INTEGER PRIMARY KEY,
        round_id INTEGER NOT NULL REFERENCES rounds (id),
        run_at TEXT NOT NULL,
        method_version TEXT NOT NULL,   -- the engine's version (kommunebench --version)
        parameters TEXT NOT NULL,       -- the benchmark's parameter set, JSON
        files TEXT NOT NULL             -- JSON: parameter -> sha256 of the file in round_files
    );
    CREATE INDEX round_runs_round ON round_runs (round_id, id);
    CREATE TABLE round_files (
        round_id INTEGER NOT NULL REFERENCES rounds (id),
        parameter TEXT NOT NULL,        -- the parameter that named it (register_file)
        sha256 TEXT NOT NULL,
        file_name TEXT NOT NULL,
        content BLOB NOT NULL,
        stored_at TEXT NOT NULL,
        PRIMARY KEY (round_id, parameter, sha256)
    );
"""

FILE_SUFFIX = "_file"
ROUND_INPUTS = ("consented",)  # parameters that are the round's own, not the method's


@dataclass(frozen=True)
class RecordedRun:
    run_at: str
    method_version: str
    parameters: dict
    files: dict  # parameter -> sha256


@dataclass(frozen=True)
class StoredFile:
    parameter: str
    file_name: str
    sha256: str
    content: bytes
    stored_at: str  # the time of the run that stored it


def method_version() -> str:
    from engine import __version__

    return f"kommunebench {__version__}"


def parameter_values(params) -> dict:
    """The parameter set as JSON would give it back (tuples as lists), so recorded and current compare."""
    return json.loads(json.dumps(asdict(params), sort_keys=True, ensure_ascii=False, default=str))


def is_method_parameter(name: str) -> bool:
    return not name.endswith(FILE_SUFFIX) and name not in ROUND_INPUTS


def file_parameters(params) -> tuple[str, ...]:
    """The parameters that name an input file, set or not."""
    return tuple(name for name in parameter_values(params) if name.endswith(FILE_SUFFIX))


def input_files(params) -> dict[str, str]:
    """parameter -> path of every input file the parameters name (empty ones left out)."""
    return {name: value for name, value in parameter_values(params).items()
            if name.endswith(FILE_SUFFIX) and value}


def changed_parameters(recorded: dict, current: dict) -> tuple[tuple[str, object, object], ...]:
    """(name, then, now) of every method parameter that differs (None: the parameter did not exist)."""
    names = sorted(name for name in {*recorded, *current} if is_method_parameter(name))
    return tuple((name, recorded.get(name), current.get(name)) for name in names
                 if recorded.get(name) != current.get(name))


def setting(value) -> str:
    """A parameter's value as the round configuration (TOML) writes it; '–' where it was not set."""
    return "–" if value is None else json.dumps(value, ensure_ascii=False)


def record_run(store, domain: str, year: int, params) -> RecordedRun | None:
    """Keep this run's method version, parameters and input files (None: the store has no such round)."""
    contents = {name: (Path(path).name, Path(path).read_bytes()) for name, path in input_files(params).items()}
    now = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    values = parameter_values(params)
    files = {name: hashlib.sha256(content).hexdigest() for name, (_, content) in contents.items()}
    with store.transaction() as db:
        row = db.execute("SELECT id FROM rounds WHERE domain = ? AND year = ?", (domain, year)).fetchone()
        if row is None:
            return None
        for name, (file_name, content) in contents.items():
            db.execute("INSERT OR IGNORE INTO round_files VALUES (?, ?, ?, ?, ?, ?)",
                       (row[0], name, files[name], file_name, content, now))
        db.execute("INSERT INTO round_runs (round_id, run_at, method_version, parameters, files) "
                   "VALUES (?, ?, ?, ?, ?)", (row[0], now, method_version(), json.dumps(values, sort_keys=True),
                                              json.dumps(files, sort_keys=True)))
    return RecordedRun(now, method_version(), values, files)


def last_run(db: sqlite3.Connection, domain: str, year: int) -> RecordedRun | None:
    """The latest recorded run of the round (None: never run since runs were recorded)."""
    row = db.execute("SELECT x.run_at, x.method_version, x.parameters, x.files FROM round_runs x "
                     "JOIN rounds r ON r.id = x.round_id WHERE r.domain = ? AND r.year = ? ORDER BY x.id DESC "
                     "LIMIT 1", (domain, year)).fetchone()
    return None if row is None else RecordedRun(row[0], row[1], json.loads(row[2]), json.loads(row[3]))


def stored_file(db: sqlite3.Connection, domain: str, year: int, parameter: str) -> StoredFile | None:
    """The file ``parameter`` named in the latest run of the round that kept one (None: none kept)."""
    for (files,) in db.execute("SELECT x.files FROM round_runs x JOIN rounds r ON r.id = x.round_id "
                               "WHERE r.domain = ? AND r.year = ? ORDER BY x.id DESC", (domain, year)):
        sha = json.loads(files).get(parameter)
        if sha is None:
            continue
        row = db.execute("SELECT f.file_name, f.content, f.stored_at FROM round_files f JOIN rounds r "
                         "ON r.id = f.round_id WHERE r.domain = ? AND r.year = ? AND f.parameter = ? AND f.sha256 = ?",
                         (domain, year, parameter, sha)).fetchone()
        if row is not None:
            return StoredFile(parameter, row[0], sha, bytes(row[1]), row[2])
    return None


def recorded_runs(db: sqlite3.Connection, domain: str, year: int) -> list[RecordedRun]:
    """Every recorded run of the round, the first first."""
    rows = db.execute("SELECT x.run_at, x.method_version, x.parameters, x.files FROM round_runs x "
                      "JOIN rounds r ON r.id = x.round_id WHERE r.domain = ? AND r.year = ? ORDER BY x.id",
                      (domain, year))
    return [RecordedRun(row[0], row[1], json.loads(row[2]), json.loads(row[3])) for row in rows]


def stored_file_names(db: sqlite3.Connection, domain: str, year: int) -> dict[tuple[str, str], str]:
    """(parameter, sha256) -> the name of the file as it was given, for every file the round keeps."""
    rows = db.execute("SELECT f.parameter, f.sha256, f.file_name FROM round_files f JOIN rounds r "
                      "ON r.id = f.round_id WHERE r.domain = ? AND r.year = ?", (domain, year))
    return {(parameter, sha): name for parameter, sha, name in rows}
