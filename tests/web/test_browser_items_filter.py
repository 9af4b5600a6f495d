"""In Chromium: an htmx filter change on /items?size=5 keeps the page size and updates the
footer's "This page as JSON" link (QA: size was dropped and the link kept the old query).
Uses test_browser's server, browser and watched fixtures."""

from __future__ import annotations

import pytest
from test_browser import CHROMIUM, Watched, browser, server, watched  # noqa: F401

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"no Chromium at {CHROMIUM}"),
]


def test_items_filter_keeps_size_and_updates_the_json_link(watched: Watched) -> None:  # noqa: F811
    page = watched.open("/items?size=5")
    assert page.locator("#json-link").get_attribute("href") == "/api/items?size=5"
    page.select_option("select[name=pillar]", "energy")
    page.wait_for_url("**/items?*pillar=energy*")
    page.wait_for_load_state("networkidle")
    assert "size=5" in page.url
    assert page.locator("table.items tbody tr").count() <= 5
    link = page.locator("#json-link").get_attribute("href")
    assert link is not None and "pillar=energy" in link and "size=5" in link
