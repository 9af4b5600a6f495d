"""Linking a document's mention to an item.

Registry items are linked by the id the extractor found. Candidates (items the registry
does not know) are linked across documents by what is left of their name once generic
words are set aside, fuzzy-matched with rapidfuzz, and kept apart when their places,
technologies or numbers disagree: "the Keti Bandar coal power project" and "Keti Bandar
power plant" are one item; "a solar park in Bahawalpur" and "a solar park in Sukkur" are two.
A word of the extractor's vocabulary is one item by any of its phrases ("Chinese IPPs",
"Chinese independent power producers").
Merged items are followed, so an analyst's merge holds for every later document.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from rapidfuzz import fuzz, process
from sqlalchemy import Connection, Insert, delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from corridor.model import Kind, Origin, Pillar, Status, choices
from corridor.registry import normalise_alias
from corridor.store.db import chunks
from corridor.store.tables import CandidateWordRow, ItemRow

AUTO_LINK = 90.0  # rapidfuzz score from which two candidate names are one item
_ARTICLES = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
# Words that say what sort of thing an item is, not which one (kept as one string to read).
# ruff: noqa: SIM905
GENERIC = frozenset(
    "the a an of in at on for and to with by project projects plant station scheme facility "
    "complex power energy new proposed planned pakistan pakistani china chinese pak sino "
    "cpec mw gw km megawatt megawatts kilometre kilometres".split()
)
TECHNOLOGIES = frozenset(
    "coal solar wind hydro hydropower hydel nuclear gas lng thermal hybrid "
    "port airport road motorway highway railway rail metro hospital school university "
    "park zone sez refinery cement steel textile".split()
)


@dataclass(frozen=True, slots=True)
class Profile:
    """What a candidate's name says: its distinctive words, places, technologies, numbers."""

    core: str
    provinces: frozenset[str]
    technologies: frozenset[str]
    numbers: frozenset[str]


@lru_cache(maxsize=1)
def _places() -> tuple[re.Pattern[str], dict[str, str]]:
    path = resources.files("corridor") / "data" / "places.toml"
    table = tomllib.loads(path.read_text(encoding="utf-8"))["provinces"]
    province_of = {normalise_alias(p): code for code, names in table.items() for p in names}
    names = sorted(province_of, key=len, reverse=True)
    pattern = re.compile(r"\b(" + "|".join(re.escape(n) for n in names) + r")\b")
    return pattern, province_of


def candidate_key(name: str) -> str:
    """The name two mentions of one candidate share: no article, case or punctuation."""
    return normalise_alias(_ARTICLES.sub("", name.strip()))


@lru_cache(maxsize=65536)
def profile(name: str) -> Profile:
    key = candidate_key(name)
    pattern, province_of = _places()
    provinces = frozenset(province_of[m] for m in pattern.findall(key))
    words = key.split()
    numbers = frozenset(
        w for w in words if re.fullmatch(r"\d[\d.]*\w*|[ivx]{1,4}|phase\d+", w) and w != "i"
    )
    technologies = frozenset(w for w in words if w in TECHNOLOGIES)
    core = " ".join(w for w in words if w not in GENERIC and w not in numbers)
    return Profile(core or key, provinces, technologies, numbers)


def compatible(a: Profile, b: Profile) -> bool:
    """False when the names themselves say these are different things."""
    if a.provinces and b.provinces and not (a.provinces & b.provinces):
        return False
    if a.technologies and b.technologies and not (a.technologies & b.technologies):
        return False
    return not (a.numbers and b.numbers and a.numbers != b.numbers)


def score(a: Profile, b: Profile) -> float:
    if not compatible(a, b):
        return 0.0
    return float(fuzz.token_set_ratio(a.core, b.core))


def candidate_id(name: str) -> str:
    """A readable, stable id for a candidate: `cand-` + slug + short hash of its key."""
    key = candidate_key(name)
    ascii_key = unicodedata.normalize("NFKD", key).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_key).strip("-")[:60].strip("-") or "item"
    digest = hashlib.sha256(key.encode()).hexdigest()[:6]
    return f"cand-{slug}-{digest}"


