"""The floor under the speed goal: the design issue 3 names, built of spaCy's own parts only.

    python bench/floor.py [--docs 2000]

Issue 3 asks for a spaCy pipeline (sentence segmentation, the registry's names and aliases
as patterns, modality cues, components for amounts and dates) running at a quarter of the
tokenizer's speed. This runs that design with none of corridor's Python in it: spaCy's
sentencizer, an entity ruler holding every registry name and alias (lowercased), a phrase
matcher holding every modality cue, and a token matcher with a single pattern for money
("62 billion"). Nothing is read from what they find, so the floor is what the matching
alone costs: the least a pipeline built of these parts can cost before it does any work of
its own (reading the matches, dates, events, the result). Indented lines show fuller forms
of a job (spaCy's entity ruler for the names; three money and date patterns with sets of
words) that are not counted in the floor. Each part's CPU time is printed as a multiple of
the tokenizer's on the same chunk of the same corpus, in the same run.
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from corpus import corpus

CHUNK = 25

# The least a money stage could match ("62 billion"), and three patterns of the kind the
# amounts and dates stages need: far fewer than corridor's (which also reads money in words,
# currencies after the figure, ranges and relative dates).
ONE_PATTERN = [{"LIKE_NUM": True}, {"LOWER": "billion"}]
NUMBER_PATTERNS = [
    [{"LIKE_NUM": True}, {"LOWER": {"IN": ["million", "billion", "trillion", "bn", "mw", "gw",
                                           "km", "acres", "%", "percent"]}}],
    [{"ORTH": {"IN": ["$", "US$", "Rs", "PKR", "RMB"]}}, {"LIKE_NUM": True}],
    [{"LOWER": {"IN": ["january", "february", "march", "april", "may", "june", "july",
                       "august", "september", "october", "november", "december"]}},
     {"LIKE_NUM": True}],
]  # fmt: skip


def build() -> tuple[Any, list[tuple[str, bool, Any]]]:
    """The parts, each (name, in the floor, callable on a Doc): the floor takes the cheapest
    part for each job; the others show what spaCy's fuller forms of a job cost."""
    import spacy
    from spacy.matcher import Matcher, PhraseMatcher

    from corridor.extract.rules import bundled_rules
    from corridor.registry import bundled_items

    nlp = spacy.blank("en")
    parts: list[tuple[str, bool, Any]] = [("sentencizer", True, nlp.add_pipe("sentencizer"))]
    labels = sorted({label for item in bundled_items() for label in [item.name, *item.aliases]})
    names = PhraseMatcher(nlp.vocab, attr="LOWER")
    names.add("ITEM", [nlp.make_doc(label) for label in labels])
    parts.append((f"phrase matcher ({len(labels)} names)", True, names))
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER"})
    ruler.add_patterns([{"label": "ITEM", "pattern": label} for label in labels])
    parts.append(("  the same as an entity ruler", False, ruler))
    cues = bundled_rules().cues
    phrases = sorted({p for group in cues.by_modality.values() for p in group})
    cue_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    cue_matcher.add("CUE", [nlp.make_doc(p) for p in phrases])
    parts.append((f"phrase matcher ({len(phrases)} cues)", True, cue_matcher))
    one = Matcher(nlp.vocab)
    one.add("NUMBER", [ONE_PATTERN])
    parts.append(("token matcher (1 pattern)", True, one))
    numbers = Matcher(nlp.vocab)
    numbers.add("NUMBER", NUMBER_PATTERNS)
    parts.append((f"  token matcher ({len(NUMBER_PATTERNS)} patterns)", False, numbers))
    return nlp, parts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=2_000)
    args = parser.parse_args()

    nlp, parts = build()
    texts = [document.text for document in corpus(args.docs)]
    tokenizer = nlp.tokenizer
    for text in [document.text for document in corpus(200, seed=1)]:  # warm every cache
        doc = tokenizer(text)
        for _, _, part in parts:
            part(doc)
    clock = time.thread_time
    cost = {"tokenizer": 0.0, **{name: 0.0 for name, _, _ in parts}}
    gc.disable()  # a collection would land on whichever part runs at the time
    try:
        for i in range(0, len(texts), CHUNK):
            chunk = texts[i : i + CHUNK]
            start = clock()
            docs = [tokenizer(text) for text in chunk]
            cost["tokenizer"] += clock() - start
            for name, _, part in parts:
                start = clock()
                for doc in docs:
                    part(doc)
                cost[name] += clock() - start
            gc.collect()
    finally:
        gc.enable()
    base = cost["tokenizer"]
    print(f"corpus: {args.docs} generated articles; CPU time, part by part")
    print(f"{'part':<34} {'ms/doc':>8} {'x tokenizer':>12}")
    for name, seconds in cost.items():
        print(f"{name:<34} {seconds / args.docs * 1000:>8.3f} {seconds / base:>12.2f}")
    floor = base + sum(cost[name] for name, in_floor, _ in parts if in_floor)
    label = "floor (tokenizer + unindented)"
    print(f"{label:<34} {floor / args.docs * 1000:>8.3f} {floor / base:>12.2f}")
    print(f"\ntokenizer / floor: {base / floor:.3f}  (issue 3's goal for the whole pipeline: "
          ">= 0.25)")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
