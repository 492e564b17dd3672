"""Rules are data: patterns/<field>.yml holds the regular expressions, their examples and vocabularies.

A rule file looks like

    fragments:                 # named pieces, spliced into patterns as {{NAME}}
      DAY: '(?P<day>0?[1-9]|[12]\\d|3[01])'
    rules:
      - id: numeric
        description: Ngày viết bằng số — "ngày 09/06/2021"
        pattern: '(?:ngày\\s*)?{{DAY}}/...'
        examples:
          - {text: "... ngày 23/3/2023", match: "ngày 23/3/2023", expect: {date: "2023-03-23"}}
          - {text: "năm 2023", match: null}

Vocabulary files (issuers.yml, doc_types.yml, provinces.yml) carry no `rules:`; they are loaded as
plain data and their entries can be spliced into patterns too ({{DOC_TYPE_WORDS}}, {{PROVINCE_NAMES}}).
Patterns are compiled with the `regex` module (Unicode classes, fuzzy-free, timeouts).
"""

from __future__ import annotations

import functools
import hashlib
import importlib.resources
import itertools
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import regex
import yaml

from kehoach import rx

# patterns/ at the top of the checkout, shipped in the wheel as kehoach.patterns (pyproject package-dir):
# found the same way in a checkout (editable install) and an installed wheel
PATTERNS_DIR = Path(str(importlib.resources.files("kehoach.patterns")))
FLAGS = regex.IGNORECASE | regex.VERSION1 | regex.MULTILINE
MATCH_TIMEOUT = 2.0  # seconds for one pattern over one document: hostile text must not hang a run
PLACEHOLDER = regex.compile(r"\{\{([A-Z_]+)\}\}")
SPACE = regex.compile(r"\s")  # a window's edges move to the nearest space (searched, not walked char by char)
SPACE_BEFORE = regex.compile(r"\s", regex.REVERSE)


class RuleError(Exception):
    """A rule file that cannot be used; the message names the file and the rule."""


@dataclass(frozen=True)
class Example:
    rule: Rule
    index: int
    text: str
    match: str | None
    expect: dict[str, Any]
    line: int | None = None
    # the document around `text`: the rule is searched in `text` (as the extractor searches the stretch
    # before a citation, or one item), the field function reads `before + text + after`
    before: str = ""
    after: str = ""

    @property
    def id(self) -> str:
        return f"{self.rule.qualified_id}[{self.index}]"


