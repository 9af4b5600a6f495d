"""An Extraction: what the pipeline found in one document, in corridor's JSON contract."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Doc

from corridor.extract.base import sentences
from corridor.extract.records import Claim, DateRef, Mention
from corridor.model import MODALITY_RANK, Document, Kind, Modality


@dataclass(slots=True)
class Extraction:
    """The findings of one document; offsets index `text` (the document's clean text)."""

    text: str
    source: dict[str, Any]
    items: list[dict[str, Any]] = field(default_factory=list)
    amounts: list[dict[str, Any]] = field(default_factory=list)
    capacities: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    statistics: list[dict[str, Any]] = field(default_factory=list)
    extractor: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "extractor": self.extractor,
            "source": dict(self.source),
            "items": self.items,
            "amounts": self.amounts,
            "capacities": self.capacities,
            "events": self.events,
            "statistics": self.statistics,
        }


def source_dict(document: Document) -> dict[str, Any]:
    return {
        "title": document.title,
        "publisher": document.publisher,
        "author": document.author,
        "published": document.published.isoformat() if document.published else None,
        "kind": str(document.kind) if document.kind else None,
    }


def _date_dict(d: DateRef) -> dict[str, Any]:
    return {"text": d.text, "date": d.date, "end_date": d.end_date, "granularity": d.granularity}


def build_extraction(doc: Doc, document: Document, version: str) -> Extraction:
    text = document.text
    mentions: list[Mention] = doc._.items or []
    claims: list[Claim] = doc._.claims or []
    dates: list[DateRef] = doc._.dates or []
    sents = sentences(doc)
    by_mention = {c.mention: c for c in claims}
    groups: dict[str, list[int]] = {}
    for index, mention in enumerate(mentions):
        groups.setdefault(mention.key, []).append(index)
    items = []
    for indexes in groups.values():
        first = mentions[indexes[0]]
        evidence: dict[int, dict[str, Any]] = {}
        for index in indexes:
            mention = mentions[index]
            claim = by_mention.get(index)
            s_index = claim.sentence if claim else sents.index(mention.start)
            modality = claim.modality if claim else Modality.MENTION
            current = evidence.get(s_index)
            if (
                current is not None
                and MODALITY_RANK[Modality(current["modality"])] >= (MODALITY_RANK[modality])
            ):
                continue
            start, end = sents.bounds[s_index] if sents.bounds else (0, len(text))
            evidence[s_index] = {
                "sentence": text[start:end],
                "start": start,
                "end": end,
                "modality": str(modality),
                "cue": claim.cue if claim else None,
                "negated": bool(claim.negated) if claim else False,
                "dates": [_date_dict(d) for d in dates if start <= d.start < end],
            }
        ordered = [evidence[i] for i in sorted(evidence)]
        strongest = max(
            (Modality(e["modality"]) for e in ordered),
            key=MODALITY_RANK.__getitem__,
            default=Modality.MENTION,
        )
        if (
            first.item_id is None
            and first.kind == Kind.ORGANIZATION
            and not any(e["modality"] != Modality.MENTION for e in ordered)
        ):
            continue  # a company only named (a source, a host) is no partner of anything
        confidence = max(mentions[i].confidence for i in indexes)
        confidence = min(0.99, confidence + 0.02 * (len(indexes) - 1))
        items.append({
            "item_id": first.item_id,
            "name": first.name,
            "kind": str(first.kind),
            "pillar": str(first.pillar),
            "modality": str(strongest),
            "candidate": first.item_id is None,
            "confidence": round(confidence, 3),
            "mentions": [
                {"text": text[mentions[i].start : mentions[i].end], "start": mentions[i].start,
                 "end": mentions[i].end}
                for i in indexes
            ],
            "evidence": ordered,
        })  # fmt: skip
    return Extraction(
        text=text,
        source=source_dict(document),
        items=items,
        amounts=[
            {"value": a.value, "currency": a.currency, "usd": a.usd, "text": a.text,
             "start": a.start, "end": a.end, "item_id": a.item_id, "kind": "money"}
            for a in doc._.amounts or []
        ],
        capacities=[
            {"value": c.value, "unit": c.unit, "text": c.text, "start": c.start, "end": c.end,
             "item_id": c.item_id}
            for c in doc._.capacities or []
        ],
        events=[
            {"type": e.type, "date": e.date, "end_date": e.end_date, "actors": e.actors,
             "place": e.place, "evidence": e.evidence, "start": e.start, "end": e.end,
             "item_ids": e.item_ids}
            for e in doc._.events or []
        ],
        statistics=[
            {"text": s.text, "value": s.value, "unit": s.unit, "about": s.about,
             "start": s.start, "end": s.end}
            for s in doc._.statistics or []
        ],
        extractor=version,
    )  # fmt: skip
