"""The city brief prints on one A4 page (portrait), in every language, for every demo city, and
says where it comes from: the observatory, the city, the data's date, the page's full address and,
for simulated values, the demo notice. Printed as Chromium prints to PDF (Page.printToPDF), which
fires the page's beforeprint handlers as a browser's print dialog does."""

from __future__ import annotations

import base64
import io
import re
from collections.abc import Callable
from typing import Any

import pytest
from dash.testing.composite import DashComposite
from pypdf import PdfReader
from selenium.webdriver.support.ui import WebDriverWait

from app import create_app
from data.i18n import _, language
from data.repository import Repository
from tests.browser.conftest import DRAW_WAIT
from tests.conftest import free_port

A4 = {"paperWidth": 8.27, "paperHeight": 11.69}  # inches; the page's CSS asks for A4 too
LANGUAGES = ("en", "es", "fr")

# The brief is ready to print once its page is the asked city's and its chart is drawn with it.
READY = """
const link = document.querySelector('.city-print-url');
const title = document.querySelector('#city-graph .gtitle');
return !!(link && link.getAttribute('href').endsWith('/city/' + arguments[0]) && title
    && title.textContent.includes(arguments[1])
    && !document.querySelector('[data-dash-is-loading="true"]'));
"""
# In-app navigation (the address changes, the shell's location routes): a page load per city
# would cost three times as long for 84 cities in three languages.
GO = "history.pushState({}, '', arguments[0]); dispatchEvent(new PopStateEvent('popstate'));"


def printed(duo: DashComposite) -> PdfReader:
    pdf = duo.driver.execute_cdp_cmd(
        "Page.printToPDF", A4 | {"printBackground": True, "preferCSSPageSize": True}
    )
    return PdfReader(io.BytesIO(base64.b64decode(pdf["data"])))


def spaced(text: str) -> str:
    """Every run of spaces (no-break ones too, as French writes before ':') as one space."""
    return re.sub(r"\s+", " ", text)


def text_of(pdf: PdfReader) -> str:
    return spaced(" ".join(p.extract_text() for p in pdf.pages))


def wait_until_ready(duo: DashComposite, city_id: str, name: str) -> None:
    WebDriverWait(duo.driver, DRAW_WAIT).until(
        lambda d: d.execute_script(READY, city_id, name), message=f"brief of {city_id}"
    )


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_demo_city_brief_prints_on_one_a4_page(
    dash_duo: DashComposite, demo: Repository, lang: str
) -> None:
    dash_duo.start_server(create_app(repo=demo), port=free_port())
    names = demo.table("cities")["name"]
    first = str(names.index[0])
    dash_duo.driver.get(f"{dash_duo.server_url}/city/{first}?lang={lang}")  # as a reader opens it
    wait_until_ready(dash_duo, first, str(names[first]))
    pdf = printed(dash_duo)
    text = text_of(pdf)
    with language(lang):
        expected = [
            _("Urban Peace Observatory"),
            _("{city}: violence and the 2030 goal", city=names[first]),
            _("Data built {date}.", date=demo.built_at[:10]),
            f"{dash_duo.server_url}/city/{first}?lang={lang}",
            _("Demo data: simulated values."),
        ]
    assert [e for e in expected if spaced(e) not in text] == []
    pages = {first: len(pdf.pages)}
    for city_id, name in names.iloc[1:].items():
        dash_duo.driver.execute_script(GO, f"/city/{city_id}?lang={lang}")
        wait_until_ready(dash_duo, str(city_id), str(name))
        pages[str(city_id)] = len(printed(dash_duo).pages)
    assert len(pages) == len(names) and {c: n for c, n in pages.items() if n != 1} == {}
    assert dash_duo.get_logs() == []


def test_the_brief_names_the_observatorys_public_address(
    start: Callable[[str], DashComposite], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OBSERVATORY_PUBLIC_URL", "https://observatory.example/")
    duo = start("/city/alpha?lang=es&indicator=homicide-rate")
    wait_until_ready(duo, "alpha", "Álpha")
    pdf = printed(duo)
    text = text_of(pdf)
    assert len(pdf.pages) == 1
    link = "https://observatory.example/city/alpha?lang=es&indicator=homicide-rate"
    assert link in text
    annotations: list[Any] = pdf.pages[0].get("/Annots") or []
    uris = [a.get_object()["/A"].get("/URI") for a in annotations]
    assert link in uris  # a link in the PDF, not only its text
    # the page on screen is as before printing: the chart back at the screen's width
    width = duo.driver.execute_script(
        "return document.querySelector('#city-graph .js-plotly-plot')._fullLayout.width"
    )
    assert width > 700
    assert duo.get_logs() == []
