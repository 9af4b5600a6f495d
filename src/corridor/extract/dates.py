"""corridor.dates.v1 (spaCy factory corridor_dates_v1): dates and ranges with their granularity.

Own patterns, because dateparser returns None on ranges ("from February 4th to 8th, 2025")
and fills missing parts from today. Relative expressions ("last year", "on Tuesday", "in
March") are resolved against the source's published date and dropped when there is none.
Granularity is one of day, week, month, quarter, half, year. A weekday is the most recent
one on or before the published date; a month without a year is in the published year.
"""

from __future__ import annotations

import calendar
from bisect import bisect_left
from collections.abc import Callable
from datetime import date, timedelta

import regex
from spacy.language import Language
from spacy.tokens import Doc

from corridor.extract.base import (
    REGEX_TIMEOUT,
    doc_text,
    find_all,
    finditer,
    finditer_at,
    fold,
    register_extensions,
)
from corridor.extract.records import DateRef

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


def _year(match: regex.Match[str], base: date | None) -> int | None:
    y = match.groupdict().get("y")
    if y:
        return int(y)
    return base.year if base else None


def _range_md(m: regex.Match[str], base: date | None) -> tuple[date, date | None, str] | None:
    year = _year(m, base)
    if year is None:
        return None
    m1 = _month(m["m1"])
    m2 = _month(m["m2"]) if m["m2"] else m1
    start = date(year, m1, _day(m["d1"]))
    end = date(year, m2, _day(m["d2"]))
    if end < start:
        start = date(year - 1, m1, start.day)
    return start, end, "day"


def _single_day(m: regex.Match[str], base: date | None) -> tuple[date, date | None, str] | None:
    year = _year(m, base)
    if year is None:
        return None
    return date(year, _month(m["m1"]), _day(m["d1"])), None, "day"


def _month_year(m: regex.Match[str], base: date | None) -> tuple[date, date | None, str] | None:
    year = _year(m, base)
    if year is None:
        return None
    month = _month(m["m1"])
    return date(year, month, 1), _last_day(year, month), "month"


def _year_range(m: regex.Match[str], base: date | None) -> tuple[date, date | None, str] | None:
    first, second = int(m["y1"]), m["y2"]
    last = int(second) if len(second) == 4 else int(m["y1"][:2] + second)
    if last <= first:
        return None
    return date(first, 1, 1), date(last, 12, 31), "year"


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
    back = (base.weekday() - target) % 7
    return base - timedelta(days=back), None, "day"


def _month_only(m: regex.Match[str], base: date | None) -> tuple[date, date | None, str] | None:
    if base is None:
        return None
    month = _month(m["m1"])
    return date(base.year, month, 1), _last_day(base.year, month), "month"


def _range_dm(m: regex.Match[str], base: date | None) -> tuple[date, date | None, str] | None:
    year = _year(m, base)
    if year is None:
        return None
    m2 = _month(m["m2"])
    m1 = _month(m["m1"]) if m["m1"] else m2
    start = date(year, m1, _day(m["d1"]))
    end = date(year, m2, _day(m["d2"]))
    if end < start:
        return None
    return start, end, "day"


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
    (regex.compile(rf"(?<![\w$€¥.,-])(?P<y>{Y})(?![\w,.%-]|\.\d){NOT_QUANTITY}"), _bare_year),
]


# Words without which no pattern can match: the patterns only run in windows around them.
TRIGGER = regex.compile(
    rf"{M}|\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|today|yesterday"
    r"|tomorrow|year|month|week|quarter|half|Q[1-4]|H[12])\b|(?<!\d)(?:19|20)\d\d(?!\d)"
)


# Where a TRIGGER match can start, besides a month (MONTH_START): the words ending in "day",
# the other words, "Q" and "H" before their digit, and the first two digits of a year.
DAY_WORDS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
             "today", "yesterday")  # fmt: skip
OTHER_WORDS = ("tomorrow", "year", "month", "week", "quarter", "half", "19", "20")
PART_DIGITS = {"Q": ("1", "2", "3", "4"), "H": ("1", "2")}


def _trigger_starts(text: str, months: list[int]) -> list[int]:
    """Every position where TRIGGER may match (and a few more), ascending."""
    starts = list(months)
    for i in find_all(text, "day"):
        for word in DAY_WORDS:
            at = i + 3 - len(word)
            if at >= 0 and text.startswith(word, at):
                starts.append(at)
    for word in OTHER_WORDS:
        starts += find_all(text, word)
    for letter, digits in PART_DIGITS.items():
        starts += [i for i in find_all(text, letter) if text[i + 1 : i + 2] in digits]
    return sorted(starts)


def _windows(text: str, start: int, end: int, months: list[int] | None = None
             ) -> list[tuple[int, int]]:  # fmt: skip
    windows: list[tuple[int, int]] = []
    if months is not None and start == 0 and end == len(text):
        matches = finditer_at(TRIGGER, text, _trigger_starts(text, months))
    else:
        matches = finditer(TRIGGER, text, start, end)
    for m in matches:
        a, b = max(start, m.start() - 45), min(end, m.end() + 45)
        if windows and a <= windows[-1][1]:
            windows[-1] = (windows[-1][0], b)
        else:
            windows.append((a, b))
    return windows


