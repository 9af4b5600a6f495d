"""An Extraction: what the pipeline found in one document, in corridor's JSON contract."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

from spacy.tokens import Doc

from corridor.extract.base import is_headline, sentences
from corridor.extract.records import Claim, DateRef, Mention
from corridor.model import MODALITY_RANK, Document, Kind, Modality, Pillar


class _Placed(Protocol):
    @property
    def start(self) -> int: ...


F = TypeVar("F", bound=_Placed)


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


# The string of each taxonomy member, looked up: str() of an enum member runs Python code.
NAMES: dict[Modality | Kind | Pillar, str] = {
    m: str(m) for t in (Modality, Kind, Pillar) for m in t
}


def _date_dict(d: DateRef) -> dict[str, Any]:
    return {"text": d.text, "date": d.date, "end_date": d.end_date, "granularity": d.granularity}


def build_extraction(doc: Doc, document: Document, version: str) -> Extraction:
    text = document.text
    ext = doc._  # (each doc._ builds an accessor object: one for every attribute)
    mentions: list[Mention] = ext.items or []
    claims: list[Claim] = ext.claims or []
    sents = sentences(doc)
    bounds = sents.bounds or [(0, len(text))]
    # Each sentence's dates, found once: evidence sentences repeat across items.
    dates_in: dict[int, list[DateRef]] = {}
    for d in ext.dates or []:
        dates_in.setdefault(sents.index(d.start), []).append(d)
    by_mention = {c.mention: c for c in claims}
    speakers: set[int] = ext.speakers or set()
    groups: dict[str, list[int]] = {}
    for index, mention in enumerate(mentions):
        groups.setdefault(mention.key, []).append(index)
    items = []
    for indexes in groups.values():
        first = mentions[indexes[0]]
        # sentence index -> (rank, modality, claim): the strongest claim of each sentence
        best: dict[int, tuple[int, Modality, Claim | None]] = {}
        for index in indexes:
            claim = by_mention.get(index)
            if claim is None:
                s_index, modality = sents.index(mentions[index].start), Modality.MENTION
            else:
                s_index, modality = claim.sentence, claim.modality
            rank = MODALITY_RANK[modality]
            current = best.get(s_index)
            if current is None or rank > current[0]:
                best[s_index] = (rank, modality, claim)
        ordered = []
        for s_index in sorted(best):
            _, modality, claim = best[s_index]
            start, end = bounds[s_index] if s_index < len(bounds) else (0, len(text))
            ordered.append({
                "sentence": text[start:end],
                "start": start,
                "end": end,
                "modality": NAMES[modality],
                "cue": claim.cue if claim else None,
                "negated": bool(claim.negated) if claim else False,
                "dates": [_date_dict(d) for d in dates_in.get(s_index, ())
                          if start <= d.start < end],
            })  # fmt: skip
        top_rank, strongest, _ = max(best.values(), key=lambda b: b[0])
        if (
            first.kind == Kind.ORGANIZATION
            and top_rank == 0
            and (first.item_id is None or speakers.issuperset(indexes))
        ):
            # a company only named (a source, a host) is no partner of anything; nor is a
            # registry body named only as where a statement's speaker works
            continue
        confidence = max(mentions[i].confidence for i in indexes)
        confidence = min(0.99, confidence + 0.02 * (len(indexes) - 1))
        items.append({
            "item_id": first.item_id,
            "name": first.name,
            "kind": NAMES[first.kind],
            "pillar": NAMES[first.pillar],
            "modality": NAMES[strongest],
            "candidate": first.item_id is None,
            "tracked": any(mentions[i].source != "untracked" for i in indexes),
            "confidence": round(confidence, 3),
            "mentions": [
                {"text": text[mentions[i].start : mentions[i].end], "start": mentions[i].start,
                 "end": mentions[i].end}
                for i in indexes
            ],
            "evidence": ordered,
        })  # fmt: skip
    head = _headline_end(text, bounds)
    return Extraction(
        text=text,
        source=source_dict(document),
        items=items,
        amounts=[
            {"value": a.value, "currency": a.currency, "usd": a.usd, "text": a.text,
             "start": a.start, "end": a.end, "item_id": a.item_id, "kind": "money"}
            for a in _not_restated(ext.amounts or [], head, lambda a: (a.value, a.currency))
        ],
        capacities=[
            {"value": c.value, "unit": c.unit, "text": c.text, "start": c.start, "end": c.end,
             "item_id": c.item_id}
            for c in _not_restated(ext.capacities or [], head, lambda c: (c.value, c.unit))
        ],
        events=[
            {"type": e.type, "date": e.date, "end_date": e.end_date, "actors": e.actors,
             "place": e.place, "evidence": e.evidence, "start": e.start, "end": e.end,
             "item_ids": e.item_ids}
            for e in ext.events or []
        ],
        statistics=[
            {"text": s.text, "value": s.value, "unit": s.unit, "about": s.about,
             "start": s.start, "end": s.end}
            for s in _not_restated(ext.statistics or [], head, lambda s: (s.value, s.unit))
        ],
        extractor=version,
    )  # fmt: skip


def _headline_end(text: str, bounds: list[tuple[int, int]]) -> int:
    """Where the text's headline ends (a first sentence with no end punctuation, short, and
    followed by a body), or 0 if it has none."""
    if len(bounds) < 2 or not is_headline(text, bounds[0]):
        return 0
    return bounds[0][1]


def _not_restated(figures: list[F], head: int, key: Callable[[F], object]) -> list[F]:
    """The figures but a headline's that its body states again: "China to provide $6.8 b for
    ML-1" over "a $6.8 billion initiative" is one sum, and counted twice it doubles what a
    table of sums adds up (real-article QA, set W, read after scoring). A figure only the
    headline gives stays."""
    if not head:
        return figures
    body = {key(f) for f in figures if f.start >= head}
    return [f for f in figures if f.start >= head or key(f) not in body]
