"""Queries on claims: the review queue and filtered lists."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from corridor.model import ReviewState
from corridor.store.tables import ClaimRow, SourceRow

# The columns of list_claims' rows, in order: a CSV of no rows still has its header.
CLAIM_COLUMNS = (
    "id", "item_id", "modality", "date", "sentence", "review_state", "confidence",
    "source_id", "source_title", "source_published",
)  # fmt: skip


def list_claims(
    *,
    session: Session,
    item_id: str | None = None,
    source_id: str | None = None,
    modality: str | None = None,
    unreviewed: bool = False,
    limit: int = 100,
) -> list[dict[str, object]]:
    query = (
        select(ClaimRow, SourceRow.title, SourceRow.published)
        .join(SourceRow, SourceRow.id == ClaimRow.source_id)
        # Newest first, undated last on both backends (PostgreSQL puts NULL first in DESC).
        .order_by(ClaimRow.claim_date.desc().nulls_last(), ClaimRow.id)
        .limit(limit)
    )
    if item_id:
        query = query.where(ClaimRow.item_id == item_id)
    if source_id:
        query = query.where(ClaimRow.source_id.startswith(source_id))
    if modality:
        query = query.where(ClaimRow.modality == modality)
    if unreviewed:
        query = query.where(ClaimRow.review_state == ReviewState.UNREVIEWED.value)
    return [
        {
            "id": claim.id,
            "item_id": claim.item_id,
            "modality": claim.modality,
            "date": claim.claim_date.isoformat() if claim.claim_date else None,
            "sentence": claim.sentence,
            "review_state": claim.review_state,
            "confidence": claim.confidence,
            "source_id": claim.source_id,
            "source_title": title,
            "source_published": published.isoformat() if published else None,
        }
        for claim, title, published in session.execute(query)
    ]
