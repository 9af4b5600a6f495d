"""Status derivation: an item's claims, read in date order, become its status.

Pure logic, no database: the store turns claim rows into `ClaimFact`s and calls
`derive_status`. The rule table is data (src/corridor/data/status_rules.toml, documented in
docs/status.md), loaded and validated once by `load_rules`.

The walk, in short: credible claims are sorted by (date, evidence rank, id); each moves the
status by the rule table, a positive status only upwards, trouble (stalled, cancelled)
from any positive status, and out of trouble only to the statuses the table allows. The
last claim that set or confirmed the status is its basis.
"""

from __future__ import annotations

import calendar
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from importlib import resources
from operator import itemgetter
from pathlib import Path
from typing import Any, NamedTuple

from corridor.errors import CorridorError
from corridor.model import MODALITY_RANK, Modality, ReviewState, Status, choices

RULES_FILE = "status_rules.toml"
UNCHANGED = "unchanged"
OVERRIDE = "override"

# Undated claims sort before every dated claim: they may set a status nothing dated speaks
# to, and never outrank a dated claim.
UNDATED = date.min
# A cancelling claim outranks every other claim of its date, a plain problem included.
CANCEL_RANK = max(MODALITY_RANK.values()) + 1


@dataclass(frozen=True, slots=True)
class ClaimFact:
    """What derivation needs of one claim. `date` is the claim's date, else its source's."""

    id: str
    modality: Modality
    date: date | None
    review_state: ReviewState = ReviewState.UNREVIEWED
    confidence: float = 1.0
    cue: str | None = None
    negated: bool = False


@dataclass(frozen=True, slots=True)
class Override:
    """An analyst's ruling on an item's status; it wins over derivation from its date on."""

    status: Status
    reason: str
    who: str
    when: date  # a datetime is accepted and read as its date


class Transition(NamedTuple):
    """One change of status: when, to what, and the claim id (or "override") behind it."""

    date: date | None
    status: Status
    claim: str


@dataclass(slots=True)
class Derived:
    """An item's status, the claim it rests on, and how it got there."""

    status: Status
    basis: str | None  # the deciding claim's id, "override", or None without claims
    as_of: date | None  # the date of the deciding claim (or of the override)
    overdue: bool
    since: date | None  # when the current status began
    history: list[Transition] = field(default_factory=list)
    # The overdue clock: since when a pledge or agreement has waited for progress, and the
    # day it is overdue from (None when no clock runs). Stored, these let every read ask
    # "overdue today?" without re-deriving: `overdue` holds only for the reference date.
    waiting_since: date | None = None
    overdue_from: date | None = None
    override: Override | None = None
    derived: Derived | None = None  # with an override: what the claims alone say


@dataclass(frozen=True, slots=True)
class StatusRules:
    """The rule table, validated."""

    by_modality: dict[str, Status | None]
    cancel_modality: Modality
    cancel_cues: tuple[str, ...]
    cancel_pattern: re.Pattern[str]
    min_confidence: float
    never: frozenset[str]
    always: frozenset[str]
    ladder: dict[Status, int]
    exits: dict[Status, frozenset[Status]]
    overdue_statuses: frozenset[Status]

    def credible(self, claim: ClaimFact) -> bool:
        """Whether a claim counts at all (its modality aside)."""
        state = claim.review_state
        if state in self.never:
            return False
        return state in self.always or claim.confidence >= self.min_confidence

    def cancels(self, claim: ClaimFact) -> bool:
        """Whether a claim cancels its item: the cancel modality with a cancel cue, not negated."""
        return (
            claim.modality == self.cancel_modality
            and not claim.negated
            and bool(claim.cue)
            and self.cancel_pattern.search(claim.cue or "") is not None
        )

    def target(self, claim: ClaimFact) -> Status | None:
        """The status a credible claim would set, or None if it never moves the status."""
        if self.cancels(claim):
            return Status.CANCELLED
        return self.by_modality.get(claim.modality)


# Loading -------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def rules_path() -> Path:
    return Path(str(resources.files("corridor") / "data" / RULES_FILE))


def _fail(where: str, detail: str) -> CorridorError:
    return CorridorError("E401", f"{where}: {detail}")


def _table(data: dict[str, Any], key: str, where: str) -> dict[str, Any]:
    value = data.get(key)
    if not isinstance(value, dict):
        raise _fail(where, f"missing table [{key}]")
    return value


def _statuses(value: Any, where: str, what: str) -> list[Status]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _fail(where, f"{what} must be a list of statuses")
    unknown = [v for v in value if v not in choices(Status)]
    if unknown:
        raise _fail(where, f"{what}: unknown status {unknown[0]!r} (one of {choices(Status)})")
    return [Status(v) for v in value]


