"""Network membership: who belongs to which network, since when, in what role, and where.

Every part of `/map` (markers, the members-per-year chart, the overview panel, the member list
and both CSV routes) reads the same filtered history of memberships, so they cannot disagree.
A membership counts in year Y when it was joined in or before Y and not left by Y: a city that
left in 2021 is no longer counted in 2021.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd

from data.geo import REGIONS
from data.i18n import _, current_language
from data.repository import Repository
from data.schema import ROLES
from data.state import ViewState, param

Region = Literal["", "lac", "africa", "asia-pacific", "europe", "north-america"]
NETWORK_COLOUR = "network"  # `colour=network`; any other value names an indicator

MEMBERSHIP_COLUMNS = [
    "city_id",
    "city",
    "country",
    "country_name",
    "region",
    "network_id",
    "network",
    "role",
    "joined",
    "left",
    "also_in",
    "note",
    "source",
    "simulated",
    "source_id",
]
POINT_COLUMNS = [
    "city_id",
    "city",
    "country",
    "country_name",
    "region",
    "lat",
    "lon",
    "population",
    "networks",
    "network_ids",
    "memberships",
    "indicator",
    "value",
    "value_year",
    "simulated",
    "source_id",
]


@dataclass(frozen=True)
class MapState(ViewState):
    view = "map"
    networks: tuple[str, ...] = param((), name="network")
    roles: tuple[str, ...] = param((), name="role")
    since: int | None = None  # joined in or after
    also: tuple[str, ...] = ()  # networks to compare with: drawn as rings, counted in the summary
    region: Region = ""
    colour: str = NETWORK_COLOUR
    year: int | None = None  # None: as the network stands now


@dataclass(frozen=True)
class Years:
    """The span of the year slider: the first year anyone joined to the year of the build."""

    first: int
    last: int


def years(repo: Repository) -> Years:
    return repo.memo(("map years",), lambda: _years(repo))  # each view asks several times


def _years(repo: Repository) -> Years:
    rows = repo.table("memberships")
    built = int(repo.built_at[:4])
    if rows.empty:
        return Years(built, built)
    ends = pd.concat([rows["joined"], rows["left"]]).dropna()
    return Years(int(rows["joined"].min()), max(built, int(ends.max())))


def resolve(repo: Repository, state: MapState) -> MapState:
    """Unknown ids dropped and the year kept on the slider: the state the page actually shows."""
    networks = repo.table("networks").index
    span = years(repo)
    year = state.year
    if year is not None:
        year = None if year >= span.last else max(year, span.first)
    colour = state.colour
    if colour != NETWORK_COLOUR and repo.indicator(colour) is None:
        colour = NETWORK_COLOUR
    return state.replace(
        networks=tuple(n for n in state.networks if n in networks),
        roles=tuple(r for r in state.roles if r in ROLES),
        also=tuple(n for n in state.also if n in networks and n not in state.networks),
        colour=colour,
        year=year,
    )


def year_of(repo: Repository, state: MapState) -> int:
    """The year the view shows: the chosen one, or the last year of the slider."""
    return state.year if state.year is not None else years(repo).last


def active(rows: pd.DataFrame, year: int) -> pd.Series:
    """Memberships that count in `year`: joined in or before it and not yet left."""
    return (rows["joined"] <= year) & (rows["left"].isna() | (rows["left"] > year))


def history(repo: Repository, state: MapState) -> pd.DataFrame:
    """Memberships of every year that the filters other than the year select."""
    rows = repo.table("memberships")
    if not (state.networks or state.roles or state.since is not None or state.region):
        return rows
    return rows[_selected(repo, state)]


@dataclass(frozen=True)
class Coded:
    """The memberships table as numbers, once per build: every answer of /map filters, groups
    and joins its rows by city and network, and with thousands of cities, doing that on string
    ids (hashed and copied out of Arrow at each step) was most of the answer's time. About
    50 bytes per membership and 250 per member city, the ids', regions' and countries' text
    included (under 8 MB at 20,000 cities and 48,000 memberships)."""

    ids: np.ndarray  # every member city's id (object), in order of first appearance
    id_type: pd.CategoricalDtype  # of `ids`: columns of city ids are their positions in it
    city: np.ndarray  # per membership: its city's position in `ids`
    network: np.ndarray  # per membership: its network's position in the networks table
    role: np.ndarray  # per membership: its role's position in ROLES
    joined: np.ndarray  # per membership (int64)
    left: np.ndarray  # per membership, NaN while it lasts (float64)
    source: np.ndarray  # per membership: its source's position in `sources`, -1 for none
    sources: np.ndarray  # source ids (object)
    several: np.ndarray  # per membership: its city has another in the network (another role)
    region: np.ndarray  # per member city (object)
    country: np.ndarray  # per member city (object)
    by_id: np.ndarray  # per member city: its rank by id
    lat: np.ndarray  # per member city
    lon: np.ndarray
    population: pd.Series  # per member city, by position (its dtype as in the cities table)


def _coded(repo: Repository) -> Coded:
    def compute() -> Coded:
        rows = repo.table("memberships")
        city, ids = pd.factorize(rows["city_id"].to_numpy(dtype=object))
        source, sources = pd.factorize(rows["source_id"].to_numpy(dtype=object))
        cities = repo.table("cities").reindex(ids)
        network = repo.table("networks").index.get_indexer(rows["network_id"])
        pair = np.unique(network * len(ids) + city, return_inverse=True, return_counts=True)
        return Coded(
            ids=np.asarray(ids, dtype=object),
            id_type=pd.CategoricalDtype(pd.Index(ids, dtype=object)),
            city=city,
            network=network,
            role=pd.Index(list(ROLES)).get_indexer(rows["role"]),
            joined=rows["joined"].to_numpy(dtype="int64"),
            left=rows["left"].to_numpy(dtype="float64", na_value=np.nan),
            source=source,
            sources=np.asarray(sources, dtype=object),
            several=pair[2][pair[1]] > 1,
            region=cities["region"].to_numpy(dtype=object),
            country=cities["country"].to_numpy(dtype=object),
            by_id=np.argsort(np.argsort(np.asarray(ids, dtype=object))),
            lat=cities["lat"].to_numpy(dtype="float64"),
            lon=cities["lon"].to_numpy(dtype="float64"),
            population=cities["population"].reset_index(drop=True),
        )

    return repo.memo(("map codes",), compute)


def _codes_of(index: pd.Index, wanted: tuple[str, ...]) -> np.ndarray:
    found = index.get_indexer(list(wanted))
    return found[found >= 0]


def _selected(repo: Repository, state: MapState) -> np.ndarray:
    """`history`'s rows, as a mask over the memberships table."""
    coded = _coded(repo)
    keep = np.ones(len(coded.city), dtype=bool)
    if state.networks:
        keep &= np.isin(coded.network, _codes_of(repo.table("networks").index, state.networks))
    if state.roles:
        keep &= np.isin(coded.role, _codes_of(pd.Index(list(ROLES)), state.roles))
    if state.since is not None:
        keep &= coded.joined >= state.since
    if state.region:
        keep &= (coded.region == state.region)[coded.city]
    return keep


