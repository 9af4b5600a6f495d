"""The item page past its caps (QA): the timeline keeps the most recent claims (shown in
date order), the sources are the newest ones, the same on every read and on both backends
(undated last), the page and its JSON twin say how many there are, and "related items"
counts the sources listed."""

from __future__ import annotations

from datetime import date

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select

from corridor.model import Document
from corridor.store import pages, transaction
from corridor.store.sources import store_extraction
from corridor.store.tables import ClaimRow
from extraction_fixtures import items_extraction

NAME = "Tando wind farm"
OTHERS = [
    "Hub coal plant",
    "Zhob solar park",
    "Kohat cement works",
    "Mirpur hospital",
    "Sibi rail yard",
]
DAYS = [date(2021, 5, 1), None, date(2024, 5, 1), date(2022, 5, 1), date(2023, 5, 1)]


def _store(engine: Engine) -> str:
    """Five documents on one candidate, each also naming another item: returns its id."""
    for n, day in enumerate(DAYS):
        other = OTHERS[n]
        text = f"China will fund the {NAME} and the {other}, report {n} said."
        with transaction(engine) as session:
            store_extraction(
                session=session,
                document=Document(text=text, title=f"report {n}", published=day),
                extraction=items_extraction(text, [NAME, other]),
                version="1",
            )
    with transaction(engine) as session:
        return session.scalars(select(ClaimRow.item_id).where(ClaimRow.mention == NAME)).first()


def test_item_page_caps_keep_the_newest(
    client: TestClient, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    item_id = _store(engine)
    monkeypatch.setattr(pages, "ITEM_CLAIMS_CAP", 3)
    monkeypatch.setattr(pages, "ITEM_SOURCES_CAP", 3)
    response = client.get(f"/api/items/{item_id}")
    assert response.status_code == 200, response.text
    data = response.json()
    assert data["claim_count"] == 5 and data["claims_shown"] == 3 and data["claims_cap"] == 3
    # The three most recent claims, oldest first; the undated one counts as the oldest.
    assert [c["claim_date"] for c in data["claims"]] == ["2022-05-01", "2023-05-01", "2024-05-01"]
    assert data["source_count"] == 5 and data["sources_cap"] == 3
    assert [s["title"] for s in data["sources"]] == ["report 2", "report 4", "report 3"]
    related = {r["name"]: r["shared_sources"] for r in data["related"]}
    assert related == {OTHERS[2]: 1, OTHERS[4]: 1, OTHERS[3]: 1}
    page = client.get(f"/items/{item_id}").text
    assert "the latest 3 shown" in page
    assert "The newest 3 of 5 sources" in page


def test_undated_sources_come_last_on_both_backends(client: TestClient, engine: Engine) -> None:
    item_id = _store(engine)
    data = client.get(f"/api/items/{item_id}").json()
    assert [s["published"] for s in data["sources"]] == [
        "2024-05-01", "2023-05-01", "2022-05-01", "2021-05-01", None,
    ]  # fmt: skip
    assert data["claims"][0]["claim_date"] is None  # undated: the oldest
    assert "sources-capped" not in client.get(f"/items/{item_id}").text


def test_item_page_counts_every_claim_past_the_cap(
    client: TestClient, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    # QA round 2: "What the sources say" counted only the claims shown
    item_id = _store(engine)
    monkeypatch.setattr(pages, "ITEM_CLAIMS_CAP", 2)
    data = client.get(f"/api/items/{item_id}").json()
    assert data["claims_shown"] == 2
    assert sum(data["claims_by_modality"].values()) == 5
