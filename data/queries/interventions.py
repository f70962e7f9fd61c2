"""Interventions: what ran where and when, with whom, paid by whom.

One state drives the timeline, the good-practice library, the summary and the CSV, so the same
filters and search give the same rows everywhere: `listing()` is the rows the page lists, in the
order it lists them, and `/data/interventions.csv` with the same query string returns exactly
those rows.
"""

from __future__ import annotations

import itertools
import math
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Literal

import numpy as np
import pandas as pd

from data.geo import REGIONS
from data.i18n import DEFAULT_LANGUAGE, _, current_language, language
from data.repository import Repository
from data.schema import STATUSES, THEMES
from data.state import NO_SEARCH, SearchText, ViewState, param

Tab = Literal["timeline", "library", "summary"]
Group = Literal["city", "theme", "funder", "network"]
Sort = Literal["relevance", "newest", "oldest", "title", "city"]

TIMELINE_PAGE = 40  # rows per page of the timeline: 40 rows of 26 px stay on two screens
LIBRARY_PAGE = 24  # cards per page of the library (a multiple of 1, 2 and 3 columns)
NOT_STATED = "not-stated"  # the funder filter's value for records without a funder
NO_NETWORK = "none"  # the network filter's value for records outside any network programme

# The filters that are facets: each shows how many rows each of its values would give.
FACETS = ("themes", "statuses", "regions", "networks", "funders", "cities")
# Facets picked by typing in a search box: they offer the chosen values and the first matches.
SEARCHED = ("funders", "cities")
FACET_CHOICES = 100
PAGE_CHOICES = 30  # pages the page picker lists at most (see page_choices)

COLUMNS = [
    "intervention_id",
    "city_id",
    "city",
    "country",
    "country_name",
    "region",
    "title",
    "theme",
    "start",
    "end",
    "open_end",
    "status",
    "recorded_status",
    "lead_organisation",
    "partners",
    "funder",
    "network_id",
    "network",
    "budget",
    "currency",
    "description",
    "outcomes",
    "link",
    "source",
    "simulated",
    "source_id",
    "start_precision",
    "end_precision",
    "funder_id",
    "group",
]
# Working columns the CSV leaves out (the chart's row label, the URL value of the funder).
INTERNAL = ["country_name", "source_id", "start_precision", "end_precision", "funder_id", "group"]


@dataclass(frozen=True)
class InterventionsState(ViewState):
    view = "interventions"
    tab: Tab = "timeline"
    q: SearchText = NO_SEARCH
    themes: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    networks: tuple[str, ...] = ()
    funders: tuple[str, ...] = ()
    cities: tuple[str, ...] = ()
    start: int | None = param(None, name="from")
    end: int | None = param(None, name="to")
    group: Group = "city"
    sort: Sort = "relevance"
    page: int = 1
    intervention: str = ""  # the one intervention whose detail is open
    indicator: str = ""  # the detail's before/after indicator ('' = the default indicator)
    compare: bool = False  # the detail's comparison with cities without that theme's work

    @property
    def filtered(self) -> bool:
        return bool(
            self.q
            or any(getattr(self, f) for f in FACETS)
            or self.start is not None
            or self.end is not None
        )

    def cleared(self) -> InterventionsState:
        """The same view with every filter and the search removed."""
        return InterventionsState(tab=self.tab, group=self.group, sort=self.sort)


@dataclass(frozen=True)
class Page:
    rows: pd.DataFrame
    number: int
    pages: int
    size: int

    @property
    def first(self) -> int:
        """1-based position of the first row on this page (0 when there is none)."""
        return 0 if self.rows.empty else (self.number - 1) * self.size + 1

    @property
    def last(self) -> int:
        return self.first + len(self.rows) - 1 if len(self.rows) else 0


@lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Lower case without accents, so that 'medellin' finds Medellín and 'securite' sécurité.
    Cached: every search folds every record's text, and the records rarely change. ASCII text
    has nothing to decompose: casefolding it is the same, ten times faster."""
    if text.isascii():
        return text.casefold()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def slug(text: str) -> str:
    """A funder's name as a URL value: 'Peace Incentive Fund (Impact:Peace)' ->
    'peace-incentive-fund-impact-peace'. Free-text names would not survive a query string."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-") or NOT_STATED


