"""Search reads an item's aliases as text, not as the JSON they are stored in.

`items.aliases` holds a JSON list written with \\uXXXX escapes, and the full-text index read
that JSON as it stood: a Chinese alias was indexed as "u62c9 u6c99 ...", so searching the
alias found nothing and searching "u62c9" found it. The index now holds the aliases' text.

SQLite: `items_fts` becomes an FTS5 table with its own copy of the name and the aliases
joined by "; " (json_each decodes the escapes); triggers keep it in step, on a change of
name or aliases only. It was an external-content table over `items`, which can index only
what the columns hold. PostgreSQL: the generated `search` column reads the aliases with
json_to_tsvector. Upgrading rebuilds the index of every item.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-29
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TOKENIZE = "tokenize='porter unicode61 remove_diacritics 2'"


def _alias_text(row: str) -> str:
    return f"(SELECT group_concat(value, '; ') FROM json_each({row}.aliases))"


def upgrade() -> None:
    if op.get_context().dialect.name == "sqlite":
        _drop_sqlite_index()
        op.execute(f"CREATE VIRTUAL TABLE items_fts USING fts5(name, aliases, {TOKENIZE})")
        insert = (
            "INSERT INTO items_fts(rowid, name, aliases) "
            f"VALUES (new.rowid, new.name, {_alias_text('new')});"
        )
        delete = "DELETE FROM items_fts WHERE rowid = old.rowid;"
        op.execute(f"CREATE TRIGGER items_fts_ai AFTER INSERT ON items BEGIN {insert} END")
        op.execute(f"CREATE TRIGGER items_fts_ad AFTER DELETE ON items BEGIN {delete} END")
        # Status refreshes update items all the time: only a new name or alias is indexed.
        op.execute(
            "CREATE TRIGGER items_fts_au AFTER UPDATE OF name, aliases ON items "
            f"BEGIN {delete} {insert} END"
        )
        op.execute(
            "INSERT INTO items_fts(rowid, name, aliases) "
            f"SELECT rowid, name, {_alias_text('items')} FROM items"
        )
    else:
        _postgres_search("setweight(json_to_tsvector('english', aliases, '[\"string\"]'), 'B')")


def downgrade() -> None:
    if op.get_context().dialect.name == "sqlite":
        _drop_sqlite_index()
        columns = "name, aliases"
        op.execute(
            f"CREATE VIRTUAL TABLE items_fts USING fts5({columns}, content='items', "
            f"content_rowid='rowid', {TOKENIZE})"
        )
        new = "new.name, new.aliases"
        old = "old.name, old.aliases"
        op.execute(
            "CREATE TRIGGER items_fts_ai AFTER INSERT ON items BEGIN "
            f"INSERT INTO items_fts(rowid, {columns}) VALUES (new.rowid, {new}); END"
        )
        op.execute(
            "CREATE TRIGGER items_fts_ad AFTER DELETE ON items BEGIN "
            f"INSERT INTO items_fts(items_fts, rowid, {columns}) "
            f"VALUES ('delete', old.rowid, {old}); END"
        )
        op.execute(
            "CREATE TRIGGER items_fts_au AFTER UPDATE ON items BEGIN "
            f"INSERT INTO items_fts(items_fts, rowid, {columns}) "
            f"VALUES ('delete', old.rowid, {old}); "
            f"INSERT INTO items_fts(rowid, {columns}) VALUES (new.rowid, {new}); END"
        )
        op.execute("INSERT INTO items_fts(items_fts) VALUES ('rebuild')")
    else:
        _postgres_search("setweight(to_tsvector('english', aliases::text), 'B')")


def _drop_sqlite_index() -> None:
    for suffix in ("ai", "ad", "au"):
        op.execute(f"DROP TRIGGER IF EXISTS items_fts_{suffix}")
    op.execute("DROP TABLE IF EXISTS items_fts")


def _postgres_search(aliases: str) -> None:
    """The generated column again, its aliases part read by `aliases` (the table is
    rewritten: every item's vector is computed anew)."""
    op.execute("ALTER TABLE items DROP COLUMN search")  # its GIN index goes with it
    op.execute(
        "ALTER TABLE items ADD COLUMN search tsvector GENERATED ALWAYS AS "
        f"(setweight(to_tsvector('english', name), 'A') || {aliases}) STORED"
    )
    op.execute("CREATE INDEX ix_items_search ON items USING gin (search)")
