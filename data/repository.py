"""The one data-access layer: loads a processed build once, serves typed lookups, and picks up a
new build (written by `observatory build`) without a restart.

A build is served only when its files are all there, as its manifest lists and hashes them, and
read (data/builds.py). A damaged new build leaves the last good one served; at start-up the
build before a damaged current one is served; with no good build at all the repository is not
`ready` and the app answers "no data yet" until one is published.

The app, the CSV routes and the exporters read through a `Repository`; nothing else opens the
Parquet files. Query functions for each view live in `data/queries/` and take a repository.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import pandas as pd

from data import builds
from data.schema import TABLES

T = TypeVar("T")

log = logging.getLogger(__name__)


class NoData(FileNotFoundError):
    """The folder holds no processed build."""


@dataclass(frozen=True)
class Indicator:
    indicator_id: str
    label: str
    unit: str
    per_100k: bool
    lower_is_better: bool
    description: str


@dataclass(frozen=True)
class Snapshot:
    """One build's tables, never mutated: queries may hold on to it while a new build loads."""

    manifest: dict[str, Any]
    tables: dict[str, pd.DataFrame]
    # Results derived from these tables, computed once per build (see Repository.memo).
    derived: dict[Hashable, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def build_id(self) -> str:
        return str(self.manifest["build_id"])

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self.tables[name]


def _empty(name: str) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="object") for c in TABLES[name].column_names})


def load_snapshot(folder: Path) -> Snapshot:
    """The build in `folder` (a build's own folder, or a processed folder to take the served
    build of), checked whole; DamagedBuild if it is not, NoData if there is none."""
    build = folder if (folder / builds.MANIFEST).is_file() else builds.served(folder)
    if build is None:
        raise NoData(folder)
    manifest = builds.verify(build)
    tables = {}
    for name in TABLES:
        path = build / f"{name}.parquet"
        try:
            tables[name] = pd.read_parquet(path) if path.is_file() else _empty(name)
        except Exception as error:  # pyarrow raises many kinds for a damaged file
            raise builds.DamagedBuild(f"{path}: {error}") from None
        for column in TABLES[name].absent_ok:  # a build made before the column existed
            if column not in tables[name].columns:
                tables[name][column] = pd.Series(pd.NA, index=tables[name].index, dtype="object")
        missing = set(TABLES[name].column_names) - set(tables[name].columns)
        if missing:
            raise builds.DamagedBuild(f"{path}: no column {', '.join(sorted(missing))}")
    tables["cities"] = tables["cities"].set_index("city_id", drop=False)
    tables["indicators"] = tables["indicators"].set_index("indicator_id", drop=False)
    tables["networks"] = tables["networks"].set_index("network_id", drop=False)
    tables["sources"] = tables["sources"].set_index("source_id", drop=False)
    return Snapshot(manifest, tables)


class Repository:
    """Thread-safe holder of the current snapshot of a processed folder."""

    def __init__(self, folder: Path, *, check_every: float = 2.0) -> None:
        self.folder = folder
        self.check_every = check_every
        self._lock = threading.Lock()
        self._snapshot: Snapshot | None = None
        self._stamp = self._build_stamp()
        self._checked = time.monotonic()
        for build in builds.candidates(folder):
            try:
                self._snapshot = load_snapshot(build)
            except Exception as error:  # damaged in a way nobody foresaw: still not served
                log.error("not serving the build in %s: %s", build, error)
                continue
            if build != builds.served(folder):
                log.warning("serving the earlier build %s", self._snapshot.build_id)
            break

    def _build_stamp(self) -> tuple[str, int, int] | None:
        """What changes when a build is published or its manifest touched."""
        build = builds.served(self.folder)
        if build is None:
            return None
        try:
            target = os.readlink(build) if build.is_symlink() else ""
            stat = (build / builds.MANIFEST).stat()
        except OSError:
            return None
        return target, stat.st_ino, stat.st_mtime_ns

    @property
    def ready(self) -> bool:
        """True once a good build is loaded (never false again: the last good one stays)."""
        self._check()
        return self._snapshot is not None

    @property
    def snapshot(self) -> Snapshot:
        """The latest good build; a new one is loaded at most every `check_every` seconds."""
        self._check()
        if self._snapshot is None:
            raise NoData(self.folder)
        return self._snapshot

    def _check(self) -> None:
        now = time.monotonic()
        if now - self._checked >= self.check_every:
            with self._lock:
                if now - self._checked >= self.check_every:
                    self._checked = now
                    self._reload_if_changed()

    def _reload_if_changed(self) -> None:
        stamp = self._build_stamp()
        if stamp is None or stamp == self._stamp:
            return
        self._stamp = stamp  # a damaged build is reported once, not at every check
        try:
            self._snapshot = load_snapshot(self.folder)
            log.info("loaded build %s from %s", self._snapshot.build_id, self.folder)
        except Exception as error:  # damaged in a way nobody foresaw: keep the last good one
            log.error(
                "not serving the new build in %s (%s); still serving %s",
                self.folder,
                error,
                self._snapshot.build_id if self._snapshot else "nothing",
            )

    # Small typed lookups shared by every view. View-specific queries live in data/queries/.

    def table(self, name: str) -> pd.DataFrame:
        return self.snapshot[name]

    def memo(self, key: Hashable, compute: Callable[[], T]) -> T:
        """`compute()` once per build: for results many requests share (a network's ranking),
        which would otherwise be recomputed on every page view. Dropped with the build."""
        derived = self.snapshot.derived
        if key not in derived:
            derived[key] = compute()
        return derived[key]

    def indicator(self, indicator_id: str) -> Indicator | None:
        indicators = self.snapshot["indicators"]
        if indicator_id not in indicators.index:
            return None
        row = indicators.loc[indicator_id]
        return Indicator(
            str(row["indicator_id"]),
            str(row["label"]),
            str(row["unit"]),
            bool(row["per_100k"]),
            bool(row["lower_is_better"]),
            str(row["description"]),
        )

    def default_indicator(self) -> str:
        ids = self.snapshot["indicators"].index
        return "homicide-rate" if "homicide-rate" in ids else str(ids[0])

    def city_names(self, city_ids: list[str] | tuple[str, ...]) -> dict[str, str]:
        cities = self.snapshot["cities"]
        return {c: str(cities.at[c, "name"]) for c in city_ids if c in cities.index}

    @property
    def built_at(self) -> str:
        """When the served build was made; '' while there is none (the app says so)."""
        return str(self._snapshot.manifest["built_at"]) if self.ready else ""
