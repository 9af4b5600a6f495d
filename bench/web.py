"""Web benchmark: generate items and claims into a temporary SQLite database, serve the app
on loopback, and time the pages' JSON twins (the same view functions the pages call).

    python bench/web.py              # 100,000 items, 1,000,000 claims (a few minutes)
    python bench/web.py --small      # 5,000 items, 50,000 claims (seconds)
    python bench/web.py --keep /tmp/bench.db --only promises   # reuse a database, some routes

Every request is bounded (a fixed count per route, a 10 s timeout each) and goes to
127.0.0.1 only. Prints p50/p95 per route beside a baseline (/api/health, no database work).
"""

from __future__ import annotations

import argparse
import json
import random
import socket
import sqlite3
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path

import httpx
import uvicorn
from sqlalchemy import func, select

from corridor.model import PROVINCES, Kind, Modality, Pillar, Status, choices
from corridor.store import make_engine, transaction, upgrade
from corridor.store.tables import ItemWalkRow
from corridor.track.derive import store_walks
from corridor.web import freeze_startup_objects
from corridor.web.app import create_app

WORDS = [
    "gwadar",
    "port",
    "power",
    "plant",
    "coal",
    "solar",
    "wind",
    "hydropower",
    "motorway",
    "railway",
    "corridor",
    "zone",
    "industrial",
    "special",
    "economic",
    "fibre",
    "optic",
    "cable",
    "hospital",
    "school",
    "university",
    "agriculture",
    "seed",
    "water",
    "pipeline",
    "transmission",
    "line",
    "grid",
    "expressway",
    "airport",
    "dam",
    "canal",
    "bridge",
    "tunnel",
    "textile",
    "steel",
    "cement",
    "vehicle",
    "assembly",
    "refinery",
    "mining",
    "copper",
    "gold",
    "gas",
    "terminal",
]
PLACES = ["Karachi", "Lahore", "Quetta", "Peshawar", "Gilgit", "Multan", "Sukkur", "Thar",
          "Hub", "Sahiwal", "Mirpur", "Gwadar", "Islamabad", "Faisalabad", "Hyderabad"]  # fmt: skip
TARGET_P95_MS = 100.0
AMOUNT_SHARE = 0.03  # claims that name a sum of money (for the money-by-year chart)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def generate(path: Path, items: int, claims: int, sources: int, seed: int = 7) -> None:
    """Fill a migrated SQLite file with synthetic but plausible rows (FTS triggers fire)."""
    rng = random.Random(seed)
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    engine.dispose()
    db = sqlite3.connect(path)
    db.execute("PRAGMA synchronous=OFF")  # generation only; the app opens it as usual
    db.execute("PRAGMA journal_mode=WAL")
    pillars, kinds, statuses = choices(Pillar), choices(Kind), choices(Status)
    provinces = list(PROVINCES)
    item_rows = []
    for n in range(items):
        words = rng.sample(WORDS, 3)
        place = rng.choice(PLACES)
        located = rng.random() < 0.7
        item_rows.append(
            (
                f"item-{n:06d}",
                f"{place} {' '.join(words).title()} {n}",
                json.dumps([f"{place} {words[0]} {n}"]),
                rng.choice(kinds),
                rng.choice(pillars),
                rng.choice(provinces) if rng.random() < 0.9 else None,
                place,
                round(rng.uniform(24.0, 36.5), 4) if located else None,
                round(rng.uniform(61.5, 77.0), 4) if located else None,
                round(rng.uniform(1e6, 5e9), 0) if rng.random() < 0.4 else None,
                "[]",
                rng.choice(statuses),
                "[]",
                "registry" if rng.random() < 0.3 else "candidate",
                *_clock(rng),
            )
        )
    db.executemany(
        "INSERT INTO items (id, name, aliases, kind, pillar, province, city, lat, lon, "
        "cost_usd, parties, status, sources, origin, overdue, waiting_since, overdue_from) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        item_rows,
    )
    db.commit()
    source_rows = []
    start_day = date(2015, 1, 1)
    for n in range(sources):
        sentences = [
            f"The {rng.choice(PLACES)} {' '.join(rng.sample(WORDS, 4))} project is "
            f"{rng.choice(['under way', 'delayed', 'complete', 'planned', 'financed'])}."
            for _ in range(12)
        ]
        source_rows.append(
            (
                f"{n:064x}",
                f"{rng.choice(PLACES)} {' '.join(rng.sample(WORDS, 5))}",
                rng.choice(["Dawn", "The News", "Xinhua", "Tribune", "Business Recorder"]),
                (start_day + timedelta(days=rng.randrange(3650))).isoformat(),
                f"https://example.org/{n}",
                "news",
                " ".join(sentences),
            )
        )
    db.executemany(
        "INSERT INTO sources (id, title, publisher, published, url, kind, text) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        source_rows,
    )
    db.commit()
    modalities = choices(Modality)
    batch = []
    for n in range(claims):
        source = source_rows[rng.randrange(sources)]
        start = rng.randrange(0, max(1, len(source[6]) - 80))
        amounts = "[]"
        if rng.random() < AMOUNT_SHARE:
            usd = round(rng.uniform(1e6, 2e9), -5)
            amounts = json.dumps([{"value": usd, "currency": "USD", "usd": usd, "text": "$"}])
        batch.append(
            (
                f"{n:032x}",
                source[0],
                f"item-{rng.randrange(items):06d}",
                start,
                start + 70,
                source[6][start : start + 70],
                rng.choice(modalities),
                0,
                source[3],
                amounts,
                "[]",
                "[]",
                "[]",
                0.9,
                "bench",
                "bench-1",
                "unreviewed",
            )
        )
        if len(batch) == 50_000:
            _insert_claims(db, batch)
            batch = []
    if batch:
        _insert_claims(db, batch)
    db.execute("ANALYZE")
    db.commit()
    db.close()


