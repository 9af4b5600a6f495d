"""The extraction pipeline: corridor's stages registered as spaCy factories, assembled by name.

spaCy forbids "." in factory names, so the stage `corridor.gazetteer.v1` is the factory
`corridor_gazetteer_v1`; a stage list may use either spelling, and any other registered
spaCy factory (a statistical NER, say) may replace or join corridor's own.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from functools import lru_cache

import spacy
from spacy.language import Language

from corridor.errors import CorridorError
from corridor.extract.actors import ActorFinder
from corridor.extract.amounts import AmountFinder
from corridor.extract.base import register_extensions
from corridor.extract.candidates import Candidates
from corridor.extract.dates import DateFinder
from corridor.extract.events import EventFinder
from corridor.extract.gazetteer import Gazetteer
from corridor.extract.modality import ModalityTagger
from corridor.extract.rules import bundled_rules
from corridor.extract.segment import SentenceSplitter
from corridor.extract.statistics import StatisticFinder
from corridor.model import Item
from corridor.registry import bundled_items

DEFAULT_STAGES: tuple[str, ...] = (
    "corridor.sentences.v1",
    "corridor.gazetteer.v1",
    "corridor.candidates.v1",
    "corridor.dates.v1",
    "corridor.amounts.v1",
    "corridor.actors.v1",
    "corridor.modality.v1",
    "corridor.events.v1",
    "corridor.statistics.v1",
)

# The stages built on an item set.
ITEM_STAGES = ("corridor_gazetteer_v1", "corridor_candidates_v1")
# Item sets the gazetteer can be built on, by key: spaCy configs hold strings, not objects.
ITEM_SETS: dict[str, tuple[Item, ...]] = {}


def item_set(key: str) -> tuple[Item, ...]:
    if key == "bundled":
        return bundled_items()
    try:
        return ITEM_SETS[key]
    except KeyError:
        raise CorridorError("E403", f"no item set {key!r} registered") from None


def factory_name(stage: str) -> str:
    return stage.replace(".", "_")


@Language.factory("corridor_sentences_v1")
def _sentences(nlp: Language, name: str) -> SentenceSplitter:
    return SentenceSplitter(nlp)


@Language.factory("corridor_gazetteer_v1", default_config={"items_key": "bundled"})
def _gazetteer(nlp: Language, name: str, items_key: str) -> Gazetteer:
    return Gazetteer(nlp, item_set(items_key), bundled_rules().gazetteer)


@Language.factory("corridor_candidates_v1", default_config={"items_key": "bundled"})
def _candidates(nlp: Language, name: str, items_key: str) -> Candidates:
    return Candidates(nlp, bundled_rules().vocabulary, item_set(items_key))


@Language.factory("corridor_dates_v1")
def _dates(nlp: Language, name: str) -> DateFinder:
    return DateFinder(nlp)


@Language.factory("corridor_amounts_v1")
def _amounts(nlp: Language, name: str) -> AmountFinder:
    return AmountFinder(nlp, bundled_rules().currency)


@Language.factory("corridor_actors_v1")
def _actors(nlp: Language, name: str) -> ActorFinder:
    return ActorFinder(nlp, bundled_rules().actors)


@Language.factory("corridor_modality_v1")
def _modality(nlp: Language, name: str) -> ModalityTagger:
    return ModalityTagger(nlp, bundled_rules().cues)


@Language.factory("corridor_events_v1")
def _events(nlp: Language, name: str) -> EventFinder:
    return EventFinder(nlp, bundled_rules().actors)


@Language.factory("corridor_statistics_v1")
def _statistics(nlp: Language, name: str) -> StatisticFinder:
    return StatisticFinder(nlp, bundled_rules().actors)


def build_pipeline(items: Sequence[Item] | None = None,
                   stages: Sequence[str] | None = None) -> Language:  # fmt: skip
    """A blank English pipeline with the named stages; the default one is built once."""
    if items is None and stages is None:
        return _default_pipeline()
    return _build(items, tuple(stages) if stages is not None else DEFAULT_STAGES)


@lru_cache(maxsize=1)
def _default_pipeline() -> Language:
    return _build(None, DEFAULT_STAGES)


def pipeline_for(items: Sequence[Item]) -> Language:
    """The default stages on these items (a database's registry: the bundled one plus what
    a user loaded or merged), built once per distinct set of what the stages read of them;
    the bundled registry gives the default pipeline."""
    key = gazetteer_key(items)
    if key == _bundled_key():
        return _default_pipeline()
    nlp = _CUSTOM.pop(key, None) or _build(items, DEFAULT_STAGES)
    _CUSTOM[key] = nlp  # the newest last
    while len(_CUSTOM) > CUSTOM_KEPT:
        gone = _CUSTOM.pop(next(iter(_CUSTOM)))
        ITEM_SETS.pop(gone.get_pipe_config(ITEM_STAGES[0]).get("items_key", ""), None)
    return nlp


def gazetteer_key(items: Sequence[Item]) -> str:
    """A digest of what the item stages read of each item: a status or a note changes with
    every ingest and must not rebuild the pipeline."""
    read = sorted(
        (i.id, i.name, sorted(i.aliases), str(i.kind), str(i.pillar), i.city, i.capacity,
         i.capacity_unit)
        for i in items
    )  # fmt: skip
    return hashlib.sha256(json.dumps(read, default=str).encode()).hexdigest()


@lru_cache(maxsize=1)
def _bundled_key() -> str:
    """The bundled registry's gazetteer_key: it never changes in a process, and every ingest
    (each web request) compares the database's registry with it."""
    return gazetteer_key(bundled_items())


# Pipelines built on other registries, by gazetteer_key, the least recently used first: a
# server sees one registry at a time, and a few more leave room for edits.
_CUSTOM: dict[str, Language] = {}
CUSTOM_KEPT = 4


def _build(items: Sequence[Item] | None, stages: tuple[str, ...]) -> Language:
    register_extensions()
    bundled_rules()  # validate every rule file up front (E401), whichever stages run
    key = "bundled"
    if items is not None:
        key = f"custom-{len(ITEM_SETS)}"
        ITEM_SETS[key] = tuple(items)
    nlp = spacy.blank("en")
    for stage in stages:
        name = factory_name(stage)
        if not nlp.has_factory(name):
            raise CorridorError("E400", repr(stage))
        config = {"items_key": key} if name in ITEM_STAGES else {}
        nlp.add_pipe(name, name=name, config=config)
    return nlp
