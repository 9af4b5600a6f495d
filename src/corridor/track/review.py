"""What an analyst does to the machine's work: review claims, merge, split and promote items,
override a status. Every act is written to the audit log in the same transaction.

Claims keep their ids through all of it (an id derives from source, span and the item the
machine linked), so re-ingesting a source never duplicates a reviewed claim nor loses a
decision: the store skips machine claims whose id an analyst has already reviewed.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from typing import Any, cast

from sqlalchemy import CursorResult, select, update
from sqlalchemy.orm import Session

from corridor.errors import CorridorError
from corridor.model import Kind, Modality, Origin, Pillar, ReviewState, Status, choices
from corridor.store.tables import AuditRow, ClaimRow, EventItemRow, ItemRow, StatusOverrideRow
from corridor.track.derive import refresh_statuses
from corridor.track.link import follow, reindex_candidates


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def audit(*, session: Session, actor: str, action: str, target: str, **detail: Any) -> None:
    session.add(AuditRow(at=_now(), actor=actor, action=action, target=target, detail=detail))


def _item(session: Session, item_id: str) -> ItemRow:
    row = session.get(ItemRow, item_id)
    if row is None:
        raise CorridorError("E202", repr(item_id))
    return row


def _claim(session: Session, claim_id: str) -> ClaimRow:
    row = session.get(ClaimRow, claim_id)
    if row is None:
        raise CorridorError("E402", repr(claim_id))
    return row


def review_claim(
    *,
    session: Session,
    claim_id: str,
    actor: str,
    accept: bool = False,
    reject: bool = False,
    modality: str | None = None,
    item_id: str | None = None,
    amount_usd: float | None = None,
    note: str | None = None,
) -> ClaimRow:
    """Accept, reject or correct one claim; its item's status is re-derived."""
    if sum([accept, reject, bool(modality or item_id or amount_usd is not None)]) != 1:
        raise CorridorError(  # worded for the CLI's options and the API's actions alike
            "E403", "give exactly one of accept, reject or a correction (of modality or item)"
        )
    claim = _claim(session, claim_id)
    before = {"modality": claim.modality, "item_id": claim.item_id, "state": claim.review_state}
    touched = {claim.item_id}
    if accept:
        claim.review_state = ReviewState.ACCEPTED.value
    elif reject:
        claim.review_state = ReviewState.REJECTED.value
    else:
        if modality is not None:
            if modality not in choices(Modality):
                raise CorridorError("E403", f"modality {modality!r}: one of {choices(Modality)}")
            claim.modality = modality
        if item_id is not None:
            target = follow(session=session, item_id=item_id)
            if target is None:
                raise CorridorError("E202", repr(item_id))
            claim.item_id = target
            touched.add(target)
        if amount_usd is not None:
            claim.amounts = [
                {
                    "value": amount_usd,
                    "currency": "USD",
                    "usd": amount_usd,
                    "text": None,
                    "corrected": True,
                }
            ]
        claim.review_state = ReviewState.CORRECTED.value
    claim.reviewed_by, claim.reviewed_at, claim.review_note = actor, _now(), note
    after = {"modality": claim.modality, "item_id": claim.item_id, "state": claim.review_state}
    audit(
        session=session,
        actor=actor,
        action="review",
        target=claim_id,
        before=before,
        after=after,
        note=note,
    )
    session.flush()
    refresh_statuses(session=session, item_ids=touched)
    return claim


def _current(session: Session, item_id: str) -> ItemRow:
    """An item as last committed, locked to this transaction on PostgreSQL (FOR UPDATE;
    SQLite has no row locks and leaves it out)."""
    query = select(ItemRow).where(ItemRow.id == item_id).with_for_update()
    row = session.scalars(query.execution_options(populate_existing=True)).one_or_none()
    if row is None:
        raise CorridorError("E202", repr(item_id))
    return row


def check_merge(keep: str, merge: str) -> None:
    """What a merge asks that needs no database (callers may ask it before opening one)."""
    if keep == merge:
        raise CorridorError("E403", "cannot merge an item into itself")


def merge_items(*, session: Session, keep: str, merge: str, actor: str) -> int:
    """Fold item `merge` into `keep`: its claims, names and events move; it stays a pointer.

    Safe against a merge of either item at the same time: one of them commits, the other
    gets E403 (its transaction must then be rolled back, as any error here asks)."""
    check_merge(keep, merge)
    # Both rows locked in one order, so that opposite merges queue rather than deadlock.
    for item_id in sorted((keep, merge)):
        _current(session, item_id)
    # The guarded write comes first: on SQLite it takes the database's write lock, after
    # which every read is current; a rival that merged `merge` first leaves no row here.
    folded = session.execute(
        update(ItemRow)
        .where(ItemRow.id == merge, ItemRow.merged_into.is_(None))
        .values(merged_into=keep)
        .execution_options(synchronize_session=False)
    )
    # ... and `keep` is read again after it, in case a rival merged it away meanwhile.
    target, gone = _current(session, keep), _current(session, merge)
    if cast(CursorResult[Any], folded).rowcount != 1 or target.merged_into is not None:
        raise CorridorError("E403", "one of these items was already merged; use the surviving id")
    reindex_candidates(session=session, item_ids=[merge])  # written around the ORM above
    moved = len(list(session.scalars(select(ClaimRow.id).where(ClaimRow.item_id == merge))))
    session.execute(update(ClaimRow).where(ClaimRow.item_id == merge).values(item_id=keep))
    for link in session.scalars(select(EventItemRow).where(EventItemRow.item_id == merge)):
        if session.get(EventItemRow, (link.event_id, keep)) is None:
            session.add(EventItemRow(event_id=link.event_id, item_id=keep))
        session.delete(link)
    names = [gone.name, *(gone.aliases or [])]
    target.aliases = list(dict.fromkeys([*(target.aliases or []), *names]))
    audit(session=session, actor=actor, action="merge", target=keep, merged=merge, claims=moved)
    session.flush()
    refresh_statuses(session=session, item_ids=[keep, merge])
    return moved


