"""corridor.candidates.v1 (spaCy factory corridor_candidates_v1): items not in the registry.

Four rules, each proposing a kind and a pillar:
- named: capitalised words, optional modifiers, a head noun ("the Keti Bandar coal power
  project", "Sukkur Solar Park");
- quantified: a capacity before a head ("a 300MW solar park in Bahawalpur");
- topic: an instrument and its subject ("an MoU on vertical farming");
- vocabulary: generic agenda items kept in generic_items.toml ("smart grids"), widened left
  over modifiers ("soilless vertical farming", "high-tech incubators").
A candidate that overlaps a registry mention is dropped (the registry wins), except an
instrument whose subject is that item ("MoU on Gwadar Port expansion").
"""

from __future__ import annotations

import string
from bisect import bisect_left
from functools import lru_cache

import regex
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from corridor.extract.base import (
    doc_text,
    find_all,
    finditer,
    finditer_at,
    folded_text,
    register_extensions,
    sentences,
    token_bounds,
)
from corridor.extract.records import Mention
from corridor.extract.rules import GenericItem, Vocabulary
from corridor.model import Kind, Pillar

UNIT_WORDS = frozenset(
    ["mw", "megawatt", "megawatts", "gw", "kw", "kv", "km", "kilometre", "kilometres",
     "kilometer", "kilometers", "acre", "acres", "mgd"]
)  # fmt: skip
FIGURE_WORD = regex.compile(r"^\d[\d.,]*(?:mw|gw|kw|kv|km|mgd|megawatts?|acres?)?$")
RELINK_REACH = 1500  # characters back to the item a figure-and-noun phrase may stand for
CONFIDENCE = {"named": 0.6, "quantified": 0.6, "topic": 0.55, "vocabulary": 0.5}
# Words that start a capitalised run without naming anything ("The", "Chinese").
NAME_STOP = frozenset(
    [
        "the",
        "a",
        "an",
        "this",
        "that",
        "these",
        "those",
        "its",
        "his",
        "her",
        "their",
        "our",
        "your",
        "my",
        "chinese",
        "pakistani",
        "pakistan",
        "china",
        "cpec",
        "bri",
        "major",
        "new",
        "mega",
        "several",
        "all",
        "other",
        "each",
        "every",
        "both",
        "another",
        "such",
        "federal",
        "provincial",
        "government",
        "first",
        "second",
        "third",
        "last",
        "next",
        "one",
        "two",
        "three",
        "four",
        "five",
        "however",
        "meanwhile",
        "moreover",
        "additionally",
        "also",
        "under",
        "in",
        "on",
        "at",
        "by",
        "for",
        "with",
        "from",
        "as",
        "while",
        "if",
        "when",
        "after",
        "before",
        "during",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "mr",
        "ms",
        "dr",
        "president",
        "prime",
        "minister",
        "pm",
        # titles and units a capitalised run may begin with ("CEO Sahiwal Project",
        # "1,320 Megawatt Sahiwal Coal-Fired Power Project")
        "ceo",
        "chairman",
        "chief",
        "director",
        "secretary",
        "engineer",
        "mw",
        "megawatt",
        "megawatts",
        "gw",
        "kv",
        "km",
    ]
)
TOPIC_STOP = (
    "with|between|by|at|during|was|were|is|are|has|have|had|will|would|worth|signed|inked|"
    "which|that|who|and\\s+(?:the|a|an)|to\\s+(?:the|be)|as|after|before|from|under|among|"
    "valued|said|says|in\\s+(?:the\\s+)?presence|on\\s+(?:the\\s+)?sidelines|in\\s+[A-Z]\\w*"
)
INSTRUMENTS = (
    r"MoUs?|MOUs?|memorand(?:um|a)\s+of\s+understanding|(?:framework\s+)?agreements?"
    r"|accords?|protocols?|contracts?|deals?"
)
# The first letters of every instrument, case-blind: where a topic can start (found in the
# folded text, see base.folded_text).
INSTRUMENT_STARTS = (
    "mou", "memorand", "framework", "agreement", "accord", "protocol", "contract", "deal",
)  # fmt: skip
# Characters after which no match can start, of those in the look-behind [\w-].
NOT_AFTER = frozenset(string.ascii_letters + string.digits + "_-")
CAPACITY = r"\d[\d,]*(?:\.\d+)?\s?-?(?:MW|GW|kV|km|MGD|megawatts?|kilomet(?:re|er)s?|acres?)"


