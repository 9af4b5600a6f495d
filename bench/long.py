"""Long documents: extraction time as a document grows sixteen-fold, beside the tokenizer's.

    python bench/long.py [--chars 1000000]

A document may hold up to max_text_chars (a million characters): a long report, a table dump
with no sentence ends. Each shape is extracted at 1/16 of the size and at the full size; the
growth of the time is printed beside the tokenizer's on the same two texts. Linear work grows
about as the tokenizer does (16); work that compares each find with every one before it grows
with the square (256). Session 8 found four such places (sums, statistics, events, and cues
within one endless sentence) and a regex that read the rest of the text at each name: a
million characters of sums took about 70 s before, 2 s after.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from corpus import corpus

SHAPES = {
    "articles": None,  # generated articles, one after another
    "sums": "China will lend $1.5 billion and Rs 200 million for ML-1 by 2025. ",
    "dates": "From February 4th to 8th, 2025, and on March 3, 2024, talks were held. ",
    "counts": "Nearly 40% of the workforce and 2,793 canals and 200 feeders. ",
    "topics": "An MoU on vertical farming and an agreement for smart irrigation were signed. ",
    "names": "The Sukkur Solar Park and Thar Coal Block II Power Plant were inaugurated. ",
    "one sentence": "the Gwadar Port project and the CPEC zone will be ",
    "lines": "Gwadar Port\n \n\t",
}


def text_of(shape: str, chars: int) -> str:
    unit = SHAPES[shape]
    if unit is None:
        out, size = [], 0
        for document in corpus(10_000, seed=3):
            out.append(document.text)
            size += len(document.text) + 2
            if size >= chars:
                break
        return "\n\n".join(out)[:chars]
    return (unit * (chars // len(unit) + 1))[:chars]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chars", type=int, default=1_000_000)
    args = parser.parse_args()

    from corridor.extract import build_pipeline, extract
    from corridor.model import Document

    nlp = build_pipeline()
    extract(Document(text=text_of("articles", 20_000)), nlp=nlp)  # warm every stage
    print(f"{'shape':<14} {'1/16 (s)':>9} {'full (s)':>9} {'growth':>7} {'tokenizer growth':>17}")
    for shape in SHAPES:
        times, tokens = [], []
        for size in (args.chars // 16, args.chars):
            text = text_of(shape, size)
            start = time.perf_counter()
            nlp.tokenizer(text)
            tokens.append(time.perf_counter() - start)
            start = time.perf_counter()
            extract(Document(text=text), nlp=nlp)
            times.append(time.perf_counter() - start)
        print(
            f"{shape:<14} {times[0]:>9.2f} {times[1]:>9.2f} {times[1] / times[0]:>7.1f}"
            f" {tokens[1] / tokens[0]:>17.1f}",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
