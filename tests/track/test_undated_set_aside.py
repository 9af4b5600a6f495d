"""Undated claims the status does not count are said, not dropped silently (analyst QA:
ML-1 read "agreed" by the registry while 8 undated problem claims, "deferred", "dropped",
"behind schedule", were set aside unsaid)."""

from __future__ import annotations

from datetime import date

from corridor.model import Modality, ReviewState
from corridor.track.derive import registry_fact
from corridor.track.status import ClaimFact, set_aside

M = Modality


def fact(claim_id: str, modality: Modality, day: date | None, cue: str | None = None,
         review: ReviewState = ReviewState.UNREVIEWED) -> ClaimFact:  # fmt: skip
    return ClaimFact(claim_id, modality, day, review, 0.9, cue, False)


def test_undated_problems_beside_a_dated_registry_status_are_counted_as_set_aside() -> None:
    registry = registry_fact("agreed", "2025-09")
    assert registry is not None
    claims = [
        registry,
        fact("p0", M.PLEDGE, date(2022, 11, 1)),
        *(fact(f"u{n}", M.PROBLEM, None, cue="deferred") for n in range(7)),
        fact("u7", M.PROBLEM, None, cue="has been dropped"),
        fact("m", M.MENTION, None),  # moves nothing: never counted, never set aside
        fact("r", M.PROBLEM, None, review=ReviewState.REJECTED),  # never counts anyway
    ]
    aside = set_aside(claims)
    assert (aside.count, aside.by_modality, aside.cancelling) == (8, {"problem": 8}, 1)
    assert aside.text() == "8 undated problem claims not counted (1 cancelling)"


def test_several_modalities_strongest_first() -> None:
    claims = [
        fact("d", M.AGREEMENT, date(2020, 1, 1)),
        fact("a", M.PLEDGE, None),
        fact("b", M.PROBLEM, None, cue="stalled"),
        fact("c", M.PLEDGE, None),
    ]
    assert set_aside(claims).text() == "3 undated claims not counted: 1 problem, 2 pledge"
    one = [fact("d", M.AGREEMENT, date(2020, 1, 1)), fact("x", M.DELIVERY, None)]
    assert set_aside(one).text() == "1 undated delivery claim not counted"


def test_nothing_set_aside_when_no_dated_claim_counts() -> None:
    # Then the undated claims decide the status: none is set aside.
    assert set_aside([fact("a", M.PROBLEM, None, cue="stalled")]).count == 0
    low = ClaimFact("l", M.AGREEMENT, date(2020, 1, 1), ReviewState.UNREVIEWED, 0.1)
    assert set_aside([low, fact("a", M.PROBLEM, None)]).text() == ""
