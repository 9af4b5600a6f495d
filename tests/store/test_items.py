from dataclasses import replace
from pathlib import Path

from sqlalchemy import Engine

from corridor.registry import bundled_items, read_registry
from corridor.store import transaction
from corridor.store.items import get_item, list_items, summary, upsert_items
from corridor.store.pages import search_page

SMALL = Path(__file__).parent.parent / "data" / "registry" / "small.csv"


def test_upsert_items_is_idempotent_and_updates_edited_rows(engine: Engine) -> None:
    items = read_registry(SMALL)
    with transaction(engine) as session:
        first = upsert_items(session=session, items=items)
    with transaction(engine) as session:
        second = upsert_items(session=session, items=items)
    assert (first.new, first.updated, first.unchanged) == (3, 0, 0)
    assert (second.new, second.updated, second.unchanged) == (0, 0, 3)
    edited = [replace(items[0], city="Nowshera district", aliases=["RSEZ"]), *items[1:]]
    with transaction(engine) as session:
        third = upsert_items(session=session, items=edited)
        item = get_item(session=session, item_id="rashakai-sez")
    assert (third.new, third.updated, third.unchanged) == (0, 1, 2)
    assert item is not None and item.city == "Nowshera district" and item.aliases == ["RSEZ"]


def test_list_items_filters_by_pillar_kind_status_province(engine: Engine) -> None:
    with transaction(engine) as session:
        upsert_items(session=session, items=list(bundled_items()))
    with transaction(engine) as session:
        sezs = list_items(session=session, pillar="industry", kind="sez")
        sindh = list_items(session=session, province="PK-SD", status="operational")
        counts = summary(session=session)
    assert len(sezs) >= 9 and all(i.kind == "sez" for i in sezs)
    assert sindh and all(i.province == "PK-SD" and i.status == "operational" for i in sindh)
    assert sum(counts.values()) == len(bundled_items())


def test_search_finds_items_by_alias_on_both_backends(engine: Engine) -> None:
    with transaction(engine) as session:
        upsert_items(session=session, items=read_registry(SMALL))
    with transaction(engine) as session:
        hits = search_page(session=session, q="Deep Sea Port", type="item")
        nothing = search_page(session=session, q='"; DROP TABLE items; --', type="item")
        empty = search_page(session=session, q="   ", type="item")
    assert [h["id"] for h in hits["items"]["rows"]][:1] == ["gwadar-port"]
    assert nothing["items"]["rows"] == [] and empty["items"]["rows"] == []
