"""The write side: every write route needs a token and the right role; ingest, review,
override and merge through the API and through the CSRF-checked pages."""

from __future__ import annotations

import http.server
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select

from corridor.store import transaction
from corridor.store.accounts import DraftRow
from corridor.store.tables import ClaimRow, SourceRow

SEED = Path(__file__).parents[1] / "data" / "seed" / "op-ed.txt"
PROBLEM_CLAIM = "gwadar-port"  # its hostile-source claim is a problem: accepting it stalls it


def _auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _claim_of(client: TestClient, item: str, modality: str) -> str:
    rows = client.get("/api/claims", params={"item": item, "modality": modality}).json()["rows"]
    return str(rows[0]["id"])


def _count(engine: Engine, model: Any) -> int:
    with transaction(engine) as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


WRITES: list[tuple[str, dict[str, Any]]] = [
    ("/api/ingest", {"data": {"text": "The Gwadar Port is operational, officials said."}}),
    ("/api/claims/{claim}/review", {"json": {"action": "accept"}}),
    ("/api/items/gwadar-port/override", {"json": {"status": "stalled", "reason": "site visit"}}),
    ("/api/items/merge", {"json": {"keep": "gwadar-port", "merge": "{candidate}"}}),
]


def _route(client: TestClient, loaded: dict[str, str], path: str) -> str:
    return path.format(
        claim=_claim_of(client, "gwadar-port", "problem"), candidate=loaded["hostile_item"]
    )


def _fill(kwargs: dict[str, Any], loaded: dict[str, str]) -> dict[str, Any]:
    if "json" in kwargs and kwargs["json"].get("merge") == "{candidate}":
        return {"json": {**kwargs["json"], "merge": loaded["hostile_item"]}}
    return kwargs


@pytest.mark.parametrize(("path", "kwargs"), WRITES, ids=[w[0] for w in WRITES])
def test_every_write_route_is_401_without_or_with_a_bad_token_and_200_with_one(
    client: TestClient,
    loaded: dict[str, str],
    tokens: dict[str, str],
    path: str,
    kwargs: dict[str, Any],
) -> None:
    url, kwargs = _route(client, loaded, path), _fill(kwargs, loaded)
    for headers in ({}, _auth("not-a-token"), {"Authorization": "Basic YTpi"}):
        response = client.post(url, headers=headers, **kwargs)
        assert response.status_code == 401, (headers, response.text)
        body = response.json()
        assert body["ok"] is False and body["code"] == "E500" and body["hint"]
        assert response.headers["www-authenticate"] == "Bearer"
    response = client.post(url, headers=_auth(tokens["admin"]), **kwargs)
    assert response.status_code == 200, response.text
    assert response.json()["ok"] is True


@pytest.mark.parametrize(
    ("path", "kwargs", "analyst_may"),
    [(*w, may) for w, may in zip(WRITES, (True, True, False, False), strict=True)],
    ids=[w[0] for w in WRITES],
)
def test_analysts_ingest_and_review_only_admins_override_and_merge(
    client: TestClient,
    loaded: dict[str, str],
    tokens: dict[str, str],
    path: str,
    kwargs: dict[str, Any],
    analyst_may: bool,
) -> None:
    url, kwargs = _route(client, loaded, path), _fill(kwargs, loaded)
    response = client.post(url, headers=_auth(tokens["analyst"]), **kwargs)
    if analyst_may:
        assert response.status_code == 200, response.text
    else:
        assert response.status_code == 403 and response.json()["code"] == "E501"


def test_reads_stay_open(client: TestClient) -> None:
    for path in ("/api/items", "/api/claims", "/items/gwadar-port", "/"):
        assert client.get(path).status_code == 200


def test_ingest_the_seed_op_ed_through_the_api_makes_claims_once(
    client: TestClient, engine: Engine, tokens: dict[str, str]
) -> None:
    before = _count(engine, ClaimRow)
    text = SEED.read_text(encoding="utf-8")
    data = {"text": text, "publisher": "Daily Times", "published": "2025-02-04"}
    response = client.post("/api/ingest", data=data, headers=_auth(tokens["analyst"]))
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["saved"] is True and body["failed"] == []
    [document] = body["documents"]
    assert document["state"] == "new" and document["claims"] >= 10
    assert {"rashakai-sez", "dhabeji-sez"} <= set(document["items"])
    assert _count(engine, ClaimRow) == before + document["claims"]
    source = client.get(f"/api/sources/{document['source_id']}").json()["source"]
    assert source["publisher"] == "Daily Times" and source["published"] == "2025-02-04"
    assert source["title"].startswith("A New Era of Pakistan-China Cooperation")
    again = client.post("/api/ingest", data=data, headers=_auth(tokens["analyst"])).json()
    assert again["documents"][0]["state"] == "duplicate"
    assert _count(engine, ClaimRow) == before + document["claims"]


