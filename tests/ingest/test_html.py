"""HTML pages: the body comes through, the page furniture does not, metadata is read."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import trafilatura

from corridor.ingest import html as html_reader
from corridor.ingest import read_bytes, read_path
from corridor.ingest.html import html_to_text
from corridor.settings import get_settings

DATA = Path(__file__).resolve().parents[1] / "data" / "ingest"
PAGE = DATA / "news-page.html"

BODY = [
    "GWADAR: The Gwadar Port received its first bulk carrier at the newly built multipurpose "
    "terminal on Tuesday, marking a milestone for the China-Pakistan Economic Corridor (CPEC).",
    "The vessel, carrying 45,000 tonnes of urea fertiliser, was handled by China Overseas Ports "
    "Holding Company, which operates the port under a 40-year lease signed in 2013.",
    "The Ministry of Maritime Affairs said further dredging of the approach channel was planned "
    "for the second half of 2025, subject to financing from the Chinese side.",
]
FURNITURE = [
    "Breaking News", "Senate passes budget bill", "Home", "Opinion", "image 3", "Share", "Tweet",
    "WhatsApp", "Follow us", "CHEAP WATCHES", "white elephant", "Comments", "Read more",
    "ML-1 railway financing", "Advertisement", "Copyright", "About us", "Karachi-based journalist",
    "can be reached", "Business",
]  # fmt: skip


@pytest.fixture(scope="module")
def page():
    [result] = read_path(PAGE)
    assert result.error is None
    assert result.document is not None
    return result.document


def test_read_html_keeps_article_body(page):
    assert page.text.split("\n\n")[0] == BODY[0]
    for paragraph in BODY:
        assert paragraph in page.text


@pytest.mark.parametrize("furniture", FURNITURE)
def test_read_html_drops_furniture(page, furniture):
    assert furniture not in page.text


def test_read_html_reads_metadata(page):
    assert page.title == "Gwadar Port handles first bulk cargo under new terminal"
    assert page.author == "Ayesha Siddiqui"
    assert page.published == date(2025, 3, 12)
    assert page.publisher == "Daily Corridor"
    assert page.file_name == "news-page.html"
    assert page.url is None  # a file has no URL; fetched pages get theirs


def test_read_html_does_not_repeat_title_in_body(page):
    assert page.title is not None and page.title not in page.text


def test_read_html_falls_back_to_lxml_when_trafilatura_finds_nothing(monkeypatch):
    monkeypatch.setattr(trafilatura, "bare_extraction", lambda *a, **k: None)
    [result] = read_path(PAGE)
    assert result.document is not None
    assert result.document.title == "Gwadar Port handles first bulk cargo under new terminal"
    for paragraph in BODY:
        assert paragraph in result.document.text
    for furniture in ("Breaking News", "image 3", "CHEAP WATCHES", "Copyright", "Read more"):
        assert furniture not in result.document.text


def test_read_html_title_from_h1_without_meta(monkeypatch):
    html = (
        b"<html><body><h1>Karot plant opens</h1><p>The Karot plant opened today.</p></body></html>"
    )
    monkeypatch.setattr(trafilatura, "bare_extraction", lambda *a, **k: None)
    [result] = read_bytes(html, name="karot.html")
    assert result.document is not None and result.document.title == "Karot plant opens"
    assert result.document.text == "The Karot plant opened today."


def test_read_html_without_text_is_e305():
    [result] = read_bytes(
        b"<html><head><title>Empty</title></head><body></body></html>", name="e.html"
    )
    assert result.error is not None and result.error.code == "E305"


def test_html_to_text_strips_markup_and_scripts():
    text = html_to_text("<p>One <b>two</b></p><script>alert(1)</script><p>Three<br>four</p>")
    assert "alert" not in text
    assert [line.strip() for line in text.split("\n") if line.strip()] == [
        "One two",
        "Three",
        "four",
    ]


def test_read_html_drops_plain_paragraph_author_box():
    html = (
        b"<html><head><title>CPEC needs a second wind</title></head><body><article>"
        b"<h1>CPEC needs a second wind</h1>"
        b"<p>The second phase of the corridor must move from roads to factories, and the "
        b"special economic zones are where that shift will be won or lost.</p>"
        b"<p>Rashakai has its first tenants, but Dhabeji still waits for a developer, and "
        b"the government should settle its terms within the year.</p>"
        b"<p>The writer is a former ambassador to China.</p>"
        b"</article></body></html>"
    )
    [result] = read_bytes(html, name="oped.html")
    assert result.document is not None
    assert "former ambassador" not in result.document.text
    assert result.document.text.endswith("settle its terms within the year.")
    assert result.document.kind == "oped"


# A page trafilatura's main extractor finds too short is replaced by its "baseline", a dump of
# the page's text: menus and captions included. These pages check the module's own reader.
NAV_ONLY = DATA / "nav-only.html"
ONE_PARAGRAPH = DATA / "one-paragraph.html"


def test_read_html_navigation_only_page_is_e305():
    [result] = read_path(NAV_ONLY)
    assert result.document is None
    assert result.error is not None and result.error.code == "E305"


def test_read_html_one_paragraph_page_keeps_only_the_paragraph():
    [result] = read_path(ONE_PARAGRAPH)
    assert result.document is not None
    assert result.document.title == "Minister visits Rashakai"
    assert result.document.text == (
        "The planning minister visited the Rashakai Special Economic Zone on Monday and said "
        "the first factories would begin production."
    )


def test_read_html_keeps_a_page_whose_body_class_names_a_sidebar():
    # WordPress puts layout words on <body> ("has-sidebar"): the body is not furniture.
    page = PAGE.read_bytes().replace(b"<body>", b'<body class="single has-sidebar menu-open">')
    [result] = read_bytes(page, name="classy.html")
    assert result.document is not None
    for paragraph in BODY:
        assert paragraph in result.document.text


# Hostile pages: trafilatura's time grows with the square of some element counts (200,000
# paragraphs took 7 minutes; 10,000 links in one paragraph take 16 s).
def _write(path: Path, body: str) -> Path:
    path.write_text(f"<html><head><title>Gwadar</title></head><body>{body}</body></html>")
    return path


@pytest.fixture
def max_text_chars(monkeypatch):
    monkeypatch.setenv("CORRIDOR_MAX_TEXT_CHARS", "100000")
    get_settings.cache_clear()
    yield 100_000
    monkeypatch.delenv("CORRIDOR_MAX_TEXT_CHARS")
    get_settings.cache_clear()


@pytest.mark.slow
def test_read_html_reads_a_page_of_too_many_elements_by_the_plain_reader(tmp_path, max_text_chars):
    # 60,000 paragraphs: 18 s in trafilatura, which is not worth trying under its clock.
    page = _write(
        tmp_path / "many.html", "<article>" + "<p>Gwadar port.</p>" * 60_000 + "</article>"
    )
    [result] = read_path(page)
    assert result.document is not None
    assert result.document.text.startswith("Gwadar port.\n\nGwadar port.")
    assert result.note is not None and "plain reader" in result.note
    # the plain reader stops at the cap, and the note does not take that for the page's length
    assert len(result.document.text) <= max_text_chars
    assert f"only the first {len(result.document.text):,} characters of the page" in result.note


def test_read_html_stops_the_extractor_at_its_wall_clock(tmp_path, monkeypatch):
    monkeypatch.setattr(html_reader, "WALL_SECONDS", 1)
    links = "<a href='/x'>Gwadar</a> " * 12_000
    page = _write(tmp_path / "links.html", f"<article><p>Port news: {links}</p></article>")
    [result] = read_path(page)
    assert result.document is not None and result.document.text.startswith("Port news: Gwadar")
    assert result.note is not None and "took over 1 s" in result.note


def test_read_html_reads_an_ordinary_page_in_process(monkeypatch):
    def refuse(data: bytes, url: str | None) -> None:
        raise AssertionError("an ordinary page went to a child process")

    monkeypatch.setattr(html_reader, "_extract_isolated", refuse)
    [result] = read_path(PAGE)
    assert result.document is not None and result.note is None
    assert result.document.text.split("\n\n")[0] == BODY[0]


def test_read_html_reads_a_bigger_page_with_trafilatura_in_a_child(monkeypatch):
    calls = []
    isolated = html_reader._extract_isolated

    def spy(data: bytes, url: str | None) -> object:
        calls.append(len(data))
        return isolated(data, url)

    monkeypatch.setattr(html_reader, "_extract_isolated", spy)
    widgets = "<div class='widgets'>" + "<span></span>" * 9_000 + "</div>"
    page = PAGE.read_bytes().replace(b"</body>", widgets.encode() + b"</body>")
    [result] = read_bytes(page, name="widgets.html")
    assert calls and result.note is None
    assert result.document is not None and result.document.text.split("\n\n")[0] == BODY[0]
    assert result.document.author == "Ayesha Siddiqui"
    assert result.document.published == date(2025, 3, 12)


def test_read_html_keeps_a_long_article_the_plain_reader_misses():
    # A story in <div>s and <br>s, a menu in <li>s: the plain reader finds only the menu,
    # trafilatura the story, which is kept (review: the story had been thrown away).
    para = ("The Karakoram Highway realignment project was approved by the planning "
            "commission on Tuesday, officials said, at a cost of Rs 40 billion. ")  # fmt: skip
    body = "<br><br>".join(para * 2 for _ in range(6))
    page = (
        "<html><head><title>KKH realignment approved</title></head><body><ul>"
        '<li><a href="/">Home</a></li><li><a href="/pk">Pakistan</a></li>'
        f'<li><a href="/biz">Business</a></li></ul><div class="story">{body}</div></body></html>'
    ).encode()
    [result] = read_bytes(page, name="story.html")
    assert result.document is not None
    assert result.document.text.startswith("The Karakoram Highway realignment project")
    assert "Business" not in result.document.text


def test_read_html_refuses_utf16_without_a_byte_order_mark():
    page = "<html><body><p>Gwadar Port handled its first ship on Monday.</p></body></html>" * 3
    [result] = read_bytes(page.encode("utf-16-le"), name="page.html")
    assert result.document is None
    assert result.error is not None and result.error.code == "E303"
    [good] = read_bytes(page.encode("utf-16"), name="page.html")  # with its BOM: read
    assert good.document is not None and "first ship" in good.document.text


def test_read_html_a_page_of_many_links_only_is_no_article():
    # QA: fifty menu links were stored as a document ("Section 0 ... Section 49")
    links = "".join(f'<li><a href="/s{i}">Section {i}</a></li>' for i in range(50))
    page = f"<html><body><nav><ul>{links}</ul></nav><footer>Contact us</footer></body></html>"
    [result] = read_bytes(page.encode(), name="nav.html")
    assert result.error is not None and result.error.code == "E305"
