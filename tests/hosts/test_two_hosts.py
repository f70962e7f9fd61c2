"""Two hosts behind one Redis, as docs/deployment.md sets them up: everything real, on this machine.

    redis-server ── celery worker (the app's exports)
         │
         ├── gunicorn A (own port, own cache folder)  ─┐
         └── gunicorn B (own port, own cache folder)  ─┴─ one processed folder, shared

Requests go to one host or the other as a load balancer would send them. Every process is
started here and stopped here, by its own handle, whatever happens in between.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import redis
from selenium.webdriver.support.ui import WebDriverWait

from components.ids import Presentation, Trends
from data.builds import CURRENT, MANIFEST
from data.deck import Deck
from data.pipeline.build import build
from exports.background import celery
from tests.conftest import RAW, ROOT, free_port, needs_program, redis_server
from tests.deck_content import pptx_content
from tests.hosts.gunicorn_hooks import QUERIES

HOOKS = Path(__file__).with_name("gunicorn_hooks.py")
STARTUP = 120  # seconds: generous, the test machine is shared and often busy
EXPORT = 240


def wait_until(condition: Callable[[], Any], timeout: float, what: str) -> Any:
    """Poll `condition` until it gives something true; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        time.sleep(0.2)
    pytest.fail(f"gave up after {timeout:.0f} s: {what}")


@dataclass
class Process:
    """A process this test started, with its output in a file; stopped by its handle."""

    name: str
    command: list[str]
    env: dict[str, str]
    log: Path
    handle: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        with self.log.open("ab") as out:
            self.handle = subprocess.Popen(
                self.command,
                cwd=ROOT,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its children (gunicorn's and Celery's workers) with it
            )

    def running(self) -> bool:
        return self.handle is not None and self.handle.poll() is None

    def stop(self) -> None:
        """SIGTERM (gunicorn and Celery stop gracefully), then SIGKILL for what remains of
        its process group."""
        if self.handle is None:
            return
        if self.handle.poll() is None:
            self.handle.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.handle.wait(timeout=30)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.handle.pid, signal.SIGKILL)  # the group is the handle's own
        self.handle.wait()

    def output(self) -> str:
        return self.log.read_text(errors="replace")


@dataclass
class Host(Process):
    port: int = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def ready(self) -> bool:
        if not self.running():
            pytest.fail(f"host {self.name} exited:\n{self.output()[-3000:]}")
        try:
            with urllib.request.urlopen(self.url + "/", timeout=5) as response:
                return response.status == 200
        except OSError:
            return False

    def get(self, path: str, headers: dict[str, str] | None = None) -> tuple[int, bytes]:
        request = urllib.request.Request(self.url + path, headers=headers or {})
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read()

    def post(self, path: str, body: dict[str, Any]) -> tuple[int, Any]:
        request = urllib.request.Request(
            self.url + path,
            data=json.dumps(body).encode(),
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=60) as response:
            data = response.read()
            return response.status, json.loads(data) if data else None


@dataclass
class Cluster:
    redis_url: str
    data: Path  # the processed folder both hosts (and the worker) serve
    raw: Path
    worker: Process
    hosts: dict[str, Host] = field(default_factory=dict)

    @property
    def redis(self) -> redis.Redis:
        return redis.Redis.from_url(self.redis_url)

    def queries(self) -> int:
        return int(self.redis.get(QUERIES) or 0)


def environment(redis_url: str, data: Path, cache: Path) -> dict[str, str]:
    return {
        **os.environ,
        "OBSERVATORY_REDIS_URL": redis_url,
        "OBSERVATORY_DATA": str(data),
        "OBSERVATORY_CACHE": str(cache),
        "OBSERVATORY_RELOAD_SECONDS": "1",
        "OBSERVATORY_WARM": "1",
    }


