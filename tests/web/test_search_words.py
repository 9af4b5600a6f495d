"""Search means the same on SQLite and PostgreSQL: every word required, nothing read as an
operator, stop words left out (QA: 'gwadar OR thar' found nothing on SQLite and many on
PostgreSQL; 'gwadar -port' excluded on PostgreSQL and required 'port' on SQLite; quoted
phrases worked only on PostgreSQL; 'the' matched on SQLite, nothing on PostgreSQL)."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient


def _hits(client: TestClient, q: str) -> dict[str, Any]:
    response = client.get("/api/search", params={"q": q})
    assert response.status_code == 200, response.text[:300]
    data = response.json()
    return {kind: [r["id"] for r in data[kind]["rows"]] for kind in ("items", "sources", "claims")}


def test_search_words() -> None:
    from corridor.store.pages import search_words

    assert search_words('Gwadar OR "port city" -thar (the) <script> gwadar') == [
        "gwadar", "port", "city", "thar", "script",
    ]  # fmt: skip
    assert search_words("the " * 25) == []


@pytest.mark.parametrize(
    ("asked", "meant"),
    [
        ("gwadar OR port", "gwadar port"),
        ("gwadar -port", "gwadar port"),
        ('"port gwadar"', "gwadar port"),
        ("the Gwadar port", "gwadar port"),
        ("rashakai | sez & !china", "rashakai sez china"),
        ("<script>", "script"),
    ],
)
def test_operators_and_stop_words_are_plain_text_on_both_backends(
    client: TestClient, asked: str, meant: str
) -> None:
    assert _hits(client, asked) == _hits(client, meant)


def test_every_word_is_required_on_both_backends(client: TestClient) -> None:
    both = _hits(client, "gwadar port")
    assert both["items"] and "gwadar-port" in both["items"]
    assert _hits(client, "gwadar OR thar")["items"] == _hits(client, "gwadar thar")["items"]
    assert not _hits(client, "gwadar zzzqqq")["items"]


def test_only_stop_words_find_nothing_on_both_backends(client: TestClient) -> None:
    empty = {"items": [], "sources": [], "claims": []}
    assert _hits(client, "the") == empty
    assert _hits(client, " ".join(["the"] * 25)) == empty


@pytest.mark.parametrize(
    ("asked", "item"),
    [
        # QA round 2: PostgreSQL's parser reads "ML-1" as "ml" and "-1", and found nothing
        # when asked "ml" and "1"; SQLite drops accents, PostgreSQL kept them
        ("ML-1", "ml1-railway"),
        ("Main Line-1", "ml1-railway"),
        ("Gwādar port", "gwadar-port"),
    ],
)
def test_names_with_digits_and_accents_are_found_on_both_backends(
    client: TestClient, asked: str, item: str
) -> None:
    assert item in _hits(client, asked)["items"]
