"""A claim is dated by the day it was said or the day the act it reports happened, never by a
target, a forecast, a dateline or another clause's date (analyst QA, set X defect 2: the first
date a sentence named won: "expected to be operational in 2030" dated a 2017 progress claim
2030)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import Engine, select

from corridor.ingest.base import ReadResult
from corridor.ingest.batch import ingest
from corridor.model import Document
from corridor.registry import read_registry
from corridor.store import transaction
from corridor.store.items import upsert_items
from corridor.store.sources import _claim_date
from corridor.store.tables import ClaimRow


def _evidence(sentence: str, modality: str, cue: str | None, *dates: tuple[str, str, str]):
    return {
        "sentence": sentence,
        "start": 0,
        "end": len(sentence),
        "modality": modality,
        "cue": cue,
        "dates": [{"text": t, "date": d, "end_date": None, "granularity": g} for t, d, g in dates],
    }


PUBLISHED = date(2017, 4, 23)

CASES: list[tuple[str, dict[str, Any], date | None, int | None, date | None]] = [
    (
        "a forecast is no progress claim's date",
        _evidence(
            "Construction at the Port of Gwadar includes expanding it to accommodate a "
            "free-trade zone, which is expected to be operational in 2030.",
            "progress",
            "Construction at",
            ("2030", "2030-01-01", "year"),
        ),
        PUBLISHED,
        None,
        PUBLISHED,
    ),
    (
        "a pledge's deadline is not the day it was made",
        _evidence(
            "The first phase of the Allama Iqbal Industrial City will be completed in year 2021.",
            "pledge",
            "will be completed",
            ("2021", "2021-01-01", "year"),
        ),
        date(2020, 1, 20),
        None,
        date(2020, 1, 20),
    ),
    (
        "a past deadline of a pledge read later is not its date either",
        _evidence(
            "Rashakai SEZ is going to be functional in March 2023.",
            "pledge",
            "is going to be functional",
            ("March 2023", "2023-03-01", "month"),
        ),
        date(2023, 6, 1),
        None,
        date(2023, 6, 1),
    ),
    (
        "an undated source's pledge is undated, not dated by its target",
        _evidence(
            "Rashakai SEZ is going to be functional in March 2023.",
            "pledge",
            "is going to be functional",
            ("March 2023", "2023-03-01", "month"),
        ),
        None,
        None,
        None,
    ),
    (
        "a pledge is dated by the day it was said",
        _evidence(
            "Gwadar Port will get a new berth costing $120 million, the minister said on Tuesday.",
            "pledge",
            "will",
            ("Tuesday", "2025-03-04", "day"),
        ),
        date(2025, 3, 6),
        None,
        date(2025, 3, 4),
    ),
    (
        "an expectation is not dated by another event's day",
        _evidence(
            "The visit is expected to advance the bilateral agenda in the wake of the 11th "
            "meeting of the JCC on October 27, 2022.",
            "expectation",
            "is expected",
            ("October 27, 2022", "2022-10-27", "day"),
        ),
        date(2022, 11, 1),
        None,
        date(2022, 11, 1),
    ),
    (
        "the act's own day wins over the dateline",
        _evidence(
            "October 15, 2024_ The prime ministers of Pakistan and China on Monday inaugurated "
            "the new Gwadar International Airport.",
            "delivery",
            "inaugurated",
            ("October 15, 2024", "2024-10-15", "day"),
            ("Monday", "2024-10-14", "day"),
        ),
        date(2024, 10, 15),
        None,
        date(2024, 10, 14),
    ),
    (
        "an undated source's dateline dates what it reports",
        _evidence(
            "BEIJING, April 23 (APP): Pakistan and China signed an agreement on the port.",
            "agreement",
            "signed",
            ("April 23", "2017-04-23", "day"),
        ),
        None,
        None,
        date(2017, 4, 23),
    ),
    (
        "an undated source's other clause does not",
        _evidence(
            "The first phase of the project was completed in 2013, while the second phase "
            "began last year.",
            "mention",
            None,
            ("2013", "2013-01-01", "year"),
        ),
        None,
        60,
        None,
    ),
    (
        "another clause's date is not the mention's",
        _evidence(
            "The first phase of the project was completed in 2013, while the second phase "
            "began in September last year, the manager said.",
            "mention",
            None,
            ("2013", "2013-01-01", "year"),
            ("September last year", "2016-09-01", "month"),
        ),
        date(2017, 4, 23),
        60,  # "the second phase"
        date(2016, 9, 1),
    ),
    (
        "another clause's date alone leaves the source's date",
        _evidence(
            "The first phase of the project was completed in 2013, while the second phase "
            "began last year.",
            "mention",
            None,
            ("2013", "2013-01-01", "year"),
        ),
        date(2017, 4, 23),
        60,
        date(2017, 4, 23),
    ),
    (
        "a stated day of the act in its clause",
        _evidence(
            "Pakistan and China signed the agreement on 5 February 2025.",
            "agreement",
            "signed",
            ("5 February 2025", "2025-02-05", "day"),
        ),
        date(2025, 2, 7),
        None,
        date(2025, 2, 5),
    ),
    (
        "no source date and no anchor: the first stated date that is not later",
        _evidence("Work continued in 2019.", "progress", None, ("2019", "2019-01-01", "year")),
        None,
        None,
        date(2019, 1, 1),
    ),
]


@pytest.mark.parametrize(
    ("evidence", "published", "mention_start", "expected"),
    [c[1:] for c in CASES],
    ids=[c[0] for c in CASES],
)
def test_claim_date_rule(
    evidence: dict[str, Any], published: date | None, mention_start: int | None, expected: date
) -> None:
    assert _claim_date(evidence, published, mention_start) == expected


def test_the_mention_offset_in_the_case_is_the_second_phase() -> None:
    assert CASES[9][1]["sentence"][60:76] == "the second phase"


ARTICLE = (
    "October 15, 2024_ The prime ministers of Pakistan and China on Monday inaugurated the new "
    "Gwadar International Airport, a key project for the economic development of the region.\n\n"
    "Construction at the Port of Gwadar includes expanding it to accommodate a free-trade "
    "zone, which is expected to be operational in 2030.\n\n"
    "The first phase of the Allama Iqbal Industrial City will be completed in 2026.\n"
)


def test_stored_claims_are_dated_by_the_act_or_the_source_not_a_target(engine: Engine) -> None:
    with transaction(engine) as session:
        upsert_items(session=session, items=read_registry())
    document = Document(text=ARTICLE, title="Gwadar", published=date(2024, 10, 15))
    summary = ingest([ReadResult(document, "gwadar.txt")], engine=engine)
    assert (summary.new, summary.failed) == (1, [])
    with transaction(engine) as session:
        rows = session.execute(select(ClaimRow.item_id, ClaimRow.claim_date, ClaimRow.dates))
        claims = {item: (day, dates) for item, day, dates in rows}
    airport, port, aiic = (
        claims["new-gwadar-international-airport"],
        claims["gwadar-port"],
        claims["allama-iqbal-industrial-city"],
    )
    assert airport[0] == date(2024, 10, 14)  # "on Monday inaugurated", not the dateline
    assert port[0] == date(2024, 10, 15)  # the source's day, not 2030
    assert aiic[0] == date(2024, 10, 15)  # the day of the pledge, not its deadline
    # the targets stay with the claims
    assert [d["date"] for d in port[1]] == ["2030-01-01"]
    assert [d["date"] for d in aiic[1]] == ["2026-01-01"]
