"""One translation function, gettext catalogs, and a language per request."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from components.ids import Shell
from data import i18n


@pytest.fixture
def spanish(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    (tmp_path / "es.po").write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Hello {name}"\nmsgstr "Hola {name}"\n\n'
        '#, fuzzy\nmsgid "Unsure"\nmsgstr "Dudoso"\n',
        encoding="utf-8",
    )
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    i18n._catalog.cache_clear()
    i18n.available_languages.cache_clear()
    yield
    i18n._catalog.cache_clear()
    i18n.available_languages.cache_clear()


def test_english_is_the_source_language() -> None:
    assert i18n._("Hello {name}", name="Cali") == "Hello Cali"
    assert i18n.current_language() == "en"


def test_catalog_is_used_for_the_current_language(spanish: None) -> None:
    assert i18n.available_languages() == ("en", "es")
    with i18n.language("es"):
        assert i18n._("Hello {name}", name="Cali") == "Hola Cali"
        assert i18n._("Untranslated") == "Untranslated"
        assert i18n._("Unsure") == "Unsure"  # fuzzy entries are not trusted
    assert i18n._("Hello {name}", name="Cali") == "Hello Cali"


def test_unknown_language_falls_back_to_english() -> None:
    with i18n.language("xx"):
        assert i18n.current_language() == "en"


def test_each_request_speaks_the_language_it_asks_for(spanish: None, repo) -> None:
    from app import create_app

    client = create_app(repo=repo).server.test_client()
    assert '<html lang="es">' in client.get("/?lang=es").get_data(as_text=True)
    assert '<html lang="es">' in client.get(
        "/", headers={"Accept-Language": "es-CO,es;q=0.9,en;q=0.5"}
    ).get_data(as_text=True)
    assert '<html lang="en">' in client.get(
        "/?lang=en", headers={"Accept-Language": "es"}
    ).get_data(as_text=True)
    assert '<html lang="en">' in client.get("/?lang=xx").get_data(as_text=True)
    # a callback speaks the language of the page that sent it
    layout = client.get("/_dash-layout", headers={"Referer": "http://host/map?lang=es"})
    assert '"value": "es"' in layout.get_data(as_text=True).replace('"value":"es"', '"value": "es"')


# --- the real catalogs ----------------------------------------------------------------------------

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ("app.py", "components", "callbacks", "data")  # what `make messages` extracts
CATALOGS = ("es", "fr")


def _extracted() -> set[str]:
    """The msgids pybabel finds in the code, with the same keywords as `make messages`."""
    from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir, extract_from_file

    keywords = {**DEFAULT_KEYWORDS, "N_": None}
    found: set[str] = set()
    for source in SOURCES:
        path = ROOT / source
        if path.is_file():
            found |= {m[1] for m in extract_from_file("python", str(path), keywords=keywords)}
        else:
            found |= {m[2] for m in extract_from_dir(str(path), keywords=keywords)}
    return {m for m in found if isinstance(m, str) and m}


def _catalog(language: str) -> dict[str, tuple[str, bool]]:
    from babel.messages.pofile import read_po

    with (i18n.LOCALE_DIR / f"{language}.po").open("rb") as handle:
        catalog = read_po(handle)
    return {str(m.id): (str(m.string or ""), m.fuzzy) for m in catalog if m.id}


def _placeholders(text: str) -> set[tuple[str, str]]:
    from string import Formatter

    return {(f, spec or "") for _t, f, spec, _c in Formatter().parse(text) if f is not None}


def test_extraction_finds_the_vocabularies_marked_where_they_are_defined() -> None:
    found = _extracted()
    # themes, roles, statuses, flags and regions are marked with N_ in data/schema.py, data/geo.py
    for message in ("Violence against women", "Pilot city", "Ongoing", "Africa", "On track"):
        assert message in found
    assert "Provisional: may still be revised" in found


@pytest.mark.parametrize("language", CATALOGS)
def test_every_message_in_the_code_has_a_translation(language: str) -> None:
    catalog = _catalog(language)
    missing = sorted(m for m in _extracted() if not catalog.get(m, ("", False))[0])
    fuzzy = sorted(m for m in _extracted() if catalog.get(m, ("", False))[1])
    assert missing == [], f"untranslated in {language}.po (run `make messages`): {missing[:10]}"
    assert fuzzy == [], f"fuzzy in {language}.po: {fuzzy[:10]}"


@pytest.mark.parametrize("language", CATALOGS)
def test_translations_keep_the_placeholders_of_their_message(language: str) -> None:
    wrong = {
        msgid: text
        for msgid, (text, _fuzzy) in _catalog(language).items()
        if text and _placeholders(msgid) != _placeholders(text)
    }
    assert wrong == {}
    with i18n.language(language):  # and every one of them formats with the message's values
        for msgid in _catalog(language):
            if "%{" in msgid:  # a plotly hover template: plotly fills it, not Python
                continue
            values = {f: 1 for f, _spec in _placeholders(msgid)}
            i18n._(msgid, **values)


def test_numbers_are_written_the_way_each_language_writes_them() -> None:
    assert i18n.number(1234567.891) == "1,234,567.9"
    assert i18n.plotly_separators() == ".,"
    with i18n.language("es"):
        assert i18n.number(1234567.891) == "1.234.567,9"
        assert i18n.number(12.25, 0) == "12"
        assert i18n.plotly_separators() == ",."
    with i18n.language("fr"):
        assert i18n.number(1234567.891) == "1\u202f234\u202f567,9"
        assert i18n.plotly_separators() == ",\u202f"
        assert i18n.percent(-0.172) == "−17\u00a0%"
        assert i18n.signed(2.25, 1) == "+2,2"
    assert i18n.percent(0.0875, 1) == "+8.8%"
    assert i18n.signed(-1234.5) == "−1,234.5"


@pytest.mark.parametrize("language", ["en", "es", "fr"])
def test_numbers_are_what_babel_writes(language: str) -> None:
    """`number` formats with Python's decimal module for speed: it must write what babel's
    format_decimal writes, halves (0.25, 2.5), negative zero, big and tiny values included."""
    from babel.numbers import format_decimal

    halves = [0.05, 0.15, 0.25, 0.35, 2.5, -2.5, 0.125, 999.95, -0.04, -0.0, 0, 1e-9, 5e20]
    spread = [(-1) ** n * 1.37**n for n in range(60)]  # 1 to 10^8, both signs
    with i18n.language(language):
        for digits in (0, 1, 2):
            pattern = "#,##0" + ("." + "0" * digits if digits else "")
            for value in [*halves, *spread, 1234567, float("inf")]:
                babel = format_decimal(value, format=pattern, locale=language)
                assert i18n.number(value, digits) == babel.replace("-", "\u2212"), value


@pytest.mark.parametrize(
    ("language", "navigation"),
    [
        ("es", ("Panorama", "Tendencias", "Intervenciones", "Mapa")),
        ("fr", ("Vue d'ensemble", "Tendances", "Interventions", "Carte")),
    ],
)
def test_pages_speak_the_language_of_their_link(repo, language: str, navigation) -> None:
    from app import create_app

    client = create_app(repo=repo).server.test_client()
    assert f'<html lang="{language}">' in client.get(f"/trends?lang={language}").get_data(
        as_text=True
    )
    layout = client.get(
        "/_dash-layout", headers={"Referer": f"http://host/trends?lang={language}"}
    ).get_data(as_text=True)
    for word in navigation:
        assert word.replace("'", "\\u0027") in layout or word in layout, word
    english = client.get("/_dash-layout", headers={"Referer": "http://host/trends"})
    assert "Tendencias" not in english.get_data(as_text=True)


def test_an_embed_speaks_french(repo) -> None:
    from app import create_app

    client = create_app(repo=repo).server.test_client()
    page = client.get("/embed/trends?lang=fr").get_data(as_text=True)
    assert '<html lang="fr"' in page
    assert "Ouvrir dans l" in page  # the link back to the observatory
    assert "Open in the Observatory" not in page


# --- the data's own words ------------------------------------------------------------------------


@pytest.mark.parametrize("language", CATALOGS)
def test_the_demo_gives_every_indicator_in_every_language(language: str) -> None:
    """What the demo's indicators.csv holds (label_es, unit_fr, ...): every indicator's name,
    unit and definition in each language the app speaks, "per 100,000" written as issue 17 asks:
    "por 100 000", "pour 100 000", grouped by a narrow no-break space (in Spanish "100,000" reads
    as one hundred, and the RAE asks for a space rather than "100.000")."""
    from data.demo.generate import Scale, _indicators

    indicators = _indicators(Scale(indicators=6))  # the demo's four and two made for scale
    grouped = {"es": "por 100\u202f000", "fr": "pour 100\u202f000"}[language]
    missing = [
        (row["indicator_id"], field)
        for row in indicators.to_dict("records")
        for field in ("label", "unit", "description")
        if not str(row.get(f"{field}_{language}") or "").strip()
    ]
    assert missing == []
    for row in indicators.to_dict("records"):
        assert row[f"label_{language}"] != row["label"]
        assert row[f"description_{language}"] != row["description"]
        if row["per_100k"]:
            assert row[f"unit_{language}"] == grouped
        # definitions that name the unit write it the same way
        assert not {"100.000", "100,000"} & set(row[f"description_{language}"].split())


@pytest.mark.parametrize(
    ("language", "words", "country"),
    [
        ("es", ("Tasa de homicidios (por 100 000)", "por 100 000"), "Colombia (nacional)"),
        ("fr", ("Taux d'homicides (pour 100 000)", "pour 100 000"), "Colombie (national)"),
    ],
)
def test_pages_and_embeds_show_the_datas_words_in_their_language(
    client, language: str, words: tuple[str, ...], country: str
) -> None:
    """The fixture's indicators.csv gives homicide-rate in Spanish and French, and
    perceived-safety in English only: that one is shown in English, and the page says so once."""
    import html
    import json

    from tests.unit.test_first_load import find

    def layout_of(url: str) -> tuple[Any, str]:
        found = client.get("/_dash-layout", headers={"Referer": url}).get_json()
        return found, json.dumps(found, ensure_ascii=False)

    layout, text = layout_of(f"http://localhost/city/alpha?lang={language}")
    assert [w for w in (*words, country) if w not in text] == []
    assert "Homicide rate" not in text and "per 100,000" not in text
    notice = find(layout, Shell.UNTRANSLATED)
    assert notice is not None
    (named,) = [c for c in notice["props"]["children"] if isinstance(c, dict)]
    assert named["props"] == {"children": "Feeling safe at night", "lang": "en"}

    embed = client.get(f"/embed/trends?cities=alpha&lang={language}").get_data(as_text=True)
    # the controls and title as HTML, the chart (legend, axis, hover) as the figure's JSON
    assert [w for w in (*words, country) if w not in html.unescape(embed)] == []

    english, text = layout_of("http://localhost/city/alpha")
    assert "Homicide rate" in text and "Feeling safe at night" in text
    assert find(english, Shell.UNTRANSLATED) is None  # English pages have nothing to excuse
