"""Who may write: bearer tokens for the API, sign-in sessions for the pages.

- API writes carry `Authorization: Bearer <token>` (a token from `corridor users add`).
- Pages sign in at /signin with the same token, which starts a server-side session; the
  cookie (HttpOnly, SameSite=Strict, Secure over https) holds a random value whose hash is
  the session's id. Every POST form carries the session's CSRF token in a hidden field and
  the server compares it; the sign-in form itself is guarded by a double-submit cookie.
- Failed sign-ins and wrong bearer tokens are limited per client address (5 a minute, then
  429 with Retry-After). The limiter lives in the process's memory: enough for one
  `corridor serve`; behind several workers or a proxy each worker counts on its own and the
  address is the proxy's, so put the limit in the proxy there.
"""

from __future__ import annotations

import hmac
import math
import secrets
import threading
import time
from collections import deque
from collections.abc import Callable
from typing import Annotated, Any
from urllib.parse import quote

import anyio
from fastapi import APIRouter, Depends, FastAPI, Form, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from fastapi.templating import Jinja2Templates
from sqlalchemy.orm import Session
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from corridor.errors import CorridorError
from corridor.store import transaction
from corridor.store.accounts import (
    SESSION_HOURS,
    Account,
    Role,
    account_for_session,
    account_for_token,
    end_session,
    start_session,
)

SESSION_COOKIE = "corridor_session"
SIGNIN_COOKIE = "corridor_signin"  # the sign-in form's double-submit CSRF value
FAILURES_ALLOWED = 5
FAILURE_WINDOW = 60.0


class WebError(CorridorError):
    """A CorridorError with its HTTP status (and headers, such as Retry-After)."""

    def __init__(
        self, code: str, detail: str = "", *, status: int, headers: dict[str, str] | None = None
    ) -> None:
        super().__init__(code, detail)
        self.status = status
        self.headers = headers or {}


class SignInRequired(Exception):
    """A page needs a signed-in user: the answer is a redirect to /signin."""


# ---------------------------------------------------------------- the failure limiter


class FailureLimiter:
    """At most `limit` failures per key in a sliding `window` of seconds (in memory)."""

    def __init__(
        self,
        limit: int = FAILURES_ALLOWED,
        window: float = FAILURE_WINDOW,
        clock: Callable[[], float] = time.monotonic,
        max_keys: int = 10_000,
    ) -> None:
        self.limit, self.window, self.clock, self.max_keys = limit, window, clock, max_keys
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: str, now: float) -> deque[float]:
        times = self._failures.get(key, deque())
        while times and times[0] <= now - self.window:
            times.popleft()
        return times

    def retry_after(self, key: str) -> int | None:
        """Seconds to wait if `key` is over the limit, else None."""
        with self._lock:
            now = self.clock()
            times = self._recent(key, now)
            if len(times) < self.limit:
                return None
            return max(1, math.ceil(times[0] + self.window - now))

    def fail(self, key: str) -> None:
        with self._lock:
            now = self.clock()
            if len(self._failures) >= self.max_keys:  # forget the quiet ones first
                for stale in [k for k, v in self._failures.items() if not self._recent(k, now)]:
                    del self._failures[stale]
            times = self._recent(key, now)
            times.append(now)
            self._failures[key] = times


