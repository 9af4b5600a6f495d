"""Chart geometry for the promises page and the time and money charts (server-side SVG).

Like the charts in `render.py`, these return numbers and labels; the templates draw the
SVG (autoescaped, no script, no inline style), so the charts print, scale to a phone and
work without JavaScript. Each chart sits beside a table of the same figures.
"""

from __future__ import annotations

from typing import Any

from corridor.model import Modality, Pillar, choices
from corridor.store.insights import METER_SLUGS

PLOT_WIDTH = 640.0
PLOT_HEIGHT = 170.0
LEFT = 46.0  # room for the value axis
BOTTOM = 22.0  # room for the time axis
MAX_SLOT = 48.0  # a column's widest slot, so that a few months do not make slabs


def meter_slug(meter: Any) -> str:
    return METER_SLUGS.get(str(meter), "unrated")


def meter_bars(by_meter: dict[str, int]) -> dict[str, Any]:
    """One horizontal bar per ruling (zero ones too: "none broken" is news)."""
    biggest = max(by_meter.values(), default=0) or 1
    total = sum(by_meter.values())
    rows = []
    for index, (meter, count) in enumerate(by_meter.items()):
        rows.append(
            {
                "y": index * 30,
                "meter": meter,
                "slug": meter_slug(meter),
                "count": count,
                "share": round(100 * count / total) if total else 0,
                "width": round(count / biggest * 330, 1) if count else 0,
            }
        )
    return {"rows": rows, "height": len(rows) * 30, "width": 560}


def _ticks(biggest: float) -> list[float]:
    """Two or three round gridline values up to `biggest`."""
    if biggest <= 0:
        return []
    step = 10 ** max(len(str(int(biggest))) - 1, 0)
    for factor in (1, 2, 5, 10):
        if biggest / (step * factor) <= 3:
            step *= factor
            break
    ticks, value = [], float(step)
    while value <= biggest:
        ticks.append(value)
        value += step
    return ticks


def _time_labels(labels: list[str], by: str) -> list[tuple[int, str]]:
    """(index, text) of the buckets that get an axis label: each year's first bucket,
    thinned so that labels never crowd (at most about ten)."""
    firsts = []
    for index, label in enumerate(labels):
        year = label[:4]
        if index == 0 or labels[index - 1][:4] != year:
            firsts.append((index, year))
    if by == "month" and len(firsts) <= 1 and labels:
        # Under a year of months: label every third month.
        return [(i, labels[i]) for i in range(0, len(labels), 3)]
    every = max(1, -(-len(firsts) // 10))
    return firsts[::every]


def stacked_columns(
    buckets: list[dict[str, Any]], keys: list[str], part: str, by: str = "year"
) -> dict[str, Any]:
    """Columns over time, one per bucket, each stacked by `keys` (modalities or pillars)
    read from bucket[part]; returns bars, gridlines and axis labels in SVG units."""
    count = len(buckets)
    biggest = max((float(b["total"]) for b in buckets), default=0.0)
    ticks = _ticks(biggest)
    top = max(ticks[-1] if ticks else 0.0, biggest) or 1.0
    slot = min((PLOT_WIDTH - LEFT) / max(count, 1), MAX_SLOT)
    gap = min(slot * 0.2, 4.0) if count > 1 else slot * 0.4
    columns = []
    for index, bucket in enumerate(buckets):
        x = LEFT + index * slot + gap / 2
        y = PLOT_HEIGHT
        segments = []
        for key in keys:
            value = float(bucket[part].get(key, 0) or 0)
            if value <= 0:
                continue
            height = value / top * (PLOT_HEIGHT - 8)
            y -= height
            segments.append(
                {"key": key, "value": value, "y": round(y, 1), "height": round(height, 1)}
            )
        columns.append(
            {
                "label": bucket["label"],
                "total": bucket["total"],
                "x": round(x, 1),
                "width": round(max(slot - gap, 0.8), 1),
                "segments": segments,
            }
        )
    labels = [b["label"] for b in buckets]
    axis = [
        {"x": round(LEFT + (i + 0.5) * slot, 1), "text": text}
        for i, text in _time_labels(labels, by)
    ]
    grid = [{"y": round(PLOT_HEIGHT - t / top * (PLOT_HEIGHT - 8), 1), "value": t} for t in ticks]
    return {
        "columns": columns,
        "axis": axis,
        "grid": grid,
        "width": PLOT_WIDTH,
        "height": PLOT_HEIGHT + BOTTOM,
        "base": PLOT_HEIGHT,
        "left": LEFT,
    }


def claims_columns(over_time: dict[str, Any]) -> dict[str, Any]:
    """Claims over time (from `insights.claims_over_time`), stacked by modality."""
    chart = stacked_columns(
        over_time["buckets"], choices(Modality), "by_modality", over_time.get("by", "month")
    )
    present = {s["key"] for c in chart["columns"] for s in c["segments"]}
    chart["keys"] = [m for m in choices(Modality) if m in present]
    return chart


def money_columns(money: dict[str, Any]) -> dict[str, Any]:
    """Money named in claims by year (from `insights.money_by_pillar_year`), by pillar."""
    buckets = [
        {"label": y["year"], "by_pillar": y["by_pillar"], "total": y["total"]}
        for y in money["years"]
    ]
    chart = stacked_columns(buckets, choices(Pillar), "by_pillar", "year")
    present = {s["key"] for c in chart["columns"] for s in c["segments"]}
    chart["keys"] = [p for p in choices(Pillar) if p in present]
    return chart


def pillar_class(value: Any) -> str:
    return f"p-{value}" if value in choices(Pillar) else "p-other"


def short_usd(value: Any) -> str:
    """Axis labels: $2bn, $500m, $40k."""
    amount = float(value or 0)
    for scale, suffix in ((1e9, "bn"), (1e6, "m"), (1e3, "k")):
        if abs(amount) >= scale:
            return f"${amount / scale:g}{suffix}"
    return f"${amount:g}"


CHART_GLOBALS: dict[str, Any] = {
    "meter_bars": meter_bars,
    "claims_columns": claims_columns,
    "money_columns": money_columns,
}
CHART_FILTERS: dict[str, Any] = {
    "meter_slug": meter_slug,
    "pillar_class": pillar_class,
    "short_usd": short_usd,
}
