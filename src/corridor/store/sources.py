"""Storing a read and extracted document: its source row, claims and events.

Called inside one transaction per document, so a document is stored whole or not at all.
Re-storing a source replaces its machine claims and keeps every claim an analyst reviewed.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any, cast

from sqlalchemy import CursorResult, Table, delete, insert, literal, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from corridor.model import Document, Origin, ReviewState, claim_id
from corridor.store.db import chunks
from corridor.store.tables import (
    AuditRow,
    ClaimRow,
    EventItemRow,
    EventRow,
    ItemRow,
    ItemWalkRow,
    SourceRow,
    StatusOverrideRow,
)
from corridor.track.link import candidate_id, follow, follow_many, resolve_item


@dataclass(slots=True)
class Stored:
    source_id: str
    state: str  # "new", "duplicate" (same text, same extractor) or "updated" (re-extracted)
    claims: int = 0
    events: int = 0
    items: set[str] = field(default_factory=set)  # items whose status may have changed


def _date(value: Any) -> date | None:
    if not value:
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _within(entry: dict[str, Any], start: int, end: int) -> bool:
    return start <= int(entry.get("start", -1)) and int(entry.get("end", -1)) <= end


# What a claim is dated by (docs/status.md, "Which claims count"; analyst QA defect 2: the first
# date a sentence named won, a deadline or another clause's date included).
# Acts reported as done or under way: their own date, when the sentence states one near them.
_REALIS = frozenset({"agreement", "progress", "delivery", "problem", "mention"})
# Where a sentence's clauses part: a date beyond one belongs to another clause's act ("was
# completed in 2013, while the second phase began ...") or is a dateline ("October 15, 2024_",
# "BEIJING, April 23 (APP): ...").
_CLAUSE_BREAK = re.compile(
    r"[;_]|:\s|\s[-\u2013\u2014]+\s"
    r"|,\s*(?:while|whereas|but|which|who|although|though|and)\b"
    r"|\s(?:while|whereas)\s",
    re.IGNORECASE,
)
# A day a promise was made on: said, announced ... next to the date ("the minister said on
# Tuesday", "on Monday announced").
_SAID = re.compile(
    r"\b(?:said|says|announced|pledged|promised|vowed|assured|told|stated|declared|"
    r"committed|reaffirmed|urged|recommended|proposed|suggested|expressed|hoped)\b",
    re.IGNORECASE,
)
_SAID_REACH = 30  # characters either side of the date: "said on" / "on Tuesday announced"


def _placed_dates(
    sentence: str, dates: list[dict[str, Any]]
) -> list[tuple[date, int, int, str | None]]:
    """Each stated date, where its text stands in the sentence (dates come in the order they
    are written; a text not found is at -1) and its granularity."""
    placed: list[tuple[date, int, int, str | None]] = []
    at, folded = 0, sentence.lower()
    for stated in dates:
        found = _date(stated.get("date"))
        if found is None:
            continue
        text = str(stated.get("text") or "").lower()
        start = folded.find(text, at) if text else -1
        if start < 0:
            start = folded.find(text) if text else -1
        end = start + len(text) if start >= 0 else -1
        if start >= 0:
            at = end
        placed.append((found, start, end, stated.get("granularity")))
    return placed


def _clause(sentence: str, at: int) -> tuple[int, int]:
    start, end = 0, len(sentence)
    for m in _CLAUSE_BREAK.finditer(sentence):
        if m.end() <= at:
            start = m.end()
        elif m.start() >= at:
            end = m.start()
            break
    return start, end


def _dateline(sentence: str, placed: list[tuple[date, int, int, str | None]]) -> date | None:
    """The date of a dateline opening the sentence ("BEIJING, April 23 (APP): ..."), which
    dates what its article reports when the source's own day is unknown."""
    first = _CLAUSE_BREAK.search(sentence)
    if first is None or first.group().strip()[:1] not in {"_", ":", "-", "\u2013", "\u2014"}:
        return None
    return next((p[0] for p in placed if p[1] >= 0 and p[2] <= first.start()), None)


