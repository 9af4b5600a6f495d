"""Linking a document's mention to an item: registry ids as given, candidates by name.

A candidate (an item the registry does not know) is found again by its normalised name,
so two documents naming the same new project join one item.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from sqlalchemy import select
from sqlalchemy.orm import Session

from corridor.model import Kind, Origin, Pillar, Status, choices
from corridor.registry import normalise_alias
from corridor.store.tables import ItemRow

_ARTICLES = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)


def candidate_key(name: str) -> str:
    """The name two mentions of one candidate share: no article, case or punctuation."""
    return normalise_alias(_ARTICLES.sub("", name.strip()))


def candidate_id(name: str) -> str:
    """A readable, stable id for a candidate: `cand-` + slug + short hash of its key."""
    key = candidate_key(name)
    ascii_key = unicodedata.normalize("NFKD", key).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_key).strip("-")[:60].strip("-") or "item"
    digest = hashlib.sha256(key.encode()).hexdigest()[:6]
    return f"cand-{slug}-{digest}"


def resolve_item(
    *,
    session: Session,
    item_id: str | None,
    name: str,
    kind: str | None,
    pillar: str | None,
) -> str:
    """The id of the item a mention belongs to, creating a candidate item if needed."""
    if item_id and session.get(ItemRow, item_id) is not None:
        return item_id
    new_id = candidate_id(name)
    if session.get(ItemRow, new_id) is None:
        clean_name = _ARTICLES.sub("", name.strip())
        session.add(
            ItemRow(
                id=new_id,
                name=clean_name[:1].upper() + clean_name[1:],
                aliases=[],
                kind=kind if kind in choices(Kind) else Kind.PROJECT.value,
                pillar=pillar if pillar in choices(Pillar) else Pillar.OTHER.value,
                parties=[],
                sources=[],
                status=Status.UNKNOWN.value,
                origin=Origin.CANDIDATE.value,
            )
        )
        session.flush()
    return new_id


def existing_ids(*, session: Session, ids: set[str]) -> set[str]:
    if not ids:
        return set()
    return set(session.scalars(select(ItemRow.id).where(ItemRow.id.in_(ids))))
