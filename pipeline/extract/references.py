"""Cited documents by số ký hiệu (patterns/references.yml), with the date and issuer written next to them."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import replace
from types import MappingProxyType
from typing import Any

import regex

from kehoach import rx
from kehoach.extract.bodies import body_at, joined, written_out
from kehoach.extract.dates import date_at
from kehoach.extract.vocab import code_key, doc_type_of_code, doc_type_of_word, issuer_entry, province_level
from kehoach.records import Reference
from kehoach.rules import Rule, RuleSet
from kehoach.text import per_text, symbol_key

SEGMENT_SEP = regex.compile(r"\s?[/\-–‐]\s?|\.")  # the separators of references.yml SEP and DOT
VERB_REACH = 40  # characters before a symbol where the verb of a sentence announcing it ends


def codes_of(match: regex.Match[str], rules: RuleSet) -> tuple[str | None, str | None]:
    """(type_code, issuer_code): "KH-UBND" -> (KH, UBND); "LĐTBXH-TE" -> (None, LĐTBXH);
    "QH14" -> (None, QH14)
    (codes with Đ however it was typed)."""
    segments = [code_key(segment) for segment in SEGMENT_SEP.split(match.group("codes"))]
    if doc_type_of_code(segments[0], rules):
        return segments[0], segments[1] if len(segments) > 1 else None
    return None, segments[0]


def fields(match: regex.Match[str], rules: RuleSet) -> dict[str, Any]:
    type_code, issuer_code = codes_of(match, rules)
    symbol = match.group(0)[match.start("number") - match.start() :].strip()
    doc_type = doc_type_of_word(match.group("type_word"), rules) or doc_type_of_code(type_code, rules)
    return {
        "symbol": symbol,
        "number": match.group("number"),
        "year": int(match.group("year")) if match.group("year") else None,
        "type_code": type_code,
        "issuer_code": issuer_code,
        "doc_type": doc_type,
    }


def interpret(rule: Rule, match: regex.Match[str], rules: RuleSet) -> dict[str, Any]:
    return fields(match, rules)


def implied_issuer(issuer_code: str | None, rules: RuleSet, province: str | None) -> str | None:
    """The issuer a code names on its own (TTg, QH14) or, for a local code, with the document's province."""
    entry = issuer_entry(issuer_code, rules)
    if not entry:
        return None
    if entry.implied:
        return entry.name
    if entry.local and entry.levelled:  # "Ủy ban nhân dân thành phố Hà Nội", "Ủy ban nhân dân tỉnh" unplaced
        return f"{entry.name} {province_level(province, rules)} {province or ''}".rstrip()
    if entry.local and province:  # SNV in a Lâm Đồng document: Sở Nội vụ tỉnh Lâm Đồng
        return f"{entry.name} {province_level(province, rules)} {province}"
    return None


Trailing = tuple[str | None, str | None, int, str | None]  # issued, issuer, end, the body named after "của"


def trailing(text: str, end: int, rules: RuleSet, province: str | None, bodies: int = 1) -> Trailing:
    """The date and the issuer written right after a symbol: '… ngày 09/06/2021 của Ủy ban nhân dân tỉnh';
    when no known body follows "của", the name written there (links.named_issuer: "của Hội đồng Đội tỉnh
    Lâm Đồng", "LĐLĐ huyện" written out), which counts only when no other mention names a known body and the
    symbol's code implies none."""
    links = rules.settings("references").section("links")
    issued, issuer, named = None, None, None
    link = rx.match(links.pattern("date"), text[end : end + 60], regex.IGNORECASE, timeout=1.0)
    if link and (found := date_at(text, end + link.end(), rules)):
        issued, end = found
    link = rx.match(links.pattern("issuer"), text[end : end + 30], regex.IGNORECASE, timeout=1.0)
    if link and (body := titled_body(text, end + link.end(), rules, province)):
        issuer, end = body
        if bodies > 1:  # a joint document's bodies, each named ("của LĐLĐ huyện Ba Tri và UBND huyện Ba Tri")
            issuer, end = joint_bodies(text, [issuer], end, rules, province, bodies)
    elif not link and issued and (body := after_date(text, end, rules, province)):
        issuer, end = body
    elif link:
        at = end + link.end()
        name = rx.match(links.pattern("named_issuer"), text[at : at + 120], timeout=1.0)
        named = written_out(name.group(0).strip(), rules) if name else None
    return issued, issuer, end, named


