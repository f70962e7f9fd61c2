"""The map's words and figures: title, captions, the summary sentence, the facts table."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import dash_bootstrap_components as dbc
import pandas as pd
import plotly.graph_objects as go
from dash import html
from dash.development.base_component import Component

from components.figures.geo import (
    IndicatorColour,
    MapText,
    membership_map,
)
from data.i18n import _
from data.queries import map as q
from data.queries.common import Attribution, attribution
from data.repository import Repository
from data.schema import ROLES


def _names(repo: Repository) -> dict[str, str]:
    networks = repo.table("networks")
    return dict(zip(networks.index, networks["name"]))


def _join(names: list[str], limit: int = 25) -> str:
    if len(names) <= limit:
        return ", ".join(names)
    return _("{names} and {more} more", names=", ".join(names[:limit]), more=len(names) - limit)


def describe(repo: Repository, state: q.MapState, rows: pd.DataFrame) -> str:
    """What the map shows, in words: the answer to 'which cities joined since 2019, and which
    of them are also in the Strong Cities Network' without reading the dots."""
    year = q.year_of(repo, state)
    names = _names(repo)
    cities = rows.drop_duplicates("city_id")
    if state.networks:
        which = _(" and ").join(names[n] for n in state.networks)
    else:
        which = _("any network")
    text = _(
        "In {year}, {n} cities in {countries} countries belonged to {which}",
        year=year,
        n=len(cities),
        countries=cities["country"].nunique(),
        which=which,
    )
    if state.since is not None:
        text += " " + _("(joined in {since} or later)", since=state.since)
    text += "."
    several = int((rows.groupby("city_id")["network_id"].nunique() > 1).sum())
    if not state.networks or len(state.networks) > 1:
        text += " " + _("{several} of them belong to two or more of these.", several=several)
    for network, members in q.also_members(repo, state, rows).items():
        text += " " + _(
            "{k} of them are also in {network}: {names}.",
            k=len(members),
            network=names[network],
            names=_join(members) or "–",
        )
    return text


@dataclass(frozen=True)
class Captions:
    """The map's words: title, subtitle and source, and the colour bar's when coloured by an
    indicator."""

    text: MapText
    colour: IndicatorColour | None
    title: str
    source: Attribution


def captions(repo: Repository, state: q.MapState) -> Captions:
    names = _names(repo)
    source = attribution(repo, q.map_sources(repo, state))
    indicator = None if state.colour == q.NETWORK_COLOUR else repo.indicator(state.colour)
    if state.networks and state.also:
        title = _(
            "Member cities: {networks}, compared with {others}",
            networks=", ".join(names[n] for n in state.networks),
            others=", ".join(names[n] for n in state.also),
        )
    elif state.networks:
        title = _("Member cities: {networks}", networks=", ".join(names[n] for n in state.networks))
    else:
        title = _("Member cities of {n} networks", n=len(names))
    if indicator is None:
        subtitle = _("One ring per network a city belongs to; dot size: population")
    else:
        subtitle = _("Colour: latest {label}; dot size: population", label=indicator.label)
    colour = (
        IndicatorColour(
            title=_("{label}, {unit}", label=indicator.label, unit=indicator.unit),
            lower_is_better=indicator.lower_is_better,
            no_data=_("No data"),
        )
        if indicator
        else None
    )
    text = MapText(
        title=title,
        subtitle=subtitle,
        source=source.text(),
        year=str(q.year_of(repo, state)),
        grouped=_("Nearby cities, grouped: zoom in to see them"),
        cities=_("{n} cities", n="{n}"),
        split=_("Click or zoom in to see them"),
    )
    return Captions(text=text, colour=colour, title=title, source=source)


def map_figure(
    repo: Repository,
    state: q.MapState,
    points: pd.DataFrame,
    periods: pd.DataFrame,
    *,
    year: int,
    plain: bool = False,
) -> tuple[go.Figure | dict[str, Any], str, Attribution]:
    """The map as it stands in `year`, with its title and sources (for export and embedding).
    `plain`: the figure as a dict (style.finished)."""
    words = captions(repo, state)
    figure = membership_map(
        points,
        periods,
        year=year,
        networks=_names(repo),
        text=words.text,
        region=state.region,
        indicator=words.colour,
        plain=plain,
    )
    return figure, words.title, words.source


def facts_table(facts: pd.DataFrame) -> Component:
    """Each network's founding year, secretariat and source, as a plain accessible table."""

    def link(text: str, url: object) -> Component | str:
        return html.A(text, href=str(url)) if isinstance(url, str) and url else text

    def cell(value: object) -> str:
        if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
            return "–"
        return str(int(value)) if isinstance(value, float) else str(value)

    header = html.Thead(
        html.Tr(
            [
                html.Th(_("Network"), scope="col"),
                html.Th(_("Founded"), scope="col"),
                html.Th(_("Secretariat"), scope="col"),
                html.Th(_("Member cities shown"), scope="col", className="text-end"),
                html.Th(_("Source"), scope="col"),
            ]
        )
    )
    body = html.Tbody(
        [
            html.Tr(
                [
                    html.Th(link(row.network, row.url), scope="row"),
                    html.Td(cell(row.founded)),
                    html.Td(cell(row.secretariat)),
                    html.Td(str(row.members), className="text-end"),
                    html.Td(link(str(row.source), row.source_url)),
                ]
            )
            for row in facts.itertuples()
        ]
    )
    return dbc.Table([header, body], size="sm", responsive=True, className="small")


def table_rows(rows: pd.DataFrame) -> list[dict[str, Any]]:
    """The member list for the grid: labels people read, gaps as empty cells."""
    frame = rows.assign(
        role_label=rows["role"].map(lambda r: _(ROLES[r])),
        region_label=rows["region"].map(q.region_label),
    )
    frame = frame.astype(object).where(frame.notna(), None)
    return frame.to_dict("records")
