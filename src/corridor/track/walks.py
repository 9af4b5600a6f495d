"""Each item's walk, stored: its credible dated claims in the order status derivation reads
them, kept in `item_walks` by re-derivation (corridor.track.derive) and read by the promise
tracker (corridor.track.meter), which then reads one row per promised item instead of all
of the item's claims.

A walk depends on the item's claims, their review states and the rule table, never on a
report's dates: the tracker cuts it at its `as_of` and finds the promise in it. Undated
claims are left out (a promise has a date, and the walk from it reads only what comes
after), and so is the registry's sourced status (the tracker reads claims only).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import date

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from corridor.model import Status
from corridor.store.tables import ItemWalkRow
from corridor.track.promises import PROMISE_RANKS
from corridor.track.status import Entry

_STATUS = {str(status): status for status in Status}
REVISION = "0008"  # the migration that made item_walks: a database from before has none


def pack(entries: Iterable[Entry], *, skip: str | None = None) -> str:
    """The stored form of ordered entries: their dated ones, in order, as JSON
    ([[day, rank, claim id, status], ...]); `skip` names a claim id to leave out."""
    return json.dumps(
        [
            [day.isoformat(), rank, claim, str(status)]
            for _, rank, claim, status, day in entries
            if day is not None and claim != skip
        ],
        separators=(",", ":"),
    )


def _chunks(ids: list[str], size: int = 500) -> Iterator[list[str]]:
    for i in range(0, len(ids), size):
        yield ids[i : i + size]


def stored(session: Session, item_ids: Iterable[str] | None) -> dict[str, str]:
    """The stored walks of those items (default: all) that have one."""
    query = select(ItemWalkRow.item_id, ItemWalkRow.entries)
    if item_ids is None:
        return {item_id: text for item_id, text in session.execute(query)}
    found: dict[str, str] = {}
    for chunk in _chunks(sorted(set(item_ids))):
        found.update(
            (i, t) for i, t in session.execute(query.where(ItemWalkRow.item_id.in_(chunk)))
        )
    return found


def store(session: Session, walks: dict[str, str], *, old: dict[str, str]) -> int:
    """Write the walks that differ from `old` (what is stored now); returns how many."""
    changed = sorted(item_id for item_id, text in walks.items() if old.get(item_id) != text)
    for chunk in _chunks(changed):
        session.execute(delete(ItemWalkRow).where(ItemWalkRow.item_id.in_(chunk)))
        session.execute(insert(ItemWalkRow), [{"item_id": i, "entries": walks[i]} for i in chunk])
    return len(changed)


def promise_in(text: str, *, first: str, end: str, last: str) -> list[Entry] | None:
    """The stored walk from the item's promise in the window [first, end] on, cut at `last`
    (as_of); None if it made none there. The dates are ISO text, as stored, so that a report
    writes them once for all its items. The promise is the one `promise_index` finds (the
    strongest promise claim dated in the window, the earliest on ties), looked for in the
    stored text's own dates, so that no entry before it is built."""
    raw = json.loads(text)
    end = min(end, last)
    best, best_rank = -1, -1
    for n, (day, rank, _, _) in enumerate(raw):
        if day < first:
            continue
        if day > end:
            break
        if rank in PROMISE_RANKS and rank > best_rank:
            best, best_rank = n, rank
    if best < 0:
        return None
    as_date = date.fromisoformat
    entries: list[Entry] = []
    append = entries.append
    for day, rank, claim, status in raw[best:]:
        if day > last:
            break
        when = as_date(day)
        append((when, rank, claim, _STATUS[status], when))
    return entries
