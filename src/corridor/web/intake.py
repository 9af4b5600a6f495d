"""What the write routes call: read a pasted text, an upload or a URL into documents,
extract them for a preview, store a preview, review, override and merge.

The page and the API share these functions (a page previews and then saves; the API saves
at once, or previews with `preview=true`). Storing is one transaction for the whole request:
the sources, their claims and events, and the re-derived statuses of the items they touch.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from corridor.errors import CorridorError
from corridor.model import Document, SourceKind, plausible_day
from corridor.settings import get_settings
from corridor.store import retrying
from corridor.store.tables import ItemRow, SourceRow, StatusOverrideRow
from corridor.web.accounts import WebError
from corridor.web.security import CONTROL_CHARACTER

MAX_DOCUMENTS = 50  # documents in one request (a feed may hold many)


def _failure(origin: str, error: BaseException) -> dict[str, str]:
    if isinstance(error, CorridorError):
        return {"origin": origin[:300], "code": error.code, "error": error.message[:500]}
    return {"origin": origin[:300], "code": "E900", "error": type(error).__name__}


def read_input(
    *,
    text: str | None = None,
    data: bytes | None = None,
    file_name: str | None = None,
    content_type: str | None = None,
    url: str | None = None,
    allow_private: bool = False,
    title: str | None = None,
    publisher: str | None = None,
    published: date | None = None,
) -> tuple[list[Document], list[dict[str, str]]]:
    """The documents in exactly one of text, an upload's bytes or a URL, with the given
    title, publisher and date laid over what the reader found; and what could not be read.
    Raises E504 (400) for no or several inputs, and the reader's error (400) when nothing
    at all could be read."""
    from corridor.ingest import fetch_url, read_bytes, read_text

    if not plausible_day(published):
        raise WebError("E403", f"published {published}: outside 1900-2100", status=400)
    limit = get_settings().max_document_bytes
    if text and len(text) > limit // 4 and len(text.encode()) > limit:  # (cheap test first)
        raise WebError("E302", f"text of {len(text.encode()):,} bytes, over {limit:,}", status=413)
    given = [name for name, v in (("text", text), ("file", data), ("url", url)) if v]
    if len(given) != 1:
        detail = f"got {' and '.join(given)}" if given else "got none"
        raise WebError("E504", detail, status=400)
    documents: list[Document] = []
    failed: list[dict[str, str]] = []
    errors: list[CorridorError] = []
    if text:
        try:
            documents.append(read_text(text, title=title))
        except CorridorError as exc:
            failed.append(_failure("<text>", exc))
            errors.append(exc)
    else:
        if data:
            results = read_bytes(data, name=file_name or "upload", content_type=content_type)
        else:
            assert url is not None
            results = list(fetch_url(url.strip(), allow_private=allow_private))
        for result in results[:MAX_DOCUMENTS]:
            if result.document is not None and result.error is None:
                result.document.note = result.note  # (QA: the web had dropped it)
                documents.append(result.document)
            else:
                error = result.error or CorridorError("E300", result.origin)
                failed.append(_failure(result.origin, error))
                errors.append(error)
    if not documents:
        first = errors[0] if errors else CorridorError("E305", "no document")
        raise WebError(first.code, first.detail, status=400)
    for document in documents:
        document.title = _plain(title or document.title)
        document.publisher = _plain(publisher or document.publisher)
        document.author = _plain(document.author)
        document.published = published or document.published
    return documents, failed


def _plain(value: str | None) -> str | None:
    """A title, publisher or author without control characters: a file's own <title> may
    carry them, and \x01/\x02 would pass for search's highlight marks (NUL, for PostgreSQL,
    is no text at all)."""
    if value is None:
        return None
    return CONTROL_CHARACTER.sub("", value).strip() or None


def extract_documents(
    documents: list[Document], *, engine: Engine
) -> tuple[list[dict[str, Any]], list[dict[str, str]]]:
    """(document, extraction) entries, JSON-ready, and the documents extraction failed on,
    read with the database's registry."""
    from corridor.extract import extract
    from corridor.ingest.batch import database_pipeline

    nlp = database_pipeline(engine)
    entries, failed = [], []
    for document in documents:
        try:
            extraction = extract(document, nlp=nlp).to_dict()
        except Exception as exc:  # one bad document never sinks the others
            failed.append(_failure(document.title or "<document>", exc))
            continue
        entries.append({"document": document_dict(document), "extraction": extraction})
    return entries, failed


def document_dict(document: Document) -> dict[str, Any]:
    out = dataclasses.asdict(document)
    out["published"] = document.published.isoformat() if document.published else None
    out["kind"] = str(document.kind) if document.kind else None
    return out


