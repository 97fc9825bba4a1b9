"""PDF copies of the written workbooks, printed by LibreOffice (``kommunebench run --pdf``).

Each workbook's print set-up (paper, orientation, fit to width, header and footer) decides what the
PDF looks like; the cached results in the workbook are the engine's numbers, so LibreOffice prints
them without recalculating. One LibreOffice process converts a whole folder's workbooks, with a
profile of its own so a LibreOffice the user has open is neither used nor disturbed. Each PDF is
written to a temporary folder first and moved beside its workbook, so a half-written PDF never
sits next to a report.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

SECONDS_PER_WORKBOOK = 90


class PdfUnavailable(RuntimeError):
    """LibreOffice is not installed, so no PDF can be written (the workbooks are unaffected)."""


def find_libreoffice() -> str | None:
    """The LibreOffice command on this machine, or None."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def export_pdfs(workbooks: Sequence[Path]) -> list[Path]:
    """Write ``<name>.pdf`` beside every workbook and return the PDFs' paths, in the given order.

    Raises :class:`PdfUnavailable` without LibreOffice, and ``RuntimeError`` naming the workbook
    when LibreOffice fails to print one.
    """
    soffice = find_libreoffice()
    if soffice is None:
        raise PdfUnavailable("LibreOffice (soffice) is not installed")
    workbooks = [Path(path) for path in workbooks]
    by_folder: dict[Path, list[Path]] = {}
    for path in workbooks:
        by_folder.setdefault(path.resolve().parent, []).append(path.resolve())
    for folder, paths in by_folder.items():
        with tempfile.TemporaryDirectory(prefix="kommunebench-pdf-", dir=folder) as tmp:
            _convert(soffice, paths, Path(tmp))
            for path in paths:
                printed = Path(tmp) / "out" / f"{path.stem}.pdf"
                if not printed.exists():
                    raise RuntimeError(f"LibreOffice wrote no PDF for {path}")
                os.replace(printed, path.with_suffix(".pdf"))
    return [path.with_suffix(".pdf") for path in workbooks]


def _convert(soffice: str, paths: list[Path], tmp: Path) -> None:
    profile = (tmp / "profile").resolve().as_uri()
    command = [soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore", "--convert-to", "pdf",
               "--outdir", str(tmp / "out"), *map(str, paths)]
    try:
        completed = subprocess.run(command, capture_output=True, text=True,
                                   timeout=SECONDS_PER_WORKBOOK * len(paths) + 60)
    except subprocess.TimeoutExpired:
        raise RuntimeError(f"LibreOffice did not finish printing {len(paths)} workbooks in {paths[0].parent}") from None
    if completed.returncode != 0:
        detail = (completed.stderr or completed.stdout).strip().splitlines()
        raise RuntimeError(f"LibreOffice failed (exit {completed.returncode}): {detail[-1] if detail else ''}")
