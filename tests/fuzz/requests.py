"""Hostile HTTP requests: traversal attempts, junk queries, malformed callback bodies, forged
Host headers and tokens of the wrong type, generated from a seed and sent to the app.

A request is answered well when it gets a status below 500, no exception reached Flask, the
answer carries no traceback and sets no cookie, and nothing the request made up (a forged host,
a script from the query) comes back as markup. `make fuzz` sends thousands
(`python -m tests.fuzz.requests`); what broke is kept as JSON under tests/fixtures/fuzz/requests/
and replayed by `make test` with a small seeded sample (tests/unit/test_fuzz_requests.py).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from tests.fuzz.cases import FIXTURES

KEPT = FIXTURES / "requests"
EVIL_HOST = "evil.example"
MARKER = "<script>fuzz()</script>"
TOKEN = "fuzz-token"

# The parts of the app a request can aim at.
TRAVERSAL_PREFIXES = [
    "/_dash-component-suites/",
    "/_dash-component-suites/dash/",
    "/_dash-component-suites/dash/dcc/",
    "/_dash-component-suites/dash_bootstrap_components/_components/",
    "/assets/",
    "/assets/vendor/",
    "/assets/vendor/bootstrap/",
    "/embed/",
    "/data/",
    "/city/",
    "/",
]
TRAVERSALS = [
    "../",
    "..%2f",
    "%2e%2e/",
    "%2e%2e%2f",
    "..\\",
    "..%5c",
    "....//",
    "%252e%252e%252f",
    "..%c0%af",
    "..%00/",
    "%00",
    "/",
    "//",
    "./",
    "~",
]
TARGETS = [
    "etc/passwd",
    "app.py",
    "pyproject.toml",
    "data/processed/current/manifest.json",
    "dash_renderer/dash_renderer.min.js",
    "deps/polyfill@7.v4_4_1m1.js",
    "dcc/dash_core_components.js",
    "plotly.min.js",
    "plotly.min.js.br",
    "style.css",
    "",
    "x" * 300,
    "%ff%fe",
    "\u00e9\u4e2d",
    "..",
    "a.js\x00.png",
]
ENCODINGS = ["br", "gzip", "br;q=0, gzip", "*", "identity", "br, gzip, deflate", "zstd", "", ";;,"]
QUERY_VALUES = [
    "",
    "0",
    "-1",
    "1e309",
    "nan",
    "999999999999999999999999",
    "2020,2019",
    ",,,",
    MARKER,
    '"><img src=x onerror=alert(1)>',
    '=HYPERLINK("http://attacker.example")',
    "%00",
    "%ff",
    "\udcff\udcfe",  # the bytes 0xff 0xfe as sent, not percent-encoded (see Sender.send)
    "%",
    "\u00e9\u4e2d\U0001f600",
    "a" * 5000,
    ",".join(["cali"] * 500),
    "[]",
    "{}",
    "../../etc/passwd",
    "javascript:alert(1)",
]
JUNK_TYPES: list[Callable[[random.Random], Any]] = [
    lambda r: None,
    lambda r: r.randint(-(2**70), 2**70),
    lambda r: r.random() * 10 ** r.randint(-5, 300),
    lambda r: r.choice(QUERY_VALUES),
    lambda r: [r.choice(QUERY_VALUES) for _ in range(r.randint(0, 4))],
    lambda r: {"a": r.choice(QUERY_VALUES), "b": [1, {"c": None}]},
    lambda r: True,
    lambda r: "?" + "&".join(f"{r.choice('abcxyz')}={r.choice(QUERY_VALUES)}" for _ in range(3)),
    lambda r: "x" * r.choice([0, 1, 10_000, 300_000]),
]


@dataclass(frozen=True)
class Hostile:
    """One request, as JSON keeps it: the path holds its query, percent escapes as sent; the
    body is text (latin-1 for bytes)."""

    kind: str
    method: str
    path: str
    headers: dict[str, str] = field(default_factory=dict)
    body: str = ""


@dataclass(frozen=True)
class Answer:
    status: int
    problem: str  # "" when answered well


class Generator:
    """Requests built from the app's own routes, views, parameters and callbacks."""

    def __init__(self, app: Any) -> None:
        from views import VIEWS

        self.views = list(VIEWS)
        self.paths = [v.path for v in self.views] + ["/city/cali", "/city/%3Cb%3E", "/nowhere"]
        self.embeds = [f"/embed/{v.name}" for v in VIEWS.embeddable()] + ["/embed/nothing"]
        self.csvs = [f"/data/{n}.csv" for n in VIEWS.csv_names()] + ["/data/cities.csv"]
        self.params = sorted(
            {name for v in self.views for _f, name, _h in v.state._fields()}
            | {"lang", "theme", "controls", "height", "city"}
        )
        self.callbacks = [
            (output, spec) for output, spec in app.callback_map.items() if spec.get("inputs")
        ]
        self.kinds: list[tuple[str, Callable[[random.Random], Hostile], int]] = [
            ("traversal", self.traversal, 3),
            ("query", self.query, 4),
            ("host", self.host, 1),
            ("callback", self.callback, 5),
            ("body", self.body, 2),
            ("dash", self.dash_route, 1),
            ("wizard", self.wizard, 1),
        ]

    def make(self, rng: random.Random) -> Hostile:
        kinds = [k for k in self.kinds]
        _name, make, _weight = rng.choices(kinds, weights=[w for *_, w in kinds])[0]
        return make(rng)

    def _headers(self, rng: random.Random) -> dict[str, str]:
        headers = {"Accept-Encoding": rng.choice(ENCODINGS)}
        if rng.random() < 0.3:
            headers["Accept-Language"] = rng.choice(["es", "fr;q=0.9", "*", "zz", ";;", "x" * 500])
        if rng.random() < 0.2:
            headers["If-None-Match"] = rng.choice(['"x"', "*", "W/", '"' * 40])
        if rng.random() < 0.2:
            headers["Referer"] = rng.choice(
                ["http://localhost/trends?cities=" + MARKER, "http://attacker.example/", "::::", ""]
            )
        return headers

    def traversal(self, rng: random.Random) -> Hostile:
        steps = "".join(rng.choice(TRAVERSALS) for _ in range(rng.randint(1, 6)))
        path = rng.choice(TRAVERSAL_PREFIXES) + steps + rng.choice(TARGETS)
        if rng.random() < 0.3:
            path += "?" + rng.choice(["v=1", "m=1%00", "junk=" + str(rng.random())])
        return Hostile("traversal", "GET", path, self._headers(rng))

    def _query(self, rng: random.Random) -> str:
        pairs = []
        for _ in range(rng.randint(1, 8)):
            name = rng.choice(self.params) if rng.random() < 0.85 else rng.choice(QUERY_VALUES)
            pairs.append(f"{name}={rng.choice(QUERY_VALUES)}")
        if rng.random() < 0.3:  # a parameter repeated
            pairs.append(rng.choice(pairs))
        return "&".join(pairs) if rng.random() < 0.95 else "&&=&=="

    def query(self, rng: random.Random) -> Hostile:
        base = rng.choice([*self.paths, *self.embeds, *self.csvs, "/admin/import"])
        if base in self.embeds and rng.random() < 0.3:
            base += ".html"
        method = rng.choice(["GET"] * 8 + ["HEAD", "POST", "OPTIONS", "DELETE", "PROPFIND"])
        return Hostile("query", method, f"{base}?{self._query(rng)}", self._headers(rng))

    def host(self, rng: random.Random) -> Hostile:
        base = rng.choice([*self.embeds, *self.paths, *self.csvs])
        if base in self.embeds:
            base += ".html"
        headers = {**self._headers(rng), "Host": rng.choice([EVIL_HOST, f"{EVIL_HOST}:8050"])}
        if rng.random() < 0.5:
            headers["X-Forwarded-Host"] = EVIL_HOST
        return Hostile("host", "GET", f"{base}?{self._query(rng)}", headers)

    def _value(self, rng: random.Random) -> Any:
        return rng.choice(JUNK_TYPES)(rng)

    def _plausible(self, rng: random.Random, prop: str) -> Any:
        """A value of the kind the property holds, or junk now and then."""
        if rng.random() < 0.25:
            return self._value(rng)
        if prop == "pathname":
            return rng.choice(self.paths)
        if prop == "search":
            return "?" + self._query(rng)
        if prop in ("n_clicks", "n_intervals"):
            return rng.choice([None, 0, 1, 7])
        return rng.choice([None, "", "cali", ["cali", "bogota"], 2020, True])

    def _callback_payload(self, rng: random.Random) -> dict[str, Any]:
        output, spec = rng.choice(self.callbacks)
        inputs = [
            {"id": i["id"], "property": i["property"], "value": self._plausible(rng, i["property"])}
            for i in spec["inputs"]
        ]
        state = [
            {"id": s["id"], "property": s["property"], "value": self._plausible(rng, s["property"])}
            for s in spec.get("state", [])
        ]
        payload: dict[str, Any] = {
            "output": output,
            "outputs": renderer_outputs(output),
            "inputs": inputs,
            "state": state,
            "changedPropIds": [f"{i['id']}.{i['property']}" for i in inputs[:1]],
        }
        if rng.random() < 0.3:  # one part of the shape swapped for junk
            part = rng.choice(list(payload))
            payload[part] = self._value(rng)
        if rng.random() < 0.2 and inputs:  # an input without its id or with a list for one
            inputs[0] = rng.choice([{"value": 1}, {"id": ["a"], "property": None}, [], "x"])
        return payload

    def callback(self, rng: random.Random) -> Hostile:
        payload = self._callback_payload(rng)
        return Hostile(
            "callback",
            "POST",
            "/_dash-update-component",
            {**self._headers(rng), "Content-Type": "application/json"},
            json.dumps(payload),
        )

    def body(self, rng: random.Random) -> Hostile:
        depth = rng.choice([100, 1_000, 10_000, 100_000])
        bodies = [
            "[" * depth + "]" * depth,
            '{"inputs":' + '{"a":' * depth + "1" + "}" * depth + "}",
            '{"output":"x","inputs":[' + "[" * depth + "]" * depth + "]}",
            "",
            "null",
            "[]",
            '"inputs"',
            "{" * 10,
            "\x00\xff\xfe" * 100,
            '{"output": 1e999999}',
            json.dumps({"output": "x", "inputs": "a" * 1_000_000}),
        ]
        content_type = rng.choice(["application/json", "text/plain", "", "application/x-www-form"])
        return Hostile(
            "body",
            rng.choice(["POST", "POST", "PUT", "GET"]),
            rng.choice(["/_dash-update-component", "/_dash-update-component?x=1", "/", "/trends"]),
            {**self._headers(rng), "Content-Type": content_type},
            rng.choice(bodies),
        )

    def dash_route(self, rng: random.Random) -> Hostile:
        path = rng.choice(
            [
                "/_dash-layout",
                "/_dash-dependencies",
                "/_reload-hash",
                "/_dash-update-component",
                "/_favicon.ico",
                "/_alive_",
                "/_dash-component-suites",
                "/_dash-component-suites/",
                "/_dash-component-suites/dash",
                "/_dash-component-suites/nothing/x.js",
                "/_dash-component-suites/dash/dash_table/bundle.js",
            ]
        )
        headers = self._headers(rng)
        if rng.random() < 0.5:
            headers["Referer"] = (
                "http://localhost" + rng.choice(self.paths) + "?" + self._query(rng)
            )
        method = rng.choice(["GET", "GET", "POST", "HEAD", "PATCH"])
        return Hostile("dash", method, path + rng.choice(["", "?v=" + MARKER]), headers)

    def wizard(self, rng: random.Random) -> Hostile:
        payload = self._callback_payload(rng)
        wizard = [c for c in self.callbacks if "import" in c[0] or "admin" in c[0]]
        if wizard:
            output, spec = rng.choice(wizard)
            token = rng.choice([[TOKEN], {"t": TOKEN}, 1, None, TOKEN, "x" * 10_000, True])
            payload = {
                "output": output,
                "outputs": renderer_outputs(output),
                "inputs": [
                    {"id": i["id"], "property": i["property"], "value": self._value(rng)}
                    for i in spec["inputs"]
                ],
                "state": [
                    {
                        "id": s["id"],
                        "property": s["property"],
                        "value": token if "token" in str(s["id"]) else self._value(rng),
                    }
                    for s in spec.get("state", [])
                ],
            }
        return Hostile(
            "wizard",
            "POST",
            "/_dash-update-component",
            {**self._headers(rng), "Content-Type": "application/json"},
            json.dumps(payload),
        )