def _parse(data: dict[str, Any], where: str) -> StatusRules:
    mapping = _table(data, "status_by_modality", where)
    by_modality: dict[str, Status | None] = {}
    for key, value in mapping.items():
        if key not in choices(Modality):
            raise _fail(where, f"[status_by_modality] unknown modality {key!r}")
        if value == UNCHANGED:
            by_modality[key] = None
        elif value in choices(Status) and value not in (Status.UNKNOWN, Status.CANCELLED):
            by_modality[key] = Status(value)
        else:
            raise _fail(
                where,
                f"[status_by_modality] {key} = {value!r}: a status other than unknown and"
                f" cancelled, or {UNCHANGED!r}",
            )
    missing = [m for m in choices(Modality) if m not in by_modality]
    if missing:
        raise _fail(where, f"[status_by_modality] missing modality {', '.join(missing)}")

    cancel = _table(data, "cancel", where)
    if cancel.get("modality") not in choices(Modality):
        raise _fail(where, "[cancel] modality must be a modality")
    cues = cancel.get("cues")
    if not isinstance(cues, list) or not cues or not all(isinstance(c, str) and c.strip()
                                                         for c in cues):  # fmt: skip
        raise _fail(where, "[cancel] cues must be a non-empty list of non-empty strings")
    words = tuple(" ".join(c.lower().split()) for c in cues)
    alternation = "|".join(
        r"\s+".join(re.escape(w) for w in c.split()) for c in sorted(words, key=len, reverse=True)
    )
    pattern = re.compile(rf"(?<!\w)(?:{alternation})(?!\w)", re.IGNORECASE)

    cred = _table(data, "credibility", where)
    threshold = cred.get("min_confidence")
    if isinstance(threshold, bool) or not isinstance(threshold, int | float):
        raise _fail(where, "[credibility] min_confidence must be a number 0-1")
    if not 0 <= threshold <= 1:
        raise _fail(where, "[credibility] min_confidence must be a number 0-1")
    states: dict[str, frozenset[str]] = {}
    for key in ("never", "always"):
        value = cred.get(key)
        if not isinstance(value, list) or not all(v in choices(ReviewState) for v in value):
            raise _fail(where, f"[credibility] {key} must be a list of review states")
        states[key] = frozenset(value)
    if states["never"] & states["always"]:
        raise _fail(where, "[credibility] a review state cannot be in both never and always")

    order = _statuses(_table(data, "ladder", where).get("order"), where, "[ladder] order")
    if len(set(order)) != len(order) or not order:
        raise _fail(where, "[ladder] order must list distinct statuses")
    ladder = {status: n for n, status in enumerate(order)}

    exits_raw = _table(data, "exits", where)
    exits: dict[Status, frozenset[Status]] = {}
    for key, value in exits_raw.items():
        if key not in choices(Status) or key == Status.UNKNOWN or key in ladder:
            raise _fail(where, f"[exits] {key!r} must be a status off the ladder")
        exits[Status(key)] = frozenset(_statuses(value, where, f"[exits] {key}"))
    targets = [s for s in by_modality.values() if s is not None] + [Status.CANCELLED]
    for status in targets:
        if status not in ladder and status not in exits:
            raise _fail(where, f"status {status.value!r} is neither on [ladder] nor in [exits]")
    overdue = _statuses(_table(data, "overdue", where).get("statuses"), where, "[overdue]")

    return StatusRules(
        by_modality=by_modality,
        cancel_modality=Modality(cancel["modality"]),
        cancel_cues=words,
        cancel_pattern=pattern,
        min_confidence=float(threshold),
        never=states["never"],
        always=states["always"],
        ladder=ladder,
        exits=exits,
        overdue_statuses=frozenset(overdue),
    )


@lru_cache(maxsize=8)
def _load_cached(path: Path) -> StatusRules:
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except OSError as exc:
        raise _fail(path.name, exc.strerror or str(exc)) from None
    except tomllib.TOMLDecodeError as exc:
        raise _fail(path.name, str(exc)) from None
    return _parse(data, path.name)


def load_rules(path: Path | str | None = None) -> StatusRules:
    """The status rule table, validated once per path; a bad file raises E401."""
    return _load_cached(Path(path) if path is not None else rules_path())


# Dates -------------------------------------------------------------------------------


