"""The write side: ingest, review, override and merge, as API routes (bearer token) and
pages (signed in, CSRF-checked forms). Reads stay open; see corridor.web.accounts.

Roles: an analyst may ingest and review claims; an admin may also override a status and
merge items, the two acts that change what readers see without a new piece of evidence.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated, Any

from fastapi import APIRouter, FastAPI, File, Form, Path, Query, Request, UploadFile
from fastapi.responses import RedirectResponse, Response
from pydantic import AfterValidator, BaseModel, ConfigDict, Field
from sqlalchemy.orm import Session
from starlette.datastructures import UploadFile as StarletteUpload

from corridor.errors import CorridorError
from corridor.model import Modality, Status
from corridor.settings import get_settings
from corridor.store import pages as store_pages
from corridor.store import transaction
from corridor.store.accounts import Account, Role, get_draft, item_audit, save_draft, take_draft
from corridor.store.tables import ItemRow
from corridor.track.review import merge_items, override_status, review_claim
from corridor.web import intake
from corridor.web.accounts import (
    Admin,
    Analyst,
    FormAccount,
    SignedIn,
    WebError,
    allow,
    render,
    viewer,
)
from corridor.web.schemas import ErrorBody
from corridor.web.security import refuse_control_characters

# Every text a write takes but a document's own text (which the readers clean) is refused
# with a control character in it, as the address is (security.SecurityMiddleware).
Plain = AfterValidator(refuse_control_characters)

# ---------------------------------------------------------------- shapes


class ReviewAction(StrEnum):
    accept = "accept"
    reject = "reject"
    correct = "correct"


class ReviewRequest(BaseModel):
    """Accept or reject a claim, or correct its modality and/or its item."""

    model_config = ConfigDict(extra="forbid")
    action: ReviewAction
    modality: Modality | None = Field(
        default=None, description="With `correct`: the right modality."
    )
    item: Annotated[str | None, Plain] = Field(
        default=None,
        min_length=1,
        max_length=120,
        description="With `correct`: the right item's id.",
    )
    note: Annotated[str | None, Plain] = Field(default=None, max_length=2000)


class OverrideRequest(BaseModel):
    """Set an item's status by hand, with a reason; or `clear` a previous override."""

    model_config = ConfigDict(extra="forbid")
    status: Status | None = None
    reason: Annotated[str, Plain] = Field(min_length=1, max_length=2000)
    clear: bool = False


class MergeRequest(BaseModel):
    """Fold item `merge` into item `keep`; `merge` stays as a pointer to `keep`."""

    model_config = ConfigDict(extra="forbid")
    keep: Annotated[str, Plain] = Field(min_length=1, max_length=120)
    merge: Annotated[str, Plain] = Field(min_length=1, max_length=120)


class ExtractedClaim(BaseModel):
    id: str
    item_id: str | None
    item_name: str
    candidate: bool
    modality: Modality
    negated: bool
    sentence: str
    start: int
    end: int


class IngestedDocument(BaseModel):
    source_id: str = Field(description="The content hash: the source's permalink id.")
    title: str | None
    publisher: str | None
    published: str | None
    url: str | None
    note: str | None = Field(
        default=None,
        description="How the document was read but not whole (cut at CORRIDOR_MAX_TEXT_CHARS, "
        "pages left unread, a page read by the plain reader); null when read whole.",
    )
    state: str = Field(description="preview, new, updated or duplicate.")
    claims: int
    events: int
    items: list[str]
    extracted: list[ExtractedClaim] = Field(description="The claims found (previews only).")


class IngestFailure(BaseModel):
    origin: str
    code: str
    error: str


class IngestResult(BaseModel):
    ok: bool = True
    saved: bool
    documents: list[IngestedDocument]
    failed: list[IngestFailure]


class ItemOverride(BaseModel):
    status: Status
    reason: str
    by: str
    at: str


