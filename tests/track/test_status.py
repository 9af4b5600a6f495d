"""Status derivation: the rule table, precedence, overdue, overrides, order independence."""

from __future__ import annotations

import re
import tomllib
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corridor.errors import CorridorError
from corridor.model import Modality, ReviewState, Status, choices
from corridor.track.status import (
    OVERRIDE,
    ClaimFact,
    Derived,
    Override,
    Transition,
    add_months,
    derive_status,
    load_rules,
    rules_path,
)

ROOT = Path(__file__).parent.parent.parent
DOCS = ROOT / "docs" / "status.md"

M = Modality
D = date


def fact(
    claim_id: str,
    modality: Modality,
    day: date | None,
    *,
    review: ReviewState = ReviewState.UNREVIEWED,
    confidence: float = 0.9,
    cue: str | None = None,
    negated: bool = False,
) -> ClaimFact:
    return ClaimFact(claim_id, modality, day, review, confidence, cue, negated)


# A scripted history: one item from op-ed to inauguration, one that stalls, one cancelled,
# one revived after cancellation.
RAILWAY = [
    fact("r1-oped", M.RECOMMENDATION, D(2025, 2, 10), cue="must"),
    fact("r2-statement", M.PLEDGE, D(2025, 4, 15), cue="will finance"),
    fact("r3-mou", M.AGREEMENT, D(2025, 9, 20), cue="MoU was signed"),
    fact("r4-works", M.PROGRESS, D(2026, 1, 12), cue="under construction"),
    fact("r5-opening", M.DELIVERY, D(2026, 10, 5), cue="inaugurated"),
    fact("r6-mention", M.MENTION, D(2026, 12, 1)),
]
PARK = [
    fact("p1", M.AGREEMENT, D(2024, 6, 3), cue="signed"),
    fact("p2", M.PROGRESS, D(2024, 12, 1), cue="work began"),
    fact("p3", M.PROBLEM, D(2025, 6, 10), cue="delayed"),
    fact("p4", M.PLEDGE, D(2025, 8, 1), cue="will resume"),
    fact("p5", M.PROBLEM, D(2025, 11, 1), cue="stuck"),
    fact("p6", M.PROGRESS, D(2026, 3, 2), cue="resumed work"),
]
PLANT = [
    fact("c1", M.PLEDGE, D(2024, 1, 20), cue="will build"),
    fact("c2", M.PROBLEM, D(2025, 3, 4), cue="was scrapped"),
    fact("c3", M.PROBLEM, D(2025, 5, 1), cue="delayed"),
    fact("c4", M.PLEDGE, D(2025, 7, 1), cue="will consider"),
    fact("c5", M.PROGRESS, D(2025, 9, 1), cue="site cleared", confidence=0.2),
]
ZONE = [
    fact("z1", M.AGREEMENT, D(2023, 5, 2), cue="agreement signed"),
    fact("z2", M.PROBLEM, D(2024, 2, 8), cue="shelved"),
    fact("z3", M.PLEDGE, D(2024, 9, 1), cue="will revive"),
    fact("z4", M.AGREEMENT, D(2025, 7, 14), cue="new agreement signed"),
]


# The scripted history -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("as_of", "status", "basis", "since"),
    [
        (D(2025, 1, 31), Status.UNKNOWN, None, None),
        (D(2025, 2, 10), Status.PROPOSED, "r1-oped", D(2025, 2, 10)),
        (D(2025, 5, 1), Status.PLEDGED, "r2-statement", D(2025, 4, 15)),
        (D(2025, 10, 1), Status.AGREED, "r3-mou", D(2025, 9, 20)),
        (D(2026, 2, 1), Status.UNDER_CONSTRUCTION, "r4-works", D(2026, 1, 12)),
        (D(2026, 10, 5), Status.OPERATIONAL, "r5-opening", D(2026, 10, 5)),
        (None, Status.OPERATIONAL, "r5-opening", D(2026, 10, 5)),
    ],
)
def test_scripted_history_status_as_of_dates(
    as_of: date | None, status: Status, basis: str | None, since: date | None
) -> None:
    derived = derive_status(RAILWAY, as_of=as_of)
    assert (derived.status, derived.basis, derived.since) == (status, basis, since)
    assert derived.as_of == since  # each status here rests on the claim that set it
    assert not derived.overdue


