"""Migration 0012: PostgreSQL has an index for claims in stored order (created_at, id), which
the claims list, the review queue and the overview's latest claims read newest first."""

from __future__ import annotations

from sqlalchemy import Engine, inspect

from corridor.store import current_revision, head_revision


def test_claims_stored_order_has_an_index_on_postgresql(engine: Engine) -> None:
    assert current_revision(engine) == head_revision()
    indexes = {i["name"]: i["column_names"] for i in inspect(engine).get_indexes("claims")}
    if engine.dialect.name == "postgresql":
        assert indexes["ix_claims_created_at_id"] == ["created_at", "id"]
    else:  # SQLite reads its rowid, the table's own order
        assert "ix_claims_created_at_id" not in indexes
