"""What the stages find, as plain records hung on the Doc (offsets are character offsets)."""

from __future__ import annotations

from dataclasses import dataclass, field

from corridor.model import Kind, Modality, Pillar


@dataclass(slots=True)
class Mention:
    """One place in the text that names a cooperation item (registry or candidate)."""

    start: int
    end: int
    key: str  # registry id, or "candidate:<normalised name>"
    item_id: str | None
    name: str
    kind: Kind
    pillar: Pillar
    confidence: float
    # "alias", "acronym", "derived", "named", "quantified", "topic", "vocabulary", "untracked"
    source: str

    @property
    def candidate(self) -> bool:
        return self.item_id is None


@dataclass(slots=True)
class Cue:
    start: int
    end: int
    modality: Modality
    text: str
    negated: bool = False


@dataclass(slots=True)
class Claim:
    """What one sentence says of one mention."""

    mention: int  # index into doc._.items
    sentence: int  # index into doc._.sent_bounds
    modality: Modality
    cue: str | None
    negated: bool


@dataclass(slots=True)
class DateRef:
    start: int
    end: int
    text: str
    date: str  # ISO date of the first day
    end_date: str | None
    granularity: str  # "day", "month", "quarter", "year"


@dataclass(slots=True)
class Amount:
    start: int
    end: int
    text: str
    value: float
    currency: str
    usd: float | None
    item_id: str | None = None
    item_key: str | None = None


@dataclass(slots=True)
class Capacity:
    start: int
    end: int
    text: str
    value: float
    unit: str
    item_id: str | None = None
    item_key: str | None = None


@dataclass(slots=True)
class Actor:
    start: int
    end: int
    text: str
    name: str
    kind: str  # "person" or "organization"


@dataclass(slots=True)
class Event:
    type: str
    start: int
    end: int
    evidence: str
    date: str | None = None
    end_date: str | None = None
    actors: list[str] = field(default_factory=list)
    place: str | None = None
    item_ids: list[str] = field(default_factory=list)
    # The date is the day something was reported ("..., Xinhua reported on Tuesday"), not
    # one the event is told to have happened on: another sentence's day may replace it.
    reported_day: bool = False


@dataclass(slots=True)
class Statistic:
    start: int
    end: int
    text: str
    value: float
    unit: str
    about: str | None