WORKER = "-m celery -A app:celery_app worker --concurrency 1 --loglevel INFO -n exports@%h"
HOST = "-m gunicorn --no-control-socket --workers 1 --threads 4 app:server"


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    needs_program("chromium")  # the worker draws the exported charts with it
    folder = tmp_path_factory.mktemp("hosts")
    raw = folder / "raw"
    shutil.copytree(RAW, raw)
    data = folder / "shared" / "processed"  # "shared": on real hosts a network folder
    assert build(raw, data).ok
    started: list[Process] = []
    with redis_server(folder) as redis_url:
        try:
            worker = Process(
                "worker",
                [sys.executable, *WORKER.split(), "--without-mingle", "--without-gossip"],
                environment(redis_url, data, folder / "worker-cache"),
                folder / "worker.log",
            )
            started.append(worker)
            worker.start()
            hosts = {}
            for name in ("a", "b"):
                port = free_port()
                hosts[name] = host = Host(
                    name,
                    [sys.executable, *HOST.split(), "-c", str(HOOKS), "-b", f"127.0.0.1:{port}"],
                    environment(redis_url, data, folder / f"cache-{name}"),
                    folder / f"host-{name}.log",
                    port=port,
                )
                started.append(host)
                host.start()
            for host in hosts.values():
                wait_until(host.ready, STARTUP, f"host {host.name} answering")
            exports = celery(redis_url)
            wait_until(lambda: exports.control.ping(timeout=1), STARTUP, "the worker answering")
            yield Cluster(redis_url, data, raw, worker, hosts)
        finally:
            for process in reversed(started):
                process.stop()


def update_body(deps: list[dict[str, Any]], search: str) -> dict[str, Any]:
    """The request the trends page sends when its URL changes (as Dash's renderer writes it)."""
    location = {"id": Trends.URL, "property": "search"}
    [dep] = [d for d in deps if d["inputs"] == [location]]
    return {
        "output": dep["output"],
        "outputs": [
            dict(zip(("id", "property"), part.rsplit(".", 1)))
            for part in dep["output"].strip(".").split("...")
        ],
        "inputs": [{**location, "value": search}],
        "changedPropIds": [f"{Trends.URL}.search"],
        "state": [],
    }


def test_a_view_computed_through_one_host_is_answered_through_the_other(
    cluster: Cluster,
) -> None:
    a, b = cluster.hosts["a"], cluster.hosts["b"]
    _status, deps = a.get("/_dash-dependencies")
    browser = {"Accept-Encoding": "br"}
    asks: dict[str, Callable[[Host], tuple[int, Any]]] = {
        "page": lambda host: host.get(
            "/_dash-layout", {**browser, "Referer": f"{host.url}/trends?cities=alpha,gamma"}
        ),
        "view answer": lambda host: host.post(
            "/_dash-update-component", update_body(json.loads(deps), "?cities=beta,delta")
        ),
        "embed": lambda host: host.get("/embed/trends?cities=gamma,delta", browser),
    }
    for kind, ask in asks.items():
        before = cluster.queries()
        through_a = ask(a)
        computed = cluster.queries() - before
        through_b = ask(b)
        assert through_a[0] == through_b[0] == 200, kind
        assert through_b[1] == through_a[1], kind
        assert computed > 0, kind  # host A read the tables to answer
        assert cluster.queries() - before == computed, kind  # host B read none: one computation


def manifest(data: Path) -> dict[str, Any]:
    return json.loads((data / CURRENT / MANIFEST).read_text())


def test_a_new_build_reaches_both_hosts_and_is_warmed_once(cluster: Cluster) -> None:
    cities = cluster.raw / "cities.csv"
    cities.write_text(cities.read_text().replace("Beta,COL", "Beta Nueva,COL"))
    assert build(cluster.raw, cluster.data).ok  # the shared folder, replaced in one step
    build_id = manifest(cluster.data)["build_id"]
    for host in cluster.hosts.values():
        wait_until(
            lambda host=host: b"Beta Nueva" in host.get("/data/cities.csv")[1],
            60,
            f"host {host.name} serving the new build",
        )
    wait_until(
        lambda: list(cluster.redis.scan_iter(f"observatory:answers:*:warmed;{build_id}")),
        STARTUP,
        "the new build's pages warmed",
    )
    said = [h.name for h in cluster.hosts.values() if f"of build {build_id} warmed" in h.output()]
    assert len(said) == 1, said  # one host warmed them for both


def end_id(host: Host, path: str = "/presentation") -> str:
    """The token Dash's page gives the renderer, which it echoes with each callback request."""
    _status, page = host.get(path)
    config = re.search(rb'<script id="_dash-config"[^>]*>(.*?)</script>', page, re.S)
    assert config is not None
    return json.loads(config.group(1))["end_id"]


