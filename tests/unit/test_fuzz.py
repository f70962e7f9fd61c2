"""The attack suite's regression fixtures (inputs that once crashed or damaged a folder, kept by
`make fuzz` under tests/fixtures/fuzz/) and a small seeded sample of each of its parts: every
one must end in an answer, accepted or refused with a message, and leave no folder damaged."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.fuzz.__main__ import run_case
from tests.fuzz.cases import BAD, Case, Verdict, saved_cases
from tests.fuzz.parts import PARTS

SAMPLE = 6  # cases per part; `make fuzz` runs thousands
SEED = 2026

KEPT = [case for part in PARTS for case in saved_cases(part)]


@pytest.mark.parametrize("case", KEPT, ids=[f"{c.part}/{c.name}" for c in KEPT])
def test_a_kept_case_gets_an_answer(case: Case, tmp_path: Path) -> None:
    outcome = PARTS[case.part].run(case, tmp_path)
    assert outcome.verdict in (Verdict.ACCEPTED, Verdict.REFUSED), outcome.detail


@pytest.mark.parametrize("part", list(PARTS))
def test_a_seeded_sample_gets_answers(part: str, tmp_path: Path) -> None:
    results = [
        run_case(part, f"{part}-{n:05d}", SEED, str(tmp_path), save=False) for n in range(SAMPLE)
    ]
    assert [r for r in results if r.verdict in (*BAD, Verdict.SKIPPED)] == []
    assert {r.verdict for r in results} <= {Verdict.ACCEPTED, Verdict.REFUSED}
