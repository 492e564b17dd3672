"""The NLP layer: the only module that imports underthesea or spaCy, each behind a cached loader.

underthesea (Vietnamese word segmentation and POS tags) bounds indicator phrases; spaCy holds a
document's extracted items as spans for display (displaCy in `kehoach explain`). Both load lazily,
so plain extraction of dates and symbols never pays for them.
"""

from __future__ import annotations

import functools
import importlib
import importlib.util
import pickle
import sys
import types
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

import regex

from kehoach import rx
from kehoach.rules import RuleSet

MAX_WORDS = 14


class NLPUnavailable(RuntimeError):
    """A model or package the NLP layer needs is missing; the message says how to install it."""


@functools.cache
def word_segmenter() -> Callable[[str], list[str]]:
    """underthesea word segmentation: "suy dinh dưỡng thể" -> ["suy dinh dưỡng", "thể"]."""
    try:
        return word_tokenize_alone()
    except ImportError:
        pass  # another layout of the package: import it whole
    try:
        from underthesea import word_tokenize
    except ImportError as exc:  # pragma: no cover - the package is a declared dependency
        raise NLPUnavailable("underthesea is not installed: pip install 'underthesea>=9,<10'") from exc
    return word_tokenize  # type: ignore[no-any-return]


def word_tokenize_alone() -> Callable[[str], list[str]]:
    """underthesea's word_tokenize without running the package's __init__, which imports every pipeline it has
    (classification, sentiment, translation, NER ...): 0.5-0.8 s of CPU at every `kehoach extract` that
    meets a target, against 0.25 s for the word segmenter and what it needs. The package is registered
    unexecuted (`whole_underthesea` runs its __init__ later, for the peers of `kehoach.evaluate`) and its
    own modules are imported in the order its __init__ uses."""
    unexecuted = "underthesea" not in sys.modules
    if unexecuted:
        spec = importlib.util.find_spec("underthesea")
        if spec is None or not spec.submodule_search_locations:
            raise ImportError("underthesea")
        sys.modules["underthesea"] = importlib.util.module_from_spec(spec)
    try:
        with plain_pickle_joblib():  # the normalizer's table and the segmenter's model load without joblib
            importlib.import_module("underthesea.pipeline.text_normalize")  # before word_tokenize: a cycle
            module = importlib.import_module("underthesea.pipeline.word_tokenize")
            importlib.import_module("underthesea.models.fast_crf_sequence_tagger")  # loads the model later
    except Exception as exc:  # noqa: BLE001 - whatever fails, the package is then imported whole
        if unexecuted:
            for name in [n for n in sys.modules if n == "underthesea" or n.startswith("underthesea.")]:
                del sys.modules[name]
        raise ImportError("underthesea's word_tokenize") from exc
    return module.word_tokenize  # type: ignore[no-any-return]


@contextmanager
def plain_pickle_joblib() -> Iterator[None]:
    """In the block, `import joblib` gives a stand-in whose `load` is pickle's: underthesea's text normalizer
    and its word segmenter import joblib only to load their tables (plain pickles: the spellings, the feature
    templates, the dictionary), and joblib imports numpy, psutil and asyncio (~0.35 s of CPU, 40 % of a
    `kehoach extract` of a bulletin). The modules imported in the block keep the stand-in; anything else they
    ask of it, or a file pickle cannot read, goes to the real joblib, imported then. After the block `joblib`
    is the real package for whoever imports it (the whole package for the peers). Where joblib is imported
    already, it is used."""
    if "joblib" in sys.modules:
        yield
        return
    stand_in = types.ModuleType("joblib", "pickle.load for joblib.load; the rest from the real joblib")

    def real() -> Any:
        if sys.modules.get("joblib") is stand_in:
            del sys.modules["joblib"]
        return importlib.import_module("joblib")

    def load(filename: str, *args: Any, **kwargs: Any) -> Any:
        try:
            with open(filename, "rb") as handle:
                return pickle.load(handle)  # noqa: S301 - a file of the installed underthesea, as joblib.load
        except Exception:  # noqa: BLE001 - compressed, or not a pickle: joblib's own reading
            return real().load(filename, *args, **kwargs)

    stand_in.load = load  # type: ignore[attr-defined]
    stand_in.__getattr__ = lambda name: getattr(real(), name)  # type: ignore[method-assign]
    sys.modules["joblib"] = stand_in
    try:
        yield
    finally:
        if sys.modules.get("joblib") is stand_in:
            del sys.modules["joblib"]


