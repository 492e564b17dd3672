"""What the text is about: its subject document, title, kind and province (patterns/subject.yml).

The subject is the numbered document the text is ABOUT: the "Số: …" of an administrative header, the
symbol after "ban hành", or the "Nguồn: Kế hoạch …" line of a bulletin. Its issuer comes from the body
that "ban hành" it or from the header, its date from the header's place-and-date line or the sentence
that announces it.
"""

from __future__ import annotations

import functools
import itertools
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace

import regex

from kehoach import rx
from kehoach.extract.bodies import (
    body_at,
    find_bodies,
    joined,
    level_name,
    school_levels,
    spelled_out,
    written_out,
)
from kehoach.extract.dates import date_at
from kehoach.extract.references import fields, implied_issuer, symbol_matches
from kehoach.extract.vocab import (
    all_provinces,
    doc_type_of_code,
    doc_type_of_word,
    issuer_entry,
    not_a_plan,
    province_entry,
    province_level,
    province_name,
    province_of_domain,
)
from kehoach.records import Body, Kind, ProvinceEntry, Reference, Subject, Target
from kehoach.rules import Rule, RuleSet
from kehoach.text import fold, per_name, per_text, symbol_key

HEADER_CHARS = 3000
BEFORE_CHARS = 160  # characters before a symbol where the verb that announces it may be


def rule(rules: RuleSet, name: str) -> Rule:
    return rules.rule(f"subject.{name}")


def _search(pattern: str, text: str, pos: int = 0, endpos: int | None = None) -> regex.Match[str] | None:
    end = len(text) if endpos is None else endpos
    flags = regex.IGNORECASE | regex.MULTILINE | regex.VERSION1
    return rx.compiled(pattern, flags).search(text, pos, end, timeout=rx.limit(end - pos))


@functools.lru_cache(maxsize=8)  # asked by kind_of, header_top, title_of, own_title and header_type of a text
def header_label(text: str, rules: RuleSet) -> regex.Match[str] | None:
    """The header's "Số:" label (subject.header_number) in the text's first HEADER_CHARS characters."""
    return rule(rules, "header_number").search(text, 0, min(len(text), HEADER_CHARS))


@functools.lru_cache(maxsize=8)  # each reference lead_told weighs reads the same lead; each subject, the text
def issuing_verbs(text: str, rules: RuleSet) -> tuple[regex.Match[str], ...]:
    """Every '<verb> <type word>' of the text (subject.issuing_verb), in order."""
    return tuple(rule(rules, "issuing_verb").finditer(text))


def header_symbol(text: str, refs: tuple[Reference, ...], rules: RuleSet) -> Reference | None:
    """The reference written on the 'Số:' (or 'Số hiệu:') line of a header or metadata table."""
    for label in rule(rules, "header_number").finditer(text, 0, min(len(text), HEADER_CHARS)):
        for symbol_rule in rules.of("references"):
            found = symbol_rule.compiled.search(
                text, label.end(), min(len(text), label.end() + 60), timeout=rx.limit(60)
            )
            if found and found.start("number") == label.end():
                key = symbol_key(found.group(0)[found.start("number") - found.start() :])
                ref = next((r for r in refs if symbol_key(r.symbol) == key), None)
                if ref and ref.end >= len(text.rstrip()):
                    # the excerpt cuts the header's number ("Số: 1315/KC" at its end): the whole one it writes
                    # elsewhere ("Công văn 1315/KCB-QLCL&CĐT", gold 3031)
                    ref = next((r for r in refs if r.symbol.startswith(ref.symbol) and r is not ref), ref)
                if ref:
                    return wrapped_tail(text, ref, rules)
    return None


def wrapped_tail(text: str, ref: Reference, rules: RuleSet) -> Reference:
    """A header number wrapped in its narrow column ("Số: 255 / BC-BCĐPCGD-" … "XMC" on a line of its own
    under the place-date line): the symbol with its tail."""
    tail = rule(rules, "symbol_tail").compiled.match(
        text, ref.end, min(len(text), ref.end + 200), timeout=rx.limit(200)
    )
    if tail is None:  # "Số: 15/KH- THCS LQĐ Duyên Hải, ngày …": a school's short name after a space
        spaced = rule(rules, "symbol_spaced_tail").compiled.match(
            text, ref.end, min(len(text), ref.end + 80), timeout=rx.limit(80)
        )
        tail = rx.sub(r"[ \t]+", " ", spaced.group("tail")) if spaced else ""
        return replace(ref, symbol=ref.symbol + tail) if spaced else ref
    return replace(ref, symbol=f"{ref.symbol}-{tail.group('tail')}")


def first_mentions(text: str, refs: tuple[Reference, ...], rules: RuleSet) -> list[tuple[int, Reference]]:
    """(start of its first mention, reference) for every reference, in text order: a sentence that announces a
    document names it the first time; later mentions cite it."""
    first: dict[str, int] = {}
    for start, symbol in symbol_matches(text, rules):
        first.setdefault(symbol_key(symbol), start)
    out = [(first.get(symbol_key(ref.symbol), ref.start), ref) for ref in refs]
    return sorted(out, key=lambda pair: pair[0])


def announced(
    text: str, refs: tuple[Reference, ...], rules: RuleSet, bulletin: bool = False
) -> Reference | None:
    """The reference a sentence says was issued ('… ban hành Kế hoạch số 113/KH-UBND') or cites as source;
    in a bulletin, one issued only past its lead is background (`lead_told`)."""
    found, _ = verb_announced(text, refs, rules, bulletin)
    if found is not None:
        return None if answered(text, found[0], rules) else found[1]
    firsts = first_mentions(text, refs, rules)
    closing = next((ref for _, ref in firsts if is_closing(text, ref)), None)
    # a bulletin reports under a plan its lead names; one named further down is background ("Theo đó, Ban Tổ
    # chức thống nhất giữ nguyên các môn thi đấu theo Kế hoạch số 047/KH-UBND", gold 2663); so does a plan's
    # own text without a number, whose body cites the plans its targets follow ("… theo Kế hoạch số
    # 34/KH-STTTT …", gold 3401)
    opened = len(opening(text, PLAN_NEWS_CHARS))
    under = reported_under(text, [(start, ref) for start, ref in firsts if start < opened], rules)
    if under is not None and rule(rules, "own_voice").search(text, 0, under.start):
        under = None  # "UBND thành phố thông báo: … 2- … theo Kế hoạch số 45-KH/BTGTU": the notice itself
    return closing or headline_named(text, firsts, rules) or under


@functools.lru_cache(maxsize=8)  # asked by announced() and, when it found none, lists_documents()
def verb_announced(
    text: str, refs: tuple[Reference, ...], rules: RuleSet, bulletin: bool
) -> tuple[tuple[int, Reference] | None, bool]:
    """(start, reference) of the first document a verb right before it issues or cites as source, and whether
    a bulletin's verb issues a list of documents (`listing_end`), none of which is its subject."""
    firsts = first_mentions(text, refs, rules)
    lead = opening(text, PLAN_NEWS_CHARS) if bulletin else text
    listed, skip = False, -1
    for key in ("issued_verb", "source_line"):
        found = rule(rules, key)
        for start, ref in firsts:
            if key == "issued_verb" and bulletin and not lead_told(text, lead, start, ref, rules):
                continue
            verb = found.search(text[max(0, start - BEFORE_CHARS) : start])
            if verb and not carried_out(text, max(0, start - BEFORE_CHARS) + verb.start(), start, rules):
                if bulletin and (end := listing_end(text, start, firsts, rules)) is not None:
                    skip, listed = max(skip, end), True
                if start >= skip:
                    return (start, ref), listed
    return None, listed


def lists_documents(text: str, refs: tuple[Reference, ...], rules: RuleSet) -> bool:
    """Whether a bulletin's verb issues, presents or studies a list of numbered documents and no other
    document is announced ("… quán triệt, triển khai Chỉ thị số 20-CT/TW …; Chỉ thị số 23-CT/TW …"): the
    item tells of several documents, none its subject, no type or issuer of theirs (REVIEW T67: 3636)."""
    found, listed = verb_announced(text, refs, rules, True)
    return found is None and listed


LIST_GAP_CHARS = 50  # from a ";" to the next document it lists ("; triển khai kế hoạch số 03/KH-BCH")


def listing_end(text: str, start: int, firsts: list[tuple[int, Reference]], rules: RuleSet) -> int | None:
    """Where the sentence ends whose document at `start` opens a list of documents: a ";" after it and, close
    after the ";", another numbered one ("quán triệt, triển khai Chỉ thị số 20-CT/TW …; Chỉ thị số 23-CT/TW
    …"; "thông qua Chỉ thị số 24-CT/HU …; triển khai kế hoạch số 03/KH-BCH"), with no body of its own
    between: the item tells of several documents and relays none as its one subject (REVIEW T16, T67). None
    when it lists no other."""
    ends = [at for at in (text.find(".", start), text.find("\n", start)) if at >= 0]
    closed = min(ends) if ends else len(text)
    for other, _ in firsts:
        if start < other < closed:
            parted = text.rfind(";", start, other)
            # "…; Sở GD&ĐT Cà Mau có Công văn số 615/SGDĐT-MNPT …": another body's act, a clause of its own
            # (gold 3347)
            listed = parted >= 0 and other - parted <= LIST_GAP_CHARS
            if listed and not find_bodies(text[parted:other], rules):
                return closed
    return None


def lead_told(text: str, lead: str, start: int, ref: Reference, rules: RuleSet) -> bool:
    """Whether a bulletin tells of the document it names at `start` as its news: named in its `lead` (the
    first PLAN_NEWS_CHARS characters), else under a headline that opens on its type or a lead that issues one
    of its type ("… đã ký ban hành Kế hoạch thực hiện …" before "Kế hoạch số 15-KH/HNDTW", gold 2066). A
    document a meeting's or a review's news says was issued further down is background ("Ngày 10/12/2019, Ban
    Thường vụ Đảng ủy NHPT đã ban hành Kế hoạch số 101-KH/ĐU …", gold 1666; 1858, 1962, 2145, 2647, 2655)."""
    if start < len(lead) or not ref.doc_type:
        return True
    # "Nhằm …. Ban chỉ đạo … vừa ban hành kế hoạch số 241/KH-UBND …": the lead's sentence, run on past it
    if start < act_done_past_lead(text, rules):
        return True
    if headed_by(title_of(text, "announcement", None, rules), ref.doc_type):
        return True  # "Kế hoạch tổ chức các hoạt động …" over "… ban hành kế hoạch số 108-KH/QU" (gold 2034)
    return any(
        same_type(doc_type_of_word(verb.group("type_word"), rules) or "", ref.doc_type, rules)
        for verb in issuing_verbs(lead, rules)
    )


def headed_by(title: str | None, doc_type: str | None) -> bool:
    """Whether a bulletin's headline opens on a document type ("Kế hoạch tổ chức …" on Kế hoạch)."""
    return bool(title and doc_type) and fold(title or "").startswith(fold(doc_type or ""))


ANSWER_CHARS = 400


def answered(text: str, start: int, rules: RuleSet) -> bool:
    """Whether the sentence that names a document at `start` goes on to the text's own voice ("Ngày
    08/10/2019, Bộ trưởng … ký Quyết định số 3426/QĐ-BVHTTDL …, Phó Chủ tịch UBND Tỉnh có ý kiến chỉ đạo như
    sau:"): the document is what this letter answers, not its subject."""
    end = min(len(text), start + ANSWER_CHARS)
    stop = text.find(".", start, end)
    return rule(rules, "own_voice").search(text, start, stop if stop >= 0 else end) is not None


def notice_before(text: str, ref: Reference, refs: tuple[Reference, ...], rules: RuleSet) -> bool:
    """Whether a body's own notice ("UBND thành phố thông báo:", "… thông báo việc treo cờ … như sau:",
    subject.issuing_verb) opens before the reference's first mention: the text is that notice, and the
    documents its charges name are cited, not announced (gold 2311, Đà Nẵng)."""
    first = next((start for start, one in first_mentions(text, refs, rules) if one is ref), ref.start)
    symbol = rules.of("references")[0].compiled
    return any(
        verb.start() < first
        and fold(verb.group("type_word") or "") == "thong bao"
        # "… đã ban hành Thông báo số 176/TB-SVHTT …" announces that numbered notice (gold 2154)
        and symbol.match(text, verb.start("type_word"), timeout=1.0) is None
        for verb in rule(rules, "issuing_verb").finditer(text, 0, min(len(text), first + 250))
    )


CLAUSE_CHARS = 400
# a full stop or a line break ends the clause of a "Thực hiện / Căn cứ" opening; a line after ";" or ","
# is the next item of its list ("Thực hiện Kế hoạch số 217/KH-UBND …;\nKế hoạch 409/KH-TrVH-TT …", 2449);
# an ellipsis before a capital ends its sentence too ("… thường xuyên,… Ngày 06/5/2022 Trung tâm … ban hành
# văn bản số 214/KN-KHTC", gold 4803; "Thực hiện việc giãn thời gian thu … thời điểm… Đây là các nội dung
# nêu tại …", 5794)
CLAUSE_BREAK = regex.compile(r"\.|…(?=[ \t]+\p{Lu})|(?<![;,][ \t]*)\n")


def carried_out(text: str, verb: int, end: int, rules: RuleSet) -> bool:
    """Whether the verb before a symbol (from `verb` to `end`) sits in a clause that carries out or rests on
    another document (subject.carried_clause, read from the sentence's start to the symbol: "Thực hiện Quy
    chế … ban hành kèm theo Quyết định số …", "căn cứ Kế hoạch … được UBND tỉnh phê duyệt tại Quyết định số
    …"): the symbol is cited, not announced. The items of the opening's list, after ";" as after ",", are in
    its clause ("Thực hiện Nghị quyết …; Quyết định số 2818/QĐ-UBND … về việc Ban hành Kế hoạch hành động
    triển khai Chương trình hành động số 21-CTHĐ/TU", gold 3533), as the relations read such a list."""
    begin = max(0, verb - CLAUSE_CHARS)
    # to verb + 1: the capital after an ellipsis is the verb's own first letter
    breaks = [found.end() for found in CLAUSE_BREAK.finditer(text, begin, verb + 1)]
    start = breaks[-1] if breaks else begin
    return rule(rules, "carried_clause").search(text[start:end]) is not None


HEADLINE_CHARS = 300


def headline_named(text: str, firsts: list[tuple[int, Reference]], rules: RuleSet) -> Reference | None:
    """A headline that opens with the document's type and number ("KẾT LUẬN 127-KL/TW CỦA BỘ CHÍNH TRỊ, BAN
    BÍ THƯ VỀ …", "Chỉ thị số 06-CT/TW về …"): the news item is about it. Type words and "của <body>" are
    compared without diacritics, so a page whose marks are garbled still reads; the body is its issuer.
    The headline is the first line that names a document, under a portal's short lines above any prose
    (`top_lines`: "Chào mừng đến với Cổng thông tin …\nCông văn số: 1582/SGDĐT-KHTC, ngày …", gold 4100
    Bà Rịa - Vũng Tàu; "• Tất cả: 1\nChỉ thị số 15-CT/TU ngày …", 4164 Nam Định; a headline then the lead
    "Quyết định số 281/QĐ-TTg ban hành …", 3247)."""
    lead_in = rule(rules, "headline_lead_in")
    for start, end in top_lines(text):
        for at, ref in firsts:
            if not start <= at < end:
                continue
            # the page's lead-in before the document (an item number and its body, "1. Chính phủ: Nghị quyết
            # số …"; a source tag, "GNO - Theo đó Thông báo số …")
            opened = lead_in.compiled.match(text, start, at, timeout=rx.limit(at - start))
            begins = (start, opened.end()) if opened else (start,)
            found = next((one for begin in begins if (one := opened_on(text, begin, at, ref, rules))), None)
            if found is None:
                return None
            named = national_body(fold(text[ref.end : end]), rules)
            return replace(found, issuer=ref.issuer or named)
    return None


def opened_on(text: str, begin: int, at: int, ref: Reference, rules: RuleSet) -> Reference | None:
    """The reference at `at` when the words from `begin` to it are its type: a type word ("Nghị quyết số"),
    its code ("TB 30/PGDĐT - Về việc …", the type taken from it), or no word when the reference is read with
    its own type word ("Thông báo số 408/TB-VPCP ngày 8/8/2025 kết luận …"); else None."""
    words = fold(text[begin:at]).replace(":", " ").split()
    words = words[:-1] if words[-1:] == ["so"] else words
    if at == begin and ref.doc_type is not None and fold(ref.text).startswith(fold(ref.doc_type)):
        return ref
    if words and doc_type_of_word(" ".join(words), rules) is not None:
        return ref
    coded = doc_type_of_code(text[begin:at].strip(), rules) if len(words) == 1 else None
    return replace(ref, doc_type=ref.doc_type or coded) if coded else None