def test_scripted_history_records_every_transition() -> None:
    derived = derive_status(RAILWAY)
    assert derived.history == [
        Transition(D(2025, 2, 10), Status.PROPOSED, "r1-oped"),
        Transition(D(2025, 4, 15), Status.PLEDGED, "r2-statement"),
        Transition(D(2025, 9, 20), Status.AGREED, "r3-mou"),
        Transition(D(2026, 1, 12), Status.UNDER_CONSTRUCTION, "r4-works"),
        Transition(D(2026, 10, 5), Status.OPERATIONAL, "r5-opening"),
    ]


@pytest.mark.parametrize(
    ("as_of", "status", "basis"),
    [
        (D(2025, 1, 1), Status.UNDER_CONSTRUCTION, "p2"),
        (D(2025, 6, 10), Status.STALLED, "p3"),
        (D(2025, 9, 1), Status.STALLED, "p3"),  # a pledge does not lift a stall
        (D(2026, 1, 1), Status.STALLED, "p5"),  # a newer problem confirms it
        (D(2026, 3, 2), Status.UNDER_CONSTRUCTION, "p6"),  # newer progress lifts it
    ],
)
def test_stalled_item_waits_for_progress(as_of: date, status: Status, basis: str) -> None:
    derived = derive_status(PARK, as_of=as_of)
    assert (derived.status, derived.basis) == (status, basis)


def test_stalled_item_since_is_first_problem_and_as_of_latest() -> None:
    derived = derive_status(PARK, as_of=D(2026, 1, 1))
    assert derived.since == D(2025, 6, 10)
    assert derived.as_of == D(2025, 11, 1)


@pytest.mark.parametrize(
    ("as_of", "status", "basis"),
    [
        (D(2025, 3, 3), Status.PLEDGED, "c1"),
        (D(2025, 3, 4), Status.CANCELLED, "c2"),
        (None, Status.CANCELLED, "c2"),  # problem, pledge after it: still cancelled
    ],
)
def test_cancelled_item_stays_cancelled(as_of: date | None, status: Status, basis: str) -> None:
    derived = derive_status(PLANT, as_of=as_of)
    assert (derived.status, derived.basis) == (status, basis)


def test_cancelled_item_revived_by_newer_agreement() -> None:
    derived = derive_status(ZONE)
    assert (derived.status, derived.basis, derived.since) == (
        Status.AGREED,
        "z4",
        D(2025, 7, 14),
    )
    assert [t.status for t in derived.history] == [
        Status.AGREED,
        Status.CANCELLED,
        Status.AGREED,
    ]
    assert derive_status(ZONE, as_of=D(2025, 1, 1)).status is Status.CANCELLED


def test_cancelled_item_revived_by_delivery() -> None:
    claims = [*PLANT, fact("c9", M.DELIVERY, D(2026, 1, 1), cue="commissioned")]
    assert derive_status(claims).status is Status.OPERATIONAL


def test_cancel_cue_negated_only_stalls() -> None:
    claims = [
        fact("a", M.AGREEMENT, D(2024, 1, 1)),
        fact("b", M.PROBLEM, D(2024, 6, 1), cue="scrapped", negated=True),
    ]
    assert derive_status(claims).status is Status.STALLED


@pytest.mark.parametrize("cue", ["Scrapped", "was formally called  off", "CANCELLATION of"])
def test_cancel_cue_matches_whole_words_any_case(cue: str) -> None:
    claims = [fact("a", M.PLEDGE, D(2024, 1, 1)), fact("b", M.PROBLEM, D(2024, 6, 1), cue=cue)]
    assert derive_status(claims).status is Status.CANCELLED


def test_cancel_cue_inside_word_not_matched() -> None:
    claims = [
        fact("a", M.PLEDGE, D(2024, 1, 1)),
        fact("b", M.PROBLEM, D(2024, 6, 1), cue="undropped"),
    ]
    assert derive_status(claims).status is Status.STALLED


def test_problem_stalls_operational_item() -> None:
    claims = [*RAILWAY, fact("r7", M.PROBLEM, D(2027, 1, 1), cue="halted")]
    derived = derive_status(claims)
    assert (derived.status, derived.basis) == (Status.STALLED, "r7")


