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
    return Task(
        label=number,
        text=where.text[start:end],
        level=1 if group or parent is None else 2,
        start=start,
        end=end,
        rule="assignments.table_group" if title else "assignments.table_row",
        parent=None if group else parent,
        lead=lead,
        partners=() if group else tuple(split_bodies(cell(row, header, "partners"), rules, commas=False)),
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
        spans.append((header.start(), rows[-1][2]))
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


CELL_HEADER_LINES = 16  # lines under a cell table's STT line where its other column names are
CELL_REACH = 4000  # characters after a row in which the next row's number is looked for (a row over a page)
CELL_TIME = 24  # characters of a line of a row's time cell ("Quý IV/2026", "Thường", "xuyên")
CELL_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV")


def cell_table_tasks(text: str, rules: RuleSet) -> tuple[tuple[Task, ...], tuple[tuple[int, int], ...]]:
    """The rows of the tables whose text gives each cell its own line (a Công báo PDF's annex, a web page's
    table one paragraph a cell): "TT" alone on its line, the other column names on the lines under it
    (a task column and a lead, partner or deadline column, split as the PDF split them), then each row's
    number alone at a line's start ("1", "1.", or "10.  Xây dựng ..." with the task's first words after it)
    and its cells on the lines after it. A Roman numeral heading a group of rows ("I. Đổi mới ...") is a
    level-1 task and the rows under it its level-2 items. The task is the row's lines up to the first that
    opens a body's cell (assignments.yml `cell_body`); that cell, over its lines, is the lead, the next one
    the partners; the deadline is the last cell that reads as a time. A number under a page's running
    header ("CÔNG BÁO/Số 238/..." / "94") is the page's."""
    tasks: list[Task] = []
    spans: list[tuple[int, int]] = []
    heads = [r for r in rules.of("tasks") if r.params.get("role") == "cell_table"]
    for rule in heads:
        for header in rule.finditer(text):
            if spans and header.start() < spans[-1][1]:
                continue  # the header repeated at the top of a page of a table already read
            first = cell_header(text, header.end(), rules)
            if first is None:
                continue
            rows = cell_rows(text, first, rules)
            if sum(1 for label, _, _ in rows if label not in CELL_ROMAN) < 2:
                continue
            grouped = any(label in CELL_ROMAN for label, _, _ in rows)
            group: str | None = None
            ends = [at for _, at, _ in rows[1:]] + [min(len(text), rows[-1][2] + CELL_REACH)]
            for (label, _, start), end in zip(rows, ends, strict=True):
                if label in CELL_ROMAN:
                    group = label
                    line_end = text.find("\n", start, end)
                    stop = line_end if line_end != -1 else end
                    heading = text[start:stop].rstrip()
                    tasks.append(
                        Task(f"{label}.", heading, 1, start, start + len(heading), rule.qualified_id)
                    )
                    continue
                tasks.append(cell_row(text, label, start, end, rules, group if grouped else None))
            spans.append((header.start(), ends[-1]))
    return tuple(tasks), tuple(spans)


def cell_header(text: str, at: int, rules: RuleSet) -> int | None:
    """Where the first row's number stands under a cell table's STT line, when the lines between name a task
    column and a lead, partner or deadline column."""
    lines: list[str] = []
    cursor = at
    for _ in range(CELL_HEADER_LINES):
        line_end = text.find("\n", cursor + 1)
        if line_end == -1:
            return None
        line = text[cursor + 1 : line_end].strip()
        if regex.fullmatch(r"(?:1|I)\.?", line) or regex.match(r"(?:1\.|I\.)[ \t]+\p{Lu}", line):
            joined = " ".join(lines)
            conf = rules.settings("assignments")
            named = any(column_of(cell, rules) == "task" for cell in lines)
            cue = rx.search(conf.pattern("header_cue"), joined, regex.IGNORECASE, timeout=1.0)
            return cursor + 1 if named and cue else None
        if line:
            lines.append(line)
        cursor = line_end
    return None


def cell_rows(text: str, at: int, rules: RuleSet) -> list[tuple[str, int, int]]:
    """The rows' numbers in turn from `at`: (label, where it starts, where the row's text starts)."""
    page = rules.settings("tasks").pattern("page_header")
    rows: list[tuple[str, int, int]] = []
    number, roman = 0, 0
    while len(rows) < MAX_ROWS:
        allowed = [str(number + 1)] + (["1"] if rows and rows[-1][0] in CELL_ROMAN and number > 1 else [])
        romans = [CELL_ROMAN[roman]] if roman < len(CELL_ROMAN) else []
        found = None
        pattern = (
            rf"(?m)(?:^[ \t]*|(?<=\S[ \t]))(?:(?P<label>{'|'.join(allowed)})"
            rf"(?:\.?[ \t]*\n|(?:\.[ \t]*|[ \t]+)(?=\p{{Lu}}))"
            rf"|(?P<group>{'|'.join(romans) or '(?!)'})\.[ \t]+(?=\p{{Lu}}))"
        )
        for hit in regex.finditer(pattern, text, pos=at, endpos=min(len(text), at + CELL_REACH)):
            line_start = hit.start()
            before = text[text.rfind("\n", 0, max(0, line_start - 1)) + 1 : line_start]
            if hit.group("label") and rx.search(page, before, timeout=1.0):
                continue  # the page's number under the Công báo's running header
            found = hit
            break
        if found is None:
            break
        if found.group("group"):
            roman += 1
            label = found.group("group")
            rows.append((label, found.start("group"), found.end()))
        else:
            label = found.group("label")
            number = int(label)
            rows.append((label, found.start("label"), found.end()))
        at = found.end()
    return rows


def cell_row(text: str, label: str, start: int, end: int, rules: RuleSet, parent: str | None) -> Task:
    """One numbered row of a cell table: its task's lines, then its lead, partners and deadline cells."""
    page = rules.settings("tasks").pattern("page_header")
    body = rules.rule("assignments.cell_body").compiled
    spans: list[tuple[int, int]] = []
    cursor = start
    while cursor < end:
        line_end = text.find("\n", cursor, end)
        line_end = end if line_end == -1 else line_end
        if text[cursor:line_end].strip():
            spans.append((cursor, line_end))
        cursor = line_end + 1
    spans = [s for s in spans if not rx.search(page, text[s[0] : s[1]], timeout=1.0)]
    opens = [i for i, (a, b) in enumerate(spans) if i > 0 and body.match(text, a, b, timeout=1.0)]
    task_end = opens[0] if opens else len(spans)
    first = spans[0] if spans else (start, start)
    stop = spans[task_end - 1][1] if task_end else first[1]
    cells: list[str] = []
    for i in opens[:2]:  # the lead's cell, then the partners': a body's lines, each continuing the last
        lines = [text[spans[i][0] : spans[i][1]].strip()]
        for a, b in spans[i + 1 :]:
            line = text[a:b].strip()
            if lines[-1].endswith(",") or (line[:1].islower() and not body.match(text, a, b, timeout=1.0)):
                lines.append(line)
                continue
            break
        cells.append(" ".join(" ".join(lines).split()))
    lead = cells[0].rstrip(" .,") if cells else None
    partners = tuple(split_bodies(cells[1], rules, commas=False)) if len(cells) > 1 else ()
    due = None
    rest = [" ".join(text[a:b].split()) for a, b in spans[task_end:]]
    for i in range(len(rest) - 1, -1, -1):  # a time cell is a short line or two, no footnote
        if len(rest[i]) > CELL_TIME:
            continue
        pair = " ".join(rest[i : i + 2])
        due = (cell_due(pair, rules) if len(pair) <= 2 * CELL_TIME else None) or cell_due(rest[i], rules)
        if due is not None:
            break
    begin = first[0] + len(text[first[0] : stop]) - len(text[first[0] : stop].lstrip())
    own = text[begin:stop].rstrip()
    return Task(
        label=label,
        text=own,
        level=2 if parent else 1,
        start=begin,
        end=begin + len(own),
        rule="tasks.cell_table",
        parent=f"{parent}." if parent else None,
        lead=lead,
        partners=partners,
        due=due,
    )
