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

from kehoach import rx
from kehoach.extract import indicators, nlp
from kehoach.records import Comparator, Direction, Measure, Scope, Target, Unit
from kehoach.rules import Rule, RuleSet

# A line break inside a sentence ("dưới\n5%", a hard wrap the normalizer kept) does not end a clause.
LINE_BREAK = r"\n(?!(?<=[\p{Ll},]\n)[\p{Ll}\d])"
CLAUSE_END = regex.compile(rf"[;]|{LINE_BREAK}|\.(?:\s|$)|\.{{2,}}|…")
CLAUSE_START = regex.compile(rf"[;:]|{LINE_BREAK}|\.(?=\s)|…", regex.REVERSE)
SENTENCE_START = regex.compile(r"\n|\.(?=\s)", regex.REVERSE)
HEADING_WINDOW = 3000  # characters above a figure where its heading may be
HEADING_CHARS = 100  # a line this short, or ending with ":", is a heading
LINE_WINDOW = 1500
HORIZON_CHARS = 1500  # the title and opening lines, where a plan names its horizon


def parse_number(raw: str) -> float:
    """'9,5' -> 9.5; '1.000' -> 1000; '99.5' -> 99.5 (a dot before other than three digits is decimal)."""
    if rx.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", raw):
        return float(raw.replace(".", "").replace(",", "."))
    return float(raw.replace(",", "."))


def unit_of(raw: str, rules: RuleSet) -> Unit:
    """'%' or '‰' of the unit as written ('%o' is a per mille sign typed with letters)."""
    words = rules.settings("targets").words("percent_words")  # "phần trăm"
    return "%" if raw.startswith("%") and raw not in ("%0", "%o") or any(w in raw for w in words) else "‰"


def interpret(rule: Rule, match: regex.Match[str], rules: RuleSet) -> dict[str, Any]:
    out: dict[str, Any] = {
        "value": parse_number(match.group("value")),
        "unit": unit_of(match.group("unit"), rules),
    }
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

    between = words.get("between", "(?!)")  # "dưới mức 5%", "trên khoảng 80%"
    before = rf"(?<![\p{{L}}])(?:{alternation('before')})\s*(?:{between})?$"
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
    """A settings pattern of patterns/targets.yml, compiled once; simple case folding (VERSION0) matches
    Vietnamese words as full folding does, at a third of the compile time."""
    return regex.compile(pattern, regex.IGNORECASE | regex.VERSION0)


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
    """The year written for the figure in its own clause first: right after it, else the nearest before it,
    else after it (up to a comparison, "so với …", whose year is the baseline's); then the nearest before it
    in its line, the nearest heading above, the plan's horizon.

    A year after a comma that follows the figure leads the next figure when one stands before this one in its
    clause ("đến năm 2025 đạt 17%, đến năm 2030 đạt 20%"); a year of the sentence or clause before is not this
    figure's when its own clause names one ("... vào năm 2030. 80% ngôi nhà ... vào năm 2025")."""
    after = _compiled(rules, "after").match(
        text, value_span[1], clause[1], timeout=rx.limit(clause[1] - value_span[1])
    )
    own = year_candidates(text, clause[0], value_span[0], rules)
    if after and not (after.group("comma") and own):
        return int(after.group("year"))
    if own:
        return own[-1][1]
    compared = _compiled(rules, "compared").search(
        text, value_span[1], clause[1], timeout=rx.limit(clause[1] - value_span[1])
    )
    later = year_candidates(text, value_span[1], compared.start() if compared else clause[1], rules)
    if later:
        return later[0][1]
    line_start = max(text.rfind("\n", 0, clause[0]) + 1, clause[0] - LINE_WINDOW)
    before = year_candidates(text, line_start, value_span[0], rules)
    if before:
        return before[-1][1]
    return heading_year(text, line_start, rules) or default


