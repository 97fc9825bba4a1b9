"""The static add-in folder (`kommunebench addin build`) and its pane checking workbooks in the browser.

The folder is built once for this module from the real inputs (Pyodide from npm, wheels from PyPI,
cached by ``.ci/setup``) and served by a plain static file server, as a municipality's web host
would. Real headless Chromium opens the pane with the stub Office host (``addin_host_stub.js``);
the Chrome DevTools Protocol records every request the page and its worker make.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import shutil
import subprocess
import sys
import threading
import zipfile
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from addin_corpus import corpus
from cdp_recorder import RequestRecorder
from addin.manifest import manifest_problems

selenium = pytest.importorskip("selenium")
from test_addin_pane import CHROMEDRIVER, CHROMIUM, chromium  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
PUBLIC = "https://bench.example.dk/addin"
pytestmark = pytest.mark.skipif(not (CHROMIUM and CHROMEDRIVER),
                                reason="needs Debian's chromium and chromium-driver (.ci/setup installs them)")


def cli(*args: str, **kwargs) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    return subprocess.run([sys.executable, "-m", "engine.cli", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=900, **kwargs)


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("bundle") / "site"
    done = cli("addin", "build", "--out", str(out), "--public-url", PUBLIC)
    assert done.returncode == 0, done.stderr
    return out


class _Handler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 (the base class's name)
        self.server.requests.append((self.command, self.path, int(self.headers.get("Content-Length") or 0)))

    def end_headers(self):
        self.send_header("Cache-Control", "no-cache")  # revalidated each time, as a careful host would
        super().end_headers()


@pytest.fixture(scope="module")
def site(bundle: Path):
    """The folder on a plain static file server (no kommunebench code on the serving side)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Handler, directory=str(bundle)))
    server.requests = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> dict[str, Path]:
    return corpus(tmp_path_factory.mktemp("corpus"))


def origin(server) -> str:
    return f"http://127.0.0.1:{server.server_address[1]}"


@pytest.fixture(scope="module")
def pane(site, tmp_path_factory):
    driver = chromium(tmp_path_factory.mktemp("profile"))  # the stub Office host, office.js blocked
    driver.recorder = RequestRecorder(driver)
    driver.get(origin(site) + "/taskpane.html")
    WebDriverWait(driver, 180).until(
        lambda d: d.find_element(By.ID, "engine-note").get_attribute("data-state") in ("ready", "failed"))
    yield driver
    driver.recorder.close()
    driver.quit()


def requests_sent(driver) -> list[dict]:
    """Every request recorded since the last call, the page's and its worker's (CDP Network events)."""
    return driver.recorder.take()


def check(driver, workbook: Path) -> tuple[str, dict | None]:
    driver.execute_script("window.__host.setWorkbook(arguments[0], arguments[1])",
                          base64.b64encode(workbook.read_bytes()).decode(), "C:\\Users\\anne\\" + workbook.name)
    driver.execute_script("document.getElementById('status').className = 'status pending'")
    driver.find_element(By.ID, "check").click()
    WebDriverWait(driver, 120).until(
        lambda d: d.find_element(By.ID, "status").get_attribute("class").split()[-1] in ("ok", "warn", "error"))
    return (driver.find_element(By.ID, "status").text,
            driver.execute_script("return window.kommunebenchPane.state.result"))


# -- the folder ---------------------------------------------------------------------------------------

def test_bundle_pins_hashes_and_licenses_everything_it_ships(bundle: Path):
    lock = json.loads((bundle / "bundle-lock.json").read_text(encoding="utf-8"))
    shipped = {p.relative_to(bundle).as_posix() for p in bundle.rglob("*") if p.is_file()}
    locked = {f"pyodide/{name}": entry for name, entry in lock["pyodide"]["files"].items()}
    locked |= {f"wheels/{w['file']}": w for w in lock["wheels"]}
    locked[f"wheels/{lock['bytecode']['file']}"] = lock["bytecode"]
    for path, entry in locked.items():
        assert hashlib.sha256((bundle / path).read_bytes()).hexdigest() == entry["sha256"], path
    # Exactly the wheels the validator needs, the engine's own built from this source.
    assert sorted(w["name"].lower().replace("_", "-") for w in lock["wheels"]) == \
        ["defusedxml", "et-xmlfile", "kommunebench", "openpyxl", "python-calamine", "xlsxwriter"]
    own = next(w for w in lock["wheels"] if w["name"] == "kommunebench")
    with zipfile.ZipFile(bundle / "wheels" / own["file"]) as wheel:
        built = wheel.read("engine/validation/validate.py")
    assert built == (ROOT / "engine/validation/validate.py").read_bytes()
    # Nothing executable ships unlocked: every Pyodide part and wheel is in the lock.
    assert {p for p in shipped if p.startswith(("pyodide/", "wheels/"))} == set(locked)
    licences = (bundle / "LICENCES.txt").read_text(encoding="utf-8")
    assert "Pyodide" in licences and "MPL-2.0" in licences and "PSF-2.0" in licences
    for wheel in lock["wheels"]:
        assert wheel["licence"] not in ("", "not declared"), wheel
        assert f"{wheel['name']} {wheel['version']}: {wheel['licence']}" in licences
    manifest = (bundle / "manifest.xml").read_text(encoding="utf-8")
    assert manifest_problems(manifest) == []
    assert f"{PUBLIC}/taskpane.html" in manifest and "token" not in manifest
    assert {t["id"] for t in lock["templates"]} >= {"administration", "botilbud", "jobcenter_fte"}
    assert all((bundle / f).is_file() for t in lock["templates"] for f in t["files"].values())


