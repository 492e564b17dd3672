"""Legacy Vietnamese font encodings (TCVN3 "ABC", VNI) -> Unicode.

Documents typed before Unicode used 8-bit fonts (.VnTime for TCVN3, VNI-Times for VNI). A PDF made
from them without a ToUnicode map, or a text file read as cp1252, gives Latin-1 look-alikes:
"KÕ ho¹ch" (TCVN3) or "Keá hoaïch" (VNI) for "Kế hoạch". `fix_legacy` detects such text and converts it.

Detection compares how much of the text reads as Vietnamese syllables before and after each
conversion, so ordinary Unicode Vietnamese (already valid) and foreign text (valid after neither) are
returned unchanged: a false positive would garble a good document, which is worse than a miss.

Known limits:
- TCVN3 (VN3) has no capital letters with tone marks: .VnTime documents type them with the
  capitals font (.VnTimeH) on the lowercase code points. We restore capitals when the word (or the
  word next to it) is written in capitals ("KÕ HO¹CH" -> "KẾ HOẠCH"); text typed in lowercase
  keystrokes with .VnTimeH comes out lowercase, because the font name is not in the text.
- The TCVN3 'ư' byte (0xAD) is the Latin-1 soft hyphen, so extractors turn it into '-' or a space
  or drop it. '-' is read as 'ư' wherever a Vietnamese syllable needs it (after an initial consonant,
  before ơ/u/a/ng or at the end of the word: "Tr-ëng" -> "Trưởng", "nh-ng" -> "nhưng"). A space is
  read as 'ư' only before ơ ("tr êng" -> "trường") or after a two-letter initial before u/a/ng
  ("nh ng" -> "nhưng"): a lone consonant followed by a space is too often a real token
  ("điểm b khoản 2"). A dropped byte is not restored.
- VNI's 'ư' is an ordinary letter byte (0xF6, 'ö'), so VNI text has no such problem.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from itertools import islice
from typing import Literal

Encoding = Literal["tcvn3", "vni"]
ENCODINGS: tuple[Encoding, ...] = ("tcvn3", "vni")

# TCVN 5712:1993 (Vietnamese 8-bit standard coded character set), table VN3, the subset the
# ABC fonts (.VnTime, .VnArial...) implement. Keys are the bytes as a Latin-1 decoder (or a PDF
# extractor without a ToUnicode map) shows them; 0xAD is also what extractors turn into '-'.
TCVN3: dict[str, str] = {
    "\xa1": "Ă", "\xa2": "Â", "\xa3": "Ê", "\xa4": "Ô", "\xa5": "Ơ", "\xa6": "Ư", "\xa7": "Đ",
    "\xa8": "ă", "\xa9": "â", "\xaa": "ê", "\xab": "ô", "\xac": "ơ", "\xad": "ư", "\xae": "đ",
    "\xb5": "à", "\xb6": "ả", "\xb7": "ã", "\xb8": "á", "\xb9": "ạ",
    "\xbb": "ằ", "\xbc": "ẳ", "\xbd": "ẵ", "\xbe": "ắ",
    "\xc6": "ặ", "\xc7": "ầ", "\xc8": "ẩ", "\xc9": "ẫ", "\xca": "ấ", "\xcb": "ậ",
    "\xcc": "è", "\xce": "ẻ", "\xcf": "ẽ", "\xd0": "é", "\xd1": "ẹ",
    "\xd2": "ề", "\xd3": "ể", "\xd4": "ễ", "\xd5": "ế", "\xd6": "ệ",
    "\xd7": "ì", "\xd8": "ỉ", "\xdc": "ĩ", "\xdd": "í", "\xde": "ị",
    "\xdf": "ò", "\xe1": "ỏ", "\xe2": "õ", "\xe3": "ó", "\xe4": "ọ",
    "\xe5": "ồ", "\xe6": "ổ", "\xe7": "ỗ", "\xe8": "ố", "\xe9": "ộ",
    "\xea": "ờ", "\xeb": "ở", "\xec": "ỡ", "\xed": "ớ", "\xee": "ợ",
    "\xef": "ù", "\xf1": "ủ", "\xf2": "ũ", "\xf3": "ú", "\xf4": "ụ",
    "\xf5": "ừ", "\xf6": "ử", "\xf7": "ữ", "\xf8": "ứ", "\xf9": "ự",
    "\xfa": "ỳ", "\xfb": "ỷ", "\xfc": "ỹ", "\xfd": "ý", "\xfe": "ỵ",
}  # fmt: skip

# VNI for Windows (VNI Software Company's font charset, as tabulated in its published character
# chart): a vowel is an ASCII base letter followed by one byte for its marks, with the mark byte in
# the case of the letter ("Vieät" = Việt, "VIEÄT" = VIỆT). The bytes for marks, lowercase:
ACUTE, GRAVE, HOOK, TILDE, DOT = "\u0301", "\u0300", "\u0309", "\u0303", "\u0323"
VNI_TONE = {ACUTE: "ù", GRAVE: "ø", HOOK: "û", TILDE: "õ", DOT: "ï"}
VNI_CIRCUMFLEX = {"": "â", ACUTE: "á", GRAVE: "à", HOOK: "å", TILDE: "ã", DOT: "ä"}  # â ê ô + tone
VNI_BREVE = {"": "ê", ACUTE: "é", GRAVE: "è", HOOK: "ú", TILDE: "ü", DOT: "ë"}  # ă + tone
# Letters that are a single byte: ơ, ư (which then take a tone byte), đ, and i / ỵ with a tone.
VNI_SINGLE = {"ơ": "ô", "ư": "ö", "đ": "ñ", "í": "í", "ì": "ì", "ỉ": "æ", "ĩ": "ó", "ị": "ò", "ỵ": "î"}

VIETNAMESE_VOWELS = "aăâeêioôơuưy"
TONES = (ACUTE, GRAVE, HOOK, TILDE, DOT)


def vni_code(letter: str) -> str:
    """The VNI spelling of one lowercase Vietnamese letter, e.g. "ệ" -> "eä"."""
    if letter in VNI_SINGLE:
        return VNI_SINGLE[letter]
    decomposed = unicodedata.normalize("NFD", letter)
    base, marks = decomposed[0], decomposed[1:]
    tone = next((m for m in marks if m in TONES), "")
    if "\u0302" in marks:  # circumflex: â ê ô
        return base + VNI_CIRCUMFLEX[tone]
    if "\u0306" in marks:  # breve: ă
        return base + VNI_BREVE[tone]
    if "\u031b" in marks:  # horn: ơ ư
        return VNI_SINGLE[unicodedata.normalize("NFC", base + "\u031b")] + VNI_TONE.get(tone, "")
    return base + VNI_TONE[tone] if tone else base


def vni_table() -> dict[str, str]:
    """VNI spelling -> Unicode letter, both cases, for every marked Vietnamese letter."""
    table: dict[str, str] = {}
    for vowel in VIETNAMESE_VOWELS + "đ":
        for tone in ("", *TONES):
            letter = unicodedata.normalize("NFC", vowel + tone)
            if len(letter) != 1 or letter in "aeiouy":
                continue
            table[vni_code(letter)] = letter
            table[vni_code(letter).upper()] = letter.upper()
    return table


VNI: dict[str, str] = vni_table()

TCVN3_RE = re.compile("[" + "".join(TCVN3) + "]")
VNI_RE = re.compile("|".join(sorted(map(re.escape, VNI), key=len, reverse=True)))
# Characters that legacy text shows and Unicode Vietnamese never uses: no hit, no legacy text.
VIETNAMESE_LATIN1 = set("àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ")
MARKERS = frozenset((set(TCVN3) | {c for code in VNI for c in code if ord(c) > 0x7F}) - VIETNAMESE_LATIN1)
MARKER_CLASS = "[" + re.escape("".join(sorted(MARKERS))) + "]"
MARKER_RE = re.compile(MARKER_CLASS)
# A word holding a marker. The lookbehind starts each try at a word's first character: without it a
# long run of non-space characters without a marker ("\r\n" written out) is rescanned from every position.
MARKED_WORD_RE = re.compile(rf"(?<!\S)\S*?{MARKER_CLASS}\S*")
# A word, without the numbers and brackets of a figure's labels ("[5]Thùc").
WORD_RE = re.compile(r"[^\s\d()\[\]{}<>]+")
# Any character a legacy encoding writes Vietnamese with, the Latin-1 letters Unicode shares among them.
LEGACY_CHARS = sorted({*TCVN3, *(c for code in VNI for c in code if ord(c) > 0x7F)})
LEGACY_CHAR_RE = re.compile("[" + re.escape("".join(LEGACY_CHARS)) + "]")
# Letters only Unicode Vietnamese has (legacy text shows Latin-1 look-alikes instead).
UNICODE_VIETNAMESE_RE = re.compile("[ăĂđĐĩĨũŨơƠưƯ\u1ea0-\u1ef9]")

# A Vietnamese syllable without its tone mark: initial consonant(s), then a rhyme.
ONSET = "ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvx]"
NUCLEUS = "uyê|uya|oa|oă|oe|uâ|uê|uy|uơ|ia|iê|yê|ya|ua|uô|ưa|ươ|oo|[aăâeêioôơuưy]"
CODA = "ng|nh|ch|[cmnpt]|[iouy]"
SYLLABLE_RE = re.compile(f"(?:{ONSET})?(?:{NUCLEUS})(?:{CODA})?")
WORD_EDGE = "\"'()[]{}<>.,;:!?…“”‘’–—-/"
MIN_WORDS = 3  # marked words needed before a verdict: a title of two words is not evidence enough
RUN_GAP = 2  # other words a run of legacy words may hold between two marked ones ("[1]", a number)
SAMPLE_WORDS = 2000  # marked words enough to judge a whole document by


def is_syllable(word: str) -> bool:
    """Whether a word reads as one Vietnamese syllable: known letters, one tone mark at most, one case."""
    if not (word.islower() or word.isupper() or word.istitle()):
        return False
    decomposed = unicodedata.normalize("NFD", word.lower())
    if sum(decomposed.count(t) for t in TONES) > 1:
        return False
    toneless = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in TONES))
    return SYLLABLE_RE.fullmatch(toneless) is not None


def syllable_share(words: list[str]) -> float:
    """Share of the words that read as Vietnamese syllables."""
    return sum(map(is_syllable, words)) / len(words) if words else 0.0


# 'ư' lost to '-' or a space (see the module docstring). Onsets that can precede 'ư':
UH_ONSET = "ng|nh|ch|kh|ph|th|tr|[bcdđghlmnrstvx]"
UH_DASH_RE = re.compile(rf"(?<!\w)({UH_ONSET})?-(?=[ơờởỡớợ]\w)|\b({UH_ONSET})-(u|a|ng)?(?!\w)", re.I)
UH_SPACE_RE = re.compile(rf"\b({UH_ONSET}) (?=[ơờởỡớợ]\w)|\b(ng|nh|ch|kh|ph|th|tr) (u|a|ng)(?!\w)", re.I)


def restore_uh(match: re.Match[str]) -> str:
    return (match.group(1) or match.group(2) or "") + "ư" + (match.group(3) or "")


def restore_capitals(text: str) -> str:
    """Upper-case VN3 letters inside capitalised words: "NH©N" gave "NHâN", meaning "NHÂN"."""
    return "\n".join(map(restore_line_capitals, text.split("\n")))


def restore_line_capitals(line: str) -> str:
    """One line at a time: a capitalised header line says nothing about the body line below it."""
    tokens = re.split(r"(\s+)", line)
    words = tokens[::2]
    capital = [is_capital_word(w) for w in words]
    for i, word in enumerate(words):
        near_capitals = (i > 0 and capital[i - 1]) or (i + 1 < len(words) and capital[i + 1])
        if capital[i] or (near_capitals and is_title_ambiguous(word)):
            tokens[2 * i] = word.upper()
    return "".join(tokens)


def is_capital_word(word: str) -> bool:
    """A word typed in capitals: every ASCII letter upper, one after the first letter ("ủY", "HOạCH")."""
    letters = word.strip(WORD_EDGE)
    ascii_letters = [c for c in letters if c.isascii() and c.isalpha()]
    return (
        letters.isalpha()
        and bool(ascii_letters)
        and all(c.isupper() for c in ascii_letters)
        and any(c.isupper() for c in letters[1:])
        and not letters.isascii()
    )


def is_title_ambiguous(word: str) -> bool:
    """A capital then only marked letters ("Kế", "Bà"), which VN3 cannot tell from "KẾ", "BÀ"."""
    letters = word.strip(WORD_EDGE)
    marked_tail = not any(map(str.isascii, letters[1:]))
    return len(letters) > 1 and letters.isalpha() and letters[0].isupper() and marked_tail


def tcvn3_to_unicode(text: str) -> str:
    text = TCVN3_RE.sub(lambda m: TCVN3[m.group()], text)
    text = UH_SPACE_RE.sub(restore_uh, UH_DASH_RE.sub(restore_uh, text))
    return restore_capitals(text)


def to_unicode(text: str, encoding: Encoding) -> str:
    """Convert text in a legacy encoding ("tcvn3" or "vni") to NFC Unicode."""
    if encoding == "tcvn3":
        return tcvn3_to_unicode(text)
    if encoding == "vni":
        return VNI_RE.sub(lambda m: VNI[m.group()], text)
    raise ValueError(f"unknown legacy encoding {encoding!r}: expected 'tcvn3' or 'vni'")


def detect(text: str) -> Encoding | None:
    """The legacy encoding ("tcvn3" or "vni") the text is Vietnamese in, else None.

    Judged on the words that hold a legacy-looking character ("KÕ", "hoaïch"): legacy text when
    they outnumber the letters only Unicode Vietnamese has, and when one conversion turns most of
    them, from mostly not, into Vietnamese syllables. Single characters ("«", "©", "×") do not count.
    """
    markers = len(MARKER_RE.findall(text))
    if not markers or markers <= len(UNICODE_VIETNAMESE_RE.findall(text)):  # most texts: no marker at all
        return None
    marked = (m.group().strip(WORD_EDGE) for m in MARKED_WORD_RE.finditer(text))
    words = list(islice((w for w in marked if len(w) > 1), SAMPLE_WORDS))
    return legible_as(words) if len(words) >= MIN_WORDS else None


def legible_as(words: list[str]) -> Encoding | None:
    """The encoding whose conversion turns most of the words, from mostly not, into Vietnamese syllables."""
    before = syllable_share(words)
    # one word a line, so that the conversion cannot join or split words
    share, encoding = max((syllable_share(to_unicode("\n".join(words), e).split("\n")), e) for e in ENCODINGS)
    return encoding if share >= 0.8 and share - before >= 0.3 else None


def fix_legacy(text: str) -> tuple[str, Encoding | None]:
    """(Unicode text, encoding detected); a Unicode text comes back with None, its legacy runs converted."""
    encoding = detect(text)
    return (fix_runs(text), None) if encoding is None else (to_unicode(text, encoding), encoding)


def fix_runs(text: str) -> str:
    """A Unicode text with runs of legacy words in it, converted run by run.

    A document typed in Unicode can hold a figure or a text box typed in .VnTime ("… cho cấp xã và thôn bản
    KÕ ho¹ch [1] chuÈn bị [6] §¸nh gi¸"): too few words for `detect` to judge the whole text legacy. A run is
    at least MIN_WORDS marked words, with at most RUN_GAP plain words (letters, no legacy character) between
    two of them; it is converted when `detect`'s test holds for its marked words, and then only its words
    that read as syllables once converted change: the marked words that did not before, and the words between
    them that hold a legacy character and no letter only Unicode has ("dâi" between "vµ" and "Phª": "dõi").
    """
    if not MARKER_RE.search(text):  # most texts
        return text
    words = list(WORD_RE.finditer(text))
    changes = [change for run in marked_runs(words) for change in run_changes(run)]
    parts, at = [], 0
    for start, end, word in changes:
        parts += [text[at:start], word]
        at = end
    return "".join(parts) + text[at:]


def marked_runs(words: list[re.Match[str]]) -> Iterator[list[re.Match[str]]]:
    """The words from a marked word to a marked word, in runs holding at least MIN_WORDS marked words."""
    run: list[re.Match[str]] = []
    end = plain = 0  # the run up to its last marked word; plain words since that word
    for word in words:
        if MARKER_RE.search(word.group()):
            run.append(word)
            end, plain = len(run), 0
        elif run:
            plain += not LEGACY_CHAR_RE.search(word.group()) and any(map(str.isalpha, word.group()))
            if plain > RUN_GAP:
                yield from long_enough(run[:end])
                run = []
            else:
                run.append(word)
    yield from long_enough(run[:end])


def long_enough(run: list[re.Match[str]]) -> Iterator[list[re.Match[str]]]:
    """The run, if it holds MIN_WORDS marked words."""
    if sum(1 for word in run if MARKER_RE.search(word.group())) >= MIN_WORDS:
        yield run


def run_changes(run: list[re.Match[str]]) -> list[tuple[int, int, str]]:
    """(start, end, Unicode word) for the words of a run that a legacy encoding turns into syllables."""
    marked = [m.group().strip(WORD_EDGE) for m in run if MARKER_RE.search(m.group())]
    encoding = legible_as(marked)
    if encoding is None:
        return []
    return [(m.start(), m.end(), word) for m in run if (word := converted(m.group(), encoding))]


def converted(word: str, encoding: Encoding) -> str | None:
    """The word in Unicode if it is legacy text that becomes a syllable, else None."""
    if UNICODE_VIETNAMESE_RE.search(word) or not LEGACY_CHAR_RE.search(word):
        return None
    unicode = to_unicode(word, encoding)
    return unicode if unicode != word and is_syllable(unicode.strip(WORD_EDGE)) else None