def horizon(
    text: str, rules: RuleSet, period: tuple[int, int] | None = None, title: str | None = None
) -> int | None:
    """The year a plan is due: the first due year of its title ("Kế hoạch ... năm 2026"), else the end of its
    period, else the first due year of its opening lines."""
    found = year_candidates(title or "", 0, len(title or ""), rules)
    if found:
        return found[0][1]
    opening = text[:HORIZON_CHARS]
    block = regex.compile(str(settings(rules).get("years", {}).get("plan_title", "(?!)")), regex.MULTILINE)
    heading = block.search(opening, timeout=rx.limit(len(opening)))
    found = year_candidates(heading.group(0), 0, len(heading.group(0)), rules) if heading else []
    if found:
        return found[0][1]
    if period and period[1] != period[0]:
        return period[1]
    found = year_candidates(text, 0, min(len(text), HORIZON_CHARS), rules)  # the text's phrases are read once
    if found:
        return found[0][1]
    return period[1] if period else None


def is_goal(before: str, clause: str, rules: RuleSet, plan_like: bool, after: str = "") -> bool:
    """A goal the plan sets, unless the words before it (or "so với cùng kỳ" after it) report a result."""
    conf = settings(rules)
    if reported_after(after, rules) and not _pattern(
        rules, "goal_strong", str(conf.get("goal_strong", "(?!)"))
    ).search(before, timeout=rx.limit(len(before))):
        return False
    reported = last_match(_pattern(rules, "reported", conf["reported"]), before)
    # a goal word before the reporting one is not its ("triển khai kế hoạch với sự tham gia của 100%")
    rest = clause[reported.start() :] if reported else clause  # `before` opens the clause
    if reported and not goal_clause(rest, rules):
        return False
    return plan_like or bool(rx.search(conf["goal"], clause, regex.IGNORECASE, timeout=1.0))


def goal_clause(clause: str, rules: RuleSet) -> bool:
    """Whether a goal word stands in the clause (targets.yml `goal_clause`: "phấn đấu", "chỉ tiêu" ...), which
    keeps a figure a goal after a word that would report it."""
    pattern = _pattern(rules, "goal_clause", str(settings(rules).get("goal_clause", "(?!)")))
    return bool(pattern.search(clause, timeout=rx.limit(len(clause))))


def reported_after(after: str, rules: RuleSet) -> bool:
    """Words right after a figure that report it: "tăng 9,3% so với cùng kỳ", "đạt 77,89% kế hoạch giao"."""
    pattern = _pattern(rules, "reported_after", str(settings(rules).get("reported_after", "(?!)")))
    return bool(pattern.match(after, timeout=rx.limit(len(after))))


# Back from a figure to the start of its sentence: a full stop, a blank line, a list item's line, a colon
# ending a line; hard-wrapped lines inside a sentence are crossed ("Tính đến\ntháng 6/2018, ... 41,01%").
SENTENCE_BACK = regex.compile(
    r"\.(?=\s)|\n\s*\n|\n(?=\s*(?:[-–+•*]|\(?\d{1,2}[.)](?!\d)|\(?\p{Ll}\)|[IVX]{1,4}\.))|:\s*\n",
    regex.REVERSE,
)
SENTENCE_WINDOW = 600
REACHED_WORDS = 40  # the words right before a figure that tell it reached ("đạt vượt", "bằng")
YEAR_TOKEN = regex.compile(r"(?<![\d.,/-])(?:19|20)\d\d(?![\d/-]|[.,]\d)")  # not in a date or a symbol


@functools.lru_cache(maxsize=8)
def result_sections(text: str, rules: RuleSet) -> tuple[tuple[int, int], ...]:
    """The spans of a text under a heading that reports results, up to the next heading that names goals."""
    conf = settings(rules).get("sections", {})
    heading = regex.compile(
        str(conf.get("heading", "(?!)")), regex.VERSION1 | regex.MULTILINE
    )  # case-sensitive: a line in capitals is a heading, a sentence is not
    results = _pattern(rules, "sections.results", str(conf.get("results", "(?!)")))
    goals = _pattern(rules, "sections.goals", str(conf.get("goals", "(?!)")))
    spans: list[tuple[int, int]] = []
    opened: int | None = None
    for line in heading.finditer(text, timeout=rx.limit(len(text))):
        words = line.group(0)
        if goals.search(words) and not results.search(words):
            if opened is not None:
                spans.append((opened, line.start()))
                opened = None
        elif results.search(words) and opened is None:
            opened = line.end()
    if opened is not None:
        spans.append((opened, len(text)))
    return tuple(spans)