def _client(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _limited(request: Request, kind: str) -> None:
    limiter: FailureLimiter = request.app.state.signin_limiter
    wait = limiter.retry_after(f"{kind}:{_client(request)}")
    if wait is not None:
        raise WebError(
            "E503",
            f"{FAILURES_ALLOWED} in {int(FAILURE_WINDOW)} seconds from this address",
            status=429,
            headers={"Retry-After": str(wait)},
        )


def _failed(request: Request, kind: str) -> None:
    limiter: FailureLimiter = request.app.state.signin_limiter
    limiter.fail(f"{kind}:{_client(request)}")


# ---------------------------------------------------------------- bearer tokens (API)

bearer = HTTPBearer(
    auto_error=False,
    scheme_name="token",
    description="A token printed by `corridor users add NAME --role analyst|admin`.",
)


def require(role: Role) -> Callable[..., Account]:
    """A dependency: the account behind the bearer token, if its role allows `role`."""

    def dependency(
        request: Request,
        credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
    ) -> Account:
        challenge = {"WWW-Authenticate": "Bearer"}
        if credentials is None or credentials.scheme.lower() != "bearer":
            raise WebError("E500", "no bearer token", status=401, headers=challenge)
        _limited(request, "token")
        with Session(request.app.state.engine) as session:
            account = account_for_token(session=session, token=credentials.credentials)
        if account is None:
            _failed(request, "token")
            raise WebError("E500", "unknown token", status=401, headers=challenge)
        allow(account, role)
        return account

    return dependency


def allow(account: Account, role: Role) -> None:
    """E501 (403) unless the account's role covers `role` (admin covers analyst)."""
    if role is Role.ADMIN and not account.is_admin:
        raise WebError("E501", f"{account.name} is an analyst; this needs an admin", status=403)


Analyst = Annotated[Account, Depends(require(Role.ANALYST))]
Admin = Annotated[Account, Depends(require(Role.ADMIN))]


# ---------------------------------------------------------------- sessions (pages)


class AccountMiddleware:
    """Puts the signed-in account (or None) on `request.state.account` for every request
    that carries a session cookie, so any page can show who is signed in; and keeps what
    depends on the session out of shared caches (`private_headers`)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith("/static/"):
            await self.app(scope, receive, send)
            return
        await identify(scope)
        page = not is_api(scope["path"])
        signed_in = scope["state"]["account"] is not None

        async def send_private(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                message = {**message, "headers": private_headers(headers, page, signed_in)}
            await send(message)

        await self.app(scope, receive, send_private)


async def identify(scope: Scope) -> None:
    """Puts the account of the request's session cookie, or None, on its state. The security
    middleware calls it too, before it refuses a page, so the error page shows who is
    signed in (it runs before this middleware does)."""
    state = scope.setdefault("state", {})
    state["account"] = None
    cookie = Request(scope).cookies.get(SESSION_COOKIE)
    if cookie:
        engine = scope["app"].state.engine

        def lookup() -> Account | None:
            with Session(engine) as session:
                return account_for_session(session=session, cookie=cookie)

        state["account"] = await anyio.to_thread.run_sync(lookup)


def is_api(path: str) -> bool:
    """Whether a path is the JSON API's (no page, no cookie-dependent header)."""
    return path == "/api" or path.startswith("/api/") or path == "/openapi.json"


def private_headers(
    headers: list[tuple[bytes, bytes]], page: bool, signed_in: bool
) -> list[tuple[bytes, bytes]]:
    """A page's headers with `Vary: Cookie` (its header shows who is signed in, its item
    pages an audit log), and `Cache-Control: private, no-store` on what a session made or
    a cookie goes with: no proxy or shared cache may hand one user's page to another."""
    names = {name.lower() for name, _ in headers}
    if page:
        vary = [v for k, v in headers if k.lower() == b"vary"]
        values = [part.strip() for v in vary for part in v.split(b",") if part.strip()]
        if b"cookie" not in [v.lower() for v in values]:
            headers = [(k, v) for k, v in headers if k.lower() != b"vary"]
            headers.append((b"vary", b", ".join([*values, b"Cookie"])))
    if signed_in or b"set-cookie" in names:
        headers = [(k, v) for k, v in headers if k.lower() != b"cache-control"]
        headers.append((b"cache-control", b"private, no-store"))
    return headers


def viewer(request: Request) -> Account | None:
    account = getattr(request.state, "account", None)
    return account if isinstance(account, Account) else None


def signed_in(request: Request) -> Account:
    """A dependency for pages: the signed-in account, or a redirect to /signin."""
    account = viewer(request)
    if account is None:
        raise SignInRequired
    return account


def checked_form(request: Request, csrf: Annotated[str, Form(max_length=100)] = "") -> Account:
    """A dependency for POST forms: signed in, and the form's CSRF token is the session's."""
    account = signed_in(request)
    assert account.csrf is not None
    if not csrf or not hmac.compare_digest(csrf.encode(), account.csrf.encode()):
        raise WebError("E502", "the form's CSRF token does not match", status=403)
    return account


SignedIn = Annotated[Account, Depends(signed_in)]
FormAccount = Annotated[Account, Depends(checked_form)]


def local_path(value: str | None, default: str = "/") -> str:
    """`value` if it is a path on this site (so a `next` link cannot send anyone away)."""
    if (
        not value
        or not value.startswith("/")
        or value.startswith("//")
        or "\\" in value
        or any(ord(ch) < 33 for ch in value)
        or len(value) > 500
    ):
        return default
    return value


def _secure(request: Request) -> bool:
    return request.url.scheme == "https"


def render(
    request: Request, name: str, context: dict[str, Any], status_code: int = 200
) -> Response:
    templates: Jinja2Templates = request.app.state.templates
    full = {"data": {}, "json_url": None, "params": dict(request.query_params), **context}
    return templates.TemplateResponse(request, name, full, status_code=status_code)


pages = APIRouter(include_in_schema=False)


@pages.get("/signin")
def page_signin(request: Request, next: str | None = None) -> Response:
    account = viewer(request)
    if account is not None:
        return RedirectResponse(local_path(next, "/review"), status_code=303)
    return _signin_form(request, next)


def _signin_form(
    request: Request, next: str | None, error: CorridorError | None = None, status: int = 200
) -> Response:
    value = secrets.token_urlsafe(32)
    response = render(
        request,
        "signin.html",
        {"csrf": value, "next": local_path(next, ""), "error": error and error.to_dict(web=True)},
        status_code=status,
    )
    response.set_cookie(
        SIGNIN_COOKIE,
        value,
        max_age=3600,
        path="/signin",
        httponly=True,
        samesite="strict",
        secure=_secure(request),
    )
    return response


@pages.post("/signin")
def page_signin_post(
    request: Request,
    token: Annotated[str, Form(max_length=200)] = "",
    csrf: Annotated[str, Form(max_length=100)] = "",
    next: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    expected = request.cookies.get(SIGNIN_COOKIE, "")
    if not csrf or not expected or not hmac.compare_digest(csrf.encode(), expected.encode()):
        raise WebError("E502", "the sign-in form is stale", status=403)
    _limited(request, "signin")
    with transaction(request.app.state.engine) as session:
        account = account_for_token(session=session, token=token.strip())
        cookie = start_session(session=session, account=account) if account else None
    if cookie is None:
        _failed(request, "signin")
        return _signin_form(request, next, CorridorError("E500", "that token is not valid"), 401)
    response = RedirectResponse(local_path(next, "/review"), status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        cookie,
        max_age=SESSION_HOURS * 3600,
        path="/",
        httponly=True,
        samesite="strict",
        secure=_secure(request),
    )
    response.delete_cookie(SIGNIN_COOKIE, path="/signin")
    return response


@pages.post("/signout")
def page_signout(request: Request, account: FormAccount) -> Response:
    cookie = request.cookies.get(SESSION_COOKIE, "")
    with transaction(request.app.state.engine) as session:
        end_session(session=session, cookie=cookie)
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/", secure=_secure(request), httponly=True)
    return response


# ---------------------------------------------------------------- errors and wiring


async def _on_web_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, WebError)
    from corridor.web.app import _error_response

    response = _error_response(request, exc, exc.status)
    response.headers.update(exc.headers)
    return response


async def _on_signin_required(request: Request, exc: Exception) -> Response:
    if request.url.path.startswith("/api"):
        return JSONResponse(CorridorError("E500", "no session").to_dict(web=True), status_code=401)
    back = ""
    if request.method == "GET":
        query = request.url.query
        back = local_path(request.url.path + (f"?{query}" if query else ""), "")
    target = "/signin" + (f"?next={quote(back, safe='/')}" if back else "")
    return RedirectResponse(target, status_code=303)


def install(app: FastAPI) -> None:
    """Sign-in pages, the account middleware and the error handlers, on `app`."""
    app.state.signin_limiter = FailureLimiter()
    app.include_router(pages)
    app.add_exception_handler(WebError, _on_web_error)
    app.add_exception_handler(SignInRequired, _on_signin_required)
    app.add_middleware(AccountMiddleware)
