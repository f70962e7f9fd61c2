"""`observatory deck DECK.json --out FILE.pptx|.pdf|.zip`: the browser's export, on a schedule."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from data.atomic import write_bytes
from data.deck import Deck, DeckError
from data.i18n import DEFAULT_LANGUAGE, _, available_languages, current_language, language
from data.repository import NoData, Repository
from exports import deck as deck_export


def add_parser(commands: argparse._SubParsersAction, data_dir: Path) -> None:
    deck = commands.add_parser(
        "deck", help=_("export a presentation deck file to PowerPoint, PDF or ZIP")
    )
    deck.add_argument("deck", type=Path, help=_("a deck saved from the Presentation page"))
    deck.add_argument("--out", type=Path, required=True, help=_("FILE.pptx, FILE.pdf or FILE.zip"))
    deck.add_argument("--data", type=Path, default=data_dir)
    deck.add_argument(
        "--lang",
        choices=available_languages(),
        default=DEFAULT_LANGUAGE,
        help=_("the language of the slides (default: en)"),
    )
    deck.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    fmt = args.out.suffix.lower().lstrip(".")
    if fmt not in deck_export.FORMATS:
        print(
            _("--out must end in .pptx, .pdf or .zip, not '{name}'.", name=args.out.name),
            file=sys.stderr,
        )
        return 2
    try:
        deck = Deck.from_json(args.deck.read_bytes(), origin=str(args.deck))
        repo = Repository(args.data)
        started = time.perf_counter()
        said = current_language()  # the command speaks its own language, the slides --lang

        def progress(done: int, total: int) -> None:
            with language(said):
                print(_("Slide {n} of {total}", n=done, total=total), file=sys.stderr)

        with language(args.lang):
            content = deck_export.export(repo, deck, fmt, progress=progress)  # type: ignore[arg-type]
    except FileNotFoundError:
        print(_("No deck file at {path}.", path=args.deck), file=sys.stderr)
        return 2
    except NoData:
        print(_("No processed data in {folder}.", folder=args.data), file=sys.stderr)
        return 2
    except (DeckError, deck_export.NoChromium) as error:
        print(error, file=sys.stderr)
        return 1
    write_bytes(args.out, content)
    print(
        _(
            "Wrote {n} slides to {out} in {seconds:.1f} s.",
            n=len(deck.slides),
            out=args.out,
            seconds=time.perf_counter() - started,
        )
    )
    return 0
