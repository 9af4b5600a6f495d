"""Shared fixtures. Store tests run on SQLite and, where a server answers, PostgreSQL.

The PostgreSQL pass uses CORRIDOR_TEST_POSTGRES_URL (default: the local server on
127.0.0.1:5432, database corridor_test, created if missing). Without a server those tests
are skipped and the run says so; CI sets CORRIDOR_TEST_REQUIRE_POSTGRES=1 to fail instead.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import URL, make_url

from corridor.store import make_engine, upgrade

DATA = Path(__file__).parent / "data"
POSTGRES_URL = os.environ.get(
    "CORRIDOR_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/corridor_test"
)
_postgres_state: dict[str, str | None] = {"skipped": None}


def _admin(url: URL) -> Engine:
    return create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")


def _postgres_available(url: URL) -> str | None:
    """None if a fresh database for this run could be created, else the reason."""
    admin = _admin(url)
    try:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{url.database}"'))
            conn.execute(text(f'CREATE DATABASE "{url.database}"'))
    except Exception as exc:
        return f"{type(exc).__name__}: {str(exc).splitlines()[0]}"
    finally:
        admin.dispose()
    return None


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    # One database per test run, so that runs on one server never see each other's tables.
    base = make_url(POSTGRES_URL)
    url = base.set(database=f"{base.database}_{os.getpid()}")
    reason = _postgres_available(url)
    if reason:
        _postgres_state["skipped"] = reason
        if os.environ.get("CORRIDOR_TEST_REQUIRE_POSTGRES"):
            pytest.fail(f"PostgreSQL required but unreachable at {POSTGRES_URL}: {reason}")
        pytest.skip(f"PostgreSQL pass skipped: no server at {POSTGRES_URL} ({reason})")
    yield url.render_as_string(hide_password=False)
    admin = _admin(url)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{url.database}" WITH (FORCE)'))
    admin.dispose()


def _reset_postgres(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database URL on each backend."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'corridor.db'}"
    url: str = request.getfixturevalue("postgres_url")
    _reset_postgres(url)
    return url


@pytest.fixture
def postgres_engine(postgres_url: str) -> Iterator[Engine]:
    """A migrated, empty PostgreSQL database, for what only a concurrent server can show."""
    _reset_postgres(postgres_url)
    engine = make_engine(postgres_url)
    upgrade(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    """A migrated, empty database on each backend."""
    engine = make_engine(db_url)
    upgrade(engine)
    yield engine
    engine.dispose()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    reason = _postgres_state["skipped"]
    if reason:
        terminalreporter.write_line(
            f"PostgreSQL pass SKIPPED ({reason}). The store tests ran on SQLite only. "
            "To run them on PostgreSQL, start a server on 127.0.0.1:5432 or set "
            "CORRIDOR_TEST_POSTGRES_URL=postgresql+psycopg://user@host:port/db",
            yellow=True,
        )
