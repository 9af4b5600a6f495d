"""Killed mid-ingest, corridor leaves no half-stored document and a sound full-text index."""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from corridor.extract import extract
from corridor.model import Document
from corridor.store import make_engine, transaction
from corridor.store.tables import ClaimRow, SourceRow

CORRIDOR = shutil.which("corridor") or str(Path(sys.executable).parent / "corridor")
SENTENCES = [
    "Work on the Rashakai SEZ is under way, officials said.",
    "The Karot hydropower project was inaugurated by the prime minister.",
    "China will finance the ML-1 railway upgrade, the minister announced.",
    "An MoU on a 300MW solar park in Bahawalpur was signed in Beijing.",
    "The Gwadar port expansion has been delayed by security concerns.",
]


def _archive(path: Path, n: int) -> None:
    rng = random.Random(5)
    with path.open("w", encoding="utf-8") as out:
        for i in range(n):
            body = " ".join(rng.choice(SENTENCES) for _ in range(30))
            record = {"url": f"https://example.org/{i}", "title": f"Report {i}",
                      "published": "2025-03-01", "publisher": "Test", "text": f"Report {i}. {body}"}  # fmt: skip
            out.write(json.dumps(record) + "\n")


@pytest.mark.slow
def test_kill_9_mid_ingest_leaves_no_partial_document(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'crash.db'}"
    env = {**os.environ, "CORRIDOR_DATABASE_URL": db}
    archive = tmp_path / "archive.jsonl"
    _archive(archive, 150)
    for command in (["db", "init"], ["registry", "load"]):
        subprocess.run([CORRIDOR, *command], env=env, check=True, capture_output=True)
    engine = make_engine(db)

    def stored_sources() -> int:
        with transaction(engine) as session:
            return int(session.scalar(select(func.count()).select_from(SourceRow)) or 0)

    rng = random.Random(11)
    kills = 0
    for _ in range(6):
        process = subprocess.Popen(
            [CORRIDOR, "ingest", str(archive)], env=env,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        # Kill once this run has stored a few more documents: mid-ingest, not at start-up.
        target = stored_sources() + rng.randint(3, 15)
        deadline = time.monotonic() + 60
        while process.poll() is None and stored_sources() < target and time.monotonic() < deadline:
            time.sleep(rng.uniform(0.01, 0.05))
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
            kills += 1
        process.wait()
    assert kills >= 3 and stored_sources() < 150, "the kills did not land mid-ingest"
    # A last run completes what the killed ones left.
    subprocess.run([CORRIDOR, "ingest", str(archive)], env=env, check=True, capture_output=True)

    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"
        conn.execute(text("INSERT INTO sources_fts(sources_fts) VALUES ('integrity-check')"))
        conn.execute(text("INSERT INTO items_fts(items_fts) VALUES ('integrity-check')"))
    with transaction(engine) as session:
        sources = list(session.scalars(select(SourceRow)))
        counts = select(ClaimRow.source_id, func.count()).group_by(ClaimRow.source_id)
        stored = Counter({row[0]: row[1] for row in session.execute(counts)})
    assert len(sources) == 150
    # Every stored document carries every claim its extraction makes: none is half-written.
    for source in sources[:40]:
        expected = extract(Document(text=source.text, published=source.published)).to_dict()
        made = sum(len(item["evidence"]) for item in expected["items"])
        assert stored[source.id] == made, source.title
    engine.dispose()