def test_a_tampered_wheel_is_refused_by_the_build(bundle: Path, tmp_path: Path, monkeypatch):
    from addin import bundle as bundle_module
    from addin.bundle import WHEELS, BundleError, default_cache, fetch_inputs

    cache = tmp_path / "cache"
    cache.mkdir()
    for pinned in (bundle_module.PYODIDE, *WHEELS):  # the good inputs, then one tampered with
        (cache / pinned.file).symlink_to(default_cache() / pinned.file)
    (cache / WHEELS[3].file).unlink()
    source = default_cache() / WHEELS[3].file
    data = bytearray(source.read_bytes())
    data[-100] ^= 0xFF
    (cache / WHEELS[3].file).write_bytes(bytes(data))
    # A cached file with the wrong hash is fetched again; when the registry hands over the same bytes, refused.
    fetched = []
    monkeypatch.setattr(bundle_module, "_download", lambda pinned, folder: (
        fetched.append(pinned.name), (folder / pinned.file).write_bytes(bytes(data))))
    with pytest.raises(BundleError, match="sha256"):
        fetch_inputs(cache)
    assert fetched == [WHEELS[3].name]


# -- the pane in the browser ----------------------------------------------------------------------------

def test_offline_check_sends_nothing_and_leaves_no_origin(pane, site, files):
    assert pane.find_element(By.ID, "engine-note").get_attribute("data-state") == "ready", \
        pane.find_element(By.ID, "engine-note").text
    loading = requests_sent(pane)
    own = origin(site)
    # The recorder sees the worker's requests too: the wheels are fetched by the worker.
    assert any("/wheels/kommunebench-" in r["url"] for r in loading)
    assert any(r["url"].endswith("/pyodide/pyodide.asm.wasm") for r in loading)
    outside = [r for r in loading if not r["url"].startswith(own + "/")
               and "appsforoffice.microsoft.com" not in r["url"]]
    assert outside == []
    served_before = len(site.requests)

    workbook = files["administration-mistakes"]
    text, result = check(pane, workbook)
    assert result["status"] == "invalid" and result["issues"], text
    pane.find_element(By.ID, "mark").click()
    WebDriverWait(pane, 30).until(lambda d: "markeret" in d.find_element(By.ID, "status").text)
    pane.find_element(By.ID, "annotated").click()
    WebDriverWait(pane, 60).until(lambda d: d.execute_script("return window.__host.created.length") == 1)
    annotated = base64.b64decode(pane.execute_script("return window.__host.created[0]"))
    assert annotated[:2] == b"PK"

    during = requests_sent(pane)
    # Checking, marking and writing the annotated copy made no request at all: nothing carries the
    # workbook, nothing leaves the origin. The server agrees: it received nothing more.
    assert during == [], during
    assert site.requests[served_before:] == []
    assert all(method == "GET" and length == 0 for method, _, length in site.requests)
    assert "her på pc'en" in pane.find_element(By.ID, "engine-note").text


def test_pane_findings_equal_the_command_line_for_every_kind_of_workbook(pane, files):
    expected = cli_findings(files)
    mismatches = {}
    for name, path in files.items():
        _, result = check(pane, path)
        # A lone file's notes across workbooks (a department without its staff list) are compared by
        # tests/test_jobcenter_validation.py, file by file; the batch here has its own.
        got = [public(issue) for issue in result["issues"] if issue["code"] not in ACROSS_WORKBOOKS]
        if got != expected[path.name]:
            mismatches[name] = _difference(got, expected[path.name])
    assert mismatches == {}
    kinds = {name.split("-")[0] for name in files}
    assert kinds >= {"administration", "botilbud", "botilbud_tid", "jobcenter_staff", "jobcenter_fte",
                     "jobcenter_konto5", "hostile"}


def test_a_workbook_too_large_for_the_browser_is_refused_before_it_is_read(pane, files, tmp_path: Path):
    big = tmp_path / "big.xlsx"
    with zipfile.ZipFile(files["administration-valid"]) as source, \
            zipfile.ZipFile(big, "w", zipfile.ZIP_STORED) as target:
        for info in source.infolist():
            target.writestr(info, source.read(info))
        target.writestr("xl/media/photo.bin", os.urandom(21 * 2**20))  # incompressible: no bomb, just large
    text, result = check(pane, big)
    assert result is None and "20 MB" in text
    # The command line accepts it (its own limit is 100 MB): the browser's limit is its own.
    assert cli("validate", "--json", str(big)).returncode == 0


