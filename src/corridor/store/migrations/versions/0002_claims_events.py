"""Claims and events: what each sentence says of each item, and the events it names.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "claims",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column(
            "source_id",
            sa.String(64),
            sa.ForeignKey("sources.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
        sa.Column(
            "item_id",
            sa.String(120),
            sa.ForeignKey("items.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("sentence", sa.Text(), nullable=False),
        sa.Column("modality", sa.String(20), nullable=False, index=True),
        sa.Column("negated", sa.Boolean(), nullable=False),
        sa.Column("cue", sa.String(200)),
        sa.Column("mention", sa.String(300)),
        sa.Column("claim_date", sa.Date(), index=True),
        sa.Column("amounts", sa.JSON(), nullable=False),
        sa.Column("capacities", sa.JSON(), nullable=False),
        sa.Column("dates", sa.JSON(), nullable=False),
        sa.Column("actors", sa.JSON(), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("stage", sa.String(60), nullable=False),
        sa.Column("version", sa.String(40), nullable=False),
        sa.Column("review_state", sa.String(12), nullable=False, index=True),
        sa.Column("reviewed_by", sa.String(100)),
        sa.Column("reviewed_at", sa.DateTime()),
        sa.Column("review_note", sa.Text()),
        sa.Column("created_at", sa.DateTime(), server_default=sa.func.now(), nullable=False),
    )
    op.create_index("ix_claims_item_date", "claims", ["item_id", "claim_date"])
    op.create_table(
        "events",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column(
            "source_id",
            sa.String(64),
            sa.ForeignKey("sources.id", ondelete="CASCADE"),
            index=True,
        ),
        sa.Column("type", sa.String(20), nullable=False, index=True),
        sa.Column("date", sa.Date(), index=True),
        sa.Column("end_date", sa.Date()),
        sa.Column("actors", sa.JSON(), nullable=False),
        sa.Column("place", sa.String(200)),
        sa.Column("evidence", sa.Text()),
        sa.Column("start", sa.Integer()),
        sa.Column("end", sa.Integer()),
    )
    op.create_table(
        "event_items",
        sa.Column(
            "event_id",
            sa.String(32),
            sa.ForeignKey("events.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column(
            "item_id",
            sa.String(120),
            sa.ForeignKey("items.id", ondelete="CASCADE"),
            primary_key=True,
            index=True,
        ),
    )


def downgrade() -> None:
    op.drop_table("event_items")
    op.drop_table("events")
    op.drop_index("ix_claims_item_date", table_name="claims")
    op.drop_table("claims")
