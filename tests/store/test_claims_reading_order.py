"""A document's claims are listed in reading order within the stored-last-first lists, and
the same on both backends (PostgreSQL had stamped them all with their transaction's start,
and ordered them by their ids, which are hashes)."""

from __future__ import annotations

from sqlalchemy import Engine

from corridor.extract import extract
from corridor.model import Document
from corridor.store import transaction
from corridor.store.claims import list_claims
from corridor.store.sources import store_extraction

TEXT = (
    "The Gwadar Port was expanded last year. Work on the ML-1 railway is under way. "
    "The Rashakai Special Economic Zone was inaugurated. The Dhabeji SEZ has been delayed. "
    "China will finance the Karot Hydropower Project. The Thar coal plant is operational. "
    "An MoU on the Gwadar Port was signed. The ML-1 railway should be prioritised."
)


def _store(engine: Engine, text: str, title: str) -> None:
    document = Document(text=text, title=title)
    extraction = extract(document).to_dict()
    with transaction(engine) as session:
        store_extraction(session=session, document=document, extraction=extraction, version="1")


def test_a_documents_claims_come_in_reading_order(engine: Engine) -> None:
    _store(engine, "China will fund the Sukkur solar park.", "first")
    _store(engine, TEXT, "second")
    with transaction(engine) as session:
        claims = list_claims(session=session, limit=100)
    titles = [c["source_title"] for c in claims]
    latest = [c for c in claims if c["source_title"] == "second"]
    assert titles == ["second"] * len(latest) + ["first"] * (len(claims) - len(latest))
    assert len(latest) >= 8
    sentences = [c["sentence"] for c in latest]
    assert sentences == sorted(sentences, key=TEXT.index)
    assert sentences[0].startswith("The Gwadar Port was expanded")
