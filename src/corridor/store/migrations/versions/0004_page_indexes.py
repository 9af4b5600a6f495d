"""Indexes the dashboard's overview and map read from.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Covering: the overview counts items and sums money by pillar and status from the
    # index alone (bench/web.py: overview p95 135 ms without it at 100,000 items).
    op.create_index(
        "ix_items_pillar_status",
        "items",
        ["pillar", "status", "merged_into", "overdue", "cost_usd"],
    )
    op.create_index("ix_items_pillar_province", "items", ["pillar", "province"])


def downgrade() -> None:
    op.drop_index("ix_items_pillar_province", table_name="items")
    op.drop_index("ix_items_pillar_status", table_name="items")
