"""What a view is, declared once, and the registry that everything outside a page reads.

A view is a page whose state is its URL's query string: the same query string opens it in the
app, as `/embed/<name>`, as `/data/<name>.csv` and as a presentation slide. Its `View` record
names everything those need (see docs/development.md, "Adding a view"); routing, the CSV route,
embeds, the Embed button, "Add to presentation", deck exports and the warm-up iterate over the
`Registry`, and nothing else lists views.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, unquote, urlencode, urlsplit

import pandas as pd
import plotly.graph_objects as go
from dash.development.base_component import Component

from components.embed import Choice
from data.i18n import _
from data.queries.common import Attribution
from data.repository import Repository
from data.state import DISPLAY_PARAMS, ViewState, query_items


@dataclass(frozen=True)
class Chart:
    figure: go.Figure | dict[str, Any]  # a plain figure dict only when asked for (`View.chart`)
    title: str  # the chart's own title: a slide's suggested title
    attribution: Attribution  # source line and whether any value is simulated
    summary: str = ""  # one sentence for alt text and screen readers
    # Sentences a slide or PNG writes under the chart, for the reader without the page beside
    # it (a before/after's numbers and cautions); an embed shows them as its summary.
    notes: tuple[str, ...] = ()
    # The view's CSV rows for the same state, when drawing the chart computed them: an embed's
    # "Show as table" then reads them instead of running the query a second time.
    rows: pd.DataFrame | None = None


Frame = Callable[[Repository, Any], pd.DataFrame]
Choices = Callable[[Repository, Any], list[Choice]]


@dataclass(frozen=True)
class Wiring:
    """How a page follows its URL (callbacks/url_state.register_view): the controls write the
    query string of the view's location, and `update(repo, search)` fills `outputs` from it.
    `resolve(repo, state)` fills defaults the way the page did; `adjust(old, new)` corrects a
    change (back to page 1); `after` is an input set once the main chart is on screen, which
    the outputs then wait for."""

    controls: Mapping[str, str]
    outputs: Sequence[tuple[str, str]]
    update: Callable[..., tuple[Any, ...]]
    resolve: Callable[[Repository, Any], Any] | None = None
    adjust: Callable[[Any, Any], Any] | None = None
    after: tuple[str, str] | None = None


@dataclass(frozen=True)
class View:
    name: str  # /embed/<name>, /data/<name>.csv
    path: str  # the page: "/trends"; with `path_param`, "/city" serves /city/<value>
    title: str  # N_(): what a notice calls the page
    state: type[ViewState]
    page: Callable[[Repository, str], Component]  # (repo, query string) -> the page's layout
    # (repo, state, plain=False) -> Chart, for embeds and slides; None: neither. `plain=True`
    # (embeds): the figure may come as a plain figure dict, where its builder makes one
    chart: Callable[..., Chart] | None = None
    table: Frame | None = None  # /data/<name>.csv: the rows behind the chart
    tables: Mapping[str, Frame] = field(default_factory=dict)  # more CSVs, /data/<key>.csv
    # state -> which of its CSVs holds the numbers of the chart an embed or slide draws, when
    # not `table` (an intervention's before/after); None: `table`
    chart_csv: Callable[[Any], str] | None = None
    path_param: str | None = None  # /city/<id> is /city?city=<id>
    embed: Choices | None = None  # the compact controls of its embed
    needs_observations: bool = False  # a build without observations shows a notice instead
    warm: tuple[str, ...] = ()  # query strings rendered (page and embed) after each build
    warmers: tuple[Callable[[Repository], object], ...] = ()  # per-build work its requests share
    preload: Callable[[Any], list[str]] | None = None  # state -> files the page fetches at once
    # dcc's lazy components the page shows at once ("graph", "dropdown", "slider"): its HTML
    # asks for their code with the other scripts (web/dash_internals.py, item 7)
    lazy: tuple[str, ...] = ()
    location: str | None = None  # the page's own dcc.Location: its URL decides the answers
    wiring: Wiring | None = None  # how its page follows that URL, when generic
    nav: str | None = None  # N_(): its label in the menu; None: not in the menu
    # (repo, state) -> what the state names that does not exist ("There is no city 'x'"), or
    # None: the page then answers 404 with the not-found page, saying so
    missing: Callable[[Repository, Any], str | None] | None = None

    def url(self, query: str | Mapping[str, str] = "") -> str:
        """The page with this state: /city/<id> carries its city in the path."""
        items = dict(query_items(query))
        path = self.path
        if self.path_param and items.get(self.path_param):
            path = f"{path.rstrip('/')}/{quote(items.pop(self.path_param))}"
        encoded = urlencode(items, safe=",")
        return path + (f"?{encoded}" if encoded else "")


class UnknownView(ValueError):
    pass


class Registry:
    """The views, by name and by path."""

    def __init__(self, views: Iterable[View]) -> None:
        self.views = tuple(views)
        self._by_name = {v.name: v for v in self.views}
        self._by_path = {v.path: v for v in self.views}
        tables = [n for v in self.views for n in ([v.name] if v.table else []) + list(v.tables)]
        if len(self._by_name) < len(self.views) or len(self._by_path) < len(self.views):
            raise ValueError("two views share a name or a path")
        if len(set(tables)) < len(tables):
            raise ValueError("two views serve the same CSV name")
        if any(v.wiring is not None and v.location is None for v in self.views):
            raise ValueError("a view's wiring needs the view's location")

    def __iter__(self) -> Iterator[View]:
        return iter(self.views)

    def named(self, name: str) -> View | None:
        return self._by_name.get(name)

    def embeddable(self) -> list[View]:
        """Views drawn outside their page: embeds, slides."""
        return [v for v in self.views if v.chart is not None]

    def at(self, pathname: str) -> tuple[View, dict[str, str]] | None:
        """The view a path shows, with the state its path carries ('/city/cali' -> city=cali)."""
        path = pathname.rstrip("/") or "/"
        if path in self._by_path:
            return self._by_path[path], {}
        base, _sep, value = path.rpartition("/")
        view = self._by_path.get(base)
        if view is not None and view.path_param and value:
            return view, {view.path_param: unquote(value)}
        return None

    def missing(self, repo: Repository, pathname: str, query: str = "") -> str | None:
        """What a page URL names that is not there, in words: no page at its path, or the
        unknown thing its state names (`/city/nowhere`); None when the page exists. Such
        pages answer 404."""
        found = self.at(pathname)
        if found is None:
            return _("There is no page at {path}.", path=pathname)
        view, from_path = found
        if view.missing is None:
            return None
        items = {k: v for k, v in query_items(query).items() if k not in DISPLAY_PARAMS}
        state, _problems = view.state.parse({**items, **from_path})
        return view.missing(repo, state)

    def parse(self, url: str) -> tuple[View, ViewState]:
        """The view and its state a URL asks for; unknown or bad parameters fall back to
        defaults, as on the page itself."""
        parts = urlsplit(url)
        found = self.at(parts.path or "/")
        if found is None or found[0].chart is None:
            raise UnknownView(_("No view at {path}.", path=parts.path or "/"))
        view, from_path = found
        query = {k: v for k, v in query_items(parts.query).items() if k not in DISPLAY_PARAMS}
        state, _problems = view.state.parse({**query, **from_path})
        return view, state

    def chart(self, repo: Repository, url: str) -> Chart:
        view, state = self.parse(url)
        assert view.chart is not None  # parse() refuses views without one
        return view.chart(repo, state)

    def table(self, repo: Repository, url: str) -> pd.DataFrame:
        """The CSV rows behind a view URL's chart, exactly as `/data/<view>.csv` serves them."""
        view, state = self.parse(url)
        assert view.table is not None, view.name
        return view.table(repo, state)

    def csv(self, name: str) -> tuple[View, Frame] | None:
        """The view serving `/data/<name>.csv`, and the function giving its rows."""
        for view in self.views:
            if name == view.name and view.table is not None:
                return view, view.table
            if name in view.tables:
                return view, view.tables[name]
        return None

    def located(self, location: str) -> View | None:
        """The view whose page has this dcc.Location."""
        return next((v for v in self.views if v.location == location), None)

    def csv_names(self) -> list[str]:
        return [n for v in self.views for n in ([v.name] if v.table else []) + list(v.tables)]


