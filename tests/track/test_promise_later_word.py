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
    assert row["evidence_date"] == "2025-03"  # the registry's month, not a day it never gave

    with transaction(engine) as session:
        override_status(session=session, item_id="port", status="stalled",
                        reason="berths idle since spring", actor="ana")  # fmt: skip
        page_status = session.get(ItemRow, "port").status
    assert page_status == "stalled"
    row = _row(engine)
    assert (row["outcome"], row["status"]) == ("in_trouble", "stalled")
    assert row["evidence_sentence"] == "Status set to stalled by ana: berths idle since spring"


def _item_with_claims(engine: Engine, item: ItemRow, claims: list[tuple[str, date]]) -> str:
    with transaction(engine) as session:
        session.add(item)
        session.add(SourceRow(id="t" * 64, title="Article", text="x"))
        session.flush()
        for n, (modality, day) in enumerate(claims):
            session.add(ClaimRow(id=f"k{n}", source_id="t" * 64, item_id=item.id, start=n,
                                 end=n + 1, sentence=f"{modality} {n}.", modality=modality,
                                 claim_date=day, stage="t", version="t"))  # fmt: skip
        session.flush()
        refresh_statuses(session=session)
        status: str = session.get(ItemRow, item.id).status
    return status


def test_registry_evidence_in_words_at_its_own_precision(engine: Engine) -> None:
    # Analyst QA: "The registry: under_construction as of 2024-03", dated 2024-03-01.
    _item_with_claims(
        engine,
        ItemRow(
            id="zone",
            name="Zone",
            kind="project",
            pillar="industry",
            registry_status="under_construction",
            registry_as_of="2024-03",
        ),
        [("pledge", PROMISED)],
    )
    row = _row(engine)
    assert row["evidence_sentence"] == "The registry: under construction as of 2024-03"
    assert row["evidence_date"] == "2024-03"
    assert row["status"] == "under_construction"  # the field keeps the value; prose gets words


def test_promise_now_agrees_with_the_items_page(engine: Engine) -> None:
    # Analyst QA (Kakar's visit): a delivery a day before the same article's pledge was not
    # read; the tracker said "Stalled, now pledged (overdue)", the page operational. Here
    # through the stored walks, as the report reads them.
    page_status = _item_with_claims(
        engine,
        ItemRow(id="visit", name="Visit", kind="event", pillar="other", registry_status="agreed"),
        [("delivery", date(2025, 1, 20)), ("pledge", PROMISED)],
    )
    assert page_status == "operational"
    row = _row(engine)
    assert (row["status"], row["outcome"], row["meter"]) == (
        "operational", "delivered", "Promise Kept")  # fmt: skip
    assert (row["evidence_claim"], row["evidence_date"]) == ("k0", "2025-01-20")