@dataclass(frozen=True, eq=False)
class Rule:
    file: str  # "dates"
    id: str  # "numeric"
    description: str
    pattern: str  # after fragment substitution
    compiled: regex.Pattern[str] = field(repr=False)
    params: dict[str, Any] = field(
        default_factory=dict
    )  # everything else in the entry (comparator: "<", ...)
    raw_examples: tuple[dict[str, Any], ...] = field(default=(), repr=False)
    line: int | None = None
    anchor: regex.Pattern[str] | None = field(default=None, repr=False)  # what every match contains
    window: tuple[int, int] = (0, 0)  # characters searched before and after an anchor hit
    backward: regex.Pattern[str] | None = field(default=None, repr=False)  # the pattern, read right to left
    guard: regex.Pattern[str] | None = field(default=None, repr=False)  # in every match; absent: none
    led: regex.Pattern[str] | None = field(default=None, repr=False)  # a rule opening lines, led by "\n"

    @property
    def qualified_id(self) -> str:
        return f"{self.file}.{self.id}"

    @property
    def examples(self) -> tuple[Example, ...]:
        return tuple(
            Example(
                rule=self,
                index=i,
                text=str(ex.get("text", "")),
                match=None if ex.get("match") is None else str(ex["match"]),
                expect=dict(ex.get("expect") or {}),
                before=str(ex.get("before") or ""),
                after=str(ex.get("after") or ""),
            )
            for i, ex in enumerate(self.raw_examples)
        )

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[regex.Match[str]]:
        end = len(text) if endpos is None else min(endpos, len(text))
        if self.guard is not None and not self.guard.search(text, pos, end, timeout=MATCH_TIMEOUT):
            return iter(())  # most texts never name this kind of body: one quick search says so
        if self.led is not None:
            return self._from_line_breaks(text, pos, end)
        if self.anchor is None:
            return self.compiled.finditer(text, pos, end, timeout=MATCH_TIMEOUT, overlapped=False)
        if self.backward is not None:
            return self._backward(text, pos, end)
        return self._windowed(text, pos, end)

    def _from_line_breaks(self, text: str, pos: int, end: int) -> Iterator[regex.Match[str]]:
        """The matches of a rule that opens lines (`led`), found from the line breaks: the pattern led by
        "\\n" finds the next line a match opens, where the rule's own pattern is matched again. The engine
        cannot skip ahead to a multiline "^" and tries it, with the optional marks after it, at every
        character; a line break it finds at once. The same matches, each the rule's own, at a tenth of the
        time (subject.header_body, tasks.numbered, assignments.line_table …)."""
        assert self.led is not None
        count, at = 0, pos
        found = self.compiled.match(text, pos, end, timeout=MATCH_TIMEOUT)  # "^" at `pos`: a line's start
        while True:
            if found is None:
                hit = self.led.search(text, max(at - 1, 0), end, timeout=MATCH_TIMEOUT)  # a break before `at`
                if hit is None:
                    return
                found = self.compiled.match(text, hit.start() + 1, end, timeout=MATCH_TIMEOUT)
            if found is None or found.end() == found.start():  # empty: the engine's rules for what follows
                plain = self.compiled.finditer(text, pos, end, timeout=MATCH_TIMEOUT, overlapped=False)
                yield from itertools.islice(plain, count, None)
                return
            yield found
            count += 1
            at = found.end()
            found = None

    def _backward(self, text: str, pos: int, end: int) -> Iterator[regex.Match[str]]:
        """Around each anchor hit, the pattern read right to left (`direction: backward` in the rule file).

        A pattern whose distinctive part comes last ("Quyết định số" is optional, "23/QĐ-TTg" is not) costs
        an attempt of its optional words at every position when read forwards; read backwards the engine
        finds where the symbol ends and tries the words once. The window ends before the next hit, so the
        rightmost match found is the one around this hit; matches are those of the forward pattern.
        """
        assert self.anchor is not None and self.backward is not None
        before, after = self.window
        hits = list(self.anchor.finditer(text, pos, end, timeout=MATCH_TIMEOUT))
        last = pos
        for i, hit in enumerate(hits):
            if hit.end() <= last:
                continue
            start = max(last, hit.start() - before)
            stop = min(end, hit.end() + after, hits[i + 1].start() if i + 1 < len(hits) else end)
            window = rx.limit(stop - start, MATCH_TIMEOUT)
            match = self.backward.search(text, start, stop, timeout=window)
            while match is not None and match.start() > hit.start():  # wholly after the hit: look left of it
                match = self.backward.search(text, start, match.start(), timeout=window)
            if match is not None and match.end() >= hit.end():
                yield match
                last = match.end()

    def _windowed(self, text: str, pos: int, end: int) -> Iterator[regex.Match[str]]:
        """The full pattern, run only in windows around hits of the rule's cheap `anchor` pattern.

        A pattern that opens with optional words ("Quyết định số" before a symbol) makes the regex engine try
        every position of the text; the anchor (what every match must contain, e.g. a digit and a slash) finds
        the few places worth trying. Matches are the same, found in a fraction of the time.
        """
        assert self.anchor is not None
        before, after = self.window
        last = pos
        for hit in self.anchor.finditer(text, pos, end, timeout=MATCH_TIMEOUT):
            if hit.end() <= last:
                continue
            start = max(last, hit.start() - before)
            if start > last and not text[start - 1].isspace():  # never start inside a word
                space = SPACE_BEFORE.search(text, max(last, start - 40), start)
                start = space.end() if space else max(last, start - 40)
            stop = min(end, hit.end() + after)
            if stop < end and not text[stop].isspace():  # end at a space: lookaheads see a boundary
                limit = min(end, stop + 40)  # bounded: a text without spaces must not make every window whole
                space = SPACE.search(text, stop, limit)
                stop = space.start() if space else limit
            window = rx.limit(stop - start, MATCH_TIMEOUT)
            for found in self.compiled.finditer(text, start, stop, timeout=window, overlapped=False):
                # a match that reaches near the window's end may be longer on the whole text: match it again
                match = found
                if found.end() > stop - 40:
                    match = self.compiled.match(text, found.start(), end, timeout=MATCH_TIMEOUT) or found
                if match.start() >= last:
                    yield match
                    last = match.end()
                if last >= hit.end():
                    break  # the rest of this window holds later hits: their own windows find their matches

    def search(self, text: str, pos: int = 0, endpos: int | None = None) -> regex.Match[str] | None:
        """The first match: the first that `finditer` finds, so a rule's `guard` and `anchor` spare a search
        too (a header's "Số:" label looked for at each "số" of its 3,000 characters, not at each space)."""
        end = len(text) if endpos is None else min(endpos, len(text))  # an endpos past the end: the end
        if self.guard is not None or self.anchor is not None:  # not `led`: a first match the engine finds
            return next(self.finditer(text, pos, end), None)  # sooner itself (a header's top, 600 characters)
        return self.compiled.search(text, pos, end, timeout=rx.limit(end - pos, MATCH_TIMEOUT))


