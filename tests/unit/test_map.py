"""/map on the fixture data: memberships by year, the map's markers, the overview and the CSVs.

The fixture's memberships, by hand:
    alpha  net-a  founding-member     2019 -
    beta   net-a  member              2020 -
    delta  net-a  grantee             2021 -
    gamma  net-b  member              2015 2021   (left: no longer counted in 2021)
    alpha  net-b  steering-committee  2016 -
"""

from __future__ import annotations

import io
import json
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import pytest
from dash.exceptions import PreventUpdate
from flask.testing import FlaskClient
from plotly.io.json import to_json_plotly

from callbacks import map as callbacks
from components import map_chart
from components.figures.geo import MapText, _front_coded, _runs, membership_map, visible
from components.figures.networks import initials, overlap_figure, wrap
from data import i18n
from data.queries import map as q
from data.repository import Repository
from views import map as view


def _pairs(frame: pd.DataFrame) -> list[tuple[str, str]]:
    return list(zip(frame["city_id"], frame["network_id"]))


def test_a_year_counts_memberships_joined_by_then_and_not_yet_left(repo: Repository) -> None:
    in_2020 = q.memberships(repo, q.MapState(year=2020))
    assert sorted(_pairs(in_2020)) == [
        ("alpha", "net-a"),
        ("alpha", "net-b"),
        ("beta", "net-a"),
        ("gamma", "net-b"),
    ]
    in_2021 = q.memberships(repo, q.MapState(year=2021))
    assert ("gamma", "net-b") not in _pairs(in_2021)  # left in 2021
    assert ("delta", "net-a") in _pairs(in_2021)


def test_member_list_names_the_other_networks_and_sorts_accents_with_their_letter(
    repo: Repository,
) -> None:
    rows = q.memberships(repo, q.MapState())
    assert rows["city"].tolist() == ["Álpha", "Álpha", "Beta", "Delta"]
    assert rows["also_in"].tolist() == ["Network B", "Network A", "", ""]
    assert list(rows.columns) == q.MEMBERSHIP_COLUMNS


def test_filters_by_network_role_and_joining_year(repo: Repository) -> None:
    since = q.memberships(repo, q.MapState(networks=("net-a",), since=2020))
    assert since["city_id"].tolist() == ["beta", "delta"]
    grantees = q.memberships(repo, q.MapState(roles=("grantee", "steering-committee")))
    assert sorted(_pairs(grantees)) == [("alpha", "net-b"), ("delta", "net-a")]
    europe = q.memberships(repo, q.MapState(region="europe"))
    assert europe["city_id"].tolist() == ["delta"]


def test_compare_lists_the_cities_also_in_another_network(repo: Repository) -> None:
    state = q.MapState(networks=("net-a",), also=("net-b",))
    assert q.also_members(repo, state) == {"net-b": ["Álpha"]}
    old = q.MapState(networks=("net-b",), also=("net-a",), year=2016)
    assert q.also_members(repo, old) == {"net-a": []}  # alpha joined net-a only in 2019


def test_resolve_drops_unknown_ids_and_keeps_the_year_on_the_slider(repo: Repository) -> None:
    state = q.resolve(
        repo,
        q.MapState(networks=("net-a", "nope"), roles=("boss",), also=("net-a",), year=1990),
    )
    assert state.networks == ("net-a",)
    assert state.roles == ()
    assert state.also == ()  # comparing a network with itself says nothing
    assert state.year == 2015  # the first year anyone joined
    assert q.resolve(repo, q.MapState(year=3000)).year is None  # the latest: as it stands now
    assert q.resolve(repo, q.MapState(colour="no-such")).colour == q.NETWORK_COLOUR


def test_members_per_year(repo: Repository) -> None:
    frame = q.members_per_year(repo, q.MapState()).set_index(["year", "network_id"])["members"]
    assert frame[(2015, "net-b")] == 1
    assert frame[(2016, "net-b")] == 2
    assert frame[(2020, "net-b")] == 2
    assert frame[(2021, "net-b")] == 1  # gamma left
    assert frame[(2018, "net-a")] == 0  # a gap in membership is a zero, not a missing year
    assert [frame[(y, "net-a")] for y in (2019, 2020, 2021)] == [1, 2, 3]


