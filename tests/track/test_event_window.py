"""An event's promise window: the event item's own dates, never stretched by the events
linked to it (QA: a follow-up meeting in November 2025 about the February 2025 visit widened
the visit's window to 2025-01-05 -> 2025-12-18)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import Engine

from corridor.errors import CorridorError
from corridor.store import transaction
from corridor.store.tables import EventItemRow, EventRow, ItemRow
from corridor.track.meter import event_window, report_window

D = date


def _event_item(engine: Engine, item_id: str, as_of: str | None, days: list[tuple]) -> None:
    with transaction(engine) as session:
        session.add(
            ItemRow(
                id=item_id, name=item_id, kind="event", pillar="other",
                registry_as_of=as_of, status_as_of=as_of,
            )
        )  # fmt: skip
        session.flush()
        for n, (start, end) in enumerate(days):
            event_id = f"{item_id[:20]}-{n}"
            session.add(EventRow(id=event_id, type="visit", date=start, end_date=end))
            session.flush()
            session.add(EventItemRow(event_id=event_id, item_id=item_id))


def _window(engine: Engine, item_id: str) -> tuple[date, date]:
    with transaction(engine) as session:
        start, end, _label, _as_of = report_window(session=session, event_id=item_id)
        return start, end


VISIT_DAYS = [(D(2025, 2, 4), D(2025, 2, 8)), (D(2025, 2, 5), None), (D(2025, 2, 6), None)]
FOLLOW_UP = (D(2025, 11, 18), None)


def test_the_registry_month_makes_the_window_whatever_is_linked(engine: Engine) -> None:
    _event_item(engine, "visit-feb-2025", "2025-02", [*VISIT_DAYS, FOLLOW_UP])
    # February 2025, 30 days either side; the November follow-up changes nothing.
    assert _window(engine, "visit-feb-2025") == (D(2025, 1, 2), D(2025, 3, 30))


def test_a_registry_day_and_a_registry_year(engine: Engine) -> None:
    _event_item(engine, "summit-day", "2025-06-10", [FOLLOW_UP])
    _event_item(engine, "forum-year", "2024", [])
    assert _window(engine, "summit-day") == (D(2025, 5, 11), D(2025, 7, 10))
    assert _window(engine, "forum-year") == (D(2023, 12, 2), D(2025, 1, 30))


def test_without_a_registry_date_the_densest_cluster_of_events(engine: Engine) -> None:
    # An early mention ("postponed from November 2024"), the visit reported three times,
    # and a follow-up: the visit's days make the window.
    early = (D(2024, 11, 20), None)
    _event_item(engine, "visit-undated", None, [early, *VISIT_DAYS, FOLLOW_UP])
    assert _window(engine, "visit-undated") == (D(2025, 1, 5), D(2025, 3, 10))


def test_an_event_with_no_date_at_all(engine: Engine) -> None:
    _event_item(engine, "visit-unknown", None, [])
    with transaction(engine) as session, pytest.raises(CorridorError):
        event_window(session=session, event_id="visit-unknown")


def test_cluster_days() -> None:
    from corridor.track.meter import cluster_days

    assert cluster_days([]) is None
    assert cluster_days([(D(2025, 3, 1), D(2025, 3, 1))]) == (D(2025, 3, 1), D(2025, 3, 1))
    # Two equally dense clusters: the earlier.
    spans = [(D(2025, 1, 1), D(2025, 1, 2)), (D(2025, 1, 3), D(2025, 1, 3))]
    spans += [(D(2025, 6, 1), D(2025, 6, 1)), (D(2025, 6, 2), D(2025, 6, 9))]
    assert cluster_days(spans) == (D(2025, 1, 1), D(2025, 1, 3))
    # A day given as an end before its start never shortens the window.
    assert cluster_days([(D(2025, 1, 5), D(2025, 1, 1))]) == (D(2025, 1, 5), D(2025, 1, 5))
