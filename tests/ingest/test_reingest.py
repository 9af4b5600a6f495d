"""Re-ingesting after an extractor upgrade: a document read again without the day it was
first given (`--published`) keeps that day, for its source and for its claims' dates (QA:
every re-made claim lost its date, and "on Monday" could no longer be resolved)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Engine, select, update

from corridor.ingest.base import ReadResult
from corridor.ingest.batch import ingest
from corridor.model import Document
from corridor.store import transaction
from corridor.store.tables import ClaimRow, SourceRow

TEXT = (
    "Pakistan and China signed an agreement on the Rashakai SEZ on Monday. "
    "Work on the Dhabeji SEZ is under way, officials said."
)


def _claims(engine: Engine) -> dict[str, date | None]:
    with transaction(engine) as session:
        rows = session.execute(select(ClaimRow.sentence, ClaimRow.claim_date, ClaimRow.version))
        return {f"{sentence[:20]}|{version}": day for sentence, day, version in rows}


def test_reingest_without_the_given_day_keeps_it(engine: Engine) -> None:
    first = Document(text=TEXT, title="Zones", published=date(2025, 10, 1))  # a Wednesday
    summary = ingest([ReadResult(first, "zones.txt")], engine=engine)
    assert summary.new == 1
    before = _claims(engine)
    assert set(before.values()) == {date(2025, 9, 29), date(2025, 10, 1)}
    with transaction(engine) as session:  # as if stored by an earlier extractor
        session.execute(update(SourceRow).values(extractor_version="0.0.1"))
    again = Document(text=TEXT)  # read again, no --published
    summary = ingest([ReadResult(again, "zones.txt")], engine=engine)
    assert (summary.updated, summary.failed) == (1, [])
    after = _claims(engine)
    assert sorted(after.values()) == sorted(before.values())  # "on Monday" still 29 September
    with transaction(engine) as session:
        source = session.scalars(select(SourceRow)).one()
    assert (source.published, source.title) == (date(2025, 10, 1), "Zones")


def test_reingest_with_a_day_replaces_the_stored_one(engine: Engine) -> None:
    ingest([ReadResult(Document(text=TEXT, title="Zones"), "zones.txt")], engine=engine)
    with transaction(engine) as session:
        session.execute(update(SourceRow).values(extractor_version="0.0.1"))
    dated = Document(text=TEXT, published=date(2025, 10, 1))
    ingest([ReadResult(dated, "zones.txt")], engine=engine)
    with transaction(engine) as session:
        source = session.scalars(select(SourceRow)).one()
    assert (source.published, source.title) == (date(2025, 10, 1), "Zones")
    assert date(2025, 9, 29) in _claims(engine).values()


def test_a_day_given_later_dates_a_text_stored_undated(engine: Engine) -> None:
    # QA: `ingest --published` on the op-ed first ingested without a day said "duplicate",
    # and its claims stayed undated, out of every promise window.
    ingest([ReadResult(Document(text=TEXT, title="Zones"), "zones.txt")], engine=engine)
    assert set(_claims(engine).values()) == {None}
    dated = Document(text=TEXT, published=date(2025, 10, 1))
    summary = ingest([ReadResult(dated, "zones.txt")], engine=engine)
    assert (summary.updated, summary.duplicate) == (1, 0)
    assert set(_claims(engine).values()) == {date(2025, 9, 29), date(2025, 10, 1)}
    again = ingest([ReadResult(dated, "zones.txt")], engine=engine)
    assert (again.updated, again.duplicate) == (0, 1)  # dated now: a duplicate
