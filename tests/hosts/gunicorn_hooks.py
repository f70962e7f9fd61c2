"""gunicorn settings for the two-host test (`gunicorn -c tests/hosts/gunicorn_hooks.py`).

Each worker counts the table reads its requests make, in the shared Redis, so the test can tell
an answer computed by a host from one it took from the shared cache. Reads by the warm-up thread
are not counted: they happen when they like, not because of a request.
"""

from __future__ import annotations

import os
import threading
from typing import Any

QUERIES = "observatory-test:queries"


def post_worker_init(worker: Any) -> None:
    import redis

    from data.repository import Repository
    from web.warm import THREAD

    client = redis.Redis.from_url(os.environ["OBSERVATORY_REDIS_URL"])
    table = Repository.table

    def counted(self: Repository, name: str) -> Any:
        if threading.current_thread().name != THREAD:
            client.incr(QUERIES)
        return table(self, name)

    Repository.table = counted  # type: ignore[method-assign]
