"""Ward boundaries from a replaceable GeoJSON file, drawn as inline SVG paths (no tile service).

Why SVG from the file and no map library: the page must work without any external service, and a
borough's wards are a few dozen polygons, small enough to draw directly. The demo ships synthetic
wards (data/wards.geojson); a council points ``COMMUNITY_SAFETY_WARDS_GEOJSON`` at its own file, with
each feature's ``code`` (the ward code in the records) and ``name`` properties.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.conf import settings

DEFAULT_WARDS = Path(__file__).resolve().parent / "data" / "wards.geojson"


@dataclass(frozen=True)
class Ward:
    code: str
    name: str
    path: str  # SVG path data in the drawing's coordinates
    label_x: float
    label_y: float


def _rings(geometry: dict) -> list[list[list[float]]]:
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"][0]]
    if geometry["type"] == "MultiPolygon":
        return [poly[0] for poly in geometry["coordinates"]]
    return []


def load_wards(path: Path | None = None, width: float = 480) -> tuple[list[Ward], float, float]:
    """The wards as SVG paths scaled to ``width`` (longitude shrunk by cos(latitude)); and the size.

    Drawn once per file version: the ASB page and the board pack ask on every request, and the
    boundaries change only when a council replaces the file (its modification time keys the cache).
    """
    source = Path(path or getattr(settings, "COMMUNITY_SAFETY_WARDS_GEOJSON", None) or DEFAULT_WARDS)
    wards, drawn_width, height = _drawn(str(source.resolve()), source.stat().st_mtime_ns, width)
    return list(wards), drawn_width, height


@lru_cache(maxsize=8)
def _drawn(source: str, mtime_ns: int, width: float) -> tuple[tuple[Ward, ...], float, float]:
    """The drawing of one version of one file (``mtime_ns`` is part of the key only)."""
    data = json.loads(Path(source).read_text(encoding="utf-8"))
    features = [(f["properties"], _rings(f["geometry"])) for f in data.get("features", [])]
    points = [p for _, rings in features for ring in rings for p in ring]
    if not points:
        return (), width, 0
    lats = [p[1] for p in points]
    shrink = math.cos(math.radians(sum(lats) / len(lats)))
    min_x, max_x = min(p[0] for p in points) * shrink, max(p[0] for p in points) * shrink
    min_y, max_y = min(lats), max(lats)
    scale = width / ((max_x - min_x) or 1)
    height = (max_y - min_y) * scale

    def xy(p: list[float]) -> tuple[float, float]:
        return round((p[0] * shrink - min_x) * scale, 1), round((max_y - p[1]) * scale, 1)

    wards = []
    for props, rings in features:
        parts, xs, ys = [], [], []
        for ring in rings:
            coords = [xy(p) for p in ring]
            xs += [c[0] for c in coords]
            ys += [c[1] for c in coords]
            parts.append("M" + " L".join(f"{x},{y}" for x, y in coords) + " Z")
        wards.append(
            Ward(
                code=str(props.get("code", "")),
                name=str(props.get("name", props.get("code", ""))),
                path=" ".join(parts),
                label_x=round(sum(xs) / len(xs), 1),
                label_y=round(sum(ys) / len(ys), 1),
            )
        )
    return tuple(wards), width, round(height, 1)


#: Five shades of one hue (GOV.UK blue, light to dark) for the choropleth; 0 calls is the lightest.
SHADES = ("#d2e2f1", "#a6c6e3", "#5694ca", "#1d70b8", "#003078")


def shade(value: int, low: int, high: int) -> str:
    """The shade for ``value`` on a scale from the period's fewest calls in a ward to the most."""
    if high <= low:
        return SHADES[len(SHADES) // 2] if value else SHADES[0]
    return SHADES[min(len(SHADES) - 1, (value - low) * len(SHADES) // (high - low + 1))]
