"""The registry file: curated cooperation items, parsed and validated row by row.

A file is accepted whole or not at all: every rule violation is collected with its
file:line, and a single one refuses the file (the store then loads nothing of it).
"""

from __future__ import annotations

import csv
import math
import re
from collections.abc import Iterator
from datetime import date
from functools import lru_cache
from importlib import resources
from pathlib import Path

from corridor.errors import CorridorError, RegistryErrors
from corridor.model import PROVINCES, Item, Kind, Origin, Pillar, Status, choices, in_pakistan

REQUIRED_COLUMNS = ("id", "name", "kind", "pillar")
KNOWN_COLUMNS = (
    "id", "name", "aliases", "kind", "pillar", "province", "city", "lat", "lon",
    "capacity", "capacity_unit", "cost_amount", "cost_currency", "cost_usd",
    "status", "status_as_of", "sponsors", "source", "notes",
)  # fmt: skip
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# The longest id the store keeps (items.id is VARCHAR(120): PostgreSQL refuses a longer one)
# and the web takes in a review or merge (120; in a path, 200). A longer id was loaded on
# SQLite, listed, and could not be opened or moved to (QA).
MAX_ID_CHARS = 120
# The other text columns the store keeps at a width (tests hold these to the table's).
MAX_CHARS = {"name": 300, "city": 200, "capacity_unit": 20, "cost_currency": 3}
AS_OF = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")
# The years a status date may name: the range the API accepts for years.
YEARS = (1900, 2100)
# Facts that must rest on a public source (the rule: unknown stays empty).
SOURCED_FACTS = ("capacity", "cost_amount", "cost_usd", "status_as_of")


def bundled_path() -> Path:
    return Path(str(resources.files("corridor") / "data" / "registry.csv"))


def normalise_alias(text: str) -> str:
    """The key two aliases clash on: case, spacing, hyphens and punctuation ignored."""
    text = text.casefold().replace("\u2013", "-").replace("\u2014", "-")
    text = re.sub(r"[\s\-_.,'’()]+", " ", text)
    return text.strip()


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(";") if part.strip()]


def _number(
    value: str,
    column: str,
    where: str,
    errors: list[CorridorError],
    *,
    non_negative: bool = False,
) -> float | None:
    """A finite number (and with non_negative, not below 0), or None for an empty cell.

    float() also reads "nan", "inf" and overflows such as "1e400" to inf: none of these is
    a fact a source can state, and they would poison every total built on the column.
    """
    value = value.strip().replace(",", "")
    if not value:
        return None
    try:
        number = float(value)
    except ValueError:
        errors.append(CorridorError("E109", f"{column}={value!r}", where=where))
        return None
    if not math.isfinite(number) or (non_negative and number < 0):
        rule = "a finite, non-negative number" if non_negative else "a finite number"
        errors.append(CorridorError("E109", f"{column}={value!r} is not {rule}", where=where))
        return None
    return number + 0.0  # -0 reads as 0


def _as_of_problem(value: str) -> str | None:
    """None if value is a real date as YYYY, YYYY-MM or YYYY-MM-DD, else the E111 detail."""
    match = AS_OF.fullmatch(value)
    if match is None:
        return repr(value)
    year = int(match[1])
    if not YEARS[0] <= year <= YEARS[1]:
        return f"{value!r}: the year must be between {YEARS[0]} and {YEARS[1]}"
    if match[2] is not None and not 1 <= int(match[2]) <= 12:
        return f"{value!r}: no such month"
    if match[3] is not None:
        try:
            date(year, int(match[2]), int(match[3]))
        except ValueError:
            return f"{value!r}: no such day"
    return None


