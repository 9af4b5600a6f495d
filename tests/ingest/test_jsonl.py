"""JSON Lines archives: one document a line; a bad line fails alone with file:line."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from corridor.ingest import read_bytes, read_path
from corridor.model import SourceKind

DATA = Path(__file__).resolve().parents[1] / "data" / "ingest"
ARCHIVE = DATA / "archive.jsonl"


def test_read_jsonl_reads_good_lines_and_reports_bad_one():
    results = list(read_path(ARCHIVE))
    assert [r.origin for r in results] == [f"{ARCHIVE}:{n}" for n in (1, 2, 3, 4)]
    assert [r.error is None for r in results] == [True, True, False, True]
    bad = results[2].error
    assert bad is not None and bad.code == "E306" and bad.where == f"{ARCHIVE}:3"
    first = results[0].document
    assert first is not None
    assert first.url == "https://news.example.com/2024/06/cpec-jcc"
    assert first.title == "JCC approves new projects"
    assert first.published == date(2024, 6, 10)
    assert first.publisher == "Corridor Daily"
    assert first.kind is SourceKind.NEWS
    assert first.file_name == "archive.jsonl"
    second = results[1].document
    assert second is not None and second.author == "Sana Mir"
    assert second.published == date(2024, 7, 1)  # a timestamp is accepted
    last = results[3].document
    assert last is not None and last.kind is SourceKind.OPED
    assert last.text == "Pakistan must speed up its special economic zones."  # box removed


def test_read_bytes_jsonl_matches_read_path():
    from_path = [r.document for r in read_path(ARCHIVE)]
    from_bytes = [r.document for r in read_bytes(ARCHIVE.read_bytes(), name="archive.jsonl")]
    assert [d.text if d else None for d in from_path] == [d.text if d else None for d in from_bytes]


@pytest.mark.parametrize(
    ("line", "detail"),
    [
        (b"[1, 2]", "not a JSON object"),
        (b'{"title": "no text"}', "no text"),
        (b'{"text": "   "}', "no text"),
        (b'{"text": "A ship.", "title": 7}', "title must be a string"),
        (b'{"text": "A ship.", "published": "last week"}', "published"),
        (b'{"text": "A ship.", "kind": "blog"}', "kind must be one of"),
        (b'{"text": "A ship.", "url": "file:///etc/passwd"}', "url must be http"),
        (b'{"text": "caf\xe9"}', "invalid UTF-8"),
        (b"[" * 100_000, "not JSON"),
    ],
)
def test_read_jsonl_bad_record_is_e306(line, detail):
    data = b'{"text": "The first record is fine."}\n' + line + b"\n"
    results = read_bytes(data, name="a.jsonl")
    assert results[0].error is None
    assert results[1].error is not None and results[1].error.code == "E306"
    assert detail in results[1].error.detail
    assert results[1].origin == "a.jsonl:2"


def test_read_jsonl_skips_blank_lines_and_bom(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_bytes(b'\xef\xbb\xbf{"text": "One."}\n\n   \n{"text": "Two."}\n')
    results = list(read_path(path))
    assert [r.origin.rsplit(":", 1)[1] for r in results] == ["1", "4"]
    assert all(r.error is None for r in results)


def test_read_jsonl_overlong_line_is_e302_and_rest_go_on(tmp_path, limits):
    path = tmp_path / "big.jsonl"
    big = b'{"text": "' + b"x" * (limits + 10) + b'"}'
    path.write_bytes(big + b'\n{"text": "After the big one."}\n')
    results = list(read_path(path))
    assert results[0].error is not None and results[0].error.code == "E302"
    assert results[0].origin == f"{path}:1"
    assert results[1].document is not None and results[1].document.text == "After the big one."


def test_read_jsonl_half_an_emoji_becomes_a_replacement_character(tmp_path):
    # "\ud83d" alone (a scraper cut the emoji) cannot be encoded: it must not sink the batch
    path = tmp_path / "cut.jsonl"
    path.write_text(
        '{"url": "https://example.org/1", "title": "Cut \\ud83d", '
        '"text": "Cut emoji \\ud83d and Gwadar Port will get a berth."}\n'
        '{"url": "https://example.org/2", "text": "The ML-1 agreement has not been signed."}\n'
    )
    first, second = read_path(path)
    assert first.document is not None and second.document is not None
    assert first.document.text == "Cut emoji \ufffd and Gwadar Port will get a berth."
    assert first.document.title == "Cut \ufffd"
    assert len(first.document.content_hash) == 64  # it encodes now


def test_read_jsonl_url_scheme_in_capitals_is_a_url(tmp_path):
    path = tmp_path / "caps.jsonl"
    path.write_text('{"url": "HTTPS://EXAMPLE.ORG/1", "text": "Gwadar Port opened in 2016."}\n')
    (result,) = read_path(path)
    assert result.document is not None and result.document.url == "HTTPS://EXAMPLE.ORG/1"


def test_read_jsonl_a_date_outside_1900_2100_is_e306(tmp_path):
    path = tmp_path / "far.jsonl"
    path.write_text(
        '{"url": "https://x.org/1", "published": "0001-01-01", "text": "Gwadar Port opened."}\n'
        '{"url": "https://x.org/2", "published": "2025-01-01", "text": "ML-1 was approved."}\n'
    )
    far, near = read_path(path)
    assert far.error is not None and far.error.code == "E306"
    assert "outside 1900-2100" in far.error.message
    assert near.document is not None and near.document.published == date(2025, 1, 1)


def test_titles_names_and_publishers_lose_their_control_characters() -> None:
    # \x01 and \x02 are the marks search highlights with; no title holds them.
    record = (
        b'{"title": "Gwadar\\u0001 port\\u0002 opens", "publisher": "Daw\\u0007n", '
        b'"author": "A\\u001bB", "text": "The Gwadar Port was opened to ships."}'
    )
    (result,) = read_bytes(record, name="a.jsonl")
    document = result.document
    assert document is not None
    assert (document.title, document.publisher, document.author) == (
        "Gwadar port opens",
        "Dawn",
        "AB",
    )
