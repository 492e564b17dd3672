"""The kehoach Datasette plugin: folded search, plan and document pages, pictures, SQL helpers.

Registered as a Datasette plugin by the package's entry point (`datasette plugins` lists it), so it serves a
kehoach database under any name, beside other databases, in plain `datasette serve` too. Pages:
  /-/search?q=...            folded full-text search, exact số ký hiệu, ranked, highlighted, faceted
  /-/search.csv, .json       every result of the same search, with the same filters
  /-/plan/<plan id>          a plan: facts, its documents, tasks, targets, citations both ways, marked text
  /-/document/<sha256>       one document the same way (/original: the file it was read from)
  /-/agencies                every agency charged by a task, the most charged first
  /-/agency/<name>           one agency's tasks across plans, as lead or partner, by due date
  /-/pictures/targets        targets by province and due year (?indicator= to choose one)
  /-/indicator/<id>          one indicator of patterns/indicators.yml across provinces (?below=, ?due=), CSV
  /-/pictures/map            documents per province on the outline map (?by=old: the 63 as written)
  /-/pictures/citations      citations aggregated by issuer level, and the most cited documents of each level
SQL functions for canned queries: kh_fold(text) (no diacritics, đ -> d) and kh_symbol_key(symbol).
"""

from __future__ import annotations

import hashlib
import json
import mimetypes
import sqlite3
import urllib.parse
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode

from datasette import hookimpl
from datasette.database import QueryInterrupted
from datasette.utils import tilde_encode
from datasette.utils.asgi import Base400, NotFound, Response
from datasette.views.base import DatasetteError
from jinja2 import BaseLoader
from markupsafe import Markup

from kehoach.publish import database_metadata, downloads, live, pictures, project_metadata, site
from kehoach.text import fold, sql_functions

PICTURES = (
    ("targets", "Chỉ tiêu theo tỉnh, năm / Targets by province and year"),
    ("map", "Bản đồ văn bản theo tỉnh / Map of documents per province"),
    ("citations", "Trích dẫn theo cấp ban hành / Citations by issuer level"),
)


# A document with its text (kept in document_texts, so that documents stays narrow).
WITH_TEXT = "SELECT d.*, t.text FROM documents d LEFT JOIN document_texts t ON t.document_id = d.id"


PUBLISH = Path(__file__).resolve().parents[1]  # pipeline/publish: templates/, static/, metadata.yml
STATIC_URL = "/-/kehoach/static/"
# A kehoach database has these tables, whatever its file is called
KEHOACH_TABLES = ("documents", "plan_documents", "document_texts")


@hookimpl
def startup(datasette: Any) -> Any:
    async def find_kehoach_databases() -> None:
        names = []
        for name, db in datasette.databases.items():
            if name != "_internal" and all([await db.table_exists(t) for t in KEHOACH_TABLES]):
                names.append(name)
                live.watch(db)  # served afresh when `kehoach ingest` publishes a new file
        datasette._kehoach_databases = tuple(names)  # noqa: SLF001 (this plugin's own attribute)

    return find_kehoach_databases


def kehoach_databases(datasette: Any) -> tuple[str, ...]:
    return getattr(datasette, "_kehoach_databases", ())


@hookimpl
def get_metadata(datasette: Any, key: str, database: str | None, table: str | None) -> dict[str, Any]:
    """The project's metadata for every kehoach database, whatever its name; the home page's title and text
    too when one kehoach database is served, its links pointing at that database's name."""
    names = kehoach_databases(datasette)
    if not names:
        return {}
    meta = project_metadata()
    block = database_metadata()
    out: dict[str, Any] = {"databases": {name: block for name in names}}
    if len(names) == 1:
        instance = {k: v for k, v in meta.items() if k != "databases"}
        if "description_html" in instance:
            instance["description_html"] = instance["description_html"].replace("/kehoach/", f"/{names[0]}/")
        out.update(instance)
    return out


@hookimpl
def prepare_jinja2_environment(env: Any, datasette: Any) -> None:
    """The project's page templates (kehoach_*.html), found without `--template-dir`."""
    from jinja2 import ChoiceLoader, FileSystemLoader

    env.loader = ChoiceLoader([PatchedLoader(env.loader), FileSystemLoader(str(PUBLISH / "templates"))])


# Datasette's own templates, changed where a block cannot reach: every page in Vietnamese (lang), a canned
# query's tab titled by its title rather than its SQL, a spreadsheet's CSV beside the plain one, the home
# page's counts. Each change must apply (tests look for each on a rendered page).
EXCEL_CSV = '<a href="{{ url_csv }}&amp;_bom=1&amp;_header=labels">CSV (Excel)</a>'
TEMPLATE_PATCHES = {
    "base.html": [("<html>", '<html lang="vi">')],
    "index.html": [
        (
            '{% include "_description_source_license.html" %}{% endblock %}',
            '{% include "_description_source_license.html" %}{% endblock %}\n'
            '{% include "_kehoach_home.html" %}',
        )
    ],
    "query.html": [
        (
            "{% block title %}{{ database }}{% if query and query.sql %}: {{ query.sql }}{% endif %}"
            "{% endblock %}",
            "{% block title %}{% if metadata.title %}{{ metadata.title }}{% else %}{{ database }}"
            "{% if query and query.sql %}: {{ query.sql|truncate(80) }}{% endif %}{% endif %}{% endblock %}",
        ),
        ('<a href="{{ url_csv }}">CSV</a></p>', f'<a href="{{{{ url_csv }}}}">CSV</a>, {EXCEL_CSV}</p>'),
    ],
    "table.html": [
        ('<a href="{{ url_csv }}">CSV</a> (', f'<a href="{{{{ url_csv }}}}">CSV</a>, {EXCEL_CSV} (')
    ],
}


