"""Shared plumbing for the stages: Doc extensions, sentence lookup and guarded regexes."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Iterator

import regex
from spacy.attrs import IDX, SENT_START
from spacy.tokens import Doc

# Every pattern runs with a timeout so that no input can make a stage hang (ReDoS).
REGEX_TIMEOUT = 1.0

EXTENSIONS = (
    "published", "source_kind", "sent_bounds", "items", "cues", "claims", "dates", "amounts",
    "capacities", "actors", "events", "statistics",
)  # fmt: skip


def doc_text(doc: Doc) -> str:
    """doc.text, joined once: spaCy rebuilds it from the tokens on every access."""
    text = doc.user_data.get("corridor.text")
    if text is None:
        text = doc.text
        doc.user_data["corridor.text"] = text
    return text


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
            out.append(r"\d+(?:\.\d+)?\s?(?:%|percent|per cent)")
        elif chunk.isspace():
            out.append(r"\s+")
        elif chunk:
            out.append(regex.escape(chunk).replace("'", "['’]"))
    text = "".join(out)
    if phrase.startswith("% "):
        return text
    return text


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


def sentences(doc: Doc) -> Sentences:
    bounds = doc._.sent_bounds
    if bounds is None:
        bounds = sentence_bounds(doc)
        doc._.sent_bounds = bounds
    return Sentences(bounds)


def sentence_bounds(doc: Doc) -> list[tuple[int, int]]:
    """Sentence character bounds with surrounding whitespace trimmed; blank sentences dropped."""
    text = doc_text(doc)
    out: list[tuple[int, int]] = []
    spans: list[tuple[int, int]] = [(0, len(text))]
    if len(doc):
        array = doc.to_array([SENT_START, IDX])
        firsts = [int(i) for s, i in array.tolist() if s == 1]
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
