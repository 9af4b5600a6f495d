"""An item's audit log holds the acts that made it what it is, even those written against
another item: its merge into the survivor, its split from its parent (QA: a merged item's
log said nothing had been done to it by hand)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Engine, select

from corridor.model import Document
from corridor.store import transaction
from corridor.store.accounts import item_audit
from corridor.store.sources import store_extraction
from corridor.store.tables import ClaimRow
from corridor.track.review import merge_items, split_item
from extraction_fixtures import items_extraction


def _claim_on(engine: Engine, name: str, sentence: str) -> tuple[str, str]:
    """One source with one pledge on a new candidate item; returns (item id, claim id)."""
    text = sentence
    extraction = items_extraction(text, [name])
    document = Document(text=text, title=sentence, published=date(2025, 4, 10))
    with transaction(engine) as session:
        store_extraction(session=session, document=document, extraction=extraction, version="1")
        claim = session.scalars(select(ClaimRow).where(ClaimRow.sentence == sentence)).one()
        return claim.item_id, claim.id


def _log(engine: Engine, item_id: str) -> list[tuple[str, str, str]]:
    with transaction(engine) as session:
        return [
            (a["actor"], a["action"], a["target"])
            for a in item_audit(session=session, item_id=item_id)
        ]


def test_a_merged_item_shows_its_merge(engine: Engine) -> None:
    keep, _ = _claim_on(engine, "Sukkur solar park", "China will finance the Sukkur solar park.")
    gone, _ = _claim_on(engine, "Rohri solar scheme", "The Rohri solar scheme will start soon.")
    other, _ = _claim_on(engine, "Thar wind farm", "China will build the Thar wind farm.")
    with transaction(engine) as session:
        merge_items(session=session, keep=keep, merge=gone, actor="ana")
    assert _log(engine, gone) == [("ana", "merge", keep)]
    assert _log(engine, keep) == [("ana", "merge", keep)]
    assert _log(engine, other) == []  # nobody else's acts


def test_a_split_off_item_shows_its_split(engine: Engine) -> None:
    parent, claim = _claim_on(
        engine, "Sukkur solar park", "China will finance the Sukkur solar park."
    )
    with transaction(engine) as session:
        child = split_item(
            session=session, item_id=parent, claim_ids=[claim], name="Sukkur park II", actor="ana"
        )
    assert _log(engine, child) == [("ana", "split", parent)]
    assert _log(engine, parent) == [("ana", "split", parent)]
