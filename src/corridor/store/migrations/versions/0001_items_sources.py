"""Items and sources, with full-text search over source text and item names.

Revision ID: 0001
Revises:
Create Date: 2026-11-28
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "items",
        sa.Column("id", sa.String(120), primary_key=True),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("aliases", sa.JSON(), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False, index=True),
        sa.Column("pillar", sa.String(20), nullable=False, index=True),
        sa.Column("province", sa.String(5), index=True),
        sa.Column("city", sa.String(200)),
        sa.Column("lat", sa.Float()),
        sa.Column("lon", sa.Float()),
        sa.Column("capacity", sa.Float()),
        sa.Column("capacity_unit", sa.String(20)),
        sa.Column("cost_amount", sa.Float()),
        sa.Column("cost_currency", sa.String(3)),
        sa.Column("cost_usd", sa.Float()),
        sa.Column("parties", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False, index=True),
        sa.Column("status_as_of", sa.String(10)),
        sa.Column("status_basis", sa.String(64)),
        sa.Column("sources", sa.JSON(), nullable=False),
        sa.Column("notes", sa.Text()),
        sa.Column("origin", sa.String(12), nullable=False, index=True),
        sa.Column("created_at", sa.DateTime(), server_default=sa.func.now(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), server_default=sa.func.now(), nullable=False),
    )
    op.create_table(
        "sources",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("title", sa.String(500)),
        sa.Column("publisher", sa.String(200), index=True),
        sa.Column("author", sa.String(200)),
        sa.Column("published", sa.Date(), index=True),
        sa.Column("url", sa.String(2000)),
        sa.Column("file_name", sa.String(500)),
        sa.Column("kind", sa.String(20)),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("extractor_version", sa.String(40)),
        sa.Column("fetched_at", sa.DateTime(), server_default=sa.func.now(), nullable=False),
    )
    if op.get_context().dialect.name == "sqlite":
        _sqlite_fts()
    else:
        _postgres_fts()


def _sqlite_fts() -> None:
    # External-content FTS5 tables kept in step by triggers, so a document and its index
    # row are written in the same transaction and can never drift apart.
    for table, columns in (("sources", "title, text"), ("items", "name, aliases")):
        cols = [c.strip() for c in columns.split(",")]
        new = ", ".join(f"new.{c}" for c in cols)
        old = ", ".join(f"old.{c}" for c in cols)
        op.execute(
            f"CREATE VIRTUAL TABLE {table}_fts USING fts5({columns}, content='{table}', "
            "content_rowid='rowid', tokenize='porter unicode61 remove_diacritics 2')"
        )
        op.execute(
            f"CREATE TRIGGER {table}_fts_ai AFTER INSERT ON {table} BEGIN "
            f"INSERT INTO {table}_fts(rowid, {columns}) VALUES (new.rowid, {new}); END"
        )
        op.execute(
            f"CREATE TRIGGER {table}_fts_ad AFTER DELETE ON {table} BEGIN "
            f"INSERT INTO {table}_fts({table}_fts, rowid, {columns}) "
            f"VALUES ('delete', old.rowid, {old}); END"
        )
        op.execute(
            f"CREATE TRIGGER {table}_fts_au AFTER UPDATE ON {table} BEGIN "
            f"INSERT INTO {table}_fts({table}_fts, rowid, {columns}) "
            f"VALUES ('delete', old.rowid, {old}); "
            f"INSERT INTO {table}_fts(rowid, {columns}) VALUES (new.rowid, {new}); END"
        )


def _postgres_fts() -> None:
    op.execute(
        "ALTER TABLE sources ADD COLUMN search tsvector GENERATED ALWAYS AS "
        "(setweight(to_tsvector('english', coalesce(title, '')), 'A') || "
        "setweight(to_tsvector('english', text), 'B')) STORED"
    )
    op.execute("CREATE INDEX ix_sources_search ON sources USING gin (search)")
    op.execute(
        "ALTER TABLE items ADD COLUMN search tsvector GENERATED ALWAYS AS "
        "(setweight(to_tsvector('english', name), 'A') || "
        "setweight(to_tsvector('english', aliases::text), 'B')) STORED"
    )
    op.execute("CREATE INDEX ix_items_search ON items USING gin (search)")


def downgrade() -> None:
    if op.get_context().dialect.name == "sqlite":
        for table in ("sources", "items"):
            for suffix in ("ai", "ad", "au"):
                op.execute(f"DROP TRIGGER IF EXISTS {table}_fts_{suffix}")
            op.execute(f"DROP TABLE IF EXISTS {table}_fts")
    op.drop_table("sources")
    op.drop_table("items")
