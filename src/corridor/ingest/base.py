"""What every reader shares: the result type, the registry of readers, and the last step.

A reader is a stage registered by name. It takes the raw bytes of one input and yields
ReadResults; a failure is a result carrying a CorridorError, never an exception that stops a
batch (a folder, a feed, an archive).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date

from corridor.errors import CorridorError
from corridor.ingest.clean import clean, headline_line, no_surrogates
from corridor.model import Document, SourceKind, plausible_day


@dataclass(slots=True)
class ReadResult:
    """One document read, or one failure, and where it came from."""

    document: Document | None
    origin: str
    error: CorridorError | None = None
    note: str | None = None  # read, but not whole: said beside the summary

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass(frozen=True, slots=True)
class ReadContext:
    """What a reader may need besides the bytes: names for messages and the fetch policy."""

    origin: str
    file_name: str | None = None
    content_type: str | None = None
    fetch_linked: bool = False
    allow_private: bool = False


Reader = Callable[[bytes, ReadContext], Iterator[ReadResult]]
READERS: dict[str, Reader] = {}


def reader(name: str) -> Callable[[Reader], Reader]:
    """Register a reader under `name` (the names sniffing chooses between)."""

    def register(func: Reader) -> Reader:
        if name in READERS:
            raise ValueError(f"reader {name!r} registered twice")
        READERS[name] = func
        return func

    return register


def failure(code: str, detail: str, origin: str) -> ReadResult:
    return ReadResult(None, origin, CorridorError(code, detail, where=origin))


def finish(
    text: str,
    ctx: ReadContext,
    *,
    origin: str | None = None,
    title: str | None = None,
    headline_from_text: bool = False,
    publisher: str | None = None,
    author: str | None = None,
    published: date | None = None,
    url: str | None = None,
    kind: SourceKind | None = None,
    published_from_file: bool = False,
) -> ReadResult:
    """Clean `text` and wrap it in a Document, or fail with E305 if nothing is left.

    The author box's name fills `author` when the source named none. A text that ends with an
    author box ("The writer is ...") is an op-ed in this press, so `kind` becomes oped when
    the source did not say. With `headline_from_text` (plain text), a first line that reads
    like a headline (clean.headline_line) becomes the title and stays in the text; otherwise a first paragraph
    that repeats the title (a page's headline over its body) is dropped.
    """
    where = origin or ctx.origin
    cleaned = clean(text)
    body = cleaned.text
    title = _one_line(title)
    if body:
        first, _, rest = body.partition("\n\n")
        if headline_from_text:
            # Plain text keeps its headline as its first sentence, so that the items and
            # claims only a headline states count (real-article QA: "Second phase of CPEC
            # shifts focus to ..."); the headline is the title too, whether a blank line or
            # a single line break follows it (analyst QA).
            if not title:
                title = headline_line(body)
        elif title and _same(first, title):
            body = rest
    if not body.strip():
        return failure("E305", "no article text", where)
    if kind is None and cleaned.author_box is not None:
        kind = SourceKind.OPED
    if not plausible_day(published):
        published = None  # page metadata saying year 1 or 9999 says nothing
    document = Document(
        text=body,
        title=title,
        publisher=_one_line(publisher),
        author=_one_line(author) or cleaned.author,
        published=published,
        url=no_surrogates(url) if url else url,
        file_name=ctx.file_name,
        kind=kind,
        published_from_file=published_from_file and published is not None,
    )
    note = None
    if cleaned.cut_from is not None:
        note = (
            f"only the first {len(cleaned.text):,} of {cleaned.cut_from:,} characters were "
            "read (CORRIDOR_MAX_TEXT_CHARS)"
        )
    return ReadResult(document, where, note=note)


# C0 control characters other than whitespace: never part of a title or a name, and \x01
# and \x02 are the marks search highlights with.
_CONTROLS = str.maketrans(dict.fromkeys([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F]))


def _one_line(value: str | None) -> str | None:
    if value is None:
        return None
    value = " ".join(no_surrogates(value).translate(_CONTROLS).split())
    return value or None


def _same(line: str, title: str) -> bool:
    return " ".join(line.split()).casefold() == title.casefold()
