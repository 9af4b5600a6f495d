"""One text cleaner for every reader: whitespace, page furniture and the author box.

News pages and copied op-eds carry furniture ("Breaking News", a lone section label, image
captions, share links) and end with an author box. None of it is article text, and claims
found in it would be noise, so it goes; the article body is kept as it is, paragraph by
paragraph, with paragraphs separated by one blank line.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from corridor.settings import get_settings

# Lines that are furniture when they stand alone (matched against the whole line, casefolded,
# with surrounding punctuation and bullets stripped), never when they sit inside a sentence.
_FURNITURE = re.compile(
    r"""^(?:
        breaking(?:\s+news)? | just\s+in | live(?:\s+updates)? | latest(?:\s+news)?
      | (?:image|photo|picture|pic|figure|fig|video|gallery)\s*\d+(?:\s*(?:of|/)\s*\d+)?
      | (?:file\s+)?(?:photo|image|picture)s?(?:\s*:.{0,80})?
      | share(?:\s+this)?(?:\s+(?:article|story|post|page))?(?:\s+on\s+\w+)?
      | share\s+via\s+\w+ | tweet | whatsapp | facebook | linkedin | telegram | email | print
      | copy\s+link | follow\s+us(?:\s+on\s+[\w ]{1,40})? | subscribe(?:\s+now)?
      | subscribe\s+to\s+(?:our|the)\s+newsletter | sign\s+up\s+for\s+(?:our|the)\s+newsletter
      | (?:©\s*)?(?:copyright\s+)?(?:©\s*)?(?:\d{4}\s+)?(?:[\w .&-]{1,40}\s+)?all\s+rights\s+reserved\.?
      | cookie\s+(?:policy|settings|preferences) | privacy\s+policy | terms\s+(?:of\s+use|and\s+conditions)
      | advertisement | sponsored(?:\s+content)? | ad
      | read\s+(?:more|also|next)(?:\s+about\s+[\w ]{1,40})? | see\s+also | also\s+read
      | related(?:\s+(?:articles|stories|news|posts))? | more\s+(?:stories|news)
      | comments?(?:\s*\(\d+\))? | leave\s+a\s+(?:comment|reply) | \d+\s+comments?
      | click\s+here | skip\s+to\s+(?:main\s+)?content | menu | home | top\s+stories
      | loading\.*
    )$""",
    re.IGNORECASE | re.VERBOSE,
)

# Breadcrumbs: "Home > World > Asia", "News / Pakistan".
_BREADCRUMB = re.compile(r"^[\w .&'-]{1,30}(?:\s*[>›»/|]\s*[\w .&'-]{1,30}){1,6}$")

_HONORIFIC = r"(?:Mr|Ms|Mrs|Miss|Dr|Prof|Professor|Engr|Engineer|Sen|Senator|Amb|Ambassador|H\.E)"
_NAME = r"[A-Z][\w'’.-]+(?:\s+(?:[A-Z][\w'’.-]+|bin|ibn|ul|ud|al|de|van|von)){0,4}"

# A trailing author box: "Mr. Qaiser Nawab, a global peace activist, ...", "The writer is ...",
# "Jane Doe is a Beijing-based expert on ...". Matched on the final paragraph only.
_BOX_HONORIFIC = re.compile(rf"^{_HONORIFIC}\.?\s+(?P<name>{_NAME})\s*(?:,|\bis\b|\bhas\b)")
_BOX_WRITER = re.compile(
    r"^[—–\-*_(\s]*(?:the|this)\s+(?:writer|author|columnist|contributor|reviewer)s?\s+"
    r"(?:is|are|was|has|have|teaches|works|heads|serves|can)\b",
    re.IGNORECASE,
)
_BOX_ABOUT = re.compile(r"^about\s+the\s+(?:author|writer)\b", re.IGNORECASE)
_BOX_NAMED = re.compile(rf"^(?P<name>{_NAME})\s*(?:,\s*|\s+)(?:is|was)\s+(?:a|an|the)\b")
# A named bio ("X is a ...") is only an author box if it reads like one.
# (singular, whole words: "according to analysts" is no bio)
_BIO_WORDS = re.compile(
    r"\b(?:expert|analyst|journalist|writer|author|researcher|fellow|professor|lecturer|"
    r"columnist|correspondent|founder|director|activist|scholar|contributor|economist|"
    r"ambassador|diplomat|former|adviser|advisor|-based|can be reached|tweets)\b|@",
    re.IGNORECASE,
)
# A paragraph that reports what someone said is the story's, not a box about its writer:
# "Dr. Ahsan Iqbal, the planning minister, said the first phase ...".
_REPORTED = re.compile(
    r"\b(?:said|says|told|added|stated|announced|noted|informed|according\s+to)\b",
    re.IGNORECASE,
)
_MAX_BOX_CHARS = 900

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_SPACES = re.compile(r"[ \t\f\v\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_LINE_BREAKS = re.compile(r"\r\n?|[\u2028\u2029\x85\x0b\x0c]")


@dataclass(frozen=True, slots=True)
class Cleaned:
    """Clean text and what cleaning learnt on the way: the author box and its name."""

    text: str
    author: str | None = None
    author_box: str | None = None
    cut_from: int | None = None  # the text's length before it was cut to max_text_chars


def clean_text(text: str) -> str:
    """The article text of `text`: whitespace normalised, furniture and author box removed."""
    return clean(text).text


def clean(text: str) -> Cleaned:
    paragraphs = _paragraphs(normalise(text))
    paragraphs = _drop_furniture(paragraphs)
    paragraphs = _drop_leading_labels(paragraphs)
    author, box = None, None
    if len(paragraphs) >= 2 and len(paragraphs[-1]) <= _MAX_BOX_CHARS:
        author, is_box = _author_box(paragraphs[-1])
        if is_box:
            box = paragraphs.pop()
            paragraphs = _drop_furniture(paragraphs)
    whole = "\n\n".join(paragraphs)
    text = cap(whole)
    return Cleaned(text, author, box, len(whole) if len(text) < len(whole) else None)


# Half of a surrogate pair: what JSON "\\ud83d" or a feed's "&#55357;" decode to when a
# scraper cut an emoji in two. It cannot be encoded (hashing, storing), so it becomes U+FFFD,
# one character for one: offsets stay as they are.
_SURROGATE = re.compile("[\ud800-\udfff]")


def no_surrogates(text: str) -> str:
    return _SURROGATE.sub("\ufffd", text) if not text.isascii() else text


def normalise(text: str) -> str:
    """NFC, one kind of line break, no control or zero-width characters, single spaces."""
    text = unicodedata.normalize("NFC", no_surrogates(text))
    text = _LINE_BREAKS.sub("\n", text).translate(_ZERO_WIDTH)
    text = "".join(
        ch for ch in text if ch == "\n" or unicodedata.category(ch) != "Cc" or ch == "\t"
    )
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return "\n".join(lines)


def cap(text: str) -> str:
    """Text cut to max_text_chars, at a paragraph or word boundary when one is near."""
    limit = get_settings().max_text_chars
    if len(text) <= limit:
        return text
    cut = text[:limit]
    for sep in ("\n\n", "\n", " "):
        at = cut.rfind(sep)
        if at > limit * 0.9:
            return cut[:at].rstrip()
    return cut


def strip_honorifics(name: str) -> str:
    name = re.sub(rf"^(?:{_HONORIFIC}\.?\s+)+", "", name.strip())
    return name.strip(" ,.")


def is_furniture(line: str) -> bool:
    core = line.strip(" \t•·|-–—*#>:»«[](){}").strip()
    if not core:
        return True
    return bool(
        _FURNITURE.match(core)
        or (len(core) < 80 and _BREADCRUMB.match(core) and core.split()[0].casefold() == "home")
    )


# A photo credit in a line ("China Pakistan Photo: VCG"): an image's line, not a headline.
PHOTO_CREDIT = re.compile(r"\b(?:Photo|Image|Picture|File photo)s?(?: credits?)? ?:")


def looks_like_headline(line: str) -> bool:
    """A short line without a sentence's end: what a title looks like in plain text."""
    words = line.split()
    return (
        not PHOTO_CREDIT.search(line)
        and 2 <= len(words) <= 30
        and len(line) <= 250
        and not line.endswith((".", ",", ";", ":"))
        # a quotation's, a question's or an agency's end closes a long line as a sentence
        # ('... said, "The ML-1 upgrade will be completed by 2030."'); a headline is short
        and not (line.rstrip("\"”’'") != line and line.rstrip("\"”’'").endswith((".", "!", "?")))
        and not (line.endswith(("?", "!", ")")) and len(words) > 12)
        and line[0].isupper()
    )


