"""corridor.amounts.v1 (spaCy factory corridor_amounts_v1): money and capacities.

Money: a currency sign or code before a number ("$62 billion", "US$1.5bn", "Rs500m",
"PKR 500 million", "RMB 5 billion", "¥3bn") or a currency word after it ("62bn dollars",
"5 billion yuan"), with scale words including crore, lakh and arab. USD comes from the
fixed yearly table in currency_rates.toml: the source's published year, else its default.
Capacities: MW, GW, kW, kV, km, acres, MGD, MMCFD ("1,320MW", "2x660 MW" = 1,320 MW; "1.2
million gallons per day" = 1.2 MGD; "10 MMCFD" of gas); a speed ("120 km/h") is not one.
Each figure is attached to the item of its sentence: the only one, or the nearest.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import regex
from spacy.language import Language
from spacy.tokens import Doc

from corridor.extract.base import (
    REGEX_TIMEOUT,
    Covered,
    Stage,
    doc_text,
    figures,
    finditer_at,
    folded_text,
    register_extensions,
    sentences,
    starts_of,
)
from corridor.extract.numbers import TENS_WORDS, UNITS_WORDS, word_number
from corridor.extract.records import Amount, Capacity, Mention
from corridor.extract.rules import Currency
from corridor.model import Kind

NUM = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
# Scale words in any case: headlines capitalise them ("Rs. 475 Billion", "RMB 2 Billion",
# "US$3.3 BN"; real-article QA: read as 475 rupees). Not "Tr", "Arab" or a lone capital
# letter, which are more often a word of their own ("$5 Arab ...").
SCALE = (
    r"(?:(?i:thousand|millions?|billions?|trillion|mln|mn|bln|bn|tn|trn|crores?|cr|lakhs?|lac)"
    r"|tr|arab|[mbk])(?![\w])"
)
# "USD$10 billion", "USD $10 billion" too (real-article QA: read as no sum at all); "$US 6.7bn",
# "$ US 3.3bn" (the IRJ's form), "PKR. 5 Billion" (real-article QA: 10 sums missed)
PREFIX = r"(?:US\s?\$|USD\s?\$|USD|\$\s?USD?|\$|Rs\.?|PKR\.?|RMB|CNY|¥|€|EUR)"
# After a sum with no scale, the other end of a range that has one: "Rs 15 to Rs 16
# billion", "$2 and $3 billion", "Rs 15-16 billion" (real-article QA: 15 rupees). The first
# sum takes the scale; a second end with no currency of its own is part of its text.
RANGE_SCALE = regex.compile(
    rf"(?i)\s*(?:-|–|to|and|or)\s*(?P<cur>{PREFIX}\s?)?{NUM}\s?-?(?P<scale>{SCALE})"
)
# What each PREFIX alternative starts with, case and all: where a prefixed sum can start.
PREFIX_STARTS = ("US", "$", "Rs", "PKR", "RMB", "CNY", "¥", "€", "EUR")
# Codes too: "10,000 million PKR", "5 billion CNY" (the wire and Chinese releases write them
# after the figure as often as before it).
SUFFIX = r"(?:U\.?S\.?\s+dollars?|dollars?|USD|rupees?|PKR|yuan|RMB|CNY|renminbi|euros?|EUR)"
# Numbers in words, as reporting writes round sums: "seven hundred million dollars".
NUMBER_WORD = "|".join(sorted([*UNITS_WORDS, *TENS_WORDS, "one", "hundred"], key=len, reverse=True))
WORDED_SCALES = ("thousand", "million", "billion", "trillion")
WORDED_REACH = 80
RANGE_REACH = 40  # " to Rs 1,234.5 billion": the other end of a range  # "two hundred and seventy-five million": the words before a scale
SPACES = regex.compile(r"\s+")
# A scale word written together with the currency word after it ("50 billiondollars").
GLUED = r"(?:thousand|million|billion|trillion)(?=(?:dollars?|rupees?|yuan)(?![\w]))"
# The first number of a range before a capacity's figure ("60-65km", "300 to 350 MW"), read
# backwards from that figure.
RANGE_BEFORE = regex.compile(rf"(?r)(?<![\w.,]){NUM}\s*(?:-|–|to)\s*")
# What may follow the figure a capacity starts with: a unit's first letter, or "x" ("2x660").
CAPACITY_FIRST = frozenset("MGKkmgax×")
# After a length, where it places something rather than measures it: "7 km upstream of the
# bridge", "90 km from Islamabad", "26 kilometres north of Gwadar" (a distance is a statistic,
# not a capacity; real-article QA). "878 km from Matiari to Lahore" is a line's length.
# (An attempt at one place, bounded: no timeout, see base.REGEX_TIMEOUT.)
DISTANCE_AFTER = regex.compile(
    r"\s+(?:(?:up|down)stream|away|(?:north|south)(?:-?(?:east|west))?|east|west"
    r"|from(?![^.;:\n]{0,60}?\sto\s))(?![\w-])"
)
DISTANCE_REACH = 70
LENGTHS = frozenset({"km"})
UNITS = {
    "mw": "MW", "mws": "MW", "megawatt": "MW", "megawatts": "MW", "gw": "GW", "gigawatt": "GW",
    "gigawatts": "GW", "kw": "kW", "km": "km", "kilometre": "km", "kilometres": "km",
    "kilometer": "km", "kilometers": "km", "acre": "acres", "acres": "acres", "mgd": "MGD",
    "kv": "kV", "mega watt": "MW", "mega watts": "MW", "giga watt": "GW", "giga watts": "GW",
}  # fmt: skip


def _unit(surface: str) -> str:
    """The unit a capacity's surface names: UNITS, or a gas or water flow spelled out."""
    words = " ".join(surface.lower().split())
    if words in UNITS:
        return UNITS[words]
    return "MMCFD" if "cubic" in words or words.endswith("cfd") else "MGD"