# Precedence ---------------------------------------------------------------------------


def test_old_pledge_never_undoes_later_delivery() -> None:
    claims = [
        fact("late-delivery", M.DELIVERY, D(2026, 5, 1)),
        fact("old-pledge", M.PLEDGE, D(2024, 5, 1)),
    ]
    derived = derive_status(claims)
    assert (derived.status, derived.basis) == (Status.OPERATIONAL, "late-delivery")


@pytest.mark.parametrize("modality", [M.RECOMMENDATION, M.PLEDGE, M.AGREEMENT, M.PROGRESS])
def test_later_weaker_claim_never_downgrades(modality: Modality) -> None:
    claims = [*RAILWAY, fact("later", modality, D(2027, 3, 1))]
    derived = derive_status(claims)
    assert (derived.status, derived.basis) == (Status.OPERATIONAL, "r5-opening")


def test_later_same_status_claim_becomes_basis() -> None:
    claims = [*RAILWAY, fact("r8", M.DELIVERY, D(2027, 3, 1))]
    derived = derive_status(claims)
    assert (derived.basis, derived.as_of, derived.since) == ("r8", D(2027, 3, 1), D(2026, 10, 5))
    assert len(derived.history) == 5


@pytest.mark.parametrize("order", [1, -1])
def test_same_date_stronger_evidence_outranks_weaker(order: int) -> None:
    day = D(2025, 5, 5)
    claims = [
        fact("zz-pledge", M.PLEDGE, day),
        fact("aa-delivery", M.DELIVERY, day),
        fact("mm-progress", M.PROGRESS, day),
    ][::order]
    derived = derive_status(claims)
    assert (derived.status, derived.basis) == (Status.OPERATIONAL, "aa-delivery")


def test_same_date_problem_outranks_delivery() -> None:
    day = D(2025, 5, 5)
    claims = [fact("a", M.DELIVERY, day), fact("b", M.PROBLEM, day, cue="delayed")]
    assert derive_status(claims).status is Status.STALLED


def test_same_date_cancel_outranks_problem() -> None:
    day = D(2025, 5, 5)
    claims = [
        fact("a", M.PLEDGE, D(2025, 1, 1)),
        fact("b", M.PROBLEM, day, cue="scrapped"),
        fact("c", M.PROBLEM, day, cue="delayed"),
    ]
    derived = derive_status(claims)
    assert (derived.status, derived.basis) == (Status.CANCELLED, "b")


def test_undated_claim_counts_as_oldest() -> None:
    claims = [fact("u", M.DELIVERY, None), fact("d", M.PROBLEM, D(2025, 1, 1), cue="delayed")]
    derived = derive_status(claims)
    assert derived.status is Status.STALLED
    alone = derive_status([fact("u", M.PLEDGE, None)], as_of=D(2030, 1, 1))
    assert (alone.status, alone.basis, alone.as_of, alone.since) == (
        Status.PLEDGED,
        "u",
        None,
        None,
    )
    assert not alone.overdue  # no date, no clock


def test_undated_claims_never_override_dated_ones() -> None:
    # QA: an undated problem held an item stalled through a later pledge and MoU, and an
    # undated opening outranked a dated pledge (docs/status.md: never override a dated claim).
    claims = [
        fact("u", M.PROBLEM, None, cue="stalled"),
        fact("p", M.PLEDGE, D(2024, 5, 1)),
        fact("a", M.AGREEMENT, D(2025, 1, 1)),
    ]
    derived = derive_status(claims)
    assert (derived.status, derived.basis, derived.as_of) == (Status.AGREED, "a", D(2025, 1, 1))
    opening = derive_status([fact("u", M.DELIVERY, None), fact("p", M.PLEDGE, D(2024, 5, 1))])
    assert (opening.status, opening.basis) == (Status.PLEDGED, "p")
    # As of a day before every dated claim, the undated ones speak again.
    early = derive_status(claims, as_of=D(2020, 1, 1))
    assert (early.status, early.basis, early.as_of) == (Status.STALLED, "u", None)


