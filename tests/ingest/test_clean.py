"""The generic cleaner: whitespace, furniture lines and the author box."""

from __future__ import annotations

from pathlib import Path

import pytest

from corridor.ingest.clean import (
    clean,
    clean_text,
    is_furniture,
    looks_like_headline,
    strip_honorifics,
)
from corridor.settings import get_settings

SEED = Path(__file__).resolve().parents[1] / "data" / "ingest" / "op-ed.txt"


def test_clean_text_removes_seed_furniture_and_author_box():
    text = clean_text(SEED.read_text(encoding="utf-8"))
    assert not text.startswith("Breaking News")
    assert "\nChina\n" not in f"\n{text}\n"
    assert "image 3" not in text
    assert "Qaiser Nawab" not in text
    assert text.startswith("A New Era of Pakistan-China Cooperation")
    assert text.endswith("a vision for a brighter future.")


def test_clean_text_keeps_every_body_paragraph_verbatim():
    seed = SEED.read_text(encoding="utf-8")
    text = clean_text(seed)
    paragraphs = text.split("\n\n")
    assert len(paragraphs) == 9  # headline + 8 body paragraphs
    for paragraph in paragraphs:
        assert paragraph in seed


def test_clean_finds_author_name_in_box():
    result = clean(SEED.read_text(encoding="utf-8"))
    assert result.author == "Qaiser Nawab"
    assert result.author_box is not None and result.author_box.startswith("Mr. Qaiser Nawab")


@pytest.mark.parametrize(
    ("box", "author"),
    [
        ("The writer is a former ambassador to China.", None),
        ("— The author is a research fellow at the Institute of Strategic Studies.", None),
        ("Dr. Ayesha Khan, an economist, teaches at LUMS.", "Ayesha Khan"),
        ("Prof. Zhang Wei is a Beijing-based expert on South Asia.", "Zhang Wei"),
        ("Sana Mir is a Lahore-based analyst. She tweets @sana.", "Sana Mir"),
    ],
)
def test_clean_removes_trailing_author_box(box, author):
    text = "Headline of the piece\n\nThe Karot dam supplies power to Punjab.\n\n" + box
    result = clean(text)
    assert result.text == "Headline of the piece\n\nThe Karot dam supplies power to Punjab."
    assert result.author == author


def test_clean_keeps_final_paragraph_that_is_not_a_box():
    text = "First paragraph about Gwadar.\n\nThe port is a key node of CPEC, officials said."
    assert clean_text(text) == text


@pytest.mark.parametrize(
    "last",
    [
        # news quoting an official ends on what he said: the story's, not a box (QA)
        "Dr. Ahsan Iqbal, the planning minister, said the first phase of the ML-1 railway "
        "upgrade would be completed by December 2027.",
        "Gwadar Port is a flagship project of the corridor, according to analysts.",
    ],
)
def test_clean_keeps_a_last_paragraph_that_reports_or_describes_the_story(last):
    text = "ML-1 talks resume\n\nTalks on the ML-1 resumed in Beijing, officials said.\n\n" + last
    result = clean(text)
    assert result.text == text
    assert result.author is None and result.author_box is None


@pytest.mark.parametrize(
    ("first", "headline"),
    [
        (
            'The planning minister said on Monday, "The ML-1 railway upgrade will be completed '
            'by 2030."',
            False,
        ),
        (
            "Pakistan and China signed six agreements on the ML-1 railway upgrade and the KKH "
            "realignment in Beijing on Monday (APP)",
            False,
        ),
        ("Is CPEC a debt trap?", True),
        ('PM says "CPEC is our future"', True),
        ("Gwadar airport opens to flights", True),
        # an image's alt text and credit above the body (QA, set U: it became the title)
        ("China Pakistan Photo: VCG", False),
        ("Gwadar Port File photo: Xinhua", False),
        ("Photographers flock to Gwadar beaches", True),
    ],
)
def test_looks_like_headline_only_short_of_a_sentence_end(first, headline):
    assert looks_like_headline(first) is headline


def test_clean_keeps_furniture_words_inside_sentences():
    text = "Investors will share the risk.\n\nRead more about it in the annual report, he said."
    assert clean_text(text) == text


@pytest.mark.parametrize(
    "line",
    ["Breaking News", "image 3", "Share", "Follow us", "Advertisement", "Read more", "Photo 2 of 5",
     "Share on Facebook", "Follow us on Twitter", "Home > World > Asia", "  • Tweet  "],
)  # fmt: skip
def test_is_furniture_recognises_lone_furniture(line):
    assert is_furniture(line)


def test_clean_normalises_whitespace_and_paragraphs():
    raw = "  Title\u00a0line \r\n\r\n\r\n\tBody   text\u200b here.\x07\r\nSecond  line.\n\n\n\nEnd."
    assert clean_text(raw) == "Title line\n\nBody text here.\nSecond line.\n\nEnd."


def test_clean_drops_leading_section_label_only_before_headline():
    assert (
        clean_text("China\n\nA Headline About Ports\n\nBody.") == "A Headline About Ports\n\nBody."
    )
    # A one-word first line followed by a sentence is not a label before a headline.
    kept = "Islamabad\n\nThe minister said the plant would open in 2026."
    assert clean_text(kept) == kept


def test_clean_caps_text_at_max_text_chars(monkeypatch):
    monkeypatch.setenv("CORRIDOR_MAX_TEXT_CHARS", "1000")
    get_settings.cache_clear()
    try:
        text = clean_text("word " * 1000)
    finally:
        monkeypatch.delenv("CORRIDOR_MAX_TEXT_CHARS")
        get_settings.cache_clear()
    assert len(text) <= 1000 and text.endswith("word")


def test_strip_honorifics():
    assert strip_honorifics("Mr. Qaiser Nawab") == "Qaiser Nawab"
    assert strip_honorifics("Dr Prof. A. Rahman,") == "A. Rahman"


def test_clean_text_is_idempotent():
    once = clean_text(SEED.read_text(encoding="utf-8"))
    assert clean_text(once) == once


@pytest.mark.parametrize(
    "line",
    [
        "Subscribe to our newsletter",
        "All rights reserved.",
        "© 2025 Dawn Media Group. All rights reserved.",
        "Cookie policy",
        "Privacy policy",
        "Terms of use",
    ],
)
def test_is_furniture_knows_site_footers(line):
    # QA: a text of only such lines was stored as a source
    assert is_furniture(line)
