"""Control characters in a request: refused as a bad request (PostgreSQL cannot hold a NUL
in any text; it crashed with DataError), on both backends, for reads and writes alike."""

from __future__ import annotations

import base64
import json

import pytest
from fastapi.testclient import TestClient

from corridor.store import pages


def _auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _nul_cursor() -> str:
    raw = json.dumps(["2025-01-01", "a\u0000"]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


API_READS = [
    "/api/items/a%00b",
    "/api/sources/a%00b",
    "/api/claims?item=a%00",
    "/api/claims?source=a%00",
    "/api/events?item=a%00",
    "/api/sources?publisher=a%00",
    "/api/search?q=gwadar%00",
    "/api/search?q=gwadar%01",
    "/api/promises?event=a%00",
    "/api/items?pillar%00=energy",
    f"/api/claims?next={_nul_cursor()}",
]
PAGE_READS = [
    "/items/a%00b",
    "/sources/a%00b",
    "/sources?kind=a%00",
    "/sources?publisher=a%00",
    "/search?q=gwadar%00",
    "/promises?event=a%00",
]


@pytest.mark.parametrize("url", API_READS)
def test_api_read_with_a_control_character_is_400_e403(client: TestClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 400, response.text
    body = response.json()
    assert body["ok"] is False and body["code"] == "E403" and body["hint"]


@pytest.mark.parametrize("url", PAGE_READS)
def test_page_with_a_control_character_is_the_error_page(client: TestClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("text/html")
    assert "E403" in response.text and 'class="error"' in response.text


def test_a_cursor_holding_a_control_character_is_refused() -> None:
    with pytest.raises(Exception, match="bad cursor"):
        pages.decode_cursor(_nul_cursor(), 2)


def test_tab_and_newline_in_a_query_are_still_text(client: TestClient) -> None:
    assert client.get("/api/search", params={"q": "gwadar\tport\n"}).status_code == 200


def test_writes_with_a_control_character_are_400_e403(
    client: TestClient, tokens: dict[str, str]
) -> None:
    analyst, admin = _auth(tokens["analyst"]), _auth(tokens["admin"])
    claim = client.get("/api/claims", params={"item": "gwadar-port"}).json()["rows"][0]["id"]
    writes = [
        ("/api/items/merge", {"json": {"keep": "gwadar-port", "merge": "a\u0000"}}, admin),
        (
            "/api/items/gwadar-port/override",
            {"json": {"status": "stalled", "reason": "site\u0000 visit"}},
            admin,
        ),
        (f"/api/claims/{claim}/review", {"json": {"action": "accept", "note": "x\u0000"}}, analyst),
        (
            f"/api/claims/{claim}/review",
            {"json": {"action": "correct", "item": "gwadar\u0000"}},
            analyst,
        ),
        ("/api/claims/a%00/review", {"json": {"action": "accept"}}, analyst),
        (
            "/api/ingest",
            {"data": {"text": "The Gwadar Port is operational.", "title": "t\x00t"}},
            analyst,
        ),
    ]
    for path, kwargs, auth in writes:
        response = client.post(path, headers=auth, **kwargs)
        assert response.status_code == 400, (path, response.text)
        body = response.json()
        assert body["code"] == "E403", path
        assert "Value error" not in body["error"], body["error"]
    merged = client.get("/api/items/gwadar-port").json()["item"]
    assert merged["merged_into"] is None


def test_an_uploaded_title_publisher_and_author_lose_their_control_characters(
    client: TestClient, tokens: dict[str, str]
) -> None:
    record = {
        "url": "https://example.org/controls",
        "title": "Gwadar \u0001port\u0002 news\u0000",
        "published": "2025-01-01",
        "publisher": "Daily\u0001 Times",
        "author": "A. \u0002Writer",
        "text": "The Gwadar Port is operational, officials said on Monday in Gwadar.",
    }
    response = client.post(
        "/api/ingest",
        headers=_auth(tokens["analyst"]),
        files={"file": ("archive.jsonl", json.dumps(record).encode(), "application/jsonl")},
    )
    assert response.status_code == 200, response.text
    source_id = response.json()["documents"][0]["source_id"]
    source = client.get(f"/api/sources/{source_id}").json()["source"]
    assert (source["title"], source["publisher"], source["author"]) == (
        "Gwadar port news",
        "Daily Times",
        "A. Writer",
    )
