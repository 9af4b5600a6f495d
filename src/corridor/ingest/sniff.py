"""Which reader a document needs: by its content first, then its media type and extension.

Content wins because names lie: a page saved as .txt, a feed served as text/html. Only
unambiguous markers count as content: the PDF magic (at the start, or behind junk that is not
prose), a feed root element, an HTML root or doctype at the start of the file (UTF-8, or UTF-16
and UTF-32 with a BOM).
"""

from __future__ import annotations

import codecs
import re
from pathlib import PurePath
from urllib.parse import urlsplit

from corridor.errors import CorridorError

_EXTENSIONS = {
    ".txt": "text", ".text": "text", ".md": "text",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".pdf": "pdf",
    ".rss": "feed", ".atom": "feed", ".xml": "feed", ".rdf": "feed",
    ".jsonl": "jsonl", ".ndjson": "jsonl",
}  # fmt: skip
_UNSUPPORTED = {
    ".doc", ".docx", ".odt", ".rtf", ".xls", ".xlsx", ".ppt", ".pptx", ".epub",
    ".png", ".jpg", ".jpeg", ".gif", ".webp", ".tif", ".tiff", ".bmp", ".svg",
    ".zip", ".gz", ".tgz", ".bz2", ".xz", ".7z", ".rar", ".tar",
    ".mp3", ".mp4", ".wav", ".avi", ".mov", ".exe", ".dll", ".so", ".bin",
}  # fmt: skip
_MEDIA_TYPES = {
    "text/plain": "text",
    "text/html": "html",
    "application/xhtml+xml": "html",
    "application/pdf": "pdf",
    "application/rss+xml": "feed",
    "application/atom+xml": "feed",
    "application/rdf+xml": "feed",
    "application/xml": "feed",
    "text/xml": "feed",
    "application/jsonl": "jsonl",
    "application/x-ndjson": "jsonl",
}
# Skipped before looking at the first element: BOM, whitespace, XML declaration, comments,
# processing instructions and a doctype that is not HTML's.
_PROLOG = re.compile(
    rb"(?:\xef\xbb\xbf|\s+|<\?[^>]{0,1000}\?>|<!--.{0,10000}?-->|<!doctype\s+(?!html)[^>]{0,2000}>)",
    re.IGNORECASE | re.DOTALL,
)
_FEED_ROOT = re.compile(rb"^<(?:[\w.-]+:)?(?:rss|feed|rdf)\b", re.IGNORECASE)
_HTML_ROOT = re.compile(rb"^<(?:!doctype\s+html|html|head|body|meta|title)\b", re.IGNORECASE)
_HEAD = 64 * 1024
# Two words in a row: prose, which no junk before a PDF header is.
_WORDS = re.compile(rb"[A-Za-z]{2,}[ \t,;:]+[A-Za-z]+")
# Longest first: the UTF-32 LE BOM begins with the UTF-16 LE one.
_WIDE_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# The start of a JSON Lines archive's first record: {"url": ..., {"text": ... (no article
# begins so); the reader then checks every line.
_JSONL_LINE = re.compile(
    rb'^(?:\xef\xbb\xbf)?\s*\{\s*"[^"\n]{0,40}"\s*:[^\n]*"(?:text|url)"\s*:|'
    rb'^(?:\xef\xbb\xbf)?\s*\{\s*"(?:text|url)"\s*:'
)


def media_type(content_type: str | None) -> str | None:
    if not content_type:
        return None
    return content_type.split(";", 1)[0].strip().casefold() or None


def sniff(data: bytes, *, name: str, content_type: str | None = None) -> str:
    """The name of the reader for `data`; E301 when nothing corridor reads fits."""
    head = data[:_HEAD]
    if _is_pdf(head):
        return "pdf"
    start = _skip_prolog(_as_utf8(head))
    if _FEED_ROOT.match(start):
        return "feed"
    if _HTML_ROOT.match(start):
        return "html"
    declared = media_type(content_type)
    if declared in ("application/octet-stream", "binary/octet-stream"):
        declared = None  # what browsers send when they do not know either
    path = urlsplit(name).path if name.startswith(("http://", "https://")) else name
    suffix = PurePath(path).suffix.casefold()
    if suffix in _UNSUPPORTED:
        raise CorridorError("E301", suffix, where=name)
    # A feed claimed by name or type but with no feed root (an XML error page, say) is still
    # handed to the feed reader, which says what is wrong with it (E309).
    kind = _EXTENSIONS.get(suffix) or _MEDIA_TYPES.get(declared or "")
    if kind is not None:
        return kind
    if declared and not declared.startswith("text/"):
        raise CorridorError("E301", f"media type {declared}", where=name)
    # No extension or an unknown one (standard input): an archive if its first line is a
    # JSON object with a text or url key, else plain text if it looks like text at all.
    if _JSONL_LINE.match(head):
        return "jsonl"
    if b"\x00" not in head or head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "text"
    raise CorridorError("E301", suffix or "binary data", where=name)


def _is_pdf(head: bytes) -> bool:
    """The PDF magic at the start, or behind junk within 1 KB as the spec allows.

    Junk is binary or a stray word; a line of prose before "%PDF-" is a text that mentions
    the header, not a PDF.
    """
    found = head.find(b"%PDF-", 0, 1024)
    if found < 0:
        return False
    before = head[:found]
    return not before.strip(b"\xef\xbb\xbf \t\r\n") or not _WORDS.search(before)


def _as_utf8(head: bytes) -> bytes:
    """The head of a UTF-16 or UTF-32 file (by its BOM) as UTF-8, for the root patterns."""
    for bom, codec in _WIDE_BOMS:
        if head.startswith(bom):
            # "ignore": the head may end inside a character.
            return head[len(bom) :].decode(codec, "ignore").encode("utf-8", "ignore")
    return head


def _skip_prolog(head: bytes) -> bytes:
    position = 0
    while True:
        match = _PROLOG.match(head, position)
        if not match or match.end() == position:
            return head[position:]
        position = match.end()
