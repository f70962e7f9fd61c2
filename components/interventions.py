"""Layout of `/interventions`: filters beside a timeline, a good-practice library and a summary;
or, with `?intervention=<id>`, one intervention and what the data says about the years after it.

Both halves are always in the page (the controls must exist for the URL to move them); the one
the URL does not ask for is hidden.
"""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html
from dash.development.base_component import Component

from components.common import (
    chart_table,
    control,
    download_link,
    graph,
    multi_select,
    page_header,
    summary,
)
from components.ids import Interventions
from data.i18n import _
from data.queries.interventions import FacetValue, InterventionsState
from data.state import form_value

CONTROLS = {
    "tab": Interventions.TAB,
    "q": Interventions.SEARCH,
    "themes": Interventions.THEMES,
    "statuses": Interventions.STATUSES,
    "regions": Interventions.REGIONS,
    "networks": Interventions.NETWORKS,
    "funders": Interventions.FUNDERS,
    "cities": Interventions.CITIES,
    "start": Interventions.FROM,
    "end": Interventions.TO,
    "group": Interventions.GROUP,
    "sort": Interventions.SORT,
    "page": Interventions.PAGE,
    "indicator": Interventions.INDICATOR,
    "compare": Interventions.COMPARE,
}


def facet_options(values: list[FacetValue]) -> list[dict[str, str]]:
    """'Digital threats (3)': the count is what choosing the value would give."""
    return [{"label": f"{v.label} ({v.count})", "value": v.value} for v in values]


def _fieldset(legend: str, component: Component) -> Component:
    """A group of checkboxes named by a legend, as screen readers expect."""
    return html.Fieldset(
        [html.Legend(legend, className="fs-6 fw-semibold mb-1"), component],
        className="mb-3",
    )


def _checklist(
    component_id: str, options: list[dict[str, str]], value: tuple[str, ...]
) -> Component:
    return dbc.Checklist(
        id=component_id, options=options, value=list(value), class_name="small facet-list"
    )


def _year_select(component_id: str, years: list[int], value: int | None, first: str) -> Component:
    return dbc.Select(
        id=component_id,
        options=[
            {"label": first, "value": ""},
            *({"label": str(y), "value": str(y)} for y in years),
        ],
        value=form_value(value),
        placeholder=first,
    )


def filters(
    state: InterventionsState, *, facets: dict[str, list[FacetValue]], years: list[int]
) -> Component:
    return html.Section(
        [
            html.H2(_("Find interventions"), className="h6 visually-hidden"),
            html.Div(
                [
                    dbc.Label(_("Search"), html_for=Interventions.SEARCH, className="fw-semibold"),
                    dbc.Input(
                        id=Interventions.SEARCH,
                        type="search",
                        value=state.q,
                        debounce=500,
                        placeholder=_("Title, description, partner, city…"),
                        autocomplete="off",
                    ),
                ],
                className="mb-3",
            ),
            _fieldset(
                _("Theme"),
                _checklist(Interventions.THEMES, facet_options(facets["themes"]), state.themes),
            ),
            _fieldset(
                _("Status"),
                _checklist(
                    Interventions.STATUSES, facet_options(facets["statuses"]), state.statuses
                ),
            ),
            _fieldset(
                _("Region"),
                _checklist(Interventions.REGIONS, facet_options(facets["regions"]), state.regions),
            ),
            _fieldset(
                _("Network programme"),
                _checklist(
                    Interventions.NETWORKS, facet_options(facets["networks"]), state.networks
                ),
            ),
            html.Div(
                [
                    dbc.Label(_("Funder"), html_for=Interventions.FUNDERS, className="fw-semibold"),
                    multi_select(
                        Interventions.FUNDERS,
                        facet_options(facets["funders"]),
                        state.funders,
                        _("Any funder"),
                    ),
                ],
                className="mb-3",
            ),
            html.Div(
                [
                    dbc.Label(_("City"), html_for=Interventions.CITIES, className="fw-semibold"),
                    multi_select(
                        Interventions.CITIES,
                        facet_options(facets["cities"]),
                        state.cities,
                        _("Any city"),
                    ),
                ],
                className="mb-3",
            ),
            dbc.Row(
                [
                    dbc.Col(
                        [
                            dbc.Label(
                                _("Running in or after"),
                                html_for=Interventions.FROM,
                                className="fw-semibold small",
                            ),
                            _year_select(Interventions.FROM, years, state.start, _("Any year")),
                        ]
                    ),
                    dbc.Col(
                        [
                            dbc.Label(
                                _("Started by"),
                                html_for=Interventions.TO,
                                className="fw-semibold small",
                            ),
                            _year_select(Interventions.TO, years, state.end, _("Any year")),
                        ]
                    ),
                ],
                className="mb-3 g-2",
            ),
            dcc.Link(
                _("Clear all filters"),
                id=Interventions.CLEAR,
                href="/interventions",
                className="small",
            ),
        ],
        className="interventions-filters",
        **{"aria-label": _("Filters")},
    )