def _claim_date(
    evidence: dict[str, Any], published: date | None, mention_start: int | None = None
) -> date | None:
    """The day a claim was said or the day the act it reports happened.

    A stated date after `published` is a target or forecast, never the claim's date (it stays
    in the claim's `dates`). A realis claim (agreement, progress, delivery, problem, mention)
    takes the stated date in the clause of its cue (else of its mention) nearest it, else
    `published`. A pledge, expectation or recommendation takes `published`, unless a stated
    day next to "said", "announced", ... is when it was made. `mention_start` is the
    mention's offset in the document."""
    sentence = str(evidence.get("sentence") or "")
    placed = [
        p
        for p in _placed_dates(sentence, list(evidence.get("dates") or []))
        if published is None or p[0] <= published
    ]
    if not placed:
        return published
    if evidence.get("modality") not in _REALIS:
        for day, start, end, granularity in placed:
            near = sentence[max(0, start - _SAID_REACH) : end + _SAID_REACH]
            if start >= 0 and granularity == "day" and _SAID.search(near):
                return day
        return published
    anchor = -1
    cue = str(evidence.get("cue") or "").lower()
    if cue:
        anchor = sentence.lower().find(cue)
    if anchor < 0 and mention_start is not None:
        anchor = mention_start - int(evidence.get("start") or 0)
    if not 0 <= anchor < len(sentence):
        return placed[0][0]  # nothing to tell the clauses by: the first date, as before
    low, high = _clause(sentence, anchor)
    inside = [p for p in placed if p[1] >= 0 and low <= p[1] and p[2] <= high]
    if not inside:
        return published if published is not None else _dateline(sentence, placed)
    return min(inside, key=lambda p: min(abs(p[1] - anchor), abs(p[2] - anchor)))[0]


def _table(row: type[Any]) -> Table:
    """A mapped class's table, for Core inserts of plain rows."""
    return cast(Table, row.__table__)


# What sources.url holds. PostgreSQL refuses a longer value and NUL in any text, where SQLite
# stores both: a url past these is left out, on both alike. (Readers refuse such a url, or
# leave it out with a note, before it gets here; this is for any that did not.)
URL_LENGTH: int = _table(SourceRow).c.url.type.length  # type: ignore[attr-defined]
_URL_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def storable_url(url: str | None) -> str | None:
    """`url` if a source can hold it as it is, else None: a url cut short or with a control
    character taken out would name another page."""
    if url is None or len(url) > URL_LENGTH or _URL_CONTROL.search(url):
        return None
    return url


def _source_values(document: Document, source_id: str, version: str) -> dict[str, Any]:
    return {
        "id": source_id,
        "title": (document.title or "")[:500] or None,
        "publisher": (document.publisher or "")[:200] or None,
        "author": (document.author or "")[:200] or None,
        "published": document.published,
        "url": storable_url(document.url),
        "file_name": (document.file_name or "")[:500] or None,
        "kind": str(document.kind) if document.kind else None,
        "text": document.text,
        "extractor_version": version,
    }


def _realign_reviewed(session: Session, source_id: str, old: str, new: str) -> None:
    """Move the reviewed claims of a source whose text changed with the extractor to where
    their sentences now stand. The text a source is identified by is the same (a kept
    headline before it, 0.2.9), but their offsets index the text they were read from, and
    the page highlights by offsets."""
    shift = new.find(old)
    for claim in session.scalars(select(ClaimRow).where(ClaimRow.source_id == source_id)):
        delta = shift
        if delta < 0 or new[claim.start + delta : claim.end + delta] != claim.sentence:
            found = new.find(claim.sentence)
            if found < 0:
                continue  # not in the new text as it was: left where it was
            delta = found - claim.start
        if delta == 0:
            continue
        claim.start, claim.end = claim.start + delta, claim.end + delta
        for column in ("amounts", "capacities", "dates"):
            entries = getattr(claim, column) or []
            moved = [
                {**e, "start": e["start"] + delta, "end": e["end"] + delta}
                if isinstance(e.get("start"), int) and isinstance(e.get("end"), int)
                else e
                for e in entries
            ]
            setattr(claim, column, moved)


def _insert_source(session: Session, values: dict[str, Any]) -> bool:
    """Insert a source row unless its id is there: True if this call inserted it. A row
    another transaction is inserting is waited for (its commit makes this one a no-op), so
    two stores of one text never both go on to store its claims."""
    table = _table(SourceRow)
    statement: postgresql.Insert | sqlite.Insert
    if session.get_bind().dialect.name == "postgresql":
        statement = (
            postgresql.insert(table).values(values).on_conflict_do_nothing(index_elements=["id"])
        )
    else:
        statement = (
            sqlite.insert(table).values(values).on_conflict_do_nothing(index_elements=["id"])
        )
    # RETURNING says it on both dialects (psycopg's rowcount for this statement is -1).
    return session.execute(statement.returning(table.c.id)).first() is not None


