"""Issue 23 in a real headless Chromium, at 1366 px and on a 390 px phone: symbols however typed, exports that
keep their filters, canned queries on their form, the home page's counts, live reload while searching, and
axe-core's accessibility check on every page type (zero serious or critical findings).

`make test-browser` (browser-deps installs Debian's Chromium and axe-core); screenshots go to
artifacts/screenshots/.
"""

from __future__ import annotations

import json
import re
import sqlite3
import threading
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import running_datasette
from tests.publish.test_browser import SCREENSHOTS, browser  # noqa: F401 (the Chromium fixture)
from tests.publish.test_live_reload import FIRST, LATER, LATER_SYMBOL, copy_seed, ingest

pytestmark = pytest.mark.browser

WIDTHS = {"desktop": 1366, "phone": 390}


@pytest.fixture(params=list(WIDTHS))
def page(browser, request) -> Iterator[Any]:  # noqa: F811 (the imported fixture, used)
    width = WIDTHS[request.param]
    page = browser.new_page(viewport={"width": width, "height": 900}, locale="vi-VN", accept_downloads=True)
    page.set_default_timeout(15_000)
    yield page
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    name = request.node.name.replace("/", "_")
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
    page.close()


def axe_source() -> str:
    try:
        return (resources.files("axe_playwright_python") / "axe.min.js").read_text(encoding="utf-8")
    except ModuleNotFoundError:
        pytest.fail("axe-core is missing: run `make browser-deps`")


def serious_findings(page: Any) -> list[dict[str, Any]]:
    """axe-core's serious and critical violations on the page as it stands."""
    page.add_script_tag(content=axe_source())
    found = page.evaluate(
        """async () => (await axe.run(document, {resultTypes: ['violations']})).violations
            .filter(v => v.impact === 'serious' || v.impact === 'critical')
            .map(v => ({id: v.id, impact: v.impact,
                        nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))"""
    )
    return list(found)


def every_page_type(db: Path) -> list[str]:
    with sqlite3.connect(db) as conn:
        plan = conn.execute("""SELECT a.plan_id FROM plan_documents a JOIN targets t
                               ON t.document_id = a.document_id WHERE a.relation = 'about'
                               GROUP BY a.plan_id ORDER BY count(*) DESC""").fetchone()[0]
        doc = conn.execute("""SELECT document_id FROM targets GROUP BY document_id
                              ORDER BY count(*) DESC""").fetchone()[0]
        indicator = conn.execute(
            "SELECT indicator_id FROM targets WHERE indicator_id IS NOT NULL"
        ).fetchone()[0]
    return [
        "/",
        "/-/search?q=tre+em",
        "/-/search?q=KH-UBND+113",
        f"/-/plan/{plan}",
        f"/-/document/{doc}",
        f"/-/indicator/{indicator}",
        "/-/agencies",
        "/kehoach/plans_implementing?symbol=23%2FQD-TTg",
    ]


