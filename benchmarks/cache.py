"""`python -m benchmarks.cache`: what keeping an answer costs in each cache backend.

Times get and set of answers the size of the benchmark's (a trends answer, 15 KB as sent; the
map's, 177 KB; a whole 5,000-city embed, 1.5 MB) in the in-process LRU the app used before
(a dict of bytes per worker) and in the diskcache the workers of a host share now.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from collections import OrderedDict
from collections.abc import Callable

import diskcache

SIZES = {"15 KB": 15_000, "177 KB": 177_000, "1.5 MB": 1_500_000}
ROUNDS = 300


def timed(action: Callable[[int], object], rounds: int = ROUNDS) -> float:
    """Median microseconds of one call."""
    times = []
    for i in range(rounds):
        started = time.perf_counter()
        action(i)
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1e6


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        disk = diskcache.Cache(folder, size_limit=512 * 2**20)
        memory: OrderedDict[str, bytes] = OrderedDict()
        print(f"{'size':>8} {'backend':<22} {'get µs':>10} {'set µs':>10}")
        for label, size in SIZES.items():
            value = os.urandom(size)
            for name, get, put in (
                ("in-process LRU", memory.get, memory.__setitem__),
                ("diskcache (shared)", disk.get, disk.set),
            ):
                set_us = timed(lambda i, put=put, k=label, v=value: put(f"{k}{i}", v))
                get_us = timed(lambda i, get=get, k=label: get(f"{k}{i}"))
                print(f"{label:>8} {name:<22} {get_us:>10.0f} {set_us:>10.0f}")
        disk.close()


if __name__ == "__main__":
    main()
