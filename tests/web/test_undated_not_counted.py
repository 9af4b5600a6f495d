"""The item's status explanation says which undated claims it does not count, on the page
(the "Why" box), in the API's item detail and in `corridor items show`, on SQLite and
PostgreSQL (analyst QA: ML-1 read "agreed" while 8 undated problem claims were set aside
unsaid)."""

from __future__ import annotations

import json
from datetime import date

from fastapi.testclient import TestClient
from sqlalchemy import Engine
from typer.testing import CliRunner

from corridor.cli import app
from corridor.store import transaction
from corridor.store.tables import ClaimRow, ItemRow, SourceRow
from corridor.track.derive import refresh_statuses

TEXT = "8 undated problem claims not counted (1 cancelling)"


def _railway(engine: Engine) -> None:
    with transaction(engine) as session:
        session.add(ItemRow(id="rail", name="Rail", kind="project", pillar="connectivity",
                            registry_status="agreed", registry_as_of="2025-09"))  # fmt: skip
        session.add(SourceRow(id="u" * 64, title="Undated", text="x"))
        session.flush()
        cues = ["deferred"] * 7 + ["dropped"]
        for n, cue in enumerate(cues):
            session.add(ClaimRow(id=f"rail{n}", source_id="u" * 64, item_id="rail", start=n,
                                 end=n + 1, sentence=f"The railway was {cue}.",
                                 modality="problem", cue=cue, claim_date=None, stage="t",
                                 version="t"))  # fmt: skip
        session.add(ClaimRow(id="rail-p", source_id="u" * 64, item_id="rail", start=9, end=10,
                             sentence="China will fund it.", modality="pledge",
                             claim_date=date(2022, 11, 1), stage="t", version="t"))  # fmt: skip
        session.flush()
        refresh_statuses(session=session, item_ids=["rail"])


def test_item_says_which_undated_claims_it_does_not_count(
    client: TestClient, engine: Engine, db_url: str
) -> None:
    _railway(engine)
    detail = client.get("/api/items/rail").json()
    assert detail["item"]["status"] == "agreed"  # the rule stands: dated evidence decides
    assert detail["undated_not_counted"] == {
        "count": 8, "by_modality": {"problem": 8}, "cancelling": 1, "text": TEXT}  # fmt: skip
    page = client.get("/items/rail").text
    why = page[page.index('id="why"') : page.index("What the sources say")]
    assert TEXT in why
    # An item that sets nothing aside says nothing of it.
    assert client.get("/api/items/gwadar-port").json()["undated_not_counted"] is None
    assert "not counted" not in client.get("/items/gwadar-port").text

    runner = CliRunner()
    shown = runner.invoke(app, ["items", "show", "rail", "--format", "json",
                                "--database", db_url])  # fmt: skip
    assert shown.exit_code == 0, shown.output
    assert json.loads(shown.output)["undated_not_counted"]["text"] == TEXT
    table = runner.invoke(app, ["items", "show", "rail", "--database", db_url])
    assert TEXT in " ".join(table.output.split())
