"""Word 97-2003 (.doc) files are read without Word: the same text, table rows and measures as the
.docx they were converted from, fields and footnotes and headers handled, and every way a file
named .doc is something else or cannot be read is a catalogued error naming it.

The fixtures in tests/fixtures/doc are our own texts, written as .docx by python-docx and converted
by LibreOffice (`make_fixtures.py` there); `english-compressed.doc` holds 8-bit pieces."""

from __future__ import annotations

import email.message
import json
import shutil
import struct
from pathlib import Path

import olefile
import pytest
from typer.testing import CliRunner

from duban.base.errors import DubanError
from duban.base.model import RawDocument
from duban.pipeline.cli import app
from duban.pipeline.files import walk
from duban.pipeline.ingest import ingest
from duban.pipeline.loaders import doc as doc_loader
from duban.pipeline.loaders import load, loader_for
from duban.pipeline.normalize import normalise

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "doc"
NOTICE_DOC = FIXTURES / "notice.doc"
NOTICE_DOCX = FIXTURES / "notice.docx"
# Tracked changes in the notice: both loaders drop the deleted text and keep the inserted text, as
# Word shows them.
DELETED, INSERTED = "予以通报批评", "由县督查室督促整改"
runner = CliRunner()


def text(document: RawDocument) -> str:
    return normalise(document).text


def copy(source: Path, target: Path) -> Path:
    shutil.copyfile(source, target)
    return target


def with_fib_flags(source: Path, target: Path, set_bits: int) -> Path:
    """A copy of `source` with bits of the FIB's flags (FibBase offset 0x0A) set."""
    copy(source, target)
    with olefile.OleFileIO(str(target), write_mode=True) as ole:
        word = bytearray(ole.openstream("WordDocument").read())
        flags = struct.unpack_from("<H", word, 0x0A)[0]
        struct.pack_into("<H", word, 0x0A, flags | set_bits)
        ole.write_stream("WordDocument", bytes(word))
    return target


def error_of(path: Path) -> DubanError:
    with pytest.raises(DubanError) as caught:
        load(path)
    return caught.value


def test_the_doc_reads_as_the_docx_it_was_converted_from() -> None:
    doc, docx = load(NOTICE_DOC), load(NOTICE_DOCX)
    assert doc.format == "doc" and not doc.warnings
    assert text(doc) == text(docx) and INSERTED in text(docx)
    assert doc.pages[0].tables == docx.pages[0].tables


def test_table_rows_are_lines_of_cells_as_the_docx_loader_writes_them() -> None:
    lines = load(NOTICE_DOC).pages[0].text.splitlines()
    assert "序号 | 工作任务 | 责任单位 | 完成时限" in lines
    # a cell of two paragraphs is one value; an empty last cell is kept
    assert "2 | 更新老旧供水管网 | 县水利局各乡镇人民政府 | 2025年9月30日前" in lines
    assert "3 | 建立供水工程运行台账 | 县发展改革局 | " in lines
    # a unit merged down over the next task's row is that row's unit too, as python-docx reads it
    assert "4 | 公布农村供水服务电话 | 县发展改革局 | 2025年5月31日前" in lines
    (table,) = load(NOTICE_DOC).pages[0].tables
    assert [len(row) for row in table] == [4, 4, 4, 4, 4]


def test_a_table_inside_a_cell_reads_the_same_in_the_docx_and_the_doc(tmp_path: Path) -> None:
    """The nested table's cells are lines of the outer cell, joined into its value, in both
    loaders (python-docx's own cell text leaves the inner table out)."""
    import sys

    sys.path.insert(0, str(FIXTURES))
    from make_fixtures import NESTED_ROWS, nested

    source = tmp_path / "nested.docx"
    nested().save(str(source))
    from_docx, from_doc = text(load(source)), text(load(FIXTURES / "nested.doc"))
    assert from_docx == from_doc
    value = "责任分工如下：" + "".join(unit + due for unit, due in NESTED_ROWS)
    assert f"一、完成防汛物资清点。 | {value}" in from_docx.splitlines()


def test_fields_keep_their_result_and_notes_headers_and_deletions_are_not_body_text() -> None:
    body = load(NOTICE_DOC).pages[0].text
    assert "请登录督查工作平台填报；填报说明见县政府门户网站。" in body
    assert "HYPERLINK" not in body and "example.gov.cn" not in body
    assert "本通知所称" not in body  # the footnote
    assert "督查通知" not in body and "PAGE" not in body  # the header and its page number
    assert "联系人：县督查室综合科\n联系电话：" in body  # a line break
    assert DELETED not in body and f"逾期未报的，{INSERTED}。" in body
    assert not any(ch < " " and ch not in "\n\t" for ch in body)


