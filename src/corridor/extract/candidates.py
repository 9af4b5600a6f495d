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

import re
import string
import tomllib
from bisect import bisect_left
from collections.abc import Iterator, Sequence
from functools import lru_cache
from importlib import resources
from typing import TypeVar

import regex
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from corridor.extract.base import (
    Sentences,
    Stage,
    doc_text,
    find_all,
    finditer,
    finditer_at,
    folded_text,
    is_headline,
    literal_tree,
    register_extensions,
    sentences,
    token_bounds,
)
from corridor.extract.numbers import ORDINALS
from corridor.extract.records import Mention
from corridor.extract.rules import GenericItem, Vocabulary
from corridor.model import Item, Kind, Pillar

UNIT_WORDS = frozenset(
    ["mw", "megawatt", "megawatts", "gw", "kw", "kv", "km", "kilometre", "kilometres",
     "kilometer", "kilometers", "acre", "acres", "mgd"]
)  # fmt: skip
FIGURE_WORD = regex.compile(r"^\d[\d.,]*(?:mw|gw|kw|kv|km|mgd|megawatts?|acres?)?$")
RELINK_REACH = 1500  # characters back to the item a figure-and-noun phrase may stand for
# Sorts of thing a name's head says it is: a candidate is no further mention of a registry
# item whose name says it is another sort ("Gwadar University", "Gwadar Port").
THINGS = {
    "zone": "zone", "zones": "zone", "sez": "zone", "park": "zone", "estate": "zone",
    "port": "port", "seaport": "port", "harbour": "port", "harbor": "port",
    "airport": "airport", "university": "school", "school": "school", "college": "school",
    "institute": "school", "hospital": "hospital", "road": "road", "motorway": "road",
    "highway": "road", "expressway": "road", "railway": "railway", "city": "city",
    # "Azad Pattan Bridge", "Kohala Bridge": the bridges the hydropower projects are named
    # after, as the place is (real-article QA)
    "bridge": "bridge",
    # "the Belt and Road Forum" is a gathering, not the initiative
    "forum": "gathering", "summit": "gathering", "conference": "gathering",
}  # fmt: skip
RELINKED = ("named", "quantified", "located")  # the candidates a registry mention may stand for
COUNTRIES = frozenset(["china", "chinese", "pakistan", "pakistani", "sino", "pak"])
# Words that, with the heads and modifiers, make a name that names no one thing: "Special
# Economic Zone", "Business Zone", "Industrial City" (real-article QA).
PLAIN_WORDS = frozenset(["business", "commercial", "city", "area", "estate", "site", "office"])
# A person's place of work before a name: "a visiting senior fellow at the S. Rajaratnam
# School of International Studies" names no partner (real-article QA). Not a student's:
# "laptops went to students of Gwadar University" names a beneficiary.
AFFILIATION_BEFORE = regex.compile(
    r"(?i)\b(?:fellow|professor|researcher|scholar|lecturer|analyst|expert|economist|dean"
    # ("an assistant professor of international relations at COMSATS University")
    r"|academic)s?(?:\s+(?:of|in)(?:\s+[\w&-]+){1,4}?)?\s+(?:at|of|with|from)\s+(?:the\s+)?\Z"
)
# Between two names of one place of work: "School of International Studies, Nanyang ..."
AFFILIATION_GAP = regex.compile(r"(?:\s+(?:of|for)(?:\s+(?:[A-Z][\w.'’&-]*|and|of))+)?\s*,\s*")
# Where something happened, before a named place-like thing: "a bombing at the Karachi
# airport", "adjacent to LBDC canal", "upstream of Kohala Bridge" (real-article QA).
LOCATIVE_BEFORE = regex.compile(
    r"(?i)\b(?:at|near|adjacent\s+to|outside|inside|beside|opposite|off"
    # "7 km upstream of Kohala Bridge": a distance from a landmark
    r"|(?:up|down)stream\s+(?:of|from))\s+(?:the\s+)?\Z"
)
# A named thing used as a landmark, whatever its head: "its proximity to the M-3 Industrial
# City", "close to the Karachi Port" (real-article QA, set X pattern 8).
LANDMARK_BEFORE = regex.compile(
    r"(?i)\b(?:(?:proximity|close|closer|closeness|next)\s+to|vicinity\s+of"
    r"|(?:distance|away)\s+from)\s+(?:the\s+)?\Z"
)
# A zone of China's own, set beside a Pakistani one as a model: "Shenzhen, Chin’s first
# special economic zone" (real-article QA, set X pattern 8; the typo is the article's).
CHINA_FIRST_BEFORE = regex.compile(r"(?i)\bchin\w*['’]s\s+first\s+\Z")
# Zones in a list of kinds of place: "connectivity between ports, cities, and industrial
# zones" (real-article QA, set X pattern 8).
PLACE_LIST_BEFORE = regex.compile(
    r"(?i)\b(?:ports|cities|towns|villages|markets|airports|regions|provinces|hubs)\s*,?\s+"
    r"(?:and\s+|or\s+)?\Z"
)
# A thing of the past, not an item: "recreating the ancient Silk Road" (real-article QA).
PAST_BEFORE = regex.compile(r"(?i)\b(?:ancient|historic|historical|centuries-old|legendary)\s+\Z")
PLACE_HEADS = frozenset(["airport", "road", "canal", "street", "bazaar", "market", "chowk",
                         "hotel", "bridge", "interchange", "bend"])  # fmt: skip
