"""corridor.statistics.v1 (spaCy factory corridor_statistics_v1): figures that are not money.

- Percentages ("nearly 40% of the workforce": value 40, unit percent, about "workforce").
- Counts of things listed in actors.toml, with up to three modifiers between the number and
  the noun ("5,000 jobs", "three Chinese-sponsored power plants", "Twenty-four plots"),
  durations ("22 months", "over two years") and scaled counts ("3.2 million SMEs").
- Compound sizes ("a 150-bed hospital", "a five-day visit", "a 40-year lease").
- Capacities found by corridor.amounts.v1 ("1,320MW", "878 km", "1.2 MGD") are statistics
  too, with their unit; so are speeds, which are not capacities ("60-65km per hour",
  "160 km/h": unit km/h).
Numbers that are part of an amount or a date are left to those stages. Number words
("three", "Twenty-four", "two dozen") count; a bare "one" does not (it is rarely a count).
"""

from __future__ import annotations

import string
from bisect import bisect_right
from collections.abc import Iterator

import regex
from spacy.language import Language
from spacy.tokens import Doc

from corridor.extract.amounts import capacity_starts, is_distance
from corridor.extract.base import (
    REGEX_TIMEOUT,
    Covered,
    Stage,
    doc_text,
    figures,
    find_all,
    finditer,
    finditer_at,
    folded_text,
    register_extensions,
    starts_of,
)
from corridor.extract.numbers import TENS_WORDS, UNITS_WORDS, word_number
from corridor.extract.records import Statistic
from corridor.extract.rules import ActorRules

