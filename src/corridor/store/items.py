"""Queries on items: load the registry, list with filters, fetch one."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from corridor.errors import CorridorError, RegistryErrors
from corridor.model import Item, Kind, Origin, Pillar, Status
from corridor.registry import normalise_alias
from corridor.store.db import chunks
from corridor.store.tables import ItemRow

# Columns a registry row sets; status fields are left to tracking once claims exist.
ITEM_FIELDS = (
    "name",
    "aliases",
    "kind",
    "pillar",
    "province",
    "city",
    "lat",
    "lon",
    "capacity",
    "capacity_unit",
    "cost_amount",
    "cost_currency",
    "cost_usd",
    "parties",
    "status",
    "status_as_of",
    "status_basis",
    "sources",
    "notes",
    "origin",
)


@dataclass(slots=True)
class LoadCounts:
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    changed: list[str] = field(default_factory=list)  # new and updated ids: to re-derive


def _values(item: Item) -> dict[str, object]:
    values = {name: getattr(item, name) for name in ITEM_FIELDS}
    for name in ("kind", "pillar", "origin"):
        values[name] = str(values[name])
    # The registry's status is evidence, kept apart: tracking derives `status` from it and
    # from the claims (corridor.track.derive).
    values["registry_status"] = str(values.pop("status"))
    values["registry_as_of"] = values.pop("status_as_of")
    values.pop("status_basis")
    return values


def upsert_items(*, session: Session, items: list[Item]) -> LoadCounts:
    """Insert new items, update changed ones, leave identical ones alone (idempotent)."""
    counts = LoadCounts()
    existing = {
        row.id: row
        for row in session.scalars(select(ItemRow).where(ItemRow.id.in_([i.id for i in items])))
    }
    _refuse_clashes(session, items)
    merged = _merged_names(session, list(existing))
    for item in items:
        values = _values(item)
        # Names merged into an item by hand stay its aliases: loading the same file again
        # must not undo a merge (the merged item's mentions would stop linking here).
        if merged.get(item.id):
            values["aliases"] = list(dict.fromkeys([*item.aliases, *merged[item.id]]))
        row = existing.get(item.id)
        if row is None:
            session.add(
                ItemRow(
                    id=item.id,
                    status=values["registry_status"],
                    status_as_of=values["registry_as_of"],
                    status_basis="registry" if item.status != Status.UNKNOWN else None,
                    **values,
                )
            )
            counts.new += 1
            counts.changed.append(item.id)
            continue
        changed = {k: v for k, v in values.items() if getattr(row, k) != v}
        if changed:
            for key, value in changed.items():
                setattr(row, key, value)
            counts.updated += 1
            counts.changed.append(item.id)
        else:
            counts.unchanged += 1
    session.flush()
    if counts.changed:
        # An edited status or date is evidence for the item's derived status: re-derived in
        # this transaction, so the item never shows what the file no longer says.
        from corridor.track.derive import refresh_statuses  # track builds on the store

        refresh_statuses(session=session, item_ids=counts.changed)
    return counts


def _refuse_clashes(session: Session, items: list[Item]) -> None:
    """No name or alias may name two items (E108), across the file and the registry the
    database already holds: else the extractor's gazetteer would link a bundled item's name
    to the item of another file, whichever was read last."""
    loading = {item.id for item in items}
    owner: dict[str, str] = {}
    rows = session.execute(
        select(ItemRow.id, ItemRow.name, ItemRow.aliases).where(
            ItemRow.origin == Origin.REGISTRY.value, ItemRow.merged_into.is_(None)
        )
    )
    for item_id, name, aliases in rows:
        if item_id not in loading:  # the file's own rows replace what is stored of them
            for label in [name, *(aliases or [])]:
                owner.setdefault(normalise_alias(label), item_id)
    errors = [
        CorridorError("E108", f'"{label}" of {item.id} already names {owner[key]} in the database')
        for item in items
        for label in dict.fromkeys([item.name, *item.aliases])
        if (key := normalise_alias(label)) in owner and owner[key] != item.id
    ]
    if errors:
        raise RegistryErrors(errors)


def _merged_names(session: Session, ids: list[str]) -> dict[str, list[str]]:
    """The names (and aliases) of the items merged into each of `ids`."""
    names: dict[str, list[str]] = {}
    for chunk in chunks(ids):
        rows = session.execute(
            select(ItemRow.merged_into, ItemRow.name, ItemRow.aliases)
            .where(ItemRow.merged_into.in_(chunk))
            .order_by(ItemRow.id)
        )
        for keep, name, aliases in rows:
            names.setdefault(str(keep), []).extend([name, *(aliases or [])])
    return names


def registry_items(*, session: Session) -> list[Item]:
    """The registry as this database holds it, for the extractor to link mentions to: the
    items loaded (bundled and the user's own), promoted candidates, and the names merged
    into them; merged items are pointers, not items."""
    rows = session.scalars(
        select(ItemRow)
        .where(ItemRow.origin == Origin.REGISTRY.value, ItemRow.merged_into.is_(None))
        .order_by(ItemRow.id)
    )
    return [to_item(row) for row in rows]


def to_item(row: ItemRow) -> Item:
    return Item(
        id=row.id,
        name=row.name,
        kind=Kind(row.kind),
        pillar=Pillar(row.pillar),
        aliases=list(row.aliases or []),
        province=row.province,
        city=row.city,
        lat=row.lat,
        lon=row.lon,
        capacity=row.capacity,
        capacity_unit=row.capacity_unit,
        cost_amount=row.cost_amount,
        cost_currency=row.cost_currency,
        cost_usd=row.cost_usd,
        parties=list(row.parties or []),
        status=Status(row.status),
        status_as_of=row.status_as_of,
        status_basis=row.status_basis,
        sources=list(row.sources or []),
        notes=row.notes,
        origin=Origin(row.origin),
    )


def list_items(
    *,
    session: Session,
    pillar: str | None = None,
    kind: str | None = None,
    status: str | None = None,
    province: str | None = None,
    origin: str | None = None,
) -> list[Item]:
    # A merged item is only a pointer to the one it was folded into.
    query = (
        select(ItemRow)
        .where(ItemRow.merged_into.is_(None))
        .order_by(ItemRow.pillar, ItemRow.kind, ItemRow.id)
    )
    for column, value in (
        (ItemRow.pillar, pillar),
        (ItemRow.kind, kind),
        (ItemRow.status, status),
        (ItemRow.province, province),
        (ItemRow.origin, origin),
    ):
        if value is not None:
            query = query.where(column == value)
    return [to_item(row) for row in session.scalars(query)]


def get_item(*, session: Session, item_id: str) -> Item | None:
    row = session.get(ItemRow, item_id)
    return to_item(row) if row is not None else None


def summary(*, session: Session) -> Counter[tuple[str, str]]:
    """Items counted by (pillar, status)."""
    rows = session.execute(
        select(ItemRow.pillar, ItemRow.status).where(ItemRow.merged_into.is_(None))
    )
    return Counter((pillar, status) for pillar, status in rows)
