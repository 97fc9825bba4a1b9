"""The add-in server against hostile traffic: slow and oversized requests, deep JSON, forged Host headers,
timeouts. A live ``kommunebench serve`` in a subprocess on 127.0.0.1, real sockets, real workbooks.

The full load (300 slow connections with 100 large uploads and slow files at once, memory measured)
is ``tests/test_addin_load.py``; here each weakness is tried alone.
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from addin_support import ROOT, LiveServer, Workbooks, books, slow_workbook, start_server  # noqa: F401 (fixture)

TOKEN = "hostile-test-token"
AUTH = {"X-Kommunebench-Token": TOKEN}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    live = start_server(tmp_path_factory.mktemp("addin-hostile"), "--max-upload-mb", "2", "--workers", "1",
                        token=TOKEN)
    yield live
    live.stop()


@pytest.fixture(scope="module")
def strict(tmp_path_factory):
    """A server with short read and work limits, as an operator facing slow clients would set them."""
    live = start_server(tmp_path_factory.mktemp("addin-strict"), "--max-upload-mb", "20", "--workers", "1",
                        "--read-timeout", "2", "--timeout", "0.5", token=TOKEN)
    yield live
    live.stop()


def address(server: LiveServer) -> tuple[str, int]:
    host, port = server.url.removeprefix("http://").split(":")
    return host, int(port)


def test_a_json_body_is_limited_and_its_nesting_checked(server: LiveServer) -> None:
    with server.client() as client:
        big = client.post("/api/templates/administration", json={"municipality": "751", "pad": "x" * 2**20})
        assert big.status_code == 413 and big.json()["error"] == "body-too-large"
        assert big.headers["connection"] == "close"
        deep = client.post("/api/templates/administration", content=b"[" * 30_000,
                           headers={"Content-Type": "application/json"})
        assert deep.status_code == 400 and "nested deeper" in client.post(
            "/api/templates/administration", params={"lang": "en"}, content=b"[" * 30_000).json()["message"]
        deeper = client.post("/api/templates/administration", content=b"[" * 100_000)
        assert deeper.status_code == 413
        assert client.post("/api/templates/administration", json={"municipality": "751"}).status_code == 200
    assert server.alive()


def test_a_body_where_no_route_takes_one_is_refused_unread(server: LiveServer) -> None:
    with server.client() as client:
        response = client.request("GET", "/api/templates", content=b"x" * 2**20)
        assert response.status_code == 413 and response.headers["connection"] == "close"
        assert client.get("/api/templates").status_code == 200


def test_an_upload_over_the_limit_is_cut_off_not_read_to_its_end(server: LiveServer) -> None:
    """A chunked upload (no declared length) is refused when the count passes 2 MB; the server then
    closes the connection rather than read on, though the client keeps sending."""
    with socket.create_connection(address(server), timeout=10) as conn:
        conn.sendall(b"POST /api/validate?name=big.xlsx HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
                     + f"X-Kommunebench-Token: {TOKEN}\r\n\r\n".encode())
        chunk = b"10000\r\n" + b"x" * 0x10000 + b"\r\n"
        for _ in range(40):  # 2.5 MB
            conn.sendall(chunk)
        conn.settimeout(5)
        head = conn.recv(65536)
        assert head.startswith(b"HTTP/1.1 413") and b"connection: close" in head.lower()
        closed_after = None
        started = time.monotonic()
        while time.monotonic() - started < 8:  # keep sending, slowly, as a stubborn client would
            try:
                conn.sendall(chunk)
                conn.settimeout(0.5)
                if conn.recv(65536) == b"":
                    closed_after = time.monotonic() - started
                    break
            except TimeoutError:
                continue
            except (BrokenPipeError, ConnectionResetError):
                closed_after = time.monotonic() - started
                break
        assert closed_after is not None and closed_after < 3


async def _slow_heads(server: LiveServer, count: int, seconds: float) -> list[float | None]:
    """``count`` connections sending a request head one byte a second; when the server closed each (or None)."""
    host, port = address(server)
    head = b"GET /api/health HTTP/1.1\r\nHost: x\r\nX-Padding: " + b"a" * 200 + b"\r\n\r\n"
    started = asyncio.get_running_loop().time()

    async def one() -> float | None:
        reader, writer = await asyncio.open_connection(host, port)
        try:
            for byte in head[:int(seconds) + 1]:
                writer.write(bytes([byte]))
                await writer.drain()
                try:
                    if await asyncio.wait_for(reader.read(1024), 1.0) == b"":
                        return asyncio.get_running_loop().time() - started
                except asyncio.TimeoutError:
                    pass
            return None
        except (ConnectionResetError, BrokenPipeError):
            return asyncio.get_running_loop().time() - started
        finally:
            writer.close()

    return await asyncio.gather(*(one() for _ in range(count)))


def test_three_hundred_slow_connections_do_not_make_other_requests_busy(server: LiveServer, books: Workbooks) -> None:
    async def scenario():
        slow = asyncio.ensure_future(_slow_heads(server, 300, 8))
        await asyncio.sleep(2)  # all 300 open and trickling
        async with httpx.AsyncClient(base_url=server.url, headers=AUTH, timeout=30) as client:
            answers = [await client.get("/api/health") for _ in range(5)]
            answers.append(await client.post("/api/validate", params={"name": "aarhus.xlsx"},
                                             content=books.valid.read_bytes()))
        await slow
        return answers

    answers = asyncio.run(scenario())
    assert [a.status_code for a in answers] == [200] * 6
    assert answers[-1].json()["status"] == "valid"


def test_a_slow_request_head_or_body_is_dropped_at_the_read_timeout(strict: LiveServer) -> None:
    closed = asyncio.run(_slow_heads(strict, 20, 6))
    assert all(when is not None and when < 4.5 for when in closed), closed
    with socket.create_connection(address(strict), timeout=10) as conn:
        conn.sendall(b"POST /api/validate HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n"
                     + f"X-Kommunebench-Token: {TOKEN}\r\n\r\n".encode())
        started, answer = time.monotonic(), b""
        conn.settimeout(0.5)
        while time.monotonic() - started < 10 and not answer:
            try:
                conn.sendall(b"x")  # a byte each half second: never a pause of 2 s, but far too slow
                answer = conn.recv(65536)
            except TimeoutError:
                continue
        assert answer.startswith(b"HTTP/1.1 408") and time.monotonic() - started < 6
        while b'"too-slow"' not in answer:
            answer += conn.recv(65536)


def test_a_timeout_costs_one_request_and_the_others_answer(strict: LiveServer, books: Workbooks,
                                                           tmp_path: Path) -> None:
    slow = slow_workbook(books.valid, tmp_path / "slow.xlsx")

    async def scenario():
        async with httpx.AsyncClient(base_url=strict.url, headers=AUTH, timeout=60) as client:
            def send(path: Path):
                return client.post("/api/validate", params={"name": path.name}, content=path.read_bytes())
            return await asyncio.gather(send(slow), *(send(books.valid) for _ in range(3)), send(slow))

    first, *valid, second = asyncio.run(scenario())
    for timed_out in (first, second):
        assert timed_out.status_code == 504 and timed_out.json()["error"] == "timeout"
    assert [(a.status_code, a.json()["status"]) for a in valid] == [(200, "valid")] * 3
    assert strict.left_on_disk() == []


def test_the_manifest_address_comes_from_configuration_not_the_host_header(server: LiveServer) -> None:
    with server.client() as client:
        xml = client.get("/manifest.xml", headers={"Host": "evil.example"}).text
    assert "evil.example" not in xml and f"{server.url}/taskpane.html?token=" in xml


def test_the_token_comes_from_a_file_or_the_environment_never_the_command_line(tmp_path: Path) -> None:
    def serve(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "engine.cli", "serve", *args], cwd=ROOT, capture_output=True,
                              text=True, timeout=60)

    refused = serve("--token", "s3cret")
    assert refused.returncode == 2 and "--token-file" in refused.stderr and "process list" in refused.stderr
    empty = tmp_path / "empty.txt"
    empty.write_text("\n")
    assert serve("--token-file", str(empty)).returncode == 2
    wildcard = serve("--host", "0.0.0.0")
    assert wildcard.returncode == 2 and "--public-url" in wildcard.stderr
    token_file = tmp_path / "token.txt"
    token_file.write_text("from-a-file\n")
    live = start_server(tmp_path, "--token-file", str(token_file), "--workers", "1")
    try:
        with live.client(token=False) as client:
            assert client.get("/api/templates").status_code == 401
            assert client.get("/api/templates", headers={"X-Kommunebench-Token": "from-a-file"}).status_code == 200
    finally:
        live.stop()


def test_a_client_still_sending_a_refused_upload_reads_why(server: LiveServer, tmp_path: Path) -> None:
    """The refusal is sent before the body is read; the connection lingers so the client gets to read it."""
    big = tmp_path / "big.xlsx"
    big.write_bytes(b"x" * 12 * 2**20)
    with server.client() as client:
        for _ in range(3):
            response = client.post("/api/validate", params={"lang": "en"}, content=big.read_bytes())
            assert response.status_code == 413 and "2 MB" in response.json()["message"]


def _workers(server_pid: int) -> list[int]:
    """The engine worker processes of a server (its spawned children, not multiprocessing's resource tracker)."""
    found = []
    for child in Path(f"/proc/{server_pid}/task/{server_pid}/children").read_text().split():
        command = Path(f"/proc/{child}/cmdline").read_bytes().replace(b"\0", b" ")
        if b"multiprocessing.spawn" in command and b"resource_tracker" not in command:
            found.append(int(child))
    return found


def test_a_worker_killed_mid_request_costs_that_request_and_leaves_nothing(books: Workbooks, tmp_path: Path) -> None:
    slow = slow_workbook(books.valid, tmp_path / "slow.xlsx")
    keep = tmp_path / "kept"
    live = start_server(tmp_path / "server", "--workers", "1", "--keep-uploads", str(keep))
    try:
        async def scenario():
            async with httpx.AsyncClient(base_url=live.url, timeout=120) as client:
                request = asyncio.ensure_future(client.post("/api/validate", params={"name": "slow.xlsx"},
                                                            content=slow.read_bytes()))
                await asyncio.sleep(1.5)  # received, and in the worker's hands
                for pid in _workers(live.process.pid):
                    os.kill(pid, signal.SIGKILL)
                killed = await request
                after = await client.post("/api/validate", params={"name": "aarhus.xlsx"},
                                          content=books.valid.read_bytes())
                return killed, after

        killed, after = asyncio.run(scenario())
        assert killed.status_code == 500 and killed.json()["error"] == "engine-crash"
        assert after.status_code == 200 and after.json()["status"] == "valid"
        assert live.left_on_disk() == []
        assert sorted(p.name.split("_", 1)[1] for p in keep.iterdir()) == ["aarhus.xlsx", "slow.xlsx"]
    finally:
        live.process.kill()  # no chance to clean up: the next server on this machine does it
        live.process.wait()
    assert [p.name.startswith("kommunebench-serve-") for p in live.tmpdir.iterdir()] == [True]
    again = start_server(tmp_path / "server", "--workers", "1")
    try:
        assert [p.name for p in live.tmpdir.iterdir() if str(live.process.pid) in p.name] == []
    finally:
        again.stop()


def test_beyond_the_connection_cap_the_oldest_idle_connections_make_room(server: LiveServer) -> None:
    """1,100 connections that never ask anything: the server keeps at most 1,000 open, closing the oldest."""
    async def scenario():
        host, port = address(server)
        opened = []
        for _ in range(1100):
            opened.append(await asyncio.open_connection(host, port))
        await asyncio.sleep(1)

        async def closed(reader: asyncio.StreamReader) -> bool:
            try:
                return await asyncio.wait_for(reader.read(1), 0.2) == b""
            except asyncio.TimeoutError:
                return False
        states = await asyncio.gather(*(closed(reader) for reader, _ in opened))
        async with httpx.AsyncClient(base_url=server.url, timeout=30) as client:
            health = await client.get("/api/health")
        for _, writer in opened:
            writer.close()
        return states, health.status_code

    states, health = asyncio.run(scenario())
    assert sum(states) >= 100 and not any(states[-100:])  # the first ones went, the newest stayed
    assert health == 200