# What each pattern needs inside its match, so that a window lacking it is not scanned:
# "month" a month name, "day_month" a day right before one ("5 March", "4th-8th March"),
# "year" a year of Y, "day" a weekday ("...day"), "q" Q1/quarter, "half" half/H1, "part"
# end/late/mid/early/start/beginning and "relative" today/yesterday/tomorrow/year/month/week
# (case-blind, in the folded text: see base.fold).
NEEDS: list[frozenset[str]] = [
    frozenset({"month"}),
    frozenset({"month", "day_month"}),
    frozenset({"month", "year"}),
    frozenset({"month", "day_month", "year"}),
    frozenset({"month"}),
    frozenset({"month", "day_month"}),
    frozenset({"month", "year"}),
    frozenset({"year"}),
    frozenset({"year", "part"}),
    frozenset({"year", "q"}),
    frozenset({"year", "half"}),
    frozenset({"relative"}),
    frozenset({"day"}),
    frozenset({"month"}),
    frozenset({"year"}),
]
# Every spelling of M starts with one of these (case-sensitive, as M is); two of them cannot
# overlap (a capital then two lowercase letters), so one pass finds them all.
MONTH_START = regex.compile(r"Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec")
# Every start of a Y (overlapping ones too: a zero-width search).
YEAR_START = regex.compile(r"(?=(?:19[5-9]|20[0-6])\d)")
SPACE = regex.compile(r"\s")
DIGIT = regex.compile(r"\d")
HALF = regex.compile(r"(?i)half|h[12]")
ORDINAL_ENDS = frozenset(["st", "nd", "rd", "th"])


def _day_before(text: str, month: int) -> bool:
    """Whether a D (ending in a digit or st/nd/rd/th) and whitespace come right before."""
    i = month
    while i > 0 and SPACE.match(text[i - 1]):
        i -= 1
    if i == month or i == 0:
        return False
    return DIGIT.match(text[i - 1]) is not None or text[max(0, i - 2) : i] in ORDINAL_ENDS


def _any_in(starts: list[int], a: int, last: int) -> bool:
    """Whether some start lies in [a, last]."""
    i = bisect_left(starts, a)
    return i < len(starts) and starts[i] <= last


PART_WORDS = ("end", "late", "mid", "early", "start", "beginning")
RELATIVE_WORDS = ("today", "yesterday", "tomorrow", "year", "month", "week")


def _window_has(text: str, folded: str, a: int, b: int, months: list[int],
                day_months: list[int], years: list[int]) -> frozenset[str]:  # fmt: skip
    has = set()
    if any(folded.find(word, a, b) != -1 for word in RELATIVE_WORDS):
        has.add("relative")
    if _any_in(months, a, b - 3):
        has.add("month")
        if _any_in(day_months, a + 1, b - 3):
            has.add("day_month")
    if _any_in(years, a, b - 4):
        has.add("year")
        if text.find("q", a, b) != -1 or text.find("Q", a, b) != -1:
            has.add("q")
        if HALF.search(text, a, b, timeout=REGEX_TIMEOUT):
            has.add("half")
        if any(folded.find(word, a, b) != -1 for word in PART_WORDS):
            has.add("part")
    if text.find("day", a, b) != -1:
        has.add("day")
    return frozenset(has)


def find_dates(
    text: str,
    base: date | None,
    start: int = 0,
    end: int | None = None,
) -> list[DateRef]:
    """Every date expression in text[start:end], longest first, resolved against base."""
    found: list[DateRef] = []
    taken: list[tuple[int, int]] = []
    months = [m.start() for m in finditer(MONTH_START, text)]
    windows = _windows(text, start, len(text) if end is None else end, months)
    if not windows:
        return found
    day_months = [q for q in months if _day_before(text, q)]
    years = [m.start() for m in finditer(YEAR_START, text)]
    folded = fold(text)
    has = [_window_has(text, folded, a, b, months, day_months, years) for a, b in windows]
    for (pattern, resolve), needs in zip(PATTERNS, NEEDS, strict=True):
        for m in (
            m
            for (a, b), window_has in zip(windows, has, strict=True)
            if needs <= window_has
            for m in finditer(pattern, text, a, b)
        ):
            if any(m.start() < b and a < m.end() for a, b in taken):
                continue
            try:
                resolved = resolve(m, base)
            except (ValueError, KeyError):
                continue  # "February 30", an unknown ordinal: not a date
            if resolved is None:
                continue
            first, last, granularity = resolved
            taken.append((m.start(), m.end()))
            lead = LEAD.match(m.group())
            begin = m.start() + (lead.end() if lead else 0)
            found.append(
                DateRef(
                    begin,
                    m.end(),
                    text[begin : m.end()],
                    first.isoformat(),
                    last.isoformat() if last else None,
                    granularity,
                )
            )
    return sorted(found, key=lambda d: d.start)


class DateFinder:
    def __init__(self, nlp: Language) -> None:
        register_extensions()

    def __call__(self, doc: Doc) -> Doc:
        doc._.dates = find_dates(doc_text(doc), doc._.published)
        return doc
