"""A scripted history across many sources, stored and derived as corridor would."""

from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, select

from corridor.model import Document
from corridor.registry import read_registry
from corridor.store import transaction
from corridor.store.items import get_item, upsert_items
from corridor.store.sources import store_extraction
from corridor.store.tables import AuditRow, ClaimRow
from corridor.track.derive import refresh_statuses
from corridor.track.review import merge_items, override_status, review_claim, split_item
from corridor.track.timeline import item_timeline

SMALL = Path(__file__).parent.parent / "data" / "registry" / "small.csv"
CUES = {"problem": "stalled", "cancel": "cancelled"}

# (published, item name, modality, sentence): one source each, in the order they ran.
HISTORY = [
    (
        "2025-02-03",
        "Sukkur solar park",
        "recommendation",
        "Pakistan should build the Sukkur solar park.",
    ),
    ("2025-04-10", "Sukkur solar park", "pledge", "China will finance the Sukkur solar park."),
    ("2025-09-01", "Sukkur solar park", "agreement", "An MoU on the Sukkur solar park was signed."),
    ("2026-01-15", "Sukkur solar park", "progress", "The Sukkur solar park is under construction."),
    ("2026-10-02", "Sukkur solar park", "delivery", "The Sukkur solar park was inaugurated."),
    ("2025-04-10", "Quetta water scheme", "pledge", "China will fund the Quetta water scheme."),
    ("2025-11-20", "Quetta water scheme", "problem", "The Quetta water scheme has stalled."),
    ("2025-03-01", "Swat cable car", "agreement", "A contract for the Swat cable car was signed."),
    ("2025-12-01", "Swat cable car", "cancel", "The Swat cable car was cancelled."),
]


def _doc(published: str, name: str, modality: str, sentence: str) -> tuple[Document, dict]:
    text = f"Report of {published}. {sentence}"
    start = text.index(sentence)
    mention = name.split()[0]
    cue = CUES.get(modality)
    evidence = {
        "sentence": sentence,
        "start": start,
        "end": len(text),
        "modality": "problem" if modality == "cancel" else modality,
        "cue": cue,
    }
    extraction = {
        "items": [
            {
                "item_id": None,
                "name": f"the {name}",
                "kind": "project",
                "pillar": "energy",
                "mentions": [
                    {
                        "text": mention,
                        "start": text.index(mention, start),
                        "end": text.index(mention, start) + len(mention),
                    }
                ],
                "evidence": [evidence],
            }
        ]
    }
    return Document(text=text, title=sentence, published=date.fromisoformat(published)), extraction


def ingest(engine: Engine, rows: list[tuple[str, str, str, str]], version: str = "1") -> None:
    for row in rows:
        document, extraction = _doc(*row)
        with transaction(engine) as session:
            stored = store_extraction(
                session=session, document=document, extraction=extraction, version=version
            )
            refresh_statuses(session=session, item_ids=stored.items)


def status(engine: Engine, name: str, as_of: str | None = None) -> tuple[str, bool]:
    from corridor.track.link import candidate_id, follow

    with transaction(engine) as session:
        item_id = follow(session=session, item_id=candidate_id(name)) or candidate_id(name)
        if as_of:
            refresh_statuses(session=session, item_ids=[item_id], as_of=date.fromisoformat(as_of))
        item = get_item(session=session, item_id=item_id)
        assert item is not None
        from corridor.store.tables import ItemRow

        row = session.get(ItemRow, item_id)
        assert row is not None
        return str(item.status), bool(row.overdue)


@pytest.mark.parametrize(
    ("as_of", "solar", "water", "cable"),
    [
        ("2025-02-28", "proposed", "unknown", "unknown"),
        ("2025-05-01", "pledged", "pledged", "agreed"),
        ("2025-10-01", "agreed", "pledged", "agreed"),
        ("2025-12-31", "agreed", "stalled", "cancelled"),
        ("2026-02-01", "under_construction", "stalled", "cancelled"),
        ("2026-11-01", "operational", "stalled", "cancelled"),
    ],
)
def test_history_derives_each_status_as_of_each_date(
    engine: Engine, as_of: str, solar: str, water: str, cable: str
) -> None:
    ingest(engine, HISTORY)
    assert status(engine, "Sukkur solar park", as_of)[0] == solar
    assert status(engine, "Quetta water scheme", as_of)[0] == water
    assert status(engine, "Swat cable car", as_of)[0] == cable


def test_history_in_any_ingest_order_ends_the_same(engine: Engine) -> None:
    ingest(engine, list(reversed(HISTORY)))
    assert status(engine, "Sukkur solar park")[0] == "operational"
    assert status(engine, "Quetta water scheme")[0] == "stalled"
    assert status(engine, "Swat cable car")[0] == "cancelled"


def test_pledge_without_progress_turns_overdue_after_the_setting(engine: Engine) -> None:
    ingest(
        engine,
        [("2024-01-10", "Gilgit hospital", "pledge", "China will build the Gilgit hospital.")],
    )
    assert status(engine, "Gilgit hospital", "2025-01-01") == ("pledged", False)
    assert status(engine, "Gilgit hospital", "2025-08-01") == ("pledged", True)


def test_timeline_lists_claims_in_date_order_with_sources(engine: Engine) -> None:
    ingest(engine, list(reversed(HISTORY)))
    from corridor.track.link import candidate_id

    with transaction(engine) as session:
        story = item_timeline(session=session, item_id=candidate_id("Sukkur solar park"))
    dates = [c["date"] for c in story["claims"]]
    assert dates == sorted(dates) and len(dates) == 5
    assert story["claims"][0]["modality"] == "recommendation"
    assert story["item"]["status"] == "operational"
    assert story["claims"][-1]["source_title"] == "The Sukkur solar park was inaugurated."