def test_8bit_pieces_read_as_the_utf16_ones_and_the_docx() -> None:
    compressed = FIXTURES / "english-compressed.doc"
    _, streams = doc_loader._streams(compressed.read_bytes())
    word = streams["WordDocument"]
    _, places = doc_loader._fib_arrays(word)
    _, pieces = doc_loader._pieces(word, streams["1Table"], places[doc_loader._CLX], 10**6)
    assert {piece.width for piece in pieces} == {1}  # the fixture really has 8-bit pieces
    docx = load(FIXTURES / "english.docx")
    for name in ("english.doc", "english-compressed.doc"):
        document = load(FIXTURES / name)
        assert text(document) == text(docx)
        assert document.pages[0].tables == docx.pages[0].tables
    assert "the “safe roads” inspection – all towns take part…" in load(compressed).pages[0].text
    assert "Repair signs |  | Ongoing" in load(compressed).pages[0].text  # an empty middle cell


def measures(path: Path) -> list[tuple[str, list[str], list[str]]]:
    """Each measure `duban extract` finds in a file, with its units and deadlines (shared with the
    RTF and spreadsheet loaders' tests: every format of a task table must give the same)."""
    result = runner.invoke(app, ["extract", "--format", "jsonl", str(path)])
    assert result.exit_code == 0, result.output
    (record,) = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    return [
        (m["text"], sorted(u["name"] for u in m["units"]), [d["text"] for d in m["deadlines"]])
        for m in record["measures"]
    ]


def test_extract_finds_the_same_measures_units_and_deadlines_in_the_doc_and_the_docx() -> None:
    found = measures(NOTICE_DOC)
    assert found == measures(NOTICE_DOCX)
    assert ("开展水源地环境整治", ["县生态环境局"], ["2025年6月30日前"]) in found
    assert ("公布农村供水服务电话", ["县发展改革局"], ["2025年5月31日前"]) in found
    assert len(found) >= 6


def raw(characters: str) -> tuple[list[str], list[list[list[str]]]]:
    """Lines and tables of a main document's characters when no paragraph properties are known."""
    builder = doc_loader._Builder(guess_rows=True)
    piece = doc_loader._Piece(0, characters, 0, 2, 0)
    doc_loader._assemble(piece, [], doc_loader._Runs(), [], builder)
    builder.finish()
    return builder.lines, builder.tables


def test_nested_fields_keep_only_the_outer_result_and_anchors_are_dropped() -> None:
    lines, _ = raw('前\x13 IF \x13 PAGE \x141\x15 = 1 "甲" \x14甲\x15后\x01\x08\x02\r')
    assert lines == ["前甲后"]
    lines, _ = raw("见\x13 HYPERLINK \x14第\x13 PAGE \x142\x15页\x15。\x0c下一节\x0b第二行\x1e续\x1f完\r")
    assert lines == ["见第2页。", "下一节\n第二行-续完"]
    lines, _ = raw("\x13 TOC \r \x14目录\r\x15正文\r")
    assert lines == ["目录", "正文"]  # a paragraph mark inside a code is part of the code


def test_rows_are_guessed_when_paragraph_properties_are_missing() -> None:
    lines, tables = raw("表前\r任务\x07单位\x07\x07整治\x07县水利局\x07\x07表后\r")
    assert tables == [[["任务", "单位"], ["整治", "县水利局"]]]
    assert lines == ["表前", "任务 | 单位", "整治 | 县水利局", "表后"]


def test_a_renamed_spreadsheet_is_read_as_one_with_a_warning(tmp_path: Path) -> None:
    document = load(copy(FIXTURES / "sheet.xls", tmp_path / "任务表.doc"))
    assert document.format == "xls" and document.pages[0].text == "任务 | 责任单位\n水质检测 | 县水利局"
    assert "任务表.doc" in document.warnings[0] and "表格" in document.warnings[0]


def test_a_truncated_doc_is_a_damaged_word_file(tmp_path: Path) -> None:
    for size in (700, 9000, len(NOTICE_DOC.read_bytes()) - 3000):
        broken = tmp_path / f"截断{size}.doc"
        broken.write_bytes(NOTICE_DOC.read_bytes()[:size])
        error = error_of(broken)
        assert error.code == "E020", (size, error.message)
        assert broken.name in error.message and "Word 文件无法读取" in error.message


def test_a_password_protected_doc_says_so_and_what_to_do(tmp_path: Path) -> None:
    error = error_of(with_fib_flags(NOTICE_DOC, tmp_path / "加密.doc", 0x0100))
    assert error.code == "E023" and "加密.doc" in error.message and "密码" in error.message
    assert "另存为 .docx" in error.hint
    obfuscated = error_of(with_fib_flags(NOTICE_DOC, tmp_path / "混淆.doc", 0x8100))
    assert obfuscated.code == "E023" and "混淆" in obfuscated.message


