"""The promise tracker: the promise in a window and what became of it."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corridor.errors import CorridorError
from corridor.model import Modality, ReviewState, Status
from corridor.track.promises import Outcome, Promise, track_item, track_promises
from corridor.track.status import ClaimFact

M = Modality
D = date
START, END = D(2025, 1, 1), D(2025, 12, 31)


def fact(
    claim_id: str,
    modality: Modality,
    day: date | None,
    *,
    review: ReviewState = ReviewState.UNREVIEWED,
    cue: str | None = None,
) -> ClaimFact:
    return ClaimFact(claim_id, modality, day, review, 0.9, cue, False)


ITEMS: dict[str, list[ClaimFact]] = {
    "railway": [
        fact("r1", M.RECOMMENDATION, D(2025, 2, 10)),
        fact("r2", M.PLEDGE, D(2025, 4, 15)),
        fact("r3", M.AGREEMENT, D(2025, 9, 20)),
        fact("r4", M.PROGRESS, D(2026, 1, 12)),
        fact("r5", M.DELIVERY, D(2026, 10, 5)),
    ],
    "park": [
        fact("p1", M.AGREEMENT, D(2024, 6, 3)),
        fact("p2", M.PROBLEM, D(2025, 6, 10), cue="delayed"),
        fact("p3", M.PLEDGE, D(2025, 8, 1)),
        fact("p4", M.PROBLEM, D(2026, 2, 1), cue="stuck"),
    ],
    "plant": [
        fact("c1", M.PLEDGE, D(2025, 1, 20)),
        fact("c2", M.PROBLEM, D(2025, 3, 4), cue="scrapped"),
    ],
    "zone": [
        fact("z1", M.AGREEMENT, D(2023, 5, 2)),
        fact("z2", M.PROBLEM, D(2024, 2, 8), cue="shelved"),
        fact("z3", M.AGREEMENT, D(2025, 7, 14)),
    ],
    "old-road": [fact("o1", M.PLEDGE, D(2023, 3, 1)), fact("o2", M.DELIVERY, D(2025, 3, 1))],
    "quiet": [fact("q1", M.MENTION, D(2025, 5, 1))],
}


def by_item(promises: list[Promise]) -> dict[str, Promise]:
    return {p.item_id: p for p in promises}


def test_promises_outcomes_in_window() -> None:
    result = by_item(
        track_promises(ITEMS, window_start=START, window_end=END, as_of=D(2026, 11, 1))
    )
    assert set(result) == {"railway", "park", "plant", "zone"}
    railway = result["railway"]
    assert (railway.claim, railway.modality, railway.date) == ("r3", M.AGREEMENT, D(2025, 9, 20))
    assert (railway.outcome, railway.meter, railway.evidence) == (
        Outcome.DELIVERED,
        "Promise Kept",
        "r5",
    )
    assert railway.evidence_date == D(2026, 10, 5)
    park = result["park"]
    assert (park.claim, park.outcome, park.status, park.evidence, park.meter) == (
        "p3",
        Outcome.IN_TROUBLE,
        Status.STALLED,
        "p4",
        "Stalled",
    )
    plant = result["plant"]
    assert (plant.claim, plant.outcome, plant.status, plant.evidence, plant.meter) == (
        "c1",
        Outcome.IN_TROUBLE,
        Status.CANCELLED,
        "c2",
        "Promise Broken",
    )
    zone = result["zone"]
    assert (zone.claim, zone.outcome, zone.evidence, zone.meter) == (
        "z3",
        Outcome.NOTHING_YET,
        None,
        "Not Yet Rated",
    )


@pytest.mark.parametrize(
    ("as_of", "outcome", "evidence"),
    [
        (D(2025, 12, 31), Outcome.NOTHING_YET, None),
        (D(2026, 2, 1), Outcome.IN_PROGRESS, "r4"),
        (D(2026, 10, 5), Outcome.DELIVERED, "r5"),
    ],
)
def test_promise_outcome_as_of_dates(as_of: date, outcome: Outcome, evidence: str | None) -> None:
    promise = track_item(
        "railway", ITEMS["railway"], window_start=START, window_end=END, as_of=as_of
    )
    assert promise is not None
    assert (promise.outcome, promise.evidence) == (outcome, evidence)


def test_promise_in_progress_meter_in_the_works() -> None:
    promise = track_item("railway", ITEMS["railway"], window_start=START, window_end=END,
                         as_of=D(2026, 3, 1))  # fmt: skip
    assert promise is not None
    assert (promise.outcome, promise.label, promise.meter) == (
        Outcome.IN_PROGRESS,
        "in progress",
        "In the Works",
    )


def test_promise_overdue_after_months_without_progress() -> None:
    zone = ITEMS["zone"]  # agreement 2025-07-14, nothing after
    early = track_item("zone", zone, window_start=START, window_end=END, as_of=D(2027, 1, 13))
    late = track_item("zone", zone, window_start=START, window_end=END, as_of=D(2027, 1, 14))
    assert early is not None and late is not None
    assert early.outcome is Outcome.NOTHING_YET
    assert (late.outcome, late.label, late.meter) == (Outcome.OVERDUE, "overdue", "Stalled")
    short = track_item(
        "zone", zone, window_start=START, window_end=END, as_of=D(2025, 9, 14), overdue_months=2
    )
    assert short is not None and short.outcome is Outcome.OVERDUE


def test_promise_later_mou_still_nothing_yet() -> None:
    claims = ITEMS["railway"][:3]
    promise = track_item("railway", claims, window_start=START, window_end=D(2025, 5, 1),
                         as_of=D(2025, 12, 1))  # fmt: skip
    assert promise is not None
    assert (promise.claim, promise.outcome, promise.status, promise.evidence) == (
        "r2",
        Outcome.NOTHING_YET,
        Status.AGREED,
        "r3",
    )


def test_promise_strongest_in_window_earliest_on_ties() -> None:
    claims = [
        fact("b", M.PLEDGE, D(2025, 5, 1)),
        fact("a", M.PLEDGE, D(2025, 3, 1)),
        fact("c", M.EXPECTATION, D(2025, 2, 1)),
        fact("d", M.AGREEMENT, D(2026, 1, 1)),  # after the window
    ]
    promise = track_item("x", claims, window_start=START, window_end=END, as_of=D(2026, 6, 1))
    assert promise is not None
    assert (promise.claim, promise.evidence, promise.status) == ("a", "d", Status.AGREED)


def test_promise_same_date_delivery_counts_as_after() -> None:
    day = D(2025, 6, 1)
    claims = [fact("p", M.PLEDGE, day), fact("d", M.DELIVERY, day)]
    promise = track_item("x", claims, window_start=START, window_end=END, as_of=day)
    assert promise is not None
    assert (promise.outcome, promise.evidence) == (Outcome.DELIVERED, "d")


def test_promise_rejected_claim_ignored() -> None:
    claims = [
        fact("p", M.PLEDGE, D(2025, 6, 1)),
        fact("d", M.DELIVERY, D(2025, 8, 1), review=ReviewState.REJECTED),
        fact("q", M.PLEDGE, D(2025, 9, 1), review=ReviewState.REJECTED),
    ]
    promise = track_item("x", claims, window_start=START, window_end=END, as_of=D(2025, 12, 1))
    assert promise is not None
    assert (promise.claim, promise.outcome, promise.evidence) == ("p", Outcome.NOTHING_YET, None)


def test_promise_claims_after_as_of_not_seen() -> None:
    claims = [fact("p", M.PLEDGE, D(2025, 11, 1))]
    assert track_item("x", claims, window_start=START, window_end=END, as_of=D(2025, 10, 1)) is None


def test_promise_undated_claims_never_promise() -> None:
    claims = [fact("p", M.PLEDGE, None)]
    assert track_item("x", claims, window_start=START, window_end=END, as_of=D(2026, 1, 1)) is None


def test_promises_ordered_by_date_then_item() -> None:
    result = track_promises(ITEMS, window_start=START, window_end=END, as_of=D(2026, 11, 1))
    assert [p.item_id for p in result] == ["plant", "zone", "park", "railway"]


def test_promises_window_backwards_rejected() -> None:
    with pytest.raises(CorridorError) as info:
        track_promises(ITEMS, window_start=END, window_end=START, as_of=END)
    assert info.value.code == "E403"


# Properties ---------------------------------------------------------------------------

DATES = st.dates(D(2024, 6, 1), D(2026, 6, 30))


@st.composite
def items_claims(draw: st.DrawFn) -> dict[str, list[ClaimFact]]:
    items: dict[str, list[ClaimFact]] = {}
    for n in range(draw(st.integers(0, 4))):
        size = draw(st.integers(0, 8))
        items[f"item-{n}"] = [
            ClaimFact(
                f"c{n}-{k}",
                draw(st.sampled_from(list(Modality))),
                draw(st.one_of(st.none(), DATES, st.just(D(2025, 6, 1)))),
                draw(st.sampled_from(list(ReviewState))),
                draw(st.sampled_from([0.1, 0.9])),
                draw(st.sampled_from([None, "delayed", "scrapped"])),
                draw(st.booleans()),
            )
            for k in range(size)
        ]
    return items


def track(items: dict[str, list[ClaimFact]], as_of: date) -> list[Promise]:
    return track_promises(items, window_start=START, window_end=END, as_of=as_of)


@settings(max_examples=200, deadline=None)
@given(data=st.data(), items=items_claims(), as_of=DATES)
def test_promise_outcomes_independent_of_input_order(
    data: st.DataObject, items: dict[str, list[ClaimFact]], as_of: date
) -> None:
    keys = data.draw(st.permutations(list(items)))
    shuffled = {key: data.draw(st.permutations(items[key])) for key in keys}
    assert track(shuffled, as_of) == track(items, as_of)


@settings(max_examples=200, deadline=None)
@given(items=items_claims(), as_of=DATES, modality=st.sampled_from(list(Modality)), day=DATES)
def test_promise_outcomes_unchanged_by_rejected_claim(
    items: dict[str, list[ClaimFact]], as_of: date, modality: Modality, day: date
) -> None:
    before = track(items, as_of)
    for key in items:
        extra = ClaimFact("rejected", modality, day, ReviewState.REJECTED, 1.0, "scrapped", False)
        assert track({**items, key: [*items[key], extra]}, as_of) == before


def test_registry_status_decides_the_promise_whenever_dated() -> None:
    # QA: the tracker ruled "Stalled, now pledged" a port whose page said operational, by the
    # registry's sourced status dated after the promise.
    from corridor.track.derive import registry_fact
    from corridor.track.status import Override

    claims = {"port": [fact("g1", M.PLEDGE, D(2025, 1, 21))]}
    later = {"port": registry_fact("operational", "2025-03")}
    earlier = {"port": registry_fact("operational", "2024-11")}
    assert later["port"] is not None and earlier["port"] is not None

    def one(**extra: object) -> Promise:
        (promise,) = track_promises(claims, window_start=START, window_end=END,
                                    as_of=D(2026, 11, 1), **extra)  # type: ignore[arg-type]  # fmt: skip
        return promise

    assert one().outcome is Outcome.OVERDUE
    delivered = one(registry=later)
    assert (delivered.outcome, delivered.status) == (Outcome.DELIVERED, Status.OPERATIONAL)
    assert (delivered.evidence, delivered.evidence_date) == ("registry", D(2025, 3, 1))
    # Read at its date, before the promise too: the item is operational, as its page says
    # (analyst QA: the tracker said "Stalled, now pledged" of an operational item).
    kept = one(registry=earlier)
    assert (kept.outcome, kept.status, kept.evidence) == (
        Outcome.DELIVERED, Status.OPERATIONAL, "registry")  # fmt: skip
    # Not yet, as of a day before the registry's date.
    (early,) = track_promises(claims, window_start=START, window_end=END, as_of=D(2025, 2, 1),
                              registry=later)  # fmt: skip
    assert early.outcome is Outcome.NOTHING_YET

    # An analyst's override wins over claims and registry alike, once made.
    ruling = {"port": Override(Status.STALLED, "berths idle", "ana", D(2025, 6, 1))}
    stalled = one(registry=later, overrides=ruling)
    assert (stalled.outcome, stalled.status, stalled.meter) == (
        Outcome.IN_TROUBLE, Status.STALLED, "Stalled")  # fmt: skip
    assert (stalled.evidence, stalled.evidence_date) == ("override", D(2025, 6, 1))
    (before,) = track_promises(claims, window_start=START, window_end=END, as_of=D(2025, 5, 1),
                               registry=later, overrides=ruling)  # fmt: skip
    assert before.outcome is Outcome.DELIVERED


def test_promise_judged_by_where_the_item_stands_as_its_page_derives_it() -> None:
    # Analyst QA (Kakar's visit): a delivery claim a day before the same article's pledge;
    # the tracker read only claims after the pledge and said "Stalled, now pledged
    # (overdue)" while the item's page said operational.
    from corridor.track.status import derive_status

    claims = [fact("arrived", M.DELIVERY, D(2025, 10, 16)), fact("vow", M.PLEDGE, D(2025, 10, 17))]
    as_of = D(2027, 11, 30)
    promise = track_item("visit", claims, window_start=START, window_end=END, as_of=as_of)
    assert promise is not None
    page = derive_status(claims, as_of=as_of)
    assert promise.status is page.status is Status.OPERATIONAL
    assert (promise.claim, promise.outcome, promise.meter) == ("vow", Outcome.DELIVERED,
                                                               "Promise Kept")  # fmt: skip
    assert (promise.evidence, promise.evidence_date) == ("arrived", D(2025, 10, 16))


@settings(max_examples=200, deadline=None)
@given(items=items_claims(), as_of=DATES)
def test_promise_status_is_the_items_status_as_of(
    items: dict[str, list[ClaimFact]], as_of: date
) -> None:
    # "now <status>" on the promises page is the status the item's page derives, as of
    # the same day (analyst QA).
    from corridor.track.status import derive_status

    for promise in track(items, as_of):
        assert promise.status is derive_status(items[promise.item_id], as_of=as_of).status