def renderer_outputs(output: str) -> Any:
    """The `outputs` Dash's renderer sends for a callback's output key."""
    if not output.startswith(".."):
        component, _, prop = output.rpartition(".")
        return {"id": component, "property": prop.partition("@")[0]}
    return [
        {"id": c, "property": p.partition("@")[0]}
        for c, _, p in (o.rpartition(".") for o in output.strip(".").split("..."))
    ]


def judge(hostile: Hostile, status: int, headers: Any, body: bytes, raised: list[str]) -> str:
    """What is wrong with this answer ("" when nothing)."""
    if raised:
        return "exception: " + raised[0]
    if status >= 500:
        return f"HTTP {status}"
    if "Set-Cookie" in headers:
        return "set a cookie"
    encoded = headers.get("Content-Encoding", "")
    if encoded in ("br", "gzip") and body:
        import gzip

        import brotli

        try:
            body = brotli.decompress(body) if encoded == "br" else gzip.decompress(body)
        except Exception:
            return f"a body that is not {encoded}, labelled {encoded}"
    text = body.decode("utf-8", "replace")
    if "Traceback (most recent call last)" in text:
        return "a traceback in the answer"
    if EVIL_HOST in text:
        return "the forged host in the answer"
    if MARKER in text and "html" in headers.get("Content-Type", ""):
        return "markup from the request in an HTML answer"
    return ""