NEVER = "(?!)"  # a pattern that matches nothing: the value of an absent pattern setting


@dataclass(frozen=True)
class Settings:
    """A rule file's settings (its top-level keys other than `rules` and `fragments`), read with their types.

    Each reader names the file and the key when the value is not of the kind asked for, so a misspelt or
    misshapen setting is an error that points into patterns/, not a silent default.
    """

    file: str  # "targets", or "targets.comparators" for a section
    data: Mapping[str, Any]

    def _get(self, key: str, kind: type | tuple[type, ...], default: Any) -> Any:
        value = self.data.get(key, default)
        if value is not None and not isinstance(value, kind):
            raise RuleError(f"patterns/{self.file.split('.')[0]}.yml: {self.file}.{key} is not {_kind(kind)}")
        return value

    def pattern(self, key: str, default: str = NEVER) -> str:
        """A regular expression ('(?!)', which never matches, when the key is absent)."""
        return str(self._get(key, str, default) or default)

    def words(self, key: str) -> tuple[str, ...]:
        return tuple(str(w) for w in self._get(key, list, []) or [])

    def table(self, key: str) -> dict[str, str]:
        return {str(k): str(v) for k, v in (self._get(key, dict, {}) or {}).items()}

    def number(self, key: str, default: int) -> int:
        value = self._get(key, int, default)
        return default if value is None else int(value)

    def section(self, key: str) -> Settings:
        return Settings(f"{self.file}.{key}", self._get(key, dict, {}) or {})

    def raw(self, key: str, default: Any = None) -> Any:
        """The value as the YAML gives it, for structures with their own reader (vocabulary entries)."""
        return self.data.get(key, default)


def _kind(kind: type | tuple[type, ...]) -> str:
    names = {str: "a string", list: "a list", dict: "a mapping", int: "a number"}
    kinds = kind if isinstance(kind, tuple) else (kind,)
    return " or ".join(names.get(k, k.__name__) for k in kinds)


@dataclass(frozen=True, eq=False)  # identity hash: one RuleSet per patterns version (cached)
class RuleSet:
    directory: Path
    rules: dict[str, tuple[Rule, ...]]  # file stem -> rules in file order
    vocab: dict[str, Any]  # file stem -> the whole YAML document (vocabularies and rule-file settings)
    version: str  # hash of every patterns/*.yml and the package version

    def of(self, file: str) -> tuple[Rule, ...]:
        return self.rules.get(file, ())

    def settings(self, file: str) -> Settings:
        """patterns/<file>.yml's settings, typed (Settings); an absent file has none."""
        return _settings(self, file)

    def rule(self, qualified_id: str) -> Rule:
        try:
            return _by_id(self)[qualified_id]
        except KeyError:
            raise KeyError(qualified_id) from None

    def all_rules(self) -> tuple[Rule, ...]:
        return tuple(r for rules in self.rules.values() for r in rules)

    def starting(self, file: str, char: str) -> tuple[Rule, ...]:
        """The rules of one file a match of which can start with `char` (first_characters), in file order."""
        table = _by_first(self, file)
        return table.get(char.casefold()[:1], table[""]) if char else table[""]

    def union(self, file: str) -> regex.Pattern[str] | None:
        """Every rule of one file as one alternation: a single call says whether any of them matches here."""
        return _union(self, file)


