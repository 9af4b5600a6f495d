"""Where extraction spends its time: each stage's cost as a multiple of the tokenizer's.

    python bench/stages.py [--docs 2000]

Runs the generated corpus through the pipeline stage by stage, in chunks, timing the
tokenizer on the same chunk right before: both see the same load on a shared machine, and
CPU time (not wall time) is counted, so the multiples are steadier than a single end-to-end
figure. The documents are prepared as `extract` prepares them (furniture masked, text kept).
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

sys.path.insert(0, str(Path(__file__).parent))

from corpus import corpus

if TYPE_CHECKING:
    from spacy.language import Language

    from corridor.model import Document

CHUNK = 25


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=2_000)
    args = parser.parse_args()

    from corridor.extract import EXTRACTOR_VERSION, _prepare, build_pipeline
    from corridor.extract.result import build_extraction

    nlp = build_pipeline()
    documents = list(corpus(args.docs))
    for document in corpus(200, seed=1):  # warm the tokenizer's cache and every stage
        build_extraction(nlp(_prepare(nlp, document)), document, EXTRACTOR_VERSION)
    clock = time.thread_time
    cost = {"tokenizer": 0.0, "prepare (tokenizes)": 0.0}
    cost.update({name: 0.0 for name in nlp.pipe_names})
    cost["result"] = 0.0
    gc.disable()  # a collection would land on whichever stage runs at the time
    try:
        for i in range(0, len(documents), CHUNK):
            chunk = documents[i : i + CHUNK]
            start = clock()
            for document in chunk:
                nlp.tokenizer(document.text)
            cost["tokenizer"] += clock() - start
            start = clock()
            docs = [_prepare(nlp, document) for document in chunk]
            cost["prepare (tokenizes)"] += clock() - start
            for name, stage in nlp.pipeline:
                start = clock()
                docs = [stage(doc) for doc in docs]
                cost[name] += clock() - start
            start = clock()
            for doc, document in zip(docs, chunk, strict=True):
                build_extraction(doc, document, EXTRACTOR_VERSION)
            cost["result"] += clock() - start
            gc.collect()
    finally:
        gc.enable()
    base = cost["tokenizer"]
    total = sum(v for k, v in cost.items() if k != "tokenizer")
    print(f"corpus: {args.docs} generated articles; CPU time, stage by stage")
    print(f"{'stage':<26} {'ms/doc':>8} {'x tokenizer':>12}")
    for name, seconds in cost.items():
        print(f"{name:<26} {seconds / args.docs * 1000:>8.3f} {seconds / base:>12.2f}")
    print(f"{'whole pipeline':<26} {total / args.docs * 1000:>8.3f} {total / base:>12.2f}")
    print(f"\ntokenizer / whole pipeline: {base / total:.3f}  (goal >= 0.25)")
    batched(nlp, documents)
    return 0


def batched(nlp: Language, documents: list[Document]) -> None:
    """The whole of extract_many (nlp.pipe) with each stage reading a few Docs in a row
    (Stage.pipe, corridor's way) beside spaCy's default of one Doc through every stage before
    the next, taking turns chunk by chunk; outputs compared."""
    from corridor.extract import base, extract_many

    pipe = base.Stage.pipe
    cost = {"one Doc through every stage": 0.0, "batched (Stage.pipe)": 0.0}
    clock = time.thread_time
    for i in range(0, len(documents), 100):
        chunk = documents[i : i + 100]
        del base.Stage.pipe  # spaCy then calls each stage on one Doc at a time
        try:
            start = clock()
            plain = [e.to_dict() for e in extract_many(chunk, nlp=nlp)]
            cost["one Doc through every stage"] += clock() - start
        finally:
            base.Stage.pipe = pipe  # type: ignore[method-assign]
        start = clock()
        stage_batches = [e.to_dict() for e in extract_many(chunk, nlp=nlp)]
        cost["batched (Stage.pipe)"] += clock() - start
        assert stage_batches == plain, "batching changed an output"
    print(f"\nextract_many, CPU time ({base.STAGE_BATCH} Docs a stage at a time when batched):")
    for label, seconds in cost.items():
        print(f"{label:<30} {seconds / len(documents) * 1000:>8.3f} ms/doc")
    first, second = cost.values()
    print(f"batched / one at a time: {second / first:.2f}")


if __name__ == "__main__":
    raise SystemExit(main())
