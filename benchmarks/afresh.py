"""Answers computed afresh, in one process: the benchmark's callbacks (benchmarks/scenarios.py)
posted through Flask's test client with `Cache-Control: no-cache` and a browser's
Accept-Encoding (as `make bench` posts them), timed, and optionally profiled. Quicker to
repeat than `make bench` while working on the queries and figure builders.

    python -m benchmarks.afresh --data benchmarks/work/processed     # p50/p95 per scenario
    python -m benchmarks.afresh --data ... --profile trends --top 40 # where the time goes
    python -m benchmarks.afresh --cities 5000 --work /tmp/w          # generate and build first

Beside the time each answer took, the fastest answer and the processor time this process
spent on it: on a machine busy with other work the first varies by half, the others less.

It also reports the build's seconds and peak memory (when it builds) and this process's
resident memory after loading the build and after the answers.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import statistics
import sys
import tempfile
import time
from pathlib import Path

import psutil


def _memory() -> str:
    """Resident memory, and of it the pages of files (the libraries and the build's mapped
    tables), which the OS shares between the workers of a host (docs/deployment.md)."""
    info = psutil.Process().memory_info()
    return f"{info.rss / 2**20:.0f} MB ({info.shared / 2**20:.0f} MB of it file pages)"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, help="a processed folder (else generate one)")
    parser.add_argument("--work", type=Path, default=Path("benchmarks/work"))
    parser.add_argument("--cities", type=int, default=5000)
    parser.add_argument("--interventions", type=int, default=20000)
    parser.add_argument("--memberships", type=int, default=12000)
    parser.add_argument("--calls", type=int, default=20)
    parser.add_argument("--profile", default="", help="a scenario name's start: profile it")
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--only", default="", help="a scenario name's start: time it only")
    parser.add_argument(
        "--encoding",
        default="",
        help="the Accept-Encoding sent: a browser's by default, as `make bench` sends, so that "
        "compressing and keeping the answer are timed too; 'identity' for neither",
    )
    args = parser.parse_args(argv)

    processed = args.data
    if processed is None:
        from benchmarks.run import build
        from data.demo.generate import Scale, write_demo

        raw, processed = args.work / "raw", args.work / "processed"
        scale = Scale(
            cities=args.cities,
            first_year=1999,
            last_year=2023,
            indicators=12,
            interventions=args.interventions,
            memberships=args.memberships,
        )
        if not (raw / "cities.csv").is_file():
            write_demo(raw, scale, force=True)
        seconds, peak = build(raw, processed)
        print(f"build: {seconds:.1f} s, peak {peak:.0f} MB")

    os.environ.update(
        OBSERVATORY_DATA=str(processed.resolve()),
        OBSERVATORY_BENCHMARK="1",
        OBSERVATORY_CACHE=tempfile.mkdtemp(prefix="afresh-cache-"),
        OBSERVATORY_REDIS_URL="",
    )
    from app import create_app
    from benchmarks.run import BROWSER_ENCODINGS, callback_body, cpu_probe
    from benchmarks.scenarios import scenarios

    before = _memory()
    app = create_app()
    client = app.server.test_client()
    print(f"resident memory: {before} before the app, {_memory()} with the build")
    deps = json.loads(client.get("/_dash-dependencies").data)
    headers = {"Cache-Control": "no-cache", "Accept-Encoding": args.encoding or BROWSER_ENCODINGS}

    def call(body: bytes) -> int:
        response = client.post(
            "/_dash-update-component", data=body, headers=headers, content_type="application/json"
        )
        if response.status_code != 200:
            raise RuntimeError(f"{response.status_code}: {response.data[:300]!r}")
        return len(response.data)

    print(f"CPU probe: {cpu_probe():.2f} s (lower is faster), load {os.getloadavg()[0]:.1f}")

    for scenario in scenarios(processed):
        if args.only and not scenario.name.startswith(args.only):
            continue
        body = callback_body(deps, scenario)
        size = call(body)  # the first answer fills the build's memos, as the warm-up does
        if args.profile and scenario.name.startswith(args.profile):
            profiler = cProfile.Profile()
            profiler.enable()
            for _ in range(args.calls):
                call(body)
            profiler.disable()
            stats = pstats.Stats(profiler, stream=sys.stdout)
            stats.sort_stats("cumulative").print_stats(args.top)
            stats.sort_stats("tottime").print_stats(args.top)
            continue
        times, cpu = [], []
        for _ in range(args.calls):
            started, used = time.perf_counter(), time.process_time()
            call(body)
            times.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - used) * 1000)
        p95 = statistics.quantiles(times, n=100, method="inclusive")[94]
        print(
            f"{scenario.name:<32} p50 {statistics.median(times):7.1f} ms  p95 {p95:7.1f} ms"
            f"  (fastest {min(times):6.1f} ms, CPU p50 {statistics.median(cpu):6.1f} ms)"
            f"  {size / 1000:6.1f} KB sent"
        )
    print(f"CPU probe: {cpu_probe():.2f} s, load {os.getloadavg()[0]:.1f}")
    print(f"resident memory after the answers: {_memory()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
