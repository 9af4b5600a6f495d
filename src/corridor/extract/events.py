"""corridor.events.v1 (spaCy factory corridor_events_v1): visits, signings, meetings, ...

A sentence with a trigger word and at least one actor (or, for a signing, an inauguration or
a meeting, an item) is an event: its type is the trigger's
(signing > inauguration > visit > meeting > announcement when several fire), its date the
first date of the sentence, its place the first known place after "to/in/at/from" (else any
known place, else the dateline's) that is not part of a name ("the Sindh government",
"Pakistan International Airlines", "China-Pakistan Economic Corridor"), its items the registry
items of the sentence. A sentence opening with "He"/"She" has the first person of the
sentence before among its actors. Events of one type sharing an actor (by surname: "President
Zardari" is "Asif Ali Zardari") are merged: the first sentence with a day is the event's own
(its evidence, its place), the others fill what it lacks; a sentence with no day of its own
or with another day gives no place ("the first JCC meeting was held in Islamabad in 2013").
"""

from __future__ import annotations

from collections.abc import Iterator

import regex
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from corridor.extract.base import (
    ByStart,
    Stage,
    doc_text,
    register_extensions,
    sentences,
    token_bounds,
)
from corridor.extract.records import Actor, DateRef, Event, Mention
from corridor.extract.rules import ActorRules
from corridor.model import Kind

PRIORITY = ("signing", "inauguration", "visit", "meeting", "announcement")
# Types an item can carry without a named actor: "the hospital was inaugurated on 1 October",
# "the 14th JCC was held in Beijing on 26 September".
ITEM_EVENTS = ("signing", "inauguration", "meeting")
REPORTED = regex.compile(r"\b(?:said|says|told|stated|noted|added|reported)\s+(?:that\b)?")
FUTURE = regex.compile(r"\b(?:will|would|can|could|may|might|shall|next|scheduled|to\s+be)\b")
SCENE_SENTENCES = 2  # how far on a sentence still tells the scene of a dated event
# A reporting verb right before a day: "Xinhua reported on Tuesday", "said on Monday".
REPORTED_ON = regex.compile(r"\b(?:said|says|told|stated|reported|announced)\s+(?:on\s+)?$")
# Words placing an act before the telling of it: "his recent visit", "recently visited",
# "earlier this month", "visited China last week", "two days ago".
EARLIER = regex.compile(
    r"(?i)\b(?:recent(?:ly)?|earlier|previous(?:ly)?|last\s+(?:week|month|year)|ago)\b"
)
ON_BEFORE = regex.compile(r"(?i)\b(?:on|dated)\s+(?:the\s+)?$")
# Where a place is where something happens: right after "to/in/at/from (the)".
LOCATIVE_BEFORE = regex.compile(r"\b(?:to|in|at|from)\s+(?:the\s+)?$")
LOCATIVE_REACH = 10  # len("from the ") and a spare space
# A place word that is part of a longer name or used as an adjective, not the place of an
# event: a hyphenated compound ("China-Pakistan", "Pak–China"), a name going on with a
# capitalised word ("Punjab Chief Minister", "Pakistan International Airlines"), a possessive
# ("China's Exim Bank"), a lowercase word that is not one of FOLLOWERS ("the Sindh
# government", "a Thar coal gasification plant"); and, before it, a capitalised word and "of"
# ("Chief Minister of Sindh", "Government of Pakistan"), but for "Republic of" (a visit to
# "the People's Republic of China").
FOLLOWERS = (
    "and|or|on|in|at|to|from|for|with|by|of|the|a|this|last|next|earlier|later|today|yesterday"
    "|tomorrow|tonight|where|which|who|when|while|during|after|before|as|since|until|via|over"
    "|through|amid|between|also|again|recently|city|province|district|division|region|area"
    "|port|airport"
)
HYPHEN_AFTER = r"[-–—]\w"
NAME_AFTER = regex.compile(rf"{HYPHEN_AFTER}|\s+[A-Z]|['’]s\b|\s+(?!(?:{FOLLOWERS})\b)[a-z]")
COMPOUND_AFTER = regex.compile(HYPHEN_AFTER)
NAME_BEFORE = regex.compile(r"(?:[-–—]|\b[A-Z][\w.'’]*(?<!\bRepublic)\s+of\s+)$")
NAME_BEFORE_REACH = 40  # a capitalised word and " of "
# Kinds of item with a site, and the events that happen at an item's site: "inaugurated the
# Sahiwal coal power plant" happened at Sahiwal, "landed at the Gwadar Port airstrip" at Gwadar.
SITED = frozenset([Kind.PROJECT, Kind.SEZ])
AT_SITE = frozenset(["inauguration", "visit"])
# A sentence going on about the person of the sentence before: "He expressed this resolve,
# while visiting the Huawei headquarters".
PRONOUN = regex.compile(r"[\"“‘']?(?:He|She)\b")
PAIR_AND = " and "
# What may stand between two parties and the verb they are the subject of: "Pakistan and
# China on Monday signed", "China and Pakistan have jointly inaugurated", "..., on July 6,
# 2020, signed"; no other capitalised word ("Pakistan and China Railway signed": a company).
# Each word after a separator, possessive: an attempt is linear.
PARTY_GAP = (
    r"(?:[\s,]+(?:on|in|at|this|last|earlier|today|yesterday|have|has|had|jointly|formally"
    r"|also|finally|recently|officially|(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day"
    r"|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)[a-z]*+\.?"
    r"|\d{1,4}(?:st|nd|rd|th)?)(?![\w]))*+[\s,]+"
)
PARTY_REACH = 120  # "Pakistan and China, on Thursday, September 4, 2025, signed"
# Types whose parties "between A and B" names: "an MoU was signed between Pakistan and China".
BETWEEN_TYPES = frozenset(["signing", "meeting"])
# A trigger named as the time of another act, "Speaking after the 14th JCC meeting": the
# event was before (or after) the scene, not on its day.
REFERENCE_BEFORE = regex.compile(
    r"(?i)\b(?:after|before|following|ahead\s+of|prior\s+to|since|in\s+the\s+wake\s+of)\s+"
    r"(?:(?:the|a|an|its|their|this|last)\s+)?(?:[\w()'’.-]+\s+){0,7}$"
)
REFERENCE_REACH = 100
# Between a trigger named as a time and its own day: its name, "held", "on" ("the 11th
# meeting of the CPEC Joint Cooperation Committee (JCC) on October 27, 2022"), no clause
# break. (A match of a short stretch at one place: no timeout.)
ANCHOR_GAP = regex.compile(r"[\w\s()'’-]*?\s(?:held\s+)?(?:on|dated)\s+(?:the\s+)?")
ANCHOR_REACH = 90
# A day told as that of a saying: "said on Sunday", or "on Sunday that ..." going on with
# what was said (real-article QA: "said\non Sunday that groundbreaking ... would be
# performed by the end of this year" was an inauguration on that Sunday).
THAT_AFTER = regex.compile(r"\s*,?\s*that\b")


