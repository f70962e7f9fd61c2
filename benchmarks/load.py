"""`make load`: the documented production command under many visitors, then under junk URLs.

python -m benchmarks.load [--users 200] [--minutes 5] [--junk 10000] [--fresh 0.25]
                          [--no-floor] [--data data/processed] [--results benchmarks/results.md]

1. gunicorn is started on loopback with the command docs/deployment.md gives (read from it, so
   the two cannot drift apart), on the given build, with an empty cache and the no-op callback
   (`OBSERVATORY_BENCHMARK=1`); the load starts once the build's pages are warm.
2. Locust runs headless (benchmarks/locustfile.py: pages, layouts, callbacks, embeds, CSVs)
   with `--users` visitors for `--minutes`; every answer but 2xx/304 is a failed request.
   `--fresh` is the share of choices nobody made before (computed afresh).
3. The same visitors again, every request replaced by the no-op callback (the floor; skipped
   with `--no-floor`): the report sets the first run's p95 beside the floor's (target ≤ 5×).
4. `--junk` distinct junk URLs (new query strings on scripts, Dash's bundles, pages, embeds
   and CSVs; unknown paths) are sent, and each worker's memory is read before and after.
The figures go to benchmarks/results.md with the machine's load: it is shared and noisy.
"""

from __future__ import annotations

import argparse
import csv
import os
import platform
import random
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from http.client import HTTPConnection
from importlib.metadata import version
from pathlib import Path

from benchmarks.results_file import write_section
from benchmarks.run import wait_for_warm_pages

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
DEPLOYMENT = ROOT / "docs" / "deployment.md"
SECTION = "load"


def documented_command(port: int) -> list[str]:
    """The gunicorn command of docs/deployment.md's "One server", bound to `port` on loopback
    (the environment variables before it are set by `serve`)."""
    text = DEPLOYMENT.read_text(encoding="utf-8")
    block = re.search(r"```sh\n(.*?)```", text, re.S)
    assert block, "docs/deployment.md has no sh block"
    line = next(
        joined
        for joined in block.group(1).replace("\\\n", " ").splitlines()
        if "gunicorn" in joined
    )
    words = shlex.split(line)
    words = words[next(n for n, w in enumerate(words) if w.endswith("bin/gunicorn")) :]
    words[0] = str(BIN / "gunicorn")
    words[words.index("--bind") + 1] = f"127.0.0.1:{port}"
    return words


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


P95_TARGET = 5  # the load's p95 within this many times the floor's (issue 20)
FLOOR_WORDS = (
    ", and the same visitors with every request replaced by the no-op callback (the floor):"
)


def serve(data: Path, cache: Path, port: int) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "OBSERVATORY_DATA": str(data),
        "OBSERVATORY_CACHE": str(cache),
        "OBSERVATORY_BENCHMARK": "1",  # the no-op callback of the floor run
    }
    server = subprocess.Popen(documented_command(port), cwd=ROOT, env=env)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as response:
                if response.status == 200:
                    return server
        except OSError:
            if server.poll() is not None:
                raise RuntimeError("gunicorn exited") from None
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not answer within 120 s")


