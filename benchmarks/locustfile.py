"""The visitors `make load` sends (benchmarks/load.py runs Locust headless with this file).

Visitors concentrate as a real audience does: most open one of a few popular links (a
partner's embed, a shared chart, the big cities' pages), one in four a view nobody asked for
yet (computed afresh). A visitor opens a page as a browser does (the page, its layout asked
for with the page as Referer), changes a control now and then (the page's location callbacks
with a new query, as the renderer posts them), and partner sites' readers open embeds and
download CSVs. Scripts and styles are fetched once per visitor, as a browser caches them.
Every answer must be 2xx or 304: anything else is a failed request.

Two knobs, from the environment (benchmarks/load.py sets them):
- `LOAD_FRESH`: the share of visitors' choices nobody made before (city lists, cities, views
  computed afresh); 0.25 by default.
- `LOAD_FLOOR=1`: the same visitors, pacing and number of requests, but each request is the
  app's no-op callback (`OBSERVATORY_BENCHMARK=1`), under the same name: the floor the real run
  is compared with. What the visitors need to know (cities, callbacks, a page's locations) is
  then read once per process outside the measured requests.
"""

from __future__ import annotations

import csv
import io
import json
import os
import random
import urllib.request
from functools import cache
from typing import Any
from urllib.parse import urlencode

from locust import HttpUser, between, task

from components.ids import Benchmark

PAGES = ["/", "/trends", "/interventions", "/map", "/city/{city}"]
EMBEDS = ["trends", "map", "city", "interventions"]
CSVS = ["trends", "map", "city", "interventions", "cities"]
BROWSER = {"Accept-Encoding": "gzip, deflate, br, zstd", "Accept-Language": "en"}
LANGUAGES = ["", "", "", "es", "fr"]  # most visitors read English
FRESH = float(os.environ.get("LOAD_FRESH", "0.25"))
FLOOR = os.environ.get("LOAD_FLOOR") == "1"
NOOP = json.dumps(
    {
        "output": f"{Benchmark.NOOP}.children",
        "outputs": {"id": str(Benchmark.NOOP), "property": "children"},
        "inputs": [{"id": str(Benchmark.NOOP), "property": "title", "value": "floor"}],
        "changedPropIds": [f"{Benchmark.NOOP}.title"],
        "state": [],
    }
)


def locations(layout: Any) -> list[str]:
    """The ids of the dcc.Location components in a page's layout."""
    found = []
    stack = [layout]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if item.get("type") == "Location" and isinstance(item.get("props"), dict):
                found.append(item["props"].get("id"))
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return [f for f in found if isinstance(f, str)]


@cache
def _unmeasured(host: str, path: str, referer: str = "") -> bytes:
    """For the floor run: what a visitor reads from the app, once per process and outside
    Locust's figures."""
    request = urllib.request.Request(host + path, headers={"Referer": referer} if referer else {})
    with urllib.request.urlopen(request, timeout=120) as response:
        return bytes(response.read())


def _city_ids(text: str) -> list[str]:
    cities = [r.get("city_id", "") for r in csv.DictReader(io.StringIO(text))]
    return [c for c in cities if c] or ["none"]


