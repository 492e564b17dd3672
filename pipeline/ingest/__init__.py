"""Stage 1: bytes on disk -> RawDocument.

Each reader turns the raw bytes of one format into a RawText; `ingest` adds the Source
(path, sha256 of the raw bytes, format, sidecar metadata). A reader that cannot read its
input raises IngestError with a message that says what to do next.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Callable
from pathlib import Path

import yaml

from kehoach.filenames import shown
from kehoach.records import Format, RawDocument, RawText, Source


class IngestError(Exception):
    """An input that cannot be read; the message is shown to the archivist as is."""


Reader = Callable[[bytes], RawText]

# suffix -> (format, module name in kehoach.ingest); modules are imported on first use,
# so reading a .txt never loads pdfplumber.
READERS: dict[str, tuple[Format, str]] = {
    ".txt": ("text", "text"),
    ".html": ("html", "html"),
    ".htm": ("html", "html"),
    ".pdf": ("pdf", "pdf"),
    ".docx": ("docx", "docx"),
    ".doc": ("docx", "docx"),
}
# Files that travel with documents but are not documents: gold annotations, sidecars, notes.
COMPANION_SUFFIXES = {".json", ".yml", ".yaml", ".tsv", ".md", ".csv"}
SIDECAR_SUFFIX = ".meta.yml"
MAX_BYTES = 200 * 1024 * 1024  # a scanned PDF can be large
# A bulletin is a few KB and a whole plan a few hundred; a text this big is an export of many documents
# (or a log) and would hold a worker for minutes and bloat the search index.
MAX_TEXT_BYTES = 20 * 1024 * 1024


def reader_for(suffix: str) -> tuple[Format, Reader]:
    import importlib

    try:
        fmt, module = READERS[suffix.lower()]
    except KeyError:
        known = ", ".join(sorted(READERS))
        raise IngestError(f"unsupported file type {suffix or '(none)'!r}: kehoach reads {known}") from None
    mod = importlib.import_module(f"kehoach.ingest.{module}")
    read = mod.read_doc if suffix.lower() == ".doc" else mod.read
    return fmt, read


def read_regular(path: Path, limit: int) -> bytes:
    """The bytes of a regular file of at most `limit` bytes; IngestError for anything else.

    Opened without blocking and checked on the open descriptor: a FIFO (which would wait forever for a
    writer), a device such as /dev/zero (endless) or a symlink to one is refused, never read.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as exc:
        raise IngestError(f"cannot open: {exc.strerror}") from exc
    with os.fdopen(fd, "rb") as handle:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise IngestError(f"not a regular file ({file_kind(st.st_mode)}): only plain files are read")
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise IngestError(f"over the {limit // 1024} KB limit for this kind of file")
    return data


def file_kind(mode: int) -> str:
    kinds = {stat.S_ISFIFO: "a FIFO", stat.S_ISCHR: "a device", stat.S_ISBLK: "a device"}
    kinds |= {stat.S_ISSOCK: "a socket", stat.S_ISDIR: "a folder"}
    return next((name for test, name in kinds.items() if test(mode)), "not a plain file")


class NoAliasLoader(yaml.SafeLoader):
    """YAML without aliases: a sidecar is a few scalar facts, and aliases let a few hundred bytes
    expand to gigabytes (the "billion laughs")."""

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(
                None, None, "aliases (*name) are not allowed in a sidecar", event.start_mark
            )
        return super().compose_node(parent, index)  # type: ignore[no-untyped-call]


def load_sidecar(text: str) -> object:
    """A sidecar's YAML, aliases refused. With libyaml, its events are checked for aliases and the text then
    loaded, both in C (five times faster than NoAliasLoader, pure Python); without libyaml, NoAliasLoader."""
    loader = getattr(yaml, "CSafeLoader", None)
    if loader is None:
        return yaml.load(text, Loader=NoAliasLoader)  # noqa: S506 (a safe loader)
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, yaml.AliasEvent):
            mark = event.start_mark  # libyaml's mark, not PyYAML's: its line goes in the message
            line = mark.line + 1 if mark is not None else "?"
            raise yaml.composer.ComposerError(
                None, None, f"aliases (*name) are not allowed in a sidecar (line {line})"
            )
    return yaml.load(text, Loader=loader)  # noqa: S506 (a safe loader)


