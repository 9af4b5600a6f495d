"""PDF: the text layer with pypdf, under lowered resource caps; any failure is E304.

pypdf raises a zoo of exceptions on malformed files (AttributeError, KeyError, AssertionError,
NotImplementedError, RecursionError, ...), so the whole parse sits behind one `except
Exception`: a broken PDF is a failed document, never a traceback that stops a batch.
"""

from __future__ import annotations

import contextlib
import logging
import re
from collections.abc import Iterator
from datetime import date, datetime
from io import BytesIO
from typing import Any

import pypdf

from corridor.ingest import isolated
from corridor.ingest.base import ReadContext, ReadResult, failure, finish, reader
from corridor.settings import get_settings

# pypdf logs every repair it attempts on a malformed file; corridor reports the outcome as
# E304 instead. A NullHandler keeps those records off stderr unless the application has
# configured logging itself.
logging.getLogger("pypdf").addHandler(logging.NullHandler())

MAX_PAGES = 500
# Below pypdf's 75 MB defaults: a news PDF's streams are kilobytes, and every stream is
# decoded in memory.
STREAM_CAP = 20_000_000


def _limits() -> contextlib.AbstractContextManager[Any]:
    apply = getattr(pypdf, "apply_configuration", None)
    if apply is None:  # pypdf < 7 has no Configuration; its 75 MB defaults then apply.
        return contextlib.nullcontext()
    cap = min(STREAM_CAP, get_settings().max_document_bytes)
    return apply(
        maximum_declared_stream_length=cap,
        array_based_stream_maximum_output_length=cap,
        jbig2_maximum_output_length=cap,
        lzw_maximum_output_length=cap,
        run_length_maximum_output_length=cap,
        zlib_maximum_output_length=cap,
        brotli_maximum_output_length=cap,
        image_maximum_buffer_size=cap,
        stream_decoding_work_maximum_length=cap * 4,
        # Never run an external decoder on untrusted input.
        jbig2dec_binary=None,
    )


@reader("pdf")
def read_pdf(data: bytes, ctx: ReadContext) -> Iterator[ReadResult]:
    try:
        text, info = _extract_isolated(data)
    except Exception as exc:  # see the module docstring
        yield failure("E304", _describe(exc), ctx.origin)
        return
    if not text.strip():
        why = (
            f"no page under {PAGE_CONTENT_BYTES >> 20} MB of content"
            if info.get(SKIPPED)
            else "no text layer (a scanned PDF?)"
        )
        yield failure("E304", why, ctx.origin)
        return
    result = finish(
        text,
        ctx,
        title=_info_str(info, "/Title"),
        author=_info_str(info, "/Author"),
        published=_info_date(info),
        published_from_file=True,
    )
    notes = [result.note] if result.note else []
    if info.get(SKIPPED):
        notes.append(
            f"page(s) {info[SKIPPED]} not read: over {PAGE_CONTENT_BYTES >> 20} MB of content"
        )
    if info.get(CUT):
        notes.append(f"only the first {MAX_PAGES} of {info[CUT]} pages were read")
    if result.ok and notes:
        result.note = "; ".join(notes)
    yield result


# A PDF is parsed in a child process with its own memory and CPU limits, and a wall-clock
# deadline: pypdf is pure Python, and a crafted file can make it loop or allocate without end.
MEMORY_LIMIT = 1 << 30  # bytes of address space the parse may add to what the process maps
CPU_SECONDS = 60
WALL_SECONDS = 90
# A page whose decoded content is longer is not read: its text operators alone would hold
# more than a document's whole text may (CORRIDOR_MAX_TEXT_CHARS, 1,000,000 by default).
PAGE_CONTENT_BYTES = 4 << 20
SKIPPED = "corridor:skipped"  # in the info `_extract` returns: the pages left unread
CUT = "corridor:pages"  # in that info: how many pages a PDF over MAX_PAGES has


def _work(data: bytes) -> tuple[str, dict[str, Any]]:
    with _limits():
        text, info = _extract(data)
    # (sent back from the child: plain strings pickle, pypdf's objects may not)
    return text, {k: None if v is None else str(v) for k, v in info.items()}


