"""The task pane in real headless Chromium against a live ``kommunebench serve``.

A stub Office host (``addin_host_stub.js``, injected before the page's scripts; Microsoft's
office.js is blocked) hands the pane real workbooks and records what the pane does to them.
Screenshots go to the test's folder, and to ``$KOMMUNEBENCH_SCREENSHOTS`` when set (docs/addin.md's
pictures are made that way).
"""

from __future__ import annotations

import base64
import json
import os
import shutil
from pathlib import Path

import pytest

from addin_support import Workbooks, books, start_server  # noqa: F401 (fixture)

selenium = pytest.importorskip("selenium")
from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import Select, WebDriverWait  # noqa: E402

CHROMIUM, CHROMEDRIVER = shutil.which("chromium"), shutil.which("chromedriver")
pytestmark = pytest.mark.skipif(not (CHROMIUM and CHROMEDRIVER),
                                reason="needs Debian's chromium and chromium-driver (.ci/setup installs them)")
STUB = (Path(__file__).parent / "addin_host_stub.js").read_text(encoding="utf-8")
TOKEN = "pane-token"
INPUT_FILL = "#FFF2CC"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    live = start_server(tmp_path_factory.mktemp("pane-server"), "--workers", "2", token=TOKEN)
    yield live
    live.stop()


def chromium(profile: Path, stub: bool = True):
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--window-size=380,900", "--lang=da-DK", f"--user-data-dir={profile}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.setBlockedURLs", {"urls": ["*appsforoffice.microsoft.com*"]})
    if stub:
        driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": STUB})
    return driver


@pytest.fixture
def browser(tmp_path: Path):
    driver = chromium(tmp_path / "profile")
    yield driver
    driver.quit()


def b64(path: Path) -> str:
    return base64.b64encode(path.read_bytes()).decode()


def open_pane(browser, server, workbook: Path, lang: str = "da") -> None:
    browser.get(f"{server.url}/taskpane.html?token={TOKEN}&lang={lang}")
    WebDriverWait(browser, 20).until(lambda d: d.execute_script("return !!(window.kommunebenchPane)"))
    use_workbook(browser, workbook)


def use_workbook(browser, workbook: Path, sheets: list[str] | None = None) -> None:
    browser.execute_script("window.__host.setWorkbook(arguments[0], arguments[1], arguments[2])",
                           b64(workbook), "C:\\Users\\anne\\Documents\\" + workbook.name, sheets)


def check(browser) -> tuple[str, str]:
    """Click "Check this workbook" and wait for the result; the status kind and text."""
    browser.execute_script("document.getElementById('status').className = 'status pending'")
    browser.find_element(By.ID, "check").click()
    WebDriverWait(browser, 60).until(
        lambda d: d.find_element(By.ID, "status").get_attribute("class").split()[-1] in ("ok", "warn", "error"))
    status = browser.find_element(By.ID, "status")
    return status.get_attribute("class").split()[-1], status.text


def host(browser, name: str):
    return browser.execute_script(f"return JSON.parse(JSON.stringify(window.__host.{name}))")


def api_result(server, workbook: Path) -> dict:
    with server.client() as client:
        return client.post("/api/validate", params={"name": workbook.name}, content=workbook.read_bytes()).json()


