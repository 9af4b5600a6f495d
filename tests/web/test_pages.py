"""Pages: each renders, shares its data with its JSON twin, escapes document text and
carries the security headers."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from web_fixtures import HOSTILE_NAME, HOSTILE_TITLE

from corridor.web.security import CONTENT_SECURITY_POLICY


def _pages(loaded: dict[str, str]) -> list[str]:
    return [
        "/",
        "/items",
        "/items?pillar=energy&status=operational",
        "/items/rashakai-sez",
        "/items/gwadar-port",
        f"/items/{loaded['hostile_item']}",
        "/sources",
        f"/sources/{loaded['article']}",
        f"/sources/{loaded['hostile']}",
        "/map",
        "/map?pillar=energy",
        "/search",
        "/search?q=gwadar",
        "/search?q=evil",
    ]


def test_every_page_renders_with_security_headers(
    client: TestClient, loaded: dict[str, str]
) -> None:
    for url in _pages(loaded):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.headers["content-type"].startswith("text/html")
        assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["referrer-policy"]
        # The CSP forbids inline script and style: the templates must not need them.
        assert not re.search(r"<script(?![^>]*\bsrc=)", response.text), url
        assert " style=" not in response.text and "<style" not in response.text, url
        assert not re.search(r"<[^>]*\son[a-z]+=", response.text), url


def test_static_and_error_responses_carry_headers_too(client: TestClient) -> None:
    for url in ("/static/css/corridor.css", "/no-such-page", "/api/no-such-route"):
        response = client.get(url)
        assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY, url


def test_page_and_json_twin_share_data(client: TestClient) -> None:
    page = client.get("/items/gwadar-port").text
    twin = client.get("/api/items/gwadar-port").json()
    assert twin["item"]["name"] in page
    assert 'href="/api/items/gwadar-port"' in page
    for claim in twin["claims"]:
        assert f"claim-{claim['id']}" in page


def test_source_page_marks_each_claim_by_modality(
    client: TestClient, loaded: dict[str, str]
) -> None:
    page = client.get(f"/sources/{loaded['article']}").text
    for modality in ("delivery", "pledge", "progress"):
        assert f'<mark class="m-{modality}"' in page
    assert 'class="legend vertical"' in page


def test_document_text_is_escaped_everywhere(client: TestClient, loaded: dict[str, str]) -> None:
    for url in (
        f"/sources/{loaded['hostile']}",
        f"/items/{loaded['hostile_item']}",
        "/items/gwadar-port",
        "/search?q=evil",
        "/sources",
        "/",
        "/items?origin=candidate",
    ):
        page = client.get(url).text
        assert "<script>alert(1)</script>" not in page, url
        assert "<img src=x" not in page, url
        assert 'href="javascript:' not in page, url
    page = client.get(f"/sources/{loaded['hostile']}").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "Headline &lt;img src=x onerror=alert(1)&gt;" in page
    assert '<span class="unlinked"' in page  # the javascript: URL is shown, never linked
    item = client.get(f"/items/{loaded['hostile_item']}").text
    assert "Evil &lt;script&gt;alert(1)&lt;/script&gt; Dam" in item
    assert HOSTILE_NAME not in item and HOSTILE_TITLE not in item


def test_error_page_for_unknown_item_and_bad_filter(client: TestClient) -> None:
    response = client.get("/items/no-such-item")
    assert response.status_code == 404
    assert "E202" in response.text and "Not found" in response.text
    response = client.get("/items?pillar=<script>")
    assert response.status_code == 400
    assert "<script>" not in response.text


def test_sources_page_refuses_an_unknown_kind_as_its_twin_does(client: TestClient) -> None:
    assert client.get("/api/sources?kind=foo").status_code == 400
    response = client.get("/sources?kind=foo")
    assert response.status_code == 400 and "E403" in response.text
    assert response.headers["content-type"].startswith("text/html")
    assert client.get("/sources?kind=news").status_code == 200


def test_empty_form_fields_mean_any(client: TestClient) -> None:
    full = client.get("/api/items?size=1000").json()["rows"]
    blank = client.get("/api/items?size=1000&pillar=&status=&kind=").json()["rows"]
    assert blank == full


@pytest.mark.parametrize("length", [5000])
def test_oversized_url_and_body_are_refused(client: TestClient, length: int) -> None:
    long = client.get("/api/items?q=" + "a" * length)
    assert long.status_code == 414
    assert long.json()["code"] == "E403" and "shorten" in long.json()["hint"]  # the API's JSON
    response = client.post("/api/items", content=b"x" * 100_000)
    assert response.status_code == 413
    assert response.json()["ok"] is False and "too large" in response.json()["error"]
    page = client.get("/items?q=" + "a" * length)  # a page: the error page, nothing echoed
    assert page.status_code == 414 and "aaaa" not in page.text
    assert page.headers["content-type"].startswith("text/html") and "E403" in page.text
    big_form = client.post("/signin", content=b"x" * 100_000)
    assert big_form.status_code == 413 and big_form.headers["content-type"].startswith("text/html")
    # Not a document: not E302, whose hint names the document limit (QA).
    assert "E403" in big_form.text and 'class="error"' in big_form.text
    assert "64 KiB" in big_form.text and "CORRIDOR_MAX_DOCUMENT_BYTES" not in big_form.text
    assert client.post("/api/items", content=b"{}").status_code == 405


def test_crash_renders_error_without_traceback(client: TestClient, monkeypatch) -> None:
    from corridor.store import pages

    def boom(**_: object) -> None:
        raise RuntimeError("secret detail")

    monkeypatch.setattr(pages, "overview", boom)
    response = client.get("/api/overview")
    assert response.status_code == 500
    assert response.json()["code"] == "E900" and "secret" not in response.text
    page = client.get("/")
    assert page.status_code == 500 and "secret" not in page.text
    assert page.headers["content-security-policy"] == CONTENT_SECURITY_POLICY


def test_head_is_answered_as_get_without_a_body(client: TestClient) -> None:
    for path in ("/", "/items", "/api/overview"):
        got = client.get(path)
        head = client.head(path)
        assert head.status_code == 200 and head.content == b"", path
        assert head.headers["content-type"] == got.headers["content-type"]
        assert "content-security-policy" in head.headers
