"""Embed pages, the standalone HTML download and the headers partners rely on."""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest
from flask.testing import FlaskClient

from app import create_app
from components.embed import EmbedPage
from data.repository import Repository
from data.settings import Settings
from web.headers import embed_ancestors


def figure_of(page: str) -> dict:
    match = re.search(r'<script type="application/json" id="figure">(.*?)</script>', page, re.S)
    assert match, "no figure in the page"
    return json.loads(match.group(1))


def test_trends_embed_shows_the_chart_with_source_date_and_link_back(
    client: FlaskClient, repo: Repository
) -> None:
    response = client.get("/embed/trends?indicator=homicide-rate&cities=alpha,beta")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    names = {trace["name"] for trace in figure_of(page)["data"]}
    assert {"Álpha", "Beta"} <= names
    assert 'href="/trends?indicator=homicide-rate&amp;cities=alpha,beta' in page
    assert f"Data as of {repo.built_at[:10]}" in page
    assert 'lang="en"' in page


def test_embed_scripts_are_files_from_the_app_only(client: FlaskClient) -> None:
    page = client.get("/embed/map").get_data(as_text=True)
    sources = re.findall(r"<script([^>]*)>", page)
    for attributes in sources:
        if "application/json" in attributes:
            continue
        src = re.search(r'src="([^"]+)"', attributes)
        assert src and src.group(1).startswith("/assets/"), attributes
    assert re.findall(r'(?:href|src)="(https?:)?//', page) == []


def test_demo_values_are_labelled_in_the_embed(client: FlaskClient) -> None:
    # delta's values come from the fixture's simulated source
    page = client.get("/embed/trends?cities=delta").get_data(as_text=True)
    assert "Demo data: simulated values." in page
    real = client.get("/embed/trends?cities=alpha").get_data(as_text=True)
    assert "Demo data" not in real


def test_display_parameters(client: FlaskClient) -> None:
    page = client.get("/embed/trends?theme=dark&controls=0&height=300").get_data(as_text=True)
    assert 'class="theme-dark"' in page
    assert "<form" not in page
    assert "height:300px" in page
    assert figure_of(page)["layout"]["paper_bgcolor"] == "#212529"
    with_controls = client.get("/embed/trends?theme=dark").get_data(as_text=True)
    assert '<select name="indicator">' in with_controls
    # the other parameters travel with the form, so changing the indicator keeps the rest
    assert '<input type="hidden" name="theme" value="dark">' in with_controls


def test_a_language_chosen_in_the_link_goes_on_with_the_reader(client: FlaskClient) -> None:
    """The form that redraws the embed and its link to the app keep `?lang=es`; a browser's own
    language (no `lang` in the link) or one we do not speak adds nothing."""
    spanish = client.get("/embed/trends?cities=alpha&lang=es").get_data(as_text=True)
    assert '<input type="hidden" name="lang" value="es">' in spanish
    assert 'href="/trends?cities=alpha&amp;lang=es"' in spanish
    for asked in ("/embed/trends?cities=alpha", "/embed/trends?cities=alpha&lang=xx"):
        page = client.get(asked, headers={"Accept-Language": "es"}).get_data(as_text=True)
        assert '<html lang="es"' in page
        assert 'name="lang"' not in page and 'href="/trends?cities=alpha"' in page


def test_malformed_query_gets_a_friendly_message_not_an_error_or_a_script(
    client: FlaskClient,
) -> None:
    response = client.get(
        "/embed/trends?height=tall&theme=neon&cities=<script>alert(1)</script>&x=%3Cb%3E"
    )
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Part of this link was not understood" in page
    for parameter in ("height", "theme", "x"):
        assert f"Parameter &#39;{parameter}&#39;" in page
    assert "<script>alert" not in page
    assert "<b>" not in page


def test_unknown_view_is_a_404_naming_the_views(client: FlaskClient) -> None:
    response = client.get("/embed/nowhere")
    assert response.status_code == 404
    assert "trends" in response.get_data(as_text=True)


