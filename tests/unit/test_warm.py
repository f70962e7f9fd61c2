"""After a new build, the main pages are rendered before anyone asks, as a browser asks."""

from __future__ import annotations

import dataclasses
import gc
import threading
import time

import pytest
from dash import Dash

from app import create_app
from data.i18n import available_languages
from data.repository import Repository
from data.settings import Settings
from web import warm
from web.response_cache import answers


def kept_values(app: Dash) -> list[bytes]:
    cache = answers(app.server).cache  # type: ignore[attr-defined]
    return [cache[key] for key in cache]


def test_warmed_pages_are_what_a_browser_then_gets(repo: Repository, own_cache: Settings) -> None:
    app = create_app(own_cache, repo)
    warm.warm(app, repo, paths=("/trends", "/map"), embeds_at=("/embed/map",))
    before = kept_values(app)
    assert len(before) == 3 * len(available_languages())
    browser = {"Accept-Encoding": "gzip, deflate, br, zstd", "Accept-Language": "es-ES,es;q=0.9"}
    page = app.server.test_client().get(
        "/_dash-layout", headers={**browser, "Referer": "http://localhost/map"}
    )
    assert page.status_code == 200 and page.headers["Content-Encoding"] == "br"
    assert page.get_data() in before  # served as warmed, nothing computed again
    embed = app.server.test_client().get("/embed/map", headers=browser)
    assert embed.status_code == 200 and embed.mimetype == "text/html"
    assert embed.get_data() in before
    assert kept_values(app) == before


def test_a_new_build_is_warmed_once_after_its_first_request(
    repo: Repository, own_cache: Settings
) -> None:
    settings = dataclasses.replace(own_cache, warm_pages=True)
    app = create_app(settings, repo)
    client = app.server.test_client()
    client.get("/").close()  # as a WSGI server does once the response is sent
    deadline = time.monotonic() + 120
    wanted = (len(warm.pages()) + len(warm.embeds())) * len(available_languages())
    while len(answers(app.server)) < wanted + 2 and time.monotonic() < deadline:  # lock, done
        time.sleep(0.2)
    assert len(answers(app.server)) == wanted + 2
    for thread in threading.enumerate():  # done, it hands back what warming freed
        if thread.name == warm.THREAD:
            thread.join(timeout=60)
    client.get("/trends").close()  # the same build: no second warming
    assert warm.THREAD not in {thread.name for thread in threading.enumerate()}
    # the build and what warming computed are out of the collector's full passes
    assert gc.get_freeze_count() > len(warm.pages())
    gc.unfreeze()


def test_the_benchmark_waits_until_a_worker_is_warm(repo: Repository, own_cache: Settings) -> None:
    settings = dataclasses.replace(own_cache, warm_pages=True, benchmark=True)
    client = create_app(settings, repo).server.test_client()
    first = client.get("/_benchmark/warm")
    assert first.status_code == 503  # this very request starts the warming, once it is sent
    first.close()
    deadline = time.monotonic() + 120
    while client.get("/_benchmark/warm").status_code != 200 and time.monotonic() < deadline:
        time.sleep(0.2)
    assert client.get("/_benchmark/warm").get_data(as_text=True) == "warm"


def test_a_host_meeting_a_build_already_warmed_does_not_warm_it_again(
    repo: Repository, own_cache: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A host started after the warm-up lock expired (or a worker restarted) finds the build's
    pages in the shared cache and leaves them be."""
    settings = dataclasses.replace(own_cache, warm_pages=True)
    first = create_app(settings, repo)
    first.server.test_client().get("/").close()
    build = repo.snapshot.build_id
    deadline = time.monotonic() + 120
    while answers(first.server).get(f"warmed;{build}") is None and time.monotonic() < deadline:
        time.sleep(0.2)
    assert answers(first.server).get(f"warmed;{build}") == b""
    kept = answers(first.server)
    kept.cache.delete(kept.prefix + f"warming;{build}")  # type: ignore[attr-defined]  # expired
    rendered: list[str] = []
    monkeypatch.setattr(warm, "warm", lambda *args, **kwargs: rendered.append(build) or 0.0)
    second = create_app(settings, repo)  # another host, the same shared cache
    second.server.test_client().get("/").close()
    deadline = time.monotonic() + 120
    while build not in warm.warmed(second.server) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert build in warm.warmed(second.server)  # it did its own share
    assert rendered == []  # and rendered no page again