def screenshot(browser, tmp_path: Path, name: str) -> None:
    browser.save_screenshot(str(tmp_path / name))
    folder = os.environ.get("KOMMUNEBENCH_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        shutil.copyfile(tmp_path / name, Path(folder) / name)


def test_pane_checks_marks_and_clears_a_workbook_with_mistakes(browser, server, books: Workbooks,
                                                               tmp_path: Path) -> None:
    open_pane(browser, server, books.mistakes)
    expected = api_result(server, books.mistakes)
    mark_cells = [(m["sheet"], m["cell"]) for m in expected["marks"]]
    # The user's own workbook before marking: a note of their own on one marked cell, the template's
    # input fill on every marked cell, and a white-on-blue header that must stay readable.
    browser.execute_script("""
        var cells = arguments[0];
        cells.forEach(function (c) { window.__host.cells[c[0] + '!' + c[1]] = {fill: arguments[1], font: '#000000'}; });
        window.__host.notes[cells[0][0] + '!' + cells[0][1]] = 'Spørg Anne om tallet';
    """.replace("arguments[1]", f"'{INPUT_FILL}'"), mark_cells)
    before = (host(browser, "cells"), host(browser, "notes"))

    kind, text = check(browser)
    assert kind == "error" and "fejl" in text
    assert browser.find_element(By.ID, "summary").text == "odense.xlsx: 3 fejl, 1 advarsel"
    log = host(browser, "log")
    [read] = [entry for entry in log if entry["op"] == "getFile"]
    assert read["type"] == "compressed" and read["slices"] > 1
    assert {"op": "closeFile"} in log
    # Every finding is listed under its sheet, with the sheet's count.
    groups = browser.find_elements(By.CSS_SELECTOR, "#findings details")
    assert [(g.get_attribute("data-sheet"), g.find_element(By.CSS_SELECTOR, ".count").text) for g in groups] == \
        [(group["sheet"] or "Hele filen", f"({group['count']})") for group in expected["groups"]]
    listed = [(b.get_attribute("data-sheet"), b.get_attribute("data-cell"), b.get_attribute("data-code"))
              for b in browser.find_elements(By.CSS_SELECTOR, "button.finding")]
    assert listed == [(i["sheet"], i["cell"], i["code"]) for i in expected["issues"] if i["sheet"] and i["cell"]]
    screenshot(browser, tmp_path, "addin-findings.png")

    # Clicking a finding goes to its cell.
    browser.find_element(By.CSS_SELECTOR, "button.finding[data-sheet='Økonomi'][data-cell='D6']").click()
    WebDriverWait(browser, 10).until(lambda d: {"op": "select", "sheet": "Økonomi", "cell": "D6"} in host(d, "log"))
    assert {"op": "activate", "sheet": "Økonomi"} in host(browser, "log")

    # Marking applies the mark plan: its fill and its note, after the user's own note.
    browser.find_element(By.ID, "mark").click()
    WebDriverWait(browser, 20).until(lambda d: "markeret" in d.find_element(By.ID, "status").text)
    cells, notes = host(browser, "cells"), host(browser, "notes")
    for index, mark in enumerate(expected["marks"]):
        key = f"{mark['sheet']}!{mark['cell']}"
        assert cells[key]["fill"] == mark["fill"]
        assert notes[key] == (f"Spørg Anne om tallet\n\n{mark['note']}" if index == 0 else mark["note"])
    assert len(notes) == len(expected["marks"])
    screenshot(browser, tmp_path, "addin-marked.png")

    # Marking twice does not stack notes; clearing restores exactly what was there.
    browser.find_element(By.ID, "mark").click()
    WebDriverWait(browser, 20).until(lambda d: len([e for e in host(d, "log") if e["op"] == "note-add"])
                                     == 2 * (len(expected["marks"]) - 1))
    assert host(browser, "notes") == notes
    browser.find_element(By.ID, "clear").click()
    WebDriverWait(browser, 20).until(lambda d: "fjernet" in d.find_element(By.ID, "status").text)
    assert (host(browser, "cells"), host(browser, "notes")) == before
    assert json.loads(host(browser, "settings")["kommunebench.marks"]) == []
    # No script error and nothing the Content-Security-Policy refused (office.js is blocked on purpose).
    problems = [entry["message"] for entry in browser.get_log("browser")
                if entry["level"] == "SEVERE" and "appsforoffice.microsoft.com" not in entry["message"]]
    assert problems == []


def test_pane_marks_header_text_readably_and_leaves_a_refilled_cell_alone(browser, server, books: Workbooks) -> None:
    open_pane(browser, server, books.mistakes)
    marks = api_result(server, books.mistakes)["marks"]
    first, second = (f"{m['sheet']}!{m['cell']}" for m in marks[:2])
    browser.execute_script(f"window.__host.cells[{json.dumps(first)}] = {{fill: '#1F4E78', font: '#FFFFFF'}}")
    check(browser)
    browser.find_element(By.ID, "mark").click()
    WebDriverWait(browser, 20).until(lambda d: "markeret" in d.find_element(By.ID, "status").text)
    assert host(browser, "cells")[first] == {"fill": marks[0]["fill"], "font": marks[0]["font_on_fill"]}
    # The user colours a marked cell themselves: clearing must leave their colour.
    browser.execute_script(f"window.__host.cells[{json.dumps(second)}].fill = '#00B050'")
    browser.find_element(By.ID, "clear").click()
    WebDriverWait(browser, 20).until(lambda d: "fjernet" in d.find_element(By.ID, "status").text)
    cells = host(browser, "cells")
    assert cells[first] == {"fill": "#1F4E78", "font": "#FFFFFF"}
    assert cells[second]["fill"] == "#00B050"


def test_pane_tells_plainly_about_valid_foreign_and_hostile_workbooks(browser, server, books: Workbooks,
                                                                       tmp_path: Path) -> None:
    open_pane(browser, server, books.valid, lang="en")
    kind, text = check(browser)
    assert kind == "ok" and "valid" in text
    assert not browser.find_elements(By.CSS_SELECTOR, "button.finding")
    assert browser.find_element(By.ID, "mark").get_attribute("disabled")
    screenshot(browser, tmp_path, "addin-valid.png")

    assert browser.find_element(By.ID, "annotated").get_attribute("disabled")  # nothing to annotate

    use_workbook(browser, books.not_template)
    kind, text = check(browser)
    assert kind == "warn" and "not one of kommunebench's templates" in text
    assert browser.find_element(By.ID, "annotated").get_attribute("disabled")

    for hostile in (books.entity_bomb, books.zip_bomb):
        use_workbook(browser, hostile)
        kind, text = check(browser)
        assert kind == "error" and text.startswith("The file was refused")
    assert server.alive()
    # Danish again, chosen in the pane.
    Select(browser.find_element(By.ID, "lang")).select_by_value("da")
    assert browser.find_element(By.ID, "check").text == "Tjek projektmappen"
    kind, text = check(browser)
    assert text.startswith("Filen blev afvist")


def test_pane_shows_a_note_as_a_note_not_a_warning(browser, server, tmp_path: Path) -> None:
    """A lone jobcenter department file: valid, with one note on what could not be checked without the
    staff list. The note has its own word ("Bemærkning") and a neutral grey, not the warning's yellow or
    the error's red; the summary counts it apart; a note marks nothing, so there is no annotated copy."""
    from jobcenter_helpers import departments, write_department

    code = "450"
    department = write_department(tmp_path, code, departments(code)[0])
    open_pane(browser, server, department)
    kind, text = check(browser)
    assert kind == "ok" and "Bemærkningerne herunder" in text
    assert "1 bemærkning" in browser.find_element(By.ID, "summary").text
    [badge] = browser.find_elements(By.CSS_SELECTOR, "#findings .sev")
    assert badge.get_attribute("class").split() == ["sev", "info"] and badge.text == "Bemærkning"
    colour = browser.execute_script("var s = getComputedStyle(arguments[0]); return [s.color, s.backgroundColor]",
                                    badge)
    assert colour == ["rgb(64, 64, 64)", "rgb(231, 230, 230)"], colour  # --note and --note-bg
    assert browser.find_element(By.CSS_SELECTOR, "#findings .msg").text.startswith("Medarbejderlisten for 450")
    assert browser.find_element(By.ID, "annotated").get_attribute("disabled")
    screenshot(browser, tmp_path, "addin-note.png")


def test_pane_opens_templates_and_the_annotated_copy_as_new_workbooks(browser, server, books: Workbooks) -> None:
    open_pane(browser, server, books.mistakes)
    WebDriverWait(browser, 20).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#template-domain option"))
    Select(browser.find_element(By.ID, "template-domain")).select_by_value("botilbud")
    browser.find_element(By.ID, "template").click()
    WebDriverWait(browser, 20).until(lambda d: host(d, "created"))
    check(browser)
    browser.find_element(By.ID, "annotated").click()
    WebDriverWait(browser, 20).until(lambda d: len(host(d, "created")) == 2)
    template, annotated = (base64.b64decode(data) for data in host(browser, "created"))
    assert template[:2] == annotated[:2] == b"PK"
    assert "botilbud.xlsx" in browser.find_element(By.ID, "status").text or b"xl/workbook.xml" in template
    import io
    import openpyxl

    assert openpyxl.load_workbook(io.BytesIO(annotated)).sheetnames[0] == "Fejl"
    assert openpyxl.load_workbook(io.BytesIO(template))["_kommunebench"]["B1"].value == "botilbud"


def test_pane_says_when_the_server_cannot_be_reached(browser, tmp_path_factory, books: Workbooks,
                                                     tmp_path: Path) -> None:
    lost = start_server(tmp_path_factory.mktemp("lost-server"), "--workers", "1", token=TOKEN)
    try:
        open_pane(browser, lost, books.mistakes)
        assert check(browser)[0] == "error"
    finally:
        lost.stop()
    kind, text = check(browser)
    assert kind == "error" and "Serveren kan ikke nås" in text
    assert not browser.find_elements(By.CSS_SELECTOR, "button.finding")  # no stale findings
    screenshot(browser, tmp_path, "addin-unreachable.png")


def test_pane_outside_excel_says_so(server, tmp_path: Path) -> None:
    driver = chromium(tmp_path / "profile", stub=False)
    try:
        driver.get(f"{server.url}/taskpane.html")
        WebDriverWait(driver, 20).until(lambda d: "Excel" in d.find_element(By.ID, "status").text)
        assert driver.find_element(By.ID, "status").text == "Panelet skal åbnes i Excel."
        assert driver.find_element(By.ID, "check").get_attribute("disabled")
    finally:
        driver.quit()
