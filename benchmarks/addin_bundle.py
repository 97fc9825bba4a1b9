"""The static add-in in headless Chromium: size, start and check times, memory. Prints figures; asserts nothing.

Builds the folder with ``kommunebench addin build`` (or takes ``--bundle DIR``), serves it from a
plain static file server that answers revalidations with 304 (as most web hosts do), and opens the
pane with the stub Office host of the tests:

- bundle size, by part, and what it would cost on the wire gzipped;
- cold start: a fresh browser profile (empty cache), from navigation to "the engine is ready";
- warm start: the same profile opened again (cached, revalidated);
- check times of the administration template (blank, 308 findings; filled, none) and of a
  10,000-row jobcenter allocation, through the engine the pane calls (the first check, then the
  median of the rest); and the pane's whole check through the button, Office file API included;
- peak memory: the renderer process's high-water mark (VmHWM, the page and its worker) and the
  engine's WebAssembly memory (which only grows, so it is the engine's peak).

Times are wall-clock on a shared machine; the load average is printed with them. The aims (issue
22): warm start under 3 s, the administration check under 1 s.

    python benchmarks/addin_bundle.py [--bundle DIR] [--warm 3] [--repeat 5]
"""

from __future__ import annotations

import argparse
import base64
import dataclasses
import gzip
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

from engine.benchmarks import get_domain  # noqa: E402
from engine.templates.writer import write_template  # noqa: E402

STUB = (ROOT / "tests" / "addin_host_stub.js").read_text(encoding="utf-8")
CHECK_JS = """
const [data, name, done] = arguments;
const binary = atob(data), bytes = new Uint8Array(binary.length);
for (let i = 0; i < binary.length; i++) { bytes[i] = binary.charCodeAt(i); }
const started = performance.now();
window.kommunebenchEngine.check(bytes, name, "da").then(
  (result) => done({ seconds: (performance.now() - started) / 1000, issues: result.issues.length }),
  (error) => done({ error: String(error) }));
"""


class _Handler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def log_request(self, code="-", size="-"):
        self.server.answers.append(int(getattr(code, "value", code)))

    def end_headers(self):
        self.send_header("Cache-Control", "no-cache")  # cached, but revalidated on every use
        super().end_headers()


def allocation_workbook(path: Path, rows: int = 10_000) -> Path:
    """A jobcenter department allocation with ``rows`` rows (the template's block widened to hold them)."""
    from jobcenter_helpers import department_values, departments

    domain = get_domain("jobcenter_fte")
    sample = department_values("450", departments("450")[0])
    values = {key: value for key, value in sample.items() if key[0] != "allocation"}
    lines = sorted({key[1] for key in sample if key[0] == "allocation"})
    for index in range(rows):
        for field in ("target_group", "task"):
            values[("allocation", index, field)] = sample[("allocation", lines[index % len(lines)], field)]
        values[("allocation", index, "employee_id")] = f"M{index:05d}"
        values[("allocation", index, "share")] = 100.0
    sheets = tuple(dataclasses.replace(s, max_rows=rows) if s.id == "allocation" else s for s in domain.sheets)
    return write_template(dataclasses.replace(domain, sheets=sheets), path, "da", values)


def browser(profile: Path) -> webdriver.Chrome:
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium")
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--window-size=380,900", f"--user-data-dir={profile}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)
    driver.execute_cdp_cmd("Network.setBlockedURLs", {"urls": ["*appsforoffice.microsoft.com*"]})
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Performance.enable", {})
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": STUB})
    driver.set_script_timeout(300)
    return driver


def open_pane(driver, url: str, server) -> dict:
    """Navigate, wait for the engine; its ready time (seconds since navigation), the worker's own, the
    browser's CPU time meanwhile, and how many files came anew (200) or from the cache (304)."""
    cpu = cpu_seconds(driver)
    server.answers.clear()
    driver.get(url)
    WebDriverWait(driver, 300).until(
        lambda d: d.find_element(By.ID, "engine-note").get_attribute("data-state") in ("ready", "failed"))
    info = driver.execute_script("return window.kommunebenchEngine.info()")
    if not info:
        raise SystemExit("the engine did not start: " + driver.find_element(By.ID, "engine-note").text)
    return {**info, "cpu": cpu_seconds(driver) - cpu, "fresh": server.answers.count(200),
            "cached": server.answers.count(304)}


def browser_processes(driver) -> list[int]:
    """ChromeDriver's browser and all its processes (children of every thread: Chromium starts them from a
    launcher thread)."""
    pids, found = [driver.service.process.pid], []
    while pids:
        pid = pids.pop()
        try:
            pids += [int(child) for task in Path(f"/proc/{pid}/task").iterdir()
                     for child in (task / "children").read_text().split()]
        except OSError:
            continue
        found.append(pid)
    return found


