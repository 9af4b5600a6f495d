"""The promise tracker over the store: the window of an event or a period, the promises
made in it, and what became of each (the rules are in corridor.track.promises)."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import groupby
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from corridor.errors import CorridorError
from corridor.model import Kind
from corridor.settings import get_settings
from corridor.store.tables import ClaimRow, EventItemRow, EventRow, ItemRow, SourceRow
from corridor.track.derive import _claims, parse_as_of
from corridor.track.promises import PROMISE_MODALITIES, track_promises

# Promises about an event are made around it: op-eds set the agenda in the weeks before a
# visit, statements and MoUs follow in the weeks after.
EVENT_LEAD = timedelta(days=30)
EVENT_LAG = timedelta(days=30)


def _month_end(day: date) -> date:
    following = day.replace(day=28) + timedelta(days=4)
    return following - timedelta(days=following.day)


def event_window(*, session: Session, event_id: str) -> tuple[date, date, str]:
    """(start, end, label) of an event: an events row, or a registry item of kind event."""
    row = session.get(EventRow, event_id)
    if row is not None and row.date is not None:
        return row.date, row.end_date or row.date, f"{row.type} {row.date}"
    item = session.get(ItemRow, event_id)
    if item is None or item.kind != Kind.EVENT.value:
        raise CorridorError("E202", f"{event_id!r} (not an event)")
    start, end = session.execute(
        select(func.min(EventRow.date), func.max(func.coalesce(EventRow.end_date, EventRow.date)))
        .join(EventItemRow, EventItemRow.event_id == EventRow.id)
        .where(EventItemRow.item_id == event_id)
    ).one()
    if start is None:
        start = parse_as_of(item.registry_as_of or item.status_as_of)
        if start is None:
            raise CorridorError("E403", f"event {event_id} has no date to build a window on")
        end = _month_end(start) if len(item.registry_as_of or "") == 7 else start
    return start, end, item.name


def promises_report(
    *,
    session: Session,
    event_id: str | None = None,
    since: date | None = None,
    until: date | None = None,
    as_of: date | None = None,
) -> dict[str, Any]:
    """Each item recommended, expected, pledged or agreed in the window, and its fate."""
    as_of = as_of or date.today()
    if event_id:
        start, end, label = event_window(session=session, event_id=event_id)
        window_start, window_end = start - EVENT_LEAD, end + EVENT_LAG
    elif since:
        window_start, window_end, label = since, until or as_of, f"since {since}"
    else:
        raise CorridorError("E403", "give --event ID or --since DATE")
    promised = sorted(
        set(
            session.scalars(
                select(ClaimRow.item_id).where(
                    ClaimRow.modality.in_([str(m) for m in PROMISE_MODALITIES]),
                    ClaimRow.claim_date >= window_start,
                    ClaimRow.claim_date <= window_end,
                    ClaimRow.review_state != "rejected",
                )
            )
        )
    )
    facts = {
        item_id: [fact for _, fact in group]
        for item_id, group in groupby(_claims(session, promised), key=lambda p: p[0])
    }
    results = track_promises(
        facts,
        window_start=window_start,
        window_end=window_end,
        as_of=as_of,
        overdue_months=get_settings().overdue_months,
    )
    claim_ids = {p.claim for p in results} | {p.evidence for p in results if p.evidence}
    sentences = {
        row.id: (row.sentence, title, url, row.source_id)
        for row, title, url in session.execute(
            select(ClaimRow, SourceRow.title, SourceRow.url)
            .join(SourceRow, SourceRow.id == ClaimRow.source_id)
            .where(ClaimRow.id.in_(claim_ids))
        )
    }
    names = {
        row.id: row.name
        for row in session.execute(select(ItemRow.id, ItemRow.name).where(ItemRow.id.in_(promised)))
    }
    rows = []
    for p in results:
        promise_text = sentences.get(p.claim, (None, None, None, None))
        evidence_text = sentences.get(p.evidence or "", (None, None, None, None))
        rows.append(
            {
                "item_id": p.item_id,
                "item": names.get(p.item_id, p.item_id),
                "promise": str(p.modality),
                "promise_date": p.date.isoformat(),
                "promise_sentence": promise_text[0],
                "promise_source": promise_text[1] or promise_text[2],
                "outcome": str(p.outcome),
                "meter": p.meter,
                "status": str(p.status),
                "evidence_sentence": evidence_text[0],
                "evidence_date": p.evidence_date.isoformat() if p.evidence_date else None,
                "evidence_source": evidence_text[1] or evidence_text[2],
                # Ids to link each sentence to its place in its source (the web pages).
                "promise_claim": p.claim,
                "promise_source_id": promise_text[3],
                "evidence_claim": p.evidence,
                "evidence_source_id": evidence_text[3],
            }
        )
    return {
        "window": {
            "label": label,
            "start": window_start.isoformat(),
            "end": window_end.isoformat(),
        },
        "as_of": as_of.isoformat(),
        "promises": rows,
    }
