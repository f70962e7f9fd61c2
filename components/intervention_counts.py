"""The summary tab's tables: interventions by funder and budgets by currency.

Budgets are shown per currency and always beside how many records do not state one, so a total
is never read as the whole cost of the work.
"""

from __future__ import annotations

import pandas as pd
from dash import html
from dash.development.base_component import Component

from data.i18n import _, number
from data.queries.intervention_summary import Budgets


def _money(totals: tuple[tuple[str, float], ...]) -> str:
    return "; ".join(f"{currency} {number(total, 0)}" for currency, total in totals) or "–"


def funders_table(table: pd.DataFrame) -> Component:
    head = html.Thead(
        html.Tr(
            [
                html.Th(_("Funder"), scope="col"),
                html.Th(_("Interventions"), scope="col", className="text-end"),
                html.Th(_("With a budget"), scope="col", className="text-end"),
                html.Th(_("Budgets stated"), scope="col", className="text-end"),
            ]
        )
    )
    body = html.Tbody(
        [
            html.Tr(
                [
                    html.Th(str(row.funder), scope="row", className="fw-normal"),
                    html.Td(number(row.interventions, 0), className="text-end"),
                    html.Td(number(row.with_budget, 0), className="text-end"),
                    html.Td(_money(row.totals), className="text-end"),
                ]
            )
            for row in table.itertuples()
        ]
    )
    return html.Div(
        html.Table(
            [html.Caption(_("Interventions by funder"), className="caption-top"), head, body],
            className="table table-sm table-striped small",
        ),
        className="table-responsive funders-table",
    )


def budgets_text(budgets: Budgets) -> Component:
    if budgets.totals.empty:
        return html.P(
            _("None of the {n} listed interventions states a budget.", n=budgets.listed),
            className="small",
        )
    totals = "; ".join(
        _(
            "{currency} {total} over {n} interventions",
            currency=row.currency,
            total=number(row.total, 0),
            n=row.interventions,
        )
        for row in budgets.totals.itertuples()
    )
    return html.P(
        [
            html.Strong(_("Budgets where known: {totals}.", totals=totals)),
            " ",
            _(
                "{without} of the {n} listed interventions do not state a budget, and amounts in "
                "different currencies are not added together.",
                without=budgets.without,
                n=budgets.listed,
            ),
        ],
        className="small",
    )
