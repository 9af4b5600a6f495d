"""Queries on claims: the review queue and filtered lists."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, literal_column, select
from sqlalchemy.orm import Session

from corridor.model import ReviewState
from corridor.store.tables import ClaimRow, SourceRow

# The columns of list_claims' rows, in order: a CSV of no rows still has its header.
CLAIM_COLUMNS = (
    "id", "item_id", "modality", "date", "sentence", "review_state", "confidence",
    "source_id", "source_title", "source_published",
)  # fmt: skip


def stored_key(session: Session) -> tuple[Any, ...]:
    """The columns that order claims by when they were stored: on SQLite the claims' rowid
    (the order they were inserted in, which the claims_fts index keeps stable), on
    PostgreSQL (created_at, id). Newest first is each of them descending."""
    if session.get_bind().dialect.name == "sqlite":
        return (literal_column("claims.rowid"),)
    return (ClaimRow.created_at, ClaimRow.id)


def newest_stored(session: Session) -> list[ColumnElement[Any]]:
    """ORDER BY for claims stored last first (what was just ingested leads, whatever day
    its sentences speak for: a target date of 2027 or a typo of 2050 never does)."""
    return [column.desc() for column in stored_key(session)]


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
        # Stored last first, as the review queue on the web (QA: ordered by claim date, a
        # claim about 2050 or a target date of 2027 led the list, not what was just read).
        .order_by(*newest_stored(session))
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
