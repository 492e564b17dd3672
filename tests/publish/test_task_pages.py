"""Tasks on the site (issue 18): the task tree on plan pages, a page per agency, the agencies, task facets.

All against the corpus built by the pipeline and served by a real `kehoach serve`.
"""

from __future__ import annotations

import json
import sqlite3
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import lxml.html
import pytest


def get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read().decode("utf-8")


def agency_path(name: str) -> str:
    return "/-/agency/" + urllib.parse.quote(name, safe="")


def query(db: Path, sql: str, *params: object) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql, params).fetchall()


@pytest.fixture(scope="module")
def tree_plan(built_db: Path) -> tuple[str, int, int, str]:
    """A plan with a level-2 task that has a lead, under a level-1 task: (plan, parent, child, lead)."""
    found = query(
        built_db,
        """SELECT a.plan_id, c.parent_id, c.id, c.lead_name FROM tasks c
           JOIN tasks p ON p.id = c.parent_id AND p.level = 1
           JOIN plan_documents a ON a.document_id = c.document_id AND a.relation = 'about'
           WHERE c.level = 2 AND c.lead_name IS NOT NULL ORDER BY a.plan_id, c.start LIMIT 1""",
    )
    assert found, "the corpus has no plan with a subtask that has a lead"
    return found[0]


def test_plan_page_nests_subtasks_under_their_task_with_lead_and_due(datasette_url, built_db, tree_plan):
    plan_id, parent_id, child_id, lead = tree_plan
    page = lxml.html.fromstring(get(f"{datasette_url}/-/plan/{plan_id}"))
    parent = page.get_element_by_id(f"task-{parent_id}")
    assert "level-1" in parent.get("class")
    child = page.get_element_by_id(f"task-{child_id}")
    assert child.getparent().get("class") == "subtasks"
    assert child.getparent().getparent() is parent  # under its own level-1 task, not another one
    links = child.xpath("./span[@class='assignment']/span[@class='lead']/a")
    assert [(a.get("href"), a.text_content()) for a in links] == [(agency_path(lead), lead)]
    # every task of the plan's documents is on the page once, and every level-1 task is at the top of a tree
    tasks = query(
        built_db,
        """SELECT t.id, t.level, t.parent_id FROM tasks t
           JOIN plan_documents a ON a.document_id = t.document_id
           WHERE a.plan_id = ? AND a.relation = 'about'""",
        plan_id,
    )
    shown = page.xpath("//li[contains(@class, 'task ')]/@id")
    assert sorted(shown) == sorted(f"task-{t[0]}" for t in tasks)
    for task_id, level, _ in tasks:
        if level == 1:
            assert "task-tree" in page.get_element_by_id(f"task-{task_id}").getparent().get("class")
    # a deadline beside every task of a plan that has one
    due_plan = query(
        built_db,
        """SELECT a.plan_id FROM tasks t JOIN plan_documents a ON a.document_id = t.document_id
           WHERE a.relation = 'about' AND t.due_by IS NOT NULL GROUP BY a.plan_id ORDER BY count(*) DESC""",
    )[0][0]
    page = lxml.html.fromstring(get(f"{datasette_url}/-/plan/{due_plan}"))
    with_due = query(
        built_db,
        """SELECT t.id, t.due_text, t.due_by FROM tasks t
           JOIN plan_documents a ON a.document_id = t.document_id
           WHERE a.plan_id = ? AND a.relation = 'about' AND t.due_by IS NOT NULL""",
        due_plan,
    )
    assert with_due
    for task_id, text, by in with_due:
        due = page.get_element_by_id(f"task-{task_id}").xpath(
            "./span[@class='assignment']/span[@class='due']"
        )
        assert due and (text or by) in due[0].text_content() and by[:4] in due[0].text_content()


