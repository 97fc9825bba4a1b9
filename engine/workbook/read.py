"""Read a workbook's cell values with python-calamine, keeping every value's position.

Only call this on a file that :func:`engine.workbook.archive.inspect_workbook` accepted:
calamine allocates a sheet's whole used range, which a hostile file could make huge.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import python_calamine


class UnreadableWorkbook(Exception):
    """calamine could not parse a workbook that passed the container inspection."""


@dataclass
class SheetGrid:
    """A sheet's values as rows from A1; empty cells are ``""``."""

    name: str
    rows: list[list[Any]]

    def value(self, row: int, col: int) -> Any:
        if 0 <= row < len(self.rows):
            cells = self.rows[row]
            if 0 <= col < len(cells):
                return cells[col]
        return ""

    @property
    def height(self) -> int:
        return len(self.rows)


class WorkbookReader:
    """Sheets of one workbook, read on demand."""

    def __init__(self, path: str | Path) -> None:
        try:
            self._book = python_calamine.CalamineWorkbook.from_path(str(path))
        except Exception as error:  # calamine raises several unrelated types for bad input
            raise UnreadableWorkbook(str(error)) from error
        self.sheet_names: list[str] = list(self._book.sheet_names)
        self._cache: dict[str, SheetGrid] = {}

    def sheet(self, name: str) -> SheetGrid:
        if name not in self._cache:
            try:
                rows = self._book.get_sheet_by_name(name).to_python(skip_empty_area=False)
            except Exception as error:
                raise UnreadableWorkbook(f"{name}: {error}") from error
            self._cache[name] = SheetGrid(name, rows)
        return self._cache[name]

    def close(self) -> None:
        self._book.close()

    def __enter__(self) -> "WorkbookReader":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