def test_the_overdue_clock_is_kept_with_the_status() -> None:
    # Stored, these let every read ask "overdue today?" (migration 0010).
    claims = [fact("p", M.PLEDGE, D(2024, 1, 31)), fact("a", M.AGREEMENT, D(2024, 6, 1))]
    derived = derive_status(claims, as_of=D(2025, 1, 1))
    assert (derived.waiting_since, derived.overdue_from) == (D(2024, 1, 31), D(2025, 7, 31))
    assert not derived.overdue
    later = derive_status([*claims, fact("w", M.PROGRESS, D(2025, 2, 1))])
    assert (later.waiting_since, later.overdue_from) == (None, None)


def test_mentions_alone_leave_status_unknown() -> None:
    derived = derive_status([fact("m", M.MENTION, D(2025, 1, 1))])
    assert derived == Derived(Status.UNKNOWN, None, None, False, None, [])


def test_no_claims_status_unknown() -> None:
    assert derive_status([]).status is Status.UNKNOWN


# Credibility --------------------------------------------------------------------------


def test_rejected_claim_ignored() -> None:
    claims = [
        *RAILWAY[:4],
        fact("r5-opening", M.DELIVERY, D(2026, 10, 5), review=ReviewState.REJECTED),
    ]
    derived = derive_status(claims)
    assert (derived.status, derived.basis) == (Status.UNDER_CONSTRUCTION, "r4-works")


def test_rejected_claim_ignored_even_if_confident() -> None:
    claims = [fact("x", M.DELIVERY, D(2025, 1, 1), review=ReviewState.REJECTED, confidence=1.0)]
    assert derive_status(claims).status is Status.UNKNOWN


def test_low_confidence_claim_ignored_unless_reviewed() -> None:
    low = fact("x", M.DELIVERY, D(2025, 1, 1), confidence=0.1)
    assert derive_status([low]).status is Status.UNKNOWN
    for state in (ReviewState.ACCEPTED, ReviewState.CORRECTED):
        vouched = fact("x", M.DELIVERY, D(2025, 1, 1), confidence=0.1, review=state)
        assert derive_status([vouched]).status is Status.OPERATIONAL


def test_confidence_threshold_inclusive() -> None:
    threshold = load_rules().min_confidence
    claim = fact("x", M.PLEDGE, D(2025, 1, 1), confidence=threshold)
    assert derive_status([claim]).status is Status.PLEDGED


# Overdue ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("as_of", "overdue"),
    [(D(2026, 10, 14), False), (D(2026, 10, 15), True), (D(2030, 1, 1), True)],
)
def test_overdue_pledge_after_months_without_progress(as_of: date, overdue: bool) -> None:
    claims = [fact("p", M.PLEDGE, D(2025, 4, 15))]
    assert derive_status(claims, as_of=as_of).overdue is overdue


def test_overdue_clock_starts_at_pledge_not_agreement() -> None:
    claims = RAILWAY[:3]  # pledge 2025-04-15, MoU 2025-09-20, no progress
    derived = derive_status(claims, as_of=D(2026, 10, 15))
    assert (derived.status, derived.overdue) == (Status.AGREED, True)


def test_overdue_cleared_by_progress() -> None:
    derived = derive_status(RAILWAY[:4], as_of=D(2030, 1, 1))
    assert (derived.status, derived.overdue) == (Status.UNDER_CONSTRUCTION, False)


def test_overdue_months_is_a_parameter() -> None:
    claims = [fact("p", M.AGREEMENT, D(2025, 1, 31))]
    assert not derive_status(claims, as_of=D(2025, 2, 27), overdue_months=1).overdue
    assert derive_status(claims, as_of=D(2025, 2, 28), overdue_months=1).overdue
    assert not derive_status(claims, as_of=D(2025, 2, 28), overdue_months=2).overdue


def test_overdue_clock_restarts_on_revival() -> None:
    derived = derive_status(ZONE, as_of=D(2026, 12, 1))
    assert (derived.status, derived.overdue) == (Status.AGREED, False)
    assert derive_status(ZONE, as_of=D(2027, 1, 14)).overdue


def test_overdue_never_for_other_statuses() -> None:
    claims = [fact("p", M.RECOMMENDATION, D(2020, 1, 1))]
    assert not derive_status(claims, as_of=D(2030, 1, 1)).overdue


def test_overdue_months_negative_rejected() -> None:
    with pytest.raises(CorridorError) as info:
        derive_status([], overdue_months=-1)
    assert info.value.code == "E403"


