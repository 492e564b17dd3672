"""How the document relates to each document it cites (patterns/relations.yml, contract v2 `relation`).

Each mention of a symbol is read in its clause (the stretch between ";", ",", a line break and the previous
symbol): the verb right before it ("tổ chức thực hiện Nghị quyết …"), else the clause's opening ("Căn cứ",
"Thực hiện", "Xét"), else the opening of the nearest clause above it in the same sentence, so every item of a
list "Căn cứ A; B; Thực hiện C, D" takes the word that heads it. A verb that follows another cited document in
the same clause is that document's ("Quyết định 14/2012/QĐ-TTg sửa đổi Quyết định 139/2002/QĐ-TTg"), unless
that document is the subject ("Kế hoạch số 99-KH/TU … thực hiện Nghị quyết số 39-NQ/TW"). A reference takes
the relation of its first mention that has one; the subject is `self`.
"""

from __future__ import annotations

from dataclasses import replace

import regex

from kehoach import rx
from kehoach.extract.references import scan
from kehoach.records import Reference, Relation
from kehoach.rules import Rule, RuleSet
from kehoach.text import symbol_key

REACH = 1500  # characters above a mention where the opening of its list may be
OVERSIGHT_REACH = 240  # characters before a mention where a charge to check how it is carried out may open
HEAD_REACH = 250  # characters after an opening where the first document of its list is named
CLAUSE_SEP = regex.compile(r"[;,\n]")
RELATIONS: tuple[Relation, ...] = ("basis", "implements", "amends", "replaces", "repeals", "mentions")


def interpret(rule: Rule, match: regex.Match[str], rules: RuleSet) -> dict[str, str | None]:
    return {"relation": relation_of(match)}


def relation_of(match: regex.Match[str] | None) -> Relation | None:
    if match is None:
        return None
    groups = match.groupdict()
    return next((name for name in RELATIONS if groups.get(name) is not None), None)


def sentence_start(text: str, pos: int, rules: RuleSet) -> int:
    """Where the sentence of the mention at `pos` begins; the end right before it counts (". Công văn số …":
    the end's look-ahead reads the mention's first letter, so the search runs one character past `pos`)."""
    start = max(0, pos - REACH)
    stop = min(len(text), pos + 1)
    ends = list(
        rules.rule("relations.sentence_end").compiled.finditer(text, start, stop, timeout=rx.limit(REACH))
    )
    return ends[-1].end() if ends else start


def clause_starts(text: str, start: int, pos: int, rules: RuleSet) -> list[int]:
    """Where the clauses between `start` and `pos` begin, the nearest first; a line wrapped in mid-clause
    (`relations.wrapped_line`: a lower-case word after a line that ends on no punctuation) goes on with it."""
    wrapped = rules.rule("relations.wrapped_line").compiled
    ends = (m.end() for m in CLAUSE_SEP.finditer(text, start, pos))
    return [start, *(e for e in ends if not (text[e - 1] == "\n" and wrapped.match(text, e, pos)))][::-1]


Previous = tuple[int, bool, Relation | None]  # the symbol written before: end, is it the subject, relation


