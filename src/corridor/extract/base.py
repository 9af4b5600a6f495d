"""Shared plumbing for the stages: Doc extensions, sentence lookup and guarded regexes."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import Generic, TypeVar

import regex
from spacy.attrs import IDX, LENGTH, SENT_START
from spacy.tokens import Doc

T = TypeVar("T")

# A scan of a whole text runs with a timeout, so that no input can make a stage hang (ReDoS).
# Attempts at one place or within one sentence, many per document, do not: the timeout
# reads the clock on every call, which costs several times such an attempt. Their patterns
# are linear (no nested unbounded repetition); tests/extract/test_adversarial.py checks it.
# The timeout is wall-clock time: with several requests sharing the CPU (the web app
# extracts in threads), a legitimate scan of a long document took over a second and failed
# the document (QA: four uploads of 650 KB at once). It is a guard against a pattern that
# backtracks without end, not a budget: a linear scan of a million characters takes well
# under a second alone.
REGEX_TIMEOUT = 10.0

# Docs a stage reads in a row in nlp.pipe (Stage.pipe): 16 ran faster than 64 or 128, whose
# Docs no longer fit the caches together.
STAGE_BATCH = 16

# Hyphen, non-breaking hyphen, figure dash, en dash, minus sign as "-": tokens are made from
# the text so translated (one character for one: offsets stay), so that "Hyderabad–Sukkur"
# and "ML‑1" match names written with "-". The em dash sets off clauses, not a name's parts.
HYPHENS = str.maketrans(dict.fromkeys("\u2010\u2011\u2012\u2013\u2212", "-"))

EXTENSIONS = (
    "published", "source_kind", "sent_bounds", "items", "cues", "claims", "dates", "amounts",
    "capacities", "actors", "events", "statistics", "speakers",
)  # fmt: skip


# A headline's line (plain text keeps one as its first sentence): no longer than this (as
# ingest.clean.looks_like_headline), and ending in none of these.
HEADLINE_LENGTH = 250
SENTENCE_END = ".!?;:\"”'’"


def is_headline(text: str, sentence: tuple[int, int]) -> bool:
    """Whether a sentence is a headline's line: short, and ending in no sentence punctuation."""
    start, end = sentence
    while end > start and text[end - 1].isspace():
        end -= 1
    return start < end <= start + HEADLINE_LENGTH and text[end - 1] not in SENTENCE_END


def doc_text(doc: Doc) -> str:
    """doc.text, joined once: spaCy rebuilds it from the tokens on every access."""
    text = doc.user_data.get("corridor.text")
    if text is None:
        text = doc.text
        doc.user_data["corridor.text"] = text
    return text


def token_bounds(doc: Doc) -> tuple[list[int], list[int]]:
    """Each token's first and end character offsets, computed once for the Doc: reading them
    through doc[i] builds a Token object each time."""
    bounds = doc.user_data.get("corridor.token_bounds")
    if bounds is None:
        array = doc.to_array([IDX, LENGTH])
        starts = array[:, 0].tolist()
        ends = (array[:, 0] + array[:, 1]).tolist()
        bounds = (starts, ends)
        doc.user_data["corridor.token_bounds"] = bounds
    return bounds


class Stage:
    """A pipeline stage: __call__ reads one Doc; pipe runs it over a stream a few Docs at a
    time. spaCy's default sends each Doc through every stage before the next Doc starts, so
    each stage's patterns, tables and memos leave the CPU's caches between two Docs; a stage
    that reads STAGE_BATCH Docs in a row runs 5-10% faster (bench/stages.py, "batched").
    The output is the same: a stage reads nothing of the other Docs."""

    def __call__(self, doc: Doc) -> Doc:
        raise NotImplementedError

    def pipe(self, docs: Iterable[Doc], batch_size: int = STAGE_BATCH) -> Iterator[Doc]:
        stream = iter(docs)
        size = max(1, min(batch_size, STAGE_BATCH))
        while batch := list(islice(stream, size)):
            yield from [self(doc) for doc in batch]


def register_extensions() -> None:
    for name in EXTENSIONS:
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