def check_split(name: str, claim_ids: list[str]) -> None:
    """What a split asks that needs no database (callers may ask it before opening one)."""
    if not name.strip():
        raise CorridorError("E403", "the new item needs a name (--name), not a blank one")
    if not claim_ids:
        raise CorridorError("E403", "give the claims to move (--claims C1,C2)")


def split_item(
    *,
    session: Session,
    item_id: str,
    claim_ids: list[str],
    name: str,
    actor: str,
    kind: str | None = None,
    pillar: str | None = None,
) -> str:
    """Move some claims of an item to a new candidate item; returns the new item's id."""
    check_split(name, claim_ids)
    source = _item(session, item_id)
    claims = [_claim(session, cid) for cid in claim_ids]
    strays = [c.id for c in claims if c.item_id != item_id]
    if strays:
        raise CorridorError("E403", f"claims not on {item_id}: {', '.join(strays)}")
    digest = hashlib.sha256(f"{item_id}:{name}:{sorted(claim_ids)}".encode()).hexdigest()[:8]
    new_id = f"split-{digest}"
    session.add(
        ItemRow(
            id=new_id,
            name=name,
            aliases=[],
            kind=kind or source.kind,
            pillar=pillar or source.pillar,
            parties=[],
            sources=[],
            status=Status.UNKNOWN.value,
            origin=Origin.CANDIDATE.value,
        )
    )
    session.flush()
    for claim in claims:
        claim.item_id = new_id
        # Reviewed, so that re-ingesting the source keeps the claim where the analyst put it.
        claim.review_state = ReviewState.CORRECTED.value
        claim.reviewed_by, claim.reviewed_at = actor, _now()
    audit(
        session=session,
        actor=actor,
        action="split",
        target=item_id,
        new_item=new_id,
        claims=sorted(claim_ids),
    )
    session.flush()
    refresh_statuses(session=session, item_ids=[item_id, new_id])
    return new_id


def promote_item(
    *,
    session: Session,
    item_id: str,
    actor: str,
    name: str | None = None,
    kind: str | None = None,
    pillar: str | None = None,
) -> ItemRow:
    """Make a candidate a registry item (its id, a permalink, stays)."""
    row = _item(session, item_id)
    if row.origin != Origin.CANDIDATE.value:
        raise CorridorError("E403", f"{item_id} is already a registry item")
    for value, allowed, label in ((kind, Kind, "kind"), (pillar, Pillar, "pillar")):
        if value is not None and value not in choices(allowed):
            raise CorridorError("E403", f"{label} {value!r}: one of {choices(allowed)}")
    row.origin = Origin.REGISTRY.value
    row.name = name or row.name
    row.kind = kind or row.kind
    row.pillar = pillar or row.pillar
    audit(
        session=session,
        actor=actor,
        action="promote",
        target=item_id,
        name=row.name,
        kind=row.kind,
        pillar=row.pillar,
    )
    session.flush()
    return row


def override_status(
    *, session: Session, item_id: str, status: str | None, reason: str, actor: str
) -> None:
    """Set (or with status None, lift) an analyst's status override, with its reason. The
    audit log keeps the status it replaced; lifting one is its own act, "override cleared",
    and lifting none is refused (E403), so that the log holds only what changed."""
    item = _item(session, item_id)
    if item.merged_into is not None:  # its claims and status live on the surviving item
        raise CorridorError("E403", f"{item_id} was merged into {item.merged_into}: override that")
    if not reason.strip():
        raise CorridorError("E403", "an override needs a reason")
    existing = session.get(StatusOverrideRow, item_id)
    if status is None:
        if existing is None:
            raise CorridorError("E403", f"{item_id} has no override to clear")
        session.delete(existing)
        audit(
            session=session,
            actor=actor,
            action="override cleared",
            target=item_id,
            previous=existing.status,
            reason=reason,
        )
    else:
        if status not in choices(Status):
            raise CorridorError("E403", f"status {status!r}: one of {choices(Status)}")
        previous = item.status
        if existing is None:
            session.add(
                StatusOverrideRow(
                    item_id=item_id, status=status, reason=reason, by=actor, at=_now()
                )
            )
        else:
            existing.status, existing.reason, existing.by, existing.at = (
                status,
                reason,
                actor,
                _now(),
            )
        audit(
            session=session,
            actor=actor,
            action="override",
            target=item_id,
            status=status,
            previous=previous,
            reason=reason,
        )
    session.flush()
    refresh_statuses(session=session, item_ids=[item_id])


def audit_log(*, session: Session, target: str | None = None) -> list[AuditRow]:
    query = select(AuditRow).order_by(AuditRow.id)
    if target:
        query = query.where(AuditRow.target == target)
    return list(session.scalars(query))
