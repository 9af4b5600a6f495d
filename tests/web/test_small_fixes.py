"""Small QA findings: the promise tracker's message for an as_of before since, the audit
log's details in words (not Python reprs), and the items filter keeping `size` and the
footer's JSON link through an htmx swap."""

from __future__ import annotations

from fastapi.testclient import TestClient
from web_fixtures import sign_in

from corridor.web.render import detail_text


def test_as_of_before_since_says_so(client: TestClient) -> None:
    response = client.get("/api/promises?since=2024-01-01&as_of=1900-01-01")
    assert response.status_code == 400
    error = response.json()["error"]
    assert "as_of 1900-01-01 is before since 2024-01-01" in error
    assert "after it ends" not in error
    # With until, a window that ends before it starts is still that.
    response = client.get("/api/promises?since=2024-01-01&until=2023-01-01")
    assert response.status_code == 400 and "after it ends 2023-01-01" in response.json()["error"]


def test_detail_text() -> None:
    before = {"modality": "delivery", "item_id": "gwadar-port", "note": None}
    assert detail_text(before) == "modality = delivery, item id = gwadar-port"
    assert detail_text(["c1", "c2"]) == "c1, c2"
    assert detail_text(3) == "3" and detail_text(None) == ""


def test_audit_log_shows_words_not_python_reprs(client: TestClient, tokens: dict[str, str]) -> None:
    claims = client.get("/api/claims?item=gwadar-port").json()["rows"]
    response = client.post(
        f"/api/claims/{claims[0]['id']}/review",
        json={"action": "correct", "modality": "progress"},
        headers={"Authorization": f"Bearer {tokens['analyst']}"},
    )
    assert response.status_code == 200, response.text
    sign_in(client, tokens["analyst"])
    page = client.get("/items/gwadar-port").text
    audit = page[page.index('id="audit"') :]
    assert "{" not in audit.split("</table>")[0] and "&#39;" not in audit.split("</table>")[0]
    assert "modality = progress" in audit


def test_items_filter_form_keeps_size_and_refreshes_the_json_link(client: TestClient) -> None:
    page = client.get("/items?size=5").text
    start = page.index('<form class="filters"')
    form = page[start : page.index("</form>", start)]
    assert '<input type="hidden" name="size" value="5">' in form
    assert 'hx-select-oob="#json-link"' in form
    assert '<a class="json-link" id="json-link" href="/api/items?size=5">' in page
    plain = client.get("/items").text
    assert 'name="size"' not in plain[plain.index('<form class="filters"') :].split("</form>")[0]