def history_sources(repo: Repository, state: MapState) -> list[str]:
    """The source ids of `history`'s rows, in order of first appearance."""
    coded = _coded(repo)
    source = coded.source[_selected(repo, state)]
    source = source[source >= 0]
    first = np.sort(np.unique(source, return_index=True)[1])
    return coded.sources[source[first]].tolist()


def shown_networks(repo: Repository, state: MapState) -> list[str]:
    """Networks whose membership the map draws: the chosen ones and those compared with, or all
    of them, in the order of the networks table (which also fixes their colours)."""
    ids = repo.table("networks").index
    if not state.networks:
        return list(ids)
    wanted = set(state.networks) | set(state.also)
    return [n for n in ids if n in wanted]


def _source_labels(repo: Repository, ids: pd.Series) -> pd.Series:
    sources = repo.table("sources")
    years_ = sources["year"].map(lambda y: "" if pd.isna(y) else f", {int(y)}")
    return ids.map(sources["publisher"] + years_)


def memberships(repo: Repository, state: MapState) -> pd.DataFrame:
    """The member list: one row per membership (city, network, role) counting in the year,
    with the city's other networks of that year in `also_in`."""
    state = resolve(repo, state)
    coded = _coded(repo)
    at = _member_rows(repo, state)
    city = coded.city[at]
    rows = repo.table("memberships").take(at)
    words = _city_words(repo)
    networks = repo.table("networks")
    return pd.DataFrame(
        {
            "city_id": rows["city_id"].array,
            "city": words.name.text(city),
            "country": _objects(coded.country[city]),
            "country_name": words.country_name.text(city),
            "region": _objects(coded.region[city]),
            "network_id": rows["network_id"].array,
            "network": _objects(networks["name"].to_numpy(dtype=object)[coded.network[at]]),
            "role": rows["role"].array,
            "joined": rows["joined"].array,
            "left": rows["left"].array,
            "also_in": _objects(_also_in(repo, coded, at, year_of(repo, state))),
            "note": rows["note"].array,
            "source": _objects(_labels_by_source(repo, coded)[coded.source[at]]),
            "simulated": rows["simulated"].array,
            "source_id": rows["source_id"].array,
        }
    )


