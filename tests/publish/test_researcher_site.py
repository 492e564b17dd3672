"""Issue 23 over HTTP: symbols however typed, search operators, exports that keep their filters, CSV files
a spreadsheet reads, canned queries on their form, the home page's counts, lang and headings."""

from __future__ import annotations

import csv
import io
import json
import re
import sqlite3
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from kehoach.publish import downloads, site
from tests.publish.pages import result_count, search


def fetch(url: str) -> tuple[bytes, dict[str, str]]:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read(), {k.lower(): v for k, v in response.headers.items()}


def get(url: str) -> str:
    return fetch(url)[0].decode("utf-8")


# ---------------------------------------------------------------- symbols and operators, without a server


@pytest.mark.parametrize(
    "typed,symbol",
    [
        ("1896/QD-TTg", "1896/QD-TTg"),
        ("113 / KH-UBND", "113/KH-UBND"),
        ("KH-UBND 113", "113/KH-UBND"),
        ("kh-ubnd 113", "113/kh-ubnd"),
        ("QĐ-TTg 23", "23/QĐ-TTg"),
        ("tre em", None),
        ("năm 2025", None),  # a word and a year is not a symbol
        ("2021 - 2025 ke hoach", None),
    ],
)
def test_symbol_query_puts_spaces_and_order_right(typed, symbol):
    assert site.symbol_query(typed) == symbol


def test_symbol_keys_read_each_d_as_d_or_dj():
    assert site.symbol_keys("1896/QD-TTg") == ["1896-QD-TTG", "1896-QĐ-TTG"]
    assert "07-2021-NQ-HĐND" in site.symbol_keys("07/2021/NQ-HDND")
    assert site.symbol_keys("113/KH-UBND") == ["113-KH-UBND", "113-KH-UBNĐ"]  # the stored key first
    assert site.symbol_keys("20-NQ/TW") == ["20-NQ-TW"]


@pytest.mark.parametrize(
    "typed,fts",
    [
        ("tre OR em", '(("tre")) OR (("em"))'),
        ('"trẻ em" dinh', '(("tre em" "dinh"))'),
        ("dinh dư*", '(("dinh" "du"*))'),
        ("tre em -covid", '(("tre" "em") NOT "covid")'),
        ("tre NOT em", '(("tre") NOT "em")'),
    ],
)
def test_operators_become_fts5_queries(typed, fts):
    assert site.fts_queries(typed) == [fts]


def test_a_query_of_operators_only_searches_nothing_and_says_so():
    parsed = site.parse_operators("OR")
    assert parsed is not None and not parsed.terms and site.fts_queries("OR") == []
    assert site.parse_operators("tre em") is None  # plain words: phrase first, then every word


def test_csv_labels_come_from_the_metadata():
    assert downloads.label("subject_symbol", "documents").startswith("Số ký hiệu")
    assert downloads.label("province_now").startswith("Tỉnh")  # any table's label, for canned queries
    assert downloads.label("no_such_column") == "no_such_column"
    body = downloads.csv_bytes(["title"], [{"title": "Trẻ em"}], "documents", bom=True, labels=True)
    assert body.startswith(downloads.BOM) and "Tiêu đề" in body.decode("utf-8-sig").splitlines()[0]


# ---------------------------------------------------------------- symbols and operators, served


@pytest.mark.parametrize(
    "typed,stored",
    [
        ("1896/QD-TTg", "1896/QĐ-TTg"),
        ("23/QD-TTg", "23/QĐ-TTg"),
        ("07/2021/NQ-HDND", "07/2021/NQ-HĐND"),
        ("113 / KH-UBND", "113/KH-UBND"),
        ("KH-UBND 113", "113/KH-UBND"),
    ],
)
def test_a_symbol_typed_without_dj_or_out_of_order_finds_the_document_and_its_plan(
    datasette_url, built_db, typed, stored
):
    page = search(datasette_url, typed)
    assert result_count(page) >= 1
    with sqlite3.connect(built_db) as conn:
        plan_ids = {r[0] for r in conn.execute("SELECT id FROM plans WHERE symbol = ?", [stored])}
    box = page[page.index("Documents with this symbol") : page.index('class="count"')]
    assert plan_ids and plan_ids <= set(re.findall(r'href="/-/plan/([0-9a-f]{16})"', box))
    assert f"<mark>{stored}</mark>" in page or f"<mark>{stored.upper()}</mark>" in page


