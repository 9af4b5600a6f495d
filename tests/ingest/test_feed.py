"""RSS and Atom feeds: one Document per entry; entity tricks are refused, not expanded."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from corridor.ingest import read_bytes, read_path

DATA = Path(__file__).resolve().parents[1] / "data" / "ingest"


def test_read_rss_yields_entry_documents():
    results = list(read_path(DATA / "rss.xml"))
    assert len(results) == 3
    first, second, third = results
    assert first.document is not None and first.error is None
    assert first.origin == "https://news.example.com/2025/01/ml1-financing"
    assert first.document.title == "ML-1 railway financing talks resume in Beijing"
    assert first.document.url == "https://news.example.com/2025/01/ml1-financing"
    assert first.document.author == "Bilal Ahmed"
    assert first.document.published == date(2025, 1, 14)
    assert first.document.publisher == "Corridor Daily: CPEC"
    assert first.document.text == (
        "Pakistan and China resumed talks on financing the Main Line-1 railway upgrade, "
        "officials said on Tuesday.\n\nThe project is estimated to cost $6.7 billion."
    )
    # content:encoded wins over the teaser in <description>.
    assert second.document is not None
    assert second.document.text.startswith("The 720 MW Karot hydropower project")
    assert "Short teaser" not in second.document.text
    # An entry with no text is a failure of that entry only.
    assert third.error is not None and third.error.code == "E305"
    assert third.origin == "https://news.example.com/2025/02/gwadar-gallery"


def test_read_rss_strips_scripts_and_handlers():
    for result in read_path(DATA / "rss.xml"):
        if result.document is not None:
            assert "alert" not in result.document.text
            assert "<" not in result.document.text


def test_read_atom_yields_entry_documents():
    results = list(read_path(DATA / "atom.xml"))
    assert [r.error for r in results] == [None, None]
    first, second = (r.document for r in results)
    assert first is not None and second is not None
    assert first.title == "JCC meeting reviews progress on special economic zones"
    assert first.url == "https://planning.example.gov.pk/press/jcc-14"
    assert first.author == "Press Wing"
    assert first.published == date(2025, 2, 28)
    assert first.publisher == "Ministry of Planning: Press Releases"
    assert "Rashakai, Dhabeji and Allama Iqbal Industrial City" in first.text
    assert second.published == date(2025, 2, 20)  # <updated> when there is no <published>
    assert second.text.startswith("The 1.2 million gallons per day desalination plant")


def test_read_feed_refuses_billion_laughs_quickly():
    started = time.monotonic()
    results = list(read_path(DATA / "billion-laughs.xml"))
    assert time.monotonic() - started < 1
    assert len(results) == 1
    assert results[0].error is not None and results[0].error.code == "E309"
    assert results[0].document is None


def test_read_feed_refuses_xxe_without_reading_files():
    results = list(read_path(DATA / "xxe.xml"))
    assert len(results) == 1 and results[0].error is not None
    assert results[0].error.code == "E309"
    assert "root:" not in results[0].error.render()


def test_read_feed_never_opens_body_as_a_path():
    # Given bare bytes, feedparser would try open(data) first: a body naming a file.
    results = read_bytes(b"/etc/passwd", name="feed.xml")
    assert len(results) == 1 and results[0].error is not None
    assert results[0].error.code == "E309"
    assert "root:" not in results[0].error.render()


def test_read_feed_without_entries_is_e309():
    data = b'<?xml version="1.0"?><rss version="2.0"><channel><title>x</title></channel></rss>'
    [result] = read_bytes(data, name="empty.rss")
    assert result.error is not None and result.error.code == "E309"


def test_read_feed_entry_without_link_gets_numbered_origin():
    data = (
        b'<rss version="2.0"><channel><title>T</title><item><title>No link</title>'
        b"<description>The Thar coal plant reached full load.</description></item>"
        b"<item><title>Bad link</title><link>javascript:alert(1)</link>"
        b"<description>The ML-1 tender was issued.</description></item></channel></rss>"
    )
    results = read_bytes(data, name="nolink.xml")
    assert [r.origin for r in results] == ["nolink.xml#1", "nolink.xml#2"]
    assert all(r.document is not None and r.document.url is None for r in results)


def test_read_feed_with_half_an_emoji_reads_every_entry():
    # feedparser raises on a character reference to half a surrogate pair ("&#55357;")
    feed = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>'
        b"<item><title>Cut &#55357; emoji</title><link>https://example.org/1</link>"
        b"<description>Emoji cut &#xD83D; Gwadar Port will get a berth.</description></item>"
        b"<item><title>ML-1</title><link>https://example.org/2</link>"
        b"<description>The ML-1 agreement has not been signed.</description></item>"
        b"</channel></rss>"
    )
    first, second = read_bytes(feed, name="cut.rss")
    assert first.document is not None and second.document is not None
    assert first.document.text == "Emoji cut \ufffd Gwadar Port will get a berth."
    assert second.document.text == "The ML-1 agreement has not been signed."


def test_read_feed_decodes_entities_of_a_summary_without_tags():
    # "&amp;amp;" in the XML is "&amp;" in an HTML summary: the text has "&", and the
    # non-breaking space, a space: "884 MW" is read as a capacity again
    feed = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><item>'
        b"<title>Suki Kinari</title><link>https://example.org/1</link><description>Done "
        b"in 2024 &amp;amp; the 884&amp;nbsp;MW plant runs.</description></item></channel></rss>"
    )
    (result,) = read_bytes(feed, name="e.rss")
    assert result.document is not None
    assert result.document.text == "Done in 2024 & the 884 MW plant runs."


def _rss(items: str, channel_link: str = "") -> bytes:
    link = f"<link>{channel_link}</link>" if channel_link else ""
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>{link}{items}'
        "</channel></rss>"
    ).encode()


def test_a_relative_link_is_resolved_against_the_feeds_own_link():
    items = (
        "<item><title>One</title><link>/2025/article</link>"
        "<description>The Thar coal plant reached full load.</description></item>"
        '<item xml:base="https://other.example/dir/"><title>Two</title><link>story</link>'
        "<description>The ML-1 tender was issued.</description></item>"
    )
    first, second = read_bytes(_rss(items, "https://site.example/news/"), name="local.rss")
    assert first.document is not None and second.document is not None
    assert first.document.url == first.origin == "https://site.example/2025/article"
    assert second.document.url == "https://other.example/dir/story"  # xml:base first


def test_a_relative_link_with_no_base_is_left_out_with_a_note():
    items = (
        "<item><title>One</title><link>/2025/article</link>"
        "<description>The Thar coal plant reached full load.</description></item>"
    )
    (result,) = read_bytes(_rss(items), name="local.rss")
    assert result.document is not None and result.document.url is None
    assert result.origin == "local.rss#1"
    assert result.note is not None and "/2025/article" in result.note


@pytest.mark.parametrize(
    ("link", "said"),
    [
        ("https://ex.org/" + "a" * 2500, "2,515 characters, over 2000"),
        ("https://ex.org/a&#1;b", "a control character (U+0001)"),
    ],
)
def test_a_link_that_cannot_be_stored_is_left_out_with_a_note(link, said):
    items = (
        f"<item><title>One</title><link>{link}</link>"
        "<description>The Thar coal plant reached full load.</description></item>"
        "<item><title>Two</title><link>https://ex.org/2</link>"
        "<description>The ML-1 tender was issued.</description></item>"
    )
    first, second = read_bytes(_rss(items), name="local.rss")
    assert first.document is not None and first.document.url is None
    assert first.origin == "local.rss#1"
    assert first.note is not None and said in first.note and "\x01" not in first.note
    assert len(first.note) < 400
    assert second.document is not None and second.document.url == "https://ex.org/2"


def test_ingest_stores_a_feed_entry_whose_link_is_too_long_alike_everywhere(engine, tmp_path):
    from sqlalchemy import select

    from corridor.ingest.batch import ingest, read_targets
    from corridor.store import transaction
    from corridor.store.tables import SourceRow

    items = (
        f"<item><title>One</title><link>https://ex.org/{'a' * 2500}</link>"
        "<description>The Thar coal plant reached full load.</description></item>"
    )
    path = tmp_path / "long.rss"
    path.write_bytes(_rss(items))
    summary = ingest(read_targets([str(path)]), engine=engine)
    assert (summary.new, summary.failed) == (1, [])
    assert len(summary.notes) == 1 and "characters, over 2000" in summary.notes[0][1]
    with transaction(engine) as session:
        assert list(session.scalars(select(SourceRow.url))) == [None]


# A feed served over HTTP with relative links: they are read against the feed's URL, and
# fetched from it with --fetch-linked (the SSRF rules still apply).
ARTICLE = (
    b"<html><head><title>Karot reaches full load</title></head><body><article>"
    b"<h1>Karot reaches full load</h1><p>The 720 MW Karot hydropower project reached full "
    b"load on Monday, the company said.</p></article></body></html>"
)


class _FeedHandler(BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        if self.path == "/feeds/cpec.xml":
            items = (
                "<item><title>Karot</title><link>../articles/karot</link>"
                "<description>A teaser on Karot.</description></item>"
                "<item><title>Inside</title><link>//10.0.0.1/secret</link>"
                "<description>Points inside.</description></item>"
            )
            self._send(_rss(items, "https://elsewhere.example/"), "application/rss+xml")
        elif self.path == "/articles/karot":
            self._send(ARTICLE, "text/html; charset=utf-8")
        else:
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()

    def _send(self, body: bytes, ctype: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def _feed_server() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _FeedHandler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def feed_server(_feed_server, connect_guard) -> str:
    connect_guard.allowed.add(("127.0.0.1", urlsplit(_feed_server).port))
    return _feed_server


def test_a_fetched_feeds_relative_links_are_resolved_against_its_url(feed_server):
    karot, inside = read_path(f"{feed_server}/feeds/cpec.xml", allow_private=True)
    assert karot.document is not None and karot.document.text == "A teaser on Karot."
    assert karot.document.url == f"{feed_server}/articles/karot"
    assert inside.document is not None and inside.document.url == "http://10.0.0.1/secret"


def test_fetch_linked_fetches_a_relative_link_from_the_feeds_server(feed_server, connect_guard):
    karot, inside = read_path(
        f"{feed_server}/feeds/cpec.xml", allow_private=True, fetch_linked=True
    )
    assert karot.document is not None, karot.error
    assert "720 MW Karot hydropower project" in karot.document.text
    assert karot.document.url == f"{feed_server}/articles/karot"
    # allow_private vouches for the feed's server, not for an address its links name.
    assert inside.document is not None and inside.document.text == "Points inside."
    assert inside.note is not None and "E307" in inside.note
    assert connect_guard.foreign() == []


def test_the_note_for_a_linked_page_not_read_is_a_whole_sentence(feed_server):
    _, inside = read_path(f"{feed_server}/feeds/cpec.xml", allow_private=True, fetch_linked=True)
    assert inside.note is not None
    assert inside.note.endswith("the feed's text stands in for it")