def test_ingest_takes_a_file_part_sent_as_text_as_curl_at_sends_it(
    client: TestClient, tokens: dict[str, str]
) -> None:
    # docs/api.md: curl -F text=@examples/op-ed-zardari-visit-2025.txt sends a file part
    example = Path(__file__).parents[2] / "examples" / "op-ed-zardari-visit-2025.txt"
    response = client.post(
        "/api/ingest",
        files={"text": (example.name, example.read_bytes(), "text/plain")},
        data={"publisher": "Daily Times", "preview": "true"},
        headers=_auth(tokens["analyst"]),
    )
    assert response.status_code == 200, response.text
    [document] = response.json()["documents"]
    pasted = client.post(
        "/api/ingest",
        data={"text": example.read_text(encoding="utf-8"), "preview": "true"},
        headers=_auth(tokens["analyst"]),
    ).json()["documents"][0]
    assert document["source_id"] == pasted["source_id"] and document["claims"] >= 10
    bad = client.post(
        "/api/ingest",
        files={"text": ("latin.txt", "Gwadar caf\u00e9".encode("latin-1"), "text/plain")},
        headers=_auth(tokens["analyst"]),
    )
    assert bad.status_code == 400 and bad.json()["code"] == "E303", bad.text
    too_long = client.post(
        "/api/ingest", data={"text": "x" * 1_000_001}, headers=_auth(tokens["analyst"])
    )
    assert too_long.status_code in (400, 413), too_long.text


def test_ingest_preview_stores_nothing(
    client: TestClient, engine: Engine, tokens: dict[str, str]
) -> None:
    sources = _count(engine, SourceRow)
    response = client.post(
        "/api/ingest",
        data={"text": SEED.read_text(encoding="utf-8"), "preview": "true"},
        headers=_auth(tokens["analyst"]),
    )
    assert response.status_code == 200
    body = response.json()
    assert body["saved"] is False and body["documents"][0]["state"] == "preview"
    extracted = body["documents"][0]["extracted"]
    assert {"recommendation", "mention"} <= {c["modality"] for c in extracted}
    assert all(c["sentence"] for c in extracted)
    assert _count(engine, SourceRow) == sources


def test_ingest_an_uploaded_html_file(client: TestClient, tokens: dict[str, str]) -> None:
    html = (
        "<html><head><title>Rashakai works</title></head><body><article><h1>Rashakai works</h1>"
        "<p>Construction of the Rashakai SEZ is under way, the board said on Monday, and "
        "the first factories are expected to open next year.</p>"
        "<p>The Dhabeji SEZ was inaugurated last month by the chief minister.</p>"
        "<script>alert(1)</script></article></body></html>"
    )
    response = client.post(
        "/api/ingest",
        files={"file": ("rashakai.html", html.encode(), "text/html")},
        headers=_auth(tokens["analyst"]),
    )
    assert response.status_code == 200, response.text
    document = response.json()["documents"][0]
    assert "rashakai-sez" in document["items"]
    text = client.get(f"/api/sources/{document['source_id']}").json()["source"]["text"]
    assert "alert(1)" not in text


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"data": {}}, "E504"),
        ({"data": {"text": "x", "url": "https://example.org/"}}, "E504"),
        ({"data": {"text": "   "}}, "E305"),
        ({"data": {"url": "http://127.0.0.1:9/x"}}, "E307"),
        ({"data": {"url": "file:///etc/passwd"}}, "E307"),
        ({"files": {"file": ("x.bin", b"\x00\x01\x02" * 10, "application/octet-stream")}}, "E301"),
        # a source dated year 9999 or 1 would stretch every timeline and chart to it
        ({"data": {"text": "Gwadar Port opened.", "published": "9999-01-01"}}, "E403"),
        ({"data": {"text": "Gwadar Port opened.", "published": "0001-01-01"}}, "E403"),
    ],
)
def test_ingest_refuses_bad_input_with_400(
    client: TestClient, tokens: dict[str, str], kwargs: dict[str, Any], code: str
) -> None:
    response = client.post("/api/ingest", headers=_auth(tokens["analyst"]), **kwargs)
    assert response.status_code == 400, response.text
    assert response.json()["code"] == code


