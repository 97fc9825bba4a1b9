"""Load check for ``kommunebench serve``: N concurrent validations of real workbooks. Prints figures; asserts nothing.

Starts the server on a free loopback port (its default worker pool), writes N real workbooks
(synthetic filled administration templates, every fifth one with typical mistakes and every
tenth a hostile entity bomb), sends them all at once through HTTP, and prints latency
percentiles, errors, and the memory of the server and its workers (resident set, sampled
every 20 ms, plus each process's own peak). Traffic goes to 127.0.0.1 only; the run is bounded
by N and a timeout and stops the server itself.

    python benchmarks/addin_load.py --n 50
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from engine.benchmarks import get_domain  # noqa: E402
from engine.benchmarks.administration.synthetic import administration_values, draw_profile  # noqa: E402
from engine.templates.writer import write_template  # noqa: E402


def write_workbooks(folder: Path, n: int) -> list[Path]:
    import openpyxl

    domain = get_domain("administration")
    rng = random.Random(7)
    paths = []
    for index in range(n):
        path = write_template(domain, folder / f"{index:03d}.xlsx", "da",
                              administration_values(rng, draw_profile(rng), 2026))
        if index % 10 == 9:
            path = _entity_bomb(path)
        elif index % 5 == 4:
            book = openpyxl.load_workbook(path)
            book["Økonomi"]["D6"].value = 7
            book["Løn og personale"]["G10"].value = "mange"
            book["Forside"]["B12"].value = "ikke en adresse"
            book.save(path)
        paths.append(path)
    return paths


def _entity_bomb(path: Path) -> Path:
    import zipfile

    laughs = "".join(['<!ENTITY l0 "lol">'] + [f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10)])
    target = path.with_name(path.stem + "_bomb.xlsx")
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "xl/worksheets/sheet3.xml":
                data = data.replace(b"?>", f"?><!DOCTYPE x [{laughs}]>".encode(), 1)
            zout.writestr(info, data)
    path.unlink()
    return target


def process_tree(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                ppid = int(Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry))
    tree, todo = [], [root]
    while todo:
        pid = todo.pop()
        tree.append(pid)
        todo.extend(children.get(pid, []))
    return tree


def status_kib(pid: int, field: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


class MemorySampler(threading.Thread):
    """Peak of the summed resident memory of the server and its workers, and each process's own peak."""

    def __init__(self, root: int) -> None:
        super().__init__(daemon=True)
        self.root, self.peak_total, self.peaks, self.running = root, 0, {}, True

    def run(self) -> None:
        while self.running:
            pids = process_tree(self.root)
            self.peak_total = max(self.peak_total, sum(status_kib(pid, "VmRSS") for pid in pids))
            for pid in pids:
                self.peaks[pid] = max(self.peaks.get(pid, 0), status_kib(pid, "VmHWM"))
            time.sleep(0.02)


async def send_all(url: str, paths: list[Path]) -> list[tuple[float, int, str]]:
    limits = httpx.Limits(max_connections=len(paths))
    async with httpx.AsyncClient(base_url=url, timeout=300, limits=limits) as client:
        async def one(path: Path) -> tuple[float, int, str]:
            body = path.read_bytes()
            started = time.perf_counter()
            response = await client.post("/api/validate", params={"name": path.name}, content=body)
            status = response.json().get("status", response.json().get("error")) if response.content else ""
            return time.perf_counter() - started, response.status_code, status
        return await asyncio.gather(*(one(path) for path in paths))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=50, help="concurrent validations (default 50)")
    parser.add_argument("--workers", type=int, default=0, help="server worker processes (default: all cores)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        paths = write_workbooks(Path(tmp), args.n)
        port = _free_port()
        command = [sys.executable, "-m", "engine.cli", "serve", "--port", str(port)]
        if args.workers:
            command += ["--workers", str(args.workers)]
        server = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                  env={**os.environ, "KOMMUNEBENCH_TOKEN": ""})
        url = f"http://127.0.0.1:{port}"
        try:
            _wait(url, server)
            idle = sum(status_kib(pid, "VmRSS") for pid in process_tree(server.pid))
            sampler = MemorySampler(server.pid)
            sampler.start()
            started = time.perf_counter()
            outcomes = asyncio.run(send_all(url, paths))
            wall = time.perf_counter() - started
            sampler.running = False
            sampler.join()
            alive = server.poll() is None
        finally:
            server.terminate()
            server.wait(timeout=30)

    latencies = sorted(seconds for seconds, _, _ in outcomes)
    errors = [(code, status) for _, code, status in outcomes if code != 200]
    kinds: dict[str, int] = {}
    for _, _, status in outcomes:
        kinds[status] = kinds.get(status, 0) + 1

    def percentile(q: float) -> float:
        return latencies[min(len(latencies) - 1, max(0, round(q / 100 * len(latencies)) - 1))]

    print(f"{args.n} concurrent validations over HTTP, {os.cpu_count()} cores; results: "
          + ", ".join(f"{k} {v}" for k, v in sorted(kinds.items())))
    print(f"errors (non-200): {len(errors)} {errors[:5] if errors else ''}; server alive afterwards: {alive}")
    print(f"wall time {wall:.2f} s, throughput {args.n / wall:.1f} validations/s")
    print("latency  p50 {:.3f} s  p90 {:.3f} s  p95 {:.3f} s  p99 {:.3f} s  max {:.3f} s  mean {:.3f} s".format(
        percentile(50), percentile(90), percentile(95), percentile(99), latencies[-1], statistics.mean(latencies)))
    print(f"memory (server + workers, resident): idle {idle / 1024:.0f} MiB, peak {sampler.peak_total / 1024:.0f} MiB; "
          f"per-process peaks {sorted(round(v / 1024) for v in sampler.peaks.values() if v)} MiB")


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait(url: str, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"server exited: {server.stderr.read().decode()}")
        try:
            if httpx.get(url + "/api/health", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.3)
    raise SystemExit("server did not start within 60 s")


if __name__ == "__main__":
    main()
