"""A candidate stored by an older extractor under a word now too generic to follow ("Agreements":
generic_items.toml `tracked = false`) is linked to by no new name (QA round 2: after an
upgrade, "agreements on energy" went to the old "Agreements" item)."""

from __future__ import annotations

from sqlalchemy import Engine

from corridor.model import Origin
from corridor.store import transaction
from corridor.store.tables import ItemRow
from corridor.track.link import best_candidate


def _candidate(item_id: str, name: str, kind: str) -> ItemRow:
    return ItemRow(id=item_id, name=name, aliases=[], kind=kind, pillar="other", parties=[],
                   sources=[], status="unknown", origin=Origin.CANDIDATE.value)  # fmt: skip


def test_an_old_generic_candidate_is_linked_to_by_nothing(engine: Engine) -> None:
    with transaction(engine) as session:
        session.add(_candidate("cand-agreements-old", "Agreements", "agreement"))
        session.add(_candidate("cand-energy-mous", "energy MoUs with Sindh", "agreement"))
    with transaction(engine) as session:
        for name in ("agreements on energy", "Agreements", "bilateral agreements"):
            found = best_candidate(session=session, name=name, kind="agreement")
            assert found is None or found[0] != "cand-agreements-old", name
        found = best_candidate(session=session, name="energy MoUs with Sindh", kind="agreement")
        assert found is not None and found[0] == "cand-energy-mous"


def test_a_re_mention_finds_its_candidate_among_many_of_the_same_words(engine: Engine) -> None:
    # Helper-87's review: cut to ten by spelling alone, "the Gwadar solar park 27 project"
    # lost its candidate to ten other Gwadar solar parks, and became a new one.
    with transaction(engine) as session:
        for n in range(40):
            session.add(_candidate(f"cand-park-{n}", f"Gwadar solar park {n}", "project"))
    with transaction(engine) as session:
        for n in (3, 27, 39):
            found = best_candidate(session=session, name=f"the Gwadar solar park {n} project",
                                   kind="project")  # fmt: skip
            assert found is not None and found[0] == f"cand-park-{n}"
