"""The promise tracker: what became of the promises made in a window.

Pure logic over `ClaimFact`s, in the manner of a promise meter. An item was promised in
the window if a credible recommendation, expectation, pledge or agreement claim falls in
it; the strongest such claim is the promise. What became of it is where the item stands by
`as_of`, by the same walk as status derivation (docs/status.md, "The promise tracker"),
over what status derivation reads: the item's claims, the registry's sourced status, and
an analyst's override made by `as_of`, which wins as it does on the item.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import lru_cache

from corridor.errors import CorridorError
from corridor.model import MODALITY_RANK, Modality, Status
from corridor.track.status import (
    CANCEL_RANK,
    ENTRY_ORDER,
    OVERRIDE,
    ClaimFact,
    Entry,
    Override,
    Run,
    StatusRules,
    add_months,
    day_of,
    load_rules,
    ordered,
)

PROMISE_MODALITIES: frozenset[Modality] = frozenset(
    {Modality.RECOMMENDATION, Modality.EXPECTATION, Modality.PLEDGE, Modality.AGREEMENT}
)
# A cancelling claim ranks above every modality (CANCEL_RANK), so is never among these.
PROMISE_RANKS = frozenset(MODALITY_RANK[m] for m in PROMISE_MODALITIES)
_RANK_MODALITY = {rank: modality for modality, rank in MODALITY_RANK.items()}


class Outcome(StrEnum):
    """What became of a promise."""

    DELIVERED = "delivered"
    IN_PROGRESS = "in_progress"
    IN_TROUBLE = "in_trouble"
    NOTHING_YET = "nothing_yet"
    OVERDUE = "overdue"


OUTCOME_LABELS: dict[Outcome, str] = {
    Outcome.DELIVERED: "delivered",
    Outcome.IN_PROGRESS: "in progress",
    Outcome.IN_TROUBLE: "in trouble",
    Outcome.NOTHING_YET: "nothing yet",
    Outcome.OVERDUE: "overdue",
}

# The PolitiFact meter's ruling for each outcome; in trouble splits on the status.
METER: dict[Outcome, str] = {
    Outcome.DELIVERED: "Promise Kept",
    Outcome.IN_PROGRESS: "In the Works",
    Outcome.IN_TROUBLE: "Stalled",
    Outcome.NOTHING_YET: "Not Yet Rated",
    Outcome.OVERDUE: "Stalled",
}
METER_CANCELLED = "Promise Broken"


@dataclass(slots=True)
class Promise:
    """One item's promise in the window and what became of it as of `as_of`."""

    item_id: str
    claim: str  # the promise: the strongest promise claim in the window
    modality: Modality
    date: dt.date
    outcome: Outcome
    status: Status  # where the item stands by as_of, as its page derives it (or the override)
    # The latest claim the outcome rests on, if not the promise itself: a claim id, or
    # "registry" (its sourced status) or "override" (an analyst's ruling).
    evidence: str | None
    evidence_date: dt.date | None
    meter: str  # the PolitiFact-style ruling

    @property
    def label(self) -> str:
        return OUTCOME_LABELS[self.outcome]


@lru_cache(maxsize=4096)
def _deadline(promised: date, months: int) -> date:
    # A window's promises share a few dates: a report asks for each deadline many times.
    return add_months(promised, months)


def outcome_of(status: Status, promised: date, *, as_of: date, overdue_months: int) -> Outcome:
    """The outcome a status reached from a promise makes, as of a date."""
    if status is Status.OPERATIONAL:
        return Outcome.DELIVERED
    if status is Status.UNDER_CONSTRUCTION:
        return Outcome.IN_PROGRESS
    if status is Status.STALLED or status is Status.CANCELLED:
        return Outcome.IN_TROUBLE
    if as_of >= _deadline(promised, overdue_months):
        return Outcome.OVERDUE
    return Outcome.NOTHING_YET


def meter_of(outcome: Outcome, status: Status) -> str:
    if outcome is Outcome.IN_TROUBLE and status is Status.CANCELLED:
        return METER_CANCELLED
    return METER[outcome]


def promise_index(entries: list[Entry], start: date, end: date) -> int | None:
    """The index of the strongest promise claim dated in [start, end]; earliest on ties."""
    best: int | None = None
    best_rank = -1
    for index, (_, rank, _, _, day) in enumerate(entries):
        if day is None or day < start:
            continue
        if day > end:
            break
        # Entries run in date order, so a strictly stronger rank is needed to replace.
        if rank in PROMISE_RANKS and rank != CANCEL_RANK and rank > best_rank:
            best, best_rank = index, rank
    return best