class PatchedLoader(BaseLoader):
    """A template loader that edits TEMPLATE_PATCHES into the sources another loader finds."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner

    def get_source(self, environment: Any, template: str) -> tuple[str, str | None, Any]:
        source, filename, uptodate = self.inner.get_source(environment, template)
        for old, new in TEMPLATE_PATCHES.get(template, []):
            source = source.replace(old, new, 1)
        return source, filename, uptodate

    def list_templates(self) -> list[str]:
        return list(self.inner.list_templates())


# How much the home page says there is: documents served, plans they are about, provinces, years.
HOME_COUNTS = """
SELECT (SELECT count(*) FROM documents WHERE withdrawn = 0) AS documents,
       (SELECT count(DISTINCT plan_id) FROM plan_documents pd JOIN documents d ON d.id = pd.document_id
        WHERE pd.relation = 'about' AND d.withdrawn = 0) AS plans,
       (SELECT count(DISTINCT province_now) FROM documents WHERE withdrawn = 0) AS provinces,
       (SELECT min(year) FROM documents WHERE withdrawn = 0) AS first_year,
       (SELECT max(year) FROM documents WHERE withdrawn = 0) AS last_year,
       (SELECT count(DISTINCT year) FROM documents WHERE withdrawn = 0) AS years
"""


@hookimpl
def extra_template_vars(view_name: str, datasette: Any) -> Any:
    """The home page's counts and browse links (templates/_kehoach_home.html)."""
    if view_name != "index" or not kehoach_databases(datasette):
        return {}

    async def home() -> dict[str, Any]:
        db = database(datasette)
        return {
            "kehoach_home": {
                "counts": (await rows(db, HOME_COUNTS))[0],
                "documents_url": datasette.urls.table(db.name, "documents") + "?withdrawn=0",
                "plans_url": datasette.urls.table(db.name, "plans") + "?documents__gt=0",
                "provinces_url": datasette.urls.table(db.name, "provinces") + "?until__isnull=1",
                "database_url": datasette.urls.database(db.name),
            }
        }

    return home


async def static_file(request: Any) -> Response:
    name = request.url_vars["name"]
    path = PUBLISH / "static" / name
    if not path.is_file():
        raise NotFound(f"no static file {name}")
    kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return Response(path.read_bytes(), content_type=kind, headers={"cache-control": "max-age=3600"})


# Bounds that hold inside one SQL step, where the time limit's progress handler is not called: no string or
# blob over MAX_VALUE_BYTES (zeroblob(300000000) took 5 GB), and the Python functions read short values
# only (text.sql_functions: kh_fold and kh_symbol_key refuse values over text.MAX_FUNCTION_CHARS).
MAX_VALUE_BYTES = 64 * 2**20


@hookimpl
def prepare_connection(conn: Any) -> None:
    if hasattr(conn, "setlimit"):  # Python 3.11+
        conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES)
    sql_functions(conn)


# Query parameters a search reads, and how long each may be; and the whole query string (a ?sql= query).
SEARCH_PARAMS = ("q", "_search")
MAX_QUERY_STRING = 8_000


@hookimpl
def asgi_wrapper(datasette: Any) -> Any:
    """Refuse an over-long search (here and in Datasette's own ?_search=) or query string with a 400."""

    def wrap(app: Any) -> Any:
        async def checked(scope: dict[str, Any], receive: Any, send: Any) -> None:
            live.refresh(datasette)
            if scope.get("type") == "http" and (problem := too_long(scope.get("query_string", b""))):
                response = Response.text(problem, status=400)
                await response.asgi_send(send)
                return
            await app(scope, receive, downloads.csv_send(scope, send))

        return checked

    return wrap


def too_long(query_string: bytes) -> str | None:
    for name, value in parse_qsl(query_string.decode("latin-1")):
        if (name in SEARCH_PARAMS or name.startswith("_search_")) and len(value) > site.MAX_QUERY_CHARS:
            return f"Tìm kiếm quá dài / Search over {site.MAX_QUERY_CHARS} characters: use fewer words."
    if len(query_string) > MAX_QUERY_STRING:
        return f"The query is over {MAX_QUERY_STRING} characters: shorten it."
    return None


@hookimpl(tryfirst=True)
def handle_exception(datasette: Any, request: Any, exception: Exception) -> Any:
    """A server error says what happened, never the SQL or the exception's text."""
    if isinstance(exception, Base400 | DatasetteError):
        return None  # Datasette's own messages for bad requests and query errors
    too_slow = isinstance(exception, QueryInterrupted)
    status = 503 if too_slow else 500
    message = (
        "Truy vấn quá lâu / The request took too long: try again, or narrow it."
        if too_slow
        else "Lỗi máy chủ / Server error: the request could not be completed."
    )

    async def inner() -> Response:
        if request.path.endswith(".json"):
            return Response.json({"ok": False, "error": message, "status": status}, status=status)
        html = await datasette.render_template(
            ["error.html"], {"ok": False, "error": message, "status": status, "title": None}, request=request
        )
        return Response.html(html, status=status)

    return inner


@hookimpl
def register_routes() -> list[tuple[str, Any]]:
    return [
        (r"^/-/kehoach/static/(?P<name>[a-z0-9_-]+\.[a-z0-9]+)$", static_file),
        (r"^/-/search$", search_page),
        (r"^/-/search\.(?P<format>csv|json)$", search_export),
        (r"^/-/plan/(?P<plan_id>[0-9a-f]{16})$", plan_page),
        (r"^/-/document/(?P<doc_id>[0-9a-f]{64})$", document_page),
        (r"^/-/document/(?P<doc_id>[0-9a-f]{64})/original$", original_file),
        (r"^/-/agency/(?P<name>[^/]+)$", agency_page),
        (r"^/-/agencies$", agencies_page),
        (r"^/-/pictures/targets$", targets_picture),
        (r"^/-/indicator/(?P<indicator_id>[a-z0-9_]+)$", indicator_page),
        (r"^/-/pictures/map$", map_picture),
        (r"^/-/pictures/citations$", citations_picture),
    ]


