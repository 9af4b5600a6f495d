"""Every read the web pages and the API need, as JSON-ready dicts.

One function per page or API list. Lists page by an opaque keyset cursor (`next`), capped
at MAX_SIZE rows a page, so no request reads more than it returns. The SQL lives here and
nowhere else in the web layer.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import re
import unicodedata
from collections.abc import Iterable
from itertools import pairwise
from typing import Any

from sqlalchemy import Date, Text, and_, bindparam, case, cast, func, literal, or_, select, text
from sqlalchemy.orm import Session
from sqlalchemy.sql import ColumnElement

from corridor.errors import CorridorError
from corridor.model import MODALITY_RANK, Modality, Pillar, ReviewState, Status, choices
from corridor.store.claims import newest_stored, stored_key
from corridor.store.tables import ClaimRow, EventItemRow, EventRow, ItemRow, SourceRow

DEFAULT_SIZE = 50
MAX_SIZE = 1000
CONTEXT_CHARS = 240  # characters of source text shown either side of a claim's sentence
ITEM_CLAIMS_CAP = 500  # claims shown on one item page (the API pages through the rest)
ITEM_SOURCES_CAP = 200  # sources listed on one item page, newest first
MAP_CAP = 2000  # markers in one map answer: more is unreadable and slow to send
# A date earlier than any source, standing in for "no date" in keyset ordering.
NO_DATE = dt.date(1, 1, 1)
# Sentinels around a search hit inside a snippet; the web layer escapes, then marks.
HIT_START, HIT_END = "\x01", "\x02"


class NotFoundError(CorridorError):
    """An id that names nothing: the API answers 404."""


# ---------------------------------------------------------------- cursors and shapes


# Before migration 0009 an item's aliases were indexed as their JSON list, and a snippet
# cut from them read '["UEP \x01Wind\x02 Power", "\u4e2d..."]' until it was made a plain
# list again. The index now holds them as text ("UEP Wind Power; 中..."), which this leaves
# as it is.
_JSON_ESCAPE = re.compile(r'\\u([0-9a-fA-F]{4})|\\(["\\/])')


def _alias_list(snippet: str) -> str:
    if '", "' not in snippet and not snippet.startswith('["') and not snippet.endswith('"]'):
        return snippet
    plain = snippet.replace('", "', "; ").removeprefix('["').removesuffix('"]')
    return _JSON_ESCAPE.sub(lambda m: chr(int(m[1], 16)) if m[1] else m[2], plain)


def encode_cursor(values: list[Any]) -> str:
    raw = json.dumps(values, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str | None, arity: int) -> list[Any] | None:
    """The keyset values a `next` cursor carries; E403 if it was not made by us."""
    if not cursor:
        return None
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (ValueError, TypeError):
        raise CorridorError("E403", "bad cursor; use the `next` value of a previous page") from None
    if (
        not isinstance(values, list)
        or len(values) != arity
        or not all(isinstance(v, str | int | float) for v in values)
        # ours never hold a control character; PostgreSQL fails on a NUL in a query
        or any(isinstance(v, str) and any(ord(ch) < 32 for ch in v) for v in values)
    ):
        raise CorridorError("E403", "bad cursor; use the `next` value of a previous page")
    return values


def _size(size: int | None) -> int:
    return max(1, min(size or DEFAULT_SIZE, MAX_SIZE))


def _iso(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _parse_date(value: Any) -> dt.date:
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise CorridorError("E403", "bad cursor; use the `next` value of a previous page") from None


def overdue_today() -> ColumnElement[bool]:
    """Whether an item's promise is overdue today: its stored clock's day has come. Asked at
    every read (the day is bound when the statement runs), so an item goes overdue as the
    calendar passes its day, with no re-derivation (migration 0010)."""
    today = bindparam("overdue_today", callable_=dt.date.today, type_=Date)
    return and_(ItemRow.overdue_from.is_not(None), ItemRow.overdue_from <= today)


def is_overdue(row: ItemRow) -> bool:
    """overdue_today() for a row already read."""
    return row.overdue_from is not None and row.overdue_from <= dt.date.today()


ITEM_SUMMARY = (
    ItemRow.id,
    ItemRow.name,
    ItemRow.kind,
    ItemRow.pillar,
    ItemRow.status,
    ItemRow.status_as_of,
    ItemRow.province,
    ItemRow.city,
    ItemRow.lat,
    ItemRow.lon,
    ItemRow.capacity,
    ItemRow.capacity_unit,
    ItemRow.cost_usd,
    ItemRow.origin,
    case((overdue_today(), 1), else_=0).label("overdue"),
)
ITEM_SUMMARY_KEYS = [c.key for c in ITEM_SUMMARY]
# What a list of sources shows of each (_source_summary).
SOURCE_SUMMARY = (
    SourceRow.id,
    SourceRow.title,
    SourceRow.publisher,
    SourceRow.author,
    SourceRow.published,
    SourceRow.url,
    SourceRow.file_name,
    SourceRow.kind,
)


def _item_summary(row: Any) -> dict[str, Any]:
    out = dict(zip(ITEM_SUMMARY_KEYS, row, strict=True))
    out["overdue"] = bool(out["overdue"])
    return out


def _item_full(row: ItemRow) -> dict[str, Any]:
    out = {key: getattr(row, key) for key in ITEM_SUMMARY_KEYS if key != "overdue"}
    out["overdue"] = is_overdue(row)
    out.update(
        aliases=list(row.aliases or []),
        cost_amount=row.cost_amount,
        cost_currency=row.cost_currency,
        parties=list(row.parties or []),
        status_basis=row.status_basis,
        sources=list(row.sources or []),
        notes=row.notes,
        merged_into=row.merged_into,
        status_since=row.status_since,
    )
    out["overdue"] = bool(out["overdue"])
    return out


def _source_summary(row: SourceRow | Any) -> dict[str, Any]:
    return {
        "id": row.id,
        "title": row.title,
        "publisher": row.publisher,
        "author": row.author,
        "published": _iso(row.published),
        "url": row.url,
        "file_name": row.file_name,
        "kind": row.kind,
    }


def _claim(row: ClaimRow) -> dict[str, Any]:
    return {
        "id": row.id,
        "source_id": row.source_id,
        "item_id": row.item_id,
        "start": row.start,
        "end": row.end,
        "sentence": row.sentence,
        "modality": row.modality,
        "negated": bool(row.negated),
        "cue": row.cue,
        "mention": row.mention,
        "claim_date": _iso(row.claim_date),
        "amounts": list(row.amounts or []),
        "capacities": list(row.capacities or []),
        "dates": list(row.dates or []),
        "actors": list(row.actors or []),
        "confidence": row.confidence,
        "stage": row.stage,
        "version": row.version,
        "review_state": row.review_state,
    }


def _event(row: EventRow, item_ids: list[str]) -> dict[str, Any]:
    return {
        "id": row.id,
        "source_id": row.source_id,
        "type": row.type,
        "date": _iso(row.date),
        "end_date": _iso(row.end_date),
        "actors": list(row.actors or []),
        "place": row.place,
        "evidence": row.evidence,
        "item_ids": item_ids,
    }


def _filters(pairs: list[tuple[Any, Any]]) -> list[ColumnElement[bool]]:
    return [column == value for column, value in pairs if value is not None]


# ---------------------------------------------------------------- overview


def overview(*, session: Session, latest: int = 10) -> dict[str, Any]:
    """Items and money by pillar and status, and the claims stored last."""
    rows = session.execute(
        select(
            ItemRow.pillar,
            ItemRow.status,
            func.count(),
            func.sum(ItemRow.cost_usd),
            func.sum(case((overdue_today(), 1), else_=0)),
        )
        .where(ItemRow.merged_into.is_(None))
        .group_by(ItemRow.pillar, ItemRow.status)
    ).all()
    pillars: dict[str, dict[str, Any]] = {
        p: {
            "pillar": p,
            "total": 0,
            "by_status": dict.fromkeys(choices(Status), 0),
            "cost_usd": 0.0,
            "delivered_usd": 0.0,
            "overdue": 0,
        }
        for p in choices(Pillar)
    }
    for row in rows:
        pillar, status = str(row[0]), str(row[1])
        count, cost, overdue = int(row[2]), float(row[3] or 0), int(row[4] or 0)
        entry = pillars.setdefault(
            pillar,
            {
                "pillar": pillar,
                "total": 0,
                "by_status": {},
                "cost_usd": 0.0,
                "delivered_usd": 0.0,
                "overdue": 0,
            },
        )
        entry["total"] += count
        entry["overdue"] += overdue
        entry["by_status"][status] = entry["by_status"].get(status, 0) + count
        entry["cost_usd"] += cost
        if status == Status.OPERATIONAL.value:
            entry["delivered_usd"] += cost
    # The claims stored last (QA: by claim date, a claim about 2050 or a target date of
    # 2027 stayed on top, never what was just read); rejected ones said nothing.
    latest_claims = _claims_by_id(
        session,
        [
            claim_id
            for claim_id, _ in _stored_first(
                session, [ClaimRow.review_state != ReviewState.REJECTED.value], None, latest
            )
        ],
    )
    by_status = dict.fromkeys(choices(Status), 0)
    for entry in pillars.values():
        for status, count in entry["by_status"].items():
            by_status[status] = by_status.get(status, 0) + count
    return {
        "pillars": list(pillars.values()),
        "totals": {
            "items": sum(p["total"] for p in pillars.values()),
            "by_status": by_status,
            "cost_usd": sum(p["cost_usd"] for p in pillars.values()),
            "delivered_usd": sum(p["delivered_usd"] for p in pillars.values()),
            "overdue": sum(p["overdue"] for p in pillars.values()),
        },
        "latest_claims": latest_claims,
    }


# ---------------------------------------------------------------- items


def items_page(
    *,
    session: Session,
    pillar: str | None = None,
    kind: str | None = None,
    status: str | None = None,
    province: str | None = None,
    origin: str | None = None,
    overdue: bool = False,
    cursor: str | None = None,
    size: int | None = None,
) -> dict[str, Any]:
    """Items matching the filters (merged items left out), ordered by id, one keyset page
    at a time; `overdue` keeps only items whose promise is overdue."""
    size = _size(size)
    where = _filters(
        [
            (ItemRow.pillar, pillar),
            (ItemRow.kind, kind),
            (ItemRow.status, status),
            (ItemRow.province, province),
            (ItemRow.origin, origin),
        ]
    )
    if overdue:
        where.append(overdue_today())
    after = decode_cursor(cursor, 1)
    query = (
        select(*ITEM_SUMMARY)
        .where(*where, ItemRow.merged_into.is_(None))
        .order_by(ItemRow.id)
        .limit(size + 1)
    )
    if after is not None:
        query = query.where(ItemRow.id > str(after[0]))
    rows = [_item_summary(r) for r in session.execute(query)]
    more = len(rows) > size
    rows = rows[:size]
    return {
        "rows": rows,
        "next": encode_cursor([rows[-1]["id"]]) if more else None,
        "filters": {
            "pillar": pillar,
            "kind": kind,
            "status": status,
            "province": province,
            "origin": origin,
            "overdue": overdue,
        },
    }


def _claims_with_context(
    session: Session, query: Any, *, context: bool = True
) -> list[dict[str, Any]]:
    """Claims with their item's name and their source's title, date and link; with
    `context`, the source text either side of the sentence (read with substr, not whole)."""
    claims = list(session.scalars(query))
    if not claims:
        return []
    item_names = dict(
        session.execute(
            select(ItemRow.id, ItemRow.name).where(ItemRow.id.in_({c.item_id for c in claims}))
        ).all()
    )
    sources = {
        r.id: r
        for r in session.execute(
            select(
                SourceRow.id,
                SourceRow.title,
                SourceRow.publisher,
                SourceRow.published,
                SourceRow.url,
                SourceRow.file_name,
            ).where(SourceRow.id.in_({c.source_id for c in claims}))
        )
    }
    contexts: dict[str, tuple[str, str]] = {}
    if context:
        for claim in claims:
            begin = max(claim.start - CONTEXT_CHARS, 0)
            found = session.execute(
                select(
                    func.substr(SourceRow.text, begin + 1, claim.start - begin),
                    func.substr(SourceRow.text, claim.end + 1, CONTEXT_CHARS),
                ).where(SourceRow.id == claim.source_id)
            ).one()
            contexts[claim.id] = (str(found[0] or ""), str(found[1] or ""))
    out = []
    for claim in claims:
        entry = _claim(claim)
        source = sources.get(claim.source_id)
        entry["item_name"] = item_names.get(claim.item_id, claim.item_id)
        entry["source"] = {
            "id": claim.source_id,
            "title": source.title if source else None,
            "publisher": source.publisher if source else None,
            "published": _iso(source.published) if source else None,
            "url": source.url if source else None,
            # An untitled source is named by its file name before its id (analyst QA).
            "file_name": source.file_name if source else None,
        }
        if context:
            before, after = contexts[claim.id]
            entry["context_before"] = before
            entry["context_after"] = after
        out.append(entry)
    return out


def item_detail(*, session: Session, item_id: str) -> dict[str, Any]:
    """One item: facts, the claim its status rests on, its claims as a timeline (with
    context), amounts, events, sources and co-mentioned items. E202 if unknown."""
    row = session.get(ItemRow, item_id)
    if row is None:
        raise NotFoundError("E202", repr(item_id))
    item = _item_full(row)
    claim_count = session.scalar(
        select(func.count()).select_from(ClaimRow).where(ClaimRow.item_id == item_id)
    )
    # The most recent ITEM_CLAIMS_CAP claims, shown oldest first (QA: the first 500 by date
    # were kept and the newest dropped). An undated claim counts as the oldest, on both
    # backends (PostgreSQL sorts NULL last ascending, SQLite first).
    day = func.coalesce(ClaimRow.claim_date, literal(NO_DATE))
    timeline = _claims_with_context(
        session,
        select(ClaimRow)
        .where(ClaimRow.item_id == item_id)
        .order_by(day.desc(), ClaimRow.start.desc(), ClaimRow.id.desc())
        .limit(ITEM_CLAIMS_CAP),
    )
    timeline.reverse()
    basis = None
    if row.status_basis and row.status_basis != "registry":
        basis = next((c for c in timeline if c["id"] == row.status_basis), None)
        if basis is None:
            found = session.get(ClaimRow, row.status_basis)
            if found is not None and found.item_id == item_id:
                basis = _claims_with_context(
                    session, select(ClaimRow).where(ClaimRow.id == found.id)
                )[0]
    # Counts and sums over all the item's claims, not only the timeline's (QA: "What the
    # sources say" counted the 500 claims shown, of 4,872): the sums of the most recent
    # ITEM_CLAIMS_CAP claims that state one.
    by_modality = {
        str(modality): int(n)
        for modality, n in session.execute(
            select(ClaimRow.modality, func.count())
            .where(ClaimRow.item_id == item_id,
                   ClaimRow.review_state != ReviewState.REJECTED.value)
            .group_by(ClaimRow.modality)
        )
    }  # fmt: skip
    with_sums = session.execute(
        select(ClaimRow.id, ClaimRow.source_id, ClaimRow.claim_date, ClaimRow.amounts)
        .where(
            ClaimRow.item_id == item_id,
            ClaimRow.amounts.is_not(None),
            cast(ClaimRow.amounts, Text) != "[]",
        )
        .order_by(day.desc(), ClaimRow.start.desc(), ClaimRow.id.desc())
        .limit(ITEM_CLAIMS_CAP)
    ).all()
    amounts = [
        {**amount, "claim_id": r.id, "source_id": r.source_id, "date": _iso(r.claim_date)}
        for r in reversed(with_sums)
        for amount in r.amounts or []
    ]
    events = _events(
        session,
        select(EventRow)
        .join(EventItemRow, EventItemRow.event_id == EventRow.id)
        .where(EventItemRow.item_id == item_id)
        .order_by(func.coalesce(EventRow.date, literal(NO_DATE)), EventRow.id)
        .limit(200),
    )
    # Its sources, newest first (undated last on both backends), at most ITEM_SOURCES_CAP
    # of them: the same ones on every read (QA: 200 distinct ids in no order, unsaid).
    source_ids = select(ClaimRow.source_id).where(ClaimRow.item_id == item_id).distinct()
    source_count = (
        session.scalar(select(func.count()).select_from(source_ids.subquery()))
        if claim_count
        else 0
    )
    sources = (
        [
            _source_summary(s)
            for s in session.execute(
                select(*SOURCE_SUMMARY)
                .where(SourceRow.id.in_(source_ids.scalar_subquery()))
                .order_by(
                    func.coalesce(SourceRow.published, literal(NO_DATE)).desc(),
                    SourceRow.id.desc(),
                )
                .limit(ITEM_SOURCES_CAP)
            )
        ]
        if claim_count
        else []
    )
    # Items named in the same documents: those listed above.
    related_ids = (
        select(ClaimRow.item_id, func.count(ClaimRow.source_id.distinct()).label("shared"))
        .where(
            ClaimRow.source_id.in_([s["id"] for s in sources]),
            ClaimRow.item_id != item_id,
        )
        .group_by(ClaimRow.item_id)
        .order_by(func.count(ClaimRow.source_id.distinct()).desc(), ClaimRow.item_id)
        .limit(12)
        .subquery()
    )
    related = (
        [
            {**_item_summary(tuple(r)[:-1]), "shared_sources": tuple(r)[-1]}
            for r in session.execute(
                select(*ITEM_SUMMARY, related_ids.c.shared)
                .join(related_ids, related_ids.c.item_id == ItemRow.id)
                .order_by(related_ids.c.shared.desc(), ItemRow.id)
            )
        ]
        if claim_count
        else []
    )
    from corridor.store.insights import claims_over_time  # the item page's chart
    from corridor.track.derive import undated_set_aside

    # What the status leaves out, said beside it (analyst QA: ML-1's 8 undated problem
    # claims were set aside unsaid).
    aside = undated_set_aside(session=session, item_id=item_id)

    return {
        "item": item,
        "claims_over_time": claims_over_time(session=session, item_id=item_id),
        "status_claim": basis,
        "claim_count": claim_count or 0,
        "claims_shown": len(timeline),
        "claims_cap": ITEM_CLAIMS_CAP,
        "source_count": source_count or 0,
        "sources_cap": ITEM_SOURCES_CAP,
        "claims_by_modality": by_modality,
        "claims": timeline,
        "amounts": amounts,
        "events": events,
        "sources": sources,
        "related": related,
        "undated_not_counted": aside.to_dict() if aside.count else None,
    }


# ---------------------------------------------------------------- sources


def _date_keyset(column: Any, id_column: Any, after: list[Any] | None) -> list[Any]:
    """Newest first, undated last: order and keyset filter on (coalesce(date), id)."""
    keyed = func.coalesce(column, literal(NO_DATE))
    if after is None:
        return [keyed]
    last_date, last_id = _parse_date(after[0]), str(after[1])
    return [keyed, or_(keyed < last_date, and_(keyed == last_date, id_column < last_id))]


def _dated_page(
    rows: list[dict[str, Any]], size: int, date_key: str
) -> tuple[list[dict[str, Any]], str | None]:
    """One page of rows fetched with one extra, and the cursor after its last row, for
    lists ordered newest first by a date (undated rows last) and then by id."""
    if len(rows) <= size:
        return rows, None
    rows = rows[:size]
    last = rows[-1]
    return rows, encode_cursor([last[date_key] or NO_DATE.isoformat(), last["id"]])


def sources_page(
    *,
    session: Session,
    publisher: str | None = None,
    kind: str | None = None,
    cursor: str | None = None,
    size: int | None = None,
) -> dict[str, Any]:
    size = _size(size)
    after = decode_cursor(cursor, 2)
    keyed, *keyset = _date_keyset(SourceRow.published, SourceRow.id, after)
    claims = (
        select(func.count())
        .select_from(ClaimRow)
        .where(ClaimRow.source_id == SourceRow.id)
        .scalar_subquery()
    )
    query = (
        select(*SOURCE_SUMMARY, claims.label("claims"))
        .where(*_filters([(SourceRow.publisher, publisher), (SourceRow.kind, kind)]), *keyset)
        .order_by(keyed.desc(), SourceRow.id.desc())
        .limit(size + 1)
    )
    rows = []
    for r in session.execute(query):
        entry = _source_summary(r)
        entry["claims"] = r.claims
        rows.append(entry)
    rows, next_cursor = _dated_page(rows, size, "published")
    return {"rows": rows, "next": next_cursor, "filters": {"publisher": publisher, "kind": kind}}


def highlight_segments(text_: str, claims: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The source text cut into segments, each plain or covered by claims; where claims
    overlap, the strongest modality colours the segment. Text stays text: the template
    escapes each segment and wraps the marked ones.

    One sweep over the claims' ends, keeping the claims open at each point: comparing each
    segment with every claim took 3.8 s for a long source with 7,500 claims."""
    length = len(text_)
    opens: dict[int, list[int]] = {}
    closes: dict[int, list[int]] = {}
    for n, c in enumerate(claims):
        start, end = max(0, min(c["start"], length)), max(0, min(c["end"], length))
        if end > start:
            opens.setdefault(start, []).append(n)
            closes.setdefault(end, []).append(n)
    bounds = sorted({0, length, *opens, *closes})
    active: dict[int, dict[str, Any]] = {}
    segments: list[dict[str, Any]] = []
    pieces: list[list[str]] = []  # each segment's text in parts, joined once at the end
    for begin, end in pairwise(bounds):
        for n in closes.get(begin, ()):
            active.pop(n, None)
        for n in opens.get(begin, ()):
            active[n] = claims[n]
        if begin >= end:
            continue
        covering = list(active.values())
        ids = sorted({c["id"] for c in covering})
        modality = _strongest(c["modality"] for c in covering) if covering else None
        previous = segments[-1] if segments else None
        if previous and previous["claim_ids"] == ids and previous["modality"] == modality:
            pieces[-1].append(text_[begin:end])
            continue
        segments.append(
            {
                "text": "",
                "modality": modality,
                "claim_ids": ids,
                "items": sorted({c["item_name"] for c in covering}),
            }
        )
        pieces.append([text_[begin:end]])
    for segment, parts in zip(segments, pieces, strict=True):
        segment["text"] = "".join(parts)
    return segments