def test_ingest_never_connects_to_a_private_address(
    client: TestClient, tokens: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import socket

    def refuse(*_: object, **__: object) -> None:
        raise AssertionError("connected")

    monkeypatch.setattr(socket, "create_connection", refuse)
    for url in (
        "http://169.254.169.254/latest/meta-data/",
        "http://localhost/",
        "http://10.0.0.1/",
    ):
        response = client.post("/api/ingest", data={"url": url}, headers=_auth(tokens["analyst"]))
        assert response.status_code == 400 and response.json()["code"] == "E307", url


@pytest.fixture
def local_site() -> Iterator[str]:
    body = SEED.read_bytes()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *_: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/op-ed.txt"
    server.shutdown()
    server.server_close()


def test_ingest_a_url_when_private_addresses_are_allowed(
    client: TestClient, tokens: dict[str, str], local_site: str
) -> None:
    refused = client.post("/api/ingest", data={"url": local_site}, headers=_auth(tokens["analyst"]))
    assert refused.status_code == 400 and refused.json()["code"] == "E307"
    client.app.state.allow_private = True  # type: ignore[attr-defined]
    response = client.post(
        "/api/ingest", data={"url": local_site}, headers=_auth(tokens["analyst"])
    )
    assert response.status_code == 200, response.text
    assert response.json()["documents"][0]["claims"] >= 10


@contextmanager
def _settings(monkeypatch: pytest.MonkeyPatch, **env: str) -> Iterator[None]:
    """corridor's settings with these CORRIDOR_* values for the block, as before after it."""
    from corridor.settings import get_settings

    for name, value in env.items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()
    try:
        yield
    finally:
        for name in env:
            monkeypatch.delenv(name)
        get_settings.cache_clear()


def test_uploads_are_bounded(
    client: TestClient, tokens: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    with _settings(monkeypatch, CORRIDOR_MAX_DOCUMENT_BYTES="1000"):
        response = client.post(
            "/api/ingest",
            files={"file": ("big.txt", b"Gwadar Port. " * 200, "text/plain")},
            headers=_auth(tokens["analyst"]),
        )
        assert response.status_code == 413
        # Elsewhere the 64 KB bound on bodies still holds.
        big = client.post(
            "/api/items/merge", content=b"x" * 100_000, headers=_auth(tokens["admin"])
        )
        assert big.status_code == 413


def test_review_rederives_the_items_status(client: TestClient, tokens: dict[str, str]) -> None:
    # The hostile source's later problem claim holds Gwadar Port stalled (the fixture derives).
    assert client.get("/api/items/gwadar-port").json()["item"]["status"] == "stalled"
    claim = _claim_of(client, "gwadar-port", "problem")
    url, auth = f"/api/claims/{claim}/review", _auth(tokens["analyst"])
    rejected = client.post(url, json={"action": "reject"}, headers=auth)
    assert rejected.status_code == 200 and rejected.json()["item"]["status"] == "operational"
    response = client.post(
        url, json={"action": "accept", "note": "confirmed by a second source"}, headers=auth
    )
    assert response.status_code == 200
    body = response.json()
    assert body["claim"]["review_state"] == "accepted" and body["claim"]["reviewed_by"] == "amina"
    assert body["item"]["status"] == "stalled"
    assert client.get("/api/items/gwadar-port").json()["item"]["status"] == "stalled"


def test_a_rejected_claim_leaves_the_charts_and_latest_claims(
    client: TestClient, tokens: dict[str, str]
) -> None:
    # QA: the item's "what the sources say" and the overview's latest claims still counted
    # a claim analysts had rejected, which the status and the charts over time left out.
    claim = _claim_of(client, "gwadar-port", "problem")
    before = client.get("/api/items/gwadar-port").json()["claims_by_modality"]
    assert before.get("problem") == 1
    assert claim in [c["id"] for c in client.get("/api/overview").json()["latest_claims"]]
    auth = _auth(tokens["analyst"])
    assert client.post(f"/api/claims/{claim}/review", json={"action": "reject"}, headers=auth)
    after = client.get("/api/items/gwadar-port").json()["claims_by_modality"]
    assert "problem" not in after and after == {k: v for k, v in before.items() if k != "problem"}
    assert claim not in [c["id"] for c in client.get("/api/overview").json()["latest_claims"]]


def test_review_corrects_modality_and_item(client: TestClient, tokens: dict[str, str]) -> None:
    claim = _claim_of(client, "gwadar-port", "problem")
    response = client.post(
        f"/api/claims/{claim}/review",
        json={"action": "correct", "modality": "mention", "item": "rashakai-sez"},
        headers=_auth(tokens["analyst"]),
    )
    assert response.status_code == 200, response.text
    assert response.json()["claim"] | {"reviewed_by": None} == {
        "id": claim,
        "item_id": "rashakai-sez",
        "modality": "mention",
        "review_state": "corrected",
        "reviewed_by": None,
    }


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"action": "correct"}, 400, "E403"),
        ({"action": "accept", "modality": "pledge"}, 400, "E403"),
        ({"action": "maybe"}, 400, "E403"),
        ({"action": "accept", "extra": 1}, 400, "E403"),
        ({"action": "correct", "item": "no-such-item"}, 404, "E202"),
    ],
)
def test_review_refuses_bad_bodies(
    client: TestClient, tokens: dict[str, str], body: dict[str, Any], status: int, code: str
) -> None:
    claim = _claim_of(client, "gwadar-port", "problem")
    response = client.post(
        f"/api/claims/{claim}/review", json=body, headers=_auth(tokens["analyst"])
    )
    assert (response.status_code, response.json()["code"]) == (status, code)