class EventFinder(Stage):
    def __init__(self, nlp: Language, rules: ActorRules) -> None:
        register_extensions()
        # One pass over the text for every trigger word; the word then names its type.
        self.trigger_type: dict[str, str] = {}
        for kind in reversed(PRIORITY):
            for word in rules.triggers[kind]:
                self.trigger_type[" ".join(word.lower().split())] = kind
        # Token phrases (PhraseMatcher, linear in the text), not one big case-blind regex.
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.kind_of: dict[int, str] = {}
        for phrase, kind in self.trigger_type.items():
            key = f"event|{phrase}"
            self.matcher.add(key, [nlp.make_doc(phrase)])
            self.kind_of[nlp.vocab.strings[key]] = kind
        places = "|".join(regex.escape(p) for p in sorted(rules.places, key=len, reverse=True))
        self.place_any = regex.compile(rf"\b(?P<place>{places})\b")
        # A dateline's place opening the sentence: "LAHORE, Oct 25 (APP):", "Shenzhen:",
        # "BEIJING, Sept. 3 (Xinhua) --", "LAHORE –".
        self.dateline_place = regex.compile(
            rf"(?i:(?P<place>{places}))(?=\s*(?::|–|—|--?\s)|,\s*(?:[A-Z][a-z]+\.?\s+)?\d)"
        )
        self.place_name = {p.casefold(): p for p in rules.places}
        # Two places joined by "and" as the parties of an event: "Pakistan and China signed"
        # (real-article QA: no actors), "signed between Pakistan and China".
        self.parties = regex.compile(rf"\b(?P<a>{places})\s+and\s+(?P<b>{places})\b(?![-–—'’])")
        self.party_gap = regex.compile(PARTY_GAP)
        # After the date: a wire's name in brackets or slashes ("(Xinhua)", "/PRNewswire/").
        self.dateline = regex.compile(
            r"\s*(?:\((?:[A-Z][\w.]*\s*)+\)\s*|/[A-Za-z][\w.-]*/\s*)?(?:--|—|–|:)"
        )

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        sents = sentences(doc)
        actors: list[Actor] = doc._.actors or []
        dates: list[DateRef] = doc._.dates or []
        mentions: list[Mention] = doc._.items or []
        fired: dict[int, set[str]] = {}
        trigger_at: dict[tuple[int, str], int] = {}  # the first trigger of a kind in a sentence
        triggers: dict[int, set[int]] = {}  # where each sentence's triggers start
        token_starts = token_bounds(doc)[0]
        for match_id, first, _ in self.matcher(doc):
            char = token_starts[first]
            if first and text[char - 1 : char] == "-":
                continue  # "re-opened", "pre-signing": part of a compound word
            index, kind = sents.index(char), self.kind_of[match_id]
            fired.setdefault(index, set()).add(kind)
            trigger_at.setdefault((index, kind), char)
            triggers.setdefault(index, set()).add(char)
        events: list[Event] = []
        by_actor = ByStart(actors, start=lambda a: a.start)
        by_item = ByStart(mentions, start=lambda m: m.start)
        by_date = ByStart(dates, start=lambda d: d.start)
        dated: tuple[int, Event, int] | None = None  # the last event dated by its own day
        sites: dict[int, tuple[list[Actor], list[Mention]]] = {}  # event -> its sentence's
        for index in sorted(fired):
            start, end = sents.bounds[index] if sents.bounds else (0, len(text))
            in_sentence = by_actor.within(start, end)
            if index and PRONOUN.match(text, start, end):
                # "Prime Minister Shehbaz Sharif on Wednesday reiterated ... He expressed this
                # resolve, while visiting ...": the first person of the sentence before.
                before = sents.bounds[index - 1]
                person = next((a for a in by_actor.within(*before) if a.kind == "person"), None)
                if person is not None and all(a.name != person.name for a in in_sentence):
                    in_sentence = [person, *in_sentence]
            kinds = [k for k in PRIORITY if k in fired[index]][:2]
            parties = self._parties(text, start, end, triggers[index], kinds[0], in_sentence)
            in_sentence = [*parties, *in_sentence] if parties else in_sentence
            named = by_item.within(start, end)
            days = [d for d in by_date.within(start, end) if d.granularity == "day"]
            anchor = self._anchor(text, (start, end), index, kinds, trigger_at, days, named)
            if anchor is not None:
                events.append(anchor)
                sites[id(anchor)] = (in_sentence, named)
                days = [d for d in days if d.date != anchor.date]
                kinds = [k for k in kinds if k != anchor.type] or kinds
            if not in_sentence and not (kinds[0] in ITEM_EVENTS and named):
                # (a paragraph may part them: a report's sentences are often one apiece)
                if days and dated is not None and index - dated[0] <= SCENE_SENTENCES:
                    _told_day(dated[1], kinds[0], days)
                continue
            # A signing happens at something ("signed 32 MoUs at the Business Forum",
            # "inaugurated the airport and witnessed the signing"): that is an event too.
            if kinds[0] != "signing" or kinds[-1] not in ("inauguration", "meeting"):
                kinds = kinds[:1]
            found = [
                self._event(text, kind, start, end, in_sentence,
                            _not_reported(text, days, trigger_at[index, kind], end), named)
                for kind in kinds
            ]  # fmt: skip
            if (not days and all(a.kind == "group" for a in in_sentence) and dated is not None
                    and _same_scene(text, dated, index, start)
                    and not _reference(text, start, trigger_at[index, kinds[0]])):  # fmt: skip
                # "arrived on Monday ... The two leaders jointly inaugurated the airport": a
                # sentence that goes on telling the same scene, naming no one new ("the two
                # leaders" are the scene's; a new name may be someone's word on it: "This
                # visit will ...", said the minister), happened on its day.
                scene = dated[1]
                found = [e for e in found if e.type != scene.type]  # the same event, told on
                for event in found:
                    event.date, event.end_date = scene.date, scene.end_date
            elif days and found[0].date:
                dated = (index, found[0], end)
            events.extend(found)
            for event in found:
                sites[id(event)] = (in_sentence, named)
        # Only an event with a day is kept, or gives its place to one it merges with: the
        # place, the costliest reading, is read for those alone.
        for event in events:
            if event.date:
                in_sentence, named = sites[id(event)]
                event.place = self._place(text, event.type, event.start, event.end, in_sentence,
                                          named)  # fmt: skip
        doc._.events = [e for e in merge_events(events, actors) if e.date]
        return doc

    def _event(self, text: str, kind: str, start: int, end: int, in_sentence: list[Actor],
           days: list[DateRef], mentions: list[Mention]) -> Event:  # fmt: skip
        """An event of one sentence, from its actors, its days and its item mentions."""
        event = Event(kind, start, end, text[start:end])
        event.actors = list(dict.fromkeys(a.name for a in in_sentence))
        # An event has a day: a dateline's date ("May 26 (Xinhua) --") is the filing
        # day, so a day in the sentence body ("on Thursday") wins over it.
        body = [d for d in days if not self.dateline.match(text, d.end)]
        pool = body or days
        # "... will visit China from June 4 to 8, the Foreign Office announced on Tuesday": a
        # day right after a reporting verb is the day of the telling, where the sentence
        # gives another (an announcement's own day is the telling's).
        if kind != "announcement" and len(pool) > 1:
            told = [d for d in pool if _told_on(text, start, d)]
            if len(told) < len(pool):
                pool = [d for d in pool if d not in told]
        # "held in Beijing on 26 September": a day after "on" is the day of the event, where
        # another one may be a heading's or a filing day ("Islamabad, 27 September 2025").
        on_days = [d for d in pool if ON_BEFORE.search(text, max(start, d.start - 8), d.start)]
        pool = on_days or pool
        if pool:
            reported = kind != "announcement" and _told_on(text, start, pool[0])
            if reported and EARLIER.search(text, start, pool[0].start) is not None:
                # "his recent visit to China ..., CEN reported on Thursday": the day is the
                # report's, and the sentence puts the visit before it; an event has its own
                # day or none (real-article QA, set X pattern 15)
                pool = []
        if pool:
            event.date, event.end_date = pool[0].date, pool[0].end_date
            event.reported_day = reported
        event.item_ids = list(dict.fromkeys(m.item_id for m in mentions if m.item_id))
        return event

    def _anchor(self, text: str, bounds: tuple[int, int], index: int, kinds: list[str],
                trigger_at: dict[tuple[int, str], int], days: list[DateRef],
                named: list[Mention]) -> Event | None:  # fmt: skip
        """A dated meeting, signing or inauguration named as the time ("in the wake of",
        "after") of the sentence's visit or announcement, which outranks it: "The visit is expected to ... in the wake of the 11th meeting
        of the CPEC JCC on October 27, 2022" told of a meeting on that day, lost behind the
        visit (real-article QA, set X pattern 7). Its day follows it in its own phrase."""
        # (a signing keeps a meeting of its sentence as an event of its own already)
        if len(kinds) < 2 or kinds[0] in ITEM_EVENTS or kinds[1] not in ITEM_EVENTS or not named:
            return None
        start, end = bounds
        kind = kinds[1]
        trigger = trigger_at[index, kind]
        lo = max(start, trigger - REFERENCE_REACH)
        if REFERENCE_BEFORE.search(text, lo, trigger) is None:
            return None
        for d in days:
            if 0 < d.start - trigger <= ANCHOR_REACH and ANCHOR_GAP.fullmatch(
                text, trigger, d.start
            ):
                return self._event(text, kind, start, end, [], [d], named)
        return None

    def _parties(self, text: str, start: int, end: int, triggers: set[int], kind: str,
                 actors: list[Actor]) -> list[Actor]:  # fmt: skip
        """Two places joined by "and" that are the subject of one of the sentence's triggers
        ("Pakistan and China on Monday signed"), or that a signing or meeting is "between":
        the parties, as actors (a group, as "both sides" is)."""
        if text.find(PAIR_AND, start, end) == -1:
            return []
        named = {a.name for a in actors}
        # Read only before a trigger, where " and " stands, or right after "between" (a
        # search of the whole sentence for a place cost a third of the stage); each attempt
        # linear: no timeout.
        for m in self._pairs(text, start, end, triggers, kind):
            if NAME_BEFORE.search(text, max(start, m.start("a") - NAME_BEFORE_REACH), m.start("a")):
                continue  # "Bank of China and Pakistan": a name's
            found = []
            for group in ("a", "b"):
                name = self.place_name.get(m[group].casefold(), m[group])
                if name not in named:
                    found.append(Actor(m.start(group), m.end(group), m[group], name, "group"))
            return found
        return []

    def _pairs(self, text: str, start: int, end: int, triggers: set[int], kind: str
               ) -> Iterator[regex.Match[str]]:  # fmt: skip
        """Two places joined by "and" right before a trigger (but for days, figures and
        adverbs), or right after "between" in a signing or a meeting."""
        for t in sorted(triggers):
            lo = max(start, t - PARTY_REACH)
            if text.find(PAIR_AND, lo, t) == -1:
                continue
            for m in self.parties.finditer(text, lo, t):
                gap = self.party_gap.match(text, m.end(), end)
                if (gap.end() if gap else m.end()) == t:
                    yield m
        if kind in BETWEEN_TYPES:
            at = text.find("between ", start, end)
            while at != -1:
                m = self.parties.match(text, at + 8, end)
                if m is not None:
                    yield m
                at = text.find("between ", at + 1, end)

    def _paired(self, text: str, at: int, to: int, start: int, end: int) -> bool:
        """Whether the place at text[at:to] is one of two joined by "and" ("Pakistan and
        China signed", "between China and Pakistan"): two parties, not where something
        happened (real-article QA: the signing's place was "Pakistan")."""
        # (attempts at one place: no timeout, see base.REGEX_TIMEOUT)
        other = self.place_any.match(text, to + 5, end) if text.startswith(PAIR_AND, to) else None
        if other is not None and text[other.end() : other.end() + 2] not in ("'s", "’s"):
            return True  # (not "China and Pakistan's ambassador")
        if text.endswith(PAIR_AND, start, at):
            before = text[max(start, at - 45) : at - 5]
            return any(m.end() == len(before) for m in self.place_any.finditer(before))
        return False

    def _place(self, text: str, kind: str, start: int, end: int, in_sentence: list[Actor],
               mentions: list[Mention]) -> str | None:  # fmt: skip
        """The sentence's first place after "to/in/at/from", else its first place, that is not
        part of a name; else, for an inauguration or a visit of an item with a site, the place
        in the item's name ("the New Gwadar International Airport") or none; else the
        dateline's ("LAHORE, Oct 25 (APP):")."""
        body = start
        while body < end and text[body].isspace():
            body += 1
        dateline = self.dateline_place.match(text, body, end)
        if dateline is not None:
            body = dateline.end()
        names = [(a.start, a.end) for a in in_sentence] + [(n.start, n.end) for n in mentions]
        sites = [n for n in mentions if n.kind in SITED] if kind in AT_SITE else []
        first: str | None = None
        site: str | None = None
        for m in self.place_any.finditer(text, body, end):
            at, to = m.span()
            before = max(start, at - NAME_BEFORE_REACH)
            compound = COMPOUND_AFTER.match(text, to, end) or (at > 0 and text[at - 1] in "-–—")
            locative = LOCATIVE_BEFORE.search(text, max(start, at - LOCATIVE_REACH), at)
            if any(n.start <= at < n.end for n in sites) and not compound:
                site = site or m["place"]
            # after "at/in", the place opening the name of an item with a site is its site
            opens_site = locative is not None and any(
                n.start == at and n.kind in SITED for n in mentions
            )
            if locative is None and self._paired(text, at, to, start, end):
                continue  # "Pakistan and China on Monday signed": parties, not the place
            if not opens_site and (
                NAME_AFTER.match(text, to, end)
                or NAME_BEFORE.search(text, before, at)
                or any(s <= at < e for s, e in names)
            ):
                continue
            if locative is not None:
                return m["place"]
            first = first or m["place"]
        if first is not None or sites:
            return first or site
        return self.place_name.get(dateline["place"].casefold()) if dateline else None


