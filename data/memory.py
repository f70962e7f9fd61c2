"""Handing memory a worker freed back to the operating system.

Loading a build and warming its pages allocate and free hundreds of megabytes in small blocks;
glibc's allocator keeps such freed blocks for later use, so a worker's resident memory stayed at
its peak for good (tens of megabytes at 5,000 cities) though nothing used them. pyarrow's own
pool (mimalloc) kept its freed blocks the same way, and gave back little of them when asked.

So pyarrow allocates from glibc too (`use_system_allocator`), one allocator to trim, and glibc
keeps at most two arenas: a worker's threads (the request threads and the one warming a build)
each filled an arena of their own, whose freed blocks sat between live ones and could not be
given back. Neither changes an answer; `make bench` measures what a warmed worker keeps
(benchmarks/results.md).

Answers free what they built as well (the map's, tens of megabytes at 20,000 cities), so a worker
that has answered hands it back a few seconds later (`give_back_soon`), once for all the answers
of those seconds: trimming costs milliseconds, outside any request.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import threading
import time

import pyarrow as pa

log = logging.getLogger(__name__)

M_ARENA_MAX = -8  # glibc's mallopt parameter (malloc.h)
ARENAS = 2


def _libc() -> ctypes.CDLL | None:
    name = ctypes.util.find_library("c")
    try:
        return ctypes.CDLL(name)
    except (OSError, TypeError):
        log.debug("no C library found as %s", name)
        return None


def _trim() -> None:
    """glibc's malloc_trim; nothing on a C library without it (musl, macOS)."""
    try:
        _libc().malloc_trim(0)  # type: ignore[union-attr]
    except AttributeError:
        log.debug("no malloc_trim in this C library")


def use_system_allocator() -> None:
    """pyarrow's allocations from glibc, and glibc with at most ARENAS arenas; called when the
    first Repository is made, before a worker starts its threads."""
    pa.set_memory_pool(pa.system_memory_pool())
    try:
        _libc().mallopt(M_ARENA_MAX, ARENAS)  # type: ignore[union-attr]
    except AttributeError:
        log.debug("no mallopt in this C library")


def give_back() -> None:
    """Return what the allocators hold freed: after a build is loaded and after warm-up."""
    pa.default_memory_pool().release_unused()
    _trim()


QUIET = 5.0  # seconds from an answer to handing back what it freed


class _Later:
    """One thread per process that calls `give_back` QUIET seconds after it is asked."""

    def __init__(self) -> None:
        self.asked = threading.Event()
        self.lock = threading.Lock()
        self.thread: threading.Thread | None = None

    def ask(self) -> None:
        self.asked.set()
        if self.thread is None or not self.thread.is_alive():  # none yet, or a forked process
            with self.lock:
                if self.thread is None or not self.thread.is_alive():
                    self.thread = threading.Thread(
                        target=self.run, name="observatory-give-back", daemon=True
                    )
                    self.thread.start()

    def run(self) -> None:
        while True:
            self.asked.wait()
            time.sleep(QUIET)  # the answers of these seconds free theirs: one trim for all
            self.asked.clear()
            give_back()


_later = _Later()


def give_back_soon() -> None:
    """`give_back` in QUIET seconds, in a thread of its own: after a worker's answers."""
    _later.ask()