def in_results(text: str, start: int, rules: RuleSet) -> bool:
    return any(a <= start < b for a, b in result_sections(text, rules))


def told_as_result(
    text: str, start: int, clause_start: int, rules: RuleSet, written: int | None, over_whole: bool = False
) -> bool:
    """A figure the text reports, read from its sentence: a result being told before it ("Tính đến tháng
    6/2018, ..."), a figure over 100 % told as reached (`over_whole`: "Thuận Bắc đạt 103%", measured against
    a plan or a past year), a headcount in its clause ("1.122.829 người chiếm 60,3%"), or only years before
    the text was written ("Trong năm 2020, Chỉ số cải cách hành chính ... đạt 80,89%"); no goal word after."""
    conf = settings(rules)
    floor = max(0, start - SENTENCE_WINDOW)
    stop = SENTENCE_BACK.search(text, floor, start, timeout=rx.limit(start - floor))
    words = text[stop.end() if stop else floor : start]
    strong = _pattern(rules, "goal_strong", str(conf.get("goal_strong", "(?!)")))
    reported = _pattern(rules, "reported_sentence", str(conf.get("reported_sentence", "(?!)")))
    told = last_match(reported, words)
    # the sentence is read from its cue on, or from its start when the line over it told the result
    under = told is None and stop is not None and told_under(text, stop.end(), reported, strong)
    told_from = told.end() if told else 0 if under else None
    if told_from is not None and not strong.search(words, told_from, timeout=rx.limit(len(words))):
        return True
    if strong.search(words, timeout=rx.limit(len(words))):
        return False
    over = _pattern(rules, "reported_over", str(conf.get("reported_over", "(?!)")))
    if over_whole and over.search(words[-REACHED_WORDS:], timeout=rx.limit(REACHED_WORDS)):
        return True
    if in_results(text, start, rules):
        return True
    clause = text[max(clause_start, stop.end() if stop else floor) : start]
    count = _pattern(rules, "reported_count", str(conf.get("reported_count", "(?!)")))
    if count.search(clause, timeout=rx.limit(len(clause))):
        return True
    share = _pattern(rules, "reported_share", str(conf.get("reported_share", "(?!)")))
    if share.search(clause, timeout=rx.limit(len(clause))) and not goal_clause(clause, rules):
        return True  # "163 nữ chiếm tỉ lệ 41,5%", unless a goal word stands in the clause
    latest = latest_year(words, rules) if written else None
    if latest is None:  # a sentence with no year of its own: the years of its paragraph
        floor = max(0, start - PARAGRAPH_WINDOW)  # a paragraph with no line break: the window, not the text
        paragraph = text[max(floor, text.rfind("\n", floor, start) + 1) : start]
        if strong.search(paragraph, timeout=rx.limit(len(paragraph))):
            return False
        # nor a cue of its own: the paragraph's ("Nhiệm kỳ vừa qua, Hội đã … . Hội đã xây dựng …; 90% …")
        if last_match(
            _pattern(rules, "reported_sentence", str(conf.get("reported_sentence", "(?!)"))), paragraph
        ):
            return True
        latest = latest_year(paragraph, rules) if written else None
    return written is not None and latest is not None and latest < written


PARAGRAPH_WINDOW = 1500
LEAD_IN_CHARS = 80


def told_under(text: str, stop: int, reported: regex.Pattern[str], strong: regex.Pattern[str]) -> bool:
    """Whether the line over the sentence starting at `stop` ends on a colon after a result's cue
    (targets.yml `reported_sentence`) and holds no goal word (`goal_strong`): "…, nhiệm kỳ (2018-2023), đến
    nay:" over "Có 100% xã, phường, thị trấn tổ chức Đại hội …" (gold 3636 Bình Thuận)."""
    lead = text[max(0, stop - LEAD_IN_CHARS) : stop].rstrip()  # a blank line may stand between
    if not lead.endswith(":"):
        return False
    lead = lead[:-1].rstrip()
    cue = last_match(reported, lead)
    return cue is not None and cue.end() == len(lead) and not strong.search(lead, timeout=rx.limit(len(lead)))


