"""/presentation: collect views as slides, edit the deck, present it, export it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from dash.development.base_component import Component

from components import presentation as view
from data.i18n import N_
from data.repository import Repository
from data.state import ViewState
from views.record import View


def page(repo: Repository, search: str) -> Component:
    return view.layout()


@dataclass(frozen=True)
class PresentationState(ViewState):
    """The deck lives in the browser: the page's URL carries nothing."""

    view: ClassVar[str] = "presentation"


VIEW = View(
    name="presentation",
    lazy=("upload",),
    path="/presentation",
    title=N_("Presentation"),
    state=PresentationState,
    page=page,
)
