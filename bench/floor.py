"""The floor under the speed goal: what finding the matches alone costs, in the design issue 3 names.

    python bench/floor.py [--docs 2000]

Issue 3 asks for a spaCy pipeline (sentence segmentation, the registry's names and aliases
as patterns, modality cues, components for amounts and dates) running at a quarter of the
tokenizer's speed. This times each matching job of that design, with none of corridor's
code in it, done two ways where there are two: with spaCy's own parts (its sentencizer, a
phrase matcher or entity ruler of every registry name and alias, a phrase matcher of every
modality cue, a token matcher for money) and with one regex pass over the text (sentence
ends; the figures a money, capacity, date or statistic stage starts from). Nothing is read
from what is found, so each floor is the least a pipeline can cost before it does any work
of its own (reading the matches, resolving dates, building events and the result):

- spaCy's parts: the tokenizer and the cheapest spaCy part for each job;
- the cheapest way: the tokenizer and the cheapest part for each job, spaCy's or a regex.

Each part's CPU time is printed as a multiple of the tokenizer's on the same chunk of the
same corpus, in the same run.
"""

from __future__ import annotations

import argparse
import gc
import re
import sys
import time
from collections.abc import Callable
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
# spaCy's sentencizer rule, as one pass over the text: end punctuation and closing quotes,
# then space before a capital or a digit.
SENTENCE_END = re.compile(r"[.!?]+[\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9])")
# Every figure and the scale word after it: where a money, capacity or date match can start.
FIGURE = re.compile(r"\d[\d,.]*(?:\s?(?:million|billion|trillion|bn|mn))?")


class Part:
    """One way of doing one job: on the Doc (spaCy's parts) or on its text (a regex)."""

    def __init__(self, job: str, label: str, spacy: bool, run: Callable[[Any], Any],
                 on_text: bool = False) -> None:  # fmt: skip
        self.job, self.label, self.spacy, self.run, self.on_text = job, label, spacy, run, on_text

    def __call__(self, doc: Any, text: str) -> None:
        # (the text as given, not doc.text, which rebuilds it from the tokens)
        self.run(text if self.on_text else doc)


def build() -> tuple[Any, list[Part]]:
    import spacy
    from spacy.matcher import Matcher, PhraseMatcher

    from corridor.extract.rules import bundled_rules
    from corridor.registry import bundled_items

    nlp = spacy.blank("en")
    parts = [Part("sentences", "spaCy sentencizer", True, nlp.add_pipe("sentencizer"))]
    parts.append(Part("sentences", "one regex over the text", False, SENTENCE_END.findall,
                      on_text=True))  # fmt: skip
    labels = sorted({label for item in bundled_items() for label in [item.name, *item.aliases]})
    names = PhraseMatcher(nlp.vocab, attr="LOWER")
    names.add("ITEM", [nlp.make_doc(label) for label in labels])
    parts.append(Part("names", f"phrase matcher, {len(labels)} names", True, names))
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER"})
    ruler.add_patterns([{"label": "ITEM", "pattern": label} for label in labels])
    parts.append(Part("names", "the same as an entity ruler", True, ruler))
    cues = bundled_rules().cues
    phrases = sorted({p for group in cues.by_modality.values() for p in group})
    cue_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    cue_matcher.add("CUE", [nlp.make_doc(p) for p in phrases])
    parts.append(Part("cues", f"phrase matcher, {len(phrases)} cues", True, cue_matcher))
    one = Matcher(nlp.vocab)
    one.add("NUMBER", [ONE_PATTERN])
    parts.append(Part("figures", "token matcher, 1 pattern", True, one))
    numbers = Matcher(nlp.vocab)
    numbers.add("NUMBER", NUMBER_PATTERNS)
    parts.append(Part("figures", f"token matcher, {len(NUMBER_PATTERNS)} patterns", True,
                      numbers))  # fmt: skip
    parts.append(Part("figures", "one regex over the text", False, FIGURE.findall,
                      on_text=True))  # fmt: skip
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
        for part in parts:
            part(doc, text)
    clock = time.thread_time
    base = 0.0
    cost = [0.0] * len(parts)
    gc.disable()  # a collection would land on whichever part runs at the time
    try:
        for i in range(0, len(texts), CHUNK):
            chunk = texts[i : i + CHUNK]
            start = clock()
            docs = [tokenizer(text) for text in chunk]
            base += clock() - start
            for k, part in enumerate(parts):
                start = clock()
                for doc, text in zip(docs, chunk, strict=True):
                    part(doc, text)
                cost[k] += clock() - start
            gc.collect()
    finally:
        gc.enable()

    def ms(seconds: float) -> str:
        return f"{seconds / args.docs * 1000:>8.3f} {seconds / base:>12.2f}"

    print(f"corpus: {args.docs} generated articles; CPU time, part by part")
    print(f"{'job':<10} {'part':<34} {'ms/doc':>8} {'x tokenizer':>12}")
    print(f"{'tokens':<10} {'spaCy tokenizer (the baseline)':<34} {ms(base)}")
    for part, seconds in zip(parts, cost, strict=True):
        print(f"{part.job:<10} {part.label:<34} {ms(seconds)}")
    jobs = dict.fromkeys(part.job for part in parts)
    print()
    for title, spacy_only in (("spaCy's parts", True), ("the cheapest way", False)):
        best = {job: min(s for p, s in zip(parts, cost, strict=True)
                         if p.job == job and (p.spacy or not spacy_only))
                for job in jobs}  # fmt: skip
        floor = base + sum(best.values())
        print(f"floor, {title:<37} {ms(floor)}   tokenizer / floor: {base / floor:.3f}")
    print("(issue 3's goal for the whole pipeline, matching and all its work: >= 0.25)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
