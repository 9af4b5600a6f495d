"""candidate_words, the index linking finds candidates by: every write of an item keeps it in
step (create, alias, merge, split, promote, delete, a bulk write with reindex_candidates), and
linking through it gives the answers of a scan of every candidate."""

from __future__ import annotations

import random
import threading
from datetime import date

from rapidfuzz import fuzz, process
from sqlalchemy import Engine, delete, insert, select, update
from sqlalchemy.orm import Session

from corridor.model import Document, Origin
from corridor.store import transaction
from corridor.store.sources import store_extraction
from corridor.store.tables import CandidateWordRow, ClaimRow, ItemRow
from corridor.track.link import (
    AUTO_LINK,
    best_candidate,
    index_words,
    profile,
    reindex_candidates,
    resolve_item,
    score,
)
from corridor.track.review import merge_items, promote_item, split_item
from extraction_fixtures import items_extraction


def _resolve(session: Session, name: str, kind: str = "project") -> str:
    return resolve_item(session=session, item_id=None, name=name, kind=kind, pillar="energy")[0]


def _indexed(session: Session) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for word, item_id in session.execute(select(CandidateWordRow.word, CandidateWordRow.item_id)):
        found.setdefault(item_id, set()).add(word)
    return found


def _in_step(engine: Engine) -> dict[str, set[str]]:
    """The index as stored, checked against the words of every live candidate."""
    with transaction(engine) as session:
        live = session.execute(
            select(ItemRow.id, ItemRow.name, ItemRow.aliases).where(
                ItemRow.origin == Origin.CANDIDATE.value, ItemRow.merged_into.is_(None)
            )
        )
        wanted = {item_id: index_words([name, *aliases]) for item_id, name, aliases in live}
        indexed = _indexed(session)
    assert indexed == {item_id: words for item_id, words in wanted.items() if words}
    return indexed


def _candidate(item_id: str, name: str, aliases: list[str] | None = None) -> ItemRow:
    return ItemRow(
        id=item_id,
        name=name,
        aliases=aliases or [],
        kind="project",
        pillar="other",
        parties=[],
        sources=[],
        status="unknown",
        origin=Origin.CANDIDATE.value,
    )


def _claim_on(engine: Engine, name: str, sentence: str) -> tuple[str, str]:
    """One source with one pledge on a new candidate item; returns (item id, claim id)."""
    document = Document(text=sentence, title=sentence, published=date(2025, 4, 10))
    with transaction(engine) as session:
        store_extraction(
            session=session,
            document=document,
            extraction=items_extraction(sentence, [name]),
            version="1",
        )
        claim = session.scalars(select(ClaimRow).where(ClaimRow.sentence == sentence)).one()
        return claim.item_id, claim.id


def test_a_new_candidate_and_a_new_alias_are_indexed(engine: Engine) -> None:
    with transaction(engine) as session:
        first = _resolve(session, "the Keti Bandar coal power project")
    assert _in_step(engine)[first] == {"keti", "bandar", "coal", "power", "project"}
    with transaction(engine) as session:
        assert _resolve(session, "Keti Bandar power plant") == first  # an alias now
    assert "plant" in _in_step(engine)[first]


def test_merge_split_promote_and_delete_keep_the_index_in_step(engine: Engine) -> None:
    keep, _ = _claim_on(engine, "Sukkur solar park", "China will finance the Sukkur solar park.")
    gone, _ = _claim_on(engine, "Rohri sun scheme", "The Rohri sun scheme will start soon.")
    with transaction(engine) as session:
        merge_items(session=session, keep=keep, merge=gone, actor="ana")
    indexed = _in_step(engine)
    assert gone not in indexed and {"rohri", "sun"} <= indexed[keep]

    parent, claim = _claim_on(engine, "Thar wind farm", "China will build the Thar wind farm.")
    with transaction(engine) as session:
        child = split_item(
            session=session, item_id=parent, claim_ids=[claim], name="Jhimpir gusts", actor="ana"
        )
    assert _in_step(engine)[child] == {"jhimpir", "gusts"}

    with transaction(engine) as session:
        promote_item(session=session, item_id=child, actor="ana")
    assert child not in _in_step(engine)

    with transaction(engine) as session:
        session.delete(session.get_one(ItemRow, parent))
    assert parent not in _in_step(engine)


def test_candidates_written_by_hand_are_indexed(engine: Engine) -> None:
    # Through the ORM, as tests and scripts write them: kept in step by the ORM itself.
    with transaction(engine) as session:
        session.add(_candidate("cand-by-hand", "Lahore knowledge park", ["LKP (Lahore)"]))
    assert _in_step(engine)["cand-by-hand"] == {"lahore", "knowledge", "park", "lkp"}
    with transaction(engine) as session:
        row = session.get(ItemRow, "cand-by-hand")
        assert row is not None
        row.merged_into = "cand-elsewhere"  # as an analyst's merge leaves it
    assert "cand-by-hand" not in _in_step(engine)
    # Around the ORM (a bulk insert): reindex_candidates is the writer's to call.
    rows = [
        {"id": f"cand-bulk-{n}", "name": f"Multan cold storage {n}", "aliases": [],
         "kind": "project", "pillar": "other", "parties": [], "sources": [],
         "status": "unknown", "origin": Origin.CANDIDATE.value}
        for n in range(3)
    ]  # fmt: skip
    with transaction(engine) as session:
        session.execute(insert(ItemRow), rows)
        reindex_candidates(session=session, item_ids=[row["id"] for row in rows])
    assert _in_step(engine)["cand-bulk-2"] == {"multan", "cold", "storage"}