class ItemState(BaseModel):
    id: str
    status: Status
    override: ItemOverride | None


class ClaimState(BaseModel):
    id: str
    item_id: str
    modality: Modality
    review_state: str
    reviewed_by: str | None


class ReviewResult(BaseModel):
    ok: bool = True
    claim: ClaimState
    item: ItemState


class OverrideResult(BaseModel):
    ok: bool = True
    item: ItemState


class MergeResult(BaseModel):
    ok: bool = True
    keep: str
    merged: str
    claims_moved: int
    item: ItemState


def _errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    return {code: {"model": ErrorBody} for code in codes}


WRITE_ERRORS = _errors(400, 401, 403, 404, 429)

# ---------------------------------------------------------------- shared logic


def _ingest(
    request: Request,
    *,
    text: str | None,
    file: UploadFile | None,
    url: str | None,
    title: str | None,
    publisher: str | None,
    published: date | None,
) -> tuple[list[dict[str, Any]], list[dict[str, str]]]:
    """Read and extract one request's input: (entries to store, failures)."""
    data: bytes | None = None
    file_name = content_type = None
    if file is not None and (file.filename or file.size):
        limit = get_settings().max_document_bytes
        data = file.file.read(limit + 1)
        if len(data) > limit:
            raise WebError("E302", f"over {limit} bytes", status=413)
        file_name, content_type = file.filename, file.content_type
        if not data:
            raise WebError("E305", f"{file_name}: the file is empty", status=400)
    documents, failed = intake.read_input(
        text=text or None,
        data=data,
        file_name=file_name,
        content_type=content_type,
        url=url or None,
        allow_private=bool(request.app.state.allow_private),
        title=(title or "").strip() or None,
        publisher=(publisher or "").strip() or None,
        published=published,
    )
    entries, extract_failed = intake.extract_documents(documents, engine=request.app.state.engine)
    failed += extract_failed
    if not entries:
        first = failed[0]
        # what failed and why; a crash is the server's fault (500), a document's own is 400
        # (413 for one too large), as docs/api.md says
        status = {"E900": 500, "E302": 413}.get(first["code"], 400)
        raise WebError(first["code"], f"{first['origin']}: {first['error']}", status=status)
    return entries, failed


MAX_PASTED_CHARS = 1_000_000


def _pasted(text: str | UploadFile | None) -> str | None:
    """The pasted text. A file part sent as `text` is read as UTF-8 text: curl's
    `-F text=@story.txt`, the command docs/api.md shows, sends one."""
    from corridor.ingest.text import decode  # the readers load when a document comes

    if isinstance(text, StarletteUpload):  # what the form holds (FastAPI's is a subclass)
        limit = get_settings().max_document_bytes
        data = text.file.read(limit + 1)
        if len(data) > limit:
            raise WebError("E302", f"over {limit} bytes", status=413)
        try:
            text = decode(data, text.filename or "text")
        except CorridorError as exc:
            raise WebError(exc.code, exc.detail, status=400) from None
    if text is not None and len(text) > MAX_PASTED_CHARS:
        raise WebError("E403", f"text: at most {MAX_PASTED_CHARS:,} characters", status=400)
    return text


def _review(
    request: Request, account: Account, claim_id: str, body: ReviewRequest
) -> dict[str, Any]:
    with transaction(request.app.state.engine) as session:
        claim = review_claim(
            session=session,
            claim_id=claim_id,
            actor=account.name,
            accept=body.action is ReviewAction.accept,
            reject=body.action is ReviewAction.reject,
            modality=body.modality.value if body.modality else None,
            item_id=body.item,
            note=body.note,
        )
        state = {
            "id": claim.id,
            "item_id": claim.item_id,
            "modality": claim.modality,
            "review_state": claim.review_state,
            "reviewed_by": claim.reviewed_by,
        }
        return {"ok": True, "claim": state, "item": intake.item_state(session, claim.item_id)}


