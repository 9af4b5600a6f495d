"""The overview's money by year when claims naming US dollars carry no date (analyst QA,
defect 5: it said "No claim names an amount in US dollars yet" while 12 did, all undated).
On SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from corridor.model import Document, SourceKind
from corridor.registry import read_registry
from corridor.store import transaction
from corridor.store.items import upsert_items
from corridor.store.sources import store_extraction
from corridor.track.derive import refresh_statuses
from corridor.web.app import create_app

TEXT = "China will lend $1.4 billion for the ML-1 railway, officials said."


def _undated_dollars(engine: Engine, text: str = TEXT) -> None:
    """One undated document with one claim naming US dollars."""
    start = text.index("$1.4 billion")
    extraction: dict[str, Any] = {
        "items": [
            {
                "item_id": "ml1-railway",
                "name": "ML-1",
                "kind": "project",
                "pillar": "transport",
                "mentions": [],
                "evidence": [
                    {"sentence": text, "start": 0, "end": len(text), "modality": "pledge"}
                ],
            }
        ],
        "amounts": [
            {
                "value": 1.4e9,
                "currency": "USD",
                "usd": 1.4e9,
                "text": "$1.4 billion",
                "start": start,
                "end": start + 12,
                "item_id": "ml1-railway",
            }
        ],
        "events": [],
    }
    with transaction(engine) as session:
        stored = store_extraction(
            session=session,
            document=Document(text=text, kind=SourceKind.NEWS),  # no date anywhere
            extraction=extraction,
            version="test-1",
        )
        refresh_statuses(session=session, item_ids=stored.items)


@pytest.fixture
def only_undated(db_url: str, engine: Engine) -> Iterator[TestClient]:
    with transaction(engine) as session:
        upsert_items(session=session, items=read_registry())
    _undated_dollars(engine)
    app = create_app(db_url)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client
    app.state.engine.dispose()


def test_undated_dollar_claims_are_counted_not_denied(only_undated: TestClient) -> None:
    money = only_undated.get("/api/overview").json()["money_by_year"]
    assert money == {"years": [], "undated": 1}
    page = only_undated.get("/").text
    assert "No claim names an amount in US dollars yet" not in page
    assert "1 claim names US dollar amounts but carries no date" in page


def test_undated_beside_dated_says_how_many_are_not_shown(
    client: TestClient, engine: Engine
) -> None:
    _undated_dollars(engine)
    _undated_dollars(engine, "Pakistan asked for $1.4 billion more for ML-1, sources said.")
    money = client.get("/api/overview").json()["money_by_year"]
    assert money["years"] == [{"year": "2025", "by_pillar": {"industry": 1.5e8}, "total": 1.5e8}]
    assert money["undated"] == 2
    page = client.get("/").text
    assert 'id="money-years"' in page
    assert "2 undated claims naming US dollars not shown." in page
