"""A callback that does nothing, registered only for `make bench`: the latency floor that every
other callback is measured against, in the same app, server and run."""

from __future__ import annotations

from dash import Dash, Input, Output

from components.ids import Benchmark
from data.repository import Repository


def register(app: Dash, repo: Repository) -> None:
    @app.callback(Output(Benchmark.NOOP, "children"), Input(Benchmark.NOOP, "title"))
    def _noop(title: str | None) -> str | None:
        return title
