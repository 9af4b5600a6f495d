"""corridor.statistics.v1 (spaCy factory corridor_statistics_v1): figures that are not money.

Percentages ("nearly 40% of the workforce": value 40, unit percent, about "workforce") and
counts of things listed in actors.toml ("5,000 jobs", "30 Chinese companies"). Numbers that
are part of an amount, a capacity or a date are left to those stages.
"""

from __future__ import annotations

import regex
from spacy.language import Language
from spacy.tokens import Doc

from corridor.extract.base import doc_text, finditer, register_extensions
from corridor.extract.records import Statistic
from corridor.extract.rules import ActorRules

NUM = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
HEDGE = r"(?:(?:nearly|about|around|over|more\s+than|less\s+than|almost|some|up\s+to|approximately|roughly|at\s+least|only|just)\s+)?"
STOP = r"(?:in|for|to|and|by|from|with|was|is|are|were|has|had|of|on|at|which|that|who|while|as|will|would|since)"
ABOUT = rf"(?P<about>[\w-]+(?:\s+(?!{STOP}\b)[\w’'-]+){{0,3}})"


class StatisticFinder:
    def __init__(self, nlp: Language, rules: ActorRules) -> None:
        register_extensions()
        self.percent = regex.compile(
            rf"(?i)(?<![\w.,])(?P<num>{NUM})\s?(?:%|percent\b|per\s+cent\b)"
            rf"(?:\s+of\s+(?:the\s+|its\s+|their\s+|all\s+)?{ABOUT})?"
        )
        nouns = "|".join(
            regex.escape(n) for n in sorted(rules.statistic_nouns, key=len, reverse=True)
        )
        self.count = regex.compile(
            rf"(?<![\w.,$€¥])(?P<num>{NUM})(?:\s+(?P<scale>million|thousand|lakh|crore))?"
            rf"\s+(?P<mods>(?:[A-Za-z][\w-]*\s+){{0,2}}?)(?P<noun>(?i:{nouns}))(?![\w])"
        )
        self.words_before = regex.compile(r"((?:[\w’'-]+\s+){1,4})$")
        # A hedge before the figure ("nearly 40%") belongs to its text.
        self.hedge = regex.compile(rf"(?i)(?<![\w])(?:{HEDGE[:-1]})\s*$")

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        taken = [(x.start, x.end) for x in (doc._.amounts or []) + (doc._.capacities or [])]
        taken += [(d.start, d.end) for d in doc._.dates or []]
        stats: list[Statistic] = []
        for m in finditer(self.percent, text):
            if _overlaps(m.start("num"), m.end("num"), taken):
                continue
            about = m["about"]
            if not about:
                before = self.words_before.search(text[max(0, m.start() - 60) : m.start()])
                about = before.group(1).strip() if before else None
            start = self._hedged(text, m.start())
            stats.append(Statistic(start, m.end(), text[start : m.end()], _number(m["num"]),
                                   "percent", about))  # fmt: skip
        for m in finditer(self.count, text):
            if _overlaps(m.start("num"), m.end("num"), taken) or _overlaps(
                m.start(), m.end(), [(s.start, s.end) for s in stats]
            ):
                continue
            value = _number(m["num"])
            scale = {"million": 1e6, "thousand": 1e3, "lakh": 1e5, "crore": 1e7}
            if m["scale"]:
                value *= scale[m["scale"].lower()]
            noun = m["noun"].lower()
            about = (m["mods"] + m["noun"]).strip()
            start = self._hedged(text, m.start())
            stats.append(Statistic(start, m.end(), text[start : m.end()], value, noun, about))
        doc._.statistics = sorted(stats, key=lambda s: s.start)
        return doc

    def _hedged(self, text: str, start: int) -> int:
        window = text[max(0, start - 25) : start]
        m = self.hedge.search(window, timeout=1.0)
        return start - len(window) + m.start() if m else start


def _number(text: str) -> float:
    return float(text.replace(",", ""))


def _overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(start < b and a < end for a, b in spans)