# The extractors ask for a rule by its id and for a file's settings about 150 times a document (a scan of
# the file's rules and a new Settings each time: ~7 % of extracting the corpus): both are built once per
# RuleSet, which is immutable and cached per patterns version, as _union is.
@functools.cache
def _by_id(rules: RuleSet) -> dict[str, Rule]:
    found: dict[str, Rule] = {}
    for file, members in rules.rules.items():
        for rule in members:
            found.setdefault(f"{file}.{rule.id}", rule)  # the first of a duplicate id, as the scan found
    return found


@functools.cache
def _settings(rules: RuleSet, file: str) -> Settings:
    return Settings(file, rules.vocab.get(file) or {})


@functools.cache
def _union(rules: RuleSet, file: str) -> regex.Pattern[str] | None:
    members = rules.of(file)
    if not members:
        return None
    parts = [
        f"(?i:{r.pattern})" if r.compiled.flags & regex.IGNORECASE else f"(?-i:{r.pattern})" for r in members
    ]
    return rx.stored_compile("|".join(parts), FLAGS & ~regex.IGNORECASE)


def _splice(pattern: str, fragments: dict[str, str], where: str) -> str:
    """Replace {{NAME}} by its fragment, recursively (fragments may use fragments)."""
    for _ in range(10):
        if not PLACEHOLDER.search(pattern):
            return pattern
        try:
            pattern = PLACEHOLDER.sub(lambda m: fragments[m.group(1)], pattern)
        except KeyError as exc:
            raise RuleError(f"{where}: unknown fragment {{{{{exc.args[0]}}}}}") from None
    raise RuleError(f"{where}: fragments nest too deeply (a fragment that includes itself?)")


def _alternation(words: list[str]) -> str:
    """Longest first, so 'Quyết định' wins over 'Quyết'; spaces match any run of whitespace."""
    escaped = [regex.escape(w).replace(r"\ ", r"\s+") for w in sorted(set(words), key=lambda w: (-len(w), w))]
    return "(?:" + "|".join(escaped) + ")"


def vocabulary_fragments(vocab: dict[str, Any]) -> dict[str, str]:
    """Fragments built from the vocabulary files, so a new document type or province needs no regex edit."""
    doc_types = vocab.get("doc_types", {}).get("types", {})
    words = [entry["name"] for entry in doc_types.values()]
    words += [alias for entry in doc_types.values() for alias in entry.get("aliases", [])]
    provinces = vocab.get("provinces", {}).get("provinces", [])
    names = [p["name"] for p in provinces] + [a for p in provinces for a in p.get("aliases", [])]
    out = {}
    if words:
        out["DOC_TYPE_WORDS"] = _alternation(words)
    if names:
        out["PROVINCE_NAMES"] = _alternation(names)
    return out


def _line_numbers(text: str) -> dict[str, int]:
    """Line of each `- id: x` entry, so errors can point into the file."""
    lines: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        found = regex.match(r"\s*-\s*id:\s*['\"]?([\w.-]+)", line)
        if found:
            lines.setdefault(found.group(1), number)
    return lines


def _cased(
    entry: dict[str, Any], key: str, fragments: dict[str, str], where: str
) -> regex.Pattern[str] | None:
    """An optional case-sensitive pattern of a rule (`anchor`, `guard`), compiled; None when absent."""
    if not entry.get(key):
        return None
    try:
        return rx.stored_compile(_splice(str(entry[key]), fragments, where), FLAGS & ~regex.IGNORECASE)
    except regex.error as exc:
        raise RuleError(f"{where}: {key} does not compile: {exc}") from None


# what the engine tries at every character after a "^" it cannot skip to: an optional run of spaces or marks
# ("^[ \t]*", "^[ \t|*]{0,8}", "^\s*"). A rule opening otherwise ("^(?!…)", "^(?P<label>…", "^Điều") the
# engine searches faster by its own means (its literal prefixes) than from every line break: 2-5 times on
# subject.period_review, assignments.flat_table_header, subject.titled_school.
OPTIONAL_RUN = regex.compile(r"(?:\[(?!\^)(?:\\.|[^\]])*\]|\\s)(?:\*|\{0,\d+\})")


