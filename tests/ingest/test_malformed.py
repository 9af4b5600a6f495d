"""Mutated fixtures: nothing escapes read_bytes, every failure is a result, each is quick."""

from __future__ import annotations

import random
import time
from pathlib import Path

import pytest

from corridor.ingest import ReadResult, read_bytes

DATA = Path(__file__).resolve().parents[1] / "data" / "ingest"
SOURCES = ["article.pdf", "news-page.html", "rss.xml", "atom.xml", "archive.jsonl", "op-ed.txt"]
CASES = 120
PER_INPUT_SECONDS = 5.0


def mutate(data: bytes, rng: random.Random) -> bytes:
    buf = bytearray(data)
    for _ in range(rng.randint(1, 24)):
        op = rng.random()
        at = rng.randrange(len(buf)) if buf else 0
        if op < 0.45 and buf:  # flip a byte
            buf[at] = rng.randrange(256)
        elif op < 0.65:  # insert junk or markup
            junk = rng.choice([b"\x00", b"<", b"]]>", b"<!--", b"endobj", b"\xff\xfe", b"&#0;",
                               bytes(rng.randrange(256) for _ in range(8))])  # fmt: skip
            buf[at:at] = junk
        elif op < 0.8 and buf:  # delete a span
            del buf[at : at + rng.randint(1, 64)]
        elif op < 0.9:  # duplicate a span
            buf[at:at] = buf[at : at + rng.randint(1, 256)]
        else:  # truncate
            del buf[at:]
    return bytes(buf)


def cases() -> list[tuple[str, int]]:
    return [(SOURCES[i % len(SOURCES)], i) for i in range(CASES)]


@pytest.mark.parametrize(("source", "seed"), cases())
def test_read_bytes_never_raises_on_mutated_input(source, seed):
    rng = random.Random(seed)
    data = mutate((DATA / source).read_bytes(), rng)
    # Half the cases keep the extension, half must be sniffed from content alone.
    name = source if seed % 2 else "upload"
    started = time.monotonic()
    results = read_bytes(data, name=name)
    elapsed = time.monotonic() - started
    assert isinstance(results, list) and results
    for result in results:
        assert isinstance(result, ReadResult)
        assert (result.document is None) != (result.error is None)
        if result.document is not None:
            assert result.document.text.strip()
    assert elapsed < PER_INPUT_SECONDS
