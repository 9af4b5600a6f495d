"""RSS and Atom feeds: one Document per entry; linked pages fetched only when asked.

feedparser is always given a byte stream, never a URL or a string: with a URL it would fetch
through urllib and bypass the SSRF guard in corridor.ingest.fetch.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from contextlib import suppress
from datetime import date
from io import BytesIO
from typing import Any
from urllib.parse import urljoin

import feedparser

from corridor.ingest.base import ReadContext, ReadResult, failure, finish, reader
from corridor.ingest.html import html_to_text

# A feed has no business declaring entities. Refusing any that does (before feedparser sees
# it) stops billion-laughs expansion and external-entity (XXE) file reads at the door.
_ENTITY_DECLARATION = re.compile(rb"<!ENTITY", re.IGNORECASE)


# A character reference to half a surrogate pair ("&#55357;", an emoji cut in two by a
# scraper) makes feedparser raise on the whole feed: it becomes U+FFFD first.
_CHAR_REF = re.compile(rb"&#(?:[xX]([0-9a-fA-F]{1,8})|([0-9]{1,10}));")


def _no_surrogate_refs(data: bytes) -> bytes:
    def replace(match: re.Match[bytes]) -> bytes:
        hexa, decimal = match.groups()
        code = int(hexa, 16) if hexa else int(decimal)
        return b"&#65533;" if 0xD800 <= code <= 0xDFFF else match.group()

    return _CHAR_REF.sub(replace, data) if b"&#" in data else data


@reader("feed")
def read_feed(data: bytes, ctx: ReadContext) -> Iterator[ReadResult]:
    if _ENTITY_DECLARATION.search(data):
        yield failure("E309", "the feed declares XML entities (refused)", ctx.origin)
        return
    data = _no_surrogate_refs(data)
    try:
        # In a BytesIO: given bare bytes, feedparser first tries open(data), so a body that
        # happens to be a file path would be read from disk.
        parsed = feedparser.parse(BytesIO(data), sanitize_html=True, resolve_relative_uris=False)
    except Exception as exc:  # feedparser is lenient, but a reader never raises
        yield failure("E309", type(exc).__name__, ctx.origin)
        return
    entries = parsed.get("entries") or []
    if not entries:
        reason = parsed.get("bozo_exception") if parsed.get("bozo") else "no entries"
        yield failure("E309", " ".join(str(reason).split())[:200] or "no entries", ctx.origin)
        return
    publisher = _clean(parsed.get("feed", {}).get("title"))
    base = _base(ctx.origin, parsed.get("feed", {}).get("link"))
    for index, entry in enumerate(entries, start=1):
        yield from _entry(entry, index, publisher, ctx, base)


def _is_http(url: str) -> bool:
    return url.lower().startswith(("http://", "https://"))


def _base(origin: str, channel_link: object) -> str | None:
    """What a relative entry link is read against (an entry's xml:base, which feedparser
    applies, comes first): the feed's own URL when it was fetched, else the site its channel
    links to, if that is an http(s) address."""
    if _is_http(origin):
        return origin
    if isinstance(channel_link, str) and _is_http(channel_link.strip()):
        return channel_link.strip()
    return None


def _link(entry: Any, base: str | None) -> tuple[str | None, str | None]:
    """The entry's link made absolute, or None and why it was left out."""
    from corridor.ingest.fetch import shown, url_problem  # fetch imports the readers

    raw = entry.get("link")
    if not raw or not isinstance(raw, str) or not raw.strip():
        return None, None
    link = raw.strip()
    if not _is_http(link) and base is not None:
        with suppress(ValueError):  # "http://[::1": urljoin parses what it joins
            link = urljoin(base, link)
    if not _is_http(link):
        relative = ":" not in link.split("/", 1)[0]
        why = "relative, and the feed gives no address to read it against" if relative else (
            "not an http(s) address"
        )  # fmt: skip
        return None, f"its link '{shown(link)[:80]}' was left out: it is {why}"
    if (problem := url_problem(link)) is not None:
        return None, f"its link was left out: it has {problem} ({shown(link)[:80]})"
    return link, None


def _entry(
    entry: Any, index: int, publisher: str | None, ctx: ReadContext, base: str | None
) -> Iterator[ReadResult]:
    link, dropped = _link(entry, base)
    origin = link if link else f"{ctx.origin}#{index}"
    title = _clean(entry.get("title"))
    author = _clean(entry.get("author"))
    # dict.get: FeedParserDict.get("updated_parsed") silently maps to published_parsed.
    published = _date(dict.get(entry, "published_parsed") or dict.get(entry, "updated_parsed"))
    body = ""
    contents = entry.get("content") or []
    if contents:
        body = "\n\n".join(str(c.get("value", "")) for c in contents)
    body = body or str(entry.get("summary", "") or "")
    own = finish(
        html_to_text(body),
        ctx,
        origin=origin,
        title=title,
        author=author,
        publisher=publisher,
        published=published,
        url=link,
    )
    if dropped is not None:
        own.note = "; ".join(n for n in (dropped, own.note) if n)
    if ctx.fetch_linked and link:
        yield from _linked(link, title, author, published, publisher, ctx, own)
    else:
        yield own


def _linked(
    link: str,
    title: str | None,
    author: str | None,
    published: date | None,
    publisher: str | None,
    ctx: ReadContext,
    own: ReadResult,
) -> Iterator[ReadResult]:
    """The entry's page, read through the guarded fetcher; the feed fills what it lacks. If
    the page cannot be read (gone, refused, too slow), the entry's own text stands in, said
    in a note: a feed is often read to catch what it names, and its summary names it."""
    from corridor.ingest.fetch import fetch_url, origin_of  # fetch imports the readers

    # allow_private covers a feed file the user gave, or the server a fetched feed came from;
    # a link elsewhere is fetched under the public-only rules, as a redirect would be.
    fetched_feed = ctx.origin.startswith(("http://", "https://"))
    private_ok = ctx.allow_private and (
        not fetched_feed or origin_of(link) == origin_of(ctx.origin)
    )
    stood_in = own.document is None  # an entry with no text of its own has nothing to give
    for result in fetch_url(link, allow_private=private_ok):
        document = result.document
        if result.error is not None and not stood_in:
            error = result.error
            said = (
                f"the linked page was not read ({error.code}: {error.message}); the feed's "
                "text stands in for it"
            )
            note = "; ".join(n for n in (said, own.note) if n)
            yield ReadResult(own.document, own.origin, note=note)
            stood_in = True
            continue
        if document is not None:
            document.title = document.title or title
            document.author = document.author or author
            document.published = document.published or published
            document.publisher = document.publisher or publisher
        yield result


def _clean(value: object) -> str | None:
    if not value:
        return None
    text = " ".join(html_to_text(str(value)).split())
    return text or None


def _date(parsed: object) -> date | None:
    if not isinstance(parsed, time.struct_time):
        return None
    try:
        return date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday)
    except ValueError:
        return None