class Sender:
    """The app on a build, and a test client sending requests to it as a server would pass them
    (the path unquoted into PATH_INFO, the query left as sent)."""

    def __init__(self, data_dir: Path, cache_dir: Path) -> None:
        import dataclasses
        import logging

        from flask import got_request_exception

        from app import create_app
        from data.settings import Settings

        settings = dataclasses.replace(
            Settings.from_env(),
            data_dir=data_dir,
            cache_dir=cache_dir,
            admin_token=TOKEN,
            warm_pages=False,
        )
        self.app = create_app(settings)
        self.server = self.app.server
        self.client = self.server.test_client()
        self.raised: list[str] = []
        got_request_exception.connect(self._raised, self.server, weak=False)
        logging.getLogger("app").setLevel(logging.CRITICAL)  # the exceptions are counted here
        self.server.logger.setLevel(logging.CRITICAL)

    def _raised(self, _sender: Any, exception: BaseException, **_extra: Any) -> None:
        self.raised.append(f"{type(exception).__name__}: {str(exception)[:300]}")

    def send(self, hostile: Hostile) -> Answer:
        from urllib.parse import unquote_to_bytes

        self.raised.clear()
        path, _, query = hostile.path.partition("?")
        # header values as a server has them: bytes read as latin-1 (the generator's raw bytes
        # are surrogate escapes)
        headers = {
            name: value.encode("utf-8", "surrogateescape").decode("latin-1")
            for name, value in hostile.headers.items()
        }
        host = headers.pop("Host", "localhost")
        environ = {
            "REQUEST_METHOD": hostile.method,
            "PATH_INFO": unquote_to_bytes(path).decode("latin-1"),
            # bytes, as a server has them: text as UTF-8, the raw bytes a client sent as they are
            "QUERY_STRING": query.encode("utf-8", "surrogateescape").decode("latin-1"),
            "HTTP_HOST": host,
            "SERVER_NAME": "localhost",
            "SERVER_PORT": "80",
        }
        body = hostile.body.encode("utf-8") if hostile.body else b""
        response = self.client.open(
            "/",
            method=hostile.method,
            headers=headers,
            data=body,
            environ_overrides=environ,
        )
        data = response.get_data()
        problem = judge(hostile, response.status_code, response.headers, data, self.raised)
        response.close()
        return Answer(response.status_code, problem)


