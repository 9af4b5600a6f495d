"""An untitled source is named by its file name, then its id, on every page that names it
(analyst QA, defect 6: item pages and search showed "306ead97bcd6" where the sources page
showed "focuspk-ml1-dropped.txt"). On SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

from fastapi.testclient import TestClient
from sqlalchemy import Engine
from web_fixtures import store_expectations

from corridor.track.link import candidate_id

FILE = "focuspk-ml1-dropped.txt"
NAME = "Zorbaqand Barrage"


def test_untitled_source_is_named_by_its_file_name(client: TestClient, engine: Engine) -> None:
    source_id = store_expectations(engine, [NAME], published=date(2025, 5, 1), file_name=FILE)
    short = source_id[:12]
    pages = {
        "item": client.get(f"/items/{candidate_id(NAME)}"),
        "search": client.get("/search?q=Zorbaqand"),
        "sources": client.get("/sources"),
        "source": client.get(f"/sources/{source_id}"),
    }
    for where, response in pages.items():
        assert response.status_code == 200, (where, response.text[:300])
        assert FILE in response.text, where
        assert f">{short}<" not in response.text, where
    # The item page names it in its timeline and in its list of sources; search names it as
    # a source hit and beside the claim hit.
    assert pages["item"].text.count(f">{FILE}</a>") >= 2
    assert pages["search"].text.count(FILE) >= 2
    hits = client.get("/api/search?q=Zorbaqand").json()
    assert hits["sources"]["rows"][0]["file_name"] == FILE
    assert hits["claims"]["rows"][0]["source_file_name"] == FILE
    item = client.get(f"/api/items/{candidate_id(NAME)}").json()
    assert item["claims"][0]["source"]["file_name"] == FILE
    assert item["sources"][0]["file_name"] == FILE


def test_a_source_without_title_or_file_name_is_named_by_its_id(
    client: TestClient, engine: Engine
) -> None:
    source_id = store_expectations(engine, [NAME], published=date(2025, 5, 1))
    page = client.get(f"/items/{candidate_id(NAME)}").text
    assert f">{source_id[:12]}</a>" in page