def search_terms(query: str) -> list[str]:
    return re.findall(r"\w+", fold(query))


def records(repo: Repository, today: date | None = None) -> pd.DataFrame:
    """Every intervention with its city, region, network and the end a timeline draws:
    ongoing ones run to `today` (`open_end` set), planned ones without an end to their start.
    Kept with the build, one per day: every view of the interventions (and the city and trends
    pages) starts from it, and joining 20,000 rows to their cities cost 0.1 s a request."""
    day = today or date.today()
    key = ("intervention records", day, current_language())  # country names are in it
    if current_language() == DEFAULT_LANGUAGE:
        return repo.memo(key, lambda: _records(repo, day))
    return repo.memo(key, lambda: _in_language(repo, day))


def _in_language(repo: Repository, day: date) -> pd.DataFrame:
    """The records with the country names in the current language, every other column shared
    with the default language's frame (a worker held one copy of them per language)."""
    with language(DEFAULT_LANGUAGE):
        frame = records(repo, day)
    return frame.assign(country_name=frame["city_id"].map(repo.table("cities")["country_name"]))


def phase(start: pd.Series, end: pd.Series, recorded: pd.Series, today: date) -> pd.Series:
    """Planned, ongoing or completed on `today`: the one definition every view counts by
    (docs/data-format.md, "Interventions: planned, ongoing, completed").

    Dates win over a recorded status that has gone stale: a last day before today is
    completed, a first day after today is planned, whatever the record says. Between the two
    the record decides (a record may say 'completed' before its planned end, or 'planned' for
    work whose start date passed without it starting). So an end date in the past is never
    ongoing."""
    day = pd.Timestamp(today)
    ended = end.notna() & (end < day)
    out = recorded.astype(str).where(~(start > day), "planned")
    return out.where(~ended, "completed")


def _records(repo: Repository, today: date) -> pd.DataFrame:
    today_ts = pd.Timestamp(today)
    rows = repo.table("interventions")
    cities = repo.table("cities")
    networks = repo.table("networks")
    status = phase(rows["start"], rows["end"], rows["status"], today)
    # drawn to today with a hatched end: running with no end date
    open_end = rows["end"].isna() & (status == "ongoing")
    drawn_end = rows["start"].where(~open_end, today_ts)  # no end date and not running: a point
    funder = rows["funder"].where(rows["funder"].notna() & (rows["funder"] != ""), None)
    frame = rows.assign(
        city=rows["city_id"].map(cities["name"]),
        country=rows["city_id"].map(cities["country"]),
        country_name=rows["city_id"].map(cities["country_name"]),
        region=rows["city_id"].map(cities["region"]),
        end=rows["end"].where(rows["end"].notna(), drawn_end),
        open_end=open_end,
        status=status,
        recorded_status=rows["status"],
        funder=funder,
        funder_id=funder.map({f: slug(f) for f in funder.dropna().unique()}).fillna(NOT_STATED),
        network=rows["network_id"].map(networks["name"]),
        source=rows["source_id"].map(repo.table("sources")["title"]),
        group="",
    )
    return frame[COLUMNS].reset_index(drop=True)


@dataclass(frozen=True)
class Haystacks:
    """The records' folded text, aligned with `records()`: the title alone (weighs more in the
    library's ranking), and everything a reader sees on a card."""

    title: pd.Series
    everything: pd.Series


def haystacks(repo: Repository, today: date | None = None) -> Haystacks:
    """Folded once per build and language (theme names are searched as shown): folding 20,000
    descriptions took longer than the rest of a search."""
    day = today or date.today()
    key = ("intervention search text", day, current_language())
    return repo.memo(key, lambda: _haystacks(records(repo, day)))


def _haystacks(frame: pd.DataFrame) -> Haystacks:
    theme = frame["theme"].map(_theme_names(frame["theme"]))
    fields = [
        "title",
        "description",
        "outcomes",
        "lead_organisation",
        "partners",
        "funder",
        "city",
        "network",
    ]
    everything = theme.fillna("")
    for field in fields:
        everything = everything + " " + frame[field].fillna("").astype(str)
    return Haystacks(frame["title"].map(fold), everything.map(fold))