def test_registry_status_is_evidence_that_newer_claims_update(engine: Engine) -> None:
    with transaction(engine) as session:
        upsert_items(session=session, items=read_registry(SMALL))
        refresh_statuses(session=session)
        assert get_item(session=session, item_id="gwadar-port").status == "operational"  # type: ignore[union-attr]
    document = Document(text="Gwadar Port operations were suspended.", published=date(2026, 5, 1))
    extraction = {
        "items": [
            {
                "item_id": "gwadar-port",
                "name": "Gwadar Port",
                "evidence": [
                    {
                        "sentence": document.text,
                        "start": 0,
                        "end": 38,
                        "modality": "problem",
                        "cue": "suspended",
                    }
                ],
            }
        ]
    }
    with transaction(engine) as session:
        stored = store_extraction(
            session=session, document=document, extraction=extraction, version="1"
        )
        refresh_statuses(session=session, item_ids=stored.items)
        item = get_item(session=session, item_id="gwadar-port")
    assert (
        item is not None
        and item.status == "stalled"
        and item.status_basis not in (None, "registry")
    )


def test_review_merge_split_override_survive_reingest(engine: Engine) -> None:
    from corridor.track.link import candidate_id

    ingest(engine, HISTORY)
    solar, water = candidate_id("Sukkur solar park"), candidate_id("Quetta water scheme")
    with transaction(engine) as session:
        claims = {
            c.modality: c.id
            for c in session.scalars(select(ClaimRow).where(ClaimRow.item_id == solar))
        }
        review_claim(session=session, claim_id=claims["delivery"], actor="ana", reject=True)
        merge_items(session=session, keep=solar, merge=water, actor="ana")
        new_id = split_item(
            session=session,
            item_id=solar,
            claim_ids=[claims["recommendation"]],
            name="Sukkur solar park (phase 1)",
            actor="ana",
        )
        override_status(
            session=session, item_id=solar, status="stalled", reason="site visit", actor="ana"
        )
    before = _claims(engine)
    ingest(engine, HISTORY, version="2")  # an extractor upgrade re-reads every source
    after = _claims(engine)
    assert len(after) == len(before) == len(HISTORY)
    assert {c for c in after if c[2] != "unreviewed"} == {c for c in before if c[2] != "unreviewed"}
    assert (new_id, "corrected") in {(c[1], c[2]) for c in after}
    assert all(c[1] != water for c in after), "merged item's claims came back to it"
    assert status(engine, "Sukkur solar park") == ("stalled", False)
    with transaction(engine) as session:
        actions = [a.action for a in session.scalars(select(AuditRow).order_by(AuditRow.id))]
    assert actions == ["review", "merge", "split", "override"]


def _claims(engine: Engine) -> set[tuple[str, str, str]]:
    with transaction(engine) as session:
        return {(c.id, c.item_id, c.review_state) for c in session.scalars(select(ClaimRow))}


def test_promises_of_a_period_say_what_became_of_each(engine: Engine) -> None:
    from corridor.track.meter import promises_report

    ingest(engine, HISTORY)
    with transaction(engine) as session:
        early = promises_report(
            session=session,
            since=date(2025, 2, 1),
            until=date(2025, 4, 30),
            as_of=date(2026, 11, 1),
        )
        midway = promises_report(
            session=session, since=date(2025, 2, 1), until=date(2025, 4, 30), as_of=date(2025, 6, 1)
        )
    meters = {row["item"]: row["meter"] for row in early["promises"]}
    assert meters == {
        "Sukkur solar park": "Promise Kept",
        "Quetta water scheme": "Stalled",
        "Swat cable car": "Promise Broken",
    }
    solar = next(r for r in early["promises"] if r["item"] == "Sukkur solar park")
    assert solar["promise"] == "pledge" and solar["evidence_sentence"].endswith("inaugurated.")
    assert {row["outcome"] for row in midway["promises"]} == {"nothing_yet"}


def test_promises_of_an_event_use_its_window(engine: Engine) -> None:
    from corridor.model import Item, Kind, Pillar, Status
    from corridor.track.meter import promises_report

    visit = Item(
        id="visit-2025",
        name="State visit",
        kind=Kind.EVENT,
        pillar=Pillar.OTHER,
        status=Status.AGREED,
        status_as_of="2025-02",
        sources=["https://example.org"],
    )
    with transaction(engine) as session:
        upsert_items(session=session, items=[visit])
    ingest(engine, HISTORY)
    with transaction(engine) as session:
        report = promises_report(session=session, event_id="visit-2025", as_of=date(2026, 11, 1))
    # February 2025 with a month either side: the op-ed of 3 February and the March contract.
    assert report["window"] == {"label": "State visit", "start": "2025-01-02", "end": "2025-03-30"}
    assert {r["item"]: r["promise"] for r in report["promises"]} == {
        "Sukkur solar park": "recommendation",
        "Swat cable car": "agreement",
    }


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(order=st.permutations(range(len(HISTORY))))
def test_statuses_do_not_depend_on_ingest_order(order: list[int]) -> None:
    import tempfile

    from corridor.store import make_engine, upgrade

    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{tmp}/order.db")
        upgrade(engine)
        ingest(engine, [HISTORY[i] for i in order])
        got = [
            status(engine, name)
            for name in ("Sukkur solar park", "Quetta water scheme", "Swat cable car")
        ]
        engine.dispose()
    assert got == [("operational", False), ("stalled", False), ("cancelled", False)]
