"""The web application: JSON API under /api and the pages, one view per page and twin.

Each route parses its query and calls one function of `corridor.store.pages`; the API
route returns that function's dict as JSON, the page route renders it with a template.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from enum import StrEnum
from importlib import resources
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, FastAPI, Path, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from sqlalchemy import Engine
from sqlalchemy.orm import Session
from starlette.exceptions import HTTPException as StarletteHTTPException

from corridor import __version__
from corridor.errors import CorridorError
from corridor.export import csv_cell
from corridor.model import (
    PROVINCES,
    EventType,
    Kind,
    Modality,
    Origin,
    Pillar,
    ReviewState,
    SourceKind,
    Status,
)
from corridor.store import make_engine, pages
from corridor.web import schemas, writes
from corridor.web.accounts import identify, is_api, private_headers, viewer
from corridor.web.render import environment
from corridor.web.security import SecurityMiddleware

ProvinceCode = StrEnum("ProvinceCode", {code: code for code in PROVINCES})  # type: ignore[misc]


class SearchType(StrEnum):
    item = "item"
    source = "source"
    claim = "claim"


class ListFormat(StrEnum):
    json = "json"
    csv = "csv"


ITEM_CSV_COLUMNS = list(schemas.ItemSummary.model_fields)
ERRORS = {400: {"model": schemas.ErrorBody}, 404: {"model": schemas.ErrorBody}}

Cursor = Annotated[
    str | None,
    Query(max_length=500, description="The `next` value of the previous page."),
]
Size = Annotated[int, Query(ge=1, le=pages.MAX_SIZE, description="Rows a page (at most 1000).")]
Id = Annotated[str, Path(min_length=1, max_length=200)]


def _session(request: Request) -> Iterator[Session]:
    with Session(request.app.state.engine) as session:
        yield session


DB = Annotated[Session, Depends(_session)]


def _value(enum_value: StrEnum | None) -> str | None:
    return enum_value.value if enum_value is not None else None


# ---------------------------------------------------------------- views (page and twin)


def view_overview(session: Session) -> dict[str, Any]:
    from corridor.store.insights import overview_extras  # overdue list, claims and money charts

    return {**pages.overview(session=session), **overview_extras(session=session)}


def view_items(
    session: Session,
    pillar: Pillar | None,
    kind: Kind | None,
    status: Status | None,
    province: StrEnum | None,
    origin: Origin | None,
    overdue: bool,
    next: str | None,
    size: int,
) -> dict[str, Any]:
    return pages.items_page(
        session=session,
        pillar=_value(pillar),
        kind=_value(kind),
        status=_value(status),
        province=_value(province),
        origin=_value(origin),
        overdue=overdue,
        cursor=next,
        size=size,
    )


def view_map(
    session: Session, pillar: Pillar | None, kind: Kind | None, status: Status | None
) -> dict[str, Any]:
    return pages.map_data(
        session=session, pillar=_value(pillar), kind=_value(kind), status=_value(status)
    )


def view_search(session: Session, **params: Any) -> dict[str, Any]:
    clean: dict[str, Any] = {
        k: _value(v) if isinstance(v, StrEnum) else v for k, v in params.items()
    }
    return pages.search_page(session=session, **clean)


api = APIRouter(prefix="/api", responses=ERRORS)  # type: ignore[arg-type]
site = APIRouter(include_in_schema=False)


@api.get("/health", response_model=schemas.Health, tags=["meta"])
def api_health() -> dict[str, Any]:
    """Liveness, with no database work (the benchmark's baseline)."""
    return {"ok": True, "version": __version__}


@api.get("/overview", response_model=schemas.Overview, tags=["pages"])
def api_overview(session: DB) -> dict[str, Any]:
    """Items and money by pillar and status, and the claims stored last."""
    return view_overview(session)


@api.get(
    "/items",
    response_model=schemas.ItemsPage,
    tags=["items"],
    responses={200: {"content": {"text/csv": {"schema": {"type": "string"}}}}},
)
def api_items(
    request: Request,
    session: DB,
    pillar: Pillar | None = None,
    kind: Kind | None = None,
    status: Status | None = None,
    province: ProvinceCode | None = None,
    origin: Origin | None = None,
    overdue: Annotated[bool, Query(description="Only overdue promises.")] = False,
    next: Cursor = None,
    size: Size = pages.DEFAULT_SIZE,
    format: ListFormat = ListFormat.json,
) -> Any:
    """Items with filters, ordered by id; follow `next` for the following page.
    `format=csv` gives the same page as CSV (the cursor is in the `Link` header)."""
    data = view_items(session, pillar, kind, status, province, origin, overdue, next, size)
    return _as(request, format, data, "items", ITEM_CSV_COLUMNS)


CSV_CONTENT: dict[int | str, dict[str, Any]] = {
    200: {"content": {"text/csv": {"schema": {"type": "string"}}}}
}
SOURCE_CSV_COLUMNS = ["id", "title", "publisher", "author", "published", "url", "kind", "claims"]
CLAIM_CSV_COLUMNS = ["id", "claim_date", "item_id", "item_name", "modality", "negated",
                     "sentence", "review_state", "confidence", "source_id", "start", "end"]  # fmt: skip
EVENT_CSV_COLUMNS = ["id", "type", "date", "end_date", "place", "actors", "item_ids",
                     "source_id", "evidence"]  # fmt: skip


def next_link(request: Request, cursor: str) -> str:
    """The address of the next page: this request's query with `next` replaced (the filters,
    size and format carry over)."""
    kept = [(k, v) for k, v in request.query_params.multi_items() if k != "next"]
    return "?" + urlencode([*kept, ("next", cursor)])


def _as(
    request: Request, format: ListFormat, data: dict[str, Any], name: str, columns: list[str]
) -> Any:
    """A page as JSON, or the same page as CSV with the next page in a `Link` header."""
    if format is not ListFormat.csv:
        return data
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    for row in data["rows"]:
        writer.writerow([csv_cell(row.get(c)) for c in columns])
    headers = {"Content-Disposition": f'inline; filename="{name}.csv"'}
    if data["next"]:
        headers["Link"] = f'<{next_link(request, data["next"])}>; rel="next"'
    return Response(buffer.getvalue(), media_type="text/csv", headers=headers)


@api.get("/items/{item_id}", response_model=schemas.ItemDetail, tags=["items"])
def api_item(item_id: Id, session: DB) -> dict[str, Any]:
    """One item with its claims (in context), amounts, events, sources and related items."""
    return pages.item_detail(session=session, item_id=item_id)


@api.get("/sources", response_model=schemas.SourcesPage, tags=["sources"], responses=CSV_CONTENT)
def api_sources(
    request: Request,
    session: DB,
    publisher: Annotated[str | None, Query(max_length=200)] = None,
    kind: SourceKind | None = None,
    next: Cursor = None,
    size: Size = pages.DEFAULT_SIZE,
    format: ListFormat = ListFormat.json,
) -> Any:
    """Sources, newest first; `format=csv` gives the same page as CSV."""
    data = pages.sources_page(
        session=session,
        publisher=publisher,
        kind=str(kind) if kind else None,
        cursor=next,
        size=size,
    )
    return _as(request, format, data, "sources", SOURCE_CSV_COLUMNS)


@api.get("/sources/{source_id}", response_model=schemas.SourceDetail, tags=["sources"])
def api_source(source_id: Id, session: DB) -> dict[str, Any]:
    """One source: clean text, its claims and events, and the text cut into segments."""
    return pages.source_detail(session=session, source_id=source_id)


@api.get("/claims", response_model=schemas.ClaimsPage, tags=["claims"], responses=CSV_CONTENT)
def api_claims(
    request: Request,
    session: DB,
    item: Annotated[str | None, Query(max_length=200)] = None,
    source: Annotated[str | None, Query(max_length=200)] = None,
    modality: Modality | None = None,
    review_state: ReviewState | None = None,
    next: Cursor = None,
    size: Size = pages.DEFAULT_SIZE,
    format: ListFormat = ListFormat.json,
) -> Any:
    """Claims, newest first, filtered by item, source, modality or review state;
    `format=csv` gives the same page as CSV."""
    data = pages.claims_page(
        session=session,
        item=item,
        source=source,
        modality=_value(modality),
        review_state=_value(review_state),
        cursor=next,
        size=size,
    )
    return _as(request, format, data, "claims", CLAIM_CSV_COLUMNS)


@api.get("/events", response_model=schemas.EventsPage, tags=["events"], responses=CSV_CONTENT)
def api_events(
    request: Request,
    session: DB,
    type: EventType | None = None,
    item: Annotated[str | None, Query(max_length=200)] = None,
    next: Cursor = None,
    size: Size = pages.DEFAULT_SIZE,
    format: ListFormat = ListFormat.json,
) -> Any:
    """Events, newest first; `format=csv` gives the same page as CSV."""
    data = pages.events_page(
        session=session, type=str(type) if type else None, item=item, cursor=next, size=size
    )
    return _as(request, format, data, "events", EVENT_CSV_COLUMNS)


@api.get("/map", response_model=schemas.MapData, tags=["pages"])
def api_map(
    session: DB,
    pillar: Pillar | None = None,
    kind: Kind | None = None,
    status: Status | None = None,
) -> dict[str, Any]:
    """Located items as markers (at most 2000) and item counts by province."""
    return view_map(session, pillar, kind, status)


SearchQ = Annotated[
    str,
    Query(
        max_length=200,
        description="Words to find (all of them; OR, -, quotes are plain text; stop words such as "
        "'the' are left out).",
    ),
]


@api.get("/search", response_model=schemas.SearchResults, tags=["search"])
def api_search(
    session: DB,
    q: SearchQ = "",
    type: SearchType | None = None,
    pillar: Pillar | None = None,
    kind: Kind | None = None,
    status: Status | None = None,
    province: ProvinceCode | None = None,
    publisher: Annotated[str | None, Query(max_length=200)] = None,
    year: Annotated[int | None, Query(ge=1900, le=2100)] = None,
    modality: Modality | None = None,
    page: Annotated[int, Query(ge=1, le=50)] = 1,
    size: Annotated[int, Query(ge=1, le=100)] = 20,
) -> dict[str, Any]:
    """Full text over items, sources and claims' sentences, with snippets, facets and pages.
    Claims are filtered by their modality and year, their item's pillar, kind, status and
    province, and their source's publisher."""
    return view_search(
        session,
        q=q,
        type=type,
        pillar=pillar,
        kind=kind,
        status=status,
        province=province,
        publisher=publisher,
        year=year,
        modality=modality,
        page=page,
        size=size,
    )


# ---------------------------------------------------------------- pages


def _render(request: Request, name: str, data: dict[str, Any], **extra: Any) -> Response:
    templates: Jinja2Templates = request.app.state.templates
    api_path = "/api" + request.url.path.rstrip("/") if request.url.path != "/" else "/api/overview"
    json_url = api_path + (f"?{request.url.query}" if request.url.query else "")
    context = {"data": data, "json_url": json_url, "params": dict(request.query_params), **extra}
    return templates.TemplateResponse(request, name, context)


@site.get("/")
def page_overview(request: Request, session: DB) -> Response:
    return _render(request, "overview.html", view_overview(session))


@site.get("/items")
def page_items(
    request: Request,
    session: DB,
    pillar: Pillar | None = None,
    kind: Kind | None = None,
    status: Status | None = None,
    province: ProvinceCode | None = None,
    origin: Origin | None = None,
    overdue: bool = False,
    next: Cursor = None,
    size: Size = pages.DEFAULT_SIZE,
) -> Response:
    data = view_items(session, pillar, kind, status, province, origin, overdue, next, size)
    return _render(request, "items.html", data)


@site.get("/items/{item_id}")
def page_item(request: Request, item_id: Id, session: DB) -> Response:
    data = pages.item_detail(session=session, item_id=item_id)
    return _render(request, "item.html", data, **writes.item_extras(request, session, item_id))


@site.get("/sources")
def page_sources(
    request: Request,
    session: DB,
    publisher: Annotated[str | None, Query(max_length=200)] = None,
    kind: SourceKind | None = None,  # an unknown kind is a 400, as on /api/sources
    next: Cursor = None,
    size: Size = pages.DEFAULT_SIZE,
) -> Response:
    data = pages.sources_page(
        session=session, publisher=publisher, kind=_value(kind), cursor=next, size=size
    )
    return _render(request, "sources.html", data)


@site.get("/sources/{source_id}")
def page_source(request: Request, source_id: Id, session: DB) -> Response:
    data = pages.source_detail(session=session, source_id=source_id)
    return _render(request, "source.html", data)


@site.get("/map")
def page_map(
    request: Request,
    session: DB,
    pillar: Pillar | None = None,
    kind: Kind | None = None,
    status: Status | None = None,
) -> Response:
    return _render(request, "map.html", view_map(session, pillar, kind, status))


@site.get("/search")
def page_search(
    request: Request,
    session: DB,
    q: SearchQ = "",
    type: SearchType | None = None,
    pillar: Pillar | None = None,
    kind: Kind | None = None,
    status: Status | None = None,
    province: ProvinceCode | None = None,
    publisher: Annotated[str | None, Query(max_length=200)] = None,
    year: Annotated[int | None, Query(ge=1900, le=2100)] = None,
    modality: Modality | None = None,
    page: Annotated[int, Query(ge=1, le=50)] = 1,
) -> Response:
    data = view_search(
        session,
        q=q,
        type=type,
        pillar=pillar,
        kind=kind,
        status=status,
        province=province,
        publisher=publisher,
        year=year,
        modality=modality,
        page=page,
        size=20,
    )
    return _render(request, "search.html", data)


# ---------------------------------------------------------------- errors


def _error_response(request: Request, error: CorridorError, status: int) -> Response:
    body = error.to_dict(web=True)
    if request.url.path.startswith("/api") or request.url.path == "/openapi.json":
        return JSONResponse(body, status_code=status)
    templates: Jinja2Templates = request.app.state.templates
    return templates.TemplateResponse(
        request, "error.html", {"error": body, "status": status, "params": {}}, status_code=status
    )


def _refusal_response(request: Request, error: CorridorError, status: int) -> Response:
    """The error of a request the security middleware refused, with the headers the account
    middleware (which has not run) gives every page: the page shows who is signed in and its
    sign-out form's CSRF token, so no shared cache may keep it (QA)."""
    response = _error_response(request, error, status)
    page = not is_api(request.url.path)
    signed_in = viewer(request) is not None
    response.raw_headers = private_headers(list(response.raw_headers), page, signed_in)
    return response


def _status_of(error: CorridorError) -> int:
    if isinstance(error, pages.NotFoundError) or error.code in ("E202", "E204", "E205", "E402"):
        return 404
    if error.code == "E403":
        return 400
    return 500


async def _on_corridor_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, CorridorError)
    return _error_response(request, exc, _status_of(exc))