def follow(*, session: Session, item_id: str) -> str | None:
    """The item an id now stands for, following merges; None if there is no such item."""
    seen: set[str] = set()
    current: str | None = item_id
    while current is not None and current not in seen:
        seen.add(current)
        row = session.get(ItemRow, current)
        if row is None:
            return None
        if row.merged_into is None:
            return current
        current = row.merged_into
    return None  # a merge cycle: refuse rather than loop


def follow_many(*, session: Session, ids: set[str]) -> dict[str, str | None]:
    """`follow` for many ids in a few queries: one per level of merging."""
    result: dict[str, str | None] = {}
    pending = {i: i for i in ids}  # asked id -> id reached so far
    for _ in range(8):  # merges are rarely chained; a longer chain falls back to `follow`
        if not pending:
            break
        query = select(ItemRow.id, ItemRow.merged_into).where(ItemRow.id.in_(set(pending.values())))
        rows = {row.id: row.merged_into for row in session.execute(query)}
        still: dict[str, str] = {}
        for asked, current in pending.items():
            if current not in rows:
                result[asked] = None
            elif rows[current] is None:
                result[asked] = current
            else:
                still[asked] = rows[current]
        pending = still
    for asked in pending:
        result[asked] = follow(session=session, item_id=asked)
    return result


def best_candidate(*, session: Session, name: str, kind: str | None) -> tuple[str, float] | None:
    """The existing candidate this name most likely means, with a confidence, if any."""
    wanted = profile(name)
    labels: list[str] = []
    owners: list[str] = []
    generic = untracked_keys()
    for item_id, item_name, aliases in _candidates(session, wanted.core, kind):
        if candidate_key(item_name) in generic:
            continue  # stored before such words were left out: it stands for no one item
        for label in [item_name, *(aliases or [])]:
            labels.append(label)
            owners.append(item_id)
    if not labels:
        return None
    # The compatibility rules first, then rapidfuzz narrows the field in C: cut to ten by
    # spelling alone, "Gwadar solar park 5" lost to ten other Gwadar solar parks of the
    # same core and another number (QA: at 20,000 candidates 92 re-mentions in 100 became
    # new candidates).
    profiles = [profile(label) for label in labels]
    fitting = [i for i, p in enumerate(profiles) if compatible(wanted, p)]
    shortlist = process.extract(
        wanted.core,
        [profiles[i].core for i in fitting],
        scorer=fuzz.token_set_ratio,
        score_cutoff=AUTO_LINK,
        limit=10,
    )
    best: tuple[str, float] | None = None  # (item id, score out of 100)
    for _core, _score, k in shortlist:
        index = fitting[k]
        value = score(wanted, profiles[index])
        if value >= AUTO_LINK and (best is None or value > best[1]):
            best = (owners[index], value)
    return (best[0], best[1] / 100.0) if best is not None else None


@lru_cache(maxsize=1)
def untracked_keys() -> frozenset[str]:
    """The candidate keys of the extractor's words too generic to follow across documents
    ("agreements", generic_items.toml `tracked = false`): a candidate of that name stored by
    an older extractor is linked to by nothing new (QA: the old "Agreements" item took
    "agreements on energy" after an upgrade)."""
    from corridor.extract.rules import bundled_rules  # (the extractor's rules, read once)

    vocabulary = bundled_rules().vocabulary
    return frozenset(
        candidate_key(label)
        for entry in vocabulary.items
        if not entry.tracked
        for label in [entry.name, *entry.phrases]
    )


@lru_cache(maxsize=1)
def vocabulary_names() -> tuple[dict[str, tuple[str, ...]], frozenset[str]]:
    """Each candidate key of a word the extractor follows as one thing (generic_items.toml,
    `tracked`) with all the names of that thing, and the modifiers it may carry: "Chinese
    IPPs" is also "Chinese independent power producers", "SEZs" "special economic zones"."""
    from corridor.extract.rules import bundled_rules  # (the extractor's rules, read once)

    vocabulary = bundled_rules().vocabulary
    names: dict[str, tuple[str, ...]] = {}
    for entry in vocabulary.items:
        if entry.tracked:
            labels = (entry.name, *entry.phrases)
            for label in labels:
                names.setdefault(candidate_key(label), labels)
    return names, frozenset(candidate_key(m) for m in vocabulary.modifiers)


