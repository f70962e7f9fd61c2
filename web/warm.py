"""The main pages are rendered as soon as a host has a build, before anyone asks for them.

Otherwise the first visitor of a page after a new build (or a restart) waits for its whole
computation: at 5,000 cities, seconds for the map. Warming starts once the response that met the
new build has gone out, so it never delays that request. Each worker computes the per-build
work its requests share (`View.warmers`: indexes and labels in its own memory); one worker of
those sharing the answer cache (a lock in it) then has each view's warmed pages (`View.warm`),
in each language, put into that cache (web/response_cache.py) the way a browser asks for them, and
so for their embeds. Views with another query are computed when first asked for.

The pages are rendered by a process of their own, which exits when they are in the cache: a
worker that rendered every page in every language kept a hundred megabytes more than the others
for good at 20,000 cities (Python's and glibc's allocators keep blocks that live objects pin),
though only the cache needed what it had made (benchmarks/results.md). A fresh interpreter and
not a fork: the worker's threads may hold the answer cache's SQLite locks, which a fork would
copy half-held.
"""

from __future__ import annotations

import dataclasses
import gc
import logging
import pickle
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from dash import Dash
from flask import Flask, Response

from components.figures import style
from data import memory
from data.i18n import available_languages
from data.i18n import language as in_language
from data.repository import Repository
from data.settings import ROOT, Settings
from views import VIEWS
from web.response_cache import AHEAD, answers

log = logging.getLogger(__name__)

ENCODING = "br"  # what every current browser asks for
THREAD = "observatory-warm"
Warmer = Callable[[Repository], object]


def pages() -> tuple[str, ...]:
    """The pages each view's record asks to warm (`View.warm`)."""
    return tuple(view.url(query) for view in VIEWS for query in view.warm)


def embeds() -> tuple[str, ...]:
    """Their embeds: partner pages show these by default; the map's is worth waiting for."""
    return tuple(
        f"/embed/{view.name}" + (f"?{query}" if query else "")
        for view in VIEWS.embeddable()
        for query in view.warm
    )


def shared(repo: Repository, computations: Iterable[Warmer] | None = None) -> None:
    """The work every request of a view shares (`View.warmers`), each on its own: one that
    fails is logged, and the request that needs it computes it again and reports."""
    for compute in computations if computations is not None else everything():
        try:
            compute(repo)
        except Exception:
            log.exception("warming up %s failed", compute)


def shared_in_every_language(repo: Repository) -> None:
    """Names and labels are kept per language: the shared work is done in each."""
    for language in available_languages():
        with in_language(language):
            shared(repo)


def everything() -> list[Warmer]:
    return [compute for view in VIEWS for compute in view.warmers]


def warm(
    app: Dash,
    repo: Repository,
    paths: Iterable[str] | None = None,
    embeds_at: Iterable[str] | None = None,
) -> float:
    """plotly.py's first figure, the shared work of the views, then the pages at `paths` and
    the embeds at `embeds_at` (by default, what the views ask for) rendered in every language
    into the cache; returns the seconds it took."""
    started = time.perf_counter()
    paths = pages() if paths is None else tuple(paths)
    embeds_at = embeds() if embeds_at is None else tuple(embeds_at)
    style.warm()
    shared_in_every_language(repo)
    client = app.server.test_client()
    layout = app.config.routes_pathname_prefix + "_dash-layout"
    for language in available_languages():
        browser = {"Accept-Language": language, "Accept-Encoding": ENCODING, AHEAD: "1"}
        for path in paths:  # the test client's host
            client.get(layout, headers={**browser, "Referer": f"http://localhost{path}"})
        for path in embeds_at:
            client.get(path, headers=browser)
    return time.perf_counter() - started


def warmed(server: Flask) -> set[str]:
    """The builds whose pages this worker has rendered (or tried to)."""
    return server.extensions.setdefault("observatory.warmed", set())


LOCK_SECONDS = 600  # a worker that died while warming: a host that meets the build after this
# warms it (warming takes well under this: benchmarks/results.md)


