"""/interventions: the timeline, the good-practice library, the summary, and one intervention's
detail with its before/after evidence, all driven by the URL's query string."""

from __future__ import annotations

from typing import Any

import pandas as pd
import plotly.graph_objects as go
from dash import dcc, html, no_update
from dash.development.base_component import Component

from components import intervention_counts, intervention_detail, intervention_library
from components import interventions as view
from components.common import demo_notice, query_notice
from components.figures.evidence import evidence_figure
from components.figures.intervention_summary import starts_figure
from components.figures.style import empty
from components.figures.timeline import (
    FIGURE_COLUMNS,
    PERIOD_COLUMNS,
    period,
    timeline_figure,
    with_key,
)
from components.ids import Interventions
from data import rows as frame_rows
from data.i18n import N_, _
from data.queries import intervention_summary, options
from data.queries.before_after import BeforeAfter, before_after, best_indicator
from data.queries.common import Attribution, attribution, frame_attribution
from data.queries.interventions import (
    COLUMNS,
    FACETS,
    SEARCHED,
    InterventionsState,
    at,
    csv_frame,
    facet_labels,
    facets,
    find,
    listed,
    page_at,
    page_choices,
    page_size,
    records,
    search_terms,
)
from data.queries.trends import TrendsState
from data.repository import Repository
from data.schema import THEMES
from views import choices
from views.record import Chart, View, Wiring, csv_href

Outputs = dict[tuple[str, str], Any]


FACET_IDS = {facet: view.CONTROLS[facet] for facet in FACETS}


OUTPUTS: list[tuple[str, str]] = [
    (Interventions.GRAPH, "figure"),  # first: benchmarks/scenarios.py finds the callback by it
    (Interventions.NOTICE, "children"),
    (Interventions.SUMMARY, "children"),
    (Interventions.DOWNLOAD, "href"),
    (Interventions.BROWSE, "hidden"),
    (Interventions.DETAIL, "hidden"),
    (Interventions.TIMELINE, "hidden"),
    (Interventions.LIBRARY, "hidden"),
    (Interventions.COUNTS, "hidden"),
    (Interventions.GROUP_BOX, "hidden"),
    (Interventions.SORT_BOX, "hidden"),
    (Interventions.TIMELINE_LIST, "children"),
    (Interventions.TIMELINE_KEY, "children"),
    (Interventions.LIBRARY, "children"),
    (Interventions.COUNTS_GRAPH, "figure"),
    (Interventions.COUNTS_TABLES, "children"),
    (Interventions.PAGER, "hidden"),
    (Interventions.PAGE, "options"),
    (Interventions.PREVIOUS, "href"),
    (Interventions.PREVIOUS, "className"),
    (Interventions.NEXT, "href"),
    (Interventions.NEXT, "className"),
    # the searched facets (funder, city) answer their own callback: see `choices`
    *[(FACET_IDS[f], "options") for f in FACETS if f not in SEARCHED],
    (Interventions.BACK, "href"),
    (Interventions.CLEAR, "href"),
    (Interventions.RECORD, "children"),
    (Interventions.EVIDENCE_GRAPH, "figure"),
    (Interventions.EVIDENCE, "children"),
]


def href(state: InterventionsState) -> str:
    query = state.to_query()
    return "/interventions" + (f"?{query}" if query else "")


def resolve(repo: Repository, state: InterventionsState) -> InterventionsState:
    """With a detail open and no indicator chosen, the richest series around its start."""
    if not state.intervention or repo.indicator(state.indicator) is not None:
        return state
    record = find(repo, state.intervention)
    if record is None:
        return state
    return state.replace(
        indicator=best_indicator(repo, str(record["city_id"]), record["start"].year)
    )


def adjust(old: InterventionsState, new: InterventionsState) -> InterventionsState:
    """Back to page 1 whenever what is listed (or how) changed, not only the page."""
    if old.replace(page=new.page) != new:
        return new.replace(page=1)
    return new


def year_choices(repo: Repository) -> list[int]:
    frame = records(repo)
    if frame.empty:
        return []
    return list(range(int(frame["start"].dt.year.min()), int(frame["end"].dt.year.max()) + 1))


def page(repo: Repository, search: str) -> Component:
    state, problems = InterventionsState.parse(search)
    state = resolve(repo, state)
    return html.Div(
        [
            query_notice(problems),
            view.layout(
                state,
                facets=facets(repo, state),
                years=year_choices(repo),
                indicators=options.indicator_options(repo),
            ),
        ]
    )


