"""Database and disk faults as one line that names the file and says what to do.

SQLite reports a locked, read-only, full, damaged or missing database with an
error text; a user needs to know which file it is and what to do about it, not
a traceback. :func:`describe` turns any such fault into that line.
"""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_SECONDS = 30.0  # how long a writer waits for another one before giving up


class StoreError(Exception):
    """The database cannot be used; the message names the file and what to do."""


def check_database_file(path: Path, create: bool) -> None:
    """Refuse a path that is not a database before SQLite touches it (it would migrate an empty file)."""
    if not path.exists():
        if not create:
            raise StoreError(f"no database at {path}; create it with kommunebench ingest")
        if not path.parent.is_dir():
            raise StoreError(f"cannot create the database {path}: the folder {path.parent} does not exist")
        return
    if path.is_dir():
        raise StoreError(f"{path} is a folder, not a database file; name a file, e.g. {path / 'bench.sqlite'}")
    try:
        with path.open("rb") as handle:
            head = handle.read(len(SQLITE_HEADER))
    except OSError as error:
        raise StoreError(describe_os(path, error)) from None
    if not head:
        raise StoreError(f"{path} is empty (0 bytes), not a kommunebench database; delete it to start a new "
                         "one, or name another file")
    if head != SQLITE_HEADER:
        raise StoreError(f"{path} is not an SQLite database; name the kommunebench database file "
                         "(nothing was changed)")


def describe(path: Path, error: sqlite3.Error | OSError) -> str:
    """One line: which file, what went wrong, what to do."""
    if isinstance(error, OSError):
        return describe_os(path, error)
    text = str(error).lower()
    if "locked" in text or "busy" in text:
        return (f"{path} is in use by another program or kommunebench run (waited {BUSY_SECONDS:g} s); "
                "run again when it has finished")
    if "readonly" in text or "read-only" in text:
        return f"{path} is read-only; make it and its folder writable, or copy it to a writable folder"
    if "disk is full" in text or "database or disk is full" in text:
        return f"the disk holding {path} is full; free some space and run again"
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return (f"{path} is damaged or not a kommunebench database ({error}); restore it from a backup "
                "or name another file")
    if "unable to open" in text:
        return f"{path} cannot be opened; check that the file and its folder exist and are readable"
    if "disk i/o" in text:
        return f"reading or writing {path} failed (disk I/O error); check the disk and free space, then run again"
    return f"{path}: database error: {error}"


def describe_os(path: Path, error: OSError) -> str:
    target = error.filename or path
    if error.errno in (errno.ENOSPC, errno.EFBIG, errno.EDQUOT):
        return f"no room to write {target} ({error.strerror}); free some space and run again"
    if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"no permission to write {target} ({error.strerror}); choose a writable location"
    return f"{target}: {error.strerror or error}"