# MODALITY_RANK by the stored strings, made once: segments ask it for every stretch of text.
RANK_OF = {m.value: rank for m, rank in MODALITY_RANK.items()}


def _strongest(modalities: Iterable[str]) -> str:
    """The highest-ranked modality; one that is not a Modality counts as a mention."""
    best = max(modalities, key=lambda m: RANK_OF.get(m, -1))
    return best if best in RANK_OF else Modality.MENTION.value


def source_detail(*, session: Session, source_id: str) -> dict[str, Any]:
    """One source: its clean text cut into highlighted segments, its claims and events."""
    row = session.get(SourceRow, source_id)
    if row is None:
        raise NotFoundError("E204", repr(source_id))
    source = _source_summary(row)
    source.update(
        text=row.text,
        extractor_version=row.extractor_version,
        fetched_at=_iso(row.fetched_at),
        sha256=row.id,
    )
    claims = _claims_with_context(
        session,
        select(ClaimRow)
        .where(ClaimRow.source_id == source_id)
        .order_by(ClaimRow.start, ClaimRow.id),
        context=False,
    )
    events = _events(
        session,
        select(EventRow).where(EventRow.source_id == source_id).order_by(EventRow.start),
    )
    by_modality = _by_modality(claims)
    return {
        "source": source,
        "claims": claims,
        "claims_by_modality": by_modality,
        "events": events,
        "segments": highlight_segments(row.text, claims),
    }


