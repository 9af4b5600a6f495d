"""corridor.dates.v1 (spaCy factory corridor_dates_v1): dates and ranges with their granularity.

Own patterns, because dateparser returns None on ranges ("from February 4th to 8th, 2025")
and fills missing parts from today. Relative expressions ("last year", "on Tuesday", "in
March") are resolved against the source's published date and dropped when there is none.
Granularity is one of day, week, month, quarter, half, year. A weekday is the most recent
one on or before the published date; a weekday written next to a date belongs to it ("Friday
16th July", "Monday, 3 March 2025", "16 July (Friday)": the date wins). A day or month without
a year is the one nearest the published date: within six months either side, the later one
of two as near ("December 31" published 2021-01-04 is 2020-12-31; "July" published in January
is the coming July). When the words just before it look ahead ("will", "expected",
"scheduled to take place on"), a weekday, day, month or range without a year is the next
such one instead: "will commence commercial operations in August" published in January is
that year's August, "is scheduled to take place on Friday" the coming Friday; with no such
word before it, the first verb of its clause after it decides ("on Friday will lay the
foundation stone" is the coming Friday, "On Friday, the PM inaugurated" the last). A range without a year is the nearest such range, and one that crosses a
year end keeps its order ("December 28 to January 3"); a year written after a range is its
last day's. A fiscal or financial year ("fiscal year 2025-26", "FY2025-26") is Pakistan's,
1 July to 30 June; "2025-26" alone is two calendar years. A date's text ends before a
sentence's full stop ("in March." is "March").
"""

from __future__ import annotations

import calendar
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import date, timedelta

import regex
from spacy.language import Language
from spacy.tokens import Doc

from corridor.extract.base import (
    Covered,
    Sentences,
    Stage,
    doc_text,
    fold,
    folded_text,
    register_extensions,
    sentences,
)
from corridor.extract.records import DateRef, Mention
from corridor.model import Kind

MONTHS = {
    name: i
    for i, names in enumerate(
        [
            (),
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ]
    )
    for name in names
}
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4,
            "4th": 4, "last": 4, "final": 4}  # fmt: skip

M = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?"
D = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
Y = r"(?:19[5-9]\d|20[0-6]\d)"
TO = r"\s*(?:-|–|—|to|until|till|through|and)\s*"
NOT_QUANTITY = r"(?!\s*(?:MW|GW|kV|km|MGD|acres?|%|percent|per\s+cent|million|billion|bn|mn)\b)"

# Prepositions the patterns need for context but that are not part of the date itself.
LEAD = regex.compile(
    r"(?i)^(?:from|on|by|in|since|during|until|till|before|after|of|between"
    r"|last|this\s+past)\s+(?:the\s+)?"
)
NON_DIGIT = regex.compile(r"\D")
Resolver = Callable[[regex.Match[str], date | None], tuple[date, date | None, str] | None]


def _month(text: str) -> int:
    return MONTHS[text.rstrip(".").lower()]


def _day(text: str) -> int:
    return int(NON_DIGIT.sub("", text))