SIDECAR_LIMIT = 64 * 1024  # a sidecar is a few lines: site, url, publisher, retrieved


def sidecar_bytes(sidecar: Path) -> bytes:
    try:
        return read_regular(sidecar, SIDECAR_LIMIT)
    except IngestError as exc:
        raise IngestError(f"sidecar {sidecar.name}: {exc}") from None


def read_sidecar(path: Path) -> tuple[tuple[str, str], ...]:
    """Optional `NAME.meta.yml` beside a file: site, url, publisher, retrieved date (scalars)."""
    sidecar = path.with_name(path.name + SIDECAR_SUFFIX)
    if not os.path.lexists(sidecar):
        return ()
    try:
        data = load_sidecar(sidecar_bytes(sidecar).decode("utf-8")) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise IngestError(f"sidecar {sidecar.name} is not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise IngestError(f"sidecar {sidecar.name} must be a mapping of key: value")
    return tuple((str(k), str(v)) for k, v in data.items() if v is not None)


def source_of(path: Path, data: bytes, fmt: Format, name: str | None = None) -> Source:
    return Source(
        path=name or shown(path),
        sha256=hashlib.sha256(data).hexdigest(),
        format=fmt,
        size=len(data),
        meta=read_sidecar(path) if name is None else (),
    )


def ingest_bytes(data: bytes, suffix: str, name: str, path: Path | None = None) -> RawDocument:
    """Read bytes of a known kind; `path` (if any) is used for the sidecar."""
    fmt, read = reader_for(suffix)
    source = source_of(path or Path(name), data, fmt, None if path else name)
    if not data.strip():
        raise IngestError("empty file: nothing to read")
    raw = read(data)
    if not raw.text.strip():
        raise IngestError(NOTHING_READ[fmt])
    return RawDocument(
        source=source,
        text=raw.text,
        title=raw.title,
        pages=raw.pages,
        encoding=raw.encoding,
        page_count=raw.page_count,
        tables=raw.tables,
    )


# A reader that finds no text in a non-empty file: an error that says why, never an empty document.
NOTHING_READ: dict[str, str] = {
    "text": "no text, only blank lines and spaces",
    "html": "HTML page has no readable text (only scripts or markup?)",
    "pdf": "PDF has no text: no text layer, and its pages are blank or OCR read no words in them",
    "docx": "the Word file has no text (its paragraphs are empty): open it in Word and check its content",
}


def check_size(path: Path, size: int) -> None:
    text_like = READERS.get(path.suffix.lower(), ("", ""))[0] in ("text", "html")
    limit = MAX_TEXT_BYTES if text_like else MAX_BYTES
    if size > limit:
        kind = "a text" if text_like else "a file"
        raise IngestError(
            f"{kind} of {size / 2**20:.0f} MB, over the {limit // 2**20} MB limit: "
            "split it into one file per document"
        )


def ingest(path: Path) -> RawDocument:
    """Read one file into a RawDocument; raises IngestError for what cannot be read."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise IngestError(f"cannot open: {exc.strerror}") from exc
    check_size(path, size)
    data = read_regular(path, max(size, MAX_BYTES))
    check_size(path, len(data))  # grew since the stat
    return ingest_bytes(data, path.suffix, shown(path), path)


def is_document(path: Path) -> bool:
    """Whether a file under corpus/ is a document to ingest (not an annotation or sidecar)."""
    if path.name.startswith(".") or path.name.endswith(SIDECAR_SUFFIX):
        return False
    return path.suffix.lower() not in COMPANION_SUFFIXES


def iter_documents(paths: list[Path]) -> list[Path]:
    """Expand folders into the documents below them, in a stable order (see walk_corpus for the refused)."""
    return walk_corpus(paths).found


def walk_corpus(paths: list[Path]):  # type: ignore[no-untyped-def]
    """The documents below `paths` and the entries refused with their reasons (ingest/walk.py)."""
    from kehoach.ingest.walk import walk

    return walk(paths, is_document)
