"""Engines, sessions and migrations for SQLite (the default) and PostgreSQL."""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DatabaseError, DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from corridor.errors import CorridorError
from corridor.settings import get_settings

T = TypeVar("T")

# Ids per IN (...) list: well under SQLite's bound-parameter limit, and short statements.
CHUNK = 500


def chunks(ids: list[str]) -> Iterator[list[str]]:
    """`ids` in lists of CHUNK, for queries with an IN (...) list."""
    for i in range(0, len(ids), CHUNK):
        yield ids[i : i + CHUNK]


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # WAL lets readers (the web app) run beside a writer; synchronous=FULL makes a
    # committed transaction survive power loss, not only a crash of corridor itself.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    # 64 MB of page cache (the default is 2 MB): search facets over a million claims read
    # the same index pages again and again.
    cursor.execute("PRAGMA cache_size=-65536")
    cursor.close()


def make_engine(url: str | None = None) -> Engine:
    """An engine for the URL (default: CORRIDOR_DATABASE_URL), configured per dialect."""
    url = url or get_settings().database_url
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise CorridorError("E200", repr(url)) from None
    if parsed.get_backend_name() == "sqlite":
        engine = create_engine(url, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    if parsed.get_backend_name() == "postgresql":
        return create_engine(url, pool_pre_ping=True)
    raise CorridorError("E200", f"{url!r}: only sqlite and postgresql are supported")


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=engine, expire_on_commit=False)


def database_failure(exc: BaseException) -> CorridorError | None:
    """A database that cannot be used at all (read-only, locked, damaged, not a database, a
    server gone) as one line, E206, for the CLI to stop on; None for an error of one statement
    (a constraint, a value, a transaction lost to a concurrent one), which fails that
    document alone. (SQLite's lock, retried by `retrying`, stops the batch if it outlasts
    the retries: another writer holds the database.)"""
    if getattr(getattr(exc, "orig", None), "sqlstate", None) in TRANSIENT:
        return None
    if isinstance(exc, OperationalError) or type(exc) is DatabaseError:
        orig = getattr(exc, "orig", None)
        lines = str(orig if orig is not None else exc).strip().splitlines()
        return CorridorError("E206", lines[0] if lines else type(exc).__name__)
    return None


@contextmanager
def transaction(engine: Engine) -> Iterator[Session]:
    """One unit of work: committed whole on success, rolled back whole on any error."""
    with session_factory(engine)() as session, session.begin():
        yield session


# PostgreSQL's answers for a transaction that lost to a concurrent one through no fault of
# its own: a deadlock, a serialization failure. Its manual asks the application to retry.
TRANSIENT = frozenset({"40P01", "40001"})
ATTEMPTS = 4


def transient(exc: BaseException) -> bool:
    """Whether `exc` is a transaction lost to another, worth running again: on PostgreSQL a
    deadlock or serialization failure; on SQLite a write lock still held by another writer
    past the busy timeout (QA: eight uploads at once, four lost with 500)."""
    if not isinstance(exc, DBAPIError):
        return False
    if getattr(exc.orig, "sqlstate", None) in TRANSIENT:
        return True
    return isinstance(exc, OperationalError) and "database is locked" in str(exc.orig)


def retrying(engine: Engine, work: Callable[[Session], T], *, attempts: int = ATTEMPTS) -> T:
    """work(session) in one transaction, run again from the start (a new transaction) when
    it is lost to a concurrent one. Two ingests touching the same items in another order
    (a new candidate each, named in both documents) deadlock now and then on PostgreSQL;
    PostgreSQL aborts one of them, and the document must not be lost for it."""
    for attempt in range(1, attempts + 1):
        try:
            with transaction(engine) as session:
                return work(session)
        except DBAPIError as exc:
            if attempt == attempts or not transient(exc):
                raise
            time.sleep(random.uniform(0.01, 0.05) * attempt)  # let the winner commit
    raise AssertionError("unreachable")


def _alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(resources.files("corridor.store") / "migrations"))
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(_alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> str | None:
    """Create or migrate the schema to `revision`; returns the revision it started from."""
    config = _alembic_config()
    try:
        with engine.begin() as connection:
            before = MigrationContext.configure(connection).get_current_revision()
            if before is None and engine.url.get_backend_name() == "sqlite":
                # A SQLite file is one application's: another's tables mean a wrong path,
                # and corridor's schema would be written into that application's file.
                foreign = sorted(inspect(connection).get_table_names())
                if foreign:
                    detail = (
                        f"{engine.url.database}: it holds other tables ({', '.join(foreign[:5])})"
                    )
                    raise CorridorError("E207", detail)
            _refuse_newer(before, engine)
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
    except OperationalError as exc:
        raise CorridorError("E200", f"{engine.url!r}: {exc.orig}") from None
    return before


def _refuse_newer(revision: str | None, engine: Engine) -> None:
    """A revision this corridor does not know was written by a later one: neither upgrading
    (alembic cannot find it) nor `db upgrade` advice can help."""
    if revision is None:
        return
    known = {
        script.revision
        for script in ScriptDirectory.from_config(_alembic_config()).walk_revisions()
    }
    if revision not in known:
        where = engine.url.render_as_string(hide_password=True)
        raise CorridorError(
            "E208", f"{where} is at schema {revision}; this corridor knows up to {head_revision()}"
        )


def require_schema(engine: Engine) -> None:
    """Refuse to work on a database that `corridor db init` has not made current."""
    database = engine.url.database
    if (
        engine.url.get_backend_name() == "sqlite"
        and database
        and database != ":memory:"
        and not database.startswith("file:")
        and not Path(database).exists()
    ):
        # Connecting would create an empty file that the next command then takes for a
        # database: say so before any is made.
        raise CorridorError("E201", engine.url.render_as_string(hide_password=True))
    try:
        current = current_revision(engine)
    except OperationalError as exc:
        raise CorridorError("E200", f"{engine.url!r}: {exc.orig}") from None
    if current is None or not inspect(engine).has_table("items"):
        raise CorridorError("E201", engine.url.render_as_string(hide_password=True))
    _refuse_newer(current, engine)
    if current != head_revision():
        raise CorridorError(
            "E201",
            f"schema is at {current}, this corridor needs {head_revision()}; "
            "run `corridor db upgrade`",
        )
