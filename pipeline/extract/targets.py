"""Chỉ tiêu (targets): every % and ‰ figure (patterns/targets.yml) and what the words around it say.

For each figure: the clause it stands in, the comparator ("dưới" -> "<"), the direction (giảm, tăng,
duy trì), the indicator phrase, the year it is due, the scope (nông thôn / thành thị), and whether it
is a goal or a reported figure.
"""

from __future__ import annotations

import bisect
import functools
from dataclasses import replace
from typing import Any

import regex

from pipeline.extract import nlp, rx
from pipeline.extract.rules import Rule, RuleSet
from pipeline.records import Comparator, Direction, Target

# A line break inside a sentence ("dưới\n5%", a hard wrap the normalizer kept) does not end a clause.
LINE_BREAK = r"\n(?!(?<=[\p{Ll},]\n)[\p{Ll}\d])"
CLAUSE_END = regex.compile(rf"[;]|{LINE_BREAK}|\.(?:\s|$)|\.{{2,}}|…")
CLAUSE_START = regex.compile(rf"[;:]|{LINE_BREAK}|\.(?=\s)|…", regex.REVERSE)
SENTENCE_START = regex.compile(r"\n|\.(?=\s)", regex.REVERSE)
HEADING_WINDOW = 3000  # characters above a figure where its heading may be
HEADING_CHARS = 100  # a line this short, or ending with ":", is a heading
LINE_WINDOW = 1500
HORIZON_CHARS = 1500  # the title and opening lines, where a plan names its horizon
INDICATOR_HEAD = regex.compile(r"(?:tỷ|tỉ)\s+(?:lệ|suất|trọng)|số\s+lượng|mức|chỉ\s+số", regex.IGNORECASE)


def parse_number(raw: str) -> float:
    """'9,5' -> 9.5; '1.000' -> 1000; '99.5' -> 99.5 (a dot before other than three digits is decimal)."""
    if rx.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", raw):
        return float(raw.replace(".", "").replace(",", "."))
    return float(raw.replace(",", "."))


def unit_of(raw: str) -> str:
    return "%" if raw.startswith("%") and raw not in ("%0", "%o") or "trăm" in raw else "‰"


def interpret(rule: Rule, match: regex.Match[str], rules: RuleSet) -> dict[str, Any]:
    out: dict[str, Any] = {"value": parse_number(match.group("value")), "unit": unit_of(match.group("unit"))}
    if match.groupdict().get("low"):
        out["low"] = parse_number(match.group("low"))
    return out


def settings(rules: RuleSet) -> dict[str, Any]:
    return dict(rules.vocab.get("targets", {}))


