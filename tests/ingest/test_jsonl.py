"""JSON Lines archives: one document a line; a bad line fails alone with file:line."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from corridor.ingest import ReadResult, read_bytes, read_path
from corridor.ingest.batch import ingest, read_targets
from corridor.model import Document, SourceKind

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
        (b'{"text": ["The port", "opened."]}', "text must be a string"),
        (b'{"text": 7}', "text must be a string"),
        (b'{"text": "A ship.", "title": 7}', "title must be a string"),
        (b'{"text": "A ship.", "published": "last week"}', "published"),
        (b'{"text": "A ship.", "kind": "blog"}', "kind must be one of"),
        (b'{"text": "A ship.", "url": "file:///etc/passwd"}', "url must be http"),
        (b'{"text": "caf\xe9"}', "invalid UTF-8"),
        (b"[" * 100_000, "not JSON"),
        (b'{"text": "A ship.", "published": ' + b"9" * 5000 + b"}", "not JSON"),
        (
            b'{"text": "A ship.", "url": "https://ex.org/' + b"a" * 2500 + b'"}',
            "url has 2,515 characters, over 2000",
        ),
        (b'{"text": "A ship.", "url": "https://ex.org/a\\u0000b"}', "url has a control character"),
        (b'{"text": "A ship.", "url": "https://ex.org/a\\tb"}', "url has a control character"),
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


def _record(number: int) -> str:
    return json.dumps(
        {"url": f"https://e.org/{number}", "text": f"The Gwadar port handled {number} ships."}
    )


# Python refuses to read an integer of more than 4,300 digits (a plain ValueError, not a
# JSONDecodeError): QA found that it ended the whole batch with E900.
HUGE_NUMBER = '{"text": "x", "published": ' + "9" * 5000 + "}"


def test_a_number_too_long_for_python_fails_its_line_alone(tmp_path):
    path = tmp_path / "big.jsonl"
    path.write_text("\n".join([_record(1), HUGE_NUMBER, _record(2)]) + "\n")
    streamed = list(read_path(path))  # a file is read line by line
    piped = read_bytes(path.read_bytes(), name="<stdin>")  # standard input, read whole
    for results, name in ((streamed, str(path)), (piped, "<stdin>")):
        assert [r.error is None for r in results] == [True, False, True]
        error = results[1].error
        assert error is not None and error.code == "E306"
        assert error.where == results[1].origin == f"{name}:2"
        line = error.render()
        assert "\n" not in line and len(line) < 400 and "4300 digits" in line


def test_ingest_stores_the_lines_around_a_number_too_long(engine, tmp_path):
    path = tmp_path / "big.jsonl"
    path.write_text("\n".join([_record(1), HUGE_NUMBER, _record(2)]) + "\n")
    other = tmp_path / "ok.txt"
    other.write_text("The Karot hydropower plant reached full load in June.")
    summary = ingest(read_targets([str(path), str(other)]), engine=engine)
    assert (summary.read, summary.new, len(summary.failed)) == (4, 3, 1)
    origin, reason = summary.failed[0]
    assert origin == f"{path}:2" and reason.startswith("error E306: ")


def test_a_crash_on_one_line_fails_that_line_and_the_rest_are_read(tmp_path, monkeypatch):
    """The last resort: a bug met on one line is that line's failure, said as unexpected."""
    from corridor.ingest import jsonl

    real = jsonl._kind

    def crash_on_blog(value, where):
        if value == "crash":
            raise RuntimeError("a bug\nover two lines " + "x" * 500)
        return real(value, where)

    monkeypatch.setattr(jsonl, "_kind", crash_on_blog)
    path = tmp_path / "a.jsonl"
    path.write_text(
        '{"text": "The ML-1 tender was issued."}\n'
        '{"text": "The Thar plant opened.", "kind": "crash"}\n'
        '{"text": "Gwadar Port handled a ship."}\n'
    )
    for results in (list(read_path(path)), read_bytes(path.read_bytes(), name="a.jsonl")):
        assert [r.error is None for r in results] == [True, False, True]
        error = results[1].error
        assert error is not None and error.code == "E310"
        assert results[1].origin.endswith(":2")
        line = error.render()
        assert "unexpected RuntimeError: a bug over two lines" in line
        assert "\n" not in line and len(line) < 500


def test_ingest_refuses_unstorable_urls_alike_on_every_database(engine, tmp_path):
    """sources.url holds 2,000 characters and no NUL on PostgreSQL: SQLite stored what
    PostgreSQL refused with SQL and the document's text in an E900. A record whose url cannot
    be stored is refused, like a record whose url is not http(s)."""
    path = tmp_path / "urls.jsonl"
    long_url = json.dumps({"url": "https://ex.org/" + "a" * 2500, "text": "The Thar plant ran."})
    nul_url = json.dumps({"url": "https://ex.org/a\u0000b", "text": "The Karot dam filled."})
    path.write_text("\n".join([_record(1), long_url, nul_url, _record(2)]) + "\n")
    summary = ingest(read_targets([str(path)]), engine=engine)
    assert (summary.new, len(summary.failed)) == (2, 2)
    for (origin, reason), number in zip(summary.failed, (2, 3), strict=True):
        assert origin == f"{path}:{number}"
        assert reason.startswith("error E306: ") and "\n" not in reason and len(reason) < 400
    assert _stored_urls(engine) == {"https://e.org/1", "https://e.org/2"}


def test_a_document_whose_url_cannot_be_stored_is_stored_without_it(engine):
    """Whatever reader made it (a page's own URL, the web's upload form), a url too long or
    holding a control character is left out, with a note, on SQLite as on PostgreSQL."""
    documents = [
        Document(text="The Thar coal plant ran at full load.", url="https://ex.org/" + "a" * 2500),
        Document(text="The Karot dam was filled in June.", url="https://ex.org/a\x00b"),
    ]
    results = [ReadResult(d, f"doc{i}") for i, d in enumerate(documents)]
    summary = ingest(results, engine=engine)
    assert (summary.new, summary.failed) == (2, [])
    assert [origin for origin, _ in summary.notes] == ["doc0", "doc1"]
    assert all("url" in note and "\n" not in note for _, note in summary.notes)
    assert _stored_urls(engine) == {None}


def test_store_extraction_leaves_out_a_url_it_cannot_store(engine):
    from corridor.store import transaction
    from corridor.store.sources import store_extraction

    document = Document(text="The ML-1 tender was issued.", url="https://ex.org/" + "b" * 2001)
    extraction = {"source": {}, "items": [], "events": [], "amounts": [], "statistics": []}
    with transaction(engine) as session:
        store_extraction(session=session, document=document, extraction=extraction, version="t")
    assert _stored_urls(engine) == {None}


def _stored_urls(engine) -> set[str | None]:
    from corridor.store import transaction
    from corridor.store.tables import SourceRow

    with transaction(engine) as session:
        return set(session.scalars(select(SourceRow.url)))


def test_the_url_limit_readers_apply_is_what_a_source_holds():
    from corridor.ingest.fetch import MAX_URL_CHARS
    from corridor.store.sources import URL_LENGTH

    assert MAX_URL_CHARS == URL_LENGTH == 2000
