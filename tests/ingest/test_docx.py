"""pipeline/ingest/docx.py on .docx files built here with python-docx, numbering part and all.

The issue: "python-docx does not expose automatic list numbering: recover '1.', 'a)' from the
numbering part, since tasks depend on it"; ".doc converted through LibreOffice headless if it is
installed, a clear error otherwise".
"""

from __future__ import annotations

import io
import re
import shutil
import zipfile

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from kehoach.ingest import IngestError
from kehoach.ingest.docx import format_number, read, read_doc

# Lists the way Word writes them for a plan: "I." headings, "1." items with "a)" sub-items, a list
# restarted with "Restart numbering" (a num with a startOverride) and a "-" bullet list.
ABSTRACT_NUMS = f"""
<w:abstractNum {nsdecls("w")} w:abstractNumId="90">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%2)"/></w:lvl>
  <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="(%3)"/>
    <w:suff w:val="space"/></w:lvl>
</w:abstractNum>
<w:abstractNum {nsdecls("w")} w:abstractNumId="91">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/></w:lvl>
</w:abstractNum>
<w:abstractNum {nsdecls("w")} w:abstractNumId="93">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="-"/></w:lvl>
</w:abstractNum>
"""
NUMS = f"""
<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>
<w:num {nsdecls("w")} w:numId="91"><w:abstractNumId w:val="91"/></w:num>
<w:num {nsdecls("w")} w:numId="92"><w:abstractNumId w:val="90"/>
  <w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>
<w:num {nsdecls("w")} w:numId="93"><w:abstractNumId w:val="93"/></w:num>
"""

PLAN = [  # (numId, ilvl, typed text) -> the line read() should give
    ("91", 0, "MỤC ĐÍCH, YÊU CẦU", "I. MỤC ĐÍCH, YÊU CẦU"),
    ("90", 0, "Mục đích", "1. Mục đích"),
    ("90", 1, "Nâng cao nhận thức về bảo vệ trẻ em.", "a) Nâng cao nhận thức về bảo vệ trẻ em."),
    ("90", 1, "Tăng cường phối hợp liên ngành.", "b) Tăng cường phối hợp liên ngành."),
    ("90", 2, "Giảm tỷ lệ trẻ em bị xâm hại.", "(1) Giảm tỷ lệ trẻ em bị xâm hại."),
    ("90", 0, "Yêu cầu", "2. Yêu cầu"),
    ("90", 1, "Bám sát nhiệm vụ được giao.", "a) Bám sát nhiệm vụ được giao."),
    (None, 0, "Đoạn văn thường, không đánh số.", "Đoạn văn thường, không đánh số."),
    ("91", 0, "NHIỆM VỤ VÀ GIẢI PHÁP", "II. NHIỆM VỤ VÀ GIẢI PHÁP"),
    ("92", 0, "Tuyên truyền, phổ biến.", "1. Tuyên truyền, phổ biến."),
    ("92", 0, "Kiểm tra, giám sát.", "2. Kiểm tra, giám sát."),
    ("93", 0, "Sở Lao động - Thương binh và Xã hội.", "- Sở Lao động - Thương binh và Xã hội."),
]


def add_numbering(document: docx.document.Document) -> None:
    numbering = document.part.numbering_part.element
    first_num = numbering.find(f"{{{numbering.nsmap['w']}}}num")
    for abstract in parse_xml(f"<w:x {nsdecls('w')}>{ABSTRACT_NUMS}</w:x>"):
        first_num.addprevious(abstract)  # the schema wants every abstractNum before the nums
    for num in parse_xml(f"<w:x {nsdecls('w')}>{NUMS}</w:x>"):
        numbering.append(num)


def numbered(document: docx.document.Document, text: str, num_id: str | None, ilvl: int) -> None:
    paragraph = document.add_paragraph(text)
    if num_id is not None:
        num_pr = f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'
        paragraph._p.get_or_add_pPr().append(parse_xml(num_pr))


