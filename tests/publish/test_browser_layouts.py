"""Phones and desktops, the outline map and the citation views in Debian's Chromium (issue 23, items 3-5;
issue 20's per-page citation view). `make test-browser`; screenshots in artifacts/screenshots/."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from tests.publish.test_browser import SCREENSHOTS, browser  # noqa: F401 (the Chromium fixture)

pytestmark = pytest.mark.browser

WIDTHS = (1366, 390)
# Elements that are wider than the page on a phone but scroll inside their own box, or tables that do
OVERFLOW_OK = ".scroll-box, .map-box, table, pre"


@pytest.fixture(scope="module")
def pages(built_db: Path) -> dict[str, str]:
    """One page of every kind, chosen from the built corpus."""
    with sqlite3.connect(built_db) as conn:
        cited = conn.execute(
            "SELECT cites_plan_id FROM plan_citations GROUP BY 1 ORDER BY count(*) DESC"
        ).fetchone()
        citing, document = conn.execute(
            """SELECT a.plan_id, a.document_id FROM plan_documents a JOIN [references] r
               ON r.document_id = a.document_id WHERE a.relation = 'about' AND r.plan_id IS NOT NULL
               GROUP BY a.plan_id ORDER BY count(DISTINCT r.plan_id) DESC"""
        ).fetchone()
        indicator = conn.execute(
            "SELECT indicator_id FROM target_facts WHERE is_target = 1 AND indicator_id IS NOT NULL "
            "GROUP BY 1 ORDER BY count(DISTINCT province_now) DESC"
        ).fetchone()[0]
    return {
        "home": "/",
        "search": "/-/search?q=tre+em",
        "plan-cited": f"/-/plan/{cited[0]}",
        "plan-citing": f"/-/plan/{citing}",
        "document": f"/-/document/{document}",
        "targets": "/-/pictures/targets",
        "map": "/-/pictures/map",
        "map-old": "/-/pictures/map?by=old",
        "citations": "/-/pictures/citations",
        "indicator": f"/-/indicator/{indicator}",
        "agencies": "/-/agencies",
        "canned-query": f"/{built_db.stem}/plans_implementing?symbol=23%2FQD-TTg",
        "table": f"/{built_db.stem}/documents",
    }


def open_page(chromium: Any, url: str, width: int) -> Any:
    page = chromium.new_page(viewport={"width": width, "height": 900}, locale="vi-VN")
    page.set_default_timeout(15_000)
    page.goto(url)
    return page


def shot(page: Any, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(
    "kind",
    [
        "home",
        "search",
        "plan-cited",
        "plan-citing",
        "document",
        "targets",
        "map",
        "map-old",
        "citations",
        "indicator",
        "agencies",
        "canned-query",
        "table",
    ],
)
def test_no_page_scrolls_sideways(request, datasette_url, pages, kind, width):
    """Nothing is wider than the screen, except inside its own scroll box (issue 23 item 3)."""
    page = open_page(request.getfixturevalue("browser"), datasette_url + pages[kind], width)
    try:
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        wide = page.evaluate(
            """([width, ok]) => [...document.querySelectorAll('body *')]
                 .filter(e => e.getBoundingClientRect().right > width + 1 && !e.closest(ok))
                 .map(e => e.tagName + '.' + e.className)""",
            [width, OVERFLOW_OK],
        )
        assert wide == []
        shot(page, f"layout_{kind}_{width}")
    finally:
        page.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_facets_fold_on_phones(request, datasette_url, width):
    page = open_page(request.getfixturevalue("browser"), datasette_url + "/-/search?q=tre+em", width)
    try:
        toggle = page.locator("details#kh-facets-toggle")
        facet = page.locator(".kh-facet").first
        if width < 700:
            assert toggle.get_attribute("open") is None and not facet.is_visible()
            results = page.locator("li.result").first.bounding_box()
            assert results and results["width"] > 300  # the results take the screen, not a 110 px column
            toggle.locator("summary").click()
            assert facet.is_visible()
        else:
            assert toggle.get_attribute("open") is not None and facet.is_visible()
    finally:
        page.close()


def test_the_unfiltered_targets_picture_is_not_clipped(request, datasette_url):
    page = open_page(request.getfixturevalue("browser"), datasette_url + "/-/pictures/targets", 1366)
    try:
        box = page.locator(".picture-box").first
        assert box.evaluate("e => e.scrollWidth <= e.clientWidth")  # the whole chart shows
        svg = page.locator("svg#targets-chart").bounding_box()
        assert svg and svg["x"] + svg["width"] <= 1366
    finally:
        page.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_the_outline_map(request, datasette_url, built_db, width):
    """34 outlines, a choropleth with a legend, seats, labels that overlap nothing, and the documents without
    a province counted (issue 23 item 4)."""
    page = open_page(request.getfixturevalue("browser"), datasette_url + "/-/pictures/map", width)
    try:
        assert page.locator("svg#province-map path.province").count() == 34
        assert page.locator("svg#province-map circle.seat").count() == 34
        assert page.locator("svg#province-map .legend rect").count() >= 3
        fills = set(
            page.locator("svg#province-map path.province").evaluate_all(
                "ps => ps.map(p => p.getAttribute('fill'))"
            )
        )
        assert len(fills) >= 3  # shaded by class, not one colour
        boxes = page.locator("svg#province-map text.map-label").evaluate_all(
            "ts => ts.map(t => { const b = t.getBBox(); "
            "return [b.x, b.y, b.width, b.height, t.textContent]; })"
        )
        assert len(boxes) >= 25
        for i, (x, y, w, h, a) in enumerate(boxes):
            for x2, y2, w2, h2, b in boxes[i + 1 :]:
                assert x + w <= x2 or x2 + w2 <= x or y + h <= y2 or y2 + h2 <= y, (a, b)
        svg = page.locator("svg#province-map").bounding_box()
        assert svg and svg["width"] <= width  # scaled by its viewBox on a phone
        with sqlite3.connect(built_db) as conn:
            unplaced = conn.execute(
                "SELECT count(*) FROM documents "
                "WHERE withdrawn = 0 AND (province_now IS NULL OR province_now = '')"
            ).fetchone()[0]
        assert page.locator("#unplaced .count").inner_text() == str(unplaced)
        shot(page, f"map_{width}")
        page.locator("svg#province-map path.province[data-name='Hà Nội']").click()
        page.wait_for_url("**/documents?province_now=*")
    finally:
        page.close()


def test_an_indicator_map(request, datasette_url, pages):
    page = open_page(request.getfixturevalue("browser"), datasette_url + pages["indicator"], 1366)
    try:
        assert page.locator("svg#province-map path.province").count() == 34
        assert page.locator("svg#province-map .legend-title").text_content().startswith("Chỉ tiêu")
        shot(page, "indicator_map_1366")
    finally:
        page.close()


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("kind", ["plan-cited", "plan-citing", "document"])
def test_citation_view_per_page(request, datasette_url, pages, kind, width):
    """Each plan and document page draws its own citations: typed edges, the page itself in the middle, every
    node a link; on a phone the picture scrolls inside its box (issue 20 item 4, issue 23 item 5)."""
    page = open_page(request.getfixturevalue("browser"), datasette_url + pages[kind], width)
    try:
        view = page.locator("svg#citation-view")
        assert view.count() == 1
        assert page.locator("svg#citation-view .node.centre").count() == 1
        edges = page.locator("svg#citation-view path.edge")
        assert edges.count() >= 1
        kinds = set(edges.evaluate_all("es => es.map(e => e.getAttribute('class').split(' ')[1])"))
        assert kinds <= {
            f"rel-{r}" for r in ("implements", "basis", "amends", "replaces", "repeals", "mentions")
        }
        assert page.locator("svg#citation-view a").count() >= 2
        font = page.locator("svg#citation-view text.node-label").first.evaluate(
            "t => t.getBoundingClientRect().height"
        )
        assert font >= 11  # drawn small enough to read: never scaled down
        centre = page.locator("svg#citation-view .node.centre rect").bounding_box()
        assert centre and 0 <= centre["x"] and centre["x"] + centre["width"] <= width  # in view at first
        view.scroll_into_view_if_needed()
        page.locator(".citation-view-picture").screenshot(
            path=str(SCREENSHOTS / f"citation_view_{kind}_{width}.png")
        )
    finally:
        page.close()


def test_citations_by_issuer_level(request, datasette_url):
    page = open_page(request.getfixturevalue("browser"), datasette_url + "/-/pictures/citations", 1366)
    try:
        assert page.locator("svg#citation-flows path.band").count() >= 2
        labels = page.locator("svg#citation-flows text.level-label").all_text_contents()
        assert any(t.startswith("Trung ương") for t in labels) and any(t.startswith("Tỉnh") for t in labels)
        assert page.locator("svg#citation-network").count() == 0  # the tangle of every edge is gone
        first = page.locator(".most-cited li a").first
        first.click()
        page.wait_for_url("**/-/plan/*")
        assert page.locator("svg#citation-view").count() == 1
    finally:
        page.close()
