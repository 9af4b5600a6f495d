"""Page furniture that readers may leave around an article body, found by generic patterns.

`strip_furniture` removes it. The pipeline instead blanks it with spaces (`mask_furniture`),
so that the offsets corridor reports still index the reader's text unchanged.
"""

from __future__ import annotations

import re

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
# A byline's time stamp, on a line of its own or after the byline ("By Zhang Wei in Beijing |
# China Daily | Updated: 2017-05-04 07:53", "Staff Report Published 06 Jun, 2024 03:09am"):
# the line ends in the date and time, which would otherwise run into the next paragraph
# ("07:53\n\nPakistani soldiers" read as 53 soldiers).
_DATE_PART = (
    r"(?:\d++|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|Mon|Tue|Wed|Thu|Fri|Sat|Sun)"
    r"[a-z]{0,6}+\.?|[AaPp]\.?[Mm]\.?|GMT|UTC|PKT|PST|BST|CST|IST)"
)
STAMP = regex.compile(
    r"^(?:[^\n]{0,200}?[|•·]\s*|(?:[Bb]y\s+)?(?:\p{Lu}[\p{L}.'’-]*+\s+){0,6})?"
    r"(?i:(?:last\s+)?(?:updated|published|posted|modified)(?:\s+(?:on|at))?)\s*:?\s*"
    rf"(?=[^\n]{{0,48}}$)(?=\D*\d)(?:{_DATE_PART}[\s,:/.+-]*+){{1,10}}$"
)
STAMP_WORDS = ("pdated", "ublished", "osted", "odified")  # a quick test first
# A byline alone: "By Staff Reporter", "by Ali Khan, Tang Wei and Sara Malik".
_NAME = r"\p{Lu}[\p{L}.'’-]*+(?:\s+\p{Lu}[\p{L}.'’-]*+){0,3}+"
BYLINE = regex.compile(rf"^[Bb]y\s+{_NAME}(?:(?:\s*,\s*|\s+and\s+|\s*&\s*){_NAME})*+$")
# A photo caption in the agencies' style: "Photo taken on Dec. 4, 2023 shows ...", "Aerial
# photo taken on ... shows" (a whole line, however long: the caption's sentences go with it).
# Plural "images taken on ... show" is also how a report cites satellite images: not this.
PHOTO_TAKEN = regex.compile(
    r"(?i)^(?:[\p{L}-]+\s+){0,2}(?:photo|picture)\s+(?:taken|shot)\s+on\s[^\n]{1,60}?\sshows\s"
)
# A photo credit ending a line: a photographer and agency in capitals ("METIN AKTAS / GETTY
# IMAGES"), an agency and photographer in brackets ("(Xinhua/Tang Binhui)"), or a bracketed
# credit ("(Source: Reuters)", "(Photo: AFP)", "(File photo)").
_AGENCY = (
    r"(?:Xinhua|Reuters|AFP|AP|APP|PPI|NNI|EPA|VCG|CFP|IC|PTI|ANI|IANS|Anadolu|Bloomberg"
    r"|Getty\s+Images?|Wikimedia\s+Commons|Flickr|Shutterstock|Twitter|Facebook|Handout|File)"
)
CREDIT_END = regex.compile(
    r"(?:(?P<photographer>\(\s*(?i:" + _AGENCY + r")\s*/\s*[^()\n/]{1,40}\)"
    r"|\p{Lu}[\p{Lu}.'’-]*+(?:\s+\p{Lu}[\p{Lu}.'’-]*+){0,3}+\s*/\s*"
    r"(?:GETTY\s+IMAGES?|AFP|REUTERS|AP|EPA|XINHUA|ANADOLU|BLOOMBERG))"
    r"|\((?P<photo>(?i:file\s+)?(?i:photo|image|picture)s?(?i:\s+credits?)?\s*[:/]?\s*)?"
    r"(?:(?i:source|credit|courtesy)\s*:\s*)?(?i:" + _AGENCY + r")\))\s*$"
)
# A caption's date just before its credit: "... in front of the Gwadar port, Pakistan April
# 11, 2017. (Source: Reuters)".
CAPTION_DATE = regex.compile(
    r"(?:(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]{0,6}\.?\s+\d{1,2},?\s+\d{4}"
    r"|\d{1,2}\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]{0,6}\.?,?\s+\d{4})"
    r"\.?\s*$"
)
# A credit inside a line: "China Pakistan Photo: VCG", "... systems.Photo: Gwadar Port Traffic,
# Pakistan; Wikimedia CommonsBut, despite ...", "... the CPEC.File photo:Xinhua". It starts
# after a space or a sentence's end, with a capital ("Photo", "File photo"), and runs to a
# known source within a short reach, or to the end of a short line (_inline_credits).
CREDIT_WORD = re.compile(
    r"(?:(?:File|Feature|Cover) (?:photo|image)|Photo|Image|Picture)s?(?: credits?| courtesy)?"
    r" ?: ?"
)
CREDIT_SOURCE = re.compile(
    r"Wikimedia Commons|Getty Images?|Flickr|Shutterstock|Xinhua|Reuters|AFP|VCG|CFP|EPA|APP"
    r"|PPI|File"
)
CREDIT_PREFIXES = ("File ", "Feature ", "Cover ")
CREDIT_REACH = 100
CREDIT_AFTER = frozenset(" \t\n\r.!?”’)")  # what a credit follows, when not the text's start
END_MARK = re.compile(r"[.!?]")
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
        elif _is_caption_or_byline(stripped):
            spans.append((start, end))
    spans.extend(_inline_credits(text))
    for first in paragraphs[-TAIL_PARAGRAPHS:]:
        if AUTHOR_BOX.match(text, first):
            spans.append((text.rfind("\n", 0, first) + 1, len(text)))
            break
    return _merge(spans)