@hookimpl
def menu_links(datasette: Any) -> list[dict[str, str]]:
    db = database(datasette).name
    return [
        {"href": "/-/search", "label": "Tìm kiếm / Search"},
        *({"href": f"/-/pictures/{name}", "label": label} for name, label in PICTURES),
        {"href": f"/{db}/target_facts", "label": "Chỉ tiêu / Targets (facets)"},
        {"href": "/-/agencies", "label": "Cơ quan / Agencies"},
        {"href": f"/{db}/task_facts", "label": "Nhiệm vụ / Tasks (facets)"},
        {"href": f"/{db}/plans", "label": "Kế hoạch / Plans"},
        {"href": f"/{db}/failed_ingest", "label": "Lỗi nạp / Failed ingests"},
    ]


@hookimpl
def extra_css_urls() -> list[str]:
    return [STATIC_URL + "kehoach.css"]


HEX = frozenset("0123456789abcdef")


@hookimpl
def render_cell(value: Any, column: str, table: str | None) -> Markup | None:
    """Plan ids link to the plan page; in canned queries, document ids link to the document page; indicator
    ids link to the indicator's page."""
    if isinstance(value, str) and (column == "indicator_id" or (table == "indicators" and column == "id")):
        return Markup('<a href="/-/indicator/{0}">{0}</a>').format(value)
    if not isinstance(value, str) or not set(value) <= HEX:
        return None
    if len(value) == 16 and (column in ("plan_id", "cites_plan_id") or (table == "plans" and column == "id")):
        return Markup('<a href="/-/plan/{0}">{0}</a>').format(value)
    if len(value) == 64 and column == "document_id" and table is None:
        return Markup('<a href="/-/document/{0}">{1}…</a>').format(value, value[:12])
    return None


def database(datasette: Any) -> Any:
    """The kehoach database the pages read (the first one, when several are served)."""
    names = kehoach_databases(datasette)
    return datasette.get_database(names[0]) if names else datasette.get_database()


async def rows(
    db: Any, sql: str, params: dict[str, Any] | None = None, time_limit_ms: int | None = None
) -> list[dict[str, Any]]:
    return [dict(r) for r in (await db.execute(sql, params or {}, custom_time_limit=time_limit_ms)).rows]


