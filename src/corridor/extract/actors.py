"""corridor.actors.v1 (spaCy factory corridor_actors_v1): people and organizations.

People: a title followed by capitalised names ("H.E. President Asif Ali Zardari", "PM
Shehbaz Sharif", "Chinese Premier Li Qiang"), or a name from the list in actors.toml.
Organizations: registry items of kind organization found by the gazetteer (CPEC Authority,
Huawei, China Development Bank ...).
"""

from __future__ import annotations

import regex
from spacy.language import Language
from spacy.tokens import Doc

from corridor.extract.base import (
    doc_text,
    find_all,
    finditer,
    finditer_at,
    folded_text,
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


class ActorFinder:
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
        # Parties named collectively: "both sides", "the two leaders", "Pakistani and
        # Chinese companies" sign and meet too.
        self.collective = regex.compile(
            r"(?i)(?<![\w-])(?:both\s+sides|the\s+two\s+(?:sides|leaders|countries|governments"
            r"|premiers|prime\s+ministers|presidents)|(?-i:Pakistani|Chinese)(?:\s+and\s+"
            r"(?-i:Pakistani|Chinese))?\s+(?:companies|firms|enterprises|businesses|investors"
            r"|delegations?|officials|side))(?![\w-])"
        )

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        actors: list[Actor] = []
        for m in finditer(self.titled, text):
            words = m["name"].split()
            while words and words[-1] in NOT_NAME:
                words.pop()
            if not words or words[0] in NOT_NAME:
                continue
            name = " ".join(words)
            end = m.start("name") + len(name)
            actors.append(Actor(m.start(), end, text[m.start() : end], name, "person"))
        for m in finditer(self.office, text):
            words = m["name"].split()
            while words and words[-1] in NOT_NAME:
                words.pop()
            if len(words) < 2 or words[0] in NOT_NAME:
                continue
            if any(a.start <= m.start("name") < a.end for a in actors):
                continue
            name = " ".join(words)
            end = m.start("name") + len(name)
            actors.append(Actor(m.start(), end, text[m.start() : end], name, "person"))
        for m in finditer(self.people, text):
            if not any(a.start <= m.start() < a.end for a in actors):
                actors.append(Actor(m.start(), m.end(), m.group(), m.group(), "person"))
        for m in finditer_at(self.collective, text, _collective_starts(text, folded_text(doc))):
            if not any(a.start <= m.start() < a.end for a in actors):
                actors.append(Actor(m.start(), m.end(), m.group(), m.group(), "group"))
        mentions: list[Mention] = doc._.items or []
        for mention in mentions:
            if mention.kind == Kind.ORGANIZATION and mention.item_id:
                actors.append(Actor(mention.start, mention.end, text[mention.start : mention.end],
                                    mention.name, "organization"))  # fmt: skip
        doc._.actors = sorted(actors, key=lambda a: a.start)
        return doc