def _difference(got: list[dict], expected: list[dict]) -> list:
    """What differs, finding by finding, readably."""
    if len(got) != len(expected):
        return [("count", len(got), len(expected)), [(i.get("code"), i.get("cell")) for i in got],
                [(i.get("code"), i.get("cell")) for i in expected]]
    return [(index, key, mine.get(key), theirs.get(key)) for index, (mine, theirs) in enumerate(zip(got, expected))
            for key in sorted(set(mine) | set(theirs)) if mine.get(key) != theirs.get(key)]


# Findings about several workbooks together, which the command line adds when it checks a batch: the
# same participant twice, and a municipality's jobcenter workbooks against each other (a department's
# allocation alone is told its staff list is missing). A pane checks the one open workbook, as the
# server's API does; these are the batch's (engine/validation/validate.py, jobcenter/crosscheck.py).
ACROSS_WORKBOOKS = {"duplicate-participant", "staff-list-missing", "department-not-in-staff-list",
                    "employee-not-in-staff-list", "employee-allocated-twice", "employee-other-department",
                    "department-fte-mismatch", "department-not-returned", "employee-not-allocated"}


def cli_findings(files: dict[str, Path]) -> dict[str, list[dict]]:
    """``kommunebench validate --json`` of the whole corpus in one run, per file name, less the batch's own."""
    done = cli("validate", "--json", *map(str, files.values()))
    assert done.returncode in (0, 1), done.stderr
    found = {}
    for entry in json.loads(done.stdout)["files"]:
        found[Path(entry["file"]).name] = [public(issue) for issue in entry["issues"]
                                           if issue["code"] not in ACROSS_WORKBOOKS]
    across = {issue["code"] for entry in json.loads(done.stdout)["files"] for issue in entry["issues"]}
    assert across & ACROSS_WORKBOOKS, "the corpus should show what is left out"
    return found


def public(issue: dict) -> dict:
    """A finding without where the file lay (the pane knows only its name)."""
    folder = str(Path(issue["file"]).parent) + "/" if "/" in str(issue["file"]) else None
    kept = {k: v for k, v in issue.items() if k != "file"}
    if folder:
        kept = json.loads(json.dumps(kept).replace(json.dumps(folder)[1:-1], ""))
    return kept


def test_serve_serves_the_bundle_and_checks_on_the_server_only_when_told(bundle: Path, files, tmp_path_factory):
    from addin_support import start_server

    live = start_server(tmp_path_factory.mktemp("bundle-server"), "--workers", "1", "--bundle", str(bundle))
    driver = None
    try:
        with live.client() as client:
            page = client.get("/taskpane.html")
            assert 'data-engine="browser"' in page.text
            assert "'wasm-unsafe-eval'" in page.headers["content-security-policy"]
            assert client.get("/pyodide/pyodide.asm.wasm").headers["content-type"] == "application/wasm"
            assert client.get("/bundle-lock.json").json()["pyodide"]["version"]
            assert client.get("/api/health").json()["ok"]
        # Told to use the server, the pane says so and sends the workbook there.
        driver = chromium(tmp_path_factory.mktemp("profile-server"))
        driver.recorder = RequestRecorder(driver)
        driver.get(live.url + "/taskpane.html?engine=server")
        WebDriverWait(driver, 30).until(
            lambda d: d.find_element(By.ID, "engine-note").get_attribute("data-engine") == "server")
        assert "sendes dertil" in driver.find_element(By.ID, "engine-note").text
        assert driver.find_element(By.ID, "use-server").is_selected()
        driver.recorder.take()
        text, result = check(driver, files["administration-mistakes"])
        assert result["status"] == "invalid"
        sent = driver.recorder.take()
        assert [r["method"] for r in sent if "/api/validate" in r["url"]] == ["POST"]
        assert not any("/wheels/" in r["url"] for r in sent)  # no engine loaded in the browser
        driver.recorder.close()
    finally:
        if driver:
            driver.quit()
        live.stop()


def test_a_wheel_changed_on_the_host_is_refused_by_the_pane(pane, bundle: Path, tmp_path: Path):
    """The worker checks each wheel against bundle-lock.json before unpacking it: a file altered on the web
    host stops the engine, and the pane says so instead of running it."""
    copy = tmp_path / "site"
    shutil.copytree(bundle, copy)
    own = next((copy / "wheels").glob("kommunebench-*.whl"))
    data = bytearray(own.read_bytes())
    data[len(data) // 2] ^= 0xFF
    own.write_bytes(bytes(data))
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Handler, directory=str(copy)))
    server.requests = []
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        pane.get(origin(server) + "/taskpane.html")
        WebDriverWait(pane, 120).until(
            lambda d: d.find_element(By.ID, "engine-note").get_attribute("data-state") in ("ready", "failed"))
        note = pane.find_element(By.ID, "engine-note")
        assert note.get_attribute("data-state") == "failed"
        assert own.name in note.text and "sha256" in note.text
    finally:
        server.shutdown()
        server.server_close()
