"""Assignment tables (bảng phân công nhiệm vụ).

STT | Nội dung nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành | Sản phẩm

A table counts when one of its rows is a header naming a task column and a lead or deadline column
(patterns/assignments.yml `columns`). Below it, a row numbered "I", "II." is a group heading (a level-1
task, GOLD_FORMAT.md "Version 2"), a row numbered "1", "2" a task of its group (level 2) or, with no group, a
level-1 task. A table with no header row of its own continues the last one when its rows are as wide (a
table cut by a page). Cells are found again in the normalized text, in order: every task points at its
own text.
"""

from __future__ import annotations

import itertools
from collections.abc import KeysView, Sequence
from dataclasses import dataclass, replace

import regex

from kehoach import rx
from kehoach.extract.assignments import cell_due, item_due, latest, split_bodies
from kehoach.records import Due, Task
from kehoach.rules import RuleSet

Row = tuple[str, ...]
MAX_ROWS = 2000  # rows read from one document: a generated table of thousands is not a plan's annex
YEAR = regex.compile(r"(?:19|20)\d\d")
TABLE_TIME = 300  # characters before a table without a deadline column read for the time it sets for all rows


@dataclass(frozen=True)
class Header:
    columns: dict[str, int]  # column name -> cell index
    width: int
    year: int | None  # "Thời gian (Năm 2026)": the year of day-and-month cells


def column_of(cell: str, rules: RuleSet) -> str | None:
    for name, pattern in rules.settings("assignments").table("columns").items():
        if rx.search(pattern, cell.strip(), regex.IGNORECASE, timeout=1.0):
            return name
    return None


def header_of(row: Row, rules: RuleSet) -> Header | None:
    if not rx.search(rules.settings("assignments").pattern("header_cue"), " ".join(row), regex.IGNORECASE):
        return None  # no cell names a lead, partner or deadline column
    columns: dict[str, int] = {}
    for i, cell in enumerate(row):
        cell = " ".join(cell.split())  # "Đơn vị phối\nhợp": a PDF cell keeps its line breaks
        name = column_of(cell, rules) if 0 < len(cell) <= 60 else None
        if name and name not in columns:
            columns[name] = i
    if "lead" in columns and achieved(row, columns["lead"], rules):
        del columns["lead"]  # "Kế hoạch | Thực hiện": a report's figures, not who does the work
    if "task" not in columns or not {"lead", "due", "partners"} & set(columns):
        return None
    year = YEAR.search(row[columns["due"]]) if "due" in columns else None
    return Header(columns, len(row), int(year.group()) if year else None)


def achieved(row: Row, lead: int, rules: RuleSet) -> bool:
    """Whether the lead column is a bare "Thực hiện" beside a "Kế hoạch" or "Tỷ lệ" column (patterns/
    assignments.yml `plan_actual`): the figures a report achieved."""
    if not regex.fullmatch(r"thực\s+hiện", " ".join(row[lead].split()), regex.IGNORECASE):
        return False
    plan_actual = rules.settings("assignments").pattern("plan_actual")
    return any(rx.search(plan_actual, " ".join(c.split()), regex.IGNORECASE) for c in row)