# ---------------------------------------------------------------- claims and events


def _stored_first(
    session: Session, where: list[ColumnElement[bool]], after: list[Any] | None, limit: int
) -> list[tuple[str, list[Any]]]:
    """(id, keyset values) of the first `limit` claims meeting `where`, stored last first
    (corridor.store.claims.stored_key), after the keyset values `after` when given."""
    key = stored_key(session)
    where = list(where)
    if after is not None:
        bad = CorridorError("E403", "bad cursor; use the `next` value of a previous page")
        if len(key) == 1:  # SQLite: the rowid
            if (not isinstance(after[0], int) or isinstance(after[0], bool)
                    or not -(2**63) <= after[0] < 2**63):  # fmt: skip
                raise bad  # (past SQLite's 64-bit integers: OverflowError, QA)
            where.append(key[0] < after[0])
        else:  # PostgreSQL: (created_at, id)
            try:
                stamp = dt.datetime.fromisoformat(str(after[0]))
            except ValueError:
                raise bad from None
            last_id = str(after[1])
            where.append(
                or_(
                    ClaimRow.created_at < stamp,
                    and_(ClaimRow.created_at == stamp, ClaimRow.id < last_id),
                )
            )
    rows = session.execute(
        select(ClaimRow.id, *key).where(*where).order_by(*newest_stored(session)).limit(limit)
    ).all()
    if len(key) == 1:
        return [(str(r[0]), [int(r[1])]) for r in rows]
    return [(str(r[0]), [r[1].isoformat(), str(r[0])]) for r in rows]