def test_or_widens_quotes_and_not_narrow(datasette_url):
    tre, em = result_count(search(datasette_url, "tre")), result_count(search(datasette_url, "em"))
    either = search(datasette_url, "tre OR em")
    assert result_count(either) >= max(tre, em) > 0
    assert "«tre» OR «em»" in either  # read back on the page
    words = result_count(search(datasette_url, "tre em"))
    assert 0 < result_count(search(datasette_url, '"tre em"')) <= words
    assert result_count(search(datasette_url, "tre em -covid")) <= words
    assert result_count(search(datasette_url, "dinh dư*")) >= result_count(
        search(datasette_url, "dinh duong")
    )


def test_an_empty_result_is_explained(datasette_url):
    page = search(datasette_url, "OR")
    assert result_count(page) == 0 and "no words left to search for" in page
    page = search(datasette_url, '"zzqx unheard phrase"')
    assert result_count(page) == 0 and "no document matches" in page


# ---------------------------------------------------------------- exports keep their filters


def narrowing_province(base: str, q: str) -> str:
    """A province whose filter keeps some results of `q` but not all."""
    page = search(base, q)
    facet = page[page.index('data-facet="province_now"') :]
    return urllib.parse.unquote_plus(re.findall(r"province_now=([^&\"]+)", facet)[-1])


def test_every_export_of_a_filtered_search_lists_exactly_its_results(datasette_url):
    province = narrowing_province(datasette_url, "tre em")
    page = search(datasette_url, "tre em", province_now=province)
    total = result_count(page)
    assert 0 < total < result_count(search(datasette_url, "tre em"))
    shown = set(re.findall(r'class="title" href="/-/document/([0-9a-f]{64})"', page))

    links = dict(re.findall(r'<a href="([^"]+)"[^>]*>(CSV \(Excel\)|CSV|JSON|xem dạng bảng)', page))
    by_label = {label: url.replace("&amp;", "&") for url, label in links.items()}
    body, headers = fetch(datasette_url + by_label["CSV"])
    assert "attachment" in headers["content-disposition"] and headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8"))))
    assert {r["id"] for r in rows} == shown and len(rows) == total
    assert all(r["province_now"] == province for r in rows)

    excel, _ = fetch(datasette_url + by_label["CSV (Excel)"])
    assert excel.startswith(downloads.BOM)
    header = next(csv.reader(io.StringIO(excel.decode("utf-8-sig"))))
    assert "Tiêu đề / Title or headline" in header and "title" not in header
    assert len(excel.decode("utf-8-sig").splitlines()) == total + 1

    exported = json.loads(get(datasette_url + by_label["JSON"]))
    assert exported["count"] == total and exported["filters"] == {"province_now": province}

    table = json.loads(
        get(datasette_url + by_label["xem dạng bảng"].replace("/documents?", "/documents.json?"))
    )
    assert table["filtered_table_rows_count"] == total


def test_a_symbol_search_exports_the_same_documents(datasette_url):
    page = search(datasette_url, "KH-UBND 113")
    exported = json.loads(get(f"{datasette_url}/-/search.json?q=KH-UBND+113"))
    assert exported["count"] == result_count(page) >= 1
    assert "as a table" not in page  # the table's own search cannot express a symbol


def test_datasette_csvs_download_as_files_with_a_bom_and_labels_on_request(datasette_url):
    plain, headers = fetch(f"{datasette_url}/kehoach/documents.csv?_col=title&_col=province")
    assert (
        "attachment" in headers["content-disposition"] and "documents.csv" in headers["content-disposition"]
    )
    assert plain.decode("utf-8").splitlines()[0] == "id,title,province"  # scripts keep the column names
    labelled, _ = fetch(
        f"{datasette_url}/kehoach/documents.csv?_col=title&_col=province&_bom=1&_header=labels"
    )
    assert labelled.startswith(downloads.BOM)
    first = labelled.decode("utf-8-sig").splitlines()
    assert first[0].startswith("sha256 của tệp gốc") and "Tiêu đề / Title or headline" in first[0]
    assert first[1:] == plain.decode("utf-8").splitlines()[1:]  # only the header changed
    query, _ = fetch(f"{datasette_url}/kehoach/plans_implementing.csv?symbol=23%2FQD-TTg&_header=labels")
    assert "Tỉnh, thành phố như văn bản ghi" in query.decode("utf-8").splitlines()[0]


