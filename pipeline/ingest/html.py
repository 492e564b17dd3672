"""Portal bulletins saved as HTML: the headline and the article text, without scripts and chrome."""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser as HTMLParser
from selectolax.lexbor import LexborNode as Node

from pipeline.ingest.text import decode
from pipeline.records import RawText

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
    from pipeline.ingest import IngestError

    html, encoding = decode(data, ".html")
    tree = HTMLParser(html)
    for node in tree.css(DROP):
        node.decompose()
    title_node = tree.css_first("h1") or tree.css_first("title")
    title = title_node.text(strip=True) if title_node else None
    node = main_node(tree)
    text = block_text(node) if node else ""
    if not text.strip():
        raise IngestError("HTML page has no readable text (only scripts or markup?)")
    if title and title not in text[:2000]:
        text = f"{title}\n\n{text}"
    return RawText(text=text, title=title or None, encoding=encoding)
