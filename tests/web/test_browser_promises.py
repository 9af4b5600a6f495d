"""The promises page in a real headless Chromium: the February 2025 visit opens without a
console error, and a click leads to the item and another to the promise's sentence in its
source. Screenshots go to test-output/screenshots/. (Fixtures and helpers: test_browser.)"""

# ruff: noqa: F811  (the fixtures imported from test_browser are test parameters here)

from __future__ import annotations

from typing import Any

from test_browser import (  # noqa: F401  (pytest fixtures, imported to be used here)
    Watched,
    browser,
    pytestmark,
    server,
    watched,
)

VISIT = "zardari-state-visit-feb-2025"


def test_promises_of_the_visit_click_through_to_item_and_sentence(
    watched: Watched, server: dict[str, Any]
) -> None:
    page = watched.open(f"/promises?event={VISIT}&as_of=2026-01-01")
    assert page.locator("h1").inner_text().startswith("Promises: President Asif Ali Zardari")
    assert page.locator("svg.chart rect.mt-works").count() == 1
    assert page.locator("ol.promises li.promise").count() == 1
    watched.shot("promises-visit")
    page.locator("li.promise h3 a[href='/items/rashakai-sez']").click()
    page.wait_for_url("**/items/rashakai-sez")
    assert page.locator("h1").inner_text() == "Rashakai Special Economic Zone"
    assert page.locator("#over-time + ul.legend, section svg.chart.time").count() >= 1
    page.go_back(wait_until="networkidle")
    page.locator("li.promise .claim-source a", has_text="in the text").first.click()
    page.wait_for_url(f"**/sources/{server['article']}#c-*")
    anchor = page.url.split("#", 1)[1]
    assert page.locator(f"#{anchor}").count() == 1
    assert page.locator("article.source-text mark.m-pledge").count() == 1
    watched.shot("promises-source-sentence")


def test_promises_chooser_and_meter_filter(watched: Watched) -> None:
    page = watched.open("/promises")
    page.select_option("select[name=event]", VISIT)
    page.fill("input[name=as_of]", "2026-01-01")
    page.click("form.promise-form button[type=submit]")
    page.wait_for_url(f"**/promises?*event={VISIT}*")
    page.locator("svg.chart a", has_text="In the Works").first.click()
    page.wait_for_url("**meter=works**")
    assert page.locator("ol.promises li.promise").count() == 1
    watched.shot("promises-meter-filter")


def test_promises_on_a_phone(browser: Any, server: dict[str, Any]) -> None:
    phone = Watched(
        browser,
        server["base"],
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
    )
    try:
        for name, path in (
            ("phone-promises", f"/promises?event={VISIT}"),
            ("phone-search-claims", "/search?q=rashakai&type=claim"),
        ):
            page = phone.open(path)
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 1, (path, overflow)
            phone.shot(name)
    finally:
        phone.close()