def test_agency_page_lists_its_tasks_by_due_date_with_their_plans(datasette_url, built_db):
    name, lead, partner = query(
        built_db,
        """SELECT body, sum(role = 'lead'), sum(role = 'partner') FROM task_bodies GROUP BY body
           HAVING sum(role = 'lead') > 0 AND sum(role = 'partner') > 0 ORDER BY count(*) DESC LIMIT 1""",
    )[0]
    page = lxml.html.fromstring(get(datasette_url + agency_path(name)))
    assert page.xpath("//h1")[0].text_content() == name
    assert page.xpath("//p[@class='counts']/span[@class='count']")[0].text_content() == str(lead + partner)
    rows = page.xpath("//table[@class='tasks']/tbody/tr")
    assert len(rows) == lead + partner
    roles = [r.get("class") for r in rows]
    assert roles.count("task role-lead") == lead and roles.count("task role-partner") == partner
    # by due date, the undated last
    due = [r.xpath("./td[@class='due']")[0].text_content() for r in rows]
    dated = [d for d in due if d[:1].isdigit()]
    assert due[: len(dated)] == dated
    ends = query(
        built_db,
        "SELECT t.due_end FROM task_bodies b JOIN tasks t ON t.id = b.task_id "
        "WHERE b.body = ? AND t.due_end IS NOT NULL",
        name,
    )
    assert len(dated) == len(ends)
    # each row links to the plan or document it comes from, at the task
    for row in rows:
        href = row.xpath("./td[@class='source']/a/@href")[0]
        assert href.startswith(("/-/plan/", "/-/document/")) and "#task-" in href
    plan_href = rows[0].xpath("./td[@class='source']/a/@href")[0]
    target = lxml.html.fromstring(get(datasette_url + plan_href.split("#")[0]))
    assert target.get_element_by_id(plan_href.split("#")[1]) is not None


def test_agencies_are_listed_most_charged_first_and_link_to_their_pages(datasette_url, built_db):
    page = lxml.html.fromstring(get(datasette_url + "/-/agencies"))
    rows = page.xpath("//table[@class='agencies']/tbody/tr")
    expected = query(built_db, "SELECT body, count(*) FROM task_bodies GROUP BY body")
    assert len(rows) == len(expected)
    counts = [int(r.xpath("./td")[1].text_content()) for r in rows]
    assert counts == sorted(counts, reverse=True)
    assert counts[0] == max(n for _, n in expected)
    first = rows[0].xpath("./td/a")[0]
    assert dict(expected)[first.text_content()] == counts[0]
    assert first.get("href") == agency_path(first.text_content())
    assert 'href="/-/agencies"' in get(datasette_url + "/")  # the home page and the menu link to it


def test_unknown_agency_is_a_404_that_shows_the_name_as_text(datasette_url):
    with pytest.raises(urllib.error.HTTPError) as error:
        get(datasette_url + agency_path("<script>alert(1)</script>"))
    assert error.value.code == 404
    body = error.value.read().decode("utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body and "<script>alert(1)" not in body


def test_task_facts_facet_by_lead_due_year_and_province(datasette_url, built_db):
    found = json.loads(get(f"{datasette_url}/kehoach/task_facts.json?_size=0"))
    facets = found["facet_results"]
    assert {"lead_name", "due_year", "province_now"} <= set(facets)
    expected = dict(
        query(
            built_db,
            "SELECT d.province_now, count(*) FROM tasks t JOIN documents d ON d.id = t.document_id "
            "WHERE d.withdrawn = 0 AND d.province_now IS NOT NULL GROUP BY d.province_now",
        )
    )
    shown = {r["value"]: r["count"] for r in facets["province_now"]["results"]}
    assert shown and all(expected[p] == n for p, n in shown.items())
    province = max(expected, key=expected.get)
    narrowed = json.loads(
        get(f"{datasette_url}/kehoach/task_facts.json?" + urllib.parse.urlencode({"province_now": province}))
    )
    assert narrowed["filtered_table_rows_count"] == expected[province]