def _override(
    request: Request, account: Account, item_id: str, body: OverrideRequest
) -> dict[str, Any]:
    if body.clear == (body.status is not None):
        raise WebError("E403", "give a status, or clear: true (not both)", status=400)
    with transaction(request.app.state.engine) as session:
        override_status(
            session=session,
            item_id=item_id,
            status=body.status.value if body.status else None,
            reason=body.reason,
            actor=account.name,
        )
        return {"ok": True, "item": intake.item_state(session, item_id)}


def _missing_draft(exc: CorridorError) -> WebError:
    return WebError(exc.code, exc.detail, status=404)


# ---------------------------------------------------------------- the API

api = APIRouter(prefix="/api", tags=["writes"], responses=WRITE_ERRORS)
ClaimId = Annotated[str, Path(min_length=1, max_length=64)]
ItemId = Annotated[str, Path(min_length=1, max_length=200)]
Short = Annotated[str | None, Form(max_length=500), Plain]


@api.post("/ingest", response_model=IngestResult, responses=_errors(413))
def api_ingest(
    request: Request,
    account: Analyst,
    text: Annotated[
        str | UploadFile | None,
        Form(
            description="Pasted article text (at most 1,000,000 characters); a file part "
            "(curl's -F text=@story.txt) is read as UTF-8 text."
        ),
    ] = None,
    file: Annotated[
        UploadFile | None, File(description="An HTML, PDF, TXT file (or feed, JSON Lines).")
    ] = None,
    url: Annotated[
        str | None, Form(max_length=2000, description="A public http(s) address to fetch."), Plain
    ] = None,
    title: Short = None,
    publisher: Short = None,
    published: Annotated[date | None, Form(description="Publication date, YYYY-MM-DD.")] = None,
    preview: Annotated[
        bool, Form(description="Extract and show, store nothing (the page's preview).")
    ] = False,
) -> dict[str, Any]:
    """Read, extract and store one document: exactly one of `text`, `file` or `url`
    (fetched with the SSRF guard). Sources, claims and item statuses are stored in one
    transaction. Needs an analyst's token."""
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media == "application/json" or media.endswith("+json"):  # (QA: answered "got none")
        raise WebError(
            "E504",
            "got a JSON body; this route takes a form (multipart/form-data or urlencoded), "
            "as `curl -F text=@story.txt` or `-d text=...` sends",
            status=400,
        )
    entries, failed = _ingest(
        request,
        text=_pasted(text),
        file=file,
        url=url,
        title=title,
        publisher=publisher,
        published=published,
    )
    if preview:
        documents = [intake.preview_summary(e) for e in entries]
        for document in documents:
            document.pop("segments")
    else:
        documents = intake.store_entries(engine=request.app.state.engine, entries=entries)
    return {"ok": True, "saved": not preview, "documents": documents, "failed": failed}


@api.post("/claims/{claim_id}/review", response_model=ReviewResult)
def api_review(
    request: Request, claim_id: ClaimId, body: ReviewRequest, account: Analyst
) -> dict[str, Any]:
    """Accept, reject or correct (modality and/or item) one claim; its item's status is
    re-derived at once. Needs an analyst's token."""
    return _review(request, account, claim_id, body)


@api.post("/items/merge", response_model=MergeResult)
def api_merge(request: Request, body: MergeRequest, account: Admin) -> dict[str, Any]:
    """Fold one item into another (claims, names and events move). Needs an admin's token."""
    with transaction(request.app.state.engine) as session:
        moved = merge_items(session=session, keep=body.keep, merge=body.merge, actor=account.name)
        return {
            "ok": True,
            "keep": body.keep,
            "merged": body.merge,
            "claims_moved": moved,
            "item": intake.item_state(session, body.keep),
        }


