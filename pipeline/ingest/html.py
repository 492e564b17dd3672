"""Portal bulletins saved as HTML: the headline and the article text, without scripts and chrome."""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser as HTMLParser
from selectolax.lexbor import LexborNode as Node

from kehoach.ingest.text import decode
from kehoach.records import RawText

DROP = "script, style, noscript, template, iframe, svg, nav, header, footer, form, button, select, aside"
# Containers that hold the article on Vietnamese portals (SharePoint, CMS, newspapers), tried in order.
ARTICLE = (
    "article",
    "[itemprop=articleBody]",
    ".detail-content",
    ".news-content",
    ".content-detail",
    ".article-content",
    ".ExternalClass",
    "main",
    "#content",
    ".content",
    "body",
)
MAX_TABLES = 50  # tables and rows read from one page: a bulletin's annex, not a data dump
MAX_ROWS = 2000
BLOCKS = {"p", "div", "li", "tr", "td", "br", "table", "section", "article"} | {f"h{n}" for n in range(1, 7)}


def block_text(node: Node) -> str:
    """Text of a node with a line break after each block element, so paragraphs stay apart."""
    parts: list[str] = []
    for child in node.iter(include_text=True):
        if child.tag == "-text":
            parts.append(child.text_content or "")
        elif child.tag in ("br",):
            parts.append("\n")
        else:
            inner = block_text(child)
            parts.append(inner + ("\n" if child.tag in BLOCKS else ""))
    return "".join(parts)


def html_tables(node: Node) -> tuple[tuple[tuple[str, ...], ...], ...]:
    """The article's <table>s as rows of cells (a cell spanning rows repeated in each, as the Word reader
    does), so an assignment table's columns are known by their place (extract/tables.py)."""
    tables = []
    for table in node.css("table")[:MAX_TABLES]:
        rows: list[tuple[str, ...]] = []
        carried: dict[int, tuple[str, int]] = {}  # column -> (text, rows still to fill)
        for tr in table.css("tr")[:MAX_ROWS]:
            cells: list[str] = []
            for td in tr.css("td, th"):
                while len(cells) in carried:
                    cells.append(carry(carried, len(cells)))
                text = " ".join(block_text(td).split())
                span = (
                    int(td.attributes.get("rowspan") or 1)
                    if (td.attributes.get("rowspan") or "1").isdigit()
                    else 1
                )
                if span > 1:
                    carried[len(cells)] = (text, span - 1)
                cells.append(text)
            while len(cells) in carried:
                cells.append(carry(carried, len(cells)))
            if cells:
                rows.append(tuple(cells))
        if len(rows) >= 2:
            tables.append(tuple(rows))
    return tuple(tables)


def carry(carried: dict[int, tuple[str, int]], column: int) -> str:
    text, left = carried[column]
    if left <= 1:
        del carried[column]
    else:
        carried[column] = (text, left - 1)
    return text


def main_node(tree: HTMLParser) -> Node | None:
    best: Node | None = None
    for selector in ARTICLE:
        for node in tree.css(selector):
            size = len(node.text(strip=True))
            if size > 200 and (best is None or selector != "body"):
                return node
            if best is None and size:
                best = node
    return best


def read(data: bytes) -> RawText:
    from kehoach.ingest import IngestError

    html, encoding = decode(data, ".html")
    tree = HTMLParser(html)
    for dropped in tree.css(DROP):
        dropped.decompose()
    title_node = tree.css_first("h1") or tree.css_first("title")
    title = title_node.text(strip=True) if title_node else None
    node = main_node(tree)
    text = block_text(node) if node else ""
    if not text.strip():
        raise IngestError("HTML page has no readable text (only scripts or markup?)")
    if title and title not in text[:2000]:
        text = f"{title}\n\n{text}"
    tables = html_tables(node) if node is not None and node.css_first("table") is not None else ()
    return RawText(text=text, title=title or None, encoding=encoding, tables=tables)
