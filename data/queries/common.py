"""What every view's data carries: where it comes from and whether any of it is simulated."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from data.i18n import _
from data.repository import Repository


@dataclass(frozen=True)
class Attribution:
    sources: tuple[str, ...]
    simulated: bool

    def text(self) -> str:
        """The source line printed under a chart and in every export."""
        parts = [_("Source: {sources}", sources="; ".join(self.sources))] if self.sources else []
        if self.simulated:
            parts.append(_("Demo data: simulated values"))
        return " · ".join(parts)


def attribution(repo: Repository, source_ids: Iterable[str]) -> Attribution:
    sources = repo.table("sources")
    ids = [s for s in dict.fromkeys(source_ids) if isinstance(s, str) and s in sources.index]
    labels = []
    for source_id in ids:
        row = sources.loc[source_id]
        if bool(row["simulated"]):
            continue
        year = "" if pd.isna(row["year"]) else f", {int(row['year'])}"
        labels.append(f"{row['publisher']}{year}")
    simulated = any(bool(sources.at[s, "simulated"]) for s in ids)
    return Attribution(tuple(dict.fromkeys(labels)), simulated)


def frame_attribution(repo: Repository, frame: pd.DataFrame) -> Attribution:
    if frame.empty or "source_id" not in frame:
        return Attribution((), False)
    return attribution(repo, frame["source_id"].unique().tolist())


def city_texts(
    repo: Repository, city_ids: Iterable[str], columns: Iterable[str]
) -> list[np.ndarray]:
    """These known cities' values of `columns` of the cities table (in the current language),
    in their order: a city at a time from the index's hash table (looking a list up in a text
    index converts the list first, which cost more than a chart's few cities)."""
    cities = repo.table("cities")
    at = np.array([cities.index.get_loc(c) for c in city_ids], dtype=np.intp)
    return [cities[c].array.take(at).to_numpy(dtype=object) for c in columns]


def current_members(repo: Repository, network: str) -> pd.Index:
    """City ids belonging to `network` today ('' for every city in the observatory)."""
    if not network:
        return repo.table("cities").index
    memberships = repo.table("memberships")
    rows = memberships[(memberships["network_id"] == network) & memberships["left"].isna()]
    return pd.Index(rows["city_id"].unique())


@dataclass(frozen=True)
class ObservationRows:
    """Where each (indicator, city)'s rows lie in the observations table, kept with the build:
    comparing a million rows' indicator and city on every request cost 60 ms a query, and a
    city page asks half a dozen. The build sorts the table by indicator, city and year
    (data/pipeline/derive.py), so each pair's rows are one run: a few numbers per pair rather
    than an array of positions each (which held 164 MB per worker at 20,000 cities)."""

    indicators: dict[str, int]
    cities: dict[str, int]  # every city with a row, sorted; a pair's key is indicator * len + city
    keys: np.ndarray  # each run's key, ascending
    starts: np.ndarray  # where each run starts and stops (in `order`)
    stops: np.ndarray
    order: np.ndarray | None  # table positions sorted by key; None when the table already is

    def runs(self, indicator: str, city_ids: Iterable[str]) -> np.ndarray:
        """The runs of these cities' rows of the indicator, in their order, where they exist."""
        found = self.indicators.get(indicator)
        if found is None or not len(self.keys):
            return np.empty(0, dtype=np.int64)
        codes = [self.cities[c] for c in city_ids if c in self.cities]
        keys = found * len(self.cities) + np.array(codes, dtype=np.int64)
        at = np.minimum(np.searchsorted(self.keys, keys), len(self.keys) - 1)
        return at[self.keys[at] == keys]

    def positions(self, runs: np.ndarray) -> np.ndarray:
        """The table positions of these runs, ascending."""
        ranges = [np.arange(a, b) for a, b in zip(self.starts[runs], self.stops[runs], strict=True)]
        positions = np.concatenate(ranges) if ranges else np.empty(0, dtype=np.int64)
        return np.sort(positions if self.order is None else self.order[positions])

    def cities_of(self, indicator: str) -> list[str]:
        found = self.indicators.get(indicator)
        if found is None:
            return []
        low, high = found * len(self.cities), (found + 1) * len(self.cities)
        run_keys = self.keys[(self.keys >= low) & (self.keys < high)]
        names = list(self.cities)
        return [names[c] for c in run_keys - low]

    def has(self, indicator: str, city_id: str) -> bool:
        return len(self.runs(indicator, [city_id])) > 0


def _index_rows(obs: pd.DataFrame) -> ObservationRows:
    indicator_codes, indicators = pd.factorize(obs["indicator_id"], sort=True)
    city_codes, cities = pd.factorize(obs["city_id"], sort=True)
    keys = indicator_codes.astype(np.int64) * len(cities) + city_codes
    order = None
    if len(keys) and (keys[1:] < keys[:-1]).any():  # not as the build sorts it
        order = np.argsort(keys, kind="stable")
        keys = keys[order]
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]]) if len(keys) else keys
    stops = np.r_[starts[1:], len(keys)] if len(keys) else keys
    return ObservationRows(
        indicators={str(i): n for n, i in enumerate(indicators)},
        cities={str(c): n for n, c in enumerate(cities)},
        keys=keys[starts],
        starts=starts,
        stops=stops,
        order=order,
    )


def _observation_rows(repo: Repository) -> ObservationRows:
    obs = repo.table("observations")
    return repo.memo("observation rows", lambda: _index_rows(obs))


def observations(repo: Repository, indicator: str, city_ids: Iterable[str]) -> pd.DataFrame:
    """The rows of one indicator for these cities, in the table's order (as a filter on the
    table gives them)."""
    rows = _observation_rows(repo)
    runs = rows.runs(indicator, dict.fromkeys(city_ids))
    obs = repo.table("observations")
    if not len(runs):
        return obs.iloc[0:0]
    return obs.take(rows.positions(runs))


def latest_by_city(
    repo: Repository, indicator: str, city_ids: Iterable[str]
) -> dict[str, tuple[int, float]]:
    """Each city's last year with a value of the indicator, and that value (cities without
    one left out): read from two columns of the city's rows, not a frame of every column. For
    a few cities; the map's `latest_values` keeps every city's, per build and indicator."""
    rows = _observation_rows(repo)
    obs = repo.table("observations")
    wanted = list(dict.fromkeys(city_ids))
    each = [rows.positions(rows.runs(indicator, [city])) for city in wanted]
    at = np.concatenate(each) if each else np.empty(0, dtype=np.int64)
    values = obs["value"].take(at).to_numpy(dtype="float64", na_value=np.nan)
    years = obs["year"].take(at).to_numpy(dtype="float64", na_value=np.nan)
    found: dict[str, tuple[int, float]] = {}
    start = 0
    for city, positions in zip(wanted, each, strict=True):
        stop = start + len(positions)
        year, value = years[start:stop], values[start:stop]
        has = np.flatnonzero(~np.isnan(value))
        if len(has):
            last = has[np.argmax(year[has])]  # a city has one row per indicator and year
            found[city] = (int(year[last]), float(value[last]))
        start = stop
    return found


def reporting_cities(repo: Repository, indicator: str) -> frozenset[str]:
    """The cities with at least one row of the indicator."""

    def compute() -> frozenset[str]:
        return frozenset(_observation_rows(repo).cities_of(indicator))

    return repo.memo(("reporting cities", indicator), compute)


def city_indicators(repo: Repository, city_id: str) -> set[str]:
    """The indicators the city has at least one row of."""
    rows = _observation_rows(repo)
    return {str(i) for i in repo.table("indicators").index if rows.has(i, city_id)}