def add_months(day: date, months: int) -> date:
    """The same day `months` later, clamped to the month's end (2025-01-31 + 1 = 2025-02-28)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def day_of(value: date) -> date:
    return value.date() if isinstance(value, datetime) else value


# The walk ----------------------------------------------------------------------------

# (sort date, rank, claim id, target status, claim date): one small tuple per counted claim.
Entry = tuple[date, int, str, Status, date | None]
ENTRY_ORDER = itemgetter(0, 1, 2)


def ordered(claims: Iterable[ClaimFact], *, rules: StatusRules, as_of: date | None) -> list[Entry]:
    """The claims that can move a status, in the order derivation reads them.

    Skips claims that are not credible, that never move a status (mentions), and, given
    `as_of`, those dated after it, and undated claims when a dated one counts. Order: date
    (undated first), evidence rank, claim id.
    """
    never, always, threshold = rules.never, rules.always, rules.min_confidence
    by_modality, cancel_modality = rules.by_modality, rules.cancel_modality
    search = rules.cancel_pattern.search
    entries: list[Entry] = []
    append = entries.append
    for claim in claims:
        state = claim.review_state
        if state in never or (state not in always and claim.confidence < threshold):
            continue
        day = claim.date
        if as_of is not None and day is not None and day > as_of:
            continue
        modality = claim.modality
        target: Status | None
        if (
            modality == cancel_modality
            and claim.cue
            and not claim.negated
            and search(claim.cue) is not None
        ):
            target, rank = Status.CANCELLED, CANCEL_RANK
        else:
            target = by_modality.get(modality)
            if target is None:
                continue
            rank = MODALITY_RANK[modality]
        append((UNDATED if day is None else day, rank, claim.id, target, day))
    # Undated claims speak only for an item no dated claim speaks for. Read as the oldest
    # they would still decide against dated ones (an undated problem keeps an item stalled
    # through a later MoU; an undated opening outranks a dated pledge): a claim of unknown
    # time must not override one whose time is known.
    if any(entry[4] is not None for entry in entries):
        entries = [entry for entry in entries if entry[4] is not None]
    entries.sort(key=ENTRY_ORDER)
    return entries


@dataclass(frozen=True, slots=True)
class SetAside:
    """The undated claims an item's status does not count because dated ones speak for it
    (docs/status.md, "Which claims count"): how many, of which modalities, how many would
    cancel. Said beside the status, so that a rule that sets claims aside never does so
    silently (analyst QA: ML-1 read "agreed" by the registry, and 8 undated problem claims,
    "deferred", "dropped", "behind schedule", were left out unsaid)."""

    by_modality: dict[str, int]  # strongest modality first
    cancelling: int = 0  # of those of the cancel modality, how many would cancel
    cancel_modality: str = Modality.PROBLEM.value

    @property
    def count(self) -> int:
        return sum(self.by_modality.values())

    def _part(self, modality: str) -> str:
        if modality == self.cancel_modality and self.cancelling:
            return f"{modality} ({self.cancelling} cancelling)"
        return modality

    def text(self) -> str:
        """'8 undated problem claims not counted (1 cancelling)'; with several modalities,
        '10 undated claims not counted: 8 problem (1 cancelling), 2 pledge'; '' for none."""
        total = self.count
        noun = "claim" if total == 1 else "claims"
        if len(self.by_modality) == 1:
            (modality,) = self.by_modality
            cancelling = f" ({self.cancelling} cancelling)" if self.cancelling else ""
            return f"{total} undated {modality} {noun} not counted{cancelling}"
        parts = ", ".join(f"{n} {self._part(m)}" for m, n in self.by_modality.items())
        return f"{total} undated {noun} not counted: {parts}" if total else ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "count": self.count,
            "by_modality": dict(self.by_modality),
            "cancelling": self.cancelling,
            "text": self.text(),
        }


def set_aside(claims: Iterable[ClaimFact], *, rules: StatusRules | None = None) -> SetAside:
    """The credible, status-moving undated claims that `ordered` (without `as_of`) leaves
    out because a dated claim counts: none when no dated claim counts, for then the undated
    ones decide. Pass the registry's sourced status with the claims, as derivation does."""
    rules = rules or load_rules()
    counts: dict[str, int] = {}
    cancelling = 0
    dated = False
    for claim in claims:
        if not rules.credible(claim) or rules.target(claim) is None:
            continue
        if claim.date is not None:
            dated = True
            continue
        modality = str(claim.modality)
        counts[modality] = counts.get(modality, 0) + 1
        cancelling += rules.cancels(claim)
    if not dated or not counts:
        return SetAside({}, 0, str(rules.cancel_modality))
    strongest = sorted(counts, key=lambda m: (-MODALITY_RANK[Modality(m)], m))
    return SetAside({m: counts[m] for m in strongest}, cancelling, str(rules.cancel_modality))