ARTICLES = frozenset(["the", "a", "an", "this", "that", "its", "their", "his", "her", "our"])
POSSESSIVE = regex.compile(r"['’]s\b")
SEPARATORS = regex.compile(r"[\s\-_.,()'’]+")
WORD = regex.compile(r"[\w-]+")
TOPIC_ARTICLE = regex.compile(r"(?i)(?:the|a|an)\s+")


@lru_cache(maxsize=1 << 16)
def normalise_name(text: str) -> str:
    """The key candidates merge on: case, articles, possessives, hyphens and plurals ignored."""
    text = POSSESSIVE.sub("", text.casefold())
    text = SEPARATORS.sub(" ", text).strip()
    words = [w for w in text.split() if w not in ("the", "a", "an")]
    if words and len(words[-1]) > 3 and words[-1].endswith("s") and not words[-1].endswith("ss"):
        words[-1] = words[-1][:-1]
    return " ".join(words)


def _plural_forms(phrase: str) -> set[str]:
    out = {phrase}
    if " " not in phrase:
        return out  # single words are listed in each form they may take ("incubator(s)")
    if phrase.endswith("s") and not phrase.endswith("ss"):
        out.add(phrase[:-1])
    elif phrase[-1].isalpha():
        out.add(phrase + "s")
    return out


class Spans:
    """Non-empty spans that overlap none of each other: sorted by start, they are sorted by
    end too, so one bisection answers whether a span overlaps any of them."""

    __slots__ = ("ends", "starts")

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []

    @classmethod
    def of(cls, mentions: list[Mention]) -> Spans | None:
        """The mentions' spans, or None when some are empty or overlap."""
        spans = cls()
        for m in sorted(mentions, key=lambda m: m.start):
            if m.start >= m.end or (spans.ends and spans.ends[-1] > m.start):
                return None
            spans.starts.append(m.start)
            spans.ends.append(m.end)
        return spans

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect_left(self.starts, end)
        return i > 0 and self.ends[i - 1] > start

    def add(self, start: int, end: int) -> None:
        """Add a non-empty span that overlaps none of these."""
        i = bisect_left(self.starts, start)
        self.starts.insert(i, start)
        self.ends.insert(i, end)


