"""A partner's page on another origin embeds our charts: sized, cookie-free, nothing foreign."""

from __future__ import annotations

import functools
import http.server
import threading
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest
from dash.testing.composite import DashComposite
from selenium.webdriver.support.ui import WebDriverWait

from components.ids import Embed
from tests.browser.conftest import axe_violations
from tests.conftest import free_port

INITIAL = 150  # the snippet's height on the partner page, before the script resizes


@pytest.fixture
def partner(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """A static web server on its own port: a different origin from the app."""
    port = free_port()
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield tmp_path, f"http://127.0.0.1:{port}"
    server.shutdown()


def frame_facts(duo: DashComposite, frame_id: str) -> dict:
    driver = duo.driver
    driver.switch_to.frame(driver.find_element("id", frame_id))
    try:
        return driver.execute_script(
            "return {height: document.body.getBoundingClientRect().height,"
            " cookie: document.cookie, origin: location.origin, text: document.body.innerText,"
            " requests: performance.getEntriesByType('resource').map(e => e.name),"
            " drawn: document.querySelectorAll('#chart .main-svg').length};"
        )
    finally:
        driver.switch_to.default_content()


def test_partner_page_embeds_size_themselves_without_cookies_or_foreign_requests(
    start: Callable[[str], DashComposite], partner: tuple[Path, str]
) -> None:
    duo = start("/")
    app = duo.server_url.rstrip("/")
    folder, partner_url = partner
    (folder / "index.html").write_text(
        f"""<!doctype html><html lang="en"><head><title>Partner</title></head><body>
<h1>News</h1>
<iframe id="one" src="{app}/embed/trends?cities=alpha,beta" title="Trend" height="{INITIAL}"
 style="border:0;width:100%"></iframe>
<iframe id="two" src="{app}/embed/map?controls=0&amp;height=250" title="Map" height="{INITIAL}"
 style="border:0;width:100%"></iframe>
<iframe id="bad" src="{app}/embed/trends?height=huge" title="Bad" height="{INITIAL}"
 style="border:0;width:100%"></iframe>
<script src="{app}/assets/embed/resize.js"></script>
</body></html>"""
    )
    duo.driver.get(partner_url + "/index.html")

    def sized(frame_id: str) -> bool:
        element = duo.driver.find_element("id", frame_id)
        facts = frame_facts(duo, frame_id)
        return facts["drawn"] > 0 and abs(element.size["height"] - facts["height"]) <= 2

    for frame_id in ("one", "two", "bad"):
        WebDriverWait(duo.driver, 15).until(lambda _d, f=frame_id: sized(f))
        facts = frame_facts(duo, frame_id)
        assert duo.driver.find_element("id", frame_id).size["height"] > INITIAL
        assert facts["cookie"] == ""
        assert facts["origin"] == app
        assert [u for u in facts["requests"] if not u.startswith(app + "/")] == []
        assert "Open in the Observatory" in facts["text"]
    assert "Parameter 'height'" in frame_facts(duo, "bad")["text"]
    assert duo.driver.get_cookies() == []

    with urllib.request.urlopen(app + "/embed/trends") as response:
        assert "frame-ancestors *" in response.headers["Content-Security-Policy"]
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] == "no-referrer"
        assert response.headers["ETag"]


def test_embed_page_is_accessible(start: Callable[[str], DashComposite]) -> None:
    duo = start("/")
    duo.driver.get(duo.server_url.rstrip("/") + "/embed/trends?cities=alpha")
    WebDriverWait(duo.driver, 10).until(
        lambda d: d.execute_script("return document.querySelectorAll('#chart .main-svg').length")
    )
    assert axe_violations(duo) == []


def test_embed_dialog_writes_the_snippet_for_the_view_on_screen(
    start: Callable[[str], DashComposite],
) -> None:
    duo = start("/trends?cities=alpha,beta")
    duo.find_element("#" + Embed.OPEN).click()
    code = duo.find_element("#" + Embed.CODE)
    WebDriverWait(duo.driver, 10).until(lambda _d: "/embed/trends" in code.get_attribute("value"))
    snippet = code.get_attribute("value")
    assert "cities=alpha,beta" in snippet
    assert "/assets/embed/resize.js" in snippet
    duo.find_element("#" + Embed.THEME).send_keys("Dark")
    WebDriverWait(duo.driver, 10).until(
        lambda _d: "theme=dark" in duo.find_element("#" + Embed.PREVIEW).get_attribute("src")
    )
    preview = urlparse(duo.find_element("#" + Embed.PREVIEW).get_attribute("src"))
    assert preview.path == "/embed/trends"
    assert (
        duo.find_element("#" + Embed.STANDALONE)
        .get_attribute("href")
        .endswith("/embed/trends.html?cities=alpha,beta&theme=dark")
    )
    assert duo.get_logs() == []


@pytest.mark.parametrize(
    ("path", "shown"), [("/presentation", False), ("/city", False), ("/city/alpha", True)]
)
def test_the_embed_bar_shows_on_views_drawn_outside_their_page_only(
    start: Callable[[str], DashComposite], path: str, shown: bool
) -> None:
    duo = start(path)
    bar = duo.find_element("#" + Embed.BAR)
    hidden = lambda _d: "d-none" in bar.get_attribute("class")  # noqa: E731
    WebDriverWait(duo.driver, 10).until(lambda d: hidden(d) != shown)
    assert bar.is_displayed() == shown
    assert duo.get_logs() == []
