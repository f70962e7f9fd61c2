"""`python -m benchmarks.deck`: how long a 12-slide review deck takes to export, per format.

The deck mixes every view (overview, trends, intervention timelines, maps) the way a review does.
Prints the machine's load with each result: on a shared 2-core machine it moves the numbers more
than anything in the code.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import time
from pathlib import Path

from data.deck import Deck
from data.repository import Repository
from data.settings import Settings
from exports import deck as deck_export

URLS = [
    "/",
    "/trends",
    "/trends?from=2015",
    "/interventions",
    "/map",
    "/interventions?group=theme",
] * 2


def deck() -> Deck:
    built = Deck(title="Two Years in Review", network="Peace in Our Cities", period="2024–2025")
    for i, url in enumerate(URLS, start=1):
        built = built.add(url, f"Slide {i}")
    return built


async def chromium_start() -> float:
    from kaleido import Kaleido

    started = time.perf_counter()
    async with Kaleido(mathjax=False):
        opened = time.perf_counter()
    return opened - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=Settings.from_env().data_dir)
    parser.add_argument("--formats", default="pptx,pdf,zip")
    args = parser.parse_args(argv)
    repo = Repository(args.data)
    print(f"Chromium start: {asyncio.run(chromium_start()):.1f} s (load {os.getloadavg()[0]:.1f})")
    for fmt in args.formats.split(","):
        started = time.perf_counter()
        content = deck_export.export(repo, deck(), fmt)  # type: ignore[arg-type]
        seconds = time.perf_counter() - started
        load = os.getloadavg()[0]
        size = len(content) / 1e6
        print(f"12 slides to .{fmt}: {seconds:.1f} s, {size:.1f} MB (load {load:.1f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
