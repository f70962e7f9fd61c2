"""Layout of `/admin/import`: the upload wizard (token, file, preview, columns, report, confirm)."""

from __future__ import annotations

import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html
from dash.development.base_component import Component

from components.common import control, multi_select, page_header, simple_table
from components.ids import AdminImport as ids
from data.i18n import _, number
from data.importers.report import Report
from data.importers.wizard import MAX_BYTES

PREVIEW_ROWS = 8
NONE = ""
# Unknown places are listed, not created: creating them is the coordinator's choice, per file.
UNKNOWN_DEFAULT = "skip"


def column_options(columns: list[str]) -> list[dict[str, str]]:
    return [{"label": _("(none)"), "value": NONE}, *({"label": c, "value": c} for c in columns)]


def preview(frame: pd.DataFrame, name: str) -> Component:
    """The first rows as the file holds them, with the row numbers the report uses."""
    head = frame.head(PREVIEW_ROWS)
    return html.Div(
        [
            html.H2(_("First rows of {file}", file=name), className="h6 mt-3"),
            dbc.Table(
                [
                    html.Thead(html.Tr([html.Th(_("Row")), *(html.Th(c) for c in head.columns)])),
                    html.Tbody(
                        [
                            html.Tr([html.Th(str(i)), *(html.Td(v) for v in row)])
                            for i, row in zip(head.index, head.itertuples(index=False))
                        ]
                    ),
                ],
                size="sm",
                bordered=True,
                responsive=True,
                className="small",
            ),
            html.P(
                _("{n} rows in all.", n=f"{len(frame):,}"), className="small text-body-secondary"
            ),
        ]
    )


LARGEST = 10  # places not imported named in the summary; the full report has the rest


def _outcome(report: Report, built: bool) -> Component:
    if report.failed:
        text, colour = _("Nothing was written: {reason}", reason=report.failed), "danger"
    elif report.dry_run:
        text, colour = _("Check only: nothing was written yet. Confirm to import."), "info"
    elif built:
        text = _("Imported and rebuilt: the new data is served now, no restart needed.")
        colour = "success"
    else:
        text, colour = _("Written, but not rebuilt yet."), "warning"
    return dbc.Alert(html.Strong(text), color=colour, className="py-2 mb-2")


def _summary(report: Report) -> Component:
    rows: list[list[object]] = [
        [_("New values"), number(report.added, 0)],
        [_("Values replaced"), number(len(report.replaced), 0)],
        [_("Values unchanged"), number(report.unchanged, 0)],
        [_("Values kept as they were"), number(report.kept, 0)],
    ]
    reasons: dict[str, int] = {}
    for item in report.skipped:
        reasons[item.reason] = reasons.get(item.reason, 0) + 1
    rows.append([_("Values skipped"), number(len(report.skipped), 0)])
    rows += [
        [html.Span(f"· {reason}", className="ps-3"), number(n, 0)] for reason, n in reasons.items()
    ]
    rows.append([_("New cities"), number(len(report.created), 0)])
    rows.append([_("Places not imported"), number(len(report.unknown), 0)])
    title = _("What this import would do") if report.dry_run else _("What this import did")
    return html.Section(
        [html.H3(title, className="h6 mt-2"), simple_table([_("What"), _("How many")], rows)],
        className="table-responsive",
    )


def _largest(report: Report) -> Component | None:
    places = report.not_imported()
    if not places:
        return None
    events = sum(p.events or 0 for p in places)
    share = events / report.file_events if report.file_events else 0.0
    rows = [
        [
            p.label(),
            "–" if p.population is None else number(p.population, 0),
            "–" if p.events is None else number(p.events, 0),
            p.how,
        ]
        for p in places[:LARGEST]
    ]
    lead = _(
        "{n} places with {events} events ({share}% of the file's events) are not imported. To "
        "add them as cities, choose 'Create them' for this file and check again.",
        n=number(len(places), 0),
        events=number(events, 0),
        share=number(share * 100, 1),
    )
    header = [_("Place"), _("Population"), _("Events"), _("Why")]
    return html.Section(
        [
            html.H3(_("Largest places not imported"), className="h6 mt-2"),
            html.P(lead, className="small mb-1"),
            simple_table(header, rows),
        ],
        className="table-responsive",
    )


def report_view(report: Report, *, built: bool = False, extra: list[str] = ()) -> Component:
    """The report as a coordinator reads it: the outcome, then what is written and skipped and
    the largest places left out, as tables; every line of the full report below, folded."""
    lines = [*report.lines(), *extra]
    return html.Div(
        [
            _outcome(report, built),
            _summary(report),
            _largest(report),
            html.Details(
                [
                    html.Summary(_("Full report"), className="small fw-semibold"),
                    html.Pre(
                        "\n".join(lines),
                        className="mb-0 small mt-2",
                        style={"whiteSpace": "pre-wrap"},
                    ),
                ]
            ),
        ],
        className="mt-3",
    )