def test_overview_counts(repo: Repository) -> None:
    rows = q.memberships(repo, q.MapState())
    regions = q.composition(repo, rows, "region").set_index(["network_id", "region"])["count"]
    assert regions.to_dict() == {
        ("net-a", "lac"): 2,
        ("net-a", "europe"): 1,
        ("net-b", "lac"): 1,
    }
    roles = q.composition(repo, rows, "role")
    assert roles["network_id"].tolist() == ["net-a", "net-a", "net-a", "net-b"]  # table order
    pairs = q.overlap(repo, q.MapState()).set_index(["network_a", "network_b"])
    assert pairs.at[("net-a", "net-b"), "cities"] == 1
    assert pairs.at[("net-a", "net-b"), "names"] == "Álpha"
    assert pairs.at[("net-a", "net-a"), "cities"] == 3
    facts = q.network_facts(repo, rows).set_index("network_id")
    assert facts.at["net-a", "founded"] == 2019
    assert facts.at["net-a", "secretariat"] == "Secretariat A"
    assert facts.at["net-a", "members"] == 3
    assert facts.at["net-b", "members"] == 1


def test_map_points_carry_every_year_and_each_network_as_a_ring(repo: Repository) -> None:
    points, periods = q.map_points(repo, q.MapState())
    rings = points.set_index(["city_id", "network_id"])
    assert sorted(rings.index) == [
        ("alpha", "net-a"),
        ("alpha", "net-b"),
        ("beta", "net-a"),
        ("delta", "net-a"),
        ("gamma", "net-b"),
    ]
    assert rings.at[("gamma", "net-b"), "start"] == 2015
    assert rings.at[("gamma", "net-b"), "end"] == 2021
    assert pd.isna(rings.at[("alpha", "net-b"), "end"])
    assert rings.at[("alpha", "net-a"), "memberships"] == (
        "Network A: founding member, since 2019\nNetwork B: steering committee, since 2016"
    )
    shown = points[visible(points, periods, 2020)]
    assert sorted(_pairs(shown)) == [
        ("alpha", "net-a"),
        ("alpha", "net-b"),
        ("beta", "net-a"),
        ("gamma", "net-b"),
    ]


def test_hover_text_lists_each_network_once_with_its_roles_and_spans(repo: Repository) -> None:
    rows = pd.DataFrame(
        {
            "city_id": ["x", "x", "x", "x", "y", "x"],
            "network_id": ["net-a", "net-a", "net-a", "net-b", "net-b", "net-a"],
            "role": ["member", "grantee", "member", "member", "member", "member"],
            "joined": pd.array([2015, 2015, 2020, 2016, 2019, 2015], dtype="Int64"),
            "left": pd.array([2018, 2018, None, None, None, 2018], dtype="Int64"),
        }
    )
    assert q._membership_text(repo, rows).to_dict() == {
        "x": "Network A: member and grantee, 2015–2018; member, since 2020"
        "\nNetwork B: member, since 2016",
        "y": "Network B: member, since 2019",
    }
    assert q._membership_text(repo, rows.iloc[:0]).empty


