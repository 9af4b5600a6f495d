"""Readers: documents in (files, folders, feeds, archives, URLs, pasted text), Documents out.

    for result in read_path("inbox/"):
        if result.error: report(result.origin, result.error)
        else: store(result.document)

Each format is a reader registered by name in READERS; `sniff` picks one by content first,
then media type and extension. Every reader's text goes through `clean_text`.
"""

from corridor.ingest.base import READERS, ReadContext, ReadResult, reader
from corridor.ingest.clean import clean_text
from corridor.ingest.fetch import fetch_url
from corridor.ingest.read import read_bytes, read_path, read_text
from corridor.ingest.sniff import sniff

__all__ = [
    "READERS",
    "ReadContext",
    "ReadResult",
    "clean_text",
    "fetch_url",
    "read_bytes",
    "read_path",
    "read_text",
    "reader",
    "sniff",
]
