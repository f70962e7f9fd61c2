"""Where answers, pages and embeds are kept: one small interface, its backend chosen here.

Keys name the build, the language, the normalised URL and the year 2030 statuses are judged in
(`key()`), so a new build, another language or a new year never meets a stale answer, and every
worker that shares the backend shares the work: an answer is computed once per host (or, with a
shared backend, once), not once per worker.

The default needs nothing started: a diskcache folder under OBSERVATORY_CACHE that every
gunicorn worker of the host opens, bounded in bytes on disk (not in each worker's memory), the
least recently stored dropped first (a read then writes nothing). Its cost against the
in-process LRU it replaced is in benchmarks/results.md ("cache backends").

With OBSERVATORY_REDIS_URL set, answers are kept in Redis instead, shared by every worker on
every host; Redis's own `maxmemory` (with `maxmemory-policy allkeys-lru`) bounds it, and every
entry expires after a week, old builds' with them. Any other backend needs `get`, `set` and
`add` with the meaning below, nothing else.
"""

from __future__ import annotations

import functools
import hashlib
from importlib.metadata import version
from pathlib import Path
from typing import Protocol

import diskcache

from data.queries.goals import this_year
from data.settings import ROOT, Settings


class Backend(Protocol):
    def get(self, key: str) -> bytes | None:
        """The bytes kept under `key`, or None."""

    def set(self, key: str, value: bytes) -> None:
        """Keep `value`; the backend may drop it (or others) to stay within its bound."""

    def add(self, key: str, value: bytes, expire: float) -> bool:
        """Keep `value` unless `key` is kept already; True if this call kept it. Across every
        process sharing the backend, one caller wins: a lock that lasts `expire` seconds."""


class DiskBackend:
    """A diskcache folder: shared by the processes of one host, bounded in bytes."""

    def __init__(self, folder: Path, size_limit: int, prefix: str = "") -> None:
        self.cache = diskcache.Cache(
            str(folder), size_limit=size_limit, eviction_policy="least-recently-stored"
        )
        self.prefix = prefix

    def get(self, key: str) -> bytes | None:
        value = self.cache.get(self.prefix + key)
        return value if isinstance(value, bytes) else None

    def set(self, key: str, value: bytes) -> None:
        self.cache.set(self.prefix + key, value)

    def add(self, key: str, value: bytes, expire: float) -> bool:
        return bool(self.cache.add(self.prefix + key, value, expire=expire))

    def __len__(self) -> int:
        return len(self.cache)

    def volume(self) -> int:
        """Bytes kept, as the bound counts them."""
        return int(self.cache.volume())


class RedisBackend:
    """A Redis server: shared by every worker on every host."""

    EXPIRE = 7 * 86_400  # seconds: entries of builds long replaced do not linger

    def __init__(self, url: str, prefix: str) -> None:
        import redis  # only where configured: one machine needs nothing started

        self.client = redis.Redis.from_url(url)
        self.prefix = prefix

    def get(self, key: str) -> bytes | None:
        value = self.client.get(self.prefix + key)
        return value if isinstance(value, bytes) else None

    def set(self, key: str, value: bytes) -> None:
        self.client.set(self.prefix + key, value, ex=self.EXPIRE)

    def add(self, key: str, value: bytes, expire: float) -> bool:
        return bool(self.client.set(self.prefix + key, value, ex=max(1, int(expire)), nx=True))


def backend(settings: Settings, name: str = "answers") -> Backend:
    """The one place that chooses where answers are kept (see the module's docstring). Keys
    start with the release: what another version of the code kept is never served."""
    if settings.redis_url:
        return RedisBackend(settings.redis_url, prefix=f"observatory:{name}:{release()}:")
    limit = settings.cache_megabytes * 2**20
    return DiskBackend(settings.cache_dir / name, limit, prefix=f"{release()}:")


CODE = ("app.py", "callbacks", "components", "data", "views", "web", "exports")
PACKAGES = ("dash", "plotly", "dash-bootstrap-components", "dash-ag-grid", "pandas")


@functools.cache
def release() -> str:
    """This code and the libraries that draw its answers, as one short name: the kept answers
    outlive a process (and a deployment), so they are kept per release as well as per build."""
    digest = hashlib.sha256(" ".join(version(p) for p in PACKAGES).encode())
    for name in CODE:
        path = ROOT / name
        files = [path] if path.is_file() else sorted(path.rglob("*"))
        for file in files:
            if file.suffix in (".py", ".po", ".html") and "__pycache__" not in file.parts:
                digest.update(str(file.relative_to(ROOT)).encode() + b"\0" + file.read_bytes())
    return digest.hexdigest()[:16]


def key(*parts: str) -> str:
    """A key from its parts (kind, build, language, normalised URL, ...): one fixed length.

    The year 2030 statuses are judged in is part of every key: a status turns "too old" as the
    calendar moves (or as OBSERVATORY_STATUS_YEAR is set to reproduce a past review) while the
    build stays, and kept answers outlive the process that drew them."""
    return hashlib.sha256("\n".join((str(this_year()), *parts)).encode()).hexdigest()
