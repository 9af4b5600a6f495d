"""`claims list` is newest first with undated claims last, on both backends (QA: PostgreSQL
put NULL first in a descending order, so its newest four were four undated claims)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Engine

from corridor.model import Document
from corridor.store import transaction
from corridor.store.claims import list_claims
from corridor.store.sources import store_extraction
from extraction_fixtures import items_extraction


def _store(engine: Engine, text: str, published: date | None) -> None:
    extraction = items_extraction(text, ["Sukkur solar park"])
    document = Document(text=text, title=text, published=published)
    with transaction(engine) as session:
        store_extraction(session=session, document=document, extraction=extraction, version="1")


def test_undated_claims_come_last(engine: Engine) -> None:
    _store(engine, "China will fund the Sukkur solar park.", None)
    _store(engine, "China will soon fund the Sukkur solar park.", date(2024, 1, 1))
    _store(engine, "China will now fund the Sukkur solar park.", date(2025, 1, 1))
    with transaction(engine) as session:
        days = [c["date"] for c in list_claims(session=session, limit=2)]
    assert days == ["2025-01-01", "2024-01-01"]