def joint_bodies(
    text: str, names: list[str], end: int, rules: RuleSet, province: str | None, bodies: int
) -> tuple[str, int]:
    """The bodies of a joint document (`joint_count`) named one after another after "của", joined by a comma,
    "và" or a dash (links.joint_link: "của UBND – UBMTTQ Việt Nam huyện Thanh Oai", "của Ủy ban Thường vụ Quốc
    hội, Chính phủ và Đoàn Chủ tịch Ủy ban Trung ương …"): all of them, joined as REVIEW.md T79 writes them
    ("A và B", "A, B và C"); a name no vocabulary knows is read as links.joint_named reads it. Fewer names
    than its codes: the first alone, as before."""
    links = rules.settings("references").section("links")
    while len(names) < bodies:
        link = rx.match(links.pattern("joint_link"), text[end : end + 12], timeout=1.0)
        if link is None:
            break
        at = end + link.end()
        body = titled_body(text, at, rules, province)
        if body is None:
            named = rx.match(links.pattern("joint_named"), text[at : at + 120], timeout=1.0)
            body = (written_out(named.group(0).strip(), rules), at + named.end()) if named else None
        if body is None:
            break
        names.append(body[0])
        end = body[1]
    return (joined(names), end) if len(names) == bodies else (names[0], end)


def joint_count(codes: str, rules: RuleSet) -> int:
    """How many bodies a joint document's codes name (links.joint_type: "NQLT-UBTVQH14-CP-ĐCTUBTWMTTQVN" -> 3,
    "KHPH-LĐLĐ-UBND" -> 2); 1 for any other document."""
    segments = [s for s in SEGMENT_SEP.split(codes) if s.strip()]
    joint = rules.settings("references").section("links").pattern("joint_type")
    return len(segments) - 1 if segments and rx.fullmatch(joint, segments[0].strip(), timeout=1.0) else 1


def titled_body(text: str, pos: int, rules: RuleSet, province: str | None) -> tuple[str, int] | None:
    """The body whose name starts at `pos`, with the office holder written before it (links.title: "Chủ tịch
    UBND huyện Đông Sơn" -> "Chủ tịch Ủy ban nhân dân huyện Đông Sơn", "Giám đốc Sở Tài chính")."""
    holder = rules.settings("references").section("links").pattern("title")
    title = rx.match(holder, text[pos : pos + 30], timeout=1.0)
    direct = body_at(text, pos, rules, province)
    body = body_at(text, pos + title.end(), rules, province) if title else None
    if title and body and (direct is None or body[1] >= direct[1]):  # the longer reading wins, as in body_at
        return " ".join([*title.group(0).split(), body[0]]), body[1]
    return direct


def placed(issuer: str | None, implied: str | None) -> str | None:
    """A body named before a symbol without its place, completed by the one its code implies with the
    document's province ("Giám đốc Sở Y tế" and SYT -> "Giám đốc Sở Y tế tỉnh Khánh Hòa")."""
    if not issuer or not implied:
        return issuer
    words = issuer.split()
    for i in range(len(words)):
        name = " ".join(words[i:])
        if implied.startswith(name + " "):
            return " ".join([*words[:i], implied])
    return issuer


BEFORE_REACH = 160  # characters before a symbol where the name of the body that issues it may start
WORD_START = regex.compile(r"(?<![\p{L}\p{N}&])\p{L}")