def test_standalone_html_needs_no_server(client: FlaskClient) -> None:
    response = client.get("/embed/map.html?network=pioc")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    page = response.get_data(as_text=True)
    assert not re.search(r"<(?:script|link)[^>]+(?:src|href)=", page)
    assert "window.PlotlyGeoAssets" in page  # the map outline travels inside the file
    assert page.count("</script>") == page.count("<script")
    # no public URL configured: no link back (a relative one goes nowhere from a file on disk)
    assert "/map?network=pioc" not in page


def test_a_standalone_file_links_to_the_public_url_never_to_the_host_asked_for(
    repo: Repository, own_cache: Settings
) -> None:
    import dataclasses

    settings = dataclasses.replace(own_cache, public_url="https://observatory.example")
    client = create_app(settings, repo).server.test_client()
    for host in ("evil.example", "localhost"):
        page = client.get(
            "/embed/map.html?network=pioc",
            headers={"Host": host, "X-Forwarded-Host": "evil.example"},
        ).get_data(as_text=True)
        assert 'href="https://observatory.example/map?network=pioc"' in page
        assert "evil.example" not in page


def test_headers_on_embeds_pages_and_data(client: FlaskClient) -> None:
    embed = client.get("/embed/trends")
    assert "frame-ancestors *" in embed.headers["Content-Security-Policy"]
    assert "script-src 'self';" in embed.headers["Content-Security-Policy"]
    assert embed.headers["X-Content-Type-Options"] == "nosniff"
    assert embed.headers["Referrer-Policy"] == "no-referrer"
    page = client.get("/trends")
    assert "frame-ancestors 'self'" in page.headers["Content-Security-Policy"]
    assert "'sha256-" in page.headers["Content-Security-Policy"]
    for response in (embed, page, client.get("/data/trends.csv")):
        assert "Set-Cookie" not in response.headers


def test_embeds_and_data_revalidate_with_an_etag(client: FlaskClient) -> None:
    for url in ("/embed/trends?cities=alpha", "/data/trends.csv?cities=alpha"):
        first = client.get(url)
        assert first.headers["Cache-Control"] == "public, max-age=300"
        tag = first.headers["ETag"]
        again = client.get(url, headers={"If-None-Match": tag})
        assert again.status_code == 304
        assert again.get_data() == b""
        other = client.get(url + ",beta", headers={"If-None-Match": tag})
        assert other.status_code == 200


def test_frame_ancestors_come_from_configuration(repo: Repository) -> None:
    settings = Settings(embed_ancestors="https://partner.example https://city.example")
    client = create_app(settings, repo).server.test_client()
    policy = client.get("/embed/trends").headers["Content-Security-Policy"]
    assert "frame-ancestors https://partner.example https://city.example" in policy
    assert embed_ancestors("") == "*"
    assert embed_ancestors("'self' *.example.org https:") == "'self' *.example.org https:"
    for bent in ("https://a.example; script-src *", "https://a.example,evil", "'unsafe-inline'"):
        with pytest.raises(ValueError, match="OBSERVATORY_EMBED_ANCESTORS"):
            embed_ancestors(bent)


def test_every_view_embeds_and_links_back_to_its_page(client: FlaskClient) -> None:
    for url, link in [
        ("/embed/city?city=alpha", 'href="/city/alpha"'),
        ("/embed/overview", 'href="/"'),
        ("/embed/interventions?group=theme", 'href="/interventions?group=theme"'),
    ]:
        page = client.get(url).get_data(as_text=True)
        assert link in page, url
        assert figure_of(page)["data"], url
    unknown = client.get("/embed/city?city=atlantis")
    assert unknown.status_code == 404
    assert "atlantis" in unknown.get_data(as_text=True)


