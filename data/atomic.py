"""Writes that never leave a half-written folder or file behind.

A folder is filled in a staging sibling and then exchanged with the target in one step
(`renameat2(RENAME_EXCHANGE)` on Linux), so readers see the old contents or the new, never a mix.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


@contextmanager
def replace_dir(target: Path) -> Iterator[Path]:
    """Yield an empty staging folder; when the block succeeds it becomes `target`."""
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = target.parent / f".{target.name}.staging-{uuid.uuid4().hex}"
    staging.mkdir()
    try:
        yield staging
        _fsync_tree(staging)
        if target.exists():
            exchange(staging, target)  # staging now holds the previous contents
        else:
            os.rename(staging, target)
        _fsync_dir(target.parent)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def write_text(path: Path, text: str) -> None:
    """Replace a file's contents in one step."""
    write_bytes(path, text.encode("utf-8"))


def write_bytes(path: Path, content: bytes) -> None:
    """Replace a file's contents in one step (a scheduled export never leaves half a deck)."""
    staging = path.with_name(f".{path.name}.staging-{uuid.uuid4().hex}")
    try:
        staging.write_bytes(content)
        with staging.open("rb") as handle:
            os.fsync(handle.fileno())
        os.replace(staging, path)
    finally:
        staging.unlink(missing_ok=True)


def exchange(a: Path, b: Path) -> None:
    """Swap two folders in one step where the kernel can; elsewhere, three quick renames."""
    libc = ctypes.util.find_library("c")
    renameat2 = getattr(ctypes.CDLL(libc, use_errno=True), "renameat2", None) if libc else None
    if (
        renameat2 is not None
        and renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0
    ):
        return
    aside = b.with_name(f".{b.name}.previous-{uuid.uuid4().hex}")
    os.rename(b, aside)
    os.rename(a, b)
    os.rename(aside, a)


def _fsync_tree(folder: Path) -> None:
    for path in folder.rglob("*"):
        if path.is_file():
            with path.open("rb") as handle:
                os.fsync(handle.fileno())
    _fsync_dir(folder)


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
