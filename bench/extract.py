"""Extraction and ingest speed, beside spaCy's tokenizer on the same texts in the same run.

    python bench/extract.py [--docs 10000] [--ingest-docs 2000]

Prints articles/s and words/s for: the tokenizer alone (the baseline), `extract` (the
whole pipeline, streamed with nlp.pipe), and `ingest` into a fresh SQLite database (read
from memory, extract, store one transaction per document, re-derive statuses), with the
ratio of each to the baseline, and the process's resident memory as the corpus streams.

The articles are generated outside the timed part (generating one costs more than
tokenizing it, and an earlier version that timed it in both runs flattered the ratio), and
the runs take turns batch by batch, so that a shared machine's load weighs on both alike.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from itertools import islice
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from corpus import corpus

from corridor.model import Document


def rss_mb() -> float:
    """Resident memory now, from /proc (ru_maxrss only ever grows)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def batches(docs: int, size: int) -> Iterator[list[Document]]:
    """The corpus in lists of `size`: generating an article costs more than tokenizing it,
    so it happens outside the timed part, one batch at a time (memory stays bounded)."""
    stream = corpus(docs)
    while batch := list(islice(stream, size)):
        yield batch


def paired(
    runs: dict[str, Callable[[list[Document]], int]], docs: int, batch: int
) -> dict[str, float]:
    """Each run over the same batches, in turn batch by batch, so that a shared machine's
    changing load weighs on all of them alike; prints and returns articles/s."""
    elapsed = dict.fromkeys(runs, 0.0)
    words = dict.fromkeys(runs, 0)
    for documents in batches(docs, batch):
        for label, run in runs.items():
            start = time.perf_counter()
            words[label] += run(documents)
            elapsed[label] += time.perf_counter() - start
    for label, seconds in elapsed.items():
        print(
            f"{label:<22} {docs / seconds:>10.1f} {words[label] / seconds:>12.0f} {seconds:>9.1f}s"
        )
    return {label: docs / seconds for label, seconds in elapsed.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--ingest-docs", type=int, default=2_000)
    args = parser.parse_args()

    from corridor.extract import build_pipeline, extract_many

    nlp = build_pipeline()
    sample = list(corpus(20))
    mean_words = sum(len(d.text.split()) for d in sample) / len(sample)
    print(f"corpus: {args.docs} generated articles, ~{mean_words:.0f} words each; one process")
    print(f"{'stage':<22} {'articles/s':>10} {'words/s':>12} {'time':>10}")

    def tokenize(docs: list[Document]) -> int:
        # Words are counted on the input, as in the other stages: rebuilding doc.text from
        # the tokens would cost the baseline as much again and flatter the ratio.
        words = 0
        texts = []
        for d in docs:
            words += len(d.text.split())
            texts.append(d.text)
            if len(texts) == 64:
                for _ in nlp.tokenizer.pipe(texts, batch_size=64):
                    pass
                texts = []
        for _ in nlp.tokenizer.pipe(texts, batch_size=64):
            pass
        return words

    # The tokenizer caches the words it has seen: warm it once on other texts of the same
    # vocabulary, so that neither timed run pays for a cold cache the other does not.
    for _ in nlp.tokenizer.pipe((d.text for d in corpus(500, seed=1)), batch_size=64):
        pass

    memory: list[float] = []

    def extraction(docs: list[Document]) -> int:
        words = 0
        for result in extract_many(docs, nlp=nlp, batch_size=64):
            words += len(result.text.split())
        memory.append(rss_mb())  # after each batch: ten readings over 10,000 articles
        return words

    rates = paired(
        {"tokenizer (baseline)": tokenize, "extract": extraction},
        args.docs,
        batch=max(1, args.docs // 10),
    )
    base, rate = rates["tokenizer (baseline)"], rates["extract"]

    def ingestion(docs: list[Document]) -> int:
        from corridor.ingest.base import ReadResult
        from corridor.ingest.batch import ingest
        from corridor.registry import bundled_items
        from corridor.store import make_engine, transaction, upgrade
        from corridor.store.items import upsert_items

        with tempfile.TemporaryDirectory() as tmp:
            engine = make_engine(f"sqlite:///{tmp}/bench.db")
            upgrade(engine)
            with transaction(engine) as session:
                upsert_items(session=session, items=list(bundled_items()))
            words = sum(len(d.text.split()) for d in docs)
            summary = ingest(
                (ReadResult(d, f"doc{i}", None) for i, d in enumerate(docs)), engine=engine
            )
            assert summary.new == len(docs), summary.failed[:3]
            engine.dispose()
        return words

    print(f"extract / tokenizer: {rate / base:.3f}  (goal >= 0.25)")
    print(f"extract articles/s: {rate:.0f}  (goal >= 200 on one core)")
    print("resident memory over the extract run (MB): " + ", ".join(f"{m:.0f}" for m in memory))
    print(f"\n{args.ingest_docs} articles, each stored in its own transaction:")
    ingested = paired(
        {"extract": extraction, "ingest (SQLite)": ingestion},
        args.ingest_docs,
        batch=args.ingest_docs,
    )
    print(f"ingest / extract: {ingested['ingest (SQLite)'] / ingested['extract']:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
