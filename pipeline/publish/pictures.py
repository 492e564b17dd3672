"""Layouts of the site's pictures: plain data (positions, colours, labels, links) for the SVG templates.

No markup here (issue 16): templates/_svg_*.html draw what these functions compute, and Jinja escapes every
label. The plugin runs the queries and hands rows in.
  targets_chart      province x due year heat map (targets picture, indicator page)
  province_map       the 34 provinces' outlines as a choropleth, seats, labels that do not overlap, a legend
  citation_view      one plan's or document's citations, two hops each way, relation-typed edges
  issuer_flows       the whole corpus's citations aggregated by issuer level (central, province, local)
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import regex
import yaml

from kehoach.publish.site import heat_rgb, label_class
from kehoach.rules import PATTERNS_DIR
from kehoach.text import fold

PUBLISH = Path(__file__).resolve().parent
PATTERNS = PATTERNS_DIR  # patterns/, shipped in the wheel as kehoach.patterns
MAP_FILE = PUBLISH / "static" / "vietnam.json"


@functools.cache
def settings() -> dict[str, Any]:
    return yaml.safe_load((PUBLISH / "pictures.yml").read_text(encoding="utf-8"))


# ---------------------------------------------------------------- colours


def heat_colour(share: float) -> str:
    r, g, b = heat_rgb(share)
    return f"rgb({r},{g},{b})"


def dark(share: float) -> bool:
    """True when white text contrasts more than black on heat_colour(share) (either stays over 4.5:1)."""
    return "on-dark" in label_class(share)


# ---------------------------------------------------------------- targets


def target_label(value: float, unit: str | None, comparator: str | None) -> str:
    sign = {"<": "<", "<=": "≤", ">": ">", ">=": "≥"}.get(comparator or "", "")
    return f"{sign}{value:g}{unit or ''}"


def column_width(years: int, left: int, values: bool) -> int:
    """A year column's width: the full cell while the chart fits max_width, narrower (to the label's
    minimum) when many years would push it off a laptop screen."""
    size = settings()["targets_chart"]
    floor = size["min_cell_values" if values else "min_cell_counts"]
    fits = (size["max_width"] - left - 10) // max(years, 1)
    return int(max(floor, min(size["cell"], fits)))


def targets_chart(
    rows: Sequence[dict[str, Any]], link: Callable[[str, int], str], values: bool
) -> dict[str, Any] | None:
    """Province x due year: each cell shows the target (for one indicator) or how many targets there are."""
    provinces = sorted({r["province_now"] for r in rows if r["province_now"]}, key=fold)
    years = sorted({r["due_year"] for r in rows if r["due_year"]})
    if not provinces or not years:
        return None
    cells: dict[tuple[str, int], list[dict[str, Any]]] = {}
    for r in rows:
        if r["province_now"] and r["due_year"]:
            cells.setdefault((r["province_now"], r["due_year"]), []).append(r)
    top = max(len(v) for v in cells.values())
    vmax = max((r["value"] or 0) for r in rows) or 1
    left, ch, head = 150, 24, 30
    cw = column_width(len(years), left, values)
    out: list[dict[str, Any]] = []
    for j, province in enumerate(provinces):
        for i, year in enumerate(years):
            found = cells.get((province, year))
            if not found:
                continue
            if values:
                best = min(found, key=lambda r: r["value"] or 0)
                share = (best["value"] or 0) / vmax
                label = target_label(best["value"], best["unit"], best["comparator"])
            else:
                share, label = len(found) / top, str(len(found))
            tone = 0.15 + 0.85 * share
            out.append(
                {
                    "x": left + cw * i + 1,
                    "y": head + ch * j + 1,
                    "province": province,
                    "year": year,
                    "label": label,
                    "fill": heat_colour(tone),
                    "label_class": "cell-label on-dark" if dark(tone) else "cell-label",
                    "href": link(province, year),
                }
            )
    return {
        "width": left + cw * len(years) + 10,
        "height": head + ch * len(provinces) + 10,
        "left": left,
        "cw": cw,
        "ch": ch,
        "head": head,
        "years": [(left + cw * i + cw / 2, y) for i, y in enumerate(years)],
        "provinces": [(head + ch * j + ch * 0.65, p) for j, p in enumerate(provinces)],
        "cells": out,
    }


# ---------------------------------------------------------------- the map


@functools.cache
def outlines() -> dict[str, Any]:
    """pipeline/publish/static/vietnam.json (scripts/vietnam_map.py): outlines and seats."""
    return json.loads(MAP_FILE.read_text(encoding="utf-8"))


SCALE = 56.0  # pixels a degree
MARGIN = 12.0


def islands() -> list[dict[str, Any]]:
    """Quần đảo Hoàng Sa (Đà Nẵng) and Quần đảo Trường Sa (Khánh Hòa): their own features in the map file."""
    return outlines().get("islands", [])


def svg_path(polygons: list[list[list[list[float]]]], lon0: float, lat1: float) -> str:
    parts = []
    for poly in polygons:
        for ring in poly:
            points = " ".join(
                f"{(x - lon0) * SCALE + MARGIN:.1f},{(lat1 - y) * SCALE + MARGIN:.1f}" for x, y in ring
            )
            parts.append(f"M{points}Z")
    return "".join(parts)


@functools.cache
def projected(layer: str) -> tuple[tuple[float, float, float, float], dict[str, str]]:
    """(lon0, lat1, width, height), {province or archipelago: SVG path}: equirectangular, north up, cached per
    layer; the extent takes in the archipelagos at their real positions."""
    shapes = [(u["name"], u["polygons"]) for u in outlines()[layer]]
    shapes += [(i["name"], i["polygons"]) for i in islands()]
    xs = [x for _, polys in shapes for poly in polys for ring in poly for x, _ in ring]
    ys = [y for _, polys in shapes for poly in polys for ring in poly for _, y in ring]
    lon0, lat1 = min(xs), max(ys)
    width = (max(xs) - lon0) * SCALE + 2 * MARGIN
    height = (lat1 - min(ys)) * SCALE + 2 * MARGIN
    return (lon0, lat1, width, height), {name: svg_path(polys, lon0, lat1) for name, polys in shapes}


def class_breaks(values: Iterable[float], classes: int = 5) -> list[float]:
    """Lower bounds of up to `classes` classes on a 1-2-5 ladder for counts, from the ladder's step at or
    below the lowest positive value to the highest: the classes span the data, so a corpus where every
    province has five documents or more is not drawn in the two upper classes of a scale from one."""
    positive = [v for v in values if v > 0]
    if not positive:
        return []
    low, top = min(positive), max(positive)
    ladder = [m * 10**e for e in range(0, 7) for m in (1, 2, 5)]
    start = max((s for s in ladder if s <= low), default=1)
    steps = [s for s in ladder if start <= s <= top]
    while len(steps) > classes:
        steps = steps[::2]
    return steps


def value_breaks(values: Iterable[float], classes: int = 5) -> list[float]:
    """Lower bounds of equal-interval classes between the lowest and the highest value."""
    found = sorted(values)
    if not found:
        return []
    low, high = found[0], found[-1]
    if high == low:
        return [low]
    step = (high - low) / classes
    return [low + step * i for i in range(classes)]


@dataclass
class Box:
    x: float
    y: float
    w: float
    h: float

    def overlaps(self, other: Box, pad: float = 1.0) -> bool:
        return not (
            self.x + self.w + pad <= other.x
            or other.x + other.w + pad <= self.x
            or self.y + self.h + pad <= other.y
            or other.y + other.h + pad <= self.y
        )


FONT = 11.0
CHAR_WIDTH = 0.64 * FONT  # generous for sans-serif Vietnamese at 11 px (checked in the browser test)
# Where a label may go around its point: (dx, dy) directions, tried nearest first at growing distances.
DIRECTIONS = ((1, 0), (-1, 0), (1, -1), (1, 1), (-1, -1), (-1, 1), (0, -1), (0, 1))
DISTANCES = (5.0, 14.0, 26.0, 40.0)


def place_labels(
    points: Sequence[tuple[str, float, float]], width: float, height: float, blocked: Sequence[Box] = ()
) -> dict[str, dict[str, Any]]:
    """Labels that overlap neither each other nor any point nor a `blocked` box (the legend), in order of
    priority (first placed first): {key: {x, y, anchor (start|end|middle), leader (bool), lx, ly}}; a label
    with no room is left out."""
    dots = [Box(x - 3, y - 3, 6, 6) for _, x, y in points]
    taken: list[Box] = list(blocked)
    placed: dict[str, dict[str, Any]] = {}
    for key, x, y in points:
        text_w, text_h = len(key) * CHAR_WIDTH + 2, FONT + 2
        for distance in DISTANCES:
            spot = next(
                (
                    c
                    for c in (label_box(x, y, d, distance, text_w, text_h) for d in DIRECTIONS)
                    if 0 <= c[0].x
                    and c[0].x + c[0].w <= width
                    and 0 <= c[0].y
                    and c[0].y + c[0].h <= height
                    and not any(c[0].overlaps(b) for b in taken)
                    and not any(c[0].overlaps(b, 0) for b in dots)
                ),
                None,
            )
            if spot:
                box, anchor_x, anchor = spot
                taken.append(box)
                placed[key] = {
                    "x": anchor_x,
                    "y": box.y + text_h - 3.5,
                    "anchor": anchor,
                    "leader": distance > DISTANCES[0],
                    "lx": box.x
                    if anchor == "start"
                    else box.x + box.w
                    if anchor == "end"
                    else box.x + box.w / 2,
                    "ly": box.y + text_h / 2,
                }
                break
    return placed


def label_box(
    x: float, y: float, direction: tuple[int, int], distance: float, w: float, h: float
) -> tuple[Box, float, str]:
    dx, dy = direction
    cx, cy = x + dx * distance, y + dy * distance
    if dx > 0:
        return Box(cx, cy - h / 2, w, h), cx + 1, "start"
    if dx < 0:
        return Box(cx - w, cy - h / 2, w, h), cx - 1, "end"
    top = cy - h if dy < 0 else cy
    return Box(cx - w / 2, top, w, h), cx, "middle"


@dataclass
class MapRequest:
    """What one map shows: the value per province and how it is worded."""

    values: dict[str, float]
    link: Callable[[str], str]
    layer: str = "provinces"  # or provinces_before_2025
    counts: bool = True  # documents (1-2-5 classes) or a target's value (equal intervals)
    unit: str = ""
    centres: dict[str, tuple[float, float]] = field(default_factory=dict)  # (lon, lat) for the old layer
    title: str = ""
    legend_title: str = "Văn bản / Documents"
    none_text: str = "0"


def province_map(request: MapRequest) -> dict[str, Any]:
    """The outline map: every province shaded by its class, its seat as a dot, labels placed without overlap
    (provinces with the most first), and the legend's classes."""
    (lon0, lat1, width, height), paths = projected(request.layer)
    seats = {u["name"]: tuple(u["centre"]) for u in outlines()[request.layer] if "centre" in u}
    seats |= request.centres
    present = [v for v in request.values.values() if v is not None]
    breaks = class_breaks(present) if request.counts else value_breaks(present)
    legend = legend_classes(breaks, present, request)

    def tone(value: float | None) -> int:
        if value is None or (request.counts and value <= 0):
            return -1
        return max(i for i, b in enumerate(breaks) if value >= b - 1e-9)

    def point(name: str) -> tuple[float, float] | None:
        if name not in seats:
            return None
        lon, lat = seats[name]
        return (lon - lon0) * SCALE + MARGIN, (lat1 - lat) * SCALE + MARGIN

    island_names = {i["name"] for i in islands()}
    provinces: list[dict[str, Any]] = []
    for name, d in paths.items():
        if name in island_names:
            continue
        value = request.values.get(name)
        t = tone(value)
        provinces.append(
            {
                "name": name,
                "d": d,
                "value": value,
                "text": value_text(value, request),
                "fill": legend[t]["fill"] if t >= 0 else "#f4f4f2",
                "href": request.link(name),
                "point": point(name),
            }
        )
    order = sorted(
        (p for p in provinces if p["point"] and (request.counts or p["value"] is not None)),
        key=lambda p: (-(p["value"] or 0), p["value"] is None, p["name"]),
    )
    label_of = {
        p["name"]: f"{p['name']} ({p['text']})" if p["value"] is not None else p["name"] for p in order
    }
    legend_top = height - 30 - 20 * len(legend) - 14
    legend_box = Box(width + 10, legend_top, 140, height - legend_top)
    fill_of = {p["name"]: p for p in provinces}
    key = "province" if request.layer == "provinces" else "province_before_2025"
    archipelagos = []
    for island in islands():
        owner = fill_of[island[key]]
        lon, lat = island["label"]
        archipelagos.append(
            {
                "name": island["name"],
                "province": owner["name"],
                "d": paths[island["name"]],
                "fill": owner["fill"],
                "href": owner["href"],
                "text": owner["text"],
                "point": ((lon - lon0) * SCALE + MARGIN, (lat1 - lat) * SCALE + MARGIN),
            }
        )
    labels = place_labels(  # the archipelagos first: their names are always shown
        [(a["name"], *a["point"]) for a in archipelagos]
        + [(label_of[p["name"]], *p["point"]) for p in order],
        width + 150,
        height,
        [legend_box],
    )
    for p in provinces:
        p["label"] = label_of.get(p["name"], p["name"])
        p["label_at"] = labels.get(p["label"])
    for a in archipelagos:
        a["label_at"] = labels.get(a["name"])
    return {
        "width": round(width + 150),
        "height": round(height),
        "provinces": provinces,
        "islands": archipelagos,
        "legend": legend,
        "legend_x": round(width + 10),
        "title": request.title,
        "legend_title": request.legend_title,
        "none_text": request.none_text,
    }


