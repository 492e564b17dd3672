"""`kehoach rules check`: lint the rule files as rules (STYLE.md habits 5-7).

Every patterns/*.yml is checked for
  - YAML that parses, and the schema: each rule has an id, a description, a pattern and a list of examples
    ({text, match, expect}); the vocabulary files (doc_types.yml, issuers.yml, provinces.yml) have their keys;
  - unique qualified ids (file.id);
  - patterns that compile once their {{FRAGMENTS}} are spliced in (by the project's own loader);
  - examples that pass: a positive example's first match is exactly `match` and interpret() gives every
    `expect` field; a negative example (match: null) does not match; at least one of each per rule;
  - no catastrophic backtracking: each compiled pattern searches hostile 10 000-character strings within
    a `regex` timeout.
Each problem is a Finding that names the file and the line:
    patterns/dates.yml:12: dates.numeric example [2]: expected match 'ngày 23/3/2023', got '23/3/2023'
"""

from __future__ import annotations

import dataclasses
import functools
import json
import os
import sys
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import regex
import yaml

from kehoach.records import Document, Extraction, Source, Subject
from kehoach.rules import PATTERNS_DIR, YAML_LOADER, Rule, RuleError, RuleSet, load_rules

BACKTRACK_TIMEOUT = 0.5  # seconds for one search of one hostile string
HOSTILE: tuple[tuple[str, str], ...] = (  # (what it is, the text): repetitions that make bad patterns explode
    ("letters then a stop", "a" * 10_000 + "!"),
    ("capitals then a stop", "A" * 10_000 + "!"),
    ("digits then a letter", "1" * 10_000 + "x"),
    ("number-slash runs", "1/" * 5_000),
    ("number-dash runs", "1-" * 5_000),
    ("number-dot runs", "1." * 5_000),
    ("number-comma runs", "1," * 5_000 + "%x"),
    ("spaces then a letter", " " * 10_000 + "x"),
    ("line breaks", " \n" * 5_000 + "x"),
    ("Vietnamese words", "ngày tháng năm số " * 550),
    ("type words and numbers", "Kế hoạch số 1 " * 700),
    ("parenthesised numbers", "(1) " * 2_500),
    ("percent figures", "9,5% " * 2_000),
    ("symbols", "113/KH-UBND " * 800),
    ("capitalised words", "Ủy Ban Nhân Dân " * 625),
    ("open parentheses", "(" * 10_000),
    ("a header's pieces", ("Số: 12 / KH - UBND ngày 1/1/ 9,5% trên dưới đạt " * 250)[:10_000]),
)
RULE_KEYS = ("id", "description", "pattern", "examples")
EXAMPLE_KEYS = {"text", "match", "expect", "before", "after"}
# vocabulary file -> its key and the shape of that key
VOCABULARIES: dict[str, tuple[str, type]] = {
    "doc_types": ("types", dict),
    "issuers": ("issuers", dict),
    "provinces": ("provinces", list),
}
ID = regex.compile(r"[A-Za-z0-9_-]+")


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem in a rule file, with where it is and what to do."""

    path: str  # "patterns/dates.yml"
    line: int | None
    rule: str | None  # "dates.numeric", or None for a problem of the whole file
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.rule + ' ' if self.rule else ''}{self.message}"


def shown_path(path: Path) -> str:
    """The path as a user typed it: relative to the working directory when it is inside it."""
    try:
        return os.path.relpath(path) if path.resolve().is_relative_to(Path.cwd()) else str(path)
    except ValueError:  # another drive
        return str(path)


# --- the YAML, with line numbers ------------------------------------------------------------------------


def line_of(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def child(node: yaml.Node | None, key: str) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if isinstance(k, yaml.ScalarNode) and k.value == key:
                return v
    return None


@functools.lru_cache(maxsize=64)
def compose(text: str) -> yaml.Node | None:
    """The YAML node tree of a rule file (libyaml's composer when PyYAML has it: ten times faster), once per
    text: the schema, the examples and the settings examples all ask for their lines."""
    return yaml.compose(text, Loader=YAML_LOADER)  # noqa: S506 (a safe loader)


def rule_lines(text: str) -> list[tuple[int, list[int]]]:
    """For each entry of a file's `rules:` list, in order: its line and the line of each of its examples."""
    rules_node = child(compose(text), "rules")
    if not isinstance(rules_node, yaml.SequenceNode):
        return []
    out = []
    for entry in rules_node.value:
        examples = child(entry, "examples")
        lines = [line_of(ex) for ex in examples.value] if isinstance(examples, yaml.SequenceNode) else []
        out.append((line_of(entry), lines))
    return out


# --- the checks -----------------------------------------------------------------------------------------


class Checker:
    """Collects the findings of one patterns folder."""

    def __init__(
        self, directory: Path, files: Collection[str] | None = None, run_examples: bool = True
    ) -> None:
        self.directory = Path(directory)
        self.run_examples = run_examples
        # rule files (stems) whose examples, patterns and settings are run; None: all. The schema, ids and
        # vocabularies of every file are always read (cheap, and the loader needs them all).
        self.files = None if files is None else frozenset(files)
        self.findings: list[Finding] = []
        self.example_lines: dict[str, list[int]] = {}  # qualified id -> line of each example
        self.vocabulary_broken = False

    def add(self, path: Path, line: int | None, rule: str | None, message: str) -> None:
        self.findings.append(Finding(shown_path(path), line, rule, message))
        self.vocabulary_broken |= path.stem in VOCABULARIES

    def run(self) -> list[Finding]:
        paths = sorted(self.directory.glob("*.yml"))
        if not paths:
            self.add(self.directory, None, None, "no *.yml rule files here")
            return self.findings
        documents = {p.stem: self.read(p) for p in paths}
        for path in paths:
            doc = documents[path.stem]
            if doc is not None:
                self.check_json_schema(path, doc)
                self.check_vocabulary(path, doc)
                if "rules" in doc:
                    self.check_schema(path, doc)
        if any(doc is None for doc in documents.values()) or self.vocabulary_broken:
            return self.findings  # the loader cannot read the folder either: fix these first
        ruleset = self.load()
        if ruleset is not None:
            for rule in ruleset.all_rules():
                if self.runs(rule.file):
                    self.check_examples(rule, ruleset)
                    if self.run_examples:
                        self.check_backtracking(rule)
            self.check_settings(ruleset)
        return self.findings

    def runs(self, file: str) -> bool:
        """Whether the examples of this rule file are run (all files, or the ones asked for)."""
        return self.files is None or file in self.files

    def check_settings(self, ruleset: RuleSet) -> None:
        """Each settings example gives what it says, and each setting has one."""
        examples = settings_examples(ruleset)
        for example in examples:
            if not self.runs(example.file) or not self.run_examples:
                continue
            problem = settings_example_problem(example, ruleset)
            if problem:
                where = self.directory / f"{example.file}.yml"
                self.add(where, example.line, None, f"{example.id}: {problem}")
        for file, key in settings_without_examples(ruleset, examples):
            if not self.runs(file):
                continue
            text = (self.directory / f"{file}.yml").read_text(encoding="utf-8")
            name = FIELD_FUNCTIONS[file][0]
            self.add(
                self.directory / f"{file}.yml",
                key_line(text, key),
                None,
                f"setting {key!r} has no example: add one to `settings_examples:` (a text, run through "
                f"{name}(), and the fields it gives)",
            )

    def read(self, path: Path) -> Any:
        try:
            doc = yaml.load(path.read_text(encoding="utf-8"), Loader=YAML_LOADER) or {}  # noqa: S506 (safe)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            problem = getattr(exc, "problem", None) or str(exc)
            self.add(path, mark.line + 1 if mark else None, None, f"not valid YAML: {problem}")
            return None
        if not isinstance(doc, dict):
            self.add(path, 1, None, "the file must be a mapping (rules:, fragments:, or a vocabulary key)")
            return None
        return doc

    def check_schema(self, path: Path, doc: dict[str, Any]) -> None:
        stem, seen = path.stem, dict[str, int | None]()
        entries = doc.get("rules")
        if not isinstance(entries, list):
            self.add(path, None, None, "`rules:` must be a list of rules")
            return
        lines = rule_lines(path.read_text(encoding="utf-8"))
        for value, (line, example_lines) in zip(entries, lines, strict=False):
            if not isinstance(value, dict):
                self.add(path, line, None, "a rule must be a mapping with id, description, pattern, examples")
                continue
            rule_id = str(value.get("id") or "")
            qid = f"{stem}.{rule_id}" if rule_id else None
            for problem in rule_problems(value, rule_id):
                self.add(path, line, qid, problem)
            if rule_id in seen:
                self.add(path, line, qid, f"duplicate id: {qid} is already defined at line {seen[rule_id]}")
            elif qid:
                seen[rule_id] = line
                self.example_lines[qid] = example_lines
            examples: list[Any] = value["examples"] if isinstance(value.get("examples"), list) else []
            for i, (example, ex_line) in enumerate(zip(examples, example_lines, strict=False)):
                for problem in example_problems(example):
                    self.add(path, ex_line, qid, f"example [{i}]: {problem}")

    def check_json_schema(self, path: Path, doc: dict[str, Any]) -> None:
        """The file against patterns/schemas/<file>.schema.json: unknown keys (a misspelt setting, a rule
        parameter nothing reads) and values of the wrong kind are errors. A file without its own schema
        may hold rules and fragments only."""
        import jsonschema

        schema = file_schema(self.directory, path.stem)
        data = json.loads(json.dumps(doc, default=str))  # YAML dates as the ISO strings JSON Schema knows
        text = path.read_text(encoding="utf-8")
        lines = rule_lines(text)
        errors = jsonschema.Draft202012Validator(schema).iter_errors(data)
        for error in sorted(errors, key=lambda e: [str(p) for p in e.absolute_path]):
            where = list(error.absolute_path)
            line, rule = key_line(text, str(where[0])) if where else None, None
            if (
                len(where) >= 2
                and where[0] == "rules"
                and isinstance(where[1], int)
                and where[1] < len(lines)
            ):
                line = lines[where[1]][0]
                entry = doc["rules"][where[1]]
                rule = f"{path.stem}.{entry.get('id')}" if isinstance(entry, dict) else None
            self.add(path, line, rule, f"{'.'.join(map(str, where)) or 'the file'}: {schema_message(error)}")

    def check_vocabulary(self, path: Path, doc: dict[str, Any]) -> None:
        """The keys the extractors read from the vocabulary files (pipeline/extract/vocab.py, rules.py)."""
        if path.stem not in VOCABULARIES:
            return
        key, kind = VOCABULARIES[path.stem]
        entries: Any = doc.get(key)
        if not isinstance(doc.get(key), kind):
            self.add(path, None, None, f"needs `{key}:` as a {'mapping' if kind is dict else 'list'}")
            return
        items: Iterable[tuple[Any, Any]] = (
            entries.items() if isinstance(entries, dict) else enumerate(entries)
        )
        text = path.read_text(encoding="utf-8")
        for name, entry in items:
            line = vocabulary_line(text, name if isinstance(entries, dict) else None, entry)
            if not isinstance(entry, dict) or not isinstance(entry.get("name"), str) or not entry["name"]:
                self.add(path, line, None, f"{key} entry {name!r}: needs a `name` string")
            elif not isinstance(entry.get("aliases", []), list):
                self.add(path, line, None, f"{key} entry {name!r}: `aliases` must be a list")

    def load(self) -> RuleSet | None:
        try:
            return load_rules(self.directory)
        except (KeyError, TypeError, AttributeError, ValueError) as exc:  # a shape the schema checks missed
            self.add(self.directory, None, None, f"the rule loader failed: {type(exc).__name__}: {exc}")
            return None
        except RuleError as exc:
            found = regex.search(r"(\w+)\.yml:?(\d+)?", str(exc))
            path = self.directory / f"{found.group(1)}.yml" if found else self.directory
            line = int(found.group(2)) if found and found.group(2) else None
            message = regex.sub(r"^\S*\.yml(?::\S+)?\s*", "", str(exc))
            if not any(f.path == shown_path(path) and f.line == line for f in self.findings):
                self.add(path, line, None, message)
            return None

    def check_examples(self, rule: Rule, ruleset: RuleSet) -> None:
        lines = self.example_lines.get(rule.qualified_id, [])
        path = self.directory / f"{rule.file}.yml"
        if rule.file in FIELD_FUNCTIONS and not any(e.expect for e in rule.examples if e.match is not None):
            name = FIELD_FUNCTIONS[rule.file][0]
            self.add(
                path,
                rule.line,
                rule.qualified_id,
                f"needs a positive example with `expect`: the fields of the record {name}() makes of it "
                "(give the document around it with `before:` / `after:`)",
            )
        for example in rule.examples if self.run_examples else ():
            line = lines[example.index] if example.index < len(lines) else rule.line
            problem = example_problem(
                rule, example.text, example.match, example.expect, ruleset, example.before, example.after
            )
            if problem:
                self.add(path, line, rule.qualified_id, f"example [{example.index}]: {problem}")

    def check_backtracking(self, rule: Rule) -> None:
        hostile = backtracks_on(rule.compiled)
        if hostile is not None:
            name, size = hostile
            self.add(
                self.directory / f"{rule.file}.yml",
                rule.line,
                rule.qualified_id,
                f"pattern backtracks catastrophically: no answer within {BACKTRACK_TIMEOUT} s on "
                f"{size:,} characters of {name}; bound the repetition or make the "
                "alternatives exclusive (e.g. (a|aa)+ -> a+)",
            )


# Once per pattern and process: the searches cost ~40 ms a rule, and a process that checks several
# folders (the tests, an editor's checker) meets the same patterns again.
_BACKTRACKS: dict[tuple[str, int], tuple[str, int] | None] = {}


def backtracks_on(compiled: regex.Pattern[str]) -> tuple[str, int] | None:
    """The first HOSTILE text (its name and length) the pattern gives no answer on within the timeout."""
    key = (compiled.pattern, compiled.flags)
    if key not in _BACKTRACKS:
        _BACKTRACKS[key] = None
        for name, text in HOSTILE:
            if not answers_within(compiled, text) and not answers_within(compiled, text):
                _BACKTRACKS[key] = (name, len(text))
                break
    return _BACKTRACKS[key]


def answers_within(compiled: regex.Pattern[str], text: str) -> bool:
    """Whether one search of `text` ends within BACKTRACK_TIMEOUT. The timeout is wall-clock time, so a busy
    machine can pause a fine pattern past it once; a pattern that backtracks runs out of time every time, so
    backtracks_on() asks twice before it says so."""
    try:
        compiled.search(text, timeout=BACKTRACK_TIMEOUT)
    except TimeoutError:
        return False
    return True


def rule_problems(value: dict[str, Any], rule_id: str) -> list[str]:
    """Schema problems of one rule entry."""
    problems = [f"missing {key!r}" for key in RULE_KEYS if not value.get(key)]
    if rule_id and not ID.fullmatch(rule_id):
        problems.append("id: use letters, digits, _ and - only (the file name is the prefix)")
    examples = value.get("examples")
    if examples and not isinstance(examples, list):
        return [*problems, "examples: must be a list of {text, match, expect}"]
    kinds = [ex.get("match") is None for ex in examples or () if isinstance(ex, dict) and "match" in ex]
    if examples and False not in kinds:
        problems.append("needs at least one positive example (match: the text it should match)")
    if examples and True not in kinds:
        problems.append("needs at least one negative example (match: null)")
    return problems


def example_problems(example: Any) -> list[str]:
    """Schema problems of one example."""
    if not isinstance(example, dict):
        return ["must be a mapping {text, match, expect}"]
    problems = []
    unknown = set(example) - EXAMPLE_KEYS
    if unknown:
        problems.append(f"unknown key(s) {sorted(unknown)}; use text, match, expect")
    if not isinstance(example.get("text"), str):
        problems.append("needs a `text` string")
    if "match" not in example:
        problems.append("needs `match` (the exact matched text, or null)")
    elif example["match"] is not None and not isinstance(example["match"], str):
        problems.append("`match` must be a string or null")
    if example.get("expect") is not None and not isinstance(example["expect"], dict):
        problems.append("`expect` must be a mapping of field: value")
    return problems


def example_problem(
    rule: Rule,
    text: str,
    match: str | None,
    expect: dict[str, Any],
    ruleset: RuleSet,
    before: str = "",
    after: str = "",
) -> str | None:
    """What is wrong with one example, or None when it passes. The rule is searched in `text`; the field
    function reads `before + text + after` (the document around it: the citation after a verb, the heading
    above a list item)."""

    try:
        found = rule.search(text)
    except TimeoutError:
        return "the pattern timed out on this example"
    if match is None:
        return None if found is None else f"expected no match, got {found.group(0)!r}"
    if found is None:
        return f"expected match {match!r}, got no match"
    if found.group(0) != match:
        return f"expected match {match!r}, got {found.group(0)!r}"
    if not expect:
        return None
    span = (len(before) + found.start(), len(before) + found.end())
    return expect_problem(rule, before + text + after, span, found, expect, ruleset)


def expect_problem(
    rule: Rule,
    text: str,
    span: tuple[int, int],
    found: regex.Match[str],
    expect: dict[str, Any],
    ruleset: RuleSet,
) -> str | None:
    """What differs between `expect` and the record the field function makes of the match (its fields that
    are not on the record: those interpret() gives)."""
    from kehoach.extract import interpret

    try:
        fields = interpret(rule, found, ruleset)
        record = record_at(rule, text, span, ruleset)
    except Exception as exc:  # any failure of an interpreter is a finding about this example
        return f"the extractor failed on the example: {type(exc).__name__}: {exc}"
    if record is None:  # the field function keeps nothing here: right only if the example says so
        if all(want is None for want in expect.values()):
            return None
        return f"{FIELD_FUNCTIONS[rule.file][0]}() keeps no record at this match (expect {expect})"
    for key, want in expect.items():
        if record is not False and hasattr(record, key):
            got = getattr(record, key)
            if not same(got, want):
                return f"expect {key}: {want!r}, but {FIELD_FUNCTIONS[rule.file][0]}() gives {got!r}"
        elif key not in fields:
            known = sorted({*fields, *(f.name for f in dataclasses.fields(record))} if record else fields)
            return f"expect {key}: {want!r}, but the rule gives no field {key!r} (it gives {known})"
        elif fields[key] != want:
            return f"expect {key}: {want!r}, got {fields[key]!r}"
    return None


@dataclass(frozen=True, slots=True)
class SettingsExample:
    """An example of a rule file's settings (its `settings_examples:`): a text, run through the file's field
    function, and the fields of the first record it yields (`expect: null`: it yields none)."""

    file: str
    index: int
    setting: str  # the settings key the example shows ("comparators")
    text: str
    expect: dict[str, Any] | None
    line: int | None = None
    match: str | None = None  # the record whose figure or span holds this text (else the first record)

    @property
    def id(self) -> str:
        return f"{self.file}.settings_examples[{self.index}] ({self.setting})"


def settings_examples(ruleset: RuleSet) -> list[SettingsExample]:
    out = []
    for file in sorted(ruleset.vocab):
        text = (ruleset.directory / f"{file}.yml").read_text(encoding="utf-8")
        node = child(compose(text), "settings_examples")
        lines = [line_of(n) for n in node.value] if isinstance(node, yaml.SequenceNode) else []
        for i, entry in enumerate(ruleset.settings(file).raw("settings_examples") or ()):
            line = lines[i] if i < len(lines) else None
            expect = entry.get("expect")
            setting, said = str(entry["setting"]), str(entry["text"])
            out.append(SettingsExample(file, i, setting, said, expect, line, entry.get("match")))
    return out


def settings_without_examples(ruleset: RuleSet, examples: list[SettingsExample]) -> list[tuple[str, str]]:
    """(file, key) of each setting of a file with a field function that no example shows: neither a settings
    example nor examples of its own (`measures: {examples: ...}`, entries with examples, `goal_examples`)."""
    shown = {(e.file, e.setting) for e in examples}
    return [
        (file, key)
        for file in sorted(set(ruleset.vocab) & set(FIELD_FUNCTIONS))
        for key, value in (ruleset.vocab[file] or {}).items()
        if key not in ("rules", "fragments", "settings_examples", VOCABULARIES.get(file, ("",))[0])
        and (file, key) not in shown
        and not has_own_examples(key, value)
        and not for_readers(ruleset.directory, file, key)
    ]


def for_readers(directory: Path, file: str, key: str) -> bool:
    """A key the code does not read (its schema says so: agencies.yml `uncertain`, notes for the reader)."""
    described = file_schema(directory, file).get("properties", {}).get(key, {}).get("description", "")
    return str(described).startswith("not read by the code")


def has_own_examples(key: str, value: Any) -> bool:
    if key.endswith("_examples") or (isinstance(value, dict) and "examples" in value):
        return True
    return (
        isinstance(value, list)
        and bool(value)
        and all(isinstance(v, dict) and "examples" in v for v in value)
    )


def settings_example_problem(example: SettingsExample, ruleset: RuleSet) -> str | None:
    """What is wrong with one settings example, or None when the field function gives what it says."""
    if example.file not in FIELD_FUNCTIONS:
        return f"patterns/{example.file}.yml has no field function to run its settings examples through"
    if example.setting not in ruleset.vocab[example.file]:
        return f"setting {example.setting!r} is not a key of patterns/{example.file}.yml"
    name, function = FIELD_FUNCTIONS[example.file]
    records = list(function(example.text, ruleset))
    if example.match is not None:
        at = example.text.find(example.match)
        if at < 0:
            return f"match {example.match!r} is not in the text"
        records = [r for r in records if span_of(r)[0] <= at and at + len(example.match) <= span_of(r)[1]]
    if example.expect is None:
        return None if not records else f"expected no record, {name}() gives {records[0]}"
    if not records:
        return f"{name}() gives no record (expect {example.expect})"
    for key, want in example.expect.items():
        got = getattr(records[0], key, KeyError)
        if got is KeyError:
            return f"expect {key}: {want!r}, but {name}()'s records have no field {key!r}"
        if not same(got, want):
            return f"expect {key}: {want!r}, but {name}() gives {got!r}"
    return None


def same(got: Any, want: Any) -> bool:
    """A record's value against an example's: tuples read as YAML lists, a nested record (a task's `due`)
    by the fields the example states."""
    if dataclasses.is_dataclass(got) and isinstance(want, dict):
        return all(hasattr(got, k) and same(getattr(got, k), v) for k, v in want.items())
    if isinstance(got, tuple | list) and isinstance(want, list):
        return len(got) == len(want) and all(same(g, w) for g, w in zip(got, want, strict=True))
    return bool(got == want)


@functools.lru_cache(maxsize=512)
def extraction(text: str, ruleset: RuleSet) -> Extraction:
    """The whole extraction of an example's text, as of a plain-text document whose pipe rows are its tables
    (cached: several examples and families read the same text)."""
    from kehoach.extract import extract
    from kehoach.normalize import table_rows

    source = Source(path="example.txt", sha256="", format="text", size=len(text.encode()))
    return extract(Document(source=source, text=text, tables=tuple(table_rows(text))), ruleset)


@dataclass(frozen=True, slots=True)
class Heading:
    """What the subject rules decide, as one record: the document's kind, title and province (the contract's
    top-level fields) and the fields of its subject (None when it has none)."""

    kind: str
    title: str | None
    province: str | None
    symbol: str | None
    doc_type: str | None
    number: str | None
    year: int | None
    issued: str | None
    issuer: str | None
    period: tuple[int, int] | None
    uncertain: bool

    @classmethod
    def of(cls, found: Extraction) -> Heading:
        # the subject's fields by name, so a field added to Subject needs only its line above
        fields: dict[str, Any] = {
            f.name: getattr(found.subject, f.name, None) for f in dataclasses.fields(Subject)
        }
        fields["uncertain"] = bool(fields["uncertain"])
        return cls(kind=found.kind, title=found.title, province=found.province, **fields)


@dataclass(frozen=True, slots=True)
class Normalized:
    """What normalize makes of a text (the boilerplate rules drop chrome lines, `own_line` breaks lines)."""

    text: str


def _field_functions() -> dict[str, tuple[str, Callable[[str, RuleSet], Sequence[Any]]]]:
    from kehoach.extract import dates, references
    from kehoach.normalize import normalize_text

    def subject(text: str, ruleset: RuleSet) -> Sequence[Any]:
        return [Heading.of(extraction(text, ruleset))]

    return {
        "dates": ("find_dates", dates.find_dates),
        "references": ("find_references", references.find_references),
        # bodies with the province extract() reads from the text
        "bodies": ("find_bodies", lambda text, ruleset: extraction(text, ruleset).bodies),
        "targets": ("find_targets", lambda text, ruleset: extraction(text, ruleset).targets),
        "indicators": (
            "find_targets",
            lambda text, ruleset: extraction(text, ruleset).targets,
        ),  # settings only
        "boilerplate": ("normalize_text", lambda text, ruleset: [Normalized(normalize_text(text, ruleset))]),
        # the fields whose records need the whole document: extract() of the example's text, one of its fields
        "subject": ("find_subject", subject),
        "relations": ("relate", lambda text, ruleset: extraction(text, ruleset).references),
        "tasks": ("find_tasks", lambda text, ruleset: extraction(text, ruleset).tasks),
        "assignments": ("find_tasks", lambda text, ruleset: extraction(text, ruleset).tasks),
        # vocabularies with settings: agencies name a task's lead (lead_name, lead_now); doc types, a subject
        "agencies": ("find_tasks", lambda text, ruleset: extraction(text, ruleset).tasks),
        "doc_types": ("find_subject", subject),
    }


# rule file -> the field function whose records its examples are compared with (Duckling's corpus: the whole
# pipeline of the field on the example's text, not the pattern alone)
FIELD_FUNCTIONS = _field_functions()
# files whose rules read the words around a record (a verb before a citation, a heading above a list): an
# example's record may start after its match
CONTEXT_FILES = frozenset({"subject", "relations", "tasks", "assignments"})


def span_of(record: Any) -> tuple[int, int]:
    """Where a record is in its text: a target's own figure, another record's span (a Heading: all of it)."""
    start, end = getattr(record, "start", 0), getattr(record, "end", sys.maxsize)
    return getattr(record, "value_start", start), getattr(record, "value_end", end)


def record_at(rule: Rule, text: str, span: tuple[int, int], ruleset: RuleSet) -> Any:
    """The record the field function makes of the example's match: the one of this rule over the match (a
    target: its figure), else the first over it, else (a rule that reads a record's context) the first after
    it, else the last before it; None when it keeps none; False for a file without a field function."""
    if rule.file not in FIELD_FUNCTIONS:
        return False
    records = FIELD_FUNCTIONS[rule.file][1](text, ruleset)

    start, end = span
    over = [r for r in records if span_of(r)[0] < end and start < span_of(r)[1]]
    own = [r for r in over if getattr(r, "rule", None) == rule.qualified_id]
    context = rule.file in CONTEXT_FILES
    after = [r for r in records if span_of(r)[0] >= start] if context else []
    before = [r for r in records if span_of(r)[1] <= start][::-1] if context else []
    return (own or over or after or before or [None])[0]


GENERIC_SCHEMA: dict[str, Any] = {  # a rule file without a schema of its own: rules and fragments only
    "type": "object",
    "additionalProperties": False,
    "properties": {"rules": {"type": "array"}, "fragments": {"type": "object"}},
}


def file_schema(directory: Path, stem: str) -> dict[str, Any]:
    """patterns/schemas/<stem>.schema.json beside the rule files (else the project's own)."""
    for folder in (Path(directory) / "schemas", PATTERNS_DIR / "schemas"):
        path = folder / f"{stem}.schema.json"
        if path.exists():
            return dict(json.loads(path.read_text(encoding="utf-8")))
    return GENERIC_SCHEMA


def schema_message(error: Any) -> str:
    """jsonschema's message, said for a rule author: an unknown key names itself and what is allowed."""
    if error.validator == "additionalProperties":
        allowed = sorted(error.schema.get("properties", {}))
        unknown = sorted(set(error.instance) - set(allowed))
        return f"unknown key(s) {unknown}: nothing reads them (allowed: {', '.join(allowed)})"
    return str(error.message)


def key_line(text: str, key: str) -> int | None:
    """Line of a top-level `key:` of a rule file."""
    for number, line in enumerate(text.splitlines(), start=1):
        if line.startswith(f"{key}:"):
            return number
    return None


def vocabulary_line(text: str, key: Any, entry: Any) -> int | None:
    """Line of a vocabulary entry: `KH: {...}` for a mapping, `- {name: "Hà Nội"...` for a list."""
    name = str(key) if key is not None else (entry.get("name") if isinstance(entry, dict) else None)
    if not name:
        return None
    needle = f"{name}:" if key is not None else str(name)
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if (key is not None and stripped.startswith(needle)) or (
            key is None and stripped.startswith("-") and needle in stripped
        ):
            return number
    return None


def check(
    directory: Path = PATTERNS_DIR, files: Collection[str] | None = None, run_examples: bool = True
) -> list[Finding]:
    """Every problem of the rule files in `directory`; an empty list when they all pass. `files` (stems such
    as "dates") runs the examples of those files only, as a rule author does while editing one file.
    `run_examples=False` checks the folder's shape only (schemas, ids, vocabularies, the examples each rule
    and setting must have), for a caller that runs every example on its own (tests/test_rules.py)."""
    return Checker(directory, files, run_examples).run()
