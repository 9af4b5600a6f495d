"""Every API route on a small database, on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import io
from datetime import date

from fastapi.testclient import TestClient
from sqlalchemy import Engine
from web_fixtures import store_expectations

from corridor.export import csv_cell


def test_health_answers_without_database(client: TestClient) -> None:
    response = client.get("/api/health")
    assert response.status_code == 200
    assert response.json()["ok"] is True


def test_overview_counts_items_money_and_latest_claims(client: TestClient) -> None:
    data = client.get("/api/overview").json()
    pillars = {p["pillar"]: p for p in data["pillars"]}
    assert set(pillars) >= {"connectivity", "energy", "industry", "gwadar"}
    assert data["totals"]["items"] == sum(p["total"] for p in data["pillars"])
    assert data["totals"]["items"] > 140
    assert pillars["gwadar"]["total"] >= 1
    assert data["totals"]["cost_usd"] > 0
    # The claims stored last, as /api/claims lists them (not by claim date: see
    # test_claims_stored_order.py); none is rejected here.
    latest = [c["id"] for c in data["latest_claims"]]
    assert latest == [c["id"] for c in client.get("/api/claims?size=10").json()["rows"]]
    assert data["latest_claims"][0]["source"]["title"]


def test_items_filters_and_cursor_pages_cover_everything_once(client: TestClient) -> None:
    seen: list[str] = []
    url = "/api/items?size=40"
    while url:
        page = client.get(url).json()
        seen += [row["id"] for row in page["rows"]]
        url = f"/api/items?size=40&next={page['next']}" if page["next"] else ""
    assert len(seen) == len(set(seen))
    assert seen == sorted(seen)
    everything = client.get("/api/items?size=1000").json()
    assert [r["id"] for r in everything["rows"]] == seen
    assert everything["next"] is None


def test_items_filter_by_pillar_status_province_origin(client: TestClient) -> None:
    rows = client.get("/api/items?pillar=gwadar&province=PK-BA&size=1000").json()["rows"]
    assert rows and all(r["pillar"] == "gwadar" and r["province"] == "PK-BA" for r in rows)
    rows = client.get("/api/items?status=operational&size=1000").json()["rows"]
    assert rows and all(r["status"] == "operational" for r in rows)
    rows = client.get("/api/items?origin=candidate").json()["rows"]
    assert [r["origin"] for r in rows] == ["candidate"] * len(rows) and rows


def test_items_csv_has_header_and_rows(client: TestClient) -> None:
    response = client.get("/api/items?format=csv&size=5")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.text)))
    assert rows[0][:3] == ["id", "name", "kind"]
    assert len(rows) == 6
    assert 'rel="next"' in response.headers["link"]


def test_csv_next_link_keeps_the_filters_and_size(client: TestClient) -> None:
    url = "/api/items?pillar=energy&size=2&format=csv"
    pages = []
    while url and len(pages) < 100:
        response = client.get(url)
        rows = list(csv.DictReader(io.StringIO(response.text)))
        assert len(rows) <= 2 and all(r["pillar"] == "energy" for r in rows), url
        pages.append([r["id"] for r in rows])
        link = response.headers.get("link", "")
        url = "/api/items" + link.split(">")[0].removeprefix("<") if link else ""
    everything = client.get("/api/items?pillar=energy&size=1000").json()["rows"]
    assert [i for page in pages for i in page] == [r["id"] for r in everything]


def test_csv_cells_a_spreadsheet_would_run_as_formulas_are_quoted(
    client: TestClient, engine: Engine
) -> None:
    formula = '=HYPERLINK("https://evil.example/","click")'
    store_expectations(
        engine,
        ["+Delta Dam"],
        published=date(2025, 5, 5),
        title=formula,
        publisher="@SUM(1+1)",
        author="-2+3",
    )
    sources = csv.DictReader(io.StringIO(client.get("/api/sources?format=csv").text))
    row = next(r for r in sources if "HYPERLINK" in r["title"])
    assert (row["title"], row["publisher"], row["author"]) == (
        "'" + formula,
        "'@SUM(1+1)",
        "'-2+3",
    )
    url = "/api/promises?since=2025-05-01&until=2025-05-31&as_of=2026-01-01&format=csv"
    [promise] = list(csv.DictReader(io.StringIO(client.get(url).text)))
    assert (promise["item"], promise["promise_source"]) == ("'+Delta Dam", "'" + formula)
    assert [csv_cell(v) for v in (-5, 1.5, "\tx", "\rx", "a=b", None)] == [
        -5, 1.5, "'\tx", "'\rx", "a=b", ""
    ]  # fmt: skip


def test_sources_claims_events_csv_match_their_json(client: TestClient) -> None:
    for route, key in (("sources", "title"), ("claims", "sentence"), ("events", "type")):
        as_json = client.get(f"/api/{route}?size=3").json()["rows"]
        response = client.get(f"/api/{route}?size=3&format=csv")
        assert response.status_code == 200, route
        assert response.headers["content-type"].startswith("text/csv")
        rows = list(csv.DictReader(io.StringIO(response.text)))
        assert [r["id"] for r in rows] == [r["id"] for r in as_json], route
        assert [r[key] for r in rows] == [str(r[key] or "") for r in as_json], route


def test_invalid_filter_and_cursor_answer_400_with_error_body(client: TestClient) -> None:
    for url in ("/api/items?pillar=enrgy", "/api/items?next=not-a-cursor", "/api/items?size=5000"):
        response = client.get(url)
        assert response.status_code == 400, url
        body = response.json()
        assert body["ok"] is False and body["code"] == "E403" and body["hint"]


def test_item_detail_has_claims_in_context_events_sources_related(
    client: TestClient, loaded: dict[str, str]
) -> None:
    data = client.get("/api/items/rashakai-sez").json()
    assert data["item"]["name"] == "Rashakai Special Economic Zone"
    assert data["claim_count"] == 2
    modalities = [c["modality"] for c in data["claims"]]
    assert sorted(modalities) == ["pledge", "progress"]
    pledge = next(c for c in data["claims"] if c["modality"] == "pledge")
    assert pledge["context_before"].endswith("officials said. ")
    assert pledge["context_after"].startswith(" Work on the")
    assert pledge["source"]["id"] == loaded["article"]
    assert data["amounts"][0]["usd"] == 1.5e8
    assert data["events"][0]["type"] == "signing"
    assert [s["id"] for s in data["sources"]] == [loaded["article"]]
    assert "gwadar-port" in [r["id"] for r in data["related"]]


def test_unknown_item_is_404_e202(client: TestClient) -> None:
    response = client.get("/api/items/no-such-item")
    assert response.status_code == 404
    assert response.json() == {
        "ok": False,
        "error": "no item with id 'no-such-item'",
        "code": "E202",
        "hint": "list ids at /api/items, or find the item at /search",
    }


def test_sources_list_and_detail_with_segments(client: TestClient, loaded: dict[str, str]) -> None:
    rows = client.get("/api/sources").json()["rows"]
    assert [r["id"] for r in rows] == [loaded["hostile"], loaded["article"]]  # newest first
    assert rows[1]["claims"] == 3
    page = client.get("/api/sources?size=1").json()
    second = client.get(f"/api/sources?size=1&next={page['next']}").json()
    assert second["rows"][0]["id"] == loaded["article"] and second["next"] is None
    detail = client.get(f"/api/sources/{loaded['article']}").json()
    assert "".join(s["text"] for s in detail["segments"]) == detail["source"]["text"]
    marked = [s for s in detail["segments"] if s["modality"]]
    assert [s["modality"] for s in marked] == ["delivery", "pledge", "progress"]
    assert detail["claims_by_modality"] == {"delivery": 1, "pledge": 1, "progress": 1}
    assert detail["events"][0]["item_ids"] == ["rashakai-sez"]


def test_unknown_source_is_404(client: TestClient) -> None:
    response = client.get("/api/sources/deadbeef")
    assert response.status_code == 404
    assert response.json()["ok"] is False


def test_claims_filters(client: TestClient, loaded: dict[str, str]) -> None:
    everything = client.get("/api/claims").json()["rows"]
    assert len(everything) == 5
    by_item = client.get("/api/claims?item=gwadar-port").json()["rows"]
    assert {c["modality"] for c in by_item} == {"delivery", "problem"}
    by_source = client.get(f"/api/claims?source={loaded['hostile']}").json()["rows"]
    assert len(by_source) == 2
    pledges = client.get("/api/claims?modality=pledge").json()["rows"]
    assert [c["item_id"] for c in pledges] == ["rashakai-sez"]
    assert len(client.get("/api/claims?review_state=unreviewed").json()["rows"]) == 5
    assert client.get("/api/claims?review_state=accepted").json()["rows"] == []
    first = client.get("/api/claims?size=2").json()
    rest = client.get(f"/api/claims?size=10&next={first['next']}").json()
    ids = [c["id"] for c in first["rows"] + rest["rows"]]
    assert sorted(ids) == sorted(c["id"] for c in everything)


def test_events_list(client: TestClient) -> None:
    data = client.get("/api/events").json()
    assert [e["type"] for e in data["rows"]] == ["signing"]
    assert client.get("/api/events?item=rashakai-sez").json()["rows"]
    assert client.get("/api/events?item=gwadar-port").json()["rows"] == []
    assert client.get("/api/events?type=visit").json()["rows"] == []
    assert client.get("/api/events?type=signing").json()["rows"]
    # an unknown type or kind is a mistake to say, not an empty answer
    for url in ("/api/events?type=bogus", "/api/sources?kind=bogus"):
        bad = client.get(url)
        assert bad.status_code == 400 and bad.json()["code"] == "E403", url


def test_map_markers_are_located_and_filtered(client: TestClient) -> None:
    data = client.get("/api/map").json()
    assert len(data["markers"]) > 50
    assert all(23 < m["lat"] < 38 and 60 < m["lon"] < 78 for m in data["markers"])
    assert data["by_province"]["PK-BA"] > 0
    energy = client.get("/api/map?pillar=energy&status=operational").json()["markers"]
    assert energy and all(m["pillar"] == "energy" and m["status"] == "operational" for m in energy)
    assert len(energy) < len(data["markers"])


def test_search_finds_items_and_sources_with_marked_snippets_and_facets(
    client: TestClient, loaded: dict[str, str]
) -> None:
    data = client.get("/api/search?q=gwadar port").json()
    assert data["items"]["total"] >= 1
    assert "gwadar-port" in [h["id"] for h in data["items"]["rows"]]
    assert data["sources"]["rows"][0]["id"] == loaded["article"]
    assert "\x01" in data["sources"]["rows"][0]["snippet"]
    assert {f["value"] for f in data["facets"]["pillar"]} >= {"gwadar"}
    assert data["facets"]["publisher"] == [{"value": "Dawn", "count": 1}]
    assert data["facets"]["year"] == [{"value": 2025, "count": 1}]
    only_items = client.get("/api/search?q=gwadar&type=item&pillar=gwadar").json()
    assert only_items["sources"]["total"] == 0
    assert all(h["pillar"] == "gwadar" for h in only_items["items"]["rows"])
    paged = client.get("/api/search?q=gwadar&type=item&size=2&page=2").json()
    assert paged["page"] == 2 and len(paged["items"]["rows"]) <= 2


def test_search_treats_operators_as_words(client: TestClient) -> None:
    for q in ('"', "NEAR(", "a OR", "*", "-", "port AND (", "'; DROP TABLE items; --"):
        response = client.get("/api/search", params={"q": q})
        assert response.status_code == 200, q
    assert client.get("/api/search?q=").json()["items"]["total"] == 0


def test_openapi_lists_every_api_route(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    assert set(schema["paths"]) == {
        "/api/health",
        "/api/overview",
        "/api/items",
        "/api/items/{item_id}",
        "/api/sources",
        "/api/sources/{source_id}",
        "/api/claims",
        "/api/events",
        "/api/map",
        "/api/search",
        "/api/promises",
        # writes (corridor.web.writes): a bearer token each
        "/api/ingest",
        "/api/claims/{claim_id}/review",
        "/api/items/{item_id}/override",
        "/api/items/merge",
    }
    items = schema["paths"]["/api/items"]["get"]
    assert "400" in items["responses"] and "422" not in items["responses"]
    pillar = next(p for p in items["parameters"] if p["name"] == "pillar")
    assert "Pillar" in str(pillar["schema"])
    assert "energy" in schema["components"]["schemas"]["Pillar"]["enum"]


def test_search_finds_an_item_by_its_chinese_alias_not_by_escape_codes(client: TestClient) -> None:
    found = client.get("/api/search", params={"q": "拉沙卡伊经济特区", "type": "item"}).json()
    assert [r["id"] for r in found["items"]["rows"]] == ["rashakai-sez"]
    snippet = found["items"]["rows"][0]["snippet"]
    assert "\\u" not in snippet and '"' not in snippet, snippet
    escapes = client.get("/api/search", params={"q": "u62c9", "type": "item"}).json()
    assert escapes["items"]["total"] == 0


def test_upgrade_rebuilds_the_alias_index_of_existing_items(db_url: str) -> None:
    from sqlalchemy import insert
    from sqlalchemy.orm import Session

    from corridor.store import make_engine, pages, transaction, upgrade
    from corridor.store.tables import ItemRow

    engine = make_engine(db_url)
    upgrade(engine, "0008")
    with transaction(engine) as session:  # Core, with the columns of the schema at 0008
        session.execute(insert(ItemRow.__table__).values(
            id="sost-port", name="Sost Dry Port", kind="project", pillar="connectivity",
            aliases=["红其拉甫口岸", "Sost port"], parties=[], sources=[], status="unknown",
            origin="registry", overdue=False,
        ))  # fmt: skip
    upgrade(engine)
    with Session(engine) as session:
        hits = pages.search_page(session=session, q="红其拉甫口岸")["items"]["rows"]
        assert [h["id"] for h in hits] == ["sost-port"]
        assert pages.search_page(session=session, q="u7ea2")["items"]["total"] == 0
    with transaction(engine) as session:  # the triggers (SQLite) keep the index in step
        row = session.get(ItemRow, "sost-port")
        assert row is not None
        row.aliases = ["苏斯特口岸"]
    with Session(engine) as session:
        assert pages.search_page(session=session, q="苏斯特口岸")["items"]["total"] == 1
        assert pages.search_page(session=session, q="红其拉甫口岸")["items"]["total"] == 0
    engine.dispose()


def test_405_names_the_methods_allowed(client: TestClient) -> None:
    response = client.put("/api/items")
    assert response.status_code == 405 and response.json()["code"] == "E403"
    assert response.headers["allow"] == "GET, HEAD"
    page = client.post("/items")
    assert page.status_code == 405 and page.headers["allow"] == "GET, HEAD"
    assert client.get("/api/ingest").headers["allow"] == "POST"