def is_distance(text: str, end: int) -> bool:
    """Whether the length ending at `end` places something ("7 km upstream of the bridge",
    "90 km from Islamabad"), rather than measures it."""
    return DISTANCE_AFTER.match(text, end, min(len(text), end + DISTANCE_REACH)) is not None


def word_follows(after: str) -> bool:
    """Whether a figure followed by `after` may start a sum with its currency after it
    ("62bn dollars", "5 billion yuan", "62-billion-dollar")."""
    return after.isalpha() or after == "-"


def capacity_starts(text: str, found: list[tuple[int, str]]) -> list[int]:
    """Where a capacity may start, given the figures `base.figures` found: a figure followed
    by a unit's first letter, and the first number of a range before one ("60-65km")."""
    units = [i for i, after in found if after in CAPACITY_FIRST]
    ranged = [r.start() for i in units if (r := RANGE_BEFORE.match(text, 0, i))]
    return sorted({*units, *ranged})


class AmountFinder(Stage):
    def __init__(self, nlp: Language, currency: Currency) -> None:
        register_extensions()
        self.currency = currency
        self.prefixed = regex.compile(
            rf"(?<![\w$])(?P<cur>{PREFIX})\s?(?P<num>{NUM})(?:\s?-?(?P<scale>{SCALE}))?"
            rf"(?![\d])"
        )
        # (a scale word glued to its currency word is a typo of the sum, not a unit:
        # "50 billiondollars", real-article QA)
        self.suffixed = regex.compile(
            rf"(?<![\w$.,])(?P<num>{NUM})\s?-?(?:(?P<scale>{SCALE})?\s+|(?P<scale>{GLUED}))"
            rf"(?P<cur>{SUFFIX})(?![\w])",
            regex.IGNORECASE,
        )
        self.worded = regex.compile(
            rf"(?<![\w-])(?P<num>(?:{NUMBER_WORD})(?:[\s-]+(?:and\s+)?(?:{NUMBER_WORD}))*)"
            rf"\s+(?P<scale>thousand|million|billion|trillion)\s+(?P<cur>{SUFFIX})(?![\w])",
            regex.IGNORECASE,
        )
        self.capacity = regex.compile(
            rf"(?<![\w.,])(?:(?P<n>\d{{1,2}})\s?[x×]\s?)?(?P<num>{NUM})"
            rf"(?:\s*(?:-|–|to)\s*{NUM})?\s?-?"  # a range takes its first number: "60-65km"
            r"(?P<unit>MWs|MW|GW|kW|kV|KV|km|Km|KM|MGD|(?i:mega\s?watts?|giga\s?watts?)|kilomet(?:re|er)s?"
            r"|acres?"
            # (capitalised too: "1.2 Million Gallons per Day (MGD)", real-article QA)
            r"|(?i:million\s+gallons\s+(?:per|a)\s+day)"
            # a gas flow: "10 MMCFD", "150 mmscfd" (real-article QA, set X: missed)
            r"|(?i:mms?cfd)|(?i:million\s+(?:standard\s+)?cubic\s+feet\s+(?:per|a)\s+day))(?![\w])"
            # a speed is not a length: "60-65km per hour", "120 km/h"
            r"(?!\s*(?:/\s*h(?:r|our)?|per\s+hour|an\s+hour)(?![\w]))",
        )

    def _code(self, surface: str) -> str | None:
        surface = SPACES.sub(" ", surface.strip())
        compact = surface.replace(" ", "")
        aliases = self.currency.aliases
        return (
            aliases.get(surface)
            or aliases.get(compact)
            or aliases.get(surface.lower())
            or aliases.get(surface.rstrip("s").lower())
        )

    def _worded(self, text: str, folded: str) -> Iterator[regex.Match[str]]:
        """Matches of `worded`, looked for only around its scale words (a scan of the whole
        text for number words would cost as much as every other money pattern together)."""
        hits = starts_of(folded, WORDED_SCALES)
        end = 0
        for i in hits:
            if i < end:
                continue
            m = self.worded.search(text, max(end, i - WORDED_REACH), min(len(text), i + 40),
                                   timeout=REGEX_TIMEOUT)  # fmt: skip
            if m is not None and m.start("scale") == i:
                end = m.end()
                yield m

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        published = doc._.published
        year = published.year if published else None
        amounts: list[Amount] = []
        taken = Covered(len(text))
        # Every pattern is tried only where its match can start: a currency sign or code, a
        # figure, a scale word (scans of the whole text cost more than the rest of the stage).
        numbers = figures(doc)
        # "62bn dollars", "5 billion yuan": a word follows the figure
        worded = [i for i, after in numbers if word_follows(after)]
        prefixes = starts_of(text, PREFIX_STARTS)
        for pattern in (self.prefixed, self.suffixed, self.worded):
            if pattern is self.worded:
                matches = self._worded(text, folded_text(doc))
            else:
                starts = prefixes if pattern is self.prefixed else worded
                matches = finditer_at(pattern, text, starts)
            for m in matches:
                if taken.overlaps(m.start(), m.end()):
                    continue
                code = self._code(m["cur"])
                if code is None:
                    continue
                value = word_number(m["num"]) if pattern is self.worded else float(
                    m["num"].replace(",", ""))  # fmt: skip
                if value is None:
                    continue
                end, scale_word = m.end(), m["scale"]
                if not scale_word and pattern is self.prefixed:
                    # (an attempt at one place: no timeout, see base.REGEX_TIMEOUT)
                    ranged = RANGE_SCALE.match(text, end, end + RANGE_REACH)
                    if ranged is not None:
                        scale_word = ranged["scale"]
                        if not ranged["cur"]:
                            end = ranged.end()
                if scale_word:
                    scale = self.currency.scales.get(scale_word.lower(), 1.0)
                    # in decimal: "Rs260.085 billion" is 260085000000, not ...99997
                    value = float(Decimal(repr(value)) * Decimal(repr(scale)))
                usd = self.currency.to_usd(value, code, year)
                taken.add(m.start(), end)
                amounts.append(Amount(m.start(), end, text[m.start() : end], value, code,
                                      _usd(usd)))  # fmt: skip
        capacities: list[Capacity] = []
        for m in finditer_at(self.capacity, text, capacity_starts(text, numbers)):
            if taken.overlaps(m.start(), m.end()):
                continue
            value = float(m["num"].replace(",", ""))
            if m["n"]:
                value *= int(m["n"])
            unit = _unit(m["unit"])
            if unit in LENGTHS and is_distance(text, m.end()):
                continue
            capacities.append(Capacity(m.start(), m.end(), m.group(), value, unit))
        mentions: list[Mention] = doc._.items or []
        if mentions and (amounts or capacities):
            attach(doc, [*amounts, *capacities], mentions)
        doc._.amounts = sorted(amounts, key=lambda a: a.start)
        doc._.capacities = capacities
        return doc