def tabs(state: InterventionsState) -> Component:
    options = [
        {"label": _("Timeline"), "value": "timeline"},
        {"label": _("Good-practice library"), "value": "library"},
        {"label": _("Summary"), "value": "summary"},
    ]
    return html.Div(
        [
            html.Span(_("Show as"), id="interventions-tab-label", className="visually-hidden"),
            dbc.RadioItems(
                id=Interventions.TAB,
                options=options,
                value=state.tab,
                inline=True,
                class_name="interventions-tabs mb-3",
                input_class_name="btn-check",
                label_class_name="btn btn-outline-primary btn-sm",
                label_checked_class_name="active",
            ),
        ]
    )


def group_options() -> list[dict[str, str]]:
    return [
        {"label": _("City"), "value": "city"},
        {"label": _("Theme"), "value": "theme"},
        {"label": _("Funder"), "value": "funder"},
        {"label": _("Network"), "value": "network"},
    ]


def list_controls(state: InterventionsState) -> Component:
    groups = group_options()
    sorts = [
        {"label": _("Best match, then newest"), "value": "relevance"},
        {"label": _("Newest first"), "value": "newest"},
        {"label": _("Oldest first"), "value": "oldest"},
        {"label": _("Title A-Z"), "value": "title"},
        {"label": _("City A-Z"), "value": "city"},
    ]
    return dbc.Row(
        [
            html.Div(
                control(
                    _("Group by"),
                    dbc.RadioItems(
                        id=Interventions.GROUP, options=groups, value=state.group, inline=True
                    ),
                    width=12,
                ),
                id=Interventions.GROUP_BOX,
                hidden=state.tab != "timeline",
                className="col-md-8",
            ),
            html.Div(
                control(
                    _("Sort"),
                    dbc.Select(id=Interventions.SORT, options=sorts, value=state.sort),
                    width=12,
                ),
                id=Interventions.SORT_BOX,
                hidden=state.tab != "library",
                className="col-md-5",
            ),
        ]
    )


def pager(state: InterventionsState) -> Component:
    # The id sits on a wrapper: Bootstrap's d-flex would override the nav's own `hidden`.
    nav = html.Nav(
        [
            dcc.Link(
                _("‹ Previous"),
                id=Interventions.PREVIOUS,
                href="",
                className="btn btn-sm btn-outline-secondary",
            ),
            html.Div(
                [
                    dbc.Label(_("Page"), html_for=Interventions.PAGE, className="visually-hidden"),
                    dbc.Select(
                        id=Interventions.PAGE,
                        options=[{"label": "1", "value": "1"}],
                        value=str(state.page),
                        size="sm",
                    ),
                ],
                className="interventions-page-select",
            ),
            dcc.Link(
                _("Next ›"),
                id=Interventions.NEXT,
                href="",
                className="btn btn-sm btn-outline-secondary",
            ),
        ],
        className="d-flex gap-2 align-items-center my-3",
        **{"aria-label": _("Pages")},
    )
    return html.Div(nav, id=Interventions.PAGER)