# A line ending in a word no headline ends in: prose running on across a line break (as
# extract.segment's FUNCTION_WORD_END).
_RUNS_ON = re.compile(
    r"(?<![^\s\"'“‘(])(?:the|a|an|of|to|in|on|at|by|for|from|with|into|during|under|between"
    r"|and|or|but|as|that|which|who|whose|its|their|his|her|our|is|are|was|were|has|have|had"
    r"|will|would|be|been)\Z"
)


def headline_line(text: str) -> str | None:
    """The text's first line when it is a headline over the body: it looks like one and a
    blank line follows, or a single line break and a capitalised line follow (analyst QA:
    "PM Imran directs officials ... in SEZs\nPrime Minister Imran Khan on Monday directed"
    was no title and glued to the first sentence). A line as wide as the hard-wrapped
    paragraph it opens is prose (as extract.segment reads it, so that title and sentences
    agree)."""
    first, gap, rest = text.partition("\n\n")
    if gap and rest and looks_like_headline(first):
        return first  # a paragraph of its own, of one line or more (as before)
    line, _, after = first.partition("\n")
    line = line.rstrip()
    if not after[:1].isupper() or not looks_like_headline(line) or _RUNS_ON.search(line):
        return None
    lines = [line, *(x.rstrip() for x in after.split("\n"))]
    widest = max(len(x) for x in lines)
    wrapped = (  # a short line stands where a headline does, wrapped or not (SHORT_LINE)
        len(line) >= 70
        and len(lines) >= 3
        and any(x[:1].islower() for x in lines[1:])
        and widest >= 40
        and len(line) >= 0.8 * widest
    )
    return None if wrapped else line


