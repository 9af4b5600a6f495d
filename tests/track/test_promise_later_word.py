"""The promise tracker over the store reads what an item's page reads: the registry's sourced
status dated after the promise, and an analyst's override (QA: `/promises` ruled Gwadar Port
"Stalled ... now pledged (overdue)" while its page said operational, by the registry, and
an override to operational changed nothing)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Engine

from corridor.store import transaction
from corridor.store.tables import ClaimRow, ItemRow, SourceRow
from corridor.track.derive import refresh_statuses
from corridor.track.meter import promises_report
from corridor.track.review import override_status

PROMISED = date(2025, 1, 21)


def _row(engine: Engine) -> dict:
    with transaction(engine) as session:
        report = promises_report(session=session, since=date(2025, 1, 1),
                                 until=date(2025, 1, 31), as_of=date(2026, 11, 30))  # fmt: skip
    (row,) = report["promises"]
    return row


def test_registry_status_and_override_rule_the_promise(engine: Engine) -> None:
    with transaction(engine) as session:
        session.add(ItemRow(id="port", name="Port", kind="project", pillar="gwadar",
                            registry_status="operational", registry_as_of="2025-03",
                            sources=["https://example.org/port-opened"]))  # fmt: skip
        session.add(SourceRow(id="s" * 64, title="Pledge", text="x"))
        session.flush()
        session.add(ClaimRow(id="c1", source_id="s" * 64, item_id="port", start=0, end=1,
                             sentence="China will expand the Port.", modality="pledge",
                             claim_date=PROMISED, stage="t", version="t"))  # fmt: skip
        session.flush()
        refresh_statuses(session=session)
        page_status = session.get(ItemRow, "port").status
    assert page_status == "operational"
    row = _row(engine)
    assert (row["outcome"], row["meter"], row["status"]) == (
        "delivered", "Promise Kept", "operational")  # fmt: skip
    assert row["evidence_sentence"] == "The registry: operational as of 2025-03"
    assert row["evidence_source"] == "https://example.org/port-opened"
    assert row["evidence_date"] == "2025-03-01"

    with transaction(engine) as session:
        override_status(session=session, item_id="port", status="stalled",
                        reason="berths idle since spring", actor="ana")  # fmt: skip
        page_status = session.get(ItemRow, "port").status
    assert page_status == "stalled"
    row = _row(engine)
    assert (row["outcome"], row["status"]) == ("in_trouble", "stalled")
    assert row["evidence_sentence"] == "Status set to stalled by ana: berths idle since spring"
