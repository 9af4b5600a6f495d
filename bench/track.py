"""Status derivation at scale: a full re-derivation beside the update one document makes.

    python bench/track.py [--items 100000] [--claims 1000000]

Generates items and claims into a fresh SQLite database, then times (1) re-deriving every
status from every claim, and (2) storing one new document and re-deriving only the
statuses it touches, as ingest does, in the same process.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from datetime import date, timedelta

from sqlalchemy import func, insert, select

from corridor.model import Document, Modality
from corridor.store import make_engine, transaction, upgrade
from corridor.store.sources import store_extraction
from corridor.store.tables import ClaimRow, ItemRow, SourceRow
from corridor.track.derive import refresh_statuses

MODALITIES = [m.value for m in Modality]
WEIGHTS = [8, 4, 10, 8, 10, 8, 6, 46]  # mentions dominate real text


def generate(engine: object, items: int, claims: int, seed: int = 11) -> None:
    rng = random.Random(seed)
    with transaction(engine) as session:  # type: ignore[arg-type]
        session.execute(
            insert(ItemRow),
            [
                {
                    "id": f"item-{i}",
                    "name": f"Item {i}",
                    "aliases": [],
                    "kind": "project",
                    "pillar": "energy",
                    "parties": [],
                    "sources": [],
                    "status": "unknown",
                    "origin": "candidate",
                    "overdue": False,
                }
                for i in range(items)
            ],
        )
        session.execute(
            insert(SourceRow),
            [
                {"id": f"source-{s}", "text": "generated", "title": f"Source {s}"}
                for s in range(claims // 10 + 1)
            ],
        )
    day0 = date(2015, 1, 1)
    batch = 100_000
    for offset in range(0, claims, batch):
        rows = []
        for n in range(offset, min(offset + batch, claims)):
            # A long tail: a few items gather many claims, as CPEC itself does.
            item = (
                min(int(rng.paretovariate(1.2)) - 1, items - 1)
                if n % 3 == 0
                else rng.randrange(items)
            )
            rows.append(
                {
                    "id": f"c{n}",
                    "source_id": f"source-{n // 10}",
                    "item_id": f"item-{item}",
                    "machine_item_id": f"item-{item}",
                    "start": 0,
                    "end": 9,
                    "sentence": "generated",
                    "modality": rng.choices(MODALITIES, WEIGHTS)[0],
                    "negated": False,
                    "claim_date": day0 + timedelta(days=rng.randrange(4000)),
                    "amounts": [],
                    "capacities": [],
                    "dates": [],
                    "actors": [],
                    "confidence": 0.9,
                    "stage": "bench",
                    "version": "bench",
                    "review_state": "unreviewed",
                }
            )
        with transaction(engine) as session:  # type: ignore[arg-type]
            session.execute(insert(ClaimRow), rows)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--claims", type=int, default=1_000_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{tmp}/track.db")
        upgrade(engine)
        start = time.perf_counter()
        generate(engine, args.items, args.claims)
        print(
            f"generated {args.items} items, {args.claims} claims in "
            f"{time.perf_counter() - start:.1f}s (SQLite)"
        )

        start = time.perf_counter()
        with transaction(engine) as session:
            changed = refresh_statuses(session=session)
        full = time.perf_counter() - start
        print(f"full re-derivation:      {full:8.2f}s  ({changed} statuses set)")

        def store_one(numbers: tuple[int, ...], day: date) -> float:
            """Store one new document on these items and re-derive them, as ingest does."""
            names = " and ".join(f"Item {n}" for n in numbers)
            text = f"Work on {names} is under way, officials said."
            document = Document(text=text, published=day)
            evidence = {"sentence": text, "start": 0, "end": len(text), "modality": "progress"}
            extraction = {
                "items": [
                    {"item_id": f"item-{n}", "name": f"Item {n}", "evidence": [evidence]}
                    for n in numbers
                ]
            }
            start = time.perf_counter()
            with transaction(engine) as session:
                stored = store_extraction(
                    session=session, document=document, extraction=extraction, version="bench"
                )
                refresh_statuses(session=session, item_ids=stored.items)
            return time.perf_counter() - start

        one = store_one((7, 123), date(2026, 1, 5))
        with transaction(engine) as session:
            busiest = session.execute(
                select(ClaimRow.item_id, func.count())
                .group_by(ClaimRow.item_id)
                .order_by(func.count().desc())
                .limit(1)
            ).one()
        print(f"one document, 2 items:   {one:8.4f}s  (only the touched statuses)")
        print(f"ratio full / one:        {full / one:8.0f}x")
        # The long tail's head: every claim of the busiest item is read again.
        heavy = store_one((int(busiest[0].removeprefix("item-")),), date(2026, 1, 6))
        print(f"one document, busiest item ({busiest[0]}, {busiest[1]} claims): {heavy:8.4f}s")
        engine.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
