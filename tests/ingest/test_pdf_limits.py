"""A PDF is parsed in a child process: a parser that loops or hoards memory is stopped."""

import resource
from pathlib import Path

import pytest

from corridor.ingest import pdf
from corridor.ingest.read import read_bytes

ARTICLE = Path(__file__).parent.parent / "data" / "ingest" / "article.pdf"


def _spin(data: bytes) -> tuple[str, dict[str, object]]:
    while True:
        pass


def _hoard(data: bytes) -> tuple[str, dict[str, object]]:
    chunks = []
    while True:
        chunks.append(bytearray(50_000_000))


def test_a_parser_that_never_returns_is_stopped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf, "_extract", _spin)
    monkeypatch.setattr(pdf, "WALL_SECONDS", 1)
    [result] = read_bytes(ARTICLE.read_bytes(), name="slow.pdf")
    assert result.error is not None and result.error.code == "E304"
    assert "took over 1 s" in result.error.render()


def test_a_parser_that_hoards_memory_is_stopped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf, "_extract", _hoard)
    monkeypatch.setattr(
        pdf,
        "MEMORY_LIMIT",
        300 * 1024 * 1024 + resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
    )
    [result] = read_bytes(ARTICLE.read_bytes(), name="big.pdf")
    assert result.error is not None and result.error.code == "E304"
    assert "MemoryError" in result.error.render()


def test_a_good_pdf_still_reads_through_the_child() -> None:
    [result] = read_bytes(ARTICLE.read_bytes(), name="article.pdf")
    assert result.document is not None and len(result.document.text) > 200