def over_whole(match: regex.Match[str], rules: RuleSet) -> bool:
    """Whether the figure is a percentage above 100 ("103%"): more than the whole of what it measures."""
    return unit_of(match.group("unit"), rules) == "%" and parse_number(match.group("value")) > 100


def latest_year(words: str, rules: RuleSet) -> int | None:
    """The latest year written in `words`, baselines ("so với năm 2020") left out."""
    baseline = _compiled(rules, "baseline")
    years = [
        int(m.group(0))
        for m in YEAR_TOKEN.finditer(words)
        if not baseline.search(words, max(0, m.start() - 30), m.start())
    ]
    return max(years, default=None)


def phrase_rx(rules: RuleSet, key: str) -> regex.Pattern[str]:
    """A pattern of patterns/indicators.yml `phrase:` (the head, an earlier figure, a unit's tail)."""
    return rx.compiled(rules.settings("indicators").section("phrase").pattern(key), PHRASE_FLAGS.get(key, 0))


PHRASE_FLAGS = {"head": regex.IGNORECASE}  # "Tỷ lệ", "tỷ lệ"; figures and unit tails are written exactly


def indicator_of(before: str, after: str, rules: RuleSet) -> str | None:
    """What is measured: 'tỷ lệ trẻ em ...' before the figure, else the noun phrase after it.

    When an earlier figure of the same clause stands between the head and this figure ("tỷ lệ hộ nghèo
    giảm trên 4,2%, riêng các huyện … giảm 6%"), the figures share the indicator up to the first one.
    """
    heads = list(phrase_rx(rules, "head").finditer(before))
    head = heads[-1] if heads else None
    if head:
        earlier = phrase_rx(rules, "earlier_figure").search(before, head.end())
        phrase = before[head.start() : earlier.start() if earlier else len(before)]
        return nlp.trim_phrase(phrase, rules) or None
    return nlp.trim_phrase(phrase_rx(rules, "unit_tail").sub("", after), rules, leading=True) or None


@functools.cache
def scope_patterns(rules: RuleSet) -> tuple[tuple[regex.Pattern[str], str], ...]:
    flags = regex.IGNORECASE | regex.VERSION1
    return tuple(
        (regex.compile(rf"(?<![\p{{L}}])(?:{entry['pattern']})(?![\p{{L}}])", flags), str(entry["form"]))
        for entry in settings(rules).get("scopes", [])
    )


@functools.cache
def any_scope(rules: RuleSet) -> regex.Pattern[str]:
    alternation = "|".join(f"(?:{entry['pattern']})" for entry in settings(rules).get("scopes", []))
    return regex.compile(alternation or "(?!)", regex.IGNORECASE | regex.VERSION1)


SCOPE_STOP = regex.compile(r";|\.(?:\s|$)")
NEXT_FIGURE = regex.compile(r"\d+(?:[.,]\d+)?\s?(?:%|‰)")
ASIDE = regex.compile(r"^\s*\([^()\n]{0,80}\)")


def next_clause(after: str, limit: int) -> int:
    """Where the words after a figure stop naming it: a ';' or a sentence end, and before the next figure, the
    comma that opens its clause ("đô thị đạt 100%, còn tại khu vực nông thôn đạt 95-98%")."""
    stop = SCOPE_STOP.search(after, 0, limit)
    end = stop.start() if stop else min(limit, len(after))
    figure = NEXT_FIGURE.search(after, 0, end)
    if figure:
        comma = after.rfind(",", 0, figure.start())
        end = comma if comma >= 0 else figure.start()
    return end


