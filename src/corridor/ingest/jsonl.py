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
_URL_HINT = (
    "a record's url is an http(s) address of at most 2000 characters with no control "
    "characters; mend it or leave it out"
)


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
        except Exception as exc:  # the last resort: a bug met on one line fails that line
            yield ReadResult(None, where, unexpected(exc, where))


def unexpected(exc: Exception, where: str) -> CorridorError:
    """An exception nothing expected, as one bounded line naming its type (E310)."""
    message = " ".join(str(exc).split())
    message = message if len(message) <= 200 else message[:200] + "..."
    detail = f"unexpected {type(exc).__name__}" + (f": {message}" if message else "")
    return CorridorError("E310", detail, where=where)


def _record(raw: bytes, ctx: ReadContext, where: str) -> ReadResult:
    try:
        record = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise CorridorError("E306", f"invalid UTF-8 at byte {exc.start}", where=where) from None
    except (ValueError, RecursionError) as exc:
        # ValueError besides JSONDecodeError: a number of more than 4,300 digits, which Python
        # refuses to read (sys.int_info.str_digits_check_threshold).
        if isinstance(exc, json.JSONDecodeError):
            message = exc.msg
        elif isinstance(exc, RecursionError):
            message = "nested too deeply"
        else:
            message = " ".join(str(exc).split(";")[0].split())[:120]
        raise CorridorError("E306", f"not JSON ({message})", where=where) from None
    if not isinstance(record, dict):
        raise CorridorError("E306", "not a JSON object", where=where)
    text = record.get("text")
    if text is not None and not isinstance(text, str):
        raise CorridorError("E306", "text must be a string", where=where)
    if not text or not text.strip():
        raise CorridorError("E306", "no text", where=where)
    fields: dict[str, str | None] = {}
    for name in _STRING_FIELDS:
        value = record.get(name)
        if value is not None and not isinstance(value, str):
            raise CorridorError("E306", f"{name} must be a string", where=where)
        fields[name] = value
    url = fields["url"]
    if url is not None and not url.lower().startswith(("http://", "https://")):
        raise CorridorError(
            "E306", f"url must be http(s): {url[:100]!r}", where=where, hint=_URL_HINT
        )
    if url is not None:
        from corridor.ingest.fetch import url_problem  # fetch imports the readers

        # Refused, as a url that is not http(s) is: the record is the user's to mend, and a
        # url corridor cannot store (PostgreSQL refuses it) would otherwise vanish.
        if (problem := url_problem(url)) is not None:
            raise CorridorError("E306", f"url has {problem}", where=where, hint=_URL_HINT)
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
