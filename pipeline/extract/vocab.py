"""Lookups over the vocabulary files (patterns/doc_types.yml, issuers.yml, provinces.yml)."""

from __future__ import annotations

import functools
import re

from kehoach.records import IssuerEntry, ProvinceEntry
from kehoach.rules import RuleSet
from kehoach.text import fold, per_name


def code_key(code: str) -> str:
    """Codes compare with Đ however it was typed: 'QÐ' and 'QĐ' are one code."""
    return code.replace("Ð", "Đ")


@functools.cache
def _doc_types(rules: RuleSet) -> tuple[dict[str, str], dict[str, str]]:
    settings = rules.settings("doc_types")
    types = settings.raw("types") or {}  # code -> {name, aliases}: entries with a reader of their own
    by_code = {code_key(c): e["name"] for c, e in types.items()}
    for ascii_code, code in settings.table("ascii_d").items():
        if code in by_code:
            by_code.setdefault(ascii_code, by_code[code])
    by_word = {}
    for entry in types.values():
        by_word[fold(entry["name"])] = entry["name"]
        for alias in entry.get("aliases", []):
            by_word[fold(alias)] = by_code.get(code_key(alias), entry["name"])
    for word in settings.words("words_without_code"):
        by_word.setdefault(fold(word), word if fold(word) != "van ban" else "Công văn")
    for word in settings.words("as_written"):
        by_word[fold(word)] = word
    return by_code, by_word


@per_name
def not_a_plan(doc_type: str | None, rules: RuleSet) -> bool:
    """A Tờ trình, Báo cáo, Công văn … (doc_types.yml `not_plans`): its text is kind "other"."""
    not_plans = rules.settings("doc_types").words("not_plans")
    return bool(doc_type) and fold(doc_type or "") in {fold(t) for t in not_plans}


def doc_type_of_code(code: str | None, rules: RuleSet) -> str | None:
    return _doc_types(rules)[0].get(code_key(code)) if code else None


@per_name
def doc_type_of_word(word: str | None, rules: RuleSet) -> str | None:
    if not word:
        return None
    return _doc_types(rules)[1].get(fold(re.sub(r"\s+", " ", word)))


@functools.cache
def _issuers(rules: RuleSet) -> dict[str, IssuerEntry]:
    entries = rules.settings("issuers").raw("issuers") or {}
    return {
        code_key(str(code)): IssuerEntry(
            code=str(code),
            name=str(entry["name"]),
            implied=bool(entry.get("implied")),
            local=bool(entry.get("local")),
            levelled=bool(entry.get("levelled")),
        )
        for code, entry in entries.items()
    }


def issuer_entry(code: str | None, rules: RuleSet) -> IssuerEntry | None:
    if not code:
        return None
    issuers = _issuers(rules)
    key = code_key(code)
    if key in issuers:
        return issuers[key]
    base = re.sub(r"\d+$", "", key)  # QH14 -> QH
    plain = re.sub(r"[&\s]", "", key)  # "BGD&ĐT", "PGD & ĐT", "BGD ĐT": one code however its field is joined
    return issuers.get(base) or issuers.get(key.replace("HDND", "HĐND")) or issuers.get(plain)


def _iso(value: object) -> str | None:
    return None if value is None else str(value)  # YAML reads 2025-06-30 as a date


@functools.cache
def all_provinces(rules: RuleSet) -> tuple[ProvinceEntry, ...]:
    """The gazetteer, in file order."""
    return tuple(
        ProvinceEntry(
            name=str(entry["name"]),
            kind=str(entry.get("kind") or "tỉnh"),
            aliases=tuple(str(a) for a in entry.get("aliases", [])),
            lat=entry.get("lat"),
            lon=entry.get("lon"),
            until=_iso(entry.get("until")),
            since=_iso(entry.get("since")),
            successor=entry.get("successor"),
            predecessor=entry.get("predecessor"),
            includes=tuple(entry.get("from_2025_07_01_includes", [])),
        )
        for entry in rules.settings("provinces").raw("provinces") or []
    )


@functools.cache
def _provinces(rules: RuleSet) -> dict[str, ProvinceEntry]:
    table: dict[str, ProvinceEntry] = {}
    for entry in all_provinces(rules):
        for name in [entry.name, *entry.aliases]:
            table.setdefault(fold(name), entry)
    return table


@per_name
def province_entry(name: str, rules: RuleSet) -> ProvinceEntry | None:
    key = fold(name)  # an alias as written first ("TP. HCM"), then the name after its level ("tỉnh Nghệ An")
    table = _provinces(rules)
    return table.get(key) or table.get(re.sub(r"^(tinh|thanh pho|tp\.?)\s+", "", key))


def province_name(name: str, rules: RuleSet) -> str:
    """The gazetteer's name for a province however written ('THỪA THIÊN HUẾ' -> 'Thừa Thiên Huế')."""
    entry = province_entry(name, rules)
    return entry.name if entry else name


def province_level(name: str | None, rules: RuleSet) -> str:
    """'tỉnh' or 'thành phố' (a city under the centre: Cần Thơ, Đà Nẵng …), as provinces.yml says."""
    entry = province_entry(name, rules) if name else None
    return entry.kind if entry else "tỉnh"


def province_of_domain(domain: str, rules: RuleSet) -> str | None:
    """'thuathienhue.gov.vn' -> 'Thừa Thiên Huế': portals are named after their province; read from the
    right, as a district's or commune's portal sits under its province's ('haiduong.thuathienhue.gov.vn')."""
    labels = domain.lower().split(".")
    for label in reversed(labels):
        for key, entry in _provinces(rules).items():
            if len(label) > 3 and label == key.replace(" ", "").replace("-", ""):
                return entry.name
    return None
