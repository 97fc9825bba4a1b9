"""A live ``kommunebench serve`` in a subprocess, and the real workbooks the add-in tests send it."""

from __future__ import annotations

import os
import socket
import ssl
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
import xlsxwriter

from test_annotate import MISTAKES, make_workbook
from test_hostile_files import FIN_PART, billion_laughs, padded, rewrite, with_doctype

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def dev_certificate(folder: Path) -> tuple[Path, Path]:
    """A self-signed certificate for localhost and 127.0.0.1, made as docs/addin.md tells a developer to."""
    cert, key = folder / "dev.crt", folder / "dev.key"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(cert),
                    "-days", "2", "-subj", "/CN=localhost",
                    "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"], check=True, capture_output=True)
    return cert, key


@dataclass
class LiveServer:
    url: str
    process: subprocess.Popen
    tmpdir: Path
    token: str | None
    verify: ssl.SSLContext | bool

    def client(self, token: bool = True, **kwargs) -> httpx.Client:
        headers = {"X-Kommunebench-Token": self.token} if token and self.token else {}
        return httpx.Client(base_url=self.url, verify=self.verify, headers=headers, timeout=60, **kwargs)

    def left_on_disk(self, grace: float = 3.0) -> list[str]:
        """Whatever is in the server's temporary folder besides its own empty working folder.

        A request's folder goes just after the last byte of its answer is sent, so the client can
        see the answer a moment before: allow ``grace`` seconds.
        """
        deadline = time.monotonic() + grace
        while True:
            try:
                left = sorted(str(p.relative_to(self.tmpdir)) for p in self.tmpdir.rglob("*")
                              if not (p.is_dir() and p.parent == self.tmpdir
                                      and p.name.startswith("kommunebench-serve-") and not any(p.iterdir())))
            except FileNotFoundError:  # removed while we looked
                left = ["(changing)"]
            if not left or time.monotonic() > deadline:
                return left
            time.sleep(0.1)

    def alive(self) -> bool:
        return self.process.poll() is None

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def start_server(folder: Path, *args: str, token: str | None = None, tls: bool = False) -> LiveServer:
    """``kommunebench serve`` on a free port, its temporary files in ``folder/tmp``; waits until it answers."""
    port = free_port()
    tmpdir = folder / "tmp"
    tmpdir.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, "-m", "engine.cli", "serve", "--port", str(port), *args]
    verify: ssl.SSLContext | bool = False
    if tls:
        cert, key = dev_certificate(folder)
        command += ["--certfile", str(cert), "--keyfile", str(key)]
        verify = ssl.create_default_context(cafile=str(cert))
    env = {**os.environ, "TMPDIR": str(tmpdir), "KOMMUNEBENCH_TOKEN": token or "",
           "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    server = LiveServer(f"{'https' if tls else 'http'}://127.0.0.1:{port}", process, tmpdir, token, verify)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"server exited: {process.stdout.read()}")
        try:
            if httpx.get(server.url + "/api/health", verify=verify, timeout=2).status_code == 200:
                return server
        except httpx.TransportError:
            time.sleep(0.3)
    server.stop()
    raise AssertionError("server did not answer within 60 s")


@dataclass
class Workbooks:
    valid: Path
    mistakes: Path
    not_template: Path
    entity_bomb: Path
    zip_bomb: Path
    text: Path


def make_workbooks(folder: Path) -> Workbooks:
    """Real workbooks: a valid filled template, one with typical mistakes, a foreign workbook, hostile files."""
    folder.mkdir(parents=True, exist_ok=True)
    valid = make_workbook(folder / "aarhus.xlsx")
    mistakes = make_workbook(folder / "odense.xlsx", MISTAKES)
    not_template = folder / "budget.xlsx"
    book = xlsxwriter.Workbook(str(not_template))
    sheet = book.add_worksheet("Budget")
    sheet.write_row(0, 0, ["Post", "Beløb"])
    sheet.write_row(1, 0, ["Løn", 1200000])
    book.close()
    entity_bomb = rewrite(valid, folder / "laughs.xlsx", replace={FIN_PART: with_doctype(
        billion_laughs(), (b"</row>", b'<c r="Z1" t="inlineStr"><is><t>&lol9;</t></is></c></row>'))})
    zip_bomb = rewrite(valid, folder / "sheet_bomb.xlsx", replace={FIN_PART: padded(500)})
    text = folder / "export.xlsx"
    text.write_text("kommune;årsværk\n751;12,5\n", encoding="utf-8")
    return Workbooks(valid, mistakes, not_template, entity_bomb, zip_bomb, text)


def slow_workbook(valid: Path, target: Path, rows: int = 150_000) -> Path:
    """A legal upload that takes the engine seconds: the valid workbook with ``rows`` extra rows of numbers.

    Within every archive limit (3.6 MB for 150,000 rows), so it is read in full; each extra row is a
    finding (row-unknown), so the answer is large too (about 150,000 findings).
    """
    import random

    def write(member, original: bytes) -> None:
        head, end, tail = original.partition(b"</sheetData>")
        member.write(head)
        draw = random.Random(rows)
        for row in range(1000, 1000 + rows):
            member.write(f'<row r="{row}"><c r="A{row}"><v>{draw.random()}</v></c>'
                         f'<c r="B{row}"><v>{draw.randint(0, 10**9)}</v></c></row>'.encode())
        member.write(end + tail)
    return rewrite(valid, target, replace={FIN_PART: write})


@pytest.fixture(scope="module")
def books(tmp_path_factory) -> Workbooks:
    """The workbooks of :func:`make_workbooks`, once per test module (import this fixture to use it)."""
    return make_workbooks(tmp_path_factory.mktemp("addin-books"))