def scopes_of(after: str, before: str, rules: RuleSet) -> tuple[Scope, ...]:
    """Every population or area the figure is restricted to, as written and in controlled form: those in the
    words after the figure first, in order ("trên 93% dân số nông thôn"), then those before it, nearest first
    ("tỷ lệ trẻ em dưới 5 tuổi ở nông thôn bị suy dinh dưỡng dưới 20%": rural, then age:<5). Overlapping
    phrases count once (the first found); so does a form found twice."""
    out: list[Scope] = []
    # not the next figure's words ("đô thị đạt 100%, còn ... nông thôn"), nor the aside of the figure before
    # ("10% (nội thành), 5%")
    after = after[: next_clause(after, 120)]
    before = ASIDE.sub("", before[-160:], count=1)
    for stretch, last in ((after, False), (before, True)):
        if not any_scope(rules).search(stretch, timeout=rx.limit(len(stretch))):
            continue
        matches = [
            (m.start(), index, m)
            for index, (pattern, _) in enumerate(scope_patterns(rules))
            for m in pattern.finditer(stretch, timeout=rx.limit(len(stretch)))
        ]
        matches.sort(key=lambda item: (-item[0] if last else item[0], item[1]))
        kept: list[tuple[int, int]] = []
        for _, index, m in matches:
            if any(m.start() < end and start < m.end() for start, end in kept):
                continue
            kept.append(m.span())
            form = scope_patterns(rules)[index][1]
            groups = {k: v for k, v in m.groupdict().items() if v}
            form = form.format(**groups) if "{" in form else form
            if all(scope.form != form for scope in out):
                out.append(Scope(text=" ".join(m.group(0).split()), form=form))
    return tuple(out)


def measure_pattern(rules: RuleSet, key: str) -> regex.Pattern[str]:
    return _pattern(rules, "measures." + key, str(settings(rules).get("measures", {}).get(key, "(?!)")))


@functools.cache
def measure_start_pattern(rules: RuleSet) -> regex.Pattern[str]:
    pattern = str(settings(rules).get("measures", {}).get("start", "(?!)"))
    return regex.compile(pattern, regex.IGNORECASE | regex.VERSION1 | regex.REVERSE)


RANGE_RATIO = 5  # a written range's ends lie within this ratio ("9 - 10%", "0,1-0,15%", "5-10%")
MEASURE_WINDOW = 300  # characters before a figure where the words that govern it may stand


def governing_words(text: str, start: int, rules: RuleSet) -> str:
    """The words that govern the figure at `start`: back to a sentence end, a ';' or a list item's line, and
    no further than the figure before it ("tăng: 8,5-9,0%" under "(1) Tổng sản phẩm ... GRDP")."""
    floor = max(0, start - MEASURE_WINDOW)
    stop = measure_start_pattern(rules).search(text, floor, start, timeout=rx.limit(start - floor))
    words = text[stop.end() if stop else floor : start]
    earlier = last_match(phrase_rx(rules, "earlier_figure"), words)
    return words[earlier.end() :] if earlier else words


def last_match(pattern: regex.Pattern[str], text: str) -> regex.Match[str] | None:
    found = None
    for found in pattern.finditer(text, timeout=rx.limit(len(text))):  # noqa: B007
        pass
    return found


def is_baseline(before: str, after: str, rules: RuleSet) -> bool:
    return bool(
        measure_pattern(rules, "baseline_before").search(before[-20:], timeout=rx.limit(20))
        and measure_pattern(rules, "baseline_after").match(after, timeout=rx.limit(len(after)))
    )