def clause_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The clause around a figure: from the last ';', ':', '.', line break before it to the next one."""
    before = CLAUSE_START.search(
        text, max(0, start - 400), min(len(text), start + 1)
    )  # +1: lookaheads see the figure
    after = CLAUSE_END.search(text, end, min(len(text), end + 300))
    left = before.end() if before else max(0, start - 400)
    right = after.start() if after else min(len(text), end + 300)
    while left < start and text[left].isspace():
        left += 1
    while right > end and text[right - 1] in " ,":
        right -= 1
    return left, right


@functools.cache
def comparator_patterns(rules: RuleSet) -> tuple[regex.Pattern[str], regex.Pattern[str], dict[str, str]]:
    """The comparator words as two alternations (before, after the figure), one group per entry.

    Before the figure the longest phrase that ends there wins ("không dưới" is ">=", not the "dưới" in it);
    between phrases that start at the same place, the entry listed first.
    """
    words = settings(rules).get("comparators", {})
    groups: dict[str, str] = {}

    def alternation(side: str) -> str:
        parts = []
        for entry in words.get(side, []):
            name = f"c{len(groups)}"
            groups[name] = entry["comparator"]
            parts.append(f"(?P<{name}>{entry['pattern']})")
        return "|".join(parts) or "(?!)"

    before = rf"(?<![\p{{L}}])(?:{alternation('before')})\s*(?:mức\s*|khoảng\s*)?$"
    after = alternation("after")
    flags = regex.IGNORECASE | regex.VERSION1
    return regex.compile(before, flags), regex.compile(after, flags), groups


def comparator_of(before: str, after: str, rules: RuleSet) -> Comparator:
    before_words, after_words, groups = comparator_patterns(rules)
    found = after_words.match(after, timeout=rx.limit(len(after))) or before_words.search(
        before[-40:], timeout=rx.limit(40)
    )
    return groups[found.lastgroup] if found and found.lastgroup else "="  # type: ignore[return-value]


@functools.cache
def direction_pattern(rules: RuleSet) -> regex.Pattern[str]:
    directions = settings(rules).get("directions", {})
    words = "|".join(f"(?P<{name}>{pattern})" for name, pattern in directions.items()) or "(?!)"
    return regex.compile(rf"(?<![\p{{L}}])(?:{words})(?![\p{{L}}])", regex.IGNORECASE | regex.VERSION1)


def direction_of(before: str, rules: RuleSet) -> Direction | None:
    """The direction word nearest before the figure (the last to start)."""
    last = None
    for last in direction_pattern(rules).finditer(before, overlapped=True, timeout=rx.limit(len(before))):  # noqa: B007
        pass
    return last.lastgroup if last else None  # type: ignore[return-value]


def _compiled(rules: RuleSet, key: str) -> regex.Pattern[str]:
    return _pattern(rules, key, str(settings(rules).get("years", {}).get(key, "(?!)")))


@functools.cache
def _pattern(rules: RuleSet, key: str, pattern: str) -> regex.Pattern[str]:
    return regex.compile(pattern, regex.IGNORECASE | regex.VERSION1)


YEAR = regex.compile(r"(?:19|20)\d\d")
YEAR_LEAD = 30  # characters a year phrase may start before its year ("giai đoạn từ năm 2021": 17)


@functools.lru_cache(maxsize=8)
def year_positions(text: str) -> list[int]:
    """Where a four-digit year stands in a text, computed once per document."""
    return [m.start() for m in YEAR.finditer(text)]


def year_windows(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The stretches of text[start:end] a year phrase can stand in: around each four-digit year, from a little
    before it to just after it, overlapping ones merged (every phrase holds a year; none starts far before
    it). Empty when the span names no year, as most lines do."""
    positions = year_positions(text)
    windows: list[tuple[int, int]] = []
    for i in range(bisect.bisect_left(positions, start), bisect.bisect_left(positions, end)):
        lo, hi = max(start, positions[i] - YEAR_LEAD), min(end, positions[i] + 12)
        if windows and lo <= windows[-1][1]:
            windows[-1] = (windows[-1][0], hi)
        else:
            windows.append((lo, hi))
    return windows


@functools.lru_cache(maxsize=8)
def year_phrases(text: str, rules: RuleSet) -> tuple[list[int], list[tuple[int, int, int, int]]]:
    """Every due-year phrase of a text as (start, year start, end, year), sorted, with the starts for
    bisecting: read once per document, then every figure asks for the ones in its line, its clause or a
    heading above it.

    Baselines ("so với năm 2020"), visions ("tầm nhìn đến năm 2030"), starts ("từ năm 2021") and the year of a
    written date ("ngày 27 tháng 3 năm 2020") are not due years.
    """
    found: list[tuple[int, int, int, int]] = []
    spans: list[tuple[int, int]] = []
    windows = year_windows(text, 0, len(text))
    period, due, not_due = (_compiled(rules, key) for key in ("period", "due", "not_due"))
    for lo, hi in windows:
        for match in period.finditer(text, lo, hi, timeout=rx.limit(hi - lo)):
            found.append((match.start(), match.start("end"), match.end(), int(match.group("end"))))
            spans.append(match.span())
    for lo, hi in windows:
        for match in due.finditer(text, lo, hi, timeout=rx.limit(hi - lo)):
            if any(a <= match.start() < b for a, b in spans):
                continue
            if not_due.search(text, max(0, match.start() - 40), match.start(), timeout=rx.limit(40)):
                continue
            group = next(g for g in ("year", "year2", "year3") if match.group(g))
            found.append((match.start(), match.start(group), match.end(), int(match.group(group))))
    found.sort()
    return [start for start, *_ in found], found


