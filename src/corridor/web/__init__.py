"""The web dashboard and JSON API: `create_app` builds it, `serve` runs it."""

from __future__ import annotations

import gc
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import uvicorn
    from fastapi import FastAPI


def create_app(database_url: str | None = None) -> FastAPI:
    """The FastAPI app on the database at `database_url` (default: CORRIDOR_DATABASE_URL)."""
    from corridor.web.app import create_app as build

    return build(database_url)


def freeze_startup_objects() -> None:
    """Keep what start-up built (modules, routes, templates, mappers: never garbage) out of
    the collector's full passes. A request allocates enough to trigger one now and then, and
    a pass over every start-up object added 60-100 ms to that request: the p95 of the large
    pages (bench/web.py: a month of promises)."""
    gc.collect()
    gc.freeze()


def server_config(app: FastAPI, host: str, port: int, trusted_proxies: str = "") -> uvicorn.Config:
    """How `corridor serve` runs the app. X-Forwarded-For is read only from the proxies named:
    uvicorn's default trusts it from loopback, so anything on the machine (or a proxy that
    passes the header through) could pick the address that the failed sign-in limit counts
    against, and try tokens without end."""
    import uvicorn

    trusted = [address.strip() for address in trusted_proxies.split(",") if address.strip()]
    return uvicorn.Config(
        app,
        host=host,
        port=port,
        log_level="info",
        server_header=False,
        proxy_headers=bool(trusted),
        forwarded_allow_ips=trusted or [],
        limit_concurrency=200,
        timeout_keep_alive=5,
        h11_max_incomplete_event_size=16 * 1024,
    )


def serve(
    host: str = "127.0.0.1",
    port: int = 8000,
    database_url: str | None = None,
    trusted_proxies: str = "",
) -> None:
    """Run the app with uvicorn until interrupted (what `corridor serve` calls)."""
    import uvicorn

    from corridor.store import make_engine, require_schema
    from corridor.web.app import create_app as build

    engine = make_engine(database_url)
    require_schema(engine)
    app = build(engine=engine)
    freeze_startup_objects()
    uvicorn.Server(server_config(app, host, port, trusted_proxies)).run()


__all__ = ["create_app", "serve", "server_config"]
