"""Tracking: merged items, overdue flags, status overrides and the audit log.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain ADD COLUMN, never batch mode: a batch copy of `items` would drop its FTS5
    # triggers and renumber the rowids the full-text index points at.
    # A merged item stays as a pointer, so later mentions of its name follow it.
    op.add_column("items", sa.Column("merged_into", sa.String(120), nullable=True))
    op.add_column(
        "items", sa.Column("overdue", sa.Boolean(), nullable=False, server_default=sa.false())
    )
    op.add_column("items", sa.Column("status_since", sa.String(10), nullable=True))
    # The registry's own sourced status: evidence like a claim, dated by its as-of.
    op.add_column("items", sa.Column("registry_status", sa.String(20), nullable=True))
    op.add_column("items", sa.Column("registry_as_of", sa.String(10), nullable=True))
    op.execute(
        "UPDATE items SET registry_status = status, registry_as_of = status_as_of "
        "WHERE origin = 'registry'"
    )
    op.create_index("ix_items_merged_into", "items", ["merged_into"])
    # The item the extractor linked the claim to; `item_id` may be changed by review.
    op.add_column("claims", sa.Column("machine_item_id", sa.String(120), nullable=True))
    op.execute("UPDATE claims SET machine_item_id = item_id")
    op.create_table(
        "status_overrides",
        sa.Column("item_id", sa.String(120), sa.ForeignKey("items.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("by", sa.String(100), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
    )  # fmt: skip
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("at", sa.DateTime(), nullable=False, index=True),
        sa.Column("actor", sa.String(100), nullable=False),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("target", sa.String(120), nullable=False, index=True),
        sa.Column("detail", sa.JSON(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("audit_log")
    op.drop_table("status_overrides")
    with op.batch_alter_table("claims") as batch:
        batch.drop_column("machine_item_id")
    op.drop_index("ix_items_merged_into", table_name="items")
    with op.batch_alter_table("items") as batch:
        batch.drop_column("registry_as_of")
        batch.drop_column("registry_status")
        batch.drop_column("status_since")
        batch.drop_column("overdue")
        batch.drop_column("merged_into")
