"""Extraction records built by hand, for tests of what the store and tracking do with them."""

from __future__ import annotations

from typing import Any


def items_extraction(
    text: str, names: list[str], *, modality: str = "pledge", kind: str = "project"
) -> dict[str, Any]:
    """An extract-format record naming each of `names` (new candidates) once in `text`, each
    with the whole text as its one sentence of evidence."""
    items = []
    for name in names:
        start = text.index(name)
        items.append(
            {
                "item_id": None,
                "name": name,
                "kind": kind,
                "pillar": "energy",
                "mentions": [{"text": name, "start": start, "end": start + len(name)}],
                "evidence": [
                    {"sentence": text, "start": 0, "end": len(text), "modality": modality}
                ],
            }
        )
    return {"items": items}
