"""What a plan assigns: chủ trì (lead), phối hợp (partners), thời hạn (due), sản phẩm (output).

Read from an item's own words ("Sở Y tế chủ trì, phối hợp với ...", "Cơ quan chủ trì: ...", "hoàn thành
trước ngày 30/6/2025") and from the cells of an assignment table (extract/tables.py). The regexes, the
table's column names and the deadline markers are in patterns/assignments.yml.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

import regex

from kehoach import rx
from kehoach.extract.bodies import written_out
from kehoach.records import Due, Recurrence, Task
from kehoach.rules import Rule, RuleSet

ROMAN_QUARTER = {"I": 1, "II": 2, "III": 3, "IV": 4}
# the named groups of assignments.due_recurring, one per recurrence of the contract
RECURRENCES: tuple[Recurrence, ...] = ("continuous", "yearly", "quarterly", "monthly")
DUE_WINDOW = 80  # characters after a deadline marker read for its date
MAX_DUE_TEXT = 160
NAMED_CHARS = 120  # characters before a deadline marker read for a programme's name
INTRO_CHARS = 400  # characters before a list read for the sentence that introduces it
CLOSING_CHARS = 600  # characters of a list's closing time read for its deadline
TIME_OFF_DAYS = 14  # a notice's time off lasts at most this many days before its last one
HEADING_WORDS = 6  # an item this short that names a period is a heading of the tasks due in it


@dataclass(frozen=True)
class Assignment:
    lead: str | None = None
    partners: tuple[str, ...] = ()
    due: Due | None = None
    line_lead: str | None = None  # the body under the item's title line: weaker than the list's sentence


def split_bodies(text: str | None, rules: RuleSet, commas: bool = True) -> list[str]:
    """'Sở Tài chính; UBND các huyện' -> two bodies, at patterns/assignments.yml `body_separator`, or at
    `cell_body_separator` when `commas` is False (a table cell: "UBND các xã, phường" is one body)."""
    if not text:
        return []
    separator = rules.settings("assignments").pattern("body_separator" if commas else "cell_body_separator")
    parts = rx.compiled(separator).split(text.strip().rstrip("."))
    return [p.strip(" .-") for p in parts if p and p.strip(" .-")]


def interpret(rule: Rule, match: regex.Match[str], rules: RuleSet) -> dict[str, Any]:
    groups = match.groupdict()
    if rule.id == "table_row":
        return {"label": groups["label"], "group": bool(groups.get("group"))}
    if rule.id == "table_group":
        return {"label": groups["label"]}
    if rule.id == "section_charge":
        items = rx.findall(rules.settings("assignments").pattern("section_item"), groups["items"])
        return {"lead": groups["lead"].strip(), "items": items}
    if rule.id == "horizon_heading":
        return {"by": groups["year"]}
    if rule.id.startswith("due_"):
        by, recurring = normalize_due(rule, match)
        return {"by": by, "recurring": recurring}
    out: dict[str, Any] = {}
    lead = groups.get("lead") or groups.get("lead2") or groups.get("lead3")
    if lead:
        lead = lead.strip(" *_")
        out["lead"] = lead[:1] + lead[1:].lower() if lead.isupper() else lead  # from a heading in capitals
    if groups.get("partners"):
        out["partners"] = split_bodies(groups["partners"], rules)
    return out


def normalize_due(rule: Rule, match: regex.Match[str]) -> tuple[str | None, Recurrence | None]:
    g = match.groupdict()
    if rule.id == "due_recurring":
        return None, next(recurrence for recurrence in RECURRENCES if g.get(recurrence))
    year = g["year"]
    if rule.id == "due_date":
        return real_by(f"{year}-{int(g['month']):02d}-{int(g['day']):02d}"), None
    if rule.id == "due_quarter":
        q = g["quarter"].upper()
        if q not in ROMAN_QUARTER and not q.isdigit():
            q = str(len(q))  # "LII": strokes the OCR misread, one each
        return real_by(f"{year}-Q{ROMAN_QUARTER.get(q, q)}"), None
    if rule.id == "due_month":
        return real_by(f"{year}-{int(g['month']):02d}"), None
    return year, None


def real_by(by: str) -> str | None:
    """A normalized deadline that names a real day, month or quarter, else None: an OCR'd or mistyped
    "30/86/2025" or "Quý 7" sets no deadline (and would stop the store's date arithmetic)."""
    parts = by.split("-")
    if len(parts) == 2 and parts[1].startswith("Q"):
        return by if 1 <= int(parts[1][1:]) <= 4 else None
    try:
        datetime.date(int(parts[0]), int(parts[1]), int(parts[2]) if len(parts) == 3 else 1)
    except ValueError:
        return None
    return by


def moment(by: str) -> tuple[int, int, int]:
    """The last day a normalized deadline allows, for comparing them: '2025-Q2' -> (2025, 6, 31)."""
    parts = by.split("-")
    year = int(parts[0])
    if len(parts) == 1:
        return (year, 12, 31)
    if parts[1].startswith("Q"):
        return (year, 3 * int(parts[1][1:]), 31)
    return (year, int(parts[1]), int(parts[2]) if len(parts) == 3 else 31)


def deadlines(text: str, rules: RuleSet) -> Iterator[tuple[regex.Match[str], str | None, Recurrence | None]]:
    """Every deadline phrase of a short text, once (by, or recurrence); a date after "từ" is a start."""
    taken: list[tuple[int, int]] = []
    starts = rx.compiled(rules.settings("assignments").pattern("span_start"), regex.IGNORECASE)
    for rule in rules.of("assignments"):
        if not rule.id.startswith("due_"):
            continue
        for match in rule.finditer(text):
            if any(a < match.end() and match.start() < b for a, b in taken):
                continue  # "giai đoạn 2021-2025" read once, not again as "năm ..."
            taken.append(match.span())
            if rule.id != "due_recurring" and starts.search(text, 0, match.start()):
                continue  # "Từ năm 2013 (đến năm 2020)": when it starts, not its deadline
            by, recurring = normalize_due(rule, match)
            if by is not None or recurring is not None:
                yield match, by, recurring


def read_due(text: str, rules: RuleSet, year: int | None = None) -> tuple[str | None, Recurrence | None, int]:
    """(by, recurring, end of the last deadline read) of a short phrase: the latest date written, else a
    recurrence; a day and month with no year take `year` (a table column headed "Thời gian (Năm 2026)")."""
    best: tuple[str, int] | None = None
    recurring: Recurrence | None = None
    stop = 0
    for match, by, again in deadlines(text, rules):
        if again:
            recurring = recurring or again
        elif by and (best is None or moment(by) > moment(best[0])):
            best = (by, match.end())
        stop = max(stop, match.end())
    if best is None and year and recurring is None:
        day_month = rx.search(rules.settings("assignments").pattern("day_month"), text)
        if day_month and 1 <= int(day_month["m"]) <= 12:
            return f"{year}-{int(day_month['m']):02d}-{int(day_month['d']):02d}", None, day_month.end()
    if best is not None:
        return best[0], None, best[1]
    return None, recurring, stop


def cell_due(cell: str, rules: RuleSet, year: int | None = None) -> Due | None:
    """The deadline of a table's Thời gian cell; a cell that only points elsewhere gives none."""
    cell = cell.strip()
    conf = rules.settings("assignments")
    if not cell or rx.match(conf.pattern("pointer"), cell, regex.IGNORECASE):
        return None
    months = rx.match(conf.pattern("cell_month"), cell)
    month = real_by(f"{months['year']}-{int(months['month']):02d}") if months else None
    if month:  # "10-11/2019": a span of months, not the 10th of November
        return Due(cell[:MAX_DUE_TEXT], month, None)
    by, recurring, _ = read_due(cell, rules, year)
    bare = rx.match(conf.pattern("cell_year"), cell)
    if by is None and recurring is None and bare:
        by = bare["year"]
    if by is None and recurring is None:
        return None
    return Due(cell[:MAX_DUE_TEXT], by, recurring)


def item_due(text: str, rules: RuleSet) -> Due | None:
    """The latest deadline an item's own text sets after a marker ("Thời gian thực hiện:", "trước ngày",
    "đến năm"); a year that only names a thing ("kế hoạch năm 2026") is not one."""
    conf = rules.settings("assignments")
    text = rx.sub(conf.pattern("split_letters"), "", text, timeout=1.0)  # "Đ ế n năm 2020": "Đến năm 2020"
    markers, named = conf.pattern("due_markers"), conf.pattern("named_period")
    found: Due | None = None
    firm = conf.pattern("firm_markers")
    for hit in rx.finditer(markers, text, regex.IGNORECASE):
        if not rx.match(firm, hit.group(0), regex.IGNORECASE) and rx.search(
            named, text[max(0, hit.start() - NAMED_CHARS) : hit.start()], regex.IGNORECASE
        ):
            continue  # "Chương trình ... đến năm 2030": the programme's name, not a deadline
        window = text[hit.end() : hit.end() + DUE_WINDOW].split("\n")[0]
        by, recurring, end = read_due(window, rules)
        if by is None and recurring is None:
            continue
        due = Due(text[hit.start() : hit.end() + end].strip(" .,;:"), by, recurring)
        if found is None or (by and (found.by is None or moment(by) >= moment(found.by))):
            found = due
    return found or item_recurrence(text, rules)


def schedule_due(text: str, rules: RuleSet) -> Due | None:
    """An item with no deadline marker whose bullet lines each give a full day ("- Ngày 20/02/2024: Khai
    mạc", "+ Khối 1: Tập trung 7 giờ 00 phút, ngày 21/8/2023", `schedule_day`): its programme, due on the last
    of them (REVIEW.md T4: the latest deadline in the item's block)."""
    found: Due | None = None
    for hit in rx.finditer(rules.settings("assignments").pattern("schedule_day"), text, regex.IGNORECASE):
        by, _, _ = read_due(hit["day"], rules)
        if by and (found is None or moment(by) > moment(found.by or "")):
            found = Due(text[hit.start("text") : hit.end("day")], by, None)
    return found


def latest(dues: list[Due]) -> Due | None:
    """The latest of dated deadlines (a task's, from those of its sub-items or its steps: REVIEW.md T4)."""
    return max(dues, key=lambda due: moment(due.by or "")) if dues else None


def firm_due(due: Due, rules: RuleSet) -> bool:
    """A dated deadline said with a marker that always sets one ("hoàn thành trong ...", "trước ngày ..."),
    not a horizon ("đến năm 2045")."""
    firm = rules.settings("assignments").pattern("firm_markers")
    return bool(due.by) and rx.match(firm, due.text, regex.IGNORECASE) is not None


def item_recurrence(text: str, rules: RuleSet) -> Due | None:
    """'Thường xuyên đánh giá ...' opening a line of the item: a continuous (or yearly ...) task."""
    markers = rules.settings("assignments").pattern("recurring_markers")
    hit = rx.search(markers, text, regex.IGNORECASE)
    if hit is None:
        return None
    found = rules.rule("assignments.due_recurring").compiled.match(text, hit.end(), hit.end() + 40)
    if found is None:
        return None
    _, recurring = normalize_due(rules.rule("assignments.due_recurring"), found)
    return Due(found.group(0), None, recurring)


def heading_due(text: str, rules: RuleSet) -> Due | None:
    """An item that is itself a period ("1. Quý I năm 2020", "Năm 2026") or a recurrence ("3. Nhiệm vụ thường
    xuyên"): the deadline of what it groups."""
    line = text.split("\n")[0].strip(" *_:")
    if not line or len(line.split()) > HEADING_WORDS:
        return None
    by, recurring, _ = read_due(line, rules)
    if recurring:
        found = rules.rule("assignments.due_recurring").search(line)
        return Due(found.group(0) if found else line, None, recurring)
    return Due(line, by, recurring) if by else None


def item_assignment(text: str, rules: RuleSet) -> Assignment:
    """Lead and partners from the item's own words (its "Cơ quan chủ trì:" lines first), and its deadline."""
    lead: str | None = None
    partners: list[str] = []
    for rule_id in (
        "lead_field",
        "partners_field",
        "lead_subject",
        "lead_clause",
        "lead_step",
        "lead_doer",
        "lead_roster",
    ):
        rule = rules.rule(f"assignments.{rule_id}")
        match = rule.search(text)
        if match is None:
            continue
        fields = interpret(rule, match, rules)
        lead = lead or fields.get("lead")
        partners = partners or fields.get("partners", [])
    lead = lead or bullet_lead(text, rules) or doer_list(text, rules) or titled_lead(text, rules)
    lead = lead or opening_lead(text, rules)
    later = None if lead else line_lead(text, rules) or sentence_lead(text, rules)
    return Assignment(lead, tuple(partners), item_due(text, rules) or schedule_due(text, rules), later)


def titled_lead(text: str, rules: RuleSet) -> str | None:
    """The body the sentence after the item's short title and colon opens with ("2.1. Tiếp công dân thường
    xuyên: Chánh Văn phòng Sở thực hiện ...", `title_colon`), read as the item's own opening."""
    title = rx.match(rules.settings("assignments").pattern("title_colon"), text, timeout=1.0)
    if title is None:
        return None
    rest = text[title.end() :]
    rule = rules.rule("assignments.lead_subject")
    match = rule.search(rest)
    return interpret(rule, match, rules).get("lead") if match else opening_lead(rest, rules)


def opening_lead(text: str, rules: RuleSet) -> str | None:
    """The staff or unit the item opens with before the verb of its charge ("Cán bộ - giáo viên tiếp tục ...",
    "Bộ phận Văn hóa - thông tin, ... thực hiện ...", `lead_opening`): the item's own subject, as a body
    opening it is (`lead_subject`), so it outranks the sentence introducing the list."""
    rule = rules.rule("assignments.lead_opening")
    match = rule.search(text)
    return interpret(rule, match, rules).get("lead") if match else None


def sentence_lead(text: str, rules: RuleSet) -> str | None:
    """The body a later sentence of the item's first paragraph opens with ("6. Triển khai đồng bộ các giải
    pháp ... Các địa phương rà soát ...", `lead_sentence`): weaker than the sentence introducing the list."""
    rule = rules.rule("assignments.lead_sentence")
    match = rule.search(text)
    return interpret(rule, match, rules).get("lead") if match else None


def doer_list(text: str, rules: RuleSet) -> str | None:
    """The bodies a doers' field lists as bullets ("1.3. Đơn vị thực hiện:" / "- Ban Tuyên giáo Huyện ủy." /
    "- Công An"), joined by "; "; none when no bullet follows the field."""
    head = rx.search(rules.settings("assignments").pattern("doer_list"), text, timeout=1.0)
    if head is None:
        return None
    bodies: list[str] = []
    for line in text[head.end() :].lstrip("\n").split("\n"):
        if not line.lstrip().startswith(("-", "+", "•")):
            if line.strip():
                break
            continue
        body = line.strip(" -+•\t").rstrip(" .;,")
        if body:
            bodies.append(body)
    return "; ".join(bodies) if bodies else None


def bullet_lead(text: str, rules: RuleSet) -> str | None:
    """The one body the item's "-" bullets charge ("- Sở Y tế chủ trì ..."); none when they charge several."""
    rule = rules.rule("assignments.lead_bullet")
    leads = {interpret(rule, match, rules).get("lead") for match in rule.finditer(text)}
    return leads.pop() if len(leads) == 1 else None


def line_lead(text: str, rules: RuleSet) -> str | None:
    """The body the sentence under the item's title line opens with ("6. Tỷ lệ ..." / "Ban Quản lý Khu
    kinh tế ... triển khai ..."); when that line is a bullet, the one body its bullets open with (several
    bodies: none, REVIEW.md T4)."""
    rule = rules.rule("assignments.lead_line")
    match = rule.search(text)
    if match is None:
        return None
    lead = interpret(rule, match, rules).get("lead")
    if not match.group(0).lstrip().startswith(("-", "+", "•")):
        return lead
    bullets = (line for line in text.split("\n")[1:] if line.lstrip().startswith(("-", "+", "•")))
    found = (rule.search("\n" + line) for line in bullets)
    leads = {interpret(rule, hit, rules).get("lead") for hit in found if hit is not None}
    return lead if leads == {lead} else None


def field_bodies(block: str, rules: RuleSet) -> tuple[str | None, tuple[str, ...]]:
    """Lead and partners from a task's "Cơ quan chủ trì, phối hợp" field: its "Cơ quan chủ trì: X" line, else
    its bullets ("- Ban Chỉ đạo quốc gia."), those after a "phối hợp" line being the partners."""
    found = rules.rule("assignments.lead_field").search(block)
    if found is not None:
        partners = rules.rule("assignments.partners_field").search(block)
        return found.group("lead").strip(), tuple(
            split_bodies(partners.group("partners"), rules) if partners else ()
        )
    partners_head = rules.settings("assignments").section("item_fields").pattern("partners")
    leads: list[str] = []
    partners_: list[str] = []
    into = leads
    for line in block.split("\n")[1:]:
        if rx.match(partners_head, line, regex.IGNORECASE, timeout=1.0):
            into = partners_
        elif line.lstrip().startswith(("-", "+", "•")):
            into.append(line.strip(" -+•").rstrip(" .;"))
    return (leads[0] if leads else None), tuple(partners_)


def intro_assignment(text: str, start: int, rules: RuleSet) -> Assignment:
    """The body the sentence just before a list charges with all of it (its items without a lead of their own
    get it): "đề nghị Ủy ban nhân dân các tỉnh ... chỉ đạo thực hiện các nội dung sau:", also read over the
    part headings between it and the list."""
    before = text[max(0, start - INTRO_CHARS) : start].rstrip(" *_#\n")
    rule = rules.rule("assignments.lead_intro")
    found = _charge(before, rule, rules)
    if found is None and (over := _over_headings(before, rules)):
        found = _charge(over, rule, rules)
    if found is None:
        return Assignment()
    fields = interpret(rule, found, rules)
    return Assignment(fields.get("lead"), tuple(fields.get("partners", ())))


def _charge(before: str, rule: Rule, rules: RuleSet) -> regex.Match[str] | None:
    """`lead_intro` in the last sentence of `before`."""
    sentence = rx.compiled(rules.settings("assignments").pattern("intro_sentence_end")).split(before)[-1]
    return rule.search(sentence)


def _over_headings(before: str, rules: RuleSet) -> str | None:
    """The text before the part headings that stand between a sentence announcing what follows ("... đề nghị
    các Sở GDĐT tập trung chỉ đạo, tổ chức thực hiện các nội dung sau:") and the list ("A. NHIỆM VỤ CHUNG"):
    up to two headings, and only when what precedes them ends in ":"; None otherwise."""
    lines = before.split("\n")
    heading = rx.compiled(rules.settings("assignments").pattern("intro_heading"))
    skipped = 0
    while len(lines) > 1 and skipped < 2 and heading.fullmatch(lines[-1]):
        lines.pop()
        skipped += 1
    announcing = "\n".join(lines).rstrip(" *_#")
    return announcing if skipped and announcing.endswith(":") else None


def intro_due(text: str, start: int, rules: RuleSet) -> Due | None:
    """The horizon the heading just before a list sets for all of it ("C. MỘT SỐ NỘI DUNG, GIẢI PHÁP TRỌNG TÂM
    TỪ NAY ĐẾN NĂM 2015"): the deadline of its items that write none of their own."""
    line = text[max(0, start - INTRO_CHARS) : start].rstrip(" *_#\n").split("\n")[-1]
    found = rules.rule("assignments.horizon_heading").search(line)
    if found is None:  # an unlabelled line that is a period ("QUÝ III/2021 (Tháng 7 – 9)", 3801)
        return heading_due(line, rules)
    horizon = rules.settings("assignments").pattern("horizon_words")
    words = rx.search(horizon, found.group(0), regex.IGNORECASE)
    return Due(words.group(0) if words else found.group(0), found["year"], None)


def closing_due(text: str, rules: RuleSet) -> Due | None:
    """The time a list's closing lines give all its items ("3. Tháo dỡ khẩu hiệu cũ." then "Thời gian trang
    trí, tuyên truyền:" / "- ... treo cờ từ ngày 31/8/2024 đến hết ngày 05/9/2024."): `text` runs from the
    end of the last item's sentence; the heading must open the next line; its latest deadline wins."""
    found = rx.match(rules.settings("assignments").pattern("closing_time"), text, regex.IGNORECASE)
    if found is None:
        return None
    block = text[found.end() : found.end() + CLOSING_CHARS].split("\n\n")[0]
    return item_due(block, rules)


def time_off(text: str, rules: RuleSet) -> tuple[str, str] | None:
    """The first and last day of the time off a notice announces ("được nghỉ Tết ... 07 ngày liên tục, từ
    ngày 14/02/2018 đến hết ngày 20/02/2018"): the latest full date of its `time_off` lines ends it, the
    earliest one at most `TIME_OFF_DAYS` before that starts it (an anniversary "(30/4/1975 - 30/4/2020)" on
    the line is no day off)."""
    conf = rules.settings("assignments")
    day = rules.rule("assignments.due_date")
    found: list[datetime.date] = []
    for hit in rx.finditer(conf.pattern("time_off"), text, regex.IGNORECASE, timeout=1.0):
        for match in day.finditer(hit.group(0)):
            try:
                found.append(datetime.date(int(match["year"]), int(match["month"]), int(match["day"])))
            except ValueError:
                continue
    if not found:
        return None
    end = max(found)
    start = min(d for d in found if (end - d).days <= TIME_OFF_DAYS)
    return start.isoformat(), end.isoformat()


def time_off_due(text: str, span: tuple[str, str], rules: RuleSet) -> Due | None:
    """An item of a holiday notice due "trong thời gian nghỉ", "trong dịp Tết" (the last day off) or "trước
    khi nghỉ Tết" (the day before the first), when the notice states its time off (2309 Sở TT&TT, 2306 UBND
    tỉnh, 2305 UBND huyện); the item that states it is due by its own last day off."""
    conf = rules.settings("assignments")
    hit = rx.search(conf.pattern("time_off_ref"), text, regex.IGNORECASE, timeout=1.0)
    if hit is None:  # the item that gives the time off ("được nghỉ 01 (một) ngày, ngày 01 tháng 01 năm 2021")
        own = time_off(text, rules)
        return Due(text.split("\n")[0][:MAX_DUE_TEXT].strip(" .;"), own[1], None) if own else None
    if hit["before"]:
        eve = datetime.date.fromisoformat(span[0]) - datetime.timedelta(days=1)
        return Due(hit.group(0), eve.isoformat(), None)
    return Due(hit.group(0), span[1], None)


def with_time_off(text: str, tasks: list[Task], rules: RuleSet) -> list[Task]:
    """The tasks of a holiday notice, each undated one that names the time off due by it (`time_off_due`)."""
    if all(task.due for task in tasks):
        return tasks  # nothing to date: the text is not read for a time off
    span = time_off(text, rules)
    if span is None:
        return tasks
    return [task if task.due else replace(task, due=time_off_due(task.text, span, rules)) for task in tasks]


def section_charges(text: str, rules: RuleSet) -> dict[str, str]:
    """What a "Tổ chức thực hiện" section organised by agency assigns by item number: {"II.1": "Sở Y tế"}."""
    rule = rules.rule("assignments.section_charge")
    charges: dict[str, str] = {}
    for match in rule.finditer(text):
        fields = interpret(rule, match, rules)
        for item in fields["items"]:
            charges.setdefault(item, fields["lead"])
    return charges


def agency_name(name: str | None, rules: RuleSet, province: str | None = None) -> str | None:
    """A lead or partner as one name across plans, written out as an issuer is (bodies.written_out): "Sở
    LĐTBXH" -> "Sở Lao động - Thương binh và Xã hội", "Trường THPT Chuyên" -> "Trường Trung học phổ thông
    Chuyên", "UBND tỉnh" -> "Ủy ban nhân dân tỉnh Lâm Đồng" (patterns/agencies.yml)."""
    if not name:
        return None
    expanded = written_out(name.strip(" .;"), rules)
    if province and rx.search(rules.settings("agencies").pattern("local_level"), expanded, timeout=1.0):
        expanded = f"{expanded} {province}"
    return expanded


def successor(name: str | None, rules: RuleSet, text: str = "") -> str | None:
    """The body that took over after the 2025 reorganisation, when patterns/agencies.yml knows it: the one a
    field of the task's `text` went to ("trẻ em": Sở Y tế for a Sở LĐTBXH task), else the one the body merged
    into."""
    if not name:
        return None
    conf = rules.settings("agencies")
    rest_pattern = conf.pattern("successor_rest", "$")
    for old, new in conf.table("successors").items():
        rest = name[len(old) :]
        if name[: len(old)].casefold() == old.casefold() and rx.match(rest_pattern, rest):
            for field in (conf.raw("by_function") or {}).get(old, ()):
                if text and rx.search(field["words"], text, regex.IGNORECASE, timeout=1.0):
                    new = field["now"]
                    break
            return str(new) + rest
    return None


def item_heads(items: list[Task], announced: bool, rules: RuleSet) -> list[Task]:
    """The items of one list that open with a short name and a colon ("1. Các Tổ dân phố: Triển khai ...",
    "3. Trạm truyền thanh phường:" / "- Xây dựng ...", `lead_head`), each led by its name whatever its first
    word, when two or more siblings open so and either one of them is a body its own words already lead by
    that name ("5. Công an phường: ...") or the sentence over the list charges naming no one ("Uỷ ban nhân dân
    phường giao:", `announced`); items with a lead of their own keep it."""
    rule = rules.rule("assignments.lead_head")
    names = [_head_name(rule, item.text, rules) for item in items]
    if sum(1 for name in names if name) < 2:
        return items
    known = any(
        name and item.lead and name.casefold() == item.lead.casefold()
        for name, item in zip(names, items, strict=True)
    )
    if not (known or announced):
        return items
    return [
        item if item.lead or not name else replace(item, lead=name)
        for name, item in zip(names, items, strict=True)
    ]


def _head_name(rule: Rule, text: str, rules: RuleSet) -> str | None:
    match = rule.search(text)
    return interpret(rule, match, rules).get("lead") if match else None


def head_charged(text: str, start: int, rules: RuleSet) -> bool:
    """Whether the line just before a list is a sentence that charges naming no one ("Uỷ ban nhân dân phường
    giao:"): `head_charge`."""
    line = text[max(0, start - INTRO_CHARS) : start].rstrip(" *_#\n").split("\n")[-1]
    return rx.search(rules.settings("assignments").pattern("head_charge"), line, timeout=1.0) is not None