def body_before(text: str, start: int, rules: RuleSet, province: str | None) -> str | None:
    """The body whose name ends right before the verb that issues the symbol at `start`, or before "tại"
    (links.body_before: "UBND huyện ban hành Chỉ thị số …", "đề nghị của Giám đốc Sở Tài chính tại Tờ trình số
    …"); its name may start anywhere on the symbol's line within BEFORE_REACH characters, the longest is
    kept."""
    gap = rules.settings("references").section("links").pattern("body_before")
    if not rx.search(f"(?:{gap})$", text[max(0, start - 40) : start], timeout=1.0):
        return None
    line = max(text.rfind("\n", 0, start), start - BEFORE_REACH) + 1
    for word in WORD_START.finditer(text, line, start):
        body = titled_body(text, word.start(), rules, province)
        if body and body[1] < start and rx.fullmatch(gap, text[body[1] : start], timeout=1.0):
            return body[0]
    return None


def after_date(text: str, end: int, rules: RuleSet, province: str | None) -> tuple[str, int] | None:
    """The body written right after a reference's date without "của" (links.issuer_after_date): "Kết luận số
    51-KL/TW ngày 30/5/2019 Ban Bí thư về …", "Nghị quyết số 18-NQ/TW ngày 16/6/2022, Hội nghị lần thứ năm Ban
    Chấp hành Trung ương Đảng khóa XIII về …"; only where the name ends the mention
    (links.issuer_after_date_end), so that a body opening a sentence of its own ("…, UBND tỉnh ban hành") is
    not taken for the issuer."""
    links = rules.settings("references").section("links")
    link = rx.match(links.pattern("issuer_after_date"), text[end : end + 80], timeout=1.0)
    body = body_at(text, end + link.end(), rules, province) if link else None
    if body and rx.match(links.pattern("issuer_after_date_end"), text[body[1] : body[1] + 40], timeout=1.0):
        return body
    return None


def leading(text: str, start: int, rules: RuleSet, province: str | None) -> tuple[str | None, str | None]:
    """The date and body that open a sentence announcing a symbol: 'Ngày 23/01/2017, UBND tỉnh X ban hành'."""
    links = rules.settings("references").section("links")
    # only the last 200 characters are searched: over the whole text, a text dense with symbols and without
    # a full stop cost a scan back to its start per symbol (quadratic: 20 s per MB)
    window = max(0, start - 200)
    sentence = max(text.rfind(". ", window, start), text.rfind("\n", window, start), start - 200) + 1
    # the verb ends the stretch before the symbol ("… ban hành" + "Công văn số …"): only its tail can hold it
    tail = text[max(sentence, start - VERB_REACH) : start]
    if not rx.search(links.pattern("leading_verb"), tail, regex.IGNORECASE, timeout=1.0):
        return None, None
    opening = rx.match(links.pattern("leading_date"), text[sentence:start], regex.IGNORECASE, timeout=1.0)
    found = date_at(text, sentence + opening.end(), rules) if opening else None
    if not found:
        return None, None
    comma = rx.match(links.pattern("leading_body"), text[found[1] : start], timeout=1.0)
    body = body_at(text, found[1] + comma.end(), rules, province) if comma else None
    return found[0], body[0] if body else None


@functools.lru_cache(maxsize=8)
def scan(text: str, rules: RuleSet) -> tuple[tuple[Rule, regex.Match[str], Mapping[str, Any]], ...]:
    """Every symbol written in a text, with its rule and its fields (read-only): scanned and read once per
    document, used by several steps."""
    return tuple(
        (rule, match, MappingProxyType(fields(match, rules)))
        for rule in rules.of("references")
        for match in rule.finditer(text)
    )


@per_text
def symbol_matches(text: str, rules: RuleSet) -> tuple[tuple[int, str], ...]:
    """(start, symbol) of every symbol written in a text."""
    return tuple((match.start(), info["symbol"]) for _, match, info in scan(text, rules))