def generate(app: Any, seed: int, count: int) -> Iterator[tuple[str, Hostile]]:
    maker = Generator(app)
    for n in range(count):
        rng = random.Random(f"{seed}:request:{n}")
        yield f"request-{seed}-{n:05d}", maker.make(rng)


def save(name: str, hostile: Hostile, answer: Answer) -> Path:
    KEPT.mkdir(parents=True, exist_ok=True)
    path = KEPT / f"{name}.json"
    kept = {"found": answer.problem, **asdict(hostile)}
    path.write_text(json.dumps(kept, indent=1, ensure_ascii=True) + "\n", encoding="utf-8")
    return path


def kept() -> list[tuple[str, Hostile]]:
    found = []
    for path in sorted(KEPT.glob("*.json")):
        fields = json.loads(path.read_text(encoding="utf-8"))
        fields.pop("found", None)
        found.append((path.stem, Hostile(**fields)))
    return found


def main(argv: list[str] | None = None) -> int:
    import tempfile

    parser = argparse.ArgumentParser(prog="python -m tests.fuzz.requests")
    parser.add_argument("--requests", type=int, default=2500)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--data", type=Path, default=Path("data/processed"))
    parser.add_argument("--no-save", action="store_true")
    parser.add_argument("--results", type=Path)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="observatory-fuzz-requests-") as cache:
        sender = Sender(args.data, Path(cache))
        outcomes: dict[str, Counter[str]] = {}
        statuses: Counter[int] = Counter()
        bad = 0
        for n, (name, hostile) in enumerate(generate(sender.app, args.seed, args.requests), 1):
            answer = sender.send(hostile)
            statuses[answer.status // 100 * 100] += 1
            counts = outcomes.setdefault(hostile.kind, Counter())
            counts["sent"] += 1
            counts[f"{answer.status // 100}xx"] += 1
            if answer.problem:
                bad += 1
                counts["bad"] += 1
                print(f"\n{name} ({hostile.kind} {hostile.method} {hostile.path[:120]}): "
                      f"{answer.problem}", flush=True)  # fmt: skip
                if not args.no_save:
                    save(name, hostile, answer)
            if n % 250 == 0:
                print(f"{n:,}/{args.requests:,} requests, {bad} bad, "
                      f"{time.perf_counter() - started:.0f} s", flush=True)  # fmt: skip
    lines = report(outcomes, args, time.perf_counter() - started)
    print("\n".join(lines))
    if args.results:
        from benchmarks.results_file import write_section

        write_section(args.results, "fuzz-requests", "\n".join(lines))
    return 1 if bad else 0


def report(
    outcomes: dict[str, Counter[str]], args: argparse.Namespace, seconds: float
) -> list[str]:
    import os
    import platform

    names = {
        "traversal": "traversal attempts (Dash's bundles, assets, vendor files, routes)",
        "query": "junk and repeated query parameters on pages, embeds and CSVs",
        "host": "forged `Host` / `X-Forwarded-Host` (standalone embeds among them)",
        "callback": "callback bodies with wrong types and shapes",
        "body": "malformed bodies (deep JSON, not JSON, huge strings)",
        "dash": "Dash's own routes with odd methods and queries",
        "wizard": "upload wizard callbacks with tokens of the wrong type",
    }
    lines = [
        "## Hostile requests (`make fuzz`)",
        "",
        f"Measured {time.strftime('%Y-%m-%d %H:%M')} (seed {args.seed}, {seconds:.0f} s on a "
        f"shared {os.cpu_count()}-core machine; Python {platform.python_version()}): requests "
        "generated by tests/fuzz/requests.py and sent to the app (Flask's test client, the "
        "whole WSGI stack with WhiteNoise in front). Bad: HTTP 5xx, an exception reaching "
        "Flask, a traceback in the answer, a cookie set, or the request's forged host or "
        "markup in an HTML answer.",
        "",
        "| requests | sent | 2xx/3xx | 4xx | 5xx | bad |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    total: Counter[str] = Counter()
    for kind, counts in outcomes.items():
        total.update(counts)
        lines.append(_row(names.get(kind, kind), counts))
    lines.append(_row("**all**", total))
    return lines


def _row(name: str, c: Counter[str]) -> str:
    cells = [c["sent"], c["2xx"] + c["3xx"], c["4xx"], c["5xx"], c["bad"]]
    return f"| {name} | " + " | ".join(f"{n:,}" for n in cells) + " |"


if __name__ == "__main__":
    sys.exit(main())
