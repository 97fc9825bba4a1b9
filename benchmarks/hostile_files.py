"""What does a hostile workbook cost? Prints time and peak memory per file; asserts nothing.

Builds hostile variants of a filled administration workbook (far cells in other XML
spellings, a sheet bomb, a million junk rows, a huge shared-strings table, a huge
styles part, an entity bomb, NaN and '1,5' numbers) and runs the real command on each
in a fresh child process: ``validate`` and ``validate --annotate``. For each it prints
the wall time, the CPU time and the peak resident memory of the whole run (the
command and its worker processes), against the issue's bound of 2 s and 300 MB.

    python benchmarks/hostile_files.py
"""

from __future__ import annotations

import argparse
import os
import random
import re
import secrets
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from engine.benchmarks import get_domain  # noqa: E402
from engine.benchmarks.administration.synthetic import administration_values, draw_profile  # noqa: E402
from engine.templates.writer import write_template  # noqa: E402

FIN = "xl/worksheets/sheet3.xml"  # 'Økonomi'
GUIDE = "xl/worksheets/sheet2.xml"  # 'Vejledning', not validated
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"

# Runs the command in the child and reports its own and its workers' peak memory.
_CHILD = """
import resource, sys, time
from engine.cli import main
started = time.perf_counter()
code = main(sys.argv[1:])
wall = time.perf_counter() - started
own, kids = (resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
# The high-water mark of this process (VmHWM: ru_maxrss would carry over the parent's from before exec)
# and of the largest worker (forked from this process, so its figure counts from here).
hwm = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
print(f"@@ {code} {wall:.3f} {own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime:.3f} "
      f"{max(hwm, kids.ru_maxrss) / 1024:.0f}", file=sys.stderr)
"""


def rewrite(src: Path, dst: Path, part: str, transform: Callable[[bytes], bytes]) -> Path:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            zout.writestr(info, transform(data) if info.filename == part else data)
    return dst


def before_sheet_data_end(extra: bytes) -> Callable[[bytes], bytes]:
    return lambda xml: xml.replace(b"</sheetData>", extra + b"</sheetData>")


def junk_rows(count: int) -> bytes:
    return "".join(f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>{secrets.token_hex(8)}</t></is></c></row>'
                   for n in range(1000, 1000 + count)).encode()


def build(valid: Path, folder: Path) -> dict[str, Path]:
    far = (f"<x:row xmlns:x='{MAIN}' r = '1048576'><x:c r='XFD1048576' t='n'><x:v>1</x:v></x:c></x:row>").encode()
    laughs = ('<!DOCTYPE sst [<!ENTITY a "aaaaaaaaaa">' +
              "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9)) + "]>")
    cases = {
        "valid file": valid,
        "far cell, prefixed + single quotes": rewrite(valid, folder / "far_prefixed.xlsx", FIN,
                                                      before_sheet_data_end(far)),
        "far cell, plain": rewrite(valid, folder / "far_plain.xlsx", FIN, before_sheet_data_end(
            b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>')),
        "sheet bomb (200 MiB of spaces)": rewrite(valid, folder / "bomb.xlsx", FIN,
                                                  lambda xml: xml + b"<!--" + b" " * (200 << 20) + b"-->"),
        "200k junk rows (unvalidated sheet)": rewrite(
            valid, folder / "junk_rows.xlsx", GUIDE,
            lambda xml: xml.replace(b"<sheetData/>", b"<sheetData></sheetData>").replace(
                b"</sheetData>", junk_rows(200_000) + b"</sheetData>")),
        "huge shared strings (300k)": rewrite(
            valid, folder / "strings.xlsx", "xl/sharedStrings.xml",
            lambda xml: xml.replace(b"</sst>", "".join(f"<si><t>{secrets.token_hex(12)}</t></si>"
                                                       for _ in range(300_000)).encode() + b"</sst>")),
        "huge styles (200k formats)": rewrite(
            valid, folder / "styles.xlsx", "xl/styles.xml",
            lambda xml: xml.replace(b"</cellXfs>", b'<xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
                                    * 200_000 + b"</cellXfs>")),
        "entity bomb in shared strings": rewrite(
            valid, folder / "laughs.xlsx", "xl/sharedStrings.xml",
            lambda xml: xml.replace(b"?>", b"?>" + laughs.encode(), 1)),
        "NaN and '1,5' numbers": rewrite(valid, folder / "numbers.xlsx", FIN, lambda xml: re.sub(
            rb'<c r="G7"([^>]*?)(?:/>|>.*?</c>)', rb'<c r="G7"\1 t="n"><v> 1,5 </v></c>', re.sub(
                rb'<c r="G6"([^>]*?)(?:/>|>.*?</c>)', rb'<c r="G6"\1><v>NaN</v></c>', xml, count=1), count=1)),
    }
    return cases


def measure(*argv: str) -> tuple[int, float, float, float]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", _CHILD, *argv], cwd=ROOT, env=env, capture_output=True, text=True)
    line = next((line for line in done.stderr.splitlines() if line.startswith("@@ ")), None)
    if line is None:
        raise SystemExit(f"the child died: {done.returncode}\n{done.stderr[-2000:]}")
    code, wall, cpu, rss = line.split()[1:]
    return int(code), float(wall), float(cpu), float(rss)


def main() -> None:
    argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter).parse_args()
    rng = random.Random(1)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        valid = write_template(get_domain("administration"), folder / "valid.xlsx", "da",
                               administration_values(rng, draw_profile(rng, "751"), 2026))
        cases = build(valid, folder)
        print(f"{'file':<38} {'size':>8} | {'validate':^24} | {'validate --annotate':^24}")
        print(f"{'':<38} {'KB':>8} | {'exit':>4} {'wall s':>6} {'cpu s':>6} {'MB':>5} | "
              f"{'exit':>4} {'wall s':>6} {'cpu s':>6} {'MB':>5}")
        worst_wall = worst_rss = 0.0
        for name, path in cases.items():
            plain = measure("validate", str(path))
            annotated = measure("validate", str(path), "--annotate", str(folder / "annotated"))
            worst_wall = max(worst_wall, plain[1], annotated[1])
            worst_rss = max(worst_rss, plain[3], annotated[3])
            print(f"{name:<38} {path.stat().st_size / 1024:8.0f} | " + " | ".join(
                f"{code:>4} {wall:6.2f} {cpu:6.2f} {rss:5.0f}" for code, wall, cpu, rss in (plain, annotated)))
        print(f"worst: {worst_wall:.2f} s wall (bound 2 s), {worst_rss:.0f} MB peak RSS (bound 300 MB); "
              "wall includes interpreter start-up (~0.2-0.4 s)")


if __name__ == "__main__":
    main()