def _hidden(state: InterventionsState, shown: bool) -> Outputs:
    """Which parts show; `shown` says whether the list needs more than one page."""
    detail = bool(state.intervention)
    return {
        (Interventions.BROWSE, "hidden"): detail,
        (Interventions.DETAIL, "hidden"): not detail,
        (Interventions.TIMELINE, "hidden"): state.tab != "timeline",
        (Interventions.LIBRARY, "hidden"): state.tab != "library",
        (Interventions.COUNTS, "hidden"): state.tab != "summary",
        (Interventions.GROUP_BOX, "hidden"): state.tab != "timeline",
        (Interventions.SORT_BOX, "hidden"): state.tab != "library",
        (Interventions.PAGER, "hidden"): detail or state.tab == "summary" or not shown,
    }


LIST_COLUMNS = ("title", "intervention_id", "city", *PERIOD_COLUMNS)
# What the counts above the list read of every row listed (a page takes more columns, of its
# rows only), and what the summary's counts and budgets read.
COUNTED = ("city_id", "status", "source_id")
SUMMED = ("theme", "start", "budget", "currency", "funder")
# What each tab reads of the page's rows: the timeline's chart and list, the library's cards
# (most columns); the summary only pages.
PAGE_COLUMNS = {
    "timeline": tuple(dict.fromkeys((*FIGURE_COLUMNS, *LIST_COLUMNS))),
    "library": tuple(COLUMNS),
    "summary": ("intervention_id",),
}


def _timeline_list(rows: Any, state: InterventionsState) -> Component:
    """The page's rows as links: what a keyboard or a screen reader uses instead of the bars."""
    return html.Details(
        [
            html.Summary(_("The {n} interventions on this page, as a list", n=len(rows))),
            html.Ul(
                [
                    html.Li(
                        [
                            dcc.Link(
                                str(r.title),
                                href=href(state.replace(intervention=str(r.intervention_id))),
                            ),
                            f" · {r.city} · {period(r)}",
                        ]
                    )
                    for r in frame_rows.rows(rows, LIST_COLUMNS)
                ],
                className="small mt-2",
            ),
        ],
        className="small mb-3",
    )


def _pager(state: InterventionsState, number: int, pages: int) -> Outputs:
    def link(target: int, enabled: bool) -> tuple[str, str]:
        classes = "btn btn-sm btn-outline-secondary"
        # hidden rather than greyed out: a greyed link fails contrast and still takes focus
        return href(state.replace(page=target)), classes + ("" if enabled else " invisible")

    previous_href, previous_class = link(max(1, number - 1), number > 1)
    next_href, next_class = link(min(pages, number + 1), number < pages)
    return {
        (Interventions.PAGE, "options"): [
            {"label": _("Page {n} of {pages}", n=n, pages=pages), "value": str(n)}
            for n in page_choices(number, pages)
        ],
        (Interventions.PREVIOUS, "href"): previous_href,
        (Interventions.PREVIOUS, "className"): previous_class,
        (Interventions.NEXT, "href"): next_href,
        (Interventions.NEXT, "className"): next_class,
    }