def export_body(deps: list[dict[str, Any]], deck: Deck, fmt: str) -> dict[str, Any]:
    """What the presentation page sends when its export button `fmt` is pressed."""
    [dep] = [d for d in deps if f"{Presentation.EXPORT_FILE}.data" in d["output"]]
    button = {"pptx": Presentation.EXPORT_PPTX, "pdf": Presentation.EXPORT_PDF}[fmt]

    def state(item: dict[str, str]) -> Any:
        if item["id"].startswith("{"):  # the slide fields: none drawn, the deck says all
            return []
        return {Presentation.STORE: deck.to_dict(), Presentation.LANGUAGE: "en"}.get(item["id"])

    return {
        "output": dep["output"],
        "outputs": [
            dict(zip(("id", "property"), part.rsplit(".", 1)))
            for part in dep["output"].strip(".").split("...")
        ],
        "inputs": [{**i, "value": 1 if i["id"] == button else None} for i in dep["inputs"]],
        "changedPropIds": [f"{button}.n_clicks"],
        "state": [{**s, "value": state(s)} for s in dep["state"]],
    }


@dataclass(frozen=True)
class Export:
    """An export started through a host: the request and the handles Dash gave for it."""

    body: dict[str, Any]
    end_id: str
    cache_key: str
    job: str

    @property
    def result_key(self) -> str:
        """Where the finished file waits in Redis (the handle, without its signature)."""
        return self.cache_key.split("~")[0]

    @property
    def task_id(self) -> str:
        return self.job.split("~")[0]


def start_export(host: Host, deck: Deck, fmt: str) -> Export:
    token = end_id(host)
    deps = json.loads(host.get("/_dash-dependencies")[1])
    body = export_body(deps, deck, fmt)
    status, handles = host.post(f"/_dash-update-component?endId={token}", body)
    assert status == 200, handles
    return Export(body, token, handles["cacheKey"], handles["job"])


def poll(host: Host, export: Export) -> tuple[int, Any]:
    """One progress poll, as the renderer sends it (values left out)."""
    body = export.body
    nulled = {
        **body,
        "inputs": [{**i, "value": None} for i in body["inputs"]],
        "state": [{**s, "value": None} for s in body["state"]],
    }
    query = f"endId={export.end_id}&cacheKey={export.cache_key}&job={export.job}"
    return host.post(f"/_dash-update-component?{query}", nulled)


def steps(answer: Any) -> list[str]:
    """The progress steps a poll's answer shows ("Slide 2 of 3")."""
    progress = (answer or {}).get("progress") or {}
    return [v for k, v in progress.items() if k == f"{Presentation.EXPORT_STEP}.children"]


def finish(host: Host, export: Export) -> tuple[dict[str, Any], list[str]]:
    """Poll through `host` until the export's file comes; the file and the steps shown."""
    seen: list[str] = []

    def finished() -> Any:
        status, answer = poll(host, export)
        assert status == 200, status
        seen.extend(steps(answer))
        return answer if "response" in answer else None

    answer = wait_until(finished, EXPORT, "the export finishing")
    return answer["response"][Presentation.EXPORT_FILE]["data"], seen


def long_deck() -> Deck:
    deck = Deck(title="Long")
    for year in range(2015, 2023):
        deck = deck.add(f"/trends?from={year}", str(year)).add("/map", "")
    return deck


def test_an_export_cancelled_through_the_other_host_stops(cluster: Cluster) -> None:
    a, b = cluster.hosts["a"], cluster.hosts["b"]
    export = start_export(a, long_deck(), "pdf")
    wait_until(
        lambda: any(s.startswith("Slide") for s in steps(poll(b, export)[1])),
        EXPORT,
        "the export drawing its slides",
    )
    cancel = {
        "output": f"{Presentation.EXPORT_CANCEL}.id",
        "outputs": {"id": Presentation.EXPORT_CANCEL, "property": "id"},
        "inputs": [{"id": Presentation.EXPORT_CANCEL, "property": "n_clicks", "value": 1}],
        "changedPropIds": [f"{Presentation.EXPORT_CANCEL}.n_clicks"],
        "state": [],
    }
    status, _answer = b.post(
        f"/_dash-update-component?endId={export.end_id}&cancelJob={export.job}", cancel
    )
    assert status == 200
    exports = celery(cluster.redis_url)
    wait_until(
        lambda: exports.AsyncResult(export.task_id).state == "REVOKED", 60, "the task revoked"
    )
    assert poll(a, export)[0] == 204  # no longer running, and nothing to download
    # The worker takes the next export, and the cancelled one never finishes behind it.
    file, _steps = finish(b, start_export(b, Deck(title="Next").add("/map", "Map"), "pdf"))
    assert base64.b64decode(file["content"]).startswith(b"%PDF")
    assert not cluster.redis.exists(export.result_key)