NUM = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
ONES = "one|two|three|four|five|six|seven|eight|nine"
# "two dozen" before "two": the first alternative that fits wins ("two dozen projects" is 24).
WORD_NUM = (
    rf"(?:(?:a|two|three)\s+dozen|(?:{'|'.join(TENS_WORDS)})(?:[-\s](?:{ONES}))?"
    rf"|{'|'.join(UNITS_WORDS)})"
)
SCALES = {"million": 1e6, "thousand": 1e3, "lakh": 1e5, "crore": 1e7, "billion": 1e9}
# A large count in words: hundreds ("two hundred", "one hundred and fifty"), or a number
# word with a scale ("one hundred thousand", "half a million", "a million", "ten thousand").
SMALL_WORD = rf"(?:(?:{'|'.join(TENS_WORDS)})(?:[-\s](?:{ONES}))?|{'|'.join(UNITS_WORDS)}|one)"
HUNDREDS = rf"(?:one|a|{'|'.join(UNITS_WORDS)})\s+hundred(?:\s+(?:and\s+)?{SMALL_WORD}(?![\w-]))?"
LARGE_WORD = (
    rf"(?:(?P<word>{HUNDREDS})(?:\s+(?P<scale>{'|'.join(SCALES)}))?"
    rf"|(?P<word>half\s+a|a|{SMALL_WORD})\s+(?P<scale>{'|'.join(SCALES)}))"
)
# Where a large count in words may stand: around its "hundred" or scale word.
LARGE_HINTS = ("hundred", "thousand", "million", "lakh", "crore", "billion")
# Before the hint: a word ("hundred", "a million"), not a figure ("5 million").
AFTER_WORD = regex.compile(r"[A-Za-z][\s-]+$")
LARGE_BACK = 40
# Where a large count in words may start, in the folded text.
LARGE_START = regex.compile(
    rf"(?<![\w-])(?:half|a|{SMALL_WORD})(?![\w])"
)  # "seventy-seven hundred and ninety-nine " read back from "hundred"
HEDGE = (
    r"(?:(?:nearly|about|around|over|more\s+than|fewer\s+than|less\s+than|almost|some|up\s+to"
    r"|approximately|roughly|at\s+least|only|just|first|remaining|another)\s+)?"
)
STOP = r"(?:in|for|to|and|by|from|with|was|is|are|were|has|had|of|on|at|which|that|who|while|as|will|would|since)"
# (a figure keeps its thousands and decimals: "of the 2,793 canals", not "2")
ABOUT_WORD = r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d,])|[\w’'-]+)"
ABOUT = rf"(?P<about>{ABOUT_WORD}(?:\s+(?!{STOP}\b){ABOUT_WORD}){{0,3}})"
OF_ABOUT = rf"\s+of\s+(?:the\s+|its\s+|their\s+|all\s+)?{ABOUT}"
PER_CENT = r"(?:%|percent\b|per\s+cent\b|pc\b)"
# A noun a percentage stands before, and what it is of: "91 per cent share of revenue
# collection", "a 10 percent increase in exports" (real-article QA: the about phrase was the
# words before, "The COPHC has").
PERCENT_HEADS = (
    "share|shares|stake|stakes|equity|increase|decrease|rise|growth|decline|drop|fall|cut"
    "|reduction|hike|jump|surge|discount|rebate|subsidy|return|contribution"
)
HEAD_ABOUT = (
    rf"\s+(?P<head>(?i:{PERCENT_HEADS}))(?![\w-])(?:\s+(?P<prep>of|in|from|to)\s+"
    rf"(?:the\s+|its\s+|their\s+|all\s+)?(?P<tail>{ABOUT_WORD}(?:\s+(?!{STOP}\b){ABOUT_WORD}){{0,3}}))?"
)
# Words that end no noun phrase, before a percentage: "Costs rose", "the zone is about",
# "and marine operations and" (real-article QA: such were the about phrase).
NOT_NOUN_END = frozenset({
    "is", "are", "was", "were", "be", "been", "being", "has", "have", "had", "do", "does",
    "did", "stood", "stands", "stand", "rose", "rises", "fell", "falls", "grew", "grows",
    "hit", "hits", "reached", "reaches", "account", "accounts", "make", "makes", "made",
    "comprise", "comprises", "represent", "represents", "remain", "remains", "now", "already",
    "currently", "still", "only", "just", "nearly", "about", "around", "almost", "over",
    "some", "up", "than", "by", "to", "at", "of", "and", "or", "but", "with", "from", "in",
    "on", "for", "into", "as", "while", "a", "an", "the", "its", "their", "his", "her", "this",
    "that", "these", "those", "it", "they", "he", "she", "we", "which", "who",
})  # fmt: skip
# Words that no noun phrase runs across: the phrase before a percentage starts after them.
NOT_IN_NOUN = NOT_NOUN_END - {"only", "just", "now", "some"}
# The first number of a percentage range before its last ("30 to 40 percent", "30-40%"),
# read backwards from the last: a range counts its first number.
RANGE_BEFORE = regex.compile(rf"(?r)(?<![\w.,]){NUM}(?:\s?{PER_CENT})?\s*(?:-|–|to)\s*")
# Words that may stand between a number and its noun: not function words or verbs.
NOT_MODIFIER = (
    r"(?:and|or|of|the|a|an|in|on|at|to|for|by|from|with|was|were|is|are|has|have|had|will"
    r"|would|than|per|percent|that|which|who|its|their|his|her)"
)
# A pair of modifiers joined by "and"/"or" before the others: "200,000 direct and indirect
# jobs", "30 Chinese and local firms".
PAIRED = r"(?:[a-z][\w-]*\s+(?:and|or)\s+)?"
# Compounds a number makes with a singular noun: "150-bed", "five-day", "40-year".
COMPOUND_UNITS = {
    "bed": "beds", "day": "days", "year": "years", "month": "months", "week": "weeks",
    "hour": "hours", "member": "members", "storey": "storeys", "story": "storeys",
    "seat": "seats", "room": "rooms", "berth": "berths", "lane": "lanes",
}  # fmt: skip


# Where a count can start: a figure followed by what may follow it in the pattern (a range
# "-", "–", "to", or space), or a number word (found in the folded text, see
# base.folded_text). Characters that forbid a start right after them, of those in the
# patterns' look-behind [\w.,$€¥£-], for a quick filter.
FIGURE_START = regex.compile(rf"(?<![\w.,$€¥£-]){NUM}(?=[\s\-–t])")
NOT_AFTER = frozenset(string.ascii_letters + string.digits + "_.,$€¥£-")
# What may follow the figure a percentage starts with ("40%", "40 per cent", "40 PERCENT",
# "40pc" as Pakistani papers write it).
PERCENT_FIRST = frozenset("%pP")
NUMBER_WORDS = {*UNITS_WORDS, *TENS_WORDS}
# The number words that no other one starts with ("six" finds "sixty" and "sixteen").
WORD_STARTS = sorted(
    w for w in NUMBER_WORDS if not any(w != v and w.startswith(v) for v in NUMBER_WORDS)
)


# The first number of a range before a compound ("15 to 20-year"), read backwards from it.
COMPOUND_RANGE = regex.compile(rf"(?<![\w.,$€¥£-])(?P<num>{NUM})\s*(?:-|–|to)\s*$")

# Words ending in "s" that are not plural nouns, where a figure's noun would stand.
NOT_PLURAL = frozenset({
    "across", "always", "besides", "perhaps", "unless", "whereas", "towards", "afterwards",
    "thanks", "percent", "series", "news", "means", "status", "basis", "crisis", "analysis",
    # money in words is a sum, never a count ("half a million dollars")
    "dollars", "rupees", "euros",
})  # fmt: skip


def percent_starts(text: str, found: list[tuple[int, str]]) -> list[int]:
    """Where a percentage may start, given the figures `base.figures` found: a figure
    followed by what a percentage needs, and the first number of a range before one ("30 to
    40 percent" starts at 30)."""
    percents = [i for i, after in found if after in PERCENT_FIRST]
    # (read back from the last number, no further than a range can reach: unbounded, each
    # attempt read back to the text's start)
    ranged = [r.start() for i in percents if (r := RANGE_BEFORE.match(text, max(0, i - REACH), i))]
    return sorted({*percents, *ranged})


# The longest a figure and its words are read from where they start (a range, a scale, three
# modifiers, a noun). Without a bound, `regex` looked for the noun's last letter in the whole
# rest of the text at each figure that had none (QA: "1 " * 500,000 took 30 s).
REACH = 200

# The longest a speed is read: "1,000,000.5 - 1,000,000.5 kilometres per hour" is 46.
SPEED_REACH = 80


class StatisticFinder(Stage):
    def __init__(self, nlp: Language, rules: ActorRules) -> None:
        register_extensions()
        # A range takes its first number: "30 to 40 percent" is 30.
        self.percent = regex.compile(
            rf"(?i)(?<![\w.,])(?P<num>{NUM})(?:(?:\s?{PER_CENT})?\s*(?:-|–|to)\s*{NUM})?"
            rf"\s?{PER_CENT}(?:{OF_ABOUT}|{HEAD_ABOUT})?"
        )
        nouns = "|".join(
            regex.escape(n).replace(r"\ ", r"\s+")
            for n in sorted(rules.statistic_nouns, key=len, reverse=True)
        )
        scales = "|".join(SCALES)
        number = rf"(?:(?P<num>{NUM})|(?P<word>(?i:{WORD_NUM})))"
        # A range takes its first number: "three to six months" is 3.
        second = rf"(?:\s*(?:-|–|to)\s*(?:{NUM}|(?i:{WORD_NUM})))?"
        # A range's first end may carry its scale: "300 million to 400 million tonnes" is
        # 300 million (real-article QA: 400 million), as "300 to 400 million tonnes" is.
        first_scale = (
            rf"(?:\s+(?P<scale1>(?i:{scales}))(?=\s*(?:-|–|to)\s*(?:\d|(?i:{WORD_NUM}))))?"
        )
        self.count = regex.compile(
            rf"(?<![\w.,$€¥£-]){number}{first_scale}{second}(?:\s+(?P<scale>(?i:{scales})))?"
            rf"\s+(?P<mods>{PAIRED}(?:(?!(?i:{NOT_MODIFIER})\b)[A-Za-z][\w-]*\s+){{0,3}}?)"
            rf"(?P<noun>(?i:{nouns}))(?![\w-])"
        )
        # "one million tonnes": "one" counts only with a scale word.
        self.one_scaled = regex.compile(
            rf"(?i)(?<![\w.,$€¥£-])(?P<word>one)\s+(?P<scale>{scales})\s+"
            rf"(?P<mods>(?:(?!{NOT_MODIFIER}\b)[a-z][\w-]*\s+){{0,3}}?)(?P<noun>{nouns})(?![\w-])"
        )
        # Any other plural noun counted by a figure ("2,793 canals", "more than 200 feeders"):
        # a figure in digits only (a number word before a plural is as often "two sides").
        # (a range counts its first number: "1 to 2 percentage points" is 1)
        self.plural = regex.compile(
            rf"(?<![\w.,$€¥£-])(?P<num>{NUM}){first_scale}(?:\s*(?:-|–|to)\s*{NUM})?"
            rf"(?:\s+(?P<scale>(?i:{scales})))?"
            rf"\s+(?P<mods>{PAIRED}(?:(?!{NOT_MODIFIER}\b)[a-z][\w-]*\s+){{0,2}}?)"
            r"(?P<noun>[a-z]{3,}s)(?![\w'’-])"
        )
        # A large count in words counts any plural, as a figure does: "one hundred thousand
        # direct and indirect employment opportunities", "half a million people" (a bare "two
        # sides" is not a count, but no one writes "two hundred sides" for the parties).
        self.large = regex.compile(
            rf"(?i)(?<![\w.,$€¥£-]){LARGE_WORD}"
            rf"\s+(?P<mods>{PAIRED}(?:(?!{NOT_MODIFIER}\b)[a-z][\w-]*\s+){{0,3}}?)"
            rf"(?P<noun>{nouns}|[a-z]{{3,}}s)(?![\w'’-])"
        )
        # A speed (a capacity's pattern refuses it): "60-65km per hour" is 60 km/h.
        self.speed = regex.compile(
            rf"(?i)(?<![\w.,])(?P<num>{NUM})(?:\s*(?:-|–|to)\s*{NUM})?\s?"
            r"(?:km|kilomet(?:re|er)s?)\s*(?:/\s*h(?:r|our)?|per\s+hour|an\s+hour)(?![\w])"
        )
        # A distance (a capacity's stage refuses it): "26 kilometres from Gwadar city" is 26 km.
        self.length = regex.compile(
            rf"(?i)(?<![\w.,])(?P<num>{NUM})(?:\s*(?:-|–|to)\s*{NUM})?\s?-?"
            r"(?:km|kilomet(?:re|er)s?)(?![\w])"
        )
        units = "|".join(COMPOUND_UNITS)
        self.compound = regex.compile(rf"(?<![\w.,$€¥£-]){number}-(?P<unit>(?i:{units}))(?![\w-])")
        # What a compound holds: without it in the text, the pattern is not run.
        self.compound_hint = regex.compile(rf"-(?i:{units})")
        # "nearly a quarter of the land": a fraction is a percentage.
        self.fraction = regex.compile(
            r"(?i)(?:(?<![\w-])(?:a|one)[\s-](?P<frac>quarter|third)"
            r"|(?<![\w-])(?P<frac>two-thirds|three-quarters|two\s+thirds|three\s+quarters))"
            rf"(?={OF_ABOUT}|\s+of\b)"
        )
        self.words_before = regex.compile(r"((?:[\w’'-]+\s+){1,6})$")
        # A hedge before the figure ("nearly 40%") belongs to its text.
        self.hedge = regex.compile(rf"(?i)(?<![\w])(?:{HEDGE[:-1]})\s*$")

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        capacities = doc._.capacities or []
        taken = [(x.start, x.end) for x in (doc._.amounts or [])]
        taken += [(d.start, d.end) for d in doc._.dates or []]
        stats: list[Statistic] = [
            Statistic(c.start, c.end, c.text, c.value, c.unit, None) for c in capacities
        ]
        taken += [(c.start, c.end) for c in capacities]
        covered = Covered(len(text), taken)  # what `taken` covers, for overlap checks
        numbers = figures(doc)
        for m in finditer_at(self.speed, text, capacity_starts(text, numbers), SPEED_REACH):
            if not covered.overlaps(m.start(), m.end()):
                stats.append(Statistic(m.start(), m.end(), m.group(), _number(m["num"]),
                                       "km/h", None))  # fmt: skip
                taken.append((m.start(), m.end()))
                covered.add(m.start(), m.end())
        for m in finditer_at(self.length, text, capacity_starts(text, numbers), SPEED_REACH):
            if not covered.overlaps(m.start(), m.end()) and is_distance(text, m.end()):
                stats.append(Statistic(m.start(), m.end(), m.group(), _number(m["num"]),
                                       "km", None))  # fmt: skip
                taken.append((m.start(), m.end()))
                covered.add(m.start(), m.end())
        for m in finditer_at(self.percent, text, percent_starts(text, numbers)):
            if covered.overlaps(m.start("num"), m.end("num")):
                continue
            about = m["about"]
            if m["head"]:  # "91 per cent share of revenue collection"
                about = " ".join(w for w in (m["head"], m["prep"], m["tail"]) if w)
            start = self._hedged(text, m.start())
            if not about:  # the words before the figure and its hedge ("Over 95%": not "Over")
                before = self.words_before.search(text[max(0, start - 80) : start])
                about = _noun_phrase(before.group(1)) if before else None
            stats.append(Statistic(start, m.end(), text[start : m.end()], _number(m["num"]),
                                   "percent", about))  # fmt: skip
        folded = folded_text(doc)  # a case-blind "quarter" or "third" stands in it lowercased
        fractions = "quarter" in folded or "third" in folded
        for m in finditer(self.fraction, text) if fractions else ():
            frac = m["frac"].lower().replace(" ", "-")
            value = {"quarter": 25.0, "third": 33.3, "two-thirds": 66.7,
                     "three-quarters": 75.0}[frac]  # fmt: skip
            start = self._hedged(text, m.start())
            stats.append(Statistic(start, m.end(), text[start : m.end()], value, "percent",
                                   m["about"]))  # fmt: skip
        spans = [(s.start, s.end) for s in stats]
        stated = Covered(len(text), spans)  # what `spans` covers, kept with it
        folded_ones = [i for i in find_all(folded, "one") if not i or text[i - 1] not in NOT_AFTER]
        one_scaled = finditer_at(self.one_scaled, text, folded_ones, REACH)
        for matches in (self._large(text, folded), self._counts(doc, text), one_scaled):
            for m in matches:
                first = m.start()
                if covered.overlaps(first, m.end()) or stated.overlaps(first, m.end()):
                    continue
                if _not_a_count(text, first, m.end()):
                    continue
                found = _value(m)
                if found is None or m["noun"].lower() in NOT_PLURAL:
                    continue
                value = found * _scale(m)
                noun = " ".join(m["noun"].split())
                about = " ".join((m["mods"] + m["noun"]).split())
                start = self._hedged(text, first)
                stats.append(Statistic(start, m.end(), text[start : m.end()], value,
                                       noun.lower() if noun.islower() else noun, about))  # fmt: skip
                spans.append((start, m.end()))
                stated.add(start, m.end())
        # Tried only at figures no other figure of the text has taken (years, sums,
        # capacities and counts hold most of them).
        held = sorted(taken + spans)
        plural_starts = [i for i, _ in figures(doc) if not _inside(i, held)]
        for m in finditer_at(self.plural, text, plural_starts, REACH):
            first, end = m.start(), m.end()
            if (m["noun"] in NOT_PLURAL or covered.overlaps(first, end)
                    or stated.overlaps(first, end) or _not_a_count(text, first, end)):  # fmt: skip
                continue
            value = _number(m["num"]) * _scale(m)
            start = self._hedged(text, first)
            about = " ".join((m["mods"] + m["noun"]).split())
            stats.append(Statistic(start, end, text[start:end], value, m["noun"], about))
            spans.append((start, end))
            stated.add(start, end)
        compounds = self.compound_hint.search(text, timeout=REGEX_TIMEOUT) is not None
        for m in finditer(self.compound, text) if compounds else ():
            if covered.overlaps(m.start(), m.end()) or stated.overlaps(m.start(), m.end()):
                continue
            size = _value(m)
            if size is None:
                continue
            unit = COMPOUND_UNITS[m["unit"].lower()]
            first = m.start()
            # a range counts its first number: "15 to 20-year tax holidays" is 15
            ranged = COMPOUND_RANGE.search(text, max(0, first - 16), first)
            if ranged is not None and not covered.overlaps(ranged.start(), first):
                size, first = _number(ranged["num"]), ranged.start()
            stats.append(Statistic(first, m.end(), text[first : m.end()], size, unit, None))
        doc._.statistics = sorted(stats, key=lambda s: s.start)
        return doc

    def _counts(self, doc: Doc, text: str) -> Iterator[regex.Match[str]]:
        """finditer(self.count, text), tried only where a number starts."""
        folded = folded_text(doc)
        if "dozen" in folded:  # "a dozen" starts at its article
            return finditer(self.count, text)
        starts = [i for i, _ in figures(doc) if FIGURE_START.match(text, i)]
        for word in WORD_STARTS:
            starts += [i for i in find_all(folded, word) if not i or text[i - 1] not in NOT_AFTER]
        return finditer_at(self.count, text, sorted(starts), REACH)

    def _large(self, text: str, folded: str) -> Iterator[regex.Match[str]]:
        """Matches of `large`, tried only at the number words just before a "hundred" or a
        scale word, each place once."""
        end = tried = 0
        for i in starts_of(folded, LARGE_HINTS):
            if i < end or not AFTER_WORD.search(text, max(0, i - 8), i):
                continue  # "$5 million", "5,000 thousand": a figure's scale
            for word in LARGE_START.finditer(folded, max(end, tried, i - LARGE_BACK), i):
                tried = word.end()
                # (an attempt at one place: no timeout, see base.REGEX_TIMEOUT)
                m = self.large.match(text, word.start(), min(len(text), i + REACH))
                if m is not None:
                    end = m.end()
                    yield m
                    break

    def _hedged(self, text: str, start: int) -> int:
        window = text[max(0, start - 25) : start]
        m = self.hedge.search(window)
        return start - len(window) + m.start() if m else start


def _value(m: regex.Match[str]) -> float | None:
    if m.groupdict().get("num"):
        return _number(m["num"])
    return word_number(m["word"])


BLANK_LINE = regex.compile(r"\n[ \t\r\f\v]*\n")


def _not_a_count(text: str, start: int, end: int) -> bool:
    """Whether a count's figure is the minutes of a clock time ("Updated: 2017-05-04 07:53"),
    or its noun stands in another paragraph ("07:53\n\nPakistani soldiers pose ...")."""
    clock = start >= 2 and text[start - 1] == ":" and text[start - 2].isdigit()
    return clock or BLANK_LINE.search(text, start, end) is not None


def _noun_phrase(words: str) -> str | None:
    """The noun phrase that ends the words before a percentage, else None: "Costs rose" is
    "Costs", "construction work in Dhabeji Special Economic Zone is" is "Dhabeji Special
    Economic Zone", "and marine operations and" is "marine operations"."""
    found = words.split()
    while found and (
        (last := found[-1].casefold()) in NOT_NOUN_END
        or (last.endswith("ed") and not last.endswith("eed"))  # "increased", not "speed"
    ):
        found.pop()  # a verb, a function word or a hedge ends no noun phrase
    first = len(found)
    while first and found[first - 1].casefold() not in NOT_IN_NOUN:
        first -= 1
    return " ".join(found[first:]) or None


def _scale(m: regex.Match[str]) -> float:
    """The scale of a count: its first end's in a range, else the one after its number."""
    word = m.groupdict().get("scale1") or m["scale"]
    return SCALES[word.lower()] if word else 1.0


def _number(text: str) -> float:
    return float(text.replace(",", ""))


def _inside(at: int, spans: list[tuple[int, int]]) -> bool:
    """Whether `at` lies in one of the spans, sorted by start (looked for among the few
    spans starting last before it: a filter, what it misses is caught after the match)."""
    i = bisect_right(spans, (at, 1 << 62))
    return any(a <= at < b for a, b in spans[max(0, i - 8) : i])
