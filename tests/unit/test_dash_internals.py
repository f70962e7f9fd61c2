"""Contracts with Dash's private behaviour (web/dash_internals.py), each against Dash 4.4.1.

If one fails after a Dash upgrade, the item it names in web/dash_internals.py needs another
way (or the public API that replaced it); TARGET then names the version verified.
"""

from __future__ import annotations

import json
import re
from importlib.metadata import version
from pathlib import Path

import dash
import dash._callback
import dash.dash
import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest
from dash import Dash, Input, Output, dcc, html
from plotly.io.json import to_json_plotly as to_json

from app import create_app
from components.safe_json import safe_json
from data.repository import Repository
from data.settings import Settings
from web import dash_internals

DASH = Path(dash.__file__).parent
# The renderer's request for `out.children` when the location's query is "?a=1".
SEARCHED = {
    "output": "out.children",
    "outputs": {"id": "out", "property": "children"},
    "inputs": [{"id": "loc", "property": "search", "value": "?a=1"}],
    "changedPropIds": ["loc.search"],
    "state": [],
}


def test_the_installed_dash_is_the_one_verified() -> None:
    assert version("dash") == dash_internals.TARGET == "4.4.1"


def test_1_dash_writes_the_babel_polyfill_as_one_script_tag_on_4_4_1(
    repo: Repository, own_cache: Settings
) -> None:
    app = Dash(__name__)
    app.layout = html.Div()
    scripts = app._generate_scripts_html()
    assert len(dash_internals.BABEL_POLYFILL.findall(scripts)) == 1
    page = create_app(own_cache, repo).server.test_client().get("/").get_data(as_text=True)
    assert "polyfill@" not in page and "regenerator-runtime.js" in page


def test_2_traverse_finds_components_whose_props_are_then_served_on_4_4_1() -> None:
    page = html.Div([dcc.Location(id="loc"), html.Div(html.P(id="out"))])
    filled = {"loc": ([("out", "children")], lambda path, search: (f"{path}{search}",))}
    dash_internals.fill_page(page, "/map", "?year=2020", filled)
    served = json.loads(to_json(page))
    location = served["props"]["children"][0]["props"]
    assert location["pathname"] == "/map" and location["search"] == "?year=2020"
    assert served["props"]["children"][1]["props"]["children"]["props"]["children"] == (
        "/map?year=2020"
    )


def test_3_scripts_list_libraries_by_namespace_and_the_renderer_loads_dist_on_4_4_1() -> None:
    app = Dash(__name__)
    import dash_ag_grid  # noqa: F401  (registers its bundle, as the map's member list does)

    namespaces = {s.get("namespace") for s in app.scripts.get_all_scripts()}
    assert "dash_ag_grid" in namespaces
    [bundle] = app.get_dist(["dash_ag_grid"])
    assert bundle["type"] == "_js_dist" and "dash_ag_grid" in bundle["url"]
    renderer = (DASH / "dash-renderer" / "build" / "dash_renderer.min.js").read_text()
    assert re.search(r"\.dist\?Promise\.all\(\w+\.dist\.map\(", renderer)


def test_4_the_renderer_gets_layout_and_callbacks_by_get_and_posts_inputs_on_4_4_1() -> None:
    renderer = (DASH / "dash-renderer" / "build" / "dash_renderer.min.js").read_text()
    for endpoint in dash_internals.EARLY_REQUESTS:
        assert f'{endpoint}","GET"' in renderer
    app = Dash(__name__)
    app.layout = html.Div([dcc.Location(id="loc"), html.P(id="out")])
    app.callback(Output("out", "children"), Input("loc", "search"))(lambda s: f"got {s}")
    body = SEARCHED
    encoded = json.dumps(body).encode()
    assert dash_internals.callback_inputs(encoded) == (
        "out.children",
        body["inputs"],
        [],
    )
    client = app.server.test_client()
    answer = client.post(dash_internals.UPDATE_PATH, data=encoded, content_type="application/json")
    assert answer.get_json()["response"]["out"]["children"] == "got ?a=1"
    assert client.get(dash_internals.LAYOUT_PATH).status_code == 200


def test_5_dcc_graph_draws_with_plotly_react_on_4_4_1() -> None:
    graph = (DASH / "dcc" / "async-graph.js").read_text()
    assert "Plotly.react(" in graph
    narrow = (Path(__file__).parents[2] / "assets" / "narrow.js").read_text()
    assert "Plotly.react" in narrow