def mention_relation(
    text: str,
    start: int,
    previous: Previous,
    symbols: list[int],
    rules: RuleSet,
    in_body: bool = False,
    floor: int = 0,
    issued: list[int] | None = None,
) -> Relation | None:
    """The relation the mention at `start` is cited with; `symbols` starts every symbol in the text;
    `issued` (appended to) holds the mentions the text's own clause says some body issues ("… ban hành Kế
    hoạch số …"), which end the list of an opening above them.

    In the body (below its first "I. MỤC ĐÍCH …" heading) a verb carries the document out when it opens its
    item ("- Tiếp tục triển khai thực hiện Quyết định số …") or names what is done as the document sets it
    ("Thực hiện có hiệu quả các nhiệm vụ theo Thông báo số …", "thực hiện công tác đào tạo … theo Quyết định
    số …": REVIEW T13, T54); one inside a task's sentence with no object of its own ("… gắn với thực hiện tốt
    Chỉ thị …") only names what the task works with."""
    top = max(sentence_start(text, start, rules), floor)
    clauses = clause_starts(text, top, start, rules)
    own = clauses[0]
    # "Nghị quyết 433-NQ/TU … và Nghị quyết 111-NQ/TU": one item of a list, cited as the one before it
    if previous[0] > top and not previous[1]:
        joined = rules.rule("relations.coordinated").compiled
        if previous[2] and joined.fullmatch(text, previous[0], start, timeout=rx.limit(start - previous[0])):
            return previous[2]
    # the reader charged to check how the document is carried out, or with what it assigns
    charge = charge_relation(text, top, start, clauses, previous, rules)
    if charge:
        return charge
    # a symbol earlier in the clause owns the verb before this one, unless it is the subject: what a cited
    # plan carries out ("Kế hoạch số 119-KH/TU … về thực hiện Chỉ thị số 37-CT/TW") is that plan's, not this
    # document's (gold 1322, 1920, 1922)
    begin = max(top, previous[0], start - 160)
    verb = rules.rule("relations.verb").compiled
    said = verb.search(text, begin, start, timeout=rx.limit(start - begin))
    # ("Nghị định số 119/2025/NĐ-CP sửa đổi, bổ sung …": the comma inside the verb does not free it)
    # the clause the verb opens in: "… của Chính phủ về sửa đổi, bổ sung một số\nđiều của Nghị định …"
    at_verb = next((c for c in clauses if said is not None and c <= said.start()), own)
    found = relation_of(said)
    if found == "implements" and not_its_act(text, top, said, rules):
        return "mentions"  # a person presents it at a meeting, a year or a state is described (T16, T32)
    owned = (
        (previous[0] > min(own, at_verb) or (said is not None and 0 <= said.start() - previous[0] <= 2))
        and not previous[1]
        and previous[0] >= 0
    )
    # a document this text carries out, named without a number, owns a lower-case verb after it ("tập trung
    # triển khai Kế hoạch thực hiện Kết luận số 51-KL/TW": the plan carries it out; gold 1006, 1856); a
    # capitalised "Thực hiện" opens the text's own clause ("… xã Gia Phong Thực hiện Kế hoạch số …", 2801)
    if said is not None and found and said.group(0)[:1].islower():
        carried = rules.rule("relations.carried_noun").compiled
        owned = owned or carried.search(text, at_verb, said.start(), timeout=rx.limit(start)) is not None
    if found and owned:
        # a document named in the title of another one cited ("Căn cứ Quyết định số 1521/QĐ-TTg … ban hành
        # Kế hoạch thực hiện Kết luận số 80-KL/TW"): this text only mentions it (gold 805, 1108, 1908, 1931)
        return "mentions"
    if in_body and said is not None and not (said.group("object") or opens_item(text, at_verb, said, rules)):
        found = None
    if found:
        note_issued(said, start, issued)
        return found
    # the same without a verb the rule reads ("Thông tư số 09/2021/TT-BTP … hướng dẫn thi hành Quyết định số
    # 25/2021/QĐ-TTg" in a Căn cứ list): named in the title of the one before, unless joined to it by "và"
    titled = rules.rule("relations.titled").compiled
    if (
        previous[0] > own
        and not previous[1]
        and titled.fullmatch(text, previous[0], start, timeout=rx.limit(start))
    ):
        return "mentions"
    return list_relation(text, start, clauses, symbols if not in_body else [], rules, in_body, issued or [])


def charge_relation(
    text: str, top: int, start: int, clauses: list[int], previous: Previous, rules: RuleSet
) -> Relation | None:
    """`mentions` when the words before the mention at `start` charge the reader to check or urge on how the
    document is carried out (relations.oversight, REVIEW T69, T72: "kiểm tra, đôn đốc việc thực hiện Kế
    hoạch số …": the execution is the object, not what the document sets); `implements` when they charge it
    with what the document assigns ("nội dung, nhiệm vụ được phân công tại Kế hoạch …", REVIEW T13, T26), in
    the body too, unless a document cited earlier in the clause assigns."""
    begin = max(top, previous[0], start - OVERSIGHT_REACH)
    oversight = rules.rule("relations.oversight").compiled
    if oversight.search(text, begin, start, timeout=rx.limit(start - begin)):
        return "mentions"
    return "implements" if assigned(text, max(top, start - 160), start, clauses, previous, rules) else None


