"""The outline of a flattened text: a plan a crawler or a document-sharing site ran together into wrapped
lines, so its Roman headings and numbered items sit inside lines ("… giao thông. II.\\nNHIỆM VỤ TRỌNG TÂM 1.
Nâng cao năng lực … 2. Đẩy mạnh …", "… II. TIÊU CHÍ CƠ BẢN 1. Phấn đấu giảm … 2. Đảm bảo 100% …").

`unflattened(text)` gives the same text with each recovered heading and item put at the start of its own
line, so the task-list reading (tasks.py) sees the outline as it sees a laid-out plan, and its headings decide
task or structure as there. Only whitespace changes, one character for one: every offset still points into
the text.

A part is a Roman label over a heading in capitals (tasks.flat_part: "II. TIÊU CHÍ CƠ BẢN"), kept when a
part of the next or previous number is written the same way. An item is an Arabic label after a sentence's
end or a kept part's heading, or a decimal one under its parent's number (tasks.flat_item: "1. Phấn đấu …",
"1.1. Thủ trưởng …"), kept when it counts on from its predecessor or its successor counts on from it.
"""

from __future__ import annotations

from dataclasses import dataclass

from kehoach.rules import RuleSet

PART = "tasks.flat_part"
ITEM = "tasks.flat_item"
REACH = 4000  # characters between two items of one run (a flattened item may run to a page)
# a part's Roman label -> its number; tasks.py reads a laid-out plan's parts with it too
ROMAN = {
    "I": 1,
    "II": 2,
    "III": 3,
    "IV": 4,
    "V": 5,
    "VI": 6,
    "VII": 7,
    "VIII": 8,
    "IX": 9,
    "X": 10,
    "XI": 11,
    "XII": 12,
    "XIII": 13,
    "XIV": 14,
    "XV": 15,
}


@dataclass(frozen=True, slots=True)
class Mark:
    """A label found in the text: where it starts, its numbers, and whether it sits inside a line."""

    start: int
    key: tuple[int, ...]  # (n,) for "2.", (n, m) for "1.2.", the Roman numeral's value for a part
    inline: bool
    heading_end: int = -1  # a part: where its heading in capitals ends


def inside_line(text: str, start: int) -> bool:
    """Whether something on the same line stands before `start` (a Markdown "# " or "**" does not)."""
    line_start = text.rfind("\n", 0, start) + 1
    return bool(text[line_start:start].strip(" \t*_#"))


def counts_on(before: Mark, after: Mark) -> bool:
    """Whether `after` is the label next to `before` in one run ("1." then "2.", "2.3." then "2.4.")."""
    return (
        after.start - before.start <= REACH
        and after.key[:-1] == before.key[:-1]
        and after.key[-1] == before.key[-1] + 1
    )


def confirmed(marks: list[Mark]) -> list[Mark]:
    """The marks that count on from the nearest mark of their level before them, or that the nearest one after
    them counts on from; not a mark inside a line that the page's own label of that number follows at a line's
    start (a number in an item's sentence: "1. … đạt 100%. 2. Kiện toàn …" / "2. Kiểm tra …")."""
    kept: set[int] = set()
    for level in {len(m.key) for m in marks}:
        same = [m for m in marks if len(m.key) == level]
        same = [m for m, n in zip(same, [*same[1:], None], strict=True) if not repeated(m, n)]
        for before, after in zip(same, same[1:], strict=False):
            if counts_on(before, after):
                kept.update((before.start, after.start))
    return [m for m in marks if m.start in kept]


def repeated(mark: Mark, nxt: Mark | None) -> bool:
    """Whether an inline mark's number comes again next, at a line's start."""
    return nxt is not None and mark.inline and not nxt.inline and nxt.key == mark.key


def parts(text: str, rules: RuleSet) -> list[Mark]:
    """The Roman parts written over a heading in capitals, each kept when a neighbour part counts with it."""
    return confirmed(
        [
            Mark(
                m.start("label"),
                (ROMAN[m.group("roman")],),
                inside_line(text, m.start("label")),
                m.end("heading"),
            )
            for m in rules.rule(PART).finditer(text)
        ]
    )


def word_end(text: str, start: int) -> int:
    """Where the last word before `start` ends (the whitespace before `start` skipped)."""
    while start > 0 and text[start - 1].isspace():
        start -= 1
    return start


def items(text: str, heading_ends: set[int], rules: RuleSet) -> list[Mark]:
    """The Arabic and decimal items after a sentence's end or a part's heading (decimal ones anywhere under
    their parent's number), each kept in an ascending run."""
    found: list[Mark] = []
    for m in rules.rule(ITEM).finditer(text):
        start = m.start("label")
        inline = inside_line(text, start)
        if inline and m.group("bare") is not None and word_end(text, start) not in heading_ends:
            continue  # a number inside a sentence ("khoản 1. Điều 2"), not right after a part's heading
        key = (int(m.group("n")),) if m.group("m") is None else (int(m.group("n")), int(m.group("m")))
        found.append(Mark(start, key, inline))
    kept: list[Mark] = []
    parent = 0  # a decimal item sits under the Arabic item of its first number ("1. Mục đích 1.1. …")
    for mark in confirmed(found):
        if len(mark.key) == 1:
            parent = mark.key[0]
        elif mark.key[0] != parent:
            continue
        kept.append(mark)
    return kept


def unflattened(text: str, rules: RuleSet) -> str:
    """The text with the recovered outline's labels at line starts and each part's heading on one line of its
    own; the same length as the text (the text itself when it has no flattened outline). It runs on every
    text, so the text is copied only when there is something to lay out."""
    edits = layout(text, rules)
    if not edits:
        return text
    chars = list(text)
    for at, char in edits.items():
        chars[at] = char
    return "".join(chars)


def layout(text: str, rules: RuleSet) -> dict[int, str]:
    """The whitespace characters to change, position -> the one that replaces the text's there: a line break
    before each inline part and item, a space for a line break inside a part's heading."""
    edits: dict[int, str] = {}

    def break_before(start: int) -> None:  # the whitespace just before a label becomes a line break
        if 0 < start <= len(text) and text[start - 1] in " \t":
            edits[start - 1] = "\n"

    heading_ends: set[int] = set()
    for part in parts(text, rules):
        if not part.inline:
            continue
        break_before(part.start)
        for k in range(part.start, part.heading_end):  # "III. NHIỆM VỤ TRỌNG\nTÂM NĂM 2020": one line
            if text[k] == "\n":
                edits[k] = " "
        heading_ends.add(part.heading_end)
        break_before(part.heading_end + 1)  # the space after the heading: its first item opens the next line
    for item in items(text, heading_ends, rules):
        if item.inline:
            break_before(item.start)
    return edits


def recovered(text: str, laid_out: str, label: str, start: int) -> bool:
    """Whether unflattened() put the label before `start` at a line's start (the break before it is new)."""
    at = laid_out.rfind(label, 0, start)
    return at > 0 and laid_out[at - 1] == "\n" and text[at - 1] != "\n"
