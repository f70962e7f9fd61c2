"""Building blocks every page uses: headers, labelled controls, charts, notices, downloads."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import dash_bootstrap_components as dbc
from dash import dcc, html
from dash.development.base_component import Component

from components.embed import EmbedTable
from components.ids import Chart
from data.i18n import _
from data.queries.common import Attribution
from data.state import QueryProblem

TOPOJSON_URL = "/assets/vendor/topojson/"


def page_header(title: str, lead: str) -> Component:
    return html.Header(
        [html.H1(title, className="h3 mb-1"), html.P(lead, className="text-body-secondary mb-3")]
    )


def control(label: str, component: Component, *, width: int = 4) -> Component:
    """A control with a visible label tied to it, for screen readers and keyboards."""
    return dbc.Col(
        html.Div(
            [dbc.Label(label, html_for=str(component.id), className="fw-semibold small"), component]
        ),
        md=width,
        className="mb-2",
    )


def multi_select(
    component_id: str,
    options: list[dict[str, str]],
    value: Iterable[str],
    placeholder: str | None = None,
) -> Component:
    """A searchable choice of several, speaking the page's language."""
    hint = {"placeholder": placeholder} if placeholder else {}
    return dcc.Dropdown(
        id=component_id,
        options=options,
        value=list(value),
        multi=True,
        labels=dropdown_labels(),
        **hint,
    )


def dropdown_labels() -> dict[str, str]:
    """The words Dash's own dropdown shows ("5 selected", "Search", ...), in the page's language."""
    return {
        "select_all": _("Select all"),
        "deselect_all": _("Deselect all"),
        "selected_count": _("{num_selected} selected"),
        "search": _("Search"),
        "clear_search": _("Clear search"),
        "clear_selection": _("Clear selection"),
        "no_options_found": _("No options found"),
    }


def grid_words() -> dict[str, str]:
    """The words dash-ag-grid shows itself (pager, filter menus), in the page's language: its
    `localeText`."""
    return {
        "page": _("Page"),
        "of": _("of"),
        "to": _("to"),
        "firstPage": _("First page"),
        "lastPage": _("Last page"),
        "nextPage": _("Next page"),
        "previousPage": _("Previous page"),
        "pageSizeSelectorLabel": _("Rows per page:"),
        "ariaPageSizeSelectorLabel": _("Rows per page"),
        "filterOoo": _("Filter…"),
        "empty": _("Choose one"),
        "equals": _("Equals"),
        "notEqual": _("Does not equal"),
        "lessThan": _("Less than"),
        "greaterThan": _("Greater than"),
        "lessThanOrEqual": _("Less than or equal to"),
        "greaterThanOrEqual": _("Greater than or equal to"),
        "inRange": _("Between"),
        "inRangeStart": _("From"),
        "inRangeEnd": _("To"),
        "contains": _("Contains"),
        "notContains": _("Does not contain"),
        "startsWith": _("Begins with"),
        "endsWith": _("Ends with"),
        "blank": _("Blank"),
        "notBlank": _("Not blank"),
        "andCondition": _("AND"),
        "orCondition": _("OR"),
    }


def graph(
    component_id: str,
    *,
    file_name: str,
    map_: bool = False,
    figure: Any = None,
    summary: str | None = None,
) -> Component:
    """A chart. `summary`: the id of the sentence the page writes about it, which
    assets/chart_access.js makes the chart's description for screen readers."""
    config: dict[str, Any] = {
        "displaylogo": False,
        "responsive": True,
        "toImageButtonOptions": {"filename": file_name, "scale": 2},
        "modeBarButtonsToRemove": ["select2d", "lasso2d"],
    }
    if map_:
        config["topojsonURL"] = TOPOJSON_URL
    extra = {"figure": figure} if figure is not None else {}
    chart = dcc.Loading(
        dcc.Graph(id=component_id, config=config, **extra), type="dot", delay_show=300
    )
    return html.Div(chart, **{"data-summary": summary}) if summary else chart


def demo_notice(attribution: Attribution) -> Component | None:
    if not attribution.simulated:
        return None
    return dbc.Alert(
        [
            html.Strong(_("Demo data: simulated values.")),
            " ",
            _(
                "Some numbers on this page are simulated to show how the observatory works; "
                "they are not real measurements."
            ),
        ],
        color="warning",
        className="py-2 mb-3",
    )


def no_data_notice(title: str) -> Component:
    """A page whose data folder has no observations yet (a new real-data folder)."""
    return html.Div(
        [
            page_header(title, _("There is nothing to show yet.")),
            dbc.Alert(
                [
                    html.Strong(_("No city observations in this data folder yet.")),
                    " ",
                    _(
                        "Import a table with `observatory import observations` (see "
                        "docs/importing.md), run `observatory build`, and the page fills in "
                        "without a restart."
                    ),
                ],
                color="info",
                className="py-2 mb-3",
            ),
        ]
    )


