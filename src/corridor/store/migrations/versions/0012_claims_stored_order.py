"""An index for claims in the order they were stored, on PostgreSQL.

The claims list, the review queue and the overview's latest claims show the claims stored
last first (corridor.store.claims.stored_key): on PostgreSQL by (created_at, id), which no
index covered, so each of those pages read the whole claims table. SQLite orders them by
rowid, its table's own order: it needs no index.

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-30
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NAME = "ix_claims_created_at_id"


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.create_index(NAME, "claims", ["created_at", "id"])


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.drop_index(NAME, table_name="claims")
