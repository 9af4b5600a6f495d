"""corridor.sentences.v1 (spaCy factory corridor_sentences_v1): sentences, and line breaks.

The rule is spaCy's Sentencizer rule (a sentence ends at . ! ? and closing quotes), applied
to the text with one regex rather than token by token, which is several times faster; an
abbreviation ("Rs. 500 million", "Dr. Ahsan", "H.E. President") does not end a sentence.
News text also comes with headlines, datelines and paragraphs that carry no final full stop,
so a blank line always ends a sentence, and a single line break ends one when the line
before ends in sentence punctuation or is short (a headline, a dateline), and after the
text's first line when a capital follows (a long headline over its body): long lines
without punctuation are hard-wrapped prose (PDF text), and so is a line of any length
without end punctuation that the next line continues in lower case ("... said\non Sunday"),
a line that ends in a function word ("during\nChinese President"), and a line as wide as
the rest of a hard-wrapped paragraph (agency copy wrapped at 65 characters: see _wrapped).
Crawled pages also glue paragraphs together without a space ("on Saturday.Ahsan Iqbal said"):
such a full stop ends a sentence too where it clearly does (see glued_ends).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from itertools import pairwise

import numpy
import regex
from spacy.attrs import IDX, SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from corridor.extract.base import (
    HEADLINE_LENGTH,
    REGEX_TIMEOUT,
    Stage,
    doc_text,
    register_extensions,
)

# A word that ends in an abbreviation's full stop ("Rs.", "Dr.", "(H.E."): at the start of a
# whitespace-delimited word or after "(". Initials are five at most besides the last letter.
# Initials of two letters or more may also follow a hyphen, dash or slash inside a name
# ("Hakla-D.I. Khan Motorway", "Sukkur/D.G. Khan"); one letter there ends a phase name as
# often as not ("Phase-I. The next"), so it does not.
ABBREVIATION = (
    r"(?:(?:^|(?<=[\s\x1c-\x1f(]))(?:Rs|No|Nos|Sr|Jr|St|Mt|approx|vs|Engr|Govt|Pvt|Mr|Ms|Mrs|Dr"
    r"|Gen|Lt|Col|Maj|Capt|Prof|Hon|Sen|Rep|Gov|Jan|Feb|Mar|Apr|Aug|Sept?|Oct|Nov|Dec|Ltd|Co"
    r"|Corp|Inc|(?:\p{Lu}\.){0,5}\p{Lu})"
    r"|(?<=[-\u2010\u2011\u2013\u2014/])(?:\p{Lu}\.){1,5}\p{Lu})"
)
# A sentence end: a run of end punctuation and closing quotes, then whitespace (group 1)
# before a capital or a digit, unless it is an abbreviation's full stop. The abbreviation test
# is a lookbehind so that the whole rule runs inside the regex engine. The span of group 1
# gives both the sentence's end and the next sentence's first character.
END = regex.compile(
    rf"(?<![.!?。])(?!(?<={ABBREVIATION})\.)"
    r"[.!?。]+[\"'”’)\]]*(\s+)(?=[\"'“‘(\[]?[\p{Lu}\d])"
)
# What sentence_ends reads END by: runs of end punctuation (stdlib re: a plain class, found
# several times faster than `regex` tries END at every character), and the abbreviation test
# at one place.
PUNCT_RUN = re.compile(r"[.!?。]+")
ABBREVIATION_BEFORE = regex.compile(rf"(?<={ABBREVIATION})")
ABBREVIATION_LETTERS = 6  # the longest abbreviation ("approx")
CLOSING = frozenset("\"'”’)]")
OPENING = frozenset("\"'“‘([")
# `regex`'s \s and [\p{Lu}\d], ASCII read directly, the rest by `regex` itself (its Unicode
# tables, not the stdlib's, decide as END would).
ASCII_SPACE = frozenset(" \t\n\r\x0b\x0c")
SPACE = regex.compile(r"\s")
UPPER_OR_DIGIT = regex.compile(r"[\p{Lu}\d]")


def sentence_ends(text: str) -> list[tuple[int, int]]:
    """The span of group 1 of every END match, in order, read from each run of end
    punctuation (a property test holds this to END.finditer)."""
    out = []
    n = len(text)
    for run in PUNCT_RUN.finditer(text):
        i, k = run.span()  # a maximal run: nothing of [.!?。] just before i
        while k < n and text[k] in CLOSING:
            k += 1
        space = k
        while k < n and (text[k] in ASCII_SPACE or (text[k] > "\x7f" and SPACE.match(text, k))):
            k += 1
        if k in (space, n):
            continue
        first = text[k + 1] if text[k] in OPENING and k + 1 < n else text[k]
        if not (
            "A" <= first <= "Z"
            or "0" <= first <= "9"
            or (first > "\x7f" and UPPER_OR_DIGIT.match(first))
        ):
            continue
        # "Rs. 500", "Dr. Ahsan": an abbreviation's full stop (END cannot start later in the
        # run either). Every abbreviation ends in a run of at most six letters.
        if (
            text[i] == "."
            and i
            and (text[i - 1].isalpha() or text[i - 1] > "\x7f")  # (tables may differ)
            and not (i > ABBREVIATION_LETTERS and text[i - ABBREVIATION_LETTERS - 1 : i].isalpha())
            and ABBREVIATION_BEFORE.match(text, i) is not None
        ):
            continue
        out.append((space, k))
    return out


# A full stop (or ! ?) with a word character right after it, closing brackets or quotes
# between: the candidates for a sentence end with no space ("on Saturday.Ahsan Iqbal",
# "through CPEC.It is"), which glued_ends reads one by one (stdlib re: a plain scan).
# (The scan's pattern is kept to one class and a run, which re finds fast; glued_ends
# checks the run's shape, GLUED_SHAPE.)
GLUED = re.compile(r"[.!?][.!?”’)\]\"“‘(]*(?=[^\W_])")
GLUED_SHAPE = re.compile(r"[.!?]+[”’)\]\"]*[“‘(]?")
GLUED_CHUNK = 80  # how far glued_ends looks either way for the word's ends
NOT_IN_SENTENCE_WORD = frozenset("./@:\\")  # parts of URLs, domains, e-mail, initials


def glued_ends(text: str) -> list[tuple[int, int]]:
    """Sentence ends with no space after them, each as (the end of the sentence, the first
    character of the next), the two the same offset: a full stop glued to a capitalised word
    ("on Saturday.Ahsan Iqbal", "systems.Photo:", "(CPEC).It is", "in 2013.The"), where
    crawlers joined two paragraphs. The full stop follows a lower-case letter, a digit, a
    closing bracket or an acronym ("CPEC.It"), and the next word is capitalised ("It", "A
    new"); it is not an abbreviation's ("Mr.Khan", "Dr.Ahsan"), nor inside a URL, a domain
    ("www.Dawn.com", "Pakistan.Gov.pk"), an e-mail or initials ("U.S.Army", "e.g.The")."""
    out = []
    n = len(text)
    for match in GLUED.finditer(text):
        i, start = match.span()
        if not i or GLUED_SHAPE.fullmatch(text, i, start) is None:
            continue
        # a capitalised word: "It", "Ahsan", "A new"
        second = text[start + 1] if start + 1 < n else ""
        if not text[start].isupper() or not (second.isalpha() or second in (" ", "\t")):
            continue
        before = text[i - 1]
        if not (
            before.islower()
            or before.isdigit()
            or before in ")]"
            or (before.isupper() and i > 1 and text[i - 2].isupper())
        ):
            continue
        if text[i] == "." and ABBREVIATION_BEFORE.match(text, i) is not None:
            continue
        # the whitespace-delimited word the full stop is in, both sides of it
        left = max(0, i - GLUED_CHUNK)
        space = max(text.rfind(c, left, i) for c in " \n\t")
        word_before = text[max(space + 1, left) : i]
        if word_before.lower().startswith("www") or NOT_IN_SENTENCE_WORD.intersection(word_before):
            continue
        after = SPACE_CHAR.search(text, start, min(n, start + GLUED_CHUNK))
        word_after = text[start : after.start() if after else min(n, start + GLUED_CHUNK)]
        if "/" in word_after or "@" in word_after or DOTTED.search(word_after):
            continue
        end = match.end()
        if text[end - 1] in "“‘(" or (
            # '"' opens the next sentence unless it closes a quotation opened on its line
            text[end - 1] == '"'
            and text.count('"', max(text.rfind("\n", 0, i) + 1, i - MAX_SENTENCE), i) % 2 == 0
        ):
            end -= 1
        out.append((end, end))
    return out


DOTTED = re.compile(r"\.\w")  # "Dawn.com", "Gov.pk": a domain's dot, not a sentence end


# A line break with the whitespace after it (a blank line when it holds a second "\n").
LINE_BREAK = regex.compile(r"\n\s*")
# A character that is not whitespace for str.isspace (nor for spaCy's tokenizer), which
# counts four control characters that regex's \s does not.
WORD_CHAR = regex.compile(r"[^\s\x1c-\x1f]")
SPACE_CHAR = regex.compile(r"[\s\x1c-\x1f]")  # whitespace for str.isspace (see WORD_CHAR)
SHORT_LINE = 70
# What starts a new sentence after a long line without end punctuation, so that the line was
# a headline, not hard-wrapped prose: a capitalised word of a closed class, which inside a
# sentence would be lower case ("... for its industrial zones\nThe Rashakai zone is ..."),
# or a dateline in capitals ("ISLAMABAD:", "BEIJING, Feb 4"). A capitalised name ("of the
# Gwadar\nPort was delayed") may run on across a wrap, and does.
SENTENCE_OPENING = regex.compile(
    r"(?:(?:The|A|An|This|That|These|Those|It|Its|He|She|They|We|Our|His|Her|Their|In|On|At"
    r"|As|After|Before|During|Under|With|For|From|According|While|When|Since|However|But"
    r"|Meanwhile|Earlier|Speaking|Officials|Both)\s"
    r"|\p{Lu}{3,}(?:\s+\p{Lu}{3,})?(?::|,|\s+\())"
)
# No sentence of the news comes near this (the longest in the labelled sets and the generated
# corpus has 425 characters). Text with no sentence ends at all, a table dump say, is cut at
# a space past it, so that work done within a sentence (each item against each cue of its
# clause) stays linear in the length of the text.
MAX_SENTENCE = 2_000
END_PUNCT = frozenset(".!?:;")
# Closing quotes and brackets, looked through for a line's end punctuation: "... here,”"
# ends no sentence, '... completed."' does.
CLOSING_MARKS = "\"'”’)]"
# A list item's marker opening a line: it ends the line before, whatever its width.
LIST_ITEM = regex.compile(r"(?:[-*•▪◦–—]|\d{1,2}[.)])\s")
# A line ending in a word that never ends a sentence or a headline: the sentence runs on
# across the break ("a section of the\nCPEC project", "in 2015 during\nChinese President").
FUNCTION_WORD_END = regex.compile(
    r"(?<![^\s\"'“‘(])(?:the|a|an|of|to|in|on|at|by|for|from|with|into|during|under|between"
    r"|and|or|but|as|that|which|who|whose|its|their|his|her|our|is|are|was|were|has|have|had"
    r"|will|would|be|been)\Z"
)
# What makes a paragraph a hard-wrapped one (see _wrapped).
WRAP_LINES = 3
WRAP_MIN_WIDTH = 40
WRAP_SHARE = 0.8
NOT_FIRST = numpy.uint64(2**64 - 1)  # -1 in spaCy's uint64 layout: not a sentence start


class SentenceSplitter(Stage):
    def __init__(self, nlp: Language) -> None:
        register_extensions()

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        body = text.strip()
        if not body:  # no tokens, or whitespace only
            doc._.sent_bounds = []
            if len(doc):
                _set_sentence_starts(doc, [])
            return doc
        # Each cut is (the end of a sentence, the first character of the next one); spaCy's
        # tokenizer splits at every change between whitespace and not, so that character
        # starts a token, and the sentence's first word.
        cuts = sentence_ends(text)
        cuts.extend(_line_cuts(text, headline=bool(doc.user_data.get("corridor.headline"))))
        glued = glued_ends(text)
        if glued:
            cuts.extend(glued)
            _split_tokens_at(doc, text, glued)
        # A cut found by both rules is the same pair. A sentence ends at the last word
        # character before the next start, so sorted by end, the cuts are sorted by start too.
        cuts = sorted(set(cuts))
        first = len(text) - len(text.lstrip())
        starts = [first, *(start for _, start in cuts)]
        ends = [*(end for end, _ in cuts), first + len(body)]
        starts, ends = _bounded(text, starts, ends)
        # Only the first sentence can be blank: whitespace before the first cut.
        doc._.sent_bounds = [(s, e) for s, e in zip(starts, ends, strict=True) if e > s]
        _set_sentence_starts(doc, starts[1:])
        return doc


def _bounded(text: str, starts: list[int], ends: list[int]) -> tuple[list[int], list[int]]:
    """The sentences (as starts and ends) with each longer than MAX_SENTENCE cut at the first
    space past that length, and again past the next MAX_SENTENCE, and so on."""
    if all(e - s <= MAX_SENTENCE for s, e in zip(starts, ends, strict=True)):
        return starts, ends
    out_starts: list[int] = []
    out_ends: list[int] = []
    for start, end in zip(starts, ends, strict=True):
        while end - start > MAX_SENTENCE:
            # (plain character classes, linear: no timeout needed)
            space = SPACE_CHAR.search(text, start + MAX_SENTENCE, end)
            word = WORD_CHAR.search(text, space.start(), end) if space else None
            if space is None or word is None:
                break
            out_starts.append(start)
            out_ends.append(start + len(text[start : space.start()].rstrip()))
            start = word.start()
        out_starts.append(start)
        out_ends.append(end)
    return out_starts, out_ends


def _split_tokens_at(doc: Doc, text: str, cuts: list[tuple[int, int]]) -> None:
    """Split the tokens that run across a glued sentence end ("CPEC.It" is one token for
    spaCy's tokenizer, "Saturday.Ahsan" is not), so that the next sentence starts a token,
    and the word before its full stop ends one ("CPEC" is a name to match). The text and
    every offset stay as they are."""
    idx = doc.to_array(IDX)
    splits: dict[int, set[int]] = {}
    for end, start in cuts:
        stop = end
        while stop > 0 and text[stop - 1] in '”’)]"':
            stop -= 1
        punct = stop
        while punct > 0 and text[punct - 1] in ".!?":
            punct -= 1
        word_end = punct  # "(CPEC).It": the bracket is a token of its own
        while word_end > 0 and text[word_end - 1] in ")]":
            word_end -= 1
        for at in (word_end, punct, start):
            k = int(numpy.searchsorted(idx, at, side="right")) - 1
            if k >= 0 and idx[k] < at < idx[k] + len(doc[k]):
                splits.setdefault(k, set()).add(at - int(idx[k]))
    if not splits:
        return
    with doc.retokenize() as retokenizer:
        for k, offsets in splits.items():
            token = doc[k]
            bounds = [0, *sorted(offsets), len(token)]
            pieces = [token.text[a:b] for a, b in pairwise(bounds)]
            retokenizer.split(token, pieces, heads=[(token, 0)] * len(pieces))
    doc.user_data.pop("corridor.token_bounds", None)


def _breaks(text: str, headline: bool = False) -> Iterator[tuple[regex.Match[str], int, str, bool]]:
    """Each line break with the whitespace after it, where its line starts, the line
    (right-stripped), and whether the break ends a sentence: a blank line, a line that ends
    in sentence punctuation, a list item next; else a line short of a hard wrap's width or
    followed by a sentence's opening, unless the next line goes on in lower case (a hard
    wrap: "... Murad Ali Shah said\non Sunday that ..."; a headline or a dateline is followed
    by a capital) or the line ends in a function word ("launched in 2015 during\nChinese
    President"). Each break is looked at once, so this stays linear in the text's length
    even when it is mostly whitespace."""
    # A scan of the whole text, but of a pattern that cannot backtrack ("\n" then spaces):
    # regex's timeout, which reads the clock at each match, would cost more than the scan.
    matches = list(LINE_BREAK.finditer(text))
    # The previous break swallowed every "\n" before this one up to its line.
    starts = [text.rfind("\n", 0, match.start()) + 1 for match in matches]
    lines = [text[s : m.start()].rstrip() for s, m in zip(starts, matches, strict=True)]
    wrapped = _wrapped(text, matches, lines)
    for k, match in enumerate(matches):
        line = lines[k]
        after = match.end()
        following = text[after] if after < len(text) else ""
        core = line.rstrip(CLOSING_MARKS)
        cut = (
            match.group().count("\n") >= 2
            or not core
            or core[-1] in END_PUNCT
            or LIST_ITEM.match(text, after) is not None
            or (
                not following.islower()
                and FUNCTION_WORD_END.search(line) is None
                and (
                    SENTENCE_OPENING.match(text, after) is not None
                    # the first line stands where a headline does, wrapped or not
                    or (len(line) < SHORT_LINE and (k == 0 or not wrapped[k]))
                    # and a longer one followed by a capital is one too when the reader took
                    # it for the title (`headline`: ingest.clean.headline_line, which also
                    # leaves out a line running on), unless it is as wide as the
                    # hard-wrapped paragraph it opens (analyst QA: "PM Imran directs
                    # officials ... in SEZs\nPrime Minister Imran Khan on Monday"); prose's
                    # first line ("... the expansion of the Gwadar\nPort was delayed") is
                    # not one
                    or (
                        headline
                        and k == 0
                        and not wrapped[0]
                        and len(line) <= HEADLINE_LENGTH
                        and following.isupper()
                    )
                )
            )
        )
        yield match, starts[k], line, cut


def _wrapped(text: str, matches: list[regex.Match[str]], lines: list[str]) -> list[bool]:
    """For each break, whether its line is of the width of a hard-wrapped paragraph: a
    paragraph (lines between blank lines) of three lines or more, some line of it continued
    in lower case, and the line at least WRAP_SHARE of its longest line (real-article QA:
    APP copy wrapped at about 65 characters cut "officially launched in 2015 during" off
    "Chinese President Xi Jinping's visit"). Headlines, datelines and list items stand in
    paragraphs of their own, or differ in width, or are never continued in lower case."""
    out = [False] * len(matches)
    widths = [*(len(line) for line in lines), len(text[text.rfind("\n") + 1 :].rstrip())]
    first = 0  # the first line of the current paragraph; break j follows line j
    for k, match in enumerate([*matches, None]):
        if match is not None and match.group().count("\n") < 2:
            continue
        # the paragraph is lines first..k, its inner breaks first..k-1
        inner = range(first, k)
        if len(inner) + 1 >= WRAP_LINES and any(
            text[matches[j].end() : matches[j].end() + 1].islower() for j in inner
        ):
            width = max(widths[first : k + 1])
            if width >= WRAP_MIN_WIDTH:
                for j in inner:
                    out[j] = widths[j] >= WRAP_SHARE * width
        first = k + 1
    return out


def unwrap(text: str, headline: bool = False) -> str:
    """text with the line breaks of hard-wrapped prose (PDF text layers: long lines, no end
    punctuation) made spaces, offset for offset, so that the tokens of a name or a cue run
    on across the wrap ("five\ncorridors" is the two words of "five corridors"). Sentences
    are still cut on the text as it stands."""
    if "\n" not in text:
        return text
    wraps = [match.start() for match, _, _, cut in _breaks(text, headline) if not cut]
    if not wraps:
        return text
    chars = list(text)
    for i in wraps:
        chars[i] = " "
    return "".join(chars)


def _line_cuts(text: str, headline: bool = False) -> Iterator[tuple[int, int]]:
    """The cuts at line breaks (see _breaks): each as (the end of the line's last word
    character, the first word character after the break)."""
    end = 0  # the end of the last word character before the current break
    word = -1  # the first word character at or after the current break's end
    for match, line_start, line, cut in _breaks(text, headline):
        if line:
            end = line_start + len(line)
        if not cut:
            continue
        start = match.end()
        if start < len(text) and text[start].isspace():  # "\x1c"-"\x1f" after the break
            if word < start:
                after = WORD_CHAR.search(text, start, timeout=REGEX_TIMEOUT)
                word = after.start() if after else len(text)
            start = word
        if start < len(text):
            yield end, start


def join_across(doc: Doc, spans: Iterable[tuple[int, int]]) -> None:
    """Drop every sentence cut that falls inside one of these character spans (a registry
    name: "Hakla-D.I. Khan Motorway" is never two sentences), joining the sentences on either
    side, in doc._.sent_bounds and spaCy's sentence starts alike."""
    bounds = doc._.sent_bounds
    if not bounds or len(bounds) < 2:
        return
    starts = [s for s, _ in bounds]
    joined: set[int] = set()
    for start, end in spans:
        # the sentences that begin strictly inside the span
        joined.update(range(bisect_right(starts, start), bisect_left(starts, end)))
    if not joined:
        return
    out: list[tuple[int, int]] = []
    for k, (s, e) in enumerate(bounds):
        if k in joined and out:
            out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    doc._.sent_bounds = out
    _set_sentence_starts(doc, [s for s, _ in out[1:]])


def _set_sentence_starts(doc: Doc, chars: list[int]) -> None:
    """Mark the tokens at these character offsets, and the first token, as sentence starts
    (spaCy's SENT_START, for doc.sents)."""
    flags = numpy.full(len(doc), NOT_FIRST, dtype="uint64")
    flags[0] = 1
    if chars:
        flags[numpy.searchsorted(doc.to_array(IDX), chars)] = 1
    doc.from_array([SENT_START], flags)  # type: ignore[arg-type]