def test_map_draws_one_ring_per_network_outermost_first(repo: Repository) -> None:
    points, periods = q.map_points(repo, q.MapState())
    names = {"net-a": "Network A", "net-b": "Network B"}
    fig = membership_map(
        points, periods, year=2020, networks=names, text=MapText("t", "s", "Source: x", "2020")
    )
    net_a, net_b, labels, *keys = fig.data
    assert [net_a.name, net_b.name] == ["Network A", "Network B"]
    # alpha is in both: its net-b ring is the fill of its net-a marker, whose edge is the net-a
    # ring around it; gamma, in net-b alone, is a marker of its own
    assert [cd[0] for cd in net_a.customdata] == ["alpha", "beta"]
    assert [cd[0] for cd in net_b.customdata] == ["gamma"]
    assert list(net_a.customdata[0][1:4]) == [
        "Álpha",
        "Colombia",
        "Network A: founding member, since 2019<br>Network B: steering committee, since 2016",
    ]
    ring = fig.layout.meta["ring"]
    # the legend's keys: each network's colour, without markers, and clicks on them hide nothing
    # (alpha's marker is in net-a's trace but holds net-b's colour too)
    assert [(k.name, k.showlegend, k.lon, k.customdata, k.meta) for k in keys] == [
        ("Network A", True, (None,), None, {"series": "key"}),
        ("Network B", True, (None,), None, {"series": "key"}),
    ]
    assert not net_a.showlegend and not net_b.showlegend and fig.layout.legend.itemclick is False
    colour_a, colour_b = keys[0].marker.color, keys[1].marker.color
    assert colour_a != colour_b
    alpha = labels.marker.size[labels.text.index("Álpha")]  # the name sits above the dot
    # alpha's rings: a dot of diameter `alpha` in net-b's colour, then the ring of width ring / 2
    # (radius) in net-a's: an edge of that width centred on the outline of a marker whose
    # diameter is alpha + ring / 2
    assert net_a.marker.size[0] == pytest.approx(alpha + ring / 2)
    assert net_a.marker.line.width[0] == pytest.approx(ring / 2)
    assert (net_a.marker.color[0], net_a.marker.line.color[0]) == (colour_b, colour_a)
    # beta, in net-a alone: a dot of its colour with a white edge
    assert (net_a.marker.color[1], net_a.marker.line.color[1]) == (colour_a, "#ffffff")
    assert net_a.marker.line.width[1] == 1
    # the rings carry no text (costly in plotly.js); the names have a trace of their own, with
    # invisible markers of the dot's size that keep each name just above its dot
    assert net_a.mode == net_b.mode == "markers" and net_a.text is None
    assert labels.mode == "markers+text" and labels.hoverinfo == "skip" and not labels.showlegend
    assert fig.layout.geo.showcountries and fig.layout.geo.projection.type == "natural earth"
    assert "Source: x" in [a.text for a in fig.layout.annotations]


def sent(data: dict[str, Any]) -> dict[str, Any]:
    """The map data as the browser gets it (Dash serialises it with plotly's encoder)."""
    return json.loads(to_json_plotly(data))


def test_the_browser_gets_each_city_once_and_per_ring_only_its_years(repo: Repository) -> None:
    data = sent(view.map_data(repo, q.MapState()))
    cities = data["cities"]
    # city index: first appearance; each id as what it shares with the one before, and the rest
    assert cities["id"] == ["alpha", "beta", "delta", "gamma"] and cities["shared"] == [0] * 4
    details = sent(view.map_details(repo, q.MapState()))
    assert details["key"] == data["key"] == "?"  # the hover texts of the same cities
    alpha = details["memberships"][0]
    assert alpha.startswith("Network A: founding member, since 2019")
    assert details["country"][0] == "Colombia"
    # not once per ring, and not with the page: they come when the map is pointed at
    assert json.dumps(details, ensure_ascii=False).count(alpha) == 1
    assert alpha not in json.dumps(data, ensure_ascii=False)
    assert not {"country", "memberships", "value"} & set(cities)
    assert cities["lat"][0] == round(cities["lat"][0], 2)
    net_a, net_b = data["layers"]  # as runs of one start year each (see test__runs_...)
    assert net_a == {"years": [2019, 2020, 2021], "count": [1, 1, 1], "city": [0, 1, 2],
                     "ended": [], "end": [], "coloured": False}  # fmt: skip
    # gamma (3) 2015-2021, alpha (0) since 2016
    assert net_b == {"years": [2015, 2016], "count": [1, 1], "city": [3, 0], "ended": [0],
                     "end": [2021], "coloured": False}  # fmt: skip
    # alpha (0) is selected since 2016 (net-b) and 2019 (net-a), beta (1) since 2020, delta (2)
    # since 2021, gamma (3) 2015-2021
    assert data["periods"] == {"years": [2015, 2016, 2019, 2020, 2021], "count": [1] * 5,
                               "city": [3, 0, 0, 1, 2], "ended": [0], "end": [2021]}  # fmt: skip
    traces = data["figure"]["data"]  # the looks: the browser adds the markers of the year shown
    names = ["Network A", "Network B", None, "Network A", "Network B"]  # rings, names, keys
    assert [t.get("name") for t in traces] == names
    assert all("customdata" not in t for t in traces) and data["rings"]
    assert all("lon" not in t for t in traces[:3]) and traces[2]["mode"] == "markers+text"