def _claims_by_id(session: Session, ids: list[str]) -> list[dict[str, Any]]:
    """The claims `ids` (with item names and sources), in that order."""
    if not ids:
        return []
    found = {
        c["id"]: c
        for c in _claims_with_context(
            session, select(ClaimRow).where(ClaimRow.id.in_(ids)), context=False
        )
    }
    return [found[i] for i in ids if i in found]


def claims_page(
    *,
    session: Session,
    item: str | None = None,
    source: str | None = None,
    modality: str | None = None,
    review_state: str | None = None,
    cursor: str | None = None,
    size: int | None = None,
) -> dict[str, Any]:
    """Claims matching the filters, newest first, one keyset page at a time: newest
    stored first (`_stored_first`), not by the day a claim speaks for, which may lie years
    ahead (a target date) or behind (a history)."""
    size = _size(size)
    after = decode_cursor(cursor, len(stored_key(session)))
    where = _filters(
        [
            (ClaimRow.item_id, item),
            (ClaimRow.source_id, source),
            (ClaimRow.modality, modality),
            (ClaimRow.review_state, review_state),
        ]
    )
    found = _stored_first(session, where, after, size + 1)
    rows = _claims_by_id(session, [claim_id for claim_id, _ in found[:size]])
    next_cursor = encode_cursor(found[size - 1][1]) if len(found) > size else None
    return {
        "rows": rows,
        "next": next_cursor,
        "filters": {
            "item": item,
            "source": source,
            "modality": modality,
            "review_state": review_state,
        },
    }