def mentions(
    text: str, rules: RuleSet, province: str | None = None, named: dict[int, str] | None = None
) -> list[Reference]:
    """Every occurrence of a symbol, in text order; `named` (filled) keeps, by start, the body a mention
    without an issuer names after "của" (see trailing)."""
    found: list[Reference] = []
    written: set[int] = set()  # the mentions whose issuer the text writes
    for rule, match, info in scan(text, rules):
        bodies = joint_count(match.group("codes"), rules)
        issued, issuer, end, loose = trailing(text, match.end(), rules, province, bodies)
        if loose and named is not None:
            named[match.start()] = loose
        if issued is None:
            issued, opener = leading(text, match.start(), rules, province)
            issuer = issuer or opener
        implied = implied_issuer(info["issuer_code"], rules, province)
        issuer = issuer or placed(body_before(text, match.start(), rules, province), implied)
        if issuer:
            written.add(match.start())
        issuer = issuer or implied
        year = info["year"] or (int(issued[:4]) if issued else None)
        found.append(
            Reference(
                text=text[match.start() : end],
                **{**info, "year": year},
                issued=issued,
                issuer=issuer,
                start=match.start(),
                end=end,
                rule=rule.qualified_id,
            )
        )
    return shared(text, sorted(found, key=lambda r: r.start), written, rules)


def shared(text: str, found: list[Reference], written: set[int], rules: RuleSet) -> list[Reference]:
    """A mention with no issuer at all, joined to the next one by a comma or "và" (links.coordinated), takes
    the issuer the text writes for that one ("Nghị quyết số 18-NQ/TW, 19-NQ/TW của Ban Chấp hành Trung ương
    Đảng", "Kết luận số 182-KL/TW, ngày 29/7/2025 và Kết luận số 218-KL/TW, ngày 24/11/2025 của Bộ Chính
    trị"); from the last to the first, so a list of several takes it."""
    joined = rules.settings("references").section("links").pattern("coordinated")
    for i in range(len(found) - 2, -1, -1):
        ref, after = found[i], found[i + 1]
        if ref.issuer is None and after.start in written and 0 <= after.start - ref.end <= 12:
            if rx.fullmatch(joined, text[ref.end : after.start], timeout=1.0):
                found[i] = replace(ref, issuer=after.issuer)
                written.add(ref.start)
    return found


def richness(ref: Reference) -> int:
    return (ref.issued is not None) * 2 + (ref.issuer is not None) + (ref.doc_type is not None)


def merge(group: list[Reference]) -> Reference:
    """One reference per document: the most informative mention, gaps filled from the others."""
    best = max(group, key=richness)
    issued = best.issued or next((r.issued for r in group if r.issued), None)
    doc_type = best.doc_type or next((r.doc_type for r in group if r.doc_type), None)
    issuer = best.issuer or next((r.issuer for r in group if r.issuer), None)
    year = best.year or (int(issued[:4]) if issued else None)
    return Reference(
        text=best.text,
        symbol=best.symbol,
        number=best.number,
        year=year,
        type_code=best.type_code,
        issuer_code=best.issuer_code,
        doc_type=doc_type,
        issued=issued,
        issuer=issuer,
        start=best.start,
        end=best.end,
        rule=best.rule,
    )


def named_issuer(ref: Reference, group: list[Reference], named: dict[int, str]) -> Reference:
    """A document no mention gives a known issuer: the body written after "của" at its first mention that
    names one ("Hướng dẫn số 85-HD/BTG ngày 21/8/2019 của Ban Tuyên giáo Đảng ủy Khối", gold 958 Lai Châu,
    2821 Lạng Sơn, 3800 Lâm Đồng)."""
    if ref.issuer is not None:
        return ref
    name = next((named[r.start] for r in group if r.start in named), None)
    return replace(ref, issuer=name) if name else ref


def find_references(text: str, rules: RuleSet, province: str | None = None) -> tuple[Reference, ...]:
    groups: dict[str, list[Reference]] = {}
    named: dict[int, str] = {}
    for ref in mentions(text, rules, province, named):
        groups.setdefault(symbol_key(ref.symbol), []).append(ref)
    merged = [named_issuer(merge(group), group, named) for group in groups.values()]
    return tuple(sorted(merged, key=lambda r: min(x.start for x in groups[symbol_key(r.symbol)])))
