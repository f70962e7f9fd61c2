"""What a fuzz case is, how it is kept as a fixture, and how its outcome is classified."""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "fuzz"
RAW = ROOT / "tests" / "fixtures" / "raw"


class Verdict(StrEnum):
    ACCEPTED = "accepted"
    REFUSED = "refused"  # a message for a person, exit code 1 or 2, nothing written
    TRACEBACK = "traceback"
    DAMAGED = "damaged"
    HUNG = "hung"
    SKIPPED = "skipped"  # the generator failed: a fault of the suite, not of the observatory


BAD = (Verdict.TRACEBACK, Verdict.DAMAGED, Verdict.HUNG)


@dataclass
class Case:
    """Files to write (name -> bytes), special entries, and how to run them."""

    part: str
    name: str
    files: dict[str, bytes] = field(default_factory=dict)
    # entries that are not plain files: "folder", "loop" (a link to itself), "dangling"
    specials: dict[str, str] = field(default_factory=dict)
    options: dict[str, Any] = field(default_factory=dict)  # the part's own (a mapping, ...)
    fuzzed: int = 1  # how many input files were generated or mutated for this case

    def write(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        for name, data in self.files.items():
            (folder / name).write_bytes(data)
        for name, kind in self.specials.items():
            path = folder / name
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
            elif path.exists() or path.is_symlink():
                path.unlink()
            if kind == "folder":
                path.mkdir()
            elif kind == "loop":
                os.symlink(name, path)
            elif kind == "dangling":
                os.symlink(f"{name}.gone", path)

    def save(self, outcome: Outcome, root: Path = FIXTURES) -> Path:
        """Keep the case as a regression fixture (what it did is noted, for the reader)."""
        folder = root / self.part / self.name
        shutil.rmtree(folder, ignore_errors=True)
        (folder / "files").mkdir(parents=True)
        for name, data in self.files.items():
            (folder / "files" / name).write_bytes(data)
        meta = {
            "specials": self.specials,
            "options": self.options,
            "fuzzed": self.fuzzed,
            "found": {"verdict": outcome.verdict, "detail": outcome.detail[-2000:]},
        }
        (folder / "case.json").write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n")
        return folder

    @classmethod
    def load(cls, folder: Path) -> Case:
        meta = json.loads((folder / "case.json").read_text())
        files = {p.name: p.read_bytes() for p in sorted((folder / "files").iterdir())}
        return cls(
            part=folder.parent.name,
            name=folder.name,
            files=files,
            specials=meta["specials"],
            options=meta["options"],
            fuzzed=meta.get("fuzzed", 1),
        )


@dataclass(frozen=True)
class Outcome:
    verdict: Verdict
    detail: str = ""  # the refusal's message, or the traceback


def saved_cases(part: str, root: Path = FIXTURES) -> list[Case]:
    folder = root / part
    if not folder.is_dir():
        return []
    return [Case.load(p) for p in sorted(folder.iterdir()) if (p / "case.json").is_file()]