def note_issued(said: regex.Match[str] | None, start: int, issued: list[int] | None) -> None:
    """Keep the mention at `start` in `issued` when the verb right before it, the text's own, issues it
    (relations.verb `mentions`: "… trình UBND tỉnh ban hành các Quyết định số …", "Ban Thường vụ Tỉnh ủy đã
    xây dựng Kế hoạch số …"; gold 4431, 4201, 3636)."""
    if issued is not None and said is not None and said.group("mentions") is not None:
        issued.append(start)


def assigned(
    text: str, begin: int, start: int, clauses: list[int], previous: Previous, rules: RuleSet
) -> bool:
    """Whether the words right before the mention at `start` say its tasks were assigned to the reader
    (relations.assigned: "Các Sở, ngành căn cứ nội dung, nhiệm vụ được phân công tại …", gold 3305, 1810), or
    charge it with work done as the document sets out (relations.charged, REVIEW T54: "Tập trung chỉ đạo …
    theo Nghị quyết số …", gold 5534, 4306, 958), or direct that a matter be done as the document sets it
    (relations.directed, REVIEW T74: "Thu học phí, thực hiện theo Nghị quyết số …", gold 2404, 4233, 2821,
    5794); a document cited earlier in that phrase's clause, not the subject, owns it (a title: "Kế hoạch số
    200 … thực hiện các nhiệm vụ được giao tại …")."""
    limit = rx.limit(start - begin)
    for name in ("assigned", "charged", "directed"):
        found = rules.rule(f"relations.{name}").compiled.search(text, begin, start, timeout=limit)
        if found is not None:
            break
    else:
        return False
    clause = next((c for c in clauses if c <= found.start()), begin)
    return previous[1] or previous[0] <= clause


def not_its_act(text: str, top: int, said: regex.Match[str], rules: RuleSet) -> bool:
    """Whether the sentence up to the verb before a document tells what is not this text's act: a person
    presents the document at a meeting (relations.presenter: "đồng chí … – Phó Chủ tịch … quán triệt Nghị
    quyết số …", gold 1657, 2647, 2836), or it describes a state or a year (relations.state: "Trà Vinh đang
    triển khai thực hiện Nghị quyết số …", "… là năm đẩy mạnh thực hiện Nghị quyết …", 3567, 3735)."""
    limit = rx.limit(said.end() - top)
    return any(
        rules.rule(f"relations.{name}").compiled.search(text, top, said.end(), timeout=limit) is not None
        for name in ("presenter", "state")
    )


def opens_item(text: str, clause: int, said: regex.Match[str], rules: RuleSet) -> bool:
    """Whether the verb before a document opens its clause, as a task of the body does ("- Tiếp tục triển khai
    thực hiện Quyết định số …", "a) Tổ chức quán triệt và thực hiện nghiêm túc …"); one inside a task's
    sentence ("… gắn với thực hiện tốt Chỉ thị 05-CT/BCT", "các hoạt động triển khai Chỉ thị số …") only
    names the document it works with (gold 1700, 1907, 3041)."""
    head = rules.rule("relations.opening").compiled.match(
        text, clause, said.end(), timeout=rx.limit(said.end() - clause)
    )
    if head is None or head.group("implements") is None:
        return False
    return head.end() >= said.start() or text[head.end() : said.start()].strip() in ("", "và")


def list_relation(
    text: str,
    start: int,
    clauses: list[int],
    symbols: list[int],
    rules: RuleSet,
    strict: bool = False,
    issued: list[int] | tuple[int, ...] = (),
) -> Relation | None:
    """The opening that heads the mention's clause, or the list it is an item of. An opening starts a line,
    follows ";" or starts the sentence; a clause after a comma continues the one before it. `strict` (the
    body): "thực hiện công tác … theo Quyết định số …" works with a document, only an opening right before
    a document ("Tiếp tục triển khai thực hiện Quyết định số …") relates to it."""
    opening = rules.rule("relations.opening").compiled
    for i, clause in enumerate(clauses):
        if clause != clauses[-1] and text[clause - 1] == ",":
            continue
        head = opening.match(text, clause, start, timeout=rx.limit(start - clause))
        if head is None:
            continue
        if head.groupdict().get("stop") is not None:
            return None  # "Nhằm …": a purpose clause, the list above does not reach here
        if any(clause <= p < start for p in issued):
            # "Thực hiện Chỉ thị số 20-CT/TU …, Ban Thường vụ … ban hành Kế hoạch số 176 …; Hướng dẫn
            # số 18 …": the items after a document the sentence's own verb issues are that verb's
            return None
        if (i == 0 and not strict) or heads_list(text, head.end(), start, symbols, rules):
            return relation_of(head)
        return None
    return None


