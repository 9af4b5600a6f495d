"""Ingest: read, extract and store many documents, one transaction per document.

A document that cannot be read, extracted or stored is recorded with its reason and the
batch goes on; nothing of it is half-stored. The statuses of the items a batch of documents
touched are re-derived once the batch is stored: status is derived state, and re-reading a
busy item's claims after every document would make ingest quadratic. (If the process dies
in between, `corridor items refresh` re-derives them.)
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial
from itertools import islice
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, select
from sqlalchemy.exc import DatabaseError, OperationalError, StatementError

from corridor.errors import CorridorError
from corridor.ingest.base import ReadResult
from corridor.model import Document, SourceKind
from corridor.store.db import database_failure

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from corridor.store.sources import Stored

BATCH = 64


@dataclass(slots=True)
class IngestSummary:
    read: int = 0
    new: int = 0
    updated: int = 0
    duplicate: int = 0
    claims: int = 0
    events: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)  # (origin, one-line reason)
    notes: list[tuple[str, str]] = field(default_factory=list)  # (origin, what was not whole)


def is_url(target: str) -> bool:
    return target.lower().startswith(("http://", "https://"))


STDIN = "<stdin>"


def read_targets(
    targets: Iterable[str], *, allow_private: bool = False, fetch_linked: bool = False
) -> Iterator[ReadResult]:
    """Every document named by paths, folders, feeds, archives and URLs, in order; "-" is
    standard input, read as a file is (sniffed, decoded, capped in size)."""
    from corridor.ingest import fetch_url, read_path
    from corridor.ingest.fetch import shown

    for target in targets:
        # The last resort: the readers turn what they meet into failures, so an exception
        # here is corridor's bug. It fails this target alone (one line, E900) and the next
        # one is read; CORRIDOR_DEBUG=1 lets it out, with its traceback.
        try:
            if target == "-":
                yield from read_stdin(allow_private=allow_private, fetch_linked=fetch_linked)
            elif is_url(target):
                yield from fetch_url(target, allow_private=allow_private, fetch_linked=fetch_linked)
            else:
                yield from read_path(target, fetch_linked=fetch_linked, allow_private=allow_private)
        except Exception as exc:
            if os.environ.get("CORRIDOR_DEBUG"):
                raise
            where = STDIN if target == "-" else shown(target)
            yield ReadResult(None, where, unexpected(exc, where))


def read_stdin(*, allow_private: bool = False, fetch_linked: bool = False) -> list[ReadResult]:
    """The documents in standard input's bytes: read no further than one byte past the size
    cap, so that an endless pipe is refused (E302) rather than held in memory."""
    import sys

    from corridor.ingest.read import read_bytes
    from corridor.settings import get_settings

    data = sys.stdin.buffer.read(get_settings().max_document_bytes + 1)
    return read_bytes(data, name=STDIN, fetch_linked=fetch_linked, allow_private=allow_private)


def _reason(exc: BaseException) -> str:
    """Why a document failed, in one line: never the SQL of a statement nor its parameters
    (the document's text), which a database error's message carries."""
    if isinstance(exc, CorridorError):
        return exc.render()
    if isinstance(exc, StatementError) and exc.orig is not None:
        return CorridorError("E203", _brief(exc.orig)).render()
    return unexpected(exc).render()


def unexpected(exc: BaseException, where: str | None = None) -> CorridorError:
    """An exception nothing expected (a bug), as E900 in one bounded line naming its type."""
    return CorridorError("E900", _brief(exc), where=where)


def _brief(exc: BaseException) -> str:
    """`Type: message` on one line, the message cut to 200 characters."""
    message = " ".join(str(exc).split())
    message = message if len(message) <= 200 else message[:200] + "..."
    return f"{type(exc).__name__}: {message}" if message else type(exc).__name__


def _known(engine: Engine, documents: list[Document], version: str) -> set[str]:
    """Hashes already stored by this extractor version: no need to extract them again. A
    document stored by an earlier version takes what it lacks from its stored source (the
    day given with --published when it was first ingested, above all): its claims are dated
    by it, and its relative dates ("on Monday") resolved against it."""
    from corridor.store import transaction
    from corridor.store.tables import SourceRow

    by_hash = {d.content_hash: d for d in documents}
    known: set[str] = set()
    with transaction(engine) as session:
        rows = session.execute(
            select(
                SourceRow.id,
                SourceRow.extractor_version,
                SourceRow.title,
                SourceRow.publisher,
                SourceRow.author,
                SourceRow.published,
                SourceRow.url,
                SourceRow.kind,
            ).where(SourceRow.id.in_(list(by_hash)))
        )
        for row in rows:
            dates_it = row.published is None and _gives_a_day(by_hash[row.id])
            if row.extractor_version == version and not dates_it:
                known.add(row.id)
                continue
            for document in [d for d in documents if d.content_hash == row.id]:
                _fill_from_stored(document, row)
    return known


def _gives_a_day(document: Document) -> bool:
    """Whether this reading dates the document (a day stated or given, not a file's own)."""
    return document.published is not None and not document.published_from_file


def _fill_from_stored(document: Document, row: Any) -> None:
    if row.published is not None and (document.published is None or document.published_from_file):
        document.published, document.published_from_file = row.published, False
    document.title = document.title or row.title
    document.publisher = document.publisher or row.publisher
    document.author = document.author or row.author
    document.url = document.url or row.url
    if document.kind is None and row.kind:
        document.kind = SourceKind(row.kind)


def database_pipeline(engine: Engine) -> Any:
    """The extraction pipeline on this database's registry (the items a user loaded from
    their own file link like the bundled ones); the bundled registry for a database that
    holds none yet."""
    from corridor.extract import build_pipeline
    from corridor.extract.pipeline import pipeline_for
    from corridor.store import transaction
    from corridor.store.items import registry_items

    with transaction(engine) as session:
        items = registry_items(session=session)
    return pipeline_for(items) if items else build_pipeline()


def ingest(
    results: Iterable[ReadResult],
    *,
    engine: Engine,
    on_document: Callable[[str], None] | None = None,
) -> IngestSummary:
    """Extract and store every readable document; count and explain every failure. A
    database that cannot be used at all stops the batch with one E206 line: each document
    stored before it is whole (one transaction each), and a rerun skips them."""
    summary = IngestSummary()
    nlp = database_pipeline(engine)
    try:
        _ingest(_guarded(iter(results)), engine, nlp, summary, on_document)
    except (OperationalError, DatabaseError) as exc:
        raise database_failure(exc) or exc from None
    return summary


def _guarded(stream: Iterator[ReadResult]) -> Iterator[ReadResult]:
    """`stream`, an exception raised while reading it made one failed result (E900), after
    which the stream ends (a generator that raised is over). read_targets() catches its
    targets' own; this is for any other stream of results."""
    last = None
    while True:
        try:
            result = next(stream)
        except StopIteration:
            return
        except Exception as exc:
            if os.environ.get("CORRIDOR_DEBUG"):
                raise
            where = f"(after {last})" if last else "(the first document)"
            yield ReadResult(None, where, unexpected(exc))
            return
        last = result.origin
        yield result


def _unstorable_url(document: Document) -> str | None:
    """A note if the document names a url no source can hold (too long, a control character
    in it), which is then left out: the document is stored, on every database alike."""
    from corridor.ingest.fetch import shown, url_problem
    from corridor.store.sources import storable_url

    url = document.url
    if url is None or storable_url(url) is not None:
        return None
    document.url = None
    problem = url_problem(url) or "a value the database cannot hold"
    return f"its url was left out: it has {problem} ({shown(url)[:80]})"


def _ingest(
    stream: Iterator[ReadResult],
    engine: Engine,
    nlp: Any,
    summary: IngestSummary,
    on_document: Callable[[str], None] | None,
) -> None:
    from corridor.extract import EXTRACTOR_VERSION, extract, extract_many
    from corridor.store import retrying

    while batch := list(islice(stream, BATCH)):
        pending: list[tuple[str, Document]] = []
        touched: set[str] = set()
        for result in batch:
            summary.read += 1
            if result.error is not None or result.document is None:
                error = result.error or CorridorError("E300", result.origin)
                summary.failed.append((result.origin, _reason(error)))
                if on_document:
                    on_document(result.origin)
            else:
                pending.append((result.origin, result.document))
                if result.note:
                    summary.notes.append((result.origin, result.note))
                if dropped := _unstorable_url(result.document):
                    summary.notes.append((result.origin, dropped))
        known = _known(engine, [d for _, d in pending], EXTRACTOR_VERSION)
        fresh = [(o, d) for o, d in pending if d.content_hash not in known]
        summary.duplicate += len(pending) - len(fresh)
        try:
            extractions: list[object] = list(extract_many((d for _, d in fresh), nlp=nlp))
        except Exception:
            # One bad document must not sink its batch: redo them one by one.
            extractions = []
            for _origin, document in fresh:
                try:
                    extractions.append(extract(document, nlp=nlp))
                except Exception as exc:
                    extractions.append(exc)
        for (origin, document), extraction in zip(fresh, extractions, strict=True):
            if on_document:
                on_document(origin)
            if isinstance(extraction, BaseException):
                summary.failed.append((origin, _reason(extraction)))
                continue
            record = extraction.to_dict()  # type: ignore[attr-defined]
            try:
                stored = retrying(
                    engine,
                    partial(
                        _store, document=document, extraction=record, version=EXTRACTOR_VERSION
                    ),
                )
            except Exception as exc:
                if (unusable := database_failure(exc)) is not None:
                    raise unusable from None  # every document after it would fail alike
                summary.failed.append((origin, _reason(exc)))
                continue
            if stored.state == "new":
                summary.new += 1
            elif stored.state == "updated":
                summary.updated += 1
            else:
                summary.duplicate += 1
            summary.claims += stored.claims
            summary.events += stored.events
            touched |= stored.items
        for _ in range(len(pending) - len(fresh)):
            if on_document:
                on_document("duplicate")
        if touched:
            retrying(engine, partial(_refresh, item_ids=sorted(touched)))


def _store(
    session: Session, *, document: Document, extraction: dict[str, Any], version: str
) -> Stored:
    from corridor.store.sources import store_extraction

    return store_extraction(
        session=session, document=document, extraction=extraction, version=version
    )


def _refresh(session: Session, *, item_ids: list[str]) -> int:
    from corridor.track.derive import refresh_statuses

    return refresh_statuses(session=session, item_ids=item_ids)