def _events(session: Session, query: Any) -> list[dict[str, Any]]:
    events = list(session.scalars(query))
    links: dict[str, list[str]] = {}
    if events:
        for event_id, item_id in session.execute(
            select(EventItemRow.event_id, EventItemRow.item_id)
            .where(EventItemRow.event_id.in_([e.id for e in events]))
            .order_by(EventItemRow.item_id)
        ):
            links.setdefault(event_id, []).append(item_id)
    return [_event(e, links.get(e.id, [])) for e in events]


def events_page(
    *,
    session: Session,
    type: str | None = None,
    item: str | None = None,
    cursor: str | None = None,
    size: int | None = None,
) -> dict[str, Any]:
    size = _size(size)
    after = decode_cursor(cursor, 2)
    keyed, *keyset = _date_keyset(EventRow.date, EventRow.id, after)
    query = select(EventRow).where(*_filters([(EventRow.type, type)]), *keyset)
    if item is not None:
        query = query.where(
            EventRow.id.in_(select(EventItemRow.event_id).where(EventItemRow.item_id == item))
        )
    rows = _events(session, query.order_by(keyed.desc(), EventRow.id.desc()).limit(size + 1))
    rows, next_cursor = _dated_page(rows, size, "date")
    return {"rows": rows, "next": next_cursor, "filters": {"type": type, "item": item}}


# ---------------------------------------------------------------- map


def map_data(
    *,
    session: Session,
    pillar: str | None = None,
    kind: str | None = None,
    status: str | None = None,
    limit: int = MAP_CAP,
) -> dict[str, Any]:
    """Located items matching the filters (at most `limit`, the first by id), and counts
    by province."""
    where = _filters([(ItemRow.pillar, pillar), (ItemRow.kind, kind), (ItemRow.status, status)])
    limit = max(1, min(limit, MAP_CAP))
    where.append(ItemRow.merged_into.is_(None))
    located = [ItemRow.lat.is_not(None), ItemRow.lon.is_not(None)]
    markers = [
        {
            "id": r.id,
            "name": r.name,
            "kind": r.kind,
            "pillar": r.pillar,
            "status": r.status,
            "province": r.province,
            "lat": r.lat,
            "lon": r.lon,
        }
        for r in session.execute(
            select(
                ItemRow.id,
                ItemRow.name,
                ItemRow.kind,
                ItemRow.pillar,
                ItemRow.status,
                ItemRow.province,
                ItemRow.lat,
                ItemRow.lon,
            )
            .where(*where, *located)
            # By id, so the same markers are drawn past the cap on every read and backend
            # (QA: no order, an arbitrary subset).
            .order_by(ItemRow.id)
            .limit(limit + 1)
        )
    ]
    truncated = len(markers) > limit
    markers = markers[:limit]
    by_province = {
        province: count
        for province, count in session.execute(
            select(ItemRow.province, func.count())
            .where(*where, ItemRow.province.is_not(None))
            .group_by(ItemRow.province)
        )
    }
    return {
        "markers": markers,
        "truncated": truncated,
        "by_province": by_province,
        "filters": {"pillar": pillar, "kind": kind, "status": status},
    }