def words_pattern(phrases: Iterable[str], *, flags: int = regex.IGNORECASE) -> regex.Pattern[str]:
    """One alternation of literal phrases on word boundaries, longest first."""
    parts = sorted({p for p in phrases if p}, key=len, reverse=True)
    body = "|".join(_literal(p) for p in parts)
    return regex.compile(rf"(?<![\w-])(?:{body})(?![\w])", flags)


def _literal(phrase: str) -> str:
    # "%" in a cue stands for a number; spaces match any run of spaces, hyphens are optional.
    out = []
    for chunk in regex.split(r"(%|\s+)", phrase):
        if chunk == "%":
            out.append(r"\d+(?:\.\d+)?\s?(?:%|percent|per cent|pc\b)")
        elif chunk.isspace():
            out.append(r"\s+")
        elif chunk:
            out.append(regex.escape(chunk).replace("'", "['’]"))
    text = "".join(out)
    if phrase.startswith("% "):
        return text
    return text


def finditer_at(
    pattern: regex.Pattern[str], text: str, starts: Iterable[int], reach: int | None = None
) -> Iterator[regex.Match[str]]:
    """pattern.finditer(text) for a pattern that never matches the empty string, given every
    position where one of its matches may start (ascending; extra positions do no harm): one
    attempt at each of those instead of a scan of the whole text.

    The attempts run without `regex`'s timeout, which costs several times a short anchored
    match on each call (it reads the clock): a pattern given here must have no nested
    unbounded repetition, so that an attempt is linear in what it reads
    (tests/extract/test_adversarial.py holds every stage to that on hostile text).

    `reach`, for a pattern none of whose matches is longer: each attempt sees only that
    many characters. `regex` looks for a literal every match must hold (a unit, "per") in
    the whole rest of the text before it tries a match: without the bound, a text of
    figures that never hold it costs the length of the text at each figure."""
    pos = 0
    end = len(text)
    for start in starts:
        if start < pos:
            continue
        match = pattern.match(text, start, end if reach is None else start + reach)
        if match is not None:
            yield match
            pos = max(match.end(), start + 1)


# In `regex`, the only characters besides ASCII letters that a case-blind ASCII letter matches
# are "İ" (i), "ſ" (s) and the Kelvin sign (k); "İ" is also the only character whose lowercase
# is longer than one character. Mapped to their letters first, a lowercased text keeps every
# offset, and every case-blind match of an ASCII literal stands in it as the literal in lowercase.
_FOLD = str.maketrans({"\u0130": "i", "\u017f": "s", "\u212a": "k"})


def fold(text: str) -> str:
    """text lowercased offset for offset, for str.find of case-blind ASCII literals."""
    return text.lower() if text.isascii() else text.translate(_FOLD).lower()


def folded_text(doc: Doc) -> str:
    """fold(doc's text), computed once."""
    folded = doc.user_data.get("corridor.folded")
    if folded is None:
        folded = fold(doc_text(doc))
        doc.user_data["corridor.folded"] = folded
    return folded


# A figure: a run of digits, separators and decimal points, and (looked at, not taken) the
# first character after it past spaces and one hyphen ("1,320MW" -> "M", "40 %" -> "%").
_FIGURE = regex.compile(r"\d[\d,.]*(?=\s*-?\s*(\S)?)")


def figures(doc: Doc) -> list[tuple[int, str]]:
    """Where each figure starts, and the character that follows it ("" at the end), found
    once for the Doc. Patterns that start with a number and may not follow a word character,
    "," or "." (their look-behind) can start only there; what follows tells which may match
    ("M" for "MW", "%" for a percentage), so each is tried only where it can (finditer_at)."""
    found = doc.user_data.get("corridor.figures")
    if found is None:
        text = doc_text(doc)
        found = [(m.start(), m.group(1) or "") for m in finditer(_FIGURE, text)]
        doc.user_data["corridor.figures"] = found
    return found


def find_all(text: str, literal: str) -> Iterator[int]:
    """Every offset of literal in text, overlapping ones too."""
    i = text.find(literal)
    while i != -1:
        yield i
        i = text.find(literal, i + 1)


def starts_of(text: str, literals: Iterable[str]) -> list[int]:
    """Every offset of every literal in text, overlapping ones too, ascending."""
    return sorted(i for literal in literals for i in find_all(text, literal))