def renderer_peak_mb(driver) -> float:
    """The largest VmHWM among this browser's renderer processes (the pane's page and its worker)."""
    peak = 0
    for pid in browser_processes(driver):
        try:
            command = Path(f"/proc/{pid}/cmdline").read_bytes()
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        if b"--type=renderer" in command:
            peak = max(peak, next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM:")))
    return peak / 1024


def cpu_seconds(driver) -> float:
    """CPU time of the whole browser so far: each process's own and that of its children that ended."""
    ticks = 0
    for pid in browser_processes(driver):
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        ticks += sum(int(value) for value in fields[11:15])  # utime, stime, cutime, cstime
    return ticks / os.sysconf("SC_CLK_TCK")


def time_checks(driver, workbook: Path, repeat: int) -> tuple[float, float, int]:
    data = base64.b64encode(workbook.read_bytes()).decode()
    runs = [driver.execute_async_script(CHECK_JS, data, workbook.name) for _ in range(repeat)]
    if "error" in runs[0]:
        raise SystemExit(f"{workbook.name}: {runs[0]['error']}")
    rest = [run["seconds"] for run in runs[1:]] or [runs[0]["seconds"]]
    return runs[0]["seconds"], statistics.median(rest), runs[0]["issues"]


def pane_check(driver, workbook: Path) -> float:
    """The whole check through the button: the Office file API in slices, the engine, the list drawn."""
    driver.execute_script("window.__host.setWorkbook(arguments[0], arguments[1])",
                          base64.b64encode(workbook.read_bytes()).decode(), "C:\\" + workbook.name)
    driver.execute_script("document.getElementById('status').className = 'status pending'")
    started = time.perf_counter()
    driver.find_element(By.ID, "check").click()
    WebDriverWait(driver, 300).until(
        lambda d: d.find_element(By.ID, "status").get_attribute("class").split()[-1] in ("ok", "warn", "error"))
    return time.perf_counter() - started


def sizes(bundle: Path) -> list[tuple[str, int, int]]:
    parts = {}
    for path in bundle.rglob("*"):
        if path.is_file():
            part = path.relative_to(bundle).parts[0] if len(path.relative_to(bundle).parts) > 1 else "pane"
            if path.name == "bytecode.zip":
                part = "bytecode"
            raw = path.read_bytes()
            size, wire = parts.get(part, (0, 0))
            parts[part] = (size + len(raw), wire + len(gzip.compress(raw, 6)))
    return sorted(((part, *value) for part, value in parts.items()), key=lambda row: -row[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bundle", type=Path, help="an existing folder from 'kommunebench addin build'")
    parser.add_argument("--warm", type=int, default=3, help="warm starts to time (default 3)")
    parser.add_argument("--repeat", type=int, default=5, help="checks per workbook (default 5)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="kommunebench-addin-bench-"))
    server = None
    try:
        bundle = args.bundle
        if not bundle:
            bundle = work / "site"
            started = time.perf_counter()
            env = {**os.environ, "PYTHONPATH": str(ROOT)}
            subprocess.run([sys.executable, "-m", "engine.cli", "addin", "build", "--out", str(bundle)],
                           cwd=ROOT, env=env, check=True, capture_output=True)
            print(f"built the bundle in {time.perf_counter() - started:.1f} s (not part of the figures)\n")
        rows = sizes(bundle)
        print(f"{'bundle part':<14}{'MB':>8}{'gzipped MB':>12}")
        for part, size, wire in rows:
            print(f"{part:<14}{size / 2**20:>8.2f}{wire / 2**20:>12.2f}")
        print(f"{'total':<14}{sum(r[1] for r in rows) / 2**20:>8.2f}{sum(r[2] for r in rows) / 2**20:>12.2f}\n")

        server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Handler, directory=str(bundle)))
        server.answers = []
        threading.Thread(target=server.serve_forever, daemon=True).start()
        url = f"http://127.0.0.1:{server.server_address[1]}/taskpane.html"
        administration = write_template(get_domain("administration"), work / "administration.xlsx")
        from test_annotate import make_workbook

        filled = make_workbook(work / "administration_filled.xlsx")
        allocation = allocation_workbook(work / "jobcenter_allocation_10000.xlsx")

        driver = browser(work / "profile")
        try:
            cold = open_pane(driver, url, server)
            warm = [open_pane(driver, url, server) for _ in range(args.warm)]
            print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
            print(f"{'start':<34}{'ready s':>9}{'Pyodide s':>11}{'wheels+imports s':>18}{'browser CPU s':>15}"
                  f"{'files new/cached':>18}")
            for label, info in [("cold (empty cache)", cold)] + [(f"warm {i + 1} (cached)", w) for i, w in enumerate(warm)]:
                seconds = info["seconds"]
                print(f"{label:<34}{info['readyAt']:>9.2f}{seconds['boot']:>11.2f}"
                      f"{seconds['ready'] - seconds['boot']:>18.2f}{info['cpu']:>15.2f}"
                      f"{str(info['fresh']) + ' / ' + str(info['cached']):>18}")
            print(f"{'warm, median':<34}{statistics.median(w['readyAt'] for w in warm):>9.2f}"
                  f"{'':>29}{statistics.median(w['cpu'] for w in warm):>15.2f}  (aim: under 3 s)\n")

            print(f"{'check (engine)':<34}{'first s':>9}{'median s':>10}{'findings':>10}{'file KB':>9}")
            for label, workbook in (("administration template, blank", administration),
                                    ("administration, filled", filled),
                                    ("jobcenter allocation, 10,000 rows", allocation)):
                first, median, issues = time_checks(driver, workbook, args.repeat)
                print(f"{label:<34}{first:>9.2f}{median:>10.2f}{issues:>10}{workbook.stat().st_size / 1024:>9.0f}")
            print("  (aim: the administration check under 1 s)")
            for label, workbook in (("administration template, blank", administration),
                                    ("jobcenter allocation, 10,000 rows", allocation)):
                print(f"pane's whole check, {label}: {pane_check(driver, workbook):.2f} s "
                      "(Office file API in 64 KB slices, engine, list drawn)")
            metrics = {m["name"]: m["value"] for m in driver.execute_cdp_cmd("Performance.getMetrics", {})["metrics"]}
            wasm = driver.execute_script("return window.kommunebenchEngine.heap()") or 0
            print(f"\npeak memory: renderer (page and worker) VmHWM {renderer_peak_mb(driver):.0f} MB; "
                  f"page JS heap {metrics.get('JSHeapUsedSize', 0) / 2**20:.0f} MB; "
                  f"engine WebAssembly memory {wasm / 2**20:.0f} MB")
        finally:
            driver.quit()
    finally:
        if server:
            server.shutdown()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