def picture_paths(page: Any, base: str) -> list[str]:
    """Every picture the site offers: the links of the pictures' menu, and one indicator's targets."""
    page.goto(base + "/-/pictures/targets")
    links = page.locator("nav.pictures a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    return sorted(set(links) | {"/-/pictures/targets?indicator=ho+ngheo", "/-/pictures/map?by=old"})


def test_no_serious_accessibility_finding_on_any_page(page, datasette_url, built_db):
    paths = every_page_type(built_db) + picture_paths(page, datasette_url)
    assert any("pictures/map" in p for p in paths) and any("pictures/citations" in p for p in paths)
    problems = {}
    for path in paths:
        page.goto(datasette_url + path)
        assert page.locator("html").get_attribute("lang") == "vi", path
        assert page.locator("h1").count() == 1, path
        if found := serious_findings(page):
            problems[path] = found
    assert not problems, json.dumps(problems, ensure_ascii=False, indent=1)


def test_focused_links_are_outlined_and_keep_their_colour(page, datasette_url):
    page.goto(datasette_url + "/-/search?q=tre+em")
    link = page.locator("li.result a.title").first
    before = link.evaluate("a => getComputedStyle(a).color")
    page.locator("#q").focus()
    for _ in range(40):  # tab to the first result as a keyboard user would
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('title')"):
            break
    style = page.evaluate(
        "(() => { const s = getComputedStyle(document.activeElement); "
        "return {outline: s.outlineStyle, width: s.outlineWidth, color: s.color}; })()"
    )
    assert style["outline"] == "solid" and style["width"] == "3px"
    assert style["color"] in (before, "rgb(29, 79, 110)")  # never Datasette's pale green


@pytest.mark.parametrize(
    "typed", ["1896/QD-TTg", "KH-UBND 113", "113 / KH-UBND"], ids=["d-for-dj", "codes-first", "spaces"]
)
def test_a_symbol_typed_loosely_finds_its_plan(page, datasette_url, typed):
    page.goto(datasette_url + "/")
    page.fill("#home-q", typed)
    page.locator("form.kh-search button").click()
    page.wait_for_url(re.compile(r"/-/search\?q="))
    assert page.locator("ul.plans li a").count() >= 1
    assert page.locator("li.result").count() >= 1
    assert page.locator("li.result mark").first.is_visible()
    page.locator("ul.plans li a").first.click()
    page.wait_for_url(re.compile(r"/-/plan/"))


def test_or_is_read_back_and_widens_the_search(page, datasette_url):
    page.goto(datasette_url + "/-/search?q=tre+OR+em")
    assert "«tre» OR «em»" in page.locator(".read-as").inner_text()
    assert page.locator("li.result").count() > 0


def test_the_csv_download_of_a_filtered_search_holds_exactly_its_results(page, datasette_url):
    page.goto(datasette_url + "/-/search?q=tre+em")
    page.locator("details#kh-facets-toggle").evaluate("d => { d.open = true; }")  # folded on a phone
    page.locator(".kh-facet[data-facet=province_now] a").last.click()
    page.wait_for_url(re.compile(r"province_now="))
    total = int(page.locator("p.count strong").inner_text().rstrip("+"))
    with page.expect_download() as info:
        page.locator("span.export a", has_text="CSV (Excel)").click()
    download = info.value
    data = Path(download.path()).read_bytes()
    assert data.startswith("\ufeff".encode()) and download.suggested_filename.endswith(".csv")
    lines = data.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Tiêu đề / Title") and len(lines) == total + 1
    page.locator("span.export a", has_text="xem dạng bảng").click()
    page.wait_for_url(re.compile(r"/kehoach/documents\?"))
    assert f"{total} row" in page.locator("h3").first.inner_text()


def test_a_canned_query_opens_on_its_form(page, datasette_url):
    page.goto(datasette_url + "/kehoach/plans_implementing")
    assert page.title() == "Văn bản thực hiện một văn bản / Plans implementing a given document"
    assert page.locator("#sql-query").count() == 0  # the SQL is behind "show"
    page.get_by_label("symbol").fill("23/QD-TTg")
    page.locator("form.sql input[type=submit]").click()
    page.wait_for_url(re.compile(r"symbol=23"))
    page.locator("table.rows-and-columns tbody tr").first.wait_for()
    assert page.title().startswith("Văn bản thực hiện")


def test_the_home_page_counts_and_browses_everything(page, datasette_url):
    page.goto(datasette_url + "/")
    counts = page.locator(".kh-home-counts .counts").inner_text()
    assert re.search(r"\d+ văn bản / documents", counts) and re.search(r"\d+ tỉnh", counts)
    assert re.search(r"\d{4}–\d{4}", counts)
    page.locator("a.browse-all").click()
    page.wait_for_url(re.compile(r"/kehoach/documents"))
    assert page.locator("table.rows-and-columns tbody tr").count() > 0


def test_new_documents_appear_while_a_reader_searches(browser, tmp_path):  # noqa: F811
    """Ingest runs while a browser searches again and again: every page is whole, the new plan appears."""
    corpus, db = tmp_path / "corpus", tmp_path / "kehoach.db"
    copy_seed(FIRST, corpus)
    ingest(corpus, db)
    with running_datasette(db) as base:
        page = browser.new_page(viewport={"width": 390, "height": 900}, locale="vi-VN")
        page.goto(f"{base}/-/search?q={LATER_SYMBOL}")
        assert page.locator("ul.plans li").count() == 0
        done = threading.Event()

        def archivist() -> None:
            copy_seed((LATER,), corpus)
            ingest(corpus, db)
            done.set()

        thread = threading.Thread(target=archivist)
        thread.start()
        counts = set()
        while not done.is_set():
            page.goto(base + "/-/search?q=tre+em")
            counts.add(page.locator("p.count strong").inner_text())
            assert page.locator("h1").count() == 1  # a whole page every time
        thread.join()
        page.goto(f"{base}/-/search?q={LATER_SYMBOL}")
        assert page.locator("ul.plans li").count() >= 1
        page.screenshot(path=str(SCREENSHOTS / "live_reload_new_plan.png"), full_page=True)
        page.goto(base + "/-/search?q=tre+em")
        counts.add(page.locator("p.count strong").inner_text())
        assert len(counts) == 2, counts  # the old count, then the new one
        page.close()
