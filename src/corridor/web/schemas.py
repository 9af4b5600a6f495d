"""The API's shapes: what /openapi.json promises and the server checks before answering."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from corridor.model import Kind, Modality, Origin, Pillar, ReviewState, Status


class ErrorBody(BaseModel):
    ok: bool = False
    error: str
    code: str = Field(examples=["E202"])
    hint: str


class ItemSummary(BaseModel):
    id: str
    name: str
    kind: Kind
    pillar: Pillar
    status: Status
    status_as_of: str | None = None
    province: str | None = None
    city: str | None = None
    lat: float | None = None
    lon: float | None = None
    capacity: float | None = None
    capacity_unit: str | None = None
    cost_usd: float | None = None
    origin: Origin
    overdue: bool = Field(description="A pledge or agreement with no progress for too long.")


class ItemPublic(ItemSummary):
    aliases: list[str]
    cost_amount: float | None = None
    cost_currency: str | None = None
    parties: list[str]
    status_basis: str | None = None
    sources: list[str]
    notes: str | None = None
    merged_into: str | None = Field(description="The item this one was merged into, if any.")
    status_since: str | None = None


class ItemFilters(BaseModel):
    pillar: str | None = None
    kind: str | None = None
    status: str | None = None
    province: str | None = None
    origin: str | None = None
    overdue: bool = False


class ItemsPage(BaseModel):
    rows: list[ItemSummary]
    next: str | None = Field(description="Cursor of the next page, or null on the last page.")
    filters: ItemFilters


class SourceRef(BaseModel):
    id: str
    title: str | None = None
    publisher: str | None = None
    published: str | None = None
    url: str | None = None
    file_name: str | None = None


class ClaimPublic(BaseModel):
    id: str
    source_id: str
    item_id: str
    item_name: str
    start: int
    end: int
    sentence: str
    modality: Modality
    negated: bool
    cue: str | None = None
    mention: str | None = None
    claim_date: str | None = None
    amounts: list[dict[str, Any]]
    capacities: list[dict[str, Any]]
    dates: list[dict[str, Any]]
    actors: list[str]
    confidence: float
    stage: str
    version: str
    review_state: ReviewState
    source: SourceRef


class ClaimInContext(ClaimPublic):
    context_before: str = Field(description="Source text just before the sentence.")
    context_after: str = Field(description="Source text just after the sentence.")


class ClaimFilters(BaseModel):
    item: str | None = None
    source: str | None = None
    modality: str | None = None
    review_state: str | None = None


class ClaimsPage(BaseModel):
    rows: list[ClaimPublic]
    next: str | None
    filters: ClaimFilters


class EventPublic(BaseModel):
    id: str
    source_id: str | None = None
    type: str
    date: str | None = None
    end_date: str | None = None
    actors: list[str]
    place: str | None = None
    evidence: str | None = None
    item_ids: list[str]


class EventFilters(BaseModel):
    type: str | None = None
    item: str | None = None


class EventsPage(BaseModel):
    rows: list[EventPublic]
    next: str | None
    filters: EventFilters


class ItemSourceSummary(BaseModel):
    id: str
    title: str | None = None
    publisher: str | None = None
    author: str | None = None
    published: str | None = None
    url: str | None = None
    file_name: str | None = None
    kind: str | None = None


class SourceSummary(ItemSourceSummary):
    claims: int


class SourceFilters(BaseModel):
    publisher: str | None = None
    kind: str | None = None


class SourcesPage(BaseModel):
    rows: list[SourceSummary]
    next: str | None
    filters: SourceFilters


class RelatedItem(ItemSummary):
    shared_sources: int


class Amount(BaseModel, extra="allow"):
    claim_id: str
    source_id: str
    date: str | None = None


class UndatedNotCounted(BaseModel):
    count: int
    by_modality: dict[str, int] = Field(description="Strongest modality first.")
    cancelling: int = Field(description="Of the problem claims, those with a cancelling cue.")
    text: str = Field(examples=["8 undated problem claims not counted (1 cancelling)"])


class ItemDetail(BaseModel):
    item: ItemPublic
    claims_over_time: ClaimsOverTime | None = None
    status_claim: ClaimInContext | None = Field(
        description="The claim the derived status rests on, if it rests on one."
    )
    claim_count: int
    claims_shown: int
    claims_by_modality: dict[str, int]
    claims: list[ClaimInContext]
    amounts: list[Amount]
    events: list[EventPublic]
    sources: list[ItemSourceSummary]
    related: list[RelatedItem]
    claims_cap: int = Field(
        description="At most this many claims are given: the most recent, oldest first."
    )
    source_count: int = Field(description="Sources with a claim on the item.")
    sources_cap: int = Field(
        description="At most this many sources are given, newest first (undated last); "
        "`related` counts the sources given."
    )
    undated_not_counted: UndatedNotCounted | None = Field(
        default=None,
        description="Undated claims the status does not count because dated ones speak "
        "for the item (docs/status.md, 'Which claims count'); null when none are set aside.",
    )


class SourcePublic(ItemSourceSummary):
    text: str
    extractor_version: str | None = None
    fetched_at: str | None = None
    sha256: str


class Segment(BaseModel):
    text: str
    modality: Modality | None = None
    claim_ids: list[str]
    items: list[str]


class SourceDetail(BaseModel):
    source: SourcePublic
    claims: list[ClaimPublic]
    claims_by_modality: dict[str, int]
    events: list[EventPublic]
    segments: list[Segment] = Field(
        description="The text cut at claim boundaries; marked segments carry a modality."
    )


class PillarSummary(BaseModel):
    pillar: str
    total: int
    by_status: dict[str, int]
    cost_usd: float
    delivered_usd: float
    overdue: int


class Totals(BaseModel):
    items: int
    by_status: dict[str, int]
    cost_usd: float
    delivered_usd: float
    overdue: int


class MonthBucket(BaseModel):
    label: str = Field(description="2025-02, 2025 Q1 or 2025, as `by` says.")
    by_modality: dict[str, int]
    total: int


class ClaimsOverTime(BaseModel):
    by: str = Field(description="month, quarter (over 60 months) or year (over 180).")
    buckets: list[MonthBucket]
    undated: int


class MoneyYear(BaseModel):
    year: str
    by_pillar: dict[str, float]
    total: float


class MoneyByYear(BaseModel):
    years: list[MoneyYear] = Field(
        description="US dollars named in claims by claim year: per item and year the largest."
    )
    undated: int = Field(
        0, description="Claims naming US dollars that carry no date, so are in no year."
    )


class OverdueItem(BaseModel):
    id: str
    name: str
    pillar: str
    status: str
    since: str | None = Field(
        None, description="Since when it has waited for progress: the overdue clock's start."
    )
    overdue_from: str | None = Field(None, description="The day it became overdue.")
    tracked: bool = Field(
        False, description="The promise tracker holds the promise that started the clock."
    )
    cost_usd: float | None = None


class Overview(BaseModel):
    pillars: list[PillarSummary]
    totals: Totals
    latest_claims: list[ClaimPublic]
    overdue_items: list[OverdueItem] = Field(
        default_factory=list, description="Overdue promises, longest waiting first (at most 10)."
    )
    claims_over_time: ClaimsOverTime | None = None
    money_by_year: MoneyByYear | None = None


class Marker(BaseModel):
    id: str
    name: str
    kind: str
    pillar: str
    status: str
    province: str | None = None
    lat: float
    lon: float


class MapFilters(BaseModel):
    pillar: str | None = None
    kind: str | None = None
    status: str | None = None


class MapData(BaseModel):
    markers: list[Marker]
    truncated: bool
    by_province: dict[str, int]
    filters: MapFilters


class ItemHit(BaseModel):
    id: str
    name: str
    kind: str
    pillar: str
    status: str
    province: str | None = None
    snippet: str = Field(description="Matched words between \\u0001 and \\u0002.")


class SourceHit(BaseModel):
    id: str
    title: str | None = None
    publisher: str | None = None
    published: str | None = None
    url: str | None = None
    file_name: str | None = None
    snippet: str = Field(description="Matched words between \\u0001 and \\u0002.")


class ClaimHit(BaseModel):
    id: str
    item_id: str
    item_name: str
    source_id: str
    source_title: str | None = None
    source_file_name: str | None = None
    publisher: str | None = None
    modality: str
    claim_date: str | None = None
    snippet: str = Field(description="The sentence, matched words between \\u0001 and \\u0002.")


class _Hits(BaseModel):
    total: int = Field(description="Matches; at most the search's count_cap (see total_capped).")
    total_capped: bool = Field(
        default=False,
        description="More matches than count_cap: total is a lower bound, facets count the "
        "count_cap best-ranked matches of this kind.",
    )


class ClaimHits(_Hits):
    rows: list[ClaimHit]


class ItemHits(_Hits):
    rows: list[ItemHit]


class SourceHits(_Hits):
    rows: list[SourceHit]


class FacetValue(BaseModel):
    value: str | int
    count: int


class SearchFilters(BaseModel):
    type: str | None = None
    pillar: str | None = None
    kind: str | None = None
    status: str | None = None
    province: str | None = None
    publisher: str | None = None
    year: int | None = None
    modality: str | None = None


class SearchResults(BaseModel):
    q: str
    items: ItemHits
    sources: SourceHits
    claims: ClaimHits
    facets: dict[str, list[FacetValue]]
    count_cap: int = Field(
        description="Counts and facets read at most this many best-ranked matches per kind."
    )
    page: int
    size: int
    filters: SearchFilters


class Health(BaseModel):
    ok: bool
    version: str
