"""JSON Lines archives: one document a line; a bad line fails alone (E306 with file:line)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from contextlib import suppress
from datetime import date, datetime
from typing import Any

from corridor.errors import CorridorError
from corridor.ingest.base import ReadContext, ReadResult, finish, reader
from corridor.model import EARLIEST_PUBLISHED, LATEST_PUBLISHED, SourceKind, choices, plausible_day

_STRING_FIELDS = ("url", "title", "publisher", "author")


@reader("jsonl")
def read_jsonl(data: bytes, ctx: ReadContext) -> Iterator[ReadResult]:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    yield from read_lines(enumerate(data.split(b"\n"), start=1), ctx)


def read_lines(lines: Iterable[tuple[int, bytes | None]], ctx: ReadContext) -> Iterator[ReadResult]:
    """Documents from numbered raw lines; a line given as None was too long to read (E302)."""
    for number, raw in lines:
        where = f"{ctx.origin}:{number}"
        if raw is None:
            yield ReadResult(None, where, CorridorError("E302", "line too long", where=where))
            continue
        if not raw.strip():
            continue
        try:
            yield _record(raw, ctx, where)
        except CorridorError as exc:
            yield ReadResult(None, where, exc)


def _record(raw: bytes, ctx: ReadContext, where: str) -> ReadResult:
    try:
        record = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise CorridorError("E306", f"invalid UTF-8 at byte {exc.start}", where=where) from None
    except (json.JSONDecodeError, RecursionError) as exc:
        message = exc.msg if isinstance(exc, json.JSONDecodeError) else "nested too deeply"
        raise CorridorError("E306", f"not JSON ({message})", where=where) from None
    if not isinstance(record, dict):
        raise CorridorError("E306", "not a JSON object", where=where)
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise CorridorError("E306", "no text", where=where)
    fields: dict[str, str | None] = {}
    for name in _STRING_FIELDS:
        value = record.get(name)
        if value is not None and not isinstance(value, str):
            raise CorridorError("E306", f"{name} must be a string", where=where)
        fields[name] = value
    url = fields["url"]
    if url is not None and not url.lower().startswith(("http://", "https://")):
        raise CorridorError("E306", f"url must be http(s): {url[:100]!r}", where=where)
    return finish(
        text,
        ctx,
        origin=where,
        title=fields["title"],
        publisher=fields["publisher"],
        author=fields["author"],
        url=url,
        published=_published(record.get("published"), where),
        kind=_kind(record.get("kind"), where),
    )


def _published(value: Any, where: str) -> date | None:
    if value in (None, ""):
        return None
    day = None
    if isinstance(value, str):
        try:
            day = datetime.fromisoformat(value.replace("Z", "+00:00")).date()
        except ValueError:
            with suppress(ValueError):
                day = date.fromisoformat(value[:10])
    if day is None:
        detail = f"published is not an ISO date: {str(value)[:40]!r}"
        raise CorridorError("E306", detail, where=where)
    if not plausible_day(day):
        detail = f"published {day.isoformat()} is outside {EARLIEST_PUBLISHED.year}-{LATEST_PUBLISHED.year}"
        raise CorridorError("E306", detail, where=where)
    return day


def _kind(value: Any, where: str) -> SourceKind | None:
    if value in (None, ""):
        return None
    if isinstance(value, str) and value in choices(SourceKind):
        return SourceKind(value)
    raise CorridorError(
        "E306", f"kind must be one of {', '.join(choices(SourceKind))}", where=where
    )
