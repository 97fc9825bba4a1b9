"""Write files so that readers see either the old file or the complete new one.

The new content goes to a hidden temporary file beside the target and is moved
into place only when complete. Its name carries the writing process's id, so a
temporary file that an interrupted run left behind (a crash, ``kill -9``, a power
cut) is recognised and removed the next time any run writes into that folder:
its process is gone. Ctrl-C and SIGTERM remove the file on the way out (see
:mod:`engine.cli_guard`).
"""

from __future__ import annotations

import os
import re
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

TEMP_SUFFIX = ".kbtmp"
# .<stem>.<pid>.<random><suffix>.kbtmp
_TEMP_NAME = re.compile(r"^\..*\.(\d+)\.[A-Za-z0-9_]+\.[^.]*" + re.escape(TEMP_SUFFIX) + "$")
STALE_AFTER_SECONDS = 24 * 3600  # a temp file of a live process is still stale after a day
_swept: set[Path] = set()


@contextmanager
def atomic_path(target: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; move it into place only on success.

    The temporary file lives in the same directory so the final ``os.replace``
    is atomic; on any exception it is removed and ``target`` is left untouched.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_temps(target.parent)
    handle, tmp_name = tempfile.mkstemp(prefix=f".{target.stem}.{os.getpid()}.",
                                        suffix=target.suffix + TEMP_SUFFIX, dir=target.parent)
    os.close(handle)
    tmp = Path(tmp_name)
    try:
        yield tmp
        os.chmod(tmp, 0o666 & ~_current_umask())
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def remove_stale_temps(folder: Path) -> list[Path]:
    """Remove temp files in ``folder`` left by processes that no longer run; once per folder and process."""
    folder = Path(folder)
    key = folder.resolve()
    if key in _swept:
        return []
    _swept.add(key)
    removed = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    now = time.time()
    for entry in entries:
        match = _TEMP_NAME.match(entry.name)
        if not match or not entry.is_file(follow_symlinks=False):
            continue
        try:
            stale = not _alive(int(match.group(1))) or now - entry.stat().st_mtime > STALE_AFTER_SECONDS
            if stale:
                os.unlink(entry.path)
                removed.append(Path(entry.path))
        except OSError:
            pass  # another run removed it first, or it is not ours to remove
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid() or os.name == "nt":  # Windows' os.kill(pid, 0) would send Ctrl-C: age decides there
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # exists, owned by someone else
    except OSError:
        return True
    return not _zombie(pid)


def _zombie(pid: int) -> bool:
    # A killed worker whose parent died too stays a zombie until init reaps it (in a container,
    # maybe never); it answers signal 0 but will never write again.
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            return stat.read().rsplit(b")", 1)[1].split()[0] == b"Z"
    except (OSError, IndexError):
        return False


def _current_umask() -> int:
    # mkstemp creates files readable by the owner only; give the final file the usual mode.
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
