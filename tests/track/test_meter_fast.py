"""The promise tracker's fast path (corridor.track.meter.track_window) against the
straightforward one: every claim of every item through corridor.track.promises, on random
small databases (seeded), on SQLite and PostgreSQL, with the items' walks stored by
re-derivation (corridor.track.walks) and without."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from itertools import groupby

import pytest
from sqlalchemy import Engine, delete, func, select
from sqlalchemy.orm import Session

from corridor.model import Modality, ReviewState, Status
from corridor.store import transaction
from corridor.store.tables import ClaimRow, ItemRow, ItemWalkRow, SourceRow, StatusOverrideRow
from corridor.track.derive import _claims, item_overrides, refresh_statuses, registry_fact
from corridor.track.meter import describe, promises_report, track_window
from corridor.track.promises import Promise, track_promises
from corridor.track.review import merge_items, review_claim
from corridor.track.status import StatusRules

FIRST = date(2020, 1, 1)
DAYS = 4 * 365
CUES = [None, None, "stalled", "cancelled", "called off", "delayed", "shelved"]
STATES = [
    ReviewState.UNREVIEWED,
    ReviewState.UNREVIEWED,
    ReviewState.UNREVIEWED,
    ReviewState.ACCEPTED,
    ReviewState.REJECTED,
    ReviewState.CORRECTED,
]


REGISTRY = [(None, None), (None, None), ("operational", "2021-05"), ("stalled", "2022"),
            ("under_construction", "2020-03-15"), ("pledged", None)]  # fmt: skip


def _fill(session: Session, rng: random.Random, items: int, claims: int) -> None:
    # Some items carry the registry's sourced status (the tracker reads it after a promise).
    registry = [rng.choice(REGISTRY) for _ in range(items)]
    session.add_all(
        ItemRow(
            id=f"item-{n:03d}",
            name=f"Item {n}",
            kind="project",
            pillar="energy",
            registry_status=registry[n][0],
            registry_as_of=registry[n][1],
        )
        for n in range(items)
    )
    session.add_all(
        SourceRow(id=f"{n:064x}", title=f"Source {n}", url=f"https://example.org/{n}", text="x")
        for n in range(5)
    )
    session.flush()
    modalities = list(Modality)
    for n in range(claims):
        # Few distinct days, so that ties on date (and on rank) are common.
        day = FIRST + timedelta(days=rng.randrange(0, DAYS, 15)) if rng.random() < 0.93 else None
        session.add(
            ClaimRow(
                id=f"{rng.getrandbits(64):016x}{n:04d}"[-32:],
                source_id=f"{rng.randrange(5):064x}",
                item_id=f"item-{rng.randrange(items):03d}",
                start=0,
                end=1,
                sentence=f"Claim {n}.",
                modality=str(rng.choice(modalities)),
                negated=rng.random() < 0.15,
                cue=rng.choice(CUES),
                claim_date=day,
                confidence=rng.choice([0.2, 0.49, 0.5, 0.7, 0.9, 1.0]),
                stage="test",
                version="test-1",
                review_state=str(rng.choice(STATES)),
            )
        )
    # And a few carry an analyst's override, made on some day of the period.
    for n in rng.sample(range(items), max(1, items // 8)):
        session.add(
            StatusOverrideRow(
                item_id=f"item-{n:03d}", status=str(rng.choice(list(Status))), reason="r",
                by="t", at=datetime.combine(FIRST + timedelta(days=rng.randrange(DAYS)), time()),
            )
        )  # fmt: skip
    session.flush()


def _straightforward(
    session: Session,
    window_start: date,
    window_end: date,
    as_of: date,
    rules: StatusRules | None = None,
) -> list[Promise]:
    """Every claim of every item, walked by the pure tracker, with the items' registry
    facts and overrides."""
    facts = {
        item_id: [fact for _, fact in group]
        for item_id, group in groupby(_claims(session, None), key=lambda p: p[0])
    }
    registry = {
        item_id: fact
        for item_id, status, since in session.execute(
            select(ItemRow.id, ItemRow.registry_status, ItemRow.registry_as_of)
        )
        if (fact := registry_fact(status, since)) is not None
    }
    return track_promises(facts, window_start=window_start, window_end=window_end, as_of=as_of,
                          registry=registry, overrides=item_overrides(session, None),
                          rules=rules)  # fmt: skip


def _compare(session: Session, rng: random.Random, windows: int = 25) -> int:
    """Random windows and dates, the fast path against every claim walked; the promises
    compared."""
    checked = 0
    for _ in range(windows):
        start = FIRST + timedelta(days=rng.randrange(-60, DAYS))
        end = start + timedelta(days=rng.choice([0, 6, 30, 90, 400]))
        as_of = start + timedelta(days=rng.randrange(-30, DAYS))
        fast = track_window(session=session, window_start=start, window_end=end, as_of=as_of)
        slow = _straightforward(session, start, end, as_of)
        assert fast == slow, (start, end, as_of)
        assert describe(session, fast) == describe(session, slow)
        checked += len(slow)
    return checked


def _walks(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(ItemWalkRow)) or 0


@pytest.mark.parametrize("stored", [False, True], ids=["claims", "stored walks"])
@pytest.mark.parametrize("seed", range(4))
def test_fast_path_matches_every_claim_walked(engine: Engine, seed: int, stored: bool) -> None:
    rng = random.Random(seed)
    with transaction(engine) as session:
        _fill(session, rng, items=40, claims=600)
        if stored:
            refresh_statuses(session=session)
            assert _walks(session) == 40
        else:
            assert _walks(session) == 0
        assert _compare(session, rng) > 50  # the windows found promises to compare


def test_stored_walks_follow_reviews_merges_and_new_claims(engine: Engine) -> None:
    """Every write that changes what an item's walk reads re-derives it: the stored walks
    keep answering as the claims do."""
    rng = random.Random(7)
    with transaction(engine) as session:
        _fill(session, rng, items=20, claims=300)
        refresh_statuses(session=session)
        promises = [
            c
            for c in session.scalars(select(ClaimRow).order_by(ClaimRow.id))
            if c.modality in {"pledge", "agreement"} and c.claim_date is not None
        ]
        for claim in promises[:6]:
            review_claim(session=session, claim_id=claim.id, actor="t", reject=True)
        for claim in promises[6:10]:
            review_claim(session=session, claim_id=claim.id, actor="t", modality="delivery")
        merge_items(session=session, keep="item-001", merge="item-002", actor="t")
        assert _compare(session, rng, windows=30) > 20
        # A new claim, re-derived as ingest does it.
        _fill_one(session, item="item-003", day=date(2021, 3, 1), modality="delivery")
        refresh_statuses(session=session, item_ids=["item-003"])
        assert _compare(session, rng, windows=30) > 20


def _fill_one(session: Session, *, item: str, day: date, modality: str) -> None:
    session.add(
        ClaimRow(
            id=f"added{item}{day:%Y%m%d}"[-32:],
            source_id=f"{0:064x}",
            item_id=item,
            start=0,
            end=1,
            sentence="Added.",
            modality=modality,
            claim_date=day,
            stage="test",
            version="test-1",
        )
    )
    session.flush()


def test_report_reads_the_fast_path(engine: Engine) -> None:
    rng = random.Random(99)
    with transaction(engine) as session:
        _fill(session, rng, items=30, claims=400)
        report = promises_report(
            session=session, since=date(2021, 1, 1), until=date(2021, 6, 30), as_of=date(2023, 1, 1)
        )
        slow = _straightforward(session, date(2021, 1, 1), date(2021, 6, 30), date(2023, 1, 1))
        assert report["promises"] == describe(session, slow)
        assert report["promises"]
        outcomes = {row["outcome"] for row in report["promises"]}
        assert len(outcomes) > 1


def test_promises_page_counts_and_pages_as_the_full_report(engine: Engine) -> None:
    from corridor.store.insights import METER_SLUGS, promises_page

    rng = random.Random(5)
    with transaction(engine) as session:
        _fill(session, rng, items=40, claims=600)
        since, until, as_of = date(2020, 6, 1), date(2021, 6, 30), date(2023, 1, 1)
        rows = describe(session, _straightforward(session, since, until, as_of))
        assert len(rows) > 8
        for meter in (None, *sorted(set(METER_SLUGS.values()))):
            shown = [r for r in rows if meter is None or METER_SLUGS[r["meter"]] == meter]
            seen: list[dict[str, object]] = []
            cursor = None
            while True:
                page = promises_page(
                    session=session, since=since, until=until, as_of=as_of, meter=meter,
                    cursor=cursor, size=3,
                )  # fmt: skip
                assert page["total"] == len(rows)
                assert sum(page["by_meter"].values()) == len(rows)
                seen += [{k: v for k, v in r.items() if k != "pillar"} for r in page["rows"]]
                cursor = page["next"]
                if cursor is None:
                    break
            assert seen == shown


def test_a_full_re_derivation_stores_walks_chunk_by_chunk_while_reading(engine: Engine) -> None:
    """More items than a chunk: walks are written while the claims are still streaming in,
    and every one lands, each as the item's own claims make it."""
    from sqlalchemy import insert

    from corridor.store.db import CHUNK

    items = CHUNK * 2 + 7
    with transaction(engine) as session:
        session.add(SourceRow(id="s" * 64, text="x"))
        session.execute(
            insert(ItemRow),
            [{"id": f"w{n:05d}", "name": f"W {n}", "kind": "project", "pillar": "energy",
              "aliases": [], "parties": [], "sources": []} for n in range(items)],
        )  # fmt: skip
        session.execute(
            insert(ClaimRow),
            [{"id": f"c{n:05d}{k}", "source_id": "s" * 64, "item_id": f"w{n:05d}", "start": 0,
              "end": 1, "sentence": "x", "modality": modality, "claim_date": day,
              "stage": "test", "version": "test-1", "amounts": [], "capacities": [],
              "dates": [], "actors": []}
             for n in range(items)
             for k, (modality, day) in enumerate(
                 [("pledge", FIRST + timedelta(days=n % 90)), ("delivery", None)])],
        )  # fmt: skip
        refresh_statuses(session=session)
        assert _walks(session) == items
        walk = session.get(ItemWalkRow, f"w{items - 1:05d}")
        assert walk is not None
        day = FIRST + timedelta(days=(items - 1) % 90)
        # The undated delivery is left out: a promise's walk reads what comes after it.
        assert walk.entries == f'[["{day.isoformat()}",3,"c{items - 1:05d}0","pledged"]]'


