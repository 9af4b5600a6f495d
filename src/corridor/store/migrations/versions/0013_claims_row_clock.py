"""On PostgreSQL, each claim is stamped when its row is written, not when its transaction began.

Claims are listed stored last first (corridor.store.claims.stored_key): on SQLite by rowid,
on PostgreSQL by (created_at, id). `now()` is the transaction's start, so every claim of one
document had the same stamp, and a document's claims came out in the order of their ids,
which are hashes: a different order from SQLite's. `clock_timestamp()` is read row by row,
so both backends now list a document's claims in the order they were inserted (see
corridor.store.sources.store_extraction). SQLite has nothing to change.

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.alter_column("claims", "created_at", server_default=sa.text("clock_timestamp()"))


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.alter_column("claims", "created_at", server_default=sa.text("now()"))
