import json
from pathlib import Path

import pytest
from sqlalchemy import Engine, inspect, text

from corridor.errors import CorridorError
from corridor.registry import read_registry
from corridor.store import (
    current_revision,
    head_revision,
    make_engine,
    require_schema,
    transaction,
    upgrade,
)
from corridor.store.items import list_items
from corridor.store.pages import search_page

DATA = Path(__file__).parent.parent / "data"


def test_upgrade_creates_every_table_at_head(engine: Engine) -> None:
    assert current_revision(engine) == head_revision()
    tables = set(inspect(engine).get_table_names())
    assert {"items", "sources", "claims", "events", "event_items"} <= tables
    require_schema(engine)


def test_sqlite_connections_use_wal_and_foreign_keys(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'x.db'}")
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL


def test_require_schema_refuses_an_uninitialised_database(db_url: str) -> None:
    engine = make_engine(db_url)
    with pytest.raises(CorridorError) as info:
        require_schema(engine)
    assert info.value.code == "E201"


def test_upgrade_from_first_revision_keeps_the_data(db_url: str) -> None:
    engine = make_engine(db_url)
    upgrade(engine, "0001")
    # Rows as corridor 0001 wrote them: only the columns that revision had.
    with engine.begin() as conn:
        for item in read_registry(DATA / "registry" / "small.csv"):
            conn.execute(
                text(
                    "INSERT INTO items (id, name, aliases, kind, pillar, parties, status, "
                    "sources, origin) VALUES (:id, :name, :aliases, :kind, :pillar, '[]', "
                    ":status, '[]', 'registry')"
                ),
                {"id": item.id, "name": item.name, "aliases": json.dumps(item.aliases),
                 "kind": item.kind.value, "pillar": item.pillar.value,
                 "status": item.status.value},
            )  # fmt: skip
    with pytest.raises(CorridorError, match="E201"):
        require_schema(engine)
    assert upgrade(engine) == "0001"
    assert current_revision(engine) == head_revision()
    with transaction(engine) as session:
        assert [i.id for i in list_items(session=session)] == [
            "huawei", "gwadar-port", "rashakai-sez"
        ]  # fmt: skip
        hits = search_page(session=session, q="Deep Sea Port", type="item")
    assert [h["id"] for h in hits["items"]["rows"]] == ["gwadar-port"]


def test_make_engine_refuses_unknown_urls() -> None:
    with pytest.raises(CorridorError, match="E200"):
        make_engine("mysql://x@y/z")
    with pytest.raises(CorridorError, match="E200"):
        make_engine("not a url")


def test_a_database_from_a_newer_corridor_is_named_as_such(engine: Engine) -> None:
    # QA: `db upgrade` raised alembic's "Can't locate revision" as E900, and other commands
    # advised `corridor db upgrade`, which cannot help.
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0999'"))
    for attempt in (lambda: upgrade(engine), lambda: require_schema(engine)):
        with pytest.raises(CorridorError) as info:
            attempt()
        assert info.value.code == "E208" and "0999" in info.value.message
