"""Each item's walk, stored: its credible dated claims in the order status derivation reads
them, kept in `item_walks` by re-derivation (corridor.track.derive) and read by the promise
tracker (corridor.track.meter), which then reads one row per promised item instead of all
of the item's claims.

A walk depends on the item's claims, their review states and the rule table, never on a
report's dates: the tracker cuts it at its `as_of` and finds the promise in it. Undated
claims are left out (a promise has a date, and an item with a dated claim rests on its
dated claims alone), and so is the registry's sourced status: the tracker reads it, and overrides,
from the item's row (corridor.track.meter.later_word).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from datetime import date

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from corridor.model import Status
from corridor.store.db import CHUNK, chunks
from corridor.store.tables import ItemWalkRow
from corridor.track.promises import PROMISE_RANKS
from corridor.track.status import Entry, StatusRules

_STATUS = {str(status): status for status in Status}
REVISION = "0008"  # the migration that made item_walks: a database from before has none


def rules_key(rules: StatusRules) -> str:
    """A digest of what in the rule table decides a walk's entries (which claims count, and
    the status each would set), stored beside each walk: a walk stored under other rules
    (an upgrade that changed the table) is read as no walk at all."""
    decisive = [
        sorted((k, str(v) if v is not None else None) for k, v in rules.by_modality.items()),
        str(rules.cancel_modality),
        sorted(rules.cancel_cues),
        rules.min_confidence,
        sorted(rules.never),
        sorted(rules.always),
    ]
    return hashlib.sha256(json.dumps(decisive).encode()).hexdigest()[:16]


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


def stored(session: Session, item_ids: Iterable[str]) -> dict[str, tuple[str, str]]:
    """The stored walks of those items that have one, with the rules key each was stored
    under: {item id: (key, walk)}."""
    query = select(ItemWalkRow.item_id, ItemWalkRow.rules, ItemWalkRow.entries)
    found: dict[str, tuple[str, str]] = {}
    for chunk in chunks(sorted(set(item_ids))):
        rows = session.execute(query.where(ItemWalkRow.item_id.in_(chunk)))
        found.update((item_id, (key, text)) for item_id, key, text in rows)
    return found


def store(session: Session, walks: dict[str, str], *, key: str) -> int:
    """Write those walks (stored under the rules of `key`) that differ from what is stored;
    returns how many."""
    old = stored(session, walks)
    changed = sorted(i for i, text in walks.items() if old.get(i) != (key, text))
    for chunk in chunks(changed):
        session.execute(delete(ItemWalkRow).where(ItemWalkRow.item_id.in_(chunk)))
        session.execute(
            insert(ItemWalkRow),
            [{"item_id": i, "rules": key, "entries": walks[i]} for i in chunk],
        )
    return len(changed)


class WalkWriter:
    """Walks to store, written a chunk at a time, each compared with what is stored: memory
    stays flat over every item of a database, and an unchanged walk is not written again."""

    def __init__(self, session: Session, rules: StatusRules) -> None:
        self.session = session
        self.key = rules_key(rules)
        self.pending: dict[str, str] = {}
        self.written = 0

    def add(self, item_id: str, text: str) -> None:
        self.pending[item_id] = text
        if len(self.pending) >= CHUNK:
            self.flush()

    def flush(self) -> None:
        self.written += store(self.session, self.pending, key=self.key)
        self.pending.clear()


def promise_in(text: str, *, first: str, end: str, last: str) -> tuple[list[Entry], int] | None:
    """The stored walk cut at `last` (as_of), and the index in it of the item's promise in
    the window [first, end]; None if it made none there. The dates are ISO text, as stored,
    so that a report writes them once for all its items. The promise is the one
    `promise_index` finds (the strongest promise claim dated in the window, the earliest on
    ties), looked for in the stored text's own dates, so that an item without one builds no
    entry."""
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
    # The whole walk, not only from the promise on: the promise is judged by where the item
    # stands, which its earlier claims decide too (analyst QA).
    for day, rank, claim, status in raw:
        if day > last:
            break
        when = as_date(day)
        append((when, rank, claim, _STATUS[status], when))
    return entries, best
