"""Reads for the promises page and the charts: promises of an event or a period, event
choices, overdue promises, claims over time, and money by pillar and year.

Like `corridor.store.pages`, every function returns JSON-ready dicts and reads a bounded
amount: charts aggregate in SQL (by month, modality, pillar), lists are capped.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Date, cast, func, or_, select, text
from sqlalchemy.orm import Session

from corridor.errors import CorridorError
from corridor.model import Kind, Modality, Pillar, ReviewState, choices
from corridor.store.pages import MAX_SIZE, _iso, decode_cursor, encode_cursor, overdue_today
from corridor.store.tables import ClaimRow, EventItemRow, EventRow, ItemRow

# The promise meter's rulings, in the order the page shows them (PolitiFact's, less
# Compromise, which corridor never rules from claims: docs/status.md).
METER_ORDER = ("Promise Kept", "In the Works", "Stalled", "Promise Broken", "Not Yet Rated")
# Each ruling's slug, for URLs (`?meter=kept`) and CSS classes.
METER_SLUGS = {
    "Promise Kept": "kept",
    "In the Works": "works",
    "Stalled": "stalled",
    "Promise Broken": "broken",
    "Not Yet Rated": "unrated",
}
EVENT_CHOICES_CAP = 200  # events offered in the page's select, newest first
OVERDUE_CAP = 10  # overdue promises listed on the overview
PROMISES_DEFAULT_SIZE = 500
CHART_MONTHS = 60  # up to this span, claims are counted by month; longer: by quarter/year


# ---------------------------------------------------------------- promises


def promise_events(*, session: Session, limit: int = EVENT_CHOICES_CAP) -> list[dict[str, Any]]:
    """Registry items of kind event that have a date to build a window on, newest first."""
    day = func.coalesce(ItemRow.registry_as_of, ItemRow.status_as_of)
    rows = session.execute(
        select(ItemRow.id, ItemRow.name, day.label("date"))
        .where(
            ItemRow.kind == Kind.EVENT.value,
            ItemRow.merged_into.is_(None),
            or_(
                day.is_not(None),
                ItemRow.id.in_(
                    select(EventItemRow.item_id)
                    .join(EventRow, EventRow.id == EventItemRow.event_id)
                    .where(EventRow.date.is_not(None))
                ),
            ),
        )
        .order_by(day.desc(), ItemRow.id)
        .limit(limit)
    )
    return [{"id": r.id, "name": r.name, "date": r.date} for r in rows]


def promises_page(
    *,
    session: Session,
    event: str | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    as_of: dt.date | None = None,
    meter: str | None = None,
    cursor: str | None = None,
    size: int | None = None,
) -> dict[str, Any]:
    """The promises of an event or a period and what became of them (corridor.track.meter),
    counted by meter ruling; rows (optionally of one ruling, by its slug: METER_SLUGS) page
    by a keyset cursor.
    With neither an event nor a period, only the events to choose from."""
    from corridor.track.meter import describe, report_window, track_window

    if until is not None and since is None and not event:
        raise CorridorError("E403", "until needs since: give since=YYYY-MM-DD too")
    size = max(1, min(size or PROMISES_DEFAULT_SIZE, MAX_SIZE))
    after = decode_cursor(cursor, 2)
    result: dict[str, Any] = {
        "window": None,
        "as_of": (as_of or dt.date.today()).isoformat(),
        "by_meter": dict.fromkeys(METER_ORDER, 0),
        "by_promise": {},
        "total": 0,
        "rows": [],
        "next": None,
        "events": promise_events(session=session),
        "filters": {
            "event": event,
            "since": _iso(since),
            "until": _iso(until),
            "as_of": _iso(as_of),
            "meter": meter,
        },
    }
    if not event and since is None:
        return result
    start, end, label, as_of = report_window(
        session=session, event_id=event or None, since=since, until=until, as_of=as_of
    )
    promises = track_window(session=session, window_start=start, window_end=end, as_of=as_of)
    by_meter = dict.fromkeys(METER_ORDER, 0)
    by_promise: dict[str, int] = {}
    for p in promises:
        by_meter[p.meter] = by_meter.get(p.meter, 0) + 1
        by_promise[str(p.modality)] = by_promise.get(str(p.modality), 0) + 1
    shown = [p for p in promises if meter is None or METER_SLUGS.get(p.meter) == meter]
    if after is not None:
        key = (str(after[0]), str(after[1]))
        shown = [p for p in shown if (p.date.isoformat(), p.item_id) > key]
    # Names and sentences for the page's rows only: the counts need none.
    page = describe(session, shown[:size])
    pillars = dict(
        session.execute(
            select(ItemRow.id, ItemRow.pillar).where(ItemRow.id.in_({r["item_id"] for r in page}))
        ).all()
    )
    for row in page:
        row["pillar"] = pillars.get(row["item_id"])
    result.update(
        window={"label": label, "start": start.isoformat(), "end": end.isoformat()},
        as_of=as_of.isoformat(),
        by_meter=by_meter,
        by_promise=dict(sorted(by_promise.items())),
        total=len(promises),
        rows=page,
        next=(
            encode_cursor([page[-1]["promise_date"], page[-1]["item_id"]])
            if len(shown) > size
            else None
        ),
    )
    return result


def overdue_items(*, session: Session, limit: int = OVERDUE_CAP) -> list[dict[str, Any]]:
    """Overdue promises (pledged or agreed, no progress for too long), longest waiting first:
    by the day the clock started (docs/status.md), not the day the current status began.
    `tracked` says whether the promise tracker holds the promise that started it (a claim
    of that day; a clock the registry's evidence started has none there)."""
    from corridor.track.meter import PROMISE_MODALITIES  # track builds on the store

    promised = (
        select(ClaimRow.id)
        .where(
            ClaimRow.item_id == ItemRow.id,
            ClaimRow.claim_date == ItemRow.waiting_since,
            ClaimRow.modality.in_(sorted(str(m) for m in PROMISE_MODALITIES)),
            ClaimRow.review_state != ReviewState.REJECTED.value,
        )
        .exists()
    )
    rows = session.execute(
        select(
            ItemRow.id,
            ItemRow.name,
            ItemRow.pillar,
            ItemRow.status,
            ItemRow.waiting_since,
            ItemRow.overdue_from,
            ItemRow.cost_usd,
            promised.label("tracked"),
        )
        .where(overdue_today(), ItemRow.merged_into.is_(None))
        .order_by(ItemRow.waiting_since, ItemRow.id)
        .limit(limit)
    )
    return [
        {
            "id": r.id,
            "name": r.name,
            "pillar": r.pillar,
            "status": r.status,
            "since": r.waiting_since.isoformat() if r.waiting_since else None,
            "overdue_from": r.overdue_from.isoformat() if r.overdue_from else None,
            "tracked": bool(r.tracked),
            "cost_usd": r.cost_usd,
        }
        for r in rows
    ]


# ---------------------------------------------------------------- claims over time


def _month(session: Session, column: Any) -> Any:
    if session.get_bind().dialect.name == "sqlite":
        return func.strftime("%Y-%m", column)
    return func.to_char(cast(column, Date), "YYYY-MM")


def _bucket(month: str, by: str) -> str:
    if by == "month":
        return month
    year, mm = month.split("-")
    if by == "quarter":
        return f"{year} Q{(int(mm) - 1) // 3 + 1}"
    return year


def _span_buckets(first: str, last: str, by: str) -> list[str]:
    """Every bucket from the first month to the last, empty ones included (time is even)."""
    year, month = (int(p) for p in first.split("-"))
    end = tuple(int(p) for p in last.split("-"))
    out: list[str] = []
    while (year, month) <= end:
        label = _bucket(f"{year:04d}-{month:02d}", by)
        if not out or out[-1] != label:
            out.append(label)
        month += 1
        if month == 13:
            year, month = year + 1, 1
    return out


def _months(session: Session, item_id: str | None) -> tuple[list[tuple[str, str, int]], int]:
    """(month, modality, count) of dated claims, and the count of undated ones; rejected
    claims left out. All claims on SQLite: the trigger-kept claim_months table (0006)."""
    sqlite = session.get_bind().dialect.name == "sqlite"
    found: Any
    if sqlite and item_id is None:
        found = session.execute(
            text("SELECT month, modality, n FROM claim_months WHERE n > 0 ORDER BY month")
        ).all()
    else:
        month = _month(session, ClaimRow.claim_date).label("month")
        where = [ClaimRow.review_state != "rejected"]
        if item_id is not None:
            where.append(ClaimRow.item_id == item_id)
        found = session.execute(
            select(func.coalesce(month, ""), ClaimRow.modality, func.count())
            .where(*where)
            .group_by(month, ClaimRow.modality)
        ).all()
    rows = [(str(m), str(mod), int(n)) for m, mod, n in found if m]
    undated = sum(int(n) for m, _, n in found if not m)
    return rows, undated


def claims_over_time(*, session: Session, item_id: str | None = None) -> dict[str, Any]:
    """Dated claims counted by month and modality (by quarter or year when they span more
    than CHART_MONTHS months), for one item or for all; undated claims are counted apart."""
    rows, undated = _months(session, item_id)
    if not rows:
        return {"by": "month", "buckets": [], "undated": undated}
    months = [str(r[0]) for r in rows]
    first, last = min(months), max(months)
    span = (int(last[:4]) - int(first[:4])) * 12 + int(last[5:7]) - int(first[5:7]) + 1
    by = "month" if span <= CHART_MONTHS else "quarter" if span <= 3 * CHART_MONTHS else "year"
    buckets: dict[str, dict[str, Any]] = {
        label: {"label": label, "by_modality": {}, "total": 0}
        for label in _span_buckets(first, last, by)
    }
    modalities = set(choices(Modality))
    for month_, modality, count in rows:
        entry = buckets[_bucket(str(month_), by)]
        key = modality if modality in modalities else Modality.MENTION.value
        entry["by_modality"][key] = entry["by_modality"].get(key, 0) + int(count)
        entry["total"] += int(count)
    return {"by": by, "buckets": list(buckets.values()), "undated": undated}


# ---------------------------------------------------------------- money by pillar and year


_MONEY_CACHE: dict[tuple[object, ...], dict[str, Any]] = {}


def money_by_pillar_year(*, session: Session) -> dict[str, Any]:
    """`money_by_year`, remembered on SQLite until a claim is added, a claim naming an
    amount comes or goes, or a review rejects or restores one (three index-only counts):
    reading 30,000 amounts from a million claims takes longer than a page may."""
    bind = session.get_bind()
    if bind.dialect.name != "sqlite":
        return money_by_year(session=session)
    signature = (
        str(bind.engine.url),
        *session.execute(
            text(
                "SELECT (SELECT max(rowid) FROM claims), "
                "(SELECT count(*) FROM claims WHERE json_array_length(amounts) > 0), "
                "(SELECT count(*) FROM claims WHERE review_state = 'rejected')"
            )
        ).one(),
    )
    if signature not in _MONEY_CACHE:
        _MONEY_CACHE.clear()
        _MONEY_CACHE[signature] = money_by_year(session=session)
    return _MONEY_CACHE[signature]


def money_by_year(*, session: Session) -> dict[str, Any]:
    """US dollar amounts named in claims, by pillar and the claim's year: for each item and
    year the largest figure (the same sum reported by ten papers counts once). Rejected
    claims are left out; undated ones have no year and are only counted, in `undated`, so
    that the page can say so rather than that no claim names dollars (analyst QA: all 12
    such claims were undated). (Items' `cost_usd` by pillar is in the overview.)"""
    # Written as in the partial index ix_claims_amounts (0006), so that the index is used.
    has_amounts = text("json_array_length(claims.amounts) > 0")
    year_of = (
        func.strftime("%Y", ClaimRow.claim_date)
        if session.get_bind().dialect.name == "sqlite"
        else func.to_char(ClaimRow.claim_date, "YYYY")
    )
    largest: dict[tuple[str, str], float] = {}
    found: Any = session.execute(
        select(ItemRow.pillar, ClaimRow.item_id, year_of, ClaimRow.amounts)
        .join(ItemRow, ItemRow.id == ClaimRow.item_id)
        .where(has_amounts, ClaimRow.review_state != "rejected")
    )
    pillar_of: dict[str, str] = {}
    undated = 0
    for pillar, item_id, year, amounts in found:
        best = max(
            (
                float(a["usd"])
                for a in amounts or []
                if isinstance(a, dict) and isinstance(a.get("usd"), int | float)
            ),
            default=0.0,
        )
        if best > 0 and year is None:  # undated: no year to count it in (filtered here,
            undated += 1  # not in SQL, so that SQLite keeps to the covering partial index)
        elif best > 0:
            key = (str(item_id), str(year))
            largest[key] = max(largest.get(key, 0.0), best)
            pillar_of[str(item_id)] = str(pillar)
    by_year: dict[str, dict[str, float]] = {}
    for (item_id, year), usd in largest.items():
        pillar = pillar_of.get(item_id, Pillar.OTHER.value)
        cell = by_year.setdefault(year, {})
        cell[pillar] = cell.get(pillar, 0.0) + usd
    return {
        "years": [
            {"year": year, "by_pillar": by_year[year], "total": sum(by_year[year].values())}
            for year in sorted(by_year)
        ],
        "undated": undated,
    }


def overview_extras(*, session: Session) -> dict[str, Any]:
    """What the overview adds to `pages.overview`: the overdue promises, claims over time
    and money by pillar and year."""
    return {
        "overdue_items": overdue_items(session=session),
        "claims_over_time": claims_over_time(session=session),
        "money_by_year": money_by_pillar_year(session=session),
    }
