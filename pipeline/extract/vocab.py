"""Lookups over the vocabulary files (patterns/doc_types.yml, issuers.yml, provinces.yml)."""

from __future__ import annotations

import functools
import re
from typing import Any

from kehoach.rules import RuleSet
from kehoach.text import fold


def code_key(code: str) -> str:
    """Codes compare with Đ however it was typed: 'QÐ' and 'QĐ' are one code."""
    return code.replace("Ð", "Đ")


@functools.cache
def _doc_types(rules: RuleSet) -> tuple[dict[str, str], dict[str, str]]:
    data = rules.vocab.get("doc_types", {})
    by_code = {code_key(c): e["name"] for c, e in data.get("types", {}).items()}
    for ascii_code, code in (data.get("ascii_d") or {}).items():
        if code in by_code:
            by_code.setdefault(ascii_code, by_code[code])
    by_word = {}
    for entry in data.get("types", {}).values():
        by_word[fold(entry["name"])] = entry["name"]
        for alias in entry.get("aliases", []):
            by_word[fold(alias)] = by_code.get(code_key(alias), entry["name"])
    for word in data.get("words_without_code", []):
        by_word.setdefault(fold(word), word if fold(word) != "van ban" else "Công văn")
    for word in data.get("as_written", []):
        by_word[fold(word)] = word
    return by_code, by_word


def not_a_plan(doc_type: str | None, rules: RuleSet) -> bool:
    """A Tờ trình, Báo cáo, Công văn … (doc_types.yml `not_plans`): its text is kind "other"."""
    not_plans = rules.vocab.get("doc_types", {}).get("not_plans", [])
    return bool(doc_type) and fold(doc_type or "") in {fold(t) for t in not_plans}


def doc_type_of_code(code: str | None, rules: RuleSet) -> str | None:
    return _doc_types(rules)[0].get(code_key(code)) if code else None


def doc_type_of_word(word: str | None, rules: RuleSet) -> str | None:
    if not word:
        return None
    return _doc_types(rules)[1].get(fold(re.sub(r"\s+", " ", word)))


def issuer_entry(code: str | None, rules: RuleSet) -> dict[str, Any] | None:
    if not code:
        return None
    issuers = rules.vocab.get("issuers", {}).get("issuers", {})
    key = code_key(code)
    if key in issuers:
        return issuers[key]
    base = re.sub(r"\d+$", "", key)  # QH14 -> QH
    return issuers.get(base) or issuers.get(key.replace("HDND", "HĐND"))


@functools.cache
def _provinces(rules: RuleSet) -> dict[str, dict[str, Any]]:
    table: dict[str, dict[str, Any]] = {}
    for entry in rules.vocab.get("provinces", {}).get("provinces", []):
        for name in [entry["name"], *entry.get("aliases", [])]:
            table.setdefault(fold(name), entry)
    return table


def province_entry(name: str, rules: RuleSet) -> dict[str, Any] | None:
    key = fold(name)
    key = re.sub(r"^(tinh|thanh pho|tp\.?)\s+", "", key)
    return _provinces(rules).get(key)


def province_level(name: str | None, rules: RuleSet) -> str:
    """'tỉnh' or 'thành phố' (a city under the centre: Cần Thơ, Đà Nẵng …), as provinces.yml says."""
    entry = province_entry(name, rules) if name else None
    return str(entry.get("kind") or "tỉnh") if entry else "tỉnh"


def province_of_domain(domain: str, rules: RuleSet) -> str | None:
    """'thuathienhue.gov.vn' -> 'Thừa Thiên Huế': portals are named after their province."""
    labels = domain.lower().split(".")
    for label in labels:
        for key, entry in _provinces(rules).items():
            if len(label) > 3 and label == key.replace(" ", "").replace("-", ""):
                return str(entry["name"])
    return None


def all_provinces(rules: RuleSet) -> list[dict[str, Any]]:
    return list(rules.vocab.get("provinces", {}).get("provinces", []))
