"""The upload wizard as a coordinator uses it: token, file, preview, columns, check, confirm."""

from __future__ import annotations

from pathlib import Path

import pytest
from dash.testing.composite import DashComposite
from selenium.webdriver.support.ui import WebDriverWait

from app import create_app
from components.ids import AdminImport as ids
from data.pipeline.build import build
from data.repository import Repository
from tests.browser.conftest import axe_violations, traces
from tests.conftest import free_port


def _click(duo: DashComposite, selector: str) -> None:
    element = duo.find_element(selector)
    duo.driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", element)
    element.click()


TABLE = "Municipio,Año,Homicidios,Población\nÁlpha,2011,300,1000000\nBeta,2011,50,500000\n"


def test_upload_check_confirm_and_the_new_data_is_served(
    dash_duo: DashComposite, raw_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    processed = tmp_path / "processed"
    assert build(raw_copy, processed).ok
    monkeypatch.setenv("OBSERVATORY_ADMIN_TOKEN", "s3cret")
    monkeypatch.setenv("OBSERVATORY_RAW", str(raw_copy))
    monkeypatch.setenv("OBSERVATORY_CACHE", str(tmp_path / "cache"))
    upload = tmp_path / "tasas.csv"
    upload.write_text("Homicidios por municipio, 2011\n" + TABLE, encoding="utf-8")  # a title line
    before = (raw_copy / "observations.csv").read_bytes()

    duo = dash_duo
    duo.start_server(create_app(repo=Repository(processed, check_every=0)), port=free_port())
    duo.driver.get(duo.server_url + "/admin/import")
    duo.wait_for_element(f"#{ids.TOKEN}").send_keys("s3cret")
    duo.find_element(f"#{ids.UPLOAD} input[type=file]").send_keys(str(upload))
    duo.wait_for_element(f"#{ids.PREVIEW} table")
    header_row = duo.find_element(f"#{ids.HEADER_ROW}")
    header_row.clear()
    header_row.send_keys("2")  # the column names are under the title line
    duo.wait_for_contains_text(f"#{ids.PREVIEW}", "Población", timeout=10)
    duo.wait_for_text_to_equal(f"#{ids.CITY}", "Municipio", timeout=5)  # guessed from the name
    assert axe_violations(duo) == []
    duo.find_element(f"#{ids.COUNTRY}").send_keys("COL")
    duo.find_element(f"#{ids.SOURCE}").send_keys("Policía")

    _click(duo, f"#{ids.CHECK}")
    duo.wait_for_contains_text(f"#{ids.REPORT}", "New values 2", timeout=20)  # the summary first
    assert "Check only: nothing was written yet." in duo.find_element(f"#{ids.REPORT}").text
    assert (raw_copy / "observations.csv").read_bytes() == before

    WebDriverWait(duo.driver, 5).until(lambda _d: duo.find_element(f"#{ids.CONFIRM}").is_enabled())
    _click(duo, f"#{ids.CONFIRM}")
    duo.wait_for_contains_text(f"#{ids.RESULT}", "the new data is served now", timeout=30)
    assert (raw_copy / "observations.csv").read_bytes() != before

    duo.driver.get(duo.server_url + "/trends?cities=alpha&from=2011&to=2011")
    assert traces(duo, "trends-graph")[0]["n"] >= 1


def test_wrong_token_reads_nothing(
    dash_duo: DashComposite, repo: Repository, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OBSERVATORY_ADMIN_TOKEN", "s3cret")
    monkeypatch.setenv("OBSERVATORY_CACHE", str(tmp_path / "cache"))
    upload = tmp_path / "tasas.csv"
    upload.write_text(TABLE, encoding="utf-8")
    duo = dash_duo
    duo.start_server(create_app(repo=repo), port=free_port())
    duo.driver.get(duo.server_url + "/admin/import")
    duo.wait_for_element(f"#{ids.TOKEN}").send_keys("guess")
    duo.find_element(f"#{ids.UPLOAD} input[type=file]").send_keys(str(upload))
    duo.wait_for_contains_text(f"#{ids.STATUS}", "The admin token is not right.", timeout=10)
    assert not (tmp_path / "cache" / "uploads").exists()  # the upload was never saved
