"""What `make bench` needs and nothing else does: a callback that does nothing, the latency floor
that every other callback is measured against (in the same app, server and run), and whether a
worker has finished warming its pages, so that warming does not run under the measurements."""

from __future__ import annotations

from dash import Dash, Input, Output
from flask import Response

from components.ids import Benchmark
from data.repository import Repository
from web.warm import warmed


def register(app: Dash, repo: Repository) -> None:
    @app.callback(Output(Benchmark.NOOP, "children"), Input(Benchmark.NOOP, "title"))
    def _noop(title: str | None) -> str | None:
        return title

    @app.server.route("/_benchmark/warm")
    def _warm() -> Response:
        done = repo.snapshot.build_id in warmed(app.server)
        return Response("warm" if done else "warming", status=200 if done else 503)
