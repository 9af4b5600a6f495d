"""Page furniture that readers may leave around an article body, found by generic patterns.

`strip_furniture` removes it. The pipeline instead blanks it with spaces (`mask_furniture`),
so that the offsets corridor reports still index the reader's text unchanged.
"""

from __future__ import annotations

import regex

# Lone lines at the top of a page: banners and section names.
BANNER = regex.compile(
    r"(?i)^(?:breaking(?:\s+news)?|latest(?:\s+news)?|top\s+stories|trending|exclusive|live"
    r"|home|news|world|national|international|business|economy|opinion|op-?ed|editorial"
    r"|columns?|analysis|features?|sports|politics|pakistan|china|asia|region|cpec|belt and road"
    r"|technology|tech|science|markets?|comment|blogs?|latest updates)\s*[:|>»-]*\s*$"
)
# Image captions and sharing widgets, anywhere: "image 3", "Photo: APP", "Share this".
CAPTION = regex.compile(
    r"(?i)^(?:image|photo|picture|figure|fig\.)\s*\d*\s*(?:[:|-].{0,200})?$"
    r"|^(?:photo|image|file photo|picture)\s*(?:credit|courtesy)?\s*[:|-].{0,200}$"
    # in-body links to other stories: "Read: Gwadar Free Zone scheduled for ..." (QA)
    r"|^(?:share(?: this)?(?: article)?|follow us.*|read(?: more| also)?\s*:.*|also read\s*:.*"
    r"|see also\s*:.*|related(?: stories| news| articles?)?\s*:.*|advertisement)$"
)
# A marker alone ("image 1", "Photo"): the line right after it, in the same paragraph, is
# its caption ("image 1\nThe Orange Line was suspended on Monday.").
MARKER = regex.compile(r"(?i)^(?:image|photo|picture|figure|fig\.)\s*\d*$")
# A news ticker's line, anywhere: "Breaking News: KCR fare hike announced", "Breaking News:
# The ML-1 was inaugurated today." (a line of its own, one sentence at most: end punctuation
# only at its end; a paragraph that goes on past a sentence end is body text). A dash is a
# separator with a space before it: "Breaking-ground ceremony held." is a sentence.
TICKER = regex.compile(
    r"(?i)^(?:breaking(?:\s+news)?|just\s+in|developing(?:\s+story)?|latest(?:\s+news)?)"
    r"(?:\s*[:|]|\s+[-–—])\s*[^.!?]{0,200}[.!?]{0,3}[\"'”’)]?$"
)
# The letters a CAPTION or a TICKER starts with, either case: a quick test before the pattern.
CAPTION_FIRST = frozenset("iIpPfFsSrRaAbBjJdDlL")
# A closing author box: "Mr. Qaiser Nawab, a global peace activist, ..." or "The writer is ...".
AUTHOR_BOX = regex.compile(
    r"(?m)^(?:(?:Mr|Ms|Mrs|Dr|Prof|Engr)\.?\s+[A-Z][\w.'-]+(?:\s+[A-Z][\w.'-]+){0,4},?\s+(?:is\s+)?"
    r"(?:a|an|the)\s"
    r"|The\s+(?:writer|author|columnist|contributor)s?\s+(?:is|are|was|has|teaches|works|heads))"
)
HEAD_LINES = 4  # banners are looked for among the first lines only
TAIL_PARAGRAPHS = 2  # and an author box among the last paragraphs only


def furniture_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of furniture lines (each span covers one line, newline excluded).

    One pass over the lines. The patterns are anchored and linear, tried once a line, so they
    run without the per-call timeout (see corridor.extract.base)."""
    spans: list[tuple[int, int]] = []
    paragraphs: list[int] = []  # where each non-blank line's text begins
    in_head = True
    marker = False  # the line before was an image marker alone
    pos = 0
    for line in text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        stripped = line.strip()
        if not stripped:
            marker = False
            continue
        paragraphs.append(start + len(line) - len(line.lstrip()))
        if in_head:
            if len(paragraphs) <= HEAD_LINES and BANNER.match(stripped):
                spans.append((start, end))
            else:
                in_head = False
        if marker and len(stripped) < 200:
            spans.append((start, end))  # the marker's caption
            marker = False
            continue
        if (
            len(stripped) < 220
            and stripped[0] in CAPTION_FIRST
            and (CAPTION.match(stripped) or TICKER.match(stripped))
        ):
            spans.append((start, end))
            marker = MARKER.match(stripped) is not None
    for first in paragraphs[-TAIL_PARAGRAPHS:]:
        if AUTHOR_BOX.match(text, first):
            spans.append((text.rfind("\n", 0, first) + 1, len(text)))
            break
    return _merge(spans)


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(end, out[-1][1]))
        else:
            out.append((start, end))
    return out


def strip_furniture(text: str) -> str:
    """The text without banners, section words, tickers, image captions and a closing author
    box."""
    out = []
    pos = 0
    for start, end in furniture_spans(text):
        out.append(text[pos:start])
        pos = end
    out.append(text[pos:])
    return regex.sub(r"\n{3,}", "\n\n", "".join(out)).strip()


def mask_furniture(text: str) -> str:
    """The same text with furniture replaced by spaces: same length, same offsets."""
    spans = furniture_spans(text)
    if not spans:
        return text
    chars = list(text)
    for start, end in spans:
        for i in range(start, end):
            if chars[i] != "\n":
                chars[i] = " "
    return "".join(chars)
