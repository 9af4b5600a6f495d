"""`corridor items split` refuses a blank name for the new item (QA: an empty heading)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from corridor.errors import CorridorError
from corridor.model import Document
from corridor.store import make_engine, transaction, upgrade
from corridor.store.sources import store_extraction
from corridor.store.tables import AuditRow, ClaimRow, ItemRow
from corridor.track.review import split_item

SENTENCE = "China will finance the Sukkur solar park."


def _ingest(engine: Engine) -> tuple[str, str]:
    """One source with one pledge on a candidate item; returns (item id, claim id)."""
    text = f"Report. {SENTENCE}"
    start = text.index(SENTENCE)
    mention = text.index("Sukkur", start)
    extraction = {
        "items": [
            {
                "item_id": None,
                "name": "the Sukkur solar park",
                "kind": "project",
                "pillar": "energy",
                "mentions": [{"text": "Sukkur", "start": mention, "end": mention + 6}],
                "evidence": [
                    {"sentence": SENTENCE, "start": start, "end": len(text), "modality": "pledge"}
                ],
            }
        ]
    }
    document = Document(text=text, title=SENTENCE, published=date(2025, 4, 10))
    with transaction(engine) as session:
        store_extraction(session=session, document=document, extraction=extraction, version="1")
        claim = session.scalars(select(ClaimRow)).one()
        return claim.item_id, claim.id


def _counts(engine: Engine) -> tuple[int, int, str]:
    with transaction(engine) as session:
        items = session.scalar(select(func.count()).select_from(ItemRow)) or 0
        audits = session.scalar(select(func.count()).select_from(AuditRow)) or 0
        state = session.scalars(select(ClaimRow.review_state)).one()
    return items, audits, state


@pytest.mark.parametrize("name", ["", "   ", "\t", " \n "])
def test_split_refuses_a_blank_name_and_changes_nothing(engine: Engine, name: str) -> None:
    item_id, claim_id = _ingest(engine)
    before = _counts(engine)
    with pytest.raises(CorridorError) as info, transaction(engine) as session:
        split_item(session=session, item_id=item_id, claim_ids=[claim_id], name=name, actor="ana")
    assert info.value.code == "E403" and "name" in info.value.message
    assert _counts(engine) == before  # no item, no audit entry, the claim unreviewed
    with transaction(engine) as session:
        assert session.scalars(select(ClaimRow.item_id)).one() == item_id


def test_split_of_no_claims_is_refused_and_changes_nothing(engine: Engine) -> None:
    item_id, _ = _ingest(engine)
    before = _counts(engine)
    with pytest.raises(CorridorError) as info, transaction(engine) as session:
        split_item(session=session, item_id=item_id, claim_ids=[], name="Sukkur", actor="ana")
    assert info.value.code == "E403" and "--claims" in info.value.message
    assert _counts(engine) == before


def test_split_still_takes_a_real_name(engine: Engine) -> None:
    item_id, claim_id = _ingest(engine)
    with transaction(engine) as session:
        new_id = split_item(
            session=session,
            item_id=item_id,
            claim_ids=[claim_id],
            name="Sukkur solar park (phase 1)",
            actor="ana",
        )
    with transaction(engine) as session:
        row = session.get(ItemRow, new_id)
        assert row is not None and row.name == "Sukkur solar park (phase 1)"


def test_items_split_cli_refuses_a_blank_name_in_one_line(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'corridor.db'}"
    engine = make_engine(url)
    upgrade(engine)
    item_id, claim_id = _ingest(engine)
    engine.dispose()
    corridor = shutil.which("corridor") or str(Path(sys.executable).parent / "corridor")
    result = subprocess.run(
        [corridor, "items", "split", item_id, "--claims", claim_id, "--name", "   "],
        capture_output=True,
        text=True,
        env={**os.environ, "CORRIDOR_DATABASE_URL": url, "COLUMNS": "200"},
        timeout=120,
    )
    assert result.returncode == 1 and result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error E403: invalid request:"), lines
    assert "hint:" in lines[0] and "Traceback" not in result.stderr
