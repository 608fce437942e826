"""The PDF loader on real PDFs: drawn with reportlab at test time, or from the shared corpus."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from reportlab.lib.pdfencrypt import StandardEncryption

from duban.base.errors import DubanError, E
from duban.base.model import RawPage
from duban.pipeline.loaders import pdf as pdf_loader
from duban.pipeline.loaders.pdf import is_garbled, load_pdf, remapped_alphabet
from duban.pipeline.loaders.pdf_layout import Line, PageDraft, furniture_key, is_page_number, strip_furniture
from duban.pipeline.loaders.pdf_tables import join_cell
from duban.pipeline.normalize import normalise
from tests.pdf_factory import image_pdf, outline_pdf, table_pdf, text_pdf, truncated

BODY = [
    ["关于做好2024年度人才工作的通知", "各区人民政府，市政府各部门：", "现将有关事项通知如下。"],
    [
        "一、加强组织领导，落实工作责任。",
        "二、完善配套政策，强化资金保障。",
        "三、健全考核机制，确保任务落地。",
    ],
    ["四、各单位于2024年12月底前报送进展情况。", "五、市人力资源和社会保障局负责督促检查。", "特此通知。"],
]
TASKS = [
    ["序号", "任务", "牵头单位", "完成时限"],
    ["1", "建立健全人才引进培养机制，完善配套政策措施", "市人力资源和社会保障局", "2024年12月底前"],
    ["2", "推进数字政府建设", "市政务服务数据管理局", "长期坚持"],
]
# Column widths (mm) that wrap no cell down to a single glyph: pdfium drops a lone glyph of the
# non-embedded STSong-Light font on machines without CJK system fonts, pdfplumber keeps it.
TASK_WIDTHS = [15, 55, 36, 40]


def _load(path: Path) -> list[RawPage]:
    return load_pdf(path, path.name).pages


def _error(path: Path) -> DubanError:
    with pytest.raises(DubanError) as caught:
        load_pdf(path, path.name)
    return caught.value


def _corpus(shared: Path, name: str) -> Path:
    path = shared / "corpus" / "pdf" / name
    if not path.exists():
        pytest.skip(f"{path} is not in the shared corpus")
    return path


# --- text ------------------------------------------------------------------------------------


def test_cjk_text_comes_out_per_page_in_order(tmp_path: Path) -> None:
    pages = _load(text_pdf(tmp_path / "t.pdf", BODY))
    assert [p.number for p in pages] == [1, 2, 3]
    assert pages[1].text.split("\n") == BODY[1]
    assert {p.extractor for p in pages} == {"pypdfium2"}
    assert all(p.trusted and not p.tables for p in pages)


# --- tables ----------------------------------------------------------------------------------


def test_ruled_table_is_read_as_rows_with_wrapped_cells_joined(tmp_path: Path) -> None:
    path = table_pdf(tmp_path / "t.pdf", "一、任务分工如下。", TASKS, "二、各单位要抓好落实。", TASK_WIDTHS)
    (page,) = _load(path)
    assert page.extractor == "pdfplumber"
    assert page.tables == [TASKS]
    lines = page.text.split("\n")
    row = "1 | 建立健全人才引进培养机制，完善配套政策措施 | 市人力资源和社会保障局 | 2024年12月底前"
    assert lines == [
        "一、任务分工如下。",
        *(" | ".join(r) for r in TASKS[:1]),
        row,
        " | ".join(TASKS[2]),
        "二、各单位要抓好落实。",
    ]


def test_table_text_is_not_repeated_outside_the_table(tmp_path: Path) -> None:
    (page,) = _load(table_pdf(tmp_path / "t.pdf", "前言。", TASKS, "结尾。", TASK_WIDTHS))
    assert page.text.count("推进数字政府建设") == 1
    assert page.text.count("市人力资源和社会保障") == 1


def test_a_ruled_frame_of_one_column_is_not_a_table(tmp_path: Path) -> None:
    rows = [["第一段正文，写在一个带边框的单元格里。"], ["第二段正文，同样带边框。"]]
    (page,) = _load(table_pdf(tmp_path / "t.pdf", "标题", rows, "结尾。", [150]))
    assert page.extractor == "pypdfium2", "no inner column rule, so pdfplumber is not even asked"
    assert page.tables == []
    assert "|" not in page.text
    assert "第二段正文，同样带边框。" in page.text


def test_a_table_split_over_pages_is_marked_as_continued(tmp_path: Path) -> None:
    rows = [TASKS[0]] + [
        [str(n), f"第{n}项重点任务的具体内容", "市发展改革委", "2025年底前"] for n in range(1, 61)
    ]
    pages = _load(table_pdf(tmp_path / "t.pdf", "任务清单如下。", rows, "以上任务须按期完成。", TASK_WIDTHS))
    assert len(pages) >= 2
    assert pages[1].tables and pages[1].tables[0][0][0] != "序号"
    assert "continues the table of page 1" in pages[1].note
    assert "序号 | 任务 | 牵头单位 | 完成时限" in pages[1].note
    assert sum(len(t) for p in pages for t in p.tables) == 61


def test_wrapped_cell_lines_join_without_newline() -> None:
    assert join_cell("内生（自\n身）安全\n风险") == "内生（自身）安全风险"
    assert join_cell("Proposed Model AI\nGovernance") == "Proposed Model AI Governance"
    assert join_cell(None) == ""


# --- headers, footers, page numbers ------------------------------------------------------------


@pytest.mark.parametrize(
    "footer",
    [
        lambda n: f"- {n} -",
        lambda n: f"-{n}-",
        lambda n: f"— {n} —",
        lambda n: f"第{n}页",
        lambda n: f"{n}/3",
    ],
    ids=["dash-spaced", "dash", "em-dash", "di-ye", "slash"],
)
def test_running_header_and_page_numbers_are_removed(tmp_path: Path, footer: Callable[[int], str]) -> None:
    pages = _load(text_pdf(tmp_path / "t.pdf", BODY, header="某某市人民政府办公室文件", footer=footer))
    assert [p.text.split("\n") for p in pages] == BODY


def test_browser_print_header_with_time_and_url_is_removed(tmp_path: Path) -> None:
    def footer(n: int) -> str:
        return f"https://www.gov.cn/zhengce/content_6891752.htm 第{n}/3页"

    path = text_pdf(tmp_path / "t.pdf", BODY, header="通知_中国政府网 2024/12/20 17:04", footer=footer)
    text = "\n".join(p.text for p in _load(path))
    assert "https://" not in text and "17:04" not in text
    assert text.split("\n") == [line for page in BODY for line in page]


def test_a_single_page_keeps_its_body_and_loses_its_header(tmp_path: Path) -> None:
    (page,) = _load(
        text_pdf(tmp_path / "t.pdf", BODY[:1], header="（此件公开发布）", footer=lambda n: f"- {n} -")
    )
    assert page.text.split("\n") == BODY[0]


def test_header_free_text_after_normalisation(tmp_path: Path) -> None:
    path = text_pdf(tmp_path / "t.pdf", BODY, header="（此件公开发布）", footer=lambda n: f"- {n} -")
    text = normalise(load_pdf(path, "t.pdf")).text
    assert "此件公开发布" not in text
    assert not re.search(r"-\s*\d\s*-", text)
    assert "特此通知。" in text


def test_page_number_shapes() -> None:
    for text in ["-1-", "- 12 -", "— 2 —", "第3页", "第 3 页 共 9 页", "1/5", "Page 2 of 7"]:
        assert is_page_number(text), text
    for text in ["2024/12/20", "第三条", "1.目标", "（二）"]:
        assert not is_page_number(text), text


def test_furniture_key_masks_numbers_only() -> None:
    assert furniture_key("第 3/8 页") == furniture_key("第 4/8 页")
    assert furniture_key("III") == furniture_key("12") == "#"
    assert furniture_key("人工智能安全治理框架") != furniture_key("人工智能安全治理原则")


def test_table_rows_are_never_furniture() -> None:
    pages = [
        PageDraft(
            n, [Line("条文 | 说明", table=0), Line(f"第{n}条 正文内容"), Line(f"说明{n}")], "pdfplumber"
        )
        for n in (1, 2, 3)
    ]
    strip_furniture(pages)
    assert all(page.lines[0].text == "条文 | 说明" for page in pages)


# --- no text, corrupt, encrypted ---------------------------------------------------------------


def test_image_only_pdf_has_no_text_layer(tmp_path: Path) -> None:
    error = _error(image_pdf(tmp_path / "scan.pdf", 3))
    assert error.kind is E.PDF_NO_TEXT
    assert error.fields["detail"] == "3 页，只有图片"


def test_text_drawn_as_outlines_has_no_text_layer(tmp_path: Path) -> None:
    error = _error(outline_pdf(tmp_path / "outlines.pdf", 2))
    assert error.kind is E.PDF_NO_TEXT
    assert "文字是矢量轮廓，没有字体" in error.message


@pytest.mark.parametrize("keep", [0.3, 0.9, 0.99])
def test_truncated_pdf_is_corrupt(tmp_path: Path, keep: float) -> None:
    whole = text_pdf(tmp_path / "whole.pdf", BODY)
    error = _error(truncated(whole, tmp_path / "cut.pdf", keep))
    assert error.kind is E.PDF_CORRUPT
    assert "文件不完整" in error.message and "%%EOF" in error.message


def test_not_a_pdf_is_corrupt(tmp_path: Path) -> None:
    path = tmp_path / "page.pdf"
    path.write_text("<html><body>不是PDF</body></html>", encoding="utf-8")
    error = _error(path)
    assert error.kind is E.PDF_CORRUPT
    assert "不是 PDF 文件" in error.message and "%PDF-" in error.message


def test_damaged_body_is_corrupt_not_a_traceback(tmp_path: Path) -> None:
    path = tmp_path / "junk.pdf"
    path.write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 40 + b"\n%%EOF\n")
    assert _error(path).kind is E.PDF_CORRUPT


def test_user_password_means_encrypted(tmp_path: Path) -> None:
    path = text_pdf(
        tmp_path / "locked.pdf", BODY[:1], encrypt=StandardEncryption("secret", ownerPassword="owner")
    )
    assert _error(path).kind is E.PDF_ENCRYPTED


def test_owner_password_only_opens(tmp_path: Path) -> None:
    protection = StandardEncryption("", ownerPassword="owner", canPrint=0, canCopy=0)
    (page,) = _load(text_pdf(tmp_path / "protected.pdf", BODY[:1], encrypt=protection))
    assert page.text.split("\n") == BODY[0]


# --- fonts that do not decode ------------------------------------------------------------------


def test_table_page_falls_back_to_pdfium_when_pdfplumber_gets_cids(tmp_path: Path) -> None:
    """pdfminer cannot decode reportlab's CID font once the file is encrypted; pdfium can."""
    import pdfplumber

    protection = StandardEncryption("", ownerPassword="owner")
    path = table_pdf(
        tmp_path / "t.pdf", "一、任务分工如下。", TASKS, "二、抓好落实。", TASK_WIDTHS, encrypt=protection
    )
    with pdfplumber.open(path) as pdf:
        if "(cid:" not in (pdf.pages[0].extract_text() or ""):
            pytest.skip("this pdfminer decodes the font; the fallback is not exercised")
    (page,) = _load(path)
    assert page.extractor == "pypdfium2"
    assert "(cid:" not in page.text
    assert page.tables == [TASKS]
    assert page.text.split("\n")[0] == "一、任务分工如下。"
    assert page.text.count("推进数字政府建设") == 1
    assert "could not decode" in page.note


