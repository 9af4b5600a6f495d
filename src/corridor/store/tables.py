"""The tables. Migrations under store/migrations create them; this module maps them.

JSON columns hold short lists (aliases, parties, actors) that are read with their row and
never queried inside; anything filtered on has its own column and index.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    event,
    func,
    inspect,
)
from sqlalchemy.engine import Connection
from sqlalchemy.orm import DeclarativeBase, Mapped, Mapper, mapped_column


class Base(DeclarativeBase):
    pass


class ItemRow(Base):
    __tablename__ = "items"

    id: Mapped[str] = mapped_column(String(120), primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    aliases: Mapped[list[str]] = mapped_column(JSON, default=list)
    kind: Mapped[str] = mapped_column(String(20), index=True)
    pillar: Mapped[str] = mapped_column(String(20), index=True)
    province: Mapped[str | None] = mapped_column(String(5), index=True)
    city: Mapped[str | None] = mapped_column(String(200))
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    capacity: Mapped[float | None] = mapped_column(Float)
    capacity_unit: Mapped[str | None] = mapped_column(String(20))
    cost_amount: Mapped[float | None] = mapped_column(Float)
    cost_currency: Mapped[str | None] = mapped_column(String(3))
    cost_usd: Mapped[float | None] = mapped_column(Float)
    parties: Mapped[list[str]] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(20), index=True, default="unknown")
    status_as_of: Mapped[str | None] = mapped_column(String(10))
    status_basis: Mapped[str | None] = mapped_column(String(64))
    sources: Mapped[list[str]] = mapped_column(JSON, default=list)
    notes: Mapped[str | None] = mapped_column(Text)
    origin: Mapped[str] = mapped_column(String(12), index=True, default="registry")
    merged_into: Mapped[str | None] = mapped_column(String(120), index=True)
    overdue: Mapped[bool] = mapped_column(Boolean, default=False)  # as of the last derivation
    # The overdue clock (corridor.track.status.Derived): reads ask overdue_from <= today.
    waiting_since: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    overdue_from: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    status_since: Mapped[str | None] = mapped_column(String(10))
    registry_status: Mapped[str | None] = mapped_column(String(20))
    registry_as_of: Mapped[str | None] = mapped_column(String(10))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, server_default=func.now())
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime, server_default=func.now(), onupdate=func.now()
    )


class CandidateWordRow(Base):
    """A word of a candidate's name or aliases, for linking a new name to the candidates that
    share one of its words (corridor.track.link.best_candidate) without reading them all.

    Holds the words of live candidates (origin candidate, not merged) and only theirs: every
    ORM write of an item keeps its words in step (below), in the same flush; a bulk write of
    items must call corridor.track.link.reindex_candidates itself."""

    __tablename__ = "candidate_words"

    word: Mapped[str] = mapped_column(String(100), primary_key=True)
    item_id: Mapped[str] = mapped_column(
        ForeignKey("items.id", ondelete="CASCADE"), primary_key=True, index=True
    )


# What candidate_words is read from: a change of any of these re-reads an item's words.
WORD_SOURCES = ("name", "aliases", "origin", "merged_into")


@event.listens_for(ItemRow, "after_insert")
def _words_of_new_item(_mapper: Mapper[Any], connection: Connection, target: ItemRow) -> None:
    from corridor.track.link import store_words  # track builds on the store

    store_words(connection=connection, item=target, new=True)


@event.listens_for(ItemRow, "after_update")
def _words_of_changed_item(_mapper: Mapper[Any], connection: Connection, target: ItemRow) -> None:
    state = inspect(target)
    if any(state.attrs[key].history.has_changes() for key in WORD_SOURCES):
        from corridor.track.link import store_words

        store_words(connection=connection, item=target, new=False)


class SourceRow(Base):
    __tablename__ = "sources"

    # The content hash: ingesting the same text twice finds the same row.
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    title: Mapped[str | None] = mapped_column(String(500))
    publisher: Mapped[str | None] = mapped_column(String(200), index=True)
    author: Mapped[str | None] = mapped_column(String(200))
    published: Mapped[dt.date | None] = mapped_column(Date, index=True)
    url: Mapped[str | None] = mapped_column(String(2000))
    file_name: Mapped[str | None] = mapped_column(String(500))
    kind: Mapped[str | None] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text)
    extractor_version: Mapped[str | None] = mapped_column(String(40))
    fetched_at: Mapped[dt.datetime] = mapped_column(DateTime, server_default=func.now())


class ClaimRow(Base):
    __tablename__ = "claims"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    source_id: Mapped[str] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"), index=True)
    item_id: Mapped[str] = mapped_column(ForeignKey("items.id", ondelete="CASCADE"), index=True)
    machine_item_id: Mapped[str | None] = mapped_column(String(120))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    sentence: Mapped[str] = mapped_column(Text)
    modality: Mapped[str] = mapped_column(String(20), index=True)
    negated: Mapped[bool] = mapped_column(Boolean, default=False)
    cue: Mapped[str | None] = mapped_column(String(200))
    mention: Mapped[str | None] = mapped_column(String(300))
    # The date the claim speaks for: a stated date in the sentence, else the source's date.
    claim_date: Mapped[dt.date | None] = mapped_column(Date, index=True)
    amounts: Mapped[list[dict[str, object]]] = mapped_column(JSON, default=list)
    capacities: Mapped[list[dict[str, object]]] = mapped_column(JSON, default=list)
    dates: Mapped[list[dict[str, object]]] = mapped_column(JSON, default=list)
    actors: Mapped[list[str]] = mapped_column(JSON, default=list)
    confidence: Mapped[float] = mapped_column(Float, default=1.0)
    stage: Mapped[str] = mapped_column(String(60))
    version: Mapped[str] = mapped_column(String(40))
    review_state: Mapped[str] = mapped_column(String(12), index=True, default="unreviewed")
    reviewed_by: Mapped[str | None] = mapped_column(String(100))
    reviewed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    review_note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, server_default=func.now())

    __table_args__ = (Index("ix_claims_item_date", "item_id", "claim_date"),)


class EventRow(Base):
    __tablename__ = "events"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    source_id: Mapped[str | None] = mapped_column(
        ForeignKey("sources.id", ondelete="CASCADE"), index=True
    )
    type: Mapped[str] = mapped_column(String(20), index=True)
    date: Mapped[dt.date | None] = mapped_column(Date, index=True)
    end_date: Mapped[dt.date | None] = mapped_column(Date)
    actors: Mapped[list[str]] = mapped_column(JSON, default=list)
    place: Mapped[str | None] = mapped_column(String(200))
    evidence: Mapped[str | None] = mapped_column(Text)
    start: Mapped[int | None] = mapped_column(Integer)
    end: Mapped[int | None] = mapped_column(Integer)


class EventItemRow(Base):
    __tablename__ = "event_items"

    event_id: Mapped[str] = mapped_column(
        ForeignKey("events.id", ondelete="CASCADE"), primary_key=True
    )
    item_id: Mapped[str] = mapped_column(
        ForeignKey("items.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class StatusOverrideRow(Base):
    __tablename__ = "status_overrides"

    item_id: Mapped[str] = mapped_column(
        ForeignKey("items.id", ondelete="CASCADE"), primary_key=True
    )
    status: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(Text)
    by: Mapped[str] = mapped_column(String(100))
    at: Mapped[dt.datetime] = mapped_column(DateTime)


class ItemWalkRow(Base):
    """An item's claims as the status walk reads them, kept by re-derivation for the promise
    tracker (corridor.track.walks): one row read per promised item instead of its claims."""

    __tablename__ = "item_walks"

    item_id: Mapped[str] = mapped_column(
        ForeignKey("items.id", ondelete="CASCADE"), primary_key=True
    )
    # corridor.track.walks.rules_key of the rules it was stored under.
    rules: Mapped[str] = mapped_column(String(16))
    entries: Mapped[str] = mapped_column(Text)


class AuditRow(Base):
    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, index=True)
    actor: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(40))
    target: Mapped[str] = mapped_column(String(120), index=True)
    detail: Mapped[dict[str, object]] = mapped_column(JSON, default=dict)