def _theme_names(themes: pd.Series) -> dict[str, str]:
    """Each theme's name in the page's language: translated once per theme, not once per row."""
    return {t: _(THEMES.get(t, t)) for t in themes.dropna().unique()}


def _facet_columns(frame: pd.DataFrame) -> dict[str, pd.Series]:
    """The column each facet filters, with the URL values its choices use."""
    return {facet: _facet_column(frame, facet) for facet in FACETS}


def _facet_column(frame: pd.DataFrame, facet: str) -> pd.Series:
    if facet == "networks":
        return frame["network_id"].fillna(NO_NETWORK)
    column = {"themes": "theme", "statuses": "status", "regions": "region", "funders": "funder_id"}
    return frame[column.get(facet, "city_id")]


def _mask(
    frame: pd.DataFrame,
    state: InterventionsState,
    skip: str = "",
    text: pd.Series | None = None,
) -> pd.Series:
    """Rows the state keeps; `skip` leaves one facet out (to count that facet's values);
    `text` is the folded text to search (`haystacks().everything`, any rows: it is aligned)."""
    keep = pd.Series(True, index=frame.index)
    for facet in FACETS:
        chosen = getattr(state, facet)
        if chosen and facet != skip:
            keep &= _facet_column(frame, facet).isin(chosen)
    if state.start is not None:
        keep &= frame["end"].dt.year >= state.start
    if state.end is not None:
        keep &= frame["start"].dt.year <= state.end
    terms = search_terms(state.q)
    if terms:
        everything = _haystacks(frame).everything if text is None else text.reindex(frame.index)
        for term in terms:
            keep &= everything.str.contains(term, regex=False)
    return keep


def _relevance(frame: pd.DataFrame, terms: list[str], text: Haystacks) -> pd.Series:
    title, everything = text.title.reindex(frame.index), text.everything.reindex(frame.index)
    score = pd.Series(0, index=frame.index)
    for term in terms:
        score += 3 * title.str.contains(term, regex=False) + everything.str.count(re.escape(term))
    return score


def _folded(values: pd.Series, known: dict[str, str] | None = None) -> pd.Series:
    """`fold` of each value, folding each distinct value once (5,000 cities, 20,000 rows), or
    taking it from `known` (`folds()`)."""
    known = known or {}
    codes, distinct = pd.factorize(values.to_numpy(dtype=object))
    folded = [known[v] if v in known else fold(v) for v in distinct.tolist()]
    found = np.array([*folded, np.nan], dtype=object)  # code -1 (no value): the last, NaN
    return pd.Series(found[codes], index=values.index, dtype=object)


def folds(repo: Repository, today: date | None = None) -> dict[str, str]:
    """The records' cities, titles, funders and networks folded once per build and language:
    folding 5,000 city names cost more than the rest of a timeline."""
    day = today or date.today()

    def compute() -> dict[str, str]:
        frame = records(repo, day)
        columns = ("city", "title", "funder", "network")
        distinct = pd.unique(pd.concat([frame[c] for c in columns]).dropna().to_numpy(object))
        return {str(v): fold(str(v)) for v in distinct}

    return repo.memo(("intervention folds", day, current_language()), compute)


def _group_labels(
    frame: pd.DataFrame, group: Group, known: dict[str, str] | None = None
) -> tuple[pd.Series, pd.Series]:
    """Row group labels and a key that sorts them, with 'not stated' groups last."""
    labels = _group_names(frame[group], group)
    if group == "city":
        return labels, _folded(frame["city"], known)
    if group == "theme":
        return labels, _folded(labels).where(frame["theme"] != "unspecified", "\uffff")
    column = "funder" if group == "funder" else "network"
    return labels, _folded(frame[column], known).fillna("\uffff")


