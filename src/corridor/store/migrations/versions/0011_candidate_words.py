"""The words of candidates' names and aliases, indexed, for linking a new name to them.

Linking (corridor.track.link.best_candidate) read every candidate row for each new name,
keeping those whose name or aliases held one of its words (LIKE '%word%'): a full scan per
name, growing with the candidates. `candidate_words` holds each live candidate's words
(origin candidate, not merged), one row a word, the primary key (word, item_id) its index;
the ORM keeps it in step with every write of an item (corridor.store.tables). Upgrading
fills it from the items stored.

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-30
"""

import re
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BATCH = 1000


def _words(labels: list[str]) -> set[str]:
    """corridor.track.link.index_words as it stood at this revision (a migration does not
    change with the code): normalise_alias's words of 3 characters or more, cut to 100."""
    words = set()
    for label in labels:
        text = label.casefold().replace("\u2013", "-").replace("\u2014", "-")
        for word in re.sub(r"[\s\-_.,'’()]+", " ", text).split():
            if len(word) >= 3:
                words.add(word[:100])
    return words


def upgrade() -> None:
    # A new table only: `items` is not touched, so its FTS5 triggers stay.
    words = op.create_table(
        "candidate_words",
        sa.Column("word", sa.String(100), primary_key=True),
        sa.Column(
            "item_id",
            sa.String(120),
            sa.ForeignKey("items.id", ondelete="CASCADE"),
            primary_key=True,
            index=True,
        ),
    )
    items = sa.table(
        "items",
        sa.column("id", sa.String),
        sa.column("name", sa.String),
        sa.column("aliases", sa.JSON),
        sa.column("origin", sa.String),
        sa.column("merged_into", sa.String),
    )
    live = sa.select(items.c.id, items.c.name, items.c.aliases).where(
        items.c.origin == "candidate", items.c.merged_into.is_(None)
    )
    rows: Sequence[Any] = op.get_bind().execute(live.order_by(items.c.id)).fetchall()
    batch: list[dict[str, str]] = []
    for item_id, name, aliases in rows:
        for word in sorted(_words([name, *(aliases or [])])):
            batch.append({"word": word, "item_id": item_id})
        if len(batch) >= BATCH:
            op.bulk_insert(words, batch)
            batch = []
    if batch:
        op.bulk_insert(words, batch)


def downgrade() -> None:
    op.drop_table("candidate_words")  # its index goes with it
