"""The promise tracker over the store: the window of an event or a period, the promises
made in it, and what became of each (the rules are in corridor.track.promises)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date, timedelta
from typing import Any, cast

from sqlalchemy import ColumnElement, String, and_, func, select, type_coerce
from sqlalchemy.orm import Session

from corridor.errors import CorridorError
from corridor.model import Kind, Modality, ReviewState
from corridor.settings import get_settings
from corridor.store.db import chunks
from corridor.store.tables import (
    ClaimRow,
    EventItemRow,
    EventRow,
    ItemRow,
    ItemWalkRow,
    SourceRow,
)
from corridor.track.derive import REGISTRY_BASIS, item_overrides, parse_as_of, registry_fact
from corridor.track.promises import PROMISE_MODALITIES, Promise, promise_index, walk
from corridor.track.status import OVERRIDE, ClaimFact, Override, StatusRules, load_rules, ordered
from corridor.track.walks import promise_in, rules_key

# Promises about an event are made around it: op-eds set the agenda in the weeks before a
# visit, statements and MoUs follow in the weeks after.
EVENT_LEAD = timedelta(days=30)
EVENT_LAG = timedelta(days=30)


def _month_end(day: date) -> date:
    following = day.replace(day=28) + timedelta(days=4)
    return following - timedelta(days=following.day)


def _period(text: str | None) -> tuple[date, date] | None:
    """The days a registry date means: '2025-02-06' one day, '2025-02' its month, '2025' its
    year; None for none (or one that is not a date)."""
    start = parse_as_of(text)
    if start is None or text is None:
        return None
    if text.count("-") == 0:
        return start, date(start.year, 12, 31)
    if text.count("-") == 1:
        return start, _month_end(start)
    return start, start


# Dated events linked to an event item whose registry row has no date: the item's days are
# the densest EVENT_CLUSTER stretch of them (the most reports of one happening), not all of
# them, so that a follow-up meeting months later does not stretch the window.
EVENT_CLUSTER = timedelta(days=14)


def cluster_days(spans: list[tuple[date, date]]) -> tuple[date, date] | None:
    """(first, last) day of the densest cluster of (start, end) spans: the EVENT_CLUSTER
    stretch from one span's start that holds the most spans' starts, the earliest of those
    on a tie; it runs from that start to the latest end of the spans in it."""
    spans = sorted(spans)
    best: list[tuple[date, date]] = []
    for n, (first, _) in enumerate(spans):
        near = [s for s in spans[n:] if s[0] - first <= EVENT_CLUSTER]
        if len(near) > len(best):
            best = near
    if not best:
        return None
    return best[0][0], max(max(end, start) for start, end in best)


def event_window(*, session: Session, event_id: str) -> tuple[date, date, str]:
    """(start, end, label) of an event: an events row, or a registry item of kind event.

    An item's days are its registry date (a day, or the whole month or year it names);
    without one, the densest cluster of the dated events linked to it (`cluster_days`);
    without those, the day its status rests on. Linked events never widen a registry date:
    a follow-up meeting ten months after a visit is linked to the visit too."""
    row = session.get(EventRow, event_id)
    if row is not None and row.date is not None:
        return row.date, row.end_date or row.date, f"{row.type} {row.date}"
    item = session.get(ItemRow, event_id)
    if item is None:
        raise CorridorError("E202", repr(event_id))
    if item.kind != Kind.EVENT.value:
        raise CorridorError(
            "E403",
            f"{event_id!r} is an item of kind {item.kind}, not an event (events are listed by "
            "`corridor items list --kind event` and /api/items?kind=event)",
        )
    days = _period(item.registry_as_of)
    if days is None:
        spans = session.execute(
            select(EventRow.date, func.coalesce(EventRow.end_date, EventRow.date))
            .join(EventItemRow, EventItemRow.event_id == EventRow.id)
            .where(EventItemRow.item_id == event_id, EventRow.date.is_not(None))
        ).all()
        days = cluster_days([(start, end) for start, end in spans if start is not None])
    if days is None:
        days = _period(item.status_as_of)
    if days is None:
        raise CorridorError("E403", f"event {event_id} has no date to build a window on")
    return days[0], days[1], item.name


def report_window(
    *,
    session: Session,
    event_id: str | None = None,
    since: date | None = None,
    until: date | None = None,
    as_of: date | None = None,
) -> tuple[date, date, str, date]:
    """(window start, window end, label, as_of) of an event or a period."""
    as_of = as_of or date.today()
    if event_id:
        start, end, label = event_window(session=session, event_id=event_id)
        return start - EVENT_LEAD, end + EVENT_LAG, label, as_of
    if since:
        if until is None and since > as_of:
            # QA: this said "window starts ... after it ends <as_of>", as if as_of were an end.
            raise CorridorError(
                "E403",
                f"as_of {as_of} is before since {since}: a period without until runs from "
                "since to as_of, so nothing promised in it can be seen by then; give an as_of "
                "on or after since",
            )
        # QA: a window with an end was labelled "since <start>", as if it ran to today.
        label = f"{since} to {until}" if until is not None else f"since {since}"
        return since, until or as_of, label, as_of
    raise CorridorError("E403", "give --event ID or --since DATE")


FACT_COLUMNS = (
    ClaimRow.item_id,
    ClaimRow.id,
    ClaimRow.modality,
    # Read as stored, parsed below: SQLite's text dates parse faster by date.fromisoformat.
    type_coerce(ClaimRow.claim_date, String),
    ClaimRow.review_state,
    ClaimRow.confidence,
    ClaimRow.cue,
    ClaimRow.negated,
)


def _facts(session: Session, *where: ColumnElement[bool]) -> Iterator[tuple[str, ClaimFact]]:
    """(item id, fact) for the claims that meet every condition."""
    as_date = date.fromisoformat
    rows = session.connection().execute(select(*FACT_COLUMNS).where(*where)).all()
    for item_id, claim_id, modality, day, state, confidence, cue, negated in rows:
        # Plain strings, not enum instances, as in corridor.track.derive.
        yield (
            item_id,
            ClaimFact(
                claim_id,
                cast(Modality, modality),
                day if day is None or isinstance(day, date) else as_date(day),
                cast(ReviewState, state),
                confidence,
                cue,
                negated,
            ),
        )


def track_window(
    *,
    session: Session,
    window_start: date,
    window_end: date,
    as_of: date,
    overdue_months: int | None = None,
    rules: StatusRules | None = None,
) -> list[Promise]:
    """The promises made in the window and what became of them: the same result as
    `track_promises` over every claim of every item, reading only what can matter.

    The items with a promise claim in the window (by `as_of`) are found by the claims'
    index; each one's walk is read as re-derivation stored it (corridor.track.walks), one
    row an item, or from its claims where none is stored under these rules (a database
    migrated without its walks, a rule table changed since they were stored, or rules given
    here). The walk is cut at `as_of`, the promise found in it, and the whole walk read
    for where the item stands.
    tests/track/test_meter_fast.py checks this against `track_promises` on random databases,
    with walks stored and without.
    """
    if window_start > window_end:
        raise CorridorError("E403", f"window starts {window_start} after it ends {window_end}")
    months = get_settings().overdue_months if overdue_months is None else overdue_months
    if months < 0:
        raise CorridorError("E403", f"overdue_months must be 0 or more, not {months}")
    rules = rules or load_rules()
    never = sorted(rules.never)
    last = min(window_end, as_of)
    if window_start > last:
        return []
    # 1. The items with a promise claim in the window (seen by as_of), and their walks
    # where stored and stored by these rules (None where not).
    promised = (
        select(ClaimRow.item_id)
        .where(
            ClaimRow.modality.in_(sorted(str(m) for m in PROMISE_MODALITIES)),
            ClaimRow.claim_date >= window_start,
            ClaimRow.claim_date <= last,
            ClaimRow.review_state.not_in(never),
        )
        .distinct()
        .subquery()
    )
    query = select(promised.c.item_id, ItemWalkRow.entries).outerjoin(
        ItemWalkRow,
        and_(ItemWalkRow.item_id == promised.c.item_id, ItemWalkRow.rules == rules_key(rules)),
    )
    rows = cast("Iterable[tuple[str, str | None]]", session.connection().execute(query).all())
    walks = {item_id: text for item_id, text in rows}  # not dict(rows): a Row has keys()
    read: dict[str, list[ClaimFact]] = {}
    for chunk in chunks(sorted(item_id for item_id, text in walks.items() if text is None)):
        for item_id, fact in _facts(
            session,
            ClaimRow.item_id.in_(chunk),
            ClaimRow.claim_date.is_not(None),
            ClaimRow.review_state.not_in(never),
        ):
            read.setdefault(item_id, []).append(fact)
    # 2. What else an item's status rests on: the registry's sourced status, an override.
    registry, overrides = later_word(session, list(walks))
    promises: list[Promise] = []
    first, end, cut = window_start.isoformat(), window_end.isoformat(), as_of.isoformat()
    for item_id, text in walks.items():
        if text is not None:
            found = promise_in(text, first=first, end=end, last=cut)
        else:
            entries = ordered(read.get(item_id, ()), rules=rules, as_of=as_of)
            index = promise_index(entries, window_start, window_end)
            found = (entries, index) if index is not None else None
        if found is not None:
            promise = walk(item_id, *found, as_of=as_of, overdue_months=months, rules=rules,
                           registry=registry.get(item_id), override=overrides.get(item_id))  # fmt: skip
            promises.append(promise)
    promises.sort(key=lambda p: (p.date, p.item_id))
    return promises


def later_word(
    session: Session, item_ids: list[str]
) -> tuple[dict[str, ClaimFact], dict[str, Override]]:
    """The registry facts (corridor.track.derive.registry_fact) and the overrides of those
    items that have one."""
    registry: dict[str, ClaimFact] = {}
    for chunk in chunks(sorted(item_ids)):
        rows = session.execute(
            select(ItemRow.id, ItemRow.registry_status, ItemRow.registry_as_of).where(
                ItemRow.id.in_(chunk), ItemRow.registry_status.is_not(None)
            )
        )
        for item_id, status, as_of in rows:
            fact = registry_fact(status, as_of)
            if fact is not None:
                registry[item_id] = fact
    return registry, item_overrides(session, item_ids)


def status_words(status: str | None) -> str:
    """A status as the pages write it: `under_construction` -> `under construction`."""
    return str(status or "").replace("_", " ")


def describe(session: Session, promises: list[Promise]) -> list[dict[str, Any]]:
    """The report's rows for some promises: item names, sentences and their sources."""
    claim_ids = sorted({p.claim for p in promises} | {p.evidence for p in promises if p.evidence})
    sentences: dict[str, tuple[str | None, str | None, str | None, str | None]] = {}
    for chunk in chunks(claim_ids):
        sentences.update(
            (row.id, (row.sentence, row.title, row.url, row.source_id))
            for row in session.execute(
                select(
                    ClaimRow.id,
                    ClaimRow.sentence,
                    ClaimRow.source_id,
                    SourceRow.title,
                    SourceRow.url,
                )
                .join(SourceRow, SourceRow.id == ClaimRow.source_id)
                .where(ClaimRow.id.in_(chunk))
            )
        )
    item_ids = sorted({p.item_id for p in promises})
    names: dict[str, str] = {}
    registry: dict[str, tuple[str | None, str | None, list[str]]] = {}
    for chunk in chunks(item_ids):
        for row in session.execute(
            select(
                ItemRow.id, ItemRow.name, ItemRow.registry_status, ItemRow.registry_as_of,
                ItemRow.sources,
            ).where(ItemRow.id.in_(chunk))
        ):  # fmt: skip
            names[row.id] = row.name
            registry[row.id] = (row.registry_status, row.registry_as_of, row.sources or [])
    ruled = [p.item_id for p in promises if p.evidence == OVERRIDE]
    overrides = item_overrides(session, ruled) if ruled else {}
    nothing = (None, None, None, None)
    rows = []
    for p in promises:
        promise_text = sentences.get(p.claim, nothing)
        evidence_text = sentences.get(p.evidence or "", nothing)
        # Evidence that is no sentence: the registry's sourced status, an analyst's ruling.
        # Statuses in words and the registry's date at its own precision, as the pages
        # write them elsewhere (analyst QA: "under_construction as of 2024-03", with the
        # evidence dated 2024-03-01, a day the registry never stated).
        evidence_date = p.evidence_date.isoformat() if p.evidence_date else None
        if p.evidence == REGISTRY_BASIS:
            status, since, sources = registry.get(p.item_id, (None, None, []))
            words = status_words(status)
            evidence_text = (
                f"The registry: {words} as of {since}" if since else f"The registry: {words}",
                None, sources[0] if sources else None, None,
            )  # fmt: skip
            if since and parse_as_of(since) == p.evidence_date:
                evidence_date = since
        elif p.evidence == OVERRIDE and p.item_id in overrides:
            override = overrides[p.item_id]
            evidence_text = (
                f"Status set to {status_words(override.status)} by {override.who}: "
                f"{override.reason}",
                None, None, None,
            )  # fmt: skip
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
                "evidence_date": evidence_date,
                "evidence_source": evidence_text[1] or evidence_text[2],
                # Ids to link each sentence to its place in its source (the web pages).
                "promise_claim": p.claim,
                "promise_source_id": promise_text[3],
                "evidence_claim": p.evidence,
                "evidence_source_id": evidence_text[3],
            }
        )
    return rows


def promises_report(
    *,
    session: Session,
    event_id: str | None = None,
    since: date | None = None,
    until: date | None = None,
    as_of: date | None = None,
) -> dict[str, Any]:
    """Each item recommended, expected, pledged or agreed in the window, and its fate."""
    window_start, window_end, label, as_of = report_window(
        session=session, event_id=event_id, since=since, until=until, as_of=as_of
    )
    results = track_window(
        session=session, window_start=window_start, window_end=window_end, as_of=as_of
    )
    return {
        "window": {
            "label": label,
            "start": window_start.isoformat(),
            "end": window_end.isoformat(),
        },
        "as_of": as_of.isoformat(),
        "promises": describe(session, results),
    }
