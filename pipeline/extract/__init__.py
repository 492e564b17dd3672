"""Stage 3: Document -> Extraction. A pure function of the text and the rules: no I/O here.

Order matters: references and bodies first (they need the province, which the header and the text
give), then the subject (which reads the references), then tasks and targets (targets take the plan's
year as their default due year).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from kehoach.extract import assignments, bodies, dates, references, relations, subject, targets, tasks
from kehoach.records import Document, Extraction
from kehoach.rules import Rule, RuleSet, load_rules

# rule file -> how a match of one of its rules becomes contract fields (used by the rule examples test)
INTERPRETERS: dict[str, Callable[..., dict[str, Any]]] = {
    "dates": dates.interpret,
    "references": references.interpret,
    "relations": relations.interpret,
    "bodies": bodies.interpret,
    "targets": targets.interpret,
    "tasks": tasks.interpret,
    "assignments": assignments.interpret,
}


def interpret(rule: Rule, match: Any, rules: RuleSet) -> dict[str, Any]:
    fn = INTERPRETERS.get(rule.file)
    return fn(rule, match, rules) if fn else {}


def extract(doc: Document, rules: RuleSet | None = None) -> Extraction:
    rules = rules or load_rules()
    text = doc.text
    clock: list[tuple[str, float]] = []
    t0 = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal t0
        now = time.perf_counter()
        clock.append((name, now - t0))
        t0 = now

    kind = subject.kind_of(text, rules)
    header = subject.header_issuer(text, rules) if kind == "plan_text" else None
    place = subject.place_date(text, rules)[0] if kind == "plan_text" else None
    levels = subject.header_levels(text, rules)  # "SỞ GD-ĐT QUẢNG NGÃI" over a school's line
    province = subject.province_of(text, rules, [header, place, *levels], doc.source.get("site"))
    lap("province")
    found_dates = dates.find_dates(text, rules)
    lap("dates")
    refs = references.find_references(text, rules, province)
    lap("references")
    found_bodies = bodies.find_bodies(text, rules, province)
    lap("bodies")
    ocr_header = bool(doc.pages and doc.pages[0].ocr)
    subj = subject.find_subject(text, refs, found_bodies, rules, province, ocr_header)
    subj = subject.site_placed(
        subj, province, doc.source.get("site"), rules
    )  # "UBND tỉnh" of baovinhlong.com.vn
    province = province or subject.province_of(text, rules, [subj.issuer if subj else None], None)
    dated = (subj.issued if subj else None) or max((d.date for d in found_dates), default=None)
    province = subject.province_then(province, dated, rules)  # "thành phố Huế" of 2022: Thừa Thiên Huế
    refs = relations.relate(text, subject.with_subject(refs, subj), subj.symbol if subj else None, rules)
    # a text with no line fit to be a title (an unreadable PDF font) is named by its file, never by chrome
    title = subject.title_of(text, kind, subj, rules, doc.title) or doc.source.path.rsplit("/", 1)[-1]
    # a goal with no year of its own is due at the plan's horizon, else in the year the text was dated
    default_year = targets.horizon(text, rules, subj.period if subj else None, title) or max(
        (int(d.date[:4]) for d in found_dates), default=None
    )
    lap("subject")
    found_tasks = tasks.find_tasks(text, rules, doc.tables, province)
    lap("tasks")
    # the year the text was written: figures of earlier years only are reported, not goals
    written = (
        int(subj.issued[:4])
        if subj and subj.issued
        else max((int(d.date[:4]) for d in found_dates), default=None)
        or (subj.period[0] if subj and subj.period else None)  # a plan for 2021 is not written before 2021
        or targets.first_year(title, rules)
    )
    found_targets = targets.find_targets(text, rules, default_year, written=written)
    lap("targets")
    goals = sum(1 for t in found_targets if t.is_target)
    lead_end = len(subject.opening(text, subject.PLAN_NEWS_CHARS))
    lead_goals = sum(1 for t in found_targets if t.is_target and t.start < lead_end)
    results = subject.results_lead(text, found_targets, rules)
    kind = subject.document_kind(kind, subj, rules, text, title, goals, lead_goals, results)
    return Extraction(
        document=doc,
        kind=kind,
        title=title,
        province=province,
        subject=subj,
        references=refs,
        dates=found_dates,
        bodies=found_bodies,
        tasks=found_tasks,
        targets=found_targets,
        timings=tuple(clock),
    )
