"""Issuing bodies and assignees (patterns/bodies.yml), with canonical full names."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

import regex

from kehoach import rx
from kehoach.extract.vocab import province_entry
from kehoach.records import Body, Role
from kehoach.rules import Rule, RuleSet
from kehoach.text import fold, per_name, per_text


@functools.cache
def _names(rules: RuleSet, key: str) -> dict[str, str]:
    """A `heads:` or `levels:` table of patterns/bodies.yml, keyed by the folded way of writing it."""
    return {fold(written): name for written, name in rules.settings("bodies").table(key).items()}


@per_name
def level_name(raw: str | None, rules: RuleSet) -> str | None:
    """A place's level as bodies.yml `levels` names it ("TP." -> "thành phố"), else as written, lower case."""
    if not raw:
        return None
    key = fold(raw)
    return _names(rules, "levels").get(key, rx.sub(r"\s+", " ", raw).lower())


def _place(raw: str | None, rules: RuleSet) -> str | None:
    if not raw:
        return None
    entry = province_entry(raw, rules)
    if entry:
        return entry.name
    return raw if not raw.isupper() else raw.title()


def _district(raw: str | None) -> str | None:
    """A district's or commune's name as written ("huyện Thạnh Hóa" is not the province Thanh Hóa)."""
    if not raw:
        return None
    raw = rx.sub(r"\s+", " ", raw)
    return raw.title() if raw.isupper() else raw


def canonical(rule: Rule, match: regex.Match[str], rules: RuleSet, province: str | None = None) -> str:
    """The full name: abbreviations expanded, the document's province added to a bare local body."""
    groups = match.groupdict()
    naming = rule.params.get("naming")  # bodies.yml: how this rule's match is named
    if naming == "committee":
        head = _names(rules, "heads").get(fold(rx.sub(r"\s+", " ", groups["head"])), groups["head"])
        level = level_name(groups.get("level"), rules)
        provincial = level is None or level in rules.settings("bodies").words("local_levels")
        entry = province_entry(groups["place"], rules) if provincial and groups.get("place") else None
        if level == "thành phố" and entry is not None and entry.kind != "thành phố":
            provincial = False  # "UBND thành phố Vũng Tàu": the city of a tỉnh, not the province it names
        place = _place(groups.get("place"), rules) if provincial else _district(groups.get("place"))
        if level in rules.settings("bodies").words("local_levels") and not place and province:
            # a bare level is the province's only when the province is of that level: "UBND thành phố" of an
            # An Giang text is a city of it (Long Xuyên), "UBND tỉnh" of a Hà Nội text no province of it
            own = province_entry(province, rules)
            place = province if own is None or own.kind == level else None
        return " ".join(part for part in (head, level, place) if part)
    name = rx.sub(r"\s+", " ", match.group(0)).strip()
    if naming == "short_level":  # "Công an TX. Giá Rai" -> "Công an thị xã Giá Rai"
        name = rx.sub(
            rules.settings("bodies").pattern("short_level"),
            lambda m: f"{level_name(m.group('level') + '.', rules)} ",
            name,
        )
    if naming == "short_field":  # "Sở NN&PTNT" -> "Sở Nông nghiệp và Phát triển nông thôn"
        field = rx.sub(r"\s+", " ", match.group("field"))
        written = rules.settings("bodies").table("abbreviations").get(rx.sub(r"\s+", "", field))
        return name.replace(field, written, 1) if written else name
    if naming == "field_name":  # "Cục bảo vệ thực vật" -> "Cục Bảo vệ thực vật"
        return named_field(name, match.group("field"), rules)
    if naming == "party":
        return party_name(name, groups, province, rules)
    name = written_out(name, rules)
    if naming == "central":  # "Trung ương Đoàn" -> "Trung ương Đoàn Thanh niên Cộng sản Hồ Chí Minh"
        name = rules.settings("bodies").table("central_names").get(name, name)
    if naming == "office" and province and rx.search(rules.settings("bodies").pattern("office_level"), name):
        name = f"{name} {province}"  # "Văn phòng UBND tỉnh" of a Lạng Sơn text
    return name[:1].upper() + name[1:]  # "trường Trung học cơ sở …" opens a sentence's name


@functools.lru_cache(maxsize=1)
def _school_level_regex(
    rules: RuleSet,
) -> tuple[regex.Pattern[str], dict[str, str], regex.Pattern[str], regex.Pattern[str]]:
    levels = rules.settings("bodies").table("school_levels")
    keys = sorted(levels, key=len, reverse=True)
    alternation = "|".join(regex.escape(k) for k in keys)
    pattern = rf"(?<![\p{{L}}])(?:([Tt]rường|TRƯỜNG)\s+|TR\.\s*)({alternation})(?![\p{{L}}])"
    unit = rules.settings("bodies").pattern("school_unit")  # a unit right before a level code: a school's
    full = "|".join(regex.escape(v) for v in sorted(set(levels.values()), key=len, reverse=True))
    # a level written short after one written in full and "và" / "&" / "-": "Trường Tiểu học và THCS …"
    joined = rf"(?<=(?:[Tt]rường|TRƯỜNG)\s+(?:(?:{full})\s*(?:và|&|-|,)\s*)+)({alternation})(?![\p{{L}}])"
    found = regex.compile(pattern)
    return found, levels, regex.compile(rf"{unit}(?=(?:{alternation})(?![\p{{L}}]))"), regex.compile(joined)


