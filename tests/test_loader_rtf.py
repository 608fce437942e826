"""RTF files (Word's and WPS's “另存为 RTF”) are read without Word: the same text, table rows and
measures as the .docx they were converted from, code pages and Unicode escapes decoded, what is
not body text left out, and a file that is not RTF or is broken a catalogued error naming it.

tests/fixtures/rtf/notice.rtf is tests/fixtures/doc/notice.docx converted by LibreOffice
(`soffice --headless --convert-to rtf`: it writes every Chinese character as `\\uN`);
gbk.rtf (`\\'hh` bytes in GBK and Big5 fonts) and unicode.rtf (`\\uN`, `\\ucN`) are written by
hand, as WPS and older Word versions write them."""

from __future__ import annotations

import shutil
from pathlib import Path

from duban.pipeline.files import walk
from duban.pipeline.loaders import load, loader_for, unsupported_remedy
from duban.pipeline.loaders.rtf import MAX_DEPTH, read_rtf
from tests.test_loader_doc import error_of, measures, text

FIXTURES = Path(__file__).resolve().parent / "fixtures"
NOTICE_RTF = FIXTURES / "rtf" / "notice.rtf"
NOTICE_DOCX = FIXTURES / "doc" / "notice.docx"


def lines_of(rtf: str) -> tuple[list[str], list[list[list[str]]]]:
    lines, tables, _ = read_rtf(rtf.encode("ascii"), "测试.rtf")
    return lines, tables


def test_the_rtf_reads_as_the_docx_it_was_converted_from() -> None:
    rtf, docx = load(NOTICE_RTF), load(NOTICE_DOCX)
    assert rtf.format == "rtf" and not rtf.warnings
    assert text(rtf) == text(docx)
    assert rtf.pages[0].tables == docx.pages[0].tables
    lines = rtf.pages[0].text.splitlines()
    assert "序号 | 工作任务 | 责任单位 | 完成时限" in lines
    # a unit merged down over the next task's row is that row's unit too, as python-docx reads it
    assert "4 | 公布农村供水服务电话 | 县发展改革局 | 2025年5月31日前" in lines


def test_fields_keep_their_result_and_notes_headers_and_deletions_are_not_body_text() -> None:
    body = load(NOTICE_RTF).pages[0].text
    assert "请登录督查工作平台填报；填报说明见县政府门户网站。" in body
    assert "HYPERLINK" not in body and "PAGE" not in body
    assert "本通知所称" not in body and "督查通知" not in body  # the footnote, the header
    assert "联系人：县督查室综合科\n联系电话：" in body  # a line break
    assert "予以通报批评" not in body and "逾期未报的，由县督查室督促整改。" in body  # tracked changes
    assert "Times New Roman" not in body and "Default Page Style" not in body


def test_extract_finds_the_same_measures_units_and_deadlines_in_the_rtf_and_the_docx() -> None:
    found = measures(NOTICE_RTF)
    assert found == measures(NOTICE_DOCX)
    assert ("开展水源地环境整治", ["县生态环境局"], ["2025年6月30日前"]) in found
    assert len(found) >= 6


def test_code_page_bytes_decode_by_the_fonts_charset_and_the_documents_code_page() -> None:
    document = load(FIXTURES / "rtf" / "gbk.rtf")
    assert document.pages[0].text.splitlines() == [
        "关于做好汛期安全工作的通知",
        "县水利局于2025年6月30日前完成堤防巡查。",  # a character's two bytes across a line end
        "各鄉鎮負責，Café",  # a Big5 font (\fcharset136), GBK again, a Western font (\fcharset0)
    ]
    assert "标题不是正文" not in document.pages[0].text and "宋体" not in document.pages[0].text


def test_unicode_escapes_skip_their_fallback_characters() -> None:
    lines = load(FIXTURES / "rtf" / "unicode.rtf").pages[0].text.splitlines()
    # negative codes (`\u-27321` is 镇), `\uc2` two fallback bytes, tab, non-breaking space, em dash
    assert lines == ["各乡镇人民政府：", "加强巡查\t责任单位\u00a0县应急局\u2014"]


def test_a_character_beyond_the_basic_plane_is_a_pair_of_escapes() -> None:
    assert lines_of(r"{\rtf1\ansi \u-10175?\u-9214? \u-10179?x\par}")[0] == ["\U00020402 \ufffdx"]


def test_the_default_code_page_is_western() -> None:
    assert lines_of(r"{\rtf1\ansi Caf\'e9 \'93ok\'94\par}")[0] == ["Café “ok”"]
    assert lines_of(r"{\rtf1\ansi\ansicpg950 \'a6\'55\par}")[0] == ["各"]


