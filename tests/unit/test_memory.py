"""Memory has a bound: URLs that differ only in junk cost a worker no memory.

A crawler (or an attacker) can ask for `/assets/style.css?junk=N`, `/trends?junk=N`, ... with a
new N each time. Every cache is bounded (web/cache.py, web/static_files.py) and keyed by what
decides the answer, not by the URL's spelling, so ten thousand such requests across every
route leave a worker's resident memory within a few megabytes of where it was.
"""

from __future__ import annotations

import gc
import json
import re
import threading
from collections.abc import Callable

import psutil
import pytest
from flask.testing import FlaskClient

from app import create_app
from data import memory
from data.repository import Repository
from data.settings import Settings
from views import VIEWS

REQUESTS = 10_000
GROWTH_MB = 50
BROWSER = {"Accept-Encoding": "gzip, deflate, br, zstd", "Accept-Language": "es,en;q=0.8"}


def routes(client: FlaskClient, app_callbacks: dict) -> list[Callable[[int], object]]:
    """One function per route, asking for it with junk number n."""
    page = client.get("/").get_data(as_text=True)
    bundle = re.search(r'src="(/_dash-component-suites/dash/dash-renderer/[^"]+\.js)"', page)
    assert bundle is not None
    asked: list[Callable[[int], object]] = []

    def get(url: str, **headers: str) -> Callable[[int], object]:
        join = "&" if "?" in url else "?"
        return lambda n: client.get(f"{url}{join}junk={n}", headers={**BROWSER, **headers})

    for view in VIEWS:
        url = view.url({view.path_param: "alpha"} if view.path_param else {})
        asked.append(get(url))
        asked.append(
            lambda n, url=url: client.get(
                "/_dash-layout", headers={**BROWSER, "Referer": f"http://localhost{url}?junk={n}"}
            )
        )
        if view.chart is not None:
            query = f"?{view.path_param}=alpha" if view.path_param else ""
            asked.append(get(f"/embed/{view.name}{query}"))
        for name in ([view.name] if view.table else []) + list(view.tables):
            asked.append(get(f"/data/{name}.csv"))
        if view.location is not None and view.wiring is not None:
            asked.append(update(client, app_callbacks, view.location))
    asked += [get("/nowhere"), get("/data/cities.csv"), get("/assets/style.css"), get(bundle[1])]
    asked += [get("/assets/vendor/plotly.min.js"), get("/assets/vendor/topojson/world_110m.json")]
    return asked


def update(client: FlaskClient, callbacks: dict, location: str) -> Callable[[int], object]:
    """The callback a view's URL drives, as the renderer asks for it with a junk query."""
    search = {"id": location, "property": "search"}
    output, spec = next((k, s) for k, s in callbacks.items() if s["inputs"][:1] == [search])
    outputs = [
        dict(zip(("id", "property"), part.rsplit(".", 1)))
        for part in output.strip(".").split("...")
    ]
    more = [{**i, "value": True} for i in spec["inputs"][1:]]  # the map's "drawn" signal

    def post(n: int) -> object:
        body = {
            "output": output,
            "outputs": outputs,
            "inputs": [{**search, "value": f"?junk={n}"}, *more],
            "changedPropIds": [f"{location}.search"],
            "state": [],
        }
        return client.post(
            "/_dash-update-component",
            data=json.dumps(body),
            content_type="application/json",
            headers=BROWSER,
        )

    return post


def resident_mb() -> float:
    gc.collect()
    return psutil.Process().memory_info().rss / 2**20


def test_ten_thousand_junk_requests_leave_a_worker_as_big_as_it_was(
    repo: Repository, own_cache: Settings
) -> None:
    app = create_app(own_cache, repo)
    client = app.server.test_client()
    asked = routes(client, app.callback_map)
    for n in range(3):  # every route computed and kept once, and the allocator settled
        for ask in asked:
            response = ask(-n)
            assert response.status_code in (200, 400, 404), response.request.url
    before = resident_mb()
    for n in range(REQUESTS):
        asked[n % len(asked)](n).close()
    assert resident_mb() - before < GROWTH_MB


def test_what_answers_freed_is_handed_back_soon_after(monkeypatch: pytest.MonkeyPatch) -> None:
    given = threading.Event()
    monkeypatch.setattr(memory, "QUIET", 0.0)
    monkeypatch.setattr(memory, "give_back", given.set)
    later = memory._Later()
    later.ask()
    thread = later.thread
    later.ask()  # a second answer meanwhile: the same thread hands back for both
    assert later.thread is thread
    assert given.wait(timeout=30)