def workers(master: int) -> list[int]:
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return [int(c) for c in children]


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def run_locust(
    port: int, users: int, minutes: float, out: Path, *, fresh: float, floor: bool = False
) -> dict[str, dict[str, str]]:
    """Locust headless; the rows of its stats CSV by request name ("Aggregated": all)."""
    prefix = out / ("floor" if floor else "locust")
    env = {**os.environ, "LOAD_FRESH": str(fresh), "LOAD_FLOOR": "1" if floor else "0"}
    subprocess.run(
        [
            str(BIN / "locust"),
            "-f",
            str(ROOT / "benchmarks" / "locustfile.py"),
            "--headless",
            "--users",
            str(users),
            "--spawn-rate",
            str(max(1, users // 30)),
            "--run-time",
            f"{int(minutes * 60)}s",
            "--host",
            f"http://127.0.0.1:{port}",
            "--csv",
            str(prefix),
            "--only-summary",
            "--loglevel",
            "WARNING",
            "--exit-code-on-error",
            "0",
        ],
        cwd=ROOT,
        env=env,
        check=True,
    )
    with open(f"{prefix}_stats.csv", newline="") as f:
        rows = {row["Name"]: row for row in csv.DictReader(f)}
    failures = Path(f"{prefix}_failures.csv")
    if failures.exists():
        print(failures.read_text())
    return rows


def junk_urls(count: int, seed: int, cities: list[str]) -> list[str]:
    """Distinct URLs nobody asked for before: new query strings on everything cacheable."""
    from importlib.metadata import version as package_version

    rng = random.Random(seed)
    dash = package_version("dash").replace(".", "_")
    bases = [
        "/assets/vendor/plotly.min.js",
        "/assets/vendor/bootstrap/bootstrap.min.css",
        f"/_dash-component-suites/dash/dash-renderer/build/dash_renderer.v{dash}m1.min.js",
        f"/_dash-component-suites/dash/dcc/dash_core_components.v{dash}m1.js",
        "/assets/style.css",
        "/",
        "/trends",
        "/map",
        "/embed/trends",
        "/embed/map",
        "/embed/map.html",
        "/data/trends.csv",
        "/data/cities.csv",
        "/city/{city}",
        "/nowhere/{n}",
        "/embed/nothing{n}",
    ]
    urls = []
    for n in range(count):
        base = rng.choice(bases).format(city=rng.choice(cities), n=n)
        urls.append(f"{base}?junk={n}-{rng.getrandbits(40):x}&cities={rng.choice(cities)}")
    return urls


def send_all(port: int, urls: list[str], threads: int = 8) -> dict[int, int]:
    statuses: dict[int, int] = {}

    def send(chunk: list[str]) -> list[int]:
        connection = HTTPConnection("127.0.0.1", port, timeout=120)
        got = []
        for url in chunk:
            try:
                connection.request("GET", url, headers={"Accept-Encoding": "br, gzip"})
                response = connection.getresponse()
                response.read()
                got.append(response.status)
                if response.getheader("Connection", "").lower() == "close":
                    connection.close()
            except OSError:
                connection.close()
                got.append(0)
        connection.close()
        return got

    chunks = [urls[n::threads] for n in range(threads)]
    with ThreadPoolExecutor(threads) as pool:
        for got in pool.map(send, chunks):
            for status in got:
                statuses[status] = statuses.get(status, 0) + 1
    return statuses


def machine() -> str:
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return f"{os.cpu_count()} cores, load average {load}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.load", description=__doc__)
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--minutes", type=float, default=5)
    parser.add_argument("--junk", type=int, default=10_000)
    parser.add_argument(
        "--fresh", type=float, default=0.25, help="share of choices nobody made before"
    )
    parser.add_argument(
        "--no-floor", dest="floor", action="store_false", help="skip the no-op floor run"
    )
    parser.add_argument("--data", type=Path, default=ROOT / "data" / "processed")
    parser.add_argument("--results", type=Path)
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="observatory-load-"))
    port = free_port()
    server = serve(args.data, work / "cache", port)
    lines: list[str] = []
    try:
        wait_for_warm_pages(port, len(workers(server.pid)))
        before_load = machine()
        started = time.strftime("%Y-%m-%d %H:%M")
        stats = run_locust(port, args.users, args.minutes, work, fresh=args.fresh)
        floor = (
            run_locust(port, args.users, args.minutes, work, fresh=args.fresh, floor=True)
            if args.floor
            else None
        )
        during_load = machine()
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/data/cities.csv") as response:
            rows = csv.DictReader(response.read().decode().splitlines())
            cities = [r["city_id"] for r in rows]
        # warmed with the same kinds of URL first, so that the growth is the junk's alone
        send_all(port, junk_urls(500, seed=2, cities=cities))
        pids = workers(server.pid)
        before = {pid: rss_mb(pid) for pid in pids}
        junk_started = time.perf_counter()
        statuses = send_all(port, junk_urls(args.junk, seed=1, cities=cities))
        junk_seconds = time.perf_counter() - junk_started
        after = {pid: rss_mb(pid) for pid in pids if Path(f"/proc/{pid}").exists()}
        restarted = sorted(set(workers(server.pid)) - set(pids))
        lines = report(
            args, stats, floor, started, before_load, during_load, before, after, restarted,
            statuses, junk_seconds, documented_command(8050),
        )  # fmt: skip
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
        shutil.rmtree(work, ignore_errors=True)
    print("\n".join(lines))
    if args.results:
        write_section(args.results, SECTION, "\n".join(lines))
        print(f"\nwritten to {args.results}")
    runs = [stats, floor] if floor else [stats]
    failed = sum(int(run["Aggregated"]["Failure Count"]) for run in runs)
    grown = max((after.get(p, 0) - before[p] for p in before), default=0)
    slow = floor is not None and ratio(stats, floor) > P95_TARGET
    return 1 if failed or grown > 50 or slow or statuses.get(500) or statuses.get(0) else 0