def _group_names(values: pd.Series, group: Group) -> pd.Series:
    """Row group labels from the records' column of that name (`values`): the city, the theme's
    name, the funder or the network (or that none is stated)."""
    if group == "city":
        return values
    if group == "theme":
        return values.map(_theme_names(values))
    if group == "funder":
        return values.fillna(_("Funder not stated"))
    return values.fillna(_("No network programme"))


def listing(repo: Repository, state: InterventionsState, today: date | None = None) -> pd.DataFrame:
    """The interventions the page lists, in its order: the timeline's by group then start, the
    library's by the chosen sort. With a detail open, that one intervention."""
    return at(repo, listed(repo, state, today), state.group, today=today)


# What `listed` reads: the facets' columns, the dates, and what the library sorts by.
LISTED = [
    "intervention_id", "city_id", "city", "title", "theme", "status", "region", "network_id",
    "funder_id", "start", "end",
]  # fmt: skip


def listed(repo: Repository, state: InterventionsState, today: date | None = None) -> np.ndarray:
    """Where the rows `listing()` lists lie in `records()`, in its order: a page takes the
    columns it shows of its few dozen rows only (`page_at`), and its counts the few columns they
    read (`at`); taking 30 columns of 20,000 rows cost most of a timeline answer."""
    frame = records(repo, today)
    timeline = not state.intervention and state.tab != "library"
    if state.cities:
        chosen = city_positions(repo, state.cities, today)
        if timeline and not _filtered_but(state, "cities"):  # the city page's listing
            return _in_order(repo, state.group, chosen, today)
        # the columns the filters and sorts read, of the chosen cities' rows
        frame = frame[LISTED].take(chosen)
    if state.intervention:
        return frame.index[(frame["intervention_id"] == state.intervention).to_numpy()].to_numpy()
    terms = search_terms(state.q)
    text = haystacks(repo, today) if terms else None
    keep = _mask(frame, state, text=None if text is None else text.everything)
    if timeline:
        return _in_order(repo, state.group, frame.index[keep.to_numpy()].to_numpy(), today)
    frame = frame[keep]
    frame = frame.assign(_start=-frame["start"].astype("int64"))
    if state.sort == "relevance" and text is not None:
        frame = frame.assign(_score=-_relevance(frame, terms, text))
        order = ["_score", "_start", "intervention_id"]
    elif state.sort in ("title", "city"):
        frame = frame.assign(_text=_folded(frame[state.sort], folds(repo, today)))
        order = ["_text", "start", "intervention_id"]
    elif state.sort == "oldest":
        order = ["start", "intervention_id"]
    else:  # newest first, also for 'relevance' without a search
        order = ["_start", "intervention_id"]
    return frame.sort_values(order, kind="stable").index.to_numpy()


def at(
    repo: Repository,
    positions: np.ndarray,
    group: Group = "city",
    columns: Iterable[str] = COLUMNS,
    today: date | None = None,
) -> pd.DataFrame:
    """`columns` of the records at `positions` (from `listed`), in that order, with the `group`
    label of each row when `columns` asks for it."""
    columns = list(columns)
    frame = records(repo, today)
    taken = (frame if columns == COLUMNS else frame[columns]).take(positions)
    if "group" in columns:
        taken["group"] = _group_names(frame[group].take(positions), group)
    taken.index = pd.RangeIndex(len(taken))
    return taken


def _in_order(
    repo: Repository, group: Group, positions: np.ndarray, today: date | None
) -> np.ndarray:
    """`positions` of `records()` in the timeline's order."""
    order = _timeline_order(repo, group, today)
    kept = np.zeros(len(order), dtype=bool)
    kept[positions] = True
    return order[kept[order]]


def _timeline_order(repo: Repository, group: Group, today: date | None) -> np.ndarray:
    """Positions of `records()` in the timeline's order when grouped by `group` (group, start,
    id: a total order, so the rows any filter keeps are in it as sorting them would put them),
    once per build, day and language: sorting 20,000 rows of 30 columns per answer cost more
    than drawing them."""
    day = today or date.today()

    def compute() -> np.ndarray:
        frame = records(repo, day)
        _labels, key = _group_labels(frame, group, folds(repo, day))
        keys = pd.DataFrame({"_key": key, "start": frame["start"], "id": frame["intervention_id"]})
        return keys.sort_values(["_key", "start", "id"], kind="stable").index.to_numpy()

    return repo.memo(("intervention timeline order", day, current_language(), group), compute)


