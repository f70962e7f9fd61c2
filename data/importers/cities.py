"""Which city a row means: an existing city by official code or by name, or a new one placed by
the gazetteer. A name is never guessed: when two cities could be meant, or none is known and the
gazetteer cannot place it, the place is reported and `--on-unknown-city` decides.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import pandas as pd

from data.geo import countries
from data.i18n import _
from data.importers.gazetteer import SOURCE_ID as GEONAMES
from data.importers.gazetteer import Gazetteer, Lookup, find_municipality
from data.importers.names import fold, name_keys, normal_code, official_spelling, slug

# Leading words a place's everyday name drops ("General Escobedo" is called "Escobedo").
TITLES = frozenset(
    {"general", "ciudad", "heroica", "villa", "doctor", "dr", "licenciado", "coronel", "don"}
)


@dataclass(frozen=True)
class Wanted:
    """A place as the file names it, with what the import knows about it."""

    country: str  # ISO3
    name: str
    admin: str = ""
    code: str = ""
    population: int | None = None  # latest population in the file, if any
    lat: float | None = None  # coordinates in the file, if any
    lon: float | None = None


@dataclass(frozen=True)
class Resolved:
    city_id: str | None
    how: str  # said in the report
    new: dict[str, str] | None = None  # the cities.csv row of a city to create
    code_to_record: str = ""  # an official code to write into an existing city without one
    problem: str = ""  # why no city: "unknown", "ambiguous", "no-coordinates"


@dataclass
class _Entry:
    city_id: str
    country: str
    name: str
    admin: str
    code: str
    keys: tuple[str, tuple[str, ...]] = field(init=False)
    areas: set[str] = field(init=False)

    def __post_init__(self) -> None:
        self.keys = name_keys(self.name)
        self.areas = _area_keys(self.admin)


def _area_keys(admin: str) -> set[str]:
    full, loose = name_keys(admin)
    return {full, *loose} if full else set()


class Cities:
    """The folder's cities, and the ones this import adds, as one index to match names against."""

    def __init__(self, cities: pd.DataFrame, gazetteer: Gazetteer | None) -> None:
        self.by_code: dict[tuple[str, str], list[_Entry]] = defaultdict(list)
        self.by_key: dict[tuple[str, str], list[_Entry]] = defaultdict(list)
        self.taken: set[str] = set()
        for r in cities.itertuples():
            self._add(
                _Entry(r.city_id, r.country, r.name, r.admin_area, normal_code(r.external_code))
            )
        self.gazetteer = gazetteer
        self._new_slugs: Counter[str] = Counter()
        # (country, folded name) -> the longer names it ends ("escobedo" -> General Escobedo)
        self._inside: dict[tuple[str, str], list[str]] = defaultdict(list)
        self.names: dict[str, str] = {  # the folder's places, for the report's reasons
            r.city_id: f"{r.name} ({r.admin_area})" if r.admin_area else r.name
            for r in cities.itertuples()
        }
        self._note_names((r.country, r.name, r.admin_area) for r in cities.itertuples())
        self.suffixed: list[tuple[str, str]] = []  # new ids that needed a qualifier, and why

    def _add(self, entry: _Entry) -> None:
        self.taken.add(entry.city_id)
        if entry.code:
            self.by_code[(entry.country, entry.code)].append(entry)
        for key in {entry.keys[0], *entry.keys[1]}:
            self.by_key[(entry.country, key)].append(entry)

    def _note_names(self, places: Iterable[tuple[str, str, str]]) -> None:
        """Names people shorten by dropping a title: General Escobedo is 'Escobedo'."""
        for country, name, admin in places:
            words = fold(name).split()
            label = f"{name} ({admin})" if admin else name
            if len(words) > 1 and words[0] in TITLES:
                self._inside[(country, " ".join(words[1:]))].append(label)

    def plan_ids(self, wanted: list[Wanted], named: list[Wanted] | None = None) -> None:
        """Note the names new cities may take, so that repeated names all get a qualifier, and
        the longer names of every place in the file (`named`), so that 'Escobedo' does not
        take the id people read as General Escobedo."""
        self._new_slugs = Counter(slug(w.name) for w in wanted)
        self._note_names((w.country, w.name, w.admin) for w in (named or wanted))

    def match(self, want: Wanted) -> Resolved | None:
        """An existing city (or one created earlier in this import), or None."""
        code = normal_code(want.code) if want.code else ""
        if code:
            by_code = self.by_code.get((want.country, code), [])
            if len(by_code) == 1:
                return Resolved(by_code[0].city_id, _("same official code {code}", code=want.code))
        full, loose = name_keys(want.name)
        areas = _area_keys(want.admin)

        def compatible(entry: _Entry) -> bool:
            return not (code and entry.code and code != entry.code) and (
                not areas or not entry.areas or bool(areas & entry.areas)
            )

        exact = [e for e in self.by_key.get((want.country, full), []) if e.keys[0] == full]
        near = {
            e.city_id: e for key in (full, *loose) for e in self.by_key.get((want.country, key), [])
        }
        for tier in (
            [e for e in exact if compatible(e)],
            [e for e in near.values() if compatible(e)],
        ):
            if len(tier) == 1:
                entry = tier[0]
                record = want.code if code and not entry.code else ""
                how = _("same name, country and area")
                if record:
                    how += "; " + _("official code {code} recorded", code=want.code)
                    entry.code = code
                    self.by_code[(entry.country, code)].append(entry)
                return Resolved(entry.city_id, how, code_to_record=record)
            if len(tier) > 1:
                return Resolved(
                    None,
                    _(
                        "ambiguous: could be any of {ids}. Add --admin-column or --code-column "
                        "to tell them apart.",
                        ids=", ".join(sorted(e.city_id for e in tier)),
                    ),
                    problem="ambiguous",
                )
        return None

    def create(self, want: Wanted, source_id: str) -> Resolved:
        """A new city: coordinates from the file or the gazetteer, population from the file
        (the official municipal figure) or else the gazetteer."""
        lat, lon, population = want.lat, want.lon, want.population
        how = _("new, coordinates from the file")
        city_source = source_id
        if lat is None or lon is None:
            if self.gazetteer is None:
                return Resolved(None, _("not in cities.csv"), problem="unknown")
            iso2 = countries()[want.country].iso2
            municipality = find_municipality(iso2, want.name, want.admin, want.code)
            found = (
                Lookup(municipality.seat)
                if municipality is not None
                else self.gazetteer.find(iso2, want.name, want.admin)
            )
            if found.place is None:
                if found.ambiguous:
                    places = ", ".join(
                        f"{p.name} ({p.lat:g}, {p.lon:g})" for p in found.candidates[:4]
                    )
                    return Resolved(
                        None,
                        _(
                            "not in cities.csv, and GeoNames has several places of this name in "
                            "different areas ({places}); add the city to cities.csv with its "
                            "coordinates, or give --admin-column so they can be told apart.",
                            places=places,
                        ),
                        problem="ambiguous",
                    )
                return Resolved(
                    None,
                    _(
                        "not in cities.csv, and GeoNames does not know it, so it has no "
                        "coordinates; add it to cities.csv by hand (or give --lat-column and "
                        "--lon-column) and import again."
                    ),
                    problem="no-coordinates",
                )
            place = found.place
            lat, lon = place.lat, place.lon
            how = (
                _(
                    "new, the municipality {name} ({admin}) placed by GeoNames at its seat, "
                    "{place} ({lat:g}, {lon:g})",
                    name=municipality.name,
                    admin=municipality.admin,
                    place=place.name,
                    lat=lat,
                    lon=lon,
                )
                if municipality is not None
                else _(
                    "new, placed by GeoNames at {lat:g}, {lon:g} ({place})",
                    lat=lat,
                    lon=lon,
                    place=place.name,
                )
            )
            if population is None:
                population = place.population or None
                city_source = GEONAMES
        if population is None:
            return Resolved(
                None,
                _("not in cities.csv, and no population is known for it."),
                problem="no-coordinates",
            )
        name, admin = official_spelling(want.name), official_spelling(want.admin)
        city_id = self._new_id(want)
        self._add(_Entry(city_id, want.country, name, admin, normal_code(want.code)))
        self.names[city_id] = f"{name} ({admin})" if admin else name
        row = {
            "city_id": city_id,
            "name": name,
            "country": want.country,
            "admin_area": admin,
            "lat": f"{lat:g}" if lat is not None else "",
            "lon": f"{lon:g}" if lon is not None else "",
            "population": str(int(population)),
            "external_code": want.code,
            "source_id": city_source,
        }
        return Resolved(city_id, how, new=row)

    def _new_id(self, want: Wanted) -> str:
        """The bare name when it is clear, else qualified by the area (or the code): never an
        id that another place of the same name, or a longer name ending in it, could claim."""
        base = slug(want.name.split(",")[0]) or "city"  # "Bogotá, D.C." is bogota
        longer = [n for n in self._inside.get((want.country, fold(want.name)), [])]
        why = ""
        if base in self.taken:
            why = _("'{id}' is {place}", id=base, place=self.names.get(base, base))
        elif self._new_slugs[base] > 1:
            why = _(
                "{n} places in the file are called {name}",
                n=self._new_slugs[base],
                name=want.name,
            )
        elif longer:
            why = _(
                "'{name}' alone could be read as {places}",
                name=want.name,
                places=", ".join(sorted(set(longer))[:3]),
            )
        options = [] if why else [base]
        if want.admin:
            options.append(f"{base}-{slug(want.admin)}")
        if want.code:
            options.append(f"{base}-{slug(want.code)}")
        chosen = next((o for o in options if o not in self.taken), None)
        if chosen is None:
            n = 2
            while f"{base}-{n}" in self.taken:
                n += 1
            chosen = f"{base}-{n}"
        if why:
            self.suffixed.append((chosen, why))
        return chosen


def resolve_country(text: str) -> str | None:
    """ISO3 for an ISO3 or ISO2 code or an English country name, else None."""
    value = text.strip()
    known = countries()
    if value.upper() in known:
        return value.upper()
    by_iso2 = {c.iso2: c.iso3 for c in known.values()}
    if value.upper() in by_iso2:
        return by_iso2[value.upper()]
    by_name = {fold(c.name): c.iso3 for c in known.values()}
    return by_name.get(fold(value))
