"""Map markers past the cap are the first by item id, on both backends (QA: the query had
no ORDER BY, so which items were drawn was arbitrary)."""

from __future__ import annotations

from sqlalchemy import Engine, update

from corridor.store import pages, transaction
from corridor.store.tables import ItemRow


def test_markers_past_the_cap_are_the_first_by_id(engine: Engine) -> None:
    with transaction(engine) as session:
        # Inserted in an order unlike their ids; then updated, as re-derivation does.
        for n in (5, 2, 9, 1, 7, 3):
            session.add(
                ItemRow(id=f"site-{n}", name=f"Site {n}", kind="project", pillar="energy",
                        province="PK-SD", lat=25.0 + n / 10, lon=68.0)
            )  # fmt: skip
        session.flush()
        session.execute(update(ItemRow).where(ItemRow.id == "site-1").values(status="stalled"))
    with transaction(engine) as session:
        data = pages.map_data(session=session, limit=3)
    assert [m["id"] for m in data["markers"]] == ["site-1", "site-2", "site-3"]
    assert data["truncated"] is True
