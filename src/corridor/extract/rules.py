"""Rule data for the extraction stages: loaded from src/corridor/data/*.toml and validated once.

Cue lists, currency rates and vocabularies are data, so an analyst can extend them without
touching code; a malformed file stops the pipeline build with E401 naming the file.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from corridor.errors import CorridorError
from corridor.model import Kind, Modality, Pillar, choices

DATA_FILES = ("cues.toml", "currency_rates.toml", "generic_items.toml", "gazetteer.toml",
              "actors.toml")  # fmt: skip


def data_dir() -> Path:
    return Path(str(resources.files("corridor") / "data"))


def _load(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except OSError as exc:
        raise CorridorError("E401", f"{path.name}: {exc.strerror}") from None
    except tomllib.TOMLDecodeError as exc:
        raise CorridorError("E401", f"{path.name}: {exc}") from None


def _strings(data: dict[str, Any], key: str, where: str) -> list[str]:
    value = data.get(key)
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise CorridorError("E401", f"{where}: {key} must be a list of non-empty strings")
    return [v.strip() for v in value]


def _table(data: dict[str, Any], key: str, where: str) -> dict[str, Any]:
    value = data.get(key)
    if not isinstance(value, dict):
        raise CorridorError("E401", f"{where}: missing table [{key}]")
    return value


@dataclass(frozen=True, slots=True)
class Cues:
    by_modality: dict[Modality, list[str]]
    irrealis: list[str]
    proposal_gerunds: list[str]
    effect_modals: list[str]
    effect_verbs: list[str]
    negations: list[str]
    negation_window: int
    clause_breaks: list[str]
    frame_before: list[str]
    # [attributive]: cue words that, as an adjective before a noun, describe that noun
    # ("China's proposed trading route"); those said of it only when it is the work itself
    # ("the ongoing construction of ML-1", not "the ongoing water emergency"); the work nouns
    attributive: list[str] = field(default_factory=list)
    attributive_of_work: list[str] = field(default_factory=list)
    work_nouns: list[str] = field(default_factory=list)
    # [irrealis] expectation: what turns a following realis cue into a possibility ("can be")
    irrealis_expectation: list[str] = field(default_factory=list)
    # [proposal] phrases: recommendation cues in op-eds and analyses only ("opportunity to")
    proposal_phrases: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Currency:
    default_year: int
    aliases: dict[str, str]
    scales: dict[str, float]
    units_per_usd: dict[str, dict[int, float]]

    def to_usd(self, value: float, code: str, year: int | None) -> float | None:
        table = self.units_per_usd.get(code)
        if not table:
            return None
        wanted = year or self.default_year
        nearest = min(table, key=lambda y: (abs(y - wanted), -y))
        return value / table[nearest]


@dataclass(frozen=True, slots=True)
class GenericItem:
    name: str
    kind: Kind
    pillar: Pillar
    phrases: list[str]
    # False for words too generic to follow across documents ("agreements": each text's are
    # other ones): found in a document, never stored as an item (docs/extract-format.md)
    tracked: bool = True


@dataclass(frozen=True, slots=True)
class Vocabulary:
    items: list[GenericItem]
    heads: dict[str, Kind]
    modifiers: frozenset[str]
    pillar_keywords: dict[str, Pillar]
    # heads with the words before them whose kind is not the head's ("solar park"): read
    # for the kind only, never matched as heads
    kinds: dict[str, Kind]
    # names of bodies that are no party to Pakistan-China cooperation ("International
    # Monetary Fund"), as normalised by candidates.normalise_name: never a candidate
    not_items: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class GazetteerRules:
    confirm: frozenset[str]
    trusted: frozenset[str]
    confirm_heads: frozenset[str]
    tails: list[str]
    context: frozenset[str]
    derived_heads: list[str]
    places: frozenset[str]


@dataclass(frozen=True, slots=True)
class ActorRules:
    titles: list[str]
    people: list[str]
    triggers: dict[str, list[str]]
    places: list[str]
    statistic_nouns: list[str]


@dataclass(frozen=True, slots=True)
class Rules:
    cues: Cues
    currency: Currency
    vocabulary: Vocabulary
    gazetteer: GazetteerRules
    actors: ActorRules


def _cues(data: dict[str, Any]) -> Cues:
    where = "cues.toml"
    table = _table(data, "modality", where)
    by_modality: dict[Modality, list[str]] = {}
    for key in table:
        if key not in choices(Modality) or key == Modality.MENTION:
            raise CorridorError("E401", f"{where}: unknown modality {key!r}")
        by_modality[Modality(key)] = _strings(table, key, f"{where} [modality]")
    negation = _table(data, "negation", where)
    window = negation.get("window")
    attributive = _table(data, "attributive", where)
    irrealis = _table(data, "irrealis", where)
    proposal = _table(data, "proposal", where)
    if not isinstance(window, int) or not 1 <= window <= 10:
        raise CorridorError("E401", f"{where}: [negation] window must be an integer 1-10")
    return Cues(
        by_modality=by_modality,
        irrealis=_strings(irrealis, "pledge", f"{where} [irrealis]"),
        irrealis_expectation=(
            _strings(irrealis, "expectation", f"{where} [irrealis]")
            if "expectation" in irrealis
            else []
        ),
        proposal_gerunds=_strings(proposal, "gerunds", where),
        proposal_phrases=(
            _strings(proposal, "phrases", f"{where} [proposal]") if "phrases" in proposal else []
        ),
        effect_modals=_strings(_table(data, "effect", where), "modals", f"{where} [effect]"),
        effect_verbs=_strings(_table(data, "effect", where), "verbs", f"{where} [effect]"),
        negations=_strings(negation, "words", f"{where} [negation]"),
        negation_window=window,
        clause_breaks=[b for b in _table(data, "clause", where).get("breaks", []) if b],
        frame_before=_strings(_table(data, "frame", where), "before", f"{where} [frame]"),
        attributive=_strings(attributive, "describe", f"{where} [attributive]"),
        attributive_of_work=_strings(attributive, "of_work", f"{where} [attributive]"),
        work_nouns=_strings(attributive, "work_nouns", f"{where} [attributive]"),
    )


def _currency(data: dict[str, Any]) -> Currency:
    where = "currency_rates.toml"
    year = data.get("default_year")
    if not isinstance(year, int):
        raise CorridorError("E401", f"{where}: default_year must be an integer year")
    aliases = _table(data, "aliases", where)
    scales = _table(data, "scales", where)
    rates_raw = _table(data, "units_per_usd", where)
    rates: dict[str, dict[int, float]] = {}
    for code, table in rates_raw.items():
        if not isinstance(table, dict) or not table:
            raise CorridorError("E401", f"{where}: units_per_usd.{code} must be a table")
        rates[code] = {}
        for y, rate in table.items():
            if not str(y).isdigit() or not isinstance(rate, int | float) or rate <= 0:
                raise CorridorError("E401", f"{where}: units_per_usd.{code}.{y} = {rate!r}")
            rates[code][int(y)] = float(rate)
    for surface, code in aliases.items():
        if code not in rates:
            raise CorridorError("E401", f"{where}: alias {surface!r} names unknown code {code!r}")
    for word, factor in scales.items():
        if not isinstance(factor, int | float) or factor <= 0:
            raise CorridorError("E401", f"{where}: scale {word!r} = {factor!r}")
    return Currency(
        default_year=year,
        aliases=dict(aliases),
        scales={k.lower(): float(v) for k, v in scales.items()},
        units_per_usd=rates,
    )


def _vocabulary(data: dict[str, Any]) -> Vocabulary:
    where = "generic_items.toml"
    items: list[GenericItem] = []
    raw_items = data.get("item")
    if not isinstance(raw_items, list) or not raw_items:
        raise CorridorError("E401", f"{where}: no [[item]] entries")
    for n, raw in enumerate(raw_items, 1):
        at = f"{where} item {n}"
        name = raw.get("name")
        if not isinstance(name, str) or not name:
            raise CorridorError("E401", f"{at}: missing name")
        if raw.get("kind") not in choices(Kind) or raw.get("pillar") not in choices(Pillar):
            raise CorridorError("E401", f"{at} ({name}): bad kind or pillar")
        phrases = _strings(raw, "phrases", at)
        tracked = raw.get("tracked", True)
        if not isinstance(tracked, bool):
            raise CorridorError("E401", f"{at} ({name}): tracked must be true or false")
        items.append(GenericItem(name, Kind(raw["kind"]), Pillar(raw["pillar"]), phrases, tracked))
    heads: dict[str, Kind] = {}
    kinds: dict[str, Kind] = {}
    for table, into in (("heads", heads), ("kinds", kinds)):
        if table == "kinds" and table not in data:  # optional: rules written before it
            continue
        for head, kind in _table(data, table, where).items():
            if kind not in choices(Kind):
                raise CorridorError(
                    "E401", f"{where}: [{table}] {head!r} has unknown kind {kind!r}"
                )
            into[head.lower()] = Kind(kind)
    keywords: dict[str, Pillar] = {}
    for pillar, words in _table(data, "pillar_keywords", where).items():
        if pillar not in choices(Pillar):
            raise CorridorError("E401", f"{where}: unknown pillar {pillar!r}")
        for word in _strings({"w": words}, "w", f"{where} [pillar_keywords] {pillar}"):
            keywords.setdefault(word.lower(), Pillar(pillar))
    modifiers = _strings(_table(data, "modifiers", where), "words", f"{where} [modifiers]")
    not_items: list[str] = []
    if "not_items" in data:  # optional: rules written before it
        not_items = _strings(_table(data, "not_items", where), "names", f"{where} [not_items]")
    return Vocabulary(items, heads, frozenset(m.lower() for m in modifiers), keywords, kinds,
                      frozenset(not_items))  # fmt: skip


def _gazetteer(data: dict[str, Any]) -> GazetteerRules:
    where = "gazetteer.toml"
    acronyms = _table(data, "acronyms", where)
    derived = _table(data, "derived", where)
    return GazetteerRules(
        confirm=frozenset(_strings(acronyms, "confirm", where)),
        trusted=frozenset(_strings(acronyms, "trusted", where)),
        confirm_heads=frozenset(h.lower() for h in _strings(acronyms, "heads", where)),
        tails=_strings(derived, "tails", where),
        context=frozenset(c.lower() for c in _strings(derived, "context", where)),
        derived_heads=_strings(derived, "heads", where),
        places=frozenset(p.lower() for p in _strings(derived, "places", where)),
    )


def _actors(data: dict[str, Any]) -> ActorRules:
    where = "actors.toml"
    actors = _table(data, "actors", where)
    events = _table(data, "events", where)
    triggers: dict[str, list[str]] = {}
    for key in ("visit", "signing", "meeting", "inauguration", "announcement"):
        triggers[key] = _strings(events, key, f"{where} [events]")
    return ActorRules(
        titles=_strings(actors, "titles", where),
        people=_strings(actors, "people", where),
        triggers=triggers,
        places=_strings(events, "places", f"{where} [events]"),
        statistic_nouns=_strings(_table(data, "statistics", where), "nouns", where),
    )


def load_rules(directory: Path | None = None) -> Rules:
    """Read and validate every rule file; raise CorridorError E401 on the first bad one."""
    directory = directory or data_dir()
    raw = {name: _load(directory / name) for name in DATA_FILES}
    return Rules(
        cues=_cues(raw["cues.toml"]),
        currency=_currency(raw["currency_rates.toml"]),
        vocabulary=_vocabulary(raw["generic_items.toml"]),
        gazetteer=_gazetteer(raw["gazetteer.toml"]),
        actors=_actors(raw["actors.toml"]),
    )


@lru_cache(maxsize=1)
def bundled_rules() -> Rules:
    """The bundled rule files, parsed once per process."""
    return load_rules()