def heads_list(text: str, end: int, limit: int, symbols: list[int], rules: RuleSet) -> bool:
    """Whether an opening heads a list of documents: a document right after it, or a symbol soon after it
    (lines wrap inside a clause, so this reads on past line breaks). The mention at `limit` counts when
    nothing stands between: "Căn cứ Quyết định số 552/QĐ-UBND" below a plan's "I. Mục đích" (gold 3137)."""
    if not text[end:limit].strip():
        return True
    stop = min(limit, end + HEAD_REACH)
    head = rules.rule("relations.list_head").compiled
    if head.match(text, end, stop, timeout=rx.limit(stop - end)):
        return True
    return any(end <= s <= stop for s in symbols)


def basis_sections(text: str, rules: RuleSet) -> list[tuple[int, int]]:
    """The stretches under a heading of their own for the legal basis ("I. CĂN CỨ XÂY DỰNG KẾ HOẠCH"), each
    up to the next labelled line that names no document (`relations.section_end`) or REACH * 3 characters."""
    ends = rules.rule("relations.section_end").compiled
    out = []
    for head in rules.rule("relations.basis_heading").finditer(text):
        stop = min(len(text), head.end() + 3 * REACH)
        end = ends.search(text, head.end(), stop, timeout=rx.limit(stop - head.end()))
        out.append((head.end(), end.start() if end else stop))
    return out


def results_sections(text: str, rules: RuleSet) -> list[tuple[int, int]]:
    """The stretches under a heading of a report's results ("I. NHỮNG KẾT QUẢ ĐẠT ĐƯỢC", "I. TÌNH HÌNH
    TRIỂN KHAI THỰC HIỆN KẾ HOẠCH"), each up to the next Roman or "Phần" heading (`relations.results_end`): a
    document "carried out" there is what the report tells was done, no act of the text (REVIEW.md T15, T32,
    T46)."""
    ends = rules.rule("relations.results_end").compiled
    out = []
    for head in rules.rule("relations.results_heading").finditer(text):
        end = ends.search(text, head.end(), timeout=rx.limit(len(text) - head.end()))
        out.append((head.end(), end.start() if end else len(text)))
    return out


ITEM_REACH = 200  # characters of an item's own words before the first document it names
ITEM_START = regex.compile(r"[\n;]|\.\s")


def first_of_item(text: str, start: int, symbols: list[int]) -> bool:
    """Whether the document at `start` is the first one named on its item of a list (the stretch after the
    last line break, ";" or full stop), also after the item's own words ("- Điều lệ trường trung học (ban
    hành theo QĐ số …", "Căn cứ Thể lệ cuộc thi số …", "- Mục 1, phần I của Hướng dẫn số …": gold 4312
    Quảng Nam, 3137 Thừa Thiên Huế, 4233); one named after another on the same item is in its title
    ("Thông tư số 51/2020/TT-BGDĐT … ban hành kèm theo Thông tư số 17/2009/TT-BGDĐT")."""
    begin = max(0, start - ITEM_REACH)
    breaks = [found.end() for found in ITEM_START.finditer(text, begin, start)]
    if not breaks:
        return False
    return not any(breaks[-1] <= s < start for s in symbols)


RESTATED_REACH = 120  # characters between a symbol and its restatement in an alias


def restated(text: str, end: int, start: int) -> bool:
    """Whether the mention at `start` restates the symbol that ends at `end` within its clause, as an alias
    does ("Nghị quyết số 09/NQ-CP … (sau đây gọi tắt là Nghị quyết số 09/NQ-CP), Chương trình số …", gold
    3364): it is the same document, cited as before (unless a verb of its own relates it: "… thực hiện Nghị
    quyết số 12-NQ/TU, Đề án triển khai Nghị quyết 12-NQ/TU", 2134), and the items after it follow the list
    as that one."""
    between = text[end:start]
    return 0 <= start - end <= RESTATED_REACH and not any(c in between for c in ".;\n")