def _is_caption_or_byline(line: str) -> bool:
    """A whole line of furniture besides CAPTION's: a byline, its time stamp, an agency's
    photo caption, or a line that ends in a photo credit and is a caption (the credit names
    a photographer or a photo, or a date ends the caption before it)."""
    if len(line) < 300 and (
        (line[0] in "Bb" and BYLINE.match(line))
        or (any(word in line for word in STAMP_WORDS) and STAMP.match(line))
    ):
        return True
    if len(line) > 1_000:
        return False
    if ("hoto " in line[:40] or "icture " in line[:40]) and PHOTO_TAKEN.match(line):
        return True
    if line[-1] not in ")ESPIAGNX" or len(line) < 20:  # the last letter of every credit
        return False
    credit = CREDIT_END.search(line, max(0, len(line) - 80))
    return credit is not None and (
        credit.group("photographer") is not None
        or credit.group("photo") is not None
        or CAPTION_DATE.search(line, max(0, credit.start() - 40), credit.start()) is not None
    )


def _inline_credits(text: str) -> list[tuple[int, int]]:
    """Spans of photo credits inside lines (see CREDIT_WORD), looked for where the text
    holds one of its words (str.find: far faster than a scan by the pattern)."""
    starts = []
    for word in ("Photo", "Image", "Picture", "photo", "image"):
        at = text.find(word)
        while at >= 0:
            if word[0] <= "Z":
                starts.append(at)
            else:  # "File photo:": the credit starts at "File"
                starts.extend(
                    at - len(p) for p in CREDIT_PREFIXES if text.startswith(p, at - len(p))
                )
            at = text.find(word, at + len(word))
    spans: list[tuple[int, int]] = []
    for start in sorted(set(starts)):
        hit = CREDIT_WORD.match(text, start)
        if (
            hit is None
            or (start and text[start - 1] not in CREDIT_AFTER)
            or (spans and start < spans[-1][1])
        ):
            continue
        after = hit.end()
        line_end = text.find("\n", after, after + CREDIT_REACH)
        reach = line_end if line_end >= 0 else after + CREDIT_REACH
        source = CREDIT_SOURCE.search(text, after, reach)
        if source is not None:
            spans.append((start, source.end()))
            continue
        # else the rest of a short line, with no sentence end in it
        rest = text[after:reach].rstrip()
        if (
            (line_end >= 0 or reach >= len(text))
            and rest
            and len(rest) <= 60
            and not END_MARK.search(rest)
        ):
            spans.append((start, after + len(rest)))
    return spans


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
