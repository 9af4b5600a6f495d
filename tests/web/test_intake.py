"""What the web intake stores and what it says it stored."""

from __future__ import annotations

from sqlalchemy import Engine, select

from corridor.store import transaction, upgrade
from corridor.store.tables import SourceRow
from corridor.web.intake import store_entries
from extraction_fixtures import items_extraction


def test_the_summary_gives_the_url_stored_not_one_left_out(engine: Engine) -> None:
    # A url no source can hold (over 2,000 characters) is left out at store; the answer had
    # still echoed it (review).
    upgrade(engine)
    text = "China will build the Alpha solar park in Sindh."
    long_url = "https://example.org/" + "a" * 2_500
    entries = [
        {"document": {"text": text, "title": "Alpha", "published": "2025-03-01", "kind": None,
                      "url": long_url},
         "extraction": items_extraction(text, ["Alpha solar park"])},
    ]  # fmt: skip
    [summary] = store_entries(engine=engine, entries=entries)
    assert summary["url"] is None
    with transaction(engine) as session:
        assert session.scalars(select(SourceRow.url)).all() == [None]