def docx_bytes(document: docx.document.Document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.fixture(scope="module")
def plan_docx() -> bytes:
    document = docx.Document()
    add_numbering(document)
    for num_id, ilvl, text, _ in PLAN:
        numbered(document, text, num_id, ilvl)
    document.add_paragraph("Theo kiểu List Number của Word.", style="List Number")
    table = document.add_table(rows=2, cols=3)
    for cell, text in zip(table.rows[0].cells, ["STT", "Nhiệm vụ", "Đơn vị chủ trì"], strict=True):
        cell.text = text
    for cell, text in zip(table.rows[1].cells, ["1", "Rà soát thủ tục hành chính", "Sở Nội vụ"], strict=True):
        cell.text = text
    return docx_bytes(document)


def test_automatic_numbers_come_back_in_front_of_paragraphs(plan_docx: bytes) -> None:
    lines = read(plan_docx).text.split("\n")
    assert lines[: len(PLAN)] == [expected for *_, expected in PLAN]


def test_numbering_inherited_from_a_list_style_is_shown(plan_docx: bytes) -> None:
    assert "1. Theo kiểu List Number của Word." in read(plan_docx).text.split("\n")


def test_table_rows_are_lines_with_cells_joined_by_bars(plan_docx: bytes) -> None:
    lines = read(plan_docx).text.split("\n")
    assert lines[-2:] == ["STT | Nhiệm vụ | Đơn vị chủ trì", "1 | Rà soát thủ tục hành chính | Sở Nội vụ"]


def test_a_line_break_inside_a_cell_keeps_the_row_on_one_line() -> None:
    """Word's Shift+Enter inside a cell (a task's title over its description, corpus/gold/2482.docx's
    election timetable) stays inside the cell, so the deadline cell stays on its row."""
    document = docx.Document()
    table = document.add_table(rows=2, cols=3)
    header = ["TT", "Nội dung công việc", "Ngày chậm nhất phải hoàn thành"]
    for cell, value in zip(table.rows[0].cells, header, strict=True):
        cell.text = value
    table.rows[1].cells[0].text = "1"
    run = table.rows[1].cells[1].paragraphs[0].add_run("Triển khai công tác bầu cử ở tỉnh")
    run.add_break()
    run.add_text("Triệu tập hội nghị trực tuyến.")
    table.rows[1].cells[2].text = "21/01/2021"
    lines = read(docx_bytes(document)).text.split("\n")
    assert lines[-1] == "1 | Triển khai công tác bầu cử ở tỉnh Triệu tập hội nghị trực tuyến. | 21/01/2021"


def test_a_docx_without_lists_reads_as_its_paragraphs() -> None:
    document = docx.Document()
    document.add_paragraph("KẾ HOẠCH")
    document.add_paragraph("Triển khai công tác cải cách hành chính năm 2026")
    assert read(docx_bytes(document)).text == "KẾ HOẠCH\nTriển khai công tác cải cách hành chính năm 2026"


def without_numbering_part(data: bytes) -> bytes:
    """The .docx without word/numbering.xml, as Word saves a document that never had a list."""
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            if item.filename != "word/numbering.xml":
                content = re.sub(rb"<(Relationship|Override) [^>]*numbering[^>]*/>", b"", source.read(item))
                target.writestr(item, content)
    return out.getvalue()


def test_a_docx_without_a_numbering_part_reads() -> None:
    document = docx.Document()
    document.add_paragraph("Kính gửi: Ủy ban nhân dân tỉnh")
    assert read(without_numbering_part(docx_bytes(document))).text == "Kính gửi: Ủy ban nhân dân tỉnh"


@pytest.mark.parametrize(
    "value,number_format,shown",
    [
        (4, "upperRoman", "IV"),
        (14, "lowerRoman", "xiv"),
        (3, "lowerLetter", "c"),
        (27, "lowerLetter", "aa"),  # Word repeats the letter after z
        (2, "upperLetter", "B"),
        (7, "decimalZero", "07"),
        (5, "ordinal", "5"),  # formats we do not spell out print as numbers
    ],
)
def test_number_formats(value: int, number_format: str, shown: str) -> None:
    assert format_number(value, number_format) == shown


@pytest.mark.parametrize("data", [b"not a zip", b"PK\x03\x04 cut short", b"%PDF-1.7\n"], ids=repr)
def test_what_is_not_a_docx_is_an_ingest_error(data: bytes) -> None:
    with pytest.raises(IngestError, match="not a readable .docx"):
        read(data)


HAS_LIBREOFFICE = bool(shutil.which("soffice") or shutil.which("libreoffice"))


@pytest.mark.skipif(HAS_LIBREOFFICE, reason="LibreOffice is installed")
def test_doc_without_libreoffice_says_what_to_install() -> None:
    with pytest.raises(IngestError, match="needs LibreOffice to convert it: install libreoffice-writer"):
        read_doc(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))  # an OLE2 (Word 97-2003) header