def measure_of(before: str, after: str, rules: RuleSet) -> Measure:
    """level, change or rate (GOLD_FORMAT "Version 2"), from the words before the figure since any earlier
    figure of its clause (`before`) and right after it."""
    verb = last_match(measure_pattern(rules, "change"), before)
    growth = last_match(measure_pattern(rules, "growth"), before)
    changed = False
    if growth and (verb is None or growth.end() >= verb.start()):
        between = before[growth.end() :]
        changed = not measure_pattern(rules, "level_between").search(between, timeout=rx.limit(len(between)))
    elif verb:
        between = before[verb.end() :]
        changed = not (
            measure_pattern(rules, "level_between").search(between, timeout=rx.limit(len(between)))
            or measure_pattern(rules, "level_head").search(between, timeout=rx.limit(len(between)))
        )
    if measure_pattern(rules, "rate_after").match(after, timeout=rx.limit(len(after))):
        return "rate"
    if measure_pattern(rules, "exceed_before").search(before[-20:], timeout=rx.limit(20)) and measure_pattern(
        rules, "exceed_after"
    ).match(after, timeout=rx.limit(len(after))):
        return "change"
    if not changed or (
        measure_pattern(rules, "complete_before").search(before[-30:], timeout=rx.limit(30))
        and measure_pattern(rules, "complete_after").match(after, timeout=rx.limit(len(after)))
    ):  # "…, đạt 108,75% kế hoạch": the share of a plan reached
        return "level"
    anchor = min(m.start() for m in (verb, growth) if m is not None)
    window = before[max(0, anchor - 40) :]
    return (
        "rate"
        if measure_pattern(rules, "rate_before").search(window, timeout=rx.limit(len(window)))
        else "change"
    )


def build(
    text: str, match: regex.Match[str], rule: Rule, rules: RuleSet, ctx: dict[str, Any]
) -> list[Target]:
    clause = clause_span(text, match.start(), match.end())
    before = text[clause[0] : match.start()]
    after = text[match.end() : clause[1]]
    own = governing_words(text, match.start(), rules)
    baseline = is_baseline(own, after, rules)  # "từ 31,17% vào cuối năm 2018 xuống còn 26,73%"
    goal = (
        not baseline
        and is_goal(before, text[clause[0] : clause[1]], rules, ctx["plan_like"], after)
        and not told_as_result(
            text, match.start(), clause[0], rules, ctx["written"], over_whole=over_whole(match, rules)
        )
    )
    scopes = scopes_of(after, own, rules)
    low = match.groupdict().get("low")
    value = parse_number(match.group("value"))
    if low and not parse_number(low) * RANGE_RATIO >= value > parse_number(low):
        low = None  # "3 - 100%": a table's row number before a figure, not a range
    phrase = indicator_of(before, after, rules)
    headed = phrase if phrase_rx(rules, "head").search(before) else ""  # "tỷ lệ ...": it names it best
    named = (
        None
        if indicators.unmapped(after, rules)
        else indicators.find_indicator(
            (headed or "", own + match.group(0)),
            rules,
            indicators.naming_after(after, rules),
            indicators.clause_after(after, rules),
        )
    )
    return [
        Target(
            text=text[clause[0] : clause[1]],
            value=parse_number(low) if low else value,
            high=value if low else None,  # "90-95%": one target, its low end as the value
            unit=unit_of(match.group("unit"), rules),
            comparator=comparator_of(before, after, rules) if goal else None,
            direction=direction_of(before, rules),
            indicator=phrase,
            indicator_id=named[0] if named else None,
            year=due_year(text, (match.start(), match.end()), clause, rules, ctx["default_year"])
            if goal
            else None,
            is_target=goal,
            measure="level" if baseline else measure_of(own, after, rules),
            scope=scopes[0].text if scopes else None,
            scope_form=scopes[0].form if scopes else None,
            scopes=scopes,
            start=clause[0],
            end=clause[1],
            value_start=match.start() if low else match.start("value"),
            value_end=match.end(),
            rule=rule.qualified_id,
        )
    ]


def find_targets(
    text: str,
    rules: RuleSet,
    default_year: int | None = None,
    plan_like: bool = True,
    written: int | None = None,
) -> tuple[Target, ...]:
    """Every figure of a text; `written` is the year the text was written (figures of earlier years only
    are reported, not goals)."""
    ctx = {"default_year": default_year, "plan_like": plan_like, "written": written}
    found: list[Target] = []
    for rule in rules.of("targets"):
        # the figures first, then what the words say of each: a pattern's timeout runs while its matches are
        # read, and must not count the reading of every figure's sentence
        for match in list(rule.finditer(text)):
            found.extend(build(text, match, rule, rules, ctx))
    ordered = headlines(text, reported_paragraphs(text, sorted(found, key=lambda t: t.value_start), rules))
    ordered = page_widgets(text, ordered, rules)
    shared = shared_measures(text, shared_comparators(text, ordered, rules), rules)
    return tuple(shared_indicators(text, with_baselines(text, shared, rules), rules))