def _browse(repo: Repository, state: InterventionsState) -> Outputs:
    kept = listed(repo, state)
    frame = at(repo, kept, columns=[*COUNTED, *(SUMMED if state.tab == "summary" else ())])
    checklists = [f for f in FACETS if f not in SEARCHED]
    out: Outputs = {
        (FACET_IDS[f], "options"): view.facet_options(values)
        for f, values in facets(repo, state, names=checklists).items()
    }
    out.update(_hidden(state, shown=len(frame) > page_size(state)))
    attribution_ = frame_attribution(repo, frame)
    source = attribution_.text()
    out[(Interventions.NOTICE, "children")] = demo_notice(attribution_)
    if frame.empty:
        out[(Interventions.SUMMARY, "children")] = _("No interventions match these filters.")
        out[(Interventions.GRAPH, "figure")] = empty(
            _("Interventions over time"), _("No interventions match these filters.")
        )
        out[(Interventions.TIMELINE_LIST, "children")] = None
        out[(Interventions.TIMELINE_KEY, "children")] = None
        out[(Interventions.LIBRARY, "children")] = intervention_library.library(
            frame, hrefs=[], terms=[]
        )
        out[(Interventions.COUNTS_GRAPH, "figure")] = empty(
            _("Interventions started each year, by theme"),
            _("No interventions match these filters."),
        )
        out[(Interventions.COUNTS_TABLES, "children")] = None
        out.update(_pager(state, 1, 1))
        return out
    shown = page_at(repo, kept, state.page, page_size(state), state.group, PAGE_COLUMNS[state.tab])
    counts = {
        "n": len(frame),
        "cities": frame["city_id"].nunique(),
        "ongoing": int((frame["status"] == "ongoing").sum()),
    }
    whole = _(
        "{n} interventions in {cities} cities, {ongoing} still running.",
        **counts,
    )
    if state.tab == "summary":
        out[(Interventions.SUMMARY, "children")] = whole
    else:
        out[(Interventions.SUMMARY, "children")] = _(
            "Showing {first}-{last} of {whole}",
            first=shown.first,
            last=shown.last,
            whole=whole,
        )
    if state.tab == "timeline":
        out[(Interventions.GRAPH, "figure")] = timeline_figure(
            shown.rows, source=source, by_city=state.group == "city", plain=True
        )
        out[(Interventions.TIMELINE_LIST, "children")] = _timeline_list(shown.rows, state)
        out[(Interventions.TIMELINE_KEY, "children")] = intervention_library.theme_key(
            [t for t in THEMES if t in set(shown.rows["theme"])]
        )
    else:
        out[(Interventions.GRAPH, "figure")] = no_update
        out[(Interventions.TIMELINE_LIST, "children")] = no_update
        out[(Interventions.TIMELINE_KEY, "children")] = no_update
    if state.tab == "library":
        hrefs = [href(state.replace(intervention=str(i))) for i in shown.rows["intervention_id"]]
        out[(Interventions.LIBRARY, "children")] = intervention_library.library(
            shown.rows, hrefs=hrefs, terms=search_terms(state.q)
        )
    else:
        out[(Interventions.LIBRARY, "children")] = no_update
    if state.tab == "summary":
        out[(Interventions.COUNTS_GRAPH, "figure")] = starts_figure(
            intervention_summary.by_theme_and_year(frame), source=source
        )
        out[(Interventions.COUNTS_TABLES, "children")] = html.Div(
            [
                intervention_counts.budgets_text(intervention_summary.budgets(frame)),
                intervention_counts.funders_table(intervention_summary.by_funder(frame)),
            ]
        )
    else:
        out[(Interventions.COUNTS_GRAPH, "figure")] = no_update
        out[(Interventions.COUNTS_TABLES, "children")] = no_update
    out.update(_pager(state, shown.number, shown.pages))
    return out


def _detail(repo: Repository, state: InterventionsState) -> Outputs:
    out: Outputs = {(FACET_IDS[f], "options"): no_update for f in FACETS if f not in SEARCHED}
    out.update(_hidden(state, shown=False))
    out.update(_pager(state, 1, 1))
    for key in (
        (Interventions.GRAPH, "figure"),
        (Interventions.TIMELINE_LIST, "children"),
        (Interventions.TIMELINE_KEY, "children"),
        (Interventions.LIBRARY, "children"),
        (Interventions.COUNTS_GRAPH, "figure"),
        (Interventions.COUNTS_TABLES, "children"),
    ):
        out[key] = no_update
    record = find(repo, state.intervention)
    title = _("Before and after")
    if record is None:
        out[(Interventions.NOTICE, "children")] = None
        out[(Interventions.SUMMARY, "children")] = ""
        out[(Interventions.RECORD, "children")] = intervention_detail.not_found(state.intervention)
        out[(Interventions.EVIDENCE_GRAPH, "figure")] = empty(title, " ")
        out[(Interventions.EVIDENCE, "children")] = None
        return out
    indicator_id, result, found, figure = _evidence(repo, state, record)
    trends = TrendsState(indicator=indicator_id, cities=(str(record["city_id"]),)).to_query()
    out[(Interventions.NOTICE, "children")] = demo_notice(found)
    out[(Interventions.SUMMARY, "children")] = ""
    out[(Interventions.RECORD, "children")] = intervention_detail.record(
        record, trends_href=f"/trends?{trends}"
    )
    out[(Interventions.EVIDENCE_GRAPH, "figure")] = figure
    out[(Interventions.EVIDENCE, "children")] = intervention_detail.evidence(
        result, indicator_known=repo.indicator(indicator_id) is not None
    )
    return out


def _result(
    repo: Repository, state: InterventionsState, record: Any
) -> tuple[str, BeforeAfter | None]:
    """(indicator, numbers) of an intervention's before/after."""
    indicator_id = state.indicator or best_indicator(
        repo, str(record["city_id"]), record["start"].year
    )
    return indicator_id, before_after(repo, state.intervention, indicator_id, compare=state.compare)