# ---------------------------------------------------------------- search


# PostgreSQL's English stop words (tsearch_data/english.stop): its tsvectors leave them out,
# so no search can find one there, where SQLite's FTS5 index keeps them. A search leaves them
# out on both backends, so that both mean the same (QA: "the" matched on SQLite, nothing on
# PostgreSQL).
_STOP_WORDS_TEXT = (
    "i me my myself we our ours ourselves you your yours yourself yourselves he him his "
    "himself she her hers herself it its itself they them their theirs themselves what "
    "which who whom this that these those am is are was were be been being have has had "
    "having do does did doing a an the and but if or because as until while of at by for "
    "with about against between into through during before after above below to from up "
    "down in out on off over under again further then once here there when where why how "
    "all any both each few more most other some such no nor not only own same so than too "
    "very s t can will just don should now "
)
STOP_WORDS = frozenset(_STOP_WORDS_TEXT.split())


def search_words(query: str) -> list[str]:
    """The words a search asks for, all of them required: each run of letters and digits,
    casefolded, once, stop words left out. Nothing is syntax: OR, a minus sign, quotes and
    brackets are not operators on either backend (QA: PostgreSQL's websearch_to_tsquery
    read 'gwadar OR thar' and '-port' as operators, SQLite as words). Each word once: FTS5's
    snippet() slows with the square of a repeated phrase ("the" 25 times took 25 s)."""
    words = dict.fromkeys(w.casefold() for w in re.findall(r"\w+", query))
    return [w for w in words if w not in STOP_WORDS]


def _fts5_query(query: str) -> str:
    """SQLite: every word of `search_words` quoted, so that none is read as FTS5 syntax (AND,
    NEAR, "*"...); FTS5 requires them all."""
    return " ".join(f'"{w}"' for w in search_words(query))


def _tsquery_text(query: str) -> str:
    """PostgreSQL: the query's space-separated chunks, each once, for plainto_tsquery (which
    ANDs its words and reads no operator), so that PostgreSQL's parser reads them as it
    read the documents: "ML-1" is "ml" and "-1" there, as in the text, where the words of
    `search_words` ("ml", "1") found nothing (QA round 2). Accents are dropped, as SQLite's
    tokenizer drops them ("Gwādar" finds "Gwadar")."""
    chunks = dict.fromkeys(_unaccented(c).casefold().strip(QUOTES) for c in query.split())
    return " ".join(c for c in chunks if c and c not in STOP_WORDS)


QUOTES = "\"'“”‘’()[]{}<>"


def _unaccented(text_: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text_) if not unicodedata.combining(c))


def _facet(session: Session, sql: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {"value": value, "count": count}
        for value, count in session.execute(text(sql), params)
        if value is not None
    ]


def _first_30(order: list[Any], counts: dict[Any, int]) -> list[dict[str, Any]]:
    # As `_facet` reads `... LIMIT 30`: a null group takes its place, then is left out.
    return [{"value": v, "count": counts[v]} for v in order[:30] if v is not None]


# Matches read past the last one wanted, to see whether ties on rank run past it.
TIE_SLACK = 64

# Search counts and facets read at most this many best-ranked matches of each kind (as
# Datasette caps its counts): past it a total reads as the cap, flagged `total_capped`, and
# that kind's facets count its top COUNT_CAP matches.
COUNT_CAP = 1000


def fts_top(session: Session, *, fts: str, match: str, fetch: int) -> list[tuple[int, float]]:
    """SQLite: (rowid, bm25) of the first `fetch` FTS5 hits in (bm25, rowid) order, read
    from the index alone (one ranking pass, no row)."""
    return [
        (int(row.rid), float(row.r))
        for row in session.execute(
            text(
                f"SELECT rowid AS rid, bm25({fts}) AS r FROM {fts} WHERE {fts} MATCH :q "
                "ORDER BY r, rowid LIMIT :fetch"
            ),
            {"q": match, "fetch": fetch},
        )
    ]


def fts_ranked(
    session: Session,
    *,
    fts: str,
    table: str,
    match: str,
    wanted: int,
    top: list[tuple[int, float]] | None = None,
    fetch: int | None = None,
) -> list[int]:
    """SQLite: the rowids of the first `wanted` FTS5 hits in (bm25, id) order, exactly as
    `SELECT t.rowid FROM fts JOIN table t ... ORDER BY bm25(fts), t.id LIMIT wanted` gives
    them, without joining every match to its row: the index alone ranks the matches, and
    only the best few (with every match tied with the last one wanted) meet their rows.
    `top` may hold `fts_top(fetch=fetch)` already read (fetch > wanted)."""
    if top is None or fetch is None:
        fetch = wanted + TIE_SLACK
        top = fts_top(session, fts=fts, match=match, fetch=fetch)
    if len(top) < wanted:
        candidates = top
    elif len(top) == fetch and top[-1][1] == top[wanted - 1][1]:
        # Ties run past what was read: read every match ranked as well as the last wanted.
        candidates = [
            (int(row.rid), float(row.r))
            for row in session.execute(
                text(
                    f"SELECT rid, r FROM (SELECT rowid AS rid, bm25({fts}) AS r FROM {fts} "
                    f"WHERE {fts} MATCH :q) WHERE r <= :cut"
                ),
                {"q": match, "cut": top[wanted - 1][1]},
            )
        ]
    else:
        cut = top[wanted - 1][1]
        candidates = [(rid, r) for rid, r in top if r <= cut]
    if not candidates:
        return []
    ranks = dict(candidates)
    ids = session.execute(
        text(f"SELECT rowid, id FROM {table} WHERE rowid IN :rids").bindparams(
            bindparam("rids", expanding=True)
        ),
        {"rids": list(ranks)},
    ).all()
    return [int(row[0]) for row in sorted(ids, key=lambda row: (ranks[row[0]], row[1]))[:wanted]]


