"""The compact controls embeds offer: each view's most asked-for choice, as a `<select>`."""

from __future__ import annotations

from typing import Any

from components.embed import Choice
from components.interventions import group_options
from data.i18n import _
from data.queries import options
from data.queries.map import MapState
from data.repository import Repository


def _select(parameter: str, label: str, items: list[dict[str, str]], value: str) -> Choice:
    return Choice(parameter, label, [(o["value"], o["label"]) for o in items], value)


def indicator(repo: Repository, state: Any) -> list[Choice]:
    value = state.indicator or repo.default_indicator()
    return [_select("indicator", _("Indicator"), options.indicator_options(repo), value)]


def network(repo: Repository, state: Any) -> list[Choice]:
    chosen = state.networks if isinstance(state, MapState) else (state.network,)
    items = [{"value": "", "label": _("All networks")}, *options.network_options(repo)]
    value = chosen[0] if len(chosen) == 1 else ""
    return [_select("network", _("Network"), items, value)]


def group(repo: Repository, state: Any) -> list[Choice]:
    """How the timeline groups its rows; nothing for an open intervention's before/after."""
    del repo
    if state.intervention:
        return []
    return [_select("group", _("Group by"), group_options(), state.group)]
