"""Where long work (presentation exports) runs, and where its progress and file wait.

One machine (the default, nothing to start): Dash's `DiskcacheManager`. Each export runs in a
process of its own; its progress and the finished file wait in a diskcache folder every gunicorn
worker of the host shares (OBSERVATORY_CACHE/callbacks), so any worker answers a poll.

Several hosts (OBSERVATORY_REDIS_URL): Dash's `CeleryManager`. Exports run on Celery workers
(`celery -A app:celery_app worker`, which builds the same app, so its tasks are the app's
callbacks); progress and the finished file wait in Redis, Celery's result backend. An export
started through one host is polled, cancelled and downloaded through any other, and a host that
stops loses no export in flight. A finished file is deleted once fetched, or after
RESULT_SECONDS when nobody comes for it.

The handles Dash gives the browser for a running export are signed. Dash would keep its signing
secret in the result backend, where Celery makes every entry expire: a host started after that
would sign with another secret and refuse the others' handles. The secret therefore lives in
Redis under a key of its own that never expires (`signing_secret`).
"""

from __future__ import annotations

import logging
import secrets
from typing import TYPE_CHECKING

from data.settings import Settings

if TYPE_CHECKING:
    from celery import Celery
    from dash.background_callback.managers import BaseBackgroundCallbackManager

log = logging.getLogger(__name__)

RESULT_SECONDS = 3600  # an export nobody fetched is dropped from Redis after this
SECRET_KEY = "observatory:signing-secret"


def manager(settings: Settings) -> BaseBackgroundCallbackManager:
    """The manager the app's background callbacks run through (see the module's docstring)."""
    if settings.redis_url:
        return _celery_manager(celery(settings.redis_url))
    import diskcache
    from dash import DiskcacheManager

    return DiskcacheManager(diskcache.Cache(str(settings.cache_dir / "callbacks")))


def _celery_manager(app: Celery) -> BaseBackgroundCallbackManager:
    from dash import CeleryManager

    class Manager(CeleryManager):
        def terminate_job(self, job: str | None) -> None:
            """Cancel kills the process running the export. Celery's default signal, SIGTERM,
            raises SystemExit inside the export, which the chart renderer's event loop can
            swallow: the export then ran on to the end. Chromium goes with its parent."""
            if job is not None:
                self.handle.control.terminate(job, signal="SIGKILL")

    return Manager(app)


def celery(redis_url: str) -> Celery:
    """A Celery app whose broker and result backend are the Redis at `redis_url`."""
    from celery import Celery

    app = Celery("observatory", broker=redis_url, backend=redis_url)
    app.conf.update(
        result_expires=RESULT_SECONDS,
        # An export takes seconds to minutes: a worker takes the next one only when free, so
        # a second worker (or host) starts waiting exports instead of queueing behind it.
        worker_prefetch_multiplier=1,
        broker_connection_retry_on_startup=True,
    )
    return app


def signing_secret(settings: Settings) -> str | None:
    """The secret every host signs export handles with; None on one machine (Dash keeps its
    own in the diskcache folder the host's workers share). Redis must answer when a worker
    starts: a worker with a secret of its own would refuse the others' handles."""
    if not settings.redis_url:
        return None
    import redis

    client = redis.Redis.from_url(settings.redis_url, socket_connect_timeout=5)
    try:
        client.set(SECRET_KEY, secrets.token_hex(32), nx=True)  # the first host's stays
        secret = client.get(SECRET_KEY)
    except redis.RedisError as error:
        raise RuntimeError(
            f"OBSERVATORY_REDIS_URL: no answer from Redis at {settings.redis_url} ({error}); "
            "start it, or unset the variable to run on one machine"
        ) from error
    finally:
        client.close()
    assert isinstance(secret, bytes)
    return secret.decode()
