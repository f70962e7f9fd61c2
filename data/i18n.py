"""One translation function for every user-facing string, with gettext-style catalogs.

Catalogs are `data/locale/<lang>.po` files read with Babel. The active language is a context
variable, so each request (page, callback, CSV, embed) can speak its own language while the
messages in the code stay plain English.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from decimal import Decimal
from functools import cache
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.messages.pofile import read_po
from babel.numbers import (
    NumberPattern,
    format_percent,
    get_decimal_symbol,
    get_group_symbol,
    parse_pattern,
)

DEFAULT_LANGUAGE = "en"
LOCALE_DIR = Path(__file__).with_name("locale")

_language: ContextVar[str] = ContextVar("language", default=DEFAULT_LANGUAGE)


@cache
def available_languages() -> tuple[str, ...]:
    """English (the source language) plus every language with a catalog."""
    return (DEFAULT_LANGUAGE, *sorted(p.stem for p in LOCALE_DIR.glob("*.po")))


@cache
def _catalog(language: str) -> dict[str, str]:
    path = LOCALE_DIR / f"{language}.po"
    if not path.is_file():
        return {}
    with path.open("rb") as handle:
        catalog = read_po(handle)
    return {
        str(m.id): str(m.string)
        for m in catalog
        if m.id and m.string and not m.fuzzy and isinstance(m.id, str)
    }


def current_language() -> str:
    return _language.get()


def set_language(language: str) -> None:
    """Set the language for the rest of this context (a request, a thread)."""
    _language.set(language if language in available_languages() else DEFAULT_LANGUAGE)


@contextmanager
def language(code: str) -> Iterator[None]:
    token = _language.set(code if code in available_languages() else DEFAULT_LANGUAGE)
    try:
        yield
    finally:
        _language.reset(token)


@cache
def is_language(code: str) -> bool:
    """A language code CLDR knows ('es', 'fr', 'pt'): data may name languages the app does not
    speak yet, but not typos."""
    try:
        Locale.parse(code)
    except (ValueError, UnknownLocaleError):
        return False
    return True


def language_name(code: str) -> str:
    """The name of language `code` in the current language ("inglés" for 'en' in Spanish)."""
    return Locale.parse(code).get_display_name(_language.get()) or code


def N_(message: str) -> str:
    """Mark a string for translation where it is defined; `_()` translates it where shown."""
    return message


def _(message: str, /, **values: object) -> str:
    """Translate `message` into the current language, then fill its `{placeholders}`."""
    text = _catalog(_language.get()).get(message, message) if _language.get() != "en" else message
    return text.format(**values) if values else text


@cache
def _decimal_pattern(digits: int) -> NumberPattern:
    return parse_pattern("#,##0" + ("." + "0" * digits if digits > 0 else ""))


@cache
def _locale(code: str) -> Locale:
    return Locale.parse(code)


def number(value: float, digits: int = 1) -> str:
    """`value` with `digits` decimals, grouped and punctuated the way the current language writes
    numbers ("1,234.5" in English, "1.234,5" in Spanish, "1 234,5" in French). What babel's
    format_decimal writes (rounded half to even from the shortest decimal that reads back as
    `value`), done by Python's own decimal formatting with the language's two marks swapped
    in: a chart's hover texts and table hold a thousand numbers, and babel's general route
    cost more than the rest of the chart (tests/unit/test_i18n.py holds them equal)."""
    exact = Decimal(str(value))
    if not exact.is_finite():
        text = _decimal_pattern(digits).apply(value, _locale(_language.get()))
    else:
        text = f"{exact.quantize(_quantum(digits)):,f}".translate(_marks(_language.get()))
    return text.replace("-", "\u2212")  # a true minus sign, which screen readers say as "minus"


@cache
def _quantum(digits: int) -> Decimal:
    return Decimal(1).scaleb(-digits)


@cache
def _marks(code: str) -> dict[int, str]:
    """Python's "," and "." as the language writes them."""
    return str.maketrans({",": get_group_symbol(code), ".": get_decimal_symbol(code)})


def plotly_separators() -> str:
    """Plotly's `layout.separators` (decimal mark, then thousands mark) for the current language,
    so hover labels and ticks read like the text around them."""
    symbols = Locale.parse(_language.get()).number_symbols["latn"]
    return symbols["decimal"] + symbols["group"]


def signed(value: float, digits: int = 1) -> str:
    """`number` with its sign always shown ("+3.2", "−1,5")."""
    return ("+" if value >= 0 else "−") + number(abs(value), digits)


def percent(share: float, digits: int = 0) -> str:
    """A signed share (0.17 -> "+17%"), spaced as the language writes it ("+17 %" in French)."""
    pattern = "#,##0" + ("." + "0" * digits if digits > 0 else "") + "%"
    text = format_percent(abs(share), format=pattern, locale=_language.get())
    if Locale.parse(_language.get()).percent_formats[None].pattern.endswith("\u00a0%"):
        text = text[:-1] + "\u00a0%"
    return ("+" if share >= 0 else "−") + text