def whole_underthesea() -> Any:
    """The underthesea package with its __init__ run (the one `word_tokenize_alone` left unexecuted)."""
    import underthesea

    if not hasattr(underthesea, "__version__") and underthesea.__spec__ and underthesea.__spec__.loader:
        underthesea.__spec__.loader.exec_module(underthesea)
    return underthesea


def cut_at_word(text: str, max_syllables: int) -> str:
    """The longest prefix of `text` with at most `max_syllables` syllables that does not split a word.

    Vietnamese words span syllables ("dinh dưỡng"): cutting at a space can leave half a word. underthesea
    segments the phrase, and the cut falls after the last whole word; the text itself is never re-joined.
    """
    words = text.split()
    if len(words) <= max_syllables:
        return text
    # segment only the syllables around the cut: a word never spans more than a few syllables
    head = " ".join(words[: max(0, max_syllables - 6)])
    offset = len(head) + (1 if head else 0)
    kept, pos = len(head.split()), offset
    end = len(head)
    for word in word_segmenter()(" ".join(words[len(head.split()) : max_syllables + 4])):
        syllables = len(word.split())
        found = " ".join(words).find(word, pos)
        if found < 0 or kept + syllables > max_syllables:
            break
        kept += syllables
        pos = end = found + len(word)
    joined = " ".join(words)
    return joined[:end] if end else " ".join(words[:max_syllables])


@functools.cache
def blank_vietnamese() -> Any:
    """A spaCy Vietnamese pipeline without pyvi: tokens on whitespace, enough to hold character spans."""
    try:
        import spacy
    except ImportError as exc:  # pragma: no cover
        raise NLPUnavailable("spaCy is not installed: pip install 'spacy>=3.8,<3.9'") from exc
    return spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": False}}})


def trim_phrase(text: str, rules: RuleSet, leading: bool = False) -> str:
    """Bound an indicator phrase: the words before a figure (backwards) or after it (forwards), at the words
    of patterns/indicators.yml `phrase:` (comparators, verbs of change and fillers end it)."""
    phrase = rules.settings("indicators").section("phrase")
    text = rx.sub(r"\s+", " ", text).strip(" ,;:")
    if leading:
        stop = rx.search(phrase.pattern("leading_stop"), text, regex.IGNORECASE)
        text = text[: stop.start()] if stop else text
    else:
        text = rx.sub(phrase.pattern("trailing"), "", text, flags=regex.IGNORECASE)
    open_paren = text.rfind("(")
    if open_paren > 0 and ")" not in text[open_paren:]:  # "(dưới 2.500 gram" cut off: drop the aside
        text = text[:open_paren]
    if len(text.split()) > MAX_WORDS:  # only long phrases pay for word segmentation
        text = cut_at_word(text, MAX_WORDS)
    return text.strip(" ,;:()./-")


def spacy_doc(text: str, spans: Iterable[tuple[int, int, str, str]]) -> Any:
    """A spaCy Doc of `text` with one span per extracted item (start, end, label, rule id), for displaCy."""
    nlp = blank_vietnamese()
    doc = nlp.make_doc(text)
    items = []
    for start, end, label, rule in spans:
        span = doc.char_span(start, end, label=label, alignment_mode="expand", span_id=rule)
        if span is not None:
            items.append(span)
    doc.spans["kehoach"] = items
    return doc