def render_elsewhere(settings: Settings, folder: Path, build: str) -> subprocess.Popen[bytes]:
    """`warm` started in a process of its own on the build `build` of `folder` (see the
    module's docstring), with these settings and no warming of its own; `finish` waits."""
    process = subprocess.Popen(
        [sys.executable, "-m", __name__, str(folder), build], cwd=ROOT, stdin=subprocess.PIPE
    )
    with process.stdin:  # type: ignore[union-attr]
        pickle.dump(dataclasses.replace(settings, warm_pages=False), process.stdin)  # type: ignore[arg-type]
    return process


def finish(process: subprocess.Popen[bytes]) -> None:
    """Waits for the pages; raises if they were not all rendered."""
    try:
        code = process.wait(timeout=LOCK_SECONDS)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
        raise
    if code != 0:
        raise RuntimeError(f"rendering the pages ended with exit code {code}")


def main(folder: str, build: str) -> None:
    """The process `render_elsewhere` starts: renders the pages if `build` is still the one
    served (a newer one is warmed after its own first request)."""
    from app import create_app  # the app's factory imports this module

    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    settings = pickle.load(sys.stdin.buffer)
    repo = Repository(Path(folder))
    if repo.ready and repo.snapshot.build_id == build:
        seconds = warm(create_app(settings, repo), repo)
        log.info("pages of build %s warmed in %.1f s", build, seconds)


def hook(app: Dash, repo: Repository, settings: Settings) -> Callable[[Response], Response]:
    """The after-request hook that warms a build the first time a worker meets it (its pages
    rendered by a process of their own, with the app's `settings`), and has the memory each
    answer freed handed back soon after."""
    started: set[str] = set()
    lock = threading.Lock()

    def run(build: str) -> None:
        kept = answers(app.server)
        try:
            # A host started after the build was warmed (or after the lock expired) finds it
            # warmed; of those that find it unwarmed, the one that takes the lock warms it.
            pages = None
            if kept.get(f"warmed;{build}") is None and kept.add(
                f"warming;{build}", b"", expire=LOCK_SECONDS
            ):
                pages = render_elsewhere(settings, repo.folder, build)
            style.warm()  # meanwhile each worker computes its own share
            shared_in_every_language(repo)
            if pages is not None:
                finish(pages)
                kept.set(f"warmed;{build}", b"")
        except Exception:  # a page that fails here fails for its visitor too, with a message
            log.exception("warming the pages of build %s failed", build)
        gc.unfreeze()  # the last build's objects (see below) may be garbage now
        gc.collect()  # cycles the warming left, then
        memory.give_back()  # what it freed (data/memory.py)
        # What is alive now (the build, its indexes and memos, the app) lives as long as the
        # build: kept out of the collector's full passes, which walked it all, 50 to 100 ms at
        # 5,000 cities, in the middle of whichever requests were running.
        gc.freeze()
        warmed(app.server).add(build)

    def warm_new_build(response: Response) -> Response:
        response.call_on_close(memory.give_back_soon)  # what the answer freed (data/memory.py)
        if not repo.ready:  # nothing to warm: the "no data yet" page was sent
            return response
        build = repo.snapshot.build_id
        with lock:
            if build in started:
                return response
            started.add(build)
        response.call_on_close(
            lambda: threading.Thread(target=run, args=(build,), name=THREAD, daemon=True).start()
        )
        return response

    return warm_new_build


def probe(app: Dash, repo: Repository) -> None:
    """`/_benchmark/warm`: 200 once this worker has done its share of warming the build it
    serves and the host's pages are warm, else 503, so that `make bench` measures nothing while
    warming runs."""

    @app.server.route("/_benchmark/warm")
    def _warm() -> Response:
        build = repo.snapshot.build_id
        done = build in warmed(app.server) and answers(app.server).get(f"warmed;{build}") == b""
        return Response("warm" if done else "warming", status=200 if done else 503)


if __name__ == "__main__":
    main(*sys.argv[1:])