def _rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (line number, row); raise E101 for malformed CSV with its line."""
    try:
        handle = path.open(encoding="utf-8", newline="")
    except OSError as exc:
        raise CorridorError("E100", f"{path}: {exc.strerror}") from None
    with handle:
        reader = csv.reader(handle, strict=True)
        try:
            header = next(reader)
        except StopIteration:
            raise CorridorError("E102", ", ".join(REQUIRED_COLUMNS), where=f"{path}:1") from None
        except (csv.Error, UnicodeDecodeError) as exc:
            raise CorridorError("E101", str(exc), where=f"{path}:1") from None
        header = [h.strip().lstrip("\ufeff") for h in header]
        missing = [c for c in REQUIRED_COLUMNS if c not in header]
        if missing:
            raise CorridorError("E102", ", ".join(missing), where=f"{path}:1")
        while True:
            line = reader.line_num + 1
            try:
                values = next(reader)
            except StopIteration:
                return
            except (csv.Error, UnicodeDecodeError) as exc:
                raise CorridorError("E101", str(exc), where=f"{path}:{line}") from None
            if not any(v.strip() for v in values):
                continue
            if len(values) != len(header):
                raise CorridorError(
                    "E101",
                    f"{len(values)} fields where the header has {len(header)}",
                    where=f"{path}:{line}",
                )
            yield line, dict(zip(header, values, strict=True))


def _item(row: dict[str, str], where: str, errors: list[CorridorError]) -> Item | None:
    get = {k: (v or "").strip() for k, v in row.items()}
    n_before = len(errors)
    if not get["id"]:
        errors.append(CorridorError("E103", "id", where=where))
    elif len(get["id"]) > MAX_ID_CHARS:
        errors.append(
            CorridorError(
                "E104",
                f"{get['id'][:40]!r}... ({len(get['id'])} characters)",
                where=where,
                hint=f"ids are lowercase slugs (a-z, 0-9 and '-') of at most {MAX_ID_CHARS} "
                "characters: shorten it",
            )
        )
    elif not SLUG.match(get["id"]):
        errors.append(CorridorError("E104", repr(get["id"]), where=where))
    if not get["name"]:
        errors.append(CorridorError("E103", "name", where=where))
    # The store's column widths (a longer value failed on PostgreSQL as an unexpected error).
    for column, most in MAX_CHARS.items():
        if len(get.get(column) or "") > most:
            detail = f"{column} of {len(get[column])} characters (at most {most})"
            errors.append(CorridorError("E114", detail, where=where))
    for column, enum in (("kind", Kind), ("pillar", Pillar)):
        if get[column] not in choices(enum):
            errors.append(
                CorridorError(
                    "E105",
                    f'{column} "{get[column]}" (one of {", ".join(choices(enum))})',
                    where=where,
                )
            )
    status = get.get("status") or Status.UNKNOWN.value
    if status not in choices(Status):
        errors.append(
            CorridorError(
                "E105", f'status "{status}" (one of {", ".join(choices(Status))})', where=where
            )
        )
    province = get.get("province") or None
    if province and province not in PROVINCES:
        errors.append(
            CorridorError(
                "E105", f'province "{province}" (one of {", ".join(PROVINCES)})', where=where
            )
        )
    as_of = get.get("status_as_of") or None
    if as_of:
        problem = _as_of_problem(as_of)
        if problem:
            errors.append(CorridorError("E111", problem, where=where))
    n_numbers = len(errors)
    lat = _number(get.get("lat", ""), "lat", where, errors)
    lon = _number(get.get("lon", ""), "lon", where, errors)
    if len(errors) > n_numbers:
        pass  # a coordinate that is not a number is named already; "give both" would mislead
    elif (lat is None) != (lon is None):
        errors.append(CorridorError("E106", "give both lat and lon, or neither", where=where))
    elif lat is not None and lon is not None and not in_pakistan(lat, lon):
        errors.append(CorridorError("E106", f"lat={lat}, lon={lon}", where=where))
    capacity = _number(get.get("capacity", ""), "capacity", where, errors, non_negative=True)
    cost_amount = _number(
        get.get("cost_amount", ""), "cost_amount", where, errors, non_negative=True
    )
    cost_usd = _number(get.get("cost_usd", ""), "cost_usd", where, errors, non_negative=True)
    sources = [s for s in re.split(r"[\s;]+", get.get("source", "")) if s]
    public = [s for s in sources if s.startswith(("http://", "https://"))]
    if not public:
        stated = [c for c in SOURCED_FACTS if get.get(c)]
        if status != Status.UNKNOWN.value:
            stated.append("status")
        if stated:
            errors.append(CorridorError("E110", ", ".join(stated), where=where))
    if len(errors) > n_before:
        return None
    aliases = [a for a in _split(get.get("aliases", "")) if a != get["name"]]
    return Item(
        id=get["id"],
        name=get["name"],
        kind=Kind(get["kind"]),
        pillar=Pillar(get["pillar"]),
        aliases=list(dict.fromkeys(aliases)),
        province=province,
        city=get.get("city") or None,
        lat=lat,
        lon=lon,
        capacity=capacity,
        capacity_unit=get.get("capacity_unit") or None,
        cost_amount=cost_amount,
        cost_currency=get.get("cost_currency") or None,
        cost_usd=cost_usd,
        parties=_split(get.get("sponsors", "")),
        status=Status(status),
        status_as_of=as_of,
        status_basis="registry" if status != Status.UNKNOWN.value else None,
        sources=public,
        notes=get.get("notes") or None,
        origin=Origin.REGISTRY,
    )


def read_registry(path: Path | str | None = None) -> list[Item]:
    """Parse and validate a registry CSV; raise RegistryErrors listing every violation."""
    path = Path(path) if path is not None else bundled_path()
    items: list[Item] = []
    errors: list[CorridorError] = []
    seen_ids: dict[str, int] = {}
    alias_owner: dict[str, tuple[str, int]] = {}
    for line, row in _rows(path):
        where = f"{path}:{line}"
        item = _item(row, where, errors)
        if item is None:
            continue
        if item.id in seen_ids:
            errors.append(
                CorridorError(
                    "E107", f"{item.id!r} (first on line {seen_ids[item.id]})", where=where
                )
            )
            continue
        seen_ids[item.id] = line
        for label in [item.name, *item.aliases]:
            key = normalise_alias(label)
            owner = alias_owner.get(key)
            if owner and owner[0] != item.id:
                errors.append(
                    CorridorError(
                        "E108",
                        f'"{label}" also names {owner[0]} (line {owner[1]})',
                        where=where,
                    )
                )
            else:
                alias_owner[key] = (item.id, line)
        items.append(item)
    if errors:
        raise RegistryErrors(errors)
    return items


@lru_cache(maxsize=1)
def bundled_items() -> tuple[Item, ...]:
    """The bundled registry, parsed once per process (the extractor's gazetteer)."""
    return tuple(read_registry(bundled_path()))
