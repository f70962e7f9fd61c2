"""The HTTP layer: headers, conditional requests, kept answers, compression and static files.

`install` puts every part in place in one explicit order (tests/unit/test_web.py asserts it).
Flask runs `before_request` hooks in the order they are registered, and `after_request` hooks
in the REVERSE order: the last registered runs first.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dash import Dash

    from data.repository import Repository
    from data.settings import Settings


def max_request_bytes() -> int:
    """Requests bigger than this are refused (413) before they are read: a callback request of
    ours is a few KB, the largest the import wizard's upload (its file, base64, in a callback
    request)."""
    from data.importers.wizard import MAX_BYTES

    return MAX_BYTES * 4 // 3 + 2**20


# Component libraries loaded with the answers that draw them, not with every page.
LAZY_LIBRARIES = ("dash_ag_grid",)


def install(app: Dash, repo: Repository, settings: Settings) -> None:
    # here, not at the top: `observatory build` imports app.py, and none of this
    from flask_compress import Compress

    from web import (
        cache,
        dash_internals,
        downloads,
        embeds,
        headers,
        language,
        no_data,
        pages,
        refusals,
        response_cache,
        static_files,
        warm,
    )

    dash_internals.serialise_answers()
    server = app.server
    server.config["MAX_CONTENT_LENGTH"] = max_request_bytes()
    server.extensions["observatory.answers"] = cache.backend(settings)

    # In front of Flask: vendor files, compressed at install, answered before any hook runs.
    static_files.serve_vendor(server, headers.nosniff)

    # Before each request, in this order:
    # 1. the language: keys of kept answers, ETags and pages name it;
    server.before_request(language.from_request)
    server.teardown_request(language.reset)
    # 1b. no good build loaded (none yet, or only damaged ones): every page says so, 503;
    server.before_request(no_data.hook(repo))
    not_modified, add_headers = headers.hooks(app, repo, settings)
    # 2. a 304 for an embed or CSV the browser has, before any work;
    server.before_request(not_modified)
    # 2b. a body nested too deep for a JSON parser, or not a callback request of our pages
    # (and, below, whatever a callback raises on values our pages never send): 400;
    malformed, failed = refusals.guards(app)
    server.before_request(malformed)
    server.register_error_handler(Exception, failed)
    answer_from_kept, page_from_kept, keep_answer = response_cache.hooks(app, repo)
    # 3. a kept callback answer, 4. a kept page layout (otherwise both note what to keep).
    server.before_request(answer_from_kept)
    server.before_request(page_from_kept)

    # The routes: /data/<view>.csv and /embed/<view>.
    downloads.register(app, repo)
    embeds.register(app, repo, public_url=settings.public_url)

    # After each request, registered last-to-run first:
    # 7. a page at a path no view answers is a 404 (after 6.: Flask-Compress leaves errors be);
    server.after_request(pages.not_found(repo, wizard=bool(settings.admin_token)))
    # 6. compress what is not compressed yet (kept answers are), caching compressed files;
    static_files.configure_compression(server, settings)
    Compress(server)
    # 5. security and caching headers, on the final answer;
    server.after_request(add_headers)
    # 4. keep the answer noted in 3./4. above, compressed in the encoding asked for;
    server.after_request(keep_answer)
    # 3. name the bundles of lazily loaded libraries in the answers that draw them (kept so);
    server.after_request(dash_internals.load_with_answers(app, LAZY_LIBRARIES))
    # 2. our assets as one body, so that 6. compresses each once;
    server.after_request(static_files.as_one_body)
    # 1. after the first response of a new build, warm its pages (in a thread, once sent).
    if settings.warm_pages:
        server.after_request(warm.hook(app, repo, settings))
