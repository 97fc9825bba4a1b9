"""The command line's last line of defence: every fault is one line on stderr and exit code 2.

A traceback tells a user nothing they can act on. Faults the engine knows
(usage, database, disk) already carry a one-line message; this guard prints
it, handles Ctrl-C and SIGTERM (temp files are removed on the way out, see
:mod:`engine.workbook.atomic`), a closed pipe (``validate ... | head -1``) quietly, and
turns anything unexpected into one line that says it is an engine fault.

A closed pipe is never a message: wherever the write fails (in the middle of the output, inside
a command that wraps OSError, or in the last flush after the command returned), the command
ends silently with :data:`EXIT_CLOSED_PIPE`, the status a shell shows for any tool stopped by
its reader going away (``yes | head``).
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Callable

EXIT_ERROR = 2
EXIT_CLOSED_PIPE = 128 + 13  # 128 + SIGPIPE
PROGRAM = "kommunebench"


class Terminated(BaseException):
    """SIGTERM arrived: unwind like Ctrl-C, so ``finally`` blocks and temp-file cleanup run."""


def run_guarded(command: Callable[[], int], expected: tuple[type[Exception], ...] = (), lang: str = "da") -> int:
    """``command()``'s exit code; any fault becomes one line on stderr and :data:`EXIT_ERROR`."""
    _tolerate_odd_file_names()
    sys.unraisablehook = _quiet_failed_zip_close
    previous = signal.signal(signal.SIGTERM, _terminate) if _main_thread() else None
    try:
        code = _guarded(command, expected, lang)
        sys.stdout.flush()  # here, not at exit, so a closed pipe ends below and not in a message at exit
        return code
    except BaseException as error:
        if closed_pipe(error):
            return _quiet_after_closed_pipe()
        raise
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def closed_pipe(error: BaseException | None) -> bool:
    """Whether ``error`` is, or was raised while handling, a write to a pipe whose reader went away."""
    seen = set()
    while error is not None and id(error) not in seen:
        if isinstance(error, BrokenPipeError):
            return True
        seen.add(id(error))
        error = error.__cause__ or error.__context__
    return False


def _quiet_after_closed_pipe() -> int:
    # Later writes (and the interpreter's flush at exit) go nowhere instead of failing again.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    return EXIT_CLOSED_PIPE


def _guarded(command: Callable[[], int], expected: tuple[type[Exception], ...], lang: str) -> int:
    from engine.store.faults import StoreError, describe_os
    from engine.text import Text

    error_word = Text("fejl", "error")(lang)
    try:
        return command()
    except Exception as error:
        if closed_pipe(error):
            raise
        if isinstance(error, (*expected, StoreError)):
            return _fail(f"{error_word}: {error}")
        if isinstance(error, OSError):
            from pathlib import Path

            return _fail(f"{error_word}: {describe_os(Path(error.filename or '?'), error)}")
        if os.environ.get("KOMMUNEBENCH_DEBUG"):
            raise
        where = _origin(error)  # an engine fault: one line, never a traceback
        return _fail(Text(f"intern fejl: {type(error).__name__}: {error}{where} "
                          f"(meld den venligst; KOMMUNEBENCH_DEBUG=1 viser detaljerne)",
                          f"internal error: {type(error).__name__}: {error}{where} "
                          f"(please report it; KOMMUNEBENCH_DEBUG=1 shows the details)")(lang))
    except (KeyboardInterrupt, Terminated):
        return _fail(Text("stoppet; filer under skrivning er fjernet, færdige filer er hele",
                          "stopped; files being written were removed, finished files are complete")(lang))


def _quiet_failed_zip_close(unraisable, default=sys.unraisablehook) -> None:
    """A workbook whose writing failed (a full disk) leaves XlsxWriter's zip file open; when it is freed,
    its close fails again and Python would print "Exception ignored in ZipFile.__del__" with a traceback.
    The first failure is already reported in one line, so its echo is not; anything else is printed as usual.
    Worker processes forked from this one inherit the hook."""
    if isinstance(unraisable.exc_value, OSError) and \
            getattr(unraisable.object, "__qualname__", "") == "ZipFile.__del__":
        return
    default(unraisable)


def _fail(message: str) -> int:
    try:
        print(f"{PROGRAM}: {' '.join(message.split())}", file=sys.stderr)
    except (OSError, ValueError):
        pass
    return EXIT_ERROR


def _terminate(signum, frame) -> None:
    raise Terminated()


def _main_thread() -> bool:
    import threading

    return threading.current_thread() is threading.main_thread()


def _origin(error: Exception) -> str:
    tb = error.__traceback__
    while tb is not None and tb.tb_next is not None:
        tb = tb.tb_next
    return f" at {os.path.basename(tb.tb_frame.f_code.co_filename)}:{tb.tb_lineno}" if tb is not None else ""


def _tolerate_odd_file_names() -> None:
    """A file name that is not valid UTF-8 arrives as surrogate escapes; print it as the bytes it was."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is None or getattr(stream, "errors", "") != "strict":
            continue
        encoding = (getattr(stream, "encoding", "") or "").lower().replace("-", "")
        try:
            reconfigure(errors="surrogateescape" if encoding == "utf8" else "backslashreplace")
        except (ValueError, OSError):
            pass
