"""Drive LibreOffice headless from tests: open a workbook, recalculate everything, save or render it."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

# Recalculate every formula on load (0 = always) instead of trusting cached results.
_PROFILE_SETTINGS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


def soffice() -> str:
    path = shutil.which("soffice") or shutil.which("libreoffice")
    if path is None:
        pytest.fail("LibreOffice is not installed: run .ci/setup (apt-get install libreoffice-calc-nogui)")
    return path


def convert(source: Path, fmt: str, out_dir: Path, timeout: int = 180) -> Path:
    """Open ``source`` in LibreOffice with full recalculation and save it as ``fmt`` (xlsx, pdf, ...)."""
    profile = out_dir / "lo-profile"
    (profile / "user").mkdir(parents=True, exist_ok=True)
    (profile / "user" / "registrymodifications.xcu").write_text(_PROFILE_SETTINGS, encoding="utf-8")
    out_dir.mkdir(parents=True, exist_ok=True)
    target_format = "xlsx:Calc MS Excel 2007 XML" if fmt == "xlsx" else fmt
    completed = subprocess.run(
        [soffice(), f"-env:UserInstallation={profile.resolve().as_uri()}", "--headless", "--norestore",
         "--convert-to", target_format, "--outdir", str(out_dir), str(source)],
        capture_output=True, text=True, timeout=timeout)
    target = out_dir / (source.stem + "." + fmt)
    if completed.returncode != 0 or not target.exists():
        raise AssertionError(f"LibreOffice failed on {source} (exit {completed.returncode}): "
                             f"{completed.stdout}\n{completed.stderr}")
    return target