def _paragraphs(text: str) -> list[str]:
    """Paragraphs are separated by blank lines; lines inside one are kept as they are."""
    return [p for p in (block.strip("\n") for block in re.split(r"\n\s*\n", text)) if p]


def _drop_furniture(paragraphs: list[str]) -> list[str]:
    kept = []
    for paragraph in paragraphs:
        lines = [line for line in paragraph.split("\n") if not is_furniture(line)]
        if lines:
            kept.append("\n".join(lines))
    return kept


def _drop_leading_labels(paragraphs: list[str]) -> list[str]:
    """Drop one-word section labels ("China", "Opinion") that stand before a headline."""
    lines_first = [p.split("\n") for p in paragraphs]
    flat = [(i, line) for i, lines in enumerate(lines_first) for line in lines]
    drop = 0
    while drop < len(flat) - 1 and len(flat[drop][1].split()) == 1 and flat[drop][1].isalpha():
        drop += 1
    if drop == 0 or not looks_like_headline(flat[drop][1]):
        return paragraphs
    rest: dict[int, list[str]] = {}
    for i, line in flat[drop:]:
        rest.setdefault(i, []).append(line)
    return ["\n".join(lines) for lines in rest.values()]


def _author_box(paragraph: str) -> tuple[str | None, bool]:
    """(author's name if the box gives one, whether the paragraph is an author box)."""
    text = paragraph.replace("\n", " ")
    match = _BOX_HONORIFIC.match(text)
    if match and not _REPORTED.search(text):
        return strip_honorifics(match.group("name")), True
    if _BOX_WRITER.match(text) or _BOX_ABOUT.match(text):
        return None, True
    match = _BOX_NAMED.match(text)
    if match and _BIO_WORDS.search(text) and not _REPORTED.search(text):
        name = strip_honorifics(match.group("name"))
        if 2 <= len(name.split()) <= 5:
            return name, True
    return None, False
