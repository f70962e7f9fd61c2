"""Where exports run: this host's processes by default, Celery workers with Redis."""

from __future__ import annotations

from dataclasses import replace

import pytest
import redis

import app as app_module
from app import create_app
from data.repository import Repository
from data.settings import Settings
from exports.background import SECRET_KEY


def test_every_host_signs_export_handles_with_one_secret_that_never_expires(
    repo: Repository, own_cache: Settings, redis_url: str
) -> None:
    """An export started through one host is polled through another: both must accept the
    handles Dash signed, however long after the first host started the second one starts."""
    settings = replace(own_cache, redis_url=redis_url)
    first, second = create_app(settings, repo), create_app(settings, repo)
    assert first.server.secret_key
    assert second.server.secret_key == first.server.secret_key
    assert redis.Redis.from_url(redis_url).ttl(SECRET_KEY) == -1  # no expiry


def test_a_celery_worker_without_redis_says_what_it_needs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OBSERVATORY_REDIS_URL", raising=False)
    with pytest.raises(RuntimeError, match="OBSERVATORY_REDIS_URL"):
        app_module.celery_app  # noqa: B018 (what `celery -A app:celery_app` asks for)
