"""Linking a new candidate name to the candidates a database already holds, as it grows.

    python bench/link.py [--sizes 1000,5000,20000] [--names 200] [--postgres URL]

For each size, fills a fresh SQLite database (or, with --postgres, a fresh database made on
that server and dropped after) with that many candidate items (names built from the places
and kinds of thing real reporting names, so that many share a word), then times
`best_candidate` on new names, some variants of stored ones and some new, beside the
baseline in the same process: the same scoring over every candidate read from the
database, as linking did before it let the database keep only those sharing a word (found
in candidate_words). Both must give the same answers (checked). Figures are ms per name,
warm; "read" is how many candidates a name shares a word with, on average: the rows its
lookup reads (here about one in eight of them all, by construction).
"""

from __future__ import annotations

import argparse
import os
import random
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager

from rapidfuzz import fuzz, process
from sqlalchemy import Engine, create_engine, insert, select, text
from sqlalchemy.engine import make_url

from corridor.model import Origin
from corridor.store import make_engine, transaction, upgrade
from corridor.store.tables import ItemRow
from corridor.track.link import (
    AUTO_LINK,
    _candidates,
    best_candidate,
    compatible,
    profile,
    reindex_candidates,
    score,
)

PLACES = [
    "Gwadar",
    "Karachi",
    "Lahore",
    "Sukkur",
    "Thar",
    "Multan",
    "Quetta",
    "Peshawar",
    "Hyderabad",
    "Bahawalpur",
    "Faisalabad",
    "Sialkot",
    "Gilgit",
    "Skardu",
    "Mardan",
    "Nowshera",
    "Hub",
    "Jhimpir",
    "Sahiwal",
    "Port",
    "Qasim",
]
THINGS = [
    "solar park",
    "wind farm",
    "industrial park",
    "hospital",
    "vocational institute",
    "cold storage",
    "water treatment plant",
    "ring road",
    "bridge",
    "fibre link",
    "data centre",
    "dry port",
    "textile city",
    "agricultural research centre",
    "desalination plant",
    "expressway",
    "training programme",
]


def fill(engine: Engine, size: int, rng: random.Random) -> list[str]:
    names = [f"{rng.choice(PLACES)} {rng.choice(THINGS)} {n}" for n in range(size)]
    rows = [
        {
            "id": f"cand-{n}",
            "name": name,
            "aliases": [name.lower()],
            "kind": "project",
            "pillar": "other",
            "parties": [],
            "sources": [],
            "status": "unknown",
            "origin": Origin.CANDIDATE.value,
        }
        for n, name in enumerate(names)
    ]
    with transaction(engine) as session:
        session.execute(insert(ItemRow), rows)
        # Written around the ORM: their words are indexed as a bulk writer must.
        reindex_candidates(session=session, item_ids=[row["id"] for row in rows])
    return names


def every_candidate(session: object, name: str) -> tuple[str, float] | None:
    """The baseline: best_candidate's scoring over every candidate row."""
    wanted = profile(name)
    query = (
        select(ItemRow.id, ItemRow.name, ItemRow.aliases)
        .where(ItemRow.origin == Origin.CANDIDATE.value, ItemRow.merged_into.is_(None))
        .where(ItemRow.kind == "project")
        .order_by(ItemRow.id)
    )
    labels, owners = [], []
    for item_id, item_name, aliases in session.execute(query):  # type: ignore[attr-defined]
        for label in [item_name, *(aliases or [])]:
            labels.append(label)
            owners.append(item_id)
    profiles = [profile(label) for label in labels]
    fitting = [i for i, p in enumerate(profiles) if compatible(wanted, p)]
    shortlist = process.extract(
        wanted.core, [profiles[i].core for i in fitting], scorer=fuzz.token_set_ratio,
        score_cutoff=AUTO_LINK, limit=10,
    )  # fmt: skip
    best: tuple[str, float] | None = None
    for _core, _score, k in shortlist:
        index = fitting[k]
        value = score(wanted, profiles[index])
        if value >= AUTO_LINK and (best is None or value > best[1]):
            best = (owners[index], value)
    return (best[0], best[1] / 100.0) if best is not None else None


@contextmanager
def fresh_database(postgres: str | None) -> Iterator[Engine]:
    """An empty, migrated database: a SQLite file, or a new database on a PostgreSQL server."""
    if postgres is None:
        with tempfile.TemporaryDirectory() as folder:
            engine = make_engine(f"sqlite:///{folder}/link.db")
            upgrade(engine)
            yield engine
            engine.dispose()
        return
    url = make_url(postgres)
    url = url.set(database=f"{url.database or 'corridor'}_bench_link_{os.getpid()}")
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{url.database}"'))
    try:
        engine = make_engine(url.render_as_string(hide_password=False))
        upgrade(engine)
        yield engine
        engine.dispose()
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{url.database}" WITH (FORCE)'))
        admin.dispose()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,5000,20000")
    parser.add_argument("--names", type=int, default=200)
    parser.add_argument("--postgres", help="a PostgreSQL server's URL, instead of SQLite")
    args = parser.parse_args()
    print(
        f"{'candidates':>10} {'every candidate':>16} {'sharing a word':>15} {'ratio':>7} {'read':>6}"
    )
    for size in [int(s) for s in args.sizes.split(",")]:
        rng = random.Random(size)
        with fresh_database(args.postgres) as engine:
            stored = fill(engine, size, rng)
            if args.postgres:
                with engine.begin() as conn:  # as autovacuum would after a load this size
                    conn.execute(text("ANALYZE"))
            asked = [
                f"the {rng.choice(stored)} project" if n % 2 else
                f"{rng.choice(PLACES)} {rng.choice(THINGS)} scheme {size + n}"
                for n in range(args.names)
            ]  # fmt: skip
            times = {}
            answers = {}
            for label, find in (
                ("every", every_candidate),
                ("sharing", lambda s, n: best_candidate(session=s, name=n, kind="project")),
            ):
                with transaction(engine) as session:
                    find(session, asked[0])  # warm the caches
                    start = time.perf_counter()
                    answers[label] = [find(session, name) for name in asked]
                    times[label] = (time.perf_counter() - start) / len(asked) * 1000
            with transaction(engine) as session:
                read = sum(
                    len(list(_candidates(session, profile(name).core, "project"))) for name in asked
                ) / len(asked)
        assert answers["every"] == answers["sharing"], "the filter changed an answer"
        ratio = times["sharing"] / times["every"]
        print(
            f"{size:>10} {times['every']:>13.1f} ms {times['sharing']:>12.1f} ms {ratio:>7.2f}"
            f" {read:>6.0f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
