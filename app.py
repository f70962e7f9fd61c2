"""The Urban Peace Observatory: app factory, WSGI `server`, and the `observatory` command."""

from __future__ import annotations

import argparse
import dataclasses
import html
import logging
import sys
from pathlib import Path
from typing import Any

from dash import Dash
from flask import request

from data.i18n import _, current_language
from data.repository import Repository
from data.settings import ROOT, Settings
from data.state import query_items
from web import dash_internals

log = logging.getLogger("observatory")

BOOTSTRAP_CSS = "/assets/vendor/bootstrap/bootstrap.min.css"
# Our partial plotly.js (assets/src/plotly-traces.cjs); dcc.Graph uses it, not the full one.
PLOTLY_JS = "/assets/vendor/plotly.min.js"


# Dash's default page wraps its scripts in a <footer>, a second "contentinfo" landmark beside ours.
INDEX = """<!DOCTYPE html>
<html>
<head>{%metas%}<title>{%title%}</title>{%favicon%}{%css%}</head>
<body>{%app_entry%}{%config%}{%scripts%}{%renderer%}</body>
</html>"""


REGENERATOR_JS = "/assets/vendor/regenerator-runtime.js"  # instead of @babel/polyfill
# Asks for the page's layout and callbacks while the scripts load (see the file).
EARLY_JS = "/assets/head/early.js"


class ObservatoryDash(Dash):
    def interpolate_index(self, **kwargs: Any) -> str:
        """Dash's page, with the language declared for screen readers and translators."""
        kwargs["scripts"] = dash_internals.without_babel_polyfill(kwargs["scripts"], REGENERATOR_JS)
        files, lazy = preloads(request.path, request.query_string.decode("utf-8", "replace"))
        prefix = self.config.requests_pathname_prefix
        urls = " ".join(f"{prefix}{endpoint}" for endpoint in dash_internals.EARLY_REQUESTS)
        kwargs["metas"] += f'<script src="{EARLY_JS}" data-urls="{html.escape(urls)}"></script>'
        kwargs["metas"] += "".join(
            f'<link rel="preload" href="{html.escape(f)}" as="fetch" crossorigin="anonymous">'
            for f in files
        )
        kwargs["metas"] += "".join(
            f'<link rel="preload" href="{html.escape(f)}" as="script">'
            for f in dash_internals.lazy_scripts(prefix, lazy)
        )
        page = super().interpolate_index(**kwargs)
        return page.replace("<html>", f'<html lang="{current_language()}">', 1)


def preloads(path: str, query: str) -> tuple[list[str], tuple[str, ...]]:
    """Files the page at this URL fetches at once (a map's outline), and the lazy dcc
    components it shows at once: its HTML asks for them, so the browser starts them with the
    scripts."""
    from views import VIEWS

    found = VIEWS.at(path)
    if found is None:
        return [], ()
    view, from_path = found
    if view.preload is None:
        return [], view.lazy
    state, _problems = view.state.parse({**query_items(query), **from_path})
    return view.preload(state), view.lazy


def create_app(settings: Settings | None = None, repo: Repository | None = None) -> Dash:
    """A Dash app serving `repo` (by default, the processed folder the settings name)."""
    import web
    from callbacks import register_all, routing
    from exports import background

    settings = settings or Settings.from_env()
    repo = repo or Repository(settings.data_dir, check_every=settings.reload_seconds)
    if not (ROOT / BOOTSTRAP_CSS.lstrip("/")).is_file():
        log.warning("assets/vendor is missing: run `make install` for styles and maps")
    jobs = background.manager(settings)  # exports: this host's processes, or Celery workers
    app = ObservatoryDash(
        __name__,
        title=_("Urban Peace Observatory"),
        update_title=None,
        assets_folder=str(ROOT / "assets"),
        assets_path_ignore=["vendor", "src", "embed", "head"],
        external_stylesheets=[BOOTSTRAP_CSS],
        external_scripts=[PLOTLY_JS],
        serve_locally=True,
        compress=False,  # web.install puts Flask-Compress in its place in the order
        # pages come from the registry; tests/unit/test_views.py checks what Dash's validation
        # would (a validation_layout would render every page at start: docs/development.md)
        suppress_callback_exceptions=True,
        meta_tags=[{"name": "viewport", "content": "width=device-width, initial-scale=1"}],
        index_string=INDEX,
        background_callback_manager=jobs,
    )
    app.server.extensions["observatory.background"] = jobs  # `celery_app` below
    app.server.secret_key = background.signing_secret(settings)
    web.install(app, repo, settings)
    app.layout = routing.layout(app, repo)
    register_all(app, repo)
    if settings.benchmark:
        from callbacks import benchmark
        from web import warm

        benchmark.register(app, repo)
        warm.probe(app, repo)
    return app