def test_review_of_an_unknown_claim_is_404(client: TestClient, tokens: dict[str, str]) -> None:
    response = client.post(
        "/api/claims/nope/review", json={"action": "accept"}, headers=_auth(tokens["analyst"])
    )
    assert response.status_code == 404 and response.json()["code"] == "E402"


def test_override_and_clear(client: TestClient, tokens: dict[str, str]) -> None:
    admin = _auth(tokens["admin"])
    url = "/api/items/rashakai-sez/override"
    response = client.post(url, json={"status": "stalled", "reason": "site visit"}, headers=admin)
    assert response.json()["item"]["status"] == "stalled"
    assert response.json()["item"]["override"]["by"] == "boss"
    assert client.post(url, json={"reason": "x"}, headers=admin).status_code == 400
    both = {"status": "stalled", "clear": True, "reason": "x"}
    assert client.post(url, json=both, headers=admin).status_code == 400
    cleared = client.post(url, json={"clear": True, "reason": "works resumed"}, headers=admin)
    assert cleared.json()["item"] == {
        "id": "rashakai-sez",
        "status": "under_construction",
        "override": None,
    }
    missing = client.post(
        "/api/items/nope/override", json={"status": "stalled", "reason": "x"}, headers=admin
    )
    assert missing.status_code == 404


def test_audit_log_keeps_a_claim_moved_off_and_what_an_override_replaced(
    client: TestClient, engine: Engine, tokens: dict[str, str]
) -> None:
    from corridor.store.accounts import item_audit

    def log(item_id: str) -> list[dict[str, Any]]:
        with transaction(engine) as session:
            return item_audit(session=session, item_id=item_id)

    claim = _claim_of(client, "gwadar-port", "problem")
    moved = client.post(
        f"/api/claims/{claim}/review",
        json={"action": "correct", "item": "rashakai-sez"},
        headers=_auth(tokens["analyst"]),
    )
    assert moved.status_code == 200, moved.text
    assert [(a["action"], a["target"]) for a in log("gwadar-port")] == [("review", claim)]
    assert ("review", claim) in [(a["action"], a["target"]) for a in log("rashakai-sez")]

    admin, url = _auth(tokens["admin"]), "/api/items/gwadar-port/override"
    before = client.get("/api/items/gwadar-port").json()["item"]["status"]
    client.post(url, json={"status": "stalled", "reason": "site visit"}, headers=admin)
    cleared = client.post(url, json={"clear": True, "reason": "works resumed"}, headers=admin)
    assert cleared.status_code == 200 and cleared.json()["item"]["override"] is None
    again = client.post(url, json={"clear": True, "reason": "again"}, headers=admin)
    assert again.status_code == 400 and again.json()["code"] == "E403"
    assert "no override to clear" in again.json()["error"]
    entries = [(a["action"], a["detail"].get("previous")) for a in log("gwadar-port")]
    assert entries == [("override cleared", "stalled"), ("override", before), ("review", None)]


def test_a_merged_item_leaves_search_for_its_survivor(
    client: TestClient, tokens: dict[str, str], loaded: dict[str, str]
) -> None:
    candidate = loaded["hostile_item"]
    body = {"keep": "gwadar-port", "merge": candidate}
    merged = client.post("/api/items/merge", json=body, headers=_auth(tokens["admin"]))
    assert merged.status_code == 200, merged.text
    found = client.get("/api/search", params={"q": "evil dam", "type": "item"}).json()
    assert [r["id"] for r in found["items"]["rows"]] == ["gwadar-port"]  # by the alias taken
    assert found["items"]["total"] == 1
    assert sum(f["count"] for f in found["facets"]["status"]) == 1
    assert "unknown" not in [f["value"] for f in found["facets"]["status"]]


