"""The pictures' layouts (pipeline/publish/pictures.py) and the outline map's data (issue 23, items 4-5)."""

from __future__ import annotations

import json
import math
import urllib.request

import pytest
import yaml

from kehoach.publish import pictures
from tests.conftest import ROOT

GAZETTEER = yaml.safe_load((ROOT / "patterns" / "provinces.yml").read_text(encoding="utf-8"))["provinces"]


def inside(point: tuple[float, float], polygons: list[list[list[list[float]]]]) -> bool:
    """Ray casting over every ring (holes flip the answer)."""
    x, y = point
    hit = False
    for polygon in polygons:
        for ring in polygon:
            for (x1, y1), (x2, y2) in zip(ring, ring[1:], strict=False):
                if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
                    hit = not hit
    return hit


def near(point: tuple[float, float], polygons: list[list[list[list[float]]]], limit: float = 0.03) -> bool:
    """Inside, or on the simplified coast (within about 3 km of a vertex: Nha Trang and Hạ Long are by the
    sea)."""
    return inside(point, polygons) or any(
        math.dist(point, p) <= limit for polygon in polygons for ring in polygon for p in ring
    )


def test_the_map_file_has_the_34_units_of_2025_and_the_63_before():
    data = pictures.outlines()
    now = {u["name"] for u in GAZETTEER if not u.get("until")}
    before = {u["name"] for u in GAZETTEER if not u.get("since")}
    assert {u["name"] for u in data["provinces"]} == now and len(now) == 34
    assert {u["name"] for u in data["provinces_before_2025"]} == before and len(before) == 63
    assert pictures.MAP_FILE.stat().st_size < 100_000  # a small generated file
    assert "Natural Earth" in data["source"] and data["license"]


def test_every_seat_lies_inside_its_own_province():
    """The seats come from vietnamadminunits' ward table: each lies inside the outline it labels (Lào Cai's
    seat is in the former Yên Bái, Gia Lai's in the former Bình Định: the merged province's seat, not the
    old capital)."""
    data = pictures.outlines()
    for unit in data["provinces"]:
        assert near(tuple(unit["centre"]), unit["polygons"]), unit["name"]
    old = {u["name"]: u["polygons"] for u in data["provinces_before_2025"]}
    seat = {u["name"]: tuple(u["centre"]) for u in data["provinces"]}
    assert inside(seat["Lào Cai"], old["Yên Bái"])
    assert inside(seat["Gia Lai"], old["Bình Định"])
    assert inside(seat["Tây Ninh"], old["Long An"])


def test_the_archipelagos_belong_to_da_nang_and_khanh_hoa_and_are_labelled(datasette_url):
    """Quần đảo Hoàng Sa (Đà Nẵng) and Quần đảo Trường Sa (Khánh Hòa) are in the map file at their real
    positions, tied to their province in both layers, inside the map's extent and named on the map page."""
    islands = {i["name"]: i for i in pictures.outlines()["islands"]}
    assert set(islands) == {"Quần đảo Hoàng Sa", "Quần đảo Trường Sa"}
    where = {
        "Quần đảo Hoàng Sa": ("Đà Nẵng", 111.0, 113.0, 15.5, 17.3),
        "Quần đảo Trường Sa": ("Khánh Hòa", 111.5, 117.9, 6.0, 12.0),
    }
    layers = {
        layer: {u["name"] for u in pictures.outlines()[layer]}
        for layer in ("provinces", "provinces_before_2025")
    }
    for name, (province, west, east, south, north) in where.items():
        island = islands[name]
        assert island["province"] == island["province_before_2025"] == province
        assert all(province in names for names in layers.values())
        points = [p for poly in island["polygons"] for ring in poly for p in ring]
        assert len(island["polygons"]) >= 5
        assert all(west <= x <= east and south <= y <= north for x, y in points), name
    for layer in layers:
        (lon0, lat1, width, height), paths = pictures.projected(layer)
        assert set(islands) <= set(paths)
        assert lon0 + (width - 2 * pictures.MARGIN) / pictures.SCALE >= 115.8  # the viewBox takes them in
        shown = pictures.province_map(
            pictures.MapRequest(values={"Khánh Hòa": 2}, link=lambda n: n, layer=layer)
        )
        drawn = {a["name"]: a for a in shown["islands"]}
        assert drawn["Quần đảo Trường Sa"]["fill"] == next(
            p["fill"] for p in shown["provinces"] if p["name"] == "Khánh Hòa"
        )
        assert all(a["label_at"] for a in drawn.values())
    for path in ("/-/pictures/map", "/-/pictures/map?by=old"):
        html = urllib.request.urlopen(datasette_url + path).read().decode()
        assert 'class="island" data-name="Quần đảo Hoàng Sa" data-province="Đà Nẵng"' in html
        assert 'class="island" data-name="Quần đảo Trường Sa" data-province="Khánh Hòa"' in html
        assert '<text class="map-label island-label" data-province="Đà Nẵng"' in html
        assert ">Quần đảo Hoàng Sa</text>" in html and ">Quần đảo Trường Sa</text>" in html


