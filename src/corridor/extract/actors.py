"""corridor.actors.v1 (spaCy factory corridor_actors_v1): people and organizations.

People: a title followed by capitalised names ("H.E. President Asif Ali Zardari", "PM
Shehbaz Sharif", "Chinese Premier Li Qiang"), or a name from the list in actors.toml.
Organizations: registry items of kind organization found by the gazetteer (CPEC Authority,
Huawei, China Development Bank ...).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import regex
from spacy.language import Language
from spacy.tokens import Doc

from corridor.extract.base import (
    Covered,
    Stage,
    doc_text,
    find_all,
    finditer_at,
    folded_text,
    literal_tree,
    register_extensions,
    words_pattern,
)
from corridor.extract.records import Actor, Mention
from corridor.extract.rules import ActorRules
from corridor.model import Kind

NAME_WORD = r"[A-Z][a-z]*(?:['’-][A-Za-z][a-z]+)*(?<!['’]s)"
# Capitalised words that follow a title without being a name ("President of Pakistan").
NOT_NAME = frozenset(
    [
        "The",
        "A",
        "An",
        "Of",
        "For",
        "And",
        "In",
        "On",
        "At",
        "To",
        "With",
        "Pakistan",
        "China",
        "Chinese",
        "Pakistani",
        "Federal",
        "Provincial",
        "Government",
        "State",
        "Council",
        "Party",
        "General",
        "Minister",
        "Ministry",
        "Secretary",
        "President",
        "Prime",
        "Premier",
        "Chairman",
        "Authority",
        "Board",
        "Commission",
        "Committee",
        "Corporation",
        "Company",
        "Bank",
        "Group",
    ]
)


# What \s matches in `regex` (Unicode White_Space).
WHITESPACE = frozenset(
    "\t\n\x0b\x0c\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
    "\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)


def _collective_starts(text: str, folded: str) -> list[int]:
    """Every position where ActorFinder.collective may match (and a few more), ascending:
    "both", "Pakistani", "Chinese", and "the" before space and "two" (case-blind words in
    the folded text, see base.folded_text)."""
    starts = [*find_all(folded, "both"), *find_all(text, "Pakistani"), *find_all(text, "Chinese")]
    for two in find_all(folded, "two"):
        space = two
        while space > 0 and text[space - 1] in WHITESPACE:
            space -= 1
        if 3 <= space < two and folded.startswith("the", space - 3):
            starts.append(space - 3)
    return sorted(starts)


# Parties named collectively: "both sides", "the two leaders", "Pakistani and Chinese
# companies" sign and meet too. {nation} stands for the two adjectives, which are
# case-sensitive in the rule.
COLLECTIVE = (
    r"both\s+sides|the\s+two\s+(?:sides|leaders|countries|governments|premiers|prime\s+ministers"
    r"|presidents)|{nation}(?:\s+and\s+{nation})?\s+(?:companies|firms|enterprises|businesses"
    r"|investors|delegations?|officials|side)"
)
# The same words in lowercase, with the stdlib's re (whose \s takes more than regex's) and
# without the word boundaries, over the folded text (see base.folded_text): a match of the
# rule is always a match of this, which is tested first as a call of re costs a fraction of
# a call of `regex` with a timeout.
COLLECTIVE_HINT = re.compile(COLLECTIVE.format(nation="(?:pakistani|chinese)"))


def _hint_starts(pattern: re.Pattern[str], text: str) -> list[int]:
    """Every position where pattern matches, overlapping ones too, ascending."""
    starts: list[int] = []
    match = pattern.search(text)
    while match is not None:
        starts.append(match.start())
        match = pattern.search(text, match.start() + 1)
    return starts


def _heads(phrases: Iterable[str]) -> list[str]:
    """Each phrase's first word, up to any apostrophe (the patterns also take "’" for
    it): every match of the phrase starts with its head."""
    return sorted({re.split(r"[\s']", phrase, maxsplit=1)[0] for phrase in phrases if phrase})


class ActorFinder(Stage):
    def __init__(self, nlp: Language, rules: ActorRules) -> None:
        register_extensions()
        titles = "|".join(
            regex.escape(t).replace(r"\ ", r"\s+")
            for t in sorted(rules.titles, key=len, reverse=True)
        )
        self.titled = regex.compile(
            rf"(?<![\w])(?P<title>(?:(?:{titles})\s+){{1,3}})"
            rf"(?P<name>{NAME_WORD}(?:\s+{NAME_WORD}){{0,3}})(?![\w])"
        )
        # A title with its office before the name: "Chief Minister of Punjab, Usman Buzdar",
        # "Federal Minister for Planning, Development and Special Initiatives, Prof. Ahsan
        # Iqbal", "Chinese Ambassador to Pakistan Yao Jing".
        self.office = regex.compile(
            rf"(?<![\w])(?P<title>(?:{titles}))\s+(?:of|for|to)\s+"
            rf"(?:[^.;:\n]{{1,80}}?,\s+(?:(?:{titles})\s+)?|(?:Pakistan|China|Beijing|Islamabad)\s+)"
            rf"(?P<name>{NAME_WORD}(?:\s+{NAME_WORD}){{1,3}})(?![\w])"
        )
        self.people = words_pattern(rules.people, flags=0)
        # Every match of titled, office and people starts where a title's or a name's head
        # stands (case-sensitive, as they are): one scan with the stdlib's re for those
        # places, which is several times faster than `regex` over the whole text, and then
        # one attempt of each pattern there (see base.finditer_at).
        self.title_heads = tuple(_heads(rules.titles))
        self.people_heads = tuple(_heads(rules.people))
        self.heads = re.compile(literal_tree({*self.title_heads, *self.people_heads}))
        # What titled and office need after the title, in re: a call of `regex` with a
        # timeout costs microseconds, so places where these fail are not tried with it.
        self.titled_hint = re.compile(rf"(?:(?:{titles})\s+){{1,3}}[A-Z]")
        self.office_hint = re.compile(rf"(?:{titles})\s+(?:of|for|to)\s")
        self.collective = regex.compile(
            r"(?i)(?<![\w-])(?:"
            + COLLECTIVE.format(nation="(?-i:Pakistani|Chinese)")
            + r")(?![\w-])"
        )

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        title_starts, people_starts = self._head_starts(text)
        titled_starts = [i for i in title_starts if self.titled_hint.match(text, i)]
        office_starts = [i for i in title_starts if self.office_hint.match(text, i)]
        actors: list[Actor] = []
        # where the people found so far stand: a list of them scanned at each later find
        # made a text of many ("Chinese firms ...") quadratic (QA: 58 s for 500,000 chars)
        held = Covered(len(text))
        for m in finditer_at(self.titled, text, titled_starts):
            words = m["name"].split()
            while words and words[-1] in NOT_NAME:
                words.pop()
            if not words or words[0] in NOT_NAME:
                continue
            name = " ".join(words)
            end = m.start("name") + len(name)
            actors.append(Actor(m.start(), end, text[m.start() : end], name, "person"))
            held.add(m.start(), end)
        for m in finditer_at(self.office, text, office_starts):
            words = m["name"].split()
            while words and words[-1] in NOT_NAME:
                words.pop()
            if len(words) < 2 or words[0] in NOT_NAME:
                continue
            if held.covers(m.start("name")):
                continue
            name = " ".join(words)
            end = m.start("name") + len(name)
            actors.append(Actor(m.start(), end, text[m.start() : end], name, "person"))
            held.add(m.start(), end)
        for m in finditer_at(self.people, text, people_starts):
            if not held.covers(m.start()):
                actors.append(Actor(m.start(), m.end(), m.group(), m.group(), "person"))
                held.add(m.start(), m.end())
        folded = folded_text(doc)
        collective_starts = [
            i for i in _collective_starts(text, folded) if COLLECTIVE_HINT.match(folded, i)
        ]
        for m in finditer_at(self.collective, text, collective_starts):
            if not held.covers(m.start()):
                actors.append(Actor(m.start(), m.end(), m.group(), m.group(), "group"))
                held.add(m.start(), m.end())
        mentions: list[Mention] = doc._.items or []
        for mention in mentions:
            if mention.kind == Kind.ORGANIZATION and mention.item_id:
                actors.append(Actor(mention.start, mention.end, text[mention.start : mention.end],
                                    mention.name, "organization"))  # fmt: skip
        doc._.actors = sorted(actors, key=lambda a: a.start)
        return doc

    def _head_starts(self, text: str) -> tuple[list[int], list[int]]:
        """Where a title's head stands, and where a name's head stands, ascending."""
        starts = _hint_starts(self.heads, text)
        titles = self.title_heads
        people = self.people_heads
        return (
            [start for start in starts if text.startswith(titles, start)],
            [start for start in starts if text.startswith(people, start)],
        )
