"""The site in a real headless Chromium (Debian's, via Playwright): `make test-browser` (issue #5).

Screenshots go to artifacts/screenshots/ for a human to look at.
"""

from __future__ import annotations

import re
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = ROOT / "artifacts" / "screenshots"


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    sync_api = pytest.importorskip("playwright.sync_api", reason="pip install playwright (the test extra)")
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is missing: make browser-deps")
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, request):  # type: ignore[no-untyped-def]
    page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    page.set_default_timeout(15_000)
    yield page
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{request.node.name}.png"), full_page=True)
    page.close()


def test_search_without_diacritics_finds_the_plan(page, datasette_url):
    page.goto(datasette_url + "/")
    page.fill("form.kh-search input[name=q]", "dong nai")
    page.click("form.kh-search button")
    first = page.locator("li.result").first
    assert "Đồng Nai" in first.inner_text()
    assert page.locator("li.result mark").first.inner_text() == "Đồng Nai"


def test_a_facet_narrows_the_search(page, datasette_url):
    page.goto(datasette_url + "/-/search?q=tre+em")
    before = page.locator("li.result").count()
    page.locator(".kh-facet[data-facet=province_now] a", has_text="Hà Nội").first.click()
    page.wait_for_url(re.compile(r"province_now="))
    after = page.locator("li.result").count()
    assert 0 < after < before
    assert all("Hà Nội" in t for t in page.locator("li.result .meta").all_inner_texts())


def test_plan_page_shows_extractions_and_citations(page, datasette_url, built_db):
    with sqlite3.connect(built_db) as conn:
        plan_id = conn.execute("""SELECT a.plan_id FROM plan_documents a
                                  JOIN plan_citations c ON c.plan_id = a.plan_id
                                  JOIN targets t ON t.document_id = a.document_id WHERE a.relation = 'about'
                                  GROUP BY a.plan_id ORDER BY count(*) DESC""").fetchone()[0]
    page.goto(f"{datasette_url}/-/plan/{plan_id}")
    assert page.locator("section.cites li a").count() > 0
    for kind in ("references", "targets", "dates"):
        mark = page.locator(f".marked-text .ex-{kind}").first
        assert mark.is_visible()
        assert mark.evaluate("e => getComputedStyle(e).backgroundColor") != "rgba(0, 0, 0, 0)"  # highlighted
    page.locator(".marked-text .ex-targets").first.scroll_into_view_if_needed()
    page.screenshot(path=str(SCREENSHOTS / "plan_page_marked_text.png"))
    page.locator(".marked-text .ex-targets > a.rule-tag").first.click()
    page.wait_for_url(re.compile(r"/rules/targets"))
    assert "patterns/targets.yml" in page.content()


@pytest.mark.parametrize(
    "path,shapes",
    [
        ("/-/pictures/targets", "svg#targets-chart rect.cell"),
        ("/-/pictures/targets?indicator=ho+ngheo", "svg#targets-chart rect.cell"),
        ("/-/pictures/map", "svg#province-map path.province"),
        ("/-/pictures/citations", "svg#citation-flows path.band"),
    ],
    ids=["targets", "targets-one-indicator", "map", "citations"],
)
def test_pictures_render(page, datasette_url, path, shapes):
    page.goto(datasette_url + path)
    assert page.locator(shapes).count() > 0
    box = page.locator(shapes.split()[0]).bounding_box()
    assert box and box["width"] > 300 and box["height"] > 100


def test_agency_page_and_a_plan_task_tree(page, datasette_url, built_db):
    """Issue 18: from the agencies list to the most charged agency's page, then to a plan's task tree."""
    with sqlite3.connect(built_db) as conn:
        plan_id, child_id, lead = conn.execute("""SELECT a.plan_id, c.id, c.lead_name FROM tasks c
            JOIN plan_documents a ON a.document_id = c.document_id AND a.relation = 'about'
            WHERE c.level = 2 AND c.parent_id IS NOT NULL AND c.lead_name IS NOT NULL
            GROUP BY a.plan_id ORDER BY count(*) DESC""").fetchone()
    page.goto(datasette_url + "/-/agencies")
    first = page.locator("table.agencies tbody tr td a").first
    name = first.inner_text()
    first.click()
    page.wait_for_url(re.compile(r"/-/agency/"))
    assert page.locator("h1").inner_text() == name
    rows = page.locator("table.tasks tbody tr")
    assert rows.count() == int(page.locator("p.counts .count").inner_text()) > 0
    assert rows.first.locator("td.source a").is_visible()
    page.screenshot(path=str(SCREENSHOTS / "agency_page.png"), full_page=True)

    page.goto(f"{datasette_url}/-/plan/{plan_id}")
    child = page.locator(f"ol.task-tree > li.level-1 > ol.subtasks > li#task-{child_id}")
    child.scroll_into_view_if_needed()
    assert child.is_visible()
    lead_link = child.locator(":scope > .assignment .lead a")
    assert lead_link.inner_text() == lead
    page.screenshot(path=str(SCREENSHOTS / "plan_task_tree.png"))
    lead_link.click()
    page.wait_for_url(re.compile(r"/-/agency/"))
    assert page.locator("h1").inner_text() == lead
    assert page.locator(f"td.source a[href$='#task-{child_id}']").count() == 1