def same_thing(name: str) -> tuple[str, ...]:
    """The other names of the vocabulary's word a candidate's name is (past up to two
    modifiers, as the extractor reads them: "new SEZs"); none if it is no such word. The
    extractor names such a thing by its first words in a document, so "Chinese IPPs" (a
    headline over "Chinese Independent Power Producers (IPPs)") and "Chinese independent
    power producers" elsewhere had become two candidates (analyst QA, set X defect 3)."""
    names, modifiers = vocabulary_names()
    words = candidate_key(name).split()
    for skip in range(3):
        if skip and (skip >= len(words) or words[skip - 1] not in modifiers):
            break
        found = names.get(" ".join(words[skip:]))
        if found is not None:
            return found
    return ()


WORD_MIN = 3  # shorter words say too little to look a candidate up by
WORD_MAX = 100  # longer words are stored and looked up cut to this (candidate_words.word)


def index_words(labels: Iterable[str]) -> set[str]:
    """The words a candidate is found by: every word of its name and aliases, split as
    `candidate_key` splits a name, of WORD_MIN characters or more."""
    return {
        word[:WORD_MAX]
        for label in labels
        for word in normalise_alias(label).split()
        if len(word) >= WORD_MIN
    }


def _candidates(
    session: Session, core: str, kind: str | None
) -> Iterator[tuple[str, str, list[str] | None]]:
    """The live candidates (of `kind`, if given) whose name or aliases hold one of the
    distinctive words of a name's `core`, as a word, in id order: looked up in
    candidate_words, then read by id. LIKE '%word%' on every candidate row did this before,
    a full scan per new name (bench/link.py), and found a word inside another too.

    What it leaves out could only match on spelling alone, with no word in common: "Gawadar"
    for "Gwadar", or a word inside a longer one ("port" in "airport", "Gwadar" in
    "Gwadars"), which LIKE found. Words are folded by `normalise_alias` on both sides, the
    same on every backend (LIKE went by the database's lower(): SQLite's is ASCII only)."""
    # In id order: of two candidates this name matches equally well, the same one wins on
    # every backend (the rows' order is otherwise the database's own).
    columns = (ItemRow.id, ItemRow.name, ItemRow.aliases)
    words = sorted({w[:WORD_MAX] for w in core.split() if len(w) >= WORD_MIN})
    if not words:  # nothing distinctive to look for: every candidate is read
        query = select(*columns).where(
            ItemRow.origin == Origin.CANDIDATE.value, ItemRow.merged_into.is_(None)
        )
        if kind:
            query = query.where(ItemRow.kind == kind)
        for item_id, name, aliases in session.execute(query.order_by(ItemRow.id)):
            yield item_id, name, aliases
        return
    sharing = select(CandidateWordRow.item_id).where(CandidateWordRow.word.in_(words))
    # Only the index picks the rows; whether each is a live candidate of `kind` is asked of
    # the row read, here: given `origin = 'candidate'` too, SQLite's planner walked
    # ix_items_origin (every candidate) and looked each up in the list. candidate_words
    # holds live candidates only; this makes sure of it.
    found = select(*columns, ItemRow.kind, ItemRow.origin, ItemRow.merged_into)
    rows = session.execute(found.where(ItemRow.id.in_(sharing)).order_by(ItemRow.id))
    for item_id, name, aliases, item_kind, origin, merged in rows:
        if origin == Origin.CANDIDATE.value and merged is None and kind in (None, "", item_kind):
            yield item_id, name, aliases


def _live_words(name: str, aliases: list[str] | None, origin: str, merged: str | None) -> set[str]:
    if origin != Origin.CANDIDATE.value or merged is not None:
        return set()  # linking reads only live candidates
    return index_words([name, *(aliases or [])])


