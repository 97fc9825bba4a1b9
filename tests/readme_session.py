"""Replays README's "A short session" on the demo's files and compares what each command printed.

The session is the first ```text block after the heading "## A short session". A line starting with
``$ `` is a command, the lines up to the next command are what it printed; a line holding only ``…``
stands for any number of lines. ``kommunebench`` is the code under test (``python3 -m engine.cli``
with this checkout first on the path), whatever is installed.
"""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ELLIPSIS = "…"
_MARK = "@@readme-session-step@@"


@dataclass(frozen=True)
class Step:
    command: str
    expected: tuple[str, ...]


def session_steps(readme: Path = ROOT / "README.md") -> list[Step]:
    text = readme.read_text(encoding="utf-8")
    section = text.split("## A short session", 1)[1]
    block = re.search(r"```text\n(.*?)```", section, re.DOTALL).group(1)
    steps: list[Step] = []
    command, lines = None, []
    for line in block.splitlines():
        if line.startswith("$ "):
            if command is not None:
                steps.append(Step(command, _trimmed(lines)))
            command, lines = line[2:], []
        elif command is not None:
            lines.append(line.rstrip())
    if command is not None:
        steps.append(Step(command, _trimmed(lines)))
    return steps


def _trimmed(lines: list[str]) -> tuple[str, ...]:
    while lines and not lines[-1]:
        lines = lines[:-1]
    return tuple(lines)


def _with_stderr(command: str) -> str:
    """Both streams, as a terminal shows them; the exit status stays the command's own."""
    first, pipe, rest = command.partition(" | ")
    return f"{first} 2>&1{pipe and ' | ' + rest}"


def replay(steps: list[Step], folder: Path) -> list[tuple[Step, list[str]]]:
    """Runs every step in one shell inside ``folder``; each step with the lines it printed."""
    script = ['kommunebench() { python3 -m engine.cli "$@"; }', "status=0"]
    for number, step in enumerate(steps):
        script.append(f"echo '{_MARK}{number}'")
        script.append('(exit "$status")')  # so that "echo $?" sees the previous command's status
        script.append(step.command if step.command.startswith("echo ") else _with_stderr(step.command))
        script.append("status=$?")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "200", "LANG": "C.UTF-8"}
    printed = subprocess.run(["bash", "-c", "\n".join(script)], cwd=folder, env=env, capture_output=True,
                             text=True, timeout=900, check=False).stdout
    outputs = re.split(rf"^{_MARK}\d+\n", printed, flags=re.MULTILINE)[1:]
    return [(step, [line.rstrip() for line in out.splitlines()]) for step, out in zip(steps, outputs)]


def matches(expected: tuple[str, ...], printed: list[str]) -> bool:
    """Whether ``printed`` reads as ``expected``, an ``…`` line standing for any lines."""
    if not expected:
        return not any(printed)
    head, *rest = expected
    if head.strip() == ELLIPSIS:
        return any(matches(tuple(rest), printed[i:]) for i in range(len(printed) + 1))
    return bool(printed) and printed[0] == head and matches(tuple(rest), printed[1:])


def differences(folder: Path) -> list[str]:
    """Each step whose output differs from README, with both versions."""
    problems = []
    for step, printed in replay(session_steps(), folder):
        if not matches(step.expected, printed):
            problems.append(f"$ {step.command}\n--- README\n" + "\n".join(step.expected)
                            + "\n--- printed\n" + "\n".join(printed))
    return problems
