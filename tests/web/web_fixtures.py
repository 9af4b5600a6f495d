"""The web tests' data: the bundled registry, an article about Gwadar and Rashakai, and a
hostile article whose title, text, item name and URL carry markup and script."""

from __future__ import annotations

import re
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

import pytest
import uvicorn
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from corridor.model import Document, SourceKind
from corridor.registry import read_registry
from corridor.store import transaction
from corridor.store.items import upsert_items
from corridor.store.sources import store_extraction
from corridor.track.derive import refresh_statuses

ARTICLE = (
    "Gwadar, March 3. The first phase of Gwadar Port is operational, officials said. "
    "China will finance the expansion of the Rashakai SEZ with $150 million, the minister "
    "pledged. Work on the Rashakai SEZ is under way despite delays.\n\n"
    "A signing ceremony was held in Islamabad on 5 February 2025."
)
HOSTILE_NAME = "Evil <script>alert(1)</script> Dam"
HOSTILE_TITLE = "Headline <img src=x onerror=alert(1)> <script>alert(1)</script>"
HOSTILE = (
    "The Evil <script>alert(1)</script> Dam will be built by 2030, sources said. "
    'Click <a href="javascript:alert(1)">here</a> or <img src=x onerror=alert(1)> now.'
)
HOSTILE_URL = "javascript:alert(1)"


def _span(text: str, sentence_start: str, sentence_end: str) -> tuple[int, int]:
    start = text.index(sentence_start)
    end = text.index(sentence_end, start) + len(sentence_end)
    return start, end


def _evidence(text: str, first: str, last: str, modality: str, **extra: Any) -> dict[str, Any]:
    start, end = _span(text, first, last)
    return {"sentence": text[start:end], "start": start, "end": end, "modality": modality, **extra}


def article_extraction() -> dict[str, Any]:
    text = ARTICLE
    pledge = _evidence(text, "China will", "pledged.", "pledge")
    amount_start = text.index("$150 million")
    return {
        "items": [
            {
                "item_id": "gwadar-port",
                "name": "Gwadar Port",
                "kind": "project",
                "pillar": "gwadar",
                "mentions": [
                    {
                        "text": "Gwadar Port",
                        "start": text.index("Gwadar Port"),
                        "end": text.index("Gwadar Port") + 11,
                    }
                ],
                "evidence": [_evidence(text, "The first phase", "officials said.", "delivery")],
            },
            {
                "item_id": "rashakai-sez",
                "name": "Rashakai SEZ",
                "kind": "sez",
                "pillar": "industry",
                "mentions": [],
                "evidence": [
                    pledge,
                    _evidence(text, "Work on the", "despite delays.", "progress"),
                ],
            },
        ],
        "amounts": [
            {
                "value": 1.5e8,
                "currency": "USD",
                "usd": 1.5e8,
                "text": "$150 million",
                "start": amount_start,
                "end": amount_start + 12,
                "item_id": "rashakai-sez",
            }
        ],
        "events": [
            {
                "type": "signing",
                "date": "2025-02-05",
                "end_date": None,
                "actors": ["Pakistan", "China"],
                "place": "Islamabad",
                "evidence": text[text.index("A signing") :],
                "start": text.index("A signing"),
                "end": len(text),
                "item_ids": ["rashakai-sez"],
            }
        ],
    }


def hostile_extraction() -> dict[str, Any]:
    text = HOSTILE
    return {
        "items": [
            {
                "item_id": None,
                "name": HOSTILE_NAME,
                "kind": "project",
                "pillar": "energy",
                "mentions": [],
                "evidence": [_evidence(text, "The Evil", "sources said.", "expectation")],
            },
            {
                "item_id": "gwadar-port",
                "name": "Gwadar Port",
                "kind": "project",
                "pillar": "gwadar",
                "mentions": [],
                "evidence": [_evidence(text, "Click", "now.", "problem")],
            },
        ],
        "amounts": [],
        "events": [],
    }


def load(engine: Engine) -> dict[str, str]:
    """Fill a migrated database; returns the ids the tests look for."""
    with transaction(engine) as session:
        upsert_items(session=session, items=read_registry())
        good = store_extraction(
            session=session,
            document=Document(
                text=ARTICLE,
                title="Gwadar port phase one operational; Rashakai financing pledged",
                publisher="Dawn",
                published=date(2025, 3, 3),
                url="https://example.org/gwadar-rashakai",
                kind=SourceKind.NEWS,
            ),
            extraction=article_extraction(),
            version="test-1",
        )
        bad = store_extraction(
            session=session,
            document=Document(
                text=HOSTILE,
                title=HOSTILE_TITLE,
                publisher="<b>Evil Times</b>",
                published=date(2025, 4, 1),
                url=HOSTILE_URL,
                kind=SourceKind.NEWS,
            ),
            extraction=hostile_extraction(),
            version="test-1",
        )
        # As ingest does after storing: loading the registry stored each item's walk, and a
        # walk read after new claims must have been stored after them.
        refresh_statuses(session=session, item_ids=good.items | bad.items)
    from corridor.track.link import candidate_id

    return {
        "article": good.source_id,
        "hostile": bad.source_id,
        "hostile_item": candidate_id(HOSTILE_NAME),
    }


def store_expectations(
    engine: Engine, names: list[str], *, published: date, **document: Any
) -> str:
    """Store one document saying of each candidate named that it "will be built": one
    expectation claim each, dated `published`. Returns the source id."""
    text = " ".join(f"The {name} will be built by 2030, sources said." for name in names)
    items = [
        {
            "item_id": None,
            "name": name,
            "kind": "project",
            "pillar": "energy",
            "mentions": [],
            "evidence": [_evidence(text, f"The {name} will", "sources said.", "expectation")],
        }
        for name in names
    ]
    with transaction(engine) as session:
        stored = store_extraction(
            session=session,
            document=Document(text=text, published=published, **document),
            extraction={"items": items, "amounts": [], "events": []},
            version="test-1",
        )
        refresh_statuses(session=session, item_ids=stored.items)
    return stored.source_id


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serving(config: uvicorn.Config) -> Iterator[None]:
    """A real uvicorn server on `config`, in a thread, for as long as the block runs."""
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def sign_in(client: TestClient, token: str) -> None:
    """Sign the test client in with a token through the sign-in form (its CSRF token)."""
    csrf = re.search(r'name="csrf" value="([^"]+)"', client.get("/signin").text)
    assert csrf
    response = client.post(
        "/signin", data={"token": token, "csrf": csrf.group(1)}, follow_redirects=False
    )
    assert response.status_code == 303