def _cities(runs: dict[str, Any]) -> list[int]:
    """The city indices of markers sent as runs, in city order."""
    cities, at = [], 0
    for count in runs["count"]:
        steps = runs["city"][at : at + count]
        cities += [sum(steps[: i + 1]) for i in range(count)]
        at += count
    return sorted(cities)


def test_city_ids_travel_as_what_each_shares_with_the_one_before() -> None:
    shared, rest = _front_coded(pd.Series(["aachen-de", "aalen-de", "aalst-be", "zé-x", "zé-y"]))
    # 'aalen-de' shares 'aa' with 'aachen-de'; 'zé-y' shares only 'z' (no non-ASCII character)
    assert shared.tolist() == [0, 2, 3, 0, 1]
    assert rest.tolist() == ["aachen-de", "len-de", "st-be", "zé-x", "é-y"]


def test_markers_travel_as_runs_of_one_start_year_with_steps_between_cities() -> None:
    runs = sent(
        _runs(
            pd.Series([5, 2, 9, 7]),
            pd.Series([2010, 2010, 2012, 2010]),
            pd.Series([None, 2015, None, None], dtype="Int64"),
        )
    )
    # by start, then city: (2, 2010, ended 2015), (5, 2010), (7, 2010), (9, 2012)
    assert runs == {"years": [2010, 2012], "count": [3, 1], "city": [2, 3, 2, 9], "ended": [0],
                    "end": [2015]}  # fmt: skip


def test_the_group_of_nearby_cities_is_a_valid_trace_that_no_city_resembles(
    repo: Repository,
) -> None:
    look = sent(view.map_data(repo, q.MapState()))["groups"]["look"]
    go.Scattergeo(look)  # plotly's schema: raises on a property it does not know
    assert look["marker"]["symbol"] == "square" and look["showlegend"]
    assert look["name"] == "Nearby cities, grouped: zoom in to see them"
    with i18n.language("fr"):
        look = sent(view.map_data(repo, q.MapState()))["groups"]["look"]
    assert look["name"] == "Villes proches, regroupées : zoomez pour les voir"
    assert look["meta"]["cities"] == "{n} villes"  # the browser fills in the count


def test_map_coloured_by_an_indicator_keeps_cities_without_data(repo: Repository) -> None:
    state = q.MapState(colour="perceived-safety")
    points, _periods = q.map_points(repo, state)
    assert points["city_id"].is_unique  # one dot per city, no rings
    data = sent(view.map_data(repo, state))
    ids = data["cities"]["id"]
    valued, missing = data["layers"]
    assert [ids[c] for c in _cities(valued)] == ["alpha", "gamma"]
    assert valued["coloured"] and not missing["coloured"]
    # each city's latest value (2021)
    assert [data["cities"]["colour"][c] for c in _cities(valued)] == [50.0, 61.2]
    assert data["figure"]["data"][1]["name"] == "No data"
    assert {ids[c] for c in _cities(missing)} == {"beta", "delta"}
    fig = map_chart.map_figure(repo, state, *q.map_points(repo, state), year=2020)[0]
    assert list(fig.data[0].marker.color) == [50.0, 61.2]


