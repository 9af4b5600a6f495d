"""Which reader a document needs: by its content first, then its media type and extension.

Content wins because names lie: a page saved as .txt, a feed served as text/html. Only
unambiguous markers count as content: the PDF magic, a feed root element, an HTML root or
doctype at the start of the file.
"""

from __future__ import annotations

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
    if b"%PDF-" in head[:1024]:  # the spec lets junk precede the header within 1 KB
        return "pdf"
    start = _skip_prolog(head)
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


def _skip_prolog(head: bytes) -> bytes:
    position = 0
    while True:
        match = _PROLOG.match(head, position)
        if not match or match.end() == position:
            return head[position:]
        position = match.end()