def as_reported(target: Target) -> Target:
    return replace(target, is_target=False, comparator=None, year=None)


def reported_paragraphs(text: str, targets: list[Target], rules: RuleSet) -> list[Target]:
    """A paragraph that reports one of its figures by the words after it ("tăng 9,3% so với cùng kỳ", "đạt
    100% kế hoạch năm 2014") reports the others too ("khách nội địa ... tăng 14,7% so với năm 2013"), unless
    a goal word stands in it ("phấn đấu", "mục tiêu", "chỉ tiêu" ...)."""
    strong = _pattern(rules, "goal_strong", str(settings(rules).get("goal_strong", "(?!)")))
    reporting: set[tuple[int, int]] = set()
    for target in targets:
        if not target.is_target and reported_after(text[target.value_end : target.end], rules):
            reporting.add(paragraph_span(text, target.value_start))
    if not reporting:
        return targets
    out = []
    for target in targets:
        span = paragraph_span(text, target.value_start)
        if (
            target.is_target
            and span in reporting
            and not strong.search(text, *span, timeout=rx.limit(span[1] - span[0]))
        ):
            target = as_reported(target)
        out.append(target)
    return out


def page_widgets(text: str, targets: list[Target], rules: RuleSet) -> list[Target]:
    """A figure alone on its line right under the line that dates the page ("Đăng ngày 09 - 03 - 2022" then
    "100%"): a portal's text-size control copied with the page, not a figure the text sets."""
    posted = _pattern(rules, "posted_line", str(settings(rules).get("posted_line", "(?!)")))
    out = []
    for target in targets:
        start, end = paragraph_span(text, target.value_start)
        alone = not text[start : target.value_start].strip() and not text[target.value_end : end].strip()
        if target.is_target and alone:  # the line above is read only for a figure alone on its line
            above = text[: max(0, start - 1)].rstrip().rpartition("\n")[2].strip()
            if posted.fullmatch(above, timeout=rx.limit(len(above))):
                target = as_reported(target)
        out.append(target)
    return out


def paragraph_span(text: str, pos: int) -> tuple[int, int]:
    end = text.find("\n", pos)
    return text.rfind("\n", 0, pos) + 1, len(text) if end < 0 else end


HEADLINE_CHARS = 600  # where a news page's headline stands: its first lines
ECHO_CHARS = 1200  # how far below the headline its figure is told again


def headlines(text: str, targets: list[Target]) -> list[Target]:
    """A figure in a headline (a line of the text's opening with no full stop) is the one the text tells again
    just below it: "Tỷ lệ bao phủ bảo hiểm y tế đạt 78,77%" over "Tính đến cuối tháng 9, ... chiếm tỷ lệ
    78,77% dân số" is reported as the later one is; a goal told again stays a goal."""
    out = list(targets)
    for i, target in enumerate(targets):
        if target.value_start >= HEADLINE_CHARS:
            break
        line = paragraph_span(text, target.value_start)
        if text[line[0] : line[1]].rstrip().endswith((".", ";", ":")):
            continue
        echo = next(
            (
                later
                for later in targets[i + 1 :]
                if later.value_start - target.value_end <= ECHO_CHARS
                and (later.value, later.high, later.unit) == (target.value, target.high, target.unit)
                and paragraph_span(text, later.value_start) != line
            ),
            None,
        )
        if echo is not None and echo.is_target != target.is_target:
            out[i] = replace(target, is_target=echo.is_target, comparator=echo.comparator, year=echo.year)
    return out


def exact(rules: RuleSet, key: str) -> regex.Pattern[str]:
    """A case-sensitive pattern of patterns/targets.yml's settings (`enumeration_gap`, `sentence_break`)."""
    return rx.compiled(rules.settings("targets").pattern(key))