def test_tables_merges_and_nested_cells_read_as_the_docx_loader_writes_rows() -> None:
    rtf = (
        r"{\rtf1\ansi\ansicpg936 \pard \'b1\'ed\par"
        r"\trowd\cellx1000\clmgf\cellx2000\clmrg\cellx3000\cellx4000"
        r"\pard\intbl 1\cell AB\par CD\cell\cell {\field{\*\fldinst HYPERLINK x}{\fldrslt E}}\cell\row"
        r"\trowd\clvmgf\cellx1000\cellx4000\pard\intbl U\cell x\cell\row"
        r"\trowd\clvmrg\cellx1000\cellx4000\pard\intbl \cell y{\*\nesttableprops z}\nestcell w\nestcell\nestrow\cell\row"
        r"\pard after\par"
        r"\trowd\cellx1000\pard\intbl alone\cell\row}"
    )
    lines, tables = lines_of(rtf)
    assert lines == ["表", "1 | ABCD | E", "U | x", "U | yw", "after", "alone"]
    assert tables == [[["1", "ABCD", "E"], ["U", "x"], ["U", "yw"]], [["alone"]]]


def test_what_is_not_body_text_is_left_out() -> None:
    rtf = (
        r"{\rtf1\ansi{\fonttbl{\f0 Arial;}}{\colortbl;\red0\green0\blue0;}{\stylesheet{\s0 Normal;}}"
        r"{\header head}{\footer foot}{\*\bkmkstart b}{\pict\bin4 {{{{ 00}"
        r"{\listtext 1.\tab}{\pntext 2.}{\object{\*\objdata 01}{\result R}}"
        r"\pard body{\footnote note}\par}"
    )
    assert lines_of(rtf)[0] == ["body"]


def test_a_file_named_rtf_that_is_not_rtf_says_so(tmp_path: Path) -> None:
    fake = tmp_path / "假文件.rtf"
    fake.write_bytes(b"PK\x03\x04 not rtf at all")
    error = error_of(fake)
    assert error.code == "E015" and "假文件.rtf" in error.message and "扩展名" in error.hint


def test_a_truncated_or_too_deeply_nested_rtf_is_a_damaged_file(tmp_path: Path) -> None:
    cut = tmp_path / "截断.rtf"
    cut.write_bytes(NOTICE_RTF.read_bytes()[:5000])
    error = error_of(cut)
    assert error.code == "E016" and "截断.rtf" in error.message and "截断" in error.message
    deep = tmp_path / "嵌套.rtf"
    deep.write_bytes(b"{\\rtf1 " + b"{" * (MAX_DEPTH + 10) + b"x" + b"}" * (MAX_DEPTH + 11))
    error = error_of(deep)
    assert error.code == "E016" and f"{MAX_DEPTH} 层" in error.message
    last = tmp_path / "缺括号.rtf"
    last.write_bytes(b"{\\rtf1\\ansi text\\par")
    document = load(last)
    assert document.pages[0].text == "text" and "缺少最后的右花括号" in document.warnings[0]


def test_a_doc_that_is_really_rtf_is_read_with_a_warning(tmp_path: Path) -> None:
    disguised = tmp_path / "旧通知.doc"
    shutil.copyfile(NOTICE_RTF, disguised)
    document = load(disguised)
    assert document.format == "rtf" and text(document) == text(load(NOTICE_DOCX))
    assert "实际是 RTF 文档" in document.warnings[0] and "旧通知.doc" in document.warnings[0]


def test_rtf_is_a_type_duban_reads_and_others_keep_their_hint(tmp_path: Path) -> None:
    assert loader_for(".RTF") is not None
    shutil.copyfile(NOTICE_RTF, tmp_path / "通知.rtf")
    (tmp_path / "文稿.pages").write_bytes(b"x")
    found = walk([tmp_path], recursive=False)
    assert [f.relative for f in found.files] == ["通知.rtf"]
    assert "soffice" in unsupported_remedy(".wps") and ".rtf" in unsupported_remedy(".xyz")


def test_bytes_outside_any_font_are_in_the_default_fonts_code_page() -> None:
    rtf = r"{\rtf1\ansi\deff1{\fonttbl{\f0\fcharset0 Arial;}{\f1\fcharset134 SimSun;}}\'b9\'d8{\f0 Caf\'e9}\plain\'d3\'da\par}"
    assert lines_of(rtf)[0] == ["关Café于"]
