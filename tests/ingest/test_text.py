"""Plain text: decoding, headline as title, the seed op-ed end to end."""

from __future__ import annotations

import codecs
import json
from pathlib import Path

import pytest

from corridor.errors import CorridorError
from corridor.ingest import read_bytes, read_path, read_text
from corridor.model import SourceKind

DATA = Path(__file__).resolve().parents[1] / "data" / "ingest"
SEED = DATA / "op-ed.txt"

TITLE = "A New Era of Pakistan-China Cooperation: Strengthening Ties for a Prosperous Future"


def test_read_path_reads_seed_op_ed():
    [result] = read_path(SEED)
    assert result.error is None and result.origin == str(SEED)
    document = result.document
    assert document is not None
    assert document.title == TITLE
    assert document.author == "Qaiser Nawab"
    assert document.kind is SourceKind.OPED
    assert document.file_name == "op-ed.txt"
    # the headline is the title, and stays the text's first sentence
    assert document.text.startswith(
        f"{TITLE}\n\nPakistan and China have long enjoyed an ironclad friendship"
    )
    assert document.text.endswith("a vision for a brighter future.")
    for furniture in ("Breaking News", "image 3", "Mr. Qaiser Nawab", "BRISD"):
        assert furniture not in document.text


def test_read_path_keeps_every_annotated_evidence_sentence():
    """The hand annotation's evidence sentences are all in the clean body, whole."""
    expected = json.loads((DATA / "op-ed.expected.json").read_text(encoding="utf-8"))
    [result] = read_path(SEED)
    assert result.document is not None
    evidence = [item["evidence"] for item in expected["items"] if item.get("evidence")]
    assert len(evidence) > 10
    for sentence in evidence:
        assert sentence in result.document.text
    assert result.document.title == expected["source"]["title"]
    assert result.document.author == expected["source"]["author"]
    assert result.document.kind == expected["source"]["kind"]


def test_read_bytes_strips_utf8_bom():
    data = codecs.BOM_UTF8 + b"Port news today\n\nGwadar handled a ship."
    [result] = read_bytes(data, name="bom.txt")
    assert result.document is not None
    assert result.document.title == "Port news today"
    assert result.document.text == "Port news today\n\nGwadar handled a ship."


def test_read_path_decodes_utf16_by_bom():
    [result] = read_path(DATA / "utf16.txt")
    assert result.document is not None
    assert result.document.title == "Gwadar Port update"
    assert result.document.text.startswith("Gwadar Port update\n\nThe port handled its first")


def test_read_path_refuses_undecodable_bytes():
    [result] = read_path(DATA / "undecodable.txt")
    assert result.document is None
    assert result.error is not None and result.error.code == "E303"
    assert "byte 11" in result.error.detail


def test_read_bytes_refuses_utf16_without_bom():
    [result] = read_bytes("Gwadar port".encode("utf-16-le"), name="x.txt")
    assert result.error is not None and result.error.code == "E303"


@pytest.mark.parametrize("data", [b"", b"   \n\n  ", b"Breaking News\n\nimage 3\n\nShare\n"])
def test_read_bytes_empty_after_cleaning_is_e305(data):
    [result] = read_bytes(data, name="empty.txt")
    assert result.error is not None and result.error.code == "E305"


def test_read_text_uses_headline_and_explicit_title():
    document = read_text("Gwadar update\n\nThe port handled a ship.")
    assert document.title == "Gwadar update"
    assert document.text == "Gwadar update\n\nThe port handled a ship."
    document = read_text("The port handled a ship.", title="Given title")
    assert document.title == "Given title"
    assert document.text == "The port handled a ship."


