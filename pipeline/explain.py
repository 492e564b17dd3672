"""`kehoach explain`: the normalized text with every extracted item highlighted and labelled with its rule.

For rule authors: a wrong result leads straight to its YAML. Each item is shown where it sits in the text
(`start`/`end` into the normalized text), with the rule that produced it (`file.id`) and what it became
(its fields in the JSON line of `kehoach extract`, built by contract.py). Two renderings of the same marks:
the terminal (rich) and an HTML page (spaCy's displaCy span visualizer, through extract/nlp.py).
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from rich.console import Console, Group
from rich.panel import Panel
from rich.style import Style
from rich.table import Table
from rich.text import Text

from kehoach.contract import to_dict
from kehoach.records import Extraction

# JSON list of the contract -> the kind of item it holds, in display order, with its colour.
KINDS: dict[str, tuple[str, str]] = {
    "references": ("reference", "#7aecec"),
    "dates": ("date", "#feca74"),
    "bodies": ("body", "#c887fb"),
    "tasks": ("task", "#bfe1d9"),
    "subtasks": ("subtask", "#e4e7d2"),
    "targets": ("target", "#ff9561"),
}
HIDDEN_FIELDS = ("start", "end", "rule")  # shown as the highlight and the label, not repeated in the table


@dataclass(frozen=True, slots=True)
class Mark:
    """One extracted item as explain shows it: the highlighted span, its rule and its JSON fields."""

    number: int  # 1-based, the row of the items table and the tag in the text
    kind: str  # "reference", "date", "body", "task", "subtask", "target"
    rule: str  # "dates.numeric"
    start: int  # the highlighted span: the whole item, a task's label, a target's figure
    end: int
    text: str  # the normalized text in [start, end)
    fields: Mapping[str, Any]  # the item as the JSON line of `kehoach extract` gives it

    @property
    def color(self) -> str:
        return next(color for kind, color in KINDS.values() if kind == self.kind)


def label_span(text: str, item: Mapping[str, Any]) -> tuple[int, int]:
    """A task's label: at `start`, or just before it when `start` is where the item's own text begins."""
    start, label = item["start"], item["label"]
    if text.startswith(label, start):
        return start, start + len(label)
    before = text.rfind(label, max(0, start - len(label) - 4), start)
    if before >= 0 and not text[before + len(label) : start].strip():
        return before, before + len(label)
    return start, item["end"]


def highlight_span(key: str, item: Mapping[str, Any], text: str) -> tuple[int, int]:
    """What a rule matched: a task's label (not the whole item) and a target's figure (not its clause)."""
    if key in ("tasks", "subtasks"):
        return label_span(text, item)
    if key == "targets":
        return item["value_start"], item["value_end"]
    return item["start"], item["end"]


def explain(result: Extraction) -> tuple[Mark, ...]:
    """Every item of an extraction as a Mark, in text order."""
    data = to_dict(result)
    text = result.document.text
    found = []
    for key, (kind, _) in KINDS.items():
        for item in data.get(key) or ():
            start, end = highlight_span(key, item, text)
            found.append((start, -end, kind, item["rule"], end, item))
    found.sort(key=lambda f: (f[0], f[1]))
    return tuple(
        Mark(n, kind, rule, start, end, text[start:end], item)
        for n, (start, _, kind, rule, end, item) in enumerate(found, start=1)
    )


def shown_fields(mark: Mark, longest: int | None = None) -> str:
    """The item's JSON fields, less what the highlight already shows (its span, its rule, its text);
    strings cut at `longest` characters (the terminal table)."""
    hidden = (*HIDDEN_FIELDS, "text") if mark.fields.get("text") == mark.text else HIDDEN_FIELDS
    fields = {k: v for k, v in mark.fields.items() if k not in hidden}
    if longest:
        cut = {k: v[:longest] + "…" for k, v in fields.items() if isinstance(v, str) and len(v) > longest}
        fields.update(cut)
    return json.dumps(fields, ensure_ascii=False)


def summary_lines(result: Extraction) -> list[tuple[str, str]]:
    subj = result.subject
    return [
        ("source", result.document.source.path),
        ("kind", result.kind),
        ("title", result.title or "—"),
        ("province", result.province or "—"),
        ("subject", f"{subj.symbol} ({subj.doc_type or '?'})" if subj and subj.symbol else "—"),
    ]


def legend(marks: Iterable[Mark]) -> list[tuple[str, str, int]]:
    counts: dict[str, int] = {}
    for mark in marks:
        counts[mark.kind] = counts.get(mark.kind, 0) + 1
    return [(kind, color, counts[kind]) for kind, color in KINDS.values() if kind in counts]


# --- the terminal -------------------------------------------------------------------------------------


def highlighted_text(text: str, marks: tuple[Mark, ...]) -> Text:
    """The text cut at every item boundary; each piece styled by the items covering it, and after each item
    a tag `[n:rule]`. Items overlap (a reference holds its date), so styles stack rather than nest."""
    bounds = sorted({0, len(text), *(m.start for m in marks), *(m.end for m in marks)})
    ends: dict[int, list[Mark]] = {}
    for mark in marks:
        ends.setdefault(mark.end, []).append(mark)
    out = Text()
    for a, b in zip(bounds, bounds[1:], strict=False):
        covering = [m for m in marks if m.start <= a and b <= m.end and m.start < m.end]
        style = Style()
        for depth, mark in enumerate(sorted(covering, key=lambda m: m.start - m.end)):  # outermost first
            style += Style(bgcolor=mark.color, color="black") if depth == 0 else Style(underline=True)
        out.append(text[a:b], style=style)
        for mark in sorted(ends.get(b, []), key=lambda m: m.number):
            out.append(f"[{mark.number}:{mark.rule}]", style=Style(color=mark.color, dim=False, italic=True))
    return out


def items_table(marks: tuple[Mark, ...]) -> Table:
    table = Table(title="Items: rule and JSON fields", show_lines=False, expand=True)
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("kind", no_wrap=True)
    table.add_column("rule", no_wrap=True)
    table.add_column("text", ratio=1)
    table.add_column("fields (JSON)", ratio=2)
    for mark in marks:
        table.add_row(
            Text(str(mark.number)),
            Text(mark.kind, style=Style(color=mark.color)),
            Text(mark.rule),
            Text(mark.text if len(mark.text) <= 80 else mark.text[:77] + "…"),
            Text(shown_fields(mark, longest=120)),
        )
    return table


def render_terminal(
    result: Extraction, marks: tuple[Mark, ...], console: Console, show_text: bool = True
) -> None:
    head = Text()
    for name, value in summary_lines(result):
        head.append(f"{name}: ", style="bold").append(value + "\n")
    key = Text("legend: ")
    for kind, color, count in legend(marks):
        key.append(f" {kind} ({count}) ", style=Style(bgcolor=color, color="black")).append(" ")
    key.append("  [n:rule] follows each item; n is its row below")
    parts: list[Any] = [head, key]
    if show_text:
        parts.append(Panel(highlighted_text(result.document.text, marks), title="normalized text"))
    console.print(Group(*parts))
    console.print(items_table(marks))


# --- HTML ---------------------------------------------------------------------------------------------

PAGE = """<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>kehoach explain: {title}</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 2em; max-width: 80em; }}
table {{ border-collapse: collapse; width: 100%; font-size: 0.9em; }}
td, th {{ border: 1px solid #ccc; padding: 0.2em 0.4em; vertical-align: top; text-align: left; }}
td code {{ white-space: pre-wrap; word-break: break-word; }}
.swatch {{ padding: 0.1em 0.5em; border-radius: 3px; }}
</style></head>
<body>
<h1>kehoach explain</h1>
<dl>{summary}</dl>
<p>{legend}</p>
<h2>Normalized text</h2>
{spans}
<h2>Items: rule and JSON fields</h2>
<table><tr><th>#</th><th>kind</th><th>rule</th><th>text</th><th>fields (JSON)</th></tr>
{rows}
</table>
</body></html>
"""


def render_html(result: Extraction, marks: tuple[Mark, ...]) -> str:
    """A standalone page: displaCy's span visualizer (label = rule id, colour = kind), then the items."""
    from spacy import displacy

    from kehoach.extract.nlp import spacy_doc

    esc = html.escape
    doc = spacy_doc(result.document.text, [(m.start, m.end, m.rule, m.rule) for m in marks])
    colors = {m.rule: m.color for m in marks}
    spans = displacy.render(doc, style="span", page=False, options={"spans_key": "kehoach", "colors": colors})
    summary = "".join(f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>" for k, v in summary_lines(result))
    key = " ".join(
        f'<span class="swatch" style="background:{color}">{esc(kind)} ({count})</span>'
        for kind, color, count in legend(marks)
    )
    rows = "\n".join(
        f'<tr id="item-{m.number}"><td>{m.number}</td><td><span class="swatch" style="background:{m.color}">'
        f"{esc(m.kind)}</span></td><td><code>{esc(m.rule)}</code></td><td>{esc(m.text)}</td>"
        f"<td><code>{esc(shown_fields(m))}</code></td></tr>"
        for m in marks
    )
    return PAGE.format(
        title=esc(result.title or result.document.source.path),
        summary=summary,
        legend=key,
        spans=spans,
        rows=rows,
    )
