"""`corridor serve`'s own server settings, on a real uvicorn server over loopback."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import httpx
from sqlalchemy import Engine
from web_fixtures import free_port, serving

from corridor.web import server_config
from corridor.web.app import create_app

MERGE = {"keep": "a", "merge": "b"}


@contextmanager
def running(engine: Engine, trusted_proxies: str = "") -> Iterator[str]:
    port = free_port()
    config = server_config(create_app(engine=engine), "127.0.0.1", port, trusted_proxies)
    config.log_level = "warning"
    with serving(config):
        yield f"http://127.0.0.1:{port}"


def _wrong_tokens(base: str, forwarded: list[str]) -> list[int]:
    with httpx.Client(base_url=base) as client:
        return [
            client.post(
                "/api/items/merge",
                json=MERGE,
                headers={"Authorization": "Bearer wrong", "X-Forwarded-For": address},
            ).status_code
            for address in forwarded
        ]


def test_a_forwarded_address_does_not_escape_the_failure_limit(engine: Engine) -> None:
    # uvicorn believes X-Forwarded-For from loopback by default: each try could name a new
    # address and the limit would never apply.
    with running(engine) as base:
        codes = _wrong_tokens(base, [f"203.0.113.{n}" for n in range(7)])
    assert codes[:5] == [401] * 5
    assert codes[5:] == [429, 429]


def test_a_trusted_proxy_names_the_client(engine: Engine) -> None:
    with running(engine, trusted_proxies="127.0.0.1") as base:
        codes = _wrong_tokens(base, ["203.0.113.1"] * 5 + ["203.0.113.2"])
    assert codes == [401] * 6  # the sixth comes from another client behind the proxy