def test_index_rows_of_an_item_no_longer_a_candidate_are_never_linked_to(engine: Engine) -> None:
    # The index is asked which rows to read; whether they are live candidates is asked of
    # the rows themselves, so a stale index row cannot link a name to a merged item.
    with transaction(engine) as session:
        session.add(_candidate("cand-gone", "Gilgit data centre"))
        session.add(_candidate("cand-kept", "Skardu data centre"))
    with transaction(engine) as session:
        session.execute(
            update(ItemRow)
            .where(ItemRow.id == "cand-gone")
            .values(merged_into="cand-kept")  # around the ORM, no reindex: stale rows stay
        )
        assert "gilgit" in _indexed(session)["cand-gone"]
        assert best_candidate(session=session, name="Gilgit data centre", kind="project") is None


def test_a_word_with_a_non_ascii_capital_is_found(engine: Engine) -> None:
    # LIKE went by the database's lower(): on SQLite ASCII only, so "ürümqi" was not found
    # in "Ürümqi" and the name became a second candidate.
    with transaction(engine) as session:
        stored = _resolve(session, "Ürümqi")
    with transaction(engine) as session:
        assert _resolve(session, "the Ürümqi 2 project") == stored


def _every_candidate(session: Session, name: str, kind: str) -> tuple[str, float] | None:
    """best_candidate's scoring over every candidate row (bench/link.py's baseline)."""
    wanted = profile(name)
    query = (
        select(ItemRow.id, ItemRow.name, ItemRow.aliases)
        .where(ItemRow.origin == Origin.CANDIDATE.value, ItemRow.merged_into.is_(None))
        .where(ItemRow.kind == kind)
        .order_by(ItemRow.id)
    )
    labels, owners = [], []
    for item_id, item_name, aliases in session.execute(query):
        for label in [item_name, *(aliases or [])]:
            labels.append(label)
            owners.append(item_id)
    profiles = [profile(label) for label in labels]
    shortlist = process.extract(
        wanted.core, [p.core for p in profiles], scorer=fuzz.token_set_ratio,
        score_cutoff=AUTO_LINK, limit=10,
    )  # fmt: skip
    best: tuple[str, float] | None = None
    for _core, _score, index in shortlist:
        value = score(wanted, profiles[index])
        if value >= AUTO_LINK and (best is None or value > best[1]):
            best = (owners[index], value)
    return (best[0], best[1] / 100.0) if best is not None else None


PLACES = ["Gwadar", "Karachi", "Thar", "Sukkur", "Hub", "Port Qasim", "Keti Bandar", "Ürümqi"]
THINGS = [
    "solar park", "wind farm", "dry port", "ring road", "data centre", "water-treatment plant",
    "Expressway (Phase II)", "coal power project", "textile city", "fibre link",
]  # fmt: skip


def test_answers_equal_a_scan_of_every_candidate(engine: Engine) -> None:
    rng = random.Random(7)
    names = [f"{rng.choice(PLACES)} {rng.choice(THINGS)}" for _ in range(150)]
    with transaction(engine) as session:
        for n, name in enumerate(names):
            aliases = [name.upper()] if n % 3 == 0 else [f"the {name}, {n}"] if n % 3 == 1 else []
            kind = "project" if n % 5 else "sez"
            row = _candidate(f"cand-{n:03d}", name, aliases)
            row.kind = kind
            session.add(row)
        session.add(_candidate("cand-merged", "Gwadar solar park", []))
        session.flush()
        session.get_one(ItemRow, "cand-merged").merged_into = "cand-000"
    asked = [
        *(f"the {rng.choice(names)} scheme" for _ in range(40)),
        *(f"{rng.choice(PLACES)} {rng.choice(THINGS)} {n}" for n in range(40)),
        *(f"{rng.choice(THINGS)} at {rng.choice(PLACES).lower()}" for _ in range(20)),
        "GWADAR", "ürümqi", "the project", "N-5", "Port", "Qasim", "Expressway Phase II",
    ]  # fmt: skip
    with transaction(engine) as session:
        for name in asked:
            for kind in ("project", "sez"):
                got = best_candidate(session=session, name=name, kind=kind)
                assert got == _every_candidate(session, name, kind), (name, kind)


def test_two_writers_adding_aliases_to_one_candidate_at_once(postgres_engine: Engine) -> None:
    # PostgreSQL: the second waits on the item's row, then writes its words over the first's
    # committed ones without a clash, and the index ends as the aliases stored.
    with transaction(postgres_engine) as session:
        item = _resolve(session, "Keti Bandar coal power project")
    first = Session(postgres_engine)
    first.begin()
    assert _resolve(first, "Keti Bandar coal jetty") == item
    first.flush()  # the alias is written: the item's row is the first writer's till commit
    result: dict[str, object] = {}

    def second() -> None:
        try:
            with Session(postgres_engine) as session, session.begin():
                result["id"] = _resolve(session, "Keti Bandar coal berth")
        except Exception as exc:  # pragma: no cover - the failure this test is about
            result["error"] = exc

    thread = threading.Thread(target=second)
    thread.start()
    thread.join(0.5)  # blocked on the first writer's row
    first.commit()
    first.close()
    thread.join(30)
    assert result == {"id": item}
    assert "berth" in _in_step(postgres_engine)[item]


def test_reindex_candidates_drops_words_of_items_gone(engine: Engine) -> None:
    with transaction(engine) as session:
        session.add(_candidate("cand-x", "Hub dry port"))
    with transaction(engine) as session:
        session.execute(delete(ItemRow).where(ItemRow.id == "cand-x"))
        reindex_candidates(session=session, item_ids=["cand-x"])
        assert "cand-x" not in _indexed(session)
