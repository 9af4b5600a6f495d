"""corridor.sentences.v1 (spaCy factory corridor_sentences_v1): sentences, and line breaks.

The rule is spaCy's Sentencizer rule (a sentence ends at . ! ? and closing quotes), applied
to the text with one regex rather than token by token, which is several times faster; an
abbreviation ("Rs. 500 million", "Dr. Ahsan", "H.E. President") does not end a sentence.
News text also comes with headlines, datelines and paragraphs that carry no final full stop,
so a blank line always ends a sentence, and a single line break ends one when the line
before ends in sentence punctuation or is short (a headline, a dateline): long lines
without punctuation are hard-wrapped prose (PDF text).
"""

from __future__ import annotations

from bisect import bisect_left
from functools import lru_cache

import numpy
import regex
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from corridor.extract.base import bounds_from_starts, doc_text, register_extensions, token_bounds

END = regex.compile(r"[.!?。]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[\p{Lu}\d])")
ABBREVIATION = regex.compile(
    r"(?:^|(?<=[\s(]))(?:Rs|No|Nos|Sr|Jr|St|Mt|approx|vs|Engr|Govt|Pvt|Mr|Ms|Mrs|Dr|Gen|Lt|Col"
    r"|Maj|Capt|Prof|Hon|Sen|Rep|Gov|Jan|Feb|Mar|Apr|Aug|Sept?|Oct|Nov|Dec|Ltd|Co|Corp|Inc"
    r"|(?:\p{Lu}\.)*\p{Lu})\.$"
)
LINE_BREAK = regex.compile(r"[ \t\r\f\v]*\n\s*")
SHORT_LINE = 70
END_PUNCT = frozenset('.!?:;"”’)]')


@lru_cache(maxsize=1 << 14)
def _abbreviation(word: str) -> bool:
    """Whether a sentence's last word is an abbreviation ("Rs.", "Dr.", "H.E.")."""
    return ABBREVIATION.search(word, timeout=1.0) is not None


class SentenceSplitter:
    def __init__(self, nlp: Language) -> None:
        register_extensions()

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            doc._.sent_bounds = []
            return doc
        text = doc_text(doc)
        cuts: list[int] = []
        for match in END.finditer(text, timeout=1.0):
            head = text[max(0, match.start() - 12) : match.start() + 1]
            words = head.split()
            if _abbreviation(words[-1] if words else head):
                continue
            cuts.append(match.end())
        for match in LINE_BREAK.finditer(text, timeout=1.0):
            if match.group().count("\n") >= 2 or self._line_ends(text, match.start()):
                cuts.append(match.end())
        starts = token_bounds(doc)[0]
        count = len(starts)
        firsts = {0}
        text_len = len(text)
        for cut in cuts:
            i = bisect_left(starts, cut)
            # skip whitespace tokens: the sentence starts at its first word
            while i < count and (starts[i] < text_len and text[starts[i]].isspace()):
                i += 1
            if 0 < i < count:
                firsts.add(i)
        # spaCy's own layout: uint64, where -1 (not a start) wraps around
        flags = numpy.full((count, 1), -1, dtype="int64")
        flags[sorted(firsts), 0] = 1
        doc.from_array([SENT_START], flags.astype("uint64"))  # type: ignore[arg-type]
        doc._.sent_bounds = bounds_from_starts(text, [starts[i] for i in sorted(firsts)])
        return doc

    @staticmethod
    def _line_ends(text: str, newline: int) -> bool:
        line_start = text.rfind("\n", 0, newline) + 1
        line = text[line_start:newline].rstrip()
        return not line or line[-1] in END_PUNCT or len(line) < SHORT_LINE
