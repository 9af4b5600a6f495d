"""A generated corpus for benchmarks: news-like articles in this domain's vocabulary.

Sentences are assembled from registry names, cues of every modality, money, capacities and
dates, with filler of the length real reports have. Measured with corridor's own extractor,
the corpus holds 5.2 item mentions and 0.31 amounts per 100 words, where 88 real articles
(docs/real-articles.md) hold 2.7 and 0.27: it is denser in items than the news, so its
speed figures err on the slow side. Deterministic for a given seed.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, timedelta

from corridor.model import Document, SourceKind
from corridor.registry import bundled_items

PATTERNS = [
    "Work on the {item} is under way, officials said on {day}.",
    "The {item} was inaugurated by Prime Minister Shehbaz Sharif on {day}.",
    "China will finance the {item} at a cost of {money}, the minister announced.",
    "An MoU on the {item} was signed in Beijing on {day}.",
    "The {item} has been delayed by unpaid dues and security concerns.",
    "Pakistan should prioritise the {item} to attract Chinese investment.",
    "The {item} is expected to be completed by end-{year}.",
    "The {capacity} {item} has not been completed despite repeated deadlines.",
    "Officials said the {item} and the {item2} were discussed at the JCC meeting.",
    "A {capacity} solar park in {city} will be built under CPEC, the provincial government said.",
    "Nearly {pct}% of the project's workforce is local, according to the company.",
]
FILLER = [
    "The development comes as both countries mark years of cooperation under the corridor.",
    "Analysts in Islamabad said the economic outlook depends on reforms and export growth.",
    "The meeting was attended by senior officials from the planning ministry and the embassy.",
    "Provincial authorities have been asked to ensure land acquisition and security.",
    "Business leaders welcomed the move, saying it would create jobs for young people.",
    "The two sides also reviewed progress on earlier agreements and discussed new areas.",
    "Critics have questioned the terms of the financing and the pace of implementation.",
    "The statement said the leadership of both countries remained committed to the vision.",
]
CITIES = ["Bahawalpur", "Sukkur", "Quetta", "Peshawar", "Multan", "Thatta", "Gilgit", "Karachi"]


def article(rng: random.Random, names: list[str], words: int = 600) -> Document:
    day0 = date(2019, 1, 1) + timedelta(days=rng.randrange(2500))
    paragraphs: list[str] = []
    count = 0
    while count < words:
        sentences = []
        for _ in range(rng.randint(3, 5)):
            if rng.random() < 0.45:
                pattern = rng.choice(PATTERNS)
                sentence = pattern.format(
                    item=rng.choice(names),
                    item2=rng.choice(names),
                    day=(day0 - timedelta(days=rng.randrange(60))).strftime("%B %d, %Y"),
                    money=rng.choice(
                        [
                            "$1.5 billion",
                            "Rs 12 billion",
                            "US$300 million",
                            "RMB 5 billion",
                            "PKR 500 million",
                        ]
                    ),
                    year=rng.choice(["2025", "2026", "2027"]),
                    capacity=rng.choice(["300MW", "1,320MW", "120km", "1,000 acres"]),
                    city=rng.choice(CITIES),
                    pct=rng.randint(20, 90),
                )
            else:
                sentence = rng.choice(FILLER)
            sentences.append(sentence)
            count += len(sentence.split())
        paragraphs.append(" ".join(sentences))
    title = f"CPEC update: {rng.choice(names)}"
    return Document(
        text=title + "\n\n" + "\n\n".join(paragraphs),
        title=title,
        publisher="Bench Daily",
        published=day0,
        kind=SourceKind.NEWS,
    )


def corpus(n: int, *, seed: int = 7, words: int = 600) -> Iterator[Document]:
    rng = random.Random(seed)
    names = [i.name for i in bundled_items()] + [
        a for i in bundled_items() for a in i.aliases if a.isascii() and len(a) > 4
    ]
    for _ in range(n):
        yield article(rng, names, words)
