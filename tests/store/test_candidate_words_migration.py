"""Migration 0011: upgrading indexes the words of the candidates already stored, as linking
reads them; downgrading drops the index, and upgrading again fills it again."""

from __future__ import annotations

import importlib.util
import json

from alembic import command
from sqlalchemy import Engine, inspect, select, text

from corridor.store import current_revision, head_revision, make_engine, transaction, upgrade
from corridor.store.db import _alembic_config
from corridor.store.tables import CandidateWordRow
from corridor.track.link import index_words

# (id, name, aliases, origin, merged_into) as corridor 0010 stored them.
ITEMS = [
    ("cand-a", "Keti Bandar coal power project", ["Keti-Bandar power plant (KB-1)"], None),
    ("cand-b", "Ürümqi–Gwadar fibre link", ["拉沙卡伊 zone", "Gwadar’s “fibre” link"], None),
    ("cand-c", "Gwadar fibre", ["x" * 150 + " ok"], None),
    ("cand-merged", "Rohri solar scheme", [], "cand-a"),
]
REGISTRY = ("gwadar-port", "Gwadar Port", ["Gwadar Deep Sea Port"])


def _downgrade(engine: Engine, revision: str) -> None:
    config = _alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, revision)


def _stored_words(engine: Engine) -> dict[str, set[str]]:
    with transaction(engine) as session:
        found: dict[str, set[str]] = {}
        for word, item_id in session.execute(
            select(CandidateWordRow.word, CandidateWordRow.item_id)
        ):
            found.setdefault(item_id, set()).add(word)
        return found


def test_upgrade_indexes_the_candidates_stored_and_downgrade_drops_them(db_url: str) -> None:
    engine = make_engine(db_url)
    upgrade(engine, "0010")
    insert = text(
        "INSERT INTO items (id, name, aliases, kind, pillar, parties, status, sources, origin, "
        "merged_into) VALUES (:id, :name, :aliases, 'project', 'other', '[]', 'unknown', '[]', "
        ":origin, :merged)"
    )
    with engine.begin() as conn:
        for item_id, name, aliases, merged in ITEMS:
            conn.execute(insert, {"id": item_id, "name": name, "aliases": json.dumps(aliases),
                                  "origin": "candidate", "merged": merged})  # fmt: skip
        item_id, name, aliases = REGISTRY
        conn.execute(insert, {"id": item_id, "name": name, "aliases": json.dumps(aliases),
                              "origin": "registry", "merged": None})  # fmt: skip
    # Each live candidate's words, as linking reads them; none of the merged or registry item.
    wanted = {
        item_id: index_words([name, *aliases])
        for item_id, name, aliases, merged in ITEMS
        if merged is None
    }
    assert wanted["cand-b"] >= {"ürümqi", "gwadar", "拉沙卡伊", "“fibre”", "link"}
    assert "x" * 100 in wanted["cand-c"] and "kb-1" not in wanted["cand-a"]

    assert upgrade(engine) == "0010"
    assert current_revision(engine) == head_revision()
    assert _stored_words(engine) == wanted

    _downgrade(engine, "0010")
    assert "candidate_words" not in inspect(engine).get_table_names()
    upgrade(engine)
    assert _stored_words(engine) == wanted
    engine.dispose()


def test_the_migration_splits_words_as_linking_does() -> None:
    # The migration keeps its own copy of the rule (a migration does not change with the
    # code); here it is held to the rule linking looks words up by.
    path = _alembic_config().get_main_option("script_location")
    spec = importlib.util.spec_from_file_location(
        "candidate_words_0011", f"{path}/versions/0011_candidate_words.py"
    )
    assert spec is not None and spec.loader is not None
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)
    labels = [
        "The Keti-Bandar (KB) power_plant, phase-2",
        "Ürümqi–Gwadar — link",
        "STRASSE Straße ΣΊΣΥΦΟΣ",
        "Gwadar’s\tport\u00a0city\u2003zone",
        "a/b & c: d+e #f",
        "x" * 150,
        "",
    ]
    for label in labels:
        assert migration._words([label]) == index_words([label]), label
