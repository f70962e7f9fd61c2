"""Rooms hold what their names say, and imports run one way: what draws a view outside its page
(the deck command, exports, the HTTP layer, the registry) never needs a Dash callback module."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT


def loaded_after(statement: str) -> set[str]:
    """The project's modules a fresh interpreter holds after `statement`."""
    script = f"{statement}\nimport sys\nprint(' '.join(sys.modules))"
    out = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return set(out.stdout.split())


def test_the_deck_command_and_the_registry_import_no_callbacks() -> None:
    for statement in (
        "import exports.command",
        "import exports.deck",
        "from views import VIEWS",
        "import web.response_cache, web.embeds, web.downloads, web.warm",
    ):
        callbacks = {m for m in loaded_after(statement) if m.split(".")[0] == "callbacks"}
        assert callbacks == set(), statement
