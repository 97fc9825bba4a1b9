"""A dependency-free progress bar on standard error."""

from __future__ import annotations

import sys
import time
from typing import TextIO


class Progress:
    """``[#####.....] 12/30 label`` redrawn in place on a terminal; a line per 10 % otherwise."""

    def __init__(self, total: int, label: str, stream: TextIO | None = None, enabled: bool = True,
                 lang: str = "da") -> None:
        self.total = max(total, 1)
        self.label = label
        self.lang = lang
        self.stream = stream or sys.stderr
        self.enabled = enabled
        self.done = 0
        self.started = time.perf_counter()
        self._tty = hasattr(self.stream, "isatty") and self.stream.isatty()
        self._last_decile = -1

    def advance(self, step: int = 1) -> None:
        self.done += step
        if not self.enabled:
            return
        if self._tty:
            width = 30
            filled = int(width * self.done / self.total)
            self.stream.write(f"\r{self.label} [{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total}")
            if self.done >= self.total:
                from engine.cli_text import seconds

                self.stream.write(f"  {seconds(time.perf_counter() - self.started, self.lang)}\n")
            self.stream.flush()
        else:
            decile = 10 * self.done // self.total
            if decile != self._last_decile:
                self._last_decile = decile
                self.stream.write(f"{self.label}: {self.done}/{self.total}\n")
