"""corridor held to the founding document's hand annotation (tests/data/seed/).

Threshold, stated honestly: every annotated item found by its alias text; at least 20 of
the 24 annotated modalities matched (corridor-extract 0.1.0 to 0.2.7 match 24 of 24 on
this text).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from corridor.extract import extract
from corridor.model import Document, SourceKind

SEED = Path(__file__).parents[1] / "data" / "seed"
MIN_MODALITY_MATCHES = 20


@pytest.fixture(scope="module")
def seed():
    text = (SEED / "op-ed.txt").read_text(encoding="utf-8")
    expected = json.loads((SEED / "op-ed.expected.json").read_text(encoding="utf-8"))
    extraction = extract(Document(text=text, kind=SourceKind.OPED, author="Qaiser Nawab"))
    return text, expected, extraction.to_dict()


def _match(expected_item: dict, text: str, items: list[dict]) -> dict | None:
    """The extracted item with a mention overlapping one of the annotated surface forms."""
    spans = []
    for alias in expected_item["aliases_in_text"]:
        start = text.find(alias)
        while start != -1:
            spans.append((start, start + len(alias)))
            start = text.find(alias, start + 1)
    for item in items:  # an exact span first: "CPEC" also lies inside "CPEC Phase 2"
        if any((m["start"], m["end"]) in spans for m in item["mentions"]):
            return item
    for item in items:
        for m in item["mentions"]:
            if any(m["start"] < e and s < m["end"] for s, e in spans):
                return item
    return None


def test_seed_every_annotated_item_found(seed):
    text, expected, data = seed
    missing = [e["name"] for e in expected["items"] if _match(e, text, data["items"]) is None]
    assert missing == []


def test_seed_modality_agreement(seed):
    text, expected, data = seed
    matched = sum(
        1
        for e in expected["items"]
        if (item := _match(e, text, data["items"])) and item["modality"] == e["modality"]
    )
    assert matched >= MIN_MODALITY_MATCHES, f"{matched} of {len(expected['items'])}"


def test_seed_visit_event(seed):
    _, _, data = seed
    visits = [e for e in data["events"] if e["type"] == "visit"]
    assert visits and visits[0]["date"] == "2025-02-04" and visits[0]["end_date"] == "2025-02-08"
    assert visits[0]["place"] == "China" and "Asif Ali Zardari" in visits[0]["actors"]


def test_seed_workforce_statistic(seed):
    _, _, data = seed
    stats = [(s["value"], s["unit"], s["about"]) for s in data["statistics"]]
    assert (40.0, "percent", "workforce") in stats


def test_seed_nothing_from_author_box_or_furniture(seed):
    text, _, data = seed
    box = text.index("image 3")
    for item in data["items"]:
        assert all(m["start"] < box for m in item["mentions"]), item["name"]
        assert all(m["start"] > text.index("A New Era") for m in item["mentions"])