def test_an_embed_is_drawn_once_per_build_language_and_url(
    repo: Repository, own_cache: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    from web import embeds

    drawn: list[str] = []
    original = embeds.embed_page

    def counting(repo: Repository, name: str, query: str) -> EmbedPage | None:
        drawn.append(query)
        return original(repo, name, query)

    monkeypatch.setattr(embeds, "embed_page", counting)
    client = create_app(own_cache, repo).server.test_client()
    first = client.get("/embed/trends?cities=alpha").get_data()
    assert client.get("/embed/trends?cities=alpha").get_data() == first
    assert drawn == ["cities=alpha"]
    client.get("/embed/trends?cities=beta")
    client.get("/embed/trends?cities=alpha", headers={"Accept-Language": "es"})
    assert drawn == ["cities=alpha", "cities=beta", "cities=alpha"]
    client.get("/embed/trends?junk=1&cities=alpha")
    client.get("/embed/trends?cities=alpha&junk=2")  # the same notice, the same embed
    assert drawn == ["cities=alpha", "cities=beta", "cities=alpha", "junk=1&cities=alpha"]


def test_a_one_city_embed_heads_with_its_status_judged_in_the_year_set(
    repo: Repository, own_cache: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Álpha's latest value is from 2023: in 2026 its status is judged (too close to call,
    tests/unit/test_city.py), in 2030 it is more than 3 years old (docs/methods.md). Kept
    embeds outlive the process, so the year judged is part of what keeps them apart."""
    client = create_app(own_cache, repo).server.test_client()

    url = "/embed/city?city=alpha"

    def heading(page: str) -> str:
        match = re.search(r"<h1>(.*?)</h1>", page, re.S)
        assert match, "no heading"
        return match.group(1)

    first = client.get(url)
    assert heading(first.get_data(as_text=True)) == (
        "Homicide rate: Álpha, 2015–2023 · Toward halving by 2030: Too close to call (latest: 2023)"
    )
    monkeypatch.setenv("OBSERVATORY_STATUS_YEAR", "2030")
    later = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
    assert later.status_code == 200  # not "304: what you have is still right"
    assert heading(later.get_data(as_text=True)).endswith("Data too old to judge (latest: 2023)")


def test_an_embeds_table_writes_numbers_in_its_language_and_keeps_gaps_empty() -> None:
    from components.embed import embed_table
    from data.i18n import language

    frame = pd.DataFrame({"city": ["Cali", "Lima"], "value": [1234.5, float("nan")]})
    with language("fr"):
        table = embed_table(frame, "/data/trends.csv")
    assert table.header == ["city", "value"]
    assert table.rows == [["Cali", "1\u202f234,5"], ["Lima", ""]]
    assert table.cut == ""  # every row shown
    many = embed_table(pd.DataFrame({"n": range(250)}), "/data/x.csv")
    assert len(many.rows) == 100 and many.cut == "The first 100 of 250 rows."


def test_an_open_interventions_before_and_after_embed_tables_its_yearly_numbers(
    client: FlaskClient, repo: Repository
) -> None:
    """The table under the before/after is the chart's numbers (/data/before-after.csv), not
    the list of interventions the timeline draws."""
    from data.queries.interventions import InterventionsState, csv_frame

    first = csv_frame(repo, InterventionsState()).iloc[0]
    query = f"intervention={first['intervention_id']}"
    page = client.get(f"/embed/interventions?{query}").get_data(as_text=True)
    assert f'href="/data/before-after.csv?{query}"' in page
    csv = client.get(f"/data/before-after.csv?{query}").get_data(as_text=True)
    header = csv.splitlines()[0].split(",")
    assert header[:4] == ["indicator", "city", "year", "value"] and "after" in header
    rows = csv.splitlines()[1:]
    assert rows and all(row.split(",")[1] == first["city"] for row in rows)
    timeline = client.get("/embed/interventions").get_data(as_text=True)
    assert 'href="/data/interventions.csv"' in timeline