def value_text(value: float | None, request: MapRequest) -> str:
    if value is None:
        return "—"
    return f"{value:g}" if request.counts else f"{value:g}{request.unit}"


def legend_classes(breaks: list[float], present: list[float], request: MapRequest) -> list[dict[str, Any]]:
    """[{fill, text}] for each class, lowest first."""
    top = max(present, default=0)
    out = []
    for i, low in enumerate(breaks):
        share = 0.2 + 0.8 * (i / max(1, len(breaks) - 1))
        high = breaks[i + 1] if i + 1 < len(breaks) else None
        if request.counts:
            last = (high - 1) if high is not None else top
            text = f"{low:g}" if last == low else f"{low:g}–{last:g}"
        else:
            text = f"{low:.3g}–{(high if high is not None else top):.3g}{request.unit}"
        out.append({"fill": heat_colour(share), "text": text})
    return out


# ---------------------------------------------------------------- issuer levels

LEVELS = ("central", "province", "local", "unknown")
LEVEL_LABEL = {
    "central": "Trung ương / Central",
    "province": "Tỉnh / Province",
    "local": "Huyện, xã / District, commune",
    "unknown": "Chưa rõ / Unknown",
}


@functools.cache
def level_rules() -> tuple[
    tuple[str, ...], frozenset[str], frozenset[str], regex.Pattern[str], tuple[str, ...]
]:
    """(central names folded, central codes, province codes, local pattern, province words folded)."""
    issuers = yaml.safe_load((PATTERNS / "issuers.yml").read_text(encoding="utf-8"))
    codes = issuers["issuers"]
    central = tuple(fold(n) for n in issuers["national_bodies"]) + tuple(
        fold(v["name"]) for v in codes.values() if v.get("implied")
    )
    central_codes = frozenset(fold(k) for k, v in codes.items() if v.get("implied") or k == "TW")
    province_codes = frozenset(fold(k) for k, v in codes.items() if v.get("local"))
    words = settings()["issuer_levels"]
    local = regex.compile(r"(?<!\w)(?:" + "|".join(map(regex.escape, words["local_words"])) + r")\s+\p{Lu}")
    return central, central_codes, province_codes, local, tuple(fold(w) for w in words["province_words"])