def attach(doc: Doc, figures: list[Amount | Capacity], mentions: list[Mention]) -> None:
    """Link each figure to the item of its sentence: the only one, else the nearest; not an
    organization named as what executes the work, nor a landmark a distance is measured from;
    no item for the size of an economy or a market."""
    if not figures:
        return
    sents = sentences(doc)
    text = doc_text(doc)
    by_sentence: dict[int, list[Mention]] = {}
    for mention in mentions:
        by_sentence.setdefault(sents.index(mention.start), []).append(mention)
    every: dict[int, list[Mention]] | None = None  # all the Doc's items, by sentence
    for figure in figures:
        index = sents.index(figure.start)
        if isinstance(figure, Amount) and _measures_no_item(text, figure):
            continue
        begin = sents.bounds[index][0] if sents.bounds else 0
        # "executed by the Gwadar Port Authority": the one doing the work is not what the
        # money is for; nor the source of the figure ("According to the Planning
        # Commission"); "7 km upstream from Kohala Bridge": a landmark (real-article QA)
        given = by_sentence.get(index, [])
        candidates = [m for m in given if not _aside(text, begin, m)]
        if not candidates:
            # Framed out of the sentence by modality (corridor.modality.v1 calls again with
            # the items that are not frames): an initiative naming what is counted, "CPEC
            # projects are worth $25.4 billion", still owns it when it is the only item.
            if every is None:
                every = {}
                for mention in doc._.items or []:
                    every.setdefault(sents.index(mention.start), []).append(mention)
            others = [m for m in every.get(index, []) if not _aside(text, begin, m)]
            candidates = _counted(text, others)
            if not candidates:
                continue
        if len(candidates) > 1:
            # "a $6 billion loan from the Exim Bank of China" for ML-1: the lender gives the
            # money, it is not what the money is for (real-article QA)
            for_what = [m for m in candidates if not _lender(text, figure, m)]
            candidates = for_what or candidates
        # A figure inside a candidate's own name ("a 300MW solar park") belongs to it.
        nearest = min(
            candidates,
            key=lambda m: (
                0
                if m.start <= figure.start < m.end
                else min(abs(figure.start - m.end), abs(m.start - figure.end))
            ),
        )
        figure.item_id = nearest.item_id
        figure.item_key = nearest.key


