"""/presentation: collect views as slides, edit the deck, present it, export it."""

from __future__ import annotations

from dash.development.base_component import Component

from components import presentation as view
from data.repository import Repository


def page(repo: Repository, search: str) -> Component:
    return view.layout()
