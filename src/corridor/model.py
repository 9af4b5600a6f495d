"""The domain model: the taxonomies, declared once, and the records every layer shares.

Items, sources, claims and events are plain dataclasses so that the extraction hot path
does not pay for validation; the store maps them to tables and the API to JSON.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any


class Kind(StrEnum):
    """What sort of thing a tracked item is."""

    PROJECT = "project"
    SEZ = "sez"
    AGREEMENT = "agreement"
    INITIATIVE = "initiative"
    PROGRAM = "program"
    ORGANIZATION = "organization"
    EVENT = "event"


class Pillar(StrEnum):
    """The cooperation pillar an item belongs to."""

    CONNECTIVITY = "connectivity"
    ENERGY = "energy"
    INDUSTRY = "industry"
    DIGITAL = "digital"
    AGRICULTURE = "agriculture"
    PEOPLE = "people"
    GWADAR = "gwadar"
    OTHER = "other"


class Modality(StrEnum):
    """What one sentence says of one item."""

    RECOMMENDATION = "recommendation"
    EXPECTATION = "expectation"
    PLEDGE = "pledge"
    AGREEMENT = "agreement"
    PROGRESS = "progress"
    DELIVERY = "delivery"
    PROBLEM = "problem"
    MENTION = "mention"


class Status(StrEnum):
    """Where an item stands, derived from its claims."""

    PROPOSED = "proposed"
    PLEDGED = "pledged"
    AGREED = "agreed"
    UNDER_CONSTRUCTION = "under_construction"
    OPERATIONAL = "operational"
    STALLED = "stalled"
    CANCELLED = "cancelled"
    UNKNOWN = "unknown"


class SourceKind(StrEnum):
    """What sort of document a source is."""

    NEWS = "news"
    OPED = "oped"
    OFFICIAL = "official"
    ANALYSIS = "analysis"
    AGREEMENT = "agreement"


class EventType(StrEnum):
    """What sort of event an event is."""

    VISIT = "visit"
    SIGNING = "signing"
    MEETING = "meeting"
    INAUGURATION = "inauguration"
    ANNOUNCEMENT = "announcement"


class ReviewState(StrEnum):
    """An analyst's decision on a claim."""

    UNREVIEWED = "unreviewed"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    CORRECTED = "corrected"


class Origin(StrEnum):
    """Where an item came from: the curated registry or a document's mention."""

    REGISTRY = "registry"
    CANDIDATE = "candidate"


# Strength of evidence, strongest first: the op-ed annotation convention, reused by the
# extractor (an item's headline modality) and by status derivation (ties on one date).
MODALITY_RANK: dict[Modality, int] = {
    Modality.PROBLEM: 7,
    Modality.DELIVERY: 6,
    Modality.PROGRESS: 5,
    Modality.AGREEMENT: 4,
    Modality.PLEDGE: 3,
    Modality.EXPECTATION: 2,
    Modality.RECOMMENDATION: 1,
    Modality.MENTION: 0,
}

# ISO 3166-2:PK province-level units, and the names news uses for them.
PROVINCES: dict[str, str] = {
    "PK-BA": "Balochistan",
    "PK-GB": "Gilgit-Baltistan",
    "PK-IS": "Islamabad",
    "PK-JK": "Azad Jammu and Kashmir",
    "PK-KP": "Khyber Pakhtunkhwa",
    "PK-PB": "Punjab",
    "PK-SD": "Sindh",
}

# Pakistan's bounding box, AJK and Gilgit-Baltistan included, with a little slack for
# coastal and border sites.
PAKISTAN_BBOX = {"lat_min": 23.5, "lat_max": 37.2, "lon_min": 60.8, "lon_max": 77.9}


def in_pakistan(lat: float, lon: float) -> bool:
    box = PAKISTAN_BBOX
    return box["lat_min"] <= lat <= box["lat_max"] and box["lon_min"] <= lon <= box["lon_max"]


def choices(enum: type[StrEnum]) -> list[str]:
    """The values of a taxonomy, in declaration order (CLI choices, API enums, docs)."""
    return [member.value for member in enum]


@dataclass(slots=True)
class Item:
    """A tracked cooperation item."""

    id: str
    name: str
    kind: Kind
    pillar: Pillar
    aliases: list[str] = field(default_factory=list)
    province: str | None = None
    city: str | None = None
    lat: float | None = None
    lon: float | None = None
    capacity: float | None = None
    capacity_unit: str | None = None
    cost_amount: float | None = None
    cost_currency: str | None = None
    cost_usd: float | None = None
    parties: list[str] = field(default_factory=list)
    status: Status = Status.UNKNOWN
    status_as_of: str | None = None
    status_basis: str | None = None
    sources: list[str] = field(default_factory=list)
    notes: str | None = None
    origin: Origin = Origin.REGISTRY

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


# The days a source may be dated: a date outside is a typo or a default ("0001-01-01",
# "9999-12-31") and would stretch every timeline to it. The API takes years in this range too.
EARLIEST_PUBLISHED = date(1900, 1, 1)
LATEST_PUBLISHED = date(2100, 12, 31)


def plausible_day(day: date | None) -> bool:
    """Whether a source may be dated `day` (None, no date, is always fine)."""
    return day is None or EARLIEST_PUBLISHED <= day <= LATEST_PUBLISHED


@dataclass(slots=True)
class Document:
    """A document as a reader returns it, before it is stored as a source."""

    text: str
    title: str | None = None
    publisher: str | None = None
    author: str | None = None
    published: date | None = None
    url: str | None = None
    file_name: str | None = None
    kind: SourceKind | None = None
    # `published` is the file's own creation date (a PDF's), not a date the source states:
    # printing a web page to PDF makes it today. A date the user gives replaces it.
    published_from_file: bool = False
    # Read, but not whole (a cut, pages left unread, a plain reader standing in): said beside
    # the document where it is shown, never stored with it.
    note: str | None = None

    @property
    def content_hash(self) -> str:
        return content_hash(body_of(self.text, self.title))


def body_of(text: str, title: str | None) -> str:
    """The text without a first paragraph that is its title: what a source's identity is
    made of. Until extractor 0.2.9 a plain-text headline was cut from the text (it is kept
    now, so that its items count); leaving it out of the identity keeps every stored source's
    id, so re-ingesting after the upgrade replaces its machine claims instead of storing the
    article twice. Pages and feed entries drop such a paragraph from the text anyway. A
    headline over a single line break (a title since analyst QA) is no paragraph and stays
    in: it was never cut, so its sources were always stored under the whole text's hash."""
    if not title:
        return text
    first, gap, rest = text.partition("\n\n")
    if gap and " ".join(first.split()).casefold() == " ".join(title.split()).casefold():
        return rest
    return text


def content_hash(text: str) -> str:
    """A source's identity: the sha256 of its clean text, whitespace-normalised."""
    normalised = " ".join(text.split())
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


def claim_id(source_id: str, start: int, end: int, item_key: str) -> str:
    """Deterministic: re-ingesting the same source yields the same claim ids."""
    raw = f"{source_id}:{start}:{end}:{item_key}".encode()
    return hashlib.sha256(raw).hexdigest()[:32]
