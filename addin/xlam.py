"""Build the ribbon add-in (.xlam) of the xlwings desktop route, reproducibly, from xlwings' own template.

    python -m addin.xlam --out dist/

writes ``kommunebench_excel.xlam`` and ``kommunebench_excel.py`` (keep them side by side). The
workbook is xlwings' ribbon add-in template (``xlwings quickstart NAME --addin --ribbon`` copies
the same file) with only its ribbon XML replaced: a *kommunebench* tab with one button. Its VBA
is xlwings' unchanged; the template's one ribbon callback runs ``import <add-in name>;
<add-in name>.main()``, so the button calls :func:`main` in the companion module, which checks
the active workbook. One button only: routing several buttons to different functions would mean
rewriting the compressed VBA source, which Excel's acceptance of cannot be checked on Linux.
The build is byte-for-byte reproducible (fixed member dates), so a rebuilt file can be compared.
"""

from __future__ import annotations

import argparse
import zipfile
from pathlib import Path

NAME = "kommunebench_excel"
TEMPLATE = "quickstart_addin_ribbon.xlam"
CUSTOM_UI_PART = "customUI/customUI.xml"
FIXED_DATE = (2026, 1, 1, 0, 0, 0)
CUSTOM_UI = """<customUI xmlns="http://schemas.microsoft.com/office/2006/01/customui">
  <ribbon>
    <tabs>
      <tab id="kommunebenchTab" label="kommunebench">
        <group id="kommunebenchGroup" label="Benchmark">
          <button id="kommunebenchCheck" label="Tjek projektmappe" size="large" imageMso="MacroPlay"
                  screentip="Tjek projektmappe / Check workbook"
                  supertip="Markerer fejl og advarsler i den aktive projektmappe og lister dem på arket Fejl. Marks the active workbook's findings and lists them on a sheet."
                  onAction="RibbonMyAddin.RunMain"/>
        </group>
      </tab>
    </tabs>
  </ribbon>
</customUI>
"""
MODULE = '''"""Called by the kommunebench ribbon button (xlwings runs ``import {name}; {name}.main()``)."""

import xlwings as xw

from addin.desktop import check_workbook


def main():
    # In an add-in, Book.caller() is the add-in itself: the workbook to check is the active one.
    check_workbook(xw.books.active)
'''.format(name=NAME)


def template_path() -> Path:
    import xlwings

    return Path(xlwings.__file__).parent / TEMPLATE


def build(out_dir: str | Path) -> tuple[Path, Path]:
    """Write the add-in and its companion module into ``out_dir``; returns both paths."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    xlam, module = out / f"{NAME}.xlam", out / f"{NAME}.py"
    with zipfile.ZipFile(template_path()) as source, zipfile.ZipFile(xlam, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = CUSTOM_UI.encode() if info.filename == CUSTOM_UI_PART else source.read(info)
            target.writestr(zipfile.ZipInfo(info.filename, FIXED_DATE), data, compress_type=zipfile.ZIP_DEFLATED)
    module.write_text(MODULE, encoding="utf-8")
    return xlam, module


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=Path("dist"), help="output folder (default: dist)")
    for path in build(parser.parse_args().out):
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