# What a sum may be the size of, that is no item's cost: "a $1 trillion economy", "a $3
# trillion, tech-driven economy", "bilateral trade of $23 billion" (real-article QA: the
# economy target went to CPEC). (Attempts at one place on a short stretch: no timeout.)
MEASURED = r"(?:economy|economies|GDP|trade|exports|imports|market|remittances)"
MEASURE_AFTER = regex.compile(
    rf"(?:,?\s+(?!(?:of|for|in|to|and|or|on|by|from|with|under|the|a|an)\b)[\w-]+){{0,2}}?"
    rf",?\s+{MEASURED}(?![\w-])"
    # the head of its phrase: not "a $20 billion trade deal"
    r"(?=\s*(?:[,.;:)]|$)|\s+(?:by|in|of|and|or|with|through|within|for|to|at|is|was|will"
    r"|would|which|that|while)\b)"
)
MEASURE_BEFORE = regex.compile(
    rf"(?i)(?<![\w-]){MEASURED}(?:\s+(?:volume|size|target))?\s+(?:of|worth|valued\s+at)"
    r"\s+(?:(?:about|around|over|nearly|some|up\s+to|more\s+than)\s+)?$"
)
MEASURE_REACH = 40
# Before an organization: the work it does ("executed collaboratively by the", "built by")
# and perhaps other names of one list ("(GPA), National Engineering Services Pakistan
# (NESPAK), and"), or a source's words ("According to the", "as per", "According to a report
# released by the"; its name runs on to a comma). Possessive repeats: each attempt is linear (a search on a short stretch before the
# mention: no timeout).
NAME_WORD = r"[A-Z][\w&.'’-]*+|\([^()\n]{1,15}\)|\(|of|for|the"
ASIDE_BEFORE = regex.compile(
    r"(?:(?i:executed|implemented|built|constructed|developed|undertaken|carried\s+out"
    rf"|completed|installed|operated|managed)(?:\s+\w+ly)?\s+by\s+(?:(?:{NAME_WORD}|and|,)\s*+)*+"
    r"|(?i:according\s+to|as\s+per|citing)\s+"
    # ("a report released by the Ministry of Planning": the source's document)
    r"(?:(?i:a|an|the)\s+(?:[a-z]+\s+)?(?:report|survey|study|statement|data)\s+"
    r"(?:released|issued|published|compiled|prepared)\s+by\s+)?"
    rf"(?:(?:{NAME_WORD}|and)\s*+)*+)$"
)
ASIDE_REACH = 160
# Before a landmark: "upstream from", "km from the", "north of".
LANDMARK_BEFORE = regex.compile(
    r"(?i)(?:\bkm|\bkilomet(?:re|er)s?|\bmiles?)\s+(?:(?:up|down)stream|away|(?:north|south)"
    r"(?:-?(?:east|west))?|east|west)?\s*(?:of|from)\s+(?:the\s+)?$"
)
LANDMARK_REACH = 40