def test_network_names_fit_a_phone() -> None:
    assert initials("Peace in Our Cities") == "PiOC"
    assert initials("UN-Habitat Safer Cities") == "UHSC"
    assert wrap("Global Network on Safer Cities", 16) == "Global Network<br>on Safer Cities"
    frame = pd.DataFrame(
        {
            "network_a": ["a", "a", "b", "b"],
            "network_b": ["a", "b", "a", "b"],
            "cities": [2, 1, 1, 3],
            "names": ["X, Y", "X", "X", "X, Z, W"],
        }
    )
    fig = overlap_figure(frame, names={"a": "Alpha Net", "b": "Beta Net"}, source="")
    assert list(fig.data[0].x) == ["AN", "BN"]
    assert [list(row) for row in fig.data[0].z] == [[2, 1], [1, 3]]


def test_summary_answers_who_joined_since_and_is_also_elsewhere(repo: Repository) -> None:
    outputs = view.update(repo, "?network=net-a&since=2019&also=net-b&year=2021")
    summary = outputs[1]
    assert summary == (
        "In 2021, 3 cities in 2 countries belonged to Network A (joined in 2019 or later). "
        "1 of them are also in Network B: Álpha."
    )
    assert outputs[2] == "/data/map.csv?network=net-a&since=2019&also=net-b&year=2021"
    assert outputs[3] == "/data/memberships.csv?network=net-a&since=2019&also=net-b&year=2021"


def test_map_data_is_sent_again_only_when_a_filter_changes(repo: Repository) -> None:
    data, _chart, key = callbacks.update_map(repo, "?network=net-a&year=2020", None)
    assert key == data["key"] == "?network=net-a"
    assert len(data["cities"]["id"]) == 3
    assert callbacks.update_map(repo, "?network=net-a&year=2021", key)[0] is callbacks.no_update
    assert callbacks.update_map(repo, "?network=net-b", key)[2] == "?network=net-b"


def test_hover_texts_come_once_asked_for_with_the_map_data_key(repo: Repository) -> None:
    with pytest.raises(PreventUpdate):  # nobody has pointed at the map yet
        callbacks.hover_details(repo, None)
    data, _chart, key = callbacks.update_map(repo, "?network=net-a&year=2020", None)
    details = callbacks.hover_details(repo, key)
    assert details["key"] == key
    ids = data["cities"]["id"]
    assert len(details["memberships"]) == len(details["country"]) == len(ids) == 3
    at = list(ids).index("alpha")
    assert details["memberships"][at].startswith("Network A: founding member, since 2019")


def test_nothing_matches(repo: Repository) -> None:
    outputs = view.update(repo, "?region=africa&year=2022")  # gamma left in 2021
    assert outputs[1] == "No member cities match."
    assert callbacks.member_list(repo, "?region=africa&year=2022", None).rowData == []


def test_memberships_csv_is_the_member_list(repo: Repository, client: FlaskClient) -> None:
    query = "network=net-a&year=2020"
    response = client.get(f"/data/memberships.csv?{query}")
    assert response.status_code == 200
    assert "observatory-memberships.csv" in response.headers["Content-Disposition"]
    table = pd.read_csv(io.BytesIO(response.data))
    rows = callbacks.member_list(repo, "?" + query, None).rowData
    assert table["city_id"].tolist() == [r["city_id"] for r in rows] == ["alpha", "beta"]
    assert table["role"].tolist() == ["founding-member", "member"]
    bad = client.get("/data/memberships.csv?year=soon")
    assert bad.status_code == 400 and "Parameter 'year'" in bad.get_data(as_text=True)


def test_map_csv_has_one_row_per_city_of_the_year(client: FlaskClient) -> None:
    table = pd.read_csv(io.BytesIO(client.get("/data/map.csv?year=2020").data))
    assert table["city_id"].tolist() == ["alpha", "beta", "gamma"]
    assert table.set_index("city_id").at["alpha", "network_ids"] == "net-a,net-b"
