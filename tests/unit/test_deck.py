"""Decks: the JSON file, the edits the presentation page makes, and the view registry."""

from __future__ import annotations

import base64
import io
import json

import pandas as pd
import pytest

from app import create_app
from callbacks import presentation
from components.ids import Presentation as P
from data.deck import FORMAT, Deck, DeckError, Slide
from data.repository import Repository
from views import VIEWS
from views.record import UnknownView


def full_deck() -> Deck:
    return Deck(
        title="Two Years in Review",
        network="Network A",
        period="2024–2025",
        author="Ana Pérez, secretariat",
        closing=False,
        closing_text="Gracias",
        slides=(
            Slide(
                url="/trends?indicator=homicide-rate&cities=alpha",
                title="Álpha",
                notes="Say",
                id="s1",
            ),
            Slide(url="/map", title="Members", notes="Line 1\nLine 2", id="fixed-id"),
        ),
    )


def test_json_round_trip_keeps_every_field() -> None:
    deck = full_deck()
    text = deck.to_json()
    assert json.loads(text)["format"] == FORMAT
    assert Deck.from_json(text) == deck
    assert Deck.from_json(text.encode()) == deck


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("[1]", "deck.json: expected a JSON object."),
        ('{"slides": [{"url": "trends"}]}', "deck.json, slide 1: 'url' must be a path"),
        ('{"slides": [{"url": "/map", "title": 3}]}', "deck.json, slide 1: 'title' must be text."),
        ('{"closing": "yes"}', "deck.json: 'closing' must be true or false."),
        ('{"version": 9}', "deck.json: deck version 9 is not supported"),
        ('{"format": "other"}', "deck.json: not an observatory deck"),
        ("{", "deck.json is not valid JSON"),
    ],
)
def test_bad_deck_files_name_the_problem(data: str, message: str) -> None:
    with pytest.raises(DeckError, match=message.replace("(", r"\(").replace(".", r"\.")):
        Deck.from_json(data)


def test_duplicate_slide_ids_in_a_file_are_made_unique() -> None:
    data = {"slides": [{"url": "/map", "id": "a"}, {"url": "/", "id": "a"}]}
    ids = [s.id for s in Deck.from_dict(data).slides]
    assert ids[0] == "a" and ids[1] != "a"


def test_edits_move_copy_remove_and_retitle() -> None:
    deck = Deck().add("/map", "Map").add("/trends", "Trends").add("/", "Overview")
    a, b, c = (s.id for s in deck.slides)
    assert [s.title for s in deck.move(c, -1).slides] == ["Map", "Overview", "Trends"]
    assert [s.title for s in deck.move(a, -1).slides] == ["Map", "Trends", "Overview"]
    copied = deck.duplicate(a)
    assert [s.title for s in copied.slides] == ["Map", "Map", "Trends", "Overview"]
    assert len({s.id for s in copied.slides}) == 4
    assert [s.id for s in deck.remove(b).slides] == [a, c]
    assert deck.edit(b, title="New", notes="N").slides[1] == Slide("/trends", "New", "N", b)


def test_page_handlers_edit_the_stored_deck(repo: Repository) -> None:
    store, message = presentation.add(repo, None, "/trends?indicator=homicide-rate&cities=alpha")
    assert "Added as slide 1." in str(message.to_plotly_json())
    # the chart's title: indicator, city and years (Álpha reports 2015-2023 in the fixture)
    assert store["slides"][0]["title"] == "Homicide rate: Álpha, 2015–2023"
    store, _message = presentation.add(repo, store, "/map")
    first, second = (s["id"] for s in store["slides"])
    store = presentation.edit(
        store,
        titles={first: "Homicide in Álpha"},
        notes={second: "Two networks"},
        details={"title": "Review", "closing": False},
        action=("up", second),
    )
    deck = presentation.load(store)
    assert [s.title for s in deck.slides] == ["Member cities of 2 networks", "Homicide in Álpha"]
    assert deck.slides[0].notes == "Two networks"
    assert (deck.title, deck.closing) == ("Review", False)


def test_add_refuses_a_page_that_is_not_a_view(repo: Repository) -> None:
    store, _message = presentation.add(repo, None, "/presentation")
    assert store is presentation.no_update