def issuer_level(issuer: str | None, symbol: str | None) -> str:
    """central, province, local or unknown, from the issuer's name, else the issuer code of the symbol."""
    central, central_codes, province_codes, local, province_words = level_rules()
    name = fold(issuer or "")
    if issuer and local.search(issuer):
        return "local"
    if name and (name.startswith("bo ") or any(name == c or name.startswith(c + " ") for c in central)):
        return "central"
    if name and any(regex.search(r"(?<!\w)" + regex.escape(w) + r"(?!\w)", name) for w in province_words):
        return "province"
    code = fold(regex.split(r"[-/]", symbol)[-1]) if symbol else ""
    if code in central_codes:
        return "central"
    if code in province_codes:
        return "province"
    return "unknown"


# ---------------------------------------------------------------- citation views


def relation_rank(relation: str | None) -> int:
    order = settings()["relations"]
    return order.index(relation) if relation in order else len(order)


@dataclass
class Edge:
    src: str  # the citing node
    dst: str  # the cited node
    relation: str


NODE_W, NODE_H, COL_GAP, ROW_GAP = 200, 34, 70, 10
MAX_PER_COLUMN = 10


def citation_view(
    centre: str, edges: Sequence[Edge], nodes: dict[str, dict[str, Any]], link: Callable[[str], str]
) -> dict[str, Any] | None:
    """Columns left to right: what the centre's sources cite (2 hops), what it cites (1 hop), the centre, what
    cites it, what cites those. Each node at most once (nearest hop); edges between shown nodes only, drawn
    once per pair with the strongest relation."""
    best = strongest(edges)
    column = hops(centre, best)
    if len(column) == 1:
        return None
    stacks, more = ordered_columns(column, best, nodes)
    used = sorted(stacks)
    rows = max(len(m) + (1 if c in more else 0) for c, m in stacks.items())
    head = 26
    x_of = {c: 10 + i * (NODE_W + COL_GAP) for i, c in enumerate(used)}
    boxes: dict[str, dict[str, Any]] = {}
    for c, members in stacks.items():
        top = head + (rows - len(members)) * (NODE_H + ROW_GAP) / 2
        for i, node in enumerate(members):
            info = nodes.get(node, {})
            boxes[node] = {
                "id": node,
                "x": x_of[c],
                "y": top + i * (NODE_H + ROW_GAP),
                "label": shorten(info.get("label") or node, 30),
                "sub": shorten(info.get("sub") or "", 34),
                "title": info.get("title") or info.get("label") or node,
                "href": link(node),
                "centre": node == centre,
            }
    lines = [
        edge_curve(boxes[src], boxes[dst], relation)
        for (src, dst), relation in sorted(best.items(), key=lambda kv: -relation_rank(kv[1]))
        if src in boxes and dst in boxes and column[src] != column[dst]
    ]
    return {
        "width": x_of[used[-1]] + NODE_W + 10,
        "height": head + rows * (NODE_H + ROW_GAP) + 10,
        "w": NODE_W,
        "h": NODE_H,
        "nodes": list(boxes.values()),
        "edges": lines,
        "heads": [{"x": x_of[c], "text": COLUMN_LABEL[c], "more": more.get(c, 0)} for c in used],
        "relations": sorted({e["relation"] for e in lines}, key=relation_rank),
    }


