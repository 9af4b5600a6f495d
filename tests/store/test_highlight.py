"""A source's text cut into highlighted segments: the source page and the API's `segments`."""

from __future__ import annotations

import random
from typing import Any

from corridor.model import MODALITY_RANK, Modality
from corridor.store.pages import highlight_segments


def _claim(n: int, start: int, end: int, modality: str, item: str = "X") -> dict[str, Any]:
    return {"id": n, "start": start, "end": end, "modality": modality, "item_name": item}


def test_overlapping_claims_take_the_strongest_modality_and_all_their_ids() -> None:
    text = "Gwadar port was completed; the airport is delayed."
    claims = [
        _claim(1, 0, 26, "delivery", "Gwadar Port"),
        _claim(2, 0, 50, "problem", "Gwadar Airport"),
        _claim(3, 30, 50, "mention", "Gwadar Airport"),
    ]
    segments = highlight_segments(text, claims)
    assert "".join(s["text"] for s in segments) == text
    assert [(s["text"], s["modality"], s["claim_ids"]) for s in segments] == [
        ("Gwadar port was completed;", "problem", [1, 2]),
        (" the", "problem", [2]),
        (" airport is delayed.", "problem", [2, 3]),
    ]
    assert segments[0]["items"] == ["Gwadar Airport", "Gwadar Port"]


def test_offsets_outside_the_text_are_clipped_and_empty_claims_ignored() -> None:
    text = "short text"
    segments = highlight_segments(
        text, [_claim(1, 6, 99, "pledge"), _claim(2, 3, 3, "delivery"), _claim(3, -4, 2, "x")]
    )
    assert [(s["text"], s["modality"], s["claim_ids"]) for s in segments] == [
        ("sh", "mention", [3]),  # an unknown modality shows as a mention
        ("ort ", None, []),
        ("text", "pledge", [1]),
    ]


def _by_definition(text: str, claims: list[dict[str, Any]]) -> list[tuple[str, Any, list[int]]]:
    """Each character with the claims covering it, runs of equal ones merged: what the
    segments mean, computed the slow way."""
    known = {m.value for m in Modality}
    rank = {m: MODALITY_RANK[Modality(m)] for m in known}
    runs: list[tuple[str, Any, list[int]]] = []
    for i, char in enumerate(text):
        covering = [c for c in claims if max(c["start"], 0) <= i < min(c["end"], len(text))]
        ids = sorted({c["id"] for c in covering})
        modality = None
        if covering:
            best = max((c["modality"] for c in covering), key=lambda m: rank.get(m, -1))
            modality = best if best in known else "mention"
        if runs and runs[-1][1:] == (modality, ids):
            runs[-1] = (runs[-1][0] + char, modality, ids)
        else:
            runs.append((char, modality, ids))
    return runs


def test_segments_match_their_definition_on_random_claims() -> None:
    rng = random.Random(7)
    modalities = [m.value for m in Modality] + ["unknown"]
    for _ in range(30):
        text = "".join(rng.choice("ab ") for _ in range(rng.randrange(1, 120)))
        claims = []
        for _ in range(rng.randrange(0, 25)):
            start = rng.randrange(-5, 125)
            claims.append(_claim(rng.randrange(12), start, start + rng.randrange(-3, 40),
                                 rng.choice(modalities)))  # fmt: skip
        got = [(s["text"], s["modality"], s["claim_ids"]) for s in highlight_segments(text, claims)]
        assert got == _by_definition(text, claims)