def document_from(entry: dict[str, Any]) -> Document:
    values = dict(entry)
    values["published"] = date.fromisoformat(values["published"]) if values["published"] else None
    values["kind"] = SourceKind(values["kind"]) if values["kind"] else None
    return Document(**values)


def extracted_claims(extraction: dict[str, Any]) -> list[dict[str, Any]]:
    """Each (item, sentence) the extraction found, in text order: what a preview shows."""
    claims = []
    for item in extraction.get("items") or []:
        for evidence in item.get("evidence") or []:
            claims.append(
                {
                    "item_id": item.get("item_id"),
                    "item_name": item["name"],
                    "candidate": bool(item.get("candidate")),
                    "modality": evidence["modality"],
                    "negated": bool(evidence.get("negated")),
                    "sentence": evidence["sentence"],
                    "start": int(evidence["start"]),
                    "end": int(evidence["end"]),
                }
            )
    claims.sort(key=lambda c: (c["start"], c["item_name"]))
    for number, claim in enumerate(claims):
        claim["id"] = f"p{number}"
    return claims


def preview_summary(entry: dict[str, Any]) -> dict[str, Any]:
    """One previewed document: what would be stored, and the highlighted text."""
    from corridor.store.pages import highlight_segments

    document, extraction = entry["document"], entry["extraction"]
    claims = extracted_claims(extraction)
    return {
        "source_id": document_from(document).content_hash,
        "title": document["title"],
        "publisher": document["publisher"],
        "published": document["published"],
        "url": document["url"],
        "note": document.get("note"),
        "state": "preview",
        "claims": len(claims),
        "events": len(extraction.get("events") or []),
        "items": sorted({c["item_id"] or c["item_name"] for c in claims}),
        "extracted": claims,
        "segments": highlight_segments(document["text"], claims),
    }


def store_entries(*, engine: Engine, entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Store previewed documents and re-derive their items' statuses, in one transaction.

    The documents go in by content hash, whatever order the request gave: two requests
    storing the same documents in opposite orders would each hold the source row the other
    waits for. What still collides (items named in both) is a PostgreSQL deadlock, lost by
    one of them and run again (store.retrying). The summaries keep the request's order."""
    from corridor.extract import EXTRACTOR_VERSION
    from corridor.store.sources import storable_url, store_extraction
    from corridor.track.derive import refresh_statuses

    documents = [document_from(entry["document"]) for entry in entries]
    order = sorted(range(len(entries)), key=lambda i: documents[i].content_hash)

    def store(session: Session) -> list[dict[str, Any]]:
        summaries: dict[int, dict[str, Any]] = {}
        touched: set[str] = set()
        for index in order:
            entry, document = entries[index], documents[index]
            stored = store_extraction(
                session=session,
                document=document,
                extraction=entry["extraction"],
                version=EXTRACTOR_VERSION,
            )
            touched |= stored.items
            summaries[index] = {
                "source_id": stored.source_id,
                "title": document.title,
                "publisher": document.publisher,
                "published": entry["document"]["published"],
                "url": storable_url(document.url),  # what was stored (None: left out)
                **(_as_stored(session, stored.source_id) if stored.state == "duplicate" else {}),
                "note": document.note,
                "state": stored.state,
                "claims": stored.claims,
                "events": stored.events,
                "items": sorted(stored.items),
                "extracted": [],
            }
        if touched:
            refresh_statuses(session=session, item_ids=touched)
        return [summaries[index] for index in range(len(entries))]

    return retrying(engine, store)


def _as_stored(session: Session, source_id: str) -> dict[str, Any]:
    """A duplicate's title, publisher, date and address as stored: a second request with
    other ones changes nothing, and its answer must not say otherwise (QA: it echoed them)."""
    row = session.get(SourceRow, source_id)
    if row is None:
        return {}
    published = row.published.isoformat() if row.published else None
    return {"title": row.title, "publisher": row.publisher, "published": published,
            "url": row.url}  # fmt: skip


def item_state(session: Session, item_id: str) -> dict[str, Any]:
    """An item's id and (re-derived) status, and its override if it has one."""
    row = session.get(ItemRow, item_id)
    if row is None:
        raise CorridorError("E202", repr(item_id))
    override = session.get(StatusOverrideRow, item_id)
    return {
        "id": row.id,
        "status": row.status,
        "override": None
        if override is None
        else {
            "status": override.status,
            "reason": override.reason,
            "by": override.by,
            "at": override.at.isoformat(timespec="seconds"),
        },
    }