def strongest(edges: Sequence[Edge]) -> dict[tuple[str, str], str]:
    """(citing, cited) -> the strongest relation between them."""
    best: dict[tuple[str, str], str] = {}
    for e in edges:
        key = (e.src, e.dst)
        if key not in best or relation_rank(e.relation) < relation_rank(best[key]):
            best[key] = e.relation
    return best


def hops(centre: str, best: dict[tuple[str, str], str]) -> dict[str, int]:
    """Node -> its column: -1, -2 for what the centre cites and what those cite; 1, 2 for what cites it."""
    column = {centre: 0}
    ordered = sorted(best, key=lambda pair: relation_rank(best[pair]))
    for hop in (1, 2):
        for src, dst in ordered:
            if column.get(src) == -(hop - 1) and dst not in column:
                column[dst] = -hop
            if column.get(dst) == hop - 1 and src not in column:
                column[src] = hop
    return column


def ordered_columns(
    column: dict[str, int], best: dict[tuple[str, str], str], nodes: dict[str, dict[str, Any]]
) -> tuple[dict[int, list[str]], dict[int, int]]:
    """Each column's nodes from the centre outwards, placed near the nodes they link to (fewer crossings),
    the strongest relation first; at most MAX_PER_COLUMN, the number left out in the second value."""
    position: dict[str, float] = {n: 0.0 for n, c in column.items() if c == 0}
    neighbours: dict[str, list[tuple[str, str]]] = {}
    for (src, dst), relation in best.items():
        neighbours.setdefault(src, []).append((dst, relation))
        neighbours.setdefault(dst, []).append((src, relation))
    stacks: dict[int, list[str]] = {}
    more: dict[int, int] = {}
    for c in sorted(set(column.values()), key=abs):

        def weight(node: str) -> tuple[float, int, str]:
            linked = [position[o] for o, _ in neighbours.get(node, []) if o in position]
            rank = min((relation_rank(r) for o, r in neighbours.get(node, []) if o in position), default=99)
            return (
                sum(linked) / len(linked) if linked else 0.0,
                rank,
                nodes.get(node, {}).get("label", node),
            )

        members = sorted((n for n, k in column.items() if k == c), key=weight)
        if len(members) > MAX_PER_COLUMN:
            more[c] = len(members) - MAX_PER_COLUMN
            members = members[:MAX_PER_COLUMN]
        stacks[c] = members
        position.update({node: i - (len(members) - 1) / 2 for i, node in enumerate(members)})
    return stacks, more