def city_positions(repo: Repository, cities: tuple[str, ...], today: date | None) -> np.ndarray:
    """Where the rows of `cities` lie in `records()`, ascending."""
    day = today or date.today()
    rows = repo.memo(
        ("intervention rows by city", day),
        lambda: records(repo, day).groupby("city_id", sort=False, observed=True).indices,
    )
    found = [rows[c] for c in dict.fromkeys(cities) if c in rows]
    return np.sort(np.concatenate(found)) if found else np.empty(0, dtype=np.intp)


def csv_frame(repo: Repository, state: InterventionsState) -> pd.DataFrame:
    """The CSV rows: the listing, with an end that was not recorded left empty rather than
    dated today; `status` is the phase on today (see `phase`), `recorded_status` the record's."""
    shown = [c for c in COLUMNS if c not in INTERNAL]
    frame = at(repo, listed(repo, state), columns=[*shown, "end_precision"])
    return frame.assign(end=frame["end"].where(frame["end_precision"].notna()))[shown]


def page_at(
    repo: Repository,
    positions: np.ndarray,
    number: int,
    size: int,
    group: Group = "city",
    columns: Iterable[str] = COLUMNS,
    today: date | None = None,
) -> Page:
    """One page of the listing whose positions `listed` gave, with `columns` of its rows only;
    a page number past the end shows the last page."""
    pages = max(1, math.ceil(len(positions) / size))
    number = min(max(1, number), pages)
    first = (number - 1) * size
    rows = at(repo, positions[first : first + size], group, columns, today)
    rows.index = pd.RangeIndex(first, first + len(rows))  # row numbers in the listing
    return Page(rows, number, pages, size)


def page_size(state: InterventionsState) -> int:
    return LIBRARY_PAGE if state.tab == "library" else TIMELINE_PAGE


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int  # rows this value gives with every other filter as it is


def facets(
    repo: Repository,
    state: InterventionsState,
    today: date | None = None,
    *,
    names: Iterable[str] = FACETS,
    typed: str = "",
) -> dict[str, list[FacetValue]]:
    """For each facet in `names`, the values to offer and how many rows choosing each would give.
    A facet found by typing (SEARCHED) offers the values chosen, then the first FACET_CHOICES
    whose label holds `typed` (accents and case aside): a picker handed all of 5,000 cities spent
    a second indexing them in the browser. The others offer every value the data has."""
    day = today or date.today()
    frame = records(repo, day)
    labels = facet_labels(repo, day)
    text = haystacks(repo, day).everything if search_terms(state.q) else None
    out: dict[str, list[FacetValue]] = {}
    for facet in names:
        offered = labels[facet]
        if facet in SEARCHED:
            offered = _matching(offered, getattr(state, facet), typed)
        if _filtered_but(state, facet):
            column = _facet_column(frame, facet)
            counts = column[_mask(frame, state, skip=facet, text=text)].value_counts()
        else:  # every record counts: the same for every visitor of the day
            counts = repo.memo(
                ("intervention facet counts", day, facet),
                lambda facet=facet: _facet_column(frame, facet).value_counts(),
            )
        counts = counts.reindex(offered.index, fill_value=0)
        out[facet] = [
            FacetValue(str(v), str(label), int(n))
            for v, label, n in zip(offered.index, offered["label"], counts)
        ]
    return out


def _filtered_but(state: InterventionsState, facet: str) -> bool:
    """Whether anything but `facet` filters the records."""
    return bool(
        search_terms(state.q)
        or state.start is not None
        or state.end is not None
        or any(getattr(state, f) for f in FACETS if f != facet)
    )