def track_item(
    item_id: str,
    claims: Iterable[ClaimFact],
    *,
    window_start: date,
    window_end: date,
    as_of: date,
    overdue_months: int = 18,
    rules: StatusRules | None = None,
    registry: ClaimFact | None = None,
    override: Override | None = None,
) -> Promise | None:
    """One item's promise in the window and its outcome, or None if it made none there.
    The registry's sourced status (`registry`, as corridor.track.derive.registry_fact makes
    it) is never a promise, but is read after one."""
    rules = rules or load_rules()
    entries = ordered(claims, rules=rules, as_of=as_of)
    index = promise_index(entries, window_start, window_end)
    if index is None:
        return None
    return walk(item_id, entries, index, as_of=as_of, overdue_months=overdue_months,
                rules=rules, registry=registry, override=override)  # fmt: skip


def walk(
    item_id: str,
    entries: list[Entry],
    promise: int,
    *,
    as_of: date,
    overdue_months: int,
    rules: StatusRules,
    registry: ClaimFact | None = None,
    override: Override | None = None,
) -> Promise:
    """The promise at `entries[promise]` (entries ordered, as `ordered` gives them, cut at
    `as_of`) and where the item stands as of `as_of`: the whole walk, the claims before the
    promise included, with the registry's sourced status read at its date (by `as_of`) and
    an override made by `as_of`, which wins whatever the walk says. So the status a promise
    is judged by is the item's own, as its page derives it (analyst QA: "Stalled, now
    pledged" for a visit whose page said operational by a delivery claim a day before the
    promise, and for a port the registry had operational before it)."""
    _, rank, promise_id, _, promised = entries[promise]
    assert promised is not None  # a promise lies in the window, so it has a date
    if registry is not None:
        read = [entry for entry in ordered([registry], rules=rules, as_of=as_of) if entry[4]]
        if read:
            entries = sorted([*entries, *read], key=ENTRY_ORDER)
    run = Run(rules)
    step = run.step
    for _, _, claim_id, status, day in entries:
        step(day, status, claim_id)
    status, basis, basis_date = run.status, run.basis, run.as_of
    if override is not None and day_of(override.when) <= as_of:
        status, basis, basis_date = Status(override.status), OVERRIDE, day_of(override.when)
    outcome = outcome_of(status, promised, as_of=as_of, overdue_months=overdue_months)
    evidence = basis if basis != promise_id else None
    return Promise(
        item_id=item_id,
        claim=promise_id,
        modality=_RANK_MODALITY[rank],
        date=promised,
        outcome=outcome,
        status=status,
        evidence=evidence,
        evidence_date=basis_date if evidence is not None else None,
        meter=meter_of(outcome, status),
    )


def track_promises(
    items_claims: Mapping[str, Iterable[ClaimFact]],
    *,
    window_start: date,
    window_end: date,
    as_of: date,
    overdue_months: int = 18,
    rules: StatusRules | None = None,
    registry: Mapping[str, ClaimFact] | None = None,
    overrides: Mapping[str, Override] | None = None,
) -> list[Promise]:
    """The promises made in [window_start, window_end] and what became of them by `as_of`,
    given each item's claims, and where there are any its registry fact and its override.

    Claims after `as_of` are not seen. Ordered by promise date, then item id; the result
    depends neither on the order of the mapping nor on the order of each item's claims.
    """
    if window_start > window_end:
        raise CorridorError("E403", f"window starts {window_start} after it ends {window_end}")
    if overdue_months < 0:
        raise CorridorError("E403", f"overdue_months must be 0 or more, not {overdue_months}")
    rules = rules or load_rules()
    promises: list[Promise] = []
    for item_id, claims in items_claims.items():
        promise = track_item(
            item_id,
            claims,
            window_start=window_start,
            window_end=window_end,
            as_of=as_of,
            overdue_months=overdue_months,
            rules=rules,
            registry=(registry or {}).get(item_id),
            override=(overrides or {}).get(item_id),
        )
        if promise is not None:
            promises.append(promise)
    promises.sort(key=lambda p: (p.date, p.item_id))
    return promises