def test_merge_moves_claims(
    client: TestClient, tokens: dict[str, str], loaded: dict[str, str]
) -> None:
    candidate = loaded["hostile_item"]
    response = client.post(
        "/api/items/merge",
        json={"keep": "gwadar-port", "merge": candidate},
        headers=_auth(tokens["admin"]),
    )
    assert response.status_code == 200
    assert response.json()["claims_moved"] == 1
    assert client.get(f"/api/items/{candidate}").json()["item"]["merged_into"] == "gwadar-port"
    again = client.post(
        "/api/items/merge",
        json={"keep": "gwadar-port", "merge": candidate},
        headers=_auth(tokens["admin"]),
    )
    assert again.status_code == 400


def test_openapi_documents_writes_with_the_bearer_scheme(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    assert schema["components"]["securitySchemes"]["token"] == {
        "type": "http",
        "scheme": "bearer",
        "description": "A token printed by `corridor users add NAME --role analyst|admin`.",
    }
    for path in (
        "/api/ingest",
        "/api/claims/{claim_id}/review",
        "/api/items/{item_id}/override",
        "/api/items/merge",
    ):
        operation = schema["paths"][path]["post"]
        assert operation["security"] == [{"token": []}]
        assert {"400", "401", "403", "429"} <= set(operation["responses"])
    assert "security" not in schema["paths"]["/api/items"]["get"]


# ---------------------------------------------------------------- pages


def _sign_in(client: TestClient, token: str) -> str:
    page = client.get("/signin")
    csrf = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert csrf
    response = client.post(
        "/signin", data={"token": token, "csrf": csrf.group(1)}, follow_redirects=False
    )
    assert response.status_code == 303
    session_csrf = re.search(r'name="csrf" value="([^"]+)"', client.get("/ingest").text)
    assert session_csrf
    return session_csrf.group(1)


def test_signed_in_pages_are_private_and_every_page_varies_by_cookie(
    client: TestClient, tokens: dict[str, str]
) -> None:
    anonymous = client.get("/items/gwadar-port")
    assert "cookie" in anonymous.headers["vary"].lower()
    assert "private" not in anonymous.headers.get("cache-control", "")
    assert "cookie" not in client.get("/api/items").headers.get("vary", "").lower()
    form = client.get("/signin")  # it sets the form's CSRF cookie
    assert form.headers["cache-control"] == "private, no-store"
    _sign_in(client, tokens["admin"])
    for path in ("/", "/items/gwadar-port", "/review", "/ingest", "/search?q=gwadar"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.headers["cache-control"] == "private, no-store", path
        assert "cookie" in response.headers["vary"].lower(), path


def test_ingest_page_previews_then_saves(
    client: TestClient, engine: Engine, tokens: dict[str, str]
) -> None:
    csrf = _sign_in(client, tokens["analyst"])
    sources = _count(engine, SourceRow)
    text = SEED.read_text(encoding="utf-8")
    response = client.post(
        "/ingest",
        data={"csrf": csrf, "text": text, "url": "", "title": ""},
        files={"file": ("", b"", "application/octet-stream")},  # an empty file input
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    preview = client.get(response.headers["location"])
    assert preview.status_code == 200
    assert "nothing is saved yet" in preview.text
    assert 'class="m-recommendation"' in preview.text
    assert _count(engine, SourceRow) == sources  # a preview stores nothing
    save = re.search(r'action="(/ingest/drafts/[^"]+/save)"', preview.text)
    assert save
    saved = client.post(save.group(1), data={"csrf": csrf}, follow_redirects=False)
    assert saved.status_code == 303 and saved.headers["location"].startswith("/sources/")
    assert _count(engine, SourceRow) == sources + 1
    assert _count(engine, DraftRow) == 0
    again = client.post(save.group(1), data={"csrf": csrf})
    assert again.status_code == 404 and "E507" in again.text  # a draft is saved once
    page = client.get(saved.headers["location"])
    assert "Saved" in page.text and 'class="m-recommendation"' in page.text


def test_ingest_page_shows_reader_errors_in_the_form(
    client: TestClient, tokens: dict[str, str]
) -> None:
    csrf = _sign_in(client, tokens["analyst"])
    response = client.post("/ingest", data={"csrf": csrf, "url": "http://127.0.0.1/x"})
    assert response.status_code == 400
    assert "E307" in response.text and 'id="ingest-form"' in response.text
    for day in ("garbage", "2025-02-30", "9999-01-01"):  # said in the form, not dropped
        bad = client.post("/ingest", data={"csrf": csrf, "text": "Gwadar Port.", "published": day})
        assert bad.status_code == 400 and 'id="ingest-form"' in bad.text, day
        assert "E112" in bad.text or "E403" in bad.text, day


def test_preview_escapes_hostile_text(client: TestClient, tokens: dict[str, str]) -> None:
    csrf = _sign_in(client, tokens["analyst"])
    hostile = (
        "Work on the Gwadar Port <script>alert(1)</script> is under way, officials said. "
        '<img src=x onerror=alert(1)> <a href="javascript:alert(1)">x</a>'
    )
    response = client.post("/ingest", data={"csrf": csrf, "text": hostile})
    assert response.status_code == 200
    assert "<script>alert(1)" not in response.text and "<img src=x" not in response.text
    assert "&lt;script&gt;" in response.text


def test_forms_without_the_sessions_csrf_token_are_refused(
    client: TestClient, tokens: dict[str, str]
) -> None:
    csrf = _sign_in(client, tokens["admin"])
    claim = _claim_of(client, "gwadar-port", "problem")
    before = client.get("/api/items/gwadar-port").json()["item"]["status"]
    attempts = [
        (f"/review/{claim}", {"action": "accept"}),
        ("/items/gwadar-port/override", {"status": "cancelled", "reason": "x"}),
        ("/ingest", {"text": "Gwadar Port is operational."}),
        ("/signout", {}),
    ]
    for path, data in attempts:
        for token in (None, "forged", csrf[:-1]):
            form = data if token is None else {**data, "csrf": token}
            response = client.post(path, data=form, follow_redirects=False)
            assert response.status_code == 403 and "E502" in response.text, (path, token)
    assert client.get("/api/items/gwadar-port").json()["item"]["status"] == before
    assert client.get("/api/claims?item=gwadar-port&review_state=accepted").json()["rows"] == []


def test_review_page_accepts_a_claim_and_the_status_follows(
    client: TestClient, tokens: dict[str, str]
) -> None:
    csrf = _sign_in(client, tokens["analyst"])
    page = client.get("/review")
    assert page.status_code == 200
    claim = _claim_of(client, "gwadar-port", "problem")
    assert f'action="/review/{claim}"' in page.text
    response = client.post(
        f"/review/{claim}", data={"csrf": csrf, "action": "accept"}, follow_redirects=False
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/review?done=accepted&item=gwadar-port"
    assert "was derived again" in client.get(response.headers["location"]).text
    assert client.get("/api/items/gwadar-port").json()["item"]["status"] == "stalled"
    assert f'action="/review/{claim}"' not in client.get("/review").text  # off the queue


def test_review_notice_says_only_what_the_site_knows(
    client: TestClient, tokens: dict[str, str]
) -> None:
    # QA: any text put in the address was shown as the site's notice ("Claim rejected and
    # your session expired; sign in again at ..."), and any item id as its link.
    _sign_in(client, tokens["analyst"])
    spoof = "rejected and your session expired; sign in again at corridor-login.example"
    for done, item in ((spoof, "gwadar-port"), ("accepted", "no-such-item"), ("", "gwadar-port")):
        page = client.get("/review", params={"done": done, "item": item}).text
        assert 'id="review-done"' not in page and "corridor-login" not in page, (done, item)
    page = client.get("/review?done=rejected&item=gwadar-port").text
    assert 'Claim rejected. The status of <a href="/items/gwadar-port">Gwadar Port</a>' in page


def test_review_page_corrects_modality(client: TestClient, tokens: dict[str, str]) -> None:
    csrf = _sign_in(client, tokens["analyst"])
    claim = _claim_of(client, "rashakai-sez", "pledge")
    # A modality that is none is named as such (QA: "give exactly one of accept, reject ...").
    bad = {"csrf": csrf, "action": "correct", "modality": "zz", "item": ""}
    response = client.post(f"/review/{claim}", data=bad, follow_redirects=False)
    assert response.status_code == 400 and "&#39;zz&#39; is not a modality" in response.text
    form = {"csrf": csrf, "action": "correct", "modality": "agreement", "item": ""}
    assert client.post(f"/review/{claim}", data=form, follow_redirects=False).status_code == 303
    assert _claim_of(client, "rashakai-sez", "agreement") == claim


def test_item_page_shows_override_form_and_audit_log_to_signed_in_users(
    client: TestClient, tokens: dict[str, str]
) -> None:
    anonymous = client.get("/items/rashakai-sez").text
    assert "Audit log" not in anonymous and "/override" not in anonymous
    csrf = _sign_in(client, tokens["analyst"])
    page = client.get("/items/rashakai-sez").text
    assert "Audit log" in page and "Only an admin may override" in page
    forbidden = client.post(
        "/items/rashakai-sez/override", data={"csrf": csrf, "status": "stalled", "reason": "x"}
    )
    assert forbidden.status_code == 403 and "E501" in forbidden.text
    client.cookies.clear()
    csrf = _sign_in(client, tokens["admin"])
    response = client.post(
        "/items/rashakai-sez/override",
        data={"csrf": csrf, "status": "stalled", "reason": "flooded <b>site</b>"},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/items/rashakai-sez#override"
    page = client.get("/items/rashakai-sez").text
    assert "Overridden to" in page and "flooded &lt;b&gt;site&lt;/b&gt;" in page
    assert re.search(r"<td>boss</td><td>override</td>", page)
    twin = client.get("/api/items/rashakai-sez").json()
    assert "audit" not in twin and twin["item"]["status"] == "stalled"


def test_ingest_an_uploaded_pdf(client: TestClient, tokens: dict[str, str]) -> None:
    pdf = (Path(__file__).parents[1] / "data" / "ingest" / "article.pdf").read_bytes()
    response = client.post(
        "/api/ingest",
        files={"file": ("article.pdf", pdf, "application/pdf")},
        data={"preview": "true"},
        headers=_auth(tokens["analyst"]),
    )
    assert response.status_code == 200, response.text
    assert response.json()["documents"][0]["claims"] > 0


def test_write_pages_need_no_inline_script_or_style(
    client: TestClient, tokens: dict[str, str]
) -> None:
    csrf = _sign_in(client, tokens["admin"])
    preview = client.post("/ingest", data={"csrf": csrf, "text": SEED.read_text("utf-8")})
    pages = [client.get(p) for p in ("/signin", "/ingest", "/review", "/items/gwadar-port")]
    client.cookies.clear()
    pages.append(client.get("/signin"))
    for response in [preview, *pages]:
        assert response.status_code == 200, response.url
        html = response.text
        assert response.headers["content-security-policy"].startswith("default-src 'self'")
        assert " style=" not in html and "<style" not in html, response.url
        assert not re.search(r"<script(?![^>]*\bsrc=)", html), response.url
        assert not re.search(r"<[^>]*\son[a-z]+=", html), response.url


def test_ingest_given_json_says_it_takes_a_form(client: TestClient, tokens: dict[str, str]) -> None:
    response = client.post(
        "/api/ingest",
        json={"text": "Gwadar Port is operational."},
        headers=_auth(tokens["analyst"]),
    )
    assert response.status_code == 400 and response.json()["code"] == "E504"
    assert "JSON body" in response.json()["error"] and "form" in response.json()["error"]


def test_a_write_body_over_its_limit_is_not_called_a_document(
    client: TestClient, tokens: dict[str, str]
) -> None:
    # QA: a long override reason was refused as "document too large", with the hint to
    # raise CORRIDOR_MAX_DOCUMENT_BYTES, which does not govern this route.
    body = {"status": "stalled", "reason": "x" * 100_000}
    response = client.post(
        "/api/items/gwadar-port/override", json=body, headers=_auth(tokens["admin"])
    )
    assert response.status_code == 413
    assert response.json()["code"] == "E403" and "64 KiB" in response.json()["hint"]
    assert "CORRIDOR_MAX_DOCUMENT_BYTES" not in response.text


def test_ingest_refuses_a_text_over_the_document_limit(
    client: TestClient, tokens: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    with _settings(monkeypatch, CORRIDOR_MAX_DOCUMENT_BYTES="10000"):
        text = "Gwadar Port handled more ships. " * 400  # 12,800 bytes: a file this size is 413
        response = client.post("/api/ingest", data={"text": text}, headers=_auth(tokens["analyst"]))
    assert response.status_code == 413 and response.json()["code"] == "E302"


def test_ingest_says_when_a_document_was_read_but_not_whole(
    client: TestClient, tokens: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # QA: the CLI printed the reader's note, the API and the preview dropped it
    with _settings(monkeypatch, CORRIDOR_MAX_TEXT_CHARS="2000"):
        text = "Gwadar Port handled more ships this year, officials said.\n\n" * 100
        response = client.post("/api/ingest", data={"text": text, "preview": "true"},
                               headers=_auth(tokens["analyst"]))  # fmt: skip
        csrf = _sign_in(client, tokens["analyst"])
        page = client.post("/ingest", data={"csrf": csrf, "text": text})
    assert response.status_code == 200
    [document] = response.json()["documents"]
    assert document["note"] is not None and "CORRIDOR_MAX_TEXT_CHARS" in document["note"]
    assert "Read, but not whole" in page.text and "CORRIDOR_MAX_TEXT_CHARS" in page.text


def test_the_ingest_form_answers_413_for_a_file_over_the_document_limit(
    client: TestClient, tokens: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # QA: the form re-rendered E302 with 400 where /api/ingest answers 413
    csrf = _sign_in(client, tokens["analyst"])
    with _settings(monkeypatch, CORRIDOR_MAX_DOCUMENT_BYTES="10000"):
        data = ("Gwadar Port handled more ships. " * 400).encode()
        response = client.post("/ingest", data={"csrf": csrf},
                               files={"file": ("big.txt", data, "text/plain")})  # fmt: skip
    assert response.status_code == 413 and "E302" in response.text


def test_pages_refused_before_any_route_still_show_who_is_signed_in(
    client: TestClient, tokens: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # The security middleware refuses these before the account middleware runs: its error
    # page showed "Sign in" to a signed-in analyst.
    csrf = _sign_in(client, tokens["analyst"])
    with _settings(monkeypatch, CORRIDOR_MAX_DOCUMENT_BYTES="10000"):
        refused = [
            client.get("/items?q=" + "x" * 5000),  # 414
            client.get("/items?pillar=%01"),  # 400: a control character
            client.post("/ingest", data={"csrf": csrf, "text": "Gwadar Port. " * 2000}),  # 413
        ]
    assert [r.status_code for r in refused] == [414, 400, 413]
    for response in refused:
        assert "amina · analyst" in response.text and "Sign out" in response.text
        # it holds the session's CSRF token: no shared cache may keep it (QA)
        assert response.headers["cache-control"] == "private, no-store"
        assert "Cookie" in response.headers["vary"]
    api = client.get("/api/items?pillar=%01")
    assert api.status_code == 400 and api.json()["code"] == "E403"


def test_error_hints_speak_the_webs_terms_not_the_clis(
    client: TestClient, tokens: dict[str, str]
) -> None:
    analyst, admin = _auth(tokens["analyst"]), _auth(tokens["admin"])
    claim = _claim_of(client, "gwadar-port", "problem")
    answers = [
        client.get("/api/items?pillar=enrgy"),
        client.get("/api/items/nope"),
        client.get("/api/claims/nope"),
        client.post("/api/claims/nope/review", json={"action": "accept"}, headers=analyst),
        client.post(f"/api/claims/{claim}/review", json={"action": "correct"}, headers=analyst),
        client.post(
            "/api/items/gwadar-port/override",
            json={"status": "stalled", "reason": "  "},
            headers=admin,
        ),
        client.post("/api/ingest", data={"url": "http://127.0.0.1:9/x"}, headers=analyst),
    ]
    for answer in answers:
        body = answer.json()
        said = f"{body['error']} {body['hint']}"
        assert answer.status_code in (400, 404), said
        assert "--" not in said and "corridor " not in said and "/api/docs" not in said, said
    assert "/openapi.json" in answers[0].json()["hint"]
    assert client.get("/openapi.json").status_code == 200
    assert "CORRIDOR_ALLOW_PRIVATE" in answers[-1].json()["hint"]
    page = client.get("/items/nope")
    assert page.status_code == 404 and "/api/items" in page.text
    # The CLI keeps its own words.
    from corridor.errors import CorridorError

    assert "--help" in CorridorError("E403", "x").render()


def test_storing_a_text_again_answers_with_what_is_stored(
    client: TestClient, tokens: dict[str, str]
) -> None:
    # QA: the second answer echoed the new title and publisher, which were thrown away
    text = "Gwadar Port handled more ships this year than last, officials said."
    first = client.post("/api/ingest", data={"text": text, "title": "First title"},
                        headers=_auth(tokens["analyst"]))  # fmt: skip
    again = client.post(
        "/api/ingest",
        data={"text": text, "title": "Corrected title", "publisher": "Dawn"},
        headers=_auth(tokens["analyst"]),
    )
    assert first.status_code == again.status_code == 200
    [document] = again.json()["documents"]
    assert document["state"] == "duplicate"
    assert (document["title"], document["publisher"]) == ("First title", None)
    source = client.get(f"/api/sources/{document['source_id']}").json()["source"]
    assert source["title"] == "First title"