def _matching(offered: pd.DataFrame, chosen: Iterable[str], typed: str) -> pd.DataFrame:
    """The values chosen (those the data has), then the first FACET_CHOICES others whose
    folded label holds the folded `typed`, in the facet's order."""
    wanted = [v for v in dict.fromkeys(chosen) if v in offered.index]
    others = offered[~offered.index.isin(wanted)]
    needle = fold(typed.strip())
    if needle:
        others = others[others["folded"].str.contains(needle, regex=False)]
    return pd.concat([offered.loc[wanted], others.head(FACET_CHOICES)])


def facet_labels(repo: Repository, today: date | None = None) -> dict[str, pd.DataFrame]:
    """Every value each facet has in the data, in the order it is offered, with its label and
    the label folded for typing: per build and language (0.6 s for 5,000 cities per request)."""
    day = today or date.today()
    key = ("intervention facet labels", day, current_language())
    return repo.memo(key, lambda: _facet_labels(repo, records(repo, day)))


def _facet_labels(repo: Repository, frame: pd.DataFrame) -> dict[str, pd.DataFrame]:
    cities = repo.table("cities")
    networks = repo.table("networks")
    columns = _facet_columns(frame)
    out: dict[str, pd.DataFrame] = {}
    for facet, column in columns.items():
        present = column.dropna().unique().tolist()
        last: set[str] = set()  # values that sort after the named ones ("not stated")
        if facet == "themes":
            labels = {t: _(label) for t, label in THEMES.items()}
            present = [t for t in THEMES if t in set(present)]
        elif facet == "statuses":
            labels = {s: _(label) for s, label in STATUSES.items()}
            present = [s for s in STATUSES if s in set(present)]
        elif facet == "regions":
            labels = {r: _(label) for r, label in REGIONS.items()}
        elif facet == "networks":
            labels = {str(n): str(name) for n, name in zip(networks.index, networks["name"])}
            labels[NO_NETWORK] = _("No network programme")
            last = {NO_NETWORK}
        elif facet == "funders":
            named = frame.drop_duplicates("funder_id", keep="last")
            labels = dict(zip(named["funder_id"], named["funder"].fillna(_("Funder not stated"))))
            last = {NOT_STATED}
        else:
            found = cities.reindex(present)
            labels = {
                c: _("{city}, {country}", city=name, country=country)
                for c, name, country in zip(present, found["name"], found["country_name"])
            }
        table = pd.DataFrame(
            {"label": [str(labels.get(v, v)) for v in present]}, index=pd.Index(present, dtype=str)
        )
        table = table.assign(folded=table["label"].map(fold), _last=table.index.isin(last))
        if facet not in ("themes", "statuses"):
            table = table.sort_values(["_last", "folded"], kind="stable")
        out[facet] = table.drop(columns="_last")
    return out


def page_choices(number: int, pages: int, most: int = PAGE_CHOICES) -> list[int]:
    """The pages the page picker offers: every page up to `most`; beyond, the first and the
    last, the ten around this one and round numbers between (every 10th, 20th, 50th, ...): 500
    pages as 500 options cost the browser more than the chart on the page. Previous and next
    still step through every page."""
    if pages <= most:
        return list(range(1, pages + 1))
    step = next(
        s
        for k in itertools.count()
        for s in (10**k, 2 * 10**k, 5 * 10**k)
        if pages / s <= most // 2
    )
    near = range(max(1, number - 5), min(pages, number + 5) + 1)
    return sorted({1, pages, *near, *range(step, pages + 1, step)})


def find(repo: Repository, intervention_id: str, today: date | None = None) -> pd.Series | None:
    """One intervention's record, or None when the id is unknown."""
    frame = records(repo, today)
    rows = frame[frame["intervention_id"] == intervention_id]
    return None if rows.empty else rows.iloc[0]


def others_nearby(
    repo: Repository, record: pd.Series, first: int, last: int, today: date | None = None
) -> pd.DataFrame:
    """Other interventions in the same city that overlap the years `first`..`last`: things that
    changed besides this one, which a before/after comparison cannot separate from it."""
    frame = records(repo, today)
    same = frame[
        (frame["city_id"] == record["city_id"])
        & (frame["intervention_id"] != record["intervention_id"])
        & (frame["start"].dt.year <= last)
        & (frame["end"].dt.year >= first)
    ]
    return same.sort_values("start")