def test_add_months_clamps_to_month_end() -> None:
    assert add_months(D(2025, 1, 31), 1) == D(2025, 2, 28)
    assert add_months(D(2024, 8, 31), 18) == D(2026, 2, 28)
    assert add_months(D(2025, 11, 15), 2) == D(2026, 1, 15)


# Overrides ----------------------------------------------------------------------------


def test_override_wins_over_derivation() -> None:
    override = Override(Status.STALLED, "works halted per ministry letter", "ana", D(2027, 1, 5))
    derived = derive_status(RAILWAY, override=override)
    assert (derived.status, derived.basis, derived.as_of, derived.since) == (
        Status.STALLED,
        OVERRIDE,
        D(2027, 1, 5),
        D(2027, 1, 5),
    )
    assert derived.override is override
    assert derived.derived is not None
    assert derived.derived.status is Status.OPERATIONAL
    assert derived.history[-1] == Transition(D(2027, 1, 5), Status.STALLED, OVERRIDE)


def test_override_wins_over_newer_claims() -> None:
    override = Override(Status.CANCELLED, "withdrawn", "ana", D(2025, 1, 1))
    assert derive_status(RAILWAY, override=override).status is Status.CANCELLED


def test_override_after_as_of_ignored() -> None:
    override = Override(Status.CANCELLED, "withdrawn", "ana", D(2026, 1, 1))
    derived = derive_status(RAILWAY, as_of=D(2025, 10, 1), override=override)
    assert (derived.status, derived.basis, derived.override) == (Status.AGREED, "r3-mou", None)


def test_override_accepts_datetime() -> None:
    override = Override(Status.AGREED, "checked", "ana", datetime(2025, 12, 1, 9, 30))
    derived = derive_status(RAILWAY, as_of=D(2025, 12, 1), override=override)
    assert (derived.basis, derived.as_of) == (OVERRIDE, D(2025, 12, 1))


def test_override_confirming_status_keeps_clock() -> None:
    claims = [fact("p", M.PLEDGE, D(2025, 4, 15))]
    override = Override(Status.PLEDGED, "confirmed", "ana", D(2026, 9, 1))
    derived = derive_status(claims, as_of=D(2026, 10, 15), override=override)
    assert (derived.since, derived.overdue) == (D(2025, 4, 15), True)


def test_override_pledged_becomes_overdue_from_its_date() -> None:
    override = Override(Status.PLEDGED, "announced", "ana", D(2025, 1, 1))
    assert not derive_status([], as_of=D(2026, 6, 30), override=override).overdue
    assert derive_status([], as_of=D(2026, 7, 1), override=override).overdue


# Rule data ----------------------------------------------------------------------------


def test_rules_load_once() -> None:
    assert load_rules() is load_rules()
    assert load_rules() is load_rules(rules_path())


def _write_rules(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "status_rules.toml"
    path.write_text(text, "utf-8")
    return path


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('mention = "unchanged"\n', "", "missing modality mention"),
        ('pledge = "pledged"', 'pledge = "promised"', "pledge = 'promised'"),
        ('pledge = "pledged"', 'pledge = "cancelled"', "pledge = 'cancelled'"),
        ('pledge = "pledged"', 'pledge = "pledged"\nrumour = "proposed"', "unknown modality"),
        ("min_confidence = 0.5", "min_confidence = 2", "min_confidence"),
        ('never = ["rejected"]', 'never = ["accepted"]', "both never and always"),
        ('stalled = ["under_construction"', 'stalled = ["bogus"', "unknown status 'bogus'"),
        ('order = ["proposed", ', "order = [", "neither on [ladder] nor in [exits]"),
        ("[overdue]", "[overdue_]", "missing table [overdue]"),
        ("[status_by_modality]", "[status_by_modality", "status_rules.toml"),
    ],
)
def test_load_rules_bad_file_raises_e401(tmp_path: Path, old: str, new: str, message: str) -> None:
    text = rules_path().read_text("utf-8")
    assert old in text
    path = _write_rules(tmp_path, text.replace(old, new, 1))
    with pytest.raises(CorridorError) as info:
        load_rules(path)
    assert info.value.code == "E401"
    assert message in info.value.detail