def shared_comparators(text: str, targets: list[Target], rules: RuleSet) -> list[Target]:
    """A comparator word at the head of an enumeration applies to each of its bare figures."""
    out: list[Target] = []
    gap = exact(rules, "enumeration_gap")
    for target in targets:
        prev = out[-1] if out else None
        if (
            prev is not None
            and target.comparator == "="
            and prev.comparator not in (None, "=")
            and prev.start == target.start  # the same clause
            and gap.fullmatch(text, prev.value_end, target.value_start)
        ):
            target = replace(target, comparator=prev.comparator)
        out.append(target)
    return out


def shared_measures(text: str, targets: list[Target], rules: RuleSet) -> list[Target]:
    """A change or rate at the head of an enumeration applies to the figures that follow it in the same
    sentence when nothing of their own is written between ("giảm 2% hộ nghèo và 3% hộ nghèo DTTS")."""
    out: list[Target] = []
    own_words = measure_pattern(rules, "own_words")
    named_item = _pattern(rules, "measures.named_item", settings(rules)["measures"].get("named_item", "(?!)"))
    for target in targets:
        prev = out[-1] if out else None
        if prev is not None and prev.measure != "level" and target.measure == "level":
            between = text[prev.value_end : target.value_start]
            if (
                len(between) <= 150
                and not exact(rules, "sentence_break").search(between)
                and (";" not in between or bool(named_item.match(between.rsplit(";", 1)[-1])))
                and not own_words.search(between, timeout=rx.limit(len(between)))
                and not measure_pattern(rules, "change").search(between, timeout=rx.limit(len(between)))
            ):
                target = replace(target, measure=prev.measure)
        out.append(target)
    return out


def with_baselines(text: str, targets: list[Target], rules: RuleSet) -> list[Target]:
    """A baseline ("từ 24% năm 2020 xuống dưới 20% năm 2025") is linked to the figure it leads to."""
    out: list[Target] = []
    for target in targets:
        prev = out[-1] if out else None
        if prev is not None and not prev.is_target and prev.start <= target.value_start <= prev.end + 1:
            after = text[prev.value_end : target.value_start]
            found = measure_pattern(rules, "baseline_after").match(after, timeout=rx.limit(len(after)))
            before = text[max(0, prev.value_start - 20) : prev.value_start]
            if found and measure_pattern(rules, "baseline_before").search(before, timeout=rx.limit(20)):
                year = int(found.group("year")) if found.group("year") else None
                target = replace(target, baseline=prev.value, baseline_year=year)
        out.append(target)
    return out


def first_year(title: str | None, rules: RuleSet) -> int | None:
    """The first year a title names ("... năm 2021 và những năm tiếp theo"): when a text carries no date, the
    year it was written in is taken to be that of its plan."""
    found = year_candidates(title or "", 0, len(title or ""), rules)
    return min((year for _, year in found), default=None)


def shared_indicators(text: str, targets: list[Target], rules: RuleSet) -> list[Target]:
    """A figure that names nothing takes the indicator of the figure before it in its sentence, when no new
    indicator is named between them and nothing is said of it after ("tiểu học 99,8%; trung học cơ sở 95%",
    "đạt 90% vào năm 2025 và 95% vào năm 2030")."""
    out: list[Target] = []
    own_predicate = _pattern(rules, "own_predicate", settings(rules).get("own_predicate", "(?!)"))
    for target in targets:
        prev = out[-1] if out else None
        if prev is not None and prev.indicator_id and target.indicator_id is None:
            between = text[prev.value_end : target.value_start]
            after = indicators.clause_after(text[target.value_end : target.end], rules)
            if (
                len(between) <= 150
                and not exact(rules, "sentence_break").search(between)
                and not phrase_rx(rules, "head").search(between)
                and indicators.few_own_words(between, rules)
                and not own_predicate.search(after)
                and not indicators.unmapped(text[target.value_end : target.end], rules)
            ):
                target = replace(target, indicator_id=prev.indicator_id)
        out.append(target)
    return out
