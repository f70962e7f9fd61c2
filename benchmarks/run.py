"""`make bench`: build a network-scale dataset, serve it as in production, and measure.

Measures build time and memory, cold start, callback latency (1 and 20 clients, as a ratio to a
no-op callback in the same app), callback payloads, page weight and time to first chart in
headless Chromium, and worker memory: once with answers kept on this host (Redis off) and once
in a Redis server of its own (Redis on). Then the same load of 20 clients on one instance and on
two instances sharing that Redis, as two hosts would. Prints one table and writes
benchmarks/results.md.
"""

from __future__ import annotations

import argparse
import contextlib
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
from collections.abc import Iterator
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
    label: str = ""  # the column's name: "Redis off", "Redis on"
    rows: list[Row] = field(default_factory=list)

    def add(
        self, metric: str, value: str, budget: str = "", ok: bool | None = None, note: str = ""
    ) -> None:
        self.rows.append(Row(metric, value, budget, ok, note))
        mark = "" if ok is None else (" ok" if ok else " MISSED")
        column = f"[{self.label}] " if self.label else ""
        print(f"{column}{metric:<52} {value:>14}  {budget:<16}{mark} {note}", flush=True)


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


def serve(
    data: Path, port: int, workers: int, redis_url: str = "", name: str = "cache"
) -> tuple[subprocess.Popen[bytes], float]:
    cache = data.parent / name  # each run starts with nothing kept, as a new host does
    shutil.rmtree(cache, ignore_errors=True)
    env = {
        **os.environ,
        "OBSERVATORY_DATA": str(data),
        "OBSERVATORY_BENCHMARK": "1",
        "OBSERVATORY_CACHE": str(cache),
        "OBSERVATORY_REDIS_URL": redis_url,
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


@dataclass(frozen=True)
class WorkerMemory:
    """MB of the worker with the largest share. The workers map the build's tables from the
    same files (data/mapped.py), whose pages the OS keeps once: RSS counts them in every
    worker, USS counts only what the worker holds alone, and PSS adds its share of the pages
    it shares (the tables, the libraries) split among the processes that use them, so that the
    workers' PSS add up to what they take from the host (docs/deployment.md)."""

    pss: float
    uss: float
    rss: float
    mapped: float  # the served build's mapped files, which every worker shares

    @property
    def note(self) -> str:
        return (
            f"each worker's share (PSS); alone (USS) {self.uss:.0f} MB, resident (RSS, with the "
            f"shared tables counted in each) {self.rss:.0f} MB; mapped tables "
            f"{self.mapped:.0f} MB, one copy for all workers"
        )


def worker_memory(server: subprocess.Popen[bytes], processed: Path) -> WorkerMemory:
    workers = [w.memory_full_info() for w in psutil.Process(server.pid).children()]
    largest = max(workers, key=lambda m: m.pss)
    mapped = sum(p.stat().st_size for p in (processed / "current").glob("*.arrow"))
    return WorkerMemory(
        largest.pss / 2**20, largest.uss / 2**20, largest.rss / 2**20, mapped / 2**20
    )


def memory_budget(cities: int) -> float:
    """MB a worker may take after warm-up: docs/deployment.md's table at these sizes."""
    return 400 if cities <= 5000 else 600


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


BOUND = ("--maxmemory", "1gb", "--maxmemory-policy", "volatile-lru")  # docs/deployment.md


@contextlib.contextmanager
def redis_server(folder: Path) -> Iterator[str]:
    """A redis-server of the benchmark's own, bounded as docs/deployment.md says; its URL."""
    import redis

    port = free_port()
    server = subprocess.Popen(
        ["redis-server", "--port", str(port), "--save", "", "--appendonly", "no", *BOUND],
        cwd=folder,
        stdout=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    try:
        client = redis.Redis.from_url(url)
        deadline = time.monotonic() + 30
        while not _answers(client):
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("redis-server did not start")
            time.sleep(0.02)
        yield url
    finally:
        server.terminate()
        server.wait()


def _answers(client: object) -> bool:
    import redis

    try:
        return bool(client.ping())  # type: ignore[attr-defined]
    except redis.ConnectionError:
        return False


# Issue 20: an answer nobody asked for since the build, within 50 ms at 5,000 cities (at p95
# of 40 calls: 20 left the 95th percentile to the slowest call or two of a noisy machine).
AFRESH_BUDGET = 0.050
AFRESH_BUDGET_CITIES = 5000
AFRESH_CALLS = 40


def measure(processed: Path, args: argparse.Namespace, results: Results, redis_url: str) -> None:
    """Serve the build with a fresh cache (this host's folder, or the Redis at `redis_url`) and
    measure everything a visitor waits for."""
    port = free_port()
    server, cold = serve(processed, port, args.workers, redis_url)
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
        bodies = callback_bodies(port, processed)
        warm_workers(port, bodies, args.workers)
        floor_1 = percentile(latencies(port, bodies["no-op"], args.calls, 1), 95)
        floor_20 = percentile(latencies(port, bodies["no-op"], args.calls, 20), 95)
        results.add("no-op callback p95, 1 client (the floor)", f"{floor_1 * 1000:.1f} ms")
        results.add("no-op callback p95, 20 clients", f"{floor_20 * 1000:.1f} ms")
        for name, body in bodies.items():
            if name == "no-op":
                continue
            uncached = latencies(port, body, max(AFRESH_CALLS, args.calls // 5), 1, fresh=True)
            p95_afresh = percentile(uncached, 95)
            held = args.cities <= AFRESH_BUDGET_CITIES
            results.add(
                f"{name}: p50 / p95 computed afresh, 1 client",
                f"{statistics.median(uncached) * 1000:.0f} / {p95_afresh * 1000:.0f} ms",
                f"p95 ≤ {AFRESH_BUDGET * 1000:.0f} ms" if held else "",
                p95_afresh <= AFRESH_BUDGET if held else None,
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
        memory = worker_memory(server, processed)
        budget = memory_budget(args.cities)
        results.add(
            "worker memory after warm-up (PSS)",
            f"{memory.pss:.0f} MB",
            f"≤ {budget:.0f} MB",
            memory.pss <= budget,
            note=memory.note,
        )
    finally:
        server.terminate()
        server.wait()


def callback_bodies(port: int, processed: Path) -> dict[str, bytes]:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/_dash-dependencies") as r:
        deps = json.load(r)
    return {s.name: callback_body(deps, s) for s in scenarios(processed)}


def warm_workers(port: int, bodies: dict[str, bytes], workers: int) -> None:
    """Every worker has answered every callback once (its first figure costs extra)."""
    for body in bodies.values():
        latencies(port, body, calls=4 * workers, clients=workers)


ROUNDS = 2


@dataclass(frozen=True)
class Load:
    seconds: float
    latencies: list[float]

    @property
    def per_second(self) -> float:
        return len(self.latencies) / self.seconds


def mixed_load(ports: list[int], bodies: list[bytes], calls: int, clients: int) -> Load:
    """`clients` clients at once, client i on ports[i % len(ports)] (a load balancer's round
    robin), each posting the bodies in turn."""

    def worker(i: int) -> list[float]:
        client = Client(ports[i % len(ports)])
        return [client.call(bodies[(i + n) % len(bodies)])[0] for n in range(calls // clients)]

    started = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        measured = [t for ts in pool.map(worker, range(clients)) for t in ts]
    return Load(time.perf_counter() - started, measured)


def instances(processed: Path, args: argparse.Namespace, results: Results, redis_url: str) -> None:
    """The same load of 20 clients on one instance, on two sharing one Redis, and on one with
    as many workers as the two together. On one machine the instances share its cores: this
    shows what sharing answers through Redis costs, not what a second machine adds."""

    bodies: dict[str, bytes] = {}

    def run(ports: list[int], workers: int) -> Load:
        servers = []
        try:
            for i, port in enumerate(ports):
                servers.append(serve(processed, port, workers, redis_url, f"cache-{i}")[0])
                wait_for_warm_pages(port, workers)
                if not bodies:
                    bodies.update(callback_bodies(port, processed))
                warm_workers(port, bodies, workers)
            return mixed_load(ports, list(bodies.values()), args.calls * 20, 20)
        finally:
            for server in servers:
                server.terminate()
                server.wait()

    w = args.workers
    layouts = {
        f"one instance, {w} workers": (1, w),
        f"two instances, {w} workers each": (2, w),
        f"one instance, {2 * w} workers": (1, 2 * w),
    }
    runs: dict[str, list[Load]] = {label: [] for label in layouts}
    for _round in range(ROUNDS):  # in turns: a busy minute of the machine hits each of them
        for label, (count, workers) in layouts.items():
            runs[label].append(run([free_port() for _ in range(count)], workers))
    measured = {
        label: Load(sum(r.seconds for r in rs), [t for r in rs for t in r.latencies])
        for label, rs in runs.items()
    }
    for label, load in measured.items():
        results.add(
            f"{label}: answers per second · p50 / p95",
            f"{load.per_second:.0f} · {statistics.median(load.latencies) * 1000:.0f}"
            f" / {percentile(load.latencies, 95) * 1000:.0f} ms",
            note=f"{len(load.latencies)} cached answers in {ROUNDS} runs of "
            + ", ".join(f"{r.per_second:.0f}" for r in runs[label])
            + " per second",
        )
    one, two, double = measured.values()
    results.add("two instances / one instance", f"{two.per_second / one.per_second:.2f}×")
    results.add(
        "two instances / one instance with their workers",
        f"{two.per_second / double.per_second:.2f}×",
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
    parser.add_argument(
        "--redis",
        choices=("both", "off", "on"),
        default="both",
        help="measure with answers kept on this host (off), in Redis (on), or both",
    )
    parser.add_argument("--work", type=Path, default=ROOT / "benchmarks" / "work")
    parser.add_argument(
        "--raw",
        type=Path,
        help="a raw folder this command generated before, at the same scale: built and measured "
        "instead of generating another (20,000 cities take a quarter of an hour to generate)",
    )
    parser.add_argument("--results", type=Path, default=ROOT / "benchmarks" / "results.md")
    args = parser.parse_args(argv)
    if args.redis != "off" and shutil.which("redis-server") is None:
        parser.error("--redis on and both need Debian's redis-server (make install-test)")

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
    raw, processed = args.raw or args.work / "raw", args.work / "processed"
    started = time.perf_counter()
    if args.raw:
        counts = {t: _rows(raw / f"{t}.csv") for t in ("observations", "cities", "interventions")}
        counts["memberships"] = _rows(raw / "memberships.csv")
        how = f"reused from {raw}"
    else:
        counts = write_demo(raw, scale, force=True)
        how = f"generated in {time.perf_counter() - started:.0f} s"
    results.add(
        "dataset",
        f"{counts['observations']:,} obs",
        note=f"{counts['cities']:,} cities, {counts['interventions']:,} interventions, "
        f"{counts['memberships']:,} memberships; {how}",
    )
    seconds, peak = build(raw, processed)
    results.add("build time", f"{seconds:.1f} s", "< 30 s", seconds < 30)
    results.add("build peak memory", f"{peak:.0f} MB")

    columns = []
    if args.redis in ("both", "off"):
        columns.append(Results("Redis off"))
        measure(processed, args, columns[-1], "")
    scaling = Results("two instances")
    if args.redis in ("both", "on"):
        columns.append(Results("Redis on"))
        with redis_server(args.work) as redis_url:
            measure(processed, args, columns[-1], redis_url)
        with redis_server(args.work) as redis_url:
            instances(processed, args, scaling, redis_url)
    results.add("CPU probe at the end", f"{cpu_probe():.2f} s", note="lower is faster")
    write_results(args.results, results, columns, scaling, args)
    everything = [*results.rows, *(r for c in columns for r in c.rows)]
    return 0 if all(r.ok is not False for r in everything) else 1


def _rows(table: Path) -> int:
    """Rows of a CSV (a text may hold line breaks: read as CSV, not counted in lines)."""
    import pandas as pd

    return len(pd.read_csv(table, usecols=[0], dtype=str))


def write_results(
    path: Path,
    results: Results,
    columns: list[Results],
    scaling: Results,
    args: argparse.Namespace,
) -> None:
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
    lines += [_row(row) for row in results.rows]
    if columns:
        lines += [
            "",
            "Served with the answers kept on the host (Redis off: a diskcache folder its workers "
            "share) and in Redis (Redis on: a redis-server started for the run, shared as by "
            "several hosts), each from an empty cache:",
            "",
            "| metric | " + " | ".join(c.label for c in columns) + " | budget | met | note |",
            "|---|" + "---:|" * len(columns) + "---|---|---|",
        ]
        for i, row in enumerate(columns[0].rows):
            same = [c.rows[i] for c in columns]
            met = " / ".join("" if r.ok is None else ("yes" if r.ok else "**no**") for r in same)
            notes = [r.note for r in same]
            note = notes[0] if len(set(notes)) == 1 else " · ".join(notes)
            values = " | ".join(r.value for r in same)
            lines.append(f"| {row.metric} | {values} | {row.budget} | {met.strip(' /')} | {note} |")
    if scaling.rows:
        lines += [
            "",
            "The same load (20 clients, the callbacks above in turn, answers cached) on one "
            "instance and on two instances sharing one Redis, each with its own cache folder "
            "and port, clients sent to them in turn as a load balancer would, and on one instance "
            "with as many workers as the two. The instances share this machine's cores (and with "
            "whatever else runs on it): the ratios show what sharing answers through Redis costs "
            "and what more worker processes gain here, not what a second machine adds:",
            "",
            "| metric | measured | budget | met | note |",
            "|---|---:|---|---|---|",
            *(_row(row) for row in scaling.rows),
        ]
    write_section(path, "bench", "\n".join(lines))
    print(f"\nwritten to {path}")


def _row(row: Row) -> str:
    met = "" if row.ok is None else ("yes" if row.ok else "**no**")
    return f"| {row.metric} | {row.value} | {row.budget} | {met} | {row.note} |"


if __name__ == "__main__":
    sys.exit(main())