def test_a_missing_table_stream_is_a_damaged_word_file(tmp_path: Path) -> None:
    copied = copy(NOTICE_DOC, tmp_path / "表流.doc")
    with olefile.OleFileIO(str(copied), write_mode=True) as ole:
        word = bytearray(ole.openstream("WordDocument").read())
        struct.pack_into("<H", word, 0x0A, struct.unpack_from("<H", word, 0x0A)[0] & ~0x0200)
        ole.write_stream("WordDocument", bytes(word))
    error = error_of(copied)
    assert error.code == "E020" and "0Table" in error.message and "表流.doc" in error.message


def test_a_doc_that_is_really_rtf_is_read_and_unknown_says_what_it_is(tmp_path: Path) -> None:
    rtf = tmp_path / "旧通知.doc"
    rtf.write_bytes(b"{\\rtf1\\ansi\\ansicpg936 \\'b9\\'d8\\'d3\\'da}")
    document = load(rtf)
    assert document.pages[0].text == "关于" and "RTF" in document.warnings[0]
    unknown = tmp_path / "乱码.doc"
    unknown.write_bytes(b"\x00\x01binary\xff" * 10)
    assert error_of(unknown).code == "E022"


def test_a_doc_that_is_really_a_slide_deck_is_read_as_one(tmp_path: Path) -> None:
    deck = Path(__file__).resolve().parent / "fixtures" / "pptx" / "report.pptx"
    read = load(copy(deck, tmp_path / "汇报材料.doc"))
    assert read.format == load(deck).format and text(read) == text(load(deck))
    assert "汇报材料.doc" in read.warnings[0] and "PowerPoint" in read.warnings[0]


def test_a_doc_that_is_really_a_docx_html_or_web_archive_is_read_with_its_loader(tmp_path: Path) -> None:
    docx = load(copy(NOTICE_DOCX, tmp_path / "改名.doc"))
    assert docx.format == "docx" and text(docx) == text(load(NOTICE_DOCX))
    assert "实际是 .docx 文件" in docx.warnings[0] and "改名.doc" in docx.warnings[0]
    page = "<html><body><p>关于做好防汛工作的通知</p><table><tr><td>县水利局</td><td>6月底前</td></tr></table></body></html>"
    html = tmp_path / "网页.doc"
    html.write_bytes(page.encode("gb18030"))
    read = load(html)
    assert read.format == "html" and "关于做好防汛工作的通知" in read.pages[0].text
    assert "县水利局 | 6月底前" in read.pages[0].text and "网页" in read.warnings[0]
    message = email.message.EmailMessage()
    message["MIME-Version"] = "1.0"
    message.set_content(page, subtype="html", charset="utf-8", cte="quoted-printable")
    archive = tmp_path / "导出.doc"
    archive.write_bytes(message.as_bytes())
    read = load(archive)
    assert "关于做好防汛工作的通知" in read.pages[0].text and "MHTML" in read.warnings[0]


def test_wps_and_dot_files_in_words_format_are_read(tmp_path: Path) -> None:
    expected = text(load(NOTICE_DOC))
    for name in ("通知.wps", "模板.dot", "模板.wpt", "大写.DOC"):
        assert text(load(copy(NOTICE_DOC, tmp_path / name))) == expected
    assert loader_for(".WPS") is not None and loader_for(".dot") is not None


def test_a_wps_in_its_own_format_keeps_the_hint_to_convert_it(tmp_path: Path) -> None:
    old = tmp_path / "旧格式.wps"
    old.write_bytes(b"WPS\x00old format" * 20)
    error = error_of(old)
    assert error.code == "E003" and "soffice" in error.hint and "旧格式.wps" in error.message
    copy(NOTICE_DOC, tmp_path / "新格式.wps")
    found = walk([tmp_path], recursive=False)
    assert [f.relative for f in found.files] == ["新格式.wps"]
    assert [(path.name, error.code) for path, error in found.skipped] == [("旧格式.wps", "E003")]


def test_ingest_takes_a_doc_in_a_folder(tmp_path: Path) -> None:
    folder = tmp_path / "batch"
    folder.mkdir()
    copy(NOTICE_DOC, folder / "通知.doc")
    (folder / "说明.txt").write_text("各单位要于2025年6月底前报送材料。", encoding="utf-8")
    report = ingest([folder], index_url=f"sqlite:///{tmp_path}/index.db", progress=False)
    assert (report.ingested, report.failures, report.skipped) == (2, [], [])
    assert report.measures >= 6


def test_a_doc_that_is_really_a_pdf_is_read_as_one(tmp_path: Path) -> None:
    from tests.pdf_factory import text_pdf

    pdf = text_pdf(tmp_path / "扫描件.doc", [["关于做好防汛工作的通知", "县水利局要于6月底前完成排查。"]])
    read = load(pdf)
    assert read.format == "pdf" and "县水利局要于6月底前完成排查" in read.pages[0].text
    assert "PDF" in read.warnings[0] and "扫描件.doc" in read.warnings[0]