def _select(component_id: str) -> Component:
    return dbc.Select(id=component_id, options=column_options([]), value=NONE)


def layout(indicators: list[dict[str, str]]) -> Component:
    steps = html.Ol(
        [
            html.Li(_("Enter the admin token.")),
            html.Li(
                _("If the file has title lines above its column names, say on which row they are.")
            ),
            html.Li(
                _(
                    "Upload a CSV or Excel (.xlsx) file of up to {mb} MB.",
                    mb=MAX_BYTES // (1024 * 1024),
                )
            ),
            html.Li(_("Choose which column holds what, then check: you see the full report.")),
            html.Li(_("Confirm: the data folder is updated and rebuilt in one step.")),
        ],
        className="small",
    )
    mapping = html.Div(
        [
            html.H2(_("Columns"), className="h5 mt-3"),
            dbc.Row(
                [
                    control(
                        _("Indicator"),
                        dbc.Select(
                            id=ids.INDICATOR,
                            options=indicators,
                            value=indicators[0]["value"] if indicators else None,
                        ),
                    ),
                    control(_("City name"), _select(ids.CITY)),
                    control(
                        _("Country (ISO3 code, e.g. COL)"),
                        dbc.Input(id=ids.COUNTRY, type="text", maxLength=3, value=""),
                    ),
                    control(_("State or department"), _select(ids.ADMIN)),
                    control(_("Official code"), _select(ids.CODE)),
                    control(_("Year"), _select(ids.YEAR)),
                    control(
                        _("Count (several are added up)"),
                        multi_select(ids.COUNTS, [], []),
                    ),
                    control(_("Population"), _select(ids.POPULATION)),
                    control(_("Ready value (instead of a count)"), _select(ids.VALUE)),
                    control(
                        _("Source title"),
                        dbc.Input(id=ids.SOURCE, type="text", value=""),
                        width=6,
                    ),
                    control(
                        _("Source id (short, to reuse)"),
                        dbc.Input(id=ids.SOURCE_ID, type="text", value=""),
                        width=3,
                    ),
                    control(
                        _("Places that are not cities yet"),
                        dbc.Select(
                            id=ids.UNKNOWN,
                            options=[
                                {
                                    "label": _("List them, skip their rows"),
                                    "value": "skip",
                                },
                                {"label": _("Create them (placed by GeoNames)"), "value": "create"},
                                {"label": _("Stop the import"), "value": "fail"},
                            ],
                            value=UNKNOWN_DEFAULT,
                        ),
                        width=3,
                    ),
                ]
            ),
            html.Div(
                [
                    dbc.Button(_("Check (nothing is written)"), id=ids.CHECK, color="primary"),
                    dbc.Button(
                        _("Import and rebuild"),
                        id=ids.CONFIRM,
                        color="success",
                        disabled=True,
                        className="ms-2",
                    ),
                ],
                className="mt-2",
            ),
            dcc.Loading(html.Div(id=ids.REPORT), type="dot"),
            dcc.Loading(html.Div(id=ids.RESULT), type="dot"),
        ],
        id=ids.MAPPING,
        hidden=True,
    )
    return html.Div(
        [
            page_header(
                _("Import a table"),
                _("Bring an official city table in, with every row accounted for."),
            ),
            steps,
            dbc.Row(
                [
                    control(
                        _("Admin token"),
                        dbc.Input(id=ids.TOKEN, type="password", autocomplete="off"),
                        width=3,
                    ),
                    control(
                        _("Column names on row"),
                        dbc.Input(id=ids.HEADER_ROW, type="number", min=1, step=1, value=1),
                        width=2,
                    ),
                    dbc.Col(
                        # The label names the upload's own file input for screen readers.
                        html.Label(
                            dcc.Upload(
                                html.Div(
                                    [
                                        _("Drop a CSV or Excel file here, or "),
                                        html.Span(_("choose one"), className="link-primary"),
                                    ]
                                ),
                                id=ids.UPLOAD,
                                accept=".csv,.txt,.tsv,.xlsx,.xlsm",
                                max_size=MAX_BYTES,
                                className="border border-2 rounded p-3 text-center mt-4",
                            ),
                            className="d-block",
                        ),
                        md=7,
                    ),
                ]
            ),
            dcc.Store(id=ids.FILE),
            html.Div(id=ids.STATUS, **{"aria-live": "polite"}),
            html.Div(id=ids.PREVIEW),
            mapping,
        ]
    )
