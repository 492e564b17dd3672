"""Nhiệm vụ, giải pháp, mục tiêu (tasks, solutions, goals): the numbered lists a trigger phrase introduces.

A list is a run of labels of one style counting up from the first (1, 2, 3 / a, b, c / I, II, III).
It counts when the text just before its first item names tasks, solutions or goals (patterns/tasks.yml
`triggers`). Its items are level 1; labels of other styles inside an item are level 2. A label of a
style that outranks the list (a Roman numeral inside an Arabic list) ends it.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

import regex

from kehoach import rx
from kehoach.extract import assignments, outline
from kehoach.extract import tables as tables_
from kehoach.records import Due, Task
from kehoach.rules import Rule, RuleSet, Settings

LETTERS = "abcdđeghiklmnopqrstuvxy"  # Vietnamese list letters: đ follows d; no f, j, w, z
ROMAN = outline.ROMAN  # "II." -> 2, for a laid-out plan's parts as for a flattened one's
RANK = {"section": -1, "roman": 0, "arabic": 1, "paren": 1, "decimal": 2, "letter": 3, "paren_roman": 3}
WINDOW = 300  # characters before a list's first item where its trigger phrase must be
MAX_TEXT = 600
INTRO_REACH = 1500  # characters before a list where a heading over its long introducing sentence may stand
INTRO_HEADING = 120  # a heading over an introducing sentence is a short line
MAX_GAP = 2  # a list may skip one number (8 -> 10)
HEADING_WORDS = 4  # an item's first line this short over "-" bullets is a heading: its text ends there
SHORT_HEADING = 4  # words after a field word that still make a heading ("Thời gian tổ chức Hội khỏe")
FIELD_ITEM_WORDS = 6  # words between a field word and the colon of an item that is a field
FIELD_WORDS = 2  # words between a field word and its colon ("Đối tượng thụ hưởng:", "Thời gian thực hiện:")
MAX_BLOCK = 4000  # characters of an item read for its assignment
ANNEX = r"(?mi)^[ \t*_#]*phụ\s+lục\b"  # the heading of an annex: a new part of the document
ANNOUNCE_WORDS = 6  # words of a sentence announcing a letter's Roman parts ("Sở ... hướng dẫn ... như sau:")
TITLE_GAP = 800  # characters between a plan's title and the list right under it ("Chủ đề: ...", the month)
TITLE_LINES = 12
TAIL_CHARS = 2000  # a one-item list counts only when the text is cut off this soon after it
PERIOD_WORDS = 12  # a heading naming a period is a short line ("a) Mục tiêu cụ thể đến năm 2030")
CLOSING_CHARS = 400  # characters after a notice's last item where its closing line must stand
CLOSING_LINES = 3  # lines after it, the closing one of them
RESTART_GAP = 1200  # characters from a task list's last item to a list the page numbered again from 1


@dataclass(frozen=True)
class Label:
    start: int  # the label
    text_start: int  # the item's text, after the label
    label: str
    n: int
    style: str
    rule: str
    inline: bool = False  # a label inside its line (tasks.yml `inline`), kept only in a run (inline_run)


def ordinal(match: regex.Match[str]) -> int | None:
    groups = match.groupdict()
    if groups.get("n"):
        return int(groups["n"])
    if groups.get("letter"):
        return LETTERS.index(groups["letter"].lower()) + 1 if groups["letter"].lower() in LETTERS else None
    if groups.get("roman"):
        return ROMAN.get(groups["roman"].upper())
    return None


def interpret(rule: Rule, match: regex.Match[str], rules: RuleSet) -> dict[str, Any]:
    return {"label": match.group("label"), "n": ordinal(match)}


def labels(text: str, rules: RuleSet) -> list[Label]:
    found: dict[int, Label] = {}
    weak: set[int] = set()
    for rule in rules.of("tasks"):
        if "style" not in rule.params:  # closed_section, report_outline, field_heading: not labels
            continue
        for match in rule.finditer(text):
            n = ordinal(match)
            start = match.start("label")
            if n is not None and start not in found:
                style = str(rule.params.get("style", rule.id))
                found[start] = Label(
                    start,
                    match.end(),
                    match.group("label"),
                    n,
                    style,
                    rule.qualified_id,
                    bool(rule.params.get("inline")),
                )
                if rule.params.get("confirmed_by_next"):
                    weak.add(start)
    ordered = inline_run(text, [found[k] for k in sorted(found)], rules.settings("tasks"))
    return [
        miscounted_one(text, ordered, i)
        for i, label in enumerate(ordered)
        if label.start not in weak or counted_on(ordered, i)
    ]


def inline_run(text: str, found: list[Label], conf: Settings) -> list[Label]:
    """The labels without those inside a line that are no item of a list the page ran together on one line
    or one paragraph ("... như sau: 1. Thực hiện ... 2. Phong trào ...", 1456; "... thực hiện;3. Thường
    xuyên ..." between a line's "2." and "4.", 3901; "... NHIỆM KỲ 2020-2025 I. Về kinh tế (11 chỉ tiêu) 1.
    Tốc độ ... II. ...", 1008). An inline "1." opens a run when the next label of its style is "2." and the
    clause before it announces the list (`announces_run`); an inline "N." goes on from the last kept label of
    its style when that is "N-1." near it (an item's longest text apart), unless the page's own "N." follows
    (a number in an item's sentence, the item standing on its line after it)."""
    if not any(label.inline for label in found):
        return found
    kept: list[Label] = []
    for i, label in enumerate(found):
        if not label.inline:
            kept.append(label)
            continue
        nxt = next((f for f in found[i + 1 :] if f.style == label.style), None)
        if nxt is not None and nxt.n == label.n and not nxt.inline:
            continue
        if label.n == 1:
            if nxt is not None and nxt.n == 2 and nxt.start - label.start <= MAX_BLOCK:
                if announces_run(text, label, kept, conf):
                    kept.append(label)
            continue
        prev = next((f for f in reversed(kept) if f.style == label.style), None)
        if prev is not None and prev.n == label.n - 1 and label.start - prev.start <= 2 * MAX_TEXT:
            kept.append(label)
    return kept


def announces_run(text: str, first: Label, kept: list[Label], conf: Settings) -> bool:
    """Whether the clause right before an inline "1." announces a list of tasks: it ends in ":" and names
    them ("... đề ra phương hướng nhiệm vụ cho năm học 2010 - 2011 như sau:"), or is a heading in capitals
    that names them ("CÁC CHỈ TIÊU CHỦ YẾU TRONG NHIỆM KỲ 2020-2025"), or is the short title of an inline
    part of a higher rank just before it ("I. Về kinh tế (11 chỉ tiêu)"). Not a structural heading ("I.
    MỤC ĐÍCH, YÊU CẦU:" over "1. Mục đích:", `not_triggers`)."""
    floor = text.rfind("\n", 0, first.start) + 1
    last = kept[-1] if kept else None
    if last is not None and last.text_start > floor:
        floor = last.text_start
    before = text[floor : first.start]
    ends = list(regex.finditer(r"[.;!?…][\"”)]?[ \t]+(?=\S)", before))
    clause = (before[ends[-1].end() :] if ends else before).strip(" \t*_#-–")
    if not clause:
        return False
    if last is not None and last.inline and floor == last.text_start and RANK[last.style] < RANK[first.style]:
        return len(clause.split()) <= PERIOD_WORDS and not clause.endswith(":")
    return (clause.endswith(":") or capitals(clause)) and triggers(clause, conf)


def counted_on(found: list[Label], i: int) -> bool:
    """Whether the next label of found[i]'s style counts on from it ("1. 100% tổ chức Hội ..." then "2. Đẩy
    mạnh ..."), or, for the last item of a list, the one before counts on to it ("(3) 100% đoàn viên ..." then
    "(4) 95% đoàn viên ..." ending the list): a label whose text opens with a figure is an item only then."""
    label = found[i]
    nxt = next((f for f in found[i + 1 :] if f.style == label.style), None)
    if nxt is not None and nxt.n == label.n + 1 and nxt.start - label.start <= 2 * MAX_TEXT:
        return True
    prev = next((f for f in reversed(found[:i]) if f.style == label.style), None)
    return prev is not None and prev.n == label.n - 1 and label.start - prev.start <= 2 * MAX_TEXT


def miscounted_one(text: str, found: list[Label], i: int) -> Label:
    """A Roman "I." typed for "1." (a sentence after it, an earlier Roman numeral already past I, and "2."
    the next label: "II. MỤC TIÊU CỤ THỂ / I. Giám sát chặt chẽ ... / 2. Bảo đảm ..."): item 1 of the Arabic
    list."""
    label = found[i]
    if label.style != "roman" or label.n != 1:
        return label
    before = any(f.style == "roman" and f.n > 1 for f in found[:i])
    nxt = next((f for f in found[i + 1 :] if RANK[f.style] <= RANK["arabic"]), None)
    line = text[label.text_start : label.text_start + 40].split("\n")[0]
    # an excerpt that breaks off after it keeps no "2." ("II. MỤC TIÊU CỤ THỂ" / "I. Giám sát ...", 2607)
    cut = len(text) - label.text_start <= TAIL_CHARS
    second = nxt.style == "arabic" and nxt.n == 2 if nxt is not None else cut
    if before and second and not line.isupper():
        return replace(label, style="arabic")
    return label


def introduced(text: str, first: Label, rules: RuleSet) -> bool:
    """Whether the heading or sentence just before a list names tasks, solutions or goals (a Roman list: a
    part heading "B. NỘI DUNG, NHIỆM VỤ ..." that does)."""
    conf = rules.settings("tasks")
    line_start = text.rfind("\n", max(0, first.start - WINDOW), first.start) + 1  # before a "**" of markdown
    window = text[max(0, first.start - WINDOW) : max(line_start, first.start - WINDOW)]
    # only the last two lines (or the sentence) before the list speak for it
    own = text[line_start : first.start][-WINDOW:]
    if (first.style != "roman" or first.inline) and regex.search(r"\p{L}", own) and triggers(own, conf):
        return True  # an inline list its own sentence introduces ("Mục tiêu là: (1) ...; (2) ...")
    window = "\n".join(unchromed(window.rstrip().split("\n"), rules)[-2:])
    last = window.split("\n")[-1]
    if outranked(last, first, rules):
        window = (
            last  # "... nội dung sau:" / "I. Lịch thi và ..." / "1. Lịch thi:": the heading speaks for it
        )
    elif capitals(last):  # a heading in capitals, maybe over two lines ("**IV. NỘI / DUNG HOẠT ĐỘNG**")
        lines = window.split("\n")
        window = "\n".join(lines[-2:] if len(lines) > 1 and capitals(lines[-2]) else lines[-1:])
    if rx.search(conf.pattern("not_triggers"), last[-120:], regex.IGNORECASE, timeout=1.0):
        # a paragraph under a part heading that names the work may say "phù hợp với tình hình ..." (2100)
        paragraph = not capitals(last) and headed_intro(text, first, rules)
        return assigned_tasks(text, first, last, conf) or paragraph
    if any(rule.search(last[-200:]) for rule in roles(rules, "field_heading")):
        return False  # "1. Thời gian, đối tượng kiểm tra:" over "1.1. Đợt 1: Từ 13h30 ngày ..."
    if first.style == "roman" and not rx.search(conf.pattern("roman_intro"), window, timeout=1.0):
        return announced(text[max(0, line_start - WINDOW) : line_start], conf)
    if structure_first(window, last, conf):
        return False  # "III. ĐỐI TƯỢNG, NỘI DUNG VÀ HÌNH THỨC ĐÀO TẠO, / BỒI DƯỠNG" (2003): the structure
    if rx.search(conf.pattern("triggers"), window, regex.IGNORECASE, timeout=1.0):
        return True
    return headed_intro(text, first, rules)


def structure_first(window: str, last: str, conf: Settings) -> bool:
    """Whether the heading over a list opens with a part of the plan's structure ("III. ĐỐI TƯỢNG, NỘI DUNG
    ...", `structure_first`): the heading's first line, the one above when the last goes on in capitals."""
    lines = window.split("\n")
    labelled = rx.search(conf.pattern("rough_label"), last, timeout=1.0)
    continued = len(lines) > 1 and capitals(last) and not labelled
    heading = lines[-2] if continued else last
    return bool(rx.search(conf.pattern("structure_first"), heading, regex.IGNORECASE, timeout=1.0))


def unchromed(lines: list[str], rules: RuleSet) -> list[str]:
    """The lines without a page's running header and the page number under it ("CÔNG BÁO/Số 302/Ngày
    02-06-2026" / "56", between "2. Mục tiêu cụ thể" and its "a) ...", 2003): the page's furniture does not
    stand between a heading and its list."""
    chrome = rules.settings("assignments").pattern("line_table_chrome")
    kept: list[str] = []
    for line in lines:
        if (
            kept
            and regex.fullmatch(r"[ \t]*\d{1,4}[ \t]*", line)
            and rx.match(chrome, kept[-1].strip(), regex.I)
        ):
            kept.pop()  # the header and its page number
            continue
        kept.append(line)
    return [line for line in kept if not (line.strip() and rx.match(chrome, line.strip(), regex.IGNORECASE))]


def reports(text: str, first: Label, conf: Settings) -> bool:
    """Whether the sentence that introduces the list reports work done ("... ngành giáo dục Bắc Giang đã tổ
    chức triển khai thực hiện tốt 4 nhóm nhiệm vụ: (1) ...", 1856; "... đã hoàn thành tốt nhiệm vụ năm học,
    ... và đạt được những kết quả sau:" / "1. Chăm lo đời sống ...", 3643): the items are what was done, not
    what the document sets (`reported`, as `roman_sentence_not` for a Roman list). The sentence is read
    back over the two lines before the list, to the last full stop or line ending a sentence; it introduces
    the list: it ends in ":" or runs on into the list's first item."""
    line_start = text.rfind("\n", 0, first.start)
    head = max(0, text.rfind("\n", 0, max(0, line_start)) if line_start > 0 else 0)
    before = text[max(head, first.start - WINDOW) : first.start].rstrip(" \t\n*_#")
    if not before.endswith(":") and not text[line_start + 1 : first.start].strip(" \t*_#-–"):
        return False  # a paragraph's last sentence over a list its heading introduces
    before = before.rstrip(" \t\n*_#:")
    ends = list(regex.finditer(r"(?:[\p{Ll}\d)][.;!?][\"”)]?[ \t]+(?=\p{Lu})|[.;!?:][ \t*_]*\n)", before))
    sentence = before[ends[-1].end() :] if ends else before
    return bool(rx.search(conf.pattern("reported"), sentence, regex.IGNORECASE, timeout=1.0))


def reported_spans(text: str, found: list[Label], rules: RuleSet) -> list[tuple[int, int]]:
    """Stretches of the text that are lists of work done (`reports`), with the points under their items."""
    conf = rules.settings("tasks")
    spans = []
    for i, label in enumerate(found):
        if label.n == 1 and reports(text, label, conf):
            after = below(found, run_from(found, i))
            spans.append((label.start - 1, found[after].start if after < len(found) else len(text)))
    return spans


def announced(before: str, conf: Settings) -> bool:
    """Whether the sentence over a Roman list is the document's own, announcing what follows ("Sở Tư pháp
    hướng dẫn một số nội dung như sau:", "... đồng chí Phó Chủ tịch UBND huyện kết luận:"): then a letter's or
    a notice's Roman parts are its charges (`roman_sentence`), unless the sentence issues a plan or reports
    (`roman_sentence_not`). The sentence may run over lines a PDF or a Word file broke."""
    before = before.rstrip(" \t\n*_#")
    ends = list(regex.finditer(r"[.;][\"”)]?\s", before))
    sentence = before[ends[-1].end() :] if ends else before
    last = sentence.split("\n")[-1].strip(" \t*_#")
    if capitals(last) or len(sentence.split()) < ANNOUNCE_WORDS:
        return False  # a heading ("KẾT LUẬN:"), not a sentence
    sentence = " ".join(sentence.split())
    if rx.search(conf.pattern("roman_sentence_not"), sentence, regex.IGNORECASE, timeout=1.0):
        return False
    return bool(rx.search(conf.pattern("roman_sentence"), sentence[-200:], regex.IGNORECASE, timeout=1.0))


def assigned_tasks(text: str, first: Label, heading: str, conf: Settings) -> bool:
    """Whether a heading "II. PHÂN CÔNG NHIỆM VỤ" stands over tasks (2002, a Party plan: "1. Tuyên truyền,
    quán triệt, ... về phát triển khoa học" with its assignments under it) rather than over the bodies
    charged ("1. Công an tỉnh", 812): the first item's line is a long sentence (`assigned_words` words or
    more), not a body's name."""
    if not rx.search(conf.pattern("assigned_heading"), heading, regex.IGNORECASE, timeout=1.0):
        return False
    line_end = text.find("\n", first.text_start)
    line = text[first.text_start : line_end if line_end != -1 else len(text)]
    return len(line.split()) >= conf.number("assigned_words", 12)


def headed_intro(text: str, first: Label, rules: RuleSet) -> bool:
    """Whether a heading naming tasks stands over the sentence that introduces the list, that sentence too
    long for the window ("1. Nhiệm vụ" / "Nhà nước giữ vai trò chủ đạo ..., tập trung ... một số nội dung cơ
    bản sau đây:" / "a) Rà soát ...", 1921): the heading outranks the list's items and names tasks, the
    sentence ends in ":"."""
    line_start = text.rfind("\n", 0, first.start) + 1
    lines = text[max(0, line_start - INTRO_REACH) : line_start].rstrip().split("\n")
    if len(lines) < 3:
        return False  # the first line may be cut: a heading and its sentence need two whole lines before it
    heading, sentence = lines[-2].strip(" *_#"), lines[-1].rstrip(" *_")
    if len(heading) > INTRO_HEADING or not outranked(heading, first, rules):
        return False
    if not sentence.endswith(":") and not part_heading(heading, first, rules):
        return False
    return triggers(heading, rules.settings("tasks"))


def part_heading(heading: str, first: Label, rules: RuleSet) -> bool:
    """Whether the heading is a Roman part of the plan ("II. NỘI DUNG, TIẾN ĐỘ, PHÂN CÔNG TRÁCH NHIỆM THỰC
    HIỆN") over an Arabic list: then the one paragraph between them says how the work is shared out, and the
    list is the part's business even though the paragraph does not end in ":" (2100)."""
    return first.style == "arabic" and any(
        rule.params.get("style") == "roman" and rule.compiled.match(heading, timeout=1.0)
        for rule in rules.of("tasks")
    )


@functools.lru_cache(maxsize=4)  # asked once per unintroduced list of a document: read the text once
def titles(text: str, rules: RuleSet) -> tuple[tuple[int, int], ...]:
    """Where the plan's title lines are ("KẾ HOẠCH HOẠT ĐỘNG THƯ VIỆN THÁNG 10", patterns/tasks.yml
    `plan_title`)."""
    return tuple((m.start(), m.end()) for rule in roles(rules, "plan_title") for m in rule.finditer(text))


def titled(text: str, found: list[Label], i: int, spans: Sequence[tuple[int, int]], rules: RuleSet) -> bool:
    """Whether a list starts right under the plan's title (a short plan of a school or a Đội cell: "KẾ HOẠCH
    ... / Chủ đề: ... / 1. Tổ chức sơ kết ..."): no label between them, a few lines between, the last of
    them introducing nothing else ("Thành phần tham dự:")."""
    head = found[i]
    if head.style != "arabic" or not spans:
        return False
    title_end = max((end for start, end in spans if end <= head.start), default=-1)
    if title_end < 0 or (i > 0 and found[i - 1].start > title_end):
        return False
    gap = text[title_end : text.rfind("\n", 0, head.start) + 1].strip()
    conf = rules.settings("tasks")
    if len(gap) > TITLE_GAP or gap.count("\n") > TITLE_LINES:
        return False
    if rx.search(conf.pattern("rough_label"), gap, timeout=1.0):
        return False  # a heading between whose numeral no label rule reads ("1- MỤC ĐÍCH, YÊU CÂU", OCR)
    line_end = text.find("\n", head.text_start)
    if capitals(text[head.text_start : line_end if line_end != -1 else len(text)]):
        return False  # "1. CĂN CỨ XÂY DỰNG KẾ HOẠCH", "1. MỤC ĐÍCH YÊU CẦU:": the plan's structure
    last = gap.split("\n")[-1].rstrip(" *_")
    if rx.search(conf.pattern("not_triggers"), last[-120:], regex.IGNORECASE, timeout=1.0):
        return False  # "... 2015.I. MỤC ĐÍCH, YÊU CẦU" run on to the line: the list is that heading's (3130)
    return not (last.endswith(":") and not rx.search(conf.pattern("title_intro"), last, timeout=1.0))


def opens_text(text: str, head: Label) -> bool:
    """Whether an Arabic list opens the text, nothing before its first item (a page that stores a notice's
    body only: "1. Cán bộ, viên chức ... nghỉ Tết Dương lịch ..." / "2. Giao cho trưởng các khoa ...", 2310;
    2413): its items are what the document says, unless they are headings (is_list reads them), in capitals
    ("1. UBND TỈNH NINH THUẬN", 950) or a sentence of numbers."""
    if head.style != "arabic" or regex.search(r"\p{L}", text[: head.start]):
        return False
    line_end = text.find("\n", head.text_start)
    line = text[head.text_start : line_end if line_end != -1 else len(text)]
    return not capitals(line) and len(line.split()) >= HEADING_WORDS


def run_on(text: str, found: list[Label], members: list[int], rules: RuleSet) -> bool:
    """Whether a list's first item is its own heading numbered on with its items ("1. TRỌNG TÂM CÔNG TÁC" then
    "2. Tổ chức các hoạt động ...", Word's automatic numbering run through a heading): a line in capitals
    that names tasks, the next item starting on the next line."""
    if len(members) < 3 and not (len(members) == 2 and cut_off(text, found, members[1:], rules)):
        return False  # two: the heading and the one item an excerpt keeps of its list (3810)
    head, nxt = found[members[0]], found[members[1]]
    line_end = text.find("\n", head.text_start)
    if line_end == -1 or text[line_end : nxt.start].strip(" \t\n*_#"):
        return False
    line = text[head.text_start : line_end]  # the heading's words, without its number
    conf = rules.settings("tasks")
    named = rx.search(conf.pattern("triggers"), line, regex.IGNORECASE, timeout=1.0)
    return capitals(line) and named is not None


def triggers(sentence: str, conf: Settings) -> bool:
    """Whether the sentence names tasks, solutions or goals and is no heading of what holds none."""
    if rx.search(conf.pattern("not_triggers"), sentence[-120:], regex.IGNORECASE, timeout=1.0):
        return False
    return bool(rx.search(conf.pattern("triggers"), sentence, regex.IGNORECASE, timeout=1.0))


def capitals(line: str) -> bool:
    """Whether the line is a heading in capitals ("III- TỔ CHỨC THỰC HIỆN" with its numeral misread "HI-"):
    it alone speaks for the list under it, not the last sentence of the section before."""
    words = regex.findall(r"\p{Lu}{2,}", line)
    return len(words) >= 2 and not regex.search(r"\p{Ll}", line)


def outranked(line: str, first: Label, rules: RuleSet) -> bool:
    """Whether the line is a heading of a higher level than the list's items (a Roman heading over "1.")."""
    return any(
        RANK[str(rule.params["style"])] < RANK[first.style] and rule.compiled.match(line, timeout=1.0)
        for rule in rules.of("tasks")
        if "style" in rule.params
    )


@functools.cache
def roles(rules: RuleSet, role: str) -> tuple[Rule, ...]:
    return tuple(rule for rule in rules.of("tasks") if rule.params.get("role") == role)


def closed_spans(text: str, found: list[Label], rules: RuleSet) -> list[tuple[int, int]]:
    """Stretches of the text where no list is a task list: a section that never holds the plan's tasks ("III.
    TỔ CHỨC THỰC HIỆN", up to the next Roman or part heading) and a report outline annexed to the plan ("ĐỀ
    CƯƠNG BÁO CÁO", up to the next "PHỤ LỤC" line or the end)."""
    spans = []

    def annex_after(at: int) -> int:  # an annex ("PHỤ LỤC") starts another part of the document
        annex = rx.search(ANNEX, text[at:], timeout=1.0)
        return at + annex.start() if annex else len(text)

    for n, label in enumerate(found):  # the Roman and part headings only: read where they are
        if label.style not in ("roman", "section"):
            continue
        line_start = text.rfind("\n", 0, label.start) + 1
        closing = roles(rules, "closed_section")
        if not any(rule.compiled.match(text, line_start, timeout=1.0) for rule in closing):
            continue
        line_end = text.find("\n", label.start)
        heading = text[line_start : line_end if line_end != -1 else len(text)]
        if n + 1 < len(found) and assigned_tasks(text, found[n + 1], heading, rules.settings("tasks")):
            continue  # "II. PHÂN CÔNG NHIỆM VỤ" over "1. Tuyên truyền, quán triệt, ...": the plan's tasks
        rank = RANK[label.style]
        end = next((f.start for f in found[n + 1 :] if RANK[f.style] <= rank), len(text))
        spans.append((label.start, min(end, annex_after(label.text_start))))
    if "CƯƠNG" in text or "MẪU" in text:  # the words every report_outline match has (it is case-sensitive)
        for rule in roles(rules, "outline_annex"):
            for match in rule.finditer(text):
                spans.append((match.start(), annex_after(match.end())))
    return spans


def carried_on(text: str, found: list[Label], members: list[int]) -> list[int]:
    """The list's items with those whose number does not count on but whose place does: a number repeated
    ("2. Hoạt động chào mừng ..." / "2. Lễ hội Halloween", 2403), numbered again from 1 by Word or the
    page ("2. Đại hội trù bị:" / "- ..." / "1. Đại hội chính thức", 1458; "3. Tuyên bố lí do" / "1. Khai
    mạc Đại hội." / "2. Báo công dâng Bác." / "6. Tham luận ...", 1705) or misread by the OCR ("6. ..."
    / "1. Đây mạnh ứng dụng ..." / "8. ...", 2004): an item of the list (issue 18: a fault in the numbering
    never ends a list) when it stands right after the item before it, only that item's sentences and
    bullets between (`next_in_place`), and opens with a word in sentence case."""
    inside = [
        j
        for j in range(members[0] + 1, members[-1])
        if j not in members and found[j].style == found[members[0]].style
    ]
    for j in inside:  # a stray number that run_from stepped over is an item when it reads as one
        prev = max(m for m in members if m < j)
        if next_in_place(text, found, prev, j):
            members = sorted([*members, j])
    while True:
        k = below(found, members)
        if k >= len(found) or not next_in_place(text, found, members[-1], k):
            return members
        members = [*members, *run_from(found, k)]


def next_in_place(text: str, found: list[Label], prev: int, k: int) -> bool:
    """Whether found[k], of found[prev]'s style, follows that item as its list's next item whatever its
    number: near it (`RESTART_GAP`), every line between a bullet or a sentence (no heading, no line ending
    in ":"; not right under the item's own line ending in ":", whose points it opens), its own line
    opening with a word in sentence case (not a file stamp "18.CTRTW31.DOC", not a heading in capitals
    "4. TRANG PHỤC, DỤNG CỤ THI ĐẤU:")."""
    before, label = found[prev], found[k]
    if label.style != before.style or label.start - before.start > RESTART_GAP:
        return False
    line_end = text.find("\n", label.text_start)
    line = text[label.text_start : line_end if line_end != -1 else len(text)].strip(" *_")
    if not regex.match(r"\p{Lu}\p{Ll}", line) or line.endswith(":"):
        return False
    first_end = text.find("\n", before.text_start, label.start)
    gap = text[first_end + 1 : label.start] if first_end != -1 else ""
    lines = [ln.strip(" \t*_#") for ln in gap.split("\n") if ln.strip(" \t*_#")]
    own = text[before.text_start : first_end if first_end != -1 else label.start].rstrip(" \t*_")
    if not lines and own.endswith(":"):
        return False  # "3. Giao các đơn vị thực hiện các nội dung sau:" / "1. ...": the item's own points
    return all(regex.match(r"[-+•–]", ln) or ln.endswith((".", ";", ")")) for ln in lines)


def below(found: list[Label], members: list[int]) -> int:
    """The index of the first label after a list's last item that is not inside it (its rank or higher)."""
    head = found[members[0]]
    return next(
        (k for k in range(members[-1] + 1, len(found)) if RANK[found[k].style] <= RANK[head.style]),
        len(found),
    )


def run_from(found: list[Label], i: int, stop: int | None = None) -> list[int]:
    """Indices of the items of the list that starts at found[i]: same style, counting up. A number skipped
    (8 then 10, a lost label) does not end the list, nor does a stray number the next label counts past; a
    label of a style that outranks it does."""
    head = found[i]
    members = [i]
    end = len(found) if stop is None else stop
    for j in range(i + 1, end):
        label = found[j]
        if RANK[label.style] < RANK[head.style]:
            if label.n > 1 and not continues(found, j):
                continue  # "... 02 (2) năm một lần": a number in a sentence, no item of an outer list
            if label.style == "paren" and nested(found, j, members[-1], end):
                continue  # "2.1. ..." / "(1) ... (3)" / "2.2. ...": points inside the item, not an outer list
            break
        if label.style == head.style:
            if not 0 < label.n - found[members[-1]].n <= MAX_GAP:
                if stray(found, j, members[-1], end):
                    continue
                break
            members.append(j)
    return members


def nested(found: list[Label], j: int, last: int, stop: int) -> bool:
    """Whether the parenthesised label found[j] opens points inside item found[last] ("2.1. Chuẩn bị ..." /
    "(1) Tổ chức hiệp thương lần thứ nhất ..." / "(3) ..." / "2.2. Tổ chức Hội nghị ...", 2100): the next
    label that is not parenthesised and outranks nothing of the list counts on from the last item."""
    for label in found[j + 1 : stop]:
        if label.style == "paren":
            continue
        if RANK[label.style] < RANK[found[last].style]:
            return False
        if label.style == found[last].style:
            return 0 < label.n - found[last].n <= MAX_GAP
    return False


def continues(found: list[Label], j: int) -> bool:
    """Whether found[j] counts on from the last label of its style before it."""
    prev = next((f for f in reversed(found[:j]) if f.style == found[j].style), None)
    return prev is not None and 0 < found[j].n - prev.n <= MAX_GAP


def stray(found: list[Label], j: int, last: int, stop: int) -> bool:
    """Whether found[j] is a stray number inside an item (a page's file stamp "18.CTRTW31.DOC 2" between
    items 1. and 2.): the next label of its style, before any that outranks it, counts on from the last
    item."""
    for label in found[j + 1 : stop]:
        if RANK[label.style] < RANK[found[last].style]:
            return False
        if label.style == found[last].style:
            return 0 < label.n - found[last].n <= MAX_GAP and label.n != found[j].n
    return False


def sub_items(found: list[Label], first: int, stop: int, head: Label) -> list[int]:
    """The level-2 items of one level-1 item (labels found[first:stop]): the run of the first label style
    met inside it that is not the list's own ("1." then "a)", "II." then "1.")."""
    for j in range(first, stop):
        label = found[j]
        if label.style != head.style and RANK[label.style] >= RANK[head.style] and label.n == 1:
            return run_from(found, j, stop)
    return []


def item_end(text: str, found: list[Label], j: int, run_end: int) -> int:
    """An item ends at the next label of any style, a blank line, or the end of its list."""
    nxt = found[j + 1].start if j + 1 < len(found) else len(text)
    end = min(nxt, run_end, found[j].text_start + MAX_TEXT)
    blank = text.find("\n\n", found[j].text_start, end)
    return blank if blank != -1 else end


def inherit(item: Task, parent: Task) -> Task:
    """A level-2 item with no lead or deadline of its own takes its parent's ("1. Sở Y tế", "1. Quý I")."""
    return replace(item, lead=item.lead or parent.lead, due=item.due or parent.due)


def charged(item: Task, intro: assignments.Assignment) -> Task:
    """An item with no lead of its own takes the one the sentence introducing its list names; with no
    deadline, the horizon its heading sets."""
    if not item.due and intro.due:
        item = replace(item, due=intro.due)
    if item.lead or not intro.lead:
        return item
    return replace(item, lead=intro.lead, partners=item.partners or intro.partners)


def to_task(
    text: str,
    label: Label,
    end: int,
    level: int,
    parent: str | None,
    scope: int,
    rules: RuleSet,
    introduced_lead: bool = False,
) -> Task:
    """An item; its assignment is read from its block (up to `scope`: its next sibling or first sub-item). The
    body its later lines open with leads it unless the sentence introducing its list names one
    (`introduced_lead`)."""
    while end > label.text_start and text[end - 1] in " \n;,":
        end -= 1
    block = text[label.text_start : max(end, min(scope, label.text_start + MAX_BLOCK))]
    found = assignments.item_assignment(block, rules)
    end = heading_end(text, label.text_start, end, rules)
    due = found.due or assignments.heading_due(text[label.text_start : end], rules)
    return Task(
        label=label.label,
        text=text[label.text_start : end],
        level=level,
        start=label.text_start,
        end=end,
        rule=label.rule,
        parent=parent,
        lead=found.lead or (None if introduced_lead else found.line_lead),
        partners=found.partners,
        due=due,
    )


def heading_end(text: str, start: int, end: int, rules: RuleSet) -> int:
    """Where an item that is a short heading over bullets ends ("2.4. Nguồn lực" / "- Khuyến khích ...",
    "2. Xã hội" / "- ..."), or over items numbered a level deeper that no label rule reads ("2.1. Bước 1:" /
    "2.1.a. Thành lập ...", "1.2. Nội dung" / "1.2.1. ..."): at its line, so its text is the heading, not run
    into what is under it."""
    line_end = text.find("\n", start, end)
    if line_end == -1:
        return end
    line = text[start:line_end].strip(" *_")
    bullet = rx.match(r"[ \t]*[-+•*–][ \t]", text[line_end + 1 : line_end + 4], timeout=1.0)
    short = 0 < len(line.split()) <= HEADING_WORDS and not line.endswith((".", ";", ","))
    deeper = rx.match(rules.settings("tasks").pattern("deeper_label"), text[line_end + 1 : end], timeout=1.0)
    if short and (bullet or deeper):
        return line_end
    return end


def scheduled(text: str, found: list[Label], members: list[int], rules: RuleSet) -> bool:
    """Whether a list is a programme of activities, each named with its own hour or day ("1. Lễ khai mạc: 19
    giờ 30 ngày 17/6/2015 ...", "2. Họp bốc thăm ... lúc 15h00 ngày 18/3/2024"): a task list whatever stands
    above it (REVIEW.md, Session 12). Three items or more, all but one of them timed; not the stages of one
    activity ("1.1. Đợt 1: Từ 13h30 ngày ...", `schedule_stage`), its fields (is_outline) nor a report of what
    was done (`schedule_not`)."""
    if len(members) < 3:
        return False
    conf = rules.settings("tasks")
    before = text[: found[members[0]].start].rstrip().split("\n")[-2:]
    if rx.search(conf.pattern("schedule_not"), "\n".join(before)[-200:], regex.IGNORECASE, timeout=1.0):
        return False  # "nhà trường đã tổ chức:" over what was done, "LỊCH TRỰC" over who is on duty
    timed = 0
    for j in members:
        line = item_line(text, found[j])[:200]
        if rx.match(conf.pattern("schedule_stage"), line, regex.IGNORECASE, timeout=1.0):
            return False
        timed += bool(rx.search(conf.pattern("schedule_item"), line, timeout=1.0))
    return timed >= len(members) - 1 and timed >= 3


def agenda(text: str, found: list[Label], members: list[int], rules: RuleSet) -> bool:
    """Whether a list is a congress's or a ceremony's order of business (REVIEW.md T8): the line right above
    it names a sitting of the event ("ĐẠI HỘI PHIÊN TRÙ BỊ", "BUỔI SÁNG", "Khai mạc Đại hội: 09h00", "NỘI DUNG
    CHƯƠNG TRÌNH", `agenda_session`), the text before names the event's programme (`agenda_event`), and the
    items are short steps on one line each (2973 Hội LHPN Hà Nội, 2606 a business association abroad, 1705 a
    school's Đội congress)."""
    if len(members) < 2:
        return False
    conf = rules.settings("tasks")
    head = found[members[0]]
    line_start = text.rfind("\n", 0, head.start) + 1
    last = text[:line_start].rstrip().split("\n")[-1]
    if not rx.fullmatch(conf.pattern("agenda_session"), last.strip(), regex.IGNORECASE, timeout=1.0):
        return False
    if not rx.search(conf.pattern("agenda_event"), text[: head.start], regex.IGNORECASE, timeout=1.0):
        return False
    for j in members:
        line = item_line(text, found[j])
        if len(line.split()) > conf.number("agenda_words", 25) or ":" in line:
            return False  # a field ("1. Thời gian: ...") or a paragraph, not a step of the sitting
    return True


def sitting_day(text: str, found: list[Label], members: list[int], rules: RuleSet) -> Due | None:
    """The day an order of business (a list `agenda` accepts) is held, written on the two lines over it
    ("Ngày 19/09/2009:" / "Khai mạc Đại hội: 09h00", 2606): each step's due (REVIEW.md T8)."""
    head = found[members[0]]
    lines = [line.strip(" \t*_#:") for line in text[: head.start].split("\n")]
    for line in [line for line in lines if line][-2:][::-1]:
        by, _, end = assignments.read_due(line, rules)
        if by is not None and len(by) == len("2009-09-19"):
            return Due(line[:end].strip(" .,;:"), by, None)
    return None


def charges(text: str, found: list[Label], members: list[int], rules: RuleSet) -> bool:
    """Whether every item of a list opens by charging a body ("1. Yêu cầu UBND các phường ... ", "2. Giao Công
    an thành phố triển khai ...", `charge_opening`): a directive's charges whatever sentence stands above them
    (2600 a city's instructions relayed by its portal; 2300 a Bộ's "1- Giao Văn phòng bộ ...")."""
    if len(members) < 2:
        return False
    pattern = rules.settings("tasks").pattern("charge_opening")
    return all(
        rx.match(pattern, text[found[j].text_start : found[j].text_start + 200], timeout=1.0) for j in members
    )


def is_outline(text: str, found: list[Label], members: list[int], rules: RuleSet) -> bool:
    """Whether a list's items are the headings of the plan's structure ('1. Mục tiêu tổng quát', '2. Một số
    chỉ tiêu chủ yếu', '1. Phạm vi', '3. Thời gian tuyên truyền') or the fields of one activity ('3.1. Thời
    gian: Tháng 7/2023'): then the lists under them hold the tasks. The first item or half of them must be
    such headings: a directive's charges may end with "7. Tổ chức thực hiện" (kept out of the tasks)."""
    hits = headings(text, found, members, rules)
    if by_period(text, found, members):
        return False  # "1. Mục tiêu đến năm 2015" / "2. Mục tiêu đến năm 2020": goals partitioned by period
    # one closing "7. Tổ chức thực hiện" under a directive's six charges does not make them an outline
    return hits[0] or 2 * sum(hits) >= len(hits)


def item_line(text: str, label: Label) -> str:
    """The line an item's words stand on, from its first word (its label left out)."""
    line_end = text.find("\n", label.text_start)
    return text[label.text_start : line_end if line_end != -1 else len(text)]


def by_period(text: str, found: list[Label], members: list[int]) -> bool:
    """Whether a list's items are headings that partition the goals by period, each a short line naming
    its own year ("1. Mục tiêu đến năm 2015" / "2. Mục tiêu đến năm 2020", 1701 Hà Nội; "a) Mục tiêu cụ
    thể đến năm 2030" / "b) ... đến năm 2035" / "c) Tầm nhìn đến năm 2050", 2003 Thủ tướng Chính phủ):
    level-1 tasks (REVIEW.md T31, T2), not the plan's outline."""
    if len(members) < 2:
        return False
    years = []
    for j in members:
        line = item_line(text, found[j])
        found_years = regex.findall(r"(?<!\d)(?:19|20)\d\d(?!\d)", line)
        if not found_years or len(line.split()) > PERIOD_WORDS:
            return False
        years.append(found_years[-1])
    return len(set(years)) == len(years)


def headings(text: str, found: list[Label], members: list[int], rules: RuleSet) -> list[bool]:
    """For each item, whether its line is a heading of the plan's structure or a field of one activity."""
    conf = rules.settings("tasks")
    heading = rf"(?:\p{{L}}+\s+){{0,2}}?(?:{conf.pattern('structure')})\s*[:.]?\s*"
    colon = rf"(?:[ \t]+\p{{Ll}}+){{0,{FIELD_WORDS}}}[ \t]*:"  # "Đối tượng thụ hưởng:"
    field = rf"(?:{conf.pattern('fields')})(?:{colon}|(?:\s+\S+){{0,{SHORT_HEADING}}}\s*$)"
    hits = []
    for j in members:
        line = item_line(text, found[j]).strip()
        hits.append(
            bool(
                rx.fullmatch(heading, line, regex.IGNORECASE, timeout=1.0)
                or rx.match(field, line[:200], regex.IGNORECASE, timeout=1.0)
                or rx.match(conf.pattern("goal_heading"), line[:80], timeout=1.0)
            )
        )
    return hits


def field_items(text: str, found: list[Label], members: list[int], rules: RuleSet) -> list[bool]:
    """For each item, whether it gives a field of the activity its siblings describe, a field word and a few
    words closed by a colon ("2/ Thời gian treo cờ tổ quốc: Từ ngày 30/4/2025 ...", 2375; "1. Địa điểm
    tiếp công dân: Tại phòng họp ...", 2413; "3. Địa điểm tiếp nhận ý kiến đóng góp:", 3942): no task
    (REVIEW.md T22), unless a deadline follows the colon (a step: "Thời gian công dân đăng ký: Trước ngày
    15 ...", 2409) or every item of the list is one (`fields` reads that outline)."""
    words = rf"(?:[ \t]+[^\s:]+){{0,{FIELD_ITEM_WORDS}}}[ \t]*:"
    field = rf"(?:{rules.settings('tasks').pattern('field_item')}){words}"
    firm = rules.settings("assignments").pattern("firm_markers")
    hits = []
    for j in members:
        line = item_line(text, found[j]).strip(" *_")[:200]
        match = rx.match(field, line, regex.IGNORECASE, timeout=1.0)
        value = line[match.end() :].strip() if match else ""
        hits.append(bool(match) and not rx.match(firm, value, regex.IGNORECASE, timeout=1.0))
    return hits if not all(hits) else [False] * len(hits)


def restarted(text: str, found: list[Label], i: int, last: tuple[int, int] | None, rules: RuleSet) -> bool:
    """Whether the list at found[i] goes on with the task list just before it, numbered again from 1 by the
    page after a paragraph of the last item ("2. Trưởng các khóm ..." / "Thường xuyên kiểm tra ..." / "1.
    Giao Công chức Văn hóa-Xã hội ...", gold 2301): the same style, no label of its rank or higher between,
    two items or more, and only a paragraph between (`paragraph_between`)."""
    if last is None or last[0] != i:
        return False
    members = run_from(found, i)
    return len(members) >= 2 and paragraph_between(text, found, last[1], members, rules)


def paragraph_between(text: str, found: list[Label], prev: int, members: list[int], rules: RuleSet) -> bool:
    """Whether only sentences stand between item found[prev] and the list numbered again from 1 at
    found[members[0]]: a short stretch, the last line ending in a full stop (not "Thành phần:", not "Điều 2.
    Giao Giám đốc Sở ...", 2000), no heading in capitals, its items in sentence case and no field headings."""
    head, before = found[members[0]], found[prev]
    if before.style != head.style or head.start - before.start > RESTART_GAP:
        return False
    line_start = text.rfind("\n", 0, head.start) + 1
    gap = text[text.find("\n", before.text_start) + 1 : line_start].strip()
    lines = [line.strip(" \t*_#") for line in gap.split("\n") if line.strip(" \t*_#")]
    if not lines or not lines[-1].endswith(".") or any(capitals(line) for line in lines):
        return False
    if rx.search(rules.settings("tasks").pattern("rough_label"), gap, timeout=1.0):
        return False
    if any(headings(text, found, members, rules)):
        return False
    return not capitals(text[head.text_start : head.text_start + 80].split("\n")[0])


def renumbered(text: str, found: list[Label], members: list[int], rules: RuleSet) -> list[int]:
    """The list's items with a "1." the run read as a stray number where the page numbered the list again
    ("1. Chủ tịch HĐND huyện tiếp công dân ..." / "Thời gian: ..." / "1. Thời gian công dân đăng ký ..." /
    "2. UBND các xã ...", gold 2409): a "1." right before item 2, after a paragraph of item 1."""
    if len(members) < 2 or found[members[1]].n != 2:
        return members
    ones = [j for j in range(members[0] + 1, members[1]) if found[j].style == found[members[0]].style]
    if len(ones) != 1 or found[ones[0]].n != 1:
        return members
    if not paragraph_between(text, found, members[0], [ones[0], *members[1:]], rules):
        return members
    return [members[0], ones[0], *members[1:]]


def is_list(text: str, found: list[Label], members: list[int], rules: RuleSet) -> bool:
    """Two items or more; or one item when the text is cut off right after it (an excerpt)."""
    if cut_period(text, found, members, rules):
        return True
    if is_outline(text, found, members, rules):
        return False
    return len(members) >= 2 or cut_off(text, found, members, rules)


def cut_period(text: str, found: list[Label], members: list[int], rules: RuleSet) -> bool:
    """Whether a one-item list is the first of the period headings that partition the goals (`by_period`), the
    excerpt breaking off under it before the next one: no label after it ("2. Mục tiêu cụ thể" / "2.1. Giai
    đoạn 2021 - 2025" / "* Mục tiêu 1: ...", 513 Cà Mau; "2.1. Giai đoạn 2018-2020:" / "- Duy trì ...", 710
    Lào Cai); not one over lettered goals of its own ("1. Mục tiêu cơ bản đến năm 2025" / "a) ...", 1809)."""
    if len(members) != 1 or members[0] + 1 != len(found) or not cut_off(text, found, members, rules):
        return False
    line = item_line(text, found[members[0]])
    return len(line.split()) <= PERIOD_WORDS and regex.search(r"(?<!\d)(?:19|20)\d\d(?!\d)", line) is not None


def cut_off(text: str, found: list[Label], members: list[int], rules: RuleSet) -> bool:
    """Whether a one-item list is the start of a list the text breaks off (an excerpt): no label of its rank
    or higher after it, and the text ends soon after it. A lone part ("I." or "A.") is a heading of the
    document's outline unless it names work (`action_opening`: "I. Tiếp tục quán triệt ...", 4100) or, a
    Roman one, holds a list of its own ("I. TỔ CHỨC ÔN THI" / "1. Tăng cường ...", 3702): not "I. GIỚI
    THIỆU NHÀ TRƯỜNG" over a paragraph (4301), "I. Về hiện trạng huyện Sa Pa" (4330), "I. NHU CẦU XÉT
    TUYỂN ..." over a table (4334), "A. NHỮNG THÔNG TIN CƠ BẢN" over "I. Đặc điểm tình hình" (4044) or "A.
    TRUYỀN THÔNG NHỮNG CHỦ TRƯƠNG ..." over the documents it lists (1654): a part letter divides the
    document into parts."""
    head = found[members[0]]
    later = any(RANK[f.style] <= RANK[head.style] for f in found[members[0] + 1 :])
    if len(members) != 1 or later or len(text) - head.text_start > TAIL_CHARS:
        return False
    if RANK[head.style] > RANK["roman"] or (head.style == "roman" and members[0] + 1 < len(found)):
        return True
    pattern = rules.settings("tasks").pattern("action_opening")
    return bool(rx.match(pattern, text[head.text_start : head.text_start + 200], timeout=1.0))


def item_tree(
    text: str, found: list[Label], k: int, stop: int, end: int, rules: RuleSet, introduced_lead: bool = False
) -> list[Task]:
    """A level-1 item (found[k]) and its level-2 items (labels up to found[stop]); `introduced_lead`: the
    sentence introducing the list names a lead (to_task)."""
    stop_at = found[stop].start if stop < len(found) else len(text)
    head = found[k]
    subs = sub_items(found, k + 1, stop, head)
    fields = fielded(text, found, subs, stop, rules) if subs else None
    if fields is not None:
        subs = fields[0]
    elif subs and is_outline(text, found, subs, rules):
        subs = []  # "a) Mục tiêu" / "b) Nhiệm vụ": headings inside the item, not its sub-tasks
    first_sub = found[subs[0]].start if subs else stop_at
    top = to_task(text, head, item_end(text, found, k, end), 1, None, first_sub, rules, introduced_lead)
    if fields is not None and fields[1].lead is not None:  # fields that name a doer assign the item
        top = replace(top, lead=fields[1].lead, partners=fields[1].partners, due=fields[1].due or top.due)
    elif fields is not None:  # fields naming no doer keep the lead the item's own text names
        top = replace(top, due=fields[1].due or top.due)
    children = []
    for n, j in enumerate(subs):
        scope = found[subs[n + 1]].start if n + 1 < len(subs) else stop_at
        item_stop = item_end(text, found, j, end)
        child = to_task(text, found[j], item_stop, 2, top.label, scope, rules, introduced_lead)
        children.append(child)
    children = assignments.item_heads(shared(children, rules), False, rules)
    leads = {child.lead for child in children}
    if top.lead is None and len(leads) == 1:  # every sub-item names the same body: it leads the item
        top = replace(top, lead=leads.pop())
    own = top.due  # the due its own lines or heading write: what its sub-items inherit
    dated = [child.due for child in children if child.due and assignments.firm_due(child.due, rules)]
    if top.due is None and dated:  # the latest deadline its sub-items set (REVIEW.md T4)
        top = replace(top, due=assignments.latest(dated))
    # every sub-item recurs alike ("thường xuyên hằng năm"): so does the item
    cycles = {child.due.recurring if child.due else None for child in children}
    if top.due is None and len(children) > 1 and len(cycles) == 1 and None not in cycles:
        top = replace(top, due=children[0].due)
    return [top, *(inherit(child, replace(top, due=own)) for child in children)]


def headed(trees: list[list[Task]], announced: bool, rules: RuleSet) -> list[list[Task]]:
    """The item trees of one list, each item that opens with a name and a colon led by it as its siblings are
    (assignments.item_heads), its sub-items without a lead of their own with it."""
    tops = assignments.item_heads([tree[0] for tree in trees], announced, rules)
    return [
        [
            top,
            *(
                child if child.lead or top.lead is tree[0].lead else replace(child, lead=top.lead)
                for child in tree[1:]
            ),
        ]
        for top, tree in zip(tops, trees, strict=True)
    ]


def shared(items: list[Task], rules: RuleSet) -> list[Task]:
    """Items with neither lead nor deadline take the assignment lines ("- Cơ quan thực hiện: ...", "- Thời
    gian thực hiện: ...") of the next item whose own text ends in them and names no lead before them: the
    lines close a block of items (REVIEW.md V's convention 2, 1922 "3.1. ... 3.4." then the lines)."""
    fields = rules.settings("assignments").pattern("shared_fields")
    out: list[Task] = []
    carry: Task | None = None
    for item in reversed(items):
        at = rx.search(fields, item.text, regex.IGNORECASE, timeout=1.0)
        if at is not None and (item.lead or item.due):
            own = assignments.item_assignment(item.text[: at.start()], rules)
            carry = None if own.lead or own.due else item
        elif carry is not None and not (item.lead or item.due):
            item = replace(item, lead=carry.lead, partners=carry.partners, due=carry.due)
        else:
            carry = None
        out.append(item)
    return out[::-1]


def fielded(
    text: str, found: list[Label], subs: list[int], stop: int, rules: RuleSet
) -> tuple[list[int], assignments.Assignment] | None:
    """When an item's sub-items are the fields of one task ("1. Nội dung, biện pháp", "2. Cơ quan chủ trì",
    "3. Thời gian thực hiện: ..."): the items under its content field, and the assignment the others give."""
    conf = rules.settings("assignments").section("item_fields")
    content: list[int] | None = None
    lead: str | None = None
    partners: tuple[str, ...] = ()
    due = None
    for n, j in enumerate(subs):
        nxt = subs[n + 1] if n + 1 < len(subs) else stop
        block = text[found[j].text_start : found[nxt].start if nxt < len(found) else len(text)]
        line = block.split("\n")[0].strip(" *_")
        if rx.match(conf.pattern("content"), line, regex.IGNORECASE, timeout=1.0) and content is None:
            content = sub_items(found, j + 1, nxt, found[j])
        elif rx.match(conf.pattern("lead"), line, regex.IGNORECASE, timeout=1.0):
            lead, partners = assignments.field_bodies(block, rules)
        elif rx.match(conf.pattern("due"), line, regex.IGNORECASE, timeout=1.0):
            due = assignments.item_due(block, rules)
    if content is None or (lead is None and due is None):
        return None
    return content, assignments.Assignment(lead, partners, due)


def closing_due(
    text: str, found: list[Label], members: list[int], end: int, rules: RuleSet
) -> assignments.Due | None:
    """The time the lines closing a list give all its items ("3. Tháo dỡ những khẩu hiệu đã hết thời hạn." /
    "Thời gian trang trí, tuyên truyền:" / "- ... đến hết ngày 05/9/2024."): only when the last item is one
    sentence on its line and nothing of its own follows it but that heading."""
    last = found[members[-1]]
    if len(members) < 2 or any(f.start > last.start for f in found[members[-1] + 1 :] if f.start < end):
        return None  # the last item has sub-items: a time under it is its own
    line_end = text.find("\n", last.text_start, end)
    if line_end == -1 or not text[last.text_start : line_end].rstrip(" *_").endswith((".", ";")):
        return None
    return assignments.closing_due(text[line_end + 1 : end], rules)


def linked(text: str, found: list[Label], tasks: list[Task], rules: RuleSet) -> list[Task]:
    """Items the "Tổ chức thực hiện" section assigns by number ("Sở Y tế: chủ trì ... tại mục II.1") get that
    lead when they have none of their own; "II.1" is item 1. of the list under Roman heading II."""
    charges = assignments.section_charges(text, rules) if "mục" in text else {}
    if not charges:
        return tasks
    romans = [(label.start, label.label.rstrip(".)")) for label in found if label.style == "roman"]

    def number(task: Task) -> str:
        roman = next((r for start, r in reversed(romans) if start < task.start), "")
        return f"{roman}.{task.label.rstrip('.)')}"

    return [
        replace(t, lead=charges[number(t)]) if t.level == 1 and not t.lead and number(t) in charges else t
        for t in tasks
    ]


def named(task: Task, rules: RuleSet, province: str | None) -> Task:
    """The task with its lead and partners as names one can count across plans (patterns/agencies.yml)."""
    if not task.lead and not task.partners:
        return task
    lead = assignments.agency_name(task.lead, rules, province)
    partners = tuple(filter(None, (assignments.agency_name(p, rules, province) for p in task.partners)))
    return replace(
        task, lead_name=lead, lead_now=assignments.successor(lead, rules, task.text), partner_names=partners
    )


def directed(text: str, found: list[Label], members: list[int], rules: RuleSet) -> bool:
    """Whether a sentence ending in ":" right above a list sets out work and every item (two or more) opens
    with a verb of doing it ("... cụ thể như sau:" / "1. Tuyên truyền sâu rộng ..." / "2. Cụ thể hóa ...",
    3243 Liên minh HTX Việt Nam; "Trong đó, cần tập trung:" / "1/ Tiếp tục tuyên truyền ...", 3535 a Party
    bulletin, Kon Tum; `action_opening`): the items are charges whatever words the sentence uses. One item
    will do where the text breaks off after it (`cut_off`: "... với những nội dung sau:" / "I. Tiếp tục quán
    triệt ...", 4100; "... thực hiện các nội dung sau:" / "I. Kiểm tra lại hồ sơ ...", 2603). Not a
    heading line (short, labelled or in capitals), nor a sentence that reports ("đã", "kết quả",
    `schedule_not`) or heads what holds no task (`not_triggers`)."""
    if len(members) < 2 and not cut_off(text, found, members, rules):
        return False
    conf = rules.settings("tasks")
    last = sentence_above(text, found[members[0]])
    if last is None or not last.endswith(":") or not announcing_sentence(last, rules):
        return False
    pattern = conf.pattern("action_opening")
    return all(
        rx.match(pattern, text[found[j].text_start : found[j].text_start + 200], timeout=1.0) for j in members
    )


def sentence_above(text: str, head: Label) -> str | None:
    """The line right above a list's first label, stripped of markup (the sentence that introduces the list),
    or None when the label stands inline after words of its own line (an inline "(1)": that line is its
    sentence)."""
    line_start = text.rfind("\n", 0, head.start) + 1
    if text[line_start : head.start].strip(" \t*_#-–"):
        return None
    return text[:line_start].rstrip().split("\n")[-1].strip(" \t*_#")


def told(text: str, found: list[Label], members: list[int], rules: RuleSet) -> bool:
    """Whether the document's own sentence right above an Arabic list tells what it asks or what will be done,
    ending "như sau:" / "sau đây:" (`own_announce`): "Sở GDĐT hướng dẫn các đơn vị tổ chức Kỷ niệm ... như
    sau:" (6094, Bình Dương), "Con xin thông báo đến quý cha 2 việc sau đây:" (6061, Tiền Giang), "...
    Bệnh viện Đà Nẵng sẽ thực hiện như sau:" (4901): the items are what the document sets, whatever their
    first word (`directed` wants a verb of doing). Two items or more, none in capitals; not a sentence that
    issues a plan, reports or heads what holds no task (`roman_sentence_not`, `announcing_sentence`), nor a
    decision's "quyết định ... như sau:" (5790)."""
    head = found[members[0]]
    if head.style != "arabic" or len(members) < 2:
        return False
    above = sentence_above(text, head)
    if above is None:
        return False
    last = " ".join(above.split())
    conf = rules.settings("tasks")
    if not rx.search(conf.pattern("own_announce"), last[-300:], regex.IGNORECASE, timeout=1.0):
        return False
    if not announcing_sentence(last, rules):
        return False
    if rx.search(conf.pattern("roman_sentence_not"), last, regex.IGNORECASE, timeout=1.0):
        return False
    return not any(capitals(item_line(text, found[j])) for j in members)


def labelled(line: str, rules: RuleSet) -> bool:
    """Whether a line opens with a list label of any style ("1. Mục đích:", "a) ...", "II. ...")."""
    return any(rule.compiled.match(line, timeout=1.0) for rule in rules.of("tasks") if "style" in rule.params)


def announcing_sentence(line: str, rules: RuleSet) -> bool:
    """Whether the line over a list reads as a sentence that may announce it (`directed`, `announced_above`):
    no heading ("Ghi chú:", "KẾT LUẬN:" short or in capitals; "1. Mục đích:" over "a) Nâng cao ...", a heading
    of the plan's structure), nor a sentence that reports ("đã", "kết quả", `schedule_not`) or heads what
    holds no task (`not_triggers`)."""
    if capitals(line) or len(line.split()) < ANNOUNCE_WORDS or labelled(line, rules):
        return False
    conf = rules.settings("tasks")
    tail = line[-200:]
    if rx.search(conf.pattern("schedule_not"), tail, regex.IGNORECASE, timeout=1.0):
        return False
    return not rx.search(conf.pattern("not_triggers"), tail[-120:], regex.IGNORECASE, timeout=1.0)


def announced_above(text: str, found: list[Label], members: list[int], rules: RuleSet) -> bool:
    """Whether an announcing clause the triggers do not read introduces the list: written short at the end of
    the sentence right over it, without its colon or its "sau" ("..., cụ thể" / "1.Tiếp xúc cử tri ...", 2402
    HĐND huyện Phù Ninh, Phú Thọ; "..., cụ thể như:"; `announce_clause`), or ending a sentence one paragraph
    above it, the paragraph between being the body of a heading the page lost ("... ban hành Kế hoạch triển
    khai như sau:" / "Đánh giá hài lòng ..." / "2.1. Thống nhất tiêu chí ...", 1581 thuviennhadat.vn, TP Hồ
    Chí Minh; "... với các nội dung cụ thể như sau:" / "Nâng cao nhận thức ..." / "1. Cải thiện tình trạng
    dinh dưỡng ...", 302 hethongphapluat.vn, Cần Thơ; `roman_sentence`). The paragraph between is a sentence
    of its own: no heading, no label, no colon at its end. Not a sentence that reports or heads what holds no
    task (`announcing_sentence`)."""
    head = found[members[0]]
    if head.style == "roman":
        return False
    line_start = text.rfind("\n", 0, head.start) + 1
    if text[line_start : head.start].strip(" \t*_#-–"):
        return False
    lines = [line.strip(" \t*_#") for line in text[:line_start].rstrip().split("\n")[-6:] if line.strip()]
    if not lines:
        return False
    intro = clause_above(lines, rules)
    return intro is not None and announcing_sentence(intro, rules)


def clause_above(lines: list[str], rules: RuleSet) -> str | None:
    """The sentence whose announcing clause speaks for a list, of the last lines over it (`announced_above`):
    the line right over it when its clause is written short (`announce_clause`), else the line over a
    paragraph that is no heading when that line ends "như sau:" (`roman_sentence`)."""
    conf = rules.settings("tasks")
    if rx.search(conf.pattern("announce_clause"), lines[-1][-200:], timeout=1.0):
        return lines[-1]
    if len(lines) < 2:
        return None
    intro, between = lines[-2], lines[-1]
    if between.endswith(":") or capitals(between) or len(between.split()) < 2 * ANNOUNCE_WORDS:
        return None
    if labelled(between, rules):
        return None  # "1. Mục tiêu chung" over its paragraph: the heading is there
    return intro if rx.search(conf.pattern("roman_sentence"), intro[-200:], timeout=1.0) else None


def closes_text(text: str, found: list[Label], members: list[int], rules: RuleSet) -> bool:
    """Whether an Arabic list is the whole body of a short notice or letter: no label stands before it, each
    item (two or more) is a sentence in sentence case, and the document's closing follows its last item within
    a few lines (`closing_line`: the "./." that ends an administrative text, "Trân trọng ..."): "... nhà
    trường đề nghị: ..." / "1. Cán bộ - giáo viên tiếp tục ..." / ... / "Trân trọng!" (3902); "BGH quyết
    định:" / "1) Hoãn đợt tập quân sự ..." / "Trân trọng thông báo!" (3904); "TRƯỜNG THPT VÕ GIỮ THÔNG BÁO" /
    "1. Học sinh toàn trường nghỉ học ..." / "... thực hiện Thông báo này./." (3903). Not a list that reports
    (`schedule_not` on the line over it) nor one under what holds no task (`not_triggers`)."""
    head = found[members[0]]
    if head.style != "arabic" or len(members) < 2 or members[0] > 0:
        return False
    conf = rules.settings("tasks")
    for j in members:
        line = item_line(text, found[j]).strip(" *_")
        if len(line.split()) < ANNOUNCE_WORDS or not regex.match(r"\p{Lu}", line) or line.endswith(":"):
            return False
        if capitals(line):
            return False  # "1. MỤC ĐÍCH, YÊU CẦU CỦA ...": a heading
    line_start = text.rfind("\n", 0, head.start) + 1
    over = text[:line_start].rstrip().split("\n")[-1][-200:]
    if rx.search(conf.pattern("schedule_not"), over, regex.IGNORECASE, timeout=1.0):
        return False
    if rx.search(conf.pattern("not_triggers"), over[-120:], regex.IGNORECASE, timeout=1.0):
        return False
    last = found[members[-1]]
    line_end = text.find("\n", last.text_start)
    if line_end == -1:
        return False
    after = [line.strip() for line in text[line_end : line_end + CLOSING_CHARS].split("\n") if line.strip()]
    closing = conf.pattern("closing_line")
    return any(rx.search(closing, line, regex.IGNORECASE, timeout=1.0) for line in after[:CLOSING_LINES])


def accepted(
    text: str, found: list[Label], i: int, members: list[int], last: tuple[int, int] | None, rules: RuleSet
) -> bool:
    """Whether the list at found[i] is a task list by what stands above it or by what its items are: a
    trigger, the plan's title, the text's opening, a programme, charges, work set out, a restart."""
    head = found[i]
    return (
        introduced(text, head, rules)
        or (len(members) >= 2 and titled(text, found, i, titles(text, rules), rules))
        or (len(members) >= 2 and opens_text(text, head))
        or scheduled(text, found, members, rules)
        or charges(text, found, members, rules)
        or directed(text, found, members, rules)
        or told(text, found, members, rules)
        or closes_text(text, found, members, rules)
        or announced_above(text, found, members, rules)
        or restarted(text, found, i, last, rules)
    )


def find_tasks(
    text: str, rules: RuleSet, tables: Sequence[Sequence[tuple[str, ...]]] = (), province: str | None = None
) -> tuple[Task, ...]:
    """The items of the plan's task lists (level 1, and level 2 under its parent), then the rows of its
    assignment tables (extract/tables.py). A flattened text is read with its outline at line starts
    (outline.py); each item's text is then taken from the text itself."""
    laid_out = outline.unflattened(text, rules)
    found = read_tasks(laid_out, rules, tables, province)
    if laid_out is text:
        return found
    return tuple(restored(text, laid_out, t) for t in found)


def restored(text: str, laid_out: str, task: Task) -> Task:
    """A task read on the laid-out text, with its text taken from the text itself and, when the outline put
    its label at a line's start, the outline's rule as its provenance."""
    if task.text != laid_out[task.start : task.end]:
        return task  # a table's row: its text is its cells
    rule = outline.ITEM if outline.recovered(text, laid_out, task.label, task.start) else task.rule
    return replace(task, text=text[task.start : task.end], rule=rule)


def read_tasks(
    text: str, rules: RuleSet, tables: Sequence[Sequence[tuple[str, ...]]], province: str | None
) -> tuple[Task, ...]:
    """find_tasks on a text whose lists stand at line starts."""
    found = labels(text, rules)
    tasks: list[Task] = []
    used: set[int] = set()
    closed = closed_spans(text, found, rules) + reported_spans(text, found, rules)
    last: tuple[int, int] | None = None  # the label after the last task list, and that list's last item
    for i, head in enumerate(found):
        if i in used or head.n != 1 or any(a < head.start < b for a, b in closed):
            continue
        members = carried_on(text, found, renumbered(text, found, run_from(found, i), rules))
        on_agenda = agenda(text, found, members, rules)
        if run_on(text, found, members, rules):
            members = members[1:]  # "1. TRỌNG TÂM CÔNG TÁC" / "2. Tổ chức ...": Word numbered the heading too
            on_agenda = agenda(text, found, members, rules)
        elif not on_agenda and not accepted(text, found, i, members, last, rules):
            continue
        if not is_list(text, found, members, rules):
            continue
        after = below(found, members)
        end = found[after].start if after < len(found) else len(text)
        last = (after, members[-1])
        intro = assignments.intro_assignment(text, head.start, rules)
        intro = replace(intro, due=assignments.intro_due(text, head.start, rules))
        sitting = sitting_day(text, found, members, rules) if on_agenda else None
        intro = replace(intro, due=intro.due or sitting)
        # a closing "7. Tổ chức thực hiện" is no task; goal headings split by period are
        skipped = (
            [False] * len(members)
            if by_period(text, found, members) or cut_period(text, found, members, rules)
            else headings(text, found, members, rules)
        )
        skipped = [a or b for a, b in zip(skipped, field_items(text, found, members, rules), strict=True)]
        closing = closing_due(text, found, members, end, rules)
        trees = [  # each item, then its own level-2 items
            item_tree(text, found, k, stop, end, rules, intro.lead is not None)
            for k, stop, skip in zip(members, [*members[1:], after], skipped, strict=True)
            if not skip
        ]
        used.update(range(members[0], after))
        for tree in headed(trees, assignments.head_charged(text, head.start, rules), rules):
            items = [charged(item, intro) for item in tree]
            tasks += [replace(t, due=t.due or closing) if t.level == 1 else t for t in items]
    tasks = linked(text, found, tasks, rules)
    tasks = assignments.with_time_off(text, tasks, rules)  # a holiday notice: "trong thời gian nghỉ"
    deepest = rules.settings("tasks").number("emit_levels", 1)
    flat, flat_spans = tables_.flat_table_tasks(text, rules)
    if flat:  # a flattened table's "1.1" lines are its rows, not a list of the text
        tasks = [t for t in tasks if not any(a <= t.start < b for a, b in flat_spans)]
    table_tasks = tables_.find_table_tasks(text, tables, rules)
    tasks, lined = written_tables(text, tasks, rules) if not table_tasks else (tasks, ())
    tasks += table_tasks + flat + lined
    return tuple(named(task, rules, province) for task in tasks if task.level <= deepest)


def written_tables(text: str, tasks: list[Task], rules: RuleSet) -> tuple[list[Task], tuple[Task, ...]]:
    """The rows of a table written as lines where no table (by layout or pipes) gave tasks: a PDF's cells one
    line each under a "TT" / "Tên nhiệm vụ" header (`line_table_tasks`), else a page's cells one a line under
    a header of short lines (`cell_table_tasks`); the text's list items inside them are dropped (its numbered
    lines are the table's rows, not a list of the text)."""
    lined, spans = tables_.line_table_tasks(text, rules)
    if not lined:
        lined, spans = tables_.cell_table_tasks(text, rules)
    if lined:
        tasks = [t for t in tasks if not any(a <= t.start < b for a, b in spans)]
    return tasks, lined
