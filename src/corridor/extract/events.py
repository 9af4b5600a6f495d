"""corridor.events.v1 (spaCy factory corridor_events_v1): visits, signings, meetings, ...

A sentence with a trigger word and at least one actor is an event: its type is the trigger's
(signing > inauguration > visit > meeting > announcement when several fire), its date the
first date of the sentence, its place the first known place after "to/in/at" (else any known
place), its items the registry items of the sentence. Events of one type sharing an actor
(by surname: "President Zardari" is "Asif Ali Zardari") are merged, the first keeping its
evidence and the later ones filling what it lacks.
"""

from __future__ import annotations

import regex
from spacy.language import Language
from spacy.tokens import Doc

from corridor.extract.base import doc_text, finditer, register_extensions, sentences, words_pattern
from corridor.extract.records import Actor, DateRef, Event, Mention
from corridor.extract.rules import ActorRules

PRIORITY = ("signing", "inauguration", "visit", "meeting", "announcement")
GRANULARITY_RANK = {"day": 0, "week": 1, "month": 2, "quarter": 3, "half": 4, "year": 5}


class EventFinder:
    def __init__(self, nlp: Language, rules: ActorRules) -> None:
        register_extensions()
        # One pass over the text for every trigger word; the word then names its type.
        self.trigger_type: dict[str, str] = {}
        for kind in reversed(PRIORITY):
            for word in rules.triggers[kind]:
                self.trigger_type[" ".join(word.lower().split())] = kind
        self.triggers = words_pattern(self.trigger_type)
        places = "|".join(regex.escape(p) for p in sorted(rules.places, key=len, reverse=True))
        self.place_after = regex.compile(rf"\b(?:to|in|at|from)\s+(?:the\s+)?(?P<place>{places})\b")
        self.place_any = regex.compile(rf"\b(?P<place>{places})\b")

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        sents = sentences(doc)
        actors: list[Actor] = doc._.actors or []
        dates: list[DateRef] = doc._.dates or []
        mentions: list[Mention] = doc._.items or []
        fired: dict[int, set[str]] = {}
        for m in finditer(self.triggers, text):
            kind = self.trigger_type.get(" ".join(m.group().lower().split()))
            if kind:
                fired.setdefault(sents.index(m.start()), set()).add(kind)
        events: list[Event] = []
        for index in sorted(fired):
            start, end = sents.bounds[index] if sents.bounds else (0, len(text))
            in_sentence = [a for a in actors if start <= a.start < end]
            if not in_sentence:
                continue
            kind = next(k for k in PRIORITY if k in fired[index])
            event = Event(kind, start, end, text[start:end])
            event.actors = list(dict.fromkeys(a.name for a in in_sentence))
            sentence_dates = [d for d in dates if start <= d.start < end]
            if sentence_dates:
                best = min(sentence_dates, key=lambda d: GRANULARITY_RANK.get(d.granularity, 9))
                event.date, event.end_date = best.date, best.end_date
            place = self.place_after.search(text, start, end, timeout=1.0) or self.place_any.search(
                text, start, end, timeout=1.0
            )
            event.place = place["place"] if place else None
            event.item_ids = list(
                dict.fromkeys(m.item_id for m in mentions if m.item_id and start <= m.start < end)
            )
            events.append(event)
        doc._.events = merge_events(events, actors)
        return doc


def _surname(name: str) -> str:
    return name.split()[-1].casefold() if name.split() else ""


def merge_events(events: list[Event], actors: list[Actor]) -> list[Event]:
    full: dict[str, str] = {}
    for actor in actors:  # the longest form of each surname names the person
        key = _surname(actor.name)
        if actor.kind == "person" and len(actor.name) > len(full.get(key, "")):
            full[key] = actor.name
    merged: list[Event] = []
    for event in events:
        event.actors = list(dict.fromkeys(full.get(_surname(a), a) for a in event.actors))
        same = next(
            (e for e in merged if e.type == event.type and set(e.actors) & set(event.actors)),
            None,
        )
        if same is None:
            merged.append(event)
            continue
        same.date = same.date or event.date
        same.end_date = same.end_date or event.end_date
        same.place = same.place or event.place
        # the first sentence's actors stand: later ones often name who the visit is about

    return merged