async def _on_validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    problems = []
    for problem in exc.errors()[:5]:
        where = ".".join(str(p) for p in problem.get("loc", ())[1:]) or "request"
        message = str(problem.get("msg", "invalid")).removeprefix("Value error, ")
        problems.append(f"{where}: {message}")
    return _error_response(request, CorridorError("E403", "; ".join(problems)), 400)


async def _on_http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    if exc.status_code == 404:
        error = CorridorError("E205", request.url.path[:200])
    elif exc.status_code == 405:
        error = CorridorError("E403", f"{request.method} is not allowed here")
    else:
        error = CorridorError("E403", str(exc.detail)[:200])
    response = _error_response(request, error, exc.status_code)
    response.headers.update(exc.headers or {})  # a 405's Allow, for one
    allowed = response.headers.get("allow", "").split(", ")
    if "GET" in allowed and "HEAD" not in allowed:  # the security middleware answers HEAD
        response.headers["allow"] = ", ".join([*allowed, "HEAD"])
    return response


def _on_crash(request: Request, exc: Exception) -> Response:
    # No traceback or exception text leaves the server: the name of the error only.
    return _error_response(request, CorridorError("E900", type(exc).__name__), 500)


# ---------------------------------------------------------------- the factory


def _openapi(app: FastAPI) -> Callable[[], dict[str, Any]]:
    def build() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = get_openapi(
            title="corridor",
            version=__version__,
            description=(
                "Pakistan-China cooperation tracked from promise to delivery. Reads are open. "
                "Errors answer {ok: false, error, code, hint}; invalid parameters give 400."
            ),
            routes=app.routes,
        )
        # FastAPI documents 422 for invalid parameters; corridor answers 400 with ErrorBody.
        for path in schema.get("paths", {}).values():
            for operation in path.values():
                operation.get("responses", {}).pop("422", None)
        components = schema.get("components", {}).get("schemas", {})
        components.pop("HTTPValidationError", None)
        components.pop("ValidationError", None)
        app.openapi_schema = schema
        return schema

    return build


def create_app(database_url: str | None = None, *, engine: Engine | None = None) -> FastAPI:
    """The corridor web app on the database at `database_url` (default: settings)."""
    app = FastAPI(
        title="corridor",
        version=__version__,
        docs_url=None,  # the Swagger page loads scripts from a CDN: not here
        redoc_url=None,
    )
    app.state.engine = engine or make_engine(database_url)
    app.state.templates = Jinja2Templates(env=environment())
    app.include_router(api)
    app.include_router(site)
    from corridor.web import promises  # the promises page and /api/promises

    app.include_router(promises.api)
    app.include_router(promises.site)
    writes.install(app)  # accounts, sign-in, and the write API and pages (corridor.web.writes)
    static = resources.files("corridor.web") / "static"
    app.mount("/static", StaticFiles(directory=str(static)), name="static")
    app.add_exception_handler(CorridorError, _on_corridor_error)
    app.add_exception_handler(RequestValidationError, _on_validation_error)
    app.add_exception_handler(StarletteHTTPException, _on_http_error)
    app.add_middleware(
        SecurityMiddleware, on_error=_on_crash, on_refusal=_refusal_response, identify=identify
    )
    app.openapi = _openapi(app)  # type: ignore[method-assign]
    return app
