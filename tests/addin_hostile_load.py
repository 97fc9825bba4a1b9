"""Hostile traffic against a live ``kommunebench serve``, for the load test and ``benchmarks/addin_load.py``.

All at once, on 127.0.0.1: connections that send their request head one byte a second (and
reconnect when dropped), large uploads sent concurrently, and a burst of slow legal workbooks
among valid ones; meanwhile the server's resident memory is sampled. What comes back is every
answer, so the caller can judge each one and print or assert figures.
"""

from __future__ import annotations

import asyncio
import json
import os
import select
import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

SLOW_HEAD = b"GET /api/health HTTP/1.1\r\nHost: x\r\nX-Padding: " + b"a" * 400 + b"\r\n\r\n"


@dataclass
class Answer:
    kind: str  # "valid", "slow" or "large": what was sent
    seconds: float
    status: int  # 0: no HTTP answer (the connection failed)
    body: dict = field(default_factory=dict)

    @property
    def busy(self) -> bool:
        return self.status == 503 and self.body.get("error") == "busy" and bool(self.body.get("message"))


@dataclass
class LoadResult:
    answers: list[Answer]
    after: list[Answer]  # valid requests sent once the burst is over, the slow connections still trickling
    slow_connections: int  # slow connections opened in all (the server drops them, they come back)
    slow_dropped: int
    peak_rss: int  # bytes, the server process alone (its workers are bounded by their own cap)
    peak_tree_rss: int  # the server and its workers, summed
    idle_rss: int
    peak_disk: int  # bytes in the server's temporary folder


def rss(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def children(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def folder_bytes(folder: Path) -> int:
    total = 0
    for root, _, files in os.walk(folder):
        for name in files:
            try:
                total += os.stat(os.path.join(root, name)).st_size
            except OSError:
                pass
    return total


class Sampler(threading.Thread):
    """Peaks of the server's resident memory (alone, and with its workers) and of its temporary folder."""

    def __init__(self, pid: int, tmpdir: Path | None, every: float = 0.05) -> None:
        super().__init__(daemon=True)
        self.pid, self.tmpdir, self.every = pid, tmpdir, every
        self.peak_rss = self.peak_tree = self.peak_disk = 0
        self.running = True

    def run(self) -> None:
        while self.running:
            own = rss(self.pid)
            self.peak_rss = max(self.peak_rss, own)
            self.peak_tree = max(self.peak_tree, own + sum(rss(child) for child in children(self.pid)))
            if self.tmpdir is not None:
                self.peak_disk = max(self.peak_disk, folder_bytes(self.tmpdir))
            time.sleep(self.every)


async def _slow_connections(host: str, port: int, count: int, stop: threading.Event) -> tuple[int, int]:
    """``count`` connections trickling a request head until ``stop``; opened and dropped-by-server counts."""
    opened = dropped = 0

    async def one() -> None:
        nonlocal opened, dropped
        while not stop.is_set():
            try:
                reader, writer = await asyncio.open_connection(host, port)
            except OSError:
                await asyncio.sleep(0.5)
                continue
            opened += 1
            try:
                for byte in SLOW_HEAD:
                    writer.write(bytes([byte]))
                    await writer.drain()
                    try:
                        if await asyncio.wait_for(reader.read(1024), 1.0) == b"":
                            dropped += 1
                            break
                    except asyncio.TimeoutError:
                        pass
                    if stop.is_set():
                        break
            except OSError:
                dropped += 1
            finally:
                writer.close()

    await asyncio.gather(*(one() for _ in range(count)))
    return opened, dropped


def post(host: str, port: int, token: str | None, kind: str, name: str, body: bytes) -> Answer:
    """One upload over a plain socket, as a careful client sends it: in pieces, listening between them,
    so an early refusal (busy, too large) is read rather than lost in a reset."""
    started = time.perf_counter()
    head = (f"POST /api/validate?name={name} HTTP/1.1\r\nHost: {host}\r\nContent-Length: {len(body)}\r\n"
            f"Content-Type: application/octet-stream\r\nConnection: close\r\n"
            + (f"X-Kommunebench-Token: {token}\r\n" if token else "") + "\r\n").encode()
    answer = b""
    try:
        with socket.create_connection((host, port), timeout=300) as conn:
            conn.sendall(head)
            view = memoryview(body)
            for start in range(0, len(body), 256 * 1024):
                if select.select([conn], [], [], 0)[0]:
                    break  # the server answered before the whole body was sent
                conn.sendall(view[start:start + 256 * 1024])
            while chunk := conn.recv(65536):
                answer += chunk
    except OSError:
        if not answer:
            return Answer(kind, time.perf_counter() - started, 0)
    seconds = time.perf_counter() - started
    status_line, _, rest = answer.partition(b"\r\n")
    try:
        status = int(status_line.split()[1])
        content = json.loads(rest.partition(b"\r\n\r\n")[2])
    except (IndexError, ValueError):
        return Answer(kind, seconds, 0, {"text": answer[:200].decode("latin-1")})
    return Answer(kind, seconds, status, content)


def hostile_load(url: str, token: str | None, valid: Path, slow: Path, *, slow_connections: int = 300,
                 large_uploads: int = 100, large_mb: int = 19, slow_files: int = 4, valid_files: int = 30,
                 settle: float = 2.0) -> tuple[list[Answer], list[Answer], int, int]:
    """Run the hostile traffic; (answers of the burst, answers after it, slow connections opened, dropped)."""
    host, port = url.split("://")[1].split(":")
    stop, counts = threading.Event(), []
    trickle = threading.Thread(target=lambda: counts.extend(asyncio.run(
        _slow_connections(host, int(port), slow_connections, stop))), daemon=True)
    trickle.start()
    time.sleep(settle)  # the slow connections are open before the rest arrives
    large = os.urandom(large_mb * 2**20)  # one buffer for every upload: the client's memory is not the question
    sends = [("large", f"large{i}.xlsx", large) for i in range(large_uploads)]
    sends += [("slow", f"slow{i}.xlsx", slow.read_bytes()) for i in range(slow_files)]
    sends += [("valid", f"valid{i}.xlsx", valid.read_bytes()) for i in range(valid_files)]
    with ThreadPoolExecutor(len(sends)) as threads:
        answers = list(threads.map(lambda send: post(host, int(port), token, *send), sends))
    after = [post(host, int(port), token, "valid", "after.xlsx", valid.read_bytes()) for _ in range(5)]
    stop.set()
    trickle.join()
    return answers, after, *counts


def run_hostile_load(url: str, token: str | None, pid: int, tmpdir: Path | None, valid: Path, slow: Path,
                     **options) -> LoadResult:
    """:func:`hostile_load` with the server's memory and disk sampled throughout."""
    idle = rss(pid)
    sampler = Sampler(pid, tmpdir)
    sampler.start()
    try:
        answers, after, opened, dropped = hostile_load(url, token, valid, slow, **options)
    finally:
        sampler.running = False
        sampler.join()
    return LoadResult(answers, after, opened, dropped, sampler.peak_rss, sampler.peak_tree, idle, sampler.peak_disk)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered)) - 1))] if ordered else float("nan")