class Run:
    """The state of one walk over an item's ordered claims."""

    __slots__ = ("as_of", "basis", "exits", "history", "ladder", "overdue_set", "promise_start",
                 "since", "status")  # fmt: skip

    def __init__(self, rules: StatusRules) -> None:
        self.ladder = rules.ladder
        self.exits = rules.exits
        self.overdue_set = rules.overdue_statuses
        self.status = Status.UNKNOWN
        self.basis: str | None = None
        self.as_of: date | None = None
        self.since: date | None = None
        # Start of the current pledged/agreed stretch: the overdue clock.
        self.promise_start: date | None = None
        self.history: list[Transition] = []

    def moves(self, target: Status) -> bool:
        """Whether a claim setting `target` changes the current status."""
        current = self.status
        if current is Status.UNKNOWN:
            return True
        if target is current:
            return False
        ladder = self.ladder
        if current in ladder:
            # Upwards on the ladder; trouble from anywhere on it.
            return target not in ladder or ladder[target] > ladder[current]
        allowed = self.exits.get(current)
        return allowed is not None and target in allowed

    def step(self, day: date | None, target: Status, claim: str) -> None:
        if target is self.status:  # confirmed: a newer basis, same stretch
            self.basis, self.as_of = claim, day
            if self.promise_start is None and target in self.overdue_set:
                self.promise_start = day
            return
        if not self.moves(target):
            return
        previous = self.status
        self.status, self.basis, self.as_of, self.since = target, claim, day, day
        self.history.append(Transition(day, target, claim))
        if target not in self.overdue_set:
            self.promise_start = None
        elif previous not in self.overdue_set or self.promise_start is None:
            self.promise_start = day

    def overdue(self, reference: date, months: int) -> bool:
        start = self.promise_start
        return (
            self.status in self.overdue_set
            and start is not None
            and reference >= add_months(start, months)
        )


def derive_status(
    claims: Iterable[ClaimFact],
    *,
    as_of: date | None = None,
    overdue_months: int = 18,
    override: Override | None = None,
    rules: StatusRules | None = None,
) -> Derived:
    """An item's status from its claims, as of a date (default: all claims, overdue today).

    The result does not depend on the order of `claims`. Given `as_of`, only claims dated on
    or before it count (undated claims always count, as the oldest), and an override made
    after it is ignored. The overdue clock reads `as_of`, else today's date.
    """
    rules = rules or load_rules()
    return derive_ordered(
        ordered(claims, rules=rules, as_of=as_of),
        as_of=as_of,
        overdue_months=overdue_months,
        override=override,
        rules=rules,
    )


def derive_ordered(
    entries: list[Entry],
    *,
    as_of: date | None,
    overdue_months: int,
    override: Override | None,
    rules: StatusRules,
) -> Derived:
    """`derive_status` over what `ordered` made of the claims, with or without `as_of`:
    entries dated after `as_of` are skipped here too, so one ordering of an item's claims
    serves both its status as of a date and its stored walk (corridor.track.walks)."""
    if overdue_months < 0:
        raise CorridorError("E403", f"overdue_months must be 0 or more, not {overdue_months}")
    run = Run(rules)
    step = run.step
    for _, _, claim_id, target, day in entries:
        if as_of is not None and day is not None and day > as_of:
            break  # entries run in date order, undated first: the rest are later still
        step(day, target, claim_id)
    reference = as_of if as_of is not None else date.today()
    waiting = run.promise_start if run.status in rules.overdue_statuses else None
    derived = Derived(
        status=run.status,
        basis=run.basis,
        as_of=run.as_of,
        overdue=run.overdue(reference, overdue_months),
        since=run.since,
        history=run.history,
        waiting_since=waiting,
        overdue_from=add_months(waiting, overdue_months) if waiting is not None else None,
    )
    if override is None:
        return derived
    when = day_of(override.when)
    if as_of is not None and when > as_of:
        return derived
    status = Status(override.status)
    if status is derived.status:  # the analyst confirms: the claims' clock runs on
        since, waiting, due = derived.since, derived.waiting_since, derived.overdue_from
    else:
        since = when
        waiting = when if status in rules.overdue_statuses else None
        due = add_months(when, overdue_months) if waiting is not None else None
    return Derived(
        status=status,
        basis=OVERRIDE,
        as_of=when,
        overdue=due is not None and reference >= due,
        since=since,
        history=[*derived.history, Transition(when, status, OVERRIDE)],
        override=override,
        derived=derived,
        waiting_since=waiting,
        overdue_from=due,
    )
