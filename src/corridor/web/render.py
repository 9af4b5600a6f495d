"""Presentation helpers: the Jinja environment and its filters, chart geometry, the SVG map.

Nothing here builds HTML from strings: filters return plain values or (text, marked)
pairs, and templates (autoescaped) do the markup. No `|safe` anywhere.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from importlib import resources
from typing import Any
from urllib.parse import urlencode, urlsplit

from jinja2 import Environment, PackageLoader, select_autoescape

from corridor import __version__
from corridor.model import PROVINCES, Kind, Modality, Pillar, Status, choices
from corridor.store.pages import HIT_END, HIT_START

PILLAR_LABELS = {
    "connectivity": "Connectivity",
    "energy": "Energy",
    "industry": "Industry and SEZs",
    "digital": "Digital",
    "agriculture": "Agriculture",
    "people": "People-to-people",
    "gwadar": "Gwadar",
    "other": "Other",
}
MODALITY_HELP = {
    "recommendation": "urges it",
    "expectation": "forecasts it",
    "pledge": "states a party's intent",
    "agreement": "reports a signed instrument",
    "progress": "reports work under way",
    "delivery": "reports it done",
    "problem": "reports trouble",
    "mention": "names it, nothing more",
}


def label(value: Any) -> str:
    """A taxonomy value as people read it: `under_construction` -> `under construction`."""
    if value is None:
        return ""
    text = str(value)
    if text in PILLAR_LABELS:
        return PILLAR_LABELS[text]
    if text in PROVINCES:
        return PROVINCES[text]
    return text.replace("_", " ")


def detail_text(value: Any) -> str:
    """An audit entry's detail value as people read it: a mapping as `key = value` pairs, a
    list joined by commas (QA: the item page showed Python reprs, `{'modality': ...}`)."""
    if isinstance(value, dict):
        return ", ".join(
            f"{label(k)} = {detail_text(v)}" for k, v in value.items() if v is not None
        )
    if isinstance(value, list | tuple):
        return ", ".join(detail_text(v) for v in value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return "" if value is None else str(value)


def usd(value: Any) -> str:
    if value is None:
        return ""
    amount = float(value)
    for scale, suffix in ((1e9, " bn"), (1e6, " m"), (1e3, " k")):
        if abs(amount) >= scale:
            return f"${amount / scale:,.1f}{suffix}".replace(".0 ", " ")
    return f"${amount:,.0f}"


def number(value: Any) -> str:
    if value is None:
        return ""
    amount = float(value)
    return f"{amount:,.0f}" if amount.is_integer() else f"{amount:,.2f}"


def public_url(value: Any) -> str | None:
    """The URL if it is a public http(s) address that is safe to link, else None (so
    `javascript:` and `data:` URLs from documents are shown as text, never linked)."""
    if not value or not isinstance(value, str) or len(value) > 2000:
        return None
    if any(ord(ch) < 33 for ch in value):
        return None
    try:
        parts = urlsplit(value)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return value


def hit_parts(snippet: str) -> list[tuple[str, bool]]:
    """A search snippet as (text, is_hit) parts, from the store's sentinel characters."""
    parts: list[tuple[str, bool]] = []
    marked = False
    buffer = ""
    for ch in snippet or "":
        if ch in (HIT_START, HIT_END):
            if buffer:
                parts.append((buffer, marked))
            buffer = ""
            marked = ch == HIT_START
            continue
        buffer += ch
    if buffer:
        parts.append((buffer, marked))
    return parts


def modality_class(value: Any) -> str:
    return f"m-{value}" if value in choices(Modality) else "m-mention"


def status_class(value: Any) -> str:
    return f"s-{value}" if value in choices(Status) else "s-unknown"


def query(params: dict[str, Any], **changes: Any) -> str:
    """A query string from the current filters with some changed (None drops a key)."""
    merged = {**params, **changes}
    return urlencode({k: v for k, v in merged.items() if v not in (None, "")})


# ---------------------------------------------------------------- charts (server-side SVG)

BAR_WIDTH = 560
LABEL_WIDTH = 150


def status_bars(pillars: list[dict[str, Any]]) -> dict[str, Any]:
    """Horizontal stacked bars, one per pillar, segments by status."""
    biggest = max((p["total"] for p in pillars), default=0) or 1
    rows = []
    for index, pillar in enumerate(pillars):
        x = float(LABEL_WIDTH)
        segments = []
        for status in choices(Status):
            count = pillar["by_status"].get(status, 0)
            if not count:
                continue
            width = count / biggest * (BAR_WIDTH - LABEL_WIDTH - 50)
            segments.append(
                {
                    "x": round(x, 1),
                    "width": round(max(width, 1.5), 1),
                    "status": status,
                    "count": count,
                }
            )
            x += width
        rows.append(
            {
                "y": index * 28,
                "pillar": pillar["pillar"],
                "total": pillar["total"],
                "segments": segments,
                "end": round(x + 6, 1),
            }
        )
    return {"rows": rows, "height": len(rows) * 28, "width": BAR_WIDTH}


