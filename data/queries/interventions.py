"""Interventions: what ran where and when, with whom, paid by whom.

One state drives the timeline, the good-practice library, the summary and the CSV, so the same
filters and search give the same rows everywhere: `listing()` is the rows the page lists, in the
order it lists them, and `/data/interventions.csv` with the same query string returns exactly
those rows.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Literal

import pandas as pd

from data.geo import REGIONS
from data.i18n import _
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
    Cached: every search folds every record's text, and the records rarely change."""
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
    ongoing ones run to `today` (`open_end` set), planned ones without an end to their start."""
    today_ts = pd.Timestamp(today or date.today())
    rows = repo.table("interventions")
    cities = repo.table("cities")
    networks = repo.table("networks")
    open_end = rows["end"].isna()
    drawn_end = rows["start"].where(rows["start"] > today_ts, today_ts)
    funder = rows["funder"].where(rows["funder"].notna() & (rows["funder"] != ""), None)
    frame = rows.assign(
        city=rows["city_id"].map(cities["name"]),
        country=rows["city_id"].map(cities["country"]),
        country_name=rows["city_id"].map(cities["country_name"]),
        region=rows["city_id"].map(cities["region"]),
        end=rows["end"].where(~open_end, drawn_end),
        open_end=open_end,
        funder=funder,
        funder_id=funder.map({f: slug(f) for f in funder.dropna().unique()}).fillna(NOT_STATED),
        network=rows["network_id"].map(networks["name"]),
        source=rows["source_id"].map(repo.table("sources")["title"]),
        group="",
    )
    return frame[COLUMNS].reset_index(drop=True)


def _haystacks(frame: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """Folded text to search: the title alone (weighs more), and everything a reader sees."""
    theme = frame["theme"].map(lambda t: _(THEMES.get(t, t)))
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
    return frame["title"].map(fold), everything.map(fold)


def _mask(
    frame: pd.DataFrame,
    state: InterventionsState,
    skip: str = "",
    text: pd.Series | None = None,
) -> pd.Series:
    """Rows the state keeps; `skip` leaves one facet out (to count that facet's values);
    `text` is the folded text to search when the caller has it already."""
    keep = pd.Series(True, index=frame.index)
    values = {
        "themes": frame["theme"],
        "statuses": frame["status"],
        "regions": frame["region"],
        "networks": frame["network_id"].fillna(NO_NETWORK),
        "funders": frame["funder_id"],
        "cities": frame["city_id"],
    }
    for facet, column in values.items():
        chosen = getattr(state, facet)
        if chosen and facet != skip:
            keep &= column.isin(chosen)
    if state.start is not None:
        keep &= frame["end"].dt.year >= state.start
    if state.end is not None:
        keep &= frame["start"].dt.year <= state.end
    terms = search_terms(state.q)
    if terms:
        everything = _haystacks(frame)[1] if text is None else text
        for term in terms:
            keep &= everything.str.contains(term, regex=False)
    return keep


def _relevance(frame: pd.DataFrame, terms: list[str]) -> pd.Series:
    title, everything = _haystacks(frame)
    score = pd.Series(0, index=frame.index)
    for term in terms:
        score += 3 * title.str.contains(term, regex=False) + everything.str.count(re.escape(term))
    return score


def _group_labels(frame: pd.DataFrame, group: Group) -> tuple[pd.Series, pd.Series]:
    """Row group labels and a key that sorts them, with 'not stated' groups last."""
    if group == "city":
        return frame["city"], frame["city"].map(fold)
    if group == "theme":
        labels = frame["theme"].map(lambda t: _(THEMES.get(t, t)))
        return labels, labels.map(fold).where(frame["theme"] != "unspecified", "\uffff")
    column, missing = (
        ("funder", _("Funder not stated"))
        if group == "funder"
        else ("network", _("No network programme"))
    )
    key = frame[column].map(lambda v: fold(v) if isinstance(v, str) else "\uffff")
    return frame[column].fillna(missing), key


def listing(
    repo: Repository,
    state: InterventionsState,
    today: date | None = None,
    *,
    base: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The interventions the page lists, in its order: the timeline's by group then start, the
    library's by the chosen sort. With a detail open, that one intervention. `base` is
    `records()` when the caller already has it (a page asks for the listing and the facets)."""
    frame = records(repo, today) if base is None else base
    if state.intervention:
        frame = frame[frame["intervention_id"] == state.intervention]
    else:
        frame = frame[_mask(frame, state)]
    labels, key = _group_labels(frame, state.group)
    frame = frame.assign(group=labels, _key=key, _start=-frame["start"].astype("int64"))
    if state.tab == "library":
        terms = search_terms(state.q)
        if state.sort == "relevance" and terms:
            frame = frame.assign(_score=-_relevance(frame, terms))
            order = ["_score", "_start", "intervention_id"]
        elif state.sort in ("title", "city"):
            frame = frame.assign(_text=frame[state.sort].map(fold))
            order = ["_text", "start", "intervention_id"]
        elif state.sort == "oldest":
            order = ["start", "intervention_id"]
        else:  # newest first, also for 'relevance' without a search
            order = ["_start", "intervention_id"]
    else:
        order = ["_key", "start", "intervention_id"]
    frame = frame.sort_values(order, kind="stable")
    return frame[COLUMNS].reset_index(drop=True)


def csv_frame(repo: Repository, state: InterventionsState) -> pd.DataFrame:
    """The CSV rows: the listing, with an open end left empty rather than dated today."""
    frame = listing(repo, state)
    frame = frame.assign(end=frame["end"].where(~frame["open_end"]))
    return frame.drop(columns=INTERNAL)


def page(frame: pd.DataFrame, number: int, size: int) -> Page:
    """One page of rows; a page number past the end shows the last page."""
    pages = max(1, math.ceil(len(frame) / size))
    number = min(max(1, number), pages)
    return Page(frame.iloc[(number - 1) * size : number * size], number, pages, size)


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
    base: pd.DataFrame | None = None,
) -> dict[str, list[FacetValue]]:
    """For each facet, every value the data has and how many rows choosing it would give."""
    frame = records(repo, today) if base is None else base
    cities = repo.table("cities")
    networks = repo.table("networks")
    columns = {
        "themes": frame["theme"],
        "statuses": frame["status"],
        "regions": frame["region"],
        "networks": frame["network_id"].fillna(NO_NETWORK),
        "funders": frame["funder_id"],
        "cities": frame["city_id"],
    }
    text = _haystacks(frame)[1] if search_terms(state.q) else None
    funder_names = dict(zip(frame["funder_id"], frame["funder"].fillna(_("Funder not stated"))))
    out: dict[str, list[FacetValue]] = {}
    for facet, column in columns.items():
        counts = column[_mask(frame, state, skip=facet, text=text)].value_counts()
        present = column.dropna().unique().tolist()
        if facet == "themes":
            labels = {t: _(label) for t, label in THEMES.items()}
            order = list(THEMES)
        elif facet == "statuses":
            labels = {s: _(label) for s, label in STATUSES.items()}
            order = list(STATUSES)
        elif facet == "regions":
            labels = {r: _(label) for r, label in REGIONS.items()}
            order = sorted(present, key=lambda r: fold(labels.get(r, r)))
        elif facet == "networks":
            labels = {n: str(networks.at[n, "name"]) for n in networks.index}
            labels[NO_NETWORK] = _("No network programme")
            order = sorted(present, key=lambda n: (n == NO_NETWORK, fold(labels.get(n, n))))
        elif facet == "funders":
            labels = funder_names
            order = sorted(present, key=lambda f: (f == NOT_STATED, fold(labels.get(f, f))))
        else:
            labels = {
                c: _(
                    "{city}, {country}",
                    city=cities.at[c, "name"],
                    country=cities.at[c, "country_name"],
                )
                for c in present
            }
            order = sorted(present, key=lambda c: fold(labels[c]))
        out[facet] = [
            FacetValue(v, labels.get(v, v), int(counts.get(v, 0))) for v in order if v in present
        ]
    return out


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
