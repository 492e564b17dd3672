"""Hostile files for issue 22, one generator per attack: each writes its file(s) into `folder` and returns
the path a test looks for. `python -m tests.hostile.generators DIR` writes them all (a hostile corpus to
mix into a real one by hand)."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

from tests.conftest import CORPUS, SEED

BULLETIN = sorted(SEED.glob("*.txt"))[0]  # a real bulletin from corpus/seed


def non_utf8_name(folder: Path) -> Path:
    """A bulletin whose file name is Latin-1 bytes, as unzipped from a Windows archive (issue 22, item 1)."""
    path = folder / os.fsdecode(b"k\xe9 ho\xb9ch.txt")
    shutil.copyfile(BULLETIN, path)
    return path


def _bulletin(folder: Path, name: str) -> Path:
    path = folder / name
    shutil.copyfile(BULLETIN, path)
    return path


def sidecar_fifo(folder: Path) -> Path:
    """A FIFO named like a sidecar: reading it waits forever for a writer (item 2)."""
    path = _bulletin(folder, "fifo.txt")
    os.mkfifo(folder / "fifo.txt.meta.yml")
    return path


def sidecar_dev_zero(folder: Path) -> Path:
    """A sidecar that is a symlink to /dev/zero: endless bytes (item 2)."""
    path = _bulletin(folder, "zero.txt")
    (folder / "zero.txt.meta.yml").symlink_to("/dev/zero")
    return path


# The "billion laughs": 9 levels of 9 aliases, 10^9 strings from a few hundred bytes (item 2).
ALIAS_BOMB = "\n".join(
    ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    + [f"{b}: &{b} [{','.join(['*' + a] * 9)}]" for a, b in zip("abcdefgh", "bcdefghi", strict=True)]
    + ["site: *i", ""]
)


def sidecar_alias_bomb(folder: Path) -> Path:
    path = _bulletin(folder, "laughs.txt")
    (folder / "laughs.txt.meta.yml").write_text(ALIAS_BOMB, encoding="utf-8")
    return path


def sidecar_huge(folder: Path) -> Path:
    """A 5 MB sidecar: a sidecar is a few lines (item 2)."""
    path = _bulletin(folder, "huge.txt")
    (folder / "huge.txt.meta.yml").write_text("site: " + "x" * 5_000_000 + "\n", encoding="utf-8")
    return path


def javascript_url(folder: Path) -> Path:
    """A sidecar whose url is a script (item 5): it must stay text, never become a live link."""
    path = _bulletin(folder, "js-url.txt")
    (folder / "js-url.txt.meta.yml").write_text(
        "site: 'JaVaScRiPt:alert(document.domain)'\nurl: 'JaVaScRiPt:alert(document.domain)'\n"
    )
    return path


def symlink_outside(folder: Path, outside: Path | None = None) -> Path:
    """A link from inside the corpus to a file outside it (item 5: /etc/hostname got published); `outside`
    is a folder outside the corpus (default: beside `folder`, for a `folder` that is the corpus root)."""
    outside = outside or folder.parent / f"outside-{folder.name}"
    outside.mkdir(parents=True, exist_ok=True)
    secret = outside / f"secret-{folder.name}.txt"
    secret.write_bytes(BULLETIN.read_bytes() + b"\nBi mat.\n")
    link = folder / "secret.txt"
    link.symlink_to(secret)
    return link


def symlink_loop(folder: Path) -> Path:
    """Two links to each other (item 5)."""
    (folder / "loop-b.txt").symlink_to(folder / "loop-a.txt")
    (folder / "loop-a.txt").symlink_to(folder / "loop-b.txt")
    return folder / "loop-a.txt"


def folder_loop(folder: Path) -> Path:
    """A link to the folder it sits in: a walk that follows it never ends (item 5)."""
    (folder / "again").symlink_to(folder)
    return folder / "again"


def fifo_document(folder: Path) -> Path:
    """A FIFO named like a bulletin (item 5)."""
    os.mkfifo(folder / "fifo-doc.txt")
    return folder / "fifo-doc.txt"


def broken_symlink(folder: Path) -> Path:
    (folder / "gone.txt").symlink_to(folder / "no-such-file.txt")
    return folder / "gone.txt"


# Texts that make extractors work hard (item 4): dense symbols with no full stop or line break, where a
# look back for the sentence's start used to scan to the beginning of the text for every symbol.
DENSE = [
    "113/KH-UBND ",
    "Căn cứ Quyết định số 1/QĐ-TTg ngày 1/1/2021 của Thủ tướng Chính phủ, ",
    "a) Tăng tỷ lệ lên 95% vào năm 2025; ",
]


def dense_text(fragment: str, size: int) -> bytes:
    """`fragment` repeated to `size` characters, as UTF-8."""
    return (fragment * (size // len(fragment) + 1))[:size].encode("utf-8")


def dense_symbols(folder: Path) -> Path:
    path = folder / "dense-symbols.txt"
    path.write_bytes(dense_text(DENSE[0], 1_000_000))
    return path


def docx_of_empty_paragraphs(folder: Path, paragraphs: int = 400_000) -> Path:
    """A small .docx (the XML compresses ~1000:1) of repeated empty <w:p/> (item 6: 16 KB took 125 s)."""
    import zipfile

    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    ctypes = (
        '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
        "</Types>"
    )
    rels = (
        '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'officeDocument" Target="word/document.xml"/></Relationships>'
    )
    body = f'<?xml version="1.0"?><w:document xmlns:w="{w}"><w:body>' + "<w:p/>" * paragraphs
    path = folder / "empty-paragraphs.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", ctypes)
        z.writestr("_rels/.rels", rels)
        z.writestr("word/document.xml", body + "</w:body></w:document>")
    return path


INK = b"0 0 0 rg 60 60 200 300 re f"  # a black rectangle: a page with ink and no text layer


def pdf_document(pages: list[tuple[float, float]], content: bytes = b"") -> bytes:
    """A PDF of pages of the given sizes (points), each drawn with `content` (empty: blank pages), with a
    correct cross-reference table."""
    count = len(pages)
    kids = b" ".join(b"%d 0 R" % (3 + 2 * i) for i in range(count))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, count),
    ]
    for i, (width, height) in enumerate(pages):
        page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %g %g] /Contents %d 0 R >>"
        stream = b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content)
        objects += [page % (width, height, 4 + 2 * i), stream]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def pdf_huge_mediabox(folder: Path) -> Path:
    """A blank one-page PDF of 4500 x 4500 pt (item 6: its OCR at 300 dpi took 6.7 GB)."""
    path = folder / "huge-mediabox.pdf"
    path.write_bytes(pdf_document([(4500, 4500)]))
    return path


def pdf_blank_pages(folder: Path, pages: int = 40) -> Path:
    """A PDF of blank A4 pages without a text layer (item 6: each was OCR'd, at 0.8 s a page)."""
    path = folder / "blank-pages.pdf"
    path.write_bytes(pdf_document([(595, 842)] * pages))
    return path


def pdf_inked_scan(folder: Path, pages: int = 3, size: tuple[float, float] = (595, 842)) -> Path:
    """Pages with ink and no text layer, as a scan looks to the reader (item 6: the OCR budget)."""
    path = folder / "inked-scan.pdf"
    path.write_bytes(pdf_document([size] * pages, INK))
    return path


def truncated_pdf(folder: Path) -> Path:
    """A real PDF cut at 80 % with "%%EOF" pasted on (item 9: poppler read part of it without a word)."""
    data = (CORPUS / "pdf" / "kh-hoi-nghi-ctmtqg-ma-tuy-p1.pdf").read_bytes()
    path = folder / "cut.pdf"
    path.write_bytes(data[: len(data) * 8 // 10] + b"\n%%EOF\n")
    return path


def random_html(folder: Path) -> Path:
    """Random bytes named .html (item 9: the message asked whether it was a .txt)."""
    path = folder / "random.html"
    path.write_bytes(bytes(range(256)) * 8)
    return path


def nested_divs(folder: Path, size: int = 1_000_000) -> Path:
    """1 MB of nested <div> (item 6: 120 s, out of reach of the alarm)."""
    path = folder / "nested-divs.html"
    path.write_bytes(b"<html><body>" + b"<div>" * (size // 5) + b"x")
    return path


GENERATORS: dict[str, Callable[[Path], Path]] = {
    "non_utf8_name": non_utf8_name,
    "sidecar_fifo": sidecar_fifo,
    "sidecar_dev_zero": sidecar_dev_zero,
    "sidecar_alias_bomb": sidecar_alias_bomb,
    "sidecar_huge": sidecar_huge,
    "dense_symbols": dense_symbols,
    "javascript_url": javascript_url,
    "symlink_outside": symlink_outside,
    "symlink_loop": symlink_loop,
    "folder_loop": folder_loop,
    "fifo_document": fifo_document,
    "broken_symlink": broken_symlink,
    "docx_of_empty_paragraphs": docx_of_empty_paragraphs,
    "pdf_huge_mediabox": pdf_huge_mediabox,
    "pdf_blank_pages": pdf_blank_pages,
    "nested_divs": nested_divs,
    "pdf_inked_scan": pdf_inked_scan,
    "truncated_pdf": truncated_pdf,
    "random_html": random_html,
}


if __name__ == "__main__":  # pragma: no cover
    out = Path(sys.argv[1])
    for name, make in GENERATORS.items():
        (out / name).mkdir(parents=True, exist_ok=True)
        print(name, make(out / name))