def literal_tree(phrases: Iterable[str]) -> str:
    """A stdlib-re alternation of literal phrases shaped as a prefix tree ("p(?:ark|ort)"):
    re tries the branches of an alternation one by one, so shared first letters are tested
    once. Spaces match any run of spaces."""
    groups: dict[str, list[str]] = {}
    ends_here = False
    for phrase in phrases:
        if phrase:
            groups.setdefault(phrase[0], []).append(phrase[1:])
        else:
            ends_here = True
    parts = [
        re.escape(char).replace(r"\ ", r"\s+") + literal_tree(rest)
        for char, rest in sorted(groups.items())
    ]
    if not parts:
        return ""
    body = parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"
    return f"(?:{body})?" if ends_here else body


def finditer(
    pattern: regex.Pattern[str],
    text: str,
    pos: int = 0,
    endpos: int | None = None,
) -> Iterator[regex.Match[str]]:
    end = len(text) if endpos is None else endpos
    return pattern.finditer(text, pos, end, timeout=REGEX_TIMEOUT)


class Sentences:
    """Character bounds of a Doc's sentences, for O(log n) 'which sentence is this in'."""

    __slots__ = ("bounds", "starts")

    def __init__(self, bounds: list[tuple[int, int]]) -> None:
        self.bounds = bounds
        self.starts = [b[0] for b in bounds]

    def index(self, char: int) -> int:
        return max(bisect_right(self.starts, char) - 1, 0)

    def span(self, char: int) -> tuple[int, int]:
        return self.bounds[self.index(char)] if self.bounds else (0, 0)


class Covered:
    """The characters of a text that non-empty spans cover, for "does this span overlap any of
    them" in one C scan of the span's own characters. A list of spans scanned at each query
    made a long document quadratic (each sum or statistic checked against all before it)."""

    __slots__ = ("mask",)

    def __init__(self, size: int, spans: Iterable[tuple[int, int]] = ()) -> None:
        self.mask = bytearray(size)
        for start, end in spans:
            self.add(start, end)

    def add(self, start: int, end: int) -> None:
        if end > start:
            self.mask[start:end] = b"\x01" * (end - start)

    def overlaps(self, start: int, end: int) -> bool:
        """Whether the non-empty span [start, end) shares a character with a span added."""
        return self.mask.find(1, start, end) >= 0

    def covers(self, at: int) -> bool:
        return bool(self.mask[at])


class ByStart(Generic[T]):
    """Records with a start offset, sorted once, for the ones starting in a span in O(log n)."""

    __slots__ = ("records", "starts")

    def __init__(self, records: Iterable[T], start: Callable[[T], int]) -> None:
        self.records = sorted(records, key=start)
        self.starts = [start(r) for r in self.records]

    def within(self, start: int, end: int) -> list[T]:
        return self.records[bisect_left(self.starts, start) : bisect_left(self.starts, end)]


def sentences(doc: Doc) -> Sentences:
    """The Doc's sentences, built once per list of bounds (every stage asks for them)."""
    bounds = doc._.sent_bounds
    if bounds is None:
        bounds = sentence_bounds(doc)
        doc._.sent_bounds = bounds
    cached = doc.user_data.get("corridor.sentences")
    if cached is None or cached.bounds is not bounds:
        cached = Sentences(bounds)
        doc.user_data["corridor.sentences"] = cached
    return cached


def sentence_bounds(doc: Doc) -> list[tuple[int, int]]:
    """Sentence character bounds with surrounding whitespace trimmed; blank sentences dropped."""
    text = doc_text(doc)
    firsts: list[int] = []
    if len(doc):
        array = doc.to_array([SENT_START, IDX])
        firsts = [int(i) for s, i in array.tolist() if s == 1]
    return bounds_from_starts(text, firsts)


def bounds_from_starts(text: str, firsts: list[int]) -> list[tuple[int, int]]:
    """Sentence bounds from the character offsets of the sentences' first tokens."""
    out: list[tuple[int, int]] = []
    spans: list[tuple[int, int]] = [(0, len(text))]
    if firsts:
        cuts = sorted({0, *firsts})
        spans = list(zip(cuts, [*cuts[1:], len(text)], strict=True))
    for start, end in spans:
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            out.append((start, end))
    return out