def _reference(text: str, start: int, trigger: int) -> bool:
    """Whether the trigger names the time of another act ("Speaking after the JCC meeting"),
    or is a word of a name inside the sentence ("The 12th Special CPEC JCC Meeting holds
    great significance"): either way no act is told, so no scene's day is its."""
    if trigger > start and text[trigger].isupper():
        return True
    return REFERENCE_BEFORE.search(text, max(start, trigger - REFERENCE_REACH), trigger) is not None


def _told_on(text: str, start: int, day: DateRef) -> bool:
    """Whether the day is told right after a reporting verb ("said on Monday")."""
    return REPORTED_ON.search(text, max(start, day.start - 24), day.start) is not None


def _not_reported(text: str, days: list[DateRef], trigger: int, end: int) -> list[DateRef]:
    """The days that may be an event's: not one told before a reporting verb that a future
    event comes after ("Ahsan Iqbal, on Monday, said that the agreement can be signed next
    month": Monday is the day of the saying; "said on Monday that they signed" keeps it)."""
    out = []
    for d in days:
        said = REPORTED.search(text, d.end, trigger) if d.end <= trigger else None
        if said is not None and FUTURE.search(text, said.end(), end):
            continue
        # "said on Sunday that groundbreaking ... would be performed by the end of the year":
        # the day of the saying, where what was said is still to come
        told = d.end <= trigger and (
            _told_on(text, 0, d) or THAT_AFTER.match(text, d.end, trigger) is not None
        )
        if told and FUTURE.search(text, d.end, end):
            continue
        out.append(d)
    return out


