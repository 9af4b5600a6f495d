"""Accounts: `corridor users`, token hashing, sign-in sessions, CSRF and the sign-in limit."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, inspect, select, text
from typer.testing import CliRunner

from corridor.store import transaction
from corridor.store.accounts import SessionRow, UserRow, add_user
from corridor.web.accounts import FailureLimiter, local_path
from corridor.web.app import create_app
from corridor.web.users_cli import users_app

runner = CliRunner()


def _cli(db_url: str, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(users_app, [*args, "--database", db_url])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def app_client(engine: Engine) -> Iterator[TestClient]:
    with TestClient(create_app(engine=engine), raise_server_exceptions=False) as client:
        yield client


def _token(engine: Engine, name: str = "amina", role: str = "analyst") -> str:
    with transaction(engine) as session:
        return add_user(session=session, name=name, role=role)


def _signin_csrf(client: TestClient, path: str = "/signin") -> str:
    page = client.get(path)
    assert page.status_code == 200
    found = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert found
    return found.group(1)


def _sign_in(client: TestClient, token: str, **extra: str) -> object:
    csrf = _signin_csrf(client)
    return client.post(
        "/signin", data={"token": token, "csrf": csrf, **extra}, follow_redirects=False
    )


# ---------------------------------------------------------------- the CLI and the store


def test_users_add_list_remove_through_the_cli(db_url: str, engine: Engine) -> None:
    code, out, err = _cli(db_url, "add", "amina", "--role", "analyst")
    assert code == 0, err
    token = out.strip()
    assert re.fullmatch(r"[A-Za-z0-9_-]{43}", token)
    assert "shown once" in err
    code, out, _ = _cli(db_url, "add", "boss", "--role", "admin")
    assert code == 0
    code, out, _ = _cli(db_url, "list", "--format", "json")
    assert code == 0
    assert [(u["name"], u["role"]) for u in json.loads(out)] == [
        ("amina", "analyst"),
        ("boss", "admin"),
    ]
    assert token not in out
    code, _, err = _cli(db_url, "add", "amina")
    assert code == 1 and "E506" in err
    code, _, _ = _cli(db_url, "remove", "amina")
    assert code == 0
    code, _, err = _cli(db_url, "remove", "amina")
    assert code == 1 and "E505" in err
    code, out, _ = _cli(db_url, "list")
    assert code == 0 and "boss" in out and "amina" not in out


def test_users_list_prints_names_as_written(db_url: str, engine: Engine) -> None:
    code, _, err = _cli(db_url, "add", "[red]ana[/red]", "--role", "analyst")
    assert code == 0, err
    code, out, err = _cli(db_url, "list")
    assert code == 0 and "[red]ana[/red]" in out, err


def test_only_the_tokens_hash_is_stored(db_url: str, engine: Engine) -> None:
    token = _token(engine)
    with transaction(engine) as session:
        row = session.scalars(select(UserRow)).one()
    assert row.token_hash == hashlib.sha256(token.encode()).hexdigest()
    with engine.connect() as conn:
        for table in ("users", "sessions", "ingest_drafts"):
            for values in conn.execute(text(f"SELECT * FROM {table}")):
                assert token not in " ".join(str(v) for v in values)
    if db_url.startswith("sqlite"):
        engine.dispose()
        path = db_url.removeprefix("sqlite:///")
        for suffix in ("", "-wal"):
            try:
                data = open(path + suffix, "rb").read()  # noqa: SIM115
            except FileNotFoundError:
                continue
            assert token.encode() not in data


def test_migration_adds_tables_and_keeps_fts_triggers(engine: Engine) -> None:
    tables = set(inspect(engine).get_table_names())
    assert {"users", "sessions", "ingest_drafts", "items", "sources"} <= tables
    if engine.dialect.name == "sqlite":
        with engine.connect() as conn:
            triggers = {
                r[0]
                for r in conn.execute(
                    text("SELECT tbl_name FROM sqlite_master WHERE type='trigger'")
                )
            }
        assert {"items", "sources"} <= triggers


def test_bad_user_name_and_role_are_refused(engine: Engine) -> None:
    from corridor.errors import CorridorError

    for name, role in (("", "analyst"), ("x" * 101, "analyst"), ("a\nb", "admin")):
        with pytest.raises(CorridorError, match="E506"), transaction(engine) as session:
            add_user(session=session, name=name, role=role)
    with pytest.raises(CorridorError, match="E403"), transaction(engine) as session:
        add_user(session=session, name="amina", role="root")
    with transaction(engine) as session:
        add_user(session=session, name="Ana", role="analyst")
    # a name that differs only in case would be an account people take for the other one
    with pytest.raises(CorridorError, match="already exists as 'Ana'"), transaction(engine) as s:
        add_user(session=s, name="ana", role="admin")


# ---------------------------------------------------------------- sign-in and sessions


def test_sign_in_sets_a_strict_httponly_session_and_signs_out(
    engine: Engine, app_client: TestClient
) -> None:
    token = _token(engine)
    response = _sign_in(app_client, token)
    assert response.status_code == 303 and response.headers["location"] == "/review"
    cookie = next(
        c for c in response.headers.get_list("set-cookie") if c.startswith("corridor_session=")
    )
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Secure" not in cookie
    value = cookie.split(";")[0].split("=", 1)[1]
    with transaction(engine) as session:
        stored = session.scalars(select(SessionRow)).one()
    assert stored.id == hashlib.sha256(value.encode()).hexdigest()  # only the hash is kept
    page = app_client.get("/review")
    assert page.status_code == 200 and "amina · analyst" in page.text
    csrf = re.search(
        r'action="/signout"><input type="hidden" name="csrf" value="([^"]+)"', page.text
    )
    assert csrf
    # Sign-out is a POST with the session's CSRF token, and ends the session server-side.
    assert app_client.post("/signout", data={"csrf": "wrong"}).status_code == 403
    out = app_client.post("/signout", data={"csrf": csrf.group(1)}, follow_redirects=False)
    assert out.status_code == 303
    with transaction(engine) as session:
        assert session.scalars(select(SessionRow)).all() == []
    app_client.cookies.set("corridor_session", value)  # a stolen copy of the old cookie
    assert app_client.get("/review", follow_redirects=False).status_code == 303


def test_session_cookie_is_secure_over_https(engine: Engine) -> None:
    token = _token(engine)
    with TestClient(create_app(engine=engine), base_url="https://testserver") as client:
        response = _sign_in(client, token)
    cookies = response.headers.get_list("set-cookie")
    assert any(c.startswith("corridor_session=") and "Secure" in c for c in cookies)


def test_pages_for_writers_send_anonymous_readers_to_sign_in(app_client: TestClient) -> None:
    for path in ("/ingest", "/review"):
        response = app_client.get(path, follow_redirects=False)
        assert response.status_code == 303
        assert response.headers["location"] == f"/signin?next={path}"
    assert "Sign in" in app_client.get("/").text


def test_sign_in_goes_back_to_next_but_never_off_site(
    engine: Engine, app_client: TestClient
) -> None:
    token = _token(engine)
    assert _sign_in(app_client, token, next="/ingest").headers["location"] == "/ingest"
    for evil in ("//evil.example/x", "https://evil.example/", "/\\evil.example"):
        assert local_path(evil, "/review") == "/review"


def test_sign_in_form_needs_its_csrf_cookie(engine: Engine, app_client: TestClient) -> None:
    token = _token(engine)
    csrf = _signin_csrf(app_client)
    app_client.cookies.clear()
    response = app_client.post("/signin", data={"token": token, "csrf": csrf})
    assert response.status_code == 403 and "E502" in response.text
    assert "corridor_session" not in response.headers.get("set-cookie", "")


def test_failed_sign_ins_are_limited_per_address(engine: Engine, app_client: TestClient) -> None:
    token = _token(engine)
    for _ in range(5):
        response = _sign_in(app_client, "not-a-token")
        assert response.status_code == 401 and "E500" in response.text
    response = _sign_in(app_client, token)  # even the right token waits now
    assert response.status_code == 429
    assert 1 <= int(response.headers["retry-after"]) <= 60
    assert "E503" in response.text
    api = app_client.post(
        "/api/claims/x/review", json={"action": "accept"}, headers={"Authorization": "Bearer x"}
    )
    assert api.status_code == 401  # bearer failures are counted apart from sign-ins


def test_wrong_bearer_tokens_are_limited_too(engine: Engine, app_client: TestClient) -> None:
    headers = {"Authorization": "Bearer wrong"}
    for _ in range(5):
        response = app_client.post(
            "/api/items/merge", json={"keep": "a", "merge": "b"}, headers=headers
        )
        assert response.status_code == 401
    response = app_client.post(
        "/api/items/merge", json={"keep": "a", "merge": "b"}, headers=headers
    )
    assert response.status_code == 429 and response.json()["code"] == "E503"
    assert "retry-after" in response.headers


def test_failure_limiter_window_slides() -> None:
    now = [1000.0]
    limiter = FailureLimiter(limit=3, window=60, clock=lambda: now[0])
    for _ in range(3):
        assert limiter.retry_after("k") is None
        limiter.fail("k")
        now[0] += 10
    assert limiter.retry_after("k") == 30
    assert limiter.retry_after("other") is None
    now[0] += 31
    assert limiter.retry_after("k") is None


def test_removing_a_user_ends_their_token_and_sessions(
    db_url: str, engine: Engine, app_client: TestClient
) -> None:
    token = _token(engine)
    assert _sign_in(app_client, token).status_code == 303
    assert app_client.get("/review").status_code == 200
    assert _cli(db_url, "remove", "amina")[0] == 0
    assert app_client.get("/review", follow_redirects=False).status_code == 303
    response = app_client.post(
        "/api/claims/x/review",
        json={"action": "accept"},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 401
