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
import pyarrow.parquet as pq

from data import builds, mapped, memory
from data.geo import country_names
from data.i18n import DEFAULT_LANGUAGE, current_language
from data.schema import TABLES

T = TypeVar("T")

log = logging.getLogger(__name__)


class NoData(FileNotFoundError):
    """The folder holds no processed build."""


@dataclass(frozen=True)
class Indicator:
    """An indicator as the current language shows it."""

    indicator_id: str
    label: str
    unit: str
    per_100k: bool
    lower_is_better: bool
    description: str
    # Fields the data gives in no other language than `label`'s own (English), shown as such.
    untranslated: tuple[str, ...] = ()


TRANSLATED = tuple(c.name for c in TABLES["indicators"].columns if c.translated)


def _indicators_in(indicators: pd.DataFrame, language: str) -> pd.DataFrame:
    """`label`, `unit` and `description` in `language` where the data gives them (`label_es`,
    ...), else as given; `untranslated` names the fields left in English."""
    texts: dict[str, pd.Series] = {}
    missing = pd.Series("", index=indicators.index, dtype=object)
    for name in TRANSLATED:
        own = indicators.get(f"{name}_{language}")
        given = own.notna() & (own.astype(str).str.strip() != "") if own is not None else None
        if given is not None:
            texts[name] = own.where(given, indicators[name])
        if language != DEFAULT_LANGUAGE:
            lacking = ~given if given is not None else pd.Series(True, index=indicators.index)
            missing = missing.where(~lacking, missing + ";" + name)
    return indicators.assign(**texts, untranslated=missing.str.strip(";"))


def _cities_in(cities: pd.DataFrame, language: str) -> pd.DataFrame:
    """Country names in `language`, from CLDR (data/geo.py)."""
    if language == DEFAULT_LANGUAGE or cities.empty:
        return cities
    names = cities["country"].map(country_names(language))
    return cities.assign(country_name=names.fillna(cities["country_name"]))


# Tables whose text the current language changes: served per language, made once per build.
IN_LANGUAGE: dict[str, Callable[[pd.DataFrame, str], pd.DataFrame]] = {
    "indicators": _indicators_in,
    "cities": _cities_in,
}


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


def read_parquet(path: Path) -> pd.DataFrame:
    """What `pd.read_parquet` gives, with each column in one piece. pyarrow reads a file as
    several chunks, and taking a few rows of a chunked string column joins its chunks first:
    one city's rows out of a million took tens of milliseconds a column, on every query."""
    return pq.read_table(path).combine_chunks().to_pandas(types_mapper=mapped.STRINGS.get)


def load_snapshot(folder: Path) -> Snapshot:
    """The build in `folder` (a build's own folder, or a processed folder to take the served
    build of), checked whole; DamagedBuild if it is not, NoData if there is none."""
    build = folder if (folder / builds.MANIFEST).is_file() else builds.served(folder)
    if build is None:
        raise NoData(folder)
    manifest = builds.verify(build)
    listed = manifest.get("files") or {}
    tables = {}
    for name in TABLES:
        path = build / f"{name}{mapped.SUFFIX}"
        if path.name not in listed:  # a build made before the mapped files
            path = build / f"{name}.parquet"
        try:
            if path.suffix == mapped.SUFFIX:  # shared with the other workers (data/mapped.py)
                tables[name] = mapped.read(path)
            else:
                tables[name] = read_parquet(path) if path.is_file() else _empty(name)
        except Exception as error:  # pyarrow raises many kinds for a damaged file
            raise builds.DamagedBuild(f"{path}: {error}") from None
        for column in TABLES[name].absent_ok:  # a build made before the column existed
            if column not in tables[name].columns:
                tables[name][column] = pd.Series(pd.NA, index=tables[name].index, dtype="object")
        missing = set(TABLES[name].column_names) - set(tables[name].columns)
        if missing:
            raise builds.DamagedBuild(f"{path}: no column {', '.join(sorted(missing))}")
    # reading a build leaves freed blocks in pyarrow's and glibc's allocators: handed back, a
    # worker keeps the tables and not twice their size
    memory.give_back()
    tables["cities"] = tables["cities"].set_index("city_id", drop=False)
    tables["indicators"] = tables["indicators"].set_index("indicator_id", drop=False)
    tables["networks"] = tables["networks"].set_index("network_id", drop=False)
    tables["sources"] = tables["sources"].set_index("source_id", drop=False)
    return Snapshot(manifest, tables)


class Repository:
    """Thread-safe holder of the current snapshot of a processed folder."""

    def __init__(self, folder: Path, *, check_every: float = 2.0) -> None:
        memory.use_system_allocator()  # before the worker's threads start (data/memory.py)
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
        """A processed table; `indicators` and `cities` in the current language (labels, units,
        descriptions, country names), so that every page, embed, CSV and export follows it."""
        snapshot = self.snapshot
        if name not in IN_LANGUAGE:
            return snapshot[name]
        key = ("in language", name, current_language())
        derived = snapshot.derived
        if key not in derived:
            derived[key] = IN_LANGUAGE[name](snapshot[name], current_language())
        return derived[key]

    def memo(self, key: Hashable, compute: Callable[[], T]) -> T:
        """`compute()` once per build: for results many requests share (a network's ranking),
        which would otherwise be recomputed on every page view. Dropped with the build."""
        derived = self.snapshot.derived
        if key not in derived:
            derived[key] = compute()
        return derived[key]

    def indicator(self, indicator_id: str) -> Indicator | None:
        """The indicator in the current language (kept per build: a chart asks for it a few
        times, and a row of the table costs more than the chart's use of it)."""
        indicators = self.table("indicators")
        if indicator_id not in indicators.index:
            return None
        return self.memo(
            ("indicator", indicator_id, current_language()),
            lambda: self._indicator(indicators, indicator_id),
        )

    @staticmethod
    def _indicator(indicators: pd.DataFrame, indicator_id: str) -> Indicator:
        row = indicators.loc[indicator_id]
        return Indicator(
            str(row["indicator_id"]),
            str(row["label"]),
            str(row["unit"]),
            bool(row["per_100k"]),
            bool(row["lower_is_better"]),
            str(row["description"]),
            tuple(f for f in str(row["untranslated"]).split(";") if f),
        )

    def untranslated(self) -> list[str]:
        """Labels of the indicators whose name or unit the data gives in English only, when the
        current language is another: pages say so once instead of mixing languages silently.
        Empty while there is no build (the shell is drawn around the "no data yet" page)."""
        if not self.ready:
            return []

        def compute() -> list[str]:
            indicators = self.table("indicators")
            lacking = indicators["untranslated"].str.contains(r"\b(?:label|unit)\b", regex=True)
            return indicators.loc[lacking, "label"].astype(str).tolist()

        return list(self.memo(("untranslated", current_language()), compute))  # a copy: kept

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