@api.post("/items/{item_id}/override", response_model=OverrideResult)
def api_override(
    request: Request, item_id: ItemId, body: OverrideRequest, account: Admin
) -> dict[str, Any]:
    """Set an item's status by hand with a reason, or lift the override (`clear`); the
    status is re-derived. Needs an admin's token."""
    return _override(request, account, item_id, body)


# ---------------------------------------------------------------- pages

site = APIRouter(include_in_schema=False)


@site.get("/ingest")
def page_ingest(request: Request, account: SignedIn) -> Response:
    return render(request, "ingest.html", {"account": account, "form": {}})


@site.post("/ingest")
def page_ingest_post(
    request: Request,
    account: FormAccount,
    text: Annotated[str | None, Form(max_length=1_000_000)] = None,
    file: Annotated[UploadFile | None, File()] = None,
    url: Annotated[str | None, Form(max_length=2000), Plain] = None,
    title: Short = None,
    publisher: Short = None,
    published: Annotated[str | None, Form(max_length=10), Plain] = None,
) -> Response:
    form = {"text": text, "url": url, "title": title, "publisher": publisher,
            "published": published}  # fmt: skip
    try:
        try:
            day = date.fromisoformat(published) if published else None
        except ValueError:  # said, not dropped: the draft would have no date
            raise CorridorError("E112", f"publication date {published!r}") from None
        entries, failed = _ingest(
            request,
            text=text,
            file=file,
            url=url,
            title=title,
            publisher=publisher,
            published=day,
        )
    except CorridorError as exc:
        context = {"account": account, "form": form, "error": exc.to_dict(web=True)}
        status = exc.status if isinstance(exc, WebError) else 400
        if exc.code == "E302":
            status = 413  # too large, as /api/ingest answers
        return render(request, "ingest.html", context, status_code=status)
    with transaction(request.app.state.engine) as session:
        draft_id = save_draft(
            session=session, account=account, payload={"entries": entries, "failed": failed}
        )
    return RedirectResponse(f"/ingest/drafts/{draft_id}", status_code=303)


DraftId = Annotated[str, Path(min_length=1, max_length=64)]


@site.get("/ingest/drafts/{draft_id}")
def page_preview(request: Request, draft_id: DraftId, account: SignedIn) -> Response:
    try:
        with Session(request.app.state.engine) as session:
            draft = get_draft(session=session, account=account, draft_id=draft_id)
    except CorridorError as exc:
        raise _missing_draft(exc) from None
    documents = [intake.preview_summary(e) for e in draft["entries"]]
    context = {
        "account": account,
        "draft_id": draft_id,
        "documents": documents,
        "failed": draft["failed"],
    }
    return render(request, "preview.html", context)


@site.post("/ingest/drafts/{draft_id}/save")
def page_save(request: Request, draft_id: DraftId, account: FormAccount) -> Response:
    try:
        with transaction(request.app.state.engine) as session:
            draft = take_draft(session=session, account=account, draft_id=draft_id)
    except CorridorError as exc:
        raise _missing_draft(exc) from None
    stored = intake.store_entries(engine=request.app.state.engine, entries=draft["entries"])
    if len(stored) == 1:
        return RedirectResponse(f"/sources/{stored[0]['source_id']}?saved=1", status_code=303)
    return RedirectResponse("/sources", status_code=303)


@site.post("/ingest/drafts/{draft_id}/discard")
def page_discard(request: Request, draft_id: DraftId, account: FormAccount) -> Response:
    try:
        with transaction(request.app.state.engine) as session:
            take_draft(session=session, account=account, draft_id=draft_id)
    except CorridorError as exc:
        raise _missing_draft(exc) from None
    return RedirectResponse("/ingest", status_code=303)


REVIEW_PAGE_SIZE = 20


# What a review did, as the notice after it may say (the review_state it left).
REVIEW_DONE = frozenset({"accepted", "rejected", "corrected"})