@functools.cache
def _line_led(pattern: str, flags: int) -> regex.Pattern[str] | None:
    """A pattern whose every match opens a line (it starts with a multiline "^", then an optional run of
    spaces or marks, and has no "|" outside a group) as the same pattern led by the line break before it,
    else None."""
    lead = "(?m)" if pattern.startswith("(?m)^") else ""
    rest = pattern[len(lead) + 1 :]
    if not pattern.startswith(lead + "^") or not (lead or flags & regex.MULTILINE) or flags & regex.WORD:
        return None
    if not OPTIONAL_RUN.match(rest) or alternates(rest):
        return None
    return rx.stored_compile(lead + "\\n" + rest, flags)  # kept between processes, as the rules are


def alternates(pattern: str) -> bool:
    """Whether a "|" stands outside every group and set of a pattern (it then offers another way to match):
    its first alternative (`_skip` passes over escapes, sets and groups) ends before the pattern does."""
    return pattern.startswith("|", _skip(pattern, 0))


# --- The characters a rule's matches start with -------------------------------------------------------------
RANGE_MAX = 512  # a set's range wider than this: any character


class _UnknownError(Exception):
    """A construct the reader does not follow: the pattern may start with any character."""


# escapes standing for one literal character (the others: a class, an anchor or a property)
_LITERAL_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "f": "\f", "v": "\v"}
_ZERO_WIDTH_ESCAPES = set("bBAZGmM")


@functools.cache
def first_characters(pattern: str) -> frozenset[str] | None:
    """The characters a match of `pattern` can start with, case-folded (their first folded character), or
    None when the pattern may match empty or start with a class the reader does not spell out."""
    try:
        chars, nullable, end = _alternatives(pattern, 0)
    except (_UnknownError, IndexError):
        return None
    if end != len(pattern) or nullable:
        return None
    return frozenset(c.casefold()[:1] for c in chars)


def _alternatives(p: str, i: int) -> tuple[set[str], bool, int]:
    chars: set[str] = set()
    nullable = False
    while True:
        c, n, i = _sequence(p, i)
        chars |= c
        nullable = nullable or n
        if i < len(p) and p[i] == "|":
            i += 1
            continue
        return chars, nullable, i


def _sequence(p: str, i: int) -> tuple[set[str], bool, int]:
    chars: set[str] = set()
    open_ = True  # every item so far may match empty
    while i < len(p) and p[i] not in "|)":
        if not open_:  # what follows a character that must match is not read, only passed over
            return chars, open_, _skip(p, i)
        c, n, i = _atom(p, i)
        i, optional = _quantifier(p, i)
        chars |= c
        open_ = n or optional
    return chars, open_, i


