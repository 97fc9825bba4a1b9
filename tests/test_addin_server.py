"""The add-in server over real HTTPS: a live ``kommunebench serve`` in a subprocess, real workbooks.

Valid, with mistakes, foreign and hostile workbooks go through the API; findings must be the
command line's, marks the mark plan's, and a hostile upload costs one finding, never the server.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from addin.manifest import manifest_problems, schema_problems
from addin_support import ROOT, LiveServer, Workbooks, books, start_server  # noqa: F401 (fixture)
from engine.validation.mark_plan import plan_marks
from engine.validation.validate import validate_file

TOKEN = "s3cret-token"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    live = start_server(tmp_path_factory.mktemp("addin-server"), "--max-upload-mb", "2", "--workers", "2",
                        token=TOKEN, tls=True)
    yield live
    live.stop()


def post(server: LiveServer, path: str, workbook: Path, lang: str = "da", **kwargs):
    with server.client(**kwargs) as client:
        return client.post(path, params={"lang": lang, "name": workbook.name}, content=workbook.read_bytes(),
                           headers={"Content-Type": "application/octet-stream"})


def cli_findings(workbook: Path) -> list[tuple]:
    """What ``kommunebench validate --json`` reports for the file: the reference the server must match."""
    done = subprocess.run([sys.executable, "-m", "engine.cli", "validate", "--json", str(workbook)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    [file] = json.loads(done.stdout)["files"]
    return [(i["code"], i["sheet"], i["cell"], i["message"]) for i in file["issues"]]


def test_valid_workbook_has_no_findings_and_no_marks(server: LiveServer, books: Workbooks) -> None:
    result = post(server, "/api/validate", books.valid).json()
    assert (result["status"], result["valid"], result["errors"], result["marks"]) == ("valid", True, 0, [])
    assert result["template"] == "administration" and result["participant"] == "751"


def test_mistakes_are_the_command_lines_findings_with_the_mark_plan(server: LiveServer, books: Workbooks) -> None:
    response = post(server, "/api/validate", books.mistakes)
    assert response.status_code == 200 and response.headers["cache-control"] == "no-store"
    result = response.json()
    assert result["status"] == "invalid" and result["file"] == "odense.xlsx"
    found = [(i["code"], i["sheet"], i["cell"], i["message"]) for i in result["issues"]]
    assert found == cli_findings(books.mistakes)
    assert {("out-of-range", "Økonomi", "D6"), ("not-a-number", "Løn og personale", "G10")} <= {f[:3] for f in found}
    local = validate_file(books.mistakes)
    assert result["marks"] == [mark.as_dict() for mark in plan_marks(local.issues, "da", local.sheet_order)]
    assert sum(group["count"] for group in result["groups"]) == len(found)
    assert all(issue["file"] == "odense.xlsx" for issue in result["issues"])


def test_english_messages(server: LiveServer, books: Workbooks) -> None:
    result = post(server, "/api/validate", books.mistakes, lang="en").json()
    assert any(mark["note"].startswith("kommunebench:\nError (") for mark in result["marks"])


def test_foreign_workbook_is_reported_as_not_a_template(server: LiveServer, books: Workbooks) -> None:
    result = post(server, "/api/validate", books.not_template).json()
    assert result["status"] == "not-a-template"
    assert [issue["code"] for issue in result["issues"]] == ["not-a-template"]


@pytest.mark.parametrize("name, code", [("entity_bomb", "xml-doctype-forbidden"), ("zip_bomb", "archive-too-large"),
                                        ("text", "not-xlsx")])
def test_hostile_upload_costs_one_finding_never_the_server(server: LiveServer, books: Workbooks, name: str,
                                                           code: str) -> None:
    result = post(server, "/api/validate", getattr(books, name)).json()
    assert result["status"] == "rejected"
    assert [issue["code"] for issue in result["issues"]] == [code]
    assert not result["marks"]
    assert post(server, "/api/annotate", getattr(books, name)).json()["error"] == "not-annotatable"
    assert server.alive()
    assert post(server, "/api/validate", books.valid).json()["status"] == "valid"


def test_upload_over_the_limit_is_refused_before_it_is_read(server: LiveServer, tmp_path: Path) -> None:
    big = tmp_path / "big.xlsx"
    big.write_bytes(os.urandom(3 * 2**20))
    response = post(server, "/api/validate", big, lang="en")
    assert response.status_code == 413
    assert response.json()["error"] == "too-large" and "2 MB" in response.json()["message"]
    with server.client() as client:
        assert client.post("/api/validate", content=b"").json()["error"] == "empty"
    assert server.alive()


def test_annotated_copy_carries_the_mark_plan(server: LiveServer, books: Workbooks) -> None:
    response = post(server, "/api/annotate", books.mistakes)
    assert response.status_code == 200
    assert "odense.annotated.xlsx" in response.headers["content-disposition"]
    copy = openpyxl.load_workbook(io.BytesIO(response.content))
    assert copy.sheetnames[0] == "Fejl"
    plan = post(server, "/api/validate", books.mistakes).json()["marks"]
    for mark in plan:
        cell = copy[mark["sheet"]][mark["cell"]]
        assert cell.fill.fgColor.rgb[-6:] == mark["fill"][1:]
        assert cell.comment.text.endswith(mark["note"])


def test_templates_blank_and_prefilled(server: LiveServer) -> None:
    with server.client() as client:
        catalogue = client.get("/api/templates", params={"lang": "en"}).json()
        assert {entry["id"] for entry in catalogue} >= {"administration", "botilbud", "botilbud_tid"}
        blank = client.get("/api/templates/administration", params={"lang": "en"})
        assert blank.status_code == 200 and blank.content[:2] == b"PK"
        assert "administration_en.xlsx" in blank.headers["content-disposition"]
        prefilled = client.post("/api/templates/administration", json={"municipality": "751", "year": 2026})
        assert prefilled.status_code == 200
        refused = client.post("/api/templates/administration", json={"municipality": "Atlantis"})
        assert refused.status_code == 422 and refused.json()["error"] == "bad-prefill"
        unknown = client.post("/api/templates/administration", json={"municipality": "751", "colour": "red"})
        assert unknown.status_code == 422 and "colour" in unknown.json()["message"]
        assert client.get("/api/templates/nonsense").status_code == 404
    book = openpyxl.load_workbook(io.BytesIO(prefilled.content))
    assert book["Forside"]["B5"].value == "Aarhus"
    checked = client_validate(server, prefilled.content, "aarhus.xlsx")
    assert checked["participant"] == "751" and checked["template"] == "administration"


def client_validate(server: LiveServer, content: bytes, name: str) -> dict:
    with server.client() as client:
        return client.post("/api/validate", params={"name": name}, content=content).json()


def test_access_token_is_required_for_the_api_and_the_manifest(server: LiveServer, books: Workbooks) -> None:
    response = post(server, "/api/validate", books.valid, token=False)
    assert response.status_code == 401 and response.json()["error"] == "unauthorised"
    with server.client(token=False) as client:
        assert client.get("/manifest.xml").status_code == 401
        assert client.get("/api/templates", headers={"Authorization": "Bearer wrong"}).status_code == 401
        assert client.get("/api/templates", headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200
        assert client.get("/taskpane.html").status_code == 200  # the page holds no data


def test_manifest_has_the_servers_own_https_address_and_is_valid(server: LiveServer) -> None:
    with server.client(token=False) as client:
        response = client.get("/manifest.xml", params={"token": TOKEN})
    assert response.status_code == 200
    xml = response.text
    assert manifest_problems(xml) == []
    assert f"{server.url}/taskpane.html?token={TOKEN}" in xml
    assert "<CustomTab" in xml and 'xsi:type="ShowTaskpane"' in xml


@pytest.mark.skipif(not os.environ.get("KOMMUNEBENCH_OFFICE_XSD"),
                    reason="set KOMMUNEBENCH_OFFICE_XSD to a folder with Microsoft's manifest XSD files")
def test_manifest_against_microsofts_xsd(server: LiveServer) -> None:
    with server.client(token=False) as client:
        xml = client.get("/manifest.xml", params={"token": TOKEN}).text
    assert schema_problems(xml, os.environ["KOMMUNEBENCH_OFFICE_XSD"]) == []


def test_pane_and_icons_are_served_with_a_content_security_policy(server: LiveServer) -> None:
    with server.client(token=False) as client:
        page = client.get("/", follow_redirects=True)
        assert page.status_code == 200 and "taskpane.js" in page.text
        assert "script-src 'self' https://appsforoffice.microsoft.com" in page.headers["content-security-policy"]
        icon = client.get("/assets/icon-80.png")
        assert icon.headers["content-type"] == "image/png" and icon.content[:4] == b"\x89PNG"
        assert client.get("/assets/icon-81.png").status_code == 404


def test_cors_admits_only_the_add_ins_own_origin(server: LiveServer) -> None:
    preflight = {"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "x-kommunebench-token"}
    with server.client(token=False) as client:
        own = client.options("/api/validate", headers={"Origin": server.url, **preflight})
        foreign = client.options("/api/validate", headers={"Origin": "https://evil.example", **preflight})
    assert own.headers.get("access-control-allow-origin") == server.url
    assert "access-control-allow-origin" not in foreign.headers


def test_nothing_the_server_receives_is_kept(server: LiveServer, books: Workbooks) -> None:
    post(server, "/api/validate", books.mistakes)
    post(server, "/api/annotate", books.mistakes)
    assert server.left_on_disk() == []


def test_serve_refuses_a_certificate_without_its_key(tmp_path: Path) -> None:
    cert = tmp_path / "dev.crt"
    cert.write_text("x")
    done = subprocess.run([sys.executable, "-m", "engine.cli", "serve", "--certfile", str(cert)], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "--certfile and --keyfile go together" in done.stderr
