"""Choosing a reader: content markers first, then media type and extension."""

from __future__ import annotations

from pathlib import Path

import pytest

from corridor.errors import CorridorError
from corridor.ingest import read_bytes, read_path
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


UTF16_PAGE = Path(__file__).resolve().parents[1] / "data" / "ingest" / "news-page-utf16"


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize(
    ("markup", "expected"),
    [
        ("<!DOCTYPE html><html><body><p>Gwadar</p></body></html>", "html"),
        ("<?xml version='1.0' encoding='utf-16'?>\n<rss version='2.0'>", "feed"),
        ("Plain words about Gwadar.", "text"),
    ],
)
def test_sniff_reads_the_start_of_utf16_with_a_bom(codec, markup, expected):
    data = "\ufeff".encode(codec) + markup.encode(codec)
    assert sniff(data, name="<stdin>") == expected
    assert sniff(data, name="page") == expected


def test_utf16_page_without_extension_is_read_as_html():
    [result] = read_bytes(UTF16_PAGE.read_bytes(), name="<stdin>")
    assert result.document is not None
    assert "<" not in result.document.text
    assert result.document.text.startswith("GWADAR: The Gwadar Port received its first bulk")
    [result] = read_path(UTF16_PAGE)
    assert result.document is not None and result.document.title is not None


@pytest.mark.parametrize(
    "data",
    [
        b"Notes: a file starting with %PDF-1.7 is a PDF. The Gwadar port was expanded.\n",
        b"The header %PDF-1.4 is what readers look for.",
        b"# Formats\n\nA PDF starts with %PDF-.",
    ],
)
def test_sniff_text_mentioning_the_pdf_header_is_text(data):
    assert sniff(data, name="m.txt") == "text"
    assert sniff(data, name="<stdin>") == "text"


@pytest.mark.parametrize(
    "data",
    [
        b"\n\r\n  %PDF-1.7\n%\xe2\xe3\xcf\xd3\n",
        b"\xef\xbb\xbf%PDF-1.4\n",
        b"\x00\x00\x05\x16\x00\x02\x00\x00%PDF-1.3\n",  # a MacBinary-style binary header
        b"junk\n%PDF-1.4\n",
    ],
)
def test_sniff_finds_the_pdf_header_behind_whitespace_or_junk(data):
    assert sniff(data, name="<stdin>") == "pdf"