def store_words(*, connection: Connection, item: ItemRow, new: bool) -> None:
    """Bring an item's rows in candidate_words in step with its name, aliases, origin and
    merge, on the connection (and so in the transaction) that writes the item.

    Run by the ORM for every item it inserts or updates (corridor.store.tables). A
    concurrent writer of the same item waits on the item's row first (PostgreSQL), and
    words already stored are left alone, so two transactions never clash on a word."""
    words = _live_words(item.name, item.aliases, item.origin, item.merged_into)
    if not new:
        connection.execute(
            delete(CandidateWordRow).where(
                CandidateWordRow.item_id == item.id, CandidateWordRow.word.not_in(words)
            )
        )
    if words:
        rows = [{"word": word, "item_id": item.id} for word in sorted(words)]
        connection.execute(_insert_new_words(connection), rows)


def _insert_new_words(connection: Connection) -> Insert:
    insert = postgresql.insert if connection.dialect.name == "postgresql" else sqlite.insert
    return insert(CandidateWordRow).on_conflict_do_nothing()


def reindex_candidates(*, session: Session, item_ids: Iterable[str]) -> None:
    """`store_words` for items written around the ORM (a bulk insert, or an UPDATE of many
    rows at once such as a merge's guarded write): their words as the rows now stand."""
    connection = session.connection()
    for chunk in chunks(sorted(set(item_ids))):
        rows = session.execute(
            select(
                ItemRow.id, ItemRow.name, ItemRow.aliases, ItemRow.origin, ItemRow.merged_into
            ).where(ItemRow.id.in_(chunk))
        )
        connection.execute(delete(CandidateWordRow).where(CandidateWordRow.item_id.in_(chunk)))
        words = [
            {"word": word, "item_id": item_id}
            for item_id, name, aliases, origin, merged in sorted(rows)
            for word in sorted(_live_words(name, aliases, origin, merged))
        ]
        if words:
            connection.execute(_insert_new_words(connection), words)


def _add_alias(session: Session, item_id: str, name: str) -> None:
    """A name a candidate was found by becomes one of its aliases, unless it already is."""
    row = session.get(ItemRow, item_id)
    clean = _ARTICLES.sub("", name.strip())
    if row is not None and candidate_key(clean) not in {
        candidate_key(x) for x in [row.name, *(row.aliases or [])]
    }:
        row.aliases = [*(row.aliases or []), clean]


def resolve_item(
    *,
    session: Session,
    item_id: str | None,
    name: str,
    kind: str | None,
    pillar: str | None,
    known: dict[str, str | None] | None = None,
) -> tuple[str, float]:
    """The item a mention belongs to and the link's confidence, creating a candidate.

    `known` may hold `follow_many` answers fetched beforehand for a whole document.
    """
    known = known if known is not None else {}

    def lookup(some_id: str) -> str | None:
        if some_id in known:
            return known[some_id]
        return follow(session=session, item_id=some_id)

    if item_id:
        target = lookup(item_id)
        if target is not None:
            return target, 1.0
    exact = lookup(candidate_id(name))
    if exact is not None:
        return exact, 1.0
    # A word of the vocabulary is one thing by any of its names: the candidate stored under
    # another is this one (the first name stored stays its name).
    for other in same_thing(name):
        found = lookup(candidate_id(other))
        if found is not None:
            _add_alias(session, found, name)
            return found, 1.0
    kind = kind if kind in choices(Kind) else Kind.PROJECT.value
    match = best_candidate(session=session, name=name, kind=kind)
    if match is not None:
        target_id, confidence = match
        _add_alias(session, target_id, name)
        return target_id, confidence
    new_id = candidate_id(name)
    clean_name = _ARTICLES.sub("", name.strip())
    row = ItemRow(
        id=new_id,
        name=clean_name[:1].upper() + clean_name[1:],
        aliases=[],
        kind=kind,
        pillar=pillar if pillar in choices(Pillar) else Pillar.OTHER.value,
        parties=[],
        sources=[],
        status=Status.UNKNOWN.value,
        origin=Origin.CANDIDATE.value,
    )
    try:
        # In a savepoint: another document naming the same new item may be stored at the
        # same time (PostgreSQL); its row then stands, and this mention belongs to it.
        with session.begin_nested():
            session.add(row)
    except IntegrityError:
        if session.get(ItemRow, new_id) is None:
            raise
    known[new_id] = new_id
    return new_id, 1.0