def money_bars(pillars: list[dict[str, Any]]) -> dict[str, Any]:
    """Two bars per pillar: cost of all items, and of those operational."""
    biggest = max((p["cost_usd"] for p in pillars), default=0) or 1
    span = BAR_WIDTH - LABEL_WIDTH - 80
    rows = []
    shown = [p for p in pillars if p["cost_usd"]]
    for index, pillar in enumerate(shown):
        rows.append(
            {
                "y": index * 30,
                "pillar": pillar["pillar"],
                "cost": pillar["cost_usd"],
                "delivered": pillar["delivered_usd"],
                "cost_width": round(max(pillar["cost_usd"] / biggest * span, 1.5), 1),
                "delivered_width": round(pillar["delivered_usd"] / biggest * span, 1),
            }
        )
    return {"rows": rows, "height": len(rows) * 30, "width": BAR_WIDTH}


def modality_bars(by_modality: dict[str, int]) -> dict[str, Any]:
    biggest = max(by_modality.values(), default=0) or 1
    rows: list[dict[str, Any]] = []
    for modality in choices(Modality):
        count = by_modality.get(modality, 0)
        if count:
            rows.append(
                {
                    "y": len(rows) * 22,
                    "modality": modality,
                    "count": count,
                    "width": round(max(count / biggest * 300, 1.5), 1),
                }
            )
    return {"rows": rows, "height": len(rows) * 22}


# ---------------------------------------------------------------- the SVG map

MAP_WIDTH = 600.0
GEOJSON = "pakistan-provinces.geojson"


@lru_cache(maxsize=1)
def _provinces() -> dict[str, Any]:
    path = resources.files("corridor.web") / "static" / "geo" / GEOJSON
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def _polygons(geometry: dict[str, Any]) -> list[list[list[list[float]]]]:
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    return list(geometry["coordinates"])


@lru_cache(maxsize=1)
def _frame() -> tuple[float, float, float, float, float]:
    lons, lats = [], []
    for feature in _provinces()["features"]:
        for polygon in _polygons(feature["geometry"]):
            for lon, lat in polygon[0]:
                lons.append(lon)
                lats.append(lat)
    lon0, lon1, lat0, lat1 = min(lons), max(lons), min(lats), max(lats)
    aspect = math.cos(math.radians((lat0 + lat1) / 2))
    scale = MAP_WIDTH / ((lon1 - lon0) * aspect)
    return lon0, lat1, aspect, scale, (lat1 - lat0) * scale


def project(lon: float, lat: float) -> tuple[float, float]:
    lon0, lat1, aspect, scale, _ = _frame()
    return round((lon - lon0) * aspect * scale, 1), round((lat1 - lat) * scale, 1)


@lru_cache(maxsize=1)
def province_shapes() -> dict[str, Any]:
    """SVG paths and label points of the seven units (equirectangular, cosine-corrected)."""
    shapes = []
    for feature in _provinces()["features"]:
        d = []
        biggest: list[list[float]] = []
        for polygon in _polygons(feature["geometry"]):
            if len(polygon[0]) > len(biggest):
                biggest = polygon[0]
            for ring in polygon:
                points = [project(lon, lat) for lon, lat in ring]
                d.append("M" + "L".join(f"{x},{y}" for x, y in points) + "Z")
        cx = sum(p[0] for p in biggest) / len(biggest)
        cy = sum(p[1] for p in biggest) / len(biggest)
        x, y = project(cx, cy)
        props = feature["properties"]
        shapes.append(
            {
                "iso": props["iso"],
                "name": props["name"],
                "note": props.get("note"),
                "d": "".join(d),
                "x": x,
                "y": y,
            }
        )
    return {"shapes": shapes, "width": MAP_WIDTH, "height": round(_frame()[4], 1)}


def map_markers(markers: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for marker in markers:
        x, y = project(marker["lon"], marker["lat"])
        out.append({**marker, "x": x, "y": y})
    return out


# ---------------------------------------------------------------- the environment


def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("corridor.web", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        label=label,
        detail_text=detail_text,
        usd=usd,
        number=number,
        public_url=public_url,
        hit_parts=hit_parts,
        modality_class=modality_class,
        status_class=status_class,
    )
    env.globals.update(
        version=__version__,
        query=query,
        pillars=choices(Pillar),
        kinds=choices(Kind),
        statuses=choices(Status),
        modalities=choices(Modality),
        modality_help=MODALITY_HELP,
        provinces=PROVINCES,
        status_bars=status_bars,
        money_bars=money_bars,
        modality_bars=modality_bars,
        province_shapes=province_shapes,
        map_markers=map_markers,
    )
    from corridor.web.charts import CHART_FILTERS, CHART_GLOBALS  # time, money, promise meter

    env.filters.update(CHART_FILTERS)
    env.globals.update(CHART_GLOBALS)
    return env