def browse(
    state: InterventionsState, *, facets: dict[str, list[FacetValue]], years: list[int]
) -> Component:
    return html.Div(
        dbc.Row(
            [
                dbc.Col(
                    [
                        html.Button(
                            _("Filters and search"),
                            id=Interventions.FILTERS_TOGGLE,
                            className="btn btn-outline-primary btn-sm d-md-none mb-3",
                            **{"aria-controls": Interventions.FILTERS},
                        ),
                        # Always open from tablet width up (style.css); a button on phones, so
                        # that the results do not start a screen below the filters.
                        dbc.Collapse(
                            filters(state, facets=facets, years=years),
                            id=Interventions.FILTERS,
                            is_open=False,
                            class_name="filters-collapse",
                        ),
                    ],
                    lg=3,
                    md=4,
                ),
                dbc.Col(
                    [
                        tabs(state),
                        list_controls(state),
                        summary("", Interventions.SUMMARY),
                        html.Div(
                            [
                                html.Div(id=Interventions.TIMELINE_KEY),
                                graph(
                                    Interventions.GRAPH,
                                    file_name="observatory-interventions",
                                    summary=Interventions.SUMMARY,
                                ),
                                html.Div(id=Interventions.TIMELINE_LIST),
                                chart_table(Interventions.GRAPH, "interventions"),
                            ],
                            id=Interventions.TIMELINE,
                            hidden=state.tab != "timeline",
                            className="timeline-scroll",
                        ),
                        html.Div(id=Interventions.LIBRARY, hidden=state.tab != "library"),
                        html.Div(
                            [
                                graph(Interventions.COUNTS_GRAPH, file_name="observatory-starts"),
                                chart_table(Interventions.COUNTS_GRAPH, "interventions"),
                                html.Div(id=Interventions.COUNTS_TABLES),
                            ],
                            id=Interventions.COUNTS,
                            hidden=state.tab != "summary",
                        ),
                        pager(state),
                        download_link(Interventions.DOWNLOAD, "/data/interventions.csv"),
                    ],
                    lg=9,
                    md=8,
                ),
            ]
        ),
        id=Interventions.BROWSE,
        hidden=bool(state.intervention),
    )


def detail(state: InterventionsState, *, indicators: list[dict[str, str]]) -> Component:
    return html.Div(
        [
            dcc.Link(
                _("‹ Back to the list"),
                id=Interventions.BACK,
                href="/interventions",
                className="d-inline-block mb-3",
            ),
            html.Article(id=Interventions.RECORD),
            html.Section(
                [
                    html.H2(_("Before and after"), className="h4 mt-4"),
                    html.P(
                        _(
                            "What happened to an indicator in the city in the years after the "
                            "start, compared with the years before. Read the cautions below "
                            "before quoting any number."
                        ),
                        className="text-body-secondary",
                    ),
                    dbc.Row(
                        [
                            control(
                                _("Indicator"),
                                dbc.Select(
                                    id=Interventions.INDICATOR,
                                    options=indicators,
                                    value=state.indicator,
                                ),
                                width=5,
                            ),
                            dbc.Col(
                                dbc.Switch(
                                    id=Interventions.COMPARE,
                                    label=_(
                                        "Compare with cities without this theme's interventions"
                                    ),
                                    value=state.compare,
                                    class_name="mt-md-4",
                                ),
                                md=7,
                            ),
                        ]
                    ),
                    graph(Interventions.EVIDENCE_GRAPH, file_name="observatory-before-after"),
                    chart_table(Interventions.EVIDENCE_GRAPH, "interventions", "before-after"),
                    html.Div(id=Interventions.EVIDENCE),
                ],
                **{"aria-label": _("Before and after")},
            ),
        ],
        id=Interventions.DETAIL,
        hidden=not state.intervention,
    )


def layout(
    state: InterventionsState,
    *,
    facets: dict[str, list[FacetValue]],
    years: list[int],
    indicators: list[dict[str, str]],
) -> Component:
    sections = [browse(state, facets=facets, years=years), detail(state, indicators=indicators)]
    return html.Div(
        [
            dcc.Location(id=Interventions.URL, refresh=False),
            page_header(
                _("Interventions"),
                _(
                    "What the cities did, when, with whom and with whose money; practices worth "
                    "copying; and what the data can and cannot say about the years after."
                ),
            ),
            html.Div(id=Interventions.NOTICE),
            # The part on screen first: each section's charts draw in page order, and the
            # hidden one's empty chart would otherwise delay the visible one's.
            *(reversed(sections) if state.intervention else sections),
        ]
    )
