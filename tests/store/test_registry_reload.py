"""Loading a registry file again (QA round 3): an edited status is the item's status at once,
a merge done by hand survives the reload, and a month stays a month."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import Engine

from corridor.errors import RegistryErrors
from corridor.model import Status
from corridor.registry import read_registry
from corridor.store import transaction
from corridor.store.items import get_item, upsert_items
from corridor.store.tables import ItemRow
from corridor.track.derive import refresh_statuses
from corridor.track.review import merge_items

SMALL = Path(__file__).parent.parent / "data" / "registry" / "small.csv"


def _status(engine: Engine, item_id: str) -> tuple[str, str | None]:
    with transaction(engine) as session:
        item = get_item(session=session, item_id=item_id)
        assert item is not None
        return str(item.status), item.status_as_of


def test_an_edited_status_is_derived_at_once(engine: Engine) -> None:
    items = read_registry(SMALL)
    with transaction(engine) as session:
        upsert_items(session=session, items=items)
    edited = [replace(items[0], status=Status.OPERATIONAL, status_as_of="2026-01"), *items[1:]]
    with transaction(engine) as session:
        counts = upsert_items(session=session, items=edited)
    assert counts.changed == ["rashakai-sez"]
    assert _status(engine, "rashakai-sez") == ("operational", "2026-01")


def test_a_refresh_keeps_the_registrys_own_precision(engine: Engine) -> None:
    with transaction(engine) as session:
        upsert_items(session=session, items=read_registry(SMALL))
    with transaction(engine) as session:
        changed = refresh_statuses(session=session)
    assert changed == 0  # nothing to say: it had rewritten every "2024-03" as "2024-03-01"
    assert _status(engine, "rashakai-sez") == ("under_construction", "2024-03")
    with transaction(engine) as session:
        row = session.get(ItemRow, "rashakai-sez")
        assert row is not None and row.status_since == "2024-03"


def test_a_reload_keeps_the_names_merged_into_an_item(engine: Engine) -> None:
    items = read_registry(SMALL)
    with transaction(engine) as session:
        upsert_items(session=session, items=items)
        session.add(
            ItemRow(
                id="cand-rashakai-zone",
                name="Rashakai economic zone",
                aliases=["RS zone"],
                kind="sez",
                pillar="industry",
                parties=[],
                sources=[],
                status="unknown",
                origin="candidate",
            )
        )
    with transaction(engine) as session:
        merge_items(session=session, keep="rashakai-sez", merge="cand-rashakai-zone", actor="ana")
    with transaction(engine) as session:
        counts = upsert_items(session=session, items=items)
        item = get_item(session=session, item_id="rashakai-sez")
    assert (counts.updated, counts.unchanged) == (0, 3)
    assert item is not None
    assert item.aliases == ["Rashakai SEZ", "RSEZ", "Rashakai economic zone", "RS zone"]


def test_a_file_may_not_take_a_name_the_database_gives_another_item(engine: Engine) -> None:
    # QA: a file of one's own naming "Gwadar Port" loaded without a word, and mentions of
    # the port then went to the file's item.
    items = read_registry(SMALL)
    with transaction(engine) as session:
        upsert_items(session=session, items=items)
    rival = replace(items[1], id="clash-x", name="Clash X", aliases=["gwadar port"])
    with pytest.raises(RegistryErrors) as info, transaction(engine) as session:
        upsert_items(session=session, items=[rival])
    assert info.value.code == "E108" and "gwadar-port" in info.value.render()
    with transaction(engine) as session:
        assert get_item(session=session, item_id="clash-x") is None  # nothing loaded
    # The file's own rows may move a name between them, and reloading changes nothing.
    moved = [replace(items[0], aliases=["RSEZ"]), *items[1:]]
    with transaction(engine) as session:
        assert upsert_items(session=session, items=moved).updated == 1


def test_an_override_confirming_the_registry_keeps_its_precision(engine: Engine) -> None:
    # QA: confirming a registry-based "under construction since 2024-03" by an override
    # made it "since 2024-03-01", a day the source never gave.
    from corridor.track.review import override_status

    with transaction(engine) as session:
        upsert_items(session=session, items=read_registry(SMALL))
    with transaction(engine) as session:
        override_status(
            session=session,
            item_id="rashakai-sez",
            status="under_construction",
            reason="confirmed on a visit",
            actor="ana",
        )
    with transaction(engine) as session:
        row = session.get(ItemRow, "rashakai-sez")
        assert row is not None and (row.status, row.status_since) == (
            "under_construction",
            "2024-03",
        )
