"""Handing memory a worker freed back to the operating system.

Loading a build and warming its pages allocate and free hundreds of megabytes in small blocks;
glibc's allocator keeps such freed blocks for later use, so a worker's resident memory stayed at
its peak for good (tens of megabytes at 5,000 cities) though nothing used them. pyarrow's own
pool keeps freed blocks the same way.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging

import pyarrow as pa

log = logging.getLogger(__name__)


def _trim() -> None:
    """glibc's malloc_trim; nothing on a C library without it (musl, macOS)."""
    name = ctypes.util.find_library("c")
    try:
        ctypes.CDLL(name).malloc_trim(0)
    except (OSError, AttributeError, TypeError):
        log.debug("no malloc_trim in %s", name)


def give_back() -> None:
    """Return what the allocators hold freed: after a build is loaded and after warm-up."""
    pa.default_memory_pool().release_unused()
    _trim()