def _measures_no_item(text: str, figure: Amount | Capacity) -> bool:
    """Whether the sum is the size of an economy, a trade or a market."""
    after = MEASURE_AFTER.match(text, figure.end, min(len(text), figure.end + MEASURE_REACH))
    if after is not None:
        return True
    return (
        MEASURE_BEFORE.search(text, max(0, figure.start - MEASURE_REACH), figure.start) is not None
    )


def _aside(text: str, begin: int, mention: Mention) -> bool:
    """Whether the mention stands aside from the sentence's figures: an organization doing
    the work or giving the figure, or a landmark."""
    return _executor(text, begin, mention) or _landmark(text, mention)


def _executor(text: str, begin: int, mention: Mention) -> bool:
    """Whether an organization is named as doing the work ("executed by the Gwadar Port
    Authority (GPA), NESPAK and CHEC") or as the figure's source ("According to the Planning
    Commission"), alone or in a list after such words."""
    if mention.kind != Kind.ORGANIZATION:
        return False
    at = mention.start
    return ASIDE_BEFORE.search(text, max(begin, at - ASIDE_REACH), at) is not None


def _landmark(text: str, mention: Mention) -> bool:
    """Whether the mention is where a distance is measured from ("7 km upstream from Kohala
    Bridge", "90 km from the Gwadar Port")."""
    at = mention.start
    return LANDMARK_BEFORE.search(text, max(0, at - LANDMARK_REACH), at) is not None


def _counted(text: str, in_sentence: list[Mention]) -> list[Mention]:
    """The sentence's only registry item, when the call left it out and it is an initiative
    naming the things the sentence counts ("CPEC projects are worth $25.4 billion", "the
    CPEC-related projects"): what those are worth is its worth. Else none."""
    if len({m.key for m in in_sentence if m.item_id}) != 1:
        return []
    return [
        m
        for m in in_sentence
        if m.item_id and m.kind == Kind.INITIATIVE and _names_projects(text, m)
    ][:1]


# After an initiative, the things of it the sentence counts: "CPEC projects", "CPEC-related
# schemes", "China-Pakistan Economic Corridor (CPEC) projects".
PROJECTS_AFTER = regex.compile(
    r"(?:\s*\([^()\n]{1,12}\))?(?:-(?:related|funded|backed|linked|financed)\b)?"
    r"\s+(?i:projects|schemes|portfolio|investments?)\b"
)


def _names_projects(text: str, mention: Mention) -> bool:
    return PROJECTS_AFTER.match(text, mention.end, min(len(text), mention.end + 40)) is not None


# What an amount is, then "from" or "by" its giver: "loan from the", "grant by", "credit
# facility of". (An attempt at one place on a short stretch: no timeout, see
# base.REGEX_TIMEOUT.)
LENDER_GAP = regex.compile(
    r"(?i)\s*(?:[\w-]+\s+){0,2}?(?:loans?|credits?|financing|facility|grants?|funding"
    r"|deposits?|rollover|investment)\s+(?:from|by|of|extended\s+by)\s+(?:the\s+)?"
)
LENDER_REACH = 60


def _lender(text: str, figure: Amount | Capacity, mention: Mention) -> bool:
    """Whether the mention, an organization, is named as the giver of the amount."""
    if mention.kind != Kind.ORGANIZATION or not isinstance(figure, Amount):
        return False
    if not 0 <= mention.start - figure.end <= LENDER_REACH:
        return False
    return LENDER_GAP.fullmatch(text, figure.end, mention.start) is not None


def _usd(usd: float | None) -> float | None:
    """usd to the cent, and below a dollar to six significant figures: a tariff of Rs1.22 per
    unit is $0.00438, not 0."""
    if usd is None:
        return None
    return round(usd, 2) if abs(usd) >= 1 else float(f"{usd:.6g}")
