"""The OpenAPI document matches what the server does: schemathesis, in process."""

from __future__ import annotations

from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from sqlalchemy import Engine
from web_fixtures import load

from corridor.store import make_engine, transaction, upgrade
from corridor.store.accounts import add_user
from corridor.web.app import create_app


def _app(tmp_path: Path) -> tuple[object, dict[str, str]]:
    engine: Engine = make_engine(f"sqlite:///{tmp_path / 'schema.db'}")
    upgrade(engine)
    load(engine)
    with transaction(engine) as session:  # writes run authorised (401s: test_writes.py)
        token = add_user(session=session, name="schemathesis", role="admin")
    return create_app(engine=engine), {"Authorization": f"Bearer {token}"}


@pytest.mark.slow
def test_api_conforms_to_its_openapi_document(tmp_path: Path) -> None:
    app, auth = _app(tmp_path)
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    failures: list[str] = []
    calls: list[str] = []
    for result in schema.get_all_operations():
        operation = result.ok()

        @settings(
            max_examples=60,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            database=None,
        )
        @given(case=operation.as_strategy())
        def check(case: schemathesis.Case) -> None:
            response = case.call(headers=auth if case.method.upper() == "POST" else None)
            calls.append(case.path)
            assert response.status_code < 500, f"{case.path} {case.query}: {response.text[:200]}"
            case.validate_response(
                response,
                checks=[
                    status_code_conformance,
                    content_type_conformance,
                    response_schema_conformance,
                ],
            )

        try:
            check()
        except Exception as exc:  # collect every operation's failure, then report
            failures.append(f"{operation.label}: {str(exc)[:800]}")
    assert not failures, "\n\n".join(failures)
    assert len(set(calls)) == 11 + 4 and len(calls) > 200, f"{len(calls)} calls"