def _insert_claims(db: sqlite3.Connection, rows: Sequence[tuple[object, ...]]) -> None:
    db.executemany(
        'INSERT INTO claims (id, source_id, item_id, start, "end", sentence, modality, negated, '
        "claim_date, amounts, capacities, dates, actors, confidence, stage, version, "
        "review_state) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
    db.commit()


def measure(base: str, routes: dict[str, list[str]], repeats: int) -> dict[str, list[float]]:
    timings: dict[str, list[float]] = {}
    with httpx.Client(base_url=base, timeout=10.0) as client:
        for name, urls in routes.items():
            client.get(urls[0])  # warm the route once
            samples = []
            for n in range(repeats):
                url = urls[n % len(urls)]
                began = time.perf_counter()
                response = client.get(url)
                samples.append((time.perf_counter() - began) * 1000)
                if response.status_code != 200:
                    raise SystemExit(f"{url}: HTTP {response.status_code} {response.text[:200]}")
            timings[name] = samples
    return timings


def _clock(rng: random.Random) -> tuple[int, str | None, str | None]:
    """One item in twenty waits for progress, overdue 18 months after its promise."""
    if rng.random() >= 0.05:
        return 0, None, None
    since = date(2018, 1, 1) + timedelta(days=rng.randrange(2000))
    return 1, since.isoformat(), (since + timedelta(days=548)).isoformat()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--claims", type=int, default=1_000_000)
    parser.add_argument("--sources", type=int, default=20_000)
    parser.add_argument("--repeats", type=int, default=200, help="requests per route")
    parser.add_argument("--small", action="store_true", help="5,000 items, 50,000 claims")
    parser.add_argument("--keep", type=Path, help="keep the generated database here")
    parser.add_argument("--only", help="time only the routes whose name contains this")
    args = parser.parse_args(argv)
    if args.small:
        args.items, args.claims, args.sources, args.repeats = 5_000, 50_000, 1_000, 50
    with tempfile.TemporaryDirectory() as tmp:
        path = args.keep or Path(tmp) / "bench.db"
        if not path.exists():
            began = time.perf_counter()
            generate(path, args.items, args.claims, args.sources)
            print(
                f"generated {args.items:,} items, {args.claims:,} claims, {args.sources:,} "
                f"sources in {time.perf_counter() - began:.1f} s",
                file=sys.stderr,
            )
        engine = make_engine(f"sqlite:///{path}")
        upgrade(engine)  # a kept database from an older run gets the newer migrations
        with transaction(engine) as session:
            # Each item's walk stored, as re-derivation leaves it after ingest (the statuses
            # stay as generated: an even spread over every status).
            if not session.scalar(select(func.count()).select_from(ItemWalkRow)):
                began = time.perf_counter()
                store_walks(session=session)
                print(
                    f"stored walks in {time.perf_counter() - began:.1f} s",
                    file=sys.stderr,
                )
        port = _free_port()
        app = create_app(engine=engine)
        freeze_startup_objects()  # as `corridor serve` does
        server = uvicorn.Server(
            uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
        )
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        while not server.started:
            time.sleep(0.05)
        rng = random.Random(1)
        ids = [f"item-{rng.randrange(args.items):06d}" for _ in range(50)]
        routes = {
            "baseline /api/health": ["/api/health"],
            "overview /api/overview": ["/api/overview"],
            "overview page /": ["/"],
            "item /api/items/{id}": [f"/api/items/{i}" for i in ids],
            "item page /items/{id}": [f"/items/{i}" for i in ids],
            "filtered list /api/items": [
                "/api/items?pillar=energy&status=operational",
                "/api/items?province=PK-SD&kind=project",
                "/api/items?status=stalled&size=100",
            ],
            "map data /api/map (filtered)": [
                "/api/map?pillar=energy&status=operational",
                "/api/map?pillar=gwadar",
                "/api/map?status=stalled&kind=project",
            ],
            "search /api/search": [
                "/api/search?q=gwadar+solar",
                "/api/search?q=railway+tunnel",
                "/api/search?q=copper+mining&type=item",
            ],
            "claims search /api/search?type=claim": [
                "/api/search?q=gwadar+solar&type=claim",
                "/api/search?q=railway+tunnel&type=claim",
                "/api/search?q=copper+mining&type=claim&modality=pledge",
            ],
            "promises /api/promises (1 week)": [
                "/api/promises?since=2024-02-01&until=2024-02-07&as_of=2025-01-01",
                "/api/promises?since=2022-06-10&until=2022-06-16&as_of=2025-01-01",
            ],
            "promises /api/promises (1 month)": [
                "/api/promises?since=2024-02-01&until=2024-02-29&as_of=2025-01-01",
                "/api/promises?since=2022-06-01&until=2022-06-30&as_of=2025-01-01",
            ],
            "promises page /promises (1 month)": [
                "/promises?since=2024-02-01&until=2024-02-29&as_of=2025-01-01",
                "/promises?since=2022-06-01&until=2022-06-30&as_of=2025-01-01",
            ],
            # The worst case: a month of 2016 followed to today reads ten years of claims.
            "promises /api/promises (2016 month)": [
                "/api/promises?since=2016-03-01&until=2016-03-31",
            ],
            "promises page /promises (1 day)": [
                "/promises?since=2024-02-01&until=2024-02-01&as_of=2025-01-01",
                "/promises?since=2023-09-12&until=2023-09-12&as_of=2025-01-01",
            ],
            "promises page /promises (choose)": ["/promises"],
        }
        if args.only:
            routes = {k: v for k, v in routes.items() if k.startswith("baseline") or args.only in k}
        try:
            timings = measure(f"http://127.0.0.1:{port}", routes, args.repeats)
        finally:
            server.should_exit = True
            thread.join(timeout=10)
            engine.dispose()
    baseline = statistics.median(timings["baseline /api/health"])
    print(f"{'route':34} {'p50 ms':>8} {'p95 ms':>8} {'p50-base':>9}  target p95 < 100 ms")
    worst = 0.0
    for name, samples in timings.items():
        samples.sort()
        p50 = statistics.median(samples)
        p95 = samples[min(len(samples) - 1, int(len(samples) * 0.95))]
        if not name.startswith("baseline"):
            worst = max(worst, p95)
        flag = "" if p95 < TARGET_P95_MS or name.startswith("baseline") else "  OVER"
        print(f"{name:34} {p50:8.1f} {p95:8.1f} {p50 - baseline:9.1f}{flag}")
    print(f"{args.items:,} items, {args.claims:,} claims; worst p95 {worst:.1f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
