"""An item's story in date order: its claims with their sentences and sources, its events
and its amounts."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from corridor.errors import CorridorError
from corridor.store.items import get_item
from corridor.store.tables import ClaimRow, EventItemRow, EventRow, SourceRow, StatusOverrideRow
from corridor.track.link import follow


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def item_timeline(*, session: Session, item_id: str) -> dict[str, Any]:
    """Everything dated about one item, oldest first; rejected claims are listed, marked."""
    resolved = follow(session=session, item_id=item_id)
    item = get_item(session=session, item_id=resolved) if resolved else None
    if item is None:
        raise CorridorError("E202", repr(item_id))
    rows = session.execute(
        select(ClaimRow, SourceRow.title, SourceRow.url, SourceRow.file_name, SourceRow.published)
        .join(SourceRow, SourceRow.id == ClaimRow.source_id)
        .where(ClaimRow.item_id == item.id)
    ).all()
    claims = []
    amounts = []
    for claim, title, url, file_name, published in rows:
        claims.append(
            {
                "claim_id": claim.id,
                "date": _iso(claim.claim_date or published),
                "source_date": _iso(published),
                "modality": claim.modality,
                "sentence": claim.sentence,
                "mention": claim.mention,
                "review_state": claim.review_state,
                "source_id": claim.source_id,
                "source_title": title,
                "source_url": url or file_name,
                "start": claim.start,
                "end": claim.end,
            }
        )
        for amount in claim.amounts or []:
            amounts.append(
                {**amount, "date": _iso(claim.claim_date or published), "claim_id": claim.id}
            )
    claims.sort(key=lambda c: (c["date"] or "", c["claim_id"]))
    amounts.sort(key=lambda a: (a["date"] or "", a["claim_id"]))
    events = [
        {
            "event_id": event.id,
            "type": event.type,
            "date": _iso(event.date),
            "end_date": _iso(event.end_date),
            "actors": event.actors,
            "place": event.place,
            "evidence": event.evidence,
            "source_id": event.source_id,
        }
        for event in session.scalars(
            select(EventRow)
            .join(EventItemRow, EventItemRow.event_id == EventRow.id)
            .where(EventItemRow.item_id == item.id)
            .order_by(EventRow.date, EventRow.id)
        )
    ]
    override = session.get(StatusOverrideRow, item.id)
    return {
        "item": item.to_dict(),
        "override": None
        if override is None
        else {
            "status": override.status,
            "reason": override.reason,
            "by": override.by,
            "at": override.at.isoformat(),
        },
        "claims": claims,
        "events": events,
        "amounts": amounts,
    }