def evidence_frame(repo: Repository, state: InterventionsState) -> pd.DataFrame:
    """/data/before-after.csv: the yearly numbers an open intervention's before/after draws
    (`after`: the year is in or after its start); no rows without an open intervention."""
    record = find(repo, state.intervention) if state.intervention else None
    result = None if record is None else _result(repo, state, record)[1]
    if result is None:
        return pd.DataFrame({"indicator": [], "city": [], "year": [], "value": []})
    series = result.series.drop(columns=["source_id"])
    return series.assign(indicator=result.indicator.indicator_id, city=result.city)[
        ["indicator", "city", *series.columns]
    ]


def _evidence(
    repo: Repository, state: InterventionsState, record: Any
) -> tuple[str, BeforeAfter | None, Attribution, go.Figure]:
    """(indicator, result, attribution, chart) of an intervention's before/after."""
    indicator_id, result = _result(repo, state, record)
    series_sources = [] if result is None else result.series["source_id"].tolist()
    found = attribution(repo, [record["source_id"], *series_sources])
    if result is None or result.series.empty:
        message = result.problem if result is not None else _("There is no such indicator.")
        return indicator_id, result, found, empty(_("Before and after"), message)
    figure = evidence_figure(
        result,
        title_text=_(
            "{indicator} in {city}, before and after {year}",
            indicator=result.indicator.label,
            city=result.city,
            year=result.start_year,
        ),
        end_year=None if bool(record["open_end"]) else int(record["end"].year),
        source=found.text(),
    )
    return indicator_id, result, found, figure


def evidence_chart(repo: Repository, state: InterventionsState) -> Chart | None:
    """An open intervention's before/after, for slides and embeds: titled with the
    intervention, its numbers with their intervals and its cautions under the chart."""
    record = find(repo, state.intervention)
    if record is None:
        return None
    _indicator, result, found, figure = _evidence(repo, state, record)
    title = _("{title}: before and after", title=str(record["title"]))
    notes = intervention_detail.evidence_lines(result) if result is not None else []
    return Chart(figure, title, found, " ".join(notes), tuple(notes))


def outputs(repo: Repository, search: str | None) -> Outputs:
    """Every output of the page, by (component id, property), for the URL's state."""
    state, _problems = InterventionsState.parse(search or "")
    out = _detail(repo, state) if state.intervention else _browse(repo, state)
    out[(Interventions.DOWNLOAD, "href")] = csv_href(state)
    back = state.replace(intervention="", indicator="", compare=False)
    out[(Interventions.BACK, "href")] = href(back)
    out[(Interventions.CLEAR, "href")] = href(state.cleared())
    if not state.intervention:
        out[(Interventions.RECORD, "children")] = no_update
        out[(Interventions.EVIDENCE_GRAPH, "figure")] = no_update
        out[(Interventions.EVIDENCE, "children")] = no_update
    return out


def update(repo: Repository, search: str | None) -> tuple[Any, ...]:
    found = outputs(repo, search)
    return tuple(found[key] for key in OUTPUTS)


def chart(repo: Repository, state: InterventionsState, *, plain: bool = False) -> Chart:
    """The timeline page on screen (a page of rows, as the view pages them); with an
    intervention open, its before/after, as the page shows it."""
    if state.intervention:
        evidence = evidence_chart(repo, state)
        if evidence is not None:
            return evidence
    title = _("Interventions over time")
    kept = listed(repo, state)
    frame = at(repo, kept, columns=("city", "source_id"))
    source = frame_attribution(repo, frame)
    if frame.empty:
        return Chart(empty(title), title, source)
    shown = page_at(repo, kept, state.page, page_size(state), state.group)
    figure = with_key(
        timeline_figure(
            shown.rows, source=source.text(), by_city=state.group == "city", plain=plain
        )
    )
    summary = _(
        "{n} interventions in {cities} cities.", n=len(frame), cities=frame["city"].nunique()
    )
    return Chart(figure, title, source, summary)


VIEW = View(
    name="interventions",
    lazy=("graph", "dropdown"),
    path="/interventions",
    title=N_("Interventions"),
    nav=N_("Interventions"),
    state=InterventionsState,
    page=page,
    chart=chart,
    table=csv_frame,
    tables={"before-after": evidence_frame},
    # with an intervention open, the chart is its before/after
    chart_csv=lambda state: "before-after" if state.intervention else "interventions",
    embed=choices.group,
    warm=("",),
    warmers=(facet_labels,),  # and the records they come from
    location=Interventions.URL,
    missing=lambda repo, state: (
        None
        if not state.intervention or find(repo, state.intervention) is not None
        else _("There is no intervention with the id '{id}'.", id=state.intervention)
    ),
    wiring=Wiring(
        controls=view.CONTROLS,
        outputs=OUTPUTS,
        update=update,
        resolve=resolve,
        adjust=adjust,
    ),
)