def fts_rows(
    session: Session, *, fts: str, table: str, columns: str, snippet: str, match: str,
    rids: list[int],
) -> list[Any]:  # fmt: skip
    """SQLite: `columns` (the row is `t`) and `snippet` of the hits `rids`, in that order."""
    one = text(
        f"SELECT {columns}, {snippet} AS snippet FROM {fts} JOIN {table} t "
        f"ON t.rowid = {fts}.rowid WHERE {fts} MATCH :q AND {fts}.rowid = :rid"
    )
    return [session.execute(one, {"q": match, "rid": rid}).one() for rid in rids]


def fts_page(
    session: Session,
    *,
    fts: str,
    table: str,
    columns: str,
    snippet: str,
    match: str,
    limit: int,
    offset: int,
) -> list[Any]:
    """SQLite: one page of unfiltered FTS5 hits in (bm25, id) order, exactly as
    `SELECT columns, snippet FROM fts JOIN table t ... ORDER BY bm25(fts), t.id LIMIT OFFSET`
    gives it (see `fts_ranked`). In `columns` the row is `t`."""
    rids = fts_ranked(session, fts=fts, table=table, match=match, wanted=offset + limit)
    return fts_rows(
        session, fts=fts, table=table, columns=columns, snippet=snippet, match=match,
        rids=rids[offset:],
    )  # fmt: skip


def count_upto(session: Session, counted: str, params: dict[str, Any], cap: int) -> int:
    """`SELECT count(*) FROM counted`, but never past cap + 1: enough to tell a capped count."""
    return int(
        session.execute(
            text(f"SELECT count(*) FROM (SELECT 1 FROM {counted} LIMIT :cap_1) counted"),
            {**params, "cap_1": cap + 1},
        ).scalar_one()
    )


