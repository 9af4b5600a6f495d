"""Re-deriving item statuses from the store: claims in, `items.status` out.

The rules live in corridor.track.status (pure); this module reads the claims, the registry's
sourced status (evidence like a claim) and analysts' overrides, and writes back only the
items whose status changed. Streaming by item keeps memory flat over a million claims.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from itertools import groupby
from typing import Any, cast

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from corridor.model import Modality, ReviewState, Status
from corridor.settings import get_settings
from corridor.store.db import chunks
from corridor.store.tables import ClaimRow, ItemRow, StatusOverrideRow
from corridor.track.status import (
    ClaimFact,
    Derived,
    Entry,
    Override,
    SetAside,
    derive_ordered,
    load_rules,
    ordered,
    set_aside,
)
from corridor.track.walks import WalkWriter, pack

REGISTRY_BASIS = "registry"
# The registry's sourced status, read as the claim that would have stated it.
REGISTRY_MODALITY: dict[str, tuple[Modality, str | None]] = {
    Status.PROPOSED: (Modality.RECOMMENDATION, None),
    Status.PLEDGED: (Modality.PLEDGE, None),
    Status.AGREED: (Modality.AGREEMENT, None),
    Status.UNDER_CONSTRUCTION: (Modality.PROGRESS, None),
    Status.OPERATIONAL: (Modality.DELIVERY, None),
    Status.STALLED: (Modality.PROBLEM, None),
    Status.CANCELLED: (Modality.PROBLEM, "cancelled"),
}


def parse_as_of(value: str | None) -> date | None:
    """'2024', '2024-03' or '2024-03-05' as the first day it can mean."""
    if not value:
        return None
    parts = [int(p) for p in value.split("-")]
    try:
        return date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except (ValueError, IndexError):
        return None


def _day_text(day: date | None, claim: str | None, registry_as_of: str | None) -> str | None:
    """A day as stored: the registry's own text ("2024-03") when its evidence set it, not the
    first day it can mean, which would claim a precision the source never gave."""
    if day is None:
        return None
    if claim == REGISTRY_BASIS and registry_as_of and parse_as_of(registry_as_of) == day:
        return registry_as_of
    return day.isoformat()


def _started_by(derived: Derived) -> str | None:
    """The claim the current status began with; an override that confirms what the claims
    say keeps their start (and so the registry's own precision, when it was the registry)."""
    inner = derived.derived
    if inner is not None and inner.status is derived.status and inner.since == derived.since:
        derived = inner
    return derived.history[-1].claim if derived.history else None


def registry_fact(status: str | None, as_of: str | None) -> ClaimFact | None:
    if not status or status not in REGISTRY_MODALITY:
        return None
    modality, cue = REGISTRY_MODALITY[status]
    return ClaimFact(
        id=REGISTRY_BASIS,
        modality=modality,
        date=parse_as_of(as_of),
        review_state=ReviewState.ACCEPTED,
        cue=cue,
    )


def _claims(session: Session, ids: list[str] | None) -> Iterator[tuple[str, ClaimFact]]:
    columns = (
        ClaimRow.item_id,
        ClaimRow.id,
        ClaimRow.modality,
        ClaimRow.claim_date,
        ClaimRow.review_state,
        ClaimRow.confidence,
        ClaimRow.cue,
        ClaimRow.negated,
    )
    # Mentions never move a status nor make a promise: leave them in the database.
    moving = ClaimRow.modality != Modality.MENTION.value
    queries = (
        [select(*columns).where(moving).order_by(ClaimRow.item_id)]
        if ids is None
        else [
            select(*columns).where(moving, ClaimRow.item_id.in_(chunk)).order_by(ClaimRow.item_id)
            for chunk in chunks(ids)
        ]
    )
    for query in queries:
        for row in session.execute(query.execution_options(yield_per=5000)):
            # Plain strings, not enum instances: a StrEnum hashes and compares as its value,
            # and building a million enum members is a third of a full re-derivation.
            yield (
                row[0],
                ClaimFact(
                    id=row[1],
                    modality=cast(Modality, row[2]),
                    date=row[3],
                    review_state=cast(ReviewState, row[4]),
                    confidence=row[5],
                    cue=row[6],
                    negated=row[7],
                ),
            )


def _items(session: Session, ids: list[str] | None) -> dict[str, Any]:
    columns = (
        ItemRow.id,
        ItemRow.registry_status,
        ItemRow.registry_as_of,
        ItemRow.status,
        ItemRow.status_basis,
        ItemRow.status_as_of,
        ItemRow.status_since,
        ItemRow.overdue,
        ItemRow.waiting_since,
        ItemRow.overdue_from,
    )
    if ids is None:
        return {row[0]: row for row in session.execute(select(*columns))}
    found: dict[str, Any] = {}
    for chunk in chunks(ids):
        found.update(
            {row[0]: row for row in session.execute(select(*columns).where(ItemRow.id.in_(chunk)))}
        )
    return found


def item_overrides(session: Session, ids: list[str] | None) -> dict[str, Override]:
    query = select(StatusOverrideRow)
    rows = (
        session.scalars(query)
        if ids is None
        else (
            r
            for chunk in chunks(ids)
            for r in session.scalars(query.where(StatusOverrideRow.item_id.in_(chunk)))
        )
    )
    return {r.item_id: Override(Status(r.status), r.reason, r.by, r.at) for r in rows}


def derive_item(
    claims: list[ClaimFact],
    *,
    registry_status: str | None,
    registry_as_of: str | None,
    override: Override | None,
    as_of: date | None,
    overdue_months: int,
) -> tuple[Derived, list[Entry]]:
    """The item's status, and its claims and registry evidence as the walk reads them (all
    of them, whatever `as_of`: the stored walk serves every date)."""
    rules = load_rules()
    fact = registry_fact(registry_status, registry_as_of)
    facts = [*claims, fact] if fact is not None else claims
    entries = ordered(facts, rules=rules, as_of=None)
    derived = derive_ordered(
        entries, as_of=as_of, overdue_months=overdue_months, override=override, rules=rules
    )
    return derived, entries


def undated_set_aside(*, session: Session, item_id: str) -> SetAside:
    """The undated claims the item's status does not count, dated ones (the registry's
    sourced status among them) speaking for it: what its status explanation must say."""
    row = session.get(ItemRow, item_id)
    if row is None:
        return SetAside({})
    claims = [fact for _, fact in _claims(session, [item_id])]
    fact = registry_fact(row.registry_status, row.registry_as_of)
    return set_aside([*claims, fact] if fact is not None else claims, rules=load_rules())


def refresh_statuses(
    *,
    session: Session,
    item_ids: Iterable[str] | None = None,
    as_of: date | None = None,
    overdue_months: int | None = None,
) -> int:
    """Re-derive the status of the given items (default: all), and store their walks for the
    promise tracker (corridor.track.walks); returns how many statuses changed."""
    months = get_settings().overdue_months if overdue_months is None else overdue_months
    ids = sorted(set(item_ids)) if item_ids is not None else None
    if ids == []:
        return 0
    items = _items(session, ids)
    overrides = item_overrides(session, ids)
    walks = WalkWriter(session, load_rules())
    changes: list[dict[str, Any]] = []

    def settle(item_id: str, claims: list[ClaimFact]) -> None:
        row = items.pop(item_id, None)
        if row is None:
            return
        derived, entries = derive_item(
            claims,
            registry_status=row.registry_status,
            registry_as_of=row.registry_as_of,
            override=overrides.get(item_id),
            as_of=as_of,
            overdue_months=months,
        )
        walks.add(item_id, pack(entries, skip=REGISTRY_BASIS))
        values = {
            "status": str(derived.status),
            "status_basis": derived.basis,
            "status_as_of": _day_text(derived.as_of, derived.basis, row.registry_as_of),
            "status_since": _day_text(derived.since, _started_by(derived), row.registry_as_of),
            "overdue": derived.overdue,
            "waiting_since": derived.waiting_since,
            "overdue_from": derived.overdue_from,
        }
        if any(getattr(row, key) != value for key, value in values.items()):
            changes.append({"id": item_id, **values})

    # Claims arrive grouped by item: one item's claims in memory at a time.
    for item_id, group in groupby(_claims(session, ids), key=lambda pair: pair[0]):
        settle(item_id, [fact for _, fact in group])
    for item_id in list(items):  # items with no claims: registry evidence and overrides
        settle(item_id, [])
    if changes:
        # In id order, as every writer takes its item rows: concurrent refreshes queue.
        session.execute(update(ItemRow), sorted(changes, key=lambda change: change["id"]))
    walks.flush()
    return len(changes)


def store_walks(*, session: Session) -> int:
    """Store every item's walk, statuses untouched (the walks `refresh_statuses` stores):
    what `corridor db upgrade` does for a database from before the walks. Returns how many
    were written."""
    rules = load_rules()
    walks = WalkWriter(session, rules)
    with_claims: set[str] = set()
    for item_id, group in groupby(_claims(session, None), key=lambda pair: pair[0]):
        # The registry's evidence never enters a stored walk: leaving it out before
        # ordering orders the rest the same.
        walks.add(item_id, pack(ordered([fact for _, fact in group], rules=rules, as_of=None)))
        with_claims.add(item_id)
    for item_id in session.scalars(select(ItemRow.id)):
        if item_id not in with_claims:
            walks.add(item_id, pack([]))
    walks.flush()
    return walks.written
