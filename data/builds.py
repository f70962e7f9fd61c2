"""Where builds live in the processed folder, which one is served, and whether it is whole.

    processed/
      current -> builds/<build id>       the served build: a link, switched in one step
      builds/<build id>/manifest.json    lists and hashes every file of its build
      builds/<build id>/<table>.parquet
      builds/<build id>/<table>.arrow    the same table, for the app to map (data/mapped.py)

A build is written whole beside the others, checked, and only then does `current` point at it.
The processed folder itself is never renamed, so it may be a mount point (a container volume).
The build served before stays, for readers still loading it and as the fallback when the
current one is damaged; older ones are removed. A folder of the earlier layout (manifest and
tables directly inside) is still read, and the next build moves it to this one.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from data.atomic import fsync_dir, fsync_tree

CURRENT = "current"
BUILDS = "builds"
MANIFEST = "manifest.json"
KEEP = 2  # the served build and the one before it
STALE_SECONDS = 3600  # a staging folder this old belongs to no running build


class DamagedBuild(ValueError):
    """A build whose files are missing, changed or unreadable; the message says which."""


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def file_entry(path: Path) -> dict[str, Any]:
    return {"sha256": sha256(path), "bytes": path.stat().st_size}


def served(out: Path) -> Path | None:
    """The folder of the build `out` serves (this layout or the earlier one), if any."""
    link = out / CURRENT
    if link.is_symlink() or link.is_dir():
        return link
    if (out / MANIFEST).is_file():
        return out
    return None


def is_processed_folder(out: Path) -> bool:
    """True when `out` holds builds (or is empty): a build may write into it."""
    try:
        names = {p.name for p in out.iterdir()}
    except FileNotFoundError:
        return True
    return not names or bool(names & {CURRENT, BUILDS, MANIFEST})


def candidates(out: Path) -> list[Path]:
    """Builds to serve, best first: the current one, then the others, newest first."""
    found = []
    current = served(out)
    if current is not None:
        found.append(current)
    folder = out / BUILDS
    if folder.is_dir():
        others = [
            p
            for p in folder.iterdir()
            if not p.name.startswith(".") and (current is None or not _same(p, current))
        ]
        found += sorted(others, key=_age, reverse=True)
    return found


def verify(folder: Path) -> dict[str, Any]:
    """The build's manifest, once every file it lists is there with its size and hash."""
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise DamagedBuild(f"{folder / MANIFEST}: {error}") from None
    if (
        not isinstance(manifest, dict)
        or not isinstance(manifest.get("tables"), dict)
        or not isinstance(manifest.get("build_id"), str)
        or not isinstance(manifest.get("built_at"), str)
    ):
        raise DamagedBuild(f"{folder / MANIFEST}: not a build manifest")
    try:
        files = manifest.get("files")
        if files is None:  # a manifest of the earlier layout: its tables must at least be there
            files = {t["file"]: None for t in manifest["tables"].values()}
        for name, expected in files.items():
            path = folder / name
            if not path.is_file():
                raise DamagedBuild(f"{path}: missing")
            if expected is not None and (
                path.stat().st_size != expected["bytes"] or sha256(path) != expected["sha256"]
            ):
                raise DamagedBuild(f"{path}: changed since the build wrote it")
    except (KeyError, TypeError, AttributeError, OSError) as error:
        raise DamagedBuild(f"{folder / MANIFEST}: {error!r}") from None
    return manifest


def publish(out: Path, build_id: str, write: Callable[[Path], None]) -> Path:
    """Write a build with `write(folder)`, check it, and make it the served one in one step.
    If anything fails, the build served before stays served and nothing is left behind."""
    builds = out / BUILDS
    builds.mkdir(parents=True, exist_ok=True)
    staging = builds / f".staging-{uuid.uuid4().hex}"
    staging.mkdir()
    try:
        write(staging)
        verify(staging)
        fsync_tree(staging)
        target = builds / build_id
        os.rename(staging, target)
        _switch(out / CURRENT, Path(BUILDS) / build_id)
        fsync_dir(out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    _tidy(out, target)
    return target


def _switch(link: Path, target: Path) -> None:
    """Point `link` at `target` in one step: a new link renamed over the old one."""
    new = link.with_name(f".{link.name}-{uuid.uuid4().hex}")
    os.symlink(target, new)
    try:
        os.replace(new, link)
    except OSError:
        new.unlink(missing_ok=True)
        raise


def _tidy(out: Path, current: Path) -> None:
    """Keep the served build and the one before it; drop the earlier layout's files."""
    for path in (out / MANIFEST, *(out.glob("*.parquet"))):  # the earlier layout, if any
        with contextlib.suppress(OSError):
            path.unlink()
    builds = [p for p in (out / BUILDS).iterdir() if not p.name.startswith(".")]
    keep = {current.name, *(p.name for p in sorted(builds, key=_age, reverse=True)[:KEEP])}
    for path in builds:
        if path.name not in keep:
            shutil.rmtree(path, ignore_errors=True)
    for path in (out / BUILDS).glob(".staging-*"):  # a build stopped half-way, long ago
        if _age(path) < time.time() - STALE_SECONDS:
            shutil.rmtree(path, ignore_errors=True)


def _age(path: Path) -> float:
    for candidate in (path / MANIFEST, path):
        with contextlib.suppress(OSError):
            return candidate.stat().st_mtime
    return 0.0


def _same(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False