def _last_day(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


class Ahead(date):
    """The published date, when the words before a date written without its year speak of
    what is to come ("will commence commercial operations in August", "is scheduled to take
    place on Friday"): the date is the next such one, not the nearest."""


# Words before a yearless date that put it ahead of the published date (a past "by June"
# is as common as a future one: not among them).
AHEAD_BEFORE = regex.compile(
    # ("than expected", "as expected"; a past plan, "was expected to", is not ahead either)
    r"(?i)(?<![\w'])(?<!\b(?:than|as|was|were|had\s+been)\s+)"
    r"(?:will|shall|'ll|would|expected|scheduled|slated|set\s+to|due\s+to"
    # "is to be held on Tuesday", "are due on Friday" (real-article QA: read as last Tuesday)
    r"|plans?\s+to|to\s+take\s+place|(?:is|are)\s+to\s+be|(?:is|are)\s+due|next|coming"
    r"|upcoming|later\s+this)"
    r"(?![\w'])"
)
# Characters before the date in which such a word counts: the clause, up to its comma
# ("will lay the foundation stone of the Karachi Circular Railway on Friday": real-article
# QA, the modal stood 70 characters before the day, which was read as the last Friday).
AHEAD_REACH = 120
# A past tense after the word that looked ahead: the date is of what was done.
PAST_AFTER = regex.compile(r"(?i)(?<![\w'])(?:was|were|had|has\s+been|have\s+been)(?![\w'])")
# A past participle right before the date, not after a form of "be": the date is of a past
# act the clause names ("will implement the agreement signed on Monday"), not the modal's.
PARTICIPLE_BEFORE = regex.compile(
    r"(?<![\w'])(?!(?:be|been|being|is|are|was|were)\s)(?:[a-z]+)\s+"
    r"(?P<verb>[a-z]{2,}ed|held|signed|made|done|met|given|taken|laid|paid)"
    r"\s+(?:(?:on|in|last|this\s+past)\s+)?$"
)
# After a date with no look-ahead before it, the verb of its clause decides: "the Prime
# Minister during a visit to Balochistan on Friday will lay the foundation stone", "On
# Friday, the PM will inaugurate" (real-article QA). Words of the clause are read up to the
# first that is a modal (ahead), a past tense (not) or one opening another clause (not).
AFTER_REACH = 80
AFTER_WORD = regex.compile(r"[\w'’-]+|[.;:!?()\n“”\"]")
AFTER_AHEAD = frozenset({"will", "shall", "'ll", "would", "expected", "scheduled", "slated",
                         "due"})  # fmt: skip
AFTER_BE = frozenset({"is", "are"})  # "is to", "are to": ahead when "to" follows
AFTER_PAST = frozenset({"was", "were", "had", "has", "have", "did", "said", "says", "told",
                        "met", "held", "made", "took", "gave", "went", "came", "began", "left",
                        "saw", "paid", "laid", "led", "sent", "spoke", "flew", "signed"})  # fmt: skip
# Words that open another clause, whose verb is not the date's: "On Friday, the minister,
# who will lead ..."; "said on Friday that China will build" (real-article QA).
AFTER_STOP = frozenset({"that", "who", "which", "where", "when", "while", "as", "and", "but",
                        "after", "before", "because", "if"})  # fmt: skip
AFTER_WORDS = 10


def _ahead(text: str, start: int, end: int, base: date) -> date:
    """base, as Ahead when its clause speaks of what is to come: a look-ahead word just before
    `start` in the clause, and no past tense between it and the date ("The agreement, which
    would allow ..., was signed in July" is last July: the comma ends the window); else, with
    nothing before it, a modal that is the first verb after the date."""
    window = text[max(0, start - AHEAD_REACH) : start]
    cut = max(window.rfind(". "), window.rfind("\n"), window.rfind("; "), window.rfind(","))
    # (searches of a short window: no timeout, see base.REGEX_TIMEOUT)
    last = None
    for found in AHEAD_BEFORE.finditer(window, cut + 1):
        last = found
    ahead = Ahead(base.year, base.month, base.day)
    if last is not None:
        if PAST_AFTER.search(window, last.end()) is not None:
            return base
        participle = PARTICIPLE_BEFORE.search(window, last.end())
        if participle is not None and not AHEAD_BEFORE.fullmatch(participle["verb"]):
            return base
        return ahead
    return ahead if _modal_after(text, end) else base


def _modal_after(text: str, end: int) -> bool:
    """Whether the first verb of the date's clause after it is a modal looking ahead ("on
    Friday will lay", "On Friday, the PM will inaugurate"), not a past tense ("On Friday,
    the PM inaugurated"), a verb of saying's ("said on Friday that China will"; "on Friday
    said that") or one of another clause."""
    if REPORTED_BEFORE.search(text, max(0, end - 40), end) is not None:
        return False  # "said on Friday": the day of the saying
    words = [w.group() for w in AFTER_WORD.finditer(text, end, min(len(text), end + AFTER_REACH))]
    for i, word in enumerate(words[:AFTER_WORDS]):
        low = word.lower()
        if low in AFTER_AHEAD:
            return True
        if low in AFTER_BE:
            if words[i + 1 : i + 2] == ["to"]:
                return True
            continue
        if (low in AFTER_PAST or low in AFTER_STOP or not (low[:1].isalnum() or low[:1] == "'")
                or (word.islower() and len(word) > 3 and low.endswith("ed"))):  # fmt: skip
            return False
    return False


# A verb of saying right before the date ("said on Friday", "told reporters on Friday").
REPORTED_BEFORE = regex.compile(
    r"(?i)(?<![\w'])(?:said|says|told(?:\s+\w+)?|stated|announced|reported|added|noted)"
    r"\s+(?:on\s+|last\s+|this\s+past\s+)?\S+$"
)


def _nearest(base: date, period: Callable[[int], tuple[date, date]]) -> tuple[date, date]:
    """Of the periods period(year) for the published year, the one before and the one after,
    the one nearest base in days (none if base falls in it; the later one of two as near):
    a day or a range written without its year. ValueError if none exists ("February 29")."""
    best: tuple[int, date, date] | None = None
    ahead = isinstance(base, Ahead)
    for year in (base.year + 1, base.year, base.year - 1):  # the later first: it wins a tie
        try:
            first, last = period(year)
        except ValueError:
            continue
        if ahead and last < base:
            continue  # said of what is to come: not one already past
        gap = (first - base).days if first > base else max(0, (base - last).days)
        if best is None or gap < best[0]:
            best = (gap, first, last)
    if best is None:
        raise ValueError("no such day near the published date")
    return best[1], best[2]


def _nearest_month(base: date, month: int) -> int:
    """The year of the month nearest base's month: 5 months before to 6 after ("July"
    published in January is the coming one)."""
    offset = (month - base.month) % 12
    if offset > 6 and not isinstance(base, Ahead):  # ahead: this month or a coming one
        offset -= 12
    return base.year + (base.month - 1 + offset) // 12


def _day_range(m: regex.Match[str], base: date | None, m1: int, m2: int
               ) -> tuple[date, date | None, str] | None:  # fmt: skip
    """A range of days from (m1, d1) to (m2, d2): a year written after it is its last day's
    ("December 28 to January 3, 2021" starts in 2020), else the nearest such range."""
    d1, d2 = _day(m["d1"]), _day(m["d2"])
    crosses = (m2, d2) < (m1, d1)  # across a year end
    if crosses and m1 == m2:
        return None  # "March 30 to 2": no range

    def period(year: int) -> tuple[date, date]:
        return date(year, m1, d1), date(year + crosses, m2, d2)

    if m["y"]:
        start, end = period(int(m["y"]) - crosses)
    elif base is None:
        return None
    else:
        start, end = _nearest(base, period)
    return start, end, "day"


def _range_md(m: regex.Match[str], base: date | None) -> tuple[date, date | None, str] | None:
    m1 = _month(m["m1"])
    return _day_range(m, base, m1, _month(m["m2"]) if m["m2"] else m1)


def _single_day(m: regex.Match[str], base: date | None) -> tuple[date, date | None, str] | None:
    month, day = _month(m["m1"]), _day(m["d1"])
    if m.groupdict().get("y"):
        return date(int(m["y"]), month, day), None, "day"
    if base is None:
        return None
    first, _ = _nearest(base, lambda year: (date(year, month, day), date(year, month, day)))
    return first, None, "day"


def _month_year(m: regex.Match[str], base: date | None) -> tuple[date, date | None, str] | None:
    year = int(m["y"])
    month = _month(m["m1"])
    return date(year, month, 1), _last_day(year, month), "month"


def _year_range(m: regex.Match[str], base: date | None) -> tuple[date, date | None, str] | None:
    first, second = int(m["y1"]), m["y2"]
    last = int(second) if len(second) == 4 else int(m["y1"][:2] + second)
    if last <= first:
        return None
    return date(first, 1, 1), date(last, 12, 31), "year"


def _fiscal_year(m: regex.Match[str], base: date | None) -> tuple[date, date | None, str] | None:
    """Pakistan's fiscal year, 1 July to 30 June: "fiscal year 2025-26", "FY2024/25"."""
    first, second = int(m["y1"]), m["y2"]
    last = int(second) if len(second) == 4 else int(m["y1"][:2] + second)
    if last != first + 1:
        return None
    return date(first, 7, 1), date(last, 6, 30), "year"


def _part_year(m: regex.Match[str], base: date | None) -> tuple[date, date | None, str] | None:
    year = int(m["y"])
    part = m["part"].lower()
    months = {"end": (12, 12), "late": (9, 12), "mid": (6, 7), "early": (1, 4),
              "start": (1, 1), "beginning": (1, 1)}  # fmt: skip
    first, last = months.get(part, (1, 12))
    return date(year, first, 1), _last_day(year, last), "month"


def _quarter(m: regex.Match[str], base: date | None) -> tuple[date, date | None, str] | None:
    year = int(m["y"])
    q = int(m["q"]) if m["q"] else ORDINALS[m["qw"].lower()]
    return date(year, 3 * q - 2, 1), _last_day(year, 3 * q), "quarter"


def _half(m: regex.Match[str], base: date | None) -> tuple[date, date | None, str] | None:
    year = int(m["y"])
    second = (m["h"] or m["hn"] or "").lower() in ("2", "second", "latter")
    if second:
        return date(year, 7, 1), date(year, 12, 31), "half"
    return date(year, 1, 1), date(year, 6, 30), "half"


def _bare_year(m: regex.Match[str], base: date | None) -> tuple[date, date | None, str] | None:
    return date(int(m["y"]), 1, 1), date(int(m["y"]), 12, 31), "year"


def _relative(m: regex.Match[str], base: date | None) -> tuple[date, date | None, str] | None:
    if base is None:
        return None
    word = m["rel"].lower()
    unit = m["unit"].lower() if m["unit"] else ""
    if word in ("today", "yesterday", "tomorrow"):
        delta = {"today": 0, "yesterday": -1, "tomorrow": 1}[word]
        return base + timedelta(days=delta), None, "day"
    step = {"last": -1, "past": -1, "previous": -1, "this": 0, "current": 0, "next": 1,
            "coming": 1}[word]  # fmt: skip
    if unit == "year":
        y = base.year + step
        return date(y, 1, 1), date(y, 12, 31), "year"
    if unit == "month":
        month_index = base.year * 12 + base.month - 1 + step
        y, mo = divmod(month_index, 12)
        return date(y, mo + 1, 1), _last_day(y, mo + 1), "month"
    if unit == "week":
        monday = base - timedelta(days=base.weekday()) + timedelta(weeks=step)
        return monday, monday + timedelta(days=6), "week"
    return None


def _weekday(m: regex.Match[str], base: date | None) -> tuple[date, date | None, str] | None:
    if base is None:
        return None
    target = WEEKDAYS.index(m["wd"].lower())
    if isinstance(base, Ahead):  # "is scheduled to take place on Friday": the coming one
        ahead = (target - base.weekday()) % 7
        return date.fromordinal(base.toordinal() + ahead), None, "day"
    back = (base.weekday() - target) % 7
    return date.fromordinal(base.toordinal() - back), None, "day"


def _month_only(m: regex.Match[str], base: date | None) -> tuple[date, date | None, str] | None:
    if base is None:
        return None
    month = _month(m["m1"])
    year = _nearest_month(base, month)
    return date(year, month, 1), _last_day(year, month), "month"


def _range_dm(m: regex.Match[str], base: date | None) -> tuple[date, date | None, str] | None:
    m2 = _month(m["m2"])
    return _day_range(m, base, _month(m["m1"]) if m["m1"] else m2, m2)


# The resolvers whose date, said without its year, may be the next one rather than the
# nearest (`Ahead`): the words before are read only for these.
YEARLESS: frozenset[Resolver] = frozenset({_range_md, _range_dm, _single_day, _month_only,
                                            _weekday})  # fmt: skip

PATTERNS: list[tuple[regex.Pattern[str], Resolver]] = [
    (
        regex.compile(
            rf"(?:[Ff]rom\s+)?(?P<m1>{M})\s+(?P<d1>{D}){TO}(?:(?P<m2>{M})\s+)?(?P<d2>{D})"
            rf"(?:,?\s+(?P<y>{Y}))?(?!\d)"
        ),
        _range_md,
    ),
    (
        regex.compile(
            rf"(?:[Ff]rom\s+)?(?P<d1>{D})(?:\s+(?P<m1>{M}))?{TO}(?P<d2>{D})\s+(?P<m2>{M})"
            rf"(?:,?\s+(?P<y>{Y}))?(?!\d)"
        ),
        _range_dm,
    ),
    (regex.compile(rf"(?P<m1>{M})\s+(?P<d1>{D}),?\s+(?P<y>{Y})(?!\d)"), _single_day),
    (regex.compile(rf"(?P<d1>{D})\s+(?P<m1>{M}),?\s+(?P<y>{Y})(?!\d)"), _single_day),
    (regex.compile(rf"(?:on\s+)?(?P<m1>{M})\s+(?P<d1>{D})(?![\d,]*\s*\d)(?!\w)"), _single_day),
    (regex.compile(rf"(?:on\s+)?(?P<d1>{D})\s+(?P<m1>{M})(?!\w)"), _single_day),
    (regex.compile(rf"(?P<m1>{M}),?\s+(?P<y>{Y})(?!\d)"), _month_year),
    (
        regex.compile(
            rf"(?i)(?<!\w)(?:(?:fiscal|financial)\s+year\s+|FY\s*)(?P<y1>{Y})\s*(?:-|–|/)\s*"
            rf"(?P<y2>{Y}|\d\d)(?![\d-])"
        ),
        _fiscal_year,
    ),
    (
        regex.compile(
            rf"(?i)(?:from\s+|between\s+)?(?P<y1>{Y})\s*(?:-|–|to|and)\s*(?P<y2>{Y}|\d\d)"
            rf"(?![\d-]){NOT_QUANTITY}"
        ),
        _year_range,
    ),
    (
        regex.compile(
            rf"(?i)(?:by\s+)?(?:the\s+)?(?P<part>end|late|mid|early|start|beginning)"
            rf"(?:\s+of|-|\s+)\s*(?P<y>{Y})(?!\d)"
        ),
        _part_year,
    ),
    (
        regex.compile(
            rf"(?i)(?:(?:the\s+)?(?P<qw>first|second|third|fourth|1st|2nd|3rd|4th|last|final)"
            rf"\s+quarter\s+of\s+|Q(?P<q>[1-4])\s*(?:of\s+)?)(?:FY\s*)?(?P<y>{Y})(?!\d)"
        ),
        _quarter,
    ),
    (
        regex.compile(
            rf"(?i)(?:(?:the\s+)?(?P<h>first|second|latter)\s+half\s+of\s+|H(?P<hn>[12])\s*)"
            rf"(?P<y>{Y})(?!\d)"
        ),
        _half,
    ),
    (
        regex.compile(
            r"(?i)(?P<rel>today|yesterday|tomorrow)\b|(?P<rel>last|past|previous|this"
            r"|current|next|coming)\s+(?P<unit>year|month|week)\b"
        ),
        _relative,
    ),
    (
        regex.compile(
            r"(?:on\s+|last\s+|this\s+past\s+)?(?P<wd>Monday|Tuesday|Wednesday"
            r"|Thursday|Friday|Saturday|Sunday)\b"
        ),
        _weekday,
    ),
    (
        regex.compile(
            rf"\b(?:[Ii]n|[Ss]ince|[Bb]y|[Dd]uring|[Uu]ntil|till|[Bb]efore|[Aa]fter|[Ff]rom|of)\s+(?P<m1>{M})"
            r"(?![\w.])"
        ),
        _month_only,
    ),
    (regex.compile(rf"(?<![\w$€¥.,-])(?P<y>{Y})(?![\w%-]|[,.]\d){NOT_QUANTITY}"), _bare_year),
]

# Whether a match of each of PATTERNS may begin with a LEAD word: those that begin with an M,
# a D or a Y cannot (no month name begins with one of them, case-blind), nor a fiscal year. A
# relative one keeps its "last" ("last year"): without it, it is no date.
MAY_LEAD = [True, True, False, False, True, True, False, False, True, True, True, True, False,
            True, True, False]  # fmt: skip
# The patterns of one explicit day or range of days: a weekday next to one belongs to it.
DAY_PATTERNS = 6


def _by_last(*words: str) -> dict[str, tuple[str, ...]]:
    """words under their last letter, for _word_starts."""
    out: dict[str, tuple[str, ...]] = {}
    for word in words:
        out[word[-1]] = (*out.get(word[-1], ()), word)
    return out


# Where a date may be: the patterns only run in windows of WINDOW characters around the
# matches of TRIGGER. _triggers finds those matches with str.find and a few character tests
# (the same matches as TRIGGER.finditer: a test holds them together); _pattern_starts then
# finds, the same way, every place where each pattern may start, and the pattern is tried
# at those places only.
TRIGGER = regex.compile(
    rf"{M}|\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|today|yesterday"
    r"|tomorrow|year|month|week|quarter|half|Q[1-4]|H[12])\b|(?<!\d)(?:19|20)\d\d(?!\d)"
)
WINDOW = 45

# The spellings of M, each under the three letters it starts with (case-sensitive, as M is),
# in the order M tries them.
MONTH_SPELLINGS = {
    "Jan": ("January", "Jan"), "Feb": ("February", "Feb"), "Mar": ("March", "Mar"),
    "Apr": ("April", "Apr"), "May": ("May",), "Jun": ("June", "Jun"), "Jul": ("July", "Jul"),
    "Aug": ("August", "Aug"), "Sep": ("September", "Sept", "Sep"), "Oct": ("October", "Oct"),
    "Nov": ("November", "Nov"), "Dec": ("December", "Dec"),
}  # fmt: skip
# Every start of an M, in one pass. The standard library's re: a few literals cannot make it
# backtrack, and it scans faster than regex; two of them cannot overlap (a capital and two
# lowercase letters), so finditer finds them all.
MONTH_START = re.compile("|".join(MONTH_SPELLINGS))
WEEKDAY_NAMES = tuple(day.capitalize() for day in WEEKDAYS)
# Each weekday under the three letters before its "day" (all differ), to test a "day" in one look.
WEEKDAY_BY_STEM = {name[-6:-3]: name for name in WEEKDAY_NAMES}
# Lowercase words found in the folded text (base.fold): a case-blind pattern matches them in
# any case there, a case-sensitive one in some of those places.
RELATIVE_DAYS = ("today", "yesterday", "tomorrow")
UNITS = ("year", "month", "week")
FOLDED_WORDS = ("tomorrow", *UNITS, "half")  # "today", "yesterday" from "day", "quarter" from "q"
# The words a pattern allows before what it is anchored on (lowercase, looked up in the folded
# text, so that a case-sensitive pattern gets a few tries that fail).
REL_WORDS = _by_last("last", "past", "previous", "this", "current", "next", "coming")
QUARTER_WORDS = _by_last("first", "second", "third", "fourth", "1st", "2nd", "3rd", "4th", "last",
                         "final")  # fmt: skip
HALF_WORDS = _by_last("first", "second", "latter")
PART_WORDS = _by_last("end", "late", "mid", "early", "start", "beginning")
PREPOSITIONS = _by_last("in", "since", "by", "during", "until", "till", "before", "after", "from",
                        "of")  # fmt: skip
THE, BY, ON, FROM = _by_last("the"), _by_last("by"), _by_last("on"), _by_last("from")
FROM_BETWEEN, ON_LAST = _by_last("from", "between"), _by_last("on", "last")
PAST, THIS = _by_last("past"), _by_last("this")
YEAR_WORD, FISCAL = _by_last("year"), _by_last("fiscal", "financial")
# Characters as the patterns see them. Single-character classes: no backtracking, no timeout.
DIGIT = regex.compile(r"\d")
SPACE = regex.compile(r"\s")
WORD = regex.compile(r"\w")
NOT_REGEX_SPACE = "\x1c\x1d\x1e\x1f"  # str.isspace takes these, regex's \s does not
INLINE_SPACE = " \t\xa0"  # between a weekday and its date: no line break
ASCII_DIGITS = tuple("0123456789")
RANGE_DM_START = re.compile("[0-9]|[Ff]rom")  # where the range "4th-8th March" may start
ORDINAL_ENDS = frozenset(["st", "nd", "rd", "th"])


def _find(haystack: str, literal: str) -> list[int]:
    """Every offset of literal in haystack, overlapping ones too."""
    out = []
    i = haystack.find(literal)
    while i != -1:
        out.append(i)
        i = haystack.find(literal, i + 1)
    return out


def _ends_with(haystack: str, end: int, word: str) -> bool:
    """Whether word stands in haystack right before end."""
    return end >= len(word) and haystack.startswith(word, end - len(word))


# _space_start and _space_end run at every anchor: their test of a character is written out.
def _space_start(text: str, i: int) -> int:
    """Where the run of whitespace (regex \\s) that ends at i begins (i if there is none)."""
    while i > 0:
        char = text[i - 1]
        if char != " " and (not char.isspace() or char in NOT_REGEX_SPACE):
            break
        i -= 1
    return i


def _space_end(text: str, i: int) -> int:
    """Where the run of whitespace that starts at i ends (i if there is none)."""
    n = len(text)
    while i < n:
        char = text[i]
        if char != " " and (not char.isspace() or char in NOT_REGEX_SPACE):
            break
        i += 1
    return i


def _is_word(text: str, i: int) -> bool:
    """Whether text[i] exists and is a \\w character."""
    if i < 0 or i >= len(text):
        return False
    char = text[i]
    if char.isascii():
        return char.isalnum() or char == "_"
    return WORD.match(char) is not None


def _is_digit(text: str, i: int) -> bool:
    """Whether text[i] exists and is a \\d character."""
    if i < 0 or i >= len(text):
        return False
    char = text[i]
    if char.isascii():
        return "0" <= char <= "9"
    return DIGIT.match(char) is not None


def _is_alone(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] has \\b at both ends (it starts and ends with \\w)."""
    return not _is_word(text, start - 1) and not _is_word(text, end)


def _month_spelling_end(text: str, month: int) -> int:
    """Where M ends at month (its first spelling that fits, and a dot if one follows)."""
    spellings = MONTH_SPELLINGS[text[month : month + 3]]
    end = month + len(next(s for s in spellings if text.startswith(s, month)))
    return end + 1 if text.startswith(".", end) else end


def _is_year_trigger(text: str, at: int) -> bool:
    """Whether (?<!\\d)(?:19|20)\\d\\d(?!\\d) matches at at, given "19" or "20" there."""
    if _is_digit(text, at - 1) or _is_digit(text, at + 4):
        return False
    return _is_digit(text, at + 2) and _is_digit(text, at + 3)


@dataclass
class _Anchors:
    """Where the literals that every TRIGGER match and every date holds stand in a text."""

    months: list[int]  # the starts of M (case-sensitive)
    nineteen: list[int]  # "19", a year's first digits
    twenty: list[int]  # "20"
    words: dict[str, list[int]]  # FOLDED_WORDS, "today" and "yesterday" in the folded text
    weekdays: list[tuple[int, int]]  # "Monday" ... (case-sensitive)
    q_digits: list[int]  # "q1"-"q4" in the folded text
    h_digits: list[int]  # "h1", "h2" in the folded text

    @classmethod
    def find(cls, text: str, folded: str) -> _Anchors:
        words = {w: _find(folded, w) for w in FOLDED_WORDS}
        # "q" is rare: one pass for it finds "quarter" and "q1"-"q4" (five passes before).
        words["quarter"], q_digits = [], []
        for i in _find(folded, "q"):
            if folded.startswith("quarter", i):
                words["quarter"].append(i)
            elif folded[i + 1 : i + 2] in ("1", "2", "3", "4"):
                q_digits.append(i)
        today, yesterday, weekdays = [], [], []
        for i in _find(folded, "day"):
            if i >= 2 and folded[i - 2 : i] == "to":
                today.append(i - 2)
            elif i >= 6 and folded[i - 6 : i] == "yester":
                yesterday.append(i - 6)
            if i >= 3:
                name = WEEKDAY_BY_STEM.get(text[i - 3 : i])
                if name is not None and text.startswith(name, i + 3 - len(name)):
                    weekdays.append((i + 3 - len(name), i + 3))
        words["today"], words["yesterday"] = today, yesterday
        return cls(
            months=[m.start() for m in MONTH_START.finditer(text)],
            nineteen=_find(text, "19"),
            twenty=_find(text, "20"),
            words=words,
            weekdays=weekdays,
            q_digits=q_digits,
            h_digits=_letter_digits(folded, "h", "12"),
        )


def _triggers(text: str, anchors: _Anchors) -> list[tuple[int, int]]:
    """Every match of TRIGGER in text as (start, end), in no order."""
    triggers = [(q, _month_spelling_end(text, q)) for q in anchors.months]
    years = anchors.nineteen + anchors.twenty
    triggers += [(i, i + 4) for i in years if _is_year_trigger(text, i)]
    words = [(i, i + len(w)) for w, found in anchors.words.items() for i in found
             if text.startswith(w, i)]  # fmt: skip
    words += anchors.weekdays
    words += [(i, i + 2) for i in anchors.q_digits if text[i] == "Q"]
    words += [(i, i + 2) for i in anchors.h_digits if text[i] == "H"]
    return triggers + [(a, b) for a, b in words if _is_alone(text, a, b)]


def _windows(text: str, start: int, triggers: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The stretches of text around the TRIGGER matches (what TRIGGER.finditer finds from
    start, given every match as (start, end), in any order), merged where they touch."""
    windows: list[tuple[int, int]] = []
    pos = start
    for at, end in sorted(triggers):
        if at < pos:
            continue
        pos = end
        a, b = max(start, at - WINDOW), min(len(text), end + WINDOW)
        if windows and a <= windows[-1][1]:
            windows[-1] = (windows[-1][0], b)
        else:
            windows.append((a, b))
    return windows


def _word_starts(folded: str, end: int, words: dict[str, tuple[str, ...]]) -> list[int]:
    """Where those of words (from _by_last) start that end at end in folded."""
    if end <= 0:
        return []
    return [end - len(w) for w in words.get(folded[end - 1], ()) if _ends_with(folded, end, w)]


def _before(text: str, folded: str, ends: list[int], words: dict[str, tuple[str, ...]]
            ) -> list[int]:  # fmt: skip
    """Where one of words (from _by_last) starts that whitespace separates from one of the
    positions ends."""
    out = []
    for end in ends:
        i = _space_start(text, end)
        if i < end:
            out += _word_starts(folded, i, words)
    return out


def _month_end(text: str, month: int) -> int:
    """Where the letters and dots from a month's first three letters on end: a pattern that
    wants whitespace or a comma after an M finds them there, or not at all."""
    i = month + 3
    while i < len(text) and text[i].isascii() and (text[i].isalpha() or text[i] == "."):
        i += 1
    return i


def _range_may_follow(text: str, day: int) -> bool:
    """Whether TO (whitespace or not, then "-", "to", "until" ...) may follow the D at day (an
    ASCII digit): D has at most two digits, then st/nd/rd/th or not."""
    k = day + 1
    if k < len(text) and text[k] in ASCII_DIGITS:
        k += 1
    if k >= len(text):
        return False
    char = text[k]
    return char in "stnr-–—ua" or char.isspace() or not char.isascii()


def _digits_follow(text: str, day: int, end: int) -> bool:
    """Whether ASCII digits and commas from day (a D), whitespace, then a digit stand before
    end: every D there is then followed by what "(?![\\d,]*\\s*\\d)" rejects ("March 5, 2024")."""
    k = day
    while k < end and text[k] in "0123456789,":
        k += 1
    k = _space_end(text, k)
    return k < end and text[k] in ASCII_DIGITS


def _year_follows(text: str, i: int, years: set[int]) -> bool:
    """Whether a comma or not, whitespace and a Y come at i (",?\\s+Y")."""
    if text.startswith(",", i):
        i += 1
    j = _space_end(text, i)
    return j > i and j in years


def _day_before(text: str, month: int) -> bool:
    """Whether a D (ending in a digit or st/nd/rd/th) and whitespace come right before."""
    i = month
    while i > 0 and SPACE.match(text[i - 1]):
        i -= 1
    if i == month or i == 0:
        return False
    return DIGIT.match(text[i - 1]) is not None or text[max(0, i - 2) : i] in ORDINAL_ENDS


def _day_starts(text: str, day_months: list[int]) -> list[int]:
    """Where the D before one of day_months may start: a D is one to four characters ("5",
    "31st") and starts with an ASCII digit."""
    out = []
    for month in day_months:
        i = _space_start(text, month)
        out += [j for j in range(max(0, i - 4), i) if text[j] in ASCII_DIGITS]
    return out


def _years(text: str, nineteen: list[int], twenty: list[int]) -> list[int]:
    """Every start of a Y (overlapping ones too), from those of "19" and "20"."""
    out = [i for i in nineteen if text[i + 2 : i + 3] in ("5", "6", "7", "8", "9")]
    out += [i for i in twenty if text[i + 2 : i + 3] in ("0", "1", "2", "3", "4", "5", "6")]
    return sorted(i for i in out if _is_digit(text, i + 3))


def _year_range_follows(text: str, folded: str, year: int) -> bool:
    """Whether "-", "–", "to" or "and" comes after the Y at year (with whitespace or not)."""
    i = _space_end(text, year + 4)
    return text[i : i + 1] in ("-", "–") or folded.startswith(("to", "and"), i)


def _bare_year_may(text: str, year: int, end: int) -> bool:
    """Whether the Y at year stands apart: no \\w, $, €, ¥, '.', ',' or '-' before, no \\w,
    '%' or '-' after, up to end (what the pattern looks around it for; it also refuses ','
    or '.' and a digit: "2020,500", "2020.5")."""
    if year > 0 and (text[year - 1] in "$€¥.,-" or _is_word(text, year - 1)):
        return False
    after = year + 4
    return after >= end or not (text[after] in "%-" or _is_word(text, after))


def _part_starts(text: str, folded: str, years: list[int]) -> list[int]:
    """Where a part of a year ("end", "the end", "by the end" ...) may start before a Y: the
    part ends before whitespace, before "-", or before whitespace and "of"."""
    ends = []
    for year in years:
        i = _space_start(text, year)
        if i < year:
            ends.append(i)
        if text[i - 1 : i] == "-":
            ends.append(i - 1)
        if folded[max(0, i - 2) : i] == "of":
            j = _space_start(text, i - 2)
            if j < i - 2:
                ends.append(j)
    parts = [i for e in ends for i in _word_starts(folded, e, PART_WORDS)]
    the = _before(text, folded, parts, THE)
    return parts + the + _before(text, folded, parts + the, BY)


def _fiscal_starts(text: str, folded: str, years: list[int]) -> list[int]:
    """Where a fiscal year may start before a Y: "FY" right or whitespace before it, or
    "fiscal year" / "financial year" and whitespace."""
    out = []
    for year in years:
        i = _space_start(text, year)
        if folded[max(0, i - 2) : i] == "fy":
            out.append(i - 2)
    return out + _before(text, folded, _before(text, folded, years, YEAR_WORD), FISCAL)


def _ordinal_starts(text: str, folded: str, nouns: list[int], words: dict[str, tuple[str, ...]]
                    ) -> list[int]:  # fmt: skip
    """Where "first quarter", "the second half" ... may start, given where the noun does."""
    ordinals = _before(text, folded, nouns, words)
    return ordinals + _before(text, folded, ordinals, THE)


def _letter_digits(folded: str, letter: str, digits: str) -> list[int]:
    """Where the letter (either case) stands right before one of the digits ("Q3", "h1")."""
    return sorted(i for digit in digits for i in _find(folded, letter + digit))


def _matches(pattern: regex.Pattern[str], text: str, windows: list[tuple[int, int]],
             firsts: list[int], starts: list[int], taken: Covered
             ) -> Iterator[regex.Match[str]]:  # fmt: skip
    """What pattern.finditer finds in each window, given every position where a match may
    start (in any order, repeats allowed): the pattern is tried there alone. firsts: the
    windows' starts; taken marks the characters of the dates kept so far (the caller marks
    them between two matches)."""
    ordered = sorted(set(starts))
    last = len(ordered) - 1
    pos = 0
    for k, at in enumerate(ordered):
        if at < pos:
            continue
        i = bisect_right(firsts, at) - 1
        if i < 0:
            continue
        end = windows[i][1]
        if at >= end:
            continue
        # A match that starts inside a date taken is dropped; it would only hide the starts
        # after it in its window, so where there are none it needs no try.
        if taken.covers(at) and (k == last or ordered[k + 1] >= end):
            continue
        m = pattern.match(text, at, end)  # one place in one window: no timeout (see base)
        if m is not None:
            pos = m.end()
            yield m


def _any_in(starts: list[int], a: int, last: int) -> bool:
    """Whether some start lies in [a, last]."""
    i = bisect_left(starts, a)
    return i < len(starts) and starts[i] <= last


def _pattern_starts(text: str, folded: str, base: date | None, windows: list[tuple[int, int]],
                    anchors: _Anchors, day_months: list[int]) -> list[list[int] | None]:  # fmt: skip
    """Where each of PATTERNS may start, in their order: every position where it can match
    (and some more). None: scan the windows that hold a day right before a month (the
    range "4th-8th March" has no cheap start). What a pattern must not have after a place
    is only looked for up to the end of the window (the pattern sees no further)."""
    firsts = [a for a, _ in windows]

    def window_end(at: int) -> int:
        return windows[max(0, bisect_right(firsts, at) - 1)][1]

    months, words = anchors.months, anchors.words
    weekdays = [a for a, _ in anchors.weekdays]
    q_digits, h_digits = anchors.q_digits, anchors.h_digits
    years = _years(text, anchors.nineteen, anchors.twenty)
    year_set = set(years)
    ends = {q: _month_end(text, q) for q in months}
    with_day, ranged, lone_day = [], [], []  # "M D"; those that TO may follow; not "M D, Y"
    for q in months:
        e = ends[q]
        j = _space_end(text, e)  # where the D of "M\s+D" starts
        if e < j < len(text) and text[j] in ASCII_DIGITS:
            with_day.append(q)
            if _range_may_follow(text, j):
                ranged.append(q)
            if not _digits_follow(text, j, window_end(q)):
                lone_day.append(q)
    with_year = [q for q in months if _year_follows(text, ends[q], year_set)]
    days = _day_starts(text, day_months)
    days_year = _day_starts(text, [q for q in day_months if _year_follows(text, ends[q], year_set)])
    ranges = [y for y in years if _year_range_follows(text, folded, y)]
    starts: list[list[int] | None] = [
        ranged + _before(text, folded, ranged, FROM),
        None,
        with_day,
        days_year,
        lone_day + _before(text, folded, lone_day, ON),
        days + _before(text, folded, days, ON),
        with_year,
        _fiscal_starts(text, folded, years),
        ranges + _before(text, folded, ranges, FROM_BETWEEN),
        _part_starts(text, folded, years),
        q_digits + _ordinal_starts(text, folded, words["quarter"], QUARTER_WORDS),
        h_digits + _ordinal_starts(text, folded, words["half"], HALF_WORDS),
        [],
        [],
        [],
        [y for y in years if _bare_year_may(text, y, window_end(y))],
    ]
    if base is not None:  # without it the relative patterns resolve nothing: not tried
        units = [i for unit in UNITS for i in words[unit]]
        pasts = _before(text, folded, weekdays, PAST)
        alone = [q for q in months if ends[q] >= window_end(q) or not _is_word(text, ends[q])]
        relative = [i for day in RELATIVE_DAYS for i in words[day]]
        starts[12] = relative + _before(text, folded, units, REL_WORDS)
        on_last = _before(text, folded, weekdays, ON_LAST)
        starts[13] = weekdays + on_last + _before(text, folded, pasts, THIS)
        starts[14] = _before(text, folded, alone, PREPOSITIONS)
    return starts


def _weekday_ending(text: str, end: int) -> int | None:
    """Where a weekday name ("Friday", as the weekday pattern has it) starts that ends at end."""
    name = WEEKDAY_BY_STEM.get(text[end - 6 : end - 3]) if text.startswith("day", end - 3) else None
    if name is None or not _ends_with(text, end, name) or _is_word(text, end - len(name) - 1):
        return None
    return end - len(name)


def _inline_space_end(text: str, i: int) -> int:
    """Where a run of up to three spaces or tabs (no line break) from i ends."""
    j = i
    while j < len(text) and j - i < 3 and text[j] in INLINE_SPACE:
        j += 1
    return j


def _date_follows(text: str, i: int) -> bool:
    """Whether a D or an M may come at i after a comma or not and spaces ("Friday 16 July")."""
    j = _inline_space_end(text, i + 1 if text.startswith(",", i) else i)
    return j > i and (text[j : j + 1] in ASCII_DIGITS or text[j : j + 3] in MONTH_SPELLINGS)


def _with_weekday(text: str, start: int, end: int, taken: Covered) -> tuple[int, int]:
    """The span of the day at text[start:end] with a weekday written next to it: "Friday 16th
    July", "Monday, 3 March 2025" before it, else "16 July, Friday", "16 July (Friday)" after;
    one that another date has taken stays its ("16 July, Friday 17 July")."""
    i = start
    while i > 0 and start - i < 3 and text[i - 1] in INLINE_SPACE:
        i -= 1
    if i > 0 and text[i - 1] == ",":
        i -= 1
    if i < start:
        weekday = _weekday_ending(text, i)
        if weekday is not None and not taken.overlaps(weekday, i):
            return weekday, end
    if text.startswith(",", end):  # "16 July, Friday"
        j = _inline_space_end(text, end + 1)
        paren, apart = False, j > end + 1
    else:  # "16 July Friday", "16 July (Friday)"
        j = _inline_space_end(text, end)
        paren = text.startswith("(", j)
        j += paren
        apart = j > end
    if apart:
        for name in WEEKDAY_NAMES:
            if text.startswith(name, j):
                after = j + len(name)
                if paren and text.startswith(")", after):
                    after += 1
                elif paren or _is_word(text, after) or _date_follows(text, after):
                    break  # not alone, or the weekday of the date after it
                return (start, end) if taken.overlaps(j, after) else (start, after)
    return start, end


def find_dates(
    text: str,
    base: date | None,
    start: int = 0,
    end: int | None = None,
    folded: str | None = None,
) -> list[DateRef]:
    """Every date expression in text[start:end], longest first, resolved against base.
    folded is fold(text) when the caller has it."""
    folded = fold(text) if folded is None else folded
    if end is not None and end < len(text):
        # The patterns look no further than end: as if the text stopped there.
        text, folded = text[:end], folded[:end]
    anchors = _Anchors.find(text, folded)
    windows = _windows(text, start, _triggers(text, anchors))
    if not windows:
        return []
    day_months = [q for q in anchors.months if _day_before(text, q)]
    starts = _pattern_starts(text, folded, base, windows, anchors, day_months)

    found: list[DateRef] = []
    firsts = [a for a, _ in windows]
    taken = Covered(len(text))  # where the dates kept so far stand
    for index, ((pattern, resolve), pattern_starts, may_lead) in enumerate(
        zip(PATTERNS, starts, MAY_LEAD, strict=True)
    ):
        if pattern_starts is None:
            day_windows = [w for w in windows if _any_in(day_months, w[0] + 1, w[1] - 3)]
            # A match starts with [Ff]rom or a D's first digit: tried there, not everywhere.
            day_starts = [
                m.start() for a, b in day_windows for m in RANGE_DM_START.finditer(text, a, b)
            ]
            day_firsts = [a for a, _ in day_windows]
            matches = _matches(pattern, text, day_windows, day_firsts, day_starts, taken)
        elif pattern_starts:
            matches = _matches(pattern, text, windows, firsts, pattern_starts, taken)
        else:
            continue
        for m in matches:
            m_start, m_end = m.span()
            if taken.overlaps(m_start, m_end):
                continue  # it overlaps a date kept
            try:
                given = base
                if base is not None and resolve in YEARLESS and not m.groupdict().get("y"):
                    given = _ahead(text, m_start, m_end, base)
                resolved = resolve(m, given)
            except (ValueError, KeyError, OverflowError):
                # "February 30", an unknown ordinal, "last year" of a source dated year 1
                continue
            if resolved is None:
                continue
            first, last, granularity = resolved
            lead = LEAD.match(m.group()) if may_lead else None
            begin = m_start + (lead.end() if lead else 0)
            if text[m_end - 1] == ".":
                m_end -= 1  # "in March.": an M's point, or a full stop; not the date's
            if index < DAY_PATTERNS:
                begin, m_end = _with_weekday(text, begin, m_end, taken)
            taken.add(min(m_start, begin), m_end)
            found.append(
                DateRef(
                    begin,
                    m_end,
                    text[begin:m_end],
                    first.isoformat(),
                    last.isoformat() if last else None,
                    granularity,
                )
            )
    return sorted(found, key=lambda d: d.start)


class DateFinder(Stage):
    def __init__(self, nlp: Language) -> None:
        register_extensions()

    def __call__(self, doc: Doc) -> Doc:
        text, folded, base = doc_text(doc), folded_text(doc), doc._.published
        found = find_dates(text, base, folded=folded)
        found = within_sentences(
            found, sentences(doc), lambda s, e: sentence_dates(text, folded, base, s, e)
        )
        doc._.dates = outside_names(found, doc._.items or [])
        return doc


def outside_names(found: list[DateRef], mentions: list[Mention]) -> list[DateRef]:
    """The dates but the years inside an item's name: the years of "Gwadar Master Plan 2050"
    or "Action Plan 2025-2029" name the plan, and dated every claim of their sentences 2050
    (QA). A day or a month in a name is when the thing named happened ("Joint Statement ...
    (6 February 2025)"), and so is all of an event's ("Harbin 2025")."""
    spans = sorted((m.start, m.end) for m in mentions if m.kind != Kind.EVENT)
    if not spans or not any(d.granularity == "year" for d in found):
        return found
    starts = [a for a, _ in spans]
    reach = max(b - a for a, b in spans)
    out = []
    for d in found:
        if d.granularity != "year":
            out.append(d)
            continue
        i = bisect_right(starts, d.start)
        inside = False
        while i > 0 and starts[i - 1] > d.start - reach:
            i -= 1
            if spans[i][1] >= d.end:
                inside = True
                break
        if not inside:
            out.append(d)
    return out


def sentence_dates(text: str, folded: str, base: date | None, start: int, end: int
                   ) -> list[DateRef]:  # fmt: skip
    """find_dates of one sentence, text[start:end], read on its own: a text whose dates run
    across many sentence ends ("in March.\n1 MoU ...") had each of those sentences read as
    the text up to its end (QA: 186 s for 125,000 characters), now only the sentence. A
    sentence begins after a space or a line break, so no pattern's look-behind misses what
    stood before it."""
    return [
        replace(d, start=d.start + start, end=d.end + start)
        for d in find_dates(text[start:end], base, folded=folded[start:end])
    ]


def within_sentences(found: list[DateRef], sents: Sentences,
                     find: Callable[[int, int], list[DateRef]]) -> list[DateRef]:  # fmt: skip
    """found with no date running across a sentence end ("in March.\n1 MoU was signed" is
    not 1 March): the sentences such a date touches are read again, each on its own (find
    reads one sentence's span). Such dates are rare, so the text is read whole first."""
    bounds = sents.bounds
    redo: set[int] = set()
    for d in found:
        i = sents.index(d.start)
        if bounds and d.end > bounds[i][1]:
            redo.update(range(i, bisect_left(sents.starts, d.end)))
    if not redo:
        return found
    spans = [bounds[i] for i in sorted(redo)]
    out = [d for d in found if sents.index(d.start) not in redo]
    for s, e in spans:
        out.extend(find(s, e))
    return sorted(out, key=lambda d: d.start)
