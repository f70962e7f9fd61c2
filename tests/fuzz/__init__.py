"""The standing attack suite: `make fuzz` (not part of `make test`).

Each *part* generates hostile inputs from a seed, feeds them to the code that reads them, and
sorts every outcome into accepted, refused (a message naming the file, row and column or the
limit), traceback (an exception nobody turned into a message), damaged (a served build, or a
raw folder, left worse than before) or hung (past the time allowed). Anything but accepted and
refused is kept as a regression fixture under `tests/fixtures/fuzz/<part>/`, which `make test`
replays with a smaller seeded sample of every part (tests/unit/test_fuzz.py).

Parts live in `PARTS` (tests/fuzz/parts.py); a new kind of input (hostile URLs and callback
bodies, for instance) is one more entry with the same two functions: `generate(rng) -> Case`
and `run(case, work) -> Outcome`.
"""
