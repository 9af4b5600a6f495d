"""Each item's walk, stored: its credible dated claims in the order status derivation reads
them (corridor.track.walks), written by re-derivation, read by the promise tracker.

A database upgraded to this revision has no walks yet: `corridor db upgrade` then stores
them all (a full re-derivation). Until then the tracker reads the claims of an item without
one, so its answers do not change.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-29
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "item_walks",
        sa.Column(
            "item_id",
            sa.String(120),
            sa.ForeignKey("items.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("rules", sa.String(16), nullable=False),
        sa.Column("entries", sa.Text(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("item_walks")
