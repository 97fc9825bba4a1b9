"""PDF copies of the written workbooks, printed by LibreOffice (``kommunebench run --pdf``).

Each workbook's print set-up (paper, orientation, fit to width, header and footer) decides what the
PDF looks like; the cached results in the workbook are the engine's numbers, so LibreOffice prints
them without recalculating. One LibreOffice process converts a whole folder's workbooks, with a
profile of its own so a LibreOffice the user has open is neither used nor disturbed. The profile
sets the locale of the reports' language (da-DK or en-US): a number format such as ``#,##0.00``
prints with the locale's separators, so a Danish report printed on an English machine would
otherwise show "575,000" in its tables beside "13,50" in its sentences. Each PDF is
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
LOCALE = {"da": "da-DK", "en": "en-US"}  # report language -> LibreOffice locale

_PROFILE_SETTINGS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooSetupSystemLocale" oor:op="fuse"><value>{locale}</value></prop></item>
</oor:items>
"""


class PdfUnavailable(RuntimeError):
    """LibreOffice is not installed, so no PDF can be written (the workbooks are unaffected)."""


def find_libreoffice() -> str | None:
    """The LibreOffice command on this machine, or None."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def export_pdfs(workbooks: Sequence[Path], lang: str = "da") -> list[Path]:
    """Write ``<name>.pdf`` beside every workbook and return the PDFs' paths, in the given order.

    ``lang`` is the workbooks' language; it decides the separators of every printed number.

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
            _convert(soffice, paths, Path(tmp), LOCALE[lang])
            for path in paths:
                printed = Path(tmp) / "out" / f"{path.stem}.pdf"
                if not printed.exists():
                    raise RuntimeError(f"LibreOffice wrote no PDF for {path}")
                os.replace(printed, path.with_suffix(".pdf"))
    return [path.with_suffix(".pdf") for path in workbooks]


def _convert(soffice: str, paths: list[Path], tmp: Path, locale: str) -> None:
    settings = tmp / "profile" / "user" / "registrymodifications.xcu"
    settings.parent.mkdir(parents=True)
    settings.write_text(_PROFILE_SETTINGS.format(locale=locale), encoding="utf-8")
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
