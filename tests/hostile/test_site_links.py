"""Issue 22, item 5 (site): a sidecar url becomes a link only when it is an http(s) address; a
'JaVaScRiPt:alert(document.domain)' url is shown as text on document and plan pages."""

from __future__ import annotations

import re
import sqlite3
import urllib.request
from pathlib import Path

import pytest

from kehoach.ingest_corpus import ingest_corpus
from tests.conftest import running_datasette
from tests.hostile import generators as make


@pytest.mark.parametrize(
    "value,link",
    [
        ("https://baohagiang.vn/van-hoa/202305/ke-hoach.html", True),
        ("HTTP://example.vn/a?b=1", True),
        ("JaVaScRiPt:alert(document.domain)", False),
        (" javascript:alert(1)", False),
        ("data:text/html,<script>alert(1)</script>", False),
        ("https://x.vn/\njavascript:alert(1)", False),
        ("//evil.example/x", False),
        (None, False),
    ],
)
def test_only_http_addresses_are_links(value: str | None, link: bool) -> None:
    from kehoach.publish.site import web_url

    assert (web_url(value) is not None) == link


def test_a_javascript_url_is_never_a_live_link(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    make.javascript_url(corpus)
    db = tmp_path / "kehoach.db"
    ingest_corpus([corpus], db, progress=False)
    with sqlite3.connect(db) as conn:
        doc_id, url = conn.execute("select id, url from documents").fetchone()
        plan = conn.execute("select plan_id from plan_documents where relation = 'about'").fetchone()
    assert url == "JaVaScRiPt:alert(document.domain)"  # kept as data, shown as text
    pages = [f"/-/document/{doc_id}"] + ([f"/-/plan/{plan[0]}"] if plan else [])
    with running_datasette(db) as base:
        for page in pages:
            html = urllib.request.urlopen(base + page, timeout=10).read().decode()
            assert "alert(document.domain)" in html
            assert not re.search(r"""href=["']?\s*javascript:""", html, re.IGNORECASE), page