def test_load_rules_missing_file_raises_e401(tmp_path: Path) -> None:
    with pytest.raises(CorridorError) as info:
        load_rules(tmp_path / "nope.toml")
    assert info.value.code == "E401"


def test_rules_custom_file_changes_derivation(tmp_path: Path) -> None:
    text = (
        rules_path()
        .read_text("utf-8")
        .replace('expectation = "proposed"', 'expectation = "unchanged"')
    )
    rules = load_rules(_write_rules(tmp_path, text))
    claims = [fact("e", M.EXPECTATION, D(2025, 1, 1))]
    assert derive_status(claims, rules=rules).status is Status.UNKNOWN
    assert derive_status(claims).status is Status.PROPOSED


def test_docs_status_rule_table_matches_rules_file() -> None:
    data = tomllib.loads(rules_path().read_text("utf-8"))
    docs = DOCS.read_text("utf-8")
    rows = {
        m.group(1): m.group(2)
        for m in re.finditer(r"^\| `(\w+)` \| `(\w+)` \|", docs, re.MULTILINE)
    }
    assert set(data["status_by_modality"]) == set(choices(Modality))
    for modality, status in data["status_by_modality"].items():
        assert rows.get(modality) == status, f"docs/status.md: row for {modality}"
    for cue in data["cancel"]["cues"]:
        assert f"`{cue}`" in docs, f"docs/status.md: cancel cue {cue}"
    for status in (*data["ladder"]["order"], *data["overdue"]["statuses"]):
        assert f"`{status}`" in docs


# Properties ---------------------------------------------------------------------------

CUES = st.sampled_from([None, "delayed", "scrapped", "was shelved", "inaugurated"])
DATES = st.one_of(st.none(), st.dates(D(2023, 1, 1), D(2026, 12, 31)))


@st.composite
def claim_lists(draw: st.DrawFn, max_size: int = 12) -> list[ClaimFact]:
    size = draw(st.integers(0, max_size))
    ids = draw(st.lists(st.text("abcdef", min_size=1, max_size=4), min_size=size,
                        max_size=size, unique=True))  # fmt: skip
    return [
        ClaimFact(
            claim_id,
            draw(st.sampled_from(list(Modality))),
            # Few dates, so that same-date ties are common.
            draw(st.one_of(DATES, st.sampled_from([D(2025, 1, 1), D(2025, 6, 1)]))),
            draw(st.sampled_from(list(ReviewState))),
            draw(st.sampled_from([0.1, 0.5, 0.9])),
            draw(CUES),
            draw(st.booleans()),
        )
        for claim_id in ids
    ]


AS_OF = st.one_of(st.none(), st.dates(D(2023, 1, 1), D(2027, 12, 31)))


@settings(max_examples=300, deadline=None)
@given(data=st.data(), claims=claim_lists(), as_of=AS_OF)
def test_derived_status_independent_of_input_order(
    data: st.DataObject, claims: list[ClaimFact], as_of: date | None
) -> None:
    shuffled = data.draw(st.permutations(claims))
    reference = as_of or D(2026, 6, 1)
    assert derive_status(shuffled, as_of=reference) == derive_status(claims, as_of=reference)


@settings(max_examples=300, deadline=None)
@given(claims=claim_lists(), extra=claim_lists(max_size=3), as_of=AS_OF)
def test_derived_status_unchanged_by_rejected_claim(
    claims: list[ClaimFact], extra: list[ClaimFact], as_of: date | None
) -> None:
    reference = as_of or D(2026, 6, 1)
    rejected = [
        ClaimFact("rejected-" + c.id, c.modality, c.date, ReviewState.REJECTED, 1.0, c.cue, False)
        for c in extra
    ]
    before = derive_status(claims, as_of=reference)
    assert derive_status([*claims, *rejected], as_of=reference) == before


@settings(max_examples=200, deadline=None)
@given(claims=claim_lists())
def test_derived_status_rests_on_a_counted_claim(claims: list[ClaimFact]) -> None:
    derived = derive_status(claims, as_of=D(2027, 1, 1))
    if derived.basis is None:
        assert derived.status is Status.UNKNOWN
        return
    basis = next(c for c in claims if c.id == derived.basis)
    assert basis.review_state is not ReviewState.REJECTED
    assert derived.as_of == basis.date
    assert derived.history[-1].status is derived.status
