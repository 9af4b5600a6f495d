"""Items a user loads from their own registry file link at ingest like the bundled ones (QA:
every mention of them became a new candidate of the same name)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Engine, select

from corridor.extract.pipeline import build_pipeline, pipeline_for
from corridor.ingest.base import ReadResult
from corridor.ingest.batch import database_pipeline, ingest
from corridor.model import Document, Item, Kind, Origin, Pillar, Status
from corridor.registry import bundled_items
from corridor.store import transaction
from corridor.store.items import upsert_items
from corridor.store.tables import ClaimRow, ItemRow

HYDRO = Item(
    id="zarghun-hydro",
    name="Zarghun Valley Hydropower Project",
    kind=Kind.PROJECT,
    pillar=Pillar.ENERGY,
    aliases=["ZVHP"],
    sources=["https://example.org/zvhp"],
)


def test_an_item_of_ones_own_registry_is_linked(engine: Engine) -> None:
    with transaction(engine) as session:
        upsert_items(session=session, items=[*bundled_items(), HYDRO])
    text = (
        "China will finance the Zarghun Valley Hydropower Project, officials said. "
        "Work on the ZVHP is under way."
    )
    document = Document(text=text, title="Hydro", published=date(2025, 3, 1))
    assert ingest([ReadResult(document, "hydro.txt")], engine=engine).new == 1
    with transaction(engine) as session:
        linked = set(session.scalars(select(ClaimRow.item_id)))
        candidates = list(session.scalars(select(ItemRow.id).where(ItemRow.origin == "candidate")))
    assert linked == {"zarghun-hydro"}
    assert candidates == []


def test_the_bundled_registry_gives_the_default_pipeline(engine: Engine) -> None:
    assert database_pipeline(engine) is build_pipeline()  # nothing loaded yet
    with transaction(engine) as session:
        upsert_items(session=session, items=list(bundled_items()))
    assert database_pipeline(engine) is build_pipeline()


def test_a_status_change_does_not_rebuild_the_pipeline() -> None:
    own = pipeline_for([*bundled_items(), HYDRO])
    moved = Item(**{**HYDRO.to_dict(), "status": Status.AGREED, "origin": Origin.REGISTRY})
    assert pipeline_for([*bundled_items(), moved]) is own
    renamed = Item(**{**HYDRO.to_dict(), "aliases": ["ZVHP", "Zarghun dam"]})
    assert pipeline_for([*bundled_items(), renamed]) is not own


def test_pipelines_of_old_registries_are_let_go() -> None:
    from corridor.extract.pipeline import CUSTOM_KEPT, ITEM_SETS

    before = len(ITEM_SETS)
    for n in range(CUSTOM_KEPT + 3):
        pipeline_for([*bundled_items(), Item(**{**HYDRO.to_dict(), "name": f"Dam {n}"})])
    assert len(ITEM_SETS) <= before + CUSTOM_KEPT