def _log_builds() -> None:
    """Under gunicorn, which leaves Python's logging alone: warnings, and which build each
    worker loads and warms (docs/deployment.md, what to watch)."""
    logging.basicConfig(format="%(levelname)s %(name)s: %(message)s")
    for name in ("data.repository", "web.warm"):
        logging.getLogger(name).setLevel(logging.INFO)


def __getattr__(name: str) -> Any:
    """`gunicorn app:server` builds the app on first use, not when the CLI merely imports us;
    `celery -A app:celery_app worker` builds the same app, whose exports it then runs."""
    if name == "server":
        _log_builds()
        server = create_app().server
        globals()["server"] = server
        return server
    if name == "celery_app":
        settings = Settings.from_env()
        if not settings.redis_url:
            raise RuntimeError("a Celery worker needs OBSERVATORY_REDIS_URL: docs/deployment.md")
        celery = create_app(settings).server.extensions["observatory.background"].handle
        globals()["celery_app"] = celery
        return celery
    raise AttributeError(name)


def _demo(args: argparse.Namespace) -> int:
    from data.demo.generate import NotADemoFolder, write_demo

    try:
        counts = write_demo(args.out, force=args.force)
    except NotADemoFolder:
        print(
            _(
                "{folder} holds files that the demo did not write; nothing was changed. Use "
                "another --out folder, or --force to replace them.",
                folder=args.out,
            ),
            file=sys.stderr,
        )
        return 2
    print(
        _(
            "Demo data written to {folder}: {rows}.",
            folder=args.out,
            rows=", ".join(f"{n:,} {t}" for t, n in counts.items()),
        )
    )
    return 0


def _build(args: argparse.Namespace) -> int:
    from data.pipeline.build import build
    from data.pipeline.problems import summarise

    result = build(args.raw, args.out)
    for line in summarise(result.warnings):
        print(_("Warning: {line}", line=line), file=sys.stderr)
    if not result.ok:
        for line in summarise(result.errors):
            print(line, file=sys.stderr)
        print(
            _(
                "Build failed: {n} problems. Nothing in {out} was changed.",
                n=f"{len(result.errors):,}",
                out=args.out,
            ),
            file=sys.stderr,
        )
        return 1
    assert result.manifest is not None
    tables = result.manifest["tables"]
    assert isinstance(tables, dict)
    rows = sum(int(t["rows"]) for t in tables.values())
    print(
        _(
            "Built {n} tables ({rows} rows) into {out} in {seconds:.1f} s.",
            n=len(tables),
            rows=f"{rows:,}",
            out=args.out,
            seconds=result.seconds,
        )
    )
    return 0


def _serve(args: argparse.Namespace) -> int:
    settings = dataclasses.replace(Settings.from_env(), data_dir=args.data)
    repo = Repository(settings.data_dir, check_every=settings.reload_seconds)
    if not repo.ready:
        print(
            _(
                "No processed data in {folder}. Run `observatory demo` and `observatory build`, "
                "or point --data at a build.",
                folder=args.data,
            ),
            file=sys.stderr,
        )
        return 2
    app = create_app(settings, repo)
    print(_("Serving the observatory on http://{host}:{port}", host=args.host, port=args.port))
    app.run(host=args.host, port=args.port, debug=args.debug, dev_tools_disable_version_check=True)
    return 0


def parser() -> argparse.ArgumentParser:
    settings = Settings.from_env()
    root = argparse.ArgumentParser(
        prog="observatory",
        description=_(
            "Urban Peace Observatory: city violence indicators, interventions and networks."
        ),
    )
    commands = root.add_subparsers(dest="command", required=True)

    demo = commands.add_parser("demo", help=_("write the demo raw data folder"))
    demo.add_argument("--out", type=Path, default=settings.raw_dir)
    demo.add_argument(
        "--force", action="store_true", help=_("replace a folder the demo did not write")
    )
    demo.set_defaults(run=_demo)

    build = commands.add_parser("build", help=_("validate raw CSV files and build the tables"))
    build.add_argument("--raw", type=Path, default=settings.raw_dir)
    build.add_argument("--out", type=Path, default=settings.data_dir)
    build.set_defaults(run=_build)

    serve = commands.add_parser("serve", help=_("serve the app"))
    serve.add_argument("--data", type=Path, default=settings.data_dir)
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8050)
    serve.add_argument("--debug", action="store_true")
    serve.set_defaults(run=_serve)

    from data.importers.cli import add_commands

    add_commands(commands, settings.raw_dir)

    from exports import command as deck_command

    deck_command.add_parser(commands, settings.data_dir)
    return root


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    args = parser().parse_args(argv)
    return int(args.run(args))


if __name__ == "__main__":
    sys.exit(main())
