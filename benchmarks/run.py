"""`make bench`: build a network-scale dataset, serve it as in production, and measure.

Measures build time and memory, cold start, callback latency (1 and 20 clients, as a ratio to a
no-op callback in the same app), callback payloads, page weight and time to first chart in
headless Chromium, and worker memory. Prints one table and writes benchmarks/results.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from http.client import HTTPConnection
from importlib.metadata import version
from pathlib import Path

import psutil

from benchmarks.pages import LOADS, measure_pages
from benchmarks.results_file import write_section
from benchmarks.scenarios import Scenario, scenarios
from data.demo.generate import Scale, write_demo

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


@dataclass
class Row:
    metric: str
    value: str
    budget: str = ""
    ok: bool | None = None
    note: str = ""


@dataclass
class Results:
    rows: list[Row] = field(default_factory=list)

    def add(
        self, metric: str, value: str, budget: str = "", ok: bool | None = None, note: str = ""
    ) -> None:
        self.rows.append(Row(metric, value, budget, ok, note))
        mark = "" if ok is None else (" ok" if ok else " MISSED")
        print(f"{metric:<52} {value:>14}  {budget:<16}{mark} {note}", flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def build(raw: Path, out: Path) -> tuple[float, float]:
    """Seconds and peak resident MB of `observatory build` (the first child we wait for)."""
    started = time.perf_counter()
    subprocess.run(
        [str(BIN / "observatory"), "build", "--raw", str(raw), "--out", str(out)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    seconds = time.perf_counter() - started
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return seconds, peak_kb / 1024


def serve(data: Path, port: int, workers: int) -> tuple[subprocess.Popen[bytes], float]:
    cache = data.parent / "cache"  # each run starts with nothing kept, as a new host does
    shutil.rmtree(cache, ignore_errors=True)
    env = {
        **os.environ,
        "OBSERVATORY_DATA": str(data),
        "OBSERVATORY_BENCHMARK": "1",
        "OBSERVATORY_CACHE": str(cache),
    }
    started = time.perf_counter()
    server = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "--no-control-socket",
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            "app:server",
        ],
        cwd=ROOT,
        env=env,
    )
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as response:
                if response.status == 200:
                    return server, time.perf_counter() - started
        except OSError:
            if server.poll() is not None:
                raise RuntimeError("gunicorn exited") from None
            time.sleep(0.01)


BROWSER_ENCODINGS = "gzip, deflate, br, zstd"  # what Chromium asks for


class Client:
    """One keep-alive connection posting a callback request as a browser does (asking for a
    compressed answer, unless `encoding` says otherwise); returns seconds and bytes."""

    def __init__(self, port: int) -> None:
        self.connection = HTTPConnection("127.0.0.1", port, timeout=30)

    def call(
        self, body: bytes, *, encoding: str = BROWSER_ENCODINGS, fresh: bool = False
    ) -> tuple[float, int]:
        headers = {"Content-Type": "application/json", "Accept-Encoding": encoding}
        if fresh:  # computed again, not answered from the app's cache of view answers
            headers["Cache-Control"] = "no-cache"
        started = time.perf_counter()
        self.connection.request("POST", "/_dash-update-component", body, headers)
        response = self.connection.getresponse()
        data = response.read()
        elapsed = time.perf_counter() - started
        if response.status != 200:
            raise RuntimeError(f"{response.status}: {data[:300]!r}")
        return elapsed, len(data)


def latencies(
    port: int, body: bytes, calls: int, clients: int, *, fresh: bool = False
) -> list[float]:
    def worker(n: int) -> list[float]:
        client = Client(port)
        return [client.call(body, fresh=fresh)[0] for _ in range(n)]

    per_client = max(1, calls // clients)
    with ThreadPoolExecutor(clients) as pool:
        return [t for ts in pool.map(worker, [per_client] * clients) for t in ts]


def wait_for_warm_pages(port: int, workers: int, timeout: float = 300) -> float:
    """Until the main pages are rendered and every worker has done its share (web/warm.py): a
    request lands on any worker, so enough answers in a row say all of them are done. Returns
    the seconds."""
    started = time.monotonic()
    deadline = started + timeout
    in_a_row = 0
    while in_a_row < 10 * workers:
        if time.monotonic() > deadline:
            raise RuntimeError(f"the workers did not finish warming in {timeout:.0f} s")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_benchmark/warm") as response:
                in_a_row += response.status == 200
        except urllib.error.HTTPError:
            in_a_row = 0
            time.sleep(0.2)
    return time.monotonic() - started


def callback_body(deps: list[dict[str, object]], scenario: Scenario) -> bytes:
    dep = next(d for d in deps if str(d["output"]).strip(".").startswith(scenario.output))
    outputs = [
        {"id": p.split(".")[0], "property": p.split(".")[1]}
        for p in str(dep["output"]).strip(".").split("...")
    ]
    inputs = [
        {**i, "value": scenario.pathname if i["property"] == "pathname" else scenario.search}  # type: ignore[index]
        for i in dep["inputs"]  # type: ignore[union-attr]
    ]
    return json.dumps(
        {
            "output": dep["output"],
            "outputs": outputs if len(outputs) > 1 else outputs[0],
            "inputs": inputs,
            "changedPropIds": [f"{i['id']}.{i['property']}" for i in inputs],
            "state": [{**s, "value": None} for s in dep.get("state", [])],  # type: ignore[dict-item, union-attr]
        }
    ).encode()


def cpu_probe() -> float:
    """Seconds for ten million additions in Python: how fast this machine is right now. It
    varies by a third from hour to hour on a shared 2-core machine; compare runs by it."""
    started = time.perf_counter()
    total = 0
    for i in range(10_000_000):
        total += i
    return time.perf_counter() - started


def worker_memory(server: subprocess.Popen[bytes]) -> float:
    workers = psutil.Process(server.pid).children()
    return max(w.memory_info().rss for w in workers) / 2**20


def machine() -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    memory = psutil.virtual_memory().total / 2**30
    versions = ", ".join(
        f"{p} {version(p)}" for p in ("dash", "plotly", "pandas", "pyarrow", "gunicorn")
    )
    return (
        f"{cpu}, {os.cpu_count()} cores, {memory:.0f} GiB; Python "
        f"{platform.python_version()}; {versions}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cities", type=int, default=5000)
    parser.add_argument("--years", type=int, default=25)
    parser.add_argument("--indicators", type=int, default=12)
    parser.add_argument("--interventions", type=int, default=20000)
    parser.add_argument("--memberships", type=int, default=12000)
    parser.add_argument("--calls", type=int, default=200)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--work", type=Path, default=ROOT / "benchmarks" / "work")
    parser.add_argument("--results", type=Path, default=ROOT / "benchmarks" / "results.md")
    args = parser.parse_args(argv)

    results = Results()
    results.add("CPU probe at the start", f"{cpu_probe():.2f} s", note="lower is faster")
    scale = Scale(
        cities=args.cities,
        first_year=2023 - args.years + 1,
        last_year=2023,
        indicators=args.indicators,
        interventions=args.interventions,
        memberships=args.memberships,
    )
    raw, processed = args.work / "raw", args.work / "processed"
    started = time.perf_counter()
    counts = write_demo(raw, scale, force=True)
    results.add(
        "dataset",
        f"{counts['observations']:,} obs",
        note=f"{counts['cities']:,} cities, {counts['interventions']:,} interventions, "
        f"{counts['memberships']:,} memberships; generated in "
        f"{time.perf_counter() - started:.0f} s",
    )
    seconds, peak = build(raw, processed)
    results.add("build time", f"{seconds:.1f} s", "< 30 s", seconds < 30)
    results.add("build peak memory", f"{peak:.0f} MB")

    port = free_port()
    server, cold = serve(processed, port, args.workers)
    try:
        results.add(
            "cold start (process start to first 200 on /)", f"{cold:.2f} s", "< 3 s", cold < 3
        )
        warming = wait_for_warm_pages(port, args.workers)
        results.add(
            "main pages rendered after start, every language",
            f"{warming:.1f} s",
            note="web/warm.py; their first visitors wait for nothing",
        )
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/_dash-dependencies") as r:
            deps = json.load(r)
        bodies = {s.name: callback_body(deps, s) for s in scenarios(processed)}
        for body in bodies.values():  # warm up every worker on every callback
            latencies(port, body, calls=4 * args.workers, clients=args.workers)
        floor_1 = percentile(latencies(port, bodies["no-op"], args.calls, 1), 95)
        floor_20 = percentile(latencies(port, bodies["no-op"], args.calls, 20), 95)
        results.add("no-op callback p95, 1 client (the floor)", f"{floor_1 * 1000:.1f} ms")
        results.add("no-op callback p95, 20 clients", f"{floor_20 * 1000:.1f} ms")
        for name, body in bodies.items():
            if name == "no-op":
                continue
            uncached = latencies(port, body, max(20, args.calls // 10), 1, fresh=True)
            results.add(
                f"{name}: p50 / p95 computed afresh, 1 client",
                f"{statistics.median(uncached) * 1000:.0f} / "
                f"{percentile(uncached, 95) * 1000:.0f} ms",
                note="the first visitor of a view after a build; the rest are cached",
            )
            one = latencies(port, body, args.calls, 1)
            many = latencies(port, body, args.calls, 20)
            raw_bytes = Client(port).call(body, encoding="identity")[1]
            br_bytes = Client(port).call(body)[1]
            p95 = percentile(one, 95)
            results.add(
                f"{name}: p50 / p95, 1 client",
                f"{statistics.median(one) * 1000:.0f} / {p95 * 1000:.0f} ms",
                "p95 ≤ 2× floor",
                p95 <= 2 * floor_1,
                note=f"{p95 / floor_1:.1f}× floor",
            )
            p95_many = percentile(many, 95)
            results.add(
                f"{name}: p50 / p95, 20 clients",
                f"{statistics.median(many) * 1000:.0f} / {p95_many * 1000:.0f} ms",
                "p95 < 250 ms",
                p95_many < 0.25,
                note=f"{p95_many / floor_20:.1f}× floor",
            )
            results.add(
                f"{name}: payload",
                f"{raw_bytes / 1024:.0f} KB",
                note=f"{br_bytes / 1024:.0f} KB as a browser gets it (brotli)",
            )
        for page in measure_pages(f"http://127.0.0.1:{port}", processed):
            results.add(
                f"page {page.path}: transferred",
                f"{page.kilobytes:.0f} KB",
                "< 1,200 KB",
                page.kilobytes < 1200,
            )
            results.add(
                f"page {page.path}: first chart drawn",
                f"{page.first_chart:.2f} s",
                "< 1.5 s",
                page.first_chart < 1.5,
                note=f"median of {LOADS} loads; {page.fastest:.2f}–{page.slowest:.2f} s",
            )
        memory = worker_memory(server)
        results.add(
            "worker resident memory after warm-up", f"{memory:.0f} MB", "< 800 MB", memory < 800
        )
    finally:
        server.terminate()
        server.wait()
    results.add("CPU probe at the end", f"{cpu_probe():.2f} s", note="lower is faster")
    write_results(args.results, results, args)
    return 0 if all(r.ok is not False for r in results.rows) else 1


def write_results(path: Path, results: Results, args: argparse.Namespace) -> None:
    lines = [
        "# Benchmark results",
        "",
        f"Measured {time.strftime('%Y-%m-%d %H:%M')} with `make bench` "
        f"({args.cities:,} cities × {args.years} years × {args.indicators} indicators, "
        f"{args.interventions:,} interventions, {args.memberships:,} memberships; "
        f"{args.workers} gunicorn workers; {args.calls} calls per measurement).",
        "",
        f"Machine: {machine()}.",
        "",
        "| metric | measured | budget | met | note |",
        "|---|---:|---|---|---|",
    ]
    for row in results.rows:
        met = "" if row.ok is None else ("yes" if row.ok else "**no**")
        lines.append(f"| {row.metric} | {row.value} | {row.budget} | {met} | {row.note} |")
    write_section(path, "bench", "\n".join(lines))
    print(f"\nwritten to {path}")


if __name__ == "__main__":
    sys.exit(main())
