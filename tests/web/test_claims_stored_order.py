"""Claim lists "newest first" are in the order claims were stored, the last stored first,
on both backends (QA: ordered by claim date, /api/claims?review_state=unreviewed&size=1 gave
a claim about 2050 or a target date of 2027, not the document just ingested; /review and
the overview's latest claims likewise)."""

from __future__ import annotations

import re
from datetime import date

from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from web_fixtures import sign_in, store_expectations

from corridor.store import transaction
from corridor.store.claims import list_claims
from corridor.store.tables import ClaimRow


def _claim_ids(engine: Engine, source_id: str) -> set[str]:
    with transaction(engine) as session:
        return set(session.scalars(select(ClaimRow.id).where(ClaimRow.source_id == source_id)))


def test_the_document_just_stored_leads_every_newest_first_list(
    client: TestClient, engine: Engine, tokens: dict[str, str]
) -> None:
    # A claim dated far ahead (a typo of 2050) stored before, then an old document read now.
    store_expectations(engine, ["Zhob solar park"], published=date(2050, 1, 1))
    newest = store_expectations(engine, ["Kohat wind farm"], published=date(2019, 5, 1))
    (claim,) = _claim_ids(engine, newest)

    first = client.get("/api/claims?review_state=unreviewed&size=1").json()["rows"]
    assert [c["id"] for c in first] == [claim]
    assert client.get("/api/claims?size=1").json()["rows"][0]["id"] == claim
    assert client.get("/api/overview").json()["latest_claims"][0]["id"] == claim
    with transaction(engine) as session:
        assert list_claims(session=session, limit=1)[0]["id"] == claim
        assert list_claims(session=session, unreviewed=True, limit=1)[0]["id"] == claim
    sign_in(client, tokens["analyst"])
    first_in_queue = re.search(r'<li class="claim" id="claim-([^"]+)"', client.get("/review").text)
    assert first_in_queue and first_in_queue.group(1) == claim


def test_pages_of_one_walk_every_claim_once_in_stored_order(
    client: TestClient, engine: Engine
) -> None:
    # Three documents in three transactions, the middle one with two claims stored at once.
    a = store_expectations(engine, ["Alpha dam"], published=date(2024, 1, 1))
    b = store_expectations(engine, ["Beta dam", "Gamma dam"], published=date(2030, 1, 1))
    c = store_expectations(engine, ["Delta dam"], published=date(2020, 1, 1))
    with transaction(engine) as session:
        total = len(list(session.scalars(select(ClaimRow.id))))
    seen: list[str] = []
    url = "/api/claims?size=1"
    while url:
        data = client.get(url).json()
        assert len(data["rows"]) == 1
        seen.append(data["rows"][0]["id"])
        url = f"/api/claims?size=1&next={data['next']}" if data["next"] else ""
    assert len(seen) == len(set(seen)) == total
    ids_c, ids_b, ids_a = _claim_ids(engine, c), _claim_ids(engine, b), _claim_ids(engine, a)
    assert seen[0] in ids_c
    assert set(seen[1:3]) == ids_b
    assert seen[3] in ids_a
    # The same walk in pages of two and of all.
    two = client.get("/api/claims?size=2").json()
    assert [r["id"] for r in two["rows"]] == seen[:2]
    rest = client.get(f"/api/claims?size=1000&next={two['next']}").json()
    assert [r["id"] for r in rest["rows"]] == seen[2:] and rest["next"] is None


def test_a_cursor_of_another_shape_is_refused(client: TestClient) -> None:
    # ["x"] (no rowid, no timestamp) and ["x", "y", "z"]: E403 on both backends.
    # [9223372036854775808], past SQLite's integers, was a 500 (QA round 2).
    for cursor in ("WyJ4Il0", "WyJ4IiwieSIsInoiXQ", "WzkyMjMzNzIwMzY4NTQ3NzU4MDhd"):
        response = client.get(f"/api/claims?next={cursor}")
        assert response.status_code == 400 and response.json()["code"] == "E403"