# ---------------------------------------------------------------- canned queries, home, lang, headings


def test_a_canned_query_opens_on_its_form_under_its_title(datasette_url):
    page = get(f"{datasette_url}/kehoach/plans_implementing?symbol=23%2FQD-TTg")
    title = re.search(r"<title>(.*?)</title>", page, re.S).group(1).strip()
    assert title == "Văn bản thực hiện một văn bản / Plans implementing a given document"
    assert "select" not in title.lower()
    assert 'id="sql-query"' not in page and "_show_sql=1" in page  # the SQL is one click away
    assert re.search(r'<label for="qp1">symbol</label> <input type="text" id="qp1"', page)


def test_the_home_page_says_how_much_there_is(datasette_url, built_db):
    page = get(datasette_url + "/")
    with sqlite3.connect(built_db) as conn:
        documents = conn.execute("SELECT count(*) FROM documents WHERE withdrawn = 0").fetchone()[0]
        provinces = conn.execute("SELECT count(DISTINCT province_now) FROM documents").fetchone()[0]
    counts = re.sub(r"\s+", " ", page[page.index('class="counts"') : page.index('class="browse"')])
    assert f"<strong>{documents:,}</strong> văn bản" in counts
    assert f"<strong>{provinces}</strong> tỉnh" in counts and "kế hoạch / plans" in counts
    assert re.search(r'class="browse-all" href="/kehoach/documents\?withdrawn=0"', page)


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/-/search?q=tre+em",
        "/-/pictures/map",
        "/kehoach",
        "/kehoach/documents",
        "/kehoach/failed_ingest",
    ],
)
def test_every_page_is_in_vietnamese_with_one_h1(datasette_url, path):
    page = get(datasette_url + path)
    assert '<html lang="vi">' in page
    assert len(re.findall(r"<h1[ >]", page)) == 1


def test_a_document_page_has_one_h1(datasette_url, built_db):
    with sqlite3.connect(built_db) as conn:
        doc_id = conn.execute("SELECT id FROM documents ORDER BY id LIMIT 1").fetchone()[0]
    page = get(f"{datasette_url}/-/document/{doc_id}")
    assert len(re.findall(r"<h1[ >]", page)) == 1


def test_heat_map_labels_keep_their_contrast():
    def ratio(a: float, b: float) -> float:
        return (max(a, b) + 0.05) / (min(a, b) + 0.05)

    for step in range(101):
        share = step / 100
        cell = site.luminance(site.heat_rgb(share))
        text = 1.0 if "on-dark" in site.label_class(share) else 0.0
        assert ratio(cell, text) >= 4.5, share


def test_search_page_has_a_labelled_box(datasette_url):
    page = search(datasette_url, "tre em")
    assert re.search(r'<label for="q">[^<]+</label>\s*<input type="search" name="q" id="q"', page)


def test_pictures_are_named_groups_of_links(datasette_url):
    for path in ("/-/pictures/targets", "/-/pictures/map", "/-/pictures/citations"):
        page = get(datasette_url + path)
        assert re.search(r'<svg [^>]*role="group" aria-label="[^"]+"', page), path
        assert not re.search(r'<svg [^>]*class="chart"[^>]*role="img"', page)  # img hides its links


def test_every_patch_of_datasettes_templates_applies():
    """Datasette's templates change between versions: each patch's text must still be there."""
    import datasette

    from kehoach.publish.plugins import kehoach_site

    templates = Path(datasette.__file__).parent / "templates"
    for name, patches in kehoach_site.TEMPLATE_PATCHES.items():
        source = (templates / name).read_text(encoding="utf-8")
        assert all(old in source for old, _ in patches), name


def test_tables_and_canned_queries_offer_a_spreadsheet_csv(datasette_url):
    for path in ("/kehoach/documents", "/kehoach/plans_implementing?symbol=23%2FQD-TTg"):
        page = get(datasette_url + path)
        link = re.search(r'<a href="([^"]+)">CSV \(Excel\)</a>', page).group(1).replace("&amp;", "&")
        body, headers = fetch(datasette_url + link)
        assert body.startswith(downloads.BOM) and "attachment" in headers["content-disposition"]