def _told_day(event: Event, kind: str, days: list[DateRef]) -> None:
    """ "The plant started commercial operation, Xinhua reported on Tuesday. The plant, which
    went into operation on Sunday, ...": a sentence going on with the same event, naming
    no one, gives the day it happened, where the event had only the day of the report."""
    if event.reported_day and event.type == kind:
        event.date, event.end_date = days[0].date, days[0].end_date
        event.reported_day = False


def _same_scene(text: str, dated: tuple[int, Event, int], index: int, start: int) -> bool:
    """Whether the sentence at index goes on from the dated event's sentence: the next
    sentence or the one after, in the same paragraph."""
    before, _, end = dated
    return index - before <= SCENE_SENTENCES and "\n\n" not in text[end:start]


def _surname(name: str) -> str:
    return name.split()[-1].casefold() if name.split() else ""


def merge_events(events: list[Event], actors: list[Actor]) -> list[Event]:
    full: dict[str, str] = {}
    for actor in actors:  # the longest form of each surname names the person
        key = _surname(actor.name)
        if actor.kind == "person" and len(actor.name) > len(full.get(key, "")):
            full[key] = actor.name
    merged: list[Event] = []
    # (type, actor) -> the first merged event of that type with that actor: a merged event's
    # actors never change, so this finds the first one sharing an actor without scanning them
    # all (which made a document with thousands of events quadratic).
    first: dict[tuple[str, str], int] = {}
    for event in events:
        event.actors = list(dict.fromkeys(full.get(_surname(a), a) for a in event.actors))
        found = [first[k] for a in event.actors if (k := (event.type, a)) in first]
        if not found:
            for name in event.actors:
                first.setdefault((event.type, name), len(merged))
            merged.append(event)
            continue
        same = merged[min(found)]
        if same.date is None and event.date:
            # The first sentence with a day is the event's own: its evidence, its place and
            # its items ("The JCC is co-chaired by ..." only named who the meeting is of).
            same.start, same.end, same.evidence = event.start, event.end, event.evidence
            same.date, same.end_date = event.date, event.end_date
            same.reported_day, same.place = event.reported_day, event.place
            same.item_ids = event.item_ids
        elif same.reported_day and event.date and not event.reported_day:
            same.date, same.end_date = event.date, event.end_date
            same.reported_day = False
            same.place = same.place or event.place
        elif event.date is not None and event.date == same.date:
            # Only a sentence telling the same day tells the place: one with none or another
            # may be of another time ("The first JCC meeting was held in Islamabad in 2013").
            same.place = same.place or event.place
        same.end_date = same.end_date or event.end_date
        # the first sentence's actors stand: later ones often name who the visit is about

    return merged