def _skip(p: str, i: int) -> int:
    """The end of the alternative that goes on at `i`: the "|" or ")" that closes it."""
    depth = 0
    while i < len(p):
        c = p[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":
            i = _set_end(p, i)
            continue
        if c in "|)" and depth == 0:
            return i
        depth += (c == "(") - (c == ")")
        i += 1
    return i


def _set_end(p: str, i: int) -> int:
    """Just past the set opening at `i` (a "]" first in it is itself; sets nest: "[[a-z]--[aeiou]]")."""
    i += 1
    if p.startswith("^", i):
        i += 1
    if p.startswith("]", i):
        i += 1
    while i < len(p) and p[i] != "]":
        if p[i] == "\\":
            i += 2
        elif p[i] == "[":
            i = _set_end(p, i)
        else:
            i += 1
    return i + 1


def _quantifier(p: str, i: int) -> tuple[int, bool]:
    if i >= len(p):
        return i, False
    if p[i] in "?*+":
        optional = p[i] != "+"
        i += 1
    elif p[i] == "{":
        close = p.find("}", i)
        body = p[i + 1 : close] if close > 0 else ""
        low = body.split(",")[0].strip()
        if close < 0 or not all(x.strip().isdigit() or not x.strip() for x in body.split(",")):
            raise _UnknownError(p[i:])
        optional = low in ("", "0") or int(low) == 0
        i = close + 1
    else:
        return i, False
    if i < len(p) and p[i] in "?+":  # lazy, possessive
        i += 1
    return i, optional


def _atom(p: str, i: int) -> tuple[set[str], bool, int]:
    c = p[i]
    if c == "(":
        return _group(p, i)
    if c == "[":
        return _set(p, i)
    if c == "\\":
        e = p[i + 1]
        if e in _LITERAL_ESCAPES:
            return {_LITERAL_ESCAPES[e]}, False, i + 2
        if e in _ZERO_WIDTH_ESCAPES:
            return set(), True, i + 2
        if e.isalnum():
            raise _UnknownError(p[i : i + 2])  # \s, \d, \p{..}, \x.., \N{..}, a back reference: a class
        return {e}, False, i + 2  # an escaped mark: itself
    if c in "^$":
        return set(), True, i + 1
    if c == ".":
        raise _UnknownError(c)
    if c in "*+?{":
        raise _UnknownError(c)
    return {c}, False, i + 1


def _group(p: str, i: int) -> tuple[set[str], bool, int]:
    i += 1
    zero_width = False
    if p.startswith("?", i):
        head = p[i + 1 : i + 4]
        if head.startswith((":", ">")):
            i += 2
        elif head.startswith(("=", "!")):
            i, zero_width = i + 2, True
        elif head.startswith(("<=", "<!")):
            i, zero_width = i + 3, True
        elif head.startswith(("P<", "<")):
            close = p.find(">", i)
            i = close + 1
        else:  # inline flags "(?i:" "(?-i:": the case is folded anyway; others change the reading
            j = i + 1
            while j < len(p) and (p[j].isalpha() or p[j] == "-"):
                j += 1
            flags = p[i + 1 : j]
            if j >= len(p) or p[j] != ":" or any(f not in "i-" for f in flags):
                raise _UnknownError(p[i - 1 : j + 1])
            i = j + 1
    chars, nullable, i = _alternatives(p, i)
    if i >= len(p) or p[i] != ")":
        raise _UnknownError("unclosed group")
    if zero_width:
        return set(), True, i + 1
    return chars, nullable, i + 1


def _set_member(p: str, i: int) -> tuple[str, int]:
    """The character at `i` in a set (an escaped one included) and what follows it."""
    if p[i] != "\\":
        return p[i], i + 1
    e = p[i + 1]
    if e.isalnum() and e not in _LITERAL_ESCAPES:
        raise _UnknownError(p[i : i + 2])  # "\\s", "\\p{Lu}": a class
    return _LITERAL_ESCAPES.get(e, e), i + 2


def _set(p: str, i: int) -> tuple[set[str], bool, int]:
    i += 1
    if p.startswith("^", i):
        raise _UnknownError("negated set")
    chars: set[str] = set()
    first = True
    while i < len(p) and (p[i] != "]" or first):
        c = p[i]
        if c == "[" or p.startswith(("--", "&&", "||", "~~"), i):
            raise _UnknownError("nested set")
        c, i = _set_member(p, i)
        if i + 1 < len(p) and p[i] == "-" and p[i + 1] != "]":
            hi = p[i + 1]
            if hi in "\\[":
                raise _UnknownError("range")
            if ord(hi) - ord(c) > RANGE_MAX or ord(hi) < ord(c):
                raise _UnknownError("range")
            chars |= {chr(k) for k in range(ord(c), ord(hi) + 1)}
            i += 2
        else:
            chars.add(c)
        first = False
    if i >= len(p):
        raise _UnknownError("unclosed set")
    return chars, False, i + 1


@functools.cache
def _by_first(rules: RuleSet, file: str) -> dict[str, tuple[Rule, ...]]:
    """A file's rules by the character their matches can start with (case-folded, its first folded
    character), each in file order; under "" the rules that may start with any character."""
    starts = {rule: first_characters(rule.pattern) for rule in rules.of(file)}
    keys = {c for chars in starts.values() if chars for c in chars}
    table = {key: tuple(r for r, chars in starts.items() if chars is None or key in chars) for key in keys}
    table[""] = tuple(r for r, chars in starts.items() if chars is None)
    return table


def _compile_rule(file: str, entry: dict[str, Any], fragments: dict[str, str], line: int | None) -> Rule:
    where = f"patterns/{file}.yml:{line or '?'} rule {entry.get('id')!r}"
    for key in ("id", "description", "pattern"):
        if not entry.get(key):
            raise RuleError(f"{where}: missing {key!r}")
    pattern = _splice(str(entry["pattern"]), fragments, where)
    try:
        compiled = rx.stored_compile(
            pattern, FLAGS if not entry.get("case_sensitive") else FLAGS & ~regex.IGNORECASE
        )
    except regex.error as exc:
        raise RuleError(f"{where}: pattern does not compile: {exc}") from None
    params = {k: v for k, v in entry.items() if k not in ("id", "description", "pattern", "examples")}
    anchor = _cased(entry, "anchor", fragments, where)
    guard = _cased(entry, "guard", fragments, where)
    window = tuple(entry.get("window") or (80, 80))
    backward = None
    if entry.get("direction", "forward") not in ("forward", "backward"):
        raise RuleError(f"{where}: direction must be 'forward' or 'backward'")
    if entry.get("direction") == "backward":
        if anchor is None:
            raise RuleError(f"{where}: direction 'backward' needs an anchor")
        backward = rx.stored_compile(pattern, compiled.flags | regex.REVERSE)
    # a rule that opens lines is searched from the line breaks (Rule._from_line_breaks); one with an anchor or
    # a guard is searched from those
    led = _line_led(pattern, compiled.flags) if anchor is None and guard is None else None
    return Rule(
        led=led,
        guard=guard,
        backward=backward,
        anchor=anchor,
        window=(int(window[0]), int(window[1])),
        file=file,
        id=str(entry["id"]),
        description=str(entry["description"]),
        pattern=pattern,
        compiled=compiled,
        params=params,
        raw_examples=tuple(entry.get("examples") or ()),
        line=line,
    )


# libyaml's safe loader when PyYAML was built with it: the same documents, read ten times faster (the rule
# files are read by every worker process)
YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _read_yaml(path: Path) -> tuple[Any, str]:
    text = path.read_text(encoding="utf-8")
    try:
        return yaml.load(text, Loader=YAML_LOADER) or {}, text  # noqa: S506 (a safe loader)
    except yaml.YAMLError as exc:
        raise RuleError(f"{path.name}: not valid YAML: {exc}") from None


# Libraries whose upgrade can change what the rules find: the regex engine, and underthesea (the NLP layer)
OUTPUT_LIBRARIES = ("regex", "underthesea")


@functools.cache
def package_version() -> str:
    """kehoach's version and the versions of the libraries that shape its output: part of the rules version,
    so upgrading regex or underthesea re-extracts the corpus like a rule change does."""
    from importlib.metadata import PackageNotFoundError, version

    from kehoach import __version__

    def installed(name: str) -> str:
        try:
            return version(name)
        except PackageNotFoundError:
            return "absent"

    return " ".join([__version__, *(f"{name}={installed(name)}" for name in OUTPUT_LIBRARIES)])


def load_rules(directory: Path = PATTERNS_DIR) -> RuleSet:
    """Load and compile every patterns/*.yml (cached per directory and file contents).

    Called once per document by the workers, so an unchanged directory costs a stat of each file, not a read.
    """
    paths = sorted(Path(directory).glob("*.yml"))
    stamp = tuple((p.name, st.st_size, st.st_mtime_ns) for p in paths for st in (p.stat(),))
    return _load(Path(directory), _version(Path(directory), stamp))


@functools.lru_cache(maxsize=32)
def _version(directory: Path, stamp: tuple[tuple[str, int, int], ...]) -> str:
    """A hash of every rule file's bytes and the package version (recomputed when a file's stat changes)."""
    digest = hashlib.sha256(package_version().encode())
    for name, _, _ in stamp:
        digest.update(name.encode() + b"\0" + (directory / name).read_bytes())
    return digest.hexdigest()[:16]


@functools.cache
def _load(directory: Path, version: str) -> RuleSet:
    documents = {p.stem: _read_yaml(p) for p in sorted(directory.glob("*.yml"))}
    vocab = {stem: doc for stem, (doc, _) in documents.items()}  # settings of rule files included
    shared = vocabulary_fragments(vocab)
    shared.update(vocab.get("fragments", {}).get("fragments", {}))
    rules: dict[str, tuple[Rule, ...]] = {}
    for stem, (doc, text) in documents.items():
        if "rules" not in doc:
            continue
        fragments = {**shared, **(doc.get("fragments") or {})}
        lines = _line_numbers(text)
        compiled = [
            _compile_rule(stem, e, fragments, lines.get(str(e.get("id")))) for e in doc["rules"] or ()
        ]
        rules[stem] = tuple(compiled)
    return RuleSet(directory=directory, rules=rules, vocab=vocab, version=version)
