"""The visitors `make load` sends (benchmarks/load.py runs Locust headless with this file).

Visitors concentrate as a real audience does: most open one of a few popular links (a
partner's embed, a shared chart, the big cities' pages), one in four a view nobody asked for
yet (computed afresh). A visitor opens a page as a browser does (the page, its layout asked
for with the page as Referer), changes a control now and then (the page's location callbacks
with a new query, as the renderer posts them), and partner sites' readers open embeds and
download CSVs. Scripts and styles are fetched once per visitor, as a browser caches them.
Every answer must be 2xx or 304: anything else is a failed request.
"""

from __future__ import annotations

import csv
import io
import json
import random
from typing import Any
from urllib.parse import urlencode

from locust import HttpUser, between, task

PAGES = ["/", "/trends", "/interventions", "/map", "/city/{city}"]
EMBEDS = ["trends", "map", "city", "interventions"]
CSVS = ["trends", "map", "city", "interventions", "cities"]
BROWSER = {"Accept-Encoding": "gzip, deflate, br, zstd", "Accept-Language": "en"}
LANGUAGES = ["", "", "", "es", "fr"]  # most visitors read English


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


class Visitor(HttpUser):
    wait_time = between(2, 8)  # reading a chart before the next click

    def on_start(self) -> None:
        self.client.headers.update(BROWSER)
        rows = self.client.get("/data/cities.csv", name="/data/cities.csv").text
        self.cities = [r.get("city_id", "") for r in csv.DictReader(io.StringIO(rows))]
        self.cities = [c for c in self.cities if c] or ["none"]
        self.dependencies: list[dict[str, Any]] = []
        self._load_dependencies()
        for asset in ("/assets/vendor/plotly.min.js", "/assets/vendor/bootstrap/bootstrap.min.css"):
            self.client.get(asset, name="/assets/vendor/*")
        self.page: tuple[str, list[str]] = ("/", [])

    def _load_dependencies(self) -> None:
        """The callbacks, as the renderer asks for them (a failed answer is counted by Locust
        as a failed request, and asked for again at the next control change)."""
        with self.client.get("/_dash-dependencies", catch_response=True) as response:
            if response.status_code == 200:
                try:
                    self.dependencies = response.json()
                except ValueError:
                    response.failure(f"not JSON: {response.text[:80]!r}")

    def _city(self) -> str:
        """One of the first ten cities three times in four (the popular pages), else any."""
        return random.choice(self.cities[:10] if random.random() < 0.75 else self.cities)

    def _query(self, *, many: bool = True) -> str:
        popular = random.random() < 0.75
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
        path = random.choice(PAGES).format(city=self._city())
        query = self._query(many=path in ("/trends", "/"))
        url = f"{path}?{query}" if query else path
        name = path if "{city}" not in path else "/city/[id]"
        self.client.get(url, name=name)
        base = self.client.base_url or ""
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
            self.client.post(
                "/_dash-update-component",
                data=json.dumps(body),
                headers={"Content-Type": "application/json"},
                name="/_dash-update-component",
            )

    @task(3)
    def open_embed(self) -> None:
        view = random.choice(EMBEDS)
        self.client.get(f"/embed/{view}?{self._view_query(view)}", name=f"/embed/{view}")

    @task(2)
    def download_csv(self) -> None:
        view = random.choice(CSVS)
        self.client.get(f"/data/{view}.csv?{self._view_query(view)}", name=f"/data/{view}.csv")


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
