"""RSS and Atom feeds: one Document per entry; entity tricks are refused, not expanded."""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

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
