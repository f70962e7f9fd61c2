"""Configuration from environment variables, read once when the app or a command starts."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Settings:
    data_dir: Path = ROOT / "data" / "processed"
    raw_dir: Path = ROOT / "data" / "raw"
    cache_dir: Path = ROOT / ".cache" / "observatory"
    # The answer cache's bound (web/cache.py): pages, embeds and answers kept on disk, shared by
    # the workers of a host.
    cache_megabytes: int = 512
    redis_url: str = ""  # a cache for several hosts (web/cache.py); empty: this host's folder
    reload_seconds: float = 2.0
    warm_pages: bool = True  # render the main pages after each new build (web/warm.py)
    benchmark: bool = False  # adds the no-op callback `make bench` measures as its floor
    # Sites allowed to frame /embed pages (CSP frame-ancestors sources); the rest of the app: none.
    embed_ancestors: str = "*"
    # Where readers reach the app (https://observatory.example): downloaded files, slides and
    # printed briefs name their view there; never the request's Host header, which a client
    # chooses. Empty: relative links (a brief prints the address it was opened at).
    public_url: str = ""

    admin_token: str = ""  # enables the upload wizard at /admin/import; empty: no wizard

    @classmethod
    def from_env(cls, environ: Mapping[str, str] = os.environ) -> Settings:
        """OBSERVATORY_DATA, _RAW, _CACHE, _CACHE_MB, _REDIS_URL, _RELOAD_SECONDS, _BENCHMARK,
        _EMBED_ANCESTORS, _PUBLIC_URL and _ADMIN_TOKEN (see README)."""
        default = cls()
        return cls(
            data_dir=Path(environ.get("OBSERVATORY_DATA", default.data_dir)),
            raw_dir=Path(environ.get("OBSERVATORY_RAW", default.raw_dir)),
            cache_dir=Path(environ.get("OBSERVATORY_CACHE", default.cache_dir)),
            cache_megabytes=int(environ.get("OBSERVATORY_CACHE_MB", default.cache_megabytes)),
            redis_url=environ.get("OBSERVATORY_REDIS_URL", "").strip(),
            reload_seconds=float(environ.get("OBSERVATORY_RELOAD_SECONDS", default.reload_seconds)),
            warm_pages=environ.get("OBSERVATORY_WARM", "1") != "0",
            benchmark=environ.get("OBSERVATORY_BENCHMARK") == "1",
            embed_ancestors=environ.get("OBSERVATORY_EMBED_ANCESTORS", default.embed_ancestors),
            public_url=environ.get("OBSERVATORY_PUBLIC_URL", "").strip().rstrip("/"),
            admin_token=environ.get("OBSERVATORY_ADMIN_TOKEN", "").strip(),
        )