def year_candidates(text: str, start: int, end: int, rules: RuleSet) -> list[tuple[int, int]]:
    """(end position, year) of every due-year phrase whose year stands in text[start:end], in order: period
    ends and 'đến năm 2025' (its opening words may lie before `start`: "Đến\nnăm 2020" is read whole)."""
    starts, phrases = year_phrases(text, rules)
    near = phrases[bisect.bisect_left(starts, start - YEAR_LEAD) : bisect.bisect_left(starts, end)]
    return sorted((stop, year) for _, year_start, stop, year in near if year_start >= start and stop <= end)


def heading_year(text: str, pos: int, rules: RuleSet) -> int | None:
    """The year of the nearest heading above `pos` that names one: '- Đến năm 2030:'.

    Only lines that hold a four-digit year can answer, so the walk goes from year to year, not line to line.
    """
    floor = max(0, pos - HEADING_WINDOW)
    end = text.rfind("\n", floor, pos)
    positions = year_positions(text)
    i = bisect.bisect_left(positions, end) - 1
    checked = -1
    while end > floor and i >= 0 and positions[i] >= floor:
        begin = text.rfind("\n", 0, positions[i]) + 1  # the whole line, even one that starts above the floor
        i -= 1
        if begin == checked:
            continue
        checked = begin
        stop = text.find("\n", begin, end + 1)
        line = text[begin:stop].strip()
        if line and (line.endswith(":") or len(line) <= HEADING_CHARS):
            found = year_candidates(text, begin, stop, rules)
            if found:
                return found[-1][1]
    return None


def due_year(
    text: str, value_span: tuple[int, int], clause: tuple[int, int], rules: RuleSet, default: int | None
) -> int | None:
    """Right after the figure, else the nearest before it in its line, else after it in its clause, else the
    nearest heading above, else the plan's horizon."""
    after = _compiled(rules, "after").match(
        text, value_span[1], clause[1], timeout=rx.limit(clause[1] - value_span[1])
    )
    if after:
        return int(after.group("year"))
    line_start = max(text.rfind("\n", 0, clause[0]) + 1, clause[0] - LINE_WINDOW)
    before = year_candidates(text, line_start, value_span[0], rules)
    if before:
        return before[-1][1]
    later = year_candidates(text, value_span[1], clause[1], rules)
    if later:
        return later[0][1]
    return heading_year(text, line_start, rules) or default


def horizon(
    text: str, rules: RuleSet, period: tuple[int, int] | None = None, title: str | None = None
) -> int | None:
    """The year a plan is due: the end of its period, else the first due year of its title or opening."""
    if period and period[1] != period[0]:
        return period[1]
    for stretch, end in ((title or "", len(title or "")), (text, min(len(text), HORIZON_CHARS))):
        found = year_candidates(stretch, 0, end, rules)  # the opening as a bound: the text's phrases are read
        if found:
            return found[0][1]
    return period[1] if period else None


def is_goal(before: str, clause: str, rules: RuleSet, plan_like: bool, after: str = "") -> bool:
    """A goal the plan sets, unless the words before it (or "so với cùng kỳ" after it) report a result."""
    conf = settings(rules)
    if rx.match(conf.get("reported_after", "(?!)"), after, regex.IGNORECASE, timeout=1.0):
        return False
    if rx.search(conf["reported"], before, regex.IGNORECASE, timeout=1.0) and not rx.search(
        r"phấn\s+đấu|mục\s+tiêu|chỉ\s+tiêu|đến\s+năm|kế\s+hoạch", clause, regex.IGNORECASE, timeout=1.0
    ):
        return False
    return plan_like or bool(rx.search(conf["goal"], clause, regex.IGNORECASE, timeout=1.0))


