"""HTML pages: article body and metadata with trafilatura, a plain lxml pass if it finds none.

The plain pass also reads a page on which trafilatura found only its baseline dump (short
pages), and a page too big for trafilatura to read in bounded time.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

import lxml.html
import trafilatura
from lxml import etree

from corridor.ingest import isolated
from corridor.ingest.base import ReadContext, ReadResult, failure, finish, reader
from corridor.settings import get_settings

# Elements that are never article text, and class/id words that mark furniture containers.
_NOISE_TAGS = (
    "script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form",
    "figure", "figcaption", "iframe", "svg", "button", "select", "input", "textarea",
)  # fmt: skip
_NOISE_ATTR = re.compile(
    r"\b(?:nav|menu|share|social|comment|footer|header|sidebar|breadcrumb|advert|ad-|ads|"
    r"related|newsletter|subscribe|author-box|byline|caption|breaking|ticker|cookie|popup)",
    re.IGNORECASE,
)
_XML_UNSAFE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
_BLOCKS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "td", "dd", "dt")
_BODY_BLOCKS = tuple(tag for tag in _BLOCKS if tag != "h1")
# What holds the whole page or article: sites put layout words on them ("has-sidebar",
# "menu-open", WordPress's "tag-social-media"), which do not make them furniture.
_FRAMES = frozenset({"html", "body", "main", "article"})


# trafilatura's time grows with the square of some counts (200,000 paragraphs: minutes;
# 20,000 links in one paragraph: over 10 s), so only a page small in bytes and elements is read
# in-process, where the worst case is about a second; a bigger one is read in a child process
# under a wall clock, and one too big for trafilatura ever to finish in time goes straight
# to the plain reader (`fallback_text`), which is linear.
INLINE_BYTES = 2_000_000
INLINE_ELEMENTS = 8_000
INLINE_LINKS = 2_000
EXTRACTOR_ELEMENTS = 50_000
WALL_SECONDS = 10
CPU_SECONDS = 20
MEMORY_LIMIT = 1 << 30  # bytes of address space the child may add to what it inherits
# trafilatura's MIN_EXTRACTED_SIZE: below it, trafilatura replaces what it found with its
# "baseline", a dump of the page's text with menus, captions and share buttons in it.
_SHORT = 250


@dataclass(frozen=True, slots=True)
class _Extracted:
    text: str = ""
    title: str | None = None
    author: str | None = None
    sitename: str | None = None
    date: str | None = None


@reader("html")
def read_html(data: bytes, ctx: ReadContext) -> Iterator[ReadResult]:
    if data[:2] not in (b"\xff\xfe", b"\xfe\xff") and data.count(0, 0, 4096) > 64:
        # UTF-16 without a byte-order mark: lxml reads its markup as text with NULs in it
        # (QA: stored as "<\ufffdh\ufffdt\ufffdm ..."); refused as the text reader does
        yield failure("E303", "NUL characters (UTF-16 without a BOM?)", ctx.origin)
        return
    url = ctx.origin if ctx.origin.startswith(("http://", "https://")) else None
    tree = parse(data)
    note = None
    partial = False  # the plain reader stopped at CORRIDOR_MAX_TEXT_CHARS
    elements, links = _count(tree)
    if elements > EXTRACTOR_ELEMENTS:
        extracted = _Extracted()
        note = f"a page of over {EXTRACTOR_ELEMENTS:,} elements was read by the plain reader"
    elif len(data) <= INLINE_BYTES and elements <= INLINE_ELEMENTS and links <= INLINE_LINKS:
        extracted = _extract(data, url)
    else:
        try:
            extracted = _extract_isolated(data, url)
        except isolated.Stopped as exc:
            extracted = _Extracted()
            note = f"{exc}: the page was read by the plain reader"
    text = extracted.text
    title = extracted.title
    if tree is not None:
        title = title or page_title(tree)  # before fallback_text, which cuts the tree
        own, cut = fallback_text(tree, limit=get_settings().max_text_chars)
        if len(text) < _SHORT or (
            len(own) < _SHORT and (len(text) < len(own) + _SHORT or _menu_like(text))
        ):
            # Nothing from trafilatura, or a page so short that what it gave is its baseline
            # dump (the plain reader's text and the furniture around it): the plain reader
            # drops navigation, captions and share blocks. A long article trafilatura found
            # where the plain reader found little (a story in <div>s, a menu in <li>s) stays.
            text = own
            partial = cut
    if not text.strip():
        yield failure("E305", "no article text in the page", ctx.origin)
        return
    result = finish(
        text,
        ctx,
        title=title,
        author=extracted.author,
        publisher=extracted.sitename,
        published=parse_date(extracted.date),
        url=url,
    )
    if result.document is not None and partial:
        # The cleaner's note would give the total as what the plain reader passed on.
        result.note = (
            f"only the first {len(result.document.text):,} characters of the page were read "
            "(CORRIDOR_MAX_TEXT_CHARS)"
        )
    if result.ok and note:
        result.note = "; ".join(n for n in (note, result.note) if n)
    yield result


def _count(tree: etree._Element | None) -> tuple[int, int]:
    """Elements and links in the page, counted up to one past EXTRACTOR_ELEMENTS."""
    elements = links = 0
    for element in tree.iter() if tree is not None else ():
        elements += 1
        if element.tag == "a":
            links += 1
        if elements > EXTRACTOR_ELEMENTS:
            break
    return elements, links


def _extract(data: bytes, url: str | None) -> _Extracted:
    # Comments are off: with them trafilatura keeps reader comments (spam included) as body.
    # Tables are off: on news sites they are mostly layout and link lists, not data.
    extracted = trafilatura.bare_extraction(
        data,
        url=url,
        include_comments=False,
        include_tables=False,
        include_images=False,
        include_links=False,
        with_metadata=True,
        # Only the page's own date markup: a date found in running text is an event, not
        # the publication date.
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    if extracted is None or isinstance(extracted, dict):
        return _Extracted()
    return _Extracted(
        # trafilatura puts one paragraph per line; corridor separates paragraphs by blank lines.
        text=(extracted.text or "").replace("\n", "\n\n"),
        title=extracted.title,
        author=extracted.author,
        sitename=extracted.sitename,
        date=extracted.date,
    )


def _extract_isolated(data: bytes, url: str | None) -> _Extracted:
    """`_extract` in a forked child under a wall clock, as the PDF reader parses; raises
    isolated.Stopped."""
    limits = isolated.Limits(MEMORY_LIMIT, CPU_SECONDS, WALL_SECONDS,
                             took="the article extractor took over {seconds} s",
                             stopped="the article extractor was stopped (memory or CPU limit)")  # fmt: skip
    extracted = isolated.run(lambda: _extract(data, url), limits, _describe)
    assert isinstance(extracted, _Extracted)
    return extracted


def _menu_like(text: str) -> bool:
    """Whether a text is a list of links, not prose: every paragraph short and none ending
    as a sentence does ("Section 0", "Section 1", ... from a page of navigation only)."""
    paragraphs = [p.strip() for p in text.split("\n\n") if p.strip()]
    return bool(paragraphs) and all(
        len(p) < 60 and not p.endswith((".", "!", "?", '"', "”")) for p in paragraphs
    )


def _describe(exc: BaseException) -> str:
    return f"the article extractor failed ({type(exc).__name__})"


def parse(data: bytes | str) -> etree._Element | None:
    """An lxml tree that never touches the network, or None for something that is not HTML."""
    parser = lxml.html.HTMLParser(no_network=True, remove_comments=True, remove_pis=True)
    try:
        root = lxml.html.document_fromstring(data, parser=parser)
    except (etree.ParserError, ValueError, TypeError):
        return None
    return root


def fallback_text(root: etree._Element, *, limit: int | None = None) -> tuple[str, bool]:
    """Block-level text outside furniture containers: enough for pages trafilatura rejects.

    Blocks stop once their text passes `limit` characters (the cleaner would cut there
    anyway); the flag says they did.
    """
    for element in list(root.iter(*_NOISE_TAGS)):
        _drop(element)
    for element in list(root.iter()):
        if not isinstance(element.tag, str) or element.tag in _FRAMES:
            continue
        marker = f"{element.get('class', '')} {element.get('id', '')}"
        if marker.strip() and _NOISE_ATTR.search(marker):
            _drop(element)
    # The <h1> is the page's headline, its title: never the first paragraph of its body.
    blocks: list[str] = []
    size = 0
    for element in root.iter(*_BODY_BLOCKS):
        block = " ".join(element.text_content().split())
        if block:
            blocks.append(block)
            size += len(block) + 2
            if limit is not None and size > limit:
                return "\n\n".join(blocks), True
    if not blocks:
        body = root.find("body")
        blocks = [" ".join((body if body is not None else root).text_content().split())]
    return "\n\n".join(blocks), False


def html_to_text(fragment: str) -> str:
    """Text of an HTML fragment (a feed summary), block elements as paragraphs."""
    fragment = _XML_UNSAFE.sub("", fragment)  # lxml refuses to set text holding these
    if "<" not in fragment:
        # HTML still, without tags: its entities ("&amp;", "&nbsp;") are decoded all the same
        return html.unescape(fragment) if "&" in fragment else fragment
    root = parse(f"<html><body>{fragment}</body></html>")
    if root is None:
        return ""
    for element in list(root.iter("script", "style", "noscript", "template")):
        _drop(element)
    for br in root.iter("br"):
        br.tail = "\n" + (br.tail or "")
    for element in root.iter(*_BLOCKS, "div"):
        element.tail = "\n\n" + (element.tail or "")
    return str(root.text_content())


def page_title(root: etree._Element) -> str | None:
    """og:title, then <title>, then the first <h1>: the page's own idea of its title."""
    for xpath in (
        "//meta[@property='og:title']/@content",
        "//meta[@name='twitter:title']/@content",
        "//title/text()",
        "//h1",
    ):
        found = root.xpath(xpath)
        if isinstance(found, list) and found:
            first = found[0]
            value = first.text_content() if hasattr(first, "text_content") else str(first)
            value = " ".join(value.split())
            if value:
                return value
    return None


def parse_date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _drop(element: etree._Element) -> None:
    if element.getparent() is not None:
        # drop_tree keeps the tail: it is text that follows the element, not part of it.
        element.drop_tree()