def test_a_page_pdfium_garbles_is_read_by_pdfplumber(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """pdfium's reading is replaced by U+FFFD (as for a font it cannot map); pdfplumber's stands in."""
    real = pdf_loader._pdfium_draft

    def garbling(number: int, page: object, textpage: object) -> PageDraft:
        draft = real(number, page, textpage)  # type: ignore[arg-type]
        for line in draft.lines:
            line.text = "\ufffd" * len(line.text)
        return draft

    monkeypatch.setattr(pdf_loader, "_pdfium_draft", garbling)
    (page,) = _load(text_pdf(tmp_path / "t.pdf", BODY[:1]))
    assert page.extractor == "pdfplumber"
    assert page.text.split("\n") == BODY[0]
    assert "pypdfium2 could not decode" in page.note


def test_garbled_text_is_recognised() -> None:
    assert is_garbled("(cid:1796)(cid:2359)(cid:3795)(cid:2161)")
    assert is_garbled("\ufffd\ufffd\ufffd 和 \ufffd")
    assert not is_garbled("现将有关事项通知如下。" * 5 + "\ufffd")
    assert not is_garbled("• 要点一\n\uf0b7 要点二", private_use=False)


# --- untrusted text layers ---------------------------------------------------------------------

REMAPPED = ["犐犆犛３５．０８０", "犌犅／犜９３８５—２００８", "犆狅犿狆狌狋犲狉 狊狅犳狋狑犪狉犲"]


def test_remapped_latin_is_untrusted_and_a_wholly_untrusted_pdf_fails(tmp_path: Path) -> None:
    error = _error(text_pdf(tmp_path / "g.pdf", [REMAPPED]))
    assert error.kind is E.PDF_UNTRUSTED
    assert "拉丁字母被解码成了汉字" in error.message


def test_an_untrusted_page_keeps_its_text_and_the_others_stay_trusted(tmp_path: Path) -> None:
    pages = _load(text_pdf(tmp_path / "g.pdf", [REMAPPED, BODY[1], BODY[2]]))
    assert [p.trusted for p in pages] == [False, True, True]
    assert "犐犆犛" in pages[0].text
    assert "犐犆犛" in pages[0].note


def test_the_remapped_alphabet_detector_leaves_real_text_alone() -> None:
    traditional = (
        "第一條 為促進以人為本之人工智慧研發與應用，維護國民生命、身體、健康、安全及權利，提升國民生活福祉。"
    )
    rare_names = "会议由张喆、李堃、王珺同志主持，赵昇、钱玥同志参加。"
    assert remapped_alphabet([traditional * 3]) == frozenset()
    assert remapped_alphabet([rare_names, "\n".join(line for page in BODY for line in page)]) == frozenset()
    assert "犐" in remapped_alphabet(["\n".join(REMAPPED)])


def test_gov11_symbol_font_pages_are_untrusted(shared: Path) -> None:
    pages = _load(_corpus(shared, "gov11.pdf"))
    assert not pages[0].trusted
    assert "拉丁字母被解码成了汉字" in pages[0].note
    assert any(p.trusted for p in pages)
    assert all("犌犅／犜９３８５" not in p.text for p in pages[1:])


@pytest.mark.slow
@pytest.mark.parametrize(
    "name", ["gov01.pdf", "gov04.pdf", "gov06.pdf", "gov08.pdf", "gov10.pdf", "min01.pdf"]
)
def test_normal_corpus_documents_are_trusted(shared: Path, name: str) -> None:
    assert all(p.trusted for p in _load(_corpus(shared, name)))


# --- the shared corpus -------------------------------------------------------------------------


def test_vector_outline_scan_is_no_text(shared: Path) -> None:
    error = _error(_corpus(shared, "scan01.pdf"))
    assert error.kind is E.PDF_NO_TEXT
    assert error.fields["detail"] == "3 页，文字是矢量轮廓，没有字体"


def test_web_print_loses_its_furniture_and_its_layout_boxes(shared: Path) -> None:
    pages = _load(_corpus(shared, "gov06.pdf"))
    text = "\n".join(p.text for p in pages)
    assert "https://www.gov.cn" not in text and "2024/12/20" not in text
    assert all(p.tables == [] and p.extractor == "pypdfium2" for p in pages)


def test_comparison_table_continues_across_pages(shared: Path) -> None:
    pages = _load(_corpus(shared, "gov10.pdf"))
    assert pages[2].tables[0][0] == ["條文", "說明"]
    assert all("continues the table" in pages[n].note for n in range(3, 9))


@pytest.mark.slow
def test_dev_pdfs_match_their_texts_after_normalisation(shared: Path) -> None:
    folder = shared / "corpus" / "dev-pdf"
    if not folder.exists():
        pytest.skip(f"{folder} is not in the shared corpus")
    for path in sorted(folder.glob("*.pdf")):
        got = re.sub(r"\s+", "", normalise(load_pdf(path, path.name)).text)
        want = re.sub(
            r"\s+", "", (shared / "corpus" / "dev" / f"{path.stem}.txt").read_text(encoding="utf-8")
        )
        assert got == want, path.name
