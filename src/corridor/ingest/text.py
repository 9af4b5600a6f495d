"""Plain text: decoded strictly (BOMs honoured), cleaned, a headline-like first line as title."""

from __future__ import annotations

import codecs
from collections.abc import Iterator

from corridor.errors import CorridorError
from corridor.ingest.base import ReadContext, ReadResult, failure, finish, reader

# Longest first: the UTF-32 LE BOM begins with the UTF-16 LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def decode(data: bytes, where: str) -> str:
    """UTF-8 unless a BOM says otherwise; anything undecodable is E303, never guessed at.

    Guessing a legacy code page would silently corrupt names and figures, which is worse
    than asking for a UTF-8 file.
    """
    encoding = "utf-8"
    for bom, name in _BOMS:
        if data.startswith(bom):
            data, encoding = data[len(bom) :], name
            break
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise CorridorError(
            "E303", f"invalid {encoding} at byte {exc.start}", where=where
        ) from None
    if "\x00" in text:
        # UTF-16 without a BOM decodes as UTF-8 full of NULs: refuse rather than read noise.
        raise CorridorError("E303", "NUL characters (UTF-16 without a BOM?)", where=where)
    return text


@reader("text")
def read_text_bytes(data: bytes, ctx: ReadContext) -> Iterator[ReadResult]:
    try:
        text = decode(data, ctx.origin)
    except CorridorError as exc:
        yield ReadResult(None, ctx.origin, exc)
        return
    if not text.strip():
        yield failure("E305", "empty file", ctx.origin)
        return
    yield finish(text, ctx, headline_from_text=True)