def _writes(monkeypatch: pytest.MonkeyPatch, module: object) -> list[object]:
    """What Dash hands `module.to_json` from now on (written as `serialise_answers` has it)."""
    written: list[object] = []

    def spy(value: object) -> str:
        written.append(value)
        return safe_json(value)

    monkeypatch.setattr(module, "to_json", spy)
    return written


def test_6_dash_writes_callback_answers_with_dash_callback_to_json_on_4_4_1(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    written = _writes(monkeypatch, dash._callback)
    app = Dash(__name__)
    app.layout = html.Div([dcc.Location(id="loc"), html.Div(id="out")])
    app.callback(Output("out", "children"), Input("loc", "search"))(
        lambda s: html.P(f"got {s}", id="p")
    )
    body = SEARCHED
    answer = app.server.test_client().post(
        dash_internals.UPDATE_PATH, data=json.dumps(body), content_type="application/json"
    )
    assert len(written) == 1
    assert answer.get_json()["response"]["out"]["children"]["props"]["children"] == "got ?a=1"


def test_6_dash_writes_its_layout_with_dash_dash_to_json_on_4_4_1(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    written = _writes(monkeypatch, dash.dash)
    app = Dash(__name__)
    app.layout = html.Div(html.P("the page", id="p"), id="root")
    layout = app.server.test_client().get(dash_internals.LAYOUT_PATH)
    assert [getattr(w, "id", None) for w in written] == ["root"]
    assert layout.get_json()["props"]["children"]["props"]["children"] == "the page"


def test_6_answers_are_the_json_plotly_writes() -> None:
    """Components at any depth, figures with numpy arrays and gaps, numpy and pandas scalars,
    non-text keys, and the characters escaped for pages, as plotly writes them."""
    figure = go.Figure(go.Scatter(x=np.arange(3), y=np.array([1.5, np.nan, 2.0])), _validate=False)
    answer = {
        "multi": True,
        "response": {
            "table": {"children": html.Div([html.P("</script> & <b>\u2028", id="x"), "1 / 2"])},
            "graph": {"figure": figure},
            "values": {"data": [np.int64(3), np.float64("nan"), pd.NA, pd.Timestamp("2020-01-02")]},
            "keys": {"options": {1: "one", 2.5: None}},
        },
    }
    assert safe_json(answer) == to_json(answer)


def test_6_dates_in_numpy_arrays_are_the_same_instants() -> None:
    """orjson writes a figure's datetime64 arrays itself, without the zero microseconds plotly
    writes when the answer also holds a component (and not when it does not)."""
    days = pd.to_datetime(["2008-09-01", "2020-11-15"]).to_numpy()
    figure = go.Figure({"data": [{"type": "bar", "base": days, "x": [1, 2]}]}, _validate=False)
    answer = {"graph": figure, "note": html.P("a component")}
    ours = json.loads(safe_json(answer))["graph"]["data"][0]["base"]
    plotlys = json.loads(to_json(answer))["graph"]["data"][0]["base"]
    assert json.loads(to_json(figure))["data"][0]["base"] == ours
    assert ours != plotlys
    assert list(pd.to_datetime(ours)) == list(pd.to_datetime(plotlys))


def test_7_lazy_dcc_components_load_their_chunks_from_the_suites_on_4_4_1() -> None:
    """dcc's bundle names each lazy component's chunk "async-<name>" and fetches it as
    "<name>.js" from its own folder, which Dash serves under the component suites."""
    from views import VIEWS

    bundle = (DASH / "dcc" / "dash_core_components.js").read_text()
    assert re.search(r'"async-graph"\}\[\w+\]\+"\.js"', bundle)
    used = {name for view in VIEWS for name in view.lazy}
    assert used >= {"graph", "dropdown", "slider"}
    app = Dash(__name__)
    app.layout = html.Div([dcc.Graph(), dcc.Dropdown(), dcc.Slider(), dcc.Upload()])
    client = app.server.test_client()
    for url in dash_internals.lazy_scripts("/", sorted(used)):
        name = url.rsplit("/", 1)[1]
        assert f'"{name.removesuffix(".js")}"' in bundle, name
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.get_data() == (DASH / "dcc" / name).read_bytes()
