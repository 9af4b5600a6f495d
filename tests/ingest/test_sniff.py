"""Choosing a reader: content markers first, then media type and extension."""

from __future__ import annotations

import pytest

from corridor.errors import CorridorError
from corridor.ingest.sniff import sniff


@pytest.mark.parametrize(
    ("data", "name", "content_type", "expected"),
    [
        (b"%PDF-1.7\n...", "x.txt", None, "pdf"),
        (b"junk\n%PDF-1.4\n", "x", None, "pdf"),
        (b"<!DOCTYPE html><html>", "x.txt", None, "html"),
        (b"\xef\xbb\xbf  <html lang='en'>", "x", None, "html"),
        (b'<?xml version="1.0"?>\n<!-- c --><rss version="2.0">', "x.html", None, "feed"),
        (b"<feed xmlns='http://www.w3.org/2005/Atom'>", "x", None, "feed"),
        (b"<rdf:RDF xmlns:rdf='...'>", "x", None, "feed"),
        (b"<?xml version='1.0'?><error/>", "x.xml", None, "feed"),
        (b"plain words", "x.txt", None, "text"),
        (b"plain words", "README", None, "text"),
        (b"plain words", "x.csv", None, "text"),
        (b'{"text": "a"}', "x.jsonl", None, "jsonl"),
        (b"<div>fragment</div>", "x.html", None, "html"),
        (b"<p>served</p>", "https://x.example/story.php?id=1", "text/html; charset=utf-8", "html"),
        (b"words", "https://news.example/", "text/plain", "text"),
        (b"<x/>", "https://news.example/feed", "application/rss+xml", "feed"),
        (b"words", "upload", "application/octet-stream", "text"),
    ],
)
def test_sniff_picks_reader(data, name, content_type, expected):
    assert sniff(data, name=name, content_type=content_type) == expected


@pytest.mark.parametrize(
    ("data", "name", "content_type"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00", "x.png", None),
        (b"PK\x03\x04", "x.docx", None),
        (b"\x00\x01\x02binary", "blob", None),
        (b"GIF89a", "x", "image/gif"),
        (b"words", "https://site.zip/", "application/zip"),
    ],
)
def test_sniff_refuses_unsupported(data, name, content_type):
    with pytest.raises(CorridorError) as info:
        sniff(data, name=name, content_type=content_type)
    assert info.value.code == "E301"


def test_sniff_reads_an_unnamed_archive_by_its_first_record():
    # standard input has no name: JSON Lines is told by its first line
    archive = b'{"url": "https://x.org/1", "text": "Gwadar Port opened."}\n{"text": "b"}\n'
    assert sniff(archive, name="<stdin>") == "jsonl"
    assert sniff(b'{"title": "T", "text": "Gwadar"}', name="<stdin>") == "jsonl"
    assert sniff(b"{ braces start this story about Gwadar Port.", name="<stdin>") == "text"
    assert sniff(archive, name="notes.txt") == "text"  # a name still decides first