def test_list_redraws_only_when_slides_change() -> None:
    store = presentation.dump(Deck().add("/map", "Map"), 0)
    _children, shown, *details = presentation.show(store, None)
    assert shown == [0, store["slides"][0]["id"]]
    assert details[0] == ""  # fields filled on first draw
    retitled = presentation.edit(store, titles={shown[1]: "New"}, notes={}, details={})
    assert presentation.show(retitled, shown)[0] is presentation.no_update


def test_a_button_pressed_while_a_field_was_left_is_not_lost() -> None:
    """Dash merges queued calls of one callback: the field left by Tab may come first."""
    up = json.dumps({"index": "s2", "type": str(P.SLIDE_UP)}, separators=(",", ":"))
    fresh = json.dumps({"index": "s3", "type": str(P.SLIDE_REMOVE)}, separators=(",", ":"))
    merged = [
        {"prop_id": f"{P.TITLE}.value", "value": "Review"},
        {"prop_id": f"{up}.n_clicks", "value": 1},
    ]
    assert presentation.pressed(merged) == ("up", "s2")
    assert presentation.pressed([{"prop_id": f"{fresh}.n_clicks", "value": None}]) is None
    assert presentation.pressed(merged[:1]) is None


def test_buttons_use_what_the_form_shows_even_before_the_store_has_it() -> None:
    store = presentation.dump(Deck(title="Old").add("/map", "Map").add("/", "Overview"), 0)
    deck = presentation.as_shown(store, ["Members", "Overview"], ["", "Say"], ["New", *[None] * 5])
    assert [(s.title, s.notes) for s in deck.slides] == [("Members", ""), ("Overview", "Say")]
    assert deck.title == "New"
    stale = presentation.as_shown(store, ["Only one"], [], [])  # list being redrawn: ignored
    assert [s.title for s in stale.slides] == ["Map", "Overview"]


def test_upload_replaces_the_deck_or_says_what_is_wrong() -> None:
    encoded = base64.b64encode(full_deck().to_json().encode()).decode()
    store, _alert = presentation.upload(None, f"data:application/json;base64,{encoded}", "a.json")
    assert presentation.load(store) == full_deck()
    assert store["revision"] == 1
    bad = base64.b64encode(b'{"slides": 1}').decode()
    store, alert = presentation.upload(None, f"data:;base64,{bad}", "b.json")
    assert store is presentation.no_update
    assert "b.json: 'slides' must be a list." in str(alert.to_plotly_json())


@pytest.mark.parametrize("name", [view.name for view in VIEWS.embeddable()])
def test_every_registered_view_renders_and_its_frame_is_its_csv(
    repo: Repository, name: str
) -> None:
    url = VIEWS.named(name).url("city=alpha" if name == "city" else "")  # /city/<id>
    chart = VIEWS.chart(repo, url)
    assert chart.title and chart.figure.data
    assert VIEWS.parse(url + "?lang=es")[0].name == name
    query = "?city=alpha" if name == "city" else ""
    response = create_app(repo=repo).server.test_client().get(f"/data/{name}.csv{query}")
    csv = pd.read_csv(io.BytesIO(response.data))
    assert len(csv) == len(VIEWS.table(repo, url))


def test_registry_rejects_pages_that_are_not_views() -> None:
    with pytest.raises(UnknownView, match="No view at /nowhere"):
        VIEWS.parse("/nowhere?x=1")
    with pytest.raises(UnknownView, match="No view at /presentation"):
        VIEWS.parse("/presentation")


def test_presenting_a_slide_of_an_unknown_view_says_so(repo: Repository) -> None:
    deck = Deck().add("/nowhere/alpha", "Álpha").add("/map", "")
    shown = str(presentation.present_slide(repo, deck, 1).to_plotly_json())
    assert "Álpha" in shown and "No view at /nowhere/alpha" in shown
    closing = str(presentation.present_slide(repo, deck, 3).to_plotly_json())
    assert "Thank you" in closing


def test_a_presented_slide_offers_its_numbers_as_a_table(repo: Repository) -> None:
    """Presenting draws the chart alone, on a big screen or a shared screen reader: its
    'Show as table' holds the CSV's rows, as the view's page and embed do."""
    deck = Deck().add("/trends?cities=alpha", "")
    shown = json.dumps(presentation.present_slide(repo, deck, 1).to_plotly_json(), default=str)
    assert "Show as table" in shown
    rows = VIEWS.table(repo, "/trends?cities=alpha")
    assert len(rows) and all(str(y) in shown for y in rows["year"].head(3))
    assert "/data/trends.csv?cities=alpha" in shown