@pytest.mark.parametrize(
    "example", pictures.settings()["issuer_levels"]["examples"], ids=lambda e: str(e["issuer"])
)
def test_issuer_level_examples(example):
    assert pictures.issuer_level(example["issuer"], example["symbol"]) == example["level"]


def test_labels_never_overlap_in_a_crowded_delta():
    points = [(f"Tỉnh số {i} ({i})", 100 + (i % 4) * 9, 100 + (i // 4) * 7) for i in range(16)]
    placed = pictures.place_labels(points, 600, 400)
    assert len(placed) >= 10
    boxes = []
    for key, spot in placed.items():
        w = len(key) * pictures.CHAR_WIDTH + 2
        x = {"start": spot["x"] - 1, "end": spot["x"] + 1 - w, "middle": spot["x"] - w / 2}[spot["anchor"]]
        boxes.append(pictures.Box(x, spot["y"] - pictures.FONT, w, pictures.FONT))
    assert not any(a.overlaps(b, 0) for i, a in enumerate(boxes) for b in boxes[i + 1 :])


def test_count_classes_and_the_legend():
    assert pictures.class_breaks([0, 1, 3, 13]) == [1, 2, 5, 10]
    assert pictures.class_breaks([0, 0]) == []
    # every province has five documents or more: the classes start at five, not at an empty "1-4"
    assert pictures.class_breaks([5, 8, 13, 99]) == [5, 10, 20, 50]
    shown = pictures.province_map(pictures.MapRequest(values={"Hà Nội": 13, "Huế": 1}, link=lambda n: n))
    assert [c["text"] for c in shown["legend"]] == ["1", "2–4", "5–9", "10–13"]
    assert len(shown["provinces"]) == 34
    fills = {p["name"]: p["fill"] for p in shown["provinces"]}
    assert fills["Hà Nội"] == shown["legend"][-1]["fill"] and fills["Cà Mau"] == "#f4f4f2"


def test_citation_view_two_hops_and_the_strongest_relation():
    edges = [
        pictures.Edge("plan", "central", "mentions"),
        pictures.Edge("plan", "central", "implements"),  # the same pair again: drawn once, as implements
        pictures.Edge("central", "law", "basis"),
        pictures.Edge("district", "plan", "implements"),
        pictures.Edge("commune", "district", "basis"),
        pictures.Edge("far", "commune", "basis"),  # three hops: not shown
    ]
    view = pictures.citation_view("plan", edges, {}, lambda n: f"/{n}")
    assert view is not None
    columns = {n["id"]: n["x"] for n in view["nodes"]}
    assert columns["law"] < columns["central"] < columns["plan"] < columns["district"] < columns["commune"]
    assert "far" not in columns
    assert sorted(e["relation"] for e in view["edges"]) == ["basis", "basis", "implements", "implements"]


def test_plan_page_draws_its_citation_view(datasette_url, built_db):
    """A plan cited by others: its page has the view, every edge typed by relation
    (its load time is a benchmark: tests/bench/test_page_budgets.py)."""
    import sqlite3

    with sqlite3.connect(built_db) as conn:
        plan_id = conn.execute(
            "SELECT cites_plan_id FROM plan_citations GROUP BY 1 ORDER BY count(*) DESC LIMIT 1"
        ).fetchone()[0]
    url = f"{datasette_url}/-/plan/{plan_id}"
    html = urllib.request.urlopen(url).read().decode()
    assert 'id="citation-view"' in html
    assert html.count('class="edge rel-') >= 2
    assert 'class="edge rel-None' not in html


def test_map_and_citations_pages_draw_their_pictures(datasette_url):
    """Each picture page draws an SVG and escapes the corpus's text (load times: test_page_budgets.py)."""
    for path in ("/-/pictures/map", "/-/pictures/map?by=old", "/-/pictures/citations", "/-/pictures/targets"):
        html = urllib.request.urlopen(datasette_url + path).read().decode()
        assert "<svg" in html and "<script>alert" not in html, path
    html = urllib.request.urlopen(datasette_url + "/-/pictures/map").read().decode()
    assert html.count('class="province"') == 34
    json.dumps(html)  # well-formed text


def test_the_targets_chart_narrows_its_columns_to_fit_many_years_on_a_laptop_screen():
    def rows(years: range) -> list[dict]:
        return [
            {"province_now": "Sơn La", "due_year": y, "value": 95.0, "unit": "%", "comparator": ">="}
            for y in years
        ]

    def link(province: str, year: int) -> str:
        return f"/-/targets?province={province}&year={year}"

    few = pictures.targets_chart(rows(range(2020, 2026)), link, values=False)
    assert few and few["cw"] == 64  # six years: full-width columns
    many = pictures.targets_chart(rows(range(2016, 2046)), link, values=False)
    assert many and many["width"] <= 1180 and many["cw"] < 64  # 30 years of counts still fit
    labelled = pictures.targets_chart(rows(range(2016, 2046)), link, values=True)
    assert labelled and labelled["cw"] == 46  # a "≥95%" label keeps its room: this one scrolls instead