def canonical(
    view: View, query: str | Mapping[str, str], from_path: Mapping[str, str] | None = None
) -> str:
    """One spelling of a view's query string, for the keys of kept answers: its state as the
    state writes it, its display parameters, and what its parse refused (a page's notice names
    it). Queries spelt alike show the same view, whatever order, case of escapes or unknown
    values they came with (`?junk=1`, `?junk=2`: one entry, not one each)."""
    items = query_items(query)
    state, problems = view.state.parse({**items, **(from_path or {})})
    display = sorted((k, v) for k, v in items.items() if k in DISPLAY_PARAMS)
    return "\n".join(
        [view.name, state.to_query(), urlencode(display), *sorted(str(p) for p in problems)]
    )


def csv_href(state: ViewState) -> str:
    """The link to the data behind a view: same query string, under /data/."""
    query = state.to_query()
    return f"/data/{state.view}.csv" + (f"?{query}" if query else "")


def years_text(years: Iterable[Any]) -> str:
    """'2015–2024' (or one year) for a slide's title; '' without years."""
    shown = sorted({int(y) for y in years if pd.notna(y)})
    if not shown:
        return ""
    return str(shown[0]) if shown[0] == shown[-1] else f"{shown[0]}–{shown[-1]}"


def names_text(names: Sequence[str], shown: int = 3) -> str:
    """A few names and how many more, for a title that must stay on one line."""
    if len(names) <= shown:
        return ", ".join(names)
    return _("{names} and {n} more", names=", ".join(names[:shown]), n=len(names) - shown)


def slide_title(what: str, years: Iterable[Any]) -> str:
    """A slide's default title: what it shows and the years it covers."""
    span = years_text(years)
    return _("{what}, {years}", what=what, years=span) if span else what