class Visitor(HttpUser):
    wait_time = between(2, 8)  # reading a chart before the next click

    def on_start(self) -> None:
        self.client.headers.update(BROWSER)
        if FLOOR:
            self._noop("/data/cities.csv")
            self.cities = _city_ids(_unmeasured(self.host, "/data/cities.csv").decode())
        else:
            rows = self.client.get("/data/cities.csv", name="/data/cities.csv").text
            self.cities = _city_ids(rows)
        self.dependencies: list[dict[str, Any]] = []
        self._load_dependencies()
        for asset in ("/assets/vendor/plotly.min.js", "/assets/vendor/bootstrap/bootstrap.min.css"):
            self._get(asset, name="/assets/vendor/*")
        self.page: tuple[str, list[str]] = ("/", [])

    def _noop(self, name: str) -> None:
        """The floor run's stand-in for any request: the no-op callback, under its name."""
        self.client.post(
            "/_dash-update-component",
            data=NOOP,
            headers={"Content-Type": "application/json"},
            name=name,
        )

    def _get(self, url: str, *, name: str, **kwargs: Any) -> None:
        if FLOOR:
            self._noop(name)
        else:
            self.client.get(url, name=name, **kwargs)

    def _load_dependencies(self) -> None:
        """The callbacks, as the renderer asks for them (a failed answer is counted by Locust
        as a failed request, and asked for again at the next control change)."""
        if FLOOR:
            self._noop("/_dash-dependencies")
            self.dependencies = json.loads(_unmeasured(self.host, "/_dash-dependencies"))
            return
        with self.client.get("/_dash-dependencies", catch_response=True) as response:
            if response.status_code == 200:
                try:
                    self.dependencies = response.json()
                except ValueError:
                    response.failure(f"not JSON: {response.text[:80]!r}")

    def _city(self) -> str:
        """One of the first ten cities (the popular pages) unless fresh, else any."""
        return random.choice(self.cities[:10] if random.random() >= FRESH else self.cities)

    def _query(self, *, many: bool = True) -> str:
        popular = random.random() >= FRESH
        pool = random.Random(random.randrange(10)) if popular else random  # ten popular choices
        chosen = pool.sample(self.cities, k=min(len(self.cities), pool.randint(1, 6)))
        params = {"cities": ",".join(chosen)} if many else {}
        lang = random.choice(LANGUAGES)
        if lang:
            params["lang"] = lang
        return urlencode(params, safe=",")

    def _view_query(self, view: str) -> str:
        if view == "city":
            return f"city={self._city()}&" + self._query(many=False)
        return self._query(many=view == "trends")

    @task(5)
    def open_page(self) -> None:
        pattern = random.choice(PAGES)
        name = pattern.replace("{city}", "[id]")
        path = pattern.format(city=self._city())
        query = self._query(many=path in ("/trends", "/"))
        url = f"{path}?{query}" if query else path
        base = self.client.base_url or ""
        if FLOOR:
            self._noop(name)
            self._noop("/_dash-layout")
            page = path.format(city=self.cities[0])
            layout = _unmeasured(self.host, "/_dash-layout", referer=self.host + page)
            self.page = (path, locations(json.loads(layout)))
            return
        self.client.get(url, name=name)
        layout = self.client.get(
            "/_dash-layout", headers={"Referer": base + url}, name="/_dash-layout"
        )
        try:
            self.page = (path, locations(layout.json()))
        except ValueError:  # a failed answer, counted as such by Locust
            self.page = (path, [])

    @task(4)
    def change_control(self) -> None:
        """The URL of the open page changes: its location's callbacks, as the renderer posts
        them."""
        if not self.dependencies:
            self._load_dependencies()
        path, ids = self.page
        search = "?" + self._query()
        for dependency in self.dependencies:
            inputs = dependency.get("inputs", [])
            if dependency.get("state") or dependency.get("clientside_function") or not inputs:
                continue  # one the browser runs itself, or one that needs more than the URL
            if not all(i.get("id") in ids and i.get("property") in ("pathname", "search")
                       for i in inputs):  # fmt: skip
                continue
            values = {"pathname": path, "search": search}
            body = {
                "output": dependency["output"],
                "outputs": _outputs(dependency["output"]),
                "inputs": [{**i, "value": values[i["property"]]} for i in inputs],
                "changedPropIds": [f"{inputs[-1]['id']}.{inputs[-1]['property']}"],
                "state": [],
            }
            if FLOOR:
                self._noop("/_dash-update-component")
                continue
            self.client.post(
                "/_dash-update-component",
                data=json.dumps(body),
                headers={"Content-Type": "application/json"},
                name="/_dash-update-component",
            )

    @task(3)
    def open_embed(self) -> None:
        view = random.choice(EMBEDS)
        self._get(f"/embed/{view}?{self._view_query(view)}", name=f"/embed/{view}")

    @task(2)
    def download_csv(self) -> None:
        view = random.choice(CSVS)
        self._get(f"/data/{view}.csv?{self._view_query(view)}", name=f"/data/{view}.csv")


def _outputs(output: str) -> Any:
    """The `outputs` the renderer sends: one {id, property} or a list for a multi-output."""
    parts = [o for o in output.strip(".").split("...") if o]
    if not output.startswith(".."):
        component, _, prop = output.rpartition(".")
        return {"id": component, "property": prop}
    return [
        {"id": component, "property": prop}
        for component, _, prop in (p.rpartition(".") for p in parts)
    ]
