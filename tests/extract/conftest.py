"""Fixtures for the extraction tests: a tiny registry and pipelines built once per session."""

from __future__ import annotations

from datetime import date

import pytest
from spacy.language import Language

from corridor.extract import Extraction, build_pipeline, extract
from corridor.model import Document, Item, Kind, Pillar, SourceKind

TINY_REGISTRY = (
    Item("rashakai-sez", "Rashakai Special Economic Zone", Kind.SEZ, Pillar.INDUSTRY,
         aliases=["Rashakai SEZ", "RSEZ", "REZ"]),
    Item("gwadar-port", "Gwadar Port", Kind.PROJECT, Pillar.GWADAR,
         aliases=["Gwadar Deep Sea Port", "GIT"]),
    Item("ml1-railway", "Main Line-1 (ML-1) Railway Upgradation", Kind.PROJECT,
         Pillar.CONNECTIVITY, aliases=["ML-1", "ML1", "Main Line-1"]),
    Item("pkm-m5", "Multan-Sukkur Motorway", Kind.PROJECT, Pillar.CONNECTIVITY,
         aliases=["M-5", "M5"]),
    Item("cpec", "China-Pakistan Economic Corridor", Kind.INITIATIVE, Pillar.OTHER,
         aliases=["CPEC", "CPEC Phase II"]),
    Item("karot-hydropower", "Karot Hydropower Project", Kind.PROJECT, Pillar.ENERGY,
         aliases=["Karot HPP"]),
    Item("shanghai-electric", "Shanghai Electric Group", Kind.ORGANIZATION, Pillar.ENERGY,
         aliases=["Shanghai Electric", "SEC"]),
    Item("huawei", "Huawei Technologies", Kind.ORGANIZATION, Pillar.DIGITAL, aliases=["Huawei"]),
)  # fmt: skip


@pytest.fixture(scope="session")
def tiny_nlp() -> Language:
    return build_pipeline(items=TINY_REGISTRY)


@pytest.fixture(scope="session")
def run(tiny_nlp: Language):
    """Extract from a small inline text with the tiny registry."""

    def _run(text: str, *, kind: SourceKind = SourceKind.NEWS,
             published: date | None = date(2025, 3, 5)) -> Extraction:  # fmt: skip
        return extract(Document(text=text, kind=kind, published=published), nlp=tiny_nlp)

    return _run


def by_id(extraction: Extraction, item_id: str) -> dict:
    return next(i for i in extraction.to_dict()["items"] if i["item_id"] == item_id)


def by_name(extraction: Extraction, fragment: str) -> dict:
    return next(i for i in extraction.to_dict()["items"] if fragment in i["name"].lower())
