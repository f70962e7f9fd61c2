"""Writes that never leave a half-written folder or file behind.

A folder is filled in a staging sibling and then exchanged with the target in one step
(`renameat2(RENAME_EXCHANGE)` on Linux), so readers see the old contents or the new, never a mix.
A folder that is a mount point cannot be exchanged; its entries are then replaced one by one.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
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
        fsync_tree(staging)
        if target.exists():
            try:
                exchange(staging, target)  # staging now holds the previous contents
            except OSError as error:
                if error.errno not in (errno.EBUSY, errno.EXDEV):
                    raise
                _replace_contents(staging, target)  # a mount point cannot be renamed
        else:
            os.rename(staging, target)
        fsync_dir(target.parent)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _replace_contents(staging: Path, target: Path) -> None:
    """Put `staging`'s entries into `target` one by one, each in one step, and drop the rest.
    Each entry is copied inside `target` first and then renamed over the old one: a rename
    cannot cross into a mount point. Readers may meet a mix of old and new files for that
    moment: the price of a folder that is a mount point (the processed folder avoids it, see
    data/builds.py)."""
    new = {p.name for p in staging.iterdir()}
    for old in target.iterdir():
        if old.name not in new:
            _remove(old)
    for item in staging.iterdir():
        incoming = target / f".{item.name}.incoming-{uuid.uuid4().hex}"
        if item.is_dir() and not item.is_symlink():
            shutil.copytree(item, incoming, symlinks=True)
            _remove(target / item.name)
        else:
            shutil.copy2(item, incoming, follow_symlinks=False)
        os.replace(incoming, target / item.name)
    fsync_dir(target)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists() or path.is_symlink():
        path.unlink()


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


def fsync_tree(folder: Path) -> None:
    for path in folder.rglob("*"):
        if path.is_file():
            with path.open("rb") as handle:
                os.fsync(handle.fileno())
    fsync_dir(folder)


def fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