def _labels_by_source(repo: Repository, coded: Coded) -> np.ndarray:
    """`_source_labels` by position in `Coded.sources` (-1, the last: none)."""
    return np.append(_source_labels(repo, pd.Series(coded.sources)).to_numpy(dtype=object), np.nan)


def _lasting(coded: Coded, year: int) -> np.ndarray:
    """Memberships that count in `year` (as `active`), as a mask over the table."""
    return (coded.joined <= year) & ~(coded.left <= year)


def _member_rows(repo: Repository, state: MapState) -> np.ndarray:
    """Where the member list's rows are in the memberships table, in its order: by city name
    as people sort them, city id, network name, then role as ROLES orders them."""
    coded = _coded(repo)
    at = np.flatnonzero(_selected(repo, state) & _lasting(coded, year_of(repo, state)))
    city = coded.city[at]
    names = repo.table("networks")["name"].to_numpy(dtype=object)
    by_network = np.unique(names, return_inverse=True)[1] if len(names) else names
    order = np.lexsort(
        (
            coded.role[at],
            by_network[coded.network[at]],
            coded.by_id[city],
            _city_words(repo).by_name[city],
        )
    )
    return at[order]


def _also_in(repo: Repository, coded: Coded, at: np.ndarray, year: int) -> np.ndarray:
    """For each membership at `at`: the names of the other networks its city belongs to in
    `year` (in any role), in alphabetical order, joined by '; '."""
    count = len(repo.table("networks"))
    names = repo.table("networks")["name"].to_numpy(dtype=object)
    current = _lasting(coded, year)
    member = np.zeros((len(coded.ids), count), dtype=bool)
    member[coded.city[current], coded.network[current]] = True
    cities = np.unique(coded.city[at])
    kinds, kind = np.unique(member[cities], axis=0, return_inverse=True)  # a city's networks
    kind_of = np.zeros(len(coded.ids), dtype=np.intp)
    kind_of[cities] = kind.ravel()
    keys, key = np.unique(kind_of[coded.city[at]] * count + coded.network[at], return_inverse=True)
    alphabetical = np.argsort(names, kind="stable")
    texts = [
        "; ".join(names[n] for n in alphabetical if kinds[k // count, n] and n != k % count)
        for k in keys.tolist()
    ]
    return np.array(texts, dtype=object)[key.ravel()] if len(at) else np.array([], dtype=object)


def among(values: pd.Series, ids: pd.Index) -> pd.Series:
    """`values.isin(ids)` for thousands of (unique) ids: pandas' isin on a string column checks
    each id in Python first (40 ms at 5,000 cities); looking the values up in the index, 1 ms."""
    return pd.Series(ids.get_indexer(values) >= 0, index=values.index)


@dataclass(frozen=True)
class Latest:
    """The latest value of an indicator per city, and the year it is from."""

    indicator: str
    frame: pd.DataFrame  # city_id, value, year, count, flags, source_id


def latest_values(repo: Repository, indicator: str, city_ids: pd.Index) -> Latest:
    every = _every_latest(repo, indicator)
    return Latest(indicator, every[among(every["city_id"], city_ids)])


def _every_latest(repo: Repository, indicator: str) -> pd.DataFrame:
    return repo.memo(("latest values", indicator), lambda: _latest(repo, indicator))


def _latest(repo: Repository, indicator: str) -> pd.DataFrame:
    """Every city's latest value of `indicator`: found once per build, because picking it out of
    all observations costs more than the rest of the map (a million rows at 5,000 cities)."""
    obs = repo.table("observations")
    rows = obs.loc[
        (obs["indicator_id"] == indicator) & obs["value"].notna(),
        ["city_id", "value", "year", "count", "flags", "source_id"],
    ]
    return rows.sort_values("year", kind="stable").drop_duplicates("city_id", keep="last")


def value_text(repo: Repository, latest: Latest) -> pd.Series:
    """'Homicide rate 2023: 12.4 per 100,000', flagged when it rests on few events, by city.
    The messages are translated once and filled in per city: this runs for every city on the map."""
    indicator = repo.indicator(latest.indicator)
    frame = latest.frame
    if indicator is None or frame.empty:
        return pd.Series(dtype="object")
    value = _("{label} {year}: {value:,.1f} {unit}")
    few = _("(only {count} events: unstable)")
    flagged = _("({flags})")
    texts = []
    label, unit = indicator.label, indicator.unit
    for number, year, count, flags in zip(
        frame["value"].tolist(),
        frame["year"].to_numpy(dtype="int64").tolist(),
        frame["count"].tolist(),
        frame["flags"].to_numpy(dtype=object),  # not tolist(): that reads Arrow value by value
    ):
        text = value.format(label=label, year=int(year), value=number, unit=unit)
        if not pd.isna(count) and count < FEW_EVENTS:
            text += " " + few.format(count=int(count))
        if isinstance(flags, str) and flags:
            text += " " + flagged.format(flags=flags.replace(";", ", "))
        texts.append(text)
    return pd.Series(texts, index=frame["city_id"].to_numpy())


FEW_EVENTS = 10  # rates from fewer events than this swing wildly from year to year


def _membership_text(repo: Repository, rows: pd.DataFrame) -> pd.Series:
    """Per city, one line per network: 'Peace in Our Cities: member and grantee, since 2021'.
    Whole columns at a time: thousands of cities make per-row Python (and the garbage collection
    its many small lists and dicts set off) the slowest part of the map page."""
    names = repo.table("networks")["name"]
    roles = {r: _(label).lower() for r, label in ROLES.items()}
    codes, periods = pd.MultiIndex.from_frame(rows[["joined", "left"]]).factorize()
    spans = np.array(
        [
            _("since {year}", year=int(joined))
            if pd.isna(left)
            else _("{start}–{end}", start=int(joined), end=int(left))
            for joined, left in periods
        ],
        dtype=object,
    )
    frame = pd.DataFrame(
        {
            "city": rows["city_id"].to_numpy(dtype=object),
            "network": rows["network_id"].map(names).to_numpy(dtype=object),
            "span": spans[codes] if len(rows) else np.array([], dtype=object),
            "role": rows["role"].map(roles).to_numpy(dtype=object),
        }
    ).drop_duplicates()
    joiner, line = _(" and "), _("{network}: {memberships}")
    spans_of = _joined(frame, ["city", "network", "span"], "role", joiner)
    spans_of["part"] = spans_of["role"] + ", " + spans_of["span"]
    lines = _joined(spans_of, ["city", "network"], "part", "; ")
    networks, parts = (lines[c].to_numpy(dtype=object) for c in ("network", "part"))
    lines["line"] = [line.format(network=n, memberships=m) for n, m in zip(networks, parts)]
    text = _joined(lines, ["city"], "line", "\n")  # plain text: figures make it "<br>"
    return pd.Series(text["line"].to_numpy(), index=text["city"].to_numpy(), dtype="object")


def _joined(frame: pd.DataFrame, keys: list[str], column: str, sep: str) -> pd.DataFrame:
    """One row per group of `keys` (in order of first appearance), its `column` the group's
    values joined with `sep` in order: a pass per rank within the group, not a call per group."""
    groups = frame.groupby(keys, sort=False)
    group = groups.ngroup().to_numpy()
    rank = groups.cumcount().to_numpy()
    values = frame[column].to_numpy(dtype=object)
    out = frame.loc[rank == 0, keys].reset_index(drop=True)
    joined = values[rank == 0].copy()
    for r in range(1, int(rank.max(initial=0)) + 1):
        at = rank == r
        joined[group[at]] = joined[group[at]] + sep + values[at]
    out[column] = joined
    return out


def _membership_texts(repo: Repository, rows: pd.DataFrame) -> pd.Series:
    """`_membership_text` of `rows`, each city's networks in the order of their ids and each
    network's memberships in the order joined (a city's text depends on its own rows only)."""
    return _membership_text(repo, rows.sort_values(["network_id", "joined"], kind="stable"))


@dataclass(frozen=True)
class Words:
    """A text per member city, as codes into its distinct texts: the texts of any rows (a
    city's name on each of its rings) are the codes taken, however long the texts."""

    codes: np.ndarray  # per member city, by position in `Coded.ids`
    kinds: pd.CategoricalDtype  # the distinct texts

    @staticmethod
    def of(texts: pd.Series) -> Words:
        codes, distinct = pd.factorize(texts.fillna(""))
        return Words(codes, pd.CategoricalDtype(pd.Index(distinct, dtype="str")))

    def at(self, cities: np.ndarray) -> pd.Categorical:
        return pd.Categorical.from_codes(self.codes[cities], dtype=self.kinds)

    def text(self, cities: np.ndarray) -> pd.Series:
        return _objects(self.kinds.categories.to_numpy(dtype=object)[self.codes[cities]])


def _objects(values: np.ndarray) -> pd.Series:
    """Python strings as they are (pandas would copy them into Arrow)."""
    return pd.Series(values, dtype=object, copy=False)


@dataclass(frozen=True)
class CityWords:
    """What the map says of every member city in one language: once per build and language."""

    name: Words
    country_name: Words
    memberships: Words  # in every network
    by_name: np.ndarray  # per member city: rank of `sort_key(name)`, the member list's order


def _city_words(repo: Repository) -> CityWords:
    def compute() -> CityWords:
        ids = _coded(repo).ids
        cities = repo.table("cities").reindex(ids)
        text = _membership_texts(repo, repo.table("memberships")).reindex(ids)
        keys = np.array([sort_key(name) for name in cities["name"].astype(str)], dtype=object)
        return CityWords(
            name=Words.of(cities["name"]),
            country_name=Words.of(cities["country_name"]),
            memberships=Words.of(text),
            by_name=np.unique(keys, return_inverse=True)[1] if len(keys) else keys,
        )

    return repo.memo(("map cities", current_language()), compute)


@dataclass(frozen=True)
class CityLatest:
    """Each member city's latest value of an indicator and its year, by position in
    `Coded.ids` (NaN and NA: none)."""

    value: np.ndarray
    year: pd.arrays.IntegerArray


def _city_latest(repo: Repository, indicator: str) -> CityLatest:
    def compute() -> CityLatest:
        latest = _every_latest(repo, indicator)
        at = pd.Index(latest["city_id"]).get_indexer(_coded(repo).ids)
        found = at >= 0

        def of(column: str) -> np.ndarray:
            values = latest[column].to_numpy(dtype="float64", na_value=np.nan)
            return np.where(found, values[at] if len(values) else np.nan, np.nan)

        return CityLatest(of("value"), _years_or(of("year")))

    return repo.memo(("map latest", indicator), compute)


def _value_texts(repo: Repository, indicator: str) -> Words:
    """`value_text` of each member city's latest value ('Homicide rate: no data' when it has
    none): once per build, indicator and language (a city's text depends on its value only)."""

    def compute() -> Words:
        texts = value_text(repo, Latest(indicator, _every_latest(repo, indicator)))
        no_data = _("{label}: no data", label=_label(repo, indicator))
        return Words.of(texts.reindex(_coded(repo).ids).fillna(no_data))

    return repo.memo(("value texts", indicator, current_language()), compute)


def _firsts(*columns: np.ndarray) -> np.ndarray:
    """Positions of the first row of each distinct combination of the (integer) columns, in
    order: `drop_duplicates` on numbers."""
    if not len(columns[0]):
        return np.empty(0, dtype=np.intp)
    key = np.zeros(len(columns[0]), dtype=np.int64)
    for column in columns:
        column = column - column.min()
        key = key * (int(column.max()) + 1) + column
    return np.sort(np.unique(key, return_index=True)[1])


def _years_or(values: np.ndarray) -> pd.arrays.IntegerArray:
    """Years from floats, NaN as missing."""
    missing = np.isnan(values)
    return pd.arrays.IntegerArray(np.where(missing, 0, values).astype("int64"), missing)


def _city_ids(coded: Coded, cities: np.ndarray) -> pd.Categorical:
    """City ids as their positions in `Coded.ids`: what the figures look up, count and group
    them by, without hashing strings."""
    return pd.Categorical.from_codes(cities, dtype=coded.id_type)


def map_points(repo: Repository, state: MapState) -> tuple[pd.DataFrame, pd.DataFrame]:
    """What the map draws over every year, so the browser can show any year without asking the
    server: markers (one per city and drawn network, or one per city when coloured by an
    indicator) with the years each is valid, and the periods in which each city is selected.

    A city appears in year Y when one of its periods covers Y; each of its rings when that
    network's membership covers Y. Computed on `Coded`'s numbers: see there why.
    """
    state = resolve(repo, state)
    coded = _coded(repo)
    selected = np.flatnonzero(_selected(repo, state))
    city, joined, left = coded.city[selected], coded.joined[selected], coded.left[selected]
    first = _firsts(city, joined, np.where(np.isnan(left), -1, left).astype("int64"))
    periods = pd.DataFrame(
        {
            "city_id": _city_ids(coded, city[first]),
            "start": pd.arrays.IntegerArray(joined[first], np.zeros(len(first), dtype=bool)),
            "end": _years_or(left[first]),
        }
    )
    shown = city[first][_firsts(city[first])]  # cities in order of first appearance
    at = np.full(len(coded.ids), -1)
    at[shown] = np.arange(len(shown))
    networks = repo.table("networks").index
    drawn = np.isin(np.arange(len(networks)), networks.get_indexer(shown_networks(repo, state)))
    indicator = repo.default_indicator() if state.colour == NETWORK_COLOUR else state.colour
    words = _city_words(repo)
    if drawn.all():
        memberships = words.memberships
        of_city = np.arange(len(coded.ids))
    else:  # a city's text names only the networks drawn
        everyone = repo.table("memberships")
        rows = everyone[(at[coded.city] >= 0) & drawn[coded.network]]
        memberships = Words.of(_membership_texts(repo, rows).reindex(coded.ids[shown]))
        of_city = at  # its text's place: the city's among those shown
    latest, value_texts = _city_latest(repo, indicator), _value_texts(repo, indicator)

    def of_cities(cities: np.ndarray) -> dict[str, Any]:
        """What a marker shows of its city, for markers of these cities."""
        return {
            "city": words.name.at(cities),
            "country_name": words.country_name.at(cities),
            "lat": coded.lat[cities],
            "lon": coded.lon[cities],
            "population": coded.population.array.take(cities),
            "memberships": memberships.at(of_city[cities]),
            "value": latest.value[cities],
            "value_text": value_texts.at(cities),
        }

    if state.colour != NETWORK_COLOUR:
        earliest = np.full(len(shown), np.iinfo(np.int64).max)
        np.minimum.at(earliest, at[city], joined)
        markers = {
            "city_id": _city_ids(coded, shown),
            "network_id": pd.Categorical.from_codes(np.zeros(len(shown), dtype=int), [""]),
            "start": pd.arrays.IntegerArray(earliest, np.zeros(len(shown), dtype=bool)),
            "end": _years_or(np.full(len(shown), np.nan)),
            **of_cities(shown),
        }
    else:
        rings = _rings(repo)
        kept = np.flatnonzero((at[rings.city] >= 0) & drawn[rings.network])
        markers = {
            "city_id": _city_ids(coded, rings.city[kept]),
            "network_id": pd.Categorical.from_codes(rings.network[kept], networks),
            "start": pd.arrays.IntegerArray(rings.start[kept], np.zeros(len(kept), dtype=bool)),
            "end": _years_or(rings.end[kept]),
            **of_cities(rings.city[kept]),
        }
    return pd.DataFrame(markers), periods  # in the order of MARKER_COLUMNS


MARKER_COLUMNS = [
    "city_id",
    "network_id",
    "start",
    "end",
    "city",
    "country_name",
    "lat",
    "lon",
    "population",
    "memberships",
    "value",
    "value_text",
]


@dataclass(frozen=True)
class Rings:
    """Every city's ring per network over all years (from its first joining to its last
    leaving, open while any membership is), in the order the map stacks them: by network as in
    the networks table, then city id. Once per build: a view's rings are a selection of these."""

    city: np.ndarray  # position in `Coded.ids`
    network: np.ndarray  # position in the networks table
    start: np.ndarray  # int64
    end: np.ndarray  # float64, NaN while open


def _rings(repo: Repository) -> Rings:
    def compute() -> Rings:
        coded = _coded(repo)
        count = len(coded.ids)
        pairs, of = np.unique(coded.network * count + coded.city, return_inverse=True)
        start = np.full(len(pairs), np.iinfo(np.int64).max)
        np.minimum.at(start, of, coded.joined)
        end = np.full(len(pairs), -np.inf)
        np.maximum.at(end, of, np.where(np.isnan(coded.left), np.inf, coded.left))
        end[np.isinf(end)] = np.nan  # one of its memberships lasts
        network, city = np.divmod(pairs, count)
        order = np.lexsort((coded.by_id[city], network))
        return Rings(city[order], network[order], start[order], end[order])

    return repo.memo(("map rings",), compute)


def _label(repo: Repository, indicator: str) -> str:
    found = repo.indicator(indicator)
    return found.label if found else indicator


def points(repo: Repository, state: MapState) -> pd.DataFrame:
    """One row per city on the map in the chosen year: `/data/map.csv`. A city's memberships
    are listed in the member list's order."""
    state = resolve(repo, state)
    coded = _coded(repo)
    at = _member_rows(repo, state)
    if not len(at):
        return pd.DataFrame(columns=POINT_COLUMNS)
    city = coded.city[at]
    again = np.r_[False, city[1:] == city[:-1]]  # the member list keeps a city's rows together
    starts = np.flatnonzero(~again)
    cities = city[starts]
    # each city's networks, as the sorted ids of each distinct set of them
    ids = repo.table("networks").index.to_numpy(dtype=object)
    member = np.zeros((len(starts), len(ids)), dtype=bool)
    member[np.cumsum(~again) - 1, coded.network[at]] = True
    kinds, kind = np.unique(member, axis=0, return_inverse=True)
    kind = kind.ravel()
    alphabetical = np.argsort(ids, kind="stable")
    network_ids = np.array([",".join(ids[alphabetical][k[alphabetical]]) for k in kinds])
    text = _described(repo, coded, at)
    text[again] = "; " + text[again]
    rows = repo.table("memberships")
    simulated = rows["simulated"].to_numpy(dtype=bool)
    indicator = repo.default_indicator() if state.colour == NETWORK_COLOUR else state.colour
    latest = _city_latest(repo, indicator)
    by_id = np.argsort(coded.by_id[cities])  # the CSV's order
    cities, kind = cities[by_id], kind[by_id]
    table = repo.table("cities")
    place = table.index.get_indexer(coded.ids[cities])

    def of_city(column: str) -> pd.api.extensions.ExtensionArray:
        return table[column].array.take(place)

    return pd.DataFrame(
        {
            "city_id": of_city("city_id"),
            "city": of_city("name"),
            "country": of_city("country"),
            "country_name": of_city("country_name"),
            "region": of_city("region"),
            "lat": of_city("lat"),
            "lon": of_city("lon"),
            "population": of_city("population"),
            "networks": kinds.sum(axis=1)[kind],
            "network_ids": network_ids.astype(object)[kind],
            "memberships": np.add.reduceat(text, starts)[by_id],
            "indicator": np.full(len(cities), indicator, dtype=object),
            "value": latest.value[cities],
            "value_year": latest.year[cities],
            "simulated": np.logical_or.reduceat(simulated[at], starts)[by_id],
            "source_id": rows["source_id"].array.take(at[starts][by_id]),
        }
    )


def _described(repo: Repository, coded: Coded, at: np.ndarray) -> np.ndarray:
    """'Peace in Our Cities (Member, 2021)' for each membership at `at`: written once per
    distinct network, role and year."""
    names = repo.table("networks")["name"].to_numpy(dtype=object)
    roles = [_(label) for label in ROLES.values()]
    joined = coded.joined[at]
    first = joined.min(initial=0)
    span = int(joined.max(initial=0)) - int(first) + 1
    key = (coded.network[at] * len(roles) + coded.role[at]) * span + (joined - first)
    keys, of = np.unique(key, return_inverse=True)
    texts = [
        f"{names[k // span // len(roles)]} ({roles[k // span % len(roles)]}, {k % span + first})"
        for k in keys.tolist()
    ]
    return np.array(texts, dtype=object)[of.ravel()] if len(at) else np.array([], dtype=object)


def members_per_year(repo: Repository, state: MapState) -> pd.DataFrame:
    """Cities counted per network in each year of the slider, under the filters but the year."""
    state = resolve(repo, state)
    coded = _coded(repo)
    selected = _selected(repo, state)
    span = years(repo)
    networks = repo.table("networks")
    shown = np.arange(span.first, span.last + 1)
    width = len(shown) + 1
    # A membership counts from the year joined until the year left (as `active`). A city counts
    # once per network and year, whatever its roles: a city with one membership in a network
    # adds one from its first year to its last (a running sum of starts and ends), the few with
    # several have their years or-ed together first.
    alone = np.flatnonzero(selected & ~coded.several)
    network = coded.network[alone]
    first = np.clip(coded.joined[alone] - span.first, 0, len(shown))
    left = coded.left[alone]
    last = np.clip(np.where(np.isnan(left), len(shown), left - span.first), 0, len(shown))
    counts = _counts(network * width + first, first < last, len(networks) * width)
    counts -= _counts(network * width + last.astype("int64"), first < last, len(counts))
    members = counts.reshape(len(networks), width).cumsum(axis=1)[:, :-1]
    several = np.flatnonzero(selected & coded.several)
    if len(several):
        pair = coded.network[several] * len(coded.ids) + coded.city[several]
        several = several[np.argsort(pair, kind="stable")]
        starts = np.flatnonzero(np.r_[True, np.diff(np.sort(pair)) != 0])
        left = np.where(np.isnan(coded.left[several]), np.inf, coded.left[several])
        counted_in = (coded.joined[several, None] <= shown) & (left[:, None] > shown)
        pairs = np.logical_or.reduceat(counted_in, starts, axis=0)
        np.add.at(members, coded.network[several][starts], pairs.astype("int64"))
    present = np.unique(coded.network[selected])
    ids = networks.index.to_numpy(dtype=object)[present]
    return pd.DataFrame(
        {
            "year": np.repeat(shown, len(ids)),
            "network_id": np.tile(ids, len(shown)),
            "network": np.tile(networks["name"].to_numpy(dtype=object)[present], len(shown)),
            "members": members[present].T.ravel(),
        }
    )


def _counts(at: np.ndarray, where: np.ndarray, size: int) -> np.ndarray:
    return np.bincount(at[where], minlength=size)


def overlap(repo: Repository, state: MapState, rows: pd.DataFrame | None = None) -> pd.DataFrame:
    """For the cities shown: how many belong to both of each pair of networks in the year
    (the diagonal: to that network). Long form: network_a, network_b, cities, names.
    `rows` is `memberships(repo, state)` when the caller already has it."""
    state = resolve(repo, state)
    rows = memberships(repo, state) if rows is None else rows
    current = _current(repo, state, rows)
    sets = current.groupby("network_id")["city_id"].agg(set)
    ids = [n for n in repo.table("networks").index if n in sets.index]
    names = _city_names(repo)
    out = []
    for a in ids:
        for b in ids:
            both = sorted((names[c] for c in sets[a] & sets[b]), key=sort_key)
            out.append(
                {"network_a": a, "network_b": b, "cities": len(both), "names": ", ".join(both)}
            )
    return pd.DataFrame(out, columns=["network_a", "network_b", "cities", "names"])


def _current(repo: Repository, state: MapState, rows: pd.DataFrame) -> pd.DataFrame:
    """Every membership, in any network, counting in the year for the cities in `rows`."""
    everyone = repo.table("memberships")
    year = year_of(repo, state)
    cities = pd.Index(rows["city_id"].unique())
    return everyone[active(everyone, year) & among(everyone["city_id"], cities)]


def _city_names(repo: Repository) -> dict[str, str]:
    cities = repo.table("cities")
    return dict(zip(cities["city_id"], cities["name"].astype(str)))


def composition(
    repo: Repository, rows: pd.DataFrame, by: Literal["region", "role"]
) -> pd.DataFrame:
    """Member list counted per network and region (distinct cities) or role (memberships), in
    the order of the networks table, like every other chart of networks."""
    if rows.empty:
        return pd.DataFrame(columns=["network_id", "network", by, "count"])
    if by == "region":
        counted = rows.groupby(["network_id", "network", "region"])["city_id"].nunique()
    else:
        counted = rows.groupby(["network_id", "network", "role"])["city_id"].size()
    frame = counted.rename("count").reset_index()
    order = {n: i for i, n in enumerate(repo.table("networks").index)}
    return frame.sort_values("network_id", key=lambda ids: ids.map(order), kind="stable")


def network_facts(repo: Repository, rows: pd.DataFrame) -> pd.DataFrame:
    """Every network with its founding year, secretariat, source, and members shown."""
    networks = repo.table("networks")
    shown = rows.groupby("network_id")["city_id"].nunique()
    sources = repo.table("sources")
    return pd.DataFrame(
        {
            "network_id": networks.index,
            "network": networks["name"].to_numpy(),
            "founded": networks["founded"].to_numpy(),
            "secretariat": networks["secretariat"].to_numpy(),
            "url": networks["url"].to_numpy(),
            "members": [int(shown.get(n, 0)) for n in networks.index],
            "source": _source_labels(repo, networks["source_id"]).to_numpy(),
            "source_url": networks["source_id"].map(sources["url"]).to_numpy(),
        }
    )


def region_label(region: str) -> str:
    return _(REGIONS[region]) if region in REGIONS else region


def role_options() -> list[dict[str, str]]:
    return [{"label": _(label), "value": role} for role, label in ROLES.items()]


def region_options() -> list[dict[str, str]]:
    return [
        {"label": _("The whole world"), "value": ""},
        *({"label": _(label), "value": key} for key, label in REGIONS.items()),
    ]


def colour_options(repo: Repository) -> list[dict[str, str]]:
    indicators = repo.table("indicators")
    return [
        {"label": _("Network"), "value": NETWORK_COLOUR},
        *(
            {"label": _("Latest {label}", label=label), "value": i}
            for i, label in zip(indicators.index, indicators["label"])
        ),
    ]


def map_sources(repo: Repository, state: MapState) -> list[str]:
    """Sources of everything the map can show: memberships of every year, and the indicator
    values it is coloured by."""
    state = resolve(repo, state)
    ids = history_sources(repo, state)
    if state.colour != NETWORK_COLOUR:
        coded = _coded(repo)
        cities = pd.Index(coded.ids[np.unique(coded.city[_selected(repo, state)])])
        ids += list(latest_values(repo, state.colour, cities).frame["source_id"].unique())
    return ids


def also_members(
    repo: Repository, state: MapState, rows: pd.DataFrame | None = None
) -> dict[str, list[str]]:
    """For each network compared with (`also`): the names of the cities shown in the year that
    also belong to it then. Answers 'which of them are also in the Strong Cities Network'."""
    state = resolve(repo, state)
    rows = memberships(repo, state) if rows is None else rows
    current = _current(repo, state, rows)
    names = _city_names(repo)
    out = {}
    for network in state.also:
        ids = current.loc[current["network_id"] == network, "city_id"].unique()
        out[network] = sorted((names[c] for c in ids), key=sort_key)
    return out


def sort_key(text: str) -> str:
    """Alphabetical order as people expect it: 'Álpha' with the a's, not after the z's."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()
