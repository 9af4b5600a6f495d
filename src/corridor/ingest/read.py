"""The ingest boundary: paths, folders, bytes and pasted text in; ReadResults out.

Nothing raised inside a reader escapes from here: an unexpected exception becomes a failed
result (E310) so that one bad document never stops a batch.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from corridor.errors import CorridorError

# Imported for their @reader registrations.
from corridor.ingest import feed, html, jsonl, pdf  # noqa: F401
from corridor.ingest import text as _text  # noqa: F401
from corridor.ingest.base import READERS, ReadContext, ReadResult, failure, finish
from corridor.ingest.sniff import sniff
from corridor.model import Document
from corridor.settings import get_settings


@dataclass(frozen=True, slots=True)
class _Options:
    fetch_linked: bool
    allow_private: bool


# A URL scheme other than http(s): "ftp://", "file:///", "s3://".
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")


def read_path(
    path: str | os.PathLike[str], *, fetch_linked: bool = False, allow_private: bool = False
) -> Iterator[ReadResult]:
    """Every document under `path`: a file, a folder (recursively) or an http(s) URL."""
    raw = os.fspath(path)
    if raw.lower().startswith(("http://", "https://")):
        from corridor.ingest.fetch import fetch_url  # fetch imports this module

        yield from fetch_url(raw, allow_private=allow_private, fetch_linked=fetch_linked)
        return
    if not raw.strip():
        # Path("") is the current folder: an empty variable in a script would read it all.
        yield failure("E300", "an empty path", "<empty path>")
        return
    if _SCHEME.match(raw):  # "ftp://host/x", "file:///x": an address, not a path
        yield failure("E307", f"{raw[:200]} (only http and https are read)", raw[:200])
        return
    target = Path(raw)
    options = _Options(fetch_linked=fetch_linked, allow_private=allow_private)
    if target.is_dir():
        yield from _read_folder(target, options, seen=set())
    else:
        yield from _read_file(target, options)


def read_bytes(
    data: bytes,
    *,
    name: str,
    content_type: str | None = None,
    fetch_linked: bool = False,
    allow_private: bool = False,
) -> list[ReadResult]:
    """Documents in one upload or fetched body; `name` is its file name or URL."""
    limit = get_settings().max_document_bytes
    if len(data) > limit:
        return [failure("E302", f"{len(data)} bytes, over {limit}", name)]
    ctx = ReadContext(
        origin=name,
        file_name=_file_name(name),
        content_type=content_type,
        fetch_linked=fetch_linked,
        allow_private=allow_private,
    )
    return list(_dispatch(data, ctx))


def read_text(text: str, *, title: str | None = None) -> Document:
    """A Document from pasted text or stdin; raises E305 when no article text is left."""
    result = finish(text, ReadContext(origin="<text>"), title=title, headline_from_text=True)
    if result.error is not None:
        raise result.error
    assert result.document is not None
    result.document.note = result.note  # a text cut at CORRIDOR_MAX_TEXT_CHARS says so
    return result.document


def _dispatch(data: bytes, ctx: ReadContext) -> Iterator[ReadResult]:
    try:
        kind = sniff(data, name=ctx.origin, content_type=ctx.content_type)
        yield from READERS[kind](data, ctx)
    except CorridorError as exc:
        yield ReadResult(None, ctx.origin, exc)
    except Exception as exc:  # the boundary: a reader's bug is one failed document
        yield ReadResult(None, ctx.origin, jsonl.unexpected(exc, ctx.origin))


def _read_folder(
    folder: Path, options: _Options, *, seen: set[tuple[int, int]]
) -> Iterator[ReadResult]:
    try:
        info = folder.stat()
        entries = sorted(folder.iterdir(), key=lambda p: p.name)
    except OSError as exc:
        yield unreadable(str(folder), exc.strerror or str(exc))
        return
    # A symlink loop would otherwise recurse forever.
    if (info.st_dev, info.st_ino) in seen:
        return
    seen.add((info.st_dev, info.st_ino))
    for entry in entries:
        if entry.name.startswith("."):
            continue
        try:
            is_dir, dangling = entry.is_dir(), entry.is_symlink() and not entry.exists()
        except OSError as exc:  # no search permission on the folder: the entry cannot be told
            yield unreadable(str(entry), exc.strerror or str(exc))
            continue
        if is_dir:
            yield from _read_folder(entry, options, seen=seen)
        elif dangling:  # a link to nothing: counted as a failure, not passed over
            yield unreadable(str(entry), "a broken symbolic link")
        else:  # a file; a pipe, a device or a socket is counted as a failure by _read_file
            yield from _read_file(entry, options)


def _read_file(path: Path, options: _Options) -> Iterator[ReadResult]:
    origin = str(path)
    ctx = ReadContext(
        origin=origin,
        file_name=path.name,
        fetch_linked=options.fetch_linked,
        allow_private=options.allow_private,
    )
    limit = get_settings().max_document_bytes
    try:
        # A named pipe or a device would block or never end: only regular files are read
        # (standard input is "-").
        if not stat.S_ISREG(path.stat().st_mode):
            yield unreadable(origin, "not a regular file (a pipe or a device?)",
                             hint="give a regular file; for standard input give -")  # fmt: skip
            return
        with path.open("rb") as handle:
            if path.suffix.casefold() in (".jsonl", ".ndjson"):
                # Archives may be far larger than one document: stream them line by line
                # (read_lines fails a line that raises alone, as _dispatch would a file).
                yield from jsonl.read_lines(_lines(handle, limit), ctx)
                return
            size = os.fstat(handle.fileno()).st_size
            if size > limit:
                yield failure("E302", f"{size} bytes, over {limit}", origin)
                return
            # Read one byte past the cap: st_size can lie (pipes, files that are growing).
            data = handle.read(limit + 1)
    except OSError as exc:
        yield unreadable(origin, exc.strerror or str(exc))
        return
    if len(data) > limit:
        yield failure("E302", f"over {limit} bytes", origin)
        return
    yield from _dispatch(data, ctx)


def unreadable(origin: str, reason: str, *, hint: str | None = None) -> ReadResult:
    """E300 for `origin`: "cannot read inbox/a.txt: No such file or directory"."""
    return ReadResult(None, origin, CorridorError("E300", f"{origin}: {reason}", hint=hint))


FOLDER_HINT = (
    "corridor reads .txt, .html, .pdf, RSS/Atom feed and .jsonl files in a folder and its "
    "subfolders; names starting with '.' are skipped"
)


def nothing_read(source: str) -> CorridorError:
    """Why `source` gave no document and no failure: a folder holding none, or a file with
    nothing in it (an archive of blank lines)."""
    if source not in ("", "-") and Path(source).is_dir():
        return CorridorError("E300", f"{source}: the folder holds no documents", hint=FOLDER_HINT)
    return CorridorError("E305", source)


def _lines(handle: BinaryIO, limit: int) -> Iterator[tuple[int, bytes | None]]:
    """Numbered lines of a binary file; a line over `limit` is skipped and given as None."""
    readline = handle.readline
    number = 0
    while True:
        line = readline(limit + 1)
        if not line:
            return
        number += 1
        if number == 1 and line.startswith(b"\xef\xbb\xbf"):
            line = line[3:]
        if len(line) > limit and not line.endswith(b"\n"):
            while line and not line.endswith(b"\n"):
                line = readline(limit + 1)
            yield number, None
            continue
        yield number, line


def _file_name(name: str) -> str | None:
    if name.startswith(("http://", "https://")) or name == "<stdin>":
        return None
    return Path(name).name or None