async def search_rows(db: Any, sql: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    return await rows(db, sql, params, site.SEARCH_TIME_LIMIT_MS)


async def render(datasette: Any, request: Any, template: str, **context: Any) -> Response:
    context.setdefault("db_name", database(datasette).name)
    context.setdefault("agency_url", agency_url)
    return Response.html(await datasette.render_template(template, context, request=request))


# ---------------------------------------------------------------- search


async def run_search(db: Any, args: dict[str, str]) -> tuple[site.Hits, bool]:
    """The search's result set (site.Hits): a symbol exactly; words folded, the exact phrase first, then all
    the words anywhere, each ranked by bm25 (a broad query, matching RANK_WINDOW documents or more, by title
    then date: the second value says so). One count per FTS query decides which run; the full-text search
    runs once, for the ids; the count, facets and page are SQL over those."""
    queries: list[tuple[str | None, bool]] = []
    if site.is_symbol(args["q"]):
        queries.append((None, False))
    for fts in [] if queries else site.fts_queries(args["q"]):
        matches = (await search_rows(db, *site.match_count_sql(args, fts)))[0]["n"]
        if matches:
            queries.append((fts, matches >= site.RANK_WINDOW))
        if matches >= site.SEARCH_LIMIT:
            break  # this query alone fills the list
    ids = [row["id"] for row in await search_rows(db, *site.hits_sql(args, queries).ids_sql())]
    return site.Hits.of_ids(ids), any(broad for _, broad in queries)


async def search_summary(
    db: Any, hits: site.Hits
) -> tuple[int, list[tuple[str, str, list[tuple[str, int]]]]]:
    """The number of results and the facets' counts, in one statement."""
    labels = {param: label for param, _, label in site.FACETS}
    total, facets = 0, dict[str, list[tuple[str, int]]]()
    for row in await search_rows(db, *hits.summary_sql()):
        if not row["facet"]:
            total = row["n"]
        else:
            facets.setdefault(row["facet"], []).append((str(row["value"]), row["n"]))
    return total, [(param, labels[param], facets[param]) for param, _, _ in site.FACETS if param in facets]


async def shown_details(db: Any, shown: list[dict[str, Any]], query: str) -> None:
    """Text snippet, topics and plan page of the results on this page: two queries for the whole page."""
    ids = [row["id"] for row in shown]
    marks = ", ".join(f":d{i}" for i in range(len(ids)))
    params = {f"d{i}": doc_id for i, doc_id in enumerate(ids)}
    texts_sql = f"SELECT document_id AS id, text FROM document_texts WHERE document_id IN ({marks})"
    found = await rows(db, texts_sql, params)
    texts = {r["id"]: r["text"] for r in found}
    about = "SELECT document_id, plan_id FROM plan_documents WHERE relation = 'about' AND document_id IN "
    plans = {r["document_id"]: r["plan_id"] for r in await rows(db, about + f"({marks})", params)}
    for row in shown:
        row["snippet"] = site.snippet(texts.get(row["id"]) or "", query)
        row["topic_list"] = json.loads(row["topics"] or "[]")
        row["plan_id"] = plans.get(row["id"])


def search_args(request: Any) -> dict[str, str]:
    return {k: request.args.get(k, "")[: site.MAX_QUERY_CHARS] for k in ("q", *site.FILTER_SQL)}


# What the search export lists: each result's facts and its page
EXPORT_COLUMNS = (
    "title",
    "subject_doc_type",
    "subject_symbol",
    "subject_issued",
    "subject_issuer",
    "province",
    "province_now",
    "year",
    "topics",
    "id",
    "url",
)


async def search_export(datasette: Any, request: Any) -> Response:
    """/-/search.csv and /-/search.json: every result of the same search with the same filters (not only
    the page shown), the CSV as a file; ?_bom=1 and ?_header=labels as for every CSV (publish.downloads)."""
    args = search_args(request)
    db = database(datasette)
    found = []
    if args["q"].strip():
        hits, _ = await run_search(db, args)
        found = await search_rows(db, *hits.page_sql(0, site.SEARCH_LIMIT))
    for row in found:
        row["url"] = datasette.absolute_url(request, datasette.urls.path(f"/-/document/{row['id']}"))
    if request.url_vars["format"] == "json":
        return Response.json(
            {
                "q": args["q"],
                "filters": active_filters(args),
                "count": len(found),
                "rows": [{c: r.get(c) for c in EXPORT_COLUMNS} for r in found],
            }
        )
    bom, labels = downloads.options(request.query_string)
    body = downloads.csv_bytes(EXPORT_COLUMNS, found, "documents", bom=bom, labels=labels)
    disposition = downloads.attachment("kehoach-search.csv")
    return Response(
        body, content_type="text/csv; charset=utf-8", headers={"content-disposition": disposition}
    )


def active_filters(args: dict[str, str]) -> dict[str, str]:
    return {k: v for k, v in args.items() if v and k != "q"}


def export_urls(datasette: Any, args: dict[str, str]) -> dict[str, str]:
    query = {k: v for k, v in args.items() if v}
    return {
        "csv": datasette.urls.path("/-/search.csv?" + urlencode(query)),
        "csv_excel": datasette.urls.path(
            "/-/search.csv?" + urlencode({**query, "_bom": 1, "_header": "labels"})
        ),
        "json": datasette.urls.path("/-/search.json?" + urlencode(query)),
    }


async def search_page(datasette: Any, request: Any) -> Response:
    args = search_args(request)
    page = max(1, int(request.args.get("page", "1"))) if request.args.get("page", "1").isdigit() else 1
    db = database(datasette)
    shown: list[dict[str, Any]] = []
    plans: list[dict[str, Any]] = []
    facets: list[tuple[str, str, list[tuple[str, int]]]] = []
    total, broad = 0, False
    if args["q"].strip():
        hits, broad = await run_search(db, args)
        total, facets = await search_summary(db, hits)
        shown = await search_rows(db, *hits.page_sql((page - 1) * site.PAGE_SIZE, site.PAGE_SIZE))
        if symbol := site.symbol_query(args["q"]):
            plans = await symbol_plans(db, symbol)
    if shown:
        await shown_details(db, shown, args["q"])
    active = {k: v for k, v in args.items() if v}

    def with_(name: str, value: str | None) -> str:
        params = (
            {**active, name: value} if value is not None else {k: v for k, v in active.items() if k != name}
        )
        return str(datasette.urls.path("/-/search?" + urlencode(params)))

    pages = -(-total // site.PAGE_SIZE)
    table = site.table_query(args)
    return await render(
        datasette,
        request,
        "kehoach_search.html",
        q=args["q"],
        results=shown,
        total=total,
        capped=total >= site.SEARCH_LIMIT,
        broad=broad,
        rank_window=site.RANK_WINDOW,
        first=(page - 1) * site.PAGE_SIZE + 1,
        previous_url=with_("page", str(page - 1)) if page > 1 else None,
        next_url=with_("page", str(page + 1)) if page < pages else None,
        plans=plans,
        facets=facets,
        active={k: v for k, v in active.items() if k not in ("q", "page")},
        with_=with_,
        symbol=site.symbol_query(args["q"]),
        parsed=site.parse_operators(args["q"]),
        table_url=datasette.urls.table(db.name, "documents") + "?" + urlencode(table) if table else None,
        export_urls=export_urls(datasette, args),
    )


async def symbol_plans(db: Any, symbol: str) -> list[dict[str, Any]]:
    """The plans stored under a typed symbol, however its Đ, spaces and order were typed."""
    keys, params = site.in_list("key", site.symbol_keys(symbol))
    return await rows(db, f"SELECT * FROM plans WHERE symbol_key IN {keys} ORDER BY year DESC", params)


async def about_plan(db: Any, doc_id: str) -> str | None:
    found = await rows(
        db, "SELECT plan_id FROM plan_documents WHERE document_id = :d AND relation = 'about'", {"d": doc_id}
    )
    return found[0]["plan_id"] if found else None


# ---------------------------------------------------------------- plan and document pages


async def document_view(datasette: Any, db: Any, doc: dict[str, Any]) -> dict[str, Any]:
    """A document with its items, its citations and its text marked up."""
    items = {}
    for kind in site.ITEM_KINDS:
        items[kind] = await rows(
            db, f"SELECT * FROM [{kind}] WHERE document_id = :d ORDER BY start", {"d": doc["id"]}
        )
    marks = [
        site.Mark(kind, r["id"], r["start"], r["end"], r["rule"] or "", r["text"] or "")
        for kind, found in items.items()
        for r in found
    ]

    def rule_url(rule: str) -> str:
        return datasette.urls.row(db.name, "rules", tilde_encode(rule))

    return {
        "doc": doc,
        "found": items,
        "task_tree": task_tree(items["tasks"]),
        "topics": json.loads(doc.get("topics") or "[]"),
        "marked": site.highlight(doc["text"] or "", marks, rule_url),
        "rule_url": rule_url,
        "source_url": site.web_url(doc.get("url")),
        "counts": {k: len(v) for k, v in items.items()},
    }


def task_tree(tasks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The level-1 tasks in text order, each with `children`: its level-2 tasks (parent_id); a level-2 task
    whose parent was not found stands at the top so that nothing is lost."""
    ids = {t["id"] for t in tasks}
    children: dict[int, list[dict[str, Any]]] = {}
    top = []
    for task in tasks:
        parent: int | None = task.get("parent_id")
        if parent is not None and parent in ids and parent != task["id"]:
            children.setdefault(parent, []).append(task)
        else:
            top.append(task)
    return [{**task, "children": children.get(task["id"], [])} for task in top]


def agency_url(name: str) -> str:
    """/-/agency/<name>: the canonical name percent-encoded whole ("/" too)."""
    return "/-/agency/" + urllib.parse.quote(name, safe="")


async def plan_page(datasette: Any, request: Any) -> Response:
    db = database(datasette)
    plan_id = request.url_vars["plan_id"]
    found = await rows(db, "SELECT * FROM plans WHERE id = :p", {"p": plan_id})
    if not found:
        raise NotFound(f"No plan {plan_id}")
    about = await rows(
        db,
        f"{WITH_TEXT} JOIN plan_documents pd ON pd.document_id = d.id "
        "WHERE pd.plan_id = :p AND pd.relation = 'about' ORDER BY d.subject_issued",
        {"p": plan_id},
    )
    cites = await rows(
        db,
        "SELECT p.* FROM plan_citations c JOIN plans p ON p.id = c.cites_plan_id "
        "WHERE c.plan_id = :p ORDER BY p.year, p.symbol",
        {"p": plan_id},
    )
    cited_by = await rows(
        db,
        "SELECT d.id, d.title, d.province, d.subject_symbol, d.subject_issued, "
        "(SELECT plan_id FROM plan_documents a WHERE a.document_id = d.id "
        "AND a.relation = 'about') AS plan_id FROM documents d JOIN plan_documents pd "
        "ON pd.document_id = d.id WHERE pd.plan_id = :p AND pd.relation = 'cites' "
        "ORDER BY d.subject_issued",
        {"p": plan_id},
    )
    views = [await document_view(datasette, db, doc) for doc in about]
    return await render(
        datasette,
        request,
        "kehoach_plan.html",
        plan=found[0],
        documents=views,
        cites=cites,
        cited_by=cited_by,
        citation_picture=await citation_picture(db, plan_id),
        relation_labels=RELATION_LABELS,
    )


async def document_page(datasette: Any, request: Any) -> Response:
    db = database(datasette)
    found = await rows(db, f"{WITH_TEXT} WHERE d.id = :d", {"d": request.url_vars["doc_id"]})
    if not found:
        return await replaced_page(datasette, request, db, request.url_vars["doc_id"])
    cites = await rows(
        db,
        "SELECT p.* FROM plan_documents pd JOIN plans p ON p.id = pd.plan_id "
        "WHERE pd.document_id = :d AND pd.relation = 'cites' ORDER BY p.year",
        {"d": found[0]["id"]},
    )
    plan_id = await about_plan(db, found[0]["id"])
    return await render(
        datasette,
        request,
        "kehoach_document.html",
        view=await document_view(datasette, db, found[0]),
        plan_id=plan_id,
        cites=cites,
        implemented_by=await implemented_by(db, found[0]),
        citation_picture=await citation_picture(db, plan_id or "doc:" + found[0]["id"]),
        relation_labels=RELATION_LABELS,
    )


async def implemented_by(db: Any, doc: dict[str, Any]) -> list[dict[str, Any]]:
    """Documents that carry this one out or cite it as their basis (references.relation), not itself."""
    if not doc.get("subject_symbol"):
        return []
    return await rows(
        db,
        "SELECT DISTINCT d.id, d.title, d.province, d.subject_doc_type, d.subject_symbol, d.subject_issued, "
        "r.relation FROM [references] r JOIN documents d ON d.id = r.document_id "
        "WHERE r.symbol_key = kh_symbol_key(:s) AND r.relation IN ('implements', 'basis') "
        "AND d.id != :d AND d.withdrawn = 0 ORDER BY d.subject_issued",
        {"s": doc["subject_symbol"], "d": doc["id"]},
    )


async def original_file(datasette: Any, request: Any) -> Response:
    """The file a document was read from, as it was read: served only while its bytes still hash to the
    document's id (a file changed or moved since is not this document any more)."""
    db = database(datasette)
    doc_id = request.url_vars["doc_id"]
    found = await rows(db, "SELECT source FROM documents WHERE id = :d", {"d": doc_id})
    path = Path(found[0]["source"]) if found else None
    if path is None or not path.is_file():
        raise NotFound("the original file is not on this server")
    data = path.read_bytes()
    if hashlib.sha256(data).hexdigest() != doc_id:
        raise NotFound("the file has changed since it was read")
    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    disposition = f"attachment; filename*=UTF-8''{urllib.parse.quote(path.name)}"
    return Response(data, content_type=kind, headers={"content-disposition": disposition})


async def replaced_page(datasette: Any, request: Any, db: Any, doc_id: str) -> Response:
    """An earlier version of a file that changed: what it was, and a link to the document read from it now."""
    if not await db.table_exists("replaced_documents"):
        raise NotFound("No such document")
    old = await rows(db, "SELECT * FROM replaced_documents WHERE id = :d", {"d": doc_id})
    if not old:
        raise NotFound("No such document")
    current = await rows(
        db, "SELECT id, title, source FROM documents WHERE id = :d", {"d": old[0]["replaced_by"]}
    )
    return await render(
        datasette, request, "kehoach_replaced.html", old=old[0], current=current[0] if current else None
    )


# ---------------------------------------------------------------- agencies (issue 18)

# One agency's tasks across plans and documents, as lead or partner, by due date (undated last), each with
# the plan it is about (or its document). ORDER BY and counts in SQL; task_bodies has one row per body.
AGENCY_TASKS = """
SELECT b.role, t.id, t.label, t.level, t.text, t.lead_name, t.due_text, t.due_by, t.due_end, t.due_recurring,
       t.output, t.document_id, d.title, d.province, d.subject_doc_type, d.subject_symbol, d.subject_issued,
       (SELECT plan_id FROM plan_documents pd
        WHERE pd.document_id = d.id AND pd.relation = 'about') AS plan_id
FROM task_bodies b JOIN tasks t ON t.id = b.task_id JOIN documents d ON d.id = t.document_id
WHERE b.body = :name AND d.withdrawn = 0
ORDER BY t.due_end IS NULL, t.due_end, d.subject_issued, t.document_id, t.start
LIMIT :limit
"""
AGENCY_COUNTS = """
SELECT count(*) AS n, sum(b.role = 'lead') AS lead, sum(b.role = 'partner') AS partner,
       count(DISTINCT t.document_id) AS documents
FROM task_bodies b JOIN tasks t ON t.id = b.task_id JOIN documents d ON d.id = t.document_id
WHERE b.body = :name AND d.withdrawn = 0
"""
# Every agency a task charges, the most charged first.
AGENCIES = """
SELECT b.body AS name, count(*) AS n, sum(b.role = 'lead') AS lead, sum(b.role = 'partner') AS partner,
       count(DISTINCT b.document_id) AS documents
FROM task_bodies b JOIN documents d ON d.id = b.document_id
WHERE d.withdrawn = 0
GROUP BY b.body ORDER BY n DESC, b.body
"""
AGENCY_LIMIT = 1000


async def agency_page(datasette: Any, request: Any) -> Response:
    """/-/agency/<canonical lead_name>: its tasks across plans and documents, by due date."""
    db = database(datasette)
    name = urllib.parse.unquote(request.url_vars["name"])
    counts = (await rows(db, AGENCY_COUNTS, {"name": name}))[0]
    found = await rows(db, AGENCY_TASKS, {"name": name, "limit": AGENCY_LIMIT}) if counts["n"] else []
    # an unknown name is a 404 of this page (Datasette's own 404 would redirect it to a ~-encoded path)
    response = await render(
        datasette,
        request,
        "kehoach_agency.html",
        name=name,
        tasks=found,
        counts=counts,
        capped=counts["n"] > len(found),
        facets_url=f"/{db.name}/task_bodies?" + urlencode({"body": name}),
    )
    response.status = 200 if found else 404
    return response


async def agencies_page(datasette: Any, request: Any) -> Response:
    db = database(datasette)
    return await render(datasette, request, "kehoach_agencies.html", agencies=await rows(db, AGENCIES))


# ---------------------------------------------------------------- pictures


async def targets_picture(datasette: Any, request: Any) -> Response:
    db = database(datasette)
    indicator = request.args.get("indicator", "").strip()
    sql = (
        "SELECT province_now, due_year, value, unit, comparator, indicator FROM target_facts "
        "WHERE is_target = 1 AND (:i = '' OR indicator_folded LIKE '%' || :i || '%')"
    )
    found = await rows(db, sql, {"i": fold(indicator)})
    common = await rows(
        db,
        "SELECT t.indicator_id AS id, i.vi AS label, count(*) AS n FROM target_facts t "
        "JOIN indicators i ON i.id = t.indicator_id WHERE t.is_target = 1 "
        "GROUP BY t.indicator_id ORDER BY n DESC LIMIT 16",
    )

    def link(province: str, year: int) -> str:
        params = {"province_now": province, "due_year": year, "is_target": 1}
        if indicator:
            params["indicator_folded__contains"] = fold(indicator)
        return f"/{db.name}/target_facts?" + urlencode(params)

    return await render(
        datasette,
        request,
        "kehoach_picture.html",
        picture="targets",
        pictures=PICTURES,
        chart=pictures.targets_chart(found, link, values=bool(indicator)),
        indicator=indicator,
        common=common,
        count=len(found),
    )


async def indicator_page(datasette: Any, request: Any) -> Response:
    """One indicator across provinces (issue 19): every goal set for it, as a chart and a table, with CSV."""
    db = database(datasette)
    indicator_id = request.url_vars["indicator_id"]
    found = await rows(db, "SELECT * FROM indicators WHERE id = :i", {"i": indicator_id})
    if not found:
        return Response.html("Không có chỉ số này / No such indicator", status=404)
    below, due = request.args.get("below", "").strip(), request.args.get("due", "").strip()
    params: dict[str, Any] = {"i": indicator_id, "below": below, "due": due}
    targets = await rows(db, INDICATOR_TARGETS, params)

    def link(province: str, year: int) -> str:
        query = {"indicator_id": indicator_id, "province_now": province, "due_year": year, "is_target": 1}
        return f"/{db.name}/target_facts?" + urlencode(query)

    csv = {"indicator_id": indicator_id, "is_target": 1, "_sort": "value", "_size": "max"}
    if below:
        csv["value__lt"] = below
    if due:
        csv["due_year"] = due
    return await render(
        datasette,
        request,
        "kehoach_indicator.html",
        indicator=found[0],
        targets=targets,
        chart=pictures.targets_chart(targets, link, values=True),
        map=await indicator_map(db, indicator_id, found[0], targets),
        below=below,
        due=due,
        provinces=len({t["province_now"] for t in targets if t["province_now"]}),
        table_url=f"/{db.name}/target_facts?" + urlencode(csv),
        csv_url=f"/{db.name}/target_facts.csv?" + urlencode(csv),
    )


# Every goal for an indicator, lowest value first; ?below= and ?due= narrow it (counts and order in SQL).
INDICATOR_TARGETS = """
SELECT province_now, province, value, high, unit, comparator, measure, due_year, scope, scope_forms, baseline,
       baseline_year, indicator, symbol, doc_year, document_id
FROM target_facts
WHERE indicator_id = :i AND is_target = 1
  AND (:below = '' OR value < CAST(:below AS REAL)) AND (:due = '' OR due_year = CAST(:due AS INTEGER))
ORDER BY province_now, due_year, value
"""


async def map_picture(datasette: Any, request: Any) -> Response:
    """The outline map: documents per province (34, or the 63 as written with ?by=old); how many have none."""
    db = database(datasette)
    by_old = request.args.get("by") == "old"
    key = "documents" if by_old else "documents_now"
    found = await rows(db, "SELECT * FROM provinces" + ("" if by_old else " WHERE until IS NULL"))
    column = "province" if by_old else "province_now"
    unplaced = await rows(
        db, f"SELECT count(*) AS n FROM documents WHERE withdrawn = 0 AND ({column} IS NULL OR {column} = '')"
    )

    def link(name: str) -> str:
        return f"/{db.name}/documents?" + urlencode({column: name})

    request_ = pictures.MapRequest(
        values={r["name"]: r[key] or 0 for r in found},
        link=link,
        layer="provinces_before_2025" if by_old else "provinces",
        centres={r["name"]: (r["lon"], r["lat"]) for r in found if by_old and r["lat"] is not None},
        title="Bản đồ văn bản theo tỉnh / Map of documents per province",
    )
    if by_old:  # Thừa Thiên Huế's documents written "Huế" (2025) count on its outline
        request_.values["Thừa Thiên Huế"] = request_.values.get("Thừa Thiên Huế", 0) + request_.values.pop(
            "Huế", 0
        )
    return await render(
        datasette,
        request,
        "kehoach_picture.html",
        picture="map",
        pictures=PICTURES,
        map=pictures.province_map(request_),
        by_old=by_old,
        count=sum(r[key] or 0 for r in found),
        unplaced=unplaced[0]["n"],
        unplaced_url=f"/{db.name}/documents?" + urlencode({f"{column}__isblank": 1}),
    )


async def indicator_map(
    db: Any, indicator_id: str, indicator: dict[str, Any], targets: list[dict[str, Any]]
) -> dict[str, Any] | None:
    """The indicator's goal per province on the outline map: the goal for the latest due year (the lowest
    value when several share it)."""
    latest: dict[str, dict[str, Any]] = {}
    for t in targets:
        name = t["province_now"]
        if not name or t["value"] is None:
            continue
        held = latest.get(name)
        if held is None or (t["due_year"] or 0, -t["value"]) > (held["due_year"] or 0, -held["value"]):
            latest[name] = t
    if not latest:
        return None
    return pictures.province_map(
        pictures.MapRequest(
            values={name: t["value"] for name, t in latest.items()},
            link=lambda name: (
                f"/{db.name}/target_facts?"
                + urlencode({"indicator_id": indicator_id, "province_now": name, "is_target": 1})
            ),
            counts=False,
            unit=indicator.get("unit") or "",
            title=f"{indicator['vi']}: chỉ tiêu theo tỉnh / goal per province",
            legend_title="Chỉ tiêu / Goal",
            none_text="không có / none",
        )
    )


# ---------------------------------------------------------------- citation views (issue 20 item 4, issue 23)

RELATION_LABELS = {
    "implements": "thực hiện / implements",
    "basis": "căn cứ / based on",
    "amends": "sửa đổi / amends",
    "replaces": "thay thế / replaces",
    "repeals": "bãi bỏ / repeals",
    "mentions": "nhắc đến / mentions",
}
# Citations out of a set of plans: the references of the documents about them (indexed by plan_documents'
# key and references.document_id); self-citations and a plan citing itself are left out.
CITES_FROM = """
SELECT a.plan_id AS src, r.plan_id AS dst, coalesce(r.relation, 'mentions') AS relation
FROM plan_documents a JOIN documents d ON d.id = a.document_id AND d.withdrawn = 0
JOIN [references] r ON r.document_id = a.document_id
WHERE a.plan_id IN (SELECT value FROM json_each(:ids)) AND a.relation = 'about'
  AND r.plan_id IS NOT NULL AND r.plan_id != a.plan_id AND coalesce(r.relation, '') != 'self'
GROUP BY 1, 2, 3
"""
# Citations into a set of plans: the documents citing them (plan_documents 'cites'), as their own plan, or
# as the document when it has no number of its own.
CITES_TO = """
SELECT coalesce(a.plan_id, 'doc:' || c.document_id) AS src, c.plan_id AS dst,
       coalesce(r.relation, 'mentions') AS relation
FROM plan_documents c JOIN documents d ON d.id = c.document_id AND d.withdrawn = 0
JOIN [references] r ON r.document_id = c.document_id AND r.plan_id = c.plan_id
LEFT JOIN plan_documents a ON a.document_id = c.document_id AND a.relation = 'about'
WHERE c.plan_id IN (SELECT value FROM json_each(:ids)) AND c.relation = 'cites'
  AND coalesce(r.relation, '') != 'self' AND a.plan_id IS NOT c.plan_id
GROUP BY 1, 2, 3
"""
# A document without a number of its own: what it cites.
DOCUMENT_CITES = """
SELECT 'doc:' || r.document_id AS src, r.plan_id AS dst, coalesce(r.relation, 'mentions') AS relation
FROM [references] r WHERE r.document_id = :d AND r.plan_id IS NOT NULL AND coalesce(r.relation, '') != 'self'
GROUP BY 1, 2, 3
"""


async def citation_picture(db: Any, centre: str) -> dict[str, Any] | None:
    """The citation view of a plan ('<plan id>') or a numberless document ('doc:<id>'), two hops each way."""
    edges: list[pictures.Edge] = []
    if centre.startswith("doc:"):
        found = await rows(db, DOCUMENT_CITES, {"d": centre[4:]})
        back = [e["dst"] for e in found]
        ahead: list[str] = []
    else:
        found = await rows(db, CITES_FROM, {"ids": json.dumps([centre])})
        found += await rows(db, CITES_TO, {"ids": json.dumps([centre])})
        back = [e["dst"] for e in found if e["src"] == centre]
        ahead = [e["src"] for e in found if e["dst"] == centre and not e["src"].startswith("doc:")]
    edges += [pictures.Edge(e["src"], e["dst"], e["relation"]) for e in found]
    if back:  # what the sources rest on
        more = await rows(db, CITES_FROM, {"ids": json.dumps(back[: pictures.MAX_PER_COLUMN * 2])})
        edges += [pictures.Edge(e["src"], e["dst"], e["relation"]) for e in more]
    if ahead:  # what carries out the documents that carry this one out
        more = await rows(db, CITES_TO, {"ids": json.dumps(ahead[: pictures.MAX_PER_COLUMN * 2])})
        edges += [pictures.Edge(e["src"], e["dst"], e["relation"]) for e in more]
    ids = {n for e in edges for n in (e.src, e.dst)} | {centre}
    nodes = await node_labels(db, ids)
    return pictures.citation_view(centre, edges, nodes, node_url)


def node_url(node: str) -> str:
    return f"/-/document/{node[4:]}" if node.startswith("doc:") else f"/-/plan/{node}"


async def node_labels(db: Any, ids: set[str]) -> dict[str, dict[str, Any]]:
    plan_ids = [i for i in ids if not i.startswith("doc:")]
    doc_ids = [i[4:] for i in ids if i.startswith("doc:")]
    out = {}
    for p in await rows(
        db,
        "SELECT id, symbol, doc_type, issuer, province, year FROM plans "
        "WHERE id IN (SELECT value FROM json_each(:i))",
        {"i": json.dumps(plan_ids)},
    ):
        label = f"{p['doc_type'] or ''} {p['symbol'] or ''}".strip()
        sub = " · ".join(str(v) for v in (p["issuer"] or p["province"], p["year"]) if v)
        out[p["id"]] = {"label": label, "sub": sub, "title": f"{label} — {sub}" if sub else label}
    for d in await rows(
        db,
        "SELECT id, title, province, subject_doc_type, year FROM documents "
        "WHERE id IN (SELECT value FROM json_each(:i))",
        {"i": json.dumps(doc_ids)},
    ):
        label = d["title"] or d["subject_doc_type"] or "văn bản / document"
        sub = " · ".join(str(v) for v in (d["province"], d["year"]) if v)
        out["doc:" + d["id"]] = {"label": label, "sub": sub, "title": label}
    return out


# Every citation between two numbered plans or from a numberless document, with both ends' issuer and symbol.
ALL_CITATIONS = """
SELECT coalesce(a.plan_id, 'doc:' || c.document_id) AS src, c.plan_id AS dst,
       coalesce(r.relation, 'mentions') AS relation,
       coalesce(pa.issuer, d.subject_issuer) AS src_issuer,
       coalesce(pa.symbol, d.subject_symbol) AS src_symbol,
       pb.issuer AS dst_issuer, pb.symbol AS dst_symbol
FROM plan_documents c JOIN documents d ON d.id = c.document_id AND d.withdrawn = 0
JOIN [references] r ON r.document_id = c.document_id AND r.plan_id = c.plan_id
JOIN plans pb ON pb.id = c.plan_id
LEFT JOIN plan_documents a ON a.document_id = c.document_id AND a.relation = 'about'
LEFT JOIN plans pa ON pa.id = a.plan_id
WHERE c.relation = 'cites' AND coalesce(r.relation, '') != 'self' AND a.plan_id IS NOT c.plan_id
GROUP BY 1, 2, 3
"""
MOST_CITED_PER_LEVEL = 8


async def citations_picture(datasette: Any, request: Any) -> Response:
    """The corpus's citations aggregated by issuer level (central, province, local), and the way in: the most
    cited documents of each level, each linking to its page and its own citation view."""
    db = database(datasette)
    found = await rows(db, ALL_CITATIONS)
    counts: dict[tuple[str, str, str], int] = {}
    cited: dict[str, dict[str, Any]] = {}
    for e in found:
        src = pictures.issuer_level(e["src_issuer"], e["src_symbol"])
        dst = pictures.issuer_level(e["dst_issuer"], e["dst_symbol"])
        counts[(src, dst, e["relation"])] = counts.get((src, dst, e["relation"]), 0) + 1
        entry = cited.setdefault(e["dst"], {"id": e["dst"], "level": dst, "n": 0, "citing": set()})
        entry["citing"].add(e["src"])
    for entry in cited.values():
        entry["n"] = len(entry.pop("citing"))
    flows = pictures.issuer_flows(
        [{"src_level": s, "dst_level": d, "relation": r, "n": n} for (s, d, r), n in counts.items()]
    )
    top = sorted(cited.values(), key=lambda c: -c["n"])
    labels = await node_labels(db, {c["id"] for c in top})
    levels = []
    for level in pictures.LEVELS:
        members = [c | labels.get(c["id"], {}) for c in top if c["level"] == level][:MOST_CITED_PER_LEVEL]
        if members:
            levels.append({"label": pictures.LEVEL_LABEL[level], "documents": members})
    return await render(
        datasette,
        request,
        "kehoach_picture.html",
        picture="citations",
        pictures=PICTURES,
        flows=flows,
        relation_labels=RELATION_LABELS,
        most_cited=levels,
        count=len(found),
    )