def test_a_headline_keeps_its_items_and_claims():
    """Real-article QA (set X, pattern 14): a registry name and a claim only the headline
    states ("Second phase of CPEC", "withdrawal from funding") were lost with the headline."""
    from corridor.extract import extract

    document = read_text(
        "Second phase of CPEC shifts focus to industrial zones\n\n"
        "Officials said investors were being invited to the zones on Monday."
    )
    assert document.title == "Second phase of CPEC shifts focus to industrial zones"
    extraction = extract(document).to_dict()
    phase = [i for i in extraction["items"] if i["item_id"] == "cpec-phase-ii"]
    assert phase and phase[0]["mentions"][0]["start"] == 0
    assert document.text[: phase[0]["mentions"][0]["end"]] == "Second phase of CPEC"


def test_read_text_with_a_given_title_keeps_a_first_line_repeating_it():
    document = read_text("Gwadar update\n\nThe port handled a ship.", title="Gwadar update")
    assert document.title == "Gwadar update"
    assert document.text == "Gwadar update\n\nThe port handled a ship."


def test_a_kept_headline_leaves_the_source_id_as_it_was():
    # Until extractor 0.2.9 the headline was cut from the text, and the source's id is the
    # hash of its text: a headline now kept must not make a stored article new again, or
    # re-ingesting it after the upgrade would store it twice.
    from corridor.model import content_hash

    with_headline = read_text("Gwadar update\n\nThe port handled a ship.")
    given_title = read_text("The port handled a ship.", title="Gwadar update")
    assert with_headline.text != given_title.text
    assert with_headline.content_hash == given_title.content_hash
    assert with_headline.content_hash == content_hash("The port handled a ship.")  # 0.2.8's
    other = read_text("Karachi update\n\nThe port handled a ship.")
    assert other.content_hash == with_headline.content_hash  # the same article, retitled
    assert read_text("The port handled a ship.").content_hash == with_headline.content_hash


GNN_HEAD = "PM Imran directs officials to accelerate facilitation for Chinese investors in SEZs"
GNN_BODY = (
    "Prime Minister Imran Khan on Monday directed the authorities concerned to take all "
    "possible measures to attract Chinese companies to the Special Economic Zones (SEZs).\n\n"
    "The meeting was told that work on five SEZs was under way."
)


def test_a_headline_over_a_single_line_break_is_the_title():
    """Analyst QA (gnn-sez-facilitation.txt and three more): a headline followed by one line
    break, not a blank line, was no title. The text stays as it is, and so does the id: the
    title is no paragraph of its own, so the whole text is the identity, as it was stored
    before (the id of /tmp/analyst/c.db's 447cbfa46335 for that article)."""
    from corridor.model import content_hash

    text = f"{GNN_HEAD}\n{GNN_BODY}"
    document = read_text(text)
    assert document.title == GNN_HEAD
    assert document.text == text
    assert document.content_hash == content_hash(text)
    # Lines all single-spaced (agency21-aiic.txt): the same.
    single = read_text(f"{GNN_HEAD}\n{GNN_BODY.replace(chr(10) * 2, chr(10))}")
    assert single.title == GNN_HEAD


@pytest.mark.parametrize(
    "text",
    [
        # a first sentence with its full stop
        "Prime Minister Imran Khan on Monday directed the authorities to act.\nThey agreed.",
        # continued in lower case, or ending in a function word: prose running on
        "Prime Minister Imran Khan on Monday directed the authorities to\nact on it.",
        "Prime Minister Imran Khan on Monday directed the authorities of the\nCPEC Authority.",
        # as wide as the hard-wrapped paragraph it opens
        "Prime Minister Imran Khan on Monday directed the authorities there to offer\n"
        "Chinese companies land, electricity and gas connections and more tax\n"
        "incentives to invest in Pakistan and populate the zones, officials said.",
    ],
)
def test_a_first_line_of_prose_is_no_title(text):
    assert read_text(text).title is None


def test_read_text_without_headline_keeps_first_sentence():
    document = read_text("The port handled a ship on Tuesday.\n\nIt carried urea.")
    assert document.title is None
    assert document.text.startswith("The port handled a ship on Tuesday.")


def test_read_text_raises_e305_on_furniture_only():
    with pytest.raises(CorridorError) as info:
        read_text("Breaking News\n\nAdvertisement")
    assert info.value.code == "E305"
