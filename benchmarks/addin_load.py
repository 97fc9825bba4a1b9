"""Load check for ``kommunebench serve``: N concurrent validations of real workbooks. Prints figures; asserts nothing.

Starts the server on a free loopback port (its default worker pool), writes N real workbooks
(synthetic filled administration templates, every fifth one with typical mistakes and every
tenth a hostile entity bomb), sends them all at once through HTTP, and prints latency
percentiles, errors, and the memory of the server and its workers (resident set, sampled
every 20 ms, plus each process's own peak). Traffic goes to 127.0.0.1 only; the run is bounded
by N and a timeout and stops the server itself.

    python benchmarks/addin_load.py --n 50

With ``--hostile`` it runs the traffic of ``tests/test_addin_load.py`` instead (300 connections
sending their heads one byte a second, 100 concurrent 19 MB uploads, slow legal workbooks among
30 valid ones) and prints how each kind was answered, latency percentiles, the server's peak
resident memory (alone and with its workers), the peak disk use of its temporary folder, and
what was left there.
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
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from engine.benchmarks import get_domain  # noqa: E402
from engine.benchmarks.administration.synthetic import administration_values, draw_profile  # noqa: E402
from engine.templates.writer import write_template  # noqa: E402
from addin_hostile_load import Sampler, percentile, rss, run_hostile_load  # noqa: E402


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
    parser.add_argument("--hostile", action="store_true", help="the hostile traffic of tests/test_addin_load.py")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        paths = write_workbooks(Path(tmp), 1 if args.hostile else args.n)
        port = _free_port()
        command = [sys.executable, "-m", "engine.cli", "serve", "--port", str(port)]
        if args.workers:
            command += ["--workers", str(args.workers)]
        if args.hostile:
            command += ["--max-upload-mb", "20", "--read-timeout", "5"]
        server_tmp = Path(tmp) / "server-tmp"
        server_tmp.mkdir()
        server = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                  env={**os.environ, "KOMMUNEBENCH_TOKEN": "", "TMPDIR": str(server_tmp)})
        url = f"http://127.0.0.1:{port}"
        try:
            _wait(url, server)
            if args.hostile:
                from addin_support import slow_workbook

                slow = slow_workbook(paths[0], Path(tmp) / "slow.xlsx", rows=20_000)
                started = time.perf_counter()
                result = run_hostile_load(url, None, server.pid, server_tmp, paths[0], slow)
                wall = time.perf_counter() - started
            else:
                idle = rss(server.pid)
                sampler = Sampler(server.pid, None)
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
        left = sorted(str(p.relative_to(server_tmp)) for p in server_tmp.rglob("*"))
    if args.hostile:
        _print_hostile(result, wall, alive, left)
        return
    latencies = sorted(seconds for seconds, _, _ in outcomes)
    errors = [(code, status) for _, code, status in outcomes if code != 200]
    kinds: dict[str, int] = {}
    for _, _, status in outcomes:
        kinds[status] = kinds.get(status, 0) + 1
    print(f"{args.n} concurrent validations over HTTP, {os.cpu_count()} cores; results: "
          + ", ".join(f"{k} {v}" for k, v in sorted(kinds.items())))
    print(f"errors (non-200): {len(errors)} {errors[:5] if errors else ''}; server alive afterwards: {alive}")
    print(f"wall time {wall:.2f} s, throughput {args.n / wall:.1f} validations/s")
    print("latency  p50 {:.3f} s  p90 {:.3f} s  p95 {:.3f} s  p99 {:.3f} s  max {:.3f} s  mean {:.3f} s".format(
        *(percentile(latencies, q) for q in (50, 90, 95, 99)), latencies[-1], statistics.mean(latencies)))
    print(f"memory (resident): server idle {idle / 2**20:.0f} MiB, peak {sampler.peak_rss / 2**20:.0f} MiB; "
          f"server + workers peak {sampler.peak_tree / 2**20:.0f} MiB")


def _print_hostile(result, wall: float, alive: bool, left: list[str]) -> None:
    print(f"hostile load over HTTP, {os.cpu_count()} cores, wall time {wall:.1f} s; server alive afterwards: {alive}")
    for kind in ("valid", "slow", "large"):
        answers = [a for a in result.answers if a.kind == kind]
        outcomes: dict[str, int] = {}
        for answer in answers:
            label = f"{answer.status} {answer.body.get('status') or answer.body.get('error') or ''}".strip()
            outcomes[label] = outcomes.get(label, 0) + 1
        seconds = [a.seconds for a in answers]
        print(f"{kind:5} {len(answers):3}: " + ", ".join(f"{k} x{v}" for k, v in sorted(outcomes.items()))
              + "; latency p50 {:.2f} s  p99 {:.2f} s  max {:.2f} s".format(
                  percentile(seconds, 50), percentile(seconds, 99), max(seconds)))
    print("after the burst: " + ", ".join(f"{a.status} {a.body.get('status')} {a.seconds:.2f} s" for a in result.after))
    print(f"slow connections opened {result.slow_connections}, dropped by the server {result.slow_dropped}")
    print(f"memory (resident): server idle {result.idle_rss / 2**20:.0f} MiB, peak {result.peak_rss / 2**20:.0f} MiB; "
          f"server + workers peak {result.peak_tree_rss / 2**20:.0f} MiB")
    print(f"disk (server's temporary folder): peak {result.peak_disk / 2**20:.0f} MiB; left afterwards: {left or 'nothing'}")


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
