"""corridor's extraction pipeline: which cooperation items a text speaks of, and what it says.

from corridor.extract import extract
extraction = extract(document)          # a corridor.model.Document
extraction.to_dict()                    # the JSON contract, docs/extract-format.md
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import regex
from spacy.language import Language
from spacy.tokens import Doc

from corridor.extract.base import HYPHENS
from corridor.extract.clean import mask_furniture, strip_furniture
from corridor.extract.pipeline import DEFAULT_STAGES, build_pipeline
from corridor.extract.result import Extraction, build_extraction
from corridor.extract.segment import unwrap
from corridor.model import Document

EXTRACTOR_VERSION = "corridor-extract 0.2.9"

__all__ = [
    "DEFAULT_STAGES",
    "EXTRACTOR_VERSION",
    "Extraction",
    "build_pipeline",
    "extract",
    "extract_many",
    "strip_furniture",
]


# spaCy's tokenizer searches suffixes in time quadratic in a token's length: a few thousand
# characters without a space ("((((...", a base64 blob) take seconds. No word in the news is
# this long, so such runs are blanked like furniture, keeping every offset.
_RUN = regex.compile(r"\S{200,}")


_SPACE = regex.compile(r"\s")


def _blank_runs(text: str) -> str:
    # A run of 200 covers a whole block of 100 aligned to a multiple of 100: when every such
    # block holds a space, there is none, and the regex (which, tried at every character of
    # every word, costs a third of the tokenizer) need not run.
    blocks = range(0, len(text) - 99, 100)
    find = text.find
    if all(find(" ", i, i + 100) >= 0 or _SPACE.search(text, i, i + 100) for i in blocks):
        return text
    return _RUN.sub(lambda m: " " * len(m.group()), text)


def _prepare(nlp: Language, document: Document) -> Doc:
    # Furniture is blanked, not cut, so offsets still index document.text.
    text = _blank_runs(mask_furniture(document.text))[: nlp.max_length]
    # Tokens are made from the text with hard wraps unwrapped and dashes inside names made
    # hyphens (same offsets): "Hyderabad–Sukkur Motorway", "ML‑1" (a non-breaking hyphen)
    # then match the registry's names, which are written with "-". The stages read the text
    # itself, so sentences are cut as it stands.
    headline = _titled(text, document.title)
    doc = nlp.make_doc(unwrap(text, headline).translate(HYPHENS))
    doc.user_data["corridor.text"] = text
    doc.user_data["corridor.headline"] = headline
    doc._.published = document.published
    doc._.source_kind = str(document.kind) if document.kind else None
    return doc


def _titled(text: str, title: str | None) -> bool:
    """Whether the text's first line is its title, as the reader found it (plain text keeps a
    headline as its first sentence): sentences then end after it."""
    if not title:
        return False
    first = text.lstrip().split("\n", 1)[0]
    return " ".join(first.split()).casefold() == " ".join(title.split()).casefold()


def extract(document: Document, *, nlp: Language | None = None) -> Extraction:
    """Run the pipeline on one document."""
    nlp = nlp or build_pipeline()
    doc = nlp(_prepare(nlp, document))
    return build_extraction(doc, document, EXTRACTOR_VERSION)


def extract_many(documents: Iterable[Document], *, nlp: Language | None = None,
                 batch_size: int = 64) -> Iterator[Extraction]:  # fmt: skip
    """Stream extractions with nlp.pipe; only one batch of documents is held at a time."""
    nlp = nlp or build_pipeline()
    pairs = ((_prepare(nlp, document), document) for document in documents)
    for doc, document in nlp.pipe(pairs, as_tuples=True, batch_size=batch_size):
        yield build_extraction(doc, document, EXTRACTOR_VERSION)
