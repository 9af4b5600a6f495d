"""Fixtures for the web tests: a filled database on each backend and a client on it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from web_fixtures import load

from corridor.store import transaction
from corridor.store.accounts import add_user
from corridor.web.app import create_app


@pytest.fixture
def loaded(engine: Engine) -> dict[str, str]:
    return load(engine)


@pytest.fixture
def client(db_url: str, loaded: dict[str, str]) -> Iterator[TestClient]:
    app = create_app(db_url)
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client
    app.state.engine.dispose()


@pytest.fixture
def tokens(engine: Engine, loaded: dict[str, str]) -> dict[str, str]:
    """An analyst's and an admin's bearer tokens."""
    with transaction(engine) as session:
        return {
            "analyst": add_user(session=session, name="amina", role="analyst"),
            "admin": add_user(session=session, name="boss", role="admin"),
        }