def edge_curve(a: dict[str, Any], b: dict[str, Any], relation: str) -> dict[str, str]:
    """A curve from the citing box `a` to the cited box `b`, between their facing sides."""
    x1, x2 = (a["x"], b["x"] + NODE_W) if a["x"] > b["x"] else (a["x"] + NODE_W, b["x"])
    y1, y2 = a["y"] + NODE_H / 2, b["y"] + NODE_H / 2
    mid = (x1 + x2) / 2
    return {
        "d": f"M{x1:.1f} {y1:.1f} C{mid:.1f} {y1:.1f} {mid:.1f} {y2:.1f} {x2:.1f} {y2:.1f}",
        "relation": relation,
        "title": f"{a['label']} → {relation} → {b['label']}",
    }


COLUMN_LABEL = {
    -2: "2 bước / 2 hops back",
    -1: "Căn cứ / Based on",
    0: "Văn bản này / This one",
    1: "Thực hiện nó / Carry it out",
    2: "2 bước / 2 hops on",
}


def shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# ---------------------------------------------------------------- the corpus, by issuer level


def issuer_flows(pairs: Sequence[dict[str, Any]]) -> dict[str, Any] | None:
    """Citations counted from citing level to cited level, one band per (from, to, relation), its width
    growing with the count: rows {src_level, dst_level, relation, n}."""
    if not pairs:
        return None
    left_total: dict[str, int] = {}
    right_total: dict[str, int] = {}
    for p in pairs:
        left_total[p["src_level"]] = left_total.get(p["src_level"], 0) + p["n"]
        right_total[p["dst_level"]] = right_total.get(p["dst_level"], 0) + p["n"]
    total = sum(left_total.values())
    usable = 360.0  # pixels of band height for all citations
    gap, lx, rx, top = 26.0, 250.0, 620.0, 30.0
    unit = usable / total

    def stack(totals: dict[str, int]) -> dict[str, tuple[float, float]]:
        out, y = {}, top
        for level in LEVELS:
            if level in totals:
                h = max(2.0, totals[level] * unit)
                out[level] = (y, h)
                y += h + gap
        return out

    left, right = stack(left_total), stack(right_total)
    left_off = {k: v[0] for k, v in left.items()}
    right_off = {k: v[0] for k, v in right.items()}
    bands = []
    ordered = sorted(
        pairs,
        key=lambda p: (
            LEVELS.index(p["src_level"]),
            LEVELS.index(p["dst_level"]),
            relation_rank(p["relation"]),
        ),
    )
    for p in ordered:
        h = max(1.0, p["n"] * unit)
        y1, y2 = left_off[p["src_level"]], right_off[p["dst_level"]]
        left_off[p["src_level"]] += h
        right_off[p["dst_level"]] += h
        mid = (lx + rx) / 2
        bands.append(
            {
                "d": (
                    f"M{lx} {y1:.1f} C{mid} {y1:.1f} {mid} {y2:.1f} {rx} {y2:.1f} L{rx} {y2 + h:.1f} "
                    f"C{mid} {y2 + h:.1f} {mid} {y1 + h:.1f} {lx} {y1 + h:.1f} Z"
                ),
                "relation": p["relation"],
                "n": p["n"],
                "title": f"{LEVEL_LABEL[p['src_level']]} → {LEVEL_LABEL[p['dst_level']]}: "
                f"{p['n']} ({p['relation']})",
            }
        )
    height = max(max(y + h for y, h in left.values()), max(y + h for y, h in right.values())) + 20
    return {
        "width": 860,
        "height": round(height),
        "lx": lx,
        "rx": rx,
        "left": [
            {"level": k, "label": LEVEL_LABEL[k], "y": y, "h": h, "n": left_total[k]}
            for k, (y, h) in left.items()
        ],
        "right": [
            {"level": k, "label": LEVEL_LABEL[k], "y": y, "h": h, "n": right_total[k]}
            for k, (y, h) in right.items()
        ],
        "bands": bands,
        "relations": sorted({p["relation"] for p in pairs}, key=relation_rank),
        "total": total,
    }
