"""A presentation deck: slides that are view URLs, plus a title and an optional closing slide.

The deck lives in the browser and travels as a small JSON file, so a coordinator can share it or
regenerate next year's review from it. Slides hold URLs, never data: rendering always asks the
views for today's numbers.
"""

from __future__ import annotations

import dataclasses
import json
import secrets
from dataclasses import dataclass, field
from typing import Any

from data.i18n import _

FORMAT = "urban-peace-observatory/deck"
VERSION = 1
MAX_SLIDES = 200
MAX_TEXT = 5000


class DeckError(ValueError):
    """A deck file that cannot be read; the message names the field."""


def new_id() -> str:
    return secrets.token_hex(4)


@dataclass(frozen=True)
class Slide:
    url: str  # path and query string of a view: the view's full state
    title: str
    notes: str = ""
    id: str = field(default_factory=new_id)


@dataclass(frozen=True)
class Deck:
    title: str = ""
    network: str = ""
    period: str = ""
    author: str = ""
    closing: bool = True
    closing_text: str = ""
    slides: tuple[Slide, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "version": VERSION,
            **{
                f.name: getattr(self, f.name)
                for f in dataclasses.fields(self)
                if f.name != "slides"
            },
            "slides": [dataclasses.asdict(s) for s in self.slides],
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2) + "\n"

    @classmethod
    def from_dict(cls, data: Any, *, origin: str = "deck") -> Deck:
        """Strict: anything unexpected is an error naming the field, never silently dropped."""
        if not isinstance(data, dict):
            raise DeckError(_("{origin}: expected a JSON object.", origin=origin))
        if data.get("format", FORMAT) != FORMAT:
            raise DeckError(
                _(
                    "{origin}: not an observatory deck (format '{found}').",
                    origin=origin,
                    found=data.get("format"),
                )
            )
        version = data.get("version", VERSION)
        if version != VERSION:
            raise DeckError(
                _(
                    "{origin}: deck version {found} is not supported (expected {expected}).",
                    origin=origin,
                    found=version,
                    expected=VERSION,
                )
            )
        values: dict[str, Any] = {}
        for name in ("title", "network", "period", "author", "closing_text"):
            values[name] = _text(data, name, origin)
        closing = data.get("closing", True)
        if not isinstance(closing, bool):
            raise DeckError(_("{origin}: 'closing' must be true or false.", origin=origin))
        values["closing"] = closing
        slides = data.get("slides", [])
        if not isinstance(slides, list):
            raise DeckError(_("{origin}: 'slides' must be a list.", origin=origin))
        if len(slides) > MAX_SLIDES:
            raise DeckError(
                _(
                    "{origin}: {n} slides; at most {max} are allowed.",
                    origin=origin,
                    n=len(slides),
                    max=MAX_SLIDES,
                )
            )
        seen: set[str] = set()
        parsed = []
        for i, item in enumerate(slides, start=1):
            where = _("{origin}, slide {n}", origin=origin, n=i)
            if not isinstance(item, dict):
                raise DeckError(_("{where}: expected an object.", where=where))
            url = _text(item, "url", where)
            if not url.startswith("/"):
                raise DeckError(
                    _(
                        "{where}: 'url' must be a path of the app such as /trends?indicator=x.",
                        where=where,
                    )
                )
            slide_id = _text(item, "id", where) or new_id()
            if slide_id in seen:
                slide_id = new_id()
            seen.add(slide_id)
            parsed.append(
                Slide(
                    url=url,
                    title=_text(item, "title", where),
                    notes=_text(item, "notes", where),
                    id=slide_id,
                )
            )
        return cls(**values, slides=tuple(parsed))

    @classmethod
    def from_json(cls, text: str | bytes, *, origin: str = "deck.json") -> Deck:
        try:
            data = json.loads(text)
        except (json.JSONDecodeError, UnicodeDecodeError) as error:
            raise DeckError(
                _("{origin} is not valid JSON: {error}", origin=origin, error=str(error))
            ) from None
        return cls.from_dict(data, origin=origin)

    # Editing: pure functions the presentation page calls, so they are tested without a browser.

    def replace(self, **changes: Any) -> Deck:
        return dataclasses.replace(self, **changes)

    def index(self, slide_id: str) -> int:
        return next(i for i, s in enumerate(self.slides) if s.id == slide_id)

    def add(self, url: str, title: str) -> Deck:
        return self.replace(slides=(*self.slides, Slide(url=url, title=title)))

    def move(self, slide_id: str, step: int) -> Deck:
        slides = list(self.slides)
        i = self.index(slide_id)
        j = min(max(i + step, 0), len(slides) - 1)
        slides.insert(j, slides.pop(i))
        return self.replace(slides=tuple(slides))

    def duplicate(self, slide_id: str) -> Deck:
        i = self.index(slide_id)
        copy = dataclasses.replace(self.slides[i], id=new_id())
        return self.replace(slides=(*self.slides[: i + 1], copy, *self.slides[i + 1 :]))

    def remove(self, slide_id: str) -> Deck:
        return self.replace(slides=tuple(s for s in self.slides if s.id != slide_id))

    def edit(self, slide_id: str, **changes: str) -> Deck:
        return self.replace(
            slides=tuple(
                dataclasses.replace(s, **changes) if s.id == slide_id else s for s in self.slides
            )
        )


def _text(data: dict[str, Any], name: str, where: str) -> str:
    value = data.get(name, "")
    if value is None:
        return ""
    if not isinstance(value, str):
        raise DeckError(_("{where}: '{name}' must be text.", where=where, name=name))
    if len(value) > MAX_TEXT:
        raise DeckError(
            _(
                "{where}: '{name}' is longer than {max} characters.",
                where=where,
                name=name,
                max=MAX_TEXT,
            )
        )
    return value
