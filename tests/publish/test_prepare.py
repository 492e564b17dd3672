"""prepare(): the site's columns and tables, and the pure helpers behind the pages."""

from __future__ import annotations

from markupsafe import Markup

from kehoach.extract.topics import topics_of
from kehoach.publish import site
from kehoach.publish.prepare import prepare
from kehoach.store import connect


def test_prepare_is_idempotent(built_db, tmp_path):
    db_path = tmp_path / "copy.db"
    db_path.write_bytes(built_db.read_bytes())
    db = connect(db_path)
    before = {t: db.table(t).count for t in ("provinces", "rules", "target_facts")}
    prepare(db)
    prepare(db)
    assert {t: db.table(t).count for t in before} == before
    assert db.table("provinces").count >= 63


def test_topics_come_from_the_title_or_repeated_keywords(rules):
    assert "cải cách hành chính" in topics_of("Kế hoạch cải cách hành chính năm 2024", "", rules)
    assert topics_of("Thông báo", "tre em", rules) == []  # one mention in the text is not a topic


def test_fold_keeps_offsets():
    text = "Đồng Nai\tthực hiện"
    assert len(site.fold_aligned(text)) == len(text)
    assert site.fold_aligned(text) == "dong nai thuc hien"


def test_snippet_marks_and_escapes():
    html = site.snippet("<i>Tỉnh Đồng Nai</i> & trẻ em", "dong nai")
    assert html == Markup("&lt;i&gt;Tỉnh <mark>Đồng Nai</mark>&lt;/i&gt; &amp; trẻ em")


def test_highlight_nests_and_escapes():
    text = "Giảm <b> dưới 15% năm 2025"
    marks = [
        site.Mark("targets", 1, 0, len(text), "targets.percent", "<x>"),
        site.Mark("dates", 2, 20, 28, "dates.year", "năm 2025"),
    ]  # crosses the end: cut at its parent's
    html = site.highlight(text, marks, lambda rule: f"/rules/{rule}")
    assert "&lt;b&gt;" in html and "<b>" not in html
    assert html.count("<span") == html.count("</span>") == 2
    assert 'title="targets.percent — &lt;x&gt;"' in html


def test_symbols_are_told_from_words():
    assert site.is_symbol("113/KH-UBND") and site.is_symbol("20-NQ/TW")
    assert not site.is_symbol("tre em") and not site.is_symbol("2021-2025 ke hoach")
