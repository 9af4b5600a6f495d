"""Headers on every response, and bounds on every request (pure ASGI, so it also covers
static files, errors and streamed bodies)."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from urllib.parse import parse_qsl, urlencode

from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from corridor.errors import CorridorError

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
)
HEADERS = [
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
]
# C0 controls but tab, newline and carriage return. PostgreSQL refuses NUL in any text (a
# query naming one crashed with DataError), and \x01/\x02 are search's highlight marks.
CONTROL_CHARACTER = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
MAX_BODY_BYTES = 64 * 1024  # forms and JSON bodies of the write routes fit in this
MAX_URL_BYTES = 4096
# Where a document is uploaded: up to CORRIDOR_MAX_DOCUMENT_BYTES, plus room for the form.
UPLOAD_PATHS = frozenset({"/api/ingest", "/ingest"})
FORM_ALLOWANCE = 1024 * 1024


def body_limit(path: str) -> int:
    if path in UPLOAD_PATHS:
        from corridor.settings import get_settings

        return get_settings().max_document_bytes + FORM_ALLOWANCE
    return MAX_BODY_BYTES


class BodyTooLarge(Exception):
    pass


def control_character(value: str) -> str | None:
    """The first control character in `value` that no request may carry, as U+XXXX."""
    found = CONTROL_CHARACTER.search(value)
    return f"U+{ord(found[0]):04X}" if found else None


def refuse_control_characters(value: str | None) -> str | None:
    """A validator for body fields (JSON and forms): the guard the middleware keeps on the
    path and query."""
    if value is not None and (found := control_character(value)):
        raise ValueError(f"holds a control character ({found}); send plain text")
    return value


def _address_control_character(path: str, query: list[tuple[str, str]]) -> str | None:
    for value in [path, *(part for pair in query for part in pair)]:
        if found := control_character(value):
            return found
    return None


def refusal(path: str, status: int, error: CorridorError) -> Response:
    """A request refused before any route runs, where the app gave no error renderer: the
    API's JSON error for /api, plain text for pages (nothing of the request is echoed)."""
    body = error.to_dict(web=True)
    if path == "/api" or path.startswith("/api/"):
        return JSONResponse(body, status_code=status)
    return PlainTextResponse(f"{body['error']} ({body['hint']})", status_code=status)


def too_large(path: str) -> CorridorError:
    if path in UPLOAD_PATHS:  # E302: what docs/api.md promises for a document over the limit
        return CorridorError("E302", f"request body over {body_limit(path):,} bytes")
    # Not a document: E302's hint (raise CORRIDOR_MAX_DOCUMENT_BYTES) does not apply (QA).
    return CorridorError(
        "E403",
        f"request body too large: over {MAX_BODY_BYTES:,} bytes",
        hint="forms and JSON bodies of this route are at most 64 KiB: shorten what you send",
    )


def too_long() -> CorridorError:
    detail = f"address too long (over {MAX_URL_BYTES:,} bytes)"
    return CorridorError("E403", detail, hint="shorten the query")


class SecurityMiddleware:
    """Adds the security headers; refuses oversized URLs and bodies, and addresses that
    carry control characters (the app's error: JSON for /api, the error page for pages);
    drops empty query parameters (an HTML form's "any" choice); answers HEAD as GET without
    the body; and turns a crash into the error page."""

    def __init__(
        self,
        app: ASGIApp,
        on_error: Callable[[Request, Exception], Response] | None = None,
        on_refusal: Callable[[Request, CorridorError, int], Response] | None = None,
        identify: Callable[[Scope], Awaitable[None]] | None = None,
    ) -> None:
        self.app = app
        self.on_error = on_error
        self.on_refusal = on_refusal
        self.identify = identify

    async def refuse(self, scope: Scope, error: CorridorError, status: int) -> Response:
        """The answer to a request refused here: the app's error (JSON for /api, the error
        page for pages) when it gave a renderer, else `refusal`'s. A page's refusal first
        asks `identify` who is signed in, for the page's header: this runs before the app's
        own middleware has."""
        if self.on_refusal is None:
            return refusal(scope.get("path", ""), status, error)
        path = scope.get("path", "")
        if self.identify is not None and not (path == "/api" or path.startswith("/api/")):
            try:
                await self.identify(scope)
            except Exception:  # the refusal stands; the page shows no one signed in
                scope.setdefault("state", {})["account"] = None
        return self.on_refusal(Request(scope), error, status)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False
        # FastAPI's routes take GET only: link checkers and proxies asking HEAD got 405.
        head = scope.get("method") == "HEAD"
        if head:
            scope = {**scope, "method": "GET"}

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if head and message["type"] == "http.response.body":
                message = {**message, "body": b""}
            if message["type"] == "http.response.start":
                started = True
                names = {name for name, _ in HEADERS}
                headers = [(k, v) for k, v in message.get("headers", []) if k not in names]
                message["headers"] = headers + HEADERS
            await send(message)

        raw_query: bytes = scope.get("query_string", b"")
        if len(scope.get("raw_path", b"") or b"") + len(raw_query) > MAX_URL_BYTES:
            await (await self.refuse(scope, too_long(), 414))(scope, receive, send_with_headers)
            return
        limit = body_limit(scope.get("path", ""))
        length = dict(scope.get("headers", [])).get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > limit):
            refused = await self.refuse(scope, too_large(scope.get("path", "")), 413)
            await refused(scope, receive, send_with_headers)
            return
        pairs = parse_qsl(raw_query.decode("latin-1"), keep_blank_values=True)
        found = _address_control_character(scope.get("path", ""), pairs)
        if found:
            error = CorridorError("E403", f"the address holds a control character ({found})")
            await (await self.refuse(scope, error, 400))(scope, receive, send_with_headers)
            return
        kept = [(k, v) for k, v in pairs if v != ""]
        if len(kept) != len(pairs):
            scope = {**scope, "query_string": urlencode(kept).encode("latin-1")}

        received = 0

        async def bounded_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge
            return message

        try:
            await self.app(scope, bounded_receive, send_with_headers)
        except BodyTooLarge:
            if not started:
                refused = await self.refuse(scope, too_large(scope.get("path", "")), 413)
                await refused(scope, receive, send_with_headers)
        except Exception as exc:
            if started or self.on_error is None:
                raise
            response = self.on_error(Request(scope), exc)
            await response(scope, receive, send_with_headers)