@per_name
def school_levels(name: str, rules: RuleSet) -> str:
    """A school's levels written short after "Trường" / "TR." in full (bodies.yml `school_levels`), each
    of them: "Trường THCS Mỹ An Hưng A" -> "Trường Trung học cơ sở Mỹ An Hưng A", "Trường Tiểu học và THCS
    Nguyễn Trung Trực" -> "Trường Tiểu học và Trung học cơ sở Nguyễn Trung Trực"."""
    found, levels, unit, joined = _school_level_regex(rules)
    name = unit.sub(r"\1 Trường ", name)  # "Liên đội TH Minh Quang": the school's troop
    name = found.sub(lambda m: f"{m.group(1) or 'Trường'} {levels[m.group(2)]}", name)
    for _ in range(3):  # one level after another: "Trường Tiểu học, THCS và THPT"
        name = joined.sub(lambda m: levels[m.group(1)], name)
    return name


def joined(names: Sequence[str]) -> str:
    """Bodies that issue one document together, as REVIEW.md T79 writes them: "A và B", "A, B và C"."""
    return ", ".join(names[:-1]) + f" và {names[-1]}" if len(names) > 1 else "".join(names)


@per_name
def written_out(name: str, rules: RuleSet, issuer: bool = False) -> str:
    """A body's name as it is given out, one name wherever it is read (a subject's or a reference's issuer,
    a task's lead and partners, the bodies list): every abbreviation it carries written out in its one form
    (bodies.yml `spellings` and `abbreviations`: "Phòng GD&ĐT" -> "Phòng Giáo dục và Đào tạo", "VKSND tối
    cao" -> "Viện kiểm sát nhân dân tối cao", "BCĐ" -> "Ban Chỉ đạo"), a department's field as it is named
    ("Giáo dục& đào tạo" -> "Giáo dục và Đào tạo"), a school's level in full; a subject's `issuer` also the
    short forms subject.yml
    `issuer_abbreviations` writes out ("Phòng Cảnh sát PCCC và CNCH" -> "Phòng Cảnh sát phòng cháy, chữa
    cháy và cứu nạn, cứu hộ")."""
    name = expanded(spelled_out(name, rules), rules)
    if issuer:
        name = expanded(name, rules, ("subject", "issuer_abbreviations"))
        name = rx.sub(  # "Trường THPT TX. Phước Long" -> "… thị xã Phước Long" (REVIEW.md T30)
            rules.settings("subject").pattern("issuer_short_level"),
            lambda m: f"{level_name(m.group('level') + '.', rules)} ",
            name,
        )
    return school_levels(fields_named(name, rules), rules)


@per_name
def expanded(name: str, rules: RuleSet, table: tuple[str, str] = ("bodies", "abbreviations")) -> str:
    """The name with a table of short forms (patterns file, key: bodies.yml `abbreviations`) written out,
    read as whole words, longest first."""
    pattern, written = _abbreviation_regex(rules, table)
    if not written:
        return name
    out = pattern.sub(lambda m: written[rx.sub(r"\s*&\s*", "&", m.group())], name)
    return " ".join(out.split())


@functools.lru_cache(maxsize=2)
def _abbreviation_regex(rules: RuleSet, table: tuple[str, str]) -> tuple[regex.Pattern[str], dict[str, str]]:
    written = rules.settings(table[0]).table(table[1])
    keys = sorted(written, key=len, reverse=True)
    parts = (r"\s*&\s*".join(regex.escape(part) for part in key.split("&")) for key in keys)
    # never inside a document's symbol ("12-CTr/BCĐ", "KH/UBND")
    return regex.compile(r"(?<![\p{L}&,/-])(?:" + "|".join(parts) + r")(?![\p{L}&/])"), written


@functools.lru_cache(maxsize=1)
def _field_regex(rules: RuleSet) -> tuple[regex.Pattern[str], dict[str, str]]:
    fields = sorted(rules.settings("bodies").words("field_names"), key=len, reverse=True)
    alternation = "|".join(_field_pattern(field) for field in fields)
    head = r"(?<=(?:Bộ|Sở|Phòng|Cục|Chi\s+cục|Tổng\s+cục|Vụ)\s+)"  # a department's field, not a board's words
    pattern = regex.compile(rf"{head}(?:{alternation})(?![\p{{L}}])", regex.IGNORECASE)
    return pattern, {_words_key(field): field for field in fields}