def next_item(
    text: str, start: int, related: list[tuple[int, Relation | None]], issued: list[int], rules: RuleSet
) -> Relation | None:
    """The relation of the mention at `start` as the next item of a list after ";" that names only the
    document (relations.list_item: "…; Kế hoạch số 218/KH-UBND …"): `implements` when the first document of
    the item before it in the sentence is carried out ("- Tập trung chỉ đạo thực hiện các nhiệm vụ theo Kế
    hoạch số 200/KH-UBND …; Kế hoạch số 218/KH-UBND …", gold 1322 Lào Cai; "Theo đó, thực hiện Thông báo số
    24-TB/BCĐ …; Kế hoạch số 60/KH-UBND …", 3006 Bình Phước; "… thực hiện tốt Nghị quyết số 03-NQ/HU …; Nghị
    quyết số 02-NQ/ĐU …", 3971 Cà Mau): the verb governs the whole list, as an opening does. Not when the
    sentence's own verb issues a document of that item ("…, Ban Thường vụ … ban hành Kế hoạch số 176 …;
    Hướng dẫn số 18 …": the list goes on with what it issues, gold 3636); the subject's own mention ("Số:
    99/KH-UBND" above, with no full stop after it) is no item of the list."""
    top = sentence_start(text, start, rules)
    semi = text.rfind(";", top, start)
    if semi < 0:
        return None
    item = rules.rule("relations.list_item").compiled
    if not item.fullmatch(text, semi + 1, start, timeout=rx.limit(start - semi)):
        return None
    before = text.rfind(";", top, semi)
    begin = before + 1 if before >= 0 else top
    if any(begin <= s < semi for s in issued):
        return None
    first = next((r for s, r in related if begin <= s < semi and r != "self"), None)
    return "implements" if first == "implements" else None


def relate(
    text: str, refs: tuple[Reference, ...], subject_symbol: str | None, rules: RuleSet
) -> tuple[Reference, ...]:
    """Each reference with its relation: `self` for the subject, else that of its first related mention."""
    own = symbol_key(subject_symbol) if subject_symbol else None
    found: dict[str, Relation] = {}
    scanned = sorted(((match, info) for _, match, info in scan(text, rules)), key=lambda p: p[0].start())
    symbols = [match.start() for match, _ in scanned]
    body = next(rules.rule("relations.body_start").finditer(text), None)
    body_start = body.start() if body else len(text)
    previous: Previous = (-1, False, None)
    last = ""
    issued: list[int] = []
    sections = basis_sections(text, rules)
    results = results_sections(text, rules)
    related: list[tuple[int, Relation | None]] = []
    for match, info in scanned:
        key = symbol_key(info["symbol"])
        in_body = match.start() > body_start
        # in the body, no opening above its heading heads the mention's list (the title's "Triển khai thực
        # hiện Chương trình …" over "1. Đẩy mạnh việc thực hiện … theo tinh thần Nghị quyết số …", gold 1005)
        floor = body_start if in_body else 0
        relation = mention_relation(text, match.start(), previous, symbols, rules, in_body, floor, issued)
        if key == last and relation in (None, "mentions") and restated(text, previous[0], match.start()):
            relation = previous[2]  # "(sau đây gọi tắt là Nghị quyết số 09/NQ-CP)": the same document again
        if (
            relation is None
            and any(a <= match.start() < b for a, b in sections)
            and first_of_item(text, match.start(), symbols)
        ):
            relation = "basis"
        if relation is None:  # "… thực hiện Kế hoạch số 200 …; Kế hoạch số 218 …": the verb's list goes on
            relation = next_item(text, match.start(), related, issued, rules)
        if relation == "implements" and any(a <= match.start() < b for a, b in results):
            relation = "mentions"  # "I. NHỮNG KẾT QUẢ ĐẠT ĐƯỢC … Thực hiện Nghị quyết số …": what was done
        related.append((match.start(), "self" if key == own else relation))
        if key not in found and relation and relation != "mentions":
            found[key] = relation
        previous, last = (match.end(), key == own, relation), key
    out = []
    for ref in refs:
        key = symbol_key(ref.symbol)
        kind: Relation = "self" if key == own else found.get(key, "mentions")
        out.append(replace(ref, relation=kind))
    return tuple(out)
