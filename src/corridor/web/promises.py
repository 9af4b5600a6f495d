"""The promises page and its JSON twin: what became of the promises of an event or a period.

`/promises` and `/api/promises` share one view (`view_promises`), which calls
`corridor.store.insights.promises_page` (the promise tracker of `corridor.track.meter`).
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from corridor.errors import CorridorError
from corridor.model import Modality, Pillar, Status
from corridor.store import insights
from corridor.store.pages import MAX_SIZE
from corridor.web.app import DB, ERRORS, Cursor, ListFormat, _as, _render

Meter = StrEnum("Meter", {s: s for s in insights.METER_SLUGS.values()})  # type: ignore[misc]


class PromiseRow(BaseModel):
    item_id: str
    item: str
    pillar: Pillar | None = None
    promise: Modality = Field(description="recommendation, expectation, pledge or agreement")
    promise_date: str
    promise_claim: str = Field(description="The claim that made the promise.")
    promise_sentence: str | None = None
    promise_source: str | None = Field(None, description="Its source's title (or URL).")
    promise_source_id: str | None = None
    outcome: str = Field(description="delivered, in_progress, in_trouble, nothing_yet, overdue")
    meter: str = Field(description="The promise meter's ruling.")
    status: Status = Field(description="Where the item stands, read from the promise on.")
    evidence_claim: str | None = Field(None, description="The latest claim the outcome rests on.")
    evidence_sentence: str | None = None
    evidence_date: str | None = None
    evidence_source: str | None = None
    evidence_source_id: str | None = None


class PromiseWindow(BaseModel):
    label: str
    start: str
    end: str


class EventChoice(BaseModel):
    id: str
    name: str
    date: str | None = None


class PromiseFilters(BaseModel):
    event: str | None = None
    since: str | None = None
    until: str | None = None
    as_of: str | None = None
    meter: str | None = None


class PromisesPage(BaseModel):
    window: PromiseWindow | None = Field(
        description="The dates promises were made in; null when no event or period is given."
    )
    as_of: str
    by_meter: dict[str, int] = Field(description="Promises per ruling, over the whole window.")
    by_promise: dict[str, int]
    total: int
    rows: list[PromiseRow]
    next: str | None = Field(description="Cursor of the next page, or null on the last page.")
    events: list[EventChoice] = Field(description="Events to choose from (dated), newest first.")
    filters: PromiseFilters


CSV_COLUMNS = list(PromiseRow.model_fields)

EventId = Annotated[
    str | None,
    Query(
        max_length=200,
        description="A registry item of kind event, e.g. zardari-state-visit-feb-2025.",
    ),
]
Day = Annotated[dt.date | None, Query(description="YYYY-MM-DD")]
PromiseSize = Annotated[
    int, Query(ge=1, le=MAX_SIZE, description="Rows a page (at most 1000; default 500).")
]


def _day(value: dt.date | None, name: str) -> dt.date | None:
    if value is not None and not 1900 <= value.year <= 2100:
        raise CorridorError("E403", f"{name}: a date between 1900 and 2100")
    return value


def view_promises(
    session: Session,
    event: str | None,
    since: dt.date | None,
    until: dt.date | None,
    as_of: dt.date | None,
    meter: StrEnum | None,
    next: str | None,
    size: int,
) -> dict[str, Any]:
    return insights.promises_page(
        session=session,
        event=event,
        since=_day(since, "since"),
        until=_day(until, "until"),
        as_of=_day(as_of, "as_of"),
        meter=meter.value if meter is not None else None,
        cursor=next,
        size=size,
    )


api = APIRouter(prefix="/api", responses=ERRORS)  # type: ignore[arg-type]
site = APIRouter(include_in_schema=False)


@api.get(
    "/promises",
    response_model=PromisesPage,
    tags=["promises"],
    responses={200: {"content": {"text/csv": {"schema": {"type": "string"}}}}},
)
def api_promises(
    request: Request,
    session: DB,
    event: EventId = None,
    since: Day = None,
    until: Day = None,
    as_of: Day = None,
    meter: Meter | None = None,
    next: Cursor = None,
    size: PromiseSize = insights.PROMISES_DEFAULT_SIZE,
    format: ListFormat = ListFormat.json,
) -> Any:
    """The recommendations, expectations, pledges and agreements of an event (its dates
    with 30 days either side) or of a period (`since`, `until`: default today), and what
    became of each as of `as_of` (default today), as a promise meter: Promise Kept, In the
    Works, Stalled, Promise Broken, Not Yet Rated. `meter` keeps one ruling (slug: kept,
    works, stalled, broken, unrated); `format=csv` gives the same page as CSV."""
    data = view_promises(session, event, since, until, as_of, meter, next, size)
    return _as(request, format, data, "promises", CSV_COLUMNS)


@site.get("/promises")
def page_promises(
    request: Request,
    session: DB,
    event: EventId = None,
    since: Day = None,
    until: Day = None,
    as_of: Day = None,
    meter: Meter | None = None,
    next: Cursor = None,
    size: PromiseSize = insights.PROMISES_DEFAULT_SIZE,
) -> Response:
    data = view_promises(session, event, since, until, as_of, meter, next, size)
    return _render(request, "promises.html", data)