def search_page(
    *,
    session: Session,
    q: str,
    type: str | None = None,
    pillar: str | None = None,
    kind: str | None = None,
    status: str | None = None,
    province: str | None = None,
    publisher: str | None = None,
    year: int | None = None,
    modality: str | None = None,
    page: int = 1,
    size: int = 20,
    cap: int = COUNT_CAP,
) -> dict[str, Any]:
    """Items, sources and claims matching all words of `q`, with highlighted snippets,
    counts, facets over the matches, and offset pages (ranks are not keyset-friendly).
    A kind with more than `cap` matches reports `total` = cap with `total_capped`, and its
    facets count its `cap` best-ranked matches (in rank, then id, order)."""
    size = max(1, min(size, 100))
    page = max(1, min(page, 50))
    offset = (page - 1) * size
    empty: dict[str, Any] = {
        "q": q,
        "items": {"total": 0, "total_capped": False, "rows": []},
        "sources": {"total": 0, "total_capped": False, "rows": []},
        "claims": {"total": 0, "total_capped": False, "rows": []},
        "facets": {},
        "count_cap": cap,
        "page": page,
        "size": size,
        "filters": {
            "type": type,
            "pillar": pillar,
            "kind": kind,
            "status": status,
            "province": province,
            "publisher": publisher,
            "year": year,
            "modality": modality,
        },
    }
    sqlite = session.get_bind().dialect.name == "sqlite"
    match = _fts5_query(q) if sqlite else _tsquery_text(q)
    if not match or not re.search(r"\w", q):
        return empty
    params: dict[str, Any] = {"q": match, "limit": size, "offset": offset}
    # A merged item is a pointer to its survivor (which took its names): lists, overview
    # and map leave it out, and so do search's hits, counts and facets.
    item_where, source_where = ["t.merged_into IS NULL"], []
    for column, value in (
        ("pillar", pillar),
        ("kind", kind),
        ("status", status),
        ("province", province),
    ):
        if value is not None:
            item_where.append(f"t.{column} = :{column}")
            params[column] = value
    if publisher is not None:
        source_where.append("t.publisher = :publisher")
        params["publisher"] = publisher
    if year is not None:
        source_where.append("t.published >= :y0 AND t.published < :y1")
        params["y0"], params["y1"] = dt.date(year, 1, 1), dt.date(year + 1, 1, 1)
    if sqlite:
        item_from = "items_fts JOIN items t ON t.rowid = items_fts.rowid"
        item_match = "items_fts MATCH :q"
        item_snippet = "snippet(items_fts, -1, char(1), char(2), '…', 12)"
        item_rank = "bm25(items_fts)"
        source_from = "sources_fts JOIN sources t ON t.rowid = sources_fts.rowid"
        source_match = "sources_fts MATCH :q"
        source_snippet = "snippet(sources_fts, 1, char(1), char(2), '…', 24)"
        source_rank = "bm25(sources_fts)"
    else:
        item_from = "items t, plainto_tsquery('english', :q) query"
        item_match = "t.search @@ query"
        item_snippet = (
            "ts_headline('english', t.name, query, 'StartSel=\x01, StopSel=\x02, "
            "HighlightAll=true')"
        )
        item_rank = "-ts_rank(t.search, query)"
        source_from = "sources t, plainto_tsquery('english', :q) query"
        source_match = "t.search @@ query"
        source_snippet = (
            "ts_headline('english', t.text, query, 'StartSel=\x01, StopSel=\x02, "
            'MaxFragments=2, MaxWords=30, MinWords=12, FragmentDelimiter=" … "\')'
        )
        source_rank = "-ts_rank(t.search, query)"
    result = dict(empty)
    item_filter = " AND ".join([item_match, *item_where])
    source_filter = " AND ".join([source_match, *source_where])
    total: int
    items_capped = sources_capped = False
    if type in (None, "item"):
        total = count_upto(session, f"{item_from} WHERE {item_filter}", params, cap)
        items_capped = total > cap
        total = min(total, cap)
        rows = session.execute(
            text(
                f"SELECT t.id, t.name, t.kind, t.pillar, t.status, t.province, "
                f"{item_snippet} AS snippet FROM {item_from} WHERE {item_filter} "
                f"ORDER BY {item_rank}, t.id LIMIT :limit OFFSET :offset"
            ),
            params,
        )
        result["items"] = {
            "total": total,
            "total_capped": items_capped,
            "rows": [
                {
                    "id": r.id,
                    "name": r.name,
                    "kind": r.kind,
                    "pillar": r.pillar,
                    "status": r.status,
                    "province": r.province,
                    "snippet": _alias_list(r.snippet) if r.snippet else r.name,
                }
                for r in rows
            ],
        }
    source_facets: dict[str, list[dict[str, Any]]] = {}
    if type in (None, "source"):
        year_sql = (
            "CAST(strftime('%Y', t.published) AS INTEGER)"
            if sqlite
            else "CAST(EXTRACT(YEAR FROM t.published) AS INTEGER)"
        )
        # One grouped pass over the matching sources for both facets. Publishers come in
        # the database's order (its collation, its place for NULL), as ORDER BY gives them.
        fast = sqlite and not source_where
        sources_capped = (
            count_upto(session, f"{source_from} WHERE {source_filter}", params, cap) > cap
        )
        ranked: list[int] = []
        page_rids: list[int] = []
        grouped: Any
        if not sources_capped:
            grouped = text(
                f"SELECT t.publisher, {year_sql} AS y, count(*) AS n FROM {source_from} "
                f"WHERE {source_filter} GROUP BY t.publisher, y ORDER BY t.publisher, y"
            )
        elif fast:
            # The index ranks the matches once, for the facets' top `cap` (ties at the cap
            # in rowid order) and for the page (ties in id order).
            fetch = max(cap, offset + size + TIE_SLACK)
            top = fts_top(session, fts="sources_fts", match=match, fetch=fetch)
            ranked = [rid for rid, _ in top[:cap]]
            page_rids = fts_ranked(
                session, fts="sources_fts", table="sources", match=match,
                wanted=offset + size, top=top, fetch=fetch,
            )[offset:]  # fmt: skip
            grouped = text(
                f"SELECT t.publisher, {year_sql} AS y, count(*) AS n FROM sources t "
                "WHERE t.rowid IN :top GROUP BY t.publisher, y ORDER BY t.publisher, y"
            ).bindparams(bindparam("top", value=ranked[:cap], expanding=True))
        else:
            grouped = text(
                f"SELECT top.publisher, top.y, count(*) AS n FROM (SELECT t.publisher, "
                f"{year_sql} AS y FROM {source_from} WHERE {source_filter} "
                f"ORDER BY {source_rank}, t.id LIMIT :cap) top "
                "GROUP BY top.publisher, top.y ORDER BY top.publisher, top.y"
            )
        publishers: dict[Any, int] = {}
        years: dict[Any, int] = {}
        for row in session.execute(grouped, {**params, "cap": cap}):
            publishers[row.publisher] = publishers.get(row.publisher, 0) + int(row.n)
            years[row.y] = years.get(row.y, 0) + int(row.n)
        # ORDER BY n DESC, t.publisher: a stable sort on the count keeps the publisher order.
        publisher_facet = _first_30(sorted(publishers, key=lambda v: -publishers[v]), publishers)
        # ORDER BY y DESC: NULL last on SQLite, first on PostgreSQL.
        dated = sorted((y for y in years if y is not None), reverse=True)
        undated = [None] if None in years else []
        year_facet = _first_30(dated + undated if sqlite else undated + dated, years)
        source_facets = {"publisher": publisher_facet, "year": year_facet}
        total = sum(publishers.values())  # the groups hold every match once (or the top cap)
        if ranked:
            source_rows: list[Any] = fts_rows(
                session,
                fts="sources_fts",
                table="sources",
                columns="t.id, t.title, t.publisher, t.published, t.url, t.file_name",
                snippet=source_snippet,
                match=match,
                rids=page_rids,
            )
        elif fast:
            source_rows = fts_page(
                session,
                fts="sources_fts",
                table="sources",
                columns="t.id, t.title, t.publisher, t.published, t.url, t.file_name",
                snippet=source_snippet,
                match=match,
                limit=size,
                offset=offset,
            )
        else:
            source_rows = list(
                session.execute(
                    text(
                        f"SELECT t.id, t.title, t.publisher, t.published, t.url, t.file_name, "
                        f"{source_snippet} AS snippet FROM {source_from} WHERE {source_filter} "
                        f"ORDER BY {source_rank}, t.id LIMIT :limit OFFSET :offset"
                    ),
                    params,
                )
            )
        result["sources"] = {
            "total": total,
            "total_capped": sources_capped,
            "rows": [
                {
                    "id": r.id,
                    "title": r.title,
                    "publisher": r.publisher,
                    "published": _iso(r.published),
                    "url": r.url,
                    "file_name": r.file_name,
                    "snippet": r.snippet or "",
                }
                for r in source_rows
            ],
        }
    facets: dict[str, list[dict[str, Any]]] = {}
    if type in (None, "item"):
        for column in ("pillar", "kind", "status", "province"):
            counted = (  # past the cap, the top `cap` matches in rank order
                f"(SELECT t.{column} FROM {item_from} WHERE {item_filter} "
                f"ORDER BY {item_rank}, t.id LIMIT :cap) t"
                if items_capped
                else f"{item_from} WHERE {item_filter}"
            )
            facets[column] = _facet(
                session,
                f"SELECT t.{column}, count(*) AS n FROM {counted} "
                f"GROUP BY t.{column} ORDER BY n DESC, t.{column} LIMIT 30",
                {**params, "cap": cap},
            )
    facets.update(source_facets)
    if type in (None, "claim"):  # claims' sentences: corridor.store.claim_search
        from corridor.store.claim_search import search_claims

        result["claims"], facets["modality"] = search_claims(
            session=session,
            match=match,
            filters=dict(empty["filters"]),
            limit=size,
            offset=offset,
            cap=cap,
        )
    result["facets"] = facets
    return result


def _by_modality(claims: list[dict[str, Any]]) -> dict[str, int]:
    """What the sources say, claims counted by modality: a claim analysts rejected says
    nothing (as in the status and the charts over time)."""
    counts: dict[str, int] = {}
    for claim in claims:
        if claim["review_state"] != ReviewState.REJECTED.value:
            counts[claim["modality"]] = counts.get(claim["modality"], 0) + 1
    return counts