class Locator:
    """Finds cells in the normalized text, each after the one before (the reader wrote them in this order)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.cursor = 0

    def find(self, cell: str) -> tuple[int, int] | None:
        """The span of the cell, or of its first line or words when the text has it otherwise cut or joined
        (a PDF's text interleaves the lines of a row's cells)."""
        first = cell.split("\n")[0].strip()
        for probe in (cell, first, first[:40], " ".join(first.split()[:3])):
            at = self.text.find(probe, self.cursor) if probe else -1
            if at != -1:
                self.cursor = at + len(probe)
                return at, self.cursor
        return None


def cell(row: Row, header: Header, name: str) -> str:
    i = header.columns.get(name)
    return " ".join(row[i].split()) if i is not None and i < len(row) and len(row) == header.width else ""


def numbered(number: str, rules: RuleSet) -> tuple[str, bool, str] | None:
    """(label, whether a group heading, the title written in the number cell itself: "I. Các dự án ...")."""
    found = rules.rule("assignments.table_row").compiled.fullmatch(number)
    if found is not None:
        return found.group("label"), bool(found.group("group")), ""
    found = rules.rule("assignments.table_group").compiled.match(number)
    if found is not None:
        return found.group("label"), True, number[found.end() :]
    return None


def row_task(row: Row, header: Header, where: Locator, rules: RuleSet, parent: str | None) -> Task | None:
    found = numbered(row[header.columns["label"]].strip(), rules) if "label" in header.columns else None
    if found is None:
        return None
    number, group, title = found
    own = row[header.columns["task"]].strip() if header.columns["task"] < len(row) else ""
    text = title or own or next((c.strip() for c in row[1:] if c.strip()), "")
    if not text:
        return None
    span = where.find(text)
    if span is None:
        return None
    start, end = span
    lead = None if group else (cell(row, header, "lead") or None)
    if lead and rx.match(rules.settings("assignments").pattern("pointer"), lead, regex.IGNORECASE):
        lead = None
    partners = () if group else tuple(split_bodies(cell(row, header, "partners"), rules, commas=False))
    cooperates = rx.match(rules.settings("assignments").pattern("partner_cell"), lead or "", regex.IGNORECASE)
    if lead and cooperates:  # "Phối hợp Phòng GD&ĐT huyện": a partner, no lead
        partners = partners or tuple(split_bodies(lead[cooperates.end() :], rules, commas=False))
        lead = None
    return Task(
        label=number,
        text=where.text[start:end],
        level=1 if group or parent is None else 2,
        start=start,
        end=end,
        rule="assignments.table_group" if title else "assignments.table_row",
        parent=None if group else parent,
        lead=lead,
        partners=partners,
        due=None if group else row_due(row, header, own, rules),
        output=(cell(row, header, "output") or None) if not group else None,
    )


def row_due(row: Row, header: Header, own: str, rules: RuleSet) -> Due | None:
    """The Thời gian cell's deadline; an empty cell leaves the row's own words ("... trước tháng 9/2023")."""
    written = cell(row, header, "due")
    if written.strip() or "due" not in header.columns:
        return cell_due(written, rules, header.year)
    return item_due(own, rules)


def unflattened(table: Sequence[Row], rules: RuleSet) -> Sequence[Row]:
    """A table the page flattened into one line ("... CỤ THỂ: TT | Lớp | GV chỉ đạo | Nội dung công việc |
    Dụng cụ | 1 | 9A | ... | 2 | 9B | ..."): its header is the cells before the first "1" (the first cell's
    last word the STT column's name) when they name a task column; its rows, the cells after, as many each."""
    if len(table) != 1:
        return table
    row = table[0]
    for width in range(3, min(len(row) // 2, 12) + 1):
        head = (row[0].split()[-1] if row[0].split() else "", *row[1:width])
        if row[width].strip() != "1" or header_of(head, rules) is None:
            continue
        rows = [tuple(row[at : at + width]) for at in range(width, len(row), width)]
        rows = [r + ("",) * (width - len(r)) for r in rows if any(c.strip() for c in r)]
        return [head, *rows]
    return table


def find_table_tasks(text: str, tables: Sequence[Sequence[Row]], rules: RuleSet) -> tuple[Task, ...]:
    """The tasks of every assignment table, in the order of the text."""
    where = Locator(text)
    tasks: list[Task] = []
    header: Header | None = None
    group: str | None = None
    last_columns: KeysView[str] | None = None
    table_due: Due | None = None
    rows_read = 0
    tasks_since_header = 0
    details: list[Row] = []  # the unnumbered rows under the last task of a schedule table
    for table in (unflattened(t, rules) for t in tables):
        if header is not None and len(table[0]) != header.width:
            header = None  # another shape: not the last table continued, unless it repeats its header
        for row in table:
            rows_read += 1
            if rows_read > MAX_ROWS:
                return tuple(tasks)
            # a header, or its second line ("| | | Đơn vị chủ trì | Đơn vị phối hợp" under "Thực hiện")
            found = header_of(row, rules) or subheader(row, None if tasks_since_header else header, rules)
            if found is not None:  # a header repeated on the next page continues the table and its group
                group = group if found.columns.keys() == last_columns else None
                header, last_columns = schedule(found), found.columns.keys()
                tasks_since_header = 0
                place = where.find(row[found.columns["task"]])  # the header's place: the rows come after it
                table_due = (
                    time_before(text, place[0], rules) if place and "due" not in found.columns else None
                )
                continue
            if header is None or "label" not in header.columns:
                continue
            task = row_task(row, header, where, rules, group)
            if task is None:
                details.extend(
                    [row] if tasks and header.columns["label"] == header.columns.get("due") else []
                )
                continue  # a schedule's row of its task (above): its time and who leads it
            tasks_since_header += 1
            settle(tasks, details, header, rules)
            if task.level == 1 and is_group(task.label, rules):
                group = task.label
            if table_due is not None and task.due is None and not is_group(task.label, rules):
                task = replace(task, due=table_due)
            tasks.append(task)
        settle(tasks, details, header, rules)
    return tuple(tasks)


def schedule(header: Header) -> Header:
    """A header with no STT column whose first named column is the time ("Thời gian | Nội dung công việc |
    ..."): the time column also carries the numbers of the groups and tasks ("I", "1")."""
    columns = header.columns
    if "label" in columns or "due" not in columns or columns["due"] != min(columns.values()):
        return header
    return replace(header, columns={**columns, "label": columns["due"]})


def subheader(row: Row, header: Header | None, rules: RuleSet) -> Header | None:
    """The second line of a two-line header, wider than the first, naming the lead and partners columns under
    a spanning cell ("Thực hiện"): the header with those columns."""
    if header is None:
        return None
    names = {column_of(" ".join(c.split()), rules): i for i, c in enumerate(row) if c.strip()}
    named = {k: i for k, i in names.items() if k in ("lead", "partners")}
    if (
        not named
        or len(row) < header.width
        or any(c.strip() for i, c in enumerate(row) if i not in named.values())
    ):
        return None
    return Header({**header.columns, **named}, len(row), header.year)


def settle(tasks: list[Task], details: list[Row], header: Header | None, rules: RuleSet) -> None:
    """A schedule table whose first column is the time (no STT: "Thời gian | Nội dung công việc | ..."), its
    numbered rows the tasks and the rows under each their steps: the task is due by the latest time of its
    steps and led by the one body that leads them all."""
    if not details or not tasks or header is None:
        details.clear()
        return
    last = tasks[-1]
    dues = [
        d
        for d in (cell_due(cell(r, header, "due") or r[0], rules, header.year) for r in details)
        if d and d.by
    ]
    leads = {cell(r, header, "lead") for r in details} - {""}
    tasks[-1] = replace(
        last,
        due=last.due or latest(dues),
        lead=last.lead
        or (leads.pop() if len(leads) == 1 and all(cell(r, header, "lead") for r in details) else None),
    )
    details.clear()


def time_before(text: str, at: int, rules: RuleSet) -> Due | None:
    """The time a plan sets for the whole of a table that has no deadline column ("Thời gian: 14 giờ ngày
    28 tháng 9 năm 2012 Thành phần: Toàn trường. NỘI DUNG CÔNG VIỆC CỤ THỂ: TT | ..."), written before it."""
    before = text[max(0, at - TABLE_TIME) : at]
    pattern = rules.settings("assignments").pattern("table_time")
    marker = rx.search(pattern, before, regex.IGNORECASE)
    return item_due(before[marker.start() :], rules) if marker else None


def is_group(label: str, rules: RuleSet) -> bool:
    found = numbered(label, rules)
    return bool(found and found[1])


FLAT_DATE = regex.compile(r"(?<![\d/])\d{1,2}/\d{1,2}/(?:19|20)\d\d$")  # a date closing the row
FLAT_REACH = 1500  # characters after a row in which the next row's number is looked for


def flat_table_tasks(text: str, rules: RuleSet) -> tuple[tuple[Task, ...], tuple[tuple[int, int], ...]]:
    """The rows of the tables a web page flattened one row per line, cells run together ("TT Nội dung
    Thực hiện Bắt đầu Kết thúc" / "1 Nhận đề tài" / "1.1 Kế hoạch ..."; patterns/assignments.yml
    `flat_table_header`), and the spans they cover. The rows are numbered on ("1", "1.1", "1.2", "2", ...):
    each row runs to the next number in turn, at a line's start or, where the reader joined the lines, after
    a space and before a capital; the table ends where no number in turn follows. "1.1" under "1" is its
    subtask. The cells cannot be told apart, so a row's lead stays unread and its first line is its task;
    a date closing that line is the row's last cell, its deadline ("... 15/01/2026 20/01/2026": Bắt đầu,
    Kết thúc)."""
    tasks: list[Task] = []
    spans: list[tuple[int, int]] = []
    for header in rules.rule("assignments.flat_table_header").compiled.finditer(text):
        rows: list[tuple[str, int, int]] = []  # label, where the label and the row's text start
        at, last = header.end(), ""
        while len(rows) < MAX_ROWS:
            found = next_row(text, at, last)
            if found is None:
                break
            last, at = found[0], found[2]
            rows.append(found)
        if len(rows) < 2:
            continue
        nested = any("." in label for label, _, _ in rows)
        ends = [label_at for _, label_at, _ in rows[1:]] + [len(text)]
        for (label, _, start), end in zip(rows, ends, strict=True):
            line_end = text.find("\n", start, end)
            end = start + len(text[start : line_end if line_end != -1 else end].rstrip())
            sub = nested and "." in label
            closing = FLAT_DATE.search(text, start, end)  # the row's last cell, its end date ("Kết thúc")
            tasks.append(
                Task(
                    label=label,
                    text=text[start:end],
                    level=2 if sub else 1,
                    start=start,
                    end=end,
                    rule="assignments.flat_table_header",
                    parent=label.split(".")[0] if sub else None,
                    due=cell_due(closing.group(), rules) if closing else None,
                )
            )
        spans.append((header.start(), tasks[-1].end))  # to the last row's end: a list item on it is the row
    return tuple(tasks), tuple(spans)


def next_row(text: str, at: int, last: str) -> tuple[str, int, int] | None:
    """The next row's number after `last` ("1" first, then "n+1", "n.1" or "n.(k+1)"), where it and the row's
    text start, within FLAT_REACH characters of `at`."""
    if not last:
        allowed = ["1"]
    else:
        top, _, sub = last.partition(".")
        allowed = [str(int(top) + 1), f"{top}.{int(sub) + 1 if sub else 1}"]
    numbers = "|".join(regex.escape(n) for n in allowed)
    found = regex.compile(
        rf"(?:(?<=\n)[ \t]*|(?<=[ \t]))(?P<label>{numbers})(?![\d.]\d)\.?[ \t]+(?=\p{{Lu}})"
    ).search(text, at, min(len(text), at + FLAT_REACH))
    return (found.group("label"), found.start("label"), found.end()) if found else None


LINE_ROWS = 400  # rows read from one table of lines
LINE_ROW_LINES = 150  # lines one row of such a table may take (a long task and all its cells)
HEADER_LINES = 20  # lines of a header (its names cut into short lines)
LINE_TABLES = 20  # headers of such tables read in one document
LINE_LINES = 20000  # lines read after one such header
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV")


@dataclass(frozen=True)
class Line:
    start: int
    end: int
    text: str  # spaces collapsed


def text_lines(text: str, start: int, limit: int) -> list[Line]:
    """The lines of the text from `start`, each cut where two spaces or more stand before a capital (two cells
    the reader put on one line: "cơ quan ngang bộ  Bộ Tư pháp")."""
    lines: list[Line] = []
    for found in regex.finditer(r"[^\n]+", text, pos=start):
        if len(lines) >= limit:
            break
        for part in regex.finditer(
            r"\S.*?(?=[ \t]{2,}(?=\p{Lu})|[ \t]+[a-zđ]\)[ \t]*$|[ \t]*$)", found.group()
        ):
            at = found.start() + part.start()
            lines.append(Line(at, at + len(part.group()), " ".join(part.group().split())))
    return lines


def column_order(header: str, rules: RuleSet) -> list[str]:
    """The named columns of a header written as lines, in the order they stand."""
    places: dict[str, int] = {}
    for name, pattern in rules.settings("assignments").table("columns").items():
        if name == "label":
            continue
        found = rx.search(pattern.lstrip("^").rstrip("$"), header, regex.IGNORECASE, timeout=1.0)
        if found is not None:
            places[name] = found.start()
    return sorted(places, key=places.__getitem__)


LETTERS = "abcdđeghiklmnopqrstuvxy"


def row_label(
    line: Line, last: str, group: str | None, letter: str = ""
) -> tuple[str, str, Line | None] | None:
    """A line that opens with the next row's number ("1", "2"), a group's "I", "II", or a numbered row's
    lettered part "a)", "b)", alone or before the row's first words ("7 Đề án về chỉ số ..."): (label, its
    kind "group" / "row" / "part", the rest of the line)."""
    found = regex.match(
        r"(?P<n>\d{1,3}|[IVX]{1,4})\.?(?:[ \t]+(?=\p{Lu}|“|\")|$)|(?P<l>[a-zđ])\)(?:[ \t]+|$)", line.text
    )
    if found is None:
        return None
    rest = line.text[found.end() :]
    tail = Line(line.end - len(rest), line.end, rest) if rest else None
    if found.group("l"):
        wanted_letter = LETTERS[LETTERS.index(letter) + 1] if letter and letter != LETTERS[-1] else "a"
        return (found.group(0).strip(), "part", tail) if last and found.group("l") == wanted_letter else None
    bare = found.group("n")
    if bare in ROMAN:
        following = ROMAN[ROMAN.index(group) + 1] if group in ROMAN and group != ROMAN[-1] else None
        return (bare, "group", tail) if (group is None and bare == "I") or bare == following else None
    wanted = {str(int(last) + 1)} if last else {"1"}
    if group is not None:
        wanted.add("1")  # numbered again in each group
    return (bare, "row", tail) if bare in wanted else None


def line_table_tasks(text: str, rules: RuleSet) -> tuple[tuple[Task, ...], tuple[tuple[int, int], ...]]:
    """The rows of the assignment tables a PDF-to-text reader wrote one cell line per line (Công báo: "TT" /
    "Tên nhiệm vụ" / "Cơ quan" / "chủ trì" / ... / "1" / "Thực hiện nghiêm quy định ..." / "Các bộ," / "cơ
    quan ngang bộ" / "Bộ Nội vụ" / ...; patterns/assignments.yml `line_table`), and the spans they cover.
    A row opens with a line that is only its number ("1", "2", or a group's "I", "II" over its title); page
    headers (`line_table_chrome`) and the table header the reader repeats on each page are skipped. Cells are
    told by their words, not their place: the task runs to the first line that opens with a body's name
    (`line_table_body`); a cell runs on while a line ends in a word or sign that asks for more
    (`line_table_runs_on`) or the next opens in lower case; the lead is the first cell after the task, the
    partners the next when the header names them next and it opens with a body's name; the deadline the first
    later cell that opens with a time (`line_table_due`)."""
    tasks: list[Task] = []
    spans: list[tuple[int, int]] = []
    conf = rules.settings("assignments")
    chrome = conf.pattern("line_table_chrome")
    for n, header in enumerate(rules.rule("assignments.line_table").finditer(text)):
        if n >= LINE_TABLES:
            break  # a generated text of thousands of headers is no plan's annex
        if spans and header.start() < spans[-1][1]:
            continue  # the header the table repeats on its next page
        lines = text_lines(text, header.start(), LINE_LINES)
        first_row = next((k for k, ln in enumerate(lines[:HEADER_LINES]) if row_label(ln, "", None)), 0)
        lines = [ln for ln in lines[:first_row] if not regex.fullmatch(r"[-|: ]+", ln.text)] + lines[
            first_row:
        ]
        first_row = next((k for k, ln in enumerate(lines[:HEADER_LINES]) if row_label(ln, "", None)), 0)
        head = [ln.text for ln in lines[:first_row]]
        order = column_order(" ".join(head), rules)
        if "task" not in order or not {"lead", "due"} & set(order):
            continue
        rows = line_rows(text, lines, head, chrome)
        if len(rows) < 2:
            continue
        group: str | None = None
        number: str | None = None
        for k, (label, kind, body) in enumerate(rows):
            if kind == "group":
                group = label
                tasks.append(line_task(text, label, body, None, [], None, None, rules))
            elif kind == "row" and k + 1 < len(rows) and rows[k + 1][1] == "part":
                number = label  # a numbered row over lettered parts: their heading, as a group row
                tasks.append(line_task(text, label, body[:1], group, [], None, None, rules))
            elif kind == "part":
                tasks.append(line_row(text, label, body, order, number, rules))
            else:
                tasks.append(line_row(text, label, body, order, group, rules))
        spans.append((header.start(), rows[-1][2][-1].end))
    return tuple(tasks), tuple(spans)


def line_rows(
    text: str, lines: list[Line], head: list[str], chrome: str
) -> list[tuple[str, str, list[Line]]]:
    """The rows after a header written as lines: (label, kind, the row's lines), page headers and the header
    repeated on a page skipped, up to the first line that is no row's number after a row ended (a long
    paragraph, a "Phụ lục" heading) or the end of the text."""
    rows: list[tuple[str, str, list[Line]]] = []
    last, group, letter = "", None, ""
    i = 0
    while i < len(lines) and row_label(lines[i], "", None) is None:
        i += 1  # the header itself
    while i < len(lines) and len(rows) < LINE_ROWS:
        line = lines[i]
        skip = chrome_lines(text, lines, i, head, chrome)
        if skip:
            i += skip
            continue
        found = row_label(line, last, group, letter)
        if found is None and rows:  # the reader ran the next row on to this line: "... pháp luật 13 Xây dựng"
            line = run_on_row(text, lines, i, last)
        if found is not None:
            label, kind, tail = found
            if kind == "group":
                group, last, letter = label, "", ""
            elif kind == "row":
                last, letter = label, ""
            else:
                letter = label[0]
            rows.append((label, kind, [tail] if tail else []))
        elif not rows:
            return rows
        elif len(rows[-1][2]) >= LINE_ROW_LINES or stop_line(line.text):
            break
        else:
            rows[-1][2].append(line)
        i += 1
    return [r for r in rows if r[2]]


def run_on_row(text: str, lines: list[Line], i: int, last: str) -> Line:
    """The i-th line cut before the next row's number standing mid-line before a capital, the rest put after
    it as a line of its own; the line as it is when no number stands there."""
    line = lines[i]
    cut = regex.search(rf"(?<=\S)[ \t]+(?={str(int(last) + 1) if last else '1'}[ \t]+\p{{Lu}})", line.text)
    if cut is None:
        return line
    lines[i + 1 : i + 1] = [mid_line(text, line, cut.end())]
    lines[i] = mid_line(text, line, 0, cut.start())
    return lines[i]


def mid_line(text: str, line: Line, at: int, stop: int | None = None) -> Line:
    """The part of a line (its spaces-collapsed text's characters `at` to `stop`) as a line of its own."""
    source = text[line.start : line.end]
    where = [k for k, ch in enumerate(source) if not ch.isspace() or (k and not source[k - 1].isspace())]
    part = line.text[at:stop]
    first = at + len(part) - len(part.lstrip())
    part = part.strip()
    if not part or len(where) != len(line.text):
        return Line(line.start, line.start, "")
    return Line(line.start + where[first], line.start + where[first + len(part) - 1] + 1, part)


def chrome_lines(text: str, lines: list[Line], i: int, head: list[str], chrome: str) -> int:
    """How many lines from the i-th are page chrome: a running header with its page number on the next line,
    or the table header the reader wrote again at the top of the page (its names on one line, the row's
    cells run on after them: what follows them is kept as the next line); 0 for a table's line."""
    if rx.match(chrome, lines[i].text, regex.IGNORECASE):
        return 2 if i + 1 < len(lines) and lines[i + 1].text.isdigit() else 1
    names = " ".join(head[1:])
    if (
        len(head) > 1
        and lines[i].text == head[0]
        and i + 1 < len(lines)
        and lines[i + 1].text.startswith(names + " ")
    ):
        lines[i + 1] = mid_line(text, lines[i + 1], len(names) + 1)
        return 1
    if len(head) > 1 and lines[i].text == head[0] and i + 1 < len(lines) and lines[i + 1].text == head[1]:
        k = i + 1
        while k < len(lines) and lines[k].text in head:
            k += 1
        return k - i
    return 0


def stop_line(line: str) -> bool:
    """A line no table cell holds: an annex's heading, the signature block."""
    return bool(regex.match(r"(?i)(?:phụ\s+lục|nơi\s+nhận|tm\.|kt\.)(?!\p{L})", line))


def body_after_word(line: str, opener: regex.Pattern[str]) -> regex.Match[str] | None:
    """The space before a body's name (`line_table_body`) that follows a lower-case word, not a word that
    asks for a name ("và", "của", "trình" …): two cells the reader put on one line ("… pháp luật Bộ Tư
    pháp")."""
    return rx.search(
        r"(?<=\p{Ll})(?<!(?<!\p{L})(?:và|hoặc|với|của|thuộc|trình))[ \t]+(?="
        + opener.pattern.lstrip("^")
        + ")",
        line,
    )


def line_cells(text: str, body: list[Line], rules: RuleSet) -> list[list[Line]]:
    """A row's lines cut into cells: the task to the first line (after its first) opening with a body's name,
    then a new cell at each line that opens in capitals or digits unless the line before runs on."""
    conf = rules.settings("assignments")
    opener = rules.rule("assignments.line_table_body").compiled
    runs_on = conf.pattern("line_table_runs_on")
    due = conf.pattern("line_table_due")
    lead_at = next(
        (
            k
            for k in range(1, len(body))
            if opener.match(body[k].text) and not rx.search(runs_on, body[k - 1].text, regex.IGNORECASE)
        ),
        len(body),
    )
    cut = body_after_word(body[0].text, opener) if body else None
    # a row the reader ran into one line: its task is cut before a body's name when nothing after it opens a
    # lead's line, or when a time stands after that name on the same line (the lead's and the time's cells)
    if (
        cut is not None
        and cut.start() > 0
        and (
            lead_at == len(body)
            or rx.search(r"\s(?:" + due.lstrip("^") + ")", body[0].text[cut.end() :], regex.IGNORECASE)
        )
    ):
        body = [mid_line(text, body[0], 0, cut.start()), mid_line(text, body[0], cut.end()), *body[1:]]
        lead_at = 1
    cells = [body[:lead_at]]
    for k in range(lead_at, len(body)):
        line = body[k]
        if k > lead_at and (
            not regex.match(r"[\p{Lu}\d]", line.text)
            or rx.search(runs_on, body[k - 1].text, regex.IGNORECASE)
        ):
            cells[-1].append(line)
        else:
            cells.append([line])
    return cells


def line_row(
    text: str, label: str, body: list[Line], order: list[str], group: str | None, rules: RuleSet
) -> Task:
    cells = line_cells(text, body, rules)
    words = [" ".join(ln.text for ln in c) for c in cells]
    after = order[order.index("task") + 1 :]
    lead = words[1] if len(words) > 1 and after[:1] == ["lead"] else None
    opener = rules.rule("assignments.line_table_body").compiled
    partners: list[str] = []
    if lead and after[1:2] == ["partners"]:
        joined = body_after_word(lead, opener)
        if joined is not None and not (len(words) > 2 and opener.match(words[2])):
            lead, words = (
                lead[: joined.start()],
                [*words[:1], lead[: joined.start()], lead[joined.end() :], *words[2:]],
            )
        if len(words) > 2 and opener.match(words[2]):
            partners = split_bodies(words[2], rules, commas=False)
    if lead and rx.match(rules.settings("assignments").pattern("pointer"), lead, regex.IGNORECASE):
        lead = None
    starts_due = rules.settings("assignments").pattern("line_table_due")
    due = None
    if "due" in order:
        # a row of two outputs is done by its last time: the last cell opening with one; else, in a cell the
        # reader ran on from the lead's ("... được ban hành Tháng 6/2026 Nghị định số"), the last time word
        # written in capitals after a space
        later = words[2 if lead else 1 :]
        for w in reversed(later):
            times = [0] if rx.match(starts_due, w, regex.IGNORECASE) else []
            times += [
                t.start() + 1 for t in rx.finditer(r"\s(?=\p{Lu})(?i:" + starts_due.lstrip("^") + ")", w)
            ]
            if any((due := cell_due(w[at:], rules)) is not None for at in reversed(times)):
                break
    return line_task(text, label, cells[0], group, partners, lead, due, rules)


def line_task(
    text: str,
    label: str,
    lines: list[Line],
    parent: str | None,
    partners: list[str],
    lead: str | None,
    due: Due | None,
    rules: RuleSet,
) -> Task:
    start, end = (lines[0].start, lines[-1].end) if lines else (0, 0)
    return Task(
        label=label,
        text=text[start:end],
        level=2 if parent is not None else 1,
        start=start,
        end=end,
        rule="assignments.line_table",
        parent=parent,
        lead=lead,
        partners=tuple(partners),
        due=due,
    )


CELL_HEADER = 8  # header cells read back from a table's first row number
CELL_CHARS = 100  # a header cell is a short line: a column's name
CELL_STOP = r"(?:[IVX]{1,5}[.)/-]|[A-Z]\.(?=[ \t]+\p{Lu}\p{Lu}))[ \t]"  # "III. Tổng kết ...": the table ended


def cell_lines(text: str) -> list[Line]:
    """The text's non-empty lines, stripped (a table the page gave one cell a line, blank lines between)."""
    lines = []
    for found in regex.finditer(r"[^\n]+", text):
        part = found.group().strip()
        if part:
            at = found.start() + found.group().index(part)
            lines.append(Line(at, at + len(part), part))
    return lines


def cell_header(lines: list[Line], k: int, rules: RuleSet) -> tuple[list[str], Line | None] | None:
    """The columns of the header over the row number lines[k] (short lines back to the STT cell or to a
    sentence: each named by `columns` or ""), and a lone day written between them and the first row (a
    programme's "Ngày 17/5/2013"); None when no cell names the task column."""
    day = None
    j = k - 1
    if j >= 0 and rx.fullmatch(rules.settings("assignments").pattern("cell_table_day"), lines[j].text):
        day, j = lines[j], j - 1
    cells: list[str] = []
    while j >= 0 and len(cells) < CELL_HEADER:
        line = lines[j].text
        if len(line) > CELL_CHARS or line.endswith((".", ":", ";")) or regex.fullmatch(r"\d{1,3}\.?", line):
            break
        cells.insert(0, line)
        if column_of(line, rules) == "label":
            break
        j -= 1
    names = [column_of(cell, rules) or "" for cell in cells]
    if len(cells) < 2 or "task" not in names:
        return None
    return names, day


def cell_rows(lines: list[Line], k: int, number: regex.Pattern[str]) -> list[tuple[str, list[Line]]]:
    """The rows from the number line lines[k] on: each number line counting on opens a row; the rows end at a
    heading of the document ("III. Tổng kết Hội thi: ..."), a signature block, or, for the last row, after
    as many lines as the longest row before it."""
    rows: list[tuple[str, list[Line]]] = []
    for line in itertools.islice(lines, k, None):
        found = number.fullmatch(line.text)
        if found is not None and int(found["label"]) == len(rows) + 1:
            if len(rows) >= LINE_ROWS:
                break
            rows.append((found["label"], []))
        elif stop_line(line.text) or regex.match(CELL_STOP, line.text):
            break
        elif len(rows[-1][1]) >= LINE_ROW_LINES:
            break
        else:
            rows[-1][1].append(line)
    longest = max((len(cells) for _, cells in rows[:-1]), default=0)
    if rows:
        rows[-1] = (rows[-1][0], rows[-1][1][:longest])
    return [row for row in rows if row[1]]


def cell_table_tasks(text: str, rules: RuleSet) -> tuple[tuple[Task, ...], tuple[tuple[int, int], ...]]:
    """The rows of a table a web page or a paste gave one cell a line ("TT" / "Thời gian" / "Nội dung" /
    "Người thực hiện" / "1" / "7h30 - 8h30" / "Đón tiếp đại biểu" / "BTC, Trường đăng cai" / "2" / ..., 4010;
    "Nội dung công việc" / "Cụm phía Bắc ..." / "1" / "Tổ chức bốc thăm bài dạy" / "8 giờ ngày 17/02/2014",
    4005): a header of short lines, one naming the task column, right over a line that is only the number 1
    (`assignments.cell_table`), then rows whose number lines count on. A row's task is its first cell that is
    not a time (`cell_table_time`, read only when the header puts columns before the task's); its lead the
    next cell when the header names a lead column next; its deadline the latest of its time cells, else the
    day written over its rows (a day line over row 1 makes the day lines closing rows headings too)."""
    conf = rules.settings("assignments")
    day_pattern = conf.pattern("cell_table_day")
    number = rules.rule("assignments.cell_table").compiled
    lines = cell_lines(text)
    tasks: list[Task] = []
    spans: list[tuple[int, int]] = []
    for k, line in enumerate(lines):
        found = number.fullmatch(line.text)
        head = cell_header(lines, k, rules) if found and found["label"] == "1" else None
        if head is None or (spans and line.start < spans[-1][1]):
            continue
        if len(spans) >= LINE_TABLES:
            break  # a generated text of thousands of tables is no plan
        names, day = head
        rows = cell_rows(lines, k, number)
        if len(rows) < 2:
            continue
        task_at = names.index("task")
        timed = any(name != "label" for name in names[:task_at])  # "Thời gian" before "Nội dung"
        lead_next = names[task_at + 1 : task_at + 2] == ["lead"]
        for label, cells in rows:
            closing: list[Line] = []
            while day is not None and cells and rx.fullmatch(day_pattern, cells[-1].text):
                closing.insert(0, cells.pop())  # the next rows' day
            task = cell_row(text, label, cells, timed, lead_next, day, rules)
            if task is not None:
                tasks.append(task)
            day = closing[-1] if closing else day
        spans.append((line.start, rows[-1][1][-1].end))
    return tuple(tasks), tuple(spans)


def cell_row(
    text: str, label: str, cells: list[Line], timed: bool, lead_next: bool, day: Line | None, rules: RuleSet
) -> Task | None:
    """One row of a table given one cell a line (cell_table_tasks)."""
    time_cell = rules.settings("assignments").pattern("cell_table_time")
    at = 0
    while timed and at < len(cells) and rx.match(time_cell, cells[at].text, regex.IGNORECASE):
        at += 1
    if at >= len(cells):
        return None  # a row cut before its task
    own = [cells[at]]
    while at + len(own) < len(cells) and regex.match(r"\p{Ll}", cells[at + len(own)].text):
        own.append(cells[at + len(own)])  # a cell broken over lines ("Lễ dâng hương" / "chùa Côn Sơn")
    rest = cells[at + len(own) :]
    lead = None
    if lead_next and rest and not rx.match(time_cell, rest[0].text, regex.IGNORECASE):
        lead = rest[0].text.lstrip("-–+• ").strip() or None
    dues = [
        due
        for cell in [*cells[:at], *rest]
        if rx.match(time_cell, cell.text, regex.IGNORECASE) and (due := cell_due(cell.text, rules)) and due.by
    ]
    due = latest(dues) or (cell_due(day.text, rules) if day is not None else None)
    first = own[0]
    bullet = regex.match(r"[-–+•][ \t]+", first.text)
    start = first.start + (bullet.end() if bullet else 0)
    return Task(
        label=label,
        text=text[start : own[-1].end],
        level=1,
        start=start,
        end=own[-1].end,
        rule="assignments.cell_table",
        lead=lead,
        due=due,
    )
