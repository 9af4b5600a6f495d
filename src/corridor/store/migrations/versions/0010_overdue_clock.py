"""The overdue clock is stored, so that "overdue" is asked of today at every read.

`items.overdue` was true or false as of the item's last derivation: an item pledged 17
months before its last ingest stayed "not overdue" for ever after, until someone ran
`corridor items refresh`. Each item now keeps since when it has waited for progress
(`waiting_since`) and the day it is overdue from (`overdue_from`); the overview, the lists
and the item pages compare `overdue_from` with the current date. `corridor db upgrade`
re-derives every item once to fill them. The overview's covering index reads the new
column instead of the flag.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-29
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain ALTER TABLE, not a batch: a batch may rebuild the table on SQLite, and with it
    # go the triggers that keep its full-text index (0009).
    op.add_column("items", sa.Column("waiting_since", sa.Date(), nullable=True))
    op.add_column("items", sa.Column("overdue_from", sa.Date(), nullable=True))
    op.drop_index("ix_items_pillar_status", table_name="items")
    op.create_index(
        "ix_items_pillar_status",
        "items",
        ["pillar", "status", "merged_into", "overdue_from", "cost_usd"],
    )


def downgrade() -> None:
    op.drop_index("ix_items_pillar_status", table_name="items")
    op.create_index(
        "ix_items_pillar_status",
        "items",
        ["pillar", "status", "merged_into", "overdue", "cost_usd"],
    )
    op.drop_column("items", "overdue_from")  # SQLite 3.35+ drops a column in place
    op.drop_column("items", "waiting_since")