class Candidates:
    def __init__(self, nlp: Language, vocabulary: Vocabulary) -> None:
        register_extensions()
        self.vocabulary = vocabulary
        self.phrases = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.generic: dict[int, GenericItem] = {}
        for entry in vocabulary.items:
            key = f"generic|{entry.name}"
            forms = {f for p in entry.phrases for f in _plural_forms(p)}
            self.phrases.add(key, [nlp.make_doc(f) for f in sorted(forms)])
            self.generic[nlp.vocab.strings[key]] = entry
        heads = sorted(vocabulary.heads, key=len, reverse=True)
        head_alt = "|".join(regex.escape(h).replace(r"\ ", r"\s+") for h in heads)
        mods = sorted(vocabulary.modifiers, key=len, reverse=True)
        mod_alt = "|".join(regex.escape(m) for m in mods)
        self.named = regex.compile(
            rf"(?<![\w-])(?P<name>(?:[A-Z][\w'’&.]*(?:-[\w]+)*\s+){{1,5}}?)"
            rf"(?P<mods>(?:(?i:{mod_alt})\s+){{0,3}})(?P<head>(?i:{head_alt}))(?![\w-])"
            # "Swat Expressway Phase-II", "Lahore Orange Line Phase 2": the phase is the name's
            r"(?:\s*[-–]?\s*Phase\s*[-–]?\s*(?:I{1,3}|IV|V|\d)(?![\w-]))?"
        )
        # Scanned from the figure (a digit: quick to find), the determiner checked behind it.
        self.determiner = regex.compile(r"(?i)(?<![\w-])(?:an?|the|two|three|four|new|its|one)\s+$")
        self.quantified = regex.compile(
            rf"(?i)(?<![\w.,])"
            rf"(?P<name>{CAPACITY}\s*(?:(?:{mod_alt})\s+){{0,3}}(?P<head>{head_alt})s?"
            rf"(?:\s+(?:in|at|near)\s+(?-i:[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)?))?)(?![\w-])"
        )
        self.topic = regex.compile(
            rf"(?<![\w-])(?P<name>(?P<head>(?i:{INSTRUMENTS}))\s+(?i:on|for|regarding|concerning"
            rf"|about|in\s+the\s+field\s+of)\s+(?P<topic>(?:(?!(?:{TOPIC_STOP})\b)"
            rf"[\w'’-]+(?:\s+|(?=[,.;:()\n]|$))){{1,6}}))"
        )
        self.compound = regex.compile(r"[\w]+-[\w]+\s+$")
        self.generic_words = (
            vocabulary.modifiers | set(vocabulary.heads) | {"plant", "project"} | UNIT_WORDS
        )

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        registry: list[Mention] = list(doc._.items or [])
        found: list[Mention] = []
        found += self._named(text, doc)
        found += self._quantified(text)
        found += self._topics(text, folded_text(doc))
        found += self._vocabulary(doc, text)
        kept: list[Mention] = []
        taken = Spans.of(registry)
        spans = Spans()
        for m in sorted(found, key=lambda m: (m.start - m.end, m.start)):
            if taken is not None:
                overlaps = taken.overlaps(m.start, m.end)
            else:
                overlaps = any(m.start < r.end and r.start < m.end for r in registry)
            if overlaps and m.source != "topic":
                continue
            if overlaps and self._topic_is_item(text, m, registry):
                continue  # "an agreement on the KKH realignment": the registry item says it
            if spans.overlaps(m.start, m.end):
                continue
            spans.add(m.start, m.end)
            kept.append(m)
        targets = self._relink_targets(text, registry)
        kept = [self._relink(text, m, targets) for m in kept]
        doc._.items = sorted(registry + kept, key=lambda m: m.start)
        return doc

    def _topic_is_item(self, text: str, m: Mention, registry: list[Mention]) -> bool:
        match = self.topic.match(text, m.start, timeout=1.0)
        if match is None:
            return False
        topic = match.group("topic").rstrip()
        first = match.start("topic")
        lead = TOPIC_ARTICLE.match(topic)
        if lead:
            topic, first = topic[lead.end() :], first + lead.end()
        end = first + len(topic)
        return any(r.start <= first and end <= r.end + 16 and r.end > first for r in registry)

    @staticmethod
    def _relink_targets(
        text: str, registry: list[Mention]
    ) -> list[tuple[Mention, set[str], set[str]]]:
        """The registry mentions a candidate may be relinked to, with their name forms."""
        out = []
        for r in registry:
            if r.item_id is None or r.kind == Kind.ORGANIZATION:
                continue
            forms = {normalise_name(r.name), normalise_name(text[r.start : r.end])}
            out.append((r, forms, {w for f in forms for w in f.split()}))
        return out

    def _relink(self, text: str, m: Mention,
                targets: list[tuple[Mention, set[str], set[str]]]) -> Mention:  # fmt: skip
        """A short candidate that names a registry item of the same document ("the Kohala
        project" after "Kohala Hydropower Project", "the Orange Line" after "Lahore Orange
        Line") is a further mention of that item."""
        if m.source not in ("named", "quantified") or not targets:
            return m
        name = normalise_name(text[m.start : m.end])
        words = [w for w in name.split() if not FIGURE_WORD.match(w)]
        distinctive = [w for w in words if w not in self.generic_words]
        best: Mention | None = None
        best_distance = 1 << 30
        padded = f" {name} "
        for r, forms, vocabulary in targets:
            if distinctive:
                ok = all(w in vocabulary for w in distinctive)
            else:
                ok = len(words) > 1 and any(padded in f" {f} " for f in forms)
            if not ok:
                continue
            distance = m.start - r.end if r.end <= m.start else (r.start - m.end) * 2
            if distance < best_distance:
                best, best_distance = r, distance
        if best is None and not distinctive and m.source == "quantified":
            # "the 884-megawatt hydropower project" after "Suki Kinari Hydropower Project":
            # a figure and generic words name the item of that kind the text just spoke of.
            earlier = [r for r, _, _ in targets if r.end <= m.start and r.kind == m.kind
                       and r.pillar == m.pillar and m.start - r.end <= RELINK_REACH]  # fmt: skip
            best = earlier[-1] if earlier else None
        if best is None:
            return m
        return Mention(m.start, m.end, best.key, best.item_id, best.name, best.kind, best.pillar,
                       0.75, "derived")  # fmt: skip

    def _mention(self, start: int, end: int, name: str, kind: Kind, pillar: Pillar,
                 source: str, key: str | None = None) -> Mention:  # fmt: skip
        key = key or normalise_name(name)
        return Mention(start, end, f"candidate:{key}", None, name, kind, pillar,
                       CONFIDENCE[source], source)  # fmt: skip

    def _pillar(self, words: str) -> Pillar:
        for word in reversed(WORD.findall(words.casefold())):
            pillar = self.vocabulary.pillar_keywords.get(word)
            if pillar:
                return pillar
        return Pillar.OTHER

    def _kind(self, head: str) -> Kind:
        head = " ".join(head.casefold().split())
        if head not in self.vocabulary.heads and head.endswith("s"):
            head = head[:-1]
        return self.vocabulary.heads.get(head, Kind.PROJECT)

    def _named(self, text: str, doc: Doc) -> list[Mention]:
        out = []
        sents = sentences(doc)
        for match in finditer(self.named, text):
            name_words = match.group("name").split()
            lead = 0
            while lead < len(name_words) and name_words[lead].casefold() in NAME_STOP:
                lead += 1
            organization = self._kind(match.group("head")) == Kind.ORGANIZATION
            if organization:  # "China Railway Group": the country is part of a company's name
                lead = 0
                while lead < len(name_words) and name_words[lead].casefold() in ARTICLES:
                    lead += 1
            words = name_words[lead:]
            head = match.group("head")
            if not words or (head[-1] == "s" and head not in ("SEZ", "Holdings", "holdings")):
                continue
            if organization and (len(words) + len(match["mods"].split()) < 2 or head.islower()):
                continue  # "Sinohydro company": one word and a generic noun names no company
            start = match.start("name") + match.group("name").index(words[0])
            if len(words) == 1 and sents.span(start)[0] == start:
                continue  # "Construction project" at a sentence start names nothing
            if "\n" in text[start : match.end()] or sents.span(start) != sents.span(
                match.end() - 1
            ):
                continue  # "Airbus A380. The airport": a name does not cross sentences
            name = text[start : match.end()]
            head = match.group("head")
            out.append(self._mention(start, match.end(), name, self._kind(head),
                                     self._pillar(name), "named"))  # fmt: skip
        return out

    def _quantified(self, text: str) -> list[Mention]:
        out = []
        for match in finditer(self.quantified, text):
            if not self.determiner.search(text[max(0, match.start() - 12) : match.start()]):
                continue
            name = match.group("name")
            if "\n" in name:
                continue
            out.append(self._mention(match.start("name"), match.end("name"), name,
                                     self._kind(match["head"]),
                                     self._pillar(name), "quantified"))  # fmt: skip
        return out

    def _topics(self, text: str, folded: str) -> list[Mention]:
        out = []
        starts = [
            i
            for word in INSTRUMENT_STARTS
            for i in find_all(folded, word)
            if not i or text[i - 1] not in NOT_AFTER
        ]
        for match in finditer_at(self.topic, text, sorted(starts)):
            name = match.group("name").rstrip()
            end = match.start("name") + len(name)
            out.append(self._mention(match.start("name"), end, name, Kind.AGREEMENT,
                                     self._pillar(match.group("topic")), "topic"))  # fmt: skip
        return out

    def _vocabulary(self, doc: Doc, text: str) -> list[Mention]:
        out = []
        modifiers = self.vocabulary.modifiers
        token_starts_, token_ends = token_bounds(doc)
        for match_id, start, end in self.phrases(doc):
            entry = self.generic[match_id]
            first = start
            for _ in range(2):  # widen left over up to two modifiers
                if first >= 3 and doc[first - 2].text == "-" and doc[first - 3].is_alpha:
                    first -= 3  # a hyphenated compound: "high-tech", "AI-based"
                elif first >= 1 and doc[first - 1].lower_ in modifiers:
                    first -= 1
                else:
                    break
            char_start = token_starts_[first]
            char_end = token_ends[end - 1]
            name = text[char_start:char_end]
            out.append(self._mention(char_start, char_end, name, entry.kind, entry.pillar,
                                     "vocabulary", key=normalise_name(entry.name)))  # fmt: skip
        return out