def _field_pattern(field: str) -> str:
    """A field as a pattern: any case, "và" also "&" with or without spaces, "-" also ","."""
    joints = {"và": r"(?:\s*&\s*|\s+và\s+)", "-": r"\s*[-–,]?\s*"}
    words = field.split()
    out = regex.escape(words[0])
    for before, word in zip(words, words[1:], strict=False):
        if word in joints:
            out += joints[word]
        elif before in joints:
            out += regex.escape(word)
        else:
            out += r"\s+" + regex.escape(word)
    return out


def _words_key(name: str) -> str:
    return " ".join(rx.sub(r"[^a-z]", " ", fold(name.replace("&", " và "))).split())


def fields_named(name: str, rules: RuleSet) -> str:
    """Each department's field in the name as it is named (bodies.yml `field_names`), in any case or "&"."""
    pattern, known = _field_regex(rules)
    return pattern.sub(lambda m: known.get(_words_key(m.group()), m.group()), name)


def named_field(name: str, field: str, rules: RuleSet) -> str:
    """A department's field as it is named (bodies.yml `field_names`), a short part in full ("& PTNT")."""
    written = rx.sub(r"\s+", " ", field)
    for short, full in rules.settings("bodies").table("field_parts").items():
        written = rx.sub(rf"(?<![\p{{L}}]){short}(?![\p{{L}}])", full, written)
    key = _field_key(written)
    known = next((f for f in rules.settings("bodies").words("field_names") if _field_key(f) == key), None)
    return name.replace(field, known or written[:1].upper() + written[1:], 1)


def _field_key(field: str) -> str:
    """A field compared without diacritics, case and its joints: "&", "và" and "-" ("Giáo dục- Đào tạo")."""
    return " ".join(w for w in rx.sub(r"[^a-z ]", " ", fold(field.replace("&", " "))).split() if w != "va")


def spelled_out(name: str, rules: RuleSet) -> str:
    """The name with the abbreviations and spellings bodies.yml `spellings` writes out ("BCH" -> "Ban Chỉ
    huy", "Trường TH" -> "Trường Tiểu học")."""
    for written, standard in rules.settings("bodies").table("spellings").items():
        name = name.replace(written, standard)
    return name


def party_name(name: str, groups: dict[str, Any], province: str | None, rules: RuleSet) -> str:
    """'Ban Chấp hành Đảng bộ tỉnh (khóa XII)' -> '… tỉnh Nghệ An': the term dropped, the place added
    (patterns/bodies.yml `party:`)."""
    party = rules.settings("bodies").section("party")
    if rx.match(party.pattern("with_term"), name):
        name = rx.sub(party.pattern("term"), "", name)
    if province and not any(groups.get(k) for k in ("place", "place2", "place3", "place4", "place5")):
        if rx.match(party.pattern("named_by_place"), name):
            return f"{name} {province}"
        name = rx.sub(party.pattern("takes_place"), rf"\1 {province}", name)
    return name


def interpret(rule: Rule, match: regex.Match[str], rules: RuleSet) -> dict[str, Any]:
    return {"name": canonical(rule, match, rules)}


@per_text
def body_at(text: str, pos: int, rules: RuleSet, province: str | None = None) -> tuple[str, int] | None:
    """The body whose name starts exactly at `pos` ("… của Thủ tướng Chính phủ"), and its end."""
    best: tuple[str, int] | None = None
    candidates = rules.starting("bodies", text[pos : pos + 1])  # most characters start no body's name
    if not candidates:
        return None
    union = rules.union("bodies")  # of many that may start here, one call says whether any does
    stop = min(len(text), pos + 200)
    if len(candidates) > 2 and (union is None or not union.match(text, pos, stop, timeout=rx.limit(200))):
        return None
    for rule in candidates:
        match = rule.compiled.match(text, pos, stop, timeout=rx.limit(200))
        if match and (best is None or match.end() > best[1]):
            best = (canonical(rule, match, rules, province), match.end())
    return best


def role_of(text: str, start: int, end: int, rules: RuleSet) -> Role:
    roles = rules.settings("bodies").section("roles")
    after = roles.raw("issuer_after")
    if after and rx.match(after, text[end : end + 160], regex.IGNORECASE, timeout=1.0):
        return "issuer"
    before = roles.raw("assignee_before")
    if before and rx.search(before, text[max(0, start - 40) : start], regex.IGNORECASE, timeout=1.0):
        return "assignee"
    return "other"


@per_text
def find_bodies(text: str, rules: RuleSet, province: str | None = None) -> tuple[Body, ...]:
    """Every body named in the text; where two names overlap, the one that starts first (then the longer)."""
    found = [(match, rule) for rule in rules.of("bodies") for match in rule.finditer(text)]
    found.sort(key=lambda pair: (pair[0].start(), -pair[0].end()))
    kept: list[Body] = []
    for match, rule in found:
        if kept and match.start() < kept[-1].end:
            continue  # named inside a longer name already kept: no need to read it
        name = canonical(rule, match, rules, province)
        role = role_of(text, match.start(), match.end(), rules)
        body = Body(
            text=match.group(0),
            name=name,
            role=role,
            start=match.start(),
            end=match.end(),
            rule=rule.qualified_id,
        )
        kept.append(body)
    return tuple(kept)