def ratio(stats: dict[str, dict[str, str]], floor: dict[str, dict[str, str]]) -> float:
    """The load's p95 over the floor's (Locust rounds its percentiles to two digits)."""
    return float(stats["Aggregated"]["95%"]) / max(float(floor["Aggregated"]["95%"]), 1.0)


def _row(label: str, row: dict[str, str]) -> str:
    return (
        f"| {label} | {int(row['Request Count']):,} | {int(row['Failure Count']):,} | "
        f"{float(row['Requests/s']):.1f} | {row['50%']} ms | {row['95%']} ms | "
        f"{row['99%']} ms | {float(row['Max Response Time']):,.0f} ms |"
    )


def report(
    args: argparse.Namespace,
    stats: dict[str, dict[str, str]],
    floor: dict[str, dict[str, str]] | None,
    started: str,
    before_load: str,
    during_load: str,
    before: dict[int, float],
    after: dict[int, float],
    restarted: list[int],
    statuses: dict[int, int],
    junk_seconds: float,
    command: list[str],
) -> list[str]:
    shown = " ".join(["gunicorn", *command[1:]]).replace(":8050", ":<port>")
    growth = [
        f"{before[p]:.0f} → {after[p]:.0f} MB ({after[p] - before[p]:+.0f})"
        for p in before
        if p in after
    ]
    packages = ", ".join(f"{p} {version(p)}" for p in ("gunicorn", "locust", "dash"))
    answered = ", ".join(f"{n:,} × {s or 'no answer'}" for s, n in sorted(statuses.items()))
    return [
        "## Load (`make load`)",
        "",
        f"Measured {started} with `make load` on the demo build ({args.data.name}), Python "
        f"{platform.python_version()}, {packages}. The machine is shared with other "
        f"developers' test runs and noisy: {platform.machine()}, {before_load} before the run, "
        f"{during_load} at its end. Command (docs/deployment.md, on loopback): `{shown}`.",
        "",
        f"**{args.users} visitors for {args.minutes:g} min** (benchmarks/locustfile.py: pages "
        "with their layout, control changes as the renderer posts them, embeds with city lists, "
        f"CSVs; {args.fresh:.0%} of the choices made by nobody before, computed afresh)"
        + (FLOOR_WORDS if floor else ":"),
        "",
        "| run | requests | failed | per second | median | p95 | p99 | slowest |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
        _row("the app", stats["Aggregated"]),
        *([_row("no-op floor", floor["Aggregated"])] if floor else []),
        "",
        *(
            [
                f"p95 of the app / p95 of the floor: **{ratio(stats, floor):.1f}×** (target "
                f"≤ {P95_TARGET}×, {'met' if ratio(stats, floor) <= P95_TARGET else 'not met'}).",
                "",
            ]
            if floor
            else []
        ),
        "By request (the app):",
        "",
        "| request | requests | failed | per second | median | p95 | p99 | slowest |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
        *(_row(f"`{name}`", row) for name, row in stats.items() if name != "Aggregated"),
        "",
        f"**{args.junk:,} distinct junk URLs** (new query strings on plotly.js, Bootstrap, "
        "Dash's bundles, our assets, pages, embeds and CSVs; unknown paths) in "
        f"{junk_seconds:.0f} s after 500 of the same kind: answers {answered}; worker memory "
        f"(RSS) {'; '.join(growth)}"
        + (f"; workers restarted: {len(restarted)}" if restarted else "")
        + ".",
    ]


if __name__ == "__main__":
    sys.exit(main())
