"""HTML pages: article body and metadata with trafilatura, a plain lxml pass if it finds none."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from datetime import date

import lxml.html
import trafilatura
from lxml import etree

from corridor.ingest.base import ReadContext, ReadResult, failure, finish, reader

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


@reader("html")
def read_html(data: bytes, ctx: ReadContext) -> Iterator[ReadResult]:
    # Comments are off: with them trafilatura keeps reader comments (spam included) as body.
    # Tables are off: on news sites they are mostly layout and link lists, not data.
    extracted = trafilatura.bare_extraction(
        data,
        url=ctx.origin if ctx.origin.startswith(("http://", "https://")) else None,
        include_comments=False,
        include_tables=False,
        include_images=False,
        include_links=False,
        with_metadata=True,
        # Only the page's own date markup: a date found in running text is an event, not
        # the publication date.
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    text = ""
    title = author = sitename = None
    published = None
    if extracted is not None and not isinstance(extracted, dict):
        # trafilatura puts one paragraph per line; corridor separates paragraphs by blank lines.
        text = (extracted.text or "").replace("\n", "\n\n")
        title, author, sitename = extracted.title, extracted.author, extracted.sitename
        published = parse_date(extracted.date)
    tree = parse(data)
    if not text.strip():
        text = fallback_text(tree) if tree is not None else ""
    if not title and tree is not None:
        title = page_title(tree)
    if not text.strip():
        yield failure("E305", "no article text in the page", ctx.origin)
        return
    yield finish(
        text,
        ctx,
        title=title,
        author=author,
        publisher=sitename,
        published=published,
        url=ctx.origin if ctx.origin.startswith(("http://", "https://")) else None,
    )


def parse(data: bytes | str) -> etree._Element | None:
    """An lxml tree that never touches the network, or None for something that is not HTML."""
    parser = lxml.html.HTMLParser(no_network=True, remove_comments=True, remove_pis=True)
    try:
        root = lxml.html.document_fromstring(data, parser=parser)
    except (etree.ParserError, ValueError, TypeError):
        return None
    return root


def fallback_text(root: etree._Element) -> str:
    """Block-level text outside furniture containers: enough for pages trafilatura rejects."""
    for element in list(root.iter(*_NOISE_TAGS)):
        _drop(element)
    for element in list(root.iter()):
        if not isinstance(element.tag, str):
            continue
        marker = f"{element.get('class', '')} {element.get('id', '')}"
        if marker.strip() and _NOISE_ATTR.search(marker):
            _drop(element)
    blocks = [" ".join(el.text_content().split()) for el in root.iter(*_BLOCKS)]
    blocks = [b for b in blocks if b]
    if not blocks:
        body = root.find("body")
        blocks = [" ".join((body if body is not None else root).text_content().split())]
    return "\n\n".join(blocks)


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
