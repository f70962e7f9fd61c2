"""One translation function, gettext catalogs, and a language per request."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

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