def _prune_candidates(session: Session, item_ids: set[str]) -> set[str]:
    """Delete the candidates a re-reading left with no claim, that nothing else holds on to
    (an override, an item merged into it, an analyst's audit entry): a new extractor that no
    longer finds "Karachi airport" or "agreements" leaves no empty item in the lists (QA).
    Returns the ids deleted."""
    claimed = select(ClaimRow.id).where(ClaimRow.item_id == ItemRow.id)
    merged = select(literal(1)).where(ItemRow.__table__.alias("merged").c.merged_into == ItemRow.id)
    overridden = select(StatusOverrideRow.item_id).where(StatusOverrideRow.item_id == ItemRow.id)
    audited = select(AuditRow.id).where(AuditRow.target == ItemRow.id)
    gone: set[str] = set()
    for chunk in chunks(sorted(item_ids)):
        empty = session.scalars(
            select(ItemRow.id).where(
                ItemRow.id.in_(chunk),
                ItemRow.origin == Origin.CANDIDATE.value,
                ~claimed.exists(),
                ~merged.exists(),
                ~overridden.exists(),
                ~audited.exists(),
            )
        ).all()
        for item_id in empty:
            row = session.get(ItemRow, item_id)
            if row is not None:
                session.delete(row)  # (the ORM drops its candidate_words with it)
                gone.add(item_id)
    session.flush()
    return gone