CONTEXT_REACH = 60  # characters read before a candidate for the patterns above
# What stands between a generic phrase and the registry item it describes: "hydropower
# project, Karot", "satellite PRSS-1", "Karot Hydropower Station, the first hydropower
# project" (real-article QA: each gave a second item). (Matched on a short gap: linear.)
DESCRIBES_GAP = regex.compile(
    r"\s*,?\s*(?:(?:the|a|an|its|first|second|third|largest|biggest|only|new)\s+)*"
)
DESCRIBES_REACH = 40
CONFIDENCE = {
    "named": 0.6,
    "quantified": 0.6,
    "ordinal": 0.6,
    "located": 0.55,
    "topic": 0.55,
    "vocabulary": 0.5,
    "untracked": 0.5,  # vocabulary too generic to follow across documents
}
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
        # the IMF's programme is the context of news on Pakistan's finances, not a
        # cooperation item with China
        "imf",
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
        "mega",
        "watt",
        "watts",
        "gw",
        "kv",
        "km",
    ]
)
TOPIC_STOP = (
    "with|between|by|at|during|was|were|is|are|has|have|had|will|would|worth|signed|inked|"
    "which|that|who|and\\s+(?:the|a|an)|to\\s+(?:the|be)|as|after|before|from|under|among|"
    "valued|said|says|in\\s+(?:the\\s+)?presence|on\\s+(?:the\\s+)?sidelines|in\\s+[A-Z]\\w*|"
    # when, and the clause going on: "agreements on energy next month", "an agreement on loan
    # terms despite four prior meetings" (real-article QA)
    "next|last|this\\s+(?:week|month|year)|earlier|later|today|tomorrow|yesterday|soon|"
    "despite|through|via|amid|while|when|since|until|because|but|if"
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
# The units of CAPACITY in the folded text, and the figure before one (matched backwards).
UNIT_STARTS = ("mw", "gw", "kv", "km", "mgd", "megawatt", "kilomet", "acre")
FIGURE_BEFORE = regex.compile(r"(?r)[\d.,]+")
# Words a topic does not end on: "an agreement for the" has not said what it is for yet.
TOPIC_TAIL = frozenset(["the", "a", "an", "of", "for", "on", "to", "and", "or", "its", "their"])
TOPIC_WORD = regex.compile(r"[\w'’-]+")
FIGURE_CUT = regex.compile(r"[,.]\d")  # the figure goes on past the topic's last word
# "MoUs on May 5", "an agreement on 12 March", "deals on Monday": on a day, not a subject.
DATE_TOPIC = regex.compile(
    r"(?i)(?:\d{1,2}(?:st|nd|rd|th)?\s+)?(?:January|February|March|April|May|June|July"
    r"|August|September|October|November|December|Monday|Tuesday|Wednesday|Thursday|Friday"
    r"|Saturday|Sunday)\b"
)
# "the 10th meeting of the Joint Coordination Committee (JCC)", "seventh round of the
# Pakistan-China Foreign Ministers' Strategic Dialogue", "7th Joint Coordination Committee":
# a numbered sitting of a named body is an event of its own.
ORDINAL_WORDS = "|".join(ORDINALS)
BODY_WORD = r"(?:[A-Z][\w'’&.]*(?:[-–][\w'’]+)*|of|on|and|for|the|&)"
SITTING_WORDS = ("Committee", "Dialogue", "Consultations", "Commission", "Council", "Forum",
                 "Summit", "Conference", "Session", "Meeting", "Group", "Expo")  # fmt: skip
SITTING_REACH = 160  # characters from an ordinal to its body's word, and more
ORDINAL_SITTING = regex.compile(
    rf"(?<![\w-])(?P<name>(?i:{ORDINAL_WORDS}|\d{{1,2}}(?:st|nd|rd|th))\s+"
    rf"(?:(?i:round|meeting|session|edition)\s+of\s+(?:the\s+)?)?"
    rf"[A-Z][\w'’&.]*(?:[-–][\w'’]+)*(?:\s+{BODY_WORD}){{0,7}}?"
    rf"\s+(?:{'|'.join(SITTING_WORDS)})(?:\s+\([A-Z][\w-]{{1,8}}\))?)(?![\w-])"
)
# A body's name going on past its word to the acronym it ends in: " for Cooperation of
# China-Pakistan Economic Corridors (JCC)".
SITTING_TAIL = regex.compile(
    r"\s+(?:for|of|on)\s+(?:the\s+)?[A-Z][\w'’&.]*(?:[-–][\w'’]+)*"
    rf"(?:\s+{BODY_WORD}){{0,7}}?\s+\([A-Z][\w-]{{1,8}}\)(?![\w-])"
)
# A sitting's number and its body's acronym, whichever way the name is written: "10th
# meeting of the Joint Cooperation Committee", "tenth JCC meeting".
SITTING_NUMBER = regex.compile(rf"(?i)^(?:(\d{{1,2}})(?:st|nd|rd|th)|({ORDINAL_WORDS}))\s")
SITTING_ACRONYM = regex.compile(r"\(([A-Z][\w-]{1,8})\)\s*$")
SITTING_LEAD = regex.compile(r"(?i)^(?:round|meeting|session|edition)\s+of\s+(?:the\s+)?")


def _sitting_key(name: str) -> str | None:
    """The key one sitting's candidates merge on, however each names it: its number and the
    body's acronym, given in brackets or made of its capitalised words' initials ("Joint
    Cooperation Committee" is "JCC"); None when the body has no such initials."""
    number = SITTING_NUMBER.match(name)
    if number is None:
        return None
    n = int(number.group(1)) if number.group(1) else ORDINALS.index(number.group(2).lower()) + 1
    acronym = SITTING_ACRONYM.search(name)
    if acronym is not None:
        initials = acronym.group(1).upper()
    else:
        body = SITTING_LEAD.sub("", name[number.end() :])
        initials = "".join(w[0] for w in body.split() if w[:1].isupper())
    return f"sitting {n} {initials}" if len(initials) >= 2 else None


# Where one may start, in the folded text: a prefix tree of the words (stdlib re tries the
# branches of a plain alternation one by one at every character).
ORDINAL_SITES = re.compile(rf"(?<![\w-])(?:{literal_tree(ORDINALS)}|\d\d?(?:st|nd|rd|th))\s+[a-z]")
# The figure and unit of a capacity, read off a quantified candidate's name.
CAPACITY_FIGURE = regex.compile(
    r"(\d[\d,]*(?:\.\d+)?)\s?-?(MW|GW|km|megawatts?|kilomet(?:re|er)s?)(?![\w])", regex.IGNORECASE
)
CAPACITY = r"\d[\d,]*(?:\.\d+)?\s?-?(?:MW|GW|kV|km|MGD|megawatts?|kilomet(?:re|er)s?|acres?)"


NameShape = tuple[()] | tuple[int, Kind, bool, bool]
# A headline's verbs: in a Title Case headline ("China, Pakistan Seal New Investment Deal at
# Gwadar Port") capitalisation is no evidence of a name, and a verb starts none (real-article
# QA, set X). Their -s forms too ("Signs", "Launches").
HEADLINE_VERBS = frozenset(
    form
    for verb in (
        "seal", "sign", "ink", "launch", "build", "open", "inaugurate", "unveil", "approve",
        "complete", "start", "begin", "agree", "hold", "host", "plan", "eye", "mull", "boost",
        "expand", "develop", "establish", "announce", "award", "finalise", "finalize",
        "discuss", "review", "visit", "clear", "vow", "pledge", "push", "seek", "urge",
        "offer", "lay", "win", "join", "resume", "revive", "upgrade", "fund", "finance",
        "secure", "reach", "strike", "inspect", "set", "okay", "kick", "break",
        # set W, read after scoring: "Pakistan & China Extend Currency Swap Agreement"
        "extend", "renew", "add", "give", "grant", "provide", "get", "receive",
        "welcome", "hail", "back", "support", "explore", "propose", "sanction", "release",
        "allocate", "adopt", "ratify", "deliver", "hand", "handover", "cancel",
        "suspend", "halt", "delay", "stall", "scrap", "shelve", "probe", "lift", "ease",
    )
    for form in (verb, verb + "s", verb + "es")
)  # fmt: skip
K = TypeVar("K")
V = TypeVar("V")
ARTICLES = frozenset(["the", "a", "an", "this", "that", "its", "their", "his", "her", "our"])
POSSESSIVE = regex.compile(r"['’]s\b")
SEPARATORS = regex.compile(r"[\s\-_.,()'’]+")
WORD = regex.compile(r"[\w-]+")
# What opens a topic before the item it is about: "the", "the construction of the".
TOPIC_LEAD = regex.compile(
    r"(?i)(?:(?:the|a|an)\s+)?(?:(?:construction|upgradation|upgrading|upgrade|development"
    r"|expansion|modernization|modernisation|rehabilitation|realignment|implementation"
    r"|financing|execution|establishment|completion)\s+of\s+(?:the\s+)?)?"
)
TOPIC_CAPACITY = regex.compile(rf"(?i){CAPACITY}\s+")
# A name going on, after a topic's last word, to an acronym in brackets: " Line (".
TOPIC_NAME_TO_ACRONYM = regex.compile(r"(?:\s+[A-Z][\w'’-]*){0,3}\s*\(")
TOPIC_NAME_REACH = 60
# The parts of the `named` pattern (see Candidates.__init__), for following it word by word.
NAME_WORD = regex.compile(r"[A-Z][\w'’&.]*(?:-[\w]+)*")
NAME_TAIL = regex.compile(r"(?<![\w-])[A-Z][\w'’&.]*(?:-[\w]+)*\Z")  # "(Sukkur" -> "Sukkur"
PHASE = regex.compile(r"\s*[-–]?\s*Phase\s*[-–]?\s*(?:I{1,3}|IV|V|\d)(?![\w-])")
# How far past its head a phase may run ("  -  Phase - III" is 16 characters).
PHASE_REACH = 80
# A body's name going on past its head: " of Agricultural Sciences", " for the Promotion of
# International Trade", " of Commerce and Industry" (capitalised words, the small words
# between them, and a last one after "and", not the start of another name: "X Academy of
# Sciences and Chinese Academy ...", nor a possessive's: "Commission of Pakistan and China's
# Free Trade Zone Company", set W, read after scoring; the word is taken whole, possessively,
# so that "China" is not what is left of "China's").
ORGANIZATION_TAIL = regex.compile(
    r"\s+(?:of|for)\s+(?:the\s+)?[A-Z][\w'’&-]*(?:\s+(?:(?:of|for|the)\s+){0,2}[A-Z][\w'’&-]*){0,5}"
    r"(?:\s+(?:and|&)\s+[A-Z][\w'’&-]*+(?<!['’]s)(?!\s+[A-Z]))?(?![\w-])"
)
# Spaces to Python (str.isspace, str.split) that are none to `regex` (\s).
ODD_SPACES = regex.compile(r"[\x1c-\x1f]")
UNKNOWN = -2


def _not_describing(text: str, found: list[Mention], registry: list[Mention]) -> list[Mention]:
    """The candidates but generic phrases set beside a registry item they describe."""
    starts = sorted(r.start for r in registry)
    ends = sorted(r.end for r in registry)
    kept = []
    for m in found:
        if m.source == "vocabulary":
            # the item right after it, or right before it
            i = bisect_left(starts, m.end)
            after = (
                i < len(starts)
                and starts[i] - m.end <= DESCRIBES_REACH
                and (DESCRIBES_GAP.fullmatch(text, m.end, starts[i]) is not None)
            )
            j = bisect_left(ends, m.start + 1) - 1
            before = (
                j >= 0
                and m.start - ends[j] <= DESCRIBES_REACH
                and (
                    DESCRIBES_GAP.fullmatch(text, ends[j], m.start) is not None
                    and text.find(",", ends[j], m.start) >= 0
                )
            )
            if after or before:
                continue
        kept.append(m)
    return kept


# Words before a generic noun that make it another one than the item the sentence names:
# "another special economic zone", "two new zones".
ANOTHER_BEFORE = regex.compile(
    r"(?i)\b(?:another|other|new|more|second|third|further|additional|each|every|any)\s+"
    r"(?:[\w-]+\s+){0,2}\Z"
)


def _not_the_named_one(
    text: str, found: list[Mention], registry: list[Mention], sents: Sentences
) -> list[Mention]:
    """The candidates but a singular generic word for a zone in a sentence that names a
    registry zone: "the establishment of special economic zone with focus on Rashakai",
    "access to special economic zone facility" (at Allama Iqbal Industrial City) speak of
    that zone, not of another ("another special economic zone" is another)."""
    zoned = {sents.span(r.start)[0] for r in registry if r.kind == Kind.SEZ}
    if not zoned:
        return found
    kept = []
    for m in found:
        if (
            m.source == "vocabulary"
            and m.kind == Kind.SEZ
            and sents.span(m.start)[0] in zoned
            and not text[m.start : m.end].endswith(("s", "S", ")"))
            and not any(r.start <= m.start < r.end for r in registry)
            # (a short window: no timeout)
            and ANOTHER_BEFORE.search(text, max(0, m.start - CONTEXT_REACH), m.start) is None
        ):
            continue
        kept.append(m)
    return kept


@lru_cache(maxsize=1)
def _chinese_places() -> frozenset[str]:
    """The places in China of places.toml's [china] table."""
    path = resources.files("corridor") / "data" / "places.toml"
    return frozenset(tomllib.loads(path.read_text(encoding="utf-8"))["china"]["places"])


def _named_after(text: str, start: int, places: frozenset[str]) -> bool:
    """Whether the name at start, or the word just before it, is one of the places: a
    generic phrase read inside a name ("Shenzhen Special Economic Zone") is named after it
    too."""
    space = text.find(" ", start, start + 40)
    first = text[start : space if space >= 0 else start + 40]
    before = text[max(0, start - 40) : start].split()
    return first.strip(OPENING_QUOTES) in places or (
        bool(before) and before[-1].strip(OPENING_QUOTES + CLOSING_QUOTES) in places
    )


def _headline_names(text: str, found: list[Mention], sents: Sentences) -> list[Mention]:
    """A headline shortens a name the body gives whole ("EuroAsia Pakistan Digital Forum"
    over "the EuroAsia Pakistan Digital Economy Forum held in Beijing", real-article QA, set
    X): a named candidate of a headline whose words, head last, are all in a longer one of
    another sentence is that one. Names are compared once per distinct name (the same line
    repeated is not compared again)."""
    by_last: dict[str, dict[str, tuple[frozenset[str], Mention]]] = {}
    for m in found:
        if m.source == "named":
            name = normalise_name(m.name)
            by_last.setdefault(name.rsplit(" ", 1)[-1], {}).setdefault(
                m.key, (_singular_words(m.name), m)
            )
    if sum(len(names) for names in by_last.values()) < 2:
        return found
    wholes: dict[str, Mention | None] = {}
    out = []
    for m in found:
        if m.source == "named" and is_headline(text, sents.span(m.start)):
            if m.key not in wholes:
                words = _singular_words(m.name)
                last = normalise_name(m.name).rsplit(" ", 1)[-1]
                wholes[m.key] = next(
                    (o for other, o in by_last.get(last, {}).values() if words < other),
                    None,
                )
            whole = wholes[m.key]
            if whole is not None:
                m = Mention(m.start, m.end, whole.key, None, whole.name, whole.kind,
                            whole.pillar, m.confidence, m.source)  # fmt: skip
        out.append(m)
    return out


def _singular_words(name: str) -> frozenset[str]:
    """A name's words, each made singular as normalise_name makes the last one."""
    return frozenset(normalise_name(w) for w in normalise_name(name).split())


def _into_programmes(found: list[Mention], registry: list[Mention]) -> list[Mention]:
    """Generic vocabulary for things of a kind ("SEZs", "special economic zones") in a
    document that names a registry programme of those things ("nine SEZs" of the CPEC
    Special Economic Zones Programme) is that programme, not a candidate beside it
    (real-article QA, set X pattern 8)."""
    programmes = [(r, _singular_words(r.name)) for r in registry
                  if r.item_id is not None and r.kind in (Kind.PROGRAM, Kind.INITIATIVE)]  # fmt: skip
    if not programmes:
        return found
    out = []
    for m in found:
        words = (
            _singular_words(m.key.removeprefix("candidate:")) if m.source == "vocabulary" else ()
        )
        best = None
        if len(words) > 1:
            best = next((r for r, names in programmes if names.issuperset(words)), None)
        if best is None:
            out.append(m)
            continue
        out.append(Mention(m.start, m.end, best.key, best.item_id, best.name, best.kind,
                           best.pillar, 0.7, "derived"))  # fmt: skip
    return out


@lru_cache(maxsize=1 << 16)
def normalise_name(text: str) -> str:
    """The key candidates merge on: case, articles, possessives, hyphens and plurals ignored."""
    text = POSSESSIVE.sub("", text.casefold())
    text = SEPARATORS.sub(" ", text).strip()
    words = [w for w in text.split() if w not in ("the", "a", "an")]
    if words and len(words[-1]) > 3 and words[-1].endswith("s") and not words[-1].endswith("ss"):
        words[-1] = words[-1][:-1]
    return " ".join(words)


MEMO_SIZE = 1 << 14


def _remember(memo: dict[K, V], key: K, value: V) -> V:
    """memo[key] = value, the memo emptied first when full (it stays bounded)."""
    if len(memo) >= MEMO_SIZE:
        memo.clear()
    memo[key] = value
    return value


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


class _Words:
    """A text's whitespace-separated words, read on demand around head sites; a word is
    named by its first offset. Whitespace is str.isspace: `regex`'s \\s in texts without
    ODD_SPACES."""

    __slots__ = ("folded", "infos", "modifiers", "text")

    def __init__(self, text: str, folded: str, modifiers: frozenset[str]) -> None:
        self.text, self.folded, self.modifiers = text, folded, modifiers
        self.infos: dict[int, tuple[int, int, bool, bool]] = {}

    def info(self, start: int) -> tuple[int, int, bool, bool]:
        """The word at start: its end; where the next word begins (len(text) after trailing
        spaces, -1 when no space follows); whether it is one of the `named` pattern's
        capitalised words; whether it is a modifier."""
        info = self.infos.get(start)
        if info is not None:
            return info
        text = self.text
        end = text.find(" ", start)
        if end < 0:
            end = len(text)
        word = text[start:end]
        if not word.isprintable():  # another space may end it sooner
            end = start
            while end < len(text) and not text[end].isspace():
                end += 1
            word = text[start:end]
        following = end
        while following < len(text) and text[following].isspace():
            following += 1
        if following == end:
            following = -1
        info = (end, following, self.name_word(word), self.folded[start:end] in self.modifiers)
        self.infos[start] = info
        return info

    @staticmethod
    def name_word(word: str) -> bool:
        """Whether a whole word is one of the `named` pattern's capitalised words."""
        if word.isalpha():  # letters only, all of them \\w
            return "A" <= word[0] <= "Z"
        return NAME_WORD.fullmatch(word) is not None


# Where a located candidate ends in its place: " in Keti Bandar", " at Dhabeji".
# Capitalised words and the "and" that joins them to a name: "Belt and " of "Belt and Road
# Forum".
AND_BEFORE = regex.compile(r"(?<![\w'’-])(?:[A-Z][\w'’-]*\s+){1,3}(?P<joint>and|&)\s+\Z")
LOCATED_SITES = re.compile(r" (?:in|at|near) (?=[A-Z])")

# A quoted title opened before a candidate: "a seminar titled 'Friends of ", "themed “".
QUOTED_TITLE_BEFORE = regex.compile(
    r"(?i)\b(?:titled|entitled|themed|theme|called|named)\s*[:,]?\s*[\"'“‘][^\"'“”‘’\n]*\Z"
)
QUOTE_CHARS = regex.compile(r"[\"'“‘]")
OPENING_QUOTES = "\"'“‘"
CLOSING_QUOTES = "\"'”’"


def _scare_quoted(text: str, start: int, end: int) -> bool:
    """Whether quotation marks hold exactly these words ("an \"incubator\" for skilled
    workers"): a word set apart as a figure or as a word, not the thing it names."""
    return (
        start > 0
        and end < len(text)
        and text[start - 1] in OPENING_QUOTES
        and text[end] in CLOSING_QUOTES
        and (start < 2 or not text[start - 2].isalnum())
    )


# Words that join a name's parts ("a coal power plant at Port Qasim"): no item is told from
# another by them.
LINKING_WORDS = frozenset({"a", "an", "and", "at", "for", "in", "near", "of", "on", "the"})


class Candidates(Stage):
    def __init__(self, nlp: Language, vocabulary: Vocabulary,
                 items: Sequence[Item] = ()) -> None:  # fmt: skip
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
        # Where a head may stand (a superset, checked with self.head): after a space, in the
        # folded text, its letters followed by no ASCII word character.
        self.head_sites = re.compile(rf"\s(?={literal_tree(heads)}(?![A-Za-z0-9_-]))")
        self.head = regex.compile(rf"(?i:{head_alt})(?![\w-])")
        firsts = {h.split()[0] for h in heads if " " in h}
        self.single_heads = frozenset(h for h in heads if " " not in h and h not in firsts)
        # Scanned from the figure (a digit: quick to find), the determiner checked behind it.
        self.determiner = regex.compile(
            r"(?i)(?<![\w-])(?:an?|the|two|three|four|new|its|one|another)\s+$"
        )
        self.quantified = regex.compile(
            rf"(?i)(?<![\w.,])"
            rf"(?P<name>{CAPACITY}\s*(?:(?:{mod_alt})\s+){{0,3}}(?P<head>{head_alt})s?"
            rf"(?:\s+(?:in|at|near)\s+(?-i:[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)?))?)(?![\w-])"
        )
        # A kind of thing at a named place, said without a figure: "the coal power plant in
        # Keti Bandar", "a special economic zone at Dhabeji".
        self.located = regex.compile(
            rf"(?<![\w-])(?P<name>(?:(?i:{mod_alt})\s+){{1,3}}(?P<head>(?i:{head_alt}))"
            rf"\s+(?:in|at|near)\s+(?P<place>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?))(?![\w-])"
        )
        # The last word of each head, which a located candidate's site follows.
        self.head_words = frozenset(h.split()[-1].casefold() for h in heads)
        self.topic = regex.compile(
            rf"(?<![\w-])(?P<name>(?P<head>(?i:{INSTRUMENTS}))\s+(?i:on|for|regarding|concerning"
            rf"|about|in\s+the\s+field\s+of)\s+(?P<topic>(?:(?!(?:{TOPIC_STOP})\b)"
            rf"[\w'’-]+(?:\s+|(?=[,.;:()\n]|$))){{1,6}}))"
        )
        # Memos of pure functions of short strings, which recur from document to document.
        self.kinds: dict[str, Kind] = {}
        self.pillars: dict[str, Pillar] = {}
        self.name_shapes: dict[tuple[str, str, str], NameShape] = {}
        self.name_forms: dict[tuple[str, str], tuple[set[str], set[str]]] = {}
        self.not_items = frozenset(normalise_name(n) for n in vocabulary.not_items)
        self.generic_words = (
            vocabulary.modifiers | set(vocabulary.heads) | {"plant", "project"} | UNIT_WORDS
        )
        # normalise_name splits "deep-sea" into "deep sea": its parts are as generic.
        self.generic_words |= {part for m in vocabulary.modifiers for part in m.split("-")}
        # Registry items by their capacity ("1,320 MW"), with the words of their names and
        # place: "the 1,320MW project at Port Qasim" names the one of that size there.
        self.by_capacity: dict[tuple[float, str], list[tuple[Item, frozenset[str]]]] = {}
        for item in items:
            unit = (item.capacity_unit or "").upper()
            if item.capacity and unit in ("MW", "KM"):
                labels = [item.name, *item.aliases, item.city or ""]
                words = frozenset(w for label in labels for w in normalise_name(label).split())
                self.by_capacity.setdefault((float(item.capacity), unit), []).append((item, words))

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        registry: list[Mention] = list(doc._.items or [])
        found: list[Mention] = []
        folded = folded_text(doc)
        found += self._named(text, folded, doc)
        found += self._quantified(text, folded)
        found += self._ordinal(text, folded)
        found += self._located(text, folded)
        found += self._topics(text, folded, sentences(doc))
        found += self._vocabulary(doc, text)
        # No candidate runs across a sentence end ("MoUs on May\n5 projects").
        sents = sentences(doc)
        found = [m for m in found if m.end <= sents.span(m.start)[1]]
        found = self._naming_something(text, found)
        found = _headline_names(text, found, sents)
        if registry:
            found = _not_describing(text, found, registry)
            found = _not_the_named_one(text, found, registry, sents)
        registry = self._yield_to_sittings(registry, found)
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
            if m.source == "topic" and registry and self._topic_is_item(text, m, registry):
                # "an agreement on the KKH realignment": the registry item says it, and the
                # bare "agreements" of "agreements for Kohala ..." with it
                if not spans.overlaps(m.start, m.end):
                    spans.add(m.start, m.end)
                continue
            if spans.overlaps(m.start, m.end):
                continue
            spans.add(m.start, m.end)
            kept.append(m)
        if any(m.source in RELINKED for m in kept):  # (with no target, by capacity alone)
            targets = self._relink_targets(text, registry)
            kept = [self._relink(text, m, targets) for m in kept]
        if registry and any(m.source == "vocabulary" for m in kept):
            kept = _into_programmes(kept, registry)
        doc._.items = sorted(registry + kept, key=lambda m: m.start)
        return doc

    def _naming_something(self, text: str, found: list[Mention]) -> list[Mention]:
        """The candidates but those that name no item: a name of generic words only
        ("Business Zone"), a person's place of work and the names listed after it ("a
        fellow at the X School, Y University"), and a place-like thing named where
        something happened ("a bombing at the Karachi airport")."""
        kept: list[Mention] = []
        affiliation_end = -1
        for m in sorted(found, key=lambda m: m.start):
            # (attempts at one place on a short window: no timeout, see base.REGEX_TIMEOUT)
            window = max(0, m.start - CONTEXT_REACH)
            if QUOTE_CHARS.search(text, window, m.start) and QUOTED_TITLE_BEFORE.search(
                text, window, m.start
            ):
                continue  # "a seminar titled 'Friends of Silk Road'": words of a title
            if m.source in ("vocabulary", "untracked") and _scare_quoted(text, m.start, m.end):
                continue  # "will serve as an 'incubator' for skilled workers": a figure
            if m.kind == Kind.SEZ and (
                CHINA_FIRST_BEFORE.search(text, window, m.start) is not None
                or PLACE_LIST_BEFORE.search(text, window, m.start) is not None
                or _named_after(text, m.start, _chinese_places())
            ):
                continue  # "Shenzhen Special Economic Zone": China's own, a model
            if m.source in ("vocabulary", "untracked", "topic"):
                kept.append(m)
                continue
            if self._generic(m.name):
                continue
            key = normalise_name(m.name)
            words = key.split()
            if key in self.not_items:
                continue
            # (attempts at one place on a short window: no timeout, see base.REGEX_TIMEOUT)
            before = text[max(0, m.start - CONTEXT_REACH) : m.start]
            if AFFILIATION_BEFORE.search(before) or (
                0 <= m.start - affiliation_end <= CONTEXT_REACH
                and AFFILIATION_GAP.fullmatch(text, affiliation_end, m.start) is not None
            ):
                affiliation_end = m.end
                continue
            if (m.source == "named" and words and words[-1] in PLACE_HEADS
                    and LOCATIVE_BEFORE.search(before)):  # fmt: skip
                continue
            if LANDMARK_BEFORE.search(before) or PAST_BEFORE.search(before):
                continue
            kept.append(m)
        return kept

    def _generic(self, name: str) -> bool:
        """Whether a name is of generic words only ("Business Zone", "Road Forum")."""
        words = normalise_name(name).split()
        return bool(words) and all(w in self.generic_words or w in PLAIN_WORDS for w in words)

    @staticmethod
    def _yield_to_sittings(registry: list[Mention], found: list[Mention]) -> list[Mention]:
        """A numbered sitting of a body the registry knows ("the 10th meeting of the JCC")
        is that sitting, not the body: the body's mentions inside it give way, unless the
        registry knows the sitting itself (an event)."""
        sittings = [m for m in found if m.source == "ordinal"]
        if not sittings or not registry:
            return registry
        out = []
        for r in registry:
            inside = next((m for m in sittings if m.start <= r.start and r.end <= m.end), None)
            if inside is None or r.kind == Kind.EVENT:
                out.append(r)
        return out

    def _topic_is_item(self, text: str, m: Mention, registry: list[Mention]) -> bool:
        """Whether an instrument's topic is just a registry item: "an agreement on the KKH
        realignment", "an agreement for the construction of Azad Pattan Hydel Power Project"
        (the work on an item is the item), also when the topic was cut inside the name or
        before the item's acronym in brackets ("for the upgradation of the Karachi-Peshawar
        Railway Line (ML-1)")."""
        # One attempt at one site: no timeout (base.REGEX_TIMEOUT), the pattern is linear.
        match = self.topic.match(text, m.start)
        if match is None:
            return False
        first, end = match.start("topic"), m.end
        lead = TOPIC_LEAD.match(text, first, end)
        if lead:
            first = lead.end()
        # "agreements for 1124 MW Kohala Hydro power project", "for CPEC Kohala ...": the
        # item's capacity and the initiative it is under are no other subject (real-article QA)
        capacity = TOPIC_CAPACITY.match(text, first, end)
        if capacity:
            first = capacity.end()
        initiative = next((r for r in registry if r.start == first and r.kind == Kind.INITIATIVE
                           and r.end < end and text[r.end].isspace()), None)  # fmt: skip
        if initiative is not None:
            first = initiative.end + 1
        for r in registry:
            if r.start <= first < r.end and end <= r.end + 16:
                return True
            if (
                first < end <= r.start <= end + TOPIC_NAME_REACH
                and text[first].isupper()
                and text[text.rfind(" ", first, end) + 1].isupper()
                and text.startswith(")", r.end)
                and TOPIC_NAME_TO_ACRONYM.fullmatch(text, end, r.start) is not None
            ):
                return True
        return False

    def _relink_targets(
        self, text: str, registry: list[Mention]
    ) -> list[tuple[Mention, set[str], set[str]]]:
        """The registry mentions a candidate may be relinked to, with their name forms."""
        out = []
        for r in registry:
            if r.item_id is None or r.kind == Kind.ORGANIZATION:
                continue
            key = (r.name, text[r.start : r.end])
            known = self.name_forms.get(key)
            if known is None:
                forms = {normalise_name(key[0]), normalise_name(key[1])}
                known = _remember(
                    self.name_forms, key, (forms, {w for f in forms for w in f.split()})
                )
            out.append((r, *known))
        return out

    def _relink(self, text: str, m: Mention,
                targets: list[tuple[Mention, set[str], set[str]]]) -> Mention:  # fmt: skip
        """A short candidate that names a registry item of the same document ("the Kohala
        project" after "Kohala Hydropower Project", "the Orange Line" after "Lahore Orange
        Line") is a further mention of that item."""
        if m.source not in RELINKED or m.kind == Kind.ORGANIZATION:
            return m  # a company is not the project it builds ("China Railway Group", CPEC)
        name = normalise_name(text[m.start : m.end])
        words = [w for w in name.split() if not FIGURE_WORD.match(w)]
        # A country's name tells no item from another ("China" in "China-Pakistan ...").
        distinctive = [w for w in words if w not in self.generic_words and w not in COUNTRIES
                       and w not in LINKING_WORDS]  # fmt: skip
        best: Mention | None = None
        best_distance = 1 << 30
        padded = f" {name} "
        # the sort its head says it is: the last such word ("Belt and Road Forum" is a forum)
        things = {next((THINGS[w] for w in reversed(words) if w in THINGS), "")} - {""}
        for r, forms, vocabulary in targets:
            if distinctive:
                ok = vocabulary.issuperset(distinctive)
            else:
                ok = len(words) > 1 and any(padded in f" {f} " for f in forms)
            if not ok:
                continue
            if things and things.isdisjoint(THINGS[w] for w in vocabulary if w in THINGS):
                continue  # "Gwadar University" is not "New Gwadar International Airport"
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
            return self._by_capacity(text, m, distinctive)
        return Mention(m.start, m.end, best.key, best.item_id, best.name, best.kind, best.pillar,
                       0.75, "derived")  # fmt: skip

    def _by_capacity(self, text: str, m: Mention, distinctive: list[str]) -> Mention:
        """A figure-named candidate with a place ("the 1,320MW project at Port Qasim") is the
        registry item of that capacity whose name or place holds its distinctive words, when
        exactly one does."""
        if m.source != "quantified" or not distinctive or not self.by_capacity:
            return m
        figure = CAPACITY_FIGURE.search(text, m.start, m.end)
        if figure is None:
            return m
        value = float(figure.group(1).replace(",", ""))
        unit = "KM" if figure.group(2).lower().startswith(("km", "kilomet")) else "MW"
        if figure.group(2).upper() == "GW":
            value *= 1000
        found = [item for item, words in self.by_capacity.get((value, unit), ())
                 if words.issuperset(distinctive)]  # fmt: skip
        if len(found) != 1:
            return m
        item = found[0]
        return Mention(m.start, m.end, item.id, item.id, item.name, item.kind, item.pillar, 0.7,
                       "derived")  # fmt: skip

    def _mention(self, start: int, end: int, name: str, kind: Kind, pillar: Pillar,
                 source: str, key: str | None = None) -> Mention:  # fmt: skip
        key = key or normalise_name(name)
        return Mention(start, end, f"candidate:{key}", None, name, kind, pillar,
                       CONFIDENCE[source], source)  # fmt: skip

    def _pillar(self, words: str) -> Pillar:
        pillar = self.pillars.get(words)
        if pillar is None:
            pillar = _remember(self.pillars, words, self._find_pillar(words))
        return pillar

    def _find_pillar(self, words: str) -> Pillar:
        for word in reversed(WORD.findall(words.casefold())):
            pillar = self.vocabulary.pillar_keywords.get(word)
            if pillar:
                return pillar
        return Pillar.OTHER

    def _kind(self, head: str) -> Kind:
        kind = self.kinds.get(head)
        if kind is None:
            kind = _remember(self.kinds, head, self._find_kind(head))
        return kind

    def _find_kind(self, head: str) -> Kind:
        """The kind of the longest known head that ends the words: "solar park" (a plant)
        before "park" (a zone), "industrial park" before "park"."""
        heads = self.vocabulary.heads
        kinds = self.vocabulary.kinds
        words = head.casefold().split()
        if words and words[-1] not in heads and words[-1].endswith("s"):
            words[-1] = words[-1][:-1]
        for i in range(len(words)):
            phrase = " ".join(words[i:])
            kind = kinds.get(phrase) or heads.get(phrase)
            if kind is not None:
                return kind
        return Kind.PROJECT

    def _named(self, text: str, folded: str, doc: Doc) -> list[Mention]:
        out = []
        sents = sentences(doc)
        for first, name_end, head_start, head_end, end in self._name_matches(text, folded):
            key = (text[first:name_end], text[head_start:head_end], text[name_end:head_start])
            shape = self.name_shapes.get(key)
            if shape is None:
                shape = _remember(self.name_shapes, key, self._name_shape(*key))
            if not shape:
                continue
            lead, kind, one_word, brief = shape
            start = first + lead
            sentence = sents.span(start)
            verb_end = self._verb_first(text, start, name_end, sentence, kind)
            if verb_end >= 0:
                # "Seal New Investment Deal", "Building Pakistan's Digital Corridor": the
                # name, if any, begins after the verb
                key = (text[verb_end:name_end], key[1], key[2])
                shape = self.name_shapes.get(key)
                if shape is None:
                    shape = _remember(self.name_shapes, key, self._name_shape(*key))
                if not shape:
                    continue
                lead, kind, one_word, brief = shape
                start = verb_end + lead
            if one_word and sentence[0] == start:
                continue  # "Construction project" at a sentence start names nothing
            if "\n" in text[start:end] or sentence != sents.span(end - 1):
                continue  # "Airbus A380. The airport": a name does not cross sentences
            if end == head_end and self._goes_on(text, head_start, head_end):
                continue  # "Afghan transit trade": cut inside a name (real-article QA)
            # "Belt and Road Forum", "Science and Technology Park": a name's words joined by
            # "and" (the walk reads capitalised words only), when the words after "and" name
            # nothing alone ("Road Forum"; not "X Electric Power and Y Technology Group").
            # (A short window: no timeout.)
            joined = None
            if self._generic(text[start:end]):
                joined = AND_BEFORE.search(text, max(sentence[0], start - CONTEXT_REACH), start)
            if joined is not None:
                first_word = joined.start()
                for word in WORD.finditer(text, joined.start(), joined.end()):
                    if word.group().casefold() not in NAME_STOP:
                        break
                    first_word = word.end() + 1
                if first_word < joined.start("joint"):
                    start = first_word
            if kind == Kind.ORGANIZATION:
                # "Yunnan Academy of Agricultural Sciences", "China Council for the Promotion
                # of International Trade": a body's name goes on past its head (real-article
                # QA: cut at "of"). One attempt at one place, bounded: no timeout.
                more = ORGANIZATION_TAIL.match(text, end, min(sentence[1], end + 2 * CONTEXT_REACH))
                if more is not None and "\n" in more.group():
                    more = None
                if more is not None and not brief and len(more.group().split()) < 3:
                    more = None  # "China Railway Group of Beijing": a place, not its name
                if more is not None:
                    end = more.end()
                elif brief:
                    continue
            name = text[start:end]
            out.append(self._mention(start, end, name, kind, self._pillar(name), "named"))
        return out

    @staticmethod
    def _verb_first(text: str, start: int, name_end: int, sentence: tuple[int, int],
                    kind: Kind) -> int:  # fmt: skip
        """Where the name's words go on after a first word that is a verb, -1 if it is none:
        in a headline (a sentence with no end punctuation), a headline's verb ("Seal",
        "Signs") or a gerund ("Building"); a gerund opening any sentence too. A body's name
        may begin with a city's -ing ("Beijing Urban Construction Group", "Peking
        University"): not a company's, nor China's places."""
        space = text.find(" ", start, name_end)
        if space < 0:
            return -1
        word = text[start:space]
        headline = is_headline(text, sentence)
        if headline and word.casefold() in HEADLINE_VERBS:
            return space + 1
        gerund = (
            len(word) >= 6
            and word.endswith("ing")
            and word[1:].islower()
            and kind != Kind.ORGANIZATION
            and word not in _chinese_places()
        )
        if gerund and (headline or start == sentence[0]):
            return space + 1
        return -1

    def _goes_on(self, text: str, head_start: int, head_end: int) -> bool:
        """Whether a head that is a modifier too ("transit", "cable") is followed by another
        generic noun ("Afghan transit trade"): there it modifies, and the name goes on."""
        if text[head_start:head_end].casefold() not in self.vocabulary.modifiers:
            return False
        word = (
            WORD.match(text, head_end + 1, head_end + 40)
            if text[head_end : head_end + 1] == " "
            else None
        )
        return word is not None and word.group().islower() and word.group() in self.generic_words

    def _name_shape(self, name: str, head: str, mods: str) -> NameShape:
        """For a named match's name, head and modifiers: where the name proper begins in it
        (past "The", "Chinese"), the kind, whether the name is one word, whether it names a
        body only if it goes on past its head; () if it names nothing."""
        name_words = name.split()
        lead = 0
        # "Minister’s initiative", "China’s Chang’e-6 mission": a stop word's possessive
        # stops a name as the word does.
        while (
            lead < len(name_words) and POSSESSIVE.sub("", name_words[lead].casefold()) in NAME_STOP
        ):
            lead += 1
        kind = self._kind(head)
        organization = kind == Kind.ORGANIZATION
        if organization:  # "China Railway Group": the country is part of a company's name
            lead = 0
            # but not its possessive: "China's Yunnan Academy" (real-article QA)
            while lead < len(name_words) and (
                name_words[lead].casefold() in ARTICLES
                or (
                    POSSESSIVE.search(name_words[lead]) is not None
                    and POSSESSIVE.sub("", name_words[lead].casefold()) in NAME_STOP
                )
            ):
                lead += 1
        words = name_words[lead:]
        if not words or (head[-1] == "s" and head not in ("SEZ", "Holdings", "holdings")):
            return ()
        if organization and head.islower():
            return ()  # "Sinohydro company": a generic noun names no company
        # "Chinese Academy", "Yunnan Academy": one word and its head name a body only when
        # the name goes on ("... of Agricultural Sciences", see ORGANIZATION_TAIL)
        brief = organization and len(words) + len(mods.split()) < 2
        return name.index(words[0]), kind, len(words) == 1, brief

    def _name_matches(self, text: str, folded: str) -> Iterator[tuple[int, int, int, int, int]]:
        """The matches finditer(self.named, text) would give, as (start, name end, head
        start, head end, end), without its scan (it backtracks at every capitalised word): a
        match ends in a head, so the head sites are found first, in one pass of literals over
        the folded text; the few places a match may start are read back from each site, word
        by word; at each the pattern is followed word by word (see _name_at)."""
        if not text.isprintable() and ODD_SPACES.search(text):
            # Python and `regex` disagree on these being spaces: keep to the pattern itself.
            for m in finditer(self.named, text):
                yield m.start(), m.end("name"), m.start("head"), m.end("head"), m.end()
            return
        sites = [m.end() for m in self.head_sites.finditer(folded)]
        if not sites:
            return
        words = _Words(text, folded, self.vocabulary.modifiers)
        heads = dict.fromkeys(sites, UNKNOWN)  # head site -> end of the head there, -1: none
        pos = 0
        for first in self._name_starts(words, sites):
            if first >= pos:
                match = self._name_at(words, first, heads)
                if match is not None:
                    pos = match[-1]
                    yield match

    @staticmethod
    def _name_starts(words: _Words, sites: list[int]) -> list[int]:
        """Every place a named match may start, ascending: a match is 1-5 capitalised words
        and 0-3 modifiers before its head, so it starts in the run of such words (at most 8)
        before a head site, or in the word before that run after a bracket or a quote
        ("(Sukkur Solar Park").

        The walk back from a site reads each word once and records what info() would say
        of it (the word it came from follows it). Sites are walked from the last: a site
        inside a run already walked to its end ("power" in "Sahiwal coal power plant") would
        find only starts already found, so it is not walked again."""
        out = set()
        text, folded, modifiers, infos = words.text, words.folded, words.modifiers, words.infos
        name_word = _Words.name_word
        settled: set[int] = set()  # word starts whose walk back would find nothing new
        for site in reversed(sites):
            if site in settled:
                continue
            if text[site - 1] == " ":  # most sites follow a lowercase word: "the project"
                word = text[text.rfind(" ", 0, site - 1) + 1 : site - 1]
                if word.isascii() and word.isalpha() and word.islower() and word not in modifiers:
                    continue
            at = site
            walked: list[int] = []
            for _ in range(8):
                # The word before the one at `at`, which follows a space.
                end = at - 1
                while end > 0 and text[end - 1].isspace():
                    end -= 1
                if end <= 0:
                    settled.update(walked)
                    break
                first = text.rfind(" ", 0, end) + 1
                word = text[first:end]
                if not word.isprintable():  # another space may start it later
                    first = end - 1
                    while first > 0 and not text[first - 1].isspace():
                        first -= 1
                    word = text[first:end]
                info = infos.get(first)
                if info is None:
                    info = (end, at, name_word(word), folded[first:end] in modifiers)
                    infos[first] = info
                if info[2]:
                    out.add(first)
                elif not info[3]:
                    tail = None if word.isalpha() else NAME_TAIL.search(word)
                    if tail is not None:
                        out.add(first + tail.start())
                    settled.update(walked)
                    break
                walked.append(first)
                at = first
        return sorted(out)

    def _name_at(
        self, words: _Words, first: int, heads: dict[int, int]
    ) -> tuple[int, int, int, int, int] | None:
        """self.named.match(text, first), followed word by word: the lazy name takes 1-5
        words; after each, the modifiers are taken greedily (0-3) and given back one by one
        until a head follows them."""
        infos = words.infos
        at = first
        for _ in range(5):
            _, name_end, name_word, _ = infos.get(at) or words.info(at)
            if not name_word or name_end < 0:
                return None
            at = name_end
            sites = [at]  # where the head may stand: after 0, 1, 2, 3 modifiers
            for _ in range(3):
                _, following, _, modifier = infos.get(at) or words.info(at)
                if not modifier or following < 0:
                    break
                at = following
                sites.append(at)
            for site in reversed(sites):
                head_end = heads.get(site, -1)
                if head_end == UNKNOWN:
                    head_end = heads[site] = self._head_end(words, site)
                if head_end >= 0:
                    # Bounded: `regex` looks for the literal "Phase" in all the rest of
                    # the text before it tries, which made long documents quadratic.
                    phase = PHASE.match(words.text, head_end, head_end + PHASE_REACH)
                    end = head_end if phase is None else phase.end()
                    return first, name_end, site, head_end, end
            at = name_end
        return None

    def _head_end(self, words: _Words, site: int) -> int:
        """Where self.named's head ends when it starts at site, -1 if it does not start there."""
        end = words.info(site)[0]
        if words.folded[site:end] in self.single_heads:
            return end  # the whole word, and no longer head begins with it
        head = self.head.match(words.text, site)
        return -1 if head is None else head.end()

    def _quantified(self, text: str, folded: str) -> list[Mention]:
        out = []
        for match in finditer_at(self.quantified, text, self._figure_starts(text, folded)):
            if not self.determiner.search(text[max(0, match.start() - 12) : match.start()]):
                continue
            name = match.group("name")
            if "\n" in name:
                continue
            # the kind by the words before the head too: "a 300MW solar park" is a plant
            kind = self._kind(text[match.start("name") : match.end("head")])
            out.append(self._mention(match.start("name"), match.end("name"), name, kind,
                                     self._pillar(name), "quantified"))  # fmt: skip
        return out

    def _ordinal(self, text: str, folded: str) -> list[Mention]:
        out = []
        # A sitting ends in its body's word ("Committee"): ordinals are looked for only in
        # the stretch before one (few texts have many), not in the whole text.
        ends = sorted(i for word in SITTING_WORDS for i in find_all(text, word))
        starts: set[int] = set()
        searched = 0
        for end in ends:
            first = max(searched, end - SITTING_REACH)
            starts.update(m.start() for m in ORDINAL_SITES.finditer(folded, first, end))
            searched = end
        for match in finditer_at(ORDINAL_SITTING, text, sorted(starts)):
            name = match.group("name")
            if "\n" in name:
                continue
            end = match.end("name")
            if not name.endswith(")"):
                # "the Joint Committee for Cooperation of China-Pakistan Economic Corridors
                # (JCC)": the body's name goes on to its acronym (one attempt at one place,
                # bounded: no timeout)
                more = SITTING_TAIL.match(text, end, end + SITTING_REACH)
                if more is not None and "\n" not in more.group():
                    end = more.end()
                    name = text[match.start("name") : end]
            out.append(self._mention(match.start("name"), end, name, Kind.EVENT,
                                     self._pillar(name), "ordinal", _sitting_key(name)))  # fmt: skip
        return out

    def _located(self, text: str, folded: str) -> list[Mention]:
        """Candidates read back from each " in <Place>" or " at <Place>": up to three
        modifiers and a head before it, after a determiner."""
        out = []
        starts: set[int] = set()
        heads = self.head_words
        for site in LOCATED_SITES.finditer(text):
            at = site.start()
            if text[text.rfind(" ", 0, at) + 1 : at].casefold() not in heads:
                continue  # the word before " in" ends no head: nothing to read back
            for _ in range(4):  # the word starts of the four words before the site
                at = text.rfind(" ", 0, at)
                if at < 0:
                    break
                starts.add(at + 1)
        # (a head is singular: "plants in Sindh", things of a kind, never matches)
        for match in finditer_at(self.located, text, sorted(starts)):
            if match.group("place").casefold() in COUNTRIES or "\n" in match.group("name"):
                continue
            if not self.determiner.search(text[max(0, match.start() - 12) : match.start()]):
                continue
            name = match.group("name")
            kind = self._kind(text[match.start("name") : match.end("head")])
            out.append(self._mention(match.start("name"), match.end("name"), name, kind,
                                     self._pillar(name), "located"))  # fmt: skip
        return out

    @staticmethod
    def _figure_starts(text: str, folded: str) -> list[int]:
        """Where a quantified match may start: the figure before each unit ("300MW",
        "1,320 megawatt", "50-km"), found from the units (few, and quick to find)."""
        out = set()
        for unit in UNIT_STARTS:
            for at in find_all(folded, unit):
                if at and text[at - 1] == "-":
                    at -= 1
                if at and text[at - 1].isspace():
                    at -= 1
                figure = FIGURE_BEFORE.match(text, 0, at)
                if figure is not None:
                    out.add(figure.start())
        return sorted(out)

    def _topics(self, text: str, folded: str, sents: Sentences) -> list[Mention]:
        out = []
        starts = [
            i
            for word in INSTRUMENT_STARTS
            for i in find_all(folded, word)
            if not i or text[i - 1] not in NOT_AFTER
        ]
        for match in finditer_at(self.topic, text, sorted(starts)):
            end = match.start("name") + len(match.group("name").rstrip())
            # the topic's words within the instrument's sentence ("MoUs on May\n5 projects")
            last = min(match.end("topic"), sents.span(match.start())[1])
            topic = [
                (w.start(), w.end()) for w in TOPIC_WORD.finditer(text, match.start("topic"), last)
            ]
            while topic and text[slice(*topic[-1])].casefold() in TOPIC_TAIL:
                topic.pop()  # "an agreement for the ..." has not said what it is for
            if not topic or (text[topic[-1][0]].isdigit() and FIGURE_CUT.match(text, end)):
                continue  # "agreement for the 1" of "for the 1,124MW ...": cut in a figure
            if DATE_TOPIC.match(text, topic[0][0]):
                continue
            end = topic[-1][1]
            name = text[match.start("name") : end]
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
            for _ in range(2):  # widen left over up to two modifiers (token texts read
                # from the offsets: doc[i] builds a Token)
                if (
                    first >= 3
                    and text[token_starts_[first - 2] : token_ends[first - 2]] == "-"
                    and text[token_starts_[first - 3] : token_ends[first - 3]].isalpha()
                ):
                    first -= 3  # a hyphenated compound: "high-tech", "AI-based"
                elif (
                    first >= 1
                    and text[token_starts_[first - 1] : token_ends[first - 1]].lower() in modifiers
                ):
                    first -= 1
                else:
                    break
            char_start = token_starts_[first]
            char_end = token_ends[end - 1]
            name = text[char_start:char_end]
            source = "vocabulary" if entry.tracked else "untracked"
            out.append(self._mention(char_start, char_end, name, entry.kind, entry.pillar,
                                     source, key=normalise_name(entry.name)))  # fmt: skip
        return out
