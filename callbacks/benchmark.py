"""What `make bench` needs and nothing else does: a callback that does nothing, the latency floor
that every other callback is measured against (in the same app, server and run). Whether a
worker has finished warming is web/warm.py's `/_benchmark/warm`."""

from __future__ import annotations

from dash import Dash, Input, Output

from components.ids import Benchmark
from data.repository import Repository


def register(app: Dash, repo: Repository) -> None:
    del repo

    @app.callback(Output(Benchmark.NOOP, "children"), Input(Benchmark.NOOP, "title"))
    def _noop(title: str | None) -> str | None:
        return title