def store_extraction(
    *,
    session: Session,
    document: Document,
    extraction: dict[str, Any],
    version: str,
    stage: str = "corridor.modality.v1",
) -> Stored:
    """Store one document and what was extracted from it (the extract-format dict)."""
    source_id = document.content_hash
    # Stored by this extractor already: a duplicate, unless it was stored undated and this
    # reading gives its day (`ingest --published` on a text first read without one).
    dating = document.published is not None and not document.published_from_file
    stored_already = select(SourceRow.published).where(
        SourceRow.id == source_id, SourceRow.extractor_version == version
    )
    row = session.execute(stored_already).first()
    if row is not None and not (dating and row.published is None):
        return Stored(source_id, "duplicate")
    # The read above may be stale (a store of the same text running beside this one): the
    # writes below decide, each done only if the row is still as this store expects it.
    dropped: set[str] = set()
    values = _source_values(document, source_id, version)
    published = document.published
    if _insert_source(session, values):
        state = "new"
    else:
        # Stored by an earlier extractor: what this reading knows replaces what is stored,
        # what it does not know (a day given with --published the first time) stays.
        given = {k: v for k, v in values.items() if v is not None and k != "id"}
        stored_text = session.scalar(select(SourceRow.text).where(SourceRow.id == source_id))
        stale = SourceRow.extractor_version.is_distinct_from(version)
        upgraded = session.execute(
            update(SourceRow)
            .where(
                SourceRow.id == source_id,
                or_(stale, SourceRow.published.is_(None)) if dating else stale,
            )
            .values(**given)
        )
        if cast(CursorResult[Any], upgraded).rowcount != 1:
            return Stored(source_id, "duplicate")  # stored meanwhile by this version
        state = "updated"
        if published is None:  # the claims are dated by the day stored before
            published = session.scalar(select(SourceRow.published).where(SourceRow.id == source_id))
        replaced = (
            ClaimRow.source_id == source_id,
            ClaimRow.review_state == ReviewState.UNREVIEWED.value,
        )
        # The items that lose a claim are re-derived too, even when the new extraction no
        # longer names them: else their status would rest on a claim that is gone.
        dropped = {
            i for i in session.scalars(select(ClaimRow.item_id).where(*replaced).distinct()) if i
        }
        session.execute(delete(ClaimRow).where(*replaced))
        session.execute(delete(EventRow).where(EventRow.source_id == source_id))
        if stored_text is not None and stored_text != document.text:
            _realign_reviewed(session, source_id, stored_text, document.text)
    session.flush()
    # What analysts decided about this source's claims, by id and by (span, machine item):
    # a claim reviewed, moved by a split or carried by a merge is never made again.
    reviewed: set[str] = set()
    reviewed_spans: set[tuple[int, int, str | None]] = set()
    for kept in session.execute(
        select(ClaimRow.id, ClaimRow.start, ClaimRow.end, ClaimRow.machine_item_id).where(
            ClaimRow.source_id == source_id
        )
    ):
        reviewed.add(kept.id)
        machine = kept.machine_item_id
        followed = follow(session=session, item_id=machine) if machine else None
        reviewed_spans.add((kept.start, kept.end, followed))
    amounts = extraction.get("amounts") or []
    capacities = extraction.get("capacities") or []
    stored = Stored(source_id, state, items=dropped)
    claims: list[dict[str, Any]] = []
    # Nothing is pending while items are resolved, so lookups need no flush; the claims and
    # events then go in as two bulk inserts rather than row by row.
    # Words too generic to follow across documents ("agreements") are not items of the store.
    found = [i for i in extraction.get("items") or [] if i.get("tracked", True)]
    asked = {i["item_id"] for i in found if i.get("item_id")} | {
        candidate_id(i["name"]) for i in found
    }
    asked |= {i for e in extraction.get("events") or [] for i in e.get("item_ids") or [] if i}
    known = follow_many(session=session, ids=asked)
    with session.no_autoflush:
        for item in found:
            item_id, link_confidence = resolve_item(
                session=session,
                item_id=item.get("item_id"),
                name=item["name"],
                kind=item.get("kind"),
                pillar=item.get("pillar"),
                known=known,
            )
            mentions = item.get("mentions") or []
            for evidence in item.get("evidence") or []:
                start, end = int(evidence["start"]), int(evidence["end"])
                cid = claim_id(source_id, start, end, item_id)
                if cid in reviewed or (start, end, item_id) in reviewed_spans:
                    continue  # an analyst's decision outlives re-extraction
                reviewed.add(cid)
                near = [a for a in amounts if _within(a, start, end)]
                mention = next((m for m in mentions if _within(m, start, end)), None)
                claims.append(
                    {
                        "id": cid,
                        "source_id": source_id,
                        "item_id": item_id,
                        "machine_item_id": item_id,
                        "start": start,
                        "end": end,
                        "sentence": evidence["sentence"],
                        "modality": evidence["modality"],
                        "negated": bool(evidence.get("negated")),
                        "cue": evidence.get("cue") or None,
                        "mention": mention["text"] if mention else None,
                        "claim_date": _claim_date(
                            evidence, published, int(mention["start"]) if mention else None
                        ),
                        "amounts": [
                            a for a in near if a.get("item_id") in (None, item.get("item_id"))
                        ],
                        "capacities": [c for c in capacities if _within(c, start, end)],
                        "dates": list(evidence.get("dates") or []),
                        "actors": list(evidence.get("actors") or []),
                        "confidence": min(float(item.get("confidence", 1.0)), link_confidence),
                        "stage": stage,
                        "version": version,
                        "review_state": ReviewState.UNREVIEWED.value,
                    }
                )
                stored.items.add(item_id)
        events: dict[str, dict[str, Any]] = {}
        links: set[tuple[str, str]] = set()
        for event in extraction.get("events") or []:
            raw = f"{source_id}:{event.get('start')}:{event.get('end')}:{event['type']}"
            event_id = hashlib.sha256(raw.encode()).hexdigest()[:32]
            events[event_id] = {
                "id": event_id,
                "source_id": source_id,
                "type": event["type"],
                "date": _date(event.get("date")),
                "end_date": _date(event.get("end_date")),
                "actors": list(event.get("actors") or []),
                "place": event.get("place"),
                "evidence": event.get("evidence"),
                "start": event.get("start"),
                "end": event.get("end"),
            }
            for linked in event.get("item_ids") or []:
                target = known.get(linked) if linked in known else None
                if target is not None:
                    links.add((event_id, target))
    session.flush()  # new candidate items, before the claims that point at them
    # Core inserts on the tables: the rows are plain dicts already, and the ORM's bulk path
    # costs about a sixth of the time spent storing a document converting them back.
    if claims:
        # Inserted last sentence first: the lists that show claims stored last first
        # (claims.stored_key) then show each document's claims in reading order, on both
        # backends (PostgreSQL stamps each row as it is written: migration 0013).
        claims.sort(key=lambda c: (-c["start"], c["item_id"]))
        session.execute(insert(_table(ClaimRow)), claims)
    if events:
        session.execute(insert(_table(EventRow)), list(events.values()))
    if links:
        session.execute(
            insert(_table(EventItemRow)),
            [{"event_id": e, "item_id": i} for e, i in sorted(links)],
        )
    stored.claims, stored.events = len(claims), len(events)
    emptied = dropped - {c["item_id"] for c in claims}
    if emptied:
        stored.items -= _prune_candidates(session, emptied)
    # The touched items' stored walks no longer hold all their claims: gone until the next
    # refresh_statuses stores them again, so that the promise tracker reads the claims
    # meanwhile instead of a stale walk, whoever stores without refreshing.
    for chunk in chunks(sorted(stored.items)):
        session.execute(delete(ItemWalkRow).where(ItemWalkRow.item_id.in_(chunk)))
    return stored