def _extract_isolated(data: bytes) -> tuple[str, dict[str, Any]]:
    """`_extract` in a forked child under resource limits; raises isolated.Stopped."""
    limits = isolated.Limits(MEMORY_LIMIT, CPU_SECONDS, WALL_SECONDS,
                             took="parsing took over {seconds} s",
                             stopped="the parser was stopped (memory or CPU limit)")  # fmt: skip
    text, info = isolated.run(lambda: _work(data), limits, _describe)
    return text, info


def _extract(data: bytes) -> tuple[str, dict[str, Any]]:
    pdf = pypdf.PdfReader(BytesIO(data), strict=False)
    if pdf.is_encrypted and not pdf.decrypt(""):
        raise ValueError("encrypted with a password")
    pages = pdf.pages
    if len(pages) == 0:
        raise ValueError("no pages")
    limit = get_settings().max_text_chars
    texts: list[str] = []
    size = 0
    skipped: list[str] = []
    for index in range(min(len(pages), MAX_PAGES)):
        contents = pages[index].get_contents()
        if contents is not None and len(contents.get_data()) > PAGE_CONTENT_BYTES:
            # pypdf reads a page's text whole, however long: a 52 KB file whose one page
            # decodes to 16 MB of text operators took the whole 90 s (QA)
            skipped.append(str(index + 1))
            continue
        page_text = pages[index].extract_text() or ""
        texts.append(reflow(page_text))
        size += len(page_text)
        if size > limit:  # the cleaner caps the text anyway; stop parsing pages early
            break
    info: dict[str, Any] = {}
    try:
        meta = pdf.metadata
        if meta is not None:
            info = {key: meta.get(key) for key in ("/Title", "/Author", "/CreationDate")}
    except Exception:  # broken info dictionary: the text is still good
        info = {}
    if skipped:
        info[SKIPPED] = ", ".join(skipped)
    if len(pages) > MAX_PAGES:
        info[CUT] = str(len(pages))
    return "\n\n".join(texts), info


_SENTENCE_END = re.compile(r"[.!?:;\"”’)]$")


def reflow(page: str) -> str:
    """Join a page's hard-wrapped lines into paragraphs.

    A line ends a paragraph when it ends a sentence and is clearly shorter than the page's
    full lines, or when a blank line follows; a short line on its own is a heading; words
    hyphenated across lines are rejoined.
    """
    lines = [line.strip() for line in page.splitlines()]
    full = max((len(line) for line in lines), default=0)
    paragraphs: list[str] = []
    # the paragraph's pieces, each with what joins it to the one before (a space, or nothing
    # after a hyphen taken off), joined once the paragraph ends: a string grown line by line
    # made a page of one endless paragraph quadratic
    current: list[str] = []
    for line in lines:
        if not line:
            if current:
                paragraphs.append("".join(current))
                current = []
            continue
        heading = not current and len(line) < 0.6 * full and not line.endswith(("-", ","))
        if current and current[-1].endswith("-") and line[:1].islower():
            current[-1] = current[-1][:-1]
            current.append(line)
        else:
            current.append(f" {line}" if current else line)
        if heading or (_SENTENCE_END.search(line) and len(line) < 0.8 * full):
            paragraphs.append("".join(current))
            current = []
    if current:
        paragraphs.append("".join(current))
    return "\n\n".join(paragraphs)


def _info_str(info: dict[str, Any], key: str) -> str | None:
    value = info.get(key)
    if value is None:
        return None
    text = " ".join(str(value).split())
    return text or None


def _info_date(info: dict[str, Any]) -> date | None:
    """The PDF's creation date, D:YYYYMMDD..., when it is a real date."""
    raw = info.get("/CreationDate")
    if raw is None:
        return None
    if isinstance(raw, datetime):
        return raw.date()
    match = re.match(r"(?:D:)?(\d{4})(\d{2})?(\d{2})?", str(raw))
    if not match:
        return None
    try:
        return date(int(match.group(1)), int(match.group(2) or 1), int(match.group(3) or 1))
    except ValueError:
        return None


def _describe(exc: BaseException) -> str:
    if isinstance(exc, isolated.Stopped):
        return str(exc)
    message = " ".join(str(exc).split())[:200]
    return f"{type(exc).__name__}: {message}" if message else type(exc).__name__
