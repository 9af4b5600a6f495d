"""The promises page and API, claims in search, and the time and money charts: on SQLite
and PostgreSQL (the `client` fixture runs on each)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from datetime import date, timedelta

from fastapi.testclient import TestClient
from sqlalchemy import Engine, text
from web_fixtures import HOSTILE_NAME, store_expectations

from corridor.web.security import CONTENT_SECURITY_POLICY

VISIT = "zardari-state-visit-feb-2025"


def _clean_page(response) -> str:  # type: ignore[no-untyped-def]
    assert response.status_code == 200, response.text[:300]
    assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    page: str = response.text
    assert not re.search(r"<script(?![^>]*\bsrc=)", page)
    assert " style=" not in page and "<style" not in page
    assert not re.search(r"<[^>]*\son[a-z]+=", page)
    return page


# ---------------------------------------------------------------- /api/promises


def test_promises_of_the_february_2025_visit(client: TestClient, loaded: dict[str, str]) -> None:
    data = client.get(f"/api/promises?event={VISIT}&as_of=2026-01-01").json()
    assert data["window"] == {
        "label": "President Asif Ali Zardari's State Visit to China (4-8 February 2025)",
        "start": "2025-01-02",
        "end": "2025-03-30",
    }
    assert data["as_of"] == "2026-01-01"
    assert data["total"] == 1 and data["next"] is None
    assert data["by_meter"] == {
        "Promise Kept": 0,
        "In the Works": 1,
        "Stalled": 0,
        "Promise Broken": 0,
        "Not Yet Rated": 0,
    }
    assert data["by_promise"] == {"pledge": 1}
    (row,) = data["rows"]
    assert row["item_id"] == "rashakai-sez" and row["pillar"] == "industry"
    assert row["promise"] == "pledge" and row["promise_date"] == "2025-03-03"
    assert row["promise_sentence"].startswith("China will finance")
    assert row["promise_source_id"] == loaded["article"]
    assert row["meter"] == "In the Works" and row["status"] == "under_construction"
    assert row["evidence_sentence"] == "Work on the Rashakai SEZ is under way despite delays."
    assert row["evidence_source_id"] == loaded["article"]
    claims = {c["id"]: c for c in client.get("/api/claims?item=rashakai-sez").json()["rows"]}
    assert claims[row["promise_claim"]]["modality"] == "pledge"
    assert claims[row["evidence_claim"]]["modality"] == "progress"
    events = {e["id"]: e for e in data["events"]}
    assert events[VISIT]["date"] == "2025-02"
    kinds = {
        i["id"]: i["kind"] for i in client.get("/api/items?kind=event&size=1000").json()["rows"]
    }
    assert set(events) <= set(kinds)


def test_promises_of_a_period_by_meter_and_as_of(client: TestClient) -> None:
    period = "/api/promises?since=2025-01-01&until=2025-12-31"
    early = client.get(f"{period}&as_of=2025-12-01").json()
    assert early["window"]["label"] == "2025-01-01 to 2025-12-31"  # (QA: "since 2025-01-01")
    page = _clean_page(client.get("/promises?since=2025-01-01&until=2025-12-31"))
    assert "<h1>Promises: 2025-01-01 to 2025-12-31</h1>" in page
    assert client.get("/api/promises?since=2025-01-01").json()["window"]["label"] == (
        "since 2025-01-01"
    )
    meters = {r["item"]: r["meter"] for r in early["rows"]}
    assert meters == {
        "Rashakai Special Economic Zone": "In the Works",
        HOSTILE_NAME: "Not Yet Rated",
    }
    # 18 months after the 1 April 2025 expectation, with nothing since: overdue, Stalled.
    late = client.get(f"{period}&as_of=2026-12-01").json()
    assert {r["item"]: r["meter"] for r in late["rows"]}[HOSTILE_NAME] == "Stalled"
    only = client.get(f"{period}&as_of=2026-12-01&meter=stalled").json()
    assert [r["item"] for r in only["rows"]] == [HOSTILE_NAME]
    assert only["by_meter"] == late["by_meter"] and only["total"] == 2
    assert only["filters"]["meter"] == "stalled"
    before = client.get(f"{period}&as_of=2025-03-01").json()
    assert before["total"] == 0 and before["rows"] == []


def test_promises_pages_by_cursor_and_csv(client: TestClient) -> None:
    url = "/api/promises?since=2025-01-01&until=2025-12-31&as_of=2026-01-01"
    first = client.get(f"{url}&size=1").json()
    assert len(first["rows"]) == 1 and first["next"]
    second = client.get(f"{url}&size=1&next={first['next']}").json()
    assert second["next"] is None
    ids = [r["item_id"] for r in first["rows"] + second["rows"]]
    assert ids == [r["item_id"] for r in client.get(url).json()["rows"]]
    response = client.get(f"{url}&format=csv")
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert [r["item_id"] for r in rows] == ids
    assert rows[0]["meter"] == "In the Works" and rows[0]["promise_claim"]
    paged = client.get(f"{url}&format=csv&size=1")
    assert 'rel="next"' in paged.headers["link"]


def test_promises_csv_next_link_keeps_the_window_and_size(
    client: TestClient, engine: Engine
) -> None:
    store_expectations(
        engine, ["Alpha Dam", "Beta Dam", "Gamma Dam"], published=dt.date(2025, 5, 5)
    )
    url = "/api/promises?since=2025-05-01&until=2025-05-31&as_of=2026-01-01&size=2&format=csv"
    seen: list[str] = []
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.text
        seen += [r["item"] for r in csv.DictReader(io.StringIO(response.text))]
        link = response.headers.get("link")
        url = "/api/promises" + link.split(">")[0].removeprefix("<") if link else ""
        assert not link or ("since=2025-05-01" in link and "size=2" in link)
    assert sorted(seen) == ["Alpha Dam", "Beta Dam", "Gamma Dam"]


def test_promises_without_a_window_offers_the_events(client: TestClient) -> None:
    data = client.get("/api/promises").json()
    assert data["window"] is None and data["rows"] == [] and data["total"] == 0
    assert VISIT in [e["id"] for e in data["events"]]
    assert all(e["date"] for e in data["events"])


def test_promises_refuse_bad_requests(client: TestClient) -> None:
    for url, status in (
        ("/api/promises?until=2025-01-01", 400),
        ("/api/promises?since=2025-05-01&until=2025-01-01", 400),
        ("/api/promises?since=2025-13-01", 400),
        ("/api/promises?since=0001-01-01", 400),
        ("/api/promises?meter=kaput", 400),
        ("/api/promises?since=2025-01-01&next=bogus", 400),
        ("/api/promises?event=no-such-event", 404),
        ("/api/promises?event=gwadar-port", 400),  # an item, not an event: E403
    ):
        response = client.get(url)
        assert response.status_code == status, url
        body = response.json()
        assert body["ok"] is False and body["code"] and body["hint"], url


# ---------------------------------------------------------------- /promises


def test_promises_page_links_items_and_sentences(
    client: TestClient, loaded: dict[str, str]
) -> None:
    data = client.get(f"/api/promises?event={VISIT}").json()
    row = data["rows"][0]
    page = _clean_page(client.get(f"/promises?event={VISIT}"))
    assert "President Asif Ali Zardari" in page
    assert 'href="/items/rashakai-sez"' in page
    assert f'href="/sources/{loaded["article"]}#c-{row["promise_claim"]}"' in page
    assert f'href="/sources/{loaded["article"]}#c-{row["evidence_claim"]}"' in page
    assert 'class="mt-works"' in page  # the meter's bar
    assert f'<option value="{VISIT}" selected>' in page
    assert f'href="/api/promises?event={VISIT}"' in page
    assert "format=csv" in page
    chooser = _clean_page(client.get("/promises"))
    assert 'href="/promises?event=' in chooser and '<select name="event">' in chooser


def test_promises_page_escapes_document_text(client: TestClient) -> None:
    page = _clean_page(client.get("/promises?since=2025-01-01&as_of=2026-01-01"))
    assert "Evil &lt;script&gt;alert(1)&lt;/script&gt; Dam" in page
    assert "<script>alert(1)</script>" not in page


def test_promises_page_errors_render_the_error_page(client: TestClient) -> None:
    response = client.get("/promises?event=no-such-event")
    assert response.status_code == 404 and "E202" in response.text
    assert client.get("/promises?since=not-a-date").status_code == 400


# ---------------------------------------------------------------- overview and item charts


def test_overview_lists_overdue_promises_linking_to_the_tracker(
    client: TestClient, engine: Engine
) -> None:
    # Registry items agreed years ago with no progress since are overdue from the load on.
    with engine.begin() as conn:
        conn.execute(text("UPDATE items SET overdue_from = NULL, waiting_since = NULL"))
    assert client.get("/api/overview").json()["overdue_items"] == []
    with engine.begin() as conn:
        conn.execute(
            text(
                "UPDATE items SET waiting_since = :since, overdue_from = :due "
                "WHERE id IN ('rashakai-sez', 'gwadar-port')"
            ),
            {"since": date(2023, 5, 1), "due": date(2024, 11, 1)},
        )
        conn.execute(  # overdue from tomorrow: not yet
            text(
                "UPDATE items SET waiting_since = :since, overdue_from = :due WHERE id = 'ml1-railway'"
            ),
            {"since": date(2020, 1, 1), "due": date.today() + timedelta(days=1)},
        )
    data = client.get("/api/overview").json()
    assert [o["id"] for o in data["overdue_items"]] == ["gwadar-port", "rashakai-sez"]
    first = data["overdue_items"][0]
    assert (first["since"], first["overdue_from"], first["tracked"]) == (
        "2023-05-01",
        "2024-11-01",
        False,
    )
    assert data["totals"]["overdue"] == 2
    page = _clean_page(client.get("/"))
    # No promise of that day in the tracker: the link goes to the item's timeline.
    assert 'href="/items/rashakai-sez#timeline"' in page
    assert 'href="/items?overdue=true"' in page


def test_an_item_goes_overdue_as_the_calendar_passes_its_day(
    client: TestClient, engine: Engine
) -> None:
    # QA: the flag was set when the item was last derived and never again, so an item
    # pledged 17 months before its last ingest stayed "not overdue" for ever.
    with engine.begin() as conn:
        conn.execute(text("UPDATE items SET overdue_from = NULL, waiting_since = NULL"))
        conn.execute(
            text(
                "UPDATE items SET waiting_since = :since, overdue_from = :due WHERE id = 'ml1-railway'"
            ),
            {"since": date(2024, 1, 1), "due": date.today()},
        )
    assert client.get("/api/items/ml1-railway").json()["item"]["overdue"] is True
    listed = client.get("/api/items", params={"overdue": "true"}).json()["rows"]
    assert [row["id"] for row in listed] == ["ml1-railway"]
    assert client.get("/api/overview").json()["totals"]["overdue"] == 1


def test_claims_over_time_by_month_and_modality(client: TestClient, engine: Engine) -> None:
    over = client.get("/api/overview").json()["claims_over_time"]
    assert over == {
        "by": "month",
        "buckets": [
            {
                "label": "2025-03",
                "by_modality": {"delivery": 1, "pledge": 1, "progress": 1},
                "total": 3,
            },
            {"label": "2025-04", "by_modality": {"expectation": 1, "problem": 1}, "total": 2},
        ],
        "undated": 0,
    }
    item = client.get("/api/items/rashakai-sez").json()["claims_over_time"]
    assert item["buckets"] == [
        {"label": "2025-03", "by_modality": {"pledge": 1, "progress": 1}, "total": 2}
    ]
    # Reviews move the counts: a rejected claim leaves, a corrected one changes modality,
    # a deleted one goes, an undated one is counted apart.
    with engine.begin() as conn:
        conn.execute(text("UPDATE claims SET review_state = 'rejected' WHERE modality = 'problem'"))
        conn.execute(text("UPDATE claims SET modality = 'agreement' WHERE modality = 'pledge'"))
        conn.execute(text("UPDATE claims SET claim_date = NULL WHERE modality = 'delivery'"))
        conn.execute(text("DELETE FROM claims WHERE modality = 'expectation'"))
    over = client.get("/api/overview").json()["claims_over_time"]
    assert over["buckets"] == [
        {"label": "2025-03", "by_modality": {"agreement": 1, "progress": 1}, "total": 2}
    ]
    assert over["undated"] == 1
    page = _clean_page(client.get("/"))
    assert 'aria-labelledby="over-time"' in page and 'class="m-agreement"' in page
    item_page = _clean_page(client.get("/items/rashakai-sez"))
    assert 'id="over-time"' in item_page


def test_money_by_pillar_and_year(client: TestClient) -> None:
    money = client.get("/api/overview").json()["money_by_year"]
    assert money == {
        "years": [{"year": "2025", "by_pillar": {"industry": 1.5e8}, "total": 1.5e8}],
        "undated": 0,
    }
    page = _clean_page(client.get("/"))
    assert 'id="money-years"' in page and 'class="p-industry"' in page
    assert "$150 m" in page


# ---------------------------------------------------------------- claims in search


def test_search_finds_claims_with_marked_snippets_and_modality_facet(
    client: TestClient, loaded: dict[str, str]
) -> None:
    data = client.get("/api/search?q=finance").json()
    assert data["claims"]["total"] == 1
    (hit,) = data["claims"]["rows"]
    assert hit["item_id"] == "rashakai-sez" and hit["modality"] == "pledge"
    assert hit["source_id"] == loaded["article"] and hit["publisher"] == "Dawn"
    assert "\x01" in hit["snippet"] and "\x02" in hit["snippet"]
    assert data["facets"]["modality"] == [{"value": "pledge", "count": 1}]
    for url, total in (
        ("/api/search?q=finance&modality=pledge", 1),
        ("/api/search?q=finance&modality=progress", 0),
        ("/api/search?q=finance&pillar=industry", 1),
        ("/api/search?q=finance&pillar=energy", 0),
        ("/api/search?q=finance&publisher=Dawn&year=2025", 1),
        ("/api/search?q=finance&year=2024", 0),
    ):
        assert client.get(url).json()["claims"]["total"] == total, url
    only = client.get("/api/search?q=rashakai&type=claim").json()
    assert only["claims"]["total"] == 2
    assert only["items"]["total"] == 0 and only["sources"]["total"] == 0
    paged = client.get("/api/search?q=rashakai&type=claim&size=1&page=2").json()
    assert len(paged["claims"]["rows"]) == 1
    assert paged["claims"]["rows"][0]["id"] not in {
        h["id"]
        for h in client.get("/api/search?q=rashakai&type=claim&size=1").json()["claims"]["rows"]
    }


def test_search_page_marks_claim_hits_and_escapes_them(
    client: TestClient, loaded: dict[str, str]
) -> None:
    page = _clean_page(client.get("/search?q=finance"))
    assert "<mark>finance</mark>" in page
    assert f'href="/sources/{loaded["article"]}#c-' in page
    assert 'href="/search?q=finance&amp;modality=pledge"' in page
    hostile = _clean_page(client.get("/search?q=evil&type=claim"))
    assert "<mark>Evil</mark> &lt;script&gt;alert(1)&lt;/script&gt; Dam" in hostile
    assert "<script>alert(1)</script>" not in hostile


def test_promises_page_shows_registry_and_override_evidence(
    client: TestClient, engine: Engine
) -> None:
    # An outcome that rests on the registry's sourced status or on an override has no
    # sentence in a source: the page names it, with the registry's own source.
    store_expectations(engine, ["Delta Dam", "Omega Dam"], published=dt.date(2025, 5, 5))
    with engine.begin() as conn:
        conn.execute(
            text(
                "UPDATE items SET registry_status = 'operational', registry_as_of = '2025-09', "
                "sources = :sources WHERE name = 'Delta Dam'"
            ),
            {"sources": '["https://example.org/delta-opened"]'},
        )
        ids = dict(conn.execute(text("SELECT name, id FROM items WHERE name LIKE '% Dam'")).all())
    from corridor.store import transaction
    from corridor.track.derive import refresh_statuses
    from corridor.track.review import override_status

    with transaction(engine) as session:
        refresh_statuses(session=session, item_ids=[ids["Delta Dam"]])
        override_status(session=session, item_id=ids["Omega Dam"], status="cancelled",
                        reason="<b>scrapped</b> by the province", actor="boss")  # fmt: skip
    url = "promises?since=2025-05-01&until=2025-05-31"  # as of today: the override is made now
    rows = {r["item"]: r for r in client.get(f"/api/{url}").json()["rows"]}
    assert rows["Delta Dam"]["meter"] == "Promise Kept"
    assert rows["Delta Dam"]["evidence_claim"] == "registry"
    assert rows["Omega Dam"]["meter"] == "Promise Broken"
    assert rows["Omega Dam"]["evidence_claim"] == "override"
    page = _clean_page(client.get(f"/{url}"))
    assert "The registry: operational as of 2025-09" in page
    assert 'href="https://example.org/delta-opened"' in page
    assert "Status set to cancelled by boss: &lt;b&gt;scrapped&lt;/b&gt; by the province" in page
    assert f'href="/items/{ids["Omega Dam"]}">the item' in page
