"""Browser test helpers: start the app on fixture data, read charts, work Dash 4 dropdowns."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlparse

import pytest
from dash.testing.composite import DashComposite
from selenium.webdriver.support.ui import WebDriverWait

from app import create_app
from data.demo.generate import write_demo
from data.pipeline.build import build
from data.repository import Repository
from data.settings import Settings
from tests.conftest import ROOT, free_port

LOCAL_HOSTS = {"localhost", "127.0.0.1"}
DRAW_WAIT = 20  # seconds: generous, because the test machine is shared and often busy


@pytest.fixture
def start(
    dash_duo: DashComposite, repo: Repository, own_cache: Settings
) -> Callable[[str], DashComposite]:
    """Serve the fixture data and open `path` (with its query string). Each test's app keeps
    its answers apart: one that changes the code's behaviour gets no page another rendered."""

    def _start(path: str = "/") -> DashComposite:
        dash_duo.start_server(create_app(own_cache, repo), port=free_port())
        if path != "/":
            dash_duo.driver.get(dash_duo.server_url + path)
        dash_duo.wait_for_element("main h1")
        return dash_duo

    return _start


def traces(duo: DashComposite, graph_id: str, *, at_least: int = 1) -> list[dict[str, Any]]:
    """The traces plotly.js has drawn in a dcc.Graph, once it has drawn some."""
    script = (
        "const g = document.querySelector(arguments[0] + ' .js-plotly-plot');"
        "return g && g._fullData && g._fullLayout ? g._fullData.map(t => ({name: t.name,"
        " type: t.type, n: (t.x || t.lat || []).length,"
        " series: t.meta && t.meta.series})) : null;"
    )
    found: list[dict[str, Any]] = []

    def drawn(_driver: Any) -> bool:
        nonlocal found
        found = duo.driver.execute_script(script, f"#{graph_id}") or []
        return len(found) >= at_least

    WebDriverWait(duo.driver, DRAW_WAIT).until(drawn)
    return found


def wait_for_trace_names(
    duo: DashComposite, graph_id: str, names: list[str], *, series: str | None = None
) -> None:
    """Wait until the chart draws these traces (only those whose meta.series is `series`, when
    given: the trend chart's city lines are `series="city"`)."""
    WebDriverWait(duo.driver, DRAW_WAIT).until(
        lambda _d: (
            [t["name"] for t in traces(duo, graph_id) if series is None or t["series"] == series]
            == names
        ),
        message=f"expected traces {names}",
    )


def chart_title(duo: DashComposite, graph_id: str) -> str | None:
    return duo.driver.execute_script(
        "const g = document.querySelector(arguments[0] + ' .js-plotly-plot');"
        "return g && g.layout && g.layout.title ? g.layout.title.text : null;",
        f"#{graph_id}",
    )


def dropdown_options(duo: DashComposite) -> list[str]:
    """The texts of the open dropdown's options, read in one script: the list re-renders when
    the server answers a search, so an element found a step earlier may already be gone."""
    return duo.driver.execute_script(
        "return [...document.querySelectorAll('.dash-dropdown-option')]"
        ".map(o => o.innerText.trim());"
    )


def click_option(duo: DashComposite, text: str) -> None:
    """Click the open dropdown's option showing `text`, finding and clicking it in one script
    for the same reason."""
    WebDriverWait(duo.driver, DRAW_WAIT).until(
        lambda d: d.execute_script(
            "const o = [...document.querySelectorAll('.dash-dropdown-option')]"
            ".find(o => o.innerText.trim() === arguments[0]);"
            "if (o) o.click(); return !!o;",
            text,
        ),
        message=f"no option {text!r}",
    )


def choose(duo: DashComposite, dropdown_id: str, text: str) -> None:
    """Pick the option showing `text` in a Dash 4 dropdown (the list is virtualised)."""
    duo.find_element(f"#{dropdown_id}").click()
    duo.wait_for_element(".dash-dropdown-search").send_keys(text)
    click_option(duo, text)


def query_of(duo: DashComposite) -> str:
    return urlparse(duo.driver.current_url).query


def foreign_requests(duo: DashComposite) -> list[str]:
    urls = duo.driver.execute_script(
        "return performance.getEntriesByType('resource').map(e => e.name).concat([location.href]);"
    )
    return [u for u in urls if urlparse(u).hostname not in LOCAL_HOSTS]


# Dash 4's dcc.Dropdown (used for searchable multi-selects) renders a focusable input marked
# aria-hidden and a button named by its values, not its label. Those two findings are the
# component's own markup; single choices use native <select> elements instead.
DASH_DROPDOWN_RULES = {"aria-hidden-focus", "label-content-name-mismatch"}


def axe_violations(duo: DashComposite) -> list[dict[str, Any]]:
    """Serious and critical accessibility problems found by axe-core, run offline."""
    duo.driver.execute_script((ROOT / "assets/vendor/axe.min.js").read_text())
    result = duo.driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {resultTypes: ['violations']}).then(r => done(r.violations));"
    )
    found = []
    for violation in result:
        nodes = [
            n
            for n in violation["nodes"]
            if not (violation["id"] in DASH_DROPDOWN_RULES and "dash-dropdown" in n["html"])
        ]
        if nodes and violation["impact"] in ("serious", "critical", "moderate"):
            found.append({"id": violation["id"], "nodes": [n["html"][:120] for n in nodes][:3]})
    return found


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Repository:
    """The demo data, built once per module: every city, language and kind of chart."""
    raw = tmp_path_factory.mktemp("demo") / "raw"
    write_demo(raw)
    out = raw.parent / "processed"
    assert build(raw, out).ok
    return Repository(out)
