"""`make fuzz`: generate hostile inputs, run them, count the outcomes, keep what broke.

python -m tests.fuzz [--files 10000] [--seed 1] [--parts raw,tables,sheets] [--jobs 2]
                     [--results benchmarks/results.md]
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import platform
import random
import shutil
import signal
import sys
import tempfile
import time
import traceback
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

from benchmarks.results_file import write_section
from tests.fuzz.cases import BAD, FIXTURES, ROOT, Outcome, Verdict
from tests.fuzz.parts import PARTS

CASE_SECONDS = 180  # one input taking longer than this is a hang (the wizard's own limit is 20 s)
SECTION = "fuzz"


class _Hung(Exception):
    pass


def _alarm(_signal: int, _frame: FrameType | None) -> None:
    raise _Hung


@dataclass(frozen=True)
class Result:
    part: str
    name: str
    verdict: Verdict
    fuzzed: int
    seconds: float
    detail: str


def run_case(part: str, name: str, seed: int, work_root: str, save: bool) -> Result:
    """Generate the case `name` of `part` from the seed, run it, keep it if it broke."""
    work = Path(work_root) / f"worker-{os.getpid()}"
    work.mkdir(parents=True, exist_ok=True)
    rng = random.Random(f"{seed}:{part}:{name}")
    try:
        case = PARTS[part].generate(rng, name)
    except Exception:  # the suite's own fault: said, and not counted as an input
        return Result(part, name, Verdict.SKIPPED, 0, 0.0, traceback.format_exc())
    started = time.perf_counter()
    signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(CASE_SECONDS)
    try:
        outcome = PARTS[part].run(case, work)
    except _Hung:
        outcome = Outcome(Verdict.HUNG, f"no answer after {CASE_SECONDS} s")
    except Exception:
        outcome = Outcome(Verdict.TRACEBACK, traceback.format_exc())
    finally:
        signal.alarm(0)
    seconds = time.perf_counter() - started
    if outcome.verdict in BAD and save:
        case.save(outcome)
    return Result(part, name, outcome.verdict, case.fuzzed, seconds, outcome.detail[-600:])


def _star(args: tuple[str, str, int, str, bool]) -> Result:
    return run_case(*args)


def plan(files: int, parts: list[str]) -> list[tuple[str, str]]:
    """Cases enough for `files` fuzzed files, shared between the parts as PARTS says
    (a raw-folder case damages about three files)."""
    share = sum(PARTS[p].share for p in parts)
    cases = []
    for part in parts:
        per_case = 3.0 if part == "raw" else 1.05
        count = round(files * PARTS[part].share / share / per_case)
        cases += [(part, f"{part}-{n:05d}") for n in range(count)]
    return cases


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.fuzz", description=__doc__)
    parser.add_argument("--files", type=int, default=10_000, help="fuzzed input files to make")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--parts", default=",".join(PARTS))
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--no-save", action="store_true", help="keep no regression fixtures")
    parser.add_argument("--results", type=Path, help="write the figures into this Markdown file")
    args = parser.parse_args(argv)
    parts = [p for p in args.parts.split(",") if p]
    cases = plan(args.files, parts)
    started = time.perf_counter()
    work = Path(tempfile.mkdtemp(prefix="observatory-fuzz-"))
    results: list[Result] = []
    try:
        jobs = [(part, name, args.seed, str(work), not args.no_save) for part, name in cases]
        with multiprocessing.get_context("fork").Pool(args.jobs, maxtasksperchild=2000) as pool:
            for n, result in enumerate(pool.imap_unordered(_star, jobs, chunksize=4), start=1):
                results.append(result)
                if result.verdict in (*BAD, Verdict.SKIPPED):
                    print(f"\n{result.verdict}: {result.part}/{result.name}\n{result.detail}")
                if n % 200 == 0 or n == len(jobs):
                    files = sum(r.fuzzed for r in results)
                    print(f"{n:,}/{len(jobs):,} cases, {files:,} files, "
                          f"{time.perf_counter() - started:.0f} s", flush=True)  # fmt: skip
    finally:
        shutil.rmtree(work, ignore_errors=True)
    lines = report(results, args, time.perf_counter() - started)
    print("\n".join(lines))
    if args.results:
        write_section(args.results, SECTION, "\n".join(lines))
        print(f"\nwritten to {args.results}")
    return 1 if any(r.verdict in BAD for r in results) else 0


def report(results: list[Result], args: argparse.Namespace, seconds: float) -> list[str]:
    by_part: dict[str, Counter[str]] = {}
    files: Counter[str] = Counter()
    slowest: dict[str, float] = {}
    for r in results:
        by_part.setdefault(r.part, Counter())[r.verdict] += 1
        files[r.part] += r.fuzzed
        slowest[r.part] = max(slowest.get(r.part, 0.0), r.seconds)
    total = Counter[str]()
    for counts in by_part.values():
        total.update(counts)
    lines = [
        "## Fuzzing (`make fuzz`)",
        "",
        f"Measured {time.strftime('%Y-%m-%d %H:%M')} with `make fuzz` (seed {args.seed}, "
        f"{args.jobs} processes, {seconds / 60:.0f} min on a shared "
        f"{os.cpu_count()}-core machine; Python {platform.python_version()}). Inputs are "
        "generated from the seed by tests/fuzz/ and run through `observatory build`, "
        "`observatory import` and the /admin/import wizard; anything but a clean answer is kept "
        "under tests/fixtures/fuzz/.",
        "",
        "| part | cases | fuzzed files | accepted | refused | tracebacks | damaged | hung | "
        "suite faults | slowest case |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    names = {
        "raw": "raw data folders → `observatory build`",
        "tables": "official-style tables → `observatory import`",
        "sheets": "spreadsheets → `observatory import` and the wizard",
    }
    for part, counts in by_part.items():
        lines.append(_row(names.get(part, part), counts, files[part], f"{slowest[part]:.1f} s"))
    lines.append(_row("**all**", total, sum(files.values()), ""))
    lines.append("")
    lines.append(
        "Every accepted raw build is also served: each view's chart and CSV are drawn from it "
        "(a failure there counts as a traceback). "
        "A damaged outcome is a served build or raw folder left worse than before: a refused "
        "build or import that changed it, an accepted one that does not load or leaves a folder "
        "the build refuses. Hung: no answer within "
        f"{CASE_SECONDS} s. Suite faults: inputs the generator itself failed to make (not run)."
    )
    return lines


def _row(name: str, counts: Counter[str], files: int, slowest: str) -> str:
    cells = [sum(counts.values()), files] + [counts[v] for v in Verdict]
    return f"| {name} | " + " | ".join(f"{c:,}" for c in cells) + f" | {slowest} |"


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    FIXTURES.mkdir(parents=True, exist_ok=True)
    sys.exit(main())
