"""Every view in the registry, end to end: its page, its CSV, its embed and its slide."""

from __future__ import annotations

import io
import json

import pandas as pd
import pytest
from flask.testing import FlaskClient

from callbacks import presentation
from components.embed import figure_json
from components.figures.style import as_plain
from data.repository import Repository
from views import VIEWS
from views.record import View


def url_of(view: View) -> str:
    """The view's default page; a view whose path names a thing shows the fixture's Álpha."""
    return view.url({view.path_param: "alpha"} if view.path_param else {})


def find_ids(node: object) -> set[str]:
    if isinstance(node, dict):
        found = {node["props"]["id"]} if isinstance(node.get("props", {}).get("id"), str) else set()
        return found.union(*(find_ids(v) for v in node.values()))
    if isinstance(node, list):
        return set().union(*(find_ids(v) for v in node))
    return set()


@pytest.mark.parametrize("view", list(VIEWS), ids=lambda v: v.name)
def test_page(client: FlaskClient, view: View) -> None:
    url = url_of(view)
    assert client.get(url).status_code == 200
    layout = client.get("/_dash-layout", headers={"Referer": f"http://localhost{url}"})
    text = layout.get_data(as_text=True)
    assert layout.status_code == 200 and "Page not found" not in text
    if view.location is not None:  # the page's own location, at the URL it was drawn for
        assert view.location in find_ids(json.loads(text))


@pytest.mark.parametrize("view", [v for v in VIEWS if v.table], ids=lambda v: v.name)
def test_csv(client: FlaskClient, repo: Repository, view: View) -> None:
    query = f"?{view.path_param}=alpha" if view.path_param else ""
    # a before/after's numbers are those of one intervention: none is open by default
    needs = {"before-after": "?intervention=alpha-youth"}
    for name in (view.name, *view.tables):
        response = client.get(f"/data/{name}.csv{needs.get(name, query)}")
        assert response.status_code == 200 and response.mimetype == "text/csv", name
        assert len(pd.read_csv(io.BytesIO(response.data))) > 0, name
    assert len(pd.read_csv(io.BytesIO(client.get(f"/data/{view.name}.csv{query}").data))) == len(
        VIEWS.table(repo, url_of(view))
    )


@pytest.mark.parametrize("view", VIEWS.embeddable(), ids=lambda v: v.name)
def test_embed(client: FlaskClient, view: View) -> None:
    query = f"?{view.path_param}=alpha" if view.path_param else ""
    page = client.get(f"/embed/{view.name}{query}").get_data(as_text=True)
    assert '<script type="application/json" id="figure">' in page
    assert f'href="{url_of(view)}"' in page  # links back to its page


@pytest.mark.parametrize("name", ["trends", "city"])
@pytest.mark.parametrize("query", ["", "indicator=perceived-safety", "network=nowhere&smooth=1"])
def test_rows_a_chart_hands_on_are_its_csvs(repo: Repository, name: str, query: str) -> None:
    """An embed's "Show as table" reads `Chart.rows` instead of running the CSV's query again:
    they must be the CSV's rows, column for column."""
    view = VIEWS.named(name)
    assert view is not None and view.chart is not None and view.table is not None
    state, _problems = view.state.parse(
        f"{view.path_param}=alpha&{query}" if view.path_param else query
    )
    rows = view.chart(repo, state).rows
    assert rows is not None
    pd.testing.assert_frame_equal(rows, view.table(repo, state))


@pytest.mark.parametrize("view", VIEWS.embeddable(), ids=lambda v: v.name)
@pytest.mark.parametrize("query", ["", "intervention=alpha-youth", "cities=alpha,beta&log=1"])
def test_an_embed_draws_the_chart_a_slide_draws(repo: Repository, view: View, query: str) -> None:
    """An embed asks for its chart as a plain figure dict (`plain=True`) and writes it with
    plotly's encoder itself: the chart it writes is the one the go.Figure of a slide holds."""
    assert view.chart is not None
    state, _problems = view.state.parse(
        f"{view.path_param}=alpha&{query}" if view.path_param else query
    )
    slide = view.chart(repo, state)
    embed = view.chart(repo, state, plain=True)
    assert embed.title == slide.title and embed.summary == slide.summary
    drawn = json.loads(figure_json(as_plain(embed.figure)))
    assert drawn == json.loads(slide.figure.to_json())
    assert drawn["data"] and drawn["layout"]["template"]["data"]  # plotly_white, whole


@pytest.mark.parametrize("view", VIEWS.embeddable(), ids=lambda v: v.name)
def test_slide(repo: Repository, view: View) -> None:
    store, _message = presentation.add(repo, None, url_of(view))
    deck = presentation.load(store)
    assert [s.url for s in deck.slides] == [url_of(view)]
    assert deck.slides[0].title == VIEWS.chart(repo, url_of(view)).title != ""
    shown = str(presentation.present_slide(repo, deck, 1).to_plotly_json())
    assert "Graph" in shown and "No view" not in shown


def test_pages_that_draw_no_chart_are_no_slide(repo: Repository) -> None:
    for view in VIEWS:
        if view.chart is None:
            store, message = presentation.add(repo, None, url_of(view))
            assert store is presentation.no_update
            assert "cannot be a slide" in str(message.to_plotly_json())


def test_every_callback_names_components_the_pages_draw(repo: Repository) -> None:
    """What Dash's validation would check, checked here (the app keeps
    suppress_callback_exceptions: see docs/development.md): every component a callback names
    by string ID is on the shell, on a page or in the answer that puts it there."""
    from app import create_app
    from callbacks import admin_import, prefills, routing
    from callbacks.map import member_list

    app = create_app(repo=repo)
    with app.server.test_request_context():
        drawn = [
            routing.shell(built_at=repo.built_at, nav=[]),
            admin_import.page(repo, ""),
            member_list(repo, "", True),  # the member list comes in its own answer
            *[routing.render(repo, url_of(v), "", prefills(app.server)) for v in VIEWS],
        ]
    found = {
        c.id
        for page in drawn
        for c in [page, *page._traverse()]
        if isinstance(getattr(c, "id", None), str)
    }
    named = set()
    for output, spec in app.callback_map.items():
        named |= {d["id"] for d in spec["inputs"] + spec["state"] if isinstance(d["id"], str)}
        named |= {part.rsplit(".", 1)[0] for part in output.strip(".").split("...")}
    named = {i for i in named if not i.startswith("{")}  # pattern-matching IDs match many
    assert named - found == set()