def test_store_walks_stores_what_re_derivation_does_and_leaves_statuses(engine: Engine) -> None:
    from corridor.track.derive import store_walks

    def walks(session: Session) -> dict[str, str]:
        return {w.item_id: w.entries for w in session.scalars(select(ItemWalkRow))}

    rng = random.Random(3)
    with transaction(engine) as session:
        _fill(session, rng, items=40, claims=500)
        session.add(ItemRow(id="no-claims", name="No claims", kind="project", pillar="energy",
                            registry_status="operational", registry_as_of="2021-05"))  # fmt: skip
        session.flush()
        statuses = {i: st for i, st in session.execute(select(ItemRow.id, ItemRow.status))}
        assert store_walks(session=session) == 41
        stored = walks(session)
        assert {i: st for i, st in session.execute(select(ItemRow.id, ItemRow.status))} == statuses
        assert stored["no-claims"] == "[]"  # the registry's evidence is not a claim
        assert store_walks(session=session) == 0  # nothing changed, nothing written
        session.execute(delete(ItemWalkRow))
        refresh_statuses(session=session)
        assert walks(session) == stored
        assert _compare(session, rng) > 50


def test_walks_stored_under_other_rules_are_not_read(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A rule table changed after the walks were stored (an upgrade): the tracker reads the
    claims, and answers as the new rules say."""
    import dataclasses

    from corridor.track import meter
    from corridor.track.status import load_rules

    rng = random.Random(11)
    with transaction(engine) as session:
        _fill(session, rng, items=40, claims=600)
        refresh_statuses(session=session)  # walks stored under the bundled rules
        start, end, as_of = date(2020, 6, 1), date(2021, 6, 30), date(2023, 6, 1)
        before = _straightforward(session, start, end, as_of)
        strict = dataclasses.replace(load_rules(), min_confidence=0.8)
        monkeypatch.setattr(meter, "load_rules", lambda: strict)  # the new version's table
        fast = track_window(session=session, window_start=start, window_end=end, as_of=as_of)
        after = _straightforward(session, start, end, as_of, rules=strict)
        assert fast == after
        assert after != before  # the new rules do change the answer
