"""Two ingests naming the same new items in opposite orders, at the same moment: on
PostgreSQL each holds the candidate row the other waits for, and PostgreSQL aborts one as a
deadlock. The loser is run again (store.retrying): both documents are stored, nothing is
reported failed. SQLite writes one transaction at a time and cannot deadlock so."""

from __future__ import annotations

import contextlib
import threading
from datetime import date
from typing import Any

import pytest
from sqlalchemy import Engine, event, func, select

from corridor.extract import build_pipeline
from corridor.ingest.base import ReadResult
from corridor.ingest.batch import IngestSummary, ingest
from corridor.model import Document
from corridor.store import transaction
from corridor.store.tables import ClaimRow, ItemRow, SourceRow
from corridor.web.intake import store_entries
from extraction_fixtures import items_extraction

TEXTS = (
    "China will build the Alpha solar park and the Zulu wind farm in Sindh.",
    "The Zulu wind farm and the Alpha solar park will be built by China in Sindh.",
)


class Rendezvous:
    """Holds each thread after its first statement matching `marker`, until the other thread
    has made its own: both then hold a row the other will ask for next."""

    def __init__(self, engine: Engine, marker: str) -> None:
        self.marker, self.barrier, self.local = marker, threading.Barrier(2), threading.local()
        event.listen(engine, "after_cursor_execute", self._after)

    def _after(self, _conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if self.marker in statement and not getattr(self.local, "met", False):
            self.local.met = True  # once a thread: a transaction run again goes straight on
            with contextlib.suppress(threading.BrokenBarrierError):
                self.barrier.wait(timeout=3)


def _side_by_side(*jobs: Any) -> list[Any]:
    results: list[Any] = [None] * len(jobs)
    errors: list[BaseException] = []

    def run(index: int) -> None:
        try:
            results[index] = jobs[index]()
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(jobs))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    return results


@pytest.fixture
def engine(postgres_engine: Engine) -> Engine:
    """PostgreSQL only: SQLite takes one writer at a time, so there is no deadlock to lose."""
    return postgres_engine


def test_opposite_ingests_of_new_items_both_land(engine: Engine) -> None:
    build_pipeline()  # built once before the threads share it
    Rendezvous(engine, "INSERT INTO items")
    documents = [Document(text=t, title=t[:40], published=date(2025, 3, 1)) for t in TEXTS]
    summaries: list[IngestSummary] = _side_by_side(
        *[lambda d=d: ingest([ReadResult(d, d.title or "")], engine=engine) for d in documents]
    )
    assert [(s.new, s.failed) for s in summaries] == [(1, []), (1, [])]
    with transaction(engine) as session:
        names = set(session.scalars(select(ItemRow.name)))
        assert {"Alpha solar park", "Zulu wind farm"} <= names
        assert session.scalar(select(func.count()).select_from(SourceRow)) == 2


def _entry(text: str, names: list[str]) -> dict[str, Any]:
    document = {"text": text, "title": text[:40], "published": "2025-03-01", "kind": None}
    return {"document": document, "extraction": items_extraction(text, names)}


def test_one_request_storing_what_another_stores_in_reverse(engine: Engine) -> None:
    first = _entry(TEXTS[0], ["Alpha solar park", "Zulu wind farm"])
    second = _entry(TEXTS[1], ["Zulu wind farm", "Alpha solar park"])
    Rendezvous(engine, "INSERT INTO sources")
    answers = _side_by_side(
        lambda: store_entries(engine=engine, entries=[first, second]),
        lambda: store_entries(engine=engine, entries=[second, first]),
    )
    # Each answer keeps its request's order; one request stored both, the other found them.
    assert [[s["title"] for s in a] for a in answers] == [
        [TEXTS[0][:40], TEXTS[1][:40]],
        [TEXTS[1][:40], TEXTS[0][:40]],
    ]
    states = sorted(s["state"] for a in answers for s in a)
    assert states == ["duplicate", "duplicate", "new", "new"]
    with transaction(engine) as session:
        assert session.scalar(select(func.count()).select_from(SourceRow)) == 2
        assert session.scalar(select(func.count()).select_from(ClaimRow)) == 4


class _Lost(Exception):
    sqlstate = "40P01"


class _Gone(Exception):
    sqlstate = "57P01"  # the server shut down


def test_a_lost_transaction_fails_its_document_not_the_batch() -> None:
    from sqlalchemy.exc import OperationalError

    from corridor.store.db import database_failure, transient

    lost = OperationalError("INSERT", {}, _Lost("deadlock detected"))
    gone = OperationalError("INSERT", {}, _Gone("terminating connection"))
    assert transient(lost) and database_failure(lost) is None
    failure = database_failure(gone)
    assert not transient(gone) and failure is not None and failure.code == "E206"


def test_sqlite_s_lock_is_run_again_and_stops_a_batch_only_if_it_outlasts_the_retries() -> None:
    # QA: eight uploads at once on SQLite, four lost with 500 "database is locked"
    import sqlite3

    from sqlalchemy.exc import OperationalError

    from corridor.store.db import database_failure, transient

    locked = OperationalError("INSERT", {}, sqlite3.OperationalError("database is locked"))
    assert transient(locked)
    failure = database_failure(locked)
    assert failure is not None and failure.code == "E206"
    readonly = OperationalError(
        "INSERT", {}, sqlite3.OperationalError("attempt to write a readonly database")
    )
    assert not transient(readonly)