def top_lines(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of the page's first lines, each cut at HEADLINE_CHARS, that start in its first
    HEADLINE_CHARS characters, up to the first line of prose (longer than PROSE_LINE_CHARS, or ending on
    ". : ;") included."""
    start = len(text) - len(text.lstrip())
    while start < min(len(text), HEADLINE_CHARS):
        end = text.find("\n", start)
        end = len(text) if end == -1 else end
        yield start, min(end, start + HEADLINE_CHARS)
        line = text[start:end].strip()
        if len(line) > PROSE_LINE_CHARS or line.endswith((".", ":", ";")):
            return
        start = end + 1


PROSE_LINE_CHARS = 120


def national_body(folded: str, rules: RuleSet) -> str | None:
    """ "cua bo chinh tri, ban bi thu ve …" (folded): the national bodies (issuers.yml) named after "của"."""
    link = rx.match(r"\s*(?:cua|do)\s+", folded)
    if link is None:
        return None
    names = sorted(rules.settings("issuers").words("national_bodies"), key=len, reverse=True)
    found, rest = [], folded[link.end() :]
    while True:
        name = next(
            (n for n in names if rest.startswith(fold(n)) and not rest[len(fold(n)) :][:1].isalpha()), None
        )
        if name is None:
            break
        found.append(name)
        joint = rx.match(r"\s*(?:,|va)\s*", rest[len(fold(name)) :])
        if joint is None:
            break
        rest = rest[len(fold(name)) + joint.end() :]
    return joined(found) or None


def joint_header(name: str, line: str, rules: RuleSet) -> str:
    """A header line naming the bodies of a joint document between dashes ("BỘ CÔNG AN - VIỆN KIỂM SÁT NHÂN
    DÂN TỐI CAO - TÒA ÁN NHÂN DÂN TỐI CAO" over "Số: 03/2025/TTLT-BCA-VKSNDTC-TANDTC", "CÔNG ĐOÀN – ĐOÀN
    THANH NIÊN CÔNG TY …" over "Số : 29/KH-CĐ-ĐTN"): each part opens on a body's head noun
    (subject.header_body) and the number carries a code for each body after its type's, so the name is the
    bodies joined with "và" (REVIEW.md T79, `joined`); a unit and the body it belongs to ("Ban Tôn giáo - Sở
    Nội vụ", one code) keeps its dash."""
    parts = setting(rules, "joint_dash").split(name)
    codes = setting(rules, "joint_codes").search(line)
    if len(parts) < 2 or codes is None or len(codes.group(0).split("-")) - 1 < len(parts):
        return name
    head, other = rule(rules, "header_body").compiled, setting(rules, "joint_part")
    if not all(head.match(p.upper(), timeout=rx.limit(len(p))) or other.match(p.upper()) for p in parts):
        return name
    return joined([part.strip() for part in parts])


def reported_under(text: str, firsts: list[tuple[int, Reference]], rules: RuleSet) -> Reference | None:
    """A bulletin that reports under a plan: the first plan named after 'theo', when none is announced; or the
    document of any type whose sentence opens on "Theo …," and goes on to what it says
    (subject.relayed_source)."""
    source = rule(rules, "plan_source")
    relayed = rule(rules, "relayed_source")
    for start, ref in firsts:
        if ref.doc_type in source.params["doc_types"] and source.search(text[max(0, start - 20) : start]):
            return ref
        found = relayed.search(text, max(0, start - 40), min(len(text), start + 400))
        if ref.doc_type and found and found.start("doc") == start:
            return ref
    return None


def is_closing(text: str, ref: Reference) -> bool:
    """A bulletin that ends with the plan's name on a line of its own: 'Kế hoạch số 7451/KH-UBND'."""
    line_start = text.rfind("\n", 0, ref.start) + 1
    line_end = text.find("\n", ref.end)
    line_end = len(text) if line_end == -1 else line_end
    alone = not text[line_start : ref.start].strip() and not text[ref.end : line_end].strip(" .")
    return alone and ref.doc_type is not None and ref.start > len(text) * 0.5


def sentence_opening(text: str, pos: int, rules: RuleSet) -> int:
    """Where the sentence holding `pos` opens: after the last full stop or line break before it, the dot of
    a level written short ("Công an TX. Giá Rai", subject.yml `short_level_dot`) being no full stop."""
    start = text.rfind("\n", 0, pos) + 1
    short = setting(rules, "short_level_dot")
    joined = setting(rules, "abbreviation_dot")  # "Ban Chỉ đạo liên ngành T.Ư về …", "UBND TP.HCM"
    dot = text.rfind(".", start, pos)
    while dot >= 0 and (short.search(text, max(start, dot - 4), dot + 1) or joined.match(text, dot)):
        dot = text.rfind(".", start, dot)
    return max(start, dot + 1)


def open_body(
    text: str, sentence_start: int, verb_start: int, rules: RuleSet, province: str | None
) -> str | None:
    """A body of any kind named in full before an issuing verb and its type ("Ngày 22/6, Đoàn ĐBQH tỉnh ban
    hành Kế hoạch số …", "Ban Tổ chức Cuộc thi … tỉnh ban hành Kế hoạch"): the capitalised name its clause
    opens with, abbreviations written out (bodies.yml `spellings`), a bare "tỉnh" at its end completed with
    the province."""
    span = text[sentence_start:verb_start]
    clause = span[max(span.rfind(c) for c in ",;:\n") + 1 :]
    reported = list(
        setting(rules, "reported_clause").finditer(clause)
    )  # "… cho biết Ban Chỉ đạo … đã ban hành"
    clause = clause[reported[-1].end() :] if reported else clause
    # "Ngày 06 tháng 10 năm 2023 Liên minh Hợp tác xã (HTX) Việt Nam ban hành …": the date that opens the
    # clause with no comma after it, and the short form glossed in brackets inside the name, are no part of it
    clause = rx.sub(setting(rules, "clause_date").pattern, "", clause)
    clause = rx.sub(setting(rules, "name_gloss").pattern, "", clause)
    # "Phó Chủ tịch … Liên đoàn Lao động Thành phố Đặng Thị Phương Hoa đã ký": the body its officer signs for
    found = setting(rules, "signer").match(clause, timeout=rx.limit(len(clause)))
    found = found or setting(rules, "open_body").match(clause, timeout=rx.limit(len(clause)))
    if found is None:
        return None
    return written_name(found.group("name"), rules, province)


def written_name(name: str, rules: RuleSet, province: str | None) -> str:
    """A body's name read in full from the text (`open_body`, `passive_agent`): one line, abbreviations
    written out (bodies.yml `spellings`), a bare "tỉnh" at its end completed with the province; a bare
    "thành phố" only when the province is a city ("Trung tâm … thành phố" of Quảng Nam is Tam Kỳ's)."""
    name = spelled_out(rx.sub(r"\s+", " ", name), rules)
    level = setting(rules, "level_before").search(name) if province else None
    if level is None or province is None:
        return name
    city = fold(level.group(0)).startswith(("thanh pho", "tp"))
    return f"{name} {province}" if city == (province_level(province, rules) == "thành phố") else name


def statement_issuer(
    text: str,
    sentence_start: int,
    verb_start: int,
    rules: RuleSet,
    province: str | None,
    open_names: bool = False,
) -> str | None:
    """The body that opens the sentence before an issuing verb ('Ngày …, UBND tỉnh Hà Giang đã …'); with
    `open_names`, a body no rule of bodies.yml knows the kind of (`open_body`)."""
    if open_names:
        return open_body(text, sentence_start, verb_start, rules, province)
    span = text[sentence_start:verb_start]
    between = rule(rules, "between_body_and_verb")
    lowercase = setting(rules, "lowercase_body")
    for offset in range(len(span)):
        opens = span[offset].isupper() or lowercase.match(span, offset) is not None
        if opens and (span[offset - 1 : offset] in ("", " ", "\n", "-", "(")):
            body = body_at(text, sentence_start + offset, rules, province)
            if body is None:
                continue
            gap = between.compiled.match(text[body[1] : verb_start], timeout=rx.limit(verb_start - body[1]))
            if gap:
                name = chaired(text, sentence_start + offset, body[0], rules)
                # "Phó Chánh Văn phòng UBND tỉnh Nguyễn Thanh đã ký": an office signs for its committee;
                # "Phó Tổng cục trưởng Tổng cục TDTT Nguyễn Hồng Minh vừa ký": the body's head signs for it
                if gap.group("person") and setting(rules, "signs_for_another").match(name):
                    continue
                return name
    return antecedent(text, sentence_start, verb_start, rules, province)


def antecedent(
    text: str, sentence_start: int, verb_start: int, rules: RuleSet, province: str | None
) -> str | None:
    """A body named short ("Đại hội đã … thông qua Nghị quyết"): the last full name with the same head before
    the sentence ("Đại hội Đại biểu Đảng bộ tỉnh Lào Cai lần thứ nhất")."""
    span = text[sentence_start:verb_start]
    start = sentence_start + len(span) - len(span.lstrip())
    short = rule(rules, "short_body").compiled.match(text, start, verb_start, timeout=rx.limit(200))
    # "…, ngày 7/2/2023, trung tâm đã ban hành Văn bản số …": the short name right before the verb
    tail = setting(rules, "short_subject", regex.I)
    short = short or tail.search(text, max(start, verb_start - 40), verb_start)
    if short is None:
        return None
    head = fold(short.group("head"))
    named = [b for b in find_bodies(text[:sentence_start], rules, province) if fold(b.name).startswith(head)]
    return named[-1].name if named else None


@dataclass(frozen=True, slots=True)
class Statement:
    """What a sentence that issues a document says of it: its body, date and type, and (a passive sentence:
    'Quyết định số … do Thủ tướng Chính phủ ban hành') the document it names."""

    issuer: str | None = None
    issued: str | None = None  # ISO date
    doc_type: str | None = None
    ref: Reference | None = None


def issuing_statement(
    text: str,
    rules: RuleSet,
    province: str | None,
    subject: Reference | None = None,
    open_names: bool = False,
) -> Statement:
    """The issuer, date and doc type of the first '<body> (đã|vừa) ban hành <type>' sentence about the subject
    (a sentence that issues another numbered document is about that one)."""
    symbol = rules.of("references")
    found = Statement()
    for verb in issuing_verbs(text, rules):
        cited = symbol[0].compiled.match(text, verb.start("type_word"), timeout=1.0) if symbol else None
        named = cited is not None and subject is not None
        if cited and (
            subject is None or symbol_key(fields(cited, rules)["symbol"]) != symbol_key(subject.symbol)
        ):
            continue
        if found.issuer is not None and not named:
            continue  # a headline's "… ban hành Kế hoạch …" then the sentence with its number gives the date
        sentence_start = sentence_opening(text, verb.start(), rules)
        # a PDF's line wrapped after "của" ("… ngày 01/3/2023 của\nChính phủ ban hành …") still cites:
        # looked for back to the sentence's full stop, not its line
        cited_body = setting(rules, "cited_body_verb", regex.I).search(
            text, max(text.rfind(".", 0, verb.start()) + 1, verb.start() - 90), verb.start()
        )
        if cited_body:  # "Căn cứ Quyết định số 1555/QĐ-TTg … của Thủ tướng Chính phủ phê duyệt …": cited
            continue
        issuer = statement_issuer(text, sentence_start, verb.start(), rules, province, open_names)
        if issuer is None:
            continue
        issued = statement_date(text[sentence_start : verb.start()], rules)
        if found.issuer is not None:
            return replace(found, issued=issued[0]) if issued else found
        found = Statement(
            issuer=issuer,
            issued=issued[0] if issued else None,
            doc_type=doc_type_of_word(verb.group("type_word"), rules),
        )
        if found.issued or subject is None:
            return found
    return found


def statement_date(span: str, rules: RuleSet) -> tuple[str, int] | None:
    """The date of an issuing sentence before its verb ("Ngày ngày 19 tháng 7 …" as written: the one before
    the day), not that of a document it cites in the same clause ("Căn cứ Kế hoạch số 2439/KH-UBND ngày
    15/8/2025 …, UBND xã … ban hành", also a symbol no rule reads: "Kế hoạch số 298 KH/TWĐTN ngày 14/7/2011";
    "Nhằm cụ thể hóa Nghị quyết số 08/2020/NQ-HĐND ngày 14/12/2020 …, ngày 29/12/2020 UBND tỉnh … đã ban
    hành": the second)."""
    symbol = rules.of("references")
    words = rx.compiled(rules.settings("subject").pattern("date_word"), regex.IGNORECASE | regex.VERSION1)
    for date in words.finditer(span, timeout=rx.limit(len(span))):
        clause = max(span.rfind(",", 0, date.start()), span.rfind(";", 0, date.start())) + 1
        if clause and not span[clause : date.start()].strip() and symbol:  # "… số 45-CT/TW, ngày 14/4/2025"
            before = max(span.rfind(",", 0, clause - 1), span.rfind(";", 0, clause - 1)) + 1
            ends = (m.end() for m in symbol[0].finditer(span, before, clause - 1))
            if any(not span[end : clause - 1].strip() for end in ends):
                continue  # the symbol's own date, written after its comma
        cited = (symbol and symbol[0].search(span, clause, date.start()) is not None) or setting(
            rules, "cited_number", regex.I
        ).search(span, clause, date.start()) is not None
        if not cited:
            return date_at(span, date.start(), rules)
    return None


def verb_date(text: str, ref: Reference, rules: RuleSet) -> str | None:
    """The date a news item's sentence writes with the verb that issues the number it announces, where
    neither the number's own link nor the sentence's opening holds it: after an opening clause ("Để chào
    mừng …, ngày 28 tháng 3 năm 2022 Tổng cục … đã ban hành Kế hoạch số 895/KH-TCTHADS", gold 4535) or after
    the verb ("… được Chủ tịch UBND … ký ban hành ngày 21/02/2022 tại Kế hoạch số 20/KH-UBND", gold 4531):
    only a sentence that writes an issuing verb before the number (subject.yml `dated_verb`); a date after
    the number belongs to what the sentence goes on to tell."""
    start = sentence_opening(text, ref.start, rules)
    span = text[start : ref.start]
    if not setting(rules, "dated_verb", regex.I).search(span):
        return None
    found = statement_date(span, rules)
    return found[0] if found else None


def passive_statement(
    text: str, refs: tuple[Reference, ...], rules: RuleSet, province: str | None, open_names: bool = False
) -> Statement:
    """The subject, issuer, date and doc type of the first passive issuing sentence.

    '<document> … được/do <body> ban hành/phê duyệt': in 'Quyết định số 1208/QĐ-TTg … do Thủ tướng Chính phủ
    ban hành ngày 4/9/2012', the document named at the start of the sentence is the one it announces.
    """
    verb = rule(rules, "passive_verb")
    for found in rule(rules, "passive_issuing").finditer(text):
        body = (passive_agent if open_names else body_at)(text, found.end(), rules, province)
        end = body[1] if body else 0
        after = (
            verb.compiled.match(text, end, min(len(text), end + 60), timeout=rx.limit(60)) if body else None
        )
        if not body or not after:
            continue
        issued = date_at(text, after.end(), rules)
        # the first document named in the sentence before "do/được" is the one it announces
        basis = rule(rules, "cited_basis").compiled
        named = (
            r
            for start, r in first_mentions(text, refs, rules)
            if found.start() <= start < found.end() and not basis.search(text, max(0, start - 30), start)
        )
        ref = next(named, None)
        if ref is not None and carried_out(text, found.start(), found.end(), rules):
            # an item of a "Thực hiện" list ("Thực hiện Kế hoạch số 217/KH-UBND …;\nKế hoạch 409/KH-TrVH-TT …
            # đã được UBND huyện phê duyệt tại văn bản số 169/UBND-VHTT", gold 2449): cited, not announced
            continue
        doc_type = ref.doc_type if ref else doc_type_of_word(found.group("type_word"), rules)
        return Statement(issuer=body[0], issued=issued[0] if issued else None, doc_type=doc_type, ref=ref)
    return Statement()


def passive_agent(text: str, start: int, rules: RuleSet, province: str | None) -> tuple[str, int] | None:
    """(name, end) of a passive sentence's agent no rule of bodies.yml reads, named in full between "được/do"
    and its verb ("Kế hoạch … vừa được Ban thường trực Ban Chỉ đạo phong trào … tỉnh ban hành"), a bare "tỉnh"
    at its end completed with the province; only in the lead (a digest's "1. Công điện số … do Bộ trưởng … ký
    ban hành" further down relays others), never a body a rule reads ("Hội đồng nhân dân tỉnh Lào Cai khóa
    XV")."""
    if start > OWN_ACT_CHARS or body_at(text, start, rules, province) is not None:
        return None
    found = setting(rules, "passive_agent").match(text, start, min(len(text), start + 200))
    if found is None:
        return None
    return written_name(found.group("name"), rules, province), found.end()


def reporting_body(text: str, rules: RuleSet, province: str | None) -> str | None:
    """A bulletin with no document announced: the provincial committee that states the goals ('UBND tỉnh
    Điện Biên cho biết, mục tiêu phấn đấu …'), when the text is about goals at all."""
    if not rule(rules, "about_goals").search(text):
        return None
    verb = rule(rules, "reporting_verb").compiled
    for found in rules.rule("bodies.people_committee").finditer(text):
        states = verb.match(text, found.end(), min(len(text), found.end() + 60), timeout=rx.limit(60))
        if (found.group("place") or found.group("level")) and states:  # "UBND xã yêu cầu": no place named
            body = body_at(text, found.start(), rules, province)
            return chaired(text, found.start(), body[0], rules) if body else None
    # any other body only when it sets goals itself ("Thành đoàn Bắc Kạn phấn đấu thực hiện đạt …")
    for other in find_bodies(text[:OWN_ACT_CHARS], rules, province):
        states = verb.match(text, other.end, min(len(text), other.end + 60), timeout=rx.limit(60))
        if states and states.group("goal"):
            return other.name
    return None


def chaired(text: str, start: int, name: str, rules: RuleSet) -> str:
    """A committee its chairman speaks for ("Chủ tịch UBND tỉnh yêu cầu …", "Chủ tịch UBND thành phố … vừa ký
    ban hành Chỉ thị"): his name for the issuer, as the letter or directive is signed (REVIEW.md 11); a deputy
    ("Phó Chủ tịch UBND tỉnh … đã ký") signs for the committee."""
    chair = setting(rules, "chair_before").search(text, max(0, start - 12), start)
    deputy = chair and setting(rules, "deputy_before").search(text, max(0, chair.start() - 6), chair.start())
    return f"Chủ tịch {name}" if chair and not deputy and not name.startswith("Chủ tịch") else name


def body_spelled_out(text: str, pos: int, rules: RuleSet, province: str | None) -> tuple[str, int] | None:
    """The body named at `pos`, its line read with short names spelled out (`spelled_out`): a headline's or
    a bulletin's "… của BCH Đảng bộ tỉnh", "… của Ban Chấp hành T.Ư khóa XII", "… Đảng bộ TP. Cần Thơ"; its
    end is in the spelled-out line, not in the text."""
    end = text.find("\n", pos)
    return body_at(spelled_out(text[pos : end if end >= 0 else len(text)], rules), 0, rules, province)


def title_issuer(text: str, rules: RuleSet, province: str | None) -> str | None:
    """'Chương trình hành động của Ban Thường vụ Thành ủy …' on the first line: the body after 'của'; a Party
    title block's 'NGHỊ QUYẾT / CỦA BAN CHẤP HÀNH ĐẢNG BỘ XÃ …' first (its line re-cased)."""
    block = rule(rules, "title_block_issuer").search(text, 0, min(len(text), 600))
    if block:
        end = text.find("\n", block.end())
        line = text[block.end() : end if end >= 0 else len(text)]
        caps = rx.match(r"[^\p{Ll}]*(?=\s+\p{Ll}|$)", line.strip())  # "BỘ CHÍNH TRỊ thực hiện …": capitals
        cased = name_case(caps.group(0).strip(), rules) if caps else ""
        named = body_at(cased, 0, rules, province) if cased else None
        if named and not line.isupper() and named[1] < len(cased):  # a name only partly read: not this one
            named = None
        if named:
            return named[0]
    found = rule(rules, "title_issuer").search(text, 0, min(len(text), 400))
    body = body_spelled_out(text, found.end(), rules, province) if found else None
    # "Kết luận của Phó Chủ tịch UBND tỉnh …": a chairman's conclusion is his
    if found and body and found.group("office"):
        # "… UBND tỉnh Hồ Quang Bửu": the leader's name after his committee is no province
        placed = rx.match(r"(?P<body>.*\btỉnh)\s+(?P<place>.+)$", body[0])
        person = placed is not None and province_entry(placed.group("place"), rules) is None
        name = placed.group("body") if placed and person else body[0]
        return f"{'Phó ' if fold(found.group('office')).startswith('pho') else ''}Chủ tịch {name}"
    return body[0] if body else None


def setting(rules: RuleSet, key: str, flags: int = 0) -> regex.Pattern[str]:
    """A pattern of patterns/subject.yml's settings, compiled once."""
    return rx.compiled(rules.settings("subject").pattern(key), flags)


@functools.lru_cache(maxsize=1024)  # a header's lines are re-cased for extract() and find_subject() alike
def name_case(name: str, rules: RuleSet) -> str:
    """'SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI' -> 'Sở Lao động - Thương binh và Xã hội', as it is written."""
    names = rules.settings("subject").section("names")
    original = rx.sub(r"\s+&\s+", " VÀ ", name).split()  # "GIÁO DỤC & ĐÀO TẠO": "và" in the name
    expansions = names.table("expansions")  # "PCGD," -> "phổ cập giáo dục,"
    original = " ".join(
        expansions[w.rstrip(",")] + w[len(w.rstrip(",")) :] if w.rstrip(",") in expansions else w
        for w in original
    ).split()
    words = [w.lower() for w in original]
    heads = [h for h in names.words("two_word_heads") if words[: len(h.split())] == h.split()]
    head = len(heads[0].split()) if heads else 1  # "Văn phòng", "Chi cục": the word after it starts a part
    abbreviations = names.words("abbreviations")
    lowercase = {"-", *names.words("lowercase")}
    proper = {i: w for i, w in _spans(words, names.words("capitalized"))}  # "Trung ương", "Hồ Chí Minh"
    levels = [lv for lv in names.words("levels") if lv not in names.words("not_levels")]
    level_at = ((i, len(_spans(words[i:], levels, True))) for i in range(1, len(words)))
    level = next(
        (
            (i, i + n)
            for i, n in level_at
            if n and " ".join(words[i : i + 2]) not in names.words("not_levels")
        ),
        None,
    )
    out = []
    for i, word in enumerate(words):
        if original[i] in abbreviations or not rx.search(r"[aeiouy]", fold(word)):  # UBND stays UBND
            out.append(original[i])
            continue
        if i in proper:
            out.append(proper[i])
            continue
        starts_part = i in (0, head) or words[i - 1] in ("-", "và") or words[i - 1].endswith(",")
        in_level = level is not None and level[0] <= i < level[1]
        named = any(
            not rx.search(r"[aeiouy]", fold(w)) and len(w) > 1 for w in words[1:i]
        )  # "THCS THỤY DƯƠNG"
        placed = level is not None and i >= level[1]  # the place's name
        starts_part = ((starts_part or named) and not in_level) or placed
        out.append(word.capitalize() if starts_part and word not in lowercase else word)
    cased = province_regex_folded(rules).sub(lambda m: province_name(m.group(0), rules), " ".join(out))
    return school_levels(spelled_out(cased, rules), rules)  # "Trường TH" in full


def _spans(words: list[str], phrases: Sequence[str], at_start: bool = False) -> list[tuple[int, str]]:
    """(index, the word as the phrase writes it) for each word one of `phrases` covers, compared in lower
    case (`at_start`: only a phrase that opens `words` and has a word after it)."""
    out: list[tuple[int, str]] = []
    for phrase in sorted(phrases, key=len, reverse=True):
        written = phrase.split()
        n = len(written)
        starts = [0] if at_start else range(len(words) - n + 1)
        for i in starts:
            if [w.lower() for w in written] == words[i : i + n] and (not at_start or len(words) > n):
                out += [(i + k, written[k]) for k in range(n)]
        if at_start and out:
            return out
    return out


def header_lines(top: str, rules: RuleSet, numbered: bool = False) -> list[str]:
    """The body lines of a header's left column (_header_lines), a list of the caller's own."""
    return list(_header_lines(top, rules, numbered))


@per_text
def _header_lines(top: str, rules: RuleSet, numbered: bool) -> tuple[str, ...]:
    """The body lines of a header's left column, a line that continues the one above joined to it.

    'ỦY BAN NHÂN DÂN / TỈNH NINH THUẬN' is one body; 'UBND TỈNH LÂM ĐỒNG / SỞ NỘI VỤ' is a parent and the
    department under it that issues the document. A line read across both columns keeps its left part
    ("HỘI CHỮ THẬP ĐỎ HUYỆN VĂN CỘNG HÒA XÃ HỘI …": subject.motto_cut); a line that opens with no body's
    head is the rest of a name its narrow column wrapped ("TRƯỜNG THCS NGUYỄN THỊ / ĐỊNH."); a unit written
    in lower case under the header ("Liên đội trường TH Quảng Thạch", subject.header_unit_line) is the
    lowest line; the title block ends the header. Above its number (`numbered`: `top` ends at "Số:") a
    header has no title block: a type word there is the rest of a wrapped name ("SỞ VĂN HÓA, THỂ THAO VÀ DU
    / LỊCH").
    """
    lines: list[str] = []
    continuation = rule(rules, "header_continuation").compiled
    head = rule(rules, "header_body").compiled
    unit = rule(rules, "header_unit_line").compiled
    title = rule(rules, "title_type").compiled
    cut = setting(rules, "motto_cut")
    motto_above = False  # the line above was cut at the motto: its second line ("VIỆT NAM") may follow here
    for raw in top.split("\n"):
        if lines and not numbered and title.match(raw.upper(), timeout=rx.limit(len(raw))):
            break  # "KẾ HOẠCH …": the title block, under the header
        line, motto_above = _left_column(raw, cut, motto_above, rules)
        line = setting(rules, "head_label").sub(r"\1 ", line)  # "TRƯỜNG: THCS MÔNG ÂN"
        if len(lines) >= 2 and setting(rules, "union_column").match(line):
            continue  # "ĐOÀN TNCS HỒ CHÍ MINH" top right of a two-level header already read
        if line and not line.isupper() and lines and unit.match(line, timeout=rx.limit(len(line))):
            expansions = rules.settings("subject").section("names").table("expansions")  # "CTĐ": in full
            lines.append(" ".join(expansions.get(w, w) for w in line.split()))
            continue
        if not line or not line.isupper() or setting(rules, "motto_part").search(line):  # the other column
            continue
        two = rule(rules, "header_child").compiled.match(line, timeout=rx.limit(len(line)))
        if two:  # "UBND TỈNH HẢI DƯƠNG SỞ THÔNG TIN VÀ TRUYỀN THÔNG": parent and department on one line
            lines += [full_level(two.group("parent"), rules), two.group("child")]
            continue
        for part in two_levels(line, rules):  # "UBND XÃ MINH KHÔI ĐÀI TRUYỀN THANH": two levels, one line
            joins = lines and continuation.match(part, timeout=rx.limit(len(part)))
            wrapped = lines and head.match(part, timeout=rx.limit(len(part))) is None
            if lines and (joins or wrapped or len(lines[-1].split()) == 1):  # "ỦY / BAN …"
                lines[-1] += " " + part
            else:
                lines.append(part)
    return tuple(lines)


TWO_LEVELS_CHARS = 160  # a header's two cells on one line: "… TP HÀ NỘI BCH TRƯỜNG ĐẠI HỌC"


def two_levels(line: str, rules: RuleSet) -> list[str]:
    """A header line that holds a body and the one under it, read across where the upper one's place ends
    (subject.yml `placed_level_end`) and the lower one's head noun begins (subject.header_body): "UBND XÃ
    MINH KHÔI ĐÀI TRUYỀN THANH" -> the commune's committee, then its radio station that issues; "GIÁO HỘI
    PHẬT GIÁO VIỆT NAM TỈNH LONG AN BAN TRỊ SỰ" -> the province's Church, then its board. A line whose place
    ends it, or whose words after the place open no body, is one level; so is a line longer than a header's
    two cells (TWO_LEVELS_CHARS: a paragraph in capitals)."""
    if len(line) > TWO_LEVELS_CHARS:
        return [line]
    head = rule(rules, "header_body").compiled
    ended = setting(rules, "placed_level_end")
    for space in rx.finditer(r"\s+", line):
        upper, lower = line[: space.start()], line[space.end() :]
        if len(lower.split()) < 2 or not ended.search(upper, timeout=rx.limit(len(upper))):
            continue
        if head.match(lower, timeout=rx.limit(len(lower))):
            return [upper, lower]
    return [line]


def full_level(parent: str, rules: RuleSet) -> str:
    """A parent's level written short in a one-line header in full (subject.yml `names.short_levels`):
    "UBND Q.TÂN BÌNH" -> "UBND QUẬN TÂN BÌNH"."""
    for short, level in rules.settings("subject").section("names").table("short_levels").items():
        at = rf"(?<=^\S+(?:\s+\S+){{0,3}}\s){regex.escape(short)}\s*"  # the level after the head's words
        parent = rx.sub(at, f"{level} ", parent, count=1)
    return parent


def _left_column(raw: str, cut: regex.Pattern[str], motto_above: bool, rules: RuleSet) -> tuple[str, bool]:
    """(a header line's left column, whether the motto's column was cut off it)."""
    line = raw.strip(" -_—–‐*\t")  # "TỔNG CỤC THUẾ ——–": a rule under the name
    found = cut.search(line)
    if found is None and motto_above:  # "YÊN VIỆT NAM": the motto's second line after the body's
        found = setting(rules, "motto_rest").search(line)
    if found is None:
        return line, False
    return line[: found.start()].strip(" -_—–‐*\t"), True


HeaderTop = tuple[str, regex.Match[str] | None, regex.Match[str] | None, regex.Match[str] | None]


@per_text
def header_top(text: str, rules: RuleSet, any_label: bool = True) -> HeaderTop:
    """The header's body lines (what stands above its "Số:" label, else above the place-date line), with its
    number, the label that ends it and the place-date line: (top, number, label, dated). `any_label` also
    ends it at a bare "Số" label (subject.number_label), as the issuer is read."""
    head = text[:HEADER_CHARS]
    # a draft's "Số: /KH-STTTT" has no number yet, and still ends the header's body lines
    number = header_label(text, rules)
    label = number or rule(rules, "draft_number").search(head)
    if label is None and any_label:
        label = _search(rules.settings("subject").pattern("number_label"), head)
    dated = rule(rules, "place_date").search(head, 0, 400) if label is None else None
    top = head[: label.start()] if label else head[: dated.start() if dated else 400]  # the header ends there
    top = setting(rules, "pioneer_lead", regex.M).sub("", top)  # "ĐỘI TNTP HỒ CHÍ MINH LIÊN ĐỘI TH …"
    top = top.replace("**", "  ")  # "**ỦY BAN NHÂN DÂN**": a portal's bold marks, kept in place
    return top, number, label, dated


@functools.lru_cache(maxsize=8)  # asked by extract() and find_subject() of the same text
def header_issuer(text: str, rules: RuleSet, province: str | None = None) -> str | None:
    """The issuing body at the top of an administrative header: the lowest line of the header's hierarchy."""
    head = text[:HEADER_CHARS]
    top, number, label, dated = header_top(text, rules)
    match = rule(rules, "header_body").search(top)
    numbered = number is not None and not portal_field(number)
    line_end = text.find("\n", number.end()) if numbered and number else -1
    numbered_line = text[number.end() : line_end if line_end >= 0 else None] if numbered and number else ""
    if not match:  # a body no head noun names ("CĐCS TRƯỜNG THPT NGỌC TỐ"): its place in the header names it
        portal = portal_field(label)
        levels = body_position(top, rules) if (label or dated) and not portal else []
        named = name_case(levels[-1], rules).rstrip(" .,;:") if levels else None
        return joint_header(named, numbered_line, rules) if named else None
    lines = header_lines(top[match.start() :], rules, numbered)
    child = name_case(lines[-1], rules) if lines and lines[-1].isupper() else (lines or [""])[-1]
    child = child.rstrip(" .,;:")
    # a header: a number, a place-date line or the motto (a Pioneer troop's "ĐỘI TNTP HỒ CHÍ MINH") closes it
    closed = label or dated or _search(rules.settings("subject").pattern("national_motto"), head, 0, 400)
    owned = board_under(lines, rules) if closed else None
    owned = owned or (board_of(lines, child, rules) if closed and len(lines) >= 2 else None)
    owned = owned or (school_unit(lines, child, rules) if closed and len(lines) >= 2 else None)
    if owned:
        return owned
    # a department under its parent: "SỞ NỘI VỤ" of "UBND TỈNH LÂM ĐỒNG" (not an OCR'd "THÀNH PHÓ HẢI PHÒNG")
    if closed and len(lines) >= 2 and rule(rules, "header_department").search(child):
        parent = body_at(lines[0], 0, rules)
        local = rx.match(rules.settings("subject").pattern("local_department"), child)
        cased = body_at(name_case(lines[0], rules), 0, rules) if lines[0].isupper() else parent  # "NHA TRANG"
        district = district_office(cased[0], rules) if cased else None
        if district and local:  # "UBND HUYỆN THÁI THỤY / PHÒNG GIÁO DỤC": the district's office
            return f"{child} {district.group(0)}"
        committee = setting(rules, "union_committee")
        if setting(rules, "union_parent").match(lines[0]) and committee.match(lines[-1]):
            school = committee.sub("", child)  # "BCH TRƯỜNG ĐH …" under the Union
            return formed(rules, "union_committee", school=school[:1].upper() + school[1:])
        named = setting(rules, "parent_province").match(parent[0]) if parent else None
        place = province or (named.group("place") if named else None)
        placed = place and local and fold(place) not in fold(child)  # "BCH HND TỈNH QUẢNG NAM" names its own
        return f"{child} {province_level(place, rules)} {place}" if placed else child
    flat = " ".join(lines) if lines else rx.sub(r"\s*\n\s*", " ", top[match.start() :])
    body = body_at(flat, 0, rules)
    # a body no vocabulary knows ("BAN CHỈ ĐẠO QUỐC GIA VỀ …", "BCH ĐOÀN THPT PHÚ LÂM"): its lowest line
    if body is None and closed and lines:
        body = (child, 0) if child else None
    return joint_header(body[0], numbered_line, rules) if body else None


def header_levels(text: str, rules: RuleSet) -> list[str]:
    """Every line of a header's left column, parents first ("SỞ GDĐT BÌNH ĐỊNH" over "TRƯỜNG THPT VÕ GIỮ"),
    when a number, a place-date line or the motto closes it: the lines name the province its body lies in."""
    top, _, label, dated = header_top(text, rules, any_label=False)
    motto = _search(rules.settings("subject").pattern("national_motto"), text[:HEADER_CHARS], 0, 400)
    if portal_field(label) or not (label or dated or motto):
        return []
    match = rule(rules, "header_body").search(top)
    if not match:
        return body_position(top, rules)
    return header_lines(top[match.start() :], rules, label is not None)


def district_office(parent: str, rules: RuleSet) -> regex.Match[str] | None:
    """The district a header's parent committee governs ("Ủy ban nhân dân huyện Thái Thụy", a city under its
    province: "… thành phố Nha Trang"), whose office under it is the district's; a city under the centre
    ("thành phố Hà Nội") is a province."""
    found = rule(rules, "district_parent").search(parent)
    city = found is not None and fold(found.group(0)).startswith("thanh pho")
    return None if found is None or (city and province_entry(found.group("place"), rules)) else found


def portal_field(found: regex.Match[str] | None) -> bool:
    """A portal's metadata field ("Số hiệu: 12/KH-UBND") where a header's "Số:" would stand: it closes no
    header's left column and numbers no header."""
    return found is not None and fold(found.group(0)).strip(" *|").startswith("so hieu")


HEADER_BODY_LINES = 4  # a header's left column: a body and at most three levels above it
HEADER_LINE_WORDS = 16  # one body: at most "ỦY BAN MẶT TRẬN TỔ QUỐC VIỆT NAM TỈNH BÀ RỊA - VŨNG TÀU"


def body_position(top: str, rules: RuleSet) -> list[str]:
    """The levels of a header whose body no head noun names (subject.header_body), read from where it stands:
    the capital lines of the left column right above the number or the place-date line, the motto's column
    and rules under the name left out ("CÔNG ĐOÀN GIÁO DỤC SÓC / TRĂNG / CĐCS TRƯỜNG THPT NGỌC TỐ" -> the
    province's union, then the school's branch that issues). A line of one or two words, or one that opens
    on a place's level or "VÀ" (subject.header_continuation), is the rest of the name its narrow column
    wrapped. A portal's metadata ("Số hiệu:") and a line of spaced-out letters (an OCR'd header) read none."""
    cut, motto = setting(rules, "motto_cut"), setting(rules, "motto_part")
    title = rule(rules, "title_type").compiled
    block: list[str] = []
    for raw in reversed(top.split("\n")):
        line = " ".join(_left_column(raw, cut, False, rules)[0].split())
        if not line.strip(" -_—–‐=~.") or motto.match(line.upper()):
            continue  # a rule under the name, the motto's second line
        words = [w for w in line.split() if w.isalpha()]
        spaced = sum(len(w) == 1 for w in words) * 3 > len(words)  # "ỦY B AN NHÂN D Â N"
        listed = not line[0].isalpha()  # "1. UBND TỈNH …": a list's item, not a header's line
        if not line.isupper() or spaced or listed or title.match(line) or len(block) == HEADER_BODY_LINES:
            break
        block.insert(0, line)
    lines: list[str] = []
    continuation = rule(rules, "header_continuation").compiled
    for line in (part for whole in block for part in two_levels(whole, rules)):
        short = len(line.split()) <= 2  # "TRĂNG": the rest of the line above
        if lines and (short or continuation.match(line) or lines[-1].endswith(" VÀ")):
            lines[-1] += " " + line
        else:
            lines.append(line)
    return lines


def signed_body(text: str, rules: RuleSet) -> str | None:
    """The body a text is signed on behalf of (subject.signed_body: "TM. BAN THƯỜNG VỤ ĐOÀN TRƯỜNG"), as its
    signature block writes it: what issued a plan text whose header the page did not keep."""
    found = rule(rules, "signed_body").search(text)
    if found is None:
        return None
    name = name_case(rx.sub(r"\s+", " ", found.group("body")), rules)
    known = body_at(name, 0, rules)  # "Ủy ban nhân dân" as bodies.yml names it
    return known[0] if known and known[1] >= len(name) else name


OPENING_BODY_CHARS = 800  # a plan text's title block and the first paragraph under it


def opening_body(text: str, rules: RuleSet, province: str | None) -> str | None:
    """The body whose name opens the first paragraph of prose of a plan text with no header, issuing sentence
    or signature ("Trường Tiểu học Vĩnh Phước được thành lập ngày …" under "KẾ HOẠCH / Chiến lược …")."""
    for line in rx.finditer(r"(?m)^[^\n]+", text[:OPENING_BODY_CHARS]):
        if len(line.group(0).split()) < 8 or not line.group(0).rstrip().endswith((".", ":", ";")):
            continue  # a title, a heading, a site's chrome: no sentence
        body = body_at(text, line.start(), rules, province)
        return body[0] if body else None
    return None


def titled_school(text: str, rules: RuleSet) -> str | None:
    """The school a plan text's title block names in capitals (subject.titled_school: "TRƯỜNG MN ĐÔNG
    GIANG" under "LỊCH CHỈ ĐẠO …", gold 1707; "KẾ HOẠCH CHIẾN LƯỢC PHÁT TRIỂN TRƯỜNG THCS HÀ TRUNG", gold
    3314): what issued a text with no header, issuing sentence or signature; the longest such name, as a
    narrow column wraps one short ("… TRƯỜNG THCS HÀ / TRUNG")."""
    names = [m.group("body") for m in rule(rules, "titled_school").finditer(text[:TITLE_CHARS])]
    return name_case(rx.sub(r"\s+", " ", max(names, key=len)), rules) if names else None


def formed(rules: RuleSet, name: str, **parts: str) -> str:
    """A name a header's lines compose, from its template in subject.yml `names.formed`."""
    return str(rules.settings("subject").section("names").table("formed")[name]).format(**parts)


def board_under(lines: list[str], rules: RuleSet) -> str | None:
    """A steering board under the committee of a place, its line naming no place ("UBND PHƯỜNG BẾN TẮM /
    BCĐ HOẠT ĐỘNG HÈ 2022" -> "Ban chỉ đạo Hoạt động hè phường Bến Tắm"): the board of that place."""
    found = setting(rules, "board_under_parent").match(" ".join(lines))
    if found is None:
        return None
    level, place = rx.sub(r"\s+", " ", found.group("level")).lower(), found.group("place").title()
    return f"{name_case(found.group('board'), rules)} {level} {place}"


def parent_lines(lines: list[str]) -> str:
    """The header lines above its lowest one that name its parent: the run right above it, up to a line no
    header holds (a sentence that ends with a period, or a page's title run into the header's first line:
    "GIÁO HỘI … BÌNH ĐỊNH THÔNG BÁO VỀ VIỆC … TRÚ TRÌ." above "GIÁO HỘI … / BAN TRỊ SỰ", held-out 4701)."""
    run: list[str] = []
    for line in reversed(lines[:-1]):
        if line.rstrip().endswith(".") or len(line.split()) > HEADER_LINE_WORDS:
            break
        run.insert(0, line)
    return " ".join(run)


def board_of(lines: list[str], child: str, rules: RuleSet) -> str | None:
    """A board named by its parent's lines above it: the Front's standing board ("ỦY BAN MTTQ VIỆT NAM /
    XÃ NAM CAO / BAN THƯỜNG TRỰC" -> "Ban Thường trực Ủy ban Mặt trận Tổ quốc Việt Nam xã Nam Cao"), a Party
    committee's department ("TỈNH ỦY QUẢNG NAM / BAN TUYÊN GIÁO" -> "Ban Tuyên giáo Tỉnh ủy Quảng Nam";
    under the Central Committee "Ban Tuyên giáo Trung ương"), Hướng dẫn 36's two-level header."""
    parent_line = parent_lines(lines)
    department = setting(rules, "party_department").match(lines[-1])
    if department and setting(rules, "central_committee").match(parent_line):
        return formed(rules, "central_department", child=child)
    party = setting(rules, "party_parent").match(parent_line)
    if party and party.group("place") and (department or setting(rules, "standing_board").match(lines[-1])):
        level, place = party.group("level").capitalize(), party.group("place").title()
        return formed(rules, "party_department", child=child, level=level, place=place)
    board = setting(rules, "standing_board").match(lines[-1])
    organisation = setting(rules, "organisation_parent").match(parent_line)
    unit = organisation and setting(rules, "organisation_unit").match(lines[-1])
    if not (board or unit):
        return None
    cased = name_case(parent_line, rules)
    parent = body_at(cased, 0, rules)
    # an association's branch is named without the country ("Hội Liên hiệp Phụ nữ tỉnh An Giang"), the Front
    # with it; a parent no vocabulary knows ("Ủy ban Bầu cử xã Phố Bảng") as its header writes it; the place a
    # known name leaves out is kept ("HỘI LIÊN HIỆP PHỤ NỮ PHÚ YÊN / BAN THƯỜNG VỤ", gold 4035)
    if parent is None:
        return f"{child} {cased}"
    return f"{child} {setting(rules, 'association_country').sub('', parent[0] + cased[parent[1] :])}"


def school_unit(lines: list[str], child: str, rules: RuleSet) -> str | None:
    """A unit of a school under the school's line (subject.yml `school_unit_line`: "TRƯỜNG TH LƯƠNG YÊN /
    PHÒNG THƯ VIỆN", gold 3861): named with its school (REVIEW T36), "Phòng Thư viện Trường Tiểu học Lương
    Yên"; a school under its university ("ĐẠI HỌC HUẾ / TRƯỜNG …") is no unit."""
    parent_line = parent_lines(lines)
    school = setting(rules, "school_parent").match(parent_line)
    if school is None or not setting(rules, "school_unit_line").match(lines[-1]):
        return None
    return f"{child} {name_case(parent_line, rules)}"


def authority(text: str, rules: RuleSet, province: str | None) -> str | None:
    """The body named on the line of authority right before a decision's "Căn cứ" list, when the header's
    own lines did not read ("UỶ BAN NHÂN DÂN TỈNH NGHỆ AN Căn cứ Luật …" of a page that ran them together)."""
    found = rule(rules, "authority_line").search(text, 0, min(len(text), HEADER_CHARS))
    if found and found.group("central"):  # "BAN BÍ THƯ TRUNG ƯƠNG ĐOÀN TNCS HỒ CHÍ MINH"
        return name_case(rx.sub(r"\s+", " ", found.group("central")), rules)
    if found and found.group("ministry"):  # "BỘ TRƯỞNG BỘ Y TẾ": a ministry issuers.yml knows
        written = fold(found.group("ministry"))
        entries = rules.settings("issuers").raw("issuers") or {}
        names = (e.get("name", "") for e in entries.values())
        ministry = next((n for n in names if fold(n) == written), None)
        return f"Bộ trưởng {ministry}" if ministry else None
    body = body_at(text, found.start("body"), rules, province) if found else None
    return body[0] if body else None


@functools.lru_cache(maxsize=8)  # asked by extract() and find_subject() of the same text
def place_date(text: str, rules: RuleSet) -> tuple[str | None, str | None]:
    """'Tuyên Quang, ngày 16 tháng 8 năm 2023' near the header: (place, ISO date).

    Without one, or when its date does not read (cut by the excerpt: "Hà Nội, ngày 07 tháng 06 n"), the time
    an e-signature was made ('Thời gian ký: 07/10/2025 20:43:19') or a legal portal's "Ngày ban hành:" field
    dates the document.
    """
    match = rule(rules, "place_date").search(text, 0, min(len(text), HEADER_CHARS))
    found = date_at(text, match.start("date"), rules) if match else None
    if not found:
        signed = rule(rules, "signed_at").search(text, 0, min(len(text), HEADER_CHARS))
        found = date_at(text, signed.end(), rules) if signed else None
    return match.group("place").strip() if match else None, found[0] if found else None


def period_of(text: str, rules: RuleSet, end: int | None = None) -> tuple[int, int] | None:
    """'giai đoạn 2021-2025' -> (2021, 2025); one year ('năm 2023', not a date's) -> (2023, 2023).

    Read in text[:end], given as a bound rather than a slice: the year phrases of the whole text are read
    once per document (targets.year_phrases) and a slice would be a new text to read them in.
    """
    from kehoach.extract.targets import year_candidates

    end = len(text) if end is None else min(end, len(text))
    match = _search(rules.settings("targets").section("years").pattern("period"), text, 0, end)
    if match:
        return int(match.group("start")), int(match.group("end"))
    found = year_candidates(text, 0, end, rules)
    return (found[0][1], found[0][1]) if found else None


TITLE_CHARS = 300


def title_of(
    text: str, layout: Kind, subject: Subject | None, rules: RuleSet, given: str | None = None
) -> str | None:
    """The document's title: for a document's own text its type, number and trích yếu ("Kế hoạch 54/KH-UBND:
    Hành động thực hiện …"); for a bulletin its headline, or the reader's `given` one (an HTML <h1>); never
    page chrome (subject.title_chrome)."""
    chrome = rule(rules, "title_chrome").compiled
    if given and not chrome.match(given.strip(), timeout=rx.limit(len(given))):
        return clipped(given.strip())
    named = " ".join(x for x in (subject.doc_type, subject.symbol) if x) if subject else ""
    if layout == "plan_text":
        own = own_title(text, subject, rules)
        if own or header_label(text, rules):
            return own or named or None  # a header: its lines are no headline
    skip = rule(rules, "title_skip").compiled
    links = False  # inside a list of links ("… Thanh Hóa -" lines): its last item has no dash
    for raw in text[:4000].split("\n")[:20]:
        line = "" if links and raw.strip() else headline(raw, rules)
        links = bool(skip.search(raw, timeout=rx.limit(len(raw)))) and raw.rstrip().endswith(("-", "–"))
        if " * " not in line and headline_like(line, rules):
            return plan_headline(line, named, rules) if layout == "plan_text" else clipped(line)
    return named or None


def plan_headline(line: str, named: str, rules: RuleSet) -> str:
    """A plan reprinted under its title: "Kế hoạch 87/KH-UBND: <title>", or the title alone when it names
    the type itself ("Chương trình hành động của Ban Thường vụ Thành ủy …")."""
    type_word = rule(rules, "title_type").compiled.match(line.upper(), timeout=rx.limit(len(line)))
    return clipped(line if type_word or not named else f"{named}: {line}")


def clipped(title: str) -> str:
    """A title of at most TITLE_CHARS, cut after a whole word: a headline that runs on into the article's
    first paragraph must not end on half a word or on the dash of a cut range ("năm học 2019 –")."""
    if len(title) <= TITLE_CHARS:
        return title
    return title[: TITLE_CHARS + 1].rsplit(maxsplit=1)[0].rstrip(" -–|•,;:")


def headline(line: str, rules: RuleSet) -> str:
    """A line as a headline: "" for one that is never one (subject.title_skip: a list item, a link list,
    mojibake), without a source in front ("(kontumtv.vn) – ") and cut where page chrome runs on after it."""
    skip = rule(rules, "title_skip").compiled
    if skip.search(line.strip(), timeout=rx.limit(len(line))):  # a table cell: "| caption |"
        return ""
    line = line.strip(" |*#")
    if skip.search(line, timeout=rx.limit(len(line))):
        return ""
    lead = rule(rules, "title_lead").search(line)
    line = line[lead.end() :] if lead else line
    line = rx.sub(r"^(.{20,}?)(?:\s+\1)+$", r"\1", line)  # a headline repeated on joined lines
    return cut_title(rx.sub(r"^[^\p{L}\d\"“(\[]+", "", line), rules)  # ")› SG Phối hợp …" of an OCR'd page


def cut_title(line: str, rules: RuleSet) -> str:
    """The line up to where it runs on into a date stamp, a portal's counters or a header's authority."""
    cut = rule(rules, "title_cut").search(line)
    return (line[: cut.start()] if cut else line).strip(" -–|•")  # "… 2021-2026 • Cập nhật: …"


def own_title(text: str, subject: Subject | None, rules: RuleSet) -> str | None:
    """Type and number from the subject, trích yếu from the lines under the header's type word (or the
    "V/v …" line of a công văn)."""
    label = header_label(text, rules)
    start = label.end() if label else 0
    end = min(len(text), start + 1500)
    words = rule(rules, "title_type").compiled.finditer(text, start, end, timeout=rx.limit(end - start))
    word = next((w for w in words if w.group("word").isupper()), None)
    if word is None and label:  # a flattened page whose title block was read before its header's number
        before = rule(rules, "title_type").compiled.finditer(text, 0, label.start(), timeout=rx.limit(start))
        word = next((w for w in before if w.group("word").isupper()), None)
    symbol = subject.symbol if subject else None
    if word is None:
        subject_line = rule(rules, "cong_van_line").search(text, start, end)
        if subject_line is None:
            return None
        line_end = text.find("\n", subject_line.end())
        about = cut_title(text[subject_line.end() : line_end if line_end != -1 else end], rules)
        doc_type = rule(rules, "cong_van_line").params["doc_type"]
        return clipped(f"{' '.join(x for x in (doc_type, symbol) if x)}: V/v {about}")
    stop = rule(rules, "title_end").compiled
    summary: list[str] = []
    opening = rule(rules, "title_opening").compiled
    for line in text[word.end() : word.end() + 600].split("\n"):
        line = line.strip(" |*-_")
        ends = not line or stop.match(line, timeout=rx.limit(len(line)))
        if summary and ends:
            break
        if line and (not ends or (not summary and opening.match(line, timeout=rx.limit(len(line))))):
            kept = cut_title(line, rules)  # "Thực hiện Đề án số 08 …" opens many a trích yếu
            summary.append(kept)
            if len(kept) < len(line.strip(" -–|")):  # a portal's date stamp or counters: the block is over
                break
    doc_type = doc_type_of_word(word.group("word"), rules) or (subject.doc_type if subject else None)
    named = " ".join(x for x in (doc_type, symbol) if x)
    about = sentence_case(" ".join(summary), rules)
    return clipped(f"{named}: {about}") if about else named or None


def sentence_case(line: str, rules: RuleSet) -> str:
    """'HÀNH ĐỘNG … TỈNH SƠN LA' -> 'Hành động … tỉnh Sơn La': an upper-case trích yếu as a sentence, the
    provinces it names capitalized again, symbols ('1677/QĐ-TTG') left as written."""
    line = rx.sub(r"\s+", " ", line).strip()
    if not line or not line.isupper():
        return line[:1].upper() + line[1:]
    lower = " ".join(w if rx.search(r"\d", w) else w.lower() for w in line.split(" "))
    lower = province_regex_folded(rules).sub(lambda m: province_name(m.group(0), rules), lower)
    return lower[:1].upper() + lower[1:]


@functools.cache
def province_regex_folded(rules: RuleSet) -> regex.Pattern[str]:
    """Province names in lower case, as sentence_case() leaves them."""
    names = [p.name.lower() for p in all_provinces(rules)]
    return regex.compile(
        "(?<![\\p{L}])(?:" + "|".join(regex.escape(n) for n in names) + ")(?![\\p{L}])", regex.I
    )


@functools.lru_cache(maxsize=8)  # asked by extract() and find_subject() of the same text
def kind_of(text: str, rules: RuleSet) -> Kind:
    """The layout: a document's own text (a header, or the title of a plan reprinted whole) or a bulletin."""
    head = text[:HEADER_CHARS]
    motto = rules.settings("subject").pattern("national_motto")
    if header_label(text, rules) or _search(motto, head):
        return "plan_text"
    if plan_titled(text, rules) or titled_text(text, rules):
        return "plan_text"
    if own_title_line(text, rules):
        return "plan_text"
    if opens_on(text, "enacting_formula", ENACTING_CHARS, rules):  # "QUYẾT ĐỊNH:\nĐiều 1. …" without a header
        return "plan_text"
    if timed_programme(text, rules):  # "1. Lễ khai mạc: 19 giờ 30 …", "+ Từ 15h đến 17h: Lễ Túc Yết."
        return "plan_text"
    if titled_by_its_name(text, rules):  # "Kế hoạch kiểm tra cuối năm học 2016 – 2017\n1/ Tổ chức …"
        return "plan_text"
    if own_lead(text, rules):  # "Ban Thường vụ Tỉnh đoàn … triển khai Kế hoạch … như sau:" over "- " bullets
        return "plan_text"
    return "plan_text" if plan_opening(text, rules) or own_preamble(text, rules) else "announcement"


LEAD_LINES = 4
LEAD_LINE_CHARS = 120


def plan_titled(text: str, rules: RuleSet) -> bool:
    """A plan reprinted whole under its own title (subject.plan_title: "KẾ HOẠCH TỔ CHỨC …") and not a
    bulletin headlined with the plan's name: the lead sentence under the title (the first of its next
    LEAD_LINES lines that is LEAD_LINE_CHARS long, not a subtitle) tells no news of it (subject.news_verb "đã
    ký", subject.plan_news "thông qua kế hoạch"), unless it is the plan's own basis (subject.lead_basis:
    "Căn cứ …", "Thực hiện …") or the text goes on in the plan's own words (subject.own_preamble "… ban hành
    Kế hoạch …, cụ thể như sau:", subject.full_text_cue "xin đăng toàn văn"): gold 3906 Nam Định, 3807 Đà
    Nẵng, 2402 Phú Thọ."""
    found = rule(rules, "plan_title").search(text, 0, min(len(text), 200))
    return found is not None and not news_under_title(text, found.end(), rules)


def news_under_title(text: str, title: int, rules: RuleSet) -> bool:
    """Whether the lead sentence under the title line ending at or after `title` tells news of the plan (see
    plan_titled): a bulletin headlined with the plan's name, not the plan's own title block."""
    lines = [line.strip() for line in text[title : title + REPRINT_CHARS].split("\n")[1:]]
    lead = next((line for line in [x for x in lines if x][:LEAD_LINES] if len(line) >= LEAD_LINE_CHARS), "")
    if not any(rule(rules, cue).search(lead) for cue in ("news_verb", "plan_news")):
        return False
    return not (
        rule(rules, "lead_basis").search(lead)
        or rule(rules, "own_preamble").search(text, 0, min(len(text), OWN_PREAMBLE_CHARS))
        or rule(rules, "full_text_cue").search(text, 0, min(len(text), REPRINT_CHARS))
    )


def titled_by_its_name(text: str, rules: RuleSet) -> bool:
    """A plan posted under its own name as the page's first line (subject.plan_name_headline: "Kế hoạch kiểm
    tra cuối năm học 2016 – 2017", "Chương trình công tác Đoàn … năm học 2015 - 2016") whose next
    PLAN_NEWS_CHARS characters tell no plan news (subject.news_verb "vừa ban hành", subject.plan_news): the
    plan itself, not a bulletin about it (gold 1609/2480 a primary school of Bình Dương, 1660 a university's
    Youth Union in TP.HCM, 2695 a primary school of Kiên Giang)."""
    name = rule(rules, "plan_name_headline").compiled.match(text, timeout=rx.limit(len(text)))
    if name is None:
        return False
    # "Sở … đã xây dựng kế hoạch số 25/KH-SNN&PTNT …" anywhere in the lead: news of the plan (gold 2933)
    lead = text[name.end() : name.end() + PLAN_NEWS_CHARS]
    return not any(rule(rules, cue).search(lead) for cue in ("news_verb", "plan_news"))


def named_type(text: str, rules: RuleSet) -> str | None:
    """The type word of a plan posted under its name (subject.plan_name_headline: "Chương trình công tác Đoàn
    … năm học 2015 - 2016" -> Chương trình)."""
    name = rule(rules, "plan_name_headline").compiled.match(text, timeout=rx.limit(len(text)))
    return doc_type_of_word(name.group("word"), rules) if name else None


PROGRAMME_CHARS = 1500
PROGRAMME_ITEMS = 3


def timed_programme(text: str, rules: RuleSet) -> bool:
    """An event's programme printed as it is: at least three items at a clock time (subject.timed_item: "1. Lễ
    khai mạc: 19 giờ 30 ngày 17/6/2015 …", "- Thời gian: 8h-11h sáng thứ 7 …") near the top, with no news cue
    (a time stamp, "vừa ban hành") before them: the plan itself, not news of the event."""
    end = min(len(text), PROGRAMME_CHARS)
    items = list(rule(rules, "timed_item").finditer(text, 0, end))
    if len(items) < PROGRAMME_ITEMS:
        return False
    return rule(rules, "news_cue").search(text, 0, items[0].start()) is None


TITLE_LINE_CHARS = 400
ENACTING_CHARS = 3000


def own_title_line(text: str, rules: RuleSet) -> bool:
    """A title block of its own near the top (subject.title_line: "KẾ HOẠCH" under a portal's headline and
    time stamp, "THÔNG BÁO Kế hoạch …") with no news verb before it, or a schedule's table head
    (subject.schedule_head)."""
    end = min(len(text), TITLE_LINE_CHARS)
    if rule(rules, "schedule_head").search(text, 0, end):
        return True
    found = rule(rules, "title_line").search(text, 0, end)
    if found is not None:
        return printed_whole(text, found.start(), rules) and not news_under_title(text, found.end(), rules)
    return reprinted_whole(text, rules)


REPRINT_CHARS = 1500


def reprinted_whole(text: str, rules: RuleSet) -> bool:
    """A page whose lead paragraph introduces the document, then prints it whole under its own title block: an
    upper-case type word alone on its line ("…\nCHƯƠNG TRÌNH\nHoạt động toàn khóa của Ủy ban MTTQ …", gold
    2136 Bình Thuận), with no news verb before it or a cue that the full text follows ("xin đăng toàn văn
    Chương trình quan trọng này:", gold 2344 Thừa Thiên Huế; subject.full_text_cue)."""
    found = rule(rules, "title_alone_line").search(text, TITLE_LINE_CHARS, min(len(text), REPRINT_CHARS))
    return found is not None and printed_whole(text, found.start(), rules)


def printed_whole(text: str, title: int, rules: RuleSet) -> bool:
    """Whether the title block at `title` is the document's own: no news verb before it ("vừa ban hành"), or
    a cue after the last one that the full text follows (subject.full_text_cue)."""
    verbs = list(rule(rules, "news_verb").compiled.finditer(text, 0, title, timeout=rx.limit(title)))
    return not verbs or rule(rules, "full_text_cue").search(text, verbs[-1].end(), title) is not None


def titled_text(text: str, rules: RuleSet) -> bool:
    """A document reprinted without its header that opens on its own title block: an upper-case type word on
    a line of its own ("HƯỚNG DẪN\nThực hiện kế hoạch …", subject.title_alone), or the place-date line and
    then the type word ("Diên Phước, ngày 15 tháng 10 năm 2020\nKẾ HOẠCH THỰC HIỆN NHIỆM VỤ …")."""
    alone = rule(rules, "title_alone").compiled.match(text, 0, min(len(text), 200), timeout=rx.limit(200))
    if alone and alone.group("word").isupper():
        return True
    dated = rule(rules, "place_date").search(text, 0, min(len(text), 200))
    if dated is None or text[: dated.start()].strip():
        return False
    end = min(len(text), dated.end() + 200)
    words = rule(rules, "title_type").compiled.finditer(
        text, dated.end(), end, timeout=rx.limit(end - dated.end())
    )
    return any(w.group("word").isupper() for w in words)


OWN_PREAMBLE_CHARS = 1500


def own_preamble(text: str, rules: RuleSet) -> bool:
    """The plan's own opening sentence ("… xây dựng kế hoạch … với các nội dung sau:" over "Phần I"), with no
    news verb before it (a portal's time stamp over it does not make it a bulletin: gold 1905, 1513, 1908)."""
    return opens_on(text, "own_preamble", OWN_PREAMBLE_CHARS, rules, cue="news_verb")


def own_lead(text: str, rules: RuleSet) -> bool:
    """A plan reposted under a headline and a posting stamp whose body opens in its issuer's own words
    (REVIEW.md T33) without a part heading after them (subject.own_lead: "… triển khai Kế hoạch … với những
    nội dung cụ thể như sau:" over "- " bullets; "Thực hiện …, Công đoàn … xây dựng kế hoạch … năm 2019."),
    with no news verb or dated lead before (subject.lead_news): gold 2353, 4570, 4265, 4931, 5204."""
    return opens_on(text, "own_lead", OWN_PREAMBLE_CHARS, rules, cue="lead_news")


PLAN_OPENING_CHARS = 800


def plan_opening(text: str, rules: RuleSet) -> bool:
    """A page that opens on the plan's own content ("I- MỤC TIÊU TỔNG QUÁT …", "ĐỊNH HƯỚNG PHÁT TRIỂN …",
    "… cụ thể như sau: I. MỤC ĐÍCH, YÊU CẦU") with no news verb or time stamp before it."""
    return opens_on(text, "plan_opening", PLAN_OPENING_CHARS, rules)


def opens_on(text: str, rule_id: str, chars: int, rules: RuleSet, cue: str = "news_cue") -> bool:
    """Whether subject.<rule_id> matches in the first `chars` characters with no news cue (subject.<cue>: a
    news verb, a time stamp) before it: the text is the document's own, not a report about it."""
    found = rule(rules, rule_id).search(text, 0, min(len(text), chars))
    return found is not None and rule(rules, cue).search(text, 0, found.start()) is None


def document_kind(
    layout: Kind,
    subject: Subject | None,
    rules: RuleSet,
    text: str = "",
    title: str | None = None,
    goals: int = 0,
    lead_goals: int | None = None,
    results: bool = False,
) -> Kind:
    """'other' for a Tờ trình, Báo cáo, Công văn … (doc_types.yml `not_plans`) or a bulletin about one; also
    for a Quyết định, Chỉ thị … (`may_carry_plan`) that sets no goals and whose trích yếu names no plan
    ("Quyết định ban hành Quy chế phối hợp …"). `lead_goals` counts the goals that stand in a bulletin's lead
    (its first PLAN_NEWS_CHARS characters; all of them when not given); `results` says that the bulletin's
    first figure is a result reached (results_lead)."""
    settled = settled_kind(layout, subject, rules, text, results)
    if settled is not None:
        return settled
    # no plan named: no type at all, a type that is none, or one with no number (a noun: "thảo luận … Nghị
    # quyết phát triển kinh tế - xã hội 6 tháng cuối năm"; an act of adopting one is review_plan_act's)
    named = subject is not None and subject.symbol
    no_plan = not named or subject is None or subject.doc_type is None or not_a_plan(subject.doc_type, rules)
    if (
        layout == "announcement"
        and no_plan
        and (review_meeting(text, rules, goals) or letter_news(text, rules, goals))
        and not headline_goals(text, rules)
    ):
        return "other"
    # a bulletin about a numbered plan (its subject "108-KH/QU", a Kế hoạch) is news of a plan, whatever verb
    # its lead uses (gold 2034: a headline naming the plan over "Thực hiện Kế hoạch số 111-KH/TU …")
    # the news of an event held is the event: only a plan its lead names makes it news of that plan
    # a launch ("Ra quân làm thủy lợi vụ Đông xuân 2016") is an event too, and the plan it carries out, cited
    # "Theo kế hoạch, …" after it, no plan news (REVIEW.md T53)
    launch = layout == "announcement" and launch_held(text, rules)
    event = layout == "announcement" and (launch or event_held(text, rules))
    if (
        layout == "announcement"
        and (not told_goals(subject, goals, lead_goals, rules) or event)
        and not plan_news(text, rules, deep=not event, attributed=not launch)
        and not told_plan(text, subject, title, rules)
    ):
        return "other"
    if subject is None:
        return layout
    # a Tờ trình, a Chỉ thị, an act that reorganises units ("thông qua Đề án sáp nhập các thôn, bản …")
    if (
        not_a_plan(subject.doc_type, rules)
        or directive(text, layout, subject, rules)
        or reorganises_units(text, subject, title, rules)
    ):
        return "other"
    carriers = {fold(t) for t in rules.settings("doc_types").words("may_carry_plan")}
    if goals or fold(subject.doc_type or "") not in carriers:
        return layout
    # reprinted under a plan's title ("Nghị quyết của Ban Chấp hành …") or opening on a plan's content
    # ("I. MỤC ĐÍCH, YÊU CẦU"): a plan's text, whatever type a citation gave it
    if layout == "plan_text" and (
        rule(rules, "plan_title").search(text, 0, min(len(text), 200)) or plan_opening(text, rules)
    ):
        return layout
    about = trich_yeu(text, layout, subject, title, rules)
    # "…: Quy định chế độ báo cáo …", "…: Về việc thành lập Hội đồng …" (its title or a title-block line)
    if rule(rules, "regulation_title").search(about):
        return "other"
    return layout if rule(rules, "plan_content").search(about) else "other"


def settled_kind(
    layout: Kind, subject: Subject | None, rules: RuleSet, text: str, results: bool
) -> Kind | None:
    """The kind a text's shape settles before document_kind's bulletin tests; None when it settles none."""
    if notice_of_plan(text, rules):  # "… thông báo kế hoạch … như sau:" over "1. …": the plan itself
        return "plan_text"
    if reports_results(layout, subject, rules, text, results):
        return "other"
    if layout == "announcement" and resolution_goals(text, subject, rules):
        return "announcement"
    return None


RESOLUTION_GOALS_CHARS = 1200


def resolution_goals(text: str, subject: Subject | None, rules: RuleSet) -> bool:
    """Whether a bulletin about an unnumbered Nghị quyết relays the goals it sets, in words ("mục tiêu đã được
    xác định trong Nghị quyết Đại hội …", "Nghị quyết Đại hội đã xác định rõ mục tiêu …"), in its first
    RESOLUTION_GOALS_CHARS characters: news of that resolution, also with no figure among its goals and when
    the item reports the meeting that studies it (REVIEW.md T9, T68 (a): gold 3507 Yên Bái, 3542 Thừa Thiên
    Huế, 3866 Vĩnh Phúc, 4903 Bến Tre)."""
    if subject is None or subject.symbol or fold(subject.doc_type or "") != fold("Nghị quyết"):
        return False
    return rule(rules, "resolution_goals").search(text, 0, min(len(text), RESOLUTION_GOALS_CHARS)) is not None


def reports_results(layout: Kind, subject: Subject | None, rules: RuleSet, text: str, results: bool) -> bool:
    """Whether the text reports results, neither a plan nor news of one: a results headline ("Kết quả triển
    khai …") over no numbered subject, a bulletin's line reviewing "… 6 tháng đầu năm", or a bulletin whose
    first figure, in its headline or lead, is one reached (`results`, results_lead: "Tỷ lệ bao phủ bảo hiểm y
    tế đạt 78,77%") and that names no plan document whose goals it relays nor is headlined with the goals
    (REVIEW.md T52)."""
    if not (subject and subject.symbol) and results_headline(text, rules):
        return True
    if layout != "announcement":
        return False
    if period_review(text, rules):
        return True
    return results and (subject is None or subject.doc_type is None) and not headline_goals(text, rules)


def reorganises_units(text: str, subject: Subject | None, title: str | None, rules: RuleSet) -> bool:
    """Whether the text's subject is an act that merges, re-arranges or sets up administrative units
    (subject.reorganisation: "Đề án sáp nhập các thôn, bản …", "Nghị quyết sắp xếp tổ dân phố …", "đề án
    thành lập Thành phố Bến Cát"), named so in its title or lead: no plan, whoever adopts it (REVIEW.md T9,
    T35: gold 2644 Điện Biên, 4132 Đà Nẵng, 4200 Bình Dương, 2643). A Kế hoạch that carries such an act out
    is a plan: the rule names no Kế hoạch, and the subject's type must be the act's."""
    if subject is None or not subject.doc_type:
        return False
    lead = (title or "") + "\n" + opening(text, PLAN_NEWS_CHARS)
    acts = rule(rules, "reorganisation").compiled.finditer(lead, timeout=rx.limit(len(lead)))
    return any(
        same_type(doc_type_of_word(m.group("type_word"), rules) or "", subject.doc_type, rules) for m in acts
    )


def directive(text: str, layout: Kind, subject: Subject, rules: RuleSet) -> bool:
    """A Chỉ thị (doc_types.yml `directives`): it states principles and charges, not a plan, also when it
    orders one to be drawn up (REVIEW.md T28: gold 312 Đồng Tháp "CHỈ THỊ VỀ VIỆC XÂY DỰNG KẾ HOẠCH …", 2457
    Quảng Bình, 1356 news of the ministry's Chỉ thị 3110/CT-BNN-KH), whatever goals it sets; so does a
    Hướng dẫn or a Thông tư, which tells how to do a thing, a plan's making included (gold 4238 Sơn La
    "HƯỚNG DẪN THỰC HÀNH PHƯƠNG PHÁP LẬP KẾ HOẠCH …", 2348 Bộ Tài chính "THÔNG TƯ … HƯỚNG DẪN KẾ HOẠCH DỰ
    TOÁN …"). A text of its own whose title block names another type ("QUYẾT ĐỊNH BAN HÀNH KẾ HOẠCH …" under
    "Số: 55/2007/CT-UBND", gold 1757 Ninh Thuận) is what its title says."""
    directives = {fold(t) for t in rules.settings("doc_types").words("directives")}
    if fold(subject.doc_type or "") not in directives:
        return False
    titled = header_type(text, rules, letter=False) if layout == "plan_text" else None
    return titled is None or fold(titled) in directives


def told_goals(subject: Subject | None, goals: int, lead_goals: int | None, rules: RuleSet) -> bool:
    """Whether a bulletin's goals make it news of a plan (REVIEW.md T9): they stand in its lead (the headline
    or the lead sentences are the plan's goals), or it names the plan they are set by (a subject whose type is
    a plan's, "Theo kế hoạch, …"). Goals first told deep in an item about an event, with no plan named, are
    what the event set or reported, not the news (gold 1762 Vĩnh Linh, 2405 Gio Linh, 2456 Phước Lộc)."""
    if not goals:
        return False
    if lead_goals is None or lead_goals:
        return True
    return subject is not None and subject.doc_type is not None and not not_a_plan(subject.doc_type, rules)


def numbered_plan(subject: Subject | None, rules: RuleSet) -> bool:
    """A subject with a number whose type is a plan's own (Kế hoạch, Chương trình, Đề án …): neither a type
    that is none (doc_types.yml `not_plans`) nor one that carries a plan only sometimes (`may_carry_plan`)."""
    if subject is None or not subject.symbol or not subject.doc_type or not_a_plan(subject.doc_type, rules):
        return False
    return fold(subject.doc_type) not in {
        fold(t) for t in rules.settings("doc_types").words("may_carry_plan")
    }


def told_plan(text: str, subject: Subject | None, title: str | None, rules: RuleSet) -> bool:
    """Whether a bulletin tells of its numbered plan (`numbered_plan`): the plan's number stands in the lead
    (its first PLAN_NEWS_CHARS characters) or its headline opens on the plan's type ("Kế hoạch tổ chức các
    hoạt động …" over "… ban hành kế hoạch số 108-KH/QU", gold 2034). A plan numbered further down a meeting's
    or a directive's news is background (gold 1666 VDB, 2647 Tân Bình, 2663 Vân Hòa: "triển khai kế hoạch số
    200/KH-UBND" at the meeting, "giữ nguyên các môn thi đấu theo Kế hoạch số 047/KH-UBND")."""
    if subject is None or not subject.symbol or not numbered_plan(subject, rules):
        return False
    return subject.symbol in opening(text, PLAN_NEWS_CHARS) or headed_by(title, subject.doc_type)


RESULTS_HEADLINE_CHARS = 300


def results_headline(text: str, rules: RuleSet) -> bool:
    """A page under a headline that reports results (subject.results_headline: "Kết quả triển khai thực hiện
    …", "TÌNH HÌNH THỰC HIỆN NĂM 2007 …", "… đạt 105,38% chỉ tiêu …"): a report, neither a plan nor news of
    one; the documents its body says were issued are its results, not its subject."""
    return rule(rules, "results_headline").search(text, 0, min(len(text), RESULTS_HEADLINE_CHARS)) is not None


def period_review(text: str, rules: RuleSet) -> bool:
    """A bulletin with a line near its top that reviews the months of the year gone by (subject.period_review:
    "Sở NN&PTNT sơ kết công tác 6 tháng đầu năm 2018", "… của Sở Tư pháp trong sáu tháng đầu năm"): news of
    what was done, not of a plan, whatever plan it names (gold 3201 Hà Tĩnh, 2802 Gia Lai)."""
    return rule(rules, "period_review").search(text, 0, min(len(text), RESULTS_HEADLINE_CHARS)) is not None


RESULTS_LEAD_CHARS = 500


def results_lead(text: str, figures: Sequence[Target], rules: RuleSet) -> bool:
    """Whether a bulletin opens on a result: its first figure stands in the headline or the lead (its first
    RESULTS_LEAD_CHARS characters) and is a figure reported, not a goal, with a word of reaching it
    (subject.results_lead: "đạt", "tăng", "vượt"): "Tỷ lệ bao phủ bảo hiểm y tế đạt 78,77%", "Năm 2023, Hà
    Tĩnh đạt mức tăng trưởng kinh tế đạt 8,05%" (REVIEW.md T52: news of results already reached is `other`,
    also when a later sentence relays the goals still to reach; gold 320 Hậu Giang, 921 Hà Nam, 3642 Hà
    Tĩnh, 4002 Bắc Kạn, 3018, 3767)."""
    first = min(figures, key=lambda f: f.start, default=None)
    if first is None or first.is_target or first.start >= len(opening(text, RESULTS_LEAD_CHARS)):
        return False
    return rule(rules, "results_lead").search(first.text) is not None


NOTICE_CHARS = 800


def notice_of_plan(text: str, rules: RuleSet) -> bool:
    """A notice whose content is a plan laid out in numbered parts (subject.notice_of_plan)."""
    return rule(rules, "notice_of_plan").search(text, 0, min(len(text), NOTICE_CHARS)) is not None


PLAN_NEWS_LEAD_CHARS = 500
PLAN_NEWS_CHARS = 800  # a bulletin's lead (plan_news, told_plan, lead_told, told_goals)
PLAN_NEWS_SENTENCE_CHARS = 300  # how far plan_news runs on the sentence its lead cuts
PLANNED_LEAD_CHARS = 400


def plan_news(text: str, rules: RuleSet, deep: bool = True, attributed: bool = True) -> bool:
    """Whether a bulletin's lead names a plan a body issues, deploys, approves or sets (subject.plan_news), or
    the plan it tells of with no such verb (subject.plan_purpose: "Kế hoạch nhằm …", gold 2150, 3674, 3838),
    tells what a body will carry out (subject.planned_activity, in its first lines), or its headline is a plan
    being carried out or a dated goal (subject.headline_plan): without it (and without a goal) a bulletin is
    about no plan. Past the lead only an act that issues, deploys, approves or adopts one counts
    (subject.plan_act_deep), and on to the end of the sentence the lead cuts only a body's act done on one
    (`act_done_past_lead`): a plan drawn up, numbered in passing or carried out further down is not; and not
    even that when not `deep` (the news of an event held: gold 3865 Tuyên Quang, a pledge signing whose
    "triển khai hiệu quả đề án" is one of the pledges, REVIEW.md T37); nor, when not `attributed`, a plan
    only cited "Theo kế hoạch …", or what the sentence so opened says will be done (a launch's: "Theo kế
    hoạch, từ nay đến ngày 20/10/2020, phường sẽ thường xuyên ra quân …", REVIEW.md T53)."""
    news = rule(rules, "plan_news").compiled
    end = min(len(text), PLAN_NEWS_LEAD_CHARS)
    lead = news.finditer(text, 0, end, timeout=rx.limit(end))
    if any(own_words(text, m.start(), rules) and (attributed or not cited_after(m)) for m in lead):
        return True
    # "Kế hoạch nhằm …", "… vừa có kế hoạch … năm 2018": a plan told with no issuing verb (plan_purpose)
    purpose = rule(rules, "plan_purpose").compiled.finditer(text, 0, end, timeout=rx.limit(end))
    if any(own_words(text, m.start(), rules) for m in purpose):
        return True
    further = news.finditer(
        text, PLAN_NEWS_LEAD_CHARS, min(len(text), PLAN_NEWS_CHARS), timeout=rx.limit(PLAN_NEWS_CHARS)
    )
    acts = (m for m in further if deep and own_words(text, m.start(), rules))
    if any(rule(rules, "plan_act_deep").compiled.match(m.group(0)) for m in acts):
        return True
    if deep and act_done_past_lead(text, rules) > 0:
        return True
    planned = rule(rules, "planned_activity").search(opening(text, PLANNED_LEAD_CHARS))
    if planned is not None and (attributed or not cited_plan_sentence(text, planned.start(), rules)):
        return True
    return headlined_plan(text, rules)


def cited_after(found: regex.Match[str]) -> bool:
    """Whether a plan_news match only cites the plan an activity follows ("Theo kế hoạch, …")."""
    return fold(found.group(0)).startswith("theo")


def cited_plan_sentence(text: str, pos: int, rules: RuleSet) -> bool:
    """Whether the sentence holding `pos` opens on a plan cited "Theo kế hoạch …" (subject.plan_news)."""
    start = sentence_opening(text, pos, rules)
    found = rule(rules, "plan_news").search(text, start, pos)
    return found is not None and not text[start : found.start()].strip() and cited_after(found)


def launch_held(text: str, rules: RuleSet) -> bool:
    """A bulletin whose headline or lead (`lead_sentence`) is a launch (subject.launch_held: "Ra quân làm thủy
    lợi vụ Đông xuân 2016", "UBND phường Nhà Mát: Ra quân chỉnh trang …", "… tổ chức ra quân …") and whose
    lead (PLAN_NEWS_LEAD_CHARS) adopts no plan (subject.review_plan_act): an event, whose plan, cited "Theo kế
    hoạch, …" after it, is what it carries out, not its news (REVIEW.md T53: gold 2946 Hải Dương, 3235 Bạc
    Liêu, 4138 Phú Yên)."""
    return (
        rule(rules, "launch_held").search(lead_sentence(text, REVIEW_LEAD_CHARS)) is not None
        and rule(rules, "review_plan_act").search(opening(text, PLAN_NEWS_LEAD_CHARS)) is None
    )


GOAL_HEADLINE_CHARS = 200  # a headline of goals is read in its first 200 characters


def goal_headline(text: str, rules: RuleSet) -> str:
    """The page's headline under any lines of portal chrome (headline_start: "Chuyên mục: Thời sự"), its first
    GOAL_HEADLINE_CHARS characters."""
    return text[headline_start(text, rules) :].lstrip()[:GOAL_HEADLINE_CHARS]


def headlined_plan(text: str, rules: RuleSet, headline: str | None = None) -> bool:
    """Whether the page's headline (goal_headline) is a plan being carried out or a dated goal
    (subject.headline_plan: "Na Sang phấn đấu thực hiện 14 mục tiêu năm 2026"): the item is about the plan or
    its goals, also when its lead tells a meeting (REVIEW.md T9: gold 1977 Thái Bình, 3966 Điện Biên)."""
    line = goal_headline(text, rules) if headline is None else headline
    return rule(rules, "headline_plan").search(line) is not None


def headline_goals(text: str, rules: RuleSet) -> bool:
    """Whether the headline is the plan or its goals (headlined_plan) and not a meeting that reviews their
    results ("… tổ chức hội nghị sơ kết giữa nhiệm kỳ thực hiện Nghị quyết …", subject.review_meeting: gold
    2907 Lạng Sơn, 2823 Đồng Nai): a meeting under such a headline is the occasion, not the news (REVIEW.md
    T9, 1977 Thái Bình, 3966 Điện Biên "Na Sang phấn đấu thực hiện 14 mục tiêu năm 2026")."""
    headline = goal_headline(text, rules)
    first_line = headline.split("\n", 1)[0]
    return headlined_plan(text, rules, headline) and rule(rules, "review_meeting").search(first_line) is None


BASIS_CHARS = 400


def cited_in_basis(text: str, start: int, rules: RuleSet) -> bool:
    """Whether a plan_news match at `start` lies in a basis clause ("Thực hiện Thông báo số 24-TB/BCĐ …;
    Kế hoạch số 60/KH-UBND …", "Thực hiện Quyết định số 2629/QĐ-UBND … về ban hành Kế hoạch …"): a
    document the news carries out, cited with its trích yếu, not a plan the bulletin is about
    (subject.basis_clause)."""
    before = text[max(0, start - BASIS_CHARS) : start]
    return rule(rules, "basis_clause").search(before) is not None


NOMINAL_CHARS = 30


def own_words(text: str, start: int, rules: RuleSet) -> bool:
    """Whether a plan_news match at `start` is the bulletin's own news, not words of a document it cites (its
    legal basis, or its trích yếu), nor its verb made a noun ("trong việc triển khai các kế hoạch", "tiến
    độ xây dựng kế hoạch": subject.nominal_act), nor the name of a briefing ("buổi giao ban trực tuyến triển
    khai kế hoạch …": subject.briefing_name) or of a draft ("dự thảo Kế hoạch triển khai …":
    subject.draft_named)."""
    before = max(0, start - NOMINAL_CHARS)
    # "Tại buổi giao ban trực tuyến triển khai kế hoạch …": the briefing's name, no act (REVIEW.md T53 c);
    # "xem xét dự thảo Kế hoạch triển khai Kế hoạch …": a draft's name
    cues = ("nominal_act", "briefing_name", "draft_named")
    named = any(rule(rules, cue).search(text, before, start) for cue in cues)
    return not cited_in_basis(text, start, rules) and not cited_about(text, start, rules) and not named


ABOUT_CHARS = 250


def cited_about(text: str, start: int, rules: RuleSet) -> bool:
    """Whether a plan_news match at `start` lies in the trích yếu of another document the bulletin names
    ("thực hiện Quyết định số 166/QĐ-TTg … về phê duyệt Chiến lược …", "có Báo cáo “… điều chỉnh Quy hoạch
    …”"; subject.cited_about): it describes that document, unless the bulletin issues it (the rule's `verb`)
    and its type may carry a plan (not doc_types.yml `not_plans`)."""
    about = rule(rules, "cited_about").search(text, max(0, start - ABOUT_CHARS), start)
    if about is None:
        return False
    return not about.group("verb") or not_a_plan(doc_type_of_word(about.group("type_word"), rules), rules)


REVIEW_LEAD_CHARS = 300


def review_meeting(text: str, rules: RuleSet, goals: int = 0) -> bool:
    """A bulletin whose lead reports a meeting that reviews results ("tổ chức hội nghị tổng kết …", "Kỳ họp …
    để đánh giá kết quả …") and that names no plan it issues, deploys or whose targets it adopts: news about
    neither a plan nor its text, whatever it says of the months ahead; with no goal at all, a review told
    further down counts too (an excerpt that starts mid-article: "Tại Hội nghị sơ kết …")."""
    lead = opening(text, REVIEW_LEAD_CHARS)
    review = rule(rules, "review_meeting")
    reviews = review.search(lead) is not None or (
        not goals and review.search(text[:OWN_ACT_CHARS]) is not None
    )
    # a session or meeting not said to review anything: only when no goal is told at all
    reviews = reviews or (not goals and rule(rules, "meeting").search(lead) is not None)
    return reviews and not adopts_plan(text, rules, goals)


def adopts_plan(text: str, rules: RuleSet, goals: int) -> bool:
    """Whether a meeting's news issues, adopts or deploys a plan (subject.review_plan_act) in its first
    OWN_ACT_CHARS characters. A resolution it adopts (subject.adopted_resolution: "thông qua Nghị quyết thực
    hiện nhiệm vụ năm 2022") is a plan only when the item relays its goals (REVIEW.md T9, T33: the council's
    or the Party committee's Nghị quyết "whose targets it relays"); with no goal told it is one business of
    the meeting (gold 3869 Bắc Kạn, 3012 Tuyên Quang, batch 41's 5203 Bình Phước)."""
    adopted = rule(rules, "adopted_resolution")
    acts = rule(rules, "review_plan_act").finditer(text, 0, min(len(text), OWN_ACT_CHARS))
    return any(goals or not resolution(adopted, m.group(0)) for m in acts)


def resolution(adopted: Rule, act: str) -> bool:
    """Whether a review_plan_act match is a resolution adopted (subject.adopted_resolution read whole)."""
    return adopted.compiled.fullmatch(act, timeout=rx.limit(len(act))) is not None


SENTENCE_END = regex.compile(r"[.!?](?=\s)|\n")
LEAD_SENTENCE_CHARS = 500


ACT_DONE_CHARS = 8  # "vừa ", "mới ", "đã " before the verb, straddling the lead's end


@per_text  # asked by plan_news and by lead_told for each reference past the lead
def act_done_past_lead(text: str, rules: RuleSet) -> int:
    """Where the sentence that a bulletin's lead (PLAN_NEWS_CHARS) cuts ends when it goes on, past the lead,
    to a body's act done on a plan (subject.plan_act_done: "… đã ban hành Kế hoạch …"), else 0: a long
    purpose clause ("Nhằm …; …", "Để đảm bảo …, phục vụ …") puts the main clause that issues the plan past
    a lead of fixed length (gold 4511 Sông Mã, Sơn La; 4364 Viện Y dược học dân tộc; 4313 Thường Tín, Hà
    Nội). A plan approved in a decision's trích yếu or deployed among a meeting's business there is no act
    on it."""
    end = cut_sentence_end(text, PLAN_NEWS_CHARS, PLAN_NEWS_SENTENCE_CHARS, rules)
    if end <= PLAN_NEWS_CHARS:
        return 0
    start = PLAN_NEWS_CHARS - ACT_DONE_CHARS
    done = rule(rules, "plan_act_done").compiled.finditer(text, start, end, timeout=rx.limit(end - start))
    return end if any(own_words(text, m.start(), rules) for m in done) else 0


def cut_sentence_end(text: str, chars: int, more: int, rules: RuleSet) -> int:
    """Where the sentence that the first `chars` characters cut ends (SENTENCE_END), at most `more`
    characters further; when that sentence is a purpose clause written on its own (subject.purpose_opening:
    "Nhằm thúc đẩy …, … đến người dân."), where the next one, its main clause, ends ("Ban chỉ đạo … vừa ban
    hành kế hoạch số 241/KH-UBND …", gold 4313 Thường Tín)."""
    if len(text) <= chars:
        return len(text)
    limit = min(len(text), chars + more)
    end = SENTENCE_END.search(text, chars - 1, limit)
    if end is None:
        return limit
    if rule(rules, "purpose_opening").compiled.match(text, sentence_opening(text, chars, rules)):
        main = SENTENCE_END.search(text, end.end(), limit)
        return main.start() if main else limit
    return end.start()


def lead_sentence(text: str, chars: int) -> str:
    """A bulletin's lead (`opening`), run on to the end of the sentence it cuts, at most LEAD_SENTENCE_CHARS
    characters: a long lead sentence tells its event at its end ("Thiết thực kỷ niệm …; …, đồng loạt các xã
    … tổ chức lễ phát động ngày chạy Olimpic …", gold 3214 Tây Ninh)."""
    lead = opening(text, chars)
    limit = min(len(text), len(text) - len(text.lstrip()) + LEAD_SENTENCE_CHARS)
    end = SENTENCE_END.search(text, max(0, len(lead) - 1), limit) if len(lead) < limit else None
    return text[: max(len(lead), end.start())] if end else lead


def event_held(text: str, rules: RuleSet) -> bool:
    """A bulletin whose lead (`lead_sentence`) tells a congress, a session, a ceremony, a rally or a pledge
    signing that took place ("… đã tổ chức Đại hội đại biểu lần thứ V", "… tổ chức Lễ chúc thọ …", "… tổ chức
    Mít tinh …", "ký giao ước thi đua") and adopts no plan: the news is the event, whatever goals it quotes
    (REVIEW.md T9, T37)."""
    return (
        rule(rules, "event_held").search(lead_sentence(text, REVIEW_LEAD_CHARS)) is not None
        and rule(rules, "review_plan_act").search(text[:OWN_ACT_CHARS]) is None
    )


LETTER_LEAD_CHARS = 600


def letter_news(text: str, rules: RuleSet, goals: int) -> bool:
    """A bulletin whose lead relays a letter or directive and sets no goal ("… đã ký văn bản hỏa tốc đề nghị
    các phòng …", "Thực hiện Công văn số …, Sở GDĐT yêu cầu các phòng …"): news about no plan."""
    return not goals and rule(rules, "letter_act").search(opening(text, LETTER_LEAD_CHARS)) is not None


def opening(text: str, chars: int) -> str:
    """A bulletin's lead: its first `chars` characters after the blank space it may open with."""
    return text[: len(text) - len(text.lstrip()) + chars]


def trich_yeu(text: str, layout: Kind, subject: Subject, title: str | None, rules: RuleSet) -> str:
    """What the subject is about: its title's trích yếu for its own text, else the words that follow its
    first mention in the bulletin (and the headline)."""
    # its own text: the title block (its lines in capitals) and the articles ("Điều 1. Ban hành kèm theo … Kế
    # hoạch …"), not the preamble of a directive ("… xây dựng và thực hiện kế hoạch giảm phát thải …")
    if layout == "plan_text":
        article = rule(rules, "article_line").compiled
        lines = text[:HEADER_CHARS].split("\n")
        about = (x for x in lines if x.isupper() or article.match(x, timeout=rx.limit(len(x))))
        return "\n".join([title or "", *about])
    start = text.find(subject.symbol) if subject.symbol else -1
    if start == -1:
        return (title or "") + " " + text[:300]
    # the trích yếu after the number, to the end of its sentence ("Quyết định số 2823/QĐ-UBND về thành lập Ban
    # Tổ chức …, cụ thể như sau:"), not a plan the next sentences name
    end = rule(rules, "about_end").search(text, start, start + 300)
    return (title or "") + " " + text[start : end.start() if end else start + 300]


def header_type(text: str, rules: RuleSet, letter: bool = True) -> str | None:
    """The document's own type: the upper-case type word that opens the title block under the header
    ("TỜ TRÌNH", "KẾ HOẠCH"), else (with `letter`) "Công văn" for a header with a "V/v …" line."""
    label = header_label(text, rules)
    start = label.end() if label else 0
    end = min(len(text), start + 1200)
    for found in rule(rules, "title_type").compiled.finditer(text, start, end, timeout=rx.limit(end - start)):
        if found.group("word").isupper():
            return doc_type_of_word(found.group("word"), rules)
    for line in (rule(rules, "cong_van_line"), rule(rules, "addressee_line")):
        if letter and line.search(text, start, end):
            return str(line.params["doc_type"])
    return None


LEAD_PLAN_CHARS = 400  # a bulletin's headline and lead sentence (subject.lead_plan_noun)


def lead_draft(text: str, rules: RuleSet) -> regex.Match[str] | None:
    """A draft the headline or lead sentence names (`subject.draft_headline`: "Dự thảo báo cáo chính trị …",
    "Lấy ý kiến góp ý đối với dự thảo Chỉ thị …")."""
    return rule(rules, "draft_headline").search(text, 0, len(opening(text, LEAD_PLAN_CHARS)))


def drafted_type(text: str, rules: RuleSet) -> str | None:
    """The type of a draft the headline or lead sentence names (`lead_draft`): the page is about it."""
    found = lead_draft(text, rules)
    return doc_type_of_word(found.group("word"), rules) if found else None


def lead_plan(text: str, rules: RuleSet) -> regex.Match[str] | None:
    """The first of a draft the headline or lead sentence names (`lead_draft`: "Lấy ý kiến góp ý đối với dự
    thảo Chỉ thị …") and a plan it names in lower case (`subject.lead_plan_noun`: "Hội đồng duyệt kế hoạch
    …"), not a numbered one ("Thực hiện kế hoạch số 04/KH-HĐND": cited)."""
    end = len(opening(text, LEAD_PLAN_CHARS))
    numbered = rule(rules, "numbered_mention").compiled
    plans = rule(rules, "lead_plan_noun").finditer(text, 0, end)
    plan = next((m for m in plans if not numbered.match(text, m.end())), None)
    draft = lead_draft(text, rules)
    return min((m for m in (plan, draft) if m is not None), key=lambda m: m.start(), default=None)


def reported_type(text: str, rules: RuleSet, basis: bool = True) -> str | None:
    """A bulletin that names no document: the kind of document it reports on ("Theo đó, Kế hoạch …"), or
    the draft or lower-case plan its headline or lead names when that comes first (`lead_plan()`); one named
    with a symbol ("theo tinh thần Nghị quyết số 29-NQ/TƯ") is cited, so it counts only when the text names
    no other, and (without `basis`) not when it is what the text carries out or rests on (subject.yml
    `basis_before`: "Thực hiện Kế hoạch số 74/KH-UBND …", "Căn cứ Kế hoạch số …": REVIEW.md T42)."""
    numbered = rule(rules, "numbered_mention").compiled
    cited = setting(rules, "basis_before", regex.I)
    lead = lead_plan(text, rules)
    first = None
    for found in rule(rules, "plan_noun").compiled.finditer(text, timeout=rx.limit(len(text))):
        if lead is not None and lead.start() < found.start():
            break
        if not numbered.match(text, found.end()):
            return doc_type_of_word(found.group("word"), rules)
        if basis or not cited.search(text, max(0, found.start() - 40), found.start()):
            first = first or found
    if lead is not None:  # a draft or a plan in lower case its headline or lead names, before any other
        return doc_type_of_word(lead.group("word"), rules)
    return doc_type_of_word(first.group("word"), rules) if first else None


def reported_issuer(
    text: str, rules: RuleSet, province: str | None, doc_type: str | None, news: bool = False
) -> str | None:
    """The body named after "của" (a bare number between) by the mention that gives a bulletin's subject its
    type (`reported_type`: "thông qua Kế hoạch của UBND huyện Châu Thành về …", "triển khai thực hiện 4 Nghị
    quyết của Bộ Chính trị"; `subject.reported_genitive`): that document's issuer; in a news item (`news`),
    a congress named right after its resolution passed it ("thông qua Nghị quyết Đại hội đại biểu Đảng bộ TP.
    Cần Thơ lần thứ I", `subject.reported_congress`). The name is read spelled out ("Ban Chấp hành T.Ư khóa
    XII", "Đảng bộ TP. Cần Thơ"), as a headline's (`title_issuer`)."""
    numbered = rule(rules, "numbered_mention").compiled
    genitive = setting(rules, "reported_genitive")
    congress = setting(rules, "reported_congress")
    for found in rule(rules, "plan_noun").compiled.finditer(text, timeout=rx.limit(len(text))):
        if numbered.match(text, found.end()):
            continue
        if doc_type_of_word(found.group("word"), rules) != doc_type:
            return None  # the type came from elsewhere (a headline, a sentence): not this mention's
        of = genitive.match(text, found.end()) or (congress.match(text, found.end()) if news else None)
        body = body_spelled_out(text, of.end(), rules, province) if of else None
        return body[0][:1].upper() + body[0][1:] if body else None
    return None


def province_of(text: str, rules: RuleSet, hints: list[str | None], site: str | None) -> str | None:
    """The header or issuer first, then the portal's domain, then the province the text names most."""
    for hint in hints:
        if hint:
            for name in rx.findall(r"\p{Lu}[\p{L}\s\-–]+$", hint):
                entry = province_entry(name.strip(), rules) or _suffix_province(name, rules)
                if entry and not named_person(hint, entry.name, rules):
                    return entry.name
    for domain in [site or "", *rx.findall(r"\b([a-z0-9\-]+)\.gov\.vn\b", text)]:
        if domain and (name := province_of_domain(domain, rules)):
            return name
    counts = province_counts(text, rules, province_regex(rules))
    if not counts:  # named in capitals only ("… TỈNH THÁI NGUYÊN", "THẠCH THẤT, HÀ NỘI", "Tp. HCM")
        capitals = setting(rules, "capital_province")
        counts = province_counts(text, rules, province_regex_any_case(rules), capitals)
    return counts.most_common(1)[0][0] if counts else None


def province_counts(
    text: str, rules: RuleSet, names: regex.Pattern[str], written: regex.Pattern[str] | None = None
) -> Counter[str]:
    """How often the text names each province (_province_counts), a Counter of the caller's own."""
    return Counter(dict(_province_counts(text, rules, names, written)))


@per_text
def _province_counts(
    text: str, rules: RuleSet, names: regex.Pattern[str], written: regex.Pattern[str] | None
) -> tuple[tuple[str, int], ...]:
    """How often the text names each province (with its level, twice), but not in a person's or a commune's
    name; `written` is the form a name must have (capitals) when `names` ignores case. In the order first
    named."""
    counts: Counter[str] = Counter()
    for match in names.finditer(text, timeout=2.0):
        if written is not None and not written.match(match.group("p")):
            continue
        entry = province_entry(match.group("p"), rules)
        person = setting(rules, "person_before", regex.I).search(
            text, max(0, match.start() - 30), match.start()
        )
        lower = setting(rules, "commune_before", regex.I).search(  # "xã Hải Dương" of Thừa Thiên Huế
            text, max(0, match.start() - 12), match.start()
        )
        if entry and not person and not lower:
            named = setting(rules, "level_before", regex.I).search(
                text, max(0, match.start() - 12), match.start()
            )
            counts[entry.name] += 2 if named else 1  # "tỉnh Nghệ An" counts more than "Nghệ An"
    return tuple(counts.items())


def province_then(province: str | None, dated: str | None, rules: RuleSet) -> str | None:
    """A unit the gazetteer starts on a date ("Huế", a city of its own since 2025) in a text dated before
    it is its predecessor's: "thành phố Huế" of 2022 is a city of Thừa Thiên Huế."""
    entry = province_entry(province, rules) if province else None
    if entry is None or not entry.since or not entry.predecessor or not dated:
        return province
    return entry.predecessor if dated < entry.since else province


def named_person(name: str, province: str, rules: RuleSet) -> bool:
    """ "Đoàn TNCS Hồ Chí Minh", "tư tưởng Hồ Chí Minh": the province's name ending `name` is a person's."""
    end = fold(name).rfind(fold(province))
    return end > 0 and setting(rules, "person_before", regex.I).search(name[:end]) is not None


def _suffix_province(name: str, rules: RuleSet) -> ProvinceEntry | None:
    words = name.split()
    for k in range(min(5, len(words)), 0, -1):  # "Thừa Thiên Huế" before "Huế"
        entry = province_entry(" ".join(words[-k:]), rules)
        if entry:  # "Ủy ban nhân dân huyện Thạnh Hóa": a district named like a province
            district = setting(rules, "district_before", regex.I).search(" ".join(words[:-k]) + " ")
            return None if district else entry
    return None


# "Tỉnh ủy Hà Tĩnh": a party committee is named after its province without "tỉnh"


@functools.cache
def province_regex(rules: RuleSet) -> regex.Pattern[str]:
    return regex.compile(province_pattern(rules))


@functools.cache
def province_regex_any_case(rules: RuleSet) -> regex.Pattern[str]:
    """Province names ignoring case, each at a word's start ("ĐỘI TNTP HỒ CHÍ MINH" names no "TP HCM")."""
    return regex.compile(r"(?<![\p{L}])" + province_pattern(rules), regex.I)


@functools.cache  # the vocabulary's alternation is long: built once per rule set
def province_pattern(rules: RuleSet) -> str:
    from kehoach.rules import vocabulary_fragments

    return "(?P<p>" + vocabulary_fragments(rules.vocab)["PROVINCE_NAMES"] + r")(?![\p{L}])"


def unreadable_number(text: str, rules: RuleSet) -> Subject | None:
    """An OCR'd header whose handwritten number did not read: the symbol's tail, flagged uncertain."""
    found = rule(rules, "ocr_header_number").search(text, 0, min(len(text), HEADER_CHARS))
    if not found:
        return None
    digits = found.group("raw")
    number = digits if digits.isdigit() else "?"
    symbol = number + found.group("tail").replace(" ", "")
    return Subject(
        symbol=symbol,
        doc_type=None,
        number=number,
        year=None,
        issued=None,
        issuer=None,
        period=None,
        uncertain=not digits.isdigit(),
    )


def find_subject(
    text: str,
    refs: tuple[Reference, ...],
    bodies: tuple[Body, ...],
    rules: RuleSet,
    province: str | None,
    ocr_header: bool = False,
) -> Subject | None:
    found = _find_subject(text, refs, rules, province, ocr_header)
    if found is None or not found.issuer:
        return found
    # "Phòng GD&ĐT", "Trường THCS" in full; a short form only the text spells out ("Trường MNTT …") as it does
    written = written_out(found.issuer, rules, issuer=True)
    return replace(found, issuer=spelled_in_text(written, text, rules))


def spelled_in_text(name: str, text: str, rules: RuleSet) -> str:
    """A short form of the name that no table writes out, written as the text itself spells it (subject.yml
    `own_short_form`: capitals with no vowel, "MNTT"), where REVIEW T11/T30 write one out: the kind right
    after the name's head ("Trường MNTT Cần Giuộc") and the place that ends it ("… thành phố HCM"); one
    inside the name that no table writes out (subject.yml `issuer_abbreviations` does "MTQG", "PCCC") is
    part of its proper name, kept. Read from the words on one line whose initials are its letters, next to
    the same word as in the name ("Trường Mầm Non Thị trấn Cần Giuộc") or all capitalized (a proper name:
    "Hồ Chí Minh"); a short form the text spells two ways stays as written."""
    words = name.split()
    short = setting(rules, "own_short_form")

    def spelled(k: int) -> bool:  # the kind after the head, or the place at the end
        word = words[k]
        return (
            k in (1, len(words) - 1)
            and bool(short.fullmatch(word))
            and not rx.search(r"[aeiouy]", fold(word))
        )

    if not any(spelled(k) for k in range(len(words))):
        return name
    found = [(m.start(), m.end(), m.group(0)) for m in regex.finditer(r"\p{L}+", text)]
    initials = "".join(fold(w)[0] for _, _, w in found)
    out = []
    for k, word in enumerate(words):
        if not spelled(k):
            out.append(word)
            continue
        letters, spellings = fold(word), dict[str, str]()
        before = fold(words[k - 1]).strip(" .,") if k else None
        after = fold(words[k + 1]).strip(" .,") if k + 1 < len(words) else None
        at = initials.find(letters)
        while at >= 0:
            run = found[at : at + len(letters)]
            one_line = all(rx.fullmatch(r"[ \t]+", text[a[1] : b[0]]) for a, b in itertools.pairwise(run))
            named = all(len(w) > 1 and not w.isupper() for _, _, w in run) and one_line
            near = (at and fold(found[at - 1][2]) == before) or (
                at + len(letters) < len(found) and fold(found[at + len(letters)][2]) == after
            )
            if named and (near or all(w[0].isupper() for _, _, w in run)):
                written = text[run[0][0] : run[-1][1]]
                spellings.setdefault(fold(written), written)
            at = initials.find(letters, at + 1)
        out.append(next(iter(spellings.values())) if len(spellings) == 1 else word)
    return " ".join(out)


def _find_subject(
    text: str, refs: tuple[Reference, ...], rules: RuleSet, province: str | None, ocr_header: bool
) -> Subject | None:
    kind = kind_of(text, rules)
    own = header_symbol(text, refs, rules) if kind == "plan_text" else None
    if own is None and kind == "plan_text" and is_draft(text, rules):
        return draft_subject(text, rules, province)
    # a report under its own numberless headline: what its body says was issued is its results (issue 20)
    reported = kind == "announcement" and rule(rules, "report_headline").search(text, 0, min(len(text), 400))
    ref = own or (None if reported else announced(text, refs, rules, kind != "plan_text"))
    if ref is None and kind != "plan_text" and not reported and lists_documents(text, refs, rules):
        return None  # several documents presented or issued in one list, none the item's (REVIEW T16, T67)
    if ref is not None and ref is not own and notice_before(text, ref, refs, rules):
        ref = None  # "UBND thành phố thông báo:\n1- … theo Kế hoạch số 45-KH/BTGTU …": the notice cites it
    if ref is not own and kind == "announcement":
        ref = news_of_results(text, ref, rules)
    if ref is None and ocr_header and (flagged := unreadable_number(text, rules)):
        return complete(flagged, text, rules, province)
    # a headline that names the type itself ("Thông báo Khẩn ngày …") says what the page is
    letter = issued_letter(text, rules) if kind == "announcement" and not headline_type(text, rules) else None
    if letter is None:
        return subject_from(text, refs, rules, province, kind, own, ref)
    # "… đã ban hành công văn về việc đôn đốc …": the letter is the subject, its number the one that follows
    numbered = next(
        (r for r in refs if letter.start("word") <= r.start <= letter.end() + LETTER_NUMBER_CHARS), None
    )
    found = subject_from(text, refs, rules, province, kind, own, numbered)
    typed = doc_type_of_word(letter.group("word"), rules) or doc_type_of_code(letter.group("word"), rules)
    if numbered is not None and found is not None and not found.issuer:
        # "Văn phòng thường trực Ban Chỉ đạo … ra công văn số 167/VPTT gửi …": the body the verb's clause
        # opens with issues the letter whose number follows it, when no sentence or code named another (2357)
        return replace(found, issuer=letter_issuer(text, letter, rules, province))
    if numbered is not None or found is None and typed is None:
        return found
    if found is None or found.symbol:  # the number found was another document's, cited by the letter
        issuer = letter_issuer(text, letter, rules, province)
        issued = letter_date(text, letter, rules)
        return Subject(
            symbol=None, doc_type=typed, number=None, year=None, issued=issued, issuer=issuer, period=None
        )
    # the unnumbered letter or decision is the subject: the body that issues it, when nothing named one
    issuer = found.issuer or letter_issuer(text, letter, rules, province)
    issued = found.issued or letter_date(text, letter, rules)
    return replace(found, doc_type=typed, issued=issued, issuer=issuer)


def news_of_results(text: str, ref: Reference | None, rules: RuleSet) -> Reference | None:
    """The reference a bulletin announces, kept as its subject unless the bulletin reports results: under a
    results headline, only the report it announces is ("UBND tỉnh đã có Báo cáo số …"); in a review of the
    months gone by, a plan or decision it says was issued is a result of the work, not its news ("… đã tham
    mưu UBND tỉnh ban hành Kế hoạch số 79/KH-UBND …", gold 3201 Hà Tĩnh, 3573 Bạc Liêu), while a letter or
    notice it relays still is (911, 1355)."""
    if results_headline(text, rules):
        ref = ref if ref and ref.doc_type in rule(rules, "results_headline").params["doc_types"] else None
    if ref and period_review(text, rules):
        ref = ref if not_a_plan(ref.doc_type, rules) else None
    return ref


def letter_date(text: str, letter: regex.Match[str], rules: RuleSet) -> str | None:
    """The date of the sentence that issues an unnumbered letter, written before its verb ("Ngày 26/5/2021 Ủy
    ban nhân dân huyện Thanh Trì ra công văn về việc …"), as `issuing_statement` dates a numbered one (a date
    the sentence gives a document it cites first is not the letter's: `statement_date`), else the one written
    right after its word ("có CV 1274 ngày 9.10.2019", subject.yml `letter_own_date`)."""
    start = sentence_opening(text, letter.start(), rules)
    found = statement_date(text[start : letter.start()], rules)
    own = setting(rules, "letter_own_date", regex.I).match(text, letter.end("word"))
    found = found or (date_at(text, own.end(), rules) if own else None)
    return found[0] if found else None


LETTER_NUMBER_CHARS = 12


def letter_issuer(text: str, letter: regex.Match[str], rules: RuleSet, province: str | None) -> str | None:
    """The body named just before the verb that issues the letter ("Trung tâm Y tế TP Thanh Hóa đã ra …")."""
    # read up to the verb's end: a name the text is cut right after ("… chống thiên tai ") reads as none
    found = find_bodies(text[: letter.end()], rules, province)
    named = [b for b in found if 0 <= letter.start() - b.end <= 20]
    return named[-1].name if named else None


def issued_letter(text: str, rules: RuleSet) -> regex.Match[str] | None:
    """A bulletin whose lead says a body issued a letter, notice or dispatch (subject.issued_letter)."""
    return rule(rules, "issued_letter").search(opening(text, LETTER_LEAD_CHARS))


def stated(
    text: str,
    refs: tuple[Reference, ...],
    rules: RuleSet,
    province: str | None,
    ref: Reference | None,
    bulletin: bool = True,
) -> tuple[Statement, Reference | None]:
    """The sentence that issues the subject: active with a known body, else passive (it may name the
    subject), else active with a body of a kind bodies.yml does not list ("Đoàn ĐBQH tỉnh ban hành Kế
    hoạch")."""
    statement = issuing_statement(text, rules, province, ref)
    if statement.issuer is None:
        statement = passive_statement(text, refs, rules, province)
        ref = ref or statement.ref
    if statement.issuer is None:
        statement = issuing_statement(text, rules, province, ref, open_names=True)
    # a bulletin's "Kế hoạch … vừa được Ban thường trực Ban Chỉ đạo … tỉnh ban hành" (a plan's own text cites
    # others so: "theo Video mẫu do Hội đồng Đội thành phố ban hành")
    if statement.issuer is None and bulletin:
        statement = passive_statement(text, refs, rules, province, open_names=True)
        ref = ref or statement.ref
    return statement, ref


def subject_from(
    text: str,
    refs: tuple[Reference, ...],
    rules: RuleSet,
    province: str | None,
    kind: Kind,
    own: Reference | None,
    ref: Reference | None,
) -> Subject | None:
    """The subject around its reference (`own` from the header, else `ref` announced): issuer, date, type."""
    statement, ref = stated(text, refs, rules, province, ref, kind != "plan_text")
    issuer, issued, doc_type = statement.issuer, statement.issued, statement.doc_type
    issuer = title_issuer(text, rules, province) or issuer
    if kind == "plan_text":  # the header's body, else the issuer its own symbol's code names ("…/TTr-SNV")
        own_code = implied_issuer(own.issuer_code, rules, province) if own else None
        header = header_or_statement(text, rules, province, issuer)
        # "Chủ tịch UBND tỉnh vừa ban hành Thông báo …" over a "…/TB-UBND" number and no header: the code
        # names his committee, the sentence him (as he signs, `chaired`; gold 2685)
        if header is None and own_code and issuer and fold(issuer).startswith("chu tich " + fold(own_code)):
            own_code = None
        issuer = header or own_code or authority(text, rules, province) or issuer
        # a schedule's rows name who does each thing, not who issues it ("Ban thường trực UBMTTQ …")
        table = rule(rules, "schedule_head").search(text, 0, min(len(text), TITLE_LINE_CHARS))
        issuer = issuer or (acting_body(text, rules, province) if ref is None and not table else None)
        issuer = (
            issuer
            or signed_body(text, rules)
            or titled_school(text, rules)
            or opening_body(text, rules, province)
        )
        issued = place_date(text, rules)[1] or issued
    if kind == "plan_text":  # the header says what the document is: its symbol's code, else its title block
        doc_type = header_doc_type(text, rules, ref) or doc_type
    if ref is None:
        issuer, issued, doc_type = unnumbered(
            text, rules, province, kind, Statement(issuer, issued, doc_type)
        )
    if ref is None and issuer is None:
        # a bulletin that names a kind of document only: no period of its own to give the targets; a text
        # with its own place-date line keeps that date ("Thành phố Hồ Chí Minh, ngày 07 tháng 3 năm 2024",
        # gold 1702)
        own_date = issued if kind == "plan_text" else None
        last = last_resort_issuer(text, rules, province, kind, doc_type)
        no_symbol = Subject(
            symbol=None, doc_type=doc_type, number=None, year=None, issued=own_date, issuer=last, period=None
        )
        return no_symbol if doc_type or last else None
    typed = ref.doc_type if ref is not None else None
    if doc_type and typed and not same_type(doc_type, typed, rules) and kind != "plan_text":
        issuer, issued = None, None  # the sentence issued another document than the subject
    if ref is not None:
        issuer = issuer or ref.issuer or implied_issuer(ref.issuer_code, rules, province)
        issued = issued or ref.issued or (verb_date(text, ref, rules) if kind != "plan_text" else None)
        doc_type = doc_type if kind == "plan_text" and doc_type else ref.doc_type or doc_type
        if kind != "plan_text":
            issuer, doc_type = relayed_letter(text, rules, province, issuer, doc_type)
    if kind == "plan_text":
        issuer = complete_issuer(issuer, text, rules)
    issuer = placed_committee(placed_department(issuer, province, rules), text, rules)
    return Subject(
        symbol=ref.symbol if ref else None,
        doc_type=doc_type,
        number=ref.number if ref else None,
        year=int(issued[:4]) if issued else (ref.year if ref else None),
        issued=issued,
        issuer=canonical_issuer(issuer, ref, rules),
        period=period_of(text, rules, (ref.end + 400) if ref else 1500),
    )


def last_resort_issuer(
    text: str, rules: RuleSet, province: str | None, kind: Kind, doc_type: str | None
) -> str | None:
    """A bulletin's issuer when no sentence, header or act names one: the body the document it reports on is
    "of" ("… thông qua Kế hoạch của UBND huyện Châu Thành về …", `reported_issuer`), else the body its
    headline opens with ("UBND thị xã Ninh Hòa: Triển khai kế hoạch …", `headline_body`). Neither says what
    period the plan covers, so the subject keeps none (its targets keep the years they had)."""
    if kind == "plan_text":
        return None
    news = kind == "announcement"
    found = reported_issuer(text, rules, province, doc_type, news) or headline_body(text, rules, province)
    return placed_committee(placed_department(found, province, rules), text, rules) if found else None


def same_type(one: str, other: str, rules: RuleSet) -> bool:
    """Two names of one type of doc_types.yml ("Văn bản" and "Công văn" of a CV symbol)."""
    if fold(one) == fold(other):
        return True
    for entry in (rules.settings("doc_types").raw("types") or {}).values():
        names = {fold(entry["name"]), *(fold(alias) for alias in entry.get("aliases", []))}
        if fold(one) in names and fold(other) in names:
            return True
    return False


def relayed_letter(
    text: str, rules: RuleSet, province: str | None, issuer: str | None, doc_type: str | None
) -> tuple[str | None, str | None]:
    """(issuer, doc_type) of a bulletin's numbered subject that its number does not type ("Về việc …
    (3585/VP-KTN, ngày …)": the headline's type) nor name the body of ("Văn phòng UBND tỉnh thông báo …": the
    body that acts)."""
    doc_type = doc_type or headline_type(text, rules)
    if issuer is None and not_a_plan(doc_type, rules):
        issuer = acting_body(text, rules, province)
    return issuer, doc_type


def header_or_statement(text: str, rules: RuleSet, province: str | None, stated: str | None) -> str | None:
    """The header's body; a header line cut short ("BAN CHẤP HÀNH TRUNG ƯƠNG")
    takes the full name the issuing sentence gives it ("Ban Chấp hành Trung ương Đoàn TNCS Hồ Chí Minh")."""
    header = header_issuer(text, rules, province)
    if header and setting(rules, "central_header").match(fold(header)):  # the Politburo's, the CC's header
        return authority(text, rules, province) or stated or header
    if header and stated and len(stated) > len(header) and fold(stated).startswith(fold(header)):
        return stated
    # a header no body rule reads (its columns glued, its names short: "HUYỆN ĐOÀN YÊN DŨNG BCH ĐOÀN
    # TTGDNN-GDTX YÊN DŨNG ĐOÀN TNCS HỒ CHÍ MINH") gives way to the body that issues, named in full with the
    # same place ("BCH Đoàn Trung tâm GDNN-GDTX Yên Dũng xây dựng Kế hoạch")
    # the sentence names the Front whose "Ban Thường trực" the header gives: the header is the fuller name
    if header and stated and fold(stated) in fold(header):
        return header
    if header and stated and other_organ(header, stated, rules):
        return header
    place = " ".join(fold(stated).split()[-2:]) if stated else ""
    read = body_at(header, 0, rules) if header else None  # "Huyện Đoàn Yên dũng Ban Chấp hành …": a part only
    if header and stated and (read is None or read[1] < len(header.rstrip())) and body_at(stated, 0, rules):
        return stated if len(place.split()) == 2 and place in fold(header) else header
    return header


def other_organ(header: str, stated: str, rules: RuleSet) -> bool:
    """Whether the issuing sentence names another organ of the organisation whose organ the header's lowest
    line names (subject.yml `organisation_organ`): "Huyện Đoàn Thọ Xuân xây dựng kế hoạch" under "BCH ĐOÀN
    HUYỆN THỌ XUÂN", "Ban Thường vụ Hội Nông dân tỉnh" under "BCH HND TỈNH HÀ NAM", "BCH Đoàn trường" under
    "CHI ĐOÀN TRƯỜNG TH QUANG TRUNG": the header's line is the body that issues (REVIEW T36), not the organ
    the sentence names."""
    organ = setting(rules, "organisation_organ")
    own = [m.group(0) for m in organ.finditer(fold(header))]
    named = organ.match(fold(stated))
    return bool(own and named and named.group(0) != own[-1])


def header_doc_type(text: str, rules: RuleSet, ref: Reference | None) -> str | None:
    """A header's type: its symbol's code, else its title block; a title doc_types.yml `titled_as_written`
    keeps ("CHƯƠNG TRÌNH HÀNH ĐỘNG" of a "…-CTr/…" symbol) wins over its code's "Chương trình"."""
    code_type = doc_type_of_code(ref.type_code, rules) if ref else None
    titled = header_type(text, rules)
    kept = rules.settings("doc_types").words("titled_as_written")
    if code_type and titled and titled in kept and titled.startswith(code_type + " "):
        code_type = titled
    # a report's or letter's code over a plan's title block ("Số: 94 /BC-UBND … KẾ HOẠCH Phòng, chống …"):
    # the title says what the text is, the code is the template's
    over = rules.settings("doc_types").words("titles_over_letter_code")
    if code_type and titled and not_a_plan(code_type, rules) and titled in over:
        code_type = titled
    # a regulation numbered or printed as a decision ("Số: 97-QĐ/TW … QUY ĐỊNH …"): the title says what it is
    if code_type == doc_type_of_code("QĐ", rules) and titled in rules.settings("doc_types").words(
        "titles_over_decision_code"
    ):
        code_type = titled
    return code_type or titled or (ref.doc_type if ref else None)


def unnumbered(
    text: str, rules: RuleSet, province: str | None, kind: Kind, found: Statement
) -> tuple[str | None, str | None, str | None]:
    """(issuer, issued, doc_type) of a subject with no number: the body a relayed document is from or that
    states the goals, the type a bulletin names; a notice or report with no header takes the body that acts
    in it ("Phòng GD&ĐT yêu cầu:") and its headline's date ("Thông báo Khẩn ngày 18/10/2020")."""
    issuer, issued = found.issuer, found.issued
    doc_type = bulletin_type(text, rules, kind, found.doc_type)
    other = kind != "plan_text" and issued_another(found.doc_type, doc_type, rules)
    if other:
        issuer, issued = None, None
    if issuer is None:
        relayed = relayed_document(text, rules, province) if kind != "plan_text" else None
        reporting = None if other else reporting_body(text, rules, province)  # the same sentence, read again
        issuer = (relayed[1] if relayed else None) or reporting
    if issuer is None and kind == "plan_text" and fold(doc_type or "") == "huong dan":
        issuer = acting_body(text, rules, province, ("guide",))  # "Ban thư ký … hướng dẫn việc triển khai …"
    if issuer is None and kind != "plan_text" and not_a_plan(doc_type, rules):
        issuer = acting_body(text, rules, province)
        issued = issued or headline_date(text, rules)
    elif issuer is None and kind != "plan_text" and doc_type is None:  # "UBND xã yêu cầu toàn thể …"
        issuer = acting_body(text, rules, province, ("request", "notice", "meeting", "launch", "decide"))
    elif issuer is None and kind != "plan_text":  # "UBND huyện … tổ chức hội nghị triển khai Chương trình …"
        acts = ("request", "meeting", "plan_meeting", "deploy", "guide", "decide")
        issuer = acting_body(text, rules, province, acts)
    # "Thường trực Hội Cựu chiến binh Thành phố hướng dẫn … như sau:": a body no vocabulary reads speaks
    issuer = issuer or own_speech(text, rules, province)
    # an open letter, a notice under an official header ("ỦY BAN NHÂN DÂN HUYỆN MAI CHÂU … Mai Châu, ngày …
    # THƯ NGỎ"): the header's body, as a plan's (gold 2341)
    placed = place_date(text, rules) if kind != "plan_text" else (None, None)
    if issuer is None and placed[0]:
        issuer = header_issuer(text, rules, province)
    # and its date the header's place-date line ("Mai Châu, ngày 19 tháng 12 năm\n2019", gold 2341)
    issued = issued or (placed[1] if placed[0] else None)
    # and its type the title block's ("THƯ NGỎ" under that line), not a type its body names; also when the
    # page kept no place-date line ("CÔNG ĐOÀN THCS TRẦN CAO VÂN\nBÁO CÁO\nTỔNG KẾT …" under a portal's menu
    # "Kế hoạch năm 2015-2016", gold 3643; "BÁO CÁO TÓM TẮT" relayed by a bulletin, 1358)
    doc_type = (header_type(text, rules, letter=False) if kind != "plan_text" else None) or doc_type
    return issuer, issued, doc_type


def issued_another(stated: str | None, subject_type: str | None, rules: RuleSet) -> bool:
    """A bulletin's issuing sentence about another type than its subject ("UBND tỉnh đã ban hành kế hoạch …"
    in a report under its headline "Báo cáo tình hình công tác tuần …"): the sentence issued another
    document, and its body is not the subject's issuer, as `subject_from` reads a numbered one (gold 2373
    Cao Bằng, 3311 Quảng Bình)."""
    return bool(stated and subject_type and not same_type(stated, subject_type, rules))


def complete_issuer(issuer: str | None, text: str, rules: RuleSet) -> str | None:
    """A header's committee named without its place ("ỦY BAN NHÂN DÂN", "UBND TỈNH"): the full name the text
    writes in capitals further down (the signature's "TM. ỦY BAN NHÂN DÂN TỈNH QUẢNG BÌNH", not a committee
    the text cites), else the province of the
    place-date line ("Yên Bái, ngày …")."""
    bare = (
        rule(rules, "bare_committee").compiled.match(issuer, timeout=rx.limit(len(issuer)))
        if issuer
        else None
    )
    if bare is None or issuer is None:
        return issuer
    head, placed = fold(bare.group("head")), regex.compile(province_pattern(rules) + r"$")
    for body in find_bodies(text, rules):
        if body.text.isupper() and fold(body.name).startswith(head) and placed.search(body.name):
            return body.name
    place = place_date(text, rules)[0]
    entry = province_entry(place, rules) if place else None
    if entry is None:
        return issuer
    level = "" if bare.group("level") else f" {province_level(entry.name, rules)}"
    return f"{issuer}{level} {entry.name}"


def placed_department(issuer: str | None, province: str | None, rules: RuleSet) -> str | None:
    """A provincial department named without its province ("Sở Công Thương" of a Điện Biên plan, "SỞ GIÁO
    DỤC VÀ ĐÀO TẠO" under a header line the reader lost): the document's province completes it."""
    if not issuer or not province or not rule(rules, "provincial_department").search(issuer):
        return issuer
    if rx.search(province_pattern(rules) + r"$", issuer) or setting(rules, "level_before", regex.I).search(
        issuer
    ):
        return issuer
    return f"{issuer} {province_level(province, rules)} {province}"


def site_placed(
    subj: Subject | None, province: str | None, site: str | None, rules: RuleSet
) -> Subject | None:
    """A people's committee or council named with a bare "tỉnh" ("Ủy ban nhân dân tỉnh", its chairman): the
    document's province, else (a bulletin that names none) the one its site is named after
    (`subject.site_label`: baovinhlong.com.vn), when that is a tỉnh."""
    if subj is None or not subj.issuer or not setting(rules, "bare_province_level").search(subj.issuer):
        return subj
    place = province
    label = setting(rules, "site_label")
    for part in reversed((site or "").lower().split(".")) if place is None else ():
        found = label.match(part.replace("-", ""))
        place = province_of_domain(found.group("place"), rules) if found else None
        if place:
            break
    entry = province_entry(place, rules) if place else None
    if entry is None or entry.kind != "tỉnh":
        return subj
    return replace(subj, issuer=f"{subj.issuer} {entry.name}")


def placed_committee(issuer: str | None, text: str, rules: RuleSet) -> str | None:
    """A district's or commune's committee named without its place ("Ủy ban nhân dân huyện"): the one place of
    that level the text names completes it ("… huyện Ea Kar"); none or several leave it as it is."""
    bare = setting(rules, "unplaced_committee").match(issuer) if issuer else None
    if bare is None:
        return issuer
    level = rx.sub(r"\s+", " ", bare.group("level"))
    places = {
        rx.sub(r"\s+", " ", m.group("place"))
        for m in setting(rules, "level_place").finditer(text, 0, min(len(text), OWN_ACT_CHARS * 2))
        if level_name(m.group("level"), rules) == level  # "TP. Long Xuyên" is a "thành phố"
    }
    return f"{issuer} {places.pop()}" if len(places) == 1 else issuer


def is_draft(text: str, rules: RuleSet) -> bool:
    """A header whose number is left blank ("Số: /KH-UBND"): a draft not yet registered."""
    return rule(rules, "draft_number").search(text, 0, min(len(text), HEADER_CHARS)) is not None


def draft_subject(text: str, rules: RuleSet, province: str | None) -> Subject:
    """A draft's subject is its header alone: issuer, type, the date only if the header gives one; no number
    and no date is borrowed from a document it cites."""
    blank = rule(rules, "draft_number").search(text, 0, min(len(text), HEADER_CHARS))
    code = rx.match(r"/\s?(\p{Lu}[\p{L}]*)", text[blank.end() - 2 : blank.end() + 12]) if blank else None
    # a title word, else the code's type ("Số /KH-ĐT" over a "V/v …" line is a plan), else a letter's V/v line
    code_type = doc_type_of_code(code.group(1), rules) if code else None
    # else (a Party draft "Số -BC/TU", a title block with no type word) the draft its page's headline names
    doc_type = (
        header_type(text, rules, letter=False)
        or code_type
        or header_type(text, rules)
        or drafted_type(text, rules)
    )
    issued = place_date(text, rules)[1]
    issuer = complete_issuer(
        header_issuer(text, rules, province) or authority(text, rules, province), text, rules
    )
    return Subject(
        symbol=None,
        doc_type=doc_type,
        number=None,
        year=int(issued[:4]) if issued else None,
        issued=issued,
        issuer=canonical_issuer(issuer, None, rules),
        period=period_of(text, rules, 1500),
    )


def bulletin_type(text: str, rules: RuleSet, kind: Kind, doc_type: str | None) -> str | None:
    """The type of what a text names no number of: a bulletin's headline ("Công văn về việc …"), else the
    type found so far, else the kind of document it reports on ("Theo đó, Kế hoạch …")."""
    if kind == "plan_text":
        return doc_type or named_type(text, rules) or reported_type(text, rules)
    schedule = rule(rules, "schedule_headline").search(text, 0, min(len(text), 200))
    if schedule is not None:  # "Lịch tiếp công dân …" as the page's first line: the schedule itself
        return doc_type_of_word(schedule.group("word"), rules)
    told = headline_type(text, rules) or titled_type(text, rules)
    if told is None and doc_type is not None:
        return doc_type
    relayed = relayed_document(text, rules, None)
    told = told or (relayed[0] if relayed else None) or spoken_type(text, rules)
    told = told or reported_type(text, rules, basis=False)
    return news_type(told, rules)


def news_type(doc_type: str | None, rules: RuleSet) -> str | None:
    """The type a news item's headline or body names, where it carries no title block of the plan
    (doc_types.yml `told_in_news`): its "kế hoạch hành động" is a "Kế hoạch" (REVIEW.md T38); a title
    block's type line keeps the compound."""
    return rules.settings("doc_types").table("told_in_news").get(doc_type or "", doc_type)


def spoken_type(text: str, rules: RuleSet) -> str | None:
    """The type the text's own sentence closing its preamble names by its act (subject.own_speech: "UBND xã
    Hiệp Hòa Thông báo như sau:" -> Thông báo, "… hướng dẫn … như sau:" -> Hướng dẫn, "… xây dựng kế hoạch …
    như sau:" -> Kế hoạch): the text is that notice or guide, not a plan its body names; a request ("đề
    nghị", "yêu cầu") names no type, nor does a report's "báo cáo … như sau:" (a meeting's "nghe báo cáo
    tình hình như sau:", gold 3033, 3534, 4139: its title block types a report)."""
    head = text[:OWN_ACT_CHARS]
    untyped = setting(rules, "untyped_speech")
    for verb in setting(rules, "own_speech").finditer(head, timeout=rx.limit(len(head))):
        act = " ".join(verb.group(0).split()[-2:])
        if untyped.fullmatch(fold(act)):
            continue
        typed = doc_type_of_word(act, rules)
        if typed:
            return typed
    return None


def titled_type(text: str, rules: RuleSet) -> str | None:
    """The type word that opens the page's first line before its trích yếu (subject.title_headline: "Hướng
    dẫn sản xuất trồng trọt vụ Đông Xuân …", "ĐỀ CƯƠNG TUYÊN TRUYỀN …"): the page's own title, over any type
    its body cites."""
    found = rule(rules, "title_headline").search(text, 0, min(len(text), TITLE_LINE_CHARS))
    return doc_type_of_word(found.group("word"), rules) if found else None


@per_text
def relayed_document(text: str, rules: RuleSet, province: str | None) -> tuple[str | None, str | None] | None:
    """(type, issuer) of a document a bulletin relays without its number: "Nội dung công văn Ban Tuyên giáo
    Tỉnh ủy", "thay mặt UBND tỉnh, đồng chí … trình bày tóm tắt báo cáo …"."""
    found = rule(rules, "relayed_document").search(text)
    if found is None:
        return None
    body = body_at(text, found.end(), rules, province)
    if body is None:  # "thay mặt <body>" earlier in the sentence
        start = max(text.rfind(".", 0, found.start()), text.rfind("\n", 0, found.start())) + 1
        behalf = rule(rules, "on_behalf").search(text, start, found.start())
        body = body_at(text, behalf.end(), rules, province) if behalf else None
    return doc_type_of_word(found.group("word"), rules), body[0] if body else None


OWN_ACT_CHARS = 1500


def acting_body(
    text: str, rules: RuleSet, province: str | None, acts: tuple[str, ...] | None = None
) -> str | None:
    """The body a letter, notice or report with no header speaks for: the first one named with an act of its
    own ("Phòng GD&ĐT yêu cầu:", "Sở NN&PTNT tổ chức hội nghị sơ kết …"); `acts`: only one whose act is of
    those groups of `subject.own_act` ("request": one that asks; "meeting": a council's session or a union's
    congress; "plan_meeting": one that meets on a plan, "UBND huyện đã tổ chức cuộc họp … để thống nhất dự
    thảo kế hoạch …"; "deploy": a body deploying the plan; "guide": one that guides how to carry it out;
    "decide": one that decides, "Chủ tịch UBND tỉnh vừa quyết định đổi tên …"; "launch": one that launches a
    movement)."""
    head = text[:OWN_ACT_CHARS]
    chair = setting(rules, "chair_before")
    possessor = setting(rules, "possessor_before")
    for body in find_bodies(head, rules, province):
        if possessor.search(head, max(0, body.start - 8), body.start):
            continue  # "Kế hoạch số 811/KH-UBND … của UBND Thành phố Huế Triển khai …": cited
        found = act_at(head, body.end, rules, acts)
        if found:
            if found.group("opinion") and chair.search(head, max(0, body.start - 12), body.start):
                continue  # "Phó Chủ tịch UBND tỉnh có ý kiến": his office's letter
            return chaired(head, body.start, body.name, rules)  # "Chủ tịch UBND tỉnh đề nghị …": as he signs
    return short_actor(head, rules, province, acts) or open_actor(head, rules, province, acts)


def act_at(head: str, pos: int, rules: RuleSet, acts: tuple[str, ...] | None) -> regex.Match[str] | None:
    """The act of its own (`subject.own_act`) a body named right before `pos` does, if it is one of the groups
    `acts` (any when None): the test `acting_body`, `open_actor` and `short_actor` share."""
    found = rule(rules, "own_act").compiled.match(head, pos, min(len(head), pos + 200), timeout=rx.limit(200))
    return found if found and (acts is None or any(found.group(g) for g in acts)) else None


def open_actor(head: str, rules: RuleSet, province: str | None, acts: tuple[str, ...] | None) -> str | None:
    """A body no rule of bodies.yml reads, named in full as the clause that opens before its own act ("Ngày
    15/01/2020, Viện kiểm sát nhân dân huyện Chợ Lách đã tổ chức triển khai Kế hoạch …", "Trung tâm Kỹ thuật
    Nông nghiệp thành phố Tam Kỳ đề nghị UBND các xã …"): `open_body` before a `subject.own_act` verb; a name
    may end on its number ("Bệnh viện Tâm thần Trung ương 1 tổ chức họp …", gold 3805)."""
    for space in regex.finditer(r"(?<=[\p{L}\d])[ \t]", head):
        if act_at(head, space.start(), rules, acts) is None:
            continue
        sentence_start = sentence_opening(head, space.start(), rules)
        name = open_body(head, sentence_start, space.start(), rules, province)
        # a body a rule reads was weighed by acting_body() already ("Sở Y tế Hà Nội yêu cầu …": no document)
        if name is not None and setting(rules, "open_actor").fullmatch(name) and not body_at(name, 0, rules):
            return name
    return None


def short_actor(head: str, rules: RuleSet, province: str | None, acts: tuple[str, ...] | None) -> str | None:
    """A body named short at a clause's start as it acts ("Chiều ngày 14/2/2019, bệnh viện tổ chức Hội nghị
    triển khai kế hoạch …"): the last full name with that head before it ("bệnh viện đa khoa Sóc Sơn")."""
    for short in setting(rules, "short_actor").finditer(head):
        if act_at(head, short.end(), rules, acts) is None:
            continue
        named = fold(short.group("head")) + " "
        full = [
            b.name
            for b in find_bodies(head[: short.start()], rules, province)
            if fold(b.name).startswith(named) and not setting(rules, "short_actor_not").match(fold(b.name))
        ]
        return full[-1] if full else None
    return None


def own_speech(text: str, rules: RuleSet, province: str | None) -> str | None:
    """The body that opens the text's own sentence closing its preamble ("UBND xã Hiệp Hòa Thông báo như
    sau:", "Thường trực Hội Cựu chiến binh Thành phố hướng dẫn … như sau:", subject.own_speech): named in
    full at its clause's start, whatever its kind (`open_body`), or one the vocabulary names whole ("…,
    Chính phủ báo cáo Quốc hội … như sau:", gold 2938); a name with a comma in it ("Cục Quản lý Khám, chữa
    bệnh đề nghị …", "Đảng ủy Khối các trường Đại học, Cao đẳng Hà Nội xây dựng Kế hoạch …", gold 3039) is
    read across the comma when the words after it name nothing alone."""
    head = text[:OWN_ACT_CHARS]
    lead = setting(rules, "own_speech_lead")
    for verb in setting(rules, "own_speech").finditer(head, timeout=rx.limit(len(head))):
        # its sentence: "… công việc của Bệnh viện Từ Dũ. Nay Bệnh viện Từ Dũ thông báo …" (gold 4334)
        span = head[sentence_opening(head, verb.start(), rules) : verb.start()]
        cut = max(span.rfind(c) for c in ",;:")
        clause = rx.sub(lead.pattern, "", span[cut + 1 :])
        name = open_body(clause, 0, len(clause), rules, province)
        rest = clause.strip()
        before = span[:cut] if cut >= 0 else ""
        first = rx.sub(lead.pattern, "", before[max(before.rfind(c) for c in ",;:") + 1 :])
        # "Đảng ủy Khối các trường Đại học, Cao đẳng Hà Nội xây dựng …": capitals on both sides of the comma
        if name is None and cut >= 0 and rest[:1].isalpha():
            joined = open_body(f"{first} {rest}", 0, len(first) + len(rest) + 1, rules, province)
            if joined and joined.endswith(f" {rest}"):
                name = f"{joined[: -len(rest) - 1]}, {rest}"
        if name is None:  # a body the vocabulary names, its clause whole ("…, Chính phủ báo cáo Quốc hội …")
            whole = body_at(rest, 0, rules, province) if rest else None
            name = whole[0] if whole and whole[1] >= len(rest) else None
        if name is None:
            continue
        known = body_at(name, 0, rules, province)
        # "UBND xã Hiệp Hòa": a name the vocabulary writes out
        return known[0] if known and known[1] >= len(name.rstrip()) else name
    return None


HEADLINE_LINES = 2  # the lines of four words or more that may be a bulletin's headline (a site's name first)


def headline_body(text: str, rules: RuleSet, province: str | None) -> str | None:
    """The body a bulletin's headline opens with, followed by what it does or a colon ("UBND thị xã Ninh Hòa:
    Triển khai kế hoạch …", "Bệnh viện Đa khoa tỉnh Hòa Bình duyệt kế hoạch …", "Huyện Đoàn M'Đrắk ra quân
    Tháng Thanh niên …"; `subject.headline_act`): the body the item is about, when no sentence names one."""
    head = text[:TITLE_LINE_CHARS].split("\n")
    # a headline stands on its own: the text's first line or one after a blank line (not a PDF's line that
    # wraps a sentence, "… ngày 01/3/2023 của\nChính phủ ban hành …", gold 2406), and ends on no full stop
    lines = [
        line for n, line in enumerate(head) if len(line.split()) >= 4 and (n == 0 or not head[n - 1].strip())
    ]
    for line in (line for line in lines[:HEADLINE_LINES] if not line.rstrip().endswith(".")):
        body = body_at(line, len(line) - len(line.lstrip()), rules, province)
        if body and setting(rules, "headline_act").match(line, body[1]):
            return body[0]
    return None


HEADLINE_CHROME_LINES = 3


@per_name
def headline_like(line: str, rules: RuleSet) -> bool:
    """A line long enough to be a page's headline and not page chrome (subject.title_chrome)."""
    chrome = rule(rules, "title_chrome").compiled
    return len(line) >= 25 and not chrome.match(line, timeout=rx.limit(len(line)))


@per_text
def headline_start(text: str, rules: RuleSet) -> int:
    """Where the page's headline starts: after the lines of portal chrome above it ("In trang", "Tìm kiếm tin
    tức", a line subject.title_chrome matches; at most HEADLINE_CHROME_LINES of them), at the first line long
    enough to be a headline (as title_of reads it)."""
    start = 0
    for raw in text[:400].split("\n")[: HEADLINE_CHROME_LINES + 1]:
        if headline_like(raw.strip(), rules):
            return start
        start += len(raw) + 1
    return 0


def headline_date(text: str, rules: RuleSet) -> str | None:
    """ "Thông báo Khẩn ngày 18/10/2020": the date a headline that names the document's type gives it."""
    start = headline_start(text, rules)
    found = rule(rules, "headline_type").search(text[start:], 0, min(len(text) - start, 400))
    end = start + found.end() if found else 0
    dated = _search(r"\G\s+ngày\s*(?=\d)", text, end, min(len(text), end + 20)) if found else None
    date = date_at(text, dated.end(), rules) if dated else None
    return date[0] if date else None


@per_text
def headline_type(text: str, rules: RuleSet) -> str | None:
    """A bulletin whose headline opens with a type word ("Báo cáo công tác …", "THÔNG BÁO Về việc …"), under
    any lines of portal chrome (headline_start: "In trang\n\nThông báo về việc …", gold 3900 Huế)."""
    start = headline_start(text, rules)
    found = rule(rules, "headline_type").search(text[start:], 0, min(len(text) - start, 400))
    if found is not None:
        return doc_type_of_word(found.group("word"), rules)
    # "Giấy mời dự Lễ …", "Thông báo: Về việc nghỉ lễ …": a letter whose form is its type, whatever follows
    found = found or rule(rules, "letter_form_headline").search(text, 0, min(len(text), 400))
    if found is None and rule(rules, "letter_headline").search(text, 0, min(len(text), 400)):
        return "Công văn"  # "Về việc tham gia ý kiến …": the letter's trích yếu as its headline
    return doc_type_of_word(found.group("word"), rules) if found else None


def canonical_issuer(issuer: str | None, ref: Reference | None, rules: RuleSet) -> str | None:
    """The issuer's full name: as issuers.yml writes the body its symbol's code names, when the text wrote
    the same words ("Bộ Lao động Thương binh và Xã hội" -> "Bộ Lao động - Thương binh và Xã hội"); a province
    named without its level gets it ("Sở Du lịch Quảng Ninh" -> "Sở Du lịch tỉnh Quảng Ninh")."""
    if not issuer:
        return issuer
    entry = issuer_entry(ref.issuer_code, rules) if ref else None
    if entry and entry.implied and _letters(entry.name) == _letters(issuer):
        return entry.name
    place = rx.search(province_pattern(rules) + r"$", issuer)
    place = None if place and named_person(issuer, place.group("p"), rules) else place
    before = issuer[: place.start()] if place else ""
    placed = setting(rules, "level_before", regex.I).search(before) or setting(
        rules, "district_before", regex.I
    ).search(before)
    school = setting(rules, "school_name").search(before)  # "… Nam Sài Gòn": a school's own name
    party = setting(rules, "party_before", regex.I).search(before)
    # an alias that writes its own level ("… GHPGVN TP.HCM", "… Bò Sữa TP. HCM") needs none before it
    own_level = place and setting(rules, "level_alias").match(place.group("p"))
    if place and before.strip() and not placed and not school and not party and not own_level:
        return f"{before}{province_level(place.group('p'), rules)} {issuer[place.start() :]}"
    return issuer


def _letters(name: str) -> str:
    return rx.sub(r"[^a-z0-9]", "", fold(name))


def complete(flagged: Subject, text: str, rules: RuleSet, province: str | None) -> Subject:
    """The facts of a header around an unreadable number: issuer, place and date, period."""
    codes = (flagged.symbol or "").replace("/", "-").split("-")
    doc_type = doc_type_of_code(codes[1] if len(codes) > 1 else None, rules)
    issued = place_date(text, rules)[1]
    return replace(
        flagged,
        doc_type=doc_type,
        issuer=header_issuer(text, rules, province),
        issued=issued,
        year=int(issued[:4]) if issued else None,
        period=period_of(text, rules, 1500),
    )


def with_subject(refs: tuple[Reference, ...], subject: Subject | None) -> tuple[Reference, ...]:
    """The subject's date and issuer also belong on its own entry among the references."""
    if subject is None or subject.symbol is None:
        return refs
    key = symbol_key(subject.symbol)
    out = []
    for ref in refs:
        # the header's number with its wrapped tail ("-XMC") or its spaced one (" LQĐ")
        wrapped = subject.symbol.startswith((ref.symbol + "-", ref.symbol + " ", ref.symbol + "."))
        if symbol_key(ref.symbol) == key or wrapped:
            ref = replace(
                ref,
                symbol=subject.symbol if wrapped else ref.symbol,
                issued=ref.issued or subject.issued,
                issuer=subject.issuer or ref.issuer,
                doc_type=ref.doc_type or subject.doc_type,
            )
        out.append(ref)
    return tuple(out)
