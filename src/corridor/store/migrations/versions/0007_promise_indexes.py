"""Covering indexes the promise tracker reads from (corridor.track.meter.track_window).

`ix_claims_promises` finds the promise claims of a window (modality, then date) and
`ix_claims_item_walk` the claims of a chunk of items from their promise dates on; both
carry every column the walk reads, so neither query touches a claim row. At 1,000,000
claims (bench/web.py) a month's promise claims read in 5 ms, not 25, and the claims of
~3,600 items over ten years in 110 ms, not 200; the two cost ~195 MB on a 675 MB file.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-29
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

WALK = ["review_state", "confidence", "negated", "cue", "id"]


def upgrade() -> None:
    op.create_index("ix_claims_promises", "claims", ["modality", "claim_date", "item_id", *WALK])
    op.create_index("ix_claims_item_walk", "claims", ["item_id", "claim_date", "modality", *WALK])


def downgrade() -> None:
    op.drop_index("ix_claims_item_walk", table_name="claims")
    op.drop_index("ix_claims_promises", table_name="claims")
