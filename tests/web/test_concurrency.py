"""Write requests sent at the same time, as QA sent them: opposite merges of one pair, and
one text ingested by several requests. The app handles each in its own worker thread and
database session; every answer is a 200 or an error in JSON, never a 500."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select

from corridor.store import transaction
from corridor.store.tables import ClaimRow, ItemRow, SourceRow

A, B = "gwadar-port", "rashakai-sez"


def _at_once(client: TestClient, token: str, path: str, bodies: list[dict[str, Any]]) -> list:
    start = threading.Barrier(len(bodies))

    def post(body: dict[str, Any]) -> Any:
        start.wait()
        return client.post(path, headers={"Authorization": f"Bearer {token}"}, **body)

    with ThreadPoolExecutor(len(bodies)) as pool:
        return list(pool.map(post, bodies))


def test_opposite_merges_at_once_leave_one_survivor(
    client: TestClient, engine: Engine, tokens: dict[str, str]
) -> None:
    asked = [{"keep": A, "merge": B}, {"keep": B, "merge": A}] * 2
    responses = _at_once(client, tokens["admin"], "/api/items/merge", [{"json": a} for a in asked])
    codes = sorted(r.status_code for r in responses)
    assert codes == [200, 400, 400, 400], [r.text for r in responses]
    for response in responses:
        if response.status_code == 400:
            body = response.json()
            assert body["ok"] is False and body["code"] == "E403", body
    winner = asked[[r.status_code for r in responses].index(200)]
    with transaction(engine) as session:
        query = select(ItemRow.id, ItemRow.merged_into).where(ItemRow.id.in_([A, B]))
        merged = dict(session.execute(query).all())
        owners = set(session.scalars(select(ClaimRow.item_id).where(ClaimRow.item_id.in_([A, B]))))
    assert merged == {winner["keep"]: None, winner["merge"]: winner["keep"]}  # no cycle
    assert owners == {winner["keep"]}
    item = client.get(f"/api/items/{winner['merge']}").json()["item"]
    assert item["merged_into"] == winner["keep"]


def test_one_text_ingested_at_once_is_stored_once(
    client: TestClient, engine: Engine, tokens: dict[str, str]
) -> None:
    text = "China will finance the Gwadar Port expansion, the minister pledged on Monday."
    warm = client.post(
        "/api/ingest",
        headers={"Authorization": f"Bearer {tokens['analyst']}"},
        data={"text": "The Gwadar Port is operational, officials said."},
    )
    assert warm.status_code == 200, warm.text  # the extractor is loaded before the race
    before = _sources(engine)
    responses = _at_once(client, tokens["analyst"], "/api/ingest", [{"data": {"text": text}}] * 6)
    assert [r.status_code for r in responses] == [200] * 6, [r.text for r in responses]
    states = sorted(r.json()["documents"][0]["state"] for r in responses)
    assert states == ["duplicate"] * 5 + ["new"]
    assert _sources(engine) == before + 1
    ids = {r.json()["documents"][0]["source_id"] for r in responses}
    with transaction(engine) as session:
        claims = session.scalar(
            select(func.count()).select_from(ClaimRow).where(ClaimRow.source_id.in_(ids))
        )
    new = next(
        r.json()["documents"][0] for r in responses if r.json()["documents"][0]["state"] == "new"
    )
    assert claims == new["claims"] > 0


def _sources(engine: Engine) -> int:
    with transaction(engine) as session:
        return int(session.scalar(select(func.count()).select_from(SourceRow)) or 0)