def query_notice(problems: list[QueryProblem]) -> Component | None:
    if not problems:
        return None
    return dbc.Alert(
        [
            html.Strong(_("Part of this link was not understood and was ignored:")),
            html.Ul([html.Li(str(p)) for p in problems], className="mb-0"),
        ],
        color="info",
        className="py-2 mb-3",
        dismissable=True,
    )


def summary(text: str, component_id: str) -> Component:
    """A sentence describing the chart, for screen readers and for anyone in a hurry."""
    return html.P(
        text, id=component_id, className="small text-body-secondary mt-2", **{"aria-live": "polite"}
    )


def download_link(component_id: str, href: str) -> Component:
    return html.A(
        _("Download data (CSV)"),
        id=component_id,
        href=href,
        download="",
        className="btn btn-outline-secondary btn-sm",
    )


def export_id(graph_id: str, image_format: str) -> dict[str, str]:
    return {"type": Chart.EXPORT, "graph": graph_id, "format": image_format}


def chart_tools(graph_id: str, *, download_id: str | None = None, href: str = "") -> Component:
    """Under a chart: its data as CSV, and the chart as PNG or SVG with its title and source
    line baked in (drawn in the browser by plotly.js; the file name comes from the figure)."""
    buttons: list[Component] = [download_link(download_id, href)] if download_id else []
    for image_format, label in (("png", _("PNG image")), ("svg", _("SVG image"))):
        buttons.append(
            html.Button(
                label,
                id=export_id(graph_id, image_format),
                type="button",
                className="btn btn-outline-secondary btn-sm",
            )
        )
    return html.Div(buttons, className="d-flex flex-wrap gap-2 mt-2 chart-tools")


def table_details(
    component_id: str, label: str | None = None, details_id: str | None = None
) -> Component:
    """The chart's numbers as a table, folded away: for screen readers and for copying.
    `details_id`: the folded box's own id, for a table filled only once opened (its clicks)."""
    return html.Details(
        [
            html.Summary(label or _("Show as table"), className="small fw-semibold"),
            html.Div(id=component_id, className="table-responsive mt-2"),
        ],
        className="mt-2 chart-table",
        **({"id": details_id} if details_id else {}),
    )


def chart_table(chart: str, view: str, csv: str | None = None, query: str = "") -> Component:
    """The "Show as table" under a chart: the first rows of the CSV behind it, as an embed shows
    them (components/embed.py, embed_table), filled when first opened and kept in step with the
    page's URL (callbacks/charts.py). `chart`: the graph's id; `view`: the page's view; `csv`:
    the CSV's name when not the view's own; `query`: that CSV's state when the page's URL is
    not it (a city's interventions)."""
    key = {"type": Chart.TABLE, "chart": chart, "view": view, "csv": csv or view, "query": query}
    return _shown_as_table(html.Div(id={**key, "type": Chart.TABLE_ROWS}, className="mt-2"), key)


def filled_chart_table(table: EmbedTable) -> Component:
    """The same "Show as table" with its rows already in it, for a chart drawn whole on the
    server (a presenting slide)."""
    return _shown_as_table(html.Div(rows_table(table), className="mt-2"))


def _shown_as_table(rows: Component, key: dict[str, str] | None = None) -> Component:
    summary = html.Summary(_("Show as table"), className="small fw-semibold")
    if key is None:
        return html.Details([summary, rows], className="mt-2 chart-table")
    return html.Details([summary, rows], id=key, className="mt-2 chart-table")


def rows_table(table: EmbedTable) -> Component:
    """The rows of a chart's "Show as table", a link to all of them below."""
    cut = [table.cut, " "] if table.cut else []
    link = html.A(_("Download data (CSV)"), href=table.csv_url, download="")
    return html.Div(
        [
            simple_table(table.header, table.rows, scrolls=True),
            html.P([*cut, link], className="small"),
        ]
    )


def simple_table(
    header: list[str],
    rows: list[list[Any]],
    *,
    caption: str | None = None,
    scrolls: bool = False,
) -> Component:
    """A plain, readable HTML table; cells may be strings or components (links, badges). On a
    phone too wide a table scrolls sideways in its box, not the whole page; `scrolls`: a table
    that may be wider than a phone."""
    table = html.Table(
        [
            *([html.Caption(caption, className="small")] if caption else []),
            html.Thead(html.Tr([html.Th(h, scope="col") for h in header])),
            html.Tbody([html.Tr([html.Td(c) for c in row]) for row in rows]),
        ],
        className="table table-sm table-hover align-middle small mb-2",
    )
    # a box that scrolls sideways takes the keyboard's focus, to be scrolled with the arrows
    return html.Div(table, className="table-responsive", tabIndex=0 if scrolls else None)


def intervention_link(row: Any) -> list[Any]:
    """An intervention's title, linking to its detail, and when it ran ("2021-01 – ongoing")."""
    end = _("ongoing") if row.open_end else row.end.strftime("%Y-%m")
    return [
        html.A(row.title, href=f"/interventions?intervention={row.intervention_id}"),
        f" · {row.start.strftime('%Y-%m')} – {end}",
    ]