def test_the_page_shows_progress_and_cancels_with_exports_on_celery(
    cluster: Cluster, dash_duo: Any, tmp_path: Path
) -> None:
    b = cluster.hosts["b"]
    driver = dash_duo.driver
    driver.execute_cdp_cmd(
        "Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(tmp_path)}
    )
    driver.get(b.url + "/presentation")
    upload = f"#{Presentation.LOAD} input[type=file]"
    short = tmp_path / "short.json"
    short.write_text(Deck(title="Short").add("/trends?cities=alpha", "Alpha").to_json())
    dash_duo.wait_for_element(upload).send_keys(str(short))
    dash_duo.wait_for_contains_text(f"#{Presentation.LOAD_STATUS}", "1 slides")
    dash_duo.find_element(f"#{Presentation.EXPORT_PPTX}").click()
    pptx = WebDriverWait(driver, EXPORT, poll_frequency=0.5).until(
        lambda _d: next(tmp_path.glob("*.pptx"), None), message="no pptx downloaded"
    )
    dash_duo.wait_for_contains_text(f"#{Presentation.EXPORT_STATUS}", "Exported 1 slides")
    assert [s["title"] for s in pptx_content(pptx)] == ["Short", "Alpha", "Thank you"]

    long = tmp_path / "long.json"
    long.write_text(long_deck().to_json())
    dash_duo.find_element(upload).send_keys(str(long))
    dash_duo.wait_for_contains_text(f"#{Presentation.LOAD_STATUS}", "16 slides")
    dash_duo.find_element(f"#{Presentation.EXPORT_PDF}").click()
    dash_duo.wait_for_contains_text(f"#{Presentation.EXPORT_STEP}", "Slide", timeout=EXPORT)
    assert not dash_duo.find_element(f"#{Presentation.EXPORT_PPTX}").is_enabled()
    dash_duo.find_element(f"#{Presentation.EXPORT_CANCEL}").click()
    dash_duo.wait_for_contains_text(f"#{Presentation.EXPORT_STATUS}", "Export cancelled")
    WebDriverWait(driver, 30).until(
        lambda _d: dash_duo.find_element(f"#{Presentation.EXPORT_PPTX}").is_enabled()
    )
    exports = celery(cluster.redis_url)

    def idle() -> bool:
        active = exports.control.inspect(timeout=2).active()
        return active is not None and not any(active.values())

    wait_until(idle, 60, "the worker done with the cancelled export")
    assert not list(tmp_path.glob("*.pdf"))
    assert dash_duo.get_logs() == []


def test_an_export_started_on_one_host_downloads_through_the_other_after_it_stops(
    cluster: Cluster,
) -> None:
    a, b = cluster.hosts["a"], cluster.hosts["b"]
    deck = (
        Deck(title="Review")
        .add("/trends?cities=alpha,beta", "Two cities")
        .add("/map", "Members")
        .add("/interventions", "Timeline")
    )
    export = start_export(a, deck, "pptx")
    a.stop()  # host A goes down (a deployment, a crash) with the export in flight
    assert not cluster.redis.exists(export.result_key)  # in flight
    file, seen = finish(b, export)
    assert "Slide 3 of 3" in seen  # progress came through host B
    assert file["filename"].endswith(".pptx")
    slides = pptx_content(base64.b64decode(file["content"]))
    assert [s["title"] for s in slides] == [
        "Review",
        "Two cities",
        "Members",
        "Timeline",
        "Thank you",
    ]
    assert not cluster.redis.exists(export.result_key)  # fetched once, then gone from Redis
