"""Merges of one pair of items at the same time, each in its own thread, session and
connection, on a SQLite file and on PostgreSQL: one merge wins, every other one is told E403,
and no cycle is ever left (an item merged into an item merged into it: both gone)."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, select

from corridor.errors import CorridorError
from corridor.model import Document
from corridor.registry import read_registry
from corridor.store import transaction
from corridor.store.items import upsert_items
from corridor.store.sources import store_extraction
from corridor.store.tables import AuditRow, ClaimRow, ItemRow
from corridor.track.review import merge_items

SMALL = Path(__file__).parent.parent / "data" / "registry" / "small.csv"
A, B = "gwadar-port", "rashakai-sez"
TEXT = "The Gwadar Port is operational. Work on the Rashakai SEZ is under way."


def _evidence(sentence: str, modality: str) -> dict[str, Any]:
    start = TEXT.index(sentence)
    return {
        "sentence": sentence,
        "start": start,
        "end": start + len(sentence),
        "modality": modality,
    }


@pytest.fixture
def pair(engine: Engine) -> Engine:
    """Two registry items with one claim each."""
    extraction = {
        "items": [
            {
                "item_id": A,
                "name": "Gwadar Port",
                "evidence": [_evidence("The Gwadar Port is operational.", "delivery")],
            },
            {
                "item_id": B,
                "name": "Rashakai SEZ",
                "evidence": [_evidence("Work on the Rashakai SEZ is under way.", "progress")],
            },
        ]
    }
    with transaction(engine) as session:
        upsert_items(session=session, items=read_registry(SMALL))
        store_extraction(
            session=session,
            document=Document(text=TEXT, published=date(2025, 3, 1)),
            extraction=extraction,
            version="1",
        )
    return engine


def _merge(engine: Engine, keep: str, merge: str) -> str:
    """One merge in its own session: "ok", or the code of the CorridorError it raised (any
    other error, such as an IntegrityError or a deadlock, fails the test)."""
    try:
        with transaction(engine) as session:
            merge_items(session=session, keep=keep, merge=merge, actor=f"{keep}<-{merge}")
    except CorridorError as exc:
        return exc.code
    return "ok"


def _interleaved(engine: Engine, first: tuple[str, str], second: tuple[str, str]) -> str:
    """`first` merges and, before it commits, `second` starts in another thread and reads
    the items as they were; then `first` commits. Returns what `second` got."""
    with ThreadPoolExecutor(1) as pool:
        with transaction(engine) as session:
            merge_items(session=session, keep=first[0], merge=first[1], actor="first")
            later = pool.submit(_merge, engine, *second)
            time.sleep(1.0)
            # Still waiting on the first's write lock (SQLite) or row locks (PostgreSQL).
            assert not later.done(), later.result()
        return later.result(timeout=30)


def _assert_one_survivor(engine: Engine, merges: int = 1) -> str:
    with transaction(engine) as session:
        query = select(ItemRow.id, ItemRow.merged_into).where(ItemRow.id.in_([A, B]))
        merged = dict(session.execute(query).all())
        owners = set(session.scalars(select(ClaimRow.item_id)))
        audits = list(session.scalars(select(AuditRow.action).where(AuditRow.action == "merge")))
    assert sorted(v is None for v in merged.values()) == [False, True], merged  # no cycle
    survivor = next(k for k, v in merged.items() if v is None)
    gone = next(k for k in merged if k != survivor)
    assert merged[gone] == survivor
    assert owners == {survivor}, "every claim is on the surviving item"
    assert len(audits) == merges
    return survivor


def test_opposite_merges_interleaved_one_wins(pair: Engine) -> None:
    assert _interleaved(pair, (A, B), (B, A)) == "E403"
    assert _assert_one_survivor(pair) == A


def test_same_merge_twice_interleaved_one_wins(pair: Engine) -> None:
    assert _interleaved(pair, (A, B), (A, B)) == "E403"
    assert _assert_one_survivor(pair) == A


def test_merge_into_an_item_being_merged_away_is_refused(pair: Engine) -> None:
    """Folding B into A while A is being folded into another item: A must still be live
    when the merge commits, else B's claims would land on an item that is gone."""
    assert _interleaved(pair, ("huawei", A), (A, B)) == "E403"
    with transaction(pair) as session:
        merged = dict(session.execute(select(ItemRow.id, ItemRow.merged_into)).all())
        claims = select(ClaimRow.machine_item_id, ClaimRow.item_id)
        owners = dict(session.execute(claims).all())
    assert (merged[A], merged[B]) == ("huawei", None)
    assert owners == {A: "huawei", B: B}


def test_parallel_merges_of_one_pair_leave_one_survivor(pair: Engine) -> None:
    asked = [(A, B), (B, A), (A, B), (B, A)]
    start = threading.Barrier(len(asked))

    def run(keep: str, merge: str) -> str:
        start.wait()
        return _merge(pair, keep, merge)

    with ThreadPoolExecutor(len(asked)) as pool:
        results = list(pool.map(lambda km: run(*km), asked))
    assert sorted(results) == ["E403", "E403", "E403", "ok"], results
    winner = asked[results.index("ok")]
    assert _assert_one_survivor(pair) == winner[0]


def test_merge_errors_are_unchanged(pair: Engine) -> None:
    assert _merge(pair, A, A) == "E403"
    assert _merge(pair, A, "no-such-item") == "E202"
    assert _merge(pair, "no-such-item", A) == "E202"
    assert _merge(pair, A, B) == "ok"
    assert _merge(pair, B, A) == "E403"  # B is merged: use the surviving id
    assert _merge(pair, "huawei", B) == "E403"
    assert _assert_one_survivor(pair) == A


def test_an_override_on_a_merged_item_is_refused(pair: Engine) -> None:
    from corridor.track.review import override_status

    with transaction(pair) as session:
        merge_items(session=session, keep=A, merge=B, actor="boss")
    with pytest.raises(CorridorError, match=f"merged into {A}"), transaction(pair) as session:
        override_status(session=session, item_id=B, status="stalled", reason="x", actor="boss")
