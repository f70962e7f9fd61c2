"""Every chart has "Show as table" (issue 18 item 6): opened with the keyboard, it shows the
numbers of the view's CSV, written the way the page's language writes them."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pandas as pd
import pytest
import requests
from babel.numbers import parse_decimal
from dash.testing.composite import DashComposite
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from data.i18n import _, language
from data.queries.interventions import InterventionsState, csv_frame
from data.repository import Repository
from tests.browser.conftest import DRAW_WAIT, axe_violations
from tests.browser.test_phone_width import DRAWN

NUMBER = re.compile(r"^[−-]?\d[\d.,\s\u00a0\u202f]*$")
# Each table's cells, and the CSV its own link (else the page's first CSV link) serves.
TABLE = """
const details = arguments[0];
const cells = [...details.querySelectorAll('tbody td')].map(td => td.textContent.trim());
const own = details.querySelector('a[download]');
const page = document.querySelector('a[download][href^="/data/"]');
return {cells: cells, csv: (own || page).getAttribute('href')};
"""


def pages(repo: Repository) -> list[str]:
    """A page of each view with charts, the city page and the before/after of an intervention
    whose city has data."""
    first = csv_frame(repo, InterventionsState()).iloc[0]
    return [
        "/",
        "/trends",
        "/ranking",
        f"/city/{first['city_id']}",
        "/interventions",
        "/interventions?tab=summary",
        f"/interventions?intervention={first['intervention_id']}",
        "/map",
    ]


def numbers(frame: pd.DataFrame) -> list[float]:
    values = frame.select_dtypes("number").to_numpy(dtype=float, na_value=float("nan")).ravel()
    return [float(v) for v in values if v == v]


def shown_in(cell: str, csv: list[float], lang: str) -> bool:
    """The cell's number is one of the CSV's, to the decimals the cell shows."""
    text = cell.replace("−", "-")
    value = parse_decimal(text, locale=lang, strict=False)
    exponent = value.as_tuple().exponent
    decimals = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    half = float(Decimal(5).scaleb(-decimals - 1))
    return any(abs(v - float(value)) <= half + 1e-9 for v in csv)


def open_tables(duo: DashComposite, url: str) -> list[dict[str, Any]]:
    """Open each visible "Show as table" of the page with the Enter key; its cells once filled."""
    duo.driver.get(duo.server_url + url)
    WebDriverWait(duo.driver, DRAW_WAIT).until(lambda d: d.execute_script(DRAWN), message=url)
    found = []
    for details in duo.driver.find_elements(By.CSS_SELECTOR, "details.chart-table"):
        if not details.is_displayed():
            continue
        summary = details.find_element(By.TAG_NAME, "summary")
        duo.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", summary)
        summary.send_keys(Keys.ENTER)
        WebDriverWait(duo.driver, DRAW_WAIT).until(
            lambda _d, d=details: (
                d.get_attribute("open") is not None and d.find_elements(By.CSS_SELECTOR, "tbody td")
            ),
            message=url,
        )
        found.append({"label": summary.text, **duo.driver.execute_script(TABLE, details)})
    return found


@pytest.mark.parametrize("lang", ["en", "es"])
def test_every_chart_shows_its_numbers_as_a_table(
    start: Callable[[str], DashComposite], repo: Repository, lang: str
) -> None:
    duo = start("/")
    with language(lang):
        label = _("Show as table")
    tables: dict[str, int] = {}
    for url in pages(repo):
        joined = url + ("&" if "?" in url else "?") + f"lang={lang}"
        for table in open_tables(duo, joined):
            assert table["label"] == label, joined
            answer = requests.get(duo.server_url + table["csv"], timeout=DRAW_WAIT)
            csv = numbers(pd.read_csv(io.StringIO(answer.text)))
            shown = [c for c in table["cells"] if NUMBER.match(c)]
            wrong = [c for c in shown if not shown_in(c, csv, lang)]
            assert shown and not wrong, (joined, table["csv"], wrong)
            tables[url] = tables.get(url, 0) + 1
        assert axe_violations(duo) == [], joined
    # every chart of the pages: overview 1, trends 1, ranking 1, city 2 (its chart and its
    # interventions), the timeline 1, the summary tab's starts 1, the before/after 1, map 3
    assert list(tables.values()) == [1, 1, 1, 2, 1, 1, 1, 3], tables
    assert duo.get_logs() == []