EARLIER_FIGURE = regex.compile(r"\d+(?:[.,]\d+)*\s?(?:%|‰|phần\s+trăm)")
UNIT_TAIL = regex.compile(r"^\s*(?:/\s*(?:năm|tháng|người)\b|[.\-–/])+\s*")


def indicator_of(before: str, after: str) -> str | None:
    """What is measured: 'tỷ lệ trẻ em ...' before the figure, else the noun phrase after it.

    When an earlier figure of the same clause stands between the head and this figure ("tỷ lệ hộ nghèo
    giảm trên 4,2%, riêng các huyện … giảm 6%"), the figures share the indicator up to the first one.
    """
    heads = list(INDICATOR_HEAD.finditer(before))
    head = heads[-1] if heads else None
    if head:
        earlier = EARLIER_FIGURE.search(before, head.end())
        phrase = before[head.start() : earlier.start() if earlier else len(before)]
        return nlp.trim_phrase(phrase) or None
    return nlp.trim_phrase(UNIT_TAIL.sub("", after), leading=True) or None


def scope_of(clause: str, rules: RuleSet) -> str | None:
    match = rx.search(settings(rules)["scopes"], clause, regex.IGNORECASE, timeout=1.0)
    return match.group(0).lower() if match else None


def build(
    text: str, match: regex.Match[str], rule: Rule, rules: RuleSet, ctx: dict[str, Any]
) -> list[Target]:
    clause = clause_span(text, match.start(), match.end())
    before = text[clause[0] : match.start()]
    after = text[match.end() : clause[1]]
    value = parse_number(match.group("value"))
    unit = unit_of(match.group("unit"))
    goal = is_goal(before, text[clause[0] : clause[1]], rules, ctx["plan_like"], after)
    common = dict(
        text=text[clause[0] : clause[1]],
        unit=unit,
        direction=direction_of(before, rules),
        indicator=indicator_of(before, after),
        year=due_year(text, (match.start(), match.end()), clause, rules, ctx["default_year"])
        if goal
        else None,
        is_target=goal,
        scope=scope_of(after, rules),
        start=clause[0],
        end=clause[1],
        rule=rule.qualified_id,
    )
    comparator = comparator_of(before, after, rules) if goal else None
    out = []
    if match.groupdict().get("low"):  # "90-95%": the range gives a floor and a ceiling
        low = parse_number(match.group("low"))
        out.append(
            Target(
                value=low,
                comparator=">=" if goal else None,
                value_start=match.start("low"),
                value_end=match.end("low"),
                **common,
            )
        )  # type: ignore[arg-type]
        comparator = "<=" if goal else None
    out.append(
        Target(
            value=value,
            comparator=comparator,
            value_start=match.start("value"),
            value_end=match.end(),
            **common,
        )
    )  # type: ignore[arg-type]
    return out


def find_targets(
    text: str, rules: RuleSet, default_year: int | None = None, plan_like: bool = True
) -> tuple[Target, ...]:
    ctx = {"default_year": default_year, "plan_like": plan_like}
    found: list[Target] = []
    for rule in rules.of("targets"):
        for match in rule.finditer(text):
            found.extend(build(text, match, rule, rules, ctx))
    return tuple(shared_comparators(text, sorted(found, key=lambda t: t.value_start)))


# Between two figures of one enumeration: an aside, then a comma or "và" ("dưới 10% (nội thành), 5% …").
ENUMERATION_GAP = regex.compile(r"(?:\s*\([^()\n]{0,80}\))?\s*(?:,|;|và|hoặc)?\s*")


def shared_comparators(text: str, targets: list[Target]) -> list[Target]:
    """A comparator word at the head of an enumeration applies to each of its bare figures."""
    out: list[Target] = []
    for target in targets:
        prev = out[-1] if out else None
        if (
            prev is not None
            and target.comparator == "="
            and prev.comparator not in (None, "=")
            and prev.start == target.start  # the same clause
            and ENUMERATION_GAP.fullmatch(text, prev.value_end, target.value_start)
        ):
            target = replace(target, comparator=prev.comparator)
        out.append(target)
    return out