@site.get("/review")
def page_review(
    request: Request,
    account: SignedIn,
    next: Annotated[str | None, Query(max_length=500)] = None,
    done: Annotated[str | None, Query(max_length=20)] = None,
    item: Annotated[str | None, Query(max_length=200)] = None,
) -> Response:
    with Session(request.app.state.engine) as session:
        data = store_pages.claims_page(
            session=session, review_state="unreviewed", cursor=next, size=REVIEW_PAGE_SIZE
        )
        # The notice after a review says only what the page itself knows: one of the
        # reviews' outcomes and an item that exists, by its stored name (QA: any text put
        # in the address was shown as the site's own notice).
        reviewed = session.get(ItemRow, item) if item and done in REVIEW_DONE else None
        notice = {"done": done, "id": reviewed.id, "name": reviewed.name} if reviewed else None
    context = {
        "account": account,
        "data": data,
        "notice": notice,
        "json_url": "/api/claims?review_state=unreviewed",
        "modality_choices": [m.value for m in Modality],
    }
    return render(request, "review.html", context)


@site.post("/review/{claim_id}")
def page_review_post(
    request: Request,
    claim_id: ClaimId,
    account: FormAccount,
    action: Annotated[ReviewAction, Form()],
    modality: Annotated[str | None, Form(max_length=20), Plain] = None,
    item: Annotated[str | None, Form(max_length=120), Plain] = None,
    note: Annotated[str | None, Form(max_length=2000), Plain] = None,
    next: Annotated[str | None, Form(max_length=500), Plain] = None,
) -> Response:
    modalities = {m.value for m in Modality}
    if action is ReviewAction.correct:
        if modality and modality not in modalities:  # (QA: reported as no correction at all)
            raise CorridorError(
                "E403", f"{modality!r} is not a modality; one of: {', '.join(sorted(modalities))}"
            )
        chosen = Modality(modality) if modality in modalities else None
        body = ReviewRequest(action=action, modality=chosen, item=(item or "").strip() or None)
    else:
        body = ReviewRequest(action=action)
    body.note = (note or "").strip() or None
    result = _review(request, account, claim_id, body)
    target = "/review?" + _query(
        done=result["claim"]["review_state"], item=result["item"]["id"], next=next
    )
    return RedirectResponse(target, status_code=303)


def _query(**values: str | None) -> str:
    from urllib.parse import urlencode

    return urlencode({k: v for k, v in values.items() if v})


@site.post("/items/{item_id}/override")
def page_override_post(
    request: Request,
    item_id: ItemId,
    account: FormAccount,
    reason: Annotated[str, Form(max_length=2000), Plain] = "",
    status: Annotated[str | None, Form(max_length=30), Plain] = None,
    clear: Annotated[bool, Form()] = False,
) -> Response:
    allow(account, Role.ADMIN)
    if not clear and status not in {s.value for s in Status}:
        raise WebError("E403", "choose a status", status=400)
    chosen = None if clear or status is None else Status(status)
    body = OverrideRequest.model_construct(status=chosen, reason=reason.strip(), clear=clear)
    if not body.reason:
        raise WebError("E403", "an override needs a reason", status=400)
    _override(request, account, item_id, body)
    return RedirectResponse(f"/items/{item_id}#override", status_code=303)


def item_extras(request: Request, session: Session, item_id: str) -> dict[str, Any]:
    """For a signed-in user, what the item page adds: the override form's state and the
    item's audit log. Nothing for anyone else (the JSON twin never carries it)."""
    account = viewer(request)
    if account is None:
        return {}
    return {
        "account": account,
        "audit": item_audit(session=session, item_id=item_id),
        "override": intake.item_state(session, item_id)["override"],
    }


# ---------------------------------------------------------------- wiring


def install(app: FastAPI) -> None:
    """Accounts, the write API and the write pages, on `app` (one line in create_app)."""
    from corridor.web import accounts

    accounts.install(app)
    app.state.allow_private = get_settings().allow_private
    app.include_router(api)
    app.include_router(site)
